// Where a run's new provisioning events come from: Okta's Log Streaming when the org's sign-ins stream
// (userSignIns.eventSource, deployed: the sign-ins' aggregator stored each provisioning event's reduction beside its
// minute's tallies, under the minute its batch arrived, stream.ts), else the System Log polled from the check's own
// cursor. A streamed org's log is polled too, as a backfill from the same cursor, for what the stream cannot give:
// Okta's Log Streaming has no replay and deactivates a stream after two failed deliveries (help.okta.com,
// about-log-streams), a batch the aggregator failed five times is in its dead-letter queue, and a read of the table
// stops at its bounds; the System Log keeps 90 days. The backfill runs at a process's first run, then every
// PROVISIONING_STREAM.backfillEveryMinutes, and every run while a gap shows; an event both paths read counts once
// (the ledger and the judge count by uuid).
import { KEPT_KEYS, PROVISIONING, PROVISIONING_STREAM } from '../../contract';
import type { KeptStore, SignInTallyStore } from '../../kept-state';
import type { ProbeCache, ServerConfig } from '../../types';
import { storeFailure } from '../kept-store';
import { readNewEvents, type Window } from '../okta/log-cursor';
import type { LogSession } from '../okta/log-session';
import type { ProvisioningEvent } from './events';
import { storedProvisioningEvents, streamReadStart } from './stream';

/** What the stream's reader reads beside the table. */
interface SourceContext {
  readonly server: ServerConfig;
  readonly cache?: ProbeCache;
  /** The sign-ins' table of Okta's Log Streaming, deployed with userSignIns.eventSource. */
  readonly tallies?: SignInTallyStore;
}

/** The poll that fills the stream's gaps: the run's log session, the check's kept cursor, its filter and reader. */
interface Backfill {
  readonly session: LogSession;
  readonly kept: KeptStore;
  readonly filter: string;
  readonly readItem: (raw: unknown) => ProvisioningEvent | undefined;
}

/**
 * A run's streamed events (the backfill's with them), the stored items that were no event (counted as skipped),
 * whether all were read, and the backfill's cursor to keep once the ledger is written; or why none were read.
 */
export type StreamedEvents =
  | {
      readonly events: ProvisioningEvent[];
      readonly damaged: number;
      readonly complete: boolean;
      readonly keepCursor?: () => Promise<void>;
    }
  | { readonly failed: string };

/** The cache key of where this process's last read of the streamed events stopped (epoch ms). */
const STREAM_READ_KEY = 'provisioning-health:stream-read';
/** The cache key of this process's last backfill: when, and whether it read to the log's end. */
const BACKFILL_KEY = 'provisioning-health:backfill';

/** This process's last backfill. */
interface LastBackfill {
  readonly at: number;
  readonly drained: boolean;
}

/** The stream's table when this run's provisioning events come from it (the org's events stream, deployed). */
export function provisioningStream(ctx: SourceContext): SignInTallyStore | undefined {
  return ctx.server.userSignIns?.eventSource !== undefined ? ctx.tallies : undefined;
}

/** The table's reductions since the last read, each checked, and whether every one was read; or why it was not. */
async function readTable(
  tallies: SignInTallyStore,
  start: number,
  now: number,
): Promise<{ events: ProvisioningEvent[]; damaged: number; complete: boolean } | { failed: string }> {
  try {
    const read = await tallies.others(Math.floor(start / 60_000), Math.floor(now / 60_000));
    const stored = storedProvisioningEvents(read.items);
    // The table's Query pages an hour, or the run's count of reductions, stopped the read: said, never complete.
    return { events: stored.events, damaged: stored.damaged, complete: read.complete && !stored.cut };
  } catch (error) {
    return { failed: `${tallies.where()} not read (${storeFailure(error)})` };
  }
}

/**
 * Whether this run polls the log besides the table: at a process's first run (a deploy, a cold start: what the stream
 * lost while no probe ran), when the last backfill is PROVISIONING_STREAM.backfillEveryMinutes old, and while a gap
 * shows (the table not read, or not to its end; the last backfill not drained).
 */
function backfillDue(last: LastBackfill | undefined, table: { complete: boolean } | { failed: string }, now: number) {
  if (last === undefined || !last.drained || 'failed' in table || !table.complete) return true;
  return now - last.at >= PROVISIONING_STREAM.backfillEveryMinutes * 60_000;
}

/**
 * The reductions the aggregator stored since this process's last read (less the commit margin), or from the window's
 * start cold (the configured look-back, bounded by what the table keeps), each checked, each uuid once; with the
 * backfill's polled events when due. A run skips only when neither the table nor the log could be read.
 */
export async function streamedProvisioningEvents(
  ctx: SourceContext,
  tallies: SignInTallyStore,
  window: Window,
  now: number,
  backfill: Backfill,
): Promise<StreamedEvents> {
  const lookbackHours = (now - window.start) / 3_600_000;
  const start = streamReadStart(now, lookbackHours, ctx.cache?.get<number>(STREAM_READ_KEY, now));
  const table = await readTable(tallies, start, now);
  const keepFor = now + PROVISIONING_STREAM.keepHours * 3_600_000;
  if (!('failed' in table)) ctx.cache?.set(STREAM_READ_KEY, now, keepFor);
  if (!backfillDue(ctx.cache?.get<LastBackfill>(BACKFILL_KEY, now), table, now)) return table;
  // Its own budget: the reads of the log before it may have spent the first part's.
  backfill.session.nextPart();
  const options = { key: KEPT_KEYS.provisioning, maxPages: PROVISIONING.pagesPerRun, readItem: backfill.readItem };
  const polled = await readNewEvents(backfill.session, backfill.kept, backfill.filter, window, options);
  if (polled === null) return 'failed' in table ? table : { ...table, complete: false };
  const drained = !backfill.session.partial;
  ctx.cache?.set<LastBackfill>(BACKFILL_KEY, { at: now, drained }, keepFor);
  const stored = 'failed' in table ? { events: [], damaged: 0, complete: false } : table;
  const events = [...new Map([...polled.events, ...stored.events].map((e) => [e.uuid, e])).values()];
  return {
    events: events.sort((a, b) => a.published - b.published),
    damaged: stored.damaged,
    // A backfill read to the log's end holds every event since its cursor, whatever the table lost.
    complete: drained || stored.complete,
    keepCursor: polled.keepCursor,
  };
}
