// An authenticator enrollment grace period, as Identity Engine shows it: the optional enrollment the journey skips,
// and what that skip spends. Okta's enrollment policies let a user put off enrolling "by date" or by "a number of
// skips" (GA 2026, "Skip counts for authenticator enrollment grace periods"). The Sign-In Widget reads both from the
// authenticator each option of select-authenticator-enroll relates to: `gracePeriod: { type: "BY_SKIP_COUNT",
// remainingSkips: 3 }` or `{ type: "BY_DATE_TIME", expiry: "2024-12-17T05:00:00.000Z" }` (playground mocks
// authenticator-enroll-grace-period-login-count-with-skip.json and authenticator-enroll-grace-period-with-skip.json;
// src/v3/src/transformer/selectAuthenticator/utils.ts, "{0} skips remaining"). A probe skips once a run, so a grace
// meant for days of a person's sign-ins is spent in minutes: the journey warns the first time it skips. Pure.
import { adminText } from './idx-denials';
import { fail, judged, notSignedIn, pass, type Judged } from '../verdict';

type Json = Readonly<Record<string, unknown>>;

/** One authenticator Okta lets the user put off enrolling, as its option and related authenticator say. */
export interface EnrollGrace {
  /** The option's label (Okta's text, bounded). */
  readonly name: string;
  /** Skips left before the enrollment is required (BY_SKIP_COUNT), when Okta gave a count. */
  readonly remainingSkips?: number;
  /** When the enrollment becomes required (BY_DATE_TIME), as an ISO date, when Okta gave one. */
  readonly expiry?: string;
}

/** The most options an enrollment form is read for: Okta's catalogue has about a dozen authenticators. */
const MAX_GRACES = 12;
/** A label is an authenticator's name: longer is not Okta's. */
const NAME_MAX = 60;
/** No policy counts skips this high: a larger number is not a count. */
const MAX_SKIPS = 10_000;

/**
 * The grace of each enrollment option, from the authenticator it relates to. Hostile input: a count that is not a
 * whole number in range, or a date that does not parse, is left out, never guessed.
 */
export function readEnrollGrace(
  options: readonly { readonly label: unknown; readonly authenticator: Json | undefined }[],
): EnrollGrace[] {
  return options.slice(0, MAX_GRACES).flatMap((o) => {
    const grace = o.authenticator?.gracePeriod;
    if (typeof grace !== 'object' || grace === null || Array.isArray(grace)) return [];
    const g = grace as Json;
    const name = adminText(o.label, NAME_MAX) || 'an authenticator';
    const skips = g.remainingSkips;
    const remainingSkips =
      typeof skips === 'number' && Number.isInteger(skips) && skips >= 0 && skips <= MAX_SKIPS ? skips : undefined;
    const expiryMs = typeof g.expiry === 'string' && g.expiry.length <= 40 ? Date.parse(g.expiry) : Number.NaN;
    const expiry = Number.isNaN(expiryMs) ? undefined : new Date(expiryMs).toISOString();
    if (remainingSkips === undefined && expiry === undefined) return [];
    return [{ name, ...(remainingSkips !== undefined && { remainingSkips }), ...(expiry !== undefined && { expiry }) }];
  });
}

/** The fewest skips any grace has left, or undefined when none is counted in skips. */
function fewestSkips(graces: readonly EnrollGrace[]): number | undefined {
  const counts = graces.flatMap((g) => (g.remainingSkips === undefined ? [] : [g.remainingSkips]));
  return counts.length === 0 ? undefined : Math.min(...counts);
}

/**
 * The run's observed facts of a skipped enrollment: kept there, so that a run carried between journeys repeats them.
 * Told even when Okta gave no count or date: a skip that spends an unknown grace is still worth a warning.
 */
export function enrollObserved(graces: readonly EnrollGrace[]): {
  readonly enrollGrace: string;
  readonly enrollSkipsLeft?: number;
} {
  const left = fewestSkips(graces);
  return {
    enrollGrace: graces.length === 0 ? 'an optional enrollment, its grace not stated' : describeEnrollGrace(graces),
    ...(left !== undefined && { enrollSkipsLeft: left }),
  };
}

/** "Okta Phone: 3 skips remaining; Security Key: required after 2026-12-01T00:00:00.000Z". */
function describeEnrollGrace(graces: readonly EnrollGrace[]): string {
  return graces
    .map((g) => {
      const parts = [
        ...(g.remainingSkips === undefined
          ? []
          : [g.remainingSkips === 1 ? '1 skip remaining' : `${g.remainingSkips} skips remaining`]),
        ...(g.expiry === undefined ? [] : [`required after ${g.expiry}`]),
      ];
      return `${g.name}: ${parts.join(', ')}`;
    })
    .join('; ');
}

/**
 * enrollment-grace: an enrollment Okta let the user skip for a grace period, a warning from the first run that skips,
 * naming each authenticator and the skips or days left: the probe spends one skip a run, so the journey fails
 * MFA_ENROLLMENT_REQUIRED within that many runs. Skipped when the journey did not sign in: its own diagnosis says why.
 */
export function judgeEnrollGrace(run: Judged): Judged {
  const j = run.judgement;
  if ('notRun' in j || j.diagnosis !== null) return notSignedIn(run) ?? run;
  const grace = j.observed?.enrollGrace;
  if (typeof grace !== 'string') return judged(pass({ enrollSkipsLeft: null }));
  // Okta counts the skips left before this one (the widget shows "{0} skips remaining" on the form it skips).
  const shown = j.observed?.enrollSkipsLeft;
  const left = typeof shown === 'number' ? Math.max(0, shown - 1) : undefined;
  const runs =
    left === undefined
      ? 'the journey fails MFA_ENROLLMENT_REQUIRED once the grace ends'
      : left === 0
        ? 'this run spent the last skip: the next run fails MFA_ENROLLMENT_REQUIRED'
        : `this run spent one skip: ${left} left, so the journey fails MFA_ENROLLMENT_REQUIRED in ${left + 1} runs`;
  return judged(
    fail('ENROLLMENT_GRACE', `Okta let the user skip enrolling (${grace}); ${runs}`, {
      enrollSkipsLeft: left ?? null,
    }),
  );
}
