// Identity Engine's per-user limit, as a scenario turns it on (faults.userLimit): "To the Identity Engine, to 20
// requests per user per 5 seconds and 10 requests per state token per 5 seconds. An HTTP 429 error response is returned
// to users that exceed this limit. No other users in your org are affected." (okta-developer-docs
// reference/rl2-limits). What counts for a user here: the IDX API once its transaction knows the user (after identify),
// and a request carrying the user's Identity Engine session (`idx`): an app's SSO URL, the session's close. Okta does
// not say whether the SSO URL counts; the simulator counts it, the stricter reading the probe paces for. Okta's headers
// "provide information about org-wide rate limits and concurrency limit violations" (rl2-monitor): none is the user's,
// so the 429 carries the org bucket of the endpoint, with room: a per-user 429 reads as one only by its headers and its
// place in the flow. Which headers Okta really sends with it is not published. Any window of 5 s is counted (Okta's
// alignment is not said).
import { html, withHeaders, type Answer } from './answer';
import { rateLimitHeaders } from './rate-limit';
import type { SimRequest, SimState } from './state';

/** Okta's numbers (rl2-limits). */
export const USER_LIMIT = { perWindow: 20, windowMs: 5000 } as const;
/** The org's /idp/idx bucket a minute (okta-developer-docs reference/rl-global-enduser: 600 for Workforce orgs). */
const IDX_BUCKET_LIMIT = 600;

const IDX = /^\/idp\/idx\//;
const ION = 'application/ion+json; okta-version=1.0.0';

/** Each user's counted requests, by simulator: the times of those inside the last window. */
const counted = new WeakMap<SimState, Map<string, number[]>>();
/** The simulators whose scenario's burst at the SSO URL has come (once a scenario). */
const ssoBurst = new WeakSet<SimState>();

/**
 * The 429 a request gets for its user's limit, or undefined (counted, it goes on). A burst is another client of the
 * same user (a script, a second deployment, a person) spending the window just before the TOTP answer, or just before
 * the first SSO request of the user's window.
 */
export function userLimited(state: SimState, request: SimRequest): Answer | undefined {
  const limit = state.faults().userLimit;
  if (limit === undefined) return undefined;
  const user = userOf(state, request);
  if (user === undefined) return undefined;
  const users = counted.get(state) ?? new Map<string, number[]>();
  counted.set(state, users);
  const times = (users.get(user.id) ?? []).filter((t) => t > request.now - USER_LIMIT.windowMs);
  const burst =
    (limit === 'burst-before-totp' && user.totpAnswer) ||
    (limit === 'burst-at-sso' && user.sso && !ssoBurst.has(state));
  if (burst) times.push(...Array.from({ length: USER_LIMIT.perWindow }, () => request.now));
  if (burst && user.sso) ssoBurst.add(state);
  times.push(request.now);
  users.set(user.id, times);
  if (times.length <= USER_LIMIT.perWindow) return undefined;
  return IDX.test(request.url.pathname) ? idxTooMany(state, request) : ssoTooMany(state, request);
}

/** Requests counted for users since the scenario was set, for the scenarios' own counts. */
export function forgetUserLimits(state: SimState): void {
  counted.delete(state);
  ssoBurst.delete(state);
}

function userOf(
  state: SimState,
  request: SimRequest,
): { readonly id: string; readonly totpAnswer: boolean; readonly sso: boolean } | undefined {
  const nowSeconds = Math.floor(request.now / 1000);
  if (IDX.test(request.url.pathname)) {
    let handle: unknown;
    try {
      handle = (JSON.parse(request.body) as { stateHandle?: unknown }).stateHandle;
    } catch {
      return undefined;
    }
    const txn = state.signIn.idx.get(handle, nowSeconds);
    if (txn?.userId === undefined) return undefined;
    // Either TOTP authenticator's code (Okta Verify's, or Google Authenticator's when both are offered).
    return {
      id: txn.userId,
      totpAnswer:
        request.url.pathname === '/idp/idx/challenge/answer' && (txn.stage === 'totp' || txn.stage === 'google'),
      sso: false,
    };
  }
  const idx = /(?:^|;\s*)idx=([^;]+)/.exec(String(request.headers.cookie ?? ''))?.[1];
  const session = idx === undefined ? undefined : state.signIn.sessions.get(idx);
  return session === undefined || session.exp <= nowSeconds
    ? undefined
    : { id: session.userId, totpAnswer: false, sso: /\/sso\/saml$/.test(request.url.pathname) };
}

/** The Sign-In Widget's mock error-429-too-many-request.json, with the org's /idp/idx bucket as it stands. */
function idxTooMany(state: SimState, request: SimRequest): Answer {
  const bucket = state.rateLimiter.hit('/idp/idx', IDX_BUCKET_LIMIT, request.now);
  const body = {
    version: '1.0.0',
    messages: {
      type: 'array',
      value: [{ message: 'Too many requests', i18n: { key: 'tooManyRequests' }, class: 'ERROR' }],
    },
  };
  return {
    kind: 'reply',
    status: 429,
    headers: { 'Content-Type': ION, ...rateLimitHeaders(bucket) },
    body: JSON.stringify(body),
  };
}

/** What the SSO URL's 429 page says is not published: an HTML error page, with the org's SSO bucket as it stands. */
function ssoTooMany(state: SimState, request: SimRequest): Answer {
  const bucket = state.rateLimiter.hit('saml-sso', state.faults().samlCatalogue?.ssoLimit ?? 750, request.now);
  return withHeaders(
    html(429, 'Too Many Requests', 'Too many requests. Please try again later.'),
    rateLimitHeaders(bucket),
  );
}
