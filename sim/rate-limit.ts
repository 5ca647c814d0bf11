// Okta-style rate-limit buckets, reported in X-Rate-Limit-* headers. Okta's counters "typically reset every
// 60 seconds, though they aren't necessarily synchronized with wall clock minutes (for example, a period may
// run from 12:00:20 to 12:01:19)" (okta-developer-docs docs/reference/rate-limits): a bucket's window opens
// with the first request after the last one closed and lasts a minute.

/** Window of every bucket, ms. */
const WINDOW_MS = 60_000;

interface BucketState {
  readonly limit: number;
  readonly remaining: number;
  /** Epoch seconds when the bucket's current window closes and its counter resets. */
  readonly reset: number;
}

export class RateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  /** Count one request against `bucket` and report the bucket after it. */
  hit(bucket: string, limit: number, now: number): BucketState {
    let window = this.#windows.get(bucket);
    if (window === undefined || now >= window.start + WINDOW_MS) {
      window = { start: now, count: 0 };
      this.#windows.set(bucket, window);
    }
    window.count += 1;
    return { limit, remaining: Math.max(0, limit - window.count), reset: Math.ceil((window.start + WINDOW_MS) / 1000) };
  }

  /** Every bucket full again, as after a quiet minute: a test's runs start from what one org sees alone. */
  reset(): void {
    this.#windows.clear();
  }
}

export function rateLimitHeaders(state: BucketState): Record<string, string> {
  return {
    'X-Rate-Limit-Limit': String(state.limit),
    'X-Rate-Limit-Remaining': String(state.remaining),
    'X-Rate-Limit-Reset': String(state.reset),
  };
}
