// Provisioning events from Okta's Log Streaming to Amazon EventBridge, for an org whose sign-ins already stream
// (userSignIns.eventSource): the sign-ins' rule carries the provisioning event types too, and the sign-ins' aggregator
// reduces each event at once with this core's own reader (events.ts: targets by type, the user a keyed hash under the
// ledger's key, the reason its class) and stores the reduction exactly once beside the minute's tallies. The probe
// reads those reductions back instead of polling /api/v1/logs: no second poller. EventBridge carries each LogEvent as
// its event's `detail` (EventBridge's envelope: version, id, detail-type, source, account, time, region, resources,
// detail; Okta's help.okta.com "Add an AWS EventBridge log stream"; the sign-ins' path reads it so:
// system-log/sign-in-stream.ts), so the hostile-input rules of the polled events are the same ones: the detail goes
// through readProvisioningEvent unchanged. What is read back from the table is hostile too: each stored event is
// checked field by field, and its action is derived again, never trusted.
import { PROVISIONING_EVENT_TYPES, PROVISIONING_STREAM, type ProvisioningEventType } from '../../contract';
import {
  actionOf,
  cleanLabel,
  readProvisioningEvent,
  USER_HASH,
  type ProvisioningEvent,
  type SkipReason,
} from './events';
import { REASON_CLASSES, type ReasonClass } from './reason';

const TYPES: ReadonlySet<string> = new Set(PROVISIONING_EVENT_TYPES);
const CLASSES: ReadonlySet<string> = new Set(REASON_CLASSES);
const RESOLUTIONS: ReadonlySet<string> = new Set(['deprovisioned', 'not_deprovisioned', 'unknown']);
const ID = /^[A-Za-z0-9_-]{1,64}$/;

type Json = Readonly<Record<string, unknown>>;
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A streamed LogEvent (EventBridge's `detail`) as the aggregator stores it: the reduced event, 'skipped' (with why)
 * when it is a provisioning event that cannot be read, undefined when it is no provisioning event (a sign-in).
 */
export function streamedProvisioningEvent(
  detail: unknown,
  hashUser: (userId: string) => string,
): ProvisioningEvent | { skipped: SkipReason } | undefined {
  if (!isJson(detail) || typeof detail.eventType !== 'string' || !TYPES.has(detail.eventType)) return undefined;
  return readProvisioningEvent(detail, hashUser);
}

/** A stored reduction's optional fields, checked against what readProvisioningEvent would have made. */
function extrasOf(raw: Json, failed: boolean, deprovision: boolean): Partial<ProvisioningEvent> | null {
  const { cause, retried, resolution } = raw;
  if (failed !== (typeof cause === 'string' && CLASSES.has(cause))) return null;
  if (retried !== undefined && (retried !== true || !failed)) return null;
  if (deprovision !== (typeof resolution === 'string' && RESOLUTIONS.has(resolution))) return null;
  return {
    ...(failed && { cause: cause as ReasonClass }),
    ...(retried === true && { retried: true }),
    ...(deprovision && { resolution: resolution as ProvisioningEvent['resolution'] }),
  };
}

/**
 * A reduction read back from the table, or null when it is not one this code stores (a hand edit, another version):
 * every field checked, the label cleaned again, the action derived from the event type.
 */
export function readStoredProvisioningEvent(raw: unknown): ProvisioningEvent | null {
  if (!isJson(raw)) return null;
  const { uuid, published, eventType, appId, appLabel, user, failed, succeeded } = raw;
  if (typeof eventType !== 'string' || !TYPES.has(eventType)) return null;
  if (typeof uuid !== 'string' || uuid === '' || uuid.length > 64) return null;
  if (typeof published !== 'number' || !Number.isSafeInteger(published) || published < 0) return null;
  if (typeof appId !== 'string' || !ID.test(appId)) return null;
  if (user !== null && (typeof user !== 'string' || !USER_HASH.test(user))) return null;
  if (typeof failed !== 'boolean' || typeof succeeded !== 'boolean' || (failed && succeeded)) return null;
  const type = eventType as ProvisioningEventType;
  const action = actionOf(type);
  const extras = extrasOf(raw, failed, action === 'deprovision');
  if (extras === null) return null;
  return {
    uuid,
    published,
    eventType: type,
    action,
    appId,
    appLabel: cleanLabel(appLabel),
    user,
    failed,
    succeeded,
    ...extras,
  };
}

/**
 * Where a run's read of the stored events starts, epoch ms: from where the last read of this process stopped, less
 * the late deliveries' margin; cold (no last read), the configured look-back, but never past what the table keeps.
 */
export function streamReadStart(now: number, lookbackHours: number, lastRead: number | undefined): number {
  const kept = now - PROVISIONING_STREAM.keepHours * 3_600_000;
  const start =
    lastRead === undefined ? now - lookbackHours * 3_600_000 : lastRead - PROVISIONING_STREAM.lateMinutes * 60_000;
  return Math.max(kept, Math.min(start, now));
}

/**
 * The events read back, checked, each uuid once, oldest first, at most PROVISIONING_STREAM.maxEvents (the newest):
 * and how many stored items were not events this code stores.
 */
export function storedProvisioningEvents(raws: readonly unknown[]): { events: ProvisioningEvent[]; damaged: number } {
  const byUuid = new Map<string, ProvisioningEvent>();
  let damaged = 0;
  for (const raw of raws) {
    const event = readStoredProvisioningEvent(raw);
    if (event === null) damaged += 1;
    else if (!byUuid.has(event.uuid)) byUuid.set(event.uuid, event);
  }
  const events = [...byUuid.values()].sort((a, b) => a.published - b.published);
  return { events: events.slice(-PROVISIONING_STREAM.maxEvents), damaged };
}
