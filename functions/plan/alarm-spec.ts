// The shape of a planned alarm: what the stack builds (lib/alarms.ts), `cost` prices and `plan` and the docs list.
import type { MetricName, QUORUM_FAILING_METRIC, QUORUM_LATCH_METRIC, Severity } from '../contract';

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
  /**
   * Metric watched (metric alarms only): a contract metric, or AWS/Lambda Errors|Throttles|Invocations, AWS/SQS
   * NumberOfMessagesSent (a queue others send to) or ApproximateNumberOfMessagesVisible (a redrive dead-letter queue).
   */
  readonly metric?: string;
  readonly description: string;
}

/**
 * How CloudWatch treats a period without a datapoint (TreatMissingData): breaching counts it as failing,
 * notBreaching as passing, ignore keeps the alarm's current state (AWS: "the current alarm state is maintained").
 */
type MissingData = 'breaching' | 'notBreaching' | 'ignore';

interface MetricAlarmBase extends PlannedAlarm {
  readonly kind: 'metric';
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** lessThanLowerBand: an anomaly-detection alarm, `threshold` the band's width in standard deviations. */
  readonly comparison: 'lessThan' | 'greaterThan' | 'greaterThanOrEqual' | 'lessThanLowerBand';
  readonly threshold: number;
  readonly missingData: MissingData;
  /** p90: CloudWatch's percentile of the period's samples (the latency alarm's). */
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
  /**
   * function/dlq: the probe's; notifier/notifier-dlq: the notifier's; alarm-states-dlq: the alarm states' rules';
   * sign-ins-dlq: the sign-ins aggregator's (Okta's Log Streaming); browser-function: the "browser" journeys'
   * function's (its Errors and Invocations).
   */
  readonly source:
    | 'function'
    | 'dlq'
    | 'notifier'
    | 'notifier-dlq'
    | 'alarm-states-dlq'
    | 'sign-ins-dlq'
    | 'browser-function';
  readonly metric:
    | 'Errors'
    | 'Throttles'
    | 'Invocations'
    | 'NumberOfMessagesSent'
    | 'ApproximateNumberOfMessagesVisible';
  /**
   * The heartbeat with the Preview org deployed: the function's Invocations less those of this alias (the Preview
   * schedule's), so another schedule of the same function cannot keep it OK. Metric math over two metrics.
   */
  readonly excludingAlias?: string;
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

/**
 * The quorum's alarms of one target (quorum-alarms.ts), members of its page composite: the latch, whose state only the
 * acting home's probe sets (lib/quorum.ts gives it the shape that keeps it so), and at home the backstop, metric math
 * over every region's published verdicts for when the fast path fails.
 */
export interface QuorumMetricAlarm extends PlannedAlarm {
  readonly kind: 'metric';
  readonly source: 'latch' | 'backstop';
  readonly metric: typeof QUORUM_LATCH_METRIC | typeof QUORUM_FAILING_METRIC;
  /** The target whose page composite holds it. */
  readonly server: string;
}

export type AlarmSpec = ProbeMetricAlarm | InfraMetricAlarm | QuorumMetricAlarm | CompositeAlarmSpec;

/** Whether an alarm is the quorum's latch or backstop (priced, and its IAM granted, with the fast path). */
export function isQuorumAlarm(spec: AlarmSpec): spec is QuorumMetricAlarm {
  return spec.kind === 'metric' && (spec.source === 'latch' || spec.source === 'backstop');
}
