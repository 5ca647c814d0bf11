// Which apps of a group a session checks: its share of the catalogue, so that every app is checked at least
// every `everyMinutes` in shares spread over the journey's sessions, plus every app that failed or warned at its last
// check (a failure is confirmed or cleared at once, never an hour later). Apps left over by a run that ran out of time
// or budget are the oldest, so the next session takes them first, and it takes up to twice its share to catch up.
// Pure: the catalogue, what is kept of it, the clock and the cadences in; the apps to check, in order, out.
import { DUE_SLACK_MS } from '../../cadence';
import { daysLeft } from '../../expiry';
import { sessionsPerCadence } from '../../../plan/saml-load';
import type { GroupApp, KeptApp } from './apps';

export interface Cadence {
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
  /** Of `apps`, those checked again because they failed or warned at their last check. */
  readonly recheck: number;
}


/** Whether the app failed or warned at its last check: checked again in every session until it passes. */
export function needsRecheck(kept: KeptApp | undefined, now: number, expiryWarnDays: number): boolean {
  if (kept?.at === undefined) return false;
  if (kept.code !== null && kept.code !== undefined) return true;
  return kept.cert !== undefined && daysLeft(kept.cert.notAfter, now) < expiryWarnDays;
}

export function selectShare(apps: readonly GroupApp[], kept: ReadonlyMap<string, KeptApp>, now: number, cadence: Cadence): Share {
  const share = cadence.whole === true ? apps.length : Math.ceil(apps.length / sessionsPerCadence(cadence));
  const recheck: GroupApp[] = [];
  const rest: { app: GroupApp; last: number | undefined; first: number }[] = [];
  for (const app of apps) {
    const k = kept.get(app.id);
    if (needsRecheck(k, now, cadence.expiryWarnDays)) recheck.push(app);
    else rest.push({ app, last: k?.at, first: k?.first ?? now });
  }
  // Never checked first (the oldest to join first), then the longest since its last check; ties in catalogue order.
  rest.sort((a, b) => (a.last === undefined ? (b.last === undefined ? a.first - b.first : -1) : b.last === undefined ? 1 : a.last - b.last));
  const cadenceMs = cadence.everyMinutes * 60_000;
  const late = rest.filter(({ last, first }) => (last === undefined ? now - first >= cadenceMs : now - last >= cadenceMs - DUE_SLACK_MS)).length;
  const take = Math.min(rest.length, Math.max(share, Math.min(late, 2 * share)));
  return { apps: [...recheck, ...rest.slice(0, take).map((r) => r.app)], share, recheck: recheck.length };
}

/** Apps not checked within `factor` times the cadence (never checked: since they joined). */
export function overdueApps(apps: readonly GroupApp[], kept: ReadonlyMap<string, KeptApp>, now: number, everyMinutes: number, factor: number): GroupApp[] {
  const limit = factor * everyMinutes * 60_000;
  return apps.filter((app) => {
    const k = kept.get(app.id);
    return now - (k?.at ?? k?.first ?? now) > limit;
  });
}
