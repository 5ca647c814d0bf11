// The Okta simulator: one loopback HTTP server playing an org with its Org AS and custom AS "default",
// real keys and tokens, Okta's error shapes and headers, and scenario-driven faults.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Answer } from './answer';
import { html, oktaError, REQUEST_ID } from './answer';
import { RELEASE_NOTES_PATH } from './endpoints/release-notes';
import { createClients, DEFAULT_SERVER, type RegisteredClient, type SimClients, type SimClientWeb } from './clients';
import { requestId } from './ids';
import { SystemLog } from './system-log';
import { KEY_ROLES, KeyRing, pooledKey } from './keys';
import { RateLimiter } from './rate-limit';
import { route, STATUS_FEED_PATH, STATUS_JSON_PATH } from './router';
import {
  simTimeoutMs,
  type Intercept,
  type SignInVolume,
  type SignInFaults,
  type SignInWidget,
  type SimFaults,
} from './faults';
import type { SamlCatalogueFaults } from './saml/app';
import { forgetUserLimits } from './user-limit';
import { isScenarioName, SCENARIO_NAMES, SCENARIOS, type ScenarioName } from './scenarios';
import type { AuthServer } from './auth-server';
import type { SimRequest, SimState, SpEndpoint } from './state';
import { TokenStore } from './tokens';
import { SignInStore } from './users';
import { samlKeys } from './saml/app';
import { startHookListeners } from './hooks';
import { startOidcApp, type RunningApp } from './app-oidc';
import { startSamlSp } from './app-saml-sp';
import { oktaId } from './ids';
import { buildTenant, type TenantAppsStarted, type TenantServed, type TenantSpec, type TenantState } from './tenant';
import { appsDepsOf, startTenantApps } from './app-tenant';

export type { SimClientCustom, SimClientOrg, SimClients, SimClientWeb } from './clients';
export type { ScenarioName } from './scenarios';

export interface SimulatorOptions {
  /** @default 'healthy' */
  scenario?: ScenarioName;
  /** Added before every answer, ms. @default 0 */
  latencyMs?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
  /**
   * The client timeout the simulator's config says, ms; held answers (the "timeout" scenario) wait a multiple of it.
   * A test injects a short one so that nothing waits seconds. @default simTimeoutMs of the first scenario's faults
   */
  timeoutMs?: number;
  /**
   * Client secret of the custom-AS app (Okta allows printable ASCII, 14-100 characters). @default 40 random letters
   * and digits
   */
  customClientSecret?: string;
  /**
   * A catalogue of SAML apps the org has whatever the scenario: a bench or a test sizes it (1,000 apps, a
   * few failing). A scenario's own catalogue gives way to it. @default none
   */
  catalogue?: SamlCatalogueFaults;
  /**
   * The org's real users signing in, whatever the scenario: a bench sizes the org (10,000 people, about 476
   * sign-ins and 1,700 events a minute). @default 400 people, 40 sign-ins a minute
   */
  signInVolume?: SignInVolume;
  /**
   * Someone's own org besides the simulator's (`sim --config`): their servers, apps, journeys' users and SAML apps.
   * @default none
   */
  tenant?: TenantSpec;
  /**
   * Which org of a pair it plays (`sim --config` with a "preview" block): 'preview' plays each scenario's Preview side
   * (Scenario.preview), healthy where the scenario has none; 'production' the scenario's own faults. @default
   * 'production'
   */
  side?: 'production' | 'preview';
  /**
   * The hosted sign-in page's widget generation and language whatever the scenario: a test runs each page scenario
   * on each generation. @default the scenario's (Gen2, English)
   */
  signInPage?: { readonly widget?: SignInWidget; readonly language?: string };
}

export interface Simulator {
  /** http://127.0.0.1:PORT: the orgUrl. */
  readonly url: string;
  /** The Atom status feed (scenario-controlled). */
  readonly statusFeedUrl: string;
  /** A Statuspage v2 status.json variant. */
  readonly statusJsonUrl: string;
  /** Okta's Preview release notes feed (RSS), as help.okta.com serves it (sim/endpoints/release-notes.ts). */
  readonly releaseNotesUrl: string;
  /** Which org of a pair it plays (SimulatorOptions.side). */
  readonly side: 'production' | 'preview';
  readonly clients: SimClients;
  /**
   * The org's apps behind Okta, each on a loopback port of its own: the OIDC app's login URL and the SAML SP's
   * origin (sim/app-oidc.ts, sim/app-saml-sp.ts).
   */
  readonly apps: { readonly expenses: string; readonly wiki: string };
  /** What the simulator made for SimulatorOptions.tenant: its apps' secrets and users. */
  readonly tenant: TenantServed | undefined;
  /** The client timeout its config says, ms (SimulatorOptions.timeoutMs). */
  readonly timeoutMs: number;
  /** Settable at run time. */
  scenario: ScenarioName;
  /** Settable at run time. */
  latencyMs: number;
  /**
   * How far the simulated org's clock is ahead of this machine's, ms: a test that runs the probe on a clock of its
   * own (a simulated day) moves Okta's with it, so tokens are stamped in the probe's time. Settable; default 0.
   */
  clockOffsetMs: number;
  /**
   * When the scenario began, epoch ms: set with the scenario, and where its provisioning finding that closes is
   * placed (sim/provisioning.ts). A test sets it ahead to run once between the finding and its closing. Settable.
   */
  scenarioSince: number;
  /**
   * The catalogue of SAML apps the org has whatever the scenario (SimulatorOptions.catalogue); settable at run time.
   */
  catalogue: SamlCatalogueFaults | undefined;
  /**
   * Answers given before the scenario's own, whatever the scenario: a bench's outage of one server that starts and
   * ends on its own clock (scripts/bench/quorum-deploy.ts). Settable at run time; default none.
   */
  intercepts: readonly Intercept[];
  /** Every request seen, in arrival order. */
  readonly requests: ReadonlyArray<{ method: string; path: string; at: number }>;
  /**
   * The most requests open at once since the last resetRequests: arrived and not yet answered, as Okta's concurrent
   * limit counts them (okta-developer-docs reference/rl2-concurrency, "simultaneous transactions").
   */
  readonly peakInFlight: number;
  resetRequests(): void;
  /** Fills every rate-limit bucket again (a quiet minute): a test's log reads are not held back by earlier tests'. */
  resetRateLimits(): void;
  /** Publish a new signing key on both servers and sign with it from now on (new kid). */
  rotateSigningKey(): void;
  /** Publish each server's next signing key without signing with it yet (a scheduled rotation's first half). */
  publishNextSigningKey(): void;
  /** Okta sessions the synthetic users' sign-ins opened and nobody closed. */
  signInSessions(): number;
  /**
   * Sign-ins from a device Okta had not seen for the user (its DT cookie, X-Device-Token): each a new-device e-mail.
   */
  newDeviceSignIns(): number;
  /** Stops listening and destroys every connection, held answers included. */
  close(): Promise<void>;
}

/**
 * Okta's concurrency 429: its first two rate-limit headers are "always 0 for concurrent rate limit errors"
 * (okta-developer-docs reference/rl2-monitor).
 */
/** A scenario whose org lets the users enroll a passkey: they have none yet. */
function offersPasskeyEnrollment(name: ScenarioName): boolean {
  const signIn = SCENARIOS[name].faults?.signIn;
  return signIn?.passkeyEnroll !== undefined || (signIn?.passkeyPromotion ?? false) !== false;
}

/** The scenario's sign-in faults with the page's widget and language a test chose. */
function withPageStyle(
  signIn: SignInFaults | undefined,
  page: NonNullable<SimulatorOptions['signInPage']>,
): SignInFaults {
  return {
    ...signIn,
    ...(page.widget !== undefined && { pageWidget: page.widget }),
    ...(page.language !== undefined && { pageLanguage: page.language }),
  };
}

function concurrencyRefusal(now: number): Answer {
  return oktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', {
    'X-Rate-Limit-Limit': '0',
    'X-Rate-Limit-Remaining': '0',
    'X-Rate-Limit-Reset': String(Math.ceil(now / 1000) + 1),
  });
}

/**
 * What the simulator serves for convenience only: Okta's status feed is feeds.feedburner.com and its release notes
 * help.okta.com, never the org, so they are none of the org's concurrent requests and stay up when its edge is down.
 */
const SERVED_ELSEWHERE: readonly string[] = [STATUS_FEED_PATH, STATUS_JSON_PATH, RELEASE_NOTES_PATH];

/** A simulator without someone's own config serves no apps of theirs. */
const NO_APPS: TenantSpec = { servers: [], journeys: [], samlApps: [] };

/** Largest request body read, bytes; a probe's form posts are a few KiB at most. */
const MAX_BODY_BYTES = 64 * 1024;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  let current: ScenarioName = options.scenario ?? 'healthy';
  if (!isScenarioName(current))
    throw new Error(`Unknown scenario "${String(current)}". Valid: ${SCENARIO_NAMES.join(', ')}`);
  const side = options.side ?? 'production';
  const faultsOf = (name: ScenarioName): SimFaults =>
    (side === 'preview' ? SCENARIOS[name].preview?.faults : SCENARIOS[name].faults) ?? {};
  const timeoutMs = options.timeoutMs ?? simTimeoutMs(faultsOf(current));
  // The range a config accepts (functions/config/parse.ts): the simulator's own config must load.
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 60_000)
    throw new Error(`timeoutMs must be an integer from 100 to 60000 ms, got ${timeoutMs}`);
  let latencyMs = options.latencyMs ?? 0;
  let catalogue = options.catalogue;
  let intercepts: readonly Intercept[] = [];
  let requests: Array<{ method: string; path: string; at: number }> = [];
  const closing = new AbortController();

  const server = createServer();
  // Okta's front does not publish its idle timeout; the fronts it could be wait far longer than a client (nginx's
  // keepalive_timeout 75 s, an Application Load Balancer's idle timeout 60 s), while undici closes an idle connection
  // 2 s before the server's Keep-Alive hint. Node's 5 s default raced the probe's reuse of a connection on a loaded
  // machine: a request written as the server closed failed as NETWORK_ERROR, in no scenario's promise.
  server.keepAliveTimeout = 65_000;
  await listen(server, host, options.port ?? 0);
  // The org's hooks' endpoints, whose certificates integration health reads (sim/hooks.ts).
  await startHookListeners();
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const urls = { feed: url + STATUS_FEED_PATH, json: url + STATUS_JSON_PATH };

  let simClockOffsetMs = 0;
  let scenarioSince = Date.now();
  let state: SimState;
  // The org's apps behind Okta, on ports of their own; they read the state only once a browser reaches them.
  const sp: SpEndpoint = {};
  const apps = await startApps(url, () => state, sp);
  // Someone's own config's apps behind Okta (`sim --config`), beside the simulator's own.
  const tenantApps = await startTenantApps(
    options.tenant ?? NO_APPS,
    url,
    appsDepsOf(() => state),
  ).catch(async (error: unknown) => {
    server.close();
    await Promise.all(apps.running.map((app) => app.close()));
    throw error;
  });
  const running = [...apps.running, ...tenantApps.running];
  try {
    const scenarioFaults = (): SimFaults => faultsOf(current);
    state = await buildState(
      url,
      () => ({
        ...scenarioFaults(),
        ...(catalogue !== undefined && { samlCatalogue: catalogue }),
        ...(options.signInVolume !== undefined && { signInVolume: options.signInVolume }),
        ...(scenarioFaults().provisioning !== undefined && { provisioningSince: scenarioSince }),
        ...(intercepts.length > 0 && { intercept: [...intercepts, ...(scenarioFaults().intercept ?? [])] }),
        ...(options.signInPage !== undefined && { signIn: withPageStyle(scenarioFaults().signIn, options.signInPage) }),
      }),
      {
        customClientSecret: options.customClientSecret,
        tenant: options.tenant,
        tenantApps,
        expenses: apps.expenses,
        sp,
      },
      timeoutMs,
    );
  } catch (error) {
    server.close();
    await Promise.all(running.map((app) => app.close()));
    throw error;
  }
  if (offersPasskeyEnrollment(current)) state.signIn.forgetPasskeys();
  for (const id of state.tenant?.withoutPasskey ?? []) state.signIn.passkeys.set(id, []);

  let open = 0;
  let peakInFlight = 0;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const now = Date.now();
    const path = new URL(req.url ?? '/', url).pathname;
    requests.push({ method: req.method ?? 'GET', path, at: now });
    // The status feed is served here for convenience only: Okta's is feeds.feedburner.com (Okta's docs point to it),
    // never the org, so it is none of the org's concurrent requests and never refused as one.
    let counted = !SERVED_ELSEWHERE.includes(path);
    if (counted) open += 1;
    peakInFlight = Math.max(peakInFlight, open);
    // Answered once the answer is handed to the socket ('finish'), or dropped ('close' without it): a client in
    // this process may read the answer and send its next request before 'close' is emitted.
    const done = (): void => {
      if (counted) open -= 1;
      counted = false;
    };
    res.once('finish', done);
    res.once('close', done);
    void handle(req, res, now, counted ? open : 0).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse, now: number, openAtArrival: number): Promise<void> {
    const body = await readBody(req);
    const clockOffsetMs = (state.faults().oktaClockOffsetSeconds ?? 0) * 1000 + simClockOffsetMs;
    const request: SimRequest = {
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', url),
      headers: req.headers,
      form: new URLSearchParams(
        req.method === 'POST' && !String(req.headers['content-type'] ?? '').startsWith('application/json') ? body : '',
      ),
      body,
      remoteAddress: req.socket.remoteAddress ?? '',
      // Okta's own time: what it stamps tokens with and judges client assertions by.
      now: now + clockOffsetMs,
      requestId: requestId(),
    };
    let answer: Answer;
    let holdMs = 0;
    const concurrency = state.faults().concurrency;
    try {
      if (state.faults().edgeDown === true && !SERVED_ELSEWHERE.includes(request.url.pathname))
        answer = html(503, 'Service Unavailable', 'The service is temporarily unavailable. Please try again later.');
      else if (concurrency !== undefined && openAtArrival > concurrency.limit) answer = concurrencyRefusal(request.now);
      else ({ answer, holdMs } = await route(state, request, urls));
    } catch {
      answer = oktaError(500, 'E0000009', 'Internal Server Error');
    }
    holdMs += concurrency?.holdMs ?? 0;
    const wait = latencyMs + holdMs;
    if (wait > 0) {
      try {
        await sleep(wait, undefined, { signal: closing.signal });
      } catch {
        res.destroy();
        return;
      }
    }
    const faults = state.faults();
    send(
      req,
      res,
      answer,
      (faults.dateOffsetSeconds ?? 0) + (faults.oktaClockOffsetSeconds ?? 0) + simClockOffsetMs / 1000,
      request.requestId,
    );
  }

  return {
    url,
    statusFeedUrl: urls.feed,
    statusJsonUrl: urls.json,
    releaseNotesUrl: url + RELEASE_NOTES_PATH,
    side,
    clients: state.clients,
    apps: { expenses: apps.running[0]!.url, wiki: apps.running[1]!.url },
    tenant: state.tenant,
    timeoutMs: state.timeoutMs,
    get scenario() {
      return current;
    },
    set scenario(name: ScenarioName) {
      if (!isScenarioName(name))
        throw new Error(`Unknown scenario "${String(name)}". Valid: ${SCENARIO_NAMES.join(', ')}`);
      current = name;
      scenarioSince = Date.now();
      // A scenario's run counts the user's requests from its own first one, and its enrollment grace from its full
      // count of skips.
      forgetUserLimits(state);
      state.signIn.enrollSkips.clear();
      state.signIn.enrollSkippedAt.clear();
      state.signIn.promotionSkips.clear();
      // The users of a scenario that offers a passkey's enrollment have none yet; any other keeps what they enrolled.
      if (offersPasskeyEnrollment(name)) state.signIn.forgetPasskeys();
    },
    get catalogue() {
      return catalogue;
    },
    set catalogue(faults: SamlCatalogueFaults | undefined) {
      catalogue = faults;
    },
    get intercepts() {
      return intercepts;
    },
    set intercepts(list: readonly Intercept[]) {
      intercepts = [...list];
    },
    get latencyMs() {
      return latencyMs;
    },
    get scenarioSince() {
      return scenarioSince;
    },
    set scenarioSince(ms: number) {
      scenarioSince = ms;
    },
    get clockOffsetMs() {
      return simClockOffsetMs;
    },
    set clockOffsetMs(ms: number) {
      simClockOffsetMs = ms;
    },
    set latencyMs(ms: number) {
      latencyMs = Math.max(0, ms);
    },
    get requests() {
      return requests;
    },
    get peakInFlight() {
      return peakInFlight;
    },
    resetRequests() {
      requests = [];
      peakInFlight = open;
    },
    resetRateLimits() {
      state.rateLimiter.reset();
    },
    rotateSigningKey() {
      state.org.keys.rotate();
      for (const custom of state.customServers.values()) custom.keys.rotate();
    },
    publishNextSigningKey() {
      state.org.keys.publishNext();
      for (const custom of state.customServers.values()) custom.keys.publishNext();
    },
    newDeviceSignIns() {
      return state.signIn.devices.newSignIns;
    },
    signInSessions() {
      return state.signIn.sessions.size;
    },
    async close() {
      closing.abort();
      await Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        ...running.map((app) => app.close()),
      ]);
    },
  };
}

/**
 * The org's apps behind Okta: the OIDC app through the custom server (its client registered with its callback), and
 * the SAML SP whose ACS Okta's side posts to. Each knows the simulator's synthetic users.
 */
async function startApps(
  url: string,
  state: () => SimState,
  sp: SpEndpoint,
): Promise<{ readonly expenses: SimClientWeb; readonly running: readonly [RunningApp, RunningApp] }> {
  const knows = (email: string): boolean => state().signIn.byUsername(email) !== undefined;
  const fault = () => state().faults().app;
  const clientId = oktaId('0oa');
  const oidc = await startOidcApp({ issuer: `${url}/oauth2/${DEFAULT_SERVER.id}`, clientId, knows, fault });
  const saml = await startSamlSp(
    { active: () => state().saml.certificate, retired: () => state().saml.rotatedCertificate, knows, fault },
    sp,
  );
  return { expenses: { clientId, redirectUri: `${oidc.url}/callback` }, running: [oidc, saml] };
}

async function buildState(
  url: string,
  faults: SimState['faults'],
  own: {
    readonly customClientSecret: string | undefined;
    readonly tenant: TenantSpec | undefined;
    /** The tenant's journeys' apps, started beside the simulator. */
    readonly tenantApps?: TenantAppsStarted;
    /** The apps behind Okta, started beside the simulator: the OIDC app's client, the SP's endpoint. */
    readonly expenses?: SimClientWeb;
    readonly sp?: SpEndpoint;
  },
  timeoutMs: number,
): Promise<SimState> {
  const [setup, orgKeys, customKeys, unpublishedKey, samlKey, samlRotated, tenant] = await Promise.all([
    createClients(url, pooledKey(KEY_ROLES.orgClient), own.customClientSecret, own.expenses),
    KeyRing.create(KEY_ROLES.orgSigning),
    KeyRing.create(KEY_ROLES.customSigning),
    pooledKey(KEY_ROLES.unpublished),
    pooledKey(KEY_ROLES.samlSigning),
    pooledKey(KEY_ROLES.samlRotated),
    own.tenant === undefined
      ? undefined
      : pooledKey(KEY_ROLES.orgClient).then((key) => buildTenant(own.tenant as TenantSpec, url, key, own.tenantApps)),
  ]);
  const org: AuthServer = {
    kind: 'org',
    id: 'org',
    issuer: url,
    endpointBase: `${url}/oauth2/v1`,
    keys: orgKeys,
    audience: url,
    scopes: [],
    consentScopes: [],
  };
  const issuer = `${url}/oauth2/${DEFAULT_SERVER.id}`;
  const custom: AuthServer = {
    kind: 'custom',
    id: DEFAULT_SERVER.id,
    issuer,
    endpointBase: `${issuer}/v1`,
    keys: customKeys,
    audience: DEFAULT_SERVER.audience,
    scopes: DEFAULT_SERVER.scopes,
    consentScopes: DEFAULT_SERVER.consentScopes,
  };
  return {
    baseUrl: url,
    clients: setup.clients,
    ...withTenant(setup, custom, tenant),
    org,
    unpublishedKey,
    tokens: new TokenStore(),
    usedJtis: new Map(),
    rateLimiter: new RateLimiter(),
    systemLog: new SystemLog(),
    signIn: new SignInStore([
      // The tenant's users first: a journey login that is also one of the simulator's own is the tenant's.
      ...(tenant?.served.users.values() ?? []),
      setup.clients.signIn.portalUser,
      setup.clients.signIn.mobileUser,
      setup.clients.signIn.workforceUser,
      setup.clients.signIn.pageUser,
      setup.clients.signIn.wikiUser,
    ]),
    saml: samlKeys(samlKey.privateKey, samlRotated.privateKey, Date.now()),
    sp: own.sp ?? {},
    faults,
    timeoutMs,
  };
}

/** The org's apps and custom servers with the tenant's: a tenant's custom server "default" is theirs. */
function withTenant(
  setup: { readonly registry: ReadonlyMap<string, RegisteredClient> },
  custom: AuthServer,
  tenant: TenantState | undefined,
): Pick<SimState, 'registry' | 'customServers' | 'tenant'> {
  const servers = [custom, ...(tenant?.customServers ?? [])];
  return {
    registry: new Map([...setup.registry, ...(tenant?.clients ?? [])]),
    customServers: new Map(servers.map((server) => [server.id, server])),
    ...(tenant !== undefined && { tenant: tenant.served }),
  };
}

function send(req: IncomingMessage, res: ServerResponse, answer: Answer, dateOffsetSeconds: number, id: string): void {
  if (res.destroyed || res.writableEnded) return;
  if (answer.kind === 'destroy') {
    req.socket.destroy();
    return;
  }
  const { [REQUEST_ID]: own, ...headers } = answer.headers;
  res.writeHead(answer.status, {
    ...headers,
    ...(answer.cookies !== undefined && answer.cookies.length > 0 && { 'Set-Cookie': [...answer.cookies] }),
    // Every answer of Okta's carries its request id; one given by something in front of Okta does not (notFromOkta).
    ...(own !== '' && { [REQUEST_ID]: id }),
    Date: new Date(Date.now() + dateOffsetSeconds * 1000).toUTCString(),
  });
  const body = answer.bodyEncoding === 'base64' ? Buffer.from(answer.body, 'base64') : answer.body;
  res.end(req.method === 'HEAD' ? undefined : body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
