// The probe's configuration in its code asset: written at synth as plain text, staged privately, and copied beside
// the handler readable by the Lambda runtime's user, by the bundling step in a checkout or from the package's build.
import { Token } from 'aws-cdk-lib';
import { chmodSync, closeSync, constants, cpSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSecretName, type LoadedConfig } from '../functions/config/parse';
import { resolvedConfigJson } from '../functions/config/resolved';
import { CONFIG_FILE } from '../functions/contract';

/**
 * The configuration staged for the bundling step: the step's command line and environment carry only its path,
 * whatever the configuration's size. A fresh private folder per call (mkdtemp, 0700), and the file created in it
 * exclusively, never through a link: the shared temp folder is everyone's, and a fixed name there could be a folder
 * or a link another local user planted. The file is 0600 in that folder; the bundling step writes the asset's copy
 * 0644 (copyConfigCommand) and removes this one.
 */
export function stagedConfig(json: string, parent: string = tmpdir()): string {
  const dir = mkdtempSync(join(parent, 'okta-synthetics-config-'));
  const file = join(dir, CONFIG_FILE);
  // O_NOFOLLOW is POSIX only; on Windows O_EXCL alone refuses whatever is already there.
  const fd = openSync(
    file,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    0o600,
  );
  try {
    writeFileSync(fd, json);
  } finally {
    closeSync(fd);
  }
  leftOnExit(dir);
  return file;
}

/** Staged folders to remove when the synth's process ends: a bundling step that failed before its copy left them. */
const staged = new Set<string>();
function leftOnExit(dir: string): void {
  if (staged.size === 0) process.once('exit', () => staged.forEach((d) => rmSync(d, { recursive: true, force: true })));
  staged.add(dir);
}

/** The mode of the configuration in the asset: Lambda runs the handler as a user who owns none of its files. */
const ASSET_CONFIG_MODE = 0o644;

/**
 * The bundling step that writes the configuration beside the handler: Node, which bundling already needs, copies the
 * staged file into the output directory (local bundling runs it with bash -c, or cmd /c on Windows). The copy is
 * made exclusively (never over a file or link already there) and made readable by others explicitly, whatever the
 * umask or the staged file's mode: `cdk deploy` zips each file with its mode, and a 0600 file owned by the deployer
 * is unreadable to the Lambda runtime's user. Then the staged file and its folder go.
 */
export function copyConfigCommand(
  staged: string,
  outputDir: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const script = [
    "const f = require('node:fs'), [s, d] = process.argv.slice(1)",
    'f.copyFileSync(s, d, f.constants.COPYFILE_EXCL)',
    `f.chmodSync(d, ${ASSET_CONFIG_MODE})`,
    'f.rmSync(s)',
    "try { f.rmdirSync(require('node:path').dirname(s)) } catch {}",
  ].join('; ');
  const command = `"${process.execPath}" -e "${script}" "${staged}" "${join(outputDir, CONFIG_FILE)}"`;
  // cmd /c drops the first and the last quote of a line that starts with one: one more pair keeps ours intact.
  return platform === 'win32' ? `"${command}"` : command;
}

/**
 * The package's built probe (dist/lambda/probe) copied to a staging folder with the configuration beside it, mode
 * ASSET_CONFIG_MODE as copyConfigCommand leaves it: the asset a checkout's bundling step makes, without a bundler.
 */
export function builtWithConfig(built: string, json: string, parent: string = tmpdir()): string {
  const dir = mkdtempSync(join(parent, 'okta-synthetics-probe-'));
  cpSync(built, dir, { recursive: true });
  const file = join(dir, CONFIG_FILE);
  writeFileSync(file, json, { flag: 'wx' });
  chmodSync(file, ASSET_CONFIG_MODE);
  leftOnExit(dir);
  return dir;
}

/**
 * The configuration written into the bundle: the Preview org's only with its secrets (the home region's; another
 * region's schedule never asks for it). Plain text: it is written at synth, before any CloudFormation token resolves.
 */
export function bundledConfig(
  config: LoadedConfig,
  secretIds: ReadonlyMap<string, string>,
  previewSecretIds: ReadonlyMap<string, string> | undefined,
): string {
  const { preview: _elsewhere, ...withoutPreview } = config;
  const json = resolvedConfigJson(
    previewSecretIds === undefined ? withoutPreview : config,
    withJourneysElsewhere(config, secretIds),
    previewSecretIds,
  );
  if (Token.isUnresolved(json)) {
    throw new Error(
      'ProbeFunction: the probe configuration holds a CloudFormation token; it is written into the bundle ' +
        'at synth and must be plain text',
    );
  }
  return json;
}

/**
 * The secret ids the bundled config names: this region's, and for a journey another region runs, the name its own
 * stack gives the user's secret there. This region's probe skips that journey and never reads it (no grant here).
 */
function withJourneysElsewhere(
  config: LoadedConfig,
  secretIds: ReadonlyMap<string, string>,
): ReadonlyMap<string, string> {
  const all = new Map(secretIds);
  for (const journey of config.probe.signIn ?? [])
    if (!all.has(journey.id))
      all.set(
        journey.id,
        (journey.secrets.from === 'secrets_manager' ? journey.secrets.secretId : undefined) ??
          defaultSecretName(config.deploy.prefix, journey.id),
      );
  return all;
}
