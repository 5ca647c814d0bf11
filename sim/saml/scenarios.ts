// The SAML app's scenarios: one per diagnosis the SAML checks can give, each a setting of the app in
// Okta (or something in the path) gone wrong, on each engine where they answer differently, and the steps followed.
// sim/scenarios.ts spreads them into its table.
import type { CheckName, DiagnosisCode } from '../../functions/contract';
import type { ConfigFileJson } from '../../functions/config/schema';
import type { SimFaults } from '../faults';
import type { SamlFaults } from './app';

export { CATALOGUE_SCENARIOS } from './catalogue-scenarios';

/** The simulator config's SAML app id (sim/config.ts). */
export const SIM_SAML_ID = 'salesforce';
/** The app's custom error page in the scenarios that set one: off the org, on the company's help site. */
const SIM_ERROR_PAGE = 'https://help.acme.example/okta/no-access';

const scenario = (description: string, code: DiagnosisCode, saml: SamlFaults, check: CheckName = 'saml') => ({
  description,
  expect: [{ server: SIM_SAML_ID, check, code }],
  faults: { saml } satisfies SimFaults,
});

/**
 * The app judged in the session of the "workforce" journey (flow "idx"): Identity Engine's answers (its `idx` cookie).
 */
const onIdentityEngine = <T extends ReturnType<typeof scenario>>(s: T) => ({
  ...s,
  config: (cfg: ConfigFileJson): ConfigFileJson => ({
    ...cfg,
    samlApps: (cfg.samlApps ?? []).map((app) => (app.id === SIM_SAML_ID ? { ...app, signIn: 'workforce' } : app)),
  }),
});

/** Okta's answer takes a step on the org before the form: followed, and the app stays healthy. */
const healthyAfter = (description: string, saml: SamlFaults) => ({
  description,
  expect: [],
  faults: { saml } satisfies SimFaults,
});

export const SAML_SCENARIOS = {
  'saml-not-assigned': scenario(
    'The SAML app is not assigned to the portal user: its SSO URL answers "403 App Not Assigned".',
    'SAML_USER_NOT_ASSIGNED',
    { notAssigned: true },
  ),
  'saml-not-assigned-oie': onIdentityEngine(
    scenario(
      'Identity Engine: the SAML app is not assigned to the workforce user: its SSO URL hosts the sign-in ' +
        'page, whose state is a failure-redirect "You are not allowed to access this app".',
      'SAML_USER_NOT_ASSIGNED',
      { notAssigned: true },
    ),
  ),
  // ApplicationAccessibility.errorRedirectUrl (okta-sdk-nodejs oas-spec/management.yaml): where a refused user goes.
  'saml-not-assigned-error-page': scenario(
    'The SAML app is not assigned to the portal user and has a custom error page: its SSO URL redirects there, ' +
      "off the org. The probe reads the user's app links (GET /api/v1/users/{login}/appLinks, okta.users.read) " +
      'and names the missing assignment, never an IdP routing rule.',
    'SAML_USER_NOT_ASSIGNED',
    { notAssigned: true, errorRedirectUrl: SIM_ERROR_PAGE },
  ),
  'saml-error-page-assigned': scenario(
    "The SAML app's sign-on rule denies the portal user, who is assigned to it, and the app has a custom error " +
      "page: its SSO URL redirects there, off the org. The user's app links name the app, so the finding rules " +
      "the assignment out and names the app's sign-on policy or an IdP routing rule.",
    'SAML_SESSION_REFUSED',
    { policyDenied: true, errorRedirectUrl: SIM_ERROR_PAGE },
  ),
  'saml-session-refused': scenario(
    "The journey's session is not recognised at the SAML app: its SSO URL sends the user to the sign-in page.",
    'SAML_SESSION_REFUSED',
    { sessionRefused: true },
  ),
  'saml-session-refused-oie': onIdentityEngine(
    scenario(
      'Identity Engine: the session is not recognised at the SAML app: its SSO URL hosts the sign-in page ' +
        'asking who the user is.',
      'SAML_SESSION_REFUSED',
      { sessionRefused: true },
    ),
  ),
  'saml-step-up': scenario(
    "The SAML app's sign-on rule wants another factor: its SSO URL redirects to Classic's step-up page.",
    'SAML_STEP_UP_REQUIRED',
    { stepUp: true },
  ),
  'saml-step-up-oie': onIdentityEngine(
    scenario(
      "Identity Engine: the SAML app's authentication policy wants another factor: its SSO URL hosts the " +
        'sign-in page asking for an authenticator.',
      'SAML_STEP_UP_REQUIRED',
      { stepUp: true },
    ),
  ),
  'saml-intermediate-redirect': healthyAfter(
    'The SSO URL redirects through the generic app SSO endpoint before the form (Classic): followed on the org.',
    { intermediate: 'redirect' },
  ),
  'saml-intermediate-form': healthyAfter(
    'The SSO URL answers an auto-submitted RelayState form posting back to the org before the form: followed ' +
      'on the org.',
    { intermediate: 'form' },
  ),
  'saml-acs-url': scenario(
    "The SAML app's Single sign-on URL points at the SP's sandbox while Recipient and Destination still name " +
      'production: every assertion is posted to the sandbox.',
    'SAML_ACS_URL_MISMATCH',
    { ssoUrl: 'https://acme--sandbox.my.salesforce.com/' },
  ),
  'saml-error-page': scenario(
    "The SAML app's SSO URL answers an Okta error page (200) with no SAMLResponse form.",
    'SAML_RESPONSE_MISSING',
    { errorPage: true },
  ),
  'saml-metadata-missing': scenario(
    "The SAML app's metadata URL answers 404 (the app was deleted or deactivated).",
    'SAML_METADATA_INVALID',
    { metadataMissing: true },
  ),
  'saml-status-failed': scenario(
    'Okta answers the SAML app with a Responder failure status and no assertion.',
    'SAML_STATUS_FAILED',
    { statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder' },
  ),
  'saml-xxe': scenario(
    'The SAMLResponse arrives with a DOCTYPE declaring an external entity (XXE): refused before parsing.',
    'SAML_XML_REFUSED',
    { xxe: true },
  ),
  'saml-certificate-rotated': scenario(
    'A new SAML signing certificate was activated in Okta, but the metadata the SP and the probe trust has ' +
      'the old one.',
    'SAML_SIGNATURE_INVALID',
    { rotatedKey: true },
  ),
  'saml-unsigned': scenario(
    "The SAML app's Response and Assertion Signature are set to Unsigned.",
    'SAML_SIGNATURE_INVALID',
    { unsigned: true },
  ),
  'saml-wrapped': scenario(
    'An attacker in the path wraps the signed assertion into Extensions and puts a forged one where an SP reads (XSW).',
    'SAML_SIGNATURE_INVALID',
    { wrapped: true },
  ),
  'saml-issuer': scenario(
    "The SAML app's SAML Issuer ID was changed: assertions name another issuer than the metadata's entityID.",
    'SAML_ISSUER_MISMATCH',
    { issuer: 'http://www.okta.com/exkChangedIssuer00x7' },
  ),
  'saml-audience': scenario(
    "The SAML app's Audience URI (SP Entity ID) differs from the SP's entity ID.",
    'SAML_AUDIENCE_MISMATCH',
    { audience: 'https://saml.salesforce.com/old' },
  ),
  'saml-recipient': scenario(
    "The SAML app's Recipient URL (set apart from the Single sign-on URL) differs from the SP's ACS URL.",
    'SAML_RECIPIENT_MISMATCH',
    { recipient: 'https://acme.my.salesforce.com/old-acs' },
  ),
  'saml-destination': scenario(
    "The SAML app's Destination URL (set apart from the Recipient URL) differs from where the SP receives " +
      'the Response.',
    'SAML_DESTINATION_MISMATCH',
    { destination: 'https://acme.my.salesforce.com/old-acs' },
  ),
  'saml-profile': scenario(
    'Okta answers the IdP-initiated sign-in with an InResponseTo (a response meant for another request): ' +
      'refused under the Web SSO profile.',
    'SAML_PROFILE_VIOLATION',
    { inResponseTo: true },
  ),
  'saml-nameid-format': scenario(
    "The SAML app's Name ID format is Unspecified where the SP expects an e-mail address.",
    'SAML_NAMEID_MISMATCH',
    { nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' },
  ),
  'saml-attribute-missing': scenario(
    'The SAML app\'s Attribute Statements lost "email", which the SP reads.',
    'SAML_ATTRIBUTE_MISSING',
    { omitAttributes: ['email'] },
  ),
  'saml-clock': scenario(
    "The assertion's time window ended 10 minutes ago (a clock 10 minutes behind).",
    'SAML_ASSERTION_EXPIRED',
    { clockBehindSeconds: 900 },
  ),
  'saml-certificate-expiring': scenario(
    "The SAML app's active signing certificate expires in 10 days; Okta never rotates it by itself.",
    'SAML_CERT_EXPIRING',
    { certificateExpiring: true },
    'saml-certificate',
  ),
  'saml-sha1': scenario(
    'The SAML app signs with SHA-1 (Signature and Digest Algorithm): the assertion passes, the signing check warns.',
    'SAML_SHA1_SIGNATURE',
    { sha1: true },
    'saml-certificate',
  ),
} as const;
