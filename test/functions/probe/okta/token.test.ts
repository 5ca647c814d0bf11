import { describe, expect, it } from 'vitest';
import { backOffUntil, DEFAULT_BACK_OFF_MS, judgeTokenResponse } from '../../../../functions/probe/okta/token';
import { answer, NOW } from '../fixtures';

const custom = { orgServer: false, authMethod: 'client_secret_basic' as const };
const org = { orgServer: true, authMethod: 'client_secret_basic' as const };

describe('judgeTokenResponse', () => {
  it('passes a Bearer token (any case) and observes expiry and scope, never the token', () => {
    const verdict = judgeTokenResponse(
      custom,
      answer(200, { token_type: 'bearer', expires_in: 3600, access_token: 'eyJ.secret.sig', scope: 'orders.read' }),
    );
    expect(verdict.diagnosis).toBeNull();
    expect(verdict.accessToken).toBe('eyJ.secret.sig');
    expect(verdict.observed).toEqual({ expiresIn: 3600, scope: 'orders.read' });
  });

  it('reports MALFORMED_RESPONSE without access_token or with another token_type', () => {
    expect(judgeTokenResponse(custom, answer(200, { token_type: 'Bearer' })).diagnosis?.code).toBe(
      'MALFORMED_RESPONSE',
    );
    expect(judgeTokenResponse(custom, answer(200, { token_type: 'DPoP', access_token: 'x' })).diagnosis?.detail).toBe(
      'token_type was DPoP, expected Bearer',
    );
    expect(judgeTokenResponse(custom, answer(200, 'not json')).diagnosis?.code).toBe('MALFORMED_RESPONSE');
  });

  it(
    'reports ORG_AS_REQUIRES_PRIVATE_KEY_JWT for Okta\'s "must use private_key_jwt", UNKNOWN_CLIENT_ID for an ' +
      'unknown id sent with a secret',
    () => {
      const body = {
        error: 'invalid_client',
        error_description:
          'Client Credentials requests to the Org Authorization Server must use the private_key_jwt ' +
          'token_endpoint_auth_method.',
      };
      expect(judgeTokenResponse(org, answer(401, body)).diagnosis?.code).toBe('ORG_AS_REQUIRES_PRIVATE_KEY_JWT');
      const unknown = { error: 'invalid_client', error_description: "Invalid value for 'client_id' parameter." };
      expect(judgeTokenResponse(org, answer(401, unknown)).diagnosis?.code).toBe('UNKNOWN_CLIENT_ID');
      const badSecret = {
        error: 'invalid_client',
        error_description: 'The client secret supplied for a confidential client is invalid.',
      };
      expect(judgeTokenResponse(custom, answer(401, badSecret)).diagnosis?.code).toBe('INVALID_CLIENT');
    },
  );

  it('reports CUSTOM_SCOPE_ON_ORG_AS for invalid_scope on the org server', () => {
    const body = { error: 'invalid_scope', error_description: 'Custom scopes are not allowed for this request.' };
    expect(
      judgeTokenResponse({ orgServer: true, authMethod: 'private_key_jwt' }, answer(400, body)).diagnosis,
    ).toMatchObject({
      code: 'CUSTOM_SCOPE_ON_ORG_AS',
      requestId: 'req-123',
      httpStatus: 400,
      oktaError: 'invalid_scope',
    });
  });

  it('reports RATE_LIMITED with the time to back off until', () => {
    const reset = NOW / 1000 + 45;
    const body = { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' };
    const verdict = judgeTokenResponse(
      custom,
      answer(429, body, {
        'x-rate-limit-limit': '1200',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(reset),
      }),
    );
    expect(verdict.diagnosis).toMatchObject({
      code: 'RATE_LIMITED',
      detail: `back off until ${new Date(reset * 1000).toISOString()}`,
      oktaError: 'E0000047',
    });
  });
});

describe('backOffUntil', () => {
  it('takes the later of X-Rate-Limit-Reset and Retry-After', () => {
    expect(backOffUntil(answer(429, '', { 'x-rate-limit-reset': String(NOW / 1000 + 30), 'retry-after': '50' }))).toBe(
      NOW + 50_000,
    );
    expect(backOffUntil(answer(429, '', { 'x-rate-limit-reset': String(NOW / 1000 + 30) }))).toBe(NOW + 30_000);
  });

  it('backs off a default window when the answer names no end', () => {
    expect(backOffUntil(answer(429))).toBe(NOW + DEFAULT_BACK_OFF_MS);
  });
});
