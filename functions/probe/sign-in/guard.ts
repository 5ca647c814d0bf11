// The guard every sign-in flow stands on, applied once in runSignIn whatever the flow (authn, direct,
// idx): it reads the journey's state, decides whether this run may send the password at all, takes the lease, and
// after the journey writes what the flow told it. The flows tell it two facts only they know (JourneyFacts); the
// rest it sees by itself: a request carrying the password marks the password as sent, and a second one in the
// same run is never sent.
import { journeyStateProblem } from './state-bounds';
import { randomUUID } from 'node:crypto';
import { pause } from '../../deadline';
import { nextUsableStep } from '../../credentials/totp';
import { MAX_SIGN_COUNT } from '../../credentials/webauthn';
import type { SignInConfig, UserCredential } from '../../types';
import { clockSkewSeconds } from '../clock';
import type { Exchange, ServerContext } from '../context';
import { fail, type Verdict } from '../verdict';
import {
  afterStaleLease,
  gate,
  leaseUntil,
  mayRunEarly,
  safest,
  stepFingerprints,
  type JourneyState,
  type Lease,
  type Refusal,
} from './state';
import { defaultStateStore, storeFailure, type JourneyStateStore } from './store';
import { recheckHeld, type Rechecked } from './recheck';
import { deviceCookiesAfter, keptDeviceCookies, type DeviceCookies } from './device';
import type { HttpResponse } from '../http';
import {
  busy,
  claimLease,
  held,
  readState,
  refusalFingerprint,
  repeated,
  replaceDamaged,
  stateToClaim,
} from './guard-open';
import { finalState, skewed, type JourneyRun, type PasswordAnswer, type StepAnswer } from './guard-outcomes';

/** What a flow tells the journey's state. Every flow calls these; the guard does the rest. */
export interface JourneyFacts {
  /**
   * The password step's answer: call it once, before the next request. A flow that never calls it is judged by its
   * end: a pass counts as accepted, anything else as uncertain.
   */
  passwordStep(answer: PasswordAnswer): void;
  /**
   * The TOTP step to send a code for: after waiting out a step any run already used (Okta refuses a code twice).
   * undefined when the run's deadline ended the wait first: the flow sends no code, and none counts against the factor.
   */
  totpStep(): Promise<number | undefined>;
  /**
   * The passkey's next signature counter, written ahead as the TOTP step is: larger than any a run of this journey
   * sent.
   * undefined when it could not be written: the flow sends no assertion.
   */
  passkeyCounter(): Promise<number | undefined>;
  /** The assertion of this journey's passkey Okta last accepted, if any (a refusal now is a counter behind). */
  passkeyAccepted(): { readonly counter: number; readonly at: number } | undefined;
  /**
   * Okta's answer to the request that carried the TOTP code, once judged: accepted, or the failure's
   * verdict. A code sent and never answered (the run died) counts as uncertain.
   */
  totpAnswer(answer: StepAnswer): void;
  /**
   * A refused password's answer, told again once the user's status was read: a lockout Okta hid behind
   * "wrong password" is a lockout, and is backed off rather than held until the secret changes.
   */
  reconsider(answer: PasswordAnswer): void;
  /**
   * The cookies Okta set to remember the journey's device (device.ts), as kept between runs and updated by this run.
   */
  deviceCookies(): DeviceCookies;
  /** An answer of the org: the device cookies it sets or clears, kept with the journey's state at its end. */
  deviceAnswer(res: Pick<HttpResponse, 'headers' | 'receivedAt'>): void;
  /** The run answered Okta's passkey promotion "Maybe later": counted in the journey's state at its end. */
  promotionSkipped(): void;
}

/** What runSignIn needs of the journey and its run. */
export interface GuardContext {
  readonly signIn: SignInConfig;
  readonly orgUrl: string;
  readonly server: ServerContext;
  readonly journeyState?: JourneyStateStore;
  /** When this run certainly stops (ProbeOptions.endsBy): its lease ends then (leaseUntil). */
  readonly endsBy?: number;
  /** Waits `ms`: true when it did, false when the run's deadline ended the wait first. */
  readonly sleep?: (ms: number) => Promise<boolean>;
  /**
   * A failing check of the same org in this run (an availability check of a server: `default/token
   * OKTA_SERVER_ERROR`), once the org's checks settle; undefined when none failed. A journey not due yet runs now when
   * one did, within the lockout rules: "can users sign in?" is measured while it matters.
   */
  readonly orgFailing?: () => Promise<string | undefined>;
  /** A held refused password told again by the user's status (recheck.ts); sends no password. */
  readonly recheck?: (refusal: Refusal) => Promise<Rechecked | undefined>;
}

/** An opened journey: the exchange and facts for the flow, then finish() with its run. */
export interface OpenJourney {
  readonly exchange: Exchange;
  readonly facts: JourneyFacts;
  /** Why it runs before it is due: the org's failing check (GuardContext.orgFailing). */
  readonly early?: string;
  /**
   * Writes the journey's state. A store that fails leaves the safe side behind (its lease expires and the attempt
   * then counts as unanswered), and is loud: the failing verdict the run then reports instead of its own (never a
   * green run whose state was not kept); undefined when the state was written.
   */
  finish(run: JourneyRun, secrets: readonly string[]): Promise<Verdict | undefined>;
}

/**
 * The last TOTP step each user used in this process, whichever journey and store used it. Beside the state the store
 * keeps (its write-ahead holds the step before the code goes), in case a write was missed.
 */
const stepsUsed = new Map<string, number>();
/** The last passkey counter each user signed with in this process, beside the store's (as stepsUsed). */
const countersUsed = new Map<string, number>();

/** The passkey counter's time floor starts here (2024-01-01): seconds since it fit 4 bytes until 2160. */
const COUNTER_EPOCH_MS = Date.UTC(2024, 0, 1);

/** Forgets what this process remembers of its journeys' steps: as a new process starts, for tests that play several. */
export function forgetUsedSteps(): void {
  stepsUsed.clear();
  countersUsed.clear();
}
/** What this process last wrote for each journey of each store, in case the store missed the write. */
const remembered = new WeakMap<JourneyStateStore, Map<string, JourneyState>>();

export async function openJourney(ctx: GuardContext, credential: UserCredential): Promise<OpenJourney | JourneyRun> {
  const { signIn, server } = ctx;
  const store = ctx.journeyState ?? defaultStateStore(server.cache);
  const memory = remembered.get(store) ?? new Map<string, JourneyState>();
  remembered.set(store, memory);
  const who = `${ctx.orgUrl} ${signIn.username}`;
  const where = store.where(signIn.id);
  const stored = await readState(store, signIn.id, where);
  if ('judgement' in stored) return stored;
  const now = server.now();
  // A state out of bounds (a time far ahead, a negative count) is damaged too: the rules never trust it.
  const bounds = stored.state === undefined ? undefined : journeyStateProblem(stored.state, now);
  const damaged = stored.damaged ?? (bounds === undefined ? undefined : `it holds a value out of bounds: ${bounds}`);
  if (damaged !== undefined) return replaceDamaged(store, signIn.id, stored.version, damaged, where, now, memory);
  let state = safest(stored.state, memory.get(signIn.id));
  const stale = state.lease !== undefined && state.lease.until <= now;
  const fingerprints = stale ? await stepFingerprints(credential, who) : undefined;
  if (fingerprints !== undefined) state = afterStaleLease(state, now, fingerprints);
  const fingerprint = await refusalFingerprint(state, fingerprints, { credential, who });
  const { decided, early } = await decide(ctx, state, now, fingerprint);
  if (decided.kind === 'busy') return busy(state.last, decided.lease.until);
  if (decided.kind === 'not-due') return repeated(decided.last);
  if (decided.kind === 'held') {
    const rechecked = await recheckHeld(ctx.recheck, store, signIn.id, { state, version: stored.version }, now);
    if (rechecked !== undefined) memory.set(signIn.id, rechecked.state);
    return rechecked?.run ?? held(decided.refusal, where);
  }

  const lease: Lease = { holder: randomUUID(), since: now, until: leaseUntil(now, ctx.endsBy) };
  const base = stateToClaim(state, fingerprint, early, now);
  const claimed = await claimLease(store, signIn.id, stored.version, { ...base, lease }, where);
  if (claimed !== true) return claimed === false ? busy(state.last, undefined) : claimed;
  const run = new GuardedRun(ctx, credential, {
    store,
    memory,
    who,
    base,
    startedAt: now,
    lease,
    claimed: stored.version + 1,
  });
  return {
    exchange: run.exchange,
    facts: run,
    finish: (judged, secrets) => run.finish(judged, secrets),
    ...(early !== undefined && { early }),
  };
}

/** Whether the journey runs now: the gate's word, asked again with no cadence when its org is failing. */
async function decide(
  ctx: GuardContext,
  state: JourneyState,
  now: number,
  fingerprint: string | undefined,
): Promise<{ readonly decided: ReturnType<typeof gate>; readonly early: string | undefined }> {
  // A verdict judged with another authenticator is not this journey's: due now (the back-offs still hold).
  const everyMinutes = state.last?.authenticator === ctx.signIn.authenticator ? ctx.signIn.everyMinutes : 0;
  let decided = gate(state, now, everyMinutes, fingerprint);
  let early: string | undefined;
  if (decided.kind === 'not-due' && ctx.orgFailing !== undefined && mayRunEarly(state, now)) {
    early = await ctx.orgFailing();
    // Due now: the lease and the back-offs still hold (a held password stays held).
    if (early !== undefined) decided = gate(state, now, 0, fingerprint);
  }
  return { decided, early };
}

interface Opening {
  readonly store: JourneyStateStore;
  readonly memory: Map<string, JourneyState>;
  readonly who: string;
  readonly base: JourneyState;
  readonly startedAt: number;
  /** The lease this run holds, and the version its claim made (a renewal claims the next). */
  readonly lease: Lease;
  readonly claimed: number;
}

/**
 * What the run did, written into its lease as it happens: the password's acceptance as soon as Okta gave it (a run
 * that dies after it never counts against the password), a TOTP code before it is sent (a run that dies after it
 * counts the code as uncertain). Each a claim of the next version, in order. A failed write is the safe side for the
 * password (the attempt then counts as unanswered); for a code, see totpStep.
 */
class LeaseJournal {
  readonly #store: JourneyStateStore;
  readonly #id: string;
  #version: number;
  #lease: Lease;
  #state: JourneyState;
  #marking: Promise<boolean> | undefined;
  /** Why a write-ahead could not be written: the run then reports it rather than its own verdict. */
  #unwritten: string | undefined;

  constructor(store: JourneyStateStore, id: string, { base, lease, claimed }: Opening) {
    this.#store = store;
    this.#id = id;
    this.#version = claimed;
    this.#lease = lease;
    this.#state = base;
  }

  /** The lease as the marks made so far leave it. */
  get lease(): Lease {
    return this.#lease;
  }

  /** The state written ahead so far (the lease apart). */
  get state(): JourneyState {
    return this.#state;
  }

  /** Why a mark could not be written; undefined while every one was. */
  get unwritten(): string | undefined {
    return this.#unwritten;
  }

  /** Settles once every mark asked for so far has been tried. */
  async settled(): Promise<void> {
    await this.#marking;
  }

  /** Writes `more` into the lease and `kept` into the state, after every mark before it: true when written. */
  mark(more: Partial<Lease>, kept: Partial<JourneyState> = {}): Promise<boolean> {
    this.#marking = (this.#marking ?? Promise.resolve(true)).then(async () => {
      this.#lease = { ...this.#lease, ...more };
      this.#state = { ...this.#state, ...kept };
      const ok = await this.#store
        .claim(this.#id, this.#version, { ...this.#state, lease: this.#lease })
        .catch((error: unknown) => {
          this.#unwritten ??= storeFailure(error, 'write');
          return false;
        });
      if (ok) this.#version += 1;
      else this.#unwritten ??= 'another run wrote it while this run held the lease';
      return ok;
    });
    return this.#marking;
  }
}

/**
 * One opened journey's run: its exchange, which sends the password once, the facts its flow tells, and at its end the
 * journey's state written with what they told.
 */
class GuardedRun implements JourneyFacts {
  readonly #ctx: GuardContext;
  readonly #credential: UserCredential;
  readonly #opening: Opening;
  readonly #journal: LeaseJournal;
  #passwordSent = false;
  #answer: PasswordAnswer | undefined;
  #stepUsed: number | undefined;
  #counterUsed: number | undefined;
  /** The run could not wait for the next TOTP step: not a journey, so the next run is due at once. */
  #stepUnreached = false;
  #totpTold: StepAnswer | undefined;
  #device: DeviceCookies;
  #promotionSkipped = false;
  /** The skew Okta's last dated answer of this journey showed, seconds (clock.ts). */
  #skew: number | undefined;
  /** Whether any request of this run left this machine (an answer, or a failure after the connection was made). */
  #reachedOkta = false;
  /** Whether this run's requests all failed before leaving this machine (at least one did). */
  #unsentOnly = false;

  constructor(ctx: GuardContext, credential: UserCredential, opening: Opening) {
    this.#ctx = ctx;
    this.#credential = credential;
    this.#opening = opening;
    this.#journal = new LeaseJournal(opening.store, ctx.signIn.id, opening);
    // Read from the store bounded (device.ts): a state file or parameter is no trusted input.
    this.#device = keptDeviceCookies(opening.base.deviceCookies);
  }

  readonly exchange: Exchange = async (req) => {
    const { password } = this.#credential;
    const carriesPassword = holds(req.form, password) || holds(req.json, password);
    if (carriesPassword) {
      // At most one password attempt per run, whatever the flow does.
      if (this.#passwordSent)
        return {
          ok: false,
          failure: {
            kind: 'network',
            message: 'not sent: a second password attempt in one run (the probe sends the password once per journey)',
            timings: { total: 0 },
          },
        };
      this.#passwordSent = true;
    }
    const outcome = await this.#ctx.server.exchange(req);
    // A password that never left this machine (our DNS, our network) was no attempt at Okta: nothing is held against
    // it, and the next run sends it, rather than carry our own failure as Okta's answer.
    if (carriesPassword && !outcome.ok && outcome.failure.unsent === true) this.#passwordSent = false;
    if (outcome.ok || outcome.failure.unsent !== true) this.#reachedOkta = true;
    else this.#unsentOnly = !this.#reachedOkta;
    if (outcome.ok)
      this.#skew = clockSkewSeconds(outcome.response.headers['date'], outcome.response.receivedAt) ?? this.#skew;
    return outcome;
  };

  passwordStep(told: PasswordAnswer): void {
    this.#answer ??= told;
    if (this.#answer.accepted && this.#passwordSent && this.#journal.lease.accepted === undefined)
      void this.#journal.mark({ accepted: this.#ctx.server.now() });
  }

  async totpStep(): Promise<number | undefined> {
    const { server } = this.#ctx;
    const { base, who } = this.#opening;
    const last = Math.max(base.totpStep ?? -1, stepsUsed.get(who) ?? -1);
    const after = last < 0 ? undefined : last;
    const { step, waitMs } = nextUsableStep(server.now(), after);
    // A wait the run's deadline ended: the step has not begun, so no code is sent, nor held against the secret.
    if (waitMs > 0 && !(await (this.#ctx.sleep ?? ((ms) => pause(ms).then(() => true)))(waitMs))) {
      this.#stepUnreached = true;
      return undefined;
    }
    stepsUsed.set(who, Math.max(step, stepsUsed.get(who) ?? -1));
    // Written before the code goes, with its step: a run that dies after sending it leaves an uncertain MFA attempt
    // behind and the step used, never a forgotten one. A write that fails sends no code: the run stops, and says so.
    const totpStep = Math.max(step, this.#journal.state.totpStep ?? -1);
    if (!(await this.#journal.mark({ totpSent: server.now() }, { totpStep }))) return undefined;
    this.#stepUsed = step;
    return step;
  }

  async passkeyCounter(): Promise<number | undefined> {
    const { server } = this.#ctx;
    const { base, who } = this.#opening;
    // Never below the seconds since COUNTER_EPOCH_MS: a state lost (a new folder, a deleted parameter) still signs
    // above every counter sent before, as long as runs are a second apart and the clock does not go back.
    const floor = Math.floor((server.now() - COUNTER_EPOCH_MS) / 1000);
    const next = Math.max(base.passkeyCounter ?? 0, countersUsed.get(who) ?? 0, floor - 1) + 1;
    if (next > MAX_SIGN_COUNT) return undefined;
    countersUsed.set(who, next);
    // Written before the assertion goes, with its counter: a run that dies after sending it leaves the counter used
    // and an uncertain MFA attempt behind. A write that fails sends nothing: the run stops, and says so.
    const passkeyCounter = Math.max(next, this.#journal.state.passkeyCounter ?? 0);
    if (!(await this.#journal.mark({ totpSent: server.now() }, { passkeyCounter }))) return undefined;
    this.#counterUsed = next;
    return next;
  }

  passkeyAccepted(): { readonly counter: number; readonly at: number } | undefined {
    const kept = this.#opening.base.passkeyAccepted;
    return kept !== undefined && kept.credentialId === this.#credential.passkey?.credentialId ? kept : undefined;
  }

  totpAnswer(told: StepAnswer): void {
    this.#totpTold ??= skewed(told, this.#skew);
    // A success, written as soon as Okta gave it: a run that dies after it never counts the code as failed.
    if (told.accepted && this.#mfaSent()) void this.#journal.mark({ totpAccepted: this.#ctx.server.now() });
  }

  reconsider(told: PasswordAnswer): void {
    const answer = this.#answer;
    if (answer !== undefined && !answer.accepted && answer.verdict.diagnosis?.code === 'SIGN_IN_REJECTED')
      this.#answer = told;
  }

  deviceCookies(): DeviceCookies {
    return this.#device;
  }

  deviceAnswer(res: Pick<HttpResponse, 'headers' | 'receivedAt'>): void {
    this.#device = deviceCookiesAfter(this.#device, res);
  }

  promotionSkipped(): void {
    this.#promotionSkipped = true;
  }

  /** OpenJourney.finish: the journey's state written, then what the run reports instead of its verdict, if any. */
  async finish(run: JourneyRun, secrets: readonly string[]): Promise<Verdict | undefined> {
    const { store, memory } = this.#opening;
    const id = this.#ctx.signIn.id;
    const final = await this.#finalState(run, secrets);
    memory.set(id, final);
    await this.#journal.settled();
    const where = store.where(id);
    try {
      await store.write(id, { ...final, closed: this.#journal.lease.holder });
    } catch (error) {
      // Kept in this process's memory; the lease then expires in the store, and the next run elsewhere counts
      // this attempt as uncertain (afterStaleLease): the safe side, yet never a quiet one.
      return fail(
        'JOURNEY_STATE_UNAVAILABLE',
        `the journey's state (${where}) could not be written (${storeFailure(error, 'write')}): this run's answer ` +
          `is not kept, so the next run counts its attempt as unanswered and backs off; fix the store (disk ` +
          `space, permissions, the SSM parameter's policy)`,
      );
    }
    const told = this.#totpTold;
    if (told !== undefined && !told.accepted && told.verdict.diagnosis?.code === 'CLOCK_SKEW') return told.verdict;
    const unwritten = this.#journal.unwritten;
    if (unwritten !== undefined)
      return fail(
        'JOURNEY_STATE_UNAVAILABLE',
        `the journey's state (${where}) could not be written before a step that Okta counts (${unwritten}): ` +
          `no TOTP code was sent without it; fix the store (disk space, permissions, the SSM parameter's ` +
          `policy)`,
      );
    return undefined;
  }

  /** A TOTP code or a passkey's assertion was sent this run. */
  #mfaSent(): boolean {
    return this.#stepUsed !== undefined || this.#counterUsed !== undefined;
  }

  /** The journey's state after the run: its verdict, the steps and counter it used, the refusal it leaves. */
  #finalState(run: JourneyRun, secrets: readonly string[]): Promise<JourneyState> {
    const passkey = this.#ctx.signIn.authenticator === 'passkey';
    return finalState(
      run,
      secrets,
      { opening: this.#opening, credential: this.#credential, passkey },
      {
        passwordSent: this.#passwordSent,
        answer: this.#answer,
        stepUsed: this.#stepUsed,
        counterUsed: this.#counterUsed,
        stepUnreached: this.#stepUnreached,
        totpTold: this.#totpTold,
        device: this.#device,
        promotionSkipped: this.#promotionSkipped,
        reachedOkta: this.#reachedOkta,
        unsentOnly: this.#unsentOnly,
        now: this.#ctx.server.now(),
      },
    );
  }
}

/** Whether `value` (a form, a JSON body) has `password` as one of its values, at any depth. */
function holds(value: unknown, password: string): boolean {
  if (value === password) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((item) => holds(item, password));
}
