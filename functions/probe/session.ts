// The seam between a sign-in journey and the SAML apps of its user: the one value a journey hands over,
// once a run. The journey knows nothing of its apps and keeps nothing of theirs; the apps know nothing of the journey
// but this.
import { within } from '../deadline';

/** The clean-up's own timeout (token revocation, session close), ms: independent of the run's deadline. */
export const CLEANUP_TIMEOUT_MS = 2000;
// The two below are the engine's and the Lambda's rules of a journey: here, not in sign-in/, so that a probe without
// a journey need not load the journey's code to read them.
/** The most a run waits for its journeys to finish after its checks settled: the clean-up, then the state write. */
export const JOURNEY_FINISH_MS = 3500;
/**
 * What a journey needs after waiting for a TOTP step, ms: the code's answer, then /authorize, the code exchange,
 * /userinfo and the keys. A wait that would leave less before the run's deadline is not begun: nothing is sent.
 */
export const AFTER_TOTP_WAIT_MS = 3000;

/** What a journey hands its SAML apps each run. */
export type JourneySession =
  /** The Okta session it opened, as the Cookie header that carries it (Classic `sid`, Identity Engine `idx`). */
  | { readonly kind: 'open'; readonly cookie: string }
  /** It was not due this run: its verdict is its last run's, judged at `judgedAt`, and so are its apps'. */
  | { readonly kind: 'carried'; readonly judgedAt: number }
  /**
   * No session this run, and why: the sign-in did not get that far (failed, held back, no credential), or it signed the
   * user in and still has none to give (`signedIn`: the flow opens none, or Okta would not give it one).
   */
  | { readonly kind: 'none'; readonly why: string; readonly signedIn: boolean };

/** Takes the journey's session; the journey closes the session once the promise settles. Never rejects. */
export type SessionTaker = (session: JourneySession) => Promise<void>;

/**
 * One taker for every taker of a journey's session (its listed apps, its groups): the session is closed once all are
 * done.
 */
export function takers(...all: readonly (SessionTaker | undefined)[]): SessionTaker | undefined {
  const present = all.filter((t): t is SessionTaker => t !== undefined);
  if (present.length <= 1) return present[0];
  return async (session) => {
    await Promise.all(present.map((take) => take(session)));
  };
}

/**
 * Waits for the journeys still finishing after the deadline settled their checks: their clean-up (on its own
 * CLEANUP_TIMEOUT_MS) and their state write, at most JOURNEY_FINISH_MS, which the Lambda keeps in its finish margin.
 */
export async function finishJourneys(lingering: readonly Promise<unknown>[]): Promise<void> {
  if (lingering.length === 0) return;
  await within(Promise.allSettled(lingering), JOURNEY_FINISH_MS, () => undefined);
}
