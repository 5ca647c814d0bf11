// The "browser" journey's function in Lambda's conditions: its asset synthesized with real bundling, run as Lambda
// runs it (test/support/browser-deployment.ts: Node 24, uid 65534, only /tmp writable, 2,048 MB's heap flags) against
// the simulator's hosted sign-in page. Each round starts a fresh environment: its first invocation is cold (the init,
// then Chromium decompressed from @sparticuz/chromium into /tmp), its second warm a minute later (Chromium already
// there; the bench's journey runs every minute, so it is due again, in another TOTP step). Peak memory is the
// largest sum of the environment's processes' resident sets (Node and Chromium), sampled every 50 ms: an upper bound
// of what Lambda's "Max Memory Used" counts (shared pages are counted in each process). Its monthly cost at the
// journey's default cadence is set beside CloudWatch Synthetics' price for the same canary at the same cadence.
// The environment (Node and Chromium, never the simulator, which stands for Okta) runs under a CPU limit of the share
// Lambda gives the function's memory (a full vCPU at 1,769 MB: 2,048 MB is about 1.16 vCPU), a cgroup of its own with
// the first claim on the machine's CPU up to that limit: a page's render on two uncapped cores is faster than Lambda's,
// and on a loaded machine without the claim it measures the other work.
// `npm run bench:browser` writes its section of BENCHMARKS.md.
import { mkdirSync, rmdirSync, writeFileSync, existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PEER_PRICES, PRICES } from '../../functions/cost/prices';
import { BROWSER_LOG_BYTES_PER_RUN, BROWSER_MEMORY_MB, BROWSER_RUN_SECONDS } from '../../functions/plan/browser-part';
import { PAGE_RENDER_BUDGET_MS } from '../../functions/probe/sign-in/flows/browser/page-facts';
import { startSimulator, type Simulator } from '../../sim/server';
import { journeyDueAgain, startBrowserDeployment } from '../../test/support/browser-deployment';
import { BROWSER_HEADING, withSection } from './doc-section';

const BENCHMARKS = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The browser journey's default cadence, minutes: 4,320 runs in a 30-day month. */
const EVERY_MINUTES = 10;
const RUNS_PER_MONTH = (30 * 24 * 60) / EVERY_MINUTES;

/** Every process below this one, by pid: the environment the bench started (the simulator runs in this process). */
async function descendants(): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isFinite(ppid)) parents.set(Number(entry), ppid);
  }
  const below = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...parents.keys()].filter(below);
}

/** The resident set of the environment's processes, summed, MB. */
async function residentMb(): Promise<number> {
  let kb = 0;
  for (const pid of await descendants()) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kb / 1024;
}

/** Samples the environment's memory while `work` runs; the work's value and the peak, MB. */
async function withPeak<T>(work: Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peakMb = 0;
  let done = false;
  const sampling = (async () => {
    while (!done) {
      peakMb = Math.max(peakMb, await residentMb());
      await sleep(50);
    }
  })();
  try {
    return { value: await work, peakMb };
  } finally {
    done = true;
    await sampling;
  }
}

/** Lambda gives a function one full vCPU at this memory, and a proportional share of one below and above it. */
const FULL_VCPU_MEMORY_MB = 1769;
/** The CPU share the function's memory buys, in vCPUs (1.16 at 2,048 MB). */
export const LAMBDA_VCPUS = BROWSER_MEMORY_MB / FULL_VCPU_MEMORY_MB;
const PERIOD_US = 100_000;

/**
 * A cgroup limiting its processes to LAMBDA_VCPUS: cgroup v2's cpu.max where the unified hierarchy has the cpu
 * controller, else v1's cfs quota; its weight the highest, so that other work on the machine does not take the share
 * Lambda would give. Its path, for the sandbox to join (LAMBDA_CPU_CGROUP); none and the bench stops, saying why.
 */
function cpuCgroup(): { readonly path: string; readonly remove: () => void } {
  const quota = String(Math.round(LAMBDA_VCPUS * PERIOD_US));
  const name = `okta-synthetics-bench-${process.pid}`;
  const v2 = '/sys/fs/cgroup';
  const v1 = '/sys/fs/cgroup/cpu';
  try {
    if (existsSync(`${v2}/cgroup.controllers`) && existsSync(`${v2}/cpu.max`)) {
      const path = `${v2}/${name}`;
      mkdirSync(path);
      writeFileSync(`${path}/cpu.max`, `${quota} ${PERIOD_US}`);
      writeFileSync(`${path}/cpu.weight`, '10000');
      return { path, remove: () => rmdirSync(path) };
    }
    const path = `${v1}/${name}`;
    mkdirSync(path);
    writeFileSync(`${path}/cpu.cfs_period_us`, String(PERIOD_US));
    writeFileSync(`${path}/cpu.cfs_quota_us`, quota);
    writeFileSync(`${path}/cpu.shares`, '262144');
    return { path, remove: () => rmdirSync(path) };
  } catch (error) {
    throw new Error(
      `the bench runs the function under a CPU limit of ${LAMBDA_VCPUS.toFixed(2)} vCPU, and no cgroup could be ` +
        `made for it (run it as root, with cgroup v2's cpu controller or v1's cpu hierarchy mounted): ${String(error)}`,
      { cause: error },
    );
  }
}

/**
 * The page's times as the simulator saw them (it stands for Okta, outside the limit): from the page's request to the
 * widget's first call (the widget's script loaded and started) and to its identify POST (the form rendered, filled and
 * submitted: an upper bound of the journey's render time, which ends when the form shows).
 */
function pageTimes(
  requests: readonly { method: string; path: string; at: number }[],
  since: number,
): { bootMs: number; identifyMs: number } {
  const after = requests.filter((r) => r.at >= since);
  const page = after.find((r) => r.method === 'GET' && r.path.endsWith('/authorize'));
  const boot = after.find((r) => page !== undefined && r.at >= page.at && r.path.startsWith('/idp/idx/'));
  const identify = after.find((r) => r.method === 'POST' && r.path === '/idp/idx/identify');
  if (page === undefined || boot === undefined || identify === undefined)
    throw new Error(`the simulator saw no page, widget call or identify: ${JSON.stringify(after.slice(0, 12))}`);
  return { bootMs: boot.at - page.at, identifyMs: identify.at - page.at };
}

interface Measured {
  readonly initMs: number;
  readonly coldMs: number;
  readonly warmMs: number;
  readonly coldPeakMb: number;
  readonly warmPeakMb: number;
  readonly coldBootMs: number;
  readonly warmBootMs: number;
  readonly coldIdentifyMs: number;
  readonly warmIdentifyMs: number;
  readonly logBytes: number;
}

/** Whether the run signed the journey's user in now: its sign-in passed, measured this run (not carried). */
function signedIn(result: unknown): boolean {
  const checks = (result as { checks?: { check: string; outcome: string; carried?: true }[] } | undefined)?.checks;
  return checks?.some((c) => c.check === 'sign-in' && c.outcome === 'pass' && c.carried === undefined) ?? false;
}

async function round(
  deployment: Awaited<ReturnType<typeof startBrowserDeployment>>,
  sim: Simulator,
  cgroup: string,
): Promise<Measured> {
  const env = deployment.browser.start({ AWS_ENDPOINT_URL: deployment.aws.url, LAMBDA_CPU_CGROUP: cgroup });
  try {
    journeyDueAgain(deployment.aws);
    const startedAt = Date.now();
    const cold = await withPeak(env.invoke({}));
    const coldPage = pageTimes(sim.requests, startedAt);
    if (cold.value.error !== undefined) throw new Error(`cold run failed: ${JSON.stringify(cold.value.error)}`);
    if (!signedIn(cold.value.result))
      throw new Error(`cold run did not sign in: ${JSON.stringify(cold.value.result)}\n${cold.value.stderr}`);
    // Due again a minute after (the bench's journey runs every minute; the environment keeps its verdict until
    // then), in another TOTP step: the run is the warm one a deployed function makes at the journey's next run.
    await sleep(Math.max(0, startedAt + 61_000 - Date.now()));
    const warmAt = Date.now();
    const warm = await withPeak(env.invoke({}));
    const warmPage = pageTimes(sim.requests, warmAt);
    if (warm.value.error !== undefined) throw new Error(`warm run failed: ${JSON.stringify(warm.value.error)}`);
    if (!signedIn(warm.value.result))
      throw new Error(`warm run did not sign in: ${JSON.stringify(warm.value.result)}\n${warm.value.stdout}`);
    return {
      initMs: cold.value.initMs ?? 0,
      coldMs: cold.value.elapsedMs,
      warmMs: warm.value.elapsedMs,
      coldPeakMb: cold.peakMb,
      warmPeakMb: warm.peakMb,
      coldBootMs: coldPage.bootMs,
      warmBootMs: warmPage.bootMs,
      coldIdentifyMs: coldPage.identifyMs,
      warmIdentifyMs: warmPage.identifyMs,
      logBytes: Buffer.byteLength(
        cold.value.stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .join('\n'),
      ),
    };
  } finally {
    env.stop();
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const usd = (value: number): string => `$${value.toFixed(2)}`;
/** How the priced duration stands to the median cold run measured here, in words. */
const coldWords = (pricedMs: number, coldMs: number): string =>
  pricedMs >= coldMs
    ? `at or above the median cold run here (${Math.round(coldMs)} ms)`
    : `below the median cold run here (${Math.round(coldMs)} ms): rerun on a quieter machine, or raise it`;

/** The monthly cost at the default cadence, beside the canary's: the section's last lines. */
function monthlyCost(): string[] {
  const gbSeconds = RUNS_PER_MONTH * BROWSER_RUN_SECONDS * (BROWSER_MEMORY_MB / 1024);
  const duration = gbSeconds * PRICES.lambdaX86GbSecond.usd;
  const requests = (RUNS_PER_MONTH * PRICES.lambdaRequest.usd) / PRICES.lambdaRequest.per;
  const logs = ((RUNS_PER_MONTH * BROWSER_LOG_BYTES_PER_RUN) / 1024 ** 3) * PRICES.logsIngestGb.usd;
  const ours = duration + requests + logs;
  const canary = RUNS_PER_MONTH * PEER_PRICES.cloudwatchSynthetics.usd;
  return [
    `At the default cadence (every ${EVERY_MINUTES} min, ${RUNS_PER_MONTH.toLocaleString('en-US')} runs a month), ` +
      'us-east-1 list prices (functions/cost/prices.ts):',
    '',
    '| | Monthly |',
    '| --- | --- |',
    `| Lambda duration, x86_64: ${RUNS_PER_MONTH} x ${BROWSER_RUN_SECONDS} s x ${BROWSER_MEMORY_MB / 1024} GB = ` +
      `${gbSeconds.toLocaleString('en-US')} GB-s | ${usd(duration)} |`,
    `| Lambda requests | ${usd(requests)} |`,
    `| Log ingestion | ${usd(logs)} |`,
    `| **The browser function** | **${usd(ours)}** |`,
    `| CloudWatch Synthetics, the same canary every ${EVERY_MINUTES} min ` +
      `($${PEER_PRICES.cloudwatchSynthetics.usd} a run, its own Lambda and S3 not counted) | ${usd(canary)} |`,
    '',
    `The browser function costs ${((100 * ours) / canary).toFixed(0)}% of the canary for the same journey, with free ` +
      "tiers left out on both sides. `cost` adds its scheduler invocations, its users' secret reads and its log " +
      'storage, a few cents in all.',
    '',
  ];
}

function section(rounds: readonly Measured[], load: readonly number[]): string {
  const m = (key: keyof Measured): number => median(rounds.map((r) => r[key]));
  const max = (key: keyof Measured): number => Math.max(...rounds.map((r) => r[key]));
  const cell = (key: keyof Measured): string => `${Math.round(m(key))} (${Math.round(max(key))})`;
  return [
    BROWSER_HEADING,
    '',
    "`npm run bench:browser`: the browser function's asset, synthesized with real bundling, run as Lambda runs it " +
      "(Node 24, uid 65534, only /tmp writable, the heap flags of its 2,048 MB) against the simulator's hosted " +
      `sign-in page, ${rounds.length} fresh environments, each invoked cold then warm; medians (worst in brackets). ` +
      `Chromium is @sparticuz/chromium's, decompressed into /tmp. The environment (Node and Chromium; not the ` +
      `simulator, which stands for Okta) runs under a CPU limit of ${LAMBDA_VCPUS.toFixed(2)} vCPU, the share ` +
      `Lambda gives ${BROWSER_MEMORY_MB} MB (a full vCPU at ${FULL_VCPU_MEMORY_MB} MB): a cgroup of its own ` +
      `(quota ${Math.round(LAMBDA_VCPUS * PERIOD_US)} us a ${PERIOD_US} us period) with the first claim on the ` +
      `machine's CPU up to it. Load average when run: ` +
      `${load.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min) on a 2-core machine shared with other work.`,
    '',
    '| | Cold (init + first invocation) | Warm (second invocation) |',
    '| --- | --- | --- |',
    `| Init (module load), ms | ${Math.round(m('initMs'))} | - |`,
    `| Invocation, ms | ${cell('coldMs')} | ${cell('warmMs')} |`,
    `| The page's request to the widget's first call, ms | ${cell('coldBootMs')} | ${cell('warmBootMs')} |`,
    `| The page's request to the identify POST (rendered, filled, submitted), ms | ${cell('coldIdentifyMs')} | ` +
      `${cell('warmIdentifyMs')} |`,
    `| Peak resident memory, MB | ${cell('coldPeakMb')} | ${cell('warmPeakMb')} |`,
    '',
    `The render budget (PAGE_RENDER_BUDGET_MS, functions/probe/sign-in/browser.ts) is ${PAGE_RENDER_BUDGET_MS} ms: ` +
      `${(PAGE_RENDER_BUDGET_MS / max('coldIdentifyMs')).toFixed(1)} times the worst cold page-to-identify here, ` +
      "an upper bound of the render (the walk's clock stops when the form shows, before it is filled). The " +
      "simulator's page is served from the loopback; an org's comes over the internet, with Okta's CDN.",
    '',
    `The function deploys with ${BROWSER_MEMORY_MB} MB (functions/plan/browser-part.ts): the peak is ` +
      `${Math.round((100 * max('coldPeakMb')) / BROWSER_MEMORY_MB)}% of it at most; the rest buys CPU (Lambda ` +
      'gives a full vCPU at 1,769 MB), which the page load and the widget spend. `cost` prices every run at ' +
      `${BROWSER_RUN_SECONDS} s (functions/plan/browser-part.ts), ` +
      `${coldWords(BROWSER_RUN_SECONDS * 1000, m('coldMs'))}` +
      ": at a 10-minute cadence most runs may start cold, and an org's page comes over the internet, not the " +
      `loopback. Its run line: ${rounds[0]?.logBytes ?? 0} bytes a run here (the estimate takes ` +
      `${BROWSER_LOG_BYTES_PER_RUN} with Lambda's own START, END and REPORT lines).`,
    '',
    ...monthlyCost(),
  ].join('\n');
}

async function main(): Promise<void> {
  const cgroup = cpuCgroup();
  const sim = await startSimulator({ scenario: 'sign-in-page', port: 0 });
  const deployment = await startBrowserDeployment(sim, { everyMinutes: 1 });
  const rounds: Measured[] = [];
  try {
    for (let i = 0; i < ROUNDS; i += 1) {
      const measured = await round(deployment, sim, cgroup.path);
      process.stdout.write(`round ${i + 1}: ${JSON.stringify(measured)}\n`);
      rounds.push(measured);
    }
  } finally {
    await deployment.close();
    await sim.close();
    // Empty once its processes are gone: the environments were stopped above.
    await sleep(500);
    try {
      cgroup.remove();
    } catch {
      process.stderr.write(`the cgroup ${cgroup.path} was left behind: rmdir it\n`);
    }
  }
  const text = section(rounds, loadavg());
  const doc = await readFile(BENCHMARKS, 'utf8');
  await writeFile(BENCHMARKS, withSection(doc, BROWSER_HEADING, text));
  process.stdout.write(text);
}

await main();
