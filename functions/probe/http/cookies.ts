// Reading the cookies an answer sets: each Set-Cookie line's name and value, and whether it deletes the cookie; and the
// one jar that keeps them between requests, for every exchange of the probe that a browser would make (the IDX flow's,
// the SAML apps' SSO walk).
import { MIN_SECRET_PART } from '../../text/redact';
import { header } from './answer';
import type { HttpResponse } from './types';

/** One Set-Cookie line read: a cookie to keep, or the deletion of one (RFC 6265 §3.1: "expire a cookie"). */
export interface SetCookie {
  readonly name: string;
  readonly value: string;
  /** The server clears the cookie: the value is no session, never sent back nor kept as a secret. */
  readonly deletion: boolean;
}

/**
 * A value shorter than this is never a session worth scrubbing: scrubbing `""` or a short flag would mangle every
 * later text of the run. Cookie values kept as secrets must be at least this long: redact.ts's own floor.
 */
export const MIN_SCRUBBED_COOKIE = MIN_SECRET_PART;

/**
 * Every cookie the answer sets, in order, each marked when it is a deletion. Okta clears cookies rather than leaving
 * them unset: an Identity Engine org answers `Set-Cookie: sid=""; Expires=Thu, 01-Jan-1970 00:00:10 GMT; Path=/` beside
 * its real cookies (okta-developer-docs packages/@okta/vuepress-site/.vuepress/public/docs/api/postman/
 * client-secret-rotation-key-mgmnt.json, the captured answer of oietiger147.oktapreview.com).
 */
export function setCookies(res: Pick<HttpResponse, 'headers' | 'receivedAt'>): SetCookie[] {
  const now = answerTime(res);
  const cookies: SetCookie[] = [];
  for (const line of [res.headers['set-cookie'] ?? []].flat()) {
    const match = /^\s*([^=;\s]+)=([^;]*)(.*)$/s.exec(line);
    if (match?.[1] === undefined) continue;
    const value = (match[2] ?? '').trim();
    cookies.push({ name: match[1], value, deletion: isDeletion(value, match[3] ?? '', now) });
  }
  return cookies;
}

/**
 * A deletion: an empty value (or the quoted empty `""` Okta sends), a Max-Age of zero or less, or an Expires before
 * the answer's own time. Max-Age wins over Expires when both are there (RFC 6265 §5.3 step 3).
 */
function isDeletion(value: string, attributes: string, now: number): boolean {
  if (value === '' || value === '""') return true;
  const maxAge = /;\s*max-age\s*=\s*(-?\d+)/i.exec(attributes)?.[1];
  if (maxAge !== undefined) return Number(maxAge) <= 0;
  const expires = /;\s*expires\s*=\s*([^;]+)/i.exec(attributes)?.[1];
  const at = expires === undefined ? Number.NaN : Date.parse(expires.trim());
  return !Number.isNaN(at) && at <= now;
}

/** The answer's time as its server tells it (the Date header: Expires is written on that clock), else when it came. */
function answerTime(res: Pick<HttpResponse, 'headers' | 'receivedAt'>): number {
  const date = header(res, 'date');
  const at = date === undefined ? Number.NaN : Date.parse(date);
  return Number.isNaN(at) ? res.receivedAt : at;
}

/**
 * The cookies a browser would send back to the org: those it started with (a Cookie header) and those Okta sets on the
 * way, a deletion dropping one. `keep` gets each value set that is long enough to be a secret (MIN_SCRUBBED_COOKIE).
 */
export class CookieJar {
  readonly #cookies = new Map<string, string>();
  readonly #keep: (value: string) => void;

  constructor(keep: (value: string) => void = () => undefined, cookieHeader?: string) {
    this.#keep = keep;
    for (const pair of cookieHeader?.split(';') ?? []) {
      const at = pair.indexOf('=');
      if (at > 0) this.#cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  has(name: string): boolean {
    return this.#cookies.has(name);
  }

  /** Keeps what the answer sets, drops what it clears (`sid=""`, an Expires gone by: never a session). */
  take(res: Pick<HttpResponse, 'headers' | 'receivedAt'>): void {
    for (const cookie of setCookies(res)) {
      if (cookie.deletion) this.#cookies.delete(cookie.name);
      else {
        this.#cookies.set(cookie.name, cookie.value);
        // A short value (a flag, `""`) scrubbed would mangle every later text of the run.
        if (cookie.value.length >= MIN_SCRUBBED_COOKIE) this.#keep(cookie.value);
      }
    }
  }

  /** The Cookie header for the next request to the org, as headers to spread; none when the jar is empty. */
  request(): Record<string, string> {
    const header = this.header();
    return header === undefined ? {} : { cookie: header };
  }

  /** Every cookie as one header value; undefined when there is none. */
  header(): string | undefined {
    if (this.#cookies.size === 0) return undefined;
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** The values worth scrubbing from every text of the run. */
  values(): string[] {
    return [...this.#cookies.values()].filter((v) => v.length >= MIN_SCRUBBED_COOKIE);
  }
}
