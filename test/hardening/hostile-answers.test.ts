// Hostile or odd answers from an Okta that does answer: the simulator behind a hostile server that edits
// what it says. The probe must not crash, must not raise a false alarm, and must diagnose what is wrong.
import { createHmac, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runProbe } from '../../functions/probe/engine';
import { startHostileServer, type HostileAnswer, type HostileRule } from '../support/hostile';
import { startSimulator, type Simulator } from '../../sim/server';
import { useSimulator } from '../support/simulator';
import { checkOf, expectCompleteReport, expectFaultOnFirstRequests, simulatorProbe, via } from './helpers';
import { isHealthy } from '../../functions/probe/results';
import { createMemoryCache } from '../../functions/cache/read-through';

const CUSTOM_KEYS = '/oauth2/default/v1/keys';
const CUSTOM_TOKEN = '/oauth2/default/v1/token';
const ORG_TOKEN = '/oauth2/v1/token';

const sim = useSimulator();

async function probeThrough(rules: readonly HostileRule[], target: Simulator = sim(), upstream = true) {
  const hostile = await startHostileServer({ ...(upstream && { upstream: target.url }), rules });
  const dispatcher = via(hostile.url);
  const { config, credentials } = await simulatorProbe(target, { timeoutMs: 2000 });
  const run = async (cache = createMemoryCache()) => {
    const deadline = Date.now() + 8000;
    const report = await runProbe(config, { credentials, dispatcher, deadline, cache });
    expect(Date.now()).toBeLessThan(deadline + 2000);
    expectCompleteReport(report, config);
    return report;
  };
  return { hostile, config, run, close: async () => Promise.all([dispatcher.close(), hostile.close()]) };
}

const json = (status: number, body: unknown, headers: HostileAnswer['headers'] = {}): HostileAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** Replaces the access token of a token answer. */
const withToken = (answer: HostileAnswer, forge: (token: string) => string): HostileAnswer => {
  const body = JSON.parse(answer.body) as { access_token: string };
  return { ...answer, body: JSON.stringify({ ...body, access_token: forge(body.access_token) }) };
};
const segments = (token: string): [string, string, string] => token.split('.') as [string, string, string];
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const headerOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(segments(token)[0], 'base64url').toString()) as Record<string, unknown>;

describe('hostile JWKS answers', () => {
  it('an empty JWKS: default/keys reports NO_SIGNING_KEYS and validate is skipped, not crashed', async () => {
    const t = await probeThrough([
      { match: CUSTOM_KEYS, behaviour: { kind: 'answer', answer: json(200, { keys: [] }) } },
    ]);
    try {
      const report = await t.run();
      expect(checkOf(report, 'default', 'keys').diagnosis?.code).toBe('NO_SIGNING_KEYS');
      expect(checkOf(report, 'default', 'validate')).toMatchObject({
        status: 'skip',
        skipReason: 'keys failed: NO_SIGNING_KEYS',
      });
      expect(checkOf(report, 'default', 'token').status).toBe('pass');
    } finally {
      await t.close();
    }
  });

  it.each([
    // Okta's own answer carries its request id: a body that is not JSON is Okta's malformed answer.
    ["with Okta's request id", 'MALFORMED_RESPONSE', { 'x-okta-request-id': 'reqMalformed1' }],
    // Without one it came from whatever stands between (a proxy, a captive portal), never told as Okta's.
    ['without a request id', 'ANSWER_NOT_FROM_OKTA', {}],
  ] as const)('a JWKS that is not JSON, %s: default/keys reports %s', async (_, code, headers) => {
    const t = await probeThrough([
      { match: CUSTOM_KEYS, behaviour: { kind: 'answer', answer: json(200, 'keys: [oops', headers) } },
    ]);
    try {
      const report = await t.run();
      expect(checkOf(report, 'default', 'keys').diagnosis?.code).toBe(code);
    } finally {
      await t.close();
    }
  });

  it(
    'duplicate kids (an impostor key published first under each real kid): no crash, the signature still ' +
      'decides and passes',
    async () => {
      const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
      const t = await probeThrough([
        {
          match: CUSTOM_KEYS,
          behaviour: {
            kind: 'forward',
            edit: (answer) => {
              const { keys } = JSON.parse(answer.body) as { keys: Record<string, unknown>[] };
              const doubled = keys.flatMap((key) => [{ ...impostor, kid: key.kid, alg: 'RS256', use: 'sig' }, key]);
              return { ...answer, body: JSON.stringify({ keys: doubled }) };
            },
          },
        },
      ]);
      try {
        const report = await t.run();
        const keys = checkOf(report, 'default', 'keys');
        expect(keys.status).toBe('pass');
        expect(String(keys.observed?.duplicateKids ?? '')).not.toBe('');
        expect(checkOf(report, 'default', 'validate').status).toBe('pass');
        expect(report.checks.filter((c) => !isHealthy(c))).toEqual([]);
      } finally {
        await t.close();
      }
    },
  );
});

describe('forged access tokens', () => {
  const forgeries: { name: string; forge: (token: string, publicPem: string) => string }[] = [
    {
      name: 'alg none (unsigned)',
      forge: (token) => `${b64({ ...headerOf(token), alg: 'none' })}.${segments(token)[1]}.`,
    },
    {
      name: 'HS256 keyed with the published RSA public key (the classic algorithm confusion)',
      forge: (token, publicPem) => {
        const input = `${b64({ ...headerOf(token), alg: 'HS256' })}.${segments(token)[1]}`;
        return `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
      },
    },
  ];

  it.each(forgeries)('$name: default/validate reports SIGNATURE_INVALID', async ({ forge }) => {
    // The published keys as PEM by kid, read from the simulator itself before the token answer is forged.
    const pems = new Map<string, string>();
    const readKeys = async (): Promise<void> => {
      const { keys } = (await (await fetch(`${sim().url}${CUSTOM_KEYS}`)).json()) as {
        keys: (Record<string, string> & { kid: string })[];
      };
      for (const key of keys)
        pems.set(key.kid, createPublicKey({ key, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString());
    };
    const t = await probeThrough([
      {
        match: CUSTOM_TOKEN,
        behaviour: {
          kind: 'forward',
          before: readKeys,
          edit: (answer) => withToken(answer, (token) => forge(token, pems.get(String(headerOf(token).kid)) ?? '')),
        },
      },
    ]);
    try {
      const report = await t.run();
      const validate = checkOf(report, 'default', 'validate');
      expect(validate.diagnosis?.code, JSON.stringify(validate.diagnosis)).toBe('SIGNATURE_INVALID');
      expect(validate.diagnosis?.detail).toMatch(/alg/);
    } finally {
      await t.close();
    }
  });
});

describe('odd headers', () => {
  const withHeaders = (headers: HostileAnswer['headers']): HostileRule['behaviour'] => ({
    kind: 'forward',
    edit: (answer) => ({ ...answer, headers: { ...answer.headers, ...headers } }),
  });

  it('non-numeric X-Rate-Limit-* headers: no crash, rate-limit skipped with a reason, no headroom metric', async () => {
    const t = await probeThrough([
      {
        match: ORG_TOKEN,
        behaviour: withHeaders({
          'x-rate-limit-limit': 'lots',
          'x-rate-limit-remaining': '-5',
          'x-rate-limit-reset': 'soon',
        }),
      },
    ]);
    try {
      const report = await t.run();
      expect(checkOf(report, 'org', 'token').status).toBe('pass');
      const rateLimit = checkOf(report, 'org', 'rate-limit');
      expect(rateLimit).toMatchObject({
        status: 'skip',
        diagnosis: null,
        skipReason: expect.stringMatching(/X-Rate-Limit/),
      });
      expect(report.metrics.filter((m) => m.name === 'RateLimitHeadroom' && m.dimensions.Server === 'org')).toEqual([]);
      expect(checkOf(report, 'default', 'rate-limit').status).toBe('pass');
    } finally {
      await t.close();
    }
  });

  it('duplicated, consistent X-Rate-Limit-* headers: parsed from the duplicate', async () => {
    const reset = String(Math.ceil(Date.now() / 1000) + 60);
    const t = await probeThrough([
      {
        match: ORG_TOKEN,
        behaviour: withHeaders({
          'x-rate-limit-limit': ['1200', '1200'],
          'x-rate-limit-remaining': ['300', '300'],
          'x-rate-limit-reset': [reset, reset],
        }),
      },
    ]);
    try {
      const report = await t.run();
      const rateLimit = checkOf(report, 'org', 'rate-limit');
      expect(rateLimit.status).toBe('pass');
      expect(rateLimit.observed).toMatchObject({ headroomPercent: 25, limit: 1200, remaining: 300 });
      expect(report.metrics.find((m) => m.name === 'RateLimitHeadroom' && m.dimensions.Server === 'org')?.value).toBe(
        25,
      );
    } finally {
      await t.close();
    }
  });

  it(
    'a garbage Date header on every answer: clock skipped on both servers, no false CLOCK_SKEW, no ClockSkew ' +
      'metric',
    async () => {
      const t = await probeThrough([
        { match: () => true, behaviour: withHeaders({ date: 'Yesterday, around teatime' }) },
      ]);
      try {
        const report = await t.run();
        for (const server of ['org', 'default']) {
          expect(checkOf(report, server, 'clock')).toMatchObject({ status: 'skip', diagnosis: null });
        }
        expect(report.checks.filter((c) => c.diagnosis?.code === 'CLOCK_SKEW')).toEqual([]);
        expect(report.metrics.filter((m) => m.name === 'ClockSkew')).toEqual([]);
        // Everything that does not depend on the Date passed.
        expect(report.checks.filter((c) => !isHealthy(c) && c.check !== 'clock')).toEqual([]);
      } finally {
        await t.close();
      }
    },
  );
});

describe('429 on every endpoint', () => {
  it(
    'reports RATE_LIMITED, sends no more requests than a healthy cycle, and with a cache the next run sends no ' +
      'token request',
    async () => {
      const healthy = await probeThrough([]);
      let healthyRequests: number;
      try {
        const report = await healthy.run();
        expect(report.checks.filter((c) => !isHealthy(c))).toEqual([]);
        healthyRequests = healthy.hostile.requests.length;
      } finally {
        await healthy.close();
      }

      const t = await probeThrough([{ match: () => true, behaviour: { kind: 'rate-limited' } }], sim(), false);
      try {
        const cache = createMemoryCache();
        const first = await t.run(cache);
        for (const { id } of t.config.servers) expectFaultOnFirstRequests(first, t.config, id, 'RATE_LIMITED');
        // The access assertions' own token is throttled as the server's is: the token check tells it, once.
        expect(checkOf(first, 'org', 'access-assertion')).toMatchObject({
          status: 'skip',
          skipReason: 'token failed: RATE_LIMITED',
        });
        expect(checkOf(first, 'okta', 'status').diagnosis?.code).toBe('RATE_LIMITED');
        // Never retried, never multiplied.
        expect(t.hostile.requests.length).toBeLessThanOrEqual(healthyRequests);
        const tokenRequests = (): number => t.hostile.requests.filter((r) => r.path.endsWith('/v1/token')).length;
        expect(tokenRequests()).toBe(2);

        const second = await t.run(cache);
        expect(tokenRequests()).toBe(2);
        for (const server of ['org', 'default']) {
          const token = checkOf(second, server, 'token');
          expect(token.diagnosis?.code).toBe('RATE_LIMITED');
          expect(token.diagnosis?.detail).toMatch(/backing off until/);
        }
      } finally {
        await t.close();
      }
    },
  );
});

describe('a signing-key rotation in the middle of a run', () => {
  it(
    'between the keys fetch and the token: the new kid is picked up with exactly one JWKS refetch, validate ' +
      'passes, no false alarm',
    async () => {
      const rotating = await startSimulator();
      const ref: { hostile?: { waitForAnswer(path: string, count?: number): Promise<void> } } = {};
      const t = await probeThrough(
        [
          {
            match: CUSTOM_TOKEN,
            behaviour: {
              kind: 'forward',
              before: async () => {
                await ref.hostile?.waitForAnswer(CUSTOM_KEYS);
                rotating.rotateSigningKey();
              },
            },
          },
        ],
        rotating,
      );
      ref.hostile = t.hostile;
      try {
        const kidsBefore = (
          (await (await fetch(`${rotating.url}${CUSTOM_KEYS}`)).json()) as { keys: { kid: string }[] }
        ).keys.map((k) => k.kid);
        const report = await t.run();
        const validate = checkOf(report, 'default', 'validate');
        expect(validate.status, JSON.stringify(validate.diagnosis)).toBe('pass');
        expect(validate.observed?.keysRefetched).toBe(true);
        expect(kidsBefore).not.toContain(validate.observed?.kid);
        expect(t.hostile.answered(CUSTOM_KEYS)).toBe(2);
        expect(report.checks.filter((c) => !isHealthy(c))).toEqual([]);
      } finally {
        await t.close();
        await rotating.close();
      }
    },
  );
});

describe('a scheduled signing-key rotation', () => {
  it(
    'names the key published ahead of signing once the JWKS is read again, passes, and stops naming it once it ' +
      'signs',
    async () => {
      const rotating = await startSimulator();
      try {
        const { config, credentials } = await simulatorProbe(rotating);
        const cache = createMemoryCache();
        const run = () => runProbe(config, { credentials, cache });
        const jwksKey = `jwks:${rotating.url}${CUSTOM_KEYS}`;

        const baseline = checkOf(await run(), 'default', 'validate');
        expect(baseline.status).toBe('pass');
        expect(baseline.observed?.upcomingKid).toBeUndefined();

        rotating.publishNextSigningKey();
        const nextKid = (
          (await (await fetch(`${rotating.url}${CUSTOM_KEYS}`)).json()) as { keys: { kid: string }[] }
        ).keys.at(-1)?.kid;
        cache.delete(jwksKey); // the cached JWKS expires (at most a day), so the next run reads the new list
        const announced = await run();
        const validate = checkOf(announced, 'default', 'validate');
        expect(validate.status).toBe('pass');
        expect(validate.observed).toMatchObject({ upcomingKid: nextKid, upcomingKidPublished: expect.any(String) });
        expect(validate.observed?.kid).not.toBe(nextKid);
        expect(announced.checks.filter((c) => !isHealthy(c))).toEqual([]);

        rotating.rotateSigningKey();
        const rotated = checkOf(await run(), 'default', 'validate');
        expect(rotated).toMatchObject({ status: 'pass', observed: { kid: nextKid } });
        expect(rotated.observed?.upcomingKid).toBeUndefined();
      } finally {
        await rotating.close();
      }
    },
  );
});
