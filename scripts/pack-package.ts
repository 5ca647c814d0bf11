// `npm run pack`: the tarball a consumer installs, packed from a staged copy whose manifest is the consumer's. The
// repository's package.json serves a clone: its `node` devDependency and the `node-<platform>` optionalDependencies
// pin the Node binary every npm script of a clone runs on (docs/decisions/node-integrity.md), and esbuild and
// cdk-nag serve a clone's synth. Packed as it is, npm would install one Node binary into a team's app (its bin
// `node` then first on the PATH of every npm script of theirs) and a bundler their synth never runs: the staged
// manifest keeps the runtime dependencies and the peers only. npm's own `npm pack` and `npm publish` in the
// repository would pack the clone's manifest: the prepack script (scripts/prepack.ts) refuses them, naming
// `npm run pack`, and lets `npm run pack` itself go on.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Dependencies of a clone only: esbuild bundles the Lambda code at a clone's synth (the package ships it built, and
 * a consumer's synth of the packed construct runs no bundler); cdk-nag is added by the project's own app
 * (lib/build-app.ts), never by the construct; the AWS SDK clients below are imported by the Lambda code alone,
 * which ships with them inlined. test/deploy/package.test.ts holds that the shipped code (the CLI, the construct)
 * imports none of them, and every dependency left.
 */
export const CLONE_ONLY_DEPENDENCIES = [
  'esbuild',
  'cdk-nag',
  '@aws-sdk/client-ec2',
  '@aws-sdk/client-s3',
  '@aws-sdk/client-sns',
  '@aws-sdk/credential-provider-env',
] as const;

/** The manifest fields of a clone's tooling, never published. */
const CLONE_ONLY_FIELDS = [
  'devDependencies',
  'optionalDependencies',
  'scripts',
  'allowScripts',
  'installScriptsReviewed',
] as const;

type Manifest = Record<string, unknown> & { dependencies?: Record<string, string>; files?: string[] };

/** The package.json a consumer installs: the repository's, without what only a clone uses. */
export function publishedManifest(manifest: Manifest): Manifest {
  const published: Manifest = Object.fromEntries(
    Object.entries(manifest).filter(([key]) => !(CLONE_ONLY_FIELDS as readonly string[]).includes(key)),
  );
  published.dependencies = Object.fromEntries(
    Object.entries(manifest.dependencies ?? {}).filter(
      ([name]) => !(CLONE_ONLY_DEPENDENCIES as readonly string[]).includes(name),
    ),
  );
  return published;
}

/**
 * Packs the built repository (dist/ built by scripts/build.mjs and scripts/build-package.ts) into `destination`:
 * its `files`, README and LICENSE copied beside the published manifest, then `npm pack` there, running no script.
 * Returns the tarball's path.
 */
export function packPackage(destination: string, root: string = ROOT): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const stage = mkdtempSync(join(tmpdir(), 'okta-synthetics-stage-'));
  try {
    for (const entry of manifest.files ?? []) {
      const from = join(root, entry);
      if (!existsSync(from)) throw new Error(`package.json files: ${entry} is missing; build first (npm run pack)`);
      cpSync(from, join(stage, entry), { recursive: true });
    }
    for (const file of readdirSync(root).filter((f) => /^(README|LICENSE|LICENCE|NOTICE)(\.|$)/i.test(f)))
      cpSync(join(root, file), join(stage, file));
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(publishedManifest(manifest), null, 2)}\n`);
    const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], {
      cwd: stage,
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    return join(destination, filename);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(packPackage(resolve(process.argv[2] ?? '.')));
}
