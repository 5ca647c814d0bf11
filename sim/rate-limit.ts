// Okta-style rate-limit buckets: a rolling window per bucket, reported in X-Rate-Limit-* headers.

/** Window of every bucket, ms (Okta's windows are about a minute, not aligned to the clock minute). */
const WINDOW_MS = 60_000;

export interface BucketState {
  readonly limit: number;
  readonly remaining: number;
  /** Epoch seconds when the oldest counted request leaves the window. */
  readonly reset: number;
}

export class RateLimiter {
  readonly #hits = new Map<string, number[]>();

  /** Count one request against `bucket` and report the bucket after it. */
  hit(bucket: string, limit: number, now: number): BucketState {
    const recent = (this.#hits.get(bucket) ?? []).filter((at) => at > now - WINDOW_MS);
    recent.push(now);
    this.#hits.set(bucket, recent);
    const oldest = recent[0] ?? now;
    return { limit, remaining: Math.max(0, limit - recent.length), reset: Math.ceil((oldest + WINDOW_MS) / 1000) };
  }
}

export function rateLimitHeaders(state: BucketState): Record<string, string> {
  return {
    'X-Rate-Limit-Limit': String(state.limit),
    'X-Rate-Limit-Remaining': String(state.remaining),
    'X-Rate-Limit-Reset': String(state.reset),
  };
}
