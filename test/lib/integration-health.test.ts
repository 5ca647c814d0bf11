// The stack with integration health: it synthesizes, the probe keeps the check's own log cursor (an SSM parameter it
// may write), and two alarms watch the org's totals (no hook, provider or person as a dimension): what stops people
// pages, the rest warns. Without the block, neither cursor nor alarm.
import { describe, expect, it } from 'vitest';
import { resources, synthTemplate } from './helpers';
import { integrationHealthConfig as integrationConfig } from '../support/configs';

/** The probe role's statements that may write an SSM parameter, as text. */
function ssmWrites(template: ReturnType<typeof synthTemplate>): string {
  return JSON.stringify(
    resources(template, 'AWS::IAM::Policy')
      .filter(([id]) => id.startsWith('ProbeRole'))
      .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: { Action: unknown }[] }).Statement)
      .filter((s) => JSON.stringify(s.Action).includes('ssm:PutParameter')),
  );
}

const P = 'okta-synthetics';

interface AlarmProps {
  AlarmName?: string;
  MetricName?: string;
  Dimensions?: unknown;
}

const alarmsOf = (template: ReturnType<typeof synthTemplate>): AlarmProps[] =>
  resources(template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties as AlarmProps);

const composite = (template: ReturnType<typeof synthTemplate>, name: string): string =>
  JSON.stringify(
    resources(template, 'AWS::CloudWatch::CompositeAlarm').find(([, r]) => r.Properties.AlarmName === name)?.[1]
      .Properties.AlarmRule,
  );

describe('the stack with "integrationHealth": {}', () => {
  const withIt = synthTemplate(integrationConfig());
  const without = synthTemplate({ ...integrationConfig(), integrationHealth: undefined });

  it('keeps its own log cursor; without the block, none', () => {
    expect(ssmWrites(withIt)).toContain('integration-health-cursor');
    expect(ssmWrites(without)).not.toContain('integration-health-cursor');
  });

  it('alarms on two totals of the org server, no other dimension: what stops people pages, the rest warns', () => {
    const ours = alarmsOf(withIt).filter((a) => /^Integrations/.test(a.MetricName ?? ''));
    expect(ours.map((a) => [a.AlarmName, a.MetricName]).sort()).toEqual([
      [`${P}-org-integrations-paging`, 'IntegrationsPaging'],
      [`${P}-org-integrations-warning`, 'IntegrationsWarning'],
    ]);
    for (const alarm of ours) expect(alarm.Dimensions).toEqual([{ Name: 'Server', Value: 'org' }]);
    expect(composite(withIt, `${P}-org-page`)).toContain('orgintegrationspaging');
    expect(composite(withIt, `${P}-org-page`)).not.toContain('orgintegrationswarning');
    expect(composite(withIt, `${P}-org-warn`)).toContain('orgintegrationswarning');
    expect(alarmsOf(without).filter((a) => /^Integrations/.test(a.MetricName ?? ''))).toEqual([]);
  });
});
