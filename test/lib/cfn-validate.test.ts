// Every template we ship, judged by AWS's offline CloudFormation validator: an error here is a deploy that
// would fail in CloudFormation after minutes of waiting, found at test time instead.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/build-app';
import { templateErrors, validatorVersion } from '../support/cfn-validate';
import { exampleConfig, TEST_ENV, writeConfig } from './helpers';
import { browserJourneyConfig } from '../support/configs';

/**
 * AWS's offline validator reads every template whole: on a loaded 2-core machine one call has taken 80 s. A cap, not a
 * goal.
 */
const VALIDATOR_TIMEOUT_MS = 240_000;

/** Each stack's template and those of its nested stacks (each server's alarms), as CloudFormation receives them. */
function templates(config: Record<string, unknown>): { name: string; region: string; template: unknown }[] {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:validateAgainstDefaultRules': true },
  });
  const result = buildApp(app, { configPath: writeConfig(config), env: TEST_ENV });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.stacks.flatMap((stack) => [
    { name: stack.stackName, region: stack.region, template: Template.fromStack(stack).toJSON() },
    ...[...stack.alarms.serverStacks].map(([server, nested]) => ({
      name: `${stack.stackName}/${server}`,
      region: stack.region,
      template: Template.fromStack(nested).toJSON(),
    })),
  ]);
}

describe(`@aws/cloudformation-validate (engine ${validatorVersion()})`, () => {
  it(
    'finds no error and no warning in the example in a region of each partition (aws, aws-cn, aws-us-gov)',
    () => {
      // One config per partition: one deployment's account lives in one (functions/plan/deploy-rules.ts).
      const stacks = ['us-east-1', 'cn-north-1', 'us-gov-west-1'].flatMap((region) =>
        templates({ ...exampleConfig(), regions: [region] }),
      );
      // Per region: the main stack and the nested alarm stacks of its two servers.
      expect(stacks.map((s) => s.region)).toEqual([
        'us-east-1',
        'us-east-1',
        'us-east-1',
        'cn-north-1',
        'cn-north-1',
        'cn-north-1',
        'us-gov-west-1',
        'us-gov-west-1',
        'us-gov-west-1',
      ]);
      for (const { name, region, template } of stacks) {
        // W3005 "dependency already enforced by a GetAtt": CDK's Function adds an explicit DependsOn on its role
        // beside the Role GetAtt. Redundant, harmless, and not ours to remove.
        const findings = templateErrors(template, name, region, 'WARN').filter((f) => !f.startsWith('WARN W3005:'));
        expect({ name, findings }).toEqual({ name, findings: [] });
      }
    },
    VALIDATOR_TIMEOUT_MS,
  );

  it(
    'finds no error and no warning with every notification route configured (chat channels, https endpoints, ' +
      'a secret URL), the probe in a VPC and the latency alarm (a p90)',
    () => {
      const [{ name, region, template }, ...nested] = templates({
        ...exampleConfig(),
        latencyWarnMs: 1500,
        vpc: { subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'] },
        alarmEndpoints: { page: [{ secretName: 'pagerduty-url' }], warn: ['https://hooks.example.com/okta'] },
        chat: {
          slack: [{ workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' }],
          teams: [
            {
              teamId: 'e3b0c442-98fc-1c14-9afb-f4c8996fb924',
              channelId: '19:channel@thread.tacv2',
              tenantId: '8f14e45f-ceea-467a-9575-0e8d2c1d2b3a',
              severities: ['page'],
            },
          ],
        },
      }) as [
        { name: string; region: string; template: unknown },
        ...{ name: string; region: string; template: unknown }[],
      ];
      const findings = templateErrors(template, name, region, 'WARN').filter((f) => !f.startsWith('WARN W3005:'));
      expect(findings).toEqual([]);
      expect(nested.length).toBe(2);
      expect(JSON.stringify(nested.map((n) => n.template))).toContain('"ExtendedStatistic":"p90"');
      for (const n of nested)
        expect({ name: n.name, findings: templateErrors(n.template, n.name, n.region, 'WARN') }).toEqual({
          name: n.name,
          findings: [],
        });
    },
    VALIDATOR_TIMEOUT_MS,
  );

  it(
    'reports a broken resource, so a clean result means something',
    () => {
      const [{ name, region, template }] = templates(exampleConfig()) as [
        {
          name: string;
          region: string;
          template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
        },
      ];
      const [alarmId] = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::CloudWatch::Alarm') ?? [];
      const broken = structuredClone(template);
      broken.Resources[alarmId!]!.Properties.EvaluationPeriods = 'three';
      expect(templateErrors(broken, name, region).length).toBeGreaterThan(0);
    },
    VALIDATOR_TIMEOUT_MS,
  );
  it(
    "finds no error and no warning in the metric stream's two Firehose destinations (HTTP endpoint, Splunk)",
    () => {
      const stacks = [
        { to: 'dynatrace', endpointUrl: 'https://abc12345.live.dynatrace.com', secret: 'okta-synthetics/dynatrace' },
        {
          to: 'splunk',
          endpointUrl: 'https://http-inputs-firehose-acme.splunkcloud.com',
          secret: 'okta-synthetics/hec',
        },
      ].flatMap((metricStream) => templates({ ...exampleConfig(), metricStream }).slice(0, 1));
      for (const { name, region, template } of stacks) {
        const findings = templateErrors(template, name, region, 'WARN').filter((f) => !f.startsWith('WARN W3005:'));
        expect({ name, findings }).toEqual({ name, findings: [] });
      }
      expect(stacks).toHaveLength(2);
    },
    2 * VALIDATOR_TIMEOUT_MS,
  );
  it(
    "finds no error and no warning where another region's browser function reads the home's bucket name (its output)",
    () => {
      const base = browserJourneyConfig();
      const signIn = (base.signIn as Record<string, unknown>[]).map((j) =>
        j.flow === 'browser' ? { ...j, region: 'us-east-2' } : j,
      );
      const config = {
        ...base,
        signIn,
        regions: ['eu-west-1', 'us-east-2'],
        statusPage: { allowFrom: ['203.0.113.0/24'] },
      };
      const stacks = templates(config).filter((s) => !s.name.includes('/'));
      expect(JSON.stringify(stacks.map((s) => s.template))).toContain('Fn::GetStackOutput');
      for (const { name, region, template } of stacks) {
        const findings = templateErrors(template, name, region, 'WARN').filter((f) => !f.startsWith('WARN W3005:'));
        expect({ name, findings }).toEqual({ name, findings: [] });
      }
    },
    2 * VALIDATOR_TIMEOUT_MS,
  );
});
