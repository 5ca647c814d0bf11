// Scrubs text before it reaches a log, a report or a diagnosis detail. Okta error descriptions and
// transport errors can echo what we sent; client secrets, private keys, assertions and tokens must never
// leave the process in readable form. A known secret is found in every escaping an answer may echo it in:
// raw, JSON-escaped (once or more), HTML-escaped (any character reference), percent- or form-encoded, base64, and
// these nested, by reading the text unescaped and scrubbing the original span each finding came from.
import { decodeHTML } from 'entities/decode';

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
 * user's sign-in: an authorization code and its PKCE verifier, the Authentication API's session and
 * state tokens, a TOTP passcode, Direct Authentication's mfa_token and otp, the Okta session cookie.
 */
const FORM_SECRET =
  /\b((?:client_secret|client_assertion|access_token|refresh_token|id_token|id_token_hint|token|password|code|code_verifier|sessionToken|stateToken|passCode|mfa_token|otp|sid)=)[^&\s"';]+/gi;
/** The same names as JSON members, e.g. an echoed token response or an Authentication API transaction. */
const JSON_SECRET =
  /("(?:client_secret|client_assertion|access_token|refresh_token|id_token|token|password|sessionToken|stateToken|passCode|mfa_token|otp)"\s*:\s*")[^"]*/gi;

/**
 * Each secret's URL-encoded and base64 forms, computed once per secret: a run redacts every failure's texts against
 * every server's secret, and encoding 90 PEMs anew for each text took most of a 90-server run's CPU (BENCHMARKS.md,
 * section h).
 */
const needlesBySecret = new Map<string, readonly string[]>();
const MAX_CACHED_SECRETS = 1000;

/**
 * The secret itself, then its other forms, longest first: one array a secret, not one for each string scrubbed (a
 * report's every string is scrubbed against every secret).
 */
function secretNeedles(secret: string): readonly string[] {
  const cached = needlesBySecret.get(secret);
  if (cached !== undefined) return cached;
  if (needlesBySecret.size >= MAX_CACHED_SECRETS) needlesBySecret.clear();
  // The URL-encoded forms as literals too: a stray '%' just before one makes the percent reading take its first byte.
  const url = [encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  // Folded as a title or a message is before it is scrubbed: each run of its white space one space.
  const folded = [secret.replace(/\s+/g, ' ')].filter((f) => f.length >= MIN_SECRET_PART);
  const forms = [
    ...new Set([
      ...url,
      ...url.map((u) => u.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())),
      ...base64Forms(secret),
      ...folded,
    ]),
  ]
    .filter((f) => f !== secret)
    .sort((a, b) => b.length - a.length);
  const needles = [secret, ...forms];
  needlesBySecret.set(secret, needles);
  return needles;
}

/**
 * The secret as it reads inside base64 (standard and url alphabets), of its raw, URL-encoded (a Basic credential
 * encodes client_id:secret) and JSON-escaped bytes (a JSON body in base64): for each of the three alignments the
 * secret may start at in a longer base64 text, the characters its bytes alone decide. A secret on its own is the
 * first alignment's whole encoding.
 */
function base64Forms(secret: string): string[] {
  const forms = new Set<string>();
  for (const bytes of new Set(
    [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)].map((form) => Buffer.from(form)),
  )) {
    for (let offset = 0; offset < 3; offset++) {
      const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
      // Characters wholly inside the secret's bits: from the first 6-bit group starting at bit 8*offset.
      const first = Math.ceil((8 * offset) / 6);
      const last = Math.floor((8 * (offset + bytes.length)) / 6);
      const inner = encoded.slice(first, last);
      // On its own (offset 0, nothing after it) the whole encoding, padding and all.
      for (const form of offset === 0 ? [encoded, inner] : [inner]) {
        if (form.replace(/=+$/, '').length < MIN_SECRET_PART) continue;
        forms.add(form);
        forms.add(form.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
      }
    }
  }
  // Longest first, so a form containing another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Shortest piece of a secret worth refusing on its own: a request id that is part of a secret reveals that part. */
export const MIN_SECRET_PART = 8;

/**
 * A decoded reading of a text: its characters, and for each the span of the original text it came from, so that a
 * secret found in the reading is scrubbed from the original whatever escaping it wore.
 */
interface Reading {
  readonly text: string;
  /** Each character's span; none for the text as given, whose every character is its own span. */
  readonly start?: Int32Array;
  readonly end?: Int32Array;
}

/**
 * The span of the original text that characters `first` to `last` of `reading` came from. The text as given carries no
 * arrays: every string of a report is read raw, and two arrays of its length for each was most of what scrubbing a
 * 1,000-app run's report allocated.
 */
function originOf(reading: Reading, first: number, last: number): [number, number] {
  return [reading.start?.[first] ?? first, reading.end?.[last] ?? last + 1];
}

/** One unescaping: its trigger (a text without it reads the same), and the decoded pieces with their spans. */
interface Decoder {
  readonly trigger: RegExp;
  readonly pieces: RegExp;
  decode(piece: string): string | undefined;
}

/**
 * JSON string escapes (RFC 8259 section 7), \u escapes of any character included (Go and .NET escape <, >, &, '), and
 * JavaScript's \xHH and \u{H...} (a page's script, a Node inspect() of a string).
 */
const JSON_DECODER: Decoder = {
  trigger: /\\/,
  pieces: /\\(?:u[0-9a-fA-F]{4}|u\{0*[0-9a-fA-F]{1,6}\}|x[0-9a-fA-F]{2}|["\\/bfnrt'])/g,
  decode: (piece) => {
    if (piece[1] === 'u' && piece[2] === '{') {
      const code = parseInt(piece.slice(3, -1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
    }
    if (piece[1] === 'u' || piece[1] === 'x') return String.fromCharCode(parseInt(piece.slice(2), 16));
    return ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[piece[1] ?? ''] ?? piece[1];
  },
};
/**
 * Line breaks read away: base64 wrapped at 76 (MIME) or 64 (PEM) columns, and folded lines (a header or a message
 * continued on the next line after a CRLF and white space, RFC 5322 section 2.2.3), so a secret split across lines is
 * found whole.
 */
const UNFOLD_DECODER: Decoder = {
  trigger: /[\r\n]/,
  pieces: /(?:\r\n|\r|\n)[ \t]*/g,
  decode: () => '',
};
/**
 * White space read away: a title or a message folded to one line before it was scrubbed (every run of white space,
 * line breaks included, made one space, as the SSO page's title and Okta's admin texts are), so a secret a line break
 * split is found whole (foldedReading). A secret holding white space itself is looked for folded too (secretNeedles).
 */
const WHITE_SPACE = /\s/;
const FOLDED_DECODER: Decoder = {
  trigger: /\s/,
  pieces: /\s+/g,
  decode: () => '',
};
/** HTML character references: every named one of HTML (entities' decoder, as parse5's), decimal and hexadecimal. */
const HTML_DECODER: Decoder = {
  trigger: /&/,
  // Leading zeros are allowed in any number (&#00000065; is 'A'): a bound on digits alone lets them hide a secret.
  pieces: /&(?:#[xX]0*[0-9a-fA-F]{1,6};?|#0*[0-9]{1,7};?|[A-Za-z][A-Za-z0-9]{1,31};?)/g,
  decode: (piece) => {
    const decoded = decodeHTML(piece);
    return decoded === piece ? undefined : decoded;
  },
};
/** Percent-encoding (RFC 3986), a run of %XX read as UTF-8; and the form encoding's '+' for a space. */
const percentDecoder = (plusIsSpace: boolean): Decoder => ({
  trigger: plusIsSpace ? /%[0-9a-fA-F]{2}|\+/ : /%[0-9a-fA-F]{2}/,
  pieces: plusIsSpace ? /(?:%[0-9a-fA-F]{2})+|\+/g : /(?:%[0-9a-fA-F]{2})+/g,
  decode: (piece) => (piece === '+' ? ' ' : Buffer.from(piece.replace(/%/g, ''), 'hex').toString('utf8')),
});
const DECODERS: readonly Decoder[] = [
  JSON_DECODER,
  HTML_DECODER,
  percentDecoder(false),
  percentDecoder(true),
  UNFOLD_DECODER,
];
/** How many escapings deep a secret is looked for: a JSON body quoted in JSON, in an HTML page, URL-encoded in JSON. */
const MAX_DEPTH = 3;

/** `reading` unescaped by `decoder`, each decoded character keeping the original span of its escape. */
function decoded(reading: Reading, decoder: Decoder): Reading | undefined {
  const { text } = reading;
  let out = '';
  const start: number[] = [];
  const end: number[] = [];
  let at = 0;
  const keep = (chars: string, from: number, to: number): void => {
    out += chars;
    const [first, last] = originOf(reading, from, to - 1);
    for (let k = 0; k < chars.length; k++) {
      start.push(first);
      end.push(last);
    }
  };
  let changed = false;
  for (const match of text.matchAll(decoder.pieces)) {
    const piece = match[0];
    const value = decoder.decode(piece);
    if (value === undefined || value === piece) continue;
    for (let i = at; i < match.index; i++) keep(text[i] ?? '', i, i + 1);
    // A multi-character piece maps each of its decoded characters to the whole piece (a UTF-8 run decodes to several).
    keep(value, match.index, match.index + piece.length);
    at = match.index + piece.length;
    changed = true;
  }
  if (!changed) return undefined;
  for (let i = at; i < text.length; i++) keep(text[i] ?? '', i, i + 1);
  return { text: out, start: Int32Array.from(start), end: Int32Array.from(end) };
}

/** The text, and every reading of it its escapes allow, up to MAX_DEPTH unescapings (each reading once). */
function readings(text: string): Reading[] {
  const all: Reading[] = [{ text }];
  const seen = new Set([text]);
  let frontier = all;
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
    const next: Reading[] = [];
    for (const reading of frontier) {
      for (const decoder of DECODERS) {
        if (!decoder.trigger.test(reading.text)) continue;
        const read = decoded(reading, decoder);
        if (read === undefined || seen.has(read.text)) continue;
        seen.add(read.text);
        next.push(read);
      }
    }
    all.push(...next);
    frontier = next;
  }
  return all;
}

/**
 * The text with its white space read away, or undefined when it has none. A fold is the last thing done to a text
 * before it is scrubbed (parse5 or JSON.parse decoded the title or message before it was folded), so this is a reading
 * of the text as given, not of its unescapings, and only the secret itself, its white space gone too, is looked for in
 * it: one reading and one search a secret, where each escape's reading searches every encoded form.
 */
function foldedReading(text: string): Reading | undefined {
  if (!FOLDED_DECODER.trigger.test(text)) return undefined;
  // decoded({ text }, FOLDED_DECODER) without its arrays of numbers: this reading is of every text with a
  // space.
  const start = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) if (!WHITE_SPACE.test(text[i] as string)) start[n++] = i;
  const kept = start.subarray(0, n);
  return { text: text.replace(FOLDED_DECODER.pieces, ''), start: kept, end: kept.map((i) => i + 1) };
}

/**
 * Where `text` holds the secret's beginning or its end, at least MIN_SECRET_PART characters of it: what survives of a
 * secret a title, a line or a field was cut or folded in (something cut before it was scrubbed, anywhere upstream).
 */
function partSpans(text: string, secret: string): [number, number][] {
  if (secret.length <= MIN_SECRET_PART) return [];
  const spans: [number, number][] = [];
  const head = secret.slice(0, MIN_SECRET_PART);
  for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) {
    let k = MIN_SECRET_PART;
    while (k < secret.length && text[at + k] === secret[k]) k++;
    spans.push([at, at + k]);
  }
  const tail = secret.slice(-MIN_SECRET_PART);
  for (let at = text.indexOf(tail); at >= 0; at = text.indexOf(tail, at + 1)) {
    let k = MIN_SECRET_PART;
    while (
      k < secret.length &&
      at - (k - MIN_SECRET_PART) - 1 >= 0 &&
      text[at - (k - MIN_SECRET_PART) - 1] === secret[secret.length - k - 1]
    )
      k++;
    spans.push([at + MIN_SECRET_PART - k, at + MIN_SECRET_PART]);
  }
  return spans;
}

/** The spans of `text` that hold one of `secrets`, raw or in any escaping readings() undoes, or base64. */
function secretSpans(text: string, secrets: readonly string[]): [number, number][] {
  const spans: [number, number][] = [];
  const wanted = secrets.filter((secret) => secret !== '');
  if (wanted.length === 0) return spans;
  for (const reading of readings(text)) {
    for (const secret of wanted) {
      for (const needle of secretNeedles(secret)) {
        for (let at = reading.text.indexOf(needle); at >= 0; at = reading.text.indexOf(needle, at + 1)) {
          spans.push(originOf(reading, at, at + needle.length - 1));
        }
      }
      for (const [from, to] of partSpans(reading.text, secret)) spans.push(originOf(reading, from, to - 1));
    }
  }
  const folded = foldedReading(text);
  if (folded === undefined) return spans;
  for (const secret of wanted) {
    const needle = secret.replace(/\s+/g, '');
    if (needle.length < MIN_SECRET_PART) continue;
    for (let at = folded.text.indexOf(needle); at >= 0; at = folded.text.indexOf(needle, at + 1))
      spans.push(originOf(folded, at, at + needle.length - 1));
    for (const [from, to] of partSpans(folded.text, needle)) spans.push(originOf(folded, from, to - 1));
  }
  return spans;
}

/**
 * Whether `text` holds one of `secrets` in any of its forms, or is itself a piece of one (at least
 * MIN_SECRET_PART characters): for values printed whole or not at all, such as a request id.
 */
export function revealsSecret(text: string, secrets: readonly string[]): boolean {
  if (secretSpans(text, secrets).length > 0) return true;
  return (
    text.length >= MIN_SECRET_PART &&
    secrets.some((secret) => secret !== '' && secretNeedles(secret).some((form) => form.includes(text)))
  );
}

/** `text` with every span replaced by [REDACTED], overlapping and touching spans as one. */
function scrubSpans(text: string, spans: [number, number][]): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (let i = 0; i < spans.length; ) {
    const [from] = spans[i] as [number, number];
    let to = (spans[i] as [number, number])[1];
    while (++i < spans.length && (spans[i] as [number, number])[0] <= to)
      to = Math.max(to, (spans[i] as [number, number])[1]);
    if (from < at) {
      at = Math.max(at, to);
      continue;
    }
    out += text.slice(at, from) + REDACTED;
    at = to;
  }
  return out + text.slice(at);
}

/** Replaces known secrets and anything credential-shaped with [REDACTED], and caps the length. */
export function redact(text: string, secrets: readonly string[] = []): string {
  const out = scrubText(text, secrets);
  return out.length > MAX_REDACTED_LENGTH ? `${out.slice(0, MAX_REDACTED_LENGTH - 1)}…` : out;
}

/** redact() without its length cap: for a whole report, whose own explanations may be longer than one detail. */
function scrubText(text: string, secrets: readonly string[]): string {
  return scrubSpans(text, secretSpans(text, secrets))
    .replace(PEM, REDACTED)
    .replace(JWT, REDACTED)
    .replace(AUTHORIZATION, `$1${REDACTED}`)
    .replace(FORM_SECRET, `$1${REDACTED}`)
    .replace(JSON_SECRET, `$1${REDACTED}`);
}

/**
 * Every string inside `value` (a report, a run line) scrubbed as redact() scrubs it, lengths kept: what an output
 * path runs its input through first, so nothing it cuts, wraps, folds or escapes afterwards still holds a secret.
 */
export function redactAll<T>(value: T, secrets: readonly string[] = []): T {
  if (typeof value === 'string') return scrubText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactAll(item, secrets)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactAll(item, secrets)])) as T;
  return value;
}
