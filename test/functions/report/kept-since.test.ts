// The Preview failures' start, kept between runs in an SSM Standard parameter (4 KB): bounded, the failures that page
// Production next kept first, then the oldest, the rest counted.
import { describe, expect, it } from 'vitest';
import { KEPT_RECORD_MAX_CHARS } from '../../../functions/contract';
import { keptSince } from '../../../functions/report/preview-record';

/** `count` pairs failing since one minute apart, the first the oldest. */
function pairs(count: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `authorization-server-${String(i).padStart(3, '0')}/validate`,
      new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    ]),
  );
}

describe('keptSince', () => {
  it('keeps every pair while the record fits, and counts none left out', () => {
    const since = pairs(10);
    expect(keptSince(since, new Set(), KEPT_RECORD_MAX_CHARS)).toEqual({ record: since, left: 0 });
  });

  it('keeps 100 failing pairs within the 4 KB a Standard parameter takes, counting those left out', () => {
    const { record, left } = keptSince(pairs(100), new Set(), KEPT_RECORD_MAX_CHARS);
    expect(JSON.stringify(record).length).toBeLessThanOrEqual(KEPT_RECORD_MAX_CHARS);
    expect(Object.keys(record).length + left).toBe(100);
    expect(left).toBeGreaterThan(0);
    // The oldest are kept: their start is what a newer run could not know again.
    expect(Object.keys(record)).toContain('authorization-server-000/validate');
    expect(Object.keys(record)).not.toContain('authorization-server-099/validate');
  });

  it('keeps the pairs failing in Preview alone before older ones', () => {
    const ahead = new Set(['authorization-server-099/validate', 'authorization-server-098/validate']);
    const { record } = keptSince(pairs(100), ahead, KEPT_RECORD_MAX_CHARS);
    for (const key of ahead) expect(Object.keys(record)).toContain(key);
  });
});
