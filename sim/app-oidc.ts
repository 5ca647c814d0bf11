// The simulated org's OIDC web app (a journey's "app"): an expense tool on loopback that signs people in through the
// simulator as a real OIDC client does. Its login makes its own state, nonce and PKCE pair (RFC 7636) and sends the
// browser to /authorize; its callback checks the state against its cookie, exchanges the code at /token with the
// verifier, and judges the ID token as its admin configured it: the audience it expects and the claims it needs
// (Okta's article on a 401 "returned by a third-party Service Provider": "missing user claims", "audience mismatch").
// The ID token comes over the app's own back channel to the token endpoint, where OIDC Core 3.1.3.7 lets TLS stand
// for the signature; this app reads its claims. A scenario's `app` fault changes the app, never Okta.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppFault } from './faults';

/** The app's settings as healthy: what its admin configured. */
export const SIM_OIDC_APP = {
  name: 'Expenses',
  /** The scopes it asks Okta for. */
  scopes: ['openid', 'profile', 'email'],
  /** The claims it reads to find its user. */
  requiredClaims: ['email'],
  /** The scope it asks for under app-scope-refused, which no authorization server of the org defines. */
  undefinedScope: 'expenses.approve',
  /** The audience its admin set under app-audience (another API's identifier, as the seed's SP expects). */
  otherAudience: 'api://expenses',
  /** Its session cookie, by name: what a journey's success condition names. */
  cookie: 'expenses_session',
  home: '/home',
  /** Where it sends people under app-redirects-away: an IdP chooser of its own. */
  chooser: 'https://idp-chooser.expenses.invalid/choose',
  /** The cookie that holds its sign-in in flight (its state). */
  transactionCookie: 'expenses_tx',
} as const;

/**
 * What an app's admin configured, when it is not the simulator's own Expenses: a config's app (signIn[].app) played
 * for `sim --config` (sim/app-tenant.ts), with the success its config looks for.
 */
export interface OidcAppSettings {
  readonly name: string;
  readonly scopes: readonly string[];
  readonly requiredClaims: readonly string[];
  /** The audience its admin set under app-audience: not the client id an ID token's aud is. */
  readonly otherAudience: string;
  readonly cookie: string;
  readonly transactionCookie: string;
  readonly home: string;
  /** What its home page says once signed in, and the status it answers with (200 when absent). */
  readonly text?: string;
  readonly status?: number;
}

/** What the app is given to run: the server it signs in through, its client, its users, the scenario's fault. */
interface OidcAppDeps {
  /** The authorization server's issuer (its /v1/authorize and /v1/token). */
  readonly issuer: string;
  readonly clientId: string;
  /** The people it has accounts for, by e-mail. */
  readonly knows: (email: string) => boolean;
  readonly fault: () => AppFault | undefined;
  /** The server's endpoints' base, `${issuer}/v1` when absent (a custom server's; the Org AS's are /oauth2/v1). */
  readonly endpoints?: string;
  /** Its admin's settings: the simulator's own Expenses' (SIM_OIDC_APP) when absent. */
  readonly settings?: OidcAppSettings;
}

export interface RunningApp {
  readonly url: string;
  close(): Promise<void>;
}

const b64url = (bytes: Buffer): string => bytes.toString('base64url');

const settingsOf = (app: OidcApp): OidcAppSettings => app.deps.settings ?? SIM_OIDC_APP;
const endpointsOf = (app: OidcApp): string => app.deps.endpoints ?? `${app.deps.issuer}/v1`;

/** The running app: its settings, its address, its sign-ins in flight and its sessions. */
interface OidcApp {
  readonly deps: OidcAppDeps;
  readonly url: string;
  readonly callback: string;
  readonly transactions: Map<string, { readonly verifier: string; readonly nonce: string }>;
  readonly sessions: Map<string, string>;
}

/** Starts the app on 127.0.0.1, any free port. */
export async function startOidcApp(deps: OidcAppDeps, host = '127.0.0.1'): Promise<RunningApp> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  const app: OidcApp = { deps, url, callback: `${url}/callback`, transactions: new Map(), sessions: new Map() };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void answer(app, req, res).catch(() => reply(res, 500, 'Internal Server Error'));
  });
  return { url, close: () => closeServer(server) };
}

async function answer(app: OidcApp, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = new URL(req.url ?? '/', app.url);
  const fault = app.deps.fault();
  const { name, home, cookie, text, status } = settingsOf(app);
  if (fault === 'down') return reply(res, 503, `Service Unavailable: ${name} is down for maintenance.`);
  const cookies = cookiesOf(req);
  // Its own IdP chooser on another origin: a name that never resolves (RFC 6761 .invalid), which the probe must
  // name and never follow.
  if (at.pathname === '/login' && fault === 'redirect-away') return redirectTo(res, SIM_OIDC_APP.chooser);
  if (at.pathname === '/login') return startSignIn(app, res, fault);
  // A single-page app's callback route: its page, which finishes the sign-in from the browser (see spaCallback).
  if (at.pathname === '/callback' && fault === 'single-page' && req.method === 'GET')
    return reply(res, 200, 'Loading...', [], SPA_SCRIPT);
  if (at.pathname === '/callback' || at.pathname === '/session') {
    // form_post: code and state in the posted form; else on the query.
    const params =
      req.method === 'POST' && at.pathname === '/callback' ? new URLSearchParams(await body(req)) : at.searchParams;
    const outcome = await signIn(app, params, cookies, fault);
    if (at.pathname === '/session') return reply(res, outcome.status, outcome.text, outcome.cookies);
    return outcome.status === 200
      ? redirectTo(res, `${app.url}${home}`, outcome.cookies)
      : reply(res, outcome.status, outcome.text, outcome.cookies);
  }
  if (at.pathname === home) {
    const who = app.sessions.get(cookies[cookie] ?? '');
    return who === undefined
      ? reply(res, 401, 'Unauthorized: sign in first.')
      : reply(res, status ?? 200, `Welcome to ${name}, ${who}.${text === undefined ? '' : ` ${text}.`} Sign out`);
  }
  if (at.pathname === '/logout') {
    app.sessions.delete(cookies[cookie] ?? '');
    return reply(res, 200, `Signed out of ${name}.`, [`${cookie}=; Path=/; Max-Age=0`]);
  }
  return reply(res, 404, 'Not Found');
}

/** Its login: its own state, nonce and PKCE pair, and the browser sent to /authorize with its scopes. */
function startSignIn(app: OidcApp, res: ServerResponse, fault: AppFault | undefined): void {
  const state = b64url(randomBytes(16));
  const verifier = b64url(randomBytes(32));
  const nonce = b64url(randomBytes(16));
  app.transactions.set(state, { verifier, nonce });
  const authorize = new URL(`${endpointsOf(app)}/authorize`);
  const { scopes: own, transactionCookie } = settingsOf(app);
  // Its admin left out the scope of the claim it reads: the email claim comes with the email scope. Under scope-refused
  // it asks for a scope its authorization server does not define: Okta answers invalid_scope on the app's redirect.
  const scopes =
    fault === 'missing-claim'
      ? own.filter((scope) => scope !== 'email')
      : fault === 'scope-refused'
        ? [...own, SIM_OIDC_APP.undefinedScope]
        : own;
  authorize.search = new URLSearchParams({
    client_id: app.deps.clientId,
    response_type: 'code',
    scope: scopes.join(' '),
    redirect_uri: app.callback,
    state,
    nonce,
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    // ASP.NET Core's OpenID Connect handler asks for the code by a posted form by default.
    ...(fault === 'form-post' && { response_mode: 'form_post' }),
  }).toString();
  redirectTo(res, authorize.toString(), [`${transactionCookie}=${state}; Path=/; HttpOnly; SameSite=Lax`]);
}

/** How a sign-in at the callback ended: the status and words the app answers, and its session's cookie on success. */
interface SignInOutcome {
  readonly status: number;
  readonly text: string;
  readonly cookies: readonly string[];
}

const refusal = (status: number, text: string): SignInOutcome => ({ status, text, cookies: [] });

/** Its callback: the state checked, the code exchanged, the ID token judged as its admin configured it. */
async function signIn(
  app: OidcApp,
  params: URLSearchParams,
  cookies: Record<string, string>,
  fault: AppFault | undefined,
): Promise<SignInOutcome> {
  const state = params.get('state') ?? '';
  const tx = app.transactions.get(state);
  app.transactions.delete(state);
  const settings = settingsOf(app);
  if (tx === undefined || cookies[settings.transactionCookie] !== state)
    return refusal(400, 'Bad Request: this sign-in was not started here.');
  const error = params.get('error');
  if (error !== null) return refusal(200, `Sign-in failed: ${error}`);
  const claims = await exchange(app, params.get('code') ?? '', tx.verifier, fault);
  if (claims === undefined) return refusal(502, 'Bad Gateway: the token exchange failed.');
  const expected = fault === 'audience' ? settings.otherAudience : app.deps.clientId;
  // Refused in the words of openid-client 5 (lib/client.js), as a relying party built on it shows its error.
  if (claims.aud !== expected)
    return refusal(401, `401 Unauthorized: aud mismatch, expected ${expected}, got: ${String(claims.aud)}`);
  if (claims.nonce !== tx.nonce) return refusal(401, '401 Unauthorized: the ID token is for another sign-in.');
  for (const claim of settings.requiredClaims)
    if (typeof claims[claim] !== 'string')
      return refusal(401, `401 Unauthorized: missing required JWT property ${claim}`);
  const email = String(claims.email);
  if (fault === 'refused') return refusal(403, 'Access denied.');
  if (fault === 'unknown-user' || !app.deps.knows(email))
    return refusal(403, `403 Forbidden: unknown user ${email}: no account in ${settings.name}.`);
  const session = b64url(randomBytes(24));
  app.sessions.set(session, email);
  return {
    status: 200,
    text: `Welcome to ${settings.name}, ${email}.${settings.text === undefined ? '' : ` ${settings.text}.`} Sign out`,
    cookies: [`${settings.cookie}=${session}; Path=/; HttpOnly`],
  };
}

/**
 * A single-page app's callback, as okta-react's LoginCallback behaves: the page says "Loading...", finishes the
 * sign-in from the browser (here through the app's own /session, which exchanges the code), then moves to its home
 * route with history.replaceState, no navigation, and shows what it got.
 */
const SPA_SCRIPT =
  "fetch('/session' + location.search, { method: 'POST', credentials: 'same-origin' })" +
  '.then((r) => r.text().then((t) => { if (r.ok) history.replaceState(null, "", "/home"); ' +
  'document.body.textContent = t; }));';

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The code exchanged at /token with the verifier (a public client): the ID token's claims, or undefined. Under
 * client-refused the app authenticates with the client secret its admin once set, which Okta no longer holds.
 */
async function exchange(
  app: OidcApp,
  code: string,
  verifier: string,
  fault: AppFault | undefined,
): Promise<Record<string, unknown> | undefined> {
  const token = await fetch(`${endpointsOf(app)}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: app.callback,
      client_id: app.deps.clientId,
      code_verifier: verifier,
      ...(fault === 'client-refused' && { client_secret: ROTATED_AWAY_SECRET }),
    }),
  });
  const body = (await token.json().catch(() => ({}))) as { id_token?: unknown };
  if (!token.ok || typeof body.id_token !== 'string') return undefined;
  const payload = Buffer.from(body.id_token.split('.')[1] ?? '', 'base64url').toString('utf8');
  return JSON.parse(payload) as Record<string, unknown>;
}

/** The client secret the app still holds under client-refused: rotated away in Okta, so never one Okta takes. */
const ROTATED_AWAY_SECRET = 'expenses-secret-rotated-away-in-okta';

/** A request's cookies by name (the app's own, bounded). */
export function cookiesOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of String(req.headers.cookie ?? '')
    .split(';')
    .slice(0, 32)) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return out;
}

export function reply(
  res: ServerResponse,
  status: number,
  text: string,
  cookies: readonly string[] = [],
  script?: string,
): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': [...cookies] });
  const safe = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const run = script === undefined ? '' : `<script>${script}</script>`;
  res.end(`<!doctype html><html><head><title>${status}</title></head><body><p>${safe}</p>${run}</body></html>`);
}

export function redirectTo(res: ServerResponse, location: string, cookies: readonly string[] = []): void {
  res.writeHead(302, { location, 'set-cookie': [...cookies] });
  res.end();
}

export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
