// The notifier Lambda: EventBridge "CloudWatch Alarm State Change" of a page or warn composite -> one message
// with the diagnosis, published to the topic of the alarm's severity. Thin: the message is built by
// functions/notify/message.ts. Reading the logs is bounded in time, pages and bytes; when it fails the message
// still goes out with the alarm's own reason (the composite's own SNS action has already sent the raw alarm).
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { NOTIFIER_DASHBOARD_ENV, NOTIFIER_LOG_GROUP_ENV, NOTIFIER_PREFIX_ENV, NOTIFIER_TOPICS_ENV, RUN_LOG_MESSAGE, SEVERITIES, type RunLogLine, type Severity } from '../contract';
import { dashboardUrl, insightsUrl } from '../notify/links';
import { buildMessage, parseAlarmName, type Message } from '../notify/message';
import { sourceMappedStack } from './stack-trace';
import { redact } from '../redact';

/** How far back runs are read: enough for the streak of a 1-minute schedule and a few 5-minute periods. */
export const LOOKBACK_MS = 15 * 60_000;
/** At most this many bytes of log messages are parsed, at most this many pages requested. */
export const MAX_LOG_BYTES = 1_000_000;
export const MAX_PAGES = 5;

/** What we use of EventBridge's CloudWatch Alarm State Change event. */
export interface AlarmStateChangeEvent {
  readonly time?: string;
  readonly detail: {
    readonly alarmName: string;
    readonly state: { readonly value: string; readonly reason?: string; readonly timestamp?: string; readonly actionsSuppressedBy?: string };
    readonly previousState?: { readonly value: string; readonly timestamp?: string; readonly actionsSuppressedBy?: string };
    readonly configuration?: { readonly description?: string };
  };
}

/** What the Lambda runtime tells us of the invocation: the alias it came through names the severity. */
export interface InvocationContext {
  readonly invokedFunctionArn?: string;
}

/** What a call did: the message published, or why nothing was (and nothing needed to be). */
export type NotifierResult = { readonly published: Message; readonly topic: string } | { readonly skipped: string };

let logs: CloudWatchLogsClient | undefined;
let sns: SNSClient | undefined;

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`notifier: environment variable ${name} is not set (a deployment bug)`);
  return value;
}

export async function readRuns(client: CloudWatchLogsClient, logGroupName: string, now: number, lookbackMs = LOOKBACK_MS): Promise<RunLogLine[]> {
  const runs: RunLogLine[] = [];
  let bytes = 0;
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES && bytes < MAX_LOG_BYTES; page += 1) {
    const out = await client.send(new FilterLogEventsCommand({
      logGroupName,
      startTime: now - lookbackMs,
      endTime: now,
      filterPattern: `"${RUN_LOG_MESSAGE}"`,
      ...(nextToken !== undefined ? { nextToken } : {}),
    }));
    for (const event of out.events ?? []) {
      const text = event.message ?? '';
      bytes += text.length;
      if (bytes > MAX_LOG_BYTES) break;
      try {
        const line = JSON.parse(text) as RunLogLine;
        if (line.message === RUN_LOG_MESSAGE && Array.isArray(line.failures)) runs.push(line);
      } catch {
        // Not a run line (platform or EMF line matching the filter): skip.
      }
    }
    nextToken = out.nextToken;
    if (nextToken === undefined) break;
  }
  return runs;
}

/**
 * Changes no person should hear about: INSUFFICIENT_DATA (a new alarm, or a metric gap the alarm treats by
 * itself), an OK that did not follow an ALARM (a fresh deployment settling), and a change whose actions the
 * composite's suppressor muted (the probe is down, or a maintenance window is open): CloudWatch sent nothing to
 * the alarm topic, so the notifier sends nothing either, and the recovery of a muted alarm stays muted too.
 */
export function skipReason(detail: AlarmStateChangeEvent['detail']): string | null {
  const { state, previousState } = detail;
  if (state.value !== 'ALARM' && state.value !== 'OK') return `state ${state.value} is not notified`;
  if (state.actionsSuppressedBy !== undefined) return `actions suppressed (${state.actionsSuppressedBy})`;
  if (state.value === 'OK' && previousState?.value !== 'ALARM') return `OK after ${previousState?.value ?? 'nothing'} is not a recovery`;
  if (state.value === 'OK' && previousState?.actionsSuppressedBy !== undefined) return `recovery of a suppressed alarm (${previousState.actionsSuppressedBy})`;
  return null;
}

/** The severity of the alias that invoked us (`...:function:name:page`), else the alarm name's. */
export function severityOf(context: InvocationContext | undefined, alarmName: string, prefix: string): Severity {
  const qualifier = context?.invokedFunctionArn?.split(':')[7];
  const fromAlias = SEVERITIES.find((s) => s === qualifier);
  return fromAlias ?? parseAlarmName(alarmName, prefix).severity ?? 'page';
}

/** The Lambda entry: on a failure, its stack in source terms before Lambda retries and falls back to the raw event. */
export async function handler(event: AlarmStateChangeEvent, context?: InvocationContext): Promise<NotifierResult> {
  try {
    return await notify(event, context);
  } catch (error) {
    console.error(JSON.stringify({ level: 'ERROR', message: 'notification failed', alarmName: event.detail?.alarmName, stack: redact(sourceMappedStack(error)) }));
    throw error;
  }
}

async function notify(event: AlarmStateChangeEvent, context?: InvocationContext): Promise<NotifierResult> {
  const prefix = env(NOTIFIER_PREFIX_ENV);
  const topics = JSON.parse(env(NOTIFIER_TOPICS_ENV)) as Record<string, string>;
  const { detail } = event;
  const skipped = skipReason(detail);
  if (skipped !== null) {
    console.log(JSON.stringify({ level: 'INFO', message: 'notification skipped', alarmName: detail.alarmName, reason: skipped }));
    return { skipped };
  }
  const severity = severityOf(context, detail.alarmName, prefix);
  const topic = topics[severity];
  if (topic === undefined) throw new Error(`notifier: no topic for severity ${severity} in ${NOTIFIER_TOPICS_ENV}`);

  logs ??= new CloudWatchLogsClient({});
  sns ??= new SNSClient({});
  const logGroup = env(NOTIFIER_LOG_GROUP_ENV);
  let runs: RunLogLine[] | null = null;
  let logsError: string | undefined;
  try {
    runs = await readRuns(logs, logGroup, Date.now());
  } catch (error) {
    logsError = redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  const timestamp = detail.state.timestamp ?? event.time ?? new Date().toISOString();
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
    ...(logsError !== undefined ? { logsError } : {}),
    ...(region !== undefined && dashboard !== undefined && dashboard !== '' ? { dashboardUrl: dashboardUrl(region, dashboard) } : {}),
    ...(region !== undefined ? { insightsUrl: (server: string) => insightsUrl(region, logGroup, server) } : {}),
  });
  // One publish, two renderings: e-mail subscribers get the plain text, chat (Amazon Q, an https subscriber)
  // gets the custom-notification JSON under "default".
  await sns.send(new PublishCommand({
    TopicArn: topic,
    Subject: message.subject,
    MessageStructure: 'json',
    Message: JSON.stringify({ default: JSON.stringify(message.chat), email: message.text }),
  }));
  console.log(JSON.stringify({ level: 'INFO', message: 'notification published', alarmName: detail.alarmName, severity, subject: message.subject }));
  return { published: message, topic };
}
