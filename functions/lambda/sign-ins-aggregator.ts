// The sign-ins aggregator Lambda: batches of Okta's Log Streaming events from the stack's SQS queue (up to 10,000 a
// batch, gathered for up to a minute, so an event is never an invocation of its own) tallied per minute
// (probe/system-log/sign-in-stream.ts) and written to the tallies table, where the probe's user-sign-ins check reads
// its window. A batch's parts are named by a hash of its message ids: SQS delivers at least once, and a batch delivered
// again overwrites its own items instead of counting twice. Okta delivers each event at least once too ("an event may
// be sent multiple times", help.okta.com "Log Streaming"), and a copy may come in another batch: each batch records the
// hashed uuids it counted per minute (beside its tallies, expiring with them), and the next batch reads those of its
// minutes first and counts none of them again. Two batches aggregated at the same instant may still both count one
// event (neither has written yet); Okta's copies come with its retries, seconds apart. A failed write reports the whole
// batch as failed (ReportBatchItemFailures) and SQS delivers it again; after maxReceiveCount it goes to the dead-letter
// queue.
import { createHash } from 'node:crypto';
import { SIGN_IN_EXCLUDED_ENV, SIGN_IN_TALLIES_TABLE_ENV } from '../contract';
import type { SignInTallyStore } from '../kept-state';
import {
  minutesOf,
  readBatch,
  snapshotParts,
  tallyBatch,
  type StreamMessage,
} from '../probe/system-log/sign-in-stream';

/** Part of a DynamoDB item's 400 KB a tally may fill: the key, the TTL and JSON's own escapes stay under the rest. */
const MAX_PART_BYTES = 350 * 1024;
/** Hashed uuids one item of counted events holds: 13 bytes each, under the same 350 KB. */
const UUIDS_PER_ITEM = 25_000;
/**
 * Uuids counted by earlier batches a batch holds, at most: a window's minutes of an org of 100,000 sign-in events an
 * hour are about 30,000; past this many (a flood, or a table someone else filled) the rest are not read, and only
 * their duplicates would count twice. About 80 bytes each in memory: 16 MB of the function's 512.
 */
const MAX_COUNTED = 200_000;

/** The SQS event Lambda passes (only what is read of it). */
interface SqsBatch {
  readonly Records?: readonly { readonly messageId?: unknown; readonly body?: unknown }[];
}

/** ReportBatchItemFailures' answer: the messages SQS must deliver again. */
interface BatchAnswer {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

let store: SignInTallyStore | undefined;
let excluded: ReadonlySet<string> | undefined;

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
 * The hashed uuids other batches counted in `minutes` (this batch's own, from an earlier delivery of it, are not:
 * its parts are overwritten, never added to), at most MAX_COUNTED.
 */
async function countedBefore(tallies: SignInTallyStore, minutes: number[], batch: string): Promise<Set<string>> {
  const counted = new Set<string>();
  for (const { part, uuids } of await tallies.counted(minutes)) {
    if (part.startsWith(`${batch}#`) || !Array.isArray(uuids)) continue;
    for (const uuid of uuids) {
      if (counted.size >= MAX_COUNTED) return counted;
      if (typeof uuid === 'string' && uuid.length <= 16) counted.add(uuid);
    }
  }
  return counted;
}

/** The batch tallied and written, with the store given (tests) or the stack's table. */
export async function aggregate(event: SqsBatch, tallies: SignInTallyStore, now = Date.now()): Promise<BatchAnswer> {
  const messages: StreamMessage[] = (event.Records ?? []).map((r) => ({
    messageId: typeof r.messageId === 'string' ? r.messageId : '',
    body: typeof r.body === 'string' ? r.body : '',
  }));
  excluded ??= excludedLogins();
  const read = readBatch(messages, excluded, now);
  const id = createHash('sha256')
    .update(messages.map((m) => m.messageId).join('\n'))
    .digest('base64url')
    .slice(0, 22);
  let parts = 0;
  let batch: ReturnType<typeof tallyBatch>;
  try {
    batch = tallyBatch(read, await countedBefore(tallies, minutesOf(read), id));
    for (const [minute, tally] of batch.minutes) {
      const written = snapshotParts(tally.snapshot(), MAX_PART_BYTES);
      const uuids = batch.counted.get(minute) ?? [];
      const marks = Array.from({ length: Math.ceil(uuids.length / UUIDS_PER_ITEM) }, (_, n) =>
        uuids.slice(n * UUIDS_PER_ITEM, (n + 1) * UUIDS_PER_ITEM),
      );
      await Promise.all([
        ...written.map((part, n) => tallies.write(minute, `${id}#${n}`, part)),
        ...marks.map((list, n) => tallies.markCounted(minute, `${id}#${n}`, list)),
      ]);
      parts += written.length;
    }
  } catch (error) {
    console.log(JSON.stringify({ level: 'ERROR', message: 'tallies not written', error: String(error) }));
    return { batchItemFailures: messages.map((m) => ({ itemIdentifier: m.messageId })) };
  }
  const { events, malformed, outOfRange, duplicates } = batch;
  const minutes = batch.minutes.size;
  console.log(JSON.stringify({ level: 'INFO', events, malformed, outOfRange, duplicates, minutes, parts }));
  return { batchItemFailures: [] };
}

export async function handler(event: SqsBatch): Promise<BatchAnswer> {
  const table = process.env[SIGN_IN_TALLIES_TABLE_ENV];
  if (!table) throw new Error(`${SIGN_IN_TALLIES_TABLE_ENV} is not set: the stack names the tallies table`);
  store ??= (await import('./sign-in-tallies-dynamodb')).createDynamoSignInTallyStore(table);
  return aggregate(event, store);
}
