// The "browser" flow reads the page as the widget does: from the sign-in API's answers the widget receives, never
// from its words or its CSS. Every Sign-In Widget generation of an Identity Engine org (Gen2 okta-sign-in.min.js,
// Gen3 okta-sign-in.next.js) renders the IDX answers it gets from /idp/idx/*, so each answer is judged here by the
// idx flow's own judge (idx-judge.ts's nextIdxMove): its remediation names which form the page shows and what the
// walk may answer there ("Don't stay signed in", a warning's skip, an optional enrollment's skip, the passkey
// promotion's "Maybe later"), and its messages' i18n keys what went wrong, in any language the page speaks. What the
// walk then does on the page is found by generation-neutral markup: input names, `type=submit`, the widget's data-se.
// Pure: the answers' collection is page-answers.ts's, their reading reading.ts's, a Classic page's forms classic.ts's.
import type { HttpResponse } from '../../../http';
import { jsonObject, type Verdict } from '../../../verdict';
import { readIdxState } from '../../../okta/idx-state';
import { adminText } from '../../idx-denials';
import { ENROLL_SKIP } from '../../idx-enroll';
import { fieldsOf, GOOGLE, OKTA_VERIFY, PASSWORD, relatedKey, STAY_SIGNED_IN, type IdxSubmit } from '../../idx-move';
import type { EnrollGrace } from '../../enroll-grace';
import type { PasswordAnswer, StepAnswer } from '../../guard-outcomes';
import type { TotpAuthenticator } from '../../../../types';
import type { Elsewhere } from './switch';

/** Remediation names told in a finding; the rest counted. */
const NAMES_MAX = 8;

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
export const SKIP = [
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
export function enrollKeys(response: HttpResponse): string[] {
  const body = parseBody(response);
  if (body === undefined) return [];
  const form = readIdxState(body).forms.find((f) => f.name === 'select-authenticator-enroll');
  const options = fieldsOf(form).find((f) => f.name === 'authenticator')?.options ?? [];
  return options.slice(0, 20).flatMap((o) => relatedKey(body, o.relatesTo) ?? []);
}
/** "Don't stay signed in" (post-auth-keep-me-signed-in), Gen2's link and Gen3's button alike. */
const DO_NOT_STAY = [`${WIDGET} [data-se="do-not-stay-signed-in-btn"]`] as const;

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

export function parseBody(response: HttpResponse): Readonly<Record<string, unknown>> | undefined {
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
