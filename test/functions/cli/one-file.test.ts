// One configuration file for both sides: the CLI probes with the local credentials, the stack deploys the same
// file without ever reading them, and `run --secrets aws` probes with the secrets the deployed probe reads
// (Secrets Manager through AWS_ENDPOINT_URL, a loopback fake; Okta is the simulator).
import { App } from 'aws-cdk-lib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { SECRET_PLACEHOLDER } from '../../../functions/contract';
import type { Report } from '../../../functions/types';
import { buildApp } from '../../../lib/build-app';
import { flatTemplate, TEST_ENV } from '../../lib/helpers';
import { useAwsFake } from '../../support/aws-fake-hooks';
import { useSimulator } from '../../support/simulator';
import { captureIo } from './helpers';
import { isHealthy } from '../../../functions/probe/results';

const sim = useSimulator();
const previewSim = useSimulator({ side: 'preview' });
let dir: string;
let configPath: string;
let keyFile: string;
const secrets = new Map<string, string>();
const aws = useAwsFake(secrets);

/** The one file: each server has the CLI's credential and the stack's (authMethod, secretName or the default). */
function oneFile(): Record<string, unknown> {
  const { org, custom, web } = sim().clients;
  return {
    orgUrl: sim().url,
    statusPageUrl: null,
    timeoutMs: 5000,
    regions: ['eu-west-1'],
    alarmEmails: ['oncall@acme.example'],
    servers: [
      {
        id: 'org',
        clientId: org.clientId,
        keyId: org.keyId,
        scopes: org.scopes,
        authorize: { clientId: web.clientId, redirectUri: web.redirectUri },
        privateKeyFile: 'org-key.pem',
      },
      {
        id: custom.serverId,
        clientId: custom.clientId,
        scopes: custom.scopes,
        audience: custom.audience,
        requiredClaims: custom.requiredClaims,
        clientSecretEnv: 'OKTA_DEFAULT_SECRET',
        secretName: 'okta/prod/default',
      },
    ],
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-one-file-'));
  keyFile = join(dir, 'org-key.pem');
  writeFileSync(keyFile, sim().clients.org.privateKeyPem, { mode: 0o600 });
  configPath = join(dir, 'okta-synthetics.json');
  writeFileSync(configPath, JSON.stringify(oneFile(), null, 2));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The AWS SDK reads its endpoint, region and credentials from the process environment, as for a user. */
const awsEnv = (overrides: Record<string, string | undefined> = {}): void => aws.env(dir, overrides);

describe('one configuration file, both sides', () => {
  it('the CLI probes with the local credentials and ignores secretName', async () => {
    const io = captureIo({ OKTA_DEFAULT_SECRET: sim().clients.custom.clientSecret });
    expect(await main(['run', '--config', configPath, '--json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as Report;
    expect(report.checks.filter((c) => !isHealthy(c))).toEqual([]);
    expect(aws.fake().calls).toEqual([]);
  });

  it(
    'the stack deploys the same file: the key file is never read, nothing of it reaches the template or the ' +
      'bundled config',
    () => {
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      const built = buildApp(app, { configPath, env: TEST_ENV });
      if (!built.ok) throw new Error(built.errors.join('\n'));
      const [stack] = built.stacks;
      if (stack === undefined) throw new Error('no stack');
      const template = JSON.stringify(flatTemplate(stack).toJSON());
      const bundled = stack.probe.bundledConfig;
      const keyBody = sim().clients.org.privateKeyPem.split('\n')[1] ?? 'unreachable';
      for (const text of [template, bundled]) {
        expect(text).not.toContain(keyBody);
        expect(text).not.toMatch(/OKTA_DEFAULT_SECRET|privateKeyFile|clientSecretEnv/);
      }
      expect(bundled).not.toMatch(/org-key\.pem/);
      // The key file's path, never its content, is in the put-secret-value command the stack prints for the key the
      // config names (so it works as printed), and nowhere else in the template.
      expect(template).toMatch(/file:\/\/'?[^\s"'\\]*org-key\.pem/);
      expect(template.replace(/file:\/\/'?[^\s"'\\]*org-key\.pem'?/g, '')).not.toMatch(/org-key\.pem/);
      expect(bundled).not.toContain('BEGIN');
      // Each side's own credential: the stack creates the org's secret and uses the named one for "default".
      expect(JSON.parse(bundled)).toMatchObject({
        config: {
          probe: {
            servers: [
              {
                id: 'org',
                credential: { kind: 'secrets_manager', secretId: 'okta-synthetics/org', secretKind: 'private_key_jwt' },
              },
              {
                id: 'default',
                credential: {
                  kind: 'secrets_manager',
                  secretId: 'okta/prod/default',
                  secretKind: 'client_secret_basic',
                },
              },
            ],
          },
        },
      });
    },
  );

  it('run --secrets aws probes with the secrets the deployed probe reads, not the local ones', async () => {
    awsEnv();
    secrets.set('okta-synthetics/org', sim().clients.org.privateKeyPem);
    secrets.set('okta/prod/default', sim().clients.custom.clientSecret);
    // No local credential at all: the key file gone, the variable unset.
    rmSync(keyFile);
    try {
      const io = captureIo({});
      expect(await main(['run', '--config', configPath, '--secrets', 'aws', '--json'], io)).toBe(0);
      const report = JSON.parse(io.out()) as Report;
      expect(report.checks.filter((c) => !isHealthy(c))).toEqual([]);
      expect(
        aws
          .fake()
          .calls.map((c) => c.input.SecretId)
          .sort(),
      ).toEqual(['okta-synthetics/org', 'okta/prod/default']);
      expect(io.err().replace(/\s+/g, ' ')).toContain(
        'Credentials from AWS Secrets Manager: org <- okta-synthetics/org (eu-west-1), default <- ' +
          'okta/prod/default (eu-west-1)',
      );
      expect(`${io.out()}${io.err()}`).not.toContain(sim().clients.custom.clientSecret);
    } finally {
      writeFileSync(keyFile, sim().clients.org.privateKeyPem, { mode: 0o600 });
    }
  });

  it("run --secrets aws probes the Preview org with the Preview secrets the stack made, not Production's", async () => {
    awsEnv();
    const { org, custom, web } = previewSim().clients;
    const withPreview = join(dir, 'with-preview.json');
    const preview = {
      orgUrl: previewSim().url,
      servers: {
        org: {
          clientId: org.clientId,
          keyId: org.keyId,
          privateKeyFile: 'preview-org-key.pem',
          authorize: { clientId: web.clientId, redirectUri: web.redirectUri },
        },
        default: { clientId: custom.clientId, clientSecretEnv: 'OKTA_PREVIEW_DEFAULT_SECRET' },
      },
    };
    // Production's secrets in the first region, the Preview org's in the home region, where its schedule runs.
    const regions = ['eu-west-1', 'us-east-1'];
    writeFileSync(
      withPreview,
      JSON.stringify({ ...oneFile(), regions, quorum: { homeRegion: 'us-east-1' }, preview }, null, 2),
    );
    secrets.set('okta-synthetics/org', sim().clients.org.privateKeyPem);
    secrets.set('okta/prod/default', sim().clients.custom.clientSecret);
    secrets.set('okta-synthetics/preview/org', org.privateKeyPem);
    secrets.set('okta-synthetics/preview/default', custom.clientSecret);
    const io = captureIo({});
    expect(await main(['run', '--config', withPreview, '--secrets', 'aws', '--json'], io), io.err()).toBe(0);
    const report = JSON.parse(io.out()) as Report & { preview: { unavailable?: string; pairs: { verdict: string }[] } };
    expect(report.preview.unavailable).toBeUndefined();
    expect(report.preview.pairs.length).toBeGreaterThan(0);
    expect(report.preview.pairs.filter((pair) => pair.verdict !== 'mirrors')).toEqual([]);
    expect(
      aws
        .fake()
        .calls.map((c) => `${String(c.input.SecretId)} ${c.region}`)
        .sort(),
    ).toEqual([
      'okta-synthetics/org eu-west-1',
      'okta-synthetics/preview/default us-east-1',
      'okta-synthetics/preview/org us-east-1',
      'okta/prod/default eu-west-1',
    ]);
    expect(io.err().replace(/\s+/g, ' ')).toContain(
      'Preview org: Credentials from AWS Secrets Manager: org <- okta-synthetics/preview/org (us-east-1), ' +
        'default <- okta-synthetics/preview/default (us-east-1)',
    );
    expect(`${io.out()}${io.err()}`).not.toContain(custom.clientSecret);
  });

  it(
    'run --secrets aws shows a secret still holding the placeholder as not configured yet, and a missing one ' +
      'as SECRETS_UNAVAILABLE',
    async () => {
      awsEnv();
      secrets.set('okta-synthetics/org', SECRET_PLACEHOLDER);
      const io = captureIo({});
      expect(await main(['run', '--config', configPath, '--secrets', 'aws', '--json'], io)).toBe(1);
      const report = JSON.parse(io.out()) as Report;
      const org = report.checks.filter((c) => c.server === 'org');
      expect(org.every((c) => c.diagnosis?.code !== 'SECRETS_UNAVAILABLE')).toBe(true);
      expect(JSON.stringify(org)).toContain('not configured yet');
      const token = report.checks.find((c) => c.server === 'default' && c.check === 'token');
      expect(token?.diagnosis?.code).toBe('SECRETS_UNAVAILABLE');
      expect(token?.diagnosis?.detail).toMatch(/okta\/prod\/default.*ResourceNotFoundException/);
    },
  );

  it(
    'run --secrets aws without AWS credentials could not run (exit 3), without a region is a usage error (exit ' +
      '2): what to do, probing nothing',
    async () => {
      awsEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: 'nobody' });
      const io = captureIo({});
      expect(await main(['run', '--config', configPath, '--secrets', 'aws'], io)).toBe(3);
      expect(io.err().replace(/\s+/g, ' ')).toMatch(
        /run --secrets aws: no AWS credentials \(.*\): sign in as you would for the AWS CLI/,
      );
      expect(io.out()).toBe('');

      const noRegions = join(dir, 'no-regions.json');
      writeFileSync(noRegions, JSON.stringify({ ...oneFile(), regions: undefined }));
      awsEnv({ AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined });
      const io2 = captureIo({});
      expect(await main(['run', '--config', noRegions, '--secrets', 'aws'], io2)).toBe(2);
      expect(io2.err().replace(/\s+/g, ' ')).toMatch(
        /run --secrets aws: no AWS region: pass --region R, list "regions" in the config, set AWS_REGION, or set the region of your AWS CLI profile/,
      );
      expect(aws.fake().calls).toEqual([]);
    },
  );

  it('a local credential the CLI cannot read points at --secrets aws, only for a deployed stack (exit 2)', async () => {
    const io = captureIo({});
    expect(await main(['run', '--config', configPath], io)).toBe(2);
    expect(io.err().replace(/\s+/g, ' ')).toContain(
      'servers[1].clientSecretEnv: the environment variable OKTA_DEFAULT_SECRET is not set: export ' +
        'OKTA_DEFAULT_SECRET=... before running',
    );
    expect(io.err().replace(/\s+/g, ' ')).toContain(
      'Once the stack is deployed and its secrets are put, --secrets aws probes with what the deployed probe reads.',
    );
  });

  it('refuses an unknown --secrets value and --region without --secrets aws', async () => {
    const io = captureIo({});
    expect(await main(['run', '--config', configPath, '--secrets', 'vault'], io)).toBe(2);
    expect(io.err().replace(/\s+/g, ' ')).toContain('run: --secrets must be "local" or "aws", got "vault"');
    const io2 = captureIo({});
    expect(await main(['run', '--config', configPath, '--region', 'eu-west-1'], io2)).toBe(2);
    expect(io2.err().replace(/\s+/g, ' ')).toContain('run: --region applies only with --secrets aws');
  });
});
