// A journey's stored state read as hostile input: every field checked for type and range, and every time bounded by
// now plus a small skew, before the lockout rules (state.ts) trust it. A state out of bounds is damaged, and replaced
// by the most careful state as an unreadable one is. Without this, one future year in `lease.until` (a CLI host whose
// clock once ran ahead is enough) stopped the journey for good while every run repeated the last PASS, and a negative
// `refusal.spent` gave more password attempts than the lockout rules allow.
import { DIAGNOSIS_CODES, STORED_SKEW_MS as SKEW_MS } from '../../contract';
import type { JourneyState, LastRun, Lease, PasskeyAccepted, Refusal } from '../../journey-state';
import { MAX_SIGN_COUNT } from '../../credentials/webauthn';
import { BACKOFF_MS, LEASE_MS, LOCKOUT_WINDOW_MS } from './state';

/** More than any honest count of attempts with one secret (the rules stop at two). */
const MOST_SPENT = 100;
const MOST_TEXT = 4096;
const MOST_COOKIES = 16;
const CODES: ReadonlySet<string> = new Set(DIAGNOSIS_CODES);
const OUTCOMES: ReadonlySet<string> = new Set(['refused', 'blocked', 'uncertain']);

type Problem = string | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= MOST_TEXT;

/** The first problem of a set of named checks, as "field: what is wrong". */
function first(checks: readonly (readonly [boolean, string])[]): Problem {
  return checks.find(([ok]) => !ok)?.[1];
}

function timeProblem(value: unknown, field: string, latest: number): Problem {
  if (value === undefined) return undefined;
  if (!isTime(value)) return `${field} is not a time`;
  return value > latest
    ? `${field} lies ${Math.round((value - latest) / 60_000)} min past the latest it may be`
    : undefined;
}

function lastProblem(last: unknown, latest: number): Problem {
  if (!isRecord(last)) return 'last is not an object';
  const l = last as Partial<LastRun> & Record<string, unknown>;
  return (
    timeProblem(l.at ?? -1, 'last.at', latest) ??
    first([
      [l.code === null || CODES.has(String(l.code)), 'last.code is not a diagnosis code'],
      [l.detail === undefined || isText(l.detail), 'last.detail is not a short text'],
      [l.requestId === undefined || l.requestId === null || isText(l.requestId), 'last.requestId is not a text'],
      [
        l.httpStatus === undefined || (Number.isInteger(l.httpStatus) && l.httpStatus >= 100 && l.httpStatus <= 599),
        'last.httpStatus is not an HTTP status',
      ],
      [l.notRun === undefined || l.notRun === 'skip' || l.notRun === 'n/a', 'last.notRun is neither skip nor n/a'],
      [l.observed === undefined || isRecord(l.observed), 'last.observed is not an object'],
    ])
  );
}

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
      [
        r.spent === undefined ||
          (Number.isInteger(r.spent) && (r.spent as number) >= 0 && (r.spent as number) <= MOST_SPENT),
        `refusal.spent is not a count from 0 to ${MOST_SPENT}`,
      ],
      [r.until === null || isTime(r.until), 'refusal.until is neither a time nor null'],
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
      [
        Number.isInteger(a.counter) && (a.counter as number) >= 0 && (a.counter as number) <= MAX_SIGN_COUNT,
        'passkeyAccepted.counter is not a counter',
      ],
    ]) ?? timeProblem(a.at ?? -1, 'passkeyAccepted.at', now + SKEW_MS)
  );
}

/**
 * What is wrong with a stored state, or undefined when every field is within its bounds at `now`. Fields it does not
 * know are left alone (a newer version's), prototype keys are refused.
 */
export function journeyStateProblem(state: JourneyState, now: number): Problem {
  const s = state as Record<string, unknown>;
  if (['__proto__', 'constructor', 'prototype'].some((key) => Object.hasOwn(s, key))) return 'a prototype key';
  const mostStep = Math.floor((now + LOCKOUT_WINDOW_MS + SKEW_MS) / 30_000);
  return (
    (s.last === undefined ? undefined : lastProblem(s.last, now + SKEW_MS)) ??
    (s.refusal === undefined ? undefined : refusalProblem(s.refusal, now)) ??
    (s.lease === undefined ? undefined : leaseProblem(s.lease, now)) ??
    (s.deviceCookies === undefined ? undefined : cookiesProblem(s.deviceCookies)) ??
    first([
      [
        s.totpStep === undefined ||
          (Number.isInteger(s.totpStep) && (s.totpStep as number) >= 0 && (s.totpStep as number) <= mostStep),
        'totpStep lies past the latest it may be',
      ],
      [s.closed === undefined || isText(s.closed), 'closed is not a text'],
      [
        s.passkeyCounter === undefined ||
          (Number.isInteger(s.passkeyCounter) &&
            (s.passkeyCounter as number) >= 0 &&
            (s.passkeyCounter as number) <= MAX_SIGN_COUNT),
        'passkeyCounter is not a counter from 0 to 2^32 - 1',
      ],
    ]) ??
    (s.passkeyAccepted === undefined ? undefined : passkeyAcceptedProblem(s.passkeyAccepted, now)) ??
    timeProblem(s.earlyAt, 'earlyAt', now + SKEW_MS)
  );
}
