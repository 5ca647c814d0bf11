// The dashboard's Logs Insights tables as data (each title, query and height), drawn by the CloudWatch dashboard
// (lib/dashboard.ts) and by the Grafana one (grafana-dashboard.ts) alike: the failures with their remedies, what the
// config watches (the inventory, SAML groups, provisioning, journeys), the pending credentials, the availability, and
// the alarms' state changes from the notifier's log group.
import type { LoadedConfig } from '../config/parse';
import {
  ALARM_STATE_CHANGES_QUERY,
  AVAILABILITY_QUERY,
  LATEST_FAILURES_QUERY,
  PENDING_QUERY,
  PREVIEW_LOG_MESSAGE,
  PROVISIONING_QUERY,
  SAML_APPS_QUERY,
  SIGN_INS_QUERY,
  WHAT_EXPIRES_NEXT_QUERY,
} from '../contract';
import { previewTitle } from './dashboard-graphs';

/** Whose log group a table reads: the probe's run lines, or the notifier's line of each alarm state change. */
type LogTableSource = 'probe' | 'notifier';

/** A Logs Insights table: its title, its query's lines, its height, and whose log group it reads. */
export type LogTable = readonly [title: string, queryLines: readonly string[], height: number, source: LogTableSource];

/**
 * The Preview run's latest findings, from its own log line (never a run line: the availability table never counts
 * it), beside the Preview graph (DashboardGraphs.previewGraph). undefined without a `preview` block.
 */
export function previewTable(config: Pick<LoadedConfig, 'preview'>): LogTable | undefined {
  if (config.preview === undefined) return undefined;
  return [
    `${previewTitle(config)}: its latest findings ("Production next", "Preview unavailable")`,
    [
      'fields @timestamp, counts.ahead as ahead, counts.failing as failing, unavailable, incident, production',
      `filter message = "${PREVIEW_LOG_MESSAGE}"`,
      'sort @timestamp desc',
      'limit 20',
    ],
    6,
    'probe',
  ];
}

/** Every table of the dashboard, in its order, but the Preview row's (previewTable). */
export function logTables(config: LoadedConfig): LogTable[] {
  const probe = (table: readonly [string, readonly string[], number]): LogTable => [...table, 'probe'];
  return [
    probe(['Latest failures (diagnosis, remedy, Okta request id)', LATEST_FAILURES_QUERY, 8]),
    [
      'Alarm state changes: every ALARM and OK of the alarms that notify (page and warn composites, probe-down, ' +
        'the status feed, dead letters, maintenance), newest first; a member alarm shows as the composite it turns',
      ALARM_STATE_CHANGES_QUERY,
      6,
      'notifier',
    ],
    ...optionalTables(config).map(probe),
    probe([
      'Waiting for a credential (put-secret-value not run yet: their checks are N/A and do not page)',
      PENDING_QUERY,
      3,
    ]),
    probe([
      `Availability per server and month, % of runs up (target ${config.deploy.slaTargetPercent} %; set ` +
        `the time range to the month; "okta-synthetics report" splits the downtime by cause)`,
      AVAILABILITY_QUERY,
      6,
    ]),
  ];
}

/** The tables of what the config watches: the inventory, SAML groups, provisioning, journeys. */
function optionalTables(config: LoadedConfig): (readonly [string, readonly string[], number])[] {
  const { probe } = config;
  const tables: [boolean, readonly [string, readonly string[], number]][] = [
    [
      probe.servers.some((s) => s.inventory === true),
      [
        "What expires next: the org inventory's latest finding per item (days left or down since, fix; " +
          'a fixed item keeps the time it was last seen)',
        WHAT_EXPIRES_NEXT_QUERY,
        6,
      ],
    ],
    [
      (probe.samlGroups ?? []).length > 0,
      [
        "SAML apps that fail or expire soonest: each group's latest finding per app (its code, failing " +
          'since or days left, fix; a fixed app keeps the time it was last seen)',
        SAML_APPS_QUERY,
        8,
      ],
    ],
    [
      probe.servers.some((s) => s.provisioning !== undefined),
      [
        "Provisioning: each app's latest finding (a refused credential, the app unreachable, leavers who may " +
          "keep an account, counted with the oldest one's age; fix). Leavers are never named",
        PROVISIONING_QUERY,
        6,
      ],
    ],
    [
      (probe.signIn ?? []).length > 0,
      [
        'How each journey signs in: runs per authenticator that answered Okta (a passkey journey with a ' +
          'password row still signs in the old way), the last steps with their times, ms',
        SIGN_INS_QUERY,
        4,
      ],
    ],
  ];
  return tables.filter(([wanted]) => wanted).map(([, table]) => table);
}
