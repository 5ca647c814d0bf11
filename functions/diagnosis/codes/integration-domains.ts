// What each code of the integration-domains family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const INTEGRATION_DOMAINS_CODES = {
  INTEGRATION_DOMAIN_NOT_VERIFIED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_DOMAIN_CERT_EXPIRED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // Okta's renewal failed, yet what stops it (a CAA record, network zones) is the org's, and so is the recreation.
  INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_DOMAIN_CERT_EXPIRING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // Our reading of the domains (a scope, a role), as the inventory's.
  INTEGRATION_DOMAINS_UNREAD: { owner: 'probe', layer: 'reading', severity: 'alarm' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
