// The simulator's scenarios: one per diagnosis the probe can make (SECRETS_UNAVAILABLE is the Lambda's
// own environment and has none), each saying what it breaks and what the probe must report.
import { ORG_SERVER_ID, STATUS_SERVER, type CheckName, type DiagnosisCode } from '../functions/contract';
import type {
  ConfigFileJson as SimConfigJson,
  ServerFileJson as SimConfigServerJson,
} from '../functions/config/schema';
import { SIM_TIMEOUT_MS, type FaultAnswer, type SimFaults } from './faults';
import { JOURNEY_SCENARIOS } from './journey-scenarios';
import { PAGE_SCENARIOS } from './page-scenarios';
import { APP_SCENARIOS } from './app-scenarios';
import { IDX_SCENARIOS } from './idx-scenarios';
import { USER_LIMIT_SCENARIOS } from './user-limit-scenarios';
import { RESOURCE_SCENARIOS } from './resource-scenarios';
import { INVENTORY_SCENARIOS } from './inventory-scenarios';
import { USER_SIGN_IN_SCENARIOS } from './user-sign-in-scenarios';
import { PROVISIONING_SCENARIOS } from './provisioning-scenarios';
import { INTEGRATION_SCENARIOS } from './integration-scenarios';
import { ACCESS_SCENARIOS } from './access-scenarios';
import { PREVIEW_SCENARIOS, type PreviewSide } from './preview-scenarios';
import { SIM_ADMIN, SIM_CHANGE_MINUTES_AGO, SIM_RULE } from './system-log';
import { CATALOGUE_SCENARIOS, SAML_SCENARIOS, SIM_SAML_ID } from './saml/scenarios';

interface ScenarioExpectation {
  readonly server: string;
  readonly check: CheckName;
  readonly code: DiagnosisCode;
}

export interface Scenario {
  readonly description: string;
  /** Failures the probe must report (it may report follow-on ones too); [] for healthy. */
  readonly expect: readonly ScenarioExpectation[];
  /** Misconfigurations that live in the probe's own config file. */
  readonly config?: (cfg: SimConfigJson) => SimConfigJson;
  /** What the simulated org does wrong. */
  readonly faults?: SimFaults;
  /** The scenario of a first run whose memory (--history) this one's run starts from: what only a second run tells. */
  readonly after?: string;
  /**
   * The command the scenario is met with, when not `run`: 'passkey enroll' enrolls the idx journey's passkey
   * (`passkey enroll --journey workforce --json`), whose report holds that journey's sign-in.
   */
  readonly command?: 'passkey enroll';
  /** Two orgs (sim/preview-scenarios.ts): what the Preview org does, and what `run` tells of each pair. */
  readonly preview?: PreviewSide;
}

const CUSTOM = 'default';
/** A custom AS id the simulated org does not have. */
export const MISSING_SERVER_ID = 'ausNotThere0000000x7';
/** A client id no app of the simulated org has. */
export const UNKNOWN_CLIENT_ID = '0oaNoSuchApp000000x7';

const expectOn = (servers: readonly string[], check: CheckName, code: DiagnosisCode): ScenarioExpectation[] =>
  servers.map((server) => ({ server, check, code }));

/** The custom AS answers `answer` at `endpoint` instead of its own. */
const customAnswers = (endpoint: 'token' | 'introspect', answer: FaultAnswer): SimFaults => ({
  intercept: [{ server: 'custom', endpoint, answer }],
});

/**
 * The simulator's journeys: a web app through the Authentication API, a native app through Direct Authentication, an
 * Identity Engine app through IDX.
 */
const PORTAL = 'portal';
const MOBILE = 'mobile';
const WORKFORCE = 'workforce';
const JOURNEYS = [PORTAL, MOBILE, WORKFORCE] as const;
/**
 * portal and workforce: the journeys through the custom server (its faults are theirs), and the flows that tell a
 * lockout and warn of an expiring password.
 */
const ON_CUSTOM = [PORTAL, WORKFORCE] as const;
const userFault = (user: NonNullable<NonNullable<SimFaults['signIn']>['user']>, mfaRequired = false): SimFaults => ({
  signIn: { user, ...(mfaRequired && { mfaRequired }) },
});

function patchServer(
  id: string,
  patch: (server: SimConfigServerJson) => SimConfigServerJson,
): (cfg: SimConfigJson) => SimConfigJson {
  return (cfg) => {
    const servers = cfg.servers.map((server) => (server.id === id ? patch(server) : server));
    // A renamed server takes its journeys with it: they sign in through whatever the server is now called.
    const renamed = servers.find((_server, i) => cfg.servers[i]?.id === id)?.id ?? id;
    return {
      ...cfg,
      servers,
      ...(cfg.signIn !== undefined && {
        signIn: cfg.signIn.map((entry) => (entry.server === id ? { ...entry, server: renamed } : entry)),
      }),
    };
  };
}

/** The org server reads the System Log: okta.logs.read among its scopes and "systemLog". */
const withSystemLog = patchServer(ORG_SERVER_ID, (server) => ({
  ...server,
  scopes: [...server.scopes, 'okta.logs.read'],
  systemLog: true,
}));

/** The System Log holds rate-limit events of `fault` (sim/system-log.ts RATE_LIMIT_SHAPES), for org-rate-limit. */
const orgRateLimitScenario = (
  fault: NonNullable<SimFaults['orgRateLimit']>,
  description: string,
  code?: DiagnosisCode,
): Scenario => ({
  description,
  expect: code === undefined ? [] : expectOn([ORG_SERVER_ID], 'org-rate-limit', code),
  config: withSystemLog,
  faults: { orgRateLimit: fault },
});

const TABLE = {
  healthy: {
    description: 'Everything works: both servers answer as a well-configured, licensed org does.',
    expect: [],
  },
  unlicensed: {
    description: 'The org lacks API Access Management: every custom-AS URL, discovery included, answers 401 E0000015.',
    // The portal user signs in through the same custom server, so its journey fails the same way.
    expect: [
      ...(['discovery', 'keys', 'token', 'authorize'] as const).flatMap((check) =>
        expectOn([CUSTOM], check, 'CUSTOM_AS_UNLICENSED'),
      ),
      ...expectOn(ON_CUSTOM, 'sign-in', 'CUSTOM_AS_UNLICENSED'),
    ],
    faults: {
      intercept: [
        {
          server: 'custom',
          endpoint: '*',
          answer: {
            kind: 'okta',
            status: 401,
            errorCode: 'E0000015',
            summary: 'You do not have permission to access the feature you are requesting',
          },
        },
      ],
    },
  },
  'auth-server-not-found': {
    description: `The config names a custom AS id (${MISSING_SERVER_ID}) the org does not have: 404 E0000007.`,
    expect: [
      ...(['discovery', 'keys', 'token', 'authorize'] as const).flatMap((check) =>
        expectOn([MISSING_SERVER_ID], check, 'AUTH_SERVER_NOT_FOUND'),
      ),
      ...expectOn(ON_CUSTOM, 'sign-in', 'AUTH_SERVER_NOT_FOUND'),
    ],
    config: patchServer(CUSTOM, (server) => ({ ...server, id: MISSING_SERVER_ID })),
  },
  'custom-scope-on-org': {
    description: 'The config asks the Org AS for a custom scope: 400 invalid_scope "Custom scopes are not allowed".',
    expect: expectOn([ORG_SERVER_ID], 'token', 'CUSTOM_SCOPE_ON_ORG_AS'),
    config: patchServer(ORG_SERVER_ID, (server) => ({ ...server, scopes: [...server.scopes, 'probe.read'] })),
  },
  'invalid-scope': {
    description: 'The config asks the custom AS for a scope it does not define: 400 invalid_scope.',
    expect: expectOn([CUSTOM], 'token', 'INVALID_SCOPE'),
    config: patchServer(CUSTOM, (server) => ({ ...server, scopes: [...server.scopes, 'probe.admin'] })),
  },
  'org-scope-not-granted': {
    description:
      'The config asks the Org AS for okta.roles.read, which is not granted to the app: 400 ' +
      'consent_required "You are not allowed any of the requested scopes."',
    expect: expectOn([ORG_SERVER_ID], 'token', 'ORG_SCOPE_NOT_GRANTED'),
    config: patchServer(ORG_SERVER_ID, (server) => ({ ...server, scopes: [...server.scopes, 'okta.roles.read'] })),
  },
  'scope-requires-consent': {
    description:
      'The config asks the custom AS for probe.consent, a scope that requires user consent: 400 consent_required.',
    expect: expectOn([CUSTOM], 'token', 'SCOPE_REQUIRES_CONSENT'),
    config: patchServer(CUSTOM, (server) => ({ ...server, scopes: [...server.scopes, 'probe.consent'] })),
  },
  'no-access-policy': {
    description: 'The custom AS has no access policy for the client: 401 access_denied "Policy evaluation failed".',
    expect: expectOn([CUSTOM], 'token', 'NO_ACCESS_POLICY'),
    faults: { accessPolicy: 'none' },
  },
  'rule-without-client-credentials': {
    description:
      'The custom AS policy rule for the client lacks the Client Credentials grant: 401 access_denied ' +
      '"Policy evaluation failed".',
    expect: expectOn([CUSTOM], 'token', 'NO_ACCESS_POLICY'),
    faults: { accessPolicy: 'no-client-credentials' },
  },
  'scope-denied': {
    description:
      'The probe asks for probe.read and probe.write; the policy rule allows only probe.read: 400 ' +
      'access_denied "Some of the requested scopes were denied", no token.',
    expect: expectOn([CUSTOM], 'token', 'SCOPE_DENIED_BY_POLICY'),
    config: patchServer(CUSTOM, (server) => ({ ...server, scopes: ['probe.read', 'probe.write'] })),
    faults: { grantedScopes: ['probe.read'] },
  },
  'network-zone': {
    description:
      "The probe's egress IP is outside the apps' network zones: 403 access_denied on both /token endpoints.",
    expect: [
      ...expectOn([ORG_SERVER_ID, CUSTOM], 'token', 'NETWORK_ZONE_DENIED'),
      ...expectOn(JOURNEYS, 'sign-in', 'NETWORK_ZONE_DENIED'),
    ],
    faults: { outsideNetworkZone: true },
  },
  'claim-evaluation-failed': {
    description:
      'A custom claim "tenant" of the custom AS has an expression that cannot be evaluated: 400 server_error.',
    expect: expectOn([CUSTOM], 'token', 'CLAIM_EVALUATION_FAILED'),
    faults: { failingClaim: 'tenant' },
  },
  'inline-hook-failed': {
    description:
      "The custom AS's token inline hook answers with an error: 400 server_error carrying the hook's own text.",
    expect: expectOn([CUSTOM], 'token', 'INLINE_HOOK_FAILED'),
    faults: { tokenHookError: 'Tenant lookup failed: directory unavailable' },
  },
  'unknown-client-id': {
    description:
      `The config names a client id no app has (${UNKNOWN_CLIENT_ID}) for the custom AS and for the Org AS ` +
      `/authorize: 401 invalid_client, and an HTML 400 page.`,
    expect: [
      ...expectOn([CUSTOM], 'token', 'UNKNOWN_CLIENT_ID'),
      ...expectOn([ORG_SERVER_ID], 'authorize', 'UNKNOWN_CLIENT_ID'),
    ],
    config: (cfg) =>
      patchServer(ORG_SERVER_ID, (server) =>
        server.authorize ? { ...server, authorize: { ...server.authorize, clientId: UNKNOWN_CLIENT_ID } } : server,
      )(patchServer(CUSTOM, (server) => ({ ...server, clientId: UNKNOWN_CLIENT_ID }))(cfg)),
  },
  'invalid-client': {
    description: 'The config holds a wrong client secret for the custom AS: 401 invalid_client.',
    expect: expectOn([CUSTOM], 'token', 'INVALID_CLIENT'),
    config: patchServer(CUSTOM, (server) => ({ ...server, clientSecret: 'not-the-secret-0000000000000000000000000' })),
  },
  'org-secret': {
    description:
      'The config authenticates to the Org AS with a client secret: 401 invalid_client, private_key_jwt required.',
    expect: expectOn([ORG_SERVER_ID], 'token', 'ORG_AS_REQUIRES_PRIVATE_KEY_JWT'),
    config: patchServer(ORG_SERVER_ID, ({ privateKeyFile: _key, keyId: _kid, ...server }) => ({
      ...server,
      clientSecret: 'a-secret-the-org-as-refuses-000000000000',
    })),
  },
  'admin-role-missing': {
    description:
      'The Org-AS token is issued, but the service app holds no admin role: the Management API call gets 403 E0000006.',
    expect: expectOn([ORG_SERVER_ID], 'management', 'ADMIN_ROLE_MISSING'),
    faults: { adminRoleMissing: true },
  },
  'not-a-service-app': {
    description:
      'The Org-AS app is a Web app, not API Services: 401 invalid_client "Only clients with ' +
      "'application_type' of 'service'...\".",
    expect: expectOn([ORG_SERVER_ID], 'token', 'NOT_A_SERVICE_APP'),
    faults: { orgAppNotService: true },
  },
  'client-auth-stripped': {
    description:
      'A proxy drops the Authorization header of custom-AS requests: 401 invalid_client "No client credentials found."',
    expect: [
      ...expectOn([CUSTOM], 'token', 'CLIENT_AUTH_MALFORMED'),
      ...expectOn(ON_CUSTOM, 'sign-in', 'UNEXPECTED_RESPONSE'),
    ],
    faults: { stripAuthorization: true },
  },
  'request-rejected': {
    description: 'A proxy repeats the scope parameter of custom-AS /token requests: 400 invalid_request.',
    expect: expectOn([CUSTOM], 'token', 'REQUEST_REJECTED'),
    faults: { duplicateParam: 'scope' },
  },
  'unauthorized-client': {
    description: 'The custom-AS app is not allowed the client_credentials grant: 400 unauthorized_client.',
    expect: [
      ...expectOn([CUSTOM], 'token', 'UNAUTHORIZED_CLIENT'),
      ...expectOn([PORTAL], 'sign-in', 'SIGN_IN_NOT_ALLOWED'),
      ...expectOn([WORKFORCE], 'sign-in', 'INTERACTION_CODE_NOT_ENABLED'),
    ],
    faults: customAnswers('token', {
      kind: 'oauth',
      status: 400,
      error: 'unauthorized_client',
      description:
        'The client is not authorized to use the provided grant type. Configured grant types: [authorization_code].',
    }),
  },
  // okta-developer-docs data/error-codes.json: E0000010 "Service is in read only mode", 503.
  'custom-token-read-only': {
    description:
      'The custom AS\'s /token answers every request 503 E0000010 "Service is in read only mode": no token is ' +
      'minted for any API client, an outage whatever Okta calls it (OKTA_SERVER_ERROR, which pages when it lasts). ' +
      "The journeys on that server stay OKTA_READ_ONLY_MODE: Okta records nothing, so no refusal of the user's secret.",
    expect: [
      ...expectOn([CUSTOM], 'token', 'OKTA_SERVER_ERROR'),
      // The journeys' own exchanges: read-only mode records nothing, so no refusal of the user's secret (a warning).
      ...expectOn(ON_CUSTOM, 'sign-in', 'OKTA_READ_ONLY_MODE'),
    ],
    faults: customAnswers('token', {
      kind: 'okta',
      status: 503,
      errorCode: 'E0000010',
      summary: 'Service is in read only mode',
    }),
  },
  'unsupported-grant-type': {
    description: 'The custom AS policy rule does not allow client_credentials: 400 unsupported_grant_type.',
    expect: [
      ...expectOn([CUSTOM], 'token', 'UNSUPPORTED_GRANT_TYPE'),
      ...expectOn(ON_CUSTOM, 'sign-in', 'SIGN_IN_NOT_ALLOWED'),
    ],
    faults: customAnswers('token', {
      kind: 'oauth',
      status: 400,
      error: 'unsupported_grant_type',
      description:
        'The authorization grant type is not supported by the authorization server. Configured grant types: ' +
        '[authorization_code].',
    }),
  },
  'dpop-required': {
    description: 'The custom-AS app requires DPoP: 400 invalid_dpop_proof.',
    expect: [...expectOn([CUSTOM], 'token', 'DPOP_REQUIRED'), ...expectOn(ON_CUSTOM, 'sign-in', 'DPOP_REQUIRED')],
    faults: customAnswers('token', {
      kind: 'oauth',
      status: 400,
      error: 'invalid_dpop_proof',
      description: 'The DPoP proof JWT header is missing.',
    }),
  },
  'redirect-uri-mismatch': {
    description: "The config's redirect URI for the custom AS is not registered on the app: HTML 400, no redirect.",
    expect: expectOn([CUSTOM], 'authorize', 'REDIRECT_URI_MISMATCH'),
    config: patchServer(CUSTOM, (server) =>
      server.authorize
        ? {
            ...server,
            authorize: { ...server.authorize, redirectUri: `${server.authorize.redirectUri}/not-registered` },
          }
        : server,
    ),
  },
  'authorize-unexpected': {
    description: '/authorize shows the sign-in page (200 HTML) even with prompt=none.',
    expect: expectOn([ORG_SERVER_ID, CUSTOM], 'authorize', 'AUTHORIZE_UNEXPECTED'),
    faults: { authorizeShowsSignIn: true },
  },
  'audience-mismatch': {
    description: 'Custom-AS tokens carry aud api://other instead of the audience the API expects.',
    expect: [
      ...expectOn([CUSTOM], 'validate', 'AUDIENCE_MISMATCH'),
      // The API checks the token as validate does, and refuses it too: the token at the API that consumes it.
      ...expectOn([CUSTOM], 'resource', 'RESOURCE_TOKEN_REJECTED'),
    ],
    faults: { token: { audience: 'api://other' } },
  },
  'encrypted-access-token': {
    description:
      'The custom AS encrypts its access tokens for the API (JWE): validation does not apply (N/A), ' +
      'introspection proves the token; nothing fails.',
    expect: [],
    faults: { token: { encrypt: true } },
  },
  'encrypted-id-token': {
    description:
      "The sign-in app encrypts its ID tokens (JWE, five segments): the journey cannot verify the token's " +
      'signature and says so; the /token answer and /userinfo are still checked; nothing fails.',
    expect: [],
    faults: { signIn: { encryptIdToken: true } },
  },
  'missing-claims': {
    description: 'Custom-AS tokens lack the cid claim the API needs.',
    expect: [
      ...expectOn([CUSTOM], 'validate', 'MISSING_CLAIMS'),
      // The API checks the token as validate does, and refuses it too: the token at the API that consumes it.
      ...expectOn([CUSTOM], 'resource', 'RESOURCE_CLAIM_MISSING'),
    ],
    faults: { token: { omitClaims: ['cid'] } },
  },
  'missing-scope': {
    description:
      'The probe asks for probe.read and probe.write and the token it gets has only probe.read in scp: not ' +
      'what Okta does (it refuses instead), but what a token rewritten or swapped on the way looks like.',
    expect: expectOn([CUSTOM], 'validate', 'MISSING_SCOPE'),
    config: patchServer(CUSTOM, (server) => ({ ...server, scopes: ['probe.read', 'probe.write'] })),
    faults: { token: { scp: ['probe.read'] } },
  },
  'issuer-mismatch': {
    description: 'Custom-AS tokens carry the issuer of another authorization server.',
    expect: [
      ...expectOn([CUSTOM], 'validate', 'ISSUER_MISMATCH'),
      // The API checks the token as validate does, and refuses it too: the token at the API that consumes it.
      ...expectOn([CUSTOM], 'resource', 'RESOURCE_TOKEN_REJECTED'),
    ],
    faults: { token: { issuerPath: '/oauth2/ausSomeOther000000x9' } },
  },
  'unknown-signing-key': {
    description: 'Custom-AS tokens are signed with a key the JWKS never publishes (even on refetch).',
    expect: [
      ...expectOn([CUSTOM], 'validate', 'UNKNOWN_SIGNING_KEY'),
      // The API checks the token as validate does, and refuses it too: the token at the API that consumes it.
      ...expectOn([CUSTOM], 'resource', 'RESOURCE_TOKEN_REJECTED'),
    ],
    faults: { token: { unpublishedKey: true } },
  },
  'no-signing-keys': {
    description: 'Both JWKS endpoints answer {"keys":[]}.',
    expect: [
      ...expectOn([ORG_SERVER_ID, CUSTOM], 'keys', 'NO_SIGNING_KEYS'),
      ...expectOn(JOURNEYS, 'sign-in', 'NO_SIGNING_KEYS'),
    ],
    faults: { emptyJwks: true },
  },
  'signature-invalid': {
    description: 'Custom-AS tokens carry a signature that does not verify (one bit flipped).',
    expect: [
      ...expectOn([CUSTOM], 'validate', 'SIGNATURE_INVALID'),
      // The API checks the token as validate does, and refuses it too: the token at the API that consumes it.
      ...expectOn([CUSTOM], 'resource', 'RESOURCE_TOKEN_REJECTED'),
    ],
    faults: { token: { tamperSignature: true } },
  },
  'token-expired': {
    description:
      'Custom-AS tokens are stamped as expired 10 minutes ago (past any tolerance); introspection agrees ' +
      'they are inactive.',
    expect: [
      ...expectOn([CUSTOM], 'validate', 'TOKEN_EXPIRED'),
      ...expectOn([CUSTOM], 'introspect', 'TOKEN_INACTIVE'),
      ...expectOn([CUSTOM], 'resource', 'RESOURCE_TOKEN_REJECTED'),
    ],
    faults: { token: { expiredSecondsAgo: 600 } },
  },
  'clock-skew': {
    description: "Okta's Date header is 10 minutes ahead of the local clock (tokens themselves are stamped correctly).",
    expect: expectOn([ORG_SERVER_ID, CUSTOM], 'clock', 'CLOCK_SKEW'),
    faults: { dateOffsetSeconds: 600 },
  },
  'okta-clock-behind': {
    description:
      "Okta's clock runs 10 minutes behind the probe's: the Org-AS client assertions are issued in Okta's " +
      'future (401 "must be issued before the current time") and the Date header disagrees.',
    // The SAML app's assertion is stamped by Okta's clock too: its window ended before the probe's now.
    expect: [
      ...expectOn([ORG_SERVER_ID], 'token', 'CLOCK_SKEW'),
      ...expectOn([ORG_SERVER_ID, CUSTOM], 'clock', 'CLOCK_SKEW'),
      { server: SIM_SAML_ID, check: 'saml', code: 'SAML_ASSERTION_EXPIRED' },
    ],
    faults: { oktaClockOffsetSeconds: -600 },
  },
  'token-inactive': {
    description: 'Introspection answers {"active":false} for freshly issued tokens on both servers.',
    expect: expectOn([ORG_SERVER_ID, CUSTOM], 'introspect', 'TOKEN_INACTIVE'),
    faults: { introspection: { inactive: true } },
  },
  'token-client-mismatch': {
    description: 'Introspection reports a client_id other than the one that got the token.',
    expect: expectOn([ORG_SERVER_ID, CUSTOM], 'introspect', 'TOKEN_CLIENT_MISMATCH'),
    faults: { introspection: { clientId: '0oaSomeoneElse0000x1' } },
  },
  'rate-limited': {
    description: 'Both /token endpoints answer 429 E0000047: the bucket of 600 spent, Remaining 0, Retry-After.',
    // The rate-limit check reads the 429 too: refused is RATE_LIMITED, not "headroom low".
    expect: [
      ...expectOn([ORG_SERVER_ID, CUSTOM], 'token', 'RATE_LIMITED'),
      ...expectOn([ORG_SERVER_ID, CUSTOM], 'rate-limit', 'RATE_LIMITED'),
      ...expectOn(JOURNEYS, 'sign-in', 'RATE_LIMITED'),
    ],
    faults: {
      intercept: [
        { server: 'any', endpoint: 'token', answer: { kind: 'rate-limited', retryAfterSeconds: 30, limit: 600 } },
      ],
    },
  },
  'concurrency-limited': {
    description:
      "Both /token endpoints answer 429 E0000047 with Limit 0 and Remaining 0: Okta's concurrency limit, " +
      'requests piling up inside Okta, not the org spending a bucket.',
    expect: [
      ...expectOn([ORG_SERVER_ID, CUSTOM], 'token', 'OKTA_CONCURRENCY_LIMITED'),
      ...expectOn([ORG_SERVER_ID, CUSTOM], 'rate-limit', 'OKTA_CONCURRENCY_LIMITED'),
      ...expectOn(JOURNEYS, 'sign-in', 'OKTA_CONCURRENCY_LIMITED'),
    ],
    faults: {
      intercept: [{ server: 'any', endpoint: 'token', answer: { kind: 'rate-limited', retryAfterSeconds: 30 } }],
    },
  },
  // okta-developer-docs reference/rl2-concurrency: 75 simultaneous transactions, shared with the org's traffic.
  'concurrency-shared': {
    description:
      "The org's other traffic holds all but 8 of Okta's concurrent slots, and Okta takes 100 ms to answer: a " +
      'request arriving while 8 are open answers 429 with Limit 0. The run keeps at most maxInFlight (8 by ' +
      'default) requests in flight, so nothing is refused.',
    expect: [],
    faults: { concurrency: { limit: 8, holdMs: 100 } },
  },
  'headroom-low': {
    description:
      'Every /token bucket (/oauth2/v1/token, /oauth2/default/v1/token) reports X-Rate-Limit-Remaining at 3 ' +
      '% of its limit.',
    expect: expectOn([ORG_SERVER_ID, CUSTOM], 'rate-limit', 'RATE_LIMIT_HEADROOM_LOW'),
    faults: { rateLimitRemainingPercent: 3 },
  },
  'server-error': {
    description: 'The custom-AS /token answers 500 with an HTML error page.',
    expect: [
      ...expectOn([CUSTOM], 'token', 'OKTA_SERVER_ERROR'),
      ...expectOn(ON_CUSTOM, 'sign-in', 'OKTA_SERVER_ERROR'),
    ],
    faults: customAnswers('token', {
      kind: 'html',
      status: 500,
      title: 'Internal Server Error',
      message: 'Something went wrong. Please try again later.',
    }),
  },
  'status-degraded': {
    description:
      'The status feed has an open "Investigating | Service Disruption" entry from minutes ago, naming the ' +
      "org's cell (US Cell 6).",
    expect: expectOn([STATUS_SERVER], 'status', 'OKTA_STATUS_DEGRADED'),
    faults: { statusDegraded: true },
  },
  'status-other-cell': {
    description:
      "The status feed has an open Service Disruption in EU Cell 2 only: not the org's cell (oktaCell), so " +
      'nothing fails.',
    expect: [],
    faults: { statusDegraded: 'other-cell' },
  },
  'status-feed-stale': {
    description:
      'The status feed parses, but its newest entry is 200 days old: a feed Okta may no longer keep (incident ' +
      'subscriptions moved to status.okta.com per cell in April 2025). A warning naming statusPageUrl, never ' +
      '"all clear".',
    expect: expectOn([STATUS_SERVER], 'status', 'STATUS_FEED_STALE'),
    faults: { statusDegraded: 'stale' },
  },
  'status-all-cells': {
    description:
      'The status feed has an open Service Disruption "affecting customers in all cells": the org\'s cell too.',
    expect: expectOn([STATUS_SERVER], 'status', 'OKTA_STATUS_DEGRADED'),
    faults: { statusDegraded: 'all-cells' },
  },
  malformed: {
    description: 'The custom-AS /token answers 200 application/json with a truncated body.',
    expect: [
      ...expectOn([CUSTOM], 'token', 'MALFORMED_RESPONSE'),
      ...expectOn(ON_CUSTOM, 'sign-in', 'MALFORMED_RESPONSE'),
    ],
    faults: customAnswers('token', {
      kind: 'raw',
      status: 200,
      contentType: 'application/json',
      body: '{"token_type":"Bearer","expires_in":3600,"access_tok',
    }),
  },
  'malformed-not-okta': {
    description:
      'Something in front of Okta (a proxy, a captive portal) answers the custom-AS /token with 200 ' +
      'application/json and a truncated body, without the X-Okta-Request-Id Okta sends on every answer: ours to ' +
      "check, never told as Okta's.",
    expect: [
      ...expectOn([CUSTOM], 'token', 'ANSWER_NOT_FROM_OKTA'),
      ...expectOn(ON_CUSTOM, 'sign-in', 'ANSWER_NOT_FROM_OKTA'),
    ],
    faults: customAnswers('token', {
      kind: 'raw',
      status: 200,
      contentType: 'application/json',
      body: '{"token_type":"Bearer","expires_in":3600,"access_tok',
      notFromOkta: true,
    }),
  },

  'unexpected-response': {
    description: 'The custom-AS /introspect answers 403 E0000006, an Okta error the probe has no diagnosis for.',
    expect: expectOn([CUSTOM], 'introspect', 'UNEXPECTED_RESPONSE'),
    faults: customAnswers('introspect', {
      kind: 'okta',
      status: 403,
      errorCode: 'E0000006',
      summary: 'You do not have permission to perform the requested action',
    }),
  },
  timeout: {
    description:
      `The custom-AS /introspect holds its answer ${(3 * SIM_TIMEOUT_MS) / 1000} s, three times the configured ` +
      `timeout.`,
    expect: expectOn([CUSTOM], 'introspect', 'TIMEOUT'),
    faults: customAnswers('introspect', { kind: 'hold', timeouts: 3 }),
  },
  'network-error': {
    description: 'The custom-AS /token connection is destroyed without an answer.',
    expect: [...expectOn([CUSTOM], 'token', 'NETWORK_ERROR'), ...expectOn(ON_CUSTOM, 'sign-in', 'NETWORK_ERROR')],
    faults: customAnswers('token', { kind: 'destroy' }),
  },
  // Okta's System Log: the Org-AS server reads it with "systemLog"; none of these fails another check.
  'system-log-scope-not-granted': {
    description:
      'The org server has "systemLog", but okta.logs.read is not granted to its app: the log is unavailable ' +
      '(a warning), every other check passes.',
    expect: expectOn([ORG_SERVER_ID], 'system-log', 'SYSTEM_LOG_SCOPE_NOT_GRANTED'),
    config: withSystemLog,
    faults: { logsScopeNotGranted: true },
  },
  'system-log-role-missing': {
    description:
      'The org server has "systemLog", and its app holds no admin role: /api/v1/logs (and the management ' +
      'call) answer 403 E0000006.',
    expect: [
      ...expectOn([ORG_SERVER_ID], 'system-log', 'SYSTEM_LOG_ROLE_MISSING'),
      ...expectOn([ORG_SERVER_ID], 'management', 'ADMIN_ROLE_MISSING'),
    ],
    config: withSystemLog,
    faults: { adminRoleMissing: true },
  },
  'system-log-throttled': {
    description:
      'The org server has "systemLog", and the /api/v1/logs bucket is exhausted (429): the look-up stops, ' +
      'every other check passes.',
    expect: expectOn([ORG_SERVER_ID], 'system-log', 'SYSTEM_LOG_THROTTLED'),
    config: withSystemLog,
    faults: { logsRateLimited: true },
  },
  'system-log-slow': {
    description:
      'The org server has "systemLog", and /api/v1/logs answers only after 30 s: the look-up gives up at its ' +
      '2 s budget (a warning), every other check passes without waiting for it.',
    expect: expectOn([ORG_SERVER_ID], 'system-log', 'TIMEOUT'),
    config: withSystemLog,
    faults: { logsHoldMs: 30_000 },
  },
  // okta-developer-docs data/event-types.json: system.dr.failover, Enhanced Disaster Recovery.
  'okta-failover': {
    description:
      'Okta fails the org over to its disaster-recovery site: the System Log records system.dr.failover and the ' +
      "org is read-only, so the workforce journey's password step answers 503 E0000010. Both are reported as " +
      "Okta's own operation; neither pages.",
    expect: [
      ...expectOn([ORG_SERVER_ID], 'okta-failover', 'OKTA_FAILOVER'),
      { server: 'workforce', check: 'sign-in', code: 'OKTA_READ_ONLY_MODE' },
    ],
    config: withSystemLog,
    faults: { oktaFailover: true, signIn: { readOnly: true } },
  },
  'org-rate-limit-violation': {
    description:
      'The System Log shows ongoing rate-limit violations of /api/v1/users (600 per minute) by another ' +
      'client of the org.',
    expect: expectOn([ORG_SERVER_ID], 'org-rate-limit', 'ORG_RATE_LIMIT_VIOLATION'),
    config: withSystemLog,
    faults: { orgRateLimit: 'violation' },
  },
  // okta-developer-docs reference/system-log-query: bounded requests, "Some events may be delayed".
  'org-rate-limit-late': {
    description:
      'Every 5 minutes the System Log gains an org rate-limit violation that Okta commits 150 s after its ' +
      'published time: a bounded read of its minute never has it. One run sees none yet; runs that keep their ' +
      'System Log cursor (a deployment, run --every, run --history) count each once, when Okta commits it.',
    expect: [],
    config: withSystemLog,
    faults: { orgRateLimitLate: true },
  },
  'org-rate-limit-warning': {
    description: 'The System Log shows rate-limit warnings of /api/v1/users (60 % of 600 per minute).',
    expect: expectOn([ORG_SERVER_ID], 'org-rate-limit', 'ORG_RATE_LIMIT_WARNING'),
    config: withSystemLog,
    faults: { orgRateLimit: 'warning' },
  },
  'org-rate-limit-user-scoped': {
    description:
      'The System Log shows operation rate-limit violations scoped to one user (SMS enrollment, ' +
      'operationRateLimitScopeType "user", as in Okta\'s own example): a warning naming the scope, not a page.',
    expect: expectOn([ORG_SERVER_ID], 'org-rate-limit', 'RATE_LIMIT_SCOPED_VIOLATION'),
    config: withSystemLog,
    faults: { orgRateLimit: 'user-violation' },
  },
  'org-rate-limit-client-scoped': {
    description:
      "The System Log shows system.client.rate_limit.violation: one client, IP and device over /authorize's " +
      'per-client limit, a warning naming the scope.',
    expect: expectOn([ORG_SERVER_ID], 'org-rate-limit', 'RATE_LIMIT_SCOPED_VIOLATION'),
    config: withSystemLog,
    faults: { orgRateLimit: 'client-violation' },
  },
  // okta-developer-docs reference/rl2-client-based: 60 a minute per client, IP and device, the headers "the
  // client-specific limit", and system.client.rate_limit.violation in the System Log.
  'authorize-client-rate-limited': {
    description:
      "/authorize answers 429 E0000047 under the client-based limit (X-Rate-Limit-Limit 60, the client's own), and " +
      "the System Log shows system.client.rate_limit.violation: the org server's authorize check names the " +
      "client-based limit and the client, never the org's bucket, and org-rate-limit warns naming the same scope. " +
      "The limit is the client's: the custom server's checks and the journeys' clients are served.",
    expect: [
      ...expectOn([ORG_SERVER_ID], 'authorize', 'CLIENT_RATE_LIMITED'),
      ...expectOn([ORG_SERVER_ID], 'org-rate-limit', 'RATE_LIMIT_SCOPED_VIOLATION'),
    ],
    config: withSystemLog,
    faults: {
      orgRateLimit: 'client-violation',
      intercept: [
        { server: 'org', endpoint: 'authorize', answer: { kind: 'rate-limited', retryAfterSeconds: 30, limit: 60 } },
      ],
    },
  },
  'org-concurrency-violation': orgRateLimitScenario(
    'concurrency',
    "The System Log shows core.concurrency.org.limit.violation: requests in flight, not the org's per-minute " +
      'bucket, so a warning naming the concurrency limit (never ORG_RATE_LIMIT_VIOLATION), saying Okta calls ' +
      'these events "for your awareness only" during its own incidents.',
    'RATE_LIMIT_SCOPED_VIOLATION',
  ),
  'org-event-hook-delivery': orgRateLimitScenario(
    'event-hook-delivery',
    "The org's event hooks passed their delivery limit (system.operation.rate_limit.violation, " +
      'operationRateLimitType event_hook_delivery, 400,000 a day, scope org): event hook delivery named as ' +
      'such, a warning until the reset; never the concurrency limit, never a page.',
    'RATE_LIMIT_SCOPED_VIOLATION',
  ),
  'org-elastic-rate-limit': orgRateLimitScenario(
    'elastic-activated',
    "Okta's elastic rate limit activated (operationRateLimitType elastic_rate_limit_activated): information, " +
      'counted, no warning.',
  ),
  'rule-deactivated': {
    description:
      `${SIM_ADMIN} deactivated the custom AS's rule '${SIM_RULE.name}' ${SIM_CHANGE_MINUTES_AGO} minutes ago: ` +
      `/token answers "Policy evaluation failed", and the System Log says who did what when.`,
    expect: expectOn([CUSTOM], 'token', 'NO_ACCESS_POLICY'),
    config: withSystemLog,
    faults: { accessPolicy: 'none', ruleDeactivated: true },
  },
  'sign-in-mfa': {
    description:
      'Both synthetic users must answer MFA: the probe verifies their TOTP factors (Authentication API ' +
      'factor verify, Direct Authentication mfa-otp) and signs in; nothing fails.',
    expect: [],
    faults: { signIn: { mfaRequired: true } },
  },
  'sign-in-rejected': {
    description:
      'The synthetic users\' password was changed in Okta: 401 E0000004 "Authentication failed" and ' +
      'invalid_grant "The credentials provided were invalid."',
    expect: expectOn(JOURNEYS, 'sign-in', 'SIGN_IN_REJECTED'),
    faults: userFault('password-changed'),
  },
  'password-expired': {
    description:
      'The synthetic users\' password expired: status PASSWORD_EXPIRED, and invalid_grant "Password has expired."',
    expect: expectOn(JOURNEYS, 'sign-in', 'PASSWORD_EXPIRED'),
    faults: userFault('password-expired'),
  },
  'password-expiring': {
    description:
      "The portal and workforce users' passwords expire in 5 days: PASSWORD_WARN and the IDX expiry warning, " +
      'skipped; the sign-ins pass and the expiry warns.',
    expect: expectOn(ON_CUSTOM, 'password-expiry', 'PASSWORD_EXPIRING'),
    faults: userFault('password-warn'),
  },
  'user-locked-out': {
    description:
      'The synthetic users are locked out: status LOCKED_OUT from the Authentication API, "This factor is ' +
      'suspended" from the IDX API; Direct Authentication answers it as invalid credentials, and the user\'s ' +
      'status read from the Users API tells the lockout.',
    // Direct Authentication answers a locked-out user as invalid credentials (invalid_grant), as Okta does; the
    // journey reads the user's status before calling it a wrong password.
    expect: expectOn(JOURNEYS, 'sign-in', 'USER_LOCKED_OUT'),
    faults: userFault('locked-out'),
  },
  'mfa-push-only': {
    description:
      "MFA is required and the users' only factor is Okta Verify push: MFA_REQUIRED without a TOTP factor, " +
      'and "No supported authenticators are available."',
    expect: expectOn(JOURNEYS, 'sign-in', 'MFA_FACTOR_UNAVAILABLE'),
    faults: userFault('push-only'),
  },
  'mfa-enrollment-required': {
    description:
      'An enrollment policy demands a factor the users lack: MFA_ENROLL, and "The required authenticator ' +
      'cannot be used."',
    expect: expectOn(JOURNEYS, 'sign-in', 'MFA_ENROLLMENT_REQUIRED'),
    faults: userFault('mfa-enroll'),
  },
  'totp-rejected': {
    description:
      "The users' TOTP factors were reset and enrolled again with new secrets: 403 E0000068 and " +
      'invalid_grant "The \'otp\' provided is either empty or incorrect."',
    expect: expectOn(JOURNEYS, 'sign-in', 'TOTP_REJECTED'),
    faults: userFault('totp-reset'),
  },
  'sign-in-not-allowed': {
    description:
      "The portal app's sign-on policy denies the sign-in (access_denied at /authorize), and the native app " +
      'lacks the Direct Authentication grants (unauthorized_client).',
    expect: expectOn(JOURNEYS, 'sign-in', 'SIGN_IN_NOT_ALLOWED'),
    faults: { signIn: { policyDenied: true } },
  },
  'user-not-assigned': {
    description:
      'The synthetic users are not assigned to their apps: access_denied "User is not assigned to the client ' +
      'application."',
    expect: expectOn(JOURNEYS, 'sign-in', 'USER_NOT_ASSIGNED'),
    faults: userFault('not-assigned'),
  },
  'thin-id-token': {
    description:
      "The custom server puts email only at /userinfo: the portal's ID token (code flow) lacks the email its SP reads.",
    expect: expectOn(ON_CUSTOM, 'sign-in', 'ID_TOKEN_MISSING_CLAIMS'),
    faults: { signIn: { thinIdToken: true } },
  },
  'id-token-audience': {
    description:
      "The portal's SP expects ID tokens for api://portal-sp, but an ID token's aud is always the client id.",
    expect: expectOn([PORTAL], 'sign-in', 'ID_TOKEN_AUDIENCE_MISMATCH'),
    config: (cfg) => ({
      ...cfg,
      signIn: cfg.signIn?.map((entry) => (entry.id === PORTAL ? { ...entry, audience: 'api://portal-sp' } : entry)),
    }),
  },
  'id-token-nonce': {
    description:
      "ID tokens carry the nonce of another transaction (a cache or proxy answering with someone else's token).",
    expect: expectOn(ON_CUSTOM, 'sign-in', 'ID_TOKEN_NONCE_MISMATCH'),
    faults: { signIn: { wrongNonce: true } },
  },
  'authn-server-error': {
    description:
      '/api/v1/authn answers 500 with an HTML error page: the Authentication API is down while /token for ' +
      'machines is fine.',
    expect: expectOn([PORTAL], 'sign-in', 'OKTA_SERVER_ERROR'),
    faults: { signIn: { authnDown: true } },
  },
  ...IDX_SCENARIOS,
  ...INVENTORY_SCENARIOS,
  ...SAML_SCENARIOS,
  ...JOURNEY_SCENARIOS,
  ...PAGE_SCENARIOS,
  ...APP_SCENARIOS,
  ...CATALOGUE_SCENARIOS,
  ...USER_LIMIT_SCENARIOS,
  ...RESOURCE_SCENARIOS,
  ...USER_SIGN_IN_SCENARIOS,
  ...PROVISIONING_SCENARIOS,
  ...INTEGRATION_SCENARIOS,
  ...ACCESS_SCENARIOS,
  ...PREVIEW_SCENARIOS,
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof TABLE;

/** Every scenario by name, each read through the general Scenario shape (config and faults optional). */
export const SCENARIOS: { readonly [N in ScenarioName]: Scenario } = TABLE;

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export const isScenarioName = (name: string): name is ScenarioName => Object.hasOwn(SCENARIOS, name);
