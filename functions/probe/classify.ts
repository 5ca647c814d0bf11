// Judges an Okta error answer: which diagnosis it means. Pure. One Okta identifier (`errorCode` of the Okta
// envelope, `error` of RFC 6749 §5.2) often covers causes with different remedies: `access_denied` is a missing
// policy (401), scopes denied by a rule (400) or a network zone (403); `server_error` 400 is the org's own claim
// or inline hook, 500 is Okta's. So a rule decides on the endpoint, the server kind, the status, the identifier
// and a stable phrase of the description, as listed in Okta's error catalogue
// (okta/okta-developer-docs packages/@okta/vuepress-site/data/oauth2-error-codes.json; the subset our requests
// can receive is test/data/okta-oauth2-error-catalogue.json). Phrases are matched loosely (case-insensitive,
// no punctuation) and only to pick between causes: the identifier alone still yields a diagnosis when Okta
// rewords a description.
import type { DiagnosisCode } from '../contract';
import type { HttpFailure, HttpResponse } from './http';
import { redact } from '../text/redact';
import { parseRateLimit } from './rate-limit';
import type { TimedCheck } from '../plan/check-table';
import type { AuthMethod } from '../types';

/** The endpoint an answer came from: each timed check's own (the registry's TimedCheck). */
export type Endpoint = TimedCheck;

export interface ClassifyContext {
  readonly endpoint: Endpoint;
  /** True for the Org authorization server (issuer https://<org>). */
  readonly orgServer: boolean;
  readonly authMethod?: AuthMethod;
}

interface OktaError {
  readonly code: DiagnosisCode;
  /** Okta's identifier (`errorCode` or `error`), when it sent one. */
  readonly oktaError?: string;
  /** Okta's summary/description, redacted: for a diagnosis detail only. */
  readonly description?: string;
}

/** An error as Okta reported it: in a JSON body, or in the query of an /authorize redirect (no status then). */
interface ReportedError {
  readonly id: string;
  readonly description?: string;
  /** HTTP status of an error answer; undefined for an /authorize redirect. */
  readonly status?: number;
}

interface Rule {
  readonly id: string;
  readonly code: DiagnosisCode;
  /** Stable phrase of the catalogue's description that singles out this cause. */
  readonly phrase?: RegExp;
  readonly status?: number;
  readonly server?: 'org' | 'custom';
  readonly endpoints?: readonly Endpoint[];
  /** Only when Okta sent no description at all (then nothing better than the context is known). */
  readonly noDescription?: boolean;
  readonly when?: (ctx: ClassifyContext) => boolean;
}

const CLIENT_AUTH: readonly Endpoint[] = ['token', 'introspect'];
const SIGN_IN: readonly Endpoint[] = ['sign-in'];

/**
 * First match wins: the specific (phrase) rules of an identifier come before its fallback. The comment names
 * the catalogue's internal codes each rule stands for.
 */
const RULES: readonly Rule[] = [
  // A user's sign-in: the Authentication API's envelope, then /authorize and /token as a user meets
  // them (catalogue entries in test/data/okta-sign-in-error-catalogue.json). Only the journey's requests.
  /** E0000004 "Authentication failed": wrong password, unknown, suspended or deactivated user, all alike. */
  { id: 'E0000004', endpoints: SIGN_IN, code: 'SIGN_IN_REJECTED' },
  /** E0000069 "User Locked", E0000119 "Your account is locked". */
  { id: 'E0000069', endpoints: SIGN_IN, code: 'USER_LOCKED_OUT' },
  { id: 'E0000119', endpoints: SIGN_IN, code: 'USER_LOCKED_OUT' },
  /** E0000068 "Invalid Passcode/Answer". */
  { id: 'E0000068', endpoints: SIGN_IN, code: 'TOTP_REJECTED' },
  /** E0000064 "Password is expired and must be changed." */
  { id: 'E0000064', endpoints: SIGN_IN, code: 'PASSWORD_EXPIRED' },
  /** user_not_assigned. */
  {
    id: 'access_denied',
    endpoints: SIGN_IN,
    phrase: /not assigned to the client application/,
    code: 'USER_NOT_ASSIGNED',
  },
  /** password_expired. */
  { id: 'access_denied', endpoints: SIGN_IN, phrase: /password is expired/, code: 'PASSWORD_EXPIRED' },
  /** direct_auth_factor_enrollment_required. */
  {
    id: 'access_denied',
    endpoints: SIGN_IN,
    phrase: /required authenticator cannot be used/,
    code: 'MFA_ENROLLMENT_REQUIRED',
  },
  /** direct_auth_not_challenged_for_required_factor_type, direct_auth_requirements_no_supported_authenticators. */
  {
    id: 'access_denied',
    endpoints: SIGN_IN,
    phrase: /unable to prompt for the requested authenticators|no supported authenticators/,
    code: 'MFA_FACTOR_UNAVAILABLE',
  },
  /**
   * direct_auth_policy_denied, direct_auth_prompted_grant_type_disabled_for_client, no_matching_policy, and the rest
   * of access_denied.
   */
  { id: 'access_denied', endpoints: SIGN_IN, phrase: /^(?!.*network zones)/, code: 'SIGN_IN_NOT_ALLOWED' },
  /** invalid_password_credentials. */
  { id: 'invalid_grant', endpoints: SIGN_IN, phrase: /credentials provided were invalid/, code: 'SIGN_IN_REJECTED' },
  /** expired_password_credentials. */
  { id: 'invalid_grant', endpoints: SIGN_IN, phrase: /password has expired/, code: 'PASSWORD_EXPIRED' },
  /** direct_auth_invalid_otp. */
  {
    id: 'invalid_grant',
    endpoints: SIGN_IN,
    phrase: /otp provided is either empty or incorrect/,
    code: 'TOTP_REJECTED',
  },
  /** password_auth_denied_mfa, password_auth_denied_policy. */
  {
    id: 'invalid_grant',
    endpoints: SIGN_IN,
    phrase: /cannot be used with mfa enabled|denied by sign on policy/,
    code: 'SIGN_IN_NOT_ALLOWED',
  },
  /**
   * pkce_verification_failed, invalid_authorization_code, mismatched_redirect_uri: the probe's own exchange refused.
   */
  { id: 'invalid_grant', endpoints: SIGN_IN, code: 'REQUEST_REJECTED' },
  /** unauthorized_client, unsupported_grant_type: the grant is not enabled for the app or the server's policy rule. */
  { id: 'unauthorized_client', endpoints: SIGN_IN, code: 'SIGN_IN_NOT_ALLOWED' },
  { id: 'unsupported_grant_type', endpoints: SIGN_IN, code: 'SIGN_IN_NOT_ALLOWED' },
  /** app_sign_on_required: /authorize with the session token, the app's sign-on policy still wants more. */
  { id: 'login_required', endpoints: SIGN_IN, code: 'SIGN_IN_NOT_ALLOWED' },

  // Okta's envelope (data/error-codes.json).
  /** E0000047 "API call exceeded rate limit due to too many requests." */
  { id: 'E0000047', code: 'RATE_LIMITED' },
  /** E0000015 "You do not have permission to access the feature you are requesting": no API Access Management. */
  { id: 'E0000015', code: 'CUSTOM_AS_UNLICENSED' },
  /** E0000007 "Not found: Resource not found: {id} (AuthorizationServer)". */
  { id: 'E0000007', code: 'AUTH_SERVER_NOT_FOUND' },
  /** E0000011 "Invalid token provided". */
  { id: 'E0000011', code: 'TOKEN_INACTIVE' },
  /**
   * E0000006 "You do not have permission to perform the requested action", on a Management API call with a valid token.
   */
  { id: 'E0000006', code: 'ADMIN_ROLE_MISSING', endpoints: ['management'] },
  /** E0000009 "Internal Server Error". */
  { id: 'E0000009', code: 'OKTA_SERVER_ERROR' },
  /**
   * E0000010 "Service is in read only mode", 503 (okta-developer-docs data/error-codes.json): the org during Okta's
   * maintenance or a disaster-recovery failover (guides/manage-orgs-okta-edr: "your Okta org becomes read-only").
   */
  /**
   * On /token it is an outage, whatever Okta calls it: no token is minted for any API client while it lasts, so it
   * fails (and pages when it lasts) as any 5xx of /token. Only a journey's refused step (sign-in) stays read-only mode:
   * Okta records nothing then, so it is no refusal of the user's secret.
   */
  { id: 'E0000010', code: 'OKTA_SERVER_ERROR', endpoints: ['token'] },
  { id: 'E0000010', code: 'OKTA_READ_ONLY_MODE' },

  // invalid_client: who the client is, how it authenticates, and whether the request carried it intact.
  /** invalid_client_id (401 OAuth shape in the catalogue, 400 envelope seen in the field). */
  { id: 'invalid_client', phrase: /invalid value for client_id/, code: 'UNKNOWN_CLIENT_ID' },
  /** client_assertion_invalid_issuer / _subject: the probe puts the client id in both, so the id is unknown. */
  {
    id: 'invalid_client',
    phrase: /(issuer|subject) claim for client_assertion is not a valid client_id/,
    code: 'UNKNOWN_CLIENT_ID',
  },
  /** invalid_application_type_client_credentials. */
  {
    id: 'invalid_client',
    phrase: /application_type of service may use the client_credentials/,
    code: 'NOT_A_SERVICE_APP',
  },
  /** unsupported_auth_method_client_creds, unsupported_auth_method_client_creds_oauth_integration. */
  {
    id: 'invalid_client',
    phrase: /requests to the org authorization server must use/,
    code: 'ORG_AS_REQUIRES_PRIVATE_KEY_JWT',
  },
  /**
   * client_assertion_expired_token, client_assertion_expires_too_far_in_future, client_assertion_issued_at_in_future.
   */
  {
    id: 'invalid_client',
    phrase:
      /client_assertion token is expired|expiration too far into the future|must be issued before the current time/,
    code: 'CLOCK_SKEW',
  },
  /**
   * missing_client_credentials, invalid_basic_auth_creds, client_assertion_invalid_audience, _expiration_required,
   * _already_used, _invalid_jwt.
   */
  {
    id: 'invalid_client',
    phrase:
      /no client credentials found|found authentication header but was not valid|audience claim for client_assertion|must contain the exp claim|already been used|parsing of the client_assertion failed/,
    code: 'CLIENT_AUTH_MALFORMED',
  },
  /** A bare invalid_client from the Org AS to a secret: the method is the one thing known to be wrong there. */
  {
    id: 'invalid_client',
    noDescription: true,
    server: 'org',
    endpoints: CLIENT_AUTH,
    when: (ctx) => ctx.authMethod === 'client_secret_basic',
    code: 'ORG_AS_REQUIRES_PRIVATE_KEY_JWT',
  },
  /**
   * invalid_client, invalid_token_endpoint_auth_method, invalid_client_secret,
   * client_assertion_invalid_signature/_kid/_jwks/..., jwks_uri_*.
   */
  { id: 'invalid_client', code: 'INVALID_CLIENT' },

  // invalid_request: mostly the request as it arrived.
  /** multiple_client_credentials, client_credentials_in_query, client_assertion_type_invalid. */
  {
    id: 'invalid_request',
    phrase:
      /cannot supply multiple client credentials|client credentials cannot be supplied via query|client_assertion_type is invalid/,
    code: 'CLIENT_AUTH_MALFORMED',
  },
  /** illegal_redirect_uri, illegal_redirect_uri_enhanced. */
  {
    id: 'invalid_request',
    phrase: /redirect_uri parameter must be a login redirect uri/,
    code: 'REDIRECT_URI_MISMATCH',
  },
  /** invalid_client_application_type: an API Services app used for /authorize. */
  { id: 'invalid_request', phrase: /application_type of service are not allowed/, code: 'UNAUTHORIZED_CLIENT' },
  /** invalid_authorization_server. */
  { id: 'invalid_request', phrase: /authorization server id is invalid/, code: 'AUTH_SERVER_NOT_FOUND' },
  /** invalid_request, duplicate_oauth_params, token_request_missing_grant_type, request_missing_token, ... */
  { id: 'invalid_request', code: 'REQUEST_REJECTED' },
  /** invalid_redirect_uri. */
  { id: 'invalid_redirect_uri', code: 'REDIRECT_URI_MISMATCH' },

  // Scopes.
  /** no_org_scopes_granted: the Org AS's answer to an okta.* scope not granted to the app. */
  { id: 'consent_required', phrase: /not allowed any of the requested scopes/, code: 'ORG_SCOPE_NOT_GRANTED' },
  { id: 'consent_required', server: 'org', code: 'ORG_SCOPE_NOT_GRANTED' },
  /** consent_required, consent_required_client_credentials: a custom scope with "Require user consent". */
  { id: 'consent_required', code: 'SCOPE_REQUIRES_CONSENT' },
  /** illegal_custom_scope. */
  { id: 'invalid_scope', phrase: /custom scopes are not allowed/, server: 'org', code: 'CUSTOM_SCOPE_ON_ORG_AS' },
  /**
   * invalid_scope, no_matching_scope, openid_not_allowed_client_creds, illegal_scope(s), *_scope_combination,
   * openid_scope_required.
   */
  { id: 'invalid_scope', code: 'INVALID_SCOPE' },
  /** client_credentials_self_scope_requested: a user-only okta.*.self scope. */
  { id: 'client_credentials_self_scope_requested', code: 'INVALID_SCOPE' },

  // access_denied: four causes, four remedies.
  /** disallowed_network_zone (403). */
  { id: 'access_denied', phrase: /outside the clients permitted network zones/, code: 'NETWORK_ZONE_DENIED' },
  /** scope_denied, no_scope_allowed (400). */
  {
    id: 'access_denied',
    phrase: /requested scopes were denied by the policy|all the requested scopes were rejected/,
    code: 'SCOPE_DENIED_BY_POLICY',
  },
  /** openid_scope_required_access_token (403). */
  { id: 'access_denied', phrase: /require the openid scope/, code: 'INVALID_SCOPE' },
  /** no_matching_policy (401), and the generic access_denied. */
  { id: 'access_denied', code: 'NO_ACCESS_POLICY' },

  // server_error: 400 is the org's own token customisation, 500 is Okta's unless the hook is named.
  /** system_claim_evaluation_failure, user_claim_evaluation_failure, too_many_groups_in_groups_claim. */
  {
    id: 'server_error',
    phrase: /claim could not be evaluated|groups claim matched too many groups/,
    code: 'CLAIM_EVALUATION_FAILED',
  },
  /** invalid_callout_response (500), callback_returned_error_without_description (400). */
  {
    id: 'server_error',
    phrase: /callout service returned an invalid response|callback service returned an error/,
    code: 'INLINE_HOOK_FAILED',
  },
  /** callback_returned_error (400): the description is the hook's own text, so the status is all there is. */
  { id: 'server_error', status: 400, endpoints: ['token'], code: 'INLINE_HOOK_FAILED' },
  /** server_error, access_token_not_generated (500). */
  { id: 'server_error', code: 'OKTA_SERVER_ERROR' },
  /** RFC 6749 §4.1.2.1 temporarily_unavailable. */
  { id: 'temporarily_unavailable', code: 'OKTA_SERVER_ERROR' },

  // Grants and app types.
  /** unsupported_grant_type_client_creds_org_as: the Org AS refuses client credentials to this client. */
  {
    id: 'unsupported_grant_type',
    phrase: /can only be used with a custom authorization server/,
    code: 'NOT_A_SERVICE_APP',
  },
  { id: 'unsupported_grant_type', code: 'UNSUPPORTED_GRANT_TYPE' },
  /** unauthorized_client, org_authorization_server_only_client. */
  { id: 'unauthorized_client', code: 'UNAUTHORIZED_CLIENT' },
  /** /authorize: the app does not allow the code response type (no Authorization Code grant). */
  { id: 'unsupported_response_type', code: 'UNAUTHORIZED_CLIENT' },
  /** RFC 9449 §7.1 / §8: the app requires DPoP (invalid_dpop_proof_missing_header, use_dpop_nonce). */
  { id: 'invalid_dpop_proof', code: 'DPOP_REQUIRED' },
  { id: 'use_dpop_nonce', code: 'DPOP_REQUIRED' },
];

/** Lower case, no quotes or punctuation but `_`: "client's" and "'client_id'" match however Okta quotes them. */
const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_ ]+/g, '')
    .replace(/\s+/g, ' ');

function matches(rule: Rule, error: ReportedError, ctx: ClassifyContext, description: string | undefined): boolean {
  if (rule.id !== error.id) return false;
  if (rule.status !== undefined && rule.status !== error.status) return false;
  if (rule.server !== undefined && rule.server !== (ctx.orgServer ? 'org' : 'custom')) return false;
  if (rule.endpoints !== undefined && !rule.endpoints.includes(ctx.endpoint)) return false;
  if (rule.noDescription === true && description !== undefined) return false;
  if (rule.phrase !== undefined && (description === undefined || !rule.phrase.test(description))) return false;
  return rule.when === undefined || rule.when(ctx);
}

/**
 * Okta's own page for a user not assigned the app its link opens: Classic's "403 App Not Assigned" ("Sorry, you cannot
 * access <app> because you are not assigned this app in Okta": Okta support article "App Sign-on Error 403"). Read by
 * every walk that meets it: the SAML check's SSO walk and the app check's.
 */
export const APP_NOT_ASSIGNED_PAGE = /not assigned this app|App Not Assigned/i;

/**
 * The diagnosis for an error Okta reported, or undefined when no rule knows its identifier. Also for /authorize
 * redirects.
 */
export function codeForOktaError(error: ReportedError, ctx: ClassifyContext): DiagnosisCode | undefined {
  const description =
    error.description === undefined || error.description.trim() === '' ? undefined : normalise(error.description);
  return RULES.find((rule) => matches(rule, error, ctx, description))?.code;
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
  const { errorCode, errorSummary, error, error_description, message } = parsed as Record<string, unknown>;
  if (typeof errorCode === 'string' && errorCode !== '') {
    return { shape: 'envelope', id: errorCode, ...(typeof errorSummary === 'string' && { description: errorSummary }) };
  }
  if (typeof error === 'string' && error !== '') {
    // A gateway's `message` stands in for the description (the network policy's 403 below).
    const description =
      typeof error_description === 'string' ? error_description : typeof message === 'string' ? message : undefined;
    return { shape: 'oauth', id: error, ...(description !== undefined && { description }) };
  }
  return null;
}

/** The diagnosis of an error answer; null for 2xx/3xx (a 302 from /authorize is judged by the authorize check). */
export function classifyResponse(
  res: Pick<HttpResponse, 'status' | 'body'> & Partial<Pick<HttpResponse, 'requestId' | 'headers'>>,
  ctx: ClassifyContext,
): OktaError | null {
  if (res.status < 400) return null;
  const okta = readOktaError(res.body);
  const code = codeForStatus(res, okta, ctx);
  const proxy =
    code === 'NETWORK_POLICY_BLOCKED'
      ? " (without X-Okta-Request-Id: a proxy's answer or the org's dynamic zone's, the System Log tells)"
      : '';
  const described = okta?.description === undefined ? undefined : `${okta.description}${proxy}`;
  const said = code === 'NETWORK_BLOCKLISTED' ? blocklisted(res) : described;
  const facts = okta
    ? { oktaError: okta.id, ...(said !== undefined && { description: redact(said) }) }
    : said !== undefined
      ? { description: said }
      : {};
  return { code, ...facts };
}

function codeForStatus(
  res: Pick<HttpResponse, 'status' | 'body'> & Partial<Pick<HttpResponse, 'requestId' | 'headers'>>,
  okta: ReturnType<typeof readOktaError>,
  ctx: ClassifyContext,
): DiagnosisCode {
  if (res.status === 429) return isConcurrency429(res.headers) ? 'OKTA_CONCURRENCY_LIMITED' : 'RATE_LIMITED';
  if (res.status === 403 && okta?.id === 'Forbidden' && /network policy/i.test(okta.description ?? ''))
    return networkPolicy(res);
  if (res.status === 403 && okta === null && !hasOktaFields(res.body)) return 'NETWORK_BLOCKLISTED';
  const known = okta === null ? undefined : codeForOktaError({ ...okta, status: res.status }, ctx);
  if (known) return known;
  if (res.status >= 500) return 'OKTA_SERVER_ERROR';
  if (ctx.endpoint === 'authorize' && res.status === 400 && okta === null) return authorizeErrorPage(res.body);
  return 'UNEXPECTED_RESPONSE';
}

/**
 * Okta (okta-developer-docs reference/rl2-monitor): "The first two header values are always `0` for concurrent rate
 * limit errors". A per-minute bucket of size 0 does not exist, so Limit 0 with Remaining 0 is the concurrency limit.
 */
function isConcurrency429(headers: HttpResponse['headers'] | undefined): boolean {
  if (headers === undefined) return false;
  const rl = parseRateLimit(headers, 0);
  return rl.limit === 0 && rl.remaining === 0;
}

/**
 * 403 {"error":"Forbidden","message":"Access denied by network policy"} (the Sign-In Widget's
 * error-403-proxy-block.json): whose it is, the widget decides as we do (src/v3/src/util/errorClassifier.ts): every
 * answer of Okta's carries X-Okta-Request-Id, a proxy's, firewall's or WAF's in front of Okta does not. No source
 * settles which Okta sends itself: with a request id it is Okta's (a network zone of the org); without, either a
 * proxy's or a dynamic zone's answer that carries none, and the diagnosis names both and how to tell them apart.
 */
function networkPolicy(res: Partial<Pick<HttpResponse, 'requestId'>>): DiagnosisCode {
  return res.requestId === undefined || res.requestId === null ? 'NETWORK_POLICY_BLOCKED' : 'NETWORK_ZONE_DENIED';
}

/**
 * A blocklist network zone denies "before any policy evaluation" (help.okta.com, network zones), so its 403 carries
 * none of Okta's error fields: an empty body, or one without errorCode, error or message (okta-developer-docs
 * reference/system-log-query: security.request.blocked "A request is blocked due to a blocklist rule (such as an IP
 * network zone or location rule)"; release-notes/2020: zones' usage POLICY or BLOCKLIST). An IDX answer with messages
 * is Okta's policy speaking, not a blocklist.
 */
/** What a blocklist's 403 says, for the detail: its body's emptiness and whether Okta's request id came back. */
function blocklisted(res: Pick<HttpResponse, 'body'> & Partial<Pick<HttpResponse, 'requestId'>>): string {
  const body = res.body.trim() === '' ? 'an empty body' : "a body without Okta's error fields";
  const id =
    res.requestId === undefined || res.requestId === null
      ? 'without X-Okta-Request-Id: an Okta blocklist zone, ThreatInsight or a proxy in front of Okta'
      : "with Okta's X-Okta-Request-Id: Okta's blocklist network zone or ThreatInsight";
  return `403 with ${body}, ${id}`;
}

function hasOktaFields(body: string): boolean {
  if (body.trim() === '') return false;
  try {
    const parsed = JSON.parse(body) as unknown;
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      ['errorCode', 'error', 'message', 'messages', 'remediation', 'stateHandle'].some((field) => field in parsed)
    );
  } catch {
    // An HTML page or text: a gateway's, or Okta's own error page; neither carries Okta's error fields.
    return false;
  }
}

/**
 * /authorize shows an HTML 400 page, never a redirect, for the two errors it cannot send back to an unverified
 * redirect_uri: an unknown (or inactive) client_id and an unregistered redirect_uri. The page's text tells them
 * apart ("Invalid value for 'client_id' parameter." / "The 'redirect_uri' parameter must be a Login redirect URI
 * ..."). Okta's exact page markup is not published: matched on the parameter name, confirmed only for the texts.
 */
function authorizeErrorPage(body: string): DiagnosisCode {
  const text = normalise(body.replace(/&#(\d+);/g, (_entity, code: string) => String.fromCharCode(Number(code))));
  if (/invalid value for (the )?client_id/.test(text)) return 'UNKNOWN_CLIENT_ID';
  if (/redirect_uri/.test(text)) return 'REDIRECT_URI_MISMATCH';
  if (/client_id/.test(text)) return 'UNKNOWN_CLIENT_ID';
  return 'AUTHORIZE_UNEXPECTED';
}

/** Transport failures: no answer at all. A TLS failure is reported with the network ones (the detail names TLS). */
export function classifyFailure(failure: Pick<HttpFailure, 'kind'>): DiagnosisCode {
  return failure.kind === 'timeout' ? 'TIMEOUT' : 'NETWORK_ERROR';
}
