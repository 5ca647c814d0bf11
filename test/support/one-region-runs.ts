// One region's fast path, run after run a minute apart on a fake clock, its item and its latch kept between runs as
// DynamoDB and CloudWatch keep them: what the loop's tests play outages against.
import type { StackQuorum } from '../../functions/config/quorum';
import { runQuorum } from '../../functions/lambda/quorum-loop';
import type { QuorumPorts } from '../../functions/lambda/quorum-ports';
import type { RegionVerdicts } from '../../functions/quorum/decide';
import type { FaultOwner } from '../../functions/contract';
import type { CheckResult } from '../../functions/types';

export const ONE_REGION: StackQuorum = {
  agree: 1,
  checkEverySeconds: 20,
  freshSeconds: 45,
  homeRegion: 'us-east-1',
  regions: ['us-east-1'],
};

export interface Runs {
  /** Each change of the watched target's latch ("org" unless told), ms from the start, as its history shows it. */
  readonly changes: { at: number; on: boolean }[];
  /** How many samples each fast round took. */
  readonly samplesPerRound: number[];
}

/**
 * Runs `count` minutes: each run's own checks are `runChecks(ms)`, each fast round's sample `sample(ms)` (ms since
 * the start). Only "org" is a fast target (a journey's checks come with the runs only).
 */
export async function oneRegionRuns(
  count: number,
  runChecks: (ms: number) => CheckResult[],
  sample: (ms: number) => CheckResult[],
  options: {
    readonly pageFor?: Readonly<Record<string, readonly FaultOwner[]>>;
    readonly watch?: string;
    /** Each run's deadline, ms after its start (the Lambda timeout less the finish margin). @default 55_000 */
    readonly deadlineMs?: number;
    /** When each minute's run starts, ms after the minute (the schedule's jitter). @default none */
    readonly lateMs?: (minute: number) => number;
  } = {},
): Promise<Runs> {
  const watch = options.watch ?? 'org';
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
      latched: async () => new Set(latched ? [watch] : []),
      set: async (target, on) => {
        if (target !== watch) return;
        if (on !== latched) changes.push({ at: now - start, on });
        latched = on;
      },
    },
    publishFailing: async () => undefined,
  };
  for (let minute = 0; minute < count; minute += 1) {
    now = start + minute * 60_000 + (options.lateMs?.(minute) ?? 0);
    await runQuorum(
      {
        settings: ONE_REGION,
        region: 'us-east-1',
        checks: runChecks(now - start),
        startedAt: now,
        fastTargets: ['org'],
        deadline: now + (options.deadlineMs ?? 55_000),
        roundBudgetMs: 3_000,
        ...(options.pageFor !== undefined ? { pageFor: options.pageFor } : {}),
      },
      ports,
    );
  }
  return { changes, samplesPerRound };
}
