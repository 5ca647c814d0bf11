// Okta's Log Streaming end to end, against the loopback AWS fake: the simulated org's events, an app's sign-on policy
// refusing a share of its people, go through the aggregator in SQS batches into the tallies table (DynamoDB PutItem,
// held to its 400 KB item limit), and the user-sign-ins check, with userSignIns.eventSource, judges the failing app
// from the window's tallies (a Query per minute) without one request to Okta's System Log.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_SIGN_INS } from '../../../../functions/contract';
import { createDynamoSignInTallyStore } from '../../../../functions/lambda/sign-in-tallies-dynamodb';
import { aggregate } from '../../../../functions/lambda/sign-ins-aggregator';
import type { LogSession } from '../../../../functions/probe/okta/log-session';
import { runUserSignIns } from '../../../../functions/probe/system-log/user-sign-ins';
import { SIM_USER_APPS } from '../../../../sim/user-sign-ins';
import { fakeClientConfig, startAwsFake, type AwsFake } from '../../../support/aws-fake';
import { heldLogLines } from '../../../support/log-lines';
import { EVENT_SOURCE, streamBatches } from '../../../support/sign-in-stream';

const TABLE = 'okta-synthetics-sign-in-tallies';
const NOW = Date.parse('2026-11-25T10:15:30Z');
const SYNTHETIC = ['portal.user@acme.example'];

let aws: AwsFake;
beforeAll(async () => {
  aws = await startAwsFake();
});
afterAll(async () => {
  await aws.close();
});

/** A log session the streamed check must never touch: any use of it is a request to Okta. */
const noSession = new Proxy({} as LogSession, {
  get: (_, name) => {
    throw new Error(`the streamed check used the System Log session (${String(name)})`);
  },
});

const settings = {
  minEvents: USER_SIGN_INS.minEvents,
  failureRate: USER_SIGN_INS.failureRate,
  eventSource: EVENT_SOURCE,
};

describe("Okta's Log Streaming, aggregated and judged", () => {
  it('finds the app whose policy refuses people from the tallies the aggregator wrote', async () => {
    const client = () => new DynamoDBClient(fakeClientConfig(aws));
    const since = NOW - USER_SIGN_INS.windowMinutes * 60_000;
    for (const batch of streamBatches('app-denied', SYNTHETIC, since, NOW, 2_000))
      expect(await aggregate(batch, createDynamoSignInTallyStore(TABLE, { client: client() }), NOW)).toEqual({
        batchItemFailures: [],
      });
    const written = aws.calls.filter((c) => c.operation === 'dynamodb.TransactWriteItems');
    expect(written.length).toBeGreaterThan(USER_SIGN_INS.windowMinutes);
    expect(JSON.stringify(written)).not.toContain('@acme.example');

    const queried = aws.calls.filter((c) => c.operation === 'dynamodb.Query').length;
    const judged = await runUserSignIns(
      {
        server: { userSignIns: settings },
        config: { signIn: [] },
        tallies: createDynamoSignInTallyStore(TABLE, { client: client() }),
        now: () => NOW,
      },
      noSession,
    );
    const judgement = judged.judgement as { diagnosis?: { code: string; detail?: string } };
    expect(judgement.diagnosis?.code).toBe('USER_SIGN_INS_APP_FAILING');
    const names = SIM_USER_APPS.map((app) => app.label);
    expect(names.some((label) => judgement.diagnosis?.detail?.includes(label))).toBe(true);
    const queries = aws.calls.filter((c) => c.operation === 'dynamodb.Query');
    expect(queries).toHaveLength(queried + USER_SIGN_INS.windowMinutes);
  });

  it('counts the copies of events Okta delivers again, in later batches, once', async () => {
    const table = `${TABLE}-copies`;
    const client = () => new DynamoDBClient(fakeClientConfig(aws));
    const since = NOW - 5 * 60_000;
    const judge = async (t: string) =>
      runUserSignIns(
        {
          server: { userSignIns: settings },
          config: { signIn: [] },
          tallies: createDynamoSignInTallyStore(t, { client: client() }),
          now: () => NOW,
        },
        noSession,
      );
    const batches = streamBatches('app-denied', SYNTHETIC, since, NOW, 500);
    for (const batch of batches)
      await aggregate(batch, createDynamoSignInTallyStore(TABLE + '-once', { client: client() }), NOW);
    // Every batch twice, each copy a message of its own (new ids), as Okta's retries arrive.
    const copies = batches.map((b) => ({
      Records: b.Records.map((r) => ({ ...r, messageId: `copy-${r.messageId}` })),
    }));
    for (const batch of [...batches, ...copies])
      await aggregate(batch, createDynamoSignInTallyStore(table, { client: client() }), NOW);
    expect((await judge(table)).judgement).toEqual((await judge(TABLE + '-once')).judgement);
  });

  it('counts each event once under concurrent batches and a failed write of the counted uuids', async () => {
    // Lambda's SQS poller runs several batches at once, and a batch that fails comes back as its messages in new
    // groupings (Lambda developer guide, "Using Lambda with Amazon SQS"); DynamoDB writes a TransactWriteItems whole
    // or not at all (API reference, TransactWriteItems). The first request that writes into a minute's counted uuids
    // fails, as a throttled write does, whatever else it carries.
    let failures = 1;
    const writesCounted = (input: Record<string, unknown>): boolean =>
      JSON.stringify(input.Item ?? input.TransactItems ?? '').includes('#counted');
    const faulty = await startAwsFake({
      serve: ({ operation, input }) =>
        (operation === 'dynamodb.PutItem' || operation === 'dynamodb.TransactWriteItems') &&
        writesCounted(input) &&
        failures-- > 0
          ? { status: 400, type: 'ProvisionedThroughputExceededException', message: 'Rate of requests exceeds' }
          : undefined,
    });
    try {
      const since = NOW - 5 * 60_000;
      const judge = async (fake: AwsFake, t: string) =>
        runUserSignIns(
          {
            server: { userSignIns: settings },
            config: { signIn: [] },
            tallies: createDynamoSignInTallyStore(t, { client: new DynamoDBClient(fakeClientConfig(fake)) }),
            now: () => NOW,
          },
          noSession,
        );
      const [all] = streamBatches('app-denied', SYNTHETIC, since, NOW, 100_000);
      if (all === undefined) throw new Error('no events');
      await aggregate(
        all,
        createDynamoSignInTallyStore(`${TABLE}-exact`, { client: new DynamoDBClient(fakeClientConfig(aws)) }),
        NOW,
      );
      const expected = (await judge(aws, `${TABLE}-exact`)).judgement;

      const table = `${TABLE}-concurrent`;
      const store = () => createDynamoSignInTallyStore(table, { client: new DynamoDBClient(fakeClientConfig(faulty)) });
      // Three batches at once, each holding every event (Okta's copies, each a message of its own).
      const copies = [0, 1, 2].map((copy) => ({
        Records: all.Records.map((r) => ({ ...r, messageId: `c${copy}-${r.messageId}` })),
      }));
      const answers = await Promise.all(copies.map((batch) => aggregate(batch, store(), NOW)));
      const failed = answers.flatMap((a) => a.batchItemFailures.map((f) => f.itemIdentifier));
      expect(failed.length).toBeGreaterThan(0);
      // The failed batch's messages again, in two new batches of another order.
      const again = copies
        .flatMap((b) => b.Records)
        .filter((r) => failed.includes(r.messageId))
        .reverse();
      for (const records of [again.slice(0, 700), again.slice(700)])
        expect(await aggregate({ Records: records }, store(), NOW)).toEqual({ batchItemFailures: [] });
      expect((await judge(faulty, table)).judgement).toEqual(expected);
      expect(faulty.calls.some((c) => c.operation === 'dynamodb.TransactWriteItems')).toBe(true);
    } finally {
      await faulty.close();
    }
  });

  it('tells its counts as floors when a minute holds more pages than one read takes', async () => {
    // Pages of about one item: the window's busiest minutes pass the store's 20 pages, as a minute of far more
    // sign-ins than a 1 MB page holds would in DynamoDB.
    const small = await startAwsFake({ dynamoPageBytes: 1 });
    try {
      const client = () => new DynamoDBClient(fakeClientConfig(small));
      // Two minutes of the app's traffic, in batches of 3 events: more commits, so more parts, to a minute than 20.
      for (const batch of streamBatches('app-denied', SYNTHETIC, NOW - 2 * 60_000, NOW, 3))
        await aggregate(batch, createDynamoSignInTallyStore(TABLE, { client: client() }), NOW);
      const store = createDynamoSignInTallyStore(TABLE, { client: client() });
      const minutes = Array.from({ length: USER_SIGN_INS.windowMinutes }, (_, i) => Math.floor(NOW / 60_000) - i);
      expect((await store.read(minutes)).complete).toBe(false);
      const judged = await runUserSignIns(
        { server: { userSignIns: settings }, config: { signIn: [] }, tallies: store, now: () => NOW },
        noSession,
      );
      expect(judged.judgement).toMatchObject({ observed: { readAll: false } });
      expect(JSON.stringify(judged)).toContain('the window was read in part');
      expect(judged.items?.every((i) => i.item.includes('at least'))).toBe(true);
    } finally {
      await small.close();
    }
  });

  it("says so when a minute's earlier commits are more pages than one read takes: copies may count twice", async () => {
    // Pages of one item: a minute of more commits than the store's 20 pages, as a minute of far more commits than a
    // 1 MB page holds would be in DynamoDB. The commits past the bound are not read, so Okta's copies of their events
    // are not known as copies: the aggregator must say so rather than count them again in silence.
    const small = await startAwsFake({ dynamoPageBytes: 1 });
    const table = `${TABLE}-counted-pages`;
    let before: number;
    try {
      const store = () => createDynamoSignInTallyStore(table, { client: new DynamoDBClient(fakeClientConfig(small)) });
      const minute = Math.floor(NOW / 60_000) - 2;
      // 22 commits of an event each: the head and 22 items, past 20 pages.
      const batches = streamBatches(undefined, SYNTHETIC, minute * 60_000, (minute + 1) * 60_000, 1).slice(0, 22);
      expect(batches).toHaveLength(22);
      for (const batch of batches) await aggregate(batch, store(), NOW);
      expect((await store().counted(minute)).complete).toBe(false);
      before = heldLogLines().lines.length;
      const copies = batches.flatMap((b) => b.Records.map((r) => ({ ...r, messageId: `copy-${r.messageId}` })));
      expect(await aggregate({ Records: copies }, store(), NOW)).toEqual({ batchItemFailures: [] });
    } finally {
      await small.close();
    }
    const lines = heldLogLines()
      .lines.slice(before)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ level: 'INFO', countedInPart: 1 });
    // What it warns of: fewer copies known as copies than the batch held.
    expect(Number(lines.at(-1)?.duplicates)).toBeLessThan(22);
    expect(lines.some((l) => l.level === 'WARN' && String(l.message).includes('read in part'))).toBe(true);
  });

  it('skips, saying where, when the table cannot be read, and never polls instead', async () => {
    const client = new DynamoDBClient({ ...fakeClientConfig(aws), endpoint: 'http://127.0.0.1:9' });
    const judged = await runUserSignIns(
      {
        server: { userSignIns: settings },
        config: {},
        tallies: createDynamoSignInTallyStore(TABLE, { client: client }),
        now: () => NOW,
      },
      noSession,
    );
    expect(judged.judgement).toMatchObject({ notRun: 'skip' });
    expect(JSON.stringify(judged.judgement)).toContain(`the DynamoDB table ${TABLE}`);
  });
});
