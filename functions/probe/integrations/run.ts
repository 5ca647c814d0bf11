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
import { consumeLog, logStream, type LogReader } from '../okta/log-consumer';
import type { LogSession } from '../okta/log-session';
import { notApplicable, pass, skip, type Judged } from '../verdict';
import { readIntegrationEvent, type IntegrationEvent } from './events';
import { judgeIntegrations, type IntegrationJudgement } from './judge';
import { mergedCounts, storedIntegrationCounts } from './stream';
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

/**
 * What the check reads beside the session: the hook lists and the custom domains with the server's client, the org's
 * URL.
 */
type IntegrationsContext = DomainsContext &
  Pick<ServerContext, 'endpoints' | 'exchange' | 'credential' | 'orgServer' | 'now' | 'hookTlsTrust' | 'ownNetwork'> & {
    readonly server: ServerConfig;
    readonly config: Pick<ProbeConfig, 'orgUrl'>;
    readonly cache?: ProbeCache;
    readonly kept?: KeptStore;
    /** Okta's Log Streaming's table: with the org's userSignIns.eventSource, the counts come from it. */
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
    // Deployed in a VPC: its own ranges are refused too, whether private or not.
    ...(ctx.ownNetwork !== undefined && { ownNetwork: ctx.ownNetwork }),
  });
  return { lists, certs };
}

/** Integration health as the log's one consumer reads it: its types, its reduction, its bounds, its table's rows. */
const INTEGRATIONS_READER: LogReader<IntegrationEvent> = {
  name: 'integration-health',
  filter: INTEGRATION_FILTER,
  key: KEPT_KEYS.integrations,
  maxPages: INTEGRATION_HEALTH.pagesPerRun,
  windowMinutes: INTEGRATION_HEALTH.windowMinutes,
  maxWindowEvents: INTEGRATION_HEALTH.maxWindowEvents,
  reduce: readIntegrationEvent,
  // Only the hour is judged, nothing kept past it: a process holding no window reads the hour in place of the cursor.
  cold: 'window',
  // The stream's count rows, read back no further than the hour (stream.ts): one per commit, minute and integration.
  stream: { read: storedIntegrationCounts, floor: 'window' },
};

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
  // With Okta's Log Streaming, the aggregator's counts, the log polled only to fill the stream's gaps; else polled
  // from the check's own cursor (okta/log-consumer.ts).
  const stream = logStream(ctx.server, ctx.tallies);
  const polled = await consumeLog(INTEGRATIONS_READER, {
    session,
    kept: ctx.kept ?? defaultKeptStore(ctx.cache),
    ...(ctx.cache !== undefined && { cache: ctx.cache }),
    ...(stream !== undefined && { stream }),
    now,
  });
  const [hooks, domains] = await Promise.all([hooksRead, domainsRead]);
  if ('failed' in polled) return withoutLog(polled.failed, hooks, domains, now, secrets);
  await polled.keepCursor();
  const { window: events, skipped } = polled;
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
    readAll: polled.complete,
    hooksListed: listed.listed,
    hooksSkipped: listed.skipped,
    hookHostsRead: hooks.certs.certs.size,
    customDomains: domains?.domains.length ?? null,
    domainRequests: domains?.requests ?? 0,
  };
  return told(judgement, observed, secrets);
}
