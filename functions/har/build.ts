// A failed check's exchanges as an HTTP Archive (HAR 1.2, the format browsers export and Okta Support asks for),
// already sanitized (sanitize.ts), with Okta's X-Okta-Request-Id in each answer's headers. Built only for a check that
// failed: a healthy run builds nothing. The last step proves it: each serialized entry is searched for each of the
// run's secrets in every encoding, and one whose text still reveals one has its bodies withheld, never sent.
import pkg from '../../package.json' with { type: 'json' };
import type { CheckName } from '../contract';
import { checkRow } from '../plan/check-table';
import { revealsSecret, REDACTED } from '../text/redact';
import type { CheckResult, RecordedExchange, Timings } from '../types';
import type { HarCapture } from './capture';
import { harKey } from './cookie-hash';
import {
  cookieValue,
  sanitizeForm,
  sanitizeHeader,
  sanitizeJson,
  sanitizeText,
  sanitizeUrl,
  scrubbed,
  type Sanitizing,
} from './sanitize';

interface HarHeader {
  readonly name: string;
  readonly value: string;
}
interface HarCookie {
  readonly name: string;
  readonly value: string;
}
interface HarEntry {
  readonly startedDateTime: string;
  readonly time: number;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly httpVersion: string;
    readonly cookies: readonly HarCookie[];
    readonly headers: readonly HarHeader[];
    readonly queryString: readonly HarHeader[];
    readonly postData?: { readonly mimeType: string; readonly text: string; readonly params?: readonly HarHeader[] };
    readonly headersSize: -1;
    readonly bodySize: number;
  };
  readonly response: {
    readonly status: number;
    readonly statusText: string;
    readonly httpVersion: string;
    readonly cookies: readonly HarCookie[];
    readonly headers: readonly HarHeader[];
    readonly content: {
      readonly size: number;
      readonly mimeType: string;
      readonly text?: string;
      readonly comment?: string;
    };
    readonly redirectURL: string;
    readonly headersSize: -1;
    readonly bodySize: number;
    readonly _error?: string;
  };
  readonly cache: Record<string, never>;
  readonly timings: {
    readonly connect: number;
    readonly ssl: number;
    readonly send: number;
    readonly wait: number;
    readonly receive: number;
  };
  readonly comment?: string;
}

export interface Har {
  readonly log: {
    readonly version: '1.2';
    readonly creator: { readonly name: string; readonly version: string };
    readonly entries: readonly HarEntry[];
    readonly comment: string;
  };
}

/** What a trace says of itself: how it was cleaned, so whoever receives it knows what is missing and why. */
const SANITIZED =
  "Sanitized as Okta's case-upload sanitizer does (Sanitizing HTTP Traces): names are kept; a JWT's header and " +
  'claims and a SAML message decoded, their signatures removed; each cookie value (and X-Device-Token) the first ' +
  'characters of an HMAC under a key made for this file alone and not kept, so equal values look equal; passwords, ' +
  'one-time codes, client secrets, refresh tokens, authorization and interaction codes, opaque tokens, ' +
  `stateHandle, stateToken and sessionToken values and a passkey's answer replaced by ${REDACTED}.`;

/** The HAR of one failed check: its own exchanges and those of the checks it needs, in the order they were sent. */
export function harOf(result: CheckResult, capture: HarCapture, secrets: readonly string[]): Har | undefined {
  if (result.status !== 'fail') return undefined;
  const { exchanges, dropped } = capture.exchangesOf(result.server, withNeeds(result.check));
  if (exchanges.length === 0) return undefined;
  const more = dropped > 0 ? ` ${dropped} more exchanges of this check were not kept.` : '';
  const how: Sanitizing = { secrets, key: harKey() };
  return {
    log: {
      version: '1.2',
      creator: { name: 'okta-synthetics', version: pkg.version },
      entries: exchanges.map((exchange) => checkedEntry(exchange, how)),
      comment: `${result.server}/${result.check} ${result.diagnosis.code}. ${SANITIZED}${more}`,
    },
  };
}

/** A check and every check it needs, through any hop: their exchanges are what it judged. */
function withNeeds(check: CheckName): CheckName[] {
  const seen = new Set<CheckName>();
  const pending = [check];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...checkRow(next).needs);
  }
  return [...seen];
}

/**
 * The entry, proven clean. One whose text still reveals a secret keeps only its method, origin, status and timings:
 * headers (their names too), cookies, query and bodies are withheld.
 */
function checkedEntry(exchange: RecordedExchange, how: Sanitizing): HarEntry {
  const entry = entryOf(exchange, how);
  if (!revealsSecret(JSON.stringify(entry), how.secrets)) return entry;
  const withheld = `${REDACTED}: withheld, it still held a secret after sanitizing`;
  const origin = URL.canParse(entry.request.url) ? new URL(entry.request.url).origin : 'http://withheld.invalid';
  const { postData: _withheld, ...request } = entry.request;
  return {
    ...entry,
    request: { ...request, url: `${origin}/`, cookies: [], headers: [], queryString: [], bodySize: -1 },
    response: {
      ...entry.response,
      cookies: [],
      headers: [],
      content: { size: entry.response.content.size, mimeType: '', text: withheld },
      redirectURL: '',
    },
    comment: withheld,
  };
}

function entryOf(exchange: RecordedExchange, how: Sanitizing): HarEntry {
  const { request, outcome } = exchange;
  const timings = outcome.ok ? outcome.response.timings : outcome.failure.timings;
  return {
    startedDateTime: new Date(exchange.startedAt).toISOString(),
    time: Math.round(timings.total),
    request: requestOf(request, how),
    response: outcome.ok ? responseOf(outcome.response, how) : failedResponse(outcome.failure, how.secrets),
    cache: {},
    timings: harTimings(timings),
  };
}

function requestOf(request: RecordedExchange['request'], how: Sanitizing): HarEntry['request'] {
  const url = sanitizeUrl(request.url, how);
  const sent: Record<string, string> = { accept: 'application/json', 'user-agent': `okta-synthetics/${pkg.version}` };
  for (const [name, value] of Object.entries(request.headers ?? {})) sent[name.toLowerCase()] = value;
  const postData = postDataOf(request, how);
  if (postData !== undefined) sent['content-type'] ??= postData.mimeType;
  const cookies = requestCookies(sent.cookie, how);
  return {
    method: request.method,
    url,
    httpVersion: 'HTTP/1.1',
    cookies,
    headers: Object.entries(sent).map(([name, value]) => headerOf(name, value, cookies, how)),
    queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
    ...(postData !== undefined && { postData }),
    headersSize: -1,
    bodySize: postData === undefined ? 0 : Buffer.byteLength(postData.text),
  };
}

function postDataOf(request: RecordedExchange['request'], how: Sanitizing): HarEntry['request']['postData'] {
  if (request.form !== undefined) {
    const params = sanitizeForm(Object.entries(request.form), how).map(([name, value]) => ({ name, value }));
    const text = new URLSearchParams(params.map((p) => [p.name, p.value])).toString();
    return { mimeType: 'application/x-www-form-urlencoded', text, params };
  }
  if (request.json === undefined) return undefined;
  const clean = sanitizeJson(request.json, how);
  return { mimeType: 'application/json', text: clean === undefined ? `${REDACTED}: too large` : JSON.stringify(clean) };
}

type Response = Extract<RecordedExchange['outcome'], { ok: true }>['response'];

function responseOf(response: Response, how: Sanitizing): HarEntry['response'] {
  const headers = Object.entries(response.headers).flatMap(([name, value]) =>
    value === undefined ? [] : [value].flat().map((v) => ({ name, value: v })),
  );
  const cookies = headers.filter((h) => h.name === 'set-cookie').map((h) => setCookieOf(h.value, how));
  const mimeType = [response.headers['content-type'] ?? ''].flat()[0] ?? '';
  const location = [response.headers.location ?? ''].flat()[0] ?? '';
  return {
    status: response.status,
    statusText: '',
    httpVersion: 'HTTP/1.1',
    cookies,
    headers: headers.map((h) => responseHeader(h, how)),
    content: {
      size: Buffer.byteLength(response.body),
      mimeType,
      text: bodyText(response.body, mimeType, how),
      ...(response.bodyTruncated && { comment: 'cut short: the probe reads a bounded part of each answer' }),
    },
    redirectURL: location === '' ? '' : sanitizeUrl(location, how),
    headersSize: -1,
    bodySize: Buffer.byteLength(response.body),
  };
}

function failedResponse(failure: { kind: string; message: string }, secrets: readonly string[]): HarEntry['response'] {
  return {
    status: 0,
    statusText: '',
    httpVersion: '',
    cookies: [],
    headers: [],
    content: { size: 0, mimeType: '' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
    _error: scrubbed(`${failure.kind}: ${failure.message}`, secrets),
  };
}

/** A body as its type says: JSON walked by name, a form by parameter, anything else by its inputs and members. */
function bodyText(body: string, mimeType: string, how: Sanitizing): string {
  if (/json/i.test(mimeType)) {
    try {
      const clean = sanitizeJson(JSON.parse(body) as unknown, how);
      return clean === undefined ? `${REDACTED}: too large to sanitize` : JSON.stringify(clean);
    } catch {
      // Not JSON after all (a truncated answer): read as text.
    }
  }
  if (/x-www-form-urlencoded/i.test(mimeType)) {
    return new URLSearchParams(sanitizeForm([...new URLSearchParams(body)], how)).toString();
  }
  return sanitizeText(body, how);
}

function headerOf(name: string, value: string, cookies: readonly HarCookie[], how: Sanitizing): HarHeader {
  if (name === 'cookie') return { name, value: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
  return { name, value: sanitizeHeader(name, value, how) };
}

function responseHeader(header: HarHeader, how: Sanitizing): HarHeader {
  if (header.name === 'set-cookie') {
    const cookie = setCookieOf(header.value, how);
    const attributes = scrubbed(header.value.split(';').slice(1).join(';'), how.secrets);
    return { name: header.name, value: `${cookie.name}=${cookie.value}${attributes === '' ? '' : `;${attributes}`}` };
  }
  return headerOf(header.name, header.value, [], how);
}

/**
 * Every cookie's value is a session's or a device's: the names stay, each value its keyed hash's first characters
 * (cookie-hash.ts), so the same session sent twice reads the same and none can be presented.
 */
function requestCookies(header: string | undefined, how: Sanitizing): HarCookie[] {
  if (header === undefined) return [];
  return header
    .split(';')
    .map((pair) => cookieOf(pair, how))
    .filter((cookie) => cookie.name !== '');
}

function setCookieOf(line: string, how: Sanitizing): HarCookie {
  return cookieOf(line.split(';')[0] ?? '', how);
}

/** `name=value` with its value hashed; a name is kept, as every name is (the last check withholds one that reveals). */
function cookieOf(pair: string, how: Sanitizing): HarCookie {
  const at = pair.indexOf('=');
  const name = (at < 0 ? pair : pair.slice(0, at)).trim();
  return { name, value: cookieValue(at < 0 ? '' : pair.slice(at + 1).trim(), how) };
}

/** HAR's phases from the probe's: connect includes TLS (HAR 1.2: "ssl ... is also included in connect"). */
function harTimings(timings: Timings): HarEntry['timings'] {
  const connect = timings.connect === undefined ? -1 : Math.round(timings.connect + (timings.tls ?? 0));
  const ssl = timings.tls === undefined ? -1 : Math.round(timings.tls);
  const before = Math.max(0, connect);
  const wait = timings.ttfb === undefined ? Math.round(timings.total - before) : Math.round(timings.ttfb - before);
  const receive = timings.ttfb === undefined ? 0 : Math.round(timings.total - timings.ttfb);
  return { connect, ssl, send: 0, wait: Math.max(0, wait), receive: Math.max(0, receive) };
}
