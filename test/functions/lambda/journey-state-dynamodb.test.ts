// The Lambda's DynamoDB journey store against the loopback AWS fake, which answers as DynamoDB documents it
// (test/support/dynamo-fake.ts): the race SSM left open is closed, a damaged item is kept aside with a TTL, a throttled
// read or write is sent again, and the state an SSM deployment kept is carried over once, its parameters then deleted.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JOURNEY_TABLE } from '../../../functions/contract';
import type { JourneyState, JourneyStateStore } from '../../../functions/journey-state';
import { createDynamoStateStore, DAMAGED_KEPT_MS } from '../../../functions/lambda/journey-state-dynamodb';
import { createSsmStateStore, type SsmStateStore } from '../../../functions/lambda/journey-state-ssm';
import { LEASE_MS } from '../../../functions/probe/sign-in/state';
import { fakeClientConfig, startAwsFake, type AwsFake, type FakeServed } from '../../support/aws-fake';

const TABLE = 'acme-journey-state';
const T0 = Date.parse('2026-11-25T10:00:00.000Z');

let aws: AwsFake;
/** What the fake answers before its own answer: a test's throttles. */
let serve: (call: { operation: string }) => FakeServed | undefined = () => undefined;
beforeAll(async () => {
  aws = await startAwsFake({ quotas: false, serve: (call) => serve(call) });
});
afterAll(async () => {
  await aws.close();
});

// One attempt a call, as the store makes its own client: a retry the tests count is the store's, not the SDK's.
const dynamo = (): DynamoDBClient => new DynamoDBClient(fakeClientConfig(aws));
const ssm = (): SSMClient => new SSMClient(fakeClientConfig(aws));
/** A store as a new process opens it: a new client of the same table. */
const open = (carriedFrom?: SsmStateStore): JourneyStateStore =>
  createDynamoStateStore(TABLE, { client: dynamo(), now: () => T0, ...(carriedFrom && { carriedFrom }) });
const ssmStore = (): SsmStateStore => createSsmStateStore('/acme/journey-state', { client: ssm() });
const fresh = (): string => `journey-${Math.random().toString(36).slice(2, 8)}`;
const leased = (holder: string, refused = false): JourneyState => ({
  lease: { holder, since: T0, until: T0 + LEASE_MS },
  ...(refused && {
    refusal: { fingerprint: 'f', outcome: 'refused', code: 'SIGN_IN_REJECTED', at: T0, until: null, spent: 1 },
  }),
});
const item = (id: string, sort = 'state') => aws.dynamoTables.get(TABLE)?.get(`${id}|${sort}`);

/**
 * Two runs that read the same version, each in a process of its own, both claim it at once: what each claim answered,
 * and the state a third run then reads. Run `a` claims with a refusal it learnt, run `b` with a bare lease.
 */
async function race(make: () => JourneyStateStore): Promise<{ claims: boolean[]; after: JourneyState | undefined }> {
  const id = fresh();
  const [a, b] = [make(), make()];
  const [readA, readB] = await Promise.all([a.read(id), b.read(id)]);
  expect(readA.version).toBe(readB.version);
  const claims = await Promise.all([
    a.claim(id, readA.version, leased('a', true)),
    b.claim(id, readB.version, leased('b')),
  ]);
  return { claims, after: (await make().read(id)).state };
}

describe('two runs that read the same version, both claiming it', () => {
  it('DynamoDB: exactly one claims, the other stands aside, and the loser never overwrites the winner', async () => {
    for (let round = 0; round < 10; round += 1) {
      const { claims, after } = await race(open);
      expect(claims.filter(Boolean)).toHaveLength(1);
      const winner = claims[0] ? 'a' : 'b';
      expect(after?.lease?.holder).toBe(winner);
      // What the winner recorded with its claim is what stands: the refusal with a's claim, none with b's.
      expect(after?.refusal !== undefined).toBe(winner === 'a');
    }
  });

  it(
    'SSM, the store it replaces: exactly one claims, yet the loser overwrites the winner (no conditional put; ' +
      'the race docs/decisions/journey-state-write-ahead.md names)',
    async () => {
      const { claims, after } = await race(ssmStore);
      expect(claims.filter(Boolean)).toHaveLength(1);
      // The loser's put landed after the winner's (which is how it lost): its lease, and what it recorded, are what
      // the next run reads.
      const loser = claims[0] ? 'b' : 'a';
      expect(after?.lease?.holder).toBe(loser);
      expect(after?.refusal !== undefined).toBe(loser === 'a');
    },
  );
});

describe('the DynamoDB store', () => {
  it('writes a version per claim, and a claim over a version already claimed writes nothing', async () => {
    const store = open();
    const id = fresh();
    expect(await store.read(id)).toEqual({ state: undefined, version: 0 });
    expect(await store.claim(id, 0, leased('a'))).toBe(true);
    expect(await store.claim(id, 0, leased('b'))).toBe(false);
    expect(await store.claim(id, 1, { totpStep: 3, lease: leased('a').lease! })).toBe(true);
    expect(await store.read(id)).toEqual({ state: { totpStep: 3, lease: leased('a').lease }, version: 2 });
    expect(item(id)?.[JOURNEY_TABLE.version]).toEqual({ N: '2' });
  });

  it('keeps a damaged state aside in an item of its own that expires after 90 days, then replaced', async () => {
    const store = open();
    const id = fresh();
    await store.claim(id, 0, { totpStep: 1 });
    aws.dynamoTables.get(TABLE)!.set(`${id}|state`, { ...item(id)!, [JOURNEY_TABLE.state]: { S: '{"totpSt' } });
    const read = await store.read(id);
    expect(read).toMatchObject({
      state: undefined,
      version: 1,
      damaged: expect.stringMatching(/holds no JSON object/),
    });
    const aside = read.damaged?.match(/as the item (damaged#[0-9a-f]{12})/)?.[1];
    expect(aside).toBeDefined();
    expect(item(id, aside)?.[JOURNEY_TABLE.state]).toEqual({ S: '{"totpSt' });
    expect(Number(item(id, aside)?.[JOURNEY_TABLE.expires]?.N)).toBe(Math.floor((T0 + DAMAGED_KEPT_MS) / 1000));
    expect(DAMAGED_KEPT_MS).toBeGreaterThanOrEqual(30 * 86_400_000);
    // The careful state replaces it over the version read.
    expect(await store.claim(id, read.version, { totpStep: 9 })).toBe(true);
    expect((await store.read(id)).state).toEqual({ totpStep: 9 });
  });

  it('reads a version that is no number as damage, and replaces it over version 0', async () => {
    const store = open();
    const id = fresh();
    for (const version of [{ S: '7' }, { N: '0' }, { N: '-3' }]) {
      aws.dynamoTables.get(TABLE)!.set(`${id}|state`, {
        [JOURNEY_TABLE.partitionKey]: { S: id },
        [JOURNEY_TABLE.sortKey]: { S: 'state' },
        [JOURNEY_TABLE.version]: version,
        [JOURNEY_TABLE.state]: { S: '{}' },
      });
      const read = await store.read(id);
      expect(read).toMatchObject({ version: 0, damaged: expect.stringMatching(/not a version number/) });
      expect(await store.claim(id, 0, { totpStep: 2 })).toBe(true);
      expect(await store.claim(id, 0, { totpStep: 3 })).toBe(false);
    }
  });

  it('sends a throttled write again after a back-off: the throttled request wrote nothing', async () => {
    let throttled = 0;
    serve = ({ operation }) =>
      operation === 'dynamodb.PutItem' && throttled++ < 2
        ? {
            status: 400,
            type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
            message: 'Throughput exceeds the current capacity of your table or index.',
          }
        : undefined;
    try {
      const id = fresh();
      expect(await open().claim(id, 0, leased('a'))).toBe(true);
      expect(throttled).toBe(3);
      expect((await open().read(id)).version).toBe(1);
    } finally {
      serve = () => undefined;
    }
  });

  it('sends a throttled read or write again, backing off exponentially, and gives up within 5 s', async () => {
    const throttle = (name: string): FakeServed => ({
      status: 400,
      type: `com.amazonaws.dynamodb.v20120810#${name}`,
      message: 'Throughput exceeds the current capacity of your table or index.',
    });
    // Against the fake: a throttled read (ThrottlingException) and write (ProvisionedThroughputExceededException) are
    // each answered in the end, the write landing once.
    const seen = { get: 0, put: 0 };
    serve = ({ operation }) => {
      if (operation === 'dynamodb.GetItem' && seen.get++ < 1) return throttle('ThrottlingException');
      if (operation === 'dynamodb.PutItem' && seen.put++ < 2) return throttle('ProvisionedThroughputExceededException');
      return undefined;
    };
    const id = fresh();
    try {
      expect((await open().read(id)).version).toBe(0);
      expect(await open().claim(id, 0, leased('a'))).toBe(true);
      expect(seen).toEqual({ get: 2, put: 3 });
      expect(item(id)?.[JOURNEY_TABLE.version]).toEqual({ N: '1' });
    } finally {
      serve = () => undefined;
    }
    // Throttled for good, on the test's clock: sent again after 150 ms, then each back-off twice the last (jitter at
    // its least), and no send 5 s after the first.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(0);
    try {
      for (const [name, call] of [
        ['ThrottlingException', (store: JourneyStateStore) => store.read(fresh())],
        ['ProvisionedThroughputExceededException', (store: JourneyStateStore) => store.claim(fresh(), 0, leased('a'))],
      ] as const) {
        const sent: number[] = [];
        const client = {
          send: () => {
            sent.push(Date.now());
            return Promise.reject(Object.assign(new Error('throttled'), { name }));
          },
        } as unknown as DynamoDBClient;
        const answer = call(createDynamoStateStore(TABLE, { client, now: () => T0 })).catch((error: unknown) => error);
        await vi.runAllTimersAsync();
        expect(await answer).toMatchObject({ name });
        const first = sent[0] ?? Number.NaN;
        expect(sent.map((at) => at - first)).toEqual([0, 150, 450, 1_050, 2_250, 4_650]);
        expect(sent.at(-1)! - first).toBeLessThan(5_000);
      }
    } finally {
      vi.restoreAllMocks();
      vi.useRealTimers();
    }
  });

  it('never sends again a write refused for another reason', async () => {
    let refused = 0;
    serve = ({ operation }) =>
      operation === 'dynamodb.PutItem' && ++refused > 0
        ? { status: 400, type: 'AccessDeniedException', message: 'not authorized to perform: dynamodb:PutItem' }
        : undefined;
    try {
      await expect(open().claim(fresh(), 0, leased('a'))).rejects.toMatchObject({ name: 'AccessDeniedException' });
      expect(refused).toBe(1);
    } finally {
      serve = () => undefined;
    }
  });
});

describe('a deployment whose journeys kept their state in SSM', () => {
  it("carries the SSM state over at the table's first claim, and reads SSM no more after it", async () => {
    const id = fresh();
    const before = leased('old', true);
    const { lease: _lease, ...ended } = before;
    await ssmStore().write(id, ended);
    const store = open(ssmStore());
    const first = await store.read(id);
    expect(first).toEqual({ state: ended, version: 0 });
    expect(await store.claim(id, first.version, { ...first.state, lease: leased('new').lease! })).toBe(true);
    const reads = aws.calls.filter((c) => c.operation === 'ssm.GetParameter').length;
    expect((await open(ssmStore()).read(id)).state).toMatchObject({ refusal: ended.refusal, lease: { holder: 'new' } });
    expect(aws.calls.filter((c) => c.operation === 'ssm.GetParameter')).toHaveLength(reads);
  });

  it('a damaged SSM state is damage found in the carry-over: the careful state replaces it in the table', async () => {
    const id = fresh();
    aws.ssmParameters.set(`/acme/journey-state/${id}`, { value: 'garbage', version: 4 });
    const store = open(ssmStore());
    const read = await store.read(id);
    expect(read).toMatchObject({ version: 0, damaged: expect.stringMatching(/carrying it over to DynamoDB/) });
    expect(await store.claim(id, 0, { totpStep: 5 })).toBe(true);
  });
});

describe('the SSM parameters the carry-over read: String parameters holding the device cookie in plain text', () => {
  const names = (id: string): string[] => [`/acme/journey-state/${id}`, `/acme/journey-state/${id}-lease`];
  const held = (id: string): string[] => names(id).filter((name) => aws.ssmParameters.has(name));
  const withCookie = (cookie: string): JourneyState => ({ totpStep: 4, deviceCookies: { DT: cookie } });
  const DENIED: FakeServed = {
    status: 400,
    type: 'AccessDeniedException',
    message: 'not authorized to perform: ssm:DeleteParameter',
  };
  /** `act` while the fake answers every DeleteParameter with `answer`. */
  const whileDeletesFail = async (answer: FakeServed, act: () => Promise<void>): Promise<void> => {
    serve = ({ operation }) => (operation === 'ssm.DeleteParameter' ? answer : undefined);
    try {
      await act();
    } finally {
      serve = () => undefined;
    }
  };

  it('are deleted, both, by the claim that carries their state over, and not by the read before it', async () => {
    const id = fresh();
    const old = ssmStore();
    await old.write(id, withCookie('DT-carried-over-0123456789'));
    await old.claim(id, 0, leased('old'));
    expect(held(id)).toEqual(names(id));
    const store = open(ssmStore());
    const first = await store.read(id);
    expect(held(id)).toEqual(names(id));
    expect(await store.claim(id, first.version, { ...first.state, lease: leased('new').lease! })).toBe(true);
    expect(held(id)).toEqual([]);
    const deletes = aws.calls.filter(
      (c) => c.operation === 'ssm.DeleteParameter' && names(id).includes(String(c.input.Name)),
    );
    expect(deletes).toHaveLength(2);
    // What they held is the table's now.
    expect((await open(ssmStore()).read(id)).state?.deviceCookies).toEqual({ DT: 'DT-carried-over-0123456789' });
  });

  it('a journey that never had them: the first claim finds none to delete, and succeeds', async () => {
    const id = fresh();
    expect(await open(ssmStore()).claim(id, 0, { totpStep: 1 })).toBe(true);
    const answers = aws.calls.filter(
      (c) => c.operation === 'ssm.DeleteParameter' && names(id).includes(String(c.input.Name)),
    );
    expect(answers).toHaveLength(2);
  });

  it('a delete SSM refuses fails no claim, marks the item, and a claim in another sandbox deletes them', async () => {
    const id = fresh();
    await ssmStore().write(id, withCookie('DT-refused-then-other-sandbox-0123'));
    await whileDeletesFail(DENIED, async () => {
      const first = open(ssmStore());
      const read = await first.read(id);
      expect(await first.claim(id, read.version, { ...read.state })).toBe(true);
    });
    expect(held(id)).toEqual([names(id)[0]]);
    expect(item(id)?.[JOURNEY_TABLE.ssmLeft]).toEqual({ BOOL: true });
    // A new sandbox: nothing of the first one's memory, only what the table holds.
    const second = open(ssmStore());
    const read = await second.read(id);
    expect(read.state?.deviceCookies).toEqual({ DT: 'DT-refused-then-other-sandbox-0123' });
    expect(await second.claim(id, read.version, { ...read.state })).toBe(true);
    expect(held(id)).toEqual([]);
    expect(item(id)?.[JOURNEY_TABLE.ssmLeft]).toBeUndefined();
    // Gone and unmarked: a third sandbox's claim sends no delete.
    const before = aws.calls.filter((c) => c.operation === 'ssm.DeleteParameter').length;
    const third = open(ssmStore());
    const again = await third.read(id);
    expect(await third.claim(id, again.version, { ...again.state })).toBe(true);
    expect(aws.calls.filter((c) => c.operation === 'ssm.DeleteParameter').length).toBe(before);
  });

  it('a claim whose own delete fails again keeps the mark, for the claim after it', async () => {
    const id = fresh();
    await ssmStore().write(id, withCookie('DT-refused-twice-0123456789'));
    await whileDeletesFail({ status: 500, type: 'InternalServerError', message: 'internal' }, async () => {
      for (let run = 0; run < 2; run += 1) {
        const store = open(ssmStore());
        const read = await store.read(id);
        expect(await store.claim(id, read.version, { ...read.state })).toBe(true);
        expect(item(id)?.[JOURNEY_TABLE.ssmLeft]).toEqual({ BOOL: true });
      }
    });
    expect(held(id)).toEqual([names(id)[0]]);
    const store = open(ssmStore());
    await store.write(id, { totpStep: 9 });
    expect(held(id)).toEqual([]);
    expect(item(id)?.[JOURNEY_TABLE.ssmLeft]).toBeUndefined();
  });

  it("a carry-over whose delete succeeded: its own sandbox's next claim drops the mark, sends no delete", async () => {
    const id = fresh();
    await ssmStore().write(id, withCookie('DT-deleted-at-once-0123456789'));
    const first = open(ssmStore());
    const read = await first.read(id);
    expect(await first.claim(id, read.version, { ...read.state })).toBe(true);
    expect(held(id)).toEqual([]);
    // The same sandbox knows it deleted them: its next claim drops the mark without a request.
    const count = (): number => aws.calls.filter((c) => c.operation === 'ssm.DeleteParameter').length;
    const before = count();
    await first.write(id, { totpStep: 5 });
    expect(count()).toBe(before);
    expect(item(id)?.[JOURNEY_TABLE.ssmLeft]).toBeUndefined();
  });

  it('a delete SSM refuses fails no claim, and is sent again at the next claim of the same sandbox', async () => {
    const id = fresh();
    await ssmStore().write(id, withCookie('DT-refused-delete-0123456789'));
    let refused = 0;
    serve = ({ operation }) =>
      operation === 'ssm.DeleteParameter' && refused++ < 2
        ? { status: 400, type: 'AccessDeniedException', message: 'not authorized to perform: ssm:DeleteParameter' }
        : undefined;
    try {
      const store = open(ssmStore());
      const first = await store.read(id);
      expect(await store.claim(id, first.version, { ...first.state })).toBe(true);
      expect(held(id)).toEqual([names(id)[0]]);
      expect(await store.claim(id, 1, { ...first.state })).toBe(true);
      expect(held(id)).toEqual([]);
    } finally {
      serve = () => undefined;
    }
  });

  it('the cookie reaches no log line: not the carry-over, not a damaged parameter, not a failed delete', async () => {
    const cookie = 'DT-never-in-a-log-line-0123456789';
    const written: string[] = [];
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0),
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
        vi
          .spyOn(console, level)
          .mockImplementation((...args: unknown[]) => void written.push(args.map(String).join(' '))),
      ),
    ];
    serve = ({ operation }) =>
      operation === 'ssm.DeleteParameter'
        ? { status: 500, type: 'InternalServerError', message: 'internal' }
        : undefined;
    try {
      const carried = fresh();
      await ssmStore().write(carried, withCookie(cookie));
      const store = open(ssmStore());
      const first = await store.read(carried);
      await store.claim(carried, 0, { ...first.state });
      // A damaged parameter whose garbage holds the cookie: its damage is reported by name and version only.
      const damaged = fresh();
      aws.ssmParameters.set(`/acme/journey-state/${damaged}`, {
        value: `{"deviceCookies":{"DT":"${cookie}"`,
        version: 2,
      });
      const read = await open(ssmStore()).read(damaged);
      expect(read.damaged).toMatch(/carrying it over/);
      written.push(read.damaged ?? '');
    } finally {
      serve = () => undefined;
      for (const spy of spies) spy.mockRestore();
    }
    expect(written.join('\n')).not.toContain(cookie);
    expect(written.join('\n')).not.toContain('never-in-a-log');
  });
});

describe('the loopback fake, as SSM documents DeleteParameter', () => {
  it('deletes a parameter, and answers ParameterNotFound (400) for a name that does not exist', async () => {
    const name = `/acme/journey-state/${fresh()}`;
    await ssm().send(new PutParameterCommand({ Name: name, Value: 'v', Type: 'String', Tier: 'Standard' }));
    await expect(ssm().send(new DeleteParameterCommand({ Name: name }))).resolves.toMatchObject({});
    await expect(ssm().send(new GetParameterCommand({ Name: name }))).rejects.toMatchObject({
      name: 'ParameterNotFound',
    });
    await expect(ssm().send(new DeleteParameterCommand({ Name: name }))).rejects.toMatchObject({
      name: 'ParameterNotFound',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
