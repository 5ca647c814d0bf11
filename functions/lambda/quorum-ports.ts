// The fast path's driver (quorum-loop.ts) as others see it: what a run gives it, what it reports, and the ports it
// calls (the verdict table, the latch alarms, the backstop's metrics, one fast round of checks and the clock). The
// Lambda's ports are AWS's (quorum-aws.ts); the tests and the simulated deployment (scripts/bench/quorum-sim.ts) give
// fakes on a fake clock.
import type { StackQuorum } from '../config/quorum';
import type { RegionVerdicts } from '../quorum/decide';
import type { JudgeSetup } from '../quorum/judge';
import type { PublishRound } from '../quorum/minute-dedupe';
import type { CheckResult } from '../types';

export interface QuorumRunInput extends JudgeSetup {
  readonly settings: StackQuorum;
  readonly region: string;
  /** The run's own checks (round 0) and when the run started. */
  readonly checks: readonly CheckResult[];
  readonly startedAt: number;
  /** The run's checks' deadline (ms since the epoch): the rounds' end when the run has no `watchUntil`. */
  readonly deadline: number;
  /**
   * Until when the run's rounds and its watch may go on (default: the deadline): a run holds its rounds past its
   * checks until the next run of its region has written, and this is past the latest moment that run can start.
   */
  readonly watchUntil?: number;
  /** The longest one round's table and alarm calls can take. */
  readonly roundBudgetMs: number;
  /** This region's last item as an earlier run in this Lambda environment judged it (its `last`). */
  readonly remembered?: RegionVerdicts;
}

/** What the fast path did in one run: for the run line and the simulated deployment. */
export interface QuorumRun {
  readonly rounds: number;
  /** Each latch change: when, which target, to which state, and the regions down. */
  readonly changes: readonly { at: number; target: string; latch: boolean; down: readonly string[] }[];
  /** Which region this run saw as the acting home: its first round's view, then each change (a home dying or back). */
  readonly acting: readonly { readonly at: number; readonly home: string }[];
  /** Targets failing in this region alone at the last round: each warns naming the region, never pages. */
  readonly lone: readonly string[];
  /** Ports that failed, by what was being done: never a secret, only the error's name and message. */
  readonly errors: readonly string[];
  /** Latches this region had set that CloudWatch had moved out of ALARM by itself, when seen: each was set again. */
  readonly reverted: readonly { readonly at: number; readonly target: string }[];
  /** When Okta rate-limited a fast round's own request (a 429 of ours): no round checked again in this run. */
  readonly backedOffAt?: number;
  /** Whether the run stopped because a newer run of its region had written: that run holds the rounds now. */
  readonly handedOver: boolean;
  /** This region's last item as judged, written or not: the next run's `remembered`. */
  readonly last: RegionVerdicts;
}

/** The verdict table of every region (a DynamoDB global table in AWS). */
export interface VerdictTable {
  write(item: RegionVerdicts): Promise<void>;
  /** The items of these regions, as this region's replica has them now (a peer's may lag). */
  read(regions: readonly string[]): Promise<RegionVerdicts[]>;
}

/** The latch alarms of this region (CloudWatch alarms set with SetAlarmState). */
export interface LatchAlarms {
  /** The targets whose latch is in ALARM now. */
  latched(targets: readonly string[]): Promise<Set<string>>;
  set(target: string, on: boolean, reason: string): Promise<void>;
}

export interface QuorumPorts {
  readonly table: VerdictTable;
  readonly latch: LatchAlarms;
  /**
   * One round's QuorumFailing (1 per target judged down) and QuorumHealthy (whether its table and latch calls
   * worked), timed by the round, to the home region: the backstop's input. The Lambda's and the simulated
   * deployment's send a round only when it adds a value to its minute (functions/quorum/minute-dedupe.ts).
   */
  readonly publishFailing: PublishRound;
  /** One fast round of checks, settled by `deadline` (a check still waiting then is a TIMEOUT). */
  readonly check: (deadline: number) => Promise<readonly CheckResult[]>;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** A port's call as the driver makes it: a throw becomes undefined, and its name and message an error of the run. */
export type Attempt = <T>(what: string, work: () => Promise<T>) => Promise<T | undefined>;

/** Runs `work`, and on a throw keeps its name and message in `errors` (never a secret: ports throw AWS's errors). */
export function attempting(errors: string[]): Attempt {
  return async (what, work) => {
    try {
      return await work();
    } catch (error) {
      errors.push(`${what}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      return undefined;
    }
  };
}
