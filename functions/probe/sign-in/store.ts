// Where a journey's state lives between runs, behind one small interface: process memory here, a file
// beside --history for the CLI (cli/journey-state-file.ts), a DynamoDB item for the Lambda
// (lambda/journey-state-dynamodb.ts; before it, SSM parameters: lambda/journey-state-ssm.ts). Each store numbers its
// writes, so that a claim (the lease) is a compare-and-set: of two runs that read the same version, exactly one claims
// it (SSM's only in the version its put returns: the loser's put still lands,
// docs/decisions/journey-state-write-ahead.md).
import type { JourneyState, JourneyStateStore } from '../../journey-state';
import { keptWithCache } from '../kept-store';

export { StoreError, storeFailure } from '../kept-store';

export type { JourneyStateStore, StoredState } from '../../journey-state';

/** The state in this process's memory: a warm Lambda's, a `run --every` loop's, a test's. */
export function createMemoryStateStore(): JourneyStateStore {
  const entries = new Map<string, { state: JourneyState; version: number }>();
  return {
    where: () => "this process's memory",
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

/**
 * The store of a run given none: the memory kept with the run's cache (a caller that keeps a cache across runs keeps
 * the journeys' state with it), else a memory that lasts this run only.
 */
export const defaultStateStore = keptWithCache(createMemoryStateStore);
