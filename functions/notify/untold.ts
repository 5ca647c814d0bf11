// What no notifier tells, and why: one rule for the deployed notifier (a composite's state change as EventBridge
// delivers it) and the local one (`run --history` with localNotifications, each channel's record of what it heard).
// Each side reads its own change (an event, a state file, a maintenance file) and keeps its own I/O (a log line,
// nothing sent); the decision and its words are here, so the two cannot drift.

/** A change of an alarm's state, as a notifier is about to tell it. */
export interface ChangeToTell {
  /** The state the alarm entered: ALARM and OK are told; CloudWatch also has INSUFFICIENT_DATA. */
  readonly state: string;
  /**
   * What the audience heard last: the state the alarm left (deployed: CloudWatch's alarm actions told it) or what the
   * channel's record says it was told (local); undefined: nothing yet.
   */
  readonly heard: string | undefined;
  /** What mutes the alarm's actions now: the composite's suppressor (CloudWatch's word), an open maintenance window. */
  readonly mutedBy?: string;
  /** What muted the state it left: that ALARM reached nobody, so its recovery reaches nobody either. */
  readonly heardMutedBy?: string;
}

/**
 * Why a change is not told, or null when it is. Nobody hears INSUFFICIENT_DATA (a new alarm, or a metric gap the
 * alarm treats by itself), an OK that did not follow an ALARM (a fresh deployment settling), a change whose actions
 * are muted (the probe is down, or a maintenance window is open: CloudWatch sent nothing to the alarm topic, so the
 * notifier sends nothing either), the recovery of a muted alarm, nor a state told already (CloudWatch's actions fire
 * on a transition only).
 */
export function untoldReason(change: ChangeToTell): string | null {
  const { state, heard } = change;
  if (state !== 'ALARM' && state !== 'OK') return `state ${state} is not notified`;
  if (change.mutedBy !== undefined) return `actions suppressed (${change.mutedBy})`;
  if (state === 'OK' && heard !== 'ALARM') return `OK after ${heard ?? 'nothing'} is not a recovery`;
  if (state === 'OK' && change.heardMutedBy !== undefined)
    return `recovery of a suppressed alarm (${change.heardMutedBy})`;
  if (state === heard) return `${state} was told already`;
  return null;
}
