// The worst case's conditions: the stack's function, the config's limits, and how Okta and CloudWatch misbehave.

/** The stack's function: lib/probe-function.ts defaults. */
export const FUNCTION_TIMEOUT_MS = 50_000;
export const MEMORY_MB = 256;
/** The largest per-request timeout the config accepts (functions/config/parse.ts). */
export const TIMEOUT_MS = 60_000;
/** "Okta hangs": longer than the whole invocation. */
export const HANG_MS = 10 * 60_000;
/** PutMetricData held this long: far past the client's own timeout (PUBLISH_TIMEOUT_MS). */
export const CLOUDWATCH_HOLD_MS = 60_000;
/** Sizes of the padded answers in the large run. */
export const LARGE_MIN_BYTES = 512 * 1024;
export const LARGE_MAX_BYTES = 4 * 1024 * 1024;
/** Added before each padded answer, so that the requests of a run overlap as they would with a far Okta. */
export const LARGE_LATENCY_MS = 200;
export const NAMESPACE = 'OktaSyntheticsBench';
export const PREFIX = 'bench';
