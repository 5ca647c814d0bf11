// The published package as a platform team meets it: the tarball `npm pack` makes, unpacked into an empty folder's
// node_modules beside its dependencies, then a CDK app of the team's own that imports `okta-synthetics/cdk`, and
// the package's bin run from that folder. The dependencies are the repository's own installed copies (linked, no
// registry here): what is proved is the tarball's contents, its exports and bin, and that a consumer's synth
// bundles nothing; a separate test holds every import the shipped code makes to the package's declared dependencies.
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE } from '../../functions/contract/deployment';
import { buildApp } from '../../lib/build-app';
import { EXAMPLE_CONFIG_PATH, twoServerConfig, writeConfig } from '../support/configs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENV = { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' };
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  files: string[];
};

let consumer: string;
let installed: string;
/** The consumer's cloud assembly of the example, made once and read by two tests. */
let exampleAssembly: string | undefined;

/** Runs `command` from the consumer's folder on the Node that runs the tests (24, as npm scripts give it). */
function run(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, args, {
    cwd: consumer,
    encoding: 'utf8',
    env: { ...process.env, ...ENV, ...env },
    timeout: 240_000,
  });
}

beforeAll(() => {
  // The construct's and the Lambdas' builds (prepack's second half): dist/cli.mjs is already built by npm ci.
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-package.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
  const out = mkdtempSync(join(tmpdir(), 'okta-synthetics-pack-'));
  const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(packed.status, packed.stderr).toBe(0);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  consumer = mkdtempSync(join(tmpdir(), 'okta-synthetics-consumer-'));
  installed = join(consumer, 'node_modules', PACKAGE.name);
  mkdirSync(installed, { recursive: true });
  const untar = spawnSync('tar', ['-xzf', join(out, filename), '-C', installed, '--strip-components=1']);
  expect(untar.status).toBe(0);
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === PACKAGE.name || name.startsWith('.')) continue;
    symlinkSync(join(ROOT, 'node_modules', name), join(consumer, 'node_modules', name));
  }
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'platform-app', type: 'module' }));
  // The five lines of docs/deploying.md's "In your own CDK app", with the config and outdir as arguments.
  writeFileSync(
    join(consumer, 'app.mjs'),
    [
      "import { App } from 'aws-cdk-lib';",
      "import { OktaSynthetics } from 'okta-synthetics/cdk';",
      'const [outdir, ...configs] = process.argv.slice(2);',
      'const app = new App({ outdir });',
      "const read = (config) => (config.startsWith('{') ? JSON.parse(config) : config);",
      'configs.forEach((config, i) => new OktaSynthetics(app, `Okta${i}`, { config: read(config) }));',
      'app.synth();',
    ].join('\n'),
  );
}, 300_000);

/** Every template in a cloud assembly, by file name: each resource type with its count. */
function resourceTypes(outdir: string): Record<string, Record<string, number>> {
  const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
  return Object.fromEntries(
    templates.map((file) => {
      const { Resources } = JSON.parse(readFileSync(join(outdir, file), 'utf8')) as {
        Resources: Record<string, { Type: string }>;
      };
      const counts: Record<string, number> = {};
      for (const { Type } of Object.values(Resources)) counts[Type] = (counts[Type] ?? 0) + 1;
      return [file, counts];
    }),
  );
}

/** The project's own app (lib/app.ts's buildApp) for the same config, its bundling skipped: only shapes compared. */
function projectAssembly(configPath: string): string {
  const outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-project-'));
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  const built = buildApp(app, { configPath, env: ENV });
  expect(built.ok).toBe(true);
  app.synth();
  return outdir;
}

function consumerAssembly(...configs: string[]): string {
  const outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-consumer-out-'));
  const synth = run(['app.mjs', outdir, ...configs]);
  expect(synth.status, synth.stderr).toBe(0);
  return outdir;
}

describe('the packed package in a fresh folder', () => {
  it('ships the CLI, the construct and the built Lambdas, and nothing from tests, benches or the repository', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const shipped = files(installed).map((f) => relative(installed, f));
    expect(shipped).toContain('bin/okta-synthetics.mjs');
    expect(shipped).toContain('dist/cli.mjs');
    expect(shipped).toContain('dist/cdk/index.mjs');
    expect(shipped).toContain('dist/cdk/index.d.ts');
    for (const name of ['probe', 'notifier', 'sign-ins-aggregator'])
      expect(shipped).toContain(`dist/lambda/${name}/index.mjs`);
    expect(shipped.filter((f) => /^(test|scripts|sim|lib|functions|docs|\.ci|bench)\//.test(f))).toEqual([]);
    expect(shipped.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('synthesizes from okta-synthetics/cdk the stacks the project app makes of the example: same types, counts', () => {
    const project = resourceTypes(projectAssembly(EXAMPLE_CONFIG_PATH));
    exampleAssembly = consumerAssembly(EXAMPLE_CONFIG_PATH);
    const theirs = resourceTypes(exampleAssembly);
    expect(Object.keys(project).length).toBeGreaterThan(0);
    expect(theirs).toEqual(project);
  }, 240_000);

  it('synthesizes the same stacks for a multi-region quorum config, one per region', () => {
    const config = writeConfig(twoServerConfig(['us-east-1', 'eu-west-1']));
    const project = resourceTypes(projectAssembly(config));
    const theirs = resourceTypes(consumerAssembly(config));
    expect(Object.keys(theirs).filter((f) => !f.includes('.nested.'))).toHaveLength(2);
    expect(theirs).toEqual(project);
  }, 240_000);

  it("bundles nothing at the consumer's synth: the probe's asset is the shipped build, the config beside it", () => {
    const outdir = exampleAssembly ?? consumerAssembly(EXAMPLE_CONFIG_PATH);
    const assets = readdirSync(outdir).filter((f) => f.startsWith('asset.'));
    const probe = assets.find((a) => existsSync(join(outdir, a, CONFIG_FILE)));
    expect(probe, `assets: ${assets.join(', ')}`).toBeDefined();
    expect(existsSync(join(outdir, probe!, 'index.mjs'))).toBe(true);
    expect(existsSync(join(outdir, probe!, 'chunks'))).toBe(true);
  }, 240_000);

  it('synthesizes two deployments with two prefixes side by side, and refuses one prefix twice naming both', () => {
    const example = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
    const second = JSON.stringify({ ...example, prefix: 'okta-synthetics-eu' });
    const both = resourceTypes(consumerAssembly(EXAMPLE_CONFIG_PATH, second));
    expect(Object.keys(both).filter((f) => f.startsWith('okta-synthetics-eu'))).not.toEqual([]);
    const outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-consumer-out-'));
    const same = run(['app.mjs', outdir, EXAMPLE_CONFIG_PATH, EXAMPLE_CONFIG_PATH]);
    expect(same.status).not.toBe(0);
    expect(same.stderr).toMatch(/OktaSynthetics "Okta1" uses the prefix "[^"]+", as OktaSynthetics "Okta0" does/);
  }, 240_000);

  it("refuses a config the project's app refuses, with the same words, naming the field", () => {
    const bad = writeConfig({ ...twoServerConfig(['us-east-1']), servers: [] });
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const project = buildApp(app, { configPath: bad, env: ENV });
    expect(project.ok).toBe(false);
    const outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-consumer-out-'));
    const theirs = run(['app.mjs', outdir, bad]);
    expect(theirs.status).not.toBe(0);
    for (const problem of project.ok ? [] : project.errors) expect(theirs.stderr).toContain(problem);
  }, 240_000);

  it("refuses an aws-cdk-lib older than the peer range at synth, naming its version, before Node's import", () => {
    const old = mkdtempSync(join(tmpdir(), 'okta-synthetics-old-peer-'));
    mkdirSync(join(old, 'node_modules/aws-cdk-lib'), { recursive: true });
    writeFileSync(
      join(old, 'node_modules/aws-cdk-lib/package.json'),
      JSON.stringify({ name: 'aws-cdk-lib', version: '2.100.0', main: 'index.js' }),
    );
    writeFileSync(join(old, 'node_modules/aws-cdk-lib/index.js'), 'module.exports = {};');
    // A copy, not a link: Node resolves a linked package's imports from its real folder, where the real peers are.
    cpSync(installed, join(old, 'node_modules', PACKAGE.name), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules/constructs'), join(old, 'node_modules/constructs'));
    const loaded = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('okta-synthetics/cdk')"], {
      cwd: old,
      encoding: 'utf8',
    });
    expect(loaded.status).not.toBe(0);
    expect(loaded.stderr).toContain('aws-cdk-lib is 2.100.0; okta-synthetics/cdk needs ^2.276.0');
    expect(loaded.stderr).not.toMatch(/does not provide an export named|Named export/);
  });

  it('documents the default of every optional prop in the shipped declarations', () => {
    const dts = readFileSync(join(installed, 'dist/cdk/index.d.ts'), 'utf8');
    const optional = [...dts.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly (\w+)\?:/g)];
    expect(optional.map((m) => m[2])).toEqual(['baseDir', 'account', 'variables']);
    for (const [, doc, name] of optional) expect(doc, name).toMatch(/@default \S/);
    expect(dts.match(/readonly \w+\?:/g)?.length).toBe(optional.length);
  });

  it('runs its bin from the folder: --help, init writing a starter, and demo on the built-in simulator', () => {
    const bin = join(installed, 'bin/okta-synthetics.mjs');
    const help = run([bin, '--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/okta-synthetics/);
    expect(help.stdout).toMatch(/\bdemo\b/);
    const init = run([bin, 'init'], { NO_COLOR: '1' });
    expect(init.status, init.stderr).toBe(0);
    const starter = JSON.parse(readFileSync(join(consumer, 'okta-synthetics.json'), 'utf8')) as { orgUrl?: unknown };
    expect(starter.orgUrl).toEqual(expect.any(String));
    const demo = run([bin, 'demo'], { NO_COLOR: '1' });
    expect(demo.stderr).not.toMatch(/Cannot find (module|package)/);
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/PASS|pass|ok/i);
  }, 240_000);
});

describe("the shipped code's imports", () => {
  it('are each a Node built-in or a declared dependency or peer dependency of the package', () => {
    // The CLI and the construct keep their dependencies as imports (packages: 'external'); the Lambda bundles inline
    // everything, as Lambda offers no node_modules, so they are not read here.
    const declared = new Set([...Object.keys(PACKAGE.dependencies), ...Object.keys(PACKAGE.peerDependencies)]);
    const builtins = new Set(builtinModules);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) =>
        statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.mjs') ? [join(dir, f)] : [],
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
      ].map((m) => m[1]!);
      for (const spec of specs) {
        if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec)) continue;
        bare.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    expect(bare).toContain('aws-cdk-lib');
    expect([...bare].filter((name) => !declared.has(name)).sort()).toEqual([]);
  });
});
