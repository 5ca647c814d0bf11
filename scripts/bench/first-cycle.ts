// (g) The first cycle in a fresh process, through the built CLI: what a user's first `run` and a Lambda cold
// start report. Each sample is a new `node dist/cli.mjs run --json` against the simulator at the injected
// latency; per check, the reported latency minus the injected one is our own overhead, shown as Okta's.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../functions/types';
import { median, ms, pass, round } from './stats';

export interface FirstCycleBench {
  readonly runs: number;
  /** Per "server/check": reported latency minus the injected latency, one value per run, ms. */
  readonly overByCheck: ReadonlyMap<string, readonly number[]>;
  /** Per run: the worst check's overhead, ms. */
  readonly worstPerRun: readonly number[];
  readonly preparationMs: readonly number[];
}

/** The Lambda's series (first-invocation.ts): the same, and the warm-up it did at init. */
export interface FirstInvocationBench extends FirstCycleBench {
  /** initMs of each first run's log line: the warm-up done at init, ms. */
  readonly initMs: readonly number[];
}

function runOnce(root: string, configPath: string, warmUp: boolean): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist/cli.mjs'), 'run', '--config', configPath, '--json'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NO_COLOR: '1',
        ...(warmUp ? {} : { OKTA_SYNTHETICS_NO_WARMUP: '1' }),
      },
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
export async function benchFirstCycle(
  root: string,
  configPath: string,
  latencyMs: number,
  runs: number,
  warmUp = true,
): Promise<FirstCycleBench> {
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

/**
 * Section g: the first cycle's overhead per check, CLI and Lambda, against the goal of `goalMs` over the injected
 * latency.
 */
export function firstCycleSection(
  cli: FirstCycleBench,
  lambda: FirstInvocationBench,
  unwarmed: FirstCycleBench,
  latencyMs: number,
  goalMs: number,
): string[] {
  const keys = [...new Set([...cli.overByCheck.keys(), ...lambda.overByCheck.keys()])];
  const cell = (f: FirstCycleBench, key: string): string => {
    const over = f.overByCheck.get(key);
    return over === undefined ? 'n/a' : `${ms(median(over))} / ${ms(Math.max(...over))}`;
  };
  const worstCli = median(cli.worstPerRun);
  const worstLambda = median(lambda.worstPerRun);
  return [
    '## g. The first cycle in a fresh process',
    '',
    `Each sample is a fresh process, its first and only cycle, against the simulator at ${latencyMs} ms; ` +
      `overhead = reported latency minus the ` +
      "injected latency: our own work, shown as Okta's.",
    '',
    `- **CLI**: ${cli.runs} \`node dist/cli.mjs run --json\` processes (a user's first run). Latency as the ` +
      `report gives it.`,
    `- **Lambda**: ${lambda.runs} Node ${process.version.startsWith('v24') ? process.version : '24'} ` +
      `processes that import the handler bundle of section d (init) and call it once ` +
      ('(a cold start), with Secrets Manager and CloudWatch as a loopback fake. Latency as the `CheckLatency` ' +
        "datapoints it publishes, what the dashboard's latency widget shows."),
    '',
    "Before any clock starts, and reported apart: key import and the first signature, the HTTP client's " +
      'first-use work (undici compiles ' +
      ('its parser and request path, Node builds its first TLS context), warmed by a few requests to a server ' +
        "of the process on 127.0.0.1, and on the first run the token's chain rehearsed against such a server " +
        "(functions/probe/rehearsal.ts: V8 compiles the token's and the introspection's code there). ") +
      (`The CLI does it in the run's preparation (preparationMs, median ${ms(median(cli.preparationMs))}); ` +
        `the Lambda does the warm-up at init `) +
      (`(initMs in the first run's log line, median ${ms(median(lambda.initMs))}) and the key work and the ` +
        'rehearsal in its first run ' +
        `(preparationMs, median ${ms(median(lambda.preparationMs))}).`),
    '',
    '| check | CLI overhead (median / max) | Lambda overhead (median / max) |',
    '|---|---|---|',
    ...keys.map((key) => `| ${key} | ${cell(cli, key)} | ${cell(lambda, key)} |`),
    '',
    `Worst check per run, median over the runs: CLI ${ms(worstCli)}, Lambda ${ms(worstLambda)} (1-minute ` +
      `load average ${round(loadavg()[0] ?? NaN, 1)} on ` +
      (`${cpus().length} cores: these series are CPU-bound and read high on a busy machine). Goal (every ` +
        `check within 25 ms of the injected latency): `) +
      (`CLI ${pass(worstCli <= goalMs)}, Lambda ${pass(worstLambda <= goalMs)}. The same CLI series without ` +
        `the warm-up and the rehearsal `) +
      `(OKTA_SYNTHETICS_NO_WARMUP=1, preparationMs ${ms(median(unwarmed.preparationMs))}): worst check ${ms(median(unwarmed.worstPerRun))}. ` +
      'What remains is the seven requests of a cycle starting together on one thread: each ' +
      "check's own first-use work (signing the assertion, parsing and verifying) runs while the others' sockets wait.",
    '',
  ];
}
