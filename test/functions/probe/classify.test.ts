import { describe, expect, it } from 'vitest';
import { classifyFailure, classifyResponse, codeForOktaError, readOktaError, type ClassifyContext } from '../../../functions/probe/classify';

const customToken: ClassifyContext = { endpoint: 'token', orgServer: false, authMethod: 'client_secret_basic' };
const orgToken: ClassifyContext = { endpoint: 'token', orgServer: true, authMethod: 'private_key_jwt' };

const envelope = (errorCode: string, errorSummary = 'Some summary'): string =>
  JSON.stringify({ errorCode, errorSummary, errorLink: errorCode, errorId: 'oaeXyz123', errorCauses: [] });
const oauth = (error: string, error_description = 'Some description'): string => JSON.stringify({ error, error_description });

describe('readOktaError()', () => {
  it('reads the Okta envelope', () => {
    expect(readOktaError(envelope('E0000015', 'You do not have permission to access the feature you are requesting'))).toEqual({
      shape: 'envelope',
      id: 'E0000015',
      description: 'You do not have permission to access the feature you are requesting',
    });
  });

  it('reads the OAuth shape', () => {
    expect(readOktaError(oauth('invalid_scope', 'Custom scopes are not allowed for this request.'))).toEqual({
      shape: 'oauth',
      id: 'invalid_scope',
      description: 'Custom scopes are not allowed for this request.',
    });
  });

  it.each([['<html>Error 500</html>'], [''], ['null'], ['[]'], ['{"error":42}'], ['{"keys":[]}'], ['{"errorCode":""}']])('returns null for %j', (body) => {
    expect(readOktaError(body)).toBeNull();
  });
});

describe('classifyResponse()', () => {
  const cases: Array<[string, number, string, ClassifyContext, string]> = [
    ['429 without a body', 429, '', customToken, 'RATE_LIMITED'],
    ['429 in the OAuth shape', 429, oauth('too_many_requests'), customToken, 'RATE_LIMITED'],
    ['E0000047 in the envelope', 429, envelope('E0000047'), orgToken, 'RATE_LIMITED'],
    ['E0000015 on custom AS discovery', 401, envelope('E0000015'), { endpoint: 'discovery', orgServer: false }, 'CUSTOM_AS_UNLICENSED'],
    ['E0000007 for an unknown AS id', 404, envelope('E0000007'), { endpoint: 'discovery', orgServer: false }, 'AUTH_SERVER_NOT_FOUND'],
    ['E0000011 invalid token', 401, envelope('E0000011'), { endpoint: 'introspect', orgServer: false }, 'TOKEN_INACTIVE'],
    ['invalid_client (OAuth) on a custom AS', 401, oauth('invalid_client'), customToken, 'INVALID_CLIENT'],
    ['invalid_client (envelope) for an unknown client id', 400, envelope('invalid_client'), orgToken, 'INVALID_CLIENT'],
    ['invalid_client on the Org AS with a secret, /token', 401, oauth('invalid_client'), { ...orgToken, authMethod: 'client_secret_basic' }, 'ORG_AS_REQUIRES_PRIVATE_KEY_JWT'],
    ['invalid_client on the Org AS with a secret, /introspect', 401, oauth('invalid_client'), { endpoint: 'introspect', orgServer: true, authMethod: 'client_secret_basic' }, 'ORG_AS_REQUIRES_PRIVATE_KEY_JWT'],
    ['invalid_client (envelope) on the Org AS with a secret', 400, envelope('invalid_client'), { ...orgToken, authMethod: 'client_secret_basic' }, 'ORG_AS_REQUIRES_PRIVATE_KEY_JWT'],
    ['invalid_client on the Org AS with a key', 401, oauth('invalid_client'), orgToken, 'INVALID_CLIENT'],
    ['invalid_scope on the Org AS', 400, oauth('invalid_scope'), orgToken, 'CUSTOM_SCOPE_ON_ORG_AS'],
    ['invalid_scope on a custom AS', 400, oauth('invalid_scope'), customToken, 'INVALID_SCOPE'],
    ['access_denied', 401, oauth('access_denied'), customToken, 'NO_ACCESS_POLICY'],
    ['invalid_dpop_proof', 400, oauth('invalid_dpop_proof'), customToken, 'DPOP_REQUIRED'],
    ['use_dpop_nonce', 400, oauth('use_dpop_nonce'), customToken, 'DPOP_REQUIRED'],
    ['unauthorized_client', 400, oauth('unauthorized_client'), customToken, 'UNAUTHORIZED_CLIENT'],
    ['unsupported_grant_type', 400, oauth('unsupported_grant_type'), customToken, 'UNSUPPORTED_GRANT_TYPE'],
    ['temporarily_unavailable with 400', 400, oauth('temporarily_unavailable'), customToken, 'OKTA_SERVER_ERROR'],
    ['server_error', 500, oauth('server_error'), customToken, 'OKTA_SERVER_ERROR'],
    ['a 503 HTML page', 503, '<html><body>Service Unavailable</body></html>', customToken, 'OKTA_SERVER_ERROR'],
    ['a 500 with an unknown envelope code', 500, envelope('E0000009'), customToken, 'OKTA_SERVER_ERROR'],
    ['/authorize 400 HTML page', 400, "<html>The 'redirect_uri' parameter must be a Login redirect URI</html>", { endpoint: 'authorize', orgServer: false }, 'REDIRECT_URI_MISMATCH'],
    ['/authorize 400 JSON error', 400, oauth('invalid_request'), { endpoint: 'authorize', orgServer: false }, 'UNEXPECTED_RESPONSE'],
    ['/token 400 HTML page', 400, '<html>Bad request</html>', customToken, 'UNEXPECTED_RESPONSE'],
    ['an unknown 4xx code', 403, envelope('E0000006'), customToken, 'UNEXPECTED_RESPONSE'],
    ['an id that is an Object.prototype key', 400, oauth('constructor'), customToken, 'UNEXPECTED_RESPONSE'],
  ];

  it.each(cases)('%s → %s', (_name, status, body, ctx, expected) => {
    expect(classifyResponse({ status, body }, ctx)?.code).toBe(expected);
  });

  it.each([[200], [204], [302], [304]])('returns null for status %i', (status) => {
    expect(classifyResponse({ status, body: oauth('invalid_client') }, customToken)).toBeNull();
  });

  it('keys on the identifier, not the text: any description gives the same code', () => {
    const a = classifyResponse({ status: 401, body: oauth('invalid_client', 'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.') }, customToken);
    const b = classifyResponse({ status: 401, body: oauth('invalid_client', 'Custom scopes are not allowed for this request.') }, customToken);
    const c = classifyResponse({ status: 401, body: envelope('E0000015', 'Rate limit exceeded, access_denied') }, customToken);

    expect(a?.code).toBe('INVALID_CLIENT');
    expect(b?.code).toBe('INVALID_CLIENT');
    expect(c?.code).toBe('CUSTOM_AS_UNLICENSED');
  });

  it('reports Okta\'s id and a redacted description', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwb2ExIn0.c2lnbmF0dXJl';

    const result = classifyResponse({ status: 400, body: oauth('invalid_client', `The client_assertion ${jwt} has already been used.`) }, customToken);

    expect(result).toEqual({ code: 'INVALID_CLIENT', oktaError: 'invalid_client', description: 'The client_assertion [REDACTED] has already been used.' });
  });

  it('has no oktaError for a body without an Okta error', () => {
    expect(classifyResponse({ status: 502, body: '<html/>' }, customToken)).toEqual({ code: 'OKTA_SERVER_ERROR' });
  });
});

describe('codeForOktaError()', () => {
  it('maps an /authorize redirect error with the same table', () => {
    expect(codeForOktaError('invalid_scope', { endpoint: 'authorize', orgServer: true })).toBe('CUSTOM_SCOPE_ON_ORG_AS');
    expect(codeForOktaError('login_required', { endpoint: 'authorize', orgServer: true })).toBeUndefined();
  });
});

describe('classifyFailure()', () => {
  it.each([
    ['timeout', 'TIMEOUT'],
    ['network', 'NETWORK_ERROR'],
    ['tls', 'NETWORK_ERROR'],
  ] as const)('%s → %s', (kind, expected) => {
    expect(classifyFailure({ kind })).toBe(expected);
  });
});
