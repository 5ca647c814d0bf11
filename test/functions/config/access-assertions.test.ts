// The top-level "accessAssertions" rows: their names are a contract, each mistake is refused with the field and the
// fix, and the rows ride on the "org" server, whose client asks the simulation.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/config/parse';
import { ACCESS_ASSERTIONS } from '../../../functions/contract';

const org = { id: 'org', clientId: '0oa1probe', authMethod: 'private_key_jwt', scopes: ['okta.users.read'] };
const custom = {
  id: 'default',
  clientId: '0oa1custom',
  authMethod: 'client_secret_basic',
  scopes: ['api'],
  audience: 'api://default',
};

const row = (extra: Record<string, unknown> = {}) => ({
  id: 'finance-remote',
  app: '0oafinance0000000x7a',
  groups: ['00gfinance0000000x7a'],
  expect: { factors: 'phishing-resistant' },
  ...extra,
});

const parse = (file: Record<string, unknown>) =>
  parseConfig(
    { orgUrl: 'https://acme.okta.com', servers: [org], ...file },
    { mode: 'deploy', baseDir: tmpdir(), env: {} },
  );

const errorsOf = (file: Record<string, unknown>): string => {
  const result = parse(file);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.errors.join('\n');
};

describe('accessAssertions', () => {
  it('carries every field of a row on the "org" server, and nothing without rows', () => {
    const written = row({
      user: '00ufinance0000000x7a',
      ip: '2001:db8::7',
      device: { platform: 'MACOS', registered: true, managed: false, assuranceId: 'daemacos00000000x7a1' },
      risk: 'HIGH',
      expect: { policy: 'Finance apps', rule: 'Remote', access: 'ALLOW', factors: 'two factors' },
    });
    const result = parse({ accessAssertions: [written] });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.servers[0]?.accessAssertions).toEqual([written]);
    const none = parse({});
    if (!none.ok) throw new Error(none.errors.join('; '));
    expect(none.config.probe.servers[0]?.accessAssertions).toBeUndefined();
  });

  it('takes an app by its label, found at run time', () => {
    const result = parse({ accessAssertions: [row({ app: 'Finance (SAML)' })] });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.servers[0]?.accessAssertions?.[0]?.app).toBe('Finance (SAML)');
  });

  it.each([
    [
      { ip: '203.0.113.300' },
      /accessAssertions\[0\]\.ip: "203\.0\.113\.300" is not an IP address: write one IPv4 or IPv6 address/,
    ],
    [{ risk: 'SEVERE' }, /accessAssertions\[0\]\.risk: .*LOW, MEDIUM, HIGH/],
    [{ device: { platform: 'LINUX' } }, /accessAssertions\[0\]\.device\.platform: .*WINDOWS/],
    [
      { zone: 'nzooffice0000000x7' },
      /accessAssertions\[0\]\.zone: "nzooffice0000000x7" is not a network zone id .*Security > Networks/,
    ],
    [
      { app: '0oafinance000000x7a' },
      /accessAssertions\[0\]\.app: "0oafinance000000x7a" is not an app id .*Applications > Applications/,
    ],
    [
      { app: 'F'.repeat(101) },
      /accessAssertions\[0\]\.app: "F+" is neither an app id nor a label: .* or its label as that page shows it/,
    ],
    [{ groups: ['Finance'] }, /accessAssertions\[0\]\.groups\[0\]: "Finance" is not a group id .*Directory > Groups/],
    [
      { user: 'jane@acme.example' },
      /accessAssertions\[0\]\.user: "jane@acme\.example" is not a user id .*Directory > People/,
    ],
    [{ groups: undefined }, /accessAssertions\[0\]: names nobody: give "user" .* or "groups"/],
    [{ expect: {} }, /accessAssertions\[0\]\.expect: asserts nothing: name at least one of "policy", "rule", "access"/],
    [{ expect: { factors: 'strong' } }, /accessAssertions\[0\]\.expect\.factors: .*phishing-resistant/],
    [{ zone: 'nzooffice00000000x7a', ip: '203.0.113.7' }, /accessAssertions\[0\]\.ip: a request comes from one place/],
    [{ zones: ['nzooffice00000000x7a'] }, /accessAssertions\[0\]\.zones: unknown field \(did you mean zone\?\)/],
  ])('refuses %j with the field and the fix', (extra, message) => {
    expect(errorsOf({ accessAssertions: [row(extra)] })).toMatch(message);
  });

  it('refuses two rows of one name, more rows than one simulation carries, and rows without an "org" server', () => {
    expect(errorsOf({ accessAssertions: [row(), row()] })).toMatch(
      /accessAssertions\[1\]\.id: "finance-remote" is already the id of accessAssertions\[0\]/,
    );
    const many = Array.from({ length: ACCESS_ASSERTIONS.maxRows + 1 }, (_, i) => row({ id: `row-${i}` }));
    expect(errorsOf({ accessAssertions: many })).toMatch(
      new RegExp(`accessAssertions: ${ACCESS_ASSERTIONS.maxRows + 1} rows: one simulation a run carries at most`),
    );
    expect(errorsOf({ servers: [custom], accessAssertions: [row()] })).toMatch(
      /accessAssertions: asks Okta's policy simulation with the "org" server's client: add a server with "id": "org"/,
    );
  });
});
