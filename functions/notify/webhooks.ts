// The notifier's message (message.ts) in the body each local channel takes. Pure: the caller posts it.
// - Slack incoming webhooks take `text` in mrkdwn (api.slack.com/messaging/webhooks).
// - Microsoft Teams: Office 365 connectors are retired; a Workflows "post to a channel when a webhook request is
//   received" takes a message with an Adaptive Card attachment (learn.microsoft.com, "Create incoming webhooks with
//   Workflows for Microsoft Teams").
// - PagerDuty Events API v2: trigger on ALARM, resolve on OK, one incident per alarm by dedup_key
//   (developer.pagerduty.com/docs/events-api-v2/trigger-events); summary at most 1024 characters.
// - A generic webhook gets one JSON document: the alarm, its state and the message in both media.
import type { LocalChannelKind } from '../config/schema';
import type { Severity } from '../contract';
import type { AlarmChange, Message } from './message';
import { forEmail } from './untrusted';

const PAGERDUTY_SUMMARY_MAX = 1024;

interface WebhookInput {
  readonly change: AlarmChange;
  readonly severity: Severity;
  readonly server: string;
  readonly message: Message;
  /** The org probed, the incident's source. */
  readonly orgUrl: string | undefined;
}

/** The JSON body for a channel of `kind`; pagerduty also takes its routing key. */
export function webhookBody(kind: LocalChannelKind, input: WebhookInput, routingKey?: string): unknown {
  const { change, message, severity, server } = input;
  switch (kind) {
    case 'slack':
      return slackBody(message.chat.content);
    case 'teams':
      return teamsBody(message.chat.content);
    case 'pagerduty':
      return pagerDutyBody(input, routingKey);
    case 'webhook':
      return {
        source: 'okta-synthetics',
        alarmName: change.alarmName,
        server,
        severity,
        state: change.state,
        timestamp: change.timestamp,
        subject: message.subject,
        text: message.text,
        chat: message.chat,
      };
  }
}

type ChatContent = Message['chat']['content'];

function slackBody({ title, description, nextSteps }: ChatContent): unknown {
  return {
    text: [
      `*${title}*`,
      description,
      ...(nextSteps !== undefined && nextSteps.length > 0
        ? ['*Next steps*', ...nextSteps.map((step) => `• ${step}`)]
        : []),
    ].join('\n'),
  };
}

function teamsBody({ title, description, nextSteps }: ChatContent): unknown {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: description, wrap: true },
            ...(nextSteps !== undefined && nextSteps.length > 0
              ? [{ type: 'TextBlock', text: nextSteps.map((step) => `- ${step}`).join('\n'), wrap: true }]
              : []),
          ],
        },
      },
    ],
  };
}

/** An incident triggered on ALARM, resolved on OK: one per alarm, by its name. */
function pagerDutyBody({ change, message, severity, server, orgUrl }: WebhookInput, routingKey?: string): unknown {
  return {
    routing_key: routingKey,
    event_action: change.state === 'OK' ? 'resolve' : 'trigger',
    dedup_key: change.alarmName,
    ...(change.state === 'OK'
      ? {}
      : {
          payload: {
            summary: message.subject.slice(0, PAGERDUTY_SUMMARY_MAX),
            source: hostOf(orgUrl) ?? 'okta-synthetics',
            severity: severity === 'page' ? 'critical' : 'warning',
            timestamp: change.timestamp,
            // The server is read from the alarm's name, which anyone allowed PutMetricAlarm chooses: shown as data.
            component: forEmail(server),
            group: 'okta-synthetics',
            custom_details: { text: message.text },
          },
        }),
  };
}

function hostOf(url: string | undefined): string | undefined {
  return url === undefined ? undefined : (URL.parse(url)?.host ?? undefined);
}
