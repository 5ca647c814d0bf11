// Each scenario does on the wire what its expectation says the probe will diagnose.
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator';
import { CHECKS, DIAGNOSIS_CODES, ORG_SERVER_ID, STATUS_SERVER } from '../../functions/contract';
import { simulatorConfigJson, type SimConfigServerJson } from '../../sim/config';
import { MISSING_SERVER_ID, SCENARIO_NAMES, SCENARIOS, type ScenarioName } from '../../sim/scenarios';
import { basic, customBasic, customToken, customUrls, orgAuth, orgToken, orgUrls, post, type Posted } from './helpers';

const sim = useSimulator();
afterEach(() => {
  sim().scenario = 'healthy';
});

/** The config's server entry for `id` under `name`, as the probe would read it. */
function configured(name: ScenarioName, id: string): SimConfigServerJson {
  sim().scenario = name;
  const server = simulatorConfigJson(sim(), 'probe-key.pem').servers.find((s) => s.id === id);
  if (!server) throw new Error(`no server ${id} in ${name}`);
  return server;
}

/** A client_credentials call made exactly as the config says. */
async function tokenAsConfigured(server: SimConfigServerJson): Promise<Posted> {
  const url = server.id === ORG_SERVER_ID ? orgUrls(sim()).token : `${sim().url}/oauth2/${server.id}/v1/token`;
  const form = { grant_type: 'client_credentials', scope: server.scopes.join(' ') };
  if (server.clientSecret !== undefined) return post(url, form, basic(server.clientId, server.clientSecret));
  return post(url, { ...form, ...(await orgAuth(sim(), url)) });
}

const accessToken = async (res: Promise<Posted>): Promise<string> =>
  (await res).json<{ access_token: string }>().access_token;

describe('the scenario table', () => {
  // SECRETS_UNAVAILABLE is the Lambda's own environment; JOURNEY_STATE_UNAVAILABLE is the probe's own store of a
  // journey's attempts failing (a full disk, an SSM policy), which Okta's answers cannot bring about (the fault suite,
  // test/functions/probe/sign-in/journey-faults.integration.test.ts, fails the store itself); TLS_CERT_EXPIRING needs
  // https, which the simulator does not speak (test/functions/probe/servers/certificate.test.ts and http.test.ts cover
  // it with a loopback https server); SAML_APPS_OVERDUE needs two cadences of a group (ten minutes at least) to pass
  // between runs, which a scenario's one run cannot (test/functions/probe/saml/group/simulator.integration.test.ts runs
  // it on the simulator with a clock); PASSKEY_COUNTER_BEHIND needs a journey that passed one cadence before
  // (test/functions/probe/sign-in/passkey.integration.test.ts runs it on the simulator with a clock);
  // PROVISIONING_STATE_DAMAGED is, like the journey's state, the probe's own store (its leavers' ledger) refused, which
  // no answer of Okta's brings about (test/functions/cli/provisioning-scenarios.test.ts damages the ledger itself);
  // BROWSER_UNAVAILABLE is the probe's own Chromium failing to start.
  it(
    'has a scenario for every diagnosis code but SECRETS_UNAVAILABLE, JOURNEY_STATE_UNAVAILABLE, ' +
      'TLS_CERT_EXPIRING, SAML_APPS_OVERDUE, PASSKEY_COUNTER_BEHIND, PROVISIONING_STATE_DAMAGED and ' +
      'BROWSER_UNAVAILABLE, which a run alone cannot meet',
    () => {
      const covered = new Set(SCENARIO_NAMES.flatMap((name) => SCENARIOS[name].expect.map((e) => e.code)));
      expect(DIAGNOSIS_CODES.filter((code) => !covered.has(code))).toEqual([
        'TLS_CERT_EXPIRING',
        'BROWSER_UNAVAILABLE',
        'PASSKEY_COUNTER_BEHIND',
        'SAML_APPS_OVERDUE',
        'SECRETS_UNAVAILABLE',
        'JOURNEY_STATE_UNAVAILABLE',
        'PROVISIONING_STATE_DAMAGED',
      ]);
    },
  );

  it('names only real checks and servers the config has, and healthy changes nothing', () => {
    for (const name of SCENARIO_NAMES) {
      sim().scenario = name;
      const config = simulatorConfigJson(sim(), 'k.pem');
      const servers = [
        ...config.servers.map((s) => s.id),
        ...(config.signIn ?? []).map((s) => s.id),
        ...(config.samlApps ?? []).map((s) => s.id),
        ...(config.samlGroups ?? []).map((g) => g.id),
        STATUS_SERVER,
      ];
      for (const e of SCENARIOS[name].expect) {
        expect(CHECKS, name).toContain(e.check);
        expect(servers, name).toContain(e.server);
      }
    }
    expect(SCENARIOS.healthy).toEqual({ description: expect.any(String), expect: [] });
  });

  it('a scenario told by a second run follows one that exists and needs no first run of its own', () => {
    const following = SCENARIO_NAMES.filter((name) => SCENARIOS[name].after !== undefined);
    expect(following).toContain('api-token-gone');
    for (const name of following) {
      const after = SCENARIOS[name].after!;
      expect(SCENARIO_NAMES, name).toContain(after);
      expect(SCENARIOS[after as ScenarioName].after, name).toBeUndefined();
    }
  });
});

describe('token content, as a resource server would judge it (jose)', () => {
  const verify = async (token: string) =>
    jwtVerify(token, createRemoteJWKSet(new URL(customUrls(sim()).keys)), {
      issuer: customUrls(sim()).issuer,
      audience: 'api://default',
      clockTolerance: 120,
    });

  it.each([
    ['audience-mismatch', errors.JWTClaimValidationFailed, 'aud'],
    ['issuer-mismatch', errors.JWTClaimValidationFailed, 'iss'],
    ['token-expired', errors.JWTExpired, 'exp'],
  ] as const)('%s fails the %s check on claim %s', async (name, type, claim) => {
    sim().scenario = name;
    const error = await verify(await accessToken(customToken(sim()))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as errors.JWTClaimValidationFailed).claim).toBe(claim);
  });

  it('unknown-signing-key: the kid is absent from the JWKS', async () => {
    sim().scenario = 'unknown-signing-key';
    await expect(verify(await accessToken(customToken(sim())))).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('signature-invalid: the kid is published but the signature fails', async () => {
    sim().scenario = 'signature-invalid';
    await expect(verify(await accessToken(customToken(sim())))).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );
  });

  it('missing-claims: a valid token without cid', async () => {
    sim().scenario = 'missing-claims';
    const { payload } = await verify(await accessToken(customToken(sim())));
    expect(payload).not.toHaveProperty('cid');
    expect(payload.sub).toBe(sim().clients.custom.clientId);
  });

  it("missing-scope: the configured scopes are requested and granted, but the token's scp lacks one", async () => {
    const server = configured('missing-scope', 'default');
    expect(server.scopes).toEqual(['probe.read', 'probe.write']);
    const res = await tokenAsConfigured(server);
    expect(res.json()).toMatchObject({ scope: 'probe.read probe.write' });
    const { payload } = await verify(res.json<{ access_token: string }>().access_token);
    expect(payload.scp).toEqual(['probe.read']);
  });

  it(
    'scope-denied: a rule allowing fewer scopes than ' +
      'requested gets no token, but 400 scope_denied naming ' +
      'them',
    async () => {
      const res = await tokenAsConfigured(configured('scope-denied', 'default'));
      expect(res.status).toBe(400);
      expect(res.json()).toEqual({
        error: 'access_denied',
        error_description: 'Some of the requested scopes were denied by the policy. Denied scopes: [probe.write].',
      });
    },
  );
});

describe('configuration mistakes (the config patch meets the real checks)', () => {
  it('auth-server-not-found: discovery of the configured id is 404 E0000007', async () => {
    expect(configured('auth-server-not-found', MISSING_SERVER_ID).clientId).toBe(sim().clients.custom.clientId);
    const res = await fetch(`${sim().url}/oauth2/${MISSING_SERVER_ID}/.well-known/openid-configuration`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errorCode: 'E0000007' });
  });

  it.each([
    [
      'custom-scope-on-org',
      ORG_SERVER_ID,
      400,
      { error: 'invalid_scope', error_description: 'Custom scopes are not allowed for this request.' },
    ],
    ['invalid-scope', 'default', 400, { error: 'invalid_scope' }],
    [
      'invalid-client',
      'default',
      401,
      {
        error: 'invalid_client',
        error_description: 'The client secret supplied for a confidential client is invalid.',
      },
    ],
    [
      'org-secret',
      ORG_SERVER_ID,
      401,
      { error: 'invalid_client', error_description: expect.stringContaining('private_key_jwt') },
    ],
  ] as const)('%s: the %s token call fails with %i', async (name, id, status, body) => {
    const server = configured(name, id);
    const res = await tokenAsConfigured(server);
    expect(res.status).toBe(status);
    expect(res.json()).toMatchObject(body);
  });

  it('every other scenario leaves both configured token calls working', async () => {
    for (const name of ['healthy', 'clock-skew', 'headroom-low', 'token-inactive'] as const) {
      for (const id of [ORG_SERVER_ID, 'default'])
        expect((await tokenAsConfigured(configured(name, id))).status, `${name} ${id}`).toBe(200);
    }
  });

  it('redirect-uri-mismatch: the configured redirect URI gets the HTML 400 page', async () => {
    const { authorize } = configured('redirect-uri-mismatch', 'default');
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: authorize?.clientId ?? '',
      redirect_uri: authorize?.redirectUri ?? '',
      scope: (authorize?.scopes ?? []).join(' '),
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      prompt: 'none',
    });
    const res = await fetch(`${customUrls(sim()).issuer}/v1/authorize?${query}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('must be a Login redirect URI');
  });
});

describe('faults of the org', () => {
  it('unlicensed: every custom-AS URL, discovery included, is 401 E0000015; the Org AS works', async () => {
    sim().scenario = 'unlicensed';
    for (const path of [
      '/oauth2/default/.well-known/openid-configuration',
      '/oauth2/default/v1/keys',
      '/oauth2/default/v1/token',
    ]) {
      const res = await fetch(sim().url + path);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ errorCode: 'E0000015' });
    }
    expect((await fetch(`${sim().url}/.well-known/openid-configuration`)).status).toBe(200);
    expect((await orgToken(sim())).status).toBe(200);
  });

  it.each([
    ['no-access-policy', 401, 'access_denied'],
    ['unauthorized-client', 400, 'unauthorized_client'],
    ['unsupported-grant-type', 400, 'unsupported_grant_type'],
    ['dpop-required', 400, 'invalid_dpop_proof'],
  ] as const)('%s: custom /token answers %i %s; the Org AS still works', async (name, status, error) => {
    sim().scenario = name;
    const res = await customToken(sim());
    expect(res.status).toBe(status);
    expect(res.json()).toMatchObject({ error });
    expect((await orgToken(sim())).status).toBe(200);
  });

  it('authorize-unexpected: prompt=none gets the 200 sign-in page', async () => {
    sim().scenario = 'authorize-unexpected';
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: sim().clients.web.clientId,
      redirect_uri: sim().clients.web.redirectUri,
      scope: 'openid',
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      prompt: 'none',
    });
    const res = await fetch(`${sim().url}/oauth2/v1/authorize?${query}`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('no-signing-keys: both JWKS are empty', async () => {
    sim().scenario = 'no-signing-keys';
    for (const url of [`${sim().url}/oauth2/v1/keys`, customUrls(sim()).keys])
      expect(await (await fetch(url)).json()).toEqual({ keys: [] });
  });

  it('clock-skew: the Date header is 10 minutes ahead, the token itself is stamped with the true time', async () => {
    sim().scenario = 'clock-skew';
    const res = await customToken(sim());
    expect(Date.parse(res.headers.get('date') ?? '') - Date.now()).toBeGreaterThan(590_000);
    expect(
      Math.abs((decodeJwt(res.json<{ access_token: string }>().access_token).iat ?? 0) - Date.now() / 1000),
    ).toBeLessThan(5);
  });

  it('token-inactive and token-client-mismatch change what /introspect says on both servers', async () => {
    const introspectBoth = async () => {
      const custom = await post(
        customUrls(sim()).introspect,
        { token: await accessToken(customToken(sim())) },
        customBasic(sim()),
      );
      const url = orgUrls(sim()).introspect;
      const org = await post(url, { token: await accessToken(orgToken(sim())), ...(await orgAuth(sim(), url)) });
      return [custom.json(), org.json()];
    };
    sim().scenario = 'token-inactive';
    expect(await introspectBoth()).toEqual([{ active: false }, { active: false }]);
    sim().scenario = 'token-client-mismatch';
    for (const body of await introspectBoth())
      expect(body).toMatchObject({ active: true, client_id: '0oaSomeoneElse0000x1' });
  });

  it('token-expired: introspection agrees the token is inactive', async () => {
    sim().scenario = 'token-expired';
    const res = await post(
      customUrls(sim()).introspect,
      { token: await accessToken(customToken(sim())) },
      customBasic(sim()),
    );
    expect(res.json()).toEqual({ active: false });
  });

  it('rate-limited: 429 E0000047, the bucket spent (Limit 600, Remaining 0), Retry-After, a Reset ahead', async () => {
    sim().scenario = 'rate-limited';
    for (const res of [await customToken(sim()), await orgToken(sim())]) {
      expect(res.status).toBe(429);
      expect(res.json()).toMatchObject({ errorCode: 'E0000047' });
      expect(res.headers.get('x-rate-limit-limit')).toBe('600');
      expect(res.headers.get('x-rate-limit-remaining')).toBe('0');
    }
  });

  it('concurrency-limited: 429 E0000047 with Limit 0, Remaining 0, Retry-After and a Reset ahead', async () => {
    sim().scenario = 'concurrency-limited';
    for (const res of [await customToken(sim()), await orgToken(sim())]) {
      expect(res.status).toBe(429);
      expect(res.json()).toMatchObject({ errorCode: 'E0000047' });
      expect(res.headers.get('x-rate-limit-limit')).toBe('0');
      expect(res.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(res.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    }
  });

  it('headroom-low: Remaining is 3 % of Limit on token and introspect', async () => {
    sim().scenario = 'headroom-low';
    const res = await customToken(sim());
    expect(
      Number(res.headers.get('x-rate-limit-remaining')) / Number(res.headers.get('x-rate-limit-limit')),
    ).toBeCloseTo(0.03, 2);
  });

  it('server-error, malformed and unexpected-response answer as described', async () => {
    sim().scenario = 'server-error';
    const error = await customToken(sim());
    expect(error.status).toBe(500);
    expect(error.headers.get('content-type')).toMatch(/^text\/html/);
    sim().scenario = 'malformed';
    const malformed = await customToken(sim());
    expect(malformed.status).toBe(200);
    expect(() => malformed.json()).toThrow(SyntaxError);
    sim().scenario = 'unexpected-response';
    const unexpected = await post(customUrls(sim()).introspect, { token: 'x' }, customBasic(sim()));
    expect(unexpected.status).toBe(403);
    expect(unexpected.json()).toMatchObject({ errorCode: 'E0000006' });
  });
});
