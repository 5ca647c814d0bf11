// (a) cycle time against the network floor, (b) Okta requests per cycle, (c) latency accuracy: the real
// engine against the simulator on 127.0.0.1 with a fixed latency injected before every answer.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, type ConfigFileJson } from '../../functions/config/parse';
import { isTimed } from '../../functions/plan/check-table';
import { isHealthy } from '../../functions/probe/results';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../../functions/credentials/local';
import { runProbe } from '../../functions/probe/engine';
import { createDispatcher } from '../../functions/probe/http';
import type { ProbeCache, Report } from '../../functions/types';
import { writeSimulatorConfig } from '../../sim/config';
import { startSimulator, type Simulator } from '../../sim/server';
import { createMemoryCache } from '../../functions/cache/read-through';

export interface CycleSample {
  readonly durationMs: number;
  readonly requests: number;
  /** /token and /introspect calls: they draw on the org's rate-limit buckets. */
  readonly bucketRequests: number;
  readonly authorizeRequests: number;
  /** Sum of every timed check's latency: what the cycle would take with one request at a time. */
  readonly serialSumMs: number;
  readonly allPassed: boolean;
  readonly checks: ReadonlyArray<{ name: string; latencyMs: number; connect?: number; ttfb?: number }>;
}

export interface CycleBench {
  readonly latencyMs: number;
  readonly cycles: number;
  readonly firstInProcess: CycleSample;
  readonly cold: readonly CycleSample[];
  readonly warm: readonly CycleSample[];
  /** The probe config written for the simulator (org AS + custom AS "default", both with authorize, + status). */
  readonly configPath: string;
}

function sample(report: Report, sim: Simulator): CycleSample {
  const paths = sim.requests.map((r) => r.path);
  const timed = report.checks.filter((c) => isTimed(c.check) && c.latencyMs !== null);
  return {
    durationMs: report.durationMs,
    requests: paths.length,
    bucketRequests: paths.filter((p) => p.endsWith('/token') || p.endsWith('/introspect')).length,
    authorizeRequests: paths.filter((p) => p.endsWith('/authorize')).length,
    serialSumMs: timed.reduce((n, c) => n + (c.latencyMs ?? 0), 0),
    allPassed: report.checks.every(isHealthy),
    checks: timed.map((c) => ({
      name: `${c.server}/${c.check}`,
      latencyMs: c.latencyMs ?? NaN,
      ...(c.timings?.connect !== undefined ? { connect: c.timings.connect } : {}),
      ...(c.timings?.ttfb !== undefined ? { ttfb: c.timings.ttfb } : {}),
    })),
  };
}

async function cycle(sim: Simulator, run: () => Promise<Report>): Promise<CycleSample> {
  sim.resetRequests();
  const report = await run();
  return sample(report, sim);
}

/**
 * Starts the simulator, writes its config into a temp dir and runs: one first cycle (JIT, key import),
 * `cycles` cold ones (fresh cache and fresh connections each, as after a Lambda cold start) and `cycles`
 * warm ones (one cache and one keep-alive pool across cycles, as in a warm Lambda). The caller closes.
 */
export async function benchCycles(
  latencyMs: number,
  cycles: number,
): Promise<{ result: CycleBench; sim: Simulator; cleanup: () => Promise<void> }> {
  const sim = await startSimulator({ latencyMs });
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-bench-'));
  const cleanup = async (): Promise<void> => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const configPath = await writeSimulatorConfig(sim, dir);
    // The servers' checks only, in every section that reads this config: the journeys and SAML apps are section k's.
    const {
      signIn: _journeys,
      samlApps: _apps,
      ...servers
    } = JSON.parse(await readFile(configPath, 'utf8')) as ConfigFileJson;
    await writeFile(configPath, JSON.stringify(servers));
    const loaded = loadConfigFile(configPath, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES });
    if (!loaded.ok) throw new Error(`simulator config rejected: ${loaded.errors.join('; ')}`);
    const { probe } = loaded.config;
    const credentials = resolveLocalCredentials(probe, {});

    const fresh = async (): Promise<Report> => {
      const dispatcher = createDispatcher();
      try {
        return await runProbe(probe, { credentials, cache: createMemoryCache(), dispatcher });
      } finally {
        await dispatcher.close();
      }
    };
    const firstInProcess = await cycle(sim, fresh);
    const cold: CycleSample[] = [];
    for (let i = 0; i < cycles; i++) cold.push(await cycle(sim, fresh));

    const cache: ProbeCache = createMemoryCache();
    const dispatcher = createDispatcher();
    const warmRun = (): Promise<Report> => runProbe(probe, { credentials, cache, dispatcher });
    await warmRun(); // primes the cache and the pool: the cycle before a warm one
    const warm: CycleSample[] = [];
    for (let i = 0; i < cycles; i++) warm.push(await cycle(sim, warmRun));
    await dispatcher.close();

    return { result: { latencyMs, cycles, firstInProcess, cold, warm, configPath }, sim, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
