// A JWT as Okta Support reads it in a trace: its header and claims kept, decoded, and its signature removed. Okta's
// case-upload sanitizer removes "the signature from security tokens" (support.okta.com, "Sanitizing HTTP Traces"), and
// its manual says of an access token "if the token is JWT, redact the signature, otherwise redact the whole token
// string", of an ID token and a Bearer JWT "redact the signature" (support.auth0.com, "How to Manually Redact Sensitive
// Information"). Without its signature a JWT is no credential: no API, SP or token endpoint accepts it, and a
// client_secret_jwt assertion's HMAC, the one part that could be ground against guesses of the client secret, is gone.
// The header and claims are written decoded, not as base64url: Support reads aud, scp and exp as they are, and the
// text holds no prefix of the token, which the run keeps among its secrets (build.ts proves each entry clean of them).

/** Longest token read: Okta's are a few KB; a longer value is blanked whole rather than decoded. */
const MAX_JWT_CHARS = 16_384;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** What the caller cleans a decoded part with (secret members by name, the run's secrets), and hashes a session id. */
interface JwtCleaning {
  readonly json: (value: unknown) => unknown;
  readonly hash: (value: string) => string;
}

/**
 * The token's header and claims, decoded and cleaned, its signature replaced by a marker; undefined for anything else,
 * which the caller blanks whole: an opaque token, a JWE (nothing in it is readable without the key), a value too long,
 * and the org authorization server's access token.
 */
export function readableJwt(value: string, cleaning: JwtCleaning): string | undefined {
  if (value.length > MAX_JWT_CHARS) return undefined;
  const [header, claims, signature, ...more] = value.split('.');
  if (more.length > 0 || signature === undefined) return undefined;
  const head = decodedObject(header ?? '');
  const body = decodedObject(claims ?? '');
  if (head === undefined || body === undefined || typeof head.alg !== 'string' || opaqueToOkta(body)) return undefined;
  // Okta's sid claim names the user's Okta session, which its cookie carries: hashed as the cookie is, so Support can
  // match the two and no one can present it.
  const kept = typeof body.sid === 'string' ? { ...body, sid: cleaning.hash(body.sid) } : body;
  const cleanHead = cleaning.json(head);
  const cleanBody = cleaning.json(kept);
  if (cleanHead === undefined || cleanBody === undefined) return undefined;
  const marker = signature === '' ? 'JWT, unsigned' : 'JWT, signature removed';
  return `[${marker}] header=${JSON.stringify(cleanHead)} claims=${JSON.stringify(cleanBody)}`;
}

/** A base64url segment holding a JSON object, decoded; undefined for anything else. */
function decodedObject(segment: string): Record<string, unknown> | undefined {
  if (!BASE64URL.test(segment)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The org authorization server's access token (its issuer is the org's bare origin, and it carries a client's scopes):
 * "opaque", Okta's guide says (guides/validate-access-tokens), for Okta's own APIs alone, its content Okta's to change.
 * Okta may mint it as a JWT today; a trace that showed its inside would invite reading what Okta does not promise, and
 * what the probe judged of it (the scopes a call was refused for) is in the check's diagnosis.
 */
function opaqueToOkta(claims: Record<string, unknown>): boolean {
  const { iss } = claims;
  if (typeof iss !== 'string' || !URL.canParse(iss)) return false;
  const bare = new URL(iss).pathname.replace(/\/+$/, '') === '';
  return bare && ('scp' in claims || 'cid' in claims);
}
