// What each code of the saml family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// SAML apps: the session Okta opens for the app, the assertion as the service provider (SP) judges it, and
// the signing certificate. Each remedy names the SP-side setting that must match and where Okta's side of it lives:
// Applications > Applications > [app] > General > SAML Settings > Edit (Single sign-on URL, Recipient and
// Destination URL, Audience URI (SP Entity ID), Name ID format, Application username, Attribute Statements, Group
// Attribute Statements), the Assignments tab, and Sign On > SAML Signing Certificates. The detail gives both values.

const SAML_SETTINGS = 'Applications > Applications > [app] > General > SAML Settings > Edit';

export const SAML_CODES = {
  // SAML apps: the app's settings, its assignment and its certificate are the org's. Okta signing with a
  // key its own metadata does not publish, or answering without the form, is Okta's; the clock is the probe's.
  SAML_METADATA_INVALID: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML metadata unusable',
    summary:
      "The app's IdP metadata (metadataUrl) could not be read as SAML metadata with a signing certificate, " +
      'or it names other SSO URLs than ssoUrl: the two URLs were copied from different apps, or the app was ' +
      'deleted.',
    remedy:
      'In Applications > Applications > [app] > Sign On, copy the "Metadata URL" (under SAML 2.0, or View ' +
      'SAML setup instructions) into metadataUrl, and the "Identity Provider Single Sign-On URL" (the app\'s ' +
      'embed link, https://<org>/app/<app name>/<app id>/sso/saml) into ssoUrl: both from the same app. An ' +
      'inactive or deleted app answers 404.',
  },
  SAML_USER_NOT_ASSIGNED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'User not assigned to the SAML app',
    summary:
      'Okta answered the app\'s SSO URL with "403 App Not Assigned" ("you are not assigned this app in ' +
      'Okta", Classic Engine), or with the sign-in page whose state is a failure-redirect "You are not ' +
      'allowed to access this app" (idx.error.code.user_not_assigned, Identity Engine), or redirected it to the ' +
      "app's custom error page (accessibility.errorRedirectUrl, read from the Management API), or sent it to an " +
      "error page while the user's app links (GET /api/v1/users/{login}/appLinks, read only then) do not name the " +
      'app: the synthetic user signed in, but the SAML app is not assigned to it, so no assertion is issued.',
    remedy:
      'In Applications > Applications > [app] > Assignments, click Assign > Assign to People (or Assign to ' +
      'Groups with a group the user is in) and add the synthetic user; a user listed with an error needs it ' +
      'fixed (Directory > People > [user] > Applications). Check whether a group rule or an import removed ' +
      'it.',
  },
  SAML_SESSION_REFUSED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'Session not accepted by the SAML app',
    summary:
      "The app's SSO URL answered the sign-in page (or sent the user to it) instead of issuing an assertion: " +
      "the journey's session was not recognised there (not kept, expired, ended), an IdP routing rule sends " +
      'the user elsewhere, or the journey opened no session the app can use. Sent to an error page while the ' +
      "user's app links name the app: assigned, so the app's sign-on policy refused it (or a routing rule).",
    remedy:
      'The journey named in signIn must use a flow that opens a session ("authn" or "idx") and pass in the ' +
      'same run. Check Security > Identity Providers > Routing Rules (Identity Engine) for a rule that sends ' +
      'the synthetic user to another identity provider, and the global session policy (Security > Global ' +
      'Session Policy; Classic: Security > Authentication > Sign On) for a session lifetime shorter than the ' +
      'journey.',
  },
  // The probe could not judge the app: nothing is known of it this run (never up, never down).
  SAML_NO_SESSION: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    unjudged: true,
    title: 'No session to judge the SAML app in',
    summary:
      'The journey signed the user in but ended with no Okta session to hand the app: the app could not be ' +
      "judged this run. A warning, not the app's failure: nothing is known of the app until a session is had.",
    remedy:
      'The detail says why. On Identity Engine over "idx" the probe redeems the finished sign-in at GET ' +
      "https://<org>/login/token/redirect for the idx cookie (as Okta's own server-side clients do); an " +
      "answer without it means the org refused the redemption: check that the app's authentication policy " +
      'and the global session policy (Security > Global Session Policy) let the synthetic user keep a ' +
      'session. A "direct" journey opens no session at all: name an "authn" or "idx" journey in the app\'s ' +
      'signIn.',
  },
  // People signed in the same way are prompted for the step-up and pass it; the journey never answers a prompt, so it
  // could not judge the app (unjudged: a warning, never a page).
  SAML_STEP_UP_REQUIRED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    unjudged: true,
    title: 'SAML app asks for more than the session',
    summary:
      'Instead of the form, the app\'s SSO URL answered a step-up page: its sign-on rule (Classic: "Extra ' +
      'Verification", /login/step-up/) or authentication policy (Identity Engine: the sign-in page asking ' +
      "for an authenticator) wants another factor or a re-authentication that the journey's session does " +
      'not prove. People signed in the same way are prompted too; the probe never answers such a prompt.',
    remedy:
      "Compare the app's rule for the synthetic user (Applications > Applications > [app] > Sign On; " +
      "Identity Engine: Security > Authentication Policies, the app's policy) with what the signIn journey " +
      'proves (the password, a TOTP code): a rule asking for a possession factor the journey does not use, ' +
      'phishing resistance, or "Re-authenticate" every time prompts. Give the synthetic user a rule the ' +
      'journey satisfies, or let the journey use the factor the rule asks for.',
  },
  SAML_RESPONSE_MISSING: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'No SAMLResponse in the SSO answer',
    summary:
      "The app's SSO URL answered, but not with Okta's auto-posting form carrying a SAMLResponse: an error " +
      'page or an unexpected answer instead of an assertion.',
    remedy:
      'Open the SSO URL (Applications > Applications > [app] > Sign On, the Identity Provider Single Sign-On ' +
      'URL) as the synthetic user in a browser and read the page Okta shows. If it is an Okta error page, ' +
      'the detail and the X-Okta-Request-Id lead to the System Log event (app.auth.sso with outcome FAILURE).',
  },
  // The Single sign-on URL is the app's setting.
  SAML_ACS_URL_MISMATCH: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML assertion posted elsewhere',
    summary:
      "Okta's SSO page posts the assertion (its form's action) to another URL than the SP's ACS URL " +
      "(samlApps[].acsUrl, else recipient), or not over https: every user's browser sends its assertion " +
      "there, whatever the assertion's Recipient and Destination say.",
    remedy:
      `Set "Single sign-on URL" in ${SAML_SETTINGS} to the SP's https ACS URL exactly (the detail gives both ` +
      `values). If it names a host that is not the SP's, treat the assertions issued since as exposed: Reports ` +
      `> System Log, application.lifecycle.update events for the app, show who changed it and when.`,
  },
  SAML_STATUS_FAILED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML response reports a failure',
    summary:
      "Okta's SAMLResponse carries a StatusCode other than Success (Requester, Responder, AuthnFailed, " +
      'RequestDenied): the SP would refuse the sign-in.',
    remedy:
      `Read the status in the detail, then the System Log (Reports > System Log, app.auth.sso for the app, ` +
      `outcome FAILURE) for its reason. Check ${SAML_SETTINGS}: an Application username or Name ID that cannot ` +
      `be computed for this user, or an attribute expression that fails, makes Okta answer a failure status.`,
  },
  SAML_XML_REFUSED: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML response refused as XML',
    summary:
      'The SAMLResponse was not base64 of one bounded, well-formed SAML Response without a DOCTYPE: refused ' +
      'before any signature was checked, as a careful SP refuses XXE, entity expansion and oversized ' +
      'messages.',
    remedy:
      "Okta never sends a DOCTYPE or a message this large: check that the SSO URL is Okta's (not a proxy " +
      'rewriting the page) and open a case with Okta Support with the X-Okta-Request-Id and the time (UTC) ' +
      'if it is.',
  },
  SAML_SIGNATURE_INVALID: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML signature not trusted',
    summary:
      "The SAML Response or Assertion is not signed by a certificate in the app's metadata, a signature does " +
      'not verify, the assertion read is not the one a signature covers (signature wrapping), or nothing ' +
      "signs the assertion: an SP pinned to the metadata's certificate refuses it.",
    remedy:
      'In Applications > Applications > [app] > Sign On > SAML Signing Certificates, see which certificate ' +
      'is Active and compare its SHA-256 fingerprint with the one in the detail and with the certificate the ' +
      'SP holds. After a certificate was generated or activated, upload the new certificate (Actions > ' +
      'Download certificate, or the metadata) to the SP. If neither the Response nor the Assertion is ' +
      "signed, set Response and Assertion Signature to Signed in the app's SAML Settings (Show Advanced " +
      'Settings).',
  },
  SAML_ISSUER_MISMATCH: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML issuer does not match',
    summary:
      "The assertion's Issuer is not the entityID of the app's metadata: the SP, configured with the " +
      "metadata's IdP Issuer (Identity Provider Issuer / IdP Entity ID), refuses it.",
    remedy:
      `Compare the two values in the detail. Okta's side is "SAML Issuer ID" under Show Advanced Settings in ${SAML_SETTINGS} ` +
      `(default http://www.okta.com/<app id>); the SP's is its IdP entity ID or issuer setting: make them ` +
      `equal, then re-copy the metadata to the SP.`,
  },
  SAML_AUDIENCE_MISMATCH: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML audience does not match',
    summary:
      "The assertion's Audience is not the SP's entity ID (samlApps[].audience): the SP refuses an assertion " +
      'meant for another audience.',
    remedy:
      `Set "Audience URI (SP Entity ID)" in ${SAML_SETTINGS} to the SP's entity ID exactly (scheme, host, path ` +
      `and trailing slash all count), as given in the SP's own SAML settings; the detail gives both values.`,
  },
  SAML_RECIPIENT_MISMATCH: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML recipient does not match',
    summary:
      "No bearer SubjectConfirmation of the assertion names the SP's Assertion Consumer Service URL " +
      '(samlApps[].recipient) as its Recipient: the SP refuses an assertion confirmed for another URL (SAML ' +
      'profiles 4.1.4.3).',
    remedy:
      `Set "Single sign-on URL" in ${SAML_SETTINGS} to the SP's ACS URL exactly, with "Use this for Recipient ` +
      `URL and Destination URL" ticked (or the separate "Recipient URL" field, when unticked); the detail ` +
      `gives both values.`,
  },
  SAML_DESTINATION_MISMATCH: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML Destination does not match',
    summary:
      "The signed Response's Destination is absent or is not the URL the SP receives it at " +
      '(samlApps[].destination, else recipient): an SP refuses a signed message whose Destination is not ' +
      'where it arrived (SAML bindings 3.5.5.2).',
    remedy:
      `In ${SAML_SETTINGS}, untick "Use this for Recipient URL and Destination URL" to see "Destination URL" ` +
      `apart, and set it to the SP's ACS URL exactly (ticked, the Single sign-on URL is the Destination); the ` +
      `detail gives both values.`,
  },
  // Okta's responses keep the profile's rules: one that breaks them is Okta's, or something rewriting its page.
  SAML_PROFILE_VIOLATION: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML response breaks the Web SSO profile',
    summary:
      'The response breaks a rule of SAML 2.0 core or of the Web Browser SSO profile that a careful SP ' +
      "enforces (Version 2.0; the Issuer's format; a bearer SubjectConfirmation with Recipient and " +
      'NotOnOrAfter and no NotBefore; no InResponseTo in an IdP-initiated response; Conditions with ordered ' +
      'xs:dateTime bounds and only conditions it understands; an AuthnStatement; a bounded document): the SP ' +
      'refuses it. The detail names the rule and its section.',
    remedy:
      "Okta's responses keep these rules. Check that the SSO URL is Okta's and that nothing in the path (a " +
      'proxy, a browser extension on a test machine) rewrites the page, then open a case with Okta Support ' +
      'with the X-Okta-Request-Id and the time (UTC).',
  },
  SAML_ASSERTION_EXPIRED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML assertion outside its validity',
    summary:
      "The assertion's NotBefore / NotOnOrAfter (Conditions, or the SubjectConfirmationData) does not " +
      'include now, within the leeway: the SP would refuse it as expired or not yet valid. Okta issues ' +
      'assertions valid for minutes around the sign-in, so this is almost always a clock.',
    remedy:
      "Check the clock check of the same run (Okta's Date header against the probe's clock) and the SP " +
      "host's NTP. Okta's window is fixed; the SP's allowed clock skew is the SP's own setting.",
  },
  SAML_NAMEID_MISMATCH: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML NameID not what the SP expects',
    summary:
      "The assertion's NameID is empty or in another format than the SP expects (samlApps[].nameIdFormat): " +
      'the SP cannot match the user.',
    remedy:
      `Set "Name ID format" in ${SAML_SETTINGS} to the format the SP asks for (the detail gives both), and ` +
      `"Application username" to the user attribute the SP matches on (Okta username, Email, a custom ` +
      `attribute); an empty NameID means that attribute is empty for the user (Directory > People > [user] > ` +
      `Profile).`,
  },
  SAML_ATTRIBUTE_MISSING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml', 'saml-apps-failing'],
    title: 'SAML attribute missing',
    summary:
      'An attribute the SP reads (samlApps[].requiredAttributes) is absent from the assertion or empty: the ' +
      'SP fails the sign-in or creates the user without it.',
    remedy:
      `Add it under "Attribute Statements" (Name as the SP spells it, Value an expression such as user.email) ` +
      `or, for groups, under "Group Attribute Statements" (with a filter the user's groups match) in ${SAML_SETTINGS}. ` +
      `If it is there, the user's profile value is empty (Directory > People > [user] > Profile) or the group ` +
      `filter matches none of the user's groups.`,
  },
  SAML_CERT_EXPIRING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml-certificate-expiring', 'saml-apps-expiring'],
    title: 'SAML signing certificate expiring',
    summary:
      "The app's active SAML signing certificate expires within expiryWarnDays (or already has). Okta " +
      "e-mails once, 60 days before, and never rotates a custom app's certificate itself: when it expires, " +
      'SPs that check validity refuse every sign-in.',
    remedy:
      'In Applications > Applications > [app] > Sign On > SAML Signing Certificates, Generate new ' +
      'certificate, give the new certificate (Actions > Download certificate, or the metadata) to the SP, ' +
      'then Actions > Activate it in Okta at the same moment the SP switches: the old and new must not be ' +
      'out of step.',
  },
  SAML_SHA1_SIGNATURE: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['saml-signing-sha1', 'saml-apps-sha1'],
    title: 'SAML app signs with SHA-1',
    summary:
      'The app signs its assertions with SHA-1 (rsa-sha1, or a sha1 digest): SHA-1 is broken for collisions ' +
      'and SPs are dropping it, though the signature still verifies today. A warning, shown beside the ' +
      "certificate's expiry.",
    remedy:
      'The app signs with SHA-1: Applications > Applications > [app] > Sign On > SAML Signing Certificates, ' +
      'Generate new certificate > SHA-2, give it to the SP, then Actions > Activate as the SP switches; and ' +
      'in General > SAML Settings > Edit (Show Advanced Settings) set Signature Algorithm to RSA-SHA256 and ' +
      'Digest Algorithm to SHA256.',
  },
  // A group's apps left unchecked are the probe's own shortfall (time, its share of the buckets); a catalogue Okta
  // will not list is the probe's own app's grant or role.
  SAML_APPS_OVERDUE: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['saml-apps-overdue', 'saml-apps-unchecked'],
    title: 'SAML apps not checked in time',
    summary:
      'Some apps of the group were not checked within twice their cadence (everyMinutes): the runs ran out ' +
      "of time, or Okta's rate-limit headers said the SSO or Management API bucket was low, so the probe " +
      'left them for later. Their last verdicts are still counted, marked carried, but they are stale.',
    remedy:
      "Read the detail: it names the reason and the apps. A bucket left low by the org's own traffic clears " +
      'by itself (Reports > Rate Limits in the Admin Console shows who uses it); a group too large for its ' +
      'cadence needs a longer everyMinutes in samlGroups, or its apps split between journeys whose runs each ' +
      'take a share. The journey must also be due often enough: its everyMinutes sets how often the apps can ' +
      'be checked at all.',
  },
  SAML_DISCOVERY_FAILED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['saml-apps-overdue', 'saml-apps-unchecked'],
    title: 'SAML app catalogue not listed',
    summary:
      "The probe could not list the group's apps through the Management API (a scope not granted, the " +
      'service app without an admin role, a throttled bucket, an unknown group): it keeps watching the apps ' +
      'it found before, and cannot see apps added since.',
    remedy:
      "In Applications > Applications > [the probe's API Services app] > Okta API Scopes, grant " +
      'okta.apps.read (and okta.users.read for "assigned", okta.groups.read for "oktaGroupId"), and under ' +
      'Admin roles give it the Read-only Administrator role; check that the group id in ' +
      'samlGroups[].discover exists (Directory > Groups > [group]: its id is in the address). The detail has ' +
      "Okta's answer and request id.",
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
