// The shape of a row of the check registry (check-table.ts): what a check is (whom it speaks for, what it needs,
// which servers have it) and what it outputs (a success metric, gauges, or nothing). Types only, and what rows use to
// write themselves: `isOrgServer` in `appliesTo`, `countGauge` for a count alarmed from one.
import { ORG_SERVER_ID, type CheckName, type DiagnosisCode, type METRICS, type Severity } from '../contract';
import type { ServerConfig, SignInConfig } from '../types';

export const isOrgServer = (server: Pick<ServerConfig, 'id'>): boolean => server.id === ORG_SERVER_ID;

/**
 * What an alarm's description says of its cause: the alarm descriptions and README read it. Its likely causes are
 * not written here: each code's registry row names the alarms it explains (`alarms`), and plan/outputs.ts puts them
 * in (`Told`).
 */
export interface Runbook {
  /** What a failure means, one or two sentences. */
  readonly meaning: string;
}

/** A runbook as the alarms read it: with the diagnosis codes that most often explain it, from their rows. */
export interface ToldRunbook extends Runbook {
  readonly causes: readonly DiagnosisCode[];
}

/** An alarm (a CheckSuccess alarm, a gauge's alarm) with its runbook's likely causes put in. */
export type Told<T extends { readonly runbook: Runbook }> = Omit<T, 'runbook'> & {
  readonly runbook: T['runbook'] & ToldRunbook;
};

/** A gauge as its alarms read it: each alarm with its likely causes. */
export type ToldGauge = Omit<Gauge, 'alarms'> & { readonly alarms: readonly Told<GaugeAlarm>[] };

/** A probe setting an alarm threshold can come from (the config's name for it). */
export type ThresholdSetting = 'rateLimitWarnPercent' | 'clockSkewWarnSeconds' | 'expiryWarnDays' | 'apiTokenWarnDays';

/**
 * One alarm on a gauge. The runbook text may say {threshold} and, with a `sustained` window, {window} ("4 of the last 6
 * runs"); the stack fills in the deployed values.
 */
export interface GaugeAlarm {
  /** Suffix of the alarm name: `${prefix}-${server}-${name}`. */
  readonly name: string;
  readonly severity: Severity;
  readonly statistic: 'Minimum' | 'Maximum' | 'Average';
  /**
   * lessThanLowerBand: below CloudWatch's anomaly-detection band (ANOMALY_DETECTION_BAND), `threshold` its width in
   * standard deviations: a level learnt per hour and weekday, where a fixed number cannot be right for every org.
   */
  readonly comparison: 'lessThan' | 'greaterThan' | 'greaterThanOrEqual' | 'lessThanLowerBand';
  /** A fixed value, or the probe setting that holds it. */
  readonly threshold: number | { readonly setting: ThresholdSetting };
  /**
   * Its own evaluation window instead of the steady one: fixed minutes (a band learnt from runs one minute apart is
   * noise), or `sustained`, most of the last hour's runs of its target (alarm-timing.ts sustainedWindow): a reading
   * one run may cross on a busy host, which pages only when it lasts (a slow sign-in page).
   */
  readonly window?:
    | {
        readonly periodMinutes: number;
        readonly evaluationPeriods: number;
        readonly datapointsToAlarm: number;
      }
    | 'sustained';
  /** Alarm on ABS(value): for signed gauges such as clock skew. */
  readonly absolute?: boolean;
  /**
   * A config setting that makes this alarm page instead of `severity` (provisioning.pageOnLeavers): read on the server
   * whose check publishes the gauge.
   */
  readonly pagesWhen?: (server: ServerConfig) => boolean;
  readonly runbook: Runbook & { readonly firstSteps: string };
}

/**
 * A number the check observes, published per server (dimension Server only), alarmed and graphed.
 * A missing reading never alarms: the check's CheckSuccess alarm (or, without one, its server's other checks) covers
 * it.
 */
export interface Gauge {
  readonly metric: keyof typeof METRICS;
  /** Key of the reading in the check's `observed` facts. */
  readonly observed: string;
  /**
   * Published from a skipped run too: a reading the skip does not undo (a walk that signed in measured its render,
   * though the widget's version could not be judged). Its CheckSuccess is still not published.
   */
  readonly whenSkipped?: true;
  readonly alarms: readonly GaugeAlarm[];
  readonly dashboard: {
    readonly title: string;
    readonly label: string;
    readonly min?: number;
    readonly max?: number;
  };
}

/** The alarm of a countGauge: its name, severity and runbook; the statistic Maximum unless said. */
interface CountAlarm extends Pick<GaugeAlarm, 'name' | 'severity' | 'pagesWhen' | 'runbook'> {
  readonly statistic?: 'Minimum' | 'Maximum';
}

/**
 * A count of things in trouble (apps, integrations, people), totals only (each is named in the result, never a
 * dimension): graphed from 0, alarmed from 1.
 */
export function countGauge(
  metric: Gauge['metric'],
  observed: string,
  dashboard: { readonly title: string; readonly label: string },
  { name, severity, pagesWhen, statistic = 'Maximum', runbook }: CountAlarm,
): Gauge {
  return {
    metric,
    observed,
    alarms: [
      {
        name,
        severity,
        ...(pagesWhen !== undefined && { pagesWhen }),
        statistic,
        comparison: 'greaterThanOrEqual',
        threshold: 1,
        runbook,
      },
    ],
    dashboard: { ...dashboard, min: 0 },
  };
}

/** CheckSuccess (1 passed or does not apply, 0 failed) and the alarm that watches it. */
export interface SuccessOutput {
  /** Who a failure wakes: page = the server cannot be used; warn = capacity, hygiene, or our reading failed. */
  readonly severity: Severity;
  readonly runbook: Runbook;
}

/**
 * What a check publishes, alarms and graphs (plan/outputs.ts derives every metric, alarm and widget from it):
 * - `success`: CheckSuccess with its alarm, and CheckLatency when the check is `timed`;
 * - `gauges`: the numbers it observes, each with its alarms and graph. A check with gauges and no `success` fails
 *   exactly when a gauge's alarm threshold is crossed: the gauge is its only metric and its alarm its only alarm,
 *   instead of two of each, billed twice, for one fact;
 * - `'information only'`: nothing at all (no metric, no alarm, no widget, no cost). Its result is in the report,
 *   the run line and the JUnit file, and its findings explain the others.
 */
export type CheckOutputs =
  | { readonly success: SuccessOutput; readonly gauges?: readonly Gauge[] }
  | { readonly success?: undefined; readonly gauges: readonly [Gauge, ...Gauge[]] }
  | 'information only';

/**
 * The families of checks, each the kind of thing its checks watch, in the order a list of them reads (`demo --list`
 * heads each family's scenarios with its title).
 */
export const CHECK_FAMILIES = {
  token: 'Tokens and authorization servers',
  authorize: 'Authorize (/authorize)',
  'sign-in': 'Sign-in journeys',
  saml: 'SAML apps',
  inventory: 'Inventory: API tokens, certificates, log streams, hooks, agents',
  resource: 'Your APIs (resource checks)',
  'system-log': 'System Log and org rate limits',
  'user-sign-ins': "Real users' sign-ins",
  provisioning: 'Provisioning',
  integrations: "The org's own integrations: hooks, SMS and voice, e-mail, imports, rules",
  access: "Access assertions: who gets what, through Okta's policy simulation",
  status: "Okta's status and failover",
} as const;
export type CheckFamily = keyof typeof CHECK_FAMILIES;

export interface CheckRow {
  /** The kind of thing it watches (CHECK_FAMILIES): the scenarios that break it are listed under its title. */
  readonly family: CheckFamily;
  /**
   * Whom the check speaks for: each authorization server of the config, each signIn journey, each SAML app with its
   * own alarm (samlApps with ownAlarm), each group of SAML apps, or Okta's status feed once a run.
   */
  readonly target: 'server' | 'journey' | 'saml' | 'saml-group' | 'feed';
  /**
   * Checks whose runs this one reads (a token, a JWKS, an answer's headers): started once, on first use, and
   * probed with it under `run --check`. A check never waits for one it does not list here.
   */
  readonly needs: readonly CheckName[];
  /**
   * Also reads every answer its server got before it started (a Date header, the TLS certificate): it waits for
   * the checks started before it. No check may need such a check, or the two would wait for each other.
   */
  readonly readsEarlierAnswers?: true;
  /** Which servers have it (server checks); `first` is the config's first server. Absent: every server. */
  readonly appliesTo?: (server: ServerConfig, first: boolean) => boolean;
  /** Which journeys have it (journey checks). Absent: every journey. */
  readonly appliesToJourney?: (signIn: Pick<SignInConfig, 'flow' | 'app'>) => boolean;
  /** Why a run may lack it, for `run --check`. */
  readonly availability?: string;
  /** Makes an HTTP exchange of its own, timed: retried once when transient, CheckLatency (unless information only). */
  readonly timed: boolean;
  /** Needs the server's credential: N/A, never failed, while the stack's secret still holds its placeholder. */
  readonly credential: boolean;
  /**
   * A failure makes its server (or journey) unavailable in that run: a caller could not get or use a token, or sign
   * in. Counted as downtime by the availability report and the run line's `servers[].up`. Page checks only; capacity
   * and hygiene are not downtime, nor is the org's rate-limit check (the whole org's traffic, not one server's).
   */
  readonly downtime?: true;
  /** Its latency is its server's (or journey's) `ms` in the run line: the request people wait on. One per target. */
  readonly runLineLatency?: true;
  /**
   * Requests a token of its own with these scopes, so a missing grant fails it alone: the server's token check asks
   * without them.
   */
  readonly ownToken?: { readonly scopes: readonly string[] };
  /** Judged from Okta's System Log itself: the look-up that explains the run's failures with the log leaves it out. */
  readonly fromSystemLog?: true;
  /**
   * What the quorum's fast round (every quorum.checkEverySeconds within a run) does with it: `'asks'`, one request
   * to Okta each round; `'local'`, judged each round from what the round already holds (a token checked with the
   * cached keys).
   * Absent: no fast round makes it, and its last result stands until the next run checks it again (the Management API,
   * a journey). A round checks what users use, not only static metadata: Okta's incidents fail /token or /authorize
   * while discovery answers ("elevated authentication failure rates ... HTTP error codes (e.g., 500)"), and Okta's
   * rate-limit reference exempts discovery and /keys from its limits: they exercise no client authentication, no token
   * minting, no policy.
   */
  readonly fastRound?: 'asks' | 'local';
  readonly outputs: CheckOutputs;
}
