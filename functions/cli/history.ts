// The CLI's own run history, for the availability report without AWS: `run --history DIR` appends each run's line
// (the Lambda's run line, from the same builder) to DIR/YYYY-MM-DD.jsonl, one file per UTC day, so a month is
// read by opening its days and old days are pruned by deleting files. `run --every N` repeats the run at a fixed
// rate, in the foreground or under a service manager; a crontab line without --every works the same way.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunLogLine } from '../contract';
import { parseRunLine } from '../report/parse-run-line';
import type { Period } from '../report/period';
import { UsageError } from './frame';

const DAY = 86_400_000;

/** The file a run's line goes to: its UTC day. */
export function historyFile(dir: string, startedAt: string): string {
  return join(dir, `${startedAt.slice(0, 10)}.jsonl`);
}

export function appendRunLine(dir: string, line: RunLogLine): string {
  const file = historyFile(dir, line.startedAt);
  try {
    mkdirSync(dir, { recursive: true });
    // One write per line, with O_APPEND: two runs sharing a directory never interleave within a line.
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  } catch (error) {
    throw new UsageError(`run: --history ${dir}: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'run');
  }
  return file;
}

export interface History {
  readonly lines: RunLogLine[];
  /** Lines that are not run lines (a torn write, a hand edit): skipped and counted, never fatal. */
  readonly skipped: number;
  readonly files: number;
}

/** The run lines of the period's days; days without a file are days the CLI did not run. */
export function readHistory(dir: string, period: Period): History {
  const lines: RunLogLine[] = [];
  let skipped = 0;
  let files = 0;
  for (let day = Math.floor(period.start / DAY) * DAY; day < period.end; day += DAY) {
    let text: string;
    try {
      text = readFileSync(historyFile(dir, new Date(day).toISOString()), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new UsageError(`report: --history ${dir}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'report');
    }
    files += 1;
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      const line = parseRunLine(raw);
      if (line === undefined) skipped += 1;
      else lines.push(line);
    }
  }
  return { lines, skipped, files };
}

/**
 * Runs `once` every `seconds`, at a fixed rate from the first run (a slow run delays only itself: missed slots are
 * skipped, never bunched), `count` times or until `signal` aborts. Returns the last run's exit code.
 */
export async function repeatEvery(seconds: number, once: () => Promise<number>, options: { count?: number; signal: AbortSignal; now?: () => number }): Promise<number> {
  const now = options.now ?? Date.now;
  const every = seconds * 1000;
  const first = now();
  let code = 0;
  for (let run = 0; options.count === undefined || run < options.count; run += 1) {
    code = await once();
    if (options.signal.aborted || (options.count !== undefined && run + 1 >= options.count)) break;
    const next = first + Math.ceil((now() - first + 1) / every) * every;
    try {
      await sleep(Math.max(0, next - now()), undefined, { signal: options.signal });
    } catch {
      break;
    }
  }
  return code;
}

/** --every SECONDS [--count N]. */
export interface Repeat {
  readonly seconds: number;
  readonly count?: number;
}

/** --every SECONDS [--count N]: the run repeated until Ctrl-C or SIGTERM, which end it between runs. */
export function readRepeat(every: string | undefined, count: string | undefined): Repeat | undefined {
  if (every === undefined) {
    if (count !== undefined) throw new UsageError('run: --count needs --every SECONDS', 'run');
    return undefined;
  }
  const seconds = Number(every);
  if (!Number.isInteger(seconds) || seconds < 10 || seconds > 86_400) throw new UsageError(`run: --every expects whole seconds from 10 to 86400 (60 = once a minute, as deployed); got "${every}"`, 'run');
  const n = count === undefined ? undefined : Number(count);
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new UsageError(`run: --count expects a whole number of runs, at least 1; got "${count}"`, 'run');
  return { seconds, ...(n !== undefined ? { count: n } : {}) };
}

export async function repeatRuns(repeat: Repeat | undefined, once: () => Promise<number>): Promise<number> {
  if (repeat === undefined) return once();
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await repeatEvery(repeat.seconds, once, { signal: stop.signal, ...(repeat.count !== undefined ? { count: repeat.count } : {}) });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
