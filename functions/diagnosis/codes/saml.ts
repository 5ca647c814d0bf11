// What each code of the saml family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const SAML_CODES = {
  // SAML apps: the app's settings, its assignment and its certificate are the org's. Okta signing with a
  // key its own metadata does not publish, or answering without the form, is Okta's; the clock is the probe's.
  SAML_METADATA_INVALID: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SAML_USER_NOT_ASSIGNED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SAML_SESSION_REFUSED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // The probe could not judge the app: nothing is known of it this run (never up, never down).
  SAML_NO_SESSION: { owner: 'probe', layer: 'reading', severity: 'alarm', unjudged: true },
  // People signed in the same way are prompted for the step-up and pass it; the journey never answers a prompt, so it
  // could not judge the app (unjudged: a warning, never a page).
  SAML_STEP_UP_REQUIRED: { owner: 'org', layer: 'configuration', severity: 'alarm', unjudged: true },
  SAML_RESPONSE_MISSING: { owner: 'okta', layer: 'service', severity: 'alarm' },
  // The Single sign-on URL is the app's setting.
  SAML_ACS_URL_MISMATCH: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SAML_STATUS_FAILED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SAML_XML_REFUSED: { owner: 'okta', layer: 'service', severity: 'alarm' },
  SAML_SIGNATURE_INVALID: { owner: 'okta', layer: 'service', severity: 'alarm' },
  SAML_ISSUER_MISMATCH: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SAML_AUDIENCE_MISMATCH: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SAML_RECIPIENT_MISMATCH: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SAML_DESTINATION_MISMATCH: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // Okta's responses keep the profile's rules: one that breaks them is Okta's, or something rewriting its page.
  SAML_PROFILE_VIOLATION: { owner: 'okta', layer: 'service', severity: 'alarm' },
  SAML_ASSERTION_EXPIRED: { owner: 'probe', layer: 'reading', severity: 'alarm' },
  SAML_NAMEID_MISMATCH: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SAML_ATTRIBUTE_MISSING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SAML_CERT_EXPIRING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SAML_SHA1_SIGNATURE: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // A group's apps left unchecked are the probe's own shortfall (time, its share of the buckets); a catalogue Okta
  // will not list is the probe's own app's grant or role.
  SAML_APPS_OVERDUE: { owner: 'probe', layer: 'reading', severity: 'alarm' },
  SAML_DISCOVERY_FAILED: { owner: 'probe', layer: 'reading', severity: 'alarm' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
