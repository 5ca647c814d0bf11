// The SAML app's checks through the engine against the simulator: a scenario per diagnosis, the demo
// config healthy, the session's one password attempt shared with the journey, and the runs between journeys.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../../functions/credentials/user-secrets';
import { createMemoryStateStore } from '../../../../functions/probe/sign-in/store';
import { createMemoryKeptStore } from '../../../../functions/probe/kept-store';
import { ORG_SERVER_ID, samlVerdictsKey } from '../../../../functions/contract';
import { runProbe } from '../../../../functions/probe/engine';
import type { ProbeCache, ProbeConfig, Report } from '../../../../functions/types';
import { runServers } from '../../../../functions/report/run-line';
import { terminalSafe } from '../../../../functions/text/terminal';
import { outcomeOf } from '../../../../functions/probe/results';
import { CHECKS } from '../../../../functions/contract';
import { checkRow } from '../../../../functions/plan/check-table';
import { plannedChecks } from '../../../../functions/plan/checks';
import { targetSubject, subjectOfDescription } from '../../../../functions/plan/subject';
import { writeSimulatorConfig } from '../../../../sim/config';
import { SAML_SCENARIOS, SIM_SAML_ID } from '../../../../sim/saml/scenarios';
import type { ScenarioName } from '../../../../sim/scenarios';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-saml-');
afterEach(() => {
  sim().scenario = 'healthy';
});

/**
 * The simulator's config: the SAML app and the journey it names (portal, or workforce on Identity Engine), nothing
 * else.
 */
async function portalAndSaml(keep: { readonly org?: boolean } = {}): Promise<ProbeConfig> {
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const journey = loaded.config.probe.samlApps?.[0]?.signIn ?? 'portal';
  return {
    ...loaded.config.probe,
    // The "org" server, when kept, reads the user's app links for an SSO that lands on an error page.
    servers: keep.org === true ? loaded.config.probe.servers.filter((s) => s.id === ORG_SERVER_ID) : [],
    statusPageUrl: null,
    signIn: loaded.config.probe.signIn?.filter((j) => j.id === journey),
  };
}
const run = (
  probe: ProbeConfig,
  cache: ProbeCache = createMemoryCache(),
  now = Date.now,
  checks?: ReadonlySet<string>,
): Promise<Report> =>
  runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache,
    now,
    ...(checks !== undefined && { checks: checks as never }),
  });
const samlChecks = (report: Report) => report.checks.filter((c) => c.server === SIM_SAML_ID);
/** The app's result of one check. */
const samlCheck = (report: Report, check: string) => samlChecks(report).find((c) => c.check === check);
/** The registry's checks of a SAML app, in report order. */
const SAML_CHECKS = CHECKS.filter((check) => checkRow(check).target === 'saml');
/** The app's checks and its journey's sign-in: the "org" server's own checks left out. */
const APP_AND_JOURNEY: ReadonlySet<string> = new Set([...SAML_CHECKS, 'sign-in']);
const requests = (): string[] =>
  sim()
    .requests.map((r) => `${r.method} ${r.path}`)
    .filter((r) => !r.endsWith('/keys'));

describe("the SAML app in the portal journey's session", () => {
  it(
    "passes in the demo's healthy config, inside the " + "journey's one sign-in, before the session is closed",
    async () => {
      const probe = await portalAndSaml();
      sim().resetRequests();
      const report = await run(probe);
      // Every check the registry plans for the journey and its app (never a copied list).
      expect(report.checks.map((c) => [c.server, c.check, c.status])).toEqual(
        plannedChecks(probe).map((p) => [p.server, p.check, 'pass']),
      );
      expect(report.checks.filter((c) => c.server === SIM_SAML_ID).map((c) => c.check)).toEqual(SAML_CHECKS);
      const sent = requests();
      expect(sent.filter((r) => r === 'POST /api/v1/authn')).toHaveLength(1);
      const sso = sent.findIndex((r) => r.endsWith('/sso/saml'));
      expect(sso).toBeGreaterThan(sent.indexOf('GET /oauth2/default/v1/authorize'));
      expect(sso).toBeLessThan(sent.indexOf('DELETE /api/v1/sessions/me'));
      expect(sent.filter((r) => r.includes('/sso/saml'))).toHaveLength(2);
      expect(sim().signInSessions()).toBe(0);
      const saml = samlCheck(report, 'saml');
      expect(saml?.latencyMs).toEqual(expect.any(Number));
      expect(
        report.metrics
          .filter((m) => m.dimensions.Server === SIM_SAML_ID)
          .map((m) => m.name)
          .sort(),
      ).toEqual(['CheckLatency', 'CheckSuccess', 'SamlCertificateDaysToExpiry', 'SamlSigningSha1']);
      expect(JSON.stringify(report)).not.toContain(sim().clients.signIn.portalUser.username);
    },
  );

  it('repeats its verdicts between journeys without a request, as the journey does', async () => {
    const probe = await portalAndSaml();
    const cache = createMemoryCache();
    const start = Date.now();
    await run(probe, cache, () => start);
    sim().resetRequests();
    const between = await run(probe, cache, () => start + 4 * 60_000);
    expect(sim().requests).toEqual([]);
    expect(samlChecks(between).map((c) => c.status)).toEqual(SAML_CHECKS.map(() => 'pass'));
  });

  it.each([
    ['healthy', 'pass', null],
    ['saml-audience', 'fail', 'SAML_AUDIENCE_MISMATCH'],
  ] as const)(
    '%s: a sandbox that never saw the journey repeats the verdict its state kept, reading the metadata only',
    async (scenario, status, code) => {
      sim().scenario = scenario;
      const probe = await portalAndSaml();
      const journeyState = createMemoryStateStore();
      const keptState = createMemoryKeptStore();
      const start = Date.now();
      const once = (cache: ProbeCache, at: number): Promise<Report> =>
        runProbe(probe, {
          credentials: resolveLocalCredentials(probe, {}),
          users: resolveLocalUsers(probe, {}),
          cache,
          now: () => at,
          journeyState,
          keptState,
        });
      const first = await once(createMemoryCache(), start);
      // Kept under a key of their own, beside the journey's state and not in it.
      const kept = (await keptState.read(samlVerdictsKey('portal'))) as Record<string, unknown> | undefined;
      expect(kept?.[SIM_SAML_ID]).toMatchObject({ code });
      expect(JSON.stringify(kept)).not.toMatch(/SAMLResponse|PHNhbWw|synthetic/);
      expect(JSON.stringify((await journeyState.read('portal')).state)).not.toContain(SIM_SAML_ID);

      // A cold start between journeys: a new cache (no memory of the journey), the same state.
      sim().resetRequests();
      const sandbox = createMemoryCache();
      const cold = await once(sandbox, start + 2 * 60_000);
      const saml = samlCheck(cold, 'saml');
      const certificate = samlCheck(cold, 'saml-certificate');
      expect(saml).toMatchObject({ status, observed: { lastJourney: new Date(start).toISOString() } });
      expect(saml?.diagnosis?.code ?? null).toBe(code);
      expect(saml?.diagnosis?.detail).toBe(samlCheck(first, 'saml')?.diagnosis?.detail);
      expect(certificate?.status).toBe('pass');
      expect(requests().filter((r) => !r.includes('/sso/saml/metadata'))).toEqual([]);
      // Its runs after that repeat from its memory, without a request.
      sim().resetRequests();
      const later = await once(sandbox, start + 3 * 60_000);
      expect([samlCheck(later, 'saml')?.status, samlCheck(later, 'saml-certificate')?.status]).toEqual([
        status,
        'pass',
      ]);
      expect(sim().requests).toEqual([]);
    },
  );

  it(
    'is skipped when the journey cannot sign in, its certificate still judged from the metadata, and no second ' +
      'password is sent',
    async () => {
      sim().scenario = 'sign-in-rejected';
      const probe = await portalAndSaml();
      sim().resetRequests();
      const report = await run(probe);
      const saml = samlCheck(report, 'saml');
      expect([saml?.status, saml !== undefined && 'skipReason' in saml ? saml.skipReason : null]).toEqual([
        'skip',
        'sign-in failed: SIGN_IN_REJECTED',
      ]);
      expect(samlCheck(report, 'saml-certificate')?.status).toBe('pass');
      expect(requests().filter((r) => r === 'POST /api/v1/authn')).toHaveLength(1);
    },
  );

  describe("an SSO that lands on the app's custom error page, off the org", () => {
    const appLinks = (): string[] => requests().filter((r) => r.endsWith('/appLinks'));
    const detail = (report: Report): string => samlCheck(report, 'saml')?.diagnosis?.detail ?? '';

    it("names the missing assignment from the user's app links, never an IdP routing rule", async () => {
      sim().scenario = 'saml-not-assigned-error-page';
      const probe = await portalAndSaml({ org: true });
      sim().resetRequests();
      const report = await run(probe, createMemoryCache(), Date.now, APP_AND_JOURNEY);
      expect(samlCheck(report, 'saml')?.diagnosis?.code).toBe('SAML_USER_NOT_ASSIGNED');
      expect(detail(report)).toContain('not assigned: assign the synthetic user (or its group) to the app');
      expect(detail(report)).toContain('https://help.acme.example/okta/no-access');
      expect(detail(report)).not.toMatch(/routing rule/);
      expect(appLinks()).toEqual([
        `GET /api/v1/users/${encodeURIComponent(sim().clients.signIn.portalUser.username)}/appLinks`,
      ]);
      expect(JSON.stringify(report)).not.toContain(sim().clients.signIn.portalUser.username);
    });

    it("rules the assignment out for an assigned user, telling the app's instance by its metadata", async () => {
      sim().scenario = 'saml-error-page-assigned';
      const probe = await portalAndSaml({ org: true });
      sim().resetRequests();
      const report = await run(probe, createMemoryCache(), Date.now, APP_AND_JOURNEY);
      expect(samlCheck(report, 'saml')?.diagnosis?.code).toBe('SAML_SESSION_REFUSED');
      expect(detail(report)).toMatch(/the synthetic user is assigned to the app \(.*0oa1sim5aml4pp0id1x7.*\)/);
      expect(detail(report)).toContain('sign-on policy');
      expect(appLinks()).toHaveLength(1);
      expect(requests()).toContain('GET /app/0oa1sim5aml4pp0id1x7/sso/saml/metadata');
    });

    it('says what it could not read without an "org" server that reads users, and keeps both causes', async () => {
      sim().scenario = 'saml-not-assigned-error-page';
      const probe = await portalAndSaml();
      sim().resetRequests();
      const report = await run(probe, createMemoryCache(), Date.now, APP_AND_JOURNEY);
      expect(samlCheck(report, 'saml')?.diagnosis?.code).toBe('SAML_SESSION_REFUSED');
      expect(detail(report)).toMatch(/routing rule.*whether the user is assigned was not read: no "org" server/);
      expect(appLinks()).toEqual([]);
    });

    it('never asks Okta about the assignment when the app is healthy', async () => {
      const probe = await portalAndSaml({ org: true });
      sim().resetRequests();
      const report = await run(probe, createMemoryCache(), Date.now, APP_AND_JOURNEY);
      expect(samlCheck(report, 'saml')?.status).toBe('pass');
      expect(appLinks()).toEqual([]);
      expect(requests().filter((r) => r.startsWith('GET /api/v1/'))).toEqual([]);
    });
  });

  it("runs its journey for the app's checks alone, reporting only the app", async () => {
    const probe = await portalAndSaml();
    const report = await run({ ...probe }, createMemoryCache(), Date.now, new Set(SAML_CHECKS));
    expect(report.checks.map((c) => `${c.server}/${c.check}`)).toEqual(
      SAML_CHECKS.map((check) => `${SIM_SAML_ID}/${check}`),
    );
    expect(report.checks.map((c) => c.status)).toEqual(SAML_CHECKS.map(() => 'pass'));
  });

  it.each(Object.entries(SAML_SCENARIOS).map(([name, s]) => [name, s.expect[0]]))(
    '%s: reports what its scenario promises',
    async (name, expected) => {
      sim().scenario = name as ScenarioName;
      const report = await run(await portalAndSaml({ org: true }), createMemoryCache(), Date.now, APP_AND_JOURNEY);
      expect(report.checks.find((c) => c.check === 'sign-in')?.status).toBe('pass');
      if (expected === undefined)
        expect(samlChecks(report).map((c) => [c.check, c.status])).toEqual([
          ['saml', 'pass'],
          ['saml-certificate', 'pass'],
        ]);
      else
        expect(
          report.checks.find((c) => c.server === expected.server && c.check === expected.check)?.diagnosis?.code,
        ).toBe(expected.code);
    },
  );

  it.each([
    [
      'saml-intermediate-redirect',
      [
        'GET /app/oktasim_salesforce_1/exk1sim5aml4pp0id1x7/sso/saml',
        'GET /app/oktasim_salesforce_1/0oa1sim5aml4pp0id1x7/sso/saml',
      ],
    ],
    [
      'saml-intermediate-form',
      [
        'GET /app/oktasim_salesforce_1/exk1sim5aml4pp0id1x7/sso/saml',
        'POST /app/oktasim_salesforce_1/exk1sim5aml4pp0id1x7/sso/saml',
      ],
    ],
    [
      'saml-not-assigned-oie',
      ['GET /app/oktasim_salesforce_1/exk1sim5aml4pp0id1x7/sso/saml', 'POST /idp/idx/introspect'],
    ],
  ] as const)('%s: walks from the SSO URL on the org as a browser with the session would', async (scenario, walk) => {
    const steps: readonly string[] = walk;
    sim().scenario = scenario;
    const probe = await portalAndSaml();
    sim().resetRequests();
    const report = await run(probe);
    const walked = requests().filter((r) => r.includes('/sso/saml') && !r.endsWith('/metadata'));
    expect(walked).toEqual(steps.filter((step) => step.includes('/sso/saml')));
    if (steps.includes('POST /idp/idx/introspect'))
      expect(requests().slice(requests().indexOf(walk[0]))).toContain('POST /idp/idx/introspect');
    expect(samlChecks(report)[0]?.observed).toMatchObject({ requests: steps.length + 1 });
    expect(JSON.stringify(report)).not.toMatch(/02\.id\./);
  });

  it(
    "counts a failed assertion as the app's downtime in the run line, as a journey's sign-in is, its SSO step " +
      'as its latency',
    async () => {
      sim().scenario = 'saml-audience';
      const down = runServers(await run(await portalAndSaml()), [], terminalSafe);
      expect(down.find((s) => s.id === SIM_SAML_ID)).toMatchObject({ up: 0 });
      expect(down.find((s) => s.id === 'portal')).toMatchObject({ up: 1 });
      sim().scenario = 'saml-certificate-expiring';
      const warned = runServers(await run(await portalAndSaml()), [], terminalSafe);
      expect(warned.find((s) => s.id === SIM_SAML_ID)).toMatchObject({ up: 1, ms: expect.any(Number) });
    },
  );

  it.each([
    ['healthy', 'before the code exchange'],
    // An org that refuses the redirect once the code is spent: only the redeem first gets the session.
    ['idx-session-before-exchange', 'before the code exchange'],
  ] as const)(
    'on Identity Engine over IDX (%s): the session redeemed at /login/token/redirect %s, as production ' +
      'clients do, handed to the app, closed after',
    async (scenario, when) => {
      sim().scenario = scenario;
      const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
      if (!loaded.ok) throw new Error(loaded.errors.join('; '));
      const { probe } = loaded.config;
      const onWorkforce: ProbeConfig = {
        ...probe,
        servers: [],
        statusPageUrl: null,
        signIn: probe.signIn?.filter((j) => j.id === 'workforce'),
        samlApps: probe.samlApps?.map((app) => ({ ...app, signIn: 'workforce' })),
      };
      sim().resetRequests();
      const report = await run(onWorkforce);
      expect(report.checks.map((c) => [c.server, c.check, c.status])).toEqual(
        plannedChecks(onWorkforce).map((p) => [p.server, p.check, 'pass']),
      );
      expect(report.checks.find((c) => c.check === 'sign-in')?.observed).toMatchObject({
        session: expect.stringContaining(`idx (GET /login/token/redirect, ${when}`),
        sessionClosed: true,
      });
      const sent = requests();
      expect(sent.indexOf('GET /login/token/redirect')).toBeLessThan(sent.indexOf('POST /oauth2/default/v1/token'));
      expect(sent.filter((r) => r === 'GET /login/token/redirect')).toHaveLength(1);
      expect(sent.findIndex((r) => r.endsWith('/sso/saml'))).toBeGreaterThan(sent.indexOf('GET /login/token/redirect'));
      expect(sim().signInSessions()).toBe(0);
    },
  );

  it(
    'on Identity Engine over the Authentication API: the session is the idx cookie, not sid, and the app ' +
      'passes in it',
    async () => {
      sim().scenario = 'authn-identity-engine-session';
      const report = await run(await portalAndSaml());
      expect(report.checks.map((c) => c.status)).toEqual(report.checks.map(() => 'pass'));
      expect(report.checks.find((c) => c.check === 'sign-in')?.observed).toMatchObject({
        session: 'idx (Identity Engine)',
        sessionClosed: true,
      });
      sim().scenario = 'healthy';
      expect((await run(await portalAndSaml())).checks.find((c) => c.check === 'sign-in')?.observed).toMatchObject({
        session: 'sid (Classic)',
      });
    },
  );

  it('signed in but no session to judge it in: a warning within the run, never a silent skip nor a page', async () => {
    sim().scenario = 'idx-session-refused';
    const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const probe = {
      ...loaded.config.probe,
      servers: [],
      statusPageUrl: null,
      signIn: loaded.config.probe.signIn?.filter((j) => j.id === 'workforce'),
    };
    const report = await run(probe);
    const saml = samlCheck(report, 'saml');
    // Redeemed first, refused, then the fallback after the exchange, refused too: the detail names the last way tried.
    expect(saml).toMatchObject({
      status: 'fail',
      diagnosis: {
        code: 'SAML_NO_SESSION',
        detail: expect.stringMatching(
          /login\/token\/redirect after the code exchange: the fallback answered 403 without an idx cookie/,
        ),
      },
    });
    expect(saml !== undefined && outcomeOf(saml)).toBe('warn');
    expect(report.checks.find((c) => c.check === 'sign-in')?.status).toBe('pass');
    // No CheckSuccess 0 for the app: its page alarm is not fed a failure it cannot judge.
    expect(
      report.metrics.filter(
        (m) => m.dimensions.Server === SIM_SAML_ID && m.name === 'CheckSuccess' && m.dimensions.Check === 'saml',
      ),
    ).toEqual([]);
    expect(runServers(report, [], terminalSafe).find((s) => s.id === SIM_SAML_ID)).toMatchObject({ up: 0 });
  });

  it("names the app in its alarms' subject, which the notifier reads back", async () => {
    const probe = await portalAndSaml();
    const subject = targetSubject(probe, SIM_SAML_ID);
    expect(subject).toBe(
      'SAML app "salesforce": assertion for SP https://saml.salesforce.com, in the session of journey "portal"',
    );
    expect(subjectOfDescription(`${subject}. More text`)).toEqual({ kind: 'saml', id: SIM_SAML_ID, subject });
  });
});
