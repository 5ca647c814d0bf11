// /v1/token with grant_type=client_credentials: the only grant a probe (a service, no user) can use.
// Checks in this order: client, network zone, grant, scopes, access policy, token customisation (claims,
// inline hook). Which of two simultaneous faults Okta reports first is not published: unconfirmed.
import { json, oauthError, type Answer } from '../answer';
import { authenticateClient } from '../client-auth';
import type { RegisteredClient } from '../clients';
import { grantEvents, type SimLogEvent } from '../system-log';
import { idTokenGrantEvent } from '../app-log-events';
import type { SimFaults } from '../faults';
import { parseScopes, judgeScopes } from '../scopes';
import type { AuthServer } from '../auth-server';
import type { SimRequest, SimState } from '../state';
import { ACCESS_TOKEN_LIFETIME_S, issueAccessToken } from '../tokens';
import { USER_GRANTS, userToken } from './user-token';

const GRANT_TYPES =
  '[authorization_code, client_credentials, implicit, password, refresh_token, ' +
  'urn:ietf:params:oauth:grant-type:device_code]';

export async function token(state: SimState, server: AuthServer, request: SimRequest): Promise<Answer> {
  const grantType = request.form.get('grant_type');
  const nowSeconds = Math.floor(request.now / 1000);
  const duplicated = [...new Set(request.form.keys())].filter((name) => request.form.getAll(name).length > 1);
  if (duplicated.length > 0)
    return oauthError(400, 'invalid_request', 'The request contained multiple parameters with the same name.');
  const auth = await authenticateClient(state, server, {
    headers: request.headers,
    form: request.form,
    endpointUrl: `${server.endpointBase}/token`,
    clientCredentials: grantType === 'client_credentials',
    nowSeconds,
  });
  const faults = state.faults();
  if (!auth.ok) {
    // A known client's credentials refused (a rotated secret) is a refused grant too, logged under its client id.
    const named = state.registry.get(request.form.get('client_id') ?? '');
    if (named !== undefined)
      state.systemLog.record(
        grantEvents({
          serverKind: server.kind,
          serverId: server.id,
          clientId: named.clientId,
          requestId: request.requestId,
          now: request.now,
          answer: auth.answer,
          faults,
        }),
      );
    return auth.answer;
  }
  const answer = await grant(state, server, request, auth.client, faults);
  // Okta logs every refused grant of a known client, with the answer's request id as its transaction id.
  state.systemLog.record(
    grantEvents({
      serverKind: server.kind,
      serverId: server.id,
      clientId: auth.client.clientId,
      requestId: request.requestId,
      now: request.now,
      answer,
      faults,
    }),
  );
  if (grantType === 'authorization_code') state.systemLog.record(idTokenGranted(state, request, auth.client, answer));
  return answer;
}

/**
 * The ID token a code grant issued, as Okta logs it under the /token request's id (the app's own back channel): none
 * for a refusal (grantEvents logs those) or an answer without one.
 */
function idTokenGranted(state: SimState, request: SimRequest, client: RegisteredClient, answer: Answer): SimLogEvent[] {
  if (answer.kind !== 'reply' || answer.status !== 200) return [];
  let sub: unknown;
  try {
    const { id_token: idToken } = JSON.parse(answer.body) as { id_token?: unknown };
    if (typeof idToken !== 'string') return [];
    ({ sub } = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      sub?: unknown;
    });
  } catch {
    return [];
  }
  const user = typeof sub === 'string' ? state.signIn.byId(sub) : undefined;
  if (user === undefined) return [];
  return [
    idTokenGrantEvent({
      requestId: request.requestId,
      now: request.now,
      appId: client.clientId,
      appName: client.clientId,
      user: { id: user.id, login: user.username },
      path: request.url.pathname,
    }),
  ];
}

async function grant(
  state: SimState,
  server: AuthServer,
  request: SimRequest,
  registered: RegisteredClient,
  faults: SimFaults,
): Promise<Answer> {
  const grantType = request.form.get('grant_type');
  const nowSeconds = Math.floor(request.now / 1000);
  if (faults.outsideNetworkZone)
    return oauthError(403, 'access_denied', "The request is made from outside the client's permitted network zones.");
  if (grantType === null)
    return oauthError(
      400,
      'invalid_request',
      `The token request must specify a 'grant_type'. Valid values: ${GRANT_TYPES}`,
    );
  // The user grants of the apps people sign in to; a service app asking for one gets unsupported_grant_type below.
  if (USER_GRANTS.includes(grantType) && registered.userGrants !== undefined)
    return userToken(state, server, request, registered);
  if (grantType !== 'client_credentials') {
    return oauthError(
      400,
      'unsupported_grant_type',
      'The authorization grant type is not supported by the authorization server. Configured grant types: ' +
        '[client_credentials].',
    );
  }
  const requested = parseScopes(request.form.get('scope'));
  const broken = faults.customScopesBroken === true;
  const judged = judgeScopes(server, grantedClient(registered, faults), requested, true, broken);
  if (!judged.ok) return oauthError(400, judged.error, judged.description);
  const refused = server.kind === 'custom' ? policyRefusal(faults, requested) : undefined;
  if (refused) return refused;
  const customisation = server.kind === 'custom' ? customisationFailure(faults) : undefined;
  if (customisation) return customisation;
  const issued = await issueAccessToken({
    server,
    clientId: registered.clientId,
    scopes: requested,
    nowSeconds,
    baseUrl: state.baseUrl,
    faults: server.kind === 'custom' ? (faults.token ?? {}) : {},
    unpublishedKey: state.unpublishedKey,
  });
  state.tokens.add(issued);
  return json(
    200,
    {
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      access_token: issued.token,
      scope: requested.join(' '),
    },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );
}

/** The client as its admin left it: the faults take back Okta API scopes never granted to it. */
function grantedClient(registered: RegisteredClient, faults: SimFaults): RegisteredClient {
  const notGranted = [
    ...(faults.logsScopeNotGranted === true ? ['okta.logs.read'] : []),
    ...(faults.inventory?.scopesNotGranted ?? []),
  ];
  return notGranted.length > 0
    ? { ...registered, oktaScopes: registered.oktaScopes.filter((s) => !notGranted.includes(s)) }
    : registered;
}

/**
 * The custom AS's access policy. Okta never issues a client credentials token with fewer scopes than
 * requested: a rule that allows only some is scope_denied, none is no_scope_allowed, and no matching rule
 * (none for this client, or one without the Client Credentials grant) is no_matching_policy.
 */
export function policyRefusal(faults: SimFaults, requested: readonly string[]): Answer | undefined {
  if (faults.accessPolicy !== undefined) {
    return oauthError(
      401,
      'access_denied',
      'Policy evaluation failed for this request, please check the policy configurations.',
    );
  }
  const allowed = faults.grantedScopes;
  if (allowed === undefined) return undefined;
  const denied = requested.filter((scope) => !allowed.includes(scope));
  if (denied.length === 0) return undefined;
  if (denied.length === requested.length)
    return oauthError(400, 'access_denied', 'Policy evaluation succeeded, but all the requested scopes were rejected.');
  return oauthError(
    400,
    'access_denied',
    `Some of the requested scopes were denied by the policy. Denied scopes: [${denied.join(', ')}].`,
  );
}

/** The org's own token customisation failing: Okta reports both as a 400 server_error (catalogue). */
function customisationFailure(faults: SimFaults): Answer | undefined {
  if (faults.failingClaim !== undefined)
    return oauthError(400, 'server_error', `The '${faults.failingClaim}' system claim could not be evaluated.`);
  // callback_returned_error: the description is the hook's own error text.
  if (faults.tokenHookError !== undefined) return oauthError(400, 'server_error', faults.tokenHookError);
  return undefined;
}
