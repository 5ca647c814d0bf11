// Shared arrangements of the simulator tests: form posts and client authentication to 127.0.0.1 only.
import { createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { Simulator } from '../../sim/server';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface Posted {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

export async function post(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Posted> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** Basic credentials as Okta documents them: base64(client_id:client_secret), UTF-8, nothing encoded. */
export const basic = (clientId: string, secret: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
});

export const customBasic = (sim: Simulator): Record<string, string> =>
  basic(sim.clients.custom.clientId, sim.clients.custom.clientSecret);

/** A private_key_jwt client assertion of the org client for `aud`, claims overridable. */
export async function clientAssertion(sim: Simulator, aud: string, overrides: JWTPayload = {}): Promise<string> {
  const { clientId, keyId, privateKeyPem } = sim.clients.org;
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    iss: clientId,
    sub: clientId,
    aud,
    iat: now,
    exp: now + 300,
    jti: randomUUID(),
    ...overrides,
  };
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: keyId }).sign(createPrivateKey(privateKeyPem));
}

/** Form fields authenticating the org client with private_key_jwt at `endpointUrl`. */
export async function orgAuth(
  sim: Simulator,
  endpointUrl: string,
  overrides: JWTPayload = {},
): Promise<Record<string, string>> {
  return { client_assertion_type: JWT_BEARER, client_assertion: await clientAssertion(sim, endpointUrl, overrides) };
}

export const orgUrls = (sim: Simulator) => ({
  token: `${sim.url}/oauth2/v1/token`,
  introspect: `${sim.url}/oauth2/v1/introspect`,
});
export const customUrls = (sim: Simulator) => ({
  issuer: `${sim.url}/oauth2/default`,
  token: `${sim.url}/oauth2/default/v1/token`,
  introspect: `${sim.url}/oauth2/default/v1/introspect`,
  keys: `${sim.url}/oauth2/default/v1/keys`,
});

/** A custom-AS access token for the custom client (client_secret_basic). */
export async function customToken(sim: Simulator, scope = 'probe.read'): Promise<Posted> {
  return post(customUrls(sim).token, { grant_type: 'client_credentials', scope }, customBasic(sim));
}

/** An Org-AS access token for the org client (private_key_jwt). */
export async function orgToken(sim: Simulator): Promise<Posted> {
  const url = orgUrls(sim).token;
  return post(url, { grant_type: 'client_credentials', scope: 'okta.users.read', ...(await orgAuth(sim, url)) });
}
