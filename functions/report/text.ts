// The availability report for a terminal or an e-mail: per server the split of the period, the SLA budget, then
// the incidents with the evidence a support case asks for. Pure formatting of computeAvailability's result.
import { isOursOrOktasEdge } from '../diagnosis/registry';
import type { FaultOwner } from '../contract';
import { wrap, wrapHanging } from '../text/wrap';
import { checkRow, RUN_LINE_LATENCY_CHECKS } from '../plan/check-table';
import type { AvailabilityReport, Incident, ServerAvailability, SignInShare } from './availability';

/** How each fault is named to people, in every view. */
const FAULT_LABEL: Readonly<Record<FaultOwner, string>> = {
  okta: "Okta's",
  org: "org's configuration",
  probe: "probe's side (not counted)",
  app: "the app's (not Okta's)",
};

/** Request ids printed per incident; --json has up to MAX_REQUEST_IDS. */
const IDS_SHOWN = 5;
/** The text report fits a terminal and an e-mail: 80 columns, never wider. */
export const TEXT_WIDTH = 80;
/**
 * A server id longer than this goes on a line of its own above its row, so the tables stay within TEXT_WIDTH: the
 * minutes table's other columns take 65, so 16 made an 81-column row.
 */
const ID_COLUMN = 15;

/** How an incident's cause is named: its fault, or for the probe's side with no connection, both candidates. */
export function incidentLabel(incident: Pick<Incident, 'fault' | 'codes'>): string {
  // Codes that cannot tell the probe's network from Okta's edge (the registry's severalRegions): no connection at all,
  // seen from one place. Their minutes stay unknown, but they are named as possibly Okta's, so an edge outage does not
  // vanish from the evidence.
  if (incident.fault === 'probe' && incident.codes.some((c) => isOursOrOktasEdge(c.code)))
    return "unknown: our side or Okta's edge";
  return FAULT_LABEL[incident.fault];
}

/** "1 Okta's, 2 unknown: our side or Okta's edge": how many of the incidents listed had each cause. */
export function incidentCauses(incidents: readonly Incident[], separator = ', '): string {
  const by = new Map<string, number>();
  for (const i of incidents) by.set(incidentLabel(i), (by.get(incidentLabel(i)) ?? 0) + 1);
  return [...by].map(([label, n]) => `${n} ${label}`).join(separator);
}

const ROW_WORD = {
  server: "a server's",
  journey: "a sign-in journey's",
  saml: "a SAML app's",
  'saml-group': "a group of SAML apps'",
  feed: "the status feed's",
} as const;

/**
 * What a row's latency is (it said "token" of journeys too): the request people wait on, which the run line
 * times, per kind of row, from the registry's runLineLatency.
 */
export const LATENCY_WORDS = RUN_LINE_LATENCY_CHECKS.map(
  (check) => `${ROW_WORD[checkRow(check).target]} ${check} check`,
).join(', ');

export function renderAvailabilityText(report: AvailabilityReport): string {
  const out: string[] = [];
  const { period } = report;
  const prose = (text: string, indent = ''): void => void out.push(...wrap(text, TEXT_WIDTH, indent));
  prose(
    `Availability${report.orgUrl !== null ? ` of ${fitWords(report.orgUrl)}` : ''}, ${period.label} (${shortTime(period.start)} ` +
      `to ${shortTime(period.end)} UTC)`,
  );
  prose(`${runsText(report)}; SLA target ${report.slaTargetPercent} % of the time, judged on Okta's downtime only.`);
  out.push('');
  if (report.servers.length === 0) {
    out.push('No server was probed in this period: no run line names one.');
    return `${out.join('\n')}\n`;
  }
  // Carried minutes get a column only where there are some: most reports have none.
  const carried = report.servers.some((s) => s.minutes.carried > 0);
  out.push(...serverTables(report.servers, carried), '');
  prose(
    "available = up / (up + down), every cause counted, in minutes. Okta's part counts only Okta's downtime " +
      '(what its SLA covers).',
  );
  if (carried)
    prose(
      "carried = a sign-in journey's or SAML app's verdict repeated between its runs (everyMinutes): it " +
        'measured nothing new, so it is never counted up or down.',
    );
  prose(
    'unknown = the probe was not running, or failed on its own side (its network, secrets or clock): never ' +
      'counted up or down.',
  );
  prose("maint. = the operator's maintenance window: left out of every figure.");
  if (report.servers.some(budgetTooShort)) prose(tooShortText(report));
  prose(`latency = ${LATENCY_WORDS}.`);
  out.push(...signInLines(report.servers));
  out.push('');
  out.push(
    ...(report.incidents.length === 0
      ? ['No incidents.']
      : wrap(
          `${report.incidents.length} incident${report.incidents.length === 1 ? '' : 's'} (${incidentCauses(report.incidents, '; ')}):`,
          TEXT_WIDTH,
          '',
        )),
  );
  for (const incident of report.incidents) out.push(...incidentLines(incident));
  return `${out.join('\n')}\n`;
}

/**
 * Each server's minutes by cause, then its budget and latency: two tables, the second with a carried column or not.
 * Carried sits in the second: beside the six causes it took the first to 84 columns and more, past TEXT_WIDTH.
 */
function serverTables(servers: AvailabilityReport['servers'], carried: boolean): string[] {
  const minutesHeader = ['server', 'available', "Okta's part", 'down: Okta', 'org config', 'unknown', 'maint.'];
  return [
    ...table([
      minutesHeader,
      ...servers.map((s) => [
        s.server,
        pct(s.availabilityPercent),
        pct(s.oktaAvailabilityPercent),
        minutes(s.minutes.okta),
        minutes(s.minutes.org),
        minutes(s.minutes.notRunning + s.minutes.probe),
        minutes(s.minutes.maintenance),
      ]),
    ]),
    '',
    ...table([
      ['server', "Okta's budget", 'latency p50/p90', ...(carried ? ['carried'] : [])],
      ...servers.map((s) => [
        s.server,
        budget(s),
        s.latency === null ? 'n/a' : `${s.latency.p50}/${s.latency.p90} ms`,
        ...(carried ? [minutes(s.minutes.carried)] : []),
      ]),
    ]),
  ];
}

/**
 * Each journey's sign-ins by the authenticators that answered, most first: an admin moving a journey to a passkey
 * sees the share still signing in the old way. A share rounds to "<1 %" or ">99 %", never to 0 or 100 beside another.
 */
/** A share of sign-ins in words: "<1 %" or ">99 %", never 0 or 100 beside another. The HTML report says it too. */
export const share = ({ percent }: SignInShare): string =>
  percent > 0 && percent < 1 ? '<1 %' : percent > 99 && percent < 100 ? '>99 %' : `${Math.round(percent)} %`;

function signInLines(servers: readonly ServerAvailability[]): string[] {
  const journeys = servers.filter((s) => s.signedInWith !== undefined);
  if (journeys.length === 0) return [];
  return [
    '',
    ...wrap('Signed in with (share of the sign-ins measured, and their number):', TEXT_WIDTH, ''),
    ...journeys.flatMap((s) =>
      wrapFirst(
        `  ${s.server}: ${(s.signedInWith ?? []).map((w) => `${fitWords(w.via)} ${share(w)} (${minutes(w.runs)})`).join(', ')}`,
        '      ',
      ),
    ),
  ];
}

/**
 * Words too long for a line cut with an ellipsis: wrap never breaks a word, and what the run line keeps (an org
 * address of 256 characters, a `via` of 80 with no space) would run past TEXT_WIDTH. --json has them whole.
 */
function fitWords(text: string): string {
  return text.replace(/\S{61,}/g, (word) => `${word.slice(0, 59)}…`);
}

function incidentLines(incident: Incident): string[] {
  const codes = incident.codes.map((c) => `${c.code} x${c.count}`).join(', ');
  const statuses = incident.httpStatuses.length > 0 ? ` (HTTP ${incident.httpStatuses.join(', ')})` : '';
  const end = shortTime(incident.end).slice(incident.start.slice(0, 10) === incident.end.slice(0, 10) ? 11 : 0);
  const lines = wrapFirst(
    `  ${shortTime(incident.start)} to ${end} UTC, ${minutes(incident.minutes)} min, ${incidentLabel(incident)}: ${incident.servers.join(', ')}; ${incident.checks.join(', ') || 'no check named'}; ${codes || 'no diagnosis'}${statuses}`,
    '      ',
  );
  if (incident.requestIdCount > 0) {
    const more =
      incident.requestIdCount > IDS_SHOWN
        ? ` and ${incident.requestIdCount - IDS_SHOWN} more (--json lists ${Math.min(incident.requestIdCount, incident.requestIds.length)})`
        : '';
    lines.push(
      ...wrapFirst(`      X-Okta-Request-Id: ${incident.requestIds.slice(0, IDS_SHOWN).join(', ')}${more}`, '        '),
    );
  }
  return lines;
}

/** A line that keeps its own leading spaces, its continuation lines indented by `indent`, each within TEXT_WIDTH. */
const wrapFirst = (line: string, indent: string): string[] => wrapHanging(line, TEXT_WIDTH, indent);

/**
 * The runs in words: their number, and how often they came. Runs closer than a minute (run --every 10) are told in
 * seconds with their span: each stands for a minute of the tally, but "one every 1 min" was not what happened.
 */
export function runsText(report: Pick<AvailabilityReport, 'runs' | 'intervalMinutes' | 'cadence'>): string {
  const { runs, cadence } = report;
  const count = `${runs.toLocaleString('en-US')} run${runs === 1 ? '' : 's'}`;
  if (runs < 2 || cadence.gapSeconds === null) return count;
  if (cadence.gapSeconds < 60)
    return `${count} over ${duration(cadence.spanSeconds)}, one every ${cadence.gapSeconds} s`;
  return `${count}, one every ${report.intervalMinutes} min`;
}

/** Seconds as people say them: "50 s", "12 min", "3.5 h", "6.9 days". */
function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86_400) return `${String(Math.round(seconds / 360) / 10)} h`;
  return `${String(Math.round(seconds / 8640) / 10)} days`;
}

/**
 * A budget smaller than one minute, the tally's unit, cannot be judged: one down minute spends it all, and "0 of 0 min
 * left" read as a budget spent. A 100 % target allows nothing whatever the period, and is said as it is.
 */
export const budgetTooShort = (s: ServerAvailability): boolean =>
  s.measuredMinutes > 0 && s.sla.targetPercent < 100 && s.sla.allowedMinutes < 1;

/** Why the budget is not judged, and how long a history needs before it is. */
function tooShortText(report: AvailabilityReport): string {
  // Rounded first: 1 / (1 - 0.9999) is 10,000.000000000909 in floating point.
  const needed = Math.ceil(Number((1 / (1 - report.slaTargetPercent / 100)).toPrecision(9)));
  return (
    `Too short to judge a budget: ${runsText(report)}. At ${report.slaTargetPercent} % a budget holds one down ` +
    `minute only after ${needed.toLocaleString('en-US')} measured minutes (${duration(needed * 60)}).`
  );
}

function budget(s: ServerAvailability): string {
  if (s.measuredMinutes === 0) return 'n/a';
  if (budgetTooShort(s)) return 'too short to judge';
  const { allowedMinutes, leftMinutes } = s.sla;
  return leftMinutes >= 0
    ? `${fixed(leftMinutes)} of ${fixed(allowedMinutes)} min left`
    : `over by ${fixed(-leftMinutes)} min (${fixed(allowedMinutes)} allowed)`;
}

export function pct(value: number | null): string {
  return value === null ? 'n/a' : `${value.toFixed(value === 100 ? 0 : 3)} %`;
}

function minutes(n: number): string {
  return n.toLocaleString('en-US');
}

function fixed(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** 2026-10-03 10:00 */
export function shortTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Columns padded to their widest cell; a first cell longer than ID_COLUMN goes on a line of its own. */
function table(rows: readonly (readonly string[])[]): string[] {
  const first = (cell: string): string => (cell.length > ID_COLUMN ? '' : cell);
  const widths = (rows[0] ?? []).map((_, c) =>
    Math.max(...rows.map((r) => (c === 0 ? first(r[c] ?? '') : (r[c] ?? '')).length)),
  );
  return rows.flatMap((r) => {
    const row = r
      .map((cell, c) => (c === 0 ? first(cell).padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
    return first(r[0] ?? '') === r[0] ? [row] : [r[0] ?? '', row];
  });
}
