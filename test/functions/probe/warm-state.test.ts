// The warm-state store: each kind of state a warm process keeps between runs, under its key, read back checked. What
// is under a kind's key and not of its shape (another writer's, a bug's) is no state: refused, never cast.
import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../functions/cache/read-through';
import { dropWarm, keepWarm, readWarm, WARM, type WarmKind } from '../../../functions/probe/warm-state';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const LATER = NOW + 60_000;

/** Each kind: what it is kept for, its key then, a value of its shape, and values under its key that are not. */
interface Row {
  readonly kind: WarmKind<never, unknown>;
  readonly of: unknown;
  readonly key: string;
  readonly good: unknown;
  readonly wrong: readonly unknown[];
}

const ROWS: Record<keyof typeof WARM, Row> = {
  logWindow: {
    kind: WARM.logWindow(),
    of: 'user-sign-ins',
    key: 'user-sign-ins:window',
    good: [{ uuid: 'u1', published: NOW, user: 'ann' }],
    wrong: ['[]', [{ uuid: 'u1' }], [{ uuid: 7, published: NOW }], { uuid: 'u1', published: NOW }],
  },
  streamRead: { kind: WARM.streamRead, of: 'p', key: 'p:stream-read', good: NOW, wrong: [String(NOW), NaN, null] },
  backfill: {
    kind: WARM.backfill,
    of: 'p',
    key: 'p:backfill',
    good: { at: NOW, drained: true },
    wrong: [{ at: NOW }, { at: String(NOW), drained: true }, { at: NOW, drained: 'yes' }, [NOW, true]],
  },
  keyHistory: {
    kind: WARM.keyHistory,
    of: 'https://o.example/oauth2/v1/keys',
    key: 'jwks-history:https://o.example/oauth2/v1/keys',
    good: { since: NOW, firstSeen: { k1: NOW }, signed: ['k1'] },
    wrong: [
      { since: NOW, firstSeen: { k1: 'then' }, signed: [] },
      { since: NOW, firstSeen: {}, signed: 'k1' },
      { firstSeen: {}, signed: [] },
    ],
  },
  tokenBackOff: {
    kind: WARM.tokenBackOff,
    of: 'https://o.example/oauth2/v1/token',
    key: 'token-backoff:https://o.example/oauth2/v1/token',
    good: LATER,
    wrong: ['soon', new Date(LATER), true],
  },
  samlGroupKept: {
    kind: WARM.samlGroupKept,
    of: 'g1',
    key: 'saml-group-kept:g1',
    good: [['0oa1', { first: NOW, seen: NOW }]],
    wrong: [{ '0oa1': { first: NOW } }, [['0oa1']], [[1, { first: NOW }]]],
  },
  pendingFailures: {
    kind: WARM.pendingFailures,
    of: undefined,
    key: 'system-log:pending',
    good: [{ server: 'default', check: 'token', code: 'RATE_LIMITED', requestId: 'r1' }],
    wrong: [
      [{ server: 'default', check: 'no-such-check', code: 'RATE_LIMITED', requestId: 'r1' }],
      [{ server: 'default', check: 'token', code: 'NO_SUCH_CODE', requestId: 'r1' }],
      [{ server: 'default', check: 'token', code: 'RATE_LIMITED' }],
      'r1',
    ],
  },
  connections: {
    kind: WARM.connections,
    of: undefined,
    key: 'provisioning-health:connections',
    good: { '0oa1': { state: 'enabled', readAt: NOW } },
    wrong: [{ '0oa1': { state: 'on', readAt: NOW } }, { '0oa1': { state: 'enabled' } }, [['0oa1', 'enabled']]],
  },
};

const read = (cache: ReturnType<typeof createMemoryCache>, row: Row): unknown =>
  readWarm(cache, row.kind as WarmKind<unknown, unknown>, NOW, row.of);

describe('the warm-state store', () => {
  it.each(Object.entries(ROWS))('keeps %s under the key it had before, the same object read back', (_, row) => {
    const cache = createMemoryCache();
    keepWarm(cache, row.kind as WarmKind<unknown, unknown>, row.good, LATER, row.of);
    // The key is what a warm process already holds its state under: an upgrade's first run finds it.
    expect(cache.get(row.key, NOW)).toBe(row.good);
    expect(read(cache, row)).toBe(row.good);
  });

  it.each(Object.entries(ROWS))('refuses a value of another shape under the key of %s, never casts it', (_, row) => {
    for (const wrong of row.wrong) {
      const cache = createMemoryCache();
      cache.set(row.key, wrong, LATER);
      expect(read(cache, row), JSON.stringify(wrong)).toBeUndefined();
    }
  });

  it('reads nothing once a kept value expires, and nothing once dropped', () => {
    const cache = createMemoryCache();
    keepWarm(cache, WARM.tokenBackOff, LATER, LATER, 'https://o.example/oauth2/v1/token');
    expect(readWarm(cache, WARM.tokenBackOff, LATER, 'https://o.example/oauth2/v1/token')).toBeUndefined();
    keepWarm(cache, WARM.pendingFailures, [], LATER);
    dropWarm(cache, WARM.pendingFailures);
    expect(readWarm(cache, WARM.pendingFailures, NOW)).toBeUndefined();
  });

  it('keeps nothing without a cache (a single CLI run)', () => {
    keepWarm(undefined, WARM.streamRead, NOW, LATER, 'p');
    expect(readWarm(undefined, WARM.streamRead, NOW, 'p')).toBeUndefined();
  });
});
