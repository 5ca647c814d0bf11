// The notifier Lambda: EventBridge "CloudWatch Alarm State Change" of a page or warn composite -> one message
// with the diagnosis, published to the topic of the alarm's severity. Thin: the message is built by
// functions/notify/message.ts. Before sending it asks CloudWatch for the alarm's current state (a change that
// arrives after the next one is stale) and claims the change in its own log group (a duplicate event sends
// once). Every AWS call has a deadline inside the invocation's: when the logs cannot be read in time the message
// still goes out with the alarm's own reason; when the publish fails, Lambda retries and then sends the raw
// event to the failure destination (the composite's own SNS action has already sent the raw alarm to pagers).
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  NOTIFIER_DASHBOARD_ENV,
  NOTIFIER_LOG_GROUP_ENV,
  NOTIFIER_LOG_MESSAGES,
  NOTIFIER_PREFIX_ENV,
  NOTIFIER_SENT_LOG_GROUP_ENV,
  NOTIFIER_TOPICS_ENV,
  SEVERITIES,
  type RunLogLine,
  type Severity,
} from '../contract';
import { lateMinutes, staleReason, type CurrentAlarm } from '../notify/freshness';
import { dashboardUrl, insightsUrl, traceUrl } from '../notify/links';
import { buildMessage, type Message } from '../notify/message';
import { untoldReason, type ChangeToTell } from '../notify/untold';
import { parseAlarmName } from '../plan/alarm-names';
import { sourceMappedStack } from './stack-trace';
import { invocationLogger, type InvocationIds } from './log';
import type { Logger } from '../text/logger';
import { redact } from '../text/redact';
import { budget } from '../deadline';
import { readRecentRuns, RECENT_READ_MS } from '../report/run-log';

/** Deadlines, ms. The invocation's own (its remaining time less SAFETY_MS) bounds every call. */
export const DEADLINES = {
  /** Left unused at the end of the invocation: the handler returns or throws, it is never killed. */
  SAFETY_MS: 1_500,
  /** The invocation's budget when the runtime does not say (tests, local runs): the function's 30 s less margin. */
  DEFAULT_BUDGET_MS: 25_000,
  /** One DescribeAlarms, one call of the claim. */
  CALL_MS: 3_000,
  /** All the log reads together. */
  LOGS_MS: RECENT_READ_MS,
  /** Kept for the publish: the log reads stop this long before the deadline. */
  PUBLISH_RESERVE_MS: 6_000,
} as const;

/** A claim with no record after this long was left by an invocation that died: a retry may take it over. */
const CLAIM_EXPIRY_MS = 60_000;

/** What we use of EventBridge's CloudWatch Alarm State Change event. */
export interface AlarmStateChangeEvent {
  readonly id?: string;
  readonly time?: string;
  readonly detail: {
    readonly alarmName: string;
    readonly state: {
      readonly value: string;
      readonly reason?: string;
      readonly timestamp?: string;
      readonly actionsSuppressedBy?: string;
    };
    readonly previousState?: {
      readonly value: string;
      readonly timestamp?: string;
      readonly actionsSuppressedBy?: string;
    };
    readonly configuration?: { readonly description?: string };
  };
}

/** What the Lambda runtime tells us of the invocation: the alias it came through names the severity. */
interface InvocationContext extends InvocationIds {
  readonly invokedFunctionArn?: string;
  getRemainingTimeInMillis?(): number;
}

/** What a call did: the message published, or why nothing was (and nothing needed to be). */
type NotifierResult = { readonly published: Message; readonly topic: string } | { readonly skipped: string };

/** The clients this sandbox makes once, at their first use. */
interface Clients {
  readonly logs: CloudWatchLogsClient;
  readonly sns: SNSClient;
  readonly cloudwatch: CloudWatchClient;
}

/** What this sandbox keeps from one invocation to the next (made at init: a cold start starts from nothing). */
const sandbox: {
  clients?: Clients;
  /** This invocation's logger, made anew by each: its lines carry its own request id, never a warm sandbox's last. */
  log: Logger;
} = { log: invocationLogger(undefined) };

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(`notifier: environment variable ${name} is not set (a deployment bug)`);
  return value;
}

function errorText(error: unknown): string {
  return redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

/** The alarm as CloudWatch shows it now; null when it does not exist; an error text when it could not be read. */
export async function currentAlarm(
  client: CloudWatchClient,
  alarmName: string,
  deadline: number,
): Promise<CurrentAlarm | null | { readonly error: string }> {
  try {
    const out = await client.send(
      new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] }),
      { abortSignal: budget(deadline, DEADLINES.CALL_MS) },
    );
    if (out === undefined) return { error: 'no answer' };
    const alarm = out.CompositeAlarms?.[0] ?? out.MetricAlarms?.[0];
    if (alarm === undefined) return null;
    if (alarm.StateValue === undefined) return { error: 'no StateValue in the answer' };
    const since = (alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp)?.getTime();
    return { state: alarm.StateValue, ...(since !== undefined ? { since } : {}) };
  } catch (error) {
    return { error: errorText(error) };
  }
}

/** The log stream that records one change: its alarm, state and timestamp (":" and "*" are not allowed). */
function claimStreamName(event: AlarmStateChangeEvent): string | null {
  const when = event.detail.state.timestamp ?? event.id;
  if (when === undefined) return null;
  return `notified/${event.detail.alarmName}/${event.detail.state.value}/${when}`.replace(/[:*]/g, '').slice(0, 512);
}

/** What the claim stream's events say: the record the notifier writes there (published or failed). */
interface ClaimRecord {
  readonly outcome: 'published' | 'failed';
}

type Claim = { readonly claimed: true } | { readonly duplicate: string } | { readonly unclaimed: string };

/**
 * Claims a change: CreateLogStream succeeds for exactly one caller. A second caller finds the stream and reads
 * its record: published (a duplicate event: skip), failed (a retry: send), none yet (another invocation is
 * sending it, unless the claim is older than CLAIM_EXPIRY_MS: the invocation died, take it over).
 * When CloudWatch Logs cannot answer, the change is sent: a duplicate is better than silence.
 */
async function claim(
  client: CloudWatchLogsClient,
  logGroupName: string,
  logStreamName: string,
  deadline: number,
): Promise<Claim> {
  try {
    await client.send(new CreateLogStreamCommand({ logGroupName, logStreamName }), {
      abortSignal: budget(deadline, DEADLINES.CALL_MS),
    });
    return { claimed: true };
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceAlreadyExistsException') return { unclaimed: errorText(error) };
  }
  try {
    const events = await client.send(
      new GetLogEventsCommand({ logGroupName, logStreamName, startFromHead: false, limit: 1 }),
      { abortSignal: budget(deadline, DEADLINES.CALL_MS) },
    );
    const last = events?.events?.at(-1)?.message;
    const record = last === undefined ? undefined : (JSON.parse(last) as ClaimRecord);
    if (record?.outcome === 'published') return { duplicate: 'already sent (a duplicate event)' };
    if (record?.outcome === 'failed') return { claimed: true };
    const streams = await client.send(
      new DescribeLogStreamsCommand({ logGroupName, logStreamNamePrefix: logStreamName, limit: 1 }),
      { abortSignal: budget(deadline, DEADLINES.CALL_MS) },
    );
    const created = streams?.logStreams?.find((s) => s.logStreamName === logStreamName)?.creationTime;
    if (created !== undefined && Date.now() - created < CLAIM_EXPIRY_MS)
      return { duplicate: 'being sent by another invocation (a duplicate event)' };
    return { claimed: true };
  } catch (error) {
    return { unclaimed: errorText(error) };
  }
}

/** Writes the claim's record; never rejects (a missing record only lets a late duplicate through). */
async function record(
  client: CloudWatchLogsClient,
  logGroupName: string,
  logStreamName: string,
  entry: ClaimRecord & Record<string, unknown>,
  deadline: number,
): Promise<void> {
  try {
    await client.send(
      new PutLogEventsCommand({
        logGroupName,
        logStreamName,
        logEvents: [{ timestamp: Date.now(), message: JSON.stringify(entry) }],
      }),
      { abortSignal: budget(deadline, DEADLINES.CALL_MS) },
    );
  } catch (error) {
    sandbox.log.warn('notification record not written', { logStreamName, error: errorText(error) });
  }
}

/** The change as the shared rule reads it: the state it left is what CloudWatch's alarm actions told. */
function toTell(detail: AlarmStateChangeEvent['detail']): ChangeToTell {
  const { state, previousState } = detail;
  return {
    state: state.value,
    heard: previousState?.value,
    ...(state.actionsSuppressedBy !== undefined && { mutedBy: state.actionsSuppressedBy }),
    ...(previousState?.actionsSuppressedBy !== undefined && { heardMutedBy: previousState.actionsSuppressedBy }),
  };
}

/** The severity of the alias that invoked us (`...:function:name:page`), else the alarm name's. */
export function severityOf(context: InvocationContext | undefined, alarmName: string, prefix: string): Severity {
  const qualifier = context?.invokedFunctionArn?.split(':')[7];
  const fromAlias = SEVERITIES.find((s) => s === qualifier);
  return fromAlias ?? parseAlarmName(alarmName, prefix).severity ?? 'page';
}

/** The Lambda entry: on a failure, its stack in source terms before Lambda retries and falls back to the raw event. */
export async function handler(event: AlarmStateChangeEvent, context?: InvocationContext): Promise<NotifierResult> {
  const remaining = context?.getRemainingTimeInMillis?.() ?? DEADLINES.DEFAULT_BUDGET_MS;
  const deadline = Date.now() + remaining - DEADLINES.SAFETY_MS;
  sandbox.log = invocationLogger(context);
  try {
    return await notify(event, context, deadline);
  } catch (error) {
    sandbox.log.error(NOTIFIER_LOG_MESSAGES.failed, { ...stateChange(event.detail), stack: sourceMappedStack(error) });
    throw error;
  }
}

/**
 * The change a line is about: the alarm, the state it left and the state it entered. The dashboards' "Alarm state
 * changes" table reads them from every line NOTIFIER_LOG_MESSAGES names (ALARM_STATE_CHANGES_QUERY).
 */
function stateChange(detail: Partial<AlarmStateChangeEvent['detail']> | undefined) {
  return {
    alarmName: detail?.alarmName,
    previousState: detail?.previousState?.value,
    state: detail?.state?.value,
  };
}

function skip(detail: AlarmStateChangeEvent['detail'], reason: string): NotifierResult {
  sandbox.log.info(NOTIFIER_LOG_MESSAGES.skipped, { ...stateChange(detail), reason });
  return { skipped: reason };
}

async function notify(
  event: AlarmStateChangeEvent,
  context: InvocationContext | undefined,
  deadline: number,
): Promise<NotifierResult> {
  // Its whole configuration is read first, whatever the change: a change it skips (the smoke check of `status
  // --invoke` sends one) still fails on a deployment that left a variable out.
  const prefix = env(NOTIFIER_PREFIX_ENV);
  const topics = JSON.parse(env(NOTIFIER_TOPICS_ENV)) as Record<string, string>;
  const logGroup = env(NOTIFIER_LOG_GROUP_ENV);
  const sentGroup = env(NOTIFIER_SENT_LOG_GROUP_ENV);
  const { detail } = event;
  const skipped = untoldReason(toTell(detail));
  if (skipped !== null) return skip(detail, skipped);
  const severity = severityOf(context, detail.alarmName, prefix);
  const topic = topics[severity];
  if (topic === undefined) throw new Error(`notifier: no topic for severity ${severity} in ${NOTIFIER_TOPICS_ENV}`);

  const clients = sharedClients();

  // An ALARM that arrives after its recovery (or an OK after the next ALARM) would leave the thread wrong.
  const current = await currentAlarm(clients.cloudwatch, detail.alarmName, deadline);
  const stale = staleness(detail, current);
  if (stale !== null) return skip(detail, stale);

  const { stream, claimed } = await claimChange(clients.logs, sentGroup, event, deadline);
  if ('duplicate' in claimed) return skip(detail, claimed.duplicate);

  try {
    const published = await compose(clients, event, prefix, logGroup, severity, topic, current, deadline);
    if (stream !== null && 'claimed' in claimed)
      await record(
        clients.logs,
        sentGroup,
        stream,
        {
          outcome: 'published',
          alarmName: detail.alarmName,
          state: detail.state.value,
          subject: published.published.subject,
        },
        deadline,
      );
    return published;
  } catch (error) {
    // The retry Lambda makes after this throw may then send it (a failed record lets the claim be taken over).
    // Written even when the publish used the whole budget: half the safety margin is spent on it.
    if (stream !== null && 'claimed' in claimed)
      await record(
        clients.logs,
        sentGroup,
        stream,
        { outcome: 'failed', error: errorText(error) },
        deadline + DEADLINES.SAFETY_MS / 2,
      );
    throw error;
  }
}

function sharedClients(): Clients {
  return (sandbox.clients ??= {
    logs: new CloudWatchLogsClient({ maxAttempts: 2 }),
    sns: new SNSClient({ maxAttempts: 2 }),
    cloudwatch: new CloudWatchClient({ maxAttempts: 2 }),
  });
}

/** Why the change is older than the alarm's current state, or null; a state that could not be read proves nothing. */
function staleness(
  detail: AlarmStateChangeEvent['detail'],
  current: CurrentAlarm | null | { readonly error: string },
): string | null {
  return staleReason(
    {
      state: detail.state.value,
      ...(detail.state.timestamp !== undefined ? { timestamp: detail.state.timestamp } : {}),
    },
    current !== null && 'error' in current ? undefined : current,
  );
}

/**
 * Claims the change's stream, so a duplicate event is recognised. A change that cannot be claimed is sent all the
 * same, with a warning.
 */
async function claimChange(
  client: CloudWatchLogsClient,
  sentGroup: string,
  event: AlarmStateChangeEvent,
  deadline: number,
): Promise<{ readonly stream: string | null; readonly claimed: Claim }> {
  const stream = claimStreamName(event);
  const claimed =
    stream === null ? { unclaimed: 'the change has no timestamp' } : await claim(client, sentGroup, stream, deadline);
  if ('unclaimed' in claimed)
    sandbox.log.warn('notification not claimed: a duplicate event could send it twice', {
      alarmName: event.detail.alarmName,
      error: claimed.unclaimed,
    });
  return { stream, claimed };
}

async function compose(
  clients: { readonly logs: CloudWatchLogsClient; readonly sns: SNSClient },
  event: AlarmStateChangeEvent,
  prefix: string,
  logGroup: string,
  severity: Severity,
  topic: string,
  current: CurrentAlarm | null | { readonly error: string },
  deadline: number,
): Promise<{ readonly published: Message; readonly topic: string }> {
  const { detail } = event;
  const { runs, logsError } = await recentRuns(clients.logs, logGroup, deadline);
  const timestamp = detail.state.timestamp ?? event.time ?? new Date().toISOString();
  const notes = deliveryNotes(event, current);
  const region = process.env.AWS_REGION;
  const dashboard = process.env[NOTIFIER_DASHBOARD_ENV];
  const message = buildMessage({
    change: {
      alarmName: detail.alarmName,
      state: detail.state.value,
      reason: detail.state.reason ?? '',
      timestamp,
      ...(detail.previousState?.timestamp !== undefined ? { previousTimestamp: detail.previousState.timestamp } : {}),
      ...(detail.configuration?.description !== undefined ? { description: detail.configuration.description } : {}),
    },
    prefix,
    runs,
    notes,
    ...(logsError !== undefined ? { logsError } : {}),
    ...(region !== undefined && dashboard !== undefined && dashboard !== ''
      ? { dashboardUrl: dashboardUrl(region, dashboard) }
      : {}),
    ...(region !== undefined ? { insightsUrl: (server: string) => insightsUrl(region, logGroup, server) } : {}),
    ...(region !== undefined ? { traceUrl: (s3Uri: string) => traceUrl(region, s3Uri) } : {}),
  });
  // One publish, two renderings: e-mail subscribers get the plain text, chat (Amazon Q, an https subscriber)
  // gets the custom-notification JSON under "default".
  await clients.sns.send(
    new PublishCommand({
      TopicArn: topic,
      Subject: message.subject,
      MessageStructure: 'json',
      Message: JSON.stringify({ default: JSON.stringify(message.chat), email: message.text }),
    }),
    { abortSignal: budget(deadline) },
  );
  sandbox.log.info(NOTIFIER_LOG_MESSAGES.published, { ...stateChange(detail), severity, subject: message.subject });
  return { published: message, topic };
}

/** The probe's recent runs for the message, or why they could not be read: a message goes out either way. */
async function recentRuns(
  client: CloudWatchLogsClient,
  logGroup: string,
  deadline: number,
): Promise<{ readonly runs: RunLogLine[] | null; readonly logsError?: string }> {
  try {
    return {
      runs: await readRecentRuns(
        client,
        logGroup,
        Date.now(),
        Math.min(Date.now() + DEADLINES.LOGS_MS, deadline - DEADLINES.PUBLISH_RESERVE_MS),
      ),
    };
  } catch (error) {
    return { runs: null, logsError: errorText(error) };
  }
}

/** The notes that warn a reader the message may be late or the alarm's state may have moved on. */
function deliveryNotes(
  event: AlarmStateChangeEvent,
  current: CurrentAlarm | null | { readonly error: string },
): string[] {
  const late = lateMinutes(event.detail.state.timestamp ?? event.time, Date.now());
  return [
    ...(late !== null
      ? [
          `Note: delivered ${late} min after the change${
            current !== null && !('error' in current) ? `; CloudWatch still shows the ` + `alarm ${current.state}` : ''
          }.`,
        ]
      : []),
    ...(current !== null && 'error' in current
      ? [`Note: the alarm's current state could not be read (${current.error}); it may have changed since.`]
      : []),
  ];
}
