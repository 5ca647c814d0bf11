// The Lambda's journey state (issue 30): one SSM String parameter per journey, `${path}/${id}`, where the next
// sandbox finds it: after a cold start, in a second sandbox running at once, after AWS recycles the environment.
// Why SSM and not a tag on the user's secret: two actions on the journeys' own parameters (GetParameter,
// PutParameter), where tags need TagResource, UntagResource and DescribeSecret on the secret (and tags on a secret
// can feed ABAC policies), and PutParameter's returned Version is what makes the lease a compare-and-set: of two
// runs that read version N of `<id>-lease`, the one whose put became N+1 holds it. The state itself, `<id>`, is
// written only by the holder. Standard tier: free, 4 KB a value.
// Static named imports: esbuild keeps only these two of the SSM client's commands (see maintenance.ts).
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { JOURNEY_LEASE_SUFFIX as LEASE_SUFFIX } from '../contract';
import type { JourneyState, LastRun } from '../probe/journey-state/state';
import type { JourneyStateStore } from '../probe/journey-state/store';

/**
 * Each call's own timeout, ms. SSM answers in tens of ms, but a cold start's first call also builds the client's
 * signer and connection: a tight cap there reads as "state unreadable" and costs a journey. The run's deadline and
 * the finish wait (JOURNEY_FINISH_MS) bound what a slow SSM can hold up.
 */
export const SSM_CALL_TIMEOUT_MS = 5000;
/** A Standard parameter's value holds 4 KB. */
const MAX_VALUE_CHARS = 4096;

export function createSsmStateStore(path: string, client: SSMClient = new SSMClient({ maxAttempts: 1 })): JourneyStateStore {
  const name = (id: string): string => `${path}/${id}`;
  const leaseName = (id: string): string => `${path}/${id}${LEASE_SUFFIX}`;
  const get = async (parameter: string): Promise<{ value: string | undefined; version: number }> => {
    try {
      const answer = await client.send(new GetParameterCommand({ Name: parameter }), { abortSignal: AbortSignal.timeout(SSM_CALL_TIMEOUT_MS) });
      return { value: answer.Parameter?.Value, version: answer.Parameter?.Version ?? 0 };
    } catch (error) {
      if ((error as { name?: string }).name === 'ParameterNotFound') return { value: undefined, version: 0 };
      throw error;
    }
  };
  // maxAttempts 1: a put retried after a lost answer would count twice and make its claim look lost (the safe side,
  // but a needless 10-minute wait).
  const put = async (parameter: string, value: string): Promise<number | undefined> =>
    (await client.send(new PutParameterCommand({ Name: parameter, Value: value, Type: 'String', Overwrite: true }), { abortSignal: AbortSignal.timeout(SSM_CALL_TIMEOUT_MS) })).Version;
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
 * the repeated verdicts give way, least needed first: the SAML apps' facts, the journey's facts, the SAML apps'
 * details, the journey's detail, then the SAML apps' verdicts themselves.
 */
export function fitted(state: JourneyState): string {
  const without = (last: LastRun, key: 'observed' | 'detail'): LastRun => {
    const { observed, detail, ...rest } = last;
    return key === 'observed' ? { ...rest, ...(detail !== undefined && { detail }) } : { ...rest, ...(observed !== undefined && { observed }) };
  };
  const samlWithout = (saml: NonNullable<JourneyState['saml']>, key: 'observed' | 'detail'): JourneyState['saml'] =>
    Object.fromEntries(Object.entries(saml).map(([app, last]) => [app, without(last, key)]));
  const steps: ((s: JourneyState) => JourneyState)[] = [
    (s) => ({ ...s, ...(s.saml && { saml: samlWithout(s.saml, 'observed') }) }),
    (s) => ({ ...s, ...(s.last && { last: without(s.last, 'observed') }) }),
    (s) => ({ ...s, ...(s.saml && { saml: samlWithout(s.saml, 'detail') }) }),
    (s) => ({ ...s, ...(s.last && { last: without(s.last, 'detail') }) }),
    ({ saml: _saml, ...s }) => s,
  ];
  let current = state;
  let json = JSON.stringify(current);
  for (const step of steps) {
    if (json.length <= MAX_VALUE_CHARS) break;
    current = step(current);
    json = JSON.stringify(current);
  }
  return json;
}

function parsed(value: string): JourneyState {
  const state: unknown = JSON.parse(value);
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw Object.assign(new Error('not a journey state'), { name: 'MalformedJourneyState' });
  return state as JourneyState;
}
