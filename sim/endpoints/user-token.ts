// /v1/token for a user: the authorization code with PKCE (RFC 7636), and Identity Engine's Direct
// Authentication grants, password then mfa-otp (okta-developer-docs guides/configure-direct-auth-grants), with the
// texts of Okta's error catalogue. /v1/userinfo reads a user's access token.
import { createHash } from 'node:crypto';
import { json, oauthError, type Answer } from '../answer';
import { MFA_OTP_GRANT, type RegisteredClient } from '../clients';
import { REFUSED_AS_WRONG, type SignInFaults } from '../faults';
import { parseScopes, judgeScopes } from '../scopes';
import type { AuthServer } from '../auth-server';
import type { SimRequest, SimState } from '../state';
import { ACCESS_TOKEN_LIFETIME_S, issueAccessToken, issueIdToken, userClaims } from '../tokens';
import type { SimUser } from '../users';
import { mfaWanted } from './authn';
import { userSignInFaults } from '../tenant';
import { INTERACTION_CODE_GRANT } from './idx';

export const USER_GRANTS: readonly string[] = ['authorization_code', 'password', MFA_OTP_GRANT, INTERACTION_CODE_GRANT];

const invalidGrant = (description: string): Answer => oauthError(400, 'invalid_grant', description);

export async function userToken(
  state: SimState,
  server: AuthServer,
  request: SimRequest,
  client: RegisteredClient,
): Promise<Answer> {
  const grantType = request.form.get('grant_type') ?? '';
  const faults = state.faults().signIn ?? {};
  const nowSeconds = Math.floor(request.now / 1000);
  const grant: Grant = { state, server, request, client, faults, nowSeconds };
  if (
    !(client.userGrants ?? []).includes(grantType) ||
    (faults.policyDenied === true && grantType !== 'authorization_code' && grantType !== INTERACTION_CODE_GRANT) ||
    (faults.interactionCodeDisabled === true && grantType === INTERACTION_CODE_GRANT)
  ) {
    return oauthError(
      400,
      'unauthorized_client',
      `The client is not authorized to use the provided grant type. Configured grant types: [${(client.userGrants ?? []).filter(() => faults.policyDenied !== true).join(', ')}].`,
    );
  }
  if (grantType === 'authorization_code') return authorizationCodeGrant(grant);
  if (grantType === INTERACTION_CODE_GRANT) return interactionCodeGrant(grant);
  const scopes = parseScopes(request.form.get('scope'));
  const judged = judgeScopes(server, client, scopes, false);
  if (!judged.ok) return oauthError(400, judged.error, judged.description);
  if (grantType === MFA_OTP_GRANT) return mfaOtpGrant(grant, scopes);
  return passwordGrant(grant, scopes);
}

/** What every grant reads: the request, its client and server, the faults asked for, and the time in seconds. */
interface Grant {
  readonly state: SimState;
  readonly server: AuthServer;
  readonly request: SimRequest;
  readonly client: RegisteredClient;
  readonly faults: SignInFaults;
  readonly nowSeconds: number;
}

/** The authorization code: its server, client, redirect URI and PKCE verifier must all match the authorize request. */
async function authorizationCodeGrant(grant: Grant): Promise<Answer> {
  const { state, server, request, client, faults, nowSeconds } = grant;
  const code = state.signIn.takeCode(request.form.get('code'), nowSeconds);
  if (code === undefined || code.serverId !== server.id)
    return invalidGrant('The authorization code is invalid or has expired.');
  if (code.clientId !== client.clientId)
    return invalidGrant(
      "The grant was issued to another client. Please make sure the 'client_id' matches the one used at " +
        'the authorize request.',
    );
  if (code.redirectUri !== request.form.get('redirect_uri'))
    return invalidGrant("The 'redirect_uri' does not match the redirection URI used in the authorization request.");
  const verifier = request.form.get('code_verifier');
  if (
    code.challenge !== null &&
    (verifier === null || createHash('sha256').update(verifier).digest('base64url') !== code.challenge)
  )
    return invalidGrant('PKCE verification failed.');
  const user = state.signIn.byId(code.userId);
  if (user === undefined) return invalidGrant('The authorization code is invalid or has expired.');
  return tokens(state, server, client, user, code.scopes, code.nonce, nowSeconds, faults.thinIdToken === true);
}

async function interactionCodeGrant(grant: Grant): Promise<Answer> {
  const { state, server, request, client, faults, nowSeconds } = grant;
  // The code of a finished IDX transaction, with the verifier of the challenge sent to /v1/interact (catalogue:
  // invalid_interaction_code, pkce_verification_failed).
  const code = state.signIn.idx.takeCode(request.form.get('interaction_code'), nowSeconds);
  if (code === undefined || code.serverId !== server.id || code.clientId !== client.clientId)
    return invalidGrant('The interaction code is invalid or has expired.');
  const verifier = request.form.get('code_verifier');
  if (verifier === null || createHash('sha256').update(verifier).digest('base64url') !== code.challenge)
    return invalidGrant('PKCE verification failed.');
  const user = state.signIn.byId(code.userId);
  if (user === undefined) return invalidGrant('The interaction code is invalid or has expired.');
  return tokens(state, server, client, user, code.scopes, code.nonce, nowSeconds, faults.thinIdToken === true);
}

/** Direct Authentication's second step: the mfa_token of the password step and a TOTP code. */
async function mfaOtpGrant(grant: Grant, scopes: readonly string[]): Promise<Answer> {
  const { state, server, request, client, nowSeconds } = grant;
  const mfa = state.signIn.takeMfaToken(request.form.get('mfa_token'), nowSeconds);
  if (mfa === undefined || mfa.clientId !== client.clientId)
    return oauthError(403, 'access_denied', "'mfa_token' has expired. Use a new 'mfa_token' and try again.");
  const user = state.signIn.byId(mfa.userId);
  const faults = userSignInFaults(state.tenant, user, grant.faults);
  // The grant names no authenticator: its request carries only otp and mfa_token, and its authenticator is "Google
  // Authenticator or Okta Verify" (okta-developer-docs guides/configure-direct-auth-grants/main/bmfaotp,
  // use-flow.md and authenticator.md). Which one Okta tries for a user enrolled in both is not published: the
  // simulator tries both, the answer most favourable to a journey whose seed is either (unconfirmed).
  const otp = request.form.get('otp');
  const accepted =
    user !== undefined &&
    faults.user !== 'totp-reset' &&
    (state.signIn.verifyTotp(user, otp, request.now) ||
      (faults.bothTotp === true && state.signIn.verifyTotp(user, otp, request.now, user.phoneSecret)));
  if (!accepted)
    return invalidGrant("The 'otp' provided is either empty or incorrect. Use the correct OTP and try again.");
  return tokens(state, server, client, user, scopes, null, nowSeconds, false);
}

async function passwordGrant(grant: Grant, scopes: readonly string[]): Promise<Answer> {
  const { state, server, request, client, nowSeconds } = grant;
  // grant_type=password: the credentials, the user's state, the assignment, then the authentication policy.
  const user = state.signIn.byUsername(request.form.get('username'));
  const faults = userSignInFaults(state.tenant, user, grant.faults);
  if (
    user === undefined ||
    request.form.get('password') !== user.password ||
    faults.user === 'locked-out' ||
    (faults.user !== undefined && REFUSED_AS_WRONG.has(faults.user))
  ) {
    return invalidGrant('The credentials provided were invalid.');
  }
  if (faults.user === 'password-expired') return invalidGrant('Password has expired.');
  if (faults.user === 'not-assigned')
    return oauthError(400, 'access_denied', 'User is not assigned to the client application.');
  if (faults.user === 'mfa-enroll')
    return oauthError(
      403,
      'access_denied',
      'The required authenticator cannot be used. Check if it is required by policy and the user is enrolled ' +
        'in the authenticator.',
    );
  if (faults.user === 'push-only')
    return oauthError(403, 'access_denied', 'No supported authenticators are available.');
  if (mfaWanted(faults)) {
    const mfaToken = state.signIn.issueMfaToken(
      { clientId: client.clientId, serverId: server.id, scopes, userId: user.id },
      nowSeconds,
    );
    return json(403, {
      error: 'mfa_required',
      error_description: 'Verify with an additional authenticator to complete the sign-in process.',
      mfa_token: mfaToken,
    });
  }
  return tokens(state, server, client, user, scopes, null, nowSeconds, false);
}

async function tokens(
  state: SimState,
  server: AuthServer,
  client: RegisteredClient,
  user: SimUser,
  scopes: readonly string[],
  nonce: string | null,
  nowSeconds: number,
  thin: boolean,
): Promise<Answer> {
  const faults = state.faults().signIn ?? {};
  const access = await issueAccessToken({
    server,
    clientId: client.clientId,
    scopes,
    nowSeconds,
    baseUrl: state.baseUrl,
    faults: {},
    unpublishedKey: state.unpublishedKey,
    userId: user.id,
  });
  state.tokens.add(access);
  const idToken = await issueIdToken(
    {
      server,
      clientId: client.clientId,
      user,
      scopes,
      nonce: faults.wrongNonce === true && nonce !== null ? 'nonce-of-another-transaction' : nonce,
      nowSeconds,
      thin,
    },
    faults.encryptIdToken === true,
  );
  return json(
    200,
    {
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      access_token: access.token,
      scope: scopes.join(' '),
      id_token: idToken,
    },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );
}

/** /v1/userinfo: the claims of the user the access token was issued to, by its scopes. */
export function userinfo(state: SimState, server: AuthServer, request: SimRequest): Answer {
  const bearer = /^Bearer (\S+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
  const issued = bearer === undefined ? undefined : state.tokens.find(bearer);
  const user = issued === undefined ? undefined : state.signIn.byId(issued.sub);
  if (
    issued === undefined ||
    user === undefined ||
    issued.serverId !== server.id ||
    issued.exp <= Math.floor(request.now / 1000)
  ) {
    return {
      kind: 'reply',
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token is invalid."' },
      body: '',
    };
  }
  return json(200, {
    sub: user.id,
    ...userClaims(user, issued.scopes),
    ...(issued.scopes.includes('profile') && { locale: 'en_US', zoneinfo: 'UTC' }),
  });
}
