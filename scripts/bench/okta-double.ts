// An independent double of Okta for the CLI cycle's bench: the Org authorization server and the custom server
// "default", each answer after a fixed latency, on 127.0.0.1. It shares no code with sim/ (nor with functions/):
// the simulator is written beside the probe and shares its reading of Okta, so a cycle measured only against it
// cannot tell the probe's time from the server's. What it answers is read from Okta's documentation
// (/work/shared/okta-behaviour.md: "The calls a probe makes", "Rate limits", "The status page"), not from the probe.
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';

/** An answer before it is written: status, headers and body. */
interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** One authorization server of the double: where it lives and the key it signs with. */
interface AuthServer {
  readonly base: string;
  readonly issuer: string;
  readonly kid: string;
  readonly signingKey: CryptoKey;
  /** The signing key's public half, and the next key, published before it signs as Okta does (2-3 keys). */
  readonly published: readonly JWK[];
  /** The scopes a client credentials grant may ask, and /authorize's. */
  readonly grantScopes: readonly string[];
  readonly authorizeScopes: readonly string[];
}

interface Issued {
  readonly clientId: string;
  readonly scope: string;
  readonly iat: number;
  readonly exp: number;
  readonly server: AuthServer;
  readonly jti: string;
}

/** The double's clients, as an admin would register them: a service app per server and a web app for /authorize. */
interface Clients {
  readonly org: { readonly clientId: string; readonly keyId: string; readonly publicKey: KeyObject; pem: string };
  readonly custom: { readonly clientId: string; readonly clientSecret: string };
  readonly web: { readonly clientId: string; readonly redirectUri: string };
}

export interface OktaDouble {
  readonly url: string;
  /** Writes the probe's config (and its key file, 0600) for this double into `dir`; returns the config's path. */
  writeConfig(dir: string): Promise<string>;
  close(): Promise<void>;
}

const FEED_PATH = '/OktaTrustRSS';
/** Okta's token lifetime for client credentials (the token answer's expires_in). */
const TOKEN_SECONDS = 3600;
const CUSTOM_AUDIENCE = 'api://default';
const CUSTOM_SCOPE = 'probe.read';

const id = (prefix: string, bytes = 15): string => prefix + randomBytes(bytes).toString('base64url').slice(0, 17);
const epoch = (): number => Math.floor(Date.now() / 1000);

async function authServer(
  url: string,
  base: string,
  scopes: Pick<AuthServer, 'grantScopes' | 'authorizeScopes'>,
): Promise<AuthServer> {
  const [signing, next] = await Promise.all([1, 2].map(() => generateKeyPair('RS256', { extractable: true })));
  const kids = [1, 2].map(() => randomBytes(32).toString('base64url').slice(0, 43));
  const published = await Promise.all(
    [signing, next].map(async (pair, i) => ({
      ...(await exportJWK(pair!.publicKey)),
      kid: kids[i],
      alg: 'RS256',
      use: 'sig',
    })),
  );
  return { base, issuer: url + base, kid: kids[0]!, signingKey: signing!.privateKey, published, ...scopes };
}

function clientsFor(url: string): Clients {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    org: {
      clientId: id('0oa'),
      keyId: randomBytes(32).toString('base64url').slice(0, 43),
      publicKey,
      pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
    custom: { clientId: id('0oa'), clientSecret: randomBytes(30).toString('base64url') },
    web: { clientId: id('0oa'), redirectUri: `${url}/authorization-code/callback` },
  };
}

/** Starts the double on 127.0.0.1, a free port; every answer is held `latencyMs` after it is ready. */
export async function startOktaDouble({ latencyMs }: { readonly latencyMs: number }): Promise<OktaDouble> {
  const server = createServer();
  // A front's idle timeout is far longer than a client's (nginx 75 s, an ALB 60 s): Node's 5 s would close
  // connections the probe reuses.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const state: DoubleState = {
    url,
    clients: clientsFor(url),
    org: await authServer(url, '', { grantScopes: ['okta.users.read'], authorizeScopes: ['openid'] }),
    custom: await authServer(url, '/oauth2/default', {
      grantScopes: [CUSTOM_SCOPE],
      authorizeScopes: ['openid', CUSTOM_SCOPE],
    }),
    tokens: new Map(),
    usedJti: new Set(),
    buckets: new Map(),
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void answer(state, req, res, latencyMs));
  return {
    url,
    writeConfig: (dir) => writeConfig(state, dir),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface DoubleState {
  readonly url: string;
  readonly clients: Clients;
  readonly org: AuthServer;
  readonly custom: AuthServer;
  readonly tokens: Map<string, Issued>;
  /** Okta refuses a client assertion whose jti it has seen ("The client_assertion token has already been used."). */
  readonly usedJti: Set<string>;
  /** Rate-limit buckets by endpoint: the minute's window start (epoch s) and what is left. */
  readonly buckets: Map<string, { start: number; used: number }>;
}

async function answer(state: DoubleState, req: IncomingMessage, res: ServerResponse, latencyMs: number) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', state.url);
  let reply: Reply;
  try {
    reply = await route(state, { method: req.method ?? 'GET', url, headers: req.headers, body: chunks.join('') });
  } catch {
    reply = oktaError(500, 'E0000009', 'Internal Server Error');
  }
  await sleep(latencyMs);
  // Every answer of Okta's carries a request id, whatever its status.
  res.writeHead(reply.status, { ...reply.headers, 'x-okta-request-id': randomBytes(20).toString('base64url') });
  res.end(reply.body);
}

interface Asked {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

function route(state: DoubleState, asked: Asked): Reply | Promise<Reply> {
  const path = asked.url.pathname;
  if (path === FEED_PATH) return statusFeed();
  if (path === '/api/v1/users' && asked.method === 'GET') return limited(state, path, users(state, asked));
  const server = path.startsWith(state.custom.base + '/') ? state.custom : state.org;
  const rest = path.slice(server.base.length);
  if (rest === '/.well-known/openid-configuration' && asked.method === 'GET') return discovery(server);
  // The Org AS's endpoints are /oauth2/v1/*, a custom server's /oauth2/{id}/v1/*.
  const endpoint = server === state.org ? rest.replace(/^\/oauth2(?=\/v1\/)/, '') : rest;
  if (endpoint === '/v1/keys' && asked.method === 'GET') return keys(server);
  if (endpoint === '/v1/authorize' && asked.method === 'GET')
    return limited(state, path, authorize(state, server, asked.url));
  if (endpoint === '/v1/token' && asked.method === 'POST')
    return token(state, server, asked).then((reply) => limited(state, path, reply));
  if (endpoint === '/v1/introspect' && asked.method === 'POST')
    return introspect(state, server, asked).then((reply) => limited(state, path, reply));
  return oktaError(404, 'E0000022', 'The endpoint does not support the provided HTTP method');
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-cache, no-store', ...headers },
  body: JSON.stringify(body),
});

/** Okta's error envelope (errorCode, errorSummary, errorLink, errorId, errorCauses). */
function oktaError(status: number, code: string, summary: string): Reply {
  return json(status, { errorCode: code, errorSummary: summary, errorLink: code, errorId: id('oae'), errorCauses: [] });
}

/** The OAuth error shape of /oauth2/* (RFC 6749 §5.2). */
const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error, error_description: description });

/** Org AS endpoints are /oauth2/v1/*; a custom server's /oauth2/{id}/v1/* (okta-behaviour.md, the first table). */
const endpointOf = (state: DoubleState, server: AuthServer, name: string): string =>
  server === state.org ? `${state.url}/oauth2/v1/${name}` : `${server.issuer}/v1/${name}`;

function discovery(server: AuthServer): Reply {
  // Okta's own pages name the Org AS's endpoints under /oauth2/v1 and a custom server's under /oauth2/{id}/v1.
  const v1 = server.base === '' ? `${server.issuer}/oauth2/v1` : `${server.issuer}/v1`;
  return json(
    200,
    {
      issuer: server.issuer,
      authorization_endpoint: `${v1}/authorize`,
      token_endpoint: `${v1}/token`,
      userinfo_endpoint: `${v1}/userinfo`,
      jwks_uri: `${v1}/keys`,
      introspection_endpoint: `${v1}/introspect`,
      revocation_endpoint: `${v1}/revoke`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'token'],
      grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'profile', 'email', ...server.grantScopes],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      code_challenge_methods_supported: ['S256'],
    },
    { 'cache-control': 'max-age=86400, must-revalidate' },
  );
}

/** The published keys, with the max-age of Okta's spec example (about 44 days). */
const keys = (server: AuthServer): Reply =>
  json(200, { keys: server.published }, { 'cache-control': 'max-age=3832304, must-revalidate' });

/** prompt=none without a session: a 302 to the redirect URI with login_required and the client's state. */
function authorize(state: DoubleState, server: AuthServer, url: URL): Reply {
  const q = url.searchParams;
  const { web } = state.clients;
  if (q.get('client_id') !== web.clientId)
    return oktaError(400, 'invalid_client', "Invalid value for 'client_id' parameter.");
  // An unregistered redirect URI is never redirected to: an HTML page.
  if (q.get('redirect_uri') !== web.redirectUri)
    return {
      status: 400,
      headers: { 'content-type': 'text/html;charset=utf-8' },
      body:
        "<html><body><p>The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: " +
        'https://example.okta.com/admin/app/oidc_client/instance/</p></body></html>',
    };
  const back = new URL(web.redirectUri);
  const scopes = (q.get('scope') ?? '').split(' ');
  const pkce = q.get('code_challenge_method') === 'S256' && (q.get('code_challenge') ?? '') !== '';
  // The probe always sends PKCE (S256) and response_type=code: a probe that stopped would fail here, not pass.
  if (!pkce || q.get('response_type') !== 'code') back.searchParams.set('error', 'invalid_request');
  else if (scopes.some((s) => !server.authorizeScopes.includes(s))) {
    back.searchParams.set('error', 'invalid_scope');
    back.searchParams.set('error_description', 'One or more scopes are not configured for the authorization server.');
  } else if (q.get('prompt') === 'none') {
    back.searchParams.set('error', 'login_required');
    back.searchParams.set('error_description', 'The client specified not to prompt, but the user is not logged in.');
  } else return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>sign in</html>' };
  back.searchParams.set('state', q.get('state') ?? '');
  return { status: 302, headers: { location: back.toString() }, body: '' };
}

/** Who the request authenticates as: private_key_jwt on the Org AS, client_secret_basic/post on the custom one. */
async function clientOf(state: DoubleState, server: AuthServer, asked: Asked, form: URLSearchParams, aud: string) {
  if (server === state.org) {
    const { org } = state.clients;
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      return 'No client credentials found.';
    try {
      const { payload, protectedHeader } = await jwtVerify(form.get('client_assertion') ?? '', org.publicKey, {
        issuer: org.clientId,
        subject: org.clientId,
        audience: aud,
        algorithms: ['RS256', 'ES256'],
        maxTokenAge: '1h',
      });
      if (protectedHeader.kid !== undefined && protectedHeader.kid !== org.keyId)
        return 'The client_assertion signature is invalid.';
      if (typeof payload.jti !== 'string' || state.usedJti.has(payload.jti))
        return 'The client_assertion token has already been used.';
      state.usedJti.add(payload.jti);
      return { clientId: org.clientId };
    } catch {
      return 'The client_assertion signature is invalid.';
    }
  }
  const { custom } = state.clients;
  const basic = /^Basic (.+)$/i.exec(String(asked.headers.authorization ?? ''))?.[1];
  const [clientId, secret] = basic
    ? Buffer.from(basic, 'base64').toString('utf8').split(':')
    : [form.get('client_id'), form.get('client_secret')];
  if (clientId === undefined || clientId === null) return 'No client credentials found.';
  return clientId === custom.clientId && secret === custom.clientSecret
    ? { clientId }
    : 'The client secret supplied for a confidential client is invalid.';
}

async function token(state: DoubleState, server: AuthServer, asked: Asked): Promise<Reply> {
  const form = new URLSearchParams(asked.body);
  const client = await clientOf(state, server, asked, form, endpointOf(state, server, 'token'));
  if (typeof client === 'string') return oauthError(401, 'invalid_client', client);
  if (form.get('grant_type') !== 'client_credentials')
    return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported.');
  const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0 || scopes.some((s) => !server.grantScopes.includes(s)))
    return oauthError(400, 'invalid_scope', 'One or more scopes are not configured for the authorization server.');
  const iat = epoch();
  const issued: Issued = {
    clientId: client.clientId,
    scope: scopes.join(' '),
    iat,
    exp: iat + TOKEN_SECONDS,
    server,
    jti: `AT.${randomBytes(24).toString('base64url')}`,
  };
  // The Org AS's tokens are for Okta's APIs only: opaque to the client. A custom server's are JWTs for your APIs.
  const accessToken = server === state.org ? randomBytes(48).toString('base64url') : await accessJwt(issued);
  state.tokens.set(accessToken, issued);
  return json(200, { token_type: 'Bearer', expires_in: TOKEN_SECONDS, access_token: accessToken, scope: issued.scope });
}

/** Okta's access token claims for client credentials: ver, jti, iss, aud, iat, exp, cid, scp, sub. */
function accessJwt(issued: Issued): Promise<string> {
  return new SignJWT({ ver: 1, cid: issued.clientId, scp: issued.scope.split(' ') })
    .setProtectedHeader({ kid: issued.server.kid, alg: 'RS256' })
    .setJti(issued.jti)
    .setIssuer(issued.server.issuer)
    .setAudience(CUSTOM_AUDIENCE)
    .setIssuedAt(issued.iat)
    .setExpirationTime(issued.exp)
    .setSubject(issued.clientId)
    .sign(issued.server.signingKey);
}

async function introspect(state: DoubleState, server: AuthServer, asked: Asked): Promise<Reply> {
  const form = new URLSearchParams(asked.body);
  const client = await clientOf(state, server, asked, form, endpointOf(state, server, 'introspect'));
  if (typeof client === 'string') return oauthError(401, 'invalid_client', client);
  const issued = state.tokens.get(form.get('token') ?? '');
  if (issued === undefined || issued.server !== server || issued.exp <= epoch()) return json(200, { active: false });
  return json(200, {
    active: true,
    scope: issued.scope,
    client_id: issued.clientId,
    sub: issued.clientId,
    exp: issued.exp,
    iat: issued.iat,
    iss: server.issuer,
    aud: server === state.org ? state.url : CUSTOM_AUDIENCE,
    jti: issued.jti,
    token_type: 'Bearer',
  });
}

/** GET /api/v1/users?limit=1 with an Org-AS token carrying okta.users.read. */
function users(state: DoubleState, asked: Asked): Reply {
  const bearer = /^Bearer (.+)$/.exec(String(asked.headers.authorization ?? ''))?.[1] ?? '';
  const issued = state.tokens.get(bearer);
  if (issued === undefined || issued.server !== state.org || issued.exp <= epoch())
    return oktaError(401, 'E0000011', 'Invalid token provided');
  if (!issued.scope.split(' ').includes('okta.users.read'))
    return oktaError(403, 'E0000006', 'You do not have permission to perform the requested action');
  const user = {
    id: id('00u'),
    status: 'ACTIVE',
    created: '2026-01-05T10:00:00.000Z',
    profile: { login: 'ada@example.com', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
  };
  return json(200, [user], { link: `<${state.url}/api/v1/users?limit=1>; rel="self"` });
}

/**
 * X-Rate-Limit-* of the endpoint's bucket: windows of about a minute, not aligned to the clock; each /token and
 * the other /oauth2 endpoints are their own buckets (okta-behaviour.md, "Rate limits").
 */
function limited(state: DoubleState, bucket: string, reply: Reply): Reply {
  const now = epoch();
  const held = state.buckets.get(bucket);
  const window = held === undefined || now - held.start >= 60 ? { start: now, used: 0 } : held;
  window.used += 1;
  state.buckets.set(bucket, window);
  const limit = 1200;
  return {
    ...reply,
    headers: {
      ...reply.headers,
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(Math.max(0, limit - window.used)),
      'x-rate-limit-reset': String(window.start + 60),
    },
  };
}

/** Okta's status feed is Atom, an entry per update titled "<State> | <Kind> | <title>" (okta-behaviour.md). */
function statusFeed(): Reply {
  const updated = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">' +
    `<title>Okta Trust</title><id>tag:trust.okta.com,2026:feed</id><updated>${updated}</updated>` +
    `<entry><title>Resolved | Service Degradation | Delayed System Log events</title><id>urn:uuid:${randomUUID()}` +
    `</id><updated>${updated}</updated><summary>Resolved for US Cell 2.</summary></entry></feed>`;
  return { status: 200, headers: { 'content-type': 'application/atom+xml; charset=utf-8' }, body };
}

/** The probe's config for this double: the Org AS (with the Management API and /authorize) and "default". */
async function writeConfig(state: DoubleState, dir: string): Promise<string> {
  const { org, custom, web } = state.clients;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'double-key.pem'), org.pem, { mode: 0o600 });
  const authorize = { clientId: web.clientId, redirectUri: web.redirectUri };
  const config = {
    orgUrl: state.url,
    statusPageUrl: state.url + FEED_PATH,
    oktaCell: 'US Cell 6',
    timeoutMs: 10_000,
    rateLimitWarnPercent: 10,
    servers: [
      {
        id: 'org',
        clientId: org.clientId,
        privateKeyFile: 'double-key.pem',
        keyId: org.keyId,
        scopes: ['okta.users.read'],
        managementApi: true,
        authorize: { ...authorize, scopes: ['openid'] },
      },
      {
        id: 'default',
        clientId: custom.clientId,
        clientSecret: custom.clientSecret,
        scopes: [CUSTOM_SCOPE],
        audience: CUSTOM_AUDIENCE,
        requiredClaims: ['sub', 'cid'],
        authorize: { ...authorize, scopes: ['openid', CUSTOM_SCOPE] },
      },
    ],
  };
  const path = join(dir, 'okta-double.json');
  await writeFile(path, JSON.stringify(config, null, 2));
  return path;
}
