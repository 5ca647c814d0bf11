// Provisioning health through the built CLI on the simulator's provisioning scenarios (sim/provisioning-scenarios.ts),
// as an admin runs it from the shell with --history: an expired connector credential named on its app with its
// leavers counted, and again by the next run (a new process); one user's bad data not failing the app; an app's rate
// limit never told as Okta's; a closed finding staying closed across runs; a damaged ledger told, never written over;
// and no login, user id or reason text in anything the runs print or write (stdout, stderr, the HAR traces, the
// history and state folders), where the users are only keyed hashes.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosesOf } from '../../../functions/probe/results';
import { PROVISIONING_QUERY, type RunLogLine } from '../../../functions/contract';
import type { Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import type { ScenarioName } from '../../../sim/scenarios';
import { startSimulator, type Simulator } from '../../../sim/server';
import { buildOnce, runCli, STACK_LINE, type CliOutcome } from './helpers';

/** What the simulator's provisioning events hold of its people and the apps' refusals: none may be told. */
const NEVER_TOLD = [
  /person\d+@acme\.example/,
  /00u1prov\d{5}x7/,
  /0ua1prov\d{5}x7/,
  /Errors reported by remote server/,
  /long_username/,
  /Invalid OAuth access token/,
  /owns objects/,
];

let sim: Simulator;
let root = '';
beforeAll(async () => {
  await buildOnce();
  sim = await startSimulator({ port: 0 });
  root = mkdtempSync(join(tmpdir(), 'okta-synthetics-provisioning-cli-'));
}, 300_000);
afterAll(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

/** Every file under `dir`, by path, as text. */
function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(path, readFileSync(path, 'utf8'));
  }
  return files;
}

interface Runs {
  readonly dir: string;
  /** Runs the CLI on the scenario's config with this folder's --history, HAR and state folder. */
  run(extra?: readonly string[]): Promise<CliOutcome>;
  /** Everything the runs printed and wrote so far, by where. */
  told(): Map<string, string>;
}

async function scenario(name: ScenarioName): Promise<Runs> {
  sim.scenario = name;
  sim.clockOffsetMs = 0;
  const dir = mkdtempSync(join(root, `${name}-`));
  const config = await writeSimulatorConfig(sim, dir);
  const printed = new Map<string, string>();
  const at = (sub: string): string => join(dir, sub);
  return {
    dir,
    run: async (extra = ['--json']) => {
      sim.resetRateLimits();
      const args = ['run', '--config', config, '--history', at('history'), '--har', at('har'), ...extra];
      const cli = await runCli(args, { XDG_STATE_HOME: at('state') });
      printed.set(`stdout ${printed.size}`, cli.stdout).set(`stderr ${printed.size}`, cli.stderr);
      expect(cli.stderr).not.toMatch(STACK_LINE);
      return cli;
    },
    told: () =>
      new Map([...printed, ...filesUnder(at('history')), ...filesUnder(at('har')), ...filesUnder(at('state'))]),
  };
}

/** The provisioning check's diagnoses of a --json run: each code with its detail. */
function provisioning(cli: CliOutcome): { code: string; detail: string }[] {
  const report = JSON.parse(cli.stdout) as Report;
  const check = report.checks.find((c) => c.server === 'org' && c.check === 'provisioning-health');
  expect(check, cli.stderr).toBeDefined();
  return diagnosesOf(check!).map((d) => ({ code: d.code, detail: d.detail ?? '' }));
}

function expectNothingTold(runs: Runs): void {
  const told = runs.told();
  expect(told.size).toBeGreaterThan(2);
  for (const [where, text] of told) for (const pattern of NEVER_TOLD) expect(text, where).not.toMatch(pattern);
}

describe('provisioning health through the built CLI, on the simulator', () => {
  it('names the expired connector credential on its app and counts its leavers, in JSON and in text', async () => {
    const runs = await scenario('provisioning-credential-expired');
    const found = provisioning(await runs.run());
    expect(
      found.map((f) => f.code),
      JSON.stringify(found),
    ).toEqual(['PROVISIONING_CREDENTIAL_FAILED', 'PROVISIONING_LEAVERS_OPEN']);
    expect(found[0]!.detail).toContain('"Snowflake" (0oa1snowflake000x7)');
    expect(found[1]!.detail).toMatch(/^"Snowflake" \(0oa1snowflake000x7\): \d+ leavers whose deactivation failed/);
    // The dashboard's "Provisioning" table is each app's latest finding from the run lines' failures, by app id and
    // code: the line carries both for each finding.
    const lines = [...runs.told()]
      .filter(([where]) => where.endsWith('.jsonl'))
      .flatMap(([, t]) => t.trim().split('\n'));
    const failures = lines.flatMap((l) => (JSON.parse(l) as RunLogLine).failures);
    expect(failures.filter((f) => f.check === 'provisioning-health').map((f) => [f.item, f.code])).toEqual([
      ['0oa1snowflake000x7', 'PROVISIONING_CREDENTIAL_FAILED'],
      ['0oa1snowflake000x7', 'PROVISIONING_LEAVERS_OPEN'],
    ]);
    expect(PROVISIONING_QUERY).toContain('filter f.check = "provisioning-health"');
    expect(PROVISIONING_QUERY.join('\n')).toMatch(/by f\.item, f\.code$/m);
    expectNothingTold(runs);
    // The same as an admin reads it, a first run of its own: the app, its cause, the remedy in the console's words.
    const shell = await scenario('provisioning-credential-expired');
    const text = await shell.run([]);
    expect(text.stdout).toMatch(/PROVISIONING_CREDENTIAL_FAILED[^]*"Snowflake"/);
    expect(text.stdout).toContain('Test API Credentials');
    expectNothingTold(shell);
  }, 120_000);

  it('names the expired credential again on the next run, a new process on the same --history', async () => {
    const runs = await scenario('provisioning-credential-expired');
    const first = provisioning(await runs.run());
    expect(first.map((f) => f.code)).toEqual(['PROVISIONING_CREDENTIAL_FAILED', 'PROVISIONING_LEAVERS_OPEN']);
    // Seconds later, the cursor kept past every event: the hour the apps are judged over is read again, so the app
    // whose token is still expired is not told as having no provisioning seen.
    const again = provisioning(await runs.run());
    expect(
      again.map((f) => f.code),
      JSON.stringify(again),
    ).toEqual(['PROVISIONING_CREDENTIAL_FAILED', 'PROVISIONING_LEAVERS_OPEN']);
    expect(again[0]!.detail).toContain('"Snowflake" (0oa1snowflake000x7)');
    expectNothingTold(runs);
  }, 120_000);

  it("one user's bad data leaves the app working, counted on it in JSON, text and run line, never named", async () => {
    const runs = await scenario('provisioning-one-user-data');
    const report = JSON.parse((await runs.run()).stdout) as Report;
    const check = report.checks.find((c) => c.check === 'provisioning-health')!;
    expect(check.status).toBe('pass');
    expect(diagnosesOf(check)).toEqual([]);
    const box = check.items?.find((i) => i.provisioningApp?.label === 'Box');
    expect(box, JSON.stringify(check.items)).toMatchObject({
      status: 'pass',
      provisioningApp: { id: '0oa1boxprov00000x7', state: 'works', usersRefused: 1 },
    });
    expect(box?.item).toMatch(
      /^Box \(0oa1boxprov00000x7\): works \(\d+ pushes, \d+ deactivations? in 60 minutes; 1 user's data refused\)$/,
    );
    const text = await runs.run([]);
    expect(text.stdout).toContain("1 user's data refused");
    const lines = [...runs.told()]
      .filter(([where]) => where.endsWith('.jsonl'))
      .flatMap(([, t]) => t.trim().split('\n'));
    const apps = lines.flatMap((l) => (JSON.parse(l) as RunLogLine).provisioningHealth?.apps ?? []);
    expect(apps).toContainEqual(expect.objectContaining({ label: 'Box', state: 'works', usersRefused: 1 }));
    expectNothingTold(runs);
  }, 120_000);

  it("says Slack's disabled connection so, never works nor fails: JSON, text and run line", async () => {
    const runs = await scenario('provisioning-connection-disabled');
    sim.resetRequests();
    const report = JSON.parse((await runs.run()).stdout) as Report;
    // Only the app Okta serves a connection for is asked (Slack: Snowflake, Box and Legacy HR are SCIM apps, Team Wiki
    // is SSO only), and provisioning only reads: every request to the apps and the log is a GET.
    const asked = sim.requests.filter((r) => /^\/api\/v1\/(apps|logs)/.test(r.path));
    expect(asked.filter((r) => r.path.includes('/connections/')).map((r) => r.path)).toEqual([
      '/api/v1/apps/0oa1slackprov000x7/connections/default',
    ]);
    expect(new Set(asked.map((r) => r.method))).toEqual(new Set(['GET']));
    const check = report.checks.find((c) => c.check === 'provisioning-health')!;
    expect(diagnosesOf(check)).toEqual([]);
    const slack = check.items?.find((i) => i.provisioningApp?.label === 'Slack');
    expect(slack, JSON.stringify(check.items)).toMatchObject({
      item: 'Slack (0oa1slackprov000x7): connection disabled',
      status: 'n/a',
      provisioningApp: { id: '0oa1slackprov000x7', state: 'connection disabled' },
    });
    // The other apps have no connection Okta serves: never asked, judged by their calls, each with its figure.
    const snowflake = check.items?.find((i) => i.provisioningApp?.label === 'Snowflake');
    expect(snowflake?.item).toMatch(
      /^Snowflake \(0oa1snowflake000x7\): works \(\d+ pushes?, \d+ deactivations? in 60 minutes\)$/,
    );
    expect(check.observed).toMatchObject({ appsDisabled: 1 });
    const text = await runs.run([]);
    expect(text.stdout).toContain('Slack (0oa1slackprov000x7): connection disabled');
    expect(text.stdout).not.toMatch(/Slack \(0oa1slackprov000x7\): (works|failing)/);
    const lines = [...runs.told()]
      .filter(([where]) => where.endsWith('.jsonl'))
      .flatMap(([, t]) => t.trim().split('\n'));
    const health = lines.map((l) => (JSON.parse(l) as RunLogLine).provisioningHealth).filter((h) => h !== undefined);
    expect(health.length, [...runs.told().keys()].join(', ')).toBeGreaterThan(0);
    for (const h of health)
      expect(h.apps).toContainEqual(expect.objectContaining({ label: 'Slack', state: 'connection disabled' }));
    expectNothingTold(runs);
  }, 120_000);

  it("tells the app's rate limit as the app's, transient, and never as Okta's", async () => {
    const runs = await scenario('provisioning-app-rate-limited');
    const cli = await runs.run();
    const found = provisioning(cli);
    expect(
      found.map((f) => f.code),
      JSON.stringify(found),
    ).toEqual(['PROVISIONING_APP_RATE_LIMITED']);
    expect(found[0]!.detail).toContain('"Slack"');
    expect(found[0]!.detail).toContain('Okta retries these by itself');
    const codes = (JSON.parse(cli.stdout) as Report).checks.flatMap((c) => diagnosesOf(c).map((d) => d.code));
    expect(codes.filter((c) => /^(RATE_LIMITED|SYSTEM_LOG_THROTTLED)/.test(c))).toEqual([]);
    const text = await runs.run([]);
    expect(text.stdout).not.toMatch(/Okta's rate limit|org's rate limit/i);
    expectNothingTold(runs);
  }, 120_000);

  it('keeps a closed finding closed across runs with --history', async () => {
    const runs = await scenario('provisioning-finding-closes');
    // The scenario set to begin a minute from now: its failed deactivation was nine minutes ago, its manual
    // deprovisioning is 40 s on. The first run, before it, sees the leaver open.
    sim.scenarioSince = Date.now() + 60_000;
    const open = provisioning(await runs.run());
    expect(Date.now(), 'the first run outlasted the 40 s before the closing').toBeLessThan(sim.scenarioSince - 20_000);
    expect(open.map((f) => f.code)).toEqual(['PROVISIONING_LEAVERS_OPEN']);
    expect(open[0]!.detail).toMatch(/^"Snowflake" \(0oa1snowflake000x7\): 1 leaver whose deactivation failed/);
    // Okta's clock on past the closing (90 s ahead: within the 120 s a token's verifier allows): closed, and it stays
    // closed on the next run.
    sim.clockOffsetMs = 90_000;
    expect(provisioning(await runs.run())).toEqual([]);
    expect(provisioning(await runs.run())).toEqual([]);
    // The ledger keeps the closing, a keyed hash and a time: the failure read again can never reopen it.
    const ledger = JSON.parse(readFileSync(join(runs.dir, 'history/kept/provisioning-leavers.json'), 'utf8')) as {
      [app: string]: { open: unknown[]; closed: { user: string }[] };
    };
    expect(ledger['0oa1snowflake000x7']).toMatchObject({ open: [], closed: [{ user: expect.any(String) }] });
    expectNothingTold(runs);
  }, 120_000);

  it('tells a damaged ledger where it is and never writes over it', async () => {
    const runs = await scenario('provisioning-healthy');
    await runs.run();
    const file = join(runs.dir, 'history/kept/provisioning-leavers.json');
    writeFileSync(file, '{"0oa1snowflake000x7": {"open": "not a list"}}\n');
    const found = provisioning(await runs.run());
    expect(found.map((f) => f.code)).toEqual(['PROVISIONING_STATE_DAMAGED']);
    expect(found[0]!.detail).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('{"0oa1snowflake000x7": {"open": "not a list"}}\n');
  }, 120_000);
});
