// The diagnosis codes: a fixed, documented contract.

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
  // A synthetic user's sign-in (issue 18): the user, the policies, the factor, and the ID token the SP reads
  'SIGN_IN_REJECTED',
  'PASSWORD_EXPIRED',
  'PASSWORD_EXPIRING',
  'USER_LOCKED_OUT',
  'MFA_FACTOR_UNAVAILABLE',
  'MFA_ENROLLMENT_REQUIRED',
  'TOTP_REJECTED',
  'SIGN_IN_NOT_ALLOWED',
  'USER_NOT_ASSIGNED',
  'ID_TOKEN_MISSING_CLAIMS',
  'ID_TOKEN_AUDIENCE_MISMATCH',
  'ID_TOKEN_NONCE_MISMATCH',
  // SAML apps (issue 28): the session Okta opens for the app, and the assertion as the SP would judge it
  'SAML_METADATA_INVALID',
  'SAML_USER_NOT_ASSIGNED',
  'SAML_SESSION_REFUSED',
  'SAML_RESPONSE_MISSING',
  'SAML_STATUS_FAILED',
  'SAML_XML_REFUSED',
  'SAML_SIGNATURE_INVALID',
  'SAML_ISSUER_MISMATCH',
  'SAML_AUDIENCE_MISMATCH',
  'SAML_RECIPIENT_MISMATCH',
  'SAML_ASSERTION_EXPIRED',
  'SAML_NAMEID_MISMATCH',
  'SAML_ATTRIBUTE_MISSING',
  'SAML_CERT_EXPIRING',
  // Capacity and Okta health
  'RATE_LIMITED',
  'RATE_LIMIT_HEADROOM_LOW',
  'OKTA_SERVER_ERROR',
  'OKTA_STATUS_DEGRADED',
  // Transport and the unexpected
  'MALFORMED_RESPONSE',
  'UNEXPECTED_RESPONSE',
  'TIMEOUT',
  'NETWORK_ERROR',
  // The probe's own environment (Lambda)
  'SECRETS_UNAVAILABLE',
  // Okta's System Log (issue 19): unavailable is a warning, never a page; the org's rate limits
  'SYSTEM_LOG_SCOPE_NOT_GRANTED',
  'SYSTEM_LOG_ROLE_MISSING',
  'SYSTEM_LOG_THROTTLED',
  'ORG_RATE_LIMIT_VIOLATION',
  'ORG_RATE_LIMIT_WARNING',
] as const;
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];
