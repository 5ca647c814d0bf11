// The System Log look-up of one run, in two parts: the org's rate-limit events of the window this run
// owns, read as the run starts (beside the checks, so a healthy run takes no longer), and, once the checks have
// settled, Okta's reason for each failing request and the admin changes touching each failing server. Then the
// checks' diagnoses are told what the log says, and two results of the "org" server report the log itself.
import { SYSTEM_LOG, type CheckName, type DiagnosisCode } from '../../contract';
import type { DiagnosisPlace } from '../../diagnosis';
import { redact } from '../../text/redact';
import type { CheckResult, ProbeConfig } from '../../types';
import { fail, pass, skip, type Judgement, type Verdict } from '../verdict';
import { adminChanges, CHANGE_FILTER, type AdminChange } from './changes';
import {
  CONCURRENCY_CAVEAT,
  CONCURRENCY_EVENT,
  describeChanges,
  describeRateLimits,
  orgRateLimits,
  RATE_LIMIT_EVENTS,
  RATE_LIMIT_FILTER,
  type OrgRateLimits,
} from './rate-limits';
import { oktaReasons, withOktaReason, type OktaReason } from './reasons';
import type { LogSession } from '../okta/log-session';
import { SYSTEM_LOG_CHECKS } from '../../plan/check-table';
import { ownedWindow, requestIdFilter, type Window } from './window';
import { FAILOVER_FILTER, failovers, type Failover } from './failover';
import { pollNewEvents } from '../okta/log-cursor';
import { appPartRead, appRefusals, failuresFilter, rotationQuery, withAppPart, type AppPartRead } from './app-part';
import type { KeptStore } from '../../kept-state';
import type { PendingFailure } from '../warm-state';

/** Okta's request ids can lag behind the answer: failures are looked up from a little before the run. */
const REASON_MARGIN_MS = 5 * 60_000;

interface SystemLogFindings {
  readonly window: Window;
  readonly rateLimits: OrgRateLimits | null;
  readonly reasons: ReadonlyMap<string, OktaReason>;
  readonly changes: ReadonlyMap<string, readonly AdminChange[]>;
  /** What the look-up read of Okta's part for each app that refused the sign-in (app-part.ts). */
  readonly apps?: AppPartRead;
  /**
   * Why Okta's reasons could not be read after the checks settled (the bucket fell below the reserve, the log's
   * budget ran out, the role was refused): the system-log check was judged before, so each failure says it itself.
   */
  readonly unread?: string;
}

/** Starts reading the org's rate-limit events of the window the run owns; null when the log could not be read. */
export function startRateLimits(
  session: LogSession,
  now: number,
  periodMinutes: number,
  kept: KeptStore,
): {
  window: Window;
  limits: Promise<{ readonly limits: OrgRateLimits; readonly failovers: readonly Failover[] } | null>;
} {
  const window = ownedWindow(now, periodMinutes);
  // One query for both: Okta's disaster recovery costs no request of its own. Polled from the last run's cursor: the
  // events are new ones, whichever minute they were published in (a late one included).
  const filter = `${RATE_LIMIT_FILTER} or ${FAILOVER_FILTER}`;
  const read = pollNewEvents(session, kept, filter, window, { maxPages: SYSTEM_LOG.rateLimitPages });
  const all: Window = { start: -Infinity, end: Infinity };
  return {
    window,
    limits: read.then((found) =>
      found === null ? null : { limits: orgRateLimits(found.events, all), failovers: failovers(found.events, all) },
    ),
  };
}

/** The failing checks in report order, each server's first one: what "began failing" means for this run. */
function firstFailures(checks: readonly CheckResult[]): Map<string, CheckName> {
  const first = new Map<string, CheckName>();
  for (const check of checks)
    if (check.diagnosis !== null && !first.has(check.server)) first.set(check.server, check.check);
  return first;
}

/** How long the pending failures (WARM.pendingFailures) are worth a second look. */
export const PENDING_TTL_MS = 10 * 60_000;

/** The failures of this run whose request the log did not explain: the next run asks again. */
export function pendingFailures(
  checks: readonly CheckResult[],
  reasons: ReadonlyMap<string, OktaReason>,
): PendingFailure[] {
  return checks.flatMap((c) => {
    const d = c.diagnosis;
    return d?.requestId == null || reasons.has(d.requestId)
      ? []
      : [{ server: c.server, check: c.check, code: d.code, requestId: d.requestId }];
  });
}

/** The admin changes touching each server's first failure, before it. */
function changesBefore(
  config: ProbeConfig,
  first: ReadonlyMap<string, CheckName>,
  changeEvents: Parameters<typeof adminChanges>[0],
  startedAt: number,
): Map<string, AdminChange[]> {
  const changes = new Map<string, AdminChange[]>();
  for (const [serverId, check] of first) {
    const server = config.servers.find((s) => s.id === serverId);
    if (server === undefined) continue;
    const clientIds = [
      server.clientId,
      ...(server.authorize?.clientId !== undefined ? [server.authorize.clientId] : []),
    ];
    const found = adminChanges(changeEvents, { serverId, clientIds }, { check, at: startedAt });
    if (found.length > 0) changes.set(serverId, found);
  }
  return changes;
}

/** Looks up the failures of settled checks: Okta's reasons (one request) and the admin changes (one request). */
export async function lookUpFailures(
  session: LogSession,
  config: ProbeConfig,
  checks: readonly CheckResult[],
  startedAt: number,
  now: number,
  earlier: readonly PendingFailure[] = [],
): Promise<Pick<SystemLogFindings, 'reasons' | 'changes' | 'unread' | 'apps'>> {
  // The log's own checks fail from the log itself: nothing to look up, and no admin change to blame.
  checks = checks.filter((c) => !SYSTEM_LOG_CHECKS.includes(c.check));
  // This run's ids first: when more than the filter takes, the earlier ones are dropped.
  const ids = [
    ...checks.flatMap((c) => (c.diagnosis?.requestId != null ? [c.diagnosis.requestId] : [])),
    ...earlier.map((e) => e.requestId),
  ];
  const first = firstFailures(checks.filter((c) => config.servers.some((s) => s.id === c.server)));
  const until = new Date(now).toISOString();
  // An app that refused after Okta handed off: its ID token's grant (the app's own request) in the same query, and
  // its key rotations only when it pins a certificate. Nothing more is asked on a run where no app refused.
  const refusals = appRefusals(checks);
  const filter = failuresFilter(requestIdFilter(ids), refusals);
  const rotations = rotationQuery(refusals, now);
  const [reasonEvents, changeEvents, rotationEvents] = await Promise.all([
    filter === undefined
      ? []
      : session.read({
          filter,
          since: new Date(startedAt - REASON_MARGIN_MS - (earlier.length > 0 ? PENDING_TTL_MS : 0)).toISOString(),
          until,
        }),
    first.size === 0
      ? []
      : session.read({
          filter: CHANGE_FILTER,
          since: new Date(startedAt - SYSTEM_LOG.changeLookbackMinutes * 60_000).toISOString(),
          until,
        }),
    rotations === undefined ? [] : session.read(rotations),
  ]);
  // Every read began before any ended: the session's `partial` says whether one of them stopped at its bound.
  const partial = session.partial;
  const changes = changesBefore(config, first, changeEvents ?? [], startedAt);
  const unread =
    filter !== undefined && reasonEvents === null
      ? (session.unavailable?.detail ?? 'the System Log could not be read')
      : undefined;
  const apps = appPartRead(
    refusals,
    { events: reasonEvents, rotations: rotationEvents, partial },
    () => session.unavailable?.detail ?? 'the System Log could not be read',
  );
  return {
    reasons: oktaReasons(ids, reasonEvents ?? []),
    changes,
    ...(unread !== undefined && { unread }),
    ...(apps !== undefined && { apps }),
  };
}

/** Admin changes shown per failure, at most: the newest are the likeliest causes. */
const CHANGES_SHOWN = 5;

/** Okta's reason for an earlier run's failure of the same check with the same code, marked as such. */
function earlierReason(
  check: CheckResult,
  code: DiagnosisCode,
  earlier: readonly PendingFailure[],
  reasons: ReadonlyMap<string, OktaReason>,
): OktaReason | undefined {
  for (const e of earlier) {
    const reason =
      e.server === check.server && e.check === check.check && e.code === code ? reasons.get(e.requestId) : undefined;
    if (reason !== undefined)
      return {
        ...reason,
        line: `${reason.line} (Okta's account of the same failure a run earlier, X-Okta-Request-Id ${e.requestId})`,
      };
  }
  return undefined;
}

/**
 * The checks, each failing one told Okta's reason, each server's first failure told what changed before it. A
 * failure whose reason went unread says so, with why: silence would read as "Okta's log had nothing on it".
 */
export function withFindings(
  checks: readonly CheckResult[],
  findings: Pick<SystemLogFindings, 'reasons' | 'changes' | 'unread' | 'apps'>,
  earlier: readonly PendingFailure[] = [],
  place?: (check: CheckName) => DiagnosisPlace,
): CheckResult[] {
  const told = new Set<string>();
  return checks.map((check) => {
    if (check.status !== 'fail') return check;
    let diagnosis = check.diagnosis;
    const where = place?.(check.check);
    // An app's refusal is told Okta's part first, by the log: its events are Okta's success, not a reason to refine.
    if (findings.apps !== undefined && appRefusals([check]).length > 0)
      return {
        ...check,
        diagnosis: withAppPart(check, findings.apps, (text) => redact(text, where?.secrets ?? [])),
      };
    const reason =
      (diagnosis.requestId === null ? undefined : findings.reasons.get(diagnosis.requestId)) ??
      earlierReason(check, diagnosis.code, earlier, findings.reasons);
    if (reason !== undefined) diagnosis = withOktaReason(diagnosis, reason, where);
    else if (
      findings.unread !== undefined &&
      diagnosis.requestId !== null &&
      !SYSTEM_LOG_CHECKS.includes(check.check)
    ) {
      diagnosis = {
        ...diagnosis,
        systemLog: {
          ...diagnosis.systemLog,
          reason: `not read this run: ${redact(findings.unread, where?.secrets ?? [])}`,
        },
      };
    }
    const changes = findings.changes.get(check.server);
    if (changes !== undefined && !told.has(check.server)) {
      told.add(check.server);
      const sentences = changes.slice(0, CHANGES_SHOWN).map((c) => redact(c.sentence, where?.secrets ?? []));
      diagnosis = { ...diagnosis, systemLog: { ...diagnosis.systemLog, changes: sentences } };
    }
    return diagnosis === check.diagnosis ? check : { ...check, diagnosis };
  });
}

/** The system-log check's judgement: the log read, or unavailable with its remedy (a warning). */
export function judgeSystemLog(session: LogSession, window: Window): Verdict {
  const facts = {
    logRequests: session.requests,
    windowStart: new Date(window.start).toISOString(),
    windowEnd: new Date(window.end).toISOString(),
  };
  const problem = session.unavailable;
  return problem === undefined ? pass(facts) : { diagnosis: problem, observed: facts };
}

/**
 * The org-rate-limit check's judgement: org-wide violations page; warnings, and violations confined to one user,
 * token or client, warn; admin changes to a limit are named beside either. Skipped when the log could not be read.
 */
export function judgeOrgRateLimits(rateLimits: OrgRateLimits | null, problem: string | undefined): Judgement {
  if (rateLimits === null) return skip(`system-log failed: ${problem ?? 'not read'}`);
  const { violations, warnings, changes } = rateLimits;
  const notices = rateLimits.notices?.length ?? 0;
  const observed = { violations: violations.length, warnings: warnings.length, ...(notices > 0 && { notices }) };
  const beside = changes.length > 0 ? `; ${describeChanges(changes)}` : '';
  const warned = warnings.length > 0 ? `warned: ${describeRateLimits(warnings)}` : '';
  // The concurrency limit's events are told beside what Okta says of them during its own incidents.
  const caveat = warnings.some((w) => w.eventType === CONCURRENCY_EVENT) ? `; ${CONCURRENCY_CAVEAT}` : '';
  if (violations.length > 0) {
    const detail = `violated: ${describeRateLimits(violations)}${warned && `; ${warned}`}${caveat}${beside}`;
    return fail('ORG_RATE_LIMIT_VIOLATION', detail, observed);
  }
  if (warnings.some((w) => RATE_LIMIT_EVENTS[w.eventType] === 'violation'))
    return fail('RATE_LIMIT_SCOPED_VIOLATION', `${warned}${caveat}${beside}`, observed);
  if (warnings.length > 0) return fail('ORG_RATE_LIMIT_WARNING', `${warned}${beside}`, observed);
  return pass(observed);
}
