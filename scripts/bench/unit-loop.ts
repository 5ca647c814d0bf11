// (m) The unit loop: `npm run test:unit`, the lane CONTRIBUTING promises under 45 s on 2 cores, timed
// as a contributor runs it: a fresh vitest process, wall clock from spawn to exit, on this machine.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, pass, round } from './stats';

export const UNIT_LOOP_HEADING = '## m. The unit loop';

/** CONTRIBUTING.md's promise for the unit lane. */
export const UNIT_LOOP_GOAL_S = 45;

export interface UnitLoopBench {
  readonly wallS: readonly number[];
  readonly files: number;
  readonly tests: number;
  readonly passed: boolean;
  /** Other work on the machine lands on the wall clock: the reader needs it beside the figure. */
  readonly loadAverage: number;
}

/**
 * One `vitest run --project unit` in a fresh process: its wall time and vitest's own counts (its JSON report, in a
 * file: the tests' own console lines share stdout).
 */
async function once(root: string): Promise<{ wallS: number; files: number; tests: number; passed: boolean }> {
  // vitest's bin (its package exports no subpath for it): the repository's own install, as `npm run` finds it.
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-bench-unit-'));
  const report = join(dir, 'report.json');
  try {
    const started = performance.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [vitest, 'run', '--project', 'unit', '--reporter', 'json', '--outputFile', report],
        { cwd: root, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } },
      );
      child.on('error', reject);
      child.on('close', resolve);
    });
    const wallS = (performance.now() - started) / 1000;
    const json = JSON.parse(await readFile(report, 'utf8').catch(() => '{}')) as {
      numTotalTests?: number;
      numPassedTests?: number;
      testResults?: unknown[];
    };
    const tests = json.numTotalTests ?? 0;
    return {
      wallS,
      files: json.testResults?.length ?? 0,
      tests,
      passed: code === 0 && tests > 0 && json.numPassedTests === tests,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchUnitLoop(root: string, runs: number): Promise<UnitLoopBench> {
  const loadAverage = loadavg()[0] ?? 0;
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await once(root));
  return {
    wallS: samples.map((s) => s.wallS),
    files: samples[0]?.files ?? 0,
    tests: samples[0]?.tests ?? 0,
    passed: samples.every((s) => s.passed),
    loadAverage,
  };
}

export function unitLoopSection(b: UnitLoopBench): string[] {
  const wall = median(b.wallS);
  return [
    UNIT_LOOP_HEADING,
    '',
    `\`npm run test:unit\`'s \`vitest run --project unit\` (${b.files} files, ${b.tests} tests, ${b.passed ? 'all passing' : 'NOT all passing'}), ` +
      (`${b.wallS.length} fresh runs on this machine's ${cpus().length} cores, wall clock from spawn to exit: ` +
        `median ${round(wall, 1)} s `) +
      (`(${b.wallS.map((s) => `${round(s, 1)} s`).join(', ')}). Goal (CONTRIBUTING: under ${UNIT_LOOP_GOAL_S} ` +
        `s on 2 cores): ${pass(wall < UNIT_LOOP_GOAL_S)}. `) +
      ('The lane leaves out CLI spawns, CDK synths, hostile servers and real waits (test/lanes.ts), and its ' +
        'files share one worker ') +
      "(vitest `isolate: false`; `npm run test:unit:shuffle` proves no file depends on another's leftovers). " +
      `1-minute load average when the runs began: ${round(b.loadAverage, 1)}.`,
    '',
  ];
}
