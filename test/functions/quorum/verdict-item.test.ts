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
