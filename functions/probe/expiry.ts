// How long until something expires, for every judge that says so: the TLS certificate, a SAML app's
// signing certificate, the inventory's tokens and certificates. One rounding (floored to a tenth of a day, so that
// what expires within the day reads 0.x, never 0 nor 1) and one wording.
import { DAY_MS } from '../contract';

/** Days from `now` to `at` (epoch ms), floored to a tenth; negative once past. */
export const daysLeft = (at: number, now: number): number => Math.floor(((at - now) / DAY_MS) * 10) / 10;

/** Days from `now` to an ISO 8601 instant (daysLeft); null when unreadable. */
export function daysUntil(iso: string | undefined, now: number): number | null {
  if (iso === undefined) return null;
  const at = Date.parse(iso);
  return Number.isFinite(at) ? daysLeft(at, now) : null;
}

/** "in 12 days (2026-12-05)", "within a day (2026-12-05 14:00 UTC)", "3 days ago (2026-11-20)", for a detail. */
export function whenText(days: number, iso: string): string {
  const date = iso.slice(0, 10);
  if (days < 0) {
    const ago = Math.ceil(-days);
    return `${ago === 1 ? '1 day' : `${ago} days`} ago (${date})`;
  }
  if (days < 1) return `within a day (${iso.slice(0, 16).replace('T', ' ')} UTC)`;
  const left = Math.floor(days);
  return `in ${left === 1 ? '1 day' : `${left} days`} (${date})`;
}
