// The alarms of functions/plan/alarms.ts, built in CDK and nothing else: which alarm notifies which topic, which
// composite combines what and what mutes it are all decided there. Per-check alarms notify no one: each server's
// page and warn composites do, and they stay muted while the probe itself is down (probe-down pages once).
//
// Each authorization server's alarms (about ten) live in a nested stack of their own, so a deployment's size is
// not bound by CloudFormation's 500 resources per template: 50 servers make 50 nested stacks of ten alarms, not
// 550 alarms in one template. One nested stack per server, not per batch: adding or removing a server never moves
// another server's alarms between stacks (a move would create the alarm in one stack and then delete the same
// name from the other). The deployment-wide alarms and the status feed's stay in the main stack.
import { Duration, NestedStack } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmRule,
  AnomalyDetectionAlarm,
  CfnAnomalyDetector,
  AlarmState,
  ComparisonOperator,
  CompositeAlarm,
  MathExpression,
  Metric,
  TreatMissingData,
  type IAlarm,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmStatesDeadLetterQueueName } from '../functions/config/metric-stream';
import type { LoadedConfig } from '../functions/config/parse';
import { signInsDeadLetterQueueName, STATUS_SERVER, type Severity } from '../functions/contract';
import { browserFunctionName } from '../functions/plan/browser-part';
import { regionPlan } from '../functions/plan/region-plan';
import { quorumAlarm } from './quorum';
import {
  isQuorumAlarm,
  type AlarmSpec,
  type CompositeAlarmSpec,
  type InfraMetricAlarm,
  type ProbeMetricAlarm,
} from '../functions/plan/alarm-spec';
import { targetSubject } from '../functions/plan/subject';

interface ProbeAlarmsProps {
  readonly config: LoadedConfig;
  /**
   * Where alarm and OK notifications of each severity go (CloudWatch's alarm JSON, for pagers and the notifier's
   * fallback).
   */
  readonly topics: Readonly<Record<Severity, ITopic>>;
  /** The people's topic of each severity: direct alarms (the notifier's own) also publish here. */
  readonly messageTopics: Readonly<Record<Severity, ITopic>>;
  /** The notifier function and its dead-letter queue (alarmed like the probe's). */
  readonly notifier: { readonly function: IFunction; readonly deadLetterQueue: IQueue };
  /** The probe function (its Errors, Throttles and Invocations are alarmed). */
  readonly function: IFunction;
  /** The probe's dead-letter queue (new messages are alarmed). */
  readonly deadLetterQueue: IQueue;
  /**
   * This stack's region, for the quorum's alarms.
   * @default undefined: one region, none named (the quorum's regional alarms need a region and are not made)
   */
  readonly region?: string;
}

const COMPARISON: Record<ProbeMetricAlarm['comparison'], ComparisonOperator> = {
  lessThan: ComparisonOperator.LESS_THAN_THRESHOLD,
  lessThanLowerBand: ComparisonOperator.LESS_THAN_LOWER_THRESHOLD,
  greaterThan: ComparisonOperator.GREATER_THAN_THRESHOLD,
  greaterThanOrEqual: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
};

const MISSING: Record<ProbeMetricAlarm['missingData'], TreatMissingData> = {
  breaching: TreatMissingData.BREACHING,
  notBreaching: TreatMissingData.NOT_BREACHING,
  ignore: TreatMissingData.IGNORE,
};

export class ProbeAlarms extends Construct {
  /** Every alarm, metric and composite, by name: for the dashboard's alarm status widget. */
  readonly alarms: ReadonlyMap<string, IAlarm>;
  readonly composites: readonly CompositeAlarm[];
  /** Every alarm's name: composites and the main stack's alarms first (what notifies), then per-check ones. */
  readonly namesByImportance: readonly string[];
  /** The nested stack holding each authorization server's alarms, by server id. */
  readonly serverStacks: ReadonlyMap<string, NestedStack>;
  private readonly props: ProbeAlarmsProps;
  private readonly built = new Map<string, IAlarm>();
  private readonly nested = new Map<string, NestedStack>();

  constructor(scope: Construct, id: string, props: ProbeAlarmsProps) {
    super(scope, id);
    this.props = props;
    const { config } = props;
    const composites: CompositeAlarm[] = [];

    const plan = regionPlan(config, props.region);
    const quorum = config.deploy.quorum;
    // The plan lists members before the composites using them, so one pass builds everything.
    for (const spec of plan.specs) {
      if (isQuorumAlarm(spec)) {
        // The quorum's latch and backstop, beside the page composite that holds them (lib/quorum.ts).
        if (quorum === null) throw new Error(`ProbeAlarms: ${spec.name} without the quorum's settings`);
        this.built.set(spec.name, quorumAlarm(this.serverScope(spec.server), spec, config, quorum));
        continue;
      }
      if (spec.kind === 'metric') {
        this.built.set(spec.name, this.metricAlarm(spec));
        continue;
      }
      const composite = this.compositeAlarm(spec);
      this.built.set(spec.name, composite);
      composites.push(composite);
    }
    this.alarms = this.built;
    this.composites = composites;
    this.serverStacks = this.nested;
    const notifiesFirst = (alarm: IAlarm): boolean => alarm instanceof CompositeAlarm || alarm.node.scope === this;
    const entries = [...this.built];
    this.namesByImportance = [
      ...entries.filter(([, a]) => notifiesFirst(a)),
      ...entries.filter(([, a]) => !notifiesFirst(a)),
    ].map(([name]) => name);
  }

  private metricAlarm(spec: ProbeMetricAlarm | InfraMetricAlarm): Alarm {
    if (spec.comparison === 'lessThanLowerBand' && spec.source === 'probe') return this.anomalyAlarm(spec);
    const alarm = new Alarm(this.scopeOf(spec), this.constructId(spec.name), {
      alarmName: spec.name,
      alarmDescription: spec.description,
      metric:
        spec.source === 'probe' ? probeMetric(spec, this.props.config.deploy.namespace) : infraMetric(spec, this.props),
      threshold: spec.threshold,
      comparisonOperator: COMPARISON[spec.comparison],
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
      treatMissingData: MISSING[spec.missingData],
      // A percentile of fewer than 100 samples is "not significant" to CloudWatch: evaluated all the same
      // (plan/alarms.ts latencyAlarm).
      ...(spec.statistic.startsWith('p') ? { evaluateLowSampleCountPercentile: 'evaluate' } : {}),
    });
    this.notify(alarm, spec.notifies, spec.direct);
    return alarm;
  }

  /**
   * Below CloudWatch's anomaly-detection band: ANOMALY_DETECTION_BAND(m1, width) as the threshold metric,
   * LessThanLowerThreshold. The model is a resource of the stack (AWS::CloudWatch::AnomalyDetector) so that it goes
   * with the stack; it trains on up to two weeks of the metric's history (CloudWatch user guide, "Using CloudWatch
   * anomaly detection").
   */
  private anomalyAlarm(spec: ProbeMetricAlarm): Alarm {
    const scope = this.scopeOf(spec);
    const id = this.constructId(spec.name);
    const detector = new CfnAnomalyDetector(scope, `${id}-model`, {
      singleMetricAnomalyDetector: {
        namespace: this.props.config.deploy.namespace,
        metricName: spec.metric,
        stat: spec.statistic,
        dimensions: Object.entries(spec.dimensions).map(([name, value]) => ({ name, value })),
      },
    });
    const alarm = new AnomalyDetectionAlarm(scope, id, {
      alarmName: spec.name,
      alarmDescription: spec.description,
      metric: probeMetric(spec, this.props.config.deploy.namespace),
      stdDevs: spec.threshold,
      comparisonOperator: COMPARISON[spec.comparison],
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
      treatMissingData: MISSING[spec.missingData],
    });
    alarm.node.addDependency(detector);
    this.notify(alarm, spec.notifies, spec.direct);
    return alarm;
  }

  private compositeAlarm(spec: CompositeAlarmSpec): CompositeAlarm {
    const composite = new CompositeAlarm(this.scopeOf(spec), this.constructId(spec.name), {
      compositeAlarmName: spec.name,
      alarmDescription: spec.description,
      alarmRule: AlarmRule.anyOf(
        ...spec.members.map((name) => AlarmRule.fromAlarm(this.known(spec.name, name), AlarmState.ALARM)),
      ),
      ...(spec.suppressor !== undefined
        ? {
            actionsSuppressor: this.known(spec.name, spec.suppressor.name),
            actionsSuppressorWaitPeriod: Duration.minutes(spec.suppressor.waitMinutes),
            actionsSuppressorExtensionPeriod: Duration.minutes(spec.suppressor.extensionMinutes),
          }
        : {}),
    });
    this.notify(composite, spec.notifies);
    return composite;
  }

  /** A server's composites and probe alarms go in its nested stack; the rest stay in the main stack. */
  private scopeOf(spec: AlarmSpec): Construct {
    return this.serverScope(spec.kind === 'composite' || spec.source === 'probe' ? spec.server : undefined);
  }

  private serverScope(server: string | undefined): Construct {
    if (server === undefined || server === STATUS_SERVER) return this;
    let stack = this.nested.get(server);
    if (stack === undefined) {
      stack = new NestedStack(this, `Server-${server}`, {
        description: `okta-synthetics: the alarms of ${lowerFirst(targetSubject(this.props.config.probe, server))}`,
      });
      this.nested.set(server, stack);
    }
    return stack;
  }

  private constructId(name: string): string {
    return name.slice(this.props.config.deploy.prefix.length + 1) || name;
  }

  private notify(alarm: Alarm | CompositeAlarm, severity: Severity | null, direct = false): void {
    if (severity === null) return;
    const actions = [
      new SnsAction(this.props.topics[severity]),
      ...(direct ? [new SnsAction(this.props.messageTopics[severity])] : []),
    ];
    alarm.addAlarmAction(...actions);
    alarm.addOkAction(...actions);
  }

  private known(owner: string, name: string): IAlarm {
    const alarm = this.built.get(name);
    if (alarm === undefined) throw new Error(`ProbeAlarms: ${owner} names unknown alarm ${name}`);
    return alarm;
  }
}

function probeMetric(spec: ProbeMetricAlarm, namespace: string): IMetric {
  const metric = new Metric({
    namespace,
    metricName: spec.metric,
    dimensionsMap: { ...spec.dimensions },
    statistic: spec.statistic,
    period: Duration.minutes(spec.periodMinutes),
  });
  if (spec.absolute !== true) return metric;
  return new MathExpression({
    expression: 'ABS(m)',
    usingMetrics: { m: metric },
    period: Duration.minutes(spec.periodMinutes),
    label: `|${spec.metric}|`,
  });
}

function infraMetric(spec: InfraMetricAlarm, props: ProbeAlarmsProps): IMetric {
  const options = { statistic: spec.statistic, period: Duration.minutes(spec.periodMinutes) };
  // The browser function by its name, as the queues below: it is built with the probe, under another construct.
  if (spec.source === 'browser-function')
    return new Metric({
      namespace: 'AWS/Lambda',
      metricName: spec.metric,
      dimensionsMap: { FunctionName: browserFunctionName(props.config.deploy.prefix) },
      ...options,
    });
  switch (spec.metric) {
    case 'Errors':
      return (spec.source === 'notifier' ? props.notifier.function : props.function).metricErrors(options);
    case 'Throttles':
      return props.function.metricThrottles(options);
    case 'Invocations': {
      const all = props.function.metricInvocations(options);
      if (spec.excludingAlias === undefined) return all;
      // Lambda counts an alias's invocations twice: under FunctionName alone (with every other invocation) and
      // under FunctionName and Resource "<function>:<alias>". The difference is what invoked the function itself.
      const alias = new Metric({
        namespace: 'AWS/Lambda',
        metricName: 'Invocations',
        dimensionsMap: {
          FunctionName: props.function.functionName,
          Resource: `${props.function.functionName}:${spec.excludingAlias}`,
        },
        ...options,
      });
      return new MathExpression({
        expression: 'all - FILL(alias, 0)',
        usingMetrics: { all, alias },
        period: options.period,
        label: `Invocations but ${spec.excludingAlias}'s`,
      });
    }
    case 'ApproximateNumberOfMessagesVisible':
      // The sign-ins aggregator's redrive queue, by its name (plan/deployment-alarms.ts says why this metric).
      return new Metric({
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensionsMap: { QueueName: signInsDeadLetterQueueName(props.config.deploy.prefix) },
        ...options,
      });
    case 'NumberOfMessagesSent':
      // The alarm states' queue by its name: the metric stream that holds it is built after the alarms, whose
      // names its rules match.
      if (spec.source === 'alarm-states-dlq')
        return new Metric({
          namespace: 'AWS/SQS',
          metricName: 'NumberOfMessagesSent',
          dimensionsMap: { QueueName: alarmStatesDeadLetterQueueName(props.config.deploy.prefix) },
          ...options,
        });
      return (
        spec.source === 'notifier-dlq' ? props.notifier.deadLetterQueue : props.deadLetterQueue
      ).metricNumberOfMessagesSent(options);
  }
}

/** "Authorization server ..." -> "authorization server ...", inside a sentence. */
function lowerFirst(text: string): string {
  return `${text.slice(0, 1).toLowerCase()}${text.slice(1)}`;
}
