// The Lambda's journey state (issue 30): one SSM String parameter per journey, `${path}/${id}`, where the next
// sandbox finds it: after a cold start, in a second sandbox running at once, after AWS recycles the environment.
// Why SSM and not a tag on the user's secret: two actions on the journeys' own parameters (GetParameter,
// PutParameter), where tags need TagResource, UntagResource and DescribeSecret on the secret (and tags on a secret
// can feed ABAC policies), and PutParameter's returned Version is what makes the lease a compare-and-set: of two
// runs that read version N, the one whose put became N+1 holds it. Standard tier: free, 4 KB a value.
// Static named imports: esbuild keeps only these two of the SSM client's commands (see maintenance.ts).
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { JourneyState } from '../probe/journey-state/state';
import type { JourneyStateStore } from '../probe/journey-state/store';

/** Each call's own timeout, ms: the state is read before the journey and written after, inside the run's budget. */
export const SSM_CALL_TIMEOUT_MS = 1500;
/** A Standard parameter's value holds 4 KB. */
const MAX_VALUE_CHARS = 4096;

export function createSsmStateStore(path: string, client: SSMClient = new SSMClient({ maxAttempts: 1 })): JourneyStateStore {
  const name = (id: string): string => `${path}/${id}`;
  // maxAttempts 1: a put retried after a lost answer would count twice and make its claim look lost (the safe side,
  // but a needless 10-minute wait).
  const put = async (id: string, state: JourneyState): Promise<number | undefined> => {
    const answer = await client.send(new PutParameterCommand({ Name: name(id), Value: fitted(state), Type: 'String', Overwrite: true }), { abortSignal: AbortSignal.timeout(SSM_CALL_TIMEOUT_MS) });
    return answer.Version;
  };
  return {
    where: (id) => `the SSM parameter ${name(id)}`,
    async read(id) {
      try {
        const answer = await client.send(new GetParameterCommand({ Name: name(id) }), { abortSignal: AbortSignal.timeout(SSM_CALL_TIMEOUT_MS) });
        const value = answer.Parameter?.Value;
        return { state: value === undefined ? undefined : parsed(value), version: answer.Parameter?.Version ?? 0 };
      } catch (error) {
        if ((error as { name?: string }).name === 'ParameterNotFound') return { state: undefined, version: 0 };
        throw error;
      }
    },
    async claim(id, version, state) {
      try {
        return (await put(id, state)) === version + 1;
      } catch (error) {
        // Another run's put at the same moment: it holds the lease.
        if ((error as { name?: string }).name === 'TooManyUpdates') return false;
        throw error;
      }
    },
    async write(id, state) {
      await put(id, state);
    },
  };
}

/** The state as JSON within a parameter's 4 KB: the repeated verdict's facts go first, then its detail. */
function fitted(state: JourneyState): string {
  const whole = JSON.stringify(state);
  if (whole.length <= MAX_VALUE_CHARS || state.last === undefined) return whole;
  const { observed: _observed, ...last } = state.last;
  const lean = JSON.stringify({ ...state, last });
  if (lean.length <= MAX_VALUE_CHARS) return lean;
  const { detail: _detail, ...bare } = last;
  return JSON.stringify({ ...state, last: bare });
}

function parsed(value: string): JourneyState {
  const state: unknown = JSON.parse(value);
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw Object.assign(new Error('not a journey state'), { name: 'MalformedJourneyState' });
  return state as JourneyState;
}
