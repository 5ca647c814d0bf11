// (h) What the System Log look-up costs a run: a healthy run and a failing one, each with and without
// "systemLog", interleaved, warm (one cache and keep-alive pool per series), against the simulator on 127.0.0.1.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../functions/config/parse';
import type { ConfigFileJson } from '../../functions/config/schema';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../../functions/credentials/local';
import { runProbe } from '../../functions/probe/engine';
import { createDispatcher } from '../../functions/probe/http';
import type { ProbeConfig } from '../../functions/types';
import { writeSimulatorConfig } from '../../sim/config';
import type { ScenarioName } from '../../sim/scenarios';
import { startSimulator, type Simulator } from '../../sim/server';
import { median } from './stats';
import { createMemoryCache } from '../../functions/cache/read-through';

export interface SystemLogSeries {
  readonly name: string;
  readonly scenario: ScenarioName;
  readonly systemLog: boolean;
  readonly durationsMs: readonly number[];
  readonly logRequests: number;
  readonly tokenRequests: number;
  readonly failed: number;
}

export interface SystemLogBench {
  readonly latencyMs: number;
  readonly runs: number;
  readonly series: readonly SystemLogSeries[];
}

const CASES: ReadonlyArray<{ name: string; scenario: ScenarioName; systemLog: boolean }> = [
  { name: 'healthy, without systemLog', scenario: 'healthy', systemLog: false },
  { name: 'healthy, with systemLog', scenario: 'healthy', systemLog: true },
  { name: 'failing (a rule deactivated), without systemLog', scenario: 'rule-deactivated', systemLog: false },
  { name: 'failing (a rule deactivated), with systemLog', scenario: 'rule-deactivated', systemLog: true },
];

/** Each case's probe config: the simulator's, its org server reading the System Log or not. */
async function caseConfigs(sim: Simulator, dir: string): Promise<Map<string, ProbeConfig>> {
  const configs = new Map<string, ProbeConfig>();
  for (const c of CASES) {
    sim.scenario = c.scenario;
    const path = await writeSimulatorConfig(sim, dir);
    const json = JSON.parse(await readFile(path, 'utf8')) as ConfigFileJson;
    const servers = json.servers.map((s) =>
      s.id !== 'org'
        ? s
        : c.systemLog
          ? { ...s, scopes: [...new Set([...s.scopes, 'okta.logs.read'])], systemLog: true }
          : { ...s, systemLog: false },
    );
    await writeFile(path, JSON.stringify({ ...json, servers }));
    const loaded = loadConfigFile(path, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    configs.set(c.name, loaded.config.probe);
  }
  return configs;
}

export async function benchSystemLog(latencyMs: number, runs: number): Promise<SystemLogBench> {
  const sim = await startSimulator({ latencyMs });
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-bench-log-'));
  try {
    const configs = await caseConfigs(sim, dir);
    const state = CASES.map((c) => ({
      ...c,
      cache: createMemoryCache(),
      dispatcher: createDispatcher(),
      durationsMs: [] as number[],
      logRequests: 0,
      tokenRequests: 0,
      failed: 0,
    }));
    // One run each to warm caches and pools, then interleaved series: drift on a shared machine hits all alike.
    for (let round = -1; round < runs; round++) {
      for (const s of state) {
        const probe = configs.get(s.name);
        if (probe === undefined) continue;
        sim.scenario = s.scenario;
        sim.resetRequests();
        const report = await runProbe(probe, {
          credentials: resolveLocalCredentials(probe, {}),
          cache: s.cache,
          dispatcher: s.dispatcher,
        });
        if (round < 0) continue;
        s.durationsMs.push(report.durationMs);
        s.logRequests = Math.max(s.logRequests, sim.requests.filter((r) => r.path === '/api/v1/logs').length);
        s.tokenRequests = sim.requests.filter((r) => r.path.endsWith('/token')).length;
        s.failed = report.checks.filter((c) => c.status === 'fail' || c.status === 'skip').length;
      }
    }
    await Promise.all(state.map((s) => s.dispatcher.close()));
    return {
      latencyMs,
      runs,
      series: state.map(({ name, scenario, systemLog, durationsMs, logRequests, tokenRequests, failed }) => ({
        name,
        scenario,
        systemLog,
        durationsMs,
        logRequests,
        tokenRequests,
        failed,
      })),
    };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The BENCHMARKS.md section. */
export function systemLogSection(b: SystemLogBench): string[] {
  const med = (name: string): number => median(b.series.find((s) => s.name === name)?.durationsMs ?? []);
  const delta = (withLog: string, without: string): string => `${Math.round(med(withLog) - med(without))} ms`;
  return [
    '## j. The System Log look-up',
    '',
    `Warm runs (one cache and keep-alive pool per series), ${b.runs} per series, interleaved; simulator ` +
      `latency ${b.latencyMs} ms before every answer. ` +
      ("With systemLog the org's rate-limit events are read beside the checks (its own okta.logs.read token, " +
        'then one /api/v1/logs request); ') +
      ("only when a check fails are Okta's reasons and the admin changes looked up, after the checks, in two " +
        'more requests made together.'),
    '',
    '| series | median | /api/v1/logs requests | /token requests | failing checks |',
    '|---|---|---|---|---|',
    ...b.series.map(
      (s) =>
        `| ${s.name} | ${Math.round(median(s.durationsMs))} ms | ${s.logRequests} | ${s.tokenRequests} | ${s.failed} |`,
    ),
    '',
    `Added by the look-up: healthy run ${delta('healthy, with systemLog', 'healthy, without systemLog')} ` +
      `(its reads overlap the checks' two dependent round trips), ` +
      (`failing run ${delta(
        'failing (a rule ' + 'deactivated), with ' + 'systemLog',
        'failing (a rule ' + 'deactivated), without ' + 'systemLog',
      )} ` +
        `(one round trip after the checks settle). `) +
      'At most 3 requests to /api/v1/logs a run, 1 when nothing fails.',
    '',
  ];
}
