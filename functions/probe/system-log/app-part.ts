// Okta's part of a sign-in to an app, told by the System Log when the app refused (app-sign-in failing after Okta
// handed off): the seed's first step, "check the System Log to verify that OIDC tokens are generated successfully",
// before the app is blamed. The events are found by the request id of Okta's answer that handed off (the authorize
// hop's redirect, the SAML app link's page), whose X-Okta-Request-Id is the events' transaction.id ("transaction.id:
// Identifies events that have occurred together as part of an operation (for example, a request to the Okta
// servers)": okta-developer-docs reference/system-log-query, "Correlating events"): the code's event and
// user.authentication.sso, beside policy.evaluate_sign_on. The ID token is granted on the app's own back channel,
// another request: its grant is found by the app's client among its targets (an OIDC app's client id is its app
// instance id; the same reference filters "target.id eq" an app's id), issued after this run's code; a grant Okta
// refused there (a rotated client secret: invalid_client) is the bare grant type with outcome FAILURE. Both
// authorization servers are read: a custom server writes app.oauth2.as.*, the Org server app.oauth2.authorize.code and
// app.oauth2.token.grant.*. Outcomes are read as Okta writes them (log-events.ts outcomeOf): a policy's ALLOW is a
// success. For a SAML app whose certificate the app pins, the app's last app.keys.rotate. Event types as
// okta-developer-docs data/event-types.json names them. Pure, but for the queries it names; read by look-up.ts, the
// one reader.
import type { LogSession } from '../okta/log-session';
import type { CheckResult, Diagnosis } from '../../types';
import { outcomeOf, type LogEvent } from '../okta/log-events';
import { diagnose } from '../../diagnosis/diagnose';
import { APP_ANSWER_CODES, BACK_CHANNEL_REFUSED } from '../../diagnosis/registry';

const APP_PART_EVENTS = {
  /** /authorize issued the code: a custom server's type, and the Org server's. */
  code: ['app.oauth2.as.authorize.code', 'app.oauth2.authorize.code'],
  /** /token granted the app its ID token, on either server. */
  idToken: ['app.oauth2.as.token.grant.id_token', 'app.oauth2.token.grant.id_token'],
  /** A grant as such: the type a refused token request is written under, on either server. */
  grant: ['app.oauth2.as.token.grant', 'app.oauth2.token.grant'],
  sso: 'user.authentication.sso',
  rotate: 'app.keys.rotate',
} as const;

const isOf = (types: readonly string[], e: LogEvent): boolean => types.includes(e.eventType);

/** How far back a key rotation is looked for: Okta keeps the System Log 90 days. */
export const ROTATION_LOOKBACK_DAYS = 90;

type Failed = Extract<CheckResult, { status: 'fail' }>;

/** The failing app-sign-in checks whose failure carries Okta's request id: Okta handed off, the app refused. */
export function appRefusals(checks: readonly CheckResult[]): Failed[] {
  return checks.filter(
    (c): c is Failed => c.check === 'app-sign-in' && c.status === 'fail' && c.diagnosis.requestId !== null,
  );
}

/**
 * The clause the failures' look-up adds for an OIDC app's back channel: its ID token's grant, or the grant refused
 * (the app's own request, so not found by ours), on either server; undefined when no OIDC app refused, so a run
 * without one asks nothing more. Bare disjuncts, never grouped: the query it joins is one "or" of request ids.
 */
function idTokenClause(refusals: readonly Failed[]): string | undefined {
  const types = [...APP_PART_EVENTS.idToken, ...APP_PART_EVENTS.grant];
  return refusals.some((c) => c.observed?.protocol === 'oidc')
    ? types.map((type) => `eventType eq "${type}"`).join(' or ')
    : undefined;
}

/** The failures' query: their request ids, and the ID tokens' grants when an OIDC app refused. */
export function failuresFilter(ownIds: string | undefined, refusals: readonly Failed[]): string | undefined {
  const idTokens = ownIds === undefined ? undefined : idTokenClause(refusals);
  return idTokens === undefined ? ownIds : `${ownIds} or ${idTokens}`;
}

/** What the look-up read for the apps that refused; undefined when none did. */
export function appPartRead(
  refusals: readonly Failed[],
  read: Pick<AppPartRead, 'events' | 'rotations' | 'partial'>,
  unread: () => string,
): AppPartRead | undefined {
  if (refusals.length === 0) return undefined;
  return { ...read, ...((read.events === null || read.rotations === null) && { unread: unread() }) };
}

/** The read of the SAML apps' key rotations, only when an app pins a certificate Okta no longer signs with. */
export function rotationQuery(refusals: readonly Failed[], now: number): Parameters<LogSession['read']>[0] | undefined {
  if (!refusals.some((c) => c.diagnosis.code === 'APP_CERTIFICATE_PINNED')) return undefined;
  return {
    filter: `eventType eq "${APP_PART_EVENTS.rotate}"`,
    since: new Date(now - ROTATION_LOOKBACK_DAYS * 86_400_000).toISOString(),
    until: new Date(now).toISOString(),
  };
}

/** What the failures' look-up read for the apps: the events, or why not, and whether a bound cut the read short. */
export interface AppPartRead {
  /** The events of the failures' request ids and the ID tokens' grants; null when the log could not be read. */
  readonly events: readonly LogEvent[] | null;
  readonly rotations: readonly LogEvent[] | null;
  /** A read stopped at its bound (pages, budget): events past it were not read. */
  readonly partial: boolean;
  /** Why the log could not be read, in words. */
  readonly unread?: string;
}

const outcome = (e: LogEvent): string => `outcome ${e.result ?? 'unknown'}${e.reason !== null ? `: ${e.reason}` : ''}`;
const told = (e: LogEvent): string => `System Log event ${e.eventType}, ${outcome(e)}`;
const ofClient = (e: LogEvent, clientId: string | undefined): boolean =>
  clientId !== undefined && (e.actor.id === clientId || e.targets.some((t) => t.id === clientId));

/** Okta's request asked the session for more (CHALLENGE): told only where no success of its part shows after it. */
const challenged = (own: readonly LogEvent[]): string => {
  const asked = own.find((e) => outcomeOf(e) === 'challenged');
  return asked === undefined ? '' : `; on that request Okta asked for more (${told(asked)})`;
};

/** What the log says of Okta's part; `backChannelRefused` when its event shows Okta refused the app's own request. */
interface OktaPart {
  readonly said: string;
  readonly backChannelRefused?: true;
}

/**
 * Okta's part of one refusal as the log tells it: what it issued, what it had not shown yet, that it refused the app's
 * own token request, or that it failed. ALLOW and SUCCESS are successes; a CHALLENGE the session met (its part went on
 * to succeed) is none of the refusal.
 */
function oktaPart(check: Failed, read: AppPartRead): OktaPart {
  const requestId = check.diagnosis.requestId ?? '';
  if (read.events === null)
    return {
      said:
        `Okta's System Log could not be read this run (${read.unread ?? 'not read'}): ` +
        "Okta's part is told by the page alone",
    };
  const own = read.events.filter((e) => e.transactionId === requestId || e.debug.requestId === requestId);
  const failed = own.find((e) => outcomeOf(e) === 'failed');
  if (failed !== undefined) return { said: `Okta's System Log says its part did not succeed (${told(failed)})` };
  const cut = read.partial ? ' (its read stopped at its bound: later events were not read)' : '';
  if (check.observed?.protocol === 'saml') {
    const sso = own.find((e) => e.eventType === APP_PART_EVENTS.sso && outcomeOf(e) === 'succeeded');
    return {
      said:
        sso !== undefined
          ? `Okta signed the user in to the app (${told(sso)}, X-Okta-Request-Id ${requestId})`
          : `Okta's System Log had not shown the single sign-on of X-Okta-Request-Id ${requestId} yet${cut}` +
            challenged(own),
    };
  }
  const code = own.find((e) => isOf(APP_PART_EVENTS.code, e) && outcomeOf(e) === 'succeeded');
  const clientId = typeof check.observed?.clientId === 'string' ? check.observed.clientId : undefined;
  const backChannel = (types: readonly string[], outcome: 'succeeded' | 'failed'): LogEvent | undefined =>
    read.events?.find(
      (e) =>
        isOf(types, e) &&
        outcomeOf(e) === outcome &&
        ofClient(e, clientId) &&
        e.published >= (code?.published ?? -Infinity),
    );
  const codeSaid = code === undefined ? undefined : `the code (${told(code)}, X-Okta-Request-Id ${requestId})`;
  // The app's own token request, refused by Okta: its credentials (a rotated client secret), never its service. Read
  // before any ID token of the client: a journey signing in with the app's client exchanges its own code after the
  // app's visit, and Okta's grant of that one is no answer to the app's request.
  const refused = backChannel(APP_PART_EVENTS.grant, 'failed');
  if (refused !== undefined)
    return {
      said:
        `Okta refused the app's own token request (${told(refused)})` +
        `${codeSaid !== undefined ? ` after ${codeSaid}` : ''}: the app's back channel to Okta, not its service`,
      backChannelRefused: true,
    };
  const idToken = backChannel(APP_PART_EVENTS.idToken, 'succeeded');
  if (idToken !== undefined)
    return { said: `Okta issued the ID token (${told(idToken)})${codeSaid !== undefined ? ` after ${codeSaid}` : ''}` };
  if (codeSaid !== undefined)
    return { said: `Okta issued ${codeSaid}; the System Log had not shown the ID token yet${cut}` };
  return {
    said: `Okta's System Log had not shown Okta's part of X-Okta-Request-Id ${requestId} yet${cut}${challenged(own)}`,
  };
}

/** The app's last key rotation the log holds, named by the app's label (the journey's app `name`). */
function lastRotation(check: Failed, read: AppPartRead): string | undefined {
  if (check.diagnosis.code !== 'APP_CERTIFICATE_PINNED') return undefined;
  if (read.rotations === null)
    return `The System Log's key rotations could not be read this run (${read.unread ?? 'not read'})`;
  const app = typeof check.observed?.app === 'string' ? check.observed.app : '';
  const newest = read.rotations
    .filter((e) => e.targets.some((t) => t.type === 'AppInstance' && (t.displayName === app || t.alternateId === app)))
    .sort((a, b) => b.published - a.published)[0];
  if (newest === undefined)
    return (
      `The System Log shows no rotation of ${app}'s signing key in the last ${ROTATION_LOOKBACK_DAYS} days` +
      (read.partial ? ' of what its bounded read reached' : '')
    );
  return `Okta last rotated ${app}'s signing key at ${new Date(newest.published).toISOString()} (${told(newest)})`;
}

/**
 * The refusal told Okta's part first, by the System Log: "Okta issued the ID token (System Log event …, outcome
 * SUCCESS)", or that the log had not shown it yet or could not be read (never "works" from an event not seen); and,
 * for a pinned certificate, Okta's last rotation of the app's signing key.
 */
export function withAppPart(check: Failed, read: AppPartRead, scrub: (text: string) => string): Diagnosis {
  const d = check.diagnosis;
  const part = oktaPart(check, read);
  const rotation = lastRotation(check, read);
  const detail = [scrub(part.said), d.detail ?? '', ...(rotation !== undefined ? [scrub(rotation)] : [])]
    .filter((s) => s !== '')
    .join('. ');
  // Okta's own event says it refused the app's client: the app's credentials, whatever its page said of its service.
  if (part.backChannelRefused !== true || d.code === BACK_CHANNEL_REFUSED || !APP_ANSWER_CODES.has(d.code))
    return { ...d, detail };
  const refined = diagnose(BACK_CHANNEL_REFUSED, { requestId: d.requestId, detail });
  return { ...d, ...refined, systemLog: { ...d.systemLog, refinedFrom: d.code } };
}
