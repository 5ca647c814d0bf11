// The SAML app's scenarios (issue 28): one per diagnosis the SAML checks can give, each a setting of the app in Okta
// (or something in the path) gone wrong. sim/scenarios.ts spreads them into its table.
import type { CheckName, DiagnosisCode } from '../../functions/contract';
import type { SimFaults } from '../faults';
import type { SamlFaults } from './app';

export { CATALOGUE_SCENARIOS } from './catalogue-scenarios';

/** The simulator config's SAML app id (sim/config.ts). */
export const SIM_SAML_ID = 'salesforce';

const scenario = (description: string, code: DiagnosisCode, saml: SamlFaults, check: CheckName = 'saml') => ({
  description,
  expect: [{ server: SIM_SAML_ID, check, code }],
  faults: { saml } satisfies SimFaults,
});

export const SAML_SCENARIOS = {
  'saml-not-assigned': scenario('The SAML app is not assigned to the portal user: its SSO URL answers "403 App Not Assigned".', 'SAML_USER_NOT_ASSIGNED', { notAssigned: true }),
  'saml-session-refused': scenario('The SAML app\'s policy wants more than the journey\'s session: its SSO URL sends the user to the sign-in page.', 'SAML_SESSION_REFUSED', { sessionRefused: true }),
  'saml-error-page': scenario('The SAML app\'s SSO URL answers an Okta error page (200) with no SAMLResponse form.', 'SAML_RESPONSE_MISSING', { errorPage: true }),
  'saml-metadata-missing': scenario('The SAML app\'s metadata URL answers 404 (the app was deleted or deactivated).', 'SAML_METADATA_INVALID', { metadataMissing: true }),
  'saml-status-failed': scenario('Okta answers the SAML app with a Responder failure status and no assertion.', 'SAML_STATUS_FAILED', { statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder' }),
  'saml-xxe': scenario('The SAMLResponse arrives with a DOCTYPE declaring an external entity (XXE): refused before parsing.', 'SAML_XML_REFUSED', { xxe: true }),
  'saml-certificate-rotated': scenario('A new SAML signing certificate was activated in Okta, but the metadata the SP and the probe trust has the old one.', 'SAML_SIGNATURE_INVALID', { rotatedKey: true }),
  'saml-unsigned': scenario('The SAML app\'s Response and Assertion Signature are set to Unsigned.', 'SAML_SIGNATURE_INVALID', { unsigned: true }),
  'saml-wrapped': scenario('An attacker in the path wraps the signed assertion into Extensions and puts a forged one where an SP reads (XSW).', 'SAML_SIGNATURE_INVALID', { wrapped: true }),
  'saml-issuer': scenario('The SAML app\'s SAML Issuer ID was changed: assertions name another issuer than the metadata\'s entityID.', 'SAML_ISSUER_MISMATCH', { issuer: 'http://www.okta.com/exkChangedIssuer00x7' }),
  'saml-audience': scenario('The SAML app\'s Audience URI (SP Entity ID) differs from the SP\'s entity ID.', 'SAML_AUDIENCE_MISMATCH', { audience: 'https://saml.salesforce.com/old' }),
  'saml-recipient': scenario('The SAML app\'s Single sign-on URL (Recipient and Destination) differs from the SP\'s ACS URL.', 'SAML_RECIPIENT_MISMATCH', { recipient: 'https://acme.my.salesforce.com/old-acs' }),
  'saml-nameid-format': scenario('The SAML app\'s Name ID format is Unspecified where the SP expects an e-mail address.', 'SAML_NAMEID_MISMATCH', { nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' }),
  'saml-attribute-missing': scenario('The SAML app\'s Attribute Statements lost "email", which the SP reads.', 'SAML_ATTRIBUTE_MISSING', { omitAttributes: ['email'] }),
  'saml-clock': scenario('The assertion\'s time window ended 10 minutes ago (a clock 10 minutes behind).', 'SAML_ASSERTION_EXPIRED', { clockBehindSeconds: 900 }),
  'saml-certificate-expiring': scenario('The SAML app\'s active signing certificate expires in 10 days; Okta never rotates it by itself.', 'SAML_CERT_EXPIRING', { certificateExpiring: true }, 'saml-certificate'),
} as const;
