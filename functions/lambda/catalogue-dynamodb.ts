// The Lambda's record of each group of SAML apps: a DynamoDB item per app, partition key the group and sort key the
// app, holding its record as JSON (a few hundred bytes). Why DynamoDB: a thousand apps' records are about 250 KB, which
// no SSM parameter holds (4 KB Standard, 8 KB Advanced) and which a sharded set of parameters would write at several
// PutParameter calls a run against an account-wide rate; one Query reads a group a run (1 MB a page, about 4,000 apps)
// and the run writes only the apps it checked, 25 to a BatchWriteItem. On demand, a 1,000-app group checked hourly
// every 5 minutes costs cents a month (functions/cost/). Apps of a group removed from the config expire by the table's
// TTL (`expires`), a month after their last write; the probe forgets those gone from a catalogue itself. Static named
// imports: esbuild keeps only these commands of the client.
import {
  BatchWriteItemCommand,
  DynamoDBClient,
  QueryCommand,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { DAY_MS, SAML_APPS_TABLE } from '../contract';
import type { CatalogueStore } from '../kept-state';
import { StoreError } from '../probe/kept-store';
// Each call's own timeout, the SSM stores': a cold start's first call builds the signer and the connection.
import { SSM_CALL_TIMEOUT_MS } from './journey-state-ssm';
import { budget, NO_RUN_END, pause, type RunEnd } from '../deadline';

/** BatchWriteItem takes at most 25 requests. */
const BATCH = 25;
/** An item lives a month past its last write: the TTL clears a group removed from the config. */
const ITEM_LIFETIME_MS = 30 * DAY_MS;
/** Unprocessed items are sent again this many times, with a short pause, before the write is given up. */
const RETRIES = 3;
/** The pause before the first retry, doubled at each: 100, 200 and 400 ms. */
const RETRY_PAUSE_MS = 100;

const { partitionKey, sortKey, record, expires } = SAML_APPS_TABLE;

export function createDynamoCatalogueStore(
  table: string,
  {
    client = new DynamoDBClient({ maxAttempts: 2 }),
    now = Date.now,
    runEnd = NO_RUN_END,
    wait = pause,
  }: {
    readonly client?: DynamoDBClient;
    readonly now?: () => number;
    readonly runEnd?: RunEnd;
    /** The retries' pause (a test passes its own and waits for nothing). */
    readonly wait?: (ms: number) => Promise<void>;
  } = {},
): CatalogueStore {
  return {
    where: (group) => `the DynamoDB table ${table} (group ${group})`,
    async read(group) {
      const apps = new Map<string, unknown>();
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(groupQuery(table, group, start), {
          abortSignal: budget(runEnd(), SSM_CALL_TIMEOUT_MS),
        });
        for (const item of page.Items ?? []) {
          const app = item[sortKey]?.S;
          const json = item[record]?.S;
          if (app === undefined || json === undefined) continue;
          try {
            apps.set(app, JSON.parse(json) as unknown);
          } catch {
            // One item that is not JSON (a hand edit) is no record: that app is judged afresh.
          }
        }
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return apps;
    },
    async write(group, changed, forgotten) {
      const requests = writeRequests(group, changed, forgotten, now() + ITEM_LIFETIME_MS);
      for (let at = 0; at < requests.length; at += BATCH)
        await batch(client, table, requests.slice(at, at + BATCH), { runEnd, wait });
    },
  };
}

/** A put for each app changed, its item living until `expiresAt`, and a delete for each app forgotten. */
function writeRequests(
  group: string,
  changed: ReadonlyMap<string, unknown>,
  forgotten: readonly string[],
  expiresAt: number,
): WriteRequest[] {
  const ttl = { N: String(Math.floor(expiresAt / 1000)) };
  return [
    ...[...changed].map(
      ([app, value]): WriteRequest => ({
        PutRequest: {
          Item: {
            [partitionKey]: { S: group },
            [sortKey]: { S: app },
            [record]: { S: JSON.stringify(value) },
            [expires]: ttl,
          },
        },
      }),
    ),
    ...forgotten.map(
      (app): WriteRequest => ({ DeleteRequest: { Key: { [partitionKey]: { S: group }, [sortKey]: { S: app } } } }),
    ),
  ];
}

/** One page of a group's apps and records, from `start` (the last page's LastEvaluatedKey). */
function groupQuery(table: string, group: string, start: Record<string, AttributeValue> | undefined): QueryCommand {
  return new QueryCommand({
    TableName: table,
    KeyConditionExpression: '#g = :g',
    ExpressionAttributeNames: { '#g': partitionKey, '#a': sortKey, '#r': record },
    ExpressionAttributeValues: { ':g': { S: group } },
    ProjectionExpression: '#a, #r',
    ...(start !== undefined && { ExclusiveStartKey: start }),
  });
}

async function batch(
  client: DynamoDBClient,
  table: string,
  requests: WriteRequest[],
  { runEnd, wait }: { readonly runEnd: RunEnd; readonly wait: (ms: number) => Promise<void> },
): Promise<void> {
  let pending = requests;
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt > RETRIES)
      throw new StoreError(
        `${table}: ${pending.length} item(s) not written after ${RETRIES} retries (the table's capacity)`,
      );
    if (attempt > 0) {
      const ms = RETRY_PAUSE_MS * 2 ** (attempt - 1);
      const left = runEnd() - Date.now();
      // A pause that outlives the run is cut short by the Lambda's own timeout, and the items left are never told:
      // the write is given up before it, saying how many items it leaves.
      if (ms >= left)
        throw new StoreError(
          `${table}: ${pending.length} item(s) not written: the run ends in ${Math.max(0, left)} ms, before ` +
            `retry ${attempt}'s pause of ${ms} ms is over (the table's capacity)`,
        );
      await wait(ms);
    }
    const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }), {
      abortSignal: budget(runEnd(), SSM_CALL_TIMEOUT_MS),
    });
    pending = answer.UnprocessedItems?.[table] ?? [];
  }
}
