// secrets put: every secret the stack created for a config, put under the stack's names from the keys/ files the
// stack's Put outputs name, or from prompts; judged as the probe reads them before anything is put; never printed.
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { runSecrets, type SecretsDeps } from '../../../functions/cli/secrets';
import { journeyConfig } from '../../support/configs';
import { captureIo } from './helpers';

const sm = mockClient(SecretsManagerClient);
const dirs: string[] = [];
afterAll(() => {
  sm.restore();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  sm.reset();
  sm.on(PutSecretValueCommand).resolves({});
});

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const USER = {
  password: 'a-password-nobody-may-see',
  totpSecret: 'JBSWY3DPEHPK3PXP',
  clientSecret: 'portal-client-secret-value',
};

/** The journey config in a folder of its own, with the key files given (relative to it). */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-secrets-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'keys'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { mode: 0o600 });
  writeFileSync(join(dir, 'okta-synthetics.json'), JSON.stringify(journeyConfig()));
  return join(dir, 'okta-synthetics.json');
}
const deps = (extra: Partial<SecretsDeps> = {}): SecretsDeps => ({
  client: (target) =>
    new SecretsManagerClient({
      region: target.region,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    }),
  ...extra,
});
const put = (): { SecretId?: string; SecretString?: string }[] =>
  sm.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input);
const secrets = async (config: string, d: SecretsDeps, more: string[] = []) => {
  const io = captureIo({});
  const code = await runSecrets(['put', '--config', config, '--region', 'us-east-1', ...more], io, d);
  return { code, out: io.out(), err: io.err() };
};

describe('secrets put', () => {
  it('puts every secret in each region the config deploys to, unless --region names one', async () => {
    const config = folder({
      'keys/okta-probe-org.pem': privateKey,
      'keys/okta-probe-default.secret': 'default-client-secret\n',
    });
    const { signIn: _journeys, samlApps: _apps, ...servers } = journeyConfig();
    writeFileSync(config, JSON.stringify({ ...servers, regions: ['eu-west-1', 'us-east-1'] }));
    const io = captureIo({});
    expect(await runSecrets(['put', '--config', config], io, deps())).toBe(0);
    for (const region of ['eu-west-1', 'us-east-1'])
      for (const id of ['org', 'default']) expect(io.out()).toContain(`put okta-synthetics/${id} (${id}) in ${region}`);
    expect(put()).toHaveLength(4);
    const one = captureIo({});
    sm.resetHistory();
    expect(await runSecrets(['put', '--config', config, '--region', 'us-east-1'], one, deps())).toBe(0);
    expect(one.out()).not.toContain('eu-west-1');
    expect(put()).toHaveLength(2);
  });

  it(
    'puts each secret the stack created, under its name, from the files its Put outputs name; a secretName one ' +
      'is left alone',
    async () => {
      const config = folder({
        'keys/okta-probe-org.pem': privateKey,
        'keys/okta-probe-default.secret': 'default-client-secret\n',
        'keys/okta-probe-portal-user.json': JSON.stringify(USER),
      });
      const { code, out, err } = await secrets(config, deps());
      expect(err).toBe('');
      expect(code).toBe(0);
      // "mobile" names its secret with secretName: the stack did not create it.
      expect(put()).toEqual([
        { SecretId: 'okta-synthetics/org', SecretString: privateKey.trim() },
        { SecretId: 'okta-synthetics/default', SecretString: 'default-client-secret' },
        { SecretId: 'okta-synthetics/portal', SecretString: JSON.stringify(USER) },
      ]);
      expect(out).toContain('put okta-synthetics/org (org) in us-east-1');
      for (const secret of [USER.password, USER.clientSecret, 'default-client-secret', 'PRIVATE KEY'])
        expect(out + err).not.toContain(secret);
    },
  );

  it('refuses a file the probe could not use, naming it and never quoting it, and puts nothing', async () => {
    const config = folder({
      'keys/okta-probe-org.pem': publicKey,
      'keys/okta-probe-default.secret': 'default-client-secret',
      'keys/okta-probe-portal-user.json': JSON.stringify({ pasword: USER.password }),
    });
    const { code, err } = await secrets(config, deps());
    expect(code).toBe(2);
    expect(put()).toEqual([]);
    expect(err).toMatch(
      /^secrets put: nothing was put; 2 secrets are not ready:\n {2}- org \(.*keys\/okta-probe-org\.pem\): .*holds a public key .*the probe needs the private key/,
    );
    expect(err).not.toContain('put-secret-value');
    expect(err).toContain('portal (');
    expect(err).not.toContain(USER.password);
    expect(err).not.toContain(publicKey.split('\n')[1]);
  });

  it('asks for what has no file, without echo, and puts the user JSON the probe reads', async () => {
    const config = folder({ 'keys/okta-probe-org.pem': privateKey });
    const asked: string[] = [];
    const answers = [USER.password, USER.totpSecret, USER.clientSecret];
    const { code, out, err } = await secrets(
      config,
      deps({ ask: (q) => (asked.push(q), Promise.resolve(answers.shift() ?? '')) }),
      ['--only', 'portal'],
    );
    expect(code).toBe(0);
    expect(asked).toEqual([
      'the password of "portal"\'s user: ',
      'its TOTP secret (base32; empty if it has none): ',
      'the client secret of its app: ',
    ]);
    expect(put()).toEqual([{ SecretId: 'okta-synthetics/portal', SecretString: JSON.stringify(USER) }]);
    expect(out + err).not.toContain(USER.password);
  });

  it('without a file or a terminal, says which file to write; --only names only what the stack created', async () => {
    const config = folder({});
    const missing = await secrets(config, deps(), ['--only', 'org']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/org: no file .*keys\/okta-probe-org\.pem, and no terminal to ask in/);
    await expect(secrets(config, deps(), ['--only', 'mobile'])).rejects.toThrow(
      /--only "mobile": its secret is named with secretName/,
    );
    await expect(secrets(config, deps(), ['--only', 'nope'])).rejects.toThrow(
      /--only "nope" is not a server or journey/,
    );
    expect(put()).toEqual([]);
  });

  it("reads a server's key from the privateKeyFile the config names, not a file named after its id", async () => {
    const config = folder({ 'keys/acme-org.pem': privateKey });
    const json = journeyConfig() as { servers: Record<string, unknown>[] };
    const servers = json.servers.map((s) => (s.id === 'org' ? { ...s, privateKeyFile: 'keys/acme-org.pem' } : s));
    writeFileSync(config, JSON.stringify({ ...json, servers }));
    const done = await secrets(config, deps(), ['--only', 'org']);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(put()).toHaveLength(1);
    expect(put()[0]?.SecretString?.trim()).toBe(privateKey.trim());
  });

  it('is a command of the CLI, with its help', async () => {
    const io = captureIo({});
    expect(await main(['secrets', 'put', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: okta-synthetics secrets put --config FILE/);
    const wrong = captureIo({});
    expect(await main(['secrets', 'set'], wrong)).toBe(2);
    expect(wrong.err()).toContain('secrets: unknown subcommand "set"');
  });
});

describe('secrets put with a Preview org', () => {
  it("puts the Preview org's secrets under their own names and files, in the home region only", async () => {
    const previewKey = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey;
    const config = folder({
      'keys/okta-probe-org.pem': privateKey,
      'keys/okta-probe-default.secret': 'default-client-secret\n',
      'keys/okta-probe-preview-org.pem': previewKey,
    });
    const { signIn: _journeys, samlApps: _apps, ...servers } = journeyConfig();
    const preview = {
      orgUrl: 'https://acme.oktapreview.com',
      servers: { org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' } },
    };
    writeFileSync(config, JSON.stringify({ ...servers, regions: ['eu-west-1', 'us-east-1'], preview }));
    const io = captureIo({});
    expect(await runSecrets(['put', '--config', config], io, deps()), io.err()).toBe(0);
    expect(io.out()).toContain('put okta-synthetics/preview/org (preview/org) in eu-west-1');
    expect(io.out()).not.toContain('put okta-synthetics/preview/org (preview/org) in us-east-1');
    const previewPuts = put().filter((p) => p.SecretId === 'okta-synthetics/preview/org');
    expect(previewPuts.map((p) => p.SecretString)).toEqual([previewKey.trim()]);
    // Production's own key stays Production's: never the Preview org's value.
    expect(
      put()
        .filter((p) => p.SecretId === 'okta-synthetics/org')
        .map((p) => p.SecretString),
    ).toEqual([privateKey.trim(), privateKey.trim()]);
    expect(io.out() + io.err()).not.toContain('PRIVATE KEY');
  });

  it('names a missing Preview file with its id, and puts nothing', async () => {
    const config = folder({
      'keys/okta-probe-org.pem': privateKey,
      'keys/okta-probe-default.secret': 'default-client-secret\n',
    });
    const { signIn: _journeys, samlApps: _apps, ...servers } = journeyConfig();
    const preview = {
      orgUrl: 'https://acme.oktapreview.com',
      servers: { org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' } },
    };
    writeFileSync(config, JSON.stringify({ ...servers, preview }));
    const { code, err } = await secrets(config, deps());
    expect(code).not.toBe(0);
    expect(err).toMatch(/preview\/org: no file \S+keys\/okta-probe-preview-org\.pem/);
    expect(put()).toEqual([]);
  });
});
