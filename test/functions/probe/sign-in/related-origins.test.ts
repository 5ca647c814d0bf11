// Related origins (WebAuthn Level 3 §5.11; okta-developer-docs guides/custom-passkeys): the RP ID's
// /.well-known/webauthn read as a browser reads it, every answer hostile; and the passkey's answer that honours it.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HttpOutcome } from '../../../../functions/probe/http';
import { passkeyAnswer } from '../../../../functions/probe/sign-in/passkey';
import { judgeRelatedOrigins, wellKnownUrl } from '../../../../functions/probe/sign-in/related-origins';
import { answer } from '../fixtures';

const URL_ = 'https://globex.com/.well-known/webauthn';
const ORIGIN = 'https://globex.okta.com';
const JSON_TYPE = { 'content-type': 'application/json' };
const ok = (body: unknown, headers: Record<string, string> = JSON_TYPE): HttpOutcome => ({
  ok: true,
  response: answer(200, body, headers),
});
const judge = (outcome: HttpOutcome) => judgeRelatedOrigins(outcome, { url: URL_, origin: ORIGIN });
const problem = (outcome: HttpOutcome): string => {
  const judged = judge(outcome);
  if (!('problem' in judged)) throw new Error('expected a problem');
  return judged.problem;
};

describe('the related origins file', () => {
  it("accepts the Okta guide's file that names the org's Okta URL", () => {
    expect(judge(ok({ origins: ['https://globex-apac.com', 'https://globex.okta.com'] }))).toEqual({ related: true });
    expect(judge(ok({ origins: [ORIGIN] }, { 'content-type': 'application/json; charset=utf-8' }))).toEqual({
      related: true,
    });
  });

  it('names the origin exactly: another scheme, port or host is not the org', () => {
    for (const other of ['http://globex.okta.com', 'https://globex.okta.com:8443', 'https://globex.oktapreview.com'])
      expect(problem(ok({ origins: [other] }))).toContain(`does not name ${ORIGIN}`);
  });

  it('counts no further than five registrable labels, as a browser does', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((l) => `https://${l}.example`);
    expect(problem(ok({ origins: [...five, ORIGIN] }))).toMatch(/does not name.*and 3 more/);
    // Several origins under one registrable domain count once.
    const sameLabel = ['https://a.example', 'https://b.a.example', 'https://c.a.example', 'https://x.co.uk'];
    expect(judge(ok({ origins: [...sameLabel, 'https://y.co.uk', 'https://z.example', ORIGIN] }))).toEqual({
      related: true,
    });
  });

  it.each([
    ['a redirect', { ok: true, response: answer(302, '', { location: 'https://evil.example/' }) }, /redirect \(302\)/],
    ['a 404', { ok: true, response: answer(404, { errorCode: 'E0000007' }, JSON_TYPE) }, /HTTP 404/],
    ['HTML', ok('<html></html>', { 'content-type': 'text/html' }), /"text\/html", not application\/json/],
    ['no media type', ok({ origins: [ORIGIN] }, {}), /no media type/],
    ['not JSON', ok('{"origins": [', JSON_TYPE), /not a JSON object with an "origins" list/],
    ['a list', ok([ORIGIN]), /not a JSON object/],
    ['origins of numbers', ok({ origins: [1, 2] }), /"origins" list of strings/],
    ['an empty list', ok({ origins: [] }), /its list is empty/],
    ['over 100 KB', ok({ origins: [ORIGIN], pad: 'x'.repeat(101 * 1024) }), /larger than a well-known file/],
    [
      'no answer',
      { ok: false, failure: { kind: 'network', message: 'ENOTFOUND', timings: { total: 1 } } },
      /ENOTFOUND/,
    ],
  ] as [string, HttpOutcome, RegExp][])('refuses %s, saying why', (_, outcome, why) => {
    expect(problem(outcome)).toMatch(why);
  });

  it('quotes at most three origins, each cut at 60 characters', () => {
    const origins = Array.from({ length: 9 }, (_, i) => `https://${'x'.repeat(200)}${i}.example`);
    const text = problem(ok({ origins }));
    expect(text).toMatch(/and 6 more\)$/);
    expect(text.length).toBeLessThan(350);
  });

  it('is fetched at https://<RP ID>/.well-known/webauthn, but from the simulator on loopback', () => {
    expect(wellKnownUrl('globex.com', 'https://globex.okta.com')).toBe(URL_);
    expect(wellKnownUrl('localhost', 'http://127.0.0.1:4000')).toBe('http://localhost:4000/.well-known/webauthn');
    // A real domain is never fetched over plain http, even from a loopback org.
    expect(wellKnownUrl('globex.com', 'http://127.0.0.1:4000')).toBe(URL_);
  });
});

describe("the passkey's answer for an RP ID outside the org's domain", () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const passkey = {
    credentialId: 'Y3JlZGVudGlhbC1pZC0x',
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    rpId: 'globex.com',
  };
  const challenge = { challenge: 'zrTo0mMXyCt90mweh2HL' };
  const answering = (file: HttpOutcome, fetched: string[], counted: number[]) => ({
    orgUrl: ORIGIN,
    counter: () => {
      counted.push(1);
      return Promise.resolve(7);
    },
    wellKnown: (url: string) => {
      fetched.push(url);
      return Promise.resolve(file);
    },
  });

  it('signs at the org origin when the RP ID names it a related origin', async () => {
    const fetched: string[] = [];
    const counted: number[] = [];
    const made = await passkeyAnswer(passkey, challenge, answering(ok({ origins: [ORIGIN] }), fetched, counted));
    expect(made).toHaveProperty('credentials');
    expect(fetched).toEqual([URL_]);
    const clientData = JSON.parse(
      Buffer.from((made as { credentials: { clientData: string } }).credentials.clientData, 'base64url').toString(),
    ) as { origin: string };
    expect(clientData.origin).toBe(ORIGIN);
  });

  it('refuses, naming the file, what it lists and the origin to add, before a counter is spent', async () => {
    const counted: number[] = [];
    const made = await passkeyAnswer(
      passkey,
      challenge,
      answering(ok({ origins: ['https://globex-apac.com'] }), [], counted),
    );
    expect(made).toMatchObject({
      verdict: {
        diagnosis: {
          code: 'PASSKEY_REFUSED',
          detail: expect.stringMatching(
            new RegExp(
              'https://globex\\.com/\\.well-known/webauthn does not name https://globex\\.okta\\.com.*' +
                '"https://globex-apac\\.com".*add https://globex\\.okta\\.com to the related origins of ' +
                'globex\\.com.*nothing was signed',
            ),
          ),
        },
      },
    });
    expect(counted).toEqual([]);
    // Whole within what every report keeps of a detail (the scrubber's 500 characters).
    expect((made as { verdict: { diagnosis: { detail: string } } }).verdict.diagnosis.detail.length).toBeLessThan(500);
  });

  it("fetches nothing for the org's own domain or a suffix of it", async () => {
    const fetched: string[] = [];
    const made = await passkeyAnswer({ ...passkey, rpId: 'okta.com' }, challenge, answering(ok({}), fetched, []));
    expect(made).toHaveProperty('credentials');
    expect(fetched).toEqual([]);
  });
});
