// What each code of the client family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const CLIENT_CODES = {
  UNKNOWN_CLIENT_ID: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'app', password: 'blocked' },
  // Okta refusing the probe's own secret or key (rotated, expired, unreadable): it measured nothing of the org, and
  // stopped no user, so unmeasured, as the probe's side.
  INVALID_CLIENT: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'credential', password: 'blocked' },
  // A proxy or a wrong orgUrl changes the probe's own request: ours, never Okta's.
  CLIENT_AUTH_MALFORMED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'credential',
    password: 'blocked',
  },
  ORG_AS_REQUIRES_PRIVATE_KEY_JWT: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'credential' },
  NOT_A_SERVICE_APP: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'app' },
  // Okta's answer to the probe's own client (its admin role, scopes, grants, type, redirect URI): the probe's app.
  ADMIN_ROLE_MISSING: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'grant', refusal: 'role' },
  TLS_CERT_EXPIRING: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  UNAUTHORIZED_CLIENT: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'grant', password: 'blocked' },
  UNSUPPORTED_GRANT_TYPE: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'grant' },
  DPOP_REQUIRED: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'app' },
  REQUEST_REJECTED: { owner: 'org', layer: 'configuration', severity: 'alarm', generic: true },
  REDIRECT_URI_MISMATCH: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'app' },
  AUTHORIZE_UNEXPECTED: { owner: 'org', layer: 'configuration', severity: 'alarm' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
