// The provisioning-health check as the registry runs it: the provisioning events polled through the run's log
// session (the system-log check's: one token, one request budget, one back-off at half the bucket) from a `next`-link
// cursor of its own (KEPT_KEYS.provisioning), each read into a keyed hash of its user and a class of its reason the
// moment it arrives (probe/provisioning); the app listing's features (provisioning-apps.ts); the open leavers kept
// across runs (the run's ProvisioningStore: a DynamoDB table deployed, a file beside --history). The pure core judges;
// this file reads, keeps and tells. A first run reads the configured hours back; every later run reads on from its
// cursor, save one in a new process, which reads the judged hour again; an event read twice changes the ledger once.
import { KEPT_KEYS, PROVISIONING, PROVISIONING_EVENT_TYPES } from '../../contract';
import type { ProbeCache, ServerConfig } from '../../types';
import type { KeptStore, ProvisioningStore, SignInTallyStore } from '../../kept-state';
import { defaultKeptStore, defaultProvisioningStore, storeFailure } from '../kept-store';
import type { ServerContext } from '../context';
import type { LogSession } from '../okta/log-session';
import {
  applyEvents,
  isSkipped,
  judgeProvisioning,
  readLedger,
  readProvisioningEvent,
  userHasher,
  type LeaverLedger,
  type ProvisioningEvent,
} from '.';
import { finding, notApplicable, skip, type Judged } from '../verdict';
import { readNewEvents, type Window } from '../okta/log-cursor';
import { provisioningApps } from './listing';
import { provisioningFilter } from './outcomes';
import { provisioningJudged } from './result';
import { provisioningStream, streamedProvisioningEvents, type StreamedEvents } from './sources';

/** One filter a read, Okta's SCIM form: the provisioning event types (outcomes.ts), joined by `or`. */
export const PROVISIONING_FILTER = provisioningFilter(PROVISIONING_EVENT_TYPES);

/** The cache key of the judged window's events. */
const WINDOW_KEY = 'provisioning-health:window';

/** What the check reads beside the session: its server's settings, the stores, the clock. */
type HealthContext = Pick<ServerContext, 'endpoints' | 'exchange' | 'credential' | 'orgServer' | 'now'> & {
  readonly server: ServerConfig;
  readonly cache?: ProbeCache;
  readonly kept?: KeptStore;
  readonly provisioning?: ProvisioningStore;
  /** Okta's Log Streaming's table: with the org's userSignIns.eventSource, the events come from it (sources.ts). */
  readonly tallies?: SignInTallyStore;
};

/** The ledger kept, as the core reads it back (bounded, checked); its entries are the apps' leavers by app id. */
async function keptLedger(store: ProvisioningStore, now: number): Promise<LeaverLedger | { damaged: string }> {
  const entries = await store.read();
  return readLedger({ version: 1, apps: Object.fromEntries(entries) }, now);
}

/** The apps whose leavers changed, and those no longer kept: only those are written. */
function changes(before: LeaverLedger, after: LeaverLedger): { changed: Map<string, unknown>; gone: string[] } {
  const changed = new Map<string, unknown>();
  for (const [id, app] of Object.entries(after.apps))
    if (JSON.stringify(before.apps[id]) !== JSON.stringify(app)) changed.set(id, app);
  return { changed, gone: Object.keys(before.apps).filter((id) => !Object.hasOwn(after.apps, id)) };
}

/** A run's new events; a polled read's cursor is kept only once the ledger is written (keepCursor). */
type NewEvents = StreamedEvents & {
  readonly keepCursor?: () => Promise<void>;
  /** The judged hour read again by a process that holds no window (judgedHour). */
  readonly hour?: ProvisioningEvent[];
};

/** Each event read into a keyed hash of its user and a class of its reason as it arrives; those skipped counted. */
function eventReader(
  hash: ReturnType<typeof userHasher>,
  skipped: Map<string, number>,
): (raw: unknown) => ProvisioningEvent | undefined {
  return (raw) => {
    const read = readProvisioningEvent(raw, hash);
    if (!isSkipped(read)) return read;
    skipped.set(read.skipped, (skipped.get(read.skipped) ?? 0) + 1);
    return undefined;
  };
}

/**
 * The run's new events: from Okta's Log Streaming's table when the org's events stream (a cold read of the table goes
 * back the look-back, the judged hour with it; the log polled from the check's cursor only to fill the stream's gaps:
 * sources.ts), else polled from the log with the check's own cursor, and the judged hour again in a process that
 * holds no window; or why none could be read.
 */
async function newEvents(
  ctx: HealthContext,
  session: LogSession,
  read: { window: Window; judged: Window; now: number; readItem: (raw: unknown) => ProvisioningEvent | undefined },
): Promise<NewEvents> {
  const stream = provisioningStream(ctx);
  const kept = ctx.kept ?? defaultKeptStore(ctx.cache);
  if (stream !== undefined) {
    const backfill = { session, kept, filter: PROVISIONING_FILTER, readItem: read.readItem };
    return streamedProvisioningEvents(ctx, stream, read.window, read.now, backfill);
  }
  // Its own budget: the reads of the log before it may have spent the first part's.
  session.nextPart();
  const options = { key: KEPT_KEYS.provisioning, maxPages: PROVISIONING.pagesPerRun, readItem: read.readItem };
  const polled = await readNewEvents(session, kept, PROVISIONING_FILTER, read.window, options);
  if (polled === null) return { failed: `system-log failed: ${session.unavailable?.code ?? 'not read'}` };
  const cold = ctx.cache?.get<ProvisioningEvent[]>(WINDOW_KEY, read.now) === undefined;
  const hour = cold ? await judgedHour(session, kept, options, read.judged, polled.resumed) : undefined;
  return { events: polled.events, hour, damaged: 0, complete: !session.partial, keepCursor: polled.keepCursor };
}

/**
 * The judged hour's events, read again by a new process (a second CLI run, a cold Lambda), which holds no window: what
 * is past the cursor alone would judge a failing app "no provisioning seen" until it fails again. A second read, its
 * cursor not kept: the cursor read before it still drains a backlog older than the hour, which this must not skip.
 * Read, not kept in the provisioning store: one bounded read on a cold start only, and no write every run. A read with
 * no cursor started at the look-back, before the hour: nothing to add.
 */
async function judgedHour(
  session: LogSession,
  kept: KeptStore,
  options: Parameters<typeof readNewEvents<ProvisioningEvent>>[4],
  judged: Window,
  resumed: boolean,
): Promise<ProvisioningEvent[]> {
  if (!resumed) return [];
  const hour = await readNewEvents(session, kept, PROVISIONING_FILTER, judged, { ...options, rewindTo: judged.start });
  return hour?.events ?? [];
}

/** The provisioning-health runner, on the session the system-log check's run opened. */
export async function runProvisioningHealth(ctx: HealthContext, session: LogSession): Promise<Judged> {
  const settings = ctx.server.provisioning;
  if (settings === undefined) return { judgement: notApplicable('no "provisioning" in the config') };
  const now = ctx.now();
  const store = ctx.provisioning ?? defaultProvisioningStore(ctx.cache);
  const secrets: string[] = [];
  let key: string;
  let kept: LeaverLedger | { damaged: string };
  try {
    key = await store.key();
    kept = await keptLedger(store, now);
  } catch (error) {
    return { judgement: skip(`${store.where()} not read (${storeFailure(error)}): provisioning not judged this run`) };
  }
  // A damaged ledger is never partly trusted nor written over: the admin is told where it is and what to do.
  if ('damaged' in kept) return damagedLedger(store, kept.damaged);
  const apps = await provisioningApps(ctx, secrets);
  if ('problem' in apps) return { judgement: { diagnosis: apps.problem, observed: {} }, secrets };
  const window = { start: now - settings.lookbackHours * 3_600_000, end: now + 1 };
  const skipped = new Map<string, number>();
  const readItem = eventReader(userHasher(key), skipped);
  const judged = { start: now - PROVISIONING.windowMinutes * 60_000, end: now + 1 };
  const polled = await newEvents(ctx, session, { window, judged, now, readItem });
  if ('failed' in polled) return { judgement: skip(polled.failed), secrets };
  if (polled.damaged > 0) skipped.set('stored_damaged', polled.damaged);
  const earlier = ctx.cache?.get<ProvisioningEvent[]>(WINDOW_KEY, now) ?? polled.hour ?? [];
  // The hour read again is applied again: an event applied twice counts once (ledger.ts).
  const ledger = applyEvents(kept, [...earlier, ...polled.events], apps.apps, now);
  // The newest kept past the bound; an event read twice (the hour and the cursor's read of it) is kept once.
  const events = [...new Map([...earlier, ...polled.events].map((e) => [e.uuid, e])).values()]
    .filter((e) => e.published >= judged.start)
    .slice(-PROVISIONING.maxWindowEvents);
  ctx.cache?.set(WINDOW_KEY, events, now + PROVISIONING.windowMinutes * 60_000);
  const judgement = judgeProvisioning({ events, apps: apps.apps, ledger, now, window: judged });
  const { changed, gone } = changes(kept, ledger);
  // The ledger first, the cursor after: a ledger not written leaves the cursor where it was, so the next run reads
  // these events again and applies them to the ledger it has (an event applied twice counts once), never losing them.
  const written = await store.write(changed, gone).then(
    async () => void (await polled.keepCursor?.()),
    (error: unknown) => `${store.where()} not written (${storeFailure(error)})`,
  );
  return provisioningJudged(judgement, {
    now,
    secrets,
    settings,
    read: {
      events: polled.events.length,
      skipped,
      complete: polled.complete,
      apps,
      written,
      ...(ledger.appsNotKept !== undefined && { appsNotKept: ledger.appsNotKept }),
    },
  });
}

/** The ledger refused: a finding that says where, and that the next run starts over only once it is removed. */
function damagedLedger(store: ProvisioningStore, why: string): Judged {
  return {
    judgement: {
      diagnosis: finding('PROVISIONING_STATE_DAMAGED', {
        detail: `${store.where()}: ${why.slice(0, 200)}; not read, not written over`,
      }),
      observed: {},
    },
  };
}
