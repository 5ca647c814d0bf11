// (d) The Lambda asset: functions/lambda/probe.ts built with the options of the stack's bundling step
// (splitBuildOptions in lib/lambda-defaults.ts: esm, node24, minified, AWS SDK bundled, nothing external, the
// createRequire banner, split at each import() into index.mjs and chunks/), then index.mjs loaded by fresh `node`
// processes to time module load (Lambda's init). `npm run bench:bundle` (bundle-section.ts) rewrites section d alone;
// `npm run bench` with the rest.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { ENV_CREDENTIALS, lambdaEntry, splitBuildOptions } from '../../lib/lambda-defaults';
import { BUNDLE_HEADING } from './doc-section';
import { kb, median, ms, p90, pass, round } from './stats';

const run = promisify(execFile);

/** Lambda's Node major (the node@24 devDependency's binary) when installed, else the Node running the bench. */
const NODE24 = new URL('../../node_modules/node/bin/node', import.meta.url).pathname;
export const LOAD_NODE = existsSync(NODE24) ? NODE24 : process.execPath;

/** The bundling options of lib/probe-function.ts, as NodejsFunction turns them into esbuild's. */
export function lambdaBuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: [],
    banner: {
      js:
        "import { createRequire as __okta_createRequire } from 'node:module'; const require = " +
        '__okta_createRequire(import.meta.url);',
    },
    alias: { '@aws-sdk/credential-provider-node': `./${ENV_CREDENTIALS}` },
    metafile: true,
    logLevel: 'warning',
  };
}

export interface PackageShare {
  readonly name: string;
  /** Bytes of the package in every file of the asset. */
  readonly bytes: number;
  /** Of which in the files init loads (index.mjs and its static imports). */
  readonly initBytes: number;
}

export interface BundleBench {
  /** The asset's index.mjs: what Lambda imports at init. */
  readonly file: string;
  /** Its own bytes, and those of every file it imports statically (what init loads). */
  readonly entryBytes: number;
  readonly initBytes: number;
  /** Every .mjs file of the asset, and how many. */
  readonly assetBytes: number;
  readonly files: number;
  readonly largestBytes: number;
  /** Every source map beside them. */
  readonly sourceMapBytes: number;
  /** Bytes per npm package (own code as "okta-synthetics"), largest first. */
  readonly packages: readonly PackageShare[];
  /** undici bytes if functions/probe/http/ imported only Agent, buildConnector and request (the modules it uses). */
  readonly undiciSlimBytes: number;
  /** Fresh `node` processes: time of `await import(index.mjs)` less the init warm-up it includes, ms. */
  readonly importMs: readonly number[];
  /** The handler's init warm-up of the HTTP client (initTimings.httpWarmUpMs), inside the same imports, ms. */
  readonly initWarmUpMs: readonly number[];
  /** Module load (less warm-up) with a V8 compile cache made beforehand on this machine (NODE_COMPILE_CACHE), ms. */
  readonly compileCacheMs: readonly number[];
  /** The asset's bytes with the SDK's whole default credential chain (no alias to env-credentials.ts). */
  readonly withFullCredentialChain: number;
  /** The same with NODE_OPTIONS=--enable-source-maps, as the stack set it until it was measured here. */
  readonly importWithSourceMapsMs: readonly number[];
  /** Wall time of `node -e ""`, ms: the process cost that is not ours. */
  readonly bareNodeMs: readonly number[];
  /** `node --version` of the processes that loaded it. */
  readonly nodeVersion: string;
  /** The machine's 1-minute load average once the series were done: on 2 shared cores, what the times read against. */
  readonly loadAverage: number;
}

/** The innermost package an input file belongs to; our own files are "okta-synthetics". */
function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return 'okta-synthetics';
  return /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input.slice(at))?.[1] ?? input;
}

/** The .mjs outputs of a split build, by path. */
const scripts = (metafile: Metafile): [string, Metafile['outputs'][string]][] =>
  Object.entries(metafile.outputs).filter(([path]) => path.endsWith('.mjs'));

/** The output of the entry (index.mjs) and every output it imports statically, through every chunk: what init loads. */
export function initOutputs(metafile: Metafile): Set<string> {
  const entry = scripts(metafile).find(([path]) => path.endsWith('/index.mjs') || path === 'index.mjs')?.[0];
  const seen = new Set<string>();
  const queue = entry === undefined ? [] : [entry];
  while (queue.length > 0) {
    const path = queue.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) queue.push(imported.path);
  }
  return seen;
}

export function packageShares(metafile: Metafile): PackageShare[] {
  const atInit = initOutputs(metafile);
  const totals = new Map<string, { bytes: number; initBytes: number }>();
  for (const [path, output] of scripts(metafile)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      const total = totals.get(name) ?? { bytes: 0, initBytes: 0 };
      totals.set(name, {
        bytes: total.bytes + bytesInOutput,
        initBytes: total.initBytes + (atInit.has(path) ? bytesInOutput : 0),
      });
    }
  }
  return [...totals].map(([name, total]) => ({ name, ...total })).sort((a, b) => b.bytes - a.bytes);
}

interface ImportSample {
  /** `await import(file)`, less the init warm-up the handler's top level awaits, ms. */
  readonly load: number;
  readonly warmUp: number;
}

/** Time of `await import(file)` in one fresh node process, split into module load and the handler's init warm-up. */
async function importTime(file: string, env: NodeJS.ProcessEnv): Promise<ImportSample> {
  const script =
    `const t0 = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)}); ` +
    ('process.stdout.write(JSON.stringify({ total: performance.now() - t0, warmUp: ' +
      'm.initTimings?.httpWarmUpMs ?? 0 }));');
  const { stdout } = await run(LOAD_NODE, ['--input-type=module', '-e', script], { env });
  const { total, warmUp } = JSON.parse(stdout) as { total: number; warmUp: number };
  return { load: total - warmUp, warmUp };
}

/**
 * Module load with a V8 compile cache made beforehand (NODE_COMPILE_CACHE, Node 22+): what the cache could
 * give. The cache is keyed by Node version, architecture and V8 flags, so one made at synth on this machine does
 * not match Lambda's arm64 runtime, and Lambda's /tmp starts empty in each sandbox.
 */
async function compileCacheTimes(file: string, cacheDir: string, runs: number): Promise<number[]> {
  const env = { ...process.env, NODE_OPTIONS: '', NODE_COMPILE_CACHE: cacheDir };
  await importTime(file, env); // writes the cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await importTime(file, env)).load);
  return times;
}

/**
 * Module load with and without --enable-source-maps, interleaved so that whatever else loads the machine
 * weighs on both series alike.
 */
async function importTimes(
  file: string,
  runs: number,
): Promise<{ plain: number[]; withMaps: number[]; warmUp: number[] }> {
  const env = { ...process.env, NODE_OPTIONS: '' };
  const plain: number[] = [];
  const withMaps: number[] = [];
  const warmUp: number[] = [];
  for (let i = 0; i < runs; i++) {
    const sample = await importTime(file, env);
    plain.push(sample.load);
    warmUp.push(sample.warmUp);
    withMaps.push((await importTime(file, { ...env, NODE_OPTIONS: '--enable-source-maps' })).load);
  }
  return { plain, withMaps, warmUp };
}

async function bareNode(runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run(LOAD_NODE, ['-e', '']);
    times.push(performance.now() - start);
  }
  return times;
}

/** Builds the probe's asset into `outdir` as the stack's bundling step does (`alias` replaced when given). */
async function buildAsset(outdir: string, alias?: Record<string, string>): Promise<Metafile> {
  const result = await build({
    ...splitBuildOptions(lambdaEntry('probe')),
    ...(alias !== undefined && { alias }),
    outdir,
    metafile: true,
  });
  return result.metafile ?? { inputs: {}, outputs: {} };
}

const bytesOf = (metafile: Metafile, paths: Iterable<string>): number =>
  [...paths].reduce((total, path) => total + (metafile.outputs[path]?.bytes ?? 0), 0);

export async function benchBundle(outdir: string, runs: number): Promise<BundleBench> {
  const file = join(outdir, 'index.mjs');
  const metafile = await buildAsset(outdir);
  const packages = packageShares(metafile);
  const undici = 'node_modules/undici/lib';
  const undiciSlimBytes = reachableBytes(metafile, [
    `${undici}/dispatcher/agent.js`,
    `${undici}/core/connect.js`,
    `${undici}/api/api-request.js`,
  ]);
  // The same asset with the SDK's whole credential chain, as it was before the alias.
  const fullChain = await buildAsset(join(outdir, 'full-chain'), {});
  const { plain, withMaps, warmUp } = await importTimes(file, runs);
  const outputs = scripts(metafile);
  const maps = Object.keys(metafile.outputs).filter((path) => path.endsWith('.mjs.map'));
  return {
    file,
    entryBytes: (await stat(file)).size,
    initBytes: bytesOf(metafile, initOutputs(metafile)),
    assetBytes: bytesOf(
      metafile,
      outputs.map(([path]) => path),
    ),
    files: outputs.length,
    largestBytes: Math.max(...outputs.map(([, output]) => output.bytes)),
    sourceMapBytes: bytesOf(metafile, maps),
    withFullCredentialChain: bytesOf(
      fullChain,
      scripts(fullChain).map(([path]) => path),
    ),
    initWarmUpMs: warmUp,
    compileCacheMs: await compileCacheTimes(file, join(outdir, 'compile-cache'), runs),
    packages,
    undiciSlimBytes,
    importMs: plain,
    importWithSourceMapsMs: withMaps,
    bareNodeMs: await bareNode(runs),
    nodeVersion: (await run(LOAD_NODE, ['--version'])).stdout.trim(),
    loadAverage: loadavg()[0] ?? NaN,
  };
}

/**
 * Output bytes of `roots` and everything they import, transitively: what the asset would keep of a package
 * if only those modules were imported (e.g. undici's Agent, connector and request instead of its index).
 */
export function reachableBytes(metafile: Metafile, roots: readonly string[]): number {
  const seen = new Set<string>();
  const queue = roots.filter((root) => metafile.inputs[root] !== undefined);
  while (queue.length > 0) {
    const path = queue.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const imported of metafile.inputs[path]?.imports ?? []) {
      if (!imported.external && !seen.has(imported.path)) queue.push(imported.path);
    }
  }
  let bytes = 0;
  for (const [, output] of scripts(metafile)) for (const path of seen) bytes += output.inputs[path]?.bytesInOutput ?? 0;
  return bytes;
}

/** Section d's budget, set before the asset was split: at most 700 KB and 60 ms median module load at init. */
export const BUNDLE_GOALS = { initBytes: 700 * 1024, moduleLoadMs: 60 } as const;

export function bundleSection(b: BundleBench): string[] {
  const f = bundleFigures(b);
  return [...bundleMethod(b), ...bundleMeasures(b, f), ...bundleOptions(b, f)];
}

/** The figures the section's text reads more than once: medians, and the packages it names. */
interface BundleFigures {
  readonly load: number;
  readonly loadMaps: number;
  readonly cached: number;
  readonly undici: PackageShare | undefined;
  readonly undiciSaving: number;
  readonly cloudwatch: PackageShare | undefined;
  readonly own: PackageShare | undefined;
  readonly entities: PackageShare | undefined;
  readonly sdkAtInit: number;
}

function bundleFigures(b: BundleBench): BundleFigures {
  const load = median(b.importMs);
  const loadMaps = median(b.importWithSourceMapsMs);
  const cached = median(b.compileCacheMs);
  const undici = b.packages.find((p) => p.name === 'undici');
  const undiciSaving = (undici?.initBytes ?? 0) - b.undiciSlimBytes;
  const cloudwatch = b.packages.find((p) => p.name === '@aws-sdk/client-cloudwatch');
  const own = b.packages.find((p) => p.name === 'okta-synthetics');
  const entities = b.packages.find((p) => p.name === 'entities');
  const sdkAtInit = b.packages
    .filter((p) => /^@aws-sdk\/|^@smithy\//.test(p.name))
    .reduce((total, p) => total + p.initBytes, 0);
  return { load, loadMaps, cached, undici, undiciSaving, cloudwatch, own, entities, sdkAtInit };
}

/** How the asset is built and measured. */
function bundleMethod(b: BundleBench): string[] {
  return [
    BUNDLE_HEADING,
    '',
    "`functions/lambda/probe.ts` built as the stack's bundling step builds it (`splitBuildOptions`, " +
      '`lib/lambda-defaults.ts`: platform node, target node24, ESM, minified, ' +
      ('AWS SDK bundled with the environment-only credential alias, nothing external, the createRequire ' +
        'banner, source maps without sources, split at each ') +
      (`\`import()\` into \`index.mjs\` and \`chunks/\`). Module load = \`await import(index.mjs)\`, Lambda's ` +
        `init, in ${b.importMs.length} fresh `) +
      (`processes of Node ${b.nodeVersion} (Lambda's major, the node@24 devDependency), less the HTTP warm-up ` +
        `the handler's init awaits (given apart); the machine's 1-minute load average was ${round(b.loadAverage, 1)} `) +
      ("after the series (2 cores shared with other work: section q sets the load beside the floor's, " +
        'alternating, and gives its CPU time). ') +
      ("What init loads is `index.mjs` and the chunks it imports statically, read from esbuild's metafile; " +
        'the other chunks load during an invocation, ') +
      ("when the run reaches them (what each config loads, and when, and the time beside the floor's: section " +
        'q). `npm run bench:bundle` rewrites this section alone.'),
    '',
  ];
}

/** What init loads and how long it takes, against the goals. */
function bundleMeasures(b: BundleBench, { load, loadMaps, cached, undiciSaving }: BundleFigures): string[] {
  const goal = BUNDLE_GOALS.initBytes;
  const row = (what: string, bytes: number): string => `| ${what} | ${kb(bytes)} | ${pass(bytes <= goal)} |`;
  return [
    `- Loaded at init: **${kb(b.initBytes)}** (index.mjs alone ${kb(b.entryBytes)}; goal <= ${kb(goal)}: ${pass(b.initBytes <= goal)}). ` +
      `The asset: ${b.files} files, ` +
      `${kb(b.assetBytes)} in all, the largest ${kb(b.largestBytes)}; source maps ${kb(b.sourceMapBytes)} beside them.`,
    `- Module load at init, as the stack runs it (no \`--enable-source-maps\`): median **${ms(load)}**, p90 ${ms(p90(b.importMs))} ` +
      `(goal <= ${BUNDLE_GOALS.moduleLoadMs} ms: ${pass(load <= BUNDLE_GOALS.moduleLoadMs)}).`,
    `- Init warm-up of the HTTP client, awaited by the same import (section g): median ${ms(median(b.initWarmUpMs))}. ` +
      `Since the warm-up, init also ` +
      'evaluates undici, which the first invocation used to evaluate: work moved into init, not added.',
    `- With \`NODE_OPTIONS=--enable-source-maps\`, as the stack ran it before: median ${ms(loadMaps)}, p90 ${ms(p90(b.importWithSourceMapsMs))}, ` +
      `${ms(loadMaps - load)} more per cold start (runs interleaved).`,
    `- With a V8 compile cache made beforehand on this machine (\`NODE_COMPILE_CACHE\`): median ${ms(cached)}.`,
    `- A bare \`node -e ""\` process for comparison: ${ms(median(b.bareNodeMs))} wall.`,
    '',
    '| package | bytes in the asset | of which loaded at init |',
    '|---|---:|---:|',
    ...b.packages.slice(0, 12).map((p) => `| ${p.name} | ${kb(p.bytes)} | ${kb(p.initBytes)} |`),
    '',
    "How near the 700 KB goal init could come, measured on esbuild's import graph (an upper bound of the " +
      'saving: the code that replaced it would add back):',
    '',
    '| loaded at init | size | goal |',
    '|---|---|---|',
    row('as shipped', b.initBytes),
    row("only undici's Agent, connector and request (internals)", b.initBytes - undiciSaving),
    '',
  ];
}

/** What loads when, and the options measured with what was decided. */
function bundleOptions(b: BundleBench, f: BundleFigures): string[] {
  const { load, loadMaps, cached, undici, undiciSaving, cloudwatch, own, entities, sdkAtInit } = f;
  return [
    `No AWS SDK code loads at init (${kb(sdkAtInit)}): each client loads with its first call, during the ` +
      `invocation. undici, the probe's one HTTP client, is ` +
      (`${kb(undici?.initBytes ?? 0)} of what init loads; the probe's own code ${kb(own?.initBytes ?? 0)} ` +
        `(the handler, the config reader, the check registry, and the diagnosis `) +
      (`table that the run line and the alarm rules the publish withholds by read) and \`entities\` ${kb(entities?.initBytes ?? 0)} ` +
        `(the HTML entities the scrubber decodes), all used by the first invocation. `) +
      'Module load follows size (about ' +
      `${round(load / (b.initBytes / 1024), 3)} ms per KB here). Options measured, and what was decided:`,
    '',
    `1. **Taken: source maps only on an error.** The maps still ship beside the files (without sources), but ` +
      `the function no longer runs with ` +
      (`\`--enable-source-maps\`, which parsed them at every cold start (${ms(loadMaps - load)} here). ` +
        `\`functions/lambda/stack-trace.ts\` maps a failed run's `) +
      ("stack with node:module's SourceMap when there is one; test/deploy/assets.test.ts proves it on the " +
        'synthesized asset.'),
    `2. **Taken: only the environment link of the SDK's credential chain.** Lambda always puts the role's ` +
      `credentials in the environment, so an ` +
      ("esbuild alias (`lib/lambda-defaults.ts`) bundles `functions/lambda/env-credentials.ts` (the SDK's own " +
        '`fromEnv`) where the clients import the ') +
      (`default chain: the asset is ${kb(b.withFullCredentialChain)} with the whole chain, ${kb(b.assetBytes)} ` +
        `with the alias (profiles, SSO, web identity, container and instance metadata, `) +
      ('with the STS and SSO clients, are never reached in Lambda). The chain loads with the first AWS call, ' +
        "not at init, either way. The alias targets the chain's documented export `defaultProvider`; ") +
      'test/deploy/assets.test.ts runs both synthesized assets with it. The CLI keeps the whole chain.',
    '3. **Taken: the HTTP client warmed at init** (section g): it does not shrink the load, but it moves the ' +
      "first-use work out of every check's latency.",
    '4. **Taken: the asset split at each `import()`** (docs/decisions/lazy-kinds.md): the kinds of check a ' +
      'config lacks are files never read, and the AWS clients ' +
      ('(Secrets Manager for the credentials, SSM for the maintenance parameter and the stores, CloudWatch ' +
        'for the metrics, DynamoDB for the groups of SAML apps) load with their first call.'),
    `5. **Rejected: a V8 compile cache shipped in the asset.** It cuts module load to ${ms(cached)} here, ` +
      `but the cache is keyed by Node version, ` +
      ("architecture and V8 flags: one made at synth on an x64 laptop or CI machine misses on Lambda's arm64 " +
        'runtime, whose Node minor version ') +
      'Lambda updates on its own, and a cache made at runtime lands in a /tmp that starts empty in every new sandbox.',
    `6. **Rejected: part of undici.** ${kb(undici?.initBytes ?? 0)}, ${round((100 * (undici?.initBytes ?? 0)) / b.initBytes)} ` +
      `% of what init loads; importing \`lib/dispatcher/agent.js\`, \`lib/core/connect.js\` and ` +
      (`\`lib/api/api-request.js\` instead of the index would keep ${kb(b.undiciSlimBytes)} of it (saving ${kb(undiciSaving)}, ` +
        `from the metafile's import `) +
      ('graph). But undici has no `exports` map: those are undocumented internals, and `request` reaches ' +
        '`Agent` only through `index.js` assigning the ') +
      ('API to `Dispatcher.prototype`, which a slim import would have to repeat. Any minor update may move ' +
        "them; undici is the product's fixed HTTP ") +
      'client and its public index is what the tests exercise.',
    `7. **Rejected: metrics only as EMF**, dropping the CloudWatch client: EMF is the fallback today; the ` +
      `client (${kb(cloudwatch?.bytes ?? 0)}) loads at the publish, never at init, ` +
      'and it gives the PutMetricData answer that tells a refused publish from a good one.',
    "8. **Rejected: the AWS SDK of the Lambda runtime** (`bundleAwsSDK: false`). The runtime's copy loads " +
      'unbundled, file by file, and is not the version the tests run.',
    '9. **Rejected: the AWS Parameters and Secrets Lambda extension** instead of the SSM and Secrets Manager ' +
      'clients: a layer ARN per region and ' +
      'architecture to maintain, and an extension process started at every cold start.',
    '',
  ];
}
