// Making a check's run a result, and reading results by their status, one way for every reader: the CLI's table and exit code, the Lambda's run
// line, the metrics and the benches count and label checks with these, never by re-deriving the status.
import type { CheckName } from '../contract';
import { diagnose, type DiagnosisPlace } from '../diagnosis';
import type { CheckResult, CheckStatus } from '../types';
import type { Judged, Observed } from './checks/verdict';
import { redact } from '../redact';

/** Healthy: passed, or does not apply by design. A skipped check is not: one it needs failed. */
export const isHealthy = (result: Pick<CheckResult, 'status'>): boolean => result.status === 'pass' || result.status === 'n/a';

/** The label a person reads for each status. */
export const STATUS_LABEL: Readonly<Record<CheckStatus, string>> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP', 'n/a': 'N/A' };

export interface ResultCounts {
  /** Passed or not applicable. */
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export function countResults(results: readonly Pick<CheckResult, 'status'>[]): ResultCounts {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const { status } of results) {
    if (status === 'fail') failed += 1;
    else if (status === 'skip') skipped += 1;
    else passed += 1;
  }
  return { passed, failed, skipped };
}

/**
 * A check's run as a result: the finding becomes a diagnosis here and only here, with the remedy naming this org
 * and the host that failed, and every value the run must not print scrubbed.
 */
export function toCheckResult(target: { readonly server: string; readonly check: CheckName }, { judgement, outcome, durationMs }: Judged, place?: DiagnosisPlace): CheckResult {
  const timings = outcome === undefined ? undefined : outcome.ok ? outcome.response.timings : outcome.failure.timings;
  const base = {
    server: target.server,
    check: target.check,
    latencyMs: durationMs !== undefined ? Math.round(durationMs) : timings === undefined ? null : Math.round(timings.total),
    ...(timings !== undefined && { timings }),
    ...(judgement.observed !== undefined && { observed: redactObserved(judgement.observed, place?.secrets ?? []) }),
  };
  if ('notRun' in judgement) return { ...base, status: judgement.notRun, diagnosis: null, skipReason: judgement.reason };
  const found = judgement.diagnosis;
  if (found === null) return { ...base, status: 'pass', diagnosis: null };
  return { ...base, status: 'fail', diagnosis: diagnose(found.code, found, place) };
}

/**
 * What a check saw, scrubbed as its diagnosis is (issue 30): every string, whatever the check put there (a retry's
 * request id, an ID token's claim names, a step's label), may echo a secret of the run.
 */
function redactObserved(observed: Observed, secrets: readonly string[]): Observed {
  return Object.fromEntries(Object.entries(observed).map(([key, value]) => [key, typeof value === 'string' ? redact(value, secrets) : value]));
}
