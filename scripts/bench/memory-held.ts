// (e2) The probe's memory while the quorum's fast path holds each run about a minute, at the smaller size the sizing
// rule picks for the example config (176 MB) beside the old default (256 MB): the three-region deployment of
// test/support/quorum-deployment.ts (the example's two servers, quorum on), each region's asset run as Lambda runs it
// with the heap flags of the size under test, and each Lambda environment's process put in its own cgroup v1 cpu
// controller at size/1769 of a core (Lambda's CPU share). Several minutes of held runs at each size: healthy, an Org
// server outage (the fast path's extra samples and pages) and one region's path refused (its peer watch). Reads each
// environment's VmHWM and CPU time from /proc, each healthy check's published latency beyond the simulator's 150 ms
// (our CPU shown as Okta's latency, as sections c and g define it), and rewrites section e's recommendation.
// About 13 minutes, root. Rerun: npm run bench:memory-held (--from /tmp/okta-synthetics-memory-held.json: the section
// again from the last run's saved figures).
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expectedPeakMb, probeMemoryForPeak, USABLE_SHARE } from '../../functions/plan/probe-memory';
import { DEPLOY_REGIONS, startDeployment, type Deployment } from '../../test/support/quorum-deployment';
import { MEMORY_HEADING, MEMORY_HELD_HEADING, sectionOf, withSection } from './doc-section';
import { FULL_VCPU_MB } from './memory';
import { kb, median, ms, p90, round } from './stats';

const BENCHMARKS = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
const SIZES = [176, 256] as const;
const LATENCY_MS = 150;
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_S = 100;
const CFS_PERIOD_US = 100_000;
const LONE = 'eu-west-1';
/** Where a run keeps its figures, for --from. */
const SAVED = '/tmp/okta-synthetics-memory-held.json';

/** One Lambda environment's process, as last read from /proc. */
interface EnvProcess {
  readonly pid: number;
  hwmKb: number;
  cpuTicks: number;
  cgroup?: string;
}

export interface SizeResult {
  readonly mb: number;
  readonly envs: readonly EnvProcess[];
  readonly invocations: number;
  readonly errors: number;
  /** Each run that ended without error, ms: held by the fast path's rounds, most start cold beside the last. */
  readonly runMs: readonly number[];
  readonly warmMs: readonly number[];
  readonly initMs: readonly number[];
  readonly rounds: readonly number[];
  readonly overMs: readonly number[];
  readonly throttled: number;
  readonly limited: boolean;
}

const readText = (path: string): Promise<string | undefined> => readFile(path, 'utf8').catch(() => undefined);

/**
 * The node process of one of this deployment's warm Lambda environments: its heap flag tells the size, and its AWS
 * endpoint is this deployment's fake (another bench or test on the machine runs Lambda assets too, at 256 MB).
 */
async function isEnvProcess(pid: number, mb: number, awsUrl: string): Promise<boolean> {
  const argv = (await readText(`/proc/${pid}/cmdline`))?.split('\0') ?? [];
  if (
    !(argv[0] ?? '').endsWith('/runtime/node') ||
    !argv.some((a) => a.endsWith('/warm.mjs')) ||
    !argv.includes(`--max-old-space-size=${mb - Math.floor(mb / 10)}`)
  )
    return false;
  return ((await readText(`/proc/${pid}/environ`))?.split('\0') ?? []).includes(`AWS_ENDPOINT_URL=${awsUrl}`);
}

/** Its own cgroup at Lambda's CPU share for `mb`, as each Lambda environment has its own share; undefined when not. */
async function limitCpu(pid: number, mb: number): Promise<string | undefined> {
  const dir = `/sys/fs/cgroup/cpu/okta-memsize-${pid}`;
  try {
    await mkdir(dir);
    await writeFile(`${dir}/cpu.cfs_period_us`, String(CFS_PERIOD_US));
    await writeFile(`${dir}/cpu.cfs_quota_us`, String(Math.ceil((CFS_PERIOD_US * mb) / FULL_VCPU_MB)));
    await writeFile(`${dir}/cpu.shares`, '8192');
    await writeFile(`${dir}/cgroup.procs`, String(pid));
    return dir;
  } catch {
    await rmdir(dir).catch(() => undefined);
    return undefined;
  }
}

async function poll(seen: Map<number, EnvProcess>, mb: number, awsUrl: string): Promise<void> {
  const pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n)).map(Number);
  for (const pid of pids) {
    let env = seen.get(pid);
    if (env === undefined) {
      if (!(await isEnvProcess(pid, mb, awsUrl))) continue;
      env = { pid, hwmKb: 0, cpuTicks: 0 };
      const cgroup = await limitCpu(pid, mb);
      if (cgroup !== undefined) env.cgroup = cgroup;
      seen.set(pid, env);
    }
    const status = await readText(`/proc/${pid}/status`);
    const stat = await readText(`/proc/${pid}/stat`);
    if (status === undefined || stat === undefined) continue;
    env.hwmKb = Math.max(env.hwmKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    // Fields after the command's closing parenthesis start at field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    env.cpuTicks = Math.max(env.cpuTicks, Number(fields[11]) + Number(fields[12]));
  }
}

/** CheckLatency values published from aws.calls[from, to), less the simulator's latency. */
function overheads(d: Deployment, from: number, to: number): number[] {
  return d.aws.calls
    .slice(from, to)
    .filter((c) => c.operation === 'cloudwatch.PutMetricData')
    .flatMap((c) => c.input.MetricData as { MetricName: string; Value: number }[])
    .filter((m) => m.MetricName === 'CheckLatency')
    .map((m) => m.Value - LATENCY_MS);
}

/** Healthy, an Org server outage, healthy, one region's path refused, healthy: the held runs' shapes. */
async function scenario(d: Deployment, log: (line: string) => void): Promise<number[]> {
  d.startSchedule(Date.now());
  await sleep(30_000);
  const healthyFrom = d.aws.calls.length;
  await sleep(60_000);
  const healthyTo = d.aws.calls.length;
  log('Org server down (503 on every endpoint)');
  d.sim.intercepts = [
    {
      server: 'org',
      endpoint: '*',
      answer: { kind: 'html', status: 503, title: 'Service Unavailable', message: 'Try again later.' },
    },
  ];
  await sleep(100_000);
  d.sim.intercepts = [];
  await sleep(30_000);
  log(`${LONE}'s path refused`);
  await d.paths.get(LONE)?.setPath('refused');
  await sleep(60_000);
  await d.paths.get(LONE)?.setPath('open');
  await sleep(20_000);
  const lastFrom = d.aws.calls.length;
  await sleep(40_000);
  await d.stopSchedule();
  return [...overheads(d, healthyFrom, healthyTo), ...overheads(d, lastFrom, d.aws.calls.length)];
}

async function measure(mb: number, log: (line: string) => void): Promise<SizeResult> {
  const d = await startDeployment({ seed: 11, memoryMb: mb, log: (l) => log(`${mb} MB: ${l}`) });
  d.sim.latencyMs = LATENCY_MS;
  const seen = new Map<number, EnvProcess>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      await poll(seen, mb, d.aws.url).catch(() => undefined);
      await sleep(200);
    }
  })();
  try {
    const overMs = await scenario(d, (l) => log(`${mb} MB: ${l}`));
    const runs = d.invocations;
    return {
      mb,
      envs: [...seen.values()],
      invocations: runs.length,
      errors: runs.filter((r) => r.error !== undefined).length,
      runMs: runs.filter((r) => r.error === undefined).map((r) => r.elapsedMs),
      warmMs: runs.filter((r) => !r.cold && r.error === undefined).map((r) => r.elapsedMs),
      initMs: runs.flatMap((r) => (r.initMs === undefined ? [] : [r.initMs])),
      rounds: runs.flatMap((r) => (r.quorum === undefined ? [] : [r.quorum.rounds])),
      overMs,
      throttled: await throttledPeriods([...seen.values()]),
      limited: [...seen.values()].every((e) => e.cgroup !== undefined),
    };
  } finally {
    polling = false;
    await poller;
    await d.close();
    for (const env of seen.values()) if (env.cgroup !== undefined) await rmdir(env.cgroup).catch(() => undefined);
  }
}

async function throttledPeriods(envs: readonly EnvProcess[]): Promise<number> {
  let sum = 0;
  for (const env of envs) {
    const stat = env.cgroup === undefined ? undefined : await readText(`${env.cgroup}/cpu.stat`);
    sum += Number(/nr_throttled (\d+)/.exec(stat ?? '')?.[1] ?? 0);
  }
  return sum;
}

const peakKb = (r: SizeResult): number => Math.max(...r.envs.map((e) => e.hwmKb));
const cpuMsPerRun = (r: SizeResult): number =>
  (r.envs.reduce((sum, e) => sum + e.cpuTicks, 0) * (1000 / TICKS_PER_S)) / Math.max(1, r.invocations);

export function heldSection(results: readonly SizeResult[], load: string, measuredOn: string): string[] {
  const row = (name: string, cell: (r: SizeResult) => string): string =>
    `| ${name} | ${results.map(cell).join(' | ')} |`;
  return [
    MEMORY_HELD_HEADING,
    '',
    `Measured ${measuredOn} by \`npm run bench:memory-held\` (scripts/bench/memory-held.ts, as root for the CPU ` +
      "limit); rerun it to reproduce: it rewrites this section and section e's recommendation only (and `npm run " +
      'bench` keeps them). Traffic goes only to 127.0.0.1.',
    '',
    [
      "The three-region deployment of test/support/quorum-deployment.ts (the example config's two servers, quorum",
      "on, runs held about a minute by the fast path's rounds), each region's probe asset run under Node 24 as Lambda",
      "runs it with the heap flags of the size under test. Each Lambda environment's process sits in its own cgroup v1",
      `cpu controller at size/${FULL_VCPU_MB} of one core (Lambda's share). At each size about 6 minutes: healthy, the`,
      `Org server down 100 s (extra samples, pages), healthy, ${LONE}'s path refused 60 s (its peer watch), healthy.`,
      `The simulator adds ${LATENCY_MS} ms to each answer; overhead = each healthy check's published CheckLatency`,
      `minus ${LATENCY_MS} ms (sections c and g): our own CPU and queueing, shown as Okta's latency. The machine was`,
      `shared with other work and the bench ran under nice 19 (${load}); the cgroup quota still caps each process at`,
      'its share, but a busy machine can give it less.',
    ].join(' '),
    '',
    `| measure | ${results.map((r) => `${r.mb} MB`).join(' | ')} |`,
    `|---|${results.map(() => '---|').join('')}`,
    row('Lambda environments (processes) / invocations', (r) => `${r.envs.length} / ${r.invocations}`),
    row('peak RSS (VmHWM), highest environment', (r) => `**${kb(peakKb(r) * 1024)}**`),
    row('peak RSS, median environment', (r) => kb(median(r.envs.map((e) => e.hwmKb)) * 1024)),
    row('memory free at the highest peak', (r) => `${round(100 - (100 * peakKb(r)) / (r.mb * 1024))} %`),
    row('held run, every run: median / p90', (r) => `${ms(median(r.runMs))} / ${ms(p90(r.runMs))}`),
    row('warm runs: count, median', (r) => `${r.warmMs.length}, ${ms(median(r.warmMs))}`),
    row('cold start init: median / max', (r) => `${ms(median(r.initMs))} / ${ms(Math.max(...r.initMs))}`),
    row('fast rounds a run (median)', (r) => round(median(r.rounds))),
    row('CPU a run, inits included (all environments / invocations)', (r) => ms(cpuMsPerRun(r))),
    row('CPU periods throttled by the quota (sum)', (r) => String(r.throttled)),
    row(
      'check latency overhead, healthy (median / p90 / max)',
      (r) => `${ms(median(r.overMs))} / ${ms(p90(r.overMs))} / ${ms(Math.max(...r.overMs))}`,
    ),
    row('checks sampled for overhead', (r) => String(r.overMs.length)),
    row('invocations that failed', (r) => String(r.errors)),
    row('every process at its CPU share', (r) => (r.limited ? 'yes' : '**NO: not limited**')),
    '',
  ];
}

/** Section e's recommendation, from the held run's highest peak: the sizing rule of functions/plan/probe-memory.ts. */
export function heldRecommendation(results: readonly SizeResult[]): string {
  const peak = Math.max(...results.map(peakKb)) / 1024;
  const mb = probeMemoryForPeak(peak);
  const model = expectedPeakMb({ samlApps: 0, journeys: 0, servers: 2 });
  return (
    `**Recommendation: ${mb} MB for the example config**, sized per config by functions/plan/probe-memory.ts (the ` +
    `smallest multiple of 16 MB, at least 128, that keeps a third free above the config's expected peak; ` +
    `\`memoryMb\` in the config overrides it). The held quorum run's highest peak (section e2) is ` +
    `${round(peak, 1)} MiB, which needs ${round(peak / USABLE_SHARE, 1)} MiB; the model expects ${round(model, 1)} ` +
    `MiB for the example. Lambda takes any size from 128 to 10,240 MB in 1 MB steps, so the old choice among ` +
    `128/256/512/1024 paid for ${256 - mb} MB it did not need.`
  );
}

/** Section e with its recommendation paragraph replaced. */
function withRecommendation(doc: string, text: string): string {
  const e = sectionOf(doc, MEMORY_HEADING);
  if (e === undefined) return doc;
  const next = e
    .split('\n')
    .map((line) => (line.startsWith('**Recommendation:') ? text : line))
    .join('\n');
  return withSection(doc, MEMORY_HEADING, next);
}

async function main(): Promise<void> {
  const log = (line: string): void => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);
  log(`regions ${DEPLOY_REGIONS.join(', ')}; sizes ${SIZES.join(', ')} MB`);
  // --from FILE: the section again from a run's saved figures, without measuring.
  const from = process.argv.indexOf('--from');
  const saved =
    from > 0
      ? (JSON.parse(await readFile(process.argv[from + 1] ?? '', 'utf8')) as {
          results: SizeResult[];
          load: string;
          measuredOn?: string;
        })
      : undefined;
  const results: SizeResult[] = saved?.results ?? [];
  const loads: number[] = [];
  for (const mb of saved === undefined ? SIZES : []) {
    results.push(await measure(mb, log));
    loads.push(loadavg()[0] ?? 0);
  }
  const load =
    saved?.load ??
    `load average ${loads.map((l) => round(l, 1)).join(' and ')} on ${cpus().length} cores at the end of each`;
  const measuredOn = saved?.measuredOn ?? new Date().toISOString().slice(0, 10);
  if (saved === undefined) await writeFile(SAVED, JSON.stringify({ results, load, measuredOn }));
  const section = heldSection(results, load, measuredOn);
  let doc = await readFile(BENCHMARKS, 'utf8');
  doc = withRecommendation(doc, heldRecommendation(results));
  doc = withSectionAfter(doc, MEMORY_HELD_HEADING, section.join('\n'), MEMORY_HEADING);
  await writeFile(BENCHMARKS, doc);
  console.log(section.join('\n'));
  console.log(heldRecommendation(results));
}

/** `withSection`, but a new section goes right after the one under `after` rather than at the end. */
function withSectionAfter(doc: string, heading: string, section: string, after: string): string {
  if (sectionOf(doc, heading) !== undefined) return withSection(doc, heading, section);
  const prior = sectionOf(doc, after);
  if (prior === undefined) return withSection(doc, heading, section);
  const at = doc.indexOf(prior) + prior.length;
  return `${doc.slice(0, at)}\n\n${section.trimEnd()}${doc.slice(at)}`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
