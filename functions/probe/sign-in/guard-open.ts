// How the sign-in guard (guard.ts) opens a journey, apart from it for its size: the state read (a damaged one
// replaced by the most careful), the refusal it holds compared, the lease claimed before the password goes, and the
// verdict of a run that sends nothing: not due, another run signing in, or the password held back.
import type { UserCredential } from '../../types';
import { codeRow } from '../../diagnosis/registry';
import { carried } from '../cadence';
import { fail, notApplicable } from '../verdict';
import {
  carefulState,
  fingerprintOf,
  LOCKOUT_WINDOW_MS,
  sameSecret,
  stepFingerprint,
  stepFingerprints,
  type JourneyState,
  type LastRun,
  type Refusal,
} from './state';
import { storeFailure, type JourneyStateStore } from './store';
import { TOTP_SKEW_SECONDS, type JourneyRun } from './guard-outcomes';

/** The journey's state as the store holds it; a verdict when it cannot be read, for the password waits for it. */
export async function readState(
  store: JourneyStateStore,
  id: string,
  where: string,
): Promise<Awaited<ReturnType<JourneyStateStore['read']>> | JourneyRun> {
  try {
    return await store.read(id);
  } catch (error) {
    return {
      judgement: fail(
        'JOURNEY_STATE_UNAVAILABLE',
        `the journey's state (${where}) could not be read (${storeFailure(error, 'read')}): the password is not sent ` +
          `without it, so that no run spends one of the user's lockout attempts blind`,
      ),
    };
  }
}

/**
 * A state the store could not read (garbage, truncated), kept aside by the store: replaced by the most careful state,
 * "attempts unknown: wait one lockout window", never a fresh one, and reported as a failure of this run.
 */
export async function replaceDamaged(
  store: JourneyStateStore,
  id: string,
  version: number,
  damaged: string,
  where: string,
  now: number,
  memory: Map<string, JourneyState>,
): Promise<JourneyRun> {
  const until = new Date(now + LOCKOUT_WINDOW_MS).toISOString();
  const why =
    `the journey's state (${where}) was unreadable (${damaged}); it is replaced by the most careful state: ` +
    `attempts unknown, no password before ${until}`;
  const careful = carefulState(now, why);
  memory.set(id, careful);
  // Claimed, then written as a journey's end: a store that keeps the two apart (SSM) has both replaced.
  const written = await store
    .claim(id, version, careful)
    .then(async (ok) => (ok ? (await store.write(id, careful), '') : '; another run replaced it first'))
    .catch(
      (error: unknown) =>
        `; the careful state could not be written either (${storeFailure(error, 'write')}): ` +
        'nothing is sent until it can be',
    );
  return { judgement: fail('JOURNEY_STATE_UNAVAILABLE', `${why}${written}`) };
}

/** The fingerprint a kept refusal is compared with; none without a refusal. */
export async function refusalFingerprint(
  state: JourneyState,
  fingerprints: Awaited<ReturnType<typeof stepFingerprints>> | undefined,
  { credential, who }: { readonly credential: UserCredential; readonly who: string },
): Promise<string | undefined> {
  // A refusal is compared with the secret of its own step: a TOTP code's with the TOTP secret's alone.
  const step = state.refusal?.step;
  return state.refusal === undefined
    ? undefined
    : fingerprints !== undefined
      ? fingerprintOf(fingerprints, step)
      : await stepFingerprint(credential, who, step);
}

/**
 * The state the run's lease is claimed over: the old lease gone, a refusal dropped once its step's secret changed,
 * and an early run marked.
 */
export function stateToClaim(
  state: JourneyState,
  fingerprint: string | undefined,
  early: string | undefined,
  now: number,
): JourneyState {
  const { lease: _old, ...rest } = state;
  const changed =
    state.refusal !== undefined && fingerprint !== undefined && !sameSecret(state.refusal.fingerprint, fingerprint);
  const { refusal: _refusal, ...withoutRefusal } = rest;
  const kept: JourneyState = changed ? withoutRefusal : rest;
  return early === undefined ? kept : { ...kept, earlyAt: now };
}

/**
 * The write-ahead of the password: once claimed, a run that dies anywhere leaves a lease whose expiry counts the
 * password as an unanswered attempt (afterStaleLease), and the state it was taken over, with what that found. False
 * when another run claimed it first; a verdict when the store failed, for the password is not sent without it.
 */
export async function claimLease(
  store: JourneyStateStore,
  id: string,
  version: number,
  claim: JourneyState,
  where: string,
): Promise<boolean | JourneyRun> {
  try {
    return await store.claim(id, version, claim);
  } catch (error) {
    return {
      judgement: fail(
        'JOURNEY_STATE_UNAVAILABLE',
        `the journey's lease (${where}) could not be written (${storeFailure(error, 'write')}): the password is not ` +
          `sent without it, so that two runs never both sign in and no attempt goes unrecorded`,
      ),
    };
  }
}

/** A run between two journeys: the last verdict again, carried, without a request and without a latency. */
export function repeated(last: LastRun): JourneyRun {
  return {
    ...carried(last),
    ...(last.passwordExpiresInDays !== undefined && { passwordExpiresInDays: last.passwordExpiresInDays }),
  };
}

/** Another run is signing the user in: its verdict will be published; this one repeats the last, or stands aside. */
export function busy(last: LastRun | undefined, until: number | undefined): JourneyRun {
  if (last !== undefined) {
    const again = repeated(last);
    return {
      ...again,
      judgement: { ...again.judgement, observed: { ...again.judgement.observed, concurrentRun: true } },
    };
  }
  const when = until === undefined ? '' : ` (its lease ends by ${new Date(until).toISOString()})`;
  return {
    judgement: notApplicable(`another run is signing this user in now${when}: one sign-in at a time`, {
      concurrentRun: true,
    }),
  };
}

/** The password is held back: a back-off, or never again with this secret version. */
export function held(refusal: Refusal, where: string): JourneyRun {
  const at = new Date(refusal.at).toISOString();
  const resume =
    refusal.code === 'CLOCK_SKEW'
      ? `fix the clock, then delete ${where} to try again at once`
      : `change the secret, or delete ${where}, to try again at once`;
  // A TOTP code's refusal holds the whole journey as a password's does: Okta locks the user after 5 failed MFA
  // attempts in a row, and only a successful MFA resets that count.
  const [what, attempts] =
    refusal.step === 'totp'
      ? [
          codeRow(refusal.code).factor === 'passkey' ? "the passkey's assertion" : 'the TOTP code',
          "the factor's 5 attempts before Okta locks the user",
        ]
      : ['this password', "the user's lockout attempts"];
  const step = refusal.step === 'totp' ? 'the TOTP step' : 'the password step';
  let detail: string;
  if (refusal.code === 'CLOCK_SKEW')
    detail =
      `not sent ${refusal.until === null ? 'again' : `before ${new Date(refusal.until).toISOString()}`}: Okta ` +
      `refused the TOTP code at ${at} while the local clock was off Okta's by more than ${TOTP_SKEW_SECONDS} ` +
      `s, and each code sent so is one of the factor's 5 attempts before Okta locks the user (${resume})`;
  else if (refusal.outcome === 'refused')
    detail =
      `not sent again: Okta refused ${what} at ${at}; the probe waits for a new secret version so that it ` +
      `never spends another of ${attempts} (${resume})`;
  else if (refusal.until === null)
    detail =
      `not sent again: ${step} ended ${refusal.code} at ${at}, after a back-off that ended the same way; Okta ` +
      `may have counted both as failed attempts, so the probe waits for a new secret version (${resume})`;
  else
    detail =
      `not sent again before ${new Date(refusal.until).toISOString()}: ${step} ended ${refusal.code} at ${at}; ` +
      `the probe backs off ${Math.round((refusal.until - refusal.at) / 60_000)} minutes rather than spend ${attempts} ` +
      `(${resume})`;
  // Nothing was measured this run: Okta's answer is the one of `at`, carried (a single 5xx held for 30 minutes is
  // not 30 minutes of Okta down in the availability report), though it still fails, and pages, until it clears.
  return { judgement: fail(refusal.code, detail, { heldSince: at }), carried: { judgedAt: refusal.at } };
}
