// The shapes of a sign-in journey's memory between runs, types only: the rules are
// probe/sign-in/state.ts, the stores probe/sign-in/store.ts, cli/journey-state-file.ts and
// lambda/journey-state-dynamodb.ts (and lambda/journey-state-ssm.ts, which it replaces). A top file, so that
// ProbeOptions (types.ts) names the store without reaching the probe.
// Its SAML apps keep their verdicts apart, as a kept record (kept-state.ts).
import type { DiagnosisCode } from './contract';

/** What Okta's answer to the password step says about the password. */
export type PasswordOutcome =
  /** SUCCESS, MFA_REQUIRED, PASSWORD_WARN (or tokens / mfa_required at /token): the password was right. */
  | 'accepted'
  /** Okta said the credentials are wrong: the same password can only be refused again. */
  | 'refused'
  /** A definite answer that is not about this password (locked out, expired, not assigned): an admin's fix resumes. */
  | 'blocked'
  /** No answer the probe could read (timeout, 5xx, unreadable, an unknown code): Okta may have counted a failure. */
  | 'uncertain';

/** A back-off after a password step whose outcome was not `accepted`. */
export interface Refusal {
  /** secretFingerprint() of the secret version that got it: never the secret. */
  readonly fingerprint: string;
  readonly outcome: Exclude<PasswordOutcome, 'accepted'>;
  readonly code: DiagnosisCode;
  /** Epoch ms of the attempt. */
  readonly at: number;
  /** Epoch ms when one more attempt is allowed; null: never again with this secret version. */
  readonly until: number | null;
  /**
   * Which step Okta answered so: the password (absent, as every refusal written before) or the TOTP code.
   * Okta locks a user after 5 failed MFA attempts in a row, and only a successful MFA resets the count: a rejected
   * code is held like a refused password.
   */
  readonly step?: 'totp';
  /**
   * The attempts with this secret version at this step that Okta may have counted as failed since its last success
   * (refused or uncertain; a blocked answer such as a 429 adds none and removes none). Absent in a refusal written
   * before it was kept: 1, unless that refusal was blocked (0). Only a success ends it.
   */
  readonly spent?: number;
}

/** The last journey's report, redacted, repeated by the runs in between (one JSON line, a few hundred bytes). */
export interface LastRun {
  readonly at: number;
  readonly code: DiagnosisCode | null;
  readonly detail?: string;
  readonly requestId?: string | null;
  readonly httpStatus?: number;
  readonly notRun?: 'skip' | 'n/a';
  readonly observed?: Readonly<Record<string, string | number | boolean | null>>;
  readonly passwordExpiresInDays?: number | null;
  /**
   * The authenticator the journey was configured to answer with when it was judged: "passkey", or absent for the
   * password and TOTP code. A verdict of another authenticator than the config names now is not repeated: the journey
   * just set to its new passkey signs in with it at once, never shows the TOTP sign-in before it as its own.
   */
  readonly authenticator?: 'passkey';
}

/** A run signing the user in now: no other run may until `until`. */
export interface Lease {
  readonly holder: string;
  readonly since: number;
  readonly until: number;
  /** Epoch ms Okta accepted the password in this run: if the run dies after it, nothing counts against the password. */
  readonly accepted?: number;
  /**
   * Epoch ms this run was about to send a TOTP code (or a passkey's assertion: the journey's MFA answer), written
   * before
   * it was sent: if the run dies after it, the code counts as an uncertain MFA attempt (Okta locks the user after 5
   * failed in a row).
   */
  readonly totpSent?: number;
  /** Epoch ms Okta accepted this run's TOTP code: if the run dies after it, the code does not count as failed. */
  readonly totpAccepted?: number;
}

export interface JourneyState {
  /** When the journey last ran, and what it reported. */
  readonly last?: LastRun;
  /** The last TOTP step used (30-second steps since the epoch): Okta refuses a code twice in one step. */
  readonly totpStep?: number;
  /**
   * The last passkey signature counter used, written ahead of the assertion that carries it: an authenticator's counter
   * only grows (WebAuthn §6.1.1), so no run ever signs with one already sent.
   */
  readonly passkeyCounter?: number;
  /**
   * The passkey Okta last accepted (its credential id, the counter, when): a later refusal of the same passkey, signed
   * the same way, is a counter the org holds ahead of ours.
   */
  readonly passkeyAccepted?: PasskeyAccepted;
  readonly refusal?: Refusal;
  readonly lease?: Lease;
  /**
   * Epoch ms the last journey that ran before its slot (a check of its org failing) began: at most one such an hour,
   * so that a check failing for good never multiplies the sign-ins (state.ts, mayRunEarly).
   */
  readonly earlyAt?: number;
  /**
   * The holder of the lease whose journey wrote this state at its end: a store that keeps the lease apart (SSM)
   * tells by it that the lease is over, and that nothing the lease recorded is still in flight.
   */
  readonly closed?: string;
  /**
   * The cookies Okta set to remember the journey's device (`DT`), name to value, sent back at every run so that every
   * run after the first is a known device (probe/sign-in/device.ts). A secret: scrubbed from every report and log.
   */
  readonly deviceCookies?: Readonly<Record<string, string>>;
  /**
   * The "Maybe later" this journey's runs answered Okta's passkey promotion with, and since when: Okta's answer shows
   * no skip count of its own (the widget's authenticator-enroll-passkey-promotion-security-key.json), and a skip limit
   * ends the promotion, so `passkey enroll` names what the runs spent when it is offered nothing.
   */
  readonly promotionSkips?: PromotionSkips;
}

/** The journey's skips of the passkey promotion: how many, the first one's epoch ms. */
export interface PromotionSkips {
  readonly count: number;
  readonly since: number;
}

/** A passkey assertion Okta accepted. */
export interface PasskeyAccepted {
  readonly credentialId: string;
  readonly counter: number;
  readonly at: number;
}

export interface StoredState {
  /** undefined: never written. */
  readonly state: JourneyState | undefined;
  /** The write that made it, 0 before the first: claim() compares it. */
  readonly version: number;
  /**
   * The store found a state it cannot read (truncated, garbage): why, and where it kept it for inspection. The state
   * is then undefined and the journey replaces it with the most careful one (state.ts, carefulState), never a fresh
   * one.
   */
  readonly damaged?: string;
}

export interface JourneyStateStore {
  /** Where the journey's state lives, for the texts: "the DynamoDB table acme-journey-state (journey portal)". */
  where(journeyId: string): string;
  /** Throws when the state cannot be read: the journey then sends nothing. */
  read(journeyId: string): Promise<StoredState>;
  /**
   * Writes `state` whole, durably, only if nobody wrote since `version`; false when another run did first (it holds
   * the lease). Every attempt that can count toward a lockout is claimed so before its request leaves (write-ahead):
   * once it resolves true, a run that dies leaves this state behind. Throws when it cannot be written.
   */
  claim(journeyId: string, version: number, state: JourneyState): Promise<boolean>;
  /** The lease holder's write at the journey's end. Throws when it cannot be written. */
  write(journeyId: string, state: JourneyState): Promise<void>;
}
