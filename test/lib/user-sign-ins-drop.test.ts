// The drop in real users' sign-ins: with `userSignIns`, one anomaly-detection alarm on the org's total UserSignIns
// (never one per app), below ANOMALY_DETECTION_BAND(m1, 2) with LessThanLowerThreshold, its model a resource of the
// stack; a missing datum keeps its state. Without the block, neither the alarm nor the model.
import { describe, expect, it } from 'vitest';
import { USER_SIGN_INS } from '../../functions/contract';
import { exampleConfig, resources, synthTemplate } from './helpers';
import { userSignInsConfig } from '../support/configs';

const P = 'okta-synthetics';

interface AlarmProps {
  AlarmName?: string;
  ComparisonOperator?: string;
  ThresholdMetricId?: string;
  TreatMissingData?: string;
  EvaluationPeriods?: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  Metrics?: {
    Id: string;
    Expression?: string;
    MetricStat?: { Metric: { MetricName: string; Dimensions: unknown[] }; Stat: string; Period: number };
  }[];
}

describe("the drop in real users' sign-ins", () => {
  it(
    'with userSignIns: one alarm below the anomaly band of the total UserSignIns (Server=org), its threshold the ' +
      'band, its model in the stack, missing data kept',
    () => {
      const template = synthTemplate(userSignInsConfig());
      const alarms = resources(template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties as AlarmProps);
      const drops = alarms.filter((a) => a.Metrics?.some((m) => m.Expression?.startsWith('ANOMALY_DETECTION_BAND')));
      expect(drops.map((a) => a.AlarmName)).toEqual([`${P}-org-user-sign-ins-drop`]);
      const [drop] = drops;
      const band = drop?.Metrics?.find((m) => m.Expression !== undefined);
      const watched = drop?.Metrics?.find((m) => m.MetricStat !== undefined);
      expect(band?.Expression).toBe(`ANOMALY_DETECTION_BAND(${watched?.Id}, ${USER_SIGN_INS.dropBandStdDevs})`);
      expect(drop?.ThresholdMetricId).toBe(band?.Id);
      expect(drop?.Threshold).toBeUndefined();
      expect(drop?.ComparisonOperator).toBe('LessThanLowerThreshold');
      expect(drop?.TreatMissingData).toBe('ignore');
      expect(drop?.EvaluationPeriods).toBe(USER_SIGN_INS.dropWindow.evaluationPeriods);
      expect(drop?.DatapointsToAlarm).toBe(USER_SIGN_INS.dropWindow.datapointsToAlarm);
      expect(watched?.MetricStat?.Metric.MetricName).toBe('UserSignIns');
      expect(watched?.MetricStat?.Metric.Dimensions).toEqual([{ Name: 'Server', Value: 'org' }]);
      expect(watched?.MetricStat?.Stat).toBe('Average');
      expect(watched?.MetricStat?.Period).toBe(USER_SIGN_INS.dropWindow.periodMinutes * 60);

      const models = resources(template, 'AWS::CloudWatch::AnomalyDetector').map(([, r]) => r.Properties);
      expect(models).toEqual([
        {
          SingleMetricAnomalyDetector: {
            MetricName: 'UserSignIns',
            Namespace: expect.any(String) as unknown,
            Stat: 'Average',
            Dimensions: [{ Name: 'Server', Value: 'org' }],
          },
        },
      ]);
      // A warning of the org's: a member of its warn composite, so probe-down and maintenance mute it.
      const warn = resources(template, 'AWS::CloudWatch::CompositeAlarm').find(
        ([, r]) => r.Properties.AlarmName === `${P}-org-warn`,
      );
      expect(JSON.stringify(warn?.[1].Properties.AlarmRule)).toContain('orgusersigninsdrop');
    },
  );

  it('without userSignIns: no anomaly alarm and no model', () => {
    const template = synthTemplate(exampleConfig());
    expect(resources(template, 'AWS::CloudWatch::AnomalyDetector')).toEqual([]);
    const alarms = resources(template, 'AWS::CloudWatch::Alarm').map(([, r]) => JSON.stringify(r.Properties));
    expect(alarms.filter((a) => a.includes('ANOMALY_DETECTION_BAND'))).toEqual([]);
  });
});
