// What the published package holds beyond the CLI (scripts/build.mjs): the construct `okta-synthetics/cdk`, built
// to JavaScript with its declarations, and the Lambda code already bundled, so a consumer's `cdk synth` runs no
// bundler and no Docker. Run by `npm run pack` after the CLI's build, before scripts/pack-package.ts packs it.
// The Lambda bundles use the options NodejsFunction is given in a checkout (lib/lambda-defaults.ts), so both
// deploy the same code: the probe split at each import(), the others one file each.
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { lambdaEntry, splitBuildOptions, type LambdaName } from '../lib/lambda-defaults';
import { configTypeDeclaration } from './config-type';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
/** The construct's module, whose declarations are the package's public CDK API. */
const CONSTRUCT = join(ROOT, 'lib/okta-synthetics.ts');
/** Where the construct's build finds the Lambda code, relative to dist/cdk/stacks.cjs. */
const PREBUILT_FROM_CONSTRUCT = '../lambda/';
const LAMBDAS: readonly LambdaName[] = ['probe', 'notifier', 'sign-ins-aggregator'];

/** The stacks' module: loaded by the construct only after its peer check (see lazyStacks). */
const STACKS = join(ROOT, 'lib/synthetics-stacks.ts');
/** The config's JSON Schema, which OktaSyntheticsConfig is written from (scripts/config-type.ts). */
const SCHEMA = join(ROOT, 'okta-synthetics.schema.json');

/**
 * Both module systems load one CommonJS build: `require` the .cjs, `import` a two-line ES module that re-exports
 * it (one copy of each class in an app, whichever loaded it). CommonJS has no `import.meta`: each module's own URL,
 * from which the Lambda code and the peers are found, is defined from its __filename.
 */
const COMMONJS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  packages: 'external',
  sourcemap: 'linked',
  define: {
    OKTA_SYNTHETICS_PREBUILT: JSON.stringify(PREBUILT_FROM_CONSTRUCT),
    'import.meta.url': '__okta_synthetics_url',
  },
  banner: { js: "const __okta_synthetics_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
} as const satisfies BuildOptions;

/**
 * The construct's import of the stacks' module, made lazy: the stacks' module requires aws-cdk-lib's service
 * modules (aws-scheduler-targets, ...), which an older aws-cdk-lib lacks, so it is required on the first
 * construction, after the construct's peer check has named the version, never at the app's `require`.
 */
const lazyStacks: Plugin = {
  name: 'lazy-stacks',
  setup(build) {
    build.onResolve({ filter: /^\.\/synthetics-stacks$/ }, () => ({ path: 'stacks', namespace: 'lazy-stacks' }));
    build.onResolve({ filter: /^\.\/stacks\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-stacks' }, () => ({
      contents: [
        'let stacks;',
        "export const makeStacks = (...args) => (stacks ??= require('./stacks.cjs')).makeStacks(...args);",
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/** The ES module entry: the CommonJS build's exports, re-exported by name. */
const ESM_ENTRY = [
  '// okta-synthetics/cdk for ES modules: the CommonJS build, one copy of each class whichever way an app loads it.',
  "import construct from './index.cjs';",
  '',
  'export const { OktaSynthetics, OktaSyntheticsConfigError } = construct;',
  '',
].join('\n');

/** The construct, its stacks' module and their declarations in dist/cdk/, beside which ../lambda/ holds the code. */
async function buildConstruct(): Promise<void> {
  const out = join(DIST, 'cdk');
  rmSync(out, { recursive: true, force: true });
  await build({ ...COMMONJS, entryPoints: [STACKS], outfile: join(out, 'stacks.cjs') });
  await build({ ...COMMONJS, entryPoints: [CONSTRUCT], outfile: join(out, 'index.cjs'), plugins: [lazyStacks] });
  writeFileSync(join(out, 'index.mjs'), ESM_ENTRY);
  const types = declarations(CONSTRUCT, JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>);
  writeFileSync(join(out, 'index.d.cts'), types);
  writeFileSync(join(out, 'index.d.mts'), types);
}

/** The line that names the config's type in the repository, replaced in the package by the type written out. */
const CONFIG_TYPE_IMPORT = "import type { ConfigFileJson } from '../functions/config/schema';";
const CONFIG_TYPE_ALIAS = /^export type OktaSyntheticsConfig = ConfigFileJson;$/m;

/**
 * The construct module's declarations, made from that file alone (isolatedDeclarations), with OktaSyntheticsConfig
 * written from the schema: its public types name only aws-cdk-lib and constructs, so the package ships one .d.ts
 * per module system and no internal type.
 */
export function declarations(file: string, schema: Record<string, unknown>): string {
  const out = ts.transpileDeclaration(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { isolatedDeclarations: true, declaration: true, removeComments: false },
    reportDiagnostics: true,
  });
  const problems = (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (problems.length > 0) throw new Error(`${file}: declarations need explicit types:\n${problems.join('\n')}`);
  if (!out.outputText.includes(CONFIG_TYPE_IMPORT) || !CONFIG_TYPE_ALIAS.test(out.outputText))
    throw new Error(`${file}: OktaSyntheticsConfig is no longer the alias of ConfigFileJson this build replaces`);
  const text = out.outputText
    .replace(`${CONFIG_TYPE_IMPORT}\n`, '')
    .replace(CONFIG_TYPE_ALIAS, configTypeDeclaration(schema).trimEnd());
  const internal = text.split('\n').filter((line) => /^import .* from '\.{1,2}\//.test(line));
  if (internal.length > 0)
    throw new Error(`${file}: the public declarations import internal modules:\n${internal.join('\n')}`);
  return text;
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
