// Where alarms go, as configured: https endpoints per severity (PagerDuty, Opsgenie, webhooks) and chat channels
// (Amazon Q Developer in chat applications), each checked in the forms CloudFormation accepts.
import { SEVERITIES, type Severity } from '../contract';
import { TOP_SCHEMA, type AlarmEndpoint, type ChatSettings, type SlackChannel, type TeamsChannel } from './schema';
import {
  isObject,
  readDeclaredItem,
  readLevel,
  typeName,
  urlAdvice,
  urlProblem,
  type Declared,
  type FieldOptions,
  type Json,
  type Problems,
} from './readers';

/** An endpoint named by the secret that holds its URL: `{ "secretName": "..." }`. */
const BY_SECRET = TOP_SCHEMA.alarmEndpoints.properties.page.items.oneOf[1].properties;
/** An endpoint written as its https URL. */
const BY_URL = TOP_SCHEMA.alarmEndpoints.properties.page.items.oneOf[0];

const ENDPOINT_EXAMPLE = '{ "page": ["https://events.pagerduty.com/..."], "warn": [] }';

export function readAlarmEndpoints(raw: Json, problems: Problems): Record<Severity, AlarmEndpoint[]> {
  const none = { page: [], warn: [] };
  const value = raw.alarmEndpoints;
  if (value === undefined) return none;
  if (!isObject(value)) {
    problems.add('alarmEndpoints', `expected an object like ${ENDPOINT_EXAMPLE}, got ${typeName(value)}`);
    return none;
  }
  // Each severity's list is read by its own reader: an entry is a URL or an object naming a secret.
  readLevel(value, TOP_SCHEMA.alarmEndpoints.properties, problems, {
    parent: 'alarmEndpoints',
    fields: { page: 'own', warn: 'own' },
  });
  const read = (severity: Severity): AlarmEndpoint[] => {
    const list = value[severity];
    const path = `alarmEndpoints.${severity}`;
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      problems.add(path, `expected an array of https URLs or { "secretName": "..." } objects, got ${typeName(list)}`);
      return [];
    }
    return list.flatMap((item: unknown, index): AlarmEndpoint[] => {
      const at = `${path}[${index}]`;
      if (isObject(item)) {
        const { secretName } = readLevel(item, BY_SECRET, problems, {
          parent: at,
          fields: { secretName: { what: 'the name or ARN of a Secrets Manager secret whose value is the https URL' } },
        });
        return secretName === undefined ? [] : [{ kind: 'secret', secretName }];
      }
      const written = readDeclaredItem(item, at, BY_URL, problems, {
        // Neither form: named with both, and an empty string as no URL.
        refuse: (value) =>
          typeof value !== 'string'
            ? `expected a URL string or { "secretName": "..." }, got ${typeName(value)}`
            : value.trim() === ''
              ? urlProblem(value)
              : undefined,
        // The declared https URL; the rule the value broke, said as readUrl says it, SNS's own after it.
        advice: (value) =>
          urlProblem(value) ?? (new URL(value).protocol === 'https:' ? urlAdvice(value) : SNS_HTTPS_ONLY),
        check: urlProblem,
      });
      if (written === undefined) return [];
      const url = new URL(written);
      if (carriesKey(url)) {
        problems.add(
          at,
          'this URL carries an integration key, which would be written into the CloudFormation template: ' +
            'store the URL in Secrets Manager and write { "secretName": "<its name>" } instead',
        );
        return [];
      }
      return [{ kind: 'url', url: url.href }];
    });
  };
  return { page: read('page'), warn: read('warn') };
}

const SNS_HTTPS_ONLY = 'SNS delivers only to https endpoints; use the https address of the integration';

/** PagerDuty's /integration/<key>/enqueue, or a key or token in the query (Opsgenie's ?apiKey=). */
function carriesKey(url: URL): boolean {
  if (/\/integration\/[^/]{16,}\//.test(url.pathname)) return true;
  return [...url.searchParams.keys()].some((key) => /key|token|secret|signature|sig|auth|code/i.test(key));
}

const CHAT_EXAMPLE = '{ "slack": [{ "workspaceId": "T0123ABCD", "channelId": "C0123ABCD" }] }';

export function readChat(raw: Json, problems: Problems): ChatSettings {
  const none = { slack: [], teams: [] };
  const value = raw.chat;
  if (value === undefined) return none;
  if (!isObject(value)) {
    problems.add('chat', `expected an object like ${CHAT_EXAMPLE}, got ${typeName(value)}`);
    return none;
  }
  // Each platform's list is read by its own reader, one channel a level.
  readLevel(value, TOP_SCHEMA.chat.properties, problems, { parent: 'chat', fields: { slack: 'own', teams: 'own' } });
  const slack = readChannels(value, 'slack', problems, {
    what: {
      workspaceId:
        'the Slack workspace id (T...), shown in the Amazon Q Developer console after the workspace is authorized',
      channelId: 'the Slack channel id (C...): in Slack, channel details > About, at the bottom',
    },
  }) as unknown as SlackChannel[];
  const teams = readChannels(value, 'teams', problems, {
    what: {
      teamId: 'the Microsoft Teams team id, shown in the Amazon Q Developer console after the team is authorized',
      channelId:
        'the Teams channel id: from the channel\'s "Get link to channel" URL, the part after /channel/ (URL-decoded)',
      tenantId: 'the Microsoft Entra tenant id of the team',
    },
  }) as unknown as TeamsChannel[];
  // Amazon Q wants the Teams channel id URL-encoded, as it appears in the channel's link; people copy either form.
  return {
    slack,
    teams: teams.map((t) => ({
      ...t,
      channelId: t.channelId.includes('%') ? t.channelId : encodeURIComponent(t.channelId),
    })),
  };
}

/** One platform's channels, each with its ids in the form CloudFormation takes and the severities it gets. */
function readChannels(
  chat: Json,
  platform: 'slack' | 'teams',
  problems: Problems,
  { what }: { what: Record<string, string> },
): Json[] {
  // Each channel's ids are the declared required fields: CloudFormation refuses a channel without any of them.
  const declared = TOP_SCHEMA.chat.properties[platform].items;
  const fields: readonly string[] = declared.required;
  const properties: Declared = declared.properties;
  const list = chat[platform];
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    problems.add(`chat.${platform}`, `expected an array of channels, got ${typeName(list)}`);
    return [];
  }
  return list.flatMap((item: unknown, index) => {
    const at = `chat.${platform}[${index}]`;
    if (!isObject(item)) {
      problems.add(at, `expected an object with ${fields.join(', ')}, got ${typeName(item)}`);
      return [];
    }
    const before = problems.list.length;
    const idRead = (field: string): FieldOptions => ({
      what: what[field] ?? field,
      ...(CHAT_ID_CHECKS[`${platform}.${field}`] !== undefined && { check: CHAT_ID_CHECKS[`${platform}.${field}`] }),
    });
    const { severities, ...read } = readLevel(item, properties, problems, {
      parent: at,
      fields: { ...Object.fromEntries(fields.map((field) => [field, idRead(field)])), severities: SEVERITIES_READ },
    });
    if (problems.list.length > before) return [];
    return [{ ...read, severities: severities ?? [...SEVERITIES] }];
  });
}

export const GUID = /^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;

/** The forms CloudFormation accepts for the chat ids (AWS::Chatbot schemas), each with where to find the right one. */
const CHAT_ID_CHECKS: Record<string, (value: string) => string | undefined> = {
  'slack.workspaceId': (v) =>
    /^[0-9A-Z]+$/.test(v)
      ? undefined
      : `"${v}" is not a Slack workspace id: capital letters and digits, like T0123ABCD (Amazon Q Developer ` +
        `console > Configured clients > Slack)`,
  'slack.channelId': (v) =>
    /^[0-9A-Z]+$/.test(v)
      ? undefined
      : `"${v}" is not a Slack channel id: capital letters and digits, like C0123ABCD (not the #name; channel ` +
        `details > About)`,
  'teams.teamId': (v) =>
    GUID.test(v)
      ? undefined
      : `"${v}" is not a Teams team id: a GUID like 00000000-0000-0000-0000-000000000000 (the groupId in the ` +
        `channel's link)`,
  'teams.tenantId': (v) =>
    GUID.test(v) ? undefined : `"${v}" is not a Microsoft Entra tenant id: a GUID (the tenantId in the channel's link)`,
  'teams.channelId': (v) =>
    /^[\w\-=+/.,]*(:|%3[aA])[\w\-=+/.,]*(@|%40)[\w\-=+/.,]*$/.test(v)
      ? undefined
      : `"${v}" is not a Teams channel id: like 19:abc123@thread.tacv2 (or URL-encoded, ` +
        `19%3aabc123%40thread.tacv2), from the channel's "Get link to channel"`,
};

/** How a channel's table reads `severities`: which of page and warn reach it (absent: the caller's default). */
export const SEVERITIES_READ: FieldOptions = {
  advice: (severity) => `"${severity}" is not a severity; use "page" or "warn"`,
};
