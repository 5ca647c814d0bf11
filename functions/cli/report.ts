// `okta-synthetics report`: how available each authorization server was over a month (or --since/--until), whose
// fault the downtime was (Okta's, the org's configuration, or unknown), against the SLA target, with the incidents
// and their X-Okta-Request-Ids. From the deployed probe's run log (CloudWatch Logs, --config), or from the CLI's
// own history (run --history DIR). Text, --json, or --html FILE: one self-contained page.
import { writeFileSync } from 'node:fs';
import type { LoadedConfig } from '../config/parse';
import { probeLogGroupName, type RunLogLine } from '../contract';
import {
  computeAvailability,
  createAvailability,
  DEFAULT_SLA_PERCENT,
  type AvailabilityReport,
} from '../report/availability';
import { renderAvailabilityHtml } from '../report/html';
import { monthPeriod, PeriodError, rangePeriod, shortIso, type Period } from '../report/period';
import { renderAvailabilityText, TEXT_WIDTH } from '../report/text';
import { wrap, wrapBlock } from '../text/wrap';
import { loadOrExplain } from './load-config';
import {
  EXIT,
  EXIT_COULD_NOT_RUN,
  NAME,
  selfCommand,
  parseCommandArgs,
  runCommand,
  UsageError,
  type CommandIo,
  type Options,
} from './frame';
import { HistoryReadError, readHistory, skippedNote, type History } from './history';
import { awsTargets, clientConfig, couldNotRunOr, requireAwsCredentials, type AwsTarget } from './aws';

const USAGE = `Usage: ${NAME} report (--month YYYY-MM | --since DATE [--until DATE])
         (--config FILE [--region R] [--profile NAME] | --history DIR
         [--config FILE]) [--sla PERCENT] [--json] [--html FILE]

How available each authorization server was over the period: the share of
minutes it was up, the down minutes split into Okta's, the org's configuration,
and unknown (the probe was not running or failed on its own side: never counted
up or down), the SLA target and the budget left, and every incident with its
checks, diagnosis codes and X-Okta-Request-Ids: what a support case or a
service-credit claim asks for.

  -m, --month YYYY-MM   a calendar month, UTC (the current one is cut at now)
      --since DATE      start: 2026-10-01 (midnight UTC) or 2026-10-01T08:00:00Z
      --until DATE      end, exclusive (default now)
  -c, --config FILE     the deployment's config: its run log
                        /aws/lambda/<prefix>-probe is read with your AWS
                        credentials (FilterLogEvents); with --history, only its
                        servers and schedule are used
      --region R        only the run log of this region of the config's
                        "regions" (default: every region's, each reported under
                        its name, --html FILE then one page each,
                        FILE.<region>.html; without "regions": AWS_REGION,
                        AWS_DEFAULT_REGION, the profile's region)
      --profile NAME    the AWS CLI profile to read it with (default:
                        AWS_PROFILE, else the standard chain)
      --history DIR     the CLI's own runs instead (written by "run --history
                        DIR"), no AWS needed
      --sla PERCENT     the SLA target (default: the config's slaTargetPercent,
                        else ${DEFAULT_SLA_PERCENT})
      --json            the report as one JSON document on stdout
      --html FILE       also write the report as one self-contained HTML page
                        (opens offline)

Exit codes: 0 the target was met on every server, 1 it was missed on one, 2
usage or configuration error, ${EXIT_COULD_NOT_RUN} could not run or nothing to report on: no AWS
credentials, AWS unreachable, a permission missing; no run in the period, no
such history folder, or a day file unreadable.
`;

const OPTIONS = {
  month: { type: 'string', short: 'm' },
  since: { type: 'string' },
  until: { type: 'string' },
  config: { type: 'string', short: 'c' },
  region: { type: 'string' },
  profile: { type: 'string' },
  history: { type: 'string' },
  sla: { type: 'string' },
  json: { type: 'boolean' },
  html: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

interface ReportDeps {
  /** For tests: the clock. */
  readonly now?: () => number;
}

export function runReport(argv: string[], io: CommandIo, deps: ReportDeps = {}): Promise<number> {
  return runCommand(io, () => report(argv, io, deps));
}

async function report(argv: string[], io: CommandIo, deps: ReportDeps): Promise<number> {
  const values = parseCommandArgs('report', argv, OPTIONS);
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const now = (deps.now ?? Date.now)();
  const period = readPeriod(values, now);
  requireOneSource(values);
  let config: LoadedConfig | undefined;
  if (values.config !== undefined) {
    const loaded = loadOrExplain(values.config, io);
    if (loaded === null) return EXIT.usage;
    config = loaded.config;
  }
  const sla = readSla(values.sla) ?? config?.deploy.slaTargetPercent ?? DEFAULT_SLA_PERCENT;
  const servers = config === undefined ? undefined : reportedTargets(config);
  const choices = { period, slaTargetPercent: sla, ...(servers !== undefined ? { servers } : {}) };
  let reports: RegionReport[];
  if (values.history !== undefined) {
    const read = historyReport(values.history, choices, io);
    if (read === undefined) return EXIT_COULD_NOT_RUN;
    reports = [read];
  } else {
    const deployed = config as LoadedConfig;
    // Each region's stack keeps its own run log: every region's is reported, unless --region names one.
    const targets = await awsTargets('report', values, deployed.deploy, io);
    reports = [];
    for (const target of targets) reports.push(await reportOfRegion(deployed, target, { ...choices, servers }));
  }
  return writeReports(reports, values, period, io);
}

/** The data named once: the deployed run log (--config, with its --region and --profile), or a local --history. */
function requireOneSource(values: {
  readonly config?: string | undefined;
  readonly history?: string | undefined;
  readonly region?: string | undefined;
  readonly profile?: string | undefined;
}): void {
  if (values.config === undefined && values.history === undefined) {
    throw new UsageError(
      "report: name the data: --config FILE (the deployed probe's run log in CloudWatch Logs) or --history " +
        'DIR (runs kept by "run --history DIR")',
      'report',
    );
  }
  if (values.region !== undefined && values.history !== undefined)
    throw new UsageError('report: --region applies to the deployed run log, not to --history', 'report');
  if (values.profile !== undefined && values.history !== undefined)
    throw new UsageError('report: --profile applies to the deployed run log, not to --history', 'report');
}

/**
 * Every target a run line counts up or down: the servers, the journeys and the listed SAML apps (a SAML group is no
 * one target: its apps are failures, never up), as the report from --history finds them in the lines.
 */
function reportedTargets(config: LoadedConfig): string[] {
  return [
    ...config.probe.servers.map((s) => s.id),
    ...(config.probe.signIn ?? []).map((s) => s.id),
    ...(config.probe.samlApps ?? []).map((s) => s.id),
  ];
}

/** The report of the runs kept in `dir`; undefined, said on stderr, when the folder cannot be read. */
function historyReport(
  dir: string,
  choices: Parameters<typeof computeAvailability>[1],
  io: CommandIo,
): RegionReport | undefined {
  let history: History;
  try {
    history = readHistory(dir, choices.period);
  } catch (error) {
    if (!(error instanceof HistoryReadError)) throw error;
    io.stderr(`${wrapBlock(`report: --history ${dir}: ${error.message}`, TEXT_WIDTH)}\n`);
    return undefined;
  }
  const source = `${history.files} day file${history.files === 1 ? '' : 's'} in ${dir}`;
  // A local history's schedule is read from its runs.
  const result = computeAvailability(history.lines, choices);
  return { result, source, where: dir, skipped: history.skipped };
}

/** One report: of a local history, or of one region's run log (`region` set). */
interface RegionReport {
  readonly region?: string;
  readonly result: AvailabilityReport;
  /** Where the data came from and what reading it cost. */
  readonly source: string;
  /** Named when there were no runs. */
  readonly where: string;
  /** Lines that are not whole run lines. */
  readonly skipped: number;
}

/** One region's availability, from its run log. */
async function reportOfRegion(
  deployed: LoadedConfig,
  target: AwsTarget,
  choices: { readonly period: Period; readonly slaTargetPercent: number; readonly servers?: string[] | undefined },
): Promise<RegionReport> {
  const { region } = target;
  const logGroup = probeLogGroupName(deployed.deploy.prefix);
  const started = performance.now();
  const accumulator = createAvailability({
    period: choices.period,
    slaTargetPercent: choices.slaTargetPercent,
    servers: choices.servers ?? [],
    intervalMinutes: deployed.deploy.scheduleMinutes,
  });
  const read = await readDeployed(logGroup, target, choices.period, (line) => accumulator.add(line));
  const source =
    `${logGroup} in ${region}: ${read.calls} FilterLogEvents call${read.calls === 1 ? '' : 's'}, ` +
    `${(read.bytes / 1e6).toFixed(1)} MB, ${Math.round(performance.now() - started)} ms`;
  return { region, result: accumulator.result(), source, where: `${logGroup} (${region})`, skipped: read.skipped };
}

/**
 * Writes each report (text, --json, --html), each region's under its name. The worst outcome is the exit code:
 * nothing measured in a region is not a target met there.
 */
function writeReports(
  reports: readonly RegionReport[],
  values: { readonly history?: string | undefined; readonly json?: boolean | undefined; readonly html?: string },
  period: Period,
  io: CommandIo,
): number {
  const several = reports.length > 1;
  const measured = reports.filter((r) => measuredOrSaid(r, values.history, period, io));
  const pages = new Map(measured.map((r) => [r, htmlFile(values.html, several ? r.region : undefined)]));
  for (const [r, page] of pages) if (page !== undefined) writeHtml(page, renderAvailabilityHtml(r.result));
  const shown = measured.map((r) => ({
    ...(several ? { region: r.region } : {}),
    source: r.source,
    skippedLines: r.skipped,
    ...r.result,
  }));
  if (values.json === true) {
    if (shown.length > 0) io.stdout(`${JSON.stringify(several ? { regions: shown } : shown[0], null, 2)}\n`);
    for (const page of pages.values()) if (page !== undefined) io.stderr(`Wrote ${page}\n`);
  } else {
    for (const r of measured) io.stdout(textOf(r, several, pages.get(r)));
  }
  if (measured.length < reports.length) return EXIT_COULD_NOT_RUN;
  return measured.some((r) => missed(r.result)) ? EXIT.checksFailed : EXIT.ok;
}

/** Whether the report measured any run; says so on stderr when not, and notes skipped lines. */
function measuredOrSaid(r: RegionReport, history: string | undefined, period: Period, io: CommandIo): boolean {
  const note = skippedNote(r.skipped);
  if (note !== '')
    io.stderr(`${wrapBlock(`report: ${r.region !== undefined ? `${r.region}: ` : ''}${note}`, TEXT_WIDTH)}\n`);
  if (r.result.runs > 0) return true;
  // Nothing measured is not a target met: a typo in a cron path would pass silently for ever.
  const said =
    `report: no runs between ${shortIso(period.start)} and ${shortIso(period.end)} in ${r.where}` +
    (history !== undefined
      ? `: keep runs with "${selfCommand(io.env)} run --config FILE --history ${history}" (from cron, or with ` +
        '--every 60)'
      : '');
  io.stderr(`${wrapBlock(said, TEXT_WIDTH)}\n`);
  return false;
}

/** One report as text: a region's under its name. */
function textOf(r: RegionReport, several: boolean, page: string | undefined): string {
  const note = skippedNote(r.skipped);
  const data = `Data: ${r.source}${note !== '' ? `; ${note}` : ''}.${page !== undefined ? ` Page: ${page}` : ''}`;
  const heading = several && r.region !== undefined ? `Region ${r.region}\n` : '';
  return `${heading}${renderAvailabilityText(r.result)}\n${wrap(data, TEXT_WIDTH, '').join('\n')}\n`;
}

/** The --html file of a report: with several regions, one page each, the region before the extension. */
function htmlFile(html: string | undefined, region: string | undefined): string | undefined {
  if (html === undefined || region === undefined) return html;
  const dot = html.lastIndexOf('.');
  return dot > html.lastIndexOf('/') ? `${html.slice(0, dot)}.${region}${html.slice(dot)}` : `${html}.${region}`;
}

function writeHtml(file: string, page: string): void {
  try {
    writeFileSync(file, page);
  } catch (error) {
    throw new UsageError(
      `report: --html ${file}: cannot write it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      'report',
    );
  }
}

function missed(result: AvailabilityReport): boolean {
  return result.servers.some((s) => s.measuredMinutes > 0 && !s.sla.met);
}

function readPeriod(values: { month?: string; since?: string; until?: string }, now: number): Period {
  if (values.month !== undefined && (values.since !== undefined || values.until !== undefined)) {
    throw new UsageError('report: give --month or --since/--until, not both', 'report');
  }
  try {
    if (values.month !== undefined) return monthPeriod(values.month, now);
    if (values.since !== undefined) return rangePeriod(values.since, values.until, now);
  } catch (error) {
    if (error instanceof PeriodError) throw new UsageError(`report: ${error.message}`, 'report');
    throw error;
  }
  if (values.until !== undefined) throw new UsageError('report: --until needs --since', 'report');
  throw new UsageError(
    `report: which period? --month ${new Date(now).toISOString().slice(0, 7)}, or --since 2026-10-01 ` +
      `[--until 2026-10-08]`,
    'report',
  );
}

function readSla(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/%$/, ''));
  if (!Number.isFinite(value) || value < 90 || value > 100)
    throw new UsageError(`report: --sla expects a percentage from 90 to 100, e.g. 99.99; got "${text}"`, 'report');
  return value;
}

async function readDeployed(logGroup: string, target: AwsTarget, period: Period, onLine: (line: RunLogLine) => void) {
  const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
  const { readRunLog } = await import('../report/run-log');
  const client = new CloudWatchLogsClient({ ...clientConfig(target), maxAttempts: 5 });
  try {
    await requireAwsCredentials('report', client, target);
    return await readRunLog(client, logGroup, period, onLine);
  } catch (error) {
    const name = (error as { name?: string }).name ?? 'Error';
    if (name === 'ResourceNotFoundException') {
      throw new UsageError(
        `report: cannot read the run log: no log group ${logGroup} in ${target.region}: is the stack ` +
          `deployed there (--region), with this config's prefix?`,
        'report',
      );
    }
    const failure = couldNotRunOr('report: cannot read the run log', error, target);
    throw new UsageError(`report: cannot read the run log: ${failure.text}`, 'report');
  } finally {
    client.destroy();
  }
}
