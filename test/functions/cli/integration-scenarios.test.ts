// Integration health through the built CLI on the simulator's integration scenarios (sim/integration-scenarios.ts),
// as an admin runs it from the shell: each finding told on the org server's integration-health check, paging ones
// failing its item and warnings warning it, a healthy org's integrations named with their figures, bounces counted
// and never told, and no phone number, address, login, user id or the hooks' own text in anything printed or written.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosesOf } from '../../../functions/probe/results';
import { checkRow } from '../../../functions/plan/check-table';
import type { CheckResult, Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { INTEGRATION_SCENARIOS } from '../../../sim/integration-scenarios';
import type { ScenarioName } from '../../../sim/scenarios';
import { startSimulator, type Simulator } from '../../../sim/server';
import { buildOnce, runCli, STACK_LINE, type CliOutcome } from './helpers';

/** What the simulator's integration events hold of its people and the hooks' own text: none may be told. */
const NEVER_TOLD = [
  /\+1555010\d{4}/,
  /member\d+@acme\.example/,
  /00u1intg\d{5}x7/,
  /<script>|<html>|onerror/,
  /Relaying denied|Authentication credentials invalid/,
  /Read timed out after/,
  new RegExp(String.fromCharCode(0x1b) + '\\[31m'),
];

let sim: Simulator;
let root = '';
beforeAll(async () => {
  await buildOnce();
  sim = await startSimulator({ port: 0 });
  root = mkdtempSync(join(tmpdir(), 'okta-synthetics-integrations-cli-'));
}, 300_000);
afterAll(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

/** Every file under `dir`, as text. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, 'utf8'));
}

/** Runs the CLI once on a scenario (a process of its own, in `dir`); everything it printed and wrote. */
async function run(
  name: ScenarioName,
  extra: readonly string[] = ['--json'],
  dir = mkdtempSync(join(root, `${name}-`)),
): Promise<CliOutcome & { told: string[] }> {
  sim.scenario = name;
  sim.resetRateLimits();
  const config = await writeSimulatorConfig(sim, dir);
  const args = ['run', '--config', config, '--history', join(dir, 'history'), '--har', join(dir, 'har'), ...extra];
  const cli = await runCli(args, { XDG_STATE_HOME: join(dir, 'state') });
  expect(cli.stderr).not.toMatch(STACK_LINE);
  return { ...cli, told: [cli.stdout, cli.stderr, ...filesUnder(dir).filter((t) => !t.includes('"servers"'))] };
}

function checkOf(cli: CliOutcome): CheckResult {
  const report = JSON.parse(cli.stdout) as Report;
  const check = report.checks.find((c) => c.server === 'org' && c.check === 'integration-health');
  expect(check, cli.stderr).toBeDefined();
  return check!;
}

function expectNothingTold(told: readonly string[]): void {
  for (const text of told) for (const pattern of NEVER_TOLD) expect(text).not.toMatch(pattern);
}

describe('integration health through the built CLI, on the simulator', () => {
  it.each(Object.keys(INTEGRATION_SCENARIOS) as (keyof typeof INTEGRATION_SCENARIOS)[])(
    '%s: tells what its scenario promises, and nothing personal',
    async (name) => {
      const cli = await run(name);
      const check = checkOf(cli);
      const codes = diagnosesOf(check).map((d) => d.code);
      const promised = INTEGRATION_SCENARIOS[name].expect.filter((e) => e.check === 'integration-health');
      expect(codes, JSON.stringify(check)).toEqual(promised.map((e) => e.code));
      expectNothingTold(cli.told);
    },
    120_000,
  );

  it('pages for the registration hook (its item fails) and names it, in JSON and as an admin reads it', async () => {
    const cli = await run('integration-registration-hook-500');
    const check = checkOf(cli);
    const [told] = diagnosesOf(check);
    expect(told?.detail).toMatch(/^registration hook "Sign-up checker" \(cal1signuphook000x7\): \d+ failed calls/);
    expect(check.items?.find((i) => i.code === 'INTEGRATION_HOOK_BLOCKING')?.status).toBe('fail');
    const text = await run('integration-registration-hook-500', []);
    expect(text.stdout).toMatch(/INTEGRATION_HOOK_BLOCKING[^]*Sign-up checker/);
    expect(text.stdout).toContain('Workflow > Inline Hooks');
    expectNothingTold(text.told);
  }, 120_000);

  it('names the failing hook again in the next run, a new process on the same --history and state', async () => {
    const dir = mkdtempSync(join(root, 'again-'));
    const first = checkOf(await run('integration-token-hook-timeout', ['--json'], dir));
    // The cursor is kept past every event: the hour is read again from its start, so the hook is not "not seen".
    const again = checkOf(await run('integration-token-hook-timeout', ['--json'], dir));
    expect(diagnosesOf(first).map((d) => d.code)).toEqual(['INTEGRATION_HOOK_CLAIMS_MISSING']);
    expect(diagnosesOf(again).map((d) => d.code)).toEqual(['INTEGRATION_HOOK_CLAIMS_MISSING']);
    expect(diagnosesOf(again)[0]?.detail).toMatch(/: \d{2,} failed calls of/);
  }, 120_000);

  it("warns for the token hook by its name and suggests requiredClaims; SMTP's refusal pages", async () => {
    const token = checkOf(await run('integration-token-hook-timeout'));
    expect(diagnosesOf(token)[0]?.detail).toMatch(/^token hook "Claims enricher" .* timed out.*requiredClaims/);
    expect(token.items?.find((i) => i.code === 'INTEGRATION_HOOK_CLAIMS_MISSING')?.status).toBe('warn');
    const smtp = checkOf(await run('integration-smtp-refusing'));
    expect(smtp.items?.find((i) => i.code === 'INTEGRATION_SMTP_REFUSING')?.status).toBe('fail');
  }, 120_000);

  it('names healthy integrations with their figures, "not seen" where the log tells only failures', async () => {
    const check = checkOf(await run('integration-healthy'));
    expect(diagnosesOf(check)).toEqual([]);
    const items = (check.items ?? []).map((i) => `${i.status} ${i.item}`);
    expect(items).toContainEqual(expect.stringMatching(/^pass token hook "Claims enricher" .*: \d+ answers processed/));
    expect(items).toContainEqual(expect.stringMatching(/^pass SMS via TWILIO: \d+ sends, \d+ delivered, 0 failed$/));
    expect(items).toContainEqual(expect.stringMatching(/^pass e-mail: \d+ delivered, 0 bounced/));
    expect(items).toContain('n/a imports: no import stopped or failed seen');
    expect(items.join('\n')).not.toMatch(/works/);
  }, 120_000);

  it('runs alone under run --check integration-health: its verdict and what it needs, no other check', async () => {
    const cli = await run('integration-registration-hook-500', ['--json', '--check', 'integration-health']);
    const report = JSON.parse(cli.stdout) as Report;
    expect(diagnosesOf(checkOf(cli)).map((d) => d.code)).toContain('INTEGRATION_HOOK_BLOCKING');
    // What it reads first (the registry's needs: the System Log read) runs with it, as `--check` documents.
    const ran = ['integration-health', ...checkRow('integration-health').needs].map((check) => `org ${check}`);
    expect(report.checks.map((c) => `${c.server} ${c.check}`).sort()).toEqual(ran.sort());
  }, 120_000);
});
