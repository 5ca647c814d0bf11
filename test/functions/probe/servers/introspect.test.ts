import { decodeJwt } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SERVER_RUNNERS } from '../../../../functions/probe/runners';
import { judgeIntrospection } from '../../../../functions/probe/servers/introspect';
import { answer } from '../fixtures';

const expected = { clientId: '0oa1', orgServer: true, authMethod: 'private_key_jwt' as const };

describe('judgeIntrospection', () => {
  it('passes an active token issued to our client', () => {
    const verdict = judgeIntrospection(
      expected,
      answer(200, { active: true, client_id: '0oa1', scope: 'okta.users.read', exp: 1736946000 }),
    );
    expect(verdict).toEqual({
      diagnosis: null,
      observed: { active: true, scope: 'okta.users.read', expiresAt: '2025-01-15T13:00:00.000Z' },
    });
  });

  it('reports TOKEN_INACTIVE for {"active":false}', () => {
    expect(judgeIntrospection(expected, answer(200, { active: false })).diagnosis?.code).toBe('TOKEN_INACTIVE');
  });

  it('reports TOKEN_CLIENT_MISMATCH when client_id differs', () => {
    const verdict = judgeIntrospection(expected, answer(200, { active: true, client_id: '0oa2' }));
    expect(verdict.diagnosis).toMatchObject({
      code: 'TOKEN_CLIENT_MISMATCH',
      detail: 'client_id was 0oa2, expected 0oa1',
    });
  });

  it('reports INVALID_CLIENT for a 401 invalid_client, CLIENT_AUTH_MALFORMED when no credentials arrived', () => {
    const body = {
      error: 'invalid_client',
      error_description: 'The client secret supplied for a confidential client is invalid.',
    };
    expect(judgeIntrospection(expected, answer(401, body)).diagnosis).toMatchObject({
      code: 'INVALID_CLIENT',
      oktaError: 'invalid_client',
    });
    const none = { error: 'invalid_client', error_description: 'No client credentials found.' };
    expect(judgeIntrospection(expected, answer(401, none)).diagnosis?.code).toBe('CLIENT_AUTH_MALFORMED');
  });

  it('reports MALFORMED_RESPONSE when active is missing', () => {
    expect(judgeIntrospection(expected, answer(200, { client_id: '0oa1' })).diagnosis?.code).toBe('MALFORMED_RESPONSE');
  });
});

describe('the introspect runner', () => {
  it("signs its assertion while the token is on its way: it leaves once the token's answer is read", async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const start = Date.UTC(2025, 0, 15, 12);
    let clock = start;
    let tokenArrives: (token: { accessToken: string }) => void = () => undefined;
    const sent: string[] = [];
    const ctx = {
      server: { id: 'org', clientId: '0oaOrg', scopes: [], requiredClaims: [] },
      credential: { kind: 'private_key_jwt', privateKeyPem: pem },
      endpoints: { introspect: 'https://acme.okta.com/oauth2/v1/introspect' },
      orgServer: true,
      now: () => clock,
      need: () => new Promise((resolve) => (tokenArrives = resolve)),
      exchange: async (req: { form: Record<string, string> }) => {
        sent.push(req.form.client_assertion ?? '');
        return { ok: false, failure: { kind: 'network', message: 'not sent in this test', timings: { total: 0 } } };
      },
    } as unknown as Parameters<(typeof SERVER_RUNNERS)['introspect']>[0];
    const judged = SERVER_RUNNERS.introspect(ctx);
    // The token's answer comes a minute later on the probe's clock.
    await new Promise((resolve) => setImmediate(resolve));
    clock += 60_000;
    tokenArrives({ accessToken: 'opaque' });
    await judged;
    const assertion = decodeJwt(sent[0] ?? '');
    expect(assertion.iat).toBe(start / 1000);
    expect(assertion).toMatchObject({ aud: 'https://acme.okta.com/oauth2/v1/introspect', iss: '0oaOrg' });
  });
});
