// The check registry: every fact about a check that is not its code, one row each. The engine runs its graph,
// the plan, the alarms, the dashboard, cost and the CLI read it; the runners (functions/probe/runners.ts) sit in
// a map typed against it, so a check without a runner, or a runner without a row, does not compile.
// Pure data and type imports only: lib/, plan and cost read it at synth without loading the probe.
import { CHECKS, ORG_SERVER_ID, type CheckName, type DiagnosisCode, type Severity } from '../contract';
import type { ServerConfig, SignInConfig } from '../types';

export interface CheckRow {
  /** Whom the check speaks for: each authorization server of the config, each signIn journey, or Okta's status feed once a run. */
  readonly target: 'server' | 'journey' | 'feed';
  /**
   * Checks whose runs this one reads (a token, a JWKS, an answer's headers): started once, on first use, and
   * probed with it under `run --check`. A check never waits for one it does not list here.
   */
  readonly needs: readonly CheckName[];
  /**
   * Also reads every answer its server got before it started (a Date header, the TLS certificate): it waits for
   * the checks started before it. No check may need such a check, or the two would wait for each other.
   */
  readonly readsEarlierAnswers?: true;
  /** Which servers have it (server checks); `first` is the config's first server. Absent: every server. */
  readonly appliesTo?: (server: ServerConfig, first: boolean) => boolean;
  /** Which journeys have it (journey checks). Absent: every journey. */
  readonly appliesToJourney?: (signIn: Pick<SignInConfig, 'flow'>) => boolean;
  /** Why a run may lack it, for `run --check`. */
  readonly availability?: string;
  /** Makes an HTTP exchange of its own, timed: it publishes CheckLatency and is priced as a request. */
  readonly timed: boolean;
  /** Needs the server's credential: N/A, never failed, while the stack's secret still holds its placeholder. */
  readonly credential: boolean;
  /** Who a failure wakes: page = the server cannot be used; warn = capacity, hygiene, or our reading failed. */
  readonly severity: Severity;
  /**
   * A failure makes its server (or journey) unavailable in that run: a caller could not get or use a token, or sign
   * in. Counted as downtime by the availability report and the run line's `servers[].up`. Page checks only; capacity
   * and hygiene are not downtime, nor is the org's rate-limit check (the whole org's traffic, not one server's).
   */
  readonly downtime?: true;
  readonly runbook: {
    /** What a failure means, one or two sentences (alarm descriptions, README). */
    readonly meaning: string;
    /** Diagnosis codes that most often explain it. */
    readonly causes: readonly DiagnosisCode[];
  };
}

export const isOrgServer = (server: Pick<ServerConfig, 'id'>): boolean => server.id === ORG_SERVER_ID;

export const CHECK_TABLE = {
  discovery: {
    target: 'server',
    needs: [],
    timed: true,
    credential: false,
    severity: 'page',
    downtime: true,
    runbook: {
      meaning: 'The discovery document (/.well-known/openid-configuration) could not be read: apps cannot find the server.',
      causes: ['CUSTOM_AS_UNLICENSED', 'AUTH_SERVER_NOT_FOUND', 'OKTA_SERVER_ERROR', 'TIMEOUT', 'NETWORK_ERROR'],
    },
  },
  keys: {
    target: 'server',
    needs: [],
    timed: true,
    credential: false,
    severity: 'page',
    downtime: true,
    runbook: {
      meaning: 'The JWKS (/v1/keys) could not be read or holds no signing key: APIs cannot validate tokens.',
      causes: ['NO_SIGNING_KEYS', 'OKTA_SERVER_ERROR', 'MALFORMED_RESPONSE'],
    },
  },
  token: {
    target: 'server',
    needs: [],
    timed: true,
    credential: true,
    severity: 'page',
    downtime: true,
    runbook: {
      meaning: 'A client_credentials token request failed: machine-to-machine callers get no token.',
      causes: ['INVALID_CLIENT', 'ORG_AS_REQUIRES_PRIVATE_KEY_JWT', 'INVALID_SCOPE', 'CUSTOM_SCOPE_ON_ORG_AS', 'NO_ACCESS_POLICY', 'RATE_LIMITED', 'SECRETS_UNAVAILABLE', 'ORG_SCOPE_NOT_GRANTED', 'SCOPE_DENIED_BY_POLICY', 'NETWORK_ZONE_DENIED'],
    },
  },
  validate: {
    target: 'server',
    needs: ['token', 'keys'],
    // Org-AS access tokens are opaque to us: only Okta may read them, so they are checked by introspection alone.
    appliesTo: (server) => !isOrgServer(server),
    availability: 'custom authorization servers only: Org AS tokens are opaque and checked by introspection',
    timed: false,
    credential: true,
    severity: 'page',
    downtime: true,
    runbook: {
      meaning: 'The access token would be rejected by the API behind this server (audience, claims, scopes, issuer, signature or expiry).',
      causes: ['AUDIENCE_MISMATCH', 'MISSING_CLAIMS', 'MISSING_SCOPE', 'UNKNOWN_SIGNING_KEY', 'ISSUER_MISMATCH', 'CLOCK_SKEW'],
    },
  },
  introspect: {
    target: 'server',
    needs: ['token'],
    timed: true,
    credential: true,
    severity: 'page',
    downtime: true,
    runbook: {
      meaning: 'Okta does not confirm the fresh token as active for this client via /introspect.',
      causes: ['TOKEN_INACTIVE', 'TOKEN_CLIENT_MISMATCH', 'INVALID_CLIENT'],
    },
  },
  management: {
    target: 'server',
    needs: ['token'],
    appliesTo: (server) => server.managementApi !== undefined,
    availability: 'servers with "managementApi" in the config',
    timed: true,
    credential: true,
    severity: 'page',
    downtime: true,
    runbook: {
      meaning: "A read-only Management API call with the Org-AS token was refused: the service app (and every integration built like it) cannot use Okta's APIs.",
      causes: ['ADMIN_ROLE_MISSING', 'TOKEN_INACTIVE', 'RATE_LIMITED', 'OKTA_SERVER_ERROR'],
    },
  },
  authorize: {
    target: 'server',
    needs: [],
    appliesTo: (server) => server.authorize !== undefined,
    availability: 'servers with "authorize" in the config',
    timed: true,
    credential: false,
    severity: 'page',
    downtime: true,
    runbook: {
      meaning: 'The /authorize call without a user (prompt=none) did not answer login_required: browser sign-ins are likely broken.',
      causes: ['REDIRECT_URI_MISMATCH', 'CUSTOM_SCOPE_ON_ORG_AS', 'INVALID_SCOPE', 'AUTHORIZE_UNEXPECTED'],
    },
  },
  'rate-limit': {
    target: 'server',
    needs: ['token'],
    timed: false,
    credential: true,
    severity: 'warn',
    runbook: {
      meaning: "This server's /token rate-limit bucket is nearly exhausted or already rate limited: callers are about to get 429.",
      causes: ['RATE_LIMIT_HEADROOM_LOW', 'RATE_LIMITED'],
    },
  },
  clock: {
    target: 'server',
    // The token answer's Date is the freshest; without one, any earlier answer of the server.
    needs: ['token'],
    readsEarlierAnswers: true,
    timed: false,
    credential: false,
    severity: 'warn',
    runbook: {
      meaning: "Okta's Date header is far from the probe's clock: token exp/iat/nbf checks start failing beyond 2-5 minutes.",
      causes: ['CLOCK_SKEW'],
    },
  },
  certificate: {
    target: 'server',
    // Every connection of the run goes to the org URL's host: any answer carries its certificate. Alone, the
    // cheapest request (discovery) gives one.
    needs: ['discovery'],
    readsEarlierAnswers: true,
    appliesTo: (_server, first) => first,
    availability: 'the first server of the run',
    timed: false,
    credential: false,
    severity: 'warn',
    runbook: {
      meaning: 'The TLS certificate of the org URL is about to expire.',
      causes: ['TLS_CERT_EXPIRING'],
    },
  },
  status: {
    target: 'feed',
    needs: [],
    availability: 'statusPageUrl is null, or --server leaves the status feed out',
    timed: true,
    credential: false,
    severity: 'warn',
    runbook: {
      meaning: "Okta's status feed could not be read or parsed.",
      causes: ['MALFORMED_RESPONSE', 'TIMEOUT', 'NETWORK_ERROR'],
    },
  },
  // Okta's System Log (issue 19), read with the "org" server's key when it has "systemLog": never a page for the
  // log itself, which only explains the others; the org's rate-limit events are alarmed by their two gauges.
  'system-log': {
    target: 'server',
    needs: [],
    appliesTo: (server) => isOrgServer(server) && server.systemLog === true,
    availability: 'the "org" server with "systemLog": true in the config',
    timed: false,
    credential: true,
    severity: 'warn',
    runbook: {
      meaning: "Okta's System Log could not be read: failures come without Okta's reason and the org's rate-limit events are unseen. Every other check runs as before.",
      causes: ['SYSTEM_LOG_SCOPE_NOT_GRANTED', 'SYSTEM_LOG_ROLE_MISSING', 'SYSTEM_LOG_THROTTLED'],
    },
  },
  'org-rate-limit': {
    target: 'server',
    needs: ['system-log'],
    appliesTo: (server) => isOrgServer(server) && server.systemLog === true,
    availability: 'the "org" server with "systemLog": true in the config',
    timed: false,
    credential: true,
    severity: 'page',
    runbook: {
      meaning: "Okta's System Log reports rate-limit violations (page) or warnings (warn) on the org's endpoints.",
      causes: ['ORG_RATE_LIMIT_VIOLATION', 'ORG_RATE_LIMIT_WARNING'],
    },
  },
  'sign-in': {
    target: 'journey',
    needs: [],
    availability: 'journeys listed in "signIn" in the config',
    timed: true,
    // The journey's own secrets (the user's), not the server's credential.
    credential: false,
    severity: 'page',
    downtime: true,
    runbook: {
      meaning: 'The synthetic user could not sign in to the app, or its ID token would be refused by the service provider: people are likely locked out too.',
      causes: ['SIGN_IN_REJECTED', 'USER_LOCKED_OUT', 'PASSWORD_EXPIRED', 'MFA_FACTOR_UNAVAILABLE', 'MFA_ENROLLMENT_REQUIRED', 'TOTP_REJECTED', 'SIGN_IN_NOT_ALLOWED', 'INTERACTION_CODE_NOT_ENABLED', 'USER_NOT_ASSIGNED', 'ID_TOKEN_MISSING_CLAIMS', 'ID_TOKEN_AUDIENCE_MISMATCH', 'OKTA_SERVER_ERROR'],
    },
  },
  'password-expiry': {
    target: 'journey',
    // Okta's warning during the journey: the Authentication API's PASSWORD_WARN, the IDX API's
    // reenroll-authenticator-warning (its daysToExpiry). Direct Authentication never warns.
    needs: ['sign-in'],
    appliesToJourney: (signIn) => signIn.flow === 'authn' || signIn.flow === 'idx',
    availability: 'signIn journeys with flow "authn" or "idx" (Direct Authentication never warns of an expiring password)',
    timed: false,
    credential: false,
    severity: 'warn',
    runbook: {
      meaning: "Okta warned that the synthetic user's password expires soon: the sign-in journey fails once it does.",
      causes: ['PASSWORD_EXPIRING'],
    },
  },
} as const satisfies Readonly<Record<CheckName, CheckRow>>;

/** A check's row, typed as the interface (the table's literal types are for the type-level helpers below). */
export const checkRow = (check: CheckName): CheckRow => CHECK_TABLE[check];

type Table = typeof CHECK_TABLE;
/** The checks with an HTTP exchange of their own (CheckLatency); also the endpoints classify.ts tells apart. */
export type TimedCheck = { [C in CheckName]: Table[C]['timed'] extends true ? C : never }[CheckName];
/** The checks of the status feed, run once a run. */
export type FeedCheck = { [C in CheckName]: Table[C]['target'] extends 'feed' ? C : never }[CheckName];
/** The checks of a synthetic user's journey (signIn), run per journey. */
export type JourneyCheck = { [C in CheckName]: Table[C]['target'] extends 'journey' ? C : never }[CheckName];
export type ServerCheck = Exclude<CheckName, FeedCheck | JourneyCheck>;

/** Checks whose result comes from an HTTP exchange of their own (they get a CheckLatency metric). */
export const TIMED_CHECKS: readonly TimedCheck[] = CHECKS.filter((check): check is TimedCheck => CHECK_TABLE[check].timed);

export const isTimed = (check: CheckName): check is TimedCheck => CHECK_TABLE[check].timed;

/**
 * The checks whose failure makes a server unavailable in a run (`downtime`), in report order: the availability
 * report and the run line's `servers[].up` both read this list.
 */
export const AVAILABILITY_CHECKS: readonly CheckName[] = CHECKS.filter((check) => checkRow(check).downtime === true);

/** The checks that need the server's credential: N/A, not failed, while it is not configured yet. */
export const CREDENTIAL_CHECKS: readonly CheckName[] = CHECKS.filter((check) => CHECK_TABLE[check].credential);
