// Gauges: the numbers a check observes, published, alarmed and graphed, with their alarms' runbook text; and the
// latency alarm.
import type { DiagnosisCode } from './diagnosis-codes';
import { METRICS, type CheckName, type Severity } from './names';
import { CERTIFICATE_WARN_DAYS } from './settings';

/** A probe setting an alarm threshold can come from (the config's name for it). */
export type ThresholdSetting = 'rateLimitWarnPercent' | 'clockSkewWarnSeconds';

/** One alarm on a gauge. The runbook text may say {threshold}; the stack fills in the deployed value. */
export interface GaugeAlarm {
  /** Suffix of the alarm name: `${prefix}-${server}-${name}`. */
  readonly name: string;
  readonly severity: Severity;
  readonly statistic: 'Minimum' | 'Maximum' | 'Average';
  readonly comparison: 'lessThan' | 'greaterThan' | 'greaterThanOrEqual';
  /** A fixed value, or the probe setting that holds it. */
  readonly threshold: number | { readonly setting: ThresholdSetting };
  /** Alarm on ABS(value): for signed gauges such as clock skew. */
  readonly absolute?: boolean;
  readonly runbook: {
    /** What the alarm means, one or two sentences. */
    readonly meaning: string;
    /** Diagnosis codes that most often explain it. */
    readonly causes: readonly DiagnosisCode[];
    readonly firstSteps: string;
  };
}

/**
 * Gauges: a number one check observes, published as a metric per server, alarmed and graphed.
 * The single table read by the metrics (functions/probe/metrics.ts), the plan (plan/checks.ts), the alarm plan
 * (plan/alarms.ts) and the dashboard (lib/dashboard.ts): adding a gauge touches this table only.
 * A missing reading never alarms here: the check's own CheckSuccess alarm covers it.
 */
export interface Gauge {
  readonly metric: keyof typeof METRICS;
  /** The check whose result carries the reading. */
  readonly check: CheckName;
  /** Key of the reading in that check's `observed` facts. */
  readonly observed: string;
  readonly alarms: readonly GaugeAlarm[];
  /**
   * The check fails exactly when this gauge's alarm threshold is crossed (and is skipped only when the server did
   * not answer, which its other checks already alarm on): the gauge is the check's only metric and its alarm the
   * check's only alarm, instead of two of each, billed twice, for one fact. No CheckSuccess for it.
   */
  readonly replacesCheckSuccess?: true;
  readonly dashboard: {
    readonly title: string;
    readonly label: string;
    readonly min?: number;
    readonly max?: number;
  };
}

export const GAUGES: readonly Gauge[] = [
  {
    metric: 'RateLimitHeadroom',
    check: 'rate-limit',
    observed: 'headroomPercent',
    alarms: [
      {
        name: 'headroom',
        severity: 'warn',
        statistic: 'Minimum',
        comparison: 'lessThan',
        threshold: { setting: 'rateLimitWarnPercent' },
        runbook: {
          meaning: "Rate-limit headroom (Remaining/Limit of this server's /token bucket) below {threshold} %. Okta answers 429 when it reaches 0.",
          causes: ['RATE_LIMIT_HEADROOM_LOW'],
          firstSteps: 'Find the client using the bucket (Okta Admin Console > Reports > Rate Limits), raise its limit or spread its calls.',
        },
      },
    ],
    dashboard: { title: 'rate-limit headroom (%)', label: 'headroom', min: 0, max: 100 },
  },
  {
    metric: 'ClockSkew',
    check: 'clock',
    observed: 'skewSeconds',
    // judgeClock fails with CLOCK_SKEW exactly when |skew| > clockSkewWarnSeconds, the alarm's threshold.
    replacesCheckSuccess: true,
    alarms: [
      {
        name: 'clock-skew',
        severity: 'warn',
        statistic: 'Average',
        absolute: true,
        comparison: 'greaterThan',
        threshold: { setting: 'clockSkewWarnSeconds' },
        runbook: {
          meaning: "|Okta Date header - probe clock| above {threshold} s. Okta's verifiers allow 120 s; beyond 300 s most token validation fails.",
          causes: ['CLOCK_SKEW'],
          firstSteps: 'Compare with time.aws.com; the Lambda clock is NTP-synced, so a large skew usually means a proxy or Okta itself.',
        },
      },
    ],
    dashboard: { title: 'clock skew (s)', label: 'Okta minus probe' },
  },
  {
    metric: 'TlsCertificateDaysToExpiry',
    check: 'certificate',
    observed: 'daysToExpiry',
    // judgeCertificate fails with TLS_CERT_EXPIRING exactly below CERTIFICATE_WARN_DAYS, the alarm's threshold.
    replacesCheckSuccess: true,
    alarms: [
      {
        name: 'certificate-expiry',
        severity: 'warn',
        statistic: 'Minimum',
        comparison: 'lessThan',
        threshold: CERTIFICATE_WARN_DAYS,
        runbook: {
          meaning: 'The TLS certificate of the org URL expires in less than {threshold} days: once it does, every client, browser and API call to the org fails.',
          causes: ['TLS_CERT_EXPIRING'],
          firstSteps: 'Customizations > Brands > [brand] > Domains: renew a certificate you brought, or find why the Okta-managed one is not renewing (a CAA record not allowing the CA, DNS no longer pointing at Okta).',
        },
      },
    ],
    dashboard: { title: 'TLS certificate: days to expiry', label: 'days', min: 0 },
  },
  {
    metric: 'StatusPageIndicator',
    check: 'status',
    observed: 'indicator',
    alarms: [
      {
        name: 'status-major',
        severity: 'page',
        statistic: 'Maximum',
        comparison: 'greaterThanOrEqual',
        threshold: 2,
        runbook: {
          meaning: "Okta's status feed reports a major or critical incident (indicator >= 2).",
          causes: ['OKTA_STATUS_DEGRADED'],
          firstSteps: 'Read the open entries on status.okta.com and check whether your cell is named; correlate with the per-server alarms.',
        },
      },
      {
        name: 'status-minor',
        severity: 'warn',
        statistic: 'Maximum',
        comparison: 'greaterThanOrEqual',
        threshold: 1,
        runbook: {
          meaning: "Okta's status feed shows an open minor incident or maintenance (indicator >= 1).",
          causes: ['OKTA_STATUS_DEGRADED'],
          firstSteps: 'Read the open entries on status.okta.com; plan around announced maintenance.',
        },
      },
    ],
    dashboard: { title: 'Okta status feed (0 none, 1 minor, 2 major, 3 critical)', label: 'indicator', min: 0, max: 3 },
  },
  {
    metric: 'OrgRateLimitViolations',
    check: 'org-rate-limit',
    observed: 'violations',
    // judgeOrgRateLimits fails exactly when there is a violation or a warning: these two gauges are its alarms.
    replacesCheckSuccess: true,
    alarms: [
      {
        name: 'org-rate-limit-violation',
        severity: 'page',
        statistic: 'Maximum',
        comparison: 'greaterThanOrEqual',
        threshold: 1,
        runbook: {
          meaning: "Okta's System Log reports a rate-limit violation on an endpoint of the org: its requests were refused with 429, for every app and user, not only the probe.",
          causes: ['ORG_RATE_LIMIT_VIOLATION'],
          firstSteps: 'Read the URL patterns in the message, then Reports > Rate Limits for each; find and throttle the client that used the bucket.',
        },
      },
    ],
    dashboard: { title: 'rate-limit violations of the org (System Log)', label: 'violations', min: 0 },
  },
  {
    metric: 'OrgRateLimitWarnings',
    check: 'org-rate-limit',
    observed: 'warnings',
    replacesCheckSuccess: true,
    alarms: [
      {
        name: 'org-rate-limit-warning',
        severity: 'warn',
        statistic: 'Maximum',
        comparison: 'greaterThanOrEqual',
        threshold: 1,
        runbook: {
          meaning: "Okta's System Log reports a rate-limit warning on an endpoint of the org. The alarm stays in ALARM while warnings continue, so it notifies once, not per event.",
          causes: ['ORG_RATE_LIMIT_WARNING'],
          firstSteps: 'Read the URL patterns in the message, then Reports > Rate Limits; spread or cache the heavy client\'s calls before the bucket is exhausted.',
        },
      },
    ],
    dashboard: { title: 'rate-limit warnings of the org (System Log)', label: 'warnings', min: 0 },
  },
  {
    metric: 'PasswordDaysToExpiry',
    check: 'password-expiry',
    observed: 'daysToExpiry',
    // The password-expiry check's own CheckSuccess warns the moment Okta does: a second alarm on the days would say it twice.
    alarms: [],
    dashboard: { title: 'synthetic user: days to password expiry', label: 'days', min: 0 },
  },
];

/** Whether a check publishes CheckSuccess: not when its gauge replaces it (GAUGES replacesCheckSuccess). */
export function hasCheckSuccess(check: CheckName): boolean {
  return !GAUGES.some((gauge) => gauge.check === check && gauge.replacesCheckSuccess === true);
}

// A server's latency, alarmed (issue 22).

/**
 * The warn alarm on a server's latency: ServerLatency's p90 above the threshold (latencyWarnMs, the config's or the
 * server's own) in 2 of the last 3 runs (the steady window), so "Okta is slow for us" is seen before it is an outage.
 * Off unless latencyWarnMs is set (README "Alarms": what it costs, and why it is not on by default).
 */
export const LATENCY_ALARM = {
  /** Suffix of the alarm name: `${prefix}-${server}-latency`. */
  name: 'latency',
  severity: 'warn',
  /** CloudWatch's percentile over the period's samples: every answered request of the server in that run. */
  statistic: 'p90',
} as const;
