// The passkey's counter under faults, as the journey fault suite (journey-faults.integration.test.ts) does for
// passwords and TOTP codes: every run of a series killed at its nth request (the request delivered to Okta, its answer
// and all after it lost, store writes included), in every store (the CLI's file store; the Lambda's DynamoDB store over
// the loopback AWS fake, and the SSM store it replaces over an in-memory SSM). Whatever the request it dies at, no
// assertion ever carries a counter already sent, and Okta never refuses one for its counter. Every run is a new
// process: a new store object, this process's memory forgotten.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFileStateStore } from '../../../../functions/cli/journey-state-file';
import { createDynamoStateStore } from '../../../../functions/lambda/journey-state-dynamodb';
import { createSsmStateStore } from '../../../../functions/lambda/journey-state-ssm';
import type { JourneyStateStore } from '../../../../functions/journey-state';
import type { ServerContext } from '../../../../functions/probe/context';
import { send } from '../../../../functions/probe/http';
import { forgetUsedSteps } from '../../../../functions/probe/sign-in/guard';
import { runSignIn } from '../../../../functions/probe/sign-in/journey';
import { simJourney, simPasskey, simServerContext, useSimulator } from '../../../support/simulator';
import { ssmFake } from '../../../support/ssm-fake';
import { fakeClientConfig, startAwsFake, type AwsFake } from '../../../support/aws-fake';
import { useTempDir } from '../../../support/temp-dir';

const sim = useSimulator({ scenario: 'idx-passkey' });
const temp = useTempDir('okta-synthetics-passkey-faults-');
afterEach(() => vi.useRealTimers());
/** The loopback AWS fake the DynamoDB store writes to, as DynamoDB answers (test/support/dynamo-fake.ts). */
let aws: AwsFake;
beforeAll(async () => {
  aws = await startAwsFake({ quotas: false });
});
afterAll(async () => {
  await aws.close();
});
/** A table of its own for each series, so that no series meets another's state. */
let tables = 0;

const MIN = 60_000;
let clock = Date.parse('2026-11-25T02:00:00.000Z');
type StoreKind = 'file' | 'DynamoDB' | 'SSM';

/** A maker of the store a new process opens: the same place, a new object. */
function placeOf(kind: StoreKind): () => JourneyStateStore {
  if (kind === 'file') {
    const dir = mkdtempSync(join(temp(), 'state-'));
    return () => createFileStateStore(dir);
  }
  if (kind === 'DynamoDB') {
    const table = `passkey-faults-${(tables += 1)}`;
    // A client of the fake's DynamoDB, as a new process makes one.
    return () => createDynamoStateStore(table, { client: new DynamoDBClient(fakeClientConfig(aws)) });
  }
  const client = ssmFake();
  return () => createSsmStateStore('/okta-synthetics/journey-state', { client: client() });
}

/** The store, its every call never answered once the run is dead. */
function dying(place: JourneyStateStore, dead: () => boolean): JourneyStateStore {
  const never = new Promise<never>(() => undefined);
  const guarded = <T>(call: () => Promise<T>): Promise<T> => (dead() ? never : call());
  return {
    where: (id) => place.where(id),
    read: (id) => guarded(() => place.read(id)),
    claim: (id, version, state) => guarded(() => place.claim(id, version, state)),
    write: (id, state) => guarded(() => place.write(id, state)),
  };
}

interface Tally {
  /** The counters of the assertions delivered to Okta, in order. */
  readonly counters: number[];
  /** Assertions Okta refused. */
  refused: number;
  /** Runs after which the store held a counter below one already sent: what the next run would sign above. */
  storeBehind: number;
  /** The requests of the last run that was not killed. */
  requests: number;
}

/** `runs` journeys 6 minutes apart, each killed at its request `dieAt` (none: undefined). */
async function series(kind: StoreKind, dieAt: number | undefined, runs: number): Promise<Tally> {
  sim().scenario = 'idx-passkey';
  const open = placeOf(kind);
  const journey = simJourney(sim(), 'idx');
  const credential = { ...journey.credential, passkey: simPasskey(sim()) };
  const signIn = { ...journey.signIn, authenticator: 'passkey' as const };
  const tally: Tally = { counters: [], refused: 0, storeBehind: 0, requests: 0 };
  const start = (clock += 2 * 24 * 60 * MIN);
  vi.useFakeTimers({ toFake: ['Date'], now: start });
  for (let run = 0; run < runs; run += 1) {
    vi.setSystemTime(start + run * 6 * MIN);
    forgetUsedSteps();
    let dead = false;
    let requests = 0;
    let killed!: () => void;
    const death = new Promise<'killed'>((resolve) => (killed = () => resolve('killed')));
    const exchange: ServerContext['exchange'] = async (req) => {
      if (dead) return new Promise<never>(() => undefined);
      requests += 1;
      const authenticatorData = (req.json as { credentials?: { authenticatorData?: string } } | undefined)?.credentials
        ?.authenticatorData;
      if (authenticatorData !== undefined)
        tally.counters.push(Buffer.from(authenticatorData, 'base64url').readUInt32BE(33));
      const outcome = await send({ ...req, timeoutMs: 5_000 });
      if (authenticatorData !== undefined && (!outcome.ok || outcome.response.status !== 200)) tally.refused += 1;
      if (requests === dieAt) {
        dead = true;
        killed();
        return new Promise<never>(() => undefined);
      }
      return outcome;
    };
    const ctx = {
      signIn,
      orgUrl: sim().url,
      server: simServerContext(sim(), exchange),
      credential,
      journeyState: dying(open(), () => dead),
    };
    const ended = await Promise.race([runSignIn(ctx), death]);
    if (ended !== 'killed') tally.requests = requests;
    // Written ahead: whatever the run sent, the store already holds it (the clock's floor aside, which a lost state
    // falls back on, so the store is asked directly).
    const kept = (await open().read(signIn.id)).state?.passkeyCounter ?? -1;
    if (tally.counters.length > 0 && kept < Math.max(...tally.counters)) tally.storeBehind += 1;
  }
  return tally;
}

/** Each counter above every one before it: none reused, none behind. */
const growing = (counters: readonly number[]): boolean => counters.every((c, i) => i === 0 || c > counters[i - 1]!);

describe.each(['file', 'DynamoDB', 'SSM'] as const)('the passkey counter in the %s store under faults', (kind) => {
  it('a healthy journey signs with a growing counter run after run', async () => {
    const tally = await series(kind, undefined, 4);
    expect(tally.counters).toHaveLength(4);
    expect(growing(tally.counters)).toBe(true);
    expect(tally.refused).toBe(0);
  });

  it('each run killed at its request n, for each n: no counter reused or refused, none behind the store', async () => {
    const healthy = await series(kind, undefined, 1);
    expect(healthy.requests).toBeGreaterThan(6);
    for (let at = 1; at <= healthy.requests; at += 1) {
      const tally = await series(kind, at, 12);
      expect({ at, growing: growing(tally.counters), refused: tally.refused, behind: tally.storeBehind }).toEqual({
        at,
        growing: true,
        refused: 0,
        behind: 0,
      });
    }
  });
});
