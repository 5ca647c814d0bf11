// What the help desk reads is true: real runs against the simulator (and one whose DNS fails, from an injected lookup
// that never leaves the machine) folded through the page's one entry. Our own failure is never told as Okta's, a
// check that did not run is never "working", a run of one check keeps the others' states, and with several regions
// the page tells the quorum's decision, not the home region's run.
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../functions/credentials/user-secrets';
import type { CheckName, RunLogLine } from '../../../functions/contract';
import { runProbe } from '../../../functions/probe/engine';
import type { RegionVerdicts, TargetDecision } from '../../../functions/quorum/decide';
import { runLogLine } from '../../../functions/report/run-line';
import { statusJson } from '../../../functions/status-page/json';
import type { StatusModel, StatusPart } from '../../../functions/status-page/model';
import { buildStatusPage } from '../../../functions/status-page/page';
import { watchedOf } from '../../../functions/status-page/watched';
import type { CheckResult, ProbeConfig, Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { SIM_SAML_ID } from '../../../sim/saml/scenarios';
import type { ScenarioName } from '../../../sim/scenarios';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { createMemoryCache } from '../../../functions/cache/read-through';
import { comparePreview } from '../../../functions/report/preview-pair';
import { previewLine, previewSummaryOf } from '../../../functions/status-page/preview';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-page-truth-');
afterEach(() => {
  sim().scenario = 'healthy';
});

let simProbe: ProbeConfig | undefined;
/** The simulator's whole config: its servers, its three journeys and the SAML app in the portal journey. */
async function simulatorProbe(): Promise<ProbeConfig> {
  if (simProbe !== undefined) return simProbe;
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  // The journey the SAML app signs in through, and no other: each run is a second less, the kinds all there.
  const signIn = loaded.config.probe.signIn?.filter((journey) => journey.id === 'portal');
  simProbe = { ...loaded.config.probe, signIn, statusPageUrl: null };
  return simProbe;
}

/** One run of the simulator's config in `scenario`, as its run line, started at `startedAt`. */
async function simRun(
  scenario: ScenarioName,
  startedAt: string,
  options: { checks?: readonly CheckName[] } = {},
): Promise<RunLogLine> {
  const probe = await simulatorProbe();
  sim().scenario = scenario;
  const report = await runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache: createMemoryCache(),
    ...(options.checks !== undefined && { checks: new Set(options.checks) }),
    // The retry's pause and the journeys' stagger, instant: nothing here times them (ProbeOptions.pause).
    pause: () => Promise.resolve(),
  });
  const covered = options.checks === undefined ? {} : { covered: { checks: [...options.checks] } };
  return runLogLine({ ...report, startedAt }, covered);
}

const START = Date.parse('2026-10-06T08:00:00.000Z');
const iso = (minute: number): string => new Date(START + minute * 60_000).toISOString();

function pageOf(
  lines: readonly RunLogLine[],
  options: Omit<Parameters<typeof buildStatusPage>[0], 'lines' | 'at'> = {},
) {
  const at = new Date(Date.parse(lines.at(-1)?.startedAt ?? iso(0)) + 30_000);
  const page = buildStatusPage({ lines, at, ...options });
  if (page === undefined) throw new Error('no page');
  return { model: page.model, json: statusJson(page.model, at), html: page.files[0]?.body ?? '' };
}

const part = (model: StatusModel, kind: StatusPart['kind'], id: string) =>
  model.parts.find((p) => p.kind === kind && p.id === id);

describe("our own failure is never told as Okta's", () => {
  const agents: Agent[] = [];
  afterAll(async () => {
    for (const agent of agents) await agent.close();
  });

  /** A dispatcher whose every lookup fails as getaddrinfo does when the probe's host has no DNS answer. */
  function ownDnsFailing(): Agent {
    // The lookup fails before any packet leaves.
    const lookup = ((hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException) => void) => {
      callback(Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}`), { code: 'EAI_AGAIN', hostname }));
    }) as unknown as LookupFunction;
    const dispatcher = new Agent({ connect: { lookup } });
    agents.push(dispatcher);
    return dispatcher;
  }

  /** One run of a one-server config of `orgUrl` (its Preview org too, with a `preview` block) through `dispatcher`. */
  async function runThrough(dispatcher: Agent, orgUrl = 'https://acme.okta.invalid', preview?: object) {
    const parsed = parseConfig(
      {
        orgUrl,
        statusPageUrl: 'https://status.okta.invalid/feed',
        timeoutMs: 1000,
        servers: [
          {
            id: 'default',
            clientId: '0oa1probe0000000001',
            clientSecret: 'probe-client-secret-000000000000000000000',
            scopes: ['probe.read'],
            audience: 'api://default',
          },
        ],
        ...(preview !== undefined && { preview }),
      },
      { mode: 'cli', baseDir: dir() },
    );
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const run = async (probe: ProbeConfig) =>
      runProbe(probe, {
        credentials: resolveLocalCredentials(probe, {}),
        dispatcher,
        deadline: Date.now() + 5000,
        pause: () => Promise.resolve(),
      });
    const { probe } = parsed.config;
    const previewConfig = parsed.config.preview;
    return {
      probe,
      report: await run(probe),
      ...(previewConfig !== undefined && { previewConfig, preview: await run(previewConfig.probe) }),
    };
  }

  it('a run whose own DNS failed (EAI_AGAIN) tells every part UNKNOWN, ours, and nothing of Okta', async () => {
    const { probe, report } = await runThrough(ownDnsFailing());
    const line = runLogLine(report);
    expect(line.failures.map((f) => f.code)).toContain('NETWORK_ERROR');
    expect(line.failures.map((f) => f.detail).join(' ')).toMatch(/EAI_AGAIN/);
    const { model, json, html } = pageOf([line], { watched: watchedOf(probe) });
    expect(model.parts.map((p) => [p.kind, p.id, p.state, p.fault?.owner])).toEqual([
      ['okta', 'okta', 'unknown', 'probe'],
      ['server', 'default', 'unknown', 'probe'],
    ]);
    expect(json.overall).toBe('unknown');
    for (const p of json.parts) expect(p.caller).toMatch(/^Our monitoring cannot check .* says nothing about whether/);
    expect(html).not.toContain("Okta's side");
    expect(html).not.toContain('a problem at Okta');
    expect(html).not.toContain('FAILING');
  });

  it('a Preview run whose own DNS failed, as Production\'s did, is "not compared", not "unavailable"', async () => {
    const block = {
      orgUrl: 'https://acme.oktapreview.invalid',
      servers: { default: { clientId: '0oaPdef', clientSecret: 'preview-client-secret-00000000000000000000' } },
    };
    const { report, preview, previewConfig } = await runThrough(ownDnsFailing(), undefined, block);
    if (preview === undefined || previewConfig === undefined) throw new Error('no Preview run');
    expect(preview.checks.some((c) => c.status === 'fail' && c.diagnosis.code === 'NETWORK_ERROR')).toBe(true);
    const compared = comparePreview(report, preview, previewConfig);
    expect(compared.unavailable).toBeUndefined();
    const summary = previewSummaryOf(compared, { checkedAt: report.startedAt, everyMinutes: 5 }, {});
    const told = previewLine(summary, new Date(Date.parse(report.startedAt) + 60_000));
    expect(told.state).toBe('not-compared');
    expect(told.text).toMatch(/^Preview not compared with Production at its last check/);
    expect(told.text).not.toMatch(/unavailable/);
  });

  it("a refused connection from one place is ours, while Okta's 5xx is Okta's", async () => {
    const network = pageOf([await simRun('network-error', iso(0))]);
    expect(part(network.model, 'server', 'default')).toMatchObject({
      state: 'unknown',
      fault: { code: 'NETWORK_ERROR', owner: 'probe' },
    });
    const outage = pageOf([await simRun('server-error', iso(1))]);
    expect(part(outage.model, 'server', 'default')).toMatchObject({
      state: 'failing',
      fault: { code: 'OKTA_SERVER_ERROR', owner: 'okta' },
    });
  });
});

describe('a check that did not run is never "working"', () => {
  it("a SAML app skipped after its journey's sign-in failed is UNKNOWN, never FAILING without a cause", async () => {
    const { model, json } = pageOf([await simRun('sign-in-rejected', iso(0))], {
      watched: watchedOf(await simulatorProbe()),
    });
    expect(part(model, 'journey', 'portal')).toMatchObject({ state: 'failing', fault: { owner: 'org' } });
    const app = json.parts.find((p) => p.id === SIM_SAML_ID);
    expect(app).toMatchObject({ kind: 'saml-app', state: 'unknown', fault: null });
    expect(app?.caller).toMatch(/^Nothing has checked/);
    // Whatever the run: a failing part names its cause, an unknown one never blames Okta or the org.
    for (const p of json.parts) {
      if (p.state === 'failing') expect(p.caller, p.id).not.toMatch(/Nothing has checked/);
      if (p.state === 'failing') expect(['okta', 'org']).toContain(p.fault?.owner);
      if (p.state === 'unknown') expect(p.caller, p.id).not.toMatch(/is failing/);
    }
  });

  it("never tells Okta's status feed working when the config reads none (statusPageUrl null)", async () => {
    const probe = await simulatorProbe();
    expect(probe.statusPageUrl).toBeNull();
    const { model } = pageOf([await simRun('healthy', iso(0))], { watched: watchedOf(probe) });
    expect(model.parts.find((p) => p.kind === 'okta')).toBeUndefined();
    expect(model.parts.length).toBeGreaterThan(0);
  });

  it("a catalogue and real users' sign-ins whose checks were skipped are UNKNOWN, not the last check's pass", () => {
    const result = (server: string, check: CheckName, status: 'pass' | 'skip'): CheckResult =>
      status === 'pass'
        ? { server, check, status, diagnosis: null, latencyMs: 10 }
        : { server, check, status, diagnosis: null, latencyMs: null, skipReason: 'sign-in failed' };
    const report = (startedAt: string, status: 'pass' | 'skip'): Report => ({
      startedAt,
      durationMs: 1000,
      orgUrl: 'https://acme.okta.com',
      metrics: [],
      checks: [
        result('org', 'token', 'pass'),
        result('org', 'user-sign-ins', status),
        result('catalogue', 'saml-apps', status),
      ],
    });
    const watched = [
      { id: 'org', kind: 'server', name: 'Org' },
      { id: 'catalogue', kind: 'saml-group' },
      { id: 'user-sign-ins', kind: 'user-sign-ins' },
    ] as const;
    const lines = [runLogLine(report(iso(0), 'pass')), runLogLine(report(iso(1), 'skip'))];
    expect(lines[1]?.skippedChecks).toEqual(['org/user-sign-ins', 'catalogue/saml-apps']);
    const passed = pageOf(lines.slice(0, 1), { watched }).model;
    expect(part(passed, 'saml-group', 'catalogue')?.state).toBe('ok');
    const skipped = pageOf(lines, { watched }).model;
    expect(part(skipped, 'saml-group', 'catalogue')).toMatchObject({ state: 'unknown', since: iso(1) });
    expect(part(skipped, 'user-sign-ins', 'user-sign-ins')).toMatchObject({ state: 'unknown', since: iso(1) });
  });
});

describe('a run of one check', () => {
  it("keeps every other part's state and since: run --check token erases nothing", async () => {
    const full = await simRun('healthy', iso(0));
    const before = pageOf([full]).model;
    expect(before.parts.filter((p) => p.state !== 'ok')).toEqual([]);
    const one = await simRun('healthy', iso(1), { checks: ['token'] });
    expect(one.covered).toEqual({ checks: ['token'] });
    const after = pageOf([full, one]).model;
    expect(after.parts.map((p) => [p.kind, p.id, p.state, p.since])).toEqual(
      before.parts.map((p) => [p.kind, p.id, p.state, p.since]),
    );
    // It proves a target down, never up: its failure still turns the server failing.
    const failing = pageOf([full, await simRun('server-error', iso(2), { checks: ['token'] })]).model;
    expect(part(failing, 'server', 'default')).toMatchObject({ state: 'failing', since: iso(2) });
    expect(part(failing, 'journey', 'portal')).toMatchObject({ state: 'ok', since: iso(0) });
  });
});

describe('what the alarms hold, the page holds', () => {
  it("keeps a flapping check's held-back pass FAILING; a maintenance window's withheld failure UNKNOWN", async () => {
    const failing = await simRun('server-error', iso(0));
    const flapping = { ...(await simRun('healthy', iso(1))), flapping: ['default/token'] };
    expect(part(pageOf([failing, flapping]).model, 'server', 'default')).toMatchObject({
      state: 'failing',
      since: iso(0),
    });
    const healthy = await simRun('healthy', iso(2));
    const withheld: RunLogLine = {
      ...(await simRun('server-error', iso(3))),
      maintenance: { until: iso(60), reason: 'upgrade' },
    };
    const withheldFailures = {
      ...withheld,
      failures: withheld.failures.map((f) => ({ ...f, withheld: 'maintenance' as const })),
    };
    expect(part(pageOf([healthy, withheldFailures]).model, 'server', 'default')).toMatchObject({
      state: 'unknown',
      since: iso(3),
    });
  });
});

describe('with several regions', () => {
  /** The quorum as read where the page is published: each region's item and the decision made of it. */
  function quorum(
    target: string,
    verdicts: Record<string, RegionVerdicts['verdicts'][string]>,
    decision: Partial<TargetDecision>,
  ) {
    const items = Object.entries(verdicts).map(([region, verdict]) => ({
      region,
      writtenAt: START,
      verdicts: { [target]: verdict },
    }));
    const decided: TargetDecision = { target, down: [], notDown: [], silent: [], latch: false, lone: [], ...decision };
    return { decisions: [decided], items };
  }
  const down = (code: 'OKTA_SERVER_ERROR' | 'NETWORK_ERROR') => ({
    state: 'down' as const,
    code,
    at: START,
    until: START,
  });
  const up = { state: 'up' as const, at: START, until: START };

  it('a failure only the home region sees is UNKNOWN, ours: the quorum paged no one', async () => {
    const line = await simRun('server-error', iso(0));
    const lone = quorum(
      'default',
      { 'eu-west-1': down('OKTA_SERVER_ERROR'), 'us-east-1': up },
      { down: ['eu-west-1'], notDown: ['us-east-1'], lone: ['eu-west-1'] },
    );
    const { model, json } = pageOf([line], { quorum: lone });
    expect(part(model, 'server', 'default')).toMatchObject({
      state: 'unknown',
      fault: { code: 'OKTA_SERVER_ERROR', owner: 'probe' },
    });
    expect(json.parts.find((p) => p.id === 'default')?.caller).toMatch(/^Our monitoring cannot check/);
  });

  it("tells the quorum's latch: regions agreeing on a refused connection make it Okta's", async () => {
    const line = await simRun('network-error', iso(0));
    const agreed = quorum(
      'default',
      { 'eu-west-1': down('NETWORK_ERROR'), 'us-east-1': down('NETWORK_ERROR') },
      { down: ['eu-west-1', 'us-east-1'], latch: true },
    );
    expect(part(pageOf([line], { quorum: agreed }).model, 'server', 'default')).toMatchObject({
      state: 'failing',
      fault: { code: 'NETWORK_ERROR', owner: 'okta' },
    });
  });

  it('an org-side failure all regions see, pageFor ["okta"]: FAILING and the org\'s, as with one region', async () => {
    const line = await simRun('no-access-policy', iso(0));
    const own = { state: 'own' as const, code: 'NO_ACCESS_POLICY' as const, at: START, until: START };
    // pageFor ["okta"]: the org's failure is each region's "own", never down, so the quorum never latches.
    const everywhere = quorum(
      'default',
      { 'eu-west-1': own, 'us-east-1': own },
      { notDown: ['eu-west-1', 'us-east-1'] },
    );
    const several = part(pageOf([line], { quorum: everywhere }).model, 'server', 'default');
    const alone = part(pageOf([line]).model, 'server', 'default');
    expect(alone).toMatchObject({ state: 'failing', fault: { code: 'NO_ACCESS_POLICY', owner: 'org' } });
    expect(several).toMatchObject({ state: 'failing', fault: { code: 'NO_ACCESS_POLICY', owner: 'org' } });
  });

  it("tells a target the home did not judge (a journey another region runs) by the regions' items", async () => {
    const line = await simRun('healthy', iso(0));
    const elsewhere = { ...line, servers: (line.servers ?? []).filter((s) => s.id !== 'default') };
    const view = quorum('default', { 'us-east-1': up }, { notDown: ['us-east-1'] });
    expect(part(pageOf([elsewhere], { quorum: view }).model, 'server', 'default')?.state).toBe('ok');
  });
});
