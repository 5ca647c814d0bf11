// A region's own verdicts through one run, pure: each round's check results in, each target's verdict out (its state,
// its down bits, its window and since when it has been clean), and what those verdicts ask of the schedule and the
// backstop. No clock: every moment is given (docs/decisions/multi-region-quorum.md, docs/decisions/partial-outages.md).
import type { StackQuorum } from '../config/quorum';
import type { FaultOwner } from '../contract';
import { FAST_CHECKS } from '../plan/check-table';
import type { CheckResult } from '../types';
import { downRoundsAfter, judgeTargets, OK_STABLE_SECONDS, type TargetVerdict } from './decide';
import {
  afterTotalFailure,
  countRound,
  failedAny,
  inDoubt,
  isOutageCode,
  lastRoundClean,
  windowAfter,
  windowDown,
  type RequestWindow,
} from './window';
import { isOwnThrottle } from '../diagnosis/registry';

/** What a run's judge is set up with: the quorum, the targets each fast round checks again, their `pageFor`. */
export interface JudgeSetup {
  readonly settings: StackQuorum;
  /** The targets each fast round checks again; the others' verdicts come from the run's checks only. */
  readonly fastTargets: readonly string[];
  /** Each server's and journey's `pageFor`, where the config gives one (the others page for DEFAULT_PAGE_FOR). */
  readonly pageFor?: Readonly<Record<string, readonly FaultOwner[]>>;
}

/** A 429 to our own request: the fast rounds stop checking for the rest of the run, and it never pages. */

/** Whether Okta rate-limited one of these requests of ours: later rounds check nothing. */
export function rateLimited(checks: readonly CheckResult[]): boolean {
  // Our own bucket (the registry: a throttled refusal that is ours), never Okta's concurrency limit.
  return checks.some((c) => c.status === 'fail' && isOwnThrottle(c.diagnosis.code));
}

/**
 * A target's verdict after one more round: the state its checks give, down all the same when its window judges a
 * partial outage, and since when its rounds have been clean.
 */
function verdictAfter(
  judged: TargetVerdict,
  before: TargetVerdict | undefined,
  window: RequestWindow,
  at: number,
): TargetVerdict {
  const partial = judged.state !== 'down' ? windowDown(window) : undefined;
  const verdict: TargetVerdict =
    partial === undefined
      ? judged
      : { ...judged, state: 'down', ...(partial.code !== undefined ? { code: partial.code } : {}) };
  // Stably up only through rounds in which no request failed: a partial outage shows passing rounds between
  // failing ones, and must not clear its page in one of them. A round with a failed request restarts the stretch;
  // the clean round after it starts it once the verdict is up. After a round that failed every request (an
  // outage's end, not a partial outage's luck) it starts at once, though the window still judges down by that
  // round (windowDown's RECENT_ROUNDS): waiting for the window put the OK 80 s after a fix instead of 60.
  const clean = judged.state === 'up' && lastRoundClean(window);
  const stillClean = clean && before?.upSince !== undefined && lastRoundClean(before.window);
  const starts = verdict.state === 'up' || (clean && afterTotalFailure(window));
  const upSince = stillClean ? before.upSince : starts ? at : undefined;
  return {
    ...verdict,
    ...(upSince !== undefined ? { upSince } : {}),
    downRounds: downRoundsAfter(before, verdict.state === 'down'),
    ...(Object.keys(window).length > 0 ? { window } : {}),
  };
}

/** The key of one check of one target. */
const keyOf = (check: CheckResult): string => `${check.server}\n${check.check}`;

/** This region's verdicts through one run: each check's latest result, and each target's verdict after each round. */
export class RoundJudge {
  /** This run's verdict of each target it judged. */
  readonly mine: Record<string, TargetVerdict> = {};
  // Each check's latest result: a fast round re-checks only some checks (and no journey), so a target's verdict
  // comes from the latest result of every check, and one the round did not re-run keeps failing until a run passes it.
  private readonly latest = new Map<string, CheckResult>();
  private readonly seenThisRound = new Set<string>();
  /** Failures of the run's checks that the fast rounds' passes may outlive (`outlived`). */
  private readonly withOutage = new Set<string>();

  constructor(
    private readonly setup: JudgeSetup,
    /** This region's verdicts from its last run, so "up since" and the window survive from one run to the next. */
    private readonly previous: Readonly<Record<string, TargetVerdict>>,
  ) {}

  /** Whether the window the last run left holds a failure: the run's first round samples after its checks. */
  firstInDoubt(): boolean {
    return this.setup.fastTargets.some((target) => inDoubt(this.previous[target]?.window));
  }

  /**
   * The run's own checks are its first round, one request of each. While the window the last run left holds a
   * failure, that round takes `samples` of the fast checks after them, as every round in doubt does, and its window
   * counts those samples alone: a run's first round falls in every minute's stretch after a fix, and as one request
   * it left a clean stretch short of STABLE_REQUESTS by a round. The run's own result of a sampled check still judges
   * the verdict (a pass is kept over a failure), but is not counted: a fix that lands between the run's checks and the
   * samples would make the round look like a partial outage's, and hold the OK a round longer. Returns whether the
   * round failed a request while nothing was in doubt (the schedule confirms it sooner).
   */
  judgeFirst(checks: readonly CheckResult[], samples: readonly CheckResult[], at: number): boolean {
    const sampled = new Set(samples.map(keyOf));
    this.markWithOutage(checks);
    this.keep([...checks, ...samples]);
    this.judge(() => true, at, [...checks.filter((c) => !sampled.has(keyOf(c))), ...samples]);
    const fast = new Set(this.setup.fastTargets);
    return !this.firstInDoubt() && failedAny(checks.filter((c) => fast.has(c.server)));
  }

  /**
   * One fast round's checks, judged at `at`: the fast targets only. Returns whether it failed a request while nothing
   * was in doubt before it (`doubt`).
   */
  judgeRound(checks: readonly CheckResult[], at: number, doubt: boolean): boolean {
    this.keep(checks);
    const fast = new Set(this.setup.fastTargets);
    this.judge((target) => fast.has(target), at, checks);
    return !doubt && failedAny(checks);
  }

  /**
   * The earliest moment a fast target's clean stretch reaches OK_STABLE_SECONDS, of those still short of it: the round
   * that can show it stable. Undefined when none is on its way.
   */
  stableDue(): number | undefined {
    const span = OK_STABLE_SECONDS * 1000;
    let due: number | undefined;
    for (const target of this.setup.fastTargets) {
      const verdict = this.mine[target];
      if (verdict?.upSince === undefined || verdict.at - verdict.upSince >= span) continue;
      due = Math.min(due ?? Infinity, verdict.upSince + span);
    }
    return due;
  }

  /** Whether any fast target's window holds a failure: the round samples more. */
  inDoubt(): boolean {
    return this.setup.fastTargets.some((target) => inDoubt(this.mine[target]?.window));
  }

  /**
   * Each target's QuorumFailing for the backstop. Every down round counts there: a minute's Minimum is its own
   * confirmation (every round of the minute failed), and a run that cannot read its last verdicts (the table down)
   * must not leave its first round unconfirmed. A round that starts the clean stretch after an outage (upSince on a
   * verdict the window still holds down) is not failing: the backstop clears a minute sooner when that round is the
   * minute's only answer.
   */
  failing(): Record<string, 0 | 1> {
    return Object.fromEntries(
      Object.entries(this.mine).map(([target, v]) => [target, v.state === 'down' && v.upSince === undefined ? 1 : 0]),
    );
  }

  /** The run's checks the rounds do not repeat that failed with an outage of a check they repeat, of one target. */
  private markWithOutage(checks: readonly CheckResult[]): void {
    const outage = (c: CheckResult): boolean => c.status === 'fail' && isOutageCode(c.diagnosis.code);
    const down = new Set(checks.filter((c) => FAST_CHECKS.has(c.check) && outage(c)).map((c) => c.server));
    for (const c of checks)
      if (!FAST_CHECKS.has(c.check) && down.has(c.server) && outage(c) && c.carried === undefined)
        this.withOutage.add(keyOf(c));
  }

  /** Keeps a round's results: of its samples, a pass is kept over a failure. */
  private keep(checks: readonly CheckResult[]): void {
    for (const check of checks) {
      if (check.carried !== undefined) continue;
      const key = keyOf(check);
      // The round fails a check only when every sample failed it (an outage); a share of them failing is the
      // window's to judge, over more requests than one round sends.
      if (!this.seenThisRound.has(key) || check.status === 'pass') this.latest.set(key, check);
      this.seenThisRound.add(key);
    }
  }

  /** Judges the targets `targets` names at `at`, `round` being the requests the round's windows count. */
  private judge(targets: (target: string) => boolean, at: number, round: readonly CheckResult[]): void {
    const counts = countRound(round);
    const checks = [...this.latest.values()].filter((c) => targets(c.server));
    for (const [target, judged] of Object.entries(judgeTargets(checks, at, 0, this.setup.pageFor))) {
      const before = this.mine[target] ?? this.previous[target];
      const window = windowAfter(before?.window, counts.get(target));
      const verdict = verdictAfter(this.outlived(target, judged, round, at), before, window, at);
      this.mine[target] = { ...verdict, until: at + this.validMs(target) };
    }
    this.seenThisRound.clear();
  }

  /**
   * A down verdict judged again from the round's own checks alone, when every one of them passed and the run's checks
   * failed a check the rounds do not repeat (the Org server's JWKS, checked once a run) with the same outage as one
   * they repeat: that failure is forgotten, the repeated checks vouch for the fix. Kept, it held the region down until
   * its next run, anywhere in the next minute: the backstop's OK after a stall came 90.0 s after a fix 10 s before the
   * minute's end (30.0 s with this), and every latch's OK waited for each region's next run. A check failing alone (the
   * JWKS down, Okta otherwise answering) failed with nothing the rounds repeat, and judges its target down until a run
   * passes it.
   */
  private outlived(target: string, judged: TargetVerdict, round: readonly CheckResult[], at: number): TargetVerdict {
    const mine = round.filter((c) => c.server === target && c.carried === undefined);
    const stale = [...this.withOutage].filter((key) => this.latest.get(key)?.server === target);
    if (judged.state !== 'down' || stale.length === 0 || mine.length === 0 || mine.some((c) => c.status !== 'pass'))
      return judged;
    const repeated = new Set(mine.map(keyOf));
    const again = judgeTargets(
      [...this.latest.values()].filter((c) => repeated.has(keyOf(c))),
      at,
      0,
      this.setup.pageFor,
    )[target];
    if (again?.state !== 'up') return judged;
    for (const key of stale) this.latest.delete(key);
    return again;
  }

  // A target judged every round expires with the round's freshness; one judged once a run, a run later.
  private validMs(target: string): number {
    const { freshSeconds, checkEverySeconds } = this.setup.settings;
    return this.setup.fastTargets.includes(target)
      ? freshSeconds * 1000
      : 60_000 + (freshSeconds - checkEverySeconds) * 1000;
  }
}

/**
 * When the run's first round is judged. No earlier than the region's last verdict: the run before this one keeps its
 * rounds until it reads this run's item, so its last round can come after this run started, and a clean stretch it
 * began then, judged at this run's start, would be up since a moment after the verdict (refused as damaged when read
 * back), and the OK late. In doubt (`sampledAt`), when its samples were sent: dated at the run's start, a clean
 * stretch they began was seconds older than its first passing request, and a 40 s flap's answering spell cleared the
 * page.
 */
export function firstRoundAt(
  startedAt: number,
  now: number,
  previous: Readonly<Record<string, TargetVerdict>>,
  sampledAt?: number,
): number {
  return sampledAt ?? Math.min(now, Math.max(startedAt, ...Object.values(previous).map((v) => v.at)));
}
