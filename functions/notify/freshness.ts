// Is an alarm change still worth a message when it arrives? EventBridge and Lambda deliver at least once and
// may be late (retries, throttling): an ALARM can arrive after its recovery, or twice. Pure: the handler reads
// the alarm's current state (DescribeAlarms) and passes it here.

/** The alarm as DescribeAlarms shows it now. */
export interface CurrentAlarm {
  /** ALARM, OK or INSUFFICIENT_DATA. */
  readonly state: string;
  /** When the state value last changed (StateTransitionedTimestamp), epoch ms. */
  readonly since?: number;
}

/** Timestamps CloudWatch writes a second apart for one transition are the same transition. */
const SAME_TRANSITION_MS = 1_000;

/** A change this late gets a note saying so (it may be a replay after an outage of the notification path). */
const LATE_AFTER_MS = 5 * 60_000;

/** Epoch ms of CloudWatch's timestamps: ISO 8601, whose offset EventBridge writes without a colon (`+0000`). */
export function parseTimestamp(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Why a change must not be sent, given the alarm's current state, or null to send it. `current` undefined means
 * the state could not be read: the change is sent (a possibly stale page is better than none); null means the
 * alarm no longer exists (a deleted stack).
 */
export function staleReason(
  change: { readonly state: string; readonly timestamp?: string },
  current: CurrentAlarm | null | undefined,
): string | null {
  if (current === undefined) return null;
  if (current === null) return 'the alarm no longer exists';
  const since = current.since !== undefined ? ` since ${new Date(current.since).toISOString()}` : '';
  if (current.state !== change.state) return `stale: the alarm is ${current.state}${since}, not ${change.state}`;
  const at = parseTimestamp(change.timestamp);
  if (at !== undefined && current.since !== undefined && current.since - at > SAME_TRANSITION_MS) {
    return `stale: a newer ${current.state}${since} supersedes this one (${change.timestamp})`;
  }
  return null;
}

/** How late a change arrived, in whole minutes, when later than LATE_AFTER_MS; else null. */
export function lateMinutes(timestamp: string | undefined, now: number): number | null {
  const at = parseTimestamp(timestamp);
  if (at === undefined || now - at <= LATE_AFTER_MS) return null;
  return Math.round((now - at) / 60_000);
}
