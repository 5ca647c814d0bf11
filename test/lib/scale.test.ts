// A large deployment, synthesized as `cdk synth` does (real bundling), against the limits AWS enforces only at
// deploy time: 50 servers (the yardstick) and MAX_SERVERS, the most one configuration may hold. The
// configuration is a file in the probe's asset, not its 4 KB environment, and every template (the main one and
// each server's nested alarm stack) passes AWS's offline validator.
import { App } from 'aws-cdk-lib';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE } from '../../functions/contract';
import type { ResolvedConfig } from '../../functions/config/resolved';
import { buildApp, MAX_SERVERS } from '../../lib/build-app';
import { samlCatalogueConfig } from '../support/configs';
import { templateErrors } from '../support/cfn-validate';
import { Template } from 'aws-cdk-lib/assertions';
import { deploymentSize } from '../../functions/plan/deployment-size';
import { build, dashboardBody, exampleConfig, flatTemplate, journeyConfig, TEST_ENV, writeConfig } from './helpers';

/**
 * AWS's offline validator reads every template whole: on a loaded 2-core machine one call has taken 80 s. A cap, not a
 * goal.
 */
const VALIDATOR_TIMEOUT_MS = 240_000;

// CloudFormation quotas (AWS CloudFormation User Guide, "quotas") and CloudWatch's dashboard limits
// (CloudWatch User Guide, "service quotas", and "Dashboard body structure": an alarm widget takes 1-100 ARNs).
const LIMITS = {
  resources: 500,
  outputs: 200,
  parameters: 200,
  templateBytes: 1_000_000,
  widgets: 500,
  metricsPerWidget: 500,
  metricsPerDashboard: 2500,
  alarmsPerWidget: 100,
};

interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
  Outputs?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
}

/** The example with `count` servers: the Org AS and custom ones with long ids (long alarm names, long JSON). */
function configWith(count: number): Record<string, unknown> {
  const config = exampleConfig();
  const [org, custom] = config.servers as Record<string, unknown>[];
  const customs = Array.from({ length: count - 1 }, (_, i) => ({
    ...custom,
    id: `aus${String(i).padStart(4, '0')}k8r2mZq7x0h7`,
  }));
  return { ...config, servers: [org, ...customs] };
}

function withinLimits(name: string, template: CfnTemplate): void {
  expect(Object.keys(template.Resources).length, `${name}: resources`).toBeLessThanOrEqual(LIMITS.resources);
  expect(Object.keys(template.Outputs ?? {}).length, `${name}: outputs`).toBeLessThanOrEqual(LIMITS.outputs);
  expect(Object.keys(template.Parameters ?? {}).length, `${name}: parameters`).toBeLessThanOrEqual(LIMITS.parameters);
  expect(JSON.stringify(template).length, `${name}: bytes`).toBeLessThanOrEqual(LIMITS.templateBytes);
}

function dashboardWithinLimits(body: ReturnType<typeof dashboardBody>, alarmNames: readonly string[]): void {
  expect(body.widgets.length).toBeLessThanOrEqual(LIMITS.widgets);
  let metrics = 0;
  const shown: string[] = [];
  for (const widget of body.widgets) {
    const rows = widget.properties.metrics?.length ?? 0;
    expect(rows).toBeLessThanOrEqual(LIMITS.metricsPerWidget);
    metrics += rows;
    const alarms = (widget.properties as { alarms?: string[] }).alarms;
    if (alarms !== undefined) {
      expect(alarms.length).toBeGreaterThanOrEqual(1);
      expect(alarms.length).toBeLessThanOrEqual(LIMITS.alarmsPerWidget);
      shown.push(...alarms.map((arn) => arn.slice(arn.lastIndexOf(':alarm:') + ':alarm:'.length)));
    }
  }
  expect(metrics).toBeLessThanOrEqual(LIMITS.metricsPerDashboard);
  // Every alarm is on the dashboard exactly once, however many widgets it takes.
  expect([...shown].sort()).toEqual([...alarmNames].sort());
}

describe('50 servers, synthesized with real bundling', () => {
  let outdir: string;
  let parent: CfnTemplate;
  let nested: { file: string; template: CfnTemplate }[];
  let probeAsset: string;
  let bundledConfig: string;
  let alarmNames: readonly string[];
  let body: ReturnType<typeof dashboardBody>;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-scale-'));
    const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
    const built = buildApp(app, { configPath: writeConfig(configWith(50)), env: TEST_ENV });
    if (!built.ok) throw new Error(built.errors.join('; '));
    const [stack] = built.stacks;
    if (stack === undefined) throw new Error('no stack');
    bundledConfig = stack.probe.bundledConfig;
    alarmNames = [...stack.alarms.alarms.keys()];
    body = dashboardBody(flatTemplate(stack));
    const assembly = app.synth();
    const artifact = assembly.getStackByName(stack.stackName);
    parent = artifact.template as CfnTemplate;
    nested = readdirSync(assembly.directory)
      .filter((file) => file.endsWith('.nested.template.json'))
      .map((file) => ({
        file,
        template: JSON.parse(readFileSync(join(assembly.directory, file), 'utf8')) as CfnTemplate,
      }));
    const probe = Object.values(parent.Resources).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties?.FunctionName === 'okta-synthetics-probe',
    );
    probeAsset = join(assembly.directory, String(probe?.Metadata?.['aws:asset:path']));
  });
  afterAll(() => {
    if (outdir !== undefined) rmSync(outdir, { recursive: true, force: true });
  });

  it('bundles the whole configuration beside the handler, far past the 4 KB a Lambda environment holds', () => {
    const file = join(probeAsset, CONFIG_FILE);
    expect(existsSync(file)).toBe(true);
    const written = readFileSync(file, 'utf8');
    expect(written).toBe(bundledConfig);
    expect(Buffer.byteLength(written)).toBeGreaterThan(4096 * 2);
    expect((JSON.parse(written) as { config: ResolvedConfig }).config.probe.servers).toHaveLength(50);
    expect(written).not.toMatch(/BEGIN|clientSecret"/);
    const probe = Object.values(parent.Resources).find((r) => r.Properties?.FunctionName === 'okta-synthetics-probe');
    expect(JSON.stringify(probe?.Properties?.Environment)).not.toContain('servers');
  });

  it(
    "puts each server's alarms in a nested stack of its own, and every template stays within CloudFormation's " +
      'limits',
    () => {
      expect(nested).toHaveLength(50);
      withinLimits('main stack', parent);
      for (const { file, template } of nested) {
        withinLimits(file, template);
        expect(Object.values(template.Resources).every((r) => r.Type.startsWith('AWS::CloudWatch::'))).toBe(true);
      }
      const alarmsInNested = nested.reduce((sum, { template }) => sum + Object.keys(template.Resources).length, 0);
      expect(alarmsInNested).toBeGreaterThan(LIMITS.resources);
    },
  );

  it("keeps every dashboard widget within CloudWatch's limits and shows every alarm", () => {
    dashboardWithinLimits(body, alarmNames);
    expect(
      body.widgets.filter((w) => (w.properties as { alarms?: unknown }).alarms !== undefined).length,
    ).toBeGreaterThan(1);
  });

  it(
    "passes AWS's offline validator: the main template and every nested one, no error",
    () => {
      expect(templateErrors(parent, 'main', TEST_ENV.CDK_DEFAULT_REGION)).toEqual([]);
      for (const { file, template } of nested)
        expect({ file, errors: templateErrors(template, file, TEST_ENV.CDK_DEFAULT_REGION) }).toEqual({
          file,
          errors: [],
        });
    },
    VALIDATOR_TIMEOUT_MS,
  );
});

describe(`MAX_SERVERS (${MAX_SERVERS}) servers, the most one configuration may hold`, () => {
  it('stays within every CloudFormation and dashboard limit', () => {
    const { result } = build(configWith(MAX_SERVERS));
    if (!result.ok) throw new Error(result.errors.join('; '));
    const [stack] = result.stacks;
    if (stack === undefined) throw new Error('no stack');
    const assembly = stack.node.root as App;
    const cloud = assembly.synth();
    withinLimits('main stack', cloud.getStackByName(stack.stackName).template as CfnTemplate);
    dashboardWithinLimits(dashboardBody(flatTemplate(stack)), [...stack.alarms.alarms.keys()]);
  });
});

describe('1,000 SAML apps in a group, synthesized with real bundling', () => {
  let parent: CfnTemplate;
  let nested: CfnTemplate[];
  let bundled: string;
  let body: ReturnType<typeof dashboardBody>;
  let alarmNames: readonly string[];
  let outdir: string;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-saml-scale-'));
    const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
    // Bundled as cdk synth bundles: a thousand apps' configuration once failed the bundling spawn with E2BIG.
    const built = buildApp(app, { configPath: writeConfig(samlCatalogueConfig(1000)), env: TEST_ENV });
    if (!built.ok) throw new Error(built.errors.join('; '));
    const [stack] = built.stacks;
    if (stack === undefined) throw new Error('no stack');
    alarmNames = [...stack.alarms.alarms.keys()];
    body = dashboardBody(flatTemplate(stack));
    const assembly = app.synth();
    parent = assembly.getStackByName(stack.stackName).template as CfnTemplate;
    nested = readdirSync(assembly.directory)
      .filter((f) => f.endsWith('.nested.template.json'))
      .map((f) => JSON.parse(readFileSync(join(assembly.directory, f), 'utf8')) as CfnTemplate);
    const probe = Object.values(parent.Resources).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties?.FunctionName === 'okta-synthetics-probe',
    );
    bundled = readFileSync(join(assembly.directory, String(probe?.Metadata?.['aws:asset:path']), CONFIG_FILE), 'utf8');
  });
  afterAll(() => {
    if (outdir !== undefined) rmSync(outdir, { recursive: true, force: true });
  });

  it('bundles the thousand apps beside the handler: far past what one environment string holds (128 KB)', () => {
    expect((JSON.parse(bundled) as { config: ResolvedConfig }).config.probe.samlApps).toHaveLength(1000);
    expect(Buffer.byteLength(bundled)).toBeGreaterThan(128 * 1024);
  });

  it(
    "stays within every CloudFormation and dashboard limit, with one group's alarms and no alarm, metric or " +
      'widget per app',
    () => {
      withinLimits('main stack', parent);
      for (const template of nested) withinLimits('nested', template);
      dashboardWithinLimits(body, alarmNames);
      // The two servers, the two journeys and the group: a nested stack each, none per app.
      expect(nested).toHaveLength(5);
      expect(alarmNames.filter((name) => /app-\d{4}/.test(name))).toEqual([]);
      expect(JSON.stringify(body)).not.toMatch(/app-\d{4}/);
      expect(body.widgets.length).toBeLessThan(40);
      expect(JSON.stringify(parent).length).toBeLessThan(150_000);
      const table = Object.values(parent.Resources).find((r) => r.Type === 'AWS::DynamoDB::Table');
      expect(table?.Properties).toMatchObject({
        TableName: 'okta-synthetics-saml-apps',
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
      });
    },
  );
});

/** The counts a synth really gives: the main template's outputs, the dashboard's widgets and metric lines. */
function synthesizedSize(config: unknown): { outputs: number; widgets: number; metrics: number } {
  const { result } = build(config);
  if (!result.ok) throw new Error(result.errors.join('; '));
  const [stack] = result.stacks;
  if (stack === undefined) throw new Error('no stack');
  const body = dashboardBody(flatTemplate(stack));
  const outputs = Object.keys((Template.fromStack(stack).toJSON() as CfnTemplate).Outputs ?? {}).length;
  return {
    outputs,
    widgets: body.widgets.length,
    metrics: body.widgets.reduce((sum, w) => sum + (w.properties.metrics?.length ?? 0), 0),
  };
}

// The size rule (functions/plan/deploy-rules.ts) judges counts made from the plan, without the CDK: they are the
// synth's own, for servers, the org's System Log and inventory rows, journeys and SAML apps.
describe('deploymentSize counts what the synth builds', () => {
  const samlApp = (id: string) => ({
    id,
    signIn: 'portal',
    ssoUrl: 'https://acme.okta.com/app/acme_x_1/exk1a2b3c4d5e6f7g8h9/sso/saml',
    metadataUrl: 'https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata',
    audience: 'https://sp.example',
    recipient: 'https://sp.example/acs',
  });
  const [org, custom] = exampleConfig().servers as Record<string, unknown>[];
  const inventoried = {
    ...org,
    inventory: true,
    systemLog: true,
    scopes: [
      'okta.users.read',
      'okta.logs.read',
      'okta.apps.read',
      'okta.apiTokens.read',
      'okta.idps.read',
      'okta.logStreams.read',
      'okta.eventHooks.read',
      'okta.agentPools.read',
    ],
  };
  it.each([
    ['the example', exampleConfig()],
    [
      '30 servers, the org reading its System Log and inventory',
      { ...configWith(30), servers: [inventoried, ...(configWith(30).servers as unknown[]).slice(1)] },
    ],
    [
      'two journeys and 110 SAML apps with their own alarms (two alarm widgets)',
      {
        ...journeyConfig(),
        servers: [org, custom],
        samlApps: Array.from({ length: 110 }, (_, i) => ({ ...samlApp(`app${i}`), ownAlarm: true })),
      },
    ],
    // The status page's URL, which the home region's template outputs.
    ['the example with a status page', { ...exampleConfig(), statusPage: { allowFrom: ['203.0.113.0/24'] } }],
    // The same apps counted in their journey's default group, and a group that discovers its apps.
    ['two journeys and 1,000 SAML apps in a group', samlCatalogueConfig(1000)],
    [
      'a discovering group beside the listed apps',
      {
        ...samlCatalogueConfig(10),
        servers: [{ ...org, scopes: ['okta.users.read', 'okta.apps.read'] }, custom],
        samlGroups: [{ id: 'assigned-apps', signIn: 'portal', discover: 'assigned' }],
      },
    ],
  ])('%s', (_what, config) => {
    const { result } = build(config);
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(deploymentSize(result.config)).toEqual(synthesizedSize(config));
  });
});
