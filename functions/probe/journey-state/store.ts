// Where a journey's state lives between runs (issue 30), and its SAML apps' verdicts beside it (issue 35), behind two
// small interfaces: process memory here, files beside --history for the CLI (cli/journey-state-file.ts), SSM
// parameters for the Lambda (lambda/journey-state-ssm.ts). Each store numbers its writes, so that a claim (the lease) is a compare-and-set:
// of two runs that read the same version, exactly one claims it.
import type { JourneyState, JourneyStateStore, SamlVerdicts, SamlVerdictStore } from '../../journey-state';

export type { JourneyStateStore, SamlVerdictStore, StoredState } from '../../journey-state';

/**
 * A store's own failure (a file that is not a state, a parameter that is not JSON): its message says what is wrong
 * and is fit to print, as the SDK's errors' names are (guard.ts prints one or the other, never an SDK message).
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

/** What a store's failure is called in a diagnosis: a StoreError's message, an SDK error's name, else "read error". */
export function storeFailure(error: unknown): string {
  if (error instanceof StoreError) return error.message;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && name !== 'Error' ? name : 'read error';
}

/** The state in this process's memory: a warm Lambda's, a `run --every` loop's, a test's. */
export function createMemoryStateStore(): JourneyStateStore {
  const entries = new Map<string, { state: JourneyState; version: number }>();
  return {
    where: () => 'this process\'s memory',
    read: (id) => Promise.resolve(entries.get(id) ?? { state: undefined, version: 0 }),
    claim(id, version, state) {
      const current = entries.get(id)?.version ?? 0;
      if (current !== version) return Promise.resolve(false);
      entries.set(id, { state, version: current + 1 });
      return Promise.resolve(true);
    },
    write(id, state) {
      entries.set(id, { state, version: (entries.get(id)?.version ?? 0) + 1 });
      return Promise.resolve();
    },
  };
}

/** The SAML apps' verdicts in this process's memory (issue 35), beside the journeys' state. */
export function createMemorySamlStore(): SamlVerdictStore {
  const entries = new Map<string, SamlVerdicts>();
  return {
    where: () => 'this process\'s memory',
    read: (id) => Promise.resolve(entries.get(id)),
    write(id, verdicts) {
      entries.set(id, verdicts);
      return Promise.resolve();
    },
  };
}

/**
 * The store of a run given none: the memory kept with the run's cache (a caller that keeps a cache across runs keeps
 * the journeys' state with it), else a memory that lasts this run only.
 */
function keptWithCache<S extends object>(create: () => S): (cache: object | undefined) => S {
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

export const defaultStateStore = keptWithCache(createMemoryStateStore);
export const defaultSamlStore = keptWithCache(createMemorySamlStore);
