// What a flow works with, whichever it is (authn, idx, browser, direct): the journey's context, and the run's record
// and shared steps (JourneyKit): each request counted, named and sent from the journey's one device, the user's token
// requests, the run's one TOTP code, and what Okta's answers tell the journey's state and password-expiry. The flows
// are peers, each a function of the kit (flows/authn.ts, flows/direct.ts, flows/idx-flow.ts, flows/browser/flow.ts).
import { decodeBase32, totpCode } from '../../../credentials/totp';
import { MIN_SCRUBBED_COOKIE, type HttpOutcome } from '../../http';
import type { PageEvidence, SignInConfig, UserCredential, UserCredentialResult } from '../../../types';
import type { Exchange, ServerContext } from '../../context';
import type { FlowIo, TotpCode } from '../idx';
import { type PageFacts } from './browser/page-facts';
import type { PageRecorder } from './browser/evidence';
import type { AppVisit, IdTokenFacts } from '../app-judge';
import { asDevice, journeyDeviceToken, type JourneyDevice } from '../device';
import type { EnrollGrace } from '../enroll-grace';
import { judgeUserTokens, type TokenAnswer } from '../judge';
import { fail, failureVerdict, pass, skip } from '../../verdict';
import type { SessionTaker } from '../../session';
import type { JourneyFacts } from '../guard';
import type { JourneyRun, PasswordAnswer } from '../guard-outcomes';
import type { UserStatusRead } from '../lockout';
import type { JourneyStateStore } from '../store';
import type { AppIo } from '../app-sign-in';

export interface SignInContext {
  readonly signIn: SignInConfig;
  readonly orgUrl: string;
  /** The context of the server that signs the user in: its endpoints, the run's exchange, clock and cache. */
  readonly server: ServerContext;
  readonly credential: UserCredentialResult | undefined;
  /** Waits for the next TOTP step (tests pass their own): true when it did, false when the run's deadline ended it. */
  readonly sleep?: (ms: number) => Promise<boolean>;
  /** The SAML checks' one reader of the assertion a journey's SAML app is posted (app-sign-in.ts AppIo). */
  readonly readAssertion?: AppIo['readAssertion'];
  /**
   * Takes the journey's session once a run: the Okta session the flow opened, after the journey is judged
   * and timed and before its clean-up closes it; or that the journey's verdict is carried; or why there is none. The
   * SAML apps of this journey's user take it (a session is reused, never a second password).
   */
  readonly handOver?: SessionTaker;
  /** Where the journey's state lives between runs; default: with `server.cache`, else this run only. */
  readonly journeyState?: JourneyStateStore;
  /** The config's timeoutMs: the browser flow's wait for each step of the page. */
  readonly timeoutMs?: number;
  /** When this run certainly stops (ProbeOptions.endsBy): its lease ends then, not LEASE_MS later. */
  readonly endsBy?: number;
  /** `passkey enroll`'s attestation (ProbeOptions.enrollPasskey): the IDX flow enrolls a passkey where offered. */
  readonly enrollPasskey?: FlowIo['attest'];
  /**
   * Sends the clean-up (revoke, session close) on its own short timeout, not the run's deadline; default
   * server.exchange.
   */
  readonly cleanupExchange?: Exchange;
  /** Told as soon as Okta's answer to the password is judged, so that password-expiry need not wait for the rest. */
  readonly onPasswordJudged?: (run: SignInRun) => void;
  /**
   * A failing check of the same org in this run, once they settle (GuardContext.orgFailing): a journey not due runs
   * now.
   */
  readonly orgFailing?: () => Promise<string | undefined>;
  /**
   * The synthetic user's status, to tell a hidden lockout from a wrong password: `via` names the org server
   * whose key reads it; `read` is absent when that server's scopes lack okta.users.read. Absent: no org server.
   */
  readonly userStatus?: { readonly via: string; readonly read?: () => Promise<UserStatusRead> };
  /**
   * Keeps a failed browser journey's screenshot and page trace beside its HAR (ProbeOptions.har); absent, none is
   * taken.
   */
  readonly keepPage?: (evidence: PageEvidence) => void;
}

/** What a flow works with: the journey's context, its guarded exchange and the facts it tells the journey's state. */
export interface FlowContext extends SignInContext {
  readonly journey: JourneyFacts;
}

/** The journey's judgement, timed over the whole journey (durationMs), with what password-expiry reads. */
export type SignInRun = JourneyRun & {
  /** The walk into the journey's app (signIn[].app), after its sign-in: what app-sign-in judges. */
  readonly app?: AppVisit;
  /** What the ID token Okta issued this run holds (its aud, its claims' names): what the app was given. */
  readonly idToken?: IdTokenFacts;
};

/**
 * Why a journey stopped before its TOTP code: the current step's code was used by an earlier run (Okta refuses a
 * code twice in one step), and this run's deadline came before the next step began. Nothing was sent.
 */
export const TOTP_STEP_UNREACHED =
  "the run's deadline came before the next TOTP step began (an earlier run used the current step's code, " +
  'which Okta refuses twice): no code was sent, and the next run signs in';

/** One run of a journey: what it sent and heard, and the steps every flow shares. */
export class JourneyKit {
  readonly ctx: FlowContext;
  readonly credential: UserCredential;
  readonly secrets: string[] = [];
  readonly steps: string[] = [];
  /** Each step's time from its send to Okta's answer, ms, beside steps. */
  readonly stepMs: number[] = [];
  /** The authenticators the journey answered Okta with, in order: the password, a TOTP code's, the passkey. */
  readonly answered: string[] = [];
  requests = 0;
  passwordDays: number | null | undefined;
  /** The walk into the journey's app this run, and its time (kept out of the journey's latency). */
  appVisit: AppVisit | undefined;
  appMs = 0;
  /** What the ID token Okta issued this run holds: its aud and its claims' names, never their values. */
  idToken: IdTokenFacts | undefined;
  /** The device assurance grace period Okta let the user through this run (device-assurance reads it). */
  deviceGrace: { readonly until: string; readonly asks: readonly string[] } | undefined;
  /** The optional enrollment skipped this run, each authenticator's grace (enrollment-grace reads it). */
  enrollGrace: readonly EnrollGrace[] | undefined;
  /** The Okta session the flow opened, as a Cookie header value: `sid=...` or `idx=...`. Closed last. */
  sessionCookie: string | undefined;
  /** What the browser saw of the hosted sign-in page (the "browser" flow), and the budget it rendered against. */
  page: { readonly facts: PageFacts; readonly budgetMs: number; readonly recorder?: PageRecorder } | undefined;
  /** Which session it is and how it was got (observed.session), or why there is none when one was wanted. */
  session: { readonly how: string } | { readonly why: string } | undefined;

  constructor(ctx: FlowContext, credential: UserCredential) {
    this.ctx = ctx;
    this.credential = credential;
  }

  /**
   * One request of the journey, counted and named for the report (never with its parameters). To the org it comes from
   * the journey's one device (device.ts), and the device cookies Okta sets are kept: every run after the first is
   * known.
   */
  async send(step: string, req: Parameters<ServerContext['exchange']>[0], answers?: string): Promise<HttpOutcome> {
    this.requests += 1;
    this.steps.push(step);
    if (answers !== undefined) this.answered.push(answers);
    const index = this.stepMs.push(0) - 1;
    const started = performance.now();
    const timed = (outcome: HttpOutcome): HttpOutcome => {
      this.stepMs[index] = Math.round(performance.now() - started);
      return outcome;
    };
    if (!URL.canParse(req.url) || new URL(req.url).origin !== new URL(this.ctx.orgUrl).origin)
      return timed(await this.ctx.server.exchange(req));
    const outcome = timed(await this.ctx.server.exchange(asDevice(req, this.device())));
    if (outcome.ok) this.ctx.journey.deviceAnswer(outcome.response);
    this.device();
    return outcome;
  }

  /**
   * The journey's device: its cookies, and an IDX journey's device ID; each kept among the run's secrets, never
   * printed.
   */
  device(): JourneyDevice {
    const device = {
      cookies: this.ctx.journey.deviceCookies(),
      ...(this.ctx.signIn.flow === 'idx' && {
        token: journeyDeviceToken(this.credential, this.ctx.orgUrl, this.ctx.signIn.id),
      }),
    };
    for (const value of [...Object.values(device.cookies), device.token ?? ''])
      if (value.length >= MIN_SCRUBBED_COOKIE && !this.secrets.includes(value)) this.secrets.push(value);
    return device;
  }

  /**
   * Okta's answer to the password, from any flow: told to the journey's state, and to password-expiry when it says the
   * days.
   */
  passwordJudged(answer: PasswordAnswer): void {
    this.ctx.journey.passwordStep(answer);
    if (answer.accepted && answer.expiresInDays !== undefined) this.expiryKnown(answer.expiresInDays);
  }

  /** The password's expiry, once known (days Okta warned of, or null for none): told once, to password-expiry. */
  expiryKnown(days: number | null): void {
    if (this.passwordDays !== undefined) return;
    this.passwordDays = days;
    this.ctx.onPasswordJudged?.({ judgement: pass(), passwordExpiresInDays: days });
  }

  /** What an IDX answer tells the journey, from the idx flow or the page's widget: the warning's days, a grace. */
  idxHeard(): Pick<FlowIo, 'passwordExpiry' | 'deviceGrace' | 'enrollGrace' | 'promotionSkipped'> {
    return {
      passwordExpiry: (days) => this.expiryKnown(days),
      deviceGrace: (grace) => {
        this.deviceGrace = grace;
      },
      enrollGrace: (graces) => {
        this.enrollGrace = graces;
      },
      promotionSkipped: () => this.ctx.journey.promotionSkipped(),
    };
  }

  async token(step: string, form: Record<string, string>, answers?: string): Promise<TokenAnswer> {
    const outcome = await this.send(
      step,
      { method: 'POST', url: this.ctx.server.endpoints.token, ...this.clientAuth(form) },
      answers,
    );
    if (!outcome.ok) return { kind: 'failed', verdict: failureVerdict(outcome.failure) };
    const answer = judgeUserTokens(outcome.response);
    if (answer.kind === 'tokens')
      this.secrets.push(
        answer.idToken,
        answer.accessToken,
        ...(answer.refreshToken === undefined ? [] : [answer.refreshToken]),
      );
    return answer;
  }

  /** A public client names itself in the form; a confidential one authenticates with client_secret_basic. */
  clientAuth(form: Record<string, string>): { form: Record<string, string>; headers?: Record<string, string> } {
    const secret = this.credential.clientSecret;
    const { clientId } = this.ctx.signIn;
    if (!this.ctx.signIn.confidential || secret === undefined) return { form: { client_id: clientId, ...form } };
    return { form, headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` } };
  }

  /**
   * The current TOTP code, after waiting out a step already used by any run (Okta refuses a code twice in one step).
   */
  async totp(): Promise<TotpCode> {
    const key = decodeBase32(this.credential.totpSecret ?? '');
    if (key === undefined)
      return { verdict: fail('MFA_FACTOR_UNAVAILABLE', 'the TOTP secret could not be read as base32') };
    const step = await this.ctx.journey.totpStep();
    if (step === undefined) return { skipped: skip(TOTP_STEP_UNREACHED) };
    const code = totpCode(key, step);
    this.secrets.push(code);
    return { code };
  }
}
