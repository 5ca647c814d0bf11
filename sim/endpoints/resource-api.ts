// The organisation's own API, beside the simulated org: a resource server that accepts the custom server's access
// tokens as a real API does, with jose against the server's published JWKS (issuer, audience, expiry, signature), then
// the scope and the claim it needs. It answers as RFC 6750 §3 says a resource server answers: 401 with a Bearer
// challenge error="invalid_token" for a token it does not accept, 403 error="insufficient_scope" with the scope it
// needs. It is not Okta: its answers carry no X-Okta-Request-Id. A scenario changes what the API expects (another
// audience, a scope, a claim) or makes it fail, never the token.
import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { json, notFromOkta, redirect, withHeaders, type Answer } from '../answer';
import type { AuthServer } from '../auth-server';
import { decryptForApi } from '../tokens';
import type { ResourceApiFaults } from '../faults';
import type { SimRequest } from '../state';

/** Where the API's resources are served: any path under it. */
export const RESOURCE_API_PATH = /^\/resource-api\/[A-Za-z0-9/_-]{1,100}$/;
/** The resource the simulator's config lists. */
export const RESOURCE_API_EXAMPLE = '/resource-api/orders';

/** The scope every call to the API needs, and the claim it reads: what the healthy org's tokens carry. */
const REQUIRED_SCOPE = 'probe.read';
const REQUIRED_CLAIM = 'cid';

export async function resourceApi(
  server: AuthServer | undefined,
  request: SimRequest,
  faults: ResourceApiFaults = {},
): Promise<Answer> {
  if (faults.down === true) return notFromOkta(json(503, { message: 'Service Unavailable' }));
  if (faults.redirectTo !== undefined) return notFromOkta(redirect(faults.redirectTo));
  if (!['GET', 'HEAD', 'POST'].includes(request.method)) {
    return notFromOkta(withHeaders(json(405, { message: 'Method Not Allowed' }), { Allow: 'GET, HEAD, POST' }));
  }
  if (request.url.pathname !== RESOURCE_API_EXAMPLE) return notFromOkta(json(404, { message: 'Not Found' }));
  const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(String(request.headers.authorization ?? ''))?.[1];
  // RFC 6750 §3.1: a request without a token gets the challenge without an error code.
  if (bearer === undefined || server === undefined) return challenge(401, 'realm="orders"');
  const audience = faults.audience ?? server.audience;
  // An API the server encrypts its tokens for holds the decryption key: it reads the signed token inside.
  const signed = (await decryptForApi(bearer)) ?? bearer;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(signed, createLocalJWKSet(server.keys.jwks), {
      issuer: server.issuer,
      audience,
      currentDate: new Date(request.now),
    }));
  } catch (error) {
    return invalidToken(describe(error, audience));
  }
  const scopes = Array.isArray(payload.scp) ? payload.scp.filter((s): s is string => typeof s === 'string') : [];
  const needed = [REQUIRED_SCOPE, ...(faults.scope === undefined ? [] : [faults.scope])];
  if (!needed.every((scope) => scopes.includes(scope))) {
    return challenge(
      403,
      `realm="orders", error="insufficient_scope", error_description="The request requires higher privileges ` +
        `than provided by the access token.", scope="${needed.join(' ')}"`,
    );
  }
  const claim = faults.claim ?? REQUIRED_CLAIM;
  if (payload[claim] === undefined) return invalidToken(`The access token is missing the required claim "${claim}"`);
  return notFromOkta(json(200, { orders: [], caller: typeof payload.cid === 'string' ? payload.cid : null }));
}

/**
 * `sim --config`: where a config's own API is played, for its custom server `id`, answering `status` (its
 * expectStatus) to a token it accepts. Its URL replaces the API's in the written config: the API is never called.
 */
export const tenantResourcePath = (serverId: string, status: number): string =>
  `/resource-api/tenant/${serverId}/${status}`;
const TENANT_RESOURCE = /^\/resource-api\/tenant\/([A-Za-z0-9_-]{1,64})\/([1-5]\d\d)$/;

/**
 * A stand-in for a config's own API: it accepts its server's tokens as an API built on jose does (issuer, audience,
 * expiry, signature), needs no scope or claim beyond Okta's own (it cannot know the API's), and answers the status
 * the config expects. Undefined for a path that is not one.
 */
export async function tenantResourceApi(
  servers: ReadonlyMap<string, AuthServer>,
  request: SimRequest,
): Promise<Answer | undefined> {
  const [, id = '', status = '200'] = TENANT_RESOURCE.exec(request.url.pathname) ?? [];
  if (id === '') return undefined;
  const server = servers.get(id);
  const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(String(request.headers.authorization ?? ''))?.[1];
  if (bearer === undefined || server === undefined) return challenge(401, `realm="${id}"`);
  const signed = (await decryptForApi(bearer)) ?? bearer;
  try {
    await jwtVerify(signed, createLocalJWKSet(server.keys.jwks), {
      issuer: server.issuer,
      audience: server.audience,
      currentDate: new Date(request.now),
    });
  } catch (error) {
    return invalidToken(describe(error, server.audience));
  }
  // 204 and 304 carry no body (RFC 9110 §15.3.5, §15.4.5); the rest an empty JSON object.
  const code = Number(status);
  return notFromOkta(
    code === 204 || code === 304 ? { kind: 'reply', status: code, headers: {}, body: '' } : json(code, {}),
  );
}

function invalidToken(description: string): Answer {
  return challenge(401, `realm="orders", error="invalid_token", error_description="${description.replace(/"/g, "'")}"`);
}

function challenge(status: 401 | 403, params: string): Answer {
  return notFromOkta(
    withHeaders(json(status, { message: 'Unauthorized' }), { 'WWW-Authenticate': `Bearer ${params}` }),
  );
}

/** What the API logs of a token it refuses, as an API built on jose would put it. */
function describe(error: unknown, audience: string): string {
  if (error instanceof errors.JWTExpired) return 'The access token expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
    return `The access token's audience (aud) is not ${audience}`;
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss')
    return 'The access token was issued by another issuer';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed) {
    return 'The access token signature could not be verified';
  }
  return 'The access token is malformed';
}
