// Log streams: GET /api/v1/logStreams (okta.logStreams.read) gives each stream's `name`, `type`
// (aws_eventbridge, splunk_cloud_logstreaming), `status` (ACTIVE or INACTIVE) and `lastUpdated` (Okta's Management
// API spec: listLogStreams, schema LogStream). Okta deactivates a stream after repeated failed deliveries, and the
// SIEM behind it goes quiet with no alert. But an admin deactivates one too, on purpose: the event
// system.log_stream.lifecycle.deactivate is fired "when a user or Okta deactivates a log stream" (okta-developer-docs
// data/event-types.json), and its actor tells them apart: a User (an admin, by login) or Okta's SystemPrincipal
// (system@okta.com, as Okta's own events carry it). With "systemLog" that event is read for the inactive streams: an
// admin's deactivation is no failure (counted in the facts), Okta's warns, and one whose event the log does not hold
// warns saying who did it is not known. Without "systemLog", every stream that is not ACTIVE warns, saying so.
import type { LogEvent } from '../okta/log-events';
import { agoText, itemFinding, objects, quote, text, type KindVerdict } from '../okta/item';

/** The System Log filter for the streams' deactivations. */
export const STREAM_DEACTIVATE_FILTER = 'eventType eq "system.log_stream.lifecycle.deactivate"';
/** The System Log keeps 90 days: an older deactivation cannot be read. */
const LOG_RETENTION_MS = 90 * 86_400_000;

export interface LogStream {
  readonly id?: string;
  readonly name?: string;
  readonly type?: string;
  readonly status?: string;
  readonly lastUpdated?: string;
}

export function readLogStreams(body: unknown): LogStream[] {
  return objects(body).map((s) => ({
    id: text(s, 'id'),
    name: text(s, 'name'),
    type: text(s, 'type'),
    status: text(s, 'status'),
    lastUpdated: text(s, 'lastUpdated'),
  }));
}

/**
 * From when the inactive streams' deactivations are read: a little before the oldest change, within the log's 90 days.
 * Undefined when none is inactive.
 */
export function deactivationsSince(streams: readonly LogStream[], now: number): string | undefined {
  const inactive = streams.filter((s) => s.status !== 'ACTIVE');
  if (inactive.length === 0) return undefined;
  const changed = inactive
    .map((s) => Date.parse(s.lastUpdated ?? ''))
    .map((t) => (Number.isFinite(t) ? t - 10 * 60_000 : now - LOG_RETENTION_MS));
  return new Date(Math.max(now - LOG_RETENTION_MS + 60_000, Math.min(...changed))).toISOString();
}

/** Who deactivated a stream, from the latest system.log_stream.lifecycle.deactivate event naming it. */
type Deactivation =
  | { readonly by: 'admin' | 'okta' | 'other'; readonly actor: string; readonly at: number }
  | undefined;

function deactivationOf(stream: LogStream, events: readonly LogEvent[]): Deactivation {
  const named = events.filter(
    (e) =>
      e.eventType === 'system.log_stream.lifecycle.deactivate' &&
      e.targets.some(
        (t) =>
          (stream.id !== undefined && t.id === stream.id) ||
          (stream.name !== undefined && t.displayName === stream.name),
      ),
  );
  const latest = named.sort((a, b) => b.published - a.published)[0];
  if (latest === undefined) return undefined;
  const type = latest.actor.type;
  return {
    by: type === 'User' ? 'admin' : type === 'SystemPrincipal' ? 'okta' : 'other',
    actor: quote(latest.actor.alternateId ?? undefined, type ?? 'an unknown actor'),
    at: latest.published,
  };
}

/**
 * One finding per stream that is not ACTIVE and not deactivated by an admin; `unhealthy` counts them for the metric.
 * `deactivations`: the deactivation events read from the System Log, null when it could not be read, undefined
 * without "systemLog".
 */
export function judgeLogStreams(
  streams: readonly LogStream[],
  now: number,
  deactivations?: readonly LogEvent[] | null,
): KindVerdict {
  const findings = [];
  let byAdmin = 0;
  for (const s of streams.filter((stream) => stream.status !== 'ACTIVE')) {
    const who = deactivations === undefined || deactivations === null ? undefined : deactivationOf(s, deactivations);
    if (who?.by === 'admin') {
      byAdmin += 1;
      continue;
    }
    const item = `log stream ${quote(s.name, s.id ?? '(unnamed)')} (${s.type ?? 'unknown type'})`;
    const since =
      s.lastUpdated === undefined || !Number.isFinite(Date.parse(s.lastUpdated))
        ? ''
        : `, unchanged for ${agoText(Date.parse(s.lastUpdated), now)} (since ${s.lastUpdated.slice(0, 16).replace('T', ' ')} ` +
          `UTC)`;
    const whose =
      who !== undefined
        ? `; deactivated by ${who.by === 'okta' ? 'Okta' : who.actor} ${agoText(who.at, now)} ago ` +
          `(system.log_stream.lifecycle.deactivate${who.by === 'okta' ? `, actor ${who.actor}` : ''})`
        : deactivations === undefined
          ? '; who deactivated it is not known (with "systemLog" the probe reads it from the System Log)'
          : deactivations === null
            ? '; the System Log could not be read to tell who deactivated it'
            : '; the System Log holds no system.log_stream.lifecycle.deactivate event for it: who deactivated ' +
              'it is not known';
    findings.push(
      itemFinding(
        'LOG_STREAM_INACTIVE',
        item,
        ` is ${s.status ?? 'of unknown status'}${since}${whose}: its destination receives no events`,
      ),
    );
  }
  return {
    findings,
    observed: {
      streams: streams.length,
      unhealthy: findings.length,
      ...(byAdmin > 0 && { deactivatedByAdmin: byAdmin }),
    },
  };
}
