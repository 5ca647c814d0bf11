// What each code of the sign-in family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

/**
 * The synthetic user's own account stopping every sign-in of it, whatever its password (locked, not active, its
 * password expired or never set, no such user): the probe's setup, stopping nobody else.
 */
const CANNOT_SIGN_IN = {
  owner: 'probe',
  layer: 'setup',
  severity: 'alarm',
  subject: 'user',
  password: 'account',
} as const satisfies CodeRow;

export const SIGN_IN_CODES = {
  // A synthetic user's sign-in: the user's, the app's and the policies' settings are the org's.
  SIGN_IN_REJECTED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    subject: 'user',
    password: 'refused',
    aboutThePassword: true,
    toldByStatus: true,
  },
  // The synthetic user's own state (its password, lock-out, activation, enrolment): it stops nobody else.
  PASSWORD_EXPIRED: { ...CANNOT_SIGN_IN, aboutThePassword: true },
  PASSWORD_EXPIRING: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  USER_LOCKED_OUT: { ...CANNOT_SIGN_IN, totp: 'blocked', aboutThePassword: true },
  USER_NOT_ACTIVE: { ...CANNOT_SIGN_IN, totp: 'blocked' },
  USER_NOT_FOUND: { ...CANNOT_SIGN_IN, toldByStatus: true },
  USER_PASSWORD_NOT_SET: CANNOT_SIGN_IN,
  MFA_FACTOR_UNAVAILABLE: { owner: 'org', layer: 'configuration', severity: 'alarm', password: 'blocked' },
  MFA_ENROLLMENT_REQUIRED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user', password: 'blocked' },
  // The synthetic user's profile lacks a value the org now requires: people with it filled sign in as before.
  PROFILE_UPDATE_REQUIRED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user', password: 'blocked' },
  // A rejected code is the probe's clock or its user's reset factor: the synthetic user's, stopping nobody else.
  TOTP_REJECTED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user', totp: 'refused' },
  // Another sign-in of the same user used the step's code first: the probe's own deployment, or a person.
  TOTP_CODE_REUSED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  SIGN_IN_NOT_ALLOWED: { owner: 'org', layer: 'configuration', severity: 'alarm', password: 'blocked' },
  INTERACTION_CODE_NOT_ENABLED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'app' },
  USER_NOT_ASSIGNED: { owner: 'org', layer: 'configuration', severity: 'alarm', subject: 'user', password: 'blocked' },
  // Identity Engine's policies and settings answering as configured: the org's.
  TOTP_SUSPENDED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'user',
    password: 'blocked',
    totp: 'blocked',
  },
  DEVICE_ASSURANCE_GRACE: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  ENROLLMENT_GRACE: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'user' },
  DEVICE_ASSURANCE_DENIED: { owner: 'org', layer: 'configuration', severity: 'alarm', password: 'blocked' },
  CAPTCHA_REQUIRED: { owner: 'org', layer: 'configuration', severity: 'alarm', password: 'blocked' },
  // A routing rule sends the synthetic user to its identity provider, as it sends people: nobody is blocked, the
  // journey could not judge the sign-in (unjudged: a warning, never a page).
  IDP_ROUTING_REDIRECT: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    password: 'blocked',
    unjudged: true,
  },
  SIGN_IN_CONSENT_REQUIRED: { owner: 'org', layer: 'configuration', severity: 'alarm', password: 'blocked' },
  // The app's policy and the synthetic user's enrollments: the org's.
  PHISHING_RESISTANCE_REQUIRED: { owner: 'org', layer: 'configuration', severity: 'alarm', password: 'blocked' },
  // The probe's own file or secret.
  PASSKEY_UNAVAILABLE: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'credential', factor: 'passkey' },
  PASSKEY_REFUSED: { owner: 'org', layer: 'configuration', severity: 'alarm', factor: 'passkey', totp: 'refused' },
  // The app's authentication policy, or the user's enrollments, offer no passkey: the org's.
  PASSKEY_NOT_OFFERED: { owner: 'org', layer: 'configuration', severity: 'alarm', factor: 'passkey' },
  // A copy of the probe's private key signed elsewhere: the probe's own secret, however it spread.
  PASSKEY_COUNTER_BEHIND: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'credential',
    factor: 'passkey',
    totp: 'refused',
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
  SIGN_IN_PAGE_CSP_BLOCKED: { owner: 'org', layer: 'configuration', severity: 'alarm', hostedPage: {} },
  SIGN_IN_PAGE_SCRIPT_ERROR: { owner: 'org', layer: 'configuration', severity: 'alarm', hostedPage: {} },
  SIGN_IN_PAGE_ASSET_FAILED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    hostedPage: { oktaAsset: 'okta' },
  },
  SIGN_IN_PAGE_FORM_BLOCKED: { owner: 'org', layer: 'configuration', severity: 'alarm', hostedPage: {} },
  SIGN_IN_PAGE_SLOW: { owner: 'org', layer: 'configuration', severity: 'alarm', hostedPage: {} },
  SIGN_IN_PAGE_BLANK: { owner: 'org', layer: 'configuration', severity: 'alarm', hostedPage: {} },
  SIGN_IN_PAGE_REDIRECTED: { owner: 'org', layer: 'configuration', severity: 'alarm', hostedPage: {} },
  // The org's bot protection (its CAPTCHA, or a challenge in front of its custom domain) covering the synthetic user:
  // its settings, which the org can change; the journey stops, as the idx journey does at CAPTCHA_REQUIRED.
  SIGN_IN_PAGE_CAPTCHA: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    hostedPage: {},
    password: 'blocked',
  },
  // The widget version the admin pinned: the org's setting, warned of by its own check (sign-in-widget), never a page.
  SIGN_IN_WIDGET_OUTDATED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // No Chromium, a /tmp that would not take it, a Chromium that crashed: our machinery judged nothing of the page. A
  // warning of ours, never a page (unjudged: no CheckSuccess is published for it).
  BROWSER_UNAVAILABLE: { owner: 'probe', layer: 'setup', severity: 'alarm', unjudged: true },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
