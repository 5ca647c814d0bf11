// A Classic Engine org's page, as the authn flow reads its answers: the username and password on one form, and the
// TOTP factor's code typed into the Classic widget's form of that factor (its beacon, its dropdown, "Or enter code").
import type { TotpAuthenticator } from '../../../../types';
import { fail } from '../../../verdict';
import type { IdxSubmit } from '../../idx-move';
import type { judgeAuthn } from '../../judge';
import { WIDGET, type PageControl, type PageMove } from './answers';
import { CLASSIC_CODE_FORM } from './totp';

/** The Classic widget's factor menu: the beacon's dropdown, and the option of a factor by its icon's class. */
const CLASSIC_FACTOR_MENU = `${WIDGET} [data-type="factor-types-dropdown"]`;

/**
 * The Classic widget's factor beacon of each TOTP authenticator (its FactorUtil's iconClassName), and its name: the
 * beacon says which factor's form is on screen.
 */
const CLASSIC_FACTOR: Readonly<Record<TotpAuthenticator, { readonly beacon: string; readonly name: string }>> = {
  'okta-verify': { beacon: 'mfa-okta-verify', name: 'Okta Verify' },
  'google-authenticator': { beacon: 'mfa-google-auth', name: 'Google Authenticator' },
};

/**
 * MFA_REQUIRED with the TOTP factor the authn flow answers (the seed's, judge.ts): its code typed into the Classic
 * widget's code field of that factor's form, once a run, as the authn journey sends it to that factor's verify link.
 * The widget shows the factor it ranks first; one other than the seed's is named, never typed into.
 */
export function classicCode(
  step: Extract<ReturnType<typeof judgeAuthn>, { kind: 'mfa' }>,
  when: string,
  totpSent: boolean,
): PageMove {
  if (totpSent)
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
export function classicSignIn(): { readonly move: IdxSubmit; readonly control: PageControl } {
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
