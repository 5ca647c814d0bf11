import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeAccessToken, type AccessTokenExpectation } from '../../../../functions/probe/okta/jwt';

const ISSUER = 'https://acme.okta.com/oauth2/default';
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const NOW_S = NOW / 1000;

const expected: AccessTokenExpectation = {
  issuer: ISSUER,
  audience: 'api://default',
  scopes: ['orders.read', 'orders.write'],
  requiredClaims: ['cid', 'sub'],
  clockToleranceSeconds: 120,
  now: NOW,
};

/** The claims Okta puts in a client-credentials access token of a custom AS. */
const claims = (): JWTPayload => ({
  ver: 1,
  jti: 'AT.abc',
  iss: ISSUER,
  aud: 'api://default',
  iat: NOW_S - 10,
  exp: NOW_S + 3590,
  cid: '0oa1',
  sub: '0oa1',
  scp: ['orders.read', 'orders.write'],
});

let signingKey: CryptoKey;
let jwks: JSONWebKeySet;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
});

const sign = (payload: JWTPayload, kid = 'k1', key: CryptoKey = signingKey): Promise<string> =>
  new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(key);

describe('judgeAccessToken', () => {
  it('passes a token Okta would issue, and observes kid and scopes', async () => {
    const verdict = await judgeAccessToken(expected, await sign(claims()), jwks);
    expect(verdict.diagnosis).toBeNull();
    expect(verdict.observed).toMatchObject({ kid: 'k1', scp: 'orders.read orders.write' });
  });

  it('reports TOKEN_EXPIRED for exp in the past beyond the tolerance', async () => {
    const verdict = await judgeAccessToken(
      expected,
      await sign({ ...claims(), iat: NOW_S - 7200, exp: NOW_S - 3600 }),
      jwks,
    );
    expect(verdict.diagnosis?.code).toBe('TOKEN_EXPIRED');
    expect(verdict.diagnosis?.detail).toContain(new Date((NOW_S - 3600) * 1000).toISOString());
  });

  it('reports AUDIENCE_MISMATCH saying what aud was and what was expected', async () => {
    const verdict = await judgeAccessToken(expected, await sign({ ...claims(), aud: 'api://other' }), jwks);
    expect(verdict.diagnosis?.code).toBe('AUDIENCE_MISMATCH');
    expect(verdict.diagnosis?.detail).toBe('aud was api://other, expected api://default');
  });

  it('reports ISSUER_MISMATCH when iss is another server', async () => {
    const verdict = await judgeAccessToken(
      expected,
      await sign({ ...claims(), iss: 'https://acme.okta.com/oauth2/aus9' }),
      jwks,
    );
    expect(verdict.diagnosis?.code).toBe('ISSUER_MISMATCH');
    expect(verdict.diagnosis?.detail).toBe(`iss was https://acme.okta.com/oauth2/aus9, expected ${ISSUER}`);
  });

  it('reports MISSING_CLAIMS listing every required claim that is absent', async () => {
    const { cid: _cid, sub: _sub, ...rest } = claims();
    const verdict = await judgeAccessToken(expected, await sign(rest), jwks);
    expect(verdict.diagnosis?.code).toBe('MISSING_CLAIMS');
    expect(verdict.diagnosis?.detail).toBe('missing claim(s): cid, sub');
  });

  it('reports MISSING_SCOPE naming the scopes scp lacks', async () => {
    const verdict = await judgeAccessToken(expected, await sign({ ...claims(), scp: ['orders.read'] }), jwks);
    expect(verdict.diagnosis?.code).toBe('MISSING_SCOPE');
    expect(verdict.diagnosis?.detail).toBe('scp lacks orders.write (has orders.read)');
  });

  it('accepts scopes as a space-delimited string', async () => {
    const verdict = await judgeAccessToken(
      expected,
      await sign({ ...claims(), scp: 'orders.write orders.read' }),
      jwks,
    );
    expect(verdict.diagnosis).toBeNull();
  });

  it('reports CLOCK_SKEW for an iat in the future beyond the tolerance', async () => {
    const verdict = await judgeAccessToken(expected, await sign({ ...claims(), iat: NOW_S + 600 }), jwks);
    expect(verdict.diagnosis?.code).toBe('CLOCK_SKEW');
    expect(verdict.diagnosis?.detail).toContain('600 s ahead');
  });

  it('tolerates an iat within the clock tolerance', async () => {
    const verdict = await judgeAccessToken(expected, await sign({ ...claims(), iat: NOW_S + 60 }), jwks);
    expect(verdict.diagnosis).toBeNull();
  });

  it('reports UNKNOWN_SIGNING_KEY for a kid the JWKS lacks', async () => {
    const verdict = await judgeAccessToken(expected, await sign(claims(), 'rotated'), jwks);
    expect(verdict.diagnosis?.code).toBe('UNKNOWN_SIGNING_KEY');
    expect(verdict.diagnosis?.detail).toContain('kid rotated');
  });

  it('reports SIGNATURE_INVALID when the published key does not verify the signature', async () => {
    const other = await generateKeyPair('RS256');
    const verdict = await judgeAccessToken(expected, await sign(claims(), 'k1', other.privateKey), jwks);
    expect(verdict.diagnosis?.code).toBe('SIGNATURE_INVALID');
  });

  it('refuses alg none as SIGNATURE_INVALID', async () => {
    const token = new UnsecuredJWT(claims()).encode();
    const verdict = await judgeAccessToken(expected, token, jwks);
    expect(verdict.diagnosis?.code).toBe('SIGNATURE_INVALID');
    expect(verdict.diagnosis?.detail).toBe('alg was none, expected RS256');
  });

  it('refuses HS256 as SIGNATURE_INVALID (no algorithm confusion)', async () => {
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .sign(new TextEncoder().encode('x'.repeat(32)));
    const verdict = await judgeAccessToken(expected, token, jwks);
    expect(verdict.diagnosis?.code).toBe('SIGNATURE_INVALID');
  });

  it('reports MALFORMED_RESPONSE for something that is not a JWT, without quoting it', async () => {
    const verdict = await judgeAccessToken(expected, 'opaque-token-value', jwks);
    expect(verdict.diagnosis?.code).toBe('MALFORMED_RESPONSE');
    expect(JSON.stringify(verdict)).not.toContain('opaque-token-value');
  });

  it('verifies with the right key when two published keys share the kid', async () => {
    const other = await generateKeyPair('RS256');
    const twoKeys = { keys: [{ ...(await exportJWK(other.publicKey)), kid: 'k1', alg: 'RS256' }, ...jwks.keys] };
    const verdict = await judgeAccessToken(expected, await sign(claims()), twoKeys);
    expect(verdict.diagnosis).toBeNull();
  });
});
