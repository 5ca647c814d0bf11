// A refused password held by the journey's state, told again: at a run that holds it, the user's status
// is read again (GuardContext.recheck: no password is sent), so that a lockout found only now (the first read failed,
// a 429) goes onto the locked-user schedule, and a lock ended since is tried again, rather than both being held
// until the secret changes. Kept apart from guard.ts, which calls it from its one "held" branch.
import type { Judged, Verdict } from '../verdict';
import { refusalAfter, type JourneyState, type Refusal } from './state';
import type { JourneyStateStore } from './store';

/** What the status read again says of a held refusal: the run's verdict, and when the password may be sent again. */
export interface Rechecked {
  readonly verdict: Verdict;
  /** after-backoff: a lockout's back-off (an unlock resumes it); next-run: the lock that refused it has ended. */
  readonly resume: 'after-backoff' | 'next-run';
}

/**
 * The held run told again, with the journey's state rewritten (only if nobody wrote since `version`: a run that lost
 * that race shows the verdict and leaves the state to the winner); undefined when the hold stands.
 */
export async function recheckHeld(
  recheck: ((refusal: Refusal) => Promise<Rechecked | undefined>) | undefined,
  store: JourneyStateStore,
  id: string,
  stored: { readonly state: JourneyState; readonly version: number },
  now: number,
): Promise<{ readonly run: Judged; readonly state: JourneyState } | undefined> {
  const refusal = stored.state.refusal;
  if (recheck === undefined || refusal === undefined) return undefined;
  const told = await recheck(refusal).catch(() => undefined);
  const code = told?.verdict.diagnosis?.code;
  if (told === undefined || code === undefined) return undefined;
  // A lockout is 'blocked' (state.ts): 30 minutes, again and again, whatever came before; the fingerprint is kept.
  const blocked = refusalAfter(refusal, 'blocked', code, refusal.fingerprint, now);
  const next: Refusal = told.resume === 'next-run' ? { ...blocked, until: now } : blocked;
  const state: JourneyState = { ...stored.state, refusal: next };
  await store.claim(id, stored.version, state).catch(() => false);
  return { run: { judgement: told.verdict }, state };
}
