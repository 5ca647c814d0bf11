// The events the simulated org writes when its part of a sign-in to an app succeeds, each under the X-Okta-Request-Id
// of the request that caused it (the sign-on policy's ALLOW beside each hand-off, the code at /authorize, the ID
// token at /token, the SAML app's single sign-on), and the SAML app's key rotation where the app still pins the
// certificate Okta rotated away from; served in the size of Okta's own events (1.7 KB and up).
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { spSsoPath } from '../../sim/app-saml-sp';
import { useSimulator } from '../support/simulator';
import { orgAuth, orgUrls, post } from './helpers';

const sim = useSimulator();
afterEach(() => {
  sim().scenario = 'healthy';
});

interface Served {
  readonly eventType: string;
  readonly published: string;
  readonly outcome: { readonly result: string };
  readonly transaction: { readonly id: string };
  readonly target: readonly { readonly id: string; readonly type: string; readonly displayName: string }[];
}

/** The org's events matching `filter`, as the probe reads them. */
async function logEvents(filter: string): Promise<{ events: Served[]; sizes: number[] }> {
  const url = orgUrls(sim()).token;
  const issued = await post(url, {
    grant_type: 'client_credentials',
    scope: 'okta.logs.read',
    ...(await orgAuth(sim(), url)),
  });
  const token = issued.json<{ access_token: string }>().access_token;
  const since = new Date(Date.now() - 3 * 24 * 3_600_000).toISOString();
  const res = await fetch(`${sim().url}/api/v1/logs?${new URLSearchParams({ filter, since })}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  expect(res.status).toBe(200);
  const raw = (await res.json()) as unknown[];
  return { events: raw as Served[], sizes: raw.map((e) => JSON.stringify(e).length) };
}

/** A session for the portal's user: its session token, and the sid cookie /authorize sets with it. */
async function signedIn(verifier: string) {
  const user = sim().clients.signIn.portalUser;
  const { portal } = sim().clients.signIn;
  const authn = await fetch(`${sim().url}/api/v1/authn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  const { sessionToken } = (await authn.json()) as { sessionToken: string };
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
    requestId: res.headers.get('x-okta-request-id') ?? '',
    code: new URL(res.headers.get('location') ?? '', sim().url).searchParams.get('code') ?? '',
    sid: /sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '',
  };
}

describe("the simulated org's System Log of a sign-in to an app", () => {
  it('logs the code under its authorize request, the ID token under its token request, in Okta size', async () => {
    const verifier = 'v'.repeat(43);
    const { portal } = sim().clients.signIn;
    const authorized = await signedIn(verifier);
    const exchanged = await post(`${sim().url}/oauth2/default/v1/token`, {
      grant_type: 'authorization_code',
      client_id: portal.clientId,
      redirect_uri: portal.redirectUri,
      code: authorized.code,
      code_verifier: verifier,
    });
    expect(exchanged.status).toBe(200);
    const tokenRequest = exchanged.headers.get('x-okta-request-id') ?? '';

    const code = await logEvents(`transaction.id eq "${authorized.requestId}"`);
    // The sign-on policy's ALLOW beside the code's SUCCESS, as Okta writes both (data/event-types.json).
    expect(code.events.map((e) => [e.eventType, e.outcome.result])).toEqual([
      ['policy.evaluate_sign_on', 'ALLOW'],
      ['app.oauth2.as.authorize.code', 'SUCCESS'],
    ]);
    expect(code.events[1]?.target).toEqual([expect.objectContaining({ id: portal.clientId, type: 'AppInstance' })]);
    const idToken = await logEvents(`transaction.id eq "${tokenRequest}"`);
    expect(idToken.events.map((e) => [e.eventType, e.outcome.result])).toEqual([
      ['app.oauth2.as.token.grant.id_token', 'SUCCESS'],
    ]);
    for (const size of [...code.sizes, ...idToken.sizes]) expect(size).toBeGreaterThan(1700);
  });

  it("logs the SAML app's single sign-on under the app link's request", async () => {
    const { sid } = await signedIn('w'.repeat(43));
    const res = await fetch(`${sim().url}${spSsoPath()}`, { headers: { cookie: `sid=${sid}` }, redirect: 'manual' });
    expect(res.status).toBe(200);
    const { events } = await logEvents(`transaction.id eq "${res.headers.get('x-okta-request-id') ?? ''}"`);
    expect(events.map((e) => [e.eventType, e.outcome.result, e.target[0]?.displayName])).toEqual([
      ['policy.evaluate_sign_on', 'ALLOW', 'Wiki'],
      ['user.authentication.sso', 'SUCCESS', 'Wiki'],
    ]);
  });

  it("logs the SAML app's key rotation two days ago under app-stale-certificate, and none when healthy", async () => {
    expect((await logEvents('eventType eq "app.keys.rotate"')).events).toEqual([]);
    sim().scenario = 'app-stale-certificate';
    const { events } = await logEvents('eventType eq "app.keys.rotate"');
    expect(events).toHaveLength(1);
    expect(events[0]?.target[0]?.displayName).toBe('Wiki');
    const ago = Date.now() - Date.parse(events[0]?.published ?? '');
    expect(ago).toBeGreaterThan(47 * 3_600_000);
    expect(ago).toBeLessThan(49 * 3_600_000);
  });
});
