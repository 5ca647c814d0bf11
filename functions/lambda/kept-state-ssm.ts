// The Lambda's kept records (issue 36): one SSM String parameter per key, `${path}/${key}`, where the next sandbox
// finds it after a cold start, as the journeys' state is kept (journey-state-ssm.ts, whose reasons hold here too:
// two actions on the stack's own parameters, free Standard tier, 4 KB a value, each call on a timeout of its own).
// No lease: one inventory a run writes a record, and a lost write costs only what the next read would have known.
// Static named imports: esbuild keeps only these two of the SSM client's commands (see maintenance.ts).
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { KeptStore } from '../kept-state';
import { SSM_CALL_TIMEOUT_MS } from './journey-state-ssm';

export function createSsmKeptStore(path: string, client: SSMClient = new SSMClient({ maxAttempts: 2 })): KeptStore {
  const name = (key: string): string => `${path}/${key}`;
  const signal = (): AbortSignal => AbortSignal.timeout(SSM_CALL_TIMEOUT_MS);
  return {
    where: (key) => `the SSM parameter ${name(key)}`,
    async read(key) {
      const answer = await client.send(new GetParameterCommand({ Name: name(key) }), { abortSignal: signal() }).catch((error: unknown) => {
        if ((error as { name?: string }).name === 'ParameterNotFound') return undefined;
        throw error;
      });
      const value = answer?.Parameter?.Value;
      return value === undefined ? undefined : (JSON.parse(value) as unknown);
    },
    async write(key, value) {
      await client.send(new PutParameterCommand({ Name: name(key), Value: JSON.stringify(value), Type: 'String', Overwrite: true }), { abortSignal: signal() });
    },
  };
}
