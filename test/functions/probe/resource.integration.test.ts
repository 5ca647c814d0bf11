// The token at the organisation's own API, through the engine against the simulator's resource server, which checks a
// token as a real API does (jose against the server's JWKS: iss, aud, exp, then scp and a claim). In every scenario
// Okta is fine: the token and introspect checks pass in the same run, and no failure of the API is put on Okta.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../functions/credentials/user-secrets';
import { FAULTS } from '../../../functions/diagnosis/faults';
import { runProbe } from '../../../functions/probe/engine';
import type { CheckResult, ProbeConfig } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { RESOURCE_SCENARIOS } from '../../../sim/resource-scenarios';
import type { ScenarioName } from '../../../sim/scenarios';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { createMemoryCache } from '../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-resource-');
afterEach(() => {
  sim().scenario = 'healthy';
});

async function probeOf(edit: (probe: ProbeConfig) => ProbeConfig = (p) => p): Promise<ProbeConfig> {
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  // The servers' checks only: the journeys and SAML apps have nothing to say about an API.
  return edit({ ...loaded.config.probe, signIn: [], samlApps: [] });
}

async function run(probe: ProbeConfig): Promise<readonly CheckResult[]> {
  const report = await runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache: createMemoryCache(),
  });
  return report.checks.filter((c) => c.server === 'default');
}

const resultOf = (checks: readonly CheckResult[], check: string): CheckResult | undefined =>
  checks.find((c) => c.check === check);

describe('the resource check against the simulated API', () => {
  it('passes on the healthy org: the API accepts the token the custom server issued', async () => {
    const checks = await run(await probeOf());
    expect(resultOf(checks, 'resource')).toMatchObject({ status: 'pass', observed: { resources: 1, accepted: 1 } });
  }, 30_000);

  for (const [name, scenario] of Object.entries(RESOURCE_SCENARIOS)) {
    it(`${name}: ${scenario.expect[0]?.code}, while Okta's own checks pass and nothing is put on Okta`, async () => {
      sim().scenario = name as ScenarioName;
      const checks = await run(await probeOf());
      const resource = resultOf(checks, 'resource');
      expect(resource?.status).toBe('fail');
      if (resource?.status !== 'fail') return;
      expect(resource.diagnosis.code).toBe(scenario.expect[0]?.code);
      expect(FAULTS[resource.diagnosis.code]).toBe('org');
      // The API's answers carry no X-Okta-Request-Id: none is claimed for Okta.
      expect(resource.diagnosis.requestId).toBeNull();
      for (const okta of ['token', 'validate', 'introspect']) expect(resultOf(checks, okta)?.status, okta).toBe('pass');
    }, 30_000);
  }

  it('never sends the token across a redirect, to another host or at all', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const elsewhere = createServer((req, res) => {
      seen.push(req.headers);
      res.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const moved = createServer((req, res) => {
      seen.push({ ...req.headers, 'x-at': 'moved' });
      res.writeHead(302, { Location: `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/orders` }).end();
    });
    await new Promise<void>((resolve) => moved.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(moved.address() as AddressInfo).port}/orders`;
      const probe = await probeOf((p) => ({
        ...p,
        servers: p.servers.map((s) => (s.id === 'default' ? { ...s, resources: [{ url, method: 'GET' }] } : s)),
      }));
      const checks = await run(probe);
      expect(resultOf(checks, 'resource')).toMatchObject({
        status: 'fail',
        diagnosis: { code: 'RESOURCE_REDIRECTED' },
      });
      // The listed URL got the token, once; the host it redirected to got nothing.
      expect(seen.map((h) => h['x-at'])).toEqual(['moved']);
      expect(seen[0]?.authorization).toMatch(/^Bearer eyJ/);
    } finally {
      elsewhere.close();
      moved.close();
    }
  }, 30_000);
});
