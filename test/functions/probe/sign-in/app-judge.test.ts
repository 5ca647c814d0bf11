// The app-sign-in check's judge: the app's answer by the config's success condition, and a refusal told in the seed's
// order (Okta's part first, then the app's words, then what Okta gave it), each code naming its value, owned by the
// app.
import { describe, expect, it } from 'vitest';
import { judgeAppSignIn, type AppVisit } from '../../../../functions/probe/sign-in/app-judge';
import { verdictOf } from '../../../../functions/plan/verdict';
import { userMasked } from '../../../../functions/probe/sign-in/app-evidence';
import type { AppConfig } from '../../../../functions/types';
import type { DiagnosisCode } from '../../../../functions/contract';

const OIDC: AppConfig = {
  name: 'Expenses',
  protocol: 'oidc',
  loginUrl: 'http://127.0.0.1:1/login',
  success: { path: '/home', cookie: 'app_session' },
  claims: ['email'],
};
const SAML: AppConfig = { ...OIDC, name: 'Wiki', protocol: 'saml', claims: [] };
const ID_TOKEN = {
  aud: '0oaExpenses',
  claims: ['iss', 'aud', 'sub', 'email', 'exp'],
  sub: '00uSynthetic',
  accessAud: 'api://default',
};
const redirect = { kind: 'redirect', code: true } as const;
const post = {
  kind: 'post',
  assertion: {
    audience: 'https://wiki.example/sp',
    recipient: 'http://127.0.0.1:1/acs',
    nameId: 'synthetic.user@acme.example',
    notBefore: '2026-11-28T07:00:00Z',
    notOnOrAfter: '2026-11-28T07:05:00Z',
    certificate: 'AB:CD',
    attributes: ['email'],
  },
} as const;
/** The app's Date header `ahead` seconds off the walk's clock, the walk's mid-way through the assertion's validity. */
const clockAt = (ahead: number) => {
  const receivedAt = Date.parse('2026-11-28T07:02:30Z');
  return { date: new Date(receivedAt + ahead * 1000).toUTCString(), receivedAt };
};
const refused = (words: string, status = 401): NonNullable<AppVisit['answer']> => ({
  status,
  path: '/callback',
  words,
  cookies: [],
});

/** A failure's code and detail, and whose the registry says it is. */
function failure(judgement: ReturnType<typeof judgeAppSignIn>): { code: DiagnosisCode; detail: string; owner: string } {
  if ('notRun' in judgement || judgement.diagnosis === null) throw new Error('expected a failure');
  const { code, detail } = judgement.diagnosis;
  return { code, detail: detail ?? '', owner: verdictOf('app-sign-in', code).owner };
}

describe('judgeAppSignIn', () => {
  it('passes when every success condition holds: the landing path and the cookie by its name', () => {
    const judgement = judgeAppSignIn(
      OIDC,
      { handOff: redirect, answer: { status: 200, path: '/home', words: 'Welcome', cookies: ['app_session'] } },
      ID_TOKEN,
    );

    expect('notRun' in judgement ? 'not run' : judgement.diagnosis).toBeNull();
  });

  it('reports APP_AUDIENCE_MISMATCH naming the aud Okta issued, the app as owner', () => {
    const found = failure(
      judgeAppSignIn(
        OIDC,
        // openid-client 5, lib/client.js: its ID token check, as the app shows its error.
        { handOff: redirect, answer: refused('aud mismatch, expected api://expenses, got: 0oaExpenses') },
        ID_TOKEN,
      ),
    );

    expect(found.code).toBe('APP_AUDIENCE_MISMATCH');
    expect(found.owner).toBe('app');
    expect(found.detail).toMatch(/^Okta's part succeeded \(its redirect with a code left Okta for the app\)/);
    expect(found.detail).toContain('the ID token Okta issues for the app has aud "0oaExpenses"');
    expect(found.detail).toContain('and the access token aud "api://default"; it expects "api://expenses"');
  });

  it("carries the request id of Okta's hand-off and the app's client, what the System Log's events are read by", () => {
    const handOff = { ...redirect, requestId: 'reqAuthorizeHop1', clientId: '0oaExpenses' };
    const judgement = judgeAppSignIn(OIDC, { handOff, answer: refused('Invalid audience') }, ID_TOKEN);
    const healthy = judgeAppSignIn(
      OIDC,
      { handOff, answer: { status: 200, path: '/home', words: 'Welcome', cookies: ['app_session'] } },
      ID_TOKEN,
    );

    expect('notRun' in judgement ? undefined : judgement.diagnosis?.requestId).toBe('reqAuthorizeHop1');
    expect('notRun' in judgement ? undefined : judgement.observed).toMatchObject({ clientId: '0oaExpenses' });
    expect('notRun' in healthy ? 'not run' : healthy.diagnosis).toBeNull();
  });

  it('reports APP_CLAIM_MISSING naming the claim the app needs and the ID token lacks, whatever the app says', () => {
    const found = failure(
      judgeAppSignIn(OIDC, { handOff: redirect, answer: refused('Unauthorized') }, { ...ID_TOKEN, claims: ['sub'] }),
    );

    expect(found.code).toBe('APP_CLAIM_MISSING');
    expect(found.owner).toBe('app');
    expect(found.detail).toContain('The app needs "email", which the ID token lacks');
  });

  it("reports APP_CLAIM_MISSING naming the claim from the app's words when Okta issues it to the journey", () => {
    const found = failure(
      judgeAppSignIn(OIDC, { handOff: redirect, answer: refused('required claim email is missing') }, ID_TOKEN),
    );

    expect(found.code).toBe('APP_CLAIM_MISSING');
    expect(found.detail).toContain('It says a claim it needs is missing ("email")');
    expect(found.detail).toContain("the app's own request leaves out its scope");
  });

  it('reports APP_UNAVAILABLE when the app fails before it sends the browser to Okta', () => {
    const found = failure(judgeAppSignIn(OIDC, { answer: refused('Service Unavailable', 503) }));

    expect(found.code).toBe('APP_UNAVAILABLE');
    expect(found.detail).toMatch(/^Okta was not reached: Expenses failed before sending the browser there/);
  });

  it('reports APP_CERTIFICATE_PINNED naming the certificate the assertion is signed with', () => {
    const found = failure(
      // node-saml, src/saml.ts.
      judgeAppSignIn(SAML, { handOff: post, answer: refused('Invalid signature', 403) }),
    );

    expect(found.code).toBe('APP_CERTIFICATE_PINNED');
    expect(found.owner).toBe('app');
    expect(found.detail).toContain('Okta signs with the certificate SHA-256 AB:CD');
    expect(found.detail).toMatch(/^Okta's part succeeded \(its assertion was posted to the app\)/);
  });

  it("reports APP_CLOCK_SKEW naming the assertion's validity and the app's clock, ten minutes ahead", () => {
    // node-saml, src/saml.ts; the app's Date header ten minutes ahead of the walk's, mid-way through the validity.
    const answer = { ...refused('SAML assertion expired: clocks skewed too much', 403), clock: clockAt(600) };
    const found = failure(judgeAppSignIn(SAML, { handOff: post, answer }));

    expect(found.code).toBe('APP_CLOCK_SKEW');
    expect(found.detail).toContain('valid from 2026-11-28T07:00:00Z to 2026-11-28T07:05:00Z');
    expect(found.detail).toContain("Wiki's clock (its answer's Date header) is 600 s ahead of the walk's");
  });

  it('reports APP_UNKNOWN_USER naming the user Okta named, masked as every finding masks it', () => {
    // Spring Security's JdbcDaoImpl ("Username {0} not found"), the app echoing the NameID it looked up.
    const words = 'Username synthetic.user@acme.example not found';
    const found = failure(judgeAppSignIn(SAML, { handOff: post, answer: refused(words, 403) }));

    expect(found.code).toBe('APP_UNKNOWN_USER');
    expect(found.detail).toContain('no account for the user Okta named (s***@acme.example)');
    expect(found.detail).toContain('"Username s***@acme.example not found"');
    expect(found.detail).not.toContain('synthetic.user');
  });

  it("masks the synthetic user's name wherever the app's words echo it, in any case", () => {
    const words = 'Hello Synthetic.User@ACME.example: synthetic.user@acme.example has no account';

    expect(userMasked(words, 'synthetic.user@acme.example')).toBe(
      'Hello s***@acme.example: s***@acme.example has no account',
    );
    expect(userMasked(words, undefined)).toBe(words);
  });

  it("reports APP_UNAVAILABLE for the app's 5xx and for no answer: the app's, never Okta's", () => {
    const down = failure(judgeAppSignIn(OIDC, { handOff: redirect, answer: refused('Service Unavailable', 503) }));
    const silent = failure(judgeAppSignIn(OIDC, { handOff: redirect, noAnswer: 'no answer within 8 s' }));

    expect([down.code, down.owner, silent.code, silent.owner]).toEqual([
      'APP_UNAVAILABLE',
      'app',
      'APP_UNAVAILABLE',
      'app',
    ]);
    expect(down.detail).toContain('Expenses answered 503');
  });

  it('reports APP_REDIRECTED_AWAY naming the third origin, not followed', () => {
    const found = failure(judgeAppSignIn(OIDC, { away: 'https://idp.elsewhere.example/choose' }));

    expect(found.code).toBe('APP_REDIRECTED_AWAY');
    expect(found.detail).toBe('Expenses sent the browser to https://idp.elsewhere.example/choose: not followed');
  });

  it("reports APP_SIGN_IN_REFUSED with the app's words and what Okta gave it when nothing names the cause", () => {
    const found = failure(judgeAppSignIn(OIDC, { handOff: redirect, answer: refused('Nope') }, ID_TOKEN));

    expect(found.code).toBe('APP_SIGN_IN_REFUSED');
    expect(found.detail).toContain(
      'Expenses landed on /callback, not /home; answered 401; set no cookie named app_session',
    );
    expect(found.detail).toContain('the ID token Okta issues for the app has aud "0oaExpenses"');
  });

  // Okta's refusal of the app's own request is a failure by Okta's catalogue (app-okta-refusal.test.ts), never a skip.
  it("fails, never skips, when Okta's redirect to the app carried an error in place of the code", () => {
    const judgement = judgeAppSignIn(OIDC, {
      handOff: { kind: 'redirect', code: false, error: 'access_denied' },
      answer: refused('Sign-in failed: access_denied', 200),
    });

    expect('notRun' in judgement ? judgement.reason : judgement.diagnosis?.detail).toBe(
      "Okta refused Expenses's own sign-in request: its redirect to the app carried error=access_denied",
    );
  });
});
