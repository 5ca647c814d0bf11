// (e) Peak memory and CPU of a Lambda-like process: the child is bundled with the Lambda's esbuild options,
// so what it loads is what the function loads; the simulator runs in the parent, outside the measurement.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { lambdaBuildOptions } from './bundle';

const run = promisify(execFile);

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

export async function benchProcess(root: string, outdir: string, handlerBundle: string, configPath: string, runs: number): Promise<ProcessSample[]> {
  const child = join(outdir, 'memory-child.mjs');
  await build(lambdaBuildOptions(join(root, 'scripts/bench/memory-child.ts'), child));
  const samples: ProcessSample[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, [child, handlerBundle, configPath], { env: { ...process.env, NODE_OPTIONS: '' } });
    samples.push(JSON.parse(stdout) as ProcessSample);
  }
  return samples;
}
