// Scrubs text before it reaches a log, a report or a diagnosis detail. Okta error descriptions and
// transport errors can echo what we sent; client secrets, private keys, assertions and tokens must never
// leave the process in readable form.

export const REDACTED = '[REDACTED]';

/** Longest text returned: details are one-line facts, not dumps of response bodies. */
export const MAX_REDACTED_LENGTH = 500;

/**
 * Anything JWT-shaped: a header starting `{"` (eyJ), then a JWS (3 segments; an unsigned one ends in a bare
 * dot) or a JWE (5 segments, the key segment empty with "dir"). A sentence's full stop after it survives.
 */
const JWT = /eyJ[\w-]*\.[\w-]*(?:\.[\w-]+(?:\.[\w-]+\.[\w-]+)?|\.)/g;
/** PEM blocks, and a block cut off by truncation (BEGIN without END). */
const PEM = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g;
/** HTTP Authorization values (Basic carries base64(client_id:secret), Bearer/DPoP carry tokens). */
const AUTHORIZATION = /(authorization"?\s*[:=]\s*"?)[^"\r\n]+/gi;
/**
 * Credentials in form bodies, query strings and cookies (RFC 6749 §2.3.1, RFC 7523 §2.2, RFC 7662 §2.1), and a
 * user's sign-in (issue 18): an authorization code and its PKCE verifier, the Authentication API's session and
 * state tokens, a TOTP passcode, Direct Authentication's mfa_token and otp, the Okta session cookie.
 */
const FORM_SECRET =
  /\b((?:client_secret|client_assertion|access_token|refresh_token|id_token|id_token_hint|token|password|code|code_verifier|sessionToken|stateToken|passCode|mfa_token|otp|sid)=)[^&\s"';]+/gi;
/** The same names as JSON members, e.g. an echoed token response or an Authentication API transaction. */
const JSON_SECRET = /("(?:client_secret|client_assertion|access_token|refresh_token|id_token|token|password|sessionToken|stateToken|passCode|mfa_token|otp)"\s*:\s*")[^"]*/gi;

/**
 * Each secret's forms, computed once per secret: a run redacts every failure's texts against every server's
 * secret, and encoding 90 PEMs anew for each text took most of a 90-server run's CPU (BENCHMARKS.md, section h).
 */
const formsBySecret = new Map<string, string[]>();
const MAX_CACHED_SECRETS = 1000;

function secretForms(secret: string): string[] {
  const cached = formsBySecret.get(secret);
  if (cached !== undefined) return cached;
  if (formsBySecret.size >= MAX_CACHED_SECRETS) formsBySecret.clear();
  const forms = encodedForms(secret);
  formsBySecret.set(secret, forms);
  return forms;
}

/** The forms a secret may take on the wire: raw, URL-encoded (two ways), base64 and base64url. */
function encodedForms(secret: string): string[] {
  const forms = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ];
  // Longest first, so a form containing another is replaced whole.
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** Shortest piece of a secret worth refusing on its own: a request id that is part of a secret reveals that part. */
const MIN_SECRET_PART = 8;

/**
 * Whether `text` holds one of `secrets` in any of its forms, or is itself a piece of one (at least
 * MIN_SECRET_PART characters): for values printed whole or not at all, such as a request id.
 */
export function revealsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => secret !== '' && secretForms(secret).some((form) => text.includes(form) || (text.length >= MIN_SECRET_PART && form.includes(text))));
}

/** Replaces known secrets and anything credential-shaped with [REDACTED], and caps the length. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === '') continue;
    for (const form of secretForms(secret)) out = out.split(form).join(REDACTED);
  }
  out = out
    .replace(PEM, REDACTED)
    .replace(JWT, REDACTED)
    .replace(AUTHORIZATION, `$1${REDACTED}`)
    .replace(FORM_SECRET, `$1${REDACTED}`)
    .replace(JSON_SECRET, `$1${REDACTED}`);
  return out.length > MAX_REDACTED_LENGTH ? `${out.slice(0, MAX_REDACTED_LENGTH - 1)}…` : out;
}
