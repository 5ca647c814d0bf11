import { describe, expect, it } from 'vitest';
import { harOf } from '../../../functions/har/build';
import { BULK_BODY_CHARS, HarCapture, MAX_EXCHANGES_PER_CHECK } from '../../../functions/har/capture';
import type { CheckResult, RecordedExchange } from '../../../functions/types';
import { sanitizeJson } from '../../../functions/har/sanitize';
import { harErrors } from '../../support/har-schema';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const CLIENT_SECRET = 'client-secret-value-123456';
const PASSWORD = 'Correct-Horse-Battery-9';
const ACCESS_TOKEN = 'eyJraWQiOiJrMSJ9.eyJzdWIiOiIwb2EifQ.c2lnbmF0dXJlLWJ5dGVz';

const failed = (server: string, check: CheckResult['check']): CheckResult => ({
  server,
  check,
  status: 'fail',
  latencyMs: 10,
  diagnosis: { code: 'TOTP_REJECTED', summary: 's', remedy: 'r', requestId: 'req-9' },
});

function exchange(
  partial: Partial<RecordedExchange> & Pick<RecordedExchange, 'request' | 'outcome'>,
): RecordedExchange {
  return { server: 'portal', check: 'sign-in', startedAt: T0, ...partial };
}
const answer = (status: number, body: string, headers: Record<string, string | string[]> = {}) => ({
  ok: true as const,
  response: { status, headers, body, bodyTruncated: false, timings: { connect: 3, tls: 4, ttfb: 30, total: 42 } },
});

/** A journey's exchanges as the probe sends and Okta answers them: a form post, a JSON post, an HTML page. */
function journey(capture: HarCapture): void {
  capture.record(
    exchange({
      startedAt: T0 + 2,
      request: {
        method: 'POST',
        url: 'https://acme.okta.com/idp/idx/challenge/answer',
        headers: { cookie: 'idx=abcdefgh12345678; DT=device-token-value-xyz' },
        json: { credentials: { passcode: '123456' }, stateHandle: '02stateHandleValue000' },
      },
      outcome: answer(
        401,
        JSON.stringify({
          stateHandle: '02stateHandleValue000',
          remediation: { value: [{ name: 'stateHandle', value: '02stateHandleValue000' }] },
          messages: { value: [{ message: 'Invalid code. Try again.', class: 'ERROR' }] },
        }),
        {
          'content-type': 'application/ion+json; okta-version=1.0.0',
          'x-okta-request-id': 'req-9',
          'set-cookie': ['sid=session-cookie-value; Path=/; Secure; HttpOnly', 'DT=new-device; Path=/'],
        },
      ),
    }),
    false,
  );
  capture.record(
    exchange({
      startedAt: T0,
      request: {
        method: 'POST',
        url: 'https://acme.okta.com/oauth2/default/v1/token',
        headers: { authorization: `Basic ${Buffer.from(`0oa1:${CLIENT_SECRET}`).toString('base64')}` },
        form: { grant_type: 'password', username: 'probe@acme.example', password: PASSWORD, scope: 'openid' },
      },
      outcome: answer(200, JSON.stringify({ access_token: ACCESS_TOKEN, token_type: 'Bearer' }), {
        'content-type': 'application/json',
      }),
    }),
    false,
  );
  capture.record(
    exchange({
      startedAt: T0 + 3,
      request: { method: 'GET', url: 'https://acme.okta.com/app/x/sso/saml?code=auth-code-value&RelayState=r1' },
      outcome: answer(
        200,
        '<form><input type="hidden" name="SAMLResponse" value="PHNhbWxwOlJlc3BvbnNlPg=="/>' +
          '<input value=\'tok-abcdefgh\' name="stateToken"></form><script>var stateToken = "00stateTok";</script>',
        { 'content-type': 'text/html;charset=utf-8', location: 'https://sp.example/acs?code=abc123&x=1' },
      ),
    }),
    false,
  );
}

describe('harOf', () => {
  const capture = new HarCapture();
  journey(capture);
  const secrets = [CLIENT_SECRET, PASSWORD, ACCESS_TOKEN];
  const har = harOf(failed('portal', 'sign-in'), capture, secrets);
  const text = JSON.stringify(har);

  it('is a HAR 1.2 document of the check exchanges, in the order they were sent, with Okta request ids', () => {
    expect(harErrors(har)).toEqual([]);
    expect(har?.log.version).toBe('1.2');
    expect(har?.log.entries.map((e) => new URL(e.request.url).pathname)).toEqual([
      '/oauth2/default/v1/token',
      '/idp/idx/challenge/answer',
      '/app/x/sso/saml',
    ]);
    expect(har?.log.entries[1]?.response.headers).toContainEqual({ name: 'x-okta-request-id', value: 'req-9' });
    expect(har?.log.entries[0]?.timings).toEqual({ connect: 7, ssl: 4, send: 0, wait: 23, receive: 12 });
    expect(har?.log.comment).toMatch(/^portal\/sign-in TOTP_REJECTED\. Sanitized as Okta's case-upload sanitizer does/);
  });

  it('keeps every name and replaces every credential value: fields, parameters, headers, cookies, forms', () => {
    for (const value of [
      CLIENT_SECRET,
      PASSWORD,
      ACCESS_TOKEN,
      '123456',
      '02stateHandleValue000',
      'abcdefgh12345678',
      'device-token-value-xyz',
      'session-cookie-value',
      'new-device',
      'PHNhbWxwOlJlc3BvbnNlPg==',
      'tok-abcdefgh',
      '00stateTok',
      'auth-code-value',
      'abc123',
    ])
      expect(text, value).not.toContain(value);
    for (const name of ['passcode', 'stateHandle', 'password', 'access_token', 'SAMLResponse', 'idx', 'DT', 'sid'])
      expect(text, name).toContain(name);
    expect(har?.log.entries[1]?.request.cookies).toEqual([
      { name: 'idx', value: expect.stringMatching(/^\[hash:[0-9a-f]{12}\]$/) },
      { name: 'DT', value: expect.stringMatching(/^\[hash:[0-9a-f]{12}\]$/) },
    ]);
    expect(har?.log.entries[1]?.response.headers).toContainEqual({
      name: 'set-cookie',
      value: expect.stringMatching(/^sid=\[hash:[0-9a-f]{12}\]; Path=\/; Secure; HttpOnly$/),
    });
    // What is not a credential stays, for Support to read: the user, the scope, Okta's message, RelayState.
    expect(text).toContain('probe@acme.example');
    expect(text).toContain('Invalid code. Try again.');
    expect(har?.log.entries[2]?.request.queryString).toContainEqual({ name: 'RelayState', value: 'r1' });
    expect(har?.log.entries[2]?.response.redirectURL).toBe('https://sp.example/acs?code=%5BREDACTED%5D&x=1');
  });

  it('builds nothing for a check that passed, or one that sent nothing', () => {
    expect(
      harOf({ ...failed('portal', 'sign-in'), status: 'pass', diagnosis: null }, capture, secrets),
    ).toBeUndefined();
    expect(harOf(failed('mobile', 'sign-in'), capture, secrets)).toBeUndefined();
  });

  it("holds a derived check's own exchanges and those of the checks it needs", () => {
    const own = new HarCapture();
    own.record(
      exchange({
        server: 'default',
        check: 'keys',
        request: { method: 'GET', url: 'https://a.example/k' },
        outcome: answer(200, '{}'),
      }),
      false,
    );
    own.record(
      exchange({
        server: 'default',
        check: 'authorize',
        request: { method: 'GET', url: 'https://a.example/a' },
        outcome: answer(200, ''),
      }),
      false,
    );
    const validate = harOf(failed('default', 'validate'), own, []);
    expect(validate?.log.entries.map((e) => e.request.url)).toEqual(['https://a.example/k']);
  });

  it('records a transport failure as an entry with no answer, its error said', () => {
    const own = new HarCapture();
    own.record(
      exchange({
        request: { method: 'GET', url: 'https://acme.okta.com/x' },
        outcome: {
          ok: false,
          failure: { kind: 'timeout', message: 'no answer within 2000 ms', timings: { total: 2001 } },
        },
      }),
      false,
    );
    const trace = harOf(failed('portal', 'sign-in'), own, []);
    expect(harErrors(trace)).toEqual([]);
    expect(trace?.log.entries[0]?.response).toMatchObject({ status: 0, _error: 'timeout: no answer within 2000 ms' });
  });

  it('withholds an entry whose text still reveals a secret once sanitized, rather than send it', () => {
    const own = new HarCapture();
    // A secret as a header's name: names are kept, so only withholding the entry hides it.
    own.record(
      exchange({
        request: { method: 'POST', url: 'https://acme.okta.com/x', form: { note: 'plain' } },
        outcome: answer(200, 'ok', { [`x-${CLIENT_SECRET}`]: '1' }),
      }),
      false,
    );
    const trace = JSON.stringify(harOf(failed('portal', 'sign-in'), own, [CLIENT_SECRET]));
    expect(trace).not.toContain(CLIENT_SECRET);
    expect(trace).toContain('withheld');
    expect(trace).not.toContain('plain');
  });
});

describe('HarCapture', () => {
  it('keeps a bounded number of exchanges per check and says how many more there were', () => {
    const capture = new HarCapture();
    const one = exchange({ request: { method: 'GET', url: 'https://a.example/' }, outcome: answer(200, '') });
    for (let i = 0; i < MAX_EXCHANGES_PER_CHECK + 5; i++) capture.record(one, false);
    expect(capture.exchangesOf('portal', ['sign-in'])).toMatchObject({ dropped: 5 });
    expect(capture.exchangesOf('portal', ['sign-in']).exchanges).toHaveLength(MAX_EXCHANGES_PER_CHECK);
    expect(harOf(failed('portal', 'sign-in'), capture, [])?.log.comment).toContain('5 more exchanges');
  });

  it("keeps a catalogue's answers short, so a trace never holds what the run let go", () => {
    const capture = new HarCapture();
    const big = 'x'.repeat(BULK_BODY_CHARS * 10);
    capture.record(
      exchange({ request: { method: 'GET', url: 'https://a.example/' }, outcome: answer(200, big) }),
      true,
    );
    const [kept] = capture.exchangesOf('portal', ['sign-in']).exchanges;
    expect(kept?.outcome.ok && kept.outcome.response.body.length).toBe(BULK_BODY_CHARS);
    expect(kept?.outcome.ok && kept.outcome.response.bodyTruncated).toBe(true);
  });
});

describe('sanitizeJson', () => {
  const NO_SECRETS = { secrets: [], key: Buffer.alloc(32) };
  it('replaces a secret member holding a list, walks one holding an object, keeps a flag', () => {
    expect(
      sanitizeJson(
        { token: ['unknown-value-1', { nested: 'x' }], credentials: { passcode: 123456 }, secret: true, name: 'a' },
        NO_SECRETS,
      ),
    ).toEqual({
      token: ['[REDACTED]', { nested: 'x' }],
      credentials: { passcode: '[REDACTED]' },
      secret: true,
      name: 'a',
    });
  });

  it('withholds an answer too deep or too large to walk rather than walk it', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100; i++) deep = { next: deep };
    expect(sanitizeJson(deep, NO_SECRETS)).toBeUndefined();
    expect(
      sanitizeJson(
        Array.from({ length: 60_000 }, () => 1),
        NO_SECRETS,
      ),
    ).toBeUndefined();
  });
});

describe("a passkey's answer and a sessionToken's address in a HAR", () => {
  const SESSION_TOKEN = '20111sessionTokenValue0123456789';
  const CLIENT_DATA = 'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoiY2gifQ';
  const AUTHENTICATOR_DATA = 'SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ';
  const SIGNATURE = 'MEUCIQDsignatureBytesOfThePasskey0123456789abcdefABCDEF';
  const capture = new HarCapture();
  capture.record(
    exchange({
      request: {
        method: 'POST',
        url: 'https://acme.okta.com/idp/idx/challenge/answer',
        json: {
          credentials: { clientData: CLIENT_DATA, authenticatorData: AUTHENTICATOR_DATA, signatureData: SIGNATURE },
          stateHandle: '02stateHandleValue000',
        },
      },
      outcome: answer(400, '{}', { 'content-type': 'application/json' }),
    }),
    false,
  );
  capture.record(
    exchange({
      startedAt: T0 + 1,
      request: {
        method: 'GET',
        url:
          `https://acme.okta.com/login/sessionCookieRedirect?token=${SESSION_TOKEN}&redirectUrl=` +
          encodeURIComponent(`https://acme.okta.com/app/x?sessionToken=${SESSION_TOKEN}`) +
          `#sessionToken=${SESSION_TOKEN}`,
      },
      outcome: answer(302, '', { location: `https://sp.example/cb?next=/x%3FsessionToken%3D${SESSION_TOKEN}` }),
    }),
    false,
  );
  const har = harOf(failed('portal', 'sign-in'), capture, [SESSION_TOKEN]);
  const text = JSON.stringify(har);

  it('keeps no clientData, authenticatorData or signatureData, only their names', () => {
    for (const value of [CLIENT_DATA, AUTHENTICATOR_DATA, SIGNATURE]) expect(text, value).not.toContain(value);
    expect(har?.log.entries[0]?.request.postData?.text).toContain('"clientData":"[REDACTED]"');
  });

  it('writes the sessionToken address as a URI: the HAR schema accepts it, no raw bracket, no token', () => {
    expect(harErrors(har)).toEqual([]);
    expect(text).not.toContain(SESSION_TOKEN);
    for (const url of [har?.log.entries[1]?.request.url ?? '', har?.log.entries[1]?.response.redirectURL ?? '']) {
      expect(url).not.toMatch(/[[\]\s]/);
      expect(url).toContain('%5BREDACTED%5D');
    }
  });
});
