// Shared shapes of the probe: configuration, credentials, check results and the report.
import type {
  CheckName,
  DEVICE_PLATFORMS,
  DiagnosisCode,
  FactorRequirement,
  FaultOwner,
  IntegrationFacts,
  MetricName,
  MetricUnit,
  ProvisioningAppFacts,
  RISK_LEVELS,
  Severity,
} from './contract';

/** `authorize` block of a server: the /authorize call made without a user (prompt=none). */
export interface AuthorizeConfig {
  /** Client id of the (browser-facing) app used for /authorize; defaults to the server's clientId. */
  readonly clientId?: string;
  /** A Login redirect URI registered on that app. Never called: the probe only reads the redirect. */
  readonly redirectUri: string;
  /** Scopes requested; default ["openid"]. */
  readonly scopes?: readonly string[];
}

/** How a server's client authenticates at /token and /introspect (the Org AS accepts only private_key_jwt). */
export type AuthMethod = 'private_key_jwt' | 'client_secret_basic';

/**
 * Where a server's credential comes from, exactly one kind per server.
 * The CLI resolves file/env sources; the Lambda resolves secretArn/secretName through Secrets Manager.
 */
export type CredentialSource =
  /** `judgedPem`: the key as read and judged when the config was loaded, so it is read and judged once. */
  | {
      readonly kind: 'private_key_jwt';
      readonly from: 'file';
      readonly privateKeyFile: string;
      readonly judgedPem?: string;
    }
  | {
      readonly kind: 'private_key_jwt';
      readonly from: 'env';
      readonly privateKeyEnv: string;
      readonly judgedPem?: string;
    }
  | { readonly kind: 'private_key_jwt'; readonly from: 'inline'; readonly privateKeyPem: string }
  | { readonly kind: 'client_secret_basic'; readonly from: 'inline'; readonly clientSecret: string }
  | { readonly kind: 'client_secret_basic'; readonly from: 'env'; readonly clientSecretEnv: string }
  /**
   * Deploy/Lambda: a Secrets Manager secret (name or ARN) holding the PEM key or the client secret, per
   * `secretKind`. `secretId` absent in a deploy config = the stack creates the secret.
   */
  | {
      readonly kind: 'secrets_manager';
      readonly secretId?: string;
      readonly secretKind: AuthMethod;
      /** The privateKeyFile the config names for the CLI, as written: the file the put command reads. */
      readonly keyFile?: string;
    };

/** One authorization server to probe, validated. */
export interface ServerConfig {
  /** "org" for the Org AS; any other value is the id of a custom AS ("default", "aus..."). */
  readonly id: string;
  /** People's name for it ("name" in the file), shown beside the id in alarms, pages and the dashboard. */
  readonly name?: string;
  readonly clientId: string;
  readonly credential: CredentialSource;
  /** `kid` header for the client assertion (optional; Okta matches the app's registered key either way). */
  readonly keyId?: string;
  /** Scopes requested with client credentials. */
  readonly scopes: readonly string[];
  /** Expected `aud` of access tokens (custom AS only; required there). */
  readonly audience?: string;
  /**
   * Expected `iss` when it is not the one derived from orgUrl and the id: behind a custom URL domain a server
   * may keep issuing with the Okta domain, or the other way round (Security > API > Authorization Servers >
   * Issuer). The endpoints are still called under orgUrl.
   */
  readonly issuer?: string;
  /** Claims the downstream API needs in the access token (custom AS only). */
  readonly requiredClaims: readonly string[];
  readonly authorize?: AuthorizeConfig;
  /** Org AS only: one read-only Management API call made with the token (proves the app's admin role). */
  readonly managementApi?: ManagementApiConfig;
  /**
   * Custom AS only: the organisation's own APIs, each called every run with the token this server issued, and
   * judged by what the API answers (the resource check).
   */
  readonly resources?: readonly ResourceConfig[];
  /**
   * Org AS only: read Okta's System Log with this server's token (okta.logs.read): each failure's reason, the admin
   * changes before it, and the org's rate-limit events.
   */
  readonly systemLog?: true;
  /**
   * Org AS only: read the org's inventory every `inventoryEveryMinutes`: API tokens, apps' and IdPs'
   * certificates, log streams, event hooks and agent pools, each with its own okta.*.read scope.
   */
  readonly inventory?: true;
  /**
   * Org AS with systemLog only: judge real users' sign-ins per app, factor and IdP from the System Log (the config's
   * top-level "userSignIns", carried by the server whose token reads the log).
   */
  readonly userSignIns?: UserSignInsConfig;
  /**
   * Org AS with systemLog only: judge provisioning to the org's apps from the System Log and the app listing (the
   * config's top-level "provisioning", carried by the server whose token reads them).
   */
  readonly provisioning?: ProvisioningConfig;
  /**
   * Org AS with systemLog only: judge the org's own integrations on the sign-in path (inline hooks, SMS and voice,
   * e-mail, imports, rules) from the System Log (the config's top-level "integrationHealth").
   */
  readonly integrationHealth?: IntegrationHealthConfig;
  /**
   * Org AS only: the top-level "accessAssertions", asserted through Okta's policy simulation with this server's
   * client on a token of okta.policies.read alone.
   */
  readonly accessAssertions?: readonly AccessAssertion[];
  /** Its own latency alarm threshold, ms, or null for none: overrides ProbeConfig.latencyWarnMs (stack only). */
  readonly latencyWarnMs?: number | null;
  /** With the fast path: which causes of its failures page (absent: DEFAULT_PAGE_FOR); the rest warn. */
  readonly pageFor?: readonly FaultOwner[];
}

/** The top-level "userSignIns" block, each setting with its default. The field names are a contract. */
export interface UserSignInsConfig {
  /** Sign-ins before an app (a factor, an IdP) is judged; fewer is "not enough data". */
  readonly minEvents: number;
  /** Fraction of distinct users who never got in at or above which it fails. */
  readonly failureRate: number;
  /**
   * Okta's Log Streaming partner event source ("aws.partner/okta.com/<your Okta subdomain>/<name>"): deployed, the
   * sign-ins arrive through EventBridge and a batching aggregator instead of polling /api/v1/logs. Absent: polling.
   */
  readonly eventSource?: string;
}

/** The top-level "provisioning" block, each setting with its default. The field names are a contract. */
export interface ProvisioningConfig {
  /** Open leavers (people who may keep access to an app they left) page instead of warning. */
  readonly pageOnLeavers: boolean;
  /** How far back a run with no cursor (the first) reads the provisioning events, hours. */
  readonly lookbackHours: number;
}

/** One row of the top-level "accessAssertions": who, on which app, from where, and what it should get. */
export interface AccessAssertion {
  readonly id: string;
  /** The app's id (appInstance). */
  readonly app: string;
  /** The simulated user's id, when the row names one. */
  readonly user?: string;
  /** The groups' ids the simulated user is in (possibly none). */
  readonly groups: readonly string[];
  /** A network zone id, or an IP: where the request comes from. */
  readonly zone?: string;
  readonly ip?: string;
  readonly device?: {
    readonly platform?: (typeof DEVICE_PLATFORMS)[number];
    readonly registered?: boolean;
    readonly managed?: boolean;
    readonly assuranceId?: string;
  };
  readonly risk?: (typeof RISK_LEVELS)[number];
  /** What Okta should give: only what is named is asserted (at least one). */
  readonly expect: {
    readonly policy?: string;
    readonly rule?: string;
    readonly access?: 'ALLOW' | 'DENY';
    readonly factors?: FactorRequirement;
  };
}

/** The top-level "integrationHealth" block: no setting yet ({}). The field name is a contract. */
export type IntegrationHealthConfig = Readonly<Record<string, never>>;

/**
 * The methods a resource check may call: reads, and a POST for an API that has no read. The config declares them
 * (schema.ts, servers[].resources[].method); test/functions/config/declared.test.ts holds the two equal.
 */
type ResourceMethod = 'GET' | 'HEAD' | 'POST';

/** One API the resource check calls with the server's access token. */
export interface ResourceConfig {
  /** https (http only on loopback, for the simulator); the token goes to this URL only, never across a redirect. */
  readonly url: string;
  readonly method: ResourceMethod;
  /** The status that means the API accepted the token; absent: any 2xx. */
  readonly expectStatus?: number;
}

export interface ManagementApiConfig {
  /** Path and query of a GET under /api/v1/, e.g. /api/v1/users?limit=1. */
  readonly path: string;
}

/**
 * How the synthetic user signs in: the Classic Authentication API then /authorize, Direct Authentication at /token,
 * or Identity Engine's Interaction Code flow over the IDX API (the Sign-In Widget's way).
 */
export type SignInFlow = 'authn' | 'direct' | 'idx' | 'browser';

/**
 * The TOTP authenticators whose seed the probe can hold: Google Authenticator's enrollment shows its shared
 * secret on both engines; Okta Verify's only on Classic (on Identity Engine it offers a QR code, SMS or e-mail).
 */
export type TotpAuthenticator = 'google-authenticator' | 'okta-verify';

/**
 * Where a synthetic user's secrets come from: the CLI reads environment variables, the Lambda one Secrets Manager
 * secret holding JSON {"password", "totpSecret"?, "clientSecret"?}.
 */
export type UserSecretSource =
  | {
      readonly from: 'env';
      readonly passwordEnv: string;
      readonly totpSecretEnv?: string;
      readonly clientSecretEnv?: string;
    }
  /** The CLI's secretsFile: the stack's JSON in a file; `judged` as read when the config was loaded. */
  | { readonly from: 'file'; readonly secretsFile: string; readonly judged?: UserCredential }
  /** `secretId` absent in a deploy config = the stack creates the secret. */
  | { readonly from: 'secrets_manager'; readonly secretId?: string };

/** One `signIn` entry, validated: a synthetic user signing in to one OIDC app through one configured server. */
/** What a signed-in app shows (at least one, all must hold); a cookie by its name, never its value. */
export interface AppSuccess {
  readonly path?: string;
  readonly status?: number;
  readonly text?: string;
  readonly cookie?: string;
}

/** A journey's app (signIn[].app): the service provider signed in to after the journey, in its browser session. */
export interface AppConfig {
  /** People's name for the app ("name" in the file), else its login URL's host. */
  readonly name: string;
  readonly protocol: 'oidc' | 'saml';
  /** OIDC: the app's own login URL; SAML: Okta's app link, on the org. */
  readonly loginUrl: string;
  readonly success: AppSuccess;
  readonly logoutUrl?: string;
  /** The claims (OIDC) or attribute names (SAML) the app needs; empty when the config names none. */
  readonly claims: readonly string[];
}

export interface SignInConfig {
  /** Unique among servers[].id and signIn[].id: the report's `server` for the journey. */
  readonly id: string;
  /** People's name for it ("name" in the file), shown beside the id in alarms, pages and the dashboard. */
  readonly name?: string;
  /** The servers[] id whose issuer signs the user in ("org" allowed). */
  readonly server: string;
  readonly flow: SignInFlow;
  /** The OIDC app people sign in to. */
  readonly clientId: string;
  /** A Sign-in redirect URI of the app: required for "authn" and "idx" (named to Okta, never called). */
  readonly redirectUri?: string;
  readonly username: string;
  readonly secrets: UserSecretSource;
  /** Whether the app is a confidential client (a client secret is sent at /token). */
  readonly confidential: boolean;
  /** Default ["openid", "profile", "email"]. */
  readonly scopes: readonly string[];
  /** Claims the service provider reads: they must be in the ID token itself. */
  readonly requiredClaims: readonly string[];
  /** Expected ID-token `aud` when the SP expects something other than the client id. */
  readonly audience?: string;
  /** Minutes between journeys (a run in between skips it). */
  readonly everyMinutes: number;
  /**
   * The TOTP authenticator the seed belongs to, when the user has both ("authn", "idx"); absent: the first Okta offers
   * (Google Authenticator first on "idx").
   */
  readonly totpAuthenticator?: TotpAuthenticator;
  /**
   * "passkey": the user's second factor is a passkey the probe holds ("idx" only): it answers Okta's WebAuthn
   * challenge,
   * never a TOTP code.
   */
  readonly authenticator?: 'passkey';
  /** CLI: the passkey's file, absolute (deployed: the "passkey" member of the user's secret). */
  readonly passkeyFile?: string;
  /** With the fast path: which causes of its failures page (absent: DEFAULT_PAGE_FOR); the rest warn. */
  readonly pageFor?: readonly FaultOwner[];
  /** "browser" only: the app signed in to after the journey (the "app-sign-in" check). */
  readonly app?: AppConfig;
  /** "browser" only: seconds the widget may take to render before SIGN_IN_PAGE_SLOW; absent: the default budget. */
  readonly renderBudgetSeconds?: number;
  /**
   * With several regions, the one whose probe runs the journey (its SAML apps and groups with it); absent: the
   * config's first region (journey-region.ts journeyRegion).
   */
  readonly region?: string;
}

/** One `samlApps` entry, validated: a SAML app whose assertion a journey's session gets and the SP's checks judge. */
export interface SamlAppConfig {
  /** Unique among servers[].id, signIn[].id and samlApps[].id: the report's `server` for the app's checks. */
  readonly id: string;
  /** People's name for it ("name" in the file), shown beside the id in alarms, pages and the dashboard. */
  readonly name?: string;
  /** The signIn[] journey ("authn" or "idx") whose session fetches the assertion. */
  readonly signIn: string;
  /** The app's Identity Provider Single Sign-On URL, on the org. */
  readonly ssoUrl: string;
  /** The app's IdP metadata, on the org: its entityID and signing certificate are pinned from it each run. */
  readonly metadataUrl: string;
  /** The SP's entity ID: the assertion's Audience. */
  readonly audience: string;
  /** The SP's ACS URL: the assertion's bearer Recipient, and the Destination and form action unless set apart below. */
  readonly recipient: string;
  /**
   * The Response's Destination, when Okta's Destination URL is set apart from its Recipient URL (Okta keeps the two
   * apart).
   */
  readonly destination?: string;
  /** Where the browser posts the assertion (the SSO page's form action), https, when it differs from recipient. */
  readonly acsUrl?: string;
  /** Attributes the SP reads: present and non-empty. */
  readonly requiredAttributes: readonly string[];
  /** The NameID format the SP expects; absent: not checked. */
  readonly nameIdFormat?: string;
  /**
   * The samlGroups id whose counts include it: absent when the app has its own alarm (ownAlarm), the
   * exception, with its own metrics, alarms and dashboard row.
   */
  readonly group?: string;
}

/** How a group finds its apps through the Management API (okta.apps.read), read-only. */
export type SamlDiscovery =
  /** Every active SAML 2.0 app assigned to the journey's synthetic user (GET /api/v1/users/{login}/appLinks). */
  | { readonly kind: 'assigned' }
  /** Every active SAML 2.0 app whose label starts with this (GET /api/v1/apps?q=...). */
  | { readonly kind: 'labelPrefix'; readonly labelPrefix: string }
  /** Every active SAML 2.0 app assigned to this Okta group (GET /api/v1/groups/{id}/apps). */
  | { readonly kind: 'oktaGroupId'; readonly oktaGroupId: string };

/**
 * A group of SAML apps, validated: its apps judged in one journey's sessions, each at least every
 * `everyMinutes`, and counted together (apps failing, expiring, overdue): its alarms and metrics do not grow with it.
 */
export interface SamlGroupConfig {
  /** Unique among every id of the config: the report's `server` for the group's check, its alarms' and metrics'. */
  readonly id: string;
  /** People's name for it ("name" in the file), shown beside the id in alarms, pages and the dashboard. */
  readonly name?: string;
  /** The signIn[] journey ("authn" or "idx") whose sessions fetch the assertions. */
  readonly signIn: string;
  /**
   * Each app is checked at least this often (minutes), in shares spread over the journey's runs; failing apps every
   * run.
   */
  readonly everyMinutes: number;
  /** How the group finds more apps than its listed ones; absent: the listed apps only. */
  readonly discover?: SamlDiscovery;
  /** Apps checked at once, at most (Okta's concurrent rate limit is 15 on the smallest orgs). */
  readonly concurrency: number;
}

/** A synthetic user's secrets, ready to use: never logged, reported or published. */
export interface UserCredential {
  readonly kind: 'user';
  readonly password: string;
  /** Base32 shared secret of the user's TOTP factor. */
  readonly totpSecret?: string;
  readonly clientSecret?: string;
  /** The user's passkey (a journey whose authenticator is "passkey"). */
  readonly passkey?: PasskeySecret;
}

/** The synthetic user's passkey: what the passkey file (or the secret's "passkey" member) holds. */
export interface PasskeySecret {
  /** The credential id, base64url. */
  readonly credentialId: string;
  /** The EC P-256 private key, PKCS#8 PEM. */
  readonly privateKeyPem: string;
  /** The relying party id the credential is bound to: the org's domain, or its custom domain. */
  readonly rpId: string;
}

export type UserCredentialResult =
  | UserCredential
  | { readonly kind: 'unavailable'; readonly code: DiagnosisCode; readonly detail: string }
  | NotConfigured;

/**
 * This org's own status page for the help desk (not Okta's status feed, statusPageUrl): deployed, the stack publishes
 * it after each run where only these networks reach it (config/status-page.ts reads them).
 */
export interface StatusPageSettings {
  /** The networks allowed to open the page: IPv4 and IPv6 CIDRs, canonical (lower case, no host bits), never /0. */
  readonly allowFrom: readonly string[];
}

/** The whole probe configuration, validated (see functions/config/parse.ts for the JSON file form). */
export interface ProbeConfig {
  /** Okta org base URL, no trailing slash, e.g. https://acme.okta.com. */
  readonly orgUrl: string;
  /** Okta's status feed (Atom/RSS or Statuspage v2 status.json); null to skip the status check. */
  readonly statusPageUrl: string | null;
  /** The org's cell, canonical ("US Cell 6"): the status check counts only incidents of this cell or of every cell. */
  readonly oktaCell?: string;
  readonly timeoutMs: number;
  /** The run's requests to Okta in flight at once, at most (DEFAULTS.maxInFlight when the config says none). */
  readonly maxInFlight?: number;
  readonly rateLimitWarnPercent: number;
  readonly clockSkewWarnSeconds: number;
  /** A server's p90 latency above this (ms) in 2 of 3 runs warns; null or absent: no latency alarm (stack only). */
  readonly latencyWarnMs?: number | null;
  readonly servers: readonly ServerConfig[];
  /** Synthetic users' sign-in journeys; absent or [] when none. */
  readonly signIn?: readonly SignInConfig[];
  /** SAML apps judged inside a journey's session; absent or [] when none. Those with a `group` are its listed apps. */
  readonly samlApps?: readonly SamlAppConfig[];
  /** Groups of SAML apps, each with its counts and alarms; absent or [] when none. */
  readonly samlGroups?: readonly SamlGroupConfig[];
  /**
   * Certificates (the inventory's apps and IdPs, the SAML gauge) warn with fewer days left than this (the config's
   * default 30).
   */
  readonly expiryWarnDays: number;
  /** The inventory's API tokens warn with fewer days left than this (default 7). */
  readonly apiTokenWarnDays: number;
  /** Minutes between inventories (default 60). */
  readonly inventoryEveryMinutes: number;
  /** Apps whose signing key the inventory reads per run, at most (default 200). */
  readonly inventoryMaxApps: number;
}

/** A credential ready to use: what the engine receives, never logged. */
type ResolvedCredential =
  | { readonly kind: 'private_key_jwt'; readonly privateKeyPem: string; readonly keyId?: string }
  | { readonly kind: 'client_secret_basic'; readonly clientSecret: string };

/** What went wrong, for a person: a stable code, one-line cause, a remedy, and Okta's request id. */
export interface Diagnosis {
  readonly code: DiagnosisCode;
  readonly summary: string;
  readonly remedy: string;
  /** Okta's X-Okta-Request-Id of the failing answer, for a support ticket; null when there was no answer. */
  readonly requestId: string | null;
  /** What was observed, specific to this run (e.g. "aud was api://x, expected api://default"). Redacted. */
  readonly detail?: string;
  /** HTTP status of the failing answer, when there was one. */
  readonly httpStatus?: number;
  /** Okta's own error identifier (`errorCode` or `error`), when it sent one. */
  readonly oktaError?: string;
  /** What Okta's System Log says about it, when the org server has "systemLog". */
  readonly systemLog?: SystemLogAccount;
  /**
   * The item it is about, when a check judges several (an API token and its owner, an app's certificate,
   * a log stream...): each item that needs action has a diagnosis of its own. Redacted.
   */
  readonly item?: string;
  /**
   * Whom this failure wakes, where the code's registry row does not fix it (functions/diagnosis/registry.ts): the
   * judge's own severity for a code decided per finding (a provider's failing share), or the failing server's
   * setting (provisioning.pageOnLeavers). Every view reads it through verdictOf, so they agree with the stack.
   */
  readonly severity?: Severity;
}

/** Okta's System Log on one failure: phrased lines, no personal data beyond an admin's login. */
interface SystemLogAccount {
  /** Okta's reason for the failing request: event type, outcome, message, and the refined fact. */
  readonly reason?: string;
  /** The code the HTTP answer gave, when Okta's events made the diagnosis more specific. */
  readonly refinedFrom?: DiagnosisCode;
  /** Admin changes touching the server before it began failing, newest first. */
  readonly changes?: readonly string[];
}

/** Phase timings of an HTTP exchange, ms; present where measurable. */
export interface Timings {
  readonly dns?: number;
  readonly connect?: number;
  readonly tls?: number;
  readonly ttfb?: number;
  readonly total: number;
}

/**
 * What became of one check, the four answers of cdk-nag's rule shape: it ran and passed; it ran and failed (with a
 * diagnosis); it was skipped because a step it needs failed (with why); or it does not apply by design, which is
 * healthy (an encrypted access token, a credential not put yet: with why).
 */
export type CheckStatus = 'pass' | 'fail' | 'skip' | 'n/a';

interface CheckResultBase {
  readonly server: string;
  readonly check: CheckName;
  /** Wall time of the check's own HTTP exchange(s), ms; null when it made none. */
  readonly latencyMs: number | null;
  readonly timings?: Timings;
  /** Non-secret facts worth showing (headroom percent, skew seconds, status indicator, token expiry...). */
  readonly observed?: Readonly<Record<string, string | number | boolean | null>>;
  /**
   * Set when the verdict is an earlier run's, repeated because the check was not due (a journey between its runs, its
   * SAML apps, the inventory): when it was judged, ISO 8601. Never a fresh pass: the terminal, the JSON, the
   * run line and the dashboard say so, and the availability report counts it neither up nor down.
   */
  readonly carried?: { readonly judgedAt: string };
  /** Each item of a check that judges a catalogue, failing first: the JSON report lists them all, the run line none. */
  readonly items?: readonly CheckItem[];
  /** The listed SAML apps the app listing says provision users (the app-certificates check, which reads it). */
  readonly provisioning?: readonly ListedProvisioning[];
}

/**
 * One item of a check that judges a catalogue (each app of a SAML group), as of its last check: the report
 * and the JSON say when each was last checked, and whether this run checked it or carried its verdict.
 */
export interface CheckItem {
  /** How the item is named (a listed app's id; a discovered app's label and Okta id). */
  readonly item: string;
  /** Its verdict at its last check; `unchecked` before its first. A carried verdict is never a fresh pass. */
  readonly status: 'pass' | 'fail' | 'warn' | 'skip' | 'n/a' | 'unchecked';
  readonly code?: DiagnosisCode;
  /** When it was last checked (ISO 8601); null before its first check. */
  readonly lastChecked: string | null;
  /** True when this run did not check it: its verdict is carried from `lastChecked`. */
  readonly carried: boolean;
  /** Since when it has failed (ISO 8601), while it fails. */
  readonly failingSince?: string;
  /** Days until its signing certificate expires, from its last reading. */
  readonly daysToExpiry?: number;
  /** This run's SSO request, ms from its own send (never the time it waited its turn). */
  readonly latencyMs?: number;
  /**
   * The app's features under which Okta creates an account for every user assigned to it (PUSH_NEW_USERS,
   * PUSH_PENDING_USERS), as the discovery's listing said: the synthetic user has a real account there.
   */
  readonly provisions?: readonly string[];
  /** Provisioning health: people unassigned from the app who may keep an account there, counted, never named. */
  readonly openLeavers?: number;
  /** Provisioning health: how long the oldest of them has been open, whole hours. */
  readonly oldestLeaverHours?: number;
  /** Provisioning health: the app as judged, as fields (its label, id, state, cause and figure). */
  readonly provisioningApp?: ProvisioningAppFacts;
  /** Integration health: the hook or telephony provider the item judges, as fields (its id, role and name). */
  readonly integration?: IntegrationFacts;
}

/**
 * A listed SAML app (samlApps[]) that Okta's app listing, read by the inventory, says provisions users: the
 * synthetic user assigned to it has a real account in the SP (probe/inventory/listed-apps.ts).
 */
export interface ListedProvisioning {
  /** Its samlApps[] id. */
  readonly listed: string;
  /** Okta's label and app id, as reports name an app: "Salesforce (0oa...)". */
  readonly app: string;
  /** Its provisioning features (PUSH_NEW_USERS, PUSH_PENDING_USERS). */
  readonly features: readonly string[];
  /** How the listing's app was told to be the listed one: an id in its URLs, else its SSO URL's name and audience. */
  readonly by: 'id' | 'name and audience';
}

/** The outcome of one check, by its status: a diagnosis only where it failed, a reason only where it did not run. */
export type CheckResult =
  | (CheckResultBase & { readonly status: 'pass'; readonly diagnosis: null })
  | (CheckResultBase & {
      readonly status: 'fail';
      /** The most urgent finding (a page before a warning). */
      readonly diagnosis: Diagnosis;
      /** The other items' diagnoses, when the check judged several items that need action: one each. */
      readonly also?: readonly Diagnosis[];
    })
  | (CheckResultBase & { readonly status: 'skip' | 'n/a'; readonly diagnosis: null; readonly skipReason: string });

export interface MetricDatum {
  readonly name: MetricName;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly value: number;
  readonly unit: MetricUnit;
}

export interface Report {
  readonly startedAt: string;
  readonly durationMs: number;
  /** Work done before the checks' clocks started (key import, first signature), ms: mostly a cold start's. */
  readonly preparationMs?: number;
  readonly orgUrl: string;
  readonly checks: readonly CheckResult[];
  readonly metrics: readonly MetricDatum[];
}

/**
 * A server's credential as handed to the engine: ready; unavailable with why (e.g. Secrets Manager down); or not
 * configured yet (the secret the stack created still holds its placeholder: a fresh deployment, which must not page).
 */
export type CredentialResult =
  | ResolvedCredential
  | { readonly kind: 'unavailable'; readonly code: DiagnosisCode; readonly detail: string }
  | NotConfigured;

/**
 * A secret still holding the stack's placeholder: N/A, never a page. `overdueSince` (when the placeholder was put,
 * ISO 8601) is set once that is more than PLACEHOLDER_GRACE_HOURS ago: the server is not monitored, and warns.
 */
export interface NotConfigured {
  readonly kind: 'not-configured';
  readonly detail: string;
  readonly overdueSince?: string;
}

/** Discovery documents and JWKS kept across runs (a warm Lambda), each until its own expiry. */
export interface ProbeCache {
  get<T>(key: string, now: number): T | undefined;
  set<T>(key: string, value: T, expiresAt: number): void;
  delete(key: string): void;
}

/** What `runProbe(config, options)` in functions/probe/engine.ts takes besides the config. */
/**
 * One exchange of a run as a HAR is built from it (functions/har/): what the check sent and what came back, untouched.
 * Nothing here is sanitized yet: it never leaves the process but through the HAR builder.
 */
export interface RecordedExchange {
  readonly server: string;
  readonly check: CheckName;
  /** Epoch ms when it was sent. */
  readonly startedAt: number;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly form?: Readonly<Record<string, string>>;
    readonly json?: unknown;
  };
  readonly outcome:
    | {
        readonly ok: true;
        readonly response: {
          readonly status: number;
          readonly headers: Readonly<Record<string, string | string[] | undefined>>;
          readonly body: string;
          readonly bodyTruncated: boolean;
          readonly timings: Timings;
        };
      }
    | {
        readonly ok: false;
        readonly failure: { readonly kind: string; readonly message: string; readonly timings: Timings };
      };
}

/**
 * A failed browser journey's page, kept beside its HAR (functions/probe/sign-in/flows/browser/evidence.ts): already
 * sanitized and bounded when it is handed over.
 */
export interface PageEvidence {
  /** The page at the failure, a PNG, its fields emptied and masked; absent when none was kept (the trace says why). */
  readonly screenshot?: Uint8Array;
  /** What the page did, in HAR 1.2's shape (no header, cookie, body or query), as the JSON text to write. */
  readonly trace: string;
}

/** Told of each exchange of a run once it is done (ProbeOptions.har): the HAR of a failed check is built from them. */
export interface ExchangeRecorder {
  record(exchange: RecordedExchange, bulk: boolean): void;
  /** Told of a failed browser journey's page (one a check and run); a recorder without it keeps none. */
  page?(server: string, check: CheckName, evidence: PageEvidence): void;
}

/** The deployed probe's own VPC's address ranges (CIDR blocks, IPv4 and IPv6), or why they could not be read. */
export type OwnNetwork = { readonly cidrs: readonly string[] } | { readonly unread: string };

export interface ProbeOptions {
  /** Credential per server id. A server missing here fails its token check with a diagnosis, it does not throw. */
  readonly credentials: ReadonlyMap<string, CredentialResult>;
  /** undici Dispatcher every request goes through; tests pass a MockAgent. Default: a shared keep-alive Agent. */
  readonly dispatcher?: import('undici').Dispatcher;
  /** Epoch ms by which the run must end: checks still running then are reported TIMEOUT. */
  readonly deadline?: number;
  /**
   * Epoch ms after which no code of this run can still be running, whatever happens to it (Lambda's own timeout: the
   * invocation is stopped there). A journey's lease ends just after it, so the next run knows a run that died at once.
   * Undefined: no such bound (the CLI), and a lease holds its full LEASE_MS.
   */
  readonly endsBy?: number;
  /** Cache across runs; default none (every run fetches discovery and JWKS). */
  readonly cache?: ProbeCache;
  /**
   * Certificates (PEM) that integration health's read of the hooks' endpoints trusts besides Node's: tests only, for
   * the simulator's own TLS listeners (sim/hooks.ts). The CLI and the Lambda never set it; no config field does.
   */
  readonly hookTlsTrust?: string;
  /**
   * The probe's own VPC's address ranges, read once a process (the Lambda's, with the config's `vpc`: own-vpc.ts):
   * integration health's read of the hooks' endpoints connects to no host inside them, and to none while they cannot
   * be read. The CLI never sets it.
   */
  readonly ownNetwork?: () => Promise<OwnNetwork>;
  /** Clock, epoch ms; tests freeze it. Default Date.now. */
  readonly now?: () => number;
  /**
   * The engine's own pauses, ms: a transient failure's before its retry, and the journeys' stagger. Default a timer;
   * a test that asserts nothing of their length makes them instant, as `now` freezes the clock.
   */
  readonly pause?: (ms: number) => Promise<void>;
  /**
   * Only these checks, and what they need (checksWithPrerequisites), are run and reported; default every planned
   * check. Nothing else is sent: `--check authorize` sends no token request.
   */
  readonly checks?: ReadonlySet<import('./contract').CheckName>;
  /**
   * Minutes between runs (the stack's scheduleMinutes): the System Log window each run owns, so that every
   * rate-limit event is counted by exactly one run. Default 1.
   */
  readonly scheduleMinutes?: number;
  /** The synthetic users' secrets per signIn id. A journey missing here fails with a diagnosis, it does not throw. */
  readonly users?: ReadonlyMap<string, UserCredentialResult>;
  /**
   * Filled by the run, as it goes, with every value it scrubs from the report: the servers' and users' secrets, and
   * those the run itself learns (each SAML app's SSO secrets, grouped or not, tokens it obtains). The caller's output
   * paths (terminal, JUnit, run line, a crash's log) scrub with it too; never printed. Default: not told.
   */
  readonly scrubbed?: string[];
  /**
   * Told of each request as it is sent, with the check whose runner sent it (a prerequisite's requests are the
   * prerequisite's, whoever needed it): tests hold each check to what its registry row declares. Default none.
   */
  readonly onRequest?: (sent: SentRequest) => void;
  /**
   * Told as the run goes of what a person waits on (RunProgress): its checks settled of those planned, and its SAML
   * apps checked of those it will check. A terminal's progress line reads it. Default none.
   */
  readonly onProgress?: (event: RunProgress) => void;
  /**
   * Told of every exchange once done, for the HTTP trace (HAR) of each failed check (functions/har/). `bulk`: the
   * exchange is one of many a catalogue check drops once judged (a SAML group), so the recorder keeps little of it.
   * Default none: nothing is recorded.
   */
  readonly har?: ExchangeRecorder;
  /**
   * Where the journeys' state lives between runs: refused secret versions, back-offs, the last TOTP step,
   * the last journey, the lease. Default: kept with `cache`, else for this run only.
   */
  readonly journeyState?: import('./journey-state').JourneyStateStore;
  /**
   * Where what a check remembers beyond the process is kept (the inventory's expiring API tokens). Default: with
   * `cache`.
   */
  readonly keptState?: import('./kept-state').KeptStore;
  /**
   * Each group of SAML apps checks every app this run (still bounded by Okta's buckets and the run's time), not its
   * share of the cadence: a one-off `run` without --history, which has no runs before or after it. Default false.
   */
  readonly everySamlApp?: boolean;
  /** Where each group of SAML apps keeps its apps' verdicts between runs. Default: with `cache`. */
  readonly catalogueState?: import('./kept-state').CatalogueStore;
  /**
   * Where Okta's Log Streaming sign-ins are tallied per minute (userSignIns.eventSource, deployed): the user-sign-ins
   * check reads its window there instead of polling the System Log. Absent: it polls.
   */
  readonly signInTallies?: import('./kept-state').SignInTallyStore;
  /**
   * Where the provisioning-health check keeps its open leavers and their hashing key between runs. Default: kept with
   * `cache`, else for this run only.
   */
  readonly provisioningState?: import('./kept-state').ProvisioningStore;
  /**
   * `passkey enroll`: a new passkey's attestation for Okta's activation; the journeys enroll a passkey where Okta
   * offers one rather than skip it. Default none: a run never enrolls anything.
   */
  readonly enrollPasskey?: (activation: {
    readonly challenge: string;
    readonly rpId?: string;
    readonly credProps?: boolean;
  }) => {
    readonly clientData: string;
    readonly attestation: string;
    readonly transports: string;
    readonly clientExtensions: string;
  };
}

/**
 * A step of a run, in what a person waits on: `planned` once (its checks, and the SAML apps listed alone), `apps`
 * when a group of SAML apps knows how many of its apps this run checks, then `check` and `app` as each settles (an
 * app checked, or left for the next run).
 */
export type RunProgress =
  | { readonly kind: 'planned'; readonly checks: number; readonly apps: number }
  | { readonly kind: 'apps'; readonly count: number }
  | { readonly kind: 'check' }
  | { readonly kind: 'app' };

/** A request of the run, and the check (of a server, journey or the feed) that sent it. */
export interface SentRequest {
  readonly server: string;
  readonly check: import('./contract').CheckName;
  readonly method: string;
  readonly url: string;
}
