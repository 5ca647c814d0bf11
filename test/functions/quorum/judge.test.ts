// A region's verdicts through its rounds as tables: the verdict before and a round's results in, the verdict out.
// No clock: every moment is a number.
import { describe, expect, it } from 'vitest';
import type { StackQuorum } from '../../../functions/config/quorum';
import type { TargetVerdict } from '../../../functions/quorum/decide';
import { firstRoundAt, rateLimited, RoundJudge } from '../../../functions/quorum/judge';
import type { CheckResult } from '../../../functions/types';

const SETTINGS: StackQuorum = {
  agree: 1,
  checkEverySeconds: 20,
  freshSeconds: 45,
  homeRegion: 'us-east-1',
  regions: ['us-east-1'],
};
const AT = 1_000_000;
const check = (status: 'pass' | 'fail', code = 'OKTA_SERVER_ERROR'): CheckResult =>
  (status === 'pass'
    ? { server: 'org', check: 'discovery', status, diagnosis: null, latencyMs: 5 }
    : {
        server: 'org',
        check: 'discovery',
        status,
        diagnosis: { code, summary: code, detail: '' },
        latencyMs: 5,
      }) as unknown as CheckResult;
const judgeOf = (previous: Record<string, TargetVerdict> = {}) =>
  new RoundJudge({ settings: SETTINGS, fastTargets: ['org'] }, previous);

describe("a region's verdict after a round", () => {
  it.each<[string, TargetVerdict | undefined, 'pass' | 'fail', Partial<TargetVerdict>]>([
    ['up, the clean stretch starting at the round', undefined, 'pass', { state: 'up', upSince: AT, downRounds: 0 }],
    [
      'up after up, the stretch kept',
      { state: 'up', at: AT - 20_000, until: AT + 25_000, upSince: AT - 60_000, downRounds: 0 },
      'pass',
      { state: 'up', upSince: AT - 60_000 },
    ],
    ['down, its bit set', undefined, 'fail', { state: 'down', downRounds: 0b1, code: 'OKTA_SERVER_ERROR' }],
    [
      'down after down: two bits, confirmed',
      { state: 'down', at: AT - 20_000, until: AT + 25_000, downRounds: 0b1 },
      'fail',
      { state: 'down', downRounds: 0b11 },
    ],
  ])('%s', (_, before, status, expected) => {
    const judge = judgeOf(before === undefined ? {} : { org: before });
    judge.judgeRound([check(status)], AT, false);
    expect(judge.mine.org).toMatchObject({ ...expected, at: AT, until: AT + 45_000 });
  });

  it('asks for a confirmation only for a failure while nothing was in doubt', () => {
    expect(judgeOf().judgeRound([check('fail')], AT, false)).toBe(true);
    expect(judgeOf().judgeRound([check('fail')], AT, true)).toBe(false);
    expect(judgeOf().judgeRound([check('pass')], AT, false)).toBe(false);
  });

  it("keeps a pass over a failure among a round's samples: the round fails a check only when every sample did", () => {
    const judge = judgeOf();
    judge.judgeRound([check('fail'), check('pass')], AT, true);
    expect(judge.mine.org?.state).toBe('up');
  });

  it('says when a clean stretch is due to be stable, and publishes a down round as failing', () => {
    const judge = judgeOf();
    judge.judgeRound([check('pass')], AT, false);
    expect(judge.stableDue()).toBe(AT + 40_000);
    const down = judgeOf();
    down.judgeRound([check('fail')], AT, false);
    expect(down.failing()).toEqual({ org: 1 });
  });
});

describe("the run's first round", () => {
  it.each<[string, number, number, number[], number | undefined, number]>([
    ["at the run's start", AT, AT + 2_000, [AT - 20_000], undefined, AT],
    [
      "no earlier than the region's last verdict (the held run's last round)",
      AT,
      AT + 2_000,
      [AT + 1_000],
      undefined,
      AT + 1_000,
    ],
    ['never later than now', AT, AT + 2_000, [AT + 5_000], undefined, AT + 2_000],
    ['with samples, when they were sent', AT, AT + 2_000, [AT - 20_000], AT + 2_000, AT + 2_000],
  ])('is judged %s', (_, startedAt, now, previousAt, sampledAt, expected) => {
    const previous = Object.fromEntries(
      previousAt.map((at, i) => [`t${i}`, { state: 'up' as const, at, until: at + 45_000 }]),
    );
    expect(firstRoundAt(startedAt, now, previous, sampledAt)).toBe(expected);
  });

  it('samples after the checks while the last run left a window in doubt, and counts only the samples', () => {
    const doubt: TargetVerdict = {
      state: 'up',
      at: AT - 20_000,
      until: AT + 25_000,
      window: { discovery: { rounds: [[4, 4]], code: 'OKTA_SERVER_ERROR' } },
    };
    const judge = judgeOf({ org: doubt });
    expect(judge.firstInDoubt()).toBe(true);
    // The run's own check failed; four samples after it passed: up, the check's failure not counted.
    expect(judge.judgeFirst([check('fail')], [check('pass'), check('pass'), check('pass'), check('pass')], AT)).toBe(
      false,
    );
    expect(judge.mine.org?.state).toBe('up');
    expect(judge.mine.org?.window?.discovery?.rounds.at(-1)).toEqual([4, 0]);
    expect(judgeOf().firstInDoubt()).toBe(false);
  });

  it("stops the rounds' checks at a 429 of our own, never at Okta's outage", () => {
    expect(rateLimited([check('fail', 'RATE_LIMITED')])).toBe(true);
    expect(rateLimited([check('fail')])).toBe(false);
  });
});

describe("a check the rounds do not repeat (the Org server's JWKS, checked once a run)", () => {
  const of = (name: string, status: 'pass' | 'fail'): CheckResult => ({ ...check(status), check: name }) as CheckResult;
  const FAST = ['discovery', 'token', 'authorize'];
  const round = (status: 'pass' | 'fail', samples: number): CheckResult[] =>
    Array.from({ length: samples }, () => FAST.map((name) => of(name, status))).flat();
  /** What the backstop reads after each round: the run's own checks, two failing rounds, then two clean ones. */
  const published = (runChecks: CheckResult[], outage: boolean): number[] => {
    const judge = judgeOf();
    judge.judgeFirst(runChecks, [], AT);
    const out = [judge.failing().org ?? -1];
    [outage ? 'fail' : 'pass', outage ? 'fail' : 'pass', 'pass', 'pass'].forEach((status, i) => {
      judge.judgeRound(round(status as 'pass' | 'fail', 4), AT + (i + 1) * 20_000, true);
      out.push(judge.failing().org ?? -1);
    });
    return out;
  };

  it("is forgotten at an outage's end: the run's first clean round after a fix publishes 0", () => {
    // The run started during the outage: its JWKS failed with everything else. Kept until the next run, the region
    // published 1 through every clean round of its run, and the backstop's OK after a stall came a minute late.
    expect(
      published(
        [...FAST, 'keys'].map((name) => of(name, 'fail')),
        true,
      ),
    ).toEqual([1, 1, 1, 0, 0]);
  });

  it('still judges its target down when it fails alone: the rounds never saw the outage end', () => {
    expect(published([...FAST.map((name) => of(name, 'pass')), of('keys', 'fail')], false)).toEqual([1, 1, 1, 1, 1]);
  });
});
