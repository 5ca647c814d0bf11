// The integration-health check as the registry runs it: the integrations' events polled through the run's log session
// (the system-log check's: one token, one request budget, one back-off at half the bucket) with one filter and a
// `next`-link cursor of its own (KEPT_KEYS.integrations), each event reduced the moment it arrives (events.ts), then
// judged over a window of INTEGRATION_HEALTH.windowMinutes (judge.ts). The window lives in the run's cache: a warm
// Lambda or a `run --every` loop judges the last hour from what it read; a process that holds no window (a cold
// Lambda, a second CLI run) reads the hour again from its start, so a hook failing before it started is not "not
// seen".
import { INTEGRATION_EVENT_FILTERS, INTEGRATION_HEALTH, KEPT_KEYS } from '../../contract';
import type { KeptStore, SignInTallyStore } from '../../kept-state';
import type { ProbeCache, ServerConfig } from '../../types';
import { defaultKeptStore } from '../kept-store';
import { readNewEvents, type Window } from '../okta/log-cursor';
import type { LogSession } from '../okta/log-session';
import { notApplicable, pass, skip, type Judged } from '../verdict';
import { isSkipped, readIntegrationEvent, type IntegrationEvent } from './events';
import { judgeIntegrations } from './judge';
import { streamedIntegrationEvents } from './sources';
import { mergedCounts } from './stream';

/** One filter a read, Okta's SCIM form (okta-developer-docs reference/system-log-query: eq, sw, or). */
export const INTEGRATION_FILTER = [
  ...INTEGRATION_EVENT_FILTERS.eq.map((t) => `eventType eq "${t}"`),
  ...INTEGRATION_EVENT_FILTERS.sw.map((t) => `eventType sw "${t}"`),
].join(' or ');

/** The cache key of the window's reduced events. */
const WINDOW_KEY = 'integration-health:window';

/** What the check reads beside the session. */
interface IntegrationsContext {
  readonly server: Pick<ServerConfig, 'integrationHealth' | 'userSignIns'>;
  readonly cache?: ProbeCache;
  readonly kept?: KeptStore;
  /** Okta's Log Streaming's table: with the org's userSignIns.eventSource, the counts come from it (sources.ts). */
  readonly tallies?: SignInTallyStore;
  now(): number;
}

/** The window's events: those kept from earlier runs still inside it, then the new ones, each uuid once, bounded. */
function windowEvents(earlier: readonly IntegrationEvent[], fresh: readonly IntegrationEvent[], start: number) {
  const byUuid = new Map<string, IntegrationEvent>();
  for (const e of [...earlier, ...fresh]) if (e.published >= start) byUuid.set(e.uuid, e);
  // Past the bound the oldest go first: the window stays the most recent events.
  return [...byUuid.values()].slice(-INTEGRATION_HEALTH.maxWindowEvents);
}

/** The events polled from the check's own cursor, the hour again in a process that holds no window; null: not read. */
async function pollEvents(
  session: LogSession,
  kept: KeptStore,
  window: Window,
  readItem: (raw: unknown) => IntegrationEvent | undefined,
  cold: boolean,
) {
  // Its own budget: the log's reads before it may have spent the first part's.
  session.nextPart();
  return readNewEvents(session, kept, INTEGRATION_FILTER, window, {
    key: KEPT_KEYS.integrations,
    maxPages: INTEGRATION_HEALTH.pagesPerRun,
    readItem,
    // A process holding no window reads the hour again: what is past the cursor alone would say "not seen".
    ...(cold && { rewindTo: window.start }),
  });
}

/** The integration-health runner, on the session the system-log check's run opened. */
export async function runIntegrationHealth(ctx: IntegrationsContext, session: LogSession): Promise<Judged> {
  if (ctx.server.integrationHealth === undefined)
    return { judgement: notApplicable('no "integrationHealth" in the config') };
  const now = ctx.now();
  const window = { start: now - INTEGRATION_HEALTH.windowMinutes * 60_000, end: now + 1 };
  const earlier = ctx.cache?.get<IntegrationEvent[]>(WINDOW_KEY, now);
  const skipped = new Map<string, number>();
  const readItem = (raw: unknown): IntegrationEvent | undefined => {
    const read = readIntegrationEvent(raw);
    if (!isSkipped(read)) return read;
    skipped.set(read.skipped, (skipped.get(read.skipped) ?? 0) + 1);
    return undefined;
  };
  const kept = ctx.kept ?? defaultKeptStore(ctx.cache);
  // With Okta's Log Streaming, the aggregator's counts, the log polled only to fill the stream's gaps (sources.ts).
  const stream = ctx.server.userSignIns?.eventSource !== undefined ? ctx.tallies : undefined;
  const polled =
    stream !== undefined
      ? await streamedIntegrationEvents(ctx.cache, stream, window, now, {
          session,
          kept,
          filter: INTEGRATION_FILTER,
          readItem,
        })
      : await pollEvents(session, kept, window, readItem, earlier === undefined);
  if (polled === null) return { judgement: skip(`system-log failed: ${session.unavailable?.code ?? 'not read'}`) };
  if ('failed' in polled) return { judgement: skip(polled.failed) };
  await polled.keepCursor?.();
  if ('damaged' in polled && polled.damaged > 0) skipped.set('stored_damaged', polled.damaged);
  const events = windowEvents(earlier ?? [], polled.events, window.start);
  ctx.cache?.set(WINDOW_KEY, events, now + INTEGRATION_HEALTH.windowMinutes * 60_000);
  // One count per minute and integration: an event the stream and the backfill both read counts once.
  const judgement = judgeIntegrations(mergedCounts(events), now);
  const observed = {
    integrationsPaging: judgement.totals.paging,
    integrationsWarning: judgement.totals.warning,
    hooksSeen: judgement.totals.hooks,
    telephonyProvidersSeen: judgement.totals.providers,
    eventsRead: polled.events.length,
    eventsInWindow: events.length,
    eventsSkipped: [...skipped.values()].reduce((n, c) => n + c, 0),
    readAll: 'complete' in polled ? polled.complete : !session.partial,
  };
  const [first, ...also] = judgement.told.map((t) => t.finding);
  const items = [...judgement.items];
  if (first === undefined) return { judgement: pass(observed), items };
  return { judgement: { diagnosis: first, ...(also.length > 0 && { also }), observed }, items };
}
