// /v1/introspect (RFC 7662): what Okta knows of a token. The only way to check an Org-AS token.
import { json, oauthError, type Answer } from '../answer';
import { authenticateClient } from '../client-auth';
import type { AuthServer } from '../auth-server';
import type { SimRequest, SimState } from '../state';

export async function introspect(state: SimState, server: AuthServer, request: SimRequest): Promise<Answer> {
  const nowSeconds = Math.floor(request.now / 1000);
  const auth = await authenticateClient(state, server, {
    headers: request.headers,
    form: request.form,
    endpointUrl: `${server.endpointBase}/introspect`,
    clientCredentials: false,
    nowSeconds,
  });
  if (!auth.ok) return auth.answer;
  const token = request.form.get('token');
  if (!token) return oauthError(400, 'invalid_request', "The 'token' parameter is required.");
  const issued = state.tokens.find(token);
  const faults = state.faults().introspection ?? {};
  // A token of another server, an expired or a revoked one: all just inactive, never an error.
  if (!issued || issued.serverId !== server.id || issued.exp <= nowSeconds || faults.inactive)
    return json(200, { active: false });
  return json(200, {
    active: true,
    scope: issued.scopes.join(' '),
    client_id: faults.clientId ?? issued.clientId,
    sub: issued.sub,
    exp: issued.exp,
    iat: issued.iat,
    iss: issued.iss,
    aud: issued.aud,
    jti: issued.jti,
    token_type: 'Bearer',
  });
}
