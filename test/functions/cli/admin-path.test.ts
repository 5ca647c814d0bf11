// The admin's path: what a new Okta admin meets from init to the first deploy. Every test here failed
// before its fix: placeholders that validated, ${VAR} that did not resolve, init's own rough edges.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { starterConfig } from '../../../functions/cli/init';
import { loadConfigFile } from '../../../functions/config/parse';
import { LOCAL_CREDENTIAL_FILES } from '../../../functions/credentials/local';
import { build, exampleConfig } from '../../lib/helpers';
import { buildOnce, captureIo, runCli } from './helpers';
import { useSimulator } from '../../support/simulator';
import { writeSimulatorConfig } from '../../../sim/config';

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

  it(
    'synth refuses a placeholder in any field, so no template subscribes "<oncall@...>" or carries "<client id ' +
      '...>"',
    () => {
      const config = exampleConfig();
      const servers = config.servers as Record<string, unknown>[];
      const { result } = build({
        ...config,
        alarmEmails: ['<oncall@your-company.example>'],
        servers: [{ ...servers[0], clientId: '<client id of the API Services app>' }, ...servers.slice(1)],
      });
      expect(result.ok ? [] : result.errors).toEqual([
        'alarmEmails[0]: still holds the placeholder "<oncall@your-company.example>" (from okta-synthetics ' +
          'init): replace it with the real value',
        'servers[0].clientId: still holds the placeholder "<client id of the API Services app>" (from ' +
          'okta-synthetics init): replace it with the real value',
      ]);
    },
  );

  it('the placeholder org URL is named as a placeholder, not as a malformed URL', () => {
    const loaded = loadConfigFile(
      write('org.json', { ...exampleConfig(), orgUrl: 'https://<your-org>.okta.com' }),
      'deploy',
    );
    expect(loaded.ok ? [] : loaded.errors).toEqual([
      'orgUrl: still holds the placeholder "<your-org>" (from okta-synthetics init): replace it with the real value',
    ]);
  });
});

describe('${VAR} in the config', () => {
  it('is resolved from the environment before validation, in any string field', () => {
    const file = write('env.json', { ...exampleConfig(), orgUrl: '${OKTA_ORG}', prefix: 'probe-${STAGE}' });
    const loaded = loadConfigFile(file, 'deploy', { OKTA_ORG: 'https://staging.okta.com', STAGE: 'staging' });
    expect(loaded.ok && [loaded.config.probe.orgUrl, loaded.config.deploy.prefix]).toEqual([
      'https://staging.okta.com',
      'probe-staging',
    ]);
  });

  it('an unset or empty variable is one problem naming the field and the variable; exit 2 from the CLI', async () => {
    const file = write('unset.json', { ...exampleConfig(), orgUrl: '${OKTA_ORG}', prefix: '${STAGE}' });
    const loaded = loadConfigFile(file, 'deploy', { STAGE: '' });
    expect(loaded.ok ? [] : loaded.errors).toEqual([
      'orgUrl: the environment variable OKTA_ORG is not set (the file says ${OKTA_ORG}): export OKTA_ORG=... ' +
        'or write the value',
      'prefix: the environment variable STAGE is empty (the file says ${STAGE}): export STAGE=... or write the value',
    ]);
    const { code, stderr } = await runCli(['plan', '--config', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('orgUrl: the environment variable OKTA_ORG is not set');
  });

  it('leaves _comment alone: prose may show ${VAR} without setting it', () => {
    const loaded = loadConfigFile(
      write('comment.json', { ...exampleConfig(), _comment: 'set ${OKTA_ORG} first' }),
      'deploy',
      {},
    );
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

  it("says to create the key file and export every variable the file names, the journey's included", async () => {
    const io = captureIo();
    expect(await main(['init', '--out', join(dir, 'next.json')], io)).toBe(0);
    expect(io.out()).toContain('keys/okta-probe-org.pem: the "org" app\'s PKCS#8 private key');
    for (const variable of ['OKTA_PROBE_DEFAULT_SECRET', 'OKTA_PROBE_PASSWORD', 'OKTA_PROBE_TOTP'])
      expect(io.out()).toContain(`export ${variable}=...`);
  });

  it('--help says what it writes and lists every variable and key file the starter names', async () => {
    const io = captureIo();
    expect(await main(['init', '--help'], io)).toBe(0);
    const written = starterConfig('https://acme.okta.com');
    const named = [
      ...written.servers.flatMap((s) => [s.privateKeyFile, s.clientSecretEnv]),
      ...(written.signIn ?? []).flatMap((j) => [j.passwordEnv, j.totpSecretEnv, j.clientSecretEnv]),
    ].filter((n): n is string => n !== undefined);
    expect(named.length).toBeGreaterThanOrEqual(4);
    for (const name of named) expect(io.out()).toContain(name);
    for (const id of ['"org"', '"default"', '"portal"', '"salesforce"']) expect(io.out()).toContain(id);
  });
});

describe('80-column output', () => {
  const wide = (text: string): string[] => text.split('\n').filter((line) => line.length > 80);

  it.each([
    [['--help']],
    [['run', '--help']],
    [['demo', '--help']],
    [['sim', '--help']],
    [['cost', '--help']],
    [['plan', '--help']],
    [['init', '--help']],
    [['notify-test', '--help']],
    [['prove-latch', '--help']],
    [['status', '--help']],
    [['secrets', '--help']],
    [['passkey', '--help']],
    [['demo', '--list']],
    [['cost', '--config', 'okta-synthetics.example.json']],
  ])('%s fits 80 columns', async (args) => {
    const { code, stdout } = await runCli(args);
    expect(code).toBe(0);
    expect(wide(stdout)).toEqual([]);
  });

  it("the demo's own first and last lines fit 80 columns (the report between them follows the terminal)", async () => {
    const { stdout } = await runCli(['demo']);
    const paragraphs = stdout.trimEnd().split('\n\n');
    expect(wide(`${paragraphs[0]}\n${paragraphs.at(-1)}`)).toEqual([]);
  });
});

describe('messages', () => {
  it('a fractional scheduleMinutes is quoted, not called "a number"', () => {
    const loaded = loadConfigFile(write('fraction.json', { ...exampleConfig(), scheduleMinutes: 1.5 }), 'deploy');
    expect(loaded.ok ? [] : loaded.errors).toEqual([
      'scheduleMinutes: expected an integer (minutes) from 1 to 60, got 1.5',
    ]);
  });

  it('a relative key path is shown resolved, relative to the config file', () => {
    const config = exampleConfig();
    const [org, ...rest] = config.servers as Record<string, unknown>[];
    const file = write('relkey.json', {
      ...config,
      servers: [{ ...org, authMethod: undefined, privateKeyFile: 'keys/missing.pem' }, ...rest],
    });
    const loaded = loadConfigFile(file, 'cli', { OKTA_PROBE_SECRET: 'x' }, { credentialFiles: LOCAL_CREDENTIAL_FILES });
    expect(loaded.ok ? '' : loaded.errors.join('\n')).toContain(
      `cannot read keys/missing.pem (ENOENT: no such file at ${join(dir, 'keys/missing.pem')}; the path is ` +
        `relative to the config file)`,
    );
  });

  it('cost --duration-ms -5 judges the value instead of saying it is missing', async () => {
    const { code, stderr } = await runCli(['cost', '--config', 'okta-synthetics.example.json', '--duration-ms', '-5']);
    expect(code).toBe(2);
    expect(stderr).toContain('cost: --duration-ms expects a number from 1 to 900000, got "-5"');
  });

  it('a missing option value names what the option takes', async () => {
    const { stderr } = await runCli(['notify-test', '--config', 'okta-synthetics.example.json', '--region']);
    expect(stderr).toContain('notify-test: --region needs a value (--region REGION)');
  });

  it('sim --help says what each option does', async () => {
    const { stdout } = await runCli(['sim', '--help']);
    for (const option of ['--scenario', '--port', '--latency', '--config-dir'])
      expect(stdout).toMatch(new RegExp(`^ +(-s, )?${option} \\S+ +\\S`, 'm'));
  });

  it('a duplicate server id is reported even when that server has another problem: every problem at once', () => {
    const config = exampleConfig();
    const [org, ...rest] = config.servers as Record<string, unknown>[];
    const loaded = loadConfigFile(
      write('dup.json', { ...config, servers: [org, ...rest, { ...org, scopes: 'okta.users.read' }] }),
      'deploy',
    );
    const errors = loaded.ok ? [] : loaded.errors;
    expect(errors).toContainEqual(expect.stringMatching(/^servers\[2\]\.scopes: expected an array/));
    expect(errors).toContainEqual(`servers[2].id: "org" is already used by servers[0]; each server id must be unique`);
  });
});

describe('run --junit FILE', () => {
  const sim = useSimulator({ scenario: 'audience-mismatch' });

  it(
    'writes one test suite per server and one test case per check; a failure carries the code, the fix and the ' +
      'request id',
    async () => {
      const config = await writeSimulatorConfig(sim(), join(dir, 'junit-sim'));
      const out = join(dir, 'reports/junit.xml');
      const { code, stderr } = await runCli(['run', '--config', config, '--junit', out]);
      expect(code).toBe(1);
      expect(stderr).toContain(`JUnit report: ${out}`);
      const xml = readFileSync(out, 'utf8');
      expect(xml).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="okta-synthetics http:\/\/127\.0\.0\.1:\d+" tests="\d+" failures="1" errors="0" skipped="\d+"/,
      );
      expect(xml).toMatch(/<testsuite name="org" tests="\d+" failures="0"/);
      expect(xml).toMatch(/<testsuite name="default" tests="\d+" failures="1"/);
      expect(xml).toMatch(
        /<testcase classname="okta-synthetics\.default" name="validate" time="[\d.]+">\n {6}<failure type="AUDIENCE_MISMATCH" message="AUDIENCE_MISMATCH: [^"]+">[^<]*Fix: [^<]+<\/failure>/,
      );
      expect(xml).toMatch(/<testcase classname="okta-synthetics\.org" name="discovery" time="[\d.]+"\/>/);
      expect(xml).toMatch(
        /<testcase classname="okta-synthetics\.org" name="certificate" time="0.000">\n {6}<skipped message="not applicable: /,
      );
    },
  );

  it('refuses a path it cannot write before probing anything; exit 2', async () => {
    const config = await writeSimulatorConfig(sim(), join(dir, 'junit-sim-2'));
    const before = sim().requests.length;
    const { code, stderr } = await runCli(['run', '--config', config, '--junit', join(dir, 'junit-sim-2')]);
    expect(code).toBe(2);
    expect(stderr).toContain('--junit');
    expect(stderr).toContain('cannot write it (EISDIR');
    expect(sim().requests.length).toBe(before);
  });
});
