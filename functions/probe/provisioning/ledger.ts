// The leavers who may still have an account in an app: kept across runs, because Okta does not try a failed
// deactivation again, save an app's 429 (a failed one becomes a manual task on Dashboard > Tasks, which no public API
// lists), and the System Log forgets after 90 days. A leaver is an app and a keyed hash of a user, never a name; the
// ledger is what a store keeps, so it is plain JSON, bounded, and read back by ledger-bounds.ts. Which event opens or
// closes one is the table of outcomes.ts (`opens`, `closes`):
// - opened by a deprovisioning call that failed (a deactivation, a granular delete or entitlement removal), or by an
//   unassignment (application.user_membership.revoke or .remove) on an app that creates accounts and never
//   deactivates them (no PUSH_USER_DEACTIVATION: every unassignment is a task);
// - a deprovisioning call the app refused with 429 is retried by Okta (concepts/scim): it is kept as retrying, not a
//   leaver, until its 10th refusal or its schedule has run out with no success (RATE_LIMITED_LEAVER);
// - closed by a later successful deprovisioning call, a deprovision (a task resolved, whatever the resolution: the
//   admin decided), or the same user assigned to the same app again (user_membership.add or .restore, a push, a
//   reactivation or a membership's activation that worked). A success for another app, or for another user, closes
//   nothing;
// - the same events applied twice count once: an event at or before an entry's closing never opens it again. Past
//   the closings kept (LEDGER_LIMITS), the oldest fold into a time per app (`foldedThrough`): an event at or before it
//   opens no leaver for a user the app does not hold, so a closed leaver never reopens silently. The cost, said in
//   docs/provisioning.md: a failure that old read for the first time (a backlog thousands of closings deep) is not
//   counted either.
import { DAY_MS } from '../../contract';
import type { ProvisioningApp } from './app-features';
import type { ProvisioningEvent } from './events';
import { OUTCOMES, RATE_LIMITED_LEAVER } from './outcomes';

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

/**
 * A deprovisioning call the app refused with 429, which Okta retries: the first refusal and the last seen (epoch ms),
 * and how many refusals were seen (each counted once: only one later than `last` or earlier than `since` adds).
 */
export interface RetryingLeaver {
  readonly user: string;
  readonly since: number;
  readonly last: number;
  readonly refusals: number;
}

/**
 * One app's leavers. `full`: the app reached its cap, so its count reads "at least". `dropped`: the bound of open
 * leavers in all left none of the app's open ones kept, so its count of 0 is no count: at least one was dropped.
 * `retrying`, `foldedThrough` and `dropped` are written only when there are some, so a ledger kept by an earlier
 * version reads back unchanged.
 */
export interface AppLeavers {
  readonly open: readonly OpenLeaver[];
  readonly closed: readonly ClosedLeaver[];
  readonly full: boolean;
  readonly dropped?: true;
  readonly retrying?: readonly RetryingLeaver[];
  /** The newest closing dropped past the bounds (epoch ms): no event at or before it opens an unknown user's leaver. */
  readonly foldedThrough?: number;
}

/** Every app's leavers, by the app's Okta id: the record a store keeps between runs. */
export interface LeaverLedger {
  readonly version: 1;
  readonly apps: Readonly<Record<string, AppLeavers>>;
  /**
   * Apps holding no leaver whose closings the apps' bound left out of this ledger (never kept: a count of the run that
   * made it), so that a run says its bound truncated.
   */
  readonly appsNotKept?: number;
}

/**
 * The ledger's bounds, which the writer keeps and the reader (ledger-bounds.ts) enforces. The deployed store keeps an
 * app in one DynamoDB item (400 KB, names and values): 500 open leavers at about 95 bytes of JSON, 200 retrying at
 * about 100 and 4,000 closings at about 63 are about 320 KB.
 */
export const LEDGER_LIMITS = {
  /** Open leavers kept per app: past it, the app's count reads "at least" (an app's cap, not the org's size). */
  openPerApp: 500,
  /** Open leavers kept in all. */
  openTotal: 2_000,
  /** Deactivations Okta is retrying kept per app, and in all: past either, the oldest are counted as leavers now. */
  retryingPerApp: 200,
  retryingTotal: 2_000,
  /**
   * Closings kept per app, and in all, the newest: what a re-read window may meet again. Eight acknowledgements of a
   * full app (500 each) fit; past them the oldest fold into `foldedThrough`, never reopened.
   */
  closedPerApp: 4_000,
  closedTotal: 40_000,
  /**
   * Apps kept: every app holding an open leaver or a deactivation Okta retries (at most one an open leaver or retrying
   * one, so within those totals), and 1,000 more holding only closings, a folded time or an "at least": far more than
   * an org provisions to. Past it, the apps whose newest closing is oldest are left out, and counted.
   */
  apps: 2_000 + 2_000 + 1_000,
  /** How long a closing is kept: the System Log's retention, past which no event can be read again. */
  closedKeptMs: 90 * DAY_MS,
} as const;

/** A ledger with nobody in it: the first run's. */
export const emptyLedger = (): LeaverLedger => ({ version: 1, apps: {} });

interface Working {
  readonly open: Map<string, OpenLeaver>;
  readonly closed: Map<string, number>;
  readonly retrying: Map<string, RetryingLeaver>;
  full: boolean;
  dropped: boolean;
  folded: number;
}

const working = (app: AppLeavers | undefined): Working => ({
  open: new Map((app?.open ?? []).map((leaver) => [leaver.user, leaver])),
  closed: new Map((app?.closed ?? []).map((c) => [c.user, c.at])),
  retrying: new Map((app?.retrying ?? []).map((r) => [r.user, r])),
  full: app?.full ?? false,
  dropped: app?.dropped === true,
  folded: app?.foldedThrough ?? 0,
});

/** What an event opens for its user: a leaver of a kind, a deactivation Okta retries, or nothing. */
function opens(event: ProvisioningEvent, app: ProvisioningApp | undefined): LeaverKind | 'retrying' | undefined {
  const row = OUTCOMES[event.eventType];
  if (row.opens === 'failure' && event.failed) return event.retried === true ? 'retrying' : 'failed_deactivation';
  if (row.opens === 'unassign' && app !== undefined && app.creates && !app.deactivates) return 'never_deactivates';
  return undefined;
}

/** Whether an event closes its user's leaver on its app. */
function closes(event: ProvisioningEvent): boolean {
  const row = OUTCOMES[event.eventType];
  return row.closes === 'always' || (row.closes === 'success' && event.succeeded);
}

/** Whether an event at `at` about `user` was already dealt with: a closing at or after it, or folded past. */
function settled(app: Working, user: string, at: number): boolean {
  const closedAt = app.closed.get(user);
  if (closedAt !== undefined) return at <= closedAt;
  const folded = at <= app.folded && !app.open.has(user) && !app.retrying.has(user);
  // Behind the fold a failure may be a leaver never seen before, read late: never counted, so the app's count is said
  // to be "at least" rather than told whole.
  if (folded) app.full = true;
  return folded;
}

function openIn(app: Working, user: string, at: number, kind: LeaverKind): void {
  if (settled(app, user, at)) return;
  const retrying = app.retrying.get(user);
  app.retrying.delete(user);
  const since = Math.min(at, retrying?.since ?? at);
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

/** A refusal with 429: kept as retrying, a leaver at the refusal of Okta's last attempt. */
function retryIn(app: Working, user: string, at: number): void {
  if (settled(app, user, at) || app.open.has(user)) return;
  const known = app.retrying.get(user);
  const next: RetryingLeaver =
    known === undefined
      ? { user, since: at, last: at, refusals: 1 }
      : at > known.last || at < known.since
        ? { user, since: Math.min(at, known.since), last: Math.max(at, known.last), refusals: known.refusals + 1 }
        : known;
  app.retrying.set(user, next);
  if (next.refusals >= RATE_LIMITED_LEAVER.refusals) openIn(app, user, next.since, 'failed_deactivation');
}

function closeIn(app: Working, user: string, at: number): void {
  const known = app.open.get(user);
  const retrying = app.retrying.get(user);
  const closesOpen = known !== undefined && at >= known.since;
  const closesRetrying = retrying !== undefined && at >= retrying.since;
  if (!closesOpen && !closesRetrying) return;
  if (closesOpen) app.open.delete(user);
  if (closesRetrying) app.retrying.delete(user);
  app.closed.set(user, Math.max(at, app.closed.get(user) ?? 0));
}

/**
 * The deactivations Okta stopped retrying by `clock`, counted as leavers since their first refusal; then, past the
 * bounds on those kept retrying, the oldest counted now rather than dropped (a leaver counted early closes on the
 * success Okta's next attempt logs).
 */
function promote(apps: ReadonlyMap<string, Working>, clock: number): void {
  const all: [Working, RetryingLeaver][] = [];
  for (const app of apps.values()) {
    for (const r of [...app.retrying.values()])
      if (clock - r.since >= RATE_LIMITED_LEAVER.afterMs || r.refusals >= RATE_LIMITED_LEAVER.refusals)
        openIn(app, r.user, r.since, 'failed_deactivation');
    const mine = [...app.retrying.values()].sort((a, b) => b.since - a.since || (a.user < b.user ? -1 : 1));
    for (const r of mine.slice(LEDGER_LIMITS.retryingPerApp)) openIn(app, r.user, r.since, 'failed_deactivation');
    all.push(...mine.slice(0, LEDGER_LIMITS.retryingPerApp).map((r): [Working, RetryingLeaver] => [app, r]));
  }
  all.sort(([, a], [, b]) => b.since - a.since || (a.user < b.user ? -1 : 1));
  for (const [app, r] of all.slice(LEDGER_LIMITS.retryingTotal)) openIn(app, r.user, r.since, 'failed_deactivation');
}

/** The latest closing a ledger holds: the clock its retention is counted on when no newer event is read. */
const lastClosing = (ledger: LeaverLedger): number =>
  Object.values(ledger.apps).reduce((most, app) => app.closed.reduce((m, c) => Math.max(m, c.at), most), 0);

const byNewest = ([ua, a]: [string, number], [ub, b]: [string, number]): number => b - a || (ua < ub ? -1 : 1);

/**
 * Each app's closings within retention, the newest kept to the bounds; a closing dropped past them folds into its
 * app's `folded` time, never forgotten while an event of its time can still be read.
 */
function keptClosings(apps: ReadonlyMap<string, Working>, latest: number): Map<Working, [string, number][]> {
  const horizon = latest - LEDGER_LIMITS.closedKeptMs;
  const kept = new Map<Working, [string, number][]>();
  const fold = (app: Working, dropped: readonly [string, number][]): void => {
    for (const [, at] of dropped) app.folded = Math.max(app.folded, at);
  };
  const all: [Working, [string, number]][] = [];
  for (const app of apps.values()) {
    const recent = [...app.closed].filter(([, at]) => at >= horizon).sort(byNewest);
    fold(app, recent.slice(LEDGER_LIMITS.closedPerApp));
    all.push(...recent.slice(0, LEDGER_LIMITS.closedPerApp).map((c): [Working, [string, number]] => [app, c]));
    if (app.folded < horizon) app.folded = 0;
  }
  all.sort(([, a], [, b]) => byNewest(a, b));
  for (const [app, c] of all.slice(LEDGER_LIMITS.closedTotal)) fold(app, [c]);
  for (const [app, c] of all.slice(0, LEDGER_LIMITS.closedTotal)) kept.set(app, [...(kept.get(app) ?? []), c]);
  return kept;
}

/** Whether an app holds a leaver (an open one, or a deactivation Okta retries): such an app is always kept. */
const holds = (app: AppLeavers): boolean => app.open.length > 0 || app.retrying !== undefined;

/** Whether an app's entry says anything: one that says nothing is never kept, so it takes no room of the bound. */
const saysSomething = (app: AppLeavers): boolean =>
  holds(app) || app.closed.length > 0 || app.full || app.foldedThrough !== undefined;

/** The newest time an app's entry holds, by which the apps holding no leaver are kept, the newest first. */
const newestOf = (app: AppLeavers): number =>
  Math.max(app.foldedThrough ?? 0, ...app.closed.map((c) => c.at), app.full ? Infinity : 0);

/**
 * The entries kept within the apps' bound: every one holding a leaver, then the others by their newest time. Entries
 * that say nothing are dropped first, so an app someone was merely assigned to (an SSO-only app's) never takes a
 * leaver's room.
 */
function keptApps(entries: readonly [string, AppLeavers][]): { kept: [string, AppLeavers][]; left: number } {
  const speaking = entries.filter(([, app]) => saysSomething(app));
  const holding = speaking.filter(([, app]) => holds(app));
  const others = speaking
    .filter(([, app]) => !holds(app))
    .sort(([a, x], [b, y]) => newestOf(y) - newestOf(x) || (a < b ? -1 : 1));
  const room = Math.max(0, LEDGER_LIMITS.apps - holding.length);
  const kept = [...holding, ...others.slice(0, room)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { kept, left: Math.max(0, others.length - room) };
}

/** The working apps back as a ledger: sorted, closings past retention dropped, every cap kept. */
function settle(apps: ReadonlyMap<string, Working>, latest: number): LeaverLedger {
  let room: number = LEDGER_LIMITS.openTotal;
  const closings = keptClosings(apps, latest);
  const entries = [...apps]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, app]): [string, AppLeavers] => {
      const all = [...app.open.values()].sort((a, b) => a.since - b.since || (a.user < b.user ? -1 : 1));
      const open = all.slice(0, Math.max(0, room));
      room -= open.length;
      const closed = (closings.get(app) ?? []).map(([user, at]) => ({ user, at }));
      const retrying = [...app.retrying.values()].sort((a, b) => a.since - b.since || (a.user < b.user ? -1 : 1));
      // Every open leaver of the app past the bound in all: nothing of them is kept but that there were some.
      const dropped = open.length === 0 && (all.length > 0 || app.dropped);
      return [
        id,
        {
          open,
          closed,
          full: app.full || open.length < all.length,
          ...(dropped && { dropped: true as const }),
          ...(retrying.length > 0 && { retrying }),
          ...(app.folded > 0 && { foldedThrough: app.folded }),
        },
      ];
    });
  const { kept, left } = keptApps(entries);
  return { version: 1, apps: Object.fromEntries(kept), ...(left > 0 && { appsNotKept: left }) };
}

/**
 * The ledger after a window's events: each event once (by uuid), in the order Okta published them, opening and
 * closing leavers by the rules above. `apps` says which apps never deactivate; `now` is when the deactivations Okta
 * retries are judged given up on (default: the newest event). Applying the same events again gives the same ledger.
 */
export function applyEvents(
  ledger: LeaverLedger,
  events: readonly ProvisioningEvent[],
  apps: readonly ProvisioningApp[],
  now?: number,
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
    // A closing of an app holding no one has nothing to close: no entry is made for it (every assignment to an
    // SSO-only app would make one).
    if (kind === undefined && !work.has(event.appId)) continue;
    const app = work.get(event.appId) ?? working(undefined);
    work.set(event.appId, app);
    if (kind === 'retrying') retryIn(app, event.user, event.published);
    else if (kind !== undefined) openIn(app, event.user, event.published, kind);
    else closeIn(app, event.user, event.published);
  }
  promote(work, now ?? latest);
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
): {
  readonly ledger: LeaverLedger;
  readonly acknowledged: number;
  /** The leavers the bound dropped from the app (uncounted), acknowledged with the rest. */
  readonly dropped: boolean;
} {
  const app = Object.hasOwn(ledger.apps, appId) ? ledger.apps[appId] : undefined;
  if (app === undefined) return { ledger, acknowledged: 0, dropped: false };
  const work = new Map(Object.entries(ledger.apps).map(([id, a]) => [id, working(a)]));
  const mine = work.get(appId)!;
  let acknowledged = 0;
  for (const leaver of app.open) {
    if (leaver.since > before) continue;
    mine.open.delete(leaver.user);
    mine.closed.set(leaver.user, Math.max(before, mine.closed.get(leaver.user) ?? 0));
    acknowledged += 1;
  }
  // The leavers the bound dropped are the app's too: the admin's word covers them once none is left open.
  const dropped = mine.dropped && mine.open.size === 0;
  if ((acknowledged > 0 || dropped) && mine.open.size === 0) {
    mine.full = false;
    mine.dropped = false;
  }
  return { ledger: settle(work, Math.max(before, lastClosing(ledger))), acknowledged, dropped };
}
