import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator';
import {
  basic,
  clientAssertion,
  customBasic,
  customToken,
  customUrls,
  JWT_BEARER,
  orgAuth,
  orgToken,
  orgUrls,
  post,
} from './helpers';

const sim = useSimulator();

describe('custom AS /token', () => {
  it('issues an RS256 JWT with Okta claims, verifiable against the published JWKS', async () => {
    const res = await customToken(sim());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    const body = res.json<{ token_type: string; expires_in: number; access_token: string; scope: string }>();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'probe.read' });
    const { payload, protectedHeader } = await jwtVerify(
      body.access_token,
      createRemoteJWKSet(new URL(customUrls(sim()).keys)),
      {
        issuer: customUrls(sim()).issuer,
        audience: 'api://default',
      },
    );
    expect(protectedHeader).toEqual({ kid: expect.any(String), alg: 'RS256' });
    const { clientId } = sim().clients.custom;
    expect(payload).toMatchObject({ ver: 1, cid: clientId, sub: clientId, scp: ['probe.read'] });
    expect(payload.jti).toMatch(/^AT\./);
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload).not.toHaveProperty('uid');
  });

  it('accepts client_secret_post as well as client_secret_basic', async () => {
    const { clientId, clientSecret } = sim().clients.custom;
    const res = await post(customUrls(sim()).token, {
      grant_type: 'client_credentials',
      scope: 'probe.read',
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(res.status).toBe(200);
  });

  it('accepts private_key_jwt too', async () => {
    const url = customUrls(sim()).token;
    const res = await post(url, {
      grant_type: 'client_credentials',
      scope: 'probe.read',
      ...(await orgAuth(sim(), url)),
    });
    expect(res.status).toBe(200);
  });

  it('answers a bad secret with 401 invalid_client in the OAuth shape', async () => {
    const res = await post(
      customUrls(sim()).token,
      { grant_type: 'client_credentials', scope: 'probe.read' },
      basic(sim().clients.custom.clientId, 'wrong'),
    );
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({
      error: 'invalid_client',
      error_description: 'The client secret supplied for a confidential client is invalid.',
    });
  });

  it("answers an unknown client_id with 401 invalid_client, as the catalogue's invalid_client_id says", async () => {
    const res = await post(
      customUrls(sim()).token,
      { grant_type: 'client_credentials', scope: 'probe.read' },
      basic('0oaUnknown0000000000', 'x'),
    );
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({
      error: 'invalid_client',
      error_description: "Invalid value for 'client_id' parameter.",
    });
  });

  it('answers no credentials with 401 "No client credentials found."', async () => {
    const res = await post(customUrls(sim()).token, { grant_type: 'client_credentials', scope: 'probe.read' });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ error: 'invalid_client', error_description: 'No client credentials found.' });
  });

  it('refuses openid with client credentials and scopes the server does not define', async () => {
    const openid = await customToken(sim(), 'openid probe.read');
    expect(openid.status).toBe(400);
    expect(openid.json()).toEqual({
      error: 'invalid_scope',
      error_description: "Cannot request 'openid' scopes using client credentials.",
    });
    const unknown = await customToken(sim(), 'probe.admin');
    expect(unknown.json()).toMatchObject({
      error: 'invalid_scope',
      error_description: 'One or more scopes are not configured for the authorization server resource.',
    });
  });

  it('refuses grants other than client_credentials with unsupported_grant_type', async () => {
    const grant = await post(
      customUrls(sim()).token,
      { grant_type: 'password', scope: 'probe.read' },
      customBasic(sim()),
    );
    expect(grant.status).toBe(400);
    expect(grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it(
    "counts each server's /token in a bucket of its own, and /introspect in another (Okta's rate-limit " + 'reference)',
    async () => {
      const customBefore = Number((await customToken(sim())).headers.get('x-rate-limit-remaining'));
      const org = await orgToken(sim());
      const introspect = await post(customUrls(sim()).introspect, { token: 'x' }, customBasic(sim()));
      const customAfter = Number((await customToken(sim())).headers.get('x-rate-limit-remaining'));
      expect(customAfter).toBe(customBefore - 1);
      expect(org.headers.get('x-rate-limit-limit')).toBe('600');
      expect(introspect.headers.get('x-rate-limit-limit')).toBe('600');
      expect(Number(introspect.headers.get('x-rate-limit-remaining'))).toBeGreaterThan(customAfter);
    },
  );

  it('counts /token in its bucket: X-Rate-Limit-Remaining goes down, Limit and Reset stay sane', async () => {
    const first = await customToken(sim());
    const second = await customToken(sim());
    const remaining = (r: typeof first) => Number(r.headers.get('x-rate-limit-remaining'));
    expect(first.headers.get('x-rate-limit-limit')).toBe('600');
    expect(remaining(second)).toBe(remaining(first) - 1);
    const reset = Number(second.headers.get('x-rate-limit-reset'));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 61);
  });
});

describe('Org AS /token', () => {
  it('issues an opaque access token (not a JWT) to a private_key_jwt client', async () => {
    const res = await orgToken(sim());
    expect(res.status).toBe(200);
    const body = res.json<{ access_token: string; scope: string }>();
    expect(body.scope).toBe('okta.users.read');
    expect(() => decodeJwt(body.access_token)).toThrow();
    expect(() => decodeProtectedHeader(body.access_token)).toThrow();
  });

  it('answers an unknown client id sent with a secret as unknown, not as "must use private_key_jwt"', async () => {
    const res = await post(
      orgUrls(sim()).token,
      { grant_type: 'client_credentials', scope: 'okta.users.read' },
      basic('0oaUnknown0000000000', 'a-secret'),
    );
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({
      error: 'invalid_client',
      error_description: "Invalid value for 'client_id' parameter.",
    });
  });

  it('answers an assertion from an unknown issuer as "not a valid client_id"', async () => {
    const url = orgUrls(sim()).token;
    const res = await post(url, {
      grant_type: 'client_credentials',
      scope: 'okta.users.read',
      ...(await orgAuth(sim(), url, { iss: '0oaUnknown0000000000', sub: '0oaUnknown0000000000' })),
    });
    expect(res.json()).toEqual({
      error: 'invalid_client',
      error_description: 'The issuer claim for client_assertion is not a valid client_id.',
    });
  });

  it('refuses a client secret: private_key_jwt is required', async () => {
    const { clientId, clientSecret } = sim().clients.custom;
    const res = await post(
      orgUrls(sim()).token,
      { grant_type: 'client_credentials', scope: 'okta.users.read' },
      basic(clientId, clientSecret),
    );
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({
      error: 'invalid_client',
      error_description:
        'Client Credentials requests to the Org Authorization Server must use the private_key_jwt ' +
        'token_endpoint_auth_method.',
    });
  });

  it('refuses custom scopes and openid with Okta texts', async () => {
    const url = orgUrls(sim()).token;
    const custom = await post(url, {
      grant_type: 'client_credentials',
      scope: 'okta.users.read probe.read',
      ...(await orgAuth(sim(), url)),
    });
    expect(custom.status).toBe(400);
    expect(custom.json()).toEqual({
      error: 'invalid_scope',
      error_description: 'Custom scopes are not allowed for this request.',
    });
    const openid = await post(url, {
      grant_type: 'client_credentials',
      scope: 'openid',
      ...(await orgAuth(sim(), url)),
    });
    expect(openid.json()).toEqual({
      error: 'invalid_scope',
      error_description: "Cannot request 'openid' scopes using client credentials.",
    });
  });

  it("requires the assertion's aud to be the exact endpoint URL, not the issuer", async () => {
    const url = orgUrls(sim()).token;
    for (const aud of [sim().url, `${url}/`, customUrls(sim()).token]) {
      const res = await post(url, {
        grant_type: 'client_credentials',
        scope: 'okta.users.read',
        ...(await orgAuth(sim(), url, { aud })),
      });
      expect(res.status, aud).toBe(401);
      expect(res.json()).toEqual({
        error: 'invalid_client',
        error_description: 'The audience claim for client_assertion must be the endpoint invoked for the request.',
      });
    }
  });

  it('accepts an assertion without jti, which Okta documents as optional, and without iat', async () => {
    const url = orgUrls(sim()).token;
    const res = await post(url, {
      grant_type: 'client_credentials',
      scope: 'okta.users.read',
      ...(await orgAuth(sim(), url, { jti: undefined, iat: undefined })),
    });
    expect(res.status, res.text).toBe(200);
  });

  it(
    'answers consent_required for an okta.* scope not ' + 'granted to the app, never a token with fewer scopes',
    async () => {
      const url = orgUrls(sim()).token;
      const res = await post(url, {
        grant_type: 'client_credentials',
        scope: 'okta.users.read okta.roles.read',
        ...(await orgAuth(sim(), url)),
      });
      expect(res.status).toBe(400);
      expect(res.json()).toEqual({
        error: 'consent_required',
        error_description: 'You are not allowed any of the requested scopes.',
      });
    },
  );

  it('refuses a user-only .self scope for client credentials', async () => {
    const url = orgUrls(sim()).token;
    const res = await post(url, {
      grant_type: 'client_credentials',
      scope: 'okta.users.read.self',
      ...(await orgAuth(sim(), url)),
    });
    expect(res.json()).toMatchObject({ error: 'client_credentials_self_scope_requested' });
  });

  it('rejects a reused jti', async () => {
    const url = orgUrls(sim()).token;
    const assertion = await clientAssertion(sim(), url);
    const form = {
      grant_type: 'client_credentials',
      scope: 'okta.users.read',
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion,
    };
    expect((await post(url, form)).status).toBe(200);
    const replay = await post(url, form);
    expect(replay.status).toBe(401);
    expect(replay.json()).toEqual({
      error: 'invalid_client',
      error_description: 'The client_assertion token has already been used.',
    });
  });

  it(
    'rejects assertions living over an hour, expired, ' + 'unsigned by the registered key, or with iss != sub',
    async () => {
      const url = orgUrls(sim()).token;
      const now = Math.floor(Date.now() / 1000);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ exp: now + 3700 }, 'The client_assertion token has an expiration too far into the future.'],
        [{ exp: now - 10 }, 'The client_assertion token is expired.'],
        [{ iat: now + 30 }, 'The client_assertion token must be issued before the current time.'],
        [{ iss: 'someone-else' }, 'The issuer claim for client_assertion is not a valid client_id.'],
        [{ sub: 'someone-else' }, 'The subject claim for client_assertion is not a valid client_id.'],
      ];
      for (const [overrides, description] of cases) {
        const res = await post(url, {
          grant_type: 'client_credentials',
          scope: 'okta.users.read',
          ...(await orgAuth(sim(), url, overrides)),
        });
        expect(res.json(), description).toEqual({ error: 'invalid_client', error_description: description });
      }
      const good = await clientAssertion(sim(), url);
      const [h, p, s = ''] = good.split('.');
      const forged = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
      const res = await post(url, {
        grant_type: 'client_credentials',
        scope: 'okta.users.read',
        client_assertion_type: JWT_BEARER,
        client_assertion: forged,
      });
      expect(res.json()).toEqual({
        error: 'invalid_client',
        error_description: 'The client_assertion signature is invalid.',
      });
    },
  );
});
