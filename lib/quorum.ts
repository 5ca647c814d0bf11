// The multi-region quorum in CDK (functions/plan/quorum.ts decides what; docs/decisions/multi-region-quorum.md why):
// the verdict table, a DynamoDB global table created by the home region's stack with a replica in every other
// region; what the probe may do with it and with its latch alarms; and the latch and backstop alarms themselves,
// which lib/alarms.ts puts in each target's page composite.
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { LoadedConfig } from '../functions/config/parse';
import type { QuorumSettings } from '../functions/config/quorum';
import {
  DIMENSIONS,
  QUORUM_FAILING_METRIC,
  QUORUM_HEALTHY_METRIC,
  QUORUM_REGION_DIMENSION,
  QUORUM_REGION_ENV,
  QUORUM_TABLE,
  QUORUM_TABLE_ENV,
  quorumTableName,
} from '../functions/contract';
import { isHome } from '../functions/plan/quorum';
import type { QuorumMetricAlarm } from '../functions/plan/alarm-spec';
import { LATCH_SHAPE, latchDimensions } from '../functions/plan/latch-shape';
import { regionPlan } from '../functions/plan/region-plan';

interface ProbeQuorumProps {
  readonly config: LoadedConfig;
  readonly settings: QuorumSettings;
  /** This stack's region; undefined when the configuration names none (one region, the stack's own). */
  readonly region: string | undefined;
  /** The probe function: it gets the table's name and the rights the fast path needs. */
  readonly function: LambdaFunction;
}

export class ProbeQuorum extends Construct {
  /** The verdict table, in the home region's stack only (the other regions hold its replicas). */
  readonly table?: TableV2;

  constructor(scope: Construct, id: string, props: ProbeQuorumProps) {
    super(scope, id);
    const { config, settings, region } = props;
    const prefix = config.deploy.prefix;
    const stack = Stack.of(this);
    const name = quorumTableName(prefix);
    if (isHome(settings, region)) {
      this.table = new TableV2(this, 'Verdicts', {
        tableName: name,
        partitionKey: { name: QUORUM_TABLE.partitionKey, type: AttributeType.STRING },
        billing: Billing.onDemand(),
        timeToLiveAttribute: QUORUM_TABLE.expires,
        removalPolicy: RemovalPolicy.DESTROY,
        replicas: settings.regions.filter((r) => r !== region).map((r) => ({ region: r })),
      });
      Validations.of(this.table).acknowledge({ id: 'AwsSolutions-DDB3', reason: noRecoveryReason(settings) });
    }
    const fn = props.function;
    fn.addEnvironment(QUORUM_TABLE_ENV, name);
    fn.addEnvironment(QUORUM_REGION_ENV, region ?? stack.region);
    const tableArn = stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: name });
    // Its own item written, the peers' read, in this region's replica: nothing else of the table. A region's probe
    // cannot speak for another: the write is held to the item keyed by its own region with LeadingKeys ("allows
    // users to access only the items where the partition key value matches", DynamoDB developer guide, "Using IAM
    // policy conditions for fine-grained access control").
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:PutItem'],
        resources: [tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [region ?? stack.region] } },
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['dynamodb:BatchGetItem'], resources: [tableArn] }),
    );
    const latches = regionPlan(config, region).quorum.filter((a) => a.kind === 'latch');
    if (latches.length > 0) {
      fn.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['cloudwatch:SetAlarmState', 'cloudwatch:DescribeAlarms'],
          resources: latches.map((a) =>
            stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: a.name,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ),
        }),
      );
    }
  }
}

/** One quorum alarm, built in `scope` (the target's nested stack, beside its page composite). */
export function quorumAlarm(
  scope: Construct,
  alarm: QuorumMetricAlarm,
  config: LoadedConfig,
  settings: QuorumSettings,
): Alarm {
  const id = alarm.name.slice(config.deploy.prefix.length + 1);
  return alarm.source === 'latch'
    ? latchAlarm(scope, id, alarm, config.deploy.namespace)
    : backstopAlarm(scope, id, alarm, config.deploy.namespace, settings);
}

/**
 * The latch: an alarm whose state only the probe sets, so its shape must never let CloudWatch move it on its own.
 */
function latchAlarm(scope: Construct, id: string, alarm: QuorumMetricAlarm, namespace: string): Alarm {
  return new Alarm(scope, id, {
    alarmName: alarm.name,
    alarmDescription: alarm.description,
    // Never published: with missing data ignored, CloudWatch keeps the state the probe sets with SetAlarmState
    // (prove-latch builds the same shape from LATCH_SHAPE to show it on the user's account).
    metric: new Metric({
      namespace,
      metricName: LATCH_SHAPE.metricName,
      dimensionsMap: latchDimensions(alarm.server),
      statistic: LATCH_SHAPE.statistic,
      period: Duration.seconds(LATCH_SHAPE.periodSeconds),
    }),
    threshold: LATCH_SHAPE.threshold,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: LATCH_SHAPE.evaluationPeriods,
    treatMissingData: TreatMissingData.IGNORE,
  });
}

/**
 * The backstop: metric math over every region's published verdicts, so a page still comes when the fast path that
 * drives the latch is down.
 */
function backstopAlarm(
  scope: Construct,
  id: string,
  alarm: QuorumMetricAlarm,
  namespace: string,
  settings: QuorumSettings,
): Alarm {
  const regions = settings.regions.length > 0 ? settings.regions : [Stack.of(scope).region];
  const metric = (name: string, region: string, dimensions: Record<string, string>): Metric =>
    // Minimum: each round is a datapoint; a minute fails (or is healthy) only when every round in it was.
    new Metric({
      namespace,
      metricName: name,
      dimensionsMap: { ...dimensions, [QUORUM_REGION_DIMENSION]: region },
      statistic: 'Minimum',
      period: Duration.minutes(1),
    });
  const failing = Object.fromEntries(
    regions.map((region, i) => [`f${i}`, metric(QUORUM_FAILING_METRIC, region, { [DIMENSIONS.Server]: alarm.server })]),
  );
  const healthy = Object.fromEntries(regions.map((region, i) => [`h${i}`, metric(QUORUM_HEALTHY_METRIC, region, {})]));
  return new Alarm(scope, id, {
    alarmName: alarm.name,
    alarmDescription: alarm.description,
    metric: new MathExpression({
      expression: backstopExpression(regions, settings, Object.keys(failing), Object.keys(healthy)),
      usingMetrics: { ...failing, ...healthy },
      period: Duration.minutes(1),
      label: 'regions failing while the fast path is down',
    }),
    threshold: settings.agree,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/** Why the verdict table needs no point-in-time recovery, at the intervals it is written and read at. */
const noRecoveryReason = (settings: QuorumSettings): string =>
  "The table holds each region's last verdicts, rewritten every round " +
  `(${settings.checkEverySeconds} s) and counted for ${settings.freshSeconds} s: nothing in it outlives a minute, so ` +
  'there is nothing to recover.';

/**
 * The backstop's rule, apart from the metrics it reads: it is the part that decides when a page would double the
 * latch's or hide a real outage.
 */
function backstopExpression(
  regions: readonly string[],
  settings: QuorumSettings,
  failingIds: string[],
  healthyIds: string[],
): string {
  const sum = (ids: string[]): string => ids.map((m) => `FILL(${m},0)`).join('+');
  const homeAt = settings.homeRegion === undefined ? 0 : Math.max(0, regions.indexOf(settings.homeRegion));
  // The failing regions count in a minute when no latch could page: fewer than `agree` regions' fast paths were
  // healthy all minute, so no acting home could see a quorum. A stopped home is one region less: the next live
  // region acts as home and pages by its latch, and the backstop paging too would be a second page. Otherwise 0:
  // it never holds a page the latch cleared. A silent region adds 0. With one region, its own health decides.
  const failingSum = sum(failingIds);
  const homeHealthy = `FILL(h${homeAt},0) >= 1`;
  const quorumHealthy = `${sum(healthyIds)} >= ${settings.agree}`;
  return regions.length === 1 ? `IF(${homeHealthy}, 0, ${failingSum})` : `IF(${quorumHealthy}, 0, ${failingSum})`;
}
