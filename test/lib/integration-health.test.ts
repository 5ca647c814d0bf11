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

/** The stack's alarms on the integrations' metrics: name, metric and dimensions. */
const ourAlarms = (template: ReturnType<typeof synthTemplate>): [unknown, unknown, unknown][] =>
  resources(template, 'AWS::CloudWatch::Alarm')
    .map(([, r]) => r.Properties)
    .filter((a) => String(a.MetricName).startsWith('Integrations'))
    .map((a) => [a.AlarmName, a.MetricName, a.Dimensions]);

/** The rule of each composite alarm, by its name. */
const rules = (template: ReturnType<typeof synthTemplate>): Map<string, string> =>
  new Map(
    resources(template, 'AWS::CloudWatch::CompositeAlarm').map(([, r]) => [
      String(r.Properties.AlarmName),
      JSON.stringify(r.Properties.AlarmRule),
    ]),
  );

describe('the stack with "integrationHealth": {}', () => {
  const withIt = synthTemplate(integrationConfig());
  const without = synthTemplate({ ...integrationConfig(), integrationHealth: undefined });

  it('keeps its own log cursor; without the block, none', () => {
    expect(ssmWrites(withIt)).toContain('integration-health-cursor');
    expect(ssmWrites(without)).not.toContain('integration-health-cursor');
  });

  it('alarms on two totals of the org server, no other dimension: what stops people pages, the rest warns', () => {
    const server = [{ Name: 'Server', Value: 'org' }];
    expect(ourAlarms(withIt).sort()).toEqual([
      [`${P}-org-integrations-paging`, 'IntegrationsPaging', server],
      [`${P}-org-integrations-warning`, 'IntegrationsWarning', server],
    ]);
    const composites = rules(withIt);
    expect(composites.get(`${P}-org-page`)).toContain('orgintegrationspaging');
    expect(composites.get(`${P}-org-page`)).not.toContain('orgintegrationswarning');
    expect(composites.get(`${P}-org-warn`)).toContain('orgintegrationswarning');
    expect(ourAlarms(without)).toEqual([]);
  });
});
