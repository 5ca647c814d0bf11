// (q) The probe's cold start beside the floor, in one run. The floor is an esbuild bundle of only the probe's fixed
// runtime packages (@aws-sdk/client-cloudwatch, undici, jose: everything each exports); the probe is
// functions/lambda/probe.ts. Both are built with the options the stack's bundling step uses (splitBuildOptions in
// lib/lambda-defaults.ts) and loaded by fresh Node 24 processes, alternating, medians. What each config loads, and
// when (at init or during the first invocation), is recorded by running the bundle's handler once against the
// simulator and the loopback AWS fake (test/support/bundle-loads.ts). What init no longer loads is not left out of the
// count: the same probe with the SSM client's module loaded at init, as it was before the maintenance read loaded it
// itself, is built beside it, and both first invocations are timed, alternating. `npm run bench:cold-start` rewrites
// section q.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { lambdaEntry, splitBuildOptions } from '../../lib/lambda-defaults';
import { startSimulator, type Simulator } from '../../sim/server';
import { startAwsFake } from '../../test/support/aws-fake';
import {
  bundleLoads,
  bundleSecrets,
  exampleShapedConfig,
  NODE24,
  probeEnv,
  samlJourneyConfig,
  type BundleLoad,
} from '../../test/support/bundle-loads';
import { COLD_START_HEADING as HEADING, withSection } from './doc-section';
import { quantile } from './stats';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const GOALS = { entryOverFloorBytes: 250 * 1024, loadRatio: 1.15, assetFileBytes: 1800 * 1024 };

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};
const kb = (bytes: number): string => `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
const ms = (value: number): string => `${Math.round(value)} ms`;

/**
 * Builds `entry` (or a few lines of source) into `outdir` with the stack's split options; the files written, with
 * sizes.
 */
async function buildSplit(
  outdir: string,
  entry: string | { contents: string; name: string },
): Promise<{ file: string; bytes: number }[]> {
  const options = splitBuildOptions(typeof entry === 'string' ? entry : entry.name);
  const result = await build({
    ...options,
    ...(typeof entry === 'string'
      ? {}
      : {
          entryPoints: undefined,
          stdin: { contents: entry.contents, resolveDir: ROOT, sourcefile: entry.name, loader: 'ts' },
        }),
    outdir,
    metafile: true,
  });
  const outputs = Object.entries(result.metafile?.outputs ?? {}).filter(([path]) => path.endsWith('.mjs'));
  return outputs.map(([path, output]) => ({ file: relative(outdir, resolve(ROOT, path)), bytes: output.bytes }));
}

/**
 * One fresh process: `await import(entry)` (less the handler's HTTP warm-up, which it awaits), then `then`'s chunks.
 */
async function loadTime(
  entry: string,
  then: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ init: number; warmUp: number; total: number }> {
  const script =
    `const t0 = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(entry).href)}); ` +
    `const t1 = performance.now();` +
    (`await Promise.all(${JSON.stringify(then.map((file) => pathToFileURL(file).href))}.map((u) => ` +
      `import(u))); const t2 = performance.now();`) +
    'const warmUp = m.initTimings?.httpWarmUpMs ?? 0;' +
    'process.stdout.write(JSON.stringify({ init: t1 - t0 - warmUp, warmUp, total: t2 - t0 - warmUp }));';
  const { stdout } = await run(NODE24, ['--input-type=module', '-e', script], { env, cwd: tmpdir() });
  return JSON.parse(stdout) as { init: number; warmUp: number; total: number };
}

/**
 * One fresh process: the CPU time of `await import(entry)`, ms, the HTTP warm-up switched off (its CPU is not the
 * load's, and its wall time is taken out of the other series). CPU time is what other work on a shared machine moves
 * least.
 */
async function loadCpu(entry: string, env: NodeJS.ProcessEnv): Promise<number> {
  const script =
    `const c0 = process.cpuUsage(); await import(${JSON.stringify(pathToFileURL(entry).href)}); const c = ` +
    `process.cpuUsage(c0); process.stdout.write(String((c.user + c.system) / 1000));`;
  const { stdout } = await run(NODE24, ['--input-type=module', '-e', script], {
    env: { ...env, OKTA_SYNTHETICS_NO_WARMUP: '1' },
    cwd: tmpdir(),
  });
  return Number(stdout);
}

/**
 * One fresh process: `await import(entry)`, then the handler's first call (against the simulator and the AWS fake), ms.
 */
async function invokeTime(entry: string, env: NodeJS.ProcessEnv): Promise<number> {
  const script =
    `const m = await import(${JSON.stringify(pathToFileURL(entry).href)}); const t0 = performance.now();` +
    'const result = await m.handler({}, { getRemainingTimeInMillis: () => 50000 });' +
    ('process.stderr.write("\\n@@invoke " + JSON.stringify({ ms: performance.now() - t0, failed: ' +
      'result.failed }) + "\\n");');
  const { stderr } = await run(NODE24, ['--input-type=module', '-e', script], { env, cwd: tmpdir() });
  const { ms: took, failed } = JSON.parse(stderr.slice(stderr.lastIndexOf('\n@@invoke ') + '\n@@invoke '.length)) as {
    ms: number;
    failed: number;
  };
  if (failed !== 0)
    throw new Error(`the handler's first invocation failed ${failed} checks: the timing would not be a healthy run's`);
  return took;
}

const sum = (loads: readonly BundleLoad[]): number => loads.reduce((total, load) => total + load.bytes, 0);

function loadsTable(name: string, loads: readonly BundleLoad[]): string[] {
  const kinds = (load: BundleLoad): string => {
    const own = [
      ...new Set(
        load.sources
          .filter((s) => s.startsWith('functions/'))
          .map((s) =>
            s
              .replace(/^functions\//, '')
              .replace(/\/[^/]+$/, '/')
              .replace(/^[^/]+\.ts$/, 'functions/'),
          ),
      ),
    ];
    const packages = [
      ...new Set(
        load.sources
          .filter((s) => s.startsWith('node_modules/'))
          .map((s) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s)?.[1] ?? s),
      ),
    ];
    return [...own.slice(0, 4), ...packages.slice(0, 4)].join(', ') + (own.length + packages.length > 8 ? ', ...' : '');
  };
  const big = loads.filter((load) => load.bytes >= 8 * 1024);
  return [
    `| ${name}: file (8 KB and over) | bytes | loaded | at (ms since start) | holds |`,
    '|---|---:|---|---:|---|',
    ...big.map(
      (load) =>
        `| \`${load.file.replace(/-[A-Z0-9]{8}\.mjs$/, '-*.mjs')}\` | ${kb(load.bytes)} | ${load.phase} | ${Math.round(load.atMs)} ` +
        `| ${kinds(load)} |`,
    ),
    `| ${loads.length - big.length} smaller files | ${kb(sum(loads) - sum(big))} | | | |`,
  ];
}

/** The three bundles compared, built with the stack's split options. */
interface Bundles {
  readonly floorEntry: string;
  readonly probeDir: string;
  readonly entry: string;
  readonly probeFiles: readonly { file: string; bytes: number }[];
  readonly ssmAtInitDir: string;
  readonly ssmAtInitEntry: string;
  /** BENCH_BEFORE=REV: the probe of an earlier commit, built with the same options, timed in the same rounds. */
  readonly before?: { readonly rev: string; readonly entry: string };
}

/** The probe of commit `rev` (git archive beside this tree's node_modules), built with this tree's split options. */
async function buildBefore(out: string, rev: string): Promise<{ rev: string; entry: string }> {
  const src = join(out, 'before-src');
  await run('sh', ['-c', `mkdir -p "${src}" && git archive ${rev} functions package.json | tar -x -C "${src}"`], {
    cwd: ROOT,
  });
  await symlink(join(ROOT, 'node_modules'), join(src, 'node_modules'));
  await buildSplit(join(out, 'before'), join(src, 'functions/lambda/probe.ts'));
  return { rev, entry: join(out, 'before', 'index.mjs') };
}

/**
 * The floor, the probe, and the probe with the SSM client's module at init: the floor is what no probe can load
 * less than, and the third is the probe as it was, so what init no longer loads is counted where it went.
 */
async function buildBundles(out: string): Promise<Bundles> {
  const floorDir = join(out, 'floor');
  const probeDir = join(out, 'probe');
  const ssmAtInitDir = join(out, 'ssm-at-init');
  await buildSplit(floorDir, {
    name: 'floor.ts',
    contents: "export * from '@aws-sdk/client-cloudwatch';\nexport * from 'undici';\nexport * from 'jose';\n",
  });
  const probeFiles = await buildSplit(probeDir, lambdaEntry('probe'));
  // The comparison: the same handler, the SSM client's module a static import of the entry (loaded at init).
  await buildSplit(ssmAtInitDir, {
    name: 'ssm-at-init.ts',
    contents: "import './functions/lambda/ssm-get-parameter';\nexport * from './functions/lambda/probe';\n",
  });
  const rev = process.env.BENCH_BEFORE;
  return {
    ...(rev ? { before: await buildBefore(out, rev) } : {}),
    floorEntry: join(floorDir, 'index.mjs'),
    probeDir,
    entry: join(probeDir, 'index.mjs'),
    probeFiles,
    ssmAtInitDir,
    ssmAtInitEntry: join(ssmAtInitDir, 'index.mjs'),
  };
}

type LoadRun = Awaited<ReturnType<typeof bundleLoads>>;

/** What each config loaded, and when, in one real run of its handler. */
interface Traces {
  readonly floorBytes: number;
  readonly example: Record<string, unknown>;
  readonly exampleRun: LoadRun;
  readonly samlRun: LoadRun;
  readonly ssmAtInitRun: LoadRun;
  readonly noFeedRun: LoadRun;
}

const initLoads = (loads: readonly BundleLoad[]): BundleLoad[] => loads.filter((load) => load.phase === 'init');

/**
 * Each handler run once against the simulator and the AWS fake: which files load at init and which at the first
 * invocation can only be seen by running it, and a timed round must import the same chunks the first call would.
 */
async function traceLoads(b: Bundles, out: string, awsUrl: string, sim: Simulator): Promise<Traces> {
  // What importing the floor loads (the SDK splits off a few chunks it imports only on demand).
  const floorBytes = sum(initLoads((await bundleLoads(b.floorEntry, {}, out)).loads));
  const example = exampleShapedConfig(sim);
  const saml = samlJourneyConfig(sim);
  const exampleRun = await bundleLoads(b.entry, probeEnv(awsUrl, out, example), out);
  const samlRun = await bundleLoads(b.entry, probeEnv(awsUrl, out, saml), out);
  const ssmAtInitRun = await bundleLoads(b.ssmAtInitEntry, probeEnv(awsUrl, out, example), out);
  const noFeedRun = await bundleLoads(b.entry, probeEnv(awsUrl, out, { ...example, statusPageUrl: null }), out);
  const runs = [exampleRun, samlRun, ssmAtInitRun, noFeedRun];
  if (runs.some((r) => r.result.thrown !== undefined))
    throw new Error(`a handler threw: ${JSON.stringify(runs.map((r) => r.result))}`);
  return { floorBytes, example, exampleRun, samlRun, ssmAtInitRun, noFeedRun };
}

/** Every timed series, one sample a round. */
interface Samples {
  readonly floor: number[];
  readonly init: number[];
  readonly total: number[];
  readonly warmUp: number[];
  readonly ssmInit: number[];
  readonly ssmTotal: number[];
  readonly invoke: number[];
  readonly ssmInvoke: number[];
  readonly cpu: { readonly floor: number[]; readonly probe: number[]; readonly ssmAtInit: number[] };
  /** The BENCH_BEFORE probe's module load at init and its CPU time, when there is one. */
  readonly before: { readonly init: number[]; readonly cpu: number[] };
}

/**
 * ROUNDS rounds, each bundle loaded in a fresh process in turn within a round: alternating, so a change in the
 * machine's load falls on every series alike instead of on whichever ran then.
 */
async function timeRounds(b: Bundles, t: Traces, env: NodeJS.ProcessEnv): Promise<Samples> {
  const onDemand = t.exampleRun.loads
    .filter((load) => load.phase === 'invocation')
    .map((load) => join(b.probeDir, load.file));
  const ssmOnDemand = t.ssmAtInitRun.loads
    .filter((load) => load.phase === 'invocation')
    .map((load) => join(b.ssmAtInitDir, load.file));
  const s: Samples = {
    floor: [],
    init: [],
    total: [],
    warmUp: [],
    ssmInit: [],
    ssmTotal: [],
    invoke: [],
    ssmInvoke: [],
    cpu: { floor: [], probe: [], ssmAtInit: [] },
    before: { init: [], cpu: [] },
  };
  for (let i = 0; i < ROUNDS; i++) {
    s.floor.push((await loadTime(b.floorEntry, [], env)).total);
    const probe = await loadTime(b.entry, onDemand, env);
    s.init.push(probe.init);
    s.total.push(probe.total);
    s.warmUp.push(probe.warmUp);
    const before = await loadTime(b.ssmAtInitEntry, ssmOnDemand, env);
    s.ssmInit.push(before.init);
    s.ssmTotal.push(before.total);
    s.invoke.push(await invokeTime(b.entry, env));
    s.ssmInvoke.push(await invokeTime(b.ssmAtInitEntry, env));
    s.cpu.floor.push(await loadCpu(b.floorEntry, env));
    s.cpu.probe.push(await loadCpu(b.entry, env));
    s.cpu.ssmAtInit.push(await loadCpu(b.ssmAtInitEntry, env));
    if (b.before !== undefined) {
      s.before.init.push((await loadTime(b.before.entry, [], env)).init);
      s.before.cpu.push(await loadCpu(b.before.entry, env));
    }
  }
  return s;
}

const holding = (loads: readonly BundleLoad[], pkg: string): BundleLoad[] =>
  loads.filter((load) => load.sources.some((source) => source.startsWith(`node_modules/${pkg}/`)));
const clients = (loads: readonly BundleLoad[]): string[] =>
  [
    ...new Set(
      loads.flatMap((load) =>
        load.sources.flatMap((source) => /^node_modules\/@aws-sdk\/(client-[\w-]+)\//.exec(source)?.[1] ?? []),
      ),
    ),
  ].sort();
const pass = (ok: boolean): string => (ok ? 'met' : '**missed**');
const spread = (values: readonly number[]): string =>
  `${ms(median(values))} (${ms(quantile(values, 0.25))}-${ms(quantile(values, 0.75))})`;
// Each round's load over the same round's floor: the load of the machine, which changes between rounds, divides
// out.
const paired = (values: readonly number[], floor: readonly number[]): number =>
  median(values.map((value, i) => value / (floor[i] ?? NaN)));
const both = (a: readonly number[], b: readonly number[]): number[] => a.map((value, i) => value + (b[i] ?? NaN));

/** How the figures were taken: a ratio means little without the machine's load and what the floor holds. */
function methodParagraph(nodeVersion: string, loadAverage: number): string {
  return (
    `Measured by \`npm run bench:cold-start\` (scripts/bench/cold-start.ts), ${ROUNDS} rounds, ` +
    `alternating, medians (in brackets the middle half of the samples), Node ${nodeVersion}, ` +
    (`on a 2-core machine shared with other work (1-minute load average ${loadAverage.toFixed(1)} at the ` +
      `end of the run). `) +
    ('The floor is an esbuild bundle of only the fixed runtime packages (`export *` of ' +
      '`@aws-sdk/client-cloudwatch`, `undici` and `jose`); the probe is ') +
    ("`functions/lambda/probe.ts`. Both are built with the options of the stack's bundling step " +
      '(`splitBuildOptions`, `lib/lambda-defaults.ts`: ESM, ') +
    ('minified, node24, the credential alias, split at each `import()`), and each round loads each in a ' +
      "fresh process. The probe's load is less the HTTP ") +
    ('warm-up its init awaits (section g); a second figure adds the chunks the example config loads at ' +
      'its first invocation. What each config loads, and when, ') +
    ('comes from running the handler once against the simulator and the loopback AWS fake (example-shaped ' +
      'config: two servers and the status feed). ') +
    ("The ratio to the floor is of the medians; round by round, the median of each round's ratio. The " +
      "last column is the same probe with the SSM client's module loaded at init, as it was before the " +
      'maintenance read loaded it with its first read: ') +
    ('what init no longer loads is counted where it went, in the first invocation, timed in each round in ' +
      "a fresh process (the handler's first call, ") +
    'after its init, against the simulator and the fake).'
  );
}

/** The table of the goals: bytes at init, load times against the floor, and the largest file of the asset. */
async function goalsTable(b: Bundles, t: Traces, s: Samples): Promise<string[]> {
  const { floorBytes, exampleRun, ssmAtInitRun } = t;
  const { floor, init, total, warmUp, ssmInit, ssmTotal, invoke, ssmInvoke, cpu } = s;
  const probeFiles = b.probeFiles;
  const initBytes = sum(initLoads(exampleRun.loads));
  const exampleBytes = sum(exampleRun.loads);
  const largest = Math.max(...probeFiles.map((f) => f.bytes));
  const entryBytes = (await stat(b.entry)).size;
  const ssmInitBytes = sum(initLoads(ssmAtInitRun.loads));
  // The goal is the entry's load (Lambda's init), as the floor's; the whole, with the first invocation's chunks,
  // beside it.
  const ratio = median(init) / median(floor);
  const wholeRatio = median(total) / median(floor);
  const ssmRatio = median(ssmInit) / median(floor);
  return [
    '| | floor | probe, example config | goal | the SSM client at init (before) |',
    '|---|---:|---:|---|---:|',
    `| loaded at init (the entry module and its static imports) | ${kb(floorBytes)} | ${kb(initBytes)} ` +
      `(index.mjs alone: ${kb(entryBytes)}) | at most floor + 250 KB: ${pass(initBytes <= floorBytes + GOALS.entryOverFloorBytes)} ` +
      `| ${kb(ssmInitBytes)} |`,
    `| loaded by the first invocation too | | ${kb(exampleBytes)} | | ${kb(sum(ssmAtInitRun.loads))} |`,
    `| module load at init, median | ${spread(floor)} | ${spread(init)} (the HTTP warm-up, ${ms(median(warmUp))}, ` +
      `apart) | within 1.15x: ${ratio.toFixed(2)}x, ${pass(ratio <= GOALS.loadRatio)} (round by round: ${paired(init, floor).toFixed(2)}x) ` +
      `| ${spread(ssmInit)}: ${ssmRatio.toFixed(2)}x (round by round: ${paired(ssmInit, floor).toFixed(2)}x) |`,
    `| CPU time of the load at init (the warm-up switched off), median | ${spread(cpu.floor)} | ${spread(cpu.probe)}: ${(median(cpu.probe) / median(cpu.floor)).toFixed(2)}x ` +
      `| | ${spread(cpu.ssmAtInit)}: ${(median(cpu.ssmAtInit) / median(cpu.floor)).toFixed(2)}x |`,
    `| with the first invocation's chunks, median | | ${spread(total)}: ${wholeRatio.toFixed(2)}x the ` +
      `floor | | ${spread(ssmTotal)}: ${(median(ssmTotal) / median(floor)).toFixed(2)}x |`,
    `| the first invocation (the handler's first call), median | | ${spread(invoke)} | | ${spread(ssmInvoke)} |`,
    `| module load at init and the first invocation, median of the sums | | ${ms(median(both(init, invoke)))} ` +
      `| | ${ms(median(both(ssmInit, ssmInvoke)))} |`,
    `| largest file of the asset | | ${kb(largest)} (${probeFiles.length} files) | at most 1,800 KB: ${pass(largest <= GOALS.assetFileBytes)} ` +
      `| |`,
  ];
}

/**
 * Where the bytes init no longer loads went, and when the feed parser and the SAML kind load: the goals table shows
 * init shrinking, these paragraphs show nothing was dropped to get there.
 */
function findings(t: Traces, s: Samples, feedParser: readonly BundleLoad[]): string[] {
  const { exampleRun, samlRun, ssmAtInitRun, noFeedRun } = t;
  const { init, ssmInit, invoke, ssmInvoke } = s;
  const atInit = initLoads(exampleRun.loads);
  const initBytes = sum(atInit);
  const ssmInitBytes = sum(initLoads(ssmAtInitRun.loads));
  const samlInit = initLoads(samlRun.loads);
  const samlLater = samlRun.loads.filter((load) => load.phase === 'invocation');
  return [
    `Moved, not removed: every deployed probe reads its maintenance parameter each run, so the SSM client (${kb(ssmInitBytes - initBytes)} ` +
      `with the SDK's core it brings, ` +
      (`${ms(median(ssmInit) - median(init))} of module load at init in this run) now loads with the ` +
        `handler's first call, beside the Secrets Manager client that needs the same core, `) +
      "before the run's first AWS request; the read's answer is needed only at the publish. " +
      (`The first invocation: ${ms(median(invoke))} against ${ms(median(ssmInvoke))} with the SSM client at ` +
        `init; init and first invocation together ${ms(median(both(init, invoke)))} against ${ms(median(both(ssmInit, ssmInvoke)))} `) +
      "(medians; a difference inside the middle halves of the table is this machine's noise). " +
      (`The AWS clients the example config loads, all during the invocation and each for the call it makes: ${clients(exampleRun.loads).join(', ')}; ` +
        `at init: ${clients(atInit).length === 0 ? 'none' : clients(atInit).join(', ')}.`),
    '',
    `The status feed's parser (fast-xml-parser, in ${feedParser.map((load) => `\`${load.file.replace(/-[A-Z0-9]{8}\.mjs$/, '-*.mjs')}\``).join(', ')}, ${kb(sum(feedParser))}) ` +
      `loads with the feed kind, in the run's preparation, never at init; ` +
      (`with \`"statusPageUrl": null\` the probe loads no XML library at all (${kb(sum(noFeedRun.loads))} ` +
        `in all, init and first invocation).`),
    '',
    `With a SAML app and a journey (the example's servers, an authn journey, a SAML app in its session): ${kb(sum(samlInit))} ` +
      `at init, as the example, then ` +
      (`${kb(sum(samlLater))} during the first invocation (the AWS clients it calls, the engine, the ` +
        `journey, the SAML kind with its XML libraries, the SSM stores), ${kb(sum(samlRun.loads))} in all. `) +
      ("The kinds load in the run's preparation, before any check's clock starts, so no check's latency " +
        'carries a module load.'),
  ];
}

/** With BENCH_BEFORE=REV: that commit's probe, loaded in the same rounds, beside this tree's and the floor. */
function beforeParagraph(b: Bundles, s: Samples): string[] {
  if (b.before === undefined) return [];
  const { floor, init, cpu, before } = s;
  const against = (values: readonly number[], base: readonly number[]): string =>
    `${(median(values) / median(base)).toFixed(2)}x (round by round: ${paired(values, base).toFixed(2)}x)`;
  return [
    `The probe of ${b.before.rev} (BENCH_BEFORE), built with the same options and loaded in the same rounds: module ` +
      `load at init ${spread(before.init)}, ${against(before.init, floor)} the floor, where this tree's is ` +
      `${against(init, floor)}; its CPU time ${spread(before.cpu)}, ${against(before.cpu, cpu.floor)} the floor's, ` +
      `this tree's ${against(cpu.probe, cpu.floor)}.`,
    '',
  ];
}

/**
 * Section q: the feed parser's place is checked before anything is written, so a section never reports a
 * bundle that loads it at init.
 */
async function section(b: Bundles, t: Traces, s: Samples, loadAverage: number): Promise<string> {
  const { floor, init, total, ssmInit, invoke, ssmInvoke } = s;
  const table = await goalsTable(b, t, s);
  const feedParser = holding(t.exampleRun.loads, 'fast-xml-parser');
  if (feedParser.some((load) => load.phase === 'init') || holding(t.noFeedRun.loads, 'fast-xml-parser').length > 0)
    throw new Error('fast-xml-parser loaded at init, or without the status feed');
  return [
    HEADING,
    '',
    methodParagraph((await run(NODE24, ['--version'])).stdout.trim(), loadAverage),
    '',
    ...table,
    '',
    ...beforeParagraph(b, s),
    `Samples (ms), floor: ${floor.map(Math.round).join(', ')}; probe at init: ${init.map(Math.round).join(', ')}; ` +
      `with the invocation's chunks: ${total.map(Math.round).join(', ')}; ` +
      (`the SSM client at init: ${ssmInit.map(Math.round).join(', ')}; first invocation: ${invoke.map(Math.round).join(', ')}; ` +
        `with the SSM client at init: ${ssmInvoke.map(Math.round).join(', ')}.`),
    '',
    ...findings(t, s, feedParser),
    '',
    ...loadsTable('Example config', t.exampleRun.loads),
    '',
    ...loadsTable('SAML app and journey', t.samlRun.loads),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'okta-synthetics-cold-'));
  const sim = await startSimulator({});
  const aws = await startAwsFake({ secrets: bundleSecrets(sim) });
  try {
    const bundles = await buildBundles(out);
    const traces = await traceLoads(bundles, out, aws.url, sim);
    const samples = await timeRounds(bundles, traces, probeEnv(aws.url, out, traces.example));
    const loadAverage = loadavg()[0] ?? NaN;
    const text = await section(bundles, traces, samples, loadAverage);
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
