// The simulator's scenarios of the org's hosted sign-in page (sim/endpoints/hosted-page.ts): the real Sign-In Widget
// under Okta's CSP, broken as customized pages break (shared/okta-behaviour.md, "The hosted sign-in page"). Each adds
// a "browser" journey, `page`, beside the "idx" journey of the same app and user: the page fails while the API
// journey passes.
import type { DiagnosisCode } from '../functions/contract';
import type { ConfigFileJson } from '../functions/config/schema';
import type { SimFaults } from './faults';
import { PAGE_USERNAME } from './clients';

/** The page user's secrets file, beside the config (sim/config.ts writes it). */
const PAGE_SECRETS_FILE = 'page-user.json';

/** The checks a page scenario tells of. */
type PageCheck = 'sign-in' | 'sign-in-widget';

/** The browser journey's id in the page scenarios' config. */
export const PAGE_JOURNEY = 'page';

/**
 * The simulator's page is served and rendered by the machine the probe runs on: a loaded test machine slows its
 * Chromium, not Okta's CDN. Its journeys allow this long, so a busy machine is never told as a slow page; the slow
 * page's own scenario holds the widget past the default budget, and keeps it.
 */
export const SIM_RENDER_BUDGET_SECONDS = 30;

interface PageScenario {
  readonly description: string;
  readonly expect: readonly { readonly server: string; readonly check: PageCheck; readonly code: DiagnosisCode }[];
  readonly faults?: SimFaults;
  readonly config: (cfg: ConfigFileJson) => ConfigFileJson;
}

/**
 * The config with a "browser" journey of the "idx" journey's app, named `page`, with a user of its own; as it was when
 * it has no idx journey or a browser journey already.
 */
export function withPageJourney(cfg: ConfigFileJson): ConfigFileJson {
  const idx = cfg.signIn?.find((j) => j.flow === 'idx');
  if (idx === undefined || cfg.signIn?.some((j) => j.flow === 'browser') === true) return cfg;
  return {
    ...cfg,
    signIn: [
      ...(cfg.signIn ?? []),
      {
        ...idx,
        id: PAGE_JOURNEY,
        flow: 'browser',
        username: PAGE_USERNAME,
        secretsFile: PAGE_SECRETS_FILE,
        renderBudgetSeconds: SIM_RENDER_BUDGET_SECONDS,
      },
    ],
  };
}

/** The config with the browser journeys' render budget left to the default: the slow page's own scenario keeps it. */
function withDefaultRenderBudget(cfg: ConfigFileJson): ConfigFileJson {
  return {
    ...cfg,
    signIn: cfg.signIn?.map((j) => {
      if (j.flow !== 'browser') return j;
      const { renderBudgetSeconds: _, ...rest } = j;
      return rest;
    }),
  };
}

const onPage = (code: DiagnosisCode, check: PageCheck = 'sign-in'): PageScenario['expect'] => [
  { server: PAGE_JOURNEY, check, code },
];
/** The same finding on the API journeys of the simulator's config, for a fault of every user. */
const onApi = (code: DiagnosisCode): PageScenario['expect'] =>
  ['portal', 'mobile', 'workforce'].map((server) => ({ server, check: 'sign-in', code }));

export const PAGE_SCENARIOS = {
  'sign-in-page': {
    description:
      'The hosted sign-in page loads the Sign-In Widget under Okta\'s CSP; the "browser" journey signs in ' +
      'through it, as the "idx" journey does over the API.',
    expect: [],
    config: withPageJourney,
  },
  // help.okta.com customizations-configure-csp: "The default CSP provided by Okta can break customizations".
  'sign-in-page-csp': {
    description:
      "The page's CSP blocks the org's custom script, served from an origin never added as trusted: the page " +
      'is broken while every API answers.',
    expect: onPage('SIGN_IN_PAGE_CSP_BLOCKED'),
    faults: { signIn: { signInPage: 'csp' } },
    config: withPageJourney,
  },
  // support.okta.com Deployment-Model-Customized-Okta-Hosted-SIW: "Classic Engine widget APIs and deprecated methods
  // will no longer function as expected".
  'sign-in-page-script-error': {
    description:
      "The org's custom JavaScript calls the Classic widget's signIn.session.get and throws before the widget " +
      'renders.',
    expect: onPage('SIGN_IN_PAGE_SCRIPT_ERROR'),
    faults: { signIn: { signInPage: 'script-error' } },
    config: withPageJourney,
  },
  // developer.okta.com style-okta-hosted: the admin pins the widget's major and minor version.
  'sign-in-page-asset-missing': {
    description: "The page pins a widget version the CDN does not hold: the widget's script and stylesheet answer 404.",
    expect: onPage('SIGN_IN_PAGE_ASSET_FAILED'),
    faults: { signIn: { signInPage: 'asset-missing' } },
    config: withPageJourney,
  },
  // support.okta.com Deployment-Model-Customized-Okta-Hosted-SIW: "style overrides tied to Classic widget DOM
  // structure may need adjustment".
  'sign-in-page-hidden-submit': {
    description: "A style override written for the Classic widget's DOM hides the form's button bar.",
    expect: onPage('SIGN_IN_PAGE_FORM_BLOCKED'),
    faults: { signIn: { signInPage: 'hidden-submit' } },
    config: withPageJourney,
  },
  'sign-in-page-slow': {
    description:
      "The widget's script arrives 5 s late: the page renders past its 4 s budget, and the " +
      'sign-in then completes: a warning of the page, never a failed sign-in.',
    expect: onPage('SIGN_IN_PAGE_SLOW', 'sign-in-widget'),
    faults: { signIn: { signInPage: 'slow' } },
    config: (cfg) => withDefaultRenderBudget(withPageJourney(cfg)),
  },
  'sign-in-page-stalled': {
    description:
      "The widget's script is taken and never answered: the page never renders, and once the walk's patience runs " +
      'out (about a minute) the finding names the script it still waits for, which holds its rendering.',
    expect: onPage('SIGN_IN_PAGE_STALLED'),
    faults: { signIn: { signInPage: 'stalled' } },
    config: withPageJourney,
  },
  // The app's authentication policy asks for a second factor: the widget lists the user's authenticators
  // (select-authenticator-authenticate), and the journey picks Google Authenticator, whose seed it holds.
  'sign-in-page-totp': {
    description:
      "The app's policy asks for a second factor: the widget lists Okta Verify and Google Authenticator, and the " +
      "browser journey types the current code into Google Authenticator's field.",
    expect: [],
    faults: { signIn: { mfaRequired: true } },
    config: withPageJourney,
  },
  // The widget's authenticator-verification-okta-verify-push.json, and its "Verify with something else" link
  // (src/v2/view-builder/utils/LinksUtil.js): a person on this page clicks it to type a code instead.
  'sign-in-page-push-first': {
    description:
      "The users' last-used authenticator is Okta Verify's push: after the password Okta sends it at once and the " +
      'widget waits on it; the browser journey clicks "Verify with something else", picks Google Authenticator and ' +
      'types its code, as a person does.',
    expect: [],
    faults: { signIn: { mfaRequired: true, oktaVerifyPushFirst: true } },
    config: withPageJourney,
  },
  'sign-in-page-totp-rejected': {
    description:
      "The users' TOTP authenticators were reset with new secrets: the page refuses the browser journey's code " +
      "once, as the API refuses the other journeys' codes, and no code is typed again.",
    expect: [...onPage('TOTP_REJECTED'), ...onApi('TOTP_REJECTED')],
    faults: { signIn: { user: 'totp-reset' } },
    config: withPageJourney,
  },
  // okta-developer-docs data/oauth2-error-codes.json (no_matching_policy) and guides/configure-access-policy (a rule's
  // grant types): Okta refuses on the redirect to the app, after the sign-in, as it refuses the authn flow's
  // /authorize.
  'sign-in-page-code-grant-denied': {
    description:
      "The custom server's access policy rule allows the Interaction Code grant but not Authorization Code: the " +
      'page signs the user in, and its redirect to the app carries access_denied "Policy evaluation failed", read ' +
      "through Okta's catalogue as the authn journey reads it, while the idx journey passes.",
    expect: onPage('SIGN_IN_NOT_ALLOWED'),
    faults: { signIn: { authorizationCodeDenied: true } },
    config: withPageJourney,
  },
  // developer.okta.com style-okta-hosted: the admin pins the widget's major and minor version, and Okta recommends the
  // highest major.
  'sign-in-page-old-widget': {
    description:
      'The page pins Sign-In Widget 6.9.0, a major older than the newest (7.x): the browser journey signs in, and ' +
      'warns of the pinned version.',
    expect: onPage('SIGN_IN_WIDGET_OUTDATED', 'sign-in-widget'),
    faults: { signIn: { signInPage: 'old-widget' } },
    config: withPageJourney,
  },
  // The widget renders Okta's profile-update form (progressive profiling, a required attribute): a form the walk
  // never answers, named within its bounded wait rather than waited on for ever.
  'sign-in-page-profile-update': {
    description:
      "The user's profile lacks a required attribute: after the password the widget asks for it, and the browser " +
      'journey names the form it cannot answer, within its bounded wait.',
    expect: [
      ...onPage('SIGN_IN_PAGE_FORM_BLOCKED'),
      { server: 'workforce', check: 'sign-in', code: 'PROFILE_UPDATE_REQUIRED' },
    ],
    faults: { signIn: { idxAnswer: 'profile-update' } },
    config: withPageJourney,
  },
  // W3C Subresource Integrity §3.3.5: a resource failing its integrity check is refused, whoever serves it.
  'sign-in-page-integrity': {
    description:
      "The page's custom code gives the widget's script an integrity hash of another file: every browser refuses " +
      "the script, and the browser journey names the refused file and the page's hash, not a script that throws.",
    expect: onPage('SIGN_IN_PAGE_INTEGRITY_FAILED'),
    faults: { signIn: { signInPage: 'integrity-mismatch' } },
    config: withPageJourney,
  },
  // okta-developer-docs guides/request-user-consent: an app whose consent is REQUIRED shows Okta's consent dialog
  // ("Allow Access" / "Don't Allow") until the user grants it once.
  'sign-in-page-consent': {
    description:
      "The app's consent is required and the synthetic user never granted it: after the password Okta shows its " +
      'consent screen, naming the app and its scopes; the browser journey grants nothing and names the consent, as ' +
      'the idx journey does, never a broken page.',
    expect: [
      ...onPage('SIGN_IN_CONSENT_REQUIRED'),
      { server: 'workforce', check: 'sign-in', code: 'SIGN_IN_CONSENT_REQUIRED' },
    ],
    faults: { signIn: { idxAnswer: 'consent' } },
    config: withPageJourney,
  },
  'sign-in-page-blank': {
    description: "The page's custom HTML lost the widget's container: nothing renders and nothing errs.",
    expect: onPage('SIGN_IN_PAGE_BLANK'),
    faults: { signIn: { signInPage: 'blank' } },
    config: withPageJourney,
  },
  'sign-in-page-redirect-away': {
    description:
      "The org's script sends the browser to a maintenance page on another origin before the widget renders.",
    expect: onPage('SIGN_IN_PAGE_REDIRECTED'),
    faults: { signIn: { signInPage: 'redirect-away' } },
    config: withPageJourney,
  },
  // ---- Frames and policies from other origins (hosted-page.ts, thirdParty) ----
  // okta-developer-docs reference/api/captchas: hCaptcha and reCAPTCHA v2, "both invisible", their risk analysis
  // "based on the settings that you configure with the provider": here it challenges the synthetic user.
  'sign-in-page-captcha': {
    description:
      "The org's bot protection (reCAPTCHA, in a frame of its own origin) challenges the synthetic user at the " +
      "first submit: the browser journey names the challenge, the org's to exempt, while the idx journey passes.",
    expect: onPage('SIGN_IN_PAGE_CAPTCHA'),
    faults: { signIn: { signInPage: 'captcha' } },
    config: withPageJourney,
  },
  // okta-developer-docs reference/api/captchas: both vendors "run risk-analysis software in the background"; the
  // widget's identify-with-password-with-hcaptcha.json carries the form's captchaVerify.
  'sign-in-page-invisible-captcha': {
    description:
      "The org's bot protection (hCaptcha) is on the identify form and its risk analysis passes the synthetic user " +
      'in the background: the widget runs it and the browser journey signs in, as a person does, while the idx ' +
      'journey, which cannot run it, names it.',
    expect: [{ server: 'workforce', check: 'sign-in', code: 'CAPTCHA_REQUIRED' }],
    faults: { signIn: { idxAnswer: 'hcaptcha' } },
    config: withPageJourney,
  },
  'sign-in-page-captcha-challenge': {
    description:
      "The same bot protection's risk analysis asks the synthetic user for a visible challenge at the submit: the " +
      "browser journey names the challenge, the org's to exempt.",
    expect: [...onPage('SIGN_IN_PAGE_CAPTCHA'), { server: 'workforce', check: 'sign-in', code: 'CAPTCHA_REQUIRED' }],
    faults: { signIn: { idxAnswer: 'hcaptcha-challenge' } },
    config: withPageJourney,
  },
  'sign-in-page-chat-frame': {
    description:
      'A chat widget in a frame of another origin, which navigates inside itself: a subresource of the page, ' +
      'and the browser journey signs in beside it.',
    expect: [],
    faults: { signIn: { signInPage: 'chat-frame' } },
    config: withPageJourney,
  },
  'sign-in-page-report-only-csp': {
    description:
      'The page also sends a Content-Security-Policy-Report-Only its inline scripts violate: reported, never ' +
      'blocked, and the browser journey signs in with no CSP violation counted.',
    expect: [],
    faults: { signIn: { signInPage: 'report-only-csp' } },
    config: withPageJourney,
  },
  // developers.cloudflare.com cloudflare-challenges: a challenge answer carries `cf-mitigated: challenge`.
  'sign-in-page-edge-challenge': {
    description:
      "The CDN in front of the org's custom domain answers the sign-in page with its own challenge (Cloudflare's " +
      '"Just a moment...", cf-mitigated: challenge): the browser journey names the bot protection in front of the ' +
      'domain, not an Okta network zone, while the idx journey passes.',
    expect: onPage('SIGN_IN_PAGE_CAPTCHA'),
    faults: { signIn: { signInPage: 'edge-challenge' } },
    config: withPageJourney,
  },
  // ---- end of frames and policies ----
} satisfies Record<string, PageScenario>;
