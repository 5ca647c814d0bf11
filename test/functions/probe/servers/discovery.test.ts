import { describe, expect, it } from 'vitest';
import { judgeDiscovery } from '../../../../functions/probe/servers/discovery';
import { serverEndpoints } from '../../../../functions/probe/endpoints';
import { answer } from '../fixtures';

const custom = serverEndpoints('https://acme.okta.com', 'default');
const org = serverEndpoints('https://acme.okta.com', 'org');
const doc = (endpoints = custom) => ({
  issuer: endpoints.issuer,
  token_endpoint: endpoints.token,
  jwks_uri: endpoints.keys,
});

describe('judgeDiscovery', () => {
  it('passes a document with our issuer and endpoints', () => {
    expect(judgeDiscovery(custom, answer(200, doc()), false)).toEqual({
      diagnosis: null,
      observed: { issuer: 'https://acme.okta.com/oauth2/default' },
    });
    expect(judgeDiscovery(org, answer(200, doc(org)), true).diagnosis).toBeNull();
  });

  it('reports ISSUER_MISMATCH with what was found and expected', () => {
    const verdict = judgeDiscovery(custom, answer(200, { ...doc(), issuer: 'https://acme.okta.com' }), false);
    expect(verdict.diagnosis).toMatchObject({
      code: 'ISSUER_MISMATCH',
      detail: 'issuer was https://acme.okta.com, expected https://acme.okta.com/oauth2/default',
      requestId: 'req-123',
      httpStatus: 200,
    });
  });

  it('reports MALFORMED_RESPONSE when the advertised jwks_uri is not the one we call', () => {
    const verdict = judgeDiscovery(custom, answer(200, { ...doc(), jwks_uri: 'https://elsewhere/keys' }), false);
    expect(verdict.diagnosis?.code).toBe('MALFORMED_RESPONSE');
    expect(verdict.diagnosis?.detail).toBe(`jwks_uri was https://elsewhere/keys, expected ${custom.keys}`);
  });

  it('reports MALFORMED_RESPONSE for a 200 that is not JSON', () => {
    expect(judgeDiscovery(custom, answer(200, '<html>'), false).diagnosis?.code).toBe('MALFORMED_RESPONSE');
  });

  it('reports CUSTOM_AS_UNLICENSED for E0000015 on a custom server', () => {
    const body = {
      errorCode: 'E0000015',
      errorSummary: 'You do not have permission to access the feature you are requesting',
    };
    expect(judgeDiscovery(custom, answer(401, body), false).diagnosis).toMatchObject({
      code: 'CUSTOM_AS_UNLICENSED',
      oktaError: 'E0000015',
      httpStatus: 401,
    });
  });

  it('reports AUTH_SERVER_NOT_FOUND for E0000007', () => {
    const body = { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: nope (AuthorizationServer)' };
    expect(judgeDiscovery(custom, answer(404, body), false).diagnosis?.code).toBe('AUTH_SERVER_NOT_FOUND');
  });
});
