// The probe's asset as `cdk synth` writes it for the example config, split at each import(): run under Node 24 as a
// Lambda cold start runs it (init, then one invocation), it loads no code of a kind the config lacks, nor their
// libraries and AWS clients; given a SAML app and a journey, it loads theirs, during the invocation, and judges them.
import { App } from 'aws-cdk-lib';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/build-app';
import { startAwsFake, type AwsFake } from '../support/aws-fake';
import {
  bundleLoads,
  bundleSecrets,
  exampleShapedConfig,
  probeEnv,
  samlJourneyConfig,
  type BundleLoad,
} from '../support/bundle-loads';
import { useSimulator } from '../support/simulator';
import { TEST_ENV } from '../support/configs';

/** The code of the kinds the example config has none of, and what only they use. */
const ABSENT_KINDS =
  /^functions\/probe\/(saml|sign-in|inventory|system-log)\/|^functions\/lambda\/(catalogue-dynamodb|journey-state-dynamodb|journey-state-ssm|kept-state-ssm)\.ts$/;
const XML_AND_THEIR_CLIENTS = /^node_modules\/(@xmldom\/|xml-crypto\/|xpath\/|parse5\/|@aws-sdk\/client-dynamodb\/)/;
const MAX_ASSET_FILE_BYTES = 1800 * 1024;
/** An AWS SDK client's own code (the SDK's shared core is not a client). */
const AWS_CLIENT = /^node_modules\/@aws-sdk\/(client-[\w-]+)\//;

const sim = useSimulator();
let aws: AwsFake;
let scratch: string;
let probeDir: string;

beforeAll(async () => {
  aws = await startAwsFake({ secrets: bundleSecrets(sim()) });
  scratch = mkdtempSync(join(tmpdir(), 'okta-synthetics-lazy-'));
  const app = new App({ outdir: join(scratch, 'cdk.out'), context: { 'aws:cdk:enable-asset-metadata': true } });
  const built = buildApp(app, {
    configPath: new URL('../../okta-synthetics.example.json', import.meta.url).pathname,
    env: TEST_ENV,
  });
  if (!built.ok) throw new Error(built.errors.join('; '));
  const assembly = app.synth();
  const resources = Object.values(
    (
      assembly.stacks[0]?.template as {
        Resources: Record<
          string,
          { Type: string; Properties: { FunctionName?: string }; Metadata?: Record<string, string> }
        >;
      }
    ).Resources,
  );
  const probe = resources.find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName?.endsWith('-probe'),
  );
  probeDir = join(assembly.directory, probe?.Metadata?.['aws:asset:path'] ?? 'missing');
});

afterAll(async () => {
  await aws?.close();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

const sourcesOf = (loads: readonly BundleLoad[]): string[] => [...new Set(loads.flatMap((load) => load.sources))];

describe('the probe asset of the example config', () => {
  it('is index.mjs and its chunks, no file of it (source maps included) over 1,800 KB', () => {
    const files = readdirSync(probeDir, { recursive: true, encoding: 'utf8' }).filter((file) =>
      statSync(join(probeDir, file)).isFile(),
    );
    expect(files).toContain('index.mjs');
    expect(files.filter((file) => file.startsWith('chunks/') && file.endsWith('.mjs')).length).toBeGreaterThan(5);
    const over = files.filter((file) => statSync(join(probeDir, file)).size > MAX_ASSET_FILE_BYTES);
    expect(over).toEqual([]);
  });

  it(
    "runs a cycle of the example's checks loading no SAML, journey, inventory or System Log code, no XML " +
      'library and no DynamoDB client',
    async () => {
      const config = exampleShapedConfig(sim());
      const { loads, result } = await bundleLoads(
        join(probeDir, 'index.mjs'),
        probeEnv(aws.url, scratch, config),
        scratch,
      );
      expect(result).toMatchObject({ passed: expect.any(Number) });
      expect(result.passed).toBeGreaterThan(5);
      const sources = sourcesOf(loads);
      // The recorder sees what did load: the servers' checks and the engine.
      expect(sources).toContain('functions/probe/engine.ts');
      expect(sources).toContain('functions/probe/servers/validate.ts');
      expect(sources.filter((source) => ABSENT_KINDS.test(source) || XML_AND_THEIR_CLIENTS.test(source))).toEqual([]);
    },
  );

  it(
    "loads no AWS client and no XML library at init: the clients it calls and the status feed's parser load " +
      'during the invocation',
    async () => {
      const config = exampleShapedConfig(sim());
      const { loads, result } = await bundleLoads(
        join(probeDir, 'index.mjs'),
        probeEnv(aws.url, scratch, config),
        scratch,
      );
      expect(result).toMatchObject({ passed: expect.any(Number) });
      const atInit = sourcesOf(loads.filter((load) => load.phase === 'init'));
      const inRun = sourcesOf(loads.filter((load) => load.phase === 'invocation'));
      expect(
        atInit.filter((source) => AWS_CLIENT.test(source) || source.startsWith('node_modules/fast-xml-parser/')),
      ).toEqual([]);
      // The maintenance parameter, the servers' secrets, the metrics: each client only for the call it makes.
      expect([...new Set(inRun.flatMap((source) => AWS_CLIENT.exec(source)?.[1] ?? []))].sort()).toEqual([
        'client-cloudwatch',
        'client-secrets-manager',
        'client-ssm',
      ]);
      expect(inRun.some((source) => source.startsWith('node_modules/fast-xml-parser/'))).toBe(true);
      // The region's alarm plan serves the publish alone (the page alarms a maintenance window mutes): it loads
      // with the first publish, never at init, where it had put 19 KB into the entry.
      expect(atInit.filter((source) => source.startsWith('functions/plan/alarms'))).toEqual([]);
      expect(inRun).toContain('functions/plan/alarms.ts');
    },
  );

  it('without the status feed (statusPageUrl null), parses no XML library at all', async () => {
    const config = { ...exampleShapedConfig(sim()), statusPageUrl: null };
    const { loads, result } = await bundleLoads(
      join(probeDir, 'index.mjs'),
      probeEnv(aws.url, scratch, config),
      scratch,
    );
    expect(result).toMatchObject({ passed: expect.any(Number) });
    expect(result.passed).toBeGreaterThan(5);
    const sources = sourcesOf(loads);
    expect(sources).toContain('functions/probe/engine.ts');
    expect(
      sources.filter(
        (source) =>
          source.startsWith('functions/probe/feed/') ||
          /^node_modules\/(fast-xml-parser|@xmldom|xml-crypto|xpath|parse5)\//.test(source),
      ),
    ).toEqual([]);
  });

  it(
    'given a SAML app and a journey, loads their code and libraries during the invocation, never at init, and ' +
      'judges them',
    async () => {
      const config = samlJourneyConfig(sim());
      const { loads, result } = await bundleLoads(
        join(probeDir, 'index.mjs'),
        probeEnv(aws.url, scratch, config),
        scratch,
      );
      expect(result).toMatchObject({ passed: expect.any(Number) });
      expect(result.failed).toBe(0);
      const atInit = sourcesOf(loads.filter((load) => load.phase === 'init'));
      const inRun = sourcesOf(loads.filter((load) => load.phase === 'invocation'));
      for (const source of [
        'functions/probe/saml/judge.ts',
        'functions/probe/sign-in/journey.ts',
        'functions/lambda/journey-state-dynamodb.ts',
        'functions/lambda/journey-state-ssm.ts',
        'node_modules/xml-crypto/',
      ]) {
        expect(
          inRun.some((loaded) => loaded.startsWith(source)),
          source,
        ).toBe(true);
        expect(
          atInit.some((loaded) => loaded.startsWith(source)),
          source,
        ).toBe(false);
      }
    },
  );
});
