// The one consumer of the System Log for the checks that judge a window of the org's events (real users' sign-ins,
// provisioning health, integration health): what they share lives here, and each reader states only what differs
// (its event types, its reduction, its bounds, and whether it keeps what it counted past the window). Here: the choice
// between Okta's Log Streaming and the poll, the poll from the reader's own `next`-link cursor (log-cursor.ts), the
// window kept in the run's cache, what a process holding no window reads again (cold rewind), the stream's table read
// from where this process's last read stopped with the poll as its backfill, each event once by uuid (the first copy
// kept: docs/decisions/one-log-consumer.md), and the events skipped counted by why.
import { PROVISIONING_STREAM } from '../../contract';
import type { KeptStore, SignInTallyStore } from '../../kept-state';
import type { ProbeCache, ServerConfig } from '../../types';
import { storeFailure } from '../kept-store';
import { readNewEvents, type Window } from './log-cursor';
import { firstByUuid, windowOf, type Keyed } from './log-events';
import type { LogSession } from './log-session';
import { keepWarm, readWarm, WARM, type LastBackfill } from '../warm-state';

export { firstByUuid, windowOf, type Keyed };

/** An event of the reader's types it could not read, by why (counted, never judged). */
export interface Skipped {
  readonly skipped: string;
}

/** The stream's table of this org when the reader's events come from it (the org's userSignIns.eventSource). */
export function logStream(
  server: Pick<ServerConfig, 'userSignIns'>,
  tallies: SignInTallyStore | undefined,
): SignInTallyStore | undefined {
  return server.userSignIns?.eventSource !== undefined ? tallies : undefined;
}

/** What a reader of the log states: all that differs between the readers. */
export interface LogReader<T extends Keyed> {
  /** The check's name: what its warm state is kept by (WARM.logWindow, WARM.streamRead, WARM.backfill). */
  readonly name: string;
  /** Its filter (the event types), Okta's SCIM form. */
  readonly filter: string;
  /** Its kept cursor's key (KEPT_KEYS). */
  readonly key: string;
  /** Pages a run's poll reads at most. */
  readonly maxPages: number;
  /** The judged window, in minutes, and the events it keeps at most. */
  readonly windowMinutes: number;
  readonly maxWindowEvents: number;
  /** Each raw event reduced the moment it arrives: the event kept, why it was skipped, or undefined (not counted). */
  readonly reduce: (raw: unknown) => T | Skipped | undefined;
  /**
   * What a process holding no window reads (a cold Lambda, a second CLI run): 'none', what is past the cursor only;
   * 'window', the window again from its start in place of the cursor; 'after-backlog', the cursor's read first (what
   * it counts past the window, a ledger, must not skip a backlog), then the window read again, its cursor not kept.
   */
  readonly cold: 'none' | 'window' | 'after-backlog';
  /**
   * The reader's items in the stream's table read back (each checked), when its events stream; `floor`, how far back
   * a read of the table goes: 'window', never before the poll's window; 'kept', as far as the table keeps.
   */
  readonly stream?: {
    readonly read: (items: readonly unknown[]) => { events: T[]; damaged: number; cut?: boolean };
    readonly floor: 'window' | 'kept';
  };
}

/** What a run hands the consumer: the run's log session, the stores, the clock, how far back a first poll reads. */
interface LogRun {
  readonly session: LogSession;
  readonly kept: KeptStore;
  readonly cache?: ProbeCache;
  /** The stream's table, when the reader's events come from it (logStream). */
  readonly stream?: SignInTallyStore;
  readonly now: number;
  /** How far back a poll without a cursor reads, in ms; the judged window when absent. */
  readonly lookbackMs?: number;
}

/** A run's events as the consumer read them. */
interface Consumed<T> {
  /** The events new this run (the poll's, the stream's with its backfill), each once, oldest first from the stream. */
  readonly events: T[];
  /** The window this process held before the run (the cache's), or the window read again by a cold process. */
  readonly earlier: T[];
  /** The judged window: earlier and new, each uuid once, since its start, the newest kept; kept in the cache. */
  readonly window: T[];
  readonly judged: Window;
  /** The events skipped, by why ('stored_damaged': items of the table that were no event this code stores). */
  readonly skipped: Map<string, number>;
  /** Every new event was read (the poll drained, or the table read to its end). */
  readonly complete: boolean;
  /** The poll resumed a kept cursor. */
  readonly resumed: boolean;
  /** Keeps the poll's cursor past these events; a reader that keeps what it counted calls it once that is written. */
  readonly keepCursor: () => Promise<void>;
}

/** Why no event was read: the log not read (its code, when the session has one), or neither the table nor the log. */
interface NotConsumed {
  readonly failed: string;
  readonly code?: string;
}

/** A reader's `reduce` as the poll's readItem: a skipped event counted by why, never kept. */
function counting<T extends Keyed>(
  reduce: LogReader<T>['reduce'],
  skipped: Map<string, number>,
): (raw: unknown) => T | undefined {
  return (raw) => {
    const read = reduce(raw);
    if (read === undefined || !('skipped' in read)) return read;
    skipped.set(read.skipped, (skipped.get(read.skipped) ?? 0) + 1);
    return undefined;
  };
}

/**
 * A run's events of `reader`: from the stream's table when its events stream (the poll as the backfill), else polled
 * from its own cursor; the judged window built and kept in the run's cache. The cursor is not kept (keepCursor).
 */
export async function consumeLog<T extends Keyed>(
  reader: LogReader<T>,
  run: LogRun,
): Promise<Consumed<T> | NotConsumed> {
  const { now, cache } = run;
  const windowMs = reader.windowMinutes * 60_000;
  const judged = { start: now - windowMs, end: now + 1 };
  const window = { start: now - (run.lookbackMs ?? windowMs), end: now + 1 };
  const held = readWarm(cache, WARM.logWindow<T>(), now, reader.name);
  const skipped = new Map<string, number>();
  const readItem = counting(reader.reduce, skipped);
  const read =
    run.stream !== undefined && reader.stream !== undefined
      ? await streamed(reader, reader.stream, run, run.stream, window, readItem)
      : await polled(reader, run, { window, judged, cold: held === undefined }, readItem);
  if ('failed' in read) return read;
  if (read.damaged > 0) skipped.set('stored_damaged', read.damaged);
  const earlier = held ?? read.hour ?? [];
  const events = windowOf(earlier, read.fresh, judged.start, reader.maxWindowEvents);
  keepWarm(cache, WARM.logWindow<T>(), events, now + windowMs, reader.name);
  return {
    events: read.fresh,
    earlier,
    window: events,
    judged,
    skipped,
    complete: read.complete,
    resumed: read.resumed,
    keepCursor: read.keepCursor,
  };
}

/** What one path read. */
interface Read<T> {
  readonly fresh: T[];
  readonly hour?: T[];
  readonly damaged: number;
  readonly complete: boolean;
  readonly resumed: boolean;
  readonly keepCursor: () => Promise<void>;
}

const nothingToKeep = async (): Promise<void> => undefined;

/** The reader's poll from its own cursor (or from `rewindTo`, past it); null: not read. */
function poll<T extends Keyed>(
  reader: LogReader<T>,
  run: LogRun,
  window: Window,
  readItem: (raw: unknown) => T | undefined,
  rewindTo?: number,
) {
  return readNewEvents(run.session, run.kept, reader.filter, window, {
    key: reader.key,
    maxPages: reader.maxPages,
    readItem,
    ...(rewindTo !== undefined && { rewindTo }),
  });
}

/** The log's own failure, said as the readers say it. */
function logFailed(session: LogSession): NotConsumed {
  const code = session.unavailable?.code;
  return { failed: `system-log failed: ${code ?? 'not read'}`, ...(code !== undefined && { code }) };
}

/** The poll from the reader's cursor, and what a process holding no window reads again (LogReader.cold). */
async function polled<T extends Keyed>(
  reader: LogReader<T>,
  run: LogRun,
  at: { window: Window; judged: Window; cold: boolean },
  readItem: (raw: unknown) => T | undefined,
): Promise<Read<T> | NotConsumed> {
  const rewind = at.cold && reader.cold === 'window';
  // Its own budget: the reads of the log before it may have spent the first part's.
  run.session.nextPart();
  // A process holding no window reads the window again: what is past the cursor alone would say "not seen".
  const read = await poll(reader, run, at.window, readItem, rewind ? at.window.start : undefined);
  if (read === null) return logFailed(run.session);
  const again = at.cold && reader.cold === 'after-backlog';
  const hour = again ? await windowAgain(reader, run, at.judged, read.resumed, readItem) : undefined;
  return {
    fresh: read.events,
    ...(hour !== undefined && { hour }),
    damaged: 0,
    complete: !run.session.partial,
    resumed: read.resumed,
    keepCursor: read.keepCursor,
  };
}

/**
 * The judged window's events, read again by a process that holds none, after the cursor's read (which drains a
 * backlog older than the window, which this must not skip): a second read, its cursor not kept. Read, never kept
 * elsewhere: one bounded read on a cold start only. A read with no cursor started before the window: nothing to add.
 */
async function windowAgain<T extends Keyed>(
  reader: LogReader<T>,
  run: LogRun,
  judged: Window,
  resumed: boolean,
  readItem: (raw: unknown) => T | undefined,
): Promise<T[]> {
  if (!resumed) return [];
  const again = await poll(reader, run, judged, readItem, judged.start);
  return again?.events ?? [];
}

/**
 * Where a run's read of the table starts (the minute the items arrived), epoch ms: from where this process's last
 * read stopped, less the margin of a batch that arrived before it and committed after; cold (no last read), the
 * window's start; never before `floor`, nor after now.
 */
export function tableReadStart(now: number, coldStart: number, floor: number, lastRead: number | undefined): number {
  const start = lastRead === undefined ? coldStart : lastRead - PROVISIONING_STREAM.lateMinutes * 60_000;
  return Math.max(floor, Math.min(start, now));
}

/**
 * Whether this run polls the log besides the table: at a process's first run (a deploy, a cold start: what the stream
 * lost while no probe ran), when the last backfill is PROVISIONING_STREAM.backfillEveryMinutes old, and while a gap
 * shows (the table not read, or not to its end; the last backfill not drained).
 */
function backfillDue(last: LastBackfill | undefined, tableComplete: boolean, now: number): boolean {
  if (last === undefined || !last.drained || !tableComplete) return true;
  return now - last.at >= PROVISIONING_STREAM.backfillEveryMinutes * 60_000;
}

/**
 * The reader's items the aggregator stored since this process's last read, each checked, with the backfill's polled
 * events when due (Okta's Log Streaming has no replay and deactivates a stream after two failed deliveries,
 * help.okta.com about-log-streams; a batch the aggregator failed five times is in its dead-letter queue; a read of
 * the table stops at its bounds; the System Log keeps 90 days). A run fails only when neither could be read.
 */
async function streamed<T extends Keyed>(
  reader: LogReader<T>,
  items: NonNullable<LogReader<T>['stream']>,
  run: LogRun,
  tallies: SignInTallyStore,
  window: Window,
  readItem: (raw: unknown) => T | undefined,
): Promise<Read<T> | NotConsumed> {
  const { now, cache } = run;
  const floor = items.floor === 'kept' ? now - PROVISIONING_STREAM.keepHours * 3_600_000 : window.start;
  const start = tableReadStart(now, window.start, floor, readWarm(cache, WARM.streamRead, now, reader.name));
  let table: { events: T[]; damaged: number; complete: boolean } | NotConsumed;
  try {
    const read = await tallies.others(Math.floor(start / 60_000), Math.floor(now / 60_000));
    const stored = items.read(read.items);
    // The table's Query pages, or the run's count of items, stopped the read: said, never complete.
    table = { events: stored.events, damaged: stored.damaged, complete: read.complete && stored.cut !== true };
  } catch (error) {
    table = { failed: `${tallies.where()} not read (${storeFailure(error, 'read')})` };
  }
  const keepFor = now + PROVISIONING_STREAM.keepHours * 3_600_000;
  if (!('failed' in table)) keepWarm(cache, WARM.streamRead, now, keepFor, reader.name);
  const tableComplete = !('failed' in table) && table.complete;
  const last = readWarm(cache, WARM.backfill, now, reader.name);
  if (!('failed' in table) && !backfillDue(last, tableComplete, now))
    return {
      fresh: table.events,
      damaged: table.damaged,
      complete: table.complete,
      resumed: false,
      keepCursor: nothingToKeep,
    };
  // Its own budget: the reads of the log before it may have spent the first part's.
  run.session.nextPart();
  const backfill = await poll(reader, run, window, readItem);
  if (backfill === null) {
    if ('failed' in table) return table;
    return { fresh: table.events, damaged: table.damaged, complete: false, resumed: false, keepCursor: nothingToKeep };
  }
  const drained = !run.session.partial;
  keepWarm(cache, WARM.backfill, { at: now, drained }, keepFor, reader.name);
  const stored = 'failed' in table ? { events: [], damaged: 0 } : table;
  // An event both paths read counts once (the table's copy first); the newest last, as the window's bound expects.
  const events = firstByUuid([...stored.events, ...backfill.events]).sort((a, b) => a.published - b.published);
  return {
    fresh: events,
    damaged: stored.damaged,
    // A backfill read to the log's end holds every event since its cursor, whatever the table lost.
    complete: drained || tableComplete,
    resumed: backfill.resumed,
    keepCursor: backfill.keepCursor,
  };
}
