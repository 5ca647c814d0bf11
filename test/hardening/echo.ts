// The credentials of the secret-leak tests and an org that echoes them: known values, so every form
// of each can be searched for in whatever the probe prints, logs or publishes.
import { startHostileServer, type HostileAnswer, type HostileServer } from '../support/hostile';
import { testPrivateKeyPem } from './helpers';

/** A client secret with characters that URL-encoding and base64 both change. */
export const CLIENT_SECRET = 'Sx9+k/Q=~secret value&more:0123456789abcdef';
/** Opaque, as Org-AS tokens are: only knowing the value can redact it. */
export const ACCESS_TOKEN = 'oktaOpaqueAccessToken0123456789abcdefghijklmnopqrstuv';
export const PRIVATE_KEY = testPrivateKeyPem();

/** Every form a value may take on the wire or in a log. */
export function forms(value: string): string[] {
  return [
    ...new Set([
      value,
      encodeURIComponent(value),
      new URLSearchParams({ s: value }).toString().slice(2),
      Buffer.from(value).toString('base64'),
      Buffer.from(value).toString('base64url'),
    ]),
  ];
}

/** The PEM's base64 body lines, each long enough to be unmistakable. */
export function keyMaterial(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----'));
}

export function leaks(text: string, clientId: string): string[] {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
  const needles = [...forms(CLIENT_SECRET), ...forms(ACCESS_TOKEN), ...keyMaterial(PRIVATE_KEY), basic];
  return needles.filter((needle) => text.includes(needle));
}

const tokenAnswer: HostileAnswer = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: ACCESS_TOKEN, scope: 'probe.read' }),
};

/**
 * The custom AS issues the opaque token, then its introspection echoes the token and the Basic credential;
 * the Org AS's /token echoes the client assertion; everything else echoes whatever it got.
 */
export async function startEchoOrg(): Promise<HostileServer> {
  return startHostileServer({
    rules: [
      { match: '/oauth2/default/v1/token', behaviour: { kind: 'answer', answer: tokenAnswer } },
      { match: () => true, behaviour: { kind: 'echo-credentials' } },
    ],
  });
}
