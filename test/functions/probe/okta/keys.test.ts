import { describe, expect, it } from 'vitest';
import type { ServerContext } from '../../../../functions/probe/context';
import { serverEndpoints } from '../../../../functions/probe/endpoints';
import { fetchKeys, judgeKeys, runKeys } from '../../../../functions/probe/okta/keys';
import { answer } from '../fixtures';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const rsa = (kid: string, extra: Record<string, string> = {}) => ({
  kty: 'RSA',
  kid,
  n: 'AQAB',
  e: 'AQAB',
  alg: 'RS256',
  use: 'sig',
  ...extra,
});

describe('judgeKeys', () => {
  it('passes a JWKS with signing keys and keeps only the usable ones', () => {
    const verdict = judgeKeys(answer(200, { keys: [rsa('a'), rsa('b'), rsa('x', { use: 'enc' })] }), false);
    expect(verdict.diagnosis).toBeNull();
    expect(verdict.observed).toEqual({ keys: 2, kids: 'a,b' });
    expect(verdict.jwks?.keys.map((k) => k.kid)).toEqual(['a', 'b']);
  });

  it('reports NO_SIGNING_KEYS for an empty set', () => {
    expect(judgeKeys(answer(200, { keys: [] }), false).diagnosis?.code).toBe('NO_SIGNING_KEYS');
  });

  it('reports NO_SIGNING_KEYS when only encryption keys or incomplete RSA keys are published', () => {
    const verdict = judgeKeys(answer(200, { keys: [rsa('x', { use: 'enc' }), { kty: 'RSA', kid: 'y' }] }), false);
    expect(verdict.diagnosis?.code).toBe('NO_SIGNING_KEYS');
  });

  it('passes duplicate kids but notes them', () => {
    const verdict = judgeKeys(answer(200, { keys: [rsa('a'), rsa('a')] }), false);
    expect(verdict.diagnosis).toBeNull();
    expect(verdict.observed?.duplicateKids).toBe('a');
  });

  it('reports MALFORMED_RESPONSE for a body without a keys array', () => {
    expect(judgeKeys(answer(200, '<html>oops</html>'), false).diagnosis?.code).toBe('MALFORMED_RESPONSE');
    expect(judgeKeys(answer(200, { keys: 'none' }), false).diagnosis?.code).toBe('MALFORMED_RESPONSE');
  });

  it('reports OKTA_SERVER_ERROR with the request id for a 503', () => {
    expect(judgeKeys(answer(503, '<html>down</html>'), false).diagnosis).toMatchObject({
      code: 'OKTA_SERVER_ERROR',
      requestId: 'req-123',
      httpStatus: 503,
    });
  });
});

describe('the JWKS kept between runs', () => {
  const T0 = Date.parse('2026-11-27T12:00:00Z');
  const keysCtx = (cacheControl: string | undefined) => {
    const clock = { now: T0 };
    let reads = 0;
    const ctx = {
      orgServer: false,
      endpoints: serverEndpoints('https://acme.okta.com', 'default'),
      cache: createMemoryCache(),
      now: () => clock.now,
      exchange: () => {
        reads += 1;
        const headers: Record<string, string> = cacheControl === undefined ? {} : { 'cache-control': cacheControl };
        return Promise.resolve({ ok: true as const, response: answer(200, { keys: [rsa(`k${reads}`)] }, headers) });
      },
    } as unknown as ServerContext;
    return { ctx, clock, reads: () => reads };
  };

  it("keeps the usable keys for the answer's max-age, told as cached, then reads again", async () => {
    const { ctx, clock, reads } = keysCtx('max-age=60');
    expect((await runKeys(ctx)).judgement.observed).toEqual({ keys: 1, kids: 'k1' });
    clock.now = T0 + 59_999;
    expect((await runKeys(ctx)).judgement.observed).toEqual({ keys: 1, kids: 'k1', cached: true });
    clock.now = T0 + 60_000;
    expect((await runKeys(ctx)).judgement.observed).toEqual({ keys: 1, kids: 'k2' });
    expect(reads()).toBe(2);
  });

  it('keeps a JWKS at most a day, though Okta sends weeks', async () => {
    const { ctx, clock } = keysCtx('max-age=3832304');
    await runKeys(ctx);
    clock.now = T0 + 86_400_000 - 1;
    expect((await runKeys(ctx)).judgement.observed?.cached).toBe(true);
    clock.now = T0 + 86_400_000;
    expect((await runKeys(ctx)).judgement.observed?.cached).toBeUndefined();
  });

  it('keeps nothing an answer forbids to keep', async () => {
    const { ctx, reads } = keysCtx('no-store');
    await runKeys(ctx);
    await runKeys(ctx);
    expect(reads()).toBe(2);
  });

  it('reads anew on fetchKeys (an unknown kid) though a fresh JWKS is kept, and keeps the new one', async () => {
    const { ctx, reads } = keysCtx('max-age=600');
    await runKeys(ctx);
    expect((await fetchKeys(ctx)).jwks?.keys[0]?.kid).toBe('k2');
    expect((await runKeys(ctx)).judgement.observed).toEqual({ keys: 1, kids: 'k2', cached: true });
    expect(reads()).toBe(2);
  });
});
