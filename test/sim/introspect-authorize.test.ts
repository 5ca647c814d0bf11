import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator';
import { customBasic, customToken, customUrls, orgAuth, orgToken, orgUrls, post } from './helpers';

const sim = useSimulator();

describe('/introspect', () => {
  it('describes a live custom-AS token with the fields Okta sends', async () => {
    const token = (await customToken(sim())).json<{ access_token: string }>().access_token;
    const res = await post(
      customUrls(sim()).introspect,
      { token, token_type_hint: 'access_token' },
      customBasic(sim()),
    );
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      active: true,
      scope: 'probe.read',
      client_id: sim().clients.custom.clientId,
      sub: sim().clients.custom.clientId,
      exp: expect.any(Number),
      iat: expect.any(Number),
      iss: customUrls(sim()).issuer,
      aud: 'api://default',
      jti: expect.stringMatching(/^AT\./),
      token_type: 'Bearer',
    });
  });

  it('knows the opaque Org-AS token, authenticated by an assertion whose aud is the introspect URL', async () => {
    const token = (await orgToken(sim())).json<{ access_token: string }>().access_token;
    const url = orgUrls(sim()).introspect;
    const res = await post(url, { token, token_type_hint: 'access_token', ...(await orgAuth(sim(), url)) });
    expect(res.json()).toMatchObject({
      active: true,
      client_id: sim().clients.org.clientId,
      iss: sim().url,
      scope: 'okta.users.read',
    });
    const wrongAud = await post(url, { token, ...(await orgAuth(sim(), orgUrls(sim()).token)) });
    expect(wrongAud.status).toBe(401);
  });

  it('says only {"active":false} for unknown, revoked or other-server tokens', async () => {
    const token = (await customToken(sim())).json<{ access_token: string }>().access_token;
    const unknown = await post(customUrls(sim()).introspect, { token: 'not-a-token' }, customBasic(sim()));
    expect(unknown.json()).toEqual({ active: false });
    const orgUrl = orgUrls(sim()).introspect;
    const elsewhere = await post(orgUrl, { token, ...(await orgAuth(sim(), orgUrl)) });
    expect(elsewhere.json()).toEqual({ active: false });
    const revoked = await post(`${sim().url}/oauth2/default/v1/revoke`, { token }, customBasic(sim()));
    expect(revoked.status).toBe(200);
    expect(revoked.text).toBe('');
    expect((await post(customUrls(sim()).introspect, { token }, customBasic(sim()))).json()).toEqual({ active: false });
  });

  it(
    'answers no credentials with 401 invalid_client and ' + 'carries the headers of the /oauth2/{id}/v1/* bucket',
    async () => {
      const res = await post(customUrls(sim()).introspect, { token: 'x' });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({ error: 'invalid_client', error_description: 'No client credentials found.' });
      expect(res.headers.get('x-rate-limit-limit')).toBe('600');
    },
  );
});

describe('/authorize without a user', () => {
  const authorizeUrl = (base: string, params: Record<string, string>) =>
    `${base}/v1/authorize?${new URLSearchParams(params)}`;
  const params = (overrides: Record<string, string> = {}) => ({
    response_type: 'code',
    client_id: sim().clients.web.clientId,
    redirect_uri: sim().clients.web.redirectUri,
    scope: 'openid',
    state: 'st-123',
    nonce: 'n-456',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    prompt: 'none',
    ...overrides,
  });
  const get = (url: string) => fetch(url, { redirect: 'manual' });

  it('redirects with login_required and the state, in the encoding Okta uses', async () => {
    const res = await get(authorizeUrl(`${sim().url}/oauth2/default`, params({ scope: 'openid probe.read' })));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(
      `${sim().clients.web.redirectUri}?error=login_required&error_description=The+client+specified+not+to+prompt%2C+but+the+user+is+not+logged+in.&state=st-123`,
    );
    expect(res.headers.get('x-rate-limit-limit')).toBe('60');
    expect(res.headers.get('x-okta-request-id')).toBeTruthy();
  });

  it('shows an HTML 400 page, not a redirect, for an unregistered redirect_uri', async () => {
    const res = await get(
      authorizeUrl(`${sim().url}/oauth2`, params({ redirect_uri: 'http://127.0.0.1:1/elsewhere' })),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain(
      'The &#39;redirect_uri&#39; parameter must be a Login redirect URI in the client app settings:',
    );
  });

  it('redirects invalid_scope for a custom scope on the Org AS', async () => {
    const res = await get(authorizeUrl(`${sim().url}/oauth2`, params({ scope: 'openid probe.read' })));
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_scope');
    expect(location.searchParams.get('error_description')).toBe('Custom scopes are not allowed for this request.');
    expect(location.searchParams.get('state')).toBe('st-123');
  });

  it('takes no PKCE from an app that does not require it, but refuses a challenge method other than S256', async () => {
    const { code_challenge: _c, ...noPkce } = params();
    const missing = new URL(
      (await get(authorizeUrl(`${sim().url}/oauth2/default`, noPkce))).headers.get('location') ?? '',
    );
    expect(missing.searchParams.get('error')).toBe('login_required');
    const plain = new URL(
      (await get(authorizeUrl(`${sim().url}/oauth2/default`, params({ code_challenge_method: 'plain' })))).headers.get(
        'location',
      ) ?? '',
    );
    expect(plain.searchParams.get('error')).toBe('invalid_request');
  });

  it('shows the sign-in page (200 HTML) without prompt=none', async () => {
    const { prompt: _p, ...interactive } = params();
    const res = await get(authorizeUrl(`${sim().url}/oauth2/default`, interactive));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('okta-sign-in');
  });
});
