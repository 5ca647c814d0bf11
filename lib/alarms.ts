// The alarms of functions/plan/alarms.ts, built in CDK. Per-check alarms do not notify: each server's composite
// does, so an incident pages once, and the composites stay silent while the probe itself is failing (the
// function-errors alarm, which pages on its own, suppresses them).
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmRule,
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
import type { LoadedConfig } from '../functions/config/parse';
import { alarmSpecs, type InfraMetricAlarm, type ProbeMetricAlarm } from '../functions/plan/alarms';

export interface ProbeAlarmsProps {
  readonly config: LoadedConfig;
  /** Where alarm and OK notifications go. */
  readonly topic: ITopic;
  /** The probe function (its Errors and Throttles are alarmed). */
  readonly function: IFunction;
  /** The probe's dead-letter queue (its depth is alarmed). */
  readonly deadLetterQueue: IQueue;
}

const COMPARISON: Record<ProbeMetricAlarm['comparison'], ComparisonOperator> = {
  lessThan: ComparisonOperator.LESS_THAN_THRESHOLD,
  greaterThan: ComparisonOperator.GREATER_THAN_THRESHOLD,
  greaterThanOrEqual: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
};

const MISSING: Record<ProbeMetricAlarm['missingData'], TreatMissingData> = {
  breaching: TreatMissingData.BREACHING,
  notBreaching: TreatMissingData.NOT_BREACHING,
};

export class ProbeAlarms extends Construct {
  /** Every alarm, metric and composite, by name: for the dashboard's alarm status widget. */
  readonly alarms: ReadonlyMap<string, IAlarm>;
  readonly composites: readonly CompositeAlarm[];

  constructor(scope: Construct, id: string, props: ProbeAlarmsProps) {
    super(scope, id);
    const { config } = props;
    const action = new SnsAction(props.topic);
    const alarms = new Map<string, IAlarm>();
    const composites: CompositeAlarm[] = [];
    const specs = alarmSpecs(config);
    const constructId = (name: string): string => name.slice(config.deploy.prefix.length + 1) || name;

    for (const spec of specs) {
      if (spec.kind !== 'metric') continue;
      const alarm = new Alarm(this, constructId(spec.name), {
        alarmName: spec.name,
        alarmDescription: spec.description,
        metric: spec.source === 'probe' ? probeMetric(spec, config.deploy.namespace) : infraMetric(spec, props),
        threshold: spec.threshold,
        comparisonOperator: COMPARISON[spec.comparison],
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        treatMissingData: MISSING[spec.missingData],
      });
      if (spec.notify) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
      alarms.set(spec.name, alarm);
    }

    const suppressor = alarms.get(`${config.deploy.prefix}-function-errors`);
    for (const spec of specs) {
      if (spec.kind !== 'composite') continue;
      const members = spec.members.map((name) => {
        const member = alarms.get(name);
        if (member === undefined) throw new Error(`ProbeAlarms: composite ${spec.name} names unknown alarm ${name}`);
        return AlarmRule.fromAlarm(member, AlarmState.ALARM);
      });
      const composite = new CompositeAlarm(this, constructId(spec.name), {
        compositeAlarmName: spec.name,
        alarmDescription: spec.description,
        alarmRule: AlarmRule.anyOf(...members),
        // While the probe itself fails every check alarms for lack of data: that one page is enough.
        ...(suppressor !== undefined
          ? { actionsSuppressor: suppressor, actionsSuppressorWaitPeriod: Duration.minutes(2), actionsSuppressorExtensionPeriod: Duration.minutes(1) }
          : {}),
      });
      composite.addAlarmAction(action);
      composite.addOkAction(action);
      alarms.set(spec.name, composite);
      composites.push(composite);
    }
    this.alarms = alarms;
    this.composites = composites;
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
  switch (spec.metric) {
    case 'Errors':
      return props.function.metricErrors(options);
    case 'Throttles':
      return props.function.metricThrottles(options);
    case 'ApproximateNumberOfMessagesVisible':
      return props.deadLetterQueue.metricApproximateNumberOfMessagesVisible(options);
  }
}
