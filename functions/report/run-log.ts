// The deployed probe's run lines, read back from its CloudWatch Logs group with FilterLogEvents: every run line of
// the period, paged (a page holds at most 1 MB or 10,000 events, and may be empty while more follow: only a missing
// nextToken ends it). Chosen over Logs Insights and over the metrics by measurement (BENCHMARKS.md, section h):
// the metrics keep 1-minute data only 15 days, and Insights answers at most 10,000 rows a query.
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { RUN_LOG_MESSAGE, type RunLogLine } from '../contract';
import type { Period } from './period';
import { parseRunLine } from './run-line';

/** Only the run lines, not Lambda's START/END/REPORT lines nor EMF: a JSON filter on the line's message field. */
export const RUN_LINE_FILTER = `{ $.message = "${RUN_LOG_MESSAGE}" }`;

const EDGE_MS = 60_000;
/** A day per slice: each slice's pages are read in sequence (each needs the last one's nextToken), slices side by side. */
const SLICE_MS = 86_400_000;
/** Slices read at once: a month in about a quarter of the time, well inside the account's FilterLogEvents rate. */
export const READ_CONCURRENCY = 4;

export interface RunLogRead {
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
export async function readRunLog(client: CloudWatchLogsClient, logGroupName: string, period: Period, onLine: (line: RunLogLine) => void): Promise<RunLogRead> {
  const totals = { lines: 0, calls: 0, bytes: 0, skipped: 0 };
  // A line is stamped when written, after its run started: the first and last slices reach a minute beyond the
  // period (the report keeps the runs whose startedAt is in it); inner slices meet without overlap.
  const slices: [number, number][] = [];
  for (let at = period.start; at < period.end; at += SLICE_MS) {
    const end = Math.min(period.end, at + SLICE_MS);
    slices.push([at === period.start ? at - EDGE_MS : at, end === period.end ? end + EDGE_MS : end - 1]);
  }
  const readSlice = async ([startTime, endTime]: [number, number]): Promise<void> => {
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new FilterLogEventsCommand({ logGroupName, startTime, endTime, filterPattern: RUN_LINE_FILTER, ...(nextToken !== undefined ? { nextToken } : {}) }),
      );
      totals.calls += 1;
      for (const event of page.events ?? []) {
        const text = event.message ?? '';
        totals.bytes += Buffer.byteLength(text);
        const line = parseRunLine(text);
        if (line === undefined) totals.skipped += 1;
        else {
          totals.lines += 1;
          onLine(line);
        }
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
  };
  const queue = [...slices];
  await Promise.all(
    Array.from({ length: Math.min(READ_CONCURRENCY, queue.length) }, async () => {
      for (let slice = queue.shift(); slice !== undefined; slice = queue.shift()) await readSlice(slice);
    }),
  );
  return totals;
}
