// The CLI's own run history, for the availability report without AWS: `run --history DIR` appends each run's line
// (the Lambda's run line, from the same builder) to DIR/YYYY-MM-DD.jsonl, one file per UTC day, so a month is
// read by opening its days and old days are pruned by deleting files. `run --every N` repeats the run at a fixed
// rate, in the foreground or under a service manager; a crontab line without --every works the same way.
import { DAY_MS } from '../contract';
import { pause } from '../deadline';
import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { join } from 'node:path';
import { errnoText, INPUT_FILES, readRegularFile } from '../read-file';
import type { RunLogLine } from '../contract';
import { parseRunLine } from '../report/parse-run-line';
import type { Period } from '../report/period';
import { UsageError } from './frame';
import { folderProblem } from './private-folder';

/** The file a run's line goes to: its UTC day. */
export function historyFile(dir: string, startedAt: string): string {
  return join(dir, `${startedAt.slice(0, 10)}.jsonl`);
}

/** YYYY-MM-DD of a day's first ms. */
const dayOf = (day: number): string => new Date(day).toISOString().slice(0, 10);

/** A run line that could not be kept: the file and why, for one warning. */
class HistoryWriteError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot write ${file} (${reason})`);
  }
}

/**
 * Appends the run's line to its day's file. A line torn by a full disk or a killed process is repaired on both
 * sides: a write that fails midway is cut back to where the file ended, and a file found ending without a newline
 * gets one first, so this run's line starts on a fresh line and only the torn run is lost, never the next one too.
 */
export function appendRunLine(dir: string, line: RunLogLine): string {
  const file = historyFile(dir, line.startedAt);
  let fd: number;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new HistoryWriteError(file, errnoText(error));
  }
  const unsafe = folderProblem(dir);
  if (unsafe !== undefined) throw new HistoryWriteError(file, unsafe);
  try {
    // O_NONBLOCK: a FIFO put in the day's place must not hold the run; it is refused below. O_NOFOLLOW: a link planted
    // in the day's place is refused (ELOOP), never followed to a file elsewhere that the run would append to.
    fd = openSync(
      file,
      constants.O_RDWR |
        constants.O_APPEND |
        constants.O_CREAT |
        (constants.O_NONBLOCK ?? 0) |
        (constants.O_NOFOLLOW ?? 0),
      0o644,
    );
  } catch (error) {
    throw new HistoryWriteError(file, errnoText(error));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new HistoryWriteError(file, 'not a regular file');
    const torn = stats.size > 0 && lastByte(fd, stats.size) !== NEWLINE;
    // One write per line, with O_APPEND: two runs sharing a directory never interleave within a line.
    writeWhole(fd, Buffer.from(`${torn ? '\n' : ''}${JSON.stringify(line)}\n`), stats.size);
  } catch (error) {
    throw error instanceof HistoryWriteError ? error : new HistoryWriteError(file, errnoText(error));
  } finally {
    closeSync(fd);
  }
  return file;
}

const NEWLINE = 0x0a;

function lastByte(fd: number, size: number): number | undefined {
  const byte = Buffer.alloc(1);
  return readSync(fd, byte, 0, 1, size - 1) === 1 ? byte[0] : undefined;
}

/** Writes all of `bytes`; on a failure midway (ENOSPC), the part written is cut off again, back to `size`. */
function writeWhole(fd: number, bytes: Buffer, size: number): void {
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch (error) {
    // Only what this write added: a file longer than that means another run appended meanwhile, and its line stays.
    try {
      if (written > 0 && fstatSync(fd).size <= size + bytes.length) ftruncateSync(fd, size);
    } catch {
      // The next append starts on a fresh line anyway.
    }
    throw error;
  }
}

/** Where `run --history` keeps its lines across the runs of one process; a failing write is a warning, not the end. */
export interface HistoryWriter {
  /** Keeps the line; false when it could not (warned on stderr once, until a write succeeds again). */
  keep(line: RunLogLine): boolean;
}

/**
 * A history writer for `run --history DIR [--every N]`. A full disk or a folder turned read-only loses the runs it
 * cannot keep, never the loop or the report: the first failure is said once, with the runs lost counted when the
 * writes resume.
 */
export function historyWriter(dir: string, warn: (text: string) => void): HistoryWriter {
  let lost = 0;
  return {
    keep(line) {
      try {
        appendRunLine(dir, line);
      } catch (error) {
        if (!(error instanceof HistoryWriteError)) throw error;
        if (lost === 0)
          warn(
            `run: --history ${dir}: ${error.message}: this run's report is above but its line is not kept; ` +
              `the runs go on, and each tries again\n`,
          );
        lost += 1;
        return false;
      }
      if (lost > 0)
        warn(`run: --history ${dir}: writing again; ${lost} run${lost === 1 ? ' was' : 's were'} not kept\n`);
      lost = 0;
      return true;
    },
  };
}

export interface History {
  readonly lines: RunLogLine[];
  /**
   * Lines that are not run lines (a torn write, a hand edit, a member of the wrong type): skipped and counted, never
   * fatal.
   */
  readonly skipped: number;
  readonly files: number;
}

/** What `report` and `status-page` say of the lines they skipped; empty when none was. */
export function skippedNote(skipped: number): string {
  return skipped === 0
    ? ''
    : `skipped ${skipped} ${
        skipped === 1 ? 'line that is not a whole run line' : 'lines that are not whole run ' + 'lines'
      } (torn, edited or of another shape)`;
}

/** A history that cannot be read: no such folder, or a day file that is not a file the CLI wrote. */
export class HistoryReadError extends Error {}

/**
 * The run lines of the period's days; days without a file are days the CLI did not run. Each day is read as every
 * file a user names is: a regular file only, capped (a FIFO in its place would hang the report, /dev/zero fill memory).
 */
export function readHistory(dir: string, period: Period): History {
  let folder: Stats;
  try {
    folder = statSync(dir);
  } catch (error) {
    throw new HistoryReadError(
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `no folder ${dir}`
        : `cannot read ${dir} (${errnoText(error)})`,
    );
  }
  if (!folder.isDirectory())
    throw new HistoryReadError(`${dir} is not a folder: "run --history DIR" writes one file per day into a folder`);
  const lines: RunLogLine[] = [];
  let skipped = 0;
  let files = 0;
  for (let day = Math.floor(period.start / DAY_MS) * DAY_MS; day < period.end; day += DAY_MS) {
    const file = historyFile(dir, dayOf(day));
    const read = readRegularFile(file, INPUT_FILES.historyDay);
    if ('problem' in read) {
      if (read.problem.startsWith('ENOENT')) continue;
      throw new HistoryReadError(`cannot read ${file} (${read.problem})`);
    }
    files += 1;
    const date = dayOf(day);
    for (const raw of read.bytes.toString('utf8').split('\n')) {
      if (raw.trim() === '') continue;
      const line = parseRunLine(raw);
      // The writer keeps a run in its own day's file (historyFile): a line of another day was copied there, and
      // read twice it would count its run twice.
      if (line === undefined || !line.startedAt.startsWith(date)) skipped += 1;
      else lines.push(line);
    }
  }
  return { lines, skipped, files };
}

/**
 * Runs `once` every `seconds`, at a fixed rate from the first run (a slow run delays only itself: missed slots are
 * skipped, never bunched), `count` times or until `signal` aborts. Returns the last run's exit code.
 */
export async function repeatEvery(
  seconds: number,
  once: () => Promise<number>,
  options: { count?: number; signal: AbortSignal; now?: () => number },
): Promise<number> {
  const now = options.now ?? Date.now;
  const every = seconds * 1000;
  const first = now();
  let code = 0;
  let slot = 0;
  for (let run = 0; options.count === undefined || run < options.count; run += 1) {
    code = await once();
    if (options.signal.aborted || (options.count !== undefined && run + 1 >= options.count)) break;
    // The next slot after the one just run, never the same one again: a timer may fire a millisecond before the
    // wall clock reaches its slot, which would otherwise read as the slot still to come and run twice in it.
    slot = Math.max(slot + 1, Math.ceil((now() - first + 1) / every));
    const next = first + slot * every;
    try {
      await pause(next - now(), options.signal);
    } catch {
      break;
    }
  }
  return code;
}

/** --every SECONDS [--count N]. */
interface Repeat {
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
  if (!Number.isInteger(seconds) || seconds < 10 || seconds > 86_400)
    throw new UsageError(
      `run: --every expects whole seconds from 10 to 86400 (60 = once a minute, as deployed); got "${every}"`,
      'run',
    );
  const n = count === undefined ? undefined : Number(count);
  if (n !== undefined && (!Number.isInteger(n) || n < 1))
    throw new UsageError(`run: --count expects a whole number of runs, at least 1; got "${count}"`, 'run');
  return { seconds, ...(n !== undefined ? { count: n } : {}) };
}

export async function repeatRuns(repeat: Repeat | undefined, once: () => Promise<number>): Promise<number> {
  if (repeat === undefined) return once();
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await repeatEvery(repeat.seconds, once, {
      signal: stop.signal,
      ...(repeat.count !== undefined ? { count: repeat.count } : {}),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The folder, under the user's state home, where runs without --history keep what they must remember. */
const STATE_FOLDER = 'okta-synthetics';

/**
 * Where a run without --history keeps the journeys' state and what checks remember: the XDG state home
 * ($XDG_STATE_HOME, else ~/.local/state), then one folder per Okta org, so two configs for two orgs never share a
 * journey's refused password. A one-off run from the shell must remember a refused password as a cron run does:
 * three tries of a config would otherwise lock the synthetic user out. undefined when the environment names no home
 * (a service with an empty environment): the caller says so, and the run remembers nothing.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv, orgUrl: string): string | undefined {
  const xdg = env.XDG_STATE_HOME;
  // The XDG base directory spec: a relative path in the variable is invalid and is ignored.
  const base =
    xdg !== undefined && xdg.startsWith('/')
      ? xdg
      : env.HOME !== undefined && env.HOME !== ''
        ? join(env.HOME, '.local', 'state')
        : undefined;
  if (base === undefined) return undefined;
  return join(base, STATE_FOLDER, orgFolder(orgUrl));
}

/** The org's host (and port), as a file name: "acme.okta.com", "127.0.0.1_4000". */
function orgFolder(orgUrl: string): string {
  let host: string;
  try {
    host = new URL(orgUrl).host;
  } catch {
    host = orgUrl;
  }
  return host.replace(/[^A-Za-z0-9.-]/g, '_') || 'org';
}

/** The default state folder, created private to the user now; undefined with why when it cannot be. */
export function openStateDir(dir: string): { readonly dir: string } | { readonly problem: string } {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    return { problem: errnoText(error) };
  }
  const unsafe = folderProblem(dir);
  return unsafe === undefined ? { dir } : { problem: unsafe };
}
