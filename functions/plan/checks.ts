// Which checks and metrics a configuration produces. The engine runs exactly these checks, the stack
// alarms on exactly these metrics and the cost command prices exactly these: one answer, three users.
import {
  APPS_SCOPE,
  CHECKS,
  DIMENSIONS,
  isAppId,
  MAINTENANCE_SERVER,
  MANAGEMENT_PATHS,
  METRICS,
  STATUS_SERVER,
  type CheckName,
  type MetricName,
} from '../contract';
import type { ProbeConfig, SamlAppConfig, ServerConfig, SignInConfig } from '../types';
import { checkRow } from './check-table';
import { checkOutputs, outputDimensions } from './outputs';
import { latencyThreshold } from '../config/latency';

export interface PlannedCheck {
  readonly server: string;
  readonly check: CheckName;
}

interface PlannedMetric {
  readonly name: MetricName;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * The checks run for one server, in report order; the first server of the config also reports the org URL's
 * certificate.
 */
export function serverChecks(server: ServerConfig, first = false): CheckName[] {
  return CHECKS.filter((check) => {
    const row = checkRow(check);
    return row.target === 'server' && (row.appliesTo?.(server, first) ?? true);
  });
}

/** The checks of one synthetic user's journey, reported under its signIn id. */
function journeyChecks(signIn: Pick<SignInConfig, 'flow'>): CheckName[] {
  return CHECKS.filter((check) => {
    const row = checkRow(check);
    return row.target === 'journey' && (row.appliesToJourney?.(signIn) ?? true);
  });
}

/** The checks of one SAML app with its own alarm, reported under its samlApps id. */
export function samlChecks(): CheckName[] {
  return CHECKS.filter((check) => checkRow(check).target === 'saml');
}

/** The checks of one group of SAML apps, reported under its samlGroups id. */
function samlGroupChecks(): CheckName[] {
  return CHECKS.filter((check) => checkRow(check).target === 'saml-group');
}

/** The SAML apps with alarms of their own (ownAlarm): every other listed app is counted in its group. */
export function ownAlarmApps(config: Pick<ProbeConfig, 'samlApps'>): SamlAppConfig[] {
  return (config.samlApps ?? []).filter((app) => app.group === undefined);
}

/**
 * The scopes the server's token check asks for: the config's, without those a check of the server requests on a
 * token of its own (`ownToken`: okta.logs.read for the System Log, so a missing grant fails that check alone),
 * unless the management check's call needs them too. Never none: a token of those scopes alone is still a token.
 */
export function tokenScopes(server: ServerConfig): readonly string[] {
  const path = server.managementApi?.path;
  const managementNeeds = (scope: string): boolean =>
    path !== undefined &&
    MANAGEMENT_PATHS[scope] !== undefined &&
    path.startsWith(MANAGEMENT_PATHS[scope].split('?')[0] ?? '');
  const apart = new Set(
    serverChecks(server)
      .flatMap((check) => checkRow(check).ownToken?.scopes ?? [])
      .filter((scope) => !managementNeeds(scope)),
  );
  const others = server.scopes.filter((scope) => !apart.has(scope));
  return others.length > 0 ? others : server.scopes;
}

/**
 * The scopes the access assertions' rows ask of the "org" server's app, each on a token of its own: the check's own
 * (`ownToken`: okta.policies.read), and okta.apps.read when a row names its app by label (the run finds its id with
 * GET /api/v1/apps?q=). None without rows.
 */
export function accessAssertionScopes(server: Pick<ServerConfig, 'accessAssertions'>): readonly string[] {
  const rows = server.accessAssertions ?? [];
  if (rows.length === 0) return [];
  const labelled = rows.some((row) => !isAppId(row.app));
  return [...(checkRow('access-assertion').ownToken?.scopes ?? []), ...(labelled ? [APPS_SCOPE] : [])];
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
  for (const signIn of config.signIn ?? [])
    checks.push(...wanted(journeyChecks(signIn)).map((check) => ({ server: signIn.id, check })));
  // An app is judged in its journey's session: without that journey in the run (a probe config narrowed in code),
  // it has nothing to run in. The config validator refuses such an app; `run --server` keeps the journey.
  const journeys = new Set((config.signIn ?? []).map((signIn) => signIn.id));
  for (const app of ownAlarmApps(config).filter((a) => journeys.has(a.signIn)))
    checks.push(...wanted(samlChecks()).map((check) => ({ server: app.id, check })));
  for (const group of (config.samlGroups ?? []).filter((g) => journeys.has(g.signIn)))
    checks.push(...wanted(samlGroupChecks()).map((check) => ({ server: group.id, check })));
  const feed = config.statusPageUrl === null ? [] : wanted(CHECKS.filter((check) => checkRow(check).target === 'feed'));
  for (const check of feed) checks.push({ server: STATUS_SERVER, check });
  return checks;
}

/** Every metric (name + dimensions) a run can publish: the probe's custom-metric cardinality. */
export function plannedMetrics(config: ProbeConfig): PlannedMetric[] {
  const metrics: PlannedMetric[] = [];
  for (const { server, check } of plannedChecks(config)) {
    for (const output of checkOutputs(check))
      metrics.push({ name: METRICS[output.metric].name, dimensions: outputDimensions(output, server, check) });
  }
  // ServerLatency: one series per authorization server whose latency is alarmed.
  for (const server of config.servers) {
    if (latencyThreshold(config, server) !== null)
      metrics.push({ name: METRICS.ServerLatency.name, dimensions: { [DIMENSIONS.Server]: server.id } });
  }
  return metrics;
}

/**
 * Metrics the Lambda publishes beside a run's (not the CLI): MaintenanceWindow, only while an operator's window
 * is open, and CredentialsNotPut, only while a secret holds the placeholder past the grace period. Not priced by
 * the cost command: a custom metric costs by the hours it receives data.
 */
export function deploymentMetrics(): PlannedMetric[] {
  return [METRICS.MaintenanceWindow.name, METRICS.CredentialsNotPut.name].map((name) => ({
    name,
    dimensions: { [DIMENSIONS.Server]: MAINTENANCE_SERVER },
  }));
}
