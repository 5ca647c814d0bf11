// The simulator's side of a person signing in: the Authentication API, /authorize with a session token,
// the code exchange with PKCE, Direct Authentication, /userinfo and the session's end, each as strict as Okta.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBase32, totpCode, totpStep } from '../../functions/credentials/totp';
import { MFA_OTP_GRANT } from '../../sim/clients';
import { useSimulator } from '../support/simulator';
import { post } from './helpers';

const sim = useSimulator();
afterEach(() => {
  sim().scenario = 'healthy';
});

const authn = async (body: unknown) => {
  const res = await fetch(`${sim().url}/api/v1/authn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const portalUser = () => sim().clients.signIn.portalUser;
const mobileUser = () => sim().clients.signIn.mobileUser;
const code = (secret: string, offsetSteps = 0) => totpCode(decodeBase32(secret)!, totpStep(Date.now()) + offsetSteps);

/** /authorize with a session token, PKCE S256; the redirect is read, never followed. */
async function authorize(sessionToken: string, verifier: string) {
  const { portal } = sim().clients.signIn;
  const query = new URLSearchParams({
    client_id: portal.clientId,
    response_type: 'code',
    scope: 'openid profile email',
    redirect_uri: portal.redirectUri,
    state: 'st',
    nonce: 'n0nce',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    sessionToken,
  });
  const res = await fetch(`${sim().url}/oauth2/default/v1/authorize?${query}`, { redirect: 'manual' });
  return {
    location: new URL(res.headers.get('location') ?? '', sim().url),
    cookie: res.headers.get('set-cookie') ?? '',
  };
}

describe('the Authentication API', () => {
  it('answers a wrong password with 401 E0000004, as it answers an unknown user', async () => {
    const wrong = await authn({ username: portalUser().username, password: 'not-it' });
    const unknown = await authn({ username: 'nobody@example.com', password: portalUser().password });
    expect(wrong).toMatchObject({
      status: 401,
      json: { errorCode: 'E0000004', errorSummary: 'Authentication failed' },
    });
    expect(unknown.json.errorCode).toBe('E0000004');
  });

  it(
    "asks for MFA with the TOTP factor's verify link, refuses a code twice in one step, and gives a session " + 'token',
    async () => {
      sim().scenario = 'sign-in-mfa';
      const user = portalUser();
      const first = await authn({ username: user.username, password: user.password });
      expect(first.json).toMatchObject({
        status: 'MFA_REQUIRED',
        _embedded: {
          factors: expect.arrayContaining([
            expect.objectContaining({ factorType: 'token:software:totp', provider: 'OKTA' }),
          ]),
        },
      });
      const verifyUrl = `${sim().url}/api/v1/authn/factors/${user.totpFactorId}/verify`;
      const verify = (stateToken: unknown, passCode: string) =>
        fetch(verifyUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ stateToken, passCode }),
        });

      const ok = await verify(first.json.stateToken, code(user.totpSecret));
      expect(await ok.json()).toMatchObject({ status: 'SUCCESS', sessionToken: expect.any(String) });
      const again = await authn({ username: user.username, password: user.password });
      const reused = await verify(again.json.stateToken, code(user.totpSecret));
      expect(reused.status).toBe(403);
      expect(await reused.json()).toMatchObject({ errorCode: 'E0000068' });
    },
  );

  it('warns of an expiring password only when asked to (warnBeforePasswordExpired)', async () => {
    sim().scenario = 'password-expiring';
    const user = portalUser();
    expect((await authn({ username: user.username, password: user.password })).json.status).toBe('SUCCESS');
    const warned = await authn({
      username: user.username,
      password: user.password,
      options: { warnBeforePasswordExpired: true },
    });
    expect(warned.json).toMatchObject({
      status: 'PASSWORD_WARN',
      _embedded: { policy: { expiration: { passwordExpireDays: 5 } } },
      _links: { skip: { href: `${sim().url}/api/v1/authn/skip` } },
    });
  });
});

describe('the code flow with a session token', () => {
  it('gives a code once, checks PKCE, and ends the session it opened', async () => {
    const user = portalUser();
    const { portal } = sim().clients.signIn;
    const { json } = await authn({ username: user.username, password: user.password });
    const verifier = 'v'.repeat(43);
    const { location, cookie } = await authorize(String(json.sessionToken), verifier);
    expect(location.searchParams.get('state')).toBe('st');
    const sid = /sid=([^;]+)/.exec(cookie)?.[1];
    expect(sid).toBeDefined();
    const form = {
      grant_type: 'authorization_code',
      client_id: portal.clientId,
      redirect_uri: portal.redirectUri,
      code: location.searchParams.get('code') ?? '',
    };

    const badVerifier = await post(`${sim().url}/oauth2/default/v1/token`, { ...form, code_verifier: 'w'.repeat(43) });
    expect(badVerifier.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'PKCE verification failed.',
    });
    const reused = await post(`${sim().url}/oauth2/default/v1/token`, { ...form, code_verifier: verifier });
    expect(reused.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'The authorization code is invalid or has expired.',
    });

    const closed = await fetch(`${sim().url}/api/v1/sessions/me`, {
      method: 'DELETE',
      headers: { cookie: `sid=${sid}` },
    });
    expect(closed.status).toBe(204);
    expect(
      (await fetch(`${sim().url}/api/v1/sessions/me`, { method: 'DELETE', headers: { cookie: `sid=${sid}` } })).status,
    ).toBe(404);
  });
});

describe('Direct Authentication', () => {
  const token = (form: Record<string, string>) =>
    post(`${sim().url}/oauth2/v1/token`, {
      client_id: sim().clients.signIn.mobile.clientId,
      scope: 'openid profile email',
      ...form,
    });

  it(
    'answers 403 mfa_required with an mfa_token, then tokens ' + 'for the mfa-otp grant, and /userinfo for the user',
    async () => {
      sim().scenario = 'sign-in-mfa';
      const user = mobileUser();
      const first = await token({ grant_type: 'password', username: user.username, password: user.password });
      expect(first.status).toBe(403);
      const { mfa_token: mfaToken } = first.json<{ mfa_token: string }>();
      const second = await token({ grant_type: MFA_OTP_GRANT, mfa_token: mfaToken, otp: code(user.totpSecret, 1) });
      expect(second.json()).toMatchObject({
        token_type: 'Bearer',
        id_token: expect.any(String),
        access_token: expect.any(String),
      });

      const info = await fetch(`${sim().url}/oauth2/v1/userinfo`, {
        headers: { authorization: `Bearer ${second.json<{ access_token: string }>().access_token}` },
      });
      expect(await info.json()).toMatchObject({ sub: user.id, email: user.email, preferred_username: user.username });
    },
  );

  it('refuses the password grant to an app without it: unauthorized_client', async () => {
    sim().scenario = 'sign-in-not-allowed';
    const user = mobileUser();
    expect(
      (await token({ grant_type: 'password', username: user.username, password: user.password })).json(),
    ).toMatchObject({ error: 'unauthorized_client' });
  });
});
