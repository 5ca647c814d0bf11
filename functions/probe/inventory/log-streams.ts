// Log streams (issue 29): GET /api/v1/logStreams (okta.logStreams.read) gives each stream's `name`, `type`
// (aws_eventbridge, splunk_cloud_logstreaming), `status` (ACTIVE or INACTIVE) and `lastUpdated` (Okta's Management
// API spec: listLogStreams, schema LogStream). Okta deactivates a stream after repeated failed deliveries, and the
// SIEM behind it goes quiet with no alert: every stream that is not ACTIVE is reported, with how long since it changed.
import { agoText, itemFinding, objects, quote, text, type KindVerdict } from './item';

export interface LogStream {
  readonly id?: string;
  readonly name?: string;
  readonly type?: string;
  readonly status?: string;
  readonly lastUpdated?: string;
}

export function readLogStreams(body: unknown): LogStream[] {
  return objects(body).map((s) => ({ id: text(s, 'id'), name: text(s, 'name'), type: text(s, 'type'), status: text(s, 'status'), lastUpdated: text(s, 'lastUpdated') }));
}

/** One finding per stream that is not ACTIVE; `unhealthy` counts them for the metric. */
export function judgeLogStreams(streams: readonly LogStream[], now: number): KindVerdict {
  const down = streams.filter((s) => s.status !== 'ACTIVE');
  const findings = down.map((s) => {
    const item = `log stream ${quote(s.name, s.id ?? '(unnamed)')} (${s.type ?? 'unknown type'})`;
    const since = s.lastUpdated === undefined || !Number.isFinite(Date.parse(s.lastUpdated)) ? '' : `, unchanged for ${agoText(Date.parse(s.lastUpdated), now)} (since ${s.lastUpdated.slice(0, 16).replace('T', ' ')} UTC)`;
    return itemFinding('LOG_STREAM_INACTIVE', item, ` is ${s.status ?? 'of unknown status'}${since}: its destination receives no events`);
  });
  return { findings, observed: { streams: streams.length, unhealthy: down.length } };
}
