// Stateless polling of the System Log. The Lambda keeps nothing between runs, so time is cut into
// windows of one schedule period, aligned to the epoch, and each run owns exactly one: the last window that ended
// at least the lag buffer ago (Okta writes events "near real-time"; an `until` near now may miss some). The run
// queries a wider, overlapping range and keeps only the events published inside its window, each uuid once: an
// event is counted by exactly one run, and a run that starts a few seconds early or late still owns the right
// window. A run that never happens leaves its window unread (the next reads only its own).
import { SYSTEM_LOG } from '../../contract';

/** [start, end) in epoch ms. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/** The window the run at `now` owns, for a schedule of `periodMinutes`. */
export function ownedWindow(now: number, periodMinutes: number, lagSeconds: number = SYSTEM_LOG.lagSeconds): Window {
  const period = Math.max(1, Math.round(periodMinutes)) * 60_000;
  const end = Math.floor((now - lagSeconds * 1000) / period) * period;
  return { start: end - period, end };
}

/**
 * The range the run asks Okta for: from a minute before its window (an event's `published` and the moment Okta
 * makes it readable differ) to now. Bounded (since + until), so Okta orders it and the last page has no next link.
 */
export function queryRange(window: Window, now: number): { since: string; until: string } {
  return { since: new Date(window.start - 60_000).toISOString(), until: new Date(now).toISOString() };
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
