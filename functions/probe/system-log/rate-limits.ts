// The org's rate-limit events: every endpoint's warnings and violations, which the probe's own /token
// headroom cannot see. Each event is counted by the one run whose window owns its `published` time (window.ts),
// each uuid once. Pure: no network.
import type { LogEvent } from '../okta/log-events';
import type { Window } from './window';

/**
 * violation: requests were refused; warning: near a limit, or a violation confined to one user, token or client, or
 * to a limit that is not the org's request buckets (event hook delivery, requests in flight); change: an admin changed
 * a limit, named beside a 429 and never counted on its own; notice: information (Okta's elastic rate limit
 * activated), counted, never a warning.
 */
type RateLimitKind = 'violation' | 'warning' | 'change' | 'notice';

/**
 * Event types and what they mean: okta-developer-docs reference/rl-system-log-events and data/event-types.json.
 * system.client.* is the per client, IP and device limit on /authorize, /login and the Identity Engine entry points
 * (rl2-client-based): a `notification` fires in log-only mode, where no user was refused.
 */
export const RATE_LIMIT_EVENTS: Readonly<Record<string, RateLimitKind>> = {
  'system.org.rate_limit.violation': 'violation',
  'system.operation.rate_limit.violation': 'violation',
  'system.operation.concurrency_limit.violation': 'violation',
  'core.concurrency.org.limit.violation': 'violation',
  'system.client.rate_limit.violation': 'violation',
  'system.client.concurrency_rate_limit.violation': 'violation',
  'system.org.rate_limit.warning': 'warning',
  // Okta raised the limit for a while to absorb a burst: the endpoint is over its default limit.
  'system.org.rate_limit.burst': 'warning',
  // A temporary increase about to lapse: what breaks next.
  'system.org.rate_limit.expiration.warning': 'warning',
  'system.operation.rate_limit.warning': 'warning',
  'app.oauth2.client_id_rate_limit_warning': 'warning',
  'system.client.rate_limit.notification': 'warning',
  'system.client.concurrency_rate_limit.notification': 'warning',
  'system.rate_limit.configuration.update': 'change',
  'application.configuration.update_rate_limits': 'change',
};

/** The /api/v1/logs filter that reads them (SCIM: `sw` for a family, `eq` for one). */
export const RATE_LIMIT_FILTER = [
  'eventType sw "system.org.rate_limit"',
  'eventType sw "system.operation.rate_limit"',
  'eventType sw "system.operation.concurrency_limit"',
  'eventType sw "system.client.rate_limit"',
  'eventType sw "system.client.concurrency_rate_limit"',
  'eventType eq "system.rate_limit.configuration.update"',
  'eventType eq "application.configuration.update_rate_limits"',
  'eventType eq "core.concurrency.org.limit.violation"',
  'eventType eq "app.oauth2.client_id_rate_limit_warning"',
].join(' or ');

export interface OrgRateLimit {
  readonly uuid: string;
  readonly published: number;
  readonly eventType: string;
  readonly kind: RateLimitKind;
  /** The endpoint's URL pattern (a "URL Pattern" target, else debugData.requestUri); null for concurrency. */
  readonly urlPattern: string | null;
  /** "600 per minute", "15 per 5 minutes"; null when the event carries none. */
  readonly threshold: string | null;
  /** warningPercent of a warning, when given. */
  readonly warningPercent: string | null;
  /**
   * Whose limit it was when not the whole org's: "user", "ssws_token", "oauth_client", "client, IP and device";
   * null for the org's own bucket (or an event that names no scope).
   */
  readonly scope: string | null;
  /** The admin who changed a limit (kind change). */
  readonly changedBy: string | null;
  /** What the limit is when it is no endpoint's URL pattern, as Okta names it ("event hook delivery"). */
  readonly named: string | null;
}

export const CONCURRENCY_EVENT = 'core.concurrency.org.limit.violation';

function threshold(debug: Readonly<Record<string, string>>): string | null {
  const burst = debug.burstThreshold ?? debug.burst_threshold;
  const base = debug.baseThreshold ?? debug.base_threshold;
  if (burst !== undefined && base !== undefined) return `base ${base}, raised to ${burst}`;
  const limit = debug.threshold ?? debug.operationRateLimitThreshold ?? debug.operation_rate_limit_threshold;
  if (limit === undefined) return null;
  const span = debug.timeSpan ?? debug.operationRateLimitTimeSpan ?? debug.operation_rate_limit_time_span;
  const unit = (debug.timeUnit ?? debug.operationRateLimitTimeUnit ?? debug.operation_rate_limit_time_unit ?? '')
    .toLowerCase()
    .replace(/s$/, '');
  if (unit === '') return limit;
  return span === undefined || span === '1' ? `${limit} per ${unit}` : `${limit} per ${span} ${unit}s`;
}

/** Subtypes Okta's rl-system-log-events table calls the limit of one user's token or client, not the org's. */
const SCOPED_SUBTYPES = new Set(['ssws_token', 'oauth_client']);

/**
 * The scope Okta names (operationRateLimitScopeType "user" in its SMS enrollment example, rate_limit_scope_type
 * USER or ORG in event-types.json), else the subtype's (ssws_token, oauth_client); null for the org's own.
 */
function scopeOf(event: LogEvent): string | null {
  if (event.eventType.startsWith('system.client.')) return 'client, IP and device';
  const d = event.debug;
  const subtype = (d.operationRateLimitSubtype ?? d.operation_rate_limit_subtype ?? '').toLowerCase();
  if (SCOPED_SUBTYPES.has(subtype)) return subtype;
  const type =
    d.operationRateLimitScopeType ??
    d.rateLimitScopeType ??
    d.operation_rate_limit_scope_type ??
    d.rate_limit_scope_type;
  const scope = (type ?? '').toLowerCase();
  if (scope === '' || scope === 'org') return null;
  return subtype === '' ? scope : `${scope} (${d.operationRateLimitSubtype ?? d.operation_rate_limit_subtype})`;
}

/**
 * Limits that are not the org's request buckets, by the event's operationRateLimitType (okta-developer-docs
 * reference/rl-system-log-events: "web_request, authenticator_otp_verification, sms_factor_enroll,
 * event_hook_delivery, elastic_rate_limit_activated, phone_enrollment"), and the concurrency event: what stopped, as
 * Okta names it. Event hook delivery is the org's 400,000 a day (concepts/event-hooks: events past the limit "aren't
 * triggered", so they are lost, not delayed); no request of anyone is refused. The concurrency limit counts requests
 * in flight, not a per-minute bucket (rl2-concurrency): the probe's own 429 of it is OKTA_CONCURRENCY_LIMITED where
 * it was sent.
 */
const NAMED_LIMITS: Readonly<Record<string, string>> = {
  event_hook_delivery: "event hook delivery (the org's event hooks: events past it are lost until the daily reset)",
  [CONCURRENCY_EVENT]: "the org's concurrency limit (requests in flight, not a per-minute bucket)",
};
/** operationRateLimitType values that are information, never a limit reached. */
const NOTICE_TYPES = new Set(['elastic_rate_limit_activated']);

function readRateLimit(event: LogEvent): OrgRateLimit | undefined {
  const listed = RATE_LIMIT_EVENTS[event.eventType];
  if (listed === undefined) return undefined;
  const d = event.debug;
  const type = (d.operationRateLimitType ?? d.operation_rate_limit_type ?? '').toLowerCase();
  const named = NAMED_LIMITS[event.eventType === CONCURRENCY_EVENT ? CONCURRENCY_EVENT : type] ?? null;
  const scope = named === null ? scopeOf(event) : type === '' ? 'requests in flight' : type.replace(/_/g, ' ');
  const pattern = event.targets.find((t) => t.type === 'URL Pattern')?.id ?? d.requestUri ?? d.request_uri ?? null;
  return {
    uuid: event.uuid,
    published: event.published,
    eventType: event.eventType,
    // One user's, token's or client's refusal leaves every other caller served, and a named limit is not the org's
    // request bucket: a warning naming the scope.
    kind: NOTICE_TYPES.has(type) ? 'notice' : listed === 'violation' && scope !== null ? 'warning' : listed,
    urlPattern: named !== null ? null : pattern,
    threshold: threshold(d),
    warningPercent: d.warningPercent ?? d.warning_percent ?? null,
    scope,
    changedBy: listed === 'change' ? event.actor.alternateId : null,
    named,
  };
}

export interface OrgRateLimits {
  readonly violations: readonly OrgRateLimit[];
  readonly warnings: readonly OrgRateLimit[];
  readonly changes: readonly OrgRateLimit[];
  /** Information (elastic rate limit activated): counted, never judged. */
  readonly notices?: readonly OrgRateLimit[];
}

/** The rate-limit events this run owns: published inside `window`, each uuid once, oldest first. */
export function orgRateLimits(events: readonly LogEvent[], window: Window): OrgRateLimits {
  const seen = new Set<string>();
  const owned: OrgRateLimit[] = [];
  for (const event of [...events].sort((a, b) => a.published - b.published)) {
    if (event.published < window.start || event.published >= window.end || seen.has(event.uuid)) continue;
    const limit = readRateLimit(event);
    if (limit === undefined) continue;
    seen.add(event.uuid);
    owned.push(limit);
  }
  return {
    violations: owned.filter((l) => l.kind === 'violation'),
    warnings: owned.filter((l) => l.kind === 'warning'),
    changes: owned.filter((l) => l.kind === 'change'),
    notices: owned.filter((l) => l.kind === 'notice'),
  };
}

/**
 * Okta (reference/rl2-concurrency): core.concurrency.org.limit.violation can also appear "during an Okta service
 * incident ... for your awareness only". Nothing in the event tells the two apart, so the sentence names both.
 */
export const CONCURRENCY_CAVEAT =
  "if status.okta.com shows an incident for the org's cell, Okta says these events are for awareness only and " +
  'resolve as Okta recovers';

/** "rate limits changed by admin@example.com (system.rate_limit.configuration.update)": beside a 429. */
export function describeChanges(changes: readonly OrgRateLimit[]): string {
  const who = [...new Set(changes.map((c) => c.changedBy ?? 'an unnamed actor'))].join(', ');
  const what = [...new Set(changes.map((c) => c.eventType))].join(', ');
  return `rate limits changed by ${who} (${what})`;
}

/** "/api/v1/users (600 per minute) x2, concurrency limit": the endpoints, each once, for a detail or a page. */
export function describeRateLimits(limits: readonly OrgRateLimit[]): string {
  const byPattern = new Map<string, { count: number; threshold: string | null; warningPercent: string | null }>();
  for (const limit of limits) {
    const where = limit.urlPattern ?? limit.named ?? 'a limit the event names no endpoint of';
    const key = limit.scope === null || limit.named !== null ? where : `${where}, ${limit.scope} scope`;
    const entry = byPattern.get(key) ?? { count: 0, threshold: limit.threshold, warningPercent: limit.warningPercent };
    entry.count += 1;
    byPattern.set(key, entry);
  }
  return [...byPattern.entries()]
    .map(([pattern, { count, threshold: limit, warningPercent }]) => {
      const facts = [limit, warningPercent === null ? null : `warned at ${warningPercent} %`].filter((f) => f !== null);
      return `${pattern}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}${count > 1 ? ` x${count}` : ''}`;
    })
    .join(', ');
}
