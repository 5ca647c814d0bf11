// Which alarms a configuration produces, without CDK: the stack builds exactly these (lib/alarms.ts) and the
// cost command prices exactly these. Their names come from alarm-names.ts.
import { DIAGNOSES } from '../diagnosis';
import { GAUGES, hasCheckSuccess, LATENCY_ALARM, MAINTENANCE_SERVER, maintenanceParameterName, METRICS, STATUS_SERVER, type CheckName, type DiagnosisCode, type GaugeAlarm, type MetricName, SEVERITIES, type Severity, type ThresholdSetting } from '../contract';
import type { ProbeConfig, ServerConfig } from '../types';
import { plannedChecks } from './checks';
import { compositeAlarmName, liveness, memberAlarmName } from './alarm-names';
import { checkRow } from './check-table';
import { credentialsNotPutAlarm } from './credential-alarm';
import { targetSubject } from './subject';
import type { LoadedConfig } from '../config/parse';
import { latencyThreshold } from '../config/latency';

/** What the cost calculator, the CLI's plan command and the docs need about one alarm. */
export interface PlannedAlarm {
  readonly name: string;
  readonly kind: 'metric' | 'composite';
  /** page: a server or the probe is down; warn: capacity and hygiene. A member alarm has its composite's severity. */
  readonly severity: Severity;
  /** The topic this alarm itself notifies, or null when it only feeds a composite. */
  readonly notifies: Severity | null;
  /**
   * Also published straight to the people's topic of its severity, not through the notifier: the notifier's own
   * alarms, because the notifier may be what failed.
   */
  readonly direct?: boolean;
  /** Metric watched (metric alarms only): a contract metric, or AWS/Lambda Errors|Throttles|Invocations, AWS/SQS NumberOfMessagesSent. */
  readonly metric?: string;
  readonly description: string;
}

/**
 * How CloudWatch treats a period without a datapoint (TreatMissingData): breaching counts it as failing,
 * notBreaching as passing, ignore keeps the alarm's current state (AWS: "the current alarm state is maintained").
 */
export type MissingData = 'breaching' | 'notBreaching' | 'ignore';

interface MetricAlarmBase extends PlannedAlarm {
  readonly kind: 'metric';
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly comparison: 'lessThan' | 'greaterThan' | 'greaterThanOrEqual';
  readonly threshold: number;
  readonly missingData: MissingData;
  /** p90: CloudWatch's percentile of the period's samples (the latency alarm's; issue 22). */
  readonly statistic: 'Minimum' | 'Maximum' | 'Average' | 'Sum' | 'p90';
}

/** An alarm on a metric the probe publishes (namespace from the deploy settings). */
export interface ProbeMetricAlarm extends MetricAlarmBase {
  readonly source: 'probe';
  readonly metric: MetricName;
  /** The server whose composite this alarm feeds (none for the deployment-wide maintenance alarm). */
  readonly server?: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Alarm on ABS(metric): clock skew is signed. */
  readonly absolute?: boolean;
}

/** An alarm on our own machinery: a function's Errors/Throttles/Invocations, new dead-letter messages. */
export interface InfraMetricAlarm extends MetricAlarmBase {
  /** function/dlq: the probe's; notifier/notifier-dlq: the notifier's. */
  readonly source: 'function' | 'dlq' | 'notifier' | 'notifier-dlq';
  readonly metric: 'Errors' | 'Throttles' | 'Invocations' | 'NumberOfMessagesSent';
}

export interface CompositeAlarmSpec extends PlannedAlarm {
  readonly kind: 'composite';
  /** Names of the alarms (metric or composite, listed earlier) combined with OR. */
  readonly members: readonly string[];
  /** The server whose page or warn composite this is (none for the deployment-wide composites). */
  readonly server?: string;
  /** The alarm whose ALARM state mutes this composite's actions, with CloudWatch's wait and extension periods. */
  readonly suppressor?: { readonly name: string; readonly waitMinutes: number; readonly extensionMinutes: number };
}

export type AlarmSpec = ProbeMetricAlarm | InfraMetricAlarm | CompositeAlarmSpec;

/** How many of how many periods must breach: a metric alarm's evaluation window. */
export interface AlarmWindow {
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/**
 * Every timing of the alarm model, from the schedule alone. Each probe alarm looks at one run per period, and
 * every worst case is: a run up to one period after the failure (or the fix) starts, the runs the window needs,
 * one period for the last of them to close, 1 min of CloudWatch evaluation, then the suppressor's wait.
 *
 * A server's page checks alarm on ONE failing run of 1: the probe already confirms a transient failure inside
 * the run (a timeout, connection error or 5xx is retried once; a pass on retry publishes a pass), so a failing
 * datapoint is a confirmed failure, and one passing run is a recovery. They ignore missing data (the current state
 * is kept): a silent probe or a check skipped after a failed step is never taken for a pass (an alarm in ALARM
 * stays there) and never trips an alarm either (one in OK stays there), so a lost run never pages and a dead probe
 * trips no server alarm: its own liveness alarms page "probe down", once. The price of 1 of 1: a server that
 * fails every other run pages and clears with each run, where 1 of 2 held one page (the timelines measure it).
 *
 * Page composites wait 0 min for their suppressor: while a maintenance window is open the probe does not publish
 * a failing datapoint that feeds them (maintenanceWithheld() names them, functions/probe/metrics.ts drops them), so no check alarm can
 * race the maintenance alarm fed by the same run, and nothing else needs the wait (a dead probe trips no check
 * alarm). Page: 1 run + 1 period + 1 min = 2P + 1 (3 min at the 1-minute schedule); OK the same.
 *
 * Warn checks, gauges and the liveness alarms keep 2 failing runs of the last 3: a warning may be slower and
 * must not flap, and a heartbeat on 1 of 1 would page on one lost invocation. Warn composites keep a 1-min
 * wait: their members still publish during a window (a warning is only muted), so a window opened in the run that
 * completes a warning's second failure races the warning as the page checks once did.
 *
 * The extension (1 min, both) is CloudWatch's grace after the silence ends: the maintenance alarm is 1 of the
 * last 2, so it leaves ALARM one evaluation after the window's last run; a server still failing then pages once
 * the extension has passed (CloudWatch performs the actions of a composite still in ALARM).
 */
export interface AlarmTiming {
  readonly periodMinutes: number;
  /** A server's page checks (CheckSuccess of a page-severity check): 1 failing run of 1. */
  readonly page: AlarmWindow;
  /** Warn checks, gauges (rate-limit headroom, clock skew, certificate, status feed) and the probe's liveness: 2 of 3. */
  readonly steady: AlarmWindow;
  /** Page composites: 0, the probe withholds their failing datapoints during a window, so there is no race to cover. */
  readonly pageSuppressorWaitMinutes: number;
  /** Warn composites: one evaluation, a window opened in the run that completes a warning. */
  readonly warnSuppressorWaitMinutes: number;
  readonly suppressorExtensionMinutes: number;
  /** Worst case from the start of a failure to the page: 1 period until a run sees it + 1 period to close + 1 min evaluation + the page wait (0). */
  readonly pageWithinMinutes: number;
  /** Worst case from a fix to the page's OK message: 1 passing run + 1 period to close + 1 min evaluation (OK is never delayed by the wait). */
  readonly okWithinMinutes: number;
  /** Worst case from the start of a failure to a warning: 2 failing runs + 1 period to close + 1 min evaluation + the warn wait. */
  readonly warnWithinMinutes: number;
  /** Worst case from a fix to the warning's OK message: 2 passing runs + 1 period to close + 1 min evaluation. */
  readonly warnOkWithinMinutes: number;
  /** Worst case from the probe stopping to the "probe is not running" page: 2 of 3 heartbeats (nothing suppresses it). */
  readonly probeDownWithinMinutes: number;
}

/** CloudWatch evaluates alarms about once a minute. */
const EVALUATION_LAG_MINUTES = 1;

export function alarmTiming(scheduleMinutes: number): AlarmTiming {
  const period = scheduleMinutes;
  const page: AlarmWindow = { periodMinutes: period, evaluationPeriods: 1, datapointsToAlarm: 1 };
  const steady: AlarmWindow = { periodMinutes: period, evaluationPeriods: 3, datapointsToAlarm: 2 };
  const pageWait = 0;
  const warnWait = EVALUATION_LAG_MINUTES;
  /** Runs until the window decides, + 1 period for the last one to close + 1 min evaluation (the failure or fix starts just after a run). */
  const decided = (runs: number): number => (runs + 1) * period + EVALUATION_LAG_MINUTES;
  const toAlarm = (w: AlarmWindow): number => decided(w.datapointsToAlarm);
  const toOk = (w: AlarmWindow): number => decided(w.evaluationPeriods - w.datapointsToAlarm + 1);
  return {
    periodMinutes: period,
    page,
    steady,
    pageSuppressorWaitMinutes: pageWait,
    warnSuppressorWaitMinutes: warnWait,
    suppressorExtensionMinutes: EVALUATION_LAG_MINUTES,
    pageWithinMinutes: toAlarm(page) + pageWait,
    okWithinMinutes: toOk(page),
    warnWithinMinutes: toAlarm(steady) + warnWait,
    warnOkWithinMinutes: toOk(steady),
    probeDownWithinMinutes: toAlarm(steady),
  };
}

/** CloudWatch's limit on AlarmDescription. */
const MAX_DESCRIPTION = 1024;

/** The deployed threshold of a gauge alarm: fixed, or read from the probe setting the table names. */
export function gaugeThreshold(alarm: GaugeAlarm, probe: Pick<ProbeConfig, ThresholdSetting>): number {
  return typeof alarm.threshold === 'number' ? alarm.threshold : probe[alarm.threshold.setting];
}

function truncate(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

function likelyCauses(codes: readonly DiagnosisCode[]): string {
  return codes.map((code) => `${code} (${DIAGNOSES[code].title})`).join('; ');
}

const FIRST_STEPS =
  'First steps: open the dashboard\'s "Latest failures" table (Logs Insights on the probe\'s log group): each failure carries its diagnosis code, remedy and X-Okta-Request-Id for an Okta support ticket.';

function checkDescription(server: string, check: CheckName, window: AlarmWindow, timing: AlarmTiming): string {
  const runbook = checkRow(check).runbook;
  const onePage = window.datapointsToAlarm === 1 && window.evaluationPeriods === 1;
  const runs = onePage
    ? 'one failing run (a transient failure is already retried inside the run); one passing run clears it'
    : `${window.datapointsToAlarm} failing runs of the last ${window.evaluationPeriods}`;
  const within = onePage ? timing.pageWithinMinutes : timing.warnWithinMinutes;
  const missingText =
    ` Fires on ${runs}, within ${within} min of the failure's start. A run without a datapoint (lost, or the check skipped after a failed step) keeps this alarm's state: ` +
    'never a pass, never a page; a stopped probe pages "probe down" instead.' +
    (onePage ? ' During a maintenance window the probe withholds its failing datapoints (the run log says "withheld": "maintenance").' : '');
  return truncate(`${server}/${check}: ${runbook.meaning}${missingText} Likely causes: ${likelyCauses(runbook.causes)}. ${FIRST_STEPS}`);
}

/** Every alarm of a deployment, with what CDK needs to build it. Members come before the composites using them. */
export function alarmSpecs(config: LoadedConfig): AlarmSpec[] {
  const { probe, deploy } = config;
  const prefix = deploy.prefix;
  const timing = alarmTiming(deploy.scheduleMinutes);
  const window = timing.steady;
  const specs: AlarmSpec[] = [];
  /** Members of each server's composites, by server then severity, in the order the checks run. */
  const members = new Map<string, Record<Severity, string[]>>();
  const addProbeAlarm = (alarm: ProbeMetricAlarm & { readonly server: string }): void => {
    specs.push(alarm);
    const server = alarm.server;
    const byServer = members.get(server) ?? { page: [], warn: [] };
    byServer[alarm.severity].push(alarm.name);
    members.set(server, byServer);
  };
  const member = { kind: 'metric', source: 'probe', notifies: null, ...window } as const;

  for (const { server, check } of plannedChecks(probe)) {
    // A check that ran but did not pass publishes 0 (after its in-run retry); one skipped after a failed step
    // publishes nothing, and neither does a lost run: that keeps the alarm's state (the failed step pages).
    const severity = checkRow(check).severity;
    const checkWindow = severity === 'page' ? timing.page : timing.steady;
    if (hasCheckSuccess(check)) addProbeAlarm({
      ...member,
      ...checkWindow,
      name: memberAlarmName(prefix, server, check),
      severity,
      metric: METRICS.CheckSuccess.name,
      server,
      dimensions: { Server: server, Check: check },
      description: checkDescription(server, check, checkWindow, timing),
      statistic: 'Minimum',
      comparison: 'lessThan',
      threshold: 1,
      missingData: 'ignore',
    });
    for (const gauge of GAUGES) {
      if (gauge.check !== check) continue;
      for (const alarm of gauge.alarms) {
        const threshold = gaugeThreshold(alarm, probe);
        addProbeAlarm({
          ...member,
          name: memberAlarmName(prefix, server, alarm.name),
          severity: alarm.severity,
          metric: METRICS[gauge.metric].name,
          server,
          dimensions: { Server: server },
          description: truncate(
            `${server}: ${alarm.runbook.meaning.replaceAll('{threshold}', String(threshold))} ` +
              `Likely causes: ${likelyCauses(alarm.runbook.causes)}. First steps: ${alarm.runbook.firstSteps}`,
          ),
          statistic: alarm.statistic,
          ...(alarm.absolute === true ? { absolute: true } : {}),
          comparison: alarm.comparison,
          threshold,
          // A missing reading keeps the state: a silent probe neither clears nor raises a gauge alarm.
          missingData: 'ignore',
        });
      }
    }
  }

  for (const server of probe.servers) {
    const alarm = latencyAlarm(config, server, timing);
    if (alarm !== null) addProbeAlarm(alarm);
  }

  const names = liveness(prefix);
  const infra = { kind: 'metric', severity: 'page', notifies: null, ...window, missingData: 'notBreaching' } as const;
  specs.push(
    {
      ...infra,
      name: names.errors,
      source: 'function',
      metric: 'Errors',
      statistic: 'Sum',
      comparison: 'greaterThanOrEqual',
      threshold: 1,
      description: truncate(
        'Probe runs failed as a whole: Okta may be fine, the monitoring is not. Lambda counts as Errors a run that threw (the handler ' +
          'throws on an invalid OKTA_SYNTHETICS_CONFIG), timed out, ran out of memory, or failed to initialise (a broken bundle, a missing ' +
          'module). First steps: in the function\'s log group look for "Task timed out", "Runtime exited", "Runtime.ImportModuleError" or ' +
          'the ERROR line; compare Max Duration with the timeout and Max Memory Used with the memory size; fix and redeploy.',
      ),
    },
    {
      ...infra,
      name: names.throttles,
      source: 'function',
      metric: 'Throttles',
      statistic: 'Sum',
      comparison: 'greaterThanOrEqual',
      threshold: 1,
      description: truncate(
        'Probe invocations are throttled: the account (or the reserved concurrency, when set) has no concurrency left for the probe. ' +
          'First steps: Lambda console > Account-level concurrency; find the function using it, or set reservedConcurrency in the config.',
      ),
    },
    {
      ...infra,
      name: names.heartbeat,
      source: 'function',
      metric: 'Invocations',
      statistic: 'Sum',
      comparison: 'lessThan',
      threshold: 1,
      // No datapoint is exactly the failure this alarm exists for: nothing invoked the probe.
      missingData: 'breaching',
      description: truncate(
        `The probe was not invoked in 2 of the last 3 periods of ${timing.periodMinutes} min (pages "probe down" within ${timing.probeDownWithinMinutes} min): the schedule is disabled or deleted, ` +
          'EventBridge Scheduler cannot invoke the function (its role, a deleted function), or every invocation is throttled. ' +
          'First steps: EventBridge Scheduler console > the schedule named after the prefix: state and target; then the dead-letter queue.',
      ),
    },
  );

  const probeDown: CompositeAlarmSpec = {
    name: names.probeDown,
    kind: 'composite',
    severity: 'page',
    notifies: 'page',
    members: [names.errors, names.throttles, names.heartbeat],
    description: truncate(
      'The probe is not running (or fails as a whole): no server can be judged, so the per-server alarms are muted while this is in ' +
        'ALARM and this is the one page. Okta is not known to be down. First steps: open the member in ALARM (function errors, ' +
        'throttles, heartbeat) for its runbook; the dashboard\'s "Probe health" graph shows when it started.',
    ),
  };
  specs.push(probeDown, {
    kind: 'metric',
    severity: 'warn',
    // Each new dead letter is news: this alarm warns by itself (a lost run trips no check alarm, so it mutes nothing).
    notifies: 'warn',
    name: names.dlq,
    source: 'dlq',
    metric: 'NumberOfMessagesSent',
    ...EACH_NEW_EVENT,
    description: truncate(
      'New messages reached the dead-letter queue: a scheduled run could not be delivered, or failed asynchronously. This alarm ' +
        'returns to OK by itself after 5 quiet minutes and fires again on the next message; purging is housekeeping, not a reset. ' +
        'First steps: read the message (its attributes carry the error: permissions, quota, a crashing handler) and fix the cause.',
    ),
  });
  specs.push({
    kind: 'metric',
    source: 'probe',
    severity: 'warn',
    // Its start and end reach the warn topic: everyone sees that pages are silenced, and until when.
    notifies: 'warn',
    name: names.maintenance,
    metric: METRICS.MaintenanceWindow.name,
    dimensions: { Server: MAINTENANCE_SERVER },
    statistic: 'Maximum',
    comparison: 'greaterThanOrEqual',
    threshold: 1,
    // The probe publishes 1 per run while the window is open and nothing after it: no datapoint is "not silenced".
    missingData: 'notBreaching',
    periodMinutes: timing.periodMinutes,
    // Any of the last 2 periods: a period whose run has not reported yet must not end the silence.
    evaluationPeriods: 2,
    datapointsToAlarm: 1,
    description: truncate(
      `A maintenance window is open: the SSM parameter ${maintenanceParameterName(prefix)} holds a time (at most 24 h ahead) ` +
        'and every server composite is muted until it passes, without a redeploy; the probe also withholds the failing datapoints of ' +
        'page checks meanwhile (the run log marks them "withheld": "maintenance"). It ends by itself; delete the parameter to end ' +
        'it early. A server still failing when it ends pages then. The probe-down page is never silenced.',
    ),
  });
  specs.push(credentialsNotPutAlarm(prefix, timing));
  const silence: CompositeAlarmSpec = {
    name: names.silence,
    kind: 'composite',
    severity: 'page',
    notifies: null,
    // Not the dead-letter queue: a lost run publishes nothing, which trips no check alarm (they ignore missing
    // data), so muting the servers on a dead letter would only delay a real page by the queue alarm's 5 minutes.
    members: [names.probeDown, names.maintenance],
    description: truncate(
      'Mutes every per-server composite (its ActionsSuppressor) while the probe itself is sick (probe-down) or a maintenance ' +
        'window is open. Notifies no one: the member that put it in ALARM does.',
    ),
  };
  specs.push(silence, ...notifierAlarms(names));
  const suppressor = (severity: Severity): CompositeAlarmSpec['suppressor'] => ({
    name: silence.name,
    waitMinutes: severity === 'page' ? timing.pageSuppressorWaitMinutes : timing.warnSuppressorWaitMinutes,
    extensionMinutes: timing.suppressorExtensionMinutes,
  });

  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  for (const [server, bySeverity] of members) {
    for (const severity of SEVERITIES) {
      const list = bySeverity[severity];
      if (list.length === 0) continue;
      const [only] = list;
      const single = list.length === 1 && only !== undefined ? byName.get(only) : undefined;
      if (server === STATUS_SERVER && single?.kind === 'metric') {
        // The status feed's one member (major incidents): it notifies itself, a composite around it would add
        // nothing but its monthly price (an org's maintenance window does not mute Okta's own incidents). Any
        // other server or journey keeps its composite even for one member: the composite's name is what the
        // notifier parses into server and severity, and its suppressor is what a maintenance window mutes.
        specs[specs.indexOf(single)] = { ...single, notifies: severity };
        continue;
      }
      const subject = targetSubject(probe, server);
      specs.push({
        name: compositeAlarmName(prefix, server, severity),
        kind: 'composite',
        server,
        severity,
        notifies: severity,
        members: list,
        suppressor: suppressor(severity),
        description: truncate(
          `${subject}: ${severity === 'page' ? 'unavailable' : 'a warning'} (any of: ${list.map((m) => m.slice(prefix.length + 1)).join(', ')}). ` +
            'Pages and warnings have their own composites and topics, so a stuck warning never hides a page. ' +
            `${severity === 'page' ? `Pages within ${timing.pageWithinMinutes}` : `Warns within ${timing.warnWithinMinutes}`} min of the failure's start, tells OK within ${severity === 'page' ? timing.okWithinMinutes : timing.warnOkWithinMinutes} min of the fix. ` +
            'Muted while the probe itself is down or a maintenance window is open. First steps: open the member in ALARM for its runbook.',
        ),
      });
    }
  }
  return specs;
}

/**
 * The probe alarms whose breaching datapoints the probe withholds while a maintenance window is open: the members of
 * the page composites the silence mutes. Withheld, a failure first seen in the run that opens a window cannot race
 * the maintenance alarm (both would reach CloudWatch together), so those composites need no suppressor wait. Not a
 * page alarm that notifies by itself (a major incident on Okta's status feed): a window never silences it, so its
 * data stay. Warn members keep publishing: muted, they still show, and their composites keep the wait.
 */
export function maintenanceWithheld(specs: readonly AlarmSpec[]): ProbeMetricAlarm[] {
  const muted = new Set(specs.flatMap((spec) => (spec.kind === 'composite' && spec.severity === 'page' && spec.suppressor !== undefined ? spec.members : [])));
  return specs.filter((spec): spec is ProbeMetricAlarm => spec.kind === 'metric' && spec.source === 'probe' && muted.has(spec.name));
}

/**
 * The warn alarm on a server's latency (issue 22): ServerLatency's p90 per run above the threshold in the steady
 * window (2 of the last 3 runs), so one slow run never warns. Each run is one period: a run makes 2 to 6 requests
 * of a server (discovery and keys are cached across warm runs), so its p90 is about its slowest request, and a
 * longer period would let one slow run (all of its requests slow) fill a third of the samples and warn alone.
 * CloudWatch calls fewer than 100 samples too few for a p90 (10/(1-0.9)) and would hold the state with
 * EvaluateLowSampleCountPercentile "ignore": the stack sets "evaluate". A run without an answered request (a lost
 * run, an outage that times out) keeps the state, like every probe alarm.
 */
function latencyAlarm(config: LoadedConfig, server: ServerConfig, timing: AlarmTiming): (ProbeMetricAlarm & { readonly server: string }) | null {
  const threshold = latencyThreshold(config.probe, server);
  if (threshold === null) return null;
  const window = timing.steady;
  return {
    kind: 'metric',
    source: 'probe',
    notifies: null,
    ...window,
    name: memberAlarmName(config.deploy.prefix, server.id, LATENCY_ALARM.name),
    severity: LATENCY_ALARM.severity,
    metric: METRICS.ServerLatency.name,
    server: server.id,
    dimensions: { Server: server.id },
    statistic: LATENCY_ALARM.statistic,
    comparison: 'greaterThan',
    threshold,
    missingData: 'ignore',
    description: truncate(
      `${server.id}: Okta is slow for this server: the p90 of its requests' latency (ServerLatency, every answered request of its checks in a run) ` +
        `was above ${threshold} ms in ${window.datapointsToAlarm} of the last ${window.evaluationPeriods} runs (warns within ${timing.warnWithinMinutes} min; one slow run never warns). ` +
        'Okta still answers: not an outage yet. Likely causes: Okta degraded in the org\'s cell (status.okta.com may post it only later); ' +
        'the network path (a proxy, the NAT gateway or VPC endpoints of the probe\'s subnets, DNS); the probe\'s region far from the org\'s cell (every request pays the distance: a standing offset, not a change). ' +
        'First steps: the dashboard\'s latency graph: one check slow (token: an inline hook or claim expression; authorize) or all of them (Okta or the path); ' +
        '`okta-synthetics run` from another network splits Okta from the path; latencyWarnMs sets the threshold.',
    ),
  };
}

/**
 * An alarm on each new event (an error, a dead letter): any in 5 minutes, back to OK by itself after 5 quiet ones.
 * SQS publishes queue metrics once a minute (up to 15 min late for a queue idle 6 h); 5 min is its coarsest sane view.
 */
const EACH_NEW_EVENT = {
  statistic: 'Sum',
  comparison: 'greaterThanOrEqual',
  threshold: 1,
  missingData: 'notBreaching',
  periodMinutes: 5,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
} as const;

/**
 * The notifier's own alarms. Each reaches people directly (not through the notifier, which may be what failed):
 * a failed notification already went out raw through the notifier's failure destination, so its errors warn;
 * an alarm change EventBridge could not deliver to the notifier reached no person at all, so that pages.
 */
function notifierAlarms(names: ReturnType<typeof liveness>): InfraMetricAlarm[] {
  const common = { kind: 'metric', direct: true, ...EACH_NEW_EVENT } as const;
  return [
    {
      ...common,
      name: names.notifierErrors,
      severity: 'warn',
      notifies: 'warn',
      source: 'notifier',
      metric: 'Errors',
      description: truncate(
        'The notifier failed to turn an alarm into a message with the diagnosis (logs unreadable is not a failure: that message still ' +
          'goes out). After its retries, the raw alarm event reached the same people through its failure destination, so nothing was ' +
          'lost. First steps: the notifier\'s log group (its name ends in -notifier): the ERROR line, "Task timed out", AccessDenied on sns:Publish or kms.',
      ),
    },
    {
      ...common,
      name: names.notifierDlq,
      severity: 'page',
      notifies: 'page',
      source: 'notifier-dlq',
      metric: 'NumberOfMessagesSent',
      description: truncate(
        'An alarm change could not be delivered to the notifier (EventBridge gave up: a deleted function, its permission, throttling), ' +
          'so no diagnosis message went out for it; pagers subscribed to the alarm topic still got the raw alarm. First steps: read the ' +
          'message in the notifier\'s dead-letter queue (which alarm, and the error in its attributes), then the dashboard for that alarm.',
      ),
    },
  ];
}

/** The alarms of a deployment, as the cost calculator, the CLI's plan command and the docs list them. */
export function plannedAlarms(config: LoadedConfig): PlannedAlarm[] {
  return alarmSpecs(config).map((spec) => ({
    name: spec.name,
    kind: spec.kind,
    severity: spec.severity,
    notifies: spec.notifies,
    ...(spec.kind === 'metric' ? { metric: spec.metric } : {}),
    description: spec.description,
  }));
}

/**
 * Which alarm changes the notifier receives, per severity: every notifying alarm by its exact name (a wildcard
 * such as `${prefix}-*-page` would also catch a deployment whose prefix extends ours). Direct alarms are left
 * out: they reach people without the notifier.
 */
export interface NotificationRoute {
  readonly severity: Severity;
  readonly names: readonly string[];
}

export function notificationRoutes(config: LoadedConfig): NotificationRoute[] {
  const notifying = alarmSpecs(config).filter((spec) => spec.notifies !== null && spec.direct !== true);
  return SEVERITIES.map((severity) => ({ severity, names: notifying.filter((spec) => spec.notifies === severity).map((spec) => spec.name) }));
}
