// OktaSynthetics as CDK users expect a construct to behave in the app they have: inside a Stage of a pipeline, under
// their tags and Aspects, refused with its path when it is put where it cannot work, and, at an App's root, making
// the very stacks a clone's app made, so moving to the package replaces nothing.
import { App, Aspects, CfnResource, NestedStack, Stack, Stage, Tags, Token, type IAspect } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/build-app';
import { OktaSynthetics, OktaSyntheticsConfigError, type OktaSyntheticsConfig } from '../../lib/okta-synthetics';
import { exampleConfig, TEST_ENV, twoServerConfig, writeConfig } from '../support/configs';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** The example without `regions`: its one stack takes the region of wherever it is made. */
function regionless(): OktaSyntheticsConfig {
  const { regions: _, ...config } = exampleConfig();
  return config as OktaSyntheticsConfig;
}

/** Two servers in each of `regions`, the quorum's: the support file's config, given the package's type. */
const inRegions = (regions: string[]): OktaSyntheticsConfig => twoServerConfig(regions) as OktaSyntheticsConfig;

/**
 * Each template (each stack's and its nested stacks') by the stack's name and the nested stack's path in it. Left
 * out are what the stack's place in the app names without changing any resource: with bundling skipped (as here,
 * to save minutes) CDK fingerprints a code asset by its construct's path, where a real synth hashes the code
 * itself, the same wherever the stack is (a function version's logical id carries that hash); a nested stack's
 * parameters are named by CDK from the path of the resource they pass, and a new name is an update in place of
 * the nested stack (its template's URL changes with it), no resource of it replaced.
 */
function templatesByStackName(stacks: readonly Stack[]): Record<string, string> {
  return Object.fromEntries(
    stacks.flatMap((stack) =>
      [stack, ...stack.node.findAll().filter(NestedStack.isNestedStack)].map((one) => [
        `${stack.stackName}${one === stack ? '' : ` ${one.node.path.slice(stack.node.path.length)}`}`,
        JSON.stringify(Template.fromStack(one).toJSON(), null, 1)
          .replace(/"S3Key": "[0-9a-f]{64}\.zip"/g, '"S3Key": "<code>.zip"')
          .replace(/CurrentVersion([0-9A-F]{8})[0-9a-f]{32}/g, 'CurrentVersion$1<code>')
          .replace(/referenceto\w+?(Arn|Ref)\b/g, 'referenceto<path>$1')
          .replace(/\/[0-9a-f]{64}\.json"/g, '/<nested template>.json"'),
      ]),
    ),
  );
}

// The CDK CLI sets these for every app it runs: the construct must not take them over its Stage's.
const saved = { ...process.env };
beforeEach(() => {
  process.env.CDK_DEFAULT_ACCOUNT = '999999999999';
  process.env.CDK_DEFAULT_REGION = 'ap-southeast-2';
});
afterEach(() => {
  for (const key of ['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION'])
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
});

describe('OktaSynthetics in a Stage', () => {
  it("deploys to the Stage's account and region, not the CDK CLI's, and the props override them", () => {
    const app = new App({ context: NO_BUNDLING });
    const prod = new Stage(app, 'Prod', { env: { account: '111111111111', region: 'eu-central-1' } });
    const okta = new OktaSynthetics(prod, 'Okta', { config: regionless() });
    expect(okta.stacks.map((s) => [s.account, s.region, s.stackName])).toEqual([
      ['111111111111', 'eu-central-1', 'Prod-okta-synthetics-eu-central-1'],
    ]);
    const other = new Stage(app, 'Other', { env: { account: '111111111111', region: 'eu-central-1' } });
    const overridden = new OktaSynthetics(other, 'Okta', {
      config: { ...regionless(), prefix: 'okta-other' },
      account: '222222222222',
      region: 'eu-west-1',
    });
    expect(overridden.stacks.map((s) => [s.account, s.region])).toEqual([['222222222222', 'eu-west-1']]);
  });

  it("keeps the config's regions over the Stage's region, in the Stage's account", () => {
    const app = new App({ context: NO_BUNDLING });
    const prod = new Stage(app, 'Prod', { env: { account: '111111111111', region: 'eu-central-1' } });
    const okta = new OktaSynthetics(prod, 'Okta', { config: inRegions(['us-east-1', 'eu-west-1']) });
    expect(okta.stacks.map((s) => [s.account, s.region])).toEqual([
      ['111111111111', 'us-east-1'],
      ['111111111111', 'eu-west-1'],
    ]);
  });

  it('synthesizes a two-region quorum in a Stage without an account: no config needs one known at synth', () => {
    const app = new App({ context: NO_BUNDLING });
    const okta = new OktaSynthetics(new Stage(app, 'Prod'), 'Okta', { config: inRegions(['us-east-1', 'eu-west-1']) });
    expect(okta.stacks.map((s) => [Token.isUnresolved(s.account), s.region])).toEqual([
      [true, 'us-east-1'],
      [true, 'eu-west-1'],
    ]);
    const template = Template.fromStack(okta.stacks[1]!);
    expect(Object.keys(template.findResources('AWS::Lambda::Function')).length).toBeGreaterThan(0);
  });

  it('adds no validation plugin to the Stage it is made in', () => {
    const app = new App({ context: NO_BUNDLING });
    const prod = new Stage(app, 'Prod', { env: { account: '111111111111', region: 'eu-central-1' } });
    new OktaSynthetics(prod, 'Okta', { config: regionless() });
    expect(prod.policyValidationBeta1).toEqual([]);
    expect(app.policyValidationBeta1).toEqual([]);
  });
});

describe('tags and Aspects on the construct', () => {
  it('reach every stack it makes and every resource in them, nested stacks included', () => {
    const app = new App({ context: NO_BUNDLING });
    const okta = new OktaSynthetics(app, 'Okta', { config: inRegions(['us-east-1', 'eu-west-1']) });
    Tags.of(okta).add('cost-centre', 'platform');
    const visited = new Set<string>();
    Aspects.of(okta).add({ visit: (node: IConstruct) => void visited.add(node.node.path) } satisfies IAspect);
    app.synth();
    const resources = okta.stacks.flatMap((stack) => stack.node.findAll().filter(CfnResource.isCfnResource));
    expect(resources.length).toBeGreaterThan(20);
    expect(resources.filter((r) => !visited.has(r.node.path)).map((r) => r.node.path)).toEqual([]);
    for (const stack of okta.stacks) expect(stack.tags.tagValues()).toMatchObject({ 'cost-centre': 'platform' });
    const template = Template.fromStack(okta.stacks[0]!);
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues).length).toBeGreaterThan(0);
    for (const [id, queue] of Object.entries(queues))
      expect((queue as { Properties: { Tags?: unknown } }).Properties.Tags, id).toContainEqual({
        Key: 'cost-centre',
        Value: 'platform',
      });
  });
});

describe('moving from a clone', () => {
  it("makes at an App's root the stack names, logical ids and templates the project's own app makes", () => {
    const config = writeConfig(twoServerConfig(['us-east-1', 'eu-west-1']));
    const clone = new App({ context: NO_BUNDLING });
    const built = buildApp(clone, { configPath: config, env: TEST_ENV });
    expect(built.ok).toBe(true);
    const app = new App({ context: NO_BUNDLING });
    const okta = new OktaSynthetics(app, 'Okta', { config, account: TEST_ENV.CDK_DEFAULT_ACCOUNT });
    const ours = templatesByStackName(okta.stacks);
    expect(Object.keys(ours).filter((name) => !name.includes(' '))).toEqual([
      'okta-synthetics-us-east-1',
      'okta-synthetics-eu-west-1',
    ]);
    expect(Object.keys(ours).length).toBeGreaterThan(2);
    expect(ours['okta-synthetics-eu-west-1']).toMatch(/"NotifierPageRuleAllowEventRule\w+": \{/);
    expect(ours).toEqual(templatesByStackName(built.ok ? built.stacks : []));
  });
});

describe('refusals at synth, naming the path, the reason and the fix', () => {
  const refusal = (make: () => unknown): OktaSyntheticsConfigError => {
    try {
      make();
    } catch (error) {
      expect(error).toBeInstanceOf(OktaSyntheticsConfigError);
      return error as OktaSyntheticsConfigError;
    }
    throw new Error('not refused');
  };

  it('refuses a Stack as scope, and a construct inside one, saying to pass the App or a Stage', () => {
    const app = new App({ context: NO_BUNDLING });
    const stack = new Stack(app, 'Platform');
    const error = refusal(() => new OktaSynthetics(stack, 'Okta', { config: regionless() }));
    expect(error.path).toBe('Platform/Okta');
    expect(error.message).toMatch(/^OktaSynthetics at "Platform\/Okta": scope: 1 problem/);
    expect(error.problems).toEqual([
      expect.stringMatching(/^scope: "Platform" is the stack "Platform"; .*make it in the App or a Stage/),
    ]);
    expect(error.stack).not.toMatch(/\n\s+at /);
    expect(stack.node.findAll().filter(Stack.isStack)).toEqual([stack]);
  });

  it('refuses one prefix in two Stages of one account, naming both paths', () => {
    const app = new App({ context: NO_BUNDLING });
    const env = { account: '111111111111', region: 'eu-central-1' };
    new OktaSynthetics(new Stage(app, 'Beta', { env }), 'Okta', { config: regionless() });
    const error = refusal(() => new OktaSynthetics(new Stage(app, 'Prod', { env }), 'Okta', { config: regionless() }));
    expect(error.problems).toEqual([
      expect.stringMatching(
        /^prefix: OktaSynthetics "Prod\/Okta" uses the prefix "okta-synthetics", as OktaSynthetics "Beta\/Okta" does/,
      ),
    ]);
  });

  it('refuses one prefix twice when an account is not known at synth, and allows it in two accounts', () => {
    const app = new App({ context: NO_BUNDLING });
    new OktaSynthetics(new Stage(app, 'Beta'), 'Okta', { config: regionless() });
    refusal(
      () => new OktaSynthetics(new Stage(app, 'Prod', { env: { account: '1' } }), 'Okta', { config: regionless() }),
    );
    const pipeline = new App({ context: NO_BUNDLING });
    const beta = new OktaSynthetics(new Stage(pipeline, 'Beta', { env: { account: '111111111111' } }), 'Okta', {
      config: regionless(),
    });
    const prod = new OktaSynthetics(new Stage(pipeline, 'Prod', { env: { account: '222222222222' } }), 'Okta', {
      config: regionless(),
    });
    expect([...beta.stacks, ...prod.stacks].map((s) => s.stackName)).toEqual([
      'Beta-okta-synthetics',
      'Prod-okta-synthetics',
    ]);
  });
});
