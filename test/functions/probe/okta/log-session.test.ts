// The fetch half of the System Log look-up, against scripted Okta answers: its own okta.logs.read token, the
// request budget, the back-off before the org's other log readers starve, and each way the log is unavailable.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SYSTEM_LOG } from '../../../../functions/contract';
import type { ServerContext } from '../../../../functions/probe/context';
import { serverEndpoints } from '../../../../functions/probe/endpoints';
import type { HttpOutcome } from '../../../../functions/probe/http';
import { LogSession, nextLink, systemLogBudgetMs } from '../../../../functions/probe/okta/log-session';
import type { ServerConfig } from '../../../../functions/types';
import { scriptedLogOrg } from '../../../support/log-org';

const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const server: ServerConfig = {
  id: 'org',
  clientId: '0oa1',
  credential: { kind: 'private_key_jwt', from: 'inline', privateKeyPem },
  scopes: ['okta.users.read', 'okta.logs.read'],
  requiredClaims: [],
  systemLog: true,
};

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): HttpOutcome => ({
  ok: true,
  response: {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    bodyTruncated: false,
    requestId: 'reqLog1',
    timings: { total: 5 },
    receivedAt: Date.now(),
  },
});
const bucket = (remaining: number, limit = 60): Record<string, string> => ({
  'x-rate-limit-limit': String(limit),
  'x-rate-limit-remaining': String(remaining),
  'x-rate-limit-reset': '1893456000',
});
const E0000006 = { errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action' };

/** A session whose /token answers `token` and whose /api/v1/logs answers `logs` in turn (the last one repeats). */
function session(
  logs: HttpOutcome[],
  token: HttpOutcome = reply(200, {
    token_type: 'Bearer',
    access_token: 'at-logs',
    expires_in: 3600,
    scope: 'okta.logs.read',
  }),
) {
  const { ctx, sent, logCalls } = scriptedLogOrg(server, privateKeyPem, logs, token, Date.now);
  // No test of these judges time: a budget a loaded machine cannot spend (the budget's own tests set theirs).
  return { log: new LogSession(ctx, [], SYSTEM_LOG.maxRequestsPerRun, 60_000), sent, logCalls };
}
const query = {
  filter: 'eventType sw "system.org.rate_limit"',
  since: '2026-11-20T11:58:00.000Z',
  until: '2026-11-20T12:00:30.000Z',
};
const event = (uuid: string) => ({
  uuid,
  published: '2026-11-20T11:59:10.000Z',
  eventType: 'system.org.rate_limit.warning',
  target: [{ type: 'URL Pattern', id: '/api/v1/users' }],
});

describe('LogSession', () => {
  it(
    'asks its own token for okta.logs.read alone, then GETs ' + '/api/v1/logs with since, until, filter and limit',
    async () => {
      const { log, sent } = session([reply(200, [event('u1')], bucket(59))]);

      const events = await log.read(query);

      expect(events?.map((e) => e.uuid)).toEqual(['u1']);
      expect(sent[0]?.form?.scope).toBe('okta.logs.read');
      const url = new URL(sent[1]?.url ?? '');
      expect(url.pathname).toBe('/api/v1/logs');
      expect(Object.fromEntries(url.searchParams)).toEqual({ ...query, limit: String(SYSTEM_LOG.pageLimit) });
      expect(sent[1]?.headers?.authorization).toBe('Bearer at-logs');
      expect(log.unavailable).toBeUndefined();
    },
  );

  it('sends at most three requests to /api/v1/logs in a run, whatever is asked', async () => {
    const full = Array.from({ length: SYSTEM_LOG.pageLimit }, (_, i) => event(`u${i}`));
    const { log, logCalls } = session([
      reply(200, full, { ...bucket(59), link: '<https://acme.okta.com/api/v1/logs?after=1>; rel="next"' }),
    ]);

    await log.read(query);
    await log.read(query);

    expect(logCalls()).toHaveLength(3);
    expect(log.unavailable?.code).toBe('SYSTEM_LOG_THROTTLED');
  });

  it('says when its last read stopped before its last page, and sends sortOrder only when asked', async () => {
    const full = Array.from({ length: SYSTEM_LOG.pageLimit }, (_, i) => event(`p${i}`));
    const capped = session([
      reply(200, full, { ...bucket(59), link: '<https://acme.okta.com/api/v1/logs?after=1>; rel="next"' }),
    ]);
    const complete = session([reply(200, [event('c1')], bucket(59))]);

    expect(await capped.log.read({ ...query, sortOrder: 'DESCENDING' })).toHaveLength(SYSTEM_LOG.pageLimit);
    expect(await complete.log.read(query)).toHaveLength(1);

    expect(capped.log.partial).toBe(true);
    expect(new URL(capped.logCalls()[0]?.url ?? '').searchParams.get('sortOrder')).toBe('DESCENDING');
    expect(complete.log.partial).toBe(false);
    expect(new URL(complete.logCalls()[0]?.url ?? '').searchParams.has('sortOrder')).toBe(false);
  });

  it('follows next only after a full page, and only to the org itself', async () => {
    const link = {
      link:
        '<https://acme.okta.com/api/v1/logs?after=2>; rel="next", <https://acme.okta.com/api/v1/logs?x>; ' +
        'rel="self"',
    };
    const short = session([reply(200, [event('u1')], { ...bucket(59), ...link })]);
    const full = Array.from({ length: SYSTEM_LOG.pageLimit }, (_, i) => event(`f${i}`));
    const elsewhere = session([
      reply(200, full, { ...bucket(59), link: '<https://evil.example/api/v1/logs?after=2>; rel="next"' }),
    ]);

    await short.log.read(query);
    await elsewhere.log.read(query);

    expect(short.logCalls()).toHaveLength(1);
    expect(elsewhere.logCalls()).toHaveLength(1);
    expect(nextLink({ headers: link })).toBe('https://acme.okta.com/api/v1/logs?after=2');
  });

  it('stops asking once the bucket is below half, and reports it only when a read was held back', async () => {
    const { log, logCalls } = session([reply(200, [event('u1')], bucket(20, 60))]);

    const first = await log.read(query);
    const held = log.unavailable;
    const second = await log.read(query);

    expect(first).toHaveLength(1);
    expect(held).toBeUndefined();
    expect(second).toBeNull();
    expect(logCalls()).toHaveLength(1);
    expect(log.unavailable).toMatchObject({
      code: 'SYSTEM_LOG_THROTTLED',
      detail: expect.stringContaining('20 of 60'),
    });
  });

  it.each([
    ['no admin role (403 E0000006)', reply(403, E0000006), 'SYSTEM_LOG_ROLE_MISSING'],
    [
      'a token without the scope (403 insufficient_scope)',
      reply(403, E0000006, { 'www-authenticate': 'Bearer error="insufficient_scope", scope="okta.logs.read"' }),
      'SYSTEM_LOG_SCOPE_NOT_GRANTED',
    ],
    [
      '429',
      reply(
        429,
        { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' },
        bucket(0),
      ),
      'SYSTEM_LOG_THROTTLED',
    ],
  ])('is unavailable, as a warning code, on %s', async (_, answer, code) => {
    const { log } = session([answer]);

    expect(await log.read(query)).toBeNull();
    expect(log.unavailable?.code).toBe(code);
  });

  it('is unavailable when Okta will not grant okta.logs.read to the app, without another request', async () => {
    const { log, logCalls } = session(
      [],
      reply(400, { error: 'consent_required', error_description: 'You are not allowed any of the requested scopes.' }),
    );

    expect(await log.read(query)).toBeNull();
    expect(log.unavailable?.code).toBe('SYSTEM_LOG_SCOPE_NOT_GRANTED');
    expect(logCalls()).toHaveLength(0);
  });
});

describe('LogSession budget', () => {
  it(
    'each part of the look-up ends within its own budget: a log that hangs after the rate-limit read is given ' +
      'up on',
    async () => {
      const hang = (req: { signal?: AbortSignal }): Promise<HttpOutcome> =>
        new Promise((resolve) =>
          req.signal?.addEventListener(
            'abort',
            () =>
              resolve({
                ok: false,
                failure: {
                  kind: 'timeout',
                  message: 'run deadline reached before Okta answered',
                  timings: { total: 0 },
                },
              }),
            { once: true },
          ),
        );
      let logCalls = 0;
      const ctx: ServerContext = {
        server,
        orgServer: true,
        endpoints: serverEndpoints('https://acme.okta.com', 'org'),
        credential: { kind: 'private_key_jwt', privateKeyPem },
        // The token and the first page answer at once; every later page hangs until its budget ends.
        exchange: (req) =>
          req.method === 'POST'
            ? Promise.resolve(reply(200, { token_type: 'Bearer', access_token: 'at-logs', expires_in: 3600 }))
            : logCalls++ === 0
              ? Promise.resolve(reply(200, [event('u1')], bucket(59)))
              : hang(req),
        now: Date.now,
      };
      const log = new LogSession(ctx, [], SYSTEM_LOG.maxRequestsPerRun, 150);

      expect((await log.read(query))?.map((e) => e.uuid)).toEqual(['u1']);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the first part's budget would be spent by now
      log.nextPart();
      const started = performance.now();
      expect(await log.read(query)).toBeNull();
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(log.unavailable).toMatchObject({
        code: 'TIMEOUT',
        detail: expect.stringContaining('did not answer within its 150 ms budget'),
      });
      // Given up on for the run: no further request waits on it.
      expect(await log.read(query)).toBeNull();
      expect(logCalls).toBe(2);
    },
  );
});

describe("the System Log look-up's budget", () => {
  it('is 2 s at the default timeoutMs and below, and 40 % of a longer one: never a whole request', () => {
    expect([1000, 5000, 5001, 10_000, 30_000, 60_000].map(systemLogBudgetMs)).toEqual([
      2000, 2000, 2000, 4000, 12_000, 24_000,
    ]);
    for (const timeoutMs of [5000, 10_000, 60_000]) expect(systemLogBudgetMs(timeoutMs)).toBeLessThan(timeoutMs);
  });
});
