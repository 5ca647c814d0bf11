// `sim --config`'s plan and rewrite: what of a config the simulator serves otherwise or not at all is named, and the
// rewritten config carries the simulator's secrets in place of the user's. The simulator's side: a tenant's custom
// server answers at its own id, and a SAML app only its journey's user.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/config/parse';
import type { ProbeConfig } from '../../functions/types';
import { tenantPlan } from '../../functions/cli/sim-config';
import { rewriteConfig } from '../../functions/cli/sim-config-file';
import type { Json } from '../../functions/config/readers';
import { startSimulator } from '../../sim/server';

const RAW: Json = {
  orgUrl: 'https://acme.okta.com',
  localNotifications: [{ kind: 'webhook', url: '${ACME_HOOK}' }],
  servers: [
    {
      id: 'org',
      clientId: '0oa8f5j3ecb5w3dF35d7',
      privateKeyEnv: 'ACME_KEY',
      scopes: ['okta.users.read', 'okta.apps.read'],
      managementApi: { path: '/api/v1/brands' },
    },
    {
      id: 'aus1orders',
      clientId: '0oa8f5m7q2RsT4uV35d7',
      clientSecretEnv: 'ACME_ORDERS_SECRET',
      scopes: ['orders.read'],
      audience: 'api://orders',
      resources: [{ url: 'https://api.acme.example/orders' }],
    },
  ],
  signIn: [
    {
      id: 'portal',
      server: 'aus1orders',
      flow: 'authn',
      clientId: '0oa8p0rta1XyZ9aB35d7',
      redirectUri: 'https://portal.acme.example/callback',
      username: 'probe@acme.example',
      passwordEnv: 'ACME_PROBE_PASSWORD',
      confidential: true,
      clientSecretEnv: 'ACME_PORTAL_SECRET',
      requiredClaims: ['email', 'department'],
    },
  ],
  samlApps: [
    {
      id: 'wiki',
      signIn: 'portal',
      group: 'listed',
      ssoUrl: 'https://acme.okta.com/app/acme_wiki_1/exk1wiki/sso/saml',
      metadataUrl: 'https://acme.okta.com/app/exk1wiki/sso/saml/metadata',
      audience: 'https://wiki.acme.example',
      recipient: 'https://wiki.acme.example/acs',
    },
  ],
  samlGroups: [
    { id: 'listed', signIn: 'portal', discover: 'assigned' },
    { id: 'found', signIn: 'portal', discover: { labelPrefix: 'Acme' } },
  ],
};

/** The simulator playing `probe`'s org, and the target sim --config rewrites a config for. */
async function simulating(probe: ProbeConfig) {
  const { spec } = tenantPlan(probe);
  const sim = await startSimulator({ tenant: spec });
  const served = sim.tenant;
  if (served === undefined) throw new Error('no tenant');
  const target = { url: sim.url, statusFeedUrl: sim.statusFeedUrl, privateKeyPem: 'PEM', keyId: 'kid1', spec, served };
  return { sim, target, served };
}

function probeOf(raw: Json): ProbeConfig {
  const parsed = parseConfig(raw, {
    mode: 'cli',
    baseDir: '/nowhere',
    env: { ACME_HOOK: 'https://hooks.acme.example/okta' },
    readCredentials: false,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.config.probe;
}

describe("sim --config's plan", () => {
  it('names what it cannot play: your APIs, an unknown Management API path, an ID-token claim it does not mint', () => {
    const { notes } = tenantPlan(probeOf(RAW));
    expect(notes).toContainEqual(expect.stringMatching(/"aus1orders": resources served as the simulator's stand-in/));
    expect(notes).toContainEqual(expect.stringMatching(/"org": not simulated: managementApi path \/api\/v1\/brands/));
    expect(notes).toContainEqual(expect.stringMatching(/"portal": not simulated: requiredClaims department/));
    // The CLI takes a confidential app's secret from a variable only, never beside the simulator's secrets file.
    expect(notes).toContainEqual(expect.stringMatching(/"portal": served as a public client/));
  });

  it("serves each server's scopes with its journeys', and each client by the config's id", () => {
    const { spec } = tenantPlan(probeOf(RAW));
    expect(spec.servers.map((s) => [s.id, s.clientId, s.auth])).toEqual([
      ['org', '0oa8f5j3ecb5w3dF35d7', 'private_key_jwt'],
      ['aus1orders', '0oa8f5m7q2RsT4uV35d7', 'client_secret_basic'],
    ]);
    expect(spec.servers[1]?.scopes).toEqual(['orders.read', 'openid', 'profile', 'email']);
    expect(spec.journeys).toEqual([expect.objectContaining({ username: 'probe@acme.example', flow: 'authn' })]);
  });
});

describe("sim --config's rewrite", () => {
  it('points at the simulator with its secrets, and leaves out what would reach beyond it, saying so', async () => {
    const probe = probeOf(RAW);
    const { sim, target, served } = await simulating(probe);
    try {
      const { json, files, notes, variables } = rewriteConfig(RAW, probe, target, 'acme.sim-secrets');
      const text = JSON.stringify(json);
      for (const name of [
        'ACME_KEY',
        'ACME_ORDERS_SECRET',
        'ACME_PROBE_PASSWORD',
        'ACME_PORTAL_SECRET',
        'confidential',
        'acme.okta.com',
        'ACME_HOOK',
      ])
        expect(text).not.toContain(name);
      expect(json).toMatchObject({ orgUrl: sim.url, statusPageUrl: sim.statusFeedUrl });
      // A config that skips the status check keeps skipping it.
      expect(rewriteConfig({ ...RAW, statusPageUrl: null }, probe, target, 'f').json.statusPageUrl).toBeNull();
      const [org, orders] = json.servers as Json[];
      expect(org).toMatchObject({ privateKeyFile: 'acme.sim-secrets/probe-key.pem', keyId: 'kid1' });
      // The client secret in a file of its own, read through a variable: never inline in the written config.
      const secret = served.clientSecrets.get('0oa8f5m7q2RsT4uV35d7') ?? '';
      expect(text).not.toContain(secret);
      expect(orders).toMatchObject({ clientSecretEnv: 'OKTA_SIM_SECRET_AUS1ORDERS' });
      expect(orders).not.toHaveProperty('clientSecret');
      expect(variables).toEqual([{ name: 'OKTA_SIM_SECRET_AUS1ORDERS', file: 'server-1-client-secret' }]);
      expect(files.find((f) => f.name === 'server-1-client-secret')?.content).toBe(secret);
      // The API is kept, played by the simulator: the token never goes to the config's own URL.
      expect(orders?.resources).toEqual([{ url: `${sim.url}/resource-api/tenant/aus1orders/200` }]);
      // The groups discover the simulator's catalogue, by its own label and Okta group.
      expect(json.samlGroups).toEqual([
        { id: 'listed', signIn: 'portal', discover: 'assigned' },
        { id: 'found', signIn: 'portal', discover: { labelPrefix: 'Catalogue app' } },
      ]);
      expect(notes).toContainEqual(expect.stringMatching(/^not simulated: localNotifications/));
      expect(notes).toContainEqual(
        expect.stringMatching(/samlGroups\[1\] "found": discover served as the simulator's/),
      );
      const user = served.users.get('probe@acme.example');
      expect(JSON.parse(files.find((f) => f.name === 'signin-0-portal.json')?.content ?? '{}')).toEqual({
        password: user?.password,
        totpSecret: user?.totpSecret,
      });
      // The tenant's custom server answers at its id with its audience; an id the config does not name does not.
      const discovery = await fetch(`${sim.url}/oauth2/aus1orders/.well-known/openid-configuration`);
      expect(((await discovery.json()) as Json).issuer).toBe(`${sim.url}/oauth2/aus1orders`);
      expect((await fetch(`${sim.url}/oauth2/aus1other/.well-known/openid-configuration`)).status).toBe(404);
      // The SAML app's SSO URL sends a visitor without a session to the sign-in page, as Okta does.
      const saml = (json.samlApps as Json[])[0];
      const sso = await fetch(String(saml?.ssoUrl), { redirect: 'manual' });
      expect(sso.status).toBe(302);
      expect(sso.headers.get('location')).toContain('/login/login.htm');
    } finally {
      await sim.close();
    }
  });
});

describe("sim --config's rewrite of an issuer (a custom URL domain)", () => {
  it("writes the simulator's issuer, and run reads the file it wrote", async () => {
    const raw: Json = {
      ...RAW,
      servers: (RAW.servers as Json[]).map((server) => ({
        ...server,
        issuer: server.id === 'org' ? 'https://login.acme.com' : 'https://login.acme.com/oauth2/aus1orders',
      })),
    };
    const probe = probeOf(raw);
    const { sim, target } = await simulating(probe);
    try {
      const { json } = rewriteConfig(raw, probe, target, 'acme.sim-secrets');
      expect((json.servers as Json[]).map((server) => server.issuer)).toEqual([
        sim.url,
        `${sim.url}/oauth2/aus1orders`,
      ]);
      // The simulator is plain http on 127.0.0.1: its issuer is read as orgUrl is, not refused for lacking https.
      const parsed = parseConfig(json, {
        mode: 'cli',
        baseDir: '/nowhere',
        env: { OKTA_SIM_SECRET_AUS1ORDERS: 'x' },
        readCredentials: false,
      });
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe('sim --config with a Preview org', () => {
  it('leaves the Preview block out, saying so: a run against the simulator never reaches the Preview org', async () => {
    const raw: Json = {
      ...RAW,
      preview: {
        orgUrl: 'https://acme.oktapreview.com',
        servers: { org: { clientId: '0oaPreview', privateKeyEnv: 'ACME_PREVIEW_KEY' } },
      },
    };
    const probe = probeOf(raw);
    const { sim, target } = await simulating(probe);
    try {
      const { json, notes } = rewriteConfig(raw, probe, target, 'acme.sim-secrets');
      expect(JSON.stringify(json)).not.toContain('oktapreview');
      expect(json).not.toHaveProperty('preview');
      expect(notes).toContainEqual(expect.stringMatching(/^not simulated: preview \(left out: /));
    } finally {
      await sim.close();
    }
  });
});
