// Judges an Okta error answer: which diagnosis it means. Pure, and driven only by Okta's stable
// identifiers (`errorCode` of the Okta envelope, `error` of RFC 6749 §5.2) plus the context of the call:
// Okta rewords errorSummary / error_description freely, so the text is kept for the detail, never matched.
import type { DiagnosisCode } from '../contract';
import type { HttpFailure, HttpResponse } from './http';
import { redact } from '../redact';

export type Endpoint = 'discovery' | 'keys' | 'token' | 'introspect' | 'authorize' | 'status';

export interface ClassifyContext {
  readonly endpoint: Endpoint;
  /** True for the Org authorization server (issuer https://<org>). */
  readonly orgServer: boolean;
  readonly authMethod?: 'private_key_jwt' | 'client_secret_basic';
}

export interface OktaError {
  readonly code: DiagnosisCode;
  /** Okta's identifier (`errorCode` or `error`), when it sent one. */
  readonly oktaError?: string;
  /** Okta's summary/description, redacted: for a diagnosis detail only. */
  readonly description?: string;
}

type Rule = DiagnosisCode | ((ctx: ClassifyContext) => DiagnosisCode);

/** Okta identifier → diagnosis. A Map, so ids like "constructor" cannot hit Object.prototype. */
const BY_OKTA_ID: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  /** API call exceeded rate limit (the envelope form; /oauth2 may use either shape). */
  ['E0000047', 'RATE_LIMITED'],
  /** "You do not have permission to access the feature": no API Access Management licence. */
  ['E0000015', 'CUSTOM_AS_UNLICENSED'],
  /** "Not found: Resource not found: {id} (AuthorizationServer)". */
  ['E0000007', 'AUTH_SERVER_NOT_FOUND'],
  /** "Invalid token provided". */
  ['E0000011', 'TOKEN_INACTIVE'],
  /** The Org AS refuses client secrets for client credentials; same id as an unknown client or bad secret. */
  ['invalid_client', (ctx) => (ctx.orgServer && ctx.authMethod === 'client_secret_basic' && (ctx.endpoint === 'token' || ctx.endpoint === 'introspect') ? 'ORG_AS_REQUIRES_PRIVATE_KEY_JWT' : 'INVALID_CLIENT')],
  /** On the Org AS the usual cause is a custom scope ("Custom scopes are not allowed for this request."). */
  ['invalid_scope', (ctx) => (ctx.orgServer ? 'CUSTOM_SCOPE_ON_ORG_AS' : 'INVALID_SCOPE')],
  /** "Policy evaluation failed for this request": no access policy / rule matches. */
  ['access_denied', 'NO_ACCESS_POLICY'],
  /** RFC 9449 §7.1 / §8: the app requires DPoP. */
  ['invalid_dpop_proof', 'DPOP_REQUIRED'],
  ['use_dpop_nonce', 'DPOP_REQUIRED'],
  ['unauthorized_client', 'UNAUTHORIZED_CLIENT'],
  ['unsupported_grant_type', 'UNSUPPORTED_GRANT_TYPE'],
  /** RFC 6749 §4.1.2.1: Okta's own trouble, reported as an OAuth error (sometimes with status 400). */
  ['temporarily_unavailable', 'OKTA_SERVER_ERROR'],
  ['server_error', 'OKTA_SERVER_ERROR'],
]);

/** The diagnosis for an Okta error identifier, or undefined when the table does not know it. Also for /authorize redirects. */
export function codeForOktaError(id: string, ctx: ClassifyContext): DiagnosisCode | undefined {
  const rule = BY_OKTA_ID.get(id);
  return typeof rule === 'function' ? rule(ctx) : rule;
}

/**
 * Reads either error shape Okta sends: its envelope `{"errorCode","errorSummary","errorLink","errorId","errorCauses"}`
 * (Management API, and some /oauth2 errors such as an unknown client_id) or OAuth's `{"error","error_description"}`.
 */
export function readOktaError(body: string): { shape: 'envelope' | 'oauth'; id: string; description?: string } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { errorCode, errorSummary, error, error_description } = parsed as Record<string, unknown>;
  if (typeof errorCode === 'string' && errorCode !== '') {
    return { shape: 'envelope', id: errorCode, ...(typeof errorSummary === 'string' && { description: errorSummary }) };
  }
  if (typeof error === 'string' && error !== '') {
    return { shape: 'oauth', id: error, ...(typeof error_description === 'string' && { description: error_description }) };
  }
  return null;
}

/** The diagnosis of an error answer; null for 2xx/3xx (a 302 from /authorize is judged by the authorize check). */
export function classifyResponse(res: Pick<HttpResponse, 'status' | 'body'>, ctx: ClassifyContext): OktaError | null {
  if (res.status < 400) return null;
  const okta = readOktaError(res.body);
  const facts = okta ? { oktaError: okta.id, ...(okta.description !== undefined && { description: redact(okta.description) }) } : {};
  return { code: codeForStatus(res.status, okta?.id, ctx), ...facts };
}

function codeForStatus(status: number, id: string | undefined, ctx: ClassifyContext): DiagnosisCode {
  if (status === 429) return 'RATE_LIMITED';
  const known = id === undefined ? undefined : codeForOktaError(id, ctx);
  if (known) return known;
  if (status >= 500) return 'OKTA_SERVER_ERROR';
  // An unregistered redirect_uri is the one /authorize error Okta cannot redirect: it shows an HTML 400 page.
  if (ctx.endpoint === 'authorize' && status === 400 && id === undefined) return 'REDIRECT_URI_MISMATCH';
  return 'UNEXPECTED_RESPONSE';
}

/** Transport failures: no answer at all. A TLS failure is reported with the network ones (the detail names TLS). */
export function classifyFailure(failure: Pick<HttpFailure, 'kind'>): DiagnosisCode {
  return failure.kind === 'timeout' ? 'TIMEOUT' : 'NETWORK_ERROR';
}
