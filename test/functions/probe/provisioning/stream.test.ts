// Provisioning events from Okta's Log Streaming: the sign-ins' aggregator reduces each streamed LogEvent (EventBridge's
// `detail`) with the provisioning core's own reader, so hostile events are what they are when polled (missing
// targets skipped and counted, a reason of control characters at 255 characters only a class, an integration error
// flagged SUCCESS still a failure); users are hashed under the ledger's key exactly as the poll hashes them; the
// stored reductions are read back as hostile input; and a batch delivered twice, or to two aggregators at once,
// stores each event once.
import { describe, expect, it } from 'vitest';
import { PROVISIONING_STREAM } from '../../../../functions/contract';
import { aggregate, provisioningReader } from '../../../../functions/lambda/sign-ins-aggregator';
import {
  readProvisioningEvent,
  userHasher,
  type ProvisioningEvent,
} from '../../../../functions/probe/provisioning/events';
import { readStoredProvisioningEvent, storedProvisioningEvents } from '../../../../functions/probe/provisioning/stream';
import type { SignInTallyStore } from '../../../../functions/kept-state';
import { createMemoryKeptStore } from '../../../../functions/probe/kept-store';
import type { LogSession } from '../../../../functions/probe/okta/log-session';
import { consumeLog, tableReadStart, type LogReader } from '../../../../functions/probe/okta/log-consumer';
import { memoryTallyStore, streamMessage } from '../../../support/sign-in-stream';
import { rawEvent, T0 } from './fixtures';

const KEY = 'a streamed test key of 32 characters or more';
const read = provisioningReader(KEY);
const LOGIN = 'pat.leaver@example.com';
/** Okta's reason at its 255 characters, with a terminal escape, HTML and the user's login in it. */
const HOSTILE_REASON =
  `Unauthorized. Errors reported by remote server: \u001b[31m<b>token expired</b> (user=${LOGIN})\r\n`
    .padEnd(255, 'x')
    .slice(0, 255);

const quiet = async <T>(run: () => Promise<T>): Promise<T> => {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await run();
  } finally {
    console.log = log;
  }
};

describe('a streamed provisioning event, reduced by the aggregator', () => {
  it('keeps the class of a hostile reason, never its text, login or user id, and hashes as the poll does', () => {
    const raw = rawEvent('application.provision.user.deactivate', { result: 'FAILURE', reason: HOSTILE_REASON });
    const stored = read(raw);
    expect(stored).toMatchObject({
      action: 'deactivate',
      failed: true,
      cause: 'credential',
      appId: '0oa1snow0000000000a',
    });
    expect(stored).toEqual(readProvisioningEvent(raw, userHasher(KEY)));
    const text = JSON.stringify(stored);
    for (const secret of [LOGIN, '00u1user0000000000a', 'Unauthorized', 'token expired', '\u001b', '<b>'])
      expect(text).not.toContain(secret);
  });

  it('reads targets by type in any order, and skips an event without an app target', () => {
    const raw = rawEvent('application.provision.user.push', { result: 'FAILURE', reason: 'Bad Request' });
    const reversed = { ...raw, target: [...(raw.target as unknown[])].reverse() };
    expect(read(reversed)).toEqual(read(raw));
    expect(read({ ...raw, target: undefined })).toBe('skipped');
    expect(read({ ...raw, target: 'AppInstance' })).toBe('skipped');
    expect(read({ ...raw, published: 'yesterday' })).toBe('skipped');
  });

  it('judges an integration error failed whatever its outcome.result says', () => {
    const raw = rawEvent('application.integration.rate_limit_exceeded', { result: 'SUCCESS' });
    expect(read(raw)).toMatchObject({ failed: true, succeeded: false, cause: 'app_rate_limit', retried: true });
  });

  it('leaves sign-ins and what is no object to the sign-ins: undefined, never a crash', () => {
    expect(read({ ...rawEvent('user.session.start'), eventType: 'user.session.start' })).toBeUndefined();
    for (const hostile of [null, 7, 'x', [], { eventType: 42 }]) expect(read(hostile)).toBeUndefined();
  });
});

describe('a stored reduction, read back', () => {
  const stored = read(rawEvent('application.provision.user.deprovision', { resolution: 'Not Deprovisioned - x' }));

  it('reads back what was stored, and refuses what this code never stores', () => {
    const back = JSON.parse(JSON.stringify(stored)) as Record<string, unknown>;
    expect(readStoredProvisioningEvent(back)).toEqual(stored);
    const tampered: Record<string, unknown>[] = [
      { ...back, user: LOGIN },
      { ...back, appId: 'not an id!' },
      { ...back, eventType: 'user.session.start' },
      { ...back, failed: true, succeeded: true },
      { ...back, failed: true },
      { ...back, failed: true, cause: 'raw reason text' },
      { ...back, resolution: undefined },
      { ...back, published: '2026-03-02' },
      { ...back, uuid: 'u'.repeat(65) },
    ];
    for (const bad of tampered) expect(readStoredProvisioningEvent(bad), JSON.stringify(bad)).toBeNull();
  });

  it('derives the action from the type and cleans the label again', () => {
    const back = { ...(stored as object), action: 'assign', appLabel: 'Snow\u001b[2Jflake\n' };
    expect(readStoredProvisioningEvent(back)).toMatchObject({ action: 'deprovision', appLabel: 'Snow[2Jflake' });
  });

  it('counts what is no event, and keeps each uuid once, oldest first', () => {
    const a = read(rawEvent('application.provision.user.push', { at: T0 + 60_000 }));
    const b = read(rawEvent('application.provision.user.push', { at: T0 }));
    const { events, damaged } = storedProvisioningEvents([a, b, a, null, { eventType: 'x' }]);
    expect(events.map((e) => e.published)).toEqual([T0, T0 + 60_000]);
    expect(damaged).toBe(2);
  });
});

describe('a read of the stream that a bound stops', () => {
  const one = read(rawEvent('application.provision.user.deactivate', { at: T0 })) as Record<string, unknown>;
  const many = (n: number): unknown[] =>
    Array.from({ length: n }, (_, i) => ({
      ...one,
      uuid: `e${String(i).padStart(8, '0')}-0000-11ee-0000-000000000000`,
    }));
  /** A backfill whose log cannot be read this run: what the table gave is all the run has. */
  const noLog = {
    session: { nextPart: () => undefined, poll: () => Promise.resolve(null), partial: true } as unknown as LogSession,
    kept: createMemoryKeptStore(),
  };
  const reader: LogReader<ProvisioningEvent> = {
    name: 'provisioning-health',
    filter: 'eventType eq "application.provision.user.deactivate"',
    key: 'provisioning-cursor',
    maxPages: 1,
    windowMinutes: 60,
    maxWindowEvents: PROVISIONING_STREAM.maxEvents,
    reduce: () => undefined,
    cold: 'after-backlog',
    stream: { read: storedProvisioningEvents, floor: 'kept' },
  };
  const streamed = (stream: SignInTallyStore) =>
    consumeLog(reader, { ...noLog, stream, now: T0, lookbackMs: 3_600_000 });
  const tableOf = (items: unknown[], complete: boolean) =>
    ({ where: () => 'memory', others: () => Promise.resolve({ items, complete }) }) as unknown as SignInTallyStore;

  it('keeps the newest reductions past its count, and says it was cut', () => {
    const cut = storedProvisioningEvents(many(PROVISIONING_STREAM.maxEvents + 1));
    expect(cut.events).toHaveLength(PROVISIONING_STREAM.maxEvents);
    expect(cut.cut).toBe(true);
    expect(storedProvisioningEvents(many(3)).cut).toBe(false);
  });

  it('is never complete when the table was not read to its end or the count cut it', async () => {
    const stopped = await streamed(tableOf(many(2), false));
    expect(stopped).toMatchObject({ complete: false });
    const counted = await streamed(tableOf(many(PROVISIONING_STREAM.maxEvents + 1), true));
    expect(counted).toMatchObject({ complete: false });
  });
});

describe('where a run reads the stream from', () => {
  const now = T0;
  const keptFloor = now - PROVISIONING_STREAM.keepHours * 3_600_000;
  it('cold, the look-back, never past what the table keeps; warm, from its last read less the commit margin', () => {
    expect(tableReadStart(now, now - 2 * 3_600_000, keptFloor, undefined)).toBe(now - 2 * 3_600_000);
    expect(tableReadStart(now, now - 90 * 24 * 3_600_000, keptFloor, undefined)).toBe(
      now - PROVISIONING_STREAM.keepHours * 3_600_000,
    );
    expect(tableReadStart(now, now - 24 * 3_600_000, keptFloor, now - 60_000)).toBe(
      now - 60_000 - PROVISIONING_STREAM.lateMinutes * 60_000,
    );
    expect(tableReadStart(now, now - 24 * 3_600_000, keptFloor, now + 3_600_000)).toBe(now);
  });
});

describe('the aggregator with provisioning on', () => {
  const messages = [
    rawEvent('application.provision.user.deactivate', { result: 'FAILURE', reason: HOSTILE_REASON, at: T0 }),
    rawEvent('application.provision.user.push', { at: T0 + 1_000 }),
    rawEvent('application.integration.authentication_failure', { at: T0 + 61_000 }),
    rawEvent('application.provision.user.push', { at: T0 + 62_000 }),
  ].map((event, n) => streamMessage(event, n));
  const skippedOne = streamMessage({ ...rawEvent('application.provision.user.push'), target: [] }, 9);

  it('stores each event once when a batch comes twice, and to two aggregators at once', async () => {
    const { store } = memoryTallyStore();
    const batch = { Records: [...messages, skippedOne] };
    const now = T0 + 120_000;
    await quiet(() => Promise.all([aggregate(batch, store, now, read), aggregate(batch, store, now, read)]));
    await quiet(() => aggregate({ Records: [...messages].reverse() }, store, now, read));
    const { items } = await store.others(Math.floor(T0 / 60_000), Math.floor(now / 60_000));
    const stored = storedProvisioningEvents(items);
    expect(stored.damaged).toBe(0);
    expect(stored.events).toHaveLength(4);
    expect(JSON.stringify(await store.others(0, Math.floor(now / 60_000)))).not.toContain(LOGIN);
    // No provisioning event is a sign-in the tallies ignored.
    const { parts } = (await store.read([Math.floor(T0 / 60_000), Math.floor(T0 / 60_000) + 1])) as {
      parts: { ignored: number }[];
    };
    expect(parts.reduce((n, p) => n + p.ignored, 0)).toBe(1);
  });

  it('stores nothing of provisioning without the reader: the rule then carries none', async () => {
    const { store } = memoryTallyStore();
    await quiet(() => aggregate({ Records: messages }, store, T0 + 120_000));
    expect((await store.others(0, Math.floor((T0 + 120_000) / 60_000))).items).toEqual([]);
  });
});
