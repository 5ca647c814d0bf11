// Which apps of a group a session checks: its share of the catalogue, so that every app is checked at least
// every `everyMinutes` in shares spread over the journey's sessions, plus, within half a share more, the apps that
// failed or warned at their last check, the longest unchecked first (a failure is confirmed or cleared within a
// session or a few, never an hour later), then the apps a run that ran out of time or budget left over. A session
// never checks more than one and a half shares, however many apps fail: a catalogue failing for good costs Okta at
// most 1.5 times a healthy one (MAX_SHARE_FACTOR, which plan and cost state as the worst case).
// Pure: the catalogue, what is kept of it, the clock and the cadences in; the apps to check, in order, out.
import { DUE_SLACK_MS } from '../../cadence';
import { daysLeft } from '../../expiry';
import { MAX_SHARE_FACTOR, sessionsPerCadence } from '../../../plan/saml-load';
import type { GroupApp, KeptApp } from './apps';

interface Cadence {
  /** Each app at least this often (samlGroups[].everyMinutes). */
  readonly everyMinutes: number;
  /** How often the journey opens a session: the apps can be checked only then. */
  readonly journeyEveryMinutes: number;
  readonly expiryWarnDays: number;
  /** Every app this session (a one-off run, which has no sessions after it to share with). */
  readonly whole?: boolean;
}

export interface Share {
  /** The apps to check this session, most urgent first: those that failed or warned, then the longest unchecked. */
  readonly apps: readonly GroupApp[];
  /** Apps the cadence asks of each session: the catalogue over the sessions of one `everyMinutes`. */
  readonly share: number;
  /** Of `apps`, those that failed or warned at their last check. */
  readonly recheck: number;
}

/** Whether the app failed or warned at its last check: checked again, within the session's bound, until it passes. */
export function needsRecheck(kept: KeptApp | undefined, now: number, expiryWarnDays: number): boolean {
  if (kept?.at === undefined) return false;
  if (kept.code !== null && kept.code !== undefined) return true;
  return kept.cert !== undefined && daysLeft(kept.cert.notAfter, now) < expiryWarnDays;
}

export function selectShare(
  apps: readonly GroupApp[],
  kept: ReadonlyMap<string, KeptApp>,
  now: number,
  cadence: Cadence,
): Share {
  const share = cadence.whole === true ? apps.length : Math.ceil(apps.length / sessionsPerCadence(cadence));
  const ceiling = Math.max(share, Math.floor(share * MAX_SHARE_FACTOR));
  const cadenceMs = cadence.everyMinutes * 60_000;
  const order = apps.map((app) => {
    const k = kept.get(app.id);
    const last = k?.at;
    const first = k?.first ?? now;
    const late = last === undefined ? now - first >= cadenceMs : now - last >= cadenceMs - DUE_SLACK_MS;
    return { app, last, first, late, failing: needsRecheck(k, now, cadence.expiryWarnDays) };
  });
  // Never checked first (the oldest to join first), then the longest since its last check; ties in catalogue order.
  // A failing app keeps its place in this order too: it is checked on the cadence like any other, whatever the bound.
  order.sort((a, b) =>
    a.last === undefined ? (b.last === undefined ? a.first - b.first : -1) : b.last === undefined ? 1 : a.last - b.last,
  );
  const regular = order.slice(0, share);
  const chosen = new Set(regular);
  // The half share more: the failing apps the longest unchecked first (so that many failing apps take turns), then
  // the late ones a cut-short run left.
  const extra = [
    ...order.filter((o) => o.failing && !chosen.has(o)),
    ...order.filter((o) => o.late && !o.failing && !chosen.has(o)),
  ].slice(0, ceiling - regular.length);
  const taken = [...regular, ...extra];
  // The most urgent first, should the run be cut short: the failing, then the rest in the cadence's order.
  const failing = taken.filter((o) => o.failing);
  return { apps: [...failing, ...taken.filter((o) => !o.failing)].map((o) => o.app), share, recheck: failing.length };
}

/** Apps not checked within `factor` times the cadence (never checked: since they joined). */
export function overdueApps(
  apps: readonly GroupApp[],
  kept: ReadonlyMap<string, KeptApp>,
  now: number,
  everyMinutes: number,
  factor: number,
): GroupApp[] {
  const limit = factor * everyMinutes * 60_000;
  return apps.filter((app) => {
    const k = kept.get(app.id);
    return now - (k?.at ?? k?.first ?? now) > limit;
  });
}
