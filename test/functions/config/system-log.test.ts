import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type ConfigMode } from '../../../functions/config/parse';
import { resolvedOf } from '../../support/server-configs';

// "systemLog": true on the "org" entry: the field name is a contract other tests write.
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-syslog-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'probe.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const org = (extra: Record<string, unknown> = {}) => ({
  id: 'org',
  clientId: '0oa-org',
  scopes: ['okta.users.read', 'okta.logs.read'],
  privateKeyFile: 'probe.pem',
  systemLog: true,
  ...extra,
});
const custom = (extra: Record<string, unknown> = {}) => ({
  id: 'default',
  clientId: '0oa-c',
  scopes: ['probe'],
  audience: 'api://default',
  clientSecretEnv: 'S',
  ...extra,
});

function parse(servers: unknown[], mode: ConfigMode = 'cli') {
  return parseConfig(
    { orgUrl: 'https://acme.okta.com', servers },
    { mode, baseDir: dir, env: { S: 'secret-value-xyz' } },
  );
}
function errors(servers: unknown[], mode: ConfigMode = 'cli'): string[] {
  const result = parse(servers, mode);
  return result.ok ? [] : result.errors;
}

describe('systemLog on the org server', () => {
  it('is accepted on the Org AS with okta.logs.read and a key, and reaches the validated config', () => {
    const result = parse([org(), custom()]);

    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config.probe.servers.map((s) => s.systemLog)).toEqual([true, undefined]);
  });

  it('is accepted in a deploy config with authMethod private_key_jwt', () => {
    const { privateKeyFile: _, ...server } = org({ authMethod: 'private_key_jwt' });

    expect(errors([server], 'deploy')).toEqual([]);
  });

  it('false leaves it off', () => {
    const result = parse([org({ systemLog: false })]);

    expect(result.ok && result.config.probe.servers[0]?.systemLog).toBe(undefined);
  });

  it('names the field, the scope to grant and the admin role when okta.logs.read is missing', () => {
    const [message] = errors([org({ scopes: ['okta.users.read'] })]);

    expect(message).toContain('servers[0].systemLog');
    expect(message).toContain('okta.logs.read');
    expect(message).toContain('Okta API Scopes');
    expect(message).toContain('an admin role that can read the System Log (Report Administrator)');
  });

  it('refuses a client secret: the log is read only with a private_key_jwt Org-AS token', () => {
    const { privateKeyFile: _, ...server } = org({ clientSecretEnv: 'S' });

    expect(errors([server]).join('\n')).toMatch(/servers\[0\]\.systemLog: needs private_key_jwt/);
  });

  it('refuses it on a custom server and names where it belongs', () => {
    expect(errors([org({ systemLog: undefined }), custom({ systemLog: true })])).toEqual([
      expect.stringMatching(/^servers\[1\]\.systemLog: only for the Org AS \(id "org"\)/),
    ]);
  });

  it('refuses a value that is not a boolean', () => {
    expect(errors([org({ systemLog: 'yes' })]).join('\n')).toMatch(
      /servers\[0\]\.systemLog: expected true or false, got/,
    );
  });
});

describe('systemLog in the Lambda config', () => {
  it('reaches the Lambda in the resolved config', () => {
    const { privateKeyFile: _, ...server } = org({ authMethod: 'private_key_jwt' });
    const deployed = parse([server], 'deploy');
    if (!deployed.ok) throw new Error(deployed.errors.join('\n'));

    const back = resolvedOf(deployed.config, new Map([['org', 'okta-synthetics/org']]));

    expect(back.probe.servers[0]?.systemLog).toBe(true);
  });
});

describe('the schedule in the Lambda config', () => {
  it('reaches the Lambda with systemLog, so each run owns one schedule period of the log, and without it', () => {
    const { privateKeyFile: _, ...server } = org({ authMethod: 'private_key_jwt' });
    const withLog = parseConfig(
      { orgUrl: 'https://acme.okta.com', scheduleMinutes: 5, servers: [server] },
      { mode: 'deploy', baseDir: dir, env: {} },
    );
    const without = parseConfig(
      { orgUrl: 'https://acme.okta.com', scheduleMinutes: 5, servers: [{ ...server, systemLog: false }] },
      { mode: 'deploy', baseDir: dir, env: {} },
    );
    if (!withLog.ok || !without.ok) throw new Error('invalid');
    const secrets = new Map([['org', 'okta-synthetics/org']]);

    expect(resolvedOf(withLog.config, secrets).deploy.scheduleMinutes).toBe(5);
    expect(resolvedOf(without.config, secrets).deploy.scheduleMinutes).toBe(5);
  });
});
