// The hook lists of integration health through the built CLI, on the simulator's hook scenarios
// (sim/integration-scenarios.ts): each active hook named, its endpoint's certificate read from the simulator's own TLS
// listeners (read as the simulator's own on its loopback host: the spawned CLI is handed no CA), a certificate
// expiring named with its hook, host and days, a URL on http never connected to, a list refused never "works"; and the
// config's advice when the org server lacks the lists' scopes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosesOf } from '../../../functions/probe/results';
import type { CheckResult, Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import type { ScenarioName } from '../../../sim/scenarios';
import { startSimulator, type Simulator } from '../../../sim/server';
import { userSignInsConfig, writeConfig } from '../../support/configs';
import { buildOnce, runCli, STACK_LINE, type CliOutcome } from './helpers';

let sim: Simulator;
let root = '';
beforeAll(async () => {
  await buildOnce();
  sim = await startSimulator({ port: 0 });
  root = mkdtempSync(join(tmpdir(), 'okta-synthetics-hooks-cli-'));
}, 300_000);
afterAll(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

async function run(name: ScenarioName): Promise<CliOutcome & { check: CheckResult }> {
  sim.scenario = name;
  sim.resetRateLimits();
  const dir = mkdtempSync(join(root, `${name}-`));
  const config = await writeSimulatorConfig(sim, dir);
  const cli = await runCli(['run', '--config', config, '--json', '--history', join(dir, 'history')], {
    XDG_STATE_HOME: join(dir, 'state'),
  });
  expect(cli.stderr).not.toMatch(STACK_LINE);
  const report = JSON.parse(cli.stdout) as Report;
  const check = report.checks.find((c) => c.server === 'org' && c.check === 'integration-health');
  expect(check, cli.stderr).toBeDefined();
  return { ...cli, check: check! };
}

const itemsOf = (check: CheckResult): string[] => (check.items ?? []).map((i) => `${i.status} ${i.item}`);

describe('the hook lists through the built CLI', () => {
  it('names a certificate expiring in 5 days with its hook, host and days, and warns', async () => {
    const { check, stderr } = await run('integration-hook-cert-expiring');
    const [told] = diagnosesOf(check);
    expect(told?.code).toBe('INTEGRATION_HOOK_CERT_EXPIRING');
    expect(told?.detail).toMatch(
      new RegExp(
        '^token hook "Claims enricher" \\(cal1tokenhook0000x7\\): the certificate of 127\\.0\\.0\\.1:\\d+ ' +
          'expires in [45] days \\(\\d{4}-\\d\\d-\\d\\d\\)$',
      ),
    );
    expect(check.items?.find((i) => i.code === 'INTEGRATION_HOOK_CERT_EXPIRING')?.status).toBe('warn');
    // The scopes are in the scenario's config: no advice to add them.
    expect(stderr).not.toContain('okta.inlineHooks.read');
  }, 120_000);

  it('pages for an expired certificate of the registration hook, and never connects to a URL on http', async () => {
    const expired = await run('integration-hook-cert-expired');
    expect(diagnosesOf(expired.check)[0]?.detail).toMatch(
      /^registration hook "Sign-up checker" \(cal1signuphook000x7\): the certificate of 127\.0\.0\.1:\d+ is expired/,
    );
    expect(expired.check.items?.find((i) => i.code === 'INTEGRATION_HOOK_CERT_EXPIRED')?.status).toBe('fail');
    // The judge's page reaches the CLI's verdict, as IntegrationsPaging pages in the stack: FAIL, never WARN.
    expect(expired.check.status).toBe('fail');
    expect(diagnosesOf(expired.check)[0]?.severity).toBe('page');
    const http = await run('integration-hook-url-http');
    expect(diagnosesOf(http.check).map((d) => d.detail)).toEqual([
      'telephony hook "Twilio telephony" (cal1telephony0000x7): its URL is not https, which Okta\'s API refuses: ' +
        'Okta cannot call it; its certificate was not checked',
    ]);
  }, 120_000);

  it('names each active hook, "not seen" where the log saw no call, its certificate valid; never "works"', async () => {
    const { check } = await run('integration-hooks-listed');
    expect(diagnosesOf(check)).toEqual([]);
    const items = itemsOf(check);
    expect(items).toContainEqual(expect.stringMatching(/^pass token hook "Claims enricher" .*: \d+ answers processed/));
    expect(items).toContain(
      'n/a registration hook "Sign-up checker" (cal1signuphook000x7): active, not seen (no call in the window)',
    );
    expect(items).toContainEqual(
      expect.stringMatching(/^pass certificate of 127\.0\.0\.1:\d+: valid 29\d more days, until .*Claims enricher/),
    );
    expect(items.join('\n')).not.toMatch(/Import cleanser|works/);
  }, 120_000);

  it('tells a list refused as unread, and advises the scopes when the org server lacks them', async () => {
    const refused = await run('integration-hooks-unreadable');
    expect(diagnosesOf(refused.check).map((d) => [d.code, d.detail])).toEqual([
      ['INTEGRATION_HOOKS_UNREAD', 'inline hooks: not read (INVENTORY_ROLE_MISSING, HTTP 403)'],
    ]);
    const without = await run('integration-healthy');
    expect(without.stderr.replace(/\s+/g, ' ')).toMatch(
      /integrationHealth: the inline hooks are not listed .*without okta\.inlineHooks\.read/,
    );
    expect(itemsOf(without.check)).toContain(
      'n/a inline hooks list: not read (okta.inlineHooks.read is not in the "org" server\'s scopes)',
    );
    // plan, where a deploy is weighed, says the same (of the example config, which deploys).
    const { userSignIns: _u, ...withLog } = userSignInsConfig();
    const plan = await runCli(['plan', '--config', writeConfig({ ...withLog, integrationHealth: {} })]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr.replace(/\s+/g, ' ')).toMatch(/the event hooks are not listed .*without okta\.eventHooks\.read/);
  }, 120_000);
});
