// Sanitizing an HTTP trace as Okta's case-upload sanitizer does ("Sanitizing HTTP Traces"): every name kept so Support
// still reads the flow, a JWT's header and claims and a SAML message's content kept without their signatures (jwt.ts,
// saml.ts), cookie values hashed (cookie-hash.ts), every other credential's value removed. Values go by name first (a
// field, a parameter, a header or a cookie that carries a credential, whatever its value looks like), then every text
// left is scrubbed of the run's known secrets in each encoding the scrubber knows (raw, JSON, HTML, percent, base64),
// and of anything credential-shaped (JWTs, PEM blocks, Authorization values). Every value here came from Okta or from
// us, so walks are bounded: an answer cannot make sanitizing cost more than its size.
import { decodeHTML } from 'entities/decode';
import { escapeHtml } from '../text/html-escape';
import { REDACTED, redactAll } from '../text/redact';
import { hashedValue } from './cookie-hash';
import { inputTags } from './html-inputs';
import { readableJwt } from './jwt';
import { readableSaml } from './saml';

/** What one HAR is sanitized with: the run's secrets, and the key its cookie values are hashed under (never kept). */
export interface Sanitizing {
  readonly secrets: readonly string[];
  readonly key: Uint8Array;
}

/**
 * Names whose value is a credential, lower case: the OAuth and OIDC parameters (RFC 6749, 7523, 7636, 7662), the
 * Authentication API's and Identity Engine's fields (the Sign-In Widget's and okta-auth-js's names), Direct
 * Authentication's, and SAML's form posts.
 */
export const SECRET_NAMES: ReadonlySet<string> = new Set([
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

/**
 * Names whose value, when it is a JWT, keeps its header and claims (jwt.ts): tokens and assertions a client sends or
 * Okta answers. A refresh token is not among them: Okta's are opaque, and one that was a JWT would still be a
 * long-lived credential with nothing in it Support needs. Nor is `token` (RFC 7009's /revoke, RFC 7662's
 * /introspect), which names any kind of token: it is read only in a form whose `token_type_hint` says it is an access
 * or ID token (sanitizeForm), so a refresh token revoked as `token` stays blank, hinted as one or not hinted at all.
 */
const JWT_NAMES: ReadonlySet<string> = new Set([
  'access_token',
  'id_token',
  'id_token_hint',
  'client_assertion',
  'assertion',
]);
/** The hints (RFC 7009 section 2.1, RFC 7662 section 2.1) under which a form's `token` is read as a JWT. */
const READABLE_TOKEN_HINTS: ReadonlySet<string> = new Set(['access_token', 'id_token']);
/** Names whose value, when it is a base64 SAML message, keeps its content (saml.ts). */
const SAML_NAMES: ReadonlySet<string> = new Set(['samlresponse', 'samlrequest']);

/**
 * Headers whose whole value is a credential: cookies are split apart below, so their names stay; Authorization is
 * read by its scheme (authorizationValue).
 */
const SECRET_HEADERS: ReadonlySet<string> = new Set(['proxy-authorization', 'dpop', 'x-okta-xsrftoken']);
/**
 * Headers that name a device as a cookie does: hashed like one, so Support sees the same device each time. Okta's
 * X-Device-Token is the server-side client's `DT` (device.ts).
 */
const HASHED_HEADERS: ReadonlySet<string> = new Set(['x-device-token']);

const isSecretName = (name: string): boolean => SECRET_NAMES.has(name.toLowerCase());

/** A text scrubbed of the run's secrets in every encoding, and of anything credential-shaped; its length not capped. */
export const scrubbed = (text: string, secrets: readonly string[]): string => redactAll(text, secrets);

/** A header's value sanitized by its name: a credential's replaced, a device's hashed, an address sanitized. */
export function sanitizeHeader(name: string, value: string, how: Sanitizing): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization') return authorizationValue(value, how);
  if (SECRET_HEADERS.has(lower)) return REDACTED;
  if (HASHED_HEADERS.has(lower)) return hashedValue(value, how.key);
  if (lower === 'location' || lower === 'referer') return sanitizeUrl(value, how);
  return scrubbed(value, how.secrets);
}

/**
 * The scheme kept (Basic, Bearer, SSWS, DPoP: which one a client used is often the fault), and a Bearer or DPoP JWT's
 * header and claims, as Okta's manual redaction asks ("If the first word says Bearer and has a JWT token after it, you
 * can redact the signature"); any other credential replaced whole.
 */
function authorizationValue(value: string, how: Sanitizing): string {
  const [, scheme, credential] = /^\s*([A-Za-z][\w.+-]*)\s+(\S+)\s*$/.exec(value) ?? [];
  if (scheme === undefined || credential === undefined) return REDACTED;
  const jwt = /^(?:bearer|dpop)$/i.test(scheme) ? readableJwt(credential, jwtCleaning(how)) : undefined;
  return `${scrubbed(scheme, how.secrets)} ${jwt ?? REDACTED}`;
}

/** A cookie's value: its keyed hash's first characters, as Okta's sanitizer writes them. */
export const cookieValue = (value: string, how: Sanitizing): string => hashedValue(value, how.key);

/**
 * A URL with each secret parameter's value replaced or made readable, and the rest scrubbed; names and order kept. A
 * fragment of parameters (an implicit or form_post answer's `#id_token=...`) is read as a query is.
 */
export function sanitizeUrl(url: string, how: Sanitizing): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return uriSafe(scrubbed(url, how.secrets));
  }
  const { search, hash } = parsed;
  parsed.search = '';
  parsed.hash = '';
  // Each part scrubbed on its own: a whole-address pass would take a readable token for a token= parameter.
  const base = scrubbed(parsed.toString(), how.secrets);
  const query = search === '' ? '' : `?${sanitizeParams(search.slice(1), how)}`;
  const fragment =
    hash === ''
      ? ''
      : `#${hash.includes('=') ? sanitizeParams(hash.slice(1), how) : scrubbed(hash.slice(1), how.secrets)}`;
  return uriSafe(base + query + fragment);
}

/** Form-encoded parameters, each name scrubbed and each value sanitized by its name, re-encoded in order. */
function sanitizeParams(encoded: string, how: Sanitizing): string {
  const params = sanitizeForm([...new URLSearchParams(encoded)], how);
  return new URLSearchParams(params.map(([name, value]) => [scrubbed(name, how.secrets), value])).toString();
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

/**
 * A form's parameters (a query, a fragment, a form body), each value sanitized by its name, in order. Its `token` is
 * read as a JWT only when the form's one `token_type_hint` names an access or ID token.
 */
export function sanitizeForm(pairs: readonly (readonly [string, string])[], how: Sanitizing): [string, string][] {
  const hints = pairs.filter(([name]) => name === 'token_type_hint').map(([, value]) => value);
  const hinted = hints.length === 1 && READABLE_TOKEN_HINTS.has(hints[0] ?? '');
  return pairs.map(([name, value]) => [name, sanitizeValue(name, value, how, hinted)]);
}

function sanitizeValue(name: string, value: string, how: Sanitizing, hinted: boolean): string {
  return isSecretName(name) ? (readableSecret(name, value, how, hinted) ?? REDACTED) : scrubbed(value, how.secrets);
}

/**
 * A secret-named value Support may read once its signature is gone: a JWT's header and claims, a SAML message's
 * content. Undefined for every other: an opaque token, a code, a password, a handle, a passkey's answer, and a
 * `token` not `hinted` as an access or ID token.
 */
function readableSecret(name: string, value: string, how: Sanitizing, hinted: boolean): string | undefined {
  const lower = name.toLowerCase();
  if (JWT_NAMES.has(lower) || (lower === 'token' && hinted)) return readableJwt(value, jwtCleaning(how));
  if (SAML_NAMES.has(lower)) return readableSaml(name, value, (xml) => scrubbed(xml, how.secrets));
  return undefined;
}

/** A JWT's decoded parts cleaned as any JSON of the trace is, and its session id hashed as the session cookie is. */
const jwtCleaning = (how: Sanitizing) => ({
  json: (value: unknown) => sanitizeJson(value, how),
  hash: (value: string) => hashedValue(value, how.key),
});

/** Deepest JSON walked, and most nodes: an answer nested deeper or larger is withheld, not walked. */
const MAX_DEPTH = 64;
const MAX_NODES = 50_000;

/**
 * A JSON value with each secret member's value replaced, and an Identity Engine form field's `value` when the field's
 * `name` is a secret one ({"name": "stateHandle", "value": ...}); every other string scrubbed. A secret member holding
 * an object is walked (credentials: { passcode }), one holding a flag kept ("secret": true says a field is masked).
 * Undefined when it is too deep or too large to walk.
 */
export function sanitizeJson(value: unknown, how: Sanitizing): unknown {
  const budget = { nodes: MAX_NODES };
  const walk = (node: unknown, depth: number): unknown => {
    if ((budget.nodes -= 1) < 0 || depth > MAX_DEPTH) throw new TooLarge();
    if (typeof node === 'string') return scrubbed(node, how.secrets);
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.entries(node as Record<string, unknown>);
    const fieldName = (node as Record<string, unknown>).name;
    const secretField = typeof fieldName === 'string' && isSecretName(fieldName);
    return Object.fromEntries(
      entries.map(([key, item]) => {
        const secret = isSecretName(key) || (secretField && key === 'value');
        const plain = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number';
        const named = secretField && key === 'value' ? (fieldName as string) : key;
        if (secret && typeof item === 'string') return [key, readableSecret(named, item, how, false) ?? REDACTED];
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
/**
 * An <input> carrying a secret: its tag holds `name=` and a secret name (any case, quoted or not, and as a prefix:
 * `passwordConfirm`), the name captured. Read as the tag-spanning patterns it replaces read it, so no input is blanked
 * less than before; only within one tag (html-inputs.ts), so its cost is the tag's length.
 */
const SECRET_INPUT_NAME = new RegExp(`\\bname\\s*=\\s*["']?(${NAMES})`, 'i');
/** An attribute holding the input's value: `value`, or a name ending in it after a boundary (`data-value`). */
const VALUE_ATTRIBUTE = /(?:^|[^A-Za-z0-9_])value$/i;
/** A script's assignment or object member: `stateToken = '...'`, `"stateToken": "..."`, `stateToken: "..."`. */
const SCRIPT_MEMBER = new RegExp(
  `(["']?\\b(?:${NAMES})\\b["']?\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*')`,
  'gi',
);
/** Where a readable value waits while the page around it is scrubbed: private-use characters, then its index. */
const HELD_START = '\uE000';
const HELD = /\uE000(\d+)\uE001/g;

/**
 * A text body (HTML, a script, anything not JSON or a form): secret inputs and members replaced, then scrubbed. An
 * input Support may read (a SAMLResponse, a form_post id_token) is made readable from its decoded value and put back
 * after the scrub, HTML-escaped: the scrub would take the readable text for the credential it came from. A text that
 * already holds the marker's first character gets no readable value: its own copy of a marker, put back, would show
 * a value where the page had none, so every secret input is blanked instead.
 */
export function sanitizeText(text: string, how: Sanitizing): string {
  const held: string[] = [];
  const holding = !text.includes(HELD_START);
  const input = (name: string, quoted: string): string => {
    const readable = holding ? readableSecret(name, decodeHTML(unquoted(quoted)), how, false) : undefined;
    if (readable === undefined) return quotedRedacted(quoted);
    held.push(quoted.startsWith("'") ? `'${escapeHtml(readable)}'` : `"${escapeHtml(readable)}"`);
    return `${HELD_START}${held.length - 1}\uE001`;
  };
  const replaced = secretInputs(text, input).replace(
    SCRIPT_MEMBER,
    (_all, before: string, quoted: string) => before + quotedRedacted(quoted),
  );
  const clean = scrubbed(replaced, how.secrets);
  return held.length === 0 ? clean : clean.replace(HELD, (all, index: string) => held[Number(index)] ?? all);
}

/** The text with each value of each secret <input> replaced by what `input` makes of it; the rest as it was. */
function secretInputs(text: string, input: (name: string, quoted: string) => string): string {
  let out = '';
  let at = 0;
  for (const tag of inputTags(text)) {
    const name = SECRET_INPUT_NAME.exec(text.slice(tag.start, tag.end))?.[1];
    if (name === undefined) continue;
    for (const { name: attribute, value } of tag.attributes) {
      if (value === undefined || !VALUE_ATTRIBUTE.test(attribute)) continue;
      out += text.slice(at, value.start) + input(name, text.slice(value.start, value.end));
      at = value.end;
    }
  }
  return out + text.slice(at);
}

const quotedRedacted = (quoted: string): string =>
  quoted.startsWith('"') ? `"${REDACTED}"` : quoted.startsWith("'") ? `'${REDACTED}'` : REDACTED;
const unquoted = (quoted: string): string => (/^["']/.test(quoted) ? quoted.slice(1, -1) : quoted);
