import { describe, expect, it } from 'vitest';
import { bearerChallenge } from '../../../../functions/probe/servers/bearer-challenge';

describe('bearerChallenge', () => {
  it("reads RFC 6750's examples: error, description and the scope an API wants", () => {
    expect(
      bearerChallenge('Bearer realm="example", error="invalid_token", error_description="The access token expired"'),
    ).toEqual({ error: 'invalid_token', errorDescription: 'The access token expired' });
    expect(bearerChallenge('Bearer realm="x", error="insufficient_scope", scope="orders.read orders.write"')).toEqual({
      error: 'insufficient_scope',
      scope: 'orders.read orders.write',
    });
  });

  it('finds the Bearer challenge among others, in one header or several, and stops at the next scheme', () => {
    const header = 'Basic realm="api", Bearer error=invalid_token, error_description="bad aud", DPoP error="other"';
    expect(bearerChallenge(header)).toEqual({ error: 'invalid_token', errorDescription: 'bad aud' });
    expect(bearerChallenge(['Basic realm="api"', 'Bearer error="invalid_token"'])).toEqual({ error: 'invalid_token' });
  });

  it('a challenge without an error (a request that carried no token) is a challenge with nothing in it', () => {
    expect(bearerChallenge('Bearer realm="orders"')).toEqual({});
  });

  it('is undefined without a header or without a Bearer challenge', () => {
    expect(bearerChallenge(undefined)).toBeUndefined();
    expect(bearerChallenge('Basic realm="api"')).toBeUndefined();
    expect(bearerChallenge('')).toBeUndefined();
  });

  it('unescapes quoted values and strips control characters an API could use to forge report lines', () => {
    const got = bearerChallenge('Bearer error="invalid_token", error_description="say \\"no\\"\r\nFAKE: line"');
    expect(got?.errorDescription).toBe('say "no"  FAKE: line');
  });

  it('bounds what it reads and shows: a huge header costs nothing and a long value is cut', () => {
    const long = 'x'.repeat(10_000);
    const got = bearerChallenge(`Bearer error="invalid_token", error_description="${long}"`);
    expect(got?.error).toBe('invalid_token');
    // The header is read to 4096 characters: the unterminated quoted value is no parameter at all.
    expect(got?.errorDescription).toBeUndefined();
    const cut = bearerChallenge(`Bearer error="invalid_token", error_description="${'y'.repeat(1000)}"`);
    expect(cut?.errorDescription?.length).toBe(301);
    expect(bearerChallenge(`Bearer ${'a=b, '.repeat(5000)}`)).toEqual({});
  });

  it('keeps the first value of a parameter an API repeats', () => {
    expect(bearerChallenge('Bearer error="invalid_token", error="insufficient_scope"')).toEqual({
      error: 'invalid_token',
    });
  });
});
