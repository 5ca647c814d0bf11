// The contract between what the probe emits (functions/) and what the stack watches (lib/).
// No imports: both sides depend on this file and on nothing of each other, so an alarm can never
// watch a metric nobody emits, and a diagnosis code can never be documented but not produced.

/** Default CloudWatch namespace of every metric the probe publishes. */
export const DEFAULT_NAMESPACE = 'OktaSynthetics';

/** Metric names, with the unit, dimensions and meaning of each (README "Metrics" is generated from this). */
export const METRICS = {
  CheckSuccess: { name: 'CheckSuccess', unit: 'Count', dimensions: 'Server, Check', meaning: '1 when the check passed (or does not apply), 0 when it failed; nothing when it was skipped after a failed step. Not for a check whose gauge replaces it (clock, certificate).' },
  CheckLatency: { name: 'CheckLatency', unit: 'Milliseconds', dimensions: 'Server, Check', meaning: 'Wall time of the check\'s own HTTP exchange, for the checks that make a request.' },
  RateLimitHeadroom: { name: 'RateLimitHeadroom', unit: 'Percent', dimensions: 'Server', meaning: 'Remaining / Limit of the server\'s /token rate-limit bucket (/oauth2/v1/token or /oauth2/{id}/v1/token).' },
  StatusPageIndicator: { name: 'StatusPageIndicator', unit: 'None', dimensions: 'Server ("okta")', meaning: 'Okta\'s status feed: 0 nothing open, 1 minor or maintenance, 2 major, 3 critical.' },
  ClockSkew: { name: 'ClockSkew', unit: 'Seconds', dimensions: 'Server', meaning: 'Okta\'s Date header minus the probe\'s clock (signed).' },
  TlsCertificateDaysToExpiry: { name: 'TlsCertificateDaysToExpiry', unit: 'None', dimensions: 'Server (the first server)', meaning: 'Days until the org URL\'s TLS certificate expires (its notAfter).' },
  OrgRateLimitViolations: { name: 'OrgRateLimitViolations', unit: 'Count', dimensions: 'Server ("org")', meaning: 'Rate-limit violations of any endpoint of the org in the System Log window the run owns (system.org/operation.rate_limit.violation, core.concurrency.org.limit.violation); no per-URL dimension.' },
  OrgRateLimitWarnings: { name: 'OrgRateLimitWarnings', unit: 'Count', dimensions: 'Server ("org")', meaning: 'Rate-limit warnings (and bursts) of any endpoint of the org in the System Log window the run owns; no per-URL dimension.' },
  PasswordDaysToExpiry: { name: 'PasswordDaysToExpiry', unit: 'None', dimensions: 'Server (a signIn id)', meaning: 'Days until the synthetic user\'s password expires, when Okta warns of it (PASSWORD_WARN); nothing otherwise.' },
  MaintenanceWindow: { name: 'MaintenanceWindow', unit: 'Count', dimensions: 'Server ("all")', meaning: '1 per Lambda run while an operator\'s maintenance window is open; nothing otherwise.' },
  ServerLatency: { name: 'ServerLatency', unit: 'Milliseconds', dimensions: 'Server', meaning: 'Every answered request of an authorization server\'s checks in a run (a timeout or connection error is none), one datapoint each; only for servers whose latency is alarmed (latencyWarnMs): the alarm takes its p90.' },
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS]['name'];
export type MetricUnit = (typeof METRICS)[keyof typeof METRICS]['unit'];

/** Dimension names. */
export const DIMENSIONS = {
  /** "org" for the Org AS, the custom AS id otherwise, "okta" for the status feed. */
  Server: 'Server',
  /** One of CHECKS. */
  Check: 'Check',
} as const;

/** The server name under which the once-per-run status feed check reports. */
export const STATUS_SERVER = 'okta';

/** The Server dimension of MaintenanceWindow: a maintenance silence covers the whole deployment. */
export const MAINTENANCE_SERVER = 'all';

/** The server id that means the Org authorization server. */
export const ORG_SERVER_ID = 'org';

/** Every check the probe can run, in report order. */
export const CHECKS = [
  'discovery',
  'keys',
  'token',
  'validate',
  'introspect',
  'management',
  'authorize',
  'rate-limit',
  'clock',
  'certificate',
  'status',
  // Okta's System Log, read with the "org" server's credential when it has "systemLog" (issue 19).
  'system-log',
  'org-rate-limit',
  'sign-in',
  'password-expiry',
] as const;
export type CheckName = (typeof CHECKS)[number];

/** The management check's read-only call for each okta.*.read scope, in order of preference (one item each). */
export const MANAGEMENT_PATHS: Readonly<Record<string, string>> = {
  'okta.users.read': '/api/v1/users?limit=1',
  'okta.groups.read': '/api/v1/groups?limit=1',
  'okta.apps.read': '/api/v1/apps?limit=1',
  'okta.logs.read': '/api/v1/logs?limit=1',
  'okta.authorizationServers.read': '/api/v1/authorizationServers?limit=1',
};

/** The scope the System Log look-up requests, alone, with the Org-AS server's credential (issue 19). */
export const SYSTEM_LOG_SCOPE = 'okta.logs.read';

/** How the System Log is read: bounded, stateless and polite to the org's other log readers (issue 19). */
export const SYSTEM_LOG = {
  /** Requests to /api/v1/logs per run, at most: its bucket is 20 to 120 a minute by plan, shared with the org's SIEM. */
  maxRequestsPerRun: 3,
  /** Okta writes events "near real-time": an `until` closer to now than this may miss events still being written. */
  lagSeconds: 30,
  /** Admin changes this far before the first failure are reported. */
  changeLookbackMinutes: 60,
  /** No further request this run once Remaining falls below this percent of the bucket's Limit: the rest is the SIEM's. */
  reservePercent: 50,
  /** Events per page (Okta allows up to 1000). */
  pageLimit: 1000,
} as const;

/** Who an alarm wakes: page = an authorization server (or Okta) is unavailable; warn = capacity and hygiene. */
export const SEVERITIES = ['page', 'warn'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A probe setting an alarm threshold can come from (the config's name for it). */
export type ThresholdSetting = 'rateLimitWarnPercent' | 'clockSkewWarnSeconds';

/** The certificate check warns when the org URL's certificate has fewer days left than this. */
export const CERTIFICATE_WARN_DAYS = 14;

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

/** Status feed indicator values, as published in StatusPageIndicator. */
export const STATUS_INDICATOR = { none: 0, minor: 1, major: 2, critical: 3 } as const;
export type StatusIndicator = keyof typeof STATUS_INDICATOR;

/** Defaults shared by the CLI, the Lambda and the stack. */
export const DEFAULTS = {
  /** Per-request timeout, ms. */
  timeoutMs: 5000,
  /** Rate-limit headroom below this percent is RATE_LIMIT_HEADROOM_LOW. */
  rateLimitWarnPercent: 10,
  /** Clock skew beyond this many seconds is CLOCK_SKEW (Okta's verifiers allow 120 s; 300 s breaks most). */
  clockSkewWarnSeconds: 60,
  /** Leeway given to exp / iat / nbf when validating a token locally, seconds. */
  clockToleranceSeconds: 120,
  /** Okta's status feed (status.okta.com has no JSON API). */
  statusPageUrl: 'https://feeds.feedburner.com/OktaTrustRSS',
  /** Largest response body read, bytes; the rest is cut off, not buffered. */
  maxBodyBytes: 1024 * 1024,
  /**
   * Most answer bytes one run holds, all servers together: a healthy run of 90 servers reads about 3 MB, and the
   * function has 256 MB. Answers past it are cut off (and judged as truncated), never buffered.
   */
  maxRunBodyBytes: 32 * 1024 * 1024,
} as const;

/**
 * The diagnosis codes: a fixed, documented contract. Summaries and remedies live in
 * functions/diagnosis.ts; this list is what alarms, docs and tests key on.
 */
export const DIAGNOSIS_CODES = [
  // Licence, server and scope configuration
  'CUSTOM_AS_UNLICENSED',
  'AUTH_SERVER_NOT_FOUND',
  'CUSTOM_SCOPE_ON_ORG_AS',
  'INVALID_SCOPE',
  'ORG_SCOPE_NOT_GRANTED',
  'SCOPE_REQUIRES_CONSENT',
  'NO_ACCESS_POLICY',
  'SCOPE_DENIED_BY_POLICY',
  'NETWORK_ZONE_DENIED',
  // The org's own token customisation (claims, inline hooks): config, not an Okta outage
  'CLAIM_EVALUATION_FAILED',
  'INLINE_HOOK_FAILED',
  // Client configuration and credentials
  'UNKNOWN_CLIENT_ID',
  'INVALID_CLIENT',
  'CLIENT_AUTH_MALFORMED',
  'ORG_AS_REQUIRES_PRIVATE_KEY_JWT',
  'NOT_A_SERVICE_APP',
  'ADMIN_ROLE_MISSING',
  'TLS_CERT_EXPIRING',
  'UNAUTHORIZED_CLIENT',
  'UNSUPPORTED_GRANT_TYPE',
  'DPOP_REQUIRED',
  'REQUEST_REJECTED',
  'REDIRECT_URI_MISMATCH',
  'AUTHORIZE_UNEXPECTED',
  // Token content, as the API behind the server would judge it
  'AUDIENCE_MISMATCH',
  'MISSING_CLAIMS',
  'MISSING_SCOPE',
  'ISSUER_MISMATCH',
  'UNKNOWN_SIGNING_KEY',
  'NO_SIGNING_KEYS',
  'SIGNATURE_INVALID',
  'TOKEN_EXPIRED',
  'CLOCK_SKEW',
  'TOKEN_INACTIVE',
  'TOKEN_CLIENT_MISMATCH',
  // A synthetic user's sign-in (issue 18): the user, the policies, the factor, and the ID token the SP reads
  'SIGN_IN_REJECTED',
  'PASSWORD_EXPIRED',
  'PASSWORD_EXPIRING',
  'USER_LOCKED_OUT',
  'MFA_FACTOR_UNAVAILABLE',
  'MFA_ENROLLMENT_REQUIRED',
  'TOTP_REJECTED',
  'SIGN_IN_NOT_ALLOWED',
  'USER_NOT_ASSIGNED',
  'ID_TOKEN_MISSING_CLAIMS',
  'ID_TOKEN_AUDIENCE_MISMATCH',
  'ID_TOKEN_NONCE_MISMATCH',
  // Capacity and Okta health
  'RATE_LIMITED',
  'RATE_LIMIT_HEADROOM_LOW',
  'OKTA_SERVER_ERROR',
  'OKTA_STATUS_DEGRADED',
  // Transport and the unexpected
  'MALFORMED_RESPONSE',
  'UNEXPECTED_RESPONSE',
  'TIMEOUT',
  'NETWORK_ERROR',
  // The probe's own environment (Lambda)
  'SECRETS_UNAVAILABLE',
  // Okta's System Log (issue 19): unavailable is a warning, never a page; the org's rate limits
  'SYSTEM_LOG_SCOPE_NOT_GRANTED',
  'SYSTEM_LOG_ROLE_MISSING',
  'SYSTEM_LOG_THROTTLED',
  'ORG_RATE_LIMIT_VIOLATION',
  'ORG_RATE_LIMIT_WARNING',
] as const;
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

// The Lambda's deployment contract: what the stack (lib/) sets and the handler (functions/lambda/) reads.
// Kept here so synth never loads the handler or the AWS SDK clients to learn a name.

/**
 * Environment variable that may hold the file-shape JSON configuration (no secrets: only secret names and ARNs).
 * The stack does not set it: a Lambda environment is capped at 4 KB, about a dozen servers. Tests and local runs do.
 */
export const CONFIG_ENV = 'OKTA_SYNTHETICS_CONFIG';
/**
 * The file the stack writes beside the probe's bundle (same JSON as CONFIG_ENV), read when CONFIG_ENV is unset.
 * Part of the asset: a configuration change is a new asset hash, so `cdk deploy` updates the function's code.
 */
export const CONFIG_FILE = 'okta-synthetics.config.json';
/** Environment variable holding the CloudWatch namespace. */
export const NAMESPACE_ENV = 'NAMESPACE';
/** Environment variable holding the name of the maintenance-window SSM parameter (functions/lambda/maintenance.ts). */
export const MAINTENANCE_PARAMETER_ENV = 'MAINTENANCE_PARAMETER';

/** The probe's log group, where its run lines are: the stack creates it, the availability report reads it. */
export function probeLogGroupName(prefix: string): string {
  return `/aws/lambda/${prefix}-probe`;
}
/** Name of the SSM parameter that silences pages until the time it holds. */
export function maintenanceParameterName(prefix: string): string {
  return `/${prefix}/maintenance`;
}
/** How the placeholder starts: a secret still holding it has never been filled in. */
export const PLACEHOLDER_MARK = 'REPLACE-ME';
/** Value the stack stores in a secret it creates, until an operator puts the real credential in. */
export const SECRET_PLACEHOLDER = `${PLACEHOLDER_MARK}: put the PEM private key or client secret of this Okta app here`;

// The probe's per-run log line: one JSON object per run, written by the Lambda handler
// (functions/lambda/probe.ts) and read by the dashboard's Logs Insights query (lib/dashboard.ts) and by the
// alarm notifier. Every text field is redacted before it is written: never a token, a key or a secret.

/** The `message` of every run line, to tell it from EMF and other lines in the log group. */
export const RUN_LOG_MESSAGE = 'okta-synthetics run';

/** One failing (diagnosed) check of a run. */
export interface RunLogFailure {
  /** Server id from the configuration (`default`, `org`, ..., `okta` for the status feed). */
  readonly server: string;
  readonly check: CheckName;
  readonly code: DiagnosisCode;
  readonly summary: string;
  readonly remedy: string;
  /** Okta's X-Okta-Request-Id of the failing answer; null when there was no answer. */
  readonly requestId: string | null;
  readonly httpStatus?: number;
  /** What was observed in this run, redacted (e.g. "aud was api://payments, expected api://default"). */
  readonly detail?: string;
  /** Okta's System Log on this failure (issue 19): its reason for the request, redacted. */
  readonly oktaReason?: string;
  /** Admin changes touching the server before it began failing, phrased, newest first. */
  readonly changes?: readonly string[];
  /** Its failing datapoint was not published: a maintenance window was open and it feeds a muted page alarm. */
  readonly withheld?: 'maintenance';
}

/**
 * The checks whose failure makes a server unavailable in a run: the page-severity ones (functions/plan/alarms.ts),
 * a caller could not get or use a token. Capacity and hygiene (rate-limit headroom, clock, certificate) are not
 * downtime. The availability report and the run line's `servers[].up` both read this list.
 */
export const AVAILABILITY_CHECKS: readonly CheckName[] = ['discovery', 'keys', 'token', 'validate', 'introspect', 'management', 'authorize', 'sign-in'];

/** One server probed in a run, for the availability report and the dashboard's availability table. */
export interface RunLogServer {
  readonly id: string;
  /** 1 when none of its AVAILABILITY_CHECKS failed, 0 otherwise (numeric, so Logs Insights can average it). */
  readonly up: 0 | 1;
  /** Latency of its token request (a journey: its sign-in), ms; null when none was made. */
  readonly ms: number | null;
}

export interface RunLogLine {
  /** ERROR when metrics could not be published, WARN when a check failed, INFO otherwise. */
  readonly level: 'INFO' | 'WARN' | 'ERROR';
  readonly message: typeof RUN_LOG_MESSAGE;
  /** When the run started, ISO 8601: the run's timestamp. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** Key import and first signature before the checks' clocks started, ms: large on a cold start, about 0 when warm. */
  readonly preparationMs?: number;
  /** First run of a sandbox only: the HTTP client's first-use work done at init, before this invocation, ms. */
  readonly initMs?: number;
  /** The Okta org probed, for links to its Admin Console. */
  readonly orgUrl: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Servers whose credential is not configured yet (the stack's placeholder secret): N/A, never paging, until it is put. */
  readonly pending?: readonly string[];
  readonly failures: readonly RunLogFailure[];
  /** Each server probed (pending ones excluded). Absent from lines written before the availability report. */
  readonly servers?: readonly RunLogServer[];
  /** The operator's maintenance window, when one was open during the run. */
  readonly maintenance?: { readonly until: string; readonly reason: string };
  readonly metrics: {
    readonly published: number;
    readonly emf: number;
    readonly publishError?: string;
  };
}

// The notifier Lambda's deployment contract (functions/lambda/notifier.ts).
/** The probe's log group, read with FilterLogEvents. */
export const NOTIFIER_LOG_GROUP_ENV = 'PROBE_LOG_GROUP';
/** The alarm name prefix (composites are `${prefix}-${server}-${severity}`). */
export const NOTIFIER_PREFIX_ENV = 'ALARM_PREFIX';
/** JSON object: severity -> SNS topic ARN. */
export const NOTIFIER_TOPICS_ENV = 'SEVERITY_TOPICS';
/** The CloudWatch dashboard's name, for links (the console address is built from the function's region). */
export const NOTIFIER_DASHBOARD_ENV = 'DASHBOARD_NAME';
/** The notifier's own log group: one stream per change notified, the claim that sends a duplicate event once. */
export const NOTIFIER_SENT_LOG_GROUP_ENV = 'SENT_LOG_GROUP';

/**
 * The Logs Insights query behind the dashboard's "Latest failures" and the notifier's per-server link: one row per
 * failing check, newest first. One command per line, without the leading pipe: CDK's LogQueryWidget joins
 * queryLines with "\n| " itself (latestFailuresQuery joins them the same way).
 */
export const LATEST_FAILURES_QUERY: readonly string[] = [
  'fields jsonParse(@message) as run',
  'filter run.failed > 0',
  'unnest run.failures into f',
  'display @timestamp, f.server, f.check, f.code, f.remedy, f.requestId, f.detail',
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
  'fields s.id as server, s.up * 100 as upPercent',
  'stats avg(upPercent) as availabilityPercent, count(*) as runs by server, bin(1mo)',
  'sort availabilityPercent asc',
];

/** The query as Logs Insights runs it, for one server when given. */
export function latestFailuresQuery(server?: string): string {
  const lines = [...LATEST_FAILURES_QUERY];
  if (server !== undefined) lines.splice(3, 0, `filter f.server = ${JSON.stringify(server)}`);
  return lines.join('\n| ');
}

/** Whether a check publishes CheckSuccess: not when its gauge replaces it (GAUGES replacesCheckSuccess). */
export function hasCheckSuccess(check: CheckName): boolean {
  return !GAUGES.some((gauge) => gauge.check === check && gauge.replacesCheckSuccess === true);
}

// A server's latency, alarmed (issue 22). Kept at the end while contract.ts is split into a folder.

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
