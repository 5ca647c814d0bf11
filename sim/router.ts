// Maps a request to the authorization server and endpoint it addresses, applies the scenario's faults,
// and adds the rate-limit headers of the buckets Okta counts it in.
import { html, notFromOkta, oauthError, oktaError, withHeaders, type Answer } from './answer';
import { authnApi, AUTHN_PATH } from './endpoints/authn';
import { authorize } from './endpoints/authorize';
import { IDX_PATH, idxApi, interact, LOGIN_TOKEN_REDIRECT_PATH, loginTokenRedirect } from './endpoints/idx';
import { CUSTOM_ASSET_PATH, pageAsset, THIRD_PARTY_FRAME_PATH, WIDGET_ASSET_PATH } from './endpoints/hosted-page';
import { CAPTCHA_VENDOR_PATH } from './endpoints/page-captcha';
import { userinfo } from './endpoints/user-token';
import { discovery, type DiscoveryKind } from './endpoints/discovery';
import { introspect } from './endpoints/introspect';
import { keys } from './endpoints/keys';
import { logs, LOGS_PATH } from './endpoints/logs';
import { inventory, isInventoryPath } from './endpoints/inventory';
import { domains, DOMAINS_PATH } from './domains';
import { access, isAccessPath } from './access';
import { management, MANAGEMENT_PATH } from './endpoints/management';
import { RESOURCE_API_PATH, resourceApi, tenantResourceApi } from './endpoints/resource-api';
import { revoke } from './endpoints/revoke';
import { statusFeed, statusJson } from './endpoints/status';
import { previewReleaseNotes, RELEASE_NOTES_PATH } from './endpoints/release-notes';
import { webauthnWellKnown, WEBAUTHN_WELL_KNOWN_PATH } from './endpoints/webauthn-well-known';
import { token } from './endpoints/token';
import { samlIdp, samlPageState, SAML_PATH } from './saml/idp';
import { holdFor, interceptFor, type FaultAnswer, type SimFaults } from './faults';
import { rateLimitHeaders } from './rate-limit';
import { userLimited } from './user-limit';
import type { AuthServer } from './auth-server';
import {
  AUTHORIZE_BUCKET_LIMIT,
  LOGS_BUCKET_LIMIT,
  MANAGEMENT_BUCKET_LIMIT,
  OAUTH2_OTHER_BUCKET_LIMIT,
  TOKEN_BUCKET_LIMIT,
  type SimRequest,
  type SimState,
} from './state';

export const STATUS_FEED_PATH = '/status/OktaTrustRSS';
export const STATUS_JSON_PATH = '/status/api/v2/status.json';

type Endpoint = 'discovery' | 'keys' | 'token' | 'introspect' | 'authorize' | 'revoke' | 'userinfo' | 'interact';

/** What the server does with a request: answer (after holding it holdMs). */
interface Routed {
  readonly answer: Answer;
  readonly holdMs: number;
}

type Target =
  | {
      readonly kind: 'as';
      readonly serverKind: 'org' | 'custom';
      readonly serverId: string;
      readonly endpoint: Endpoint;
      readonly discoveryKind?: DiscoveryKind;
    }
  | { readonly kind: 'status-feed' }
  | { readonly kind: 'status-json' }
  | { readonly kind: 'release-notes' }
  | { readonly kind: 'management' }
  | { readonly kind: 'inventory' }
  /** The org's custom domains (sim/domains.ts). */
  | { readonly kind: 'domains' }
  /** The org's policy simulation and its policies' rules (sim/access.ts). */
  | { readonly kind: 'access' }
  | { readonly kind: 'logs' }
  | { readonly kind: 'authn' }
  | { readonly kind: 'idx' }
  | { readonly kind: 'login-token-redirect' }
  /** The hosted sign-in page's assets: the widget from Okta's CDN path, the org's own script and style. */
  | { readonly kind: 'page-asset' }
  | { readonly kind: 'saml' }
  /** The passkey RP ID's related origins (a custom domain in Okta: Okta serves its /.well-known/webauthn). */
  | { readonly kind: 'webauthn-well-known' }
  /** The organisation's own API (not Okta): it accepts the custom server's tokens. */
  | { readonly kind: 'resource-api' }
  | { readonly kind: 'unknown' };

const ENDPOINTS: readonly string[] = ['keys', 'token', 'introspect', 'authorize', 'revoke', 'userinfo', 'interact'];
const POST_ONLY: readonly Endpoint[] = ['token', 'introspect', 'revoke', 'interact'];

function resolveTarget(path: string): Target {
  if (path === STATUS_FEED_PATH) return { kind: 'status-feed' };
  if (path === STATUS_JSON_PATH) return { kind: 'status-json' };
  if (path === RELEASE_NOTES_PATH) return { kind: 'release-notes' };
  if (path === LOGS_PATH) return { kind: 'logs' };
  if (isInventoryPath(path)) return { kind: 'inventory' };
  if (DOMAINS_PATH.test(path)) return { kind: 'domains' };
  if (isAccessPath(path)) return { kind: 'access' };
  if (MANAGEMENT_PATH.test(path)) return { kind: 'management' };
  if (AUTHN_PATH.test(path)) return { kind: 'authn' };
  if (IDX_PATH.test(path)) return { kind: 'idx' };
  if (path === LOGIN_TOKEN_REDIRECT_PATH) return { kind: 'login-token-redirect' };
  if (
    WIDGET_ASSET_PATH.test(path) ||
    CUSTOM_ASSET_PATH.test(path) ||
    THIRD_PARTY_FRAME_PATH.test(path) ||
    CAPTCHA_VENDOR_PATH.test(path)
  )
    return { kind: 'page-asset' };
  if (path === WEBAUTHN_WELL_KNOWN_PATH) return { kind: 'webauthn-well-known' };
  if (SAML_PATH.test(path)) return { kind: 'saml' };
  if (RESOURCE_API_PATH.test(path)) return { kind: 'resource-api' };
  const wellKnown = /^(?:\/oauth2\/([^/]+))?\/\.well-known\/(openid-configuration|oauth-authorization-server)$/.exec(
    path,
  );
  if (wellKnown) {
    const id = wellKnown[1];
    const discoveryKind = wellKnown[2] as DiscoveryKind;
    return id === undefined
      ? { kind: 'as', serverKind: 'org', serverId: 'org', endpoint: 'discovery', discoveryKind }
      : { kind: 'as', serverKind: 'custom', serverId: id, endpoint: 'discovery', discoveryKind };
  }
  const v1 = /^\/oauth2\/(?:([^/]+)\/)?v1\/([a-z]+)$/.exec(path);
  if (v1?.[2] !== undefined && ENDPOINTS.includes(v1[2])) {
    const endpoint = v1[2] as Endpoint;
    return v1[1] === undefined
      ? { kind: 'as', serverKind: 'org', serverId: 'org', endpoint }
      : { kind: 'as', serverKind: 'custom', serverId: v1[1], endpoint };
  }
  return { kind: 'unknown' };
}

export async function route(
  state: SimState,
  request: SimRequest,
  urls: { feed: string; json: string },
): Promise<Routed> {
  const target = resolveTarget(request.url.pathname);
  if (!isSignIn(target, request)) return routeTo(state, request, urls, target);
  // Okta's sign-in answers set the browser's DT cookie (sim/devices.ts); closing a session does not.
  const arrived = state.signIn.devices.arrive(request);
  const routed = await routeTo(state, arrived.request, urls, target);
  return { ...routed, answer: arrived.remember(routed.answer) };
}

/** The Management API's reads of the org's settings, each answered at once. */
const SETTINGS_READS = { inventory, domains, access } as const;

async function routeTo(
  state: SimState,
  request: SimRequest,
  urls: { feed: string; json: string },
  target: Target,
): Promise<Routed> {
  const faults = state.faults();
  if (target.kind === 'release-notes')
    return { answer: previewReleaseNotes(state.baseUrl + RELEASE_NOTES_PATH, request.now), holdMs: 0 };
  if (target.kind === 'status-feed')
    return { answer: statusFeed(urls.feed, request.now, faults.statusDegraded), holdMs: 0 };
  if (target.kind === 'status-json')
    return {
      answer: statusJson(
        urls.json,
        request.now,
        faults.statusDegraded !== undefined && faults.statusDegraded !== 'stale',
      ),
      holdMs: 0,
    };
  if (target.kind === 'resource-api') {
    const tenant = await tenantResourceApi(state.customServers, request);
    if (tenant !== undefined) return { answer: tenant, holdMs: 0 };
    return { answer: await resourceApi(state.customServers.get('default'), request, faults.resourceApi), holdMs: 0 };
  }
  if (target.kind === 'inventory' || target.kind === 'domains' || target.kind === 'access')
    return { answer: SETTINGS_READS[target.kind](state, request, faults), holdMs: 0 };
  // Identity Engine's per-user limit, before the endpoint: a 429 moves no transaction on.
  const limited =
    target.kind === 'idx' || target.kind === 'saml' || target.kind === 'management'
      ? userLimited(state, request)
      : undefined;
  if (limited !== undefined) return { answer: limited, holdMs: 0 };
  if (target.kind === 'management') {
    const bucket = state.rateLimiter.hit(request.url.pathname, MANAGEMENT_BUCKET_LIMIT, request.now);
    return { answer: withHeaders(management(state, request, faults), rateLimitHeaders(bucket)), holdMs: 0 };
  }
  if (target.kind === 'logs') return routeToLogs(state, request, faults);
  if (target.kind === 'authn') return { answer: authnApi(state, request), holdMs: 0 };
  if (target.kind === 'login-token-redirect') return { answer: loginTokenRedirect(state, request), holdMs: 0 };
  if (target.kind === 'page-asset') return pageAsset(request, faults.signIn?.signInPage);
  if (target.kind === 'idx') {
    // The SAML app's sign-in page's state token (Identity Engine's app intent link), introspected as the widget does.
    const page = samlPageState(state, request);
    if (page !== undefined) return { answer: page, holdMs: 0 };
    const slow = faults.signIn?.idxDown === 'slow' && request.url.pathname.endsWith('/identify');
    return { answer: idxApi(state, request), holdMs: slow ? 3 * state.timeoutMs : 0 };
  }
  if (target.kind === 'saml') return { answer: samlIdp(state, request), holdMs: 0 };
  if (target.kind === 'webauthn-well-known')
    return { answer: webauthnWellKnown(faults.signIn ?? {}, new URL(state.baseUrl).origin), holdMs: 0 };
  if (target.kind === 'unknown')
    return {
      answer: oktaError(404, 'E0000007', `Not found: Resource not found: ${request.url.pathname} (Path)`),
      holdMs: 0,
    };

  return routeToServer(state, request, target, faults);
}

/** The System Log API: its own rate limit bucket, and the faults that hold or refuse it. */
function routeToLogs(state: SimState, request: SimRequest, faults: SimFaults): Routed {
  const bucket = state.rateLimiter.hit(LOGS_PATH, LOGS_BUCKET_LIMIT, request.now);
  if (faults.logsRateLimited === true)
    return {
      answer: faultAnswer({ kind: 'rate-limited', retryAfterSeconds: 30, limit: LOGS_BUCKET_LIMIT }, request.now),
      holdMs: 0,
    };
  return {
    answer: withHeaders(logs(state, request, faults), rateLimitHeaders(bucket)),
    holdMs: faults.logsHoldMs ?? 0,
  };
}

/** An authorization server's endpoint: held, intercepted by a fault, or answered by the server, and counted. */
async function routeToServer(
  state: SimState,
  request: SimRequest,
  target: Extract<Target, { kind: 'as' }>,
  faults: SimFaults,
): Promise<Routed> {
  const holdMs = holdFor(faults, target.serverKind, target.endpoint, state.timeoutMs);
  const intercepted = interceptFor(faults, target.serverKind, target.endpoint);
  const server = target.serverKind === 'org' ? state.org : state.customServers.get(target.serverId);
  let answer: Answer;
  if (intercepted) answer = faultAnswer(intercepted, request.now);
  else if (!server)
    answer = oktaError(404, 'E0000007', `Not found: Resource not found: ${target.serverId} (AuthorizationServer)`);
  else
    answer = await dispatch(
      state,
      server,
      target.endpoint,
      target.discoveryKind,
      onTheWay(request, target, faults),
      faults,
    );
  if (intercepted?.kind === 'rate-limited') return { answer, holdMs };
  return { answer: withHeaders(answer, countRequest(state, target, request, faults)), holdMs };
}

/**
 * The sign-in endpoints, whose answers set the DT cookie: the Authentication API, the IDX API, /authorize, the
 * session's redirect.
 */
function isSignIn(target: Target, request: SimRequest): boolean {
  if (target.kind === 'authn') return !request.url.pathname.endsWith('/sessions/me');
  return (
    target.kind === 'idx' ||
    target.kind === 'login-token-redirect' ||
    (target.kind === 'as' && target.endpoint === 'authorize')
  );
}

/** What something between the probe and Okta (a proxy) does to a custom-AS request before Okta sees it. */
function onTheWay(request: SimRequest, target: Extract<Target, { kind: 'as' }>, faults: SimFaults): SimRequest {
  if (target.serverKind !== 'custom') return request;
  let changed = request;
  if (faults.stripAuthorization === true && request.headers.authorization !== undefined) {
    const { authorization: _dropped, ...headers } = request.headers;
    changed = { ...changed, headers };
  }
  const repeated = faults.duplicateParam;
  if (repeated !== undefined && target.endpoint === 'token' && request.form.has(repeated)) {
    const form = new URLSearchParams(request.form);
    form.append(repeated, request.form.get(repeated) ?? '');
    changed = { ...changed, form };
  }
  return changed;
}

async function dispatch(
  state: SimState,
  server: AuthServer,
  endpoint: Endpoint,
  discoveryKind: DiscoveryKind | undefined,
  request: SimRequest,
  faults: SimFaults,
): Promise<Answer> {
  const allowed = POST_ONLY.includes(endpoint) ? ['POST'] : endpoint === 'userinfo' ? ['GET', 'POST'] : ['GET', 'HEAD'];
  if (!allowed.includes(request.method)) {
    return oktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method', {
      Allow: allowed.join(', '),
    });
  }
  switch (endpoint) {
    case 'discovery':
      return discovery(server, discoveryKind ?? 'openid-configuration', state.baseUrl);
    case 'keys':
      return keys(server, faults.emptyJwks === true);
    case 'token':
      return token(state, server, request);
    case 'introspect':
      return introspect(state, server, request);
    case 'revoke':
      return revoke(state, server, request);
    case 'authorize':
      return authorize(state, server, request, faults.authorizeShowsSignIn === true, faults.signIn?.signInPage);
    case 'userinfo':
      return userinfo(state, server, request);
    case 'interact':
      return interact(state, server, request);
  }
}

/**
 * The bucket a request counts in (Okta's rate-limit reference): discovery and /keys are not rate-limited;
 * /oauth2/v1/token and each /oauth2/{id}/v1/token are exact-match buckets of their own; a server's other
 * endpoints (/introspect, /revoke) share its longest-match bucket /oauth2/{id}/v1/*; /authorize reports a
 * bucket per client id and IP.
 */
function countRequest(
  state: SimState,
  target: Extract<Target, { kind: 'as' }>,
  request: SimRequest,
  faults: SimFaults,
): Record<string, string> {
  const { endpoint } = target;
  const base = target.serverKind === 'org' ? '/oauth2/v1' : `/oauth2/${target.serverId}/v1`;
  if (endpoint === 'token') {
    const bucket = state.rateLimiter.hit(`${base}/token`, TOKEN_BUCKET_LIMIT, request.now);
    const pinned = faults.rateLimitRemainingPercent;
    return rateLimitHeaders(
      pinned === undefined ? bucket : { ...bucket, remaining: Math.floor((bucket.limit * pinned) / 100) },
    );
  }
  if (endpoint === 'introspect' || endpoint === 'revoke') {
    return rateLimitHeaders(state.rateLimiter.hit(`${base}/*`, OAUTH2_OTHER_BUCKET_LIMIT, request.now));
  }
  if (endpoint === 'authorize') {
    const clientId = request.url.searchParams.get('client_id') ?? '';
    return rateLimitHeaders(
      state.rateLimiter.hit(`authorize:${clientId}:${request.remoteAddress}`, AUTHORIZE_BUCKET_LIMIT, request.now),
    );
  }
  return {};
}

function faultAnswer(fault: Exclude<FaultAnswer, { kind: 'hold' }>, now: number): Answer {
  switch (fault.kind) {
    case 'oauth':
      return oauthError(fault.status, fault.error, fault.description);
    case 'okta':
      return oktaError(fault.status, fault.errorCode, fault.summary);
    case 'html':
      return html(fault.status, fault.title, fault.message);
    case 'raw': {
      const raw: Answer = {
        kind: 'reply',
        status: fault.status,
        headers: { 'Content-Type': fault.contentType },
        body: fault.body,
      };
      return fault.notFromOkta === true ? notFromOkta(raw) : raw;
    }
    case 'destroy':
      return { kind: 'destroy' };
    case 'rate-limited':
      // A concurrency 429 reports a bucket of 0: the limit is on requests in flight, not per minute
      // (okta-developer-docs reference/rl2-monitor: "The first two header values are always `0`").
      return oktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', {
        'X-Rate-Limit-Limit': String(fault.limit ?? 0),
        'X-Rate-Limit-Remaining': '0',
        'X-Rate-Limit-Reset': String(Math.ceil(now / 1000) + fault.retryAfterSeconds),
        'Retry-After': String(fault.retryAfterSeconds),
      });
  }
}
