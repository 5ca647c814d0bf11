// A journey's stored state read as hostile input: every field checked for type and range, and every time bounded by
// now plus a small skew, before the lockout rules (state.ts) trust it. A state out of bounds is damaged, and replaced
// by the most careful state as an unreadable one is. Without this, one future year in `lease.until` (a CLI host whose
// clock once ran ahead is enough) stopped the journey for good while every run repeated the last PASS, and a negative
// `refusal.spent` gave more password attempts than the lockout rules allow.
import { DIAGNOSIS_CODES, STORED_SKEW_MS as SKEW_MS } from '../../contract';
import type { JourneyState, Lease, PasskeyAccepted, PromotionSkips, Refusal } from '../../journey-state';
import { MAX_SIGN_COUNT } from '../../credentials/webauthn';
import {
  first,
  hasPrototypeKey,
  isCount,
  isRecord,
  isText,
  isTime,
  lastRunProblem,
  timeProblem,
  type Problem,
} from '../stored-bounds';
import { BACKOFF_MS, LEASE_MS, LOCKOUT_WINDOW_MS } from './state';

/** More than any honest count of attempts with one secret (the rules stop at two). */
const MOST_SPENT = 100;
const MOST_COOKIES = 16;
/** A skip a run, a run a minute at most: ten years of them. */
export const MOST_PROMOTION_SKIPS = 10 * 366 * 24 * 60;
const CODES: ReadonlySet<string> = new Set(DIAGNOSIS_CODES);
const OUTCOMES: ReadonlySet<string> = new Set(['refused', 'blocked', 'uncertain']);

function refusalProblem(refusal: unknown, now: number): Problem {
  if (!isRecord(refusal)) return 'refusal is not an object';
  const r = refusal as Partial<Refusal> & Record<string, unknown>;
  const mostHeld = now + Math.max(BACKOFF_MS, LOCKOUT_WINDOW_MS) + SKEW_MS;
  return (
    first([
      [isText(r.fingerprint) && r.fingerprint !== '', 'refusal.fingerprint is not a fingerprint'],
      [OUTCOMES.has(String(r.outcome)), 'refusal.outcome is not refused, blocked or uncertain'],
      [CODES.has(String(r.code)), 'refusal.code is not a diagnosis code'],
      [r.step === undefined || r.step === 'totp', 'refusal.step is not totp'],
      [r.spent === undefined || isCount(r.spent, MOST_SPENT), `refusal.spent is not a count from 0 to ${MOST_SPENT}`],
      [r.until === null || isTime(r.until), 'refusal.until is neither a time nor null'],
      // Every refusal the rules write holds from its attempt on (refusalAfter, notJudged, carefulState).
      [!isTime(r.until) || !isTime(r.at) || r.until >= r.at, 'refusal.until lies before refusal.at'],
    ]) ??
    timeProblem(r.at ?? -1, 'refusal.at', now + SKEW_MS) ??
    (r.until === null ? undefined : timeProblem(r.until, 'refusal.until', mostHeld))
  );
}

function leaseProblem(lease: unknown, now: number): Problem {
  if (!isRecord(lease)) return 'lease is not an object';
  const l = lease as Partial<Lease> & Record<string, unknown>;
  const latest = now + LEASE_MS + SKEW_MS;
  return (
    first([[isText(l.holder) && l.holder !== '', 'lease.holder is not a text']]) ??
    timeProblem(l.since ?? -1, 'lease.since', now + SKEW_MS) ??
    timeProblem(l.until ?? -1, 'lease.until', latest) ??
    first([[(l.until as number) >= (l.since as number), 'lease.until lies before lease.since']]) ??
    timeProblem(l.accepted, 'lease.accepted', latest) ??
    timeProblem(l.totpSent, 'lease.totpSent', latest) ??
    timeProblem(l.totpAccepted, 'lease.totpAccepted', latest)
  );
}

function cookiesProblem(cookies: unknown): Problem {
  if (!isRecord(cookies)) return 'deviceCookies is not an object';
  const entries = Object.entries(cookies);
  return first([
    [entries.length <= MOST_COOKIES, `deviceCookies holds more than ${MOST_COOKIES} cookies`],
    [
      entries.every(([name, value]) => /^[\w.-]{1,64}$/.test(name) && isText(value)),
      'deviceCookies holds a bad cookie',
    ],
  ]);
}

function passkeyAcceptedProblem(accepted: unknown, now: number): Problem {
  if (!isRecord(accepted)) return 'passkeyAccepted is not an object';
  const a = accepted as Partial<PasskeyAccepted> & Record<string, unknown>;
  return (
    first([
      [isText(a.credentialId) && a.credentialId !== '', 'passkeyAccepted.credentialId is not a text'],
      [isCount(a.counter, MAX_SIGN_COUNT), 'passkeyAccepted.counter is not a counter'],
    ]) ?? timeProblem(a.at ?? -1, 'passkeyAccepted.at', now + SKEW_MS)
  );
}

function promotionSkipsProblem(skips: unknown, now: number): Problem {
  if (!isRecord(skips)) return 'promotionSkips is not an object';
  const p = skips as Partial<PromotionSkips> & Record<string, unknown>;
  return (
    first([
      [
        isCount(p.count, MOST_PROMOTION_SKIPS) && p.count > 0,
        `promotionSkips.count is not from 1 to ${MOST_PROMOTION_SKIPS}`,
      ],
    ]) ?? timeProblem(p.since ?? -1, 'promotionSkips.since', now + SKEW_MS)
  );
}

/**
 * What is wrong with a stored state, or undefined when every field is within its bounds at `now`. Fields it does not
 * know are left alone (a newer version's), prototype keys are refused.
 */
export function journeyStateProblem(state: JourneyState, now: number): Problem {
  const s = state as Record<string, unknown>;
  const records = [s, s.last, s.refusal, s.lease, s.passkeyAccepted, s.promotionSkips].filter(isRecord);
  if (records.some(hasPrototypeKey)) return 'a prototype key';
  const mostStep = Math.floor((now + LOCKOUT_WINDOW_MS + SKEW_MS) / 30_000);
  return (
    (s.last === undefined ? undefined : lastRunProblem(s.last, 'last', now + SKEW_MS)) ??
    (s.refusal === undefined ? undefined : refusalProblem(s.refusal, now)) ??
    (s.lease === undefined ? undefined : leaseProblem(s.lease, now)) ??
    (s.deviceCookies === undefined ? undefined : cookiesProblem(s.deviceCookies)) ??
    first([
      [s.totpStep === undefined || isCount(s.totpStep, mostStep), 'totpStep lies past the latest it may be'],
      [s.closed === undefined || isText(s.closed), 'closed is not a text'],
      [
        s.passkeyCounter === undefined || isCount(s.passkeyCounter, MAX_SIGN_COUNT),
        'passkeyCounter is not a counter from 0 to 2^32 - 1',
      ],
    ]) ??
    (s.passkeyAccepted === undefined ? undefined : passkeyAcceptedProblem(s.passkeyAccepted, now)) ??
    (s.promotionSkips === undefined ? undefined : promotionSkipsProblem(s.promotionSkips, now)) ??
    timeProblem(s.earlyAt, 'earlyAt', now + SKEW_MS)
  );
}
