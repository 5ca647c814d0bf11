// What each code of the capacity-transport family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';
import { SUPPORT } from '../text';

// Its texts, in each row (title, summary, remedy):
// Capacity and Okta's health, the transport and the unexpected answer, and the probe's own environment.

export const CAPACITY_TRANSPORT_CODES = {
  // A 429 reaching the probe's own requests: its bucket, not Okta's outage, and nothing users met.
  RATE_LIMITED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['token', 'management', 'rate-limit'],
    refusal: 'throttled',
    password: 'blocked',
    title: 'Rate limited',
    summary:
      'Okta answered 429 (E0000047): a rate limit bucket for this endpoint is exhausted (Limit 0 means a ' +
      'concurrency limit).',
    remedy:
      'Back off until X-Rate-Limit-Reset (epoch seconds) or Retry-After, and cache tokens until shortly ' +
      'before they expire. Find the consumer in the rate limit dashboard (Reports > Rate Limits) and the ' +
      "System Log; raise the app's share under Applications > [app] > Application Rate Limits (50 % of a " +
      'bucket by default), or ask Okta Support for a higher limit.',
  },
  // The probe's client from one IP and device over its own limit: ours, never Okta's downtime.
  CLIENT_RATE_LIMITED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['authorize'],
    title: 'Client-based limit of /authorize',
    summary:
      'Okta answered /authorize 429 under its client-based rate limit: 60 requests a minute (and 5 at once) for one ' +
      'client, IP address and device together (okta-developer-docs reference/rl2-client-based), with its own ' +
      'System Log events (system.client.rate_limit.violation). Only that client from that IP is refused: not the ' +
      "org's /authorize bucket, and no other user or app.",
    remedy:
      "Find what else asks /authorize for the client in the detail from the probe's address (a second deployment " +
      'or region of the probe behind the same egress IP, a script, a redirect loop): Reports > System Log, ' +
      'eventType eq "system.client.rate_limit.violation". Okta counts behind a proxy by the proxy\'s IP unless it ' +
      'is a trusted proxy (Security > Networks). Reports > Rate Limits > Settings > Client-based rate limiting ' +
      "sets the mode; the org's buckets need no raising.",
  },
  // A concurrency 429 reaching a probe that sends a handful of requests a minute: requests piling up inside Okta
  // (okta-developer-docs reference/rl2-concurrency: slow answers hold their slots), so it counts toward a page.
  OKTA_CONCURRENCY_LIMITED: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    alarms: ['token', 'rate-limit'],
    refusal: 'throttled',
    title: 'Concurrency limit reached',
    summary:
      'Okta answered 429 with X-Rate-Limit-Limit 0 and X-Rate-Limit-Remaining 0, which Okta sends only for ' +
      'its concurrency limit (rl2-monitor: "The first two header values are always 0 for concurrent rate ' +
      'limit errors"): too many requests of the org were in flight at once, not a per-minute bucket spent. ' +
      'The probe sends a few requests at a time, so the slots were held by slow answers inside Okta or by the ' +
      "org's other clients together.",
    remedy:
      "Look at status.okta.com for a degradation of the org's cell, and at Reports > System Log for " +
      'core.concurrency.org.limit.violation (Okta says those can appear during its own incidents, "for your ' +
      'awareness only"). If Okta is healthy, find the client holding many requests open at once (Reports > ' +
      "Rate Limits) and cap its parallelism; the org's limit is 75 in flight (35 on Integrator Free).",
  },
  // The synthetic user's own pace (the journey, its SAML apps, anyone else signing in as it): not Okta's outage.
  USER_RATE_LIMITED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['sign-in'],
    refusal: 'throttled',
    secretUnjudged: true,
    title: 'Per-user rate limit',
    summary:
      "Identity Engine answered 429 within the synthetic user's own sign-in while the org's bucket had " +
      'room (or reported none): the per-user limit, "20 requests per user per 5 seconds and 10 requests per ' +
      'state token per 5 seconds", whose 429 "No other users in your org are affected" (Okta\'s rate limits ' +
      'reference). The journey, the SAML apps judged in its session and anyone else signing in as the ' +
      'synthetic user share it.',
    remedy:
      'Find the message for the synthetic user in Reports > System Log at the time in the detail. Make sure ' +
      'nothing else signs in as the synthetic user (a second deployment of the probe, a person, a script); ' +
      "give a group of SAML apps that shares the journey's user a smaller share per run, or its own journey " +
      "and user. The org's buckets (Reports > Rate Limits) are not the cause: nothing there needs raising. " +
      "The probe tries again at the journey's next run.",
  },
  RATE_LIMIT_HEADROOM_LOW: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['rate-limit', 'headroom'],
    title: 'Rate limit headroom low',
    summary:
      "X-Rate-Limit-Remaining is below the warning threshold of X-Rate-Limit-Limit for this server's /token " +
      "bucket (the Org AS /oauth2/v1/token and each custom server's /oauth2/{id}/v1/token are separate " +
      'buckets).',
    remedy:
      'Find the top consumer in Reports > Rate Limits and the System Log (eventType ' +
      'system.org.rate_limit.warning). Cache tokens instead of requesting one per call, spread batch jobs, ' +
      'and ask Okta Support for a higher limit if the load is legitimate.',
  },
  OKTA_SERVER_ERROR: {
    owner: 'okta',
    layer: 'edge',
    severity: 'alarm',
    alarms: ['discovery', 'keys', 'management', 'sign-in', 'saml', 'saml-apps-failing'],
    transient: true,
    sharedAnswer: 'server_error',
    generic: true,
    title: 'Okta server error',
    summary:
      "Okta answered with a 5xx, or a server_error / temporarily_unavailable error that is not the org's own " +
      "claim or inline hook: the fault is on Okta's side.",
    remedy: `Retry with backoff. ${SUPPORT}`,
  },
  // Okta's maintenance or disaster recovery (an Enhanced DR failover): Okta's side, and it ends by itself.
  OKTA_READ_ONLY_MODE: {
    owner: 'okta',
    layer: 'service',
    severity: 'never',
    secretUnjudged: true,
    caller:
      'Okta is in maintenance: signing in may work, but changing a password or adding a factor may fail until it ' +
      'ends. Ask the caller to try again later.',
    title: 'Okta in read-only mode',
    summary:
      'Okta answered 503 E0000010 "Service is in read only mode": the org is read-only during Okta\'s ' +
      'maintenance or disaster recovery (an Enhanced DR failover). Okta recorded nothing, so the attempt did ' +
      "not count against the user's lockout; the probe tries again at the journey's next run. Told of a " +
      "journey's step only: a /token that answers it mints nothing for any API client, and fails as " +
      'OKTA_SERVER_ERROR.',
    remedy:
      'Nothing to change in the org: Okta ends read-only mode by itself. Check https://status.okta.com for ' +
      'your cell and any maintenance notice (Settings > Account > Org information names the cell), and ' +
      'Okta\'s article "What is Okta\'s Readonly Mode" for what keeps working. If it lasts beyond the ' +
      'announced window, open a case with Okta Support with the X-Okta-Request-Id and the time (UTC).',
  },
  // Our reading of the feed: the configured source may be the wrong one.
  STATUS_FEED_STALE: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['status'],
    title: 'Status feed silent too long',
    summary:
      'The status feed (statusPageUrl) reads as valid, but its newest entry is weeks old, or it has none. Okta ' +
      'posts an incident or a maintenance in some cell every few weeks, so a feed this quiet may no longer be ' +
      'kept: since April 10, 2025 Okta manages incident subscriptions at status.okta.com, per cell, after ' +
      'signing in, and no Okta source read for this product says whether the FeedBurner feed still carries ' +
      'every cell. Until it is fixed, no open incident in that feed means nothing.',
    remedy:
      'Open status.okta.com, sign in with the org, and check whether it lists incidents the feed lacks. If it ' +
      'does, subscribe there (Subscribe to Updates, for your cell) and point statusPageUrl at a feed that ' +
      'carries them (an Atom or RSS feed, or a Statuspage v2 status.json), or set statusPageUrl to null: the ' +
      "probe's own checks still page for an outage. If the feed is right and Okta was simply quiet, nothing " +
      'needs to change.',
  },
  OKTA_STATUS_DEGRADED: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    alarms: ['status-major', 'status-minor', 'user-sign-ins-drop'],
    oktaSays: true,
    caller:
      'Okta reports an incident on status.okta.com: signing in may fail for everyone until Okta fixes it. IT is ' +
      'following it; resetting the password will not help.',
    title: 'Okta status degraded',
    summary: "Okta's status feed lists an open incident (not yet Resolved).",
    remedy:
      'Read the incident at https://status.okta.com and check whether your cell (shown in Settings > Account ' +
      '> Org information or in the incident text, e.g. "US Cell 6") is affected. Subscribe to updates there; ' +
      "failures of other checks during the incident are likely Okta's.",
  },
  MALFORMED_RESPONSE: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    withoutRequestId: 'ANSWER_NOT_FROM_OKTA',
    alarms: ['keys', 'status'],
    title: 'Malformed response',
    summary: 'Okta answered with a success status but a body that is not the JSON document the endpoint defines.',
    remedy:
      `Check that the URL points at Okta (https://<org>/oauth2/v1/... or /oauth2/{id}/v1/...), not a proxy, ` +
      `captive portal or custom domain serving something else. If the answer came from Okta: ${SUPPORT}`,
  },
  // A body that is not the endpoint's, without the X-Okta-Request-Id Okta's router puts on every answer of the org.
  ANSWER_NOT_FROM_OKTA: {
    owner: 'probe',
    layer: 'edge',
    severity: 'alarm',
    title: 'Answer not from Okta',
    summary:
      "The org's address answered with a body that is not the JSON document the endpoint defines, and without the " +
      'X-Okta-Request-Id Okta sends on every answer: something between the probe and Okta answered in its ' +
      'place (a proxy, a captive portal, a TLS-inspecting gateway, a CDN in front of a custom domain). Nothing is ' +
      "known of Okta's side from it.",
    remedy:
      'Check that the URL points at Okta (https://<org>/oauth2/v1/... or /oauth2/{id}/v1/...), and what answers ' +
      "it from where the probe runs: the proxy or firewall rules of the probe's network, a captive portal, the CDN " +
      'or WAF in front of a custom domain. Okta Support cannot trace an answer without its request id.',
  },
  UNEXPECTED_RESPONSE: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    formNotAnswered: true,
    generic: true,
    title: 'Unexpected response',
    summary: 'Okta answered with an error status or error code this probe does not recognise.',
    remedy:
      `Read Okta's error code and description in the detail, and look it up in the Okta error code reference. ` +
      `Search the System Log for the X-Okta-Request-Id. If it persists: ${SUPPORT}`,
  },
  // A connection was made and Okta did not finish answering in time.
  TIMEOUT: {
    owner: 'okta',
    layer: 'edge',
    severity: 'alarm',
    alarms: ['discovery', 'status', 'system-log', 'saml-apps-failing'],
    transient: true,
    noAnswer: true,
    title: 'Timeout',
    summary: 'Okta did not answer completely within the timeout.',
    remedy:
      "Check https://status.okta.com for your cell, and the probe's network path (VPC NAT gateway, proxy, " +
      'DNS). A single timeout is noise; repeated ones mean users wait too. If Okta is slow for you only, ' +
      'open a case with Okta Support with the times (UTC).',
  },
  // No connection at all: from one place this cannot be told from the probe's own network (NAT, DNS, proxy).
  NETWORK_ERROR: {
    owner: 'probe',
    layer: 'edge',
    severity: 'alarm',
    alarms: ['discovery', 'status', 'integrations-warning', 'saml-apps-failing'],
    transient: true,
    noAnswer: true,
    severalRegions: 'okta',
    title: 'Network or TLS error',
    summary:
      'The connection to Okta failed: DNS, refused or reset connection, or a TLS certificate the probe does not trust.',
    remedy:
      'Check the org URL (https://<org>.okta.com, oktapreview.com or your custom domain) resolves and is ' +
      'reachable from where the probe runs (VPC routes, NAT gateway, security groups, proxy). A certificate ' +
      'error usually means a TLS-inspecting proxy: trust its CA, never disable certificate checks.',
  },
  // A 403 without Okta's request id: a proxy, firewall or WAF answered before Okta; Okta's own is NETWORK_ZONE_DENIED.
  NETWORK_POLICY_BLOCKED: {
    owner: 'probe',
    layer: 'edge',
    severity: 'alarm',
    alarms: ['sign-in'],
    secretUnjudged: true,
    title: "Refused by a network policy (ours or the org's)",
    summary:
      'A 403 {"error":"Forbidden","message":"Access denied by network policy"} without Okta\'s ' +
      'X-Okta-Request-Id. No source settles which side sends it, so both readings stand: something between the ' +
      "probe and Okta (the probe's egress proxy or firewall, a VPN, a WAF or CDN in front of a custom domain), " +
      'as the Sign-In Widget reads it ("Please ensure your VPN is connected"); or the org\'s own dynamic or ' +
      'enhanced dynamic network zone, which blocks anonymizing proxies, whole ASNs and service categories (a ' +
      "cloud provider's addresses, where a probe in AWS runs, among them).",
    remedy:
      "Tell them apart in the org's System Log at the time in the detail: an event for the probe's address " +
      '(security.request.blocked, or a policy evaluation naming a zone) means Okta refused it; then, in ' +
      'Security > Networks, read the DefaultEnhancedDynamicZone and any dynamic zone with Usage Blocklist (its ' +
      "anonymizers, ASNs and service categories) and exempt the probe's egress address (an IP zone of its " +
      'own). No event means the request never reached Okta: allow https://<org> in the proxy or firewall ' +
      'rules where the probe leaves its network, and in the WAF or CDN in front of a custom domain.',
  },
  // A 403 without Okta's error fields: a blocklist network zone or ThreatInsight refusing the probe's own network, or
  // its proxy: a zone that blocks only our network stops nobody else.
  NETWORK_BLOCKLISTED: {
    owner: 'probe',
    layer: 'edge',
    severity: 'alarm',
    alarms: ['sign-in'],
    secretUnjudged: true,
    title: 'Blocked by a blocklist network zone',
    summary:
      "A 403 without any of Okta's error fields (an empty body, or none of errorCode, error, message): the " +
      'answer of a blocklist network zone, which denies a request before any policy is evaluated (System Log ' +
      'event security.request.blocked, "A request is blocked due to a blocklist rule (such as an IP network ' +
      'zone or location rule)"), or of Okta ThreatInsight, or of a proxy in front of the org. Okta judged no ' +
      "password, so the probe tries again at the journey's next run.",
    remedy:
      'In Security > Networks, find the zone whose Usage is Blocklist (and the Default Enhanced Dynamic ' +
      "Zone, and IP or location rules) that holds the probe's egress address, and take the address out of " +
      'it; in Security > General, check Okta ThreatInsight ("Log and enforce security based on threat ' +
      'level") does not block it. Reports > System Log, eventType eq "security.request.blocked", names the ' +
      "zone and the address. The detail says whether Okta's X-Okta-Request-Id came back: without it, look " +
      'first at the proxy, firewall or WAF in front of https://<org>.',
  },
  SECRETS_UNAVAILABLE: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['token'],
    subject: 'credential',
    title: 'Credential unavailable',
    summary: 'The probe could not read its client credential from AWS Secrets Manager.',
    remedy:
      "Check that the secret exists in the probe's region, has a current value (the PEM private key or the " +
      "client secret, per the server's secretKind), and that the function's role may call " +
      'secretsmanager:GetSecretValue on it (and kms:Decrypt with a customer-managed key). Then wait for the ' +
      'next run.',
  },
  // The probe's own store of a journey's attempts (a file beside --history, an SSM parameter): nothing Okta did.
  JOURNEY_STATE_UNAVAILABLE: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['sign-in'],
    subject: 'store',
    title: 'Journey state unavailable',
    summary:
      "The probe could not read or write the sign-in journey's own record of its attempts (its lease, its " +
      'back-offs, the TOTP steps it used), or found it damaged: so that no run spends one of the synthetic ' +
      "user's lockout attempts unrecorded, the password is not sent until it can be. Nothing about Okta was " +
      'measured.',
    remedy:
      "With the CLI: the journey-state folder the message names (the user's state folder, " +
      '~/.local/state/okta-synthetics/<org host>/journey-state/, else DIR/journey-state/ beside --history) must ' +
      "be on a disk with free space that the probe's user may write; a damaged file is kept aside there as " +
      "<name>.damaged-<hash>. On Lambda: the journey's item in the DynamoDB table <prefix>-journey-state must be " +
      "readable and writable by the function's role (dynamodb:GetItem and dynamodb:PutItem for its journey id; " +
      'redeploy the stack if they were removed), and its old SSM parameters /<prefix>/journey-state/<id> and ' +
      '<id>-lease readable (ssm:GetParameter) until the state is carried over; a damaged item is kept aside as ' +
      'the item damaged#<hash> of the journey for 90 days. A lost state is replaced by the most careful one: no ' +
      'password for one lockout window. Then wait for the next run.',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
