import { describe, expect, it } from 'vitest';
import { DIAGNOSES } from '../../../functions/diagnosis/table';
import {
  classifyFailure,
  classifyResponse,
  codeForOktaError,
  readOktaError,
  type ClassifyContext,
} from '../../../functions/probe/classify';

const customToken: ClassifyContext = { endpoint: 'token', orgServer: false, authMethod: 'client_secret_basic' };
const orgToken: ClassifyContext = { endpoint: 'token', orgServer: true, authMethod: 'private_key_jwt' };

const envelope = (errorCode: string, errorSummary = 'Some summary'): string =>
  JSON.stringify({ errorCode, errorSummary, errorLink: errorCode, errorId: 'oaeXyz123', errorCauses: [] });
const oauth = (error: string, error_description = 'Some description'): string =>
  JSON.stringify({ error, error_description });

describe('readOktaError()', () => {
  it('reads the Okta envelope', () => {
    expect(
      readOktaError(envelope('E0000015', 'You do not have permission to access the feature you are requesting')),
    ).toEqual({
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

  it.each([
    ['<html>Error 500</html>'],
    [''],
    ['null'],
    ['[]'],
    ['{"error":42}'],
    ['{"keys":[]}'],
    ['{"errorCode":""}'],
  ])('returns null for %j', (body) => {
    expect(readOktaError(body)).toBeNull();
  });
});

describe('classifyResponse()', () => {
  it('tells a concurrency 429 (Limit 0, Remaining 0, rl2-monitor) from a spent bucket', () => {
    const answer = (limit: string, remaining: string) => ({
      status: 429,
      body: envelope('E0000047'),
      headers: { 'x-rate-limit-limit': limit, 'x-rate-limit-remaining': remaining },
    });
    expect(classifyResponse(answer('0', '0'), orgToken)?.code).toBe('OKTA_CONCURRENCY_LIMITED');
    expect(classifyResponse(answer('600', '0'), orgToken)?.code).toBe('RATE_LIMITED');
    expect(classifyResponse({ status: 429, body: '' }, orgToken)?.code).toBe('RATE_LIMITED');
  });

  const cases: Array<[string, number, string, ClassifyContext, string]> = [
    ['429 without a body', 429, '', customToken, 'RATE_LIMITED'],
    ['429 in the OAuth shape', 429, oauth('too_many_requests'), customToken, 'RATE_LIMITED'],
    ['E0000047 in the envelope', 429, envelope('E0000047'), orgToken, 'RATE_LIMITED'],
    [
      'E0000015 on custom AS discovery',
      401,
      envelope('E0000015'),
      { endpoint: 'discovery', orgServer: false },
      'CUSTOM_AS_UNLICENSED',
    ],
    [
      'E0000007 for an unknown AS id',
      404,
      envelope('E0000007'),
      { endpoint: 'discovery', orgServer: false },
      'AUTH_SERVER_NOT_FOUND',
    ],
    [
      'E0000011 invalid token',
      401,
      envelope('E0000011'),
      { endpoint: 'introspect', orgServer: false },
      'TOKEN_INACTIVE',
    ],
    [
      'invalid_client (OAuth) on a custom AS',
      401,
      oauth('invalid_client', 'The client secret supplied for a confidential client is invalid.'),
      customToken,
      'INVALID_CLIENT',
    ],
    [
      'invalid_client (envelope) for an unknown client id',
      400,
      envelope('invalid_client', "Invalid value for 'client_id' parameter."),
      orgToken,
      'UNKNOWN_CLIENT_ID',
    ],
    [
      'invalid_client (OAuth) for an unknown client id sent with a secret to the Org AS',
      401,
      oauth('invalid_client', "Invalid value for 'client_id' parameter."),
      { ...orgToken, authMethod: 'client_secret_basic' },
      'UNKNOWN_CLIENT_ID',
    ],
    [
      'invalid_client "must use private_key_jwt" on the Org AS',
      401,
      oauth(
        'invalid_client',
        'Client Credentials requests to the Org Authorization Server must use the private_key_jwt ' +
          'token_endpoint_auth_method.',
      ),
      { ...orgToken, authMethod: 'client_secret_basic' },
      'ORG_AS_REQUIRES_PRIVATE_KEY_JWT',
    ],
    [
      'invalid_client without a description on the Org AS with a secret, /token',
      401,
      JSON.stringify({ error: 'invalid_client' }),
      { ...orgToken, authMethod: 'client_secret_basic' },
      'ORG_AS_REQUIRES_PRIVATE_KEY_JWT',
    ],
    [
      'invalid_client without a description on the Org AS with a secret, /introspect',
      401,
      JSON.stringify({ error: 'invalid_client' }),
      { endpoint: 'introspect', orgServer: true, authMethod: 'client_secret_basic' },
      'ORG_AS_REQUIRES_PRIVATE_KEY_JWT',
    ],
    [
      'invalid_client for a non-service app on the Org AS',
      401,
      oauth(
        'invalid_client',
        "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with " +
          'the Org Authorization Server.',
      ),
      orgToken,
      'NOT_A_SERVICE_APP',
    ],
    [
      'invalid_client on the Org AS with a key',
      401,
      oauth('invalid_client', 'The client_assertion signature is invalid.'),
      orgToken,
      'INVALID_CLIENT',
    ],
    [
      'invalid_client: assertion issued in the future',
      401,
      oauth('invalid_client', 'The client_assertion token must be issued before the current time.'),
      orgToken,
      'CLOCK_SKEW',
    ],
    [
      'invalid_client: no credentials arrived',
      401,
      oauth('invalid_client', 'No client credentials found.'),
      customToken,
      'CLIENT_AUTH_MALFORMED',
    ],
    [
      'invalid_scope "Custom scopes are not allowed" on the Org AS',
      400,
      oauth('invalid_scope', 'Custom scopes are not allowed for this request.'),
      orgToken,
      'CUSTOM_SCOPE_ON_ORG_AS',
    ],
    [
      'invalid_scope "openid with client credentials" on the Org AS',
      400,
      oauth('invalid_scope', "Cannot request 'openid' scopes using client credentials."),
      orgToken,
      'INVALID_SCOPE',
    ],
    [
      'invalid_scope on a custom AS',
      400,
      oauth('invalid_scope', 'One or more scopes are not configured for the authorization server resource.'),
      customToken,
      'INVALID_SCOPE',
    ],
    [
      'consent_required on the Org AS',
      400,
      oauth('consent_required', 'You are not allowed any of the requested scopes.'),
      orgToken,
      'ORG_SCOPE_NOT_GRANTED',
    ],
    [
      'consent_required on a custom AS',
      400,
      oauth(
        'consent_required',
        'The following scopes require user consent and cannot be granted for the client credentials grant ' +
          'type: [probe.read].',
      ),
      customToken,
      'SCOPE_REQUIRES_CONSENT',
    ],
    [
      'access_denied no_matching_policy',
      401,
      oauth('access_denied', 'Policy evaluation failed for this request, please check the policy configurations.'),
      customToken,
      'NO_ACCESS_POLICY',
    ],
    [
      'access_denied scope_denied',
      400,
      oauth('access_denied', 'Some of the requested scopes were denied by the policy. Denied scopes: [probe.write].'),
      customToken,
      'SCOPE_DENIED_BY_POLICY',
    ],
    [
      'access_denied no_scope_allowed',
      400,
      oauth('access_denied', 'Policy evaluation succeeded, but all the requested scopes were rejected.'),
      customToken,
      'SCOPE_DENIED_BY_POLICY',
    ],
    [
      'access_denied network zone',
      403,
      oauth('access_denied', "The request is made from outside the client's permitted network zones."),
      orgToken,
      'NETWORK_ZONE_DENIED',
    ],
    [
      'server_error 400: claim expression',
      400,
      oauth('server_error', "The 'tenant' system claim could not be evaluated."),
      customToken,
      'CLAIM_EVALUATION_FAILED',
    ],
    [
      "server_error 400: the hook's own text",
      400,
      oauth('server_error', 'Tenant lookup failed'),
      customToken,
      'INLINE_HOOK_FAILED',
    ],
    [
      'server_error 500: invalid callout response',
      500,
      oauth('server_error', 'The callout service returned an invalid response.'),
      customToken,
      'INLINE_HOOK_FAILED',
    ],
    ['invalid_dpop_proof', 400, oauth('invalid_dpop_proof'), customToken, 'DPOP_REQUIRED'],
    ['use_dpop_nonce', 400, oauth('use_dpop_nonce'), customToken, 'DPOP_REQUIRED'],
    ['unauthorized_client', 400, oauth('unauthorized_client'), customToken, 'UNAUTHORIZED_CLIENT'],
    ['unsupported_grant_type', 400, oauth('unsupported_grant_type'), customToken, 'UNSUPPORTED_GRANT_TYPE'],
    ['temporarily_unavailable with 400', 400, oauth('temporarily_unavailable'), customToken, 'OKTA_SERVER_ERROR'],
    ['server_error', 500, oauth('server_error'), customToken, 'OKTA_SERVER_ERROR'],
    ['a 503 HTML page', 503, '<html><body>Service Unavailable</body></html>', customToken, 'OKTA_SERVER_ERROR'],
    ['a 500 with an unknown envelope code', 500, envelope('E0000009'), customToken, 'OKTA_SERVER_ERROR'],
    [
      '/authorize 400 HTML page',
      400,
      "<html>The 'redirect_uri' parameter must be a Login redirect URI</html>",
      { endpoint: 'authorize', orgServer: false },
      'REDIRECT_URI_MISMATCH',
    ],
    [
      '/authorize 400 HTML page for an unknown client',
      400,
      '<html>Invalid value for &#39;client_id&#39; parameter.</html>',
      { endpoint: 'authorize', orgServer: false },
      'UNKNOWN_CLIENT_ID',
    ],
    [
      '/authorize 400 HTML page saying nothing known',
      400,
      '<html>Bad request</html>',
      { endpoint: 'authorize', orgServer: false },
      'AUTHORIZE_UNEXPECTED',
    ],
    [
      '/authorize 400 JSON invalid_request',
      400,
      oauth('invalid_request'),
      { endpoint: 'authorize', orgServer: false },
      'REQUEST_REJECTED',
    ],
    ['an unknown OAuth error id', 400, oauth('invalid_thing'), customToken, 'UNEXPECTED_RESPONSE'],
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

  it('reads a phrase only to choose among the causes of the identifier Okta sent', () => {
    const a = classifyResponse(
      { status: 401, body: oauth('invalid_client', 'Custom scopes are not allowed for this request.') },
      customToken,
    );
    const b = classifyResponse(
      { status: 401, body: envelope('E0000015', 'Rate limit exceeded, access_denied') },
      customToken,
    );
    const c = classifyResponse(
      { status: 401, body: oauth('access_denied', 'A reworded text Okta may send one day.') },
      customToken,
    );

    expect(a?.code).toBe('INVALID_CLIENT');
    expect(b?.code).toBe('CUSTOM_AS_UNLICENSED');
    expect(c?.code).toBe('NO_ACCESS_POLICY');
  });

  it('matches phrases whatever the quoting and case', () => {
    const curly = oauth('access_denied', 'The request is made from outside the client’s permitted network zones.');
    expect(classifyResponse({ status: 403, body: curly }, customToken)?.code).toBe('NETWORK_ZONE_DENIED');
    expect(
      classifyResponse(
        { status: 401, body: oauth('invalid_client', 'INVALID VALUE FOR "CLIENT_ID" PARAMETER') },
        customToken,
      )?.code,
    ).toBe('UNKNOWN_CLIENT_ID');
  });

  it("reports Okta's id and a redacted description", () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwb2ExIn0.c2lnbmF0dXJl';

    const result = classifyResponse(
      { status: 400, body: oauth('invalid_client', `The client_assertion ${jwt} has already been used.`) },
      customToken,
    );

    expect(result).toEqual({
      code: 'CLIENT_AUTH_MALFORMED',
      oktaError: 'invalid_client',
      description: 'The client_assertion [REDACTED] has already been used.',
    });
  });

  it('has no oktaError for a body without an Okta error', () => {
    expect(classifyResponse({ status: 502, body: '<html/>' }, customToken)).toEqual({ code: 'OKTA_SERVER_ERROR' });
  });
});

describe("the network policy's 403 (the Sign-In Widget's error-403-proxy-block.json), on any endpoint", () => {
  const blocked = JSON.stringify({ error: 'Forbidden', message: 'Access denied by network policy' });

  it("is a block in front of Okta without X-Okta-Request-Id, Okta's own network zone with it", () => {
    expect(classifyResponse({ status: 403, body: blocked, requestId: null }, customToken)).toEqual({
      code: 'NETWORK_POLICY_BLOCKED',
      oktaError: 'Forbidden',
      description:
        'Access denied by network policy (without X-Okta-Request-Id: ' +
        "a proxy's answer or the org's dynamic zone's, the System Log tells)",
    });
    // No source settles whose answer it is: the diagnosis names both, and the way to tell them apart.
    const text = DIAGNOSES.NETWORK_POLICY_BLOCKED;
    expect(`${text.summary} ${text.remedy}`).toMatch(/proxy[\s\S]*dynamic[\s\S]*System Log/);
    expect(text.remedy).toContain('DefaultEnhancedDynamicZone');
    expect(
      classifyResponse({ status: 403, body: blocked, requestId: 'XyZ123' }, { endpoint: 'sign-in', orgServer: false }),
    ).toMatchObject({ code: 'NETWORK_ZONE_DENIED', description: 'Access denied by network policy' });
  });

  it("reads a gateway's message only when the OAuth description is absent, and only this phrase and status", () => {
    expect(readOktaError(blocked)).toEqual({
      shape: 'oauth',
      id: 'Forbidden',
      description: 'Access denied by network policy',
    });
    expect(classifyResponse({ status: 401, body: blocked, requestId: null }, customToken)?.code).toBe(
      'UNEXPECTED_RESPONSE',
    );
    expect(
      classifyResponse(
        { status: 403, body: JSON.stringify({ error: 'Forbidden', message: 'Nope' }), requestId: null },
        customToken,
      )?.code,
    ).toBe('UNEXPECTED_RESPONSE');
  });
});

describe("a blocklist network zone's 403: before any policy, none of Okta's error fields", () => {
  it(
    "an empty body, or one without errorCode, error or message, is NETWORK_BLOCKLISTED, saying whether Okta's " +
      'request id came',
    () => {
      expect(
        classifyResponse({ status: 403, body: '', requestId: 'XyZ123' }, { endpoint: 'sign-in', orgServer: false }),
      ).toEqual({
        code: 'NETWORK_BLOCKLISTED',
        description: expect.stringContaining("an empty body, with Okta's X-Okta-Request-Id"),
      });
      expect(classifyResponse({ status: 403, body: '<html>Forbidden</html>', requestId: null }, customToken)).toEqual({
        code: 'NETWORK_BLOCKLISTED',
        description: expect.stringContaining('without X-Okta-Request-Id'),
      });
      expect(classifyResponse({ status: 403, body: '{}', requestId: 'r' }, customToken)?.code).toBe(
        'NETWORK_BLOCKLISTED',
      );
    },
  );

  it("never an answer that carries Okta's fields: E0000006, an IDX state, or a 401 with an empty body", () => {
    expect(classifyResponse({ status: 403, body: envelope('E0000006'), requestId: 'r' }, customToken)?.code).toBe(
      'UNEXPECTED_RESPONSE',
    );
    expect(
      classifyResponse(
        { status: 403, body: JSON.stringify({ version: '1.0.0', messages: { value: [] } }), requestId: 'r' },
        customToken,
      )?.code,
    ).toBe('UNEXPECTED_RESPONSE');
    expect(classifyResponse({ status: 401, body: '', requestId: 'r' }, customToken)?.code).toBe('UNEXPECTED_RESPONSE');
  });
});

describe('codeForOktaError()', () => {
  it('maps an /authorize redirect error with the same table', () => {
    const ctx = { endpoint: 'authorize', orgServer: true } as const;
    expect(
      codeForOktaError({ id: 'invalid_scope', description: 'Custom scopes are not allowed for this request.' }, ctx),
    ).toBe('CUSTOM_SCOPE_ON_ORG_AS');
    expect(
      codeForOktaError(
        { id: 'access_denied', description: "The request is made from outside the client's permitted network zones." },
        ctx,
      ),
    ).toBe('NETWORK_ZONE_DENIED');
    expect(codeForOktaError({ id: 'login_required' }, ctx)).toBeUndefined();
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
