// The simulator's real-user scenarios: the "org" server reads the System Log and the config has "userSignIns", and
// the org's 400 people sign in to five apps (sim/user-sign-ins.ts); each scenario promises what the user-sign-ins
// check reports, and no more.
import { ORG_SERVER_ID, type DiagnosisCode } from '../functions/contract';
import type { ConfigFileJson } from '../functions/config/schema';
import type { SimFaults } from './faults';

interface UserSignInScenario {
  readonly description: string;
  readonly expect: readonly {
    readonly server: typeof ORG_SERVER_ID;
    readonly check: 'user-sign-ins';
    readonly code: DiagnosisCode;
  }[];
  readonly config: (cfg: ConfigFileJson) => ConfigFileJson;
  readonly faults: SimFaults;
}

/** The org server reads the System Log, and the config judges real users' sign-ins with the defaults. */
function withUserSignIns(cfg: ConfigFileJson): ConfigFileJson {
  return {
    ...cfg,
    userSignIns: {},
    servers: cfg.servers.map((s) =>
      s.id === ORG_SERVER_ID ? { ...s, scopes: [...new Set([...s.scopes, 'okta.logs.read'])], systemLog: true } : s,
    ),
  };
}

const scenario = (description: string, faults: SimFaults, code?: DiagnosisCode): UserSignInScenario => ({
  description,
  expect: code === undefined ? [] : [{ server: ORG_SERVER_ID, check: 'user-sign-ins', code }],
  config: withUserSignIns,
  faults,
});

export const USER_SIGN_IN_SCENARIOS = {
  'user-sign-ins-healthy': scenario(
    "400 people sign in to five apps, a tenth through a federated AD FS and a tenth through a partner's SAML IdP " +
      "(written with Okta's SystemPrincipal as the actor), about 3 % mistyping their password: " +
      'every app, factor and IdP is judged healthy.',
    {},
  ),
  'user-sign-ins-app-denied': scenario(
    "Workday's sign-on policy denies half the people who open it (policy.evaluate_sign_on DENY) while the " +
      'synthetic users are fine: Workday is named failing, with its rate and the policy DENY as its reason.',
    { userSignIns: 'app-denied' },
    'USER_SIGN_INS_APP_FAILING',
  ),
  'user-sign-ins-zone-blocked': scenario(
    'A blocklist network zone now matches the offices: every Workday sign-in is denied from it; Workday is named ' +
      'failing, its reason told as a network zone.',
    { userSignIns: 'zone-blocked' },
    'USER_SIGN_INS_APP_FAILING',
  ),
  'user-sign-ins-idp-failing': scenario(
    'The federated AD FS signs with a certificate Okta no longer trusts: every auth_via_IDP fails, and Contoso ' +
      'AD FS is named.',
    { userSignIns: 'idp-failing' },
    'USER_SIGN_INS_IDP_FAILING',
  ),
  // SEKOIA-IO/automation-library Okta/tests/test_system_log_trigger.py: a real org's auth_via_IDP, its actor Okta's
  // SystemPrincipal, the IdP an AppInstance target ("SAML 2.0 IdP"), the person a User target.
  'user-sign-ins-partner-idp-rotated': scenario(
    "A partner rotated its SAML IdP's signing certificate: every contractor's federated sign-in fails (\"Unable " +
      'to validate incoming SAML Assertion"), Okta writing each with its SystemPrincipal as the actor and the ' +
      'contractor as a User target: Fabrikam contractors is named failing.',
    { userSignIns: 'partner-idp-rotated' },
    'USER_SIGN_INS_IDP_FAILING',
  ),
  // panther-labs/panther-analysis Okta.Identity.Provider.SignIn reads the actor as the person who signed in.
  'user-sign-ins-partner-idp-rotated-user-actor': scenario(
    'The same rotation, Okta writing each contractor as the actor of auth_via_IDP: Fabrikam contractors is named ' +
      'failing all the same.',
    { userSignIns: 'partner-idp-rotated-user-actor' },
    'USER_SIGN_INS_IDP_FAILING',
  ),
  'user-sign-ins-factor-failing': scenario(
    'Okta Verify push fails for everyone who uses it (auth_via_mfa FAILURE): the factor OKTA_VERIFY_PUSH is named, ' +
      'not an app.',
    { userSignIns: 'factor-failing' },
    'USER_SIGN_INS_FACTOR_FAILING',
  ),
  'user-sign-ins-one-user': scenario(
    'One person fails to sign in 14 times a minute (200 in the window) among healthy traffic: a warning that ' +
      'says the count, never an app failing.',
    { userSignIns: 'one-user' },
    'USER_SIGN_INS_ONE_USER',
  ),
  'user-sign-ins-quiet': scenario(
    'A sign-in a minute, and every Workday one denied: below minEvents every app is "not enough data", never ' +
      'a failure.',
    { userSignIns: 'quiet' },
  ),
  'user-sign-ins-synthetic-failing': scenario(
    "The product's own synthetic users fail 10 times a minute: left out of the count, so nothing is reported.",
    { userSignIns: 'synthetic-failing' },
  ),
  // okta-developer-docs data/event-types.json, UserFactorDebugData.factor_intent: LOGIN, CREDENTIAL_ENROLLMENT,
  // CREDENTIAL_RECOVERY.
  'user-sign-ins-enrollment-campaign': scenario(
    'An Okta Verify rollout: 30 people a minute fail to enroll or recover Okta Verify (auth_via_mfa FAILURE, ' +
      'factorIntent or factor_intent CREDENTIAL_ENROLLMENT / CREDENTIAL_RECOVERY) beside healthy sign-ins: none is ' +
      'a sign-in, so no factor, app or figure moves.',
    { userSignIns: 'enrollment-campaign' },
  ),
  // support.okta.com "Common Okta Login Failures": VERIFICATION_ERROR, the username not found in the directory.
  'user-sign-ins-directory-error': scenario(
    "The directory behind Okta's sign-in cannot verify 40 % of people (user.session.start FAILURE " +
      'VERIFICATION_ERROR): the Okta sign-in is named failing for a username or directory problem, not an MFA factor.',
    { userSignIns: 'directory-error' },
    'USER_SIGN_INS_APP_FAILING',
  ),
  // data/event-types.json: application.policy.sign_on.deny_access, app assurance "evaluated as unsatisfiable".
  'user-sign-ins-deny-access': scenario(
    "Workday's new phishing-resistant rule shuts out half its people, whose authenticators cannot satisfy it " +
      '(application.policy.sign_on.deny_access): Workday is named failing, its reason the sign-on policy.',
    { userSignIns: 'deny-access' },
    'USER_SIGN_INS_APP_FAILING',
  ),
} satisfies Record<string, UserSignInScenario>;
