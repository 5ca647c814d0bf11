// The deployment's own alarms: the probe's liveness (errors, throttles, heartbeat, probe-down), its dead letters,
// the maintenance window and the silence that mutes the servers, the credentials not put, and the notifier's own.
import { liveness, MAINTENANCE_SERVER, maintenanceParameterName, METRICS, PREVIEW_ALIAS } from '../contract';
import type { AlarmSpec, CompositeAlarmSpec, InfraMetricAlarm } from './alarm-spec';
import { browserAlarmTiming, type AlarmTiming } from './alarm-timing';
import { truncate } from './alarm-text';
import { browserFunctionName, browserLogGroupName } from './browser-part';
import { credentialsNotPutAlarm } from './credential-alarm';

/** What this region's stack deploys besides the probe, each with a dead-letter queue of its own to alarm. */
interface DeployedHere {
  /** metricStream's alarm states, sent by EventBridge rules with a dead-letter queue. */
  readonly alarmStates?: boolean;
  /** Okta's Log Streaming (userSignIns.eventSource), in the home region: the sign-ins aggregator's queue. */
  readonly signInsStream?: boolean;
  /** The Preview org's schedule, which invokes this region's probe through its alias (plan/preview.ts). */
  readonly preview?: boolean;
  /** The browser function's cadence, minutes (browserEveryMinutes): with a "browser" journey in this region. */
  readonly browserEveryMinutes?: number | undefined;
}

/**
 * The deployment's alarms, and the silence composite every server composite takes as its suppressor. `probeDownWarns`:
 * why the stopped probe only warns in this region (the quorum's other regions reach a quorum without it,
 * quorum-alarms.ts); then probe-down and its members warn.
 */
export function deploymentAlarms(
  prefix: string,
  timing: AlarmTiming,
  probeDownWarns?: string,
  here: DeployedHere = {},
): {
  readonly specs: AlarmSpec[];
  readonly silence: CompositeAlarmSpec;
  /** With a "browser" journey here: what mutes its composites (its own function down, or a maintenance window). */
  readonly browserSilence?: CompositeAlarmSpec;
} {
  const names = liveness(prefix);
  const browser = here.browserEveryMinutes !== undefined;
  const silence = silenceAlarm(names, browser);
  const probeDown = probeDownAlarm(names, browser);
  const liveSpecs: AlarmSpec[] = [
    ...probeFailureAlarms(names, timing),
    heartbeatAlarm(names, timing, here.preview === true),
    probeDown,
  ];
  const live =
    probeDownWarns === undefined
      ? liveSpecs
      : liveSpecs.map(
          (spec): AlarmSpec =>
            spec === probeDown
              ? {
                  ...probeDown,
                  severity: 'warn',
                  notifies: 'warn',
                  description: truncate(`${probeDown.description} ${probeDownWarns}`),
                }
              : { ...spec, severity: 'warn' },
        );
  const specs: AlarmSpec[] = [
    ...live,
    deadLetterAlarm(names),
    maintenanceAlarm(prefix, names, timing),
    credentialsNotPutAlarm(prefix, timing),
    silence,
    ...notifierAlarms(names),
    ...(here.alarmStates === true ? [alarmStatesDeadLetterAlarm(names)] : []),
    ...(here.signInsStream === true ? [signInsDeadLetterAlarm(names)] : []),
  ];
  if (here.browserEveryMinutes === undefined) return { specs, silence };
  const browserSilence = browserSilenceAlarm(names);
  specs.push(...browserAlarms(prefix, names, here.browserEveryMinutes), browserSilence);
  return { specs, silence, browserSilence };
}

type LivenessNames = ReturnType<typeof liveness>;

/** What the probe function's own alarms share: they page through probe-down, never by themselves. */
function functionAlarm(timing: AlarmTiming) {
  return { kind: 'metric', severity: 'page', notifies: null, ...timing.steady, missingData: 'notBreaching' } as const;
}

/** The probe's runs failing as a whole, or not started for want of concurrency. */
function probeFailureAlarms(names: LivenessNames, timing: AlarmTiming): InfraMetricAlarm[] {
  const infra = functionAlarm(timing);
  return [
    {
      ...infra,
      name: names.errors,
      source: 'function',
      metric: 'Errors',
      statistic: 'Sum',
      comparison: 'greaterThanOrEqual',
      threshold: 1,
      description: truncate(
        'Probe runs failed as a whole: Okta may be fine, the monitoring is not. Lambda counts as Errors a ' +
          'run that threw (the handler ' +
          ('throws on an invalid OKTA_SYNTHETICS_CONFIG), timed out, ran out of memory, or failed to ' +
            'initialise (a broken bundle, a missing ') +
          ('module). First steps: in the function\'s log group look for "Task timed out", "Runtime exited", ' +
            '"Runtime.ImportModuleError" or ') +
          ('the ERROR line; compare Max Duration with the timeout and Max Memory Used with the memory size; ' +
            'fix and redeploy.'),
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
        'Probe invocations are throttled: the account (or the reserved concurrency, when set) has no ' +
          'concurrency left for the probe. ' +
          ('First steps: Lambda console > Account-level concurrency; find the function using it, or set ' +
            'reservedConcurrency in the config.'),
      ),
    },
  ];
}

/**
 * Nothing invoked the probe: the schedule or its permission is gone. AWS/Lambda Invocations counts every invocation,
 * whatever invoked it, so with the Preview org's schedule (every 5 min by default) on the same function the count
 * never fell below 1 when Production's schedule stopped: the Preview schedule invokes an alias, whose invocations
 * the alarm subtracts (docs/decisions/heartbeat-production-only.md).
 */
function heartbeatAlarm(names: LivenessNames, timing: AlarmTiming, preview: boolean): InfraMetricAlarm {
  const infra = functionAlarm(timing);
  return {
    ...infra,
    name: names.heartbeat,
    source: 'function',
    metric: 'Invocations',
    ...(preview && { excludingAlias: PREVIEW_ALIAS }),
    statistic: 'Sum',
    comparison: 'lessThan',
    threshold: 1,
    // No datapoint is exactly the failure this alarm exists for: nothing invoked the probe.
    missingData: 'breaching',
    description: truncate(
      `The probe was not invoked in 2 of the last 3 periods of ${timing.periodMinutes} min (pages "probe ` +
        `down" within ${timing.probeDownWithinMinutes} min)` +
        (preview ? " by Production's schedule (the Preview org's runs, through its preview alias, do not count)" : '') +
        ': the schedule is disabled or deleted, ' +
        ('EventBridge Scheduler cannot invoke the function (its role, a deleted function), or every ' +
          'invocation is throttled. ') +
        ('First steps: EventBridge Scheduler console > the schedule named after the prefix: state and ' +
          'target; then the dead-letter queue.'),
    ),
  };
}

/**
 * The probe's function down. Its words say what stopped and nothing it did not check: its checks did not run, so they
 * tell nothing of Okta. With "browser" journeys here (`browser`), those run in a function of their own, which it
 * neither stops nor mutes: a failing hosted page still pages while the probe is down.
 */
function probeDownAlarm(names: LivenessNames, browser: boolean): CompositeAlarmSpec {
  return {
    name: names.probeDown,
    kind: 'composite',
    severity: 'page',
    notifies: 'page',
    members: [names.errors, names.throttles, names.heartbeat],
    description: truncate(
      'The probe is not running (or fails as a whole): its checks did not run, so ' +
        `${browser ? 'no API server or journey' : 'no server'} ` +
        'can be judged and their alarms are muted while this is in ALARM; this is the one page. It says nothing ' +
        'of Okta either way. ' +
        (browser
          ? "The browser journeys run in their own function and still page (they are muted only by their function's " +
            'own function-browser-down or a maintenance window). '
          : '') +
        'First steps: open the member in ALARM (function errors, throttles, heartbeat) for its runbook; the ' +
        "dashboard's " +
        '"Probe health" graph shows when it started.',
    ),
  };
}

/**
 * A dead-letter queue that Lambda or EventBridge sends to (counted in NumberOfMessagesSent, unlike SQS's own
 * redrive): each new message warns by itself, through the notifier (what it lost trips no page, so
 * it mutes nothing).
 */
function deadLetters(name: string, source: 'dlq' | 'alarm-states-dlq', description: string): InfraMetricAlarm {
  const warns = { kind: 'metric', severity: 'warn', notifies: 'warn', metric: 'NumberOfMessagesSent' } as const;
  return { ...warns, name, source, ...EACH_NEW_EVENT, description: truncate(description) };
}

function deadLetterAlarm(names: LivenessNames): InfraMetricAlarm {
  return deadLetters(
    names.dlq,
    'dlq',
    'New messages reached the dead-letter queue: a scheduled run could not be delivered, or failed ' +
      'asynchronously. This alarm ' +
      ('returns to OK by itself after 5 quiet minutes and fires again on the next message; purging is ' +
        'housekeeping, not a reset. ') +
      ('First steps: read the message (its attributes carry the error: permissions, quota, a crashing ' +
        'handler) and fix the cause.'),
  );
}

function maintenanceAlarm(prefix: string, names: LivenessNames, timing: AlarmTiming): AlarmSpec {
  return {
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
      `A maintenance window is open: the SSM parameter ${maintenanceParameterName(prefix)} holds a time (at ` +
        `most 24 h ahead) ` +
        ('and every server composite is muted until it passes, without a redeploy; the probe also withholds ' +
          'the failing datapoints of ') +
        ('page checks meanwhile (the run log marks them "withheld": "maintenance"). It ends by itself; delete ' +
          'the parameter to end ') +
        'it early. A server still failing when it ends pages then. The probe-down page is never silenced.',
    ),
  };
}

function silenceAlarm(names: LivenessNames, browser: boolean): CompositeAlarmSpec {
  return {
    name: names.silence,
    kind: 'composite',
    severity: 'page',
    notifies: null,
    // Not the dead-letter queue: a lost run publishes nothing, which trips no check alarm (they ignore missing
    // data), so muting the servers on a dead letter would only delay a real page by the queue alarm's 5 minutes.
    members: [names.probeDown, names.maintenance],
    description: truncate(
      'Mutes every per-server composite' +
        `${browser ? " but the browser journeys' (their own silence-browser mutes those)" : ''} ` +
        '(its ActionsSuppressor) while the probe itself is sick (probe-down) or a maintenance window is open. ' +
        'Notifies no one: the member that put it in ALARM does.',
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
function notifierAlarms(names: LivenessNames): InfraMetricAlarm[] {
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
        'The notifier failed to turn an alarm into a message with the diagnosis (logs unreadable is not a ' +
          'failure: that message still ' +
          ('goes out). After its retries, the raw alarm event reached the same people through its failure ' +
            'destination, so nothing was ') +
          ('lost. First steps: the notifier\'s log group (its name ends in -notifier): the ERROR line, "Task ' +
            'timed out", AccessDenied on sns:Publish or kms.'),
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
        'An alarm change could not be delivered to the notifier (EventBridge gave up: a deleted function, ' +
          'its permission, throttling), ' +
          ('so no diagnosis message went out for it; pagers subscribed to the alarm topic still got the raw ' +
            'alarm. First steps: read the ') +
          ("message in the notifier's dead-letter queue (which alarm, and the error in its attributes), then " +
            'the dashboard for that alarm.'),
      ),
    },
  ];
}

/**
 * With metricStream's alarm states: a state change EventBridge could not put into Firehose after its retries (a
 * stream deleted or throttling, its role's rights) is in the rules' dead-letter queue instead of the destination.
 * It warns, through the notifier like the probe's dead letters: no page was lost (pagers hear of alarms from their
 * topics), only a line of the destination's history.
 */
function alarmStatesDeadLetterAlarm(names: LivenessNames): InfraMetricAlarm {
  return deadLetters(
    names.alarmStatesDlq,
    'alarm-states-dlq',
    "Alarm state changes could not be put into the metric stream's Firehose stream after EventBridge's retries, " +
      'so the destination lacks them; no page was lost. ' +
      ("First steps: read the message in the alarm states' dead-letter queue (its attributes carry the error " +
        'and the rule), fix the stream or its role, then replay the messages from the queue.'),
  );
}

/**
 * With Okta's Log Streaming: a batch the sign-ins aggregator failed maxReceiveCount times (its table throttled or
 * refusing, the provisioning key unreadable) is in its dead-letter queue, counted in no tally and stored for no
 * provisioning reading. It warns: the probe's poll of the System Log backfills provisioning's events (the log keeps 90
 * days), but the window's sign-ins lack them.
 */
function signInsDeadLetterAlarm(names: LivenessNames): InfraMetricAlarm {
  // A redrive dead-letter queue: SQS moves the message there itself, and the SQS Developer Guide says such a move
  // "isn't captured by this metric" (NumberOfMessagesSent), so an alarm on it never fires. What does show the move is
  // the queue's ApproximateNumberOfMessagesVisible, which AWS advises a dead-letter queue be alarmed on: in ALARM
  // while a message waits there, OK once it is redriven or purged (aws-behaviour.md, "Limits and metrics").
  return {
    kind: 'metric',
    severity: 'warn',
    notifies: 'warn',
    name: names.signInsDlq,
    source: 'sign-ins-dlq',
    metric: 'ApproximateNumberOfMessagesVisible',
    ...EACH_NEW_EVENT,
    statistic: 'Maximum',
    description: truncate(
      "Batches of Okta's streamed events reached the sign-ins aggregator's dead-letter queue after 5 deliveries: " +
        "their sign-ins are missing from the user-sign-ins check's window. It stays in ALARM while a message waits " +
        "in the queue. First steps: the aggregator's log group (its name ends in -sign-ins): the ERROR line (the " +
        'table, the provisioning key); fix it, then redrive the messages from the queue within its 14 days.',
    ),
  };
}

/**
 * The browser function's window: each period its cadence (a 10-minute schedule is not missing in the 9 minutes
 * between runs), 2 of the last 3 as the probe's liveness, within CloudWatch's day for a long cadence: the steady
 * window its journeys' warnings keep too (alarm-timing.ts browserAlarmTiming).
 */
function browserWindow(everyMinutes: number) {
  return browserAlarmTiming(everyMinutes).steady;
}

/** "2 of the last 3 periods of 10 min", as the window is. */
function windowText(window: ReturnType<typeof browserWindow>): string {
  const { periodMinutes, evaluationPeriods, datapointsToAlarm } = window;
  return evaluationPeriods === 1
    ? `the last period of ${periodMinutes} min`
    : `${datapointsToAlarm} of the last ${evaluationPeriods} periods of ${periodMinutes} min`;
}

/**
 * The "browser" journeys' function (lib/browser-function.ts): its runs failing as a whole, and its schedule
 * stopped, joined into its own down alarm, which warns through the notifier: what stopped is our watch of the hosted
 * page, while the probe's API checks still run and page, so it must neither page nor mute those (probe-down and the
 * silence leave it out). It mutes its own journeys' composites alone (browserSilenceAlarm): they are judged by no one
 * else, in one region without a quorum, so nothing but their own function's liveness and a maintenance window may
 * mute them. Its throttles are not alarmed apart: a throttled scheduled invocation is retried and, if never run,
 * reaches the dead-letter queue and fails the heartbeat.
 */
function browserAlarms(prefix: string, names: LivenessNames, everyMinutes: number): AlarmSpec[] {
  const window = browserWindow(everyMinutes);
  const members = { kind: 'metric', severity: 'warn', notifies: null, source: 'browser-function', ...window } as const;
  const fn = browserFunctionName(prefix);
  const logs = browserLogGroupName(prefix);
  const errors: InfraMetricAlarm = {
    // Any error counts, as each new event's alarm, over the function's own window.
    ...EACH_NEW_EVENT,
    ...members,
    name: names.browserErrors,
    metric: 'Errors',
    description: truncate(
      `Runs of the browser journeys' function ${fn} failed as a whole in ${windowText(window)}: the hosted ` +
        'page is not being watched; Okta may be fine, and the API checks still run. Lambda counts as Errors a ' +
        'run that threw, timed out, ran out of memory, or failed to initialise (Chromium not unpacked, a ' +
        `missing module). First steps: in the log group ${logs} look for "Task timed out", "Runtime exited", ` +
        '"Runtime.ImportModuleError" or the ERROR line; compare Max Duration with the timeout and Max Memory ' +
        'Used with the memory size; fix and redeploy.',
    ),
  };
  const heartbeat: InfraMetricAlarm = {
    ...members,
    name: names.browserHeartbeat,
    metric: 'Invocations',
    statistic: 'Sum',
    comparison: 'lessThan',
    threshold: 1,
    // No datapoint is exactly the failure this alarm exists for: nothing invoked the browser function.
    missingData: 'breaching',
    description: truncate(
      `The browser journeys' function ${fn} was not invoked in ${windowText(window)}: the hosted page is not ` +
        'being watched (its journeys publish nothing), while the API checks still run. Its schedule is ' +
        'disabled or deleted, EventBridge Scheduler cannot invoke the function (its role, a deleted function), ' +
        `or every invocation is throttled. First steps: EventBridge Scheduler console > the schedule named ${fn}: ` +
        `state and target; then the dead-letter queue and the log group ${logs}.`,
    ),
  };
  const down: CompositeAlarmSpec = {
    name: names.browserDown,
    kind: 'composite',
    severity: 'warn',
    notifies: 'warn',
    members: [errors.name, heartbeat.name],
    description: truncate(
      `The browser journeys' function ${fn} is not running (or fails as a whole): its journeys did not run, so ` +
        'they say nothing of the hosted page or of Okta, and their composites are muted while this is in ALARM; ' +
        "this is the one warning. The probe's API checks still run and page. First steps: open the member in " +
        'ALARM (function-browser-errors, heartbeat-browser) for its runbook.',
    ),
  };
  return [errors, heartbeat, down];
}

/**
 * What mutes the "browser" journeys' composites (their ActionsSuppressor): their own function down, or a maintenance
 * window; never the probe's function, which does not run them (with several regions probe-down only warns, and a
 * browser journey runs in one region without a quorum: muted by it, a failing hosted page would never page).
 */
function browserSilenceAlarm(names: LivenessNames): CompositeAlarmSpec {
  return {
    name: names.browserSilence,
    kind: 'composite',
    severity: 'page',
    notifies: null,
    members: [names.browserDown, names.maintenance],
    description: truncate(
      "Mutes the browser journeys' composites (their ActionsSuppressor) while their own function is down " +
        '(function-browser-down) or a maintenance window is open; the probe being down does not mute them. ' +
        'Notifies no one: the member that put it in ALARM does.',
    ),
  };
}
