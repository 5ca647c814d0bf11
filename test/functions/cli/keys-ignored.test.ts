// keys/ out of git: the clone ignores it, init makes it with a .gitignore of its own, and init warns when a folder
// that was already there is inside a git work tree that would commit it.
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
    'init makes keys/ ignored by git itself in a work tree; one that already exists unignored gets the warning ' +
      'and the line to add',
    async () => {
      const repo = join(dir, 'repo');
      mkdirSync(repo);
      expect(git(repo, 'init', '--quiet').status).toBe(0);
      // The folder init makes carries its own .gitignore: nothing in it is ever added, and init has nothing to warn.
      const io = captureIo();
      expect(await main(['init', '--out', join(repo, 'made/okta-synthetics.json')], io)).toBe(0);
      expect(io.err()).toBe('');
      writeFileSync(join(repo, 'made/keys/okta-probe-org.pem'), 'not a real key');
      expect(git(repo, 'check-ignore', '--no-index', 'made/keys/okta-probe-org.pem').status).toBe(0);
      expect(git(repo, 'status', '--porcelain', '--untracked-files=all').stdout).not.toContain('made/keys/');

      // A keys/ folder that was there before is left as it is: init says what git would take.
      mkdirSync(join(repo, 'monitoring/keys'), { recursive: true });
      const before = captureIo();
      expect(await main(['init', '--out', join(repo, 'monitoring/okta-synthetics.json')], before)).toBe(0);
      expect(before.err()).toContain(
        `Warning: ${join(repo, 'monitoring/keys')} (where the key and secret files go) is inside the git work tree`,
      );
      expect(before.err()).toContain(
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
