import { describe, expect, it } from 'vitest';
import { clockSkewSeconds, parseHttpDate } from '../../../functions/probe/clock';

const received = Date.parse('2025-03-01T12:00:00.000Z');

describe('clockSkewSeconds()', () => {
  it('is zero when Okta and the local clock agree', () => {
    expect(clockSkewSeconds('Sat, 01 Mar 2025 12:00:00 GMT', received)).toBe(0);
    expect(Object.is(clockSkewSeconds('Sat, 01 Mar 2025 12:00:00 GMT', received + 400), 0)).toBe(true); // never -0
  });

  it('is positive when the local clock is behind Okta, negative when ahead', () => {
    expect(clockSkewSeconds('Sat, 01 Mar 2025 12:05:00 GMT', received)).toBe(300);
    expect(clockSkewSeconds('Sat, 01 Mar 2025 11:58:00 GMT', received)).toBe(-120);
  });

  it("compares at the Date header's one-second resolution, with no dead band beyond it", () => {
    expect(clockSkewSeconds('Sat, 01 Mar 2025 12:00:01 GMT', received)).toBe(1);
    // Okta's 12:00:00 covers 12:00:00.000-12:00:00.999: a local 12:00:00.999 agrees with it.
    expect(clockSkewSeconds('Sat, 01 Mar 2025 12:00:00 GMT', received + 999)).toBe(0);
    expect(clockSkewSeconds('Sat, 01 Mar 2025 12:00:00 GMT', received + 1600)).toBe(-1);
    expect(clockSkewSeconds('Sat, 01 Mar 2025 12:00:00 GMT', received + 2600)).toBe(-2);
  });

  it('takes the first of duplicated Date headers', () => {
    expect(clockSkewSeconds(['Sat, 01 Mar 2025 12:01:00 GMT', 'Sat, 01 Mar 2025 12:09:00 GMT'], received)).toBe(60);
  });

  it.each([[undefined], [''], ['1'], ['yesterday'], ['Sat, 99 Mar 2025 12:00:00 GMT'], ['2025-03-01T12:00:00Z'], [[]]])(
    'returns null for %j',
    (value) => {
      expect(clockSkewSeconds(value as string | string[] | undefined, received)).toBeNull();
    },
  );

  it('returns null for a non-finite receive time', () => {
    expect(clockSkewSeconds('Sat, 01 Mar 2025 12:00:00 GMT', Number.NaN)).toBeNull();
  });
});

describe('parseHttpDate()', () => {
  it('accepts the three forms of RFC 9110 §5.6.7', () => {
    const expected = Date.parse('1994-11-06T08:49:37Z');

    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(expected);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(expected);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(expected);
  });
});
