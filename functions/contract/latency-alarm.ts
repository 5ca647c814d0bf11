// A server's latency, alarmed. A check's own metrics and alarms are its registry row's
// (functions/plan/check-row.ts `outputs`); this alarm watches every answered request of a server, not one check.

/**
 * The warn alarm on a server's latency: ServerLatency's p90 above the threshold (latencyWarnMs, the config's or the
 * server's own) in 2 of the last 3 runs (the steady window), so "Okta is slow for us" is seen before it is an outage.
 * Off unless latencyWarnMs is set (docs/alarms.md: what it costs, and why it is not on by default).
 */
export const LATENCY_ALARM = {
  /** Suffix of the alarm name: `${prefix}-${server}-latency`. */
  name: 'latency',
  severity: 'warn',
  /** CloudWatch's percentile over the period's samples: every answered request of the server in that run. */
  statistic: 'p90',
} as const;

/**
 * The warn alarm of a target whose page composite holds its own check alarms (a "browser" journey, every target
 * without the fast path): UnpagedFailure 1, a page check failing for a cause the target's pageFor leaves out, in 1 of 1
 * run, as a page check's own window. What the fast path's latch does for the targets it takes over: the failure warns,
 * and the page alarm keeps its state.
 */
export const UNPAGED_ALARM = {
  /** Suffix of the alarm name: `${prefix}-${target}-unpaged-failure`. */
  name: 'unpaged-failure',
  severity: 'warn',
} as const;
