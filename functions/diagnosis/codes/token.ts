// What each code of the token family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const TOKEN_CODES = {
  AUDIENCE_MISMATCH: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  MISSING_CLAIMS: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  MISSING_SCOPE: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  ISSUER_MISMATCH: { owner: 'org', layer: 'configuration', severity: 'alarm', subject: 'issuer' },
  // Okta signs with keys it publishes: a kid missing after a refetch, no keys or a bad signature is Okta's.
  UNKNOWN_SIGNING_KEY: { owner: 'okta', layer: 'service', severity: 'alarm' },
  NO_SIGNING_KEYS: { owner: 'okta', layer: 'service', severity: 'alarm' },
  SIGNATURE_INVALID: { owner: 'okta', layer: 'service', severity: 'alarm' },
  // Judged with the probe's clock (its remedy is NTP): the probe's side, like CLOCK_SKEW.
  TOKEN_EXPIRED: { owner: 'probe', layer: 'reading', severity: 'alarm' },
  // The probe's clock (or a host's) drifted: nothing Okta did.
  CLOCK_SKEW: { owner: 'probe', layer: 'reading', severity: 'alarm' },
  // Okta denies a token it has just issued, to the client it issued it to.
  TOKEN_INACTIVE: { owner: 'okta', layer: 'service', severity: 'alarm' },
  TOKEN_CLIENT_MISMATCH: { owner: 'okta', layer: 'service', severity: 'alarm' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
