// The provisioning-health check as the registry runs it: the provisioning events polled through the run's log
// session (the system-log check's: one token, one request budget, one back-off at half the bucket) from a `next`-link
// cursor of its own (KEPT_KEYS.provisioning), each read into a keyed hash of its user and a class of its reason the
// moment it arrives (probe/provisioning); the app listing's features (provisioning-apps.ts); the open leavers kept
// across runs (the run's ProvisioningStore: a DynamoDB table deployed, a file beside --history). The pure core judges;
// this file reads, keeps and tells. A first run reads the configured hours back; every later run reads on from its
// cursor, save one in a new process, which reads the judged hour again; an event read twice changes the ledger once.
// The reading, the window, the stream's table and its backfill are the log's one consumer's (okta/log-consumer.ts).
import { KEPT_KEYS, PROVISIONING, PROVISIONING_EVENT_TYPES } from '../../contract';
import type { ProbeCache, ServerConfig } from '../../types';
import type { KeptStore, ProvisioningStore, SignInTallyStore } from '../../kept-state';
import { defaultKeptStore, defaultProvisioningStore, storeFailure } from '../kept-store';
import type { ServerContext } from '../context';
import type { LogSession } from '../okta/log-session';
import {
  applyEvents,
  judgeProvisioning,
  readLedger,
  readProvisioningEvent,
  userHasher,
  type LeaverLedger,
  type ProvisioningEvent,
} from '.';
import { finding, notApplicable, skip, type Judged } from '../verdict';
import { consumeLog, logStream, type LogReader } from '../okta/log-consumer';
import { provisioningApps } from './listing';
import { provisioningFilter } from './outcomes';
import { provisioningJudged } from './result';
import { storedProvisioningEvents } from './stream';

/** One filter a read, Okta's SCIM form: the provisioning event types (outcomes.ts), joined by `or`. */
export const PROVISIONING_FILTER = provisioningFilter(PROVISIONING_EVENT_TYPES);

/** What the check reads beside the session: its server's settings, the stores, the clock. */
type HealthContext = Pick<ServerContext, 'endpoints' | 'exchange' | 'credential' | 'orgServer' | 'now'> & {
  readonly server: ServerConfig;
  readonly cache?: ProbeCache;
  readonly kept?: KeptStore;
  readonly provisioning?: ProvisioningStore;
  /** Okta's Log Streaming's table: with the org's userSignIns.eventSource, the events come from it. */
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

/** Provisioning health as the log's one consumer reads it: its types, its reduction, its bounds, its table's items. */
function provisioningReader(hash: ReturnType<typeof userHasher>): LogReader<ProvisioningEvent> {
  return {
    name: 'provisioning-health',
    filter: PROVISIONING_FILTER,
    key: KEPT_KEYS.provisioning,
    maxPages: PROVISIONING.pagesPerRun,
    windowMinutes: PROVISIONING.windowMinutes,
    maxWindowEvents: PROVISIONING.maxWindowEvents,
    // Each event read into a keyed hash of its user and a class of its reason as it arrives.
    reduce: (raw) => readProvisioningEvent(raw, hash),
    // The ledger counts what is past the window: a cold process drains the cursor first, then reads the hour again.
    cold: 'after-backlog',
    // A cold read of the table goes back the look-back, as far as the table keeps (the ledger's events with it).
    stream: { read: storedProvisioningEvents, floor: 'kept' },
  };
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
    return {
      judgement: skip(`${store.where()} not read (${storeFailure(error, 'read')}): provisioning not judged this run`),
    };
  }
  // A damaged ledger is never partly trusted nor written over: the admin is told where it is and what to do.
  if ('damaged' in kept) return damagedLedger(store, kept.damaged);
  const apps = await provisioningApps(ctx, secrets);
  if ('problem' in apps) return { judgement: { diagnosis: apps.problem, observed: {} }, secrets };
  // The run's new events: from Okta's Log Streaming's table when the org's events stream (the log polled from the
  // check's cursor to fill the stream's gaps), else polled from the check's own cursor (okta/log-consumer.ts).
  const stream = logStream(ctx.server, ctx.tallies);
  const polled = await consumeLog(provisioningReader(userHasher(key)), {
    session,
    kept: ctx.kept ?? defaultKeptStore(ctx.cache),
    ...(ctx.cache !== undefined && { cache: ctx.cache }),
    ...(stream !== undefined && { stream }),
    now,
    lookbackMs: settings.lookbackHours * 3_600_000,
  });
  if ('failed' in polled) return { judgement: skip(polled.failed), secrets };
  const { window: events, judged, skipped } = polled;
  // The hour read again is applied again: an event applied twice counts once (ledger.ts).
  const ledger = applyEvents(kept, [...polled.earlier, ...polled.events], apps.apps, now);
  const judgement = judgeProvisioning({ events, apps: apps.apps, ledger, now, window: judged });
  const { changed, gone } = changes(kept, ledger);
  // The ledger first, the cursor after: a ledger not written leaves the cursor where it was, so the next run reads
  // these events again and applies them to the ledger it has (an event applied twice counts once), never losing them.
  const written = await store.write(changed, gone).then(
    async () => void (await polled.keepCursor()),
    (error: unknown) => `${store.where()} not written (${storeFailure(error, 'write')})`,
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
