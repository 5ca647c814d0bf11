// Which checks and metrics a configuration produces. The engine runs exactly these checks, the stack
// alarms on exactly these metrics and the cost command prices exactly these: one answer, three users.
import {
  DIMENSIONS,
  GAUGES,
  hasCheckSuccess,
  MAINTENANCE_SERVER,
  METRICS,
  ORG_SERVER_ID,
  STATUS_SERVER,
  TIMED_CHECKS,
  type CheckName,
  type MetricName,
} from '../contract';
import type { ProbeConfig, ServerConfig, SignInConfig } from '../types';

export interface PlannedCheck {
  readonly server: string;
  readonly check: CheckName;
}

export interface PlannedMetric {
  readonly name: MetricName;
  readonly dimensions: Readonly<Record<string, string>>;
}

export const isOrgServer = (server: Pick<ServerConfig, 'id'>): boolean => server.id === ORG_SERVER_ID;

/** The checks run for one server, in report order; the first server of the config also reports the org URL's certificate. */
export function serverChecks(server: ServerConfig, first = false): CheckName[] {
  const checks: CheckName[] = ['discovery', 'keys', 'token'];
  // Org-AS access tokens are opaque to us: only Okta may read them, so they are checked by introspection alone.
  if (!isOrgServer(server)) checks.push('validate');
  checks.push('introspect');
  if (server.managementApi) checks.push('management');
  if (server.authorize) checks.push('authorize');
  checks.push('rate-limit', 'clock');
  if (first) checks.push('certificate');
  return checks;
}

/**
 * A synthetic user's journey (issue 18), reported under its signIn id: the sign-in, and for the Authentication API
 * (the only flow in which Okta warns of an expiring password) the password's expiry.
 */
export function signInChecks(signIn: Pick<SignInConfig, 'flow'>): CheckName[] {
  return signIn.flow === 'authn' ? ['sign-in', 'password-expiry'] : ['sign-in'];
}

/**
 * What each check needs the result of: it reads their answers (validate verifies the token with the keys;
 * introspect, management, rate-limit and clock read the token or its answer). The rest stand alone; the
 * certificate is read from whichever answer of the org's host comes first.
 */
export const CHECK_PREREQUISITES: Readonly<Partial<Record<CheckName, readonly CheckName[]>>> = {
  validate: ['token', 'keys'],
  introspect: ['token'],
  management: ['token'],
  'rate-limit': ['token'],
  clock: ['token'],
  'password-expiry': ['sign-in'],
};

/** The checks named and those they need, e.g. validate → validate, token, keys. */
export function checksWithPrerequisites(named: Iterable<CheckName>): Set<CheckName> {
  const all = new Set<CheckName>();
  const add = (check: CheckName): void => {
    if (all.has(check)) return;
    all.add(check);
    for (const needed of CHECK_PREREQUISITES[check] ?? []) add(needed);
  };
  for (const check of named) add(check);
  return all;
}

/**
 * Every check of a run, in report order: each server's, then the status feed's. With `only`, those checks and
 * their prerequisites (a server lacking a check simply has fewer).
 */
export function plannedChecks(config: ProbeConfig, only?: ReadonlySet<CheckName>): PlannedCheck[] {
  const wanted = only === undefined ? undefined : checksWithPrerequisites(only);
  const checks: PlannedCheck[] = config.servers.flatMap((server, index) =>
    serverChecks(server, index === 0).map((check) => ({ server: server.id, check })),
  );
  for (const signIn of config.signIn ?? []) checks.push(...signInChecks(signIn).map((check) => ({ server: signIn.id, check })));
  if (config.statusPageUrl !== null) checks.push({ server: STATUS_SERVER, check: 'status' });
  return wanted === undefined ? checks : checks.filter((c) => wanted.has(c.check));
}

/** Every metric (name + dimensions) a run can publish: the probe's custom-metric cardinality. */
export function plannedMetrics(config: ProbeConfig): PlannedMetric[] {
  const metrics: PlannedMetric[] = [];
  for (const { server, check } of plannedChecks(config)) {
    const dimensions = { [DIMENSIONS.Server]: server, [DIMENSIONS.Check]: check };
    if (hasCheckSuccess(check)) metrics.push({ name: METRICS.CheckSuccess.name, dimensions });
    if (TIMED_CHECKS.includes(check)) metrics.push({ name: METRICS.CheckLatency.name, dimensions });
    for (const gauge of GAUGES) {
      if (gauge.check === check) metrics.push({ name: METRICS[gauge.metric].name, dimensions: { [DIMENSIONS.Server]: server } });
    }
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
