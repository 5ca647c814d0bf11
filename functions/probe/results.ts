// Making a check's run a result, and reading results by their status, one way for every reader: the CLI's table and
// exit code, the Lambda's run line, the metrics and the benches count and label checks with these, never by re-deriving
// the status.
import type { CheckName } from '../contract';
import { diagnose, type DiagnosisPlace } from '../diagnosis';
import { checksWithPrerequisites } from '../plan/checks';
import { verdictOf } from '../plan/verdict';
import { codeRow } from '../diagnosis/registry';
import type { CheckResult, CheckStatus, Diagnosis, ServerConfig } from '../types';
import type { Finding, Judged, Observed } from './verdict';
import { redact } from '../text/redact';

/** Healthy: passed, or does not apply by design. A skipped check is not: one it needs failed. */
export const isHealthy = (result: Pick<CheckResult, 'status'>): boolean =>
  result.status === 'pass' || result.status === 'n/a';

/**
 * What a person is told of a check (the CLI's table, JSON and JUnit): its status, except that the failure of a
 * check whose alarm warns (plan/outputs.ts failureSeverity: capacity, hygiene, our reading failed; org-rate-limit's
 * warnings but not its violations) is a warning, as in AWS where it raises the warn composite and never a page.
 */
export type CheckOutcome = CheckStatus | 'warn';

export function outcomeOf(result: Pick<CheckResult, 'status' | 'check' | 'diagnosis'>): CheckOutcome {
  const found = result.diagnosis;
  if (result.status !== 'fail' || found === null) return result.status;
  return verdictOf(result.check, found.code, undefined, undefined, found.severity).severity === 'warn'
    ? 'warn'
    : 'fail';
}

/** The label a person reads for each outcome. */
export const STATUS_LABEL: Readonly<Record<CheckOutcome, string>> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  skip: 'SKIP',
  'n/a': 'N/A',
};

/** Which outcomes fail a run: failures (the default), or warnings too (`run --fail-on warn`). */
export type FailOn = 'fail' | 'warn';

/**
 * Whether the run's results fail it: a failure does, a warning only with `failOn` warn. A skipped check counts as
 * what stopped it: after the warning of a check it needs (org-rate-limit after system-log), a warning; otherwise a
 * failure.
 */
export function runFails(
  results: readonly Pick<CheckResult, 'status' | 'check' | 'server' | 'diagnosis'>[],
  failOn: FailOn = 'fail',
): boolean {
  const warned = new Set(
    results.filter((result) => outcomeOf(result) === 'warn').map((result) => `${result.server}/${result.check}`),
  );
  // The check itself is among its prerequisites here: a skipped check is never in `warned`, so it changes nothing.
  const afterWarning = (result: Pick<CheckResult, 'check' | 'server'>): boolean =>
    [...checksWithPrerequisites([result.check])].some((need) => warned.has(`${result.server}/${need}`));
  return results.some((result) => {
    const outcome = outcomeOf(result);
    if (outcome === 'skip') return !afterWarning(result) || failOn === 'warn';
    return outcome === 'fail' || (outcome === 'warn' && failOn === 'warn');
  });
}

/** The CLI's counts: passed (or not applicable), warned, failed, skipped. */
export function countOutcomes(
  results: readonly Pick<CheckResult, 'status' | 'check' | 'diagnosis'>[],
): ResultCounts & { readonly warned: number } {
  const { passed, failed, skipped } = countResults(results);
  const warned = results.filter((result) => outcomeOf(result) === 'warn').length;
  return { passed, warned, failed: failed - warned, skipped };
}

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
export function toCheckResult(
  target: { readonly server: string; readonly check: CheckName },
  { judgement, outcome, durationMs, items, carried, provisioning }: Judged,
  place?: DiagnosisPlace,
): CheckResult {
  const timings = outcome === undefined ? undefined : outcome.ok ? outcome.response.timings : outcome.failure.timings;
  const base = {
    server: target.server,
    check: target.check,
    latencyMs:
      durationMs !== undefined ? Math.round(durationMs) : timings === undefined ? null : Math.round(timings.total),
    ...(timings !== undefined && { timings }),
    ...(judgement.observed !== undefined && { observed: redactObserved(judgement.observed, place?.secrets ?? []) }),
    ...(items !== undefined && {
      items: items.map((item) => ({ ...item, item: redact(item.item, place?.secrets ?? []) })),
    }),
    ...(carried !== undefined && { carried: { judgedAt: new Date(carried.judgedAt).toISOString() } }),
    ...(provisioning !== undefined &&
      provisioning.length > 0 && {
        provisioning: provisioning.map((p) => ({ ...p, app: redact(p.app, place?.secrets ?? []) })),
      }),
  };
  if ('notRun' in judgement)
    return { ...base, status: judgement.notRun, diagnosis: null, skipReason: judgement.reason };
  const found = judgement.diagnosis;
  if (found === null) return { ...base, status: 'pass', diagnosis: null };
  const server = place?.servers?.find((s) => s.id === target.server);
  const diagnosed = (item: Finding): Diagnosis => diagnose(item.code, withSetting(target.check, item, server), place);
  const also = (judgement.also ?? []).map(diagnosed);
  return { ...base, status: 'fail', diagnosis: diagnosed(found), ...(also.length > 0 && { also }) };
}

/**
 * A finding whose code's severity a server's setting decides (the registry's `setting`: provisioning.pageOnLeavers)
 * given that severity here, where the server is known, so the CLI, JUnit and the run line page as the stack does.
 */
function withSetting(check: CheckName, item: Finding, server: ServerConfig | undefined): Finding {
  if (server === undefined || item.severity !== undefined || codeRow(item.code).severity !== 'setting') return item;
  return { ...item, severity: verdictOf(check, item.code, server).severity };
}

/**
 * Every diagnosis of a result, most urgent first: one per item that needs action, none when it did not
 * fail. Read from the diagnosis, not the status: the CLI's JSON report writes a warning's status as "warn".
 */
export function diagnosesOf(
  result: Pick<CheckResult, 'diagnosis'> & { readonly also?: readonly Diagnosis[] },
): readonly Diagnosis[] {
  return result.diagnosis === null ? [] : [result.diagnosis, ...(result.also ?? [])];
}

/**
 * What a check saw, scrubbed as its diagnosis is: every string, whatever the check put there (a retry's
 * request id, an ID token's claim names, a step's label), may echo a secret of the run.
 */
function redactObserved(observed: Observed, secrets: readonly string[]): Observed {
  return Object.fromEntries(
    Object.entries(observed).map(([key, value]) => [key, typeof value === 'string' ? redact(value, secrets) : value]),
  );
}
