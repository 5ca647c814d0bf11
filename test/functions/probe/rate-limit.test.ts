import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headroomPercent, parseRateLimit } from '../../../functions/probe/rate-limit';

const now = Date.parse('2025-03-01T12:00:00Z');

describe('parseRateLimit()', () => {
  it("reads Okta's three headers", () => {
    const rl = parseRateLimit(
      { 'x-rate-limit-limit': '1200', 'x-rate-limit-remaining': '1199', 'x-rate-limit-reset': '1740830460' },
      now,
    );

    expect(rl).toEqual({ limit: 1200, remaining: 1199, resetEpochSeconds: 1740830460, retryAfterSeconds: null });
  });

  it('takes the first valid value of duplicated headers, as arrays or comma-joined', () => {
    expect(parseRateLimit({ 'x-rate-limit-reset': ['1700000000', '1700000060'] }, now).resetEpochSeconds).toBe(
      1700000000,
    );
    expect(parseRateLimit({ 'x-rate-limit-reset': '1700000000, 1700000000' }, now).resetEpochSeconds).toBe(1700000000);
    expect(parseRateLimit({ 'x-rate-limit-reset': ['garbage', '1700000060'] }, now).resetEpochSeconds).toBe(1700000060);
  });

  it.each([['abc'], ['-1'], ['1.5'], [''], ['99999999999999999999']])('returns null for %j', (value) => {
    expect(parseRateLimit({ 'x-rate-limit-limit': value, 'x-rate-limit-remaining': value }, now)).toMatchObject({
      limit: null,
      remaining: null,
    });
  });

  it('reads a concurrency 429 (Limit 0, Remaining 0)', () => {
    expect(parseRateLimit({ 'x-rate-limit-limit': '0', 'x-rate-limit-remaining': '0' }, now)).toMatchObject({
      limit: 0,
      remaining: 0,
    });
  });

  it('reads Retry-After as seconds or an HTTP-date', () => {
    expect(parseRateLimit({ 'retry-after': '30' }, now).retryAfterSeconds).toBe(30);
    expect(parseRateLimit({ 'retry-after': 'Sat, 01 Mar 2025 12:00:45 GMT' }, now).retryAfterSeconds).toBe(45);
    expect(parseRateLimit({ 'retry-after': 'Sat, 01 Mar 2025 11:00:00 GMT' }, now).retryAfterSeconds).toBe(0);
    expect(
      parseRateLimit({ 'retry-after': 'Sat, 01 Mar 2025 12:00:10 GMT, Sat, 01 Mar 2025 12:00:20 GMT' }, now)
        .retryAfterSeconds,
    ).toBe(10);
    expect(parseRateLimit({ 'retry-after': '-5' }, now).retryAfterSeconds).toBeNull();
    expect(parseRateLimit({ 'retry-after': 'soon' }, now).retryAfterSeconds).toBeNull();
  });

  it('is all null without headers', () => {
    expect(parseRateLimit({}, now)).toEqual({
      limit: null,
      remaining: null,
      resetEpochSeconds: null,
      retryAfterSeconds: null,
    });
  });

  it('never throws, whatever the headers hold', () => {
    const value = fc.option(fc.oneof(fc.string(), fc.array(fc.string())), { nil: undefined });
    fc.assert(
      fc.property(value, value, value, value, (limit, remaining, reset, retry) => {
        const rl = parseRateLimit(
          {
            'x-rate-limit-limit': limit,
            'x-rate-limit-remaining': remaining,
            'x-rate-limit-reset': reset,
            'retry-after': retry,
          },
          now,
        );
        for (const v of Object.values(rl)) expect(v === null || (Number.isInteger(v) && v >= 0)).toBe(true);
      }),
    );
  });
});

describe('headroomPercent()', () => {
  it('is Remaining / Limit in percent', () => {
    expect(headroomPercent({ limit: 1200, remaining: 300 })).toBe(25);
  });

  it('is 0 for a concurrency 429 (Limit 0)', () => {
    expect(headroomPercent({ limit: 0, remaining: 0 })).toBe(0);
  });

  it('is null when a header is missing', () => {
    expect(headroomPercent({ limit: null, remaining: 5 })).toBeNull();
    expect(headroomPercent({ limit: 100, remaining: null })).toBeNull();
  });

  it('never exceeds 100', () => {
    expect(headroomPercent({ limit: 10, remaining: 50 })).toBe(100);
  });
});
