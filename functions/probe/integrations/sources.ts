// Where a run's new integration events come from: Okta's Log Streaming when the org's sign-ins stream
// (userSignIns.eventSource, deployed: the sign-ins' aggregator stored the integrations' counts beside its minute's
// tallies, under the minute its batch arrived, stream.ts), else the System Log polled from the check's own cursor
// (run.ts). A streamed org's log is polled too, as provisioning's is (probe/provisioning/sources.ts), from the same
// cursor, for what the stream cannot give: Okta's Log Streaming has no replay and deactivates a stream after two failed
// deliveries (help.okta.com, about-log-streams), a batch the aggregator failed five times is in its dead-letter queue.
// The backfill runs at a process's first run, then every PROVISIONING_STREAM.backfillEveryMinutes, and every run
// while a gap shows (the table unreadable or not read to its end, the last backfill not read to the log's end). An
// event both paths read counts once: the judge takes, per minute and integration, the larger of the stream's count
// and the poll's (stream.ts mergedCounts).
import { INTEGRATION_HEALTH, KEPT_KEYS, PROVISIONING_STREAM } from '../../contract';
import type { KeptStore, SignInTallyStore } from '../../kept-state';
import type { ProbeCache } from '../../types';
import { storeFailure } from '../kept-store';
import { readNewEvents, type Window } from '../okta/log-cursor';
import type { LogSession } from '../okta/log-session';
import type { IntegrationEvent } from './events';
import { storedIntegrationCounts } from './stream';

/** A run's new events from the stream (the backfill's with them), and what was read; or why none were. */
type StreamedIntegrations =
  | {
      readonly events: IntegrationEvent[];
      readonly damaged: number;
      readonly complete: boolean;
      readonly keepCursor?: () => Promise<void>;
    }
  | { readonly failed: string };

/** The poll that fills the stream's gaps: the run's log session, the check's kept cursor, its filter and reader. */
interface Backfill {
  readonly session: LogSession;
  readonly kept: KeptStore;
  readonly filter: string;
  readonly readItem: (raw: unknown) => IntegrationEvent | undefined;
}

/** The cache key of where this process's last read of the stored counts stopped (epoch ms). */
const STREAM_READ_KEY = 'integration-health:stream-read';
/** The cache key of this process's last backfill: when, and whether it read to the log's end. */
const BACKFILL_KEY = 'integration-health:backfill';

interface LastBackfill {
  readonly at: number;
  readonly drained: boolean;
}

/**
 * Where a run's read of the stored counts starts (the minute they arrived), epoch ms: from where this process's last
 * read stopped, less the margin of a batch that committed late (a row read twice is one row: stream.ts); cold, the
 * judged window's start.
 */
function readStart(now: number, window: Window, lastRead: number | undefined): number {
  const start = lastRead === undefined ? window.start : lastRead - PROVISIONING_STREAM.lateMinutes * 60_000;
  return Math.max(window.start, Math.min(start, now));
}

/** Whether this run polls besides the table: a first run, an hour since the last backfill, or a gap showing. */
function backfillDue(last: LastBackfill | undefined, complete: boolean, now: number): boolean {
  if (last === undefined || !last.drained || !complete) return true;
  return now - last.at >= PROVISIONING_STREAM.backfillEveryMinutes * 60_000;
}

/** The table's counts since the last read, each row checked; or why the table was not read. */
async function readTable(tallies: SignInTallyStore, start: number, now: number) {
  try {
    const read = await tallies.others(Math.floor(start / 60_000), Math.floor(now / 60_000));
    return { ...storedIntegrationCounts(read.items), complete: read.complete };
  } catch (error) {
    return { failed: `${tallies.where()} not read (${storeFailure(error)})` };
  }
}

/**
 * The counts the aggregator stored since this process's last read, with the backfill's polled events when due. A run
 * fails only when neither the table nor the log could be read.
 */
export async function streamedIntegrationEvents(
  cache: ProbeCache | undefined,
  tallies: SignInTallyStore,
  window: Window,
  now: number,
  backfill: Backfill,
): Promise<StreamedIntegrations> {
  const table = await readTable(tallies, readStart(now, window, cache?.get<number>(STREAM_READ_KEY, now)), now);
  const keepFor = now + PROVISIONING_STREAM.keepHours * 3_600_000;
  if (!('failed' in table)) cache?.set(STREAM_READ_KEY, now, keepFor);
  const complete = !('failed' in table) && table.complete;
  if (!backfillDue(cache?.get<LastBackfill>(BACKFILL_KEY, now), complete, now)) return table;
  // Its own budget: the reads of the log before it may have spent the first part's.
  backfill.session.nextPart();
  const options = {
    key: KEPT_KEYS.integrations,
    maxPages: INTEGRATION_HEALTH.pagesPerRun,
    readItem: backfill.readItem,
  };
  const polled = await readNewEvents(backfill.session, backfill.kept, backfill.filter, window, options);
  if (polled === null) return 'failed' in table ? table : { ...table, complete: false };
  const drained = !backfill.session.partial;
  cache?.set<LastBackfill>(BACKFILL_KEY, { at: now, drained }, keepFor);
  const stored = 'failed' in table ? { events: [], damaged: 0 } : table;
  return {
    events: [...stored.events, ...polled.events],
    damaged: stored.damaged,
    // A backfill read to the log's end holds every event since its cursor, whatever the table lost.
    complete: drained || complete,
    keepCursor: polled.keepCursor,
  };
}
