// What each code of the configuration family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const CONFIGURATION_CODES = {
  CUSTOM_AS_UNLICENSED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  AUTH_SERVER_NOT_FOUND: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  CUSTOM_SCOPE_ON_ORG_AS: { owner: 'probe', layer: 'setup', severity: 'alarm' },
  INVALID_SCOPE: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'grant', refusal: 'scope' },
  ORG_SCOPE_NOT_GRANTED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'grant', refusal: 'scope' },
  SCOPE_REQUIRES_CONSENT: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'grant', refusal: 'scope' },
  NO_ACCESS_POLICY: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  SCOPE_DENIED_BY_POLICY: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  // A zone that blocks the probe's network blocks only ours.
  NETWORK_ZONE_DENIED: { owner: 'probe', layer: 'setup', severity: 'alarm' },
  CLAIM_EVALUATION_FAILED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INLINE_HOOK_FAILED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
