// The journey's runner against the simulator: what it sends, how often, and what it never sends again.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../../functions/credentials/user-secrets';
import { EARLY_JOURNEY_MIN_MULTIPLE, runProbe } from '../../../../functions/probe/engine';
import { TOTP_STEP_UNREACHED } from '../../../../functions/probe/sign-in/flows/kit';
import type { ProbeCache, ProbeConfig, Report, SignInFlow } from '../../../../functions/types';
import { writeSimulatorConfig } from '../../../../sim/config';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';
import { startHostileServer } from '../../../support/hostile';
import { toCheckResult } from '../../../../functions/probe/results';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-sign-in-');
afterEach(() => {
  sim().scenario = 'healthy';
});

/** The simulator config's journeys alone (those of `flows`, when given). */
async function journeysOnly(flows?: readonly SignInFlow[]): Promise<ProbeConfig> {
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const signIn = (loaded.config.probe.signIn ?? []).filter((s) => flows === undefined || flows.includes(s.flow));
  return { ...loaded.config.probe, signIn, servers: [], statusPageUrl: null, samlApps: [] };
}
const run = (probe: ProbeConfig, cache: ProbeCache, now = Date.now): Promise<Report> =>
  runProbe(probe, { credentials: resolveLocalCredentials(probe, {}), users: resolveLocalUsers(probe, {}), cache, now });
/** The portal journey beside the org's servers, whose checks can run it early. */
async function portalWithServers(): Promise<{ probe: ProbeConfig; cache: ProbeCache; start: number }> {
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  // The probe's clock is moved forward, the simulator's is not: that skew is this test's, not a failure of the org's.
  const probe: ProbeConfig = {
    ...loaded.config.probe,
    clockSkewWarnSeconds: 3600,
    statusPageUrl: null,
    signIn: loaded.config.probe.signIn?.filter((j) => j.id === 'portal'),
    samlApps: [],
  };
  return { probe, cache: createMemoryCache(), start: Date.now() };
}
const portal = (report: Report) => report.checks.find((c) => c.server === 'portal' && c.check === 'sign-in');
const journeyRequests = (): string[] =>
  sim()
    .requests.map((r) => `${r.method} ${r.path}`)
    .filter((r) => !r.endsWith('/keys'));

describe('the sign-in journey', () => {
  it("sends each flow's requests once, in order, and leaves nothing behind", async () => {
    sim().scenario = 'sign-in-mfa';
    const probe = await journeysOnly(['authn', 'direct']);
    sim().resetRequests();
    const report = await run(probe, createMemoryCache());

    expect(report.checks.map((c) => [c.server, c.check, c.status])).toEqual([
      ['portal', 'sign-in', 'pass'],
      ['portal', 'password-expiry', 'pass'],
      ['mobile', 'sign-in', 'pass'],
    ]);
    const portal = journeyRequests().filter((r) => !r.includes('/oauth2/v1/'));
    // In order; the revocation and the session's end go out together, last.
    expect(portal.slice(0, 5)).toEqual([
      'POST /api/v1/authn',
      `POST /api/v1/authn/factors/${sim().clients.signIn.portalUser.totpFactorId}/verify`,
      'GET /oauth2/default/v1/authorize',
      'POST /oauth2/default/v1/token',
      'GET /oauth2/default/v1/userinfo',
    ]);
    expect(portal.slice(5).sort()).toEqual(['DELETE /api/v1/sessions/me', 'POST /oauth2/default/v1/revoke']);
    expect(journeyRequests().filter((r) => r.includes('/oauth2/v1/'))).toEqual([
      'POST /oauth2/v1/token',
      'POST /oauth2/v1/token',
      'GET /oauth2/v1/userinfo',
      'POST /oauth2/v1/revoke',
    ]);
    expect(sim().signInSessions()).toBe(0);
  });

  it('runs every everyMinutes: a run in between repeats the verdict without a request', async () => {
    const probe = await journeysOnly();
    const cache = createMemoryCache();
    const start = Date.now();
    await run(probe, cache, () => start);
    sim().resetRequests();
    const between = await run(probe, cache, () => start + 4 * 60_000);

    expect(sim().requests).toEqual([]);
    expect(between.checks.find((c) => c.server === 'portal' && c.check === 'sign-in')).toMatchObject({
      status: 'pass',
      latencyMs: null,
      carried: { judgedAt: new Date(start).toISOString() },
      observed: { lastJourney: new Date(start).toISOString() },
    });
    expect(between.metrics.some((m) => m.name === 'CheckLatency' && m.dimensions.Server === 'portal')).toBe(false);
  });

  it(
    'runs before its slot when a check of the same org ' + 'fails, so a /token outage is measured on the sign-in now',
    async () => {
      const { probe, cache, start } = await portalWithServers();
      expect(portal(await run(probe, cache, () => start))?.status).toBe('pass');
      // Healthy two minutes later: not due, carried, nothing sent for the journey.
      const quiet = await run(probe, cache, () => start + 2 * 60_000);
      expect(portal(quiet)).toMatchObject({ status: 'pass', carried: expect.anything() });

      sim().scenario = 'server-error';
      sim().resetRequests();
      const outage = await run(probe, cache, () => start + 3 * 60_000);
      expect(portal(outage)).toMatchObject({
        status: 'fail',
        diagnosis: { code: 'OKTA_SERVER_ERROR' },
        observed: { ranEarly: 'default/token OKTA_SERVER_ERROR' },
      });
      expect(portal(outage)?.carried).toBeUndefined();
      expect(journeyRequests()).toContain('POST /api/v1/authn');
    },
  );

  it('does not run early when too little of the run is left: a deadline could cut its password step', async () => {
    const { probe, cache, start } = await portalWithServers();
    expect(portal(await run(probe, cache, () => start))?.status).toBe('pass');

    sim().scenario = 'server-error';
    sim().resetRequests();
    const at = start + 2 * 60_000;
    // Less than EARLY_JOURNEY_MIN_MULTIPLE timeouts before the deadline: the journey keeps its slot.
    const late = await runProbe(probe, {
      credentials: resolveLocalCredentials(probe, {}),
      users: resolveLocalUsers(probe, {}),
      cache,
      now: () => at,
      deadline: at + (EARLY_JOURNEY_MIN_MULTIPLE - 1) * probe.timeoutMs,
    });
    expect(portal(late)).toMatchObject({ status: 'pass', carried: expect.anything() });
    expect(journeyRequests()).not.toContain('POST /api/v1/authn');
  });

  it(
    'never sends a TOTP code Okta rejected again: one wrong code per secret version, in every flow, across the ' +
      'hours',
    async () => {
      sim().scenario = 'totp-rejected';
      const probe = { ...(await journeysOnly()), clockSkewWarnSeconds: 3600 };
      const cache = createMemoryCache();
      const start = Date.now();
      sim().resetRequests();
      // Twelve journey slots over an hour, every flow: Okta locks the user after 5 failed MFA attempts in a row.
      let last: Report | undefined;
      for (let slot = 0; slot < 12; slot++) last = await run(probe, cache, () => start + slot * 5 * 60_000);
      const codes = journeyRequests().filter((r) =>
        /\/verify$|\/idp\/idx\/challenge\/answer|POST \/oauth2\/v1\/token/.test(r),
      );
      // authn: one verify; idx: the password's answer, then one code; direct: the password grant, then one mfa-otp
      // grant.
      expect(journeyRequests().filter((r) => r.endsWith('/verify'))).toHaveLength(1);
      expect(journeyRequests().filter((r) => r === 'POST /idp/idx/challenge/answer')).toHaveLength(2);
      expect(codes.length).toBeLessThanOrEqual(5);
      for (const id of ['portal', 'mobile', 'workforce']) {
        expect(last?.checks.find((c) => c.server === id && c.check === 'sign-in')?.diagnosis, id).toMatchObject({
          code: 'TOTP_REJECTED',
          detail: expect.stringMatching(/^not sent again: Okta refused the TOTP code at /),
        });
      }
    },
  );

  it(
    'a run whose deadline comes before the next TOTP ' + "step: skipped, no code sent, not a timeout of Okta's",
    async () => {
      sim().scenario = 'sign-in-mfa';
      const probe = await journeysOnly(['authn']);
      // Well inside a TOTP step, so that the step the first run uses is still the current one when the second starts.
      const intoStep = Date.now() % 30_000;
      if (intoStep > 25_000) await new Promise((resolve) => setTimeout(resolve, 30_000 - intoStep + 100));
      const first = await run(probe, createMemoryCache());
      expect(first.checks.find((c) => c.check === 'sign-in')?.status).toBe('pass');

      // A second run elsewhere (a state of its own) within the same step, with a second to spare: it would have to
      // wait.
      sim().resetRequests();
      const second = await runProbe(probe, {
        credentials: resolveLocalCredentials(probe, {}),
        users: resolveLocalUsers(probe, {}),
        cache: createMemoryCache(),
        deadline: Date.now() + 1000,
      });
      const journey = second.checks.find((c) => c.check === 'sign-in');
      expect(journey).toMatchObject({ status: 'skip', diagnosis: null, skipReason: TOTP_STEP_UNREACHED });
      expect(journeyRequests().filter((r) => r.endsWith('/verify'))).toEqual([]);
      // The session the password opened is still closed.
      expect(sim().signInSessions()).toBe(0);
    },
  );

  it(
    'tells a lockout Okta hides behind "wrong password" by the user\'s status, and resumes after an unlock ' +
      'without a secret change',
    async () => {
      const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
      if (!loaded.ok) throw new Error(loaded.errors.join('; '));
      // The org server (its key, okta.users.read) reads the user's status; the journeys sign in as before.
      const probe: ProbeConfig = {
        ...loaded.config.probe,
        clockSkewWarnSeconds: 3600,
        statusPageUrl: null,
        samlApps: [],
      };
      const cache = createMemoryCache();
      const start = Date.now();
      const journeys = (report: Report) => report.checks.filter((c) => c.check === 'sign-in');

      sim().scenario = 'sign-in-locked-hidden';
      const locked = await run(probe, cache, () => start);
      for (const journey of journeys(locked))
        expect(journey, journey.server).toMatchObject({
          diagnosis: { code: 'USER_LOCKED_OUT', detail: expect.stringContaining("the user's status is LOCKED_OUT") },
          observed: { userStatus: 'LOCKED_OUT' },
        });

      // An admin unlocks the users; the next attempt, 30 minutes on (the locked-user schedule), signs in with the same
      // secret.
      sim().scenario = 'healthy';
      const held = await run(probe, cache, () => start + 10 * 60_000);
      for (const journey of journeys(held))
        expect(journey.diagnosis?.detail, journey.server).toMatch(/^not sent again before /);
      const resumed = await run(probe, cache, () => start + 31 * 60_000);
      for (const journey of journeys(resumed))
        expect([journey.server, journey.status]).toEqual([journey.server, 'pass']);
    },
  );

  it(
    "tells the hidden lockout from the System Log's lock " + 'events when the org server reads the log but not users',
    async () => {
      sim().scenario = 'sign-in-locked-hidden';
      const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
      if (!loaded.ok) throw new Error(loaded.errors.join('; '));
      const servers = loaded.config.probe.servers.map((s) =>
        s.id === 'org' ? { ...s, scopes: ['okta.logs.read'], systemLog: true as const } : s,
      );
      const report = await run(
        { ...loaded.config.probe, servers, statusPageUrl: null, samlApps: [] },
        createMemoryCache(),
      );
      expect(report.checks.find((c) => c.server === 'portal' && c.check === 'sign-in')?.diagnosis).toMatchObject({
        code: 'USER_LOCKED_OUT',
        detail: expect.stringContaining("the user's status is LOCKED_OUT"),
      });
      expect(sim().requests.some((r) => r.path === '/api/v1/logs')).toBe(true);
    },
  );

  it(
    'a lockout the refusal could not tell is found at a later held run, without a password, and an unlock then ' +
      'resumes it',
    async () => {
      sim().scenario = 'sign-in-locked-hidden';
      const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
      if (!loaded.ok) throw new Error(loaded.errors.join('; '));
      // Every run is due (everyMinutes 0): the status read's token is stamped by the probe's clock, which must agree
      // with the simulator's.
      const base = {
        ...loaded.config.probe,
        clockSkewWarnSeconds: 3600,
        statusPageUrl: null,
        samlApps: [],
        signIn: loaded.config.probe.signIn?.filter((j) => j.flow === 'authn').map((j) => ({ ...j, everyMinutes: 0 })),
      };
      // The status could not be read at the refusal (here: no okta.users.read yet; a 429 is the same): held as refused.
      const blind = {
        ...base,
        servers: base.servers.map((s) => ({ ...s, scopes: s.scopes.filter((scope) => scope !== 'okta.users.read') })),
      };
      const cache = createMemoryCache();
      const start = Date.now();
      const portal = (report: Report) => report.checks.find((c) => c.server === 'portal' && c.check === 'sign-in');
      expect(portal(await run(blind, cache, () => start))?.diagnosis).toMatchObject({
        code: 'SIGN_IN_REJECTED',
        detail: expect.stringContaining('the user may be locked out, or the password wrong'),
      });

      // A later run holds the password, reads the status again (now readable), and finds the lockout: no password sent.
      sim().resetRequests();
      const found = await run(base, cache);
      expect(portal(found)?.diagnosis).toMatchObject({
        code: 'USER_LOCKED_OUT',
        detail: expect.stringContaining("the user's status is LOCKED_OUT"),
      });
      expect(journeyRequests()).not.toContain('POST /api/v1/authn');
      expect(journeyRequests()).toContain(`GET /api/v1/users/${encodeURIComponent(base.signIn?.[0]?.username ?? '')}`);

      // An admin unlocks the user: the locked-user schedule sends the same secret 30 minutes on, and it signs in.
      sim().scenario = 'healthy';
      expect(portal(await run(base, cache, () => start + 20 * 60_000))?.diagnosis?.detail).toMatch(
        /^not sent again before /,
      );
      expect(portal(await run(base, cache, () => start + 41 * 60_000))?.status).toBe('pass');
    },
  );

  it('a wrong password after an admin unlocked the user is a wrong password, read from the System Log', async () => {
    sim().scenario = 'sign-in-rejected-after-unlock';
    const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const servers = loaded.config.probe.servers.map((s) =>
      s.id === 'org' ? { ...s, scopes: ['okta.logs.read'], systemLog: true as const } : s,
    );
    const report = await run(
      { ...loaded.config.probe, servers, statusPageUrl: null, samlApps: [] },
      createMemoryCache(),
    );
    expect(report.checks.find((c) => c.server === 'portal' && c.check === 'sign-in')?.diagnosis).toMatchObject({
      code: 'SIGN_IN_REJECTED',
      detail: expect.stringMatching(
        /the user's status is ACTIVE \(user\.account\.unlock_by_admin at .*, after its lock at .*\): the password itself was refused/,
      ),
    });
  });

  it('a wrong password whose user is ACTIVE stays refused, and says the status told them apart', async () => {
    sim().scenario = 'sign-in-rejected';
    const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const report = await run({ ...loaded.config.probe, statusPageUrl: null, samlApps: [] }, createMemoryCache());
    expect(report.checks.find((c) => c.server === 'portal' && c.check === 'sign-in')?.diagnosis).toMatchObject({
      code: 'SIGN_IN_REJECTED',
      detail: expect.stringContaining("the user's status is ACTIVE: the password itself was refused"),
    });
    // Without okta.users.read the probe cannot tell, and says both are possible and what would tell them apart.
    const blind = await run(
      {
        ...loaded.config.probe,
        statusPageUrl: null,
        samlApps: [],
        servers: loaded.config.probe.servers.map((s) => ({
          ...s,
          scopes: s.scopes.filter((scope) => scope !== 'okta.users.read'),
        })),
      },
      createMemoryCache(),
    );
    expect(blind.checks.find((c) => c.server === 'mobile' && c.check === 'sign-in')?.diagnosis?.detail).toMatch(
      /the user may be locked out, or the password wrong.*add okta\.users\.read to the "org" server's scopes/,
    );
  });

  it(
    'never sends a password Okta refused again: one refused attempt per secret version, whatever the runs ' + 'between',
    async () => {
      sim().scenario = 'sign-in-rejected';
      const probe = await journeysOnly(['authn', 'direct']);
      const cache = createMemoryCache();
      const start = Date.now();
      sim().resetRequests();
      await run(probe, cache, () => start);
      const later = await run(probe, cache, () => start + 60 * 60_000);

      expect(journeyRequests()).toEqual(['POST /api/v1/authn', 'POST /oauth2/v1/token']);
      const portal = later.checks.find((c) => c.server === 'portal' && c.check === 'sign-in');
      expect(portal?.diagnosis).toMatchObject({
        code: 'SIGN_IN_REJECTED',
        detail: expect.stringMatching(/^not sent again: Okta refused this password at /),
      });
    },
  );

  it(
    'idx: interact, introspect, the forms in the order the policy asks, the code exchange; no session redeemed ' +
      'when no SAML app wants one',
    async () => {
      sim().scenario = 'sign-in-mfa';
      const probe = await journeysOnly(['idx']);
      sim().resetRequests();
      const report = await run(probe, createMemoryCache());

      const journey = report.checks.find((c) => c.server === 'workforce' && c.check === 'sign-in');
      expect(journey).toMatchObject({
        status: 'pass',
        observed: { flow: 'idx', tokensRevoked: true, sessionClosed: null, passwordExpiresInDays: null },
      });
      const requests = journeyRequests();
      expect(requests.slice(0, 8)).toEqual([
        'POST /oauth2/default/v1/interact',
        'POST /idp/idx/introspect',
        'POST /idp/idx/identify',
        'POST /idp/idx/challenge/answer',
        'POST /idp/idx/challenge',
        'POST /idp/idx/challenge/answer',
        'POST /oauth2/default/v1/token',
        'GET /oauth2/default/v1/userinfo',
      ]);
      expect(requests.slice(8)).toEqual(['POST /oauth2/default/v1/revoke']);
      // The password once, the code once; no session was opened, so none is left.
      expect(requests.filter((r) => r === 'POST /idp/idx/challenge/answer')).toHaveLength(2);
      expect(sim().signInSessions()).toBe(0);
      expect(journey?.observed?.requests).toBe(requests.length + 1);
    },
  );

  it('idx, healthy: 8 requests, and a refused password is never sent again', async () => {
    const probe = await journeysOnly(['idx']);
    sim().resetRequests();
    const healthy = await run(probe, createMemoryCache());
    expect(healthy.checks.find((c) => c.check === 'sign-in')?.observed).toMatchObject({
      requests: 8,
      steps: 'interact > introspect > identify (username) > password (password) > token (interaction_code) > userinfo',
    });

    sim().scenario = 'sign-in-rejected';
    const cache = createMemoryCache();
    const start = Date.now();
    sim().resetRequests();
    await run(probe, cache, () => start);
    const later = await run(probe, cache, () => start + 60 * 60_000);
    expect(journeyRequests().filter((r) => r === 'POST /idp/idx/challenge/answer')).toHaveLength(1);
    expect(later.checks.find((c) => c.check === 'sign-in')?.diagnosis).toMatchObject({
      code: 'SIGN_IN_REJECTED',
      detail: expect.stringMatching(/^not sent again/),
    });
  });

  it(
    'a deadline mid-journey: the session is still closed on its own timeout, and password-expiry keeps the ' +
      "password step's answer, not TIMEOUT",
    async () => {
      // /userinfo never answers: the deadline fires after the session was opened and the tokens issued.
      const org = await startHostileServer({
        upstream: sim().url,
        rules: [{ match: (_m, path) => path.endsWith('/userinfo'), behaviour: { kind: 'silent' } }],
      });
      try {
        const journeys = await journeysOnly();
        const portal = (journeys.signIn ?? []).filter((s) => s.id === 'portal');
        const probe: ProbeConfig = { ...journeys, orgUrl: org.url, signIn: portal };
        const started = Date.now();
        const report = await runProbe(probe, {
          credentials: resolveLocalCredentials(probe, {}),
          users: resolveLocalUsers(probe, {}),
          deadline: started + 1500,
        });

        expect(report.checks.map((c) => [c.check, c.status, c.diagnosis?.code ?? null])).toEqual([
          ['sign-in', 'fail', 'TIMEOUT'],
          ['password-expiry', 'pass', null],
        ]);
        expect(org.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
          expect.arrayContaining(['DELETE /api/v1/sessions/me', 'POST /oauth2/default/v1/revoke']),
        );
        expect(sim().signInSessions()).toBe(0);
        expect(Date.now() - started).toBeLessThan(1500 + 3500);
      } finally {
        await org.close();
      }
    },
  );
});

describe('what a journey observed is redacted like its diagnosis', () => {
  it('an ID-token claim named after the password, and any other string, never prints a secret', () => {
    const password = 'Corr3ct-H0rse-Battery';
    const result = toCheckResult(
      { server: 'portal', check: 'sign-in' },
      { judgement: { diagnosis: null, observed: { claims: `aud exp ${password} sub`, kid: password, requests: 5 } } },
      { orgUrl: 'https://acme.okta.com', host: 'acme.okta.com', secrets: [password] },
    );
    expect(result.observed).toEqual({ claims: 'aud exp [REDACTED] sub', kid: '[REDACTED]', requests: 5 });
  });
});
