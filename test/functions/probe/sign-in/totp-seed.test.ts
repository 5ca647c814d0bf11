// The authenticator the TOTP seed belongs to (signIn[].totpAuthenticator), against the simulator's users with both
// Google Authenticator and Okta Verify: Identity Engine offers both by default (Okta Verify first, the seed Google
// Authenticator's); the totp-seed-* scenarios list Google Authenticator first and make the seed Okta Verify's. Each
// case has a simulator of its own: a TOTP code is refused twice in one 30 s step, and a shared user would make the
// second case wait one out.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../../functions/credentials/user-secrets';
import { JOURNEY_STAGGER_MS, runProbe } from '../../../../functions/probe/engine';
import type { Report } from '../../../../functions/types';
import { writeSimulatorConfig } from '../../../../sim/config';
import type { ScenarioName } from '../../../../sim/scenarios';
import type { Simulator } from '../../../../sim/server';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const dir = useTempDir('okta-synthetics-totp-seed-');

/** The authn (portal) and idx (workforce) journeys under `scenario`, the two whose API lets them choose. */
async function journeys(
  sim: Simulator,
  scenario: ScenarioName,
  // The retry's pause and the journeys' stagger, instant: nothing here times them (ProbeOptions.pause).
  pause: (ms: number) => Promise<void> = () => Promise.resolve(),
): Promise<Report> {
  sim.scenario = scenario;
  const loaded = loadConfigFile(await writeSimulatorConfig(sim, dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const probe = {
    ...loaded.config.probe,
    signIn: (loaded.config.probe.signIn ?? []).filter((s) => s.flow !== 'direct'),
    servers: [],
    statusPageUrl: null,
    samlApps: [],
  };
  sim.resetRequests();
  return runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache: createMemoryCache(),
    pause,
  });
}
const verdicts = (report: Report): string[] =>
  report.checks.filter((c) => c.check === 'sign-in').map((c) => `${c.server} ${c.diagnosis?.code ?? 'pass'}`);

describe("totpAuthenticator names the seed's authenticator", () => {
  const sim = useSimulator();
  it(
    'the authn and idx journeys answer Okta Verify, though ' + 'Google Authenticator is offered first, and sign in',
    async () => {
      const paused: number[] = [];
      const report = await journeys(sim(), 'totp-seed-named', (ms) => (paused.push(ms), Promise.resolve()));
      expect(verdicts(report)).toEqual(['portal pass', 'workforce pass']);
      // The second journey starts one stagger after the first, through the run's own pause.
      expect(paused).toEqual([JOURNEY_STAGGER_MS]);
      const { totpFactorId, googleFactorId } = sim().clients.signIn.portalUser;
      const verified = sim()
        .requests.map((r) => r.path)
        .filter((p) => p.startsWith('/api/v1/authn/factors/'));
      expect(verified).toEqual([`/api/v1/authn/factors/${totpFactorId}/verify`]);
      expect(verified.join()).not.toContain(googleFactorId);
    },
  );
});

describe('without totpAuthenticator', () => {
  const sim = useSimulator();
  it(
    'the journeys answer Google Authenticator, and a seed of the other is TOTP_REJECTED whose detail names the ' +
      'fix',
    async () => {
      const report = await journeys(sim(), 'totp-seed-unnamed');
      expect(verdicts(report)).toEqual(['portal TOTP_REJECTED', 'workforce TOTP_REJECTED']);
      expect(sim().requests.map((r) => r.path)).toContain(
        `/api/v1/authn/factors/${sim().clients.signIn.portalUser.googleFactorId}/verify`,
      );
      const idx = report.checks.find((c) => c.server === 'workforce' && c.check === 'sign-in');
      expect(idx?.diagnosis?.detail).toContain('set totpAuthenticator to "okta-verify"');
    },
  );
});

describe('both TOTP authenticators offered, as Identity Engine offers them by default', () => {
  const sim = useSimulator();
  it('the idx journey answers the one its config names, Google Authenticator, and never Okta Verify', async () => {
    const report = await journeys(sim(), 'totp-both-offered');
    expect(verdicts(report)).toEqual(['portal pass', 'workforce pass']);
    const idx = report.checks.find((c) => c.server === 'workforce' && c.check === 'sign-in');
    expect(idx?.observed?.steps).toContain('select (Google Authenticator) > totp (Google Authenticator)');
    expect(String(idx?.observed?.steps)).not.toContain('Okta Verify');
  });
});
