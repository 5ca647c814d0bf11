// The availability report for a terminal or an e-mail: per server the split of the period, the SLA budget, then
// the incidents with the evidence a support case asks for. Pure formatting of computeAvailability's result.
import type { Fault } from '../diagnosis';
import type { AvailabilityReport, Incident, ServerAvailability } from './availability';

/** How each fault is named to people, in every view. */
export const FAULT_LABEL: Readonly<Record<Fault, string>> = {
  okta: "Okta's",
  org: "org's configuration",
  probe: "probe's side (not counted)",
};

/** Request ids printed per incident; --json has up to MAX_REQUEST_IDS. */
const IDS_SHOWN = 5;

export function renderAvailabilityText(report: AvailabilityReport): string {
  const out: string[] = [];
  const { period } = report;
  out.push(
    `Availability${report.orgUrl !== null ? ` of ${report.orgUrl}` : ''}, ${period.label} (${shortTime(period.start)} to ${shortTime(period.end)} UTC)`,
    `${report.runs.toLocaleString('en-US')} runs, one every ${report.intervalMinutes} min; SLA target ${report.slaTargetPercent} % of the time, judged on Okta's downtime only.`,
    '',
  );
  if (report.servers.length === 0) {
    out.push('No server was probed in this period: no run line names one.');
    return `${out.join('\n')}\n`;
  }
  const header = ['server', 'available', "Okta's part", 'down: Okta', 'org config', 'unknown', 'maintenance', "Okta's budget", 'token p50/p90'];
  const rows = report.servers.map((s) => [
    s.server,
    pct(s.availabilityPercent),
    pct(s.oktaAvailabilityPercent),
    minutes(s.minutes.okta),
    minutes(s.minutes.org),
    minutes(s.minutes.notRunning + s.minutes.probe),
    minutes(s.minutes.maintenance),
    budget(s),
    s.latency === null ? 'n/a' : `${s.latency.p50}/${s.latency.p90} ms`,
  ]);
  out.push(...table([header, ...rows]), '');
  out.push(
    'available = up / (up + down), every cause counted. Okta\'s part counts only Okta\'s downtime (what its SLA covers).',
    "unknown = the probe was not running, or failed on its own side (its network, secrets or clock): never counted up or down.",
    'maintenance = the operator\'s maintenance window: left out of every figure.',
    '',
  );
  const counted = report.incidents.filter((i) => i.fault !== 'probe');
  out.push(counted.length === 0 ? 'No incidents.' : `Incidents (${counted.length}):`);
  for (const incident of report.incidents) out.push(...incidentLines(incident));
  return `${out.join('\n')}\n`;
}

function incidentLines(incident: Incident): string[] {
  const codes = incident.codes.map((c) => `${c.code} x${c.count}`).join(', ');
  const statuses = incident.httpStatuses.length > 0 ? ` (HTTP ${incident.httpStatuses.join(', ')})` : '';
  const lines = [
    `  ${shortTime(incident.start)} to ${shortTime(incident.end).slice(incident.start.slice(0, 10) === incident.end.slice(0, 10) ? 11 : 0)} UTC, ${minutes(incident.minutes)} min, ${FAULT_LABEL[incident.fault]}: ${incident.servers.join(', ')}; ${incident.checks.join(', ') || 'no check named'}; ${codes || 'no diagnosis'}${statuses}`,
  ];
  if (incident.requestIdCount > 0) {
    const more = incident.requestIdCount > IDS_SHOWN ? ` and ${incident.requestIdCount - IDS_SHOWN} more (--json lists ${Math.min(incident.requestIdCount, incident.requestIds.length)})` : '';
    lines.push(`      X-Okta-Request-Id: ${incident.requestIds.slice(0, IDS_SHOWN).join(', ')}${more}`);
  }
  return lines;
}

function budget(s: ServerAvailability): string {
  if (s.measuredMinutes === 0) return 'n/a';
  const { allowedMinutes, leftMinutes } = s.sla;
  return leftMinutes >= 0 ? `${fixed(leftMinutes)} of ${fixed(allowedMinutes)} min left` : `over by ${fixed(-leftMinutes)} min (${fixed(allowedMinutes)} allowed)`;
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

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ').trimEnd());
}
