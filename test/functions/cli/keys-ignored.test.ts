// keys/ out of git: the clone ignores it, and init warns when the folder it names for the private key
// is inside a git work tree that would commit it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { captureIo, ROOT } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
  });

describe('keys/ never reaches git', () => {
  it("the project ignores keys/, where init and the stack's put commands keep keys and secrets", () => {
    // check-ignore exits 0 when the path is ignored, 1 when "git add -A" would take it.
    expect(git(ROOT, 'check-ignore', '--no-index', 'keys/okta-probe-org.pem').status).toBe(0);
    expect(git(ROOT, 'check-ignore', '--no-index', 'keys/okta-probe-portal-user.json').status).toBe(0);
  });

  it(
    'init warns when it writes into a git work tree that ' + 'does not ignore keys/, and names the line to add',
    async () => {
      const repo = join(dir, 'repo');
      mkdirSync(repo);
      expect(git(repo, 'init', '--quiet').status).toBe(0);
      const io = captureIo();
      expect(await main(['init', '--out', join(repo, 'monitoring/okta-synthetics.json')], io)).toBe(0);
      expect(io.err()).toContain(
        `Warning: ${join(repo, 'monitoring/keys')} (where the key and secret files go) is inside the git work tree`,
      );
      expect(io.err()).toContain(
        `"git add -A" would commit the private key. Add this line to ${join(repo, '.gitignore')}:\n    ` +
          `monitoring/keys/\n`,
      );

      // With the line added, init is silent about it.
      writeFileSync(join(repo, '.gitignore'), 'monitoring/keys/\n');
      const again = captureIo();
      expect(await main(['init', '--out', join(repo, 'monitoring/second.json')], again)).toBe(0);
      expect(again.err()).toBe('');
    },
  );

  it('says nothing outside a git work tree', async () => {
    const plain = join(dir, 'plain');
    mkdirSync(plain);
    // A work tree above the temp folder would answer for it: only judge when there is none.
    if (git(plain, 'rev-parse', '--is-inside-work-tree').status === 0) return;
    const io = captureIo();
    expect(await main(['init', '--out', join(plain, 'okta-synthetics.json')], io)).toBe(0);
    expect(io.err()).toBe('');
  });
});
