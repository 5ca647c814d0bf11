// The provisioning check keeps its leavers' ledger before its cursor: a ledger write that fails leaves the cursor
// where it was, so the next run reads the same events again and counts them once, never losing them. On the
// simulator's expired-credential scenario (sim/provisioning.ts), through the probe's engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEPT_KEYS } from '../../../../functions/contract';
import { loadConfigFile } from '../../../../functions/config/parse';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../../../../functions/credentials/local';
import { runProbe } from '../../../../functions/probe/engine';
import { createMemoryKeptStore, createMemoryProvisioningStore } from '../../../../functions/probe/kept-store';
import type { KeptStore, ProvisioningStore } from '../../../../functions/kept-state';
import type { CheckResult } from '../../../../functions/types';
import { writeSimulatorConfig } from '../../../../sim/config';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-ledger-first-');
beforeAll(() => {
  sim().scenario = 'provisioning-credential-expired';
});
afterAll(() => {
  sim().scenario = 'healthy';
});

/** One run of the provisioning check alone, on these stores. */
async function run(kept: KeptStore, ledger: ProvisioningStore): Promise<CheckResult> {
  sim().resetRateLimits();
  const loaded = loadConfigFile(
    await writeSimulatorConfig(sim(), dir()),
    'cli',
    {},
    {
      credentialFiles: LOCAL_CREDENTIAL_FILES,
    },
  );
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const probe = loaded.config.probe;
  const report = await runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    cache: createMemoryCache(),
    keptState: kept,
    provisioningState: ledger,
    checks: new Set(['provisioning-health']),
  });
  return report.checks.find((c) => c.check === 'provisioning-health')!;
}

const openLeavers = (check: CheckResult): number => (check.observed as { openLeavers: number }).openLeavers;

describe('the ledger before the cursor', () => {
  it('a failed ledger write keeps no cursor: the next run reads the events again and counts each once', async () => {
    const kept = createMemoryKeptStore();
    const ledger = createMemoryProvisioningStore();
    const refusing: ProvisioningStore = { ...ledger, write: () => Promise.reject(new Error('disk full')) };
    const failed = await run(kept, refusing);
    const first = openLeavers(failed);
    // On a loaded machine the log's read may stop short: the check's own words say so.
    expect(first, JSON.stringify(failed).slice(0, 800)).toBeGreaterThan(0);
    // A plain Error names no failure of its own: the write is told as a write, never as a read.
    expect(JSON.stringify(failed)).toContain('not written (write error)');
    expect(await kept.read(KEPT_KEYS.provisioning)).toBeUndefined();
    // Read again from the window's start: the leavers the lost write held are counted now (with a cursor kept before
    // the ledger, this run would have read only what came since, and lost them).
    const again = await run(kept, ledger);
    const second = openLeavers(again);
    expect(second, JSON.stringify(again).slice(0, 800)).toBeGreaterThanOrEqual(first);
    expect(await kept.read(KEPT_KEYS.provisioning)).toBeDefined();
    // On from the cursor: what the second run counted is not counted again (a new minute may bring one more).
    const third = openLeavers(await run(kept, ledger));
    expect(third).toBeGreaterThanOrEqual(second);
    expect(third).toBeLessThanOrEqual(second + 1);
  }, 60_000);
});
