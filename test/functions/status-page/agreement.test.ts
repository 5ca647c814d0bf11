// One run line, three readers: the status page, the availability report and the local alarms (as the stack's
// composites judge it) agree on every target the line names. The runs are the simulator's in the scenarios that
// split the owners (Okta's, the org's, ours), and the same lines with a maintenance window's withheld failures, a
// flapping pass, and a journey's verdicts carried between its runs.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../functions/credentials/user-secrets';
import { STATUS_SERVER, type RunLogLine } from '../../../functions/contract';
import { EMPTY_STATE, evaluateRun } from '../../../functions/notify/local-alarms';
import { runProbe } from '../../../functions/probe/engine';
import { computeAvailability } from '../../../functions/report/availability';
import { runLogLine } from '../../../functions/report/run-line';
import type { StatusPart } from '../../../functions/status-page/model';
import { buildStatusPage } from '../../../functions/status-page/page';
import { watchedOf } from '../../../functions/status-page/watched';
import type { ProbeCache, ProbeConfig } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import type { ScenarioName } from '../../../sim/scenarios';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { createMemoryCache } from '../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-agreement-');
const PREFIX = 'okta-synthetics';
const STARTED = '2026-10-06T08:00:00.000Z';

/** Scenarios whose failures are Okta's, the org's, ours, and Okta's announced operation. */
const SCENARIOS: readonly ScenarioName[] = [
  'healthy',
  'server-error',
  'no-access-policy',
  'sign-in-rejected',
  'invalid-client',
  'user-locked-out',
  'network-error',
  'okta-failover',
];

async function probeOf(): Promise<ProbeConfig> {
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  // The journey the SAML app signs in through, and no other: each run is a second less, the kinds all there.
  const signIn = loaded.config.probe.signIn?.filter((journey) => journey.id === 'portal');
  return { ...loaded.config.probe, signIn, statusPageUrl: null };
}

const lines = new Map<ScenarioName, Promise<RunLogLine>>();

/** The line of a fresh run in `scenario` (one each: the readers only read it), or of a run with `cache` kept. */
function lineOf(probe: ProbeConfig, scenario: ScenarioName, cache?: ProbeCache): Promise<RunLogLine> {
  if (cache !== undefined) return run(probe, scenario, cache);
  const line = lines.get(scenario) ?? run(probe, scenario, createMemoryCache());
  lines.set(scenario, line);
  return line;
}

async function run(probe: ProbeConfig, scenario: ScenarioName, cache: ProbeCache): Promise<RunLogLine> {
  sim().scenario = scenario;
  const report = await runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache,
    // The retry's pause and the journeys' stagger, instant: nothing here times them (ProbeOptions.pause).
    pause: () => Promise.resolve(),
  });
  sim().scenario = 'healthy';
  return runLogLine({ ...report, startedAt: STARTED });
}

/** What each reader says of each target of one line. */
function readers(line: RunLogLine, probe: ProbeConfig) {
  const at = Date.parse(line.startedAt);
  const page = buildStatusPage({ lines: [line], at: new Date(at + 30_000), watched: watchedOf(probe) });
  const ids = (line.servers ?? []).map((s) => s.id).filter((id) => id !== STATUS_SERVER);
  const report = computeAvailability([line], {
    period: { start: at, end: at + 60_000, label: '' },
    intervalMinutes: 1,
    servers: ids,
  });
  const alarms = evaluateRun(EMPTY_STATE, line, PREFIX, probe.servers).alarms;
  return ids.map((id) => {
    const minutes: Readonly<Record<string, number>> = report.servers.find((s) => s.server === id)?.minutes ?? {};
    const minute = Object.entries(minutes).find(([, n]) => n > 0)?.[0];
    const part = page?.model.parts.find(
      (p): p is StatusPart => p.id === id && ['journey', 'saml-app', 'server'].includes(p.kind),
    );
    const breached = (severity: 'page' | 'warn') => alarms[`${PREFIX}-${id}-${severity}`]?.breaches.at(-1) === true;
    return {
      id,
      minute,
      state: part?.state,
      owner: part?.fault?.owner,
      page: breached('page'),
      warn: breached('warn'),
    };
  });
}

/**
 * The agreement: a minute up is a part working (but while a flapping page alarm holds); a minute down by Okta or
 * the org is a part failing by the same owner; a minute unmeasured (ours, not running, carried) is a part unknown; a
 * maintenance minute is never a part failing. A part failing has an alarm breached; a part working has no page alarm
 * breached.
 */
function expectAgreement(line: RunLogLine, probe: ProbeConfig, label: string): void {
  for (const said of readers(line, probe)) {
    const where = `${label}: ${said.id} ${JSON.stringify(said)}`;
    // A flapping check's pass is held back: its page alarm stays, and the page keeps the part's state with it.
    if (said.minute === 'up') expect(said.state, where).toBe(said.page ? 'unknown' : 'ok');
    if (said.minute === 'okta' || said.minute === 'org') {
      expect(said.state, where).toBe('failing');
      expect(said.owner, where).toBe(said.minute);
    }
    if (said.minute === 'probe' || said.minute === 'notRunning' || said.minute === 'carried')
      expect(said.state, where).toBe('unknown');
    if (said.minute === 'maintenance') expect(said.state, where).not.toBe('failing');
    if (said.state === 'failing') expect(said.page || said.warn, where).toBe(true);
    if (said.state === 'ok') expect(said.page, where).toBe(false);
  }
}

describe('one run line through the page, the availability report and the local alarms', () => {
  it('agrees on every target, whoever owns the failure', async () => {
    const probe = await probeOf();
    const owners = new Set<string>();
    for (const scenario of SCENARIOS) {
      const line = await lineOf(probe, scenario);
      expectAgreement(line, probe, scenario);
      for (const said of readers(line, probe)) owners.add(`${said.minute}`);
    }
    // The scenarios reach every kind of minute the agreement speaks of.
    expect([...owners].sort()).toEqual(['okta', 'org', 'probe', 'up']);
  });

  it("agrees on a maintenance window's withheld failures, a flapping pass, verdicts carried between runs", async () => {
    const probe = await probeOf();
    const failing = await lineOf(probe, 'server-error');
    const withheld: RunLogLine = {
      ...failing,
      maintenance: { until: '2026-10-06T09:00:00.000Z', reason: 'upgrade' },
      failures: failing.failures.map((f) => ({ ...f, withheld: 'maintenance' as const })),
    };
    expectAgreement(withheld, probe, 'withheld');
    expect(readers(withheld, probe).some((said) => said.minute === 'maintenance')).toBe(true);
    const healthy = await lineOf(probe, 'healthy');
    const flapping: RunLogLine = { ...healthy, flapping: ['default/token'] };
    expectAgreement(flapping, probe, 'flapping');
    expect(readers(flapping, probe).find((said) => said.id === 'default')?.state).not.toBe('ok');
    const cache = createMemoryCache();
    await lineOf(probe, 'healthy', cache);
    const between = await lineOf(probe, 'healthy', cache);
    expect(between.servers?.some((s) => s.carried === 1)).toBe(true);
    expectAgreement(between, probe, 'carried');
  });
});
