// The System Log's two checks as the registry runs them. `system-log` opens the run's log session with
// the "org" server's key, reads the org's rate-limit events of the window the run owns beside the other checks,
// and leaves a follow-up that, once every check has settled, looks their failures up (Okta's reasons, the admin
// changes before them) within the run's deadline. `org-rate-limit` judges the events it read.
import { ACCESS_ASSERTIONS, PROVISIONING, SYSTEM_LOG, USER_SIGN_INS, type CheckName } from '../../contract';
import type { DiagnosisPlace } from '../../diagnosis';
import type { CheckResult, ProbeConfig } from '../../types';
import type { ServerContext } from '../context';
import type { Judged } from '../verdict';
import {
  judgeOrgRateLimits,
  judgeSystemLog,
  lookUpFailures,
  PENDING_TTL_MS,
  pendingFailures,
  startRateLimits,
  withFindings,
} from './look-up';
import { dropWarm, keepWarm, readWarm, WARM } from '../warm-state';
import type { OrgRateLimits } from './rate-limits';
import { judgeFailover, type Failover } from './failover';
import { LogSession } from '../okta/log-session';
import { defaultKeptStore } from '../kept-store';
import { runUserSignIns } from './user-sign-ins';

/** What a check may do once every check of the run has settled: explain their results (engine follow-ups). */
export type RunFollowUp = (
  results: readonly CheckResult[],
  run: { readonly config: ProbeConfig; readonly startedAt: number; place(check: CheckName): DiagnosisPlace },
) => Promise<CheckResult[]>;

/** The system-log check's run, with what org-rate-limit reads. */
export interface SystemLogRead extends Judged {
  readonly limits: OrgRateLimits | null;
  /** Okta's disaster-recovery events of the window, read in the same query; null when the log was not read. */
  readonly failovers: readonly Failover[] | null;
  /** The run's log session, for the checks that read more of the log through it (user-sign-ins). */
  readonly session: LogSession;
}

/** The system-log runner. `afterRun` registers the follow-up; `scheduleMinutes` sets the window each run owns. */
export async function runSystemLog(
  ctx: ServerContext & { readonly scheduleMinutes: number; afterRun(followUp: RunFollowUp): void },
): Promise<SystemLogRead> {
  const tokens: string[] = [];
  // The sign-ins' pages are on top of the look-up's own requests, never taken from them.
  const pages =
    (ctx.server.userSignIns === undefined ? 0 : USER_SIGN_INS.pagesPerRun) +
    (ctx.server.provisioning === undefined ? 0 : PROVISIONING.pagesPerRun) +
    ((ctx.server.accessAssertions ?? []).length === 0 ? 0 : ACCESS_ASSERTIONS.logRequestsPerRun);
  const session = new LogSession(ctx, tokens, SYSTEM_LOG.maxRequestsPerRun + pages);
  const { window, limits } = startRateLimits(
    session,
    ctx.now(),
    ctx.scheduleMinutes,
    ctx.kept ?? defaultKeptStore(ctx.cache),
  );
  ctx.afterRun((results, run) => explainFailures(session, ctx, results, run));
  const read = await limits;
  return {
    judgement: judgeSystemLog(session, window),
    secrets: tokens,
    limits: read?.limits ?? null,
    failovers: read?.failovers ?? null,
    session,
  };
}

/** The org-rate-limit runner's judge, on what system-log read. */
export function orgRateLimitsOf(read: SystemLogRead): Judged {
  const problem = 'notRun' in read.judgement ? read.judgement.reason : read.judgement.diagnosis?.code;
  return { judgement: judgeOrgRateLimits(read.limits, problem) };
}

/** The okta-failover runner's judge, on what system-log read. */
export function failoverOf(read: SystemLogRead): Judged {
  const problem = 'notRun' in read.judgement ? read.judgement.reason : read.judgement.diagnosis?.code;
  return { judgement: judgeFailover(read.failovers, problem) };
}

/** The user-sign-ins runner, on the session system-log opened (its own cursor, its own pages). */
export function userSignInsOf(ctx: Parameters<typeof runUserSignIns>[0], read: SystemLogRead): Promise<Judged> {
  return runUserSignIns(ctx, read.session);
}

/**
 * Once the checks settle: their failures looked up and told what the log says. A warm Lambda's previous run may
 * have left failures the log did not explain yet (events lag): asked about again while something still fails.
 */
async function explainFailures(
  session: LogSession,
  ctx: Pick<ServerContext, 'cache' | 'now'>,
  results: readonly CheckResult[],
  run: Parameters<RunFollowUp>[1],
): Promise<CheckResult[]> {
  const { cache } = ctx;
  session.nextPart();
  const now = ctx.now();
  const failing = results.some((c) => c.status === 'fail');
  const earlier = failing ? (readWarm(cache, WARM.pendingFailures, now) ?? []) : [];
  const findings = await lookUpFailures(session, run.config, results, run.startedAt, now, earlier);
  const pending = pendingFailures(results, findings.reasons);
  if (pending.length > 0) keepWarm(cache, WARM.pendingFailures, pending, now + PENDING_TTL_MS);
  else dropWarm(cache, WARM.pendingFailures);
  return withFindings(results, findings, earlier, (check) => run.place(check));
}
