// What each code of the provisioning family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const PROVISIONING_CODES = {
  // Provisioning is the org's settings and its apps' (a connector's token, the app's URL, its rate limit, a user's
  // data): never Okta's downtime. The leavers' kept ledger is the probe's own state.
  PROVISIONING_CREDENTIAL_FAILED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  PROVISIONING_APP_UNREACHABLE: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  PROVISIONING_APP_RATE_LIMITED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  PROVISIONING_CONFIGURATION: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  PROVISIONING_USER_DATA: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  PROVISIONING_FAILING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  PROVISIONING_LEAVERS_OPEN: { owner: 'org', layer: 'configuration', severity: 'setting' },
  PROVISIONING_NO_DEACTIVATION: { owner: 'org', layer: 'configuration', severity: 'setting' },
  PROVISIONING_STATE_DAMAGED: { owner: 'probe', layer: 'reading', severity: 'alarm' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
