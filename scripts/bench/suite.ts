// `npm run bench:suite`: section n of BENCHMARKS.md, the quick lane (`npm test`, the README's command) and then the
// whole suite (`npm run test:all`, every lane in one process, what CI runs in two steps) timed as a contributor runs
// them: a fresh vitest process each, wall clock from spawn to exit, on this machine, with its load. Kept by
// `npm run bench` (scripts/bench.ts), like section h: the suite takes minutes, too long for every bench run. Also says
// whether a run printed a warning, since neither should print one.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SUITE_HEADING as HEADING, withSection } from './doc-section';
import { round } from './stats';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface SuiteBench {
  /** The npm script timed: `test` (the quick lane) or `test:all`. */
  readonly script: string;
  readonly wallS: number;
  readonly files: number;
  readonly tests: number;
  readonly passed: number;
  readonly failed: number;
  /** Lines of the run's output that are warnings (Node's, Vite's), each once with its count. */
  readonly warnings: readonly { readonly line: string; readonly count: number }[];
  readonly loadBefore: number;
}

/** Node's "(node:123) XWarning: ...", Vite's "(!) ...", npm's "npm warn ...": what a clean run prints none of. */
const WARNING = /^\(node:\d+\) \w*Warning: |^\(!\) |^npm warn /;

export async function benchSuite(script: string): Promise<SuiteBench> {
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-bench-suite-'));
  const report = join(dir, 'report.json');
  try {
    const loadBefore = loadavg()[0] ?? 0;
    const started = performance.now();
    let output = '';
    const code = await new Promise<number | null>((resolve, reject) => {
      // As .ci/run runs a lane: the JSON reporter beside the default one for the counts.
      const child = spawn(
        'npm',
        ['run', script, '--', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
        {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, NO_COLOR: '1', CI: 'true' },
        },
      );
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', resolve);
    });
    const wallS = (performance.now() - started) / 1000;
    const json = JSON.parse(await readFile(report, 'utf8')) as {
      numTotalTestSuites: number;
      numTotalTests: number;
      numPassedTests: number;
      numFailedTests: number;
      testResults: unknown[];
    };
    const counts = new Map<string, number>();
    for (const line of output.split('\n').filter((l) => WARNING.test(l))) {
      const key = line.replace(/^\(node:\d+\)/, '(node)');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (code === null) throw new Error('the suite was killed');
    return {
      script,
      wallS,
      files: json.testResults.length,
      tests: json.numTotalTests,
      passed: json.numPassedTests,
      failed: json.numFailedTests,
      warnings: [...counts].map(([line, count]) => ({ line, count })),
      loadBefore,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What each timed script runs, for the reader. */
const WHAT: Readonly<Record<string, string>> = {
  test: '`npm test`, the quick lane (the unit lane and the first day: the built CLI on the simulator)',
  'test:all':
    '`npm run test:all`, the whole suite (every lane; CI runs it as `npm test`, then `npm run test:integration`)',
};

function warningsOf(b: SuiteBench): string {
  return b.warnings.length === 0
    ? 'no warning'
    : `${b.warnings.reduce((n, w) => n + w.count, 0)} warning lines: ` +
        b.warnings.map((w) => `${w.count} x \`${w.line.replace(/`/g, "'").slice(0, 120)}\``).join('; ');
}

export function suiteSection(runs: readonly SuiteBench[]): string[] {
  return [
    HEADING,
    '',
    `Each in a fresh process with CI=true and the JSON reporter beside the default one, as \`.ci/run\` runs a lane, ` +
      `one after the other on this machine (${cpus().length} cores, ${round(totalmem() / 1024 ** 3, 1)} GB), ` +
      `measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:suite\`. The goal for the quick lane: ` +
      'within 5 minutes on 2 cores under load.',
    '',
    ...runs.flatMap((b) => [
      `- ${WHAT[b.script] ?? b.script}: **${round(b.wallS / 60, 1)} minutes** wall clock (${Math.round(b.wallS)} s, ` +
        `load average ${round(b.loadBefore, 1)} when it started), ${b.files} files, ${b.tests} tests: ${b.passed} ` +
        `passed, ${b.failed} failed.`,
      `  Output: ${warningsOf(b)}.`,
    ]),
    '- The unit lane alone, the loop to run while working, is section m.',
    '',
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = [await benchSuite('test'), await benchSuite('test:all')];
  const text = suiteSection(runs).join('\n');
  const file = join(root, 'BENCHMARKS.md');
  await writeFile(file, withSection(await readFile(file, 'utf8'), HEADING, text));
  process.stdout.write(`${text}\n`);
}
