// The configuration file's shape as every reader sees it: the validated types, the defaults and the fields each level
// accepts. parse.ts validates a file into these; the stack, the Lambda and the CLI read them.
import { DISPLAY_NAME } from './display-name';
import { CELL_PATTERN } from '../okta-cell';
import {
  ACCESS_ASSERTIONS,
  DEFAULT_NAMESPACE,
  DEFAULTS,
  DEVICE_PLATFORMS,
  FACTOR_REQUIREMENTS,
  POLICIES_SCOPE,
  RISK_LEVELS,
  DEPLOYMENT_NAME_WORDS,
  grantAdvice,
  INVENTORY,
  MAX_EVENT_AGE_MINUTES,
  MAX_RESOURCES,
  OKTA_CONCURRENCY,
  PAGE_FOR_WORDS,
  PROVISIONING,
  SAML_GROUP,
  SYSTEM_LOG_SCOPE,
  USER_SIGN_INS,
  type Severity,
} from '../contract';
import type { AuthMethod, ProbeConfig } from '../types';
import { QUORUM_SCHEMA, type QuorumSettings } from './quorum-shape';
import { STATUS_PAGE_SCHEMA } from './status-page-shape';
import type { StatusPageSettings } from '../types';
import { PREVIEW_SCHEMA, type PreviewConfig } from './preview-shape';
import { METRIC_STREAM_SCHEMA, type MetricStreamSettings } from './metric-stream-shape';
import type { FromFields, FromSchema } from './schema-type';

export type ConfigMode = 'cli' | 'deploy';
/** The subnets and security groups the functions run in, all of one VPC, so of one region. */
export interface VpcSettings {
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
}

export interface DeploySettings {
  /** Addresses subscribed to the alarm topic. @default [] */
  readonly alarmEmails: readonly string[];
  /** Minutes between probe runs. @default 1 */
  readonly scheduleMinutes: number;
  /**
   * AWS regions to deploy the probe to, one stack each (probing from several places tells "Okta is down" from "our
   * region is down"). @default [] = the CLI's default region
   */
  readonly regions: readonly string[];
  /**
   * CloudWatch namespace. @default defaultNamespace(prefix): DEFAULT_NAMESPACE, or DEFAULT_NAMESPACE/prefix for
   * another prefix
   */
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
   * The probe function's memory, MB, or null for the size functions/plan/probe-memory.ts picks from the config (a
   * third free above its expected peak). @default null
   */
  readonly memoryMb: number | null;
  /**
   * Run the probe in these subnets (private ones behind a NAT gateway with an Elastic IP), so it reaches Okta from
   * a fixed address an Okta network zone can allow: one set for a deployment to one region, else one per region
   * deployed (a VPC belongs to one region; functions/plan/region-vpc.ts). @default null: Lambda's own network, whose
   * addresses change.
   */
  readonly vpc: VpcSettings | { readonly byRegion: Readonly<Record<string, VpcSettings>> } | null;
  /**
   * https endpoints subscribed to each severity's alarm topic, which carries CloudWatch's own alarm JSON (the format
   * PagerDuty, Opsgenie and webhooks parse). A URL holding an integration key comes from Secrets Manager. @default none
   */
  readonly alarmEndpoints: Readonly<Record<Severity, readonly AlarmEndpoint[]>>;
  /**
   * Slack and Microsoft Teams channels (Amazon Q Developer in chat applications) that receive the diagnosis messages.
   * @default none
   */
  readonly chat: ChatSettings;
  /**
   * Days the probe's run log is kept: the availability report reads it, so it must outlast the months reported on.
   * @default 400
   */
  readonly runLogRetentionDays: number;
  /**
   * Days each failed check's sanitized HTTP trace (HAR) is kept in the stack's bucket, or null for no bucket and no
   * traces. @default 14
   */
  readonly harRetentionDays: number | null;
  /** The availability report's SLA target, percent of the time (Okta advertises 99.99). @default 99.99 */
  readonly slaTargetPercent: number;
  /**
   * The fast path and multi-region quorum (config/quorum.ts), null when off.
   * @default on with scheduleMinutes 1 (agree 1 with one region)
   */
  readonly quorum: QuorumSettings | null;
  /** This org's own status page for the help desk, and who may open it; null: none deployed. @default null */
  readonly statusPage: StatusPageSettings | null;
  /**
   * The namespace's metrics streamed to Datadog, Splunk, New Relic, Dynatrace or an HTTP endpoint
   * (config/metric-stream.ts), null when none. @default null
   */
  readonly metricStream: MetricStreamSettings | null;
}

/** Where an alarm endpoint's URL comes from: written in the config, or resolved from a secret at deploy time. */
export type AlarmEndpoint =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'secret'; readonly secretName: string };

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

export const LOCAL_CHANNEL_KINDS = ['slack', 'teams', 'pagerduty', 'webhook'] as const;
export type LocalChannelKind = (typeof LOCAL_CHANNEL_KINDS)[number];

/** One channel of `localNotifications` (functions/config/local-notifications.ts). */
export interface LocalChannel {
  readonly kind: LocalChannelKind;
  /** The environment variable holding the webhook URL (slack, teams, webhook) or the routing key (pagerduty). */
  readonly variable: string;
  /** pagerduty: where events are sent (not a secret: the key is in the body). */
  readonly url?: string;
  readonly severities: readonly Severity[];
}

export interface LoadedConfig {
  readonly probe: ProbeConfig;
  readonly deploy: DeploySettings;
  /** Where `run --history` sends its own alarms without AWS (CLI only; the stack never reads it). @default [] */
  readonly localNotifications: readonly LocalChannel[];
  /** The org's Preview org, probed with Production's checks; its failures warn, never page. @default none */
  readonly preview?: PreviewConfig;
}

/** `warnings`: soft problems of a usable config (a key file others can read), for stderr. */
export type ConfigResult =
  | { ok: true; config: LoadedConfig; warnings: readonly string[] }
  | { ok: false; errors: string[] };

/** Defaults of the stack-only settings. */
export const DEPLOY_DEFAULTS = {
  /** One probe cycle a minute: alarms within minutes, well under Okta's per-minute token limits. */
  scheduleMinutes: 1,
  /** Default resource prefix; also the first part of the secret names the stack creates. */
  prefix: 'okta-synthetics',
  /**
   * Thirteen months and more: this month and the same month a year ago can both be reported (a CloudWatch Logs value).
   */
  runLogRetentionDays: 400,
  /** Two weeks: long enough to open a case with Okta Support after a weekend, short enough to hold little. */
  harRetentionDays: 14,
  /** Okta's advertised uptime. */
  slaTargetPercent: 99.99,
} as const;

/** The retention periods CloudWatch Logs accepts, days (PutRetentionPolicy). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export type { AuthMethod };

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

/**
 * The secret the stack creates for a Preview org's server or journey (by its id in the Preview config): beside
 * Production's and never the same, since a Preview entry keeps Production's id.
 */
export function previewSecretName(prefix: string, id: string): string {
  return `${prefix}/preview/${id}`;
}

/**
 * The file a server's credential is kept in on the deployer's machine: the key file `init` names for the CLI and
 * the file the stack's put-secret-value command reads, so the two instructions name the same file.
 */
export function credentialFileName(serverId: string, method: AuthMethod): string {
  return method === 'private_key_jwt' ? `keys/okta-probe-${serverId}.pem` : `keys/okta-probe-${serverId}.secret`;
}

/** The file a Preview org's credential is kept in: never Production's, whose server has the same id. */
export function previewCredentialFileName(serverId: string, method: AuthMethod): string {
  return credentialFileName(`preview-${serverId}`, method);
}

/** A JSON Schema fragment (draft 2020-12) describing one field for editors. */
export type FieldSchema = Readonly<Record<string, unknown>>;

/** No extra keywords: what a helper's `extra` is when it is left out. */
type NoExtra = Readonly<Record<never, never>>;
// The helpers keep their literal types (`as const`, no FieldSchema annotation): the file's JSON types are derived
// from these declarations (schema-type.ts), so a widened `type` or `enum` would widen the field's type.
const str = <const E extends FieldSchema = NoExtra>(description: string, extra: E = {} as E) =>
  ({ type: 'string', minLength: 1, description, ...extra }) as const;
const strings = <const E extends FieldSchema = NoExtra>(description: string, extra: E = {} as E) =>
  ({ type: 'array', items: { type: 'string', minLength: 1 }, description, ...extra }) as const;
const COMMENT = { type: 'string', description: 'Free text for people; ignored.' } as const;
/**
 * One OAuth scope: RFC 6749's scope-token (%x21 / %x23-5B / %x5D-7E). A list of them, never one string of several:
 * editors took "okta.users.read okta.apps.read" as a scope, which the validator refused.
 */
const SCOPE_ITEM = { type: 'string', minLength: 1, pattern: '^[\\x21\\x23-\\x5b\\x5d-\\x7e]+$' } as const;
const scopeList = (description: string) => strings(description, { minItems: 1, items: SCOPE_ITEM });
/** A Secrets Manager secret by name or by ARN, as Secrets Manager allows either (a server's, a journey's). */
const SECRET_NAME = (description: string) =>
  str(description, {
    pattern:
      '^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+|[A-Za-z0-9/_+=.@-]{1,512})$',
  });
const LATENCY_WARN_MS = (description: string) =>
  ({ type: ['integer', 'null'], minimum: 1, maximum: 60000, description }) as const;
/**
 * The hosts plain http is accepted for: this machine (the simulator, a local relay), never a real org, whose
 * credentials would cross the network in clear. Part of the URL patterns below, and readUrl's rule (readers.ts).
 */
export const LOOPBACK_HOST = '(localhost|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[::1\\])';
/** An https scheme and host, without a user or password. */
const HTTPS_ORIGIN = 'https://[^\\s/?#@]+';
/** A URL's scheme and host as the probe may call them: https, or plain http to a loopback host; no user or password. */
const CALLABLE_ORIGIN = `(${HTTPS_ORIGIN}|http://${LOOPBACK_HOST}(:\\d{1,5})?)`;
/** A URL the probe may call: a callable origin, then any path, query or fragment. */
const CALLABLE = `${CALLABLE_ORIGIN}([/?#]\\S*)?`;
const CALLABLE_URL = `^${CALLABLE}$`;
/** The org's address: a callable origin alone, a trailing slash allowed (it is removed). */
const ORG_ADDRESS = `^${CALLABLE_ORIGIN}/?$`;
/**
 * A secret of `localNotifications` written as `${VAR}`, the environment variable it is read from when a message is
 * sent: a webhook's URL or a routing key lets anyone post or page, and config files get committed.
 */
const VARIABLE = '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}';
const VARIABLE_REFERENCE = (description: string) => str(description, { pattern: `^${VARIABLE}$` });
/** `severities` of a chat channel or a local notification channel. */
const SEVERITY_LIST = {
  type: 'array',
  items: { enum: ['page', 'warn'] },
  description: 'Which severities reach this channel (default both).',
} as const satisfies FieldSchema;

/**
 * The fields of each level of the file, each with its editor schema: the single source of the fields the
 * validator accepts (unknown ones are refused with a did-you-mean) and of the JSON Schema editors read
 * (scripts/config-schema.ts writes okta-synthetics.schema.json from it). The rules and messages are the readers'.
 */
export const AUTHORIZE_SCHEMA = {
  _comment: COMMENT,
  clientId: str("The app whose /authorize is probed (default: the server's clientId)."),
  redirectUri: str('A Sign-in redirect URI registered on that app (the probe never calls it).', { format: 'uri' }),
  scopes: scopeList('Scopes for /authorize (default ["openid"]).'),
} as const satisfies Record<string, FieldSchema>;

export const LOCAL_CREDENTIAL_FIELDS = ['privateKeyFile', 'privateKeyEnv', 'clientSecret', 'clientSecretEnv'] as const;
export type LocalCredentialField = (typeof LOCAL_CREDENTIAL_FIELDS)[number];

/** The cause every pageFor must name: an outage of Okta always pages. */
export const ALWAYS_PAGES = 'okta' satisfies (typeof PAGE_FOR_WORDS)[number];

/**
 * `pageFor` on a server or a journey (functions/config/page-for.ts; functions/diagnosis/faults.ts places each code).
 * `contains` makes the list non-empty as well, so no `minItems`: an empty list is refused for the cause it lacks.
 */
export const PAGE_FOR = {
  type: 'array',
  items: { enum: PAGE_FOR_WORDS },
  uniqueItems: true,
  contains: { const: ALWAYS_PAGES },
  description:
    'Which causes of a failure page; the others warn. "okta": Okta\'s faults (always); "configuration": the ' +
    'org\'s own settings that stop users (a policy, an assignment, an audience); "probe": the probe\'s own ' +
    "credentials and settings (a rotated client secret, an expired key of ours, the synthetic user's password or " +
    'TOTP seed); "app": a journey\'s app refusing the sign-in (only on a journey with an "app" block). Default ' +
    '["okta", "configuration"]. Holds with the fast path and without it, and for "browser" journeys.',
} as const satisfies FieldSchema;

export const SERVER_SCHEMA = {
  _comment: COMMENT,
  id: str(
    '"org" for the Org authorization server, else the custom server\'s id ("default", "aus1a2b3c...": ' +
      'Security > API > Authorization Servers). Unique, also once -, _ and case are set aside (they would ' +
      'share AWS resources). Reserved: okta (the status feed reports under it), ' +
      // The first words of the deployment's own alarm names, as config refuses them (servers.ts).
      `${[...DEPLOYMENT_NAME_WORDS].sort().join(', ')}.`,
    { pattern: '^[A-Za-z0-9_-]{1,64}$' },
  ),
  name: DISPLAY_NAME('the server', 'Payments API'),
  clientId: str('Client id of the API Services app the probe authenticates as.'),
  keyId: str("kid header of the client assertion: the KID shown beside the app's public key (private_key_jwt only)."),
  scopes: scopeList(
    'Scopes requested with client credentials. The Org AS accepts only okta.* scopes: a custom scope there ' +
      'is not refused here, the probe reports it as CUSTOM_SCOPE_ON_ORG_AS, the way Okta does.',
  ),
  audience: str(
    'Required for a custom server: the aud your API expects, e.g. api://default. Not allowed for org, whose ' +
      'tokens are opaque.',
  ),
  issuer: str(
    'The iss your tokens and discovery document carry when it is not the derived one (orgUrl for org, ' +
      'orgUrl/oauth2/<id> otherwise): with a custom URL domain a server may issue with either domain. Every ' +
      'call still goes to orgUrl.',
    // Plain http for a loopback host, as orgUrl: `sim --config` writes the simulator's own issuer.
    { pattern: `^${CALLABLE_ORIGIN}(/[^\\s?#]*[^\\s?#/])?$` },
  ),
  requiredClaims: strings('Custom servers: claims the API needs in the access token.'),
  authorize: {
    type: 'object',
    properties: AUTHORIZE_SCHEMA,
    required: ['redirectUri'],
    additionalProperties: false,
    description:
      'Enables the authorize check: /authorize with prompt=none and PKCE, without a user (its fields below).',
  },
  managementApi: {
    description:
      'Org AS: enables the management check, one read-only Management API call a run: true calls what the ' +
      'first okta.*.read scope allows (users, groups, apps, logs, authorizationServers, ?limit=1); { "path": ' +
      '"/api/v1/..." } a GET the scopes cover. The app needs an admin role (docs/inventory.md, "What to ' +
      'grant").',
    oneOf: [
      { type: 'boolean' },
      {
        type: 'object',
        properties: {
          _comment: COMMENT,
          path: str('A GET under /api/v1/: its path and query.', { pattern: '^/api/v1/[A-Za-z0-9/_\\-.?=&%]+$' }),
        },
        required: ['path'],
        additionalProperties: false,
      },
    ],
  },
  resources: {
    type: 'array',
    minItems: 1,
    maxItems: MAX_RESOURCES,
    description:
      'Custom servers: your own APIs, each called every run with the access token this server issued (the ' +
      'resource check), so a token Okta issues and the API refuses (aud, scope, a claim), or an API that is down, ' +
      "is seen: the API's answer, never Okta's. The token goes to these URLs only, never across a redirect.",
    items: {
      type: 'object',
      properties: {
        _comment: COMMENT,
        url: str('The resource, https (plain http only on 127.0.0.1, localhost or [::1], for the simulator).', {
          format: 'uri',
        }),
        method: { enum: ['GET', 'HEAD', 'POST'], description: 'Default GET.' },
        expectStatus: {
          type: 'integer',
          minimum: 100,
          maximum: 599,
          description: 'The status that means the API accepted the token (default: any 2xx).',
        },
      },
      required: ['url'],
      additionalProperties: false,
    },
  },
  systemLog: {
    type: 'boolean',
    description:
      `Org AS: read Okta's System Log for each failure's reason, the admin changes before it and the org's ` +
      (`rate-limit events (docs/system-log.md). Needs okta.logs.read in scopes (granted), private_key_jwt, ` +
        `and ${grantAdvice(SYSTEM_LOG_SCOPE)}.`),
  },
  inventory: {
    type: 'boolean',
    description:
      'Org AS: read what will break next every inventoryEveryMinutes (docs/inventory.md): API tokens ' +
      "(okta.apiTokens.read), SAML apps' signing certificates (okta.apps.read), IdP certificates " +
      '(okta.idps.read), log streams (okta.logStreams.read), event hooks (okta.eventHooks.read) and agent ' +
      'pools (okta.agentPools.read); each kind whose scope is in scopes. Needs private_key_jwt and, per ' +
      'scope, the narrowest admin role (docs/inventory.md, "What to grant").',
  },
  privateKeyFile: str(
    'CLI: a PKCS#8 PEM private key file (-----BEGIN PRIVATE KEY-----), relative to this file ' +
      '(private_key_jwt). Convert a PKCS#1 key with openssl pkcs8 -topk8 -nocrypt -in key.pem -out ' +
      'key-pkcs8.pem. Read as a regular file of at most 64 KB; one that group or others can read warns (chmod ' +
      '600).',
  ),
  privateKeyEnv: str(
    'CLI: the NAME of the environment variable holding the PEM private key (escaped \\n accepted). A key ' +
      'pasted here is refused, never quoted.',
  ),
  clientSecret: str(
    'CLI only, for throw-away test apps: the client secret itself (client_secret_basic). cdk synth, plan and ' +
      'cost refuse it: a file you deploy from holds no secret. Prefer clientSecretEnv.',
  ),
  clientSecretEnv: str(
    'CLI: the NAME of the environment variable holding the client secret (client_secret_basic). A secret ' +
      'pasted here is refused, never quoted.',
  ),
  secretName: SECRET_NAME(
    'Stack: an existing Secrets Manager secret (name or ARN, in the region the stack deploys to) holding the ' +
      'credential. Without it the stack creates <prefix>/<id> and prints the command that fills it.',
  ),
  authMethod: {
    enum: ['private_key_jwt', 'client_secret_basic'],
    description:
      'Stack: how the app authenticates; required unless a local credential implies it (privateKeyFile, ' +
      'privateKeyEnv: private_key_jwt; clientSecretEnv: client_secret_basic), which the stack never reads.',
  },
  latencyWarnMs: LATENCY_WARN_MS(
    "Stack: this server's own latency alarm threshold (overrides the top-level latencyWarnMs), or null for " +
      'none on this server.',
  ),
  pageFor: PAGE_FOR,
} as const satisfies Record<string, FieldSchema>;

/** An AWS region's name (us-east-1, ap-southeast-2, us-gov-west-1), for `regions` and a journey's `region`. */
const REGION_PATTERN = '^[a-z]{2,4}(-[a-z]+)+-\\d{1,2}$';

/** One region's subnets and security groups, which `vpc` is, or holds for each region deployed. */
export const VPC_SUBNETS = {
  type: 'object',
  additionalProperties: false,
  required: ['subnetIds', 'securityGroupIds'],
  properties: {
    _comment: COMMENT,
    subnetIds: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^subnet-[0-9a-f]{8,17}$' } },
    securityGroupIds: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^sg-[0-9a-f]{8,17}$' } },
  },
} as const satisfies FieldSchema;

/** A signIn entry's default scopes: what an SP reading the ID token's email usually asks for. */
export const SIGN_IN_DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'email'];
/** Minutes between sign-in journeys by default: every sign-in is a System Log event and an Okta session. */
export const SIGN_IN_DEFAULT_EVERY_MINUTES = 5;
/** A "browser" journey's cadence when the config names none: a real browser costs more than the API flows. */
export const BROWSER_DEFAULT_EVERY_MINUTES = 10;

/**
 * What a signed-in app shows, any of which the journey's `app` judges it by (all it names must hold). Never a
 * cookie's value: a session's value is a secret and says nothing a name does not.
 */
export const APP_SUCCESS_SCHEMA = {
  path: str('The path of the URL the browser lands on once the app signed the user in, e.g. "/home".', {
    pattern: '^/[^\\s?#]*$',
  }),
  status: {
    type: 'integer',
    minimum: 200,
    maximum: 399,
    description: "The HTTP status of the app's page once signed in (default: any 2xx).",
  },
  text: str('A text the app\'s page shows once signed in, e.g. "Sign out" (matched case-insensitively).'),
  cookie: str('The NAME of a cookie the app sets once signed in, e.g. "session" (never its value).', {
    pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$",
  }),
} as const satisfies Record<string, FieldSchema>;

/**
 * A journey's app: the service provider behind Okta, signed in to as a person does after the journey's sign-in, in
 * the same browser session (the "app-sign-in" check; docs/sign-in.md, docs/saml-apps.md).
 */
export const APP_SCHEMA = {
  _comment: COMMENT,
  name: DISPLAY_NAME('the app', 'Expenses'),
  protocol: {
    enum: ['oidc', 'saml'],
    description:
      '"oidc": the app starts the sign-in itself (its own state and PKCE) at loginUrl and exchanges Okta\'s code; ' +
      '"saml": loginUrl is Okta\'s app link on the org, whose assertion the browser posts to the app.',
  },
  loginUrl: str(
    "OIDC: the app's own login URL, as a person opens it. SAML: Okta's app link (Applications > Applications > " +
      "[app] > General > App Embed Link), on the org's origin.",
    { pattern: `^${CALLABLE_ORIGIN}(/[^\\s]*)?$` },
  ),
  success: {
    type: 'object',
    properties: APP_SUCCESS_SCHEMA,
    additionalProperties: false,
    minProperties: 1,
    description: 'What the app shows once it signed the user in: a landing path, a status, a text, a cookie name.',
  },
  logoutUrl: str(
    "The app's logout URL, opened after the judgement so the app's session ends (optional; without it the app's " +
      'session lasts as long as the app keeps it).',
    { pattern: `^${CALLABLE_ORIGIN}(/[^\\s]*)?$` },
  ),
  claims: strings(
    'The claims (OIDC) or attribute names (SAML) the app needs of the user, e.g. ["email"]: named when missing.',
  ),
} as const satisfies Record<string, FieldSchema>;

export const SIGN_IN_SCHEMA = {
  _comment: COMMENT,
  id: str("Unique among servers[].id and signIn[].id: the report's `server` for the journey.", {
    pattern: '^[A-Za-z0-9_-]{1,64}$',
  }),
  name: DISPLAY_NAME('the journey', 'Employee portal'),
  server: str('The servers[] id whose issuer signs the user in ("org" allowed).'),
  flow: {
    enum: ['idx', 'authn', 'direct', 'browser'],
    description:
      '"idx": Identity Engine Interaction Code flow over the IDX API, as the Sign-In Widget signs in ' +
      '(recommended on Identity Engine); "authn": Classic Authentication API then /authorize with the ' +
      'sessionToken (Classic Engine orgs); "direct": Identity Engine Direct Authentication (password grant, ' +
      'then mfa-otp); "browser": the org\'s hosted sign-in page in headless Chromium, its Sign-In Widget filled ' +
      'as a person fills it, then the code exchanged with PKCE (docs/sign-in.md).',
  },
  clientId: str('Client id of the OIDC app people sign in to.'),
  redirectUri: str('"authn" and "idx": a Sign-in redirect URI of that app (named to Okta, never called).', {
    format: 'uri',
  }),
  username: str("The synthetic user's Okta username."),
  passwordEnv: str("CLI: name of the environment variable holding the user's password."),
  totpSecretEnv: str("CLI: name of the environment variable holding the base32 secret of the user's TOTP factor."),
  clientSecretEnv: str(
    "CLI: name of the environment variable holding the app's client secret (a confidential Web app).",
  ),
  secretsFile: str(
    'CLI: instead of the variables, a JSON file beside this one holding {"password", "totpSecret", ' +
      '"clientSecret"}: the stack\'s secret.',
  ),
  confidential: {
    type: 'boolean',
    description:
      'Stack: the app is a confidential client; its client secret is the secret\'s "clientSecret" (default: ' +
      'true when clientSecretEnv is set).',
  },
  secretName: SECRET_NAME(
    'Stack: an existing Secrets Manager secret holding {"password", "totpSecret", "clientSecret"} as JSON.',
  ),
  scopes: scopeList('Scopes requested (default ["openid", "profile", "email"]); must include openid.'),
  requiredClaims: strings('Claims the service provider reads: they must be in the ID token itself.'),
  audience: str('The ID-token aud the service provider expects (default: the clientId).'),
  everyMinutes: {
    type: 'integer',
    minimum: 1,
    maximum: 1440,
    description:
      `Minutes between journeys (default ${SIGN_IN_DEFAULT_EVERY_MINUTES}; a "browser" journey ` +
      `${BROWSER_DEFAULT_EVERY_MINUTES}): every sign-in is a System Log event and a session. A "browser" journey ` +
      `at most ${MAX_EVENT_AGE_MINUTES}: its deployed schedule keeps a run's event one period, which Lambda bounds ` +
      'at 6 hours.',
  },
  totpAuthenticator: {
    enum: ['google-authenticator', 'okta-verify'],
    description:
      '"authn" and "idx": the TOTP authenticator the seed (totpSecret) belongs to, when the user has both ' +
      'Google Authenticator and Okta Verify; the probe answers only that one. Default: the first Okta offers ' +
      '(Google Authenticator first on "idx": on Identity Engine only its enrollment shows the seed).',
  },
  authenticator: {
    enum: ['passkey'],
    description:
      '"idx" only: "passkey" signs the user in with a passkey (FIDO2 WebAuthn, a software authenticator the ' +
      'probe holds), as phishing-resistant policies demand, instead of a TOTP code. Enroll it with ' +
      'docs/passkey.md.',
  },
  passkeyFile: str(
    'CLI, with "authenticator": "passkey": a JSON file beside this one holding {"credentialId", ' +
      '"privateKey", "rpId"} (mode 0600), e.g. "keys/<journey>-passkey.json". Stack: the passkey is the ' +
      '"passkey" member of the user\'s secret.',
  ),
  pageFor: PAGE_FOR,
  renderBudgetSeconds: {
    type: 'integer',
    minimum: 1,
    maximum: 60,
    description:
      '"browser" only: seconds the Sign-In Widget may take to render before the page warns (SIGN_IN_PAGE_SLOW; ' +
      'default 4). Raise it for a page whose branding people accept waiting for; it never fails the sign-in.',
  },
  app: {
    type: 'object',
    properties: APP_SCHEMA,
    required: ['protocol', 'loginUrl', 'success'],
    additionalProperties: false,
    description:
      '"browser" only: after the sign-in, sign in to the app itself in the same browser session and judge its ' +
      'answer (the "app-sign-in" check): the app\'s refusal is the app\'s, told beside what Okta gave it.',
  },
  region: str(
    'Stack, with several "regions": the one region whose probe runs this journey (and the SAML apps and groups ' +
      'that sign in through it); the others skip it. Default: the first of "regions".',
    { pattern: REGION_PATTERN },
  ),
} as const satisfies Record<string, FieldSchema>;

export const SAML_APP_SCHEMA = {
  _comment: COMMENT,
  id: str("Unique among servers[].id, signIn[].id and samlApps[].id: the report's `server` for the app's checks.", {
    pattern: '^[A-Za-z0-9_-]{1,64}$',
  }),
  name: DISPLAY_NAME('the app', 'Salesforce'),
  signIn: str(
    'The signIn[] journey whose user opens the Okta session: flow "authn" or "idx" ("direct" opens no session).',
  ),
  ssoUrl: str(
    "The app's Identity Provider Single Sign-On URL (Sign On tab > View SAML setup instructions): " +
      'https://<org>/app/<name>/<app id>/sso/saml.',
    { format: 'uri' },
  ),
  metadataUrl: str(
    "The app's Metadata URL (Sign On tab): https://<org>/app/<app id>/sso/saml/metadata. Its signing " +
      'certificate is pinned.',
    { format: 'uri' },
  ),
  audience: str("The SP's entity ID: the app's Audience URI (SP Entity ID) must equal it."),
  recipient: str(
    "The SP's Assertion Consumer Service URL: the assertion's Recipient (the app's Recipient URL, or its " +
      'Single sign-on URL when "Use this for Recipient URL and Destination URL" is ticked) must equal it; ' +
      "also the Destination and the form's action unless destination or acsUrl say otherwise.",
    { format: 'uri' },
  ),
  destination: str(
    "The Response's Destination the SP expects, when Okta's Destination URL differs from its Recipient URL " +
      '(default: recipient).',
    { format: 'uri' },
  ),
  acsUrl: str(
    "The https URL the browser posts the assertion to (the form's action: the app's Single sign-on URL), " +
      'when it differs from recipient (default: recipient).',
    { format: 'uri', pattern: '^https://' },
  ),
  requiredAttributes: strings(
    'Attributes the SP reads: present and non-empty in the assertion (Attribute Statements, Group Attribute ' +
      'Statements).',
  ),
  nameIdFormat: str(
    'The NameID format the SP expects, e.g. urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress (default: ' +
      'not checked).',
  ),
  group: str(
    "The samlGroups[].id whose counts and alarms include this app (default: its journey's group, " +
      '"<signIn>-saml"): no metric, alarm or widget of its own.',
  ),
  ownAlarm: {
    type: 'boolean',
    description:
      'The exception: this app gets its own metrics, page and warn alarms and dashboard row (about $2 a ' +
      'month), checked in every session of its journey, instead of being counted in a group.',
  },
} as const satisfies Record<string, FieldSchema>;

/** An Okta object id: its type's three characters and 17 more (Okta's ids are 20 characters: sim/ids.ts). */
const oktaIdPattern = (prefix: string): string => `^${prefix}[A-Za-z0-9]{17}$`;

/** A row of accessAssertions: who, on which app, from where, and what Okta's policy simulation should give. */
export const ACCESS_ASSERTION_SCHEMA = {
  _comment: COMMENT,
  id: str('A short name for the row: the report, the run line and the notification name it (unique in the list).', {
    pattern: '^[A-Za-z0-9_-]{1,64}$',
  }),
  app: str(
    "The app's id (Applications > Applications > [app]: the 0oa... id in the address), or its label as that page " +
      'shows it (found each hour with okta.apps.read).',
    // An id, or a label (a label never starts as an id does: a mistyped id is refused, never looked up as a label).
    { pattern: `^(?:${oktaIdPattern('0oa').slice(1, -1)}|(?!0oa)\\S.{0,99})$` },
  ),
  user: str("A user's id (Directory > People > [person]: the 00u... id in the address).", {
    pattern: oktaIdPattern('00u'),
  }),
  groups: strings('The ids of the groups the simulated user is in (Directory > Groups > [group]: 00g...).', {
    items: { type: 'string', minLength: 1, pattern: oktaIdPattern('00g') },
  }),
  zone: str('The id of the network zone the request comes from (Security > Networks: nzo...).', {
    pattern: oktaIdPattern('nzo'),
  }),
  ip: str('The IP address the request comes from (IPv4 or IPv6), instead of a zone.'),
  device: {
    type: 'object',
    additionalProperties: false,
    properties: {
      _comment: COMMENT,
      platform: { enum: DEVICE_PLATFORMS, description: "The device's platform." },
      registered: { type: 'boolean', description: 'The device is registered (Okta Verify).' },
      managed: { type: 'boolean', description: 'The device is managed.' },
      assuranceId: str('The id of a device assurance policy the device meets (Security > Device assurance: dae...).', {
        pattern: oktaIdPattern('dae'),
      }),
    },
    description: 'The device the simulation declares (never observed).',
  },
  risk: { enum: RISK_LEVELS, description: 'The risk level the simulation declares (never observed).' },
  expect: {
    type: 'object',
    additionalProperties: false,
    properties: {
      _comment: COMMENT,
      policy: str('The authentication policy Okta should match: its name or id (rst...).'),
      rule: str('The rule of that policy Okta should match: its name or id (rul...).'),
      access: { enum: ['ALLOW', 'DENY'], description: "The rule's access." },
      factors: {
        enum: FACTOR_REQUIREMENTS,
        description: 'What the rule asks, weakest first: "password only", "two factors", "phishing-resistant".',
      },
    },
    description: 'What Okta should give: only what the row names is asserted.',
  },
} as const satisfies Record<string, FieldSchema>;

export const SAML_GROUP_SCHEMA = {
  _comment: COMMENT,
  id: str(
    "Unique among every id of the config: the report's `server` for the group, and its alarms' and metrics' " +
      'name. "<signIn>-saml" configures the journey\'s default group.',
    { pattern: '^[A-Za-z0-9_-]{1,64}$' },
  ),
  name: DISPLAY_NAME('the group', 'Every app of the portal user'),
  signIn: str('The signIn[] journey whose sessions get the assertions: flow "authn" or "idx".'),
  discover: {
    oneOf: [
      {
        const: 'assigned',
        description:
          "Every active SAML 2.0 app assigned to the journey's user (needs okta.apps.read and " +
          'okta.users.read on the "org" server).',
      },
      {
        type: 'object',
        properties: {
          labelPrefix: str('Every active SAML 2.0 app whose label starts with this (needs okta.apps.read).'),
        },
        required: ['labelPrefix'],
        additionalProperties: false,
      },
      {
        type: 'object',
        properties: {
          oktaGroupId: str(
            'Every active SAML 2.0 app assigned to this Okta group, 00g... (needs okta.apps.read and ' +
              'okta.groups.read).',
            { pattern: '^00g[A-Za-z0-9]{5,30}$' },
          ),
        },
        required: ['oktaGroupId'],
        additionalProperties: false,
      },
    ],
    description:
      'Find the group\'s apps through the Management API, read-only, with the "org" server\'s credential ' +
      "(private_key_jwt): each app's SSO and metadata URLs, and its Audience, Recipient and Destination as " +
      'Okta is configured. Absent: the listed apps (samlApps with this group) only.',
  },
  everyMinutes: {
    type: 'integer',
    minimum: 5,
    maximum: 1440,
    description:
      `Each app is checked at least this often, minutes (default ${SAML_GROUP.everyMinutes}), in shares spread ` +
      `over the journey's runs; apps that failed or warned are checked again within half a share more, so a ` +
      `session checks at most 1.5 times its share.`,
  },
  concurrency: {
    type: 'integer',
    minimum: 1,
    maximum: SAML_GROUP.maxConcurrency,
    description:
      `Apps checked at once, at most (default ${SAML_GROUP.concurrency}; Okta's concurrent limit is 15 ` +
      `requests on the smallest orgs).`,
  },
} as const satisfies Record<string, FieldSchema>;

const ENDPOINTS = {
  type: 'array',
  items: {
    oneOf: [
      // SNS subscribes https endpoints only: no plain http, not even to this machine.
      { type: 'string', format: 'uri', pattern: `^${HTTPS_ORIGIN}([/?#]\\S*)?$` },
      {
        type: 'object',
        properties: { _comment: COMMENT, secretName: str('A secret whose value is the https URL.') },
        required: ['secretName'],
        additionalProperties: false,
      },
    ],
  },
} as const satisfies FieldSchema;

export const TOP_SCHEMA = {
  $schema: { type: 'string', description: "This file's JSON Schema, for editors." },
  _comment: COMMENT,
  orgUrl: str(
    'The org address, e.g. https://acme.okta.com: https (plain http only for 127.0.0.0/8, localhost, [::1]), ' +
      'no path or query, trailing slash removed. Not the -admin address.',
    { format: 'uri', pattern: ORG_ADDRESS },
  ),
  statusPageUrl: {
    type: ['string', 'null'],
    minLength: 1,
    format: 'uri',
    pattern: CALLABLE_URL,
    description:
      "Okta's status feed (default https://feeds.feedburner.com/OktaTrustRSS; status.okta.com has no JSON " +
      'API), another Atom/RSS feed or a Statuspage v2 status.json; https (same loopback rule as orgUrl); ' +
      'null skips the status check. Whether Okta still keeps the default feed since incident subscriptions moved ' +
      'to status.okta.com per cell (April 2025) is not confirmed: a feed silent for 60 days warns ' +
      "STATUS_FEED_STALE (docs/decisions/status-feed.md). Not the help desk's page (that is statusPage).",
  },
  oktaCell: str(
    'The cell your org lives in, as the Admin Console shows it ("US Cell 6", "OK6", "EU Cell 1"). Okta\'s ' +
      "feed names cells only in an entry's text: with oktaCell set, the status check counts an open incident " +
      "only when its entries name your cell, every cell, or no cell, so another cell's outage never pages " +
      'you. Without it, every open incident counts.',
    { pattern: CELL_PATTERN },
  ),
  timeoutMs: {
    type: 'integer',
    minimum: 100,
    maximum: 60000,
    description:
      `Per request, ms (default ${DEFAULTS.timeoutMs}). A slower answer fails its check as TIMEOUT. Each part of ` +
      "a run's System Log " +
      'look-up ends within 2 s, or 40 % of this when that is longer.',
  },
  maxInFlight: {
    type: 'integer',
    minimum: 1,
    maximum: OKTA_CONCURRENCY.integratorFree,
    description:
      `The run's requests to Okta in flight at once, at most (default ${DEFAULTS.maxInFlight}). Okta's concurrent ` +
      'limit is org-wide, ' +
      "75 requests (35 on Integrator Free), shared with every app and user: plan states the probe's worst case.",
  },
  rateLimitWarnPercent: {
    type: 'number',
    minimum: 0,
    maximum: 100,
    description:
      "Headroom of a server's /token rate-limit bucket below this percent is RATE_LIMIT_HEADROOM_LOW (default " +
      `${DEFAULTS.rateLimitWarnPercent}).`,
  },
  clockSkewWarnSeconds: {
    type: 'number',
    minimum: 1,
    maximum: 3600,
    description:
      "Skew between Okta's Date header and the local clock beyond this many seconds is CLOCK_SKEW (default " +
      `${DEFAULTS.clockSkewWarnSeconds}: a TOTP code is accepted within ±30 s).`,
  },
  latencyWarnMs: LATENCY_WARN_MS(
    'Stack: a server whose p90 latency is above this many ms in 2 of the last 3 runs warns ' +
      '(<prefix>-<server>-latency; docs/alarms.md). Below timeoutMs, since a slower request fails as TIMEOUT ' +
      'and pages. Absent: 2000 when that is below timeoutMs; null for none. servers[].latencyWarnMs overrides ' +
      'it per server. It costs a metric and an alarm per server.',
  ),
  expiryWarnDays: {
    type: 'integer',
    minimum: 1,
    maximum: 365,
    description:
      "Warn when a certificate (an app's or IdP's signing certificate in the inventory, a SAML app's) has " +
      `fewer days left than this (default ${DEFAULTS.expiryWarnDays}).`,
  },
  apiTokenWarnDays: {
    type: 'integer',
    minimum: 1,
    maximum: 29,
    description:
      `Inventory: warn when an API token has fewer days left than this (default ${INVENTORY.apiTokenWarnDays}: a ` +
      `token unused for ${INVENTORY.tokenWindowDays - INVENTORY.apiTokenWarnDays} days of Okta's default ` +
      `${INVENTORY.tokenWindowDays}-day window); a token whose ` +
      'tokenWindow is shorter warns at the same share ' +
      'of its window (70 s of PT5M).',
  },
  inventoryEveryMinutes: {
    type: 'integer',
    minimum: 5,
    maximum: 1440,
    description:
      `Inventory: minutes between reads of the org's inventory (default ${INVENTORY.everyMinutes}): it changes ` +
      'slowly and shares ' +
      "the org's rate limits.",
  },
  inventoryMaxApps: {
    type: 'integer',
    minimum: 1,
    maximum: 2000,
    description:
      'Inventory: SAML/WS-Fed apps whose signing key is read per inventory, at most (default ' +
      `${INVENTORY.maxApps}; one request each).`,
  },
  alarmEmails: {
    type: 'array',
    items: { type: 'string', format: 'email', pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' },
    description:
      "Stack: subscribed to the page and the warn message topics: the notifier's message with the diagnosis " +
      '(each address confirms each subscription by e-mail). Default none.',
  },
  scheduleMinutes: {
    type: 'integer',
    minimum: 1,
    maximum: 60,
    description:
      `Stack: minutes between probe runs (default ${DEPLOY_DEFAULTS.scheduleMinutes}). The alarms' windows follow ` +
      'it (docs/alarms.md).',
  },
  runLogRetentionDays: {
    enum: LOG_RETENTION_DAYS,
    description:
      'Stack: days the run log is kept for the availability report (default ' +
      `${DEPLOY_DEFAULTS.runLogRetentionDays}).`,
  },
  harRetentionDays: {
    type: ['integer', 'null'],
    minimum: 1,
    maximum: 365,
    description:
      "Stack: days each failed check's sanitized HTTP trace (HAR, for a case with Okta Support) is kept in the " +
      `stack's S3 bucket (default ${DEPLOY_DEFAULTS.harRetentionDays}); null: no bucket, no traces. The ` +
      'notification links to the trace.',
  },
  slaTargetPercent: {
    type: 'number',
    minimum: 90,
    maximum: 100,
    description: `The availability report's SLA target, percent (default ${DEPLOY_DEFAULTS.slaTargetPercent}).`,
  },
  regions: strings(
    "Stack: AWS regions to deploy the probe to, one stack each, all in one partition (default: the CLI's " +
      'region). With two or more, a page needs quorum.agree regions failing together (docs/alarms.md).',
    { items: { type: 'string', minLength: 1, pattern: REGION_PATTERN } },
  ),
  quorum: QUORUM_SCHEMA,
  preview: PREVIEW_SCHEMA,
  statusPage: STATUS_PAGE_SCHEMA,
  metricStream: METRIC_STREAM_SCHEMA,
  namespace: str(
    'Stack: CloudWatch namespace, not starting with AWS/ (default OktaSynthetics, or OktaSynthetics/<prefix> ' +
      'with another prefix). The metrics carry only the server id as a dimension, the same in every org, so ' +
      'two deployments must not share one.',
    { maxLength: 255, pattern: '^(?!AWS/)[A-Za-z0-9.\\-_/#: ]+$' },
  ),
  prefix: str(
    "Stack: prefix of every resource, alarm and secret name, and the stack's name (default okta-synthetics). " +
      'Changing it starts a new deployment with new secrets; the old ones are kept (docs/deploying.md).',
    { pattern: '^[A-Za-z0-9-]{1,40}$' },
  ),
  reservedConcurrency: {
    type: ['integer', 'null'],
    minimum: 1,
    maximum: 1000,
    description:
      'Stack: reserved concurrency of the probe function (default null: none). A reservation fails the ' +
      'deploy in accounts whose quota is below 100 plus it.',
  },
  memoryMb: {
    type: ['integer', 'null'],
    minimum: 128,
    maximum: 10240,
    description:
      "Stack: the probe function's memory in MB, 128-10240 (default null: sized from the config, a third free " +
      "above its expected peak; `plan` shows the size and why). Lambda's CPU share grows with it.",
  },
  vpc: {
    description:
      'Stack: run the probe in these subnets: private ones routed to a NAT gateway with an Elastic IP, so it ' +
      'reaches Okta from one address an Okta network zone can allow (and a zone change that shuts your own ' +
      'services out shows as NETWORK_ZONE_DENIED). The security groups must allow outbound 443. A VPC belongs ' +
      'to one region: with several "regions", a map of region to its subnets, one entry for each, e.g. ' +
      '{ "us-east-1": { "subnetIds": [...], "securityGroupIds": [...] }, "eu-west-1": { ... } }, and the zone ' +
      "lists each region's NAT address. Default: Lambda's own network, whose addresses change.",
    oneOf: [
      VPC_SUBNETS,
      {
        type: 'object',
        minProperties: 1,
        propertyNames: { pattern: REGION_PATTERN },
        additionalProperties: VPC_SUBNETS,
      },
    ],
  },
  alarmEndpoints: {
    type: 'object',
    properties: { _comment: COMMENT, page: ENDPOINTS, warn: ENDPOINTS },
    additionalProperties: false,
    description:
      'Stack: { "page": [...], "warn": [...] }, https subscriptions (PagerDuty, Opsgenie, webhooks) to the ' +
      "alarm topic of that severity, which carries CloudWatch's alarm JSON. A URL holding an integration " +
      'key must be { "secretName": ... }: refused in clear (docs/alarms.md).',
  },
  chat: {
    type: 'object',
    additionalProperties: false,
    description:
      'Stack: { "slack": [{ workspaceId, channelId, severities? }], "teams": [{ teamId, channelId, tenantId, ' +
      "severities? }] }: Amazon Q Developer channel configurations receiving the notifier's messages; " +
      'severities default to both.',
    properties: {
      _comment: COMMENT,
      slack: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            _comment: COMMENT,
            workspaceId: str('T...'),
            channelId: str('C...'),
            severities: SEVERITY_LIST,
          },
          required: ['workspaceId', 'channelId'],
          additionalProperties: false,
        },
      },
      teams: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            _comment: COMMENT,
            teamId: str('GUID'),
            channelId: str('19:...@thread.tacv2'),
            tenantId: str('GUID'),
            severities: SEVERITY_LIST,
          },
          required: ['teamId', 'channelId', 'tenantId'],
          additionalProperties: false,
        },
      },
    },
  },
  localNotifications: {
    type: 'array',
    description:
      'CLI: where "run --history" (cron or --every) sends its own alarms, once per change of state, without ' +
      'AWS (docs/alarms.md). Each secret is a ${VAR} reference, read from the environment when a message is ' +
      'sent; a value is refused, never quoted.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: {
        _comment: COMMENT,
        kind: {
          enum: LOCAL_CHANNEL_KINDS,
          description:
            'slack / teams: an incoming webhook (Teams: a Workflows webhook); pagerduty: Events API v2; ' +
            'webhook: JSON POST.',
        },
        // Which of the two a kind takes is its reader's rule (local-notifications.ts); the pattern takes either.
        url: str(
          'slack, teams, webhook: "${VAR}", the variable holding the webhook URL; pagerduty: the Events API ' +
            'address (default https://events.pagerduty.com/v2/enqueue).',
          { pattern: `^(${VARIABLE}|${CALLABLE})$` },
        ),
        routingKey: VARIABLE_REFERENCE('pagerduty: "${VAR}", the variable holding the integration\'s routing key.'),
        severities: SEVERITY_LIST,
      },
    },
  },
  servers: {
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      properties: SERVER_SCHEMA,
      required: ['id', 'clientId', 'scopes'],
      additionalProperties: false,
    },
    description: 'The authorization servers to probe.',
  },
  signIn: {
    type: 'array',
    items: {
      type: 'object',
      properties: SIGN_IN_SCHEMA,
      required: ['id', 'server', 'flow', 'clientId', 'username'],
      additionalProperties: false,
      // A "browser" journey runs on a schedule of its own, whose event age Lambda bounds (MAX_EVENT_AGE_MINUTES).
      if: { properties: { flow: { const: 'browser' } }, required: ['flow'] },
      then: { properties: { everyMinutes: { type: 'integer', maximum: MAX_EVENT_AGE_MINUTES } } },
    },
    description: 'Synthetic users signing in to an OIDC app, each every everyMinutes.',
  },
  samlApps: {
    type: 'array',
    items: {
      type: 'object',
      properties: SAML_APP_SCHEMA,
      required: ['id', 'signIn', 'ssoUrl', 'metadataUrl', 'audience', 'recipient'],
      additionalProperties: false,
    },
    description:
      "SAML apps whose assertion the named journey's session gets from Okta, judged as the SP would (never " +
      'posted to the SP); counted in a group (samlGroups) unless ownAlarm.',
  },
  userSignIns: {
    type: 'object',
    additionalProperties: false,
    properties: {
      _comment: { type: 'string' },
      minEvents: {
        type: 'integer',
        minimum: 1,
        maximum: 100000,
        description:
          `Sign-ins to an app (a factor, an IdP) in the window before it is judged; fewer is "not enough data", ` +
          `never a failure (default ${USER_SIGN_INS.minEvents}).`,
      },
      failureRate: {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: 1,
        description:
          'Fraction of the distinct people who tried and never got in at or above which an app, factor or IdP ' +
          `fails (default ${USER_SIGN_INS.failureRate}: 20 %).`,
      },
      eventSource: {
        type: 'string',
        pattern: '^aws\\.partner/okta\\.com/[A-Za-z0-9._-]+/[A-Za-z0-9._/-]+$',
        maxLength: 256,
        description:
          "Deployed: read the sign-ins from Okta's Log Streaming to Amazon EventBridge, this partner event source " +
          '("aws.partner/okta.com/<your Okta subdomain>/<name>"), through a queue and a batching aggregator, ' +
          'instead of polling the System Log (for large orgs).',
      },
    },
    description:
      "Judge real users' sign-ins per app, factor and federated IdP from Okta's System Log (docs/user-sign-ins.md): " +
      'needs the "org" server with "systemLog": true. The synthetic users of signIn are left out.',
  },
  provisioning: {
    type: 'object',
    additionalProperties: false,
    properties: {
      _comment: { type: 'string' },
      pageOnLeavers: {
        type: 'boolean',
        description:
          'Page, not only warn, while people unassigned from an app may keep their account there (a failed ' +
          `deactivation, or an app that never deactivates) (default ${String(PROVISIONING.pageOnLeavers)}).`,
      },
      lookbackHours: {
        type: 'integer',
        minimum: 1,
        maximum: PROVISIONING.maxLookbackHours,
        description:
          'How far back the first run reads the provisioning events, hours; later runs read on from where the ' +
          `last stopped. The System Log keeps 90 days (default ${PROVISIONING.lookbackHours}).`,
      },
    },
    description:
      "Watch provisioning to the org's apps from Okta's System Log and the app listing (docs/provisioning.md): " +
      'apps whose accounts Okta can no longer create or remove, and leavers who may keep access. Read-only; needs ' +
      'the "org" server with "systemLog": true and okta.apps.read in its scopes.',
  },
  integrationHealth: {
    type: 'object',
    additionalProperties: false,
    properties: { _comment: { type: 'string' } },
    description:
      "Watch the org's own integrations on the sign-in path from Okta's System Log (docs/integration-health.md): " +
      "inline hooks failing, SMS and voice failing over or undelivered, the org's SMTP server refusing, imports " +
      'stopped, group and policy rules in error, Workflows throttled. Read-only; needs the "org" server with ' +
      '"systemLog": true.',
  },
  accessAssertions: {
    type: 'array',
    maxItems: ACCESS_ASSERTIONS.maxRows,
    items: {
      type: 'object',
      properties: ACCESS_ASSERTION_SCHEMA,
      required: ['id', 'app', 'expect'],
      additionalProperties: false,
    },
    description:
      "Who should get what, asserted every run through Okta's policy simulation (docs/access-assertions.md): one " +
      `call for every row, nothing signs in. Needs the "org" server and ${POLICIES_SCOPE} granted to its app, with ` +
      `an admin role that reads policies; an Identity Engine org. At most ${ACCESS_ASSERTIONS.maxRows} rows.`,
  },
  samlGroups: {
    type: 'array',
    items: { type: 'object', properties: SAML_GROUP_SCHEMA, required: ['id', 'signIn'], additionalProperties: false },
    description:
      'Groups of SAML apps, listed (samlApps) or found through the Management API (discover): each app ' +
      'checked at least every everyMinutes, and counted per group (apps failing, expiring, overdue) at a ' +
      'flat cost, whatever the number of apps.',
  },
} as const satisfies Record<string, FieldSchema>;

export const TOP_FIELDS = Object.keys(TOP_SCHEMA) as (keyof typeof TOP_SCHEMA)[];
export const SERVER_FIELDS = Object.keys(SERVER_SCHEMA) as (keyof typeof SERVER_SCHEMA)[];

const TOP_REQUIRED = ['orgUrl', 'servers'] as const;

/** The JSON Schema editors read (okta-synthetics.schema.json): the same fields the validator accepts. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'okta-synthetics configuration',
    description:
      'The probe configuration read by the CLI, the CDK stack and the Lambda. The validator gives each ' +
      'problem with its fix; this schema gives editors completion and the shape.',
    type: 'object',
    properties: TOP_SCHEMA,
    required: TOP_REQUIRED,
    additionalProperties: false,
  };
}

export const ACCEPTED_CREDENTIALS: Record<ConfigMode, string> = {
  cli: 'privateKeyFile or privateKeyEnv (private_key_jwt), clientSecret or clientSecretEnv (client_secret_basic)',
  deploy:
    'authMethod ("private_key_jwt" or "client_secret_basic"), or the CLI\'s privateKeyFile, privateKeyEnv or ' +
    'clientSecretEnv, which implies it (the stack never reads them); optionally secretName (an existing ' +
    'secret)',
};

/**
 * The configuration file as JSON, before validation: what people write and what the simulator writes for a run
 * against it (sim/config.ts). One shape for the two writers, derived from the declarations above (schema-type.ts),
 * so it cannot differ from the JSON Schema editors read; parse.ts is its only reader (the Lambda gets the parsed
 * config instead: resolved.ts). Field names are a contract: tests outside this repository write them.
 */
export type ConfigFileJson = FromFields<typeof TOP_SCHEMA, (typeof TOP_REQUIRED)[number]>;
export type ServerFileJson = FromSchema<typeof TOP_SCHEMA.servers.items>;
