// The real CLI (node bin/okta-synthetics.mjs, built fresh) against the simulator started here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSimulatorConfig } from '../../../sim/config';
import { startSimulator } from '../../../sim/server';
import type { Report } from '../../../functions/types';
import { buildOnce, runCli, runDist, STACK_LINE } from './helpers';
import { isHealthy } from '../../../functions/probe/results';

let sim: Awaited<ReturnType<typeof startSimulator>>;
let dir: string;
let configPath: string;

beforeAll(async () => {
  await buildOnce();
  sim = await startSimulator({ scenario: 'healthy', port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-cli-'));
  configPath = await writeSimulatorConfig(sim, dir);
});
afterAll(async () => {
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The simulator's config with a change, written beside it (so its key file path still resolves). */
function variant(name: string, change: (config: Record<string, unknown>) => void): string {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
  change(config);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

describe('okta-synthetics run', () => {
  it('exits 0 against a healthy org and --json prints exactly one Report whose checks all pass', async () => {
    const { code, stdout, stderr } = await runCli(['run', '--config', configPath, '--json']);
    expect(stderr).not.toMatch(STACK_LINE);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report; // throws unless stdout is one JSON document and nothing else
    expect(report.orgUrl).toBe(sim.url.replace(/\/$/, ''));
    expect(report.checks.length).toBeGreaterThan(0);
    expect(report.checks.filter((c) => !isHealthy(c))).toEqual([]);
    expect(report.metrics.length).toBeGreaterThan(0);
  });

  it('prints the human table without --json', async () => {
    const { code, stdout } = await runCli(['run', '-c', configPath]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/PASS {2}discovery/);
    expect(stdout).toMatch(/\d+ passed, 0 failed, 0 skipped in \d+ ms\n$/);
    expect(stdout).not.toContain('\u001b['); // not a TTY: no colour
  });

  it('exits 1 when a check fails: an unknown client id', async () => {
    const path = variant('wrong-client.json', (config) => {
      const servers = config.servers as Record<string, unknown>[];
      if (servers[0]) servers[0].clientId = '0oaDoesNotExist';
    });
    const { code, stdout } = await runCli(['run', '--config', path, '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.checks.some((c) => c.diagnosis?.code === 'UNKNOWN_CLIENT_ID')).toBe(true);
  });

  it('exits 2 on a broken config, naming every bad field, without a stack trace', async () => {
    const path = variant('broken.json', (config) => {
      config.orgUrl = 'http://acme.okta.com';
      const servers = config.servers as Record<string, unknown>[];
      if (servers[0]) {
        servers[0].clientID = servers[0].clientId;
        delete servers[0].clientId;
      }
    });
    const { code, stdout, stderr } = await runCli(['run', '--config', path]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.replace(/\s+/g, ' ')).toContain('orgUrl: must use https');
    expect(stderr.replace(/\s+/g, ' ')).toContain('servers[0].clientID: unknown field (did you mean clientId?)');
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('exits 2 on invalid JSON, naming the line and column', async () => {
    const path = join(dir, 'syntax.json');
    writeFileSync(path, '{\n  "orgUrl": "https://acme.okta.com",\n}\n');
    const { code, stderr } = await runCli(['run', '--config', path]);
    expect(code).toBe(2);
    expect(stderr.replace(/\s+/g, ' ')).toContain(`${path}:2:36: trailing comma before "}"`);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('exits 2 when --config is missing or the file does not exist', async () => {
    const missing = await runCli(['run']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.replace(/\s+/g, ' ')).toContain('run: --config FILE is required');
    const absent = await runCli(['run', '--config', join(dir, 'absent.json')]);
    expect(absent.code).toBe(2);
    expect(absent.stderr.replace(/\s+/g, ' ')).toContain('cannot read the configuration file (ENOENT');
  });
});

describe('okta-synthetics usage', () => {
  it('prints the usage for no arguments and --help, exit 0', async () => {
    for (const args of [[], ['--help'], ['help']]) {
      const { code, stdout } = await runCli(args);
      expect(code, args.join(' ')).toBe(0);
      expect(stdout).toContain('Usage: okta-synthetics <command>');
    }
  });

  it('suggests the closest option and command, exit 2, no stack trace', async () => {
    const option = await runCli(['run', '--config', configPath, '--jsn']);
    expect(option.code).toBe(2);
    expect(option.stderr.replace(/\s+/g, ' ')).toContain('unknown option --jsn (did you mean --json?)');
    expect(option.stderr).not.toMatch(STACK_LINE);
    const command = await runCli(['rnu']);
    expect(command.code).toBe(2);
    expect(command.stderr.replace(/\s+/g, ' ')).toContain('unknown command "rnu" (did you mean run?)');
    const value = await runCli(['run', '--config']);
    expect(value.code).toBe(2);
    expect(value.stderr.replace(/\s+/g, ' ')).toContain('--config needs a value');
  });
});

describe('okta-synthetics demo', () => {
  it('runs one cycle against the built-in simulator and exits 0 when healthy', async () => {
    const { code, stdout } = await runCli(['demo']);
    expect(code).toBe(0);
    // The banner is wrapped at 80 columns: read its first paragraph as one line.
    expect(stdout.split('\n\n')[0]?.replaceAll('\n', ' ')).toMatch(
      /^Ran one probe cycle against the built-in Okta simulator at http:\/\/127\.0\.0\.1:\d+\/?, scenario "healthy"/,
    );
    expect(stdout).toMatch(/\d+ passed, 0 failed, 0 skipped/);
  });

  it(
    'runs from dist/cli.mjs directly, as npm start does, and shows a failure and its remedy for --scenario ' +
      'rate-limited, exit 1',
    async () => {
      const { code, stdout } = await runDist(['demo', '--scenario', 'rate-limited']);
      expect(code).toBe(1);
      expect(stdout).toContain('RATE_LIMITED');
      expect(stdout).toContain('Fix: ');
    },
  );

  it('keeps stdout to the JSON report with --json', async () => {
    const { code, stdout, stderr } = await runCli(['demo', '--json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Report).checks.every(isHealthy)).toBe(true);
    expect(stderr.replace(/\s+/g, ' ')).toContain('built-in Okta simulator');
  });

  it('puts a schemaVersion in the JSON report and every duration in whole milliseconds', async () => {
    const { stdout } = await runCli(['demo', '--json']);
    const report = JSON.parse(stdout) as Report & { schemaVersion: unknown };
    expect(report.schemaVersion).toBe(3);
    const durations = [
      report.durationMs,
      ...report.checks.flatMap((c) => [c.latencyMs ?? 0, ...Object.values(c.timings ?? {})]),
    ];
    expect(durations.length).toBeGreaterThan(report.checks.length);
    expect(durations.filter((ms) => !Number.isInteger(ms))).toEqual([]);
  });

  it(
    'checks every app of a group, as a one-off run does, ' + 'so a catalogue scenario shows what it describes',
    async () => {
      const { stdout } = await runCli(['demo', '--json', '--scenario', 'saml-catalogue-certificates-expiring']);
      const group = (JSON.parse(stdout) as Report).checks.find((c) => c.check === 'saml-apps');
      // One session's share would be 2 of the 20 apps, and the three expiring certificates unseen.
      expect(group?.observed).toMatchObject({ apps: 20, checked: 20, expiring: 3 });
      expect(group?.items?.filter((i) => i.code === 'SAML_CERT_EXPIRING').map((i) => i.item)).toEqual([
        'app-0003',
        'app-0011',
        'app-0017',
      ]);
    },
  );

  it('refuses an unknown scenario, naming the closest and where the rest are listed', async () => {
    const { code, stderr } = await runCli(['demo', '--scenario', 'rate-limite']);
    expect(code).toBe(2);
    expect(stderr.replace(/\s+/g, ' ')).toMatch(
      /unknown scenario "rate-limite" \(did you mean rate-limited.*demo --list" lists all/,
    );
  });
});

describe('okta-synthetics cost', () => {
  it('dispatches to the cost command: the example deploy config prices as one JSON document', async () => {
    const { code, stdout } = await runCli(['cost', '--config', 'okta-synthetics.example.json', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ scheduleMinutes: 1 });
  });

  it('prices a local (CLI) config without its secrets: unset variables and absent key files are not read', async () => {
    const costDir = mkdtempSync(join(tmpdir(), 'okta-synthetics-cost-'));
    try {
      const path = join(costDir, 'local.json');
      writeFileSync(
        path,
        JSON.stringify({
          orgUrl: 'https://acme.okta.com',
          servers: [
            { id: 'org', clientId: '0oa-org', scopes: ['okta.users.read'], privateKeyFile: 'not-here.pem' },
            {
              id: 'default',
              clientId: '0oa-custom',
              scopes: ['orders.read'],
              audience: 'api://default',
              clientSecretEnv: 'OKTA_SYNTHETICS_COST_TEST_UNSET',
            },
          ],
        }),
      );
      const { code, stdout, stderr } = await runCli(['cost', '--config', path, '--json']);
      expect(stderr).not.toMatch(/not set|cannot read/);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ scheduleMinutes: 1 });
    } finally {
      rmSync(costDir, { recursive: true, force: true });
    }
  });
});
