import { generateKeyPairSync } from 'node:crypto';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportSPKI,
  importSPKI,
  jwtVerify,
  generateKeyPair,
  exportPKCS8,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { authenticateClient, basicAuthorization, CLIENT_ASSERTION_TYPE } from '../../../functions/probe/client-auth';

const TOKEN_URL = 'https://acme.okta.com/oauth2/default/v1/token';
const INTROSPECT_URL = 'https://acme.okta.com/oauth2/default/v1/introspect';
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

async function rsaPem(): Promise<{ pem: string; spki: string }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { pem: await exportPKCS8(privateKey), spki: await exportSPKI(publicKey) };
}

async function assertionOf(result: Awaited<ReturnType<typeof authenticateClient>>): Promise<string> {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}`);
  const assertion = result.auth.form.client_assertion;
  if (assertion === undefined) throw new Error('no client_assertion');
  return assertion;
}

describe('private_key_jwt', () => {
  it('signs an RS256 assertion with iss = sub = client id and aud = the exact endpoint URL', async () => {
    const { pem, spki } = await rsaPem();
    const result = await authenticateClient({
      clientId: '0oa1',
      credential: { kind: 'private_key_jwt', privateKeyPem: pem },
      audience: INTROSPECT_URL,
      keyId: 'k1',
      now: NOW,
    });
    const assertion = await assertionOf(result);
    const { payload, protectedHeader } = await jwtVerify(assertion, await importSPKI(spki, 'RS256'), {
      currentDate: new Date(NOW),
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: 'k1' });
    expect(payload).toMatchObject({
      iss: '0oa1',
      sub: '0oa1',
      aud: INTROSPECT_URL,
      iat: NOW / 1000,
      exp: NOW / 1000 + 300,
    });
    expect(result.ok && result.auth.form).toMatchObject({
      client_id: '0oa1',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
    });
    expect(result.ok && result.auth.headers).toEqual({});
  });

  it('uses a fresh jti on every call (Okta refuses a reused one)', async () => {
    const { pem } = await rsaPem();
    const input = {
      clientId: '0oa1',
      credential: { kind: 'private_key_jwt', privateKeyPem: pem } as const,
      audience: TOKEN_URL,
      now: NOW,
    };
    const jtis = await Promise.all(
      [1, 2, 3].map(async () => decodeJwt(await assertionOf(await authenticateClient(input))).jti),
    );
    expect(new Set(jtis).size).toBe(3);
    expect(jtis.every((jti) => typeof jti === 'string' && jti.length > 0)).toBe(true);
  });

  it('signs ES256 for an EC P-256 key and omits kid when none is configured', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const assertion = await assertionOf(
      await authenticateClient({
        clientId: 'c',
        credential: { kind: 'private_key_jwt', privateKeyPem: pem },
        audience: TOKEN_URL,
        now: NOW,
      }),
    );
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'ES256' });
  });

  it.each([
    ['P-256', 'ES256'],
    ['P-384', 'ES384'],
    ['P-521', 'ES512'],
  ])('signs an EC %s key with %s, its signature the raw r||s a JWS verifier reads', async (curve, alg) => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
    const assertion = await assertionOf(
      await authenticateClient({
        clientId: 'c',
        credential: {
          kind: 'private_key_jwt',
          privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        },
        audience: TOKEN_URL,
        now: NOW,
      }),
    );
    const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const { payload } = await jwtVerify(assertion, await importSPKI(spki, alg), {
      algorithms: [alg],
      currentDate: new Date(NOW),
    });
    expect(payload).toMatchObject({ iss: 'c', sub: 'c', aud: TOKEN_URL });
  });

  it('reports an unreadable PEM as INVALID_CLIENT without echoing the key', async () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nnot-a-key-SECRETMATERIAL\n-----END PRIVATE KEY-----';
    const result = await authenticateClient({
      clientId: 'c',
      credential: { kind: 'private_key_jwt', privateKeyPem: pem },
      audience: TOKEN_URL,
      now: NOW,
    });
    expect(result).toEqual({
      ok: false,
      code: 'INVALID_CLIENT',
      detail: 'private key could not be read (PKCS#8 PEM expected)',
    });
  });

  it('reports a PKCS#1 key as INVALID_CLIENT (PKCS#8 expected)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const result = await authenticateClient({
      clientId: 'c',
      credential: { kind: 'private_key_jwt', privateKeyPem: pem },
      audience: TOKEN_URL,
      now: NOW,
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('INVALID_CLIENT');
  });
});

describe('client_secret_basic', () => {
  it('base64-encodes id:secret as they are, as Okta documents and its SDKs send them (no form-urlencoding)', () => {
    const header = basicAuthorization('0oa1abc', 'p~ss! w+rd:%41/é');
    const decoded = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
    expect(header.startsWith('Basic ')).toBe(true);
    expect(decoded).toBe('0oa1abc:p~ss! w+rd:%41/é');
  });

  it('puts the credential in the Authorization header, not the form', async () => {
    const result = await authenticateClient({
      clientId: 'abc',
      credential: { kind: 'client_secret_basic', clientSecret: 's3cret' },
      audience: TOKEN_URL,
      now: NOW,
    });
    expect(result).toEqual({
      ok: true,
      auth: { headers: { authorization: `Basic ${Buffer.from('abc:s3cret').toString('base64')}` }, form: {} },
    });
  });
});

describe('unusable credentials', () => {
  it('passes an unavailable credential through with its code', async () => {
    const result = await authenticateClient({
      clientId: 'c',
      credential: { kind: 'unavailable', code: 'SECRETS_UNAVAILABLE', detail: 'AccessDeniedException' },
      audience: TOKEN_URL,
      now: NOW,
    });
    expect(result).toEqual({ ok: false, code: 'SECRETS_UNAVAILABLE', detail: 'AccessDeniedException' });
  });

  it('reports a missing credential as SECRETS_UNAVAILABLE', async () => {
    const result = await authenticateClient({ clientId: 'c', credential: undefined, audience: TOKEN_URL, now: NOW });
    expect(!result.ok && result.code).toBe('SECRETS_UNAVAILABLE');
  });
});
