import { App, Stack } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp, EXAMPLE_CONFIG_PATH, MAX_SERVERS } from '../../lib/build-app';
import { build, exampleConfig, TEST_ENV, writeConfig } from './helpers';

describe('configuration at synth', () => {
  it('accepts the committed example in deploy mode', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const result = buildApp(app, { configPath: EXAMPLE_CONFIG_PATH, env: TEST_ENV });
    expect(result.ok ? result.stacks.map((s) => s.stackName) : result.errors).toEqual(['okta-synthetics-us-east-1']);
  });

  it('reads the file named by the config context value', () => {
    const file = writeConfig({ ...exampleConfig(), prefix: 'from-context' });
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], config: file } });
    const result = buildApp(app, { env: TEST_ENV });
    expect(result.ok && result.stacks.map((s) => s.stackName)).toEqual(['from-context-us-east-1']);
  });

  it('refuses to synthesize without a configuration, saying how to give one (the example is never a default)', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const result = buildApp(app, { env: TEST_ENV });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.errors.join('\n')).toMatch(
      /^config: no configuration file given; .*-c config=okta-synthetics\.json/,
    );
    expect(app.node.children).toHaveLength(0);
  });

  it('points a mistyped -c key at -c config= instead of deploying anything', () => {
    const file = writeConfig(exampleConfig());
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], conifg: file } });
    const result = buildApp(app, { env: TEST_ENV });
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(/^-c conifg=\.\.\.: unknown setting; did you mean -c config=/),
    ]);
  });

  it('makes `lib/app.ts` exit 2 with the how-to when no configuration is named', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'lib/app.ts'], {
      cwd: join(import.meta.dirname, '../..'),
      env: {
        ...process.env,
        ...TEST_ENV,
        CDK_CONTEXT_JSON: JSON.stringify({}),
        CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'cdk-out-')),
      },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('-c config=okta-synthetics.json');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('names the exact field of each configuration error', () => {
    const config = exampleConfig();
    const servers = config.servers as Record<string, unknown>[];
    delete (servers[1] as Record<string, unknown>).audience;
    const { result } = build({ ...config, scheduleMinutes: 0 });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.some((e) => e.startsWith('servers[1].audience'))).toBe(true);
    expect(errors.some((e) => e.startsWith('scheduleMinutes'))).toBe(true);
  });

  it('refuses an inline client secret in a deploy configuration', () => {
    const config = exampleConfig();
    const servers = config.servers as Record<string, unknown>[];
    servers[1] = { ...servers[1], authMethod: undefined, clientSecret: 'hunter2-inline-secret' };
    const { result } = build(config);
    expect(result.ok).toBe(false);
    const errors = result.ok ? '' : result.errors.join('\n');
    expect(errors).toMatch(/servers\[1\]\.clientSecret/);
    expect(errors).not.toContain('hunter2-inline-secret');
  });

  it('makes `lib/app.ts` print every problem and exit 2 without a stack trace', () => {
    const file = writeConfig({ ...exampleConfig(), orgUrl: 'https://acme-admin.okta.com' });
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'lib/app.ts'], {
      cwd: join(import.meta.dirname, '../..'),
      env: {
        ...process.env,
        ...TEST_ENV,
        CDK_CONTEXT_JSON: JSON.stringify({ config: file }),
        CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'cdk-out-')),
      },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr.replace(/\s+/g, ' ')).toContain('orgUrl: acme-admin.okta.com is the Admin Console');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    // Each problem wrapped under itself within 80 columns, as plan prints it: the refusal ran to 200 columns.
    expect(run.stderr.split('\n').filter((line) => line.length > 80)).toEqual([]);
    expect(run.stderr).toMatch(/^ {4}\S/m);
  });
});

describe('refusals at synth that the file alone cannot show', () => {
  const withSecret = (secretName: string, regions: string[]) => {
    const config = exampleConfig();
    const servers = config.servers as Record<string, unknown>[];
    servers[1] = { ...servers[1], secretName };
    return { ...config, regions };
  };

  it('refuses a secretName ARN of another region than a stack deploys to, naming the field', () => {
    const { result } = build(
      withSecret('arn:aws:secretsmanager:eu-west-1:123456789012:secret:okta/default-AbCdEf', ['us-east-1']),
    );
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(
        /^servers\[1\]\.secretName: the secret is in eu-west-1, but the stack also deploys to us-east-1/,
      ),
    ]);
  });

  it('refuses a region that does not exist, in the words plan and cost use', () => {
    const { result } = build({ ...exampleConfig(), regions: ['us-east-9'] });
    expect(result.ok ? [] : result.errors).toEqual([
      'regions[0]: "us-east-9" is not an AWS region (did you mean us-east-1?); use a region code as the AWS ' +
        "console's region menu shows it, e.g. us-east-1 or eu-west-1",
    ]);
  });

  it("refuses the CDK CLI's quiet us-east-1 when nothing names a region, as status and secrets put refuse", () => {
    const { regions: _, ...unnamed } = exampleConfig();
    const file = writeConfig(unnamed);
    // The CDK CLI runs the app with CDK_OUTDIR set, and CDK_DEFAULT_REGION us-east-1 when it found no region.
    const cli = { CDK_OUTDIR: '/tmp/cdk.out', CDK_DEFAULT_REGION: 'us-east-1' };
    const synth = (env: NodeJS.ProcessEnv, profileRegion?: string) =>
      buildApp(new App(), { configPath: file, env, profileRegion: () => profileRegion });
    const refused = synth(cli);
    expect(refused.ok ? [] : refused.errors).toEqual([
      expect.stringMatching(
        /^regions: no AWS region .*list "regions" in the config, set AWS_REGION, or set the region/,
      ),
    ]);
    // us-east-1 named anywhere the CDK CLI looks is a choice: synthesized.
    expect(synth({ ...cli, AWS_REGION: 'us-east-1' }).ok).toBe(true);
    expect(synth(cli, 'us-east-1').ok).toBe(true);
    expect(synth({ ...cli, CDK_DEFAULT_REGION: 'eu-west-1' }).ok).toBe(true);
  });

  it('accepts a secretName ARN of the region it deploys to', () => {
    const { result } = build(
      withSecret('arn:aws:secretsmanager:us-east-1:123456789012:secret:okta/default-AbCdEf', ['us-east-1']),
    );
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("refuses a server id long enough to push its alarm names past CloudWatch's 255 characters, at its length", () => {
    const config = exampleConfig();
    const servers = config.servers as Record<string, unknown>[];
    servers[1] = { ...servers[1], id: `aus${'x'.repeat(240)}` };
    const { result } = build(config);
    // The id's own limit (64, the declaration's) refuses it first: no alarm name of a valid file reaches 255.
    expect(result.ok ? [] : result.errors).toContainEqual(expect.stringMatching(/^servers\[1\]\.id: use 1-64 letters/));
  });
  it('refuses more servers than one deployment holds, as a config problem naming the fix (no stack trace)', () => {
    const config = exampleConfig();
    const [, custom] = config.servers as Record<string, unknown>[];
    const many = {
      ...config,
      servers: Array.from({ length: MAX_SERVERS + 1 }, (_, i) => ({
        ...custom,
        id: `aus${String(i).padStart(4, '0')}`,
      })),
    };
    const { result } = build(many);
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^servers: ${MAX_SERVERS + 1} servers are more than one deployment holds \\(${MAX_SERVERS}: ` +
            `.*split them into two configuration files with different "prefix" values`,
        ),
      ),
    ]);
    // Exactly the maximum deploys (test/lib/scale.test.ts checks every AWS limit at that size).
    expect(build({ ...many, servers: many.servers.slice(0, MAX_SERVERS) }).result.ok).toBe(true);
  });
});

describe('cdk-nag AwsSolutions checks', () => {
  it('find nothing unacknowledged in the stack', () => {
    const { app, result } = build(exampleConfig());
    expect(result.ok).toBe(true);
    // An in-memory synth throws on any unacknowledged finding.
    expect(() => app.synth()).not.toThrow();
  });

  it(
    "find nothing unacknowledged as cdk synth runs: cdk.json's feature flags, and no account (CI, a first " + 'synth)',
    () => {
      // cdk.json's context is what the CLI gives the app: enablePartitionLiterals, for one, changes the ARNs nag reads.
      const { context } = JSON.parse(readFileSync(join(import.meta.dirname, '../../cdk.json'), 'utf8')) as {
        context: Record<string, unknown>;
      };
      const app = new App({ context });
      const result = buildApp(app, { configPath: EXAMPLE_CONFIG_PATH, env: { CDK_DEFAULT_REGION: 'us-east-1' } });
      expect(result.ok).toBe(true);
      expect(() => app.synth()).not.toThrow();
    },
  );

  it('are attached to every synth: an unencrypted queue fails it', () => {
    const { app, result } = build(exampleConfig());
    const [stack] = result.ok ? result.stacks : [];
    new Queue(stack as Stack, 'Unencrypted', { encryption: QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
  });
});
