// The round schedule as a table: the schedule's state and what the last round asked in, the next round out. No clock.
import { describe, expect, it } from 'vitest';
import { fastPageWithinSeconds } from '../../../functions/plan/quorum';
import {
  askedAfter,
  confirmationAt,
  nextAfter,
  nextRound,
  OFF_GRID_MAX,
  roundBudget,
  runBounds,
  scheduleStart,
  type Asked,
  type RoundObserved,
  type ScheduleState,
} from '../../../functions/quorum/schedule';

const I = 20_000;
const B = roundBudget(20);
/** A minute of the wall clock (the epoch's 1,000th): the grid's rounds fall 0, 20 and 40 s past it. */
const M = 60_000_000;
const state = (notBefore: number, offGridTaken = 0): ScheduleState => ({ budget: B, notBefore, offGridTaken });
const FAR = M + 600_000;

describe('the round schedule', () => {
  it.each<[string, ScheduleState, Asked, number, { kind: string; at?: number; notBefore?: number; taken?: number }]>([
    // A run that started 7 s into its minute: the grid's next is the clock's 20 s, not 27 s.
    ['the grid, on the clock', scheduleStart(M + 7_000, B), {}, FAR, { kind: 'grid', at: M + 20_000 }],
    // Started 16 s in: the clock's 20 s is less than a quarter round after the run's checks.
    [
      'no grid round a moment after the checks',
      scheduleStart(M + 16_000, B),
      {},
      FAR,
      { kind: 'grid', at: M + 40_000 },
    ],
    [
      'a confirmation before the grid, and the grid after it at half a round',
      state(M + 20_000),
      { confirmAt: M + 10_000 },
      FAR,
      { kind: 'confirmation', at: M + 10_000, notBefore: M + 20_000, taken: 1 },
    ],
    [
      'a confirmation half a round before the grid stands for that grid round',
      state(M + 20_000),
      { confirmAt: M + 15_000 },
      FAR,
      { kind: 'confirmation', at: M + 15_000, notBefore: M + 25_000, taken: 1 },
    ],
    [
      'a stable stretch due before the grid',
      state(M + 20_000),
      { stableAt: M + 12_000 },
      FAR,
      { kind: 'stable-at', at: M + 12_000, taken: 1 },
    ],
    [
      'of a confirmation and a stable round, the sooner; at the same moment, the confirmation',
      state(M + 20_000),
      { confirmAt: M + 14_000, stableAt: M + 14_000 },
      FAR,
      { kind: 'confirmation', at: M + 14_000 },
    ],
    [
      'the grid when what was asked comes after it',
      state(M + 20_000),
      { confirmAt: M + 30_000 },
      FAR,
      { kind: 'grid', at: M + 20_000, notBefore: M + 40_000 },
    ],
    [
      'the grid when the run has had its rounds off the grid',
      state(M + 20_000, OFF_GRID_MAX),
      { confirmAt: M + 10_000 },
      FAR,
      { kind: 'grid', at: M + 20_000 },
    ],
    ['the end when the grid round does not fit', state(M + 20_000), {}, M + 19_999, { kind: 'end' }],
    [
      'the end when the asked round does not fit',
      state(M + 20_000),
      { confirmAt: M + 10_000 },
      M + 9_000,
      { kind: 'end' },
    ],
  ])('%s', (_, from, asked, latest, expected) => {
    const next = nextRound(from, asked, latest);
    expect(next.kind).toBe(expected.kind);
    if (next.kind === 'end') {
      expect(next.state).toEqual(from);
      return;
    }
    expect(next.at).toBe(expected.at);
    if (expected.notBefore !== undefined) expect(next.state.notBefore).toBe(expected.notBefore);
    if (expected.taken !== undefined) expect(next.state.offGridTaken).toBe(expected.taken);
  });

  it('confirms a third of a round on, or at the last moment a round fits when sooner and a fifth of a round on', () => {
    // A third of 20 s, to the millisecond: every moment the schedule gives is a whole one.
    expect(confirmationAt(M, I, FAR)).toBe(M + 6_667);
    expect(confirmationAt(M, 7_500, FAR)).toBe(M + 2_500);
    expect(confirmationAt(M, I, M + 5_000)).toBe(M + 5_000);
    // Less than a fifth of a round (4 s) on: not a second sighting of the same failure; a third of a round, which
    // ends it.
    expect(confirmationAt(M, I, M + 3_000)).toBe(M + 6_667);
  });

  it('gives the loop and cost one budget: the grid rounds a minute, the rounds off it, the reads between', () => {
    expect(roundBudget(20)).toEqual({
      intervalMs: I,
      gridRoundsPerMinute: 3,
      offGridMax: OFF_GRID_MAX,
      peerWatchMs: 1_250,
    });
    expect(roundBudget(30).gridRoundsPerMinute).toBe(2);
    // The grid is the epoch's, not the minute's: 12 rounds in 5 minutes at 25 s, 15 in 4 at 16 s.
    expect(roundBudget(25).gridRoundsPerMinute).toBe(2.4);
    expect(roundBudget(16).gridRoundsPerMinute).toBe(3.75);
  });

  it('promises the page the chain of rounds gives: 15 s at the default 7.5 s, more the longer the interval', () => {
    // A round, a third of a round's confirmation, replication (2.5 s), a read of the peers (1.25 s), the composite
    // (1 s).
    expect(fastPageWithinSeconds(7.5)).toBe(15);
    expect(fastPageWithinSeconds(10)).toBe(20);
    expect(fastPageWithinSeconds(15)).toBe(25);
    expect(fastPageWithinSeconds(20)).toBe(35);
    expect(fastPageWithinSeconds(30)).toBe(45);
    for (let s = 7.5; s <= 30; s += 0.5) expect(fastPageWithinSeconds(s)).toBeGreaterThanOrEqual((4 / 3) * s + 4.75);
  });

  it.each<[string, Partial<RoundObserved>, Asked]>([
    ['nothing asked of a clean round', {}, {}],
    ['a failure alone is confirmed a third of a round on', { failedAlone: true }, { confirmAt: M + 6_667 }],
    ['a clean stretch due is shown by a round then', { stableDue: M + 33_000 }, { stableAt: M + 33_000 }],
    [
      "the backstop paging: a round 2 s before the minute's end",
      { backstopPages: true, now: M + 41_000 },
      { backstopAt: M + 58_000 },
    ],
    [
      "... none once that moment has passed: the grid's next round shows the fix",
      { backstopPages: true, now: M + 59_000 },
      {},
    ],
  ])('asks of the next round: %s', (_, observed, asked) => {
    const round: RoundObserved = {
      at: M,
      now: M + 1_000,
      latest: FAR,
      failedAlone: false,
      backstopPages: false,
      ...observed,
    };
    expect(askedAfter(round, I)).toEqual(asked);
  });

  it("bounds a run's rounds by its watch's end, or its checks' deadline without one, less a round's calls", () => {
    expect(runBounds({ deadline: M + 47_000, roundBudgetMs: 3_000 })).toEqual({ end: M + 47_000, latest: M + 44_000 });
    expect(runBounds({ deadline: M + 47_000, watchUntil: M + 130_000, roundBudgetMs: 3_000 })).toEqual({
      end: M + 130_000,
      latest: M + 127_000,
    });
  });

  it('after a round skipped for a 429 of our own, asks nothing of it: the grid, or the backstop alone', () => {
    const start = scheduleStart(M + 1_000, B);
    const seen = { now: M + 2_000, latest: FAR, backstopPages: false };
    expect(nextAfter(start, { at: M + 1_000, failedAlone: true }, seen)).toMatchObject({
      kind: 'confirmation',
      at: M + 7_667,
    });
    expect(nextAfter(start, undefined, seen)).toMatchObject({ kind: 'grid', at: M + 20_000 });
    expect(nextAfter(state(M + 41_000), undefined, { ...seen, now: M + 41_000, backstopPages: true })).toMatchObject({
      kind: 'backstop',
      at: M + 58_000,
    });
  });
});
