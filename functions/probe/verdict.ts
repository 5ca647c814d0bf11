// The shape every check answers in (cdk-nag's rule shape: pass, fail with a code, or skipped with why),
// and the few ways a verdict is built from what Okta sent or failed to send. A judge only finds: the finding
// becomes a diagnosis (its text, the remedy with this org in it, every value redacted) once, in the engine.
import { classifyFailure, classifyResponse, type ClassifyContext } from './classify';
import type { DiagnosisCode } from '../contract';
import type { HttpFailure, HttpOutcome, HttpResponse } from './http';
import type { CheckItem, Diagnosis, ListedProvisioning } from '../types';
import { answerCode } from '../diagnosis/registry';

export type Observed = Readonly<Record<string, string | number | boolean | null>>;

/** What a judge found wrong, in Okta's words as sent: the engine makes it a Diagnosis (text, remedy, redaction). */
export type Finding = Pick<
  Diagnosis,
  'code' | 'requestId' | 'detail' | 'httpStatus' | 'oktaError' | 'item' | 'severity'
>;

/**
 * A judge's answer: a finding when the check failed, and the non-secret facts it saw either way. A check that
 * judges several items (the inventory's kinds) finds one per item: the most urgent is `diagnosis`, the rest `also`.
 */
export interface Verdict {
  readonly diagnosis: Finding | null;
  readonly also?: readonly Finding[];
  readonly observed?: Observed;
}

/** A check that did not run: a step it needs failed (skip), or it does not apply by design (notApplicable). */
export interface NotRun {
  readonly notRun: 'skip' | 'n/a';
  readonly reason: string;
  readonly observed?: Observed;
}

/** Everything a check can conclude. */
export type Judgement = Verdict | NotRun;

/** A check's run, before the engine makes it a result: its judgement and the exchange it timed, if any. */
export interface Judged {
  readonly judgement: Judgement;
  readonly outcome?: HttpOutcome;
  /** Values the run obtained (an access token) that no diagnosis of the run may print from now on. */
  readonly secrets?: readonly string[];
  /** Wall time of a run of several exchanges (the sign-in journey), ms: its latency instead of one exchange's. */
  readonly durationMs?: number;
  /**
   * Set when the judgement is an earlier run's, repeated because its check was not due (probe/cadence.ts): when it
   * was judged. A carried verdict is never a fresh one.
   */
  readonly carried?: { readonly judgedAt: number };
  /** Each item of a catalogue the check judged: the report's list, not the run line's. */
  readonly items?: readonly CheckItem[];
  /** The listed SAML apps that provision users, as the app listing told (the report warns of each). */
  readonly provisioning?: readonly ListedProvisioning[];
}

export const judged = (judgement: Judgement, outcome?: HttpOutcome): Judged =>
  outcome === undefined ? { judgement } : { judgement, outcome };

export const pass = (observed?: Observed): Verdict =>
  observed === undefined ? { diagnosis: null } : { diagnosis: null, observed };

/** A check skipped because a step it needs failed or gave nothing to read. */
export const skip = (reason: string, observed?: Observed): NotRun => ({
  notRun: 'skip',
  reason,
  ...(observed !== undefined && { observed }),
});

/**
 * A check that does not apply by design, though nothing failed (an encrypted access token cannot be validated by
 * us): healthy, counted as passed, its success published so no alarm breaches on missing data.
 */
export const notApplicable = (reason: string, observed?: Observed): NotRun => ({
  notRun: 'n/a',
  reason,
  ...(observed !== undefined && { observed }),
});

/** A finding with no answer behind it, or with the answer's request id and status for a support ticket. */
export function finding(code: DiagnosisCode, facts: Omit<Partial<Finding>, 'code'> = {}): Finding {
  return {
    code,
    requestId: facts.requestId ?? null,
    ...(facts.detail !== undefined && { detail: facts.detail }),
    ...(facts.httpStatus !== undefined && { httpStatus: facts.httpStatus }),
    ...(facts.oktaError !== undefined && { oktaError: facts.oktaError }),
    ...(facts.item !== undefined && { item: facts.item }),
    ...(facts.severity !== undefined && { severity: facts.severity }),
  };
}

/**
 * A failure found in an answer of the org: the finding carries its request id and status for a support ticket; an
 * answer without Okta's request id is told as the registry's row says (answerCode: not Okta's answer).
 */
export function failAnswer(code: DiagnosisCode, res: HttpResponse, detail?: string, observed?: Observed): Verdict {
  const told = answerCode(code, res.requestId);
  return withObserved(finding(told, { requestId: res.requestId, httpStatus: res.status, detail }), observed);
}

/** A failure with no answer behind it (a local check, a credential that could not be used). */
export function fail(code: DiagnosisCode, detail?: string, observed?: Observed): Verdict {
  return withObserved(finding(code, { detail }), observed);
}

/**
 * `verdict` retold from an earlier finding: it keeps that finding's Okta request id and HTTP status, which are what
 * a support ticket needs, whatever the new code says.
 */
export function withFoundRequest(verdict: Verdict, found: Pick<Finding, 'requestId' | 'httpStatus'>): Verdict {
  if (verdict.diagnosis === null) return verdict;
  const { requestId, httpStatus } = found;
  return {
    ...verdict,
    diagnosis: { ...verdict.diagnosis, requestId, ...(httpStatus !== undefined && { httpStatus }) },
  };
}

/** Okta's error answer (4xx/5xx) as a verdict; null when the status is not an error. */
export function errorVerdict(res: HttpResponse, ctx: ClassifyContext): Verdict | null {
  const error = classifyResponse(res, ctx);
  if (error === null) return null;
  return {
    diagnosis: finding(error.code, {
      requestId: res.requestId,
      httpStatus: res.status,
      oktaError: error.oktaError,
      detail: error.description,
    }),
  };
}

/**
 * An error answer of a sign-in step (the sign-in rules of classify.ts first); null when not an error. The journey's
 * steps and a SAML app's SSO walk meet the same answers, so both read them here.
 */
export const signInError = (res: HttpResponse): Verdict | null =>
  errorVerdict(res, { endpoint: 'sign-in', orgServer: false });

/** No answer at all: TIMEOUT or NETWORK_ERROR, with what the transport said. */
export function failureFinding(failure: HttpFailure): Finding {
  return finding(classifyFailure(failure), { detail: failure.message });
}

/** failureFinding as a verdict. */
export function failureVerdict(failure: HttpFailure): Verdict {
  return { diagnosis: failureFinding(failure) };
}

/** The verdict on an exchange: the transport failure, or what `judge` makes of the answer. */
export function judgeOutcome<V extends Verdict>(outcome: HttpOutcome, judge: (res: HttpResponse) => V): V | Verdict {
  return outcome.ok ? judge(outcome.response) : failureVerdict(outcome.failure);
}

/** "token failed: INVALID_CLIENT": why a check that needs `step` was skipped. */
export function failedStep(step: string, run: Judged): string {
  const j = run.judgement;
  if ('notRun' in j) return `${step} skipped: ${j.reason}`;
  return `${step} failed: ${j.diagnosis?.code ?? 'unknown'}`;
}

/**
 * What a check that reads the sign-in's facts says when the sign-in did not pass: N/A as the sign-in is, else skipped
 * naming the failed step (the sign-in's own diagnosis says why). Undefined when the sign-in passed.
 */
export function notSignedIn(run: Judged): Judged | undefined {
  const j = run.judgement;
  if ('notRun' in j) return judged(j.notRun === 'n/a' ? notApplicable(j.reason) : skip(failedStep('sign-in', run)));
  return j.diagnosis === null ? undefined : judged(skip(failedStep('sign-in', run)));
}

/** The run was judged, and passed (a skip or N/A did not). */
export const passed = (run: Judged): boolean => !('notRun' in run.judgement) && run.judgement.diagnosis === null;

export const findingOf = (run: Judged): Finding | null => ('notRun' in run.judgement ? null : run.judgement.diagnosis);

/** A JSON object body, or undefined (not JSON, an array, truncated). */
export function jsonObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function withObserved(diagnosis: Finding, observed: Observed | undefined): Verdict {
  return observed === undefined ? { diagnosis } : { diagnosis, observed };
}
