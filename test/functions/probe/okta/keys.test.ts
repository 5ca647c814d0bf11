import { describe, expect, it } from 'vitest';
import { judgeKeys } from '../../../../functions/probe/okta/keys';
import { answer } from '../fixtures';

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
