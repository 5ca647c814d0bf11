// The kept records' store in this process's memory (issue 36): a warm Lambda's when no SSM path is set, a `run
// --every` loop's without --history, a test's. The persistent ones are lambda/kept-state-ssm.ts and
// cli/kept-state-file.ts.
import type { KeptStore } from '../kept-state';

export function createMemoryKeptStore(): KeptStore {
  const records = new Map<string, string>();
  return {
    where: () => 'this process\'s memory',
    // A copy each way, as a store that serializes would give: a caller never shares an object with the store.
    read: (key) => Promise.resolve(records.has(key) ? (JSON.parse(records.get(key)!) as unknown) : undefined),
    write(key, value) {
      records.set(key, JSON.stringify(value));
      return Promise.resolve();
    },
  };
}

const byCache = new WeakMap<object, KeptStore>();

/** The store of a run given none: kept with the run's cache (across warm runs), else for this run only. */
export function defaultKeptStore(cache: object | undefined): KeptStore {
  if (cache === undefined) return createMemoryKeptStore();
  const store = byCache.get(cache) ?? createMemoryKeptStore();
  byCache.set(cache, store);
  return store;
}
