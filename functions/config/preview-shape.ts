// The Preview org's block in the configuration (`preview`): its JSON Schema and the fields a Preview entry may set,
// apart from config/preview.ts (which reads them) so that schema.ts and the simulator reach the shape without the
// readers. Field names are a contract.
import { MAX_EVENT_AGE_MINUTES } from '../contract';
import { CELL_PATTERN } from '../okta-cell';
import type { ProbeConfig } from '../types';

/** The Preview org as the CLI probes it: its own probe config, and how its targets pair with Production's. */
export interface PreviewConfig {
  /** The Preview org's probe config, derived from Production's (previewConfigFile) and parsed alike. */
  readonly probe: ProbeConfig;
  /** Minutes between the Preview org's deployed runs. @default 5 */
  readonly everyMinutes: number;
  /** Each Preview target's id (a custom server's Preview id) to the Production id it mirrors. */
  readonly pairs: Readonly<Record<string, string>>;
  /**
   * By Production id: the fields of its Preview entry that ask Okta something Production's entry does not (an issuer,
   * a redirect URI, an API): a failure there may be the Preview config's, not the release's.
   */
  readonly diverging: Readonly<Record<string, readonly string[]>>;
  /**
   * By Production id: a server whose Production issuer is on a custom URL domain and whose Preview entry sets none,
   * with the issuer derived from the Preview org instead (previewIssuers): `plan` says so.
   */
  readonly issuers?: Readonly<Record<string, { readonly production: string; readonly preview: string }>>;
  /**
   * By Production id: the fields the Preview entry may set for its own org (an issuer) but leaves unset while
   * Production's entry sets them: the Preview org is asked with its own derived value (an issuer from its orgUrl,
   * never Production's), so a failure about one is the Preview org's own setup (previewInherited).
   */
  readonly inherited?: Readonly<Record<string, readonly string[]>>;
  /** Okta's Preview release notes feed (RSS), read when a check fails in Preview alone; null: never read. */
  readonly releaseNotesUrl: string | null;
}

/** Okta's Preview release notes feed for Identity Engine orgs (help.okta.com): one item per release. */
export const PREVIEW_RELEASE_NOTES_URL = 'https://help.okta.com/oie/en-us/rss/preview.xml';

/** Minutes between the Preview org's runs by default: a warning for the morning, never a page. */
export const PREVIEW_DEFAULT_EVERY_MINUTES = 5;

const COMMENT = { type: 'string', description: 'Free text for people; ignored.' } as const;
const str = (description: string) => ({ type: 'string', minLength: 1, description }) as const;

/**
 * What a Preview entry of a server may set: the Preview org's own copy of the app, its credential and its
 * authorization server's id. Everything else (scopes, audience, requiredClaims, checks) is Production's, so the two
 * orgs are asked the same things.
 */
export const PREVIEW_SERVER_FIELDS = {
  _comment: COMMENT,
  clientId: str("Client id of the Preview org's own API Services app (required: an app belongs to one org)."),
  authorizationServerId: str(
    'The Preview org\'s id of this custom authorization server ("aus..."), when it differs from Production\'s.',
  ),
  keyId: str("kid of the Preview app's public key (private_key_jwt only)."),
  privateKeyFile: str("CLI: the Preview app's PKCS#8 PEM key file, relative to this file."),
  privateKeyEnv: str("CLI: the NAME of the environment variable holding the Preview app's PEM key."),
  clientSecret: str('CLI only, for throw-away test apps: the Preview client secret itself. Prefer clientSecretEnv.'),
  clientSecretEnv: str("CLI: the NAME of the environment variable holding the Preview app's client secret."),
  secretName: str("Stack: an existing Secrets Manager secret holding the Preview app's credential."),
  authMethod: {
    enum: ['private_key_jwt', 'client_secret_basic'],
    description: 'Stack: how the Preview app authenticates.',
  },
  issuer: str("The iss the Preview org's server issues with, when not the derived one (a custom URL domain)."),
  authorize: {
    type: 'object',
    additionalProperties: false,
    properties: {
      _comment: COMMENT,
      clientId: str('The Preview app whose /authorize is probed.'),
      redirectUri: str('A Sign-in redirect URI registered on that Preview app.'),
    },
    description: "The Preview org's app for the authorize check; its scopes are Production's.",
  },
  resources: {
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      additionalProperties: false,
      properties: { url: str('The API, https.') },
      required: ['url'],
    },
    description:
      "The Preview org's tokens' own APIs; without them the resource check is not run in Preview (a Preview " +
      "token is never sent to Production's API).",
  },
} as const;

/** What a Preview entry of a sign-in journey may set: the Preview org's app and its synthetic user. */
export const PREVIEW_SIGN_IN_FIELDS = {
  _comment: COMMENT,
  clientId: str("Client id of the Preview org's own OIDC app (required: an app belongs to one org)."),
  redirectUri: str('"authn" and "idx": a Sign-in redirect URI of that Preview app.'),
  username: str("The Preview org's synthetic user (required: Preview has its own users)."),
  passwordEnv: str("CLI: the NAME of the environment variable holding that user's password."),
  totpSecretEnv: str("CLI: the NAME of the environment variable holding that user's TOTP secret."),
  clientSecretEnv: str("CLI: the NAME of the environment variable holding the Preview app's client secret."),
  secretsFile: str("CLI: instead of the variables, a JSON file beside this one holding the Preview user's secrets."),
  secretName: str("Stack: an existing Secrets Manager secret holding the Preview user's secrets."),
  passkeyFile: str("CLI: the Preview user's passkey file."),
} as const;

/** The JSON Schema of `preview`, for editors (scripts/config-schema.ts). */
export const PREVIEW_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['orgUrl'],
  description:
    "The org's Preview org, probed with the same checks as Production's to see Okta's next release first " +
    "(docs/preview.md). Entries are keyed by the Production entry's id and set only what differs between the " +
    'orgs; an id not listed is not probed in Preview. Its failures warn, never page.',
  properties: {
    _comment: COMMENT,
    orgUrl: str('The Preview org address, e.g. https://acme.oktapreview.com: never the Production org.'),
    oktaCell: {
      type: 'string',
      minLength: 1,
      pattern: CELL_PATTERN,
      description:
        'The Preview org\'s cell, as its Admin Console\'s footer shows it ("OP1 Preview Cell (US)", "OP1"). With it, ' +
        "Okta's status feed (Production's statusPageUrl) is read for that cell too, so an incident there is told as " +
        "Okta's; without it, the Preview org's status is not read.",
    },
    releaseNotesUrl: {
      type: ['string', 'null'],
      minLength: 1,
      format: 'uri',
      description:
        "Okta's Preview release notes feed, read at most once a day and only when a check fails in Preview alone, " +
        `to name the release the failure started with (default ${PREVIEW_RELEASE_NOTES_URL}); https; null never ` +
        'reads it (the warning then says the release is not known).',
    },
    everyMinutes: {
      type: 'integer',
      minimum: 1,
      // Its schedule keeps a run's event one period, which Lambda's asynchronous invocation config bounds.
      maximum: MAX_EVENT_AGE_MINUTES,
      description:
        "Stack: minutes between the Preview org's runs, in the home region (default " +
        `${PREVIEW_DEFAULT_EVERY_MINUTES}, at most ${MAX_EVENT_AGE_MINUTES}: its schedule keeps a run's event one ` +
        'period, which Lambda bounds at 6 hours).',
    },
    servers: {
      type: 'object',
      additionalProperties: { type: 'object', properties: PREVIEW_SERVER_FIELDS, additionalProperties: false },
      description: "By servers[].id: the Preview org's app, credential and authorization server id.",
    },
    signIn: {
      type: 'object',
      additionalProperties: { type: 'object', properties: PREVIEW_SIGN_IN_FIELDS, additionalProperties: false },
      description: "By signIn[].id: the Preview org's app and synthetic user.",
    },
  },
} as const;
