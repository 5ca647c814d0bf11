// `run --history DIR` on a disk that misbehaves: the report is printed before the line is kept, a folder
// that stops being writable mid-loop is one warning and the loop goes on, and a line torn by a full disk or a killed
// process costs that run alone, never the next one glued to it.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendRunLine, historyFile, historyWriter, readHistory, repeatEvery } from '../../../functions/cli/history';
import { probeAndReport } from '../../../functions/cli/run';
import { loadConfigFile } from '../../../functions/config/parse';
import type { RunLogLine } from '../../../functions/contract';
import { rangePeriod } from '../../../functions/report/period';
import { writeSimulatorConfig } from '../../../sim/config';
import { simulateMonth } from '../../../sim/month';
import { useSimulator } from '../../support/simulator';
import { captureIo, ROOT } from './helpers';

const sim = useSimulator();
const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const [first, second, third] = simulateMonth({ month: '2026-10', servers: ['default'], events: [] }) as [
  RunLogLine,
  RunLogLine,
  RunLogLine,
];
const OCTOBER_1 = rangePeriod('2026-10-01', '2026-10-02', Date.parse('2026-11-01T00:00:00Z'));

describe('a line torn by a full disk or a killed process', () => {
  it(
    'is left on a line of its own: the next run starts on a fresh line, and the report skips and counts the ' +
      'torn one',
    () => {
      const history = join(dir, 'torn');
      appendRunLine(history, first);
      const file = historyFile(history, first.startedAt);
      // What a write cut off by ENOSPC leaves: half a line, no newline.
      writeFileSync(file, JSON.stringify(second).slice(0, 80), { flag: 'a' });

      appendRunLine(history, third);

      const text = readFileSync(file, 'utf8');
      expect(text.split('\n')).toEqual([
        JSON.stringify(first),
        JSON.stringify(second).slice(0, 80),
        JSON.stringify(third),
        '',
      ]);
      const read = readHistory(history, OCTOBER_1);
      expect(read.lines.map((l) => l.startedAt)).toEqual([first.startedAt, third.startedAt]);
      expect(read.skipped).toBe(1);
    },
  );

  it(
    'a write cut off by a full disk is cut back: the file ends on its last whole line, and the next run ' +
      'appends cleanly',
    () => {
      // A child whose file-size limit (4 KB) stands for the full disk: its writes past it fail with EFBIG, after a
      // partial write, as on a full disk with ENOSPC. appendFileSync left the partial line behind.
      const history = join(dir, 'full');
      const tsx = join(ROOT, 'node_modules/.bin/tsx');
      const out = execFileSync(
        'sh',
        ['-c', `ulimit -f 8; exec "${tsx}" "${join(ROOT, 'test/support/fill-history.ts')}" "${history}"`],
        { encoding: 'utf8' },
      );
      const { kept, error } = JSON.parse(out) as { kept: number; error: string };
      expect(error).toMatch(/^cannot write .*2026-10-01\.jsonl \(EFBIG\)$/);
      expect(kept).toBeGreaterThan(3);

      const file = historyFile(history, first.startedAt);
      expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
      expect(readHistory(history, OCTOBER_1)).toMatchObject({ skipped: 0, lines: { length: kept } });
      // Space again: the next run's line follows the last whole one.
      appendRunLine(history, { ...third, startedAt: '2026-10-01T23:59:00.000Z' });
      expect(readHistory(history, OCTOBER_1)).toMatchObject({ skipped: 0, lines: { length: kept + 1 } });
    },
  );

  it("a link planted in a day's place is refused, never followed to the file it names", () => {
    const history = join(dir, 'planted');
    mkdirSync(history, { mode: 0o700 });
    const target = join(dir, 'not-history.txt');
    writeFileSync(target, 'untouched\n');
    symlinkSync(target, historyFile(history, first.startedAt));
    expect(() => appendRunLine(history, first)).toThrow(/cannot write .*2026-10-01\.jsonl \(.*ELOOP/);
    expect(readFileSync(target, 'utf8')).toBe('untouched\n');
  });

  it('a folder others may write to is refused with the fix, as ssh refuses such a ~/.ssh', () => {
    const history = join(dir, 'open-to-all');
    mkdirSync(history);
    chmodSync(history, 0o777);
    expect(() => appendRunLine(history, first)).toThrow(/others may write to .*open-to-all \(mode 777\): chmod go-w/);
    chmodSync(history, 0o700);
    expect(() => appendRunLine(history, first)).not.toThrow();
  });

  it('a day file replaced by a FIFO: the write is refused at once, not blocked waiting for a reader', () => {
    const history = join(dir, 'fifo-day');
    mkdirSync(history);
    const file = historyFile(history, first.startedAt);
    execMkfifo(file);
    const started = performance.now();
    expect(() => appendRunLine(history, first)).toThrow(/cannot write .*2026-10-01\.jsonl \(not a regular file\)/);
    expect(performance.now() - started).toBeLessThan(1000);
    rmSync(file);
  });
});

describe('run --history DIR --every N on a folder that stops being writable', () => {
  it(
    "prints every run's report, warns once, keeps looping, " + 'and says how many runs were lost when writes resume',
    async () => {
      const config = await writeSimulatorConfig(sim(), join(dir, 'sim-config'));
      const loaded = loadConfigFile(config, 'cli', {});
      if (!loaded.ok) throw new Error(loaded.errors.join('; '));
      const kept = join(dir, 'kept');
      mkdirSync(kept);
      // The folder named by --history is a link; mid-loop it points at a folder no one may write, root included.
      const history = join(dir, 'runs');
      symlinkSync(kept, history);
      const point = (target: string): void => {
        rmSync(history);
        symlinkSync(target, history);
      };
      const io = captureIo();
      const writer = historyWriter(history, io.stderr);
      let run = 0;

      const code = await repeatEvery(
        0.05,
        () => {
          run += 1;
          if (run === 2) point('/sys/kernel');
          if (run === 4) point(kept);
          return probeAndReport(loaded.config.probe, io, { json: true, compact: false, history: writer });
        },
        { count: 4, signal: new AbortController().signal },
      );

      expect(code).toBe(0);
      expect(run).toBe(4);
      // Each run's report is printed, the ones whose line was lost included.
      expect(io.out().match(/"schemaVersion"/g)).toHaveLength(4);
      const warnings = io
        .err()
        .split('\n')
        .filter((l) => l.includes('--history'));
      expect(warnings).toEqual([
        expect.stringMatching(
          /^run: --history .*runs: cannot write .*\.jsonl \(EACCES: permission denied\): this run's report is above but its line is not kept; the runs go on, and each tries again$/,
        ),
        expect.stringMatching(/^run: --history .*runs: writing again; 2 runs were not kept$/),
      ]);
      const lines = readHistory(
        kept,
        rangePeriod(new Date(Date.now() - 3_600_000).toISOString().slice(0, 10), undefined, Date.now()),
      ).lines;
      expect(lines).toHaveLength(2);
    },
  );
});

function execMkfifo(path: string): void {
  // node has no mkfifo; the coreutils one is everywhere the tests run (Linux, macOS).
  execFileSync('mkfifo', [path]);
}
