import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/config/parse';
import { resolvedOf } from '../../support/server-configs';

// "resources" on a custom server entry, each { "url", "method"?, "expectStatus"? }: the field names are a contract.
const custom = (resources: unknown) => ({
  id: 'default',
  clientId: '0oa-c',
  scopes: ['orders.read'],
  audience: 'api://default',
  clientSecretEnv: 'S',
  resources,
});

function parse(servers: unknown[]) {
  return parseConfig(
    { orgUrl: 'https://acme.okta.com', servers },
    { mode: 'cli', baseDir: '/nonexistent', env: { S: 'secret-value-xyz' } },
  );
}
const errors = (servers: unknown[]): string[] => {
  const result = parse(servers);
  return result.ok ? [] : result.errors;
};

describe('servers[].resources', () => {
  it('reads url, method (default GET) and expectStatus into the validated config', () => {
    const result = parse([
      custom([
        { url: 'https://api.acme.example/orders' },
        { url: 'https://api.acme.example/orders', method: 'HEAD', expectStatus: 204, _comment: 'cheap' },
      ]),
    ]);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.config.probe.servers[0]?.resources).toEqual([
        { url: 'https://api.acme.example/orders', method: 'GET' },
        { url: 'https://api.acme.example/orders', method: 'HEAD', expectStatus: 204 },
      ]);
    }
  });

  it('reaches the Lambda config unchanged', () => {
    const result = parseConfig(
      {
        orgUrl: 'https://acme.okta.com',
        servers: [
          {
            ...custom([{ url: 'https://api.acme.example/orders' }]),
            clientSecretEnv: undefined,
            authMethod: 'client_secret_basic',
          },
        ],
      },
      { mode: 'deploy', baseDir: '/nonexistent', env: {} },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const lambda = resolvedOf(result.config, new Map([['default', 'okta-synthetics/default']]));
    expect(lambda.probe.servers[0]?.resources).toEqual([{ url: 'https://api.acme.example/orders', method: 'GET' }]);
  });

  it('refuses the Org AS, whose tokens are for Okta alone, naming the field and the way out', () => {
    const org = { id: 'org', clientId: '0oa', scopes: ['okta.users.read'], privateKeyEnv: 'K' };
    expect(errors([{ ...org, resources: [{ url: 'https://api.acme.example/x' }] }])).toContainEqual(
      expect.stringMatching(/^servers\[0\]\.resources: only for a custom server.*managementApi/),
    );
  });

  it('sends a token only over https: plain http is for loopback (the simulator), a URL with a password never', () => {
    expect(errors([custom([{ url: 'http://api.acme.example/orders' }])])).toEqual([
      expect.stringMatching(/^servers\[0\]\.resources\[0\]\.url: must use https/),
    ]);
    expect(errors([custom([{ url: 'http://127.0.0.1:8080/orders' }])])).toEqual([]);
    expect(errors([custom([{ url: 'https://u:p@api.acme.example/' }])])).toEqual([
      expect.stringMatching(/resources\[0\]\.url: must not contain a user name or password/),
    ]);
    expect(errors([custom([{ url: 'https://api.acme.example/o#x' }])])).toEqual([
      expect.stringMatching(/resources\[0\]\.url: must not have a #fragment/),
    ]);
  });

  it('refuses a method that writes, an impossible status, an unknown field, a duplicate and too many', () => {
    expect(errors([custom([{ url: 'https://a.example/x', method: 'DELETE' }])])).toEqual([
      expect.stringMatching(/^servers\[0\]\.resources\[0\]\.method: expected one of GET, HEAD, POST/),
    ]);
    expect(errors([custom([{ url: 'https://a.example/x', expectStatus: 700 }])])).toEqual([
      expect.stringMatching(/resources\[0\]\.expectStatus: 700 is out of range/),
    ]);
    expect(errors([custom([{ url: 'https://a.example/x', expect: 200 }])])).toEqual([
      expect.stringMatching(/resources\[0\]\.expect: unknown field.*expectStatus/),
    ]);
    expect(errors([custom([{ url: 'https://a.example/x' }, { url: 'https://a.example/x', method: 'GET' }])])).toEqual([
      expect.stringMatching(/resources\[1\]: GET https:\/\/a\.example\/x is listed twice/),
    ]);
    const many = Array.from({ length: 11 }, (_, i) => ({ url: `https://a.example/${i}` }));
    expect(errors([custom(many)])).toEqual([expect.stringMatching(/resources: expected an array of 1 to 10 entries/)]);
    expect(errors([custom('https://a.example/x')])).toEqual([
      expect.stringMatching(/resources: expected an array of 1 to 10 entries .* got a string/),
    ]);
  });
});
