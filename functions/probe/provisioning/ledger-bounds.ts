// The leavers' ledger read back from its store (the CLI's state folder, the stack's state) as hostile input, the way
// stored-bounds.ts reads every kept record: anyone who can write the file or the item can write anything, so each
// field is bounded and the first one out of bounds is named. A forged ledger could hide leavers (closings in the
// future) or flood a report (millions of entries): the reader fails closed, and the caller says the state is damaged
// rather than trusting it.
import { STORED_SKEW_MS } from '../../contract';
import { first, hasPrototypeKey, isRecord, isTime, timeProblem, type Problem } from '../stored-bounds';
import { USER_HASH } from './events';
import { LEDGER_LIMITS, type AppLeavers, type LeaverKind, type LeaverLedger } from './ledger';
import { RATE_LIMITED_LEAVER } from './outcomes';

/** A ledger refused, and the first field out of its bounds ("apps.0oa1.open[3].since lies 20 min past ..."). */
export interface LedgerDamaged {
  readonly damaged: string;
}

const APP_ID = /^[A-Za-z0-9_-]{1,64}$/;
const KINDS: ReadonlySet<string> = new Set<LeaverKind>(['failed_deactivation', 'never_deactivates']);

function leaverProblem(raw: unknown, field: string, latest: number): Problem {
  if (!isRecord(raw) || hasPrototypeKey(raw)) return `${field} is not an object`;
  return (
    first([
      [typeof raw.user === 'string' && USER_HASH.test(raw.user), `${field}.user is not a user's hash`],
      [typeof raw.kind === 'string' && KINDS.has(raw.kind), `${field}.kind is not a leaver's kind`],
      [isTime(raw.since), `${field}.since is not a time`],
    ]) ?? timeProblem(raw.since, `${field}.since`, latest)
  );
}

function closedProblem(raw: unknown, field: string, latest: number): Problem {
  if (!isRecord(raw) || hasPrototypeKey(raw)) return `${field} is not an object`;
  return (
    first([
      [typeof raw.user === 'string' && USER_HASH.test(raw.user), `${field}.user is not a user's hash`],
      [isTime(raw.at), `${field}.at is not a time`],
    ]) ?? timeProblem(raw.at, `${field}.at`, latest)
  );
}

function retryingProblem(raw: unknown, field: string, latest: number): Problem {
  if (!isRecord(raw) || hasPrototypeKey(raw)) return `${field} is not an object`;
  const { refusals } = raw;
  return (
    first([
      [typeof raw.user === 'string' && USER_HASH.test(raw.user), `${field}.user is not a user's hash`],
      [isTime(raw.since), `${field}.since is not a time`],
      [isTime(raw.last) && (raw.last as number) >= (raw.since as number), `${field}.last is not a time from since on`],
      [
        Number.isSafeInteger(refusals) &&
          (refusals as number) >= 1 &&
          // Up to the last attempt: a ledger kept by a version that opened the leaver one refusal later holds as
          // many, and the next applyEvents counts it as the leaver it is.
          (refusals as number) <= RATE_LIMITED_LEAVER.refusals,
        `${field}.refusals is not a count up to Okta's last attempt`,
      ],
    ]) ?? timeProblem(raw.last, `${field}.last`, latest)
  );
}

/** A list's first problem: its size, then each member's, then a user named twice. */
function listProblem(
  list: unknown,
  field: string,
  most: number,
  member: (raw: unknown, field: string) => Problem,
): Problem {
  if (!Array.isArray(list)) return `${field} is not a list`;
  if (list.length > most) return `${field} holds more than ${most}`;
  const bad = list.map((raw, i) => member(raw, `${field}[${i}]`)).find((p) => p !== undefined);
  if (bad !== undefined) return bad;
  const users = list.map((raw) => (raw as { user: string }).user);
  return new Set(users).size === users.length ? undefined : `${field} names a user twice`;
}

function appProblem(raw: unknown, field: string, latest: number): Problem {
  if (!isRecord(raw) || hasPrototypeKey(raw)) return `${field} is not an object`;
  const { retrying, foldedThrough } = raw;
  return (
    listProblem(raw.open, `${field}.open`, LEDGER_LIMITS.openPerApp, (r, f) => leaverProblem(r, f, latest)) ??
    listProblem(raw.closed, `${field}.closed`, LEDGER_LIMITS.closedPerApp, (r, f) => closedProblem(r, f, latest)) ??
    (retrying === undefined
      ? undefined
      : listProblem(retrying, `${field}.retrying`, LEDGER_LIMITS.retryingPerApp, (r, f) =>
          retryingProblem(r, f, latest),
        )) ??
    (foldedThrough === undefined
      ? undefined
      : isTime(foldedThrough)
        ? timeProblem(foldedThrough, `${field}.foldedThrough`, latest)
        : `${field}.foldedThrough is not a time`) ??
    (typeof raw.full === 'boolean' ? undefined : `${field}.full is not true or false`) ??
    (raw.dropped === undefined || raw.dropped === true ? undefined : `${field}.dropped is not true`)
  );
}

/** What each list holds, as a bound's problem says it. */
const LISTED = { open: 'open leavers', closed: 'closings', retrying: 'deactivations Okta retries' } as const;

/** A bound on the sum of one list over every app. */
function totalProblem(apps: readonly AppLeavers[], list: keyof typeof LISTED, most: number): Problem {
  const total = apps.reduce((n, app) => n + (app[list]?.length ?? 0), 0);
  return total > most ? `apps hold more than ${most} ${LISTED[list]}` : undefined;
}

/** The first problem of a whole ledger, at `now`. */
function ledgerProblem(raw: unknown, now: number): Problem {
  const latest = now + STORED_SKEW_MS;
  if (!isRecord(raw)) return 'the ledger is not an object';
  if (raw.version !== 1) return 'version is not 1';
  if (!isRecord(raw.apps) || hasPrototypeKey(raw.apps)) return 'apps is not an object';
  const apps = Object.entries(raw.apps);
  if (apps.length > LEDGER_LIMITS.apps) return `apps holds more than ${LEDGER_LIMITS.apps}`;
  const badId = apps.find(([id]) => !APP_ID.test(id));
  if (badId !== undefined) return 'apps holds a key that is not an app id';
  const bad = apps.map(([id, app]) => appProblem(app, `apps.${id}`, latest)).find((p) => p !== undefined);
  if (bad !== undefined) return bad;
  const all = apps.map(([, app]) => app as AppLeavers);
  return (
    totalProblem(all, 'open', LEDGER_LIMITS.openTotal) ??
    totalProblem(all, 'closed', LEDGER_LIMITS.closedTotal) ??
    totalProblem(all, 'retrying', LEDGER_LIMITS.retryingTotal)
  );
}

/**
 * A stored ledger, or why it is refused. Never throws; a refused ledger is never partly trusted. The ledger is
 * rebuilt from the fields read, so nothing else a forger added is kept.
 */
export function readLedger(raw: unknown, now: number): LeaverLedger | LedgerDamaged {
  const problem = ledgerProblem(raw, now);
  if (problem !== undefined) return { damaged: problem };
  const apps = (raw as LeaverLedger).apps;
  return {
    version: 1,
    apps: Object.fromEntries(
      Object.entries(apps).map(([id, app]): [string, AppLeavers] => [
        id,
        {
          open: app.open.map(({ user, since, kind }) => ({ user, since, kind })),
          closed: app.closed.map(({ user, at }) => ({ user, at })),
          full: app.full,
          ...(app.dropped === true && { dropped: true as const }),
          ...(app.retrying !== undefined &&
            app.retrying.length > 0 && {
              retrying: app.retrying.map(({ user, since, last, refusals }) => ({ user, since, last, refusals })),
            }),
          ...(app.foldedThrough !== undefined && { foldedThrough: app.foldedThrough }),
        },
      ]),
    ),
  };
}
