// The Management API reads of the org inventory, GET only: /api/v1/api-tokens, /api/v1/users/{id},
// /api/v1/apps (filter status eq "ACTIVE") and /api/v1/apps/{id}/credentials/keys, /api/v1/idps and
// /api/v1/idps/credentials/keys, /api/v1/logStreams, /api/v1/eventHooks, /api/v1/inlineHooks (sim/hooks.ts),
// /api/v1/agentPools; and what a group of SAML apps discovers with: /api/v1/apps with `q`,
// /api/v1/users/{id or login}/appLinks, /api/v1/groups/{id}/apps, /api/v1/apps/{id} and
// /api/v1/apps/{id}/sso/saml/metadata?kid= (XML); and what `plan --org` asks of an access assertion's row:
// /api/v1/apps/{id}, /api/v1/users/{id}, /api/v1/groups/{id}, /api/v1/zones/{id}. Okta checks the token (401
// E0000011), the path's scope (403 E0000006 with insufficient_scope) and the app's admin role (403 E0000006); lists
// page by `limit` and an opaque `after` cursor that Okta puts in `Link: <...>; rel="next"`, never built by the
// caller. Each path template is a rate-limit bucket of its own, reported in X-Rate-Limit-* headers.
import { json, oktaError, withHeaders, type Answer } from '../answer';
import type { SimFaults } from '../faults';
import {
  agentPools,
  apiTokens,
  appJson,
  appKeys,
  apps,
  eventHooks,
  idpKeys,
  idps,
  logStreams,
  user,
  type InventoryFaults,
} from '../inventory';
import { inlineHooks } from '../hooks';
import { accessApps, accessGroup, accessZone } from '../access';
import { connectionJson, provisioningAppJson, SIM_PROVISIONING_APPS } from '../provisioning';
import { rateLimitHeaders } from '../rate-limit';
import { samlAppLink } from '../saml/app';
import { orgToken, refused } from './org-token';
import { MANAGEMENT_BUCKET_LIMIT, type SimRequest, type SimState } from '../state';
import {
  assignedCatalogueApps,
  catalogueAppById,
  catalogueAppJson,
  catalogueAppKeys,
  catalogueAppLink,
  catalogueApps,
  catalogueMetadataPreview,
  SIM_CATALOGUE_GROUP,
} from '../saml/catalogue';

interface Route {
  readonly pattern: RegExp;
  /** The rate-limit bucket, and the name roleMissingFor uses. */
  readonly resource: string;
  readonly scope: string;
  /** Okta's default page size when `limit` is not sent (the spec's: 20 for idps, every item for apps and tokens). */
  readonly defaultLimit: number;
  /** Okta answers the list whole, in one array: no `limit`, no `after`, no `Link: next`. */
  readonly unpaged?: true;
  /**
   * What Okta's 404 names the missing thing (its errorSummary's "(User)"); else the resource. Okta's Users reference
   * (okta-developer-docs, "An invalid `id` returns a `404 Not Found`"): E0000007 "Not found: Resource not found:
   * 00uuibMot2FBByTbs0g4 (User)"; an app is "(AppInstance)" (okta-sdk-dotnet's migration guide, getApplication of an
   * unknown id), a group "(UserGroup)" (okta/terraform-provider-okta matches that text). A zone's word is in no
   * stored source: "(NetworkZone)", the Management API's schema name, and the probe reads only the 404 and E0000007.
   */
  readonly notFound?: string;
  /** The data answered (a list is paged), an answer of its own (XML), or undefined for 404. */
  readonly answer: (
    match: RegExpExecArray,
    now: number,
    faults: InventoryFaults,
    sim: { readonly state: SimState; readonly request: SimRequest; readonly faults: SimFaults },
  ) => unknown[] | unknown | { readonly answer: Answer } | undefined;
}

/**
 * A list's items whose name or label starts with `q`: listApplications' q "Searches for apps with name or label
 * properties that starts with the q value using the startsWith operation" (okta-sdk-nodejs oas-spec/management.yaml).
 * The spec says nothing of case: the simulator matches it exactly, and the probe keeps only labels that start with
 * the prefix as written, whichever way Okta compares.
 */
function startingWith(items: readonly unknown[], q: string | null): unknown[] {
  if (q === null) return [...items];
  return items.filter((item) => {
    const { name, label } = item as { name?: string; label?: string };
    return (name ?? '').startsWith(q) || (label ?? '').startsWith(q);
  });
}

const ROUTES: readonly Route[] = [
  {
    pattern: /^\/api\/v1\/api-tokens$/,
    resource: 'api-tokens',
    scope: 'okta.apiTokens.read',
    defaultLimit: 200,
    answer: (_m, now, f) => apiTokens(now, f),
  },
  {
    pattern: /^\/api\/v1\/users\/([^/]+)$/,
    resource: 'users',
    scope: 'okta.users.read',
    defaultLimit: 200,
    notFound: 'User',
    answer: (m, _now, f, sim) =>
      synthetic(sim.state, decodeURIComponent(m[1] ?? ''), sim.faults) ?? user(decodeURIComponent(m[1] ?? ''), f),
  },
  {
    pattern: /^\/api\/v1\/apps$/,
    resource: 'apps',
    scope: 'okta.apps.read',
    defaultLimit: 200,
    // The catalogue's SAML apps after the org's own; `q` as the spec's startsWith on name or label.
    answer: (_m, _now, f, sim) =>
      startingWith(
        [
          ...apps(f).map(appJson),
          ...catalogueApps(sim.faults.samlCatalogue).map((app) => catalogueAppJson(sim.state, app)),
          // Provisioning's apps, listed only in its scenarios (sim/provisioning.ts cites their features).
          ...(sim.faults.provisioning === undefined ? [] : SIM_PROVISIONING_APPS.map(provisioningAppJson)),
          // The access assertions' apps (sim/access.ts), listed only in their scenarios: a row may name one by label.
          ...(sim.faults.access === undefined ? [] : accessApps()),
        ],
        sim.request.url.searchParams.get('q'),
      ),
  },
  {
    // getDefaultProvisioningConnectionForApplication: 200 for every app, "UNKNOWN" for those without the API
    // (okta-management-openapi-spec ProvisioningConnection*; sim/provisioning.ts).
    pattern: /^\/api\/v1\/apps\/([^/]+)\/connections\/default$/,
    resource: 'apps',
    scope: 'okta.apps.read',
    defaultLimit: 200,
    answer: (m, _now, _f, sim) => connectionJson(decodeURIComponent(m[1] ?? ''), sim.faults.provisioning),
  },
  {
    // getApplication: the org's own apps and the catalogue's, as Okta holds them now (a rotated app's new kid).
    pattern: /^\/api\/v1\/apps\/([^/]+)$/,
    resource: 'apps',
    scope: 'okta.apps.read',
    defaultLimit: 200,
    notFound: 'AppInstance',
    // The access assertions' apps too, whatever the scenario: the healthy demo's rows name the finance app by id, and
    // `plan --org` asks for it.
    answer: (m, _now, f, sim) => {
      const id = decodeURIComponent(m[1] ?? '');
      const own = apps(f).find((a) => a.id === id);
      if (own !== undefined) return appJson(own);
      return accessApps().find((a) => a.id === id) ?? catalogueAppById(sim.state, id, sim.faults.samlCatalogue);
    },
  },
  {
    // getGroup (okta.groups.read): the groups the access assertions name (sim/access.ts).
    pattern: /^\/api\/v1\/groups\/([^/]+)$/,
    resource: 'groups',
    scope: 'okta.groups.read',
    defaultLimit: 200,
    notFound: 'UserGroup',
    answer: (m) => accessGroup(decodeURIComponent(m[1] ?? '')),
  },
  {
    // getNetworkZone (okta.networkZones.read; Okta's Network Zones API, GET /api/v1/zones/{zoneId}): the office zone
    // the access assertions name.
    pattern: /^\/api\/v1\/zones\/([^/]+)$/,
    resource: 'zones',
    scope: 'okta.networkZones.read',
    defaultLimit: 200,
    notFound: 'NetworkZone',
    answer: (m) => accessZone(decodeURIComponent(m[1] ?? '')),
  },
  {
    pattern: /^\/api\/v1\/apps\/([^/]+)\/sso\/saml\/metadata$/,
    resource: 'apps',
    scope: 'okta.apps.read',
    defaultLimit: 200,
    answer: (m, _now, _f, sim) => {
      const preview = catalogueMetadataPreview(
        sim.state,
        sim.request,
        decodeURIComponent(m[1] ?? ''),
        sim.faults.samlCatalogue,
      );
      return preview === undefined ? undefined : { answer: preview };
    },
  },
  {
    pattern: /^\/api\/v1\/users\/([^/]+)\/appLinks$/,
    resource: 'users',
    scope: 'okta.users.read',
    defaultLimit: 200,
    // listAppLinks takes no `limit` nor `after` and answers no `Link: next` (okta-management-openapi-spec
    // management-minimal.yaml; the SDKs' listAppLinks(userId)): every link in one array, however many.
    unpaged: true,
    answer: (m, _now, _f, sim) => {
      // {id} is an id or a login (the spec's pathId): the synthetic user's links to the catalogue's apps assigned to
      // it.
      const login = decodeURIComponent(m[1] ?? '');
      const user = sim.state.signIn.byUsername(login) ?? sim.state.signIn.byId(login);
      if (user === undefined) return undefined;
      const own = sim.faults.saml?.notAssigned === true ? [] : [samlAppLink(sim.state.baseUrl, user.id)];
      return [
        ...own,
        ...assignedCatalogueApps(sim.faults.samlCatalogue).map((app) => catalogueAppLink(sim.state, app, user.id)),
      ];
    },
  },
  {
    pattern: /^\/api\/v1\/groups\/([^/]+)\/apps$/,
    resource: 'groups',
    scope: 'okta.groups.read',
    defaultLimit: 20,
    answer: (m, _now, _f, sim) =>
      decodeURIComponent(m[1] ?? '') === SIM_CATALOGUE_GROUP
        ? assignedCatalogueApps(sim.faults.samlCatalogue).map((app) => catalogueAppJson(sim.state, app))
        : undefined,
  },
  {
    pattern: /^\/api\/v1\/apps\/([^/]+)\/credentials\/keys$/,
    resource: 'app-keys',
    scope: 'okta.apps.read',
    defaultLimit: 200,
    // The catalogue's SAML apps are the org's apps like its own: Okta lists every app's key store.
    answer: (m, now, f, sim) => {
      const id = decodeURIComponent(m[1] ?? '');
      const app = apps(f).find((a) => a.id === id);
      return app === undefined ? catalogueAppKeys(sim.state, id, sim.faults.samlCatalogue) : appKeys(app, now);
    },
  },
  {
    pattern: /^\/api\/v1\/idps$/,
    resource: 'idps',
    scope: 'okta.idps.read',
    defaultLimit: 20,
    answer: (_m, _now, f) => idps(f),
  },
  {
    pattern: /^\/api\/v1\/idps\/credentials\/keys$/,
    resource: 'idp-keys',
    scope: 'okta.idps.read',
    defaultLimit: 20,
    answer: (_m, now, f) => idpKeys(now, f),
  },
  {
    pattern: /^\/api\/v1\/logStreams$/,
    resource: 'log-streams',
    scope: 'okta.logStreams.read',
    defaultLimit: 20,
    answer: (_m, now, f) => logStreams(now, f),
  },
  {
    pattern: /^\/api\/v1\/eventHooks$/,
    resource: 'event-hooks',
    scope: 'okta.eventHooks.read',
    defaultLimit: 200,
    answer: (_m, _now, f) => eventHooks(f),
  },
  // GET /api/v1/inlineHooks takes no paging parameter in Okta's spec (okta-sdk-nodejs oas-spec/management.yaml,
  // listInlineHooks: `type` only), and an org holds at most 100 inline hooks (okta-developer-docs
  // concepts/inline-hooks): one unpaged answer; its scope is okta.inlineHooks.read (the same spec's security).
  {
    pattern: /^\/api\/v1\/inlineHooks$/,
    resource: 'inline-hooks',
    scope: 'okta.inlineHooks.read',
    defaultLimit: 100,
    unpaged: true,
    answer: (_m, _now, _f, sim) => inlineHooks(sim.faults.hooks),
  },
  {
    pattern: /^\/api\/v1\/agentPools$/,
    resource: 'agent-pools',
    scope: 'okta.agentPools.read',
    defaultLimit: 200,
    answer: (_m, now, f) => agentPools(now, f),
  },
];

/** Whether the path is one of the inventory's (checked before the management slice, which also serves /api/v1/apps). */
export const isInventoryPath = (path: string): boolean => ROUTES.some((r) => r.pattern.test(path));

export function inventory(state: SimState, request: SimRequest, faults: SimFaults): Answer {
  const path = request.url.pathname;
  const route = ROUTES.find((r) => r.pattern.test(path));
  const match = route?.pattern.exec(path);
  if (route === undefined || match === null || match === undefined)
    return oktaError(404, 'E0000007', `Not found: Resource not found: ${path} (Path)`);
  const inventoryFaults = faults.inventory ?? {};
  const bucket = state.rateLimiter.hit(`inventory:${route.resource}`, MANAGEMENT_BUCKET_LIMIT, request.now);
  const pinned = route.resource === 'app-keys' ? inventoryFaults.keysRemainingPercent : undefined;
  const headers = rateLimitHeaders(
    pinned === undefined ? bucket : { ...bucket, remaining: Math.floor((bucket.limit * pinned) / 100) },
  );
  return withHeaders(answer(state, request, route, match, faults, inventoryFaults), headers);
}

function answer(
  state: SimState,
  request: SimRequest,
  route: Route,
  match: RegExpExecArray,
  faults: SimFaults,
  inventoryFaults: InventoryFaults,
): Answer {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return oktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method', { Allow: 'GET, HEAD' });
  }
  const issued = orgToken(state, request, route.scope);
  if (refused(issued)) return issued;
  const listingRefused = faults.samlCatalogue?.listingRefused === true && route.resource === 'apps';
  if (
    faults.adminRoleMissing === true ||
    listingRefused ||
    inventoryFaults.roleMissingFor?.includes(route.resource) === true
  ) {
    return oktaError(403, 'E0000006', 'You do not have permission to perform the requested action');
  }
  const found = route.answer(match, request.now, inventoryFaults, { state, request, faults });
  if (found === undefined)
    return oktaError(
      404,
      'E0000007',
      `Not found: Resource not found: ${match[1] ?? ''} (${route.notFound ?? route.resource})`,
    );
  if (typeof found === 'object' && found !== null && 'answer' in found) return (found as { answer: Answer }).answer;
  if (!Array.isArray(found) || route.unpaged === true) return json(200, found);
  return page(state, request, found, route.defaultLimit);
}

/**
 * A synthetic user by id or login (GET /api/v1/users/{id|login}, okta.users.read): its status, which tells a lockout
 * the sign-in answers hide (LOCKED_OUT behind 401 E0000004 while showLockoutFailures is off).
 */
function synthetic(state: SimState, idOrLogin: string, faults: SimFaults): unknown | undefined {
  const user = state.signIn.byId(idOrLogin) ?? state.signIn.byUsername(idOrLogin);
  const fault = faults.signIn?.user;
  if (user === undefined || fault === 'deleted') return undefined;
  // UserStatus's values (okta-sdk-nodejs oas-spec/management.yaml).
  const status =
    fault === 'locked-hidden' || fault === 'locked-out'
      ? 'LOCKED_OUT'
      : fault === 'suspended'
        ? 'SUSPENDED'
        : fault === 'staged'
          ? 'STAGED'
          : fault === 'provisioned'
            ? 'PROVISIONED'
            : fault === 'recovery'
              ? 'RECOVERY'
              : 'ACTIVE';
  return { id: user.id, status, profile: { login: user.username }, type: { id: 'oty1' } };
}

/** One page of a list, with Link rel="self" and, when more follow, rel="next" carrying Okta's opaque cursor. */
function page(state: SimState, request: SimRequest, items: readonly unknown[], defaultLimit: number): Answer {
  const params = request.url.searchParams;
  const limit = Math.max(1, Math.min(200, Number(params.get('limit') ?? String(defaultLimit)) || defaultLimit));
  const after = params.get('after');
  const start = after === null ? 0 : Number.parseInt(after, 36) || 0;
  const self = `${state.baseUrl}${request.url.pathname}?${params.toString()}`;
  const links = [`<${self}>; rel="self"`];
  if (start + limit < items.length) {
    const next = new URLSearchParams(params);
    next.set('after', (start + limit).toString(36));
    links.push(`<${state.baseUrl}${request.url.pathname}?${next.toString()}>; rel="next"`);
  }
  return json(200, items.slice(start, start + limit), { Link: links.join(', ') });
}
