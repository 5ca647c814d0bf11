import { encodeHTML } from 'entities';
import fc from 'fast-check';
import { SignJWT, exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { MAX_REDACTED_LENGTH, REDACTED, redact, revealsSecret } from '../../../functions/text/redact';

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
      [
        secret,
        encodeURIComponent(secret),
        'a%2Bb%2Fc%3D+d%26e',
        Buffer.from(secret).toString('base64'),
        Buffer.from(secret).toString('base64url'),
      ].join(' | '),
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
    expect(redact('token=opaque123&token_type_hint=access_token')).toBe(
      `token=${REDACTED}&token_type_hint=access_token`,
    );
    expect(redact('{"access_token":"opaque-org-token","token_type":"Bearer"}')).toBe(
      `{"access_token":"${REDACTED}","token_type":"Bearer"}`,
    );
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

/** Every way an answer may echo a value: as servers escape it into JSON, HTML, URLs and base64. */
const ESCAPINGS: Readonly<Record<string, (value: string) => string>> = {
  raw: (v) => v,
  'JSON-escaped': (v) => JSON.stringify(v).slice(1, -1),
  'a JSON body quoted in JSON': (v) => JSON.stringify(JSON.stringify({ credentials: { passcode: v } })),
  'JSON with every character \\u-escaped (Go, .NET)': (v) =>
    v
      .split('')
      .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  'HTML-escaped (&amp; &lt; &gt; &quot; &#39;)': (v) =>
    v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
  'HTML-escaped with named references (&plus; &commat;)': (v) => encodeHTML(v),
  'HTML-escaped as Okta writes attributes (&#x2b; for every non-alphanumeric)': (v) =>
    v.replace(/[^A-Za-z0-9]/gu, (c) => `&#x${(c.codePointAt(0) ?? 0).toString(16)};`),
  'HTML-escaped in decimal': (v) => [...v].map((c) => `&#${c.codePointAt(0)};`).join(''),
  'percent-encoded': (v) => encodeURIComponent(v),
  'percent-encoded, lower-case hex': (v) => encodeURIComponent(v).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
  'form-encoded': (v) => new URLSearchParams({ p: v }).toString().slice(2),
  'JSON-escaped inside an HTML page': (v) =>
    JSON.stringify({ password: v }).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;'),
  base64: (v) => Buffer.from(v).toString('base64'),
  base64url: (v) => Buffer.from(v).toString('base64url'),
  'base64 of a JSON body (the secret mid-stream)': (v) =>
    Buffer.from(JSON.stringify({ username: 'synthetic.user@acme.example', password: v })).toString('base64'),
};

describe('redact(): a secret in every escaping an answer may echo it in', () => {
  const password = 'P@ss "w0rd" <&> \\ / + = %41 é 𝄞';

  it.each(Object.entries(ESCAPINGS))('scrubs it %s', (_, escape) => {
    const echoed = `Okta said: ${escape(password)} (E0000004)`;
    const out = redact(echoed, [password]);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(escape(password));
    expect(out.startsWith('Okta said: ')).toBe(true);
    expect(revealsSecret(echoed, [password])).toBe(true);
  });

  it('scrubs a request body echoed JSON-escaped: what an IDX answer quoting the identify form would print', () => {
    const body = JSON.stringify({
      identifier: 'synthetic.user@acme.example',
      credentials: { passcode: password },
      stateHandle: '02abc',
    });
    const out = redact(JSON.stringify({ errorSummary: 'bad request', request: body }), [password]);
    expect(out).not.toContain('P@ss');
    expect(out).toContain('synthetic.user@acme.example');
  });

  it('holds for passwords of every special character, in every escaping (property)', () => {
    const specials = [
      ...' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
      '\t',
      '\n',
      'é',
      'ß',
      '€',
      '中',
      '𝄞',
      '\u00a0',
      '\u2028',
    ];
    const unit = fc.oneof(fc.constantFrom(...specials), fc.constantFrom(...'abcXYZ019'));
    fc.assert(
      fc.property(
        fc.string({ unit, minLength: 8, maxLength: 32 }),
        fc.constantFrom(...Object.keys(ESCAPINGS)),
        (secret, name) => {
          fc.pre(!REDACTED.includes(secret) && secret.trim().length >= 4);
          const escaped = (ESCAPINGS[name] as (v: string) => string)(secret);
          const out = redact(`before ${escaped} after`, [secret]);
          expect(out, name).not.toContain(escaped);
          expect(out, name).not.toContain(secret);
        },
      ),
      { numRuns: 400 },
    );
  });
});
