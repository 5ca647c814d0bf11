// The diagnosis codes: a fixed, documented contract.

/** What the organisation's own API answered the resource check (servers[].resources). */
const RESOURCE_CODES = [
  'RESOURCE_TOKEN_REJECTED',
  'RESOURCE_SCOPE_INSUFFICIENT',
  'RESOURCE_CLAIM_MISSING',
  'RESOURCE_REDIRECTED',
  'RESOURCE_UNEXPECTED_STATUS',
  'RESOURCE_UNAVAILABLE',
] as const;

/**
 * What the app behind Okta answered a journey that signed in to it (the `app-sign-in` check): the service provider's
 * own refusal after Okta's part succeeded, never Okta's and never the sign-in's.
 */
const APP_CODES = [
  'APP_AUDIENCE_MISMATCH',
  'APP_CLAIM_MISSING',
  'APP_CERTIFICATE_PINNED',
  'APP_CLOCK_SKEW',
  'APP_UNKNOWN_USER',
  'APP_UNAVAILABLE',
  'APP_CLIENT_REFUSED',
  'APP_SIGN_IN_REFUSED',
  'APP_REDIRECTED_AWAY',
] as const;

/**
 * The diagnosis codes: a fixed, documented contract. Summaries and remedies live in
 * functions/diagnosis/; this list is what alarms, docs and tests key on.
 */
export const DIAGNOSIS_CODES = [
  // Licence, server and scope configuration
  'CUSTOM_AS_UNLICENSED',
  'AUTH_SERVER_NOT_FOUND',
  'CUSTOM_SCOPE_ON_ORG_AS',
  'INVALID_SCOPE',
  'ORG_SCOPE_NOT_GRANTED',
  'SCOPE_REQUIRES_CONSENT',
  'NO_ACCESS_POLICY',
  'SCOPE_DENIED_BY_POLICY',
  'NETWORK_ZONE_DENIED',
  // The org's own token customisation (claims, inline hooks): config, not an Okta outage
  'CLAIM_EVALUATION_FAILED',
  'INLINE_HOOK_FAILED',
  // Client configuration and credentials
  'UNKNOWN_CLIENT_ID',
  'INVALID_CLIENT',
  'CLIENT_AUTH_MALFORMED',
  'ORG_AS_REQUIRES_PRIVATE_KEY_JWT',
  'NOT_A_SERVICE_APP',
  'ADMIN_ROLE_MISSING',
  'TLS_CERT_EXPIRING',
  'UNAUTHORIZED_CLIENT',
  'UNSUPPORTED_GRANT_TYPE',
  'DPOP_REQUIRED',
  'REQUEST_REJECTED',
  'REDIRECT_URI_MISMATCH',
  'AUTHORIZE_UNEXPECTED',
  // Token content, as the API behind the server would judge it
  'AUDIENCE_MISMATCH',
  'MISSING_CLAIMS',
  'MISSING_SCOPE',
  'ISSUER_MISMATCH',
  'UNKNOWN_SIGNING_KEY',
  'NO_SIGNING_KEYS',
  'SIGNATURE_INVALID',
  'TOKEN_EXPIRED',
  'CLOCK_SKEW',
  'TOKEN_INACTIVE',
  'TOKEN_CLIENT_MISMATCH',
  // The token at the organisation's own API (servers[].resources): what that API answered
  ...RESOURCE_CODES,
  // The app behind Okta (a journey's "app"): what the service provider made of Okta's token or assertion
  ...APP_CODES,
  // A synthetic user's sign-in: the user, the policies, the factor, and the ID token the SP reads
  'SIGN_IN_REJECTED',
  'PASSWORD_EXPIRED',
  'PASSWORD_EXPIRING',
  'USER_LOCKED_OUT',
  'USER_NOT_ACTIVE',
  'USER_NOT_FOUND',
  'USER_PASSWORD_NOT_SET',
  'MFA_FACTOR_UNAVAILABLE',
  'MFA_ENROLLMENT_REQUIRED',
  'PROFILE_UPDATE_REQUIRED',
  'TOTP_REJECTED',
  'TOTP_CODE_REUSED',
  'SIGN_IN_NOT_ALLOWED',
  'INTERACTION_CODE_NOT_ENABLED',
  'USER_NOT_ASSIGNED',
  'ID_TOKEN_MISSING_CLAIMS',
  'ID_TOKEN_AUDIENCE_MISMATCH',
  'ID_TOKEN_NONCE_MISMATCH',
  // What a real Identity Engine org answers beyond the basics: Okta's own words, read from the Sign-In
  // Widget's IDX mocks and login.properties
  'TOTP_SUSPENDED',
  'DEVICE_ASSURANCE_DENIED',
  'DEVICE_ASSURANCE_GRACE',
  'ENROLLMENT_GRACE',
  'CAPTCHA_REQUIRED',
  'IDP_ROUTING_REDIRECT',
  'SIGN_IN_CONSENT_REQUIRED',
  // The org's hosted sign-in page as a browser renders it (the "browser" flow)
  'SIGN_IN_PAGE_CSP_BLOCKED',
  'SIGN_IN_PAGE_SCRIPT_ERROR',
  'SIGN_IN_PAGE_ASSET_FAILED',
  'SIGN_IN_PAGE_FORM_BLOCKED',
  'SIGN_IN_PAGE_SLOW',
  'SIGN_IN_PAGE_BLANK',
  'SIGN_IN_PAGE_STALLED',
  'SIGN_IN_PAGE_REDIRECTED',
  'SIGN_IN_PAGE_CAPTCHA',
  'SIGN_IN_PAGE_INTEGRITY_FAILED',
  'SIGN_IN_WIDGET_OUTDATED',
  'BROWSER_UNAVAILABLE',
  // A passkey (WebAuthn) the synthetic user signs in with, as phishing-resistant policies demand
  'PHISHING_RESISTANCE_REQUIRED',
  'PASSKEY_UNAVAILABLE',
  'PASSKEY_REFUSED',
  'PASSKEY_NOT_OFFERED',
  'PASSKEY_COUNTER_BEHIND',
  'PASSKEY_ENROLLMENT_NOT_OFFERED',
  'PASSKEY_ENROLLMENT_REFUSED',
  // SAML apps: the session Okta opens for the app, and the assertion as the SP would judge it
  'SAML_METADATA_INVALID',
  'SAML_USER_NOT_ASSIGNED',
  'SAML_SESSION_REFUSED',
  'SAML_NO_SESSION',
  'SAML_STEP_UP_REQUIRED',
  'SAML_RESPONSE_MISSING',
  'SAML_ACS_URL_MISMATCH',
  'SAML_STATUS_FAILED',
  'SAML_XML_REFUSED',
  'SAML_SIGNATURE_INVALID',
  'SAML_ISSUER_MISMATCH',
  'SAML_AUDIENCE_MISMATCH',
  'SAML_RECIPIENT_MISMATCH',
  'SAML_DESTINATION_MISMATCH',
  'SAML_PROFILE_VIOLATION',
  'SAML_ASSERTION_EXPIRED',
  'SAML_NAMEID_MISMATCH',
  'SAML_ATTRIBUTE_MISSING',
  'SAML_CERT_EXPIRING',
  'SAML_SHA1_SIGNATURE',
  // A group of SAML apps: apps the runs could not check in time, a catalogue Okta would not list
  'SAML_APPS_OVERDUE',
  'SAML_DISCOVERY_FAILED',
  // Capacity and Okta health
  'RATE_LIMITED',
  'CLIENT_RATE_LIMITED',
  'OKTA_CONCURRENCY_LIMITED',
  'USER_RATE_LIMITED',
  'RATE_LIMIT_HEADROOM_LOW',
  'OKTA_SERVER_ERROR',
  'OKTA_READ_ONLY_MODE',
  'OKTA_STATUS_DEGRADED',
  // Transport and the unexpected
  'MALFORMED_RESPONSE',
  'ANSWER_NOT_FROM_OKTA',
  'UNEXPECTED_RESPONSE',
  'TIMEOUT',
  'NETWORK_ERROR',
  'NETWORK_POLICY_BLOCKED',
  'NETWORK_BLOCKLISTED',
  // The probe's own environment (Lambda)
  'SECRETS_UNAVAILABLE',
  'JOURNEY_STATE_UNAVAILABLE',
  // Okta's System Log: unavailable is a warning, never a page; the org's rate limits
  'SYSTEM_LOG_SCOPE_NOT_GRANTED',
  'SYSTEM_LOG_ROLE_MISSING',
  'SYSTEM_LOG_THROTTLED',
  'ORG_RATE_LIMIT_VIOLATION',
  'ORG_RATE_LIMIT_WARNING',
  'OKTA_FAILOVER',
  'STATUS_FEED_STALE',
  'RATE_LIMIT_SCOPED_VIOLATION',
  // Real users' sign-ins, judged from the System Log per app, factor and federated IdP (user-sign-ins)
  'USER_SIGN_INS_APP_FAILING',
  'USER_SIGN_INS_FACTOR_FAILING',
  'USER_SIGN_INS_IDP_FAILING',
  'USER_SIGN_INS_ONE_USER',
  // Provisioning to apps, judged from the System Log and the app listing: a connection that no longer works, and
  // leavers who may keep an account because a deactivation failed or never happens
  'PROVISIONING_CREDENTIAL_FAILED',
  'PROVISIONING_APP_UNREACHABLE',
  'PROVISIONING_APP_RATE_LIMITED',
  'PROVISIONING_CONFIGURATION',
  'PROVISIONING_USER_DATA',
  'PROVISIONING_FAILING',
  'PROVISIONING_LEAVERS_OPEN',
  'PROVISIONING_NO_DEACTIVATION',
  'PROVISIONING_STATE_DAMAGED',
  // The org's own integrations on the sign-in path, judged from the System Log: inline hooks, SMS and voice, e-mail,
  // imports, group and policy rules, Workflows
  'INTEGRATION_HOOK_BLOCKING',
  'INTEGRATION_HOOK_CLAIMS_MISSING',
  'INTEGRATION_HOOK_FAILING',
  'INTEGRATION_TELEPHONY_FAILOVER',
  'INTEGRATION_TELEPHONY_FAILING',
  'INTEGRATION_TELEPHONY_BLOCKED',
  'INTEGRATION_SMTP_REFUSING',
  'INTEGRATION_EMAIL_DOMAIN_UNVERIFIED',
  'INTEGRATION_IMPORT_STOPPED',
  'INTEGRATION_GROUP_RULE_ERROR',
  'INTEGRATION_POLICY_RULE_INVALID',
  'INTEGRATION_WORKFLOWS_LIMIT',
  // The org's custom domains (GET /api/v1/domains): validation and the certificate's expiry, by who renews it
  'INTEGRATION_DOMAIN_NOT_VERIFIED',
  'INTEGRATION_DOMAIN_CERT_EXPIRED',
  'INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED',
  'INTEGRATION_DOMAIN_CERT_EXPIRING',
  'INTEGRATION_DOMAINS_UNREAD',
  // The org's hooks as listed (GET /api/v1/inlineHooks, /api/v1/eventHooks) and their endpoints' certificates
  'INTEGRATION_HOOK_CERT_EXPIRING',
  'INTEGRATION_HOOK_CERT_EXPIRED',
  'INTEGRATION_HOOK_URL_UNSAFE',
  'INTEGRATION_HOOKS_UNREAD',
  // Who gets what: a row of accessAssertions against Okta's policy simulation (POST /api/v1/policies/simulate)
  'ACCESS_WEAKENED',
  'ACCESS_STRONGER',
  'ACCESS_CHANGED',
  'ACCESS_ROW_REFUSED',
  'ACCESS_NOT_PERMITTED',
  'ACCESS_UNREAD',
  // What will break next: the org's expiring credentials and silent integrations, one item each
  'API_TOKEN_EXPIRING',
  'API_TOKEN_EXPIRED',
  'API_TOKEN_OWNER_INACTIVE',
  'API_TOKEN_OWNER_STATUS',
  'API_TOKEN_GONE',
  'APP_CERT_EXPIRING',
  'APP_CERT_EXPIRED',
  'IDP_CERT_EXPIRING',
  'IDP_CERT_EXPIRED',
  'LOG_STREAM_INACTIVE',
  'EVENT_HOOK_FAILING',
  'EVENT_HOOK_NOT_DELIVERING',
  'AGENT_POOL_DOWN',
  'AGENT_POOL_DEGRADED',
  // The inventory's own reading: a missing scope or role degrades only its item (a warning)
  'INVENTORY_SCOPE_NOT_GRANTED',
  'INVENTORY_ROLE_MISSING',
  'INVENTORY_THROTTLED',
] as const;
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

/**
 * Whose fault a failure is, the one answer every reader gives (functions/diagnosis/faults.ts places each code): Okta's
 * (what Okta's SLA covers, told to callers as a problem at Okta), the org's own settings that stop its users (a
 * policy, an assignment, an audience), or the probe's own side (its credentials, its synthetic user, its network, its
 * clock, a check it could not run), which measured nothing about what users meet. The availability report counts
 * the probe's minutes as unmeasured, the status page tells them UNKNOWN with our monitoring as the owner, and the
 * fast path warns for them unless `pageFor` names "probe". The app's (a journey's `app`, the service provider behind
 * Okta): Okta's part succeeded and the app refused it; it stops the app's people only, and warns unless `pageFor`
 * names "app".
 */
export const FAULT_OWNERS = ['okta', 'org', 'probe', 'app'] as const;
export type FaultOwner = (typeof FAULT_OWNERS)[number];
