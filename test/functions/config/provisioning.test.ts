// The top-level "provisioning" block: its name and fields are a contract (provisioning, pageOnLeavers, lookbackHours),
// every mistake names the field and the fix, and the block rides on the "org" server that reads the log and the apps.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/config/parse';
import { PROVISIONING } from '../../../functions/contract';

const org = ({ systemLog = true, apps = true } = {}) => ({
  id: 'org',
  clientId: '0oa1probe',
  authMethod: 'private_key_jwt',
  scopes: ['okta.logs.read', ...(apps ? ['okta.apps.read'] : [])],
  ...(systemLog && { systemLog: true }),
});

const parse = (file: Record<string, unknown>) =>
  parseConfig({ orgUrl: 'https://acme.okta.com', ...file }, { mode: 'deploy', baseDir: tmpdir(), env: {} });

const errorsOf = (file: Record<string, unknown>): string => {
  const result = parse(file);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.errors.join('\n');
};

describe('provisioning', () => {
  it('takes {} for the defaults (leavers warn, a day read back), carried by the "org" server', () => {
    const result = parse({ servers: [org()], provisioning: {} });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.servers[0]?.provisioning).toEqual({
      pageOnLeavers: false,
      lookbackHours: PROVISIONING.lookbackHours,
    });
  });

  it('takes pageOnLeavers and lookbackHours as written', () => {
    const result = parse({ servers: [org()], provisioning: { pageOnLeavers: true, lookbackHours: 72 } });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.servers[0]?.provisioning).toEqual({ pageOnLeavers: true, lookbackHours: 72 });
  });

  it('leaves every server without it when the block is absent', () => {
    const result = parse({ servers: [org()] });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.servers[0]?.provisioning).toBeUndefined();
  });

  it('refuses a block that is no object, saying what to write', () => {
    const errors = errorsOf({ servers: [org()], provisioning: true });
    expect(errors).toContain('provisioning');
    expect(errors).toContain('{} for the defaults');
  });

  it("refuses bad values naming the field: a string for pageOnLeavers, hours past the log's 90 days, a typo", () => {
    expect(errorsOf({ servers: [org()], provisioning: { pageOnLeavers: 'yes' } })).toContain(
      'provisioning.pageOnLeavers',
    );
    const hours = errorsOf({ servers: [org()], provisioning: { lookbackHours: 24 * 91 } });
    expect(hours).toContain('provisioning.lookbackHours');
    expect(hours).toContain(String(PROVISIONING.maxLookbackHours));
    expect(errorsOf({ servers: [org()], provisioning: { lookbackHours: 1.5 } })).toContain(
      'provisioning.lookbackHours',
    );
    expect(errorsOf({ servers: [org()], provisioning: { pageOnLeaver: true } })).toContain('pageOnLeavers');
  });

  it('needs the "org" server reading the System Log, and says how to add it', () => {
    expect(errorsOf({ servers: [org({ systemLog: false })], provisioning: {} })).toMatch(
      /provisioning: .*add "systemLog": true/,
    );
    const custom = { id: 'api', issuer: 'https://acme.okta.com/oauth2/aus1', clientId: '0oa1', scopes: ['x'] };
    expect(
      errorsOf({ servers: [{ ...custom, clientSecretEnv: 'S', audience: 'api://x' }], provisioning: {} }),
    ).toContain('add a server with "id": "org"');
  });

  it('needs okta.apps.read on the "org" server, naming the scope, where to grant it and the admin role', () => {
    const errors = errorsOf({ servers: [org({ apps: false })], provisioning: {} });
    expect(errors).toContain('okta.apps.read');
    expect(errors).toContain('Okta API Scopes');
    expect(errors).toContain('Read-only Administrator');
  });
});
