// The one read-through cache (powertools' BaseProvider, per call: maxAge, forceFetch, and stale-if-error beside it):
// every value read less often than it is used, the probe's reads (probe/cadence.ts re-exports it for them) and the
// Lambda's secrets (credentials/secrets-manager.ts) alike, kept in a ProbeCache. Its own folder, not probe/, so that
// credentials/ can use it without importing probe/ (which imports credentials/).
import type { ProbeCache } from '../types';

/** A ProbeCache held in memory: lives as long as the Lambda execution environment. */
export function createMemoryCache(): ProbeCache {
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  return {
    get<T>(key: string, now: number): T | undefined {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now) {
        entries.delete(key);
        return undefined;
      }
      return entry.value as T;
    },
    set<T>(key: string, value: T, expiresAt: number): void {
      entries.set(key, { value, expiresAt });
    },
    delete(key: string): void {
      entries.delete(key);
    },
  };
}

/** How often a read-through read runs: every `everyMinutes`, or after `againMinutes(value)` (0: never kept). */
interface ReadCadence<T> {
  readonly everyMinutes: number;
  /** A read that failed or was cut short is tried again sooner (0: next run); undefined: everyMinutes. */
  readonly againMinutes?: (value: T) => number | undefined;
}

/** What of a read is kept, and how long it stays fresh, ms. */
export interface KeptPart<K> {
  readonly value: K;
  readonly maxAgeMs: number;
}

/**
 * How a read is kept when the read itself says for how long (an answer's Cache-Control max-age) or only part of it is
 * worth keeping (a verdict's facts, not the whole exchange). The powertools `BaseProvider` options, per call.
 */
interface ReadPolicy<T, K = T> {
  /** What of `value` is kept and for how long (`maxAge`); undefined or 0 ms: nothing kept, what was kept stays. */
  readonly keep: (value: T) => KeptPart<K> | undefined;
  /** Read now, whatever is kept and fresh (an unknown kid, a refresh the caller asked for). */
  readonly forceFetch?: boolean;
  /**
   * How long past its freshness a kept value may stand in for a read that failed, ms (stale-if-error, RFC 5861 §4);
   * unset: never. A stand-in is always told as `stale`, never as a fresh read.
   */
  readonly staleIfErrorMs?: number;
  /** Whether a read that resolved failed all the same (a verdict rather than a throw); default: only a throw fails. */
  readonly failed?: (value: T) => boolean;
}

/** A kept value stood in for a read that failed: when it was read, and the failure (the error, or the failed read). */
interface StaleRead {
  readonly readAt: number;
  readonly failure: unknown;
}

/** A read-through read: read now, or what was kept (fresh, or `stale` when it stood in for a failed read). */
type ReadThrough<T, K = T> =
  | { readonly value: T; readonly fromCache: false }
  | { readonly value: K; readonly fromCache: true; readonly stale?: StaleRead };

/** What readThrough keeps beside a key for stale-if-error: the value and when it was read. */
interface StaleCopy<K> {
  readonly value: K;
  readonly at: number;
}

/** Where the copy that may stand in for a failed read is kept, past the fresh value's expiry. */
const staleKey = (key: string): string => `${key}:stale-if-error`;

/**
 * The one read-through cache of what the probe reads less often than it runs (an app listing, the hook lists, the
 * custom domains, discovery, the JWKS): the value a warm process kept while it is fresh (`fromCache`), else `read()`,
 * kept until its cadence (or its own `maxAgeMs`) says to read it again. The fresh value is kept under `key` as it
 * is; with `staleIfErrorMs`, a copy beside it outlives its freshness by that long, only to stand in for a failed
 * read, marked `stale` (the same object: no second copy in memory).
 */
export async function readThrough<T, K = T>(
  cache: ProbeCache | undefined,
  key: string,
  now: number,
  policy: ReadCadence<T> | ReadPolicy<T, K>,
  read: () => Promise<T>,
): Promise<ReadThrough<T, K>> {
  const rules = 'keep' in policy ? policy : cadencePolicy<T, K>(policy);
  if (rules.forceFetch !== true) {
    const kept = cache?.get<K>(key, now);
    if (kept !== undefined) return { value: kept, fromCache: true };
  }
  const staleFor = rules.staleIfErrorMs ?? 0;
  const standIn = staleFor > 0 ? cache?.get<StaleCopy<K>>(staleKey(key), now) : undefined;
  let value: T;
  try {
    value = await read();
  } catch (error) {
    if (standIn === undefined) throw error;
    return { value: standIn.value, fromCache: true, stale: { readAt: standIn.at, failure: error } };
  }
  if (standIn !== undefined && rules.failed?.(value) === true)
    return { value: standIn.value, fromCache: true, stale: { readAt: standIn.at, failure: value } };
  const part = rules.keep(value);
  if (part !== undefined && part.maxAgeMs > 0) {
    cache?.set<K>(key, part.value, now + part.maxAgeMs);
    if (staleFor > 0)
      cache?.set<StaleCopy<K>>(staleKey(key), { value: part.value, at: now }, now + part.maxAgeMs + staleFor);
  }
  return { value, fromCache: false };
}

/** A value kept outside the process (a kept record, a file), read and written whole. */
interface KeptStore<K> {
  /** The kept value and when it stops being fresh, epoch ms; undefined: none. May throw: none then. */
  read(): Promise<{ readonly value: K; readonly expiresAt: number } | undefined>;
  /** Keeps a fresh read's value. May throw: it costs one more read next time, never the caller's answer. */
  write(value: K): Promise<void>;
}

/** Where readThroughKept holds the store's value for readThrough: a cache of one call's life. */
const KEPT_KEY = 'kept';

/**
 * readThrough over a store that outlives the process (read at most once a day by a Lambda that starts cold): the
 * store's value is the cache readThrough reads, fresh until its `expiresAt`, and a fresh read's kept part is written
 * back. `policy` is given the stored value (a rule that reads again at once, `forceFetch`, may depend on it).
 */
export async function readThroughKept<T, K = T>(
  store: KeptStore<K>,
  now: number,
  policy: (held: K | undefined) => ReadPolicy<T, K>,
  read: () => Promise<T>,
): Promise<ReadThrough<T, K>> {
  const held = await store.read().catch(() => undefined);
  const cache = createMemoryCache();
  if (held !== undefined) cache.set<K>(KEPT_KEY, held.value, held.expiresAt);
  const got = await readThrough(cache, KEPT_KEY, now, policy(held?.value), read);
  const kept = got.fromCache ? undefined : cache.get<K>(KEPT_KEY, now);
  if (kept !== undefined && kept !== held?.value) await store.write(kept).catch(() => undefined);
  return got;
}

/** A cadence as a policy: the whole value kept for its minutes. */
const cadencePolicy = <T, K>(cadence: ReadCadence<T>): ReadPolicy<T, K> => ({
  keep: (value) => ({
    value: value as unknown as K,
    maxAgeMs: (cadence.againMinutes?.(value) ?? cadence.everyMinutes) * 60_000,
  }),
});

/**
 * Forgets what readThrough keeps under `key`, the stale-if-error copy too: a value the reader was told is wrong (a
 * credential Okta refused) must neither answer the next read nor stand in for it when that read fails.
 */
export function forget(cache: ProbeCache | undefined, key: string): void {
  cache?.delete(key);
  cache?.delete(staleKey(key));
}

/** How a batch of reads is kept: each item's key, what of its read is kept and how long, and how many to read. */
interface ManyPolicy<I, T, K> {
  readonly keyOf: (item: I) => string;
  /** What of an item's read is kept and for how long; undefined or 0 ms: not kept (read again next run). */
  readonly keep: (value: T, item: I) => KeptPart<K> | undefined;
  /** At most this many items read in one call (a run's bound); the rest are `left`, in order. Default: all. */
  readonly most?: number;
}

/** A batch read-through: the items kept and fresh, those read now (each with its read), and those left unread. */
interface ManyRead<I, T, K> {
  readonly kept: readonly { readonly item: I; readonly value: K }[];
  readonly read: readonly { readonly item: I; readonly value: T }[];
  readonly left: readonly I[];
}

/**
 * readThrough for many keys read by one request (hook hosts' certificates, apps' signing keys): each item's fresh
 * value from the cache, and the others, up to `most`, handed to `read` in one call (always made, even with none
 * left to read, so what the call checks first, a token, is checked every run); its answers are kept one per item.
 * `read` answers the items it was given, in their order.
 */
export async function readThroughMany<I, T, K = T>(
  cache: ProbeCache | undefined,
  items: readonly I[],
  now: number,
  policy: ManyPolicy<I, T, K>,
  read: (items: readonly I[]) => Promise<readonly T[]>,
): Promise<ManyRead<I, T, K>> {
  const kept: { item: I; value: K }[] = [];
  const toRead: I[] = [];
  for (const item of items) {
    const value = cache?.get<K>(policy.keyOf(item), now);
    if (value === undefined) toRead.push(item);
    else kept.push({ item, value });
  }
  const chosen = toRead.slice(0, policy.most ?? toRead.length);
  const answers = await read(chosen);
  const fresh = chosen.map((item, i) => ({ item, value: answers[i] as T }));
  for (const { item, value } of fresh) {
    const part = policy.keep(value, item);
    if (part !== undefined && part.maxAgeMs > 0) cache?.set<K>(policy.keyOf(item), part.value, now + part.maxAgeMs);
  }
  return { kept, read: fresh, left: toRead.slice(chosen.length) };
}
