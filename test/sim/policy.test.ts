// The simulator's access policy and PKCE rules, judged directly: Okta refuses rather than issue fewer
// scopes than requested, and asks for PKCE only where the app requires it.
import { describe, expect, it } from 'vitest';
import type { RegisteredClient } from '../../sim/clients';
import { authorize } from '../../sim/endpoints/authorize';
import { policyRefusal } from '../../sim/endpoints/token';
import type { AuthServer } from '../../sim/auth-server';
import type { SimRequest, SimState } from '../../sim/state';

const body = (answer: ReturnType<typeof policyRefusal>) =>
  answer?.kind === 'reply' ? { status: answer.status, json: JSON.parse(answer.body) as unknown } : answer;

describe('policyRefusal (custom AS access policy)', () => {
  it('issues when the rule allows every requested scope', () => {
    expect(policyRefusal({}, ['probe.read'])).toBeUndefined();
    expect(policyRefusal({ grantedScopes: ['probe.read', 'probe.write'] }, ['probe.read'])).toBeUndefined();
  });

  it('answers 400 scope_denied naming the denied scopes when the rule allows only some', () => {
    expect(body(policyRefusal({ grantedScopes: ['probe.read'] }, ['probe.read', 'probe.write']))).toEqual({
      status: 400,
      json: {
        error: 'access_denied',
        error_description: 'Some of the requested scopes were denied by the policy. Denied scopes: [probe.write].',
      },
    });
  });

  it('answers 400 no_scope_allowed when the rule allows none of them', () => {
    expect(body(policyRefusal({ grantedScopes: [] }, ['probe.read']))).toEqual({
      status: 400,
      json: {
        error: 'access_denied',
        error_description: 'Policy evaluation succeeded, but all the requested scopes were rejected.',
      },
    });
  });

  it.each(['none', 'no-client-credentials'] as const)(
    'answers 401 no_matching_policy for accessPolicy %s',
    (accessPolicy) => {
      expect(body(policyRefusal({ accessPolicy }, ['probe.read']))).toMatchObject({
        status: 401,
        json: { error: 'access_denied' },
      });
    },
  );
});

describe('/authorize PKCE', () => {
  const redirectUri = 'https://app.example/callback';
  const client = (requirePkce: boolean): RegisteredClient => ({
    clientId: '0oaWeb',
    redirectUris: [redirectUri],
    oktaScopes: [],
    applicationType: 'web',
    requirePkce,
  });
  const server = { kind: 'custom', scopes: [], consentScopes: [] } as unknown as AuthServer;
  const request = (params: Record<string, string>): SimRequest => ({
    method: 'GET',
    url: new URL(
      `https://org.example/oauth2/default/v1/authorize?${new URLSearchParams({ response_type: 'code', client_id: '0oaWeb', redirect_uri: redirectUri, scope: 'openid', state: 's', prompt: 'none', ...params })}`,
    ),
    headers: {},
    form: new URLSearchParams(),
    body: '',
    remoteAddress: '127.0.0.1',
    requestId: 'reqTest',
    now: 0,
  });
  const errorOf = (requirePkce: boolean, params: Record<string, string> = {}) => {
    const state = {
      baseUrl: 'https://org.example',
      registry: new Map([['0oaWeb', client(requirePkce)]]),
      // A healthy org: /authorize reads the org's faults (a release that broke the custom scopes).
      faults: () => ({}),
    } as unknown as SimState;
    const answer = authorize(state, server, request(params), false);
    return answer.kind === 'reply'
      ? new URL(answer.headers.Location ?? '').searchParams.get('error_description')
      : null;
  };

  it('asks for a code_challenge only when the app requires PKCE', () => {
    expect(errorOf(true)).toBe('PKCE code challenge is required by the application.');
    expect(errorOf(false)).toBe('The client specified not to prompt, but the user is not logged in.');
    expect(errorOf(true, { code_challenge: 'abc', code_challenge_method: 'S256' })).toBe(
      'The client specified not to prompt, but the user is not logged in.',
    );
  });
});
