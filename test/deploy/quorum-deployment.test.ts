// The simulated quorum deployment that scripts/bench/quorum-deploy.ts times, proved on one short scenario: three
// regions' probe assets, run as Lambda runs them, write their verdicts to their own replica of the global table
// and read each other's after the replication lag; their Okta requests take each region's own path; a healthy
// Okta sets no latch and pages nobody; and with one region's path refused, that region alone says so and nobody
// is paged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUORUM_TABLE, QUORUM_WATCH_SECONDS } from '../../functions/contract';
import { DEPLOY_REGIONS, startDeployment, type Deployment } from '../support/quorum-deployment';

let deployment: Deployment;
/**
 * A short run's checks: each region waits its start offset (up to 10 s) when its time allows, then its own checks and
 * a fast round or more before its deadline; the stack gives the rounds after the checks the timeout's last
 * QUORUM_WATCH_SECONDS, which a run holds until the next run of its region writes (none comes here: each run holds
 * them to its end).
 */
const RUN = { remainingMs: 40_000 + QUORUM_WATCH_SECONDS * 1000 };

beforeAll(async () => {
  deployment = await startDeployment({ seed: 1 });
});
afterAll(async () => {
  await deployment?.close();
});

/** Each region's view of every region's verdicts: replica -> region -> target -> state. */
function views(): Record<string, Record<string, Record<string, string>>> {
  return Object.fromEntries(
    [...deployment.quorum.replicas].map(([replica, items]) => [
      replica,
      Object.fromEntries(
        [...items].map(([region, item]) => [
          region,
          Object.fromEntries(
            Object.entries(JSON.parse(item[QUORUM_TABLE.verdicts]?.S ?? '{}') as Record<string, { state: string }>).map(
              ([t, v]) => [t, v.state],
            ),
          ),
        ]),
      ),
    ]),
  );
}

describe('a simulated deployment of the quorum in three regions', () => {
  it(
    "a healthy minute: each region writes its verdicts, reads its peers' from its own replica, and nobody is " +
      'paged',
    async () => {
      const runs = await Promise.all(DEPLOY_REGIONS.map((region) => deployment.invoke(region, RUN)));
      for (const run of runs) {
        expect(run.error, run.region).toBeUndefined();
        expect(run.cold).toBe(true);
        expect(run.quorum?.rounds, run.region).toBeGreaterThanOrEqual(2);
        expect(run.quorum?.errors, run.region).toEqual([]);
      }
      const up = Object.fromEntries(deployment.targets.map((t) => [t, 'up']));
      const everyone = Object.fromEntries(DEPLOY_REGIONS.map((r) => [r, up]));
      expect(views()).toEqual(Object.fromEntries(DEPLOY_REGIONS.map((r) => [r, everyone])));
      for (const region of DEPLOY_REGIONS)
        expect(deployment.paths.get(region)?.tunnels.length, region).toBeGreaterThan(0);
      expect(deployment.quorum.latchChanges).toEqual([]);
      expect(deployment.quorum.messages).toEqual([]);
    },
  );

  it("one region's path refused: that region alone fails, warm, and says so; no latch, no page", async () => {
    await deployment.paths.get('eu-west-1')?.setPath('refused');
    const runs = await Promise.all(DEPLOY_REGIONS.map((region) => deployment.invoke(region, RUN)));
    await deployment.paths.get('eu-west-1')?.setPath('open');
    const eu = runs.find((r) => r.region === 'eu-west-1');
    expect(runs.every((r) => !r.cold)).toBe(true);
    expect(eu?.failures.some((f) => f.endsWith('=NETWORK_ERROR'))).toBe(true);
    expect([...(eu?.quorum?.lone ?? [])].sort()).toEqual([...deployment.targets].sort());
    for (const run of runs.filter((r) => r.region !== 'eu-west-1')) expect(run.quorum?.lone, run.region).toEqual([]);
    expect(deployment.quorum.latchChanges).toEqual([]);
    expect(deployment.quorum.messages).toEqual([]);
  });
});
