// A peer's item read back as hostile input: every field within its bounds, or the verdict is dropped (its region is
// silent for that target), never a throw, never a polluted prototype, never a target nobody configured.
import { describe, expect, it } from 'vitest';
import { WINDOW_ROUNDS } from '../../../functions/quorum/window';
import { parseVerdict, parseVerdicts } from '../../../functions/quorum/verdict-item';

const WRITTEN = 1_000_000;
const good = {
  state: 'down',
  code: 'OKTA_SERVER_ERROR',
  at: WRITTEN - 100,
  until: WRITTEN + 45_000,
  downRounds: 0b0011,
  window: { token: { rounds: [[4, 2]], code: 'TIMEOUT' } },
};

describe('parseVerdict', () => {
  it('reads back what the loop writes', () => {
    expect(parseVerdict(good, WRITTEN)).toEqual(good);
    expect(parseVerdict({ state: 'up', at: 5, until: 10, upSince: 1 }, WRITTEN)).toEqual({
      state: 'up',
      at: 5,
      until: 10,
      upSince: 1,
    });
  });

  it.each([
    ['an unknown state', { state: 'sideways' }],
    ['a time that is not a number', { at: '5' }],
    ['a judgement after the item was written', { at: WRITTEN + 1 }],
    ['a validity reaching hours ahead', { until: WRITTEN + 3_600_000 }],
    ['a code Okta-synthetics does not have', { code: 'DROP_TABLES' }],
    ['an upSince after the judgement', { upSince: WRITTEN }],
    ['down bits beyond four rounds', { downRounds: 16 }],
    ['a negative count', { window: { token: { rounds: [[-1, 0]] } } }],
    ['more failed than sent', { window: { token: { rounds: [[1, 2]] } } }],
    ['a window longer than kept', { window: { token: { rounds: Array(WINDOW_ROUNDS + 1).fill([1, 1]) } } }],
    ['a window of a check that is not a page check', { window: { status: { rounds: [[1, 1]] } } }],
    ['a window of no check at all', { window: JSON.parse('{"__proto__": {"rounds": [[1, 1]]}}') as unknown }],
    ['rounds that are not pairs', { window: { token: { rounds: [[1, 1, 1]] } } }],
    // Verdicts that contradict themselves: no region's loop writes them.
    ['an up verdict carrying a failure code', { state: 'up', downRounds: 0 }],
    ['an unknown verdict carrying a failure code', { state: 'unknown', downRounds: 0 }],
    ['an own verdict with no code', { state: 'own', code: undefined, downRounds: 0 }],
    ['a down verdict whose rounds say this one was up', { downRounds: 0b0110 }],
    ['an up verdict whose rounds say this one was down', { state: 'up', code: undefined, downRounds: 0b0001 }],
    ['an upSince on a verdict that is neither up nor down', { state: 'own', upSince: 5, downRounds: 0 }],
  ])('drops a verdict with %s', (_what, change) => {
    expect(parseVerdict({ ...good, ...change }, WRITTEN)).toBeUndefined();
  });
});

describe('parseVerdicts', () => {
  it('keeps only configured targets, and never a prototype', () => {
    const json = `{"org":${JSON.stringify(good)},"ghost":${JSON.stringify(good)},"__proto__":${JSON.stringify(good)}}`;
    const parsed = parseVerdicts(json, WRITTEN, new Set(['org']));
    expect(Object.keys(parsed ?? {})).toEqual(['org']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).state).toBeUndefined();
  });

  it('answers undefined for what is not an object of verdicts, never throws', () => {
    for (const json of ['', 'null', '[]', '"x"', '{', '1e999'])
      expect(parseVerdicts(json, WRITTEN, new Set(['org']))).toBeUndefined();
  });

  it('drops a bad verdict alone, keeping the good ones beside it', () => {
    const json = JSON.stringify({ org: good, default: { ...good, state: 42 } });
    expect(Object.keys(parseVerdicts(json, WRITTEN, new Set(['org', 'default'])) ?? {})).toEqual(['org']);
  });
});

// Forged items: what anyone who can write the verdict table (every region's role, a hand edit) could put there, one
// field or one cross-field rule at a time. Each must be dropped, its region silent for the target: a forged down
// could page for an outage nobody saw, a forged up clear a page during one.
describe('forged verdicts', () => {
  const down = { state: 'down', code: 'TIMEOUT', at: WRITTEN - 100, until: WRITTEN + 45_000, downRounds: 0b0011 };
  // A partial outage: 6 of 16 requests failed, the last round's among them (windowDown judges it down).
  const partial = {
    token: {
      rounds: [
        [4, 2],
        [4, 2],
        [4, 1],
        [4, 1],
      ],
      code: 'TIMEOUT',
    },
  };
  const clean = {
    token: {
      rounds: [
        [2, 2],
        [2, 2],
        [2, 2],
        [4, 0],
      ],
      code: 'TIMEOUT',
    },
  };
  it('reads back the honest shapes these forgeries are made from', () => {
    expect(parseVerdict(down, WRITTEN)).toEqual(down);
    expect(parseVerdict({ ...down, window: partial }, WRITTEN)).toBeDefined();
    // The first clean round after a total failure: down by the window, up since this round.
    expect(parseVerdict({ ...down, downRounds: 0b0111, window: clean, upSince: down.at }, WRITTEN)).toBeDefined();
    expect(
      parseVerdict({ state: 'own', code: 'INVALID_CLIENT', at: 5, until: 10, downRounds: 0 }, WRITTEN),
    ).toBeDefined();
  });

  it.each([
    // state
    ['a state that is not a string', { state: ['down'] }],
    ['a state of another case', { state: 'DOWN' }],
    // code
    ['a code that is a prototype key', { code: '__proto__' }],
    ['a code of another type', { code: 500 }],
    // at
    ['a negative judgement time', { at: -1 }],
    ['NaN as a judgement time (null in JSON)', { at: null }],
    ['a judgement time past any date', { at: 1e300, until: 1e300 }],
    // until
    ['a validity ending before the judgement', { until: WRITTEN - 200 }],
    ['Infinity as a validity (a string in JSON)', { until: 'Infinity' }],
    // upSince
    ['an upSince that is not a time', { upSince: -5 }],
    ['an upSince on a down verdict no window holds down', { upSince: WRITTEN - 100 }],
    ['an upSince on a down verdict whose last round failed', { upSince: WRITTEN - 100, window: partial }],
    // downRounds
    ['fractional down rounds', { downRounds: 1.5 }],
    ['negative down rounds', { downRounds: -1 }],
    // window
    ['a window that is a list', { window: [partial.token] }],
    ['a window of an unknown check', { window: { 'token ': partial.token } }],
    ['a window whose rounds are not a list', { window: { token: { rounds: '4,2' } } }],
    ['a window round of huge counts', { window: { token: { rounds: [[1e9, 1e9]] } } }],
    ['a window code that is not an outage', { window: { token: { rounds: [[4, 2]], code: 'INVALID_CLIENT' } } }],
    ['a window entry without a failed request', { window: { token: { rounds: [[4, 0]] } } }],
    // cross-field: the state against the window the loop judged it by
    ['an up verdict whose window holds it down', { state: 'up', code: undefined, downRounds: 0, window: partial }],
    [
      'an own verdict whose window holds it down',
      { state: 'own', code: 'INVALID_CLIENT', downRounds: 0, window: partial },
    ],
    [
      'an unknown verdict whose window holds it down',
      { state: 'unknown', code: undefined, downRounds: 0, window: partial },
    ],
  ])('drops %s', (_what, change) => {
    expect(parseVerdict({ ...down, ...change }, WRITTEN)).toBeUndefined();
  });

  it('takes a duplicated key as JSON does (the last), then judges that one like any other', () => {
    const json = `{"org":${JSON.stringify(down)},"org":${JSON.stringify({ ...down, at: WRITTEN + 1 })}}`;
    expect(parseVerdicts(json, WRITTEN, new Set(['org']))).toEqual({});
  });

  it('drops members it does not know, so a newer peer is still heard and nothing unread is passed on', () => {
    expect(parseVerdict({ ...down, latch: true, page: 'now' }, WRITTEN)).toEqual(down);
  });
});
