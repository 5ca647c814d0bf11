import { describe, expect, it } from 'vitest';
import { alarmSpecs, alarmTiming, plannedAlarms } from '../../../functions/plan/alarms';
import { loadConfigFile } from '../../../functions/config/parse';
import { plannedChecks } from '../../../functions/plan/checks';
import { EXAMPLE_CONFIG_PATH } from '../../../lib/build-app';
import { exampleConfig, writeConfig } from '../../lib/helpers';

function load(raw: unknown) {
  const result = loadConfigFile(writeConfig(raw), 'deploy', {});
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

describe('plannedAlarms', () => {
  const config = load(exampleConfig());

  it('has one CheckSuccess alarm per planned check, plus headroom and skew per server, status, function and DLQ alarms', () => {
    const metricAlarms = plannedAlarms(config).filter((a) => a.kind === 'metric');
    const checks = plannedChecks(config.probe).length;
    // 2 servers x (headroom + skew - the clock check's own, which the skew alarm replaces) + status major and minor
    // + errors + throttles + heartbeat + dlq + maintenance + the notifier's errors and dead letters
    expect(metricAlarms).toHaveLength(checks + 2 * 2 - 2 + 2 + 5 + 2);
    expect(plannedAlarms(config).filter((a) => a.kind === 'composite').map((a) => a.name)).toEqual([
      'okta-synthetics-probe-down',
      'okta-synthetics-silence',
      'okta-synthetics-org-page',
      'okta-synthetics-org-warn',
      'okta-synthetics-default-page',
      'okta-synthetics-default-warn',
      'okta-synthetics-okta-warn',
    ]);
  });

  it('gives unique names within CloudWatch limits, descriptions of at most 1024 characters naming likely codes', () => {
    const alarms = plannedAlarms(load({ ...exampleConfig(), prefix: 'a'.repeat(40) }));
    expect(new Set(alarms.map((a) => a.name)).size).toBe(alarms.length);
    for (const alarm of alarms) {
      expect(alarm.name.length).toBeLessThanOrEqual(255);
      expect(alarm.description.length).toBeLessThanOrEqual(1024);
    }
    expect(alarms.find((a) => a.name.endsWith('-default-validate'))?.description).toMatch(/AUDIENCE_MISMATCH/);
  });

  it('lets only composites, the DLQ, maintenance, the notifier\'s own and the major-status alarm (a silent probe cannot trip it) notify; members come first', () => {
    const specs = alarmSpecs(config);
    const notifying = specs.filter((s) => s.notifies !== null).map((s) => `${s.name} ${s.notifies}`);
    expect(notifying).toEqual([
      'okta-synthetics-okta-status-major page',
      'okta-synthetics-probe-down page',
      'okta-synthetics-dlq warn',
      'okta-synthetics-maintenance warn',
      'okta-synthetics-notifier-errors warn',
      'okta-synthetics-notifier-dlq page',
      'okta-synthetics-org-page page',
      'okta-synthetics-org-warn warn',
      'okta-synthetics-default-page page',
      'okta-synthetics-default-warn warn',
      'okta-synthetics-okta-warn warn',
    ]);
    const seen = new Set<string>();
    for (const spec of specs) {
      if (spec.kind === 'composite') for (const member of [...spec.members, ...(spec.suppressor ? [spec.suppressor.name] : [])]) expect(seen).toContain(member);
      seen.add(spec.name);
    }
  });

  it('pages for availability and a major status incident, warns for capacity, hygiene, minor status and lost runs', () => {
    const severity = new Map(plannedAlarms(config).map((a) => [a.name.replace('okta-synthetics-', ''), a.severity]));
    for (const name of ['org-discovery', 'org-keys', 'org-token', 'org-introspect', 'org-authorize', 'default-validate', 'okta-status-major', 'heartbeat', 'notifier-dlq']) {
      expect(severity.get(name), name).toBe('page');
    }
    for (const name of ['org-rate-limit', 'org-headroom', 'org-clock-skew', 'okta-status', 'okta-status-minor', 'dlq', 'notifier-errors']) {
      expect(severity.get(name), name).toBe('warn');
    }
  });

  it('scales periods with the schedule: page checks on 1 of 2, warnings and liveness on 2 of 3, missing data kept, a one-evaluation suppressor', () => {
    for (const scheduleMinutes of [1, 5, 15, 60]) {
      const specs = alarmSpecs(load({ ...exampleConfig(), scheduleMinutes }));
      const find = (name: string) => specs.find((s) => s.name === `okta-synthetics-${name}`);
      expect(find('org-token')).toMatchObject({ periodMinutes: scheduleMinutes, evaluationPeriods: 2, datapointsToAlarm: 1, missingData: 'ignore' });
      expect(find('org-rate-limit')).toMatchObject({ periodMinutes: scheduleMinutes, evaluationPeriods: 3, datapointsToAlarm: 2, missingData: 'ignore' });
      expect(find('org-headroom')).toMatchObject({ evaluationPeriods: 3, datapointsToAlarm: 2, missingData: 'ignore' });
      expect(find('heartbeat')).toMatchObject({ periodMinutes: scheduleMinutes, evaluationPeriods: 3, datapointsToAlarm: 2, missingData: 'breaching', comparison: 'lessThan', threshold: 1 });
      // The wait covers one evaluation (a maintenance window opened in the run that first fails), not a dead probe.
      expect(find('org-page')).toMatchObject({ suppressor: { name: 'okta-synthetics-silence', waitMinutes: 1, extensionMinutes: 1 } });
    }
  });

  it('states the worst cases of the issue 20 goals at the 1-minute schedule, and scales them with the period', () => {
    expect(alarmTiming(1)).toMatchObject({ pageWithinMinutes: 4, okWithinMinutes: 4, warnWithinMinutes: 5, probeDownWithinMinutes: 4 });
    for (const scheduleMinutes of [5, 15, 60]) {
      const t = alarmTiming(scheduleMinutes);
      expect(t.pageWithinMinutes).toBe(2 * scheduleMinutes + 2);
      expect(t.okWithinMinutes).toBe(3 * scheduleMinutes + 1);
      expect(t.probeDownWithinMinutes).toBe(3 * scheduleMinutes + 1);
    }
  });

  it('is computed from the committed example without CDK', () => {
    const result = loadConfigFile(EXAMPLE_CONFIG_PATH, 'deploy', {});
    expect(result.ok && plannedAlarms(result.config).length).toBeGreaterThan(20);
  });
});
