// (q) The probe's cold start beside the floor, in one run. The floor is an esbuild bundle of only the probe's fixed
// runtime packages (@aws-sdk/client-cloudwatch, undici, jose: everything each exports); the probe is
// functions/lambda/probe.ts. Both are built with the options the stack's bundling step uses (splitBuildOptions in
// lib/lambda-defaults.ts) and loaded by fresh Node 24 processes, alternating, medians. What each config loads, and
// when (at init or during the first invocation), is recorded by running the bundle's handler once against the
// simulator and the loopback AWS fake (test/support/bundle-loads.ts). `npm run bench:cold-start` rewrites section q.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { lambdaEntry, splitBuildOptions } from '../../lib/lambda-defaults';
import { startSimulator } from '../../sim/server';
import { startAwsFake } from '../../test/support/aws-fake';
import { bundleLoads, bundleSecrets, exampleShapedConfig, NODE24, probeEnv, samlJourneyConfig, type BundleLoad } from '../../test/support/bundle-loads';
import { COLD_START_HEADING as HEADING, withSection } from './doc-section';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const GOALS = { entryOverFloorBytes: 250 * 1024, loadRatio: 1.15, assetFileBytes: 1800 * 1024 };

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};
const kb = (bytes: number): string => `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
const ms = (value: number): string => `${Math.round(value)} ms`;

/** Builds `entry` (or the floor's few lines) into `outdir` with the stack's split options; the files written, with sizes. */
async function buildSplit(outdir: string, entry: string | { contents: string }): Promise<{ file: string; bytes: number }[]> {
  const options = splitBuildOptions(typeof entry === 'string' ? entry : 'floor.ts');
  const result = await build({
    ...options,
    ...(typeof entry === 'string' ? {} : { entryPoints: undefined, stdin: { contents: entry.contents, resolveDir: ROOT, sourcefile: 'floor.ts', loader: 'ts' } }),
    outdir,
    metafile: true,
  });
  const outputs = Object.entries(result.metafile?.outputs ?? {}).filter(([path]) => path.endsWith('.mjs'));
  return outputs.map(([path, output]) => ({ file: relative(outdir, resolve(ROOT, path)), bytes: output.bytes }));
}

/** One fresh process: `await import(entry)` (less the handler's HTTP warm-up, which it awaits), then `then`'s chunks. */
async function loadTime(entry: string, then: readonly string[], env: NodeJS.ProcessEnv): Promise<{ init: number; warmUp: number; total: number }> {
  const script =
    `const t0 = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(entry).href)}); const t1 = performance.now();` +
    `await Promise.all(${JSON.stringify(then.map((file) => pathToFileURL(file).href))}.map((u) => import(u))); const t2 = performance.now();` +
    'const warmUp = m.initTimings?.httpWarmUpMs ?? 0;' +
    'process.stdout.write(JSON.stringify({ init: t1 - t0 - warmUp, warmUp, total: t2 - t0 - warmUp }));';
  const { stdout } = await run(NODE24, ['--input-type=module', '-e', script], { env, cwd: tmpdir() });
  return JSON.parse(stdout) as { init: number; warmUp: number; total: number };
}

const sum = (loads: readonly BundleLoad[]): number => loads.reduce((total, load) => total + load.bytes, 0);

function loadsTable(name: string, loads: readonly BundleLoad[]): string[] {
  const kinds = (load: BundleLoad): string => {
    const own = [...new Set(load.sources.filter((s) => s.startsWith('functions/')).map((s) => s.replace(/^functions\//, '').replace(/\/[^/]+$/, '/').replace(/^[^/]+\.ts$/, 'functions/')))];
    const packages = [...new Set(load.sources.filter((s) => s.startsWith('node_modules/')).map((s) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s)?.[1] ?? s))];
    return [...own.slice(0, 4), ...packages.slice(0, 4)].join(', ') + (own.length + packages.length > 8 ? ', ...' : '');
  };
  const big = loads.filter((load) => load.bytes >= 8 * 1024);
  return [
    `| ${name}: file (8 KB and over) | bytes | loaded | at (ms since start) | holds |`,
    '|---|---:|---|---:|---|',
    ...big.map((load) => `| \`${load.file.replace(/-[A-Z0-9]{8}\.mjs$/, '-*.mjs')}\` | ${kb(load.bytes)} | ${load.phase} | ${Math.round(load.atMs)} | ${kinds(load)} |`),
    `| ${loads.length - big.length} smaller files | ${kb(sum(loads) - sum(big))} | | | |`,
  ];
}

async function main(): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'okta-synthetics-cold-'));
  const sim = await startSimulator({});
  const aws = await startAwsFake({ secrets: bundleSecrets(sim) });
  try {
    const floorDir = join(out, 'floor');
    const probeDir = join(out, 'probe');
    await buildSplit(floorDir, { contents: "export * from '@aws-sdk/client-cloudwatch';\nexport * from 'undici';\nexport * from 'jose';\n" });
    const probeFiles = await buildSplit(probeDir, lambdaEntry('probe'));
    // What importing the floor loads (the SDK splits off a few chunks it imports only on demand).
    const floorBytes = sum((await bundleLoads(join(floorDir, 'index.mjs'), {}, out)).loads.filter((load) => load.phase === 'init'));
    const example = exampleShapedConfig(sim);
    const saml = samlJourneyConfig(sim);
    const entry = join(probeDir, 'index.mjs');
    const exampleRun = await bundleLoads(entry, probeEnv(aws.url, out, example), out);
    const samlRun = await bundleLoads(entry, probeEnv(aws.url, out, saml), out);
    if (exampleRun.result.thrown !== undefined || samlRun.result.thrown !== undefined) throw new Error(`a handler threw: ${JSON.stringify([exampleRun.result, samlRun.result])}`);
    const atInit = exampleRun.loads.filter((load) => load.phase === 'init');
    const onDemand = exampleRun.loads.filter((load) => load.phase === 'invocation').map((load) => join(probeDir, load.file));
    const env = probeEnv(aws.url, out, example);
    const floor: number[] = [];
    const init: number[] = [];
    const total: number[] = [];
    const warmUp: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      floor.push((await loadTime(join(floorDir, 'index.mjs'), [], env)).total);
      const probe = await loadTime(entry, onDemand, env);
      init.push(probe.init);
      total.push(probe.total);
      warmUp.push(probe.warmUp);
    }
    const initBytes = sum(atInit);
    const exampleBytes = sum(exampleRun.loads);
    const largest = Math.max(...probeFiles.map((f) => f.bytes));
    const entryBytes = (await stat(entry)).size;
    const samlInit = samlRun.loads.filter((load) => load.phase === 'init');
    const samlLater = samlRun.loads.filter((load) => load.phase === 'invocation');
    // The goal is the entry's load (Lambda's init), as the floor's; the whole, with the first invocation's chunks, beside it.
    const ratio = median(init) / median(floor);
    const wholeRatio = median(total) / median(floor);
    const pass = (ok: boolean): string => (ok ? 'met' : '**missed**');
    const text = [
      HEADING,
      '',
      `Measured by \`npm run bench:cold-start\` (scripts/bench/cold-start.ts), ${ROUNDS} rounds, alternating, medians, Node ${(await run(NODE24, ['--version'])).stdout.trim()}. ` +
        'The floor is an esbuild bundle of only the fixed runtime packages (`export *` of `@aws-sdk/client-cloudwatch`, `undici` and `jose`); the probe is ' +
        '`functions/lambda/probe.ts`. Both are built with the options of the stack\'s bundling step (`splitBuildOptions`, `lib/lambda-defaults.ts`: ESM, ' +
        'minified, node24, the credential alias, split at each `import()`), and each round loads each in a fresh process. The probe\'s load is less the HTTP ' +
        'warm-up its init awaits (section g); a second figure adds the chunks the example config loads at its first invocation. What each config loads, and when, ' +
        'comes from running the handler once against the simulator and the loopback AWS fake (example-shaped config: two servers and the status feed).',
      '',
      '| | floor | probe, example config | goal |',
      '|---|---:|---:|---|',
      `| loaded at init (the entry module and its static imports) | ${kb(floorBytes)} | ${kb(initBytes)} (index.mjs alone: ${kb(entryBytes)}) | at most floor + 250 KB: ${pass(initBytes <= floorBytes + GOALS.entryOverFloorBytes)} |`,
      `| loaded by the first invocation too | | ${kb(exampleBytes)} | |`,
      `| module load at init, median | ${ms(median(floor))} | ${ms(median(init))} (the HTTP warm-up, ${ms(median(warmUp))}, apart) | within 1.15x: ${ratio.toFixed(2)}x, ${pass(ratio <= GOALS.loadRatio)} |`,
      `| with the first invocation's chunks, median | | ${ms(median(total))}: ${wholeRatio.toFixed(2)}x the floor | |`,
      `| largest file of the asset | | ${kb(largest)} (${probeFiles.length} files) | at most 1,800 KB: ${pass(largest <= GOALS.assetFileBytes)} |`,
      '',
      `Samples (ms), floor: ${floor.map(Math.round).join(', ')}; probe at init: ${init.map(Math.round).join(', ')}; with the invocation's chunks: ${total.map(Math.round).join(', ')}.`,
      '',
      `With a SAML app and a journey (the example's servers, an authn journey, a SAML app in its session): ${kb(sum(samlInit))} at init, as the example, then ` +
        `${kb(sum(samlLater))} during the first invocation (the engine, the journey, the SAML kind with its XML libraries, the SSM stores), ${kb(sum(samlRun.loads))} in all. ` +
        'The kinds load in the run\'s preparation, before any check\'s clock starts, so no check\'s latency carries a module load.',
      '',
      ...loadsTable('Example config', exampleRun.loads),
      '',
      ...loadsTable('SAML app and journey', samlRun.loads),
      '',
    ].join('\n');
    const file = join(ROOT, 'BENCHMARKS.md');
    await writeFile(file, withSection(await readFile(file, 'utf8'), HEADING, text));
    process.stdout.write(`${text}\n`);
  } finally {
    await aws.close();
    await sim.close();
    await rm(out, { recursive: true, force: true });
  }
}

await main();
