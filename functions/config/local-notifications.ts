// `localNotifications`: where `run --history` (cron, or `run --every`) sends its own alarms when there is no AWS
// stack: Slack and Teams incoming webhooks, PagerDuty Events v2 and a generic JSON webhook. A webhook URL
// or a routing key lets anyone post into the channel or open an incident, and config files get committed, so each
// is written as a `${VAR}` reference, kept unexpanded in the parsed config and read from the environment only when
// a notification is sent. The stack never reads this field: it has `chat` and `alarmEndpoints`.
import { SEVERITIES, type Severity } from '../contract';
import { isObject, readDeclared, readLevel, typeName, type AdvisedOptions, type Json, type Problems } from './readers';
import { SEVERITIES_READ } from './routing';
import { LOCAL_CHANNEL_KINDS, TOP_SCHEMA, type LocalChannel, type LocalChannelKind } from './schema';

/** PagerDuty's Events API v2 (developer.pagerduty.com, "Send an Alert Event"); EU accounts write their own `url`. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

const LOCAL_NOTIFICATIONS_EXAMPLE =
  '[{ "kind": "slack", "url": "${SLACK_WEBHOOK_URL}" }, { "kind": "pagerduty", "routingKey": ' +
  '"${PAGERDUTY_ROUTING_KEY}", "severities": ["page"] }]';

/** A channel's declared fields. */
const CHANNEL_FIELDS = TOP_SCHEMA.localNotifications.items.properties;

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

/**
 * The fields each kind takes, in the order an unknown field's message names them: a webhook's (slack, teams, webhook)
 * `url` is the reference to its secret, as a pagerduty channel's `routingKey` is, which reads by its declaration;
 * a pagerduty channel's `url` is the Events API's address.
 */
const WEBHOOK_FIELDS = {
  _comment: CHANNEL_FIELDS._comment,
  kind: CHANNEL_FIELDS.kind,
  url: CHANNEL_FIELDS.routingKey,
  severities: CHANNEL_FIELDS.severities,
} as const;
const PAGERDUTY_FIELDS = {
  _comment: CHANNEL_FIELDS._comment,
  kind: CHANNEL_FIELDS.kind,
  routingKey: CHANNEL_FIELDS.routingKey,
  severities: CHANNEL_FIELDS.severities,
  url: CHANNEL_FIELDS.url,
} as const;

/**
 * One channel: its kind, then the fields that kind takes read as one level (the variable its secret is read from,
 * the severities it gets); none when any is wrong. A channel of no kind is read no further.
 */
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
  const before = problems.list.length;
  const read = kind === 'pagerduty' ? readPagerDuty(item, at, problems) : readWebhook(item, at, kind, problems);
  const variable = read.reference?.slice(2, -1);
  if (problems.list.length > before || variable === undefined) return [];
  return [
    {
      kind,
      variable,
      ...(read.url !== undefined && { url: read.url }),
      severities: [...(read.severities ?? SEVERITIES)],
    },
  ];
}

/** A channel's fields as read: the `${VAR}` of its secret, a pagerduty channel's address, its severities. */
interface ChannelRead {
  readonly reference?: string;
  readonly url?: string;
  readonly severities?: readonly Severity[];
}

/** A slack, teams or webhook channel's fields: its `url` is the reference to the webhook's URL. */
function readWebhook(item: Json, at: string, kind: LocalChannelKind, problems: Problems): ChannelRead {
  const { url, severities } = readLevel(item, WEBHOOK_FIELDS, problems, {
    parent: at,
    fields: { kind: 'own', url: referenceRead(kind), severities: SEVERITIES_READ },
  });
  return { reference: url, severities };
}

/** A pagerduty channel's fields: its routing key's reference, and the Events API's address, by default PagerDuty's. */
function readPagerDuty(item: Json, at: string, problems: Problems): ChannelRead {
  const read = readLevel(item, PAGERDUTY_FIELDS, problems, {
    parent: at,
    fields: { kind: 'own', routingKey: referenceRead('pagerduty'), severities: SEVERITIES_READ, url: EVENTS_URL_READ },
  });
  const url =
    read.url === undefined ? (item.url === undefined ? PAGERDUTY_EVENTS_URL : undefined) : new URL(read.url).href;
  return { reference: read.routingKey, url, severities: read.severities };
}

/**
 * How a `${VAR}` field is read, the variable its secret is read from: the value itself is never quoted back, it may
 * be the secret.
 */
function referenceRead(kind: LocalChannelKind): AdvisedOptions {
  const what = kind === 'pagerduty' ? "the integration's routing key" : 'the webhook URL';
  const example = kind === 'pagerduty' ? '${PAGERDUTY_ROUTING_KEY}' : `\${${kind.toUpperCase()}_WEBHOOK_URL}`;
  return {
    what: `${what}, as a reference to an environment variable, e.g. "${example}"`,
    advice: () =>
      `must be a reference to an environment variable such as "${example}", not the value: ${what} lets ` +
      `anyone post to the channel, and configuration files get committed`,
  };
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
 * How a pagerduty channel's Events API address is read: by its declaration (a URL the probe may call: https, or plain
 * http to this machine; no user or password), and an address to post to, where the declaration also takes a
 * webhook's `${VAR}`.
 */
const EVENTS_URL_READ: AdvisedOptions = {
  refuse: (value) => (typeof value === 'string' && value.trim() !== '' ? undefined : EVENTS_URL_ADVICE),
  advice: () => EVENTS_URL_ADVICE,
  check: (value) => (postableUrl(value) === null ? EVENTS_URL_ADVICE : undefined),
};
