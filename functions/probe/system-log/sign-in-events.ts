// Real users' sign-ins as the System Log records them, each event reduced to what the user-sign-ins check counts:
// what was signed in to (an app, Okta itself, a factor, a federated IdP), by whom (Okta's user id, counted and never
// published), whether it worked, and why not. The event types are Okta's (okta-developer-docs data/event-types.json):
// - user.authentication.sso: "a user performs a single sign-on (SSO) to an app instance ... fired even when the
//   sign-on is unsuccessful": the app's sign-ins, its AppInstance target naming the app;
// - policy.evaluate_sign_on: outcomes ALLOW, CHALLENGE, DENY; a DENY with an AppInstance target is the app's
//   sign-on policy refusing the user, one of its failures (ALLOW and CHALLENGE are steps, not sign-ins);
// - user.session.start: "User login to Okta": the sign-in to Okta itself, before any app;
// - user.authentication.auth_via_mfa: a factor verified (Identity Engine: primary factors too), the factor named by
//   debugData.factor (UserFactorDebugData) or its AuthenticatorEnrollment target;
// - user.authentication.auth_via_IDP, auth_via_social, auth_via_inbound_SAML: a federated IdP's sign-in, the IdP named
//   by its target or debugData.idp_display_name (IdpAuthDebugData).
// - application.policy.sign_on.deny_access: people shut out of an app by its sign-on policy (their authenticators
//   cannot satisfy it: a phishing-resistant rollout), the app its AppInstance target.
// An MFA verified for an enrollment or a recovery (debugData.factorIntent, the catalogue's factor_intent,
// CREDENTIAL_ENROLLMENT or CREDENTIAL_RECOVERY) is no sign-in: an Okta Verify rollout never alarms the factor.
// Any other type, and an event without the fields it needs, is not a sign-in: counted as ignored, never a crash.
import { SIGN_IN_EVENT_TYPES } from '../../contract';
import { nameOf, targetOf, type LogEvent } from '../okta/log-events';

/** What a sign-in was to: an app (its AppInstance), Okta's own sign-in, a factor, or a federated IdP. */
export type SignInSubject = 'app' | 'okta' | 'factor' | 'idp';

/** Why a sign-in failed, as an admin would look for it: each kind has its own Admin Console page. */
export type FailureKind = 'policy' | 'network zone' | 'idp' | 'mfa' | 'directory' | 'other';

/** One sign-in attempt, reduced: no login, e-mail, IP or user agent is kept. */
export interface SignInRecord {
  readonly uuid: string;
  readonly published: number;
  readonly subject: SignInSubject;
  /** The app's Okta id, the factor's or IdP's name, "okta" for Okta's own sign-in. */
  readonly id: string;
  /** How people know it: the app's label, the factor's or IdP's name. */
  readonly label: string;
  /** Okta's id of the user (its User target's, else the actor's; else a login): counts people, never published. */
  readonly user: string;
  readonly ok: boolean;
  /** For a failure: its kind and Okta's reason as written (outcome.reason, else the result). */
  readonly failure?: { readonly kind: FailureKind; readonly reason: string };
}

/** The /api/v1/logs filter that reads them. */
export const SIGN_IN_FILTER = SIGN_IN_EVENT_TYPES.map((t) => `eventType eq "${t}"`).join(' or ');

const IDP_TYPES: ReadonlySet<string> = new Set<string>([
  'user.authentication.auth_via_IDP',
  'user.authentication.auth_via_social',
  'user.authentication.auth_via_inbound_SAML',
]);

/** An app's sign-on policy denying the user access (data/event-types.json). */
const DENY_ACCESS = 'application.policy.sign_on.deny_access';

/** The id and label of Okta's own sign-in (user.session.start), reported as one more "app". */
export const OKTA_SIGN_IN = { id: 'okta', label: 'Okta sign-in (user.session.start)' } as const;

// Okta's outcome.result values (System Log reference, Outcome object): SUCCESS, FAILURE, SKIPPED, ALLOW, DENY,
// CHALLENGE, UNKNOWN. Only FAILURE and DENY are a user refused; SKIPPED, CHALLENGE and UNKNOWN are not judged.
const FAILED = new Set(['FAILURE', 'DENY']);
const SUCCEEDED = new Set(['SUCCESS', 'ALLOW']);

// Phrases of outcome.reason, matched in this order: a network zone's refusal names the zone; a policy's says policy
// (or is a policy event's DENY); an IdP's and a factor's name them. Okta documents no list of reasons: what matches
// none is "other", told with Okta's own words (INVALID_CREDENTIALS, LOCKED_OUT, ...).
const KINDS: readonly (readonly [FailureKind, RegExp])[] = [
  ['network zone', /\bzone\b|blocklist|block list|threatinsight|blocked ip|ip .*block/i],
  ['policy', /polic(y|ies)|sign[- ]on rule|access denied|not allowed to access|DENY/i],
  ['idp', /\bidp\b|identity provider|federat|saml assertion|social/i],
  ['mfa', /\bmfa\b|factor|authenticator|\bpush\b|\botp\b|passcode|verification/i],
];

/**
 * user.session.start's VERIFICATION_ERROR: the username was not found or not verified in the directory
 * (support.okta.com "Common Okta Login Failures"; a JIT-provisioned user's directory), not an MFA factor.
 */
const DIRECTORY = /\bVERIFICATION_ERROR\b/;

/** The intents of an MFA that is no sign-in (debugData.factorIntent; data/event-types.json factor_intent). */
const NOT_SIGN_IN_INTENTS = new Set(['CREDENTIAL_ENROLLMENT', 'CREDENTIAL_RECOVERY']);

function failureKind(event: LogEvent, subject: SignInSubject): FailureKind {
  if (subject === 'factor') return 'mfa';
  if (subject === 'idp') return 'idp';
  if (subject === 'okta' && DIRECTORY.test(event.reason ?? '')) return 'directory';
  if (event.eventType === DENY_ACCESS) return 'policy';
  const said = `${event.reason ?? ''} ${event.displayMessage ?? ''}`;
  const kind = KINDS.find(([, pattern]) => pattern.test(said))?.[0];
  if (kind !== undefined) return kind;
  return event.eventType === 'policy.evaluate_sign_on' ? 'policy' : 'other';
}

/** What the event is a sign-in to, or undefined when it is not one this check counts. */
function subjectOf(event: LogEvent): { subject: SignInSubject; id: string; label: string } | undefined {
  const type = event.eventType;
  if (!SIGN_IN_EVENT_TYPES.includes(type)) return undefined;
  if (type === 'user.authentication.sso' || type === 'policy.evaluate_sign_on' || type === DENY_ACCESS) {
    const app = targetOf(event, 'AppInstance');
    const id = app?.id ?? app?.alternateId ?? null;
    // A policy ALLOW or CHALLENGE is a step of a sign-in whose sso event counts it: only its DENY is one.
    if (app === undefined || id === null || (type === 'policy.evaluate_sign_on' && event.result !== 'DENY'))
      return undefined;
    return { subject: 'app', id, label: nameOf(app) ?? id };
  }
  if (type === 'user.session.start') return { subject: 'okta', ...OKTA_SIGN_IN };
  if (type === 'user.authentication.auth_via_mfa') {
    // Log-events keeps debugData in both spellings, camel and snake.
    if (NOT_SIGN_IN_INTENTS.has((event.debug.factorIntent ?? '').toUpperCase())) return undefined;
    const name = event.debug.factor ?? nameOf(targetOf(event, /AuthenticatorEnrollment|Factor/i));
    return { subject: 'factor', id: name ?? 'unnamed factor', label: name ?? 'an unnamed factor' };
  }
  if (IDP_TYPES.has(type)) {
    const name = idpName(event);
    return { subject: 'idp', id: name ?? 'unnamed IdP', label: name ?? 'an unnamed IdP' };
  }
  return undefined;
}

/**
 * The federated IdP's name. Okta writes it as an IdentityProvider target, or as an AppInstance target whose
 * displayName is the IdP's kind ("SAML 2.0 IdP") and alternateId its instance (SEKOIA-IO/automation-library
 * Okta/tests/test_system_log_trigger.py, a real org's auth_via_IDP: AppInstance "SAML 2.0 IdP" / "Org2org"). The
 * kind names no IdP apart from another, so debugData.idp_display_name (IdpAuthDebugData) and the instance's
 * alternateId come before it.
 */
function idpName(event: LogEvent): string | undefined {
  const idp = nameOf(targetOf(event, /IdentityProvider|^IdP/i)) ?? event.debug.idp_display_name;
  if (idp !== undefined) return idp;
  const instance = targetOf(event, 'AppInstance');
  return instance?.alternateId ?? nameOf(instance);
}

/**
 * Whose sign-in it is, by Okta's user id (else login), and the logins that may name them. Okta writes a federated
 * sign-in with its SystemPrincipal as the actor ("Okta System", system@okta.com) and the person as a User target
 * (SEKOIA-IO/automation-library Okta/tests/test_system_log_trigger.py), or with the person as the actor
 * (panther-labs/panther-analysis rule Okta.Identity.Provider.SignIn reads actor.alternateId as who signed in): the
 * User target first, the actor only when it is no SystemPrincipal. Neither: Okta's own event, no person's sign-in.
 */
function whoSignedIn(event: LogEvent): { user: string; logins: string[] } | undefined {
  const target = targetOf(event, 'User');
  const actor = event.actor.type === 'SystemPrincipal' ? undefined : event.actor;
  const logins = [target?.alternateId, actor?.alternateId]
    .filter((l): l is string => typeof l === 'string')
    .map((l) => l.toLowerCase());
  const user = target?.id ?? target?.alternateId?.toLowerCase() ?? actor?.id ?? actor?.alternateId?.toLowerCase();
  return user === undefined || user === null ? undefined : { user, logins };
}

/**
 * The event as a sign-in record; undefined when it is not one (another type, no user, an outcome that is neither a
 * success nor a failure) or when its user is one of `excluded` (the product's own synthetic users, by login).
 */
export function signInRecord(event: LogEvent, excluded: ReadonlySet<string>): SignInRecord | undefined {
  const what = subjectOf(event);
  const result = event.result ?? '';
  if (what === undefined || !(FAILED.has(result) || SUCCEEDED.has(result))) return undefined;
  const who = whoSignedIn(event);
  if (who === undefined || who.logins.some((l) => excluded.has(l))) return undefined;
  const { user } = who;
  const ok = SUCCEEDED.has(result);
  return {
    uuid: event.uuid,
    published: event.published,
    ...what,
    user,
    ok,
    ...(!ok && { failure: { kind: failureKind(event, what.subject), reason: event.reason ?? result } }),
  };
}
