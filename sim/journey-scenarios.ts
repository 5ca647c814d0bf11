// The simulator's scenarios for what a journey meets on a real org beyond its flow's answers: the session
// each engine opens, the TOTP factor's lockout, a lockout Okta hides, and the order of Okta's steps; and the IDX API
// itself failing. Each answers as the source cited beside it shows; the endpoints that give them cite the same.
import type { CheckName, DiagnosisCode } from '../functions/contract';
import type { ConfigFileJson } from '../functions/config/schema';
import { SIM_TIMEOUT_MS, type SimFaults } from './faults';
import { SIM_SAML_ID } from './saml/scenarios';

interface JourneyScenario {
  readonly description: string;
  readonly expect: readonly { readonly server: string; readonly check: CheckName; readonly code: DiagnosisCode }[];
  /**
   * The requests the "idx" journey (workforce) alone sends to Okta in one run of this scenario: a real org's
   * answer must cost what the flow says, never a retry more (test/functions/probe/org-truth.integration.test.ts counts
   * them).
   */
  readonly oktaRequests?: number;
  readonly faults?: SimFaults;
  readonly config?: (cfg: ConfigFileJson) => ConfigFileJson;
}

/** The "idx" journey's sign-in gives `code`. */
const onWorkforce = (code: DiagnosisCode): JourneyScenario['expect'] => [
  { server: 'workforce', check: 'sign-in', code },
];

export const JOURNEY_SCENARIOS = {
  // okta-developer-docs, the Interaction Code guide: an app without the grant is refused at /v1/interact
  // (unauthorized_client, data/oauth2-error-codes.json).
  'idx-grant-missing': {
    description: 'The workforce app lacks the Interaction Code grant: /v1/interact answers 400 unauthorized_client.',
    expect: onWorkforce('INTERACTION_CODE_NOT_ENABLED'),
    faults: { signIn: { interactionCodeDisabled: true } },
  },
  // E0000009 "Internal Server Error": the Management and IDX APIs' error catalogue (okta-developer-docs error codes).
  'idx-server-error': {
    description:
      'The IDX API answers the password with 500 (E0000009 "Internal Server Error"): Identity Engine\'s ' +
      'sign-in is down while /token for machines is fine.',
    expect: onWorkforce('OKTA_SERVER_ERROR'),
    faults: { signIn: { idxDown: 'server-error' } },
  },
  // Not an answer of Okta's: a slow one, which the probe's own timeoutMs judges.
  'idx-timeout': {
    description:
      `The IDX API holds its answer to identify ${(3 * SIM_TIMEOUT_MS) / 1000} s, three times the configured ` +
      `timeout.`,
    expect: onWorkforce('TIMEOUT'),
    faults: { signIn: { idxDown: 'slow' } },
  },
  // "The use of the session ID cookie (sid) isn't supported in Identity Engine. The new idx cookie is used."
  // (okta-developer-docs, "Upgrade your application to the Identity Engine Sessions API").
  'authn-identity-engine-session': {
    description:
      'An Identity Engine org where the Authentication API still answers: /authorize opens the session as ' +
      'the `idx` cookie, not `sid`; the portal journey hands it to its SAML app, which passes.',
    expect: [],
    faults: { signIn: { engine: 'identity-engine' } },
  },
  // showLockoutFailures defaults to false: a locked user gets 401 E0000004 (Authentication API reference; okta-auth-js
  // okta/okta-auth-js#1592 on Identity Engine); the Management API's User.status says LOCKED_OUT
  // (okta-management-openapi-spec).
  'sign-in-locked-hidden': {
    description:
      'The synthetic users are locked out and the password policy hides it (showLockoutFailures off, its ' +
      'default): 401 E0000004, "Password is incorrect", invalid_grant, as for a wrong password. Their status ' +
      "in the Management API is LOCKED_OUT, which the probe reads with the org server's okta.users.read.",
    expect: ['portal', 'mobile', 'workforce'].map((server) => ({ server, check: 'sign-in', code: 'USER_LOCKED_OUT' })),
    faults: { signIn: { user: 'locked-hidden' } },
  },
  // user.account.lock and user.account.unlock_by_admin "User account unlock by admin." (okta-developer-docs
  // data/event-types.json).
  'sign-in-rejected-after-unlock': {
    description:
      'The synthetic users were locked out two hours ago and an admin unlocked them an hour ago ' +
      '(user.account.unlock_by_admin in the System Log); their password was changed since: a wrong password, ' +
      'whose user is not locked.',
    expect: ['portal', 'mobile', 'workforce'].map((server) => ({ server, check: 'sign-in', code: 'SIGN_IN_REJECTED' })),
    faults: { signIn: { user: 'password-changed', unlockedBy: 'admin' } },
  },
  // User.status SUSPENDED (okta-management-openapi-spec UserStatus); the sign-in answers as for a wrong password.
  'sign-in-user-suspended': {
    description:
      'An admin suspended the synthetic users: Okta answers their password as a wrong one; their status in ' +
      'the Management API is SUSPENDED.',
    expect: ['portal', 'mobile', 'workforce'].map((server) => ({ server, check: 'sign-in', code: 'USER_NOT_ACTIVE' })),
    faults: { signIn: { user: 'suspended' } },
  },
  // The Authentication API reference: MFA is challenged before PASSWORD_EXPIRED; warnBeforePasswordExpired gives
  // PASSWORD_WARN "before SUCCESS" (the authn SDKs' Options), so after MFA.
  'password-warn-after-mfa': {
    description:
      "The users' passwords expire in 5 days and they have an active TOTP factor: Okta challenges the factor " +
      "first and warns after it, before SUCCESS (the Authentication API's order); the warning is kept.",
    expect: ['portal', 'workforce'].map((server) => ({ server, check: 'password-expiry', code: 'PASSWORD_EXPIRING' })),
    faults: { signIn: { user: 'password-warn', mfaRequired: true } },
  },
  // GET /login/token/redirect?stateToken= gives the idx session after IDX (guardian/gateway idxFetch.ts,
  // ellosoft/aws-cred-mgr OktaIdxAuthenticator.cs); here it answers without the cookie.
  'idx-session-refused': {
    description:
      "The SAML app is judged in the Identity Engine journey's session, but GET /login/token/redirect " +
      'answers the sign-in page without the idx cookie: the journey passes, the app cannot be judged, a ' +
      'warning that says why.',
    expect: [{ server: SIM_SAML_ID, check: 'saml', code: 'SAML_NO_SESSION' }],
    faults: { signIn: { sessionRedeem: 'refused' } },
    config: (cfg) => ({ ...cfg, samlApps: cfg.samlApps?.map((app) => ({ ...app, signIn: 'workforce' })) }),
  },
  // guardian/gateway docs/okta/idx/idx-api.md: once IDX completes, the client goes to /login/token/redirect "to
  // complete the Interaction Code flow and set a global session cookie (the idx cookie)", before any code exchange.
  'idx-session-before-exchange': {
    description:
      'The org gives the idx session at GET /login/token/redirect only before the interaction code is ' +
      'exchanged, as production IDX clients redeem it: the journey redeems first, the SAML app passes in the ' +
      'session, and the report names which way it came.',
    expect: [],
    faults: { signIn: { sessionRedeem: 'before-exchange' } },
    config: (cfg) => ({ ...cfg, samlApps: cfg.samlApps?.map((app) => ({ ...app, signIn: 'workforce' })) }),
  },
  // UserStatus STAGED, PROVISIONED, RECOVERY (okta-sdk-nodejs oas-spec/management.yaml; resetPassword: "The user is
  // then not able to sign in ... until they complete the reset flow"): the password answered as a wrong one, as for
  // SUSPENDED.
  'sign-in-user-staged': {
    description:
      'The synthetic users were created but never activated (STAGED): Okta answers their password as a wrong ' +
      'one; their status tells, and the probe backs off rather than hold the secret.',
    expect: ['portal', 'mobile', 'workforce'].map((server) => ({
      server,
      check: 'sign-in',
      code: 'USER_PASSWORD_NOT_SET',
    })),
    faults: { signIn: { user: 'staged' } },
    // interact, introspect, identify, challenge/answer; then the org server's token and GET /api/v1/users/{login}.
    oktaRequests: 6,
  },
  'sign-in-user-recovery': {
    description:
      "An admin reset the synthetic users' passwords (RECOVERY): the old password no longer signs in until " +
      'the reset is completed; Okta answers it as a wrong one, and the status tells.',
    expect: ['portal', 'mobile', 'workforce'].map((server) => ({
      server,
      check: 'sign-in',
      code: 'USER_PASSWORD_NOT_SET',
    })),
    faults: { signIn: { user: 'recovery' } },
    oktaRequests: 6,
  },
  // The Users API's 404 E0000007 (okta-developer-docs data/error-codes.json); the Sign-In Widget's
  // identify-unknown-user.json: identify answers "Authentication failed" (errors.E0000004) before any password.
  'sign-in-user-deleted': {
    description:
      'The synthetic users were deleted: identify refuses the username before any password ' +
      '(errors.E0000004), the other flows answer as for a wrong password, and GET /api/v1/users/{login} ' +
      'answers 404: the user is missing, never a missing admin role.',
    expect: ['portal', 'mobile', 'workforce'].map((server) => ({ server, check: 'sign-in', code: 'USER_NOT_FOUND' })),
    faults: { signIn: { user: 'deleted' } },
    // interact, introspect, identify (refused: no password sent); the org server's token and the 404.
    oktaRequests: 5,
  },
  // 503 E0000010 "Service is in read only mode" (okta-developer-docs data/error-codes.json); an org is read-only in
  // Okta's maintenance and after a disaster-recovery failover (okta-developer-docs guides/manage-orgs-okta-edr).
  'idx-read-only-mode': {
    description:
      "The org is in read-only mode (Okta's maintenance, or a disaster-recovery failover): the IDX API " +
      'answers the password 503 E0000010 "Service is in read only mode". Okta judged nothing, so the journey ' +
      'tries again at its next run, never held until the secret changes.',
    expect: onWorkforce('OKTA_READ_ONLY_MODE'),
    faults: { signIn: { readOnly: true } },
    // interact, introspect, identify, challenge/answer: the refused step, and nothing after it.
    oktaRequests: 4,
  },
} as const satisfies Record<string, JourneyScenario>;
