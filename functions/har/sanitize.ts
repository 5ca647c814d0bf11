// Sanitizing an HTTP trace as Okta's knowledge base asks ("Sanitizing HTTP Traces"): passwords, session cookies, tokens
// and SAML assertions removed, every name kept so Support still reads the flow. Values go by name first (a field, a
// parameter, a header or a cookie that carries a credential, whatever its value looks like), then every text left is
// scrubbed of the run's known secrets in each encoding the scrubber knows (raw, JSON, HTML, percent, base64), and of
// anything credential-shaped (JWTs, PEM blocks, Authorization values). Every value here came from Okta or from us, so
// walks are bounded: an answer cannot make sanitizing cost more than its size.
import { REDACTED, redactAll } from '../text/redact';

/**
 * Names whose value is a credential, lower case: the OAuth and OIDC parameters (RFC 6749, 7523, 7636, 7662), the
 * Authentication API's and Identity Engine's fields (the Sign-In Widget's and okta-auth-js's names), Direct
 * Authentication's, and SAML's form posts.
 */
const SECRET_NAMES: ReadonlySet<string> = new Set([
  'password',
  'passcode',
  'otp',
  'answer',
  'client_secret',
  'client_assertion',
  'assertion',
  'access_token',
  'refresh_token',
  'id_token',
  'id_token_hint',
  'token',
  'code',
  'code_verifier',
  'interaction_code',
  'interaction_handle',
  'sessiontoken',
  'session_token',
  'statetoken',
  'statehandle',
  'mfa_token',
  'oob_code',
  'binding_code',
  'device_secret',
  'samlresponse',
  'samlrequest',
  'totpsecret',
  'sharedsecret',
  'secret',
  // A passkey's answer to Okta's WebAuthn challenge (Identity Engine's credentials of the webauthn authenticator):
  // the signed challenge, and what signed it, are the credential's use, never a flow's name.
  'clientdata',
  'authenticatordata',
  'signaturedata',
]);

/** Headers whose whole value is a credential: cookies are split apart below, so their names stay. */
const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-device-token',
  'dpop',
  'x-okta-xsrftoken',
]);

const isSecretName = (name: string): boolean => SECRET_NAMES.has(name.toLowerCase());
export const isSecretHeader = (name: string): boolean => SECRET_HEADERS.has(name.toLowerCase());

/** A text scrubbed of the run's secrets in every encoding, and of anything credential-shaped; its length not capped. */
export const scrubbed = (text: string, secrets: readonly string[]): string => redactAll(text, secrets);

/** A URL with each secret parameter's value replaced, and the rest scrubbed; names and order kept. */
export function sanitizeUrl(url: string, secrets: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return uriSafe(scrubbed(url, secrets));
  }
  const params = [...parsed.searchParams].map(([name, value]) => [name, sanitizeValue(name, value, secrets)]);
  parsed.search = new URLSearchParams(params).toString();
  if (parsed.hash !== '') parsed.hash = scrubbed(parsed.hash, secrets);
  return uriSafe(scrubbed(parsed.toString(), secrets));
}

/**
 * The URL with what a URI may not hold outside its host percent-encoded (RFC 3986 section 2): the scrubber's
 * "[REDACTED]" put in a fragment, or in a parameter that carried a sessionToken encoded, left raw brackets, which
 * fail the HAR schema's `uri` format and the tools that check it. An IPv6 host keeps its brackets.
 */
function uriSafe(url: string): string {
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(url)?.[0] ?? '';
  const rest = url
    .slice(authority.length)
    .replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/gu, encodeCharacter);
  return authority + rest;
}

/** One character percent-encoded as UTF-8; a lone surrogate (no UTF-8 of its own) as U+FFFD's. */
function encodeCharacter(character: string): string {
  try {
    return encodeURIComponent(character);
  } catch {
    return '%EF%BF%BD';
  }
}

export function sanitizeValue(name: string, value: string, secrets: readonly string[]): string {
  return isSecretName(name) ? REDACTED : scrubbed(value, secrets);
}

/** Deepest JSON walked, and most nodes: an answer nested deeper or larger is withheld, not walked. */
const MAX_DEPTH = 64;
const MAX_NODES = 50_000;

/**
 * A JSON value with each secret member's value replaced, and an Identity Engine form field's `value` when the field's
 * `name` is a secret one ({"name": "stateHandle", "value": ...}); every other string scrubbed. A secret member holding
 * an object is walked (credentials: { passcode }), one holding a flag kept ("secret": true says a field is masked).
 * Undefined when it is too deep or too large to walk.
 */
export function sanitizeJson(value: unknown, secrets: readonly string[]): unknown {
  const budget = { nodes: MAX_NODES };
  const walk = (node: unknown, depth: number): unknown => {
    if ((budget.nodes -= 1) < 0 || depth > MAX_DEPTH) throw new TooLarge();
    if (typeof node === 'string') return scrubbed(node, secrets);
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.entries(node as Record<string, unknown>);
    const fieldName = (node as Record<string, unknown>).name;
    const secretField = typeof fieldName === 'string' && isSecretName(fieldName);
    return Object.fromEntries(
      entries.map(([key, item]) => {
        const secret = isSecretName(key) || (secretField && key === 'value');
        const plain = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number';
        if (secret && plain(item)) return [key, REDACTED];
        if (secret && Array.isArray(item)) return [key, item.map((v) => (plain(v) ? REDACTED : walk(v, depth + 2)))];
        return [key, walk(item, depth + 1)];
      }),
    );
  };
  try {
    return walk(value, 0);
  } catch (error) {
    if (error instanceof TooLarge) return undefined;
    throw error;
  }
}

class TooLarge extends Error {}

/** The names of SECRET_NAMES as a regex alternation, for the text patterns below. */
const NAMES = [...SECRET_NAMES].join('|');
/** An HTML input carrying a secret: `name="SAMLResponse" ... value="..."` (either order). */
const INPUT_NAME_FIRST = new RegExp(
  `(<input\\b[^>]*?\\bname\\s*=\\s*["']?(?:${NAMES})["']?[^>]*?\\bvalue\\s*=\\s*)("[^"]*"|'[^']*'|[^\\s>]+)`,
  'gi',
);
const INPUT_VALUE_FIRST = new RegExp(
  `(<input\\b[^>]*?\\bvalue\\s*=\\s*)("[^"]*"|'[^']*'|[^\\s>]+)([^>]*?\\bname\\s*=\\s*["']?(?:${NAMES})["'\\s>])`,
  'gi',
);
/** A script's assignment or object member: `stateToken = '...'`, `"stateToken": "..."`, `stateToken: "..."`. */
const SCRIPT_MEMBER = new RegExp(
  `(["']?\\b(?:${NAMES})\\b["']?\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*')`,
  'gi',
);

/** A text body (HTML, a script, anything not JSON or a form): secret inputs and members replaced, then scrubbed. */
export function sanitizeText(text: string, secrets: readonly string[]): string {
  const quotedRedacted = (quoted: string): string =>
    quoted.startsWith('"') ? `"${REDACTED}"` : quoted.startsWith("'") ? `'${REDACTED}'` : REDACTED;
  const replaced = text
    .replace(INPUT_NAME_FIRST, (_all, before: string, quoted: string) => before + quotedRedacted(quoted))
    .replace(
      INPUT_VALUE_FIRST,
      (_all, before: string, quoted: string, after: string) => before + quotedRedacted(quoted) + after,
    )
    .replace(SCRIPT_MEMBER, (_all, before: string, quoted: string) => before + quotedRedacted(quoted));
  return scrubbed(replaced, secrets);
}
