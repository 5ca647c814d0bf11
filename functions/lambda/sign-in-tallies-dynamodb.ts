// The per-minute tallies of real users' sign-ins from Okta's Log Streaming, in a DynamoDB table of the stack: an item
// per minute, commit and part (partition key the minute, sort key `<commit>#<n>`), its TallySnapshot as JSON,
// expiring by the table's TTL an hour after its minute; beside each minute, in a partition of its own, the hashed
// uuids each commit counted and the minute's head, its version (Okta's Log Streaming delivers an event at least once,
// and SQS hands batches to several aggregators at once and delivers a failed one again in new groupings). Those expire
// by when they arrived, never by their minute: a minute's events may be 90 days old, and by their minute the record
// would expire as it is written, so a copy delivered again would be stored twice. A batch commits a minute in one
// TransactWriteItems: the head moved from the version it read to the next, conditionally, with the tallies and uuids
// of the events no earlier commit counted. Either all of it is written or none, and a batch that read an older version
// writes nothing ('conflict') and reads again: each event is counted exactly once.
// Why a table of its own and not the journeys' or the SAML groups': its writer is another function, which may write
// these items and no others (IAM on the table), and its items live an hour (a record of what was counted, and a
// minute's head, up to PROVISIONING_STREAM.keepHours), not a month. Why a partition per minute: a window is
// USER_SIGN_INS.windowMinutes Queries, each on its own partition, in parallel.
import {
  DynamoDBClient,
  QueryCommand,
  TransactWriteItemsCommand,
  type AttributeValue,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { PROVISIONING_STREAM, SIGN_IN_TALLIES_TABLE } from '../contract';
import type { CountedMinute, SignInTallyStore } from '../kept-state';
import { SSM_CALL_TIMEOUT_MS } from './journey-state-ssm';
import { budget, NO_RUN_END, type RunEnd } from '../deadline';

/** An item lives an hour past its minute: the window and a late delivery, then the TTL clears it. */
export const ITEM_LIFETIME_MS = 60 * 60_000;
/** Pages of one minute's Query, at most: a minute is a few items; more is a table someone else filled. */
export const MAX_PAGES = 20;

const { partitionKey, sortKey, tally, expires } = SIGN_IN_TALLIES_TABLE;
/**
 * The events each commit counted live in a partition of their own beside the minute's tallies, `<minute>#counted` (the
 * probe's Query of `<minute>` never reads them), their hashed uuids space-separated in `uuids`; the minute's head is
 * the item `#head` there, its `version` the number of commits.
 */
const COUNTED = { suffix: '#counted', attribute: 'uuids', head: '#head', version: 'version' } as const;
/**
 * The other events a commit stores (provisioning's reductions, the same rule's), in a partition an hour of their
 * batch's arrival, `<hour>#other`, sort key `<arrived>#<minute>#<commit>#<n>` (minutes since 1970 have 8 digits until
 * 2160, so the sort keys of a range of minutes compare as text): a run reads the hours since its last read, one Query
 * each, never a minute's partition at a time. By arrival, not by `published`: a batch delivered late (redelivered, or
 * redriven from the dead-letter queue) is read by the next run however old its events. They are kept
 * PROVISIONING_STREAM.keepHours from their arrival, not an hour: a probe down a while reads them after.
 */
const OTHERS = {
  suffix: '#other',
  attribute: 'events',
  lifetimeMs: PROVISIONING_STREAM.keepHours * 3_600_000,
} as const;
/** TransactWriteItems takes 100 actions and 4 MB at most (API reference): a commit is its head and its parts. */
const TRANSACTION_MAX = { actions: 100, bytes: 4 * 1024 * 1024 } as const;

/**
 * A reader of every item of a partition, each `pick`ed, at most MAX_PAGES pages: `complete` false when a partition had
 * more (a reader that judges from it says so).
 */
function partitionQuery(client: DynamoDBClient, table: string, runEnd: RunEnd) {
  return async <T>(
    key: string,
    attributes: readonly string[],
    pick: (item: Record<string, AttributeValue>) => T,
    consistent = false,
    range?: readonly [string, string],
  ): Promise<{ items: T[]; complete: boolean }> => {
    const items: T[] = [];
    let start: Record<string, AttributeValue> | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: range === undefined ? '#g = :g' : '#g = :g AND #p BETWEEN :from AND :to',
          ExpressionAttributeNames: {
            '#g': partitionKey,
            '#p': sortKey,
            ...Object.fromEntries(attributes.map((a, n) => [`#t${n}`, a])),
          },
          ExpressionAttributeValues: {
            ':g': { S: key },
            ...(range !== undefined && { ':from': { S: range[0] }, ':to': { S: range[1] } }),
          },
          ProjectionExpression: ['#p', ...attributes.map((_, n) => `#t${n}`)].join(', '),
          ...(consistent && { ConsistentRead: true }),
          ...(start !== undefined && { ExclusiveStartKey: start }),
        }),
        { abortSignal: budget(runEnd(), SSM_CALL_TIMEOUT_MS) },
      );
      for (const item of answer.Items ?? []) items.push(pick(item));
      start = answer.LastEvaluatedKey;
      if (start === undefined) break;
    }
    return { items, complete: start === undefined };
  };
}

/** An item of a minute, expiring an hour past it (or `lifetimeMs`). */
function itemOf(
  key: string,
  part: string,
  minute: number,
  value: Record<string, AttributeValue>,
  lifetimeMs = ITEM_LIFETIME_MS,
) {
  return {
    [partitionKey]: { S: key },
    [sortKey]: { S: part },
    ...value,
    [expires]: { N: String(Math.floor((minute * 60_000 + lifetimeMs) / 1000)) },
  };
}

/**
 * When a commit's record of what it counted expires (epoch s): from its arrival (its minute's, if later), for as long
 * as anything it stored is kept, so a copy delivered again within that time is a duplicate however old its event:
 * an hour for sign-ins, PROVISIONING_STREAM.keepHours for a commit that stored other events. The head lives the
 * longest any commit's record may, so a head expired never restarts the versions under a record still kept.
 */
function countedExpiry(minute: number, arrived: number, lifetimeMs: number): number {
  return Math.floor((Math.max(minute, arrived) * 60_000 + lifetimeMs) / 1000);
}

/** The partition of a minute's other events: its hour's. */
const othersPartition = (minute: number): string => `${Math.floor(minute / 60)}${OTHERS.suffix}`;

/**
 * A commit's transaction: the head moved from `version` to the next only if it is still there (absent at 0), the
 * tallies and the uuids under that next version's name.
 */
function commitItems(
  table: string,
  minute: number,
  version: number,
  parts: readonly unknown[],
  uuids: readonly (readonly string[])[],
  others: readonly (readonly unknown[])[] = [],
  arrived: number = minute,
): TransactWriteItem[] {
  const next = version + 1;
  const counted = `${minute}${COUNTED.suffix}`;
  const countedFor = (lifetimeMs: number) => ({
    [expires]: { N: String(countedExpiry(minute, arrived, lifetimeMs)) },
  });
  const uuidsExpire = countedFor(others.length > 0 ? OTHERS.lifetimeMs : ITEM_LIFETIME_MS);
  const head: TransactWriteItem = {
    Put: {
      TableName: table,
      Item: {
        ...itemOf(counted, COUNTED.head, minute, { [COUNTED.version]: { N: String(next) } }),
        ...countedFor(OTHERS.lifetimeMs),
      },
      ...(version === 0
        ? { ConditionExpression: 'attribute_not_exists(#p)', ExpressionAttributeNames: { '#p': sortKey } }
        : {
            ConditionExpression: '#v = :v',
            ExpressionAttributeNames: { '#v': COUNTED.version },
            ExpressionAttributeValues: { ':v': { N: String(version) } },
          }),
    },
  };
  const put = (key: string, n: number, attribute: string, value: string, expiry = {}): TransactWriteItem => ({
    Put: {
      TableName: table,
      Item: { ...itemOf(key, `${next}#${n}`, minute, { [attribute]: { S: value } }), ...expiry },
    },
  });
  return [
    head,
    ...parts.map((part, n) => put(String(minute), n, tally, JSON.stringify(part))),
    ...uuids.map((list, n) => put(counted, n, COUNTED.attribute, list.join(' '), uuidsExpire)),
    ...others.map(
      (list, n): TransactWriteItem => ({
        Put: {
          TableName: table,
          Item: itemOf(
            othersPartition(arrived),
            `${arrived}#${minute}#${next}#${n}`,
            arrived,
            { [OTHERS.attribute]: { S: JSON.stringify(list) } },
            OTHERS.lifetimeMs,
          ),
        },
      }),
    ),
  ];
}

/** Whether a refused transaction was refused for the head's condition, or for another transaction on its items. */
function lostTheRace(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: readonly { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
}

/** A stored list of other events (hostile: a hand edit adds nothing). */
function parsedList(text: string): unknown[] {
  try {
    const list: unknown = JSON.parse(text);
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/**
 * The other events that arrived in the minutes [from, to]: a Query of each hour's partition, its sort keys in range,
 * never more hours than the table keeps (a caller's wider range reads nothing older anyway); incomplete when an hour
 * held more than MAX_PAGES pages.
 */
async function readOthers(
  query: ReturnType<typeof partitionQuery>,
  from: number,
  to: number,
): Promise<{ items: unknown[]; complete: boolean }> {
  const last = Math.floor(to / 60);
  const first = Math.max(Math.floor(from / 60), last - PROVISIONING_STREAM.keepHours);
  const hours = Array.from({ length: Math.max(0, last - first + 1) }, (_, n) => first + n);
  const lists = await Promise.all(
    hours.map((hour) =>
      query(`${hour}${OTHERS.suffix}`, [OTHERS.attribute], (item) => item[OTHERS.attribute]?.S ?? '[]', false, [
        String(from),
        `${to}#~`,
      ]),
    ),
  );
  return {
    items: lists.flatMap((list) => list.items).flatMap(parsedList),
    complete: lists.every((list) => list.complete),
  };
}

export function createDynamoSignInTallyStore(
  table: string,
  {
    client = new DynamoDBClient({ maxAttempts: 2 }),
    runEnd = NO_RUN_END,
  }: { readonly client?: DynamoDBClient; readonly runEnd?: RunEnd } = {},
): SignInTallyStore {
  const query = partitionQuery(client, table, runEnd);
  const readMinute = (minute: number): Promise<{ items: unknown[]; complete: boolean }> =>
    query(String(minute), [tally], (item) => {
      try {
        return JSON.parse(item[tally]?.S ?? 'null') as unknown;
      } catch {
        // An item that is not JSON (a hand edit) adds nothing to the window.
        return null;
      }
    }).then(({ items, complete }) => ({ items: items.filter((p) => p !== null), complete }));
  return {
    where: () => `the DynamoDB table ${table}`,
    async read(minutes) {
      const read = await Promise.all(minutes.map(readMinute));
      return { parts: read.flatMap((m) => m.items), complete: read.every((m) => m.complete) };
    },
    others: (from, to) => readOthers(query, from, to),
    async counted(minute): Promise<CountedMinute> {
      const { items, complete } = await query(
        `${minute}${COUNTED.suffix}`,
        [COUNTED.attribute, COUNTED.version],
        (item) => item,
        true,
      );
      const head = items.find((item) => item[sortKey]?.S === COUNTED.head);
      const version = Number(head?.[COUNTED.version]?.N ?? 0);
      return {
        version: Number.isSafeInteger(version) && version >= 0 ? version : Number.NaN,
        uuids: items.filter((item) => item !== head).map((item) => (item[COUNTED.attribute]?.S ?? '').split(' ')),
        complete,
      };
    },
    async commit(minute, version, parts, uuids, others, arrived) {
      const items = commitItems(table, minute, version, parts, uuids, others, arrived);
      const bytes = items.reduce((n, item) => n + Buffer.byteLength(JSON.stringify(item.Put?.Item)), 0);
      if (items.length > TRANSACTION_MAX.actions || bytes > TRANSACTION_MAX.bytes)
        throw new Error(
          `a commit of minute ${minute} needs ${items.length} items, ${bytes} bytes: over one transaction`,
        );
      try {
        await client.send(new TransactWriteItemsCommand({ TransactItems: items }), {
          abortSignal: budget(runEnd(), SSM_CALL_TIMEOUT_MS),
        });
        return 'committed';
      } catch (error) {
        if (lostTheRace(error)) return 'conflict';
        throw error;
      }
    },
  };
}
