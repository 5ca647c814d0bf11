// The simulator's scenarios for what a real Identity Engine org answers in the IDX API beyond the basics:
// one per answer, each as the Sign-In Widget's playground mocks show it (sim/endpoints/idx-org-answers.ts). Only the
// "idx" journey (workforce) meets them; the others sign in as in the healthy org. And the TOTP seed's authenticator:
// a user with Google Authenticator and Okta Verify (both offered by default on Identity Engine), whose seed the config
// names or not.
import type { DiagnosisCode } from '../functions/contract';
import type { ConfigFileJson } from '../functions/config/schema';
import { ENROLL_GRACE_SKIPS, type IdxAnswerFault, type SimFaults } from './faults';
import { SIM_ROUTED_IDP } from './endpoints/idx-org-answers';

/** The simulator's "idx" journey. */
export const IDX_JOURNEY = 'workforce';
/** The journeys whose API lets them choose the TOTP authenticator: "authn" (portal) and "idx" (workforce). */
const CHOOSING = ['portal', IDX_JOURNEY] as const;

interface IdxScenario {
  readonly description: string;
  readonly expect: readonly {
    readonly server: string;
    readonly check: 'sign-in' | 'device-assurance' | 'enrollment-grace';
    readonly code: DiagnosisCode;
  }[];
  readonly faults: SimFaults;
  readonly config?: (cfg: ConfigFileJson) => ConfigFileJson;
  /** The requests the "idx" journey alone sends to Okta in one run (as JOURNEY_SCENARIOS' oktaRequests). */
  readonly oktaRequests?: number;
  readonly command?: 'passkey enroll';
}

/** The workforce user's passkey (its passkey file), for the scenarios whose journey signs in with it.
 * */
export const WORKFORCE_PASSKEY_FILE = 'workforce-passkey.json';
/** The workforce journey signs in with the user's passkey, read from `file`. */
const withPasskey =
  (file = WORKFORCE_PASSKEY_FILE) =>
  (cfg: ConfigFileJson): ConfigFileJson => ({
    ...cfg,
    signIn: cfg.signIn?.map((s) =>
      s.id === IDX_JOURNEY ? { ...s, authenticator: 'passkey' as const, passkeyFile: file } : s,
    ),
  });
const PASSKEY_POLICY: SimFaults = { signIn: { passkey: 'required' } };

/** Both TOTP authenticators enrolled, Google Authenticator offered first; the probe's seed is Okta Verify's. */
export const BOTH_TOTP: SimFaults = { signIn: { mfaRequired: true, bothTotp: true } };
export const seedIsOktaVerify = (cfg: ConfigFileJson): ConfigFileJson => ({
  ...cfg,
  signIn: cfg.signIn?.map((s) =>
    (CHOOSING as readonly string[]).includes(s.id) ? { ...s, totpAuthenticator: 'okta-verify' as const } : s,
  ),
});

const answering = (
  idxAnswer: IdxAnswerFault,
  code: DiagnosisCode,
  description: string,
  mfaRequired = false,
): IdxScenario => ({
  description,
  expect: [{ server: IDX_JOURNEY, check: 'sign-in', code }],
  faults: { signIn: { idxAnswer, ...(mfaRequired && { mfaRequired }) } },
});

export const IDX_SCENARIOS = {
  'idx-not-assigned-redirect': answering(
    'not-assigned-redirect',
    'USER_NOT_ASSIGNED',
    'The workforce app is not assigned to its user, as a current Identity Engine org says it at identify: ' +
      '"You are not allowed to access this app. To request access, contact an admin." ' +
      '(idx.error.code.user_not_assigned) and a failure redirect.',
  ),
  'idx-access-denied-custom': answering(
    'custom-denied',
    'SIGN_IN_NOT_ALLOWED',
    "A Deny rule of the workforce app's authentication policy answers identify with the admin's own message " +
      '(security.access_denied_custom_message): several lines, markup and 400 characters, quoted scrubbed and ' +
      'bounded.',
  ),
  'idx-device-assurance': answering(
    'device-assurance',
    'DEVICE_ASSURANCE_DENIED',
    "A device assurance policy in the workforce app's authentication policy refuses the probe's device at " +
      'identify: "Your device doesn\'t meet the security requirements", "Update to macOS 14.0", "Turn on ' +
      'FileVault".',
  ),
  'idx-network-policy': answering(
    'network-policy',
    'NETWORK_ZONE_DENIED',
    'The IDX API answers introspect 403 {"error":"Forbidden","message":"Access denied by network policy"} ' +
      "with Okta's own X-Okta-Request-Id: a network zone of the org blocks the probe.",
  ),
  'idx-proxy-block': answering(
    'proxy-block',
    'NETWORK_POLICY_BLOCKED',
    'A proxy in front of Okta answers introspect 403 {"error":"Forbidden","message":"Access denied by ' +
      'network policy"} without X-Okta-Request-Id: a proxy in front of Okta, or the org\'s dynamic zone; the ' +
      'diagnosis names both and how the System Log tells them apart.',
  ),
  // interact, introspect: refused there, nothing after it (no username, no password).
  'idx-blocklist-zone': {
    oktaRequests: 2,
    ...answering(
      'blocklist-zone',
      'NETWORK_BLOCKLISTED',
      "A blocklist network zone of the org holds the probe's address: the IDX API answers introspect 403 " +
        'with an empty body, before any policy is evaluated (help.okta.com network zones; System Log ' +
        'security.request.blocked). Okta judged no password: the journey tries again at its next run.',
    ),
  },
  // device-assurance-grace-period-one-option.json; login.properties idx.device_assurance.grace_period.*.
  'idx-device-grace': {
    description:
      "A device assurance policy lets the probe's device in for its grace period: after the password Okta " +
      'says "Your device doesn\'t meet the security requirements. Fix the issue by <date> to prevent ' +
      'lockout." and offers "Continue to app". The journey continues and passes; a warning says when the ' +
      'grace ends.',
    expect: [{ server: IDX_JOURNEY, check: 'device-assurance', code: 'DEVICE_ASSURANCE_GRACE' }],
    faults: { signIn: { idxAnswer: 'device-grace' } },
    // interact, introspect, identify, challenge/answer, skip (the grace), then the code exchange, /userinfo, the keys
    // and the clean-up's revocation: a healthy journey's eight, and the skip.
    oktaRequests: 9,
  },
  // authenticator-enroll-grace-period-login-count-with-skip.json; login.properties
  // oie.enrollment.policy.grace.period.required.in.number.of.skips; help.okta.com "Authenticator enrollment policies"
  // (Grace periods: "prompted for enrollment once daily").
  // post-auth-keep-me-signed-in.json; okta-auth-js #1612 ("No remediation can match current flow ... Remediations:
  // [keep-me-signed-in]").
  'idx-stay-signed-in': {
    description:
      'Once the workforce user is signed in, Okta asks "Stay signed in?" (keep-me-signed-in) before the code, as an ' +
      'org whose session policy prompts for it does. The journey answers no and passes.',
    expect: [],
    faults: { signIn: { idxAnswer: 'stay-signed-in' } },
    // A healthy journey's eight, and the answer to keep-me-signed-in.
    oktaRequests: 9,
  },
  'idx-enroll-grace': {
    description:
      'An authenticator enrollment policy asks the workforce user to enroll Okta Verify or Google ' +
      `Authenticator, with a grace of ${ENROLL_GRACE_SKIPS} skips (gracePeriod BY_SKIP_COUNT), prompted once a ` +
      "day as Okta prompts a grace's enrollment. The journey skips and passes; a warning names the skips left, " +
      'and once they are spent (a run a day) the journey fails MFA_ENROLLMENT_REQUIRED.',
    expect: [{ server: IDX_JOURNEY, check: 'enrollment-grace', code: 'ENROLLMENT_GRACE' }],
    faults: { signIn: { idxAnswer: 'enroll-grace' } },
    // A healthy journey's eight, and the enrollment's skip.
    oktaRequests: 9,
  },
  // okta-developer-docs reference/rl2-limits ("20 requests per user per 5 seconds"); error-429-too-many-request.json.
  // Not named idx-*: its TOTP code would wait out a step another scenario of the same test used.
  'per-user-rate-limit': {
    oktaRequests: 6,
    ...answering(
      'per-user-429',
      'USER_RATE_LIMITED',
      'MFA is required, and the TOTP answer gets a 429 "Too many requests" without X-Rate-Limit headers: ' +
        "Identity Engine's per-user limit (20 requests per user per 5 seconds), not the org's bucket. Okta " +
        'served nothing: the journey tries again at its next run.',
      true,
    ),
  },
  'idx-captcha': answering(
    'captcha',
    'CAPTCHA_REQUIRED',
    "CAPTCHA guards the org's sign-in page: the identify form carries captchaVerify (reCAPTCHA v2), and the " +
      'probe sends nothing.',
  ),
  'idx-idp-routing': answering(
    'idp-routing',
    'IDP_ROUTING_REDIRECT',
    `An identity provider routing rule sends the workforce user to "${SIM_ROUTED_IDP.name}" (redirect-idp) ` +
      `after identify.`,
  ),
  'idx-consent': answering(
    'consent',
    'SIGN_IN_CONSENT_REQUIRED',
    'The workforce app requires consent: after the password, Okta asks the user to allow email and phone (a ' +
      'consent form), which the probe never grants.',
  ),
  'idx-profile-update': answering(
    'profile-update',
    'PROFILE_UPDATE_REQUIRED',
    "The workforce user's profile lacks an attribute its user profile policy now requires: after the password, " +
      'Okta asks for "Cost center" (a profile-update form, required, beside an optional "Secondary email"), which ' +
      'the probe never writes.',
  ),
  'idx-totp-suspended': answering(
    'totp-suspended',
    'TOTP_SUSPENDED',
    "MFA is required, and the workforce user's TOTP authenticator is suspended after too many failed " +
      'attempts: "This factor is suspended for your account due to too many failed attempts" on its code.',
    true,
  ),
  'idx-totp-used': answering(
    'totp-used',
    'TOTP_CODE_REUSED',
    'MFA is required, and another sign-in of the workforce user used the code of this 30-second step first: ' +
      '"Each code can only be used once. Please wait for a new code and try again." on the TOTP authenticator.',
    true,
  ),
  // authenticator-verification-webauthn.json: the policy offers the passkey and FastPass after the password.
  'idx-passkey': {
    description:
      "The workforce app's authentication policy requires a phishing-resistant authenticator, and the " +
      'workforce journey signs in with the passkey its user enrolled ("authenticator": "passkey"): it answers ' +
      "Okta's WebAuthn challenge with an ES256 assertion, its counter written ahead in the journey's state, " +
      'and passes.',
    expect: [],
    faults: PASSKEY_POLICY,
    config: withPasskey(),
  },
  'idx-phishing-resistant': {
    description:
      "The workforce app's authentication policy requires a phishing-resistant authenticator (Okta offers the " +
      'passkey and FastPass only), and the workforce journey has a TOTP code to give: the diagnosis names the two ' +
      "ways out, a rule for the synthetic user's group or a passkey.",
    expect: [{ server: IDX_JOURNEY, check: 'sign-in', code: 'PHISHING_RESISTANCE_REQUIRED' }],
    faults: PASSKEY_POLICY,
  },
  // A second run past the journey's cadence tells PASSKEY_COUNTER_BEHIND; a scenario's run is the first.
  'idx-passkey-counter-ahead': {
    description:
      "The org holds the passkey's counter far ahead of the journey's: a copy of the passkey signed elsewhere. " +
      'Okta refuses the assertion ("None of the WebAuthn authenticators the user has enrolled for was able to ' +
      'validate the assertion"). A journey with no success of this passkey in its memory says so in Okta\'s ' +
      'words; one that passed before names the counter behind (PASSKEY_COUNTER_BEHIND). Either fails once and ' +
      'holds the passkey, never a retry in a loop.',
    expect: [{ server: IDX_JOURNEY, check: 'sign-in', code: 'PASSKEY_REFUSED' }],
    faults: { signIn: { passkey: 'counter-ahead' } },
    config: withPasskey(),
  },
  'idx-passkey-custom-domain': {
    description:
      "The org's passkeys are bound to its custom domain, and the journey signs in at the org's own URL: the " +
      'RP ID hash and the origin differ, and Okta refuses the assertion in its own words.',
    expect: [{ server: IDX_JOURNEY, check: 'sign-in', code: 'PASSKEY_REFUSED' }],
    faults: { signIn: { passkey: 'custom-domain' } },
    config: withPasskey(),
  },
  // okta-developer-docs guides/custom-passkeys: one passkey shared by the custom domain and the Okta domain.
  'idx-passkey-related-origins': {
    description:
      "The org's passkeys are bound to its custom domain (the RP ID), whose /.well-known/webauthn (Okta serves it " +
      "for a custom domain in Okta) names the org's Okta URL among its related origins: the journey signs in at " +
      'the Okta URL with a passkey bound to the custom domain, as a browser honouring related origin requests does.',
    expect: [],
    faults: { signIn: { passkey: 'related-origins' } },
    config: withPasskey(),
  },
  'idx-passkey-related-origins-unlisted': {
    description:
      "The org's passkeys are bound to its custom domain, whose /.well-known/webauthn names another brand's " +
      "origin but not the org's Okta URL: the journey refuses to sign, as a browser would, naming the file, what " +
      'it lists and where to add the origin; nothing is signed or sent past the password.',
    expect: [{ server: IDX_JOURNEY, check: 'sign-in', code: 'PASSKEY_REFUSED' }],
    faults: { signIn: { passkey: 'related-origins-unlisted' } },
    config: withPasskey(),
  },
  'idx-passkey-passwordless': {
    description:
      "The workforce app's policy asks the passkey alone, right after the username (passwordless): the passkey " +
      'journey signs in without the password. Okta judged no password, so password-expiry is N/A, not skipped, ' +
      'and the run exits 0.',
    expect: [],
    faults: { signIn: { passkey: 'passwordless' } },
    config: withPasskey(),
  },
  'idx-passkey-missing': {
    description:
      "The workforce journey's passkeyFile names a file that is not there: the journey reports it, naming the " +
      'file, and sends nothing, not even the password.',
    expect: [{ server: IDX_JOURNEY, check: 'sign-in', code: 'PASSKEY_UNAVAILABLE' }],
    faults: PASSKEY_POLICY,
    config: withPasskey('keys/missing-passkey.json'),
  },
  'idx-passkey-not-offered': {
    description:
      "The workforce app's authentication policy takes a TOTP code and no passkey, and the workforce journey " +
      'signs in with its passkey ("authenticator": "passkey"), its secret still holding a TOTP seed: the journey ' +
      'fails after the password, naming what Okta offered instead, and never passes on the TOTP path.',
    expect: [{ server: IDX_JOURNEY, check: 'sign-in', code: 'PASSKEY_NOT_OFFERED' }],
    faults: { signIn: { mfaRequired: true } },
    config: withPasskey(),
  },
  // authenticator-enroll-select-authenticator.json, authenticator-enroll-webauthn.json: once signed in, the
  // enrollment policy requires Passkeys, without a skip (no grace period).
  'idx-passkey-enroll': {
    description:
      "A rule of the authenticator enrollment policy requires Passkeys for the workforce user's group, with no " +
      'grace period, and the user has none: `passkey enroll --journey workforce` signs in with the password and a ' +
      'TOTP code, chooses Passkeys (FIDO2 WebAuthn), answers the activation with attestation "none", and writes ' +
      'the passkey file (0600) once Okta accepted it; the next sign-in answers with it.',
    expect: [],
    faults: { signIn: { mfaRequired: true, passkeyEnroll: 'required' } },
    command: 'passkey enroll',
  },
  // help.okta.com "Authenticator enrollment policies"; support.okta.com mfa-enrollment-policy-optional-factors: Okta
  // prompts for an optional authenticator only after a required one is enrolled.
  'idx-passkey-enroll-optional': {
    description:
      'The authenticator enrollment policy allows Passkeys (Optional), without the passkey promotion, and the ' +
      'workforce user holds every required authenticator: Okta offers no enrollment, as it prompts for optional ' +
      'authenticators only after a required one is enrolled. `passkey enroll` signs in, is offered nothing, writes ' +
      'nothing, and says what to change: the promotion, or Passkeys Required with no grace period for a group ' +
      'holding only the synthetic user.',
    expect: [{ server: IDX_JOURNEY, check: 'sign-in', code: 'PASSKEY_ENROLLMENT_NOT_OFFERED' }],
    faults: { signIn: { mfaRequired: true, passkeyEnroll: 'optional' } },
    command: 'passkey enroll',
  },
  // authenticator-enroll-passkey-promotion-security-key.json: Okta's passkey promotion and its sibling skip.
  'idx-passkey-promotion': {
    description:
      'The org prompts users to enroll a passkey (the passkey promotion; Passkeys optional in the enrollment ' +
      'policy): once signed in, a user without one meets enroll-authenticator-promotion and "Maybe later" (skip), ' +
      'on every sign-in. The TOTP journey answers "Maybe later" and signs in, every run. Once `passkey enroll` ' +
      'answered it, Okta offers the user the passkey beside the codes, and a passkey journey signs in with it.',
    expect: [],
    faults: { signIn: { mfaRequired: true, passkeyPromotion: true } },
  },
  // okta-developer-docs concepts/policies, "Passkey enrollment promotion": a skipCount above 0 stops the prompt.
  'idx-passkey-promotion-limited': {
    description:
      'The passkey promotion allows two skips (skipCount 2, cooldown every sign-in): the TOTP journey answers ' +
      '"Maybe later" at its first two runs and passes, then Okta stops showing it; `passkey enroll` after that ' +
      'is offered nothing and says what to change (no skip limit, or Passkeys Required for a group holding only ' +
      'the synthetic user).',
    expect: [],
    faults: { signIn: { mfaRequired: true, passkeyPromotion: { skipCount: 2 } } },
  },
  'idx-passkey-promotion-enroll': {
    description:
      'The org prompts users to enroll a passkey (the passkey promotion): `passkey enroll --journey workforce` ' +
      "signs in with the password and a TOTP code, answers the promotion with a new passkey's attestation " +
      '(with its transports and client extensions, as the widget sends them), and writes the passkey file.',
    expect: [],
    faults: { signIn: { mfaRequired: true, passkeyPromotion: true } },
    command: 'passkey enroll',
  },
  'idx-passkey-enroll-aaguid': {
    description:
      "Passkeys (FIDO2 WebAuthn) allow only the AAGUIDs on the org's list, and the probe's software authenticator " +
      'is not on it: Okta refuses the attestation in its own words ("AllowList is setup that does not allow this ' +
      'factor\'s aaguid."); `passkey enroll` names the AAGUID to add, and writes nothing.',
    expect: [{ server: IDX_JOURNEY, check: 'sign-in', code: 'PASSKEY_ENROLLMENT_REFUSED' }],
    faults: { signIn: { mfaRequired: true, passkeyEnroll: 'aaguid-allowlist' } },
    command: 'passkey enroll',
  },
  'idx-passkey-enroll-attestation': {
    description:
      'The org requires an attestation statement (a certificate) of every passkey: the software authenticator ' +
      'attests "none", and Okta refuses it; `passkey enroll` says so, and writes nothing.',
    expect: [{ server: IDX_JOURNEY, check: 'sign-in', code: 'PASSKEY_ENROLLMENT_REFUSED' }],
    faults: { signIn: { mfaRequired: true, passkeyEnroll: 'attestation-required' } },
    command: 'passkey enroll',
  },
  'totp-both-offered': {
    description:
      'MFA is required, and the users have both TOTP authenticators, as real Identity Engine orgs often do: ' +
      "the IDX answer offers Okta Verify and Google Authenticator, in the Sign-In Widget's order (its " +
      "select-authenticator mock). The probe's seed is Google Authenticator's, the only one whose enrollment " +
      'shows it, and the config says so (totpAuthenticator "google-authenticator" on the idx journey): it ' +
      'answers Google Authenticator and signs in, never Okta Verify.',
    expect: [],
    faults: { signIn: { mfaRequired: true } },
    config: (cfg) => ({
      ...cfg,
      signIn: cfg.signIn?.map((s) =>
        s.id === IDX_JOURNEY ? { ...s, totpAuthenticator: 'google-authenticator' as const } : s,
      ),
    }),
  },
  'totp-seed-named': {
    description:
      "The users have Google Authenticator (first in Okta's list) and Okta Verify; the probe's seed is Okta " +
      'Verify\'s, and the config says so (totpAuthenticator "okta-verify" on the authn and idx journeys): ' +
      "each answers Okta Verify and signs in. Direct Authentication's grant names no authenticator: Okta " +
      'tries the code against both.',
    expect: [],
    faults: BOTH_TOTP,
    config: seedIsOktaVerify,
  },
  'totp-seed-unnamed': {
    description:
      'The same users without totpAuthenticator in the config: the authn and idx journeys answer Google ' +
      "Authenticator, listed first, with Okta Verify's seed, and Okta refuses the code; the idx journey's " +
      'detail names Okta Verify and the fix (totpAuthenticator "okta-verify").',
    expect: CHOOSING.map((server) => ({ server, check: 'sign-in', code: 'TOTP_REJECTED' })),
    faults: BOTH_TOTP,
  },
} as const satisfies Record<string, IdxScenario>;
