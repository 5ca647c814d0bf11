// What each provisioning event type says, in one table that the reader (events.ts), the judge (judge.ts) and the
// leavers' ledger (ledger.ts) all read: no rule about an event type is written anywhere else. The meanings are
// Okta's (okta-developer-docs data/event-types.json; the Events API migration guide, which maps each legacy
// app.api.error.* to these types; help.okta.com ref-apps-events; concepts/scim on 429s):
// - application.provision.user.* are Okta's calls to the app, written on success and on failure: outcome.result says
//   which, and only their success is the app's own answer that the connection works;
// - application.integration.* and application.configuration.update are errors whatever outcome.result says (a sample
//   of rate_limit_exceeded carries SUCCESS); so are the group push mapping failures;
// - application.user_membership.* and application.provision.user.deprovision are acts in Okta (an admin's, a rule's):
//   an assignment, an unassignment, a task marked done (the migration guide maps .deprovision from
//   deprovision_task_complete). None calls the app, so none clears a failing app;
// - granular deprovisioning (application.provision.user.delete, .remove_entitlements, release 2026.07.3) is the app's
//   deprovisioning call when the app is set to delete or to strip entitlements instead of deactivating;
// - the catalogue's words for the password events: .push_password "Push user's password to application.",
//   .push_okta_password "Push user's Okta password to application." (2016.14) are Okta's password pushes; .password is
//   "Issue pushing user password to external application." (2017.33): an error, never a success of anything, so it
//   proves nothing and only a later password push that works clears it;
// - .activate, "Activate user's application membership." (2016.14): the same user holding the app again, read by
//   outcome.result, never shown to reach the app; .import is described "Deactivate user from external application."
//   (2017.33, beside .import_profile, "Import profile from external application."): read by its name, as Okta reading
//   the app, its failure failing the app by its cause, opening and closing no leaver, proving nothing.
import type { ProvisioningEventType } from '../../contract';
import type { ReasonClass } from './reason';

/** What an event does to an app's accounts. */
export type ProvisioningAction =
  /** An account created, updated, synced, checked, reactivated or its password pushed. */
  | 'account'
  /** Users imported from the app. */
  | 'import'
  /** An account deactivated, deleted or stripped of its entitlements: a failure leaves a leaver. */
  | 'deactivate'
  /** The integration's own error (credentials, rate limit, a general or query failure). */
  | 'integration'
  /** A group, a group's membership or a group push mapping in the app. */
  | 'group'
  /** A deprovisioning task resolved, or a revoked user deprovisioned. */
  | 'deprovision'
  /** Unassigned in Okta (revoked or removed) but not known to be deprovisioned in the app. */
  | 'unassign'
  /** Assigned to the app again. */
  | 'assign';

/** One event type's meaning. */
export interface Outcome {
  readonly action: ProvisioningAction;
  /**
   * How it is read: `call` by outcome.result (Okta called the app), `error` a failure whatever outcome.result says,
   * `act` neither a failure nor a success (an act in Okta, which calls no app).
   */
  readonly judged: 'call' | 'error' | 'act';
  /** Its success is the app's own answer: it clears every failure of the connection before it. */
  readonly proves: boolean;
  /**
   * What clears its failure: `call` a later success of the same event type (a profile push that works says nothing
   * of a deactivation refused by a setting), `connection` any later success that proves the connection.
   */
  readonly clearedBy: 'call' | 'connection';
  /** The call it reports on when its type is not the call's own: a later success of any type of that call clears it. */
  readonly call?: string;
  /** Its failure concerns one user's account: a cause that is one user's (reason.ts) stays that user's. */
  readonly oneUser: boolean;
  /**
   * Whether it opens a leaver for its user: `failure` on a failure Okta gave up on (a deactivation refused), `unassign`
   * on an app that creates accounts and never deactivates them (every unassignment is a manual task).
   */
  readonly opens: 'failure' | 'unassign' | null;
  /** Whether it closes its user's leaver: `always` (an admin's decision, an assignment again), `success`, or never. */
  readonly closes: 'always' | 'success' | null;
  /**
   * Whether Okta tries a failure again by itself: `always` ("will be retried"), `on_429` (the app's rate limit,
   * concepts/scim: user and group calls of SCIM integrations), `never`.
   */
  readonly retried: 'always' | 'on_429' | 'never';
  /**
   * The class its failure has by its type (data/event-types.json's description of each): whatever the reason says
   * when `decided`, else only when the reason and the debugData hint say nothing.
   */
  readonly cause?: { readonly cause: ReasonClass; readonly decided: boolean };
}

const call = (action: 'account' | 'deactivate', o: Partial<Outcome> = {}): Outcome => ({
  action,
  judged: 'call',
  proves: true,
  clearedBy: 'call',
  oneUser: true,
  opens: action === 'deactivate' ? 'failure' : null,
  closes: action === 'deactivate' ? 'success' : null,
  retried: 'on_429',
  ...o,
});
const groupCall: Outcome = {
  action: 'group',
  judged: 'call',
  // Okta writes these for a failure (the migration guide maps each from an app.api.error.*): a success, if any is
  // written, clears its own call, never a connection it was not shown to reach for a user.
  proves: false,
  clearedBy: 'call',
  oneUser: false,
  opens: null,
  closes: null,
  retried: 'on_429',
};
const membership: Outcome = { ...groupCall, oneUser: true };
/** Okta's two password pushes, and the issue one met: one call, so a push that works clears the issue. */
const PASSWORD_PUSH = 'password push';
const error = (retried: Outcome['retried'] = 'on_429'): Outcome => ({
  action: 'integration',
  judged: 'error',
  proves: false,
  clearedBy: 'connection',
  oneUser: false,
  opens: null,
  closes: null,
  retried,
});
const groupPush = (retried: Outcome['retried']): Outcome => ({ ...error(retried), action: 'group' });
const act = (action: 'deprovision' | 'unassign' | 'assign'): Outcome => ({
  action,
  judged: 'act',
  proves: false,
  clearedBy: 'call',
  oneUser: false,
  opens: action === 'unassign' ? 'unassign' : null,
  closes: action === 'unassign' ? null : 'always',
  retried: 'never',
});

/** Every provisioning event type read, and what it means. */
export const OUTCOMES: Readonly<Record<ProvisioningEventType, Outcome>> = {
  'application.provision.user.push': call('account', { closes: 'success' }),
  'application.provision.user.push_profile': call('account'),
  'application.provision.user.reactivate': call('account', { closes: 'success' }),
  'application.provision.user.sync': call('account'),
  'application.provision.user.verify_exists': call('account'),
  'application.provision.user.push_password': call('account', { call: PASSWORD_PUSH }),
  'application.provision.user.push_okta_password': call('account', { call: PASSWORD_PUSH }),
  // "Issue pushing user password to external application.": an error of the password push, one user's by its cause.
  'application.provision.user.password': {
    ...error(),
    action: 'account',
    clearedBy: 'call',
    call: PASSWORD_PUSH,
    oneUser: true,
  },
  // The membership active again is the user holding the app again; whether Okta called the app, no source says.
  'application.provision.user.activate': { ...membership, action: 'assign', closes: 'success' },
  'application.provision.user.import': { ...groupCall, action: 'import' },
  'application.provision.user.deactivate': call('deactivate'),
  'application.provision.user.delete': call('deactivate'),
  'application.provision.user.remove_entitlements': call('deactivate'),
  'application.integration.authentication_failure': { ...error(), cause: { cause: 'credential', decided: true } },
  'application.integration.rate_limit_exceeded': { ...error(), cause: { cause: 'app_rate_limit', decided: true } },
  'application.integration.general_failure': error(),
  'application.integration.api_query': error(),
  // "Okta couldn't verify api credentials."
  'application.configuration.update': { ...error(), cause: { cause: 'credential', decided: false } },
  'application.provision.group.add': groupCall,
  'application.provision.group.update': groupCall,
  'application.provision.group.remove': groupCall,
  'application.provision.group.import': groupCall,
  'application.provision.group.verify_exists': groupCall,
  'application.provision.group_membership.add': membership,
  'application.provision.group_membership.update': membership,
  'application.provision.group_membership.remove': membership,
  'application.provision.group_membership.import': groupCall,
  // "Cannot be retried" and "will be retried" (data/event-types.json); a rename that failed says nothing of a retry.
  'application.provision.group_push.mapping.update.or.delete.failed.with.error': groupPush('never'),
  'application.provision.group_push.mapping.update.or.delete.failed': groupPush('always'),
  'application.provision.group_push.mapping.app.group.renamed.failed': groupPush('never'),
  'application.provision.user.deprovision': act('deprovision'),
  'application.user_membership.deprovision': act('deprovision'),
  'application.user_membership.revoke': act('unassign'),
  'application.user_membership.remove': act('unassign'),
  'application.user_membership.add': act('assign'),
  'application.user_membership.restore': act('assign'),
};

/**
 * How Okta retries a call the app refused with 429 (okta-developer-docs concepts/scim, "Handle SCIM server rate
 * limiting"): it waits the app's Retry-After (integer seconds), else 5 minutes, and doubles the wait each time: "This
 * retry process continues for a maximum of 10 attempts. If the 10th attempt also fails due to rate limiting, the task
 * fails permanently and requires manual intervention." Whether the 10 attempts include the first call, the guide does
 * not say: read as including it (the first call and 9 retries), the reading that never misses a leaver.
 */
const OKTA_429_ATTEMPTS = { attempts: 10, firstWaitMs: 5 * 60_000 } as const;

/**
 * When a deactivation refused with 429 is a leaver: at the 10th refusal seen (Okta's last attempt, if the 10 include
 * the first call; one attempt early if not, and a later success closes the leaver), or, when Okta's attempts are not
 * all seen, once the default schedule of that reading has run out with no success: 5 minutes doubled over the 9 waits
 * between 10 attempts is 2,555 minutes (42 h 35 min) after the first refusal, plus an hour for the last refusal to
 * reach the log. An app that sends a longer Retry-After, or a reading where the 10 follow the first call, is counted
 * while Okta still retries: its later success closes the leaver. One with a shorter Retry-After is counted at its 10th
 * refusal.
 */
export const RATE_LIMITED_LEAVER = {
  refusals: OKTA_429_ATTEMPTS.attempts,
  afterMs: OKTA_429_ATTEMPTS.firstWaitMs * (2 ** (OKTA_429_ATTEMPTS.attempts - 1) - 1) + 3_600_000,
} as const;

/**
 * Families of the catalogue whose every event type is read (data/event-types.json: group.add, .import, .remove,
 * .update, .verify_exists; group_membership.add, .import, .remove, .update; user.push, .push_profile, .push_password,
 * .push_okta_password): asked with one `sw` each rather than an `eq` a type (system-log-query's own example filters
 * `eventType sw "event_hook"`). A polling `next` link carries its filter, and a kept cursor is bounded
 * (probe/okta/log-cursor.ts): the filter of every type by `eq` is past that bound once encoded.
 */
const WHOLE_FAMILIES = [
  'application.provision.group.',
  'application.provision.group_membership.',
  'application.provision.user.push',
] as const;

/** The System Log filter of every type read, Okta's SCIM form: each type `eq`, each whole family `sw`, by `or`. */
export function provisioningFilter(types: readonly string[] = Object.keys(OUTCOMES)): string {
  const single = types.filter((t) => !WHOLE_FAMILIES.some((family) => t.startsWith(family)));
  return [
    ...single.map((t) => `eventType eq "${t}"`),
    ...WHOLE_FAMILIES.map((family) => `eventType sw "${family}"`),
  ].join(' or ');
}
