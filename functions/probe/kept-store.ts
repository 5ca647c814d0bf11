// What every store of what is kept between runs shares: the kept records' store in this process's
// memory (a warm Lambda's when no SSM path is set, a `run --every` loop's without --history, a test's; the persistent
// ones are lambda/kept-state-ssm.ts and cli/kept-state-file.ts), the one error a store throws, and the default store
// of a run given none. The journeys' state has its own interface (journey-state/store.ts) and shares these.
import { randomBytes } from 'node:crypto';
import type { CatalogueStore, KeptStore, ProvisioningStore } from '../kept-state';

export function createMemoryKeptStore(): KeptStore {
  const records = new Map<string, string>();
  return {
    where: () => "this process's memory",
    // A copy each way, as a store that serializes would give: a caller never shares an object with the store.
    read: (key) => Promise.resolve(records.has(key) ? (JSON.parse(records.get(key)!) as unknown) : undefined),
    write(key, value) {
      records.set(key, JSON.stringify(value));
      return Promise.resolve();
    },
  };
}

/** The store of a run given none: kept with the run's cache (across warm runs), else for this run only. */
export const defaultKeptStore = keptWithCache(createMemoryKeptStore);

/** The SAML groups' apps in this process's memory, each record copied each way as a serializing store would. */
export function createMemoryCatalogueStore(): CatalogueStore {
  const groups = new Map<string, Map<string, string>>();
  return {
    where: () => "this process's memory",
    read: (group) =>
      Promise.resolve(new Map([...(groups.get(group) ?? [])].map(([app, json]) => [app, JSON.parse(json) as unknown]))),
    write(group, changed, forgotten) {
      const apps = groups.get(group) ?? new Map<string, string>();
      for (const [app, record] of changed) apps.set(app, JSON.stringify(record));
      for (const app of forgotten) apps.delete(app);
      groups.set(group, apps);
      return Promise.resolve();
    },
  };
}

/** The catalogue store of a run given none: kept with the run's cache, else for this run only. */
export const defaultCatalogueStore = keptWithCache(createMemoryCatalogueStore);

/**
 * A store's own failure (a file that is not a state, a parameter that is not JSON): its message says what is wrong
 * and is fit to print, as the SDK's errors' names are (guard.ts prints one or the other, never an SDK message).
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

/**
 * The provisioning ledger in this process's memory, with a key of its own made at random: leavers are told apart for
 * as long as the process lives (a warm Lambda with no table, a `run --every` loop without --history, a test).
 */
export function createMemoryProvisioningStore(): ProvisioningStore {
  const ledger = createMemoryCatalogueStore();
  const key = randomBytes(32).toString('base64url');
  return {
    where: () => "this process's memory",
    read: () => ledger.read('leavers'),
    write: (changed, forgotten) => ledger.write('leavers', changed, forgotten),
    key: () => Promise.resolve(key),
  };
}

/** The provisioning store of a run given none: kept with the run's cache, else for this run only. */
export const defaultProvisioningStore = keptWithCache(createMemoryProvisioningStore);

/**
 * What a store's failure is called in a diagnosis: a StoreError's message, an SDK error's name, else what failed ("read
 * error", "write error"): a write that failed is never told as a read.
 */
export function storeFailure(error: unknown, act: 'read' | 'write'): string {
  if (error instanceof StoreError) return error.message;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && name !== 'Error' ? name : `${act} error`;
}

/** A store made by `create`, one per cache: a caller that keeps a cache across runs keeps the store with it. */
export function keptWithCache<S extends object>(create: () => S): (cache: object | undefined) => S {
  const byCache = new WeakMap<object, S>();
  return (cache) => {
    if (cache === undefined) return create();
    let store = byCache.get(cache);
    if (store === undefined) {
      store = create();
      byCache.set(cache, store);
    }
    return store;
  };
}

/**
 * A catalogue store that remembers each group as the run last read and wrote it, in `seen`: the deployed status page
 * names a catalogue's every app from what the run itself read, with no second read of the table after the run.
 */
export function rememberingCatalogueStore(
  inner: CatalogueStore,
  seen: Map<string, Map<string, unknown>>,
): CatalogueStore {
  return {
    where: (group) => inner.where(group),
    async read(group) {
      const apps = await inner.read(group);
      seen.set(group, new Map(apps));
      return apps;
    },
    async write(group, changed, forgotten) {
      await inner.write(group, changed, forgotten);
      const apps = seen.get(group);
      // A group never read whole is not known whole: a write alone names only the apps it wrote.
      if (apps === undefined) return;
      for (const [app, record] of changed) apps.set(app, record);
      for (const app of forgotten) apps.delete(app);
    },
  };
}
