// One System Log event read as what it says about provisioning to an app, from hostile input. The event types and
// their meaning are Okta's (okta-developer-docs data/event-types.json, the event-types CSV, help.okta.com
// ref-apps-events):
// - application.provision.user.push, push_profile, deactivate, reactivate, sync and verify_exists fire on success
//   and on failure: outcome.result says which;
// - application.integration.* and application.configuration.update are errors whatever outcome.result says (a
//   sample of rate_limit_exceeded carries SUCCESS);
// - group_push.mapping.update.or.delete.failed.with.error "cannot be retried"; the variant without ".with.error"
//   "will be retried";
// - application.provision.user.deprovision resolves a deprovisioning task (its target's detailEntry.resolution,
//   UserProvisioningResourceDetails: "Auto Deprovisioned", "Manually Deprovisioned", "Not Deprovisioned - ...");
//   application.user_membership.deprovision is the same user deprovisioned after a revoke;
// - application.user_membership.revoke is "unassigned but not yet deprovisioned"; .add and .restore assign again.
// Targets are found by type (AppInstance, User, AppUser), never by position. Nothing personal is kept: the user is a
// keyed hash of Okta's user id, and outcome.reason becomes its class (reason.ts) before this returns.
import { createHmac } from 'node:crypto';
import { PROVISIONING_EVENT_TYPES, type ProvisioningEventType } from '../../contract';
import { terminalSafe } from '../../text/terminal';
import { REASON_CLASSES, reasonClass, type ReasonClass } from './reason';

/** A user's keyed hash as kept: 128 bits of HMAC-SHA256, in hex (tells an org's users apart, names none). */
export const USER_HASH = /^[0-9a-f]{32}$/;

/**
 * The keyed hash of Okta's user id that tells leavers apart across runs: HMAC-SHA256 under the caller's key (where
 * the key lives is the caller's: without it, a kept hash cannot be checked against a list of user ids).
 */
export function userHasher(key: string | Uint8Array): (userId: string) => string {
  return (userId) => createHmac('sha256', key).update(userId, 'utf8').digest('hex').slice(0, 32);
}

/** What an event does to an app's accounts, for the judge and the leavers' ledger. */
export type ProvisioningAction =
  /** An account created, updated, synced, checked or reactivated in the app (judged by outcome.result). */
  | 'account'
  /** An account deactivated in the app (judged by outcome.result): a failure leaves a leaver. */
  | 'deactivate'
  /** The integration's own error (credentials, rate limit, a general or query failure): always a failure. */
  | 'integration'
  /** A group push mapping's change failed (`retried` says whether Okta tries it again). */
  | 'group_push'
  /** A deprovisioning task resolved, or a revoked user deprovisioned. */
  | 'deprovision'
  /** Unassigned in Okta but not yet deprovisioned in the app. */
  | 'revoke'
  /** Assigned to the app again. */
  | 'assign';

/** One provisioning event, reduced: no login, name, user id or reason text is kept. */
export interface ProvisioningEvent {
  readonly uuid: string;
  /** Epoch ms. */
  readonly published: number;
  readonly eventType: ProvisioningEventType;
  readonly action: ProvisioningAction;
  /** The AppInstance target's id. */
  readonly appId: string;
  /** The AppInstance target's displayName, one line, bounded (the app's label, an admin's word): or null. */
  readonly appLabel: string | null;
  /** The keyed hash of the User target's id (else the AppUser's), or null for an event about no user. */
  readonly user: string | null;
  /** Whether the event is a failure by the rules above (an integration error is one whatever its result). */
  readonly failed: boolean;
  /** A success of an account's call (never for an integration error flagged SUCCESS). */
  readonly succeeded: boolean;
  /** A failure's class, never its text. */
  readonly cause?: ReasonClass;
  /** A failure Okta tries again by itself (an app's 429, a group push "will be retried"). */
  readonly retried?: boolean;
  /** A deprovision's resolution, reduced: deprovisioned (auto or by hand), or an admin's decision not to. */
  readonly resolution?: 'deprovisioned' | 'not_deprovisioned' | 'unknown';
}

/** Why an event was not read, counted by the caller, never printed with anything of the event. */
export type SkipReason = 'not_an_object' | 'not_provisioning' | 'torn' | 'no_app_target';

/** An event skipped, and why. */
export interface Skipped {
  readonly skipped: SkipReason;
}

const TYPES: ReadonlySet<string> = new Set(PROVISIONING_EVENT_TYPES);

const ACTIONS: Readonly<Record<ProvisioningEventType, ProvisioningAction>> = {
  'application.provision.user.push': 'account',
  'application.provision.user.push_profile': 'account',
  'application.provision.user.deactivate': 'deactivate',
  'application.provision.user.reactivate': 'account',
  'application.provision.user.sync': 'account',
  'application.provision.user.verify_exists': 'account',
  'application.integration.authentication_failure': 'integration',
  'application.integration.rate_limit_exceeded': 'integration',
  'application.integration.general_failure': 'integration',
  'application.integration.api_query': 'integration',
  'application.configuration.update': 'integration',
  'application.provision.group_push.mapping.update.or.delete.failed.with.error': 'group_push',
  'application.provision.group_push.mapping.update.or.delete.failed': 'group_push',
  'application.provision.user.deprovision': 'deprovision',
  'application.user_membership.deprovision': 'deprovision',
  'application.user_membership.revoke': 'revoke',
  'application.user_membership.add': 'assign',
  'application.user_membership.restore': 'assign',
};

/** The group push variant Okta "will retry" (data/event-types.json): transient, never an app failing by itself. */
const RETRIED_GROUP_PUSH = 'application.provision.group_push.mapping.update.or.delete.failed';

/** An event lists a few targets: only the first ones of a longer list are read. */
const MOST_TARGETS = 20;
/** Okta's ids are 20 characters; anything that is not a short id of letters and digits is not one. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** An app's label as it may be printed: one line, at most this long. */
const MOST_LABEL = 120;

type Json = Readonly<Record<string, unknown>>;
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const idOf = (value: unknown): string | null => (typeof value === 'string' && ID.test(value) ? value : null);

function targetsOf(raw: Json): Json[] {
  return Array.isArray(raw.target) ? raw.target.slice(0, MOST_TARGETS).filter(isJson) : [];
}
const ofType = (targets: readonly Json[], type: string): Json | undefined => targets.find((t) => t.type === type);

/** An admin's label for the app, fit for one line of a report: control characters dropped, whitespace folded. */
export function cleanLabel(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const clean = terminalSafe(value.slice(0, MOST_LABEL * 4))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MOST_LABEL);
  return clean === '' ? null : clean;
}

/** A deprovision's resolution: from any target's detailEntry (Okta's schema), else the debugData hint. */
function resolutionOf(targets: readonly Json[], debug: Json): ProvisioningEvent['resolution'] {
  const said = [...targets.map((t) => (isJson(t.detailEntry) ? t.detailEntry.resolution : undefined)), debug.resolution]
    .filter((v): v is string => typeof v === 'string')
    .at(0);
  if (said === undefined) return 'unknown';
  if (/^not deprovisioned/i.test(said)) return 'not_deprovisioned';
  return /deprovisioned/i.test(said) ? 'deprovisioned' : 'unknown';
}

/** Whether the event is a failure, and whether it succeeded, by its action and outcome.result. */
function outcomeOf(action: ProvisioningAction, result: unknown): { failed: boolean; ok: boolean } {
  if (action === 'integration' || action === 'group_push') return { failed: true, ok: false };
  if (action === 'account' || action === 'deactivate')
    return { failed: result === 'FAILURE', ok: result === 'SUCCESS' };
  // A revoke, an assignment or a deprovision is an admin's or a rule's act: it neither fails nor works the app.
  return { failed: false, ok: result === 'SUCCESS' };
}

/**
 * The event's user: the User target's id, else the AppUser's (another id space, so prefixed), keyed and hashed. The
 * AppUser's id cannot stand for the user's: in the System Log it is the app user object's own id (0ua..., beside the
 * actor's 00u... in okta-developer-docs' System Log guide, its IdP-initiated SSO example), while the Management API
 * addresses an app user by the user's id (/api/v1/apps/{appId}/users/{userId}) and calls AppUser.id "Unique
 * identifier of the App User object" (okta-management-openapi-spec). So a leaver known only by its AppUser closes on
 * an event for that same AppUser, never on one naming only the User.
 */
function userOf(targets: readonly Json[], hashUser: (userId: string) => string): string | null {
  const user = idOf(ofType(targets, 'User')?.id);
  if (user !== null) return hashUser(user);
  const appUser = idOf(ofType(targets, 'AppUser')?.id);
  return appUser === null ? null : hashUser(`AppUser:${appUser}`);
}

/**
 * One System Log LogEvent as a provisioning event, or why it was skipped. Never throws, whatever `raw` is; keeps no
 * reason text, login or user id (`hashUser` is the caller's keyed hash: userHasher's).
 */
export function readProvisioningEvent(raw: unknown, hashUser: (userId: string) => string): ProvisioningEvent | Skipped {
  if (!isJson(raw)) return { skipped: 'not_an_object' };
  const eventType = raw.eventType;
  if (typeof eventType !== 'string' || !TYPES.has(eventType)) return { skipped: 'not_provisioning' };
  const type = eventType as ProvisioningEventType;
  const targets = targetsOf(raw);
  const app = ofType(targets, 'AppInstance');
  const outcome = isJson(raw.outcome) ? raw.outcome : {};
  const debugContext = isJson(raw.debugContext) ? raw.debugContext : {};
  const debug = isJson(debugContext.debugData) ? debugContext.debugData : {};
  const { failed, ok } = outcomeOf(ACTIONS[type], outcome.result);
  const cause = failed ? reasonClass(type, outcome.reason, debug.error_code) : undefined;
  return checkedProvisioningEvent({
    uuid: raw.uuid,
    published: typeof raw.published === 'string' ? Date.parse(raw.published.slice(0, 40)) : NaN,
    eventType,
    appId: app?.id,
    appLabel: app?.displayName,
    user: userOf(targets, hashUser),
    failed,
    succeeded: ok,
    cause,
    retried: (failed && (type === RETRIED_GROUP_PUSH || cause === 'app_rate_limit')) || undefined,
    resolution: ACTIONS[type] === 'deprovision' ? resolutionOf(targets, debug) : undefined,
  });
}

/** A reduced event's fields before they are checked: as a LogEvent gives them, or as the stream's table gives back. */
type EventFields = { readonly [K in keyof ProvisioningEvent]?: unknown };

const CLASSES: ReadonlySet<string> = new Set(REASON_CLASSES);
const RESOLUTIONS: ReadonlySet<string> = new Set(['deprovisioned', 'not_deprovisioned', 'unknown']);

/** The fields only some events have, or null when they do not fit the event (a cause on a success, no resolution). */
function extrasOf(fields: EventFields, failed: boolean, deprovision: boolean): Partial<ProvisioningEvent> | null {
  const { cause, retried, resolution } = fields;
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
 * The one gate every reduced event passes, polled (readProvisioningEvent) or read back from the stream's table
 * (stream.ts): each field checked for its type and bounds, the label cleaned, the action derived from the event type
 * (a stored one is never trusted), and a skip with why when any field does not fit. Never throws.
 */
export function checkedProvisioningEvent(fields: EventFields): ProvisioningEvent | Skipped {
  const { uuid, published, eventType, appId, user, failed, succeeded } = fields;
  if (typeof eventType !== 'string' || !TYPES.has(eventType)) return { skipped: 'not_provisioning' };
  if (typeof uuid !== 'string' || uuid === '' || uuid.length > 64) return { skipped: 'torn' };
  if (typeof published !== 'number' || !Number.isSafeInteger(published) || published < 0) return { skipped: 'torn' };
  const app = idOf(appId);
  if (app === null) return { skipped: 'no_app_target' };
  if (user !== null && (typeof user !== 'string' || !USER_HASH.test(user))) return { skipped: 'torn' };
  if (typeof failed !== 'boolean' || typeof succeeded !== 'boolean' || (failed && succeeded))
    return { skipped: 'torn' };
  const type = eventType as ProvisioningEventType;
  const action = ACTIONS[type];
  const extras = extrasOf(fields, failed, action === 'deprovision');
  if (extras === null) return { skipped: 'torn' };
  return {
    uuid,
    published,
    eventType: type,
    action,
    appId: app,
    appLabel: cleanLabel(fields.appLabel),
    user,
    failed,
    succeeded,
    ...extras,
  };
}

/** Whether a read (an event's, an app's) gave a skip. */
export const isSkipped = <T extends object>(read: T | Skipped): read is Skipped => 'skipped' in read;
