// A read-only slice of Okta's Management API (/api/v1/users, groups, apps, logs, authorizationServers, GET
// only): what a service app's Org-AS token may call. Okta checks the token (401 E0000011 when it is not a
// live Org-AS access token), its scope (403 E0000006 with insufficient_scope) and the app's admin role (403
// E0000006: without a role, every call is refused whatever the scopes).
import { json, oktaError, type Answer } from '../answer';
import type { SimFaults } from '../faults';
import type { SimRequest, SimState } from '../state';

export const MANAGEMENT_PATH = /^\/api\/v1\/(users|groups|apps|logs|authorizationServers)$/;

export function management(state: SimState, request: SimRequest, faults: SimFaults): Answer {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return oktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method', { Allow: 'GET, HEAD' });
  }
  const resource = MANAGEMENT_PATH.exec(request.url.pathname)?.[1] ?? '';
  const bearer = /^Bearer (\S+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
  const issued = bearer === undefined ? undefined : state.tokens.find(bearer);
  if (issued === undefined || issued.serverId !== 'org' || issued.exp <= Math.floor(request.now / 1000)) {
    return oktaError(401, 'E0000011', 'Invalid token provided');
  }
  const scope = `okta.${resource}.read`;
  if (!issued.scopes.includes(scope) && !issued.scopes.includes(`okta.${resource}.manage`)) {
    return oktaError(403, 'E0000006', 'You do not have permission to perform the requested action', {
      'WWW-Authenticate':
        `Bearer authorization_uri="${state.baseUrl}/oauth2/v1/authorize", realm="${state.baseUrl}", scope="${scope}", ` +
        `error="insufficient_scope", error_description="The access token provided does not contain the ` +
        `required scopes.", resource="${request.url.pathname}"`,
    });
  }
  if (faults.adminRoleMissing === true)
    return oktaError(403, 'E0000006', 'You do not have permission to perform the requested action');
  const limit = Math.max(1, Math.min(200, Number(request.url.searchParams.get('limit') ?? '200') || 200));
  const items = [{ id: '00u1sim0000000000000', status: 'ACTIVE', profile: { login: 'probe.target@example.com' } }];
  return json(200, items.slice(0, limit));
}
