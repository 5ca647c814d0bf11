// The metric data of a run, derived from its check results alone. Names, units and dimensions come from the
// contract, and every datum corresponds to an entry of plan.plannedMetrics: nothing is emitted that no alarm knows.
import { DIMENSIONS, GAUGES, hasCheckSuccess, METRICS } from '../contract';
import { isTimed } from '../plan/check-table';
import { isHealthy } from './results';
import type { CheckResult, MetricDatum } from '../types';

type MetricKey = keyof typeof METRICS;

export function reportMetrics(checks: readonly CheckResult[]): MetricDatum[] {
  return checks.flatMap(checkMetrics);
}

function checkMetrics(result: CheckResult): MetricDatum[] {
  // A check skipped after a failed step says nothing about its own health: no CheckSuccess 0 that would page
  // someone twice. One that does not apply by design (ok) still reports success, or its alarm would breach on
  // missing data every period.
  if (result.status === 'skip') return [];
  const perCheck = { [DIMENSIONS.Server]: result.server, [DIMENSIONS.Check]: result.check };
  const data: MetricDatum[] = hasCheckSuccess(result.check) ? [datum('CheckSuccess', perCheck, isHealthy(result) ? 1 : 0)] : [];
  if (isTimed(result.check) && result.latencyMs !== null) {
    data.push(datum('CheckLatency', perCheck, result.latencyMs));
  }
  for (const gauge of GAUGES) {
    const value = result.observed?.[gauge.observed];
    if (gauge.check === result.check && typeof value === 'number' && Number.isFinite(value)) {
      data.push(datum(gauge.metric, { [DIMENSIONS.Server]: result.server }, value));
    }
  }
  return data;
}

function datum(metric: MetricKey, dimensions: Record<string, string>, value: number): MetricDatum {
  return { name: METRICS[metric].name, unit: METRICS[metric].unit, dimensions, value };
}
