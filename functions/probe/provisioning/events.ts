// One System Log event read as what it says about provisioning to an app, from hostile input. What each event type
// means (its action, whether it fails, proves the connection, opens or closes a leaver, is retried by Okta) is the one
// table of outcomes.ts: this reads an event into the fields that table is applied to. From Okta's schema
// (okta-developer-docs data/event-types.json): targets are found by type (AppInstance, User, AppUser), never by
// position; a deprovisioning event's target may carry the app and the user only in its detailEntry
// (UserProvisioningResourceDetails: user_id, app_user_id, app_instance_id, resolution: "Auto Deprovisioned",
// "Manually Deprovisioned", "Not Deprovisioned - ..."). Nothing personal is kept: the user is a keyed hash of Okta's
// user id, and outcome.reason becomes its class (reason.ts) before this returns.
import { createHmac } from 'node:crypto';
import { PROVISIONING_EVENT_TYPES, type ProvisioningEventType } from '../../contract';
import { terminalSafe } from '../../text/terminal';
import { OUTCOMES, type Outcome, type ProvisioningAction } from './outcomes';
import { REASON_CLASSES, reasonClass, type ReasonClass } from './reason';

export type { ProvisioningAction } from './outcomes';

/** A user's keyed hash as kept: 128 bits of HMAC-SHA256, in hex (tells an org's users apart, names none). */
export const USER_HASH = /^[0-9a-f]{32}$/;

/**
 * The keyed hash of Okta's user id that tells leavers apart across runs: HMAC-SHA256 under the caller's key (where
 * the key lives is the caller's: without it, a kept hash cannot be checked against a list of user ids).
 */
export function userHasher(key: string | Uint8Array): (userId: string) => string {
  return (userId) => createHmac('sha256', key).update(userId, 'utf8').digest('hex').slice(0, 32);
}

/** One provisioning event, reduced: no login, name, user id or reason text is kept. */
export interface ProvisioningEvent {
  readonly uuid: string;
  /** Epoch ms. */
  readonly published: number;
  readonly eventType: ProvisioningEventType;
  readonly action: ProvisioningAction;
  /** The AppInstance target's id, else a target's detailEntry.app_instance_id. */
  readonly appId: string;
  /** The AppInstance target's displayName, one line, bounded (the app's label, an admin's word): or null. */
  readonly appLabel: string | null;
  /**
   * The keyed hash of the User target's id (else a detailEntry's user_id, else the AppUser's, else a detailEntry's
   * app_user_id), or null for an event about no user.
   */
  readonly user: string | null;
  /** Whether the event is a failure by its type's row (outcomes.ts): an integration error whatever its result. */
  readonly failed: boolean;
  /** A success of a call to the app (never an act in Okta, never an integration error flagged SUCCESS). */
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

/** The targets' detailEntry objects (UserProvisioningResourceDetails on a deprovisioning event). */
const detailsOf = (targets: readonly Json[]): Json[] =>
  targets.map((t) => t.detailEntry).filter((d): d is Json => isJson(d));

/** The first of a field among the detailEntry objects that is an id. */
const detailId = (details: readonly Json[], field: string): string | null =>
  details.map((d) => idOf(d[field])).find((id) => id !== null) ?? null;

/** A deprovision's resolution: from any target's detailEntry (Okta's schema), else the debugData hint. */
function resolutionOf(details: readonly Json[], debug: Json): ProvisioningEvent['resolution'] {
  const said = [...details.map((d) => d.resolution), debug.resolution]
    .filter((v): v is string => typeof v === 'string')
    .at(0);
  if (said === undefined) return 'unknown';
  if (/^not deprovisioned/i.test(said)) return 'not_deprovisioned';
  return /deprovisioned/i.test(said) ? 'deprovisioned' : 'unknown';
}

/** Whether the event is a failure, and whether it is a success of a call to the app, by its type's row. */
function outcomeOf(row: Outcome, result: unknown): { failed: boolean; ok: boolean } {
  if (row.judged === 'error') return { failed: true, ok: false };
  if (row.judged === 'call') return { failed: result === 'FAILURE', ok: result === 'SUCCESS' };
  // An act in Okta (an assignment, a revoke, a task marked done) calls no app: it neither fails nor works it.
  return { failed: false, ok: false };
}

/** Whether Okta tries this failure again by itself: its type's rule, the app's 429 for most calls. */
const retriedBy = (row: Outcome, cause: ReasonClass | undefined): boolean =>
  cause !== undefined && (row.retried === 'always' || (row.retried === 'on_429' && cause === 'app_rate_limit'));

/**
 * The event's user: the User target's id, else the AppUser's (another id space, so prefixed), keyed and hashed. The
 * AppUser's id cannot stand for the user's: in the System Log it is the app user object's own id (0ua..., beside the
 * actor's 00u... in okta-developer-docs' System Log guide, its IdP-initiated SSO example), while the Management API
 * addresses an app user by the user's id (/api/v1/apps/{appId}/users/{userId}) and calls AppUser.id "Unique
 * identifier of the App User object" (okta-management-openapi-spec). So a leaver known only by its AppUser closes on
 * an event for that same AppUser, never on one naming only the User. A detailEntry's user_id and app_user_id are the
 * same two ids (UserProvisioningResourceDetails: formats okta:userId and okta:appUserId).
 */
function userOf(
  targets: readonly Json[],
  details: readonly Json[],
  hashUser: (userId: string) => string,
): string | null {
  const user = idOf(ofType(targets, 'User')?.id) ?? detailId(details, 'user_id');
  if (user !== null) return hashUser(user);
  const appUser = idOf(ofType(targets, 'AppUser')?.id) ?? detailId(details, 'app_user_id');
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
  const row = OUTCOMES[type];
  const details = detailsOf(targets);
  const { failed, ok } = outcomeOf(row, outcome.result);
  return checkedProvisioningEvent({
    uuid: raw.uuid,
    published: typeof raw.published === 'string' ? Date.parse(raw.published.slice(0, 40)) : NaN,
    eventType,
    appId: app?.id ?? detailId(details, 'app_instance_id'),
    appLabel: app?.displayName,
    user: userOf(targets, details, hashUser),
    failed,
    succeeded: ok,
    cause: failed ? reasonClass(outcome.reason, debug.error_code, row.cause) : undefined,
    resolution: row.action === 'deprovision' ? resolutionOf(details, debug) : undefined,
  });
}

/** A reduced event's fields before they are checked: as a LogEvent gives them, or as the stream's table gives back. */
type EventFields = { readonly [K in keyof ProvisioningEvent]?: unknown };

const CLASSES: ReadonlySet<string> = new Set(REASON_CLASSES);
const RESOLUTIONS: ReadonlySet<string> = new Set(['deprovisioned', 'not_deprovisioned', 'unknown']);

/**
 * The fields only some events have, or null when they do not fit the event (a cause on a success, no resolution).
 * `retried` is derived from the type's row and the cause, never taken as stored.
 */
function extrasOf(fields: EventFields, failed: boolean, row: Outcome): Partial<ProvisioningEvent> | null {
  const { cause, retried, resolution } = fields;
  const deprovision = row.action === 'deprovision';
  if (failed !== (typeof cause === 'string' && CLASSES.has(cause))) return null;
  if (retried !== undefined && (retried !== true || !failed)) return null;
  if (deprovision !== (typeof resolution === 'string' && RESOLUTIONS.has(resolution))) return null;
  return {
    ...(failed && { cause: cause as ReasonClass }),
    ...(retriedBy(row, failed ? (cause as ReasonClass) : undefined) && { retried: true }),
    ...(deprovision && { resolution: resolution as ProvisioningEvent['resolution'] }),
  };
}

/**
 * The one gate every reduced event passes, polled (readProvisioningEvent) or read back from the stream's table
 * (stream.ts): each field checked for its type and bounds, the label cleaned, the action and what Okta retries derived
 * from the event type (a stored one is never trusted), a success kept only for a call to the app, and a skip with why
 * when any field does not fit. Never throws.
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
  const row = OUTCOMES[type];
  // An error is one whatever was stored; an act in Okta never fails. A reduction stored by an older reader that
  // counted an act as a success is read as this reader would have read it.
  if ((row.judged === 'error' && !failed) || (row.judged === 'act' && failed)) return { skipped: 'torn' };
  const extras = extrasOf(fields, failed, row);
  if (extras === null) return { skipped: 'torn' };
  return {
    uuid,
    published,
    eventType: type,
    action: row.action,
    appId: app,
    appLabel: cleanLabel(fields.appLabel),
    user,
    failed,
    succeeded: succeeded && row.judged === 'call',
    ...extras,
  };
}

/** Whether a read (an event's, an app's) gave a skip. */
export const isSkipped = <T extends object>(read: T | Skipped): read is Skipped => 'skipped' in read;
