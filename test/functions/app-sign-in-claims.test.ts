// docs/sign-in.md's and docs/saml-apps.md's sentences on a journey's app (app-sign-in), each held by a test
// (test/support/claims.ts), as the status page's are (docs-claims.test.ts).
import { describe } from 'vitest';
import { held, itHoldsClaims, type Claim } from '../support/claims';

const JUDGE = 'test/functions/probe/sign-in/app-judge.test.ts';
const LIBRARIES = 'test/functions/probe/sign-in/app-judge-libraries.test.ts';
const CONFIG = 'test/functions/config/app.test.ts';
const CALLER = 'test/functions/status-page/app-caller.test.ts';
const PAGE_FOR = 'test/functions/quorum/app-page-for.test.ts';
const CARRIED = 'test/functions/probe/sign-in/app-carried.test.ts';
const LOG = 'test/functions/probe/system-log/app-part.test.ts';

const SIGN_IN: readonly Claim[] = [
  held(
    "On a run between the journey's runs, `app-sign-in` repeats what the journey's last run found of the app, " +
      'carried as `sign-in` is: "Last known, at the journey\'s run of <time>", never as this run\'s.',
    CARRIED,
    "repeats the app's refusal as last known, with the journey run's time, carried",
    'judgeAppOf',
  ),
  held(
    "all that is given must hold. Never a cookie's value.",
    CONFIG,
    "refuses a success condition that names a cookie's value",
    'session=s3cr3t-value',
  ),
  held(
    'An app that sends the browser to a third origin (its own IdP chooser, another IdP) is told ' +
      '(`APP_REDIRECTED_AWAY`) and never followed.',
    JUDGE,
    'reports APP_REDIRECTED_AWAY naming the third origin, not followed',
    'APP_REDIRECTED_AWAY',
  ),
  held(
    "Its codes are the app's own (owner: the app): never Okta's and never the sign-in's",
    JUDGE,
    'reports APP_AUDIENCE_MISMATCH naming the aud Okta issued, the app as owner',
    "toBe('app')",
  ),
  held(
    'A failure of the app pages where the journey\'s `pageFor` names `"app"`, and warns otherwise, with the fast ' +
      'path or without it',
    PAGE_FOR,
    'judges the app-sign-in failure down where pageFor names "app"',
    'judgeTargets',
  ),
  held(
    "deployed, the browser function keeps a refusal `pageFor` leaves out from the journey's page alarm and tells " +
      'it to its warn composite',
    'test/lib/page-for-fire.test.ts',
    'with "pageFor": ["okta"], a refusal by the app warns and never pages',
    'play',
  ),
  held(
    '`"app"` on a journey without an `app` block, or on a server, is refused',
    'test/functions/config/page-for.test.ts',
    'refuses "app" where no app can refuse',
    'pageFor',
  ),
  held(
    'The status page says "Sign-in to <app> fails at <app>; Okta works" with the sentence for callers',
    CALLER,
    'shows the app failing by its config name, the app as owner, while the journey',
    'Tell callers: Sign-in to Expenses fails at Expenses; Okta works.',
  ),
  held(
    "the `aud` Okta issues for the app, and the access token's, or the assertion's Audience; and the audience the " +
      'app expects where its words name it',
    JUDGE,
    'reports APP_AUDIENCE_MISMATCH naming the aud Okta issued',
    'access token aud "api://default"; it expects "api://expenses"',
  ),
  held(
    'This holds where the user is the finding too: `APP_UNKNOWN_USER` names the user Okta gave the app (its NameID ' +
      'or `sub`) masked the same way',
    JUDGE,
    'reports APP_UNKNOWN_USER naming the user Okta named, masked',
    'no account for the user Okta named (s***@acme.example)',
  ),
  held(
    "the app's words quoted in a finding have the username masked wherever they echo it",
    JUDGE,
    "masks the synthetic user's name wherever the app's words echo it",
    'userMasked',
  ),
  held(
    "a cause is named only where the run's facts show it, and never where they contradict it",
    LIBRARIES,
    'tells openid-client JWT expiry as APP_CLOCK_SKEW only from an app whose clock the facts show off',
    'APP_SIGN_IN_REFUSED',
  ),
  held(
    '"JWT expired" from an app whose clock reads with the probe\'s is `APP_SIGN_IN_REFUSED`, saying its words speak ' +
      'of a time the facts do not show; from an app two hours ahead it is `APP_CLOCK_SKEW`',
    LIBRARIES,
    'tells openid-client JWT expiry as APP_CLOCK_SKEW',
    'appAhead: 7200',
  ),
  held(
    "An OIDC app refusing the ID token's signature (a key set cached before Okta rotated its keys) is told with the " +
      'key Okta signed with, never as a SAML certificate it pins.',
    LIBRARIES,
    "tells an OIDC app's refused ID token signature with the key Okta signed with",
    'kidRotated2026',
  ),
  held(
    'A claim the config names that Okta did not give is named whatever the words.',
    LIBRARIES,
    'names the claim Okta did not give where the words speak of another cause',
    'The app needs "email", which the ID token lacks',
  ),
  held(
    '"InResponseTo is missing" on Okta\'s app link, which starts no request of the app\'s) is `APP_SIGN_IN_REFUSED` ' +
      "with all that Okta gave, the app's clock among it",
    LIBRARIES,
    'tells %s as APP_SIGN_IN_REFUSED with all that Okta gave, naming no cause',
    "not.toContain('Its words speak of')",
  ),
  held(
    'needs a claim Okta did not give, or asked for too few scopes to get it | the claim, e.g. `"email"`',
    JUDGE,
    "reports APP_CLAIM_MISSING naming the claim from the app's words",
    '("email")',
  ),
  held(
    'the certificate Okta signs with, by its SHA-256 fingerprint',
    JUDGE,
    'reports APP_CERTIFICATE_PINNED naming the certificate',
    'Okta signs with the certificate SHA-256',
  ),
  held(
    "the assertion's NotBefore and NotOnOrAfter",
    JUDGE,
    "reports APP_CLOCK_SKEW naming the assertion's validity",
    'valid from',
  ),
  held(
    'the user Okta named (NameID or `sub`)',
    JUDGE,
    'reports APP_UNKNOWN_USER naming the user',
    'no account for the user',
  ),
  held(
    'answered 5xx, or nothing in time | its status and words',
    JUDGE,
    "reports APP_UNAVAILABLE for the app's 5xx and for no answer",
    'answered 503',
  ),
  held(
    'what it missed, its words, and all that Okta gave it',
    JUDGE,
    "reports APP_SIGN_IN_REFUSED with the app's words",
    'set no cookie named app_session',
  ),
  held(
    'says first "Okta issued the ID token (System Log event app.oauth2.as.token.grant.id_token, outcome SUCCESS)"',
    LOG,
    'says first that Okta issued the ID token, by the events of its code and its grant for that client',
    'transaction.id eq "reqHandOff1"',
  ),
  held(
    'that the log had not shown it yet, or could not be read and why',
    LOG,
    "says the log could not be read, and why, when it was not: Okta's part told by the page alone",
    'okta.logs.read is not granted',
  ),
  held(
    'a read that stopped at its bound says so',
    LOG,
    'says the log had not shown the ID token yet, and that its read stopped at its bound',
    'its read stopped at its bound',
  ),
  held(
    "where the home region skipped the journey, tells the app's refusal that region's quorum item names",
    CALLER,
    "tells the app's refusal that region judged, the app as owner, though the home skipped it",
    'APP_AUDIENCE_MISMATCH',
  ),
  held(
    'otherwise shows the app unknown there (a pass in that region is not told apart from a',
    CALLER,
    "stays unknown when that region's journey is up",
    "toBe('unknown')",
  ),
  held(
    'A run where no app refused asks the log nothing more.',
    LOG,
    'asks the log nothing on a run where no app',
    'not.toHaveBeenCalled',
  ),
  held(
    "the finding adds when Okta last rotated the app's signing key, from the System Log's `app.keys.rotate` events",
    LOG,
    "tells a SAML app's single sign-on by the app link's request, and Okta's last rotation of its key",
    "Okta last rotated Wiki's signing key",
  ),
];

const SAML_APPS: readonly Claim[] = [
  held(
    "a refusal says first whether Okta's System Log shows the single sign-on of the app link's own",
    LOG,
    "tells a SAML app's single sign-on by the app link's request",
    'Okta signed the user in to the app',
  ),
  held(
    "on the org's origin; a link elsewhere is refused at `plan` and synth",
    CONFIG,
    "refuses a SAML app link that is not on the org's origin",
    "protocol: 'saml'",
  ),
  held(
    '(`APP_CERTIFICATE_PINNED`, naming the one Okta signs with',
    JUDGE,
    'reports APP_CERTIFICATE_PINNED naming the certificate',
    'APP_CERTIFICATE_PINNED',
  ),
];

describe('docs/sign-in.md: signing in to the app itself', () => {
  itHoldsClaims('docs/sign-in.md', SIGN_IN);
});

describe("docs/saml-apps.md: the app's own answer", () => {
  itHoldsClaims('docs/saml-apps.md', SAML_APPS);
});
