// The traces of real failing checks against the simulator: a journey whose TOTP Okta refuses (IDX, the Authentication
// API and Direct Authentication), a SAML app whose assertion names another audience (its SAMLResponse in the page),
// token checks refused over a wrong client secret, and a token whose audience the API does not expect. Each trace is
// HAR 1.2, carries Okta's request ids, and holds none of the run's secrets (passwords, TOTP seeds, client secrets, the
// key, every token obtained), no cookie value, no state handle or state token, no signature; and what Support reads
// there (a token's aud, scp and exp, the assertion's Audience, Recipient and NameID, the same cookie sent each time).
import { decodeHTML } from 'entities/decode';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { secretValues, userSecretValues } from '../../../functions/credentials/secret-values';
import { resolveLocalUsers } from '../../../functions/credentials/user-secrets';
import { harOf, type Har } from '../../../functions/har/build';
import { HarCapture } from '../../../functions/har/capture';
import { runProbe } from '../../../functions/probe/engine';
import { revealsSecret } from '../../../functions/text/redact';
import { writeSimulatorConfig } from '../../../sim/config';
import type { ScenarioName } from '../../../sim/scenarios';
import { harErrors } from '../../support/har-schema';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { createMemoryCache } from '../../../functions/cache/read-through';

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

/** Each cookie value of the trace: sent, set, and in the Cookie and Set-Cookie headers. */
function cookieValues(har: Har): string[] {
  return har.log.entries.flatMap((entry) => [
    ...entry.request.cookies.map((c) => c.value),
    ...entry.response.cookies.map((c) => c.value),
    ...entry.request.headers
      .filter((h) => h.name === 'cookie')
      .flatMap((h) => h.value.split('; ').map((pair) => pair.slice(pair.indexOf('=') + 1))),
    ...entry.response.headers
      .filter((h) => h.name === 'set-cookie')
      .map((h) => (h.value.split(';')[0] ?? '').replace(/^[^=]*=/, '')),
  ]);
}

const HASHED = /^(\[hash:[0-9a-f]{12}\])?$/;
/** Authorization as the trace may show it: the scheme, then a blank, or a JWT's claims without its signature. */
const AUTHORIZATION = /^(?:(?:Basic|Bearer|SSWS) \[REDACTED\]|Bearer \[JWT, signature removed\] header=\{.*)$/;
const authorizations = (har: Har): string[] =>
  har.log.entries.flatMap((e) => e.request.headers.filter((h) => h.name === 'authorization').map((h) => h.value));

describe('the HTTP traces of failing checks, against the simulator', () => {
  it('a journey refused at its TOTP: every flow, no secret, no cookie, no state handle', async () => {
    const { hars, secrets } = await traces('totp-rejected');
    expect([...hars.keys()]).toEqual(expect.arrayContaining(['portal/sign-in', 'mobile/sign-in', 'workforce/sign-in']));
    for (const [key, har] of hars) {
      expect(harErrors(har), key).toEqual([]);
      const text = JSON.stringify(har);
      expect(revealsSecret(text, secrets), key).toBe(false);
      for (const value of cookieValues(har)) expect(value, key).toMatch(HASHED);
      for (const value of authorizations(har)) expect(value, key).toMatch(AUTHORIZATION);
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
    // Support sees the same device cookie sent each time: one hash, on every request that carried it.
    const sent = hars.get('workforce/sign-in')?.log.entries.flatMap((e) => e.request.cookies) ?? [];
    const dt = new Set(sent.filter((c) => c.name === 'DT').map((c) => c.value));
    expect(sent.filter((c) => c.name === 'DT').length).toBeGreaterThan(1);
    expect(dt.size).toBe(1);
  });

  it("a SAML app judged on its assertion: the SSO page's SAMLResponse decoded, its signature values gone", async () => {
    const { hars, secrets } = await traces('saml-audience');
    const saml = [...hars].find(([key]) => key.endsWith('/saml'))?.[1];
    expect(saml).toBeDefined();
    const text = JSON.stringify(saml);
    expect(harErrors(saml)).toEqual([]);
    expect(revealsSecret(text, secrets)).toBe(false);
    const page = decodeHTML(saml?.log.entries.map((e) => e.response.content.text ?? '').join('\n') ?? '');
    // What Support reads: the audience the app names (the fault), the Recipient and the NameID.
    expect(page).toContain('value="[SAMLResponse decoded from base64, signature values removed] <?xml');
    expect(page).toMatch(/<saml2:Audience>https:\/\/saml\.salesforce\.com\/old<\/saml2:Audience>/);
    expect(page).toContain('Recipient="https://acme.my.salesforce.com/"');
    expect(page).toMatch(/<saml2:NameID [^>]*>[^<]+@[^<]+<\/saml2:NameID>/);
    expect(page).toMatch(/<ds:SignatureValue>\[REDACTED\]<\/ds:SignatureValue>/);
    expect(page).not.toMatch(/<ds:SignatureValue>(?!\[REDACTED\])/);
  });

  it('a token for another audience: its aud, scp and exp in the trace, not its signature', async () => {
    const { hars, secrets } = await traces('audience-mismatch');
    const validate = hars.get('default/validate');
    expect(validate).toBeDefined();
    const text = JSON.stringify(validate);
    expect(harErrors(validate)).toEqual([]);
    expect(revealsSecret(text, secrets)).toBe(false);
    expect(text).not.toContain('withheld');
    const answer = validate?.log.entries.find((e) => e.request.url.endsWith('/v1/token'))?.response.content.text;
    const token = (JSON.parse(answer ?? '{}') as { access_token?: string }).access_token ?? '';
    const claims = JSON.parse(token.split(' claims=')[1] ?? '{}') as Record<string, unknown>;
    expect(token).toMatch(/^\[JWT, signature removed\] header=\{"kid":"[^"]+","alg":"RS256"\}/);
    expect(claims).toMatchObject({ aud: 'api://other', scp: expect.any(Array), exp: expect.any(Number) });
    // The token the run obtained is among its secrets: no part of it (its signature included) is in the trace.
    for (const secret of secrets.filter((s) => s.split('.').length === 3))
      expect(text).not.toContain(secret.split('.')[2]);
  });

  it('token checks refused over a wrong client secret: the Basic credential and the assertion are gone', async () => {
    const { hars, secrets } = await traces('invalid-client');
    const token = hars.get('default/token');
    expect(token).toBeDefined();
    expect(token?.log.entries[0]?.request.headers).toContainEqual({ name: 'authorization', value: 'Basic [REDACTED]' });
    expect(revealsSecret(JSON.stringify(token), secrets)).toBe(false);
  });

  it('a healthy run builds no trace at all', async () => {
    expect((await traces('healthy')).hars.size).toBe(0);
  });
});
