// Okta's own account of a failure: the System Log events of the failing request, matched by
// transaction.id (Okta's docs call it the request id for WEB transactions) or debugContext.debugData.requestId
// (every event carries it), and the diagnosis made more specific where the event says more than the HTTP answer:
// the claim that failed to evaluate, the hook that timed out, the rule that denied. Pure: no network.
import type { DiagnosisCode } from '../../contract';
import { diagnose, type DiagnosisPlace } from '../../diagnosis';
import { codeRow } from '../../diagnosis/registry';
import { redact } from '../../text/redact';
import type { Diagnosis } from '../../types';
import { nameOf, targetOf, type LogEvent } from '../okta/log-events';

/** What Okta logged for one failing request. */
export interface OktaReason {
  readonly requestId: string;
  readonly eventType: string;
  readonly result: string | null;
  readonly reason: string | null;
  readonly displayMessage: string | null;
  /** The debugData a reader of the diagnosis can use (grant type, scopes, the URI): never personal data. */
  readonly debug: Readonly<Record<string, string>>;
  /** Where the events say more than the HTTP answer: the code they point to and the specific fact. */
  readonly refined?: { readonly code: DiagnosisCode; readonly detail: string };
  /** One line for the report, the run log and the page. */
  readonly line: string;
}

/**
 * outcome.reason of a failed grant or authorize event: the catalogue's internalErrorCode (okta-developer-docs
 * data/oauth2-error-codes.json) mapped to the code with the matching remedy.
 */
const GRANT_REASONS: Readonly<Record<string, DiagnosisCode>> = {
  system_claim_evaluation_failure: 'CLAIM_EVALUATION_FAILED',
  user_claim_evaluation_failure: 'CLAIM_EVALUATION_FAILED',
  too_many_groups_in_groups_claim: 'CLAIM_EVALUATION_FAILED',
  invalid_callout_response: 'INLINE_HOOK_FAILED',
  no_matching_policy: 'NO_ACCESS_POLICY',
  scope_denied: 'SCOPE_DENIED_BY_POLICY',
  no_scope_allowed: 'SCOPE_DENIED_BY_POLICY',
  disallowed_network_zone: 'NETWORK_ZONE_DENIED',
  no_matching_scope: 'INVALID_SCOPE',
  consent_required_client_credentials: 'SCOPE_REQUIRES_CONSENT',
  no_org_scopes_granted: 'ORG_SCOPE_NOT_GRANTED',
};

const DEBUG_SHOWN: readonly string[] = ['grantType', 'requestedScopes', 'requestUri'];

const isFailure = (event: LogEvent): boolean => event.result !== null && /^(FAILURE|DENY)$/i.test(event.result);

/** How telling an event is about a failure: the claim and hook events name the culprit, the grant event the code. */
function rank(event: LogEvent): number {
  if (!isFailure(event)) return 0;
  if (event.eventType === 'app.oauth2.as.evaluate.claim' || event.eventType.startsWith('inline_hook.')) return 3;
  if (/^app\.oauth2\.(as\.)?(token\.grant|authorize)$/.test(event.eventType)) return 2;
  return 1;
}

/** The events of one request: transaction.id, or debugData.requestId where the transaction is not the request. */
function eventsOfRequest(requestId: string, events: readonly LogEvent[]): LogEvent[] {
  return events.filter((e) => e.transactionId === requestId || e.debug.requestId === requestId);
}

function refinement(events: readonly LogEvent[]): OktaReason['refined'] {
  const claim = events.find((e) => e.eventType === 'app.oauth2.as.evaluate.claim' && isFailure(e));
  if (claim !== undefined) {
    // The claim is a target (type named like "Claim"); else its name is quoted in the reason, as in the HTTP text.
    const name = nameOf(targetOf(claim, /claim/i)) ?? /'([^']+)'/.exec(claim.reason ?? '')?.[1];
    return {
      code: 'CLAIM_EVALUATION_FAILED',
      detail:
        `Okta's System Log: claim ${name === undefined ? '(unnamed)' : `'${name}'`} ` +
        `could not be evaluated${claim.reason !== null ? ` (${claim.reason})` : ''}`,
    };
  }
  const hook = events.find((e) => e.eventType.startsWith('inline_hook.') && isFailure(e));
  if (hook !== undefined) {
    const name = nameOf(targetOf(hook, /hook/i));
    const what = /time[d ]?\s*out/i.test(hook.reason ?? '')
      ? 'timed out'
      : `failed${hook.reason !== null ? `: ${hook.reason}` : ''}`;
    return {
      code: 'INLINE_HOOK_FAILED',
      detail: `Okta's System Log: inline hook ${name === undefined ? '(unnamed)' : `'${name}'`} ${what}`,
    };
  }
  const grant = events.find((e) => rank(e) === 2);
  const code = grant?.reason === null || grant === undefined ? undefined : GRANT_REASONS[grant.reason];
  if (grant === undefined || code === undefined) return undefined;
  const rule = nameOf(targetOf(grant, 'PolicyRule'));
  const policy = nameOf(targetOf(grant, 'PolicyEntity'));
  const where =
    rule !== undefined
      ? `; rule '${rule}'${policy !== undefined ? ` of policy '${policy}'` : ''}`
      : policy !== undefined
        ? `; policy '${policy}'`
        : '';
  return { code, detail: `Okta's System Log: ${grant.eventType} ${grant.reason}${where}` };
}

/** Okta's reason for each request id that has events; requests without events are absent. */
export function oktaReasons(requestIds: Iterable<string>, events: readonly LogEvent[]): Map<string, OktaReason> {
  const reasons = new Map<string, OktaReason>();
  for (const requestId of requestIds) {
    const own = eventsOfRequest(requestId, events);
    const main = [...own].sort((a, b) => rank(b) - rank(a))[0];
    if (main === undefined) continue;
    const debug = Object.fromEntries(
      DEBUG_SHOWN.flatMap((key) => (main.debug[key] !== undefined ? [[key, main.debug[key]]] : [])),
    );
    const refined = refinement(own);
    const said = [main.result, main.reason].filter((s) => s !== null).join(': ');
    const line = `${main.eventType}${said !== '' ? ` ${said}` : ''}${main.displayMessage !== null ? ` ("${main.displayMessage}")` : ''}${refined !== undefined ? `. ${refined.detail.replace(/^Okta's System Log: /, '')}` : ''}`;
    reasons.set(requestId, {
      requestId,
      eventType: main.eventType,
      result: main.result,
      reason: main.reason,
      displayMessage: main.displayMessage,
      debug,
      ...(refined !== undefined && { refined }),
      line,
    });
  }
  return reasons;
}

/**
 * May the event's code replace the HTTP answer's? Only a generic code (the registry's `generic`: the classification's
 * catch-all), or one sharing the answer's OAuth error (`sharedAnswer`: codes one HTTP answer cannot tell apart, each
 * with its own remedy): across them the HTTP classification stands and Okta's reason is only shown.
 */
export function canRefine(from: DiagnosisCode, to: DiagnosisCode): boolean {
  const answered = codeRow(from);
  return (
    from === to ||
    answered.generic === true ||
    (answered.sharedAnswer !== undefined && answered.sharedAnswer === codeRow(to).sharedAnswer)
  );
}

/** The diagnosis with Okta's reason attached, and its code refined where the event is more specific. */
export function withOktaReason(diagnosis: Diagnosis, reason: OktaReason, place?: DiagnosisPlace): Diagnosis {
  const systemLog = { ...diagnosis.systemLog, reason: redact(reason.line, place?.secrets ?? []) };
  const refined = reason.refined;
  if (refined === undefined || !canRefine(diagnosis.code, refined.code)) return { ...diagnosis, systemLog };
  const detail =
    diagnosis.detail === undefined ? refined.detail : `${refined.detail}. HTTP answer: ${diagnosis.detail}`;
  const better = diagnose(
    refined.code,
    {
      requestId: diagnosis.requestId,
      detail,
      ...(diagnosis.httpStatus !== undefined && { httpStatus: diagnosis.httpStatus }),
      ...(diagnosis.oktaError !== undefined && { oktaError: diagnosis.oktaError }),
    },
    place,
  );
  return {
    ...better,
    systemLog: refined.code === diagnosis.code ? systemLog : { ...systemLog, refinedFrom: diagnosis.code },
  };
}
