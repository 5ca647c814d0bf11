// The fetch halves of the inventory: one per kind, each reading what its judge needs through the
// inventory's session (its token, its bounded, back-off-aware reader) and handing it to the pure judge. A kind that
// cannot be read answers why, and no other kind is touched.
import { INVENTORY, INVENTORY_OWNER_SCOPE, INVENTORY_SCOPES, KEPT_KEYS, type InventoryKind } from '../../contract';
import type { ListedProvisioning, SamlAppConfig } from '../../types';
import { listedProvisioning, listedRecord, matchListedApps } from './listed-apps';
import type { LogEvent } from '../okta/log-events';
import { judgeAgentPools, readAgentPools } from './agent-pools';
import {
  judgeApiTokens,
  ownersToLookUp,
  readApiTokens,
  readTokenOwner,
  type ApiToken,
  type TokenOwner,
} from './api-tokens';
import {
  certificateApps,
  judgeAppCertificates,
  keyExpiry,
  readApps,
  type AppCertificate,
  type SigningApp,
} from './app-certificates';
import { hookFailures, judgeEventHooks, readEventHooks } from './event-hooks';
import { judgeIdpCertificates, readIdpKeys, readIdps } from './idp-certificates';
import { withStop, type KindResult } from '../okta/item';
import { withTokenMemory } from './token-memory';
import { deactivationsSince, judgeLogStreams, readLogStreams } from './log-streams';
import { inParallel } from '../parallel';
import { readThroughMany } from '../../cache/read-through';
import { withoutQuery, type ListRead, type Stoppable } from '../okta/management-read';
import type { InventorySession } from './session';
import { finding, type Finding, type Observed } from '../verdict';

/** What a kind's read needs besides the session: the clock, and (event hooks) the log's failed deliveries. */
interface KindContext {
  readonly now: number;
  /**
   * The event_hook.delivery events of the last hour, or null when the log is not read (no "systemLog", or unavailable).
   */
  readonly hookDeliveries?: () => Promise<readonly LogEvent[] | null>;
  /** The streams' deactivations since an ISO instant, or null when the log is not read; absent without "systemLog". */
  readonly streamDeactivations?: (since: string) => Promise<readonly LogEvent[] | null>;
  /** The config's listed SAML apps, found in the app listing (listed-apps.ts), and the org their URLs are on. */
  readonly listed?: { readonly apps: readonly SamlAppConfig[]; readonly orgUrl: string };
}

const LIMIT = `limit=${INVENTORY.pageLimit}`;

/** A list read with the kind's own token; the token's or the list's problem makes the kind unavailable. */
async function listFor(session: InventorySession, kind: InventoryKind, path: string): Promise<ListRead> {
  const token = await session.tokenFor(INVENTORY_SCOPES[kind]);
  if ('problem' in token) return token;
  return session.reader.list(token.token, path, `GET ${withoutQuery(path)}`);
}

const unavailable = (problem: Finding): KindResult => ({ unavailable: problem });

export const KIND_READS: {
  readonly [K in InventoryKind]: (session: InventorySession, ctx: KindContext) => Promise<KindResult>;
} = {
  'api-tokens': async (session, { now }) => {
    const list = await listFor(session, 'api-tokens', '/api/v1/api-tokens');
    if ('problem' in list) return unavailable(list.problem);
    const tokens = readApiTokens(list.items);
    const owners = session.readsOwners ? await lookUpOwners(session, tokens) : null;
    // The tokens seen expiring last time that the list no longer holds (it holds active tokens only).
    const { gone, memory } = await withTokenMemory(
      session.kept,
      { tokens, owners, complete: list.stopped === undefined },
      now,
      session.settings.apiTokenWarnDays,
    );
    const verdict = judgeApiTokens(tokens, owners, now, session.settings.apiTokenWarnDays, gone);
    return withStop({ ...verdict, observed: { ...verdict.observed, memory } }, list.stopped);
  },
  'app-certificates': async (session, { now, listed }) => {
    const list = await listFor(
      session,
      'app-certificates',
      `/api/v1/apps?filter=${encodeURIComponent('status eq "ACTIVE"')}&${LIMIT}`,
    );
    if ('problem' in list) return unavailable(list.problem);
    const apps = readApps(list.items);
    // The same pages tell which listed SAML apps provision users: no request per app.
    const found = await keepListed(session, listed, apps, list.stopped === undefined, now);
    const read = await readSigningKeys(session, certificateApps(apps), now);
    if (read.certificates.length === 0 && read.stopped !== undefined && read.unread > 0)
      return { ...unavailable(read.stopped), provisioning: found.provisioning };
    const verdict = withStop(
      judgeAppCertificates(read.certificates, now, session.settings.expiryWarnDays, read.unread),
      read.stopped ?? list.stopped,
    );
    return { ...verdict, observed: { ...verdict.observed, ...found.observed }, provisioning: found.provisioning };
  },
  'idp-certificates': async (session, { now }) => {
    const [idps, keys] = await Promise.all([
      listFor(session, 'idp-certificates', `/api/v1/idps?${LIMIT}`),
      listFor(session, 'idp-certificates', `/api/v1/idps/credentials/keys?${LIMIT}`),
    ]);
    if ('problem' in idps) return unavailable(idps.problem);
    if ('problem' in keys) return unavailable(keys.problem);
    return withStop(
      judgeIdpCertificates(readIdps(idps.items), readIdpKeys(keys.items), now, session.settings.expiryWarnDays),
      idps.stopped ?? keys.stopped,
    );
  },
  'log-streams': async (session, { now, streamDeactivations }) => {
    const list = await listFor(session, 'log-streams', `/api/v1/logStreams?${LIMIT}`);
    if ('problem' in list) return unavailable(list.problem);
    const streams = readLogStreams(list.items);
    // Who deactivated an inactive stream, an admin or Okta: read only when one is inactive.
    const since = deactivationsSince(streams, now);
    const events =
      since === undefined || streamDeactivations === undefined ? undefined : await streamDeactivations(since);
    return withStop(judgeLogStreams(streams, now, events), list.stopped);
  },
  'event-hooks': async (session, { now, hookDeliveries }) => {
    const list = await listFor(session, 'event-hooks', '/api/v1/eventHooks');
    if ('problem' in list) return unavailable(list.problem);
    const hooks = readEventHooks(list.items);
    const events = hooks.length === 0 || hookDeliveries === undefined ? null : await hookDeliveries();
    return withStop(judgeEventHooks(hooks, events === null ? null : hookFailures(hooks, events), now), list.stopped);
  },
  'agent-pools': async (session, { now }) => {
    // limitPerPoolType defaults to 5 pools of each type (Okta's spec): enough for any org's AD and LDAP domains at 50.
    const list = await listFor(session, 'agent-pools', '/api/v1/agentPools?limitPerPoolType=50');
    if ('problem' in list) return unavailable(list.problem);
    return withStop(judgeAgentPools(readAgentPools(list.items), now), list.stopped);
  },
};

/**
 * The listed SAML apps found in the listing, kept (KEPT_KEYS.listedSamlApps) for `plan --history`, and those that
 * provision users. A record that cannot be written costs the run nothing but its note.
 */
async function keepListed(
  session: InventorySession,
  listed: KindContext['listed'],
  apps: readonly SigningApp[],
  complete: boolean,
  now: number,
): Promise<{ readonly provisioning: ListedProvisioning[]; readonly observed: Observed }> {
  if (listed === undefined || listed.apps.length === 0) return { provisioning: [], observed: {} };
  const matches = matchListedApps(listed.apps, apps, listed.orgUrl, complete);
  const found = matches.filter((m) => 'found' in m).length;
  const where = session.kept.where(KEPT_KEYS.listedSamlApps);
  const kept = await session.kept.write(KEPT_KEYS.listedSamlApps, listedRecord(matches, now)).then(
    () => `kept in ${where}`,
    () => `not written (${where}): plan --history cannot tell of them`,
  );
  return {
    provisioning: listedProvisioning(matches),
    observed: { listedSamlApps: `${found} of ${matches.length} found in the listing, ${kept}` },
  };
}

/** How long an app's signing key expiry is remembered by kid (a warm Lambda): a kid's certificate never changes. */
export const KEY_EXPIRY_TTL_MS = 24 * 3_600_000;

/**
 * The expiry of each app's key in use: remembered ones first (free), then up to `inventoryMaxApps` key stores read,
 * INVENTORY.concurrency at a time. `unread` counts the apps left for a later run.
 */
async function readSigningKeys(
  session: InventorySession,
  apps: readonly SigningApp[],
  now: number,
): Promise<Stoppable<{ readonly certificates: AppCertificate[]; readonly unread: number }>> {
  let stopped: Finding | undefined;
  const policy = {
    keyOf: (app: SigningApp): string => `inventory:app-key:${app.id}:${app.kid ?? ''}`,
    keep: (read: AppCertificate | 'gone' | null) =>
      read === null || read === 'gone' || read.expiresAt === null
        ? undefined
        : { value: read.expiresAt, maxAgeMs: KEY_EXPIRY_TTL_MS },
    most: session.settings.inventoryMaxApps,
  };
  const got = await readThroughMany(session.cache, apps, now, policy, async (chosen) => {
    const token = await session.tokenFor(INVENTORY_SCOPES['app-certificates']);
    if ('problem' in token) {
      stopped = token.problem;
      return chosen.map(() => null);
    }
    return inParallel(chosen, INVENTORY.concurrency, async (app): Promise<AppCertificate | 'gone' | null> => {
      const keys = await session.reader.get(
        token.token,
        `/api/v1/apps/${encodeURIComponent(app.id)}/credentials/keys`,
        'GET /api/v1/apps/{id}/credentials/keys',
      );
      // A 404 of an app the listing just named: the app was deleted since (Okta's E0000007 "Resource not found" names
      // any missing resource, not an authorization server); it has no certificate left to expire.
      if ('problem' in keys && keys.problem.httpStatus === 404) return 'gone';
      if ('problem' in keys) {
        stopped ??= keys.problem;
        return null;
      }
      return { ...app, expiresAt: keyExpiry(keys.body, app.kid ?? '') };
    });
  });
  const read = got.read.map((r) => r.value);
  const known = got.kept.map(({ item, value }): AppCertificate => ({ ...item, expiresAt: value }));
  const certificates = [...known, ...read.filter((c): c is AppCertificate => c !== null && c !== 'gone')];
  const unread = got.left.length + read.filter((c) => c === null).length;
  if (unread > 0 && stopped === undefined) {
    stopped = finding('INVENTORY_THROTTLED', {
      detail:
        `${unread} of ${apps.length} SAML/WS-Fed apps' certificates not read this run (inventoryMaxApps is ${session.settings.inventoryMaxApps}); ` +
        `a warm probe reads them next time`,
    });
  }
  return { certificates, unread, ...(stopped !== undefined && { stopped }) };
}

/**
 * Each token owner's status, a bounded few; an owner Okta no longer has (404) is gone. Null when no token for
 * okta.users.read.
 */
async function lookUpOwners(
  session: InventorySession,
  tokens: readonly ApiToken[],
): Promise<Map<string, TokenOwner> | null> {
  const token = await session.tokenFor(INVENTORY_OWNER_SCOPE);
  if ('problem' in token) return null;
  const owners = new Map<string, TokenOwner>();
  await inParallel(ownersToLookUp(tokens), INVENTORY.concurrency, async (id) => {
    const read = await session.reader.get(
      token.token,
      `/api/v1/users/${encodeURIComponent(id)}`,
      'GET /api/v1/users/{id}',
    );
    if ('body' in read) owners.set(id, readTokenOwner(read.body));
    else if (read.problem.httpStatus === 404) owners.set(id, { status: 'DELETED' });
  });
  return owners;
}
