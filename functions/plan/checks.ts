// Which checks and metrics a configuration produces. The engine runs exactly these checks, the stack
// alarms on exactly these metrics and the cost command prices exactly these: one answer, three users.
import {
  CHECKS,
  DIMENSIONS,
  GAUGES,
  hasCheckSuccess,
  MAINTENANCE_SERVER,
  METRICS,
  STATUS_SERVER,
  type CheckName,
  type MetricName,
} from '../contract';
import type { ProbeConfig, ServerConfig, SignInConfig } from '../types';
import { checkRow, isTimed } from './check-table';
import { latencyThreshold } from '../config/latency';

export interface PlannedCheck {
  readonly server: string;
  readonly check: CheckName;
}

export interface PlannedMetric {
  readonly name: MetricName;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** The checks run for one server, in report order; the first server of the config also reports the org URL's certificate. */
export function serverChecks(server: ServerConfig, first = false): CheckName[] {
  return CHECKS.filter((check) => {
    const row = checkRow(check);
    return row.target === 'server' && (row.appliesTo?.(server, first) ?? true);
  });
}

/** The checks of one synthetic user's journey (issue 18), reported under its signIn id. */
export function journeyChecks(signIn: Pick<SignInConfig, 'flow'>): CheckName[] {
  return CHECKS.filter((check) => {
    const row = checkRow(check);
    return row.target === 'journey' && (row.appliesToJourney?.(signIn) ?? true);
  });
}

/** The checks named and those they need, e.g. validate → validate, token, keys (the registry's graph). */
export function checksWithPrerequisites(named: Iterable<CheckName>): Set<CheckName> {
  const all = new Set<CheckName>();
  const add = (check: CheckName): void => {
    if (all.has(check)) return;
    all.add(check);
    for (const needed of checkRow(check).needs) add(needed);
  };
  for (const check of named) add(check);
  return all;
}

/**
 * Every check of a run, in report order: each server's, then the status feed's. With `only`, those checks and
 * what they need, per target: a server that has none of the named checks runs nothing (`--check validate` sends
 * no request to the Org AS, which has no validate).
 */
export function plannedChecks(config: ProbeConfig, only?: ReadonlySet<CheckName>): PlannedCheck[] {
  const wanted = (has: readonly CheckName[]): readonly CheckName[] => {
    if (only === undefined) return has;
    const named = has.filter((check) => only.has(check));
    const closure = checksWithPrerequisites(named);
    return has.filter((check) => closure.has(check));
  };
  const checks: PlannedCheck[] = config.servers.flatMap((server, index) =>
    wanted(serverChecks(server, index === 0)).map((check) => ({ server: server.id, check })),
  );
  for (const signIn of config.signIn ?? []) checks.push(...wanted(journeyChecks(signIn)).map((check) => ({ server: signIn.id, check })));
  const feed = config.statusPageUrl === null ? [] : wanted(CHECKS.filter((check) => checkRow(check).target === 'feed'));
  for (const check of feed) checks.push({ server: STATUS_SERVER, check });
  return checks;
}

/** Every metric (name + dimensions) a run can publish: the probe's custom-metric cardinality. */
export function plannedMetrics(config: ProbeConfig): PlannedMetric[] {
  const metrics: PlannedMetric[] = [];
  for (const { server, check } of plannedChecks(config)) {
    const dimensions = { [DIMENSIONS.Server]: server, [DIMENSIONS.Check]: check };
    if (hasCheckSuccess(check)) metrics.push({ name: METRICS.CheckSuccess.name, dimensions });
    if (isTimed(check)) metrics.push({ name: METRICS.CheckLatency.name, dimensions });
    for (const gauge of GAUGES) {
      if (gauge.check === check) metrics.push({ name: METRICS[gauge.metric].name, dimensions: { [DIMENSIONS.Server]: server } });
    }
  }
  // ServerLatency (issue 22): one series per authorization server whose latency is alarmed.
  for (const server of config.servers) {
    if (latencyThreshold(config, server) !== null) metrics.push({ name: METRICS.ServerLatency.name, dimensions: { [DIMENSIONS.Server]: server.id } });
  }
  return metrics;
}

/**
 * Metrics the Lambda publishes beside a run's (not the CLI): MaintenanceWindow, only while an operator's window
 * is open. Not priced by the cost command: a custom metric costs by the hours it receives data.
 */
export function deploymentMetrics(): PlannedMetric[] {
  return [{ name: METRICS.MaintenanceWindow.name, dimensions: { [DIMENSIONS.Server]: MAINTENANCE_SERVER } }];
}
