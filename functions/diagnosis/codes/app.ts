// What each code of the app family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// The app a journey signs in to (signIn[].app): what the service provider made of the sign-in after Okta's part
// succeeded. In the voice of Okta's article on a 401 "returned by a third-party Service Provider": first that Okta
// issued the token or assertion (the System Log's events for the app), then what the app expects that differs (the
// audience, a claim, the signing certificate, the clock, the user). The detail names the value on each side.

const OIDC_SETTINGS = 'Applications > Applications > [app] > General';

const SAML_SETTINGS = 'Applications > Applications > [app] > General > SAML Settings > Edit';

/** The seed's first step, said once: Okta's part is proven before the app is blamed. */
const OKTA_WORKED =
  "Okta's part succeeded: the journey signed in and Okta sent the browser to the app with its code or assertion " +
  '(Reports > System Log shows the grant for the app).';

export const APP_CODES = {
  // The app a journey signs in to (its "app"): Okta's part succeeded and the service provider refused what Okta gave
  // it, or failed on its own. Never Okta's downtime and never the sign-in's: it stops that app's people only, and
  // pages only where the journey's pageFor names "app".
  APP_AUDIENCE_MISMATCH: {
    owner: 'app',
    answeredBy: 'app',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['app-sign-in'],
    title: 'App expects another audience',
    summary:
      `${OKTA_WORKED} The app refused it because the audience Okta issued is not the one the app expects: the ` +
      "ID token's aud (the client the app sent to Okta) and the access token's aud, or the assertion's Audience, " +
      'are named, and the audience the app expects where its words name it.',
    remedy:
      "Make the two agree. For OIDC the ID token's aud is the app's Client ID (" +
      `${OIDC_SETTINGS} > Client Credentials): configure the app with it. For SAML set ${SAML_SETTINGS} > ` +
      "Audience URI (SP Entity ID) to the app's entity ID, or change the app.",
  },
  APP_CLAIM_MISSING: {
    owner: 'app',
    answeredBy: 'app',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['app-sign-in'],
    title: 'App needs a missing claim',
    summary:
      `${OKTA_WORKED} The app refused it because a claim it needs (named) is not in the ID token or the ` +
      "assertion's attributes.",
    remedy:
      'Request the scope that carries the claim (openid, profile, email) in the app, and check that the app reads ' +
      'the claim Okta sends (email vs preferred_username). For a custom claim add it under Security > API > ' +
      'Authorization Servers > [server] > Claims (Token type ID Token) and try it in Token Preview; for SAML add ' +
      `it to ${SAML_SETTINGS} > Attribute Statements.`,
  },
  APP_CERTIFICATE_PINNED: {
    owner: 'app',
    answeredBy: 'app',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['app-sign-in'],
    title: 'App pins an old certificate',
    summary:
      `${OKTA_WORKED} The app refused the assertion's signature: it still pins a signing certificate Okta no ` +
      'longer signs with (the one Okta signs with and the rotation are named). New sign-ins fail once the old ' +
      'certificate is gone.',
    remedy:
      'In Applications > Applications > [app] > Sign On > SAML Signing Certificates, download the active ' +
      "certificate (or the app's Metadata URL) and upload it to the app's SSO settings; an app that reads the " +
      'metadata URL picks the next rotation up by itself.',
  },
  APP_CLOCK_SKEW: {
    owner: 'app',
    answeredBy: 'app',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['app-sign-in'],
    title: "App's clock is off",
    summary:
      `${OKTA_WORKED} The app refused the assertion or the ID token as not yet valid or expired, and its clock ` +
      "shows why: its answer's Date header reads outside their validity (the assertion's NotBefore and " +
      "NotOnOrAfter, the ID token's iat and exp) while the probe's clock reads within it; both clocks are named.",
    remedy:
      "Fix the clock of the app's servers (NTP), or allow the app a clock skew of a few minutes in its SAML " +
      "settings. Okta's clock is not the cause: the journey's sign-in passed.",
  },
  APP_UNKNOWN_USER: {
    owner: 'app',
    answeredBy: 'app',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['app-sign-in'],
    title: 'App does not know the user',
    summary:
      `${OKTA_WORKED} The app has no account for the synthetic user and creates none (no just-in-time ` +
      'provisioning): the user Okta named (NameID or sub) is named, masked as the username is everywhere.',
    remedy:
      "Create the synthetic user's account in the app, turn on the app's just-in-time provisioning, or assign " +
      'the app with provisioning (Applications > Applications > [app] > Provisioning). Check that the app matches ' +
      `the user by what Okta sends: ${SAML_SETTINGS} > Name ID format and Application username.`,
  },
  // Its 5xx or no answer: the app's own service, whatever Okta did.
  APP_UNAVAILABLE: {
    owner: 'app',
    answeredBy: 'app',
    layer: 'service',
    severity: 'alarm',
    alarms: ['app-sign-in'],
    transient: true,
    title: 'App failing',
    summary: `${OKTA_WORKED} The app itself failed: it answered 5xx or nothing in time. Not Okta's, not the sign-in's.`,
    remedy: "Tell the app's owner: its service is failing. Nothing in Okta changes it.",
  },
  // Okta's System Log shows the app's own token request refused (invalid_client): the app holds a client secret or
  // key Okta no longer takes. Its page says 5xx or nothing of it; the log's event says whose it is.
  APP_CLIENT_REFUSED: {
    owner: 'app',
    answeredBy: 'app',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['app-sign-in'],
    backChannelRefused: true,
    title: "Okta refuses the app's own token request",
    summary:
      "Okta's part of the sign-in succeeded (it issued the code and sent the browser to the app), but when the app " +
      'exchanged the code on its back channel, Okta refused its client (Reports > System Log: the grant event of the ' +
      "app's client, outcome FAILURE, reason invalid_client): a client secret rotated, expired or deleted in Okta, " +
      'or a key the app signs with that Okta no longer holds. Every person is refused after a sign-in that worked.',
    remedy:
      `${OIDC_SETTINGS} > Client Credentials: compare the app's client authentication and secrets (or public keys) ` +
      'with what the app is configured with. Generate a new secret (or add its key) and set it in the app, keeping ' +
      'the old one active until the app uses the new. The detail quotes the System Log event.',
  },
  APP_SIGN_IN_REFUSED: {
    owner: 'app',
    answeredBy: 'app',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['app-sign-in'],
    title: 'App refused the sign-in',
    summary:
      `${OKTA_WORKED} The app did not show what the config says success looks like, and the run's facts show ` +
      "no cause (its words name none, as a library's generic error, a lost session or a 404 page; or name one the " +
      'facts do not show, which is said): its answer (status and words) is quoted, and all that Okta gave it is ' +
      "named beside (both tokens' audiences, the ID token's times and key; or the assertion's audience, " +
      "certificate and validity; the user, masked; the app's clock).",
    remedy:
      "Compare what Okta issued (beside the app's words) with the app's SSO settings: the audience, the claims " +
      "it needs, the signing certificate, its clock, the user's account. Ask the app's owner what it refused.",
  },
  // Told, never followed: another origin than the app's and the org's is not the probe's to visit.
  APP_REDIRECTED_AWAY: {
    owner: 'app',
    answeredBy: 'app',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['app-sign-in'],
    title: 'App sent the user elsewhere',
    summary:
      "The app sent the browser to an origin that is neither the app's nor the org's (its own IdP chooser, " +
      'another IdP): the journey names it and does not follow.',
    remedy:
      "Set the app to use this Okta org as its identity provider for the synthetic user, or point the journey's " +
      "app.loginUrl at the app's Okta sign-in link.",
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
