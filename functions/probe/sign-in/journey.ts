// sign-in: a synthetic user signs in to an OIDC app as a person would, over Okta's APIs. The fetch half: it sends, in
// order, what the flow needs and hands each answer to judge.ts. Safety first, by the journey's state (state.ts,
// guard.ts):
// - at most one password attempt per run; none while a back-off lasts, none with a password Okta refused (lockout);
// - one sign-in at a time: a run that finds another holding the lease repeats the last verdict;
// - a TOTP code is never sent twice in one 30-second step, across processes;
// - tokens are revoked and the Okta session closed afterwards, on a timeout of their own, whatever the verdict;
// - the journey runs every `everyMinutes`; the runs in between repeat its last verdict without a request.
import { codeRow } from '../../diagnosis/registry';
import { pkce, randomToken } from '../okta/pkce';
import { DEFAULTS } from '../../contract';
import { decodeJwt, type JSONWebKeySet } from 'jose';
import { decodeBase32, totpCode } from '../../credentials/totp';
import { MIN_SCRUBBED_COOKIE, type HttpOutcome } from '../http';
import type { PageEvidence, SignInConfig, UserCredential, UserCredentialResult } from '../../types';
import type { Exchange, ServerContext } from '../context';
import { fetchKeys, runKeys } from '../okta/keys';
import { idxFlow, type FlowIo, type FlowResult, type TotpCode } from './idx';
import { passkeyAnswer } from './passkey';
import { browserSignIn, findChromium, PAGE_RENDER_BUDGET_MS, pageObserved, pageText, type PageFacts } from './browser';
import { PageRecorder } from './browser-evidence';
import type { AppVisit, IdTokenFacts } from './app-judge';
import { visitApp, withKeptApp, type AppIo } from './app-sign-in';
import { asDevice, journeyDeviceToken, withDeviceCookies, type JourneyDevice } from './device';
import { enrollObserved, type EnrollGrace } from './enroll-grace';
import {
  judgeAuthn,
  judgeCodeRedirect,
  judgeIdToken,
  judgeUserinfo,
  judgeUserTokens,
  sessionCookie,
  type AuthnStep,
  type TokenAnswer,
} from './judge';
import {
  fail,
  failedStep,
  failureVerdict,
  findingOf,
  judged,
  notApplicable,
  pass,
  passed,
  skip,
  type Judged,
  type NotRun,
  type Observed,
  type Verdict,
} from '../verdict';
import type { SessionTaker } from '../session';
import { openJourney, type JourneyFacts, type JourneyRun, type OpenJourney, type PasswordAnswer } from './guard';
import { judgeRefusal, recheckRefusal, type UserStatusRead } from './lockout';
import type { JourneyStateStore } from './store';
import { signInPageUrl } from '../../config/sign-in';

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
interface FlowContext extends SignInContext {
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

/** The Direct Authentication MFA OTP grant (Okta's guide "Configure Direct Authentication"). */
export const MFA_OTP_GRANT = 'http://auth0.com/oauth/grant-type/mfa-otp';

/**
 * One journey: the credential, the journey's state (cadence, back-off, lease), then the flow; never throws. Its
 * session is handed over exactly once, whichever way the run ends: the flow hands over what it opened, every other
 * end (carried, held, no credential) is handed over here.
 */
export async function runSignIn(ctx: SignInContext): Promise<SignInRun> {
  let handed = false;
  const handOver: SessionTaker = async (session) => {
    if (handed) return;
    handed = true;
    await ctx.handOver?.(session).catch(() => undefined);
  };
  // Only a journey whose session someone takes has a taker: the flows redeem a session only then.
  const run = await signInOnce(ctx.handOver === undefined ? ctx : { ...ctx, handOver });
  // Only a sign-in that passed when it ran carries its apps' verdicts: a held or failed one has no session to lend
  // them, now or then (a held journey's verdict is carried from Okta's last answer, and its apps are skipped with why).
  await handOver(
    run.carried !== undefined && passed(run)
      ? { kind: 'carried', judgedAt: run.carried.judgedAt }
      : { kind: 'none', why: failedStep('sign-in', run), signedIn: false },
  );
  return run;
}

async function signInOnce(ctx: SignInContext): Promise<SignInRun> {
  const credential = ctx.credential;
  if (credential === undefined) return judged(fail('SECRETS_UNAVAILABLE', 'no password was given for this user'));
  if (credential.kind === 'not-configured') return judged(notApplicable(credential.detail));
  if (credential.kind === 'unavailable') return judged(fail(credential.code, credential.detail));
  // A passkey journey without its passkey sends nothing, not even the password: no fallback to another factor.
  if (ctx.signIn.authenticator === 'passkey' && credential.passkey === undefined)
    return judged(
      fail(
        'PASSKEY_UNAVAILABLE',
        'the journey signs in with a passkey ("authenticator": "passkey"), and its secret holds none (no ' +
          '"passkey" member, or no passkeyFile): no password was sent',
      ),
    );
  // A refused password held from an earlier run is told again by the user's status, without a password.
  const open = await openJourney(
    { ...ctx, recheck: (refusal) => recheckRefusal(refusal, ctx.userStatus?.read, ctx.userStatus?.via) },
    credential,
  );
  if ('judgement' in open) return open;
  const flow: FlowContext = { ...ctx, server: { ...ctx.server, exchange: open.exchange }, journey: open.facts };
  const journey = new Journey(flow, credential);
  // The visit to the journey's app rides with the run: app-sign-in judges it.
  const told = await tellRefusal(ctx, open, { ...(await journey.run()), ...journey.appFacts() });
  // Run before its slot because a check of the org failed: said in its facts.
  const run =
    open.early === undefined
      ? told
      : { ...told, judgement: { ...told.judgement, observed: { ...told.judgement.observed, ranEarly: open.early } } };
  // A state that could not be written is this run's verdict: never a green run whose attempt went unrecorded.
  // Kept with its app's verdict, which the runs in between repeat as they repeat the sign-in's.
  const unkept = await open.finish(withKeptApp(ctx.signIn, run), run.secrets ?? []);
  return unkept === undefined ? run : { ...run, judgement: unkept };
}

/**
 * A refused password told apart from a hidden lockout: the user's status read, and the journey's verdict
 * and its state's answer told again by it. Only when the password itself was answered SIGN_IN_REJECTED this run.
 */
async function tellRefusal(ctx: SignInContext, open: OpenJourney, run: SignInRun): Promise<SignInRun> {
  const j = run.judgement;
  if ('notRun' in j || j.diagnosis === null || codeRow(j.diagnosis.code).toldByStatus !== true) return run;
  const read = ctx.userStatus?.read === undefined ? undefined : await ctx.userStatus.read();
  const verdict = judgeRefusal(j, read, ctx.userStatus?.via);
  if (verdict.diagnosis !== null) open.facts.reconsider({ accepted: false, verdict });
  return { ...run, judgement: verdict };
}

class Journey {
  readonly #ctx: FlowContext;
  readonly #credential: UserCredential;
  readonly #secrets: string[] = [];
  readonly #steps: string[] = [];
  /** Each step's time from its send to Okta's answer, ms, beside #steps. */
  readonly #stepMs: number[] = [];
  /** The authenticators the journey answered Okta with, in order: the password, a TOTP code's, the passkey. */
  readonly #answered: string[] = [];
  #requests = 0;
  #passwordDays: number | null | undefined;
  /** The walk into the journey's app this run, and its time (kept out of the journey's latency). */
  #appVisit: AppVisit | undefined;
  #appMs = 0;
  /** What the ID token Okta issued this run holds: its aud and its claims' names, never their values. */
  #idToken: IdTokenFacts | undefined;
  /** The device assurance grace period Okta let the user through this run (device-assurance reads it). */
  #deviceGrace: { readonly until: string; readonly asks: readonly string[] } | undefined;
  /** The optional enrollment skipped this run, each authenticator's grace (enrollment-grace reads it). */
  #enrollGrace: readonly EnrollGrace[] | undefined;
  /** The Okta session the flow opened, as a Cookie header value: `sid=...` or `idx=...`. Closed last. */
  #sessionCookie: string | undefined;
  /** What the browser saw of the hosted sign-in page (the "browser" flow), and the budget it rendered against. */
  #page: { readonly facts: PageFacts; readonly budgetMs: number; readonly recorder?: PageRecorder } | undefined;
  /** Which session it is and how it was got (observed.session), or why there is none when one was wanted. */
  #session: { readonly how: string } | { readonly why: string } | undefined;

  constructor(ctx: FlowContext, credential: UserCredential) {
    this.#ctx = ctx;
    this.#credential = credential;
  }

  async run(): Promise<SignInRun> {
    const started = performance.now();
    let verdict: Verdict = pass();
    let skipped: NotRun | undefined;
    let tokens: Extract<TokenAnswer, { kind: 'tokens' }> | undefined;
    try {
      const flow = this.#ctx.signIn.flow;
      const signedIn =
        flow === 'authn'
          ? await this.#authnFlow()
          : flow === 'idx'
            ? await idxFlow(this.#flowIo())
            : flow === 'browser'
              ? await this.#browserFlow()
              : await this.#directFlow();
      if ('skipped' in signedIn) skipped = signedIn.skipped;
      else if ('verdict' in signedIn) verdict = signedIn.verdict;
      else {
        tokens = signedIn.tokens;
        // A page that rendered past its budget, or erred, and signed in is no failure of the sign-in: people signed
        // in. The sign-in-widget check reads it from the page's facts and warns (widget-version.ts).
        verdict = await this.#judgeTokens(signedIn.tokens, signedIn.nonce);
      }
    } catch (error) {
      verdict = fail('UNEXPECTED_RESPONSE', `probe error: ${error instanceof Error ? error.message : String(error)}`);
    }
    const latencyMs = Math.round(performance.now() - started - this.#appMs);
    if (skipped === undefined && verdict.diagnosis !== null) this.#keepPage(verdict.diagnosis);
    await this.#handOver(verdict, skipped);
    const cleanup = await this.#leaveNothingBehind(tokens);
    const observed: Observed = {
      ...verdict.observed,
      flow: this.#ctx.signIn.flow,
      steps: this.#steps.join(' > '),
      ...journeyTimeline(this.#steps, this.#stepMs, this.#answered),
      requests: this.#requests + cleanup.requests,
      ...(this.#passwordDays !== undefined && { passwordExpiresInDays: this.#passwordDays }),
      // Kept in the observed facts, so that a run carried between journeys repeats it (LastRun.observed).
      ...(this.#deviceGrace !== undefined && {
        deviceGraceUntil: this.#deviceGrace.until,
        deviceGraceAsks: this.#deviceGrace.asks.join('; '),
      }),
      ...(this.#enrollGrace !== undefined && enrollObserved(this.#enrollGrace)),
      // Which Okta session the journey opened, on which engine: sid (Classic), idx (Identity Engine).
      ...(this.#session !== undefined && { session: 'how' in this.#session ? this.#session.how : 'none' }),
      ...(this.#page !== undefined && pageObserved(this.#page.facts, this.#page.budgetMs)),
      ...cleanup.observed,
    };
    return {
      // Not judged when the run ended before a step it had to wait for (a TOTP step): neither up nor down.
      judgement:
        skipped !== undefined
          ? { ...skipped, observed: { ...skipped.observed, ...observed } }
          : { diagnosis: verdict.diagnosis, observed },
      durationMs: latencyMs,
      secrets: this.#secrets,
      ...(this.#passwordDays !== undefined && { passwordExpiresInDays: this.#passwordDays }),
    };
  }

  /** A failed browser journey's page, kept beside its HAR: its screenshot and trace, built only now. */
  #keepPage(finding: { readonly code: string; readonly detail?: string }): void {
    const evidence = this.#page?.recorder?.evidence(`${this.#ctx.signIn.id}/sign-in`, finding, this.#page.facts);
    if (evidence !== undefined) this.#ctx.keepPage?.(evidence);
  }

  /** The journey's session handed to its takers: open, or why there is none. */
  async #handOver(verdict: Verdict, skipped: NotRun | undefined): Promise<void> {
    // The session its takers reuse (the SAML apps' SSO walk) comes from the same device.
    const cookie =
      this.#sessionCookie === undefined ? undefined : withDeviceCookies(this.#sessionCookie, this.#device().cookies);
    const noSession =
      skipped !== undefined
        ? `sign-in skipped: ${skipped.reason}`
        : verdict.diagnosis !== null
          ? failedStep('sign-in', judged(verdict))
          : this.#session !== undefined && 'why' in this.#session
            ? this.#session.why
            : `the ${this.#ctx.signIn.flow} flow opens no Okta session`;
    await this.#ctx.handOver?.(
      cookie !== undefined
        ? { kind: 'open', cookie }
        : { kind: 'none', why: noSession, signedIn: skipped === undefined && verdict.diagnosis === null },
    );
  }

  /**
   * One request of the journey, counted and named for the report (never with its parameters). To the org it comes from
   * the journey's one device (device.ts), and the device cookies Okta sets are kept: every run after the first is
   * known.
   */
  async #send(step: string, req: Parameters<ServerContext['exchange']>[0], answers?: string): Promise<HttpOutcome> {
    this.#requests += 1;
    this.#steps.push(step);
    if (answers !== undefined) this.#answered.push(answers);
    const index = this.#stepMs.push(0) - 1;
    const started = performance.now();
    const timed = (outcome: HttpOutcome): HttpOutcome => {
      this.#stepMs[index] = Math.round(performance.now() - started);
      return outcome;
    };
    if (!URL.canParse(req.url) || new URL(req.url).origin !== new URL(this.#ctx.orgUrl).origin)
      return timed(await this.#ctx.server.exchange(req));
    const outcome = timed(await this.#ctx.server.exchange(asDevice(req, this.#device())));
    if (outcome.ok) this.#ctx.journey.deviceAnswer(outcome.response);
    this.#device();
    return outcome;
  }

  /**
   * The journey's device: its cookies, and an IDX journey's device ID; each kept among the run's secrets, never
   * printed.
   */
  #device(): JourneyDevice {
    const device = {
      cookies: this.#ctx.journey.deviceCookies(),
      ...(this.#ctx.signIn.flow === 'idx' && {
        token: journeyDeviceToken(this.#credential, this.#ctx.orgUrl, this.#ctx.signIn.id),
      }),
    };
    for (const value of [...Object.values(device.cookies), device.token ?? ''])
      if (value.length >= MIN_SCRUBBED_COOKIE && !this.#secrets.includes(value)) this.#secrets.push(value);
    return device;
  }

  /** Classic Authentication API, then /authorize with the session token and PKCE, then the code exchange. */
  async #authnFlow(): Promise<FlowResult> {
    const { signIn, orgUrl } = this.#ctx;
    const expectation = {
      orgUrl,
      hasTotpSecret: this.#credential.totpSecret !== undefined,
      totpAuthenticator: signIn.totpAuthenticator,
    };
    const first = await this.#authnPassword(expectation);
    this.#passwordJudged(passwordAnswerOf(first));
    const through = await this.#authnPastPassword(first, expectation);
    if (!('step' in through)) return through;
    const { step } = through;
    if (step.kind === 'failed') return { verdict: step.verdict };
    if (step.kind !== 'session')
      return { verdict: fail('UNEXPECTED_RESPONSE', 'the Authentication API kept asking for more steps') };
    // A session and no warning on the way: the password is not about to expire.
    this.#expiryKnown(null);
    this.#secrets.push(step.sessionToken);
    return this.#authorize(step.sessionToken);
  }

  /** The one password attempt of this run, and Okta's answer to it. */
  async #authnPassword(expectation: Parameters<typeof judgeAuthn>[0]): Promise<AuthnStep> {
    const { signIn, orgUrl } = this.#ctx;
    const outcome = await this.#send(
      'authn',
      {
        method: 'POST',
        url: `${orgUrl}/api/v1/authn`,
        json: {
          username: signIn.username,
          password: this.#credential.password,
          options: { warnBeforePasswordExpired: true, multiOptionalFactorEnroll: false },
        },
      },
      'password',
    );
    return this.#authnStep(outcome, expectation);
  }

  /**
   * The steps between the password's answer and a session: an expiry warning skipped, the run's one TOTP code sent.
   * The step they end at (a session, a failure, or a step still asking for more after three); why not, when no code
   * could be sent or MFA was asked again after one.
   */
  async #authnPastPassword(
    first: AuthnStep,
    expectation: Parameters<typeof judgeAuthn>[0],
  ): Promise<{ readonly step: AuthnStep } | Exclude<TotpCode, { code: string }>> {
    let step = first;
    let codeSent = false;
    for (let hops = 0; hops < 3 && (step.kind === 'warn' || step.kind === 'mfa'); hops++) {
      if (step.kind === 'warn') {
        step = await this.#skipWarning(step, expectation);
        continue;
      }
      // One TOTP code a run, as one password: MFA asked again after a code is a policy to look at,
      // never a second code (each rejected one counts towards Okta's lockout after 5 failed MFA attempts).
      if (codeSent)
        return {
          verdict: fail(
            'UNEXPECTED_RESPONSE',
            `Okta asked for MFA again (${step.factor}) after the TOTP code it accepted: the probe sends one ` +
              `code per run; check the sign-on policies for a second factor`,
          ),
        };
      const verified = await this.#verifyTotp(step, expectation);
      if (!('step' in verified)) return verified;
      codeSent = true;
      step = verified.step;
    }
    return { step };
  }

  /** Okta's password expiry warning, told to password-expiry and skipped; Okta's answer to the skip. */
  async #skipWarning(
    step: Extract<AuthnStep, { kind: 'warn' }>,
    expectation: Parameters<typeof judgeAuthn>[0],
  ): Promise<AuthnStep> {
    // Okta's examples always carry passwordExpireDays; without it the warning still counts, as "today".
    this.#expiryKnown(step.days ?? 0);
    const outcome = await this.#send('authn skip', {
      method: 'POST',
      url: step.skipUrl,
      json: { stateToken: step.stateToken },
    });
    return this.#authnStep(outcome, expectation);
  }

  /** The run's TOTP code sent for the factor, and Okta's answer; why none was sent when there is no code to send. */
  async #verifyTotp(
    step: Extract<AuthnStep, { kind: 'mfa' }>,
    expectation: Parameters<typeof judgeAuthn>[0],
  ): Promise<{ readonly step: AuthnStep } | Exclude<TotpCode, { code: string }>> {
    const totp = await this.#totp();
    if (!('code' in totp)) return totp;
    const outcome = await this.#send(
      `verify ${step.factor}`,
      { method: 'POST', url: step.verifyUrl, json: { stateToken: step.stateToken, passCode: totp.code } },
      totpName(step.factor),
    );
    const answered = this.#authnStep(outcome, expectation);
    // The code's answer, told to the journey's state: a rejected code is held like a refused password.
    this.#ctx.journey.totpAnswer(
      answered.kind === 'failed' ? { accepted: false, verdict: answered.verdict } : { accepted: true },
    );
    return { step: answered };
  }

  /**
   * Okta's answer to the password, from any flow: told to the journey's state, and to password-expiry when it says the
   * days.
   */
  #passwordJudged(answer: PasswordAnswer): void {
    this.#ctx.journey.passwordStep(answer);
    if (answer.accepted && answer.expiresInDays !== undefined) this.#expiryKnown(answer.expiresInDays);
  }

  /** The password's expiry, once known (days Okta warned of, or null for none): told once, to password-expiry. */
  #expiryKnown(days: number | null): void {
    if (this.#passwordDays !== undefined) return;
    this.#passwordDays = days;
    this.#ctx.onPasswordJudged?.({ judgement: pass(), passwordExpiresInDays: days });
  }

  #authnStep(outcome: HttpOutcome, expectation: Parameters<typeof judgeAuthn>[0]): AuthnStep {
    if (!outcome.ok) return { kind: 'failed', verdict: failureVerdict(outcome.failure) };
    const step = judgeAuthn(expectation, outcome.response);
    if (step.kind === 'mfa' || step.kind === 'warn') this.#secrets.push(step.stateToken);
    return step;
  }

  async #authorize(
    sessionToken: string,
  ): Promise<{ tokens: Extract<TokenAnswer, { kind: 'tokens' }>; nonce: string } | { verdict: Verdict }> {
    const { url, redirectUri, state, nonce, verifier } = this.#authorizeRequest({ sessionToken });
    const outcome = await this.#send('authorize', {
      method: 'GET',
      url: url.toString(),
      headers: { accept: 'text/html' },
    });
    if (!outcome.ok) return { verdict: failureVerdict(outcome.failure) };
    // Classic sets `sid`; Identity Engine, where the Authentication API still answers, sets `idx` instead ("The use
    // of the session ID cookie (sid) isn't supported in Identity Engine": guides/oie-upgrade-sessions-api).
    const session = sessionCookie(outcome.response);
    if (session !== undefined) {
      if (session.value.length >= MIN_SCRUBBED_COOKIE) this.#secrets.push(session.value);
      this.#sessionCookie = `${session.name}=${session.value}`;
      this.#session = { how: session.name === 'sid' ? 'sid (Classic)' : 'idx (Identity Engine)' };
    }
    const redirect = judgeCodeRedirect({ redirectUri, state }, outcome.response);
    if ('verdict' in redirect) return redirect;
    return this.#exchangeCode(redirect.code, { redirectUri, verifier, nonce });
  }

  /** The authorization code exchanged with its PKCE verifier (kept secret, as the code is). */
  async #exchangeCode(
    code: string,
    { redirectUri, verifier, nonce }: { redirectUri: string; verifier: string; nonce: string },
  ): Promise<{ tokens: Extract<TokenAnswer, { kind: 'tokens' }>; nonce: string } | { verdict: Verdict }> {
    this.#secrets.push(code);
    const exchanged = await this.#token('token (code)', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    if (exchanged.kind === 'tokens') return { tokens: exchanged, nonce };
    return {
      verdict:
        exchanged.kind === 'failed'
          ? exchanged.verdict
          : fail('UNEXPECTED_RESPONSE', 'the code exchange asked for MFA'),
    };
  }

  /** An /authorize request of the app with a fresh state, nonce and PKCE pair (its verifier kept secret). */
  #authorizeRequest(extra: Record<string, string>): {
    url: URL;
    redirectUri: string;
    state: string;
    nonce: string;
    verifier: string;
  } {
    const { signIn, server } = this.#ctx;
    const redirectUri = signIn.redirectUri ?? '';
    const state = randomToken();
    const nonce = randomToken();
    const { verifier, challenge } = pkce();
    this.#secrets.push(verifier);
    const url = new URL(server.endpoints.authorize);
    url.search = new URLSearchParams({
      client_id: signIn.clientId,
      response_type: 'code',
      scope: signIn.scopes.join(' '),
      redirect_uri: redirectUri,
      state,
      nonce,
      ...challenge,
      ...extra,
    }).toString();
    return { url, redirectUri, state, nonce, verifier };
  }

  /**
   * The org's hosted sign-in page in a browser: /authorize with state, nonce and PKCE, walked as a person walks it,
   * stopped at the redirect to the app; its code exchanged as the authn flow's is.
   */
  async #browserFlow(): Promise<FlowResult> {
    const { signIn, server, orgUrl } = this.#ctx;
    const request = this.#authorizeRequest({});
    const { redirectUri, state, nonce, verifier } = request;
    // The page people use: on the custom domain the server's issuer names, where it names one.
    const url = signInPageUrl(request.url.toString(), orgUrl, server.endpoints.issuer);
    this.#secrets.push(this.#credential.password);
    const stepMs = this.#ctx.timeoutMs ?? DEFAULTS.timeoutMs;
    const budgetMs =
      signIn.renderBudgetSeconds === undefined ? PAGE_RENDER_BUDGET_MS : signIn.renderBudgetSeconds * 1000;
    this.#steps.push('sign-in page (browser)');
    const index = this.#stepMs.push(0) - 1;
    const started = performance.now();
    const recorder = this.#ctx.keepPage === undefined ? undefined : new PageRecorder(() => this.#secrets, stepMs);
    const walked = await browserSignIn({
      chromium: findChromium(),
      authorizeUrl: url.toString(),
      redirectUri,
      pageOrigins: [...new Set([url.origin, new URL(orgUrl).origin, new URL(server.endpoints.authorize).origin])],
      username: signIn.username,
      password: this.#credential.password,
      hasTotpSecret: this.#credential.totpSecret !== undefined,
      renderBudgetMs: budgetMs,
      stepMs,
      totpAuthenticator: signIn.totpAuthenticator,
      totp: () => this.#totp(),
      totpAnswer: (answer) => this.#ctx.journey.totpAnswer(answer),
      passwordStep: (answer) => this.#passwordJudged(answer),
      // What the page's answers told, heard as the idx flow's are: the expiry warning's days, a grace skipped.
      ...this.#idxHeard(),
      secrets: () => this.#secrets,
      ...(recorder !== undefined && { watcher: recorder }),
      ...(signIn.app !== undefined && { afterSignIn: (tab) => this.#visitApp(tab, signIn.app!, stepMs) }),
    });
    // The app's time is the app's: never the sign-in page's step, nor the journey's latency.
    this.#stepMs[index] = Math.round(performance.now() - started - this.#appMs);
    this.#page = { facts: walked.page, budgetMs, ...(recorder !== undefined && { recorder }) };
    if ('verdict' in walked) return { verdict: walked.verdict };
    // Okta's refusal on the redirect (an error in place of the code) is the walk's finding already (browser.ts).
    const code = walked.landed.searchParams.get('code');
    if (code === null || walked.landed.searchParams.get('state') !== state)
      return { verdict: fail('UNEXPECTED_RESPONSE', 'the redirect to the app carried no code for this state') };
    return this.#exchangeCode(code, { redirectUri, verifier, nonce });
  }

  /** The journey's app, visited once in the signed-in browser's session (app-sign-in.ts); its time kept apart. */
  async #visitApp(tab: import('playwright-core').Page, app: NonNullable<SignInConfig['app']>, stepMs: number) {
    const { orgUrl, server } = this.#ctx;
    const started = performance.now();
    this.#appVisit = await visitApp(tab, {
      app,
      oktaOrigins: [...new Set([new URL(orgUrl).origin, new URL(server.endpoints.authorize).origin])],
      stepMs,
      told: (text) => pageText(text, this.#secrets),
      ...(this.#ctx.readAssertion !== undefined && { readAssertion: this.#ctx.readAssertion }),
    });
    this.#appMs = Math.round(performance.now() - started);
  }

  /** The app's visit and the ID token's facts, for app-sign-in: absent for a journey without an app. */
  appFacts(): Pick<SignInRun, 'app' | 'idToken'> {
    return {
      ...(this.#appVisit !== undefined && { app: this.#appVisit }),
      ...(this.#idToken !== undefined && { idToken: this.#idToken }),
    };
  }

  /** What an IDX answer tells the journey, from the idx flow or the page's widget: the warning's days, a grace. */
  #idxHeard(): Pick<FlowIo, 'passwordExpiry' | 'deviceGrace' | 'enrollGrace' | 'promotionSkipped'> {
    return {
      passwordExpiry: (days) => this.#expiryKnown(days),
      deviceGrace: (grace) => {
        this.#deviceGrace = grace;
      },
      enrollGrace: (graces) => {
        this.#enrollGrace = graces;
      },
      promotionSkipped: () => this.#ctx.journey.promotionSkipped(),
    };
  }

  /** What a flow written in its own file (sign-in-idx.ts) borrows from the journey. */
  #flowIo(): FlowIo {
    const { signIn, orgUrl, server } = this.#ctx;
    return {
      signIn,
      orgUrl,
      tokenUrl: server.endpoints.token,
      password: this.#credential.password,
      clientSecret: signIn.confidential ? this.#credential.clientSecret : undefined,
      hasTotpSecret: this.#credential.totpSecret !== undefined,
      ...this.#passkeyIo(),
      ...(this.#ctx.enrollPasskey !== undefined && { attest: this.#ctx.enrollPasskey }),
      send: (step, req, answers) => this.#send(step, req, answers),
      token: (step, form) => this.#token(step, form),
      totp: () => this.#totp(),
      keep: (secret) => void this.#secrets.push(secret),
      // The journey's state and password-expiry hear of the password step as they do for authn.
      passwordStep: (answer) => this.#passwordJudged(answer),
      ...this.#idxHeard(),
      totpAnswer: (answer) => this.#ctx.journey.totpAnswer(answer),
      wantsSession: this.#ctx.handOver !== undefined,
      session: (cookie, how) => {
        this.#sessionCookie = cookie;
        this.#session = { how };
      },
      noSession: (why) => {
        this.#session = { why };
      },
    };
  }

  /** The journey's passkey, lent to the IDX flow: what it knows of it, and its assertion for Okta's challenge. */
  #passkeyIo(): Pick<FlowIo, 'passkey' | 'assert'> {
    const passkey = this.#credential.passkey;
    const facts = this.#ctx.journey;
    return {
      ...(passkey !== undefined && {
        passkey: { credentialId: passkey.credentialId, accepted: facts.passkeyAccepted() },
      }),
      assert: (challenge) =>
        passkey === undefined
          ? Promise.resolve({ verdict: fail('PASSKEY_UNAVAILABLE', 'the journey has no passkey') })
          : passkeyAnswer(passkey, challenge, {
              orgUrl: this.#ctx.orgUrl,
              counter: () => facts.passkeyCounter(),
              wellKnown: (url) =>
                this.#send('related origins (/.well-known/webauthn)', {
                  method: 'GET',
                  url,
                  headers: { accept: 'application/json' },
                }),
            }),
    };
  }

  /** Identity Engine Direct Authentication: the password grant, then the MFA OTP grant when Okta asks. */
  async #directFlow(): Promise<FlowResult> {
    const { signIn } = this.#ctx;
    // The one password attempt of this run.
    const first = await this.#token(
      'token (password)',
      {
        grant_type: 'password',
        username: signIn.username,
        password: this.#credential.password,
        scope: signIn.scopes.join(' '),
      },
      'password',
    );
    // Direct Authentication tells nothing of the password's expiry: only the journey's state hears of the answer.
    this.#passwordJudged(first.kind === 'failed' ? { accepted: false, verdict: first.verdict } : { accepted: true });
    if (first.kind === 'tokens') return { tokens: first };
    if (first.kind === 'failed') return { verdict: first.verdict };
    this.#secrets.push(first.mfaToken);
    if (this.#credential.totpSecret === undefined) {
      return {
        verdict: fail(
          'MFA_FACTOR_UNAVAILABLE',
          'Okta answered mfa_required, but the probe was given no TOTP secret (totpSecretEnv, or ' +
            '"totpSecret" in the secret)',
        ),
      };
    }
    const totp = await this.#totp();
    if (!('code' in totp)) return totp;
    const second = await this.#token(
      'token (mfa-otp)',
      { grant_type: MFA_OTP_GRANT, mfa_token: first.mfaToken, otp: totp.code, scope: signIn.scopes.join(' ') },
      'TOTP code',
    );
    const verdict =
      second.kind === 'tokens'
        ? undefined
        : second.kind === 'failed'
          ? second.verdict
          : fail('UNEXPECTED_RESPONSE', 'Okta asked for MFA again after a TOTP code');
    this.#ctx.journey.totpAnswer(verdict === undefined ? { accepted: true } : { accepted: false, verdict });
    return second.kind === 'tokens' ? { tokens: second } : { verdict: verdict ?? fail('UNEXPECTED_RESPONSE') };
  }

  async #token(step: string, form: Record<string, string>, answers?: string): Promise<TokenAnswer> {
    const outcome = await this.#send(
      step,
      { method: 'POST', url: this.#ctx.server.endpoints.token, ...this.#clientAuth(form) },
      answers,
    );
    if (!outcome.ok) return { kind: 'failed', verdict: failureVerdict(outcome.failure) };
    const answer = judgeUserTokens(outcome.response);
    if (answer.kind === 'tokens')
      this.#secrets.push(
        answer.idToken,
        answer.accessToken,
        ...(answer.refreshToken === undefined ? [] : [answer.refreshToken]),
      );
    return answer;
  }

  /** A public client names itself in the form; a confidential one authenticates with client_secret_basic. */
  #clientAuth(form: Record<string, string>): { form: Record<string, string>; headers?: Record<string, string> } {
    const secret = this.#credential.clientSecret;
    const { clientId } = this.#ctx.signIn;
    if (!this.#ctx.signIn.confidential || secret === undefined) return { form: { client_id: clientId, ...form } };
    return { form, headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` } };
  }

  /**
   * The current TOTP code, after waiting out a step already used by any run (Okta refuses a code twice in one step).
   */
  async #totp(): Promise<TotpCode> {
    const key = decodeBase32(this.#credential.totpSecret ?? '');
    if (key === undefined)
      return { verdict: fail('MFA_FACTOR_UNAVAILABLE', 'the TOTP secret could not be read as base32') };
    const step = await this.#ctx.journey.totpStep();
    if (step === undefined) return { skipped: skip(TOTP_STEP_UNREACHED) };
    const code = totpCode(key, step);
    this.#secrets.push(code);
    return { code };
  }

  /** The ID token as the SP would judge it, after /userinfo (whose claims say what a thin token left out). */
  async #judgeTokens(tokens: Extract<TokenAnswer, { kind: 'tokens' }>, nonce: string | undefined): Promise<Verdict> {
    const { signIn, server } = this.#ctx;
    // Independent of each other: one round trip for both.
    const [userinfo, keys] = await Promise.all([
      this.#send('userinfo', {
        method: 'GET',
        url: server.endpoints.userinfo,
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      }),
      runKeys(server),
    ]);
    const claims = userinfo.ok ? judgeUserinfo(userinfo.response) : { verdict: failureVerdict(userinfo.failure) };
    if (keys.outcome !== undefined) this.#requests += 1;
    if (keys.jwks === undefined)
      return fail(
        findingOf(keys)?.code ?? 'UNEXPECTED_RESPONSE',
        `the JWKS could not be read: ${failedStep('keys', keys)}`,
      );
    if (signIn.app !== undefined) this.#idToken = idTokenFacts(tokens.idToken);
    const expected = (): Parameters<typeof judgeIdToken>[0] => ({
      issuer: server.endpoints.issuer,
      audience: signIn.audience ?? signIn.clientId,
      ...(nonce !== undefined && { nonce }),
      requiredClaims: signIn.requiredClaims,
      now: server.now(),
    });
    const judge = (jwks: JSONWebKeySet): Promise<Verdict> =>
      judgeIdToken(expected(), tokens.idToken, jwks, 'claims' in claims ? claims.claims : undefined);
    let verdict = await judge(keys.jwks);
    // A key rotated in since the JWKS was cached must not fail the journey: fetch it again once.
    if (verdict.diagnosis?.code === 'UNKNOWN_SIGNING_KEY' && keys.outcome === undefined) {
      this.#requests += 1;
      const refetched = await fetchKeys(server);
      if (refetched.jwks !== undefined) verdict = await judge(refetched.jwks);
    }
    if (verdict.diagnosis !== null) return verdict;
    // The token is what the SP reads; /userinfo failing after it is a failure of its own.
    return 'verdict' in claims ? claims.verdict : pass(verdict.observed);
  }

  /** Revokes the tokens and closes the Okta session the flow opened; never changes the verdict, only reports. */
  async #leaveNothingBehind(
    tokens: Extract<TokenAnswer, { kind: 'tokens' }> | undefined,
  ): Promise<{ requests: number; observed: Observed }> {
    const { server, orgUrl } = this.#ctx;
    // Its own short timeout: a run's deadline that fired mid-journey must not leave the session open.
    const exchange = this.#ctx.cleanupExchange ?? server.exchange;
    const sends: Promise<HttpOutcome>[] = [];
    for (const token of [tokens?.refreshToken, tokens?.accessToken]) {
      if (token !== undefined)
        sends.push(exchange({ method: 'POST', url: server.endpoints.revoke, ...this.#clientAuth({ token }) }));
    }
    const closing =
      this.#sessionCookie === undefined
        ? undefined
        : exchange({ method: 'DELETE', url: `${orgUrl}/api/v1/sessions/me`, headers: { cookie: this.#sessionCookie } });
    const revoked = await Promise.all(sends);
    const closed = closing === undefined ? undefined : await closing;
    const okay = (o: HttpOutcome): boolean => o.ok && o.response.status < 300;
    return {
      requests: sends.length + (closing === undefined ? 0 : 1),
      observed: {
        tokensRevoked: revoked.length === 0 ? null : revoked.every(okay),
        sessionClosed: closed === undefined ? null : okay(closed),
      },
    };
  }
}

/**
 * password-expiry: Okta's PASSWORD_WARN during the journey, as a check of its own so that it warns while the journey
 * passes. Skipped when the journey never got as far as the password being judged.
 */
export function judgePasswordExpiry(run: SignInRun): Judged {
  const days = run.passwordExpiresInDays;
  // The user's secret not put yet: the journey is N/A, and so is what it would have told (a skip would fail the run).
  if ('notRun' in run.judgement && run.judgement.notRun === 'n/a') return judged(notApplicable(run.judgement.reason));
  // A journey that passed without Okta judging a password (a passkey alone): nothing to judge, and nothing failed.
  const signedIn = !('notRun' in run.judgement) && run.judgement.diagnosis === null;
  if (days === undefined && signedIn)
    return judged(notApplicable('the journey signed in without a password (a passkey): Okta warned of no expiry'));
  if (days === undefined) return judged(skip(failedStep('sign-in', run)));
  if (days === null) return judged(pass({ daysToExpiry: null }));
  return judged(
    fail('PASSWORD_EXPIRING', `Okta warned that the password expires in ${days} day(s)`, { daysToExpiry: days }),
  );
}
export { judgeDeviceGrace } from './device'; // the journey's other checks, loaded with the journey's code
export { judgeEnrollGrace } from './enroll-grace';
export { judgeWidgetVersion } from './widget-version';
export { judgeAppOf } from './app-sign-in';

/**
 * What the journey's line says of how it signed in: the authenticators it answered Okta with, in order
 * (`authenticators`: "password + TOTP code (GOOGLE)", "passkey"), and each step with its time (`stepTimes`). Okta's
 * own words in them (a factor's provider, an authenticator's key) are kept as data: the report, the JSON and the run
 * line strip their control characters and bound them.
 */
function journeyTimeline(steps: readonly string[], ms: readonly number[], answered: readonly string[]): Observed {
  return {
    ...(answered.length > 0 && { authenticators: answered.join(' + ') }),
    ...(steps.length > 0 && { stepTimes: steps.map((step, i) => `${step} ${ms[i] ?? 0} ms`).join(' > ') }),
  };
}

/** A Classic TOTP factor ("token:software:totp (GOOGLE)") named as the IDX flow names its authenticator. */
function totpName(factor: string): string {
  const provider = /^token:software:totp \((.*)\)$/.exec(factor)?.[1];
  return provider === 'GOOGLE'
    ? 'Google Authenticator'
    : provider === 'OKTA'
      ? 'Okta Verify (code)'
      : `TOTP code (${provider ?? factor})`;
}

/**
 * The password's answer as the journey's state takes it. At MFA_REQUIRED the password's expiry is not known yet: Okta
 * challenges the factor first, and warns after it, before SUCCESS (the Authentication API reference). It is told when
 * it comes.
 */
function passwordAnswerOf(step: AuthnStep): PasswordAnswer {
  return step.kind === 'failed'
    ? { accepted: false, verdict: step.verdict }
    : step.kind === 'mfa'
      ? { accepted: true }
      : { accepted: true, expiresInDays: step.kind === 'warn' ? (step.days ?? 0) : null };
}

/** The ID token's aud and its claims' names, as the app was given them; undefined when it cannot be read. */
function idTokenFacts(idToken: string | undefined): IdTokenFacts | undefined {
  if (idToken === undefined) return undefined;
  try {
    const claims = decodeJwt(idToken);
    const aud = Array.isArray(claims.aud) ? claims.aud.join(' ') : claims.aud;
    return {
      aud: aud ?? '(none)',
      claims: Object.keys(claims).slice(0, 64),
      ...(typeof claims.sub === 'string' && { sub: claims.sub }),
    };
  } catch {
    return undefined;
  }
}
