// The inventory's fetch half against scripted Okta answers: Link rel="next" pages followed and capped,
// each bucket left alone below the reserve or after a 429, the request budget, and a refused scope or role
// degrading only its own kind.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INVENTORY } from '../../../../functions/contract';
import type { ServerContext } from '../../../../functions/probe/context';
import { serverEndpoints } from '../../../../functions/probe/endpoints';
import type { HttpOutcome, HttpRequest } from '../../../../functions/probe/http';
import { KIND_READS } from '../../../../functions/probe/inventory/fetch';
import { bucketOf, InventoryReader } from '../../../../functions/probe/okta/management-read';
import { InventorySession, kindsOf } from '../../../../functions/probe/inventory/session';
import type { ServerConfig } from '../../../../functions/types';

const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const ALL = [
  'okta.apiTokens.read',
  'okta.apps.read',
  'okta.idps.read',
  'okta.eventHooks.read',
  'okta.logStreams.read',
  'okta.agentPools.read',
];
const server: ServerConfig = {
  id: 'org',
  clientId: '0oa1',
  credential: { kind: 'private_key_jwt', from: 'inline', privateKeyPem },
  scopes: ALL,
  requiredClaims: [],
};
const ORIGIN = 'https://acme.okta.com';

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): HttpOutcome => ({
  ok: true,
  response: {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    bodyTruncated: false,
    requestId: 'reqInv1',
    timings: { total: 5 },
    receivedAt: Date.now(),
  },
});
const bucket = (remaining: number, limit = 100): Record<string, string> => ({
  'x-rate-limit-limit': String(limit),
  'x-rate-limit-remaining': String(remaining),
  'x-rate-limit-reset': '1893456000',
});
const tokenAnswer = reply(200, {
  token_type: 'Bearer',
  access_token: 'at-inventory',
  expires_in: 3600,
  scope: ALL.join(' '),
});
const notGranted = reply(400, {
  error: 'consent_required',
  error_description: 'You are not allowed any of the requested scopes.',
});
const E0000006 = { errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action' };

type Sent = Pick<HttpRequest, 'method' | 'url' | 'headers' | 'form'>;
/** A context whose answers come from `answer` (by request); every request is recorded. */
function context(answer: (req: Sent) => HttpOutcome, scopes: readonly string[] = ALL) {
  const sent: Sent[] = [];
  const ctx: ServerContext = {
    server: { ...server, scopes },
    orgServer: true,
    endpoints: serverEndpoints(ORIGIN, 'org'),
    credential: { kind: 'private_key_jwt', privateKeyPem },
    exchange: (req) => {
      sent.push(req);
      return Promise.resolve(answer(req));
    },
    now: Date.now,
  };
  return { ctx, sent, gets: () => sent.filter((r) => r.method === 'GET').map((r) => r.url.replace(ORIGIN, '')) };
}
const settings = { expiryWarnDays: 30, apiTokenWarnDays: 7, inventoryEveryMinutes: 60, inventoryMaxApps: 200 };

describe('the paged reader', () => {
  it('follows Okta\'s Link rel="next" of its own origin until the last page', async () => {
    const { ctx, gets } = context((req) =>
      req.url.includes('after=2')
        ? reply(200, [{ id: 'c' }], bucket(97))
        : req.url.includes('after=1')
          ? reply(200, [{ id: 'b' }], {
              ...bucket(98),
              link: `<${ORIGIN}/api/v1/apps?after=1>; rel="self", <${ORIGIN}/api/v1/apps?after=2>; rel="next"`,
            })
          : reply(200, [{ id: 'a' }], { ...bucket(99), link: `<${ORIGIN}/api/v1/apps?after=1>; rel="next"` }),
    );
    const read = await new InventoryReader(ctx, 10).list('at', '/api/v1/apps?limit=200', 'GET /api/v1/apps');
    expect(read).toEqual({ items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    expect(gets()).toEqual(['/api/v1/apps?limit=200', '/api/v1/apps?after=1', '/api/v1/apps?after=2']);
  });

  it('never follows a next link to another origin, and stops after the page cap with a warning', async () => {
    const elsewhere = context(() =>
      reply(200, [{ id: 'a' }], { link: '<https://evil.example/api/v1/apps?after=1>; rel="next"' }),
    );
    expect(await new InventoryReader(elsewhere.ctx, 10).list('at', '/api/v1/apps', 'apps')).toEqual({
      items: [{ id: 'a' }],
    });
    const endless = context(() => reply(200, [{ id: 'a' }], { link: `<${ORIGIN}/api/v1/apps?after=x>; rel="next"` }));
    const read = await new InventoryReader(endless.ctx, 50).list('at', '/api/v1/apps', 'apps', 3);
    expect(endless.gets()).toHaveLength(3);
    expect(read).toMatchObject({
      items: [{ id: 'a' }, { id: 'a' }, { id: 'a' }],
      stopped: { code: 'INVENTORY_THROTTLED' },
    });
  });

  it('leaves a bucket alone once it falls below the reserve, but still reads other buckets', async () => {
    const { ctx, gets } = context((req) =>
      req.url.includes('/keys') ? reply(200, [], bucket(INVENTORY.reservePercent - 1)) : reply(200, [], bucket(90)),
    );
    const reader = new InventoryReader(ctx, 10);
    expect(await reader.get('at', '/api/v1/apps/0oaapp0000000000001/credentials/keys', 'keys')).toEqual({ body: [] });
    expect(await reader.get('at', '/api/v1/apps/0oaapp0000000000002/credentials/keys', 'keys')).toMatchObject({
      problem: {
        code: 'INVENTORY_THROTTLED',
        detail: expect.stringContaining('/api/v1/apps/{id}/credentials/keys bucket had 49 of 100 left'),
      },
    });
    expect(await reader.get('at', '/api/v1/idps', 'idps')).toEqual({ body: [] });
    expect(gets()).toEqual(['/api/v1/apps/0oaapp0000000000001/credentials/keys', '/api/v1/idps']);
    expect(bucketOf('/api/v1/apps/0oaapp0000000000001/credentials/keys?x=1')).toBe(
      '/api/v1/apps/{id}/credentials/keys',
    );
  });

  it('stops at its request budget and after a 429, naming why', async () => {
    const { ctx } = context(() =>
      reply(
        429,
        { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' },
        { ...bucket(0, 0), 'retry-after': '30' },
      ),
    );
    const reader = new InventoryReader(ctx, 1);
    expect(await reader.get('at', '/api/v1/logStreams', 'streams')).toMatchObject({
      problem: { code: 'INVENTORY_THROTTLED' },
    });
    expect(await reader.get('at', '/api/v1/eventHooks', 'hooks')).toMatchObject({
      problem: { code: 'INVENTORY_THROTTLED', detail: expect.stringContaining('budget of 1 requests') },
    });
    expect(reader.requests).toBe(1);
  });
});

describe('the inventory session', () => {
  it('reads every kind with one token when Okta grants every inventory scope', async () => {
    const { ctx, sent } = context((req) => (req.method === 'POST' ? tokenAnswer : reply(200, [])));
    const session = new InventorySession(ctx, settings);
    for (const kind of kindsOf(ALL))
      expect(await KIND_READS[kind](session, { now: Date.now() })).toHaveProperty('findings', []);
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(sent.find((r) => r.method === 'POST')?.form?.scope).toBe(ALL.join(' '));
  });

  it('degrades only the kind whose scope is not granted, with a warning naming the scope', async () => {
    const { ctx } = context((req) => {
      if (req.method === 'GET') return reply(200, []);
      return (req.form?.scope ?? '').includes('okta.idps.read') ? notGranted : tokenAnswer;
    });
    const session = new InventorySession(ctx, settings);
    const idps = await KIND_READS['idp-certificates'](session, { now: Date.now() });
    expect(idps).toMatchObject({
      unavailable: { code: 'INVENTORY_SCOPE_NOT_GRANTED', detail: expect.stringContaining('okta.idps.read') },
    });
    expect(await KIND_READS['log-streams'](session, { now: Date.now() })).toHaveProperty('findings', []);
  });

  it('degrades only the kind whose list Okta refuses for want of an admin role', async () => {
    const { ctx } = context((req) =>
      req.method === 'POST' ? tokenAnswer : req.url.includes('/api-tokens') ? reply(403, E0000006) : reply(200, []),
    );
    const session = new InventorySession(ctx, settings);
    expect(await KIND_READS['api-tokens'](session, { now: Date.now() })).toMatchObject({
      unavailable: { code: 'INVENTORY_ROLE_MISSING', detail: expect.stringContaining('GET /api/v1/api-tokens') },
    });
    expect(await KIND_READS['agent-pools'](session, { now: Date.now() })).toHaveProperty('findings', []);
  });

  it("reads each SAML app's key store at most inventoryMaxApps times a run, and remembers a kid's expiry", async () => {
    const apps = Array.from({ length: 3 }, (_, i) => ({
      id: `0oasaml00000000000${i}`,
      label: `App ${i}`,
      signOnMode: 'SAML_2_0',
      status: 'ACTIVE',
      credentials: { signing: { kid: `kid${i}` } },
    }));
    const expiresAt = new Date(Date.now() + 400 * 86_400_000).toISOString();
    const { ctx, gets } = context((req) => {
      if (req.method === 'POST') return tokenAnswer;
      const key = /\/apps\/0oasaml0+(\d)\/credentials\/keys/.exec(req.url)?.[1];
      return key === undefined
        ? reply(200, apps)
        : reply(200, [{ kid: `kid${key}`, expiresAt, kty: 'RSA', use: 'sig' }]);
    });
    const store = new Map<string, unknown>();
    const cache = {
      get: <T>(k: string) => store.get(k) as T | undefined,
      set: (k: string, v: unknown) => void store.set(k, v),
      delete: (k: string) => void store.delete(k),
    };
    const first = await KIND_READS['app-certificates'](
      new InventorySession({ ...ctx, cache }, { ...settings, inventoryMaxApps: 2 }),
      { now: Date.now() },
    );
    expect(first).toMatchObject({ observed: { apps: 2, unread: 1 }, findings: [{ code: 'INVENTORY_THROTTLED' }] });
    expect(gets().filter((u) => u.endsWith('/keys'))).toHaveLength(2);
    expect(gets()[0]).toBe('/api/v1/apps?filter=status%20eq%20%22ACTIVE%22&limit=200');
    const second = await KIND_READS['app-certificates'](
      new InventorySession({ ...ctx, cache }, { ...settings, inventoryMaxApps: 2 }),
      { now: Date.now() },
    );
    expect(second).toMatchObject({ observed: { apps: 3, unread: 0 }, findings: [] });
    expect(gets().filter((u) => u.endsWith('/keys'))).toHaveLength(3);
  });
  it('tells an app deleted since the listing (a 404 key store) as gone, not a missing auth server', async () => {
    const apps = ['0oasaml000000000001', '0oasaml000000000002'].map((id, i) => ({
      id,
      label: `App ${i}`,
      signOnMode: 'SAML_2_0',
      status: 'ACTIVE',
      credentials: { signing: { kid: `kid${i}` } },
    }));
    const expiresAt = new Date(Date.now() + 400 * 86_400_000).toISOString();
    const { ctx } = context((req) => {
      if (req.method === 'POST') return tokenAnswer;
      if (req.url.includes('0oasaml000000000002/credentials/keys'))
        return reply(404, {
          errorCode: 'E0000007',
          errorSummary: 'Not found: Resource not found: 0oasaml000000000002 (AppInstance)',
        });
      if (req.url.includes('/credentials/keys')) return reply(200, [{ kid: 'kid0', expiresAt, kty: 'RSA' }]);
      return reply(200, apps);
    });
    const read = await KIND_READS['app-certificates'](new InventorySession(ctx, settings), { now: Date.now() });
    expect(read).toMatchObject({ observed: { apps: 1, unread: 0 }, findings: [] });
  });
});
