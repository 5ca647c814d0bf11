// Whose fault each diagnosis code is: one table, beside the texts, read through ownerOf by every reader (the
// availability report, the fast path's quorum, the status page, the engine's early journey).
import type { DiagnosisCode, FaultOwner } from '../contract';

/**
 * One owner per code, beside the texts so a new code is placed here when it is explained. Where a code can be either
 * side, the comment says why it is placed where it is. The org's side is what stops its users (a policy, an
 * assignment, an audience); the probe's own app, user and settings (Okta's answer to our client, the synthetic user's
 * state, a zone that blocks only our network, our own 429s, our reading of the System Log and the inventory) stop
 * nobody but the probe, and are the probe's.
 */
export const FAULTS: Readonly<Record<DiagnosisCode, FaultOwner>> = {
  CUSTOM_AS_UNLICENSED: 'org',
  // Okta's answer to the probe's own client (its admin role, scopes, grants, type, redirect URI): the probe's app.
  ADMIN_ROLE_MISSING: 'probe',
  TLS_CERT_EXPIRING: 'org',
  AUTH_SERVER_NOT_FOUND: 'org',
  CUSTOM_SCOPE_ON_ORG_AS: 'probe',
  INVALID_SCOPE: 'probe',
  ORG_SCOPE_NOT_GRANTED: 'probe',
  SCOPE_REQUIRES_CONSENT: 'probe',
  NO_ACCESS_POLICY: 'org',
  SCOPE_DENIED_BY_POLICY: 'org',
  // A zone that blocks the probe's network blocks only ours.
  NETWORK_ZONE_DENIED: 'probe',
  CLAIM_EVALUATION_FAILED: 'org',
  INLINE_HOOK_FAILED: 'org',
  UNKNOWN_CLIENT_ID: 'probe',
  // Okta refusing the probe's own secret or key (rotated, expired, unreadable): it measured nothing of the org, and
  // stopped no user, so unmeasured, as the probe's side.
  INVALID_CLIENT: 'probe',
  // A proxy or a wrong orgUrl changes the probe's own request: ours, never Okta's.
  CLIENT_AUTH_MALFORMED: 'probe',
  ORG_AS_REQUIRES_PRIVATE_KEY_JWT: 'probe',
  NOT_A_SERVICE_APP: 'probe',
  UNAUTHORIZED_CLIENT: 'probe',
  UNSUPPORTED_GRANT_TYPE: 'probe',
  DPOP_REQUIRED: 'probe',
  REQUEST_REJECTED: 'org',
  REDIRECT_URI_MISMATCH: 'probe',
  AUTHORIZE_UNEXPECTED: 'org',
  AUDIENCE_MISMATCH: 'org',
  MISSING_CLAIMS: 'org',
  MISSING_SCOPE: 'org',
  ISSUER_MISMATCH: 'org',
  // Okta signs with keys it publishes: a kid missing after a refetch, no keys or a bad signature is Okta's.
  UNKNOWN_SIGNING_KEY: 'okta',
  NO_SIGNING_KEYS: 'okta',
  SIGNATURE_INVALID: 'okta',
  // Judged with the probe's clock (its remedy is NTP): the probe's side, like CLOCK_SKEW.
  TOKEN_EXPIRED: 'probe',
  // The probe's clock (or a host's) drifted: nothing Okta did.
  CLOCK_SKEW: 'probe',
  // Okta denies a token it has just issued, to the client it issued it to.
  TOKEN_INACTIVE: 'okta',
  TOKEN_CLIENT_MISMATCH: 'okta',
  // The organisation's own API and what it accepts: never Okta's downtime, even when the API answers 5xx.
  RESOURCE_TOKEN_REJECTED: 'org',
  RESOURCE_SCOPE_INSUFFICIENT: 'org',
  RESOURCE_CLAIM_MISSING: 'org',
  RESOURCE_REDIRECTED: 'org',
  RESOURCE_UNEXPECTED_STATUS: 'org',
  RESOURCE_UNAVAILABLE: 'org',
  // A 429 reaching the probe's own requests: its bucket, not Okta's outage, and nothing users met.
  RATE_LIMITED: 'probe',
  // The probe's client from one IP and device over its own limit: ours, never Okta's downtime.
  CLIENT_RATE_LIMITED: 'probe',
  // A concurrency 429 reaching a probe that sends a handful of requests a minute: requests piling up inside Okta
  // (okta-developer-docs reference/rl2-concurrency: slow answers hold their slots), so it counts toward a page.
  OKTA_CONCURRENCY_LIMITED: 'okta',
  // The synthetic user's own pace (the journey, its SAML apps, anyone else signing in as it): not Okta's outage.
  USER_RATE_LIMITED: 'probe',
  RATE_LIMIT_HEADROOM_LOW: 'org',
  OKTA_SERVER_ERROR: 'okta',
  // Okta's maintenance or disaster recovery (an Enhanced DR failover): Okta's side, and it ends by itself.
  OKTA_READ_ONLY_MODE: 'okta',
  OKTA_STATUS_DEGRADED: 'okta',
  // Our reading of the feed: the configured source may be the wrong one.
  STATUS_FEED_STALE: 'probe',
  MALFORMED_RESPONSE: 'okta',
  UNEXPECTED_RESPONSE: 'okta',
  // A connection was made and Okta did not finish answering in time.
  TIMEOUT: 'okta',
  // No connection at all: from one place this cannot be told from the probe's own network (NAT, DNS, proxy).
  NETWORK_ERROR: 'probe',
  // A 403 without Okta's request id: a proxy, firewall or WAF answered before Okta; Okta's own is NETWORK_ZONE_DENIED.
  NETWORK_POLICY_BLOCKED: 'probe',
  // A 403 without Okta's error fields: a blocklist network zone or ThreatInsight refusing the probe's own network, or
  // its proxy: a zone that blocks only our network stops nobody else.
  NETWORK_BLOCKLISTED: 'probe',
  SECRETS_UNAVAILABLE: 'probe',
  // The probe's own store of a journey's attempts (a file beside --history, an SSM parameter): nothing Okta did.
  JOURNEY_STATE_UNAVAILABLE: 'probe',
  // A synthetic user's sign-in: the user's, the app's and the policies' settings are the org's.
  SIGN_IN_REJECTED: 'org',
  // The synthetic user's own state (its password, lock-out, activation, enrolment): it stops nobody else.
  PASSWORD_EXPIRED: 'probe',
  PASSWORD_EXPIRING: 'probe',
  USER_LOCKED_OUT: 'probe',
  USER_NOT_ACTIVE: 'probe',
  USER_NOT_FOUND: 'probe',
  USER_PASSWORD_NOT_SET: 'probe',
  MFA_FACTOR_UNAVAILABLE: 'org',
  MFA_ENROLLMENT_REQUIRED: 'probe',
  // The synthetic user's profile lacks a value the org now requires: people with it filled sign in as before.
  PROFILE_UPDATE_REQUIRED: 'probe',
  // A rejected code is the probe's clock or its user's reset factor: the synthetic user's, stopping nobody else.
  TOTP_REJECTED: 'probe',
  // Another sign-in of the same user used the step's code first: the probe's own deployment, or a person.
  TOTP_CODE_REUSED: 'probe',
  SIGN_IN_NOT_ALLOWED: 'org',
  INTERACTION_CODE_NOT_ENABLED: 'probe',
  USER_NOT_ASSIGNED: 'org',
  ID_TOKEN_MISSING_CLAIMS: 'org',
  ID_TOKEN_AUDIENCE_MISMATCH: 'org',
  // A nonce that does not match is Okta answering another request: Okta's.
  ID_TOKEN_NONCE_MISMATCH: 'okta',
  // Identity Engine's policies and settings answering as configured: the org's.
  TOTP_SUSPENDED: 'probe',
  DEVICE_ASSURANCE_DENIED: 'org',
  DEVICE_ASSURANCE_GRACE: 'org',
  ENROLLMENT_GRACE: 'probe',
  CAPTCHA_REQUIRED: 'org',
  IDP_ROUTING_REDIRECT: 'org',
  SIGN_IN_CONSENT_REQUIRED: 'org',
  // The hosted page's customization (CSP, script, style) is the org's; Okta's own assets failing are said in the
  // detail, and the status feed speaks for an Okta outage. A browser that would not start is the probe's.
  SIGN_IN_PAGE_CSP_BLOCKED: 'org',
  SIGN_IN_PAGE_SCRIPT_ERROR: 'org',
  SIGN_IN_PAGE_ASSET_FAILED: 'org',
  SIGN_IN_PAGE_FORM_BLOCKED: 'org',
  SIGN_IN_PAGE_SLOW: 'org',
  SIGN_IN_PAGE_BLANK: 'org',
  SIGN_IN_PAGE_REDIRECTED: 'org',
  BROWSER_UNAVAILABLE: 'probe',
  // The app's policy and the synthetic user's enrollments: the org's.
  PHISHING_RESISTANCE_REQUIRED: 'org',
  // The probe's own file or secret.
  PASSKEY_UNAVAILABLE: 'probe',
  PASSKEY_REFUSED: 'org',
  // The app's authentication policy, or the user's enrollments, offer no passkey: the org's.
  PASSKEY_NOT_OFFERED: 'org',
  // A copy of the probe's private key signed elsewhere: the probe's own secret, however it spread.
  PASSKEY_COUNTER_BEHIND: 'probe',
  // No enrollment offered: the enrollment policy or the promotion, the org's settings.
  PASSKEY_ENROLLMENT_NOT_OFFERED: 'org',
  PASSKEY_ENROLLMENT_REFUSED: 'org',
  // SAML apps: the app's settings, its assignment and its certificate are the org's. Okta signing with a
  // key its own metadata does not publish, or answering without the form, is Okta's; the clock is the probe's.
  SAML_METADATA_INVALID: 'org',
  SAML_USER_NOT_ASSIGNED: 'org',
  SAML_SESSION_REFUSED: 'org',
  // The probe could not judge the app: nothing is known of it this run (never up, never down).
  SAML_NO_SESSION: 'probe',
  SAML_STEP_UP_REQUIRED: 'org',
  SAML_RESPONSE_MISSING: 'okta',
  // The Single sign-on URL is the app's setting.
  SAML_ACS_URL_MISMATCH: 'org',
  SAML_STATUS_FAILED: 'org',
  SAML_XML_REFUSED: 'okta',
  SAML_SIGNATURE_INVALID: 'okta',
  SAML_ISSUER_MISMATCH: 'org',
  SAML_AUDIENCE_MISMATCH: 'org',
  SAML_RECIPIENT_MISMATCH: 'org',
  SAML_DESTINATION_MISMATCH: 'org',
  // Okta's responses keep the profile's rules: one that breaks them is Okta's, or something rewriting its page.
  SAML_PROFILE_VIOLATION: 'okta',
  SAML_ASSERTION_EXPIRED: 'probe',
  SAML_NAMEID_MISMATCH: 'org',
  SAML_ATTRIBUTE_MISSING: 'org',
  SAML_CERT_EXPIRING: 'org',
  SAML_SHA1_SIGNATURE: 'org',
  // A group's apps left unchecked are the probe's own shortfall (time, its share of the buckets); a catalogue Okta
  // will not list is the probe's own app's grant or role.
  SAML_APPS_OVERDUE: 'probe',
  SAML_DISCOVERY_FAILED: 'probe',
  // The System Log read for the probe's own account: its app's grant or role, its bucket: our reading, not users'.
  SYSTEM_LOG_SCOPE_NOT_GRANTED: 'probe',
  SYSTEM_LOG_ROLE_MISSING: 'probe',
  SYSTEM_LOG_THROTTLED: 'probe',
  // The org's clients exhausting Okta's limits: the org's doing.
  ORG_RATE_LIMIT_VIOLATION: 'org',
  ORG_RATE_LIMIT_WARNING: 'org',
  // Okta's own operation: news in the availability report's terms, never counted as the org's downtime.
  OKTA_FAILOVER: 'okta',
  // One user's, token's or client's limit: the org's clients, not Okta, and not every caller.
  RATE_LIMIT_SCOPED_VIOLATION: 'org',
  // Real users refused by the org's policies, zones, factors and IdPs: the org's settings or its vendors', never
  // counted as Okta's downtime (an Okta outage shows in the synthetic checks).
  USER_SIGN_INS_APP_FAILING: 'org',
  USER_SIGN_INS_FACTOR_FAILING: 'org',
  USER_SIGN_INS_IDP_FAILING: 'org',
  USER_SIGN_INS_ONE_USER: 'org',
  // Provisioning is the org's settings and its apps' (a connector's token, the app's URL, its rate limit, a user's
  // data): never Okta's downtime. The leavers' kept ledger is the probe's own state.
  PROVISIONING_CREDENTIAL_FAILED: 'org',
  PROVISIONING_APP_UNREACHABLE: 'org',
  PROVISIONING_APP_RATE_LIMITED: 'org',
  PROVISIONING_CONFIGURATION: 'org',
  PROVISIONING_USER_DATA: 'org',
  PROVISIONING_FAILING: 'org',
  PROVISIONING_LEAVERS_OPEN: 'org',
  PROVISIONING_NO_DEACTIVATION: 'org',
  PROVISIONING_STATE_DAMAGED: 'probe',
  INTEGRATION_HOOK_BLOCKING: 'org',
  INTEGRATION_HOOK_CLAIMS_MISSING: 'org',
  INTEGRATION_HOOK_FAILING: 'org',
  INTEGRATION_TELEPHONY_FAILOVER: 'org',
  INTEGRATION_TELEPHONY_FAILING: 'org',
  INTEGRATION_SMTP_REFUSING: 'org',
  INTEGRATION_EMAIL_DOMAIN_UNVERIFIED: 'org',
  INTEGRATION_IMPORT_STOPPED: 'org',
  INTEGRATION_GROUP_RULE_ERROR: 'org',
  INTEGRATION_POLICY_RULE_INVALID: 'org',
  INTEGRATION_WORKFLOWS_LIMIT: 'org',
  INTEGRATION_DOMAIN_NOT_VERIFIED: 'org',
  INTEGRATION_DOMAIN_CERT_EXPIRED: 'org',
  // Okta's renewal failed, yet what stops it (a CAA record, network zones) is the org's, and so is the recreation.
  INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED: 'org',
  INTEGRATION_DOMAIN_CERT_EXPIRING: 'org',
  // Our reading of the domains (a scope, a role), as the inventory's.
  INTEGRATION_DOMAINS_UNREAD: 'probe',
  INTEGRATION_HOOK_CERT_EXPIRING: 'org',
  INTEGRATION_HOOK_CERT_EXPIRED: 'org',
  INTEGRATION_HOOK_URL_UNSAFE: 'org',
  // The list refused is the grant of our own key (a scope or a role), or a throttled read: never Okta's fault.
  INTEGRATION_HOOKS_UNREAD: 'probe',
  // The org's inventory: its tokens, certificates, streams, hooks and agents are the org's to keep.
  API_TOKEN_EXPIRING: 'org',
  API_TOKEN_EXPIRED: 'org',
  API_TOKEN_OWNER_INACTIVE: 'org',
  API_TOKEN_OWNER_STATUS: 'org',
  API_TOKEN_GONE: 'org',
  APP_CERT_EXPIRING: 'org',
  APP_CERT_EXPIRED: 'org',
  IDP_CERT_EXPIRING: 'org',
  IDP_CERT_EXPIRED: 'org',
  LOG_STREAM_INACTIVE: 'org',
  EVENT_HOOK_FAILING: 'org',
  EVENT_HOOK_NOT_DELIVERING: 'org',
  AGENT_POOL_DOWN: 'org',
  AGENT_POOL_DEGRADED: 'org',
  INVENTORY_SCOPE_NOT_GRANTED: 'probe',
  INVENTORY_ROLE_MISSING: 'probe',
  INVENTORY_THROTTLED: 'probe',
};

/** Whose fault a failure with this code is: the one answer (FAULTS), a code no table holds (another version's) ours. */
export function ownerOf(code: DiagnosisCode): FaultOwner {
  return FAULTS[code] ?? 'probe';
}

/**
 * Okta's own operations, on purpose and announced: news, never a page, whatever `pageFor` says. Read-only mode
 * (503 E0000010) comes with maintenance and disaster recovery, "Sign-ins may keep working or not, depending on the
 * step", and ends by itself; a failover (system.dr.failover) is Okta moving the org. A check that meets one judges
 * nothing this run: no CheckSuccess 0 (metrics.ts), no verdict of down for the quorum, a warning in the report,
 * UNKNOWN on the status page.
 */
export const NEVER_PAGES: ReadonlySet<DiagnosisCode> = new Set<DiagnosisCode>(['OKTA_READ_ONLY_MODE', 'OKTA_FAILOVER']);
