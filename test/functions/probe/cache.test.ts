import { describe, expect, it } from 'vitest';
import { cacheSeconds, MAX_JWKS_CACHE_SECONDS } from '../../../functions/probe/cache';
import { createMemoryCache } from '../../../functions/cache/read-through';

describe('createMemoryCache', () => {
  it('returns a value until its expiry and nothing from then on', () => {
    const cache = createMemoryCache();
    cache.set('k', { a: 1 }, 1_000);
    expect(cache.get('k', 999)).toEqual({ a: 1 });
    expect(cache.get('k', 1_000)).toBeUndefined();
    expect(cache.get('k', 500)).toBeUndefined();
  });

  it('forgets a deleted key', () => {
    const cache = createMemoryCache();
    cache.set('k', 1, 10_000);
    cache.delete('k');
    expect(cache.get('k', 0)).toBeUndefined();
  });
});

describe('cacheSeconds', () => {
  it.each([
    [undefined, 300],
    ['max-age=600, must-revalidate', 600],
    ['public, max-age=86400', 3600],
    ['no-store', 0],
    ['no-cache, max-age=600', 0],
    ['private', 300],
  ])('%s → %i s', (header, seconds) => {
    expect(cacheSeconds(header)).toBe(seconds);
  });
});

describe('cacheSeconds for a JWKS', () => {
  it("honours Okta's max-age of weeks up to a day, so a broken /keys or a new key is seen within one", () => {
    expect(cacheSeconds('max-age=3832304, must-revalidate', MAX_JWKS_CACHE_SECONDS)).toBe(86_400);
    expect(cacheSeconds('max-age=7200', MAX_JWKS_CACHE_SECONDS)).toBe(7200);
    expect(cacheSeconds('max-age=7200')).toBe(3600);
  });
});
