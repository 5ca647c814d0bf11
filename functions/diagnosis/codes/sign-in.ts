// What each code of the sign-in family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const SIGN_IN_CODES = {
  // A synthetic user's sign-in: the user's, the app's and the policies' settings are the org's.
  SIGN_IN_REJECTED: { owner: 'org', layer: 'configuration', severity: 'alarm', subject: 'user' },
  // The synthetic user's own state (its password, lock-out, activation, enrolment): it stops nobody else.
  PASSWORD_EXPIRED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  PASSWORD_EXPIRING: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  USER_LOCKED_OUT: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  USER_NOT_ACTIVE: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  USER_NOT_FOUND: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  USER_PASSWORD_NOT_SET: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  MFA_FACTOR_UNAVAILABLE: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  MFA_ENROLLMENT_REQUIRED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  // The synthetic user's profile lacks a value the org now requires: people with it filled sign in as before.
  PROFILE_UPDATE_REQUIRED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  // A rejected code is the probe's clock or its user's reset factor: the synthetic user's, stopping nobody else.
  TOTP_REJECTED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  // Another sign-in of the same user used the step's code first: the probe's own deployment, or a person.
  TOTP_CODE_REUSED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  SIGN_IN_NOT_ALLOWED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTERACTION_CODE_NOT_ENABLED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'app' },
  USER_NOT_ASSIGNED: { owner: 'org', layer: 'configuration', severity: 'alarm', subject: 'user' },
  // Identity Engine's policies and settings answering as configured: the org's.
  TOTP_SUSPENDED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  DEVICE_ASSURANCE_GRACE: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  ENROLLMENT_GRACE: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  DEVICE_ASSURANCE_DENIED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  CAPTCHA_REQUIRED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  IDP_ROUTING_REDIRECT: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SIGN_IN_CONSENT_REQUIRED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // The app's policy and the synthetic user's enrollments: the org's.
  PHISHING_RESISTANCE_REQUIRED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // The probe's own file or secret.
  PASSKEY_UNAVAILABLE: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'credential', factor: 'passkey' },
  PASSKEY_REFUSED: { owner: 'org', layer: 'configuration', severity: 'alarm', factor: 'passkey' },
  // The app's authentication policy, or the user's enrollments, offer no passkey: the org's.
  PASSKEY_NOT_OFFERED: { owner: 'org', layer: 'configuration', severity: 'alarm', factor: 'passkey' },
  // A copy of the probe's private key signed elsewhere: the probe's own secret, however it spread.
  PASSKEY_COUNTER_BEHIND: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'credential',
    factor: 'passkey',
  },
  // No enrollment offered: the enrollment policy or the promotion, the org's settings.
  PASSKEY_ENROLLMENT_NOT_OFFERED: { owner: 'org', layer: 'configuration', severity: 'alarm', factor: 'passkey' },
  PASSKEY_ENROLLMENT_REFUSED: { owner: 'org', layer: 'configuration', severity: 'alarm', factor: 'passkey' },
  ID_TOKEN_MISSING_CLAIMS: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  ID_TOKEN_AUDIENCE_MISMATCH: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // A nonce that does not match is Okta answering another request: Okta's.
  ID_TOKEN_NONCE_MISMATCH: { owner: 'okta', layer: 'service', severity: 'alarm' },
  // The hosted page's customization (CSP, script, style) is the org's; Okta's own assets failing are said in the
  // detail, and the status feed speaks for an Okta outage. A browser that would not start is the probe's.
  SIGN_IN_PAGE_CSP_BLOCKED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SIGN_IN_PAGE_SCRIPT_ERROR: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SIGN_IN_PAGE_ASSET_FAILED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SIGN_IN_PAGE_FORM_BLOCKED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SIGN_IN_PAGE_SLOW: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SIGN_IN_PAGE_BLANK: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SIGN_IN_PAGE_REDIRECTED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // The widget version the admin pinned: the org's setting, warned of by its own check (sign-in-widget), never a page.
  SIGN_IN_WIDGET_OUTDATED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  BROWSER_UNAVAILABLE: { owner: 'probe', layer: 'setup', severity: 'alarm' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
