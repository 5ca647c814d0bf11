// The check registry: every fact about a check that is not its code, one row each. The engine runs its graph,
// the plan, the alarms, the dashboard, cost and the CLI read it; the runners (functions/probe/runners.ts) sit in
// a map typed against it, so a check without a runner, or a runner without a row, does not compile.
// Pure data and type imports only: lib/, plan and cost read it at synth without loading the probe.
import { CHECKS, ORG_SERVER_ID, type CheckName, type DiagnosisCode, type Severity } from '../contract';
import type { ServerConfig } from '../types';

export interface CheckRow {
  /** Whom the check speaks for: each authorization server of the config, or Okta's status feed once a run. */
  readonly target: 'server' | 'feed';
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
  /** Why a run may lack it, for `run --check`. */
  readonly availability?: string;
  /** Makes an HTTP exchange of its own, timed: it publishes CheckLatency and is priced as a request. */
  readonly timed: boolean;
  /** Needs the server's credential: N/A, never failed, while the stack's secret still holds its placeholder. */
  readonly credential: boolean;
  /** Who a failure wakes: page = the server cannot be used; warn = capacity, hygiene, or our reading failed. */
  readonly severity: Severity;
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
} as const satisfies Readonly<Record<CheckName, CheckRow>>;

/** A check's row, typed as the interface (the table's literal types are for the type-level helpers below). */
export const checkRow = (check: CheckName): CheckRow => CHECK_TABLE[check];

type Table = typeof CHECK_TABLE;
/** The checks with an HTTP exchange of their own (CheckLatency); also the endpoints classify.ts tells apart. */
export type TimedCheck = { [C in CheckName]: Table[C]['timed'] extends true ? C : never }[CheckName];
/** The checks of the status feed, run once a run. */
export type FeedCheck = { [C in CheckName]: Table[C]['target'] extends 'feed' ? C : never }[CheckName];
export type ServerCheck = Exclude<CheckName, FeedCheck>;

/** Checks whose result comes from an HTTP exchange of their own (they get a CheckLatency metric). */
export const TIMED_CHECKS: readonly TimedCheck[] = CHECKS.filter((check): check is TimedCheck => CHECK_TABLE[check].timed);

export const isTimed = (check: CheckName): check is TimedCheck => CHECK_TABLE[check].timed;

/** The checks that need the server's credential: N/A, not failed, while it is not configured yet. */
export const CREDENTIAL_CHECKS: readonly CheckName[] = CHECKS.filter((check) => CHECK_TABLE[check].credential);
