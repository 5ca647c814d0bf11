// One region's fast path, run after run a minute apart on a fake clock, its item and its latch kept between runs as
// DynamoDB and CloudWatch keep them: what the loop's tests play outages against.
import type { QuorumSettings } from '../../functions/config/quorum';
import { runQuorum, type QuorumPorts } from '../../functions/lambda/quorum-loop';
import type { RegionVerdicts } from '../../functions/plan/quorum';
import type { CheckResult } from '../../functions/types';

export const ONE_REGION: QuorumSettings = {
  agree: 1,
  checkEverySeconds: 20,
  freshSeconds: 45,
  homeRegion: 'us-east-1',
  regions: ['us-east-1'],
};

export interface Runs {
  /** Each change of the org server's latch, ms from the start, as the alarm's history would show it. */
  readonly changes: { at: number; on: boolean }[];
  /** How many samples each fast round took. */
  readonly samplesPerRound: number[];
}

/**
 * Runs `count` minutes: each run's own checks are `runChecks(ms)`, each fast round's sample `sample(ms)` (ms since
 * the start), for the "org" server alone.
 */
export async function oneRegionRuns(
  count: number,
  runChecks: (ms: number) => CheckResult[],
  sample: (ms: number) => CheckResult[],
): Promise<Runs> {
  const start = 1_000_000_000;
  let now = start;
  let latched = false;
  let table: RegionVerdicts | undefined;
  const changes: { at: number; on: boolean }[] = [];
  const samplesPerRound: number[] = [];
  let roundAt = -1;
  const ports: QuorumPorts = {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    check: async () => {
      if (roundAt === now) samplesPerRound[samplesPerRound.length - 1]! += 1;
      else samplesPerRound.push(1);
      roundAt = now;
      return sample(now - start);
    },
    table: {
      write: async (item) => {
        table = item;
      },
      read: async (regions) => (table !== undefined && regions.includes(table.region) ? [table] : []),
    },
    latch: {
      latched: async () => new Set(latched ? ['org'] : []),
      set: async (_target, on) => {
        if (on !== latched) changes.push({ at: now - start, on });
        latched = on;
      },
    },
    publishFailing: async () => undefined,
  };
  for (let minute = 0; minute < count; minute += 1) {
    now = start + minute * 60_000;
    await runQuorum(
      {
        settings: ONE_REGION,
        region: 'us-east-1',
        checks: runChecks(now - start),
        startedAt: now,
        fastTargets: ['org'],
        deadline: now + 55_000,
        roundBudgetMs: 3_000,
      },
      ports,
    );
  }
  return { changes, samplesPerRound };
}
