// The fast path inside the probe's Lambda run: after the run's checks are published, runQuorum (quorum-loop.ts)
// checks each server's fast checks again every checkEverySeconds until the run's deadline, against the AWS ports of
// quorum-aws.ts. Only this file reads the fast path's environment; nothing runs without QUORUM_TABLE (the stack
// sets it only with a quorum).
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { stackQuorum } from '../config/quorum';
import type { ResolvedConfig } from '../config/resolved';
import { QUORUM_REGION_ENV, QUORUM_TABLE_ENV } from '../contract';
import type { CheckResult, Report } from '../types';
import { createCloudWatchLatch, createDynamoVerdictTable, createFailingPublisher } from './quorum-aws';
import { runQuorum } from './quorum-loop';
import type { QuorumPorts, QuorumRun } from './quorum-ports';
import { decideAll, type RegionVerdicts } from '../quorum/decide';
import type { QuorumView } from '../status-page/verdicts';
import { pause, within } from '../deadline';
import type { Logger } from '../text/logger';

export { FAST_CHECKS } from '../plan/check-table';

/** The time kept for a round's table and alarm calls after its checks (each SDK call has two attempts). */
const ROUND_CALLS_MS = 3000;

/** What this sandbox keeps from one run to the next (made at init: a cold start starts from nothing). */
const sandbox: {
  /** The table, latch and publisher, made with the first run that has a fast path. */
  ports?: Omit<QuorumPorts, 'check'>;
  /** This region's last item as this environment judged it: a warm run's memory when the table cannot answer. */
  remembered?: RegionVerdicts;
} = {};

function awsPorts(
  prefix: string,
  namespace: string,
  region: string,
  home: string,
  targets: ReadonlySet<string>,
): Omit<QuorumPorts, 'check'> {
  const table = process.env[QUORUM_TABLE_ENV] ?? '';
  const local = new CloudWatchClient({ maxAttempts: 2 });
  const homeClient = home === region ? local : new CloudWatchClient({ maxAttempts: 2, region: home });
  return {
    table: createDynamoVerdictTable(table, targets),
    latch: createCloudWatchLatch(prefix, local),
    publishFailing: createFailingPublisher(namespace, region, homeClient),
    now: Date.now,
    sleep: pause,
  };
}

/**
 * Runs the fast path when the stack configured one; undefined otherwise. `check` is one fast round (the handler
 * runs the engine with FAST_CHECKS, settled by the deadline it is given); `ends` the run's deadline, and the
 * watch's end when it has one. Never throws: a failing port is in `errors`.
 */
export async function quorumAfterRun(
  config: ResolvedConfig,
  namespace: string,
  report: Report,
  ends: { readonly deadline: number; readonly watchUntil?: number | undefined },
  check: (deadline: number) => Promise<readonly CheckResult[]>,
): Promise<QuorumRun | undefined> {
  if (config.deploy.quorum === null || !process.env[QUORUM_TABLE_ENV]) return undefined;
  const region = process.env[QUORUM_REGION_ENV] || process.env.AWS_REGION || '';
  // The home reaches the Lambda once, in its configuration; a configuration naming no regions has its stack's own,
  // this one, resolved here where it is known.
  const settings = stackQuorum(config.deploy.quorum, region);
  const home = settings.homeRegion;
  const ports = (sandbox.ports ??= awsPorts(
    config.deploy.prefix,
    namespace,
    region,
    home,
    new Set(config.probe.servers.map((s) => s.id)),
  ));
  const run = await runQuorum(
    {
      settings,
      region,
      checks: report.checks,
      startedAt: Date.parse(report.startedAt),
      fastTargets: config.probe.servers.map((s) => s.id),
      deadline: ends.deadline,
      // The last round's checks settle by watchUntil, and its calls come after them: they keep their time.
      ...(ends.watchUntil !== undefined && { watchUntil: ends.watchUntil - ROUND_CALLS_MS }),
      // A round's write, read and latch calls: its checks need no room of their own, the engine settles them as
      // TIMEOUT at the deadline, so a blackholed path never runs the round past the run.
      roundBudgetMs: ROUND_CALLS_MS,
      pageFor: Object.fromEntries(
        [...config.probe.servers, ...(config.probe.signIn ?? [])].flatMap((entry) =>
          entry.pageFor !== undefined ? [[entry.id, entry.pageFor]] : [],
        ),
      ),
      ...(sandbox.remembered !== undefined && { remembered: sandbox.remembered }),
    },
    { ...ports, check },
  );
  sandbox.remembered = run.last;
  return run;
}

/** The longest the status page waits for the quorum's table and latches, ms: its whole budget is a few seconds. */
const VIEW_MS = 1_500;

/**
 * What the quorum has decided of each server, for the status page: the regions' items as this replica has them and
 * the latches this region holds, decided as a round decides them (decide.ts decideAll), without changing anything.
 * Undefined without a quorum of several regions, or when the table or the alarms do not answer in time: the page
 * then tells its own run.
 */
export async function readQuorumView(config: ResolvedConfig, namespace: string): Promise<QuorumView | undefined> {
  if (config.deploy.quorum === null || !process.env[QUORUM_TABLE_ENV]) return undefined;
  const region = process.env[QUORUM_REGION_ENV] || process.env.AWS_REGION || '';
  const settings = stackQuorum(config.deploy.quorum, region);
  // One region is its own quorum: its run is the decision, and nothing is read for it.
  if (settings.regions.length < 2) return undefined;
  const targets = config.probe.servers.map((s) => s.id);
  const { table, latch } = (sandbox.ports ??= awsPorts(
    config.deploy.prefix,
    namespace,
    region,
    settings.homeRegion,
    new Set(targets),
  ));
  try {
    const read = Promise.all([table.read(settings.regions), latch.latched(targets)]);
    const answer = await within(read, VIEW_MS, () => undefined);
    if (answer === undefined) return undefined;
    const [items, latched] = answer;
    return { decisions: decideAll(settings, items, Date.now(), latched, region), items };
  } catch {
    return undefined;
  }
}

/** The fast path's line in the run log: what changed and what failed, never a secret (verdicts hold codes only). */
export function logQuorum(run: QuorumRun, region: string, log: Logger): void {
  const fields = {
    region,
    rounds: run.rounds,
    acting: run.acting.map((a) => a.home),
    changes: run.changes,
    lone: run.lone,
    errors: run.errors,
    ...(run.reverted.length > 0 ? { reverted: run.reverted } : {}),
    ...(run.backedOffAt !== undefined ? { backedOffAt: new Date(run.backedOffAt).toISOString() } : {}),
  };
  if (run.errors.length > 0 || run.reverted.length > 0) log.warn('quorum', fields);
  else log.info('quorum', fields);
}
