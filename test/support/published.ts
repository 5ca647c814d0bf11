// What the probe handler publishes of a run: its report's datums, with pageFor applied to the targets its region's
// plan has the probe judge (functions/probe/unpaged.ts, whose rule its own tests hold). A failure of a cause pageFor
// leaves out is withheld from its page alarm and told by the target's UnpagedFailure, so the handler's tests compare
// what it published with this, not with the report's metrics alone.
import type { ResolvedConfig } from '../../functions/config/resolved';
import { planOfRegion } from '../../functions/plan/region-plan';
import { applyPageFor, pageForOfTargets } from '../../functions/probe/unpaged';
import type { MetricDatum, Report } from '../../functions/types';

export function publishedOf(report: Report, config: ResolvedConfig): MetricDatum[] {
  const plan = planOfRegion(config, undefined);
  return applyPageFor(
    report.metrics,
    report.checks,
    plan.maintenance,
    new Set(plan.unpaged),
    pageForOfTargets(config.probe),
  ).metrics;
}
