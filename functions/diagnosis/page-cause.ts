// Which cause a failure has, for paging: Okta's own fault; the org's configuration, which stops real users as surely
// as an outage (a sign-on policy that denies everyone, an unassigned app, an audience the SP rejects); or the probe's
// own credentials and settings, which stop nobody but the probe (a rotated client secret, an expired key of ours, the
// synthetic user's password). By default a target pages for the first two and warns for the third; `pageFor` on a
// server or a journey changes that. FAULTS (faults.ts) answers a different question, whose downtime the availability
// report counts, and puts the probe's own app under the org: this table splits them.
import type { DiagnosisCode, PageCause } from '../contract';
import { FAULTS } from './faults';

/**
 * The org's codes that speak of the probe's own app, user or settings, not of what users reach: Okta's answer to
 * our client (its secret, key, grants, type, redirect URI, admin role), the synthetic user's own state (password,
 * lock-out, enrolment, TOTP seed), a zone that blocks only our network, our own 429s, and the probe's reading of the
 * System Log and the inventory.
 */
const PROBES_OWN: ReadonlySet<DiagnosisCode> = new Set<DiagnosisCode>([
  // The probe's client.
  'ADMIN_ROLE_MISSING',
  'CLIENT_AUTH_MALFORMED',
  'CUSTOM_SCOPE_ON_ORG_AS',
  'DPOP_REQUIRED',
  'INTERACTION_CODE_NOT_ENABLED',
  'INVALID_CLIENT',
  'INVALID_SCOPE',
  'NOT_A_SERVICE_APP',
  'ORG_AS_REQUIRES_PRIVATE_KEY_JWT',
  'ORG_SCOPE_NOT_GRANTED',
  'REDIRECT_URI_MISMATCH',
  'SCOPE_REQUIRES_CONSENT',
  'UNAUTHORIZED_CLIENT',
  'UNKNOWN_CLIENT_ID',
  'UNSUPPORTED_GRANT_TYPE',
  // The synthetic user.
  'ENROLLMENT_GRACE',
  'MFA_ENROLLMENT_REQUIRED',
  'PASSWORD_EXPIRED',
  'PASSWORD_EXPIRING',
  'TOTP_REJECTED',
  'TOTP_SUSPENDED',
  'USER_LOCKED_OUT',
  'USER_NOT_ACTIVE',
  'USER_NOT_FOUND',
  'USER_PASSWORD_NOT_SET',
  // The probe's network and its own requests.
  'NETWORK_BLOCKLISTED',
  'NETWORK_ZONE_DENIED',
  'RATE_LIMITED',
  'CLIENT_RATE_LIMITED',
  // The probe's reading of the org.
  'INVENTORY_ROLE_MISSING',
  'INVENTORY_SCOPE_NOT_GRANTED',
  'INVENTORY_THROTTLED',
  'SAML_DISCOVERY_FAILED',
  'SYSTEM_LOG_ROLE_MISSING',
  'SYSTEM_LOG_SCOPE_NOT_GRANTED',
  'SYSTEM_LOG_THROTTLED',
]);

/**
 * The cause of a failure with this code. A refused or reset connection (NETWORK_ERROR) is the probe's path from one
 * region and Okta's from several: it is Okta's here, and the quorum asks for agreeing regions before it pages.
 */
/**
 * Okta's own operations, on purpose and announced: news, never a page, whatever `pageFor` says. Read-only mode
 * (503 E0000010) comes with maintenance and disaster recovery, "Sign-ins may keep working or not, depending on the
 * step", and ends by itself; a failover (system.dr.failover) is Okta moving the org. A check that meets one judges
 * nothing this run: no CheckSuccess 0 (metrics.ts), no verdict of down for the quorum, a warning in the report.
 */
export const NEVER_PAGES: ReadonlySet<DiagnosisCode> = new Set<DiagnosisCode>(['OKTA_READ_ONLY_MODE', 'OKTA_FAILOVER']);

export function pageCause(code: DiagnosisCode): PageCause {
  if (FAULTS[code] === 'okta' || code === 'NETWORK_ERROR') return 'okta';
  if (FAULTS[code] === 'probe' || PROBES_OWN.has(code)) return 'probe';
  return 'configuration';
}
