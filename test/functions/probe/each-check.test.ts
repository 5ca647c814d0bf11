// Every check of the registry run alone (run --check), whatever its target kind: servers, the feed, the
// System Log, the inventory, the journeys and the SAML apps, on the simulator's healthy org. Each runs itself and
// what its row needs, reports that and nothing else, passes, and every request of the run is sent by one of them
// (a SAML app's check may also start its journey, whose session it is judged in). The list of checks is the
// registry's, never a copy.
import { describe, expect, it } from 'vitest';
import { CHECKS, type CheckName } from '../../../functions/contract';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../functions/credentials/user-secrets';
import { checkRow } from '../../../functions/plan/check-table';
import { plannedChecks } from '../../../functions/plan/checks';
import { runProbe } from '../../../functions/probe/engine';
import { JOURNEY_RUN } from '../../../functions/probe/runners';
import type { ProbeConfig, SentRequest } from '../../../functions/types';
import { browserJourney, useProbeRun } from '../../support/probe-run';
import { createMemoryCache } from '../../../functions/cache/read-through';
import { ACCESS_DEMO_ROWS } from '../../../sim/access-scenarios';

const run = useProbeRun('okta-synthetics-each-check-');
/** The browser journey's id; a unit test launches no browser, so its run is BROWSER_UNAVAILABLE for want of one. */
const BROWSER_JOURNEY = 'page';

/**
 * The simulator's healthy config with every kind on: the org server reads the System Log and the inventory too, and
 * the portal journey's session also serves a group of SAML apps holding a second listing of its app.
 */
async function everything(): Promise<ProbeConfig> {
  const probe = await run.config({
    inventory: true,
    userSignIns: { minEvents: 20, failureRate: 0.2 },
    accessAssertions: ACCESS_DEMO_ROWS,
  });
  const apps = probe.samlApps ?? [];
  const group = { id: 'portal-saml', signIn: 'portal', everyMinutes: 60, concurrency: 4 };
  // A browser journey of the workforce app, for its own checks, that signs in to the simulator's OIDC app too (for
  // app-sign-in); no Chromium here (useProbeRun), so it sends nothing.
  const app = {
    name: 'Expenses',
    protocol: 'oidc' as const,
    loginUrl: `${run.sim().apps.expenses}/login`,
    success: { path: '/home' },
    claims: [],
  };
  return {
    ...probe,
    signIn: [...(probe.signIn ?? []), browserJourney(probe, BROWSER_JOURNEY, { app })],
    samlApps: [...apps, ...apps.map((app) => ({ ...app, id: `${app.id}-grouped`, group: group.id }))],
    samlGroups: [group],
  };
}

describe('each check of the registry, run alone', () => {
  it('plans every check of every target kind in this config', async () => {
    const planned = new Set(plannedChecks(await everything()).map((p) => p.check));
    expect(CHECKS.filter((check) => !planned.has(check))).toEqual([]);
    expect(new Set(CHECKS.map((check) => checkRow(check).target))).toEqual(
      new Set(['server', 'feed', 'journey', 'saml', 'saml-group']),
    );
  });

  it.each(CHECKS.map((check) => [check, checkRow(check).target]))(
    'runs --check %s (%s) as the registry declares: itself and its needs, nothing else sent',
    async (check) => {
      const probe = await everything();
      const sent: SentRequest[] = [];
      const report = await runProbe(probe, {
        credentials: resolveLocalCredentials(probe, {}),
        users: resolveLocalUsers(probe, {}),
        cache: createMemoryCache(),
        checks: new Set<CheckName>([check]),
        onRequest: (r) => sent.push(r),
        // The retry's pause and the journeys' stagger, instant: nothing here times them (ProbeOptions.pause).
        pause: () => Promise.resolve(),
      });

      const reported = report.checks.map((c) => `${c.server}/${c.check}`);
      expect(reported).toEqual(plannedChecks(probe, new Set([check])).map((p) => `${p.server}/${p.check}`));
      for (const c of report.checks)
        expect([check, ...checkRow(check).needs], `${c.server}/${c.check}`).toContain(c.check);
      for (const c of report.checks)
        expect([c.status, c.server, c.check]).toEqual([
          // Without Chromium the browser journey is BROWSER_UNAVAILABLE (a warning of ours) and its checks skipped;
          // never a pass.
          expect.stringMatching(
            c.server !== BROWSER_JOURNEY ? /^(pass|n\/a)$/ : c.check === 'sign-in' ? /^fail$/ : /^skip$/,
          ),
          c.server,
          c.check,
        ]);
      // A SAML app's (or group's) session is its journey's: the journey's own run may send, and nothing else
      // unreported.
      const sessions = [...(probe.samlApps ?? []), ...(probe.samlGroups ?? [])];
      const journeysOf = new Set(
        sessions
          .filter((target) => report.checks.some((c) => c.server === target.id))
          .map((target) => `${target.signIn}/${JOURNEY_RUN}`),
      );
      const unexplained = sent
        .map((r) => `${r.server}/${r.check}`)
        .filter((sender) => !reported.includes(sender) && !journeysOf.has(sender));
      expect(unexplained).toEqual([]);
      if (checkRow(check).timed) expect(sent.some((r) => r.check === check)).toBe(true);
    },
  );
});
