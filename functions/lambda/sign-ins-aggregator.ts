// The sign-ins aggregator Lambda: batches of Okta's Log Streaming events from the stack's SQS queue (up to 10,000 a
// batch, gathered for up to a minute, so an event is never an invocation of its own) tallied per minute
// (probe/system-log/sign-in-stream.ts) and written to the tallies table, where the probe's user-sign-ins check reads
// its window. A batch's parts are named by a hash of its message ids: SQS delivers at least once, and a batch
// delivered again overwrites its own items instead of counting twice. A failed write reports the whole batch as
// failed (ReportBatchItemFailures) and SQS delivers it again; after maxReceiveCount it goes to the dead-letter queue.
import { createHash } from 'node:crypto';
import { SIGN_IN_EXCLUDED_ENV, SIGN_IN_TALLIES_TABLE_ENV } from '../contract';
import type { SignInTallyStore } from '../kept-state';
import { snapshotParts, tallyBatch, type StreamMessage } from '../probe/system-log/sign-in-stream';

/** Part of a DynamoDB item's 400 KB a tally may fill: the key, the TTL and JSON's own escapes stay under the rest. */
const MAX_PART_BYTES = 350 * 1024;

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

/** The batch tallied and written, with the store given (tests) or the stack's table. */
export async function aggregate(event: SqsBatch, tallies: SignInTallyStore, now = Date.now()): Promise<BatchAnswer> {
  const messages: StreamMessage[] = (event.Records ?? []).map((r) => ({
    messageId: typeof r.messageId === 'string' ? r.messageId : '',
    body: typeof r.body === 'string' ? r.body : '',
  }));
  excluded ??= excludedLogins();
  const batch = tallyBatch(messages, excluded, now);
  const id = createHash('sha256')
    .update(messages.map((m) => m.messageId).join('\n'))
    .digest('base64url')
    .slice(0, 22);
  let parts = 0;
  try {
    for (const [minute, tally] of batch.minutes) {
      const written = snapshotParts(tally.snapshot(), MAX_PART_BYTES);
      await Promise.all(written.map((part, n) => tallies.write(minute, `${id}#${n}`, part)));
      parts += written.length;
    }
  } catch (error) {
    console.log(JSON.stringify({ level: 'ERROR', message: 'tallies not written', error: String(error) }));
    return { batchItemFailures: messages.map((m) => ({ itemIdentifier: m.messageId })) };
  }
  const { events, malformed, outOfRange } = batch;
  console.log(JSON.stringify({ level: 'INFO', events, malformed, outOfRange, minutes: batch.minutes.size, parts }));
  return { batchItemFailures: [] };
}

export async function handler(event: SqsBatch): Promise<BatchAnswer> {
  const table = process.env[SIGN_IN_TALLIES_TABLE_ENV];
  if (!table) throw new Error(`${SIGN_IN_TALLIES_TABLE_ENV} is not set: the stack names the tallies table`);
  store ??= (await import('./sign-in-tallies-dynamodb')).createDynamoSignInTallyStore(table);
  return aggregate(event, store);
}
