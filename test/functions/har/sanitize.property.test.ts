// Random secrets through every kind of exchange a failing journey, SAML app and token check has, in every encoding an
// answer may give them: none survives into the HAR. Two kinds of secret: one the run knows (a client secret, a
// password, a token it obtained), which may turn up anywhere (an echoed error, a page, a header) in any encoding; and
// one it cannot know (a session cookie, a state handle, a one-time code, a SAML response), travelling under its name.
// A JWT's claims and a SAML response's content are kept for Support to read: a known secret planted in them goes all
// the same, and their signatures (unknown) never show.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harOf } from '../../../functions/har/build';
import { HarCapture } from '../../../functions/har/capture';
import type { CheckResult, RecordedExchange } from '../../../functions/types';
import { ENCODINGS } from '../../support/encodings';
import { stringsOf } from '../../support/strings-of';
import { harErrors } from '../../support/har-schema';

const RUNS = { numRuns: 50 };
const secretArb = fc.stringMatching(/^[A-Za-z0-9_~.-]{12,40}$/);
const unknownArb = fc.stringMatching(/^[A-Za-z0-9]{16,40}$/);

const answer = (status: number, body: string, headers: Record<string, string | string[]>) => ({
  ok: true as const,
  response: { status, headers, body, bodyTruncated: false, timings: { total: 20, ttfb: 15 } },
});

const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A response whose assertion carries `encoded` as an attribute and `unknown` as its signature value. */
const samlResponse = (unknown: string, encoded: string): string =>
  Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol">' +
      `<ds:Signature><ds:SignatureValue>${unknown}</ds:SignatureValue></ds:Signature><saml2:Assertion>` +
      '<saml2:Audience>https://sp.example</saml2:Audience><saml2:AttributeValue>' +
      `${encoded}</saml2:AttributeValue></saml2:Assertion></saml2p:Response>`,
  ).toString('base64');

/** A journey's, a SAML app's and a token check's exchanges, carrying `known` encoded and `unknown` under its names. */
function exchanges(known: string, unknown: string, encoded: string): RecordedExchange[] {
  const base = { server: 'portal', check: 'sign-in' as const, startedAt: 0 };
  const idToken = `${segment({ alg: 'RS256' })}.${segment({ aud: '0oa1', note: encoded })}.${unknown}`;
  return [
    {
      ...base,
      request: {
        method: 'POST',
        url: `https://acme.okta.com/oauth2/v1/token?sessionToken=${unknown}&note=${encodeURIComponent(encoded)}`,
        headers: { authorization: `Bearer ${unknown}`, cookie: `sid=${unknown}; DT=${unknown}`, 'x-note': encoded },
        form: {
          client_secret: known,
          client_assertion: unknown,
          refresh_token: unknown,
          password: unknown,
          code: unknown,
          code_verifier: unknown,
          note: encoded,
        },
      },
      outcome: answer(
        400,
        JSON.stringify({
          error: 'invalid_grant',
          error_description: `refused ${encoded}`,
          id_token: unknown,
          access_token: unknown,
          refresh_token: unknown,
        }),
        {
          'content-type': 'application/json',
          'set-cookie': [`idx=${unknown}; Path=/`],
          location: `/x?code=${unknown}`,
        },
      ),
    },
    {
      ...base,
      request: {
        method: 'POST',
        url: 'https://acme.okta.com/idp/idx/challenge/answer',
        json: { credentials: { passcode: unknown }, stateHandle: unknown, note: encoded },
      },
      outcome: answer(
        401,
        JSON.stringify({
          stateHandle: unknown,
          remediation: { value: [{ name: 'stateHandle', value: unknown, visible: false }] },
          messages: { value: [{ message: `Invalid ${encoded}` }] },
        }),
        { 'content-type': 'application/ion+json; okta-version=1.0.0' },
      ),
    },
    {
      ...base,
      request: { method: 'GET', url: `https://acme.okta.com/app/x/sso/saml?stateToken=${unknown}` },
      outcome: answer(
        200,
        `<form><input type="hidden" name="SAMLResponse" value="${unknown}"/>` +
          `<input name='RelayState' value='r'></form><p>${encoded}</p>` +
          `<script>var config = { "stateToken": "${unknown}" };</script>`,
        { 'content-type': 'text/html;charset=utf-8', 'x-echo': encoded },
      ),
    },
    {
      ...base,
      // Classic authn's factor verify: the TOTP code and the transaction's state token, and the session token back.
      request: {
        method: 'POST',
        url: 'https://acme.okta.com/api/v1/authn/factors/ost1/verify',
        json: { stateToken: unknown, passCode: unknown, note: encoded },
      },
      outcome: answer(200, JSON.stringify({ status: 'SUCCESS', sessionToken: unknown, stateToken: unknown }), {
        'content-type': 'application/json',
      }),
    },
    {
      ...base,
      request: { method: 'GET', url: 'https://acme.okta.com/api/v1/users/me' },
      outcome: answer(500, `error ${encoded}`, { 'content-type': 'text/plain' }),
    },
    {
      ...base,
      request: { method: 'GET', url: 'https://api.example/x', headers: { authorization: `Bearer ${idToken}` } },
      outcome: answer(200, JSON.stringify({ id_token: idToken }), { 'content-type': 'application/json' }),
    },
    {
      ...base,
      request: { method: 'GET', url: 'https://acme.okta.com/app/x/sso/saml' },
      outcome: answer(200, `<input name="SAMLResponse" value="${samlResponse(unknown, encoded)}"/>`, {
        'content-type': 'text/html',
      }),
    },
  ];
}

const failed: CheckResult = {
  server: 'portal',
  check: 'sign-in',
  status: 'fail',
  latencyMs: 1,
  diagnosis: { code: 'SIGN_IN_REJECTED', summary: 's', remedy: 'r', requestId: null },
};

describe('a HAR of random secrets', () => {
  it.each(Object.keys(ENCODINGS))('holds none of them, a known secret %s anywhere, an unknown one by name', (name) => {
    const encoding = ENCODINGS[name]!;
    fc.assert(
      fc.property(secretArb, unknownArb, fc.nat(), (known, unknown, at) => {
        const encoded = encoding.encode(known, 1 + (at % (known.length - 1)));
        const capture = new HarCapture();
        for (const exchange of exchanges(known, unknown, encoded)) capture.record(exchange, false);
        const har = harOf(failed, capture, [known]);
        expect(harErrors(har)).toEqual([]);
        // Each string that holds a secret, found first and asserted once: an expect a string cost most of the run.
        const leaks = stringsOf(har).filter(
          (text) => text.includes(unknown) || text.includes(known) || encoding.decode(text).includes(known),
        );
        expect(leaks).toEqual([]);
        // Sanitizing replaced, never dropped: the seven exchanges and their names are all there, and what Support
        // reads is read (nothing withheld).
        expect(har?.log.entries).toHaveLength(7);
        const text = JSON.stringify(har);
        expect(text).not.toContain('withheld');
        expect(text).toContain('\\"aud\\":\\"0oa1\\"');
        expect(text).toContain('&lt;saml2:Audience&gt;https://sp.example&lt;/saml2:Audience&gt;');
      }),
      RUNS,
    );
  });
});
