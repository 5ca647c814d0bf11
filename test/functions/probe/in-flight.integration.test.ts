// The cap on requests in flight, as the org sees it: the simulator counts the requests open at once (arrived, not yet
// answered), as Okta's concurrent limit does. Each answer is held 150 ms so that the run's requests overlap.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../functions/credentials/user-secrets';
import { runProbe } from '../../../functions/probe/engine';
import { DEFAULTS } from '../../../functions/contract';
import type { ProbeConfig } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { STATUS_FEED_PATH } from '../../../sim/router';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { createMemoryCache } from '../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-in-flight-');
afterEach(() => {
  sim().latencyMs = 0;
  sim().scenario = 'healthy';
});

async function probeOf(maxInFlight?: number): Promise<ProbeConfig> {
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const probe = { ...loaded.config.probe };
  return maxInFlight === undefined ? probe : { ...probe, maxInFlight };
}

async function peakOf(probe: ProbeConfig): Promise<{ peak: number; failed: string[]; codes: string[] }> {
  sim().latencyMs = 150;
  sim().resetRequests();
  const report = await runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache: createMemoryCache(),
  });
  return {
    peak: sim().peakInFlight,
    failed: report.checks.filter((c) => c.status === 'fail').map((c) => `${c.server}/${c.check}`),
    codes: report.checks.flatMap((c) => (c.status === 'fail' ? [c.diagnosis.code] : [])),
  };
}

describe('requests to Okta in flight', () => {
  it('never exceeds maxInFlight, and the run still judges every check', async () => {
    const { peak, failed } = await peakOf(await probeOf(2));
    expect(peak).toBeLessThanOrEqual(2);
    expect(failed).toEqual([]);
  });

  it('holds the default cap on a run that would send more at once without it', async () => {
    const { peak } = await peakOf(await probeOf());
    expect(peak).toBeLessThanOrEqual(DEFAULTS.maxInFlight);
    // The cap is what holds it: the same run lets more through when allowed.
    const wide = await peakOf(await probeOf(35));
    expect(wide.peak).toBeGreaterThan(DEFAULTS.maxInFlight);
  });

  it("takes no slot for the status feed, even served beside the org: it is not the org's concurrency", async () => {
    // One slot: Okta's requests go one at a time, each held 150 ms. The feed, last in the plan, would have come after
    // every request queued before it; sent beside them, it is among the first two the simulator sees.
    const { peak, failed } = await peakOf(await probeOf(1));
    expect(failed).toEqual([]);
    expect(peak).toBe(1);
    const arrivals = sim().requests.map((r) => r.path);
    expect(arrivals.slice(0, 2)).toContain(STATUS_FEED_PATH);
  });

  it("keeps a run with 8 of the org's concurrent slots left clear of Okta's 429, which a wider cap meets", async () => {
    sim().scenario = 'concurrency-shared';
    const capped = await peakOf(await probeOf());
    expect(capped.failed).toEqual([]);
    const wide = await peakOf(await probeOf(35));
    expect(wide.codes).toContain('OKTA_CONCURRENCY_LIMITED');
  });
});
