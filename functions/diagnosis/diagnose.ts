// A judge's finding made a Diagnosis: the code's texts, the run's facts redacted, the remedy addressed to the org.
import type { DiagnosisCode, Severity } from '../contract';
import { redact } from '../text/redact';
import { requestIdIn } from '../text/request-id';
import type { Diagnosis, ServerConfig } from '../types';
import { codeRow } from './registry';
import { DIAGNOSES } from './table';

export interface DiagnosisFacts {
  readonly requestId?: string | null;
  /** Observed specifics; redacted here, whatever the caller passes. */
  readonly detail?: string;
  readonly httpStatus?: number;
  readonly oktaError?: string;
  /** The item a finding is about, when the check judges several; redacted here. */
  readonly item?: string;
  /** The judge's severity of the finding: kept for a code whose registry row is not fixed (Diagnosis.severity). */
  readonly severity?: Severity;
}

/**
 * Where a diagnosis is read: the org probed, the host a request went to, and the values this run must never
 * print (its credentials, the tokens it obtained). A hostile or broken server can echo what it was sent in words
 * no pattern recognises, in its description or as its error id itself: both are scrubbed of those values.
 */
export interface DiagnosisPlace {
  readonly orgUrl: string;
  /** The host the failing request went to: the status feed's for the status check, the org's for every other. */
  readonly host: string;
  readonly secrets: readonly string[];
  /** The config's servers: a failing server's setting may make its failure page (Diagnosis.severity). */
  readonly servers?: readonly ServerConfig[];
}

/**
 * A Diagnosis for `code`, with this run's facts. Absent facts stay absent (no undefined-valued keys). With a
 * place, the remedy names this org instead of `https://<org>`, and a connection that failed or timed out starts
 * with the host it went to, so a 3 a.m. reader checks the right one.
 */
export function diagnose(code: DiagnosisCode, facts: DiagnosisFacts = {}, place?: DiagnosisPlace): Diagnosis {
  const { summary } = DIAGNOSES[code];
  const secrets = place?.secrets ?? [];
  return {
    code,
    summary,
    remedy: place === undefined ? DIAGNOSES[code].remedy : addressedRemedy(code, place),
    requestId: requestIdIn(facts.requestId ?? null, secrets),
    ...(facts.detail !== undefined && { detail: redact(facts.detail, secrets) }),
    ...(facts.httpStatus !== undefined && { httpStatus: facts.httpStatus }),
    ...(facts.oktaError !== undefined && { oktaError: redact(facts.oktaError, secrets) }),
    ...(facts.item !== undefined && { item: redact(facts.item, secrets) }),
    ...(facts.severity !== undefined && codeRow(code).severity !== 'alarm' && { severity: facts.severity }),
  };
}

function addressedRemedy(code: DiagnosisCode, { orgUrl, host }: DiagnosisPlace): string {
  const remedy = DIAGNOSES[code].remedy
    .replaceAll('https://<org>.okta.com', orgUrl)
    .replaceAll('https://<org>', orgUrl);
  // No answer at all (the row's noAnswer): which host it went to is the first thing to check.
  return codeRow(code).noAnswer === true ? `The request went to ${host}. ${remedy}` : remedy;
}
