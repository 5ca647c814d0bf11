// The Lambda's journey state: SSM String parameters per journey, where the next sandbox finds them: after
// a cold start, in a second sandbox running at once, after AWS recycles the environment. Why SSM and not a tag on the
// user's secret: two actions on the journeys' own parameters (GetParameter, PutParameter), where tags need
// TagResource, UntagResource and DescribeSecret on the secret (and tags on a secret can feed ABAC policies).
//
// Two parameters. `<id>-lease` is the journal: every claim writes the whole state there, the lease with it, before
// the attempt it records leaves (write-ahead), and PutParameter's returned Version makes it a compare-and-set: of two
// runs that read version N, the one whose put became N+1 holds it. `<id>` is the holder's write at the journey's end,
// naming the lease it closes; only a holder writes it, so a run that lost a race never overwrites it. A journal whose
// lease is not closed is what a run that died left: its state is merged with the last end's (safest: the later
// refusal, the later TOTP step), so nothing it recorded is lost, and its lease then expires into an unanswered
// attempt. SSM keeps a parameter's last 100 versions: a damaged value is kept there for inspection (its version is
// named, and how soon to read it: the journal takes two writes a journey run, so 100 versions last about 50 runs, a
// few hours at a 5-minute cadence), and replaced by the most careful state. Standard tier, named on every put (the
// account's default tier may be Advanced): free, 4 KB a value.
//
// These String parameters hold the DT device cookie in plain text: the DynamoDB store that replaced them (under a key
// of its own) reads them once and then deletes them (`forget`; docs/decisions/device-cookie-securestring.md).
// Static named imports: esbuild keeps only these three of the SSM client's commands (see maintenance.ts).
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { JOURNEY_LEASE_SUFFIX as LEASE_SUFFIX } from '../contract';
import { fitWithin, shed } from '../probe/cadence';
import { safest, type JourneyState } from '../probe/sign-in/state';
import type { JourneyStateStore } from '../probe/sign-in/store';
import { retryThrottled } from './throttled';
import { budget, NO_RUN_END, type RunEnd } from '../deadline';

/**
 * Each call's own timeout, ms. SSM answers in tens of ms, but a cold start's first call also builds the client's
 * signer and connection: a tight cap there reads as "state unreadable" and costs a journey. The run's deadline and
 * the finish wait (JOURNEY_FINISH_MS) bound what a slow SSM can hold up.
 */
export const SSM_CALL_TIMEOUT_MS = 5000;

/**
 * GetParameter and PutParameter on the probe's own parameters, each on its own timeout (the kept records' store too).
 */
export function ssmParameters(
  client: SSMClient,
  runEnd: RunEnd = NO_RUN_END,
): {
  get(name: string): Promise<{ value: string | undefined; version: number }>;
  put(name: string, value: string): Promise<number | undefined>;
} {
  return {
    async get(parameter) {
      try {
        const answer = await client.send(new GetParameterCommand({ Name: parameter }), {
          abortSignal: budget(runEnd(), SSM_CALL_TIMEOUT_MS),
        });
        return { value: answer.Parameter?.Value, version: answer.Parameter?.Version ?? 0 };
      } catch (error) {
        if ((error as { name?: string }).name === 'ParameterNotFound') return { value: undefined, version: 0 };
        throw error;
      }
    },
    // maxAttempts 1: a put retried after a lost answer would count twice and make its claim look lost (the safe side,
    // but a needless 10-minute wait). A throttled put is another matter: PutParameter is throttled per account and
    // region (AWS Support cites 3 a second at standard throughput), and a throttled request wrote nothing, so it is
    // sent again after a back-off, within the call's own timeout. Several journeys claiming at once otherwise failed
    // with JOURNEY_STATE_UNAVAILABLE.
    put: async (parameter, value) =>
      (
        await retryThrottled(
          (abortSignal) =>
            client.send(
              // Tier named: without it SSM uses the account's default tier, and an account set to Advanced (or
              // Intelligent-Tiering) would pay $0.05 a parameter a month for values that fit Standard's 4 KB.
              new PutParameterCommand({
                Name: parameter,
                Value: value,
                Type: 'String',
                Tier: 'Standard',
                Overwrite: true,
              }),
              { abortSignal },
            ),
          THROTTLED,
          SSM_CALL_TIMEOUT_MS,
        )
      ).Version,
  };
}

/**
 * DeleteParameter on one name; a name already gone is deleted ("ParameterNotFound: The parameter couldn't be found",
 * SSM API reference, DeleteParameter, Errors). A throttled delete deleted nothing, and is sent again.
 */
async function deleteParameter(client: SSMClient, parameter: string): Promise<void> {
  try {
    await retryThrottled(
      (abortSignal) => client.send(new DeleteParameterCommand({ Name: parameter }), { abortSignal }),
      THROTTLED,
      SSM_CALL_TIMEOUT_MS,
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ParameterNotFound') throw error;
  }
}

/** The errors of a PutParameter that wrote nothing because of the rate: sent again after a back-off. */
const THROTTLED: ReadonlySet<string> = new Set(['ThrottlingException', 'TooManyUpdates']);

/** The SSM store, and the deletion of a journey's two parameters once their state has moved elsewhere. */
export type SsmStateStore = JourneyStateStore & { forget(id: string): Promise<void> };

export function createSsmStateStore(
  path: string,
  {
    client = new SSMClient({ maxAttempts: 1 }),
    runEnd = NO_RUN_END,
  }: { readonly client?: SSMClient; readonly runEnd?: RunEnd } = {},
): SsmStateStore {
  const name = (id: string): string => `${path}/${id}`;
  const leaseName = (id: string): string => `${path}/${id}${LEASE_SUFFIX}`;
  const { get, put } = ssmParameters(client, runEnd);
  return {
    where: (id) => `the SSM parameter ${name(id)}`,
    async forget(id) {
      await Promise.all([name(id), leaseName(id)].map((parameter) => deleteParameter(client, parameter)));
    },
    async read(id) {
      const [state, lease] = await Promise.all([get(name(id)), get(leaseName(id))]);
      const ended = readable(state.value, `${name(id)} version ${state.version}`);
      const journal = readable(lease.value, `${leaseName(id)} version ${lease.version}`);
      const damaged = [ended, journal].flatMap((r) => ('damaged' in r ? [r.damaged] : []));
      if (damaged.length > 0)
        return {
          state: undefined,
          version: lease.version,
          damaged:
            `${damaged.join('; ')} (SSM keeps it among the parameter's last 100 versions, about 50 journey runs ` +
            `at two writes a run: read it soon with aws ssm get-parameter-history --name ${leaseName(id)})`,
        };
      return {
        state: current('state' in ended ? ended.state : undefined, 'state' in journal ? journal.state : undefined),
        version: lease.version,
      };
    },
    async claim(id, version, state) {
      // The journal only: a run that loses the race writes nothing the end's state depends on.
      try {
        return (await put(leaseName(id), fitted(state))) === version + 1;
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
 * The journey's state from the end's write and the journal. A journal whose lease the end closed (or, as written
 * before the journal held the state, one the end's journey came after) is over: the end's state. Else the journal
 * is what a run recorded since (a lease, a recheck's refusal, the careful state): merged with the end's, keeping what
 * protects the user, its lease kept.
 */
function current(ended: JourneyState | undefined, journal: JourneyState | undefined): JourneyState | undefined {
  const lease = journal?.lease;
  const closed =
    lease !== undefined &&
    ended !== undefined &&
    (ended.closed !== undefined
      ? ended.closed === lease.holder
      : ended.last !== undefined && ended.last.at >= lease.since);
  if (journal === undefined || closed) return ended;
  const { lease: _held, ...recorded } = journal;
  return { ...safest(ended, recorded), ...(lease !== undefined && { lease }) };
}

/**
 * The state as JSON within a parameter's 4 KB. What protects the user (refusal, lease, TOTP step) is always kept;
 * the repeated verdict gives way: its facts, then its detail.
 */
export function fitted(state: JourneyState): string {
  return JSON.stringify(
    fitWithin(state, [
      (s) => ({ ...s, ...(s.last && { last: shed(s.last, 'observed') }) }),
      (s) => ({ ...s, ...(s.last && { last: shed(s.last, 'detail') }) }),
    ]),
  );
}

/** A parameter's value as a state: absent, a JSON object, or damaged (garbage, truncated) with where it was read. */
function readable(value: string | undefined, where: string): { state: JourneyState | undefined } | { damaged: string } {
  if (value === undefined) return { state: undefined };
  let state: unknown;
  try {
    state = JSON.parse(value);
  } catch {
    state = undefined;
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state))
    return { damaged: `${where} holds no JSON object` };
  return { state: state as JourneyState };
}
