// Every timing of the alarm model, from the schedule alone: each alarm's window, the suppressor waits and the
// worst cases that plan, docs/alarms.md and the runbooks state.

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
 * Page composites wait 0 min for their suppressor: while a maintenance window is open the probe does not publish a
 * failing datapoint that feeds them (maintenanceWithheld() names them, functions/probe/metrics.ts drops them), so no
 * check alarm can race the maintenance alarm fed by the same run, and nothing else needs the wait (a dead probe trips
 * no check alarm). Page: 1 run + 1 period + 1 min = 2P + 1 (3 min at the 1-minute schedule); OK the same.
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
  /**
   * Warn checks, gauges (rate-limit headroom, clock skew, certificate, status feed) and the probe's liveness: 2 of 3.
   */
  readonly steady: AlarmWindow;
  /**
   * A reading that pages only when it lasts (a slow sign-in page): most of the last hour's runs, at least 2 of 3
   * (sustainedWindow).
   */
  readonly sustained: AlarmWindow;
  /** Worst case from the start of a lasting trouble to its page: the sustained window's runs, closed and evaluated. */
  readonly sustainedWithinMinutes: number;
  /** Page composites: 0, the probe withholds their failing datapoints during a window, so there is no race to cover. */
  readonly pageSuppressorWaitMinutes: number;
  /** Warn composites: one evaluation, a window opened in the run that completes a warning. */
  readonly warnSuppressorWaitMinutes: number;
  readonly suppressorExtensionMinutes: number;
  /**
   * Worst case from the start of a failure to the page: 1 period until a run sees it + 1 period to close + 1 min
   * evaluation + the page wait (0).
   */
  readonly pageWithinMinutes: number;
  /**
   * Worst case from a fix to the page's OK message: 1 passing run + 1 period to close + 1 min evaluation (OK is never
   * delayed by the wait).
   */
  readonly okWithinMinutes: number;
  /**
   * Worst case from the start of a failure to a warning: 2 failing runs + 1 period to close + 1 min evaluation + the
   * warn wait.
   */
  readonly warnWithinMinutes: number;
  /** Worst case from a fix to the warning's OK message: 2 passing runs + 1 period to close + 1 min evaluation. */
  readonly warnOkWithinMinutes: number;
  /**
   * Worst case from the probe stopping to the "probe is not running" page: 2 of 3 heartbeats (nothing suppresses it).
   */
  readonly probeDownWithinMinutes: number;
}

/** CloudWatch evaluates alarms about once a minute. */
const EVALUATION_LAG_MINUTES = 1;
/** CloudWatch's longest evaluation range for a standard alarm, minutes (a day): Period x EvaluationPeriods. */
export const MAX_EVALUATION_MINUTES = 24 * 60;

/** The hour a lasting trouble is judged over: long enough that a busy hour's few slow runs are not most of it. */
const SUSTAINED_MINUTES = 60;

/**
 * A lasting trouble's window for runs every `everyMinutes`: the runs of the last hour, at least 3 and no more than
 * CloudWatch's day holds; it breaches on most of them (more than half). At 1 min, 31 of 60; at 10, 4 of 6; from 20 on,
 * 2 of 3 (the plan's event-age bound, 360 min, keeps 3 runs within the day).
 */
export function sustainedWindow(everyMinutes: number): AlarmWindow {
  const inDay = Math.floor(MAX_EVALUATION_MINUTES / everyMinutes);
  const runs = Math.max(1, Math.min(inDay, Math.max(3, Math.ceil(SUSTAINED_MINUTES / everyMinutes))));
  return { periodMinutes: everyMinutes, evaluationPeriods: runs, datapointsToAlarm: Math.floor(runs / 2) + 1 };
}

export function alarmTiming(scheduleMinutes: number): AlarmTiming {
  const period = scheduleMinutes;
  const page: AlarmWindow = { periodMinutes: period, evaluationPeriods: 1, datapointsToAlarm: 1 };
  const steady: AlarmWindow = { periodMinutes: period, evaluationPeriods: 3, datapointsToAlarm: 2 };
  const pageWait = 0;
  const warnWait = EVALUATION_LAG_MINUTES;
  /**
   * Runs until the window decides, + 1 period for the last one to close + 1 min evaluation (the failure or fix starts
   * just after a run).
   */
  const decided = (runs: number): number => (runs + 1) * period + EVALUATION_LAG_MINUTES;
  const toAlarm = (w: AlarmWindow): number => decided(w.datapointsToAlarm);
  const toOk = (w: AlarmWindow): number => decided(w.evaluationPeriods - w.datapointsToAlarm + 1);
  const sustained = sustainedWindow(period);
  return {
    periodMinutes: period,
    page,
    steady,
    sustained,
    sustainedWithinMinutes: toAlarm(sustained),
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

/**
 * Worst case from the start of a journey's failure to its page, minutes, the journey running every `everyMinutes`
 * (no more often than the schedule). With the fast path (functions/lambda/quorum-loop.ts) a journey is judged once a
 * journey run, and its verdict kept to the next, which confirms it: it pages at its second failing run, up to one
 * interval until a run sees the failure, one more to the run that confirms it, and a minute for that run to start
 * (the schedule starts it anywhere in its minute) and judge. Without it, the journey's page check alarms on its first
 * failing run as a server's does: that run, then the period to close and the evaluation.
 */
export function journeyPageWithinMinutes(everyMinutes: number, scheduleMinutes: number, fastPath: boolean): number {
  const every = Math.max(everyMinutes, scheduleMinutes);
  return fastPath ? 2 * every + EVALUATION_LAG_MINUTES : every + scheduleMinutes + EVALUATION_LAG_MINUTES;
}

/**
 * The "browser" journeys' alarms, from the browser function's cadence (`everyMinutes`: browser-part.ts
 * browserEveryMinutes), not the probe's schedule: that function publishes once a run, every `everyMinutes`.
 * - The page: one failing run, as a server's, in one-minute periods: a run's datapoint is seen the minute after it
 *   publishes, and the minutes between runs are missing, which keeps the state (neither a pass nor a failure). A
 *   failure pages at the first run that sees it, up to `everyMinutes` later, plus the minute to close and the
 *   evaluation.
 * - Warnings and the function's own liveness: 2 failing runs of the last 3, each period one run (its cadence),
 *   within CloudWatch's day: on one-minute periods a run every 10 minutes leaves two of any three periods missing,
 *   and 2 of 3 could never breach.
 */
export function browserAlarmTiming(everyMinutes: number): AlarmTiming {
  const runs = alarmTiming(everyMinutes);
  const periods = Math.max(
    1,
    Math.min(runs.steady.evaluationPeriods, Math.floor(MAX_EVALUATION_MINUTES / everyMinutes)),
  );
  const steady: AlarmWindow = {
    periodMinutes: everyMinutes,
    evaluationPeriods: periods,
    datapointsToAlarm: Math.min(runs.steady.datapointsToAlarm, periods),
  };
  const page: AlarmWindow = { periodMinutes: 1, evaluationPeriods: 1, datapointsToAlarm: 1 };
  const seen = journeyPageWithinMinutes(everyMinutes, page.periodMinutes, false);
  const decided = (n: number): number => (n + 1) * everyMinutes + EVALUATION_LAG_MINUTES;
  return {
    ...runs,
    page,
    steady,
    pageWithinMinutes: seen + runs.pageSuppressorWaitMinutes,
    okWithinMinutes: seen,
    warnWithinMinutes: decided(steady.datapointsToAlarm) + runs.warnSuppressorWaitMinutes,
    warnOkWithinMinutes: decided(steady.evaluationPeriods - steady.datapointsToAlarm + 1),
    probeDownWithinMinutes: decided(steady.datapointsToAlarm),
  };
}
