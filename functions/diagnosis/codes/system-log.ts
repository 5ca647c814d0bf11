// What each code of the system-log family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';
import { grantAdvice, NEVER_FOR_MONITORING, SYSTEM_LOG_SCOPE } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// Okta's System Log: reading it (unavailable is a warning, never a page), and the org's rate limits it reports.

export const SYSTEM_LOG_CODES = {
  // The System Log read for the probe's own account: its app's grant or role, its bucket: our reading, not users'.
  SYSTEM_LOG_SCOPE_NOT_GRANTED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['system-log'],
    subject: 'grant',
    refusal: 'scope',
    title: 'System Log scope not granted',
    summary:
      'The probe cannot read the System Log: Okta refused the scope okta.logs.read to the Org-AS app ' +
      "(consent_required, or 403 insufficient_scope). Every other check runs as before; only Okta's reasons " +
      "and the org's rate-limit events are missing.",
    remedy:
      'In Applications > Applications > [the API Services app] > Okta API Scopes, click Grant beside ' +
      'okta.logs.read. Or remove "systemLog" from the "org" server of the configuration.',
  },
  SYSTEM_LOG_ROLE_MISSING: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['system-log'],
    subject: 'grant',
    refusal: 'role',
    title: 'No admin role to read the System Log',
    summary:
      'Okta issued the okta.logs.read token but /api/v1/logs answered 403 E0000006: the service app holds no ' +
      'admin role that may read the System Log. Every other check runs as before.',
    remedy:
      `In Applications > Applications > [the API Services app] > Admin roles, Edit assignments and add ${grantAdvice(SYSTEM_LOG_SCOPE)} ` +
      `(it views reports and the System Log, nothing else; Read-only Administrator reads it too), then Save ` +
      `changes. A scope alone is not enough: a service app needs the granted scope and an admin role. Never ${NEVER_FOR_MONITORING.join(' or ')} ` +
      `for a monitoring key.`,
  },
  SYSTEM_LOG_THROTTLED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['system-log'],
    refusal: 'throttled',
    title: 'System Log look-up held back',
    summary:
      "The /api/v1/logs rate-limit bucket is exhausted (429) or below the half the probe leaves to the org's " +
      'other log readers (a SIEM): the probe stopped reading the log this run. Every other check runs as ' +
      'before.',
    remedy:
      'Usually transient. If it lasts, find who reads the log in Reports > Rate Limits (the /api/v1/logs ' +
      "bucket): a SIEM polling too often, or several log readers at once. Raise the org's limit with Okta " +
      'Support, or set Applications > [app] > Application Rate Limits for the heavy reader.',
  },
  // The org's clients exhausting Okta's limits: the org's doing.
  ORG_RATE_LIMIT_VIOLATION: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['org-rate-limit-violation'],
    title: 'Org rate limit exceeded',
    summary:
      "Okta's System Log reports a rate-limit violation of the org's own scope " +
      '(system.org.rate_limit.violation, system.operation.rate_limit.violation or .concurrency_limit.violation ' +
      'scoped to the org; never event hook delivery nor the concurrency limit, which warn as ' +
      'RATE_LIMIT_SCOPED_VIOLATION): requests to the endpoints named in the ' +
      'detail were refused with 429, for every app and user of the org, not only the probe. Admin changes to ' +
      'a rate limit in the same minutes are named beside it.',
    remedy:
      'Open Reports > Rate Limits for each URL pattern in the detail and find the client that used the ' +
      'bucket (Reports > System Log, eventType eq "system.org.rate_limit.violation", then the transaction\'s ' +
      'requestApiTokenId or client). Throttle or fix that client, cap it under Applications > [app] > ' +
      'Application Rate Limits, and ask Okta Support for a higher limit if the load is legitimate. For the ' +
      'concurrency limit, look at status.okta.com first: during an Okta incident Okta says these events are ' +
      '"for your awareness only".',
  },
  // One user's, token's or client's limit: the org's clients, not Okta, and not every caller.
  RATE_LIMIT_SCOPED_VIOLATION: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['org-rate-limit-warning'],
    title: "Rate limit reached outside the org's request buckets",
    summary:
      "Okta's System Log reports a rate-limit violation that is not the org's per-minute request bucket: one " +
      'user (operationRateLimitScopeType user, rate_limit_scope_type USER), one API token (ssws_token), one ' +
      'OAuth client (oauth_client), or one client, IP and device (system.client.rate_limit.*): Okta refused that ' +
      "caller only. Or a limit of its own kind, named as Okta names it: the org's event hook delivery " +
      '(operationRateLimitType event_hook_delivery, 400,000 a day: events past the limit are not delivered, now ' +
      "or after the reset, so whatever the hooks feed misses them; no request is refused), or the org's " +
      'concurrency limit (core.concurrency.org.limit.violation: requests in flight, not a ' +
      'bucket; Okta says these can appear during its own incidents "for your awareness only"). The detail names ' +
      'which. An elastic rate limit activated (elastic_rate_limit_activated) is information and is only counted.',
    remedy:
      "Find the user, token or client in Reports > System Log at the time in the detail (the event's actor " +
      'and client). If it is the synthetic user, make sure nothing else signs in as it. Otherwise slow that ' +
      "caller down (an SMS or e-mail enrollment retried in a loop, a script on one API token); the org's " +
      'buckets under Reports > Rate Limits need no raising. Event hook delivery: find the hook whose event ' +
      'volume grew (Workflow > Event Hooks) and narrow its event types; deliveries resume at the daily reset, but ' +
      'the events in between are lost: replay them from the System Log into what the hook feeds. ' +
      'Concurrency: look at status.okta.com first, then for the client holding many requests open at once.',
  },
  // Okta's own operation: news in the availability report's terms, never counted as the org's downtime.
  OKTA_FAILOVER: {
    owner: 'okta',
    layer: 'service',
    severity: 'never',
    caller: 'Okta moved our organisation to another site: sign-in should keep working; ask the caller to try again.',
    title: 'The org failed over (disaster recovery)',
    summary:
      "Okta's System Log records a disaster-recovery operation of the org (system.dr.failover or " +
      "system.dr.failback, Enhanced Disaster Recovery): the org's domains moved to the recovery site or back, " +
      'on purpose, by Okta or by an admin of the org (the detail names the admin, and quotes the event on a ' +
      'FAILURE); while failed over the org may be read-only (writes answer 503 E0000010). ' +
      'Reported, never paged: the checks that fail meanwhile say what users see.',
    remedy:
      'Nothing to change in the org. Read the operation on status.okta.com for your cell (Settings > Account > ' +
      'Org information names it) and tell the help desk that password changes and enrollments may fail until ' +
      'Okta fails back. If a FAILURE outcome is in the detail, or sign-ins fail after the failback, open a case ' +
      'with Okta Support with the time (UTC).',
  },
  ORG_RATE_LIMIT_WARNING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['org-rate-limit-warning'],
    title: 'Org rate limit nearly reached',
    summary:
      "Okta's System Log reports a rate-limit warning (system.org.rate_limit.warning, .burst, " +
      '.expiration.warning (a temporary increase about to lapse), system.client.*.notification, ' +
      'system.operation.rate_limit.warning, app.oauth2.client_id_rate_limit_warning): an endpoint named in ' +
      'the detail used most of its bucket. Okta e-mails super admins once a day per bucket; this comes ' +
      'within minutes.',
    remedy:
      'Open Reports > Rate Limits for each URL pattern in the detail and see which client drives it. Spread ' +
      "that client's calls or cache its tokens before the bucket is exhausted; the warning threshold itself " +
      'is under Reports > Rate Limits > Settings.',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
