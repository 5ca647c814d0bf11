import { describe, expect, it } from 'vitest';
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
