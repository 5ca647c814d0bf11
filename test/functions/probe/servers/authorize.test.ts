import { describe, expect, it } from 'vitest';
import { authorizeRequest, judgeAuthorize } from '../../../../functions/probe/servers/authorize';
import { answer } from '../fixtures';

const REDIRECT = 'https://app.example.com/callback';
const expected = { redirectUri: REDIRECT, state: 'st4te', orgServer: false };
const redirect = (query: string, status = 302) => answer(status, '', { location: `${REDIRECT}?${query}` });

describe('authorizeRequest', () => {
  it('asks for a code with prompt=none, PKCE S256, fresh state and nonce', () => {
    const a = authorizeRequest('https://acme.okta.com/oauth2/default/v1/authorize', '0oa1', { redirectUri: REDIRECT });
    const b = authorizeRequest('https://acme.okta.com/oauth2/default/v1/authorize', '0oa1', {
      redirectUri: REDIRECT,
      clientId: '0oaWeb',
      scopes: ['openid', 'email'],
    });
    const qa = new URL(a.url).searchParams;
    const qb = new URL(b.url).searchParams;
    expect(Object.fromEntries(qa)).toMatchObject({
      response_type: 'code',
      client_id: '0oa1',
      redirect_uri: REDIRECT,
      scope: 'openid',
      prompt: 'none',
      code_challenge_method: 'S256',
      state: a.state,
    });
    expect(qa.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(qb.get('client_id')).toBe('0oaWeb');
    expect(qb.get('scope')).toBe('openid email');
    expect(a.state).not.toBe(b.state);
    expect(qa.get('nonce')).not.toBe(qb.get('nonce'));
  });
});

describe('judgeAuthorize', () => {
  it('passes a redirect to redirect_uri with error=login_required and our state', () => {
    const verdict = judgeAuthorize(
      expected,
      redirect('error=login_required&error_description=The+client+specified+not+to+prompt&state=st4te'),
    );
    expect(verdict).toEqual({ diagnosis: null, observed: { status: 302, error: 'login_required' } });
  });

  it('reads the parameters from the fragment too', () => {
    const res = answer(302, '', { location: `${REDIRECT}#error=login_required&state=st4te` });
    expect(judgeAuthorize(expected, res).diagnosis).toBeNull();
  });

  it('reports AUTHORIZE_UNEXPECTED when the state differs', () => {
    expect(judgeAuthorize(expected, redirect('error=login_required&state=other')).diagnosis?.code).toBe(
      'AUTHORIZE_UNEXPECTED',
    );
  });

  it('reports CUSTOM_SCOPE_ON_ORG_AS for invalid_scope on the org server, INVALID_SCOPE on a custom one', () => {
    const res = redirect(
      'error=invalid_scope&error_description=Custom+scopes+are+not+allowed+for+this+request.&state=st4te',
    );
    expect(judgeAuthorize({ ...expected, orgServer: true }, res).diagnosis).toMatchObject({
      code: 'CUSTOM_SCOPE_ON_ORG_AS',
      oktaError: 'invalid_scope',
      detail: 'error=invalid_scope: Custom scopes are not allowed for this request.',
    });
    expect(judgeAuthorize(expected, res).diagnosis?.code).toBe('INVALID_SCOPE');
  });

  it('maps access_denied to NO_ACCESS_POLICY and unauthorized_client to UNAUTHORIZED_CLIENT', () => {
    expect(judgeAuthorize(expected, redirect('error=access_denied&state=st4te')).diagnosis?.code).toBe(
      'NO_ACCESS_POLICY',
    );
    expect(judgeAuthorize(expected, redirect('error=unauthorized_client&state=st4te')).diagnosis?.code).toBe(
      'UNAUTHORIZED_CLIENT',
    );
  });

  it('reports AUTHORIZE_UNEXPECTED for a code, an unknown error or a redirect elsewhere', () => {
    expect(judgeAuthorize(expected, redirect('code=abc&state=st4te')).diagnosis?.code).toBe('AUTHORIZE_UNEXPECTED');
    expect(judgeAuthorize(expected, redirect('error=weird&state=st4te')).diagnosis?.code).toBe('AUTHORIZE_UNEXPECTED');
    const elsewhere = answer(302, '', { location: 'https://acme.okta.com/login/login.htm?fromURI=x' });
    expect(judgeAuthorize(expected, elsewhere).diagnosis).toMatchObject({
      code: 'AUTHORIZE_UNEXPECTED',
      detail: `redirected to https://acme.okta.com/login/login.htm, expected ${REDIRECT}`,
    });
  });

  it("reports REDIRECT_URI_MISMATCH for Okta's HTML 400 page", () => {
    const page =
      "<html><body>The 'redirect_uri' parameter must be a Login redirect URI in the client app settings</body></html>";
    expect(judgeAuthorize(expected, answer(400, page, { 'content-type': 'text/html' })).diagnosis?.code).toBe(
      'REDIRECT_URI_MISMATCH',
    );
  });

  it(
    "reports UNKNOWN_CLIENT_ID for Okta's HTML 400 page about the client_id, AUTHORIZE_UNEXPECTED for another " +
      'page',
    () => {
      const page = "<html><body>Invalid value for 'client_id' parameter.</body></html>";
      expect(judgeAuthorize(expected, answer(400, page, { 'content-type': 'text/html' })).diagnosis?.code).toBe(
        'UNKNOWN_CLIENT_ID',
      );
      expect(
        judgeAuthorize(expected, answer(400, '<html>Bad Request</html>', { 'content-type': 'text/html' })).diagnosis
          ?.code,
      ).toBe('AUTHORIZE_UNEXPECTED');
    },
  );

  it.each(['interaction_required', 'consent_required', 'account_selection_required'])(
    'passes %s like login_required: only the user is missing (OIDC Core 3.1.2.6)',
    (error) => {
      expect(judgeAuthorize(expected, redirect(`error=${error}&state=st4te`)).diagnosis).toBeNull();
      expect(judgeAuthorize(expected, redirect(`error=${error}&state=other`)).diagnosis?.code).toBe(
        'AUTHORIZE_UNEXPECTED',
      );
    },
  );

  it('reports NETWORK_ZONE_DENIED for an access_denied redirect naming the network zones', () => {
    const res = redirect(
      'error=access_denied&error_description=The+request+is+made+from+outside+the+client%27s+permitted+network+zones.' +
        '&state=st4te',
    );
    expect(judgeAuthorize(expected, res).diagnosis?.code).toBe('NETWORK_ZONE_DENIED');
  });

  it('reports AUTHORIZE_UNEXPECTED for a login page served with 200', () => {
    expect(judgeAuthorize(expected, answer(200, '<html>Sign in</html>')).diagnosis?.code).toBe('AUTHORIZE_UNEXPECTED');
  });
});

describe("/authorize's client-based rate limit", () => {
  // okta-developer-docs reference/rl-system-log-events: system.client.rate_limit.violation fires when "a specific
  // client, IP address, or device identifier combination exceeds the total limit of 60 requests per minute".
  const E0000047 = {
    errorCode: 'E0000047',
    errorSummary: 'API call exceeded rate limit due to too many requests.',
    errorLink: 'E0000047',
    errorId: 'oaeRL',
    errorCauses: [],
  };

  it('a 429 names the client-based limit and the client, never the org bucket', () => {
    const verdict = judgeAuthorize(
      { ...expected, clientId: '0oaProbeClient' },
      answer(429, E0000047, { 'x-rate-limit-limit': '60', 'x-rate-limit-remaining': '0' }),
    );
    expect(verdict.diagnosis?.code).toBe('CLIENT_RATE_LIMITED');
    expect(verdict.diagnosis?.detail).toContain(
      'client-based rate limit of /authorize (60 a minute per client, IP and device; ' +
        'System Log system.client.rate_limit.*), for client 0oaProbeClient',
    );
  });

  it('a concurrency 429 (limit 0) is not that limit', () => {
    const verdict = judgeAuthorize(
      { ...expected, clientId: '0oaProbeClient' },
      answer(429, E0000047, { 'x-rate-limit-limit': '0', 'x-rate-limit-remaining': '0' }),
    );
    expect(verdict.diagnosis?.code).toBe('OKTA_CONCURRENCY_LIMITED');
    expect(verdict.diagnosis?.detail ?? '').not.toMatch(/client-based/);
  });
});
