// Grafana's marks of alarm changes: the logs annotations read the notifier's log, which never holds the changes of the
// alarms that notify the topics directly (the notifier's own errors and dead-letter queue); each of those is an alarm
// annotation on its own metric, so every alarm that notifies shows on the graphs.
import { describe, expect, it } from 'vitest';
import { liveness } from '../../../functions/contract';
import { alarmTiming } from '../../../functions/plan/alarm-timing';
import { deploymentAlarms } from '../../../functions/plan/deployment-alarms';
import { directAlarmAnnotations } from '../../../functions/plan/grafana-dashboard';

describe("the Grafana dashboard's marks of the notifier's own alarms", () => {
  it('marks each alarm that notifies the topics directly by its metric: its errors and its dead-letter queue', () => {
    const prefix = 'okta-synth';
    const direct = deploymentAlarms(prefix, alarmTiming(1)).specs.filter(
      (spec) => spec.kind === 'metric' && spec.direct === true,
    );
    const marks = directAlarmAnnotations(prefix, 1);
    expect(marks.map((m) => m.name).sort()).toEqual(direct.map((spec) => `Alarm ${spec.name}`).sort());
    const names = liveness(prefix);
    expect(marks.map((m) => m.target.refId).sort()).toEqual([names.notifierDlq, names.notifierErrors].sort());
    const errors = marks.find((m) => m.target.refId === names.notifierErrors)?.target;
    expect(errors).toMatchObject({
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: 'okta-synth-notifier' },
      statistic: 'Sum',
      prefixMatching: false,
    });
    const dlq = marks.find((m) => m.target.refId === names.notifierDlq)?.target;
    expect(dlq).toMatchObject({
      namespace: 'AWS/SQS',
      metricName: 'NumberOfMessagesSent',
      dimensions: { QueueName: 'okta-synth-notifier-dlq' },
      statistic: 'Sum',
    });
  });
});
