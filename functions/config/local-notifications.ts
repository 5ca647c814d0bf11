// `localNotifications`: where `run --history` (cron, or `run --every`) sends its own alarms when there is no AWS
// stack: Slack and Teams incoming webhooks, PagerDuty Events v2 and a generic JSON webhook. A webhook URL
// or a routing key lets anyone post into the channel or open an incident, and config files get committed, so each
// is written as a `${VAR}` reference, kept unexpanded in the parsed config and read from the environment only when
// a notification is sent. The stack never reads this field: it has `chat` and `alarmEndpoints`.
import { SEVERITIES, type Severity } from '../contract';
import { checkUnknownFields, isObject, readDeclared, typeName, type Json, type Problems } from './readers';
import { readSeverities } from './routing';
import { LOCAL_CHANNEL_KINDS, TOP_SCHEMA, type LocalChannel, type LocalChannelKind } from './schema';

/** PagerDuty's Events API v2 (developer.pagerduty.com, "Send an Alert Event"); EU accounts write their own `url`. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

const LOCAL_NOTIFICATIONS_EXAMPLE =
  '[{ "kind": "slack", "url": "${SLACK_WEBHOOK_URL}" }, { "kind": "pagerduty", "routingKey": ' +
  '"${PAGERDUTY_ROUTING_KEY}", "severities": ["page"] }]';

/** A channel's declared fields. */
const CHANNEL_FIELDS = TOP_SCHEMA.localNotifications.items.properties;
/** The field holding the secret, per kind. */
const SECRET_FIELD: Readonly<Record<LocalChannelKind, 'url' | 'routingKey'>> = {
  slack: 'url',
  teams: 'url',
  webhook: 'url',
  pagerduty: 'routingKey',
};

/** Reads `localNotifications` from the file as written (before `${VAR}` expansion). Never reads the variables. */
export function readLocalNotifications(file: Json, problems: Problems): LocalChannel[] {
  const value = file.localNotifications;
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(
      'localNotifications',
      `expected an array of channels like ${LOCAL_NOTIFICATIONS_EXAMPLE}, got ${typeName(value)}`,
    );
    return [];
  }
  return value.flatMap((item: unknown, index): LocalChannel[] =>
    readChannel(item, `localNotifications[${index}]`, problems),
  );
}

/** One channel: its kind, the variable its secret is read from, and the severities it gets; none when any is wrong. */
function readChannel(item: unknown, at: string, problems: Problems): LocalChannel[] {
  if (!isObject(item)) {
    problems.add(
      at,
      `expected an object like ${LOCAL_NOTIFICATIONS_EXAMPLE.slice(1, LOCAL_NOTIFICATIONS_EXAMPLE.indexOf('},') + 1)}, ` +
        `got ${typeName(item)}`,
    );
    return [];
  }
  const kind = readDeclared(item, CHANNEL_FIELDS, 'kind', problems, {
    parent: at,
    what: `the channel's kind, one of ${LOCAL_CHANNEL_KINDS.join(', ')}`,
  });
  if (kind === undefined) return [];
  const channelKind = kind;
  const secretField = SECRET_FIELD[channelKind];
  checkUnknownFields(
    item,
    ['_comment', 'kind', secretField, 'severities', ...(channelKind === 'pagerduty' ? ['url'] : [])],
    at,
    problems,
  );
  const before = problems.list.length;
  const variable = readReference(item, secretField, at, channelKind, problems);
  const url = channelKind === 'pagerduty' ? readEventsUrl(item, at, problems) : undefined;
  const severities = readSeverities(item, at, problems);
  if (problems.list.length > before || variable === undefined) return [];
  return [
    {
      kind: channelKind,
      variable,
      ...(url !== undefined && { url }),
      severities: (severities ?? [...SEVERITIES]) as Severity[],
    },
  ];
}

/**
 * The variable a `${VAR}` field names, read by the routing key's declaration (a webhook's `url` holds the same kind
 * of reference). The value itself is never quoted back: it may be the secret.
 */
function readReference(
  item: Json,
  field: 'url' | 'routingKey',
  at: string,
  kind: LocalChannelKind,
  problems: Problems,
) {
  const what = kind === 'pagerduty' ? "the integration's routing key" : 'the webhook URL';
  const example = kind === 'pagerduty' ? '${PAGERDUTY_ROUTING_KEY}' : `\${${kind.toUpperCase()}_WEBHOOK_URL}`;
  const reference = readDeclared(item, { [field]: CHANNEL_FIELDS.routingKey }, field, problems, {
    parent: at,
    what: `${what}, as a reference to an environment variable, e.g. "${example}"`,
    advice: () =>
      `must be a reference to an environment variable such as "${example}", not the value: ${what} lets ` +
      `anyone post to the channel, and configuration files get committed`,
  });
  return reference?.slice(2, -1);
}

/** Where a notification may be posted: https, or plain http to this machine (a local relay, the tests' receiver). */
export function postableUrl(text: string): URL | null {
  const url = URL.parse(text);
  if (url === null) return null;
  return url.protocol === 'https:' ||
    (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    ? url
    : null;
}

const EVENTS_URL_ADVICE =
  `expected the https address of PagerDuty's Events API v2, e.g. "${PAGERDUTY_EVENTS_URL}" (EU service ` +
  `region: "https://events.eu.pagerduty.com/v2/enqueue")`;

/**
 * A pagerduty channel's Events API address, by its declaration (a URL the probe may call: https, or plain http to
 * this machine; no user or password), and an address, where the declaration also takes a webhook's `${VAR}`.
 */
function readEventsUrl(item: Json, at: string, problems: Problems): string | undefined {
  if (item.url === undefined) return PAGERDUTY_EVENTS_URL;
  const url = readDeclared(item, CHANNEL_FIELDS, 'url', problems, {
    parent: at,
    refuse: (value) => (typeof value === 'string' && value.trim() !== '' ? undefined : EVENTS_URL_ADVICE),
    advice: () => EVENTS_URL_ADVICE,
    check: (value) => (postableUrl(value) === null ? EVENTS_URL_ADVICE : undefined),
  });
  return url === undefined ? undefined : new URL(url).href;
}
