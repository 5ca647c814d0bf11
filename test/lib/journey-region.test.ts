// A journey of a two-region config, synthesized: its alarms and dashboard widgets exist in the stack of the region
// that runs it only; the other region's stack still hands its probe the journey, which it skips (functions/lambda).
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { build, dashboardBody, flatTemplate, journeyConfig, resources } from './helpers';

function twoRegions() {
  const base = journeyConfig();
  const signIn = (base.signIn as Record<string, unknown>[]).map((j) =>
    j.id === 'portal' ? { ...j, region: 'eu-west-1' } : j,
  );
  const { app, result } = build({ ...base, regions: ['us-east-1', 'eu-west-1'], signIn });
  if (!result.ok) throw new Error(result.errors.join('; '));
  app.synth();
  const [east, west] = result.stacks;
  if (east === undefined || west === undefined) throw new Error('expected two stacks');
  return { east: flatTemplate(east), west: flatTemplate(west), stacks: { east, west } };
}

const alarmNames = (template: Template): string[] =>
  [...resources(template, 'AWS::CloudWatch::Alarm'), ...resources(template, 'AWS::CloudWatch::CompositeAlarm')].map(
    ([, r]) => String(r.Properties.AlarmName),
  );

describe('a journey in a two-region config, synthesized', () => {
  const { east, west, stacks } = twoRegions();

  it("has alarms and dashboard widgets in its own region's stack only", () => {
    expect(alarmNames(east).filter((n) => n.startsWith('okta-synthetics-portal-'))).toEqual([]);
    expect(alarmNames(west)).toContain('okta-synthetics-portal-page');
    expect(alarmNames(west).filter((n) => n.startsWith('okta-synthetics-mobile-'))).toEqual([]);
    expect(alarmNames(east)).toContain('okta-synthetics-mobile-page');
    const widgetText = (template: Template): string => JSON.stringify(dashboardBody(template).widgets);
    expect(widgetText(east)).not.toContain('portal');
    expect(widgetText(west)).toContain('portal');
  });

  it("creates a journey's user secret and its state table in its own region's stack only", () => {
    const secretNames = (template: Template): unknown[] =>
      resources(template, 'AWS::SecretsManager::Secret').map(([, r]) => r.Properties.Name);
    expect(secretNames(east)).not.toContain('okta-synthetics/portal');
    expect(secretNames(west)).toContain('okta-synthetics/portal');
    // "mobile" names an existing secret: neither stack creates one; its table items live in us-east-1's table only.
    const leadingKeys = (template: Template): string =>
      JSON.stringify(
        resources(template, 'AWS::IAM::Policy').flatMap(
          ([, r]) => JSON.stringify(r.Properties.PolicyDocument).match(/"dynamodb:LeadingKeys":\[[^\]]*\]/g) ?? [],
        ),
      );
    expect(leadingKeys(east)).toContain('mobile');
    expect(leadingKeys(east)).not.toContain('portal');
    expect(leadingKeys(west)).toContain('portal');
    expect(leadingKeys(west)).not.toContain('mobile');
    // The east probe is still handed "portal" (to skip it, saying where it runs), named by the secret west creates.
    const bundled = JSON.parse(stacks.east.probe.bundledConfig) as {
      config: { probe: { signIn: { id: string; secrets: unknown }[] } };
    };
    expect(bundled.config.probe.signIn.find((j) => j.id === 'portal')?.secrets).toEqual({
      from: 'secrets_manager',
      secretId: 'okta-synthetics/portal',
    });
  });
});
