// The AWS of a multi-region quorum deployment, served by the loopback AWS fake (aws-fake.ts `serve`), each call
// in the region it was signed for:
// - DynamoDB: the verdict table as a global table, one replica per region; PutItem writes the caller's replica and
//   reaches each other replica after a replication lag; BatchGetItem reads the caller's replica only.
// - CloudWatch: each region's metric alarms from its synthesized template; SetAlarmState and DescribeAlarms on them;
//   PutMetricData kept; the home region's backstop alarms evaluated once a minute on the last whole minute, as a
//   standard alarm is; and after every change each composite re-evaluated with its synthesized rule
//   (alarm-rules.ts), a transition publishing to its SNS topics (recorded, timed, as CloudWatch's alarm actions).
// What is not modelled: the other metric alarms (the checks', the probe's Errors) count as OK, so no suppressor ever
// mutes a page here, and a composite reacts to its members at once.
import { QUORUM_TABLE, quorumLatchAlarmName } from '../../functions/contract';
import type { StackQuorum } from '../../functions/config/quorum';
import type { AwsCall, FakeServed } from './aws-fake';
import { evaluate, type AlarmModel } from './alarm-rules';
import { parseMetricMath } from './metric-math';

type State = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
type Item = Record<string, Record<string, string>>;

/** One SNS message an alarm action published. */
export interface AlarmMessage {
  readonly at: number;
  readonly region: string;
  readonly alarm: string;
  readonly state: 'ALARM' | 'OK';
  /** The topics' logical ids in the region's template. */
  readonly topics: readonly string[];
}

export interface QuorumAwsOptions {
  readonly settings: StackQuorum;
  /** The verdict table's name. */
  readonly table: string;
  /** Each region's alarms, from its synthesized template. */
  readonly models: ReadonlyMap<string, AlarmModel>;
  /** The targets with a latch (each paging server). */
  readonly targets: readonly string[];
  /** The home region's backstop alarms, from its synthesized template. */
  readonly backstops: readonly Backstop[];
  /** A replication lag from one replica to another, ms (a global table: about a second or two). */
  readonly replicationMs: () => number;
  /**
   * The keys of one BatchGetItem answered as UnprocessedKeys (none by default): "BatchGetItem returns a partial
   * result if ... the table's provisioned throughput is exceeded, more than 1MB per partition is requested, or an
   * internal processing failure occurs. If a partial result is returned, the operation returns a value for
   * UnprocessedKeys" (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
   */
  readonly unprocessed?: (region: string, key: string) => boolean;
}

export interface QuorumAws {
  readonly serve: (call: AwsCall & { readonly region: string }) => FakeServed | undefined;
  /** Every composite transition that notified a topic, in order. */
  readonly messages: readonly AlarmMessage[];
  /** Each region's replica: items by region key. */
  readonly replicas: ReadonlyMap<string, ReadonlyMap<string, Item>>;
  /** A metric alarm's state in a region. */
  state(region: string, alarm: string): State;
  /** Each latch change, as SetAlarmState made it. */
  readonly latchChanges: readonly {
    readonly at: number;
    readonly region: string;
    readonly alarm: string;
    readonly state: State;
  }[];
  /** Each QuorumFailing/QuorumHealthy datapoint kept, by its Timestamp, with when it arrived. */
  readonly datapoints: readonly Datapoint[];
  /** Each backstop evaluation: the minute it read, its value and the state it set. */
  readonly evaluations: readonly BackstopEvaluation[];
  /** Evaluates the home region's backstops on the minute before `now` (the bench calls it each minute). */
  evaluateBackstops(now: number): void;
  /**
   * Holds replication between replicas while on (a degraded region: "replication latency can increase", DynamoDB
   * global tables, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html);
   * off delivers what was held, oldest first (last writer wins).
   */
  stall(on: boolean): void;
  /** Stops the pending replications. */
  close(): void;
}

export interface Datapoint {
  readonly region: string;
  readonly name: string;
  readonly dimensions: string;
  readonly at: number;
  readonly value: number;
  readonly receivedAt: number;
}

export interface BackstopEvaluation {
  readonly at: number;
  readonly alarm: string;
  /** The start of the minute it read. */
  readonly minute: number;
  readonly value: number | undefined;
  readonly state: 'ALARM' | 'OK';
}

/** A backstop alarm as synthesized: its metric math, read from the template, and the metrics it names. */
export interface Backstop {
  readonly alarm: string;
  readonly expression: string;
  /** Each metric id of the expression: its name and dimensions (sorted `Name=Value` pairs, as `dimensionsKey`). */
  readonly inputs: Readonly<Record<string, { readonly name: string; readonly dimensions: string }>>;
  readonly threshold: number;
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold';
}

/**
 * CloudWatch's limit on an alarm's metric math: "You can use up to 10 metrics in a metric math expression"
 * (PutMetricAlarm's Metrics). A template past it fails to deploy, so the fake refuses it as CloudFormation would.
 */
export const ALARM_MATH_METRICS_MAX = 10;

export function createQuorumAws(options: QuorumAwsOptions): QuorumAws {
  const { settings } = options;
  for (const backstop of options.backstops) {
    const count = Object.keys(backstop.inputs).length;
    if (count > ALARM_MATH_METRICS_MAX)
      throw new Error(
        `ValidationError: ${backstop.alarm}: the metric math names ${count} metrics; an alarm takes at most ` +
          `${ALARM_MATH_METRICS_MAX} (PutMetricAlarm)`,
      );
  }
  const replicas = new Map(settings.regions.map((r) => [r, new Map<string, Item>()]));
  const alarmStates = new Map(settings.regions.map((r) => [r, new Map<string, State>()]));
  const backstops = options.backstops.map((b) => ({ ...b, evaluate: parseMetricMath(b.expression) }));
  // Only what a backstop reads is kept.
  const wanted = new Set(options.backstops.flatMap((b) => Object.values(b.inputs).map((input) => input.name)));
  const composites = new Map(
    settings.regions.map((r) => [r, evaluate(options.models.get(r) ?? fail(`no template for ${r}`), new Set())]),
  );
  const messages: AlarmMessage[] = [];
  const latchChanges: { at: number; region: string; alarm: string; state: State }[] = [];
  const data: Datapoint[] = [];
  const evaluations: BackstopEvaluation[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stalled = false;
  const held: (() => void)[] = [];

  const stateOf = (region: string, alarm: string): State => alarmStates.get(region)?.get(alarm) ?? 'INSUFFICIENT_DATA';
  const reevaluate = (region: string): void => {
    const model = options.models.get(region);
    if (model === undefined) return;
    const inAlarm = new Set(
      [...(alarmStates.get(region) ?? new Map<string, State>())].filter(([, s]) => s === 'ALARM').map(([name]) => name),
    );
    const now = evaluate(model, inAlarm);
    const before = composites.get(region) ?? new Map<string, State>();
    for (const [name, composite] of model.composites) {
      const was = before.get(name);
      const is = now.get(name);
      if (is === was || (is !== 'ALARM' && is !== 'OK') || composite.topics.length === 0) continue;
      messages.push({ at: Date.now(), region, alarm: name, state: is, topics: composite.topics });
    }
    composites.set(region, now);
  };
  const setState = (region: string, alarm: string, state: State): void => {
    if (stateOf(region, alarm) === state) return;
    alarmStates.get(region)?.set(alarm, state);
    reevaluate(region);
  };

  const serve = ({ operation, input, region }: AwsCall & { readonly region: string }): FakeServed | undefined => {
    if (!replicas.has(region)) return undefined;
    switch (operation) {
      case 'dynamodb.PutItem': {
        if (input.TableName !== options.table) return undefined;
        const item = input.Item as Item;
        const key = item[QUORUM_TABLE.partitionKey]?.S ?? '';
        replicas.get(region)?.set(key, item);
        for (const peer of settings.regions.filter((r) => r !== region)) {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (stalled) held.push(() => replicas.get(peer)?.set(key, item));
            else replicas.get(peer)?.set(key, item);
          }, options.replicationMs());
          timers.add(timer);
        }
        return { body: {} };
      }
      case 'dynamodb.BatchGetItem': {
        const requests = input.RequestItems as Record<string, { Keys: Item[] }>;
        const keys = requests[options.table]?.Keys;
        if (keys === undefined) return undefined;
        const replica = replicas.get(region) ?? new Map<string, Item>();
        const keyOf = (k: Item): string => k[QUORUM_TABLE.partitionKey]?.S ?? '';
        const left = keys.filter((k) => options.unprocessed?.(region, keyOf(k)) === true);
        const items = keys.flatMap((k) => {
          const found = left.includes(k) ? undefined : replica.get(keyOf(k));
          return found === undefined ? [] : [found];
        });
        const unprocessed = left.length > 0 ? { [options.table]: { Keys: left } } : {};
        return { body: { Responses: { [options.table]: items }, UnprocessedKeys: unprocessed } };
      }
      case 'cloudwatch.SetAlarmState': {
        const name = String(input.AlarmName);
        if (!options.models.get(region)?.metricAlarms.has(name))
          return { status: 400, type: 'ResourceNotFound', message: `Alarm ${name} does not exist in ${region}` };
        const state = String(input.StateValue) as State;
        if (stateOf(region, name) !== state) latchChanges.push({ at: Date.now(), region, alarm: name, state });
        setState(region, name, state);
        return { body: {} };
      }
      case 'cloudwatch.DescribeAlarms': {
        const names = (input.AlarmNames as string[] | undefined) ?? [];
        const model = options.models.get(region);
        const metric = names
          .filter((n) => model?.metricAlarms.has(n))
          .map((n) => ({ AlarmName: n, StateValue: stateOf(region, n) }));
        return { body: { MetricAlarms: metric, CompositeAlarms: [] } };
      }
      case 'cloudwatch.PutMetricData': {
        for (const d of (input.MetricData as
          | {
              MetricName: string;
              Dimensions?: { Name: string; Value: string }[];
              Timestamp?: number | string;
              Value?: number;
            }[]
          | undefined) ?? []) {
          if (!wanted.has(d.MetricName)) continue;
          const at =
            typeof d.Timestamp === 'number'
              ? d.Timestamp * 1000
              : d.Timestamp !== undefined
                ? Date.parse(d.Timestamp)
                : Date.now();
          data.push({
            region,
            name: d.MetricName,
            dimensions: dimensionsKey(d.Dimensions ?? []),
            at,
            value: d.Value ?? 0,
            receivedAt: Date.now(),
          });
        }
        return { body: {} };
      }
      default:
        return undefined;
    }
  };

  /** The Minimum of a metric in [from, to), or undefined without data (FILL(m,0) makes it 0). */
  const minimum = (region: string, name: string, dimensions: string, from: number, to: number): number | undefined => {
    const values = data
      .filter((d) => d.region === region && d.name === name && d.dimensions === dimensions && d.at >= from && d.at < to)
      .map((d) => d.value);
    return values.length === 0 ? undefined : Math.min(...values);
  };

  return {
    serve,
    messages,
    replicas,
    latchChanges,
    datapoints: data,
    evaluations,
    state: stateOf,
    evaluateBackstops(now) {
      const home = settings.homeRegion;
      const to = Math.floor(now / 60_000) * 60_000;
      const from = to - 60_000;
      for (const backstop of backstops) {
        // Each metric's Minimum over the minute (the stack's statistic), undefined without data: FILL decides.
        const values = Object.fromEntries(
          Object.entries(backstop.inputs).map(([id, input]) => [
            id,
            minimum(home, input.name, input.dimensions, from, to),
          ]),
        );
        const value = backstop.evaluate(values);
        // Missing data not breaching: a minute whose expression has no value is OK.
        const breaching =
          value !== undefined &&
          (backstop.comparison === 'GreaterThanThreshold' ? value > backstop.threshold : value >= backstop.threshold);
        evaluations.push({ at: now, alarm: backstop.alarm, minute: from, value, state: breaching ? 'ALARM' : 'OK' });
        setState(home, backstop.alarm, breaching ? 'ALARM' : 'OK');
      }
    },
    stall(on) {
      stalled = on;
      if (!on) for (const deliver of held.splice(0)) deliver();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** The latch alarm names of a deployment's paging targets. */
export function latchNames(prefix: string, targets: readonly string[]): string[] {
  return targets.map((t) => quorumLatchAlarmName(prefix, t));
}

export function dimensionsKey(dimensions: readonly { Name: string; Value: string }[]): string {
  return [...dimensions]
    .sort((a, b) => a.Name.localeCompare(b.Name))
    .map((d) => `${d.Name}=${d.Value}`)
    .join(',');
}

function fail(message: string): never {
  throw new Error(message);
}
