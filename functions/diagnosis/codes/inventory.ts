// What each code of the inventory family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const INVENTORY_CODES = {
  // The org's inventory: its tokens, certificates, streams, hooks and agents are the org's to keep.
  API_TOKEN_EXPIRING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  API_TOKEN_EXPIRED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  API_TOKEN_OWNER_INACTIVE: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  API_TOKEN_OWNER_STATUS: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  API_TOKEN_GONE: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  APP_CERT_EXPIRING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  APP_CERT_EXPIRED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  IDP_CERT_EXPIRING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  IDP_CERT_EXPIRED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  LOG_STREAM_INACTIVE: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  EVENT_HOOK_FAILING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  EVENT_HOOK_NOT_DELIVERING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  AGENT_POOL_DOWN: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  AGENT_POOL_DEGRADED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  INVENTORY_SCOPE_NOT_GRANTED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    subject: 'grant',
    refusal: 'scope',
  },
  INVENTORY_ROLE_MISSING: { owner: 'probe', layer: 'reading', severity: 'alarm', subject: 'grant', refusal: 'role' },
  INVENTORY_THROTTLED: { owner: 'probe', layer: 'reading', severity: 'alarm', refusal: 'throttled' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
