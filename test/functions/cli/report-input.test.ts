// `report --history DIR` on a history it cannot trust: malformed lines are skipped and counted,
// never exit 70; a day file that is a FIFO or a device is refused at once; and a period with no run, or a folder
// that does not exist, says so and exits 3 instead of "target met", exit 0.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_COULD_NOT_RUN } from '../../../functions/cli/frame';
import { main } from '../../../functions/cli/main';
import type { RunLogLine } from '../../../functions/contract';
import type { AvailabilityReport } from '../../../functions/report/availability';
import { simulateMonth } from '../../../sim/month';
import { captureIo } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-report-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const day = simulateMonth({ month: '2026-10', servers: ['default'], events: [] }).slice(0, 1440) as RunLogLine[];
const good = day[0] as RunLogLine;
const failure = {
  server: 'default',
  check: 'token',
  code: 'OKTA_SERVER_ERROR',
  summary: 's',
  remedy: 'r',
  requestId: 'req1',
};

/** What the review wrote into a day file: each made `report` exit 70 with no report at all. */
const MALFORMED = [
  { ...good, servers: 'default' },
  { ...good, servers: [null] },
  { ...good, failures: [null] },
  { ...good, pending: 5 },
  { ...good, failures: [{ ...failure, httpStatus: '<b>503</b>' }] },
].map((line) => JSON.stringify(line));

function history(name: string, lines: readonly string[]): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, '2026-10-01.jsonl'), `${lines.join('\n')}\n`);
  return folder;
}

const OCTOBER_1 = ['--since', '2026-10-01', '--until', '2026-10-02'];

describe('report --history on malformed lines', () => {
  it('skips each malformed line, counts it on stderr, in the text and in --json, and reports the rest', async () => {
    const folder = history('malformed', [...day.map((l) => JSON.stringify(l)), ...MALFORMED]);

    const text = captureIo();
    expect(await main(['report', ...octoberFirst(folder)], text)).toBe(0);
    expect(text.err().replace(/\s+/g, ' ')).toBe(
      'report: skipped 5 lines that are not whole run lines (torn, edited or of another shape) ',
    );
    expect(text.out().replace(/\s+/g, ' ')).toMatch(/skipped 5 lines that are not whole run lines/);

    const json = captureIo();
    expect(await main(['report', ...octoberFirst(folder), '--json'], json)).toBe(0);
    const report = JSON.parse(json.out()) as AvailabilityReport & { skippedLines: number };
    expect(report.skippedLines).toBe(5);
    expect(report.runs).toBe(1440);
  });

  it('a day of nothing but malformed lines: no runs, said so, exit 3', async () => {
    const folder = history('only-malformed', MALFORMED);
    const io = captureIo();
    expect(await main(['report', ...octoberFirst(folder)], io)).toBe(EXIT_COULD_NOT_RUN);
    expect(io.err().replace(/\s+/g, ' ')).toContain('report: skipped 5 lines');
    expect(io.err().replace(/\s+/g, ' ')).toContain(
      `report: no runs between 2026-10-01T00:00Z and 2026-10-02T00:00Z in ${folder}`,
    );
    expect(io.out()).toBe('');
  });
});

describe('report with nothing to report on', () => {
  it('no run in the period: "no runs between X and Y in DIR", exit 3, never "target met"', async () => {
    const folder = history(
      'elsewhere',
      day.map((l) => JSON.stringify(l)),
    );
    const io = captureIo();
    expect(await main(['report', '--month', '2026-09', '--history', folder], io)).toBe(3);
    expect(io.err().replace(/\s+/g, ' ')).toMatch(
      new RegExp(
        `^report: no runs between 2026-09-01T00:00Z and 2026-10-01T00:00Z in ${folder}: keep runs with ` +
          `"npx --no-install okta-synthetics run --config FILE --history `,
      ),
    );
    expect(io.out().replace(/\s+/g, ' ')).not.toMatch(/met/);
  });

  it('a history folder that does not exist (a typo in a cron path): exit 3, naming it', async () => {
    const io = captureIo();
    expect(await main(['report', ...octoberFirst(join(dir, 'no-such-folder'))], io)).toBe(3);
    expect(io.err().replace(/\s+/g, ' ')).toBe(
      `report: --history ${join(dir, 'no-such-folder')}: no folder ${join(dir, 'no-such-folder')} `,
    );
  });

  it('a file named as the folder: exit 3, saying what it should be', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const io = captureIo();
    expect(await main(['report', ...octoberFirst(file)], io)).toBe(3);
    expect(io.err().replace(/\s+/g, ' ')).toContain(
      'is not a folder: "run --history DIR" writes one file per day into a folder',
    );
  });
});

describe('report --history on a day file that is not a file', () => {
  it('a FIFO as a day: refused at once (it waited for a writer for ever)', async () => {
    const folder = join(dir, 'fifo');
    mkdirSync(folder);
    execFileSync('mkfifo', [join(folder, '2026-10-01.jsonl')]);
    const io = captureIo();
    const started = performance.now();
    expect(await main(['report', ...octoberFirst(folder)], io)).toBe(3);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(io.err().replace(/\s+/g, ' ')).toContain('2026-10-01.jsonl (not a regular file but a FIFO (named pipe))');
  });

  it('/dev/zero as a day: refused before a byte is read (it ate 2.5 GB and aborted)', async () => {
    const folder = join(dir, 'zero');
    mkdirSync(folder);
    symlinkSync('/dev/zero', join(folder, '2026-10-01.jsonl'));
    const io = captureIo();
    const before = process.memoryUsage().rss;
    expect(await main(['report', ...octoberFirst(folder)], io)).toBe(3);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(io.err().replace(/\s+/g, ' ')).toContain(
      '2026-10-01.jsonl (not a regular file but a character device (like /dev/zero))',
    );
  });
});

function octoberFirst(folder: string): string[] {
  return [...OCTOBER_1, '--history', folder];
}
