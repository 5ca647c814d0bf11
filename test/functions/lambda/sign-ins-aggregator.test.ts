// The sign-ins aggregator on Okta's Log Streaming events (the simulator's recorded shapes in EventBridge envelopes):
// tallied per minute in the polling path's own tally, so the window judged from its parts is the window judged from
// the polled records; user ids hashed, logins never stored; hostile messages counted and skipped, never a crash; a
// failed write retried as a whole batch; a batch delivered twice never counted twice.
import { describe, expect, it } from 'vitest';
import { USER_SIGN_INS } from '../../../functions/contract';
import type { SignInTallyStore } from '../../../functions/kept-state';
import { aggregate } from '../../../functions/lambda/sign-ins-aggregator';
import { signInRecord } from '../../../functions/probe/system-log/sign-in-events';
import { signInHealth, SignInTally } from '../../../functions/probe/system-log/sign-in-tally';
import { readEvents } from '../../../functions/probe/okta/log-events';
import { snapshotParts } from '../../../functions/probe/system-log/sign-in-stream';
import { oktaShaped } from '../../../sim/log-event-shape';
import { userSignInEvents } from '../../../sim/user-sign-ins';
import { heldLogLines } from '../../support/log-lines';
import { memoryTallyStore, streamBatches, streamMessage } from '../../support/sign-in-stream';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const END = T0 + USER_SIGN_INS.windowMinutes * 60_000;
const SYNTHETIC = ['portal.user@acme.example'];
const THRESHOLDS = { minEvents: USER_SIGN_INS.minEvents, failureRate: USER_SIGN_INS.failureRate };

/** A memory table with the DynamoDB store's rules (test/support/sign-in-stream.ts). */
const memoryStore = (fail?: Parameters<typeof memoryTallyStore>[0]) => memoryTallyStore(fail).store;

/** Every item of a store for the window, as text. */
async function storedText(store: SignInTallyStore): Promise<string> {
  const minutes = Array.from({ length: USER_SIGN_INS.windowMinutes + 1 }, (_, i) => Math.floor(T0 / 60_000) + i);
  const counted = await Promise.all(minutes.map((m) => store.counted(m)));
  return JSON.stringify([await store.read(minutes), counted]);
}

async function windowHealth(store: SignInTallyStore) {
  const minutes = Array.from({ length: USER_SIGN_INS.windowMinutes + 1 }, (_, i) => Math.floor(T0 / 60_000) + i);
  const tally = new SignInTally();
  for (const part of (await store.read(minutes)).parts) tally.merge(part);
  return tally.judge(THRESHOLDS);
}

describe('the sign-ins aggregator', () => {
  it('judges a failing app from the stored tallies exactly as from the polled records', async () => {
    const store = memoryStore();
    for (const batch of streamBatches('app-denied', SYNTHETIC, T0, END, 500))
      expect(await aggregate(batch, store, END)).toEqual({ batchItemFailures: [] });
    const streamed = await windowHealth(store);
    const polled = signInHealth(
      readEvents(userSignInEvents('app-denied', SYNTHETIC, T0, END)).map((e) => signInRecord(e, new Set(SYNTHETIC))),
      THRESHOLDS,
    );
    expect(streamed.failing).toBeGreaterThan(0);
    expect(streamed.subjects.filter((s) => s.verdict === 'failing').map((s) => s.label)).toEqual(
      polled.subjects.filter((s) => s.verdict === 'failing').map((s) => s.label),
    );
    expect({
      ...streamed,
      subjects: streamed.subjects.map(({ id, signIns, failures, users, failingUsers }) => ({
        id,
        signIns,
        failures,
        users,
        failingUsers,
      })),
    }).toEqual({
      ...polled,
      subjects: polled.subjects.map(({ id, signIns, failures, users, failingUsers }) => ({
        id,
        signIns,
        failures,
        users,
        failingUsers,
      })),
    });
  });

  it('stores hashed user ids and no login, e-mail or Okta user id', async () => {
    const store = memoryStore();
    const events = userSignInEvents(undefined, SYNTHETIC, T0, T0 + 60_000);
    await aggregate({ Records: events.map((e, n) => streamMessage(e, n)) }, store, END);
    const stored = await storedText(store);
    const people = events.flatMap((e) => [e.actor?.id, e.actor?.alternateId]).filter((v) => typeof v === 'string');
    expect(people.length).toBeGreaterThan(0);
    for (const who of new Set(people)) expect(stored).not.toContain(who);
  });

  it('counts hostile messages and skips them: not JSON, no detail, huge bodies, unknown types, replays', async () => {
    const store = memoryStore();
    const [good] = userSignInEvents(undefined, SYNTHETIC, T0, T0 + 60_000);
    const hostile = [
      { messageId: 'a', body: '{not json' },
      { messageId: 'b', body: JSON.stringify({ detail: null }) },
      { messageId: 'c', body: JSON.stringify({ detail: { uuid: 'x' } }) },
      { messageId: 'd', body: 'x'.repeat(300 * 1024) },
      { messageId: 'e', body: JSON.stringify([1, 2, 3]) },
      streamMessage({ ...good, uuid: 'u-unknown', eventType: 'user.account.lock' }, 6),
      streamMessage({ ...good, uuid: 'u-old', published: new Date(T0 - 86_400_000).toISOString() }, 7),
      streamMessage(good, 8),
      {
        messageId: 'f',
        body: JSON.stringify({ detail: { ...good, target: Array(100_000).fill({ type: 'AppInstance' }) } }),
      },
    ];
    const before = heldLogLines().lines.length;
    expect(await aggregate({ Records: [...hostile, { messageId: 7 } as never] }, store, T0 + 60_000)).toEqual({
      batchItemFailures: [],
    });
    const logs = heldLogLines().lines.slice(before);
    const summary = JSON.parse(logs.at(-1) ?? '{}') as Record<string, number>;
    // a to e, the body of no string, and the 2 MB target list: past EventBridge's 256 KB, no event of the bus.
    expect(summary).toMatchObject({ events: 10, malformed: 7, outOfRange: 1 });
    const health = await windowHealth(store);
    // The good event counted, the unknown type ignored.
    expect(health.ignored).toBe(1);
    expect(health.subjects.reduce((n, s) => n + s.signIns, 0)).toBe(1);
  });

  it('reports the whole batch failed when a write fails, and a redelivered batch counts nothing twice', async () => {
    const [batch] = streamBatches(undefined, SYNTHETIC, T0, T0 + 5 * 60_000);
    if (batch === undefined) throw new Error('no events');
    const failed = await aggregate(
      batch,
      memoryStore(() => true),
      END,
    );
    expect(failed.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(batch.Records.map((r) => r.messageId));
    const store = memoryStore();
    await aggregate(batch, store, END);
    const once = (await windowHealth(store)).signIns;
    await aggregate(batch, store, END);
    expect((await windowHealth(store)).signIns).toBe(once);
    expect(once).toBeGreaterThan(0);
  });

  it('counts an event Okta delivers twice once, in one batch or across two, its warnings too', async () => {
    // Okta: "Events are delivered at least once ... an event may be sent multiple times" (help.okta.com "Log
    // Streaming"). Each copy is a message of its own (its own EventBridge id), in whichever batch it lands.
    const events = userSignInEvents('one-user', SYNTHETIC, T0, T0 + 3 * 60_000).map(oktaShaped);
    const once = memoryStore();
    await aggregate({ Records: events.map((e, n) => streamMessage(e, n)) }, once, END);
    const expected = await windowHealth(once);

    const twice = memoryStore();
    const half = Math.floor(events.length / 2);
    // The first batch holds the first half and a copy of its own first event; the second holds the rest and a copy
    // of every event of the first half.
    const first = [...events.slice(0, half), events[0]].map((e, n) => streamMessage(e, n));
    const second = [...events.slice(half), ...events.slice(0, half)].map((e, n) => streamMessage(e, 100_000 + n));
    await aggregate({ Records: first }, twice, END);
    const before = heldLogLines().lines.length;
    await aggregate({ Records: second }, twice, END);
    const logs = heldLogLines().lines.slice(before);
    expect(await windowHealth(twice)).toEqual(expected);
    expect(JSON.parse(logs.at(-1) ?? '{}')).toMatchObject({ duplicates: half });
    expect(expected.signIns).toBeGreaterThan(0);
  });

  it('counts each event once when concurrent batches holding the same events all read before any writes', async () => {
    // Lambda's SQS poller hands batches to several aggregators at once (no MaximumConcurrency is set), and Okta's
    // copies of an event may land in two of them: both read the minute's commits before either has written.
    const events = userSignInEvents('one-user', SYNTHETIC, T0, T0 + 3 * 60_000).map(oktaShaped);
    const { store: once } = memoryTallyStore();
    await aggregate({ Records: events.map((e, n) => streamMessage(e, n)) }, once, END);
    const expected = await windowHealth(once);

    const { store, use } = memoryTallyStore();
    // The first reads of the minute's commits answer only once every batch has read: none has written yet.
    const waiting: (() => void)[] = [];
    const slow: SignInTallyStore = {
      ...store,
      counted: (minute) =>
        waiting.length < 3 * minutes
          ? new Promise((done) => {
              waiting.push(() => done(store.counted(minute)));
              if (waiting.length === 3 * minutes) for (const answer of waiting) answer();
            })
          : store.counted(minute),
    };
    const minutes = new Set(events.map((e) => Math.floor(Date.parse(String(e.published)) / 60_000))).size;
    const copies = [0, 1, 2].map((copy) => ({
      Records: events.map((e, n) => streamMessage(e, copy * 100_000 + n)),
    }));
    const answers = await Promise.all(copies.map((batch) => aggregate(batch, slow, END)));
    expect(answers).toEqual(copies.map(() => ({ batchItemFailures: [] })));
    expect(use.conflicts).toBeGreaterThan(0);
    expect(await windowHealth(store)).toEqual(expected);
    expect(expected.signIns).toBeGreaterThan(0);
  });

  it('counts each event once when a write of its uuids fails and SQS delivers its messages anew', async () => {
    // A failed batch is reported whole; SQS delivers its messages again, not the batch: they come back mixed into
    // other batches (Lambda developer guide, "Using Lambda with Amazon SQS"). A commit is all or nothing, so the
    // tallies of a minute whose uuids were not written were not written either.
    const events = userSignInEvents('one-user', SYNTHETIC, T0, T0 + 4 * 60_000).map(oktaShaped);
    const { store: once } = memoryTallyStore();
    await aggregate({ Records: events.map((e, n) => streamMessage(e, n)) }, once, END);
    const expected = await windowHealth(once);

    let failures = 1;
    // The first commit holding more than one event fails, as a throttled TransactWriteItems does.
    const { store } = memoryTallyStore((_, uuids) => uuids > 1 && failures-- > 0);
    const first = { Records: events.map((e, n) => streamMessage(e, n)) };
    const answer = await aggregate(first, store, END);
    expect(answer.batchItemFailures).toHaveLength(events.length);
    // Redelivered as two new batches, the messages in another order and grouping.
    const messages = [...first.Records].reverse();
    const half = Math.floor(messages.length / 2);
    for (const records of [messages.slice(0, half), messages.slice(half)])
      expect(await aggregate({ Records: records }, store, END)).toEqual({ batchItemFailures: [] });
    expect(await windowHealth(store)).toEqual(expected);
    expect(expected.signIns).toBeGreaterThan(0);
  });

  it('fails the batch, writing nothing, when a minute stays contended or its head was forged', async () => {
    const events = userSignInEvents(undefined, SYNTHETIC, T0, T0 + 60_000).map(oktaShaped);
    const batch = { Records: events.map((e, n) => streamMessage(e, n)) };
    const { store } = memoryTallyStore();
    const contended: SignInTallyStore = { ...store, commit: () => Promise.resolve('conflict') };
    expect((await aggregate(batch, contended, END)).batchItemFailures).toHaveLength(events.length);
    const forged: SignInTallyStore = {
      ...store,
      counted: () => Promise.resolve({ version: -1, uuids: [], complete: true }),
    };
    expect((await aggregate(batch, forged, END)).batchItemFailures).toHaveLength(events.length);
    expect(await storedText(store)).not.toContain('signIns');
  });

  it('says so when it holds 200,000 uuids of earlier commits and leaves the rest of the minute unread', async () => {
    // A flood, or a table someone else filled: past the bound a copy of an event the unread uuids counted counts again.
    const events = userSignInEvents(undefined, SYNTHETIC, T0, T0 + 60_000).map(oktaShaped);
    const { store } = memoryTallyStore();
    const flooded: SignInTallyStore = {
      ...store,
      counted: () =>
        Promise.resolve({
          version: 0,
          uuids: [Array.from({ length: 200_001 }, (_, n) => `h${n.toString(36)}`)],
          complete: true,
        }),
    };
    const before = heldLogLines().lines.length;
    await aggregate({ Records: events.map((e, n) => streamMessage(e, n)) }, flooded, END);
    const logs = heldLogLines().lines.slice(before);
    expect(JSON.parse(logs.at(-1) ?? '{}')).toMatchObject({ countedInPart: 1 });
    expect(logs.some((line) => line.includes('"WARN"'))).toBe(true);
  });

  it('cuts a minute too big for one item into parts that merge back to the same tally', () => {
    const tally = new SignInTally();
    for (let i = 0; i < 5000; i += 1)
      tally.add({
        uuid: `u${i}`,
        published: T0,
        subject: 'app',
        id: '0oa1',
        label: 'Workday',
        user: `user-${i}`,
        ok: i % 3 !== 0,
        ...(i % 3 === 0 && { failure: { kind: 'policy', reason: 'DENY' } as const }),
      });
    const parts = snapshotParts(tally.snapshot(), 20_000);
    expect(parts.length).toBeGreaterThanOrEqual(5);
    for (const part of parts) expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThanOrEqual(20_000);
    const merged = new SignInTally();
    for (const part of parts) merged.merge(JSON.parse(JSON.stringify(part)));
    expect(merged.judge(THRESHOLDS)).toEqual(tally.judge(THRESHOLDS));
  });
});
