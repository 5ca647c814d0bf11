// The metric data of a run, derived from its check results alone. Names, units and dimensions come from the
// contract, and every datum corresponds to an entry of plan.plannedMetrics: nothing is emitted that no alarm knows.
import { DIMENSIONS, GAUGES, hasCheckSuccess, METRICS, type DiagnosisCode } from '../contract';
import { checkRow, isTimed } from '../plan/check-table';
import { isHealthy } from './results';
import { latencyThreshold } from '../config/latency';
import type { CheckResult, MetricDatum, ProbeConfig } from '../types';

type MetricKey = keyof typeof METRICS;

/** `config`: which servers' latency is alarmed (ServerLatency is published for those only); none without it. */
export function reportMetrics(checks: readonly CheckResult[], config?: Pick<ProbeConfig, 'servers' | 'latencyWarnMs'>): MetricDatum[] {
  const latencyServers = new Set((config?.servers ?? []).filter((server) => latencyThreshold(config ?? {}, server) !== null).map((server) => server.id));
  return checks.flatMap((result) => checkMetrics(result, latencyServers));
}

function checkMetrics(result: CheckResult, latencyServers: ReadonlySet<string>): MetricDatum[] {
  // A check skipped after a failed step says nothing about its own health: no CheckSuccess 0 that would page
  // someone twice. One that does not apply by design (ok) still reports success, or its alarm would breach on
  // missing data every period.
  if (result.status === 'skip') return [];
  const perCheck = { [DIMENSIONS.Server]: result.server, [DIMENSIONS.Check]: result.check };
  const data: MetricDatum[] = hasCheckSuccess(result.check) ? [datum('CheckSuccess', perCheck, isHealthy(result) ? 1 : 0)] : [];
  if (isTimed(result.check) && result.latencyMs !== null) {
    data.push(datum('CheckLatency', perCheck, result.latencyMs));
  }
  if (latencyServers.has(result.server) && isServerSample(result)) data.push(datum('ServerLatency', { [DIMENSIONS.Server]: result.server }, result.latencyMs));
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

/**
 * A sample of the server's latency (issue 22): an answered request of an authorization server's own check. A timeout
 * or connection error is no answer (its time is the limit we set, and it pages as a failure); the status feed is not
 * Okta's authorization server, and a journey's time is a whole sign-in, not one request.
 */
function isServerSample(result: CheckResult): result is CheckResult & { readonly latencyMs: number } {
  if (!isTimed(result.check) || checkRow(result.check).target !== 'server' || result.latencyMs === null) return false;
  return result.status !== 'fail' || !NO_ANSWER.has(result.diagnosis.code);
}

const NO_ANSWER: ReadonlySet<DiagnosisCode> = new Set(['TIMEOUT', 'NETWORK_ERROR']);
