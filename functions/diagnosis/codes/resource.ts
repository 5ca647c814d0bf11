// What each code of the resource family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const RESOURCE_CODES = {
  // The organisation's own API and what it accepts: never Okta's downtime, even when the API answers 5xx.
  RESOURCE_TOKEN_REJECTED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  RESOURCE_SCOPE_INSUFFICIENT: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  RESOURCE_CLAIM_MISSING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  RESOURCE_REDIRECTED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  RESOURCE_UNEXPECTED_STATUS: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // The API's 5xx, or no answer from it: one more try may pass, as for Okta's own.
  RESOURCE_UNAVAILABLE: { owner: 'org', layer: 'configuration', severity: 'alarm', transient: true },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
