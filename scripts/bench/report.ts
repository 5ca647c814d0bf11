// BENCHMARKS.md section h: the availability report for a month of 90 servers. A simulated month of run lines
// (sim/month.ts) is served by the loopback AWS fake exactly as FilterLogEvents pages a log group (1 MB or 10,000 events
// a page), read through the real SDK client, and reported; the alternatives (Logs Insights, GetMetricData) are priced
// from the same month. Rerun alone: npx --no-install tsx scripts/bench/report.ts (rewrites section h in place); `npm
// run bench` includes it.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeLogGroupName } from '../../functions/contract';
import { AVAILABILITY_CHECKS } from '../../functions/plan/check-table';
import { PRICES, priceOf } from '../../functions/cost/prices';
import { createAvailability } from '../../functions/report/availability';
import { renderAvailabilityHtml } from '../../functions/report/html';
import { monthPeriod } from '../../functions/report/period';
import { READ_CONCURRENCY, readRunLog } from '../../functions/report/run-log';
import { renderAvailabilityText } from '../../functions/report/text';
import { simulateMonth } from '../../sim/month';
import { startAwsFake, type LogEvent } from '../../test/support/aws-fake';

const SERVERS = 90;
const MONTH = '2026-10';
/**
 * Lambda's START/END/REPORT lines per run (scripts/bench.ts PLATFORM_LOG_BYTES): scanned by Insights, not read by us.
 */
const PLATFORM_LOG_BYTES = 330;
const GB = 1024 ** 3;
/** Logs Insights returns at most 10,000 rows a query (CWL_QuerySyntax-Limit). */
const INSIGHTS_ROWS = 10_000;
/** GetMetricData: 500 metrics and 100,800 data points a call; 1-minute data is kept 15 days, 5-minute 63. */
const GMD_POINTS = 100_800;

export async function reportSection(): Promise<string[]> {
  const { servers, lines } = simulatedMonth();
  const events: LogEvent[] = lines.map((line) => ({
    timestamp: Date.parse(line.startedAt) + line.durationMs,
    message: JSON.stringify(line),
  }));
  const lineBytes = events.reduce((n, e) => n + Buffer.byteLength(e.message), 0);
  const period = monthPeriod(MONTH, Date.parse('2026-11-02T00:00:00Z'));
  const fake = await startAwsFake({ logGroups: new Map([[probeLogGroupName('okta-synthetics'), events]]) });
  const client = new CloudWatchLogsClient({
    region: 'eu-west-1',
    endpoint: fake.url,
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
  });
  try {
    const { read, parse, t0, t1, t2, t3, text, html, rss } = await timedReport(client, period, servers);

    const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
    const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    const minutes = period.end / 60_000 - period.start / 60_000;
    return [
      '## i. The availability report: a month of 90 servers',
      '',
      `\`npx --no-install tsx scripts/bench/report.ts\`: ${lines.length.toLocaleString('en-US')} simulated ` +
        `run lines of ${SERVERS} servers (${MONTH}, one a minute, with an Okta outage, ` +
        ('an org misconfiguration, the probe down and a maintenance window), served by the loopback AWS fake ' +
          'as CloudWatch Logs pages FilterLogEvents ') +
        '(at most 1 MB or 10,000 events a page), read with the real SDK client, then reported. ' +
        (`Load average during the run: ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores: with that many ` +
          `runnable processes per core, the times below are up to that many times an idle machine's.`),
      '',
      '| | measured |',
      '|---|---|',
      `| run line, 90 servers | ${Math.round(lineBytes / lines.length).toLocaleString('en-US')} bytes (the ` +
        `\`servers\` field is ${Math.round((JSON.stringify({ servers: lines[0]?.servers }).length - 2) / SERVERS)} ` +
        `bytes a server) |`,
      `| the month's run lines | ${mb(lineBytes)} |`,
      `| FilterLogEvents calls | ${read.calls} (a day per slice, ${READ_CONCURRENCY} slices at a time; each ` +
        `slice's pages in sequence) |`,
      `| read and add every line (loopback; AWS adds its round trips and ${mb(read.bytes)} of transfer) | ${s(t1 - t0)}, ` +
        `of which adding the lines ${s(parse)} |`,
      `| the report from the accumulated minutes (${SERVERS} x ${minutes.toLocaleString('en-US')}) | ${s(t2 - t1)} |`,
      `| text + HTML (${mb(Buffer.byteLength(html))} page, ${text.split('\n').length} text lines) | ${s(t3 - t2)} |`,
      `| memory added (RSS) | ${mb(rss)} |`,
      '',
      '**Cost of one report.** FilterLogEvents has no per-request or per-GB-scanned price on the CloudWatch ' +
        'pricing page: the report ' +
        (`costs nothing but the ${mb(read.bytes)} leaving AWS when it runs outside (inside AWS's free data ` +
          `transfer out for most accounts). The run log it reads is priced `) +
        ('by `okta-synthetics cost`: every server in each line, kept `runLogRetentionDays` (default 400, so ' +
          'this month and the same month a year ago can be reported).'),
      '',
      ...alternatives(lines, lineBytes, period),
    ];
  } finally {
    client.destroy();
    await fake.close();
  }
}

/** A month of run lines of every server, with an Okta outage, an org misconfiguration, the probe down and a window. */
function simulatedMonth(): { servers: string[]; lines: ReturnType<typeof simulateMonth> } {
  // Custom-server ids are as long as Okta's (aus + 17 characters): the run line's size is what is measured.
  const servers = Array.from({ length: SERVERS }, (_, i) => `aus${String(i + 1).padStart(3, '0')}a1b2c3d4e5f6g7`);
  const lines = simulateMonth({
    month: MONTH,
    servers,
    events: [
      {
        kind: 'failure',
        servers: '*',
        from: '2026-10-06T14:21:00Z',
        minutes: 9,
        check: 'token',
        code: 'OKTA_SERVER_ERROR',
        httpStatus: 503,
      },
      {
        kind: 'failure',
        servers: servers.slice(0, 10),
        from: '2026-10-13T16:40:00Z',
        minutes: 38,
        check: 'token',
        code: 'CLAIM_EVALUATION_FAILED',
        httpStatus: 400,
      },
      { kind: 'probe-down', from: '2026-10-09T22:10:00Z', minutes: 47 },
      { kind: 'maintenance', from: '2026-10-24T01:00:00Z', minutes: 60 },
    ],
  });
  return { servers, lines };
}

/** The report as the report command makes it, each step timed. */
async function timedReport(
  client: CloudWatchLogsClient,
  period: ReturnType<typeof monthPeriod>,
  servers: string[],
): Promise<{
  read: Awaited<ReturnType<typeof readRunLog>>;
  parse: number;
  t0: number;
  t1: number;
  t2: number;
  t3: number;
  text: string;
  html: string;
  rss: number;
}> {
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  // As the report command does: each page's lines go straight into the accumulator.
  const accumulator = createAvailability({ period, servers, intervalMinutes: 1 });
  let parse = 0;
  const read = await readRunLog(client, probeLogGroupName('okta-synthetics'), period, (line) => {
    const t = performance.now();
    accumulator.add(line);
    parse += performance.now() - t;
  });
  const t1 = performance.now();
  const report = accumulator.result();
  const t2 = performance.now();
  const text = renderAvailabilityText(report);
  const html = renderAvailabilityHtml(report);
  const t3 = performance.now();
  const rss = process.memoryUsage().rss - rssBefore;
  return { read, parse, t0, t1, t2, t3, text, html, rss };
}

/** Why the run log and FilterLogEvents: the alternatives, priced on the same month. */
function alternatives(
  lines: ReturnType<typeof simulateMonth>,
  lineBytes: number,
  period: ReturnType<typeof monthPeriod>,
): string[] {
  const usd = (n: number): string => `$${n < 0.01 ? n.toFixed(5) : n.toFixed(2)}`;
  // Alternatives over the same month.
  const scannedGb = (lineBytes + lines.length * PLATFORM_LOG_BYTES) / GB;
  const insightsRows = lines.length * SERVERS;
  const insightsQueries = Math.ceil(insightsRows / INSIGHTS_ROWS);
  const metrics =
    SERVERS * (AVAILABILITY_CHECKS.length - 2) /* management, authorize: not on most servers */ +
    SERVERS; /* token latency */
  const minutes = period.end / 60_000 - period.start / 60_000;
  const gmdCalls = Math.ceil((metrics * minutes) / GMD_POINTS);
  // A month of one metric (44,640 points) fits one call: each metric is requested once.
  const gmdCost = priceOf(PRICES.getMetricDataMetric, metrics);
  return [
    '**Why the run log and FilterLogEvents (the alternatives, priced on the same month):**',
    '',
    `- *Logs Insights* scans the whole group, Lambda's own lines included: ${scannedGb.toFixed(3)} GB, ${usd(priceOf(PRICES.logsInsightsScannedGb, scannedGb))} ` +
      `a report. Cheap, ` +
      (`but a query answers at most ${INSIGHTS_ROWS.toLocaleString('en-US')} rows: the per-minute, ` +
        `per-server states are ${insightsRows.toLocaleString('en-US')} rows, `) +
      (`${insightsQueries} queries (each polled until done, under the account's concurrent-query limit), or ` +
        `an aggregate that loses the minute and the request ids.`),
    `- *GetMetricData* (CheckSuccess of ${AVAILABILITY_CHECKS.length - 2} availability checks + ` +
      `CheckLatency of token, ${metrics} metrics): ${gmdCalls} calls at 100,800 data points each, ` +
      (`about ${usd(gmdCost)} a report, but CloudWatch keeps 1-minute data 15 days and 5-minute data 63: a ` +
        `month-old outage of 9 minutes is two or three 5-minute averages, `) +
      ('no longer minutes, and metrics carry no diagnosis code, fault or X-Okta-Request-Id. Rejected: the ' +
        'evidence a credit claim needs is not there.'),
    `- *The run log* keeps every run as it happened, with the codes and request ids, for as long as ` +
      `\`runLogRetentionDays\`: the same lines the CLI keeps with \`run --history\`, read by one code path.`,
    '',
  ];
}

/** Standalone: rewrite section i of BENCHMARKS.md (or append it). */
async function main(): Promise<void> {
  const file = join(fileURLToPath(new URL('../..', import.meta.url)), 'BENCHMARKS.md');
  const doc = await readFile(file, 'utf8');
  const section = (await reportSection()).join('\n');
  const start = doc.indexOf('## i. ');
  const next = start === -1 ? -1 : doc.indexOf('\n## ', start + 1);
  const updated =
    start === -1
      ? `${doc.trimEnd()}\n\n${section}`
      : `${doc.slice(0, start)}${section}${next === -1 ? '' : doc.slice(next + 1)}`;
  await writeFile(file, updated.endsWith('\n') ? updated : `${updated}\n`);
  process.stdout.write(`${section}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
