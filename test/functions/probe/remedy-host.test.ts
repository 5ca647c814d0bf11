// A remedy names this org and the host that failed, not a placeholder: against the simulator on loopback.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { DIAGNOSES } from '../../../functions/diagnosis';
import { runProbe } from '../../../functions/probe/engine';
import type { ProbeConfig } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { closedPort } from '../../support/closed-port';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-remedy-');

async function probeOf(): Promise<ProbeConfig> {
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config.probe;
}

/** The retry's pause and the journeys' stagger, instant: nothing here times them (ProbeOptions.pause). */
const pause = (): Promise<void> => Promise.resolve();

describe('remedies in a report', () => {
  it("put the org's address where the table says https://<org>", async () => {
    sim().scenario = 'unlicensed';
    try {
      const probe = await probeOf();
      const report = await runProbe(probe, { credentials: resolveLocalCredentials(probe, {}), pause });
      const remedy =
        report.checks.find((c) => c.server === 'default' && c.check === 'discovery')?.diagnosis?.remedy ?? '';
      expect(DIAGNOSES.CUSTOM_AS_UNLICENSED.remedy).toContain('https://<org>/oauth2/v1/');
      expect(remedy).toContain(`${sim().url}/oauth2/v1/`);
      expect(remedy).not.toContain('<org>');
    } finally {
      sim().scenario = 'healthy';
    }
  });

  it(
    "start a connection failure's remedy with the host " + "that failed: the status feed's own, not the org's",
    async () => {
      const probe = await probeOf();
      const feed = `http://127.0.0.1:${await closedPort()}/status/feed`;
      const report = await runProbe(
        { ...probe, statusPageUrl: feed },
        { credentials: resolveLocalCredentials(probe, {}), pause },
      );
      const status = report.checks.find((c) => c.check === 'status')?.diagnosis;
      expect(status?.code).toBe('NETWORK_ERROR');
      expect(status?.remedy).toMatch(new RegExp(`^The request went to ${new URL(feed).host.replace('.', '\\.')}\\. `));
      expect(report.checks.find((c) => c.server === 'org' && c.check === 'token')?.status).toBe('pass');
    },
  );
});
