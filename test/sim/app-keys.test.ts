// GET /api/v1/apps/{id}/credentials/keys (listApplicationKeys) as Okta answers it for every app the org lists: the
// app's key store, each key's kid and expiresAt (okta-developer-docs guides/updating-saml-cert, "List your apps'
// keys"), the key the app signs with (credentials.signing.kid) among them. A catalogue app is one of the org's apps
// like its own, so its key store answers too, never a 404 the inventory would read as a missing resource.
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/server';
import { orgAuth, orgUrls, post } from './helpers';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ catalogue: { apps: 2, expiring: [1] } });
});
afterAll(async () => {
  await sim.close();
});

async function appsToken(): Promise<string> {
  const url = orgUrls(sim).token;
  const res = await post(url, {
    grant_type: 'client_credentials',
    scope: 'okta.apps.read',
    ...(await orgAuth(sim, url)),
  });
  expect(res.status).toBe(200);
  return res.json<{ access_token: string }>().access_token;
}

async function get(token: string, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${sim.url}${path}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  return { status: res.status, body: await res.json() };
}

interface Listed {
  readonly id: string;
  readonly signOnMode: string;
  readonly credentials?: { readonly signing?: { readonly kid?: string } };
}
interface Key {
  readonly kid: string;
  readonly expiresAt: string;
  readonly x5c: readonly string[];
}

describe("the simulator's app key stores", () => {
  it("answers every listed SAML app's key store, the kid it signs with and that certificate's own expiry", async () => {
    const token = await appsToken();
    const listed = (await get(token, '/api/v1/apps')).body as Listed[];
    const catalogue = listed.filter((app) => app.id.startsWith('0oacat'));
    expect(catalogue).toHaveLength(2);
    for (const app of catalogue) {
      const keys = await get(token, `/api/v1/apps/${app.id}/credentials/keys`);
      expect(keys.status, app.id).toBe(200);
      const signing = (keys.body as Key[]).find((key) => key.kid === app.credentials?.signing?.kid);
      expect(signing, app.id).toBeDefined();
      const certificate = new X509Certificate(Buffer.from(signing!.x5c[0]!, 'base64'));
      expect(Date.parse(signing!.expiresAt)).toBe(Date.parse(certificate.validTo));
    }
  });

  it("answers Okta's E0000007 404 for an app the org does not have", async () => {
    const token = await appsToken();
    const keys = await get(token, '/api/v1/apps/0oanosuchapp00000x7/credentials/keys');
    expect(keys.status).toBe(404);
    expect(keys.body).toMatchObject({ errorCode: 'E0000007' });
  });
});
