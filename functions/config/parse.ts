// The one JSON configuration file read by the CLI (mode "cli"), the CDK stack ("deploy") and the Lambda
// ("lambda"). Validated by hand so every message names the exact field, the rule broken and the fix, and
// so all problems come back at once instead of one per edit-run cycle.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_NAMESPACE, DEFAULTS, MANAGEMENT_PATHS, ORG_SERVER_ID, SEVERITIES, STATUS_SERVER, type Severity } from '../contract';
import type { AuthorizeConfig, CredentialSource, ManagementApiConfig, ProbeConfig, ServerConfig } from '../types';

export type ConfigMode = 'cli' | 'deploy' | 'lambda';

export interface DeploySettings {
  /** Addresses subscribed to the alarm topic. @default [] */
  readonly alarmEmails: readonly string[];
  /** Minutes between probe runs. @default 1 */
  readonly scheduleMinutes: number;
  /** AWS regions to deploy the probe to, one stack each (probing from several places tells "Okta is down" from "our region is down"). @default [] = the CLI's default region */
  readonly regions: readonly string[];
  /** CloudWatch namespace. @default defaultNamespace(prefix): DEFAULT_NAMESPACE, or DEFAULT_NAMESPACE/prefix for another prefix */
  readonly namespace: string;
  /** Prefix of alarm, secret and resource names. @default 'okta-synthetics' */
  readonly prefix: string;
  /**
   * Reserved concurrency of the probe function, or null for none. Off by default: reserving any fails the deploy in
   * accounts whose concurrency quota is below 100 + the reservation (new accounts have 10 or 50), and the timeout
   * below the schedule period already keeps runs from overlapping. Set 1 to guarantee the probe a slot when other
   * functions exhaust the account's concurrency. @default null
   */
  readonly reservedConcurrency: number | null;
  /**
   * https endpoints subscribed to each severity's alarm topic, which carries CloudWatch's own alarm JSON (the format
   * PagerDuty, Opsgenie and webhooks parse). A URL holding an integration key comes from Secrets Manager. @default none
   */
  readonly alarmEndpoints: Readonly<Record<Severity, readonly AlarmEndpoint[]>>;
  /** Slack and Microsoft Teams channels (Amazon Q Developer in chat applications) that receive the diagnosis messages. @default none */
  readonly chat: ChatSettings;
}

/** Where an alarm endpoint's URL comes from: written in the config, or resolved from a secret at deploy time. */
export type AlarmEndpoint = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'secret'; readonly secretName: string };

export interface SlackChannel {
  readonly workspaceId: string;
  readonly channelId: string;
  readonly severities: readonly Severity[];
}

export interface TeamsChannel {
  readonly teamId: string;
  readonly channelId: string;
  readonly tenantId: string;
  readonly severities: readonly Severity[];
}

export interface ChatSettings {
  readonly slack: readonly SlackChannel[];
  readonly teams: readonly TeamsChannel[];
}

export interface LoadedConfig {
  readonly probe: ProbeConfig;
  readonly deploy: DeploySettings;
}

export type ConfigResult = { ok: true; config: LoadedConfig } | { ok: false; errors: string[] };

/** Defaults of the stack-only settings. */
export const DEPLOY_DEFAULTS = {
  /** One probe cycle a minute: alarms within minutes, well under Okta's per-minute token limits. */
  scheduleMinutes: 1,
  /** Default resource prefix; also the first part of the secret names the stack creates. */
  prefix: 'okta-synthetics',
} as const;

export type AuthMethod = 'private_key_jwt' | 'client_secret_basic';
const AUTH_METHODS: readonly AuthMethod[] = ['private_key_jwt', 'client_secret_basic'];

/**
 * The namespace of a deployment that names none. The metrics carry the server id as their only dimension ("org",
 * "default"), the same in every org: two deployments (prod and preview orgs, each with its own prefix) writing
 * to one namespace would mix their datapoints and alarm on each other's. A prefix of its own gets a namespace of
 * its own; the default prefix keeps the plain one.
 */
export function defaultNamespace(prefix: string): string {
  return prefix === DEPLOY_DEFAULTS.prefix ? DEFAULT_NAMESPACE : `${DEFAULT_NAMESPACE}/${prefix}`;
}

/** Name of the Secrets Manager secret the stack creates for a server without `secretName`. */
export function defaultSecretName(prefix: string, serverId: string): string {
  return `${prefix}/${serverId}`;
}

const TOP_FIELDS = [
  '$schema',
  '_comment',
  'orgUrl',
  'statusPageUrl',
  'timeoutMs',
  'rateLimitWarnPercent',
  'clockSkewWarnSeconds',
  'alarmEmails',
  'scheduleMinutes',
  'regions',
  'namespace',
  'prefix',
  'reservedConcurrency',
  'alarmEndpoints',
  'chat',
  'servers',
] as const;
const LOCAL_CREDENTIAL_FIELDS = ['privateKeyFile', 'privateKeyEnv', 'clientSecret', 'clientSecretEnv'] as const;
type LocalCredentialField = (typeof LOCAL_CREDENTIAL_FIELDS)[number];
const SERVER_FIELDS = [
  '_comment',
  'id',
  'clientId',
  'keyId',
  'scopes',
  'audience',
  'issuer',
  'requiredClaims',
  'authorize',
  'managementApi',
  ...LOCAL_CREDENTIAL_FIELDS,
  'secretName',
  'authMethod',
] as const;
const AUTHORIZE_FIELDS = ['_comment', 'clientId', 'redirectUri', 'scopes'] as const;

const ACCEPTED_CREDENTIALS: Record<ConfigMode, string> = {
  cli: 'privateKeyFile or privateKeyEnv (private_key_jwt), clientSecret or clientSecretEnv (client_secret_basic)',
  deploy: 'authMethod ("private_key_jwt" or "client_secret_basic"), optionally with secretName (an existing secret)',
  lambda: 'secretName with authMethod ("private_key_jwt" or "client_secret_basic")',
};

type Json = Record<string, unknown>;

/** Collects "path: message" lines; the validator never stops at the first problem. */
class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(path ? `${path}: ${message}` : message);
  }
}

export function parseConfig(
  raw: unknown,
  opts: { mode: ConfigMode; baseDir: string; env?: NodeJS.ProcessEnv; readCredentials?: boolean },
): ConfigResult {
  const problems = new Problems();
  if (!isObject(raw)) {
    problems.add('', `the configuration must be a JSON object ({ "orgUrl": ..., "servers": [...] }), got ${typeName(raw)}`);
    return { ok: false, errors: problems.list };
  }
  checkUnknownFields(raw, TOP_FIELDS, '', problems, topLevelHint);

  const ctx: Ctx = { mode: opts.mode, baseDir: opts.baseDir, env: opts.env ?? process.env, readCredentials: opts.readCredentials ?? true, problems };
  const orgUrl = readOrgUrl(raw, problems);
  const statusPageUrl = readStatusPageUrl(raw, problems);
  const timeoutMs = readNumber(raw, 'timeoutMs', problems, { min: 100, max: 60_000, integer: true, unit: 'ms' }) ?? DEFAULTS.timeoutMs;
  const rateLimitWarnPercent =
    readNumber(raw, 'rateLimitWarnPercent', problems, { min: 0, max: 100, unit: 'percent' }) ?? DEFAULTS.rateLimitWarnPercent;
  const clockSkewWarnSeconds =
    readNumber(raw, 'clockSkewWarnSeconds', problems, { min: 1, max: 3600, unit: 'seconds' }) ?? DEFAULTS.clockSkewWarnSeconds;
  const deploy = readDeploySettings(raw, problems);
  const servers = readServers(raw, ctx, deploy.prefix);

  if (problems.list.length > 0 || orgUrl === undefined || servers === undefined) {
    return { ok: false, errors: problems.list };
  }
  const probe: ProbeConfig = { orgUrl, statusPageUrl, timeoutMs, rateLimitWarnPercent, clockSkewWarnSeconds, servers };
  return { ok: true, config: { probe, deploy } };
}

export function loadConfigFile(path: string, mode: ConfigMode, env?: NodeJS.ProcessEnv, options: { readCredentials?: boolean } = {}): ConfigResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`${path}: cannot read the configuration file (${errnoText(error)})`] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [describeJsonError(path, text, error)] };
  }
  return parseConfig(raw, { mode, baseDir: resolve(path, '..'), env, ...options });
}

/**
 * The file-shape JSON the stack hands the Lambda: probe settings plus the namespace, each server's
 * credential replaced by { secretName: <ARN>, authMethod }. Throws when a server has no secret: that is a
 * bug in the caller (the stack), not a user error.
 */
export function toLambdaConfigJson(config: LoadedConfig, secretIds: ReadonlyMap<string, string>): string {
  const { probe, deploy } = config;
  const servers = probe.servers.map((server) => {
    const { credential } = server;
    if (credential.kind !== 'secrets_manager') {
      throw new Error(`toLambdaConfigJson: server "${server.id}" has a local credential; load the config in deploy mode`);
    }
    const secretName = secretIds.get(server.id) ?? credential.secretId;
    if (secretName === undefined) {
      throw new Error(`toLambdaConfigJson: no secret id given for server "${server.id}"`);
    }
    return {
      id: server.id,
      clientId: server.clientId,
      ...(server.keyId !== undefined ? { keyId: server.keyId } : {}),
      scopes: server.scopes,
      ...(server.audience !== undefined ? { audience: server.audience } : {}),
      ...(server.issuer !== undefined ? { issuer: server.issuer } : {}),
      requiredClaims: server.requiredClaims,
      ...(server.authorize !== undefined ? { authorize: server.authorize } : {}),
      ...(server.managementApi !== undefined ? { managementApi: server.managementApi } : {}),
      secretName,
      authMethod: credential.secretKind,
    };
  });
  const file = {
    orgUrl: probe.orgUrl,
    statusPageUrl: probe.statusPageUrl,
    timeoutMs: probe.timeoutMs,
    rateLimitWarnPercent: probe.rateLimitWarnPercent,
    clockSkewWarnSeconds: probe.clockSkewWarnSeconds,
    namespace: deploy.namespace,
    prefix: deploy.prefix,
    servers,
  };
  return JSON.stringify(file);
}

export function formatConfigErrors(errors: readonly string[], file?: string): string {
  const where = file === undefined ? 'the configuration' : file;
  const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
  return [`${where}: ${count}`, ...errors.map((e) => `  - ${e}`)].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Top level

function readOrgUrl(raw: Json, problems: Problems): string | undefined {
  if (raw.orgUrl === undefined) {
    problems.add('orgUrl', 'required: your Okta org address, e.g. "https://acme.okta.com"');
    return undefined;
  }
  const url = readUrl(raw.orgUrl, 'orgUrl', problems);
  if (url === undefined) return undefined;
  const adminHost = /^(.+)-admin(\.(?:okta|oktapreview|okta-emea|okta-gov|okta-mil)\.com)$/i.exec(url.hostname);
  if (adminHost) {
    problems.add('orgUrl', `${url.hostname} is the Admin Console; use the org address https://${adminHost[1]}${adminHost[2]}`);
    return undefined;
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== '' || url.search !== '' || url.hash !== '') {
    const hint = /^\/oauth2(\/|$)/.test(path)
      ? '; the authorization server is chosen per server with servers[].id ("org" or the custom AS id, e.g. "default")'
      : '';
    problems.add('orgUrl', `must be the bare org address without a path, query or fragment, e.g. "${url.origin}"${hint}`);
    return undefined;
  }
  return url.origin;
}

function readStatusPageUrl(raw: Json, problems: Problems): string | null {
  if (raw.statusPageUrl === undefined) return DEFAULTS.statusPageUrl;
  if (raw.statusPageUrl === null) return null;
  const url = readUrl(raw.statusPageUrl, 'statusPageUrl', problems, ' (or null to skip the status check)');
  return url === undefined ? DEFAULTS.statusPageUrl : url.href;
}

function readDeploySettings(raw: Json, problems: Problems): DeploySettings {
  const alarmEmails =
    readStringArray(raw, 'alarmEmails', problems, {
      allowEmpty: true,
      item: (value) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : `"${value}" is not an e-mail address`),
    }) ?? [];
  const scheduleMinutes =
    readNumber(raw, 'scheduleMinutes', problems, { min: 1, max: 60, integer: true, unit: 'minutes' }) ?? DEPLOY_DEFAULTS.scheduleMinutes;
  const regions =
    readStringArray(raw, 'regions', problems, {
      allowEmpty: true,
      item: (value) =>
        /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(value) ? undefined : `"${value}" is not an AWS region name (like eu-west-1)`,
    }) ?? [];

  const prefix =
    readString(raw, 'prefix', problems, {
      check: (value) =>
        /^[A-Za-z0-9-]{1,40}$/.test(value) ? undefined : 'use 1-40 letters, digits or "-" (it becomes part of alarm and secret names)',
    }) ?? DEPLOY_DEFAULTS.prefix;
  const namespace =
    readString(raw, 'namespace', problems, { check: (value) => {
      if (value.length > 255 || !/^[A-Za-z0-9.\-_/#: ]+$/.test(value)) {
        return 'a CloudWatch namespace is 1-255 characters of letters, digits and . - _ / # : or space';
      }
      return value.startsWith('AWS/') ? 'namespaces starting with "AWS/" are reserved for AWS services' : undefined;
    } }) ?? defaultNamespace(prefix);
  const reservedConcurrency =
    raw.reservedConcurrency === null ? null : (readNumber(raw, 'reservedConcurrency', problems, { min: 1, max: 1000, integer: true, unit: 'concurrent runs, or null for none' }) ?? null);
  const alarmEndpoints = readAlarmEndpoints(raw, problems);
  const chat = readChat(raw, problems);
  return { alarmEmails, scheduleMinutes, regions, namespace, prefix, reservedConcurrency, alarmEndpoints, chat };
}

const ENDPOINT_EXAMPLE = '{ "page": ["https://events.pagerduty.com/..."], "warn": [] }';

function readAlarmEndpoints(raw: Json, problems: Problems): Record<Severity, AlarmEndpoint[]> {
  const none = { page: [], warn: [] };
  const value = raw.alarmEndpoints;
  if (value === undefined) return none;
  if (!isObject(value)) {
    problems.add('alarmEndpoints', `expected an object like ${ENDPOINT_EXAMPLE}, got ${typeName(value)}`);
    return none;
  }
  checkUnknownFields(value, ['_comment', ...SEVERITIES], 'alarmEndpoints', problems);
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
        checkUnknownFields(item, ['_comment', 'secretName'], at, problems);
        const secretName = readString(item, 'secretName', problems, { parent: at, what: 'the name or ARN of a Secrets Manager secret whose value is the https URL' });
        return secretName === undefined ? [] : [{ kind: 'secret', secretName }];
      }
      const url = readUrl(item, at, problems, ' or { "secretName": "..." }');
      if (url === undefined) return [];
      if (url.protocol !== 'https:') {
        problems.add(at, 'SNS delivers only to https endpoints; use the https address of the integration');
        return [];
      }
      if (carriesKey(url)) {
        problems.add(at, 'this URL carries an integration key, which would be written into the CloudFormation template: store the URL in Secrets Manager and write { "secretName": "<its name>" } instead');
        return [];
      }
      return [{ kind: 'url', url: url.href }];
    });
  };
  return { page: read('page'), warn: read('warn') };
}

/** PagerDuty's /integration/<key>/enqueue, or a key or token in the query (Opsgenie's ?apiKey=). */
function carriesKey(url: URL): boolean {
  if (/\/integration\/[^/]{16,}\//.test(url.pathname)) return true;
  return [...url.searchParams.keys()].some((key) => /key|token|secret|signature|sig|auth|code/i.test(key));
}

const CHAT_EXAMPLE = '{ "slack": [{ "workspaceId": "T0123ABCD", "channelId": "C0123ABCD" }] }';

function readChat(raw: Json, problems: Problems): ChatSettings {
  const none = { slack: [], teams: [] };
  const value = raw.chat;
  if (value === undefined) return none;
  if (!isObject(value)) {
    problems.add('chat', `expected an object like ${CHAT_EXAMPLE}, got ${typeName(value)}`);
    return none;
  }
  checkUnknownFields(value, ['_comment', 'slack', 'teams'], 'chat', problems);
  const entries = (platform: 'slack' | 'teams', fields: readonly string[], what: Record<string, string>): Json[] => {
    const list = value[platform];
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
      checkUnknownFields(item, ['_comment', ...fields, 'severities'], at, problems);
      const before = problems.list.length;
      const read: Json = {};
      for (const field of fields) read[field] = readString(item, field, problems, { parent: at, what: what[field] ?? field, check: CHAT_ID_CHECKS[`${platform}.${field}`] });
      const severities = readStringArray(item, 'severities', problems, {
        path: at,
        item: (severity) => ((SEVERITIES as readonly string[]).includes(severity) ? undefined : `"${severity}" is not a severity; use "page" or "warn"`),
      });
      if (problems.list.length > before) return [];
      return [{ ...read, severities: severities ?? [...SEVERITIES] }];
    });
  };
  const slack = entries('slack', ['workspaceId', 'channelId'], {
    workspaceId: 'the Slack workspace id (T...), shown in the Amazon Q Developer console after the workspace is authorized',
    channelId: 'the Slack channel id (C...): in Slack, channel details > About, at the bottom',
  }) as unknown as SlackChannel[];
  const teams = entries('teams', ['teamId', 'channelId', 'tenantId'], {
    teamId: 'the Microsoft Teams team id, shown in the Amazon Q Developer console after the team is authorized',
    channelId: 'the Teams channel id: from the channel\'s "Get link to channel" URL, the part after /channel/ (URL-decoded)',
    tenantId: 'the Microsoft Entra tenant id of the team',
  }) as unknown as TeamsChannel[];
  // Amazon Q wants the Teams channel id URL-encoded, as it appears in the channel's link; people copy either form.
  return { slack, teams: teams.map((t) => ({ ...t, channelId: t.channelId.includes('%') ? t.channelId : encodeURIComponent(t.channelId) })) };
}

const GUID = /^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;

/** The forms CloudFormation accepts for the chat ids (AWS::Chatbot schemas), each with where to find the right one. */
const CHAT_ID_CHECKS: Record<string, (value: string) => string | undefined> = {
  'slack.workspaceId': (v) => (/^[0-9A-Z]+$/.test(v) ? undefined : `"${v}" is not a Slack workspace id: capital letters and digits, like T0123ABCD (Amazon Q Developer console > Configured clients > Slack)`),
  'slack.channelId': (v) => (/^[0-9A-Z]+$/.test(v) ? undefined : `"${v}" is not a Slack channel id: capital letters and digits, like C0123ABCD (not the #name; channel details > About)`),
  'teams.teamId': (v) => (GUID.test(v) ? undefined : `"${v}" is not a Teams team id: a GUID like 00000000-0000-0000-0000-000000000000 (the groupId in the channel's link)`),
  'teams.tenantId': (v) => (GUID.test(v) ? undefined : `"${v}" is not a Microsoft Entra tenant id: a GUID (the tenantId in the channel's link)`),
  'teams.channelId': (v) =>
    /^[\w\-=+/.,]*(:|%3[aA])[\w\-=+/.,]*(@|%40)[\w\-=+/.,]*$/.test(v)
      ? undefined
      : `"${v}" is not a Teams channel id: like 19:abc123@thread.tacv2 (or URL-encoded, 19%3aabc123%40thread.tacv2), from the channel's "Get link to channel"`,
};

function topLevelHint(key: string): string | undefined {
  if ((SERVER_FIELDS as readonly string[]).includes(key) && key !== '_comment') {
    return `unknown field at the top level (${key} belongs in each entry of "servers")`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Servers

interface Ctx {
  readonly mode: ConfigMode;
  readonly baseDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** False: credential fields are checked for shape only, their files and variables are not read (cost). */
  readonly readCredentials: boolean;
  readonly problems: Problems;
}

function readServers(raw: Json, ctx: Ctx, prefix: string): ServerConfig[] | undefined {
  const { problems } = ctx;
  const list = raw.servers;
  if (list === undefined) {
    problems.add('servers', 'required: a list of authorization servers to probe, e.g. [{ "id": "org", ... }]');
    return undefined;
  }
  if (!Array.isArray(list)) {
    problems.add('servers', `expected an array of server objects, got ${typeName(list)}`);
    return undefined;
  }
  if (list.length === 0) {
    problems.add('servers', 'must list at least one server ("org" for the Org AS, or a custom AS id such as "default")');
    return undefined;
  }
  const servers: ServerConfig[] = [];
  const seen = new Map<string, number>();
  const seenConstructIds = new Map<string, number>();
  list.forEach((entry: unknown, index) => {
    const path = `servers[${index}]`;
    if (!isObject(entry)) {
      problems.add(path, `expected a server object, got ${typeName(entry)}`);
      return;
    }
    const server = readServer(entry, path, ctx, prefix);
    if (server === undefined) return;
    const first = seen.get(server.id);
    if (first !== undefined) {
      problems.add(`${path}.id`, `"${server.id}" is already used by servers[${first}]; each server id must be unique`);
      return;
    }
    seen.set(server.id, index);
    const reserved = RESERVED_SERVER_IDS.find((word) => server.id.toLowerCase() === word);
    if (reserved !== undefined) {
      problems.add(`${path}.id`, `"${server.id}" is reserved: the probe's own ${reserved === STATUS_SERVER ? 'status feed reports under that name' : 'resources use it'}; name the server by its authorization server id`);
      return;
    }
    // Resource names keep letters and digits only: "a-b" and "ab" would become one secret, one widget.
    const constructId = server.id.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
    const clash = seenConstructIds.get(constructId);
    if (clash !== undefined) {
      problems.add(`${path}.id`, `"${server.id}" and servers[${clash}].id differ only in "-" or "_" or case, and would share AWS resources; rename one`);
      return;
    }
    seenConstructIds.set(constructId, index);
    servers.push(server);
  });
  return servers;
}

/**
 * Server ids the probe's own names use: the status feed reports as "okta", and the stack names its alarms and
 * queue `<prefix>-dlq`, `<prefix>-function-errors`, `<prefix>-heartbeat`, ... beside `<prefix>-<server>-...`.
 */
const RESERVED_SERVER_IDS: readonly string[] = [STATUS_SERVER, 'dlq', 'function', 'heartbeat', 'maintenance', 'notifier', 'probe', 'silence'];

function readServer(entry: Json, path: string, ctx: Ctx, prefix: string): ServerConfig | undefined {
  const { problems } = ctx;
  const before = problems.list.length;
  checkUnknownFields(entry, SERVER_FIELDS, path, problems);

  const id = readString(entry, 'id', problems, {
    parent: path,
    what: '"org" for the Org AS, otherwise the custom AS id (e.g. "default" or "aus1a2b3c")',
    check: (value) =>
      /^[A-Za-z0-9_-]+$/.test(value)
        ? undefined
        : 'use letters, digits, "_" or "-": "org" for the Org AS, otherwise the custom AS id (e.g. "default" or "aus1a2b3c")',
  });
  const isOrg = id === ORG_SERVER_ID;
  const clientId = readString(entry, 'clientId', problems, { parent: path, what: 'the client id of the API Services app' });
  const keyId = readString(entry, 'keyId', problems, { parent: path });
  const scopes = readStringArray(entry, 'scopes', problems, { path, required: true, item: scopeProblem });
  const audience = readString(entry, 'audience', problems, { parent: path });
  if (id !== undefined && isOrg && audience !== undefined) {
    problems.add(
      `${path}.audience`,
      'not allowed for the Org AS: its access tokens are opaque and meant for Okta only (they are checked by introspection); remove it',
    );
  }
  if (id !== undefined && !isOrg && entry.audience === undefined) {
    problems.add(`${path}.audience`, 'required for a custom server (the aud your API expects, e.g. api://default)');
  }
  // Optional (no `what`): only orgs whose custom URL domain changes the iss need it.
  const issuer = readString(entry, 'issuer', problems, {
    parent: path,
    check: (value) =>
      /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(value) && !value.endsWith('/')
        ? undefined
        : 'expected an https URL without a trailing slash, exactly as the iss claim reads, e.g. "https://login.acme.com/oauth2/default"',
  });
  const requiredClaims = readStringArray(entry, 'requiredClaims', problems, { path, allowEmpty: true }) ?? [];
  if (isOrg && requiredClaims.length > 0) {
    problems.add(
      `${path}.requiredClaims`,
      'not allowed for the Org AS: its access tokens are opaque, so their claims cannot be checked; remove it',
    );
  }
  const authorize = readAuthorize(entry, `${path}.authorize`, problems);
  const managementApi = readManagementApi(entry, `${path}.managementApi`, isOrg, scopes ?? [], problems);
  const credential = readCredential(entry, path, id ?? '<id>', ctx, prefix);
  if (credential !== undefined && keyId !== undefined && credentialMethod(credential) !== 'private_key_jwt') {
    problems.add(`${path}.keyId`, 'only used with private_key_jwt (it is the kid of the client assertion); remove it');
  }

  if (problems.list.length > before || id === undefined || clientId === undefined || scopes === undefined || !credential) {
    return undefined;
  }
  return {
    id,
    clientId,
    credential,
    ...(keyId !== undefined ? { keyId } : {}),
    scopes,
    ...(audience !== undefined ? { audience } : {}),
    ...(issuer !== undefined ? { issuer } : {}),
    requiredClaims,
    ...(authorize !== undefined ? { authorize } : {}),
    ...(managementApi !== undefined ? { managementApi } : {}),
  };
}

/** `true` (the call the first okta.*.read scope allows) or `{ "path": "/api/v1/..." }`; Org AS only. */
function readManagementApi(entry: Json, path: string, isOrg: boolean, scopes: readonly string[], problems: Problems): ManagementApiConfig | undefined {
  const raw = entry.managementApi;
  if (raw === undefined || raw === false) return undefined;
  if (!isOrg) {
    problems.add(path, 'only for the Org AS (id "org"): custom-server tokens are for your APIs, not Okta\'s; remove it');
    return undefined;
  }
  if (raw === true) {
    const scope = scopes.find((s) => MANAGEMENT_PATHS[s] !== undefined);
    const known = MANAGEMENT_PATHS[scope ?? ''];
    if (known === undefined) {
      problems.add(path, `no read-only call is known for the scopes ${JSON.stringify(scopes)}: add one of ${Object.keys(MANAGEMENT_PATHS).join(', ')} to scopes (and grant it), or give { "path": "/api/v1/..." }`);
      return undefined;
    }
    return { path: known };
  }
  if (!isObject(raw)) {
    problems.add(path, `expected true or an object like { "path": "/api/v1/users?limit=1" }, got ${typeName(raw)}`);
    return undefined;
  }
  checkUnknownFields(raw, ['_comment', 'path'], path, problems);
  const apiPath = readString(raw, 'path', problems, {
    parent: path,
    what: 'the path and query of a read-only GET under /api/v1/, e.g. "/api/v1/users?limit=1"',
    check: (value) => (/^\/api\/v1\/[A-Za-z0-9/_\-.?=&%]+$/.test(value) ? undefined : `"${value}" is not a path under /api/v1/ (write the path only, no host), e.g. "/api/v1/users?limit=1"`),
  });
  if (apiPath === undefined) return undefined;
  const resource = /^\/api\/v1\/([A-Za-z]+)/.exec(apiPath)?.[1];
  const needed = Object.keys(MANAGEMENT_PATHS).find((scope) => scope === `okta.${resource}.read`);
  if (needed !== undefined && !scopes.includes(needed) && !scopes.includes(needed.replace(/\.read$/, '.manage'))) {
    problems.add(`${path}.path`, `${apiPath} needs the scope ${needed}, which this server does not request: add it to scopes (and grant it to the app)`);
    return undefined;
  }
  return { path: apiPath };
}

function scopeProblem(scope: string): string | undefined {
  return /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope)
    ? undefined
    : `"${scope}" is not a valid scope (one scope per array entry, no spaces or quotes)`;
}

function readAuthorize(entry: Json, path: string, problems: Problems): AuthorizeConfig | undefined {
  const raw = entry.authorize;
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    problems.add(path, `expected an object like { "redirectUri": "https://app.example.com/callback" }, got ${typeName(raw)}`);
    return undefined;
  }
  checkUnknownFields(raw, AUTHORIZE_FIELDS, path, problems);
  const clientId = readString(raw, 'clientId', problems, { parent: path });
  const redirectUri = readString(raw, 'redirectUri', problems, {
    parent: path,
    what: 'a Login redirect URI registered on the app (the probe never calls it, it only reads the redirect)',
    check: (value) =>
      URL.canParse(value)
        ? undefined
        : `"${value}" is not an absolute URL; use a Login redirect URI registered on the app, e.g. https://app.example.com/callback`,
  });
  const scopes = readStringArray(raw, 'scopes', problems, { path, item: scopeProblem });
  if (redirectUri === undefined) return undefined;
  return {
    ...(clientId !== undefined ? { clientId } : {}),
    redirectUri,
    ...(scopes !== undefined ? { scopes } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// Credentials: exactly one kind per server, and which kinds depends on where the config is used.

function credentialMethod(credential: CredentialSource): AuthMethod {
  return credential.kind === 'secrets_manager' ? credential.secretKind : credential.kind;
}

/** One server's credential fields, as found: what each mode's reader judges. */
interface CredentialInput {
  readonly entry: Json;
  readonly path: string;
  readonly id: string;
  /** The local credential fields present (privateKeyFile, ...). */
  readonly present: LocalCredentialField[];
  /** undefined when absent, null when present but invalid (already reported). */
  readonly authMethod: AuthMethod | undefined | null;
}

function readCredential(entry: Json, path: string, id: string, ctx: Ctx, prefix: string): CredentialSource | undefined {
  const input: CredentialInput = {
    entry,
    path,
    id,
    present: LOCAL_CREDENTIAL_FIELDS.filter((field) => entry[field] !== undefined),
    authMethod: readAuthMethod(entry, path, ctx.problems),
  };
  switch (ctx.mode) {
    case 'cli':
      return readLocalCredential(input, ctx);
    case 'deploy':
      return readDeployCredential(input, ctx, prefix);
    case 'lambda':
      return readLambdaCredential(input, ctx);
  }
}

function readAuthMethod(entry: Json, path: string, problems: Problems): AuthMethod | undefined | null {
  const value = entry.authMethod;
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (AUTH_METHODS as readonly string[]).includes(value)) return value as AuthMethod;
  const hint = value === 'client_secret_post' ? ' (client_secret_post works at Okta too, but the probe sends client_secret_basic)' : '';
  problems.add(`${path}.authMethod`, `must be "private_key_jwt" or "client_secret_basic"${hint}`);
  return null;
}

function readLocalCredential(input: CredentialInput, ctx: Ctx): CredentialSource | undefined {
  const { entry, path, present, authMethod } = input;
  const { problems } = ctx;
  if (entry.secretName !== undefined) {
    problems.add(
      `${path}.secretName`,
      'Secrets Manager secrets are for deployed stacks; locally use privateKeyFile (a PKCS#8 PEM file) or privateKeyEnv / clientSecretEnv (an environment variable name)',
    );
    if (present.length === 0) return undefined;
  }
  if (present.length === 0) {
    if (entry.secretName === undefined) problems.add(path, `no credential: set exactly one of ${ACCEPTED_CREDENTIALS.cli}`);
    return undefined;
  }
  if (present.length > 1) {
    problems.add(path, `more than one credential (${present.join(', ')}): keep exactly one of ${ACCEPTED_CREDENTIALS.cli}`);
    return undefined;
  }
  const field = present[0] as LocalCredentialField;
  const fieldPath = `${path}.${field}`;
  const method: AuthMethod = field === 'privateKeyFile' || field === 'privateKeyEnv' ? 'private_key_jwt' : 'client_secret_basic';
  if (authMethod && authMethod !== method) {
    problems.add(`${path}.authMethod`, `"${authMethod}" contradicts ${field}, which means ${method}; remove authMethod or fix it`);
  }
  const value = entry[field];
  if (typeof value !== 'string' || value === '') {
    problems.add(fieldPath, `expected a non-empty string, got ${typeName(value)}`);
    return undefined;
  }
  switch (field) {
    case 'privateKeyFile': {
      const file = isAbsolute(value) ? value : resolve(ctx.baseDir, value);
      const problem = ctx.readCredentials ? readPemFile(file, value) : undefined;
      if (problem !== undefined) {
        problems.add(fieldPath, problem);
        return undefined;
      }
      return { kind: 'private_key_jwt', from: 'file', privateKeyFile: file };
    }
    case 'privateKeyEnv': {
      const problem = ctx.readCredentials ? (envProblem(value, ctx.env) ?? pemProblem(ctx.env[value] ?? '', `environment variable ${value}`)) : undefined;
      if (problem !== undefined) {
        problems.add(fieldPath, problem);
        return undefined;
      }
      return { kind: 'private_key_jwt', from: 'env', privateKeyEnv: value };
    }
    case 'clientSecretEnv': {
      const problem = ctx.readCredentials ? envProblem(value, ctx.env) : undefined;
      if (problem !== undefined) {
        problems.add(fieldPath, problem);
        return undefined;
      }
      return { kind: 'client_secret_basic', from: 'env', clientSecretEnv: value };
    }
    case 'clientSecret':
      return { kind: 'client_secret_basic', from: 'inline', clientSecret: value };
  }
}

function readDeployCredential(input: CredentialInput, ctx: Ctx, prefix: string): CredentialSource | undefined {
  const { entry, path, id, present, authMethod } = input;
  const { problems } = ctx;
  const secret = defaultSecretName(prefix, id);
  for (const field of present) {
    const isKey = field === 'privateKeyFile' || field === 'privateKeyEnv';
    const method = isKey ? 'private_key_jwt' : 'client_secret_basic';
    const source = field === 'privateKeyFile' && typeof entry[field] === 'string' ? (entry[field] as string) : isKey ? 'key.pem' : 'client-secret.txt';
    problems.add(
      `${path}.${field}`,
      `secrets don't belong in a deploy config; remove it and set "authMethod": "${method}"; the stack creates the secret '${secret}' — put the value with: aws secretsmanager put-secret-value --secret-id ${secret} --secret-string file://${source}; or name an existing secret with secretName`,
    );
  }
  const secretName = readSecretName(entry, path, problems);
  if (authMethod === undefined) {
    if (present.length === 0) problems.add(`${path}.authMethod`, `required in a deploy config: ${ACCEPTED_CREDENTIALS.deploy}`);
    return undefined;
  }
  if (authMethod === null || present.length > 0 || secretName === null) return undefined;
  return secretName === undefined
    ? { kind: 'secrets_manager', secretKind: authMethod }
    : { kind: 'secrets_manager', secretId: secretName, secretKind: authMethod };
}

function readLambdaCredential(input: CredentialInput, ctx: Ctx): CredentialSource | undefined {
  const { entry, path, present, authMethod } = input;
  const { problems } = ctx;
  for (const field of present) {
    problems.add(`${path}.${field}`, `not allowed in the Lambda configuration; it takes ${ACCEPTED_CREDENTIALS.lambda}`);
  }
  const secretName = readSecretName(entry, path, problems);
  if (secretName === undefined) problems.add(`${path}.secretName`, `required in the Lambda configuration (${ACCEPTED_CREDENTIALS.lambda})`);
  if (authMethod === undefined) problems.add(`${path}.authMethod`, `required in the Lambda configuration (${ACCEPTED_CREDENTIALS.lambda})`);
  if (!authMethod || !secretName || present.length > 0) return undefined;
  return { kind: 'secrets_manager', secretId: secretName, secretKind: authMethod };
}

function readSecretName(entry: Json, path: string, problems: Problems): string | undefined | null {
  const value = entry.secretName;
  if (value === undefined) return undefined;
  const isArn = typeof value === 'string' && /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/.test(value);
  const isName = typeof value === 'string' && /^[A-Za-z0-9/_+=.@-]{1,512}$/.test(value);
  if (isArn || isName) return value as string;
  problems.add(
    `${path}.secretName`,
    'expected a Secrets Manager secret name (letters, digits and /_+=.@-) or a secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)',
  );
  return null;
}

function envProblem(name: string, env: NodeJS.ProcessEnv): string | undefined {
  // Never echo it: a common slip is pasting the secret itself where its variable name belongs. A long
  // mixed-case word is far more likely a pasted secret than a variable name, so it is not echoed either.
  const looksLikeValue = name.length >= 24 && /[a-z]/.test(name) && /[A-Z]/.test(name) && /\d/.test(name);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || looksLikeValue) {
    return 'must be the NAME of an environment variable (e.g. OKTA_PROBE_KEY), not its value';
  }
  if (env[name] === undefined || env[name] === '') return `environment variable ${name} is not set (export ${name}=... before running)`;
  return undefined;
}

const PKCS8_FIX = 'convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem';

/** PEM from an environment variable often arrives with literal "\n"; accept that form too. */
export function normalizePem(text: string): string {
  return !text.includes('\n') && text.includes('\\n') ? text.replace(/\\n/g, '\n') : text;
}

function readPemFile(file: string, shown: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return `cannot read ${shown} (${errnoText(error)})`;
  }
  return pemProblem(text, shown);
}

/** Why `text` is not a usable PKCS#8 private key, or undefined. Never quotes the key. */
export function pemProblem(rawText: string, shown: string): string | undefined {
  const text = normalizePem(rawText);
  if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    return `${shown} is an encrypted key; the probe needs it unencrypted (openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem) and kept as a secret`;
  }
  if (/-----BEGIN (RSA|EC) PRIVATE KEY-----/.test(text)) return `${shown}: not a PKCS#8 PEM private key (${PKCS8_FIX})`;
  if (text.includes('-----BEGIN PUBLIC KEY-----') || text.includes('-----BEGIN CERTIFICATE-----')) {
    return `${shown} holds a public key or certificate; the probe needs the private key (the public key goes on the Okta app)`;
  }
  if (text.trimStart().startsWith('{')) {
    return `${shown} looks like a JWK; the probe needs a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----"): copy the PEM form from the Admin Console`;
  }
  if (!text.includes('-----BEGIN PRIVATE KEY-----')) return `${shown}: not a PKCS#8 PEM private key (${PKCS8_FIX})`;
  try {
    const key = createPrivateKey({ key: text, format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
      return `${shown} is a ${key.asymmetricKeyType ?? 'unknown'} key; Okta accepts RSA or EC keys for private_key_jwt`;
    }
  } catch {
    return `${shown}: the PKCS#8 PEM private key does not parse (damaged or truncated?)`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Generic field readers

/** A non-empty string field; `what` makes it required and explains what belongs there. */
function readString(
  obj: Json,
  key: string,
  problems: Problems,
  opts: { parent?: string; what?: string; check?: (value: string) => string | undefined } = {},
): string | undefined {
  const { parent, what, check } = opts;
  const path = parent ? `${parent}.${key}` : key;
  const value = obj[key];
  if (value === undefined) {
    if (what !== undefined) problems.add(path, `required: ${what}`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(path, `expected a non-empty string, got ${typeName(value)}`);
    return undefined;
  }
  const problem = check?.(value);
  if (problem !== undefined) {
    problems.add(path, problem);
    return undefined;
  }
  return value;
}

function readStringArray(
  obj: Json,
  key: string,
  problems: Problems,
  opts: { path?: string; required?: boolean; allowEmpty?: boolean; item?: (value: string) => string | undefined },
): string[] | undefined {
  const path = opts.path ? `${opts.path}.${key}` : key;
  const value = obj[key];
  if (value === undefined) {
    if (opts.required) problems.add(path, 'required: a non-empty array of strings, e.g. ["okta.users.read"]');
    return undefined;
  }
  if (!Array.isArray(value)) {
    const hint = typeof value === 'string' ? ` (write ["${value.split(/[\s,]+/).filter(Boolean).join('", "')}"])` : '';
    problems.add(path, `expected an array of strings, got ${typeName(value)}${hint}`);
    return undefined;
  }
  if (value.length === 0 && !opts.allowEmpty) {
    problems.add(path, 'must not be empty');
    return undefined;
  }
  const before = problems.list.length;
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string' || item === '') {
      problems.add(`${path}[${index}]`, `expected a non-empty string, got ${typeName(item)}`);
      return;
    }
    const problem = opts.item?.(item);
    if (problem !== undefined) problems.add(`${path}[${index}]`, problem);
    else if (value.indexOf(item) !== index) problems.add(`${path}[${index}]`, `"${item}" is listed twice`);
  });
  return problems.list.length > before ? undefined : (value as string[]);
}

function readNumber(
  obj: Json,
  key: string,
  problems: Problems,
  rule: { min: number; max: number; integer?: boolean; unit: string },
): number | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  const kind = rule.integer ? 'an integer' : 'a number';
  if (typeof value !== 'number' || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
    const hint = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? ` (write ${Number(value)} without quotes)` : '';
    problems.add(key, `expected ${kind} (${rule.unit}) from ${rule.min} to ${rule.max}, got ${typeName(value)}${hint}`);
    return undefined;
  }
  if (value < rule.min || value > rule.max) {
    problems.add(key, `${value} is out of range: use ${kind} from ${rule.min} to ${rule.max} (${rule.unit})`);
    return undefined;
  }
  return value;
}

/** http(s) URL; plain http only for loopback hosts, so a real org is never probed with a secret in clear text. */
function readUrl(value: unknown, path: string, problems: Problems, extra = ''): URL | undefined {
  if (typeof value !== 'string') {
    problems.add(path, `expected a URL string${extra}, got ${typeName(value)}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const hint = /^[\w.-]+\.[a-z]{2,}(\/|$)/i.test(value) ? ` (did you mean "https://${value}"?)` : '';
    problems.add(path, `"${value}" is not an absolute URL${hint}`);
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    problems.add(path, 'must not contain a user name or password');
    return undefined;
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  if (url.protocol === 'http:') {
    problems.add(path, `must use https (plain http is accepted only for 127.0.0.1, localhost or [::1]); use "https://${url.host}${url.pathname === '/' ? '' : url.pathname}"`);
  } else {
    problems.add(path, `must be an https URL, got the scheme "${url.protocol.replace(/:$/, '')}"`);
  }
  return undefined;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function checkUnknownFields(
  obj: Json,
  known: readonly string[],
  parent: string,
  problems: Problems,
  hint?: (key: string) => string | undefined,
): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const path = parent ? `${parent}.${key}` : key;
    const special = hint?.(key);
    if (special !== undefined) {
      problems.add(path, special);
      continue;
    }
    const suggestion = didYouMean(key, known.filter((k) => !k.startsWith('_') && !k.startsWith('$')));
    problems.add(path, suggestion ? `unknown field (did you mean ${suggestion}?)` : `unknown field; known fields here: ${known.filter((k) => k !== '$schema').join(', ')}`);
  }
}

/** The closest candidate within a small edit distance (case-insensitive), for "did you mean". */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(input.length / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** Optimal-string-alignment distance: Levenshtein plus swapped neighbours ("rnu" is one step from "run"). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    const above = rows[i - 1] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return `a ${typeof value}`;
}

function errnoText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const text: Record<string, string> = {
    ENOENT: 'ENOENT: no such file',
    EACCES: 'EACCES: permission denied',
    EISDIR: 'EISDIR: it is a directory',
  };
  return code === undefined ? String((error as Error | undefined)?.message ?? error) : (text[code] ?? code);
}

function describeJsonError(path: string, text: string, error: unknown): string {
  const message = (error as Error).message;
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : jsonErrorOffset(text);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const near = text.slice(offset).trimStart();
  let hint = '';
  if (near.startsWith('//') || near.startsWith('/*')) hint = ' (JSON has no comments; use a "_comment" field instead)';
  else if (/^[}\]]/.test(near) && /,\s*$/.test(before)) hint = ' (remove the trailing comma)';
  else if (near.startsWith("'")) hint = ' (JSON strings use double quotes)';
  else if (offset >= text.trimEnd().length) hint = ' (the file ends early: a missing } or ]?)';
  return `${path}:${line}:${column}: invalid JSON near ${JSON.stringify(near.slice(0, 20))}${hint}`;
}

/**
 * Offset of the first JSON syntax error in `text` (called only after JSON.parse failed, whose message
 * carries no position in some Node versions). A minimal scanner: enough to point at the right place.
 */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          string();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') return string();
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!literal) fail();
    i += literal?.[0].length ?? 0;
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if ((text.charCodeAt(i) ?? 0) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i;
  } catch (offset) {
    return typeof offset === 'number' ? offset : 0;
  }
}
