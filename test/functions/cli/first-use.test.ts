// The new user's path: the machine's own Node beside the project's, npm's install-script policy, and the
// command installed for cron as the README says. Spawns the real bin.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { captureIo, ROOT } from './helpers';
import { scriptedPackages, unreviewedScripts } from '../../../scripts/check-install-scripts.mjs';

const BIN = join(ROOT, 'bin/okta-synthetics.mjs');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
  installScriptsReviewed?: Record<string, string>;
};
const floor = /^>=(\d+)\.(\d+)\.\d+$/.exec(pkg.engines.node);

const belowFloor = (version: string): boolean => {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major < Number(floor?.[1]) || (major === Number(floor?.[1]) && minor < Number(floor?.[2]));
};

/** The floor line, its exit code, and that nothing else was written. */
function expectFloorRefusal(outcome: { status: number | null; stdout: string; stderr: string }, version: string): void {
  expect(outcome.stderr).toMatch(
    new RegExp(
      `^okta-synthetics: needs Node.js ${floor?.[1]}\\.${floor?.[2]} or later, this is ${version.replaceAll('.', '\\.')} ` +
        `\\(.+\\); install Node.js 24 LTS \\(https://nodejs.org/en/download, or "nvm install 24"\\) and run it ` +
        `again\\n$`,
    ),
  );
  expect(outcome.stdout).toBe('');
  expect(outcome.status).toBe(2);
}

describe('the Node floor, before anything is imported', () => {
  it('package.json names a floor the bin can state', () => {
    expect(floor).not.toBeNull();
    expect(readFileSync(BIN, 'utf8')).toContain(`const FLOOR = [${floor?.[1]}, ${floor?.[2]}];`);
  });

  it(
    'an older Node gets one line naming the version needed and how to get it, and exit 2, not a stack trace ' + 'and 1',
    () => {
      // Node 24 made to say it is 20.11.1 before the bin runs: the floor is judged on process.versions alone.
      const preload = `data:text/javascript,Object.defineProperty(process.versions,'node',{value:'20.11.1'})`;
      const outcome = spawnSync(
        process.execPath,
        ['--import', preload, BIN, 'run', '--config', 'okta-synthetics.example.json'],
        { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } },
      );
      expectFloorRefusal(outcome, '20.11.1');
    },
  );

  it("the machine's own Node, where it is older than the floor, says the same", () => {
    const found = spawnSync('which', ['-a', 'node'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    const old = found
      .map((path) => ({
        path,
        version: spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^v/, ''),
      }))
      .filter((node) => node.version !== '' && belowFloor(node.version));
    for (const node of old)
      expectFloorRefusal(spawnSync(node.path, [BIN, '--version'], { cwd: ROOT, encoding: 'utf8' }), node.version);
    // This machine has one (Node 20 at /usr/bin/node); elsewhere the test above proves the rule.
    if (process.env.CI === undefined) expect(old.length).toBeGreaterThan(0);
  });
});

describe("npm's install-script policy", () => {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as unknown;

  it(
    'allowScripts covers every dependency with an install script, so npm ci warns of none (and a later npm ' +
      'blocks none)',
    () => {
      const scripted = scriptedPackages(lock).map(({ name }) => name);
      expect(scripted.sort()).toEqual(['core-js', 'esbuild', 'node']);
      for (const name of scripted) expect(pkg.allowScripts?.[name], name).toBe(true);
    },
  );

  it('each install script was reviewed at the version and tarball the lockfile pins, checked before npm ci', () => {
    expect(unreviewedScripts(pkg, lock)).toEqual([]);
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/node scripts\/check-install-scripts\.mjs\nnpm ci /);
  });

  it('a lockfile that moves a scripted package to a version nobody reviewed is refused, naming it', () => {
    const bumped = structuredClone(lock) as { packages: Record<string, { version: string; integrity: string }> };
    const esbuild = bumped.packages['node_modules/esbuild'];
    if (esbuild === undefined) throw new Error('package-lock.json locks no esbuild');
    esbuild.version = '0.99.0';
    esbuild.integrity = 'sha512-another';
    expect(unreviewedScripts(pkg, bumped)).toEqual([
      expect.stringMatching(/^esbuild@0\.99\.0 has an install script nobody reviewed \(reviewed: esbuild@0\.28\.2\)/),
      'installScriptsReviewed["esbuild@0.28.2"] names no locked package with a script',
    ]);
    const swapped = structuredClone(lock) as typeof bumped;
    const node = swapped.packages['node_modules/node'];
    if (node === undefined) throw new Error('package-lock.json locks no node');
    node.integrity = 'sha512-republished';
    expect(unreviewedScripts(pkg, swapped)).toEqual([
      expect.stringMatching(/^node@\d+\.\d+\.\d+ was reviewed as another tarball/),
    ]);
  });
});

describe('--help, the first thing a new user reads', () => {
  it.each(['run', 'report'])('names every option of "%s" that the command\'s own --help documents', async (command) => {
    const top = captureIo();
    expect(await main(['--help'], top)).toBe(0);
    const own = captureIo();
    expect(await main([command, '--help'], own)).toBe(0);
    const options = new Set(own.out().match(/--[a-z][a-z-]+/g) ?? []);
    options.delete('--help');
    expect(options.size).toBeGreaterThan(5);
    for (const option of options) expect(top.out(), `${command} ${option}`).toContain(option);
  });
});

describe('the command installed for cron, as docs/first-steps.md says', () => {
  it(
    "the docs' install line puts okta-synthetics on PATH; it runs from any folder on Node 22+, and refuses " +
      'an older node in one line',
    () => {
      const readme = readFileSync(join(ROOT, 'docs/first-steps.md'), 'utf8');
      const line = /^(npm install -g \.[^#\n]*?)\s+#/m.exec(readme)?.[1];
      expect(line, 'docs/first-steps.md shows no "npm install -g ." line').toBeDefined();
      const prefix = mkdtempSync(join(tmpdir(), 'okta-synthetics-global-'));
      try {
        // The docs' words, into a prefix of the test's own instead of the machine's; no network needed.
        const [npm = 'npm', ...args] = (line ?? '').split(/\s+/);
        const install = spawnSync(npm, [...args, '--prefix', prefix, '--offline', '--no-audit', '--no-fund'], {
          cwd: ROOT,
          encoding: 'utf8',
        });
        expect(install.status, install.stderr).toBe(0);
        const command = join(prefix, 'bin', 'okta-synthetics');
        const elsewhere = mkdtempSync(join(tmpdir(), 'okta-synthetics-cron-'));
        const newNode = spawnSync(command, ['--version'], {
          cwd: elsewhere,
          encoding: 'utf8',
          env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: elsewhere },
        });
        expect(newNode.stdout).toBe(
          `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string}\n`,
        );
        expect(newNode.status).toBe(0);
        // Cron's own PATH: the machine's node, older than the floor here, gets the one line and exit 2.
        const cronNode = spawnSync('/usr/bin/node', ['--version'], { encoding: 'utf8' })
          .stdout.trim()
          .replace(/^v/, '');
        if (cronNode !== '' && belowFloor(cronNode)) {
          const cron = spawnSync(command, ['--version'], {
            cwd: elsewhere,
            encoding: 'utf8',
            env: { PATH: '/usr/bin:/bin', HOME: elsewhere },
          });
          expectFloorRefusal(cron, cronNode);
        }
        rmSync(elsewhere, { recursive: true, force: true });
      } finally {
        rmSync(prefix, { recursive: true, force: true });
      }
    },
  );
});
