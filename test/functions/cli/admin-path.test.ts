// Issue 22, the admin's path: what a new Okta admin meets from init to the first deploy. Every test here failed
// before its fix: placeholders that validated, ${VAR} that did not resolve, init's own rough edges.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { loadConfigFile } from '../../../functions/config/parse';
import { build, exampleConfig } from '../../lib/helpers';
import { buildOnce, captureIo, runCli } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-admin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(buildOnce, 120_000);

function write(name: string, config: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe("init's placeholders never pass validation", () => {
  it('plan, run and cost refuse the file init wrote, naming each placeholder field; exit 2', async () => {
    const file = join(dir, 'starter.json');
    expect(await main(['init', '--org', 'https://acme.okta.com', '--out', file], captureIo())).toBe(0);
    for (const command of ['plan', 'run', 'cost']) {
      const { code, stderr } = await runCli([command, '--config', file]);
      expect(code, command).toBe(2);
      for (const field of ['alarmEmails[0]', 'servers[0].clientId', 'servers[1].clientId', 'servers[1].scopes[0]']) {
        expect(stderr, `${command} ${field}`).toContain(`  - ${field}: still holds the placeholder "<`);
      }
    }
  });

  it('synth refuses a placeholder in any field, so no template subscribes "<oncall@...>" or carries "<client id ...>"', () => {
    const config = exampleConfig();
    const servers = config.servers as Record<string, unknown>[];
    const { result } = build({ ...config, alarmEmails: ['<oncall@your-company.example>'], servers: [{ ...servers[0], clientId: '<client id of the API Services app>' }, ...servers.slice(1)] });
    expect(result.ok ? [] : result.errors).toEqual([
      'alarmEmails[0]: still holds the placeholder "<oncall@your-company.example>" (from okta-synthetics init): replace it with the real value',
      'servers[0].clientId: still holds the placeholder "<client id of the API Services app>" (from okta-synthetics init): replace it with the real value',
    ]);
  });

  it('the placeholder org URL is named as a placeholder, not as a malformed URL', () => {
    const loaded = loadConfigFile(write('org.json', { ...exampleConfig(), orgUrl: 'https://<your-org>.okta.com' }), 'deploy');
    expect(loaded.ok ? [] : loaded.errors).toEqual(['orgUrl: still holds the placeholder "<your-org>" (from okta-synthetics init): replace it with the real value']);
  });
});

describe('${VAR} in the config', () => {
  it('is resolved from the environment before validation, in any string field', () => {
    const file = write('env.json', { ...exampleConfig(), orgUrl: '${OKTA_ORG}', prefix: 'probe-${STAGE}' });
    const loaded = loadConfigFile(file, 'deploy', { OKTA_ORG: 'https://staging.okta.com', STAGE: 'staging' });
    expect(loaded.ok && [loaded.config.probe.orgUrl, loaded.config.deploy.prefix]).toEqual(['https://staging.okta.com', 'probe-staging']);
  });

  it('an unset or empty variable is one problem naming the field and the variable; exit 2 from the CLI', async () => {
    const file = write('unset.json', { ...exampleConfig(), orgUrl: '${OKTA_ORG}', prefix: '${STAGE}' });
    const loaded = loadConfigFile(file, 'deploy', { STAGE: '' });
    expect(loaded.ok ? [] : loaded.errors).toEqual([
      'orgUrl: the environment variable OKTA_ORG is not set (the file says ${OKTA_ORG}): export OKTA_ORG=... or write the value',
      'prefix: the environment variable STAGE is empty (the file says ${STAGE}): export STAGE=... or write the value',
    ]);
    const { code, stderr } = await runCli(['plan', '--config', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('orgUrl: the environment variable OKTA_ORG is not set');
  });

  it('leaves _comment alone: prose may show ${VAR} without setting it', () => {
    const loaded = loadConfigFile(write('comment.json', { ...exampleConfig(), _comment: 'set ${OKTA_ORG} first' }), 'deploy', {});
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
  });
});

describe('init', () => {
  it('creates a missing --out folder instead of an internal error', async () => {
    const file = join(dir, 'new/folder/okta-synthetics.json');
    const io = captureIo();
    expect(await main(['init', '--out', file], io)).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it('points $schema at the package schema from wherever the file is written', async () => {
    const file = join(dir, 'elsewhere/okta-synthetics.json');
    expect(await main(['init', '--out', file], captureIo())).toBe(0);
    const schema = (JSON.parse(readFileSync(file, 'utf8')) as { $schema: string }).$schema;
    expect(existsSync(resolve(dirname(file), schema))).toBe(true);
  });

  it('says to create the key file and export the variable the file names', async () => {
    const io = captureIo();
    expect(await main(['init', '--out', join(dir, 'next.json')], io)).toBe(0);
    expect(io.out()).toContain("keys/okta-probe-org.pem: the Org AS app's PKCS#8 private key");
    expect(io.out()).toContain('export OKTA_PROBE_DEFAULT_SECRET=...');
  });
});
