// The top-level "integrationHealth" block: its name is a contract, every mistake names the field and the fix, and the
// block rides on the "org" server that reads the System Log.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/config/parse';

const org = ({ systemLog = true } = {}) => ({
  id: 'org',
  clientId: '0oa1probe',
  authMethod: 'private_key_jwt',
  scopes: ['okta.logs.read'],
  ...(systemLog && { systemLog: true }),
});

const parse = (file: Record<string, unknown>) =>
  parseConfig({ orgUrl: 'https://acme.okta.com', ...file }, { mode: 'deploy', baseDir: tmpdir(), env: {} });

const errorsOf = (file: Record<string, unknown>): string => {
  const result = parse(file);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.errors.join('\n');
};

describe('integrationHealth', () => {
  it('takes {} (and a _comment), carried by the "org" server; absent, no server has it', () => {
    for (const block of [{}, { _comment: 'the hooks and SMS' }]) {
      const result = parse({ servers: [org()], integrationHealth: block });
      if (!result.ok) throw new Error(result.errors.join('; '));
      expect(result.config.probe.servers[0]?.integrationHealth).toEqual({});
    }
    const without = parse({ servers: [org()] });
    if (!without.ok) throw new Error(without.errors.join('; '));
    expect(without.config.probe.servers[0]?.integrationHealth).toBeUndefined();
  });

  it('refuses a block that is no object, and a field it does not have, naming the field', () => {
    expect(errorsOf({ servers: [org()], integrationHealth: true })).toMatch(/integrationHealth: expected an object/);
    expect(errorsOf({ servers: [org()], integrationHealth: { hooks: true } })).toContain('integrationHealth.hooks');
  });

  it('refuses the block without an "org" server reading the System Log, saying what to add', () => {
    expect(errorsOf({ servers: [org({ systemLog: false })], integrationHealth: {} })).toMatch(
      /integrationHealth: .*add "systemLog": true/,
    );
    const none = errorsOf({
      servers: [{ id: 'custom', clientId: '0oa1x', authMethod: 'client_secret_basic', audience: 'api://x' }],
      integrationHealth: {},
    });
    expect(none).toMatch(/integrationHealth: .*add a server with "id": "org"/);
  });

  it("advises the domains' and the hook lists' scopes without requiring them: a warning each, none once listed", () => {
    const without = parse({ servers: [org()], integrationHealth: {} });
    if (!without.ok) throw new Error(without.errors.join('; '));
    expect(without.warnings).toEqual([
      expect.stringMatching(
        /^integrationHealth: the custom domains .* not read without okta\.domains\.read: add it .*Read-only/,
      ),
      expect.stringMatching(
        /^integrationHealth: the inline hooks are not listed .* without okta\.inlineHooks\.read: add it .*Read-only/,
      ),
      expect.stringMatching(/^integrationHealth: the event hooks are not listed .* without okta\.eventHooks\.read/),
    ]);
    const scopes = ['okta.logs.read', 'okta.domains.read', 'okta.inlineHooks.read', 'okta.eventHooks.read'];
    const granted = parse({ servers: [{ ...org(), scopes }], integrationHealth: {} });
    if (!granted.ok) throw new Error(granted.errors.join('; '));
    expect(granted.warnings).toEqual([]);
    expect(granted.config.probe.servers[0]?.integrationHealth).toEqual({});
    // No block, no advice.
    const off = parse({ servers: [org()] });
    expect(off.ok && off.warnings).toEqual([]);
  });
});
