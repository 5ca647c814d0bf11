// Client authentication at /token, /introspect and /revoke, as Okta does it: client_secret_basic,
// client_secret_post or private_key_jwt (RFC 7523), with the texts of Okta's error catalogue
// (okta-developer-docs data/oauth2-error-codes.json: invalid_client_id, client_assertion_*, ...).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { oauthError, type Answer } from './answer';
import type { RegisteredClient } from './clients';
import type { AuthServer } from './auth-server';
import type { SimState } from './state';

export type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

export type ClientAuthResult =
  | { readonly ok: true; readonly client: RegisteredClient; readonly method: AuthMethod }
  | { readonly ok: false; readonly answer: Answer };

type Presented =
  | {
      readonly method: 'client_secret_basic' | 'client_secret_post';
      readonly clientId: string;
      readonly secret: string;
    }
  | { readonly method: 'private_key_jwt'; readonly clientId: string | undefined; readonly assertion: string }
  | { readonly method: 'none' }
  | { readonly method: 'invalid'; readonly answer: Answer };

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Okta refuses assertions valid for longer than an hour. */
const MAX_ASSERTION_LIFETIME_S = 3600;

const invalidClient = (description: string): ClientAuthResult => ({
  ok: false,
  answer: oauthError(401, 'invalid_client', description),
});

interface AuthRequest {
  readonly headers: IncomingHttpHeaders;
  readonly form: URLSearchParams;
  /** The exact URL invoked: a client assertion's `aud` must equal it. */
  readonly endpointUrl: string;
  /** True for a client_credentials token request (the Org AS then insists on private_key_jwt). */
  readonly clientCredentials: boolean;
  readonly nowSeconds: number;
}

export async function authenticateClient(
  state: SimState,
  server: AuthServer,
  request: AuthRequest,
): Promise<ClientAuthResult> {
  const presented = readCredentials(request.headers, request.form);
  if (presented.method === 'invalid') return { ok: false, answer: presented.answer };
  if (presented.method === 'none') {
    // A public client (PKCE apps, native apps) names itself and proves nothing more.
    const named = state.registry.get(request.form.get('client_id') ?? '');
    if (named?.publicClient === true) return { ok: true, client: named, method: 'none' };
    return invalidClient('No client credentials found.');
  }
  // Without a client_id parameter, an assertion names its client in iss (RFC 7523 §3).
  const fromAssertion = presented.method === 'private_key_jwt' && presented.clientId === undefined;
  const clientId =
    presented.method === 'private_key_jwt'
      ? (presented.clientId ?? assertionIssuer(presented.assertion))
      : presented.clientId;
  const client = clientId === undefined ? undefined : state.registry.get(clientId);
  if (!client && fromAssertion) return invalidClient('The issuer claim for client_assertion is not a valid client_id.');
  // The catalogue's invalid_client_id is a 401 in the OAuth shape. A 400 in Okta's envelope has been reported
  // too (the probe reads both); which one a live org sends is unconfirmed.
  if (!client) return invalidClient("Invalid value for 'client_id' parameter.");
  // invalid_application_type_client_credentials; checked before the method (order unconfirmed).
  if (
    server.kind === 'org' &&
    request.clientCredentials &&
    (client.applicationType !== 'service' || state.faults().orgAppNotService === true)
  ) {
    return invalidClient(
      "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with " +
        'the Org Authorization Server.',
    );
  }
  if (presented.method === 'private_key_jwt') return verifyAssertion(state, client, presented.assertion, request);
  if (server.kind === 'org' && request.clientCredentials) {
    return invalidClient(
      'Client Credentials requests to the Org Authorization Server must use the private_key_jwt ' +
        'token_endpoint_auth_method.',
    );
  }
  if (!client.secret || !sameSecret(client.secret, presented.secret)) {
    return invalidClient('The client secret supplied for a confidential client is invalid.');
  }
  return { ok: true, client, method: presented.method };
}

function readCredentials(headers: IncomingHttpHeaders, form: URLSearchParams): Presented {
  const authorization = headers.authorization;
  if (authorization?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0)
      return {
        method: 'invalid',
        answer: oauthError(401, 'invalid_client', 'Found Authentication header but was not valid client credentials.'),
      };
    // Okta documents `Basic {base64(<client_id>:<client_secret>)}` (okta-sdk-nodejs oas-spec/oauth.yaml) and
    // its SDKs send exactly that, not RFC 6749 2.3.1's form-urlencoded halves (okta-auth-js lib/oidc/
    // introspect.ts: btoa(`${clientId}:${clientSecret}`)): read the halves as they are. Whether Okta would
    // also percent-decode them is unconfirmed against a live org.
    return { method: 'client_secret_basic', clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  const assertionType = form.get('client_assertion_type');
  const assertion = form.get('client_assertion');
  if (assertionType !== null || assertion !== null) {
    if (assertionType !== JWT_BEARER)
      return { method: 'invalid', answer: oauthError(400, 'invalid_request', 'The client_assertion_type is invalid.') };
    if (!assertion)
      return {
        method: 'invalid',
        answer: oauthError(401, 'invalid_client', 'The parsing of the client_assertion failed.'),
      };
    return { method: 'private_key_jwt', clientId: form.get('client_id') ?? undefined, assertion };
  }
  const clientId = form.get('client_id');
  const secret = form.get('client_secret');
  if (clientId !== null && secret !== null) return { method: 'client_secret_post', clientId, secret };
  return { method: 'none' };
}

function assertionIssuer(assertion: string): string | undefined {
  try {
    const { iss } = decodeJwt(assertion);
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

async function verifyAssertion(
  state: SimState,
  client: RegisteredClient,
  assertion: string,
  request: AuthRequest,
): Promise<ClientAuthResult> {
  if (!client.publicKey)
    return invalidClient('The client does not have a JWKSet configured, but the client_assertion requires one.');
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(assertion).kid;
  } catch {
    return invalidClient('The parsing of the client_assertion failed.');
  }
  if (kid !== undefined && kid !== client.publicKey.kid)
    return invalidClient('The client_assertion JWT kid is invalid.');
  let claims: JWTPayload;
  try {
    // Only the signature here: lifetime and audience are judged below, with Okta's texts.
    await compactVerify(assertion, client.publicKey.key, {
      algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
    });
    claims = decodeJwt(assertion);
  } catch {
    return invalidClient('The client_assertion signature is invalid.');
  }
  const problem = assertionProblem(claims, client.clientId, request);
  if (problem) return invalidClient(problem);
  // jti is optional (Okta's "Build a JWT for client authentication" guide); one that is sent is single-use.
  const jti = claims.jti;
  if (typeof jti === 'string') {
    if (state.usedJtis.has(jti)) return invalidClient('The client_assertion token has already been used.');
    forgetExpiredJtis(state.usedJtis, request.nowSeconds);
    state.usedJtis.set(jti, claims.exp as number);
  }
  return { ok: true, client, method: 'private_key_jwt' };
}

/** Okta's judgement of a verified client assertion's claims; undefined when acceptable. */
function assertionProblem(
  claims: JWTPayload,
  clientId: string,
  request: Pick<AuthRequest, 'endpointUrl' | 'nowSeconds'>,
): string | undefined {
  if (claims.iss !== clientId) return 'The issuer claim for client_assertion is not a valid client_id.';
  if (claims.sub !== clientId) return 'The subject claim for client_assertion is not a valid client_id.';
  const aud = Array.isArray(claims.aud) && claims.aud.length === 1 ? claims.aud[0] : claims.aud;
  if (aud !== request.endpointUrl)
    return 'The audience claim for client_assertion must be the endpoint invoked for the request.';
  if (typeof claims.exp !== 'number')
    return "The client_assertion must contain the 'exp' claim as seconds since epoch.";
  if (claims.exp <= request.nowSeconds) return 'The client_assertion token is expired.';
  if (claims.exp > request.nowSeconds + MAX_ASSERTION_LIFETIME_S)
    return 'The client_assertion token has an expiration too far into the future.';
  // iat is optional, but "if specified, it must be a time before the request is received" (Okta's guide). Any
  // leeway Okta grants is unpublished: none here, so a probe clock even a second ahead shows.
  if (typeof claims.iat === 'number' && claims.iat > request.nowSeconds)
    return 'The client_assertion token must be issued before the current time.';
  return undefined;
}

function forgetExpiredJtis(used: Map<string, number>, nowSeconds: number): void {
  for (const [jti, exp] of used) if (exp < nowSeconds) used.delete(jti);
}

function sameSecret(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
