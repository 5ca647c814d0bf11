// What each code of the capacity-transport family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: texts/ alike.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

export const CAPACITY_TRANSPORT_CODES = {
  // A 429 reaching the probe's own requests: its bucket, not Okta's outage, and nothing users met.
  RATE_LIMITED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    refusal: 'throttled',
    password: 'blocked',
  },
  // The probe's client from one IP and device over its own limit: ours, never Okta's downtime.
  CLIENT_RATE_LIMITED: { owner: 'probe', layer: 'reading', severity: 'alarm' },
  // A concurrency 429 reaching a probe that sends a handful of requests a minute: requests piling up inside Okta
  // (okta-developer-docs reference/rl2-concurrency: slow answers hold their slots), so it counts toward a page.
  OKTA_CONCURRENCY_LIMITED: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    refusal: 'throttled',
  },
  // The synthetic user's own pace (the journey, its SAML apps, anyone else signing in as it): not Okta's outage.
  USER_RATE_LIMITED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    refusal: 'throttled',
    secretUnjudged: true,
  },
  RATE_LIMIT_HEADROOM_LOW: { owner: 'org', layer: 'configuration', severity: 'alarm' },
  OKTA_SERVER_ERROR: {
    owner: 'okta',
    layer: 'edge',
    severity: 'alarm',
    transient: true,
    sharedAnswer: 'server_error',
    generic: true,
  },
  // Okta's maintenance or disaster recovery (an Enhanced DR failover): Okta's side, and it ends by itself.
  OKTA_READ_ONLY_MODE: { owner: 'okta', layer: 'service', severity: 'never', secretUnjudged: true },
  // Our reading of the feed: the configured source may be the wrong one.
  STATUS_FEED_STALE: { owner: 'probe', layer: 'reading', severity: 'alarm' },
  OKTA_STATUS_DEGRADED: { owner: 'okta', layer: 'service', severity: 'alarm', oktaSays: true },
  MALFORMED_RESPONSE: { owner: 'okta', layer: 'service', severity: 'alarm' },
  UNEXPECTED_RESPONSE: { owner: 'okta', layer: 'service', severity: 'alarm', generic: true },
  // A connection was made and Okta did not finish answering in time.
  TIMEOUT: { owner: 'okta', layer: 'edge', severity: 'alarm', transient: true, noAnswer: true },
  // No connection at all: from one place this cannot be told from the probe's own network (NAT, DNS, proxy).
  NETWORK_ERROR: {
    owner: 'probe',
    layer: 'edge',
    severity: 'alarm',
    transient: true,
    noAnswer: true,
    severalRegions: 'okta',
  },
  // A 403 without Okta's request id: a proxy, firewall or WAF answered before Okta; Okta's own is NETWORK_ZONE_DENIED.
  NETWORK_POLICY_BLOCKED: { owner: 'probe', layer: 'edge', severity: 'alarm', secretUnjudged: true },
  // A 403 without Okta's error fields: a blocklist network zone or ThreatInsight refusing the probe's own network, or
  // its proxy: a zone that blocks only our network stops nobody else.
  NETWORK_BLOCKLISTED: { owner: 'probe', layer: 'edge', severity: 'alarm', secretUnjudged: true },
  SECRETS_UNAVAILABLE: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'credential' },
  // The probe's own store of a journey's attempts (a file beside --history, an SSM parameter): nothing Okta did.
  JOURNEY_STATE_UNAVAILABLE: { owner: 'probe', layer: 'setup', severity: 'alarm', subject: 'store' },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
