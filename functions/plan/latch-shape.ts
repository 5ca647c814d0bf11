// The latch alarm's shape, one source for the stack (lib/quorum.ts) and for `okta-synthetics prove-latch`, which
// builds a throwaway alarm of exactly this shape to show whether a state set with SetAlarmState stays on this account
// (docs/decisions/latch-state.md).
import { DIMENSIONS, QUORUM_LATCH_METRIC } from '../contract';

export const LATCH_SHAPE = {
  /** Never published: with missing data ignored, the state the probe sets is the only state it has. */
  metricName: QUORUM_LATCH_METRIC,
  statistic: 'Maximum',
  periodSeconds: 60,
  threshold: 1,
  comparisonOperator: 'GreaterThanOrEqualToThreshold',
  evaluationPeriods: 1,
  treatMissingData: 'ignore',
} as const;

/** The latch metric's dimensions for one target. */
export function latchDimensions(target: string): Record<string, string> {
  return { [DIMENSIONS.Server]: target };
}
