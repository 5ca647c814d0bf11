// The metric data of a run, derived from its check results alone. Names, units and dimensions come from the
// contract, and every datum corresponds to an entry of plan.plannedMetrics: nothing is emitted that no alarm knows.
import { DIMENSIONS, METRICS } from '../contract';
import { codeRow, isUnjudged } from '../diagnosis/registry';
import { checkRow } from '../plan/check-table';
import { checkOutputs, datumCheck, outputDimensions, publishes, type CheckOutput } from '../plan/outputs';
import { isHealthy } from './results';
import { latencyThreshold } from '../config/latency';
import type { CheckResult, MetricDatum, ProbeConfig } from '../types';

type MetricKey = keyof typeof METRICS;

/** `config`: which servers' latency is alarmed (ServerLatency is published for those only); none without it. */
export function reportMetrics(
  checks: readonly CheckResult[],
  config?: Pick<ProbeConfig, 'servers' | 'latencyWarnMs'>,
): MetricDatum[] {
  const latencyServers = new Set(
    (config?.servers ?? [])
      .filter((server) => latencyThreshold(config ?? {}, server) !== null)
      .map((server) => server.id),
  );
  return checks.flatMap((result) => checkMetrics(result, latencyServers));
}

/** The check's outputs (its registry row's) with this run's values; an output without a value publishes nothing. */
function checkMetrics(result: CheckResult, latencyServers: ReadonlySet<string>): MetricDatum[] {
  // A check skipped after a failed step says nothing about its own health: no CheckSuccess 0 that would page
  // someone twice; only a reading its row publishes whenSkipped. One that does not apply by design (ok) still reports
  // success, or its alarm would breach on missing data every period.
  const skipped = result.status === 'skip';
  // Nor one that could not judge its target this run: a warning in the report, no CheckSuccess 0.
  if (result.status === 'fail' && isUnjudged(result.diagnosis.code)) return [];
  const outputs = checkOutputs(result.check).filter(
    (output) => !skipped || (output.kind === 'gauge' && output.gauge.whenSkipped === true),
  );
  return outputs.flatMap((output) => {
    const value = valueOf(output, result);
    if (value === undefined) return [];
    const data = [datum(output.metric, outputDimensions(output, result.server, result.check), value)];
    if (output.kind === 'latency' && latencyServers.has(result.server) && isServerSample(result))
      data.push(datum('ServerLatency', { [DIMENSIONS.Server]: result.server }, result.latencyMs));
    return data;
  });
}

function valueOf(output: CheckOutput, result: CheckResult): number | undefined {
  switch (output.kind) {
    case 'success':
      return isHealthy(result) ? 1 : 0;
    case 'latency':
      return result.latencyMs ?? undefined;
    case 'gauge': {
      const value = result.observed?.[output.gauge.observed];
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    }
  }
}

function datum(metric: MetricKey, dimensions: Record<string, string>, value: number): MetricDatum {
  return { name: METRICS[metric].name, unit: METRICS[metric].unit, dimensions, value };
}

/** What the probe needs of an alarm to tell whether a datum would breach it (a ProbeMetricAlarm of the plan is one). */
export interface BreachRule {
  readonly metric: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly comparison: 'lessThan' | 'greaterThan' | 'greaterThanOrEqual' | 'lessThanLowerBand';
  readonly threshold: number;
  /** Compared as ABS(value): clock skew is signed. */
  readonly absolute?: boolean;
}

interface Withholding {
  /** What to publish: every datum but the withheld. */
  readonly publish: MetricDatum[];
  /** Breaching datapoints of the rules given, kept out of CloudWatch. */
  readonly withheld: MetricDatum[];
}

/**
 * While a maintenance window is open: the run's metrics without the datapoints that would breach a muted page
 * alarm (plan/alarms.ts maintenanceWithheld() names them). Passes are published, so an alarm already in ALARM can
 * recover; a withheld failure leaves its alarm as it was (they ignore missing data), and the run line still lists it.
 */
export function withholdBreaches(metrics: readonly MetricDatum[], rules: readonly BreachRule[]): Withholding {
  const publish: MetricDatum[] = [];
  const withheld: MetricDatum[] = [];
  for (const datum of metrics) (rules.some((rule) => breaches(rule, datum)) ? withheld : publish).push(datum);
  return { publish, withheld };
}

/** The datum is of the rule's alarm: its metric, with exactly the alarm's dimensions. */
export function watches(rule: BreachRule, datum: MetricDatum): boolean {
  if (rule.metric !== datum.name) return false;
  const names = Object.keys(rule.dimensions);
  return (
    names.length === Object.keys(datum.dimensions).length &&
    names.every((name) => datum.dimensions[name] === rule.dimensions[name])
  );
}

export function breaches(rule: BreachRule, datum: MetricDatum): boolean {
  if (!watches(rule, datum)) return false;
  const value = rule.absolute === true ? Math.abs(datum.value) : datum.value;
  switch (rule.comparison) {
    case 'lessThan':
      return value < rule.threshold;
    case 'greaterThan':
      return value > rule.threshold;
    case 'greaterThanOrEqual':
      return value >= rule.threshold;
    case 'lessThanLowerBand':
      // The band is CloudWatch's model of the metric's history: no one datum breaches it by itself.
      return false;
  }
}

/** The checks whose datapoints were withheld, as `server/check` (a gauge's check from the registry: datumCheck). */
export function withheldChecks(withheld: readonly MetricDatum[]): Set<string> {
  const checks = new Set<string>();
  for (const datum of withheld) {
    const server = datum.dimensions[DIMENSIONS.Server];
    const check = datumCheck(datum);
    if (server !== undefined && check !== undefined) checks.add(`${server}/${check}`);
  }
  return checks;
}

/**
 * A sample of the server's latency: an answered request of an authorization server's own check. A timeout
 * or connection error is no answer (its time is the limit we set, and it pages as a failure); the status feed is not
 * Okta's authorization server, and a journey's time is a whole sign-in, not one request.
 */
function isServerSample(result: CheckResult): result is CheckResult & { readonly latencyMs: number } {
  if (!publishes(result.check, 'latency') || checkRow(result.check).target !== 'server' || result.latencyMs === null)
    return false;
  return result.status !== 'fail' || codeRow(result.diagnosis.code).noAnswer !== true;
}
