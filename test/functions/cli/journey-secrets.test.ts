// `run --secrets aws` reads the synthetic users' secrets of signIn where the deployed probe reads them:
// each journey's secretName, or the secret the stack creates for it (<prefix>/<id>), through the Lambda's own
// resolver. Secrets Manager is a loopback fake reached through AWS_ENDPOINT_URL; Okta is the simulator; the
// variables and files the CLI would otherwise read are absent.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { PLACEHOLDER_MARK } from '../../../functions/contract';
import { userSecretPlaceholder } from '../../../functions/credentials/user-secret';
import { isHealthy } from '../../../functions/probe/results';
import type { Report } from '../../../functions/types';
import { useAwsFake } from '../../support/aws-fake-hooks';
import { useSimulator } from '../../support/simulator';
import { captureIo } from './helpers';

const sim = useSimulator();
let dir: string;
let configPath: string;
const secrets = new Map<string, string>();
const aws = useAwsFake(secrets);

/**
 * Both journeys, each with the CLI's way (variables, a file that is not there) and the stack's (a named secret or the
 * default).
 */
function journeyFile(): Record<string, unknown> {
  const { org, custom, web, signIn } = sim().clients;
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
        clientSecretEnv: 'OKTA_DEFAULT_SECRET',
        secretName: 'okta/prod/default',
      },
    ],
    signIn: [
      // The stack creates okta-synthetics/portal; the CLI would read the variables.
      {
        id: 'portal',
        server: custom.serverId,
        flow: 'authn',
        clientId: signIn.portal.clientId,
        redirectUri: signIn.portal.redirectUri,
        username: signIn.portalUser.username,
        passwordEnv: 'PORTAL_PASSWORD',
        totpSecretEnv: 'PORTAL_TOTP',
        requiredClaims: ['email'],
      },
      // An existing secret; the CLI would read a file that is not there.
      {
        id: 'mobile',
        server: 'org',
        flow: 'direct',
        clientId: signIn.mobile.clientId,
        username: signIn.mobileUser.username,
        secretsFile: 'mobile-user.json',
        secretName: 'okta/prod/mobile-user',
        requiredClaims: ['email'],
      },
    ],
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-journey-secrets-'));
  configPath = join(dir, 'okta-synthetics.json');
  writeFileSync(configPath, JSON.stringify(journeyFile(), null, 2));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The AWS SDK reads its endpoint, region and credentials from the process environment, as for a user. */
const awsEnv = (overrides: Record<string, string | undefined> = {}): void => aws.env(dir, overrides);

/** The servers' credentials and both users' JSON secrets, where the stack and the config put them. */
function putEverySecret(): string[] {
  const { org, custom, signIn } = sim().clients;
  secrets.set('okta-synthetics/org', org.privateKeyPem);
  secrets.set('okta/prod/default', custom.clientSecret);
  const { portalUser, mobileUser } = signIn;
  secrets.set(
    'okta-synthetics/portal',
    JSON.stringify({ password: portalUser.password, totpSecret: portalUser.totpSecret }),
  );
  secrets.set(
    'okta/prod/mobile-user',
    JSON.stringify({ password: mobileUser.password, totpSecret: mobileUser.totpSecret }),
  );
  return [custom.clientSecret, portalUser.password, portalUser.totpSecret, mobileUser.password, mobileUser.totpSecret];
}

describe('run --secrets aws with signIn journeys', () => {
  it(
    'signs both users in with the secrets the deployed probe reads, with no variable or file, and shows none ' +
      'of them',
    async () => {
      awsEnv();
      const values = putEverySecret();
      const io = captureIo({});
      expect(await main(['run', '--config', configPath, '--secrets', 'aws', '--json'], io)).toBe(0);
      const report = JSON.parse(io.out()) as Report;
      expect(report.checks.filter((c) => !isHealthy(c))).toEqual([]);
      expect(report.checks.filter((c) => c.check === 'sign-in').map((c) => [c.server, c.status])).toEqual([
        ['portal', 'pass'],
        ['mobile', 'pass'],
      ]);
      expect(
        aws
          .fake()
          .calls.map((c) => c.input.SecretId)
          .sort(),
      ).toEqual(['okta-synthetics/org', 'okta-synthetics/portal', 'okta/prod/default', 'okta/prod/mobile-user']);
      expect(io.err().replace(/\s+/g, ' ')).toContain(
        'portal <- okta-synthetics/portal (eu-west-1), mobile <- okta/prod/mobile-user (eu-west-1)',
      );
      const output = `${io.out()}${io.err()}`;
      for (const value of values) expect(output).not.toContain(value);
    },
  );

  it('--server picks one journey: only its secret is read', async () => {
    awsEnv();
    putEverySecret();
    const io = captureIo({});
    expect(await main(['run', '--config', configPath, '--secrets', 'aws', '--server', 'portal', '--json'], io)).toBe(0);
    expect(aws.fake().calls.map((c) => c.input.SecretId)).toEqual(['okta-synthetics/portal']);
    expect((JSON.parse(io.out()) as Report).checks.map((c) => `${c.server}/${c.check}:${c.status}`)).toEqual([
      'portal/sign-in:pass',
      'portal/password-expiry:pass',
    ]);
  });

  it(
    'a user secret still holding the stack\'s placeholder is "not configured yet" (N/A, exit 0); a missing one ' +
      'is SECRETS_UNAVAILABLE',
    async () => {
      awsEnv();
      putEverySecret();
      secrets.set('okta-synthetics/portal', userSecretPlaceholder(false));
      const io = captureIo({});
      expect(await main(['run', '--config', configPath, '--secrets', 'aws', '--server', 'portal', '--json'], io)).toBe(
        0,
      );
      const portal = (JSON.parse(io.out()) as Report).checks;
      expect(portal.map((c) => `${c.check}:${c.status}`)).toEqual(['sign-in:n/a', 'password-expiry:n/a']);
      expect(JSON.stringify(portal[0])).toContain(
        'not configured yet: secret okta-synthetics/portal of signIn portal still holds the placeholder the ' +
          'stack created; put it with: aws secretsmanager put-secret-value',
      );
      expect(io.out()).not.toContain('REDACTED');
      expect(io.out()).not.toContain(PLACEHOLDER_MARK);
      // Never "from Secrets Manager" for a secret that was not read.
      expect(io.err()).toBe(
        'Still the placeholder the stack put (N/A until put): portal <- okta-synthetics/portal (eu-west-1)\n',
      );

      secrets.delete('okta/prod/mobile-user');
      const io2 = captureIo({});
      expect(await main(['run', '--config', configPath, '--secrets', 'aws', '--server', 'mobile', '--json'], io2)).toBe(
        1,
      );
      const mobile = (JSON.parse(io2.out()) as Report).checks.find((c) => c.check === 'sign-in');
      expect(mobile?.diagnosis?.code).toBe('SECRETS_UNAVAILABLE');
      expect(mobile?.diagnosis?.detail).toMatch(/okta\/prod\/mobile-user.*ResourceNotFoundException/);
      expect(io2.err()).toBe(
        'Could not read from AWS Secrets Manager (SECRETS_UNAVAILABLE below): mobile <- okta/prod/mobile-user ' +
          '(eu-west-1)\n',
      );
    },
  );

  it(
    'a journey alone still needs a region (exit 2) and AWS credentials (exit 3) before any secret is read or ' +
      'Okta is called',
    async () => {
      sim().resetRequests();
      awsEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: 'nobody' });
      const io = captureIo({});
      expect(await main(['run', '--config', configPath, '--secrets', 'aws', '--server', 'mobile'], io)).toBe(3);
      expect(io.err().replace(/\s+/g, ' ')).toMatch(
        /run --secrets aws: no AWS credentials \(.*\): sign in as you would for the AWS CLI/,
      );

      const noRegions = join(dir, 'no-regions.json');
      writeFileSync(noRegions, JSON.stringify({ ...journeyFile(), regions: undefined }));
      awsEnv({ AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined });
      const io2 = captureIo({});
      expect(await main(['run', '--config', noRegions, '--secrets', 'aws', '--server', 'portal'], io2)).toBe(2);
      expect(io2.err().replace(/\s+/g, ' ')).toMatch(/run --secrets aws: no AWS region: pass --region R/);
      expect(`${io.out()}${io2.out()}`).toBe('');
      expect(aws.fake().calls).toEqual([]);
      expect(sim().requests).toEqual([]);
    },
  );

  it('without --secrets aws the CLI asks for its own variables and points at --secrets aws (exit 2)', async () => {
    const io = captureIo({});
    expect(await main(['run', '--config', configPath, '--server', 'portal'], io)).toBe(2);
    expect(io.err().replace(/\s+/g, ' ')).toContain(
      'signIn[0].passwordEnv: the environment variable PORTAL_PASSWORD is not set: export ' +
        'PORTAL_PASSWORD=... before running',
    );
    expect(aws.fake().calls).toEqual([]);
  });
});
