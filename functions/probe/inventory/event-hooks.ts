// Event hooks: GET /api/v1/eventHooks (okta.eventHooks.read) gives each hook's `name`, `status` (ACTIVE,
// INACTIVE) and `verificationStatus` ("UNVERIFIED event hooks won't receive any events": Okta's Management API
// spec, schemas EventHook and EventHookVerificationStatus). A hook that is ACTIVE and VERIFIED may still fail: Okta
// waits 3 s, retries once and drops the event, recording "delivery attempts that have timed-out, or been detected
// as having failed for any other reason" as `event_hook.delivery` events (okta-developer-docs, concepts/event-hooks).
// With "systemLog" the inventory reads those of the last hour through the run's log session; without it, only the
// hooks' status is judged. Which target of the event names the hook is unconfirmed against a live org: a target
// whose id is the hook's, or failing that whose displayName is the hook's name, is taken as the hook.
import type { LogEvent } from '../okta/log-events';
import { agoText, itemFinding, objects, quote, text, type KindVerdict } from '../okta/item';

/** The System Log filter for the hooks' failed deliveries. */
export const HOOK_DELIVERY_FILTER = 'eventType eq "event_hook.delivery"';

export interface EventHook {
  readonly id?: string;
  readonly name?: string;
  readonly status?: string;
  readonly verificationStatus?: string;
}

/** A hook's failed deliveries in the window read. */
interface HookFailures {
  readonly count: number;
  /** Epoch ms of the latest. */
  readonly last: number;
  /** Okta's reason for the latest, when it gave one. */
  readonly reason: string | null;
}

export function readEventHooks(body: unknown): EventHook[] {
  return objects(body).map((h) => ({
    id: text(h, 'id'),
    name: text(h, 'name'),
    status: text(h, 'status'),
    verificationStatus: text(h, 'verificationStatus'),
  }));
}

/**
 * Failed deliveries per hook id, from event_hook.delivery events (a SUCCESS outcome, should Okta log one, is not a
 * failure).
 */
export function hookFailures(hooks: readonly EventHook[], events: readonly LogEvent[]): Map<string, HookFailures> {
  const failures = new Map<string, HookFailures>();
  for (const event of events) {
    if (event.eventType !== 'event_hook.delivery' || event.result === 'SUCCESS') continue;
    const hook =
      hooks.find((h) => event.targets.some((t) => h.id !== undefined && t.id === h.id)) ??
      hooks.find((h) => event.targets.some((t) => h.name !== undefined && t.displayName === h.name));
    if (hook?.id === undefined) continue;
    const seen = failures.get(hook.id);
    const latest = seen === undefined || event.published >= seen.last;
    failures.set(hook.id, {
      count: (seen?.count ?? 0) + 1,
      last: latest ? event.published : (seen?.last ?? event.published),
      reason: latest ? (event.reason ?? event.displayMessage ?? seen?.reason ?? null) : (seen?.reason ?? null),
    });
  }
  return failures;
}

/**
 * One finding per hook that delivers nothing (INACTIVE or UNVERIFIED) or failed deliveries in the window.
 * `failures` is null when the log was not read (no "systemLog", or it could not be): the facts say so.
 */
export function judgeEventHooks(
  hooks: readonly EventHook[],
  failures: ReadonlyMap<string, HookFailures> | null,
  now: number,
): KindVerdict {
  const findings = [];
  for (const hook of hooks) {
    const name = `event hook ${quote(hook.name, hook.id ?? '(unnamed)')}`;
    if (hook.status !== 'ACTIVE' || hook.verificationStatus === 'UNVERIFIED') {
      const state = hook.status !== 'ACTIVE' ? (hook.status ?? 'of unknown status') : 'UNVERIFIED';
      findings.push(itemFinding('EVENT_HOOK_NOT_DELIVERING', name, ` is ${state}: Okta sends it no events`));
      continue;
    }
    const failed = hook.id === undefined ? undefined : failures?.get(hook.id);
    if (failed === undefined) continue;
    const reason = failed.reason === null ? '' : `; Okta's reason for the latest: ${failed.reason.slice(0, 200)}`;
    findings.push(
      itemFinding(
        'EVENT_HOOK_FAILING',
        name,
        ` failed ${failed.count} deliver${failed.count === 1 ? 'y' : 'ies'} in the last hour, the latest ${agoText(failed.last, now)} ` +
          `ago${reason}`,
      ),
    );
  }
  return { findings, observed: { hooks: hooks.length, unhealthy: findings.length, deliveriesRead: failures !== null } };
}
