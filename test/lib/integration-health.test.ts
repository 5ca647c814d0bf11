// The stack with integration health: it synthesizes, the probe keeps the check's own log cursor (an SSM parameter it
// may write), and, information only in this first version, it adds no alarm and no metric of its own. Without the
// block, no cursor of it.
import { describe, expect, it } from 'vitest';
import { exampleConfig, resources, synthTemplate } from './helpers';

/** The example with the org server reading the System Log and "integrationHealth": {}. */
function integrationConfig(): Record<string, unknown> {
  const config = exampleConfig();
  const servers = (config.servers as Record<string, unknown>[]).map((s) =>
    s.id === 'org' ? { ...s, systemLog: true, scopes: [...new Set([...(s.scopes as string[]), 'okta.logs.read'])] } : s,
  );
  return { ...config, servers, integrationHealth: {} };
}

/** The probe role's statements that may write an SSM parameter, as text. */
function ssmWrites(template: ReturnType<typeof synthTemplate>): string {
  return JSON.stringify(
    resources(template, 'AWS::IAM::Policy')
      .filter(([id]) => id.startsWith('ProbeRole'))
      .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: { Action: unknown }[] }).Statement)
      .filter((s) => JSON.stringify(s.Action).includes('ssm:PutParameter')),
  );
}

describe('the stack with "integrationHealth": {}', () => {
  it('synthesizes, keeps its own log cursor, and adds no alarm of its own', () => {
    const withIt = synthTemplate(integrationConfig());
    expect(ssmWrites(withIt)).toContain('integration-health-cursor');
    const alarms = (t: ReturnType<typeof synthTemplate>): string[] =>
      resources(t, 'AWS::CloudWatch::Alarm').map(([, r]) => String(r.Properties.AlarmName));
    expect(alarms(withIt).filter((name) => /integration/.test(name))).toEqual([]);
    const without = synthTemplate({
      ...integrationConfig(),
      integrationHealth: undefined,
    });
    expect(ssmWrites(without)).not.toContain('integration-health-cursor');
    expect(alarms(withIt).sort()).toEqual(alarms(without).sort());
  }, 180_000);
});
