// The Logs Insights queries over the run lines (run-log.ts): the dashboard's tables and the notifier's links.
import { INVENTORY_KINDS } from './settings';
import type { CheckName } from './names';

/** The check of a group of SAML apps, whose failures the SAML table lists. */
const SAML_APPS_CHECK: CheckName = 'saml-apps';
/** The check of provisioning to the org's apps, whose failures the provisioning table lists. */
const PROVISIONING_CHECK: CheckName = 'provisioning-health';

/**
 * The Logs Insights query behind the dashboard's "Latest failures" and the notifier's per-server link: one row per
 * failing check, newest first. One command per line, without the leading pipe: CDK's LogQueryWidget joins
 * queryLines with "\n| " itself (latestFailuresQuery joins them the same way).
 */
export const LATEST_FAILURES_QUERY: readonly string[] = [
  'fields jsonParse(@message) as run',
  'filter run.failed > 0',
  'unnest run.failures into f',
  // judgedAt: set when the failure was carried from an earlier run, so the table never shows it as fresh.
  'display @timestamp, f.server, f.check, f.code, f.judgedAt, f.remedy, f.requestId, f.detail',
  'sort @timestamp desc',
  'limit 50',
];

/**
 * The dashboard's "Waiting for a credential" table: servers whose secret still holds the stack's placeholder
 * (RunLogLine.pending), with when the probe last saw them so. Empty once every secret is put.
 */
export const PENDING_QUERY: readonly string[] = [
  'fields jsonParse(@message) as run',
  'filter ispresent(run.pending)',
  'unnest run.pending into server',
  'stats latest(@timestamp) as lastSeen by server',
  'sort server asc',
];

/**
 * The dashboard's "Availability per server and month": the share of runs each server was up (RunLogLine.servers),
 * per calendar month in the dashboard's time range, outside maintenance windows. The `report` command gives the
 * minute-exact split by cause; this is the glance.
 */
export const AVAILABILITY_QUERY: readonly string[] = [
  'fields jsonParse(@message) as run',
  'filter ispresent(run.servers) and not ispresent(run.maintenance)',
  'unnest run.servers into s',
  // A carried verdict measured nothing in this run: not a run of the server's.
  'filter not ispresent(s.carried)',
  'fields s.id as server, s.up * 100 as upPercent',
  'stats avg(upPercent) as availabilityPercent, count(*) as runs by server, bin(1mo)',
  'sort availabilityPercent asc',
];

/**
 * The dashboard's "What expires next": the inventory's latest finding per item, from the run lines (a failure per item
 * that needs action; the kinds' checks repeat the last inventory every run, so an item still open was seen in the
 * latest run, and a fixed one keeps the time it was last seen until it leaves the time range): the detail names the
 * item and its days left, the remedy the Admin Console path.
 */
export const WHAT_EXPIRES_NEXT_QUERY: readonly string[] = [
  'fields jsonParse(@message) as run',
  'filter run.failed > 0',
  'unnest run.failures into f',
  // Every kind of the inventory, from the contract's list: a new kind is a row here too, with no edit.
  `filter f.check in [${INVENTORY_KINDS.map((kind) => JSON.stringify(kind)).join(', ')}]`,
  'stats latest(@timestamp) as seen, latest(f.code) as code, latest(f.detail) as observed, latest(f.remedy) ' +
    'as fix by f.check, f.item',
  'sort seen desc',
];

/**
 * The dashboard's "SAML apps that fail or expire soonest": each group's latest finding per app, from the run
 * lines (a failure per app that needs action, the most urgent first; a group repeats its apps' verdicts every run, so
 * an app still failing was seen in the latest run, and a fixed one keeps the time it was last seen until it leaves the
 * time range). The detail names the app, its failing since or its certificate's days left; the remedy the fix.
 */
export const SAML_APPS_QUERY: readonly string[] = [
  'fields jsonParse(@message) as run',
  'filter run.failed > 0',
  'unnest run.failures into f',
  `filter f.check = ${JSON.stringify(SAML_APPS_CHECK)}`,
  'stats latest(@timestamp) as seen, latest(f.code) as code, latest(f.detail) as observed, ' +
    'latest(f.requestId) as requestId, latest(f.remedy) as fix by f.server, f.item',
  'sort seen desc, code asc',
  'limit 100',
];

/**
 * The dashboard's "Provisioning: apps failing and leavers": the provisioning-health check's latest finding per app and
 * kind, from the run lines (a failure per app that needs an admin: its cause, or its leavers counted with the oldest
 * one's age; the check judges every run, so an app still failing was seen in the latest run). Apps and counts only:
 * no leaver is ever named in a run line.
 */
export const PROVISIONING_QUERY: readonly string[] = [
  'fields jsonParse(@message) as run',
  'filter run.failed > 0',
  'unnest run.failures into f',
  `filter f.check = ${JSON.stringify(PROVISIONING_CHECK)}`,
  'stats latest(@timestamp) as seen, latest(f.detail) as observed, latest(f.remedy) as fix by f.item, f.code',
  'sort seen desc, code asc',
  'limit 100',
];

/**
 * The dashboard's "How each journey signs in": per journey and authenticator (RunLogServer.via), the runs that signed
 * in that way, the last one's time and steps. A journey moved to a passkey shows any run still answering with the
 * password and a TOTP code as a row of its own.
 */
export const SIGN_INS_QUERY: readonly string[] = [
  'fields jsonParse(@message) as run',
  'filter ispresent(run.servers)',
  'unnest run.servers into s',
  'filter ispresent(s.via)',
  'fields s.id as journey, s.via as authenticator, s.steps as steps, s.up as up',
  'stats count(*) as runs, latest(@timestamp) as lastSeen, latest(steps) as lastSteps, latest(up) as lastUp ' +
    'by journey, authenticator',
  'sort journey asc, lastSeen desc',
];

/** The query as Logs Insights runs it, for one server when given. */
export function latestFailuresQuery(server?: string): string {
  const lines = [...LATEST_FAILURES_QUERY];
  if (server !== undefined) lines.splice(3, 0, `filter f.server = ${JSON.stringify(server)}`);
  return lines.join('\n| ');
}

/**
 * The notifier's line of each alarm state change it handles, by what it did: one JSON line on stdout, with the
 * alarm's name, the state it left and the state it entered (and why it sent nothing, when it did not).
 */
export const NOTIFIER_LOG_MESSAGES = {
  published: 'notification published',
  skipped: 'notification skipped',
  failed: 'notification failed',
} as const;

/**
 * The dashboards' "Alarm state changes" table, on the notifier's log group: every change to ALARM or OK of the
 * alarms that notify (each target's page and warn composites, probe-down, the status feed's major incidents, the
 * dead-letter and maintenance alarms), newest first, with what the notifier did. A member alarm shows as the
 * composite it turns.
 */
export const ALARM_STATE_CHANGES_QUERY: readonly string[] = [
  // Lambda's text log format puts its time, request id and level before the line console.log writes.
  'parse @message /(?<line>\\{"level":.*\\})/',
  'fields jsonParse(line) as change',
  `filter change.message in ${JSON.stringify(Object.values(NOTIFIER_LOG_MESSAGES))}`,
  'display @timestamp, change.alarmName, change.previousState, change.state, change.message, change.reason',
  'sort @timestamp desc',
  'limit 100',
];

/** The states whose changes mark the Grafana dashboard's graphs, each its own annotation (and colour). */
export const ANNOTATED_ALARM_STATES = ['ALARM', 'OK'] as const;

/**
 * The Grafana dashboard's annotation of every notifying alarm's change to `state`, on the notifier's log group: the
 * lines of ALARM_STATE_CHANGES_QUERY whose notification was published (a skipped change, such as an OK after OK or a
 * retried duplicate, changed nothing the graphs should mark; a failed one is retried and then published), its time
 * and a "text" field, which Grafana reads as the annotation's text.
 */
export function alarmStateAnnotationQuery(state: (typeof ANNOTATED_ALARM_STATES)[number]): string {
  const [parse, fields] = ALARM_STATE_CHANGES_QUERY;
  return [
    parse,
    fields,
    `filter change.message = ${JSON.stringify(NOTIFIER_LOG_MESSAGES.published)} and ` +
      `change.state = ${JSON.stringify(state)}`,
    'fields concat(change.alarmName, ": ", change.previousState, " to ", change.state) as text',
    'display @timestamp, text',
    'sort @timestamp desc',
    'limit 1000',
  ].join('\n| ');
}
