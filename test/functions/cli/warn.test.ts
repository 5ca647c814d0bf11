// Three outcomes, not two: a failed check whose registry row warns is WARN in the table, "warn" in the
// JSON, a passing JUnit test case with the diagnosis in its output, and exit 0; --fail-on warn makes it fail; and
// a warning is never downtime in the availability report. The real CLI against the simulator.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_VERSION } from '../../../functions/cli/render';
import { AVAILABILITY_CHECKS } from '../../../functions/plan/check-table';
import { failureSeverity } from '../../../functions/plan/outputs';
import { parseRunLine } from '../../../functions/report/parse-run-line';
import { writeSimulatorConfig } from '../../../sim/config';
import { startSimulator } from '../../../sim/server';
import { buildOnce, runCli } from './helpers';

let dir: string;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let config: string;

beforeAll(async () => {
  await buildOnce();
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-warn-'));
  // okta.logs.read not granted: system-log warns (SYSTEM_LOG_SCOPE_NOT_GRANTED) and org-rate-limit, which needs
  // it, is skipped; every other check passes.
  sim = await startSimulator({ scenario: 'system-log-scope-not-granted', port: 0 });
  config = await writeSimulatorConfig(sim, dir);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a warning is a warning', () => {
  it('the table says WARN and counts it apart; exit 0', async () => {
    const { code, stdout } = await runCli(['run', '--config', config, '--server', 'org']);
    expect(stdout).toMatch(/^ {2}WARN {2}system-log .* SYSTEM_LOG_SCOPE_NOT_GRANTED$/m);
    expect(stdout).not.toMatch(/^ {2}FAIL /m);
    expect(stdout).toMatch(/^\d+ passed, 1 warned, 0 failed, 2 skipped in \d+ ms$/m);
    expect(code).toBe(0);
  });

  it('the JSON says "status": "warn" with its diagnosis, under a raised schemaVersion; exit 0', async () => {
    const { code, stdout } = await runCli(['run', '--config', config, '--server', 'org', '--json']);
    const report = JSON.parse(stdout) as {
      schemaVersion: number;
      checks: { check: string; status: string; diagnosis: { code: string } | null }[];
    };
    expect(report.schemaVersion).toBe(3);
    expect(REPORT_SCHEMA_VERSION).toBe(3);
    expect(report.checks.find((c) => c.check === 'system-log')).toMatchObject({
      status: 'warn',
      diagnosis: { code: 'SYSTEM_LOG_SCOPE_NOT_GRANTED' },
    });
    for (const check of report.checks.filter((c) => c.status === 'warn'))
      expect(failureSeverity(check.check as never, check.diagnosis?.code as never)).toBe('warn');
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(code).toBe(0);
  });

  it(
    'JUnit: the warning is a passing test case with the diagnosis in its output; --fail-on warn makes it a ' +
      'failure and exit 1',
    async () => {
      const junit = join(dir, 'junit.xml');
      const passing = await runCli(['run', '--config', config, '--server', 'org', '--junit', junit]);
      expect(passing.code).toBe(0);
      const xml = readFileSync(junit, 'utf8');
      expect(xml).toMatch(/<testsuites [^>]* failures="0" /);
      expect(xml).toMatch(
        /<testcase classname="okta-synthetics\.org" name="system-log" time="[\d.]+">\n {6}<system-out>WARN SYSTEM_LOG_SCOPE_NOT_GRANTED: [^<]+\nFix: /,
      );
      expect(xml).not.toContain('<failure');

      const failing = await runCli([
        'run',
        '--config',
        config,
        '--server',
        'org',
        '--junit',
        junit,
        '--fail-on',
        'warn',
      ]);
      expect(failing.code).toBe(1);
      expect(failing.stdout).toMatch(/^ {2}WARN {2}system-log /m);
      expect(readFileSync(junit, 'utf8')).toMatch(
        /<failure type="SYSTEM_LOG_SCOPE_NOT_GRANTED" message="SYSTEM_LOG_SCOPE_NOT_GRANTED: /,
      );
    },
  );

  it('--fail-on takes warn or fail, naming them otherwise (exit 2, nothing probed)', async () => {
    sim.resetRequests();
    const { code, stderr } = await runCli(['run', '--config', config, '--fail-on', 'page']);
    expect(stderr.replace(/\s+/g, ' ')).toContain(
      'okta-synthetics: run: --fail-on must be "warn" (warnings fail the run too) or "fail" (the default: ' +
        'only failures do), got "page"',
    );
    expect(code).toBe(2);
    expect(sim.requests).toEqual([]);
  });

  it(
    'is never downtime: the run line counts the server up, ' + 'and the availability report finds no down minute',
    async () => {
      const history = join(dir, 'history');
      expect((await runCli(['run', '--config', config, '--server', 'org', '--history', history])).code).toBe(0);
      const [file] = readdirSync(history);
      const line = parseRunLine(readFileSync(join(history, file ?? ''), 'utf8').trim());
      expect(line?.failures.map((f) => f.code)).toEqual(['SYSTEM_LOG_SCOPE_NOT_GRANTED']);
      expect(line?.servers?.find((s) => s.id === 'org')?.up).toBe(1);

      const day = (file ?? '').slice(0, 10);
      const report = await runCli(['report', '--history', history, '--since', day, '--json']);
      const availability = JSON.parse(report.stdout) as {
        servers: { server: string; minutes: Record<string, number> }[];
        incidents: unknown[];
      };
      const org = availability.servers.find((s) => s.server === 'org');
      expect(org?.minutes.up).toBeGreaterThan(0);
      expect([org?.minutes.okta, org?.minutes.org, org?.minutes.probe]).toEqual([0, 0, 0]);
      expect(availability.incidents).toEqual([]);
    },
  );

  it('the registry agrees: only page checks can be downtime', () => {
    for (const check of AVAILABILITY_CHECKS) expect(failureSeverity(check), check).toBe('page');
  });
});
