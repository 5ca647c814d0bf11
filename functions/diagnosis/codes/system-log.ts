// What each code of the system-log family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const SYSTEM_LOG_CODES = {
  // The System Log read for the probe's own account: its app's grant or role, its bucket: our reading, not users'.
  SYSTEM_LOG_SCOPE_NOT_GRANTED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    subject: 'grant',
    refusal: 'scope',
  },
  SYSTEM_LOG_ROLE_MISSING: { owner: 'probe', layer: 'reading', severity: 'alarm', subject: 'grant', refusal: 'role' },
  SYSTEM_LOG_THROTTLED: { owner: 'probe', layer: 'reading', severity: 'alarm', refusal: 'throttled' },
  // The org's clients exhausting Okta's limits: the org's doing.
  ORG_RATE_LIMIT_VIOLATION: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // One user's, token's or client's limit: the org's clients, not Okta, and not every caller.
  RATE_LIMIT_SCOPED_VIOLATION: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // Okta's own operation: news in the availability report's terms, never counted as the org's downtime.
  OKTA_FAILOVER: { owner: 'okta', layer: 'service', severity: 'never' },
  ORG_RATE_LIMIT_WARNING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
