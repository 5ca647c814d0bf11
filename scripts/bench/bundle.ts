// (d) The Lambda bundle: built from functions/lambda/probe.ts with the options lib/probe-function.ts gives
// NodejsFunction (esm, node24, minified, AWS SDK bundled, nothing external, the createRequire banner), then
// loaded by fresh `node` processes to time module load.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { ENV_CREDENTIALS } from '../../lib/lambda-defaults';

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
    banner: { js: "import { createRequire as __okta_createRequire } from 'node:module'; const require = __okta_createRequire(import.meta.url);" },
    alias: { '@aws-sdk/credential-provider-node': `./${ENV_CREDENTIALS}` },
    metafile: true,
    logLevel: 'warning',
  };
}

export interface PackageShare {
  readonly name: string;
  readonly bytes: number;
}

export interface BundleBench {
  readonly file: string;
  readonly bytes: number;
  readonly sourceMapBytes: number;
  /** Bytes in the output per npm package (own code as "okta-synthetics"), largest first. */
  readonly packages: readonly PackageShare[];
  /** undici bytes if functions/probe/http/ imported only Agent, buildConnector and request (the modules it uses). */
  readonly undiciSlimBytes: number;
  /** Fresh `node` processes: time of `await import(bundle)` less the init warm-up it includes, ms. */
  readonly importMs: readonly number[];
  /** The handler's init warm-up of the HTTP client (initTimings.httpWarmUpMs), inside the same imports, ms. */
  readonly initWarmUpMs: readonly number[];
  /** Module load (less warm-up) with a V8 compile cache made beforehand on this machine (NODE_COMPILE_CACHE), ms. */
  readonly compileCacheMs: readonly number[];
  /** Bundle bytes with parts left out, measured by esbuild: what each option could save at most. */
  readonly without: { readonly cloudwatch: number; readonly cloudwatchAndSsm: number; readonly awsSdk: number };
  /** The bundle as it was with the SDK's whole default credential chain (no alias to env-credentials.ts). */
  readonly withFullCredentialChain: number;
  /** Its module load, measured interleaved with importMs, ms. */
  readonly importFullChainMs: readonly number[];
  /** The same with NODE_OPTIONS=--enable-source-maps, as the stack set it until it was measured here. */
  readonly importWithSourceMapsMs: readonly number[];
  /** Wall time of `node -e ""`, ms: the process cost that is not ours. */
  readonly bareNodeMs: readonly number[];
  /** `node --version` of the processes that loaded it. */
  readonly nodeVersion: string;
}

/** The innermost package an input file belongs to; our own files are "okta-synthetics". */
function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return 'okta-synthetics';
  return /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input.slice(at))?.[1] ?? input;
}

export function packageShares(metafile: Metafile): PackageShare[] {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.mjs'))?.[1];
  if (output === undefined) throw new Error('esbuild metafile has no .mjs output');
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = packageOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
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
    'process.stdout.write(JSON.stringify({ total: performance.now() - t0, warmUp: m.initTimings?.httpWarmUpMs ?? 0 }));';
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

/** Output bytes of the bundle with `external` left out of it. */
async function bytesWithout(entry: string, external: readonly string[]): Promise<number> {
  const options = lambdaBuildOptions(entry, '/dev/null/index.mjs');
  const result = await build({ ...options, external: [...(options.external ?? []), ...external], write: false });
  const output = Object.entries(result.metafile?.outputs ?? {}).find(([path]) => path.endsWith('.mjs'))?.[1];
  return output?.bytes ?? NaN;
}

/**
 * Module load with and without --enable-source-maps, interleaved so that whatever else loads the machine
 * weighs on both series alike.
 */
async function importTimes(file: string, fullChainFile: string, runs: number): Promise<{ plain: number[]; withMaps: number[]; warmUp: number[]; fullChain: number[] }> {
  const env = { ...process.env, NODE_OPTIONS: '' };
  const plain: number[] = [];
  const withMaps: number[] = [];
  const warmUp: number[] = [];
  const fullChain: number[] = [];
  for (let i = 0; i < runs; i++) {
    const sample = await importTime(file, env);
    plain.push(sample.load);
    warmUp.push(sample.warmUp);
    withMaps.push((await importTime(file, { ...env, NODE_OPTIONS: '--enable-source-maps' })).load);
    fullChain.push((await importTime(fullChainFile, env)).load);
  }
  return { plain, withMaps, warmUp, fullChain };
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

export async function benchBundle(root: string, outdir: string, runs: number): Promise<BundleBench> {
  const file = join(outdir, 'index.mjs');
  const result = await build(lambdaBuildOptions(join(root, 'functions/lambda/probe.ts'), file));
  const metafile = result.metafile ?? { inputs: {}, outputs: {} };
  const packages = packageShares(metafile);
  const undici = 'node_modules/undici/lib';
  const undiciSlimBytes = reachableBytes(metafile, [`${undici}/dispatcher/agent.js`, `${undici}/core/connect.js`, `${undici}/api/api-request.js`]);
  const entry = join(root, 'functions/lambda/probe.ts');
  // The same bundle with the SDK's whole credential chain, as it was before the alias: loaded interleaved with it.
  const fullChainFile = join(outdir, 'full-chain', 'index.mjs');
  await build({ ...lambdaBuildOptions(entry, fullChainFile), alias: {} });
  const { plain, withMaps, warmUp, fullChain } = await importTimes(file, fullChainFile, runs);
  const without = {
    cloudwatch: await bytesWithout(entry, ['@aws-sdk/client-cloudwatch']),
    cloudwatchAndSsm: await bytesWithout(entry, ['@aws-sdk/client-cloudwatch', '@aws-sdk/client-ssm']),
    awsSdk: await bytesWithout(entry, ['@aws-sdk/*', '@smithy/*']),
  };
  return {
    withFullCredentialChain: (await stat(fullChainFile)).size,
    importFullChainMs: fullChain,
    initWarmUpMs: warmUp,
    compileCacheMs: await compileCacheTimes(file, join(outdir, 'compile-cache'), runs),
    without,
    file,
    bytes: (await stat(file)).size,
    sourceMapBytes: (await stat(`${file}.map`)).size,
    packages,
    undiciSlimBytes,
    importMs: plain,
    importWithSourceMapsMs: withMaps,
    bareNodeMs: await bareNode(runs),
    nodeVersion: (await run(LOAD_NODE, ['--version'])).stdout.trim(),
  };
}

/**
 * Output bytes of `roots` and everything they import, transitively: what the bundle would keep of a package
 * if only those modules were imported (e.g. undici's Agent, connector and request instead of its index).
 */
export function reachableBytes(metafile: Metafile, roots: readonly string[]): number {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.mjs'))?.[1];
  if (output === undefined) return NaN;
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
  for (const path of seen) bytes += output.inputs[path]?.bytesInOutput ?? 0;
  return bytes;
}
