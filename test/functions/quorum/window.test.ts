// The window over a region's own requests: what it counts of each check's result, what it keeps, and when it says a
// partial outage is an outage (functions/quorum/window.ts).
import { describe, expect, it } from 'vitest';
import {
  confirmedDown,
  decideTarget,
  OK_STABLE_SECONDS,
  type TargetDecision,
  type TargetVerdict,
} from '../../../functions/quorum/decide';
import {
  afterTotalFailure,
  cleanRequests,
  countRound,
  inDoubt,
  STABLE_REQUESTS,
  WINDOW_MIN_FAILED,
  WINDOW_ROUNDS,
  windowAfter,
  windowDown,
  type RequestWindow,
  type RoundSample,
} from '../../../functions/quorum/window';
import type { CheckResult } from '../../../functions/types';

const pass = (check: string, observed?: Record<string, unknown>): CheckResult =>
  ({ server: 'org', check, status: 'pass', diagnosis: null, latencyMs: 5, observed }) as unknown as CheckResult;
const fail = (check: string, code: string, observed?: Record<string, unknown>): CheckResult =>
  ({
    server: 'org',
    check,
    status: 'fail',
    diagnosis: { code, summary: code, detail: '' },
    latencyMs: 5,
    observed,
  }) as unknown as CheckResult;

const windowOf = (rounds: RoundSample[]): RequestWindow => ({ token: { rounds, code: 'OKTA_SERVER_ERROR' } });

describe('countRound', () => {
  it("counts a retry that passed as one failed request of two, naming its first attempt's code", () => {
    const counts = countRound([pass('token', { passedOnRetry: true, firstAttempt: 'TIMEOUT (request abc)' })]);
    expect(counts.get('org')?.get('token')).toEqual({ sent: 2, failed: 1, code: 'TIMEOUT' });
  });

  it('counts a failure retried as two failed requests, and sums the samples of a round', () => {
    const counts = countRound([
      fail('token', 'OKTA_SERVER_ERROR', { retried: 'OKTA_SERVER_ERROR (request r2)' }),
      pass('token'),
      fail('token', 'NETWORK_ERROR'),
    ]);
    expect(counts.get('org')?.get('token')).toEqual({ sent: 4, failed: 3, code: 'NETWORK_ERROR' });
  });

  it('never counts our own failure (a rotated secret) as failed, nor a check that made no request', () => {
    const counts = countRound([fail('token', 'INVALID_CLIENT'), { ...pass('authorize'), status: 'skip' } as never]);
    expect(counts.get('org')?.get('token')).toEqual({ sent: 1, failed: 0 });
    expect(counts.get('org')?.get('authorize')).toEqual({ sent: 0, failed: 0 });
  });

  it('ignores a warning check and a carried verdict: only page checks judge a target', () => {
    const counts = countRound([
      fail('status', 'OKTA_SERVER_ERROR'),
      { ...fail('token', 'OKTA_SERVER_ERROR'), carried: { judgedAt: '2026-01-01T00:00:00Z' } } as CheckResult,
    ]);
    expect(counts.get('org')?.size ?? 0).toBe(0);
  });

  it("takes a passed retry's unknown first attempt as no failure rather than guessing a code", () => {
    const counts = countRound([pass('token', { passedOnRetry: true, firstAttempt: 'SOMETHING_ELSE' })]);
    expect(counts.get('org')?.get('token')).toEqual({ sent: 1, failed: 0 });
  });
});

describe('windowAfter', () => {
  it('keeps the last WINDOW_ROUNDS rounds of a check, oldest first', () => {
    let window: RequestWindow = {};
    for (let round = 1; round <= WINDOW_ROUNDS + 2; round += 1)
      window = windowAfter(window, new Map([['token', { sent: round, failed: 1, code: 'TIMEOUT' as const }]]));
    expect(window.token?.rounds.map(([sent]) => sent)).toEqual(Array.from({ length: WINDOW_ROUNDS }, (_, i) => i + 3));
    expect(window.token?.code).toBe('TIMEOUT');
  });

  it('gives a check the round did not run an empty round, so every list covers the same rounds', () => {
    const window = windowAfter(windowOf([[2, 1]]), new Map([['authorize', { sent: 1, failed: 1 }]]));
    expect(window.token?.rounds).toEqual([
      [2, 1],
      [0, 0],
    ]);
    expect(window.authorize?.rounds).toEqual([[1, 1]]);
  });

  it('drops a check whose window no longer holds a failure', () => {
    let window = windowOf([[1, 1]]);
    for (let round = 0; round < WINDOW_ROUNDS; round += 1)
      window = windowAfter(window, new Map([['token', { sent: 1, failed: 0 }]]));
    expect(window).toEqual({});
    expect(inDoubt(window)).toBe(false);
    expect(inDoubt(windowOf([[1, 1]]))).toBe(true);
  });
});

describe('windowDown', () => {
  it('judges down at WINDOW_MIN_FAILED failed requests that are at least a fifth of those sent', () => {
    // Spread over the window's rounds, the newest failing: four requests a round, as a round in doubt sends.
    const spread = (failed: number): RoundSample[] =>
      Array.from({ length: WINDOW_ROUNDS }, (_, i) => {
        const share = Math.floor(failed / WINDOW_ROUNDS) + (WINDOW_ROUNDS - 1 - i < failed % WINDOW_ROUNDS ? 1 : 0);
        return [4, share] as const;
      });
    expect(windowDown(windowOf(spread(WINDOW_MIN_FAILED)))).toBeDefined();
    expect(windowDown(windowOf(spread(WINDOW_MIN_FAILED - 1)))).toBeUndefined();
  });

  it('does not judge down when the failures are too small a share', () => {
    // Two failures of six requests each round, a third: down; of twelve, a sixth: not down.
    const rounds = Array.from({ length: WINDOW_ROUNDS }, () => [6, 2] as const);
    expect(windowDown(windowOf(rounds))).toBeDefined();
    expect(windowDown(windowOf(rounds.map(([sent, failed]) => [sent * 2, failed] as const)))).toBeUndefined();
  });

  it('clears as soon as two rounds pass, without waiting for the window to drain', () => {
    const failing: RoundSample[] = [
      [4, 4],
      [4, 4],
      [4, 4],
      [4, 0],
    ];
    expect(windowDown(windowOf([...failing, [4, 0]]))).toBeUndefined();
    expect(windowDown(windowOf([...failing, [4, 1]]))).toBeDefined();
  });

  it('confirms a down verdict on its own: a window is already more than a minute of requests', () => {
    const verdict: TargetVerdict = { state: 'down', at: 0, until: 1, downRounds: 0b0001 };
    expect(confirmedDown(verdict)).toBe(false);
    expect(
      confirmedDown({
        ...verdict,
        window: windowOf([
          [4, 4],
          [4, 2],
          [4, 1],
        ]),
      }),
    ).toBe(true);
  });
});

describe('clearing after a partial outage', () => {
  it("starts a clean stretch at once only after a round that failed every request: an outage's end, not luck", () => {
    // A total outage's last round (every request and its retry failed), then a clean one: a fix.
    expect(
      afterTotalFailure(
        windowOf([
          [2, 2],
          [8, 8],
          [4, 0],
        ]),
      ),
    ).toBe(true);
    // A partial outage's round (some of its requests failed), then a clean one: as likely the outage's luck.
    expect(
      afterTotalFailure(
        windowOf([
          [8, 8],
          [5, 2],
          [4, 0],
        ]),
      ),
    ).toBe(false);
    // Every check the rounds sample must have failed its round before: one skipped then (its token failed) proves
    // nothing.
    expect(
      afterTotalFailure({
        token: {
          rounds: [
            [8, 8],
            [4, 0],
          ],
        },
        introspect: {
          rounds: [
            [1, 1],
            [0, 0],
            [4, 0],
          ],
        },
      }),
    ).toBe(false);
    // A check the rounds do not sample (the Org server's JWKS, checked once a run) sent nothing in either round: it
    // neither proves nor holds back the fix the others show.
    expect(
      afterTotalFailure({
        token: {
          rounds: [
            [8, 8],
            [4, 0],
          ],
        },
        keys: {
          rounds: [
            [1, 1],
            [0, 0],
            [0, 0],
          ],
        },
      }),
    ).toBe(true);
    expect(afterTotalFailure({})).toBe(false);
    expect(afterTotalFailure(windowOf([[4, 0]]))).toBe(false);
  });

  it('counts the passing requests in a row since the last failed one, the fewest of any failing check', () => {
    expect(cleanRequests({})).toBe(Infinity);
    expect(
      cleanRequests({
        token: {
          rounds: [
            [4, 2],
            [4, 0],
            [4, 0],
          ],
        },
        authorize: {
          rounds: [
            [4, 0],
            [4, 1],
            [4, 0],
          ],
        },
      }),
    ).toBe(4);
  });

  it('leaves out a check the rounds do not sample beside sampled failures, and counts it when it failed alone', () => {
    const keys = {
      rounds: [
        [1, 1],
        [0, 0],
        [0, 0],
        [0, 0],
      ] as const,
    };
    const token = {
      rounds: [
        [4, 4],
        [4, 0],
        [4, 0],
        [4, 0],
      ] as const,
    };
    expect(cleanRequests({ keys, token })).toBe(12);
    expect(cleanRequests({ keys })).toBe(0);
  });

  it(`clears a page only after ${OK_STABLE_SECONDS} s up and STABLE_REQUESTS passing requests in a row`, () => {
    const up = (window: RequestWindow): TargetDecision =>
      decideTarget(
        { agree: 1, checkEverySeconds: 20, freshSeconds: 45, homeRegion: 'r', regions: ['r'] },
        'org',
        [
          {
            region: 'r',
            writtenAt: 100_000,
            verdicts: { org: { state: 'up', at: 100_000, until: 200_000, upSince: 0, window } },
          },
        ],
        100_000,
        true,
      );
    const rounds = (clean: number): RoundSample[] => [[4, 3], ...Array.from({ length: clean }, () => [4, 0] as const)];
    const enough = Math.ceil(STABLE_REQUESTS / 4);
    expect(up(windowOf(rounds(enough - 1))).latch).toBe(true);
    expect(up(windowOf(rounds(enough))).latch).toBe(false);
  });
});
