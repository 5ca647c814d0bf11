// What each code of the configuration family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

/** A scope refused to the probe's app, answered consent_required: its grant, ours. */
const SCOPE_REFUSED_AS_CONSENT = {
  owner: 'probe',
  layer: 'setup',
  severity: 'alarm',
  subject: 'grant',
  refusal: 'scope',
  sharedAnswer: 'consent_required',
} as const satisfies CodeRow;

export const CONFIGURATION_CODES = {
  CUSTOM_AS_UNLICENSED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  AUTH_SERVER_NOT_FOUND: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  CUSTOM_SCOPE_ON_ORG_AS: { owner: 'probe', layer: 'setup', severity: 'alarm', sharedAnswer: 'invalid_scope' },
  INVALID_SCOPE: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'grant',
    refusal: 'scope',
    password: 'blocked',
    sharedAnswer: 'invalid_scope',
  },
  // Okta's API refusing a scope to the probe's app (not granted, or a custom scope needing consent): both answer
  // consent_required, and the request's System Log event tells them apart.
  ORG_SCOPE_NOT_GRANTED: SCOPE_REFUSED_AS_CONSENT,
  SCOPE_REQUIRES_CONSENT: SCOPE_REFUSED_AS_CONSENT,
  NO_ACCESS_POLICY: { owner: 'org', layer: 'configuration', severity: 'alarm', sharedAnswer: 'access_denied' },
  SCOPE_DENIED_BY_POLICY: { owner: 'org', layer: 'configuration', severity: 'alarm', sharedAnswer: 'access_denied' },
  // A zone that blocks the probe's network blocks only ours.
  NETWORK_ZONE_DENIED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    password: 'blocked',
    sharedAnswer: 'access_denied',
  },
  CLAIM_EVALUATION_FAILED: { owner: 'org', layer: 'configuration', severity: 'alarm', sharedAnswer: 'server_error' },
  INLINE_HOOK_FAILED: { owner: 'org', layer: 'configuration', severity: 'alarm', sharedAnswer: 'server_error' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
