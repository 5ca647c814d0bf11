// The fast path's AWS ports: the verdict table (a DynamoDB global table, one item per region), the latch alarms
// (SetAlarmState, paced under CloudWatch's limit) and the backstop's QuorumFailing datapoints, published to the
// home region once a minute per value. Static named imports: esbuild keeps only these commands of the clients.
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  BatchGetItemCommand,
  DynamoDBClient,
  PutItemCommand,
  type BatchGetItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import {
  QUORUM_FAILING_METRIC,
  QUORUM_HEALTHY_METRIC,
  QUORUM_REGION_DIMENSION,
  QUORUM_TABLE,
  quorumLatchAlarmName,
} from '../contract';
import { DIMENSIONS } from '../contract';
import type { RegionVerdicts } from '../quorum/decide';
import { publishOncePerMinuteValue, type PublishRound } from '../quorum/minute-dedupe';
import { parseVerdicts } from '../quorum/verdict-item';
import type { LatchAlarms, VerdictTable } from './quorum-ports';
import { pause } from '../deadline';

/** A region's item outlives a dead region by a day, then the TTL removes it (a stale item is never counted anyway). */
const ITEM_LIFETIME_S = 24 * 60 * 60;
/** SetAlarmState is limited to about 3 calls a second per account and region: one every 350 ms stays under it. */
const SET_ALARM_STATE_GAP_MS = 350;
/** BatchGetItem calls of one read: the first, and the re-reads of what it left unprocessed. */
const BATCH_GET_ATTEMPTS = 3;
/** DescribeAlarms names at most 100 alarms a call. */
const DESCRIBE_BATCH = 100;

const { partitionKey, verdicts, writtenAt, runAt, ended, expires } = QUORUM_TABLE;

/**
 * How far ahead of this region's clock a peer's item may be dated: more is a clock or a writer gone wrong, and an
 * item dated ahead would stay "fresh" (and its region alive) long after it stopped writing.
 */
const MOST_AHEAD_MS = 60_000;

/**
 * The verdict table. `targets`: the configured servers, the only verdicts read back (a peer's item naming anything
 * else is not trusted); `now`: this region's clock, which bounds an item's date.
 */
export function createDynamoVerdictTable(
  table: string,
  targets: ReadonlySet<string>,
  client: DynamoDBClient = new DynamoDBClient({ maxAttempts: 2 }),
  now: () => number = Date.now,
): VerdictTable {
  return {
    async write(item) {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            [partitionKey]: { S: item.region },
            [verdicts]: { S: JSON.stringify(item.verdicts) },
            [writtenAt]: { N: String(item.writtenAt) },
            ...(item.runAt !== undefined ? { [runAt]: { N: String(item.runAt) } } : {}),
            ...(item.ended === true ? { [ended]: { BOOL: true } } : {}),
            [expires]: { N: String(Math.floor(item.writtenAt / 1000) + ITEM_LIFETIME_S) },
          },
        }),
      );
    },
    async read(regions) {
      if (regions.length === 0) return [];
      // Eventually consistent: a global table's replica is read in its own region, where a strong read sees no more.
      // A partial answer is not an error: "If a partial result is returned, the operation returns a value for
      // UnprocessedKeys. You can use this value to retry the operation" (DynamoDB API reference, BatchGetItem).
      // Read again a few times; a key still unread is a peer not heard from this round.
      const items: NonNullable<NonNullable<BatchGetItemCommandOutput['Responses']>[string]> = [];
      let keys = regions.map((r) => ({ [partitionKey]: { S: r } }));
      for (let attempt = 0; attempt < BATCH_GET_ATTEMPTS && keys.length > 0; attempt += 1) {
        const answer = await client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys } } }));
        items.push(...(answer.Responses?.[table] ?? []));
        keys = (answer.UnprocessedKeys?.[table]?.Keys ?? []) as typeof keys;
      }
      return items.flatMap((item): RegionVerdicts[] => {
        const region = item[partitionKey]?.S;
        const json = item[verdicts]?.S;
        const at = Number(item[writtenAt]?.N);
        if (region === undefined || json === undefined || !Number.isFinite(at) || at > now() + MOST_AHEAD_MS) return [];
        // A peer's item that is not what this version writes (a peer mid-deploy, or anything else): counted as silent.
        const parsed = parseVerdicts(json, at, targets);
        // The writing run's start, no later than its write: a run dated ahead would stop every run of its region.
        const started = Number(item[runAt]?.N);
        const run = Number.isFinite(started) && started >= 0 && started <= at ? { runAt: started } : {};
        // Only a true BOOL says the run ended: anything else there is an item of a run that may still write.
        const over = item[ended]?.BOOL === true ? { ended: true } : {};
        return parsed === undefined ? [] : [{ region, writtenAt: at, ...run, ...over, verdicts: parsed }];
      });
    },
  };
}

export function createCloudWatchLatch(
  prefix: string,
  client: CloudWatchClient = new CloudWatchClient({ maxAttempts: 2 }),
  sleep: (ms: number) => Promise<void> = pause,
): LatchAlarms {
  let last = 0;
  return {
    async latched(targets) {
      const on = new Set<string>();
      for (let i = 0; i < targets.length; i += DESCRIBE_BATCH) {
        const batch = targets.slice(i, i + DESCRIBE_BATCH);
        const names = new Map(batch.map((t) => [quorumLatchAlarmName(prefix, t), t]));
        const answer = await client.send(
          new DescribeAlarmsCommand({ AlarmNames: [...names.keys()], AlarmTypes: ['MetricAlarm'] }),
        );
        for (const alarm of answer.MetricAlarms ?? []) {
          const target = names.get(alarm.AlarmName ?? '');
          if (target !== undefined && alarm.StateValue === 'ALARM') on.add(target);
        }
      }
      return on;
    },
    async set(target, latch, reason) {
      const wait = last + SET_ALARM_STATE_GAP_MS - Date.now();
      if (wait > 0) await sleep(wait);
      last = Date.now();
      await client.send(
        new SetAlarmStateCommand({
          AlarmName: quorumLatchAlarmName(prefix, target),
          StateValue: latch ? 'ALARM' : 'OK',
          StateReason: reason.slice(0, 1023),
        }),
      );
    },
  };
}

/**
 * QuorumFailing and QuorumHealthy of one round, to the home region's CloudWatch (its own client): the backstop's input.
 * A round adding no value to its minute is not sent (minute-dedupe.ts): the backstop's Minimum is the same without
 * it, and a healthy minute costs one call instead of one a round.
 */
export function createFailingPublisher(namespace: string, region: string, client: CloudWatchClient): PublishRound {
  return publishOncePerMinuteValue(async (failing, at, healthy) => {
    const health = {
      MetricName: QUORUM_HEALTHY_METRIC,
      Dimensions: [{ Name: QUORUM_REGION_DIMENSION, Value: region }],
      Timestamp: new Date(at),
      Value: healthy ? 1 : 0,
      Unit: 'Count' as const,
    };
    const data = Object.entries(failing).map(([target, value]) => ({
      MetricName: QUORUM_FAILING_METRIC,
      Dimensions: [
        { Name: DIMENSIONS.Server, Value: target },
        { Name: QUORUM_REGION_DIMENSION, Value: region },
      ],
      Timestamp: new Date(at),
      Value: value,
      Unit: 'Count' as const,
    }));
    const all = [health, ...data];
    for (let i = 0; i < all.length; i += 1000)
      await client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: all.slice(i, i + 1000) }));
  });
}
