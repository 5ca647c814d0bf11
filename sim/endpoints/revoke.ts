// /v1/revoke (RFC 7009): 200 with an empty body, even for a token it never issued.
import { oauthError, type Answer } from '../answer';
import { authenticateClient } from '../client-auth';
import type { AuthServer } from '../auth-server';
import type { SimRequest, SimState } from '../state';

export async function revoke(state: SimState, server: AuthServer, request: SimRequest): Promise<Answer> {
  const auth = await authenticateClient(state, server, {
    headers: request.headers,
    form: request.form,
    endpointUrl: `${server.endpointBase}/revoke`,
    clientCredentials: false,
    nowSeconds: Math.floor(request.now / 1000),
  });
  if (!auth.ok) return auth.answer;
  const token = request.form.get('token');
  if (!token) return oauthError(400, 'invalid_request', "The 'token' parameter is required.");
  const issued = state.tokens.find(token);
  if (issued?.serverId === server.id) state.tokens.revoke(token);
  return { kind: 'reply', status: 200, headers: {}, body: '' };
}
