// The Lambda's journey state: one SSM String parameter per journey, `${path}/${id}`, where the next
// sandbox finds it: after a cold start, in a second sandbox running at once, after AWS recycles the environment.
// Why SSM and not a tag on the user's secret: two actions on the journeys' own parameters (GetParameter,
// PutParameter), where tags need TagResource, UntagResource and DescribeSecret on the secret (and tags on a secret
// can feed ABAC policies), and PutParameter's returned Version is what makes the lease a compare-and-set: of two
// runs that read version N of `<id>-lease`, the one whose put became N+1 holds it. The state itself, `<id>`, is
// written only by the holder. Standard tier: free, 4 KB a value.
// Static named imports: esbuild keeps only these two of the SSM client's commands (see maintenance.ts).
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { JOURNEY_LEASE_SUFFIX as LEASE_SUFFIX } from '../contract';
import { fitWithin, shed } from '../probe/cadence';
import type { JourneyState } from '../probe/sign-in/state';
import { StoreError, type JourneyStateStore } from '../probe/sign-in/store';

/**
 * Each call's own timeout, ms. SSM answers in tens of ms, but a cold start's first call also builds the client's
 * signer and connection: a tight cap there reads as "state unreadable" and costs a journey. The run's deadline and
 * the finish wait (JOURNEY_FINISH_MS) bound what a slow SSM can hold up.
 */
export const SSM_CALL_TIMEOUT_MS = 5000;

/** GetParameter and PutParameter on the probe's own parameters, each on its own timeout (the kept records' store too). */
export function ssmParameters(client: SSMClient): { get(name: string): Promise<{ value: string | undefined; version: number }>; put(name: string, value: string): Promise<number | undefined> } {
  return {
    async get(parameter) {
      try {
        const answer = await client.send(new GetParameterCommand({ Name: parameter }), { abortSignal: AbortSignal.timeout(SSM_CALL_TIMEOUT_MS) });
        return { value: answer.Parameter?.Value, version: answer.Parameter?.Version ?? 0 };
      } catch (error) {
        if ((error as { name?: string }).name === 'ParameterNotFound') return { value: undefined, version: 0 };
        throw error;
      }
    },
    // maxAttempts 1: a put retried after a lost answer would count twice and make its claim look lost (the safe side,
    // but a needless 10-minute wait).
    put: async (parameter, value) =>
      (await client.send(new PutParameterCommand({ Name: parameter, Value: value, Type: 'String', Overwrite: true }), { abortSignal: AbortSignal.timeout(SSM_CALL_TIMEOUT_MS) })).Version,
  };
}

export function createSsmStateStore(path: string, client: SSMClient = new SSMClient({ maxAttempts: 1 })): JourneyStateStore {
  const name = (id: string): string => `${path}/${id}`;
  const leaseName = (id: string): string => `${path}/${id}${LEASE_SUFFIX}`;
  const { get, put } = ssmParameters(client);
  return {
    where: (id) => `the SSM parameter ${name(id)}`,
    async read(id) {
      const [state, lease] = await Promise.all([get(name(id)), get(leaseName(id))]);
      const parsedState = state.value === undefined ? undefined : parsed(state.value);
      const held = lease.value === undefined ? undefined : (parsed(lease.value).lease ?? undefined);
      // A lease is over once its holder wrote the journey's state after taking it: no put to release it.
      const live = held !== undefined && !(parsedState?.last !== undefined && parsedState.last.at >= held.since) ? held : undefined;
      const { lease: _none, ...rest } = parsedState ?? {};
      return { state: parsedState === undefined && live === undefined ? undefined : { ...rest, ...(live !== undefined && { lease: live }) }, version: lease.version };
    },
    async claim(id, version, state) {
      // Only the lease parameter: a run that loses the race writes nothing the journey's state depends on.
      try {
        return (await put(leaseName(id), JSON.stringify({ lease: state.lease }))) === version + 1;
      } catch (error) {
        // Another run's put at the same moment: it holds the lease.
        if ((error as { name?: string }).name === 'TooManyUpdates') return false;
        throw error;
      }
    },
    async write(id, state) {
      const { lease: _released, ...kept } = state;
      await put(name(id), fitted(kept));
    },
  };
}

/**
 * The state as JSON within a parameter's 4 KB. What protects the user (refusal, lease, TOTP step) is always kept;
 * the repeated verdict gives way: its facts, then its detail.
 */
export function fitted(state: JourneyState): string {
  return JSON.stringify(fitWithin(state, [(s) => ({ ...s, ...(s.last && { last: shed(s.last, 'observed') }) }), (s) => ({ ...s, ...(s.last && { last: shed(s.last, 'detail') }) })]));
}

function parsed(value: string): JourneyState {
  let state: unknown;
  try {
    state = JSON.parse(value);
  } catch {
    state = undefined;
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw new StoreError('the parameter holds no JSON object (delete it to start afresh)');
  return state as JourneyState;
}
