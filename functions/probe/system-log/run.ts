// The System Log look-up as the engine runs it (issue 19): started with the checks, finished once they settle,
// within the run's deadline (its requests carry the run's abort signal). Only when the "org" server has
// "systemLog" and a usable key; every other check runs the same with or without it.
import { ORG_SERVER_ID, type CheckName } from '../../contract';
import type { CheckResult, ProbeCache, ProbeConfig, ProbeOptions } from '../../types';
import { serverEndpoints } from '../endpoints';
import type { Exchange, ServerContext } from '../checks/context';
import { notApplicableResult } from '../checks/verdict';
import { lookUpFailures, PENDING_KEY, PENDING_TTL_MS, pendingFailures, startRateLimits, systemLogResults, withFindings, type PendingFailure } from './look-up';
import { LogSession } from './read';
import type { OrgRateLimits } from './rate-limits';
import type { Window } from './window';

/** The checks the look-up reports; the engine starts none of them itself. */
export const SYSTEM_LOG_CHECKS: readonly CheckName[] = ['system-log', 'org-rate-limit'];

export type SystemLogRun =
  | { readonly kind: 'reading'; readonly session: LogSession; readonly window: Window; readonly limits: Promise<OrgRateLimits | null>; readonly cache?: ProbeCache }
  | { readonly kind: 'not-applicable'; readonly why: string };

/** Starts reading the org's rate-limit events beside the checks; undefined when the run has no System Log check. */
export function startSystemLog(
  config: ProbeConfig,
  options: Pick<ProbeOptions, 'credentials' | 'cache' | 'systemLogPeriodMinutes'>,
  exchange: Exchange,
  now: () => number,
  wanted: ReadonlySet<CheckName>,
  secrets: string[],
): SystemLogRun | undefined {
  const server = config.servers.find((s) => s.id === ORG_SERVER_ID && s.systemLog === true);
  if (server === undefined || !SYSTEM_LOG_CHECKS.some((c) => wanted.has(c))) return undefined;
  const credential = options.credentials.get(server.id);
  if (credential?.kind === 'not-configured') return { kind: 'not-applicable', why: credential.detail };
  const ctx: ServerContext = {
    server,
    orgServer: true,
    endpoints: serverEndpoints(config.orgUrl, server.id, server.issuer),
    credential,
    exchange,
    now,
    ...(options.cache !== undefined && { cache: options.cache }),
  };
  const session = new LogSession(ctx, secrets);
  return { kind: 'reading', session, ...startRateLimits(session, now(), options.systemLogPeriodMinutes ?? 1), ...(options.cache !== undefined && { cache: options.cache }) };
}

/** The settled checks told what the log says, then the log's own two results (only those the run wants). */
export async function finishSystemLog(
  run: SystemLogRun,
  config: ProbeConfig,
  checks: readonly CheckResult[],
  wanted: ReadonlySet<CheckName>,
  startedAt: number,
  now: () => number,
): Promise<CheckResult[]> {
  const own = (results: CheckResult[]): CheckResult[] => results.filter((r) => wanted.has(r.check));
  if (run.kind === 'not-applicable') return [...checks, ...own(SYSTEM_LOG_CHECKS.map((check) => notApplicableResult(ORG_SERVER_ID, check, run.why)))];
  // A warm Lambda's previous run may have left failures the log did not explain yet: they are asked about again.
  // Only while something fails: a recovered run has nothing to attach them to, and sends nothing for them.
  const earlier = checks.some((c) => c.diagnosis !== null) ? (run.cache?.get<PendingFailure[]>(PENDING_KEY, now()) ?? []) : [];
  const [limits, findings] = await Promise.all([run.limits, lookUpFailures(run.session, config, checks, startedAt, now(), earlier)]);
  const pending = pendingFailures(checks, findings.reasons);
  if (pending.length > 0) run.cache?.set(PENDING_KEY, pending, now() + PENDING_TTL_MS);
  else run.cache?.delete(PENDING_KEY);
  return [...withFindings(checks, findings, earlier), ...own(systemLogResults(run.session, limits, run.window))];
}
