// (g) The first cycle in a fresh process, through the built CLI: what a user's first `run` and a Lambda cold
// start report. Each sample is a new `node dist/cli.mjs run --json` against the simulator at the injected
// latency; per check, the reported latency minus the injected one is our own overhead, shown as Okta's.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Report } from '../../functions/types';

export interface FirstCycleBench {
  readonly runs: number;
  /** Per "server/check": reported latency minus the injected latency, one value per run, ms. */
  readonly overByCheck: ReadonlyMap<string, readonly number[]>;
  /** Per run: the worst check's overhead, ms. */
  readonly worstPerRun: readonly number[];
  readonly preparationMs: readonly number[];
}

function runOnce(root: string, configPath: string, warmUp: boolean): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist/cli.mjs'), 'run', '--config', configPath, '--json'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...(warmUp ? {} : { OKTA_SYNTHETICS_NO_WARMUP: '1' }) },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as Report);
      } catch (error) {
        reject(new Error(`the CLI did not print a JSON report: ${String(error)}`));
      }
    });
  });
}

/** `warmUp: false` turns the HTTP warm-up off (OKTA_SYNTHETICS_NO_WARMUP=1): the same series as it was before it. */
export async function benchFirstCycle(root: string, configPath: string, latencyMs: number, runs: number, warmUp = true): Promise<FirstCycleBench> {
  const overByCheck = new Map<string, number[]>();
  const worstPerRun: number[] = [];
  const preparationMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const report = await runOnce(root, configPath, warmUp);
    // The status feed is not Okta's authorization server and has no injected latency of its own meaning.
    const timed = report.checks.filter((c) => c.latencyMs !== null && c.server !== 'okta');
    for (const check of timed) {
      const key = `${check.server}/${check.check}`;
      overByCheck.set(key, [...(overByCheck.get(key) ?? []), (check.latencyMs ?? 0) - latencyMs]);
    }
    worstPerRun.push(Math.max(...timed.map((c) => (c.latencyMs ?? 0) - latencyMs)));
    preparationMs.push(report.preparationMs ?? NaN);
  }
  return { runs, overByCheck, worstPerRun, preparationMs };
}
