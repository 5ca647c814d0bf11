// The Lambda's kept records: one SSM String parameter per key, `${path}/${key}`, where the next sandbox
// finds it after a cold start, as the journeys' state is kept (journey-state-ssm.ts, whose reasons hold here too:
// two actions on the stack's own parameters, free Standard tier, 4 KB a value, each call on a timeout of its own).
// No lease: one inventory a run writes a record, and a lost write costs only what the next read would have known.
import { SSMClient } from '@aws-sdk/client-ssm';
import type { KeptStore } from '../kept-state';
import { StoreError } from '../probe/kept-store';
import { ssmParameters } from './journey-state-ssm';
import { NO_RUN_END, type RunEnd } from '../deadline';

export function createSsmKeptStore(
  path: string,
  {
    client = new SSMClient({ maxAttempts: 2 }),
    runEnd = NO_RUN_END,
  }: { readonly client?: SSMClient; readonly runEnd?: RunEnd } = {},
): KeptStore {
  const name = (key: string): string => `${path}/${key}`;
  const { get, put } = ssmParameters(client, runEnd);
  return {
    where: (key) => `the SSM parameter ${name(key)}`,
    async read(key) {
      const { value } = await get(name(key));
      if (value === undefined) return undefined;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        throw new StoreError(`${name(key)} holds no JSON (delete it to start afresh)`);
      }
    },
    async write(key, value) {
      await put(name(key), JSON.stringify(value));
    },
  };
}
