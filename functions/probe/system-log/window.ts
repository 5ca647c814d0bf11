// The window of the System Log each run owns: time cut into windows of one schedule period, aligned to the epoch,
// each run owning the last one that ended at least the lag buffer ago (Okta writes events "near real-time"). The
// org's events are polled from a kept cursor (okta/log-cursor.ts); the window says where a run without one starts,
// and what the system-log check reports it read. The failures' look-ups are bounded queries around the run.
import { SYSTEM_LOG } from '../../contract';
import type { Window } from '../okta/log-cursor';

export type { Window } from '../okta/log-cursor';

/** The window the run at `now` owns, for a schedule of `periodMinutes`. */
export function ownedWindow(now: number, periodMinutes: number, lagSeconds: number = SYSTEM_LOG.lagSeconds): Window {
  const period = Math.max(1, Math.round(periodMinutes)) * 60_000;
  const end = Math.floor((now - lagSeconds * 1000) / period) * period;
  return { start: end - period, end };
}

/**
 * A SCIM string value for a filter. Request ids are Okta's (letters, digits, -, _, @, .): anything else (a
 * proxy's id with a quote in it) is not looked up rather than escaped.
 */
function filterValue(value: string): string | undefined {
  return /^[A-Za-z0-9_@.-]{1,64}$/.test(value) ? `"${value}"` : undefined;
}

/** Request ids looked up per run: a run has at most one failing answer per check and server. */
export const MAX_REQUEST_IDS = 20;

/** `transaction.id eq "a" or debugContext.debugData.requestId eq "a" or ...` for the ids that are safe to send. */
export function requestIdFilter(requestIds: Iterable<string>, max = MAX_REQUEST_IDS): string | undefined {
  const clauses = [...new Set(requestIds)].slice(0, max).flatMap((id) => {
    const value = filterValue(id);
    return value === undefined ? [] : [`transaction.id eq ${value}`, `debugContext.debugData.requestId eq ${value}`];
  });
  return clauses.length === 0 ? undefined : clauses.join(' or ');
}
