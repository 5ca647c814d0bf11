// The "browser" flow reads the page as the widget does: from the sign-in API's answers the widget receives, never
// from its words or its CSS. Every Sign-In Widget generation of an Identity Engine org (Gen2 okta-sign-in.min.js,
// Gen3 okta-sign-in.next.js) renders the IDX answers it gets from /idp/idx/*, so each answer is judged here by the
// idx flow's own judge (idx-judge.ts's nextIdxMove): its remediation names which form the page shows and what the
// walk may answer there ("Don't stay signed in", a warning's skip, an optional enrollment's skip, the passkey
// promotion's "Maybe later"), and its messages' i18n keys what went wrong, in any language the page speaks. What the
// walk then does on the page is found by generation-neutral markup: input names, `type=submit`, the widget's data-se.
// Pure, but for the answers' collection (PageAnswers, fed by the walk's route as each answer reaches the page).
import { within } from '../../../../deadline';
import { codeRow } from '../../../../diagnosis/registry';
import type { HttpResponse } from '../../../http';
import { jsonObject, fail, type Verdict } from '../../../verdict';
import { readIdxState } from '../../../okta/idx-state';
import { adminText } from '../../idx-denials';
import { nextIdxMove } from '../../idx-judge';
import { ENROLL_SKIP, PROMOTION_SKIP } from '../../idx-enroll';
import { record } from '../../idx';
import {
  fieldsOf,
  GOOGLE,
  OKTA_VERIFY,
  PASSWORD,
  relatedKey,
  STAY_SIGNED_IN,
  type IdxProgress,
  type IdxSubmit,
} from '../../idx-move';
import type { EnrollGrace } from '../../enroll-grace';
import type { PasswordAnswer, StepAnswer } from '../../guard';
import { ABOUT_THE_PASSWORD } from '../../state';
import { judgeAuthn } from '../../judge';
import type { TotpAuthenticator } from '../../../../types';
import { CLASSIC_CODE_FORM } from './totp';
import type { Elsewhere } from './switch';

/**
 * The paths of the sign-in API whose answers the widget renders: Identity Engine's IDX API, and on a Classic Engine
 * org the Authentication API (/api/v1/authn, a factor's verify, a warning's skip).
 */
const IDX_ANSWER = /\/idp\/idx\/[a-z/-]{1,40}$/;
/**
 * A push's poll (challenge-poll's href): it repeats the push the walk never approves, at the widget's pace, and is
 * never the answer to what the walk did.
 */
const POLL_ANSWER = /\/idp\/idx\/(?:challenge|authenticators)\/poll$/;
const AUTHN_ANSWER = /^\/api\/v1\/authn(?:\/[A-Za-z0-9/_-]{1,80})?$/;
/** An answer larger than this is not an IDX state (Okta's are a few tens of KiB): it is read as none. */
const ANSWER_MAX_CHARS = 512 * 1024;
/** The most answers kept: a page that polls for ever is judged on its latest ones. */
const ANSWERS_MAX = 64;
/** Remediation names told in a finding; the rest counted. */
const NAMES_MAX = 8;

/** One answer of the sign-in API the widget received. */
export interface PageAnswer {
  /** Its place among the answers received, from 0. */
  readonly index: number;
  /** The path it answered (/idp/idx/identify), for the detail. */
  readonly path: string;
  readonly response: HttpResponse;
}

/** What the page's network tells the walk: a response of the widget's, its URL, status, headers and body. */
export interface AnsweredResponse {
  url(): string;
  status(): number;
  headers(): Record<string, string>;
  text(): Promise<string>;
}

/**
 * The sign-in API's answers the widget received, in arrival order: each is the state the widget renders next. Bounded:
 * a body past ANSWER_MAX_CHARS is kept truncated (judged as no IDX state), and only the latest ANSWERS_MAX are kept.
 */
export class PageAnswers {
  readonly #list: PageAnswer[] = [];
  #count = 0;
  #waiters: (() => void)[] = [];

  /** Whether a response is one of the sign-in API's answers (the walk reads it). */
  static isAnswer(url: string): boolean {
    if (!URL.canParse(url)) return false;
    const path = new URL(url).pathname;
    return (IDX_ANSWER.test(path) && !POLL_ANSWER.test(path)) || AUTHN_ANSWER.test(path);
  }

  /** Takes a response of the page: one of the sign-in API's answers is kept, anything else ignored. */
  async take(response: AnsweredResponse): Promise<void> {
    const url = response.url();
    if (!PageAnswers.isAnswer(url)) return;
    const text = await response.text().catch(() => '');
    const headers = response.headers();
    const index = this.#count++;
    this.#list.push({
      index,
      path: new URL(url).pathname,
      response: {
        status: response.status(),
        headers,
        body: text.length > ANSWER_MAX_CHARS ? '' : text,
        bodyTruncated: text.length > ANSWER_MAX_CHARS,
        requestId: headers['x-okta-request-id'] ?? null,
        timings: { total: 0 },
        receivedAt: Date.now(),
      },
    });
    if (this.#list.length > ANSWERS_MAX) this.#list.shift();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Settles when an answer refusing the sign-in arrives (an HTTP error status): the widget renders no form then. */
  refused(): Promise<void> {
    return new Promise((resolve) => {
      const look = (): void => {
        if (this.#list.some((a) => a.response.status >= 400)) resolve();
        else this.#waiters.push(look);
      };
      look();
    });
  }

  /** How many answers arrived so far. */
  get count(): number {
    return this.#count;
  }

  /** The latest answer, if any. */
  latest(): PageAnswer | undefined {
    return this.#list.at(-1);
  }

  /**
   * The latest answer once one arrived past the first `seen`, 'landed' when the landing came first, or undefined when
   * neither came within waitMs.
   */
  async after(seen: number, waitMs: number, landing: Promise<void>): Promise<PageAnswer | 'landed' | undefined> {
    if (this.#count > seen) return this.latest();
    const arrived = new Promise<'arrived'>((resolve) => this.#waiters.push(() => resolve('arrived')));
    const first = await within(Promise.any([arrived, landing.then(() => 'landed' as const)]), waitMs, () => undefined);
    return first === 'arrived' ? this.latest() : first;
  }
}

/** What the walk does with one answer: land (the widget follows Okta's redirect), answer a form, or stop. */
export type PageMove =
  | { readonly kind: 'landing' }
  | { readonly kind: 'act'; readonly move: IdxSubmit; readonly control: PageControl }
  /** A form a person would answer and the walk does not (the idx flow's generic refusal): its remediation names. */
  | { readonly kind: 'form'; readonly names: string }
  | { readonly kind: 'failed'; readonly verdict: Verdict };

/**
 * Where on the page a move is answered, in generation-neutral markup: the fields to fill (by input name) and the
 * control to press. `submit`: the form's `type=submit`; else the first of the selectors shown.
 */
export interface PageControl {
  /** Each field by its input name, inside the form `within` selects when given (else any of the widget's forms). */
  readonly fill: readonly {
    readonly field: string;
    readonly value: 'username' | 'password' | 'totp';
    readonly within?: string;
  }[];
  readonly press: 'submit' | readonly string[];
  /** What the control is, in words, for a finding. */
  readonly what: string;
  /** What the page must show before anything is typed (the factor the answer named), and its name in words. */
  readonly showing?: { readonly selector: string; readonly what: string };
  /** Clicked first, when shown: a link that reveals the fields (the Classic widget's "Or enter code"). */
  readonly reveal?: string;
  /** The page's way to this form when it shows another factor first (switch.ts). */
  readonly elsewhere?: Elsewhere;
}

/** The widget's root in every generation: Gen2's div and Gen3's main both carry the id. */
export const WIDGET = '#okta-sign-in';
/** A named input of the widget's form (of the form `within` selects, when given). */
export const field = (name: string, within = `${WIDGET} form`): string => `${within} input[name="${name}"]`;
/**
 * An authenticator's button in the list (select-authenticator-authenticate), by the widget's data-se for it: Gen2
 * puts `data-se="<key>[-<method>]"` on the row holding its link, Gen3 on a box inside its button.
 */
const authenticatorButton = (dataSe: string): string =>
  `${WIDGET} :is(a, button):has([data-se="${dataSe}"]), ${WIDGET} [data-se="${dataSe}"] :is(a, button)`;

/**
 * Gen2's and Gen3's "Verify with something else", beside a factor Okta chose (Okta Verify's push sent first): the
 * user's authenticators listed, as select-authenticator-authenticate offers them.
 */
const SWITCH_AUTHENTICATOR: Elsewhere = {
  shown: `${WIDGET} [data-se="switchAuthenticator"]`,
  steps: [{ selector: `${WIDGET} [data-se="switchAuthenticator"]`, what: 'the "Verify with something else" link' }],
};

/** The Classic widget's factor menu: the beacon's dropdown, and the option of a factor by its icon's class. */
const CLASSIC_FACTOR_MENU = `${WIDGET} [data-type="factor-types-dropdown"]`;

/** The widget's data-se of each authenticator the walk may choose (Gen2 and Gen3 alike). */
const AUTHENTICATOR_DATA_SE: Readonly<Record<string, readonly string[]>> = {
  [GOOGLE]: ['google_otp'],
  [OKTA_VERIFY]: ['okta_verify-totp', 'okta_verify_totp'],
  [PASSWORD]: ['okta_password'],
};

/**
 * A skip's control. The widget names it by the remediation it sends: `data-se="skip"` (the password warning's
 * "Remind me later" in Gen2 and Gen3, the passkey promotion's "Maybe later" in Gen3), Gen2's `skip-setup` link (the
 * passkey promotion, LinksUtil.getSkipSetupLink). An optional enrollment's skip is found from its answer instead
 * (enrollSkip).
 */
const SKIP = [
  `${WIDGET} [data-se="skip"]`,
  // The Classic widget's password warning (src/v1/views/expired-password/Footer.js).
  `${WIDGET} [data-se="skip-link"]`,
  `${WIDGET} [data-se="skip-setup"]`,
  `${WIDGET} form:not(:has(input:is([type="text"], [type="password"]))) [type="submit"]`,
] as const;

/** An authenticator key as Okta writes them (okta_verify, google_otp): anything else is never put in a selector. */
const AUTHENTICATOR_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * An optional enrollment's skip, decided from its answer: the `skip` remediation beside select-authenticator-enroll,
 * whose options name the authenticators offered. On the page it is the form's one control that is neither an offered
 * authenticator's (each carries its key's data-se: on Gen2's row around its link, inside Gen3's button) nor "Back to
 * sign in" (data-se="cancel"): Gen2's "Remind me later" link (RemindMeLaterButton, SkipOptionalEnrollmentButton:
 * no data-se of its own) and Gen3's submit button alike. Without an offered key to tell the options by, only a form
 * whose one submit is the skip (Gen3's).
 */
function enrollSkip(keys: readonly string[]): readonly string[] {
  const offered = keys.filter((k) => AUTHENTICATOR_KEY.test(k)).map((k) => `[data-se="${k}"]`);
  const submit = `${WIDGET} form:not(:has(input:is([type="text"], [type="password"]))) [type="submit"]`;
  if (offered.length === 0) return [submit];
  const any = offered.join(', ');
  return [`${WIDGET} form :is(a, button):not([data-se="cancel"]):not(:is(${any}) *):not(:has(${any}))`];
}

/** The authenticator keys an enrollment answer offers (its select-authenticator-enroll options'). */
function enrollKeys(response: HttpResponse): string[] {
  const body = parseBody(response);
  if (body === undefined) return [];
  const form = readIdxState(body).forms.find((f) => f.name === 'select-authenticator-enroll');
  const options = fieldsOf(form).find((f) => f.name === 'authenticator')?.options ?? [];
  return options.slice(0, 20).flatMap((o) => relatedKey(body, o.relatesTo) ?? []);
}
/** "Don't stay signed in" (post-auth-keep-me-signed-in), Gen2's link and Gen3's button alike. */
const DO_NOT_STAY = [`${WIDGET} [data-se="do-not-stay-signed-in-btn"]`] as const;

/**
 * The Classic widget's factor beacon of each TOTP authenticator (its FactorUtil's iconClassName), and its name: the
 * beacon says which factor's form is on screen.
 */
const CLASSIC_FACTOR: Readonly<Record<TotpAuthenticator, { readonly beacon: string; readonly name: string }>> = {
  'okta-verify': { beacon: 'mfa-okta-verify', name: 'Okta Verify' },
  'google-authenticator': { beacon: 'mfa-google-auth', name: 'Google Authenticator' },
};

/** The authenticator key a select move chose, from its label (idx-move.ts label()). */
function keyOfSelect(move: IdxSubmit): string | undefined {
  if (move.label === 'Google Authenticator') return GOOGLE;
  if (move.label === 'Okta Verify (code)') return OKTA_VERIFY;
  if (move.label === 'password') return PASSWORD;
  return undefined;
}

/**
 * Where the page answers a move, or why the walk cannot (a passkey: the browser journey holds none). `offered`: the
 * authenticator keys an optional enrollment's answer offers, which tell its skip from its options.
 */
export function controlOf(move: IdxSubmit, offered: readonly string[] = []): PageControl | undefined {
  const credentials = (value: 'password' | 'totp') =>
    move.secret === undefined ? [] : [{ field: `credentials.${move.secret.field}`, value }];
  switch (move.step) {
    case 'identify':
      return {
        fill: [
          { field: 'identifier', value: 'username' },
          ...(move.secret?.value === 'password' ? credentials('password') : []),
        ],
        press: 'submit',
        what: "the identify form's submit button",
      };
    case 'password':
      return { fill: credentials('password'), press: 'submit', what: "the password form's submit button" };
    case 'totp':
      return { fill: credentials('totp'), press: 'submit', what: "the code form's submit button" };
    case 'select': {
      const key = keyOfSelect(move);
      const names = key === undefined ? undefined : AUTHENTICATOR_DATA_SE[key];
      return names === undefined
        ? undefined
        : {
            fill: [],
            press: names.map(authenticatorButton),
            what: `the ${move.label} button`,
            elsewhere: SWITCH_AUTHENTICATOR,
          };
    }
    case 'skip':
      if (move.label === STAY_SIGNED_IN)
        return { fill: [], press: DO_NOT_STAY, what: 'the "Don\'t stay signed in" button' };
      if (move.label === ENROLL_SKIP) return { fill: [], press: enrollSkip(offered), what: `the ${move.label}'s skip` };
      return { fill: [], press: SKIP, what: `the ${move.label}'s skip` };
    default:
      return undefined;
  }
}

/** The remediation names of an answer, made plain and bounded (Okta's names are hostile input too). */
export function remediationNames(response: HttpResponse): string {
  const body = parseBody(response);
  if (body === undefined) return '';
  const names = readIdxState(body).forms.map((f) => adminText(String(f.name), 60));
  return (
    names.slice(0, NAMES_MAX).join(', ') + (names.length > NAMES_MAX ? `, and ${names.length - NAMES_MAX} more` : '')
  );
}

function parseBody(response: HttpResponse): Readonly<Record<string, unknown>> | undefined {
  if (response.bodyTruncated) return undefined;
  try {
    return jsonObject(JSON.parse(response.body) as unknown);
  } catch {
    return undefined;
  }
}

/** What the journey hears of the walk, as the idx flow tells it (idx.ts's FlowIo). */
export interface WalkTold {
  readonly hasTotpSecret: boolean;
  readonly totpAuthenticator?: TotpAuthenticator | undefined;
  readonly passwordStep: (answer: PasswordAnswer) => void;
  readonly totpAnswer: (answer: StepAnswer) => void;
  /** The days the page's warning named (null: signed in without a warning), as the idx flow tells password-expiry. */
  readonly passwordExpiry?: (days: number | null) => void;
  readonly enrollGrace?: (graces: readonly EnrollGrace[]) => void;
  readonly deviceGrace?: (grace: { readonly until: string; readonly asks: readonly string[] }) => void;
  readonly promotionSkipped?: () => void;
}

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
    if (step.kind === 'mfa') return this.#classicCode(step, when);
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

  /**
   * MFA_REQUIRED with the TOTP factor the authn flow answers (the seed's, judge.ts): its code typed into the Classic
   * widget's code field of that factor's form, once a run, as the authn journey sends it to that factor's verify link.
   * The widget shows the factor it ranks first; one other than the seed's is named, never typed into.
   */
  #classicCode(step: Extract<ReturnType<typeof judgeAuthn>, { kind: 'mfa' }>, when: string): PageMove {
    if (this.#progress.totpSent)
      return {
        kind: 'failed',
        verdict: fail(
          'UNEXPECTED_RESPONSE',
          `${when}: Okta asked for MFA again (${step.factor}) after the TOTP code: the walk types one code per run; ` +
            'check the sign-on policies for a second factor',
        ),
      };
    const move: IdxSubmit = {
      kind: 'submit',
      step: 'totp',
      href: step.verifyUrl,
      accepts: undefined,
      body: {},
      identifier: false,
      secret: { value: 'totp', field: 'answer' },
      label: step.factor,
    };
    const factor = CLASSIC_FACTOR[step.authenticator];
    return {
      kind: 'act',
      move,
      control: {
        fill: [{ field: 'answer', value: 'totp', within: CLASSIC_CODE_FORM }],
        press: [`${WIDGET} [data-se="inline-totp-verify"]`, `${CLASSIC_CODE_FORM} [type="submit"]`],
        what: `the ${factor.name} code form's verify button`,
        showing: { selector: `${WIDGET} [data-se="factor-beacon"].${factor.beacon}`, what: `${factor.name}'s form` },
        reveal: `${WIDGET} [data-se="inline-totp-add"]`,
        // The beacon shows the user's last-used factor: another is picked in its dropdown, as a person picks it.
        elsewhere: {
          shown: `${WIDGET} [data-se="factor-beacon"]`,
          steps: [
            { selector: `${CLASSIC_FACTOR_MENU} a.option-selected`, what: "the factor beacon's dropdown" },
            {
              selector: `${CLASSIC_FACTOR_MENU} .okta-dropdown-option a:has(.${factor.beacon}-30)`,
              what: `${factor.name} in the factor beacon's dropdown`,
            },
          ],
        },
      },
    };
  }

  /** A Classic Engine page's first form: the username and the password, on one form. */
  classicSignIn(): { readonly move: IdxSubmit; readonly control: PageControl } {
    return {
      move: {
        kind: 'submit',
        step: 'identify',
        href: '',
        accepts: undefined,
        body: {},
        identifier: true,
        secret: { value: 'password', field: 'password' },
        label: 'username and password',
      },
      control: {
        fill: [
          { field: 'username', value: 'username' },
          { field: 'password', value: 'password' },
        ],
        press: 'submit',
        what: "the sign-in form's submit button",
      },
    };
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
