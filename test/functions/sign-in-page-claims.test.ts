// docs/sign-in.md's claims about the browser walk across widget generations and languages, each held by a test
// (test/support/claims.ts): the walk's own tests in real Chromium against the simulator's page (Gen2, Gen3, Classic,
// French) and its reading of Okta's real IDX answers.
import { describe } from 'vitest';
import { held, itHoldsClaims, type Claim } from '../support/claims';

const DOC = 'docs/sign-in.md';
const PAGES = 'test/functions/probe/sign-in/browser-generations.integration.test.ts';
const READING = 'test/functions/probe/sign-in/browser-idx.test.ts';
const TOTP = 'test/functions/probe/sign-in/browser-totp.test.ts';
const FLAGS = 'test/functions/probe/sign-in/chromium-args.integration.test.ts';

const GENERATIONS_SIGN_IN =
  "So the Sign-In Widget's second generation (`okta-sign-in.min.js`), its third (`okta-sign-in.next.js`, which " +
  "Okta delivers only as Okta-hosted) and a Classic Engine org's widget (`okta-sign-in.classic.js`) sign in alike";

const CLAIMS: readonly Claim[] = [
  held(GENERATIONS_SIGN_IN, PAGES, '%s: the same finding on both generations', 'GENERATIONS', 'promised(name)'),
  held(GENERATIONS_SIGN_IN, PAGES, 'signs in through the Classic widget', "'classic'"),
  held(
    "a refusal is judged by its message's `i18n.key`, so a locked-out user is `USER_LOCKED_OUT` on a French page, as " +
      'in the `idx` journey',
    PAGES,
    "%s: the idx journey's code, read from the answer's i18n key",
    "'USER_LOCKED_OUT'",
    "'fr'",
  ),
  held(
    "a refusal is judged by its message's `i18n.key`, so a locked-out user is `USER_LOCKED_OUT` on a French page, as " +
      'in the `idx` journey',
    READING,
    '%s, its messages in French',
    'french',
  ),
  held(
    '"Keep me signed in" with "Don\'t stay signed in", the password expiry warning\'s "Remind me later" (the days it ' +
      'showed told to `password-expiry`), an optional enrollment\'s "Remind me later" (its grace told), and the ' +
      'passkey promotion\'s "Maybe later"',
    PAGES,
    '%s: signed in',
    'PROMPTS',
  ),
  held(
    'the password expiry warning\'s "Remind me later" (the days it showed told to `password-expiry`)',
    PAGES,
    "the expiry warning's days are told to password-expiry",
    "['expiry', 5]",
  ),
  held(
    "The TOTP code goes only into the field the answer's challenge names as the authenticator's passcode (Google " +
      "Authenticator's `credentials.passcode`, Okta Verify's `credentials.totp`)",
    READING,
    "types the TOTP code only into the challenge's field",
    "'credentials.totp'",
  ),
  held(
    'never into a field the page marks as a new password',
    TOTP,
    'never types into a new-password field',
    "'new-password'",
  ),
  held(
    'or the answer is a form neither the walk nor the `idx` flow answers (its title and remediations named)',
    PAGES,
    'a form the walk cannot answer is named by its title and its remediations',
    'profile-update, skip',
  ),
  held(
    "A Classic Engine page's second factor is answered as the `authn` journey answers it",
    PAGES,
    "answers MFA_REQUIRED's TOTP factor",
    "'sign-in-page-totp', 'classic'",
  ),
  held(
    "goes only into that factor's code form (the Classic widget's `answer` inside its TOTP form, once the factor's " +
      "beacon shows it is that factor's), once a run",
    READING,
    'types the code only into the TOTP form of the factor MFA_REQUIRED names',
    'mfa-google-auth',
  ),
  held(
    "the Classic widget's `answer` inside its TOTP form",
    TOTP,
    "types the Classic widget's `answer` only inside its TOTP form",
    'factor-question',
  ),
  held(
    'or is an http: one on the https: page, which browsers block ("mixed content")',
    FLAGS,
    'refuses an http: script on an https: page (mixed content)',
    "'SIGN_IN_PAGE_ASSET_FAILED'",
  ),
];

describe('docs/sign-in.md: the page in every widget generation and language', () => {
  itHoldsClaims(DOC, CLAIMS);
});
