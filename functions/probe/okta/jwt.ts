// A JWT judged as the API behind a custom server would judge it: RS256 signature by a published key, issuer,
// audience, time claims, required claims and scopes, through one table of jose's error codes. The server's
// validate check and the sign-in's ID token both read it. Org-AS tokens are opaque to us (Okta's "Validate access
// tokens" guide) and are checked by introspection instead.
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyOptions,
  type JWTVerifyResult,
  type KeyObject,
  type CryptoKey,
  type ProtectedHeaderParameters,
} from 'jose';
import type { DiagnosisCode } from '../../contract';
import { fail, pass, type Verdict } from '../verdict';

export interface AccessTokenExpectation {
  readonly issuer: string;
  /** Undefined only when no audience is configured; then `aud` is not compared. */
  readonly audience?: string;
  readonly scopes: readonly string[];
  readonly requiredClaims: readonly string[];
  readonly clockToleranceSeconds: number;
  /** Epoch ms. */
  readonly now: number;
}

/** Okta custom authorization servers sign access tokens with RS256 only; anything else is refused. */
const ALGORITHMS = ['RS256'];
/**
 * Longest access token lifetime Okta allows (1 day), seconds. Setting it makes jose check `iat`, which it
 * otherwise ignores: an `iat` in the future is the clearest sign of clock skew.
 */
export const MAX_TOKEN_AGE_SECONDS = 86_400;

export interface JoseFailure {
  readonly code?: string;
  readonly claim?: string;
  readonly reason?: string;
  readonly payload?: JWTPayload;
}

interface Facts {
  readonly error: JoseFailure;
  readonly expected: AccessTokenExpectation;
  readonly header: ProtectedHeaderParameters | undefined;
  readonly payload: JWTPayload;
}

const iso = (seconds: unknown): string =>
  typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : String(seconds);
export const shown = (value: unknown): string => (Array.isArray(value) ? value.join(',') : String(value));
const aheadBy = (f: Facts, claim: 'iat' | 'nbf'): string => {
  const at = f.payload[claim];
  const ahead = typeof at === 'number' ? Math.round(at - f.expected.now / 1000) : NaN;
  return (
    `${claim} is ${iso(at)}, ${ahead} s ahead of the local clock (tolerance ${f.expected.clockToleranceSeconds} ` + `s)`
  );
};
const missingClaims = (f: Facts): string[] => {
  const wanted = new Set([...f.expected.requiredClaims, ...(f.error.claim ? [f.error.claim] : [])]);
  return [...wanted].filter((claim) => !Object.hasOwn(f.payload, claim));
};

/**
 * jose's error codes (and, for claim failures, `reason` or `claim`) to our diagnoses: the one table.
 * Looked up as `${code}:missing`, then `${code}:${claim}`, then `${code}`.
 */
const JOSE_ERRORS: Readonly<Record<string, { readonly code: DiagnosisCode; readonly detail: (f: Facts) => string }>> = {
  ERR_JWT_EXPIRED: {
    code: 'TOKEN_EXPIRED',
    detail: (f) =>
      f.error.claim === 'iat'
        ? `iat was ${iso(f.payload.iat)}, older than ${MAX_TOKEN_AGE_SECONDS} s`
        : `exp was ${iso(f.payload.exp)}, now is ${new Date(f.expected.now).toISOString()} (tolerance ${f.expected.clockToleranceSeconds} ` +
          `s)`,
  },
  'ERR_JWT_CLAIM_VALIDATION_FAILED:missing': {
    code: 'MISSING_CLAIMS',
    detail: (f) => `missing claim(s): ${missingClaims(f).join(', ')}`,
  },
  'ERR_JWT_CLAIM_VALIDATION_FAILED:iss': {
    code: 'ISSUER_MISMATCH',
    detail: (f) => `iss was ${shown(f.payload.iss)}, expected ${f.expected.issuer}`,
  },
  'ERR_JWT_CLAIM_VALIDATION_FAILED:aud': {
    code: 'AUDIENCE_MISMATCH',
    detail: (f) => `aud was ${shown(f.payload.aud)}, expected ${f.expected.audience ?? '(none)'}`,
  },
  'ERR_JWT_CLAIM_VALIDATION_FAILED:iat': { code: 'CLOCK_SKEW', detail: (f) => aheadBy(f, 'iat') },
  'ERR_JWT_CLAIM_VALIDATION_FAILED:nbf': { code: 'CLOCK_SKEW', detail: (f) => aheadBy(f, 'nbf') },
  ERR_JWT_CLAIM_VALIDATION_FAILED: {
    code: 'MALFORMED_RESPONSE',
    detail: (f) => `claim ${f.error.claim ?? '(unknown)'} failed validation (${f.error.reason ?? 'unspecified'})`,
  },
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: {
    code: 'SIGNATURE_INVALID',
    detail: (f) => `signature does not verify with the published key ${f.header?.kid ?? '(no kid)'}`,
  },
  ERR_JOSE_ALG_NOT_ALLOWED: {
    code: 'SIGNATURE_INVALID',
    detail: (f) => `alg was ${shown(f.header?.alg)}, expected RS256`,
  },
  ERR_JOSE_NOT_SUPPORTED: { code: 'SIGNATURE_INVALID', detail: (f) => `alg ${shown(f.header?.alg)} is not supported` },
  ERR_JWKS_NO_MATCHING_KEY: {
    code: 'UNKNOWN_SIGNING_KEY',
    detail: (f) => `kid ${f.header?.kid ?? '(no kid)'} (alg ${shown(f.header?.alg)}) is not in the published JWKS`,
  },
  ERR_JWS_INVALID: { code: 'MALFORMED_RESPONSE', detail: () => 'access token is not a valid JWS' },
  ERR_JWT_INVALID: { code: 'MALFORMED_RESPONSE', detail: () => 'access token is not a valid JWT' },
};

const UNRECOGNISED = {
  code: 'MALFORMED_RESPONSE',
  detail: (f: Facts) => `access token could not be verified (${f.error.code ?? 'unknown error'})`,
} as const;

/** Verifies `token` against `jwks` as configured. Pure: no network, time from `expected.now`. */
export async function judgeAccessToken(
  expected: AccessTokenExpectation,
  token: string,
  jwks: JSONWebKeySet,
): Promise<Verdict> {
  try {
    const { payload, protectedHeader } = await verify(token, jwks, {
      algorithms: ALGORITHMS,
      issuer: expected.issuer,
      ...(expected.audience !== undefined && { audience: expected.audience }),
      clockTolerance: expected.clockToleranceSeconds,
      requiredClaims: [...expected.requiredClaims],
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      currentDate: new Date(expected.now),
    });
    return judgeScopes(expected, payload, protectedHeader);
  } catch (error) {
    return joseVerdict(error as JoseFailure, expected, token);
  }
}

/** Okta's `scp` is an array; RFC 9068's `scope` is a space-delimited string: accept both shapes. */
function judgeScopes(
  expected: AccessTokenExpectation,
  payload: JWTPayload,
  header: ProtectedHeaderParameters,
): Verdict {
  const scp = payload.scp ?? payload.scope;
  const granted = Array.isArray(scp) ? scp.map(String) : typeof scp === 'string' ? scp.split(' ').filter(Boolean) : [];
  const missing = expected.scopes.filter((scope) => !granted.includes(scope));
  const observed = { kid: header.kid ?? null, expiresAt: iso(payload.exp), scp: granted.join(' ') };
  if (missing.length > 0)
    return fail('MISSING_SCOPE', `scp lacks ${missing.join(', ')} (has ${granted.join(' ') || 'none'})`, observed);
  return pass(observed);
}

/**
 * jwtVerify with the JWKS; when several published keys share the token's kid (legal, seen during rotations),
 * each candidate is tried instead of giving up.
 */
export async function verify(token: string, jwks: JSONWebKeySet, options: JWTVerifyOptions): Promise<JWTVerifyResult> {
  try {
    return await jwtVerify(token, createLocalJWKSet(jwks), options);
  } catch (error) {
    const candidates = error as JoseFailure & Partial<AsyncIterable<KeyObject | CryptoKey>>;
    if (candidates.code !== 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' || candidates[Symbol.asyncIterator] === undefined)
      throw error;
    let last: unknown = error;
    for await (const key of candidates as AsyncIterable<KeyObject | CryptoKey>) {
      try {
        return await jwtVerify(token, key, options);
      } catch (failure) {
        last = failure;
      }
    }
    throw last;
  }
}

/** A failed verification as a verdict, through the one table of jose's codes (the ID-token judge reads it too). */
export function joseVerdict(error: JoseFailure, expected: AccessTokenExpectation, token: string): Verdict {
  const code = error.code ?? '';
  const entry =
    (error.reason === 'missing' ? JOSE_ERRORS[`${code}:missing`] : undefined) ??
    JOSE_ERRORS[`${code}:${error.claim ?? ''}`] ??
    JOSE_ERRORS[code] ??
    UNRECOGNISED;
  const facts: Facts = { error, expected, header: safeHeader(token), payload: error.payload ?? {} };
  return fail(entry.code, entry.detail(facts));
}

function safeHeader(token: string): ProtectedHeaderParameters | undefined {
  try {
    return decodeProtectedHeader(token);
  } catch {
    return undefined;
  }
}

/**
 * The header of an encrypted access token (compact JWE: five segments, an `enc` header), or undefined. Custom
 * authorization servers can encrypt access tokens for the resource server: only the API holding the private
 * key can read them, so local validation does not apply; introspection still proves the token.
 */
export function encryptedTokenHeader(token: string): ProtectedHeaderParameters | undefined {
  if (token.split('.').length !== 5) return undefined;
  const header = safeHeader(token);
  return header !== undefined && typeof (header as { enc?: unknown }).enc === 'string' ? header : undefined;
}
