// A journey's stored state within its bounds, field by field: what an honest run writes passes, and each hostile or
// clock-skewed value is named (functions/probe/sign-in/state-bounds.ts).
import { describe, expect, it } from 'vitest';
import type { JourneyState } from '../../../../functions/journey-state';
import { journeyStateProblem } from '../../../../functions/probe/sign-in/state-bounds';
import { carefulState, LEASE_MS } from '../../../../functions/probe/sign-in/state';
import { seeded } from '../../../support/seeded';

const NOW = Date.UTC(2026, 10, 25, 6, 0, 0);
const MIN = 60_000;
const honest: JourneyState = {
  last: { at: NOW - 5 * MIN, code: null, requestId: 'abc', httpStatus: 200, authenticator: 'passkey' },
  totpStep: Math.floor(NOW / 30_000) - 10,
  refusal: {
    fingerprint: 'f00d',
    outcome: 'uncertain',
    code: 'TIMEOUT',
    at: NOW - MIN,
    until: NOW + 29 * MIN,
    spent: 1,
  },
  lease: { holder: 'run-1', since: NOW - MIN, until: NOW + LEASE_MS - MIN, accepted: NOW - 30_000 },
  earlyAt: NOW - 30 * MIN,
  promotionSkips: { count: 12, since: NOW - 60 * MIN },
  closed: 'run-0',
  deviceCookies: { DT: 'abc123' },
};

describe('journeyStateProblem', () => {
  it('passes what honest runs write, the careful state included', () => {
    expect(journeyStateProblem(honest, NOW)).toBeUndefined();
    expect(journeyStateProblem(carefulState(NOW, 'why'), NOW)).toBeUndefined();
    expect(journeyStateProblem({}, NOW)).toBeUndefined();
  });

  it.each([
    ['a last run a year ahead', { last: { at: NOW + 365 * 24 * 60 * MIN, code: null } }, /last\.at lies/],
    [
      'a lease that never ends',
      { lease: { holder: 'x', since: NOW, until: NOW + 400 * 24 * 60 * MIN } },
      /lease\.until/,
    ],
    ['a negative spent', { refusal: { ...honest.refusal, spent: -100 } }, /refusal\.spent/],
    ['a fractional spent', { refusal: { ...honest.refusal, spent: 0.5 } }, /refusal\.spent/],
    ['a refusal held for a week', { refusal: { ...honest.refusal, until: NOW + 7 * 24 * 60 * MIN } }, /refusal\.until/],
    ['an unknown outcome', { refusal: { ...honest.refusal, outcome: 'accepted' } }, /refusal\.outcome/],
    ['a code nobody has', { last: { at: NOW, code: 'DROP_TABLES' } }, /last\.code/],
    ['Infinity as a time', { earlyAt: Infinity }, /earlyAt is not a time/],
    ['a TOTP step a day ahead', { totpStep: Math.floor((NOW + 24 * 60 * MIN) / 30_000) }, /totpStep/],
    [
      'a cookie jar of 100',
      { deviceCookies: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`c${i}`, 'v'])) },
      /deviceCookies/,
    ],
    ['a prototype key', JSON.parse('{"__proto__": {"lease": 1}}') as JourneyState, /prototype/],
    // Each field forged once more, as anyone who can write the folder, the parameter or the item could.
    ['a spent of NaN (null in JSON)', { refusal: { ...honest.refusal, spent: null } }, /refusal\.spent/],
    ['a spent past any count', { refusal: { ...honest.refusal, spent: 1e9 } }, /refusal\.spent/],
    ['an empty fingerprint', { refusal: { ...honest.refusal, fingerprint: '' } }, /refusal\.fingerprint/],
    ['a fingerprint of 5,000 characters', { refusal: { ...honest.refusal, fingerprint: 'f'.repeat(5000) } }, /fingerp/],
    ['a refusal of a step not kept', { refusal: { ...honest.refusal, step: 'password' } }, /refusal\.step/],
    ['a refusal that ends before it began', { refusal: { ...honest.refusal, until: NOW - 2 * MIN } }, /before refusal/],
    ['a refusal dated before the epoch', { refusal: { ...honest.refusal, at: -1 } }, /refusal\.at/],
    ['a lease that ends before it began', { lease: { ...honest.lease, since: NOW, until: NOW - MIN } }, /before lease/],
    ['a lease with no holder', { lease: { ...honest.lease, holder: 7 } }, /lease\.holder/],
    ['a TOTP step sent a day ahead', { lease: { ...honest.lease, totpSent: NOW + 24 * 60 * MIN } }, /totpSent/],
    ['a prototype key inside the refusal', { refusal: JSON.parse('{"__proto__": {"spent": -9}}') }, /prototype/],
    ['a last run with a fact that is an object', { last: { at: NOW, code: null, observed: { a: { b: 1 } } } }, /obs/],
    [
      'a last run with a forged fact of 1e300, printed "1e+300"',
      { last: { at: NOW, code: null, observed: { latencyMs: 1e300 } } },
      /observed\.latencyMs is not a short text, number or boolean/,
    ],
    [
      'a last run of 1,000 facts',
      { last: { at: NOW, code: null, observed: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [i, 1])) } },
      /observed holds more/,
    ],
    ['a run that did not run yet failed', { last: { at: NOW, code: 'TIMEOUT', notRun: 'skip' } }, /notRun carries/],
    ['a verdict of an authenticator not kept', { last: { at: NOW, code: null, authenticator: 'totp' } }, /authenticat/],
    ['an HTTP status of 42', { last: { at: NOW, code: 'TIMEOUT', httpStatus: 42 } }, /httpStatus/],
    ['a password expiring in NaN days', { last: { at: NOW, code: null, passwordExpiresInDays: '5' } }, /passwordExp/],
    ['a negative TOTP step', { totpStep: -1 }, /totpStep/],
    ['a passkey counter past 32 bits', { passkeyCounter: 2 ** 32 }, /passkeyCounter/],
    [
      'a passkey accepted a day ahead',
      { passkeyAccepted: { credentialId: 'c', counter: 1, at: NOW + 1e8 } },
      /at lies/,
    ],
    ['a closing holder that is a number', { closed: 5 }, /closed/],
    ['promotion skips counted negative', { promotionSkips: { count: -3, since: NOW } }, /promotionSkips\.count/],
    ['promotion skips past ten years of runs', { promotionSkips: { count: 1e9, since: NOW } }, /promotionSkips\.c/],
    ['promotion skips since 3000', { promotionSkips: { count: 2, since: Date.UTC(3000, 0, 1) } }, /since lies/],
    ['promotion skips that are a number', { promotionSkips: 4 }, /promotionSkips is not/],
    ['an early run in 3000', { earlyAt: Date.UTC(3000, 0, 1) }, /earlyAt lies/],
  ])('names %s', (_what, change, problem) => {
    expect(journeyStateProblem({ ...honest, ...change } as JourneyState, NOW)).toMatch(problem);
  });

  it("passes members it does not know (a newer version's), which the rules never read", () => {
    expect(journeyStateProblem({ ...honest, future: { spent: -1 } } as JourneyState, NOW)).toBeUndefined();
  });

  it('never passes a random hostile state whose times or counts leave their bounds', () => {
    const rnd = seeded(5);
    const wild = (): unknown =>
      [NOW + rnd() * 1e12, -rnd() * 1e6, Infinity, NaN, '1', null, Number.MAX_VALUE, NOW - rnd() * MIN][
        Math.floor(rnd() * 8)
      ];
    for (let i = 0; i < 2000; i += 1) {
      const state = {
        last: { at: wild(), code: null },
        refusal: { ...honest.refusal, spent: wild(), until: wild() },
        lease: { holder: 'h', since: wild(), until: wild() },
      } as unknown as JourneyState;
      const problem = journeyStateProblem(state, NOW);
      if (problem !== undefined) continue;
      // Whatever passed is honest: nothing ahead of the bounds, no negative count.
      expect(state.last!.at).toBeLessThanOrEqual(NOW + 5 * MIN);
      expect(state.lease!.until).toBeLessThanOrEqual(NOW + LEASE_MS + 5 * MIN);
      expect(state.refusal!.spent).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(state.refusal!.spent)).toBe(true);
    }
  });
});
