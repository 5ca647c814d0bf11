// What every Management API endpoint checks first (Okta's answers, as the System Log and inventory reads get them):
// a live Org-AS access token (401 E0000011 otherwise), then the scope the path needs (403 E0000006 with an RFC 6750
// insufficient_scope challenge naming it).
import { oktaError, type Answer } from '../answer';
import type { SimRequest, SimState } from '../state';
import type { IssuedToken } from '../tokens';

/** The request's Org-AS token, or Okta's refusal. `scope`: needed (its .manage sibling also does). */
export function orgToken(state: SimState, request: SimRequest, scope: string): IssuedToken | Answer {
  const bearer = /^Bearer (\S+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
  const issued = bearer === undefined ? undefined : state.tokens.find(bearer);
  if (issued === undefined || issued.serverId !== 'org' || issued.exp <= Math.floor(request.now / 1000)) {
    return oktaError(401, 'E0000011', 'Invalid token provided');
  }
  if (!issued.scopes.includes(scope) && !issued.scopes.includes(scope.replace(/\.read$/, '.manage'))) {
    return oktaError(403, 'E0000006', 'You do not have permission to perform the requested action', {
      'WWW-Authenticate':
        `Bearer authorization_uri="${state.baseUrl}/oauth2/v1/authorize", realm="${state.baseUrl}", scope="${scope}", ` +
        `error="insufficient_scope", error_description="The access token provided does not contain the ` +
        `required scopes.", resource="${request.url.pathname}"`,
    });
  }
  return issued;
}

export const refused = (found: IssuedToken | Answer): found is Answer => 'kind' in found;
