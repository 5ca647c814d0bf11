// /v1/token with grant_type=client_credentials: the only grant a probe (a service, no user) can use.
import { json, oauthError, type Answer } from '../answer';
import { authenticateClient } from '../client-auth';
import { parseScopes, judgeScopes } from '../scopes';
import type { AuthServer, SimRequest, SimState } from '../state';
import { ACCESS_TOKEN_LIFETIME_S, issueAccessToken } from '../tokens';

const GRANT_TYPES = '[authorization_code, client_credentials, implicit, password, refresh_token, urn:ietf:params:oauth:grant-type:device_code]';

export async function token(state: SimState, server: AuthServer, request: SimRequest): Promise<Answer> {
  const grantType = request.form.get('grant_type');
  const nowSeconds = Math.floor(request.now / 1000);
  const auth = await authenticateClient(state, server, {
    headers: request.headers,
    form: request.form,
    endpointUrl: `${server.endpointBase}/token`,
    clientCredentials: grantType === 'client_credentials',
    nowSeconds,
  });
  if (!auth.ok) return auth.answer;
  if (grantType === null) return oauthError(400, 'invalid_request', `The token request must specify a 'grant_type'. Valid values: ${GRANT_TYPES}`);
  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].');
  }
  const requested = parseScopes(request.form.get('scope'));
  const judged = judgeScopes(server, auth.client, requested, true);
  if (!judged.ok) return oauthError(400, 'invalid_scope', judged.description);
  const faults = state.faults();
  // The access policy rule decides which of the requested scopes are granted.
  const granted = server.kind === 'custom' && faults.grantedScopes ? requested.filter((s) => faults.grantedScopes?.includes(s)) : requested;
  if (granted.length === 0) return oauthError(401, 'access_denied', 'Policy evaluation failed for this request, please check the policy configurations.');
  const issued = await issueAccessToken({
    server,
    clientId: auth.client.clientId,
    scopes: granted,
    nowSeconds,
    baseUrl: state.baseUrl,
    faults: server.kind === 'custom' ? (faults.token ?? {}) : {},
    unpublishedKey: state.unpublishedKey,
  });
  state.tokens.add(issued);
  return json(
    200,
    { token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S, access_token: issued.token, scope: granted.join(' ') },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );
}
