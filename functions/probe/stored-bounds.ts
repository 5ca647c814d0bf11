// A record read back from a store judged field by field, the way every reader of one does: the journey's state
// (sign-in/state-bounds.ts), the kept verdicts a journey's SAML apps repeat (cadence.ts), a group's kept apps
// (saml/group/apps.ts). Anyone who can write the folder, the SSM parameter or the item can write anything, so a
// check names the first field out of its bounds ("last.at lies 5 min past the latest it may be"), and the reader
// refuses the record as its store's design says (damaged, or absent): never trusted, never a throw.
import { DIAGNOSIS_CODES } from '../contract';
import type { LastRun } from '../journey-state';

/** What is wrong with a record, as "field: what", or undefined when nothing is. */
export type Problem = string | undefined;

/** Longer than any text an honest writer keeps (a kept detail is cut at 300, a fingerprint is 32). */
const MOST_TEXT = 4096;
/** More facts than any check observes (a handful each), so a forged record cannot carry a report's worth. */
const MOST_FACTS = 64;
/**
 * The latest time JavaScript's Date can print (8.64e15 ms, ECMA-262 "Time Values and Time Range"): past it,
 * toISOString throws. Every time a reader accepts is far below it (now plus a skew), this is the floor of that rule.
 */
const DATE_RANGE_MS = 8.64e15;
const CODES: ReadonlySet<string> = new Set(DIAGNOSIS_CODES);

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** A time a reader may compute with and print: finite, not before the epoch, within Date's range. */
export const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= DATE_RANGE_MS;
export const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= MOST_TEXT;
export const isCount = (value: unknown, most: number): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= most;
export const isHttpStatus = (value: unknown): value is number => isCount(value, 599) && value >= 100;
export const isCode = (value: unknown): boolean => typeof value === 'string' && CODES.has(value);
/** A key JSON.parse keeps as an own member that a spread or an assignment would read as the prototype. */
export const hasPrototypeKey = (value: Record<string, unknown>): boolean =>
  ['__proto__', 'constructor', 'prototype'].some((key) => Object.hasOwn(value, key));

/** The first problem of a set of named checks. */
export function first(checks: readonly (readonly [boolean, string])[]): Problem {
  return checks.find(([ok]) => !ok)?.[1];
}

/** A time, when present, no later than `latest` (now and a skew: one further ahead would hold something for good). */
export function timeProblem(value: unknown, field: string, latest: number): Problem {
  if (value === undefined) return undefined;
  if (!isTime(value)) return `${field} is not a time`;
  return value > latest
    ? `${field} lies ${Math.round((value - latest) / 60_000)} min past the latest it may be`
    : undefined;
}

/**
 * A number a check observes (a count, ms, bytes, a rate): finite and within the integers JavaScript counts exactly.
 * Past it no writer's figure lies, and a forged one (1e300) would print as "1e+300" in every report that repeats it.
 */
const isFact = (value: unknown): boolean =>
  typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER;

/** A check's facts: a few short values of the types a report prints. */
function factsProblem(facts: unknown, field: string): Problem {
  if (!isRecord(facts)) return `${field} is not an object`;
  const entries = Object.entries(facts);
  if (entries.length > MOST_FACTS) return `${field} holds more than ${MOST_FACTS} facts`;
  const bad = entries.find(
    ([key, value]) =>
      key.length > 64 || !(value === null || typeof value === 'boolean' || isText(value) || isFact(value)),
  );
  return bad === undefined ? undefined : `${field}.${bad[0].slice(0, 64)} is not a short text, number or boolean`;
}

/**
 * A run's verdict as kept (LastRun: a journey's last run, a SAML app's kept assertion), judged at `latest` (now and
 * a skew): what it says is repeated in reports until its subject is next due.
 */
export function lastRunProblem(last: unknown, field: string, latest: number): Problem {
  if (!isRecord(last)) return `${field} is not an object`;
  const l = last as Partial<LastRun> & Record<string, unknown>;
  const days = l.passwordExpiresInDays;
  return (
    timeProblem(l.at ?? -1, `${field}.at`, latest) ??
    first([
      [l.code === null || isCode(l.code), `${field}.code is not a diagnosis code`],
      [l.detail === undefined || isText(l.detail), `${field}.detail is not a short text`],
      [l.requestId === undefined || l.requestId === null || isText(l.requestId), `${field}.requestId is not a text`],
      [l.httpStatus === undefined || isHttpStatus(l.httpStatus), `${field}.httpStatus is not an HTTP status`],
      [l.notRun === undefined || l.notRun === 'skip' || l.notRun === 'n/a', `${field}.notRun is neither skip nor n/a`],
      [l.authenticator === undefined || l.authenticator === 'passkey', `${field}.authenticator is not "passkey"`],
      // A check that did not run found nothing: its verdict carries no code.
      [l.notRun === undefined || l.code === null, `${field}.notRun carries a diagnosis code`],
      [
        // Okta's number as sent (a warning's days): any finite one, so that Okta's answer never damages the state.
        days === undefined || days === null || (typeof days === 'number' && Number.isFinite(days)),
        `${field}.passwordExpiresInDays is not a number of days`,
      ],
    ]) ??
    (l.observed === undefined ? undefined : factsProblem(l.observed, `${field}.observed`))
  );
}
