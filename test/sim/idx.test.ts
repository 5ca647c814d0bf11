// The simulator's Identity Engine side: /v1/interact, the IDX API and the interaction_code grant, as
// strict as Okta (PKCE, the grant on the app, one-time codes, the idx session cookie).
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { codeAt, stepOf } from '../../sim/totp';
import { useSimulator } from '../support/simulator';
import { post } from './helpers';

const sim = useSimulator();
afterEach(() => {
  sim().scenario = 'healthy';
});

const ION = 'application/ion+json; okta-version=1.0.0';
const app = () => sim().clients.signIn.workforce;
const user = () => sim().clients.signIn.workforceUser;
const verifier = 'v'.repeat(43);

const interact = (extra: Record<string, string> = {}) =>
  post(`${sim().url}/oauth2/default/v1/interact`, {
    client_id: app().clientId,
    scope: 'openid profile email',
    redirect_uri: app().redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: 'st',
    nonce: 'n0nce',
    ...extra,
  });

async function idx(
  path: string,
  body: unknown,
): Promise<{ status: number; type: string | null; cookie: string | null; json: Record<string, unknown> }> {
  const res = await fetch(`${sim().url}/idp/idx/${path}`, {
    method: 'POST',
    headers: { 'content-type': path === 'introspect' ? ION : 'application/json', accept: ION },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    cookie: res.headers.get('set-cookie'),
    json: (await res.json()) as Record<string, unknown>,
  };
}
const formNames = (state: Record<string, unknown>): string[] =>
  ((state.remediation as { value: { name: string }[] } | undefined)?.value ?? []).map((f) => f.name);

describe('/v1/interact', () => {
  it('gives an interaction handle to an app holding the grant, with PKCE', async () => {
    const res = await interact();
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ interaction_handle: expect.any(String) });
  });

  it('refuses an app without the grant (unauthorized_client), and a request without PKCE', async () => {
    expect((await interact({ code_challenge: '' })).json()).toEqual({
      error: 'invalid_request',
      error_description: 'PKCE code challenge is required to use the interaction code flow.',
    });
    sim().scenario = 'idx-grant-missing';
    const refused = await interact();
    expect(refused.status).toBe(400);
    expect(refused.json()).toMatchObject({
      error: 'unauthorized_client',
      error_description: expect.stringMatching(
        /^The client is not authorized to use the provided grant type\. Configured grant types: \[/,
      ),
    });
  });
});

describe('the IDX API', () => {
  it(
    'identify, the password, the interaction code once with PKCE; the session redeemed once at ' +
      '/login/token/redirect, closed by DELETE /api/v1/sessions/me',
    async () => {
      const handle = (await interact()).json<{ interaction_handle: string }>().interaction_handle;
      const start = await idx('introspect', { interactionHandle: handle });
      expect(start.type).toBe(ION);
      expect(formNames(start.json)).toEqual(['identify']);
      const stateHandle = start.json.stateHandle;

      const password = await idx('identify', { identifier: user().username, stateHandle });
      expect(formNames(password.json)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
      expect(password.json.currentAuthenticatorEnrollment).toMatchObject({ value: { key: 'okta_password' } });

      const done = await idx('challenge/answer', { credentials: { passcode: user().password }, stateHandle });
      const success = done.json.successWithInteractionCode as {
        href: string;
        value: { name: string; value?: string }[];
      };
      expect(success.href).toBe(`${sim().url}/oauth2/default/v1/token`);
      const code = success.value.find((v) => v.name === 'interaction_code')?.value ?? '';
      // No IDX answer sets the session cookie: the production IDX clients redeem the stateHandle up to "~".
      expect(done.cookie ?? '').not.toMatch(/idx=/);
      expect(String(stateHandle)).toContain('~');
      const redeem = () =>
        fetch(
          `${sim().url}/login/token/redirect?stateToken=${encodeURIComponent(String(stateHandle).split('~')[0] ?? '')}`,
          { redirect: 'manual' },
        );
      const redeemed = await redeem();
      expect(redeemed.status).toBe(302);
      expect(redeemed.headers.get('location')).toBe(app().redirectUri);
      // Classic's sid cleared first, as an Identity Engine org answers (okta-developer-docs postman capture), then idx.
      const cookies = redeemed.headers.getSetCookie();
      expect(cookies[0]).toBe('sid=""; Expires=Thu, 01-Jan-1970 00:00:10 GMT; Path=/');
      const sid = cookies.map((c) => /^idx=([^;]+)/.exec(c)?.[1]).find((v) => v !== undefined);
      expect(sid).toBeDefined();
      expect((await redeem()).status).toBe(403);

      const exchange = (codeVerifier: string) =>
        post(`${sim().url}/oauth2/default/v1/token`, {
          grant_type: 'interaction_code',
          client_id: app().clientId,
          interaction_code: code,
          code_verifier: codeVerifier,
        });
      expect((await exchange('w'.repeat(43))).json()).toEqual({
        error: 'invalid_grant',
        error_description: 'PKCE verification failed.',
      });
      expect((await exchange(verifier)).json()).toEqual({
        error: 'invalid_grant',
        error_description: 'The interaction code is invalid or has expired.',
      });

      expect(
        (await fetch(`${sim().url}/api/v1/sessions/me`, { method: 'DELETE', headers: { cookie: `idx=${sid}` } }))
          .status,
      ).toBe(204);
      expect(sim().signInSessions()).toBe(0);
    },
  );

  it(
    'answers a wrong password with "Password is incorrect", and a state handle it does not know with ' +
      'idx.session.expired',
    async () => {
      const handle = (await interact()).json<{ interaction_handle: string }>().interaction_handle;
      const { stateHandle } = (await idx('introspect', { interactionHandle: handle })).json;
      await idx('identify', { identifier: user().username, stateHandle });
      const wrong = await idx('challenge/answer', { credentials: { passcode: 'not-it' }, stateHandle });
      expect(wrong.status).toBe(400);
      expect(wrong.json.messages).toEqual({
        type: 'array',
        value: [{ message: 'Password is incorrect', i18n: { key: 'incorrectPassword' }, class: 'ERROR' }],
      });
      const unknown = await idx('identify', { identifier: user().username, stateHandle: 'not-a-handle' });
      expect(unknown).toMatchObject({
        status: 401,
        json: { messages: { value: [{ i18n: { key: 'idx.session.expired' } }] } },
      });
    },
  );

  it(
    "offers Okta Verify and Google Authenticator, in the widget mock's order; the seed is Google " +
      "Authenticator's, never Okta Verify's",
    async () => {
      sim().scenario = 'sign-in-mfa';
      const toSelect = async () => {
        const handle = (await interact()).json<{ interaction_handle: string }>().interaction_handle;
        const { stateHandle } = (await idx('introspect', { interactionHandle: handle })).json;
        await idx('identify', { identifier: user().username, stateHandle });
        const select = await idx('challenge/answer', { credentials: { passcode: user().password }, stateHandle });
        return { stateHandle, offered: (select.json.authenticators as { value: { key: string; id: string }[] }).value };
      };
      const code = codeAt(user().totpSecret, stepOf(Date.now()));
      const first = await toSelect();
      expect(first.offered.map((a) => a.key)).toEqual(['okta_verify', 'google_otp']);
      const verify = await idx('challenge', {
        authenticator: { id: first.offered[0]?.id, methodType: 'totp' },
        stateHandle: first.stateHandle,
      });
      expect(verify.json.currentAuthenticator).toMatchObject({ value: { key: 'okta_verify' } });
      // Okta Verify holds the user's own secret: the probe's seed is refused there, and accepted by Google
      // Authenticator.
      expect(
        (await idx('challenge/answer', { credentials: { totp: code }, stateHandle: first.stateHandle })).status,
      ).toBe(400);
      const second = await toSelect();
      const google = await idx('challenge', {
        authenticator: { id: second.offered[1]?.id },
        stateHandle: second.stateHandle,
      });
      expect(google.json.currentAuthenticator).toMatchObject({ value: { key: 'google_otp' } });
      const accepted = await idx('challenge/answer', {
        credentials: { passcode: code },
        stateHandle: second.stateHandle,
      });
      expect(accepted.json.successWithInteractionCode).toBeDefined();
    },
  );

  it('offers Okta Verify by push or code when MFA is required, and never starts a push', async () => {
    sim().scenario = 'sign-in-mfa';
    const handle = (await interact()).json<{ interaction_handle: string }>().interaction_handle;
    const { stateHandle } = (await idx('introspect', { interactionHandle: handle })).json;
    await idx('identify', { identifier: user().username, stateHandle });
    const select = await idx('challenge/answer', { credentials: { passcode: user().password }, stateHandle });
    expect(formNames(select.json)).toEqual(['select-authenticator-authenticate']);
    const id = (select.json.authenticators as { value: { id: string }[] }).value[0]?.id;
    expect((await idx('challenge', { authenticator: { id, methodType: 'push' }, stateHandle })).status).toBe(400);
    const code = await idx('challenge', { authenticator: { id, methodType: 'totp' }, stateHandle });
    expect(code.json.currentAuthenticator).toMatchObject({
      value: { key: 'okta_verify', methods: [{ type: 'totp' }] },
    });
  });
});
