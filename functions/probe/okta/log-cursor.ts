// The org's events read as Okta says a monitor reads them (shared by the log's readers: the look-up, the sign-ins,
// provisioning health): polling, following `next` links, never by since/until
// ("Don't transfer data by manually paginating using since and until, as this may lead to skipped or duplicated
// events. Instead, always follow the next links"; bounded requests "Not all events ... may be present. Some events may
// be delayed": okta-developer-docs reference/system-log-query). The `next` link a poll ends on is kept between runs
// (the kept store: an SSM parameter deployed, a file beside --history, memory otherwise), so an event Okta commits
// late is read by the next run, whatever its `published` minute. Each event is counted once: the cursor moves past
// it, and the last uuids read are kept too, for an answer that repeats one across the cursor. A `next` link carries the
// filter it was made with ("Polling requests": the link repeats the query), so a cursor is kept with a hash of its
// filter, and a reader whose filter changed (a release that reads more event types) starts again from its window.
import { createHash } from 'node:crypto';
import { KEPT_KEYS, SYSTEM_LOG } from '../../contract';
import type { KeptStore } from '../../kept-state';
import type { LogEvent } from './log-events';
import type { LogSession } from './log-session';

/** [start, end) in epoch ms: where a poll without a cursor starts (the window a run owns, or a look-back). */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/** What is kept between runs: where the next poll starts, the last uuids counted, the filter's hash, a page's size. */
interface LogCursor {
  /** Okta's `next` link; absent when only a smaller page was kept (a first page that did not arrive in time). */
  readonly next?: string;
  readonly seen: readonly string[];
  /** filterHash of the query the `next` link continues; absent in a record an earlier version kept. */
  readonly filter?: string;
  /** Events a page asks (Okta's `limit`), when fewer than SYSTEM_LOG.pageLimit. */
  readonly limit?: number;
}

/** A filter's hash, kept with its cursor: short, and never the filter itself (a kept record stays small). */
export function filterHash(filter: string): string {
  return createHash('sha256').update(filter).digest('base64url').slice(0, 16);
}

/** Uuids kept: enough for a page boundary repeated, and the record stays well inside an SSM parameter's 4 KB. */
const SEEN_KEPT = 40;

/** The kept record, checked: it is read back from a store a person or another version may have written. */
function readCursor(value: unknown): LogCursor | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.next !== undefined && (typeof v.next !== 'string' || v.next.length > 2048)) return undefined;
  const seen = Array.isArray(v.seen)
    ? v.seen.filter((u): u is string => typeof u === 'string' && u.length <= 64).slice(-SEEN_KEPT)
    : [];
  const limit =
    typeof v.limit === 'number' && Number.isInteger(v.limit) && v.limit >= SYSTEM_LOG.minPageLimit
      ? Math.min(v.limit, SYSTEM_LOG.pageLimit)
      : undefined;
  return {
    ...(typeof v.next === 'string' && { next: v.next }),
    seen,
    ...(typeof v.filter === 'string' && { filter: v.filter }),
    ...(limit !== undefined && limit < SYSTEM_LOG.pageLimit && { limit }),
  };
}

/**
 * The page size a reader asks next: half after a first page that did not arrive in time (never below
 * SYSTEM_LOG.minPageLimit), twice the last after a read that took under half its budget, else the same: a page of
 * 1,000 events of 1.7 KB and more that cannot arrive within the budget is not asked again identically every run, and a
 * size that only just arrives is kept rather than doubled into one that does not.
 */
export function nextPageLimit(limit: number, read: 'slow' | 'in time' | 'with time to spare'): number {
  if (read === 'slow') return Math.max(SYSTEM_LOG.minPageLimit, Math.floor(limit / 2));
  return read === 'in time' ? limit : Math.min(SYSTEM_LOG.pageLimit, limit * 2);
}

/** What a poll read, and the cursor it moved to, not yet kept. */
interface PolledEvents<T> {
  readonly events: T[];
  readonly resumed: boolean;
  /**
   * Keeps the cursor past these events (a failed write costs only this minute's late events: the next run starts
   * from its window again). A reader that keeps what it counted elsewhere calls it once that is written, so a failed
   * write of its own reads the events again rather than losing them.
   */
  readonly keepCursor: () => Promise<void>;
}

/**
 * The events of `filter` new since the last run, the cursor not yet kept (`keepCursor`). A run that resumes its cursor
 * counts every event Okta committed since, late ones included; one without (the first, or after the record was lost)
 * starts at the window before its own and counts those published from its window on, as the bounded read did. Null
 * when the log could not be read.
 */
export async function readNewEvents<T extends Pick<LogEvent, 'uuid' | 'published'> = LogEvent>(
  session: LogSession,
  kept: KeptStore,
  filter: string,
  window: Window,
  // Each reader of the log polls its own filter, so keeps its own cursor: a `next` link carries its query's filter.
  {
    key = KEPT_KEYS.systemLog,
    maxPages,
    readItem,
    rewindTo,
  }: {
    readonly key?: string;
    readonly maxPages?: number;
    readonly readItem?: (raw: unknown) => T | undefined;
    /**
     * Reads from this instant, past the kept cursor and its uuids (a reader judging a window a new process does not
     * hold, that applies an event read twice once); the cursor it ends on is kept only if `keepCursor` is called.
     */
    readonly rewindTo?: number;
  } = {},
): Promise<PolledEvents<T> | null> {
  const stored = await kept.read(key).then(readCursor, () => undefined);
  // A cursor of another filter (or of a version that kept none) reads another query: started again from the window.
  const hash = filterHash(filter);
  const before = stored?.filter === hash && stored.next !== undefined ? stored : undefined;
  const limit = stored?.limit ?? SYSTEM_LOG.pageLimit;
  const start = rewindTo ?? window.start;
  const since = new Date(start - 60_000).toISOString();
  const resume = rewindTo === undefined ? before?.next : undefined;
  const read = await session.poll<T>(filter, since, resume, maxPages, readItem, limit);
  if (read === null) {
    // Nothing read: where it stands is kept, with a smaller page to ask next run when the first did not arrive.
    if (session.firstPageSlow && limit > SYSTEM_LOG.minPageLimit)
      await kept
        .write(key, { ...stored, seen: stored?.seen ?? [], limit: nextPageLimit(limit, 'slow') })
        .catch(() => undefined);
    return null;
  }
  const seen = new Set(rewindTo === undefined ? (before?.seen ?? []) : []);
  const fresh = read.events.filter((e) => !seen.has(e.uuid) && (read.resumed || e.published >= start));
  const cursor = read.cursor;
  const grown = nextPageLimit(limit, session.budgetSpent < 0.5 ? 'with time to spare' : 'in time');
  const keepCursor = async (): Promise<void> => {
    if (cursor === undefined) return;
    const last = [...(before?.seen ?? []), ...read.events.map((e) => e.uuid)].slice(-SEEN_KEPT);
    const record = { next: cursor, seen: last, filter: hash, ...(grown < SYSTEM_LOG.pageLimit && { limit: grown }) };
    await kept.write(key, record).catch(() => undefined);
  };
  return { events: fresh, resumed: read.resumed, keepCursor };
}

/** The events of `filter` new since the last run, the cursor kept past them at once (readNewEvents). */
export async function pollNewEvents<T extends Pick<LogEvent, 'uuid' | 'published'> = LogEvent>(
  ...args: Parameters<typeof readNewEvents<T>>
): Promise<{ events: T[]; resumed: boolean } | null> {
  const polled = await readNewEvents<T>(...args);
  if (polled === null) return null;
  await polled.keepCursor();
  return { events: polled.events, resumed: polled.resumed };
}
