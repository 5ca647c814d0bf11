// What the published package holds beyond the CLI (scripts/build.mjs): the construct `okta-synthetics/cdk`, built
// to JavaScript with its declarations, and the Lambda code already bundled, so a consumer's `cdk synth` runs no
// bundler and no Docker. Run by `npm pack` and `npm publish` (the prepack script) after the CLI's build.
// The Lambda bundles use the options NodejsFunction is given in a checkout (lib/lambda-defaults.ts), so both
// deploy the same code: the probe split at each import(), the others one file each.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { lambdaEntry, splitBuildOptions, type LambdaName } from '../lib/lambda-defaults';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
/** The construct's module, whose declarations are the package's public CDK API. */
const CONSTRUCT = join(ROOT, 'lib/okta-synthetics.ts');
/** Where the construct's build finds the Lambda code, relative to dist/cdk/index.mjs. */
const PREBUILT_FROM_CONSTRUCT = '../lambda/';
const LAMBDAS: readonly LambdaName[] = ['probe', 'notifier', 'sign-ins-aggregator'];

/** The package's entry, which checks the consumer's peers before it loads the construct (lib/cdk-entry.ts). */
const ENTRY = join(ROOT, 'lib/cdk-entry.ts');

/**
 * The construct as ES modules: the entry and, split at its import(), the construct, in one folder so the Lambda
 * code's relative path holds from either. Dependencies stay imports (the consumer's aws-cdk-lib and constructs).
 */
async function buildConstruct(): Promise<void> {
  rmSync(join(DIST, 'cdk'), { recursive: true, force: true });
  await build({
    entryPoints: [ENTRY],
    outdir: join(DIST, 'cdk'),
    entryNames: 'index',
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: 'linked',
    define: { OKTA_SYNTHETICS_PREBUILT: JSON.stringify(PREBUILT_FROM_CONSTRUCT) },
    logLevel: 'warning',
  });
  writeFileSync(join(DIST, 'cdk/index.d.ts'), declarations(CONSTRUCT));
}

/**
 * The construct module's declarations, made from that file alone (isolatedDeclarations): its public types name
 * only aws-cdk-lib and constructs, so the package ships one .d.ts and no internal type.
 */
export function declarations(file: string): string {
  const out = ts.transpileDeclaration(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { isolatedDeclarations: true, declaration: true, removeComments: false },
    reportDiagnostics: true,
  });
  const problems = (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (problems.length > 0) throw new Error(`${file}: declarations need explicit types:\n${problems.join('\n')}`);
  const internal = out.outputText.split('\n').filter((line) => /^import .* from '\.{1,2}\//.test(line));
  if (internal.length > 0)
    throw new Error(`${file}: the public declarations import internal modules:\n${internal.join('\n')}`);
  return out.outputText;
}

/** Each handler bundled as NodejsFunction bundles it in a checkout: dist/lambda/NAME/index.mjs, the probe's chunks. */
async function buildLambdas(): Promise<void> {
  for (const name of LAMBDAS) {
    const outdir = join(DIST, 'lambda', name);
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    await build({ ...splitBuildOptions(lambdaEntry(name)), splitting: name === 'probe', outdir });
  }
}

await buildConstruct();
await buildLambdas();
