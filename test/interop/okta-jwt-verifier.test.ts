// Okta's own verifier (@okta/jwt-verifier, njwt + jwks-rsa) judging the simulator's custom-AS tokens.
import OktaJwtVerifier from '@okta/jwt-verifier';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useSimulator } from '../support/simulator';
import { customToken } from '../sim/helpers';

const sim = useSimulator();
let verifier: OktaJwtVerifier;
beforeAll(async () => {
  // The verifier warns on stderr that the https check is off: expected for a loopback issuer.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  verifier = new OktaJwtVerifier({ issuer: `${sim().url}/oauth2/default`, testing: { disableHttpsCheck: true } });
});
afterAll(async () => {
  vi.restoreAllMocks();
});

const token = async () => (await customToken(sim())).json<{ access_token: string }>().access_token;

describe('@okta/jwt-verifier', () => {
  it('accepts a custom-AS access token for the expected audience and sees Okta claims', async () => {
    const jwt = await verifier.verifyAccessToken(await token(), 'api://default');
    expect(jwt.claims).toMatchObject({
      iss: `${sim().url}/oauth2/default`,
      aud: 'api://default',
      cid: sim().clients.custom.clientId,
      scp: ['probe.read'],
      ver: 1,
    });
    expect(jwt.header.alg).toBe('RS256');
  });

  it('rejects the same token for another audience', async () => {
    await expect(verifier.verifyAccessToken(await token(), 'api://other')).rejects.toThrow(/audience/i);
  });

  it('follows a key rotation: a token signed with the new kid verifies (the key is published first)', async () => {
    await verifier.verifyAccessToken(await token(), 'api://default');
    sim().rotateSigningKey();
    await expect(verifier.verifyAccessToken(await token(), 'api://default')).resolves.toBeDefined();
  });

  it.each([
    'audience-mismatch',
    'issuer-mismatch',
    'signature-invalid',
    'unknown-signing-key',
    'token-expired',
  ] as const)('rejects the tokens of scenario %s', async (scenario) => {
    sim().scenario = scenario;
    try {
      await expect(verifier.verifyAccessToken(await token(), 'api://default')).rejects.toThrow();
    } finally {
      sim().scenario = 'healthy';
    }
  });
});
