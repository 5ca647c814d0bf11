// (e) Peak memory and CPU of a Lambda-like process, the duration each Lambda memory size would give, and its section:
// the child is bundled with the Lambda's esbuild options, so what it loads is what the function loads; the simulator
// runs in the parent, outside the measurement.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { lambdaBuildOptions } from './bundle';
import { kb, median, ms, round } from './stats';

const run = promisify(execFile);

/** Lambda gives a full vCPU at 1,769 MB and a proportional share below. */
export const FULL_VCPU_MB = 1769;
/** Not measurable here: one PutMetricData call to CloudWatch from inside the region. */
export const PUT_METRIC_DATA_MS = 50;

export interface ProcessSample {
  readonly rssAtStartKb: number;
  readonly maxRssKb: number;
  readonly heapUsedKb: number;
  /** Loading the handler bundle: wall and CPU ms. */
  readonly loadMs: number;
  readonly loadCpuMs: number;
  /** The first cycle of the process (the Lambda cold start's cycle), and the median of the next three. */
  readonly coldMs: number;
  readonly coldCpuMs: number;
  readonly coldPassed: boolean;
  readonly warmMs: number;
  readonly warmCpuMs: number;
}

export async function benchProcess(
  root: string,
  outdir: string,
  handlerBundle: string,
  configPath: string,
  runs: number,
): Promise<ProcessSample[]> {
  const child = join(outdir, 'memory-child.mjs');
  await build(lambdaBuildOptions(join(root, 'scripts/bench/memory-child.ts'), child));
  const samples: ProcessSample[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, [child, handlerBundle, configPath], {
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    samples.push(JSON.parse(stdout) as ProcessSample);
  }
  return samples;
}

export interface MemoryPlan {
  readonly mb: number;
  readonly warmMs: number;
  readonly coldMs: number;
  readonly monthlyUsd: number;
}

export function memoryPlans(p: readonly ProcessSample[]): MemoryPlan[] {
  const warmWall = median(p.map((s) => s.warmMs));
  const warmCpu = median(p.map((s) => s.warmCpuMs));
  const coldWall = median(p.map((s) => s.loadMs + s.coldMs));
  const coldCpu = median(p.map((s) => s.loadCpuMs + s.coldCpuMs));
  return [128, 256, 512, 1024].map((mb) => {
    // Upper bound: every CPU ms stretched by the missing share, none of it hidden behind network waits.
    const stretch = FULL_VCPU_MB / mb - 1;
    const warmMs = warmWall + warmCpu * stretch + PUT_METRIC_DATA_MS;
    const coldMs = coldWall + coldCpu * stretch + PUT_METRIC_DATA_MS;
    const monthlyUsd = 43_200 * (warmMs / 1000) * (mb / 1024) * 0.0000133334;
    return { mb, warmMs, coldMs, monthlyUsd };
  });
}

export function memorySection(p: readonly ProcessSample[], plans: readonly MemoryPlan[]): string[] {
  const peak = median(p.map((s) => s.maxRssKb)) * 1024;
  return [
    '## e. Memory and the Lambda memory size',
    '',
    `${p.length} fresh processes, each bundled like the Lambda: load the handler bundle (all SDK clients), ` +
      `then one cold and three warm cycles against the simulator (warm: the median of the three).`,
    '',
    '| measure | median |',
    '|---|---|',
    `| peak RSS (maxRSS) | **${kb(peak)}** |`,
    `| RSS of node before loading anything | ${kb(median(p.map((s) => s.rssAtStartKb)) * 1024)} |`,
    `| heap used after four cycles | ${kb(median(p.map((s) => s.heapUsedKb)) * 1024)} |`,
    `| load the handler bundle: wall / CPU | ${ms(median(p.map((s) => s.loadMs)))} / ${ms(median(p.map((s) => s.loadCpuMs)))} ` +
      `|`,
    `| first (cold) cycle: wall / CPU | ${ms(median(p.map((s) => s.coldMs)))} / ${ms(median(p.map((s) => s.coldCpuMs)))} ` +
      `|`,
    `| warm cycle: wall / CPU | ${ms(median(p.map((s) => s.warmMs)))} / ${ms(median(p.map((s) => s.warmCpuMs)))} |`,
    `| all checks passed in every process | ${p.every((s) => s.coldPassed) ? 'yes' : 'NO'} |`,
    '',
    `Lambda allots CPU in proportion to memory (a full vCPU at ${FULL_VCPU_MB} MB), so a run's CPU time ` +
      `stretches by ${FULL_VCPU_MB}/MB. ` +
      (`Estimated duration per memory size, an upper bound (no CPU hidden behind network waits; one core of ` +
        `this machine = one Graviton vCPU; +${PUT_METRIC_DATA_MS} ms for PutMetricData):`),
    '',
    '| memory | peak RSS / memory | warm run (est.) | cold start run incl. load (est.) | Lambda duration ' +
      'cost a month at 1/min |',
    '|---|---|---|---|---|',
    ...plans.map(
      (m) =>
        `| ${m.mb} MB | ${round((100 * peak) / (m.mb * 1024 * 1024))} % | ${ms(m.warmMs)} | ${ms(m.coldMs)} ` +
        `| $${m.monthlyUsd.toFixed(3)} |`,
    ),
    '',
  ];
}

export function recommendation(
  p: readonly ProcessSample[],
  plans: readonly MemoryPlan[],
): { mb: number; text: string[] } {
  const peak = median(p.map((s) => s.maxRssKb)) * 1024;
  // Keep a third free for GC headroom and a bad day (a large error page, a JWKS refetch).
  const fits = plans.filter((m) => peak <= 0.67 * m.mb * 1024 * 1024);
  const chosen = fits[0] ?? plans[plans.length - 1];
  if (chosen === undefined) throw new Error('no memory plan');
  const at128 = plans.find((m) => m.mb === 128);
  return {
    mb: chosen.mb,
    text: [
      `**Recommendation: ${chosen.mb} MB** (the stack's default is 256 MB). The smallest size that keeps a ` +
        `third of memory free above the ${kb(peak)} peak. ` +
        (at128 !== undefined && chosen.mb > 128
          ? `128 MB would leave ${round(100 - (100 * peak) / (128 * 1024 * 1024))} % free and stretch a cold ` +
            `start to about ${ms(at128.coldMs)} (RSA signing for private_key_jwt, JWT verification and TLS all ` +
            `run on a 7 % CPU share). `
          : '') +
        ('Duration cost is cents a month at any of these sizes: memory is chosen for headroom and cold-start ' +
          'time, not price.'),
      '',
    ],
  };
}
