// The "browser" flow's second factor: the TOTP code typed once, into the one field the IDX answer marks as the
// authenticator's passcode. The answer the widget received names the challenge (challenge-authenticator of Google
// Authenticator or Okta Verify, chosen by the idx flow's judge: the authenticator whose seed the journey holds) and its
// credentials field (Google Authenticator's credentials.passcode, Okta Verify's credentials.totp: the widget's mocks
// authenticator-verification-google-authenticator.json and authenticator-verification-okta-verify-totp.json). The
// password expiry warning's new-password field is a credentials.passcode too: never typed into, since its answer is
// never a TOTP challenge, and a field the page marks as a new password is refused whatever the answer said.
// A Classic Engine page's widget names its code field `answer` (src/v1/views/mfa-verify/TOTPForm.js and
// InlineTOTPForm.js): so does its security question's, so `answer` is a code's field only inside a TOTP form.
import type { TotpAuthenticator } from '../../../../types';
import { fail, type Verdict } from '../../../verdict';
import type { StepAnswer } from '../../guard-outcomes';
import type { TotpCode } from '../../idx';

/** The fields a TOTP challenge's answer may name: Google Authenticator's and Okta Verify's. */
const CODE_FIELDS: ReadonlySet<string> = new Set(['credentials.passcode', 'credentials.totp']);

/**
 * The Classic widget's TOTP forms, by their data-se: a Google Authenticator's or a lone Okta Verify code's
 * (factor-totp), and Okta Verify's "Or enter code" beside its push (factor-inline-totp).
 */
export const CLASSIC_CODE_FORM = '#okta-sign-in form:is([data-se="factor-totp"], [data-se="factor-inline-totp"])';
/** The Classic widget's code field, by its name. */
const CLASSIC_CODE_FIELD = 'answer';

/** What the TOTP step asks of the person at the page (person.ts's Person). */
export interface PagePerson {
  /**
   * Types the value into the named input of the widget's form (of the form `within` selects, when given), once it
   * shows; or why it could not.
   */
  fill(field: string, value: string, what: string, within?: string): Promise<Verdict | undefined>;
  /** The named input's autocomplete attribute ('' when it has none or is absent). */
  autocomplete(field: string, within?: string): Promise<string>;
}

export interface TotpIo {
  readonly hasTotpSecret: boolean;
  readonly totpAuthenticator?: TotpAuthenticator | undefined;
  readonly totp: () => Promise<TotpCode>;
  /** The code's answer, told to the journey's state once the page's answer judged it. */
  readonly totpAnswer: (answer: StepAnswer) => void;
}

/**
 * The current code typed into `field`, the one the IDX answer's TOTP challenge names (or the Classic widget's code
 * field, inside its TOTP form); or why nothing was typed: no secret, a field that is not a TOTP challenge's, a field
 * the page marks as a new password, or no code to send now.
 */
export async function typeCode(
  person: PagePerson,
  io: TotpIo,
  field: string,
  within?: string,
): Promise<Verdict | undefined> {
  if (!io.hasTotpSecret)
    return fail('MFA_FACTOR_UNAVAILABLE', 'the page asked for a TOTP code, and the journey has no TOTP secret');
  const classic = within === CLASSIC_CODE_FORM && field === CLASSIC_CODE_FIELD;
  if (!classic && (within !== undefined || !CODE_FIELDS.has(field)))
    return fail('UNEXPECTED_RESPONSE', `the TOTP challenge names ${field}, not a code's field: no code typed`);
  // A field the page offers for a new password (the expiry warning's) never takes a code, whatever the answer said.
  if ((await person.autocomplete(field, within)) === 'new-password')
    return fail(
      'SIGN_IN_PAGE_FORM_BLOCKED',
      `the page's ${field} is a new password's field where the answer asked for a TOTP code: no code typed`,
    );
  const code = await io.totp();
  if (!('code' in code)) return 'verdict' in code ? code.verdict : fail('UNEXPECTED_RESPONSE', code.skipped.reason);
  return person.fill(field, code.code, 'the code field', within);
}
