// The notifier Lambda: EventBridge "CloudWatch Alarm State Change" of a page or warn composite -> one message
// with the diagnosis, published to the topic of the alarm's severity. Thin: the message is built by
// functions/notify/message.ts. Reading the logs is bounded in time, pages and bytes; when it fails the message
// still goes out with the alarm's own reason (the composite's own SNS action has already sent the raw alarm).
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { NOTIFIER_DASHBOARD_URL_ENV, NOTIFIER_LOG_GROUP_ENV, NOTIFIER_PREFIX_ENV, NOTIFIER_TOPICS_ENV, RUN_LOG_MESSAGE, type RunLogLine } from '../contract';
import { buildMessage, parseAlarmName, type Message } from '../notify/message';
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
    readonly state: { readonly value: string; readonly reason?: string; readonly timestamp?: string };
    readonly previousState?: { readonly value: string; readonly timestamp?: string };
  };
}

let logs: CloudWatchLogsClient | undefined;
let sns: SNSClient | undefined;

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`notifier: environment variable ${name} is not set (a deployment bug)`);
  return value;
}

export async function readRuns(client: CloudWatchLogsClient, logGroupName: string, now: number): Promise<RunLogLine[]> {
  const runs: RunLogLine[] = [];
  let bytes = 0;
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES && bytes < MAX_LOG_BYTES; page += 1) {
    const out = await client.send(new FilterLogEventsCommand({
      logGroupName,
      startTime: now - LOOKBACK_MS,
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

export async function handler(event: AlarmStateChangeEvent): Promise<Message> {
  const prefix = env(NOTIFIER_PREFIX_ENV);
  const topics = JSON.parse(env(NOTIFIER_TOPICS_ENV)) as Record<string, string>;
  const { detail } = event;
  const { severity } = parseAlarmName(detail.alarmName, prefix);
  const topic = topics[severity ?? 'page'] ?? topics.page;
  if (topic === undefined) throw new Error(`notifier: no topic for severity ${severity ?? 'page'} in ${NOTIFIER_TOPICS_ENV}`);

  logs ??= new CloudWatchLogsClient({});
  sns ??= new SNSClient({});
  let runs: RunLogLine[] | null = null;
  let logsError: string | undefined;
  try {
    runs = await readRuns(logs, env(NOTIFIER_LOG_GROUP_ENV), Date.now());
  } catch (error) {
    logsError = redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  const timestamp = detail.state.timestamp ?? event.time ?? new Date().toISOString();
  const dashboardUrl = process.env[NOTIFIER_DASHBOARD_URL_ENV];
  const message = buildMessage({
    change: {
      alarmName: detail.alarmName,
      state: detail.state.value,
      reason: detail.state.reason ?? '',
      timestamp,
      ...(detail.previousState?.timestamp !== undefined ? { previousTimestamp: detail.previousState.timestamp } : {}),
    },
    prefix,
    runs,
    ...(logsError !== undefined ? { logsError } : {}),
    ...(dashboardUrl !== undefined && dashboardUrl !== '' ? { dashboardUrl } : {}),
  });
  await sns.send(new PublishCommand({ TopicArn: topic, Subject: message.subject, Message: message.text }));
  return message;
}
