// The sign-ins aggregator Lambda: batches of Okta's Log Streaming events from the stack's SQS queue (up to 10,000 a
// batch, gathered for up to a minute, so an event is never an invocation of its own) tallied per minute
// (probe/system-log/sign-in-stream.ts) and written to the tallies table, where the probe's user-sign-ins check reads
// its window. Every event is counted exactly once. Okta delivers each at least once ("an event may be sent multiple
// times", help.okta.com "Log Streaming"); SQS too, and Lambda's poller hands several batches to concurrent
// aggregators, and a failed batch comes again as messages in new groupings (Lambda developer guide, "Using Lambda with
// Amazon SQS"). So a batch commits each of its minutes in one conditional transaction (sign-in-tallies-dynamodb.ts):
// it reads what the minute's commits counted and its version, tallies only the events none counted, and writes the
// tallies with their hashed uuids only while the version is unchanged; when another batch committed first, nothing
// was written and it reads again. A batch that fails anyway is reported whole (ReportBatchItemFailures): its minutes
// already committed count none of its events again on the next delivery. After maxReceiveCount it goes to the
// dead-letter queue. Why a transaction per minute and not a conditional write per event, and what it costs:
// docs/decisions/sign-in-stream.md.
// With "provisioning", the same rule carries the provisioning event types and PROVISIONING_KEY_SECRET names the
// ledger's hashing key: each provisioning event is reduced at once by the provisioning core's reader (the user a keyed
// hash under that key, the reason its class) and stored in the same transaction as its minute's tallies, so it is
// stored exactly once too, under the minute its batch arrived, so a late delivery is read however old its events; the
// probe reads the reductions, and polls the log only to fill what the stream lost (docs/provisioning.md).
// With "integrationHealth" (INTEGRATION_STREAM_ENV), the rule carries the integrations' events: each is reduced by the
// integration check's reader and stored folded, a count per minute and integration, never a row a message
// (probe/integrations/stream.ts, docs/integration-health.md).
import {
  INTEGRATION_STREAM_ENV,
  PROVISIONING_KEY_SECRET_ENV,
  SIGN_IN_EXCLUDED_ENV,
  SIGN_IN_TALLIES_TABLE_ENV,
} from '../contract';
import type { CountedMinute, SignInTallyStore } from '../kept-state';
import { invocationLogger, type InvocationIds } from './log';
import type { Logger } from '../text/logger';
import {
  minutesOf,
  readBatch,
  snapshotParts,
  tallyBatch,
  type OtherReader,
  type StreamMessage,
} from '../probe/system-log/sign-in-stream';
import { userHasher } from '../probe/provisioning/events';
import { streamedProvisioningEvent } from '../probe/provisioning/stream';
import { foldIntegrationCounts, streamedIntegrationEvent } from '../probe/integrations/stream';

/** Part of a DynamoDB item's 400 KB a tally may fill: the key, the TTL and JSON's own escapes stay under the rest. */
const MAX_PART_BYTES = 350 * 1024;
/** Hashed uuids one item of counted events holds: 13 bytes each, under the same 350 KB. */
const UUIDS_PER_ITEM = 25_000;
/**
 * Provisioning reductions one item holds: at most about 1,200 bytes each in JSON (a 120-character label escaped, ids
 * of 64), so 250 stay under the same 350 KB.
 */
const OTHERS_PER_ITEM = 250;
/**
 * Times a batch reads a minute again after another batch committed to it first: batches run a few at once, so a
 * minute is rarely contended more than once; past this the batch fails and SQS delivers it again.
 */
const MAX_COMMIT_ATTEMPTS = 8;
/**
 * Uuids earlier commits counted in a minute that a batch holds, at most: a minute of an org of 100,000 sign-in events
 * an hour is about 1,700; past this many (a flood, or a table someone else filled) the rest are not read, and only
 * their duplicates would count twice. About 80 bytes each in memory: 16 MB of the function's 512.
 */
const MAX_COUNTED = 200_000;

/** Said when a minute's earlier commits were read in part: its duplicates are then a floor, its tallies may be over. */
const COUNTED_IN_PART = 'earlier commits read in part: a copy of an event only the unread ones counted may count twice';

/** The SQS event Lambda passes (only what is read of it). */
interface SqsBatch {
  readonly Records?: readonly { readonly messageId?: unknown; readonly body?: unknown }[];
}

/** ReportBatchItemFailures' answer: the messages SQS must deliver again. */
interface BatchAnswer {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

/**
 * What this sandbox keeps from one batch to the next, as the probe's handler keeps its own: made at init, so a cold
 * start starts from nothing. The module holds nothing else that changes after init.
 */
interface Sandbox {
  store?: SignInTallyStore;
  excluded?: ReadonlySet<string>;
  provisioning?: OtherReader;
  /** The provisioning ledger's hashing key once read: a secret every invocation's logger registers. */
  ledgerKey?: string;
  /** This invocation's logger, made anew by each (its request id, the ledger's key registered). */
  log: Logger;
}

const sandbox: Sandbox = { log: invocationLogger(undefined) };

/** The synthetic users' logins the stack names, lower-cased as the probe compares them. */
function excludedLogins(): ReadonlySet<string> {
  try {
    const list: unknown = JSON.parse(process.env[SIGN_IN_EXCLUDED_ENV] ?? '[]');
    return new Set(Array.isArray(list) ? list.filter((l) => typeof l === 'string').map((l) => l.toLowerCase()) : []);
  } catch {
    return new Set();
  }
}

/**
 * The hashed uuids a minute's commits counted (read back as hostile input), at most MAX_COUNTED: `complete` false when
 * that bound, or the store's, left some unread.
 */
function countedSet(before: CountedMinute): { uuids: Set<string>; complete: boolean } {
  const counted = new Set<string>();
  for (const uuids of before.uuids) {
    if (!Array.isArray(uuids)) continue;
    for (const uuid of uuids) {
      if (counted.size >= MAX_COUNTED) return { uuids: counted, complete: false };
      if (typeof uuid === 'string' && uuid.length > 0 && uuid.length <= 16) counted.add(uuid);
    }
  }
  return { uuids: counted, complete: before.complete };
}

/** A list cut into pieces of at most `size`. */
function chunks<T>(list: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(list.length / size) }, (_, n) => list.slice(n * size, (n + 1) * size));
}

/**
 * What committing a minute did: its events counted before (duplicates), the tally parts written, and whether the
 * earlier commits were read in part (1: a copy of an event only the unread ones counted may have counted again).
 */
interface MinuteCommitted {
  readonly duplicates: number;
  readonly parts: number;
  readonly retries: number;
  readonly countedInPart: number;
}

/**
 * One minute of the batch committed: the events no commit counted yet, tallied and written with their uuids while the
 * minute's version is the one read, read again when another batch committed first.
 */
async function commitMinute(
  tallies: SignInTallyStore,
  read: ReturnType<typeof readBatch>,
  minute: number,
  arrived: number,
): Promise<MinuteCommitted> {
  const mine = { ...read, entries: read.entries.filter((e) => e.minute === minute) };
  for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt += 1) {
    const before = await tallies.counted(minute);
    if (!Number.isSafeInteger(before.version) || before.version < 0)
      throw new Error(`minute ${minute}'s head holds no version: ${tallies.where()} was written by someone else`);
    const known = countedSet(before);
    const tallied = tallyBatch(mine, known.uuids);
    const done = { duplicates: tallied.duplicates, retries: attempt, countedInPart: known.complete ? 0 : 1 };
    const tally = tallied.minutes.get(minute);
    if (tally === undefined) return { ...done, parts: 0 };
    const parts = snapshotParts(tally.snapshot(), MAX_PART_BYTES);
    const counted = tallied.counted.get(minute) ?? [];
    const uuids = chunks(counted, UUIDS_PER_ITEM);
    // Integration events are counts per minute and integration, never a row a message; marked with the commit.
    const others = chunks(foldIntegrationCounts(tallied.others.get(minute) ?? [], counted[0]), OTHERS_PER_ITEM);
    if ((await tallies.commit(minute, before.version, parts, uuids, others, arrived)) === 'committed')
      return { ...done, parts: parts.length };
  }
  throw new Error(`minute ${minute}: other batches committed first ${MAX_COMMIT_ATTEMPTS} times`);
}

/**
 * The provisioning core's reader of a streamed event, hashing users under `key` (the ledger's, so a streamed leaver
 * and a polled one are the same hash): what the aggregator stores of a provisioning event.
 */
export function provisioningReader(key: string): OtherReader {
  const hash = userHasher(key);
  return (detail) => {
    const read = streamedProvisioningEvent(detail, hash);
    return read !== undefined && 'skipped' in read ? 'skipped' : read;
  };
}

/** The integration check's reader of a streamed event: a row of one event, folded into counts before it is stored. */
export const integrationReader: OtherReader = streamedIntegrationEvent;

/** The readers one after the other: the first that knows the event reduces it. */
export function eitherReader(...readers: readonly (OtherReader | undefined)[]): OtherReader | undefined {
  const present = readers.filter((r): r is OtherReader => r !== undefined);
  if (present.length <= 1) return present[0];
  return (detail) => {
    for (const read of present) {
      const reduced = read(detail);
      if (reduced !== undefined) return reduced;
    }
    return undefined;
  };
}

/**
 * The batch tallied and written, with the store given (tests) or the stack's table; `other` stores the provisioning
 * events' reductions too (provisioningReader), when the stack streams them.
 */
export async function aggregate(
  event: SqsBatch,
  tallies: SignInTallyStore,
  now = Date.now(),
  other?: OtherReader,
): Promise<BatchAnswer> {
  const messages: StreamMessage[] = (event.Records ?? []).map((r) => ({
    messageId: typeof r.messageId === 'string' ? r.messageId : '',
    body: typeof r.body === 'string' ? r.body : '',
  }));
  sandbox.excluded ??= excludedLogins();
  const read = readBatch(messages, sandbox.excluded, now, other);
  let committed: MinuteCommitted[];
  try {
    // The batch's reductions are stored under the minute it came: the probe reads them by arrival.
    const arrived = Math.floor(now / 60_000);
    committed = await Promise.all(minutesOf(read).map((minute) => commitMinute(tallies, read, minute, arrived)));
  } catch (error) {
    sandbox.log.error('tallies not written', { error: String(error) });
    return { batchItemFailures: messages.map((m) => ({ itemIdentifier: m.messageId })) };
  }
  const sum = (key: keyof MinuteCommitted): number => committed.reduce((n, c) => n + c[key], 0);
  const { events, malformed, outOfRange, otherSkipped } = read;
  const [duplicates, parts, retries, minutes] = [sum('duplicates'), sum('parts'), sum('retries'), committed.length];
  const countedInPart = sum('countedInPart');
  const counts = { events, malformed, outOfRange, otherSkipped, duplicates, minutes, parts, retries, countedInPart };
  if (countedInPart > 0) sandbox.log.warn(COUNTED_IN_PART, { countedInPart });
  sandbox.log.info('batch aggregated', counts);
  return { batchItemFailures: [] };
}

/** The ledger's hashing key, from the secret the stack names. */
async function provisioningKey(secret: string): Promise<string> {
  const [{ SecretsManagerClient }, { readKey }] = await Promise.all([
    import('@aws-sdk/client-secrets-manager'),
    import('./provisioning-dynamodb'),
  ]);
  return readKey(new SecretsManagerClient({ maxAttempts: 2 }), secret);
}

export async function handler(event: SqsBatch, context?: InvocationIds): Promise<BatchAnswer> {
  const log = (sandbox.log = invocationLogger(context));
  const table = process.env[SIGN_IN_TALLIES_TABLE_ENV];
  if (!table) throw new Error(`${SIGN_IN_TALLIES_TABLE_ENV} is not set: the stack names the tallies table`);
  sandbox.store ??= (await import('./sign-in-tallies-dynamodb')).createDynamoSignInTallyStore(table);
  const secret = process.env[PROVISIONING_KEY_SECRET_ENV];
  // Read once a sandbox; a key that cannot be read fails the batch whole, and SQS delivers it again.
  if (secret && sandbox.provisioning === undefined) {
    try {
      sandbox.ledgerKey = await provisioningKey(secret);
      sandbox.provisioning = provisioningReader(sandbox.ledgerKey);
    } catch (error) {
      log.error('provisioning key not read', { error: String(error) });
      return { batchItemFailures: (event.Records ?? []).map((r) => ({ itemIdentifier: String(r.messageId) })) };
    }
  }
  if (sandbox.ledgerKey !== undefined) log.registerSecrets([sandbox.ledgerKey]);
  const integrations = process.env[INTEGRATION_STREAM_ENV] === '1' ? integrationReader : undefined;
  return aggregate(event, sandbox.store, Date.now(), eitherReader(sandbox.provisioning, integrations));
}
