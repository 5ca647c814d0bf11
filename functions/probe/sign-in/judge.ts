// The sign-in journey's pure half: what each of Okta's answers to a synthetic user means. No network, no
// clock but the one passed in; unit-tested on the answers Okta's docs and error catalogue publish. The fetch half,
// sign-in.ts, sends the requests and never judges.
import { decodeJwt, type JSONWebKeySet, type ProtectedHeaderParameters } from 'jose';
import { DEFAULTS } from '../../contract';
import { codeForOktaError } from '../classify';
import { header, parseJsonBody, setCookies, type HttpResponse } from '../http';
import type { TotpAuthenticator } from '../../types';
import {
  errorVerdict,
  fail,
  failAnswer,
  finding,
  jsonObject,
  pass,
  signInError,
  type Observed,
  type Verdict,
} from '../verdict';
import { adminText } from './idx-denials';
import { encryptedTokenHeader, joseVerdict, MAX_TOKEN_AGE_SECONDS, shown, verify, type JoseFailure } from '../okta/jwt';

/** Where an Authentication API transaction goes next. Tokens ride here in memory only: never observed or reported. */
export type AuthnStep =
  | { readonly kind: 'session'; readonly sessionToken: string }
  | {
      readonly kind: 'mfa';
      readonly stateToken: string;
      readonly verifyUrl: string;
      readonly factor: string;
      /** The TOTP factor's authenticator (its provider's: OKTA is Okta Verify's, GOOGLE Google Authenticator's). */
      readonly authenticator: TotpAuthenticator;
    }
  | { readonly kind: 'warn'; readonly stateToken: string; readonly skipUrl: string; readonly days: number | null }
  | { readonly kind: 'failed'; readonly verdict: Verdict };

interface AuthnExpectation {
  /** The org's address: a link elsewhere is never followed (it would carry the state token away). */
  readonly orgUrl: string;
  readonly hasTotpSecret: boolean;
  /**
   * The authenticator the seed belongs to (signIn[].totpAuthenticator); undefined: the first TOTP factor Okta lists.
   */
  readonly totpAuthenticator?: TotpAuthenticator | undefined;
}

/** Okta's software TOTP factors the probe can answer, by provider: Okta Verify's TOTP and Google Authenticator. */
const TOTP_PROVIDERS: Readonly<Record<string, TotpAuthenticator>> = {
  OKTA: 'okta-verify',
  GOOGLE: 'google-authenticator',
};

const failed = (verdict: Verdict): AuthnStep => ({ kind: 'failed', verdict });

/**
 * One answer of /api/v1/authn (or of a factor verify, or a skip): follow its `status`, as Okta's docs insist, and
 * its published links, never a guessed URL.
 */
export function judgeAuthn(expected: AuthnExpectation, res: HttpResponse): AuthnStep {
  const error = signInError(res);
  if (error !== null) return failed(error);
  const body = jsonObject(parseJsonBody(res));
  if (res.status !== 200 || body === undefined)
    return failed(
      failAnswer('MALFORMED_RESPONSE', res, `HTTP ${res.status}, expected 200 with an authentication transaction`),
    );
  const status = typeof body.status === 'string' ? body.status : '(none)';
  const stateToken = typeof body.stateToken === 'string' ? body.stateToken : undefined;
  const embedded = jsonObject(body._embedded) ?? {};
  switch (status) {
    case 'SUCCESS': {
      const sessionToken = body.sessionToken;
      return typeof sessionToken === 'string' && sessionToken !== ''
        ? { kind: 'session', sessionToken }
        : failed(failAnswer('MALFORMED_RESPONSE', res, 'SUCCESS without a sessionToken'));
    }
    case 'PASSWORD_WARN': {
      const days = jsonObject(jsonObject(jsonObject(embedded.policy)?.expiration))?.passwordExpireDays;
      const skipUrl = linkHref(body, 'skip', expected.orgUrl);
      if (stateToken === undefined || skipUrl === undefined)
        return failed(
          failAnswer('MALFORMED_RESPONSE', res, 'PASSWORD_WARN without a stateToken and a skip link on the org'),
        );
      return { kind: 'warn', stateToken, skipUrl, days: typeof days === 'number' ? days : null };
    }
    case 'MFA_REQUIRED':
      return judgeFactors(expected, res, embedded, stateToken);
    case 'CONSENT_REQUIRED':
    case 'ADMIN_CONSENT_REQUIRED':
      return failed(consentAsked(status, res, embedded));
    default:
      return failed(cannotContinue(status, res));
  }
}

/**
 * A Classic Engine transaction waiting for consent to the app's scopes: the Classic widget renders it as its consent
 * screen ("Allow Access" / "Don't Allow"; its ConsentRequiredController and AdminConsentRequiredController), the app
 * in `_embedded.target` and the scopes in `_embedded.scopes` (the widget's test/unit/helpers/xhr/CONSENT_REQUIRED.js).
 * The probe never grants a scope on a person's behalf: the finding names the app and the scopes Okta asked for.
 */
function consentAsked(status: string, res: HttpResponse, embedded: Readonly<Record<string, unknown>>): Verdict {
  const scopes = (Array.isArray(embedded.scopes) ? embedded.scopes : [])
    .map((scope) => adminText(jsonObject(scope)?.name, 60))
    .filter((name) => name !== '');
  const app = adminText(jsonObject(embedded.target)?.label, 80);
  const whose = status === 'ADMIN_CONSENT_REQUIRED' ? 'an admin to grant' : 'the user to consent to';
  return failAnswer(
    'SIGN_IN_CONSENT_REQUIRED',
    res,
    `the Authentication API answered status ${status}: Okta asks ${whose} ` +
      `${scopes.length === 0 ? "the app's scopes" : scopes.slice(0, 8).join(', ')}` +
      `${app === '' ? '' : ` for the app "${app}"`}; the probe never grants a scope on a person's behalf`,
  );
}

/** The verdict on a status a sign-in cannot continue from: each names what Okta waits for. */
function cannotContinue(status: string, res: HttpResponse): Verdict {
  switch (status) {
    case 'PASSWORD_EXPIRED':
      return failAnswer('PASSWORD_EXPIRED', res, 'the Authentication API answered status PASSWORD_EXPIRED');
    case 'LOCKED_OUT':
      return failAnswer('USER_LOCKED_OUT', res, 'the Authentication API answered status LOCKED_OUT');
    case 'MFA_ENROLL':
    case 'MFA_ENROLL_ACTIVATE':
      return failAnswer(
        'MFA_ENROLLMENT_REQUIRED',
        res,
        `the Authentication API answered status ${status}: a factor must be enrolled first`,
      );
    case 'MFA_CHALLENGE':
      return failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        'the Authentication API answered MFA_CHALLENGE: it waits for a factor the probe cannot answer ' +
          '(push, SMS, call)',
      );
    default:
      return failAnswer(
        'UNEXPECTED_RESPONSE',
        res,
        `the Authentication API answered status ${status}, which a sign-in cannot continue from`,
      );
  }
}

function judgeFactors(
  expected: AuthnExpectation,
  res: HttpResponse,
  embedded: Readonly<Record<string, unknown>>,
  stateToken: string | undefined,
): AuthnStep {
  // The API names the list `factors` (okta-auth-js's fixtures); the reference page's examples write `factor`.
  const list = Array.isArray(embedded.factors)
    ? embedded.factors
    : Array.isArray(embedded.factor)
      ? embedded.factor
      : [];
  const factors = list.map((f) => jsonObject(f) ?? {});
  const kinds = factors.map((f) => `${String(f.factorType)} (${String(f.provider)})`).join(', ') || 'none';
  const totps = factors.filter(
    (f) => f.factorType === 'token:software:totp' && Object.hasOwn(TOTP_PROVIDERS, String(f.provider)),
  );
  const wanted = expected.totpAuthenticator;
  const totp = wanted === undefined ? totps[0] : totps.find((f) => TOTP_PROVIDERS[String(f.provider)] === wanted);
  if (totp === undefined && totps.length > 0)
    return failed(
      failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        `MFA_REQUIRED, and the user's factors are ${kinds}: none is ${wanted ?? ''} (totpAuthenticator), the ` +
          `authenticator the probe's seed belongs to`,
      ),
    );
  if (totp === undefined)
    return failed(
      failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        `MFA_REQUIRED, and the user's factors are ${kinds}: no token:software:totp factor (OKTA or GOOGLE)`,
      ),
    );
  if (!expected.hasTotpSecret)
    return failed(
      failAnswer(
        'MFA_FACTOR_UNAVAILABLE',
        res,
        'MFA_REQUIRED with a TOTP factor, but the probe was given no TOTP secret (totpSecretEnv, or ' +
          '"totpSecret" in the secret)',
      ),
    );
  const verifyUrl = linkHref(totp, 'verify', expected.orgUrl);
  if (stateToken === undefined || verifyUrl === undefined)
    return failed(
      failAnswer('MALFORMED_RESPONSE', res, 'MFA_REQUIRED without a stateToken and a verify link on the org'),
    );
  return {
    kind: 'mfa',
    stateToken,
    verifyUrl,
    factor: `${String(totp.factorType)} (${String(totp.provider)})`,
    authenticator: TOTP_PROVIDERS[String(totp.provider)] ?? 'okta-verify',
  };
}

/** A HAL link's href, only when it points at the org itself. */
function linkHref(object: Readonly<Record<string, unknown>>, rel: string, orgUrl: string): string | undefined {
  const href = jsonObject(jsonObject(object._links)?.[rel])?.href;
  if (typeof href !== 'string') return undefined;
  try {
    return new URL(href).origin === new URL(orgUrl).origin ? href : undefined;
  } catch {
    return undefined;
  }
}

interface CodeRedirectExpectation {
  readonly redirectUri: string;
  readonly state: string;
}

/** /authorize with a session token: a redirect to our redirect_uri carrying a code and our state. */
export function judgeCodeRedirect(
  expected: CodeRedirectExpectation,
  res: HttpResponse,
): { readonly code: string } | { readonly verdict: Verdict } {
  if (res.status !== 302 && res.status !== 303) {
    const error = errorVerdict(res, { endpoint: 'authorize', orgServer: false });
    if (error !== null) return { verdict: error };
    return {
      verdict: failAnswer(
        'AUTHORIZE_UNEXPECTED',
        res,
        res.status === 200
          ? 'a sign-in page was served: the session token was not accepted'
          : `HTTP ${res.status}, expected a redirect with a code`,
      ),
    };
  }
  const location = header(res, 'location');
  const params = redirectParams(location, expected.redirectUri);
  if (location === undefined || params === undefined)
    return { verdict: failAnswer('AUTHORIZE_UNEXPECTED', res, `redirected elsewhere than ${expected.redirectUri}`) };
  const refused = redirectError(params, res);
  if (refused !== undefined) return { verdict: refused };
  if (params.get('state') !== expected.state)
    return { verdict: failAnswer('AUTHORIZE_UNEXPECTED', res, 'state in the redirect differs from the one sent') };
  const code = params.get('code');
  return code === null || code === ''
    ? { verdict: failAnswer('AUTHORIZE_UNEXPECTED', res, 'redirect carries neither a code nor an error') }
    : { code };
}

/**
 * Okta's refusal carried by a redirect to the app (OIDC Core §3.1.2.6: `error`, `error_description`), read through the
 * same table as an error answer's; undefined when the redirect carries no error. One reading for every flow that lands
 * at the redirect URI: the authn flow's /authorize, and the browser's hosted page. `answer`: the redirect's status and
 * request id, when the flow saw the answer that sent it.
 */
export function redirectError(
  params: URLSearchParams,
  answer: Pick<HttpResponse, 'requestId' | 'status'> | undefined,
): Verdict | undefined {
  const error = params.get('error');
  if (error === null) return undefined;
  const description = params.get('error_description') ?? undefined;
  const code = codeForOktaError(
    { id: error, ...(description !== undefined && { description }) },
    { endpoint: 'sign-in', orgServer: false },
  );
  const detail = description === undefined ? `error=${error}` : `error=${error}: ${description}`;
  return {
    diagnosis: finding(code ?? 'AUTHORIZE_UNEXPECTED', {
      requestId: answer?.requestId ?? null,
      ...(answer !== undefined && { httpStatus: answer.status }),
      oktaError: error,
      detail,
    }),
  };
}

function redirectParams(location: string | undefined, redirectUri: string): URLSearchParams | undefined {
  if (location === undefined) return undefined;
  try {
    const url = new URL(location, redirectUri);
    const expected = new URL(redirectUri);
    if (url.origin !== expected.origin || url.pathname !== expected.pathname) return undefined;
    return url.search !== '' ? url.searchParams : new URLSearchParams(url.hash.slice(1));
  } catch {
    return undefined;
  }
}

/** What /token gave the user. Tokens in memory only. */
export type TokenAnswer =
  | { readonly kind: 'tokens'; readonly idToken: string; readonly accessToken: string; readonly refreshToken?: string }
  | { readonly kind: 'mfa'; readonly mfaToken: string }
  | { readonly kind: 'failed'; readonly verdict: Verdict };

/** /token for a user: tokens with an ID token, or (Direct Authentication) 403 mfa_required with an mfa_token. */
export function judgeUserTokens(res: HttpResponse): TokenAnswer {
  const body = jsonObject(parseJsonBody(res));
  if (res.status === 403 && body?.error === 'mfa_required') {
    return typeof body.mfa_token === 'string' && body.mfa_token !== ''
      ? { kind: 'mfa', mfaToken: body.mfa_token }
      : { kind: 'failed', verdict: failAnswer('MALFORMED_RESPONSE', res, 'mfa_required without an mfa_token') };
  }
  const error = signInError(res);
  if (error !== null) return { kind: 'failed', verdict: error };
  if (res.status !== 200 || body === undefined)
    return {
      kind: 'failed',
      verdict: failAnswer('MALFORMED_RESPONSE', res, `HTTP ${res.status}, expected 200 with tokens`),
    };
  const { id_token: idToken, access_token: accessToken, refresh_token: refreshToken } = body;
  if (typeof idToken !== 'string' || idToken === '')
    return {
      kind: 'failed',
      verdict: failAnswer('MALFORMED_RESPONSE', res, 'no id_token in the token response: was "openid" granted?'),
    };
  if (typeof accessToken !== 'string' || accessToken === '')
    return { kind: 'failed', verdict: failAnswer('MALFORMED_RESPONSE', res, 'no access_token in the token response') };
  return {
    kind: 'tokens',
    idToken,
    accessToken,
    ...(typeof refreshToken === 'string' && refreshToken !== '' && { refreshToken }),
  };
}

/** /userinfo: the user's claims, or why there are none. */
export function judgeUserinfo(
  res: HttpResponse,
): { readonly claims: Readonly<Record<string, unknown>> } | { readonly verdict: Verdict } {
  const error = signInError(res);
  if (error !== null) return { verdict: error };
  const claims = jsonObject(parseJsonBody(res));
  if (res.status !== 200 || claims === undefined || typeof claims.sub !== 'string')
    return {
      verdict: failAnswer(
        'MALFORMED_RESPONSE',
        res,
        `/userinfo answered HTTP ${res.status} without a JSON object carrying sub`,
      ),
    };
  return { claims };
}

interface IdTokenExpectation {
  readonly issuer: string;
  /** The client id, or the audience the SP expects. */
  readonly audience: string;
  /** The nonce sent to /authorize; undefined in Direct Authentication, which sends none. */
  readonly nonce?: string;
  readonly requiredClaims: readonly string[];
  readonly clockToleranceSeconds?: number;
  /** Epoch ms. */
  readonly now: number;
}

/**
 * The ID token as the service provider would judge it: signature by a published key, iss, aud, exp, iat, the nonce
 * we sent, and the claims the SP reads. When /userinfo holds a claim the token lacks, the detail says so: Okta's
 * code flow issues thin ID tokens.
 */
export async function judgeIdToken(
  expected: IdTokenExpectation,
  idToken: string,
  jwks: JSONWebKeySet,
  userinfo?: Readonly<Record<string, unknown>>,
): Promise<Verdict> {
  const jwe = encryptedTokenHeader(idToken);
  if (jwe !== undefined) return encryptedIdToken(expected, jwe, userinfo);
  const clockToleranceSeconds = expected.clockToleranceSeconds ?? DEFAULTS.clockToleranceSeconds;
  try {
    const { payload, protectedHeader } = await verify(idToken, jwks, {
      algorithms: ['RS256'],
      issuer: expected.issuer,
      audience: expected.audience,
      clockTolerance: clockToleranceSeconds,
      requiredClaims: ['sub', 'iat', 'exp'],
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      currentDate: new Date(expected.now),
    });
    const observed: Observed = { kid: protectedHeader.kid ?? null, claims: Object.keys(payload).sort().join(' ') };
    if (expected.nonce !== undefined && payload.nonce !== expected.nonce) {
      return fail(
        'ID_TOKEN_NONCE_MISMATCH',
        payload.nonce === undefined
          ? 'the ID token carries no nonce'
          : "the ID token's nonce is not the one this sign-in sent",
        observed,
      );
    }
    const missing = expected.requiredClaims.filter((claim) => !Object.hasOwn(payload, claim));
    if (missing.length > 0) return fail('ID_TOKEN_MISSING_CLAIMS', missingClaimsDetail(missing, userinfo), observed);
    return pass(observed);
  } catch (error) {
    const verdict = joseVerdict(
      error as JoseFailure,
      { ...expected, scopes: [], clockToleranceSeconds, requiredClaims: [] },
      idToken,
    );
    return idTokenVerdict(verdict, error as JoseFailure, idToken);
  }
}

/**
 * An encrypted ID token (compact JWE, five segments): the app chose id_token_encrypted_response_alg and holds the
 * only decryption key (okta-developer-docs guides/key-management, "Encryption keys (enc) for ID tokens"), so its
 * signature, iss, aud, nonce and exp cannot be read here, as an encrypted access token's cannot (servers/validate.ts).
 * Not a malformed answer: the sign-in passes, saying so, and /userinfo still answers for the claims the SP needs.
 */
function encryptedIdToken(
  expected: Pick<IdTokenExpectation, 'requiredClaims'>,
  jwe: ProtectedHeaderParameters,
  userinfo: Readonly<Record<string, unknown>> | undefined,
): Verdict {
  const how = `alg ${shown(jwe.alg)}, enc ${shown((jwe as { enc?: unknown }).enc)}`;
  const observed: Observed = {
    idTokenEncrypted: true,
    idToken:
      `encrypted (JWE, ${how}): only the app holding the decryption key can verify its signature, iss, aud, ` +
      'nonce and exp; still checked: the /token answer, the access token on /userinfo, and the claims there',
  };
  const missing =
    userinfo === undefined ? [] : expected.requiredClaims.filter((claim) => !Object.hasOwn(userinfo, claim));
  if (missing.length > 0)
    return fail(
      'ID_TOKEN_MISSING_CLAIMS',
      `the ID token is encrypted (JWE, ${how}) and /userinfo lacks ${missing.join(', ')}`,
      observed,
    );
  return pass(observed);
}

function missingClaimsDetail(
  missing: readonly string[],
  userinfo: Readonly<Record<string, unknown>> | undefined,
): string {
  const atUserinfo = userinfo === undefined ? [] : missing.filter((claim) => Object.hasOwn(userinfo, claim));
  const where =
    userinfo === undefined
      ? '/userinfo was not read'
      : atUserinfo.length > 0
        ? `/userinfo has ${atUserinfo.join(', ')}: the claim exists but is not put in the ID token (thin ID ` +
          `token: set it to "Always" include in the ID token, or add a custom claim)`
        : "/userinfo lacks it too: the user's profile or the scopes do not provide it";
  return `the ID token lacks ${missing.join(', ')}; ${where}`;
}

/**
 * jose's table speaks of access tokens and of the access token's codes: an ID token's aud and claims have their own.
 */
function idTokenVerdict(verdict: Verdict, error: JoseFailure, idToken: string): Verdict {
  const diagnosis = verdict.diagnosis;
  if (diagnosis === null) return verdict;
  const detail = diagnosis.detail?.replace(/access token/g, 'ID token');
  if (diagnosis.code === 'AUDIENCE_MISMATCH') return fail('ID_TOKEN_AUDIENCE_MISMATCH', detail);
  if (diagnosis.code === 'MISSING_CLAIMS') return fail('ID_TOKEN_MISSING_CLAIMS', detail);
  if (error.code === undefined && !looksLikeJwt(idToken))
    return fail('MALFORMED_RESPONSE', 'the id_token is not a JWT');
  return detail === undefined ? verdict : { ...verdict, diagnosis: { ...diagnosis, detail } };
}

function looksLikeJwt(token: string): boolean {
  try {
    decodeJwt(token);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Okta session cookie /authorize set, if any: Classic's `sid` or Identity Engine's `idx`. A cleared cookie is no
 * session: an Identity Engine org clears `sid` (`sid=""; Expires=Thu, 01-Jan-1970 ...`) beside the `idx` it sets
 * (okta-developer-docs postman/client-secret-rotation-key-mgmnt.json; http/cookies.ts).
 */
export function sessionCookie(res: HttpResponse): { readonly name: 'sid' | 'idx'; readonly value: string } | undefined {
  const found = setCookies(res).find((c) => !c.deletion && (c.name === 'sid' || c.name === 'idx'));
  return found === undefined ? undefined : { name: found.name as 'sid' | 'idx', value: found.value };
}
