// The "idx" sign-in's fetch half: Identity Engine's Interaction Code flow over the IDX API, as the
// Sign-In Widget and okta-auth-js sign a person in (okta-developer-docs concepts/interaction-code; okta-auth-js
// lib/idx/interact.ts, introspect.ts, remediate.ts):
//   POST {issuer}/v1/interact (PKCE S256) -> interaction_handle
//   POST {org}/idp/idx/introspect {interactionHandle} -> the IDX state
//   the forms the state offers, in the order the org's policies choose (idx-forms.ts picks them):
//   identify, the password, a TOTP authenticator (Google Authenticator, or Okta Verify's "Enter a code"), its code
//   successWithInteractionCode -> POST {issuer}/v1/token grant_type=interaction_code with the code verifier.
// Safety: the password is sent at most once a run; a TOTP code through the journey's TOTP helper (one code per 30 s
// step), or the passkey's assertion (its counter written ahead); never a push, SMS, voice call or e-mail. The Okta
// session the flow ends with (its `idx` cookie, with the cookies Okta set along the way) is handed to the journey,
// which closes it after the ID-token checks.
import { pkce, randomToken } from '../okta/pkce';
import { CookieJar, parseJsonBody, type HttpOutcome, type HttpResponse } from '../http';
import type { SignInConfig } from '../../types';
import type { Exchange } from '../context';
import type { TokenAnswer } from './judge';
import { idxOAuthError, nextIdxMove } from './idx-judge';
import { PROMOTION_SKIP } from './idx-enroll';
import { PROFILE_SKIP, STAY_SIGNED_IN, type IdxProgress, type IdxSubmit } from './idx-move';
import { fail, failureVerdict, jsonObject, type NotRun, type Verdict } from '../verdict';
import type { PasswordAnswer, StepAnswer } from './guard-outcomes';
import { ABOUT_THE_PASSWORD } from './state';
import type { EnrollGrace } from './enroll-grace';
import type { WebauthnAssertion, WebauthnChallenge } from '../../credentials/webauthn';
import type { WebauthnActivation, WebauthnAttestation } from '../../credentials/attestation';

/** What the journey (sign-in.ts) lends a flow: its counted requests, its token call, its TOTP helper, its memory. */
export interface FlowIo {
  readonly signIn: SignInConfig;
  readonly orgUrl: string;
  /**
   * The server's token endpoint: /v1/interact is its sibling ({issuer}/v1/interact, /oauth2/v1/interact on the Org AS).
   */
  readonly tokenUrl: string;
  readonly password: string;
  /** A confidential app's client secret: /v1/interact takes it in the form (okta-auth-js interact.ts). */
  readonly clientSecret: string | undefined;
  readonly hasTotpSecret: boolean;
  /** One counted request of the journey, named for the report, with the authenticator it answers Okta with, if any. */
  send(step: string, req: Parameters<Exchange>[0], answers?: string): Promise<HttpOutcome>;
  /** POST /token with the app's client authentication; tokens kept secret. */
  token(step: string, form: Record<string, string>): Promise<TokenAnswer>;
  /** The current TOTP code, after waiting out a step already used; or why there is none (TotpCode). */
  totp(): Promise<TotpCode>;
  /** The journey's passkey, when it signs in with one: its credential id and the assertion Okta last accepted. */
  readonly passkey?: IdxProgress['passkey'];
  /** The passkey's assertion for Okta's challenge, its counter written ahead; or why none is sent. */
  assert(challenge: WebauthnChallenge): Promise<PasskeyAnswer>;
  /**
   * `passkey enroll` alone: a new passkey's attestation for Okta's activation. With it the flow enrolls a passkey where
   * Okta offers one, and fails where it does not (PASSKEY_ENROLLMENT_NOT_OFFERED) or refuses it
   * (PASSKEY_ENROLLMENT_REFUSED).
   */
  readonly attest?: (activation: WebauthnActivation) => WebauthnAttestation;
  /** A value of the run no report may print. */
  keep(secret: string): void;
  /**
   * The password step's answer, once, as soon as Okta gave it: accepted at the first answer after the password that is
   * not an error (the TOTP challenge, say), so that a run dying later never counts the password as uncertain; or
   * refused.
   */
  passwordStep(answer: PasswordAnswer): void;
  /**
   * The password's expiry, once known: the days Okta warned of, or null when the flow reached success without a
   * warning. Never told before then: Okta warns after MFA, so a run that stops at MFA knows nothing of it.
   */
  passwordExpiry(days: number | null): void;
  /** A device assurance grace period Okta let the user through (the journey warns of its end). */
  deviceGrace(grace: { readonly until: string; readonly asks: readonly string[] }): void;
  /** An optional enrollment skipped, with each authenticator's grace (the journey warns of what the skip spent). */
  enrollGrace(graces: readonly EnrollGrace[]): void;
  /** The passkey promotion answered "Maybe later" (the journey's state counts it). */
  promotionSkipped(): void;
  /** The TOTP code's answer, once judged: accepted, or the failure (a rejected code is held). */
  totpAnswer(answer: StepAnswer): void;
  /** Whether anyone takes the session the flow opens (the journey's SAML apps): only then is one redeemed. */
  readonly wantsSession: boolean;
  /** The Okta session the flow opened, as a Cookie header value (`idx=...; DT=...`), and how it was got. */
  session(cookie: string, how: string): void;
  /** Why the flow has no session to hand over, when one was wanted. */
  noSession(why: string): void;
}

export type FlowResult =
  | { readonly tokens: Extract<TokenAnswer, { kind: 'tokens' }>; readonly nonce?: string }
  | { readonly verdict: Verdict }
  | { readonly skipped: NotRun };

/**
 * The TOTP code to send, or why none is: a secret that is not base32 (a failure), or a run whose deadline came
 * before the next usable step began (nothing judged: no code left the probe, so none counts against the factor).
 */
export type TotpCode = { readonly code: string } | { readonly verdict: Verdict } | { readonly skipped: NotRun };

/** The passkey's assertion to send, or why none is (its counter could not be written ahead: nothing was signed). */
export type PasskeyAnswer =
  | { readonly credentials: WebauthnAssertion }
  | { readonly verdict: Verdict }
  | { readonly skipped: NotRun };

/** The IDX API's media type (okta-auth-js introspect.ts: IDX_API_VERSION 1.0.0). */
const ION = 'application/ion+json; okta-version=1.0.0';
/** Enough for identify, password, select, code, an expiry warning and an optional enrollment's skip. */
const MAX_FORMS = 8;

/** The Interaction Code flow, from /v1/interact to the tokens; never throws on Okta's answers. */
export async function idxFlow(io: FlowIo): Promise<FlowResult> {
  const { verifier, challenge } = pkce();
  const nonce = randomToken();
  io.keep(verifier);
  const handle = await interact(io, challenge, nonce);
  if (typeof handle !== 'string') return handle;
  const introspected = await io.send('introspect', {
    method: 'POST',
    url: `${io.orgUrl}/idp/idx/introspect`,
    headers: { accept: ION, 'content-type': ION },
    json: { interactionHandle: handle },
  });
  return new IdxForms(io, { verifier, nonce }).answer(introspected);
}

/** POST {issuer}/v1/interact with the PKCE challenge: the interaction handle, or why Okta gave none. */
async function interact(
  io: FlowIo,
  challenge: ReturnType<typeof pkce>['challenge'],
  nonce: string,
): Promise<string | { readonly verdict: Verdict }> {
  const { signIn } = io;
  const interacted = await io.send('interact', {
    method: 'POST',
    url: io.tokenUrl.replace(/\/token$/, '/interact'),
    form: {
      client_id: signIn.clientId,
      ...(io.clientSecret !== undefined && { client_secret: io.clientSecret }),
      scope: signIn.scopes.join(' '),
      redirect_uri: signIn.redirectUri ?? '',
      ...challenge,
      state: randomToken(),
      nonce,
    },
  });
  if (!interacted.ok) return { verdict: stepFailure('interact', interacted) };
  const handle = jsonObject(parseJsonBody(interacted.response))?.interaction_handle;
  if (interacted.response.status !== 200 || typeof handle !== 'string' || handle === '')
    return { verdict: idxOAuthError(interacted.response, 'interact') };
  io.keep(handle);
  return handle;
}

/** What the flow has done so far, as it records it form by form. */
type Progress = { -readonly [K in keyof IdxProgress]: IdxProgress[K] };

/**
 * The forms of one IDX transaction, answered in turn from the introspection to the interaction code: what the flow
 * learnt on the way (the password's answer, a TOTP code's, the expiry warning, the stateHandle) is told to the journey
 * by its methods, each once.
 */
class IdxForms {
  readonly #io: FlowIo;
  readonly #pkce: { readonly verifier: string; readonly nonce: string };
  // The cookies Okta sets during the flow, sent back as a browser would (only to the org): JSESSIONID, DT, and at the
  // end `idx`, Identity Engine's session (okta-developer-docs guides/oie-upgrade-sessions-api).
  readonly #cookies: CookieJar;
  readonly #progress: Progress;
  /** The days Okta warned of (0 when it named none); undefined until a warning came. */
  #warnedDays: number | undefined;
  #passwordTold = false;
  #stateHandle: string | undefined;
  // The answer after a submitted TOTP code is that code's: told to the journey's state once judged.
  #codeSent = false;

  constructor(io: FlowIo, pkce: { readonly verifier: string; readonly nonce: string }) {
    this.#io = io;
    this.#pkce = pkce;
    this.#cookies = new CookieJar((value) => io.keep(value));
    this.#progress = {
      orgUrl: io.orgUrl,
      identified: false,
      passwordSent: false,
      totpSent: false,
      totpSelected: false,
      warned: false,
      hasTotpSecret: io.hasTotpSecret,
      totpAuthenticator: io.signIn.totpAuthenticator,
      ...(io.passkey !== undefined && { passkey: io.passkey, passkeySent: false }),
      ...(io.attest !== undefined && { enrollPasskey: true }),
    };
  }

  /** Each answer's next form filled and sent, from the introspection's, until Okta gives the interaction code. */
  async answer(introspected: HttpOutcome): Promise<FlowResult> {
    let outcome = introspected;
    let step = 'introspect';
    for (let forms = 0; forms <= MAX_FORMS; forms++) {
      if (!outcome.ok) {
        const verdict = stepFailure(step, outcome);
        this.#toldCode(verdict);
        return this.#failed({ verdict });
      }
      this.#cookies.take(outcome.response);
      this.#stateHandle = keepStateHandle(this.#io, outcome.response) ?? this.#stateHandle;
      const move = nextIdxMove(this.#progress, outcome.response, step);
      this.#toldCode(move.kind === 'failed' ? move.verdict : undefined);
      if (move.kind === 'failed') return this.#failed({ verdict: move.verdict });
      // Any answer after the password that is not an error accepted it (as authn's MFA_REQUIRED does): told now, before
      // the TOTP code, so that a run dying in that step leaves the good password accepted, not uncertain.
      this.#tellPassword({ accepted: true });
      if (move.kind === 'success') return this.#succeeded(move.interactionCode);
      this.#heard(move);
      const filled = await fill(this.#io, move);
      // The password's answer was told at the answer that asked for this form: nothing more is known of its expiry.
      if ('verdict' in filled) return this.#failed(filled);
      if ('skipped' in filled) return filled;
      record(this.#progress, move);
      // The passkey's assertion is the journey's MFA answer as a TOTP code is: its answer is told to the state alike.
      this.#codeSent = move.secret?.value === 'totp' || move.secret?.value === 'passkey';
      step = `${move.step} (${move.label})`;
      outcome = await this.#submit(step, move, filled.body);
    }
    return { verdict: fail('UNEXPECTED_RESPONSE', `Okta kept asking for more after ${MAX_FORMS} forms`) };
  }

  /** A filled form sent where it posts, with the org's cookies. */
  #submit(step: string, move: IdxSubmit, body: Record<string, unknown>): Promise<HttpOutcome> {
    return this.#io.send(
      step,
      {
        method: 'POST',
        url: move.href,
        headers: { accept: move.accepts ?? ION, ...this.#cookies.request() },
        json: body,
      },
      // The authenticator the form answers with (the password, a TOTP code's, the passkey), for the journey's line.
      move.secret !== undefined && move.secret.value !== 'attestation' ? move.label : undefined,
    );
  }

  /** What the answer told on the way, told to the journey: the password's expiry warning, a grace Okta let pass. */
  #heard(move: IdxSubmit): void {
    if (move.step === 'skip' && move.daysToExpiry !== undefined && this.#warnedDays === undefined) {
      // Okta's examples carry the days; a warning without them still counts, as "today".
      this.#warnedDays = move.daysToExpiry ?? 0;
      this.#io.passwordExpiry(this.#warnedDays);
    }
    if (move.deviceGrace !== undefined) this.#io.deviceGrace(move.deviceGrace);
    if (move.enrollGrace !== undefined) this.#io.enrollGrace(move.enrollGrace);
    if (move.label === PROMOTION_SKIP) this.#io.promotionSkipped();
  }

  /** Once, and only once the password went out: its answer, for the journey's state. */
  #tellPassword(answer: PasswordAnswer): void {
    if (!this.#progress.passwordSent || this.#passwordTold) return;
    this.#passwordTold = true;
    this.#io.passwordStep(answer);
  }

  /** The answer to a submitted TOTP code (or passkey assertion), told once judged: accepted, or the failure. */
  #toldCode(verdict: Verdict | undefined): void {
    if (this.#codeSent) this.#io.totpAnswer(verdict === undefined ? { accepted: true } : { accepted: false, verdict });
    this.#codeSent = false;
  }

  /**
   * A failure after the password went out, when no answer accepted it yet: the password step's outcome when the
   * password was what Okta refused. Its expiry stays unknown (password-expiry skips, saying why): Okta would have
   * warned after MFA.
   */
  #failed(result: { verdict: Verdict }): FlowResult {
    const code = result.verdict.diagnosis?.code;
    // Past the password (a TOTP authenticator chosen or answered), a later failure is not the password's.
    const pastPassword = this.#progress.totpSent || this.#progress.totpSelected;
    this.#tellPassword(
      !pastPassword || (code !== undefined && ABOUT_THE_PASSWORD.has(code))
        ? { accepted: false, verdict: result.verdict }
        : { accepted: true },
    );
    return result;
  }

  /** Okta's interaction code, exchanged for the tokens; the session redeemed around it when the journey wants one. */
  async #succeeded(interactionCode: string): Promise<FlowResult> {
    const io = this.#io;
    // Success without a warning on the way: the password is not about to expire.
    if (this.#progress.passwordSent && this.#warnedDays === undefined) io.passwordExpiry(null);
    io.keep(interactionCode);
    // The session first, as production server-side IDX clients take it once IDX completes, before any code exchange
    // (guardian/gateway docs/okta/idx/idx-api.md "/login/token/redirect": "to complete the Interaction Code flow and
    // set a global session cookie (the idx cookie)"; ellosoft/aws-cred-mgr OktaIdxAuthenticator.cs): an org may
    // refuse the redirect once the code is spent.
    const first = io.wantsSession
      ? await openSession(
          io,
          this.#cookies,
          this.#stateHandle,
          'before the code exchange, as production IDX clients do',
        )
      : true;
    const exchanged = await io.token('token (interaction_code)', {
      grant_type: 'interaction_code',
      interaction_code: interactionCode,
      code_verifier: this.#pkce.verifier,
    });
    if (exchanged.kind !== 'tokens') return { verdict: exchangeRefused(exchanged) };
    // The fallback, as before: redeemed after the tokens, so that it can never cost the journey its interaction code.
    if (!first) await openSession(io, this.#cookies, this.#stateHandle, 'after the code exchange: the fallback');
    return { tokens: exchanged, nonce: this.#pkce.nonce };
  }
}

/** Why the interaction code bought no tokens. */
function exchangeRefused(exchanged: Exclude<TokenAnswer, { kind: 'tokens' }>): Verdict {
  if (exchanged.kind === 'mfa') return fail('UNEXPECTED_RESPONSE', 'the interaction code exchange asked for MFA');
  // unauthorized_client for grant_type=interaction_code: the grant is what the app or the server lacks.
  const refused = exchanged.verdict.diagnosis;
  return refused?.oktaError === 'unauthorized_client'
    ? { ...exchanged.verdict, diagnosis: { ...refused, code: 'INTERACTION_CODE_NOT_ENABLED' } }
    : exchanged.verdict;
}

/** The form's body with the username, the password or the TOTP code put where the form asks for them. */
async function fill(
  io: FlowIo,
  move: IdxSubmit,
): Promise<{ readonly body: Record<string, unknown> } | Exclude<TotpCode, { code: string }>> {
  const body: Record<string, unknown> = { ...move.body };
  if (move.secret?.value === 'attestation' && move.activation !== undefined && io.attest !== undefined)
    return { body: { ...body, credentials: { ...io.attest(move.activation) } } };
  if (move.secret?.value === 'passkey' && move.webauthn !== undefined) {
    const answer = await io.assert(move.webauthn);
    if (!('credentials' in answer)) return answer;
    body.credentials = { ...answer.credentials };
    return { body };
  }
  if (move.identifier) body.identifier = io.signIn.username;
  if (move.secret?.value === 'password') body.credentials = { [move.secret.field]: io.password };
  if (move.secret?.value === 'totp') {
    const totp = await io.totp();
    if (!('code' in totp)) return totp;
    body.credentials = { [move.secret.field]: totp.code };
  }
  return { body };
}

/** What a move sent, recorded in the flow's progress (the browser flow records its page's moves alike). */
export function record(progress: Progress, move: IdxSubmit): void {
  if (move.step === 'identify') progress.identified = true;
  if (move.secret?.value === 'password') progress.passwordSent = true;
  if (move.secret?.value === 'totp') progress.totpSent = true;
  if (move.secret?.value === 'passkey') progress.passkeySent = true;
  if (move.secret?.value === 'attestation') progress.attestationSent = true;
  if (move.step === 'select' && move.label === 'passkey enrollment') progress.enrollSelected = true;
  if (move.step === 'select' && move.label !== 'password') progress.totpSelected = true;
  if (move.otherTotp !== undefined) progress.otherTotp = move.otherTotp;
  // A device assurance grace period's skip, the passkey promotion's or an optional profile update's, is not the
  // password's warning: a later one is still skipped.
  if (move.label === STAY_SIGNED_IN) progress.staySignedInAnswered = true;
  else if (move.label === PROFILE_SKIP) progress.profileSkipped = true;
  else if (move.step === 'skip' && move.deviceGrace === undefined && move.label !== PROMOTION_SKIP)
    progress.warned = true;
}

/** A transport failure at one step: TIMEOUT or NETWORK_ERROR, naming the step (Okta's fault when it timed out). */
function stepFailure(step: string, outcome: Extract<HttpOutcome, { ok: false }>): Verdict {
  const verdict = failureVerdict(outcome.failure);
  const diagnosis = verdict.diagnosis;
  return diagnosis === null
    ? verdict
    : { ...verdict, diagnosis: { ...diagnosis, detail: `${step}: ${diagnosis.detail ?? ''}` } };
}

/** The stateHandle opens the transaction to whoever holds it: scrubbed from every report. */
function keepStateHandle(io: FlowIo, res: HttpResponse): string | undefined {
  const handle = jsonObject(parseJsonBody(res))?.stateHandle;
  if (typeof handle !== 'string' || handle === '') return undefined;
  io.keep(handle);
  return handle;
}

/**
 * Identity Engine's session, the `idx` cookie, for the SAML apps that need one. No source shows an IDX API
 * answer setting it, and Okta documents session cookies for browsers only; both production server-side IDX clients
 * get it once IDX is done with GET /login/token/redirect?stateToken=<the stateHandle up to its first "~">
 * (guardian/gateway src/server/lib/okta/idx/shared/idxFetch.ts, idxFetchCompletion; ellosoft/aws-cred-mgr
 * OktaIdxAuthenticator.cs, whose tests end with /login/token/redirect then /api/v1/sessions/me). Both ways work here:
 * an `idx` cookie an answer did set is used as it is, and says so; else the redirect is redeemed, never followed.
 */
/** Redeems the session (`when`: which way, said in observed.session); true when the journey has one now. */
async function openSession(
  io: FlowIo,
  cookies: CookieJar,
  stateHandle: string | undefined,
  when: string,
): Promise<boolean> {
  if (cookies.has('idx')) {
    io.session(cookies.header() ?? '', 'idx (set by the IDX answers)');
    return true;
  }
  const stateToken = stateHandle?.split('~')[0];
  if (stateToken === undefined || stateToken === '') {
    io.noSession('Identity Engine gave no stateHandle to redeem for a session (GET /login/token/redirect)');
    // Nothing to redeem later either: no fallback.
    return true;
  }
  io.keep(stateToken);
  const url = new URL('/login/token/redirect', io.orgUrl);
  url.searchParams.set('stateToken', stateToken);
  const redeemed = await io.send(`session (login/token/redirect, ${when.split(':')[0] ?? when})`, {
    method: 'GET',
    url: url.toString(),
    headers: { accept: 'text/html', ...cookies.request() },
  });
  if (!redeemed.ok) {
    io.noSession(`GET /login/token/redirect ${when} failed: ${redeemed.failure.message}`);
    return false;
  }
  cookies.take(redeemed.response);
  if (cookies.has('idx')) {
    io.session(cookies.header() ?? '', `idx (GET /login/token/redirect, ${when})`);
    return true;
  }
  io.noSession(
    `GET /login/token/redirect ${when} answered ${redeemed.response.status} without an idx cookie (request ${redeemed.response.requestId ?? 'id unknown'})`,
  );
  return false;
}
