// A refused password told apart from a lockout Okta hides. By default Okta answers a locked user exactly as
// a wrong password: the password policy's showLockoutFailures defaults to false, and the user gets 401 E0000004 (the
// Authentication API reference), IDX "Password is incorrect" (okta-auth-js#1592), invalid_grant at /token. Held as a
// refused password, a locked user stayed red after an admin's unlock until the secret changed. So when the password
// is refused, the probe reads what it can: the user's status through the Management API, with the org server's key
// and okta.users.read (GET /api/v1/users/{login}: LOCKED_OUT, SUSPENDED, DEPROVISIONED, PASSWORD_EXPIRED...); or,
// with "systemLog", the user's user.account.lock / user.account.lock.limit events against the unlocks after them
// (user.account.unlock, unlock_by_admin, unlock_token: okta-developer-docs data/event-types.json). The fetch halves
// read them; judgeRefusal only judges. A refused password held by the journey's state is read again at each run
// that holds it (recheckRefusal): a lockout found later, or ended since, is not held until the secret changes.
import type { ServerContext } from '../context';
import { DAY_MS } from '../../contract';
import { codeRow, type AccountCode } from '../../diagnosis/registry';
import { LogSession } from '../okta/log-session';
import { runToken } from '../okta/token';
import { failedStep, fail, withFoundRequest, type Finding, type Verdict } from '../verdict';
import { parseJsonBody } from '../http';
import type { Rechecked } from './recheck';
import type { Refusal } from './state';

/** The scope that reads a user's status: the org server's, the Management API's. */
export const USER_STATUS_SCOPE = 'okta.users.read';

/** The user's status as Okta's Management API gives it, or why it could not be read. */
export type UserStatusRead =
  | {
      readonly status: string;
      readonly requestId: string | null;
      /** From the System Log: when the user's latest lock and the unlock after it were logged (epoch ms). */
      readonly lockedAt?: number;
      readonly unlockedAt?: number;
    }
  /** 404 on GET /api/v1/users/{login}: no user of the org has this login (E0000007 "Not found: Resource not found"). */
  | { readonly notFound: true; readonly requestId: string | null }
  | { readonly unavailable: string };

/**
 * Reads the synthetic user's status with the org server's key (private_key_jwt), on a token of okta.users.read alone.
 */
export async function readUserStatus(org: ServerContext, username: string): Promise<UserStatusRead> {
  const token = await runToken({ ...org, server: { ...org.server, scopes: [USER_STATUS_SCOPE] } });
  if (token.accessToken === undefined)
    return {
      unavailable: `the "${org.server.id}" server's token for ${USER_STATUS_SCOPE}: ${failedStep('token', token)}`,
    };
  const url = new URL(`/api/v1/users/${encodeURIComponent(username)}`, org.endpoints.issuer).toString();
  const outcome = await org.exchange({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${token.accessToken}`, accept: 'application/json' },
  });
  if (!outcome.ok) return { unavailable: `GET /api/v1/users/{login}: ${outcome.failure.message}` };
  const res = outcome.response;
  const body = parseJsonBody(res) as { status?: unknown } | undefined;
  // A 404 is the user missing, not a role missing: an app without a role that reads users gets 403 E0000006
  // (okta-developer-docs data/error-codes.json; getUser's 404 in the Management API spec, okta-sdk-nodejs
  // oas-spec/management.yaml).
  if (res.status === 404) return { notFound: true, requestId: res.requestId };
  if (res.status !== 200 || typeof body?.status !== 'string')
    return {
      unavailable:
        `GET /api/v1/users/{login} answered ${res.status} (request ${res.requestId ?? 'id unknown'}): grant ` +
        `the "${org.server.id}" server's app an admin role that reads users`,
    };
  return { status: body.status, requestId: res.requestId };
}

/**
 * The events by which Okta locks a user (okta-developer-docs data/event-types.json): user.account.lock "Auto-lock user
 * account for Okta." and user.account.lock.limit "User account reached lockout limit and will not be automatically
 * unlocked."
 */
const LOCKS: readonly string[] = ['user.account.lock', 'user.account.lock.limit'];
/**
 * The events after which a lock no longer holds (data/event-types.json): user.account.unlock "Auto-unlock user account
 * for Okta.", user.account.unlock_by_admin "User account unlock by admin.", user.account.unlock_token "Issued recovery
 * token for self-service account unlock.". The last is a token issued, not proof that the user used it: it counts as
 * an unlock all the same, since a user judged unlocked only has its refused password held until the secret changes
 * (the safe side), while a user judged locked has it sent again on the locked-user schedule. A password reset
 * (user.account.reset_password, "User's Okta password has been reset.") is not counted: no source says it unlocks.
 */
const UNLOCKS: readonly string[] = ['user.account.unlock', 'user.account.unlock_by_admin', 'user.account.unlock_token'];
/**
 * How far back the lock events are read: the whole System Log Okta keeps ("System Log data older than 90 days isn't
 * returned", reference/system-log-query, "Data retention"). A user.account.lock.limit is never unlocked by itself, so
 * a lock of any age may still hold. Newest first (sortOrder=DESCENDING), within LogSession's request cap: the first of
 * the user's events read is its latest, whatever pages are left unread.
 */
export const LOCK_LOOKBACK_MS = 90 * DAY_MS;

/**
 * Whether an event's login is the user's. Okta logins are case-insensitive: "Logins are not considered unique if they
 * differ only in case and/or diacritical marks" (okta-management-openapi-spec, UserProfile.login), and "the portion
 * ahead of the @ can be used for logging in" under the ".+" login pattern.
 */
export function sameLogin(login: string | null, username: string): boolean {
  if (login === null) return false;
  const same = (a: string, b: string): boolean => a.localeCompare(b, 'en', { sensitivity: 'base' }) === 0;
  return same(login, username) || (!username.includes('@') && same(login.split('@')[0] ?? '', username));
}

/**
 * The user's lockout as the System Log tells it, on the org server's log session (okta.logs.read): the user's latest
 * lock or unlock event of the log's retention, newest first. Locked when it is a lock; unlocked (ACTIVE, with when)
 * when it is an unlock. With none of the user's events read (none logged, or the read stopped before them), unknown:
 * the status it reads is then `unavailable`, whose diagnosis says both causes are possible. Events are matched to the
 * user by login, as actor or target, since Okta names the user either way; the filter is on event types only (a SCIM
 * filter of `or` clauses, which every org reads alike).
 */
export async function readLockEvents(org: ServerContext, username: string, secrets: string[]): Promise<UserStatusRead> {
  const now = org.now();
  const session = new LogSession({ ...org, server: { ...org.server, scopes: ['okta.logs.read'] } }, secrets);
  const filter = [...LOCKS, ...UNLOCKS].map((type) => `eventType eq "${type}"`).join(' or ');
  const events = await session.read({
    filter,
    since: new Date(now - LOCK_LOOKBACK_MS).toISOString(),
    until: new Date(now - 10_000).toISOString(),
    sortOrder: 'DESCENDING',
  });
  if (events === null)
    return {
      unavailable: `the System Log's lock events (okta.logs.read): ${session.unavailable?.code ?? 'unreadable'}`,
    };
  // Newest first, as asked; a partial read is only trusted so (an org that ignored sortOrder gave its oldest pages).
  const newestFirst = events.every((e, i) => i === 0 || (events[i - 1]?.published ?? Infinity) >= e.published);
  const mine = events
    .filter(
      (e) => sameLogin(e.actor.alternateId, username) || e.targets.some((t) => sameLogin(t.alternateId, username)),
    )
    .sort((a, b) => b.published - a.published);
  const latest = mine[0];
  if (latest === undefined || (session.partial && !newestFirst)) {
    const why = session.partial
      ? `the System Log's lock events were read only in part (${session.unavailable?.code ?? 'stopped'}), and ` +
        `none of the user's among the ${events.length} read`
      : `no lock or unlock event of the user in the System Log's ${LOCK_LOOKBACK_MS / DAY_MS} days (its ` +
        `retention): neither a lock nor a wrong password is ruled out`;
    return { unavailable: why };
  }
  const lastLock = mine.find((e) => LOCKS.includes(e.eventType));
  if (LOCKS.includes(latest.eventType)) return { status: 'LOCKED_OUT', requestId: null, lockedAt: latest.published };
  return {
    status: `ACTIVE (${latest.eventType} at ${new Date(latest.published).toISOString()}${lastLock === undefined ? '' : `, after its lock at ${new Date(lastLock.published).toISOString()}`})`,
    requestId: null,
    unlockedAt: latest.published,
    ...(lastLock !== undefined && { lockedAt: lastLock.published }),
  };
}

/**
 * The refused password's verdict, told by the user's status: LOCKED_OUT is a lockout (backed off, so an admin's unlock
 * resumes the journey without a secret change), SUSPENDED or DEPROVISIONED a user that cannot sign in at all,
 * PASSWORD_EXPIRED an expired password; ACTIVE (or RECOVERY, PASSWORD_RESET) leaves the password refused. Without a
 * status the refusal stands, and says both causes are possible and what would tell them apart.
 */
export function judgeRefusal(
  refused: Verdict,
  read: UserStatusRead | undefined,
  orgServer: string | undefined,
): Verdict {
  const found = refused.diagnosis;
  if (found === null || codeRow(found.code).toldByStatus !== true) return refused;
  // A username refused at identify (USER_NOT_FOUND) is only told further by a status that exists.
  if (found.code === 'USER_NOT_FOUND' && (read === undefined || 'unavailable' in read || 'notFound' in read))
    return refused;
  const refusal: RefusedPassword = { verdict: refused, found };
  if (read === undefined || 'unavailable' in read) return statusUnread(refusal, read, orgServer);
  if ('notFound' in read)
    return retold(
      refusal,
      'USER_NOT_FOUND',
      `Okta answered as for a wrong password, and GET /api/v1/users/{login} answers 404 (request ${read.requestId ?? 'id unknown'}): ` +
        `no user of the org has this username`,
      { userStatus: 'not found' },
    );
  return judgedByStatus(refusal, read.status);
}

/** A refused password as judgeRefusal retells it: the refused verdict and its finding. */
interface RefusedPassword {
  readonly verdict: Verdict;
  readonly found: Finding;
}

/** The refusal as it stands, with `detail` after Okta's own. */
function withDetail({ verdict, found }: RefusedPassword, detail: string): Verdict {
  return {
    ...verdict,
    diagnosis: { ...found, detail: `${found.detail ?? ''}${found.detail === undefined ? '' : '; '}${detail}` },
  };
}

/** The refusal retold as `code`, keeping Okta's request id and HTTP status of the refused answer. */
function retold(
  { verdict: refused, found }: RefusedPassword,
  code: AccountCode,
  detail: string,
  facts: Readonly<Record<string, string>>,
): Verdict {
  return withFoundRequest(fail(code, detail, { ...refused.observed, ...facts }), found);
}

/** Without the user's status the refusal stands, saying both causes are possible and how to tell them apart. */
function statusUnread(
  refusal: RefusedPassword,
  read: { readonly unavailable: string } | undefined,
  orgServer: string | undefined,
): Verdict {
  const how =
    orgServer === undefined
      ? `add ${USER_STATUS_SCOPE} to the scopes of the "org" server (private_key_jwt) and grant it`
      : read === undefined
        ? `add ${USER_STATUS_SCOPE} to the "${orgServer}" server's scopes and grant it, or turn its "systemLog" on`
        : read.unavailable;
  return withDetail(
    refusal,
    `Okta answers a locked-out user exactly so unless the password policy's "Show lockout failures" is on: ` +
      `the user may be locked out, or the password wrong. To tell them apart the probe reads the user's ` +
      `status (${how})`,
  );
}

/** The refusal told by the user's status: a lockout, a user that cannot sign in, or the password after all. */
function judgedByStatus(refusal: RefusedPassword, status: string): Verdict {
  const { verdict: refused, found } = refusal;
  const facts = { userStatus: status };
  const answered =
    found.code === 'USER_NOT_FOUND' ? 'Okta refused the username at identify' : 'Okta answered as for a wrong password';
  if (status === 'LOCKED_OUT')
    return retold(
      refusal,
      'USER_LOCKED_OUT',
      `${answered} (${found.detail ?? found.code}), but the user's status is LOCKED_OUT: a lockout Okta ` +
        `hides while "Show lockout failures" is off`,
      facts,
    );
  if (status === 'SUSPENDED' || status === 'DEPROVISIONED')
    return retold(
      refusal,
      'USER_NOT_ACTIVE',
      `${answered}, but the user's status is ${status}: it cannot sign in at all`,
      facts,
    );
  if (status === 'PASSWORD_EXPIRED')
    return retold(refusal, 'PASSWORD_EXPIRED', `${answered}, but the user's status is PASSWORD_EXPIRED`, facts);
  // UserStatus (okta-sdk-nodejs oas-spec/management.yaml): STAGED is not activated, PROVISIONED has no password set
  // yet, and resetPassword "transitions the user to the RECOVERY status. The user is then not able to sign in ...
  // until they complete the reset flow".
  if (status === 'STAGED' || status === 'PROVISIONED' || status === 'RECOVERY')
    return retold(
      refusal,
      'USER_PASSWORD_NOT_SET',
      `${answered}, but the user's status is ${status}: no password signs it in until ${
        status === 'STAGED'
          ? 'it is activated'
          : status === 'PROVISIONED'
            ? 'its password is set'
            : 'its password reset ' + 'is completed'
      }`,
      facts,
    );
  if (found.code === 'USER_NOT_FOUND')
    return { ...withDetail(refusal, `the user's status is ${status}`), observed: { ...refused.observed, ...facts } };
  return {
    ...withDetail(refusal, `the user's status is ${status}: the password itself was refused`),
    observed: { ...refused.observed, ...facts },
  };
}

/**
 * A refused password the journey's state holds, told again at a run that holds it: the status read then may
 * show what the read at the refusal could not (a 429, a lock not yet logged), or an unlock since. It sends no password
 * (one Management API request, or the System Log's). Only a refused password's hold is read again (SIGN_IN_REJECTED at
 * the password step), never a TOTP code's or a back-off's.
 * - LOCKED_OUT, SUSPENDED, DEPROVISIONED, PASSWORD_EXPIRED (as judgeRefusal judges them): the user cannot sign in, so
 *   the password goes onto the locked-user schedule (backed off: an unlock resumes it without a secret change);
 * - a lock logged before the refusal and an unlock after it: Okta refused the password because the user was locked,
 *   and the lock has ended: the password is tried at the next run (one attempt; refused again, it is held again);
 * - else (ACTIVE, or unread): undefined, the hold stands.
 */
export async function recheckRefusal(
  refusal: Pick<Refusal, 'code' | 'at' | 'step' | 'outcome'>,
  read: (() => Promise<UserStatusRead>) | undefined,
  via: string | undefined,
): Promise<Rechecked | undefined> {
  if (
    read === undefined ||
    refusal.code !== 'SIGN_IN_REJECTED' ||
    refusal.outcome !== 'refused' ||
    refusal.step !== undefined
  )
    return undefined;
  const status = await read();
  if ('unavailable' in status) return undefined;
  const at = new Date(refusal.at).toISOString();
  const held = fail('SIGN_IN_REJECTED', `Okta refused this password at ${at}; not sent since`, { heldSince: at });
  const verdict = judgeRefusal(held, status, via);
  // judgeRefusal retold it as a user that cannot sign in at all (the row's `password`: `account`): a definite answer,
  // backed off.
  if (verdict.diagnosis !== null && codeRow(verdict.diagnosis.code).password === 'account')
    return {
      verdict: withMore(
        verdict,
        'read again at a run that held the password: it is backed off as a lockout is, so an unlock resumes ' +
          'the journey without a secret change',
      ),
      resume: 'after-backoff',
    };
  if ('notFound' in status) return undefined;
  const { lockedAt, unlockedAt } = status;
  if (lockedAt !== undefined && unlockedAt !== undefined && lockedAt <= refusal.at && unlockedAt > refusal.at) {
    const detail =
      `Okta refused this password at ${at} while the user was locked out (locked at ${new Date(lockedAt).toISOString()}, ` +
      `unlocked at ${new Date(unlockedAt).toISOString()}: the System Log): the password is tried again at the ` +
      `next run`;
    return {
      verdict: fail('USER_LOCKED_OUT', detail, { heldSince: at, userStatus: status.status }),
      resume: 'next-run',
    };
  }
  return undefined;
}

function withMore(verdict: Verdict, detail: string): Verdict {
  const found = verdict.diagnosis;
  return found === null ? verdict : { ...verdict, diagnosis: { ...found, detail: `${found.detail ?? ''}; ${detail}` } };
}
