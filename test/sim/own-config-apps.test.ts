// `sim --config` on a config whose journeys sign in to their apps (signIn[].app): the plan serves each block by a
// simulated app, the rewrite points each block at it (an OIDC app's own login URL, a SAML app's link on the
// simulator's org) and `run` reads the file it wrote; an app scenario is played on the config's own apps, or refused
// where it would play on none.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/config/parse';
import type { ProbeConfig } from '../../functions/types';
import { appFaultPlan, tenantPlan } from '../../functions/cli/sim-config';
import { rewriteConfig } from '../../functions/cli/sim-config-file';
import type { Json } from '../../functions/config/readers';
import { startSimulator } from '../../sim/server';

const WIKI_LINK = 'https://acme.okta.com/app/acme_wiki_1/exk1wikiAbCdEf2345x7/sso/saml';
const BOARD_LINK = 'https://acme.okta.com/app/acme_board_1/exk1boardAbCdEf234x7/sso/saml';

const journey = (id: string, username: string, app: Json): Json => ({
  id,
  server: 'aus1orders',
  flow: 'browser',
  clientId: `0oa8${id}XyZ9aB35d7`,
  redirectUri: `https://${id}.acme.example/callback`,
  username,
  passwordEnv: 'ACME_PROBE_PASSWORD',
  app,
});

const RAW: Json = {
  orgUrl: 'https://acme.okta.com',
  servers: [
    {
      id: 'aus1orders',
      clientId: '0oa8f5m7q2RsT4uV35d7',
      clientSecretEnv: 'ACME_ORDERS_SECRET',
      scopes: ['orders.read'],
      audience: 'api://orders',
    },
  ],
  signIn: [
    journey('expenses', 'a@acme.example', {
      name: 'Expenses',
      protocol: 'oidc',
      loginUrl: 'https://expenses.acme.example/login',
      success: { path: '/dashboard', cookie: 'exp' },
      logoutUrl: 'https://expenses.acme.example/logout',
      claims: ['email', 'department'],
    }),
    journey('wiki', 'b@acme.example', {
      name: 'Wiki',
      protocol: 'saml',
      loginUrl: WIKI_LINK,
      success: { text: 'Spaces' },
      claims: ['email'],
    }),
    journey('board', 'c@acme.example', {
      name: 'Board',
      protocol: 'saml',
      loginUrl: BOARD_LINK,
      success: { path: '/board' },
    }),
  ],
  // The board's link is this listed app's SSO URL: one app in Okta, checked by the SAML check and signed in to.
  samlApps: [
    {
      id: 'board-app',
      signIn: 'board',
      ssoUrl: BOARD_LINK,
      metadataUrl: 'https://acme.okta.com/app/exk1boardAbCdEf234x7/sso/saml/metadata',
      audience: 'https://board.acme.example',
      recipient: 'https://board.acme.example/acs',
    },
  ],
};

function probeOf(raw: Json, env: Record<string, string> = {}): ProbeConfig {
  const parsed = parseConfig(raw, { mode: 'cli', baseDir: '/nowhere', env, readCredentials: false });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.config.probe;
}

describe("sim --config's plan of the journeys' apps", () => {
  it("serves each app block: an OIDC app as the journey's client, a SAML app at its link's path", () => {
    const { spec, notes } = tenantPlan(probeOf(RAW));
    expect(spec.apps).toEqual([
      expect.objectContaining({
        journey: 0,
        claims: ['email'],
        kind: { protocol: 'oidc', server: 'aus1orders', clientId: '0oa8expensesXyZ9aB35d7' },
      }),
      expect.objectContaining({
        journey: 1,
        kind: { protocol: 'saml', ssoPath: new URL(WIKI_LINK).pathname, externalKey: 'exk1wikiAbCdEf2345x7' },
      }),
      // The listed app's own: the SP takes its audience and recipient.
      expect.objectContaining({ journey: 2, kind: expect.objectContaining({ samlApp: 0 }) }),
    ]);
    expect(notes).toContainEqual(expect.stringMatching(/"expenses": not simulated: app.claims department/));
  });
});

describe("sim --config's rewrite of the journeys' apps", () => {
  it('points each block at its simulated app, says so, and run reads the file it wrote', async () => {
    const probe = probeOf(RAW);
    const { spec } = tenantPlan(probe);
    const sim = await startSimulator({ tenant: spec });
    try {
      const served = sim.tenant;
      if (served === undefined) throw new Error('no tenant');
      const target = { url: sim.url, statusFeedUrl: sim.statusFeedUrl, privateKeyPem: 'PEM', keyId: 'k', spec, served };
      const { json, notes } = rewriteConfig(RAW, probe, target, 'acme.sim-secrets');
      const [expenses, wiki, board] = (json.signIn as Json[]).map((entry) => entry.app as Json);
      const oidc = served.apps.find((app) => app.journey === 0);
      expect(expenses).toMatchObject({ loginUrl: `${oidc?.url}/login`, logoutUrl: `${oidc?.url}/logout` });
      expect(wiki).toMatchObject({ loginUrl: sim.url + new URL(WIKI_LINK).pathname });
      // No logout URL in the config: none written.
      expect(wiki).not.toHaveProperty('logoutUrl');
      expect(board).toMatchObject({ loginUrl: sim.url + new URL(BOARD_LINK).pathname });
      expect(notes).toContainEqual(
        expect.stringMatching(/^signIn\[0\] "expenses": app "Expenses" served as a simulated OIDC app at http/),
      );
      expect(notes).toContainEqual(
        expect.stringMatching(/^signIn\[1\] "wiki": app "Wiki" served as a simulated SAML app at http/),
      );
      // `run` refused a SAML app's link off the org's origin: the written one is the simulator's.
      const parsed = parseConfig(json, {
        mode: 'cli',
        baseDir: '/nowhere',
        env: { OKTA_SIM_SECRET_AUS1ORDERS: 'x' },
        readCredentials: false,
      });
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);

      // The OIDC app signs in as the journey's client, through its server, with its callback registered there:
      // Okta answers its request without a session on the callback (login_required), never its 400 page.
      const login = await fetch(String(expenses?.loginUrl), { redirect: 'manual' });
      const authorize = new URL(login.headers.get('location') ?? '');
      expect(authorize.origin + authorize.pathname).toBe(`${sim.url}/oauth2/aus1orders/v1/authorize`);
      expect(authorize.searchParams.get('client_id')).toBe('0oa8expensesXyZ9aB35d7');
      authorize.searchParams.set('prompt', 'none');
      const answered = await fetch(authorize, { redirect: 'manual' });
      expect(answered.status).toBe(302);
      expect(answered.headers.get('location')).toMatch(new RegExp(`^${oidc?.url}/callback\\?error=login_required`));

      // The listed app posts to the SP's ACS, keeping the audience and recipient the SAML check expects.
      const listed = served.samlApps.find((app) => app.externalKey === 'exk1boardAbCdEf234x7');
      const sp = served.apps.find((app) => app.journey === 2);
      expect(listed).toMatchObject({ audience: 'https://board.acme.example', acsUrl: `${sp?.url}/acs` });
      // The new app is assigned to its journey's user, at its link's path, posting to its SP.
      const own = served.samlApps.find((app) => app.externalKey === 'exk1wikiAbCdEf2345x7');
      const wikiSp = served.apps.find((app) => app.journey === 1);
      expect(own).toMatchObject({ username: 'b@acme.example', acsUrl: `${wikiSp?.url}/acs`, attributes: ['email'] });
    } finally {
      await sim.close();
    }
  });
});

describe('sim --config --scenario app-*', () => {
  it("plays an app fault on the config's apps of the protocols it changes, naming them", () => {
    expect(appFaultPlan(probeOf(RAW), 'app-unknown-user')).toEqual({
      note: "--scenario app-unknown-user: played by your config's OIDC and SAML apps (Expenses, Wiki, Board)",
    });
    expect(appFaultPlan(probeOf(RAW), 'app-audience')).toEqual({
      note: "--scenario app-audience: played by your config's OIDC apps (Expenses)",
    });
    // Not an app scenario: the org's faults, as before.
    expect(appFaultPlan(probeOf(RAW), 'no-access-policy')).toBeUndefined();
  });

  it('refuses a fault no app of the config plays: the run would pass', () => {
    const samlOnly = { ...RAW, signIn: (RAW.signIn as Json[]).slice(1) };
    expect(appFaultPlan(probeOf(samlOnly), 'app-audience')).toEqual({
      problem: expect.stringMatching(
        /^--scenario app-audience is a fault of an OIDC app behind Okta, and no journey of your config signs in to one .*"demo --scenario app-audience"/,
      ),
    });
  });
});
