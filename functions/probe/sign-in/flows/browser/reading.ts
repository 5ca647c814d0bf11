// The walk's reading of one transaction's answers, as the idx flow reads its own: each answer judged by the idx flow's
// judge (Identity Engine) or the authn flow's (a Classic Engine org), and what it told the journey heard once.
import { codeRow } from '../../../../diagnosis/registry';
import { jsonObject, fail, type Verdict } from '../../../verdict';
import { readIdxState } from '../../../okta/idx-state';
import { nextIdxMove } from '../../idx-judge';
import { ENROLL_SKIP, PROMOTION_SKIP } from '../../idx-enroll';
import { record } from '../../idx';
import type { IdxProgress, IdxSubmit } from '../../idx-move';
import type { PasswordAnswer } from '../../guard-outcomes';
import { ABOUT_THE_PASSWORD } from '../../state';
import { judgeAuthn } from '../../judge';
import { controlOf, enrollKeys, parseBody, remediationNames, SKIP, type PageMove, type WalkTold } from './answers';
import { classicCode } from './classic';
import type { PageAnswer } from './page-answers';

type Progress = { -readonly [K in keyof IdxProgress]: IdxProgress[K] };

/**
 * The walk's reading of one transaction's answers, as the idx flow reads its own (idx.ts's IdxForms): what it has
 * sent, and what it told the journey (the password's answer and the TOTP code's once each, the warning's days).
 */
export class PageReading {
  readonly #told: WalkTold;
  readonly #progress: Progress;
  #passwordTold = false;
  #codeSent = false;
  #warned = false;
  #last: IdxSubmit | undefined;

  constructor(told: WalkTold, orgUrl: string) {
    this.#told = told;
    this.#progress = {
      orgUrl,
      identified: false,
      passwordSent: false,
      totpSent: false,
      totpSelected: false,
      warned: false,
      hasTotpSecret: told.hasTotpSecret,
      totpAuthenticator: told.totpAuthenticator,
      captchaInPage: true,
    };
  }

  /** Whether the password went out (the walk pressed its form's submit). */
  get passwordSent(): boolean {
    return this.#progress.passwordSent;
  }

  /** What one answer asks of the walk, judged as the idx flow judges it; `when` names the step for a finding. */
  judge(answer: PageAnswer, when: string): PageMove {
    const body = parseBody(answer.response);
    // Okta's hosted page: success is a redirect the widget follows (success-redirect), not an interaction code.
    if (jsonObject(body?.success) !== undefined && answer.response.status < 400) {
      this.landed();
      return { kind: 'landing' };
    }
    const move = nextIdxMove(this.#progress, answer.response, when);
    this.#toldCode(move.kind === 'failed' ? move.verdict : undefined);
    if (move.kind === 'failed') return this.#failed(answer, move.verdict);
    this.#tellPassword({ accepted: true });
    if (move.kind === 'success')
      return {
        kind: 'failed',
        verdict: fail('UNEXPECTED_RESPONSE', `${when}: Okta gave the page an interaction code, not its redirect`),
      };
    const control = controlOf(move, move.label === ENROLL_SKIP ? enrollKeys(answer.response) : []);
    if (control === undefined)
      return {
        kind: 'failed',
        verdict: fail(
          'SIGN_IN_PAGE_FORM_BLOCKED',
          `${when}: the page asks for ${move.label} (${remediationNames(answer.response) || 'no form named'}), ` +
            'which the browser journey cannot answer',
        ),
      };
    return { kind: 'act', move, control };
  }

  /**
   * The walk landed at the app (Okta's redirect may beat its answer's reading): what was sent was accepted, and the
   * password signed in without a warning unless one came.
   */
  landed(): void {
    this.#toldCode(undefined);
    this.#tellPassword({ accepted: true });
    if (this.#progress.passwordSent && !this.#warned) this.#told.passwordExpiry?.(null);
    this.#warned = true;
  }

  /** The move was made on the page: recorded, and what it told heard (the warning's days, a grace skipped). */
  acted(move: IdxSubmit): void {
    if (move.step === 'skip' && move.daysToExpiry !== undefined && !this.#warned) {
      this.#warned = true;
      this.#told.passwordExpiry?.(move.daysToExpiry ?? 0);
    }
    if (move.deviceGrace !== undefined) this.#told.deviceGrace?.(move.deviceGrace);
    if (move.enrollGrace !== undefined) this.#told.enrollGrace?.(move.enrollGrace);
    if (move.label === PROMOTION_SKIP) this.#told.promotionSkipped?.();
    record(this.#progress, move);
    this.#codeSent = move.secret?.value === 'totp';
    this.#last = move;
  }

  /** The last move made, for a finding's words. */
  get last(): IdxSubmit | undefined {
    return this.#last;
  }

  /**
   * A refusal after the password went out is the password's unless the walk was past it (a TOTP authenticator chosen
   * or answered) and the refusal is not about the password. A 2xx answer showing a form the idx flow cannot answer
   * either is named as the page's form.
   */
  #failed(answer: PageAnswer, verdict: Verdict): PageMove {
    const code = verdict.diagnosis?.code;
    const pastPassword = this.#progress.totpSent || this.#progress.totpSelected;
    this.#tellPassword(
      !pastPassword || (code !== undefined && ABOUT_THE_PASSWORD.has(code))
        ? { accepted: false, verdict }
        : { accepted: true },
    );
    const body = parseBody(answer.response);
    const errors =
      body === undefined ? [] : readIdxState(body).messages.filter((m) => m.class === undefined || m.class === 'ERROR');
    if (
      code === undefined ||
      codeRow(code).formNotAnswered !== true ||
      answer.response.status >= 400 ||
      errors.length > 0
    )
      return { kind: 'failed', verdict };
    return { kind: 'form', names: remediationNames(answer.response) };
  }

  /**
   * One answer of a Classic Engine org's Authentication API, judged as the authn flow judges it (judge.ts): a session
   * (the page returns to /authorize with it), the TOTP factor's code, the password warning's skip, or the refusal in
   * Okta's words.
   */
  judgeClassic(answer: PageAnswer, when: string): PageMove {
    const step = judgeAuthn(
      {
        orgUrl: this.#progress.orgUrl,
        hasTotpSecret: this.#told.hasTotpSecret,
        totpAuthenticator: this.#told.totpAuthenticator,
      },
      answer.response,
    );
    this.#toldCode(step.kind === 'failed' ? step.verdict : undefined);
    if (step.kind === 'failed') {
      this.#tellPassword({ accepted: false, verdict: step.verdict });
      const diagnosis = step.verdict.diagnosis;
      return {
        kind: 'failed',
        verdict:
          diagnosis === null
            ? step.verdict
            : { ...step.verdict, diagnosis: { ...diagnosis, detail: `${when}: ${diagnosis.detail ?? ''}` } },
      };
    }
    this.#tellPassword({ accepted: true });
    if (step.kind === 'session') {
      this.landed();
      return { kind: 'landing' };
    }
    if (step.kind === 'mfa') return classicCode(step, when, this.#progress.totpSent);
    const move: IdxSubmit = {
      kind: 'submit',
      step: 'skip',
      href: step.skipUrl,
      accepts: undefined,
      body: {},
      identifier: false,
      label: 'password expiry warning',
      daysToExpiry: step.days,
    };
    return { kind: 'act', move, control: { fill: [], press: SKIP, what: "the password expiry warning's skip" } };
  }

  #tellPassword(answer: PasswordAnswer): void {
    if (!this.#progress.passwordSent || this.#passwordTold) return;
    this.#passwordTold = true;
    this.#told.passwordStep(answer);
  }

  #toldCode(verdict: Verdict | undefined): void {
    if (this.#codeSent)
      this.#told.totpAnswer(verdict === undefined ? { accepted: true } : { accepted: false, verdict });
    this.#codeSent = false;
  }
}
