// The app listing the provisioning-health check reads: GET /api/v1/apps (every app, active or not: an inactive app
// is told as such, never as failing), pages of 200 following Okta's `next` links, each app's `features` read as the
// inventory's listing reads them (the same bounded, back-off-aware reader: okta/management-read.ts), on a token of
// okta.apps.read alone, so a missing grant fails this check and nothing else. Features change when an admin edits an
// app, so a warm probe reads the listing again only after PROVISIONING.appsEveryMinutes. With it, on the same token
// and reader, the connections of the few apps Okta serves one for (connections.ts): a disabled one is said so.
import { APPS_SCOPE, PROVISIONING } from '../../contract';
import type { ServerContext } from '../context';
import { InventoryReader } from '../okta/management-read';
import { runToken } from '../okta/token';
import { isSkipped, readProvisioningApp, type ProvisioningApp } from '.';
import { MOST_READ, readConnections } from './connections';
import { finding, findingOf, type Finding } from '../verdict';
import { readThrough } from '../../cache/read-through';

/** The cache key of the last listing read. */
const APPS_KEY = 'provisioning-health:apps';

/** The apps read, the items skipped as not Okta's, and why the listing stopped early if it did. */
export interface AppsRead {
  readonly apps: readonly ProvisioningApp[];
  readonly skipped: number;
  readonly stopped?: Finding;
  /** Requests sent to /api/v1/apps this run (0: the cached listing), the connections' included. */
  readonly requests: number;
  /** Apps Okta serves a connection for whose connection this listing could not read, and why it stopped if it did. */
  readonly connectionsUnread?: number;
  readonly connectionsStopped?: string;
}

type ListingContext = Pick<
  ServerContext,
  'server' | 'endpoints' | 'exchange' | 'credential' | 'cache' | 'now' | 'orgServer'
>;

/** The listing, from the cache when fresh, else read; a finding when not one page could be read. */
export async function provisioningApps(
  ctx: ListingContext,
  secrets: string[],
): Promise<AppsRead | { readonly problem: Finding }> {
  const now = ctx.now();
  // A listing cut short (or not read) is read again next run, not kept for an hour.
  const cadence = {
    everyMinutes: PROVISIONING.appsEveryMinutes,
    againMinutes: (read: AppsRead | { problem: Finding }) => ('problem' in read || read.stopped ? 0 : undefined),
  };
  const read = await readThrough(ctx.cache, APPS_KEY, now, cadence, () => readApps(ctx, secrets, now));
  return read.fromCache && !('problem' in read.value) ? { ...read.value, requests: 0 } : read.value;
}

/** The listing read now, and each provisioning app's connection; a finding when not one page could be read. */
async function readApps(
  ctx: ListingContext,
  secrets: string[],
  now: number,
): Promise<AppsRead | { readonly problem: Finding }> {
  const token = await runToken({ ...ctx, server: { ...ctx.server, scopes: [APPS_SCOPE] } });
  if (token.accessToken === undefined)
    return { problem: findingOf(token) ?? finding('UNEXPECTED_RESPONSE', { detail: `no token for ${APPS_SCOPE}` }) };
  secrets.push(token.accessToken);
  // The listing's pages and the connections' requests: one reader, one budget, one reserve of the bucket.
  const reader = new InventoryReader(ctx, PROVISIONING.appsMaxPages + MOST_READ);
  const path = `/api/v1/apps?limit=${PROVISIONING.appsPageLimit}`;
  const list = await reader.list(
    token.accessToken,
    path,
    'GET /api/v1/apps',
    PROVISIONING.appsMaxPages,
    PROVISIONING.appsPageLimit,
  );
  if ('problem' in list) return list;
  const listed: ProvisioningApp[] = [];
  let skipped = 0;
  for (const raw of list.items) {
    const app = readProvisioningApp(raw);
    if (isSkipped(app)) skipped += 1;
    else listed.push(app);
  }
  const connections = await readConnections(reader, token.accessToken, listed, ctx.cache, now);
  const read: AppsRead = {
    apps: connections.apps,
    skipped,
    requests: reader.requests,
    ...(list.stopped && { stopped: list.stopped }),
    ...(connections.unread > 0 && { connectionsUnread: connections.unread }),
    ...(connections.stopped !== undefined && { connectionsStopped: connections.stopped }),
  };
  return read;
}
