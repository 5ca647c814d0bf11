// The configuration file's shape, as every reader of it sees it: the validated types, the defaults and the
// fields each level accepts. parse.ts validates a file into these; the stack, the Lambda and the CLI read them.
import { DEFAULT_NAMESPACE, type Severity } from '../contract';
import type { ProbeConfig } from '../types';

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
export const AUTH_METHODS: readonly AuthMethod[] = ['private_key_jwt', 'client_secret_basic'];

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

export const TOP_FIELDS = [
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
export const LOCAL_CREDENTIAL_FIELDS = ['privateKeyFile', 'privateKeyEnv', 'clientSecret', 'clientSecretEnv'] as const;
export type LocalCredentialField = (typeof LOCAL_CREDENTIAL_FIELDS)[number];
export const SERVER_FIELDS = [
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
export const AUTHORIZE_FIELDS = ['_comment', 'clientId', 'redirectUri', 'scopes'] as const;

export const ACCEPTED_CREDENTIALS: Record<ConfigMode, string> = {
  cli: 'privateKeyFile or privateKeyEnv (private_key_jwt), clientSecret or clientSecretEnv (client_secret_basic)',
  deploy: 'authMethod ("private_key_jwt" or "client_secret_basic"), optionally with secretName (an existing secret)',
  lambda: 'secretName with authMethod ("private_key_jwt" or "client_secret_basic")',
};

/**
 * The configuration file as JSON, before validation: what people write, what the stack hands the Lambda
 * (toLambdaConfigJson) and what the simulator writes for a run against it (sim/config.ts). One shape for the
 * three writers; parse.ts is its only reader.
 */
export interface ConfigFileJson {
  readonly $schema?: string;
  readonly _comment?: string;
  readonly orgUrl: string;
  readonly statusPageUrl?: string | null;
  readonly timeoutMs?: number;
  readonly rateLimitWarnPercent?: number;
  readonly clockSkewWarnSeconds?: number;
  readonly alarmEmails?: readonly string[];
  readonly scheduleMinutes?: number;
  readonly regions?: readonly string[];
  readonly namespace?: string;
  readonly prefix?: string;
  readonly reservedConcurrency?: number | null;
  readonly alarmEndpoints?: { readonly page?: readonly (string | { readonly secretName: string })[]; readonly warn?: readonly (string | { readonly secretName: string })[] };
  readonly chat?: {
    readonly slack?: readonly { readonly workspaceId: string; readonly channelId: string; readonly severities?: readonly Severity[] }[];
    readonly teams?: readonly { readonly teamId: string; readonly channelId: string; readonly tenantId: string; readonly severities?: readonly Severity[] }[];
  };
  readonly servers: readonly ServerFileJson[];
}

export interface AuthorizeFileJson {
  readonly _comment?: string;
  readonly clientId?: string;
  readonly redirectUri: string;
  readonly scopes?: readonly string[];
}

export interface ServerFileJson {
  readonly _comment?: string;
  readonly id: string;
  readonly clientId: string;
  readonly keyId?: string;
  readonly scopes: readonly string[];
  readonly audience?: string;
  readonly issuer?: string;
  readonly requiredClaims?: readonly string[];
  readonly authorize?: AuthorizeFileJson;
  readonly managementApi?: boolean | { readonly path: string };
  /** Local (CLI) credentials, relative to the file for privateKeyFile. */
  readonly privateKeyFile?: string;
  readonly privateKeyEnv?: string;
  readonly clientSecret?: string;
  readonly clientSecretEnv?: string;
  /** Deploy and Lambda credentials. */
  readonly secretName?: string;
  readonly authMethod?: AuthMethod;
}
