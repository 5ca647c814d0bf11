// The journey's runner against the simulator (issue 18): what it sends, how often, and what it never sends again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../functions/credentials/user-secrets';
import { createMemoryCache } from '../../../functions/probe/cache';
import { runProbe } from '../../../functions/probe/engine';
import type { ProbeCache, ProbeConfig, Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { useSimulator } from '../../support/simulator';

const sim = useSimulator();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-sign-in-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  sim().scenario = 'healthy';
});

async function journeysOnly(): Promise<ProbeConfig> {
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  // The SAML app in the portal journey's session has its own tests (saml/scenarios.test.ts).
  return { ...loaded.config.probe, servers: [], statusPageUrl: null, samlApps: [] };
}
const run = (probe: ProbeConfig, cache: ProbeCache, now = Date.now): Promise<Report> =>
  runProbe(probe, { credentials: resolveLocalCredentials(probe, {}), users: resolveLocalUsers(probe, {}), cache, now });
const journeyRequests = (): string[] => sim().requests.map((r) => `${r.method} ${r.path}`).filter((r) => !r.endsWith('/keys'));

describe('the sign-in journey', () => {
  it('sends each flow\'s requests once, in order, and leaves nothing behind', async () => {
    sim().scenario = 'sign-in-mfa';
    const probe = await journeysOnly();
    sim().resetRequests();
    const report = await run(probe, createMemoryCache());

    expect(report.checks.map((c) => [c.server, c.check, c.status])).toEqual([['portal', 'sign-in', 'pass'], ['portal', 'password-expiry', 'pass'], ['mobile', 'sign-in', 'pass']]);
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
    expect(journeyRequests().filter((r) => r.includes('/oauth2/v1/'))).toEqual(['POST /oauth2/v1/token', 'POST /oauth2/v1/token', 'GET /oauth2/v1/userinfo', 'POST /oauth2/v1/revoke']);
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
    expect(between.checks.find((c) => c.server === 'portal' && c.check === 'sign-in')).toMatchObject({ status: 'pass', latencyMs: null, observed: { lastJourney: new Date(start).toISOString() } });
    expect(between.metrics.some((m) => m.name === 'CheckLatency' && m.dimensions.Server === 'portal')).toBe(false);
  });

  it('never sends a password Okta refused again, so retries can never lock the user out', async () => {
    sim().scenario = 'sign-in-rejected';
    const probe = await journeysOnly();
    const cache = createMemoryCache();
    const start = Date.now();
    sim().resetRequests();
    await run(probe, cache, () => start);
    const later = await run(probe, cache, () => start + 60 * 60_000);

    expect(journeyRequests()).toEqual(['POST /api/v1/authn', 'POST /oauth2/v1/token']);
    const portal = later.checks.find((c) => c.server === 'portal' && c.check === 'sign-in');
    expect(portal?.diagnosis).toMatchObject({ code: 'SIGN_IN_REJECTED', detail: expect.stringMatching(/^not sent again: Okta refused this password at /) });
  });
});
