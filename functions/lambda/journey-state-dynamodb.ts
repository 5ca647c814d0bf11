// The Lambda's journey state in a DynamoDB table: one item per journey (partition key the journey's id, sort key
// `state`), its state as JSON and a version number. Why DynamoDB and not the SSM parameters it replaces: SSM has no
// conditional put, so two runs that read the same version both put, and the loser's lease could overwrite the
// winner's journal until the winner's next write (docs/decisions/journey-state-write-ahead.md). Here every write is a
// PutItem with a ConditionExpression on the version it read ("the write succeeds only if the condition evaluates to
// true"; otherwise DynamoDB answers ConditionalCheckFailedException and writes nothing: DynamoDB developer guide,
// "Condition expressions"), the optimistic locking aws-powertools' idempotency layer builds on: of two runs that read
// version N, exactly one writes N+1, and the other's state never lands.
//
// Reads are strongly consistent (ConsistentRead), so a run reads the last claim. A state that cannot be read (no
// JSON object, a version that is not a number) is copied aside as its own item, `damaged#<hash>`, which the table's
// TTL removes after DAMAGED_KEPT_MS (an SSM parameter's 100 versions last hours), and is replaced by the careful state.
// A journey the table holds nothing of yet reads the SSM parameters it lived in before, once: the first claim
// carries that state over, and the parameters are read no more (docs/deploying.md, "Journey state"). That claim then
// deletes them: they are String parameters holding the DT device cookie in plain text, where the table keeps it under
// a key only the probe may use (docs/decisions/device-cookie-securestring.md). A delete that fails leaves a mark on the
// item it follows (`ssmLeft`), so the next claim, in whichever sandbox reads that item, deletes them again before its
// own write and keeps the mark only while they may remain; the state is safe in the table either way.
// Static named imports: esbuild keeps only these commands of the client.
import { DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { DAY_MS, JOURNEY_STATE_ITEM as STATE_ITEM, JOURNEY_TABLE } from '../contract';
import type { JourneyState } from '../probe/sign-in/state';
import { StoreError, type JourneyStateStore, type StoredState } from '../probe/sign-in/store';
import { fitted, SSM_CALL_TIMEOUT_MS, type SsmStateStore } from './journey-state-ssm';
import { retryThrottled } from './throttled';

/** How long a damaged state is kept aside for inspection: a quarter, far past any incident's review. */
export const DAMAGED_KEPT_MS = 90 * DAY_MS;
/**
 * DynamoDB's throttling answers: a throttled request wrote nothing ("The AWS SDKs for DynamoDB automatically retry
 * requests that receive this exception", API reference, PutItem errors), so it is sent again after a back-off.
 */
const THROTTLED: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);
/** How often the holder's final write tries again when another run claimed the version it read. */
const WRITE_TRIES = 3;

const { partitionKey, sortKey, version: VERSION, state: STATE, expires, ssmLeft: SSM_LEFT } = JOURNEY_TABLE;
type Item = Record<string, AttributeValue>;

interface DynamoStateStoreOptions {
  /** maxAttempts 1: a write retried blind after a lost answer would fail its own condition (throttles aside). */
  readonly client?: DynamoDBClient;
  /**
   * Where the journeys' state lived before the table (the SSM parameters): read once for a journey it lacks, and
   * forgotten once the table holds it.
   */
  readonly carriedFrom?: Pick<SsmStateStore, 'read' | 'forget'>;
  readonly now?: () => number;
}

export function createDynamoStateStore(table: string, options: DynamoStateStoreOptions = {}): JourneyStateStore {
  const items = journeyItems(table, options.client ?? new DynamoDBClient({ maxAttempts: 1 }));
  const now = options.now ?? Date.now;
  const old = oldParameters(options.carriedFrom);
  /** The state written as `version` + 1, only if the item is still at `version`: false when another run wrote first. */
  const claim = async (id: string, version: number, state: JourneyState): Promise<boolean> => {
    // The first claim carries the old parameters' state over, so it deletes them only once its write has landed. A
    // later one finds them marked by a claim whose delete failed, and deletes them before its write, which then
    // keeps the mark only if this delete failed too.
    const carrying = version === 0 && options.carriedFrom !== undefined;
    const left = !carrying && old.marked(id, version) && !(await old.forget(id));
    const item = {
      ...items.key(id),
      [VERSION]: { N: String(version + 1) },
      [STATE]: { S: fitted(state) },
      ...((carrying || left) && { [SSM_LEFT]: { BOOL: true } }),
    };
    try {
      await items.put(item, versionCondition(version));
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
    // What this write left is what the next claim of this sandbox, made without a read, finds.
    old.saw(id, item);
    if (carrying) await old.forget(id);
    return true;
  };
  /** An item read, its mark noted for the claim of its version. */
  const seen = (id: string, item: Item): Item => {
    old.saw(id, item);
    return item;
  };
  return {
    where: (id) => `the DynamoDB table ${table} (journey ${id})`,
    async read(id) {
      const item = await items.get(id);
      if (item === undefined) return carriedOver(options.carriedFrom, id);
      const read = readItem(seen(id, item));
      if ('state' in read) return read;
      const aside = await keepAside(items, id, item, now());
      return { state: undefined, version: read.version, damaged: `${read.damaged}; ${aside}` };
    },
    claim,
    async write(id, state) {
      for (let i = 0; i < WRITE_TRIES; i += 1) {
        const item = await items.get(id);
        if (await claim(id, item === undefined ? 0 : readItem(seen(id, item)).version, state)) return;
      }
      throw new StoreError(`${table}: other runs kept claiming journey ${id} (${WRITE_TRIES} tries)`);
    },
  };
}

/**
 * A journey's state as the table holds it, read and nothing else: for `passkey enroll --stack`, which reports what the
 * deployed runs counted. A damaged item is told, never kept aside or replaced: that is the probe's, under its lease.
 */
export async function peekDynamoState(table: string, id: string, client: DynamoDBClient): Promise<StoredState> {
  const item = await journeyItems(table, client).get(id);
  if (item === undefined) return { state: undefined, version: 0 };
  const read = readItem(item);
  return 'state' in read ? read : { state: undefined, version: read.version, damaged: read.damaged };
}

/** The table's two calls, each on its own timeout, a throttled one sent again. */
function journeyItems(table: string, client: DynamoDBClient) {
  const key = (id: string, item: string = STATE_ITEM): Item => ({ [partitionKey]: { S: id }, [sortKey]: { S: item } });
  return {
    table,
    key,
    get: async (id: string): Promise<Item | undefined> =>
      (
        await retryThrottled(
          (abortSignal) =>
            client.send(new GetItemCommand({ TableName: table, Key: key(id), ConsistentRead: true }), { abortSignal }),
          THROTTLED,
          SSM_CALL_TIMEOUT_MS,
        )
      ).Item,
    put: (item: Item, condition?: Condition): Promise<unknown> =>
      retryThrottled(
        (abortSignal) =>
          client.send(new PutItemCommand({ TableName: table, Item: item, ...condition }), { abortSignal }),
        THROTTLED,
        SSM_CALL_TIMEOUT_MS,
      ),
  };
}

/**
 * A copy of a damaged item in an item of its own, named by its content (one damage is kept once), which the table's
 * TTL removes after DAMAGED_KEPT_MS; where to read it, or why it could not be kept.
 */
async function keepAside(items: ReturnType<typeof journeyItems>, id: string, item: Item, now: number): Promise<string> {
  const aside = `damaged#${createHash('sha256').update(JSON.stringify(item)).digest('hex').slice(0, 12)}`;
  const until = now + DAMAGED_KEPT_MS;
  try {
    await items.put({ ...item, ...items.key(id, aside), [expires]: { N: String(Math.floor(until / 1000)) } });
    const key = JSON.stringify(items.key(id, aside));
    return (
      `kept for inspection until ${new Date(until).toISOString().slice(0, 10)} as the item ${aside}: ` +
      `aws dynamodb get-item --table-name ${items.table} --key '${key}'`
    );
  } catch (error) {
    return `it could not be copied aside (${(error as { name?: string }).name ?? 'error'})`;
  }
}

type Condition = Pick<
  ConstructorParameters<typeof PutItemCommand>[0],
  'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

/**
 * The condition of a write over `version`: the item still holds it; for 0, no item yet, or one whose version is no
 * version (not a number, or out of range: a damaged item, replaced as such).
 */
function versionCondition(version: number): Condition {
  return version === 0
    ? {
        ConditionExpression: 'attribute_not_exists(#v) OR NOT attribute_type(#v, :n) OR #v < :one OR #v > :most',
        ExpressionAttributeNames: { '#v': VERSION },
        ExpressionAttributeValues: { ':n': { S: 'N' }, ':one': { N: '1' }, ':most': { N: String(MOST_VERSION) } },
      }
    : {
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': VERSION },
        ExpressionAttributeValues: { ':v': { N: String(version) } },
      };
}

/** The highest version read as one: past it, a number no longer counts exactly. */
const MOST_VERSION = Number.MAX_SAFE_INTEGER;

/** An item as a stored state, read as hostile input: its version a number, its state a JSON object, else damaged. */
function readItem(item: Item): { state: JourneyState; version: number } | { damaged: string; version: number } {
  const number = Number(item[VERSION]?.N ?? Number.NaN);
  const version = number >= 1 && number <= MOST_VERSION ? number : 0;
  if (version === 0) return { damaged: `its ${VERSION} is not a version number`, version };
  let state: unknown;
  try {
    state = JSON.parse(item[STATE]?.S ?? '');
  } catch {
    state = undefined;
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state))
    return { damaged: `its ${STATE} holds no JSON object`, version };
  return { state: state as JourneyState, version };
}

/**
 * The old parameters of the journeys whose state the table now holds: which items read carry the mark of a failed
 * delete (by journey, the version read), and their deletion, which never throws: the claim it serves stands either way.
 * A journey this sandbox deleted them of needs no second delete when it later reads the mark its own claim left.
 */
function oldParameters(from: Pick<SsmStateStore, 'forget'> | undefined) {
  const markedAt = new Map<string, number>();
  const deleted = new Set<string>();
  return {
    saw(id: string, item: Item): void {
      const version = Number(item[VERSION]?.N);
      if (item[SSM_LEFT]?.BOOL === true && Number.isSafeInteger(version)) markedAt.set(id, version);
      else markedAt.delete(id);
    },
    /** Whether the item read at `version` says they may remain, and this sandbox has not deleted them since. */
    marked: (id: string, version: number): boolean => markedAt.get(id) === version && !deleted.has(id),
    /** True once they are gone (a name already gone is gone), false when SSM or the role refused. */
    async forget(id: string): Promise<boolean> {
      if (from === undefined) return true;
      try {
        await from.forget(id);
        deleted.add(id);
        return true;
      } catch {
        // Marked on the item: SSM throttled or unreachable past the retries, or the role lacks the permission.
        deleted.delete(id);
        return false;
      }
    },
  };
}

/**
 * A journey the table holds nothing of: the state the SSM parameters kept before the table (version 0, so that the
 * first claim carries it over as the table's first write), or none.
 */
async function carriedOver(from: Pick<JourneyStateStore, 'read'> | undefined, id: string): Promise<StoredState> {
  if (from === undefined) return { state: undefined, version: 0 };
  const old = await from.read(id);
  return {
    state: old.state,
    version: 0,
    ...(old.damaged !== undefined && { damaged: `${old.damaged}, found when carrying it over to DynamoDB` }),
  };
}
