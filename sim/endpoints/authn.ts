// The Classic Authentication API as a synthetic user meets it (okta-developer-docs reference/api/authn):
// POST /api/v1/authn, POST /api/v1/authn/factors/{id}/verify, POST /api/v1/authn/skip, and closing the session
// the sign-in opened with DELETE /api/v1/sessions/me. Errors in Okta's envelope, transactions as HAL objects.
import { html, json, oktaError, type Answer } from '../answer';
import { REFUSED_AS_WRONG, type SignInFaults } from '../faults';
import type { SimRequest, SimState } from '../state';
import type { SimUser } from '../users';
import { userSignInFaults } from '../tenant';

export const AUTHN_PATH =
  /^\/api\/v1\/(authn|authn\/introspect|authn\/skip|authn\/factors\/([^/]+)\/verify|sessions\/me)$/;

const failed = (): Answer => oktaError(401, 'E0000004', 'Authentication failed');
const post = (href: string) => ({ href, hints: { allow: ['POST'] } });

export function authnApi(state: SimState, request: SimRequest): Answer {
  const match = AUTHN_PATH.exec(request.url.pathname);
  const faults = state.faults().signIn ?? {};
  if (match?.[1] === 'sessions/me') return closeSession(state, request);
  if (request.method !== 'POST')
    return oktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method', { Allow: 'POST' });
  if (faults.authnDown === true)
    return html(500, 'Internal Server Error', 'Something went wrong. Please try again later.');
  const body = readJson(request.body);
  if (body === undefined) return oktaError(400, 'E0000003', 'The request body was not well-formed.');
  const nowSeconds = Math.floor(request.now / 1000);
  // okta-auth-js reads a transaction it was handed from /api/v1/authn/introspect (introspectAuthn).
  if (match?.[1] === 'authn/introspect' || (match?.[1] === 'authn' && body.username === undefined))
    return resume(state, body.stateToken, nowSeconds);
  if (match?.[1] === 'authn') return primary(state, request, faults, body, nowSeconds);
  const transaction = state.signIn.takeTransaction(body.stateToken, nowSeconds);
  if (transaction === undefined) return oktaError(401, 'E0000011', 'Invalid token provided');
  const user = state.signIn.byId(transaction.userId);
  if (user === undefined) return oktaError(401, 'E0000011', 'Invalid token provided');
  if (match?.[1] === 'authn/skip' && transaction.waiting === 'skip') return success(state, request, user, nowSeconds);
  if (match?.[2] !== undefined && transaction.waiting === 'mfa')
    return verify(
      state,
      request,
      user,
      userSignInFaults(state.tenant, user, faults),
      match[2],
      body.passCode,
      nowSeconds,
      transaction.warn === true,
    );
  return oktaError(403, 'E0000079', 'This operation is not allowed in the current authentication state.');
}

/**
 * Primary authentication: the password, then the user's state and the policies, in Okta's order. A user with an
 * active factor is challenged for MFA before PASSWORD_EXPIRED or PASSWORD_WARN (the Authentication API reference:
 * "MFA is required before PASSWORD_EXPIRED"; warnBeforePasswordExpired moves the transaction to PASSWORD_WARN "before
 * SUCCESS", the authn SDKs' Options): so the warning comes after the factor, when there is one.
 */
function primary(
  state: SimState,
  request: SimRequest,
  orgFaults: SignInFaults,
  body: Readonly<Record<string, unknown>>,
  nowSeconds: number,
): Answer {
  const user = state.signIn.byUsername(body.username);
  const faults = userSignInFaults(state.tenant, user, orgFaults);
  if (
    user === undefined ||
    body.password !== user.password ||
    (faults.user !== undefined && REFUSED_AS_WRONG.has(faults.user))
  )
    return failed();
  if (faults.user === 'locked-out')
    return json(200, {
      status: 'LOCKED_OUT',
      _links: { next: { name: 'unlock', ...post(`${state.baseUrl}/api/v1/authn/recovery/unlock`) } },
    });
  const warn = options(body).warnBeforePasswordExpired === true;
  if (faults.user === 'mfa-enroll') {
    const stateToken = state.signIn.startTransaction(user.id, 'mfa', nowSeconds);
    return json(200, {
      stateToken,
      status: 'MFA_ENROLL',
      _embedded: {
        user: profile(user),
        factors: [{ factorType: 'token:software:totp', provider: 'OKTA', status: 'NOT_SETUP', enrollment: 'REQUIRED' }],
      },
    });
  }
  if (mfaWanted(faults)) {
    const stateToken = state.signIn.startTransaction(user.id, 'mfa', nowSeconds, warn);
    return json(200, {
      stateToken,
      expiresAt: new Date((nowSeconds + 300) * 1000).toISOString(),
      status: 'MFA_REQUIRED',
      _embedded: { user: profile(user), factors: factors(state, user, faults) },
      _links: { cancel: post(`${state.baseUrl}/api/v1/authn/cancel`) },
    });
  }
  return afterFactors(state, request, user, faults, warn, nowSeconds);
}

/** After the password and any factor: the password's own state (expired, about to), else a session token. */
function afterFactors(
  state: SimState,
  request: SimRequest,
  user: SimUser,
  faults: SignInFaults,
  warn: boolean,
  nowSeconds: number,
): Answer {
  if (faults.user === 'password-expired') {
    const stateToken = state.signIn.startTransaction(user.id, 'skip', nowSeconds);
    return json(200, {
      stateToken,
      status: 'PASSWORD_EXPIRED',
      _embedded: { user: profile(user) },
      _links: {
        next: { name: 'changePassword', ...post(`${state.baseUrl}/api/v1/authn/credentials/change_password`) },
      },
    });
  }
  if (warn && faults.user === 'password-warn') {
    const stateToken = state.signIn.startTransaction(user.id, 'skip', nowSeconds);
    return json(200, {
      stateToken,
      expiresAt: new Date((nowSeconds + 300) * 1000).toISOString(),
      status: 'PASSWORD_WARN',
      _embedded: {
        user: profile(user),
        policy: {
          expiration: { passwordExpireDays: 5 },
          complexity: { minLength: 8, minLowerCase: 1, minUpperCase: 1, minNumber: 1, minSymbol: 0 },
        },
      },
      _links: {
        next: { name: 'changePassword', ...post(`${state.baseUrl}/api/v1/authn/credentials/change_password`) },
        skip: { name: 'skip', ...post(`${state.baseUrl}/api/v1/authn/skip`) },
        cancel: post(`${state.baseUrl}/api/v1/authn/cancel`),
      },
    });
  }
  return success(state, request, user, nowSeconds);
}

/** MFA is asked for when the policy wants it; a user whose only factor is push or was reset is asked too. */
export const mfaWanted = (faults: SignInFaults): boolean =>
  faults.mfaRequired === true || faults.user === 'push-only' || faults.user === 'totp-reset';

function factors(state: SimState, user: SimUser, faults: SignInFaults): unknown[] {
  const verify = (id: string) => ({ verify: post(`${state.baseUrl}/api/v1/authn/factors/${id}/verify`) });
  const push = {
    id: user.pushFactorId,
    factorType: 'push',
    provider: 'OKTA',
    profile: { deviceType: 'SmartPhone_IPhone', name: 'iPhone' },
    _links: verify(user.pushFactorId),
  };
  if (faults.user === 'push-only') return [push];
  if (faults.googleOnly === true) return [google(state, user), push];
  const okta = {
    id: user.totpFactorId,
    factorType: 'token:software:totp',
    provider: 'OKTA',
    profile: { credentialId: user.username },
    _links: verify(user.totpFactorId),
  };
  return faults.bothTotp === true ? [google(state, user), okta, push] : [okta, push];
}

/** The user's Google Authenticator (provider GOOGLE): the probe's seed alone (googleOnly), else the user's phone's. */
const google = (state: SimState, user: SimUser) => ({
  id: user.googleFactorId,
  factorType: 'token:software:totp',
  provider: 'GOOGLE',
  profile: { credentialId: user.username },
  _links: { verify: post(`${state.baseUrl}/api/v1/authn/factors/${user.googleFactorId}/verify`) },
});

function verify(
  state: SimState,
  request: SimRequest,
  user: SimUser,
  faults: SignInFaults,
  factorId: string,
  passCode: unknown,
  nowSeconds: number,
  warn: boolean,
): Answer {
  const google = (faults.bothTotp === true || faults.googleOnly === true) && factorId === user.googleFactorId;
  const seeded = faults.googleOnly === true ? google : factorId === user.totpFactorId;
  if ((!seeded && !google) || faults.user === 'push-only')
    return oktaError(404, 'E0000007', `Not found: Resource not found: ${factorId} (UserFactor)`);
  // A reset factor was enrolled again with a secret the probe does not hold; Google Authenticator has its own.
  const accepted =
    faults.user !== 'totp-reset' &&
    state.signIn.verifyTotp(user, passCode, request.now, google && !seeded ? user.phoneSecret : user.totpSecret);
  if (!accepted)
    return json(403, {
      errorCode: 'E0000068',
      errorSummary: 'Invalid Passcode/Answer',
      errorLink: 'E0000068',
      errorId: 'oaei_IfXcpnTHit_YEKGInpFw',
      errorCauses: [{ errorSummary: "Your passcode doesn't match our records. Please try again." }],
    });
  return afterFactors(state, request, user, faults, warn, nowSeconds);
}

/**
 * POST /api/v1/authn/introspect (or /api/v1/authn) with a stateToken alone: the transaction's current state, as the
 * Classic widget reads it when a page hands it one. A consent transaction answers CONSENT_REQUIRED, the app and its
 * scopes embedded (the widget's test/unit/helpers/xhr/CONSENT_REQUIRED.js), which the widget renders as its consent
 * screen.
 */
function resume(state: SimState, stateToken: unknown, nowSeconds: number): Answer {
  const transaction = state.signIn.takeTransaction(stateToken, nowSeconds);
  const user = transaction === undefined ? undefined : state.signIn.byId(transaction.userId);
  if (transaction?.waiting !== 'consent' || user === undefined)
    return oktaError(401, 'E0000011', 'Invalid token provided');
  const token = state.signIn.startTransaction(user.id, 'consent', nowSeconds);
  return json(200, {
    stateToken: token,
    expiresAt: new Date((nowSeconds + 300) * 1000).toISOString(),
    status: 'CONSENT_REQUIRED',
    _embedded: {
      target: { type: 'APP', name: 'oidc_client', label: CONSENT_APP_LABEL, clientId: '0oaSimWorkforce00x7' },
      scopes: CONSENT_SCOPES.map((name) => ({ name, displayName: name })),
      user: profile(user),
    },
    _links: {
      next: { name: 'consent', ...post(`${state.baseUrl}/api/v1/authn/consent`) },
      cancel: post(`${state.baseUrl}/api/v1/authn/cancel`),
    },
  });
}

/** The app and scopes the simulator's consent screen names (as its IDX consent form does: idx-org-answers.ts). */
const CONSENT_APP_LABEL = 'Workforce Portal';
const CONSENT_SCOPES = ['email', 'phone'] as const;

/** SUCCESS: the session token, and the sign-in counted against the device the request came from (its DT cookie). */
function success(state: SimState, request: SimRequest, user: SimUser, nowSeconds: number): Answer {
  const sessionToken = state.signIn.issueSessionToken(user.id, nowSeconds);
  // The Authentication API takes no device ID from a client without an admin API token (reference/api/authn).
  state.signIn.devices.signedIn(user.id, request);
  return json(200, {
    expiresAt: new Date((nowSeconds + 60) * 1000).toISOString(),
    status: 'SUCCESS',
    sessionToken,
    _embedded: { user: profile(user) },
  });
}

/** DELETE /api/v1/sessions/me with the session cookie: 204, or 404 E0000007 without a live session. */
function closeSession(state: SimState, request: SimRequest): Answer {
  if (request.method !== 'DELETE')
    return oktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method', { Allow: 'DELETE' });
  // Classic's `sid`, or Identity Engine's `idx` (okta-developer-docs guides/oie-upgrade-sessions-api).
  const sid = /(?:^|;\s*)(?:sid|idx)=([^;]+)/.exec(String(request.headers.cookie ?? ''))?.[1];
  return state.signIn.closeSession(sid)
    ? { kind: 'reply', status: 204, headers: {}, body: '' }
    : oktaError(404, 'E0000007', 'Not found: Resource not found: me (Session)');
}

const profile = (user: SimUser) => ({
  id: user.id,
  passwordChanged: '2026-01-05T08:00:00.000Z',
  profile: { login: user.username, firstName: 'Synthetic', lastName: 'User', locale: 'en_US', timeZone: 'UTC' },
});
const options = (body: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> =>
  typeof body.options === 'object' && body.options !== null ? (body.options as Record<string, unknown>) : {};

/** A JSON object, or undefined (arrays and primitives are not). */
export function jsonObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A request body that is one JSON object, or undefined. */
export function readJson(text: string): Readonly<Record<string, unknown>> | undefined {
  try {
    return jsonObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}
