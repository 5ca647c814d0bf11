// The one read-through cache of what the probe reads less often than it runs: kept while fresh, read again at its
// cadence, a failed read tried again sooner, a read cut short never kept.
import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../functions/probe/cache';
import { readThrough } from '../../../functions/probe/cadence';

const T0 = Date.parse('2026-11-27T12:00:00Z');
const MIN = 60_000;

describe('readThrough', () => {
  const counting = () => {
    let reads = 0;
    return { read: (value: string) => () => Promise.resolve(`${value}#${++reads}`), reads: () => reads };
  };
  const cadence = {
    everyMinutes: 60,
    againMinutes: (v: string) => (v.startsWith('failed') ? 5 : v === 'cut' ? 0 : undefined),
  };

  it('keeps a good read for its cadence, then reads again', async () => {
    const cache = createMemoryCache();
    const c = counting();
    expect(await readThrough(cache, 'k', T0, cadence, c.read('good'))).toEqual({ value: 'good#1', fromCache: false });
    expect(await readThrough(cache, 'k', T0 + 59 * MIN, cadence, c.read('good'))).toEqual({
      value: 'good#1',
      fromCache: true,
    });
    expect((await readThrough(cache, 'k', T0 + 60 * MIN, cadence, c.read('good'))).value).toBe('good#2');
  });

  it('tries a failed read again sooner, and never keeps one its cadence says to read next run', async () => {
    const cache = createMemoryCache();
    const c = counting();
    await readThrough(cache, 'k', T0, cadence, c.read('failed'));
    expect((await readThrough(cache, 'k', T0 + 4 * MIN, cadence, c.read('failed'))).fromCache).toBe(true);
    expect((await readThrough(cache, 'k', T0 + 5 * MIN, cadence, c.read('failed'))).fromCache).toBe(false);
    const cut = { everyMinutes: 60, againMinutes: () => 0 };
    await readThrough(cache, 'cut', T0, cut, c.read('cut'));
    expect((await readThrough(cache, 'cut', T0, cut, c.read('cut'))).fromCache).toBe(false);
    expect(c.reads()).toBe(4);
  });
});
