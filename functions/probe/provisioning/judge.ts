// Whether provisioning to each app works, from a window's events, the app listing and the leavers' ledger. What each
// event type means is the table of outcomes.ts, what each cause means the table of reason.ts; the rules here, from
// Okta's own account of the events (okta-developer-docs data/event-types.json, help.okta.com ref-apps-events and the
// LCM troubleshooting pages, support.okta.com provisioning KBs):
// - an authentication failure is the connection's, not a user's: one is enough to fail the app;
// - a configuration error, an unreachable app, an app's own rate limit (transient: Okta retries it, concepts/scim; and
//   never the org's Okta rate limit) fail the app until a later success shows it recovered;
// - only the app's own answer shows it recovered: a call to it that succeeded after the failure (outcomes.ts
//   `proves`, `clearedBy`); an admin's act in Okta (an assignment, a revoke, a task marked done) never does;
// - one user's data (a schema or attribute refusal, a conflict) is that user's, not the app's: several users failing
//   the same way, or two or more failing with no success at all, is the app's;
// - a failure Okta says it "will retry" (a group push mapping change) fails nothing by itself;
// - an inactive app, or a connection Okta says is disabled, is said as such, never as failing; an app with no call
//   to it that succeeded in the window (no event, or only an admin's acts in Okta, which never reach the app) is not
//   known to work or fail.
// Only apps Okta pushes to are judged (SSO-only apps are not part of this). Nothing of a user is read but the count
// of distinct keyed hashes; no reason text ever reaches here.
import type { ProvisioningApp } from './app-features';
import type { ProvisioningEvent } from './events';
import type { LeaverLedger } from './ledger';
import { OUTCOMES } from './outcomes';
import { CAUSE_PRIORITY, REASONS, type ReasonClass } from './reason';

/** Distinct users failing the same way that make one user's data the app's failure. */
export const SEVERAL_USERS = 3;

/** An app's provisioning, judged. */
export type AppVerdict =
  | { readonly state: 'works' }
  | {
      readonly state: 'failing';
      readonly cause: ReasonClass;
      /** The app's own rate limit: Okta retries, so it clears by itself unless it lasts. */
      readonly transient: boolean;
      /** Failures of this cause in the window, the distinct users they concern, the first and last (epoch ms). */
      readonly failures: number;
      readonly users: number;
      readonly firstSeen: number;
      readonly lastSeen: number;
    }
  | { readonly state: 'disabled'; readonly why: 'app inactive' | 'connection disabled' }
  | { readonly state: 'unknown' };

/** The leavers of one app, counted and never named. */
export interface AppLeaverCounts {
  readonly open: number;
  /** The app's ledger reached its cap: the count reads "at least". */
  readonly atLeast: boolean;
  /** The ledger's bound of open leavers in all dropped every open one of the app: 0 is no count, at least 1 is. */
  readonly dropped: boolean;
  readonly failedDeactivations: number;
  readonly neverDeactivates: number;
  /** How long the oldest has been open (ms), or null with none. */
  readonly oldestMs: number | null;
}

/** One app's judgement. */
export interface AppJudgement {
  readonly appId: string;
  readonly label: string;
  readonly verdict: AppVerdict;
  /** Whether unassigning deactivates the account in the app (PUSH_USER_DEACTIVATION). */
  readonly deactivates: boolean;
  /** Calls that worked, failed, and failed but will be retried by Okta, in the window. */
  readonly succeeded: number;
  readonly failed: number;
  readonly retried: number;
  /** Distinct users whose own data was refused without failing the app. */
  readonly oneUserData: number;
  /**
   * The figure behind a verdict: Okta's calls to the app in the window, succeeded or not. Pushes are the account
   * calls (push, push_profile, sync, reactivate, verify_exists, the password pushes and their issues), deactivations
   * the deprovisioning calls (deactivate, delete, remove_entitlements).
   */
  readonly pushes: number;
  readonly deactivations: number;
  readonly leavers: AppLeaverCounts;
}

/** The whole org's provisioning: each app, then totals a metric may publish (no app or user in them). */
export interface ProvisioningJudgement {
  readonly apps: readonly AppJudgement[];
  readonly totals: {
    readonly apps: number;
    readonly failing: number;
    readonly disabled: number;
    readonly unknown: number;
    readonly openLeavers: number;
    readonly appsWithLeavers: number;
    readonly oldestLeaverMs: number | null;
  };
}

export interface JudgeInput {
  readonly events: readonly ProvisioningEvent[];
  readonly apps: readonly ProvisioningApp[];
  /** The ledger after this window's events (applyEvents). */
  readonly ledger: LeaverLedger;
  readonly now: number;
  /** The window judged, epoch ms, start included, end excluded. */
  readonly window: { readonly start: number; readonly end: number };
}

/** A failure that is one user's: a per-user cause from a call about one user's account. */
const perUser = (event: ProvisioningEvent): boolean =>
  REASONS[event.cause!].perUser && OUTCOMES[event.eventType].oneUser;

/** A success that is the app's own answer: a call to it that worked (never an act in Okta). */
const proof = (event: ProvisioningEvent): boolean => event.succeeded && OUTCOMES[event.eventType].proves;

function failing(cause: ReasonClass, events: readonly ProvisioningEvent[]): AppVerdict {
  const times = events.map((e) => e.published);
  return {
    state: 'failing',
    cause,
    transient: REASONS[cause].transient,
    failures: events.length,
    users: new Set(events.map((e) => e.user).filter((u) => u !== null)).size,
    firstSeen: Math.min(...times),
    lastSeen: Math.max(...times),
  };
}

/** The call an event is about: its own type, or the call an error of another type reports on (outcomes.ts `call`). */
const callOf = (event: ProvisioningEvent): string => OUTCOMES[event.eventType].call ?? event.eventType;

/**
 * Whether a later success shows a failure's cause gone (outcomes.ts `clearedBy`): a later success of the same call for
 * a call's failure (a profile push that works says nothing of a deactivation refused by a setting; a password push
 * that works clears the password push's issue), a later success of any call that proves the connection for the
 * connection's error.
 */
function recoveries(events: readonly ProvisioningEvent[]): (failure: ProvisioningEvent) => boolean {
  const last = new Map<string, number>();
  let proven = -Infinity;
  for (const e of events) {
    if (!e.succeeded) continue;
    last.set(callOf(e), Math.max(last.get(callOf(e)) ?? -Infinity, e.published));
    if (proof(e)) proven = Math.max(proven, e.published);
  }
  return (failure) =>
    OUTCOMES[failure.eventType].clearedBy === 'call'
      ? (last.get(callOf(failure)) ?? -Infinity) > failure.published
      : proven > failure.published;
}

/** The failing cause of an app's events, or undefined when it works. */
function failingCause(events: readonly ProvisioningEvent[]): AppVerdict | undefined {
  const failures = events.filter((e) => e.failed && OUTCOMES[e.eventType].retried !== 'always');
  const recovered = recoveries(events);
  const active = failures.filter((e) => !perUser(e) && !recovered(e));
  const anyProof = events.some(proof);
  for (const cause of CAUSE_PRIORITY) {
    const wide = active.filter((e) => e.cause === cause);
    if (wide.length > 0) return failing(cause, wide);
    const mine = failures.filter((e) => e.cause === cause && perUser(e));
    const users = new Set(mine.map((e) => e.user ?? e.uuid)).size;
    if (users >= SEVERAL_USERS || (!anyProof && users >= 2)) return failing(cause, mine);
  }
  return undefined;
}

function verdictOf(app: ProvisioningApp, events: readonly ProvisioningEvent[]): AppVerdict {
  if (app.status === 'INACTIVE') return { state: 'disabled', why: 'app inactive' };
  if (app.connection === 'disabled') return { state: 'disabled', why: 'connection disabled' };
  if (events.length === 0) return { state: 'unknown' };
  // "works" only on a call to the app that succeeded: an app whose window holds only admins' acts was never seen.
  return failingCause(events) ?? (events.some(proof) ? { state: 'works' } : { state: 'unknown' });
}

function leaverCounts(ledger: LeaverLedger, appId: string, now: number): AppLeaverCounts {
  const app = Object.hasOwn(ledger.apps, appId) ? ledger.apps[appId] : undefined;
  const open = app?.open ?? [];
  const oldest = open.reduce((min, l) => Math.min(min, l.since), Infinity);
  return {
    open: open.length,
    atLeast: app?.full ?? false,
    dropped: app?.dropped === true && open.length === 0,
    failedDeactivations: open.filter((l) => l.kind === 'failed_deactivation').length,
    neverDeactivates: open.filter((l) => l.kind === 'never_deactivates').length,
    oldestMs: oldest === Infinity ? null : Math.max(0, now - oldest),
  };
}

/** An app seen in events or the ledger but not in the listing (a listing cut short): judged on what is known. */
const unlisted = (id: string, label: string | null): ProvisioningApp => ({
  id,
  label: label ?? id,
  status: 'OTHER',
  features: [],
  unknownFeatures: 0,
  provisions: true,
  creates: false,
  deactivates: true,
});

/** The apps judged: those the listing says Okta pushes to, then any other an event or a leaver names. */
function judgedApps(input: JudgeInput, events: readonly ProvisioningEvent[]): ProvisioningApp[] {
  const listed = new Map(input.apps.map((app) => [app.id, app]));
  const judged = new Map(input.apps.filter((app) => app.provisions).map((app) => [app.id, app]));
  for (const event of events)
    if (!listed.has(event.appId) && !judged.has(event.appId))
      judged.set(event.appId, unlisted(event.appId, event.appLabel));
  for (const [id, app] of Object.entries(input.ledger.apps))
    if ((app.open.length > 0 || app.dropped === true) && !judged.has(id))
      judged.set(id, listed.get(id) ?? unlisted(id, null));
  return [...judged.values()];
}

function judgeApp(app: ProvisioningApp, events: readonly ProvisioningEvent[], input: JudgeInput): AppJudgement {
  const verdict = verdictOf(app, events);
  const oneUser = events.filter((e) => e.failed && e.cause === 'user_data' && perUser(e));
  return {
    appId: app.id,
    label: app.label,
    verdict,
    deactivates: app.deactivates,
    succeeded: events.filter((e) => e.succeeded).length,
    failed: events.filter((e) => e.failed && !e.retried).length,
    retried: events.filter((e) => e.failed && e.retried === true).length,
    oneUserData:
      verdict.state === 'failing' && verdict.cause === 'user_data'
        ? 0
        : new Set(oneUser.map((e) => e.user ?? e.uuid)).size,
    leavers: leaverCounts(input.ledger, app.id, input.now),
    pushes: events.filter((e) => e.action === 'account').length,
    deactivations: events.filter((e) => e.action === 'deactivate').length,
  };
}

/** Each app's provisioning and the org's totals. Pure: the same input gives the same judgement. */
export function judgeProvisioning(input: JudgeInput): ProvisioningJudgement {
  const seen = new Set<string>();
  const events = input.events.filter((e) => {
    if (seen.has(e.uuid) || e.published < input.window.start || e.published >= input.window.end) return false;
    seen.add(e.uuid);
    return true;
  });
  const byApp = new Map<string, ProvisioningEvent[]>();
  for (const event of events) {
    const list = byApp.get(event.appId);
    if (list === undefined) byApp.set(event.appId, [event]);
    else list.push(event);
  }
  const apps = judgedApps(input, events)
    .map((app) => judgeApp(app, byApp.get(app.id) ?? [], input))
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : a.appId < b.appId ? -1 : 1));
  const count = (state: AppVerdict['state']): number => apps.filter((a) => a.verdict.state === state).length;
  const oldest = apps.reduce((max, a) => Math.max(max, a.leavers.oldestMs ?? -1), -1);
  return {
    apps,
    totals: {
      apps: apps.length,
      failing: count('failing'),
      disabled: count('disabled'),
      unknown: count('unknown'),
      openLeavers: apps.reduce((n, a) => n + a.leavers.open, 0),
      appsWithLeavers: apps.filter((a) => a.leavers.open > 0 || a.leavers.dropped).length,
      oldestLeaverMs: oldest < 0 ? null : oldest,
    },
  };
}
