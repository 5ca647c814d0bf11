// What Okta Support can read in a trace, as Okta's case-upload sanitizer leaves it ("Sanitizing HTTP Traces"): a JWT's
// header and claims (aud, scp, exp) without its signature, a SAML response's content (Issuer, Audience, Recipient,
// NameID) without its signature values, each cookie as the first characters of a hash, equal when the value is.
// And what it never can: a signature, an opaque token, a refresh token, a code, a password, a handle, a passkey's
// answer, the run's secrets.
import { decodeHTML } from 'entities/decode';
import { describe, expect, it } from 'vitest';
import { harOf, type Har } from '../../../functions/har/build';
import { readableSaml } from '../../../functions/har/saml';
import { HarCapture } from '../../../functions/har/capture';
import { revealsSecret } from '../../../functions/text/redact';
import type { CheckResult, RecordedExchange } from '../../../functions/types';
import { references } from '../../../sim/saml/messages';
import { harErrors } from '../../support/har-schema';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const EXP = T0 / 1000 + 3600;
const CLIENT_SECRET = 'client-secret-value-123456';
const SIGNATURE = 'c2lnbmF0dXJlLWJ5dGVzLW9mLXRoZS1zZXJ2ZXJzLWtleQ';

const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (header: object, claims: object, signature = SIGNATURE): string =>
  `${segment(header)}.${segment(claims)}.${signature}`;

/** A custom authorization server's access token, claims in Okta's order. */
const ACCESS_TOKEN = jwt(
  { kid: 'k1', alg: 'RS256' },
  {
    ver: 1,
    jti: 'AT.abc',
    iss: 'https://acme.okta.com/oauth2/default',
    aud: 'api://default',
    iat: EXP - 3600,
    exp: EXP,
    cid: '0oa1client',
    uid: '00u1user',
    scp: ['openid', 'orders.read'],
    sub: 'probe@acme.example',
  },
);
const SESSION_ID = '102sessionIdOfTheUser0001';
const ID_TOKEN = jwt(
  { kid: 'k1', alg: 'RS256' },
  {
    sub: '00u1user',
    iss: 'https://acme.okta.com/oauth2/default',
    aud: '0oa1client',
    exp: EXP,
    sid: SESSION_ID,
    amr: ['pwd'],
    password: 'a-claim-named-password',
  },
);

const failed: CheckResult = {
  server: 'portal',
  check: 'sign-in',
  status: 'fail',
  latencyMs: 10,
  diagnosis: { code: 'AUDIENCE_MISMATCH', summary: 's', remedy: 'r', requestId: 'req-9' },
};
const answer = (status: number, body: string, headers: Record<string, string | string[]> = {}) => ({
  ok: true as const,
  response: { status, headers, body, bodyTruncated: false, timings: { total: 42, ttfb: 30 } },
});

function traceOf(exchanges: readonly Pick<RecordedExchange, 'request' | 'outcome'>[], secrets: string[]): Har {
  const capture = new HarCapture();
  for (const [i, exchange] of exchanges.entries())
    capture.record({ server: 'portal', check: 'sign-in', ...exchange, startedAt: T0 + i }, false);
  const har = harOf(failed, capture, secrets);
  if (har === undefined) throw new Error('no HAR built');
  expect(harErrors(har)).toEqual([]);
  expect(JSON.stringify(har)).not.toContain('withheld');
  expect(revealsSecret(JSON.stringify(har), secrets)).toBe(false);
  return har;
}

describe('a JWT in a trace: its header and claims kept, Support reads aud, scp and exp; its signature gone', () => {
  const assertion = jwt(
    { alg: 'HS256' },
    { iss: '0oa1client', sub: '0oa1client', aud: 'https://acme.okta.com/oauth2/default/v1/token', exp: EXP },
  );
  const har = traceOf(
    [
      {
        request: {
          method: 'POST',
          url: 'https://acme.okta.com/oauth2/default/v1/token',
          form: { grant_type: 'client_credentials', client_assertion: assertion, scope: 'orders.read' },
        },
        outcome: answer(200, JSON.stringify({ access_token: ACCESS_TOKEN, id_token: ID_TOKEN }), {
          'content-type': 'application/json',
        }),
      },
      {
        request: {
          method: 'GET',
          url: 'https://api.acme.example/orders',
          headers: { authorization: `Bearer ${ACCESS_TOKEN}` },
        },
        outcome: answer(401, '', { 'www-authenticate': 'Bearer error="invalid_token"' }),
      },
      {
        request: {
          method: 'GET',
          url: `https://acme.okta.com/oauth2/default/v1/logout?id_token_hint=${ID_TOKEN}&state=s1`,
        },
        outcome: answer(302, '', { location: `https://app.acme.example/cb#id_token=${ID_TOKEN}&state=s1` }),
      },
    ],
    [CLIENT_SECRET, ACCESS_TOKEN, ID_TOKEN],
  );
  const text = JSON.stringify(har);
  const [token, api, logout] = har.log.entries;

  it('shows the access token in the answer, decoded, with a marker where its signature was', () => {
    const body = JSON.parse(token?.response.content.text ?? '{}') as { access_token: string };
    expect(body.access_token).toMatch(/^\[JWT, signature removed\] header=\{"kid":"k1","alg":"RS256"\} claims=\{/);
    const claims = JSON.parse(body.access_token.split(' claims=')[1] ?? '{}') as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: 'api://default', scp: ['openid', 'orders.read'], exp: EXP, cid: '0oa1client' });
  });

  it('keeps the Bearer scheme and the claims of the token sent to an API', () => {
    const header = api?.request.headers.find((h) => h.name === 'authorization')?.value ?? '';
    expect(header).toMatch(/^Bearer \[JWT, signature removed\] header=/);
    expect(header).toContain('"aud":"api://default"');
  });

  it("keeps a client assertion's claims (its aud is what Okta refuses) and drops its HMAC", () => {
    const sent = token?.request.postData?.params?.find((p) => p.name === 'client_assertion')?.value ?? '';
    expect(sent).toContain('"aud":"https://acme.okta.com/oauth2/default/v1/token"');
  });

  it('reads a token in a query string and in a fragment', () => {
    expect(logout?.request.queryString.find((q) => q.name === 'id_token_hint')?.value).toContain('"aud":"0oa1client"');
    const fragment = new URLSearchParams(new URL(logout?.response.redirectURL ?? '').hash.slice(1));
    expect(fragment.get('id_token')).toContain('"amr":["pwd"]');
    expect(fragment.get('state')).toBe('s1');
  });

  it('holds no signature, no token whole, and no claim named as a secret', () => {
    expect(text).not.toContain(SIGNATURE);
    expect(text).not.toContain(segment({ kid: 'k1', alg: 'RS256' }));
    expect(text).not.toContain('a-claim-named-password');
    expect(logout?.request.queryString[0]?.value).toContain('"password":"[REDACTED]"');
  });

  it("hashes the ID token's sid as the session cookie is, and never shows it", () => {
    expect(text).not.toContain(SESSION_ID);
    const idToken = (JSON.parse(token?.response.content.text ?? '{}') as { id_token: string }).id_token;
    expect(idToken).toMatch(/"sid":"\[hash:[0-9a-f]{12}\]"/);
  });
});

describe('what stays blanked whole, whatever its shape', () => {
  const ORG_TOKEN = jwt(
    { kid: 'o1', alg: 'RS256' },
    { iss: 'https://acme.okta.com', aud: 'https://acme.okta.com', scp: ['okta.users.read'], cid: '0oa1' },
  );
  const JWE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXYtYnl0ZXM.Y2lwaGVy.dGFn';
  const NAMES = [
    'refresh_token',
    'code',
    'client_secret',
    'password',
    'passcode',
    'sessionToken',
    'stateHandle',
    'stateToken',
    'interaction_handle',
    'interaction_code',
    'code_verifier',
    'clientData',
    'authenticatorData',
    'signatureData',
  ];

  it('an opaque token, the org authorization server access token, a JWE', () => {
    const har = traceOf(
      [
        {
          request: {
            method: 'GET',
            url: 'https://acme.okta.com/api/v1/users/me',
            headers: { authorization: 'Basic ' },
          },
          outcome: answer(
            200,
            JSON.stringify({ access_token: 'opaqueTokenValue0123456789', id_token: JWE, token: ORG_TOKEN }),
            { 'content-type': 'application/json' },
          ),
        },
        {
          request: {
            method: 'GET',
            url: 'https://acme.okta.com/api/v1/users/me',
            headers: { authorization: `Bearer ${ORG_TOKEN}`, 'proxy-authorization': `Bearer ${ACCESS_TOKEN}` },
          },
          outcome: answer(200, ''),
        },
      ],
      [],
    );
    expect(JSON.parse(har.log.entries[0]?.response.content.text ?? '{}')).toEqual({
      access_token: '[REDACTED]',
      id_token: '[REDACTED]',
      token: '[REDACTED]',
    });
    expect(har.log.entries[1]?.request.headers).toEqual(
      expect.arrayContaining([
        { name: 'authorization', value: 'Bearer [REDACTED]' },
        { name: 'proxy-authorization', value: '[REDACTED]' },
      ]),
    );
    expect(JSON.stringify(har)).not.toContain('okta.users.read');
  });

  it.each(NAMES)('%s, even when it holds a JWT: no claim of it is shown', (name) => {
    const har = traceOf(
      [
        {
          request: {
            method: 'POST',
            url: `https://acme.okta.com/x?${name}=${ACCESS_TOKEN}`,
            form: { [name]: ACCESS_TOKEN },
          },
          outcome: answer(200, JSON.stringify({ [name]: ACCESS_TOKEN, nested: { name, value: ACCESS_TOKEN } }), {
            'content-type': 'application/json',
          }),
        },
      ],
      [],
    );
    const text = JSON.stringify(har);
    expect(text).not.toContain('api://default');
    expect(har.log.entries[0]?.request.postData?.params).toEqual([{ name, value: '[REDACTED]' }]);
  });

  it.each([
    ['hinted as one', ['refresh_token']],
    ['not hinted at all', []],
    ['hinted twice, once as an access token', ['access_token', 'refresh_token']],
  ])('a refresh token revoked as `token`, %s, even when it is a JWT', (_how, hints) => {
    const refresh = jwt({ alg: 'RS256' }, { iss: 'https://acme.okta.com/oauth2/default', aud: 'api://refresh' });
    const form = new URLSearchParams({ token: refresh });
    for (const value of hints) form.append('token_type_hint', value);
    const har = traceOf(
      [
        {
          request: { method: 'POST', url: `https://acme.okta.com/oauth2/default/v1/revoke?${form}`, form: {} },
          outcome: answer(200, form.toString(), { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        {
          request: {
            method: 'POST',
            url: 'https://acme.okta.com/oauth2/default/v1/revoke',
            form: Object.fromEntries(form),
          },
          outcome: answer(200, ''),
        },
      ],
      [],
    );
    expect(JSON.stringify(har)).not.toContain('api://refresh');
    expect(har.log.entries[1]?.request.postData?.params).toContainEqual({ name: 'token', value: '[REDACTED]' });
  });

  it('an access token introspected as `token` with its hint stays readable', () => {
    const har = traceOf(
      [
        {
          request: {
            method: 'POST',
            url: 'https://acme.okta.com/oauth2/default/v1/introspect',
            form: { token: ACCESS_TOKEN, token_type_hint: 'access_token' },
          },
          outcome: answer(200, '{"active":true}', { 'content-type': 'application/json' }),
        },
      ],
      [],
    );
    const sent = har.log.entries[0]?.request.postData?.params?.find((p) => p.name === 'token')?.value ?? '';
    expect(sent).toMatch(/^\[JWT, signature removed\] header=/);
    expect(sent).toContain('"aud":"api://default"');
  });

  it('Basic credentials keep their scheme only', () => {
    const basic = `Basic ${Buffer.from(`0oa1:${CLIENT_SECRET}`).toString('base64')}`;
    const har = traceOf(
      [
        {
          request: { method: 'POST', url: 'https://acme.okta.com/t', headers: { authorization: basic } },
          outcome: answer(200, ''),
        },
      ],
      [CLIENT_SECRET],
    );
    expect(har.log.entries[0]?.request.headers).toContainEqual({ name: 'authorization', value: 'Basic [REDACTED]' });
  });
});

/** Okta's auto-posting SSO page around a response, written as Okta writes it (every non-alphanumeric a reference). */
const ssoPage = (xml: string): string =>
  `<form id="appForm" action="https://sp.example/acs" method="POST"><input name="SAMLResponse" type="hidden" ` +
  `value="${references(Buffer.from(xml).toString('base64'))}"/>` +
  '<input name="RelayState" type="hidden" value=""/></form>';

const SAML_SIGNATURE = 'U2lnbmF0dXJlVmFsdWVPZlRoZUFzc2VydGlvbg==';
const CERTIFICATE = 'MIIDpDCCAoygAwIBAgIGAY0publicCertificateBody';
const samlResponse = (extra = ''): string =>
  '<?xml version="1.0" encoding="UTF-8"?><saml2p:Response Destination="https://sp.example/acs" ' +
  'xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol">' +
  '<saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">http://www.okta.com/exk1</saml2:Issuer>' +
  '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>' +
  '<ds:DigestValue>ZGlnZXN0</ds:DigestValue></ds:SignedInfo>' +
  `<ds:SignatureValue>\n${SAML_SIGNATURE}\n</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>` +
  `${CERTIFICATE}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature><saml2:Assertion>` +
  '<saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">probe@acme.example' +
  '</saml2:NameID><saml2:SubjectConfirmationData Recipient="https://sp.example/acs"/></saml2:Subject>' +
  '<saml2:Conditions NotOnOrAfter="2026-11-25T12:05:00Z"><saml2:AudienceRestriction><saml2:Audience>' +
  `https://sp.example/metadata</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>${extra}` +
  '</saml2:Assertion></saml2p:Response>';

describe('a SAML response in the SSO page: its content kept, decoded, its signature value gone', () => {
  const page = (xml: string): Har => {
    const base64 = Buffer.from(xml).toString('base64');
    return traceOf(
      [
        {
          request: { method: 'GET', url: 'https://acme.okta.com/app/x/sso/saml' },
          outcome: answer(200, ssoPage(xml), { 'content-type': 'text/html;charset=utf-8' }),
        },
      ],
      [base64],
    );
  };
  const shown = (har: Har): string => decodeHTML(har.log.entries[0]?.response.content.text ?? '');

  it('shows the Issuer, Destination, NameID, Recipient, Audience and conditions, and the certificate', () => {
    const html = shown(page(samlResponse()));
    expect(html).toContain('value="[SAMLResponse decoded from base64, signature values removed] <?xml');
    for (const kept of [
      '<saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">http://www.okta.com/exk1</saml2:Issuer>',
      'Destination="https://sp.example/acs"',
      'nameid-format:emailAddress">probe@acme.example</saml2:NameID>',
      'Recipient="https://sp.example/acs"',
      '<saml2:Audience>https://sp.example/metadata</saml2:Audience>',
      'NotOnOrAfter="2026-11-25T12:05:00Z"',
      `<ds:X509Certificate>${CERTIFICATE}</ds:X509Certificate>`,
      '<ds:SignatureValue>[REDACTED]</ds:SignatureValue>',
    ])
      expect(html).toContain(kept);
    expect(html).not.toContain(SAML_SIGNATURE);
  });

  it("copies no readable value into a page's own private-use marker", () => {
    const xml = samlResponse();
    const forged = '<p>\uE0000\uE001</p>';
    const har = traceOf(
      [
        {
          request: { method: 'GET', url: 'https://acme.okta.com/app/x/sso/saml' },
          outcome: answer(200, forged + ssoPage(xml), { 'content-type': 'text/html;charset=utf-8' }),
        },
      ],
      [Buffer.from(xml).toString('base64')],
    );
    const html = shown(har);
    expect(html).toContain(forged);
    expect(html).not.toContain('SAMLResponse decoded');
    expect(html).toContain('name="SAMLResponse" type="hidden" value="[REDACTED]"');
  });

  it("removes an encrypted assertion's cipher text", () => {
    const html = shown(
      page(samlResponse('<xenc:CipherData><xenc:CipherValue>Y2lwaGVyLXRleHQ=</xenc:CipherValue></xenc:CipherData>')),
    );
    expect(html).toContain('<xenc:CipherValue>[REDACTED]</xenc:CipherValue>');
    expect(html).not.toContain('Y2lwaGVyLXRleHQ=');
  });

  it.each([
    ['a DOCTYPE', (xml: string) => xml.replace('?>', '?><!DOCTYPE r [<!ENTITY s "x">]>')],
    ['CDATA', (xml: string) => xml.replace('http://www.okta.com/exk1', '<![CDATA[x]]>')],
    [
      'a signature value holding markup',
      (xml: string) => xml.replace(`\n${SAML_SIGNATURE}`, `<!-- -->${SAML_SIGNATURE}`),
    ],
    ['the name written elsewhere', (xml: string) => xml.replace('probe@acme.example', 'SignatureValue')],
    ['not XML', () => 'not a SAML message at all'],
  ])('blanks the whole response when it holds %s', (_what, edit) => {
    const html = shown(page(edit(samlResponse())));
    expect(html).toContain('name="SAMLResponse" type="hidden" value="[REDACTED]"');
    expect(html).not.toContain(SAML_SIGNATURE);
  });
});

describe('a hostile SAML message costs no more than its size to read', () => {
  const timed = (xml: string): { readonly readable: string | undefined; readonly ms: number } => {
    const started = performance.now();
    const readable = readableSaml('SAMLResponse', Buffer.from(xml).toString('base64'), (text) => text);
    return { readable, ms: performance.now() - started };
  };

  // Each took seconds on the old patterns while a HAR was built: the first grew exponentially with its comments (36
  // of them took minutes), the others with the square of their size. Each is given up whole, as fast as it is read.
  it.each([
    ['comments before no element', '<!---->'.repeat(30) + '!'],
    ['signature value tags never closed', '<ds:SignatureValue a'.repeat(9_800)],
    ['signature value tags closed only at its end', '<ds:SignatureValue a'.repeat(9_800) + '>'],
  ])('blanks %s at once', (_what, xml) => {
    const { readable, ms } = timed(xml);
    expect(readable).toBeUndefined();
    expect(ms).toBeLessThan(300);
  });

  it('still reads a message after comments, and its signature value with an attribute', () => {
    const xml = samlResponse()
      .replace('?>', '?><!-- a -- b --><!---->')
      .replace('<ds:SignatureValue>', '<ds:SignatureValue Id="s">');
    const { readable } = timed(xml);
    expect(readable).toContain('<ds:SignatureValue Id="s">[REDACTED]</ds:SignatureValue>');
    expect(readable).not.toContain(SAML_SIGNATURE);
  });
});

describe('cookies as the first characters of a keyed hash', () => {
  const exchanges = [
    {
      request: {
        method: 'GET',
        url: 'https://acme.okta.com/a',
        headers: { cookie: 'idx=session-one-value; DT=dev-1' },
      },
      outcome: answer(200, '', { 'set-cookie': ['idx=session-two-value; Path=/; Secure', 'JSESSIONID=; Max-Age=0'] }),
    },
    {
      request: {
        method: 'GET',
        url: 'https://acme.okta.com/b',
        headers: { cookie: 'idx=session-two-value; DT=dev-1' },
      },
      outcome: answer(200, ''),
    },
  ];
  const secrets = ['session-one-value', 'session-two-value'];
  const har = traceOf(exchanges, secrets);
  const [first, second] = har.log.entries;
  const value = (cookies: readonly { name: string; value: string }[] | undefined, name: string): string =>
    cookies?.find((c) => c.name === name)?.value ?? '';

  it('shows whether the same session was sent each time: equal values hash equal, others differ', () => {
    expect(value(first?.request.cookies, 'idx')).toMatch(/^\[hash:[0-9a-f]{12}\]$/);
    expect(value(first?.response.cookies, 'idx')).toBe(value(second?.request.cookies, 'idx'));
    expect(value(first?.request.cookies, 'idx')).not.toBe(value(second?.request.cookies, 'idx'));
    expect(value(first?.request.cookies, 'DT')).toBe(value(second?.request.cookies, 'DT'));
    expect(first?.request.headers).toContainEqual({
      name: 'cookie',
      value: `idx=${value(first?.request.cookies, 'idx')}; DT=${value(first?.request.cookies, 'DT')}`,
    });
    expect(first?.response.headers).toContainEqual({
      name: 'set-cookie',
      value: `idx=${value(first?.response.cookies, 'idx')}; Path=/; Secure`,
    });
  });

  it('keeps a cleared cookie empty, so Support sees it cleared', () => {
    expect(value(first?.response.cookies, 'JSESSIONID')).toBe('');
  });

  it('hashes under a key of its own file: the same cookie in another trace does not match', () => {
    const other = traceOf(exchanges, secrets);
    expect(value(other.log.entries[0]?.request.cookies, 'DT')).not.toBe(value(first?.request.cookies, 'DT'));
  });

  it('holds no cookie value', () => {
    for (const secret of [...secrets, 'dev-1']) expect(JSON.stringify(har)).not.toContain(secret);
  });
});
