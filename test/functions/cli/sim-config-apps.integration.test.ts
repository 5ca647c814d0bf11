// `sim --config F` on a config whose journeys sign in to their apps (signIn[].app), through the built CLI as a person
// runs it: the simulator serves a simulated app for each block (an OIDC app at its own login URL, a SAML SP behind
// Okta's app link), the printed command runs, and app-sign-in passes for both; an app scenario plays its fault on them.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../../functions/probe/sign-in/flows/browser/chromium';
import { buildOnce, runShell } from './helpers';
import { printedRun, startSim } from './sim-process';

/** A custom server, and two "browser" journeys: one to an OIDC app, one to a SAML app through Okta's app link. */
const APPS_CONFIG = {
  orgUrl: 'https://acme.okta.com',
  statusPageUrl: null,
  servers: [
    {
      id: 'aus1expenses',
      clientId: '0oa8f5m7q2RsT4uV35d7',
      clientSecretEnv: 'ACME_EXPENSES_SECRET',
      scopes: ['expenses.read'],
      audience: 'api://expenses',
    },
  ],
  signIn: [
    {
      id: 'expenses',
      server: 'aus1expenses',
      flow: 'browser',
      clientId: '0oa8exp3nsesXyZ9aB35',
      redirectUri: 'https://expenses.acme.example/callback',
      username: 'expenses-probe@acme.example',
      passwordEnv: 'ACME_EXPENSES_PASSWORD',
      app: {
        name: 'Acme Expenses',
        protocol: 'oidc',
        loginUrl: 'https://expenses.acme.example/login',
        success: { path: '/dashboard', cookie: 'acme_expenses' },
        logoutUrl: 'https://expenses.acme.example/logout',
        claims: ['email'],
      },
    },
    {
      id: 'wiki',
      server: 'aus1expenses',
      flow: 'browser',
      clientId: '0oa8w1k1pr0beXyZ9aB3',
      redirectUri: 'https://wiki.acme.example/callback',
      username: 'wiki-probe@acme.example',
      passwordEnv: 'ACME_WIKI_PASSWORD',
      app: {
        name: 'Acme Wiki',
        protocol: 'saml',
        loginUrl: 'https://acme.okta.com/app/acme_wiki_1/exk1wikiAbCdEf2345x7/sso/saml',
        success: { path: '/spaces', text: 'Spaces' },
        logoutUrl: 'https://wiki.acme.example/logout',
        claims: ['email', 'department'],
      },
    },
  ],
};

interface ReportJson {
  readonly checks: readonly {
    readonly server: string;
    readonly check: string;
    readonly status: string;
    readonly diagnosis: { readonly code: string; readonly detail?: string } | null;
    readonly observed?: Record<string, unknown>;
  }[];
}

let dir: string;
let state: string;
beforeAll(async () => {
  // Real Chromium is what a "browser" journey runs: without it the journeys are "not run", never a pass.
  expect(findChromium(), 'Chromium (apt-get install chromium)').toBeDefined();
  dir = await mkdtemp(join(tmpdir(), 'sim-config-apps-'));
  state = await mkdtemp(join(tmpdir(), 'sim-config-apps-state-'));
  await buildOnce();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(state, { recursive: true, force: true });
});

/** `sim --config` on the config (with `args`), then the printed command run as printed: its report. */
async function rehearse(name: string, args: readonly string[]): Promise<{ printed: string; report: ReportJson }> {
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(APPS_CONFIG));
  const sim = await startSim(['--config', file, ...args], state);
  try {
    const command = printedRun(sim.printed).replace(' run --config ', ' run --json --config ');
    const ran = await runShell(command, { XDG_STATE_HOME: state });
    expect(ran.stderr).toBe('');
    return { printed: sim.printed.replace(/\s+/g, ' '), report: JSON.parse(ran.stdout) as ReportJson };
  } finally {
    await sim.stop();
  }
}

const appCheck = (report: ReportJson, journey: string) =>
  report.checks.find((check) => check.server === journey && check.check === 'app-sign-in');

describe('sim --config with apps behind Okta, through the built CLI', () => {
  it('serves each app block: the run it prints passes app-sign-in for the OIDC app and the SAML app', async () => {
    const { printed, report } = await rehearse('apps', []);
    const written = JSON.parse(await readFile(join(dir, 'apps.sim.json'), 'utf8')) as typeof APPS_CONFIG;
    const [oidc, saml] = written.signIn.map((journey) => journey.app);
    // The OIDC app at its own loopback address; the SAML app's link on the simulator's org.
    expect(oidc?.loginUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login$/);
    expect(saml?.loginUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/app\/acme_wiki_1\/exk1wikiAbCdEf2345x7\/sso\/saml$/);
    expect(printed).toMatch(/signIn\[0\] "expenses": app "Acme Expenses" served as a simulated OIDC app at/);
    expect(printed).toMatch(/signIn\[1\] "wiki": app "Acme Wiki" served as a simulated SAML app at/);
    for (const journey of ['expenses', 'wiki']) {
      const signIn = report.checks.find((check) => check.server === journey && check.check === 'sign-in');
      expect(signIn?.status, JSON.stringify(signIn)).toBe('pass');
      const app = appCheck(report, journey);
      expect(app?.status, JSON.stringify(app)).toBe('pass');
    }
    // The config's own success conditions were met: its landing paths.
    expect(appCheck(report, 'expenses')?.observed).toMatchObject({ app: 'Acme Expenses', appPath: '/dashboard' });
    expect(appCheck(report, 'wiki')?.observed).toMatchObject({ app: 'Acme Wiki', appPath: '/spaces' });
  }, 300_000);

  it("--scenario app-audience plays on the config's OIDC app: app-sign-in fails naming the audience", async () => {
    const { printed, report } = await rehearse('audience', ['--scenario', 'app-audience']);
    expect(printed).toMatch(/--scenario app-audience: played by your config's OIDC apps \(Acme Expenses\)/);
    const app = appCheck(report, 'expenses');
    expect(app).toMatchObject({ status: 'fail', diagnosis: { code: 'APP_AUDIENCE_MISMATCH' } });
    expect(app?.diagnosis?.detail).toContain('aud "0oa8exp3nsesXyZ9aB35"');
    // Okta's part passed: the journey signed in.
    const signIn = report.checks.find((check) => check.server === 'expenses' && check.check === 'sign-in');
    expect(signIn?.status).toBe('pass');
  }, 300_000);
});
