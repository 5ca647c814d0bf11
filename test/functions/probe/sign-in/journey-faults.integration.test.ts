// Fault injection into the sign-in journey and its state: the run killed at each request of the journey (the request
// delivered to Okta, its answer and everything after it lost, store writes included), and each state write failed once,
// in every store (the CLI's file store; the Lambda's DynamoDB store over the loopback AWS fake, and the SSM store it
// replaces over an in-memory SSM). Two runs racing for one journey: exactly one signs in, in the stores with a true
// compare-and-set. Each case is a simulated day of
// runs every 5 minutes against the simulator on loopback, on a faked clock (no real waits), and counts what Okta would
// count against the user: passwords it refused, TOTP codes it saw twice in one step, codes it did not accept. Every run
// is a new process: a new store object, and the process's memory of used TOTP steps forgotten, so no memory of this
// process's last write helps it. In the integration lane for its weight alone (a few thousand journeys, a flushed file
// write each step): it waits for nothing.
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFileStateStore } from '../../../../functions/cli/journey-state-file';
import { createDynamoStateStore } from '../../../../functions/lambda/journey-state-dynamodb';
import { createSsmStateStore } from '../../../../functions/lambda/journey-state-ssm';
import type { ServerContext } from '../../../../functions/probe/context';
import { runSignIn } from '../../../../functions/probe/sign-in/journey';
import { forgetUsedSteps } from '../../../../functions/probe/sign-in/guard';
import { passed } from '../../../../functions/probe/verdict';
import { send } from '../../../../functions/probe/http';
import type { JourneyStateStore } from '../../../../functions/journey-state';
import { codeAt } from '../../../../sim/totp';
import { simJourney, simServerContext, useSimulator } from '../../../support/simulator';
import { ssmFake } from '../../../support/ssm-fake';
import { fakeClientConfig, startAwsFake, type AwsFake } from '../../../support/aws-fake';

const sim = useSimulator();
const dirs: string[] = [];
/** The loopback AWS fake the DynamoDB store writes to, as DynamoDB answers (test/support/dynamo-fake.ts). */
let aws: AwsFake;
beforeAll(async () => {
  aws = await startAwsFake({ quotas: false });
});
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await aws.close();
});
/** A client of the fake's DynamoDB, as a new process makes one. */
const dynamo = (): DynamoDBClient => new DynamoDBClient(fakeClientConfig(aws));
/** A table of its own for each place, so that no simulated day meets another's state. */
let tables = 0;
afterEach(() => {
  vi.useRealTimers();
  sim().scenario = 'healthy';
});

type Exchange = ServerContext['exchange'];
type Request = Parameters<Exchange>[0];
const MIN = 60_000;
const DAY_RUNS = (24 * 60) / 5;
/**
 * Each simulated day on its own days of the faked clock: the simulator remembers the TOTP steps its user used, as
 * Okta does, and a day must not meet another's.
 */
let clock = Date.parse('2026-11-23T02:00:00.000Z');
const newDay = (): number => (clock += 2 * 24 * 60 * MIN);

type StoreKind = 'file' | 'DynamoDB' | 'SSM';
/** A maker of the store a new process opens: the same place, a new object. */
function placeOf(kind: StoreKind): () => JourneyStateStore {
  if (kind === 'file') {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-journey-faults-'));
    dirs.push(dir);
    return () => createFileStateStore(dir);
  }
  if (kind === 'DynamoDB') {
    const table = `faults-${(tables += 1)}`;
    return () => createDynamoStateStore(table, { client: dynamo() });
  }
  const client = ssmFake();
  return () => createSsmStateStore('/okta-synthetics/journey-state', { client: client() });
}

/** What one run does wrong: dies at its nth request (1-based), or fails its nth state write (claim or write) once. */
type Fault = { readonly dieAt?: number; readonly failWrite?: number };

interface Tally {
  passwords: number;
  refusedPasswords: number;
  codes: number;
  reusedCodes: number;
  codesNotAccepted: number;
  /** Runs whose verdict passed although a state write failed in them. */
  greenDespiteUnwritten: number;
  /** The requests of the healthy, fault-free journey (to know where to kill). */
  lastJourneyRequests: number;
}

/**
 * A simulated day of the portal user's authn journey (everyMinutes 15, a run each 5 minutes: two of three runs find
 * it not due, as a cron run of several journeys does), `fault` applied to the
 * runs `faulty` says. A killed run is never awaited: its requests and its writes after the kill never complete.
 */
async function day(kind: StoreKind, faulty: (run: number) => Fault, runs = DAY_RUNS): Promise<Tally> {
  const open = placeOf(kind);
  const journey = simJourney(sim(), 'authn');
  const { credential } = journey;
  const signIn = { ...journey.signIn, everyMinutes: 15 };
  const secret = credential.kind === 'user' ? (credential.totpSecret ?? '') : '';
  const password = credential.kind === 'user' ? credential.password : '';
  const tally: Tally = {
    passwords: 0,
    refusedPasswords: 0,
    codes: 0,
    reusedCodes: 0,
    codesNotAccepted: 0,
    greenDespiteUnwritten: 0,
    lastJourneyRequests: 0,
  };
  const stepsSeen = new Set<number>();
  const START = newDay();
  vi.useFakeTimers({ toFake: ['Date'], now: START });
  for (let run = 0; run < runs; run += 1) {
    vi.setSystemTime(START + run * 5 * MIN);
    const fault = faulty(run);
    let dead = false;
    let requests = 0;
    let writes = 0;
    let writeFailed = false;
    let killed!: () => void;
    const death = new Promise<'killed'>((resolve) => {
      killed = () => resolve('killed');
    });
    const never = new Promise<never>(() => undefined);
    const place = open();
    forgetUsedSteps();
    const guarded = <T>(call: () => Promise<T>): Promise<T> => (dead ? never : call());
    const store: JourneyStateStore = {
      where: (id) => place.where(id),
      read: (id) => guarded(() => place.read(id)),
      claim: (id, version, state) =>
        guarded(() => {
          writes += 1;
          if (writes === fault.failWrite) {
            writeFailed = true;
            return Promise.reject(new Error('injected: no space left on device'));
          }
          return place.claim(id, version, state);
        }),
      write: (id, state) =>
        guarded(() => {
          writes += 1;
          if (writes === fault.failWrite) {
            writeFailed = true;
            return Promise.reject(new Error('injected: no space left on device'));
          }
          return place.write(id, state);
        }),
    };
    const exchange: Exchange = async (req: Request) => {
      if (dead) return never;
      requests += 1;
      const carriesPassword = JSON.stringify(req.json ?? req.form ?? '').includes(password);
      const code = (req.json as { passCode?: string } | undefined)?.passCode;
      const outcome = await send({ ...req, timeoutMs: 5_000 });
      const status = outcome.ok ? outcome.response.status : 0;
      if (carriesPassword) {
        tally.passwords += 1;
        if (status === 401) tally.refusedPasswords += 1;
      }
      if (code !== undefined) {
        tally.codes += 1;
        const now = Math.floor(Date.now() / 30_000);
        const step = [now, now - 1, now + 1].find((s) => codeAt(secret, s) === code);
        if (step !== undefined && stepsSeen.has(step)) tally.reusedCodes += 1;
        if (step !== undefined) stepsSeen.add(step);
        if (status !== 200) tally.codesNotAccepted += 1;
      }
      // Delivered to Okta, then the run dies: its answer, and all that follows, is lost.
      if (requests === fault.dieAt) {
        dead = true;
        killed();
        return never;
      }
      return outcome;
    };
    const server: ServerContext = simServerContext(sim(), exchange);
    const ctx = {
      signIn,
      orgUrl: sim().url,
      server,
      credential,
      journeyState: store,
      // The wait for the next TOTP step, on the faked clock.
      sleep: (ms: number) => {
        vi.setSystemTime(Date.now() + ms);
        return Promise.resolve(true);
      },
    };
    const ended = await Promise.race([runSignIn(ctx), death]);
    if (ended === 'killed') continue;
    if (writeFailed && passed(ended)) tally.greenDespiteUnwritten += 1;
    if (fault.dieAt === undefined && fault.failWrite === undefined && requests > 0)
      tally.lastJourneyRequests = requests;
  }
  return tally;
}

const STORES: readonly StoreKind[] = ['file', 'DynamoDB', 'SSM'];
/** The requests of the portal user's authn journey with MFA, from /api/v1/authn to the close of its session. */
const JOURNEY_REQUESTS = 8;

describe.each(STORES)('the %s store under faults, a simulated day each', (kind) => {
  it("a healthy MFA user's journey has the requests the cases below kill it at", async () => {
    sim().scenario = 'sign-in-mfa';
    expect((await day(kind, () => ({}), 3)).lastJourneyRequests).toBe(JOURNEY_REQUESTS);
  });

  it.each(Array.from({ length: JOURNEY_REQUESTS }, (_, i) => i + 1))(
    'a healthy MFA user, every run of the day killed at its request %i: no refused password, no code used ' +
      'twice, no code refused, at most 2 unanswered of each',
    async (at) => {
      sim().scenario = 'sign-in-mfa';
      const tally = await day(kind, () => ({ dieAt: at }));
      expect({
        refused: tally.refusedPasswords,
        reused: tally.reusedCodes,
        notAccepted: tally.codesNotAccepted,
      }).toEqual({ refused: 0, reused: 0, notAccepted: 0 });
      // Killed at the password (1) or at the code (2), every attempt is unanswered: 2, then the secret is held.
      if (at === 1) expect(tally.passwords).toBe(2);
      if (at === 2) expect(tally.codes).toBe(2);
      // Killed after the code was accepted: the journey goes on each 15 minutes, every code in a step of its own.
      if (at > 2) expect(tally.codes).toBeGreaterThan(48);
    },
  );

  it(
    'a wrong password, the run killed at each request in every run: at most 2 passwords Okta refuses in a day, ' +
      'never 48',
    async () => {
      sim().scenario = 'sign-in-rejected';
      for (const at of [1, 2, 3]) {
        const tally = await day(kind, () => ({ dieAt: at }));
        expect({ at, refused: tally.refusedPasswords }).toEqual({ at, refused: expect.any(Number) });
        expect(tally.refusedPasswords).toBeLessThanOrEqual(2);
      }
      // Without a fault: one refusal, then held for good.
      expect((await day(kind, () => ({}))).refusedPasswords).toBe(1);
    },
    120_000,
  );

  it(
    'each state write of the first journey failed once: never green, and then no refused password, no code ' +
      'used twice or refused',
    async () => {
      sim().scenario = 'sign-in-mfa';
      for (let failWrite = 1; failWrite <= 5; failWrite += 1) {
        const tally = await day(kind, (run) => (run === 0 ? { failWrite } : {}), 48);
        expect({
          failWrite,
          green: tally.greenDespiteUnwritten,
          refused: tally.refusedPasswords,
          reused: tally.reusedCodes,
          notAccepted: tally.codesNotAccepted,
        }).toEqual({ failWrite, green: 0, refused: 0, reused: 0, notAccepted: 0 });
      }
    },
    120_000,
  );
});

/** An empty store of `kind` (its folder removed after the tests), the simulator on the MFA sign-in scenario. */
function freshStore(kind: StoreKind, tag: string) {
  sim().scenario = 'sign-in-mfa';
  const dir = mkdtempSync(join(tmpdir(), `okta-synthetics-journey-${tag}-`));
  dirs.push(dir);
  const client = ssmFake()();
  const table = `fresh-${(tables += 1)}`;
  const store =
    kind === 'file'
      ? createFileStateStore(dir)
      : kind === 'DynamoDB'
        ? createDynamoStateStore(table, { client: dynamo() })
        : createSsmStateStore('/s', { client });
  return { dir, client, table, store };
}

/**
 * The "portal" journey (authn) against the simulator with `store`, on a fake clock from `start`: a context for a run at
 * a moment, and how many requests went to Okta so far.
 */
function journeyAgainst(store: JourneyStateStore, start: number) {
  const { signIn, credential } = simJourney(sim(), 'authn');
  vi.useFakeTimers({ toFake: ['Date'], now: start });
  let sent = 0;
  const exchange: Exchange = (req) => {
    sent += 1;
    return send({ ...req, timeoutMs: 5_000 });
  };
  const ctx = (at: number) => {
    vi.setSystemTime(at);
    const server: ServerContext = simServerContext(sim(), exchange);
    return { signIn, orgUrl: sim().url, server, credential, journeyState: store, sleep: () => Promise.resolve(true) };
  };
  return { ctx, sent: () => sent };
}

describe('a state out of bounds', () => {
  it.each(STORES)(
    'in the %s store: a lease a year ahead is damage, replaced by the careful state, and the journey resumes',
    async (kind) => {
      const { store } = freshStore(kind, 'ahead');
      const START = newDay();
      const YEAR = 365 * 24 * 60 * MIN;
      // A host whose clock once ran a year ahead wrote it: honest in shape, false in time.
      await store.write('portal', {
        last: { at: START + YEAR, code: null },
        lease: { holder: 'ahead', since: START + YEAR, until: START + YEAR + 10 * MIN },
      });
      const { ctx, sent } = journeyAgainst(store, START);
      const first = await runSignIn(ctx(START));
      expect(first.judgement).toMatchObject({
        diagnosis: { code: 'JOURNEY_STATE_UNAVAILABLE', detail: expect.stringMatching(/out of bounds: last\.at lies/) },
      });
      expect(passed(first)).toBe(false);
      expect(sent()).toBe(0);
      const after = await runSignIn(ctx(START + 61 * MIN));
      expect(sent()).toBeGreaterThan(0);
      expect(after.judgement).toMatchObject({ diagnosis: null });
    },
  );
});

describe('a damaged state', () => {
  it.each(STORES)(
    'in the %s store: reported, and replaced by the most careful state, never a fresh one',
    async (kind) => {
      const { dir, client, table, store } = freshStore(kind, 'damaged');
      if (kind === 'file') {
        await store.write('portal', { totpStep: 1 });
        writeFileSync(join(dir, 'journey-state', 'portal.json'), '{"version": 3, "sta');
      } else if (kind === 'DynamoDB') {
        await store.write('portal', { totpStep: 1 });
        const item = aws.dynamoTables.get(table)!.get('portal|state')!;
        aws.dynamoTables.get(table)!.set('portal|state', { ...item, state: { S: '{"totpSt' } });
      } else
        await client.send(
          new PutParameterCommand({ Name: '/s/portal', Value: 'garbage', Type: 'String', Overwrite: true }),
        );
      const START = newDay();
      const { ctx, sent } = journeyAgainst(store, START);
      const first = await runSignIn(ctx(START));
      expect(first.judgement).toMatchObject({
        diagnosis: { code: 'JOURNEY_STATE_UNAVAILABLE', detail: expect.stringMatching(/unreadable.*attempts unknown/) },
      });
      const within = await runSignIn(ctx(START + 30 * MIN));
      expect(passed(within)).toBe(false);
      expect(sent()).toBe(0);
      // After one lockout window, the journey resumes.
      const after = await runSignIn(ctx(START + 61 * MIN));
      expect(sent()).toBeGreaterThan(0);
      expect(after.judgement).toMatchObject({ diagnosis: null });
    },
  );
});

/**
 * Two processes' runs of the portal journey (MFA) at the same moment, each with a store of its own over one place,
 * whose reads both answer before either claims: the passwords that went to Okta, and each run's verdict.
 */
async function raced(
  kind: StoreKind,
): Promise<{ passwords: number; verdicts: Awaited<ReturnType<typeof runSignIn>>[] }> {
  sim().scenario = 'sign-in-mfa';
  const open = placeOf(kind);
  const { signIn, credential } = simJourney(sim(), 'authn');
  const password = credential.kind === 'user' ? credential.password : '';
  vi.useFakeTimers({ toFake: ['Date'], now: newDay() });
  forgetUsedSteps();
  let reads = 0;
  let bothRead!: () => void;
  const barrier = new Promise<void>((resolve) => {
    bothRead = resolve;
  });
  let passwords = 0;
  const run = () => {
    const place = open();
    const store: JourneyStateStore = {
      where: (id) => place.where(id),
      read: async (id) => {
        const stored = await place.read(id);
        if ((reads += 1) === 2) bothRead();
        await barrier;
        return stored;
      },
      claim: (id, version, state) => place.claim(id, version, state),
      write: (id, state) => place.write(id, state),
    };
    const exchange: Exchange = (req) => {
      if (JSON.stringify(req.json ?? req.form ?? '').includes(password)) passwords += 1;
      return send({ ...req, timeoutMs: 5_000 });
    };
    const sleep = (ms: number) => {
      vi.setSystemTime(Date.now() + ms);
      return Promise.resolve(true);
    };
    const server = simServerContext(sim(), exchange);
    return runSignIn({ signIn, orgUrl: sim().url, server, credential, journeyState: store, sleep });
  };
  const verdicts = await Promise.all([run(), run()]);
  return { passwords, verdicts };
}

describe('two runs that read the same version of a journey, both claiming it', () => {
  it.each(['file', 'DynamoDB'] as const)(
    'in the %s store: exactly one signs in and passes, the other stands aside, and never spoils the winner',
    async (kind) => {
      for (let round = 0; round < 5; round += 1) {
        const { passwords, verdicts } = await raced(kind);
        expect(passwords).toBe(1);
        expect(verdicts.filter(passed)).toHaveLength(1);
        const aside = verdicts.find((v) => !passed(v));
        expect(aside?.judgement.observed).toMatchObject({ concurrentRun: true });
      }
    },
  );

  it(
    "in the SSM store, the race it leaves open: one signs in, but the loser's journal overwrites the winner's, " +
      'whose next write-ahead then fails and sends no TOTP code (the reason for the DynamoDB store)',
    async () => {
      const { passwords, verdicts } = await raced('SSM');
      expect(passwords).toBe(1);
      expect(verdicts.filter(passed)).toHaveLength(0);
      expect(verdicts.map((v) => ('diagnosis' in v.judgement ? v.judgement.diagnosis?.code : undefined))).toContain(
        'JOURNEY_STATE_UNAVAILABLE',
      );
    },
  );
});
