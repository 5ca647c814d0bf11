// authorize: /authorize with prompt=none and no user session (OIDC Core §3.1.2.6). Okta must redirect to
// our redirect_uri with error=login_required and our state: that proves the server, the client, the redirect
// URI and the scopes are all accepted, without any user. The redirect is read, never followed.
// /authorize's rate-limit headers are a per-client bucket (client id + IP) when the org enforces its client-based
// limit, the org's otherwise: ignored here, and a 429 named by the limit its headers state.
import { pkce, randomToken } from '../okta/pkce';
import { codeForOktaError } from '../classify';
import { header, type HttpResponse } from '../http';
import type { AuthorizeConfig } from '../../types';
import type { ServerContext } from '../context';
import { errorVerdict, failAnswer, finding, judged, judgeOutcome, pass, type Judged, type Verdict } from '../verdict';

interface AuthorizeExpectation {
  readonly redirectUri: string;
  readonly state: string;
  readonly orgServer: boolean;
  /** The client /authorize was asked for: the client-based limit is its own. */
  readonly clientId?: string;
}

interface AuthorizeRequest {
  readonly url: string;
  readonly state: string;
}

/** The /authorize URL, with fresh state, nonce and PKCE S256 challenge (RFC 7636 §4.2). */
export function authorizeRequest(authorizeUrl: string, clientId: string, config: AuthorizeConfig): AuthorizeRequest {
  const state = randomToken();
  const url = new URL(authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId ?? clientId,
    redirect_uri: config.redirectUri,
    scope: (config.scopes ?? ['openid']).join(' '),
    state,
    nonce: randomToken(),
    ...pkce().challenge,
    prompt: 'none',
  }).toString();
  return { url: url.toString(), state };
}

export function judgeAuthorize(expected: AuthorizeExpectation, res: HttpResponse): Verdict {
  if (res.status === 302 || res.status === 303) return judgeRedirect(expected, res);
  // A redirect_uri that is not registered gets an HTML 400 page, not a redirect.
  const error = errorVerdict(res, { endpoint: 'authorize', orgServer: expected.orgServer });
  if (error !== null) return clientBased(error, expected.clientId, res);
  if (res.status === 200)
    return failAnswer('AUTHORIZE_UNEXPECTED', res, 'a login page was served: prompt=none was ignored');
  return failAnswer('AUTHORIZE_UNEXPECTED', res, `HTTP ${res.status}, expected a redirect to the redirect_uri`);
}

function judgeRedirect(expected: AuthorizeExpectation, res: HttpResponse): Verdict {
  const location = header(res, 'location');
  if (location === undefined) return failAnswer('AUTHORIZE_UNEXPECTED', res, `HTTP ${res.status} without a Location`);
  if (withoutQuery(location) !== withoutQuery(expected.redirectUri)) {
    return failAnswer(
      'AUTHORIZE_UNEXPECTED',
      res,
      `redirected to ${withoutQuery(location)}, expected ${expected.redirectUri}`,
    );
  }
  const params = redirectParams(location, expected.redirectUri);
  const error = params.get('error');
  const observed = { status: res.status, error };
  // OIDC Core §3.1.2.6: prompt=none ends in one of these when only the user is missing (no session, Okta's
  // interaction code flow, no consent yet): each proves the server, the client, the redirect URI and the scopes.
  if (NEEDS_THE_USER.has(error ?? '')) {
    return params.get('state') === expected.state
      ? pass(observed)
      : failAnswer('AUTHORIZE_UNEXPECTED', res, 'state in the redirect differs from the one sent', observed);
  }
  if (error !== null) {
    const description = params.get('error_description');
    // Same table as error answers: invalid_scope on the Org AS means a custom scope, access_denied no policy...
    const reported = description === null ? { id: error } : { id: error, description };
    const code = codeForOktaError(reported, { endpoint: 'authorize', orgServer: expected.orgServer });
    const detail = description === null ? `error=${error}` : `error=${error}: ${description}`;
    const facts = { requestId: res.requestId, httpStatus: res.status, oktaError: error, detail };
    return { diagnosis: finding(code ?? 'AUTHORIZE_UNEXPECTED', facts), observed };
  }
  if (params.has('code'))
    return failAnswer('AUTHORIZE_UNEXPECTED', res, 'a code was issued without a user session', observed);
  return failAnswer('AUTHORIZE_UNEXPECTED', res, 'redirect carries neither an error nor a code', observed);
}

/** The client-based limit's total, a minute (okta-developer-docs reference/rl-system-log-events). */
const CLIENT_LIMIT_PER_MINUTE = 60;

/**
 * A 429 of /authorize that is no concurrency refusal, under Okta's client-based rate limit: 60 requests a minute per
 * client, IP and device, with its own System Log events (system.client.rate_limit.*; okta-developer-docs
 * reference/rl2-client-based: "the API response headers reflect the client-specific limit, not the org-scoped
 * bucket"): its own code, with the client. Only in the mode "Enforce and log per client" does that limit refuse; in
 * "Log per client" and "Do nothing" the org-wide /authorize bucket does (reference/rl-system-log-events), and its
 * headers then state that bucket's larger limit: a 429 whose X-Rate-Limit-Limit passes the client's 60 stays the
 * org's RATE_LIMITED.
 */
function clientBased(verdict: Verdict, clientId: string | undefined, res: HttpResponse): Verdict {
  const diagnosis = verdict.diagnosis;
  if (diagnosis?.code !== 'RATE_LIMITED') return verdict;
  const limit = Number(header(res, 'x-rate-limit-limit'));
  if (Number.isFinite(limit) && limit > CLIENT_LIMIT_PER_MINUTE) return verdict;
  const client = clientId === undefined ? 'this client' : `client ${clientId}`;
  const named =
    `the client-based rate limit of /authorize (60 a minute per client, IP and device; System Log ` +
    `system.client.rate_limit.*), for ${client} from the probe's IP, not the org's bucket`;
  const detail = diagnosis.detail === undefined || diagnosis.detail === '' ? named : `${diagnosis.detail}; ${named}`;
  return { ...verdict, diagnosis: { ...diagnosis, code: 'CLIENT_RATE_LIMITED', detail } };
}

const NEEDS_THE_USER: ReadonlySet<string> = new Set([
  'login_required',
  'interaction_required',
  'consent_required',
  'account_selection_required',
]);

const withoutQuery = (uri: string): string => uri.split(/[?#]/, 1)[0] ?? uri;

/** The response parameters: in the query, or in the fragment (response_mode=fragment). */
function redirectParams(location: string, base: string): URLSearchParams {
  try {
    const url = new URL(location, base);
    return url.search !== '' ? url.searchParams : new URLSearchParams(url.hash.slice(1));
  } catch {
    return new URLSearchParams();
  }
}

export async function runAuthorize(ctx: ServerContext, config: AuthorizeConfig): Promise<Judged> {
  const request = authorizeRequest(ctx.endpoints.authorize, ctx.server.clientId, config);
  const outcome = await ctx.exchange({ method: 'GET', url: request.url, headers: { accept: 'text/html' } });
  const expected = {
    redirectUri: config.redirectUri,
    state: request.state,
    orgServer: ctx.orgServer,
    clientId: config.clientId ?? ctx.server.clientId,
  };
  return judged(
    judgeOutcome(outcome, (res) => judgeAuthorize(expected, res)),
    outcome,
  );
}
