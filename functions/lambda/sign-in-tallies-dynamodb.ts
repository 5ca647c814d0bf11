// The per-minute tallies of real users' sign-ins from Okta's Log Streaming, in a DynamoDB table of the stack: an item
// per minute, aggregator batch and part (partition key the minute, sort key `<batch>#<n>`), its TallySnapshot as
// JSON, expiring by the table's TTL an hour after its minute. Why a table of its own and not the journeys' or the
// SAML groups': its writer is another function, which may write these items and no others (IAM on the table), and its
// items live an hour, not a month. Why a partition per minute: a window is USER_SIGN_INS.windowMinutes Queries, each
// on its own partition, in parallel; concurrent batches write their own items and never contend for one.
import { DynamoDBClient, PutItemCommand, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { SIGN_IN_TALLIES_TABLE } from '../contract';
import type { SignInTallyStore } from '../kept-state';
import { SSM_CALL_TIMEOUT_MS } from './journey-state-ssm';

/** An item lives an hour past its minute: the window and a late delivery, then the TTL clears it. */
const ITEM_LIFETIME_MS = 60 * 60_000;
/** Pages of one minute's Query, at most: a minute is a few items; more is a table someone else filled. */
const MAX_PAGES = 20;

const { partitionKey, sortKey, tally, expires } = SIGN_IN_TALLIES_TABLE;

export function createDynamoSignInTallyStore(
  table: string,
  client: DynamoDBClient = new DynamoDBClient({ maxAttempts: 2 }),
): SignInTallyStore {
  const readMinute = async (minute: number): Promise<unknown[]> => {
    const parts: unknown[] = [];
    let start: Record<string, AttributeValue> | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: '#g = :g',
          ExpressionAttributeNames: { '#g': partitionKey, '#t': tally },
          ExpressionAttributeValues: { ':g': { S: String(minute) } },
          ProjectionExpression: '#t',
          ...(start !== undefined && { ExclusiveStartKey: start }),
        }),
        { abortSignal: AbortSignal.timeout(SSM_CALL_TIMEOUT_MS) },
      );
      for (const item of answer.Items ?? []) {
        try {
          parts.push(JSON.parse(item[tally]?.S ?? 'null') as unknown);
        } catch {
          // An item that is not JSON (a hand edit) adds nothing to the window.
        }
      }
      start = answer.LastEvaluatedKey;
      if (start === undefined) break;
    }
    return parts;
  };
  return {
    where: () => `the DynamoDB table ${table}`,
    async read(minutes) {
      return (await Promise.all(minutes.map(readMinute))).flat();
    },
    async write(minute, part, value) {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            [partitionKey]: { S: String(minute) },
            [sortKey]: { S: part },
            [tally]: { S: JSON.stringify(value) },
            [expires]: { N: String(Math.floor((minute * 60_000 + ITEM_LIFETIME_MS) / 1000)) },
          },
        }),
        { abortSignal: AbortSignal.timeout(SSM_CALL_TIMEOUT_MS) },
      );
    },
  };
}
