// What each code of the app family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const APP_CODES = {
  // The app a journey signs in to (its "app"): Okta's part succeeded and the service provider refused what Okta gave
  // it, or failed on its own. Never Okta's downtime and never the sign-in's: it stops that app's people only, and
  // pages only where the journey's pageFor names "app".
  APP_AUDIENCE_MISMATCH: { owner: 'app', layer: 'configuration', severity: 'alarm' },
  APP_CLAIM_MISSING: { owner: 'app', layer: 'configuration', severity: 'alarm' },
  APP_CERTIFICATE_PINNED: { owner: 'app', layer: 'configuration', severity: 'alarm' },
  APP_CLOCK_SKEW: { owner: 'app', layer: 'configuration', severity: 'alarm' },
  APP_UNKNOWN_USER: { owner: 'app', layer: 'configuration', severity: 'alarm' },
  // Its 5xx or no answer: the app's own service, whatever Okta did.
  APP_UNAVAILABLE: { owner: 'app', layer: 'service', severity: 'alarm', transient: true },
  APP_SIGN_IN_REFUSED: { owner: 'app', layer: 'configuration', severity: 'alarm' },
  // Told, never followed: another origin than the app's and the org's is not the probe's to visit.
  APP_REDIRECTED_AWAY: { owner: 'app', layer: 'configuration', severity: 'alarm' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
