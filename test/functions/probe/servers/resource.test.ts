import { UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { judgeResource, runResource, shownClaims } from '../../../../functions/probe/servers/resource';
import type { HttpOutcome, HttpRequest } from '../../../../functions/probe/http';
import type { ServerContext } from '../../../../functions/probe/context';
import type { ResourceConfig, ServerConfig } from '../../../../functions/types';
import { answer } from '../fixtures';

const ORDERS: ResourceConfig = { url: 'https://api.acme.example/orders?key=hidden', method: 'GET' };
const token = new UnsecuredJWT({
  aud: 'api://default',
  scp: ['orders.read'],
  cid: '0oaClient',
  sub: '0oaClient',
  iss: 'https://acme.okta.com/oauth2/default',
}).encode();
const claims = shownClaims(token);
const ok = (status: number, headers: Record<string, string> = {}): HttpOutcome => ({
  ok: true,
  response: { ...answer(status, '', headers), requestId: null },
});
const refused = (status: number, challenge: string): HttpOutcome => ok(status, { 'WWW-Authenticate': challenge });

describe('judgeResource', () => {
  it('accepts any 2xx by default, and exactly expectStatus when one is set', () => {
    expect(judgeResource(ORDERS, ok(200), claims)).toBeNull();
    expect(judgeResource(ORDERS, ok(204), claims)).toBeNull();
    expect(judgeResource({ ...ORDERS, expectStatus: 204 }, ok(200), claims)?.code).toBe('RESOURCE_UNEXPECTED_STATUS');
    expect(judgeResource({ ...ORDERS, expectStatus: 404 }, ok(404), claims)).toBeNull();
  });

  it("names the claim at fault of a 401 invalid_token, with the token's aud, scp, cid and sub beside it", () => {
    const found = judgeResource(
      ORDERS,
      refused(401, 'Bearer error="invalid_token", error_description="The audience is not api://orders"'),
      claims,
    );
    expect(found?.code).toBe('RESOURCE_TOKEN_REJECTED');
    expect(found?.httpStatus).toBe(401);
    expect(found?.detail).toContain('the claim at fault is aud');
    expect(found?.detail).toContain('aud "api://default", scp "orders.read", cid "0oaClient", sub "0oaClient"');
    // The query may carry an API key: never shown.
    expect(found?.detail).toContain('GET https://api.acme.example/orders answered HTTP 401');
    expect(found?.detail).not.toContain('hidden');
  });

  it('tells a claim the API names and the token lacks (MISSING) from one the token has (REJECTED)', () => {
    const missing = refused(401, 'Bearer error="invalid_token", error_description="missing required claim: tenant"');
    expect(judgeResource(ORDERS, missing, claims)).toMatchObject({ code: 'RESOURCE_CLAIM_MISSING' });
    const quoted = refused(401, `Bearer error="invalid_token", error_description="the 'groups' claim is required"`);
    expect(judgeResource(ORDERS, quoted, claims)?.detail).toContain('the token has no "groups" claim');
    const present = refused(401, 'Bearer error="invalid_token", error_description="claim \'cid\' not allowed"');
    expect(judgeResource(ORDERS, present, claims)).toMatchObject({ code: 'RESOURCE_TOKEN_REJECTED' });
    // English after "claim" is no claim name.
    const english = refused(401, 'Bearer error="invalid_token", error_description="claim validation failed: exp"');
    expect(judgeResource(ORDERS, english, claims)).toMatchObject({ code: 'RESOURCE_TOKEN_REJECTED' });
    expect(judgeResource(ORDERS, english, claims)?.detail).toContain('the claim at fault is exp');
  });

  it('names the scope a 403 insufficient_scope wants against the scp the token has', () => {
    const found = judgeResource(
      ORDERS,
      refused(403, 'Bearer error="insufficient_scope", scope="orders.read orders.write"'),
      claims,
    );
    expect(found?.code).toBe('RESOURCE_SCOPE_INSUFFICIENT');
    expect(found?.detail).toContain('it wants orders.read orders.write, missing orders.write; scp is "orders.read"');
  });

  it("is the API's unavailability for a 5xx and for no answer: never an Okta code", () => {
    expect(judgeResource(ORDERS, ok(502), claims)).toMatchObject({ code: 'RESOURCE_UNAVAILABLE', httpStatus: 502 });
    const reset: HttpOutcome = {
      ok: false,
      failure: { kind: 'network', message: 'ECONNRESET', timings: { total: 3 } },
    };
    expect(judgeResource(ORDERS, reset, claims)).toMatchObject({ code: 'RESOURCE_UNAVAILABLE' });
    const slow: HttpOutcome = { ok: false, failure: { kind: 'timeout', message: 'no answer', timings: { total: 9 } } };
    expect(judgeResource(ORDERS, slow, claims)?.code).toBe('RESOURCE_UNAVAILABLE');
  });

  it('judges a redirect and names where it pointed, without its query', () => {
    const found = judgeResource(ORDERS, ok(302, { Location: 'https://login.other.example/x?token=abc' }), claims);
    expect(found?.code).toBe('RESOURCE_REDIRECTED');
    expect(found?.detail).toContain('to https://login.other.example/x; not followed');
    expect(found?.detail).not.toContain('abc');
    expect(judgeResource(ORDERS, ok(307, { Location: '/v2/orders' }), claims)?.detail).toContain(
      'https://api.acme.example/v2/orders',
    );
  });

  it('a 401 or 403 without a Bearer error is something else refusing: unexpected, and says so', () => {
    expect(judgeResource(ORDERS, ok(403), claims)?.detail).toContain('something before the API refused it');
    expect(judgeResource(ORDERS, refused(401, 'Bearer realm="x"'), claims)?.detail).toContain('carried no token');
    expect(judgeResource(ORDERS, ok(429), claims)?.detail).toContain('rate-limited the probe');
  });

  it('an opaque or encrypted token has no claims to show, and is still judged', () => {
    expect(shownClaims('opaque-token-value')).toBeUndefined();
    const found = judgeResource(ORDERS, refused(401, 'Bearer error="invalid_token"'), undefined);
    expect(found?.detail).toContain('the token is not a JWT to show');
  });
});

describe('runResource', () => {
  it('sends the token to each listed URL only, and reports the first refusal with the rest beside it', async () => {
    const sent: Pick<HttpRequest, 'method' | 'url' | 'headers'>[] = [];
    const ctx = {
      server: {
        id: 'default',
        resources: [
          { url: 'https://api.acme.example/a', method: 'GET' },
          { url: 'https://api.acme.example/b', method: 'HEAD' },
          { url: 'https://api.acme.example/c', method: 'POST', expectStatus: 201 },
        ],
      } as unknown as ServerConfig,
      exchange: async (req: Pick<HttpRequest, 'method' | 'url' | 'headers'>) => {
        sent.push(req);
        return req.url.endsWith('/a') ? ok(200) : req.url.endsWith('/b') ? ok(503) : ok(200);
      },
    } as unknown as ServerContext;
    const run = await runResource(ctx, token);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET https://api.acme.example/a',
      'HEAD https://api.acme.example/b',
      'POST https://api.acme.example/c',
    ]);
    expect(sent.every((r) => r.headers?.authorization === `Bearer ${token}`)).toBe(true);
    const judgement = run.judgement as { diagnosis: { code: string } | null; also?: { code: string }[] };
    expect(judgement.diagnosis?.code).toBe('RESOURCE_UNAVAILABLE');
    expect(judgement.also?.map((f) => f.code)).toEqual(['RESOURCE_UNEXPECTED_STATUS']);
    expect(run.judgement).toMatchObject({ observed: { resources: 3, accepted: 1, url: 'https://api.acme.example/b' } });
  });
});
