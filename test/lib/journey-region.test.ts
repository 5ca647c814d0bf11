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
  return { east: flatTemplate(east), west: flatTemplate(west) };
}

const alarmNames = (template: Template): string[] =>
  [...resources(template, 'AWS::CloudWatch::Alarm'), ...resources(template, 'AWS::CloudWatch::CompositeAlarm')].map(
    ([, r]) => String(r.Properties.AlarmName),
  );

describe('a journey in a two-region config, synthesized', () => {
  const { east, west } = twoRegions();

  it("has alarms and dashboard widgets in its own region's stack only", () => {
    expect(alarmNames(east).filter((n) => n.startsWith('okta-synthetics-portal-'))).toEqual([]);
    expect(alarmNames(west)).toContain('okta-synthetics-portal-page');
    expect(alarmNames(west).filter((n) => n.startsWith('okta-synthetics-mobile-'))).toEqual([]);
    expect(alarmNames(east)).toContain('okta-synthetics-mobile-page');
    const widgetText = (template: Template): string => JSON.stringify(dashboardBody(template).widgets);
    expect(widgetText(east)).not.toContain('portal');
    expect(widgetText(west)).toContain('portal');
  });
});
