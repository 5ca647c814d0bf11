// The simulator's scenarios of the org's apps behind Okta (sim/app-oidc.ts, sim/app-saml-sp.ts): Okta's part healthy,
// the app refusing the sign-in as a service provider does (Okta's article on a 401 "returned by a third-party Service
// Provider"; a SAML app still pinning the certificate Okta rotated away from, its clock, its users). Each runs the
// "browser" journey `page` signed in to the OIDC app and a second browser journey, `wiki`, signed in to the SAML app,
// each with a user of its own; `sign-in` and the SAML check pass while `app-sign-in` tells the app's refusal.
import type { DiagnosisCode } from '../functions/contract';
import type { ConfigFileJson } from '../functions/config/schema';
import { SIM_OIDC_APP } from './app-oidc';
import { SIM_SP_APP, spSsoPath } from './app-saml-sp';
import { WIKI_USERNAME } from './clients';
import type { SimFaults } from './faults';
import { PAGE_JOURNEY, withPageJourney } from './page-scenarios';
import { withOrgSystemLog } from './org-system-log';

/** The SAML app journey's id, and its user's secrets file beside the config (sim/config.ts writes it). */
export const WIKI_JOURNEY = 'wiki';
export const WIKI_SECRETS_FILE = 'wiki-user.json';

/** What the config needs of the running simulator: its org URL, its apps' addresses and the OIDC app's client. */
interface AppsServed {
  readonly url: string;
  readonly apps: { readonly expenses: string; readonly wiki: string };
  readonly expenses: { readonly clientId: string; readonly redirectUri: string } | undefined;
}

/**
 * The config with its browser journey `page` signed in to the OIDC app (its client the app's, so its ID token is the
 * one the app is given), and a journey `wiki` of its own user signed in to the SAML app through Okta's app link; as it
 * was without a `page` journey.
 */
export function withAppJourneys(cfg: ConfigFileJson, served: AppsServed): ConfigFileJson {
  const page = cfg.signIn?.find((j) => j.id === PAGE_JOURNEY && j.flow === 'browser');
  const done = cfg.signIn?.some((j) => j.id === WIKI_JOURNEY) === true;
  if (page === undefined || served.expenses === undefined || done) return cfg;
  const { expenses, wiki } = served.apps;
  const oidc = {
    ...page,
    clientId: served.expenses.clientId,
    redirectUri: served.expenses.redirectUri,
    app: {
      name: SIM_OIDC_APP.name,
      protocol: 'oidc',
      loginUrl: `${expenses}/login`,
      success: { path: SIM_OIDC_APP.home, cookie: SIM_OIDC_APP.cookie },
      logoutUrl: `${expenses}/logout`,
      claims: [...SIM_OIDC_APP.requiredClaims],
    },
  } as const;
  const saml = {
    ...page,
    id: WIKI_JOURNEY,
    username: WIKI_USERNAME,
    secretsFile: WIKI_SECRETS_FILE,
    app: {
      name: SIM_SP_APP.name,
      protocol: 'saml',
      loginUrl: `${served.url}${spSsoPath()}`,
      success: { path: SIM_SP_APP.home, text: 'Wiki home', cookie: SIM_SP_APP.cookie },
      logoutUrl: `${wiki}/logout`,
      claims: ['email'],
    },
  } as const;
  return { ...cfg, signIn: [...(cfg.signIn ?? []).filter((j) => j !== page), oidc, saml] };
}

interface AppScenario {
  readonly description: string;
  readonly expect: readonly { readonly server: string; readonly check: 'app-sign-in'; readonly code: DiagnosisCode }[];
  readonly faults?: SimFaults;
  readonly config: (cfg: ConfigFileJson) => ConfigFileJson;
}

const on = (servers: readonly string[], code: DiagnosisCode): AppScenario['expect'] =>
  servers.map((server) => ({ server, check: 'app-sign-in', code }));

export const APP_SCENARIOS = {
  'app-audience': {
    description:
      "The OIDC app's admin set it to expect the ID token's aud api://expenses, but an ID token's aud is the " +
      "client id: Okta's part succeeds and the app answers 401.",
    expect: on([PAGE_JOURNEY], 'APP_AUDIENCE_MISMATCH'),
    faults: { app: 'audience' },
    config: withPageJourney,
  },
  'app-missing-claim': {
    description:
      'The OIDC app needs the email claim but asks Okta for openid and profile only: its ID token lacks email and ' +
      'the app answers 401.',
    expect: on([PAGE_JOURNEY], 'APP_CLAIM_MISSING'),
    faults: { app: 'missing-claim' },
    config: withPageJourney,
  },
  'app-stale-certificate': {
    description:
      'The SAML app pins the signing certificate Okta rotated away from: new sign-ins fail at the app while ' +
      "Okta's assertion is valid.",
    expect: on([WIKI_JOURNEY], 'APP_CERTIFICATE_PINNED'),
    faults: { app: 'stale-certificate' },
    config: withPageJourney,
  },
  'app-clock-skew': {
    description: "The SAML app's clock runs 10 minutes ahead: it takes Okta's fresh assertion for an expired one.",
    expect: on([WIKI_JOURNEY], 'APP_CLOCK_SKEW'),
    faults: { app: 'clock-skew' },
    config: withPageJourney,
  },
  'app-unknown-user': {
    description:
      'Neither app has an account for its synthetic user and neither creates one (no just-in-time provisioning).',
    expect: on([PAGE_JOURNEY, WIKI_JOURNEY], 'APP_UNKNOWN_USER'),
    faults: { app: 'unknown-user' },
    config: withPageJourney,
  },
  'app-down': {
    description: "Both apps answer 503 while Okta signs the users in: the apps' outage, never Okta's.",
    expect: on([PAGE_JOURNEY, WIKI_JOURNEY], 'APP_UNAVAILABLE'),
    faults: { app: 'down' },
    config: withPageJourney,
  },
  'app-client-refused': {
    description:
      "An admin rotated the OIDC app's client secret in Okta and the app still sends the old one: Okta refuses the " +
      "app's own token request (invalid_client, in its System Log) and the app answers 502.",
    expect: on([PAGE_JOURNEY], 'APP_CLIENT_REFUSED'),
    faults: { app: 'client-refused' },
    // Only Okta's log tells the app's refused request: its page says 502 and nothing more.
    config: (cfg) => withOrgSystemLog(withPageJourney(cfg)),
  },
  'app-refused': {
    description: 'The OIDC app takes Okta\'s token and answers 403 "Access denied." without saying why.',
    expect: on([PAGE_JOURNEY], 'APP_SIGN_IN_REFUSED'),
    faults: { app: 'refused' },
    config: withPageJourney,
  },
  'app-redirects-away': {
    description:
      'The OIDC app sends people to an IdP chooser of its own on another origin: the journey names it and never ' +
      'follows.',
    expect: on([PAGE_JOURNEY], 'APP_REDIRECTED_AWAY'),
    faults: { app: 'redirect-away' },
    config: withPageJourney,
  },
  'app-encrypted-assertion': {
    description:
      'The SAML app in Okta encrypts its assertion to the encryption certificate the Wiki once gave it, and the ' +
      'Wiki, which rotated its key since, cannot decrypt it: the assertion is told encrypted, its attributes unread ' +
      "(never missing), and the Wiki's certificate is never named as Okta's.",
    expect: on([WIKI_JOURNEY], 'APP_SIGN_IN_REFUSED'),
    faults: { app: 'encrypted-assertion' },
    config: withPageJourney,
  },
  'app-scope-refused': {
    description:
      'The OIDC app asks for a scope (expenses.approve) its authorization server does not define: Okta refuses the ' +
      "app's own /authorize with invalid_scope on its redirect, for everyone who opens it. The catalogue's code and " +
      "owner, never the app's, and never a skip.",
    expect: on([PAGE_JOURNEY], 'INVALID_SCOPE'),
    faults: { app: 'scope-refused' },
    config: withPageJourney,
  },
  'app-not-assigned': {
    description:
      "The Wiki's SAML app is not assigned to its journey's user: Okta answers the app link with its own \"403 App " +
      'Not Assigned" page, never the app\'s outage.',
    expect: on([WIKI_JOURNEY], 'SAML_USER_NOT_ASSIGNED'),
    faults: { app: 'not-assigned' },
    config: withPageJourney,
  },
  'app-form-post': {
    description:
      "The OIDC app takes its code by a form Okta posts (response_mode=form_post, ASP.NET Core's default): healthy, " +
      'and judged as a redirect is.',
    expect: [],
    faults: { app: 'form-post' },
    config: withPageJourney,
  },
  'app-single-page': {
    description:
      'The OIDC app is a single-page app: its callback says "Loading...", finishes the sign-in from the browser and ' +
      "moves to /home with history.replaceState, as okta-react's LoginCallback does: healthy, judged once it settles.",
    expect: [],
    faults: { app: 'single-page' },
    config: withPageJourney,
  },
} as const satisfies Record<string, AppScenario>;

/** Whether a scenario runs the app journeys: the healthy one (npm start) and each of the apps' own. */
export const runsApps = (scenario: string): boolean => scenario === 'healthy' || Object.hasOwn(APP_SCENARIOS, scenario);

/** The protocol of each app journey the scenarios' expectations name: the OIDC app's and the SAML app's. */
const JOURNEY_PROTOCOLS: Readonly<Record<string, 'oidc' | 'saml'>> = { [PAGE_JOURNEY]: 'oidc', [WIKI_JOURNEY]: 'saml' };

/**
 * The protocols of the apps a scenario's `app` fault changes, as its expectations name their journeys: what
 * `sim --config --scenario` plays it on, of a config's own apps. Empty for a scenario without an app fault.
 */
export function appFaultProtocols(scenario: {
  readonly faults?: SimFaults;
  readonly expect: readonly { readonly server: string }[];
}): readonly ('oidc' | 'saml')[] {
  if (scenario.faults?.app === undefined) return [];
  const named = new Set(scenario.expect.map((e) => JOURNEY_PROTOCOLS[e.server]));
  return (['oidc', 'saml'] as const).filter((protocol) => named.has(protocol));
}
