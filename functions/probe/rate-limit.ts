// Okta's rate-limit headers, read defensively. Okta reports the bucket of the endpoint called in
// X-Rate-Limit-Limit / -Remaining / -Reset (UTC epoch seconds); duplicated X-Rate-Limit-Reset headers have
// been seen, and a concurrency 429 reports Limit 0 and Remaining 0.
import { parseHttpDate } from './clock';
import type { HttpResponse } from './http';

export interface RateLimit {
  readonly limit: number | null;
  readonly remaining: number | null;
  readonly resetEpochSeconds: number | null;
  /** From Retry-After (RFC 9110 §10.2.3), seconds from `now`; a date in the past gives 0. */
  readonly retryAfterSeconds: number | null;
}

type Headers = HttpResponse['headers'];

const NON_NEGATIVE_INTEGER = /^\d+$/;

/** Every value of a header: repeated headers (arrays) and comma-joined ones (RFC 9110 §5.3) alike. */
function values(headers: Headers, name: string): string[] {
  const raw = headers[name];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.flatMap((value) => String(value).split(',')).map((value) => value.trim());
}

/** The first value that is a non-negative integer; "abc", "-1" and "1.5" are skipped. */
function firstCount(headers: Headers, name: string): number | null {
  const found = values(headers, name).find((value) => NON_NEGATIVE_INTEGER.test(value));
  const count = found === undefined ? Number.NaN : Number(found);
  return Number.isSafeInteger(count) ? count : null;
}

/** Retry-After is delay-seconds or an HTTP-date; the date's own comma forbids splitting it like the others. */
function retryAfter(headers: Headers, now: number): number | null {
  const raw = headers['retry-after'];
  for (const value of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
    // An IMF-fixdate is 29 characters: the slice reads the first of two comma-joined dates.
    const date = parseHttpDate(String(value)) ?? parseHttpDate(String(value).trim().slice(0, 29));
    if (date !== null) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  return firstCount(headers, 'retry-after');
}

/** The rate-limit facts of an answer. Never throws; anything unreadable is null. */
export function parseRateLimit(headers: Headers, now: number): RateLimit {
  return {
    limit: firstCount(headers, 'x-rate-limit-limit'),
    remaining: firstCount(headers, 'x-rate-limit-remaining'),
    resetEpochSeconds: firstCount(headers, 'x-rate-limit-reset'),
    retryAfterSeconds: retryAfter(headers, now),
  };
}

/** When the bucket resets, for a detail: its X-Rate-Limit-Reset as ISO 8601, else "its reset". */
export function untilReset(rl: Pick<RateLimit, 'resetEpochSeconds'>): string {
  return rl.resetEpochSeconds === null ? 'its reset' : new Date(rl.resetEpochSeconds * 1000).toISOString();
}

/** "the <bucket> bucket had R of L left until T": a bucket a reader stopped asking, in every reader's words. */
export const bucketLeft = (bucket: string, rl: RateLimit): string =>
  `the ${bucket} bucket had ${rl.remaining} of ${rl.limit} left until ${untilReset(rl)}`;

/**
 * Remaining / Limit in percent, clamped to 0..100; null when either header is missing. Limit 0 (a
 * concurrency 429) is 0 % headroom, not a division by zero.
 */
export function headroomPercent(rl: Pick<RateLimit, 'limit' | 'remaining'>): number | null {
  if (rl.limit === null || rl.remaining === null) return null;
  if (rl.limit === 0) return 0;
  return Math.min(100, (rl.remaining / rl.limit) * 100);
}
