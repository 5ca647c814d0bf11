// The lanes' membership as a rule (test/lanes.ts): every test file is in one lane, and no file of the unit lane
// does what belongs to the integration lane, through any chain of imports (its helpers' included). A unit file
// that needs a synth, a spawned CLI, a hostile server or a long wait is renamed `*.integration.test.ts`.
import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  ALL_TESTS,
  FIRST_DAY_LANE,
  INTEGRATION_LANE,
  SANDBOX_LANE,
  sandboxNotice,
  UNIT_TEST_TIMEOUT_MS,
} from './lanes';
import { importGraph, reach, root, sources, specifiers } from './support/imports';

const files = (pattern: string): string[] => globSync(pattern, { cwd: root }).sort();
const integration = new Set(INTEGRATION_LANE.flatMap(files));
const unit = files(ALL_TESTS).filter((file) => !integration.has(file));

/** Every file a test may load: the tests, their helpers, and the shipped sources. */
const graph = importGraph(
  ['test', 'functions', 'lib', 'sim', 'scripts', 'bin'].flatMap((dir) => sources(dir, /\.(ts|mjs)$/)),
);
/** What the unit lane loads, each file with one chain from a unit test file. */
const unitReach = reach(unit, graph);

/**
 * The programs a unit file may run, each for a fixture Node cannot make itself (milliseconds, no Node process):
 * anything else spawned (the CLI, the CDK CLI, tsx, npm) belongs to the integration lane.
 */
const FIXTURE_TOOLS: Readonly<Record<string, string>> = {
  openssl: 'a self-signed certificate for the TLS tests',
  mkfifo: 'a FIFO the file reader must refuse',
};

/**
 * The first argument of each child_process call in a file (`execFileSync(...)`, `cp.spawn(...)`; a bare `exec(`, not
 * a RegExp's `.exec(`): a string literal, or the code that computes it.
 */
function spawned(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [
    ...text.matchAll(
      /(?:(?<![.\w])exec|(?<![\w$])(?:\w+\.)?(?:execFileSync|execFile|execSync|spawnSync|spawn|fork))\(\s*([^,)]+)/g,
    ),
  ].map((m) => m[1]!.trim());
}

describe('test lanes', () => {
  it('puts every test file in one lane, and every integration pattern names a file', () => {
    expect(unit.length).toBeGreaterThan(50);
    expect(integration.size).toBeGreaterThan(20);
    expect(unit.length + integration.size).toBe(files(ALL_TESTS).length);
    expect(INTEGRATION_LANE.filter((pattern) => files(pattern).length === 0)).toEqual([]);
    expect(unit).toContain('test/lanes.test.ts');
  });

  it('npm test is the quick lane (unit and first day), and CI runs it and then the rest, so no file goes unrun', () => {
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.test).toBe('vitest run --project unit --project first-day');
    expect(scripts['test:integration']).toBe('vitest run --project integration --project synth');
    expect(FIRST_DAY_LANE.every((file) => integration.has(file))).toBe(true);
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm test -- /m);
    expect(ci).toMatch(/^npm run test:integration -- /m);
  });

  it('opens npm test with no root-only caveat; says it in one line to a run that would hold those files', () => {
    const vitest = ['node', 'node_modules/vitest/vitest.mjs', 'run'];
    const missing = 'unshare --mount and setpriv failed: setpriv: setresuid failed: Invalid argument\n';
    // npm test: the unit and first-day projects never run the sandbox lane.
    expect(sandboxNotice([...vitest, '--project', 'unit', '--project', 'first-day'], missing)).toBeUndefined();
    expect(sandboxNotice([...vitest, 'test/functions/cli/har.test.ts', '-t', 'names'], missing)).toBeUndefined();
    expect(sandboxNotice([...vitest, '--project', 'integration'], undefined)).toBeUndefined();
    for (const argv of [
      [...vitest, '--project', 'integration'],
      [...vitest, '--project=integration', 'test/deploy/'],
      vitest,
    ]) {
      const said = sandboxNotice(argv, missing);
      expect(said, argv.join(' ')).toBe(
        `Not run here: ${SANDBOX_LANE.join(', ')}: unshare --mount and setpriv failed: setpriv: setresuid failed: ` +
          'Invalid argument (CI runs them as root).',
      );
    }
  });

  it('loads the HAR schemas without a warning: their formats are checked, never "ignored" at each start', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      vi.resetModules();
      const { harErrors } = await import('./support/har-schema');
      expect(harErrors({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [] } })).toEqual([]);
      expect([...warn.mock.calls, ...error.mock.calls]).toEqual([]);
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });

  it('names in SANDBOX_LANE exactly the files that need root: one without it is told what did not run', () => {
    const needsRoot = files(ALL_TESTS).filter((file) => reach([file], graph).has('test/support/sandbox.ts'));
    expect(needsRoot.length).toBeGreaterThan(0);
    expect([...SANDBOX_LANE].sort()).toEqual(needsRoot);
    expect(SANDBOX_LANE.every((file) => integration.has(file))).toBe(true);
  });

  it('the unit lane synthesizes nothing: it reaches neither lib/ nor the CDK or its bundler', () => {
    const cdk = /^(aws-cdk-lib|aws-cdk|cdk-nag|esbuild|constructs)(\/|$)/;
    const chains = [...unitReach]
      .filter(([file]) => file.startsWith('lib/') || specifiers(file).some((spec) => cdk.test(spec)))
      .map(([, chain]) => chain);
    expect(chains).toEqual([]);
  });

  it('the unit lane spawns no process but a fixture tool, and starts no hostile server', () => {
    const children = [...unitReach].filter(([file]) =>
      specifiers(file).some((spec) => /^(node:)?child_process$/.test(spec)),
    );
    expect(children.length).toBeGreaterThan(0); // the rule reads the files it claims to
    const offenders = children.flatMap(([file, chain]) =>
      spawned(file)
        .filter((program) => !(/^'([\w-]+)'$/.test(program) && program.slice(1, -1) in FIXTURE_TOOLS))
        .map((program) => `${chain} runs ${program}`),
    );
    expect(offenders).toEqual([]);
    expect([...unitReach].filter(([file]) => file === 'test/support/hostile.ts').map(([, chain]) => chain)).toEqual([]);
  });

  it(
    `no unit test asks for more than the lane's ${UNIT_TEST_TIMEOUT_MS} ms: one that must wait longer is an ` +
      `integration test`,
    () => {
      const longer = unit.flatMap((file) =>
        [...readFileSync(join(root, file), 'utf8').matchAll(/^\s*\}\s*,\s*([\d_]+)\s*\);?\s*$/gm)]
          .map((m) => Number(m[1]!.replace(/_/g, '')))
          .filter((ms) => ms > UNIT_TEST_TIMEOUT_MS)
          .map((ms) => `${file}: ${ms} ms`),
      );
      expect(longer).toEqual([]);
    },
  );
});
