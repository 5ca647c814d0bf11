// The one reader of the deployed probe's run lines in its CloudWatch Logs group, with one filter and one parser for
// every reader: the availability report's period (`report`, readRunLog) and the last minutes (the notifier and
// `status`, readRecentRuns). FilterLogEvents pages hold at most 1 MB or 10,000 events, and may be empty while more
// follow: only a missing nextToken ends a range. Chosen over Logs Insights and over the metrics by measurement
// (BENCHMARKS.md, section h): the metrics keep 1-minute data only 15 days, and Insights answers at most 10,000 rows a
// query.
import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { RUN_LOG_MESSAGE, type RunLogLine, DAY_MS } from '../contract';
import { budget } from '../deadline';
import type { Period } from './period';
import { parseRunLine } from './parse-run-line';

/** Only the run lines, not Lambda's START/END/REPORT lines nor EMF: a JSON filter on the line's message field. */
export const RUN_LINE_FILTER = `{ $.message = "${RUN_LOG_MESSAGE}" }`;

/** An event the filter matched: its text, and the run line it holds (undefined for anything else, or a torn write). */
interface MatchedEvent {
  readonly text: string;
  readonly line: RunLogLine | undefined;
}

/**
 * The pages of one time range, each as its events, requested one at a time as the caller asks for the next: a
 * caller that stops iterating requests no more. `signal` gives each request its abort signal (a deadline).
 */
async function* runLinePages(
  client: CloudWatchLogsClient,
  range: { readonly logGroupName: string; readonly startTime: number; readonly endTime: number },
  signal?: () => AbortSignal,
): AsyncGenerator<readonly MatchedEvent[]> {
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new FilterLogEventsCommand({
        ...range,
        filterPattern: RUN_LINE_FILTER,
        ...(nextToken !== undefined ? { nextToken } : {}),
      }),
      signal !== undefined ? { abortSignal: signal() } : {},
    );
    yield (page?.events ?? []).map((event) => ({ text: event.message ?? '', line: parseRunLine(event.message ?? '') }));
    nextToken = page?.nextToken;
  } while (nextToken !== undefined);
}

const EDGE_MS = 60_000;
/**
 * A day per slice: each slice's pages are read in sequence (each needs the last one's nextToken), slices side by side.
 */
/** Slices read at once: a month in about a quarter of the time, well inside the account's FilterLogEvents rate. */
export const READ_CONCURRENCY = 4;

interface RunLogRead {
  /** Run lines handed to onLine. */
  readonly lines: number;
  /** FilterLogEvents calls made. */
  readonly calls: number;
  /** Bytes of the messages received. */
  readonly bytes: number;
  /** Events that matched but were not run lines. */
  readonly skipped: number;
}

/**
 * Every run line of the period, handed to `onLine` as its page arrives (never all held at once), in no particular
 * order: the period is cut into day slices, read READ_CONCURRENCY at a time.
 */
export async function readRunLog(
  client: CloudWatchLogsClient,
  logGroupName: string,
  period: Period,
  onLine: (line: RunLogLine) => void,
): Promise<RunLogRead> {
  const totals = { lines: 0, calls: 0, bytes: 0, skipped: 0 };
  // A line is stamped when written, after its run started: the first and last slices reach a minute beyond the
  // period (the report keeps the runs whose startedAt is in it); inner slices meet without overlap.
  const slices: [number, number][] = [];
  for (let at = period.start; at < period.end; at += DAY_MS) {
    const end = Math.min(period.end, at + DAY_MS);
    slices.push([at === period.start ? at - EDGE_MS : at, end === period.end ? end + EDGE_MS : end - 1]);
  }
  const readSlice = async ([startTime, endTime]: [number, number]): Promise<void> => {
    for await (const page of runLinePages(client, { logGroupName, startTime, endTime })) {
      totals.calls += 1;
      for (const { text, line } of page) {
        totals.bytes += Buffer.byteLength(text);
        if (line === undefined) totals.skipped += 1;
        else {
          totals.lines += 1;
          onLine(line);
        }
      }
    }
  };
  const queue = [...slices];
  await Promise.all(
    Array.from({ length: Math.min(READ_CONCURRENCY, queue.length) }, async () => {
      for (let slice = queue.shift(); slice !== undefined; slice = queue.shift()) await readSlice(slice);
    }),
  );
  return totals;
}

/** How far back readRecentRuns reads: enough for the streak of a 1-minute schedule and a few 5-minute periods. */
export const LOOKBACK_MS = 15 * 60_000;
/**
 * The lookback is read newest first, in windows each twice the one after it (1, 2, 4 and 8 minutes back), so
 * that whatever the byte and page caps leave out is the oldest runs, never the current cause.
 */
export const WINDOWS_MS = [60_000, 120_000, 240_000, 480_000] as const;
/** At most this many bytes of log messages are parsed, at most this many pages requested. */
const MAX_LOG_BYTES = 1_000_000;
export const MAX_PAGES = 8;
/** All the reads of readRecentRuns together, when the caller sets no deadline of its own. */
export const RECENT_READ_MS = 10_000;

/**
 * Run lines of the last LOOKBACK_MS, newest window first, within the caps and the deadline (the notifier, `status`).
 */
export async function readRecentRuns(
  client: CloudWatchLogsClient,
  logGroupName: string,
  now: number,
  deadline = now + RECENT_READ_MS,
): Promise<RunLogLine[]> {
  const runs: RunLogLine[] = [];
  let bytes = 0;
  let pages = 0;
  let end = now;
  for (const span of WINDOWS_MS) {
    const start = end - span + 1;
    for await (const page of runLinePages(client, { logGroupName, startTime: start, endTime: end }, () =>
      budget(deadline),
    )) {
      pages += 1;
      for (const { text, line } of page) {
        bytes += text.length;
        if (bytes > MAX_LOG_BYTES) break;
        if (line !== undefined) runs.push(line);
      }
      // Checked before the next page is asked for, of this window or the next.
      if (pages >= MAX_PAGES || bytes >= MAX_LOG_BYTES) return runs;
    }
    end = start - 1;
  }
  return runs;
}
