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

export interface RunLogRead {
  readonly lines: RunLogLine[];
  /** FilterLogEvents calls made. */
  readonly calls: number;
  /** Bytes of the messages received. */
  readonly bytes: number;
  /** Events that matched but were not run lines. */
  readonly skipped: number;
}

export async function readRunLog(client: CloudWatchLogsClient, logGroupName: string, period: Period): Promise<RunLogRead> {
  const lines: RunLogLine[] = [];
  let calls = 0;
  let bytes = 0;
  let skipped = 0;
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new FilterLogEventsCommand({
        logGroupName,
        // A line is stamped when written, after its run started: a minute either side catches the runs at the
        // edges; the report keeps those whose startedAt is in the period.
        startTime: period.start - EDGE_MS,
        endTime: period.end + EDGE_MS,
        filterPattern: RUN_LINE_FILTER,
        ...(nextToken !== undefined ? { nextToken } : {}),
      }),
    );
    calls += 1;
    for (const event of page.events ?? []) {
      const text = event.message ?? '';
      bytes += Buffer.byteLength(text);
      const line = parseRunLine(text);
      if (line === undefined) skipped += 1;
      else lines.push(line);
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return { lines, calls, bytes, skipped };
}
