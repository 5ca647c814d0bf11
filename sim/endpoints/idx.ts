// Identity Engine's Interaction Code flow as a synthetic user meets it: POST {issuer}/v1/interact, then the
// IDX API under /idp/idx (introspect, identify, challenge, challenge/answer, skip, keep-me-signed-in), strict as
// Okta: PKCE required at interact ("PKCE code challenge is required to use the interaction code flow.", catalogue
// pkce_challenge_required), the app must hold the Interaction Code grant (unauthorized_client otherwise), a
// stateHandle names one transaction.
// The user's state and the policies come from the scenario's faults, in the order Okta evaluates them; the answers'
// shapes are in idx-forms.ts, and what real orgs answer beyond the basics (a failure redirect, an admin's
// Deny message, device assurance, a network policy, a CAPTCHA, an IdP routing rule, consent, a suspended
// authenticator) in idx-org-answers.ts. The success sets Identity Engine's session cookie `idx`.
import { DAY_MS } from '../../functions/contract';
import { CLEARED_SID, oauthError, oktaError, type Answer } from '../answer';
import type { AuthServer } from '../auth-server';
import { ENROLL_GRACE_SKIPS, REFUSED_AS_WRONG, type SignInFaults } from '../faults';
import { parseScopes, judgeScopes } from '../scopes';
import type { SimRequest, SimState } from '../state';
import type { IdxTransaction } from '../idx-store';
import type { SimUser } from '../users';
import { newChallenge, verifyAssertion } from '../webauthn';
import { verifyRegistration, type Refusal } from '../webauthn-enroll';
import { ALLOWLISTED_AAGUID, webauthnEnrollSelectState, webauthnEnrollState } from './idx-enroll';
import { relatedRpId } from './webauthn-well-known';
import { jsonObject, mfaWanted, readJson } from './authn';
import { userSignInFaults } from '../tenant';
import {
  enrollState,
  expiredState,
  googleState,
  identifyState,
  ion,
  isGoogle,
  isPassword,
  isVerifyByCode,
  isWebauthn,
  messages,
  phishingResistantSelectState,
  webauthnState,
  passwordState,
  selectState,
  successState,
  totpState,
  warningState,
  type IdxMessage,
  type Json,
} from './idx-forms';
import { withFlexibleOktaVerify } from './idx-flexible-verify';
import { hostedLanding, hostedSuccessState } from './hosted-page';
import {
  blocklistZone,
  captchaIdentifyState,
  consentState,
  profileUpdateState,
  unknownRemediationState,
  staySignedInState,
  deviceGraceState,
  customDenied,
  deviceAssurance,
  networkPolicy,
  notAssignedRedirect,
  redirectIdpState,
} from './idx-org-answers';
import { pushSentState } from './idx-push';
import { captchaSolved } from './page-captcha';

export const IDX_PATH =
  /^\/idp\/idx\/(introspect|identify|challenge(?:\/answer|\/poll)?|skip|keep-me-signed-in|credential\/enroll|cancel)$/;
export const INTERACTION_CODE_GRANT = 'interaction_code';

const SESSION_EXPIRED: IdxMessage = {
  message: 'You have been logged out due to inactivity. Refresh or return to the sign in screen.',
  key: 'idx.session.expired',
};
/** error-authenticator-verify-password.json. */
const INCORRECT_PASSWORD: IdxMessage = { message: 'Password is incorrect', key: 'incorrectPassword' };
/** error-authenticator-verification-password-too-many-attempts.json: the password authenticator locked. */
/** The Sign-In Widget's mock error-authenticator-verification-on-google-otp-used-passcode.json, its message and key. */
const USED_PASSCODE: IdxMessage = {
  message: 'Each code can only be used once. Please wait for a new code and try again.',
  key: 'authfactor.challenge.soft_token.used_passcode',
};
const SUSPENDED: IdxMessage = {
  message: 'This factor is suspended for your account due to too many failed attempts',
  key: 'authfactor.challenge.suspended_factor',
};
/** error-okta-verify-totp.json. */
const PASSCODE_INVALID: IdxMessage = { message: 'Invalid code. Try again.', key: 'api.authn.error.PASSCODE_INVALID' };
/** error-authenticator-verification-on-google-otp-invalid-passcode.json (a field message of credentials.passcode). */
const GOOGLE_INVALID: IdxMessage = {
  message: "API error: Your code doesn't match our records. Please try again.",
  key: 'authfactor.challenge.soft_token.invalid_passcode',
};
/** error-429-too-many-request.json. */
const TOO_MANY_REQUESTS: IdxMessage = { message: 'Too many requests', key: 'tooManyRequests' };
/** identify-unknown-user.json: identify refused before any password. */
const UNKNOWN_USER: IdxMessage = { message: 'Authentication failed', key: 'errors.E0000004' };
/** error-user-is-not-assigned.json. */
const NOT_ASSIGNED: IdxMessage = {
  message: 'User is not assigned to this application.',
  key: 'idx.error.user.not.assigned.to.app',
};
/** error-identify-access-denied.json: a Deny rule of the app's authentication policy. */
const ACCESS_DENIED: IdxMessage = {
  message: 'You do not have permission to perform the requested action.',
  key: 'security.access_denied',
};
/** error-internal-server-error.json. */
const INTERNAL: IdxMessage = { message: 'Internal Server Error', key: 'E0000009' };
/** error-authenticator-webauthn-failure.json: Okta's one answer to an assertion it refuses, whatever the check. */
const ASSERTION_FAILURE: IdxMessage = {
  message: 'None of the WebAuthn authenticators the user has enrolled for was able to validate the assertion',
  key: 'authfactor.webauthn.error.assertion_validation_failure',
};
/**
 * A passkey refused at enrollment. Okta's IDX words for these are in no public mock: the AAGUID's are the System Log's
 * reason (support.okta.com "Unable to Log In to Okta Using YubiKey": "AllowList is setup that does not allow this
 * factor's aaguid."), the others the widget's own word for a WebAuthn failure (login.properties
 * authfactor.webauthn.error). Unconfirmed against a live org: the probe judges any refusal after its attestation alike,
 * quoting it.
 */
function enrollRefusal(refusal: Refusal): IdxMessage {
  if (refusal.why === 'aaguid')
    return {
      message: "AllowList is setup that does not allow this factor's aaguid.",
      key: 'authfactor.webauthn.error',
    };
  return {
    message: 'You are currently unable to use a Security key or biometric authenticator. Try again.',
    key: 'authfactor.webauthn.error',
  };
}

/** The custom domain the org's passkeys are bound to in the 'custom-domain' fault. */
const SIM_CUSTOM_DOMAIN = 'id.sim.example';
/** The app's label in Okta's messages. */
const APP_LABEL = 'Workforce Portal';

const errorOnly = (status: number, list: readonly IdxMessage[], stateHandle?: string): Answer =>
  ion(status, {
    version: '1.0.0',
    ...(stateHandle !== undefined && { stateHandle }),
    intent: 'LOGIN',
    messages: messages(list),
  });

/** POST {issuer}/v1/interact: an interaction handle for a registered app holding the grant, with PKCE. */
export function interact(state: SimState, server: AuthServer, request: SimRequest): Answer {
  const form = request.form;
  const client = state.registry.get(form.get('client_id') ?? '');
  if (client === undefined) return oauthError(401, 'invalid_client', "Invalid value for 'client_id' parameter.");
  const faults = state.faults().signIn ?? {};
  const grants = (client.userGrants ?? []).filter(
    (g) => !(g === INTERACTION_CODE_GRANT && faults.interactionCodeDisabled === true),
  );
  if (!grants.includes(INTERACTION_CODE_GRANT))
    return oauthError(
      400,
      'unauthorized_client',
      `The client is not authorized to use the provided grant type. Configured grant types: [${grants.join(', ')}].`,
    );
  const redirectUri = form.get('redirect_uri') ?? '';
  if (!client.redirectUris.includes(redirectUri))
    return oauthError(
      400,
      'invalid_request',
      "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.",
    );
  const challenge = form.get('code_challenge');
  if (challenge === null || challenge === '')
    return oauthError(400, 'invalid_request', 'PKCE code challenge is required to use the interaction code flow.');
  if (form.get('code_challenge_method') !== 'S256')
    return oauthError(400, 'invalid_request', 'PKCE code challenge method is not supported. Valid values: [S256]');
  const scopes = parseScopes(form.get('scope'));
  const judged = judgeScopes(server, client, scopes, false);
  if (!judged.ok) return oauthError(400, judged.error, judged.description);
  const nowSeconds = Math.floor(request.now / 1000);
  // "Length of 32 characters or less" (okta-developer-docs guides/device-context): a longer one is not a device ID.
  const device = request.headers['x-device-token'];
  const deviceToken = typeof device === 'string' && device !== '' && device.length <= 32 ? device : undefined;
  const handle = state.signIn.idx.interact(
    {
      clientId: client.clientId,
      serverId: server.id,
      scopes,
      challenge,
      nonce: form.get('nonce'),
      redirectUri,
      ...(deviceToken !== undefined && { deviceToken }),
    },
    nowSeconds,
  );
  return {
    kind: 'reply',
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ interaction_handle: handle }),
  };
}

/** The IDX API: one transaction's forms, answered by the scenario's user and policies. */
/**
 * GET /login/token/redirect?stateToken=...: a finished IDX transaction's session, as the production IDX clients get it
 * (guardian/gateway idxFetch.ts; ellosoft/aws-cred-mgr OktaIdxAuthenticator.cs): Identity Engine's `idx` cookie and a
 * redirect back to the app. A stateToken Okta no longer knows gets the sign-in page's error.
 */
export const LOGIN_TOKEN_REDIRECT_PATH = '/login/token/redirect';

export function loginTokenRedirect(state: SimState, request: SimRequest): Answer {
  if (request.method !== 'GET') return { kind: 'reply', status: 405, headers: { Allow: 'GET' }, body: '' };
  const nowSeconds = Math.floor(request.now / 1000);
  const redeemed = state.signIn.idx.redeem(request.url.searchParams.get('stateToken'), nowSeconds);
  const refuse = state.faults().signIn?.sessionRedeem;
  if (redeemed === undefined || refuse === 'refused' || (refuse === 'before-exchange' && redeemed.codeSpent))
    return {
      kind: 'reply',
      status: 403,
      headers: { 'Content-Type': 'text/html' },
      body: '<html><head><title>Error</title></head><body>The session has expired. Sign in again.</body></html>',
    };
  const sid = state.signIn.openUserSession(redeemed.userId, nowSeconds);
  // Classic's sid cleared beside it, as an Identity Engine org answers (CLEARED_SID).
  return {
    kind: 'reply',
    status: 302,
    headers: { Location: redeemed.redirectUri },
    cookies: [CLEARED_SID, `idx=${sid}; Path=/; Secure; HttpOnly; SameSite=None`],
    body: '',
  };
}

export function idxApi(state: SimState, request: SimRequest): Answer {
  if (request.method !== 'POST')
    return ion(
      405,
      {
        version: '1.0.0',
        messages: messages([{ message: 'The endpoint does not support the provided HTTP method', key: 'E0000022' }]),
      },
      { Allow: 'POST' },
    );
  const path = IDX_PATH.exec(request.url.pathname)?.[1] ?? '';
  const faults = state.faults().signIn ?? {};
  const body = readJson(request.body);
  const nowSeconds = Math.floor(request.now / 1000);
  if (body === undefined)
    return errorOnly(400, [{ message: 'The request body was not well-formed.', key: 'E0000003' }]);
  // A network policy refuses the IDX API before any transaction is read (Okta's own, or a proxy's in front of it).
  if (faults.idxAnswer === 'network-policy' || faults.idxAnswer === 'proxy-block')
    return networkPolicy(faults.idxAnswer === 'network-policy');
  if (faults.idxAnswer === 'blocklist-zone') return blocklistZone();
  // The hosted page's widget introspects its page's stateToken, which is the transaction's stateHandle.
  const stateHandle =
    path === 'introspect'
      ? typeof body.stateToken === 'string'
        ? body.stateToken
        : state.signIn.idx.introspect(body.interactionHandle, nowSeconds)
      : typeof body.stateHandle === 'string'
        ? body.stateHandle
        : undefined;
  const txn = state.signIn.idx.get(stateHandle, nowSeconds);
  if (stateHandle === undefined || txn === undefined) return errorOnly(401, [SESSION_EXPIRED]);
  const flow = new Transaction(state, request, faults, stateHandle, txn);
  switch (path) {
    case 'introspect':
    case 'challenge/poll':
      return flow.current();
    case 'identify':
      return txn.stage === 'identify' ? flow.identify(body.identifier, body.captchaVerify) : flow.current();
    case 'challenge':
      return flow.select(jsonObject(body.authenticator));
    case 'challenge/answer':
      return flow.answer(jsonObject(body.credentials) ?? {});
    case 'credential/enroll':
      if (txn.stage === 'webauthn-promotion') return flow.answer(jsonObject(body.credentials) ?? {});
      return txn.stage === 'webauthn-select' ? flow.selectEnroll(jsonObject(body.authenticator)) : flow.notAllowed();
    case 'keep-me-signed-in':
      return txn.stage === 'stay-signed-in' ? flow.staySignedIn(body.keepMeSignedIn) : flow.notAllowed();
    case 'skip':
      // A required enrollment has no skip (authenticator-enroll-select-authenticator.json): the form again.
      if (txn.stage === 'webauthn-promotion') return flow.skipPasskeyEnrollment();
      if (txn.stage === 'grace') return flow.afterGrace();
      if (txn.stage === 'enroll') return flow.skipEnrollment();
      return txn.stage === 'warning' ? flow.afterPassword() : flow.current();
    default:
      // cancel: the probe never needs to cancel.
      return flow.notAllowed();
  }
}

class Transaction {
  readonly #state: SimState;
  readonly #request: SimRequest;
  readonly #orgFaults: SignInFaults;
  readonly #handle: string;
  readonly #txn: IdxTransaction;
  readonly #base: string;

  constructor(state: SimState, request: SimRequest, faults: SignInFaults, handle: string, txn: IdxTransaction) {
    this.#state = state;
    this.#request = request;
    this.#orgFaults = faults;
    this.#handle = handle;
    this.#txn = txn;
    this.#base = state.baseUrl;
  }

  /** The org's faults, under the tenant's policy for the user once identified (sim/tenant.ts). */
  get #faults(): SignInFaults {
    const user = this.#txn.userId === undefined ? undefined : this.#state.signIn.byId(this.#txn.userId);
    return userSignInFaults(this.#state.tenant, user, this.#orgFaults);
  }

  /** Okta Verify's authenticators as the org names them: split by method under Flexible Okta Verify. */
  #oktaVerify(json: Json): Json {
    return this.#faults.flexibleOktaVerify === true ? withFlexibleOktaVerify(json) : json;
  }

  /** The transaction's state as it stands (introspect, or a form sent out of turn). */
  current(): Answer {
    switch (this.#txn.stage) {
      case 'identify':
        return ion(
          200,
          this.#faults.idxAnswer === 'captcha'
            ? captchaIdentifyState(this.#handle, this.#base, 'recaptcha')
            : this.#faults.idxAnswer === 'hcaptcha' || this.#faults.idxAnswer === 'hcaptcha-challenge'
              ? captchaIdentifyState(this.#handle, this.#base, 'hcaptcha')
              : identifyState(this.#handle, this.#base),
        );
      case 'consent':
        return ion(200, consentState(this.#handle, this.#base, APP_LABEL));
      case 'stay-signed-in':
        return ion(200, staySignedInState(this.#handle, this.#base));
      case 'profile':
        return ion(200, profileUpdateState(this.#handle, this.#base));
      case 'unknown':
        return ion(200, unknownRemediationState(this.#handle, this.#base));
      case 'password':
        return ion(200, passwordState(this.#handle, this.#base));
      case 'select':
        if (this.#faults.passkey !== undefined)
          return ion(200, phishingResistantSelectState(this.#handle, this.#base, this.#credentialIds()));
        return ion(
          200,
          this.#oktaVerify(
            selectState(
              this.#handle,
              this.#base,
              this.#faults.user === 'push-only',
              this.#faults.bothTotp === true,
              this.#usablePasskeys(),
            ),
          ),
        );
      case 'push':
        return ion(200, pushSentState(this.#handle, this.#base));
      case 'webauthn':
        return ion(200, this.#webauthnState());
      case 'google':
        return ion(200, googleState(this.#handle, this.#base));
      case 'totp':
        return ion(200, this.#oktaVerify(totpState(this.#handle, this.#base)));
      case 'warning':
        return ion(200, warningState(this.#handle, this.#base, 5, APP_LABEL));
      case 'grace':
        return ion(200, deviceGraceState(this.#handle, this.#base, this.#request.now));
      case 'enroll':
        return ion(200, enrollState(this.#handle, this.#base, this.#skipsLeft()));
      case 'webauthn-select':
        return ion(200, webauthnEnrollSelectState(this.#handle, this.#base));
      case 'webauthn-enroll':
      case 'webauthn-promotion':
        return ion(200, this.#webauthnEnrollState());
      default:
        return errorOnly(401, [SESSION_EXPIRED]);
    }
  }

  /** identify: the app's policy first (a Deny rule, the assignment), then the password of whoever it is. */
  identify(identifier: unknown, captchaVerify?: unknown): Answer {
    if (this.#faults.policyDenied === true) return errorOnly(403, [ACCESS_DENIED], this.#handle);
    // The org's policies at identify, as a real Identity Engine org answers them. A CAPTCHA unsolved: the form again.
    switch (this.#faults.idxAnswer) {
      case 'captcha':
        return this.current();
      case 'hcaptcha':
      case 'hcaptcha-challenge':
        // The vendor's token, given once its risk analysis passed the user (page-captcha.ts).
        if (!captchaSolved(captchaVerify)) return this.current();
        break;
      case 'custom-denied':
        return customDenied(this.#handle);
      case 'device-assurance':
        return deviceAssurance(this.#handle);
      case 'not-assigned-redirect':
        return notAssignedRedirect(this.#handle, this.#base);
      case 'idp-routing':
        return ion(200, redirectIdpState(this.#handle, this.#base));
      default:
        break;
    }
    const user = this.#state.signIn.byUsername(identifier);
    // identify-unknown-user.json: the identify form again, with "Authentication failed" (errors.E0000004).
    if (this.#faults.user === 'deleted')
      return ion(400, identifyState(this.#handle, this.#base, { messages: messages([UNKNOWN_USER]) }));
    if (user !== undefined && this.#faults.user === 'not-assigned')
      return ion(400, identifyState(this.#handle, this.#base, { messages: messages([NOT_ASSIGNED]) }));
    // An unknown username gets the password form too: Okta does not reveal which users exist.
    this.#txn.identifier = typeof identifier === 'string' ? identifier : '';
    if (user !== undefined) this.#txn.userId = user.id;
    // A passwordless policy (a passkey, its one factor) asks the user's authenticator at once, never the password.
    this.#txn.stage = this.#faults.passkey === 'passwordless' && user !== undefined ? 'select' : 'password';
    return this.current();
  }

  /**
   * challenge: choose the password, Okta Verify's code or Google Authenticator; anything else (a push) is not what a
   * probe may ask.
   */
  select(authenticator: Json | undefined): Answer {
    // Okta Verify's push sent first lists the user's other authenticators: one may be chosen instead.
    if (this.#txn.stage === 'push') this.#txn.stage = 'select';
    if (this.#txn.stage !== 'select' && this.#txn.stage !== 'password') return this.current();
    if (isPassword(authenticator)) this.#txn.stage = 'password';
    else if (
      isWebauthn(authenticator) &&
      (this.#faults.passkey !== undefined || this.#usablePasskeys().length > 0) &&
      this.#txn.stage === 'select'
    ) {
      this.#txn.stage = 'webauthn';
      this.#txn.webauthnChallenge = newChallenge();
    } else if (isVerifyByCode(authenticator) && this.#faults.user !== 'push-only' && this.#txn.stage === 'select')
      this.#txn.stage = 'totp';
    else if (isGoogle(authenticator) && this.#faults.user !== 'push-only' && this.#txn.stage === 'select')
      this.#txn.stage = 'google';
    else
      return errorOnly(
        400,
        [
          {
            message:
              "The simulator sends no push, SMS or voice call: choose the password, Okta Verify's code or " +
              'Google Authenticator.',
            key: 'E0000001',
          },
        ],
        this.#handle,
      );
    return this.current();
  }

  /** challenge/answer: the password, then (when the policy wants it) a TOTP authenticator's code. */
  answer(credentials: Json): Answer {
    if (this.#faults.idxDown === 'server-error') return errorOnly(500, [INTERNAL]);
    const user = this.#txn.userId === undefined ? undefined : this.#state.signIn.byId(this.#txn.userId);
    if (this.#txn.stage === 'password') {
      // 503 E0000010 in Okta's envelope (okta-developer-docs data/error-codes.json): nothing judged, nothing recorded.
      if (this.#faults.readOnly === true) return oktaError(503, 'E0000010', 'Service is in read only mode');
      if (
        user === undefined ||
        credentials.passcode !== user.password ||
        (this.#faults.user !== undefined && REFUSED_AS_WRONG.has(this.#faults.user))
      ) {
        return ion(
          400,
          passwordState(this.#handle, this.#base, undefined, { messages: messages([INCORRECT_PASSWORD]) }),
        );
      }
      if (this.#faults.user === 'locked-out')
        return ion(400, passwordState(this.#handle, this.#base, undefined, { messages: messages([SUSPENDED]) }));
      if (this.#faults.user === 'password-expired') return ion(200, expiredState(this.#handle, this.#base));
      if (this.#faults.user === 'password-warn') {
        this.#txn.stage = 'warning';
        return this.current();
      }
      return this.afterPassword();
    }
    if ((this.#txn.stage === 'totp' || this.#txn.stage === 'google') && user !== undefined)
      return this.code(user, credentials);
    if (this.#txn.stage === 'webauthn' && user !== undefined) return this.passkey(user, credentials);
    const enrolling = this.#txn.stage === 'webauthn-enroll' || this.#txn.stage === 'webauthn-promotion';
    if (enrolling && user !== undefined) return this.enrollPasskey(user, credentials);
    return this.current();
  }

  /** A form sent in a state that has none such (E0000079, login.properties errors.E0000079's code). */
  /** keep-me-signed-in: a boolean, as the form requires; then the code. */
  staySignedIn(keep: unknown): Answer {
    if (typeof keep !== 'boolean')
      return errorOnly(
        400,
        [{ message: 'The simulator wants keepMeSignedIn, a boolean, as the form requires.', key: 'E0000001' }],
        this.#handle,
      );
    this.#txn.staySignedInAnswered = true;
    return this.success();
  }

  notAllowed(): Answer {
    return errorOnly(
      400,
      [{ message: 'This operation is not allowed in the current authentication state.', key: 'E0000079' }],
      this.#handle,
    );
  }

  /** credential/enroll: the passkey chosen for enrollment, its activation (a new challenge) next. */
  selectEnroll(authenticator: Json | undefined): Answer {
    if (!isWebauthn(authenticator)) return this.notAllowed();
    this.#txn.stage = 'webauthn-enroll';
    this.#txn.webauthnChallenge = newChallenge();
    return this.current();
  }

  /** The promotion's "Maybe later": one skip of its skipCount spent, then on to the code. */
  skipPasskeyEnrollment(): Answer {
    this.#txn.passkeyEnrollSkipped = true;
    const user = this.#txn.userId ?? '';
    this.#state.signIn.promotionSkips.set(user, (this.#state.signIn.promotionSkips.get(user) ?? 0) + 1);
    return this.success();
  }

  /**
   * challenge/answer with a new passkey's attestation, verified as a relying party does (sim/webauthn-enroll.ts); on
   * success the org keeps it, and the next sign-in verifies with it. A refusal is the form again with Okta's message
   * and a new challenge.
   */
  enrollPasskey(user: SimUser, credentials: Json): Answer {
    const enroll = this.#faults.passkeyEnroll;
    const base = new URL(this.#base);
    const enrolled = this.#state.signIn.passkeys.get(user.id) ?? [];
    const verified = verifyRegistration(credentials, {
      challenge: this.#txn.webauthnChallenge ?? '',
      origin: base.origin,
      rpId: base.hostname,
      userVerification: 'required',
      attestationRequired: enroll === 'attestation-required',
      ...(enroll === 'aaguid-allowlist' && { aaguids: [ALLOWLISTED_AAGUID] }),
      existing: enrolled.map((e) => e.credentialId),
    });
    if ('enrollment' in verified) {
      this.#state.signIn.passkeys.set(user.id, [...enrolled, verified.enrollment]);
      return this.success();
    }
    this.#txn.webauthnChallenge = newChallenge();
    return ion(400, this.#webauthnEnrollState(enrollRefusal(verified)));
  }

  #webauthnEnrollState(failure?: IdxMessage): Json {
    const user = this.#state.signIn.byId(this.#txn.userId ?? '');
    return webauthnEnrollState(
      this.#handle,
      this.#base,
      {
        challenge: this.#txn.webauthnChallenge ?? '',
        rpId: new URL(this.#base).hostname,
        user: { id: user?.id ?? '', name: user?.username ?? '', displayName: user?.name ?? '' },
        credentialIds: this.#credentialIds(),
      },
      failure,
      this.#txn.stage === 'webauthn-promotion',
    );
  }

  /**
   * The org asks the user for a passkey (Passkeys required, or the passkey promotion), and the user has none: offered
   * once signed in. Passkeys merely optional bring no offer to a user who holds every required authenticator: Okta
   * prompts for optional authenticators only after a required one is enrolled (help.okta.com, "Authenticator
   * enrollment policies"; support.okta.com mfa-enrollment-policy-optional-factors).
   */
  #offersPasskeyEnrollment(): boolean {
    const required = this.#faults.passkeyEnroll !== undefined && this.#faults.passkeyEnroll !== 'optional';
    return (
      (required || this.#promotes()) && this.#txn.passkeyEnrollSkipped !== true && this.#credentialIds().length === 0
    );
  }

  /**
   * challenge/answer with a passkey's assertion, verified as a relying party does (sim/webauthn.ts) against the org's
   * origin and RP ID: the base URL's host, or the custom domain the passkeys are bound to ('custom-domain'). Every
   * refusal is the one message Okta gives (error-authenticator-webauthn-failure.json), with a new challenge.
   */
  passkey(user: SimUser, credentials: Json): Answer {
    const enrollments = this.#state.signIn.passkeys.get(user.id) ?? [];
    // A copy of the passkey signed elsewhere, many times: the org's counter is far ahead of the probe's.
    if (this.#faults.passkey === 'counter-ahead')
      for (const e of enrollments) e.counter = Math.max(e.counter, 0xf000_0000);
    const base = new URL(this.#base);
    const customDomain = this.#faults.passkey === 'custom-domain';
    // Bound to the custom domain whose /.well-known/webauthn names the org's URL: Okta verifies the custom domain's
    // RP ID hash at the org's origin (guides/custom-passkeys); one that does not name it leaves only the domain's own.
    const related = relatedRpId(this.#faults);
    const listed = this.#faults.passkey === 'related-origins';
    const refused = verifyAssertion(
      credentials,
      {
        challenge: this.#txn.webauthnChallenge ?? '',
        origin: customDomain
          ? `https://${SIM_CUSTOM_DOMAIN}`
          : related !== undefined && !listed
            ? `https://${related}`
            : base.origin,
        rpId: customDomain ? SIM_CUSTOM_DOMAIN : (related ?? base.hostname),
        userVerification: 'required',
      },
      enrollments,
    );
    if (refused === undefined) return this.success();
    this.#txn.webauthnChallenge = newChallenge();
    return ion(400, this.#webauthnState(ASSERTION_FAILURE));
  }

  /** The passkey promotion is on, and not yet skipped as often as its skipCount allows (0: no limit). */
  #promotes(): boolean {
    const promotion = this.#faults.passkeyPromotion;
    if (promotion === undefined || promotion === false) return false;
    const limit = promotion === true ? 0 : promotion.skipCount;
    return limit === 0 || (this.#state.signIn.promotionSkips.get(this.#txn.userId ?? '') ?? 0) < limit;
  }

  /**
   * The passkeys an any-factor policy offers beside the codes: the user's, where the enrollment policy has Passkeys
   * (the scenarios that let users enroll one). Elsewhere Passkeys is Disabled there, and a disabled authenticator is
   * not offered even to a user enrolled in it (support.okta.com, enrollment-policy-factors-what-happens-when-they-are-
   * disabled).
   */
  #usablePasskeys(): string[] {
    const promotion = this.#faults.passkeyPromotion;
    const enrollable = this.#faults.passkeyEnroll !== undefined || (promotion !== undefined && promotion !== false);
    return enrollable ? this.#credentialIds() : [];
  }

  #credentialIds(): string[] {
    return (this.#state.signIn.passkeys.get(this.#txn.userId ?? '') ?? []).map((e) => e.credentialId);
  }

  #webauthnState(failure?: IdxMessage): Json {
    return webauthnState(this.#handle, this.#base, {
      challenge: this.#txn.webauthnChallenge ?? '',
      credentialIds: this.#credentialIds(),
      ...(failure !== undefined && { failure }),
    });
  }

  /**
   * challenge/answer with a TOTP code, to the authenticator chosen: Google Authenticator's in credentials.passcode,
   * Okta Verify's in credentials.totp. The probe's seed is Google Authenticator's, the only one whose Identity Engine
   * enrollment shows it, unless the scenario makes it Okta Verify's (bothTotp); the other holds the user's own secret.
   */
  code(user: SimUser, credentials: Json): Answer {
    const google = this.#txn.stage === 'google';
    const form = (fieldMessages?: readonly IdxMessage[]): Json =>
      google
        ? googleState(this.#handle, this.#base, fieldMessages)
        : this.#oktaVerify(totpState(this.#handle, this.#base, fieldMessages));
    // error-authenticator-verification-password-too-many-attempts.json's message, on the TOTP authenticator.
    if (this.#faults.idxAnswer === 'totp-suspended') return ion(403, { ...form(), messages: messages([SUSPENDED]) });
    if (this.#faults.idxAnswer === 'totp-used') return ion(400, form([USED_PASSCODE]));
    if (this.#faults.idxAnswer === 'per-user-429') return errorOnly(429, [TOO_MANY_REQUESTS]);
    const seedIsGoogle = this.#faults.bothTotp !== true;
    const secret = google === seedIsGoogle ? user.totpSecret : user.phoneSecret;
    const accepted =
      this.#faults.user !== 'totp-reset' &&
      this.#state.signIn.verifyTotp(user, google ? credentials.passcode : credentials.totp, this.#request.now, secret);
    if (accepted) return this.success();
    return google ? ion(403, form([GOOGLE_INVALID])) : ion(400, form([PASSCODE_INVALID]));
  }

  /** After the password (and a skipped warning): enrollment, MFA, or done. */
  afterPassword(): Answer {
    // Device assurance is the app's authentication policy, judged once the user is known: its grace notice first.
    if (this.#faults.idxAnswer === 'device-grace') {
      this.#txn.stage = 'grace';
      return this.current();
    }
    return this.afterGrace();
  }

  /** The enrollment skipped: one skip of the user's grace spent, then on to the code; refused once none is left. */
  skipEnrollment(): Answer {
    if (this.#skipsLeft() <= 0) return this.current();
    const user = this.#txn.userId ?? '';
    this.#state.signIn.enrollSkips.set(user, (this.#state.signIn.enrollSkips.get(user) ?? 0) + 1);
    this.#state.signIn.enrollSkippedAt.set(user, this.#request.now);
    this.#txn.enrollSkipped = true;
    return this.success();
  }

  /**
   * The grace's prompt is due: "Users are prompted for enrollment once daily" until the grace ends (help.okta.com,
   * "Authenticator enrollment policies", Grace periods), so not again on the day of the user's last skip; once the
   * grace is spent the enrollment is required, at every sign-in. Whether Okta's day is a calendar day (and in which
   * time zone) or 24 hours is not published: the calendar day in UTC here.
   */
  #gracePrompts(): boolean {
    const skipped = this.#state.signIn.enrollSkippedAt.get(this.#txn.userId ?? '');
    const day = (ms: number): number => Math.floor(ms / DAY_MS);
    return this.#skipsLeft() <= 0 || skipped === undefined || day(this.#request.now) !== day(skipped);
  }

  #skipsLeft(): number {
    return Math.max(0, ENROLL_GRACE_SKIPS - (this.#state.signIn.enrollSkips.get(this.#txn.userId ?? '') ?? 0));
  }

  /** Past the device assurance grace notice ("Continue to app"): enrollment, MFA, or done. */
  afterGrace(): Answer {
    if (this.#faults.user === 'mfa-enroll') {
      this.#txn.stage = 'select';
      return ion(200, enrollState(this.#handle, this.#base));
    }
    if (mfaWanted(this.#faults) || this.#faults.passkey !== undefined) {
      this.#txn.stage =
        this.#faults.oktaVerifyPushFirst === true && this.#faults.passkey === undefined ? 'push' : 'select';
      return this.current();
    }
    return this.success();
  }

  /**
   * The interaction code. No Set-Cookie: no source shows an IDX API answer setting the session cookie `idx`; a client
   * that wants the session redeems the transaction at GET /login/token/redirect (loginTokenRedirect below).
   */
  success(): Answer {
    if (this.#offersPasskeyEnrollment()) {
      this.#txn.stage = this.#promotes() ? 'webauthn-promotion' : 'webauthn-select';
      if (this.#txn.stage === 'webauthn-promotion') this.#txn.webauthnChallenge = newChallenge();
      return this.current();
    }
    // An enrollment policy's grace is offered once the user is authenticated, before the code (spent: required).
    if (this.#faults.idxAnswer === 'enroll-grace' && this.#txn.enrollSkipped !== true && this.#gracePrompts()) {
      this.#txn.stage = 'enroll';
      return this.current();
    }
    if (this.#faults.idxAnswer === 'stay-signed-in' && this.#txn.staySignedInAnswered !== true) {
      this.#txn.stage = 'stay-signed-in';
      return this.current();
    }
    // A required profile attribute the user lacks is asked before any token; the probe never writes a profile.
    if (this.#faults.idxAnswer === 'profile-update') {
      this.#txn.stage = 'profile';
      return this.current();
    }
    if (this.#faults.idxAnswer === 'unknown-remediation') {
      this.#txn.stage = 'unknown';
      return this.current();
    }
    // The app asks for consent before any token: the transaction waits for an answer the probe never gives.
    if (this.#faults.idxAnswer === 'consent') {
      this.#txn.stage = 'consent';
      return this.current();
    }
    const nowSeconds = Math.floor(this.#request.now / 1000);
    const server = this.#txn.serverId === 'org' ? this.#state.org : this.#state.customServers.get(this.#txn.serverId);
    if (this.#txn.hosted !== undefined) {
      const landing = hostedLanding(this.#state, this.#txn, nowSeconds);
      this.#state.signIn.idx.finish(this.#handle, this.#txn, nowSeconds, landing);
      this.#state.signIn.devices.signedIn(this.#txn.userId ?? '', this.#request, this.#txn.deviceToken);
      return ion(200, hostedSuccessState(this.#handle, this.#base));
    }
    const code = this.#state.signIn.idx.finish(this.#handle, this.#txn, nowSeconds);
    this.#state.signIn.devices.signedIn(this.#txn.userId ?? '', this.#request, this.#txn.deviceToken);
    return ion(
      200,
      successState(this.#handle, `${server?.endpointBase ?? this.#base}/token`, this.#txn.clientId, code),
    );
  }
}
