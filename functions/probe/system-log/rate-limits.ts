// The org's rate-limit events: every endpoint's warnings and violations, which the probe's own /token
// headroom cannot see. Each event is counted by the one run whose window owns its `published` time (window.ts),
// each uuid once. Pure: no network.
import type { LogEvent } from '../okta/log-events';
import type { Window } from './window';

export type RateLimitKind = 'violation' | 'warning';

/** Event types and what they mean (okta-developer-docs reference/rl-system-log-events, data/event-types.json). */
export const RATE_LIMIT_EVENTS: Readonly<Record<string, RateLimitKind>> = {
  'system.org.rate_limit.violation': 'violation',
  'system.operation.rate_limit.violation': 'violation',
  'core.concurrency.org.limit.violation': 'violation',
  'system.org.rate_limit.warning': 'warning',
  // Okta raised the limit for a while to absorb a burst: the endpoint is over its default limit.
  'system.org.rate_limit.burst': 'warning',
  'system.operation.rate_limit.warning': 'warning',
  'app.oauth2.client_id_rate_limit_warning': 'warning',
};

/** The /api/v1/logs filter that reads them (SCIM: `sw` for a family, `eq` for one). */
export const RATE_LIMIT_FILTER = [
  'eventType sw "system.org.rate_limit"',
  'eventType sw "system.operation.rate_limit"',
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
}

function threshold(debug: Readonly<Record<string, string>>): string | null {
  const limit = debug.threshold ?? debug.operationRateLimitThreshold;
  if (limit === undefined) return null;
  const span = debug.timeSpan ?? debug.operationRateLimitTimeSpan;
  const unit = (debug.timeUnit ?? debug.operationRateLimitTimeUnit ?? '').toLowerCase().replace(/s$/, '');
  if (unit === '') return limit;
  return span === undefined || span === '1' ? `${limit} per ${unit}` : `${limit} per ${span} ${unit}s`;
}

export function readRateLimit(event: LogEvent): OrgRateLimit | undefined {
  const kind = RATE_LIMIT_EVENTS[event.eventType];
  if (kind === undefined) return undefined;
  const pattern = event.targets.find((t) => t.type === 'URL Pattern')?.id ?? event.debug.requestUri ?? null;
  return {
    uuid: event.uuid,
    published: event.published,
    eventType: event.eventType,
    kind,
    urlPattern: event.eventType === 'core.concurrency.org.limit.violation' ? null : pattern,
    threshold: threshold(event.debug),
    warningPercent: event.debug.warningPercent ?? null,
  };
}

export interface OrgRateLimits {
  readonly violations: readonly OrgRateLimit[];
  readonly warnings: readonly OrgRateLimit[];
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
  };
}

/** "/api/v1/users (600 per minute) x2, concurrency limit": the endpoints, each once, for a detail or a page. */
export function describeRateLimits(limits: readonly OrgRateLimit[]): string {
  const byPattern = new Map<string, { count: number; threshold: string | null; warningPercent: string | null }>();
  for (const limit of limits) {
    const key = limit.urlPattern ?? "the org's concurrency limit (requests in flight)";
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
