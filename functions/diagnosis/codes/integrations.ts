// What each code of the integrations family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const INTEGRATIONS_CODES = {
  INTEGRATION_HOOK_BLOCKING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_HOOK_CLAIMS_MISSING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_HOOK_FAILING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_TELEPHONY_FAILOVER: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_TELEPHONY_FAILING: { owner: 'org', layer: 'configuration', severity: 'per finding' },
  // Okta's own toll-fraud and rate protection refusing the org's sends (outcome DENY): no provider's fault, but people
  // get no code; an attack on the phone factor or the org's own phone limits.
  INTEGRATION_TELEPHONY_BLOCKED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_SMTP_REFUSING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_EMAIL_DOMAIN_UNVERIFIED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_IMPORT_STOPPED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_GROUP_RULE_ERROR: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_POLICY_RULE_INVALID: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_WORKFLOWS_LIMIT: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_HOOK_CERT_EXPIRING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INTEGRATION_HOOK_CERT_EXPIRED: { owner: 'org', layer: 'configuration', severity: 'per finding' },
  INTEGRATION_HOOK_URL_UNSAFE: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // The list refused is the grant of our own key (a scope or a role), or a throttled read: never Okta's fault.
  INTEGRATION_HOOKS_UNREAD: { owner: 'probe', layer: 'reading', severity: 'alarm' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
