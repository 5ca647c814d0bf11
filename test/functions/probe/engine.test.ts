import { decodeJwt, exportJWK, exportPKCS8, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { MockAgent } from 'undici';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runProbe } from '../../../functions/probe/engine';
import { plannedChecks } from '../../../functions/plan/checks';
import { checkRow } from '../../../functions/plan/check-table';
import { CHECKS, type CheckName } from '../../../functions/contract';
import { SERVER_RUNNERS } from '../../../functions/probe/runners';
import { INVENTORY_SETTINGS } from '../../../functions/config/inventory';
import type {
  CheckResult,
  CredentialResult,
  ProbeConfig,
  ProbeOptions,
  Report,
  SentRequest,
} from '../../../functions/types';
import { isHealthy } from '../../../functions/probe/results';
import { createMemoryCache } from '../../../functions/cache/read-through';

const ORG = 'https://acme.okta.com';
const STATUS = 'https://status.example.com';
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const NOW_S = NOW / 1000;

const config: ProbeConfig = {
  orgUrl: ORG,
  statusPageUrl: `${STATUS}/feed`,
  timeoutMs: 2000,
  rateLimitWarnPercent: 10,
  clockSkewWarnSeconds: 60,
  ...INVENTORY_SETTINGS,
  servers: [
    {
      id: 'org',
      clientId: '0oaOrg',
      credential: { kind: 'private_key_jwt', from: 'inline', privateKeyPem: 'x' },
      keyId: 'probe-key',
      scopes: ['okta.users.read'],
      requiredClaims: [],
    },
    {
      id: 'default',
      clientId: '0oaApi',
      credential: { kind: 'client_secret_basic', from: 'inline', clientSecret: 'y' },
      scopes: ['orders.read'],
      audience: 'api://default',
      requiredClaims: ['cid'],
      authorize: { redirectUri: 'https://app.example.com/cb', clientId: '0oaWeb' },
    },
  ],
};

interface Reply {
  statusCode: number;
  data?: string;
  responseOptions?: { headers: Record<string, string> };
}
type Route = (body: string, path: string) => Reply;

let asKey: { privateKey: CryptoKey; jwk: JWK };
let rotatedKey: { privateKey: CryptoKey; jwk: JWK };
let probePem: string;

beforeAll(async () => {
  const make = async (kid: string) => {
    const pair = await generateKeyPair('RS256');
    return {
      privateKey: pair.privateKey,
      jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' },
    };
  };
  asKey = await make('k1');
  rotatedKey = await make('k2');
  probePem = await exportPKCS8((await generateKeyPair('RS256', { extractable: true })).privateKey);
});

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  statusCode,
  data: JSON.stringify(body),
  responseOptions: {
    headers: {
      'content-type': 'application/json',
      'x-okta-request-id': 'req-1',
      date: new Date().toUTCString(),
      ...headers,
    },
  },
});

const rateHeaders = {
  'x-rate-limit-limit': '1200',
  'x-rate-limit-remaining': '1100',
  'x-rate-limit-reset': String(NOW_S + 60),
};

const accessToken = (key = asKey): Promise<string> =>
  new SignJWT({ ver: 1, cid: '0oaApi', scp: ['orders.read'] })
    .setProtectedHeader({ alg: 'RS256', kid: key.jwk.kid! })
    .setIssuer(`${ORG}/oauth2/default`)
    .setAudience('api://default')
    .setSubject('0oaApi')
    .setIssuedAt(NOW_S - 5)
    .setExpirationTime(NOW_S + 3600)
    .sign(key.privateKey);

/** A healthy Okta: one route per path (without query), each replaceable by a test. */
async function healthyRoutes(): Promise<Map<string, Route>> {
  const customToken = await accessToken();
  const discovery =
    (issuer: string, base: string): Route =>
    () =>
      json(
        200,
        { issuer, token_endpoint: `${base}/token`, jwks_uri: `${base}/keys` },
        { 'cache-control': 'max-age=600' },
      );
  const keys: Route = () => json(200, { keys: [asKey.jwk] }, { 'cache-control': 'max-age=600' });
  const introspect =
    (clientId: string): Route =>
    () =>
      json(200, { active: true, client_id: clientId, scope: 'x', exp: NOW_S + 3600 });
  const loginRequired: Route = (_body, path) => {
    const state = new URL(path, ORG).searchParams.get('state') ?? '';
    return {
      statusCode: 302,
      responseOptions: {
        headers: {
          location: `https://app.example.com/cb?error=login_required&state=${state}`,
          date: new Date().toUTCString(),
        },
      },
    };
  };
  return new Map<string, Route>([
    ['/.well-known/openid-configuration', discovery(ORG, `${ORG}/oauth2/v1`)],
    ['/oauth2/v1/keys', keys],
    [
      '/oauth2/v1/token',
      () =>
        json(
          200,
          { token_type: 'Bearer', expires_in: 3600, access_token: 'opaque-org-token', scope: 'okta.users.read' },
          rateHeaders,
        ),
    ],
    ['/oauth2/v1/introspect', introspect('0oaOrg')],
    [
      '/oauth2/default/.well-known/openid-configuration',
      discovery(`${ORG}/oauth2/default`, `${ORG}/oauth2/default/v1`),
    ],
    ['/oauth2/default/v1/keys', keys],
    [
      '/oauth2/default/v1/token',
      () =>
        json(
          200,
          { token_type: 'Bearer', expires_in: 3600, access_token: customToken, scope: 'orders.read' },
          rateHeaders,
        ),
    ],
    ['/oauth2/default/v1/introspect', introspect('0oaApi')],
    ['/oauth2/default/v1/authorize', loginRequired],
    [
      '/feed',
      () => ({
        statusCode: 200,
        // A kept feed: its newest entry (a resolved incident) a day old.
        data:
          '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>Resolved | Service ' +
          `Disruption | Login</title><updated>${new Date(NOW - 86_400_000).toISOString()}</updated></entry></feed>`,
        responseOptions: { headers: { 'content-type': 'application/atom+xml' } },
      }),
    ],
  ]);
}

interface Seen {
  path: string;
  body: string;
  headers: Record<string, string>;
}

let agents: MockAgent[] = [];
// One clock for the probe's `now`, the HTTP layer's receivedAt and the Date headers; timers stay real.
beforeEach(() => {
  vi.setSystemTime(NOW);
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(agents.map((agent) => agent.close()));
  agents = [];
});

/** A MockAgent (no real network) serving `routes`, recording every request; `delays` holds replies back per path. */
function mockOkta(routes: Map<string, Route>, delays: Record<string, number> = {}): { agent: MockAgent; seen: Seen[] } {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const seen: Seen[] = [];
  for (const origin of [ORG, STATUS]) {
    const pool = agent.get(origin);
    for (const route of routes.keys()) {
      const scope = pool
        .intercept({ path: (path) => path.split('?')[0] === route, method: /GET|POST/ })
        .reply((opts) => {
          const body = typeof opts.body === 'string' ? opts.body : '';
          seen.push({ path: route, body, headers: (opts.headers ?? {}) as Record<string, string> });
          // Looked up per request, so a test can change Okta's behaviour between runs.
          const handler = routes.get(route);
          return handler ? handler(body, opts.path) : { statusCode: 404, data: '' };
        })
        .persist();
      if (delays[route] !== undefined) scope.delay(delays[route]);
    }
  }
  return { agent, seen };
}

function credentials(overrides: Record<string, CredentialResult> = {}): ReadonlyMap<string, CredentialResult> {
  return new Map<string, CredentialResult>(
    Object.entries({
      org: { kind: 'private_key_jwt', privateKeyPem: probePem },
      default: { kind: 'client_secret_basic', clientSecret: 'the-secret' },
      ...overrides,
    }),
  );
}

const options = (agent: MockAgent, extra: Partial<ProbeOptions> = {}): ProbeOptions => ({
  credentials: credentials(),
  dispatcher: agent,
  now: () => NOW,
  // A retry's pause, instant: no test here times it (ProbeOptions.pause).
  pause: () => Promise.resolve(),
  ...extra,
});

const find = (checks: readonly CheckResult[], server: string, check: string): CheckResult => {
  const result = checks.find((c) => c.server === server && c.check === check);
  if (result === undefined) throw new Error(`no ${server}/${check}`);
  return result;
};

describe('runProbe', () => {
  it('passes every planned check of a healthy org + custom AS, in plan order, with at most 12 requests', async () => {
    const { agent, seen } = mockOkta(await healthyRoutes());
    const report = await runProbe(config, options(agent));

    expect(report.checks.map((c) => [c.server, c.check])).toEqual(
      plannedChecks(config).map((p) => [p.server, p.check]),
    );
    expect(report.checks.filter((c) => !isHealthy(c))).toEqual([]);
    expect(seen.length).toBeLessThanOrEqual(12);
    expect(report).toMatchObject({ startedAt: new Date(NOW).toISOString(), orgUrl: ORG });
    expect(report.metrics.filter((m) => m.name === 'CheckSuccess').every((m) => m.value === 1)).toBe(true);
    expect(find(report.checks, 'org', 'rate-limit').observed?.headroomPercent).toBeCloseTo(91.7, 1);
  });

  it("sends each server's token before the rest of the wave: the head of the chain the cycle waits on", async () => {
    const { agent, seen } = mockOkta(await healthyRoutes());
    const secret = { kind: 'client_secret_basic', clientSecret: 'the-secret' } as const;
    await runProbe(config, options(agent, { credentials: credentials({ org: secret }) }));
    // Both sent with a secret, neither waits for a signature: the first two requests of the run are theirs.
    expect(seen.slice(0, 2).map((s) => s.path)).toEqual(['/oauth2/v1/token', '/oauth2/default/v1/token']);
  });

  it('signs each client assertion for the exact URL it is sent to, with a fresh jti', async () => {
    const { agent, seen } = mockOkta(await healthyRoutes());
    await runProbe(config, options(agent));
    const assertionAt = (path: string) =>
      decodeJwt(new URLSearchParams(seen.find((s) => s.path === path)!.body).get('client_assertion')!);
    const token = assertionAt('/oauth2/v1/token');
    const introspect = assertionAt('/oauth2/v1/introspect');
    expect(token).toMatchObject({ aud: `${ORG}/oauth2/v1/token`, iss: '0oaOrg', sub: '0oaOrg' });
    expect(introspect.aud).toBe(`${ORG}/oauth2/v1/introspect`);
    expect(token.jti).not.toBe(introspect.jti);
    const basic = seen.find((s) => s.path === '/oauth2/default/v1/token')!;
    expect(basic.headers.authorization).toBe(`Basic ${Buffer.from('0oaApi:the-secret').toString('base64')}`);
    expect(new URLSearchParams(basic.body).get('scope')).toBe('orders.read');
  });

  it(
    'prepares client authentication before the clocks start: ' + 'reported apart, and no throwaway assertion is sent',
    async () => {
      const { agent, seen } = mockOkta(await healthyRoutes());
      const report = await runProbe(config, options(agent));
      expect(report.preparationMs).toEqual(expect.any(Number));
      expect(report.preparationMs).toBeGreaterThanOrEqual(0);
      const audiences = seen.flatMap((s) => {
        const assertion = new URLSearchParams(s.body).get('client_assertion');
        return assertion === null ? [] : [decodeJwt(assertion).aud];
      });
      expect(audiences.length).toBeGreaterThan(0);
      expect(audiences.every((aud) => typeof aud === 'string' && aud.startsWith(ORG))).toBe(true);
      // One assertion per request that needs one: a throwaway sent to Okta would be a second /token request.
      expect(seen.filter((s) => s.path === '/oauth2/v1/token')).toHaveLength(1);
      expect(seen.filter((s) => s.path === '/oauth2/v1/introspect')).toHaveLength(1);
      expect(audiences).toHaveLength(2);
    },
  );

  it(
    'keeps a key jose will not sign with (RSA under 2048 bits) to its own server: a diagnosis there, every ' +
      'other check runs',
    async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const shortPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const { agent, seen } = mockOkta(await healthyRoutes());
      const report = await runProbe(
        config,
        options(agent, { credentials: credentials({ org: { kind: 'private_key_jwt', privateKeyPem: shortPem } }) }),
      );
      expect(find(report.checks, 'org', 'token')).toMatchObject({
        status: 'fail',
        diagnosis: { code: 'INVALID_CLIENT', detail: expect.stringContaining('1024 bits') },
      });
      expect(find(report.checks, 'org', 'token').diagnosis?.detail).not.toContain('BEGIN');
      expect(seen.some((s) => s.path === '/oauth2/v1/token')).toBe(false);
      expect(report.checks.filter((c) => c.server !== 'org').every(isHealthy)).toBe(true);
    },
  );

  describe('confirms a transient failure inside the run', () => {
    const tokenPath = '/oauth2/default/v1/token';

    it(
      'retries a 5xx once: the check passes, names the first attempt, keeps its latency, and its dependents ' +
        'use the retried token',
      async () => {
        const routes = await healthyRoutes();
        const healthy = routes.get(tokenPath)!;
        let calls = 0;
        routes.set(tokenPath, (body, path) =>
          ++calls === 1
            ? json(
                503,
                { errorCode: 'E0000009', errorSummary: 'Internal Server Error' },
                { 'x-okta-request-id': 'req-503' },
              )
            : healthy(body, path),
        );
        const { agent, seen } = mockOkta(routes, { [tokenPath]: 40 });
        const paused: number[] = [];
        const pause = (ms: number): Promise<void> => (paused.push(ms), Promise.resolve());
        const report = await runProbe(config, options(agent, { pause }));

        expect(seen.filter((r) => r.path === tokenPath)).toHaveLength(2);
        // The one pause before the retry, through the run's own pause.
        expect(paused).toEqual([300]);
        const token = find(report.checks, 'default', 'token');
        expect(token).toMatchObject({
          status: 'pass',
          observed: { passedOnRetry: true, firstAttempt: 'OKTA_SERVER_ERROR (request req-503)' },
        });
        expect(find(report.checks, 'default', 'introspect').status).toBe('pass');
        expect(find(report.checks, 'default', 'validate').status).toBe('pass');
      },
    );

    it(
      'redacts a request id that echoes the client secret, ' + 'or a piece of it, in firstAttempt and in retried',
      async () => {
        const routes = await healthyRoutes();
        const healthy = routes.get(tokenPath)!;
        let calls = 0;
        routes.set(tokenPath, (body, path) =>
          ++calls === 1
            ? json(
                503,
                { errorCode: 'E0000009', errorSummary: 'Internal Server Error' },
                { 'x-okta-request-id': 'the-secret' },
              )
            : healthy(body, path),
        );
        const passed = await runProbe(config, options(mockOkta(routes).agent));
        expect(find(passed.checks, 'default', 'token').observed).toMatchObject({
          passedOnRetry: true,
          firstAttempt: 'OKTA_SERVER_ERROR (request [REDACTED])',
        });

        routes.set(tokenPath, () =>
          json(502, { errorCode: 'E0000009', errorSummary: 'Bad gateway' }, { 'x-okta-request-id': 'the-secr' }),
        );
        const failed = await runProbe(config, options(mockOkta(routes).agent));
        const token = find(failed.checks, 'default', 'token');
        expect(token.observed).toMatchObject({ retried: 'OKTA_SERVER_ERROR (request [REDACTED])' });
        expect(JSON.stringify(token)).not.toContain('the-secr');
      },
    );

    it('reports a second failure with the first diagnosis and names the retry', async () => {
      const routes = await healthyRoutes();
      routes.set(tokenPath, () => json(502, { errorCode: 'E0000009', errorSummary: 'Bad gateway' }));
      const { agent, seen } = mockOkta(routes);
      const report = await runProbe(config, options(agent));

      expect(seen.filter((r) => r.path === tokenPath)).toHaveLength(2);
      expect(find(report.checks, 'default', 'token')).toMatchObject({
        status: 'fail',
        diagnosis: { code: 'OKTA_SERVER_ERROR', httpStatus: 502 },
        observed: { retried: 'OKTA_SERVER_ERROR (request req-1)' },
      });
    });

    const discoveryPath = '/oauth2/default/.well-known/openid-configuration';
    it.each([
      [
        "a 4xx (the org's configuration)",
        tokenPath,
        401,
        {
          error: 'invalid_client',
          error_description: 'The client secret supplied for a confidential client is invalid.',
        },
      ],
      [
        'a 429 (retrying spends the bucket)',
        tokenPath,
        429,
        { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' },
      ],
      [
        "Okta's read-only mode (503 E0000010: its maintenance lasts, its row is not transient)",
        discoveryPath,
        503,
        { errorCode: 'E0000010', errorSummary: 'Service is in read only mode' },
      ],
    ])('never retries %s', async (_what, path, status, body) => {
      const routes = await healthyRoutes();
      routes.set(path, () =>
        json(status, body, {
          'x-rate-limit-limit': '1200',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(NOW_S + 60),
        }),
      );
      const { agent, seen } = mockOkta(routes);
      const report = await runProbe(config, options(agent));

      expect(seen.filter((r) => r.path === path)).toHaveLength(1);
      expect(report.checks.some((c) => c.server === 'default' && c.status === 'fail')).toBe(true);
    });
  });

  // The registry's graph, run for real: each check alone reports itself and what it needs (on the servers that
  // have it), and sends only the requests of those checks. A request is the check's whose runner sent it
  // (ProbeOptions.onRequest), never guessed from its URL: a check that fetched what it needs by itself would
  // send to the needed check's URL and pass a URL test.
  const everything: ProbeConfig = {
    ...config,
    servers: config.servers.map((server) =>
      server.id === 'org'
        ? { ...server, managementApi: { path: '/api/v1/users?limit=1' } }
        : { ...server, resources: [{ url: `${ORG}/resource-api/orders`, method: 'GET' }] },
    ),
  };
  const everythingRoutes = async (): Promise<Map<string, Route>> =>
    (await healthyRoutes())
      .set('/api/v1/users', () => json(200, [{ id: '00u1' }]))
      .set('/resource-api/orders', () => json(200, { orders: [] }));
  // Every server and feed check this config plans, on a mocked Okta whose answers the test controls. Every check of
  // every kind (the System Log's, the inventory's, the access assertions', the journeys', the SAML apps') runs alone
  // on the simulator in test/functions/probe/each-check.test.ts.
  const configured = CHECKS.filter((check) => plannedChecks(everything).some((p) => p.check === check));
  /**
   * What the checks sent beyond what their rows declare: a check without an exchange of its own sends nothing, one
   * with an exchange sends it once.
   */
  const unexplained = (reported: readonly string[], sent: readonly SentRequest[]): string[] => {
    const by = (r: { server: string; check: CheckName }): string => `${r.server}/${r.check}`;
    return [
      ...sent
        .filter((r) => !reported.includes(by(r)) || !checkRow(r.check).timed)
        .map((r) => `${by(r)} sent ${r.method} ${new URL(r.url).pathname}`),
      ...[...new Set(sent.map(by))]
        .filter((sender) => sent.filter((r) => by(r) === sender).length > 1)
        .map((sender) => `${sender} sent more than its exchange`),
    ];
  };
  const runAlone = async (check: CheckName): Promise<{ reported: string[]; sent: SentRequest[]; report: Report }> => {
    const { agent } = mockOkta(await everythingRoutes());
    const sent: SentRequest[] = [];
    const report = await runProbe(
      everything,
      options(agent, { checks: new Set([check]), onRequest: (r) => sent.push(r) }),
    );
    return { reported: report.checks.map((c) => `${c.server}/${c.check}`), sent, report };
  };

  const inventory = (c: CheckName): boolean => c === 'inventory' || checkRow(c).needs.includes('inventory');
  it("covers every server and feed check but the System Log's, the inventory's and the access assertions'", () =>
    expect(
      CHECKS.filter(
        (c) =>
          !configured.includes(c) &&
          checkRow(c).target !== 'journey' &&
          checkRow(c).target !== 'saml' &&
          checkRow(c).target !== 'saml-group' &&
          checkRow(c).fromSystemLog !== true &&
          checkRow(c).family !== 'access' &&
          !inventory(c),
      ),
    ).toEqual([]));
  it.each(configured.map((check) => [check]))(
    'runs --check %s as the registry declares: itself and its needs, nothing else sent',
    async (check) => {
      const { reported, sent, report } = await runAlone(check);
      expect(reported).toEqual(plannedChecks(everything, new Set([check])).map((p) => `${p.server}/${p.check}`));
      expect(report.checks.some((c) => c.check === check)).toBe(true);
      for (const c of report.checks)
        expect(c.check === check || checkRow(check).needs.includes(c.check), `${c.server}/${c.check}`).toBe(true);
      for (const c of report.checks) expect(isHealthy(c), `${c.server}/${c.check}`).toBe(true);
      expect(sent.length).toBeGreaterThan(0);
      expect(unexplained(reported, sent)).toEqual([]);
    },
  );

  it(
    'blames a request on the check that sent it: one that needs keys and fetches the JWKS itself sends ' +
      'something else',
    async () => {
      const needsKeys = configured.find((check) => checkRow(check).needs.includes('keys'));
      if (needsKeys === undefined) throw new Error('no check of the registry needs keys');
      const runner = SERVER_RUNNERS[needsKeys as 'validate'];
      const spy = vi.spyOn(SERVER_RUNNERS, needsKeys as 'validate').mockImplementation(async (ctx) => {
        await ctx.exchange({ method: 'GET', url: ctx.endpoints.keys, headers: { accept: 'application/json' } });
        return runner(ctx);
      });
      try {
        const { reported, sent } = await runAlone(needsKeys);
        // By its URL, the extra GET would be the keys check's, which the run reports: a URL test passes it.
        expect(reported).toContain('default/keys');
        expect(unexplained(reported, sent)).toEqual([`default/${needsKeys} sent GET /oauth2/default/v1/keys`]);
      } finally {
        spy.mockRestore();
      }
    },
  );

  it('skips the checks that depend on a failed token, with the reason, and does not fail them', async () => {
    const routes = await healthyRoutes();
    routes.set('/oauth2/default/v1/token', () =>
      json(401, {
        error: 'invalid_client',
        error_description: 'The client secret supplied for a confidential client is invalid.',
      }),
    );
    const { agent, seen } = mockOkta(routes);
    const report = await runProbe(config, options(agent));

    expect(find(report.checks, 'default', 'token').diagnosis).toMatchObject({
      code: 'INVALID_CLIENT',
      requestId: 'req-1',
      httpStatus: 401,
    });
    for (const check of ['validate', 'introspect']) {
      expect(find(report.checks, 'default', check)).toMatchObject({
        status: 'skip',
        skipReason: 'token failed: INVALID_CLIENT',
        diagnosis: null,
      });
    }
    // The 401 carried no rate-limit headers: nothing to judge, but its Date still serves the clock check.
    expect(find(report.checks, 'default', 'rate-limit').status).toBe('skip');
    expect(find(report.checks, 'default', 'clock').status).toBe('pass');
    expect(seen.some((s) => s.path === '/oauth2/default/v1/introspect')).toBe(false);
    expect(report.checks.filter((c) => c.server === 'org').every(isHealthy)).toBe(true);
  });

  it('fails token with the credential code and skips its dependants when the secret was unavailable', async () => {
    const { agent, seen } = mockOkta(await healthyRoutes());
    const unavailable: CredentialResult = {
      kind: 'unavailable',
      code: 'SECRETS_UNAVAILABLE',
      detail: 'AccessDeniedException',
    };
    const report = await runProbe(config, options(agent, { credentials: credentials({ default: unavailable }) }));
    expect(find(report.checks, 'default', 'token').diagnosis?.code).toBe('SECRETS_UNAVAILABLE');
    expect(find(report.checks, 'default', 'introspect')).toMatchObject({
      status: 'skip',
      skipReason: 'token failed: SECRETS_UNAVAILABLE',
    });
    expect(seen.some((s) => s.path === '/oauth2/default/v1/token')).toBe(false);
  });

  it('reports TIMEOUT for checks unfinished at the deadline and still returns a full report', async () => {
    // The token answers long after the deadline; the deadline leaves the instant answers time to arrive on a busy
    // 2-core machine (300 ms did not, once, in CI). The run returns at its deadline, never at the token's answer.
    const { agent } = mockOkta(await healthyRoutes(), { '/oauth2/default/v1/token': 15_000 });
    const started = performance.now();
    const report = await runProbe(config, options(agent, { deadline: NOW + 2_000 }));

    expect(performance.now() - started).toBeLessThan(8_000);
    expect(report.checks).toHaveLength(plannedChecks(config).length);
    for (const check of ['token', 'validate', 'introspect', 'rate-limit']) {
      expect(find(report.checks, 'default', check).diagnosis).toMatchObject({ code: 'TIMEOUT' });
    }
    expect(find(report.checks, 'default', 'validate').diagnosis?.detail).toBe('run deadline reached');
    expect(find(report.checks, 'default', 'discovery').status).toBe('pass');
    expect(report.checks.filter((c) => c.server === 'org').every(isHealthy)).toBe(true);
  });

  it('reuses discovery and JWKS on a warm run: fewer requests, same verdicts', async () => {
    const { agent, seen } = mockOkta(await healthyRoutes());
    const cache = createMemoryCache();
    await runProbe(config, options(agent, { cache }));
    const cold = seen.length;
    seen.length = 0;
    const warm = await runProbe(config, options(agent, { cache }));

    expect(warm.checks.filter((c) => !isHealthy(c))).toEqual([]);
    expect(seen.length).toBe(cold - 4);
    expect(seen.some((s) => s.path.endsWith('/keys') || s.path.endsWith('openid-configuration'))).toBe(false);
    expect(find(warm.checks, 'default', 'keys')).toMatchObject({ latencyMs: null, observed: { cached: true } });
  });

  it('backs off after a 429: the next run with the cache sends no token request until the reset', async () => {
    const routes = await healthyRoutes();
    const reset = NOW_S + 45;
    routes.set('/oauth2/default/v1/token', () =>
      json(
        429,
        { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' },
        {
          'x-rate-limit-limit': '1200',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(reset),
        },
      ),
    );
    const { agent, seen } = mockOkta(routes);
    const cache = createMemoryCache();
    const first = await runProbe(config, options(agent, { cache }));
    expect(find(first.checks, 'default', 'token').diagnosis).toMatchObject({
      code: 'RATE_LIMITED',
      detail: `back off until ${new Date(reset * 1000).toISOString()}`,
    });
    // A 429 is rate limited, not "headroom low": every request of the window is used.
    expect(find(first.checks, 'default', 'rate-limit').diagnosis).toMatchObject({
      code: 'RATE_LIMITED',
      detail: expect.stringContaining('all 1200 requests') as unknown,
    });

    seen.length = 0;
    const second = await runProbe(config, options(agent, { cache }));
    expect(seen.filter((s) => s.path === '/oauth2/default/v1/token')).toEqual([]);
    expect(find(second.checks, 'default', 'token')).toMatchObject({
      latencyMs: null,
      diagnosis: { code: 'RATE_LIMITED', detail: `backing off until ${new Date(reset * 1000).toISOString()}` },
    });
    expect(find(second.checks, 'default', 'introspect')).toMatchObject({
      status: 'skip',
      skipReason: 'token failed: RATE_LIMITED',
    });

    seen.length = 0;
    await runProbe(config, options(agent, { cache, now: () => reset * 1000 + 1 }));
    expect(seen.filter((s) => s.path === '/oauth2/default/v1/token')).toHaveLength(1);
  });

  it("asks for a token when the cache holds no time under the back-off's key: refused, never cast", async () => {
    const { agent, seen } = mockOkta(await healthyRoutes());
    const cache = createMemoryCache();
    // Another writer's value under the key the back-off is kept by: read as a time, it made the token check throw.
    cache.set(`token-backoff:${ORG}/oauth2/default/v1/token`, 'soon', NOW + 60_000);
    const report = await runProbe(config, options(agent, { cache }));
    expect(seen.filter((s) => s.path === '/oauth2/default/v1/token')).toHaveLength(1);
    expect(find(report.checks, 'default', 'token').status).toBe('pass');
  });

  it('refetches the JWKS once when the token is signed by a newly rotated key, and passes', async () => {
    const routes = await healthyRoutes();
    const { agent, seen } = mockOkta(routes);
    const cache = createMemoryCache();
    await runProbe(config, options(agent, { cache }));

    // Okta rotated: the JWKS now publishes k2 and new tokens are signed with it; the cache still holds k1 only.
    const rotated = await accessToken(rotatedKey);
    routes.set('/oauth2/default/v1/keys', () => json(200, { keys: [asKey.jwk, rotatedKey.jwk] }));
    routes.set('/oauth2/default/v1/token', () =>
      json(200, { token_type: 'Bearer', expires_in: 3600, access_token: rotated }, rateHeaders),
    );
    seen.length = 0;
    const report = await runProbe(config, options(agent, { cache }));

    expect(find(report.checks, 'default', 'validate')).toMatchObject({
      status: 'pass',
      observed: { keysRefetched: true },
    });
    expect(find(report.checks, 'default', 'validate').latencyMs).not.toBeNull();
    expect(seen.filter((s) => s.path === '/oauth2/default/v1/keys')).toHaveLength(1);
  });

  it('reports UNKNOWN_SIGNING_KEY when the kid is still unknown after the refetch', async () => {
    const routes = await healthyRoutes();
    const stranger = await accessToken(rotatedKey);
    routes.set('/oauth2/default/v1/token', () =>
      json(200, { token_type: 'Bearer', access_token: stranger }, rateHeaders),
    );
    const { agent, seen } = mockOkta(routes);
    const report = await runProbe(config, options(agent));
    expect(find(report.checks, 'default', 'validate').diagnosis?.code).toBe('UNKNOWN_SIGNING_KEY');
    expect(seen.filter((s) => s.path === '/oauth2/default/v1/keys')).toHaveLength(2);
  });

  it('keeps a known secret out of the report even when Okta answers with it as the error id', async () => {
    const routes = await healthyRoutes();
    // A broken proxy or server echoing the decoded Basic credential as the OAuth `error` itself.
    routes.set('/oauth2/default/v1/token', () => json(400, { error: 'the-secret', error_description: 'the-secret' }));
    const { agent } = mockOkta(routes);

    const report = await runProbe(config, options(agent));

    const token = find(report.checks, 'default', 'token');
    expect(token.diagnosis?.code).toBe('UNEXPECTED_RESPONSE');
    expect(token.diagnosis?.oktaError).toBeDefined();
    expect(JSON.stringify(report)).not.toContain('the-secret');
  });

  it('turns a network failure into NETWORK_ERROR data, not a throw', async () => {
    const routes = await healthyRoutes();
    routes.delete('/oauth2/v1/keys');
    const { agent } = mockOkta(routes);
    const report = await runProbe(config, options(agent));
    expect(find(report.checks, 'org', 'keys').diagnosis?.code).toBe('NETWORK_ERROR');
    expect(find(report.checks, 'org', 'introspect').status).toBe('pass');
  });
});
