// One invocation of the bundled handler in a fresh child process, at the CPU limit, against the loopback AWS fake:
// when its EMF lines and run line left the process, its CPU and memory, and what it reported.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import {
  CONFIG_FILE,
  MAINTENANCE_PARAMETER_ENV,
  maintenanceParameterName,
  NAMESPACE_ENV,
  RUN_LOG_MESSAGE,
} from '../../../functions/contract';
import type { ResolvedConfig } from '../../../functions/config/resolved';
import { finishMarginMs } from '../../../functions/lambda/probe';
import { plannedChecks } from '../../../functions/plan/checks';
import { startAwsFake } from '../../../test/support/aws-fake';
import { lambdaConfigEnv } from '../../../test/support/server-configs';
import { lambdaBuildOptions, LOAD_NODE } from '../bundle';
import { fakeAwsEnv } from '../first-invocation';
import type { CpuLimit } from './cgroup';
import { CLOUDWATCH_HOLD_MS, FUNCTION_TIMEOUT_MS, MEMORY_MB, NAMESPACE, PREFIX } from './settings';

export interface InvocationResult {
  readonly scenario: string;
  readonly plannedChecks: number;
  readonly marginMs: number;
  /** Times after the invocation started, ms (the child's clock: Date.now() just before handler()). */
  readonly runLineAtMs: number | undefined;
  /** When the checks ended (the run line's startedAt + durationMs), after the invocation started, ms. */
  readonly checksEndedAtMs: number | undefined;
  readonly firstEmfAtMs: number | undefined;
  readonly lastEmfAtMs: number | undefined;
  readonly emfLines: number;
  readonly emfLinesBeforeTimeout: number;
  readonly handlerReturnedAtMs: number | undefined;
  readonly runLine: Record<string, unknown> | undefined;
  readonly runLineBytes: number;
  readonly maxRssKb: number;
  readonly initMs: number;
  /** The child's CPU time over its wall time from its start: the share it got. */
  readonly cpuShare: number;
  readonly outcome: string;
  /** CPU the child spent from the checks' end to the run line, and its share of one CPU in that window. */
  readonly finishCpu: { cpuMs: number; share: number };
  /** The cgroup's cpu.stat at the end (nr_periods, nr_throttled, throttled_time), when limited. */
  readonly cpuStat: string;
  readonly putMetricDataCalls: number;
  /** The maintenance window open in SSM during the run, as the run line saw it: honoured, or why not. */
  readonly maintenance: string;
  readonly stderr: string;
}

const RUNNER = `
const started = Date.now();
const mod = await import(process.argv[2]);
const initMs = Date.now() - started;
const timeout = Number(process.env.BENCH_FUNCTION_TIMEOUT_MS);
const invokedAt = Date.now();
process.stderr.write(JSON.stringify({ bench: 'invoke', at: invokedAt }) + '\\n');
let outcome;
try {
  const summary = await mod.handler({}, { getRemainingTimeInMillis: () => timeout - (Date.now() - invokedAt) });
  outcome = 'returned ' + JSON.stringify(summary);
} catch (error) {
  outcome = 'threw ' + String(error && error.message);
}
const returnedAt = Date.now();
const usage = process.resourceUsage();
process.stderr.write(JSON.stringify({ bench: 'done', returnedAt, initMs, maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, wallMs: returnedAt - started, outcome }) + '\\n');
// A line longer than the pipe's buffer is written in parts: exit only once all of it is out.
process.stdout.write('', () => process.exit(0));
`;

/** Handler processes still running: ended if the bench fails, so that none outlives it in the cgroup. */
export const live = new Set<ChildProcess>();

interface Sample {
  readonly at: number;
  readonly cpuMs: number;
  readonly rssKb: number;
}

/** utime + stime (clock ticks of 10 ms) and VmRSS of a live process, or undefined once it is gone. */
function procSample(pid: number | undefined): Sample | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
    return { at: Date.now(), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, rssKb };
  } catch {
    return undefined;
  }
}

/** CPU ms the child spent between two times (the samples nearest them), and that over the wall time. */
function cpuBetween(samples: readonly Sample[], from: number, to: number): { cpuMs: number; share: number } {
  const at = (t: number): Sample | undefined =>
    samples.reduce<Sample | undefined>(
      (best, x) => (best === undefined || Math.abs(x.at - t) < Math.abs(best.at - t) ? x : best),
      undefined,
    );
  const a = at(from);
  const b = at(to);
  if (a === undefined || b === undefined || b.at <= a.at) return { cpuMs: NaN, share: NaN };
  return { cpuMs: b.cpuMs - a.cpuMs, share: (b.cpuMs - a.cpuMs) / (b.at - a.at) };
}

interface Stamped {
  readonly at: number;
  readonly line: string;
}

async function invokeOnce(
  bundleFile: string,
  runner: string,
  limit: CpuLimit,
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: Stamped[]; samples: Sample[]; invokedAt: number; done: Record<string, unknown>; stderr: string }> {
  const args = [runner, pathToFileURL(bundleFile).href];
  // The shell joins the cgroup, then becomes node: the whole process, init included, runs at the limited share.
  const child =
    limit.dir === undefined
      ? spawn(LOAD_NODE, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('/bin/sh', ['-c', `echo $$ > ${limit.dir}/cgroup.procs && exec "$0" "$@"`, LOAD_NODE, ...args], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  live.add(child);
  child.on('close', () => live.delete(child));
  const stdout: Stamped[] = [];
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const at = Date.now();
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      stdout.push({ at, line: pending.slice(0, nl) });
      pending = pending.slice(nl + 1);
    }
  });
  // The child's CPU time and RSS every 250 ms, read from /proc: where in the run the CPU and the memory went.
  const samples: Sample[] = [];
  const sampler = setInterval(() => {
    const sample = procSample(child.pid);
    if (sample !== undefined) samples.push(sample);
  }, 250);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => void (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const marks = stderr
    .split('\n')
    .filter((l) => l.startsWith('{"bench"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const invoke = marks.find((m) => m.bench === 'invoke');
  const done = marks.find((m) => m.bench === 'done');
  if (invoke === undefined || done === undefined)
    throw new Error(`the handler process exited ${code} without finishing: ${stderr.slice(-2000)}`);
  return {
    stdout,
    samples,
    invokedAt: Number(invoke.at),
    done,
    stderr: stderr
      .split('\n')
      .filter((l) => !l.startsWith('{"bench"'))
      .join('\n'),
  };
}

export async function runScenario(
  root: string,
  scenario: string,
  dir: string,
  config: Record<string, unknown>,
  awsSecrets: Map<string, string>,
  limit: CpuLimit,
): Promise<InvocationResult> {
  const out = join(dir, scenario);
  const bundleFile = join(out, 'index.mjs');
  await build(lambdaBuildOptions(join(root, 'functions/lambda/probe.ts'), bundleFile));
  // Beside the handler, resolved as the stack resolves it and written as its afterBundling hook writes it.
  const resolved = lambdaConfigEnv(config);
  await writeFile(join(out, CONFIG_FILE), resolved);
  const runner = join(out, 'invoke.mjs');
  await writeFile(runner, RUNNER);
  // A maintenance window open for the whole run: the read must honour it under the run's load.
  const window = `${new Date(Date.now() + 3_600_000).toISOString()} worst-case bench`;
  const aws = await startAwsFake({
    secrets: awsSecrets,
    parameters: new Map([[maintenanceParameterName(PREFIX), window]]),
    holdMs: (op) => (scenario === 'hang' && op === 'cloudwatch.PutMetricData' ? CLOUDWATCH_HOLD_MS : 0),
  });
  const planned = plannedChecks((JSON.parse(resolved) as { config: ResolvedConfig }).config.probe).length;
  const env: NodeJS.ProcessEnv = {
    ...fakeAwsEnv(aws.url),
    // What Lambda and the stack set.
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(MEMORY_MB),
    [NAMESPACE_ENV]: NAMESPACE,
    [MAINTENANCE_PARAMETER_ENV]: maintenanceParameterName(PREFIX),
    BENCH_FUNCTION_TIMEOUT_MS: String(FUNCTION_TIMEOUT_MS),
  };
  try {
    const invocation = await invokeOnce(bundleFile, runner, limit, env);
    const { stdout, invokedAt } = invocation;
    // What the function logged, each line after its time since the invocation: kept for a look after the run.
    const log = join(tmpdir(), `okta-synthetics-worst-case-${scenario}.log`);
    await writeFile(log, stdout.map((l) => `${l.at - invokedAt}\t${l.line}`).join('\n'));
    process.stderr.write(`worst-case: ${scenario}: the function's stdout is in ${log}\n`);
    return await resultOf({ scenario, planned, invocation, limit, aws });
  } finally {
    await aws.close();
  }
}

/** What one invocation showed: when the run line and the metrics were written, against the function's timeout. */
async function resultOf({
  scenario,
  planned,
  invocation,
  limit,
  aws,
}: {
  scenario: string;
  planned: number;
  invocation: Awaited<ReturnType<typeof invokeOnce>>;
  limit: CpuLimit;
  aws: { readonly calls: readonly { readonly operation: string }[] };
}): Promise<InvocationResult> {
  const { stdout, samples, invokedAt, done, stderr } = invocation;
  const after = (s: Stamped): number => s.at - invokedAt;
  const json = stdout.flatMap((s) => {
    try {
      return [{ ...s, value: JSON.parse(s.line) as Record<string, unknown> }];
    } catch {
      return [];
    }
  });
  const emf = json.filter((s) => s.value._aws !== undefined);
  const run = json.find((s) => s.value.message === RUN_LOG_MESSAGE);
  return {
    scenario,
    plannedChecks: planned,
    marginMs: finishMarginMs(planned, MEMORY_MB),
    runLineAtMs: run === undefined ? undefined : after(run),
    checksEndedAtMs:
      run === undefined
        ? undefined
        : Date.parse(String(run.value.startedAt)) + Number(run.value.durationMs) - invokedAt,
    firstEmfAtMs: emf[0] === undefined ? undefined : after(emf[0]),
    lastEmfAtMs: emf.at(-1) === undefined ? undefined : after(emf.at(-1) as Stamped),
    emfLines: emf.length,
    emfLinesBeforeTimeout: emf.filter((s) => after(s) <= FUNCTION_TIMEOUT_MS).length,
    handlerReturnedAtMs: Number(done.returnedAt) - invokedAt,
    runLine: run?.value,
    runLineBytes: run === undefined ? 0 : Buffer.byteLength(run.line),
    maxRssKb: Number(done.maxRssKb),
    initMs: Number(done.initMs),
    cpuShare: Number(done.cpuMs) / Number(done.wallMs),
    outcome: String(done.outcome),
    finishCpu:
      run === undefined
        ? { cpuMs: NaN, share: NaN }
        : cpuBetween(samples, Date.parse(String(run.value.startedAt)) + Number(run.value.durationMs), run.at),
    cpuStat:
      limit.dir === undefined
        ? ''
        : (await readFile(join(limit.dir, 'cpu.stat'), 'utf8').catch(() => '')).trim().split('\n').join(', '),
    putMetricDataCalls: aws.calls.filter((c) => c.operation === 'cloudwatch.PutMetricData').length,
    maintenance:
      run?.value.maintenance !== undefined
        ? 'honoured'
        : `**ignored**: ${String(run?.value.maintenanceIgnored ?? (run === undefined ? 'no run line' : 'no reason given'))}`,
    stderr: stderr.slice(0, 2000),
  };
}
