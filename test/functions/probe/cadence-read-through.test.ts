// The one read-through cache of what the probe reads less often than it runs: kept while fresh, read again at its
// cadence, a failed read tried again sooner, a read cut short never kept.
import { describe, expect, it } from 'vitest';
import {
  forget,
  readThroughKept,
  readThroughMany,
  createMemoryCache,
  readThrough,
} from '../../../functions/cache/read-through';

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

  describe('per call (maxAge, forceFetch, stale-if-error)', () => {
    const keepFor = (maxAgeMs: number) => ({
      keep: (v: string) => (v.startsWith('bad') ? undefined : { value: v.toUpperCase(), maxAgeMs }),
    });

    it("keeps only the part the read names, for the read's own maxAge", async () => {
      const cache = createMemoryCache();
      const c = counting();
      expect(await readThrough(cache, 'k', T0, keepFor(10 * MIN), c.read('good'))).toEqual({
        value: 'good#1',
        fromCache: false,
      });
      expect(await readThrough(cache, 'k', T0 + 9 * MIN, keepFor(10 * MIN), c.read('good'))).toEqual({
        value: 'GOOD#1',
        fromCache: true,
      });
      expect(await readThrough(cache, 'k', T0 + 10 * MIN, keepFor(10 * MIN), c.read('good'))).toEqual({
        value: 'good#2',
        fromCache: false,
      });
      await readThrough(cache, 'zero', T0, keepFor(0), c.read('good'));
      expect((await readThrough(cache, 'zero', T0, keepFor(0), c.read('good'))).fromCache).toBe(false);
    });

    it('reads anew on forceFetch though a fresh value is kept, and keeps the new one', async () => {
      const cache = createMemoryCache();
      const c = counting();
      await readThrough(cache, 'k', T0, keepFor(10 * MIN), c.read('good'));
      const forced = await readThrough(cache, 'k', T0 + MIN, { ...keepFor(10 * MIN), forceFetch: true }, c.read('new'));
      expect(forced).toEqual({ value: 'new#2', fromCache: false });
      expect((await readThrough(cache, 'k', T0 + 2 * MIN, keepFor(10 * MIN), c.read('x'))).value).toBe('NEW#2');
    });

    it('leaves what was kept when a forced read is not worth keeping', async () => {
      const cache = createMemoryCache();
      const c = counting();
      await readThrough(cache, 'k', T0, keepFor(10 * MIN), c.read('good'));
      await readThrough(cache, 'k', T0 + MIN, { ...keepFor(10 * MIN), forceFetch: true }, c.read('bad'));
      expect((await readThrough(cache, 'k', T0 + 2 * MIN, keepFor(10 * MIN), c.read('x'))).value).toBe('GOOD#1');
    });

    const staleFor = (ms: number) => ({
      ...keepFor(10 * MIN),
      staleIfErrorMs: ms,
      failed: (v: string) => v.startsWith('bad'),
    });

    it('serves the kept value, marked stale with when it was read and the failure, when a read throws', async () => {
      const cache = createMemoryCache();
      const c = counting();
      await readThrough(cache, 'k', T0, staleFor(30 * MIN), c.read('good'));
      const outage = new Error('connect ECONNREFUSED');
      const read = await readThrough(cache, 'k', T0 + 15 * MIN, staleFor(30 * MIN), () => Promise.reject(outage));
      expect(read).toEqual({ value: 'GOOD#1', fromCache: true, stale: { readAt: T0, failure: outage } });
    });

    it('serves the kept value, marked stale, when a read resolves failed, and does not keep the failure', async () => {
      const cache = createMemoryCache();
      const c = counting();
      await readThrough(cache, 'k', T0, staleFor(30 * MIN), c.read('good'));
      const read = await readThrough(cache, 'k', T0 + 15 * MIN, staleFor(30 * MIN), c.read('bad'));
      expect(read).toEqual({ value: 'GOOD#1', fromCache: true, stale: { readAt: T0, failure: 'bad#2' } });
      expect(await readThrough(cache, 'k', T0 + 16 * MIN, staleFor(30 * MIN), c.read('good'))).toEqual({
        value: 'good#3',
        fromCache: false,
      });
    });

    it('never tells a fresh kept value stale, and never serves a stale one past its bound', async () => {
      const cache = createMemoryCache();
      const c = counting();
      await readThrough(cache, 'k', T0, staleFor(30 * MIN), c.read('good'));
      expect(await readThrough(cache, 'k', T0 + 9 * MIN, staleFor(30 * MIN), c.read('bad'))).toEqual({
        value: 'GOOD#1',
        fromCache: true,
      });
      const failing = () => Promise.reject(new Error('down'));
      await expect(readThrough(cache, 'k', T0 + 40 * MIN, staleFor(30 * MIN), failing)).rejects.toThrow('down');
      expect(await readThrough(cache, 'k', T0 + 40 * MIN, staleFor(30 * MIN), c.read('bad'))).toEqual({
        value: 'bad#2',
        fromCache: false,
      });
    });

    it('serves nothing stale without staleIfErrorMs: a failed read is the answer', async () => {
      const cache = createMemoryCache();
      const c = counting();
      await readThrough(cache, 'k', T0, keepFor(10 * MIN), c.read('good'));
      await expect(
        readThrough(cache, 'k', T0 + 11 * MIN, keepFor(10 * MIN), () => Promise.reject(new Error('down'))),
      ).rejects.toThrow('down');
    });
  });
});

describe('readThroughMany (many keys read by one request)', () => {
  /** A batch reader that records each call's items and answers `name:n`, or `failed:name` for names starting "x". */
  const batch = () => {
    const calls: string[][] = [];
    const read = (items: readonly string[]) => {
      calls.push([...items]);
      return Promise.resolve(
        items.map((item) => (item.startsWith('x') ? `failed:${item}` : `${item}:${calls.length}`)),
      );
    };
    return { read, calls };
  };
  const policy = (most?: number) => ({
    keyOf: (item: string) => `cert:${item}`,
    keep: (value: string) => (value.startsWith('failed') ? undefined : { value, maxAgeMs: 60 * MIN }),
    ...(most !== undefined && { most }),
  });

  it('reads only the items not kept, in one call, and keeps each answer under its own key', async () => {
    const cache = createMemoryCache();
    const b = batch();
    const first = await readThroughMany(cache, ['a', 'b'], T0, policy(), b.read);
    expect(first).toEqual({
      kept: [],
      read: [
        { item: 'a', value: 'a:1' },
        { item: 'b', value: 'b:1' },
      ],
      left: [],
    });
    const second = await readThroughMany(cache, ['a', 'b', 'c'], T0 + MIN, policy(), b.read);
    expect(second).toEqual({
      kept: [
        { item: 'a', value: 'a:1' },
        { item: 'b', value: 'b:1' },
      ],
      read: [{ item: 'c', value: 'c:2' }],
      left: [],
    });
    expect(b.calls).toEqual([['a', 'b'], ['c']]);
    expect((await readThroughMany(cache, ['a'], T0 + 60 * MIN, policy(), b.read)).read).toEqual([
      { item: 'a', value: 'a:3' },
    ]);
  });

  it('reads at most `most` a call and leaves the rest, in order, for a later run', async () => {
    const cache = createMemoryCache();
    const b = batch();
    const got = await readThroughMany(cache, ['a', 'b', 'c', 'd'], T0, policy(2), b.read);
    expect(got.read.map((r) => r.item)).toEqual(['a', 'b']);
    expect(got.left).toEqual(['c', 'd']);
    const next = await readThroughMany(cache, ['a', 'b', 'c', 'd'], T0 + MIN, policy(2), b.read);
    expect({ kept: next.kept.map((k) => k.item), read: next.read.map((r) => r.item), left: next.left }).toEqual({
      kept: ['a', 'b'],
      read: ['c', 'd'],
      left: [],
    });
  });

  it('keeps no answer its policy refuses (read again next run), and calls once even with nothing to read', async () => {
    const cache = createMemoryCache();
    const b = batch();
    await readThroughMany(cache, ['xa', 'b'], T0, policy(), b.read);
    const again = await readThroughMany(cache, ['xa', 'b'], T0 + MIN, policy(), b.read);
    expect(again.read).toEqual([{ item: 'xa', value: 'failed:xa' }]);
    await readThroughMany(cache, ['b'], T0 + MIN, policy(), b.read);
    expect(b.calls).toEqual([['xa', 'b'], ['xa'], []]);
  });
});

describe('forget', () => {
  it('forgets the fresh value and its stale-if-error copy: neither answers nor stands in for a failure', async () => {
    const cache = createMemoryCache();
    const policy = { keep: (v: string) => ({ value: v, maxAgeMs: 10 * MIN }), staleIfErrorMs: 30 * MIN };
    await readThrough(cache, 'k', T0, policy, () => Promise.resolve('refused'));
    forget(cache, 'k');
    await expect(readThrough(cache, 'k', T0 + MIN, policy, () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
  });
});

describe('readThroughKept: a store that outlives the process is the cache', () => {
  /** A store holding `value` fresh until `expiresAt` (none when undefined), recording what is written to it. */
  const store = (held?: { value: string; expiresAt: number }, failing = false) => {
    const written: string[] = [];
    return {
      written,
      read: () => (failing ? Promise.reject(new Error('unreadable')) : Promise.resolve(held)),
      write: (value: string) => {
        written.push(value);
        return Promise.resolve();
      },
    };
  };
  const keepDay = (read: string) => (read === 'none' ? undefined : { value: read, maxAgeMs: 24 * 60 * MIN });
  const policy = (forceFetch: boolean) => () => ({ keep: keepDay, forceFetch });

  it('answers from the store while fresh, reading nothing and writing nothing', async () => {
    const kept = store({ value: 'kept', expiresAt: T0 + MIN });
    const got = await readThroughKept(kept, T0, policy(false), () => Promise.resolve('read'));
    expect(got).toEqual({ value: 'kept', fromCache: true });
    expect(kept.written).toEqual([]);
  });

  it('reads past its freshness, when the policy forces it, or when the store fails; writes the read', async () => {
    for (const [kept, force] of [
      [store({ value: 'kept', expiresAt: T0 }), false],
      [store({ value: 'kept', expiresAt: T0 + MIN }), true],
      [store(undefined, true), false],
    ] as const) {
      expect(await readThroughKept(kept, T0, policy(force), () => Promise.resolve('read'))).toEqual({
        value: 'read',
        fromCache: false,
      });
      expect(kept.written).toEqual(['read']);
    }
  });

  it('writes nothing for a read the policy keeps nothing of, and hands the policy what was stored', async () => {
    const kept = store({ value: 'kept', expiresAt: T0 });
    const seen: (string | undefined)[] = [];
    const got = await readThroughKept(
      kept,
      T0,
      (held) => (seen.push(held), { keep: keepDay }),
      () => Promise.resolve('none'),
    );
    expect(got).toEqual({ value: 'none', fromCache: false });
    expect({ seen, written: kept.written }).toEqual({ seen: ['kept'], written: [] });
  });
});
