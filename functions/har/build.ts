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
import { isSecretHeader, sanitizeJson, sanitizeText, sanitizeUrl, sanitizeValue, scrubbed } from './sanitize';

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
  "Sanitized as Okta's knowledge base asks (Sanitizing HTTP Traces): passwords, one-time codes, client secrets and " +
  'assertions, access, ID and refresh tokens, SAML messages, session cookies, stateHandle and stateToken values are ' +
  `replaced by ${REDACTED}; names are kept.`;

/** The HAR of one failed check: its own exchanges and those of the checks it needs, in the order they were sent. */
export function harOf(result: CheckResult, capture: HarCapture, secrets: readonly string[]): Har | undefined {
  if (result.status !== 'fail') return undefined;
  const { exchanges, dropped } = capture.exchangesOf(result.server, withNeeds(result.check));
  if (exchanges.length === 0) return undefined;
  const more = dropped > 0 ? ` ${dropped} more exchanges of this check were not kept.` : '';
  return {
    log: {
      version: '1.2',
      creator: { name: 'okta-synthetics', version: pkg.version },
      entries: exchanges.map((exchange) => checkedEntry(exchange, secrets)),
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
function checkedEntry(exchange: RecordedExchange, secrets: readonly string[]): HarEntry {
  const entry = entryOf(exchange, secrets);
  if (!revealsSecret(JSON.stringify(entry), secrets)) return entry;
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

function entryOf(exchange: RecordedExchange, secrets: readonly string[]): HarEntry {
  const { request, outcome } = exchange;
  const timings = outcome.ok ? outcome.response.timings : outcome.failure.timings;
  return {
    startedDateTime: new Date(exchange.startedAt).toISOString(),
    time: Math.round(timings.total),
    request: requestOf(request, secrets),
    response: outcome.ok ? responseOf(outcome.response, secrets) : failedResponse(outcome.failure, secrets),
    cache: {},
    timings: harTimings(timings),
  };
}

function requestOf(request: RecordedExchange['request'], secrets: readonly string[]): HarEntry['request'] {
  const url = sanitizeUrl(request.url, secrets);
  const sent: Record<string, string> = { accept: 'application/json', 'user-agent': `okta-synthetics/${pkg.version}` };
  for (const [name, value] of Object.entries(request.headers ?? {})) sent[name.toLowerCase()] = value;
  const postData = postDataOf(request, secrets);
  if (postData !== undefined) sent['content-type'] ??= postData.mimeType;
  const cookies = requestCookies(sent.cookie);
  return {
    method: request.method,
    url,
    httpVersion: 'HTTP/1.1',
    cookies,
    headers: Object.entries(sent).map(([name, value]) => headerOf(name, value, cookies, secrets)),
    queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
    ...(postData !== undefined && { postData }),
    headersSize: -1,
    bodySize: postData === undefined ? 0 : Buffer.byteLength(postData.text),
  };
}

function postDataOf(request: RecordedExchange['request'], secrets: readonly string[]): HarEntry['request']['postData'] {
  if (request.form !== undefined) {
    const params = Object.entries(request.form).map(([name, value]) => ({
      name,
      value: sanitizeValue(name, value, secrets),
    }));
    const text = new URLSearchParams(params.map((p) => [p.name, p.value])).toString();
    return { mimeType: 'application/x-www-form-urlencoded', text, params };
  }
  if (request.json === undefined) return undefined;
  const clean = sanitizeJson(request.json, secrets);
  return { mimeType: 'application/json', text: clean === undefined ? `${REDACTED}: too large` : JSON.stringify(clean) };
}

type Response = Extract<RecordedExchange['outcome'], { ok: true }>['response'];

function responseOf(response: Response, secrets: readonly string[]): HarEntry['response'] {
  const headers = Object.entries(response.headers).flatMap(([name, value]) =>
    value === undefined ? [] : [value].flat().map((v) => ({ name, value: v })),
  );
  const cookies = headers.filter((h) => h.name === 'set-cookie').map((h) => setCookieOf(h.value));
  const mimeType = [response.headers['content-type'] ?? ''].flat()[0] ?? '';
  const location = [response.headers.location ?? ''].flat()[0] ?? '';
  return {
    status: response.status,
    statusText: '',
    httpVersion: 'HTTP/1.1',
    cookies,
    headers: headers.map((h) => responseHeader(h, secrets)),
    content: {
      size: Buffer.byteLength(response.body),
      mimeType,
      text: bodyText(response.body, mimeType, secrets),
      ...(response.bodyTruncated && { comment: 'cut short: the probe reads a bounded part of each answer' }),
    },
    redirectURL: location === '' ? '' : sanitizeUrl(location, secrets),
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
function bodyText(body: string, mimeType: string, secrets: readonly string[]): string {
  if (/json/i.test(mimeType)) {
    try {
      const clean = sanitizeJson(JSON.parse(body) as unknown, secrets);
      return clean === undefined ? `${REDACTED}: too large to sanitize` : JSON.stringify(clean);
    } catch {
      // Not JSON after all (a truncated answer): read as text.
    }
  }
  if (/x-www-form-urlencoded/i.test(mimeType)) {
    const params = [...new URLSearchParams(body)].map(([name, value]) => [name, sanitizeValue(name, value, secrets)]);
    return new URLSearchParams(params).toString();
  }
  return sanitizeText(body, secrets);
}

function headerOf(name: string, value: string, cookies: readonly HarCookie[], secrets: readonly string[]): HarHeader {
  if (name === 'cookie') return { name, value: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
  if (isSecretHeader(name)) return { name, value: REDACTED };
  return {
    name,
    value: name === 'location' || name === 'referer' ? sanitizeUrl(value, secrets) : scrubbed(value, secrets),
  };
}

function responseHeader(header: HarHeader, secrets: readonly string[]): HarHeader {
  if (header.name === 'set-cookie') {
    const cookie = setCookieOf(header.value);
    const attributes = header.value.split(';').slice(1).join(';');
    return { name: header.name, value: `${cookie.name}=${cookie.value}${attributes === '' ? '' : `;${attributes}`}` };
  }
  return headerOf(header.name, header.value, [], secrets);
}

/** Every cookie's value is a session's or a device's: the names stay, the values never. */
function requestCookies(header: string | undefined): HarCookie[] {
  if (header === undefined) return [];
  return header
    .split(';')
    .map((pair) => pair.split('=')[0]?.trim() ?? '')
    .filter((name) => name !== '')
    .map((name) => ({ name, value: REDACTED }));
}

function setCookieOf(line: string): HarCookie {
  return { name: (line.split(';')[0] ?? '').split('=')[0]?.trim() ?? '', value: REDACTED };
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
