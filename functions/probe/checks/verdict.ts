// The shape every check answers in (cdk-nag's rule shape: pass, fail with a code, or skipped with why),
// and the few ways a verdict is built from what Okta sent or failed to send.
import { classifyFailure, classifyResponse, type ClassifyContext } from '../classify';
import type { CheckName, DiagnosisCode } from '../../contract';
import { diagnose } from '../../diagnosis';
import type { HttpFailure, HttpOutcome, HttpResponse } from '../http';
import type { CheckResult, Diagnosis } from '../../types';

export type Observed = Readonly<Record<string, string | number | boolean | null>>;

/** A judge's answer: a diagnosis when the check failed, and the non-secret facts it saw either way. */
export interface Verdict {
  readonly diagnosis: Diagnosis | null;
  readonly observed?: Observed;
}

export const pass = (observed?: Observed): Verdict => (observed === undefined ? { diagnosis: null } : { diagnosis: null, observed });

/** A failure found in an answer Okta sent: the diagnosis carries its request id and status for a support ticket. */
export function failAnswer(code: DiagnosisCode, res: HttpResponse, detail?: string, observed?: Observed): Verdict {
  return withObserved(diagnose(code, { requestId: res.requestId, httpStatus: res.status, detail }), observed);
}

/** A failure with no answer behind it (a local check, a credential that could not be used). */
export function fail(code: DiagnosisCode, detail?: string, observed?: Observed): Verdict {
  return withObserved(diagnose(code, { requestId: null, detail }), observed);
}

/** Okta's error answer (4xx/5xx) as a verdict; null when the status is not an error. */
export function errorVerdict(res: HttpResponse, ctx: ClassifyContext): Verdict | null {
  const error = classifyResponse(res, ctx);
  if (error === null) return null;
  return {
    diagnosis: diagnose(error.code, {
      requestId: res.requestId,
      httpStatus: res.status,
      oktaError: error.oktaError,
      detail: error.description,
    }),
  };
}

/** No answer at all: TIMEOUT or NETWORK_ERROR, with what the transport said. */
export function failureVerdict(failure: HttpFailure): Verdict {
  return { diagnosis: diagnose(classifyFailure(failure), { requestId: null, detail: failure.message }) };
}

/** The verdict on an exchange: the transport failure, or what `judge` makes of the answer. */
export function judgeOutcome<V extends Verdict>(outcome: HttpOutcome, judge: (res: HttpResponse) => V): V | Verdict {
  return outcome.ok ? judge(outcome.response) : failureVerdict(outcome.failure);
}

/** The result of a check that ran; `outcome` is the check's own exchange (its latency and timings), if any. */
export function checkResult(server: string, check: CheckName, verdict: Verdict, outcome?: HttpOutcome): CheckResult {
  const timings = outcome === undefined ? undefined : outcome.ok ? outcome.response.timings : outcome.failure.timings;
  return {
    server,
    check,
    ok: verdict.diagnosis === null,
    latencyMs: timings === undefined ? null : Math.round(timings.total),
    ...(timings !== undefined && { timings }),
    diagnosis: verdict.diagnosis,
    ...(verdict.observed !== undefined && { observed: verdict.observed }),
  };
}

/** A check that could not run because a step it depends on failed. */
export function skippedResult(server: string, check: CheckName, skipReason: string): CheckResult {
  return { server, check, ok: false, skipped: true, skipReason, latencyMs: null, diagnosis: null };
}

/**
 * A check that does not apply by design, though nothing failed (an encrypted access token cannot be
 * validated by us): healthy, counted as passed, its success published so no alarm breaches on missing data.
 */
export function notApplicableResult(server: string, check: CheckName, skipReason: string, observed?: Observed): CheckResult {
  return { server, check, ok: true, skipped: true, skipReason, latencyMs: null, diagnosis: null, ...(observed !== undefined && { observed }) };
}

/** "token failed: INVALID_CLIENT": why a dependent check was skipped. */
export function failedStep(result: CheckResult): string {
  return `${result.check} ${result.skipped === true ? 'skipped' : 'failed'}: ${result.diagnosis?.code ?? result.skipReason ?? 'unknown'}`;
}

/** A JSON object body, or undefined (not JSON, an array, truncated). */
export function jsonObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function withObserved(diagnosis: Diagnosis, observed: Observed | undefined): Verdict {
  return observed === undefined ? { diagnosis } : { diagnosis, observed };
}
