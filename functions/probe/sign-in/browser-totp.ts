// The "browser" flow's second factor: after the password the Sign-In Widget lists the user's authenticators
// (select-authenticator-authenticate) or asks for the one code at once (challenge-authenticator). The walk picks the
// authenticator whose seed the journey holds, as the idx flow does (Google Authenticator unless totpAuthenticator
// says Okta Verify), types the current code in the widget's own field and submits it once. A refused code is told
// to the journey's state (it is held until the secret changes) and never typed again.
import type { TotpAuthenticator } from '../../types';
import { fail, type Verdict } from '../verdict';
import type { StepAnswer } from './guard';
import type { TotpCode } from './idx';

const WIDGET = '#okta-sign-in';
/**
 * The code's field: Google Authenticator's credentials.passcode (a text field, unlike the password's), Okta Verify's
 * credentials.totp (the widget's challenge-authenticator forms of each, from the IDX answers
 * authenticator-verification-google-authenticator.json and authenticator-verification-okta-verify-totp.json).
 */
export const CODE =
  `${WIDGET} form input[name="credentials.passcode"]:not([type="password"]), ` +
  `${WIDGET} form input[name="credentials.totp"]`;
/** The widget's list of authenticators to verify with (select-authenticator-authenticate). */
export const AUTHENTICATOR_LIST = `${WIDGET} .authenticator-verify-list`;
/** Each authenticator of the list is a button named by the widget's data-se: `<key>` or `<key>-<methodType>`. */
const choice = (dataSe: string): string => `${WIDGET} .authenticator-button[data-se="${dataSe}"] .select-factor`;
const GOOGLE = choice('google_otp');
const OKTA_VERIFY_CODE = choice('okta_verify-totp');

/** The list's buttons the journey may press, in its order of preference: the authenticator its seed belongs to. */
export function totpChoices(authenticator: TotpAuthenticator | undefined): readonly string[] {
  if (authenticator === 'google-authenticator') return [GOOGLE];
  if (authenticator === 'okta-verify') return [OKTA_VERIFY_CODE];
  // Unnamed: Google Authenticator first, as the idx flow picks it (its seed is the one an Identity Engine enrollment
  // shows), else Okta Verify's code.
  return [GOOGLE, OKTA_VERIFY_CODE];
}

/** A TOTP authenticator as the journey's line and its findings name it. */
const AUTHENTICATOR_NAMES: Readonly<Record<TotpAuthenticator, string>> = {
  'google-authenticator': 'Google Authenticator',
  'okta-verify': "Okta Verify's code",
};
const wanted = (authenticator: TotpAuthenticator | undefined): string =>
  authenticator === undefined ? "Google Authenticator or Okta Verify's code" : AUTHENTICATOR_NAMES[authenticator];

/** What the TOTP step asks of the person at the page (browser.ts's Person). */
export interface PagePerson {
  fill(selector: string, value: string, what: string): Promise<Verdict | undefined>;
  submit(): Promise<Verdict | undefined>;
  click(selector: string, what: string): Promise<Verdict | undefined>;
  /** Which of the selectors shows first, 'landed', or undefined when nothing did within the step. */
  next(selectors: readonly string[], landing: Promise<void>): Promise<string | undefined>;
  visible(selector: string): Promise<boolean>;
  /** The data-se names of what the selector matches (the authenticators the list offers), scrubbed. */
  names(selector: string): Promise<string[]>;
  /** Every error the form shows, in the page's words, scrubbed and bounded. */
  said(): Promise<string>;
}

export interface TotpIo {
  readonly hasTotpSecret: boolean;
  readonly totpAuthenticator?: TotpAuthenticator | undefined;
  readonly totp: () => Promise<TotpCode>;
  /** The code's answer, told to the journey's state once the page judged it. */
  readonly totpAnswer: (answer: StepAnswer) => void;
}

/** The selectors after the password that belong to the second factor. */
export const AFTER_PASSWORD: readonly string[] = [AUTHENTICATOR_LIST, CODE];

/**
 * The second factor, from what showed after the password (the list or the code's field): the authenticator chosen,
 * the code typed and submitted once. What showed last ('landed' at the app), or the verdict that stopped the walk.
 */
export async function totpSteps(
  person: PagePerson,
  io: TotpIo,
  shown: string,
  landing: Promise<void>,
  error: string,
): Promise<string | undefined | Verdict> {
  let now: string | undefined = shown;
  let other = '';
  if (now === AUTHENTICATOR_LIST) {
    const chosen = await firstVisible(person, totpChoices(io.totpAuthenticator));
    if (chosen === undefined) {
      const offered = await person.names(`${AUTHENTICATOR_LIST} .authenticator-button`);
      return fail(
        'MFA_FACTOR_UNAVAILABLE',
        `the page offered no ${wanted(io.totpAuthenticator)} to verify with` +
          (offered.length > 0 ? `; it offered ${offered.join(', ')}` : ''),
      );
    }
    // Chosen unnamed where both were offered: a refused code may be the other's seed, as the idx flow says too.
    other =
      io.totpAuthenticator === undefined && chosen === GOOGLE && (await person.visible(OKTA_VERIFY_CODE))
        ? "; the page offered Okta Verify's code too, and totpAuthenticator names neither: if the seed is Okta " +
          'Verify\'s, set totpAuthenticator to "okta-verify"'
        : '';
    const clicked = await person.click(chosen, `the ${wanted(io.totpAuthenticator)} button`);
    if (clicked !== undefined) return clicked;
    now = await person.next([CODE, error], landing);
  }
  if (now !== CODE) return now;
  if (!io.hasTotpSecret)
    return fail('MFA_FACTOR_UNAVAILABLE', 'the page asked for a TOTP code, and the journey has no TOTP secret');
  const code = await io.totp();
  if (!('code' in code)) return 'verdict' in code ? code.verdict : fail('UNEXPECTED_RESPONSE', code.skipped.reason);
  const sent = (await person.fill(CODE, code.code, 'the code field')) ?? (await person.submit());
  if (sent !== undefined) return sent;
  const after = await person.next([error], landing);
  if (after === error) {
    const verdict = refusedCode(await person.said(), other);
    io.totpAnswer({ accepted: false, verdict });
    return verdict;
  }
  // Landed: Okta took the code. Nothing at all: the code's fate is unknown, and the journey's state treats an untold
  // answer as uncertain (Okta may have counted it).
  if (after === 'landed') io.totpAnswer({ accepted: true });
  return after;
}

async function firstVisible(person: PagePerson, selectors: readonly string[]): Promise<string | undefined> {
  for (const selector of selectors) if (await person.visible(selector)) return selector;
  return undefined;
}

/**
 * The page's words after the code, as a finding: the widget shows Okta's message of the IDX answer
 * (authfactor.challenge.soft_token.invalid_passcode "Your code doesn't match our records", PASSCODE_INVALID
 * "Invalid code. Try again.", soft_token.used_passcode "Each code can only be used once", suspended_factor).
 */
export function refusedCode(said: string, other = ''): Verdict {
  const words = `the page said, after the TOTP code: ${said}`;
  if (/suspended/i.test(said)) return fail('TOTP_SUSPENDED', words);
  if (/only be used once/i.test(said)) return fail('TOTP_CODE_REUSED', words);
  if (/code|passcode|match/i.test(said)) return fail('TOTP_REJECTED', `${words}${other}`);
  return fail('UNEXPECTED_RESPONSE', words);
}
