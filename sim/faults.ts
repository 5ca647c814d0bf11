// What a scenario makes the simulator do wrong, as data. scenarios.ts names the faults, the endpoints
// read them: no endpoint knows scenario names.
import type { SamlCatalogueFaults, SamlFaults } from './saml/app';

/**
 * Timeout written into the simulator's client config for a scenario that holds an answer (a held answer waits a
 * multiple of it, so a short one keeps the demo of a timeout brief), ms, unless SimulatorOptions.timeoutMs injects
 * another.
 */
export const SIM_TIMEOUT_MS = 2000;

/**
 * The same for every other scenario, ms. Nothing there is slow on purpose, so only the machine can make an answer
 * late: on a 2-core machine running the test suite beside it, a catalogue of SAML apps saw loopback answers of 1.5 s
 * with four busy processes per core, and a CI run saw 2 s pass; a TIMEOUT then blamed the scenario for the machine.
 */
export const SIM_PATIENT_TIMEOUT_MS = 10_000;

/** Whether a scenario's faults hold an answer past the timeout, on purpose. */
export function holdsAnswers(faults: SimFaults): boolean {
  return faults.signIn?.idxDown === 'slow' || (faults.intercept ?? []).some((i) => i.answer.kind === 'hold');
}

/** The timeout the simulator's config says for a scenario with these faults, when no test injects one. */
export function simTimeoutMs(faults: SimFaults): number {
  return holdsAnswers(faults) ? SIM_TIMEOUT_MS : SIM_PATIENT_TIMEOUT_MS;
}

/** What the org's real users run into signing in (sim/user-sign-ins.ts): a scenario's fault. */
export type UserSignInFault =
  | 'app-denied'
  | 'deny-access'
  | 'directory-error'
  | 'enrollment-campaign'
  | 'idp-failing'
  | 'factor-failing'
  | 'one-user'
  | 'partner-idp-rotated'
  | 'partner-idp-rotated-user-actor'
  | 'quiet'
  | 'synthetic-failing'
  | 'zone-blocked';

/** Which authorization server a fault applies to. */
type FaultServer = 'org' | 'custom' | 'any';
type FaultEndpoint =
  | 'discovery'
  | 'keys'
  | 'token'
  | 'introspect'
  | 'authorize'
  | 'revoke'
  | 'userinfo'
  | 'interact'
  | '*';

export type FaultAnswer =
  /** The OAuth error shape. */
  | { readonly kind: 'oauth'; readonly status: number; readonly error: string; readonly description: string }
  /** The Okta error envelope. */
  | { readonly kind: 'okta'; readonly status: number; readonly errorCode: string; readonly summary: string }
  /** An HTML page (Okta's error pages in front of the application tier). */
  | { readonly kind: 'html'; readonly status: number; readonly title: string; readonly message: string }
  /** Any body with any content type (e.g. a truncated JSON). */
  | {
      readonly kind: 'raw';
      readonly status: number;
      readonly contentType: string;
      readonly body: string;
      /** Given by something in front of Okta (a captive portal, a proxy): without X-Okta-Request-Id. */
      readonly notFromOkta?: true;
    }
  /**
   * 429 E0000047 with Retry-After: from the concurrency limiter (Limit 0, Remaining 0) without `limit`, from a
   * per-minute bucket of `limit` requests (Remaining 0) with it.
   */
  | { readonly kind: 'rate-limited'; readonly retryAfterSeconds: number; readonly limit?: number }
  /** The socket is destroyed, nothing answered. */
  | { readonly kind: 'destroy' }
  /** The answer is held this many of the config's timeouts (the simulator's timeoutMs), then given normally. */
  | { readonly kind: 'hold'; readonly timeouts: number };

export interface Intercept {
  readonly server: FaultServer;
  readonly endpoint: FaultEndpoint;
  readonly answer: FaultAnswer;
  /**
   * The share of matching requests answered so (0-1), each request on its own; the rest are served as usual. Absent:
   * every one. Okta's partial outages fail a share of requests ("approximately 80% of requests were successfully
   * being serviced", RCA 2018-04-24), which one request a round rarely sees.
   */
  readonly share?: number;
}

/** How the custom AS stamps and signs its access tokens. */
export interface TokenFaults {
  readonly audience?: string;
  /** Path of the issuer put in `iss`, relative to the org URL, instead of the real one. */
  readonly issuerPath?: string;
  readonly omitClaims?: readonly string[];
  /** Sign with a key that was never published in the JWKS. */
  readonly unpublishedKey?: boolean;
  /** Flip bits of the signature after signing. */
  readonly tamperSignature?: boolean;
  /** Stamp iat/exp as if issued this long before an hour's lifetime ran out: exp = now - this. */
  readonly expiredSecondsAgo?: number;
  /**
   * Put only these scopes in scp. Okta never issues a client credentials token with fewer scopes than
   * requested (it answers scope_denied): this stands for a token rewritten or swapped on the way.
   */
  readonly scp?: readonly string[];
  /**
   * Encrypt the signed token for the API (compact JWE, RSA-OAEP-256 / A256GCM), as a custom authorization
   * server configured to encrypt access tokens does. Okta's exact alg/enc pair is unconfirmed.
   */
  readonly encrypt?: boolean;
}

/**
 * The custom AS's access policy for the probe's app: no rule at all, or a rule without the Client Credentials grant.
 */
type AccessPolicyFault = 'none' | 'no-client-credentials';

/** What is wrong with the synthetic user or its app. */
type UserFault =
  /** The password was changed in Okta: the probe's is refused (E0000004, invalid_grant). */
  | 'password-changed'
  | 'password-expired'
  /** The password expires in 5 days: PASSWORD_WARN before SUCCESS. */
  | 'password-warn'
  | 'locked-out'
  /**
   * Locked out, with the password policy's showLockoutFailures off (its default): Okta answers exactly as for a wrong
   * password (401 E0000004, IDX "Password is incorrect", invalid_grant); only the user's status (LOCKED_OUT, in the
   * Management API) tells (authn reference; okta-auth-js#1592).
   */
  | 'locked-hidden'
  /** Suspended by an admin: Okta answers as for a wrong password; the user's status says SUSPENDED. */
  | 'suspended'
  /** The user's only factor is Okta Verify push. */
  | 'push-only'
  /** An enrollment policy demands a factor the user does not have. */
  | 'mfa-enroll'
  /** The TOTP factor was reset and enrolled again with another secret. */
  | 'totp-reset'
  | 'not-assigned'
  /**
   * A user whose status gives no usable password (UserStatus, okta-sdk-nodejs oas-spec/management.yaml): STAGED (not
   * activated), PROVISIONED (password not set), RECOVERY (resetPassword: "not able to sign in ... until they complete
   * the reset flow"). Okta answers the password as a wrong one; the status tells.
   */
  | 'staged'
  | 'provisioned'
  | 'recovery'
  /**
   * No such user (deleted, or a typo in the config): the Users API answers 404 E0000007, and Identity Engine refuses
   * the username at identify, "Authentication failed" (errors.E0000004), as the Sign-In Widget's
   * identify-unknown-user.json mock shows; the Authentication API and /token answer as for a wrong password.
   */
  | 'deleted';

/** The user faults whose password Okta answers exactly as a wrong one: only the user's status tells them apart. */
export const REFUSED_AS_WRONG: ReadonlySet<UserFault> = new Set<UserFault>([
  'password-changed',
  'locked-hidden',
  'suspended',
  'staged',
  'provisioned',
  'recovery',
  'deleted',
]);

/** The skips the simulator's enrollment grace period allows each user ('enroll-grace'). */
export const ENROLL_GRACE_SKIPS = 3;

/**
 * What a real Identity Engine org answers in the IDX API beyond the basics, each as the Sign-In Widget's
 * playground mocks show it (okta/okta-signin-widget playground/mocks/data/idp/idx): only the "idx" journey meets them.
 */
export type IdxAnswerFault =
  /** identify: "You are not allowed to access this app" (idx.error.code.user_not_assigned) and a failure redirect. */
  | 'not-assigned-redirect'
  /**
   * identify: a Deny rule with the admin's own message (security.access_denied_custom_message), hostile as admins
   * write.
   */
  | 'custom-denied'
  /**
   * identify: a device assurance policy refuses the probe's device (idx.error.code.access_denied.device_assurance.*).
   */
  | 'device-assurance'
  /**
   * The TOTP answer gets the per-user limit's 429 (error-429-too-many-request.json: "Too many requests", key
   * tooManyRequests), without X-Rate-Limit headers: "20 requests per user per 5 seconds", "No other users in your org
   * are affected" (okta-developer-docs reference/rl2-limits). Which headers Okta sends with it is not published.
   */
  | 'per-user-429'
  /**
   * After the password: a device assurance policy lets the device in for its grace period
   * (device-assurance-grace-period).
   */
  | 'device-grace'
  /**
   * Once authenticated: the user's profile lacks a required attribute of its user profile policy's enrollment form,
   * and Okta asks for it (profile-update, enroll-profile-update-params.json).
   */
  | 'profile-update'
  /**
   * Once authenticated: a remediation no client knows yet, as keep-me-signed-in once was to okta-auth-js ("No
   * remediation can match current flow", okta-auth-js #1612). No real one is unknown to the journey, so the
   * simulator names its own: `sim-unknown-remediation`, a form with one required field.
   */
  | 'unknown-remediation'
  /**
   * Once signed in: an enrollment policy lets the user skip enrolling an authenticator ENROLL_GRACE_SKIPS times
   * (gracePeriod BY_SKIP_COUNT, authenticator-enroll-grace-period-login-count-with-skip.json); then it is required.
   * Prompted once a day, not at every sign-in: "Users are prompted for enrollment once daily until they reach this
   * number of skips" (help.okta.com, "Authenticator enrollment policies", Grace periods).
   */
  | 'enroll-grace'
  /** introspect: 403 {"error":"Forbidden","message":"Access denied by network policy"}, Okta's own (its request id). */
  | 'network-policy'
  /** introspect: the same 403 from a proxy in front of Okta: no X-Okta-Request-Id. */
  | 'proxy-block'
  /**
   * introspect: a blocklist network zone holds the probe's address: 403 with an empty body, before any policy is
   * evaluated (help.okta.com network zones; okta-developer-docs system-log-query security.request.blocked).
   */
  | 'blocklist-zone'
  /** The identify form asks for a CAPTCHA (captchaVerify, reCAPTCHA v2). */
  | 'captcha'
  /**
   * The identify form asks for hCaptcha (captchaVerify), whose invisible risk analysis passes the user in a browser
   * ('hcaptcha'), or shows its challenge ('hcaptcha-challenge'): sim/endpoints/page-captcha.ts.
   */
  | 'hcaptcha'
  | 'hcaptcha-challenge'
  /** identify: an identity provider routing rule sends the user to an external IdP (redirect-idp). */
  | 'idp-routing'
  /**
   * After the password: the app asks the user to consent to its scopes (an IDX consent form; on a Classic Engine
   * page, the widget's consent screen once the session is open: hosted-page.ts classicConsentPage).
   */
  | 'consent'
  /**
   * Once signed in, before the code: "Stay signed in?" (post-auth-keep-me-signed-in.json, a keep-me-signed-in form of
   * one boolean, keepMeSignedIn), the remediation okta-auth-js #1612 saw break clients.
   */
  | 'stay-signed-in'
  /** The TOTP authenticator is suspended after too many failed codes (authfactor.challenge.suspended_factor). */
  | 'totp-suspended'
  /** The TOTP code was used already in its step by another sign-in (authfactor.challenge.soft_token.used_passcode). */
  | 'totp-used';

/**
 * How the hosted sign-in page breaks while every API answers: its CSP blocks the org's script ('csp'), the org's
 * script calls a Classic-era widget API and throws ('script-error'), the pinned widget's assets answer 404
 * ('asset-missing'), a Classic-DOM style override hides the submit button ('hidden-submit'), the widget's script
 * arrives late ('slow'), the page renders nothing ('blank') or leaves the org ('redirect-away').
 */
export type SignInPageFault =
  | 'csp'
  | 'script-error'
  | 'asset-missing'
  | 'hidden-submit'
  | 'slow'
  /**
   * The widget's script is taken and never answered (a CDN or custom-domain edge that hangs): the page never renders
   * and still waits on it.
   */
  | 'stalled'
  /** The page's custom HTML dropped the widget's container: nothing renders, nothing errs. */
  | 'blank'
  /** The org's script sends the browser to another origin before the widget renders. */
  | 'redirect-away'
  /** The admin pinned an older major of the widget (OLD_WIDGET_VERSION): the page signs in on it. */
  | 'old-widget'
  // ---- Frames and policies from other origins (hosted-page.ts, thirdParty) ----
  /** The org's bot protection shows its challenge frame (reCAPTCHA's bframe, another origin) at the first submit. */
  | 'captcha'
  /** A chat widget's frame from another origin, which navigates inside itself: the page signs in beside it. */
  | 'chat-frame'
  /** Content-Security-Policy-Report-Only beside Okta's policy: its violations are reported, nothing is blocked. */
  | 'report-only-csp'
  /**
   * A CDN in front of the custom domain answers the page's address with its own challenge page (Cloudflare's 403
   * "Just a moment...", `cf-mitigated: challenge`), never Okta's: no X-Okta-Request-Id.
   */
  | 'edge-challenge'
  /**
   * The page's custom code gives the widget's script an integrity hash of another file (Subresource Integrity): the
   * browser refuses the script, and the widget is never defined.
   */
  | 'integrity-mismatch';
// ---- end of frames and policies ----

/**
 * The Sign-In Widget generations one package ships (@okta/okta-signin-widget 7.x dist/js): Gen2
 * (okta-sign-in.min.js, Identity Engine), Gen3 (okta-sign-in.next.js, Identity Engine: okta-developer-docs
 * guides/custom-widget-migration-gen3, "Unlike Gen2, Gen3 ... doesn't use fixed CSS class names"), and Classic
 * Engine's (okta-sign-in.classic.js, over /api/v1/authn).
 */
export type SignInWidget = 'gen2' | 'gen3' | 'classic';

export interface SignInFaults {
  /**
   * The app encrypts its ID tokens (id_token_encrypted_response_alg; okta-developer-docs guides/key-management,
   * "Encryption keys (enc) for ID tokens"): a nested JWT encrypted to the app's public key, five segments.
   */
  readonly encryptIdToken?: boolean;
  readonly user?: UserFault;
  /**
   * The users' lockout history in the System Log: locked two hours ago (user.account.lock), unlocked an
   * hour ago by an admin (user.account.unlock_by_admin) or by the user's self-service token
   * (user.account.unlock_token).
   */
  readonly unlockedBy?: 'admin' | 'self-service';
  /** The sign-on policy demands MFA (a TOTP factor answers it). */
  readonly mfaRequired?: boolean;
  /** The org's hosted sign-in page broken as customized pages break (sim/endpoints/hosted-page.ts). */
  readonly signInPage?: SignInPageFault;
  /**
   * The Sign-In Widget the hosted page loads (SignInWidget): Gen2 unless said.
   */
  readonly pageWidget?: SignInWidget;
  /** The hosted page's language (the widget's `language`, a label file of the package): English unless said. */
  readonly pageLanguage?: string;
  /** The app's sign-on policy denies the sign-in, and the Direct Authentication grants are not enabled for the app. */
  readonly policyDenied?: boolean;
  /** ID tokens of the code flow carry no email (a claim set to be included only at /userinfo). */
  readonly thinIdToken?: boolean;
  /** ID tokens carry another transaction's nonce. */
  readonly wrongNonce?: boolean;
  /** /api/v1/authn answers 500. */
  readonly authnDown?: boolean;
  /** The Interaction Code grant is not enabled for the app: /v1/interact answers unauthorized_client. */
  readonly interactionCodeDisabled?: boolean;
  /**
   * The IDX API fails: challenge/answer answers 500 ('server-error'), or identify holds its answer past the timeout
   * ('slow').
   */
  readonly idxDown?: 'server-error' | 'slow';
  /**
   * The probe's seed is Okta Verify's, and the users' Google Authenticator holds a secret of their own, listed first
   * (Classic lists the GOOGLE factor first too). Only a journey whose totpAuthenticator says "okta-verify" answers the
   * right one. Without it, an Identity Engine user has both as well, Okta Verify listed first as the Sign-In Widget's
   * mock lists them, and the seed is Google Authenticator's.
   */
  readonly bothTotp?: boolean;
  /**
   * Flexible Okta Verify (self-service early access in Preview orgs since August 5, 2026): Okta Verify split into
   * okta_verify_totp, okta_verify_push and okta_verify_fastpass, one authenticator and one method each, as
   * okta-developer-docs concepts/mfa lists them. Okta's notes say GET requests still return `okta_verify` and no IDX
   * answer of Okta's shows the split, so which IDX answers carry the new keys is unconfirmed: the simulator plays the
   * documented split in the select form and the code's challenge (sim/endpoints/idx-flexible-verify.ts).
   */
  readonly flexibleOktaVerify?: boolean;
  /**
   * Classic: the user's only TOTP factor is Google Authenticator's (provider GOOGLE), holding the probe's seed; no
   * factor of provider OKTA (a journey whose totpAuthenticator says "google-authenticator").
   */
  readonly googleOnly?: boolean;
  /** A real Identity Engine org's answer in the IDX API. */
  readonly idxAnswer?: IdxAnswerFault;
  /**
   * The custom server's access policy rule for the app allows the Interaction Code grant but not Authorization Code
   * (okta-developer-docs guides/configure-access-policy: a rule's "Grant type is" condition): the IDX API signs the
   * user in, and the hosted page's final redirect to the app carries access_denied "Policy evaluation failed for this
   * request, please check the policy configurations." (data/oauth2-error-codes.json, no_matching_policy) in place of
   * a code. The interaction code of the API journeys is still issued.
   */
  readonly authorizationCodeDenied?: boolean;
  /**
   * The users' last-used authenticator is Okta Verify with push: once the password is taken, Okta sends the push at
   * once and waits on it (challenge-poll), Okta Verify's code and Google Authenticator listed beside it
   * (sim/endpoints/idx-push.ts, the widget's authenticator-verification-okta-verify-push.json). With mfaRequired.
   */
  readonly oktaVerifyPushFirst?: boolean;
  /**
   * The org runs Identity Engine: a session opened through the Authentication API's session token is the
   * `idx` cookie, not Classic's `sid` (okta-developer-docs guides/oie-upgrade-sessions-api).
   */
  readonly engine?: 'identity-engine';
  /**
   * GET /login/token/redirect gives no session: it answers the sign-in page, without the idx cookie
   * ('refused'), or does so only once the interaction code was exchanged ('before-exchange'): production IDX clients
   * redeem before any exchange (guardian/gateway docs/okta/idx/idx-api.md), and an org may refuse it after.
   */
  readonly sessionRedeem?: 'refused' | 'before-exchange';
  /**
   * The org is in read-only mode (Okta's maintenance, or a disaster-recovery failover): the IDX API answers the
   * password 503 E0000010 "Service is in read only mode" (okta-developer-docs data/error-codes.json). Which steps a
   * read-only org still serves is not published ("users continue authenticating" in guides/manage-orgs-okta-edr):
   * the simulator refuses the password step, the case that must never hold the journey for good.
   */
  readonly readOnly?: boolean;
  /**
   * The workforce app's authentication policy requires a phishing-resistant authenticator: after the password, Okta
   * offers the user's passkey (FIDO2 WebAuthn) and Okta FastPass only (authenticator-verification-webauthn.json).
   * 'counter-ahead': the org holds the passkey's counter far ahead (a copy signed elsewhere); 'custom-domain': the
   * passkeys are bound to the org's custom domain, not the URL the probe signs in at; 'passwordless': the policy asks
   * the passkey alone, right after identify (no password: Okta warns of no password's expiry). 'related-origins': the
   * Passkeys authenticator's RP ID is the org's custom domain (RELATED_RP_ID), the user's passkey was enrolled there,
   * and that domain's /.well-known/webauthn names the org's Okta URL among its related origins (okta-developer-docs
   * guides/custom-passkeys, "Share passkeys across Okta and custom domains"), so Okta verifies an assertion signed for
   * the custom domain's RP ID at the Okta URL's origin; 'related-origins-unlisted': the same, but the file names only
   * another origin.
   */
  readonly passkey?:
    | 'required'
    | 'counter-ahead'
    | 'custom-domain'
    | 'passwordless'
    | 'related-origins'
    | 'related-origins-unlisted';
  /**
   * The authenticator enrollment policy holds Passkeys (FIDO2 WebAuthn), and the users have none yet. 'optional':
   * Passkeys Optional, and Okta offers nothing to a user who holds every required authenticator: it prompts for the
   * optional ones only after a required one is enrolled (help.okta.com, "Authenticator enrollment policies": missing
   * required authenticators are prompted, "followed by optional authenticators"; support.okta.com
   * mfa-enrollment-policy-optional-factors). 'required': Passkeys Required with no grace period for the user's group:
   * once signed in with the password and a TOTP code, Okta offers the enrollment without a skip
   * (authenticator-enroll-select-authenticator.json, authenticator-enroll-webauthn.json). 'aaguid-allowlist' and
   * 'attestation-required': Required as well, and the authenticator's AAGUID allowlist does not list the probe's, or
   * the org takes no "none" attestation.
   */
  readonly passkeyEnroll?: 'optional' | 'required' | 'aaguid-allowlist' | 'attestation-required';
  /**
   * Okta's passkey promotion ("Prompt users to enroll a passkey", Passkeys optional in the enrollment policy): a user
   * without a passkey meets `enroll-authenticator-promotion` and its sibling `skip` once signed in, on every sign-in
   * until one is enrolled (skipCount 0: it never stops). The widget's
   * authenticator-enroll-passkey-promotion-security-key.json. The users have no passkey in such a scenario. With
   * `skipCount` above 0, Okta "stops showing it" after that many skips (okta-developer-docs concepts/policies,
   * "Passkey enrollment promotion": skipCount, cooldown BY_SIGN_IN); the cooldown is every sign-in here.
   */
  readonly passkeyPromotion?: boolean | { readonly skipCount: number };
}

/**
 * What the org's own apps behind Okta do wrong (sim/app-oidc.ts, sim/app-saml-sp.ts), Okta's part healthy: the OIDC
 * app expects another aud, or asks for too few scopes to get the email it needs; the SAML SP pins a certificate Okta no
 * longer signs with, or its clock runs 10 minutes ahead; either has no account for the user, or answers 503; the OIDC
 * app holds a client secret Okta no longer takes (rotated in Okta), so its own token request is refused; the OIDC
 * app refuses without saying why, or sends the browser to an IdP chooser of its own on another origin; the SAML app in
 * Okta encrypts its assertion to an SP certificate whose key the SP no longer holds; Okta refuses the OIDC app's own
 * request (a scope its server does not define), or the SAML app's link to a user it is not assigned to. Two are no
 * fault but the OIDC app built another way, healthy: taking its code by a posted form (response_mode=form_post), or as
 * a single-page app whose callback finishes in the browser.
 */
export type AppFault =
  | 'audience'
  | 'missing-claim'
  | 'stale-certificate'
  | 'clock-skew'
  | 'unknown-user'
  | 'down'
  | 'client-refused'
  | 'refused'
  | 'redirect-away'
  | 'encrypted-assertion'
  | 'scope-refused'
  | 'not-assigned'
  | 'form-post'
  | 'single-page';

export interface SimFaults {
  /** The synthetic user's sign-in. */
  readonly signIn?: SignInFaults;
  /** The org's apps behind Okta, which journeys with an "app" sign in to. */
  readonly app?: AppFault;
  /** The SAML app's settings in Okta. */
  readonly saml?: SamlFaults;
  /** The org's catalogue of SAML apps, and what some of their settings do wrong. */
  readonly samlCatalogue?: SamlCatalogueFaults;
  /**
   * Identity Engine's per-user limit counted (sim/user-limit.ts): 'on'; 'burst-before-totp', another client of the
   * same user spending the user's window just before the probe's TOTP answer; 'burst-at-sso', the same before the
   * first SSO request in the user's session. Off otherwise, so that tests signing one user in many times a second stay
   * about what they test.
   */
  readonly userLimit?: 'on' | 'burst-before-totp' | 'burst-at-sso';
  /** Answers given instead of the endpoint's own (or, for hold, before it). First match wins. */
  readonly intercept?: readonly Intercept[];
  readonly token?: TokenFaults;
  /** The access policy rule of the custom AS allows only these scopes (Okta then refuses the others: scope_denied). */
  readonly grantedScopes?: readonly string[];
  /** No access policy rule of the custom AS matches the probe's client credentials request. */
  readonly accessPolicy?: AccessPolicyFault;
  /** The probe's egress IP is outside the network zones the apps allow: /token answers 403 on both servers. */
  readonly outsideNetworkZone?: boolean;
  /** A claim of the custom AS whose expression cannot be evaluated (its name). */
  readonly failingClaim?: string;
  /** The custom AS's token inline hook answers with this error text. */
  readonly tokenHookError?: string;
  /** The probe's API Services app holds no admin role: every Management API call is refused with 403 E0000006. */
  readonly adminRoleMissing?: boolean;
  /** The Org-AS app of the probe is a Web app, not an API Services app. */
  readonly orgAppNotService?: boolean;
  /** Something between probe and Okta drops the Authorization header of custom-AS requests. */
  readonly stripAuthorization?: boolean;
  /** Something between probe and Okta repeats this form parameter in custom-AS /token requests. */
  readonly duplicateParam?: string;
  /** What /introspect says about a token it knows. */
  readonly introspection?: { readonly inactive?: boolean; readonly clientId?: string };
  /** Every /keys answers {"keys":[]}. */
  readonly emptyJwks?: boolean;
  /** Added to the Date header of every answer, seconds (Okta's time itself stays right). */
  readonly dateOffsetSeconds?: number;
  /**
   * Okta's clock runs this far from the probe's, seconds: its Date header, token stamps and client assertion judgement.
   */
  readonly oktaClockOffsetSeconds?: number;
  /** X-Rate-Limit-Remaining of every /token bucket is pinned to this percent of the limit. */
  readonly rateLimitRemainingPercent?: number;
  /** /authorize shows the sign-in page even with prompt=none (e.g. an IdP routing rule in the way). */
  readonly authorizeShowsSignIn?: boolean;
  /**
   * The status feed shows an open incident: of the org's cell (true: US Cell 6, the simulated org's, and US Cell 7),
   * of another cell only ('other-cell'), or of every cell ('all-cells').
   */
  readonly statusDegraded?: StatusIncident;
  /**
   * Okta's edge in front of the org fails every answer: 503 with its HTML error page, on every path but the status
   * feed and the release notes (served from elsewhere: feeds.feedburner.com, help.okta.com). A Preview org in its own
   * maintenance window or cell outage.
   */
  readonly edgeDown?: boolean;
  /**
   * A release broke the custom AS's custom scopes: it answers every request asking one as a scope it does not have,
   * 400 invalid_scope "One or more scopes are not configured for the authorization server resource." (Okta's error
   * catalogue, data/oauth2-error-codes.json).
   */
  readonly customScopesBroken?: boolean;
  /** okta.logs.read is not granted to the probe's Org-AS app (Okta API Scopes). */
  readonly logsScopeNotGranted?: boolean;
  /** /api/v1/logs answers 429: its bucket is exhausted (a SIEM polling too often). */
  readonly logsRateLimited?: boolean;
  /** /api/v1/logs answers only after this many ms: a slow System Log (a large org's query under load). */
  readonly logsHoldMs?: number;
  /** The System Log holds an admin's deactivation of the custom AS's probe rule, minutes before. */
  readonly ruleDeactivated?: boolean;
  /**
   * Okta fails the org over to its disaster-recovery site: the System Log holds system.dr.failover (outcome SUCCESS)
   * a minute before the read, and the org is read-only meanwhile (the IDX password step answers 503 E0000010).
   */
  readonly oktaFailover?: boolean;
  /**
   * The org's other traffic holds all but `limit` of Okta's concurrent slots (75 simultaneous transactions,
   * okta-developer-docs reference/rl2-concurrency), and Okta takes `holdMs` to answer: a request arriving while
   * `limit` are open answers 429 E0000047 with Limit 0 and Remaining 0 ("always 0 for concurrent rate limit errors",
   * rl2-monitor).
   */
  readonly concurrency?: { readonly limit: number; readonly holdMs: number };
  /**
   * The System Log holds an org rate-limit violation every 5 minutes that Okta commits 150 s after its `published`
   * time ("Some events may be delayed", reference/system-log-query): only a polling reader ever sees it.
   */
  readonly orgRateLimitLate?: boolean;
  /** The System Log holds the org's ongoing rate-limit trouble on /api/v1/users: an event every 20 s. */
  readonly orgRateLimit?:
    | 'violation'
    | 'warning'
    | 'user-violation'
    | 'concurrency'
    | 'client-violation'
    | 'event-hook-delivery'
    | 'elastic-activated';
  /** The org's inventory: what needs action, and the inventory's own troubles. */
  readonly inventory?: InventoryFaults;
  /** What the org's real users run into signing in (sim/user-sign-ins.ts); absent: healthy traffic. */
  readonly userSignIns?: UserSignInFault;
  /** How many people sign in, and how often (SimulatorOptions.signInVolume); absent: 400 people, 40 a minute. */
  readonly signInVolume?: SignInVolume;
  /** What goes wrong provisioning to the org's apps (sim/provisioning.ts); absent: no provisioning app is listed. */
  readonly provisioning?: ProvisioningFault;
  /** The org's healthy provisioning calls a minute (a benchmark's volume); absent: 6. */
  readonly provisioningPerMinute?: number;
  /**
   * When the scenario began, epoch ms (the server sets it as the scenario is set): a finding that closes is placed
   * before it, so the first run after sees it opened and closed whatever the hour, and a test that turns the
   * simulator's clock back sees it open.
   */
  readonly provisioningSince?: number;
  /** The organisation's own API beside the org (sim/endpoints/resource-api.ts): what it expects, how it fails. */
  readonly resourceApi?: ResourceApiFaults;
  /** What goes wrong with the org's own integrations (sim/integrations.ts); absent: none of their events. */
  readonly integrations?: IntegrationFault;
  /** What goes wrong with the org's custom domains (sim/domains.ts); absent: two healthy domains. */
  readonly domains?: DomainFault;
  /** What goes wrong with the org's hook list or a hook's endpoint (sim/hooks.ts); absent: the default org's hooks. */
  readonly hooks?: HookFault;
  /** What an admin changed in the org's app authentication policies (sim/access.ts); absent: healthy. */
  readonly access?: AccessFault;
}

/**
 * The org's app authentication policies as the policy simulation answers them (sim/access.ts): healthy; the finance
 * app moved to the org's default policy; its two rules swapped priority; its remote rule edited from
 * phishing-resistant to password only; the probe's app refused (403 E0000006); a Classic Engine org (E0000015); the
 * LIMITED_GA answer reshaped into a form the probe does not read.
 */
export type AccessFault =
  | 'healthy'
  | 'policy-reassigned'
  | 'rule-reordered'
  | 'weakened'
  | 'scope-missing'
  | 'classic-org'
  | 'answer-changed';

/**
 * The org's custom domains (sim/domains.ts): healthy (an Okta-managed certificate and one the org uploaded), the
 * Okta-managed certificate 10 days from expiry (its renewal failed), a third domain failing validation, the uploaded
 * certificate 9 days from expiry or expired, and the list refused (403 E0000006: the app's admin role does not read
 * domains).
 */
export type DomainFault =
  | 'healthy'
  | 'managed-renewal-failed'
  | 'validation-failed'
  | 'manual-expiring'
  | 'manual-expired'
  | 'unreadable';

/**
 * The org's hooks as GET /api/v1/inlineHooks lists them (sim/hooks.ts): the token hook's certificate expiring in 5
 * days, the registration hook's expired yesterday, the telephony hook's URL on plain http, the list refused (403
 * E0000006: no admin role can read it).
 */
export type HookFault = 'cert-expiring' | 'cert-expired' | 'url-http' | 'unreadable';

/**
 * The org's own integrations (sim/integrations.ts, after okta-developer-docs data/event-types.json): healthy, a token
 * hook timing out, a registration hook answering 500, the telephony hook failing over to Okta's providers, SMS not
 * delivered, the org's SMTP server refusing, a few bounces, Import Safeguard stopping an import, a group rule in error,
 * a policy rule invalidated, Workflows over its step limit.
 */
export type IntegrationFault =
  | 'healthy'
  | 'token-hook-timeout'
  | 'registration-hook-500'
  | 'telephony-failover'
  | 'sms-undelivered'
  | 'sms-blocked'
  | 'smtp-refusing'
  | 'email-bounces'
  | 'import-safeguard'
  | 'import-failed'
  | 'email-domain-unverified'
  | 'group-rule-error'
  | 'policy-rule-invalid'
  | 'workflows-limit';

/**
 * Provisioning to the org's apps (sim/provisioning.ts, after okta-developer-docs data/event-types.json, help.okta.com
 * ref-apps-events and support.okta.com's provisioning KBs): healthy, a connector's expired credential (Snowflake), one
 * user's data refused (Box), several users' data refused (Box), a general failure (Snowflake), the app's rate limit
 * (Slack), an unreachable app (Box), a configuration error (Snowflake: matching user not found), an app that never
 * deactivates (Legacy HR Portal), a finding that closes, a connection disabled (Slack's /connections/default).
 */
export type ProvisioningFault =
  | 'healthy'
  | 'credential-expired'
  | 'one-user-data'
  | 'several-users-data'
  | 'general-failure'
  | 'app-rate-limited'
  | 'unreachable'
  | 'configuration'
  | 'no-deactivation'
  | 'finding-closes'
  | 'connection-disabled';

/** The org's real users: how many people, and how many sign-ins a minute among them. */
export interface SignInVolume {
  readonly people: number;
  readonly perMinute: number;
}

/** What the API expects of a token, and how it fails: what a scenario changes. */
export interface ResourceApiFaults {
  /** The API validates another audience than the server issues. */
  readonly audience?: string;
  /** The API requires this scope, beyond the one it always needs. */
  readonly scope?: string;
  /** The API requires this claim in the token. */
  readonly claim?: string;
  /** The API is down: 503 from its load balancer. */
  readonly down?: true;
  /** The API moved: it redirects to this URL (the probe must not follow it with the token). */
  readonly redirectTo?: string;
}

/** Which cells the status feed's open incident names. */
/** An open incident (in the org's cell, another, all); or 'stale': a feed whose newest entry is 200 days old. */
export type StatusIncident = true | 'other-cell' | 'all-cells' | 'stale' | 'preview-cell';

type Where = Exclude<FaultEndpoint, '*'>;

function matching(
  faults: SimFaults,
  server: 'org' | 'custom',
  endpoint: Where,
  random: () => number = Math.random,
): Intercept[] {
  return (faults.intercept ?? []).filter(
    (i) =>
      (i.server === 'any' || i.server === server) &&
      (i.endpoint === '*' || i.endpoint === endpoint) &&
      (i.share === undefined || random() < i.share),
  );
}

/** The answer given instead of the endpoint's own, if any. */
export function interceptFor(
  faults: SimFaults,
  server: 'org' | 'custom',
  endpoint: Where,
  random?: () => number,
): Exclude<FaultAnswer, { kind: 'hold' }> | undefined {
  for (const { answer } of matching(faults, server, endpoint, random)) if (answer.kind !== 'hold') return answer;
  return undefined;
}

/** How long the answer is held before it is given, ms, for a simulator whose config says `timeoutMs`. */
export function holdFor(faults: SimFaults, server: 'org' | 'custom', endpoint: Where, timeoutMs: number): number {
  for (const { answer } of matching(faults, server, endpoint))
    if (answer.kind === 'hold') return answer.timeouts * timeoutMs;
  return 0;
}

/** One thing a scenario makes need action, and the inventory's own troubles. */
export type InventoryFinding =
  | 'token-expiring'
  | 'token-expired'
  | 'token-owner-inactive'
  /** The hr-sync token's owner is SUSPENDED: Okta documents nothing of what that does to a token. */
  | 'token-owner-suspended'
  /** quarterly-export is no longer listed: it expired, or its owner was deactivated. */
  | 'token-gone'
  | 'app-cert-expiring'
  | 'app-cert-expired'
  | 'idp-cert-expiring'
  | 'idp-cert-expired'
  | 'stream-inactive'
  /** The stream is INACTIVE because an admin deactivated it (its System Log event's actor is a User). */
  | 'stream-deactivated-by-admin'
  | 'hook-not-delivering'
  | 'hook-failing'
  | 'pool-down'
  | 'pool-degraded'
  /**
   * Both serving agents of the pool are DEGRADED, none DISRUPTED. The Management API spec names the value and nothing
   * of what it does ("Operational status of a given agent", OperationalStatus in okta-sdk-nodejs
   * oas-spec/management.yaml): the simulator says only the status, and the probe warns rather than pages on it (its
   * choice, not Okta's word).
   */
  | 'pool-all-degraded';

export interface InventoryFaults {
  readonly findings?: readonly InventoryFinding[];
  /** Inventory scopes not granted to the probe's Org-AS app (Okta API Scopes). */
  readonly scopesNotGranted?: readonly string[];
  /** Resources the app's admin role may not read (403 E0000006): e.g. "api-tokens". */
  readonly roleMissingFor?: readonly string[];
  /** SAML apps beyond the healthy org's: pages of 200 and more than inventoryMaxApps. */
  readonly extraSamlApps?: number;
  /** X-Rate-Limit-Remaining of the apps' key-store bucket pinned to this percent of its limit. */
  readonly keysRemainingPercent?: number;
  /**
   * The listed SAML app (the config's samlApps entry, Salesforce) has Provisioning > To App > Create Users on: its
   * `features` in the app listing name PUSH_NEW_USERS.
   */
  readonly listedAppProvisions?: boolean;
}
