// The traces of real failing checks against the simulator: a journey whose TOTP Okta refuses (IDX, the Authentication
// API and Direct Authentication), a SAML app whose assertion names another audience (its SAMLResponse in the page), and
// token checks refused over a wrong client secret. Each trace is HAR 1.2, carries Okta's request ids, and holds none of
// the run's secrets (passwords, TOTP seeds, client secrets, the key, every token obtained), no cookie value, no state
// handle or state token, no SAML response.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { secretValues, userSecretValues } from '../../../functions/credentials/secret-values';
import { resolveLocalUsers } from '../../../functions/credentials/user-secrets';
import { harOf, type Har } from '../../../functions/har/build';
import { HarCapture } from '../../../functions/har/capture';
import { createMemoryCache } from '../../../functions/probe/cache';
import { runProbe } from '../../../functions/probe/engine';
import { revealsSecret } from '../../../functions/text/redact';
import { writeSimulatorConfig } from '../../../sim/config';
import type { ScenarioName } from '../../../sim/scenarios';
import { harErrors } from '../../support/har-schema';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-har-');
afterEach(() => {
  sim().scenario = 'healthy';
});

async function traces(scenario: ScenarioName): Promise<{ hars: Map<string, Har>; secrets: string[] }> {
  sim().scenario = scenario;
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const probe = loaded.config.probe;
  const credentials = resolveLocalCredentials(probe, {});
  const users = resolveLocalUsers(probe, {});
  const scrubbed: string[] = [];
  const capture = new HarCapture();
  const report = await runProbe(probe, { credentials, users, scrubbed, cache: createMemoryCache(), har: capture });
  const secrets = [...new Set([...secretValues(credentials), ...userSecretValues(users), ...scrubbed])];
  const hars = new Map<string, Har>();
  for (const result of report.checks) {
    const har = harOf(result, capture, secrets);
    if (har !== undefined) hars.set(`${result.server}/${result.check}`, har);
  }
  return { hars, secrets };
}

/** What no trace may hold: each value the simulator's org gave or was given that is a credential. */
function credentialValues(har: Har): string[] {
  return har.log.entries.flatMap((entry) => [
    ...entry.request.cookies.map((c) => c.value),
    ...entry.response.cookies.map((c) => c.value),
    ...entry.request.headers.filter((h) => /^(authorization|cookie)$/i.test(h.name)).map((h) => h.value),
  ]);
}

describe('the HTTP traces of failing checks, against the simulator', () => {
  it('a journey refused at its TOTP: every flow, no secret, no cookie, no state handle', async () => {
    const { hars, secrets } = await traces('totp-rejected');
    expect([...hars.keys()]).toEqual(expect.arrayContaining(['portal/sign-in', 'mobile/sign-in', 'workforce/sign-in']));
    for (const [key, har] of hars) {
      expect(harErrors(har), key).toEqual([]);
      const text = JSON.stringify(har);
      expect(revealsSecret(text, secrets), key).toBe(false);
      for (const value of credentialValues(har)) expect(value, key).toMatch(/^(\w+=)?\[REDACTED\]/);
      expect(text, key).not.toMatch(/"stateHandle":"(?!\[REDACTED\])/);
      expect(text, key).not.toMatch(/"stateToken":"(?!\[REDACTED\])/);
    }
    const answers = hars
      .get('workforce/sign-in')
      ?.log.entries.filter((e) => e.request.url.endsWith('/challenge/answer'));
    expect(answers?.map((e) => JSON.parse(e.request.postData?.text ?? '{}') as unknown)).toContainEqual({
      stateHandle: '[REDACTED]',
      credentials: { passcode: '[REDACTED]' },
    });
    expect(
      hars
        .get('workforce/sign-in')
        ?.log.entries.some((e) => e.response.headers.some((h) => h.name === 'x-okta-request-id' && h.value.length > 0)),
    ).toBe(true);
  });

  it("a SAML app judged on its assertion: the trace holds the SSO page's form without its SAMLResponse", async () => {
    const { hars, secrets } = await traces('saml-audience');
    const saml = [...hars].find(([key]) => key.endsWith('/saml'))?.[1];
    expect(saml).toBeDefined();
    const text = JSON.stringify(saml);
    expect(harErrors(saml)).toEqual([]);
    expect(text).toContain('SAMLResponse');
    expect(text).not.toMatch(/name=\\"SAMLResponse\\"[^>]*value=\\"(?!\[REDACTED\])/);
    expect(revealsSecret(text, secrets)).toBe(false);
  });

  it('token checks refused over a wrong client secret: the Basic credential and the assertion are gone', async () => {
    const { hars, secrets } = await traces('invalid-client');
    const token = hars.get('default/token');
    expect(token).toBeDefined();
    expect(token?.log.entries[0]?.request.headers).toContainEqual({ name: 'authorization', value: '[REDACTED]' });
    expect(revealsSecret(JSON.stringify(token), secrets)).toBe(false);
  });

  it('a healthy run builds no trace at all', async () => {
    expect((await traces('healthy')).hars.size).toBe(0);
  });
});
