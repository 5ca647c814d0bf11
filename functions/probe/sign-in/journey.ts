// sign-in: a synthetic user signs in to an OIDC app as a person would, over Okta's APIs or on the hosted page. The
// journey runs one of its flows, peers in flows/ (authn, idx, browser, direct), then judges the tokens and leaves
// nothing behind. Safety first, by the journey's state (state.ts,
// guard.ts):
// - at most one password attempt per run; none while a back-off lasts, none with a password Okta refused (lockout);
// - one sign-in at a time: a run that finds another holding the lease repeats the last verdict;
// - a TOTP code is never sent twice in one 30-second step, across processes;
// - tokens are revoked and the Okta session closed afterwards, on a timeout of their own, whatever the verdict;
// - the journey runs every `everyMinutes`; the runs in between repeat its last verdict without a request.
import { codeRow } from '../../diagnosis/registry';
import type { UserCredential } from '../../types';
import { idxFlow } from './idx';
import { pageObserved } from './flows/browser/page-facts';
import { withKeptApp } from './app-sign-in';
import { withDeviceCookies } from './device';
import { enrollObserved } from './enroll-grace';
import type { TokenAnswer } from './judge';
import {
  fail,
  failedStep,
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
import { openJourney, type OpenJourney } from './guard';
import { judgeRefusal, recheckRefusal } from './lockout';
import { JourneyKit, type FlowContext, type SignInContext, type SignInRun } from './flows/kit';
import { authnFlow } from './flows/authn';
import { directFlow } from './flows/direct';
import { flowIo } from './flows/idx-flow';
import { judgeTokens, leaveNothingBehind } from './flows/tokens';
import { browserFlow } from './flows/browser/flow';

// The journey's context and run, as the engine and the runners name them: defined beside the flows that use them.
export type { SignInContext, SignInRun } from './flows/kit';

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
  readonly #kit: JourneyKit;

  constructor(ctx: FlowContext, credential: UserCredential) {
    this.#kit = new JourneyKit(ctx, credential);
  }

  async run(): Promise<SignInRun> {
    const started = performance.now();
    let verdict: Verdict = pass();
    let skipped: NotRun | undefined;
    let tokens: Extract<TokenAnswer, { kind: 'tokens' }> | undefined;
    try {
      const flow = this.#kit.ctx.signIn.flow;
      const signedIn =
        flow === 'authn'
          ? await authnFlow(this.#kit)
          : flow === 'idx'
            ? await idxFlow(flowIo(this.#kit))
            : flow === 'browser'
              ? await browserFlow(this.#kit)
              : await directFlow(this.#kit);
      if ('skipped' in signedIn) skipped = signedIn.skipped;
      else if ('verdict' in signedIn) verdict = signedIn.verdict;
      else {
        tokens = signedIn.tokens;
        // A page that rendered past its budget, or erred, and signed in is no failure of the sign-in: people signed
        // in. The sign-in-widget check reads it from the page's facts and warns (widget-version.ts).
        verdict = await judgeTokens(this.#kit, signedIn.tokens, signedIn.nonce);
      }
    } catch (error) {
      verdict = fail('UNEXPECTED_RESPONSE', `probe error: ${error instanceof Error ? error.message : String(error)}`);
    }
    const latencyMs = Math.round(performance.now() - started - this.#kit.appMs);
    if (skipped === undefined && verdict.diagnosis !== null) this.#keepPage(verdict.diagnosis);
    await this.#handOver(verdict, skipped);
    const cleanup = await leaveNothingBehind(this.#kit, tokens);
    const observed: Observed = {
      ...verdict.observed,
      ...observedOf(this.#kit, cleanup.requests),
      ...cleanup.observed,
    };
    return {
      // Not judged when the run ended before a step it had to wait for (a TOTP step): neither up nor down.
      judgement:
        skipped !== undefined
          ? { ...skipped, observed: { ...skipped.observed, ...observed } }
          : { diagnosis: verdict.diagnosis, observed },
      durationMs: latencyMs,
      secrets: this.#kit.secrets,
      ...(this.#kit.passwordDays !== undefined && { passwordExpiresInDays: this.#kit.passwordDays }),
    };
  }

  /** A failed browser journey's page, kept beside its HAR: its screenshot and trace, built only now. */
  #keepPage(finding: { readonly code: string; readonly detail?: string }): void {
    const evidence = this.#kit.page?.recorder?.evidence(
      `${this.#kit.ctx.signIn.id}/sign-in`,
      finding,
      this.#kit.page.facts,
    );
    if (evidence !== undefined) this.#kit.ctx.keepPage?.(evidence);
  }

  /** The journey's session handed to its takers: open, or why there is none. */
  async #handOver(verdict: Verdict, skipped: NotRun | undefined): Promise<void> {
    // The session its takers reuse (the SAML apps' SSO walk) comes from the same device.
    const cookie =
      this.#kit.sessionCookie === undefined
        ? undefined
        : withDeviceCookies(this.#kit.sessionCookie, this.#kit.device().cookies);
    const noSession =
      skipped !== undefined
        ? `sign-in skipped: ${skipped.reason}`
        : verdict.diagnosis !== null
          ? failedStep('sign-in', judged(verdict))
          : this.#kit.session !== undefined && 'why' in this.#kit.session
            ? this.#kit.session.why
            : `the ${this.#kit.ctx.signIn.flow} flow opens no Okta session`;
    await this.#kit.ctx.handOver?.(
      cookie !== undefined
        ? { kind: 'open', cookie }
        : { kind: 'none', why: noSession, signedIn: skipped === undefined && verdict.diagnosis === null },
    );
  }

  /** The app's visit and the ID token's facts, for app-sign-in: absent for a journey without an app. */
  appFacts(): Pick<SignInRun, 'app' | 'idToken'> {
    return {
      ...(this.#kit.appVisit !== undefined && { app: this.#kit.appVisit }),
      ...(this.#kit.idToken !== undefined && { idToken: this.#kit.idToken }),
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

/** What the run's record tells of the journey: its flow, steps and times, requests, and what Okta's answers said. */
function observedOf(kit: JourneyKit, cleanupRequests: number): Observed {
  return {
    flow: kit.ctx.signIn.flow,
    steps: kit.steps.join(' > '),
    ...journeyTimeline(kit.steps, kit.stepMs, kit.answered),
    requests: kit.requests + cleanupRequests,
    ...(kit.passwordDays !== undefined && { passwordExpiresInDays: kit.passwordDays }),
    // Kept in the observed facts, so that a run carried between journeys repeats it (LastRun.observed).
    ...(kit.deviceGrace !== undefined && {
      deviceGraceUntil: kit.deviceGrace.until,
      deviceGraceAsks: kit.deviceGrace.asks.join('; '),
    }),
    ...(kit.enrollGrace !== undefined && enrollObserved(kit.enrollGrace)),
    // Which Okta session the journey opened, on which engine: sid (Classic), idx (Identity Engine).
    ...(kit.session !== undefined && { session: 'how' in kit.session ? kit.session.how : 'none' }),
    ...(kit.page !== undefined && pageObserved(kit.page.facts, kit.page.budgetMs)),
  };
}

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
