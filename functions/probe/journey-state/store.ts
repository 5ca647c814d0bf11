// Where a journey's state lives between runs (issue 30), behind one small interface: process memory here, a file
// beside --history for the CLI (cli/journey-state-file.ts), an SSM parameter for the Lambda
// (lambda/journey-state-ssm.ts). Each store numbers its writes, so that a claim (the lease) is a compare-and-set:
// of two runs that read the same version, exactly one claims it.
import type { JourneyState } from './state';

export interface StoredState {
  /** undefined: never written. */
  readonly state: JourneyState | undefined;
  /** The write that made it, 0 before the first: claim() compares it. */
  readonly version: number;
}

export interface JourneyStateStore {
  /** Where the journey's state lives, for the texts: "SSM parameter /okta-synthetics/journey-state/portal". */
  where(journeyId: string): string;
  /** Throws when the state cannot be read: the journey then sends nothing. */
  read(journeyId: string): Promise<StoredState>;
  /** Writes `state` only if nobody wrote since `version`; false when another run did first (it holds the lease). */
  claim(journeyId: string, version: number, state: JourneyState): Promise<boolean>;
  /** The lease holder's write. */
  write(journeyId: string, state: JourneyState): Promise<void>;
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

const byCache = new WeakMap<object, JourneyStateStore>();

/**
 * The store of a run given none: the memory kept with the run's cache (a caller that keeps a cache across runs keeps
 * the journeys' state with it), else a memory that lasts this run only.
 */
export function defaultStateStore(cache: object | undefined): JourneyStateStore {
  if (cache === undefined) return createMemoryStateStore();
  let store = byCache.get(cache);
  if (store === undefined) {
    store = createMemoryStateStore();
    byCache.set(cache, store);
  }
  return store;
}
