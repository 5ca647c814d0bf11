// The alarms of a local run history, as the stack's composites would judge them, so that `run --history`
// under cron or `--every` notifies once per change of state, like the deployed notifier. Pure: the caller reads
// and writes the state (a file in the history folder) and sends the changes.
// - A target (server, journey, the status feed) has a page and a warn alarm, from the severities of its failing
//   checks in each run line (a check's severity, or the gauge alarm that names the failure's code).
// - page: ALARM on one failing run (the probe already retried it), OK on the next run without a page failure; a
//   check the run line lists as flapping still counts as failing (the Lambda held its pass back).
// - warn: ALARM when 2 of the last 3 runs had a warn failure, OK when fewer do (CloudWatch's M of N).
// - A failure a gauge alarm of a `sustained` window names (a slow sign-in page) is its check's warning on one run, and
//   breaches that alarm's severity only in most of the last hour's runs, at least 2 (alarm-timing.ts sustainedWindow,
//   by the runs' start times, since a local history has no fixed cadence).
// - A target absent from a run (filtered out with --server, credential not put) keeps its state: no data is never a
//   pass. A failure the run withheld for maintenance is no data either.
// - During a maintenance window nothing is told; each change not yet told is told once the window ends (a
//   recovery during the window is an OK then, a failure still open an ALARM).
import { SEVERITIES, type RunLogFailure, type RunLogLine, type Severity } from '../contract';
import { verdictOf } from '../plan/verdict';
import { gaugesOf } from '../plan/outputs';
import { alarmTiming, type AlarmWindow } from '../plan/alarm-timing';
import { compositeAlarmName, parseAlarmName } from '../plan/alarm-names';
import { asRunLine } from '../report/run-line-shape';
import type { ServerConfig } from '../types';
import type { AlarmChange } from './message';
import { untoldReason } from './untold';

type LocalState = 'ALARM' | 'OK';

interface LocalAlarm {
  readonly state: LocalState;
  /** When it entered `state` (the run's startedAt). */
  readonly since: string;
  /** When it entered the state before, for "recovered after 12 min". */
  readonly previousSince?: string;
  /** The newest runs with data, oldest first, at most KEPT_RUNS: did each breach? */
  readonly breaches: readonly boolean[];
  /**
   * The runs of the last hour (at least the last 3), oldest first: did each have a failure a sustained window judges
   * at this severity (a slow page)? Absent: none seen yet.
   */
  readonly lasting?: readonly { readonly at: string; readonly breached: boolean }[];
  /** The state each channel was last told, by channel key; absent: OK (nothing to recover from). */
  readonly told: Readonly<Record<string, LocalState>>;
}

export interface LocalAlarmFile {
  readonly version: 1;
  /** By composite alarm name (`<prefix>-<server>-<severity>`). */
  readonly alarms: Readonly<Record<string, LocalAlarm>>;
  /** The newest run lines, oldest first: the message's streaks and causes. */
  readonly recent: readonly RunLogLine[];
}

/**
 * The stack's windows in runs (plan/alarm-timing.ts: a page check's 1 of 1, a warning's 2 of the last 3), read from
 * the one definition the deployed alarms are built from; the period does not change them, and a local history has no
 * fixed cadence, only runs.
 */
const WINDOWS: Readonly<Record<Severity, AlarmWindow>> = { page: alarmTiming(1).page, warn: alarmTiming(1).steady };
const WARN_RUNS = WINDOWS.warn.evaluationPeriods;
const WARN_BREACHES = WINDOWS.warn.datapointsToAlarm;
/** The runs each alarm keeps: the longest of the windows. */
const KEPT_RUNS = Math.max(...SEVERITIES.map((severity) => WINDOWS[severity].evaluationPeriods));
/** A sustained window's hour and its fewest runs (plan/alarm-timing.ts sustainedWindow). */
const LASTING_MS = 60 * 60_000;
const LASTING_MIN_RUNS = 3;
/** Run lines kept for the messages: a 15-minute streak of a 1-minute schedule, as the notifier reads. */
const RECENT_RUNS = 15;

export const EMPTY_STATE: LocalAlarmFile = { version: 1, alarms: {}, recent: [] };

/**
 * Whom a failure wakes, as the stack's alarms judge it (plan/outputs.ts), with the config's servers: a setting that
 * makes an alarm page (provisioning.pageOnLeavers) pages here too.
 */
export function failureSeverity(
  failure: Pick<RunLogFailure, 'check' | 'code' | 'server' | 'severity'>,
  servers: readonly ServerConfig[] = [],
): Severity {
  const server = servers.find((s) => s.id === failure.server);
  return verdictOf(failure.check, failure.code, server, undefined, failure.severity).severity;
}

/** The targets a run has data for: each server it probed, and each one that failed (the status feed). */
function targetsOf(line: RunLogLine): Set<string> {
  const pending = new Set(line.pending ?? []);
  return new Set(
    [...(line.servers ?? []).map((s) => s.id), ...line.failures.map((f) => f.server)].filter((id) => !pending.has(id)),
  );
}

/** The severity of the `sustained` gauge alarm that names the failure's code (a slow page's), if one does. */
function lastingSeverity(failure: Pick<RunLogFailure, 'check' | 'code'>): Severity | undefined {
  return gaugesOf(failure.check)
    .flatMap((gauge) => gauge.alarms)
    .find((alarm) => alarm.window === 'sustained' && alarm.runbook.causes.includes(failure.code))?.severity;
}

/** The runs of the last hour, at least the last 3, with this one: did each have a failure the window judges? */
function lastingRuns(before: LocalAlarm | undefined, line: RunLogLine, target: string, severity: Severity) {
  const breached = line.failures.some(
    (f) => f.server === target && f.withheld === undefined && lastingSeverity(f) === severity,
  );
  const runs = [...(before?.lasting ?? []), { at: line.startedAt, breached }];
  const since = Date.parse(line.startedAt) - LASTING_MS;
  return runs.filter((run, index) => Date.parse(run.at) > since || index >= runs.length - LASTING_MIN_RUNS);
}

/** Most of the window's runs breached (of at least 3, so at least 2): one run never decides it. */
const lastingBreach = (runs: readonly { readonly breached: boolean }[]): boolean =>
  runs.filter((run) => run.breached).length > Math.max(LASTING_MIN_RUNS, runs.length) / 2;

function breached(line: RunLogLine, target: string, severity: Severity, servers: readonly ServerConfig[]): boolean {
  const failing = line.failures.some(
    (f) => f.server === target && f.withheld === undefined && failureSeverity(f, servers) === severity,
  );
  const flapping = severity === 'page' && (line.flapping ?? []).some((entry) => entry.startsWith(`${target}/`));
  return failing || flapping;
}

/** Whether every failure of the target at this severity was withheld (maintenance): no datapoint, as in AWS. */
function onlyWithheld(line: RunLogLine, target: string, severity: Severity, servers: readonly ServerConfig[]): boolean {
  const mine = line.failures.filter((f) => f.server === target && failureSeverity(f, servers) === severity);
  return mine.length > 0 && mine.every((f) => f.withheld !== undefined);
}

function nextState(breaches: readonly boolean[], severity: Severity): LocalState {
  const window = WINDOWS[severity];
  const breaching = breaches.slice(-window.evaluationPeriods).filter(Boolean).length;
  return breaching >= window.datapointsToAlarm ? 'ALARM' : 'OK';
}

/**
 * The file after one more run line: every alarm of the targets it has data for, evaluated. `servers`: the config's,
 * whose settings may make a warning page.
 */
export function evaluateRun(
  file: LocalAlarmFile,
  line: RunLogLine,
  prefix: string,
  servers: readonly ServerConfig[] = [],
): LocalAlarmFile {
  const alarms: Record<string, LocalAlarm> = { ...file.alarms };
  for (const target of targetsOf(line)) {
    for (const severity of SEVERITIES) {
      if (onlyWithheld(line, target, severity, servers)) continue;
      const name = compositeAlarmName(prefix, target, severity);
      const before = alarms[name] ?? { state: 'OK', since: line.startedAt, breaches: [], told: {} };
      const breaches = [...before.breaches, breached(line, target, severity, servers)].slice(-KEPT_RUNS);
      const lasting = lastingRuns(alarms[name], line, target, severity);
      const state = lastingBreach(lasting) ? 'ALARM' : nextState(breaches, severity);
      alarms[name] =
        state === before.state
          ? { ...before, breaches, lasting }
          : { state, since: line.startedAt, previousSince: before.since, breaches, told: before.told, lasting };
    }
  }
  const recent = [...file.recent, line].slice(-RECENT_RUNS);
  return { version: 1, alarms, recent };
}

/** A change a channel has not been told yet, as the notifier's message builder takes it. */
interface PendingChange {
  readonly alarmName: string;
  /** The target the alarm is of (a server, a journey, a SAML app, the status feed). */
  readonly server: string;
  readonly severity: Severity;
  readonly change: AlarmChange;
}

/** An alarm `channel` is not told of, and why (notify/untold.ts: the deployed notifier's words). */
interface Untold {
  readonly alarmName: string;
  readonly untold: string;
}

/**
 * What `channel` (of these severities) is told of each alarm: the change it has not heard yet, or why it hears
 * nothing. `mutedBy`: what mutes every alarm now (an open maintenance window), as a suppressor mutes the stack's.
 */
export function tellings(
  file: LocalAlarmFile,
  channel: string,
  severities: readonly Severity[],
  prefix: string,
  mutedBy?: string,
): (PendingChange | Untold)[] {
  return Object.entries(file.alarms).flatMap(([alarmName, alarm]): (PendingChange | Untold)[] => {
    const { server, severity } = parseAlarmName(alarmName, prefix);
    if (severity === null || !severities.includes(severity)) return [];
    const why = untoldReason({
      state: alarm.state,
      heard: alarm.told[channel],
      ...(mutedBy !== undefined && { mutedBy }),
    });
    if (why !== null) return [{ alarmName, untold: why }];
    return [{ alarmName, server, severity, change: changeOf(alarmName, alarm, server, severity) }];
  });
}

/** The alarms whose state `channel` (of these severities) has not heard: none while `mutedBy` holds. */
export function untold(
  file: LocalAlarmFile,
  channel: string,
  severities: readonly Severity[],
  prefix: string,
  mutedBy?: string,
): PendingChange[] {
  return tellings(file, channel, severities, prefix, mutedBy).flatMap((t) => ('untold' in t ? [] : [t]));
}

/** The change as the notifier's message builder takes it, with the local rule's own words for its reason. */
function changeOf(alarmName: string, alarm: LocalAlarm, server: string, severity: Severity): AlarmChange {
  const reason =
    alarm.state === 'ALARM'
      ? `okta-synthetics run --history: ${
          lastingBreach(alarm.lasting ?? [])
            ? "a slow sign-in page in most of the last hour's runs"
            : severity === 'page'
              ? 'a page check failed ' + 'in the latest run'
              : `a warning in ${WARN_BREACHES} of ` + `the last ${WARN_RUNS} runs`
        } ` + `of ${server}`
      : `okta-synthetics run --history: ${server} passed`;
  return {
    alarmName,
    state: alarm.state,
    reason,
    timestamp: alarm.since,
    ...(alarm.previousSince !== undefined && { previousTimestamp: alarm.previousSince }),
  };
}

/** The file once `channel` has been told `alarmName`'s current state. */
export function markTold(file: LocalAlarmFile, alarmName: string, channel: string): LocalAlarmFile {
  const alarm = file.alarms[alarmName];
  if (alarm === undefined) return file;
  return {
    ...file,
    alarms: { ...file.alarms, [alarmName]: { ...alarm, told: { ...alarm.told, [channel]: alarm.state } } },
  };
}

/** A state file as read back: anything that is not this shape starts afresh (every alarm OK, nothing told). */
export function parseLocalAlarmFile(text: string): LocalAlarmFile | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { version, alarms, recent } = value as Record<string, unknown>;
    if (version !== 1 || typeof alarms !== 'object' || alarms === null || !Array.isArray(recent)) return null;
    const valid = Object.values(alarms).every((a: unknown) => {
      const alarm = a as Partial<LocalAlarm> | null;
      return (
        alarm !== null &&
        typeof alarm === 'object' &&
        (alarm.state === 'ALARM' || alarm.state === 'OK') &&
        typeof alarm.since === 'string' &&
        Array.isArray(alarm.breaches) &&
        (alarm.lasting === undefined ||
          (Array.isArray(alarm.lasting) &&
            alarm.lasting.every((run) => typeof run?.at === 'string' && typeof run.breached === 'boolean'))) &&
        typeof alarm.told === 'object' &&
        alarm.told !== null
      );
    });
    // Judged as every reader of run lines judges them: a line is whole or it is left out.
    const lines = recent.flatMap((r: unknown) => asRunLine(r) ?? []);
    return valid ? { version: 1, alarms: alarms as Record<string, LocalAlarm>, recent: lines } : null;
  } catch {
    return null;
  }
}
