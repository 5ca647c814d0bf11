// What the sign-in guard (guard.ts) makes of a run once it ends, apart from it for its size: the answers a flow
// tells, judged into the password's and the TOTP code's outcomes, and the journey's state written after the run
// (the refusal it keeps, the steps and counter it used, the promotion's skips).
import { MOST_PROMOTION_SKIPS } from './state-bounds';
import type { DiagnosisCode } from '../../contract';
import { userCredentialValues } from '../../credentials/secret-values';
import type { UserCredential } from '../../types';
import { keptVerdict } from '../cadence';
import { CLOCK_FIX } from '../clock';
import { fail, finding, passed, withFoundRequest, type Judged, type Verdict } from '../verdict';
import {
  outcomeOfCode,
  refusalAfter,
  stepFingerprint,
  totpOutcomeOfCode,
  type JourneyState,
  type PasswordOutcome,
  type Refusal,
} from './state';
import type { DeviceCookies } from './device';

/**
 * Okta's answer to the request that carried the password, once judged (every flow tells it in this one shape):
 * accepted for SUCCESS, MFA_REQUIRED, PASSWORD_WARN (or tokens, or mfa_required at /token), with the days Okta warned
 * of (null: no warning; absent: the flow cannot tell, as Direct Authentication); else the failure's verdict.
 */
export type PasswordAnswer =
  | { readonly accepted: true; readonly expiresInDays?: number | null }
  | { readonly accepted: false; readonly verdict: Verdict };

/** Okta's answer to one step that carries a secret, judged: accepted, or the failure's verdict. */
export type StepAnswer = { readonly accepted: true } | { readonly accepted: false; readonly verdict: Verdict };

/** A journey's run as the state keeps it and gives it back: its judgement, and what password-expiry reads. */
export interface JourneyRun extends Judged {
  /**
   * Days left when Okta warned (PASSWORD_WARN), null when the password was accepted without a warning, absent when not
   * known.
   */
  readonly passwordExpiresInDays?: number | null;
}

/** What a run did and was told, as GuardedRun kept it: what the journey's state after it is made of. */
interface RunRecord {
  readonly passwordSent: boolean;
  readonly answer: PasswordAnswer | undefined;
  readonly stepUsed: number | undefined;
  readonly counterUsed: number | undefined;
  /** The run could not wait for the next TOTP step: not a journey, so the next run is due at once. */
  readonly stepUnreached: boolean;
  readonly totpTold: StepAnswer | undefined;
  readonly device: DeviceCookies;
  readonly promotionSkipped: boolean;
  /** Whether any request of the run left this machine, and whether all of them failed before leaving it. */
  readonly reachedOkta: boolean;
  readonly unsentOnly: boolean;
  readonly now: number;
}

/** The journey as the run opened it: the state its lease was claimed over, whose it is, and when it began. */
interface Opened {
  readonly base: JourneyState;
  readonly who: string;
  readonly startedAt: number;
}

/** The journey's state after the run: its verdict, the steps and counter it used, the refusal it leaves. */
export async function finalState(
  run: JourneyRun,
  secrets: readonly string[],
  {
    opening,
    credential,
    passkey,
  }: { readonly opening: Opened; readonly credential: UserCredential; readonly passkey: boolean },
  did: RunRecord,
): Promise<JourneyState> {
  const { now } = did;
  const { base } = opening;
  // A TOTP code or a passkey's assertion was sent this run.
  const mfaSent = did.stepUsed !== undefined || did.counterUsed !== undefined;
  const refusal = await refusalAfterRun(opening, credential, {
    password: passwordOutcome(did.passwordSent, did.answer, run),
    totp: totpOutcome(mfaSent, did.totpTold),
    run,
  });
  const { refusal: _r, lease: _l, deviceCookies: _d, ...kept } = base;
  const totpStep = Math.max(did.stepUsed ?? -1, base.totpStep ?? -1);
  const passkeyState = passkeyKept(base, credential, { counterUsed: did.counterUsed, told: did.totpTold, now });
  // A run that stopped short of its TOTP step is no journey: the last one stays, and the next run signs in. Nor is
  // one none of whose requests left this machine (our DNS, our network): it is no verdict of Okta to repeat.
  const last =
    did.stepUnreached || (did.unsentOnly && !did.reachedOkta)
      ? base.last
      : {
          ...keptVerdict(run, now, [...secrets, ...userCredentialValues(credential)]),
          ...(passkey && { authenticator: 'passkey' as const }),
        };
  return {
    ...kept,
    ...(last !== undefined && { last }),
    ...(totpStep >= 0 && { totpStep }),
    ...passkeyState,
    ...(refusal !== undefined && { refusal }),
    // Not written ahead: a device cookie lost with a run that died is a new device once, never an attempt.
    ...(Object.keys(did.device).length > 0 && { deviceCookies: did.device }),
    ...promotionSkipsAfter(base, did.promotionSkipped, now),
  };
}

/**
 * The promotion's skips after the run: one more when it answered "Maybe later". Not written ahead: a skip lost with a
 * run that died costs no attempt, only one uncounted in what `passkey enroll` tells.
 */
function promotionSkipsAfter(base: JourneyState, skipped: boolean, now: number): Pick<JourneyState, 'promotionSkips'> {
  const before = base.promotionSkips;
  if (!skipped) return before === undefined ? {} : { promotionSkips: before };
  const count = Math.min((before?.count ?? 0) + 1, MOST_PROMOTION_SKIPS);
  return { promotionSkips: { count, since: before?.since ?? now } };
}

/** The passkey's counter after the run (never lower than before), and the assertion Okta last accepted. */
function passkeyKept(
  base: JourneyState,
  credential: UserCredential,
  { counterUsed, told, now }: { counterUsed: number | undefined; told: StepAnswer | undefined; now: number },
): Pick<JourneyState, 'passkeyCounter' | 'passkeyAccepted'> {
  const counter = Math.max(counterUsed ?? -1, base.passkeyCounter ?? -1);
  const credentialId = credential.passkey?.credentialId;
  const accepted =
    counterUsed !== undefined && told?.accepted === true && credentialId !== undefined
      ? { credentialId, counter: counterUsed, at: now }
      : base.passkeyAccepted;
  return {
    ...(counter >= 0 && { passkeyCounter: counter }),
    ...(accepted !== undefined && { passkeyAccepted: accepted }),
  };
}

/**
 * Beyond this skew, seconds, a refused TOTP code is the clock's doing before the seed's: a code is accepted within
 * ±30 s (one step), and a clock half of that off already loses codes near a step's edge.
 */
export const TOTP_SKEW_SECONDS = 15;

/**
 * A TOTP code Okta refused while its answers showed the local clock TOTP_SKEW_SECONDS or more off: CLOCK_SKEW, never
 * a stale seed. It still counts as a failed MFA attempt (an uncertain one: 30 minutes, one more, then held).
 */
export function skewed(told: StepAnswer, skew: number | undefined): StepAnswer {
  const found = told.accepted ? null : told.verdict.diagnosis;
  if (told.accepted || found?.code !== 'TOTP_REJECTED' || skew === undefined || Math.abs(skew) < TOTP_SKEW_SECONDS)
    return told;
  const detail =
    `Okta refused the TOTP code while its clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} the ` +
    `local clock: the code was of the wrong 30-second step, not of a stale seed; ${CLOCK_FIX}`;
  return {
    accepted: false,
    verdict: withFoundRequest(fail('CLOCK_SKEW', detail, { ...told.verdict.observed, skewSeconds: skew }), found),
  };
}

/** What a run's answers were: the password's and the TOTP code's outcomes, and the run's verdict. */
interface RunAnswers {
  readonly password: ReturnType<typeof passwordOutcome>;
  readonly totp: ReturnType<typeof totpOutcome>;
  readonly run: Judged;
}

/** The refusal the journey's state keeps after the run: a refused answer held, and when an accepted one ends it. */
async function refusalAfterRun(
  { base, who, startedAt }: Opened,
  credential: UserCredential,
  { password, totp, run }: RunAnswers,
): Promise<Refusal | undefined> {
  if (password !== undefined && password.kind !== 'accepted')
    return refusalAfter(base.refusal, password.kind, password.code, await stepFingerprint(credential, who), startedAt);
  // The password was right; a TOTP code Okta did not accept is held as a refused password is.
  if (totp !== undefined && totp.kind !== 'accepted')
    return refusalAfter(
      base.refusal,
      totp.kind,
      totp.code,
      await stepFingerprint(credential, who, 'totp'),
      startedAt,
      'totp',
    );
  // Only a code Okta accepted, or a sign-in that passed without one, ends a TOTP code's refusal: a run that
  // stopped after the password leaves Okta's count of failed MFA attempts where it was.
  if (totp?.kind === 'accepted' || (password?.kind === 'accepted' && (base.refusal?.step !== 'totp' || passed(run))))
    return undefined;
  return base.refusal;
}

/** The password step's outcome as the flow told it, or as the run's end shows it; undefined when it was never sent. */
function passwordOutcome(
  sent: boolean,
  answer: PasswordAnswer | undefined,
  run: Judged,
): { kind: PasswordOutcome; code: DiagnosisCode } | undefined {
  if (!sent) return undefined;
  if (answer?.accepted === true) return { kind: 'accepted', code: 'SIGN_IN_REJECTED' };
  const found = answer !== undefined ? answer.verdict.diagnosis : findingOfRun(run);
  if (found === null)
    return answer === undefined
      ? { kind: 'accepted', code: 'SIGN_IN_REJECTED' }
      : { kind: 'uncertain', code: 'UNEXPECTED_RESPONSE' };
  return { kind: answer === undefined ? 'uncertain' : outcomeOfCode(found.code), code: found.code };
}

/**
 * The TOTP step's outcome as the flow told it; undefined when no code was sent; uncertain when sent and never answered.
 */
function totpOutcome(
  sent: boolean,
  told: StepAnswer | undefined,
): { kind: PasswordOutcome; code: DiagnosisCode } | undefined {
  if (!sent) return undefined;
  if (told === undefined) return { kind: 'uncertain', code: 'TIMEOUT' };
  if (told.accepted) return { kind: 'accepted', code: 'TOTP_REJECTED' };
  const code = told.verdict.diagnosis?.code ?? 'UNEXPECTED_RESPONSE';
  return { kind: totpOutcomeOfCode(code), code };
}

const findingOfRun = (run: Judged) =>
  'notRun' in run.judgement ? finding('UNEXPECTED_RESPONSE') : run.judgement.diagnosis;
