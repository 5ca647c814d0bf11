// The System Log's one consumer: each uuid once with the first copy kept (the readers disagreed: integration health
// and provisioning kept the last), a process holding no window reads what its reader says it reads (nothing again,
// the window in place of the cursor, or the window after the cursor's backlog), skips counted by why, and an event
// the stream's table and the backfill both read kept once, the table's copy.
import { describe, expect, it } from 'vitest';
import type { SignInTallyStore } from '../../../../functions/kept-state';
import { createMemoryKeptStore } from '../../../../functions/probe/kept-store';
import { consumeLog, type LogReader } from '../../../../functions/probe/okta/log-consumer';
import type { LogSession } from '../../../../functions/probe/okta/log-session';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const NEXT = 'https://acme.okta.com/api/v1/logs?after=c1';

interface Ev {
  readonly uuid: string;
  readonly published: number;
  readonly copy: string;
}
const ev = (uuid: string, minutesAgo: number, copy: string) => ({ uuid, published: NOW - minutesAgo * 60_000, copy });

/** A session whose every poll answers `raws` (through the reader's readItem), and the polls it was asked. */
function sessionOf(raws: readonly unknown[]) {
  const polls: { since: string; cursor: string | undefined }[] = [];
  const session = {
    partial: false,
    budgetSpent: 0,
    firstPageSlow: false,
    unavailable: undefined,
    nextPart: () => undefined,
    poll: (_f: string, since: string, cursor: string | undefined, _p: number, readItem: (raw: unknown) => unknown) => {
      polls.push({ since, cursor });
      const events = raws.map(readItem).filter((e) => e !== undefined);
      return Promise.resolve({ events, cursor: NEXT, resumed: cursor !== undefined });
    },
  };
  return { session: session as unknown as LogSession, polls };
}

const reader = (cold: LogReader<Ev>['cold'], stream?: LogReader<Ev>['stream']): LogReader<Ev> => ({
  name: 'test-reader',
  filter: 'eventType eq "a.b"',
  key: 'test-cursor',
  maxPages: 5,
  windowMinutes: 60,
  maxWindowEvents: 100,
  reduce: (raw) => {
    const e = raw as Ev & { bad?: string };
    return e.bad !== undefined ? { skipped: e.bad } : e;
  },
  cold,
  ...(stream !== undefined && { stream }),
});

describe('the System Log consumer', () => {
  it('keeps the first copy of an event redelivered with the same uuid, in the window and across runs', async () => {
    const cache = createMemoryCache();
    const kept = createMemoryKeptStore();
    cache.set('test-reader:window', [ev('u1', 10, 'first')], NOW + 3_600_000);
    const { session } = sessionOf([ev('u1', 10, 'redelivered'), ev('u2', 5, 'first')]);
    const read = await consumeLog(reader('window'), { session, kept, cache, now: NOW });
    if ('failed' in read) throw new Error(read.failed);
    expect(read.window.map((e) => `${e.uuid}:${e.copy}`)).toEqual(['u1:first', 'u2:first']);
    expect(cache.get<Ev[]>('test-reader:window', NOW)?.map((e) => e.copy)).toEqual(['first', 'first']);
  });

  it('counts the skipped by why, and keeps in the window none of what a longer look-back read before it', async () => {
    const { session } = sessionOf([{ bad: 'no_target' }, { bad: 'no_target' }, { bad: 'other' }, ev('old', 61, 'x')]);
    const read = await consumeLog(reader('none'), {
      session,
      kept: createMemoryKeptStore(),
      now: NOW,
      lookbackMs: 7_200_000,
    });
    if ('failed' in read) throw new Error(read.failed);
    expect(Object.fromEntries(read.skipped)).toEqual({ no_target: 2, other: 1 });
    expect(read.events.map((e) => e.uuid)).toEqual(['old']);
    expect(read.window).toEqual([]);
  });

  it('reads on a cold start what its reader says: nothing, the window, or the window after the backlog', async () => {
    const polled = async (cold: LogReader<Ev>['cold']) => {
      const kept = createMemoryKeptStore();
      await kept.write('test-cursor', { next: NEXT, seen: [], filter: undefined });
      // A cursor of this filter, as a run before this process kept it.
      const first = sessionOf([ev('a', 1, 'x')]);
      const warm = await consumeLog(reader('none'), { session: first.session, kept, now: NOW - 60_000 });
      if ('failed' in warm) throw new Error(warm.failed);
      await warm.keepCursor();
      const { session, polls } = sessionOf([ev('b', 30, 'x')]);
      const read = await consumeLog(reader(cold), { session, kept, cache: createMemoryCache(), now: NOW });
      if ('failed' in read) throw new Error(read.failed);
      return {
        polls: polls.map((p) => (p.cursor === undefined ? `since ${p.since}` : 'cursor')),
        earlier: read.earlier,
      };
    };
    const windowStart = new Date(NOW - 3_600_000 - 60_000).toISOString();
    expect((await polled('none')).polls).toEqual(['cursor']);
    expect((await polled('window')).polls).toEqual([`since ${windowStart}`]);
    const again = await polled('after-backlog');
    expect(again.polls).toEqual(['cursor', `since ${windowStart}`]);
    expect(again.earlier.map((e) => e.uuid)).toEqual(['b']);
  });

  it("keeps the table's copy of an event the backfill also polled, oldest first, once", async () => {
    const table = {
      where: () => 'memory',
      others: () => Promise.resolve({ items: [ev('u2', 2, 'table'), ev('u1', 20, 'table')], complete: true }),
    } as unknown as SignInTallyStore;
    const { session, polls } = sessionOf([ev('u1', 20, 'poll'), ev('u3', 1, 'poll')]);
    const stream = {
      read: (items: readonly unknown[]) => ({ events: items as Ev[], damaged: 0 }),
      floor: 'window',
    } as const;
    const cache = createMemoryCache();
    const run = { session, kept: createMemoryKeptStore(), cache, stream: table, now: NOW };
    const read = await consumeLog(reader('window', stream), run);
    if ('failed' in read) throw new Error(read.failed);
    expect(read.events.map((e) => `${e.uuid}:${e.copy}`)).toEqual(['u1:table', 'u2:table', 'u3:poll']);
    expect(polls).toHaveLength(1);
    // Within the hour of a drained backfill, the next run reads the table alone.
    await consumeLog(reader('window', stream), { ...run, now: NOW + 60_000 });
    expect(polls).toHaveLength(1);
  });
});
