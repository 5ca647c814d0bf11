import { SignJWT, exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { MAX_REDACTED_LENGTH, REDACTED, redact } from '../../../functions/text/redact';

async function realJwt(): Promise<{ jwt: string; pem: string }> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwt = await new SignJWT({ cid: '0oa1', scp: ['api:read'] })
    .setProtectedHeader({ alg: 'RS256', kid: 'kid1' })
    .setIssuer('https://acme.okta.com/oauth2/default')
    .setAudience('api://default')
    .setIssuedAt(1_700_000_000)
    .sign(privateKey);
  return { jwt, pem: await exportPKCS8(privateKey) };
}

describe('redact()', () => {
  it('replaces a real JWT wherever it appears', async () => {
    const { jwt } = await realJwt();

    const out = redact(`{"access_token":"${jwt}"} and again ${jwt}.`);

    expect(out).not.toContain(jwt.split('.')[2]);
    expect(out).not.toContain(jwt.split('.')[1]);
    expect(out.endsWith(`${REDACTED}.`)).toBe(true);
  });

  it('replaces a PEM private key block, and one cut off by truncation', async () => {
    const { pem } = await realJwt();
    const body = pem.split('\n')[1] ?? '';

    expect(redact(`key: ${pem} end`)).toBe(`key: ${REDACTED} end`);
    expect(redact(`key: ${pem.slice(0, 200)}`)).toBe(`key: ${REDACTED}`);
    expect(redact(pem)).not.toContain(body);
  });

  it('replaces a known secret in raw, URL-encoded and base64 forms', () => {
    const secret = 'a+b/c= d&e';

    const out = redact(
      [secret, encodeURIComponent(secret), 'a%2Bb%2Fc%3D+d%26e', Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')].join(' | '),
      [secret],
    );

    expect(out).toBe(Array(5).fill(REDACTED).join(' | '));
  });

  it('replaces Authorization values and credential parameters but keeps the rest', () => {
    expect(redact('Authorization: Basic MG9hMTpzZWNyZXQ=')).toBe(`Authorization: ${REDACTED}`);
    expect(redact('{"authorization":"Bearer abc.def"}')).toBe(`{"authorization":"${REDACTED}"}`);
    expect(redact('grant_type=client_credentials&client_secret=xyz&client_assertion=abc&scope=okta.users.read')).toBe(
      `grant_type=client_credentials&client_secret=${REDACTED}&client_assertion=${REDACTED}&scope=okta.users.read`,
    );
    expect(redact('token=opaque123&token_type_hint=access_token')).toBe(`token=${REDACTED}&token_type_hint=access_token`);
    expect(redact('{"access_token":"opaque-org-token","token_type":"Bearer"}')).toBe(`{"access_token":"${REDACTED}","token_type":"Bearer"}`);
  });

  it('leaves ordinary Okta error text alone', () => {
    const text = "Invalid value for 'client_id' parameter. (E0000007, reqId abc-123)";

    expect(redact(text)).toBe(text);
  });

  it('caps the length', () => {
    const out = redact('x'.repeat(10_000));

    expect(out.length).toBe(MAX_REDACTED_LENGTH);
  });

  it('ignores an empty secret instead of redacting everything', () => {
    expect(redact('plain text', [''])).toBe('plain text');
  });
});

describe('redact() on other JOSE shapes', () => {
  it('replaces an unsigned JWT and a five-segment JWE', () => {
    const header = Buffer.from('{"alg":"none"}').toString('base64url');
    const payload = Buffer.from('{"sub":"0oa1"}').toString('base64url');
    const jweHeader = Buffer.from('{"alg":"dir","enc":"A256GCM"}').toString('base64url');

    expect(redact(`t=${header}.${payload}. ok`)).toBe(`t=${REDACTED} ok`);
    expect(redact(`${jweHeader}..iv123.cipher456.tag789 ok`)).toBe(`${REDACTED} ok`);
  });
});
