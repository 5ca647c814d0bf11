// A sign-in journey's memory between runs: what must survive a new process, a cold start or a second
// sandbox for the journey never to lock its user out. Pure: the rules that read and write it, no I/O. Where it
// lives (process memory, a file beside --history, an SSM parameter) is the store's business (store.ts).
//
// Okta's lockout policy counts failed password attempts and resets the count only on a successful sign-in (default:
// lock after 10). So every attempt whose answer is not a clear "accepted" is spent for good: the rules below bound
// how many the probe can ever spend per secret version.
import { createHmac, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import type { DiagnosisCode } from '../../contract';
import { codeRow, codesWhere } from '../../diagnosis/registry';
import { isDue } from '../cadence';
import type { JourneyState, LastRun, Lease, PasswordOutcome, Refusal } from '../../journey-state';

export type { JourneyState, LastRun, Lease, PasswordOutcome, Refusal } from '../../journey-state';

/** How long an uncertain or blocked password step backs off before the one more attempt. */
export const BACKOFF_MS = 30 * 60_000;
/**
 * How long a lease holds where nothing bounds the run (the CLI): longer than any journey (8 sequential requests at the
 * 60 s timeoutMs maximum, a TOTP step waited out, the clean-up), so a live run is never taken over; a run that died
 * holding it blocks 10 minutes.
 */
export const LEASE_MS = 10 * 60_000;
/**
 * How long after its run's certain end (Lambda's timeout) a lease still holds: the clocks of two sandboxes, or of two
 * regions, differ by milliseconds under AWS's time sync; 5 s is far beyond that, and below the 10 s the default
 * timeout (50 s) leaves before the next run of a 1-minute schedule, so that run finds it over.
 */
const LEASE_AFTER_END_MS = 5000;

/**
 * When a lease taken at `now` ends. A run whose end is certain (`endsBy`, Lambda's timeout: the invocation is stopped,
 * nothing of it sends anything after) cannot be alive past it, so its lease ends just after, and the next run judges it
 * dead (afterStaleLease) and says so, rather than waiting 10 minutes. Never longer than LEASE_MS.
 */
export function leaseUntil(now: number, endsBy: number | undefined): number {
  return endsBy === undefined ? now + LEASE_MS : Math.min(now + LEASE_MS, Math.max(now, endsBy) + LEASE_AFTER_END_MS);
}

/**
 * The codes that are Okta's word on the password or the account it opens, whenever in the flow they come (the
 * registry's `aboutThePassword`): refused, locked, expired. A flow past its MFA step counts a later failure against the
 * password only when it is one of these.
 */
export const ABOUT_THE_PASSWORD: ReadonlySet<DiagnosisCode> = new Set(
  codesWhere((row) => row.aboutThePassword === true),
);

/**
 * Whether Okta answered without judging the secret (the registry's `secretUnjudged`), so that no attempt was counted
 * against the user's lockout, and the answer ends by itself: retried at the journey's next due run, never held for
 * good (a held journey would stay silent for days after an hour of maintenance).
 * - OKTA_READ_ONLY_MODE: 503 E0000010 "Service is in read only mode" (okta-developer-docs data/error-codes.json); the
 *   org is read-only in maintenance or a disaster-recovery failover (guides/manage-orgs-okta-edr), so Okta cannot
 *   have written a failed attempt.
 * - NETWORK_POLICY_BLOCKED: a 403 without X-Okta-Request-Id: a proxy's, or a network zone's before any policy.
 * - NETWORK_BLOCKLISTED: a blocklist network zone denies "before any policy evaluation" (help.okta.com, network zones).
 * - USER_RATE_LIMITED: the per-user limit's 429 (okta-developer-docs reference/rl2-limits), a 5-second window long
 *   past at the next run; a refusal before the request is served.
 */
const secretUnjudged = (code: DiagnosisCode): boolean => codeRow(code).secretUnjudged === true;

/**
 * A failed TOTP step's outcome: a rejected code is refused (the seed is stale: never again with this secret
 * version); a factor suspended after too many failures is blocked (an admin's reset resumes); a 429, a 5xx or no
 * answer is uncertain (Okta may have counted the code): 30 minutes, then one more, then held.
 */
export function totpOutcomeOfCode(code: DiagnosisCode): Exclude<PasswordOutcome, 'accepted'> {
  // The row's `totp`: a passkey refused is refused again, signed the same way (held until a new passkey, as a stale
  // seed is); Okta's word on the account or the factor at the verify step (Classic answers a lockout there,
  // E0000069) is backed off, so that an admin's unlock or reset resumes the journey without a new secret.
  const { totp } = codeRow(code);
  if (totp === 'refused') return 'refused';
  return totp === 'blocked' || secretUnjudged(code) ? 'blocked' : 'uncertain';
}

/**
 * A failed password step's outcome, from its diagnosis code's row (`password`): refused, blocked (the user's account,
 * or a definite answer not about the password), or uncertain; an answer that judged no secret is blocked.
 */
export function outcomeOfCode(code: DiagnosisCode): Exclude<PasswordOutcome, 'accepted'> {
  const { password } = codeRow(code);
  if (password === 'refused') return 'refused';
  return password !== undefined || secretUnjudged(code) ? 'blocked' : 'uncertain';
}

/**
 * The fingerprint of the most careful state (carefulState): a refusal that holds whatever the secret, since the
 * state that would have told which secret Okta saw is lost.
 */
const ANY_SECRET = '*';
/**
 * How long a journey whose state was lost waits before its next attempt: "attempts unknown". Longer than a lease (a
 * run in flight when the state was lost has ended) and than an uncertain attempt's back-off (the one more attempt it
 * earns comes no sooner than it would have).
 */
export const LOCKOUT_WINDOW_MS = 60 * 60_000;

/** Whether a refusal kept under `kept` is about the secret version `fingerprint`. */
export const sameSecret = (kept: string, fingerprint: string): boolean => kept === fingerprint || kept === ANY_SECRET;

/**
 * The attempts a refusal says Okta may have counted (Refusal.spent; a refusal written before it was kept: its outcome).
 */
const spentOf = (refusal: Refusal): number => refusal.spent ?? (refusal.outcome === 'blocked' ? 0 : 1);

/**
 * The back-off a password step earns:
 * - refused: never again with this secret version (Okta would refuse it again, and count it);
 * - blocked: 30 minutes, again and again (the attempt does not test the password; an unlock or an assignment resumes);
 * - uncertain: 30 minutes, then one more attempt; uncertain or refused again, never again with this secret version.
 * The attempts are counted across blocked answers: only a success resets Okta's count, so a 429 between two uncertain
 * answers resets nothing here either. So one secret version costs Okta's counter at most 2 failed attempts, whatever
 * Okta or the network do.
 */
export function refusalAfter(
  previous: Refusal | undefined,
  outcome: Exclude<PasswordOutcome, 'accepted'>,
  code: DiagnosisCode,
  fingerprint: string,
  now: number,
  step?: 'totp',
): Refusal {
  if (secretUnjudged(code)) return notJudged(previous, code, fingerprint, now, step);
  const same = previous !== undefined && sameSecret(previous.fingerprint, fingerprint) && previous.step === step;
  const spent = (same ? spentOf(previous) : 0) + (outcome === 'blocked' ? 0 : 1);
  const until = outcome === 'refused' || spent >= 2 ? null : now + BACKOFF_MS;
  return { fingerprint, outcome, code, at: now, until, spent, ...(step !== undefined && { step }) };
}

/**
 * The most careful state, for a journey whose state is lost (unreadable, garbage): attempts unknown. One attempt
 * counts as spent whatever the secret, and none is made for one lockout window; after it, one more, and an answer
 * that is not a success then holds the secret for good. No TOTP step up to the window's end is used.
 */
export function carefulState(now: number, why: string): JourneyState {
  const refusal: Refusal = {
    fingerprint: ANY_SECRET,
    outcome: 'uncertain',
    code: 'JOURNEY_STATE_UNAVAILABLE',
    at: now,
    until: now + LOCKOUT_WINDOW_MS,
    spent: 1,
  };
  return {
    refusal,
    totpStep: Math.floor((now + LOCKOUT_WINDOW_MS) / 30_000),
    last: { at: now, code: 'JOURNEY_STATE_UNAVAILABLE', detail: why },
  };
}

/**
 * An answer Okta gave without judging the secret (secretUnjudged): nothing spent, so the next due run tries again. An
 * uncertain attempt before it stays remembered (its outcome kept): the one after it is still the last one allowed, so
 * maintenance between two unreadable answers never buys a third.
 */
function notJudged(
  previous: Refusal | undefined,
  code: DiagnosisCode,
  fingerprint: string,
  now: number,
  step: 'totp' | undefined,
): Refusal {
  // What earlier answers left unanswered stays spent: only a success resets the count, as on Okta.
  const same = previous !== undefined && sameSecret(previous.fingerprint, fingerprint) && previous.step === step;
  const spent = same ? spentOf(previous) : 0;
  return {
    fingerprint,
    outcome: spent > 0 ? 'uncertain' : 'blocked',
    code,
    at: now,
    until: now,
    spent,
    ...(step !== undefined && { step }),
  };
}

/**
 * How often a journey may run before its slot because a check of its org fails: once an hour. A check that fails for
 * good then adds one sign-in an hour to the 60 / everyMinutes of the plan (13 instead of 12 at 5 minutes), never one
 * a run (60 an hour on a 1-minute schedule); the incident is still measured at its start, and on the cadence after.
 */
export const EARLY_EVERY_MS = 60 * 60_000;

/** Whether a journey not due yet may run now, its org failing: no early run within the last EARLY_EVERY_MS. */
export const mayRunEarly = (state: JourneyState, now: number): boolean =>
  state.earlyAt === undefined || now - state.earlyAt >= EARLY_EVERY_MS || state.earlyAt > now;

/** What a run may do with the journey, given its state. */
type Gate =
  | { readonly kind: 'run' }
  /** Another run holds the lease. */
  | { readonly kind: 'busy'; readonly lease: Lease }
  /** Not due yet: everyMinutes have not passed since the last journey. */
  | { readonly kind: 'not-due'; readonly last: LastRun }
  /** The password is not sent: a back-off, or never again with this secret version. */
  | { readonly kind: 'held'; readonly refusal: Refusal };

export function gate(state: JourneyState, now: number, everyMinutes: number, fingerprint: string | undefined): Gate {
  if (state.lease !== undefined && state.lease.until > now) return { kind: 'busy', lease: state.lease };
  const refusal = state.refusal;
  // A new secret version is tried at once: the operator who just fixed it wants to know.
  if (refusal !== undefined && fingerprint !== undefined && !sameSecret(refusal.fingerprint, fingerprint))
    return { kind: 'run' };
  if (state.last !== undefined && !isDue(state.last.at, now, everyMinutes))
    return { kind: 'not-due', last: state.last };
  if (refusal !== undefined && (refusal.until === null || now < refusal.until)) return { kind: 'held', refusal };
  return { kind: 'run' };
}

/**
 * A lease found expired: its holder died mid-journey (a crash, a kill), perhaps after sending the password. That
 * attempt counts as uncertain, from when the lease was taken, unless the holder wrote that Okta accepted the
 * password: a run that dies in any step after Okta's answer (one of the journey's own, or whatever takes its session)
 * never counts against the password.
 */
export function afterStaleLease(state: JourneyState, now: number, fingerprints: StepFingerprints): JourneyState {
  const lease = state.lease;
  if (lease === undefined || lease.until > now) return state;
  const { lease: _stale, ...others } = state;
  // The run that died is this journey's last verdict: the runs until the next one is due repeat it, and page, so a
  // crash is told by the next run after it rather than hidden behind the verdict before it.
  const rest: JourneyState = { ...others, last: diedAt(lease) };
  // Okta accepted the code: a success, which resets its count of failed MFA attempts (and the password's).
  if (lease.totpAccepted !== undefined) {
    const { refusal: _moot, ...verified } = rest;
    return verified;
  }
  // A TOTP code was on its way when the holder died: Okta may have counted it as a failed MFA attempt.
  if (lease.totpSent !== undefined)
    return {
      ...rest,
      refusal: refusalAfter(state.refusal, 'uncertain', 'TIMEOUT', fingerprints.totp, lease.totpSent, 'totp'),
    };
  if (lease.accepted !== undefined) {
    // Accepted, and no code sent: a password's refusal kept from before is moot; a TOTP code's is not (only a
    // successful MFA resets Okta's count of failed ones).
    if (state.refusal?.step === 'totp') return rest;
    const { refusal: _moot, ...accepted } = rest;
    return accepted;
  }
  return { ...rest, refusal: refusalAfter(state.refusal, 'uncertain', 'TIMEOUT', fingerprints.password, lease.since) };
}

/**
 * The verdict of a journey whose run died holding its lease: TIMEOUT, since it began, saying what the next run does.
 */
function diedAt(lease: Lease): LastRun {
  const since = new Date(lease.since).toISOString();
  const after =
    lease.totpAccepted !== undefined
      ? 'after Okta accepted its TOTP code'
      : lease.totpSent !== undefined
        ? 'while its TOTP code was on its way (counted as one unanswered MFA attempt)'
        : lease.accepted !== undefined
          ? 'after Okta accepted its password'
          : "before Okta's answer to its password was kept (counted as one unanswered attempt)";
  return {
    at: lease.since,
    code: 'TIMEOUT',
    detail:
      `the run that began this journey at ${since} stopped before it ended (the function timed out, ran out of ` +
      `memory or was killed), ${after}; see the function's log at that time`,
  };
}

/** The fingerprints a journey's refusals are kept under: the password's, and the TOTP secret's alone. */
interface StepFingerprints {
  readonly password: string;
  readonly totp: string;
}

/**
 * The fingerprints of a user's secret versions, one per step. A TOTP code's refusal is kept under the TOTP secret's
 * alone: a new password does not make a stale seed worth another code (each would be one more failed MFA attempt).
 */
export async function stepFingerprints(credential: FingerprintedSecrets, who: string): Promise<StepFingerprints> {
  const [password, totp] = await Promise.all([
    stepFingerprint(credential, who),
    stepFingerprint(credential, who, 'totp'),
  ]);
  return { password, totp };
}

type FingerprintedSecrets = {
  readonly password: string;
  readonly totpSecret?: string;
  readonly clientSecret?: string;
  readonly passkey?: { readonly privateKeyPem: string };
};

/**
 * The fingerprint a refusal of `step` is kept under (stepFingerprints), computed alone: one scrypt. The MFA step's is
 * the passkey's when the journey has one (its refusal holds until a new passkey), else the TOTP secret's.
 */
export function stepFingerprint(credential: FingerprintedSecrets, who: string, step?: 'totp'): Promise<string> {
  return step === 'totp'
    ? secretFingerprint({ password: credential.passkey?.privateKeyPem ?? credential.totpSecret ?? '' }, `${who} totp`)
    : secretFingerprint(credential, who);
}

/** The fingerprint a refusal of `step` is compared with. */
export const fingerprintOf = (fingerprints: StepFingerprints, step: 'totp' | undefined): string =>
  step === 'totp' ? fingerprints.totp : fingerprints.password;

/**
 * The two states merged, keeping what protects the user: the later journey, the later TOTP step, the later refusal;
 * and the later journey's device cookies.
 * For a store read merged with this process's own memory of a write the store may have missed.
 */
export function safest(a: JourneyState | undefined, b: JourneyState | undefined): JourneyState {
  if (a === undefined) return b ?? {};
  if (b === undefined) return a;
  const later = <T extends { readonly at: number } | { readonly since: number }>(
    x: T | undefined,
    y: T | undefined,
  ): T | undefined =>
    x === undefined
      ? y
      : y === undefined
        ? x
        : ('at' in x ? x.at : x.since) >= ('at' in y ? (y as { at: number }).at : (y as { since: number }).since)
          ? x
          : y;
  const last = later(a.last, b.last);
  const refusal = later(a.refusal, b.refusal);
  const lease = later(a.lease, b.lease);
  const totpStep = Math.max(a.totpStep ?? -1, b.totpStep ?? -1);
  // A counter only grows: the larger of the two, so a missed write never makes a run sign with one already sent.
  const passkeyCounter = Math.max(a.passkeyCounter ?? -1, b.passkeyCounter ?? -1);
  const passkeyAccepted = later(a.passkeyAccepted, b.passkeyAccepted);
  const earlyAt = Math.max(a.earlyAt ?? -1, b.earlyAt ?? -1);
  // The device Okta last remembered: the later journey's cookies (a lost one is a new device once, never a lockout).
  const deviceCookies = (last === b.last ? b.deviceCookies : a.deviceCookies) ?? a.deviceCookies ?? b.deviceCookies;
  // The skips only grow: the larger count is the one a missed write lacks.
  const promotionSkips =
    (a.promotionSkips?.count ?? 0) >= (b.promotionSkips?.count ?? 0) ? a.promotionSkips : b.promotionSkips;
  return {
    ...(last && { last }),
    ...(totpStep >= 0 && { totpStep }),
    ...(passkeyCounter >= 0 && { passkeyCounter }),
    ...(passkeyAccepted && { passkeyAccepted }),
    ...(refusal && { refusal }),
    ...(lease && { lease }),
    ...(earlyAt >= 0 && { earlyAt }),
    ...(deviceCookies && { deviceCookies }),
    ...(promotionSkips && { promotionSkips }),
  };
}

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;
/**
 * scrypt's cost: 8 MB (2^13 × 8 × 128 bytes) and tens of ms of one core per guess. Paid once per process and secret,
 * and only when the state holds a refusal or a password step just failed: a cold start at 256 MB (a seventh of a
 * core) pays it once, a healthy journey never.
 */
const SCRYPT = { N: 2 ** 13, r: 8, p: 1, maxmem: 32 * 1024 * 1024 } as const;
const fingerprints = new Map<string, string>();

/**
 * A secret version's fingerprint, to tell "the same secret Okta refused" from a new one, stored where others may
 * read it (an SSM parameter, a file). Never the secret, and never a plain hash: a sha256 of a password is tested
 * offline at billions of guesses a second. It is scrypt of the password, salted with an HMAC keyed by the user's
 * other secrets (the TOTP secret, the client secret): with a TOTP secret (80+ random bits) it cannot be tested at
 * all without it; without one, each guess costs scrypt's 8 MB and tens of ms. Computed once per process per secret.
 */
export async function secretFingerprint(
  credential: { readonly password: string; readonly totpSecret?: string; readonly clientSecret?: string },
  who: string,
): Promise<string> {
  const key = `${who}\u0000${credential.password}\u0000${credential.totpSecret ?? ''}\u0000${credential.clientSecret ?? ''}`;
  const known = fingerprints.get(key);
  if (known !== undefined) return known;
  const salt = createHmac('sha256', `${credential.totpSecret ?? ''}\u0000${credential.clientSecret ?? ''}`)
    .update(`okta-synthetics journey ${who}`)
    .digest();
  const fingerprint = (await scryptAsync(credential.password, salt, 24, SCRYPT)).toString('base64url');
  if (fingerprints.size > 100) fingerprints.clear();
  fingerprints.set(key, fingerprint);
  return fingerprint;
}
