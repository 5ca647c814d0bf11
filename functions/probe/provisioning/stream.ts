// Provisioning events from Okta's Log Streaming to Amazon EventBridge, for an org whose sign-ins already stream
// (userSignIns.eventSource): the sign-ins' rule carries the provisioning event types too, and the sign-ins' aggregator
// reduces each event at once with this core's own reader (events.ts: targets by type, the user a keyed hash under the
// ledger's key, the reason its class) and stores the reduction exactly once beside the minute's tallies. The probe
// reads those reductions back, and polls /api/v1/logs only to fill the stream's gaps (okta/). EventBridge carries
// each LogEvent as its event's `detail` (EventBridge's envelope: version, id, detail-type, source, account, time,
// region, resources, detail; Okta's help.okta.com "Add an AWS EventBridge log stream"; the sign-ins' path reads it so:
// system-log/sign-in-stream.ts), so the hostile-input rules of the polled events are the same ones: the detail goes
// through readProvisioningEvent unchanged. What is read back from the table is hostile too: each stored event is
// checked field by field, and its action is derived again, never trusted.
import { PROVISIONING_STREAM } from '../../contract';
import { firstByUuid } from '../okta/log-events';
import {
  checkedProvisioningEvent,
  isSkipped,
  readProvisioningEvent,
  type ProvisioningEvent,
  type SkipReason,
} from './events';

/**
 * A streamed LogEvent (EventBridge's `detail`) as the aggregator stores it: the reduced event, 'skipped' (with why)
 * when it is a provisioning event that cannot be read, undefined when it is no provisioning event (a sign-in).
 */
export function streamedProvisioningEvent(
  detail: unknown,
  hashUser: (userId: string) => string,
): ProvisioningEvent | { skipped: SkipReason } | undefined {
  const read = readProvisioningEvent(detail, hashUser);
  const notOurs = isSkipped(read) && (read.skipped === 'not_an_object' || read.skipped === 'not_provisioning');
  return notOurs ? undefined : read;
}

/**
 * A reduction read back from the table, or null when it is not one this code stores (a hand edit, another version):
 * it passes the gate a polled event passes (events.ts), so every field is checked, the label cleaned again and the
 * action derived from the event type.
 */
export function readStoredProvisioningEvent(raw: unknown): ProvisioningEvent | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const read = checkedProvisioningEvent(raw);
  return isSkipped(read) ? null : read;
}

/**
 * The events read back, checked, each uuid once, oldest first, at most PROVISIONING_STREAM.maxEvents (the newest):
 * how many stored items were not events this code stores, and whether older ones were left out (`cut`).
 */
export function storedProvisioningEvents(raws: readonly unknown[]): {
  events: ProvisioningEvent[];
  damaged: number;
  cut: boolean;
} {
  const read: ProvisioningEvent[] = [];
  let damaged = 0;
  for (const raw of raws) {
    // Integration health's count rows (marked `ig`: probe/integrations/stream.ts) share the table: theirs, not damaged.
    if (typeof raw === 'object' && raw !== null && (raw as { ig?: unknown }).ig === 1) continue;
    const event = readStoredProvisioningEvent(raw);
    if (event === null) damaged += 1;
    else read.push(event);
  }
  const events = firstByUuid(read).sort((a, b) => a.published - b.published);
  return {
    events: events.slice(-PROVISIONING_STREAM.maxEvents),
    damaged,
    cut: events.length > PROVISIONING_STREAM.maxEvents,
  };
}
