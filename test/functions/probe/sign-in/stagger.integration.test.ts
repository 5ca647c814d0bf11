// The journeys of one run start JOURNEY_STAGGER_MS apart, in the config's order: their first claims of state (a
// PutParameter each, deployed) never land in the same instant, which Parameter Store would throttle.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../../functions/credentials/user-secrets';
import { JOURNEY_STAGGER_MS, runProbe } from '../../../../functions/probe/engine';
import { createMemoryStateStore } from '../../../../functions/probe/sign-in/store';
import type { JourneyStateStore } from '../../../../functions/journey-state';
import { writeSimulatorConfig } from '../../../../sim/config';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-stagger-');

describe('journeys due in one run', () => {
  it('claim their state one after another, JOURNEY_STAGGER_MS apart, in the order of the config', async () => {
    const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const probe = { ...loaded.config.probe, samlApps: [], samlGroups: [] };
    const ids = (probe.signIn ?? []).map((s) => s.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const store = createMemoryStateStore();
    const firstClaim = new Map<string, number>();
    const recording: JourneyStateStore = {
      ...store,
      where: (id) => store.where(id),
      read: (id) => store.read(id),
      write: (id, state) => store.write(id, state),
      claim: (id, version, state) => {
        if (!firstClaim.has(id)) firstClaim.set(id, performance.now());
        return store.claim(id, version, state);
      },
    };
    const runStart = performance.now();
    await runProbe(probe, {
      credentials: resolveLocalCredentials(probe, {}),
      users: resolveLocalUsers(probe, {}),
      cache: createMemoryCache(),
      journeyState: recording,
    });
    const times = ids.map((id) => firstClaim.get(id));
    expect(times.every((t) => t !== undefined)).toBe(true);
    // Without the stagger every claim comes within a few ms of the run's start. Measured from the run's start, not
    // from the first claim: on a loaded machine the first journey's own work before its claim can take hundreds of
    // ms, which shortens the gap to the next claim without any journey starting early.
    for (let i = 1; i < ids.length; i += 1)
      expect((times[i] ?? 0) - runStart).toBeGreaterThanOrEqual(i * JOURNEY_STAGGER_MS - 5);
    // One after another, in the config's order.
    expect([...times].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(times);
  });
});
