// A refused password told apart from a lockout Okta hides (issue 36). By default Okta answers a locked user exactly as
// a wrong password: the password policy's showLockoutFailures defaults to false, and the user gets 401 E0000004 (the
// Authentication API reference), IDX "Password is incorrect" (okta-auth-js#1592), invalid_grant at /token. Held as a
// refused password, a locked user stayed red after an admin's unlock until the secret changed. So when the password
// is refused, the probe reads what it can: the user's status through the Management API, with the org server's key
// and okta.users.read (GET /api/v1/users/{login}: LOCKED_OUT, SUSPENDED, DEPROVISIONED, PASSWORD_EXPIRED...); or,
// with "systemLog", the user's user.account.lock / user.account.lock.limit events against the unlocks after them
// (okta-developer-docs data/event-types.json). The fetch halves read them; judgeRefusal only judges.
import type { ServerContext } from './context';
import { DAY_MS } from '../../contract';
import { LogSession } from '../system-log/read';
import { runToken } from './token';
import { failedStep, fail, type Verdict } from './verdict';
import { parseJsonBody } from '../http';

/** The scope that reads a user's status: the org server's, the Management API's. */
export const USER_STATUS_SCOPE = 'okta.users.read';

/** The user's status as Okta's Management API gives it, or why it could not be read. */
export type UserStatusRead = { readonly status: string; readonly requestId: string | null } | { readonly unavailable: string };

/** Reads the synthetic user's status with the org server's key (private_key_jwt), on a token of okta.users.read alone. */
export async function readUserStatus(org: ServerContext, username: string): Promise<UserStatusRead> {
  const token = await runToken({ ...org, server: { ...org.server, scopes: [USER_STATUS_SCOPE] } });
  if (token.accessToken === undefined) return { unavailable: `the "${org.server.id}" server's token for ${USER_STATUS_SCOPE}: ${failedStep('token', token)}` };
  const url = new URL(`/api/v1/users/${encodeURIComponent(username)}`, org.endpoints.issuer).toString();
  const outcome = await org.exchange({ method: 'GET', url, headers: { authorization: `Bearer ${token.accessToken}`, accept: 'application/json' } });
  if (!outcome.ok) return { unavailable: `GET /api/v1/users/{login}: ${outcome.failure.message}` };
  const res = outcome.response;
  const body = parseJsonBody(res) as { status?: unknown } | undefined;
  if (res.status !== 200 || typeof body?.status !== 'string') return { unavailable: `GET /api/v1/users/{login} answered ${res.status} (request ${res.requestId ?? 'id unknown'}): grant the "${org.server.id}" server's app an admin role that reads users` };
  return { status: body.status, requestId: res.requestId };
}

/** The System Log's lock events, read when the status cannot be (issue 36): Okta writes one when it locks a user. */
const LOCK_EVENTS = ['user.account.lock', 'user.account.lock.limit', 'user.account.unlock'] as const;

/**
 * The user's lockout as the System Log tells it, on the org server's log session (okta.logs.read): locked when its
 * latest lock event of the last day is later than its latest unlock. Events are matched to the user by login, as
 * actor or target, since Okta names the user either way; the filter is on event types only (a SCIM filter of `or`
 * clauses, which every org reads alike).
 */
export async function readLockEvents(org: ServerContext, username: string, secrets: string[]): Promise<UserStatusRead> {
  const now = org.now();
  const session = new LogSession({ ...org, server: { ...org.server, scopes: ['okta.logs.read'] } }, secrets);
  const events = await session.read({ filter: LOCK_EVENTS.map((type) => `eventType eq "${type}"`).join(' or '), since: new Date(now - DAY_MS).toISOString(), until: new Date(now - 10_000).toISOString() });
  if (events === null) return { unavailable: `the System Log's lock events (okta.logs.read): ${session.unavailable?.code ?? 'unreadable'}` };
  const mine = events.filter((e) => e.actor.alternateId === username || e.targets.some((t) => t.alternateId === username));
  const latest = (types: readonly string[]): number => Math.max(-Infinity, ...mine.filter((e) => types.includes(e.eventType)).map((e) => e.published));
  const locked = latest(['user.account.lock', 'user.account.lock.limit']);
  if (locked === -Infinity) return { status: 'ACTIVE (no lock event in the System Log of the last day)', requestId: null };
  return locked > latest(['user.account.unlock']) ? { status: 'LOCKED_OUT', requestId: null } : { status: 'ACTIVE (unlocked since its last lock event)', requestId: null };
}

/**
 * The refused password's verdict, told by the user's status: LOCKED_OUT is a lockout (backed off, so an admin's unlock
 * resumes the journey without a secret change), SUSPENDED or DEPROVISIONED a user that cannot sign in at all,
 * PASSWORD_EXPIRED an expired password; ACTIVE (or RECOVERY, PASSWORD_RESET) leaves the password refused. Without a
 * status the refusal stands, and says both causes are possible and what would tell them apart.
 */
export function judgeRefusal(refused: Verdict, read: UserStatusRead | undefined, orgServer: string | undefined): Verdict {
  const found = refused.diagnosis;
  if (found === null || found.code !== 'SIGN_IN_REJECTED') return refused;
  const withDetail = (detail: string): Verdict => ({ ...refused, diagnosis: { ...found, detail: `${found.detail ?? ''}${found.detail === undefined ? '' : '; '}${detail}` } });
  if (read === undefined || 'unavailable' in read) {
    const how = orgServer === undefined
      ? `add ${USER_STATUS_SCOPE} to the scopes of the "org" server (private_key_jwt) and grant it`
      : read === undefined ? `add ${USER_STATUS_SCOPE} to the "${orgServer}" server's scopes and grant it, or turn its "systemLog" on` : read.unavailable;
    return withDetail(`Okta answers a locked-out user exactly so unless the password policy's "Show lockout failures" is on: the user may be locked out, or the password wrong. To tell them apart the probe reads the user's status (${how})`);
  }
  const status = read.status;
  const facts = { userStatus: status };
  const as = (code: 'USER_LOCKED_OUT' | 'USER_NOT_ACTIVE' | 'PASSWORD_EXPIRED', detail: string): Verdict => {
    const verdict = fail(code, detail, { ...refused.observed, ...facts });
    return verdict.diagnosis === null ? verdict : { ...verdict, diagnosis: { ...verdict.diagnosis, requestId: found.requestId, ...(found.httpStatus !== undefined && { httpStatus: found.httpStatus }) } };
  };
  if (status === 'LOCKED_OUT') return as('USER_LOCKED_OUT', `Okta answered as for a wrong password (${found.detail ?? found.code}), but the user's status is LOCKED_OUT: a lockout Okta hides while "Show lockout failures" is off`);
  if (status === 'SUSPENDED' || status === 'DEPROVISIONED') return as('USER_NOT_ACTIVE', `Okta answered as for a wrong password, but the user's status is ${status}: it cannot sign in at all`);
  if (status === 'PASSWORD_EXPIRED') return as('PASSWORD_EXPIRED', "Okta answered as for a wrong password, but the user's status is PASSWORD_EXPIRED");
  return { ...withDetail(`the user's status is ${status}: the password itself was refused`), observed: { ...refused.observed, ...facts } };
}
