// How the probe's configuration reaches its asset: staged for the bundling step in the shared temp folder, then
// copied beside the handler. The shared temp folder is every local user's, so the staging must not follow or reuse
// what another put there; and the asset's copy must be readable by the user Lambda runs the handler as, who owns
// none of the asset's files (test/deploy/assets.test.ts runs the whole asset that way).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
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
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE } from '../../functions/contract';
import { copyConfigCommand, stagedConfig } from '../../lib/probe-asset';

let shared: string;
beforeEach(() => {
  // A stand-in for the shared temp folder, with what another local user may have planted in it.
  shared = mkdtempSync(join(tmpdir(), 'okta-synthetics-shared-'));
});
afterEach(() => rmSync(shared, { recursive: true, force: true }));

const mode = (path: string) => lstatSync(path).mode & 0o777;

describe('staging the configuration for the bundling step', () => {
  it(
    "writes each synth's configuration in a fresh private folder, the file its own: the command line carries a " +
      'path, never the configuration',
    () => {
      const big = JSON.stringify({
        samlApps: Array.from({ length: 2000 }, (_, i) => ({ id: `app-${i}`, audience: 'x'.repeat(200) })),
      });
      const first = stagedConfig(big, shared);
      const second = stagedConfig(big, shared);

      expect(readFileSync(first, 'utf8')).toBe(big);
      expect(dirname(first)).not.toBe(dirname(second));
      for (const file of [first, second]) {
        expect(dirname(dirname(file))).toBe(shared);
        expect(mode(dirname(file))).toBe(0o700);
        expect(mode(file)).toBe(0o600);
        expect(readdirSync(dirname(file))).toEqual([CONFIG_FILE]);
      }
      expect(first.length).toBeLessThan(200);
    },
  );

  it(
    'neither follows a link nor reuses a folder another user planted under the old fixed name, even a ' +
      'world-writable one',
    () => {
      const victim = join(shared, 'victim');
      mkdirSync(victim);
      symlinkSync(victim, join(shared, 'okta-synthetics-config'));
      const planted = join(shared, 'okta-synthetics-config-planted');
      mkdirSync(planted, { mode: 0o777 });

      const file = stagedConfig('{"orgUrl":"https://acme.okta.com"}', shared);

      expect(readdirSync(victim)).toEqual([]);
      expect(readdirSync(planted)).toEqual([]);
      expect(lstatSync(dirname(file)).isSymbolicLink()).toBe(false);
      expect(lstatSync(dirname(file)).uid).toBe(process.getuid?.());
      expect(basename(dirname(file))).toMatch(/^okta-synthetics-config-\w{6}$/);
    },
  );
});

describe('the bundling step that writes the configuration beside the handler', () => {
  const run = (command: string) => execFileSync('bash', ['-c', `umask 077; ${command}`], { stdio: 'pipe' });

  it(
    'copies a staged file: quoted for bash, and wrapped once more for cmd /c, which drops a leading and a ' +
      'trailing quote',
    () => {
      const posix = copyConfigCommand('/tmp/staged dir/abc.json', '/tmp/out dir', 'linux');
      expect(posix).toMatch(
        /^".+" -e "[^"]+" "\/tmp\/staged dir\/abc\.json" "\/tmp\/out dir\/okta-synthetics\.config\.json"$/,
      );
      expect(copyConfigCommand('/tmp/staged dir/abc.json', '/tmp/out dir', 'win32')).toBe(`"${posix}"`);
    },
  );

  it(
    "leaves the asset's copy readable by others (0644) under a umask of 077, and removes the staged file and " +
      'its folder',
    () => {
      const out = join(shared, 'asset');
      mkdirSync(out);
      const staged = stagedConfig('{"orgUrl":"https://acme.okta.com"}', shared);

      run(copyConfigCommand(staged, out));

      expect(readFileSync(join(out, CONFIG_FILE), 'utf8')).toBe('{"orgUrl":"https://acme.okta.com"}');
      expect(statSync(join(out, CONFIG_FILE)).mode & 0o777).toBe(0o644);
      expect(existsSync(dirname(staged))).toBe(false);
    },
  );

  it(
    "refuses to write through a link already at the copy's path: the bundling step fails, the link's target is " +
      'untouched',
    () => {
      const out = join(shared, 'asset');
      mkdirSync(out);
      const target = join(shared, 'elsewhere.json');
      writeFileSync(target, 'kept');
      symlinkSync(target, join(out, CONFIG_FILE));
      const staged = stagedConfig('{"orgUrl":"https://acme.okta.com"}', shared);

      expect(() => run(copyConfigCommand(staged, out))).toThrow(/EEXIST/);
      expect(readFileSync(target, 'utf8')).toBe('kept');
    },
  );
});
