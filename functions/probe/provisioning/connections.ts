// Each app's provisioning connection, read where Okta serves one (GET /api/v1/apps/{id}/connections/default), so an
// app whose connection an admin disabled is said "connection disabled", never failing and never working. Okta serves
// it for six kinds of app only (CONNECTION_APPS: Google Workspace, Office 365, Org2Org, Slack, Zoom, Zscaler) and
// answers every other app 200 {"profile":{"authScheme":"UNKNOWN"},"status":"UNKNOWN"} (okta-developer-docs
// guides/app-provisioning-connection; /work/shared/okta-behaviour.md), so only those apps are asked, and only the
// active ones Okta pushes to. A catalogue of hundreds of apps costs at most MOST_READ requests a read of the listing
// (hourly, with the listing's token and its bounded reader: the /api/v1/apps bucket's reserve is left to the org's
// clients), the apps least recently read first, none twice within an hour; each answer is kept KEPT_HOURS. The
// answer is hostile input: readConnection believes only "ENABLED" or "DISABLED", and a refused or failed read leaves
// the app as its features and events say, never failing it.
import type { ProbeCache } from '../../types';
import { keepWarm, readWarm, WARM } from '../warm-state';
import type { InventoryReader } from '../okta/management-read';
import { readConnection, type ProvisioningApp } from './app-features';

/**
 * Connections asked a read of the listing, at most: with the listing's 25 pages, 45 requests, under the 50 of the
 * /api/v1/apps bucket's 100 a minute that one token may take (okta-behaviour.md, rate limits).
 */
export const MOST_READ = 20;
/** How long an answer is kept: a connection changes when an admin edits the app, not from one hour to the next. */
export const KEPT_HOURS = 24;
/** An answer is asked again after this long at the soonest. */
export const AGAIN_MS = 3_600_000;
/** Requests sent at once: a few, so twenty answers take a few round trips, not twenty. */
const AT_ONCE = 4;

/** What a read of the connections did: the apps with what Okta said of each, and how many it could not ask. */
interface ConnectionsRead {
  readonly apps: readonly ProvisioningApp[];
  /** Requests sent to /connections/default this read. */
  readonly requests: number;
  /** Apps Okta serves a connection for whose connection is not known (past the budget, or a read refused). */
  readonly unread: number;
  /** Why the reads stopped early, when one was refused (a scope, a role, the bucket's reserve). */
  readonly stopped?: string;
}

/** The apps whose connection can be read and says something: active, pushed to, of a kind Okta serves one for. */
const askable = (app: ProvisioningApp): boolean =>
  app.hasConnection === true && app.provisions && app.status === 'ACTIVE';

/**
 * Each askable app's connection, read with `reader` on the listing's `token`: the least recently read first, at most
 * MOST_READ, the rest from the answers kept (KEPT_HOURS). Never throws; never fails the check.
 */
export async function readConnections(
  reader: Pick<InventoryReader, 'get'>,
  token: string,
  apps: readonly ProvisioningApp[],
  cache: ProbeCache | undefined,
  now: number,
): Promise<ConnectionsRead> {
  const kept = new Map(
    Object.entries(readWarm(cache, WARM.connections, now) ?? {}).filter(
      ([, k]) => now - k.readAt < KEPT_HOURS * 3_600_000,
    ),
  );
  // Each app at most once an hour, whatever calls this: a listing cut short is read again every run.
  const due = apps
    .filter((app) => askable(app) && now - (kept.get(app.id)?.readAt ?? -Infinity) >= AGAIN_MS)
    .sort((a, b) => (kept.get(a.id)?.readAt ?? -1) - (kept.get(b.id)?.readAt ?? -1) || (a.id < b.id ? -1 : 1))
    .slice(0, MOST_READ);
  let requests = 0;
  let stopped: string | undefined;
  for (let i = 0; i < due.length && stopped === undefined; i += AT_ONCE) {
    const answers = await Promise.all(
      due.slice(i, i + AT_ONCE).map(async (app) => {
        requests += 1;
        const path = `/api/v1/apps/${encodeURIComponent(app.id)}/connections/default`;
        return { app, read: await reader.get(token, path, 'GET /api/v1/apps/{id}/connections/default') };
      }),
    );
    for (const { app, read } of answers) {
      if (!('problem' in read)) kept.set(app.id, { state: readConnection(read.body), readAt: now });
      // An app gone since the listing, or one Okta will not answer for, says nothing; anything else (a scope, a role,
      // the bucket's reserve, Okta failing) would answer the next ones alike: no more are asked.
      else if (read.problem.httpStatus === 400 || read.problem.httpStatus === 404)
        kept.set(app.id, { state: 'unknown', readAt: now });
      else stopped ??= read.problem.detail ?? read.problem.code;
    }
  }
  // Only the listing's apps are kept: an org's deleted apps never grow the record.
  const listed = new Set(apps.filter(askable).map((app) => app.id));
  const record = Object.fromEntries([...kept].filter(([id]) => listed.has(id)));
  keepWarm(cache, WARM.connections, record, now + KEPT_HOURS * 3_600_000);
  const read = apps.map((app) => {
    const state = askable(app) ? kept.get(app.id)?.state : undefined;
    return state === undefined ? app : { ...app, connection: state };
  });
  const unread = read.filter((app) => askable(app) && app.connection === undefined).length;
  return { apps: read, requests, unread, ...(stopped !== undefined && { stopped: stopped.slice(0, 300) }) };
}
