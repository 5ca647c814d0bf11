// "Due, or repeat the last verdict": the one rule of everything the probe runs less often than itself, a
// sign-in journey every `everyMinutes`, the org inventory every `inventoryEveryMinutes`, a SAML app between its
// journey's runs. What is due runs; what is not repeats the verdict kept from its last run, marked as carried
// (Judged.carried) so that no reader takes it for a fresh one.
import { KEPT_RECORD_MAX_CHARS, STORED_SKEW_MS } from '../contract';
import type { LastRun } from '../journey-state';
import type { ProbeCache } from '../types';
import { redact } from '../text/redact';
import { requestIdIn } from '../text/request-id';
import { lastRunProblem } from './stored-bounds';
import { finding, type Judged, type Judgement, type Observed } from './verdict';

/** Slack under a cadence, so a 5-minute journey on a 1-minute schedule runs every fifth run, not every sixth. */
export const DUE_SLACK_MS = 30_000;

/** When something last run at `at` (epoch ms), every `everyMinutes`, is next due. */
const dueAt = (at: number, everyMinutes: number): number => at + everyMinutes * 60_000 - DUE_SLACK_MS;

/** Whether something last run at `at` (undefined: never) is due at `now`. */
export const isDue = (at: number | undefined, now: number, everyMinutes: number): boolean =>
  at === undefined || now >= dueAt(at, everyMinutes);

/** What a warm process keeps of a run until it is next due: the value and when it was judged. */
export interface Kept<T> {
  readonly value: T;
  readonly at: number;
}

/** The run kept under `key` while it is not due yet; undefined once due (or never kept, or no cache). */
export const keptWhileNotDue = <T>(cache: ProbeCache | undefined, key: string, now: number): Kept<T> | undefined =>
  cache?.get<Kept<T>>(key, now);

/** Keeps `value`, judged at `at`, under `key` until it is next due. */
export function keepUntilDue<T>(
  cache: ProbeCache | undefined,
  key: string,
  value: T,
  at: number,
  everyMinutes: number,
): void {
  cache?.set<Kept<T>>(key, { value, at }, dueAt(at, everyMinutes));
}

/** Longest detail kept: it is repeated between runs, and an SSM parameter holds 4 KB. */
export const MAX_KEPT_DETAIL = 300;

/** A run as kept between runs (a few hundred bytes of JSON): its finding redacted and cut short, and its facts. */
export function keptVerdict(
  run: Judged & { readonly passwordExpiresInDays?: number | null },
  at: number,
  secrets: readonly string[],
): LastRun {
  const j = run.judgement;
  const observed = keptObserved(j.observed, secrets);
  const days = run.passwordExpiresInDays !== undefined ? { passwordExpiresInDays: run.passwordExpiresInDays } : {};
  if ('notRun' in j)
    return {
      at,
      code: null,
      notRun: j.notRun,
      detail: redact(j.reason, secrets).slice(0, MAX_KEPT_DETAIL),
      ...(observed && { observed }),
      ...days,
    };
  const found = j.diagnosis;
  if (found === null) return { at, code: null, ...(observed && { observed }), ...days };
  return {
    at,
    code: found.code,
    ...(found.detail !== undefined && { detail: redact(found.detail, secrets).slice(0, MAX_KEPT_DETAIL) }),
    ...(found.requestId !== null && { requestId: requestIdIn(found.requestId, secrets) }),
    ...(found.httpStatus !== undefined && { httpStatus: found.httpStatus }),
    ...(observed && { observed }),
    ...days,
  };
}

function keptObserved(observed: Observed | undefined, secrets: readonly string[]): Observed | undefined {
  if (observed === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(observed).map(([k, v]) => [
      k,
      typeof v === 'string' ? redact(v, secrets).slice(0, MAX_KEPT_DETAIL) : v,
    ]),
  );
}

/** A verdict kept in a store, repeated: carried (probe/cadence.ts), without a request and without a latency. */
export function carried(last: LastRun): Judged {
  return repeated({ judgement: judgementOf(last) }, last.at);
}

/**
 * A verdict judged at `judgedAt` repeated: carried (typed), and saying so in its facts (`lastJourney`: when the journey
 * ran that judged it, or in whose session a SAML app was judged).
 */
export function repeated(run: Judged, judgedAt: number): Judged {
  const j = run.judgement;
  const observed: Observed = { ...j.observed, lastJourney: new Date(judgedAt).toISOString() };
  return { ...run, judgement: { ...j, observed }, carried: { judgedAt } };
}

function judgementOf(last: LastRun): Judgement {
  const observed = last.observed;
  const facts = observed === undefined ? {} : { observed };
  if (last.notRun !== undefined) return { notRun: last.notRun, reason: last.detail ?? '', ...facts };
  if (last.code === null) return { diagnosis: null, ...facts };
  return {
    diagnosis: finding(last.code, {
      requestId: last.requestId ?? null,
      ...(last.detail !== undefined && { detail: last.detail }),
      ...(last.httpStatus !== undefined && { httpStatus: last.httpStatus }),
    }),
    ...facts,
  };
}

/**
 * A kept verdict read back from a store at `now`, judged field by field: one of another shape (a hand edit, another
 * version) or out of its bounds is no verdict. One dated ahead of now would be repeated as judged in the future, one
 * past Date's range threw when printed, and its facts are printed as they are.
 */
export function isKeptVerdict(last: unknown, now: number): last is LastRun {
  return lastRunProblem(last, 'verdict', now + STORED_SKEW_MS) === undefined;
}

/** A kept verdict without its facts or its detail: what gives way first when a record is full. */
export function shed(last: LastRun, key: 'observed' | 'detail'): LastRun {
  const { observed, detail, ...rest } = last;
  return key === 'observed'
    ? { ...rest, ...(detail !== undefined && { detail }) }
    : { ...rest, ...(observed !== undefined && { observed }) };
}

/** `value` after the first of `steps` (least needed first) that brings its JSON within a kept record's size. */
export function fitWithin<T>(value: T, steps: readonly ((v: T) => T)[], maxChars: number = KEPT_RECORD_MAX_CHARS): T {
  let current = value;
  for (const step of steps) {
    if (JSON.stringify(current).length <= maxChars) break;
    current = step(current);
  }
  return current;
}
