// The integration-health check as the registry runs it: the integrations' events polled through the run's log session
// (the system-log check's: one token, one request budget, one back-off at half the bucket) with one filter and a
// `next`-link cursor of its own (KEPT_KEYS.integrations), each event reduced the moment it arrives (events.ts), then
// judged over a window of INTEGRATION_HEALTH.windowMinutes (judge.ts). The window lives in the run's cache: a warm
// Lambda or a `run --every` loop judges the last hour from what it read; a process that holds no window (a cold
// Lambda, a second CLI run) reads the hour again from its start, so a hook failing before it started is not "not
// seen". Beside the events, the org's custom domains (domains.ts): read hourly at most on a token of okta.domains.read
// alone, when the server's scopes ask for it, and judged against the clock every run (domains-judge.ts).
import { INTEGRATION_EVENT_FILTERS, INTEGRATION_HEALTH, KEPT_KEYS } from '../../contract';
import type { KeptStore, SignInTallyStore } from '../../kept-state';
import type { ProbeCache, ProbeConfig, ServerConfig } from '../../types';
import type { ServerContext } from '../context';
import { defaultKeptStore } from '../kept-store';
import { readNewEvents, type Window } from '../okta/log-cursor';
import type { LogSession } from '../okta/log-session';
import { notApplicable, pass, skip, type Judged } from '../verdict';
import { isSkipped, readIntegrationEvent, type IntegrationEvent } from './events';
import { judgeIntegrations, type IntegrationJudgement } from './judge';
import { streamedIntegrationEvents } from './sources';
import { mergedCounts } from './stream';
import { withDomains } from './domains-judge';
import { domainsPart, type DomainsContext, type DomainsRead } from './domains';
import {
  judgeHookLists,
  namedFromLists,
  readHookCerts,
  readHookLists,
  simulatorHost,
  withHookFindings,
  type HookLists,
} from './hooks';

/** One filter a read, Okta's SCIM form (okta-developer-docs reference/system-log-query: eq, sw, or). */
export const INTEGRATION_FILTER = [
  ...INTEGRATION_EVENT_FILTERS.eq.map((t) => `eventType eq "${t}"`),
  ...INTEGRATION_EVENT_FILTERS.sw.map((t) => `eventType sw "${t}"`),
].join(' or ');

/** The cache key of the window's reduced events. */
const WINDOW_KEY = 'integration-health:window';

/**
 * What the check reads beside the session: the hook lists and the custom domains with the server's client, the org's
 * URL.
 */
type IntegrationsContext = DomainsContext &
  Pick<ServerContext, 'endpoints' | 'exchange' | 'credential' | 'orgServer' | 'now' | 'hookTlsTrust'> & {
    readonly server: ServerConfig;
    readonly config: Pick<ProbeConfig, 'orgUrl'>;
    readonly cache?: ProbeCache;
    readonly kept?: KeptStore;
    /** Okta's Log Streaming's table: with the org's userSignIns.eventSource, the counts come from it (sources.ts). */
    readonly tallies?: SignInTallyStore;
  };

/** The hook lists (hourly) and their endpoints' certificates, read beside the log. */
async function readHooks(ctx: IntegrationsContext, secrets: string[]) {
  const allowedHost = simulatorHost(ctx.config.orgUrl);
  const lists: HookLists = await readHookLists(ctx, secrets, allowedHost);
  const certs = await readHookCerts(lists, ctx, ctx.now(), {
    // The simulator's own listeners sign their certificates themselves: read there without NODE_EXTRA_CA_CERTS.
    ...(allowedHost !== undefined && { allowedHost, selfSignedOnAllowedHost: true }),
    ...(ctx.hookTlsTrust !== undefined && { ca: ctx.hookTlsTrust }),
  });
  return { lists, certs };
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

/** The window's events: those kept from earlier runs still inside it, then the new ones, each uuid once, bounded. */
function windowEvents(earlier: readonly IntegrationEvent[], fresh: readonly IntegrationEvent[], start: number) {
  const byUuid = new Map<string, IntegrationEvent>();
  for (const e of [...earlier, ...fresh]) if (e.published >= start) byUuid.set(e.uuid, e);
  // Past the bound the oldest go first: the window stays the most recent events.
  return [...byUuid.values()].slice(-INTEGRATION_HEALTH.maxWindowEvents);
}

/**
 * The window's new events: with Okta's Log Streaming, the aggregator's counts, the log polled only to fill the stream's
 * gaps (sources.ts); else polled from the check's own cursor.
 */
function readEvents(
  ctx: IntegrationsContext,
  session: LogSession,
  window: Window,
  readItem: (raw: unknown) => IntegrationEvent | undefined,
  cold: boolean,
) {
  const kept = ctx.kept ?? defaultKeptStore(ctx.cache);
  const stream = ctx.server.userSignIns?.eventSource !== undefined ? ctx.tallies : undefined;
  return stream !== undefined
    ? streamedIntegrationEvents(ctx.cache, stream, window, ctx.now(), {
        session,
        kept,
        filter: INTEGRATION_FILTER,
        readItem,
      })
    : pollEvents(session, kept, window, readItem, cold);
}

/** The findings as the check tells them: the first, the others beside it; none is a pass. */
function told(judgement: IntegrationJudgement, observed: Record<string, number | boolean | null>, secrets: string[]) {
  // Each finding keeps the judge's severity: a code two alarms name is counted into one of them (registry.ts).
  const [first, ...also] = judgement.told.map((t) => ({ ...t.finding, severity: t.severity }));
  const items = [...judgement.items];
  if (first === undefined) return { judgement: pass(observed), items, secrets };
  return { judgement: { diagnosis: first, ...(also.length > 0 && { also }), observed }, items, secrets };
}

/**
 * The log not read this run (throttled, refused): the hook lists, their certificates and the domains, which need no
 * log, still judged, the log's part said not read. Nothing found beside it stays a skip: unknown, never "works".
 */
function withoutLog(
  why: string,
  hooks: Awaited<ReturnType<typeof readHooks>>,
  domains: DomainsRead | undefined,
  now: number,
  secrets: string[],
): Judged {
  const at = new Date(now).toISOString();
  const logPart: IntegrationJudgement = {
    told: [],
    items: [
      {
        item:
          `System Log: not read this run (${why}): the hooks' calls, SMS, voice, e-mail, imports, rules and ` +
          'Workflows not judged',
        status: 'n/a',
        lastChecked: at,
        carried: false,
      },
    ],
    totals: { paging: 0, warning: 0, hooks: 0, providers: 0 },
  };
  const listed = judgeHookLists(hooks.lists, hooks.certs, null, now);
  const judgement = withDomains(withHookFindings(logPart, listed), domains, now);
  if (judgement.told.length === 0) return { judgement: skip(why), secrets };
  return told(
    judgement,
    {
      integrationsPaging: judgement.totals.paging,
      integrationsWarning: judgement.totals.warning,
      logRead: false,
      hooksListed: listed.listed,
      hooksSkipped: listed.skipped,
      hookHostsRead: hooks.certs.certs.size,
      customDomains: domains?.domains.length ?? null,
      domainRequests: domains?.requests ?? 0,
    },
    secrets,
  );
}

/** The integration-health runner, on the session the system-log check's run opened. */
export async function runIntegrationHealth(ctx: IntegrationsContext, session: LogSession): Promise<Judged> {
  if (ctx.server.integrationHealth === undefined)
    return { judgement: notApplicable('no "integrationHealth" in the config') };
  const now = ctx.now();
  const secrets: string[] = [];
  // The lists and handshakes go beside the log's reads: neither waits for the other.
  const hooksRead = readHooks(ctx, secrets);
  const domainsRead = domainsPart(ctx, secrets);
  const window = { start: now - INTEGRATION_HEALTH.windowMinutes * 60_000, end: now + 1 };
  const earlier = ctx.cache?.get<IntegrationEvent[]>(WINDOW_KEY, now);
  const skipped = new Map<string, number>();
  const readItem = (raw: unknown): IntegrationEvent | undefined => {
    const read = readIntegrationEvent(raw);
    if (!isSkipped(read)) return read;
    skipped.set(read.skipped, (skipped.get(read.skipped) ?? 0) + 1);
    return undefined;
  };
  const polled = await readEvents(ctx, session, window, readItem, earlier === undefined);
  const [hooks, domains] = await Promise.all([hooksRead, domainsRead]);
  if (polled === null)
    return withoutLog(`system-log failed: ${session.unavailable?.code ?? 'not read'}`, hooks, domains, now, secrets);
  if ('failed' in polled) return withoutLog(polled.failed, hooks, domains, now, secrets);
  await polled.keepCursor?.();
  if ('damaged' in polled && polled.damaged > 0) skipped.set('stored_damaged', polled.damaged);
  const events = windowEvents(earlier ?? [], polled.events, window.start);
  ctx.cache?.set(WINDOW_KEY, events, now + INTEGRATION_HEALTH.windowMinutes * 60_000);
  const seen = new Set(events.flatMap((e) => (e.k === 'hook' ? [e.hook] : [])));
  const listed = judgeHookLists(hooks.lists, hooks.certs, seen, now);
  // One count per minute and integration: an event the stream and the backfill both read counts once.
  const judgement = withDomains(
    withHookFindings(judgeIntegrations(namedFromLists(mergedCounts(events), hooks.lists), now), listed),
    domains,
    now,
  );
  const observed = {
    integrationsPaging: judgement.totals.paging,
    integrationsWarning: judgement.totals.warning,
    hooksSeen: judgement.totals.hooks,
    telephonyProvidersSeen: judgement.totals.providers,
    logRead: true,
    eventsRead: polled.events.length,
    eventsInWindow: events.length,
    eventsSkipped: [...skipped.values()].reduce((n, c) => n + c, 0),
    readAll: 'complete' in polled ? polled.complete : !session.partial,
    hooksListed: listed.listed,
    hooksSkipped: listed.skipped,
    hookHostsRead: hooks.certs.certs.size,
    customDomains: domains?.domains.length ?? null,
    domainRequests: domains?.requests ?? 0,
  };
  return told(judgement, observed, secrets);
}
