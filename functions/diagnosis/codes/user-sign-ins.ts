// What each code of the user-sign-ins family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const USER_SIGN_INS_CODES = {
  // Real users refused by the org's policies, zones, factors and IdPs: the org's settings or its vendors', never
  // counted as Okta's downtime (an Okta outage shows in the synthetic checks).
  USER_SIGN_INS_APP_FAILING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  USER_SIGN_INS_FACTOR_FAILING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  USER_SIGN_INS_IDP_FAILING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  USER_SIGN_INS_ONE_USER: { owner: 'org', layer: 'configuration', severity: 'alarm' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
