// The management check: a read-only Management API call with the Org-AS token. Judged from Okta's answers:
// the simulator's for the whole path, and Okta's documented answers for the judge alone.
import { describe, expect, it } from 'vitest';
import { judgeManagement, runManagement } from '../../../../functions/probe/okta/management';
import type { HttpOutcome, HttpRequest, HttpResponse } from '../../../../functions/probe/http';
import { DEFAULTS } from '../../../../functions/contract';
import { parseConfig } from '../../../../functions/config/parse';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-okta-request-id': 'req-1', ...headers },
    body: JSON.stringify(body),
    bodyTruncated: false,
    requestId: 'req-1',
    receivedAt: Date.now(),
    timings: { total: 10 },
  } as unknown as HttpResponse;
}

const E0000006 = {
  errorCode: 'E0000006',
  errorSummary: 'You do not have permission to perform the requested action',
  errorLink: 'E0000006',
  errorId: 'oae1',
  errorCauses: [],
};

describe('judgeManagement', () => {
  it('passes a 200 list, and reports how many items came back', () => {
    expect(judgeManagement(answer(200, [{ id: '00u1' }]))).toMatchObject({ diagnosis: null, observed: { items: 1 } });
  });

  it('403 E0000006 with a valid token: the service app has no admin role', () => {
    expect(judgeManagement(answer(403, E0000006)).diagnosis).toMatchObject({
      code: 'ADMIN_ROLE_MISSING',
      requestId: 'req-1',
      oktaError: 'E0000006',
    });
  });

  it('403 E0000006 that says insufficient_scope: the scope, not the role, is what is missing', () => {
    const challenge =
      'Bearer realm="x", scope="okta.groups.read", error="insufficient_scope", error_description="The access ' +
      'token provided does not contain the required scopes."';
    const { diagnosis } = judgeManagement(answer(403, E0000006, { 'www-authenticate': challenge }));
    expect(diagnosis).toMatchObject({
      code: 'ORG_SCOPE_NOT_GRANTED',
      detail: expect.stringContaining('okta.groups.read'),
    });
  });

  it.each([
    [401, { errorCode: 'E0000011', errorSummary: 'Invalid token provided' }, 'TOKEN_INACTIVE'],
    [
      429,
      { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' },
      'RATE_LIMITED',
    ],
    [500, { errorCode: 'E0000009', errorSummary: 'Internal Server Error' }, 'OKTA_SERVER_ERROR'],
    [200, { not: 'a list' }, 'MALFORMED_RESPONSE'],
  ])('%i %j -> %s', (status, body, code) => {
    expect(judgeManagement(answer(status, body)).diagnosis?.code).toBe(code);
  });
});

describe('managementApi in the config', () => {
  const org = (managementApi: unknown, scopes = ['okta.users.read']) => ({
    orgUrl: 'https://acme.okta.com',
    servers: [{ id: 'org', clientId: '0oa1', scopes, authMethod: 'private_key_jwt', managementApi }],
  });
  const read = (raw: unknown) => parseConfig(raw, { mode: 'deploy', baseDir: '.' });

  it('true picks the call the first okta.*.read scope allows; a path is taken as given', () => {
    const byScope = read(org(true, ['okta.groups.read']));
    expect(byScope.ok && byScope.config.probe.servers[0]?.managementApi).toEqual({ path: '/api/v1/groups?limit=1' });
    const byPath = read(org({ path: '/api/v1/users?limit=1&filter=status%20eq%20%22ACTIVE%22' }));
    expect(byPath.ok && byPath.config.probe.servers[0]?.managementApi).toEqual({
      path: '/api/v1/users?limit=1&filter=status%20eq%20%22ACTIVE%22',
    });
  });

  it.each([
    [
      true,
      ['okta.myAccount.read'],
      /^servers\[0\]\.managementApi: no read-only call is known for the scopes \["okta.myAccount.read"\]: add one of okta.users.read/,
    ],
    [
      { path: 'https://acme.okta.com/api/v1/users' },
      ['okta.users.read'],
      /^servers\[0\]\.managementApi\.path: .* is not a path under \/api\/v1\/ \(write the path only, no host\)/,
    ],
    [
      { path: '/api/v1/groups' },
      ['okta.users.read'],
      /^servers\[0\]\.managementApi\.path: \/api\/v1\/groups needs the scope okta.groups.read, which this server does not request/,
    ],
    [
      'yes',
      ['okta.users.read'],
      /^servers\[0\]\.managementApi: expected true or false, or an object like \{ "path": "\/api\/v1\/\S+" \}, got a/,
    ],
  ])('%j with scopes %j is refused, naming the fix', (value, scopes, message) => {
    const result = read(org(value, scopes));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(message)]);
  });

  it('is refused on a custom server: its tokens are for your APIs', () => {
    const result = read({
      orgUrl: 'https://acme.okta.com',
      servers: [
        {
          id: 'default',
          clientId: '0oa1',
          scopes: ['api:read'],
          audience: 'api://default',
          authMethod: 'client_secret_basic',
          managementApi: true,
        },
      ],
    });
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(/^servers\[0\]\.managementApi: only for the Org AS/),
    ]);
  });
});

describe('runManagement', () => {
  it(
    'reads a page of 200 apps of 6 KB (1.2 MB, past the 1 MB a held body may be) as a list: a pass with its ' +
      'count, never MALFORMED_RESPONSE',
    async () => {
      const body = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: `0oa${i}`, pad: 'x'.repeat(6144) })));
      const asked: HttpRequest[] = [];
      // As send() answers: a list read whole as it arrives; any other body held to DEFAULTS.maxBodyBytes.
      const exchange = async (req: HttpRequest): Promise<HttpOutcome> => {
        asked.push(req);
        const held = req.list === undefined;
        return {
          ok: true,
          response: {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: held ? body.slice(0, DEFAULTS.maxBodyBytes) : body,
            bodyTruncated: held && body.length > DEFAULTS.maxBodyBytes,
            requestId: 'req-1',
            timings: { total: 1 },
            receivedAt: 0,
          },
        } as HttpOutcome;
      };
      const ctx = { exchange, endpoints: { token: 'https://acme.okta.com/oauth2/v1/token' } } as never;
      const { judgement } = await runManagement(ctx, 'token', { path: '/api/v1/apps?limit=200' });
      expect(judgement).toMatchObject({ diagnosis: null, observed: { items: 200 } });
      expect(asked[0]?.list?.maxItems).toBe(200);
    },
  );
});
