// Which alarms a configuration produces, without CDK: the stack builds exactly these (lib/alarms.ts) and the
// cost command prices exactly these. Names are predictable so runbooks, dashboards and people can find them.
import { DIAGNOSES } from '../diagnosis';
import { GAUGES, METRICS, STATUS_SERVER, type CheckName, type DiagnosisCode, type GaugeAlarm, type MetricName, type ThresholdSetting } from '../contract';
import type { ProbeConfig } from '../types';
import { plannedChecks } from './checks';
import type { LoadedConfig } from '../config/parse';

/** What the cost calculator and the docs need: a name, a kind, the metric watched, the runbook text. */
export interface PlannedAlarm {
  readonly name: string;
  readonly kind: 'metric' | 'composite';
  /** Metric watched (metric alarms only): a contract metric, or AWS/Lambda Errors|Throttles, AWS/SQS depth. */
  readonly metric?: string;
  readonly description: string;
}

/** How CloudWatch treats a period without a datapoint. */
export type MissingData = 'breaching' | 'notBreaching';

interface MetricAlarmBase extends PlannedAlarm {
  readonly kind: 'metric';
  /** True when the alarm itself sends to SNS; per-check alarms only feed their server's composite. */
  readonly notify: boolean;
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly comparison: 'lessThan' | 'greaterThan' | 'greaterThanOrEqual';
  readonly threshold: number;
  readonly missingData: MissingData;
  readonly statistic: 'Minimum' | 'Maximum' | 'Average' | 'Sum';
}

/** An alarm on a metric the probe publishes (namespace from the deploy settings). */
export interface ProbeMetricAlarm extends MetricAlarmBase {
  readonly source: 'probe';
  readonly metric: MetricName;
  /** The server whose composite this alarm feeds. */
  readonly server: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Alarm on ABS(metric): clock skew is signed. */
  readonly absolute?: boolean;
}

/** An alarm on the probe's own machinery: the function's Errors/Throttles, the dead-letter queue's depth. */
export interface InfraMetricAlarm extends MetricAlarmBase {
  readonly source: 'function' | 'dlq';
  readonly metric: 'Errors' | 'Throttles' | 'ApproximateNumberOfMessagesVisible';
}

export interface CompositeAlarmSpec extends PlannedAlarm {
  readonly kind: 'composite';
  readonly server: string;
  /** Names of the metric alarms combined with OR. */
  readonly members: readonly string[];
}

export type AlarmSpec = ProbeMetricAlarm | InfraMetricAlarm | CompositeAlarmSpec;

/** CloudWatch's limit on AlarmDescription. */
const MAX_DESCRIPTION = 1024;

/** What a failing check means, and the diagnosis codes it most often reports. */
const CHECK_RUNBOOK: Record<CheckName, { meaning: string; codes: readonly DiagnosisCode[] }> = {
  discovery: {
    meaning: 'The discovery document (/.well-known/openid-configuration) could not be read: apps cannot find the server.',
    codes: ['CUSTOM_AS_UNLICENSED', 'AUTH_SERVER_NOT_FOUND', 'OKTA_SERVER_ERROR', 'TIMEOUT', 'NETWORK_ERROR'],
  },
  keys: {
    meaning: 'The JWKS (/v1/keys) could not be read or holds no signing key: APIs cannot validate tokens.',
    codes: ['NO_SIGNING_KEYS', 'OKTA_SERVER_ERROR', 'MALFORMED_RESPONSE'],
  },
  token: {
    meaning: 'A client_credentials token request failed: machine-to-machine callers get no token.',
    codes: ['INVALID_CLIENT', 'ORG_AS_REQUIRES_PRIVATE_KEY_JWT', 'INVALID_SCOPE', 'CUSTOM_SCOPE_ON_ORG_AS', 'NO_ACCESS_POLICY', 'RATE_LIMITED', 'SECRETS_UNAVAILABLE', 'ORG_SCOPE_NOT_GRANTED', 'SCOPE_DENIED_BY_POLICY', 'NETWORK_ZONE_DENIED'],
  },
  validate: {
    meaning: 'The access token would be rejected by the API behind this server (audience, claims, scopes, issuer, signature or expiry).',
    codes: ['AUDIENCE_MISMATCH', 'MISSING_CLAIMS', 'MISSING_SCOPE', 'UNKNOWN_SIGNING_KEY', 'ISSUER_MISMATCH', 'CLOCK_SKEW'],
  },
  introspect: {
    meaning: 'Okta does not confirm the fresh token as active for this client via /introspect.',
    codes: ['TOKEN_INACTIVE', 'TOKEN_CLIENT_MISMATCH', 'INVALID_CLIENT'],
  },
  authorize: {
    meaning: 'The /authorize call without a user (prompt=none) did not answer login_required: browser sign-ins are likely broken.',
    codes: ['REDIRECT_URI_MISMATCH', 'CUSTOM_SCOPE_ON_ORG_AS', 'INVALID_SCOPE', 'AUTHORIZE_UNEXPECTED'],
  },
  'rate-limit': {
    meaning: "This server's /token rate-limit bucket is nearly exhausted or already rate limited: callers are about to get 429.",
    codes: ['RATE_LIMIT_HEADROOM_LOW', 'RATE_LIMITED'],
  },
  clock: {
    meaning: "Okta's Date header is far from the probe's clock: token exp/iat/nbf checks start failing beyond 2-5 minutes.",
    codes: ['CLOCK_SKEW'],
  },
  status: {
    meaning: "Okta's status feed could not be read or parsed.",
    codes: ['MALFORMED_RESPONSE', 'TIMEOUT', 'NETWORK_ERROR'],
  },
};

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

function checkDescription(server: string, check: CheckName, missing: MissingData): string {
  const runbook = CHECK_RUNBOOK[check];
  const missingText = missing === 'breaching' ? ' No datapoint counts as failing: a probe that stopped reporting is an outage of the monitoring.' : '';
  return truncate(
    `${server}/${check}: ${runbook.meaning}${missingText} Likely causes: ${likelyCauses(runbook.codes)}. ${FIRST_STEPS}`,
  );
}

/** Every alarm of a deployment, with what CDK needs to build it. Metric alarms come before the composites using them. */
export function alarmSpecs(config: LoadedConfig): AlarmSpec[] {
  const { probe, deploy } = config;
  const prefix = deploy.prefix;
  const period = deploy.scheduleMinutes;
  // 2 of 3 periods: one lost or late run stays quiet, two in a row page.
  const window = { periodMinutes: period, evaluationPeriods: 3, datapointsToAlarm: 2 } as const;
  const specs: AlarmSpec[] = [];
  const membersByServer = new Map<string, string[]>();
  const addProbeAlarm = (alarm: ProbeMetricAlarm): void => {
    specs.push(alarm);
    const members = membersByServer.get(alarm.server) ?? [];
    members.push(alarm.name);
    membersByServer.set(alarm.server, members);
  };

  for (const { server, check } of plannedChecks(probe)) {
    // A check that ran but did not pass publishes 0; one skipped or never run publishes nothing: both alarm.
    addProbeAlarm({
      name: `${prefix}-${server}-${check}`,
      kind: 'metric',
      source: 'probe',
      metric: METRICS.CheckSuccess.name,
      server,
      dimensions: { Server: server, Check: check },
      description: checkDescription(server, check, 'breaching'),
      notify: false,
      ...window,
      statistic: 'Minimum',
      comparison: 'lessThan',
      threshold: 1,
      missingData: 'breaching',
    });
    for (const gauge of GAUGES) {
      if (gauge.check !== check) continue;
      for (const alarm of gauge.alarms) {
        const threshold = gaugeThreshold(alarm, probe);
        addProbeAlarm({
          name: `${prefix}-${server}-${alarm.name}`,
          kind: 'metric',
          source: 'probe',
          metric: METRICS[gauge.metric].name,
          server,
          dimensions: { Server: server },
          description: truncate(
            `${server}: ${alarm.runbook.meaning.replaceAll('{threshold}', String(threshold))} ` +
              `Likely causes: ${likelyCauses(alarm.runbook.causes)}. First steps: ${alarm.runbook.firstSteps}`,
          ),
          notify: false,
          ...window,
          statistic: alarm.statistic,
          ...(alarm.absolute === true ? { absolute: true } : {}),
          comparison: alarm.comparison,
          threshold,
          // The check's own CheckSuccess alarm covers a missing reading.
          missingData: 'notBreaching',
        });
      }
    }
  }

  const infra = { kind: 'metric', notify: true, ...window, missingData: 'notBreaching' } as const;
  specs.push(
    {
      ...infra,
      name: `${prefix}-function-errors`,
      source: 'function',
      metric: 'Errors',
      statistic: 'Sum',
      comparison: 'greaterThanOrEqual',
      threshold: 1,
      description: truncate(
        'The probe Lambda itself failed (threw or timed out): Okta may be fine, the monitoring is not. The handler throws only on an ' +
          'invalid OKTA_SYNTHETICS_CONFIG (a deployment bug). First steps: read the ERROR line in the function\'s log group, fix the config, redeploy.',
      ),
    },
    {
      ...infra,
      name: `${prefix}-function-throttles`,
      source: 'function',
      metric: 'Throttles',
      statistic: 'Sum',
      comparison: 'greaterThanOrEqual',
      threshold: 1,
      description: truncate(
        'Probe invocations are throttled: runs overlap (a run longer than the schedule period; reserved concurrency is 1) or the ' +
          'account is out of Lambda concurrency. First steps: compare the function Duration with the schedule period; raise the account quota.',
      ),
    },
    {
      ...infra,
      name: `${prefix}-dlq`,
      source: 'dlq',
      metric: 'ApproximateNumberOfMessagesVisible',
      statistic: 'Maximum',
      comparison: 'greaterThan',
      threshold: 0,
      // SQS publishes queue metrics every few minutes; one message already means a run was lost.
      periodMinutes: 5,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      description: truncate(
        'A scheduled probe run could not be delivered or failed asynchronously; its event is in the dead-letter queue. ' +
          'First steps: read the message (it carries the error), fix the cause (permissions, quota, a crashing handler), then purge the queue to clear the alarm.',
      ),
    },
  );

  for (const [server, members] of membersByServer) {
    specs.push({
      name: `${prefix}-${server}`,
      kind: 'composite',
      server,
      members,
      description: truncate(
        `${server === STATUS_SERVER ? "Okta's status feed" : `Authorization server "${server}" of ${probe.orgUrl}`} is failing ` +
          `one or more synthetic checks (any of: ${members.map((m) => m.slice(prefix.length + 1)).join(', ')}). ` +
          'One notification per incident: the member alarms do not notify themselves. First steps: open the member in ALARM for its runbook.',
      ),
    });
  }
  return specs;
}

/** The alarms of a deployment, as the cost calculator and the docs count them. */
export function plannedAlarms(config: LoadedConfig): PlannedAlarm[] {
  return alarmSpecs(config).map((spec) =>
    spec.kind === 'metric'
      ? { name: spec.name, kind: spec.kind, metric: spec.metric, description: spec.description }
      : { name: spec.name, kind: spec.kind, description: spec.description },
  );
}
