// The per-minute tallies of real users' sign-ins from Okta's Log Streaming, in a DynamoDB table of the stack: an item
// per minute, aggregator batch and part (partition key the minute, sort key `<batch>#<n>`), its TallySnapshot as JSON,
// expiring by the table's TTL an hour after its minute; beside each minute, the hashed uuids each batch counted in it
// (Okta's Log Streaming delivers an event at least once: a later batch counts none of them again). Why a table of its
// own and not the journeys' or the SAML groups': its writer is another function, which may write these items and no
// others (IAM on the table), and its items live an hour, not a month. Why a partition per minute: a window is
// USER_SIGN_INS.windowMinutes Queries, each on its own partition, in parallel; concurrent batches write their own items
// and never contend for one.
import { DynamoDBClient, PutItemCommand, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { SIGN_IN_TALLIES_TABLE } from '../contract';
import type { SignInTallyStore } from '../kept-state';
import { SSM_CALL_TIMEOUT_MS } from './journey-state-ssm';

/** An item lives an hour past its minute: the window and a late delivery, then the TTL clears it. */
const ITEM_LIFETIME_MS = 60 * 60_000;
/** Pages of one minute's Query, at most: a minute is a few items; more is a table someone else filled. */
const MAX_PAGES = 20;

const { partitionKey, sortKey, tally, expires } = SIGN_IN_TALLIES_TABLE;
/**
 * The events a batch counted live in a partition of their own beside the minute's tallies, `<minute>#counted` (the
 * probe's Query of `<minute>` never reads them), their hashed uuids space-separated in `uuids`.
 */
const COUNTED = { suffix: '#counted', attribute: 'uuids' } as const;

/** A reader of every item of a partition, each `pick`ed, at most MAX_PAGES pages. */
function partitionQuery(client: DynamoDBClient, table: string) {
  return async <T>(key: string, attribute: string, pick: (item: Record<string, AttributeValue>) => T): Promise<T[]> => {
    const items: T[] = [];
    let start: Record<string, AttributeValue> | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: '#g = :g',
          ExpressionAttributeNames: { '#g': partitionKey, '#t': attribute, '#p': sortKey },
          ExpressionAttributeValues: { ':g': { S: key } },
          ProjectionExpression: '#t, #p',
          ...(start !== undefined && { ExclusiveStartKey: start }),
        }),
        { abortSignal: AbortSignal.timeout(SSM_CALL_TIMEOUT_MS) },
      );
      for (const item of answer.Items ?? []) items.push(pick(item));
      start = answer.LastEvaluatedKey;
      if (start === undefined) break;
    }
    return items;
  };
}

/** A writer of one item, expiring an hour past its minute. */
function itemPut(client: DynamoDBClient, table: string) {
  return async (key: string, part: string, attribute: string, value: string, minute: number): Promise<void> => {
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          [partitionKey]: { S: key },
          [sortKey]: { S: part },
          [attribute]: { S: value },
          [expires]: { N: String(Math.floor((minute * 60_000 + ITEM_LIFETIME_MS) / 1000)) },
        },
      }),
      { abortSignal: AbortSignal.timeout(SSM_CALL_TIMEOUT_MS) },
    );
  };
}

export function createDynamoSignInTallyStore(
  table: string,
  client: DynamoDBClient = new DynamoDBClient({ maxAttempts: 2 }),
): SignInTallyStore {
  const query = partitionQuery(client, table);
  const put = itemPut(client, table);
  const readMinute = (minute: number): Promise<unknown[]> =>
    query(String(minute), tally, (item) => {
      try {
        return JSON.parse(item[tally]?.S ?? 'null') as unknown;
      } catch {
        // An item that is not JSON (a hand edit) adds nothing to the window.
        return null;
      }
    }).then((parts) => parts.filter((p) => p !== null));
  return {
    where: () => `the DynamoDB table ${table}`,
    async read(minutes) {
      return (await Promise.all(minutes.map(readMinute))).flat();
    },
    async write(minute, part, value) {
      await put(String(minute), part, tally, JSON.stringify(value), minute);
    },
    async counted(minutes) {
      const each = (minute: number) =>
        query(`${minute}${COUNTED.suffix}`, COUNTED.attribute, (item) => ({
          part: item[sortKey]?.S ?? '',
          uuids: (item[COUNTED.attribute]?.S ?? '').split(' '),
        }));
      return (await Promise.all(minutes.map(each))).flat();
    },
    async markCounted(minute, part, uuids) {
      await put(`${minute}${COUNTED.suffix}`, part, COUNTED.attribute, uuids.join(' '), minute);
    },
  };
}
