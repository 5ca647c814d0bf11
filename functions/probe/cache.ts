// How long the probe keeps what it reads between warm Lambda invocations: discovery documents and JWKS, each until
// its own expiry (read through functions/cache/read-through.ts's readThrough). State that is no read, a token
// request's back-off among it, is a kind of warm-state.ts.

/** Longest a fetched discovery document is trusted without refetching, seconds. */
const MAX_CACHE_SECONDS = 3600;
/**
 * Longest a JWKS is trusted, seconds. Okta sends max-age of weeks (its spec's example: 3832304 s, 44 days) and
 * publishes a new key weeks before it signs; an unknown kid still triggers one refetch. Honouring weeks would
 * hide a broken /keys and a newly published key for as long, so a day is the bound.
 */
export const MAX_JWKS_CACHE_SECONDS = 86_400;
/** Used when an answer carries no Cache-Control max-age, seconds. */
const DEFAULT_CACHE_SECONDS = 300;

/**
 * How long an answer may be cached, seconds, from its Cache-Control header (RFC 9111 §5.2.2):
 * max-age capped at MAX_CACHE_SECONDS, DEFAULT_CACHE_SECONDS without one, 0 for no-store / no-cache.
 */
export function cacheSeconds(cacheControl: string | undefined, maxSeconds: number = MAX_CACHE_SECONDS): number {
  if (cacheControl === undefined) return DEFAULT_CACHE_SECONDS;
  if (/(?:^|[\s,])no-(?:store|cache)\b/i.test(cacheControl)) return 0;
  const maxAge = /(?:^|[\s,])max-age\s*=\s*"?(\d+)/i.exec(cacheControl)?.[1];
  if (maxAge === undefined) return DEFAULT_CACHE_SECONDS;
  return Math.min(Number(maxAge), maxSeconds);
}
