// A region's round schedule as a function: the schedule's state and what the last round asked in, the next round
// (its kind and its time) out. No clock: the Lambda's loop (functions/lambda/quorum-loop.ts) samples, writes, reads,
// latches and publishes at the times this gives, and `cost` counts the rounds from the same budget
// (docs/decisions/multi-region-quorum.md, "Rounds on the clock").
import { CONFIRMATION_ROUNDS, PEER_WATCH_MS } from '../plan/quorum';

/** What a region's rounds may take, read by the loop (its schedule's state) and by `cost` alike. */
interface RoundBudget {
  /** The grid's step: a grid round every intervalMs from the UTC epoch. */
  readonly intervalMs: number;
  /**
   * The wall clock's grid rounds a minute, as the schedule takes them: 60 / checkEverySeconds (8 at 7.5 s), a
   * fraction when the interval does not divide the minute (2.4 at 25 s: the grid's 12 rounds in 5 minutes). One run
   * of the region takes each, except a round in the first quarter round (or 2 s) after a run starts (scheduleStart),
   * so a minute has a quarter round fewer at most: this is the most, what `cost` bills.
   */
  readonly gridRoundsPerMinute: number;
  /** Rounds off the grid a run may take, whatever asks (a failure's confirmation, a stretch's stable round). */
  readonly offGridMax: number;
  /**
   * How often a run reads the table between its rounds: the acting home its peers' verdicts while a target is in
   * trouble, and every run past its checks its own region's item, which tells it the next run has written.
   */
  readonly peerWatchMs: number;
}

/**
 * Servers whose stretches reach 40 s at different moments each ask for a round: two a run at most, so a minute's
 * token calls stay bounded (a bound of one held a second server's OK for the grid, 79.5 s became 91.2 s).
 */
export const OFF_GRID_MAX = 2;
export function roundBudget(checkEverySeconds: number): RoundBudget {
  return {
    intervalMs: checkEverySeconds * 1000,
    gridRoundsPerMinute: 60 / checkEverySeconds,
    offGridMax: OFF_GRID_MAX,
    peerWatchMs: PEER_WATCH_MS,
  };
}

/** The kinds of round, in the order they win a tie: a confirmation, a stable round, the backstop's, the grid's. */
type RoundKind = 'confirmation' | 'stable-at' | 'backstop' | 'grid';

/** The schedule between two rounds. */
export interface ScheduleState {
  readonly budget: RoundBudget;
  /** The earliest moment the next grid round may come. */
  readonly notBefore: number;
  /** Rounds off the grid this run has taken. */
  readonly offGridTaken: number;
}

/** What the rounds so far ask of the next: a failure's confirmation, the moment a clean stretch is due. */
export interface Asked {
  readonly confirmAt?: number;
  readonly stableAt?: number;
  /**
   * The last moment of the minute, when the backstop is what pages (the round was unhealthy: a stalled or failing
   * table) and a target is failing: the backstop reads a minute as failing only when every round of it failed, and
   * with every region's grid at the same seconds a fix after the minute's last grid round was seen by none until the
   * next minute, the OK a minute later (99 s after the fix). It neither counts among the rounds off the grid nor
   * moves the grid.
   */
  readonly backstopAt?: number;
}

/** A next round: its kind and time, or the end of the run's rounds when none fits by `latest`. */
type NextRound =
  | { readonly kind: RoundKind; readonly at: number; readonly state: ScheduleState }
  | { readonly kind: 'end'; readonly state: ScheduleState };

/**
 * How long a run's own checks take, about, before its item is written and the older run of its region, which holds
 * its rounds until then, stops: a grid round sooner than this after the run starts is the older run's too, taken
 * twice (two rounds' /token calls where `cost` bills one).
 */
const CHECKS_BEFORE_WRITE_MS = 2_000;

/**
 * A run's schedule at its start. Its own checks are a round: the grid's next comes a quarter round after them at the
 * soonest, and not before the older run has read this run's item (CHECKS_BEFORE_WRITE_MS, the longer at 7.5 s rounds).
 * Half a round left up to 30 s between the checks and the next round, and a flapping Okta's 30 s spell fell in it:
 * its page came at 61 s.
 */
export function scheduleStart(startedAt: number, budget: RoundBudget): ScheduleState {
  const skip = Math.max(budget.intervalMs / 4, CHECKS_BEFORE_WRITE_MS);
  return { budget, notBefore: startedAt + skip, offGridTaken: 0 };
}

/**
 * The next round. The grid is the wall clock's (every intervalMs from the UTC epoch), whatever second the run
 * started: EventBridge starts a run anywhere in its minute. A round asked off the grid comes first when it is sooner
 * than the grid's next and the run has its budget's offGridMax left (a confirmation before a stable round at the same
 * moment), and stands for any grid round less than half a round after it: no two rounds a moment apart. None past
 * `latest`.
 */
export function nextRound(state: ScheduleState, asked: Asked, latest: number): NextRound {
  const { budget } = state;
  const { intervalMs } = budget;
  const onGrid = Math.ceil(state.notBefore / intervalMs) * intervalMs;
  const offGrid: { kind: RoundKind; at: number }[] = [
    ...(asked.confirmAt !== undefined ? [{ kind: 'confirmation' as const, at: asked.confirmAt }] : []),
    ...(asked.stableAt !== undefined ? [{ kind: 'stable-at' as const, at: asked.stableAt }] : []),
  ].sort((a, b) => a.at - b.at);
  const backstop = asked.backstopAt;
  const first = offGrid[0];
  const offGridFirst = first !== undefined && first.at < onGrid && state.offGridTaken < budget.offGridMax;
  if (backstop !== undefined && backstop < onGrid && (!offGridFirst || backstop < first.at) && backstop <= latest)
    return { kind: 'backstop', at: backstop, state };
  if (offGridFirst) {
    if (first.at > latest) return { kind: 'end', state };
    const notBefore = Math.max(state.notBefore, first.at + intervalMs / 2);
    return { ...first, state: { budget, notBefore, offGridTaken: state.offGridTaken + 1 } };
  }
  if (onGrid > latest) return { kind: 'end', state };
  return { kind: 'grid', at: onGrid, state: { ...state, notBefore: onGrid + intervalMs } };
}

/**
 * When a round at `at` that failed a request while no window was in doubt is confirmed: a third of a round later
 * (CONFIRMATION_ROUNDS, the page's promise is built on it), or at `latest` (the last moment a round fits) when that is
 * sooner and still a fifth of a round on. Without it, a run's last round that found an outage left it to the next
 * run, by when a flapping Okta may answer again.
 */
export function confirmationAt(at: number, intervalMs: number, latest: number): number {
  const confirm = at + Math.round(intervalMs * CONFIRMATION_ROUNDS);
  return confirm > latest && latest - at >= intervalMs / 5 ? latest : confirm;
}

/** How long before a minute ends the backstop's round starts: its one sample answers well within it. */
const BACKSTOP_LEAD_MS = 2_000;

/** What a round judged at `at`, and its share of the table by `now`, observed for the next round. */
export interface RoundObserved {
  readonly at: number;
  readonly now: number;
  /** The last moment a round fits in the run. */
  readonly latest: number;
  /** It failed a request while no window was in doubt: the next round confirms it, a third of a round later. */
  readonly failedAlone: boolean;
  /** When a fast target's clean stretch reaches OK_STABLE_SECONDS, if one is on its way: a round then shows it. */
  readonly stableDue?: number;
  /** It was unhealthy (the backstop is what pages) and a target fails: a round at the minute's last moment. */
  readonly backstopPages: boolean;
}

/**
 * What a round asks of the next. A confirmation by instant samples would page for a blip of a second; a third of a
 * round apart (2.5 s at 7.5 s) it is a failure that lasted, though a blip of 3-6 s may page (BENCHMARKS.md t). The
 * backstop's round comes only while the minute's last moment is still ahead.
 */
export function askedAfter(observed: RoundObserved, intervalMs: number): Asked {
  const { at, now, latest } = observed;
  const minuteEnd = Math.ceil((now + 1) / 60_000) * 60_000 - BACKSTOP_LEAD_MS;
  return {
    ...(observed.failedAlone && { confirmAt: confirmationAt(at, intervalMs, latest) }),
    ...(observed.stableDue !== undefined && { stableAt: observed.stableDue }),
    ...(observed.backstopPages && minuteEnd > now && { backstopAt: minuteEnd }),
  };
}

/**
 * A run's bounds: its rounds' end (the watch's end when it has one, else its checks' deadline), by which a round's
 * checks settle (one still waiting then is a TIMEOUT, its table and alarm calls after it, which the caller's
 * `watchUntil` leaves room for), and the last moment a round starts and still ends by then.
 */
export function runBounds(run: {
  readonly deadline: number;
  readonly watchUntil?: number;
  readonly roundBudgetMs: number;
}): { readonly end: number; readonly latest: number } {
  const end = run.watchUntil ?? run.deadline;
  return { end, latest: end - run.roundBudgetMs };
}

/**
 * The next round after a round's share of the table: asked by the round judged since the last ask (`judged`, none
 * after a round the run skipped for a 429 of its own) and by the backstop.
 */
export function nextAfter(
  state: ScheduleState,
  judged: Pick<RoundObserved, 'at' | 'failedAlone' | 'stableDue'> | undefined,
  seen: Pick<RoundObserved, 'now' | 'latest' | 'backstopPages'>,
): NextRound {
  const round: RoundObserved = {
    ...seen,
    at: judged?.at ?? seen.now,
    failedAlone: judged?.failedAlone ?? false,
    ...(judged?.stableDue !== undefined && { stableDue: judged.stableDue }),
  };
  return nextRound(state, askedAfter(round, state.budget.intervalMs), seen.latest);
}
