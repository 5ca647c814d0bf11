// The run's scrub list: the caller's own list when it gives one, so what the run learns as it goes (a SAML app's SSO
// secrets, grouped or not) reaches the caller's output paths too.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runSecrets, userSecretValues } from '../../../functions/credentials/secret-values';
import { revealsSecret } from '../../../functions/text/redact';
import type { CredentialResult, UserCredentialResult } from '../../../functions/types';

const credentials = new Map<string, CredentialResult>([
  ['default', { kind: 'client_secret_basic', clientSecret: 'server-secret-123456' }],
  [
    'payments',
    { kind: 'private_key_jwt', privateKeyPem: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----' },
  ],
]);
const users = new Map<string, UserCredentialResult>([
  ['journey', { kind: 'user', password: 'user-password-123', totpSecret: 'JBSWY3DPEHPK3PXP' }],
]);

describe('runSecrets', () => {
  it(
    "fills the caller's list with the servers' and users' " + 'secrets, and the caller sees what the run adds later',
    () => {
      const scrubbed: string[] = [];
      const list = runSecrets({ credentials, users, scrubbed });
      expect(list).toBe(scrubbed);
      expect(scrubbed).toEqual([
        'server-secret-123456',
        '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
        'user-password-123',
        'JBSWY3DPEHPK3PXP',
      ]);
      // As the SAML group scope adds an app's SSO secrets to the run's list.
      list.push('sso-relay-secret-789');
      expect(scrubbed).toContain('sso-relay-secret-789');
    },
  );

  it('without a list of the caller, a list of its own', () => {
    expect(runSecrets({ credentials, users: undefined })).toEqual([
      'server-secret-123456',
      '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
    ]);
  });
});

describe("a passkey journey's private key", () => {
  it('is scrubbed as its PEM and as the JWK private scalar its file holds, and never its public half', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwk = privateKey.export({ format: 'jwk' });
    const passkey = { credentialId: 'Y3JlZGVudGlhbC1pZC0xMjM0NTY', privateKeyPem, rpId: 'acme.okta.com' };
    const list = userSecretValues(new Map([['workforce', { kind: 'user', password: 'pw-123456', passkey }]]));
    expect(list).toEqual(['pw-123456', privateKeyPem, jwk.d]);
    expect(revealsSecret(`detail: ${jwk.d ?? ''}`, list)).toBe(true);
    expect(list).not.toContain(jwk.x);
  });
});
