import { parseStatusFeed } from '../../functions/probe/feed/status-feed';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator';
import { holdsAnswers, SIM_PATIENT_TIMEOUT_MS, SIM_TIMEOUT_MS } from '../../sim/faults';
import { simulatorConfigJson } from '../../sim/config';
import { startSimulator } from '../../sim/server';
import { SCENARIO_NAMES, SCENARIOS } from '../../sim/scenarios';
import { customBasic, customToken, customUrls, post } from './helpers';

const sim = useSimulator();

describe('discovery and keys', () => {
  it.each([
    ['/.well-known/openid-configuration', ''],
    ['/.well-known/oauth-authorization-server', ''],
    ['/oauth2/default/.well-known/openid-configuration', '/oauth2/default'],
    ['/oauth2/default/.well-known/oauth-authorization-server', '/oauth2/default'],
  ])('%s names its issuer and /v1 endpoints, unrate-limited', async (path, issuerPath) => {
    const res = await fetch(sim().url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.has('x-rate-limit-limit')).toBe(false);
    const doc = (await res.json()) as Record<string, unknown>;
    const issuer = sim().url + issuerPath;
    const v1 = issuerPath === '' ? `${sim().url}/oauth2/v1` : `${issuer}/v1`;
    expect(doc).toMatchObject({
      issuer,
      token_endpoint: `${v1}/token`,
      jwks_uri: `${v1}/keys`,
      introspection_endpoint: `${v1}/introspect`,
      authorization_endpoint: `${v1}/authorize`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(doc.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
  });

  it('answers an unknown custom AS id with 404 E0000007 naming it', async () => {
    const res = await fetch(`${sim().url}/oauth2/aus1missing/.well-known/openid-configuration`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      errorCode: 'E0000007',
      errorSummary: 'Not found: Resource not found: aus1missing (AuthorizationServer)',
    });
  });

  it('publishes two RSA keys with a max-age; rotation publishes a new kid and signs with it', async () => {
    const res = await fetch(customUrls(sim()).keys);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const before = (
      (await res.json()) as { keys: Array<{ kid: string; kty: string; alg: string; use: string; n: string }> }
    ).keys;
    expect(before).toHaveLength(2);
    expect(before.every((k) => k.kty === 'RSA' && k.alg === 'RS256' && k.use === 'sig' && k.n.length > 300)).toBe(true);
    sim().rotateSigningKey();
    const after = ((await (await fetch(customUrls(sim()).keys)).json()) as { keys: Array<{ kid: string }> }).keys;
    const added = after.filter((k) => !before.some((b) => b.kid === k.kid));
    expect(added).toHaveLength(1);
    const token = (await customToken(sim())).json<{ access_token: string }>().access_token;
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string };
    expect(header.kid).toBe(added[0]?.kid);
  });
});

describe('every answer', () => {
  it('carries an Okta-like request id and a Date header, even errors and unknown paths', async () => {
    const ids = new Set<string>();
    for (const path of ['/oauth2/v1/keys', '/nope', '/oauth2/default/v1/token']) {
      const res = await fetch(sim().url + path);
      const id = res.headers.get('x-okta-request-id') ?? '';
      expect(id).toMatch(/^[A-Za-z0-9_-]{27}$/);
      ids.add(id);
      expect(Math.abs(Date.parse(res.headers.get('date') ?? '') - Date.now())).toBeLessThan(5000);
    }
    expect(ids.size).toBe(3);
  });

  it('refuses GET on /token with 405 E0000022', async () => {
    const res = await fetch(customUrls(sim()).token);
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({ errorCode: 'E0000022' });
  });

  it('records every request and forgets them on resetRequests()', async () => {
    sim().resetRequests();
    await fetch(`${sim().url}/oauth2/v1/keys`);
    await post(customUrls(sim()).introspect, { token: 'x' }, customBasic(sim()));
    expect(sim().requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'GET /oauth2/v1/keys',
      'POST /oauth2/default/v1/introspect',
    ]);
    expect(sim().requests[0]?.at).toBeGreaterThan(Date.now() - 5000);
    sim().resetRequests();
    expect(sim().requests).toHaveLength(0);
  });
});

describe('status', () => {
  it(
    'serves an Atom feed of closed incidents in both title ' + 'formats when healthy and an open one when degraded',
    async () => {
      const healthy = await (await fetch(sim().statusFeedUrl)).text();
      const titles = [...healthy.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]).slice(1);
      // The open form without a state word, and its Resolved entry: the pair that used to read as still open.
      expect(titles).toEqual(
        expect.arrayContaining([
          'Service Disruption | Okta Workforce Identity: Login issues',
          'Resolved | Service Disruption | Okta Workforce Identity: Login issues',
        ]),
      );
      expect(titles).toEqual(
        expect.arrayContaining([
          'Maintenance | Scheduled maintenance for US Cell 2',
          'Completed | Maintenance | Scheduled maintenance for US Cell 2',
        ]),
      );
      expect(parseStatusFeed(healthy, Date.now())).toMatchObject({ ok: true, indicator: 'none' });
      expect(healthy).toContain('US Cell 6');
      expect((await (await fetch(sim().statusJsonUrl)).json()) as object).toMatchObject({
        status: { indicator: 'none' },
      });
      sim().scenario = 'status-degraded';
      try {
        const degraded = await (await fetch(sim().statusFeedUrl)).text();
        expect(degraded).toContain(
          '<title>Investigating | Service Disruption | Okta Workforce Identity: Authentication failures</title>',
        );
        expect((await (await fetch(sim().statusJsonUrl)).json()) as object).toMatchObject({
          status: { indicator: 'major' },
        });
      } finally {
        sim().scenario = 'healthy';
      }
    },
  );
});

describe('latency, faults of the transport, and close()', () => {
  it('adds latencyMs before every answer', async () => {
    sim().latencyMs = 300;
    try {
      const started = performance.now();
      await fetch(`${sim().url}/oauth2/v1/keys`);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      sim().latencyMs = 0;
    }
    const started = performance.now();
    await fetch(`${sim().url}/oauth2/v1/keys`);
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('destroys the socket on custom /token in network-error', async () => {
    sim().scenario = 'network-error';
    try {
      await expect(customToken(sim())).rejects.toThrow();
    } finally {
      sim().scenario = 'healthy';
    }
  });

  it('rejects an unknown scenario name', () => {
    expect(() => {
      (sim() as { scenario: string }).scenario = 'no-such-thing';
    }).toThrow(/Unknown scenario/);
  });

  it('close() ends promptly while an answer is held, and the held client sees the connection end', async () => {
    const held = await startSimulator({ scenario: 'timeout' });
    const token = (await customToken(held)).json<{ access_token: string }>().access_token;
    const pending = post(customUrls(held).introspect, { token }, customBasic(held)).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    await held.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('failed');
  });

  it(
    'holds the timeout answer three times the configured timeout, which a test injects (no real wait of ' + 'seconds)',
    async () => {
      const held = await startSimulator({ scenario: 'timeout', timeoutMs: 100 });
      try {
        expect(held.timeoutMs).toBe(100);
        expect(simulatorConfigJson(held, 'key.pem').timeoutMs).toBe(100);
        const token = (await customToken(held)).json<{ access_token: string }>().access_token;
        const started = performance.now();
        const res = await post(customUrls(held).introspect, { token }, customBasic(held));
        expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 100 - 20);
        expect(res.json()).toMatchObject({ active: true });
      } finally {
        await held.close();
      }
    },
  );

  it(
    'writes a patient timeout into its config unless one is injected or the scenario holds an answer (then a short ' +
      'one), and refuses one a config would',
    async () => {
      expect(sim().timeoutMs).toBe(SIM_PATIENT_TIMEOUT_MS);
      expect(simulatorConfigJson(sim(), 'key.pem').timeoutMs).toBe(SIM_PATIENT_TIMEOUT_MS);
      for (const scenario of ['timeout', 'idx-timeout'] as const) {
        const held = await startSimulator({ scenario });
        try {
          expect(simulatorConfigJson(held, 'key.pem').timeoutMs, scenario).toBe(SIM_TIMEOUT_MS);
        } finally {
          await held.close();
        }
      }
      // Every other scenario is slow only when the machine is.
      const holding = SCENARIO_NAMES.filter((name) => holdsAnswers(SCENARIOS[name].faults ?? {}));
      expect(holding.sort()).toEqual(['idx-timeout', 'timeout']);
      await expect(startSimulator({ timeoutMs: 50 })).rejects.toThrow(
        /timeoutMs must be an integer from 100 to 60000 ms, got 50/,
      );
    },
  );
});
