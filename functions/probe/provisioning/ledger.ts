// The leavers who may still have an account in an app: kept across runs, because Okta tries a deactivation once and
// never again (a failed one becomes a manual task on Dashboard > Tasks, which no public API lists), and the System Log
// forgets after 90 days. A leaver is an app and a keyed hash of a user, never a name; the ledger is what a store
// keeps, so it is plain JSON, bounded, and read back by ledger-bounds.ts.
// The rules (help.okta.com ref-apps-events; data/event-types.json):
// - opened by a failed application.provision.user.deactivate, or by application.user_membership.revoke on an app
//   that creates accounts and never deactivates them (no PUSH_USER_DEACTIVATION: every unassignment is a task);
// - closed by a later successful deactivation, a deprovision (a task resolved, whatever the resolution: the admin
//   decided), or the same user assigned to the same app again (user_membership.add or .restore, a push or a
//   reactivation that worked). A success for another app, or for another user, closes nothing;
// - the same events applied twice count once: an event at or before an entry's closing never opens it again.
import { DAY_MS } from '../../contract';
import type { ProvisioningApp } from './app-features';
import type { ProvisioningEvent } from './events';

/** Why a leaver may still have an account: a deactivation that failed, or an app that never deactivates. */
export type LeaverKind = 'failed_deactivation' | 'never_deactivates';

/** One leaver still open: the user's keyed hash, when first seen (epoch ms), and why. */
export interface OpenLeaver {
  readonly user: string;
  readonly since: number;
  readonly kind: LeaverKind;
}

/** A leaver closed, kept so that a window read again cannot open it twice: its user and the time it closed. */
export interface ClosedLeaver {
  readonly user: string;
  readonly at: number;
}

/** One app's leavers. `full`: the app reached its cap, so its count reads "at least". */
export interface AppLeavers {
  readonly open: readonly OpenLeaver[];
  readonly closed: readonly ClosedLeaver[];
  readonly full: boolean;
}

/** Every app's leavers, by the app's Okta id: the record a store keeps between runs. */
export interface LeaverLedger {
  readonly version: 1;
  readonly apps: Readonly<Record<string, AppLeavers>>;
}

/** The ledger's bounds, which the writer keeps and the reader (ledger-bounds.ts) enforces. */
export const LEDGER_LIMITS = {
  /** Open leavers kept per app: past it, the app's count reads "at least" (an app's cap, not the org's size). */
  openPerApp: 500,
  /** Open leavers kept in all: about 70 bytes each, so the ledger stays within a DynamoDB item (400 KB). */
  openTotal: 2_000,
  /** Closings kept per app, the newest: what a re-read window may meet again. */
  closedPerApp: 200,
  /** Apps kept: far more than an org provisions to. */
  apps: 1_000,
  /** How long a closing is kept: the System Log's retention, past which no event can be read again. */
  closedKeptMs: 90 * DAY_MS,
} as const;

/** A ledger with nobody in it: the first run's. */
export const emptyLedger = (): LeaverLedger => ({ version: 1, apps: {} });

interface Working {
  readonly open: Map<string, OpenLeaver>;
  readonly closed: Map<string, number>;
  full: boolean;
}

const working = (app: AppLeavers | undefined): Working => ({
  open: new Map((app?.open ?? []).map((leaver) => [leaver.user, leaver])),
  closed: new Map((app?.closed ?? []).map((c) => [c.user, c.at])),
  full: app?.full ?? false,
});

/** Why an event opens a leaver for its user, or undefined when it opens none. */
function opens(event: ProvisioningEvent, app: ProvisioningApp | undefined): LeaverKind | undefined {
  // An app's 429 is retried by Okta (up to 10 times): only a deactivation Okta gave up on leaves a leaver.
  if (event.action === 'deactivate' && event.failed && event.retried !== true) return 'failed_deactivation';
  if (event.action === 'revoke' && app !== undefined && app.creates && !app.deactivates) return 'never_deactivates';
  return undefined;
}

/** Whether an event closes its user's leaver on its app. */
function closes(event: ProvisioningEvent): boolean {
  if (event.action === 'deprovision' || event.action === 'assign') return true;
  if (event.action === 'deactivate') return event.succeeded;
  return (
    event.succeeded &&
    (event.eventType === 'application.provision.user.push' ||
      event.eventType === 'application.provision.user.reactivate')
  );
}

function openIn(app: Working, user: string, since: number, kind: LeaverKind): void {
  const closedAt = app.closed.get(user);
  if (closedAt !== undefined && since <= closedAt) return;
  const known = app.open.get(user);
  if (known !== undefined) {
    if (since < known.since) app.open.set(user, { ...known, since });
    return;
  }
  if (app.open.size >= LEDGER_LIMITS.openPerApp) {
    app.full = true;
    return;
  }
  app.open.set(user, { user, since, kind });
}

function closeIn(app: Working, user: string, at: number): void {
  const known = app.open.get(user);
  if (known === undefined || at < known.since) return;
  app.open.delete(user);
  app.closed.set(user, Math.max(at, app.closed.get(user) ?? 0));
}

/** The latest closing a ledger holds: the clock its retention is counted on when no newer event is read. */
const lastClosing = (ledger: LeaverLedger): number =>
  Object.values(ledger.apps).reduce((most, app) => app.closed.reduce((m, c) => Math.max(m, c.at), most), 0);

/** The working apps back as a ledger: sorted, closings past retention dropped, every cap kept. */
function settle(apps: ReadonlyMap<string, Working>, latest: number): LeaverLedger {
  let room: number = LEDGER_LIMITS.openTotal;
  const entries = [...apps]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, LEDGER_LIMITS.apps)
    .map(([id, app]): [string, AppLeavers] => {
      const all = [...app.open.values()].sort((a, b) => a.since - b.since || (a.user < b.user ? -1 : 1));
      const open = all.slice(0, Math.max(0, room));
      room -= open.length;
      const closed = [...app.closed]
        .filter(([, at]) => at >= latest - LEDGER_LIMITS.closedKeptMs)
        .sort(([ua, a], [ub, b]) => b - a || (ua < ub ? -1 : 1))
        .slice(0, LEDGER_LIMITS.closedPerApp)
        .map(([user, at]) => ({ user, at }));
      return [id, { open, closed, full: app.full || open.length < all.length }];
    })
    .filter(([, app]) => app.open.length > 0 || app.closed.length > 0 || app.full);
  return { version: 1, apps: Object.fromEntries(entries) };
}

/**
 * The ledger after a window's events: each event once (by uuid), in the order Okta published them, opening and
 * closing leavers by the rules above. `apps` says which apps never deactivate. Applying the same events again gives
 * the same ledger.
 */
export function applyEvents(
  ledger: LeaverLedger,
  events: readonly ProvisioningEvent[],
  apps: readonly ProvisioningApp[],
): LeaverLedger {
  const byId = new Map(apps.map((app) => [app.id, app]));
  const work = new Map(Object.entries(ledger.apps).map(([id, app]) => [id, working(app)]));
  const seen = new Set<string>();
  const ordered = [...events].sort((a, b) => a.published - b.published || (a.uuid < b.uuid ? -1 : 1));
  let latest = 0;
  for (const event of ordered) {
    if (seen.has(event.uuid) || event.user === null) continue;
    seen.add(event.uuid);
    latest = Math.max(latest, event.published);
    const kind = opens(event, byId.get(event.appId));
    if (kind === undefined && !closes(event)) continue;
    const app = work.get(event.appId) ?? working(undefined);
    work.set(event.appId, app);
    if (kind !== undefined) openIn(app, event.user, event.published, kind);
    else closeIn(app, event.user, event.published);
  }
  return settle(work, Math.max(latest, lastClosing(ledger)));
}

/**
 * An admin's word that an app's leavers were dealt with by hand (a task done on Dashboard > Tasks without marking
 * it, an account deactivated in the app): every open leaver of the app first seen at or before `before` is closed at
 * `before`, so the events that opened them, read again, never open them again. A later failure opens a new one.
 */
export function acknowledge(
  ledger: LeaverLedger,
  appId: string,
  before: number,
): { readonly ledger: LeaverLedger; readonly acknowledged: number } {
  const app = Object.hasOwn(ledger.apps, appId) ? ledger.apps[appId] : undefined;
  if (app === undefined) return { ledger, acknowledged: 0 };
  const work = new Map(Object.entries(ledger.apps).map(([id, a]) => [id, working(a)]));
  const mine = work.get(appId)!;
  let acknowledged = 0;
  for (const leaver of app.open) {
    if (leaver.since > before) continue;
    mine.open.delete(leaver.user);
    mine.closed.set(leaver.user, Math.max(before, mine.closed.get(leaver.user) ?? 0));
    acknowledged += 1;
  }
  if (acknowledged > 0 && mine.open.size === 0) mine.full = false;
  return { ledger: settle(work, Math.max(before, lastClosing(ledger))), acknowledged };
}
