import { describe, expect, it } from 'vitest';
import { alarmSpecs, plannedAlarms } from '../../../functions/plan/alarms';
import { loadConfigFile } from '../../../functions/config/parse';
import { plannedChecks } from '../../../functions/plan/checks';
import { DEFAULT_CONFIG_PATH } from '../../../lib/build-app';
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
    // 2 servers x (headroom + skew) + status major and minor + errors + throttles + dlq
    expect(metricAlarms).toHaveLength(checks + 2 * 2 + 2 + 3);
    expect(plannedAlarms(config).filter((a) => a.kind === 'composite').map((a) => a.name)).toEqual([
      'okta-synthetics-org',
      'okta-synthetics-default',
      'okta-synthetics-okta',
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

  it('lets only composites, function and DLQ alarms notify; every composite member exists', () => {
    const specs = alarmSpecs(config);
    const metricNames = new Set(specs.filter((s) => s.kind === 'metric').map((s) => s.name));
    for (const spec of specs) {
      if (spec.kind === 'composite') for (const member of spec.members) expect(metricNames.has(member)).toBe(true);
      else expect(spec.notify).toBe(spec.source !== 'probe');
    }
  });

  it('is computed from the committed example without CDK', () => {
    const result = loadConfigFile(DEFAULT_CONFIG_PATH, 'deploy', {});
    expect(result.ok && plannedAlarms(result.config).length).toBeGreaterThan(20);
  });
});
