// The browser walk reads the page by the IDX answers the widget receives, judged as the idx flow judges them: on
// Okta's real answers (the Sign-In Widget's playground mocks in test/data/okta-idx-responses.json), which form the
// walk answers, where on the page (generation-neutral markup: input names, type=submit, data-se), what it tells the
// journey, and what stops it. A refusal is judged by its i18n key, in whatever language its message is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { controlOf, type PageMove, type WalkTold } from '../../../../functions/probe/sign-in/flows/browser/answers';
import { classicSignIn } from '../../../../functions/probe/sign-in/flows/browser/classic';
import {
  PageAnswers,
  type AnsweredResponse,
  type PageAnswer,
} from '../../../../functions/probe/sign-in/flows/browser/page-answers';
import { PageReading } from '../../../../functions/probe/sign-in/flows/browser/reading';
import type { PasswordAnswer, StepAnswer } from '../../../../functions/probe/sign-in/guard-outcomes';
import type { EnrollGrace } from '../../../../functions/probe/sign-in/enroll-grace';
import { CLASSIC_CODE_FORM } from '../../../../functions/probe/sign-in/flows/browser/totp';

const DATA = JSON.parse(readFileSync(new URL('../../../data/okta-idx-responses.json', import.meta.url), 'utf8')) as {
  responses: Record<string, { readonly status: number; readonly body: Record<string, unknown> }>;
};
const ORG = 'http://localhost:3000';

let index = 0;
/** A recorded answer as the page received it (its body rewritten by `change`, when given). */
function answered(name: string, change: (body: Record<string, unknown>) => Record<string, unknown> = (b) => b) {
  const found = DATA.responses[name];
  if (found === undefined) throw new Error(`no ${name} in okta-idx-responses.json`);
  const answer: PageAnswer = {
    index: index++,
    path: '/idp/idx/introspect',
    response: {
      status: found.status,
      headers: {},
      body: JSON.stringify(change(structuredClone(found.body))),
      bodyTruncated: false,
      requestId: null,
      timings: { total: 0 },
      receivedAt: 0,
    },
  };
  return answer;
}

function told(over: Partial<WalkTold> = {}) {
  const heard = {
    password: [] as PasswordAnswer[],
    totp: [] as StepAnswer[],
    expiry: [] as (number | null)[],
    graces: [] as (readonly EnrollGrace[])[],
  };
  const io: WalkTold = {
    hasTotpSecret: true,
    passwordStep: (a) => heard.password.push(a),
    totpAnswer: (a) => heard.totp.push(a),
    passwordExpiry: (d) => heard.expiry.push(d),
    enrollGrace: (g) => heard.graces.push(g),
    ...over,
  };
  return { io, heard };
}

const acts = (move: PageMove) => {
  if (move.kind !== 'act') throw new Error(`not a move to make: ${JSON.stringify(move)}`);
  return move;
};

describe('the walk reads the widget by its IDX answers', () => {
  it('identifies, then types the password into the password challenge, by input name and type=submit', () => {
    const { io, heard } = told();
    const reading = new PageReading(io, ORG);
    const identify = acts(reading.judge(answered('identify'), 'at the first form'));
    expect(identify.control).toMatchObject({ fill: [{ field: 'identifier', value: 'username' }], press: 'submit' });
    reading.acted(identify.move);
    const password = acts(reading.judge(answered('authenticator-verification-password'), 'after the identifier'));
    expect(password.control.fill).toEqual([{ field: 'credentials.passcode', value: 'password' }]);
    reading.acted(password.move);
    // The answer after the password asks for a TOTP authenticator: the password was accepted, told once.
    const select = acts(
      reading.judge(answered('authenticator-verification-select-authenticator'), 'after the password'),
    );
    expect(heard.password).toEqual([{ accepted: true }]);
    expect(select.control.fill).toEqual([]);
    // The authenticator's button by the widget's data-se: Gen2's row holds its link, Gen3's button holds the box.
    expect(select.control.press).toEqual([
      '#okta-sign-in :is(a, button):has([data-se="google_otp"]), #okta-sign-in [data-se="google_otp"] :is(a, button)',
    ]);
  });

  it("a form carrying Okta's CAPTCHA is answered on the page, whose widget runs it (the API sends nothing)", () => {
    for (const name of ['identify-with-password-with-hcaptcha', 'identify-with-password-with-recaptcha-v2']) {
      const { control } = acts(new PageReading(told().io, ORG).judge(answered(name), 'at the first form'));
      expect(control.fill).toEqual([
        { field: 'identifier', value: 'username' },
        { field: 'credentials.passcode', value: 'password' },
      ]);
      expect(control.press).toBe('submit');
    }
  });

  it('Okta Verify\'s push sent first: the seed\'s authenticator chosen behind "Verify with something else"', () => {
    const select = acts(
      new PageReading(told({ totpAuthenticator: 'okta-verify' }).io, ORG).judge(
        answered('authenticator-verification-okta-verify-push', (body) => {
          // The password answered already: only Okta Verify is left to choose.
          const remediation = body.remediation as { value: { name: string; value: { options?: unknown[] }[] }[] };
          const form = remediation.value.find((f) => f.name === 'select-authenticator-authenticate');
          const field = form?.value.find((v) => v.options !== undefined);
          if (field?.options !== undefined) field.options = field.options.slice(0, 1);
          return body;
        }),
        'after the password',
      ),
    );
    expect(select.move.label).toBe('Okta Verify (code)');
    expect(select.control.elsewhere?.shown).toBe('#okta-sign-in [data-se="switchAuthenticator"]');
  });

  it('identify-with-password fills both fields of the one form', () => {
    const { control } = acts(new PageReading(told().io, ORG).judge(answered('identify-with-password'), 'first'));
    expect(control.fill).toEqual([
      { field: 'identifier', value: 'username' },
      { field: 'credentials.passcode', value: 'password' },
    ]);
  });

  it("types the TOTP code only into the challenge's field: Google Authenticator's passcode, Okta Verify's totp", () => {
    const google = controlOf(
      acts(new PageReading(told().io, ORG).judge(answered('authenticator-verification-google-authenticator'), 'x'))
        .move,
    );
    expect(google?.fill).toEqual([{ field: 'credentials.passcode', value: 'totp' }]);
    const verify = acts(
      new PageReading(told({ totpAuthenticator: 'okta-verify' }).io, ORG).judge(
        answered('authenticator-verification-okta-verify-totp'),
        'x',
      ),
    );
    expect(verify.control.fill).toEqual([{ field: 'credentials.totp', value: 'totp' }]);
  });

  it('skips the password expiry warning, never typing into its new-password field, and tells its days', () => {
    const { io, heard } = told();
    const reading = new PageReading(io, ORG);
    const warning = acts(reading.judge(answered('authenticator-expiry-warning-password'), 'after the password'));
    // Its form has a credentials.passcode of its own (the new password): nothing is typed anywhere.
    expect(warning.control.fill).toEqual([]);
    expect(warning.control.press).toContain('#okta-sign-in [data-se="skip"]');
    reading.acted(warning.move);
    expect(heard.expiry).toHaveLength(1);
    expect(typeof heard.expiry[0]).toBe('number');
    // Landing afterwards tells no second expiry.
    reading.landed();
    expect(heard.expiry).toHaveLength(1);
  });

  it('answers "Keep me signed in" with "Don\'t stay signed in", by its data-se in either generation', () => {
    const stay = acts(new PageReading(told().io, ORG).judge(answered('post-auth-keep-me-signed-in'), 'x'));
    expect(stay.control.press).toEqual(['#okta-sign-in [data-se="do-not-stay-signed-in-btn"]']);
  });

  it('skips an optional enrollment and tells the grace Okta counts', () => {
    const { io, heard } = told();
    const reading = new PageReading(io, ORG);
    const grace = acts(reading.judge(answered('authenticator-enroll-grace-period-login-count-with-skip'), 'x'));
    expect(grace.move).toMatchObject({ step: 'skip', label: 'optional enrollment' });
    reading.acted(grace.move);
    expect(heard.graces).toHaveLength(1);
  });

  it("finds an optional enrollment's skip from the answer's offered authenticators, never by a Gen2 class", () => {
    const grace = acts(
      new PageReading(told().io, ORG).judge(answered('authenticator-enroll-grace-period-with-skip'), 'x'),
    );
    const press = grace.control.press === 'submit' ? [] : grace.control.press;
    expect(press).toHaveLength(1);
    expect(press[0]).not.toMatch(/skip-all|\.[a-z]/);
    // Every offered authenticator's data-se is excluded, so its "Set up" is never the control pressed.
    const offered = [...(press[0] ?? '').matchAll(/\[data-se="([a-z_]+)"\]/g)].map((m) => m[1]);
    expect(offered).toEqual(expect.arrayContaining(['cancel', 'okta_password', 'webauthn', 'phone_number']));
  });

  it('a signed-in walk tells password-expiry "no warning", as the idx flow does', () => {
    const { io, heard } = told();
    const reading = new PageReading(io, ORG);
    reading.acted(acts(reading.judge(answered('authenticator-verification-password'), 'x')).move);
    const landing = reading.judge(
      {
        ...answered('identify'),
        response: { ...answered('identify').response, body: '{"success":{"name":"success-redirect"}}' },
      },
      'after the password',
    );
    expect(landing).toEqual({ kind: 'landing' });
    expect(heard).toMatchObject({ password: [{ accepted: true }], expiry: [null] });
  });
});

describe("the walk's findings are the idx journey's, in any language", () => {
  const refusal = (name: string, change?: (b: Record<string, unknown>) => Record<string, unknown>) => {
    const { io, heard } = told();
    const reading = new PageReading(io, ORG);
    reading.acted(acts(reading.judge(answered('authenticator-verification-password'), 'x')).move);
    const move = reading.judge(answered(name, change), 'after the password');
    if (move.kind !== 'failed') throw new Error(JSON.stringify(move));
    return { verdict: move.verdict, heard };
  };
  /** Every message of the answer in French: the key is what the walk reads. */
  const french = (body: Record<string, unknown>): Record<string, unknown> =>
    JSON.parse(JSON.stringify(body).replace(/"message":"[^"]*"/g, '"message":"Une erreur est survenue"')) as Record<
      string,
      unknown
    >;

  it.each([
    ['error-authenticator-verification-password-too-many-attempts', 'USER_LOCKED_OUT'],
    ['error-authenticator-verify-password', 'SIGN_IN_REJECTED'],
    ['error-user-is-not-assigned', 'USER_NOT_ASSIGNED'],
    ['error-identify-access-denied', 'SIGN_IN_NOT_ALLOWED'],
  ])('%s, its messages in French, is %s, and the password is told refused', (name, code) => {
    const { verdict, heard } = refusal(name, french);
    expect(verdict.diagnosis?.code).toBe(code);
    expect(heard.password).toEqual([{ accepted: false, verdict }]);
  });

  it("a network policy block before any form is the idx journey's code, never the page's", () => {
    const move = new PageReading(told().io, ORG).judge(answered('error-403-proxy-block'), 'the page, before any form');
    expect(move.kind).toBe('failed');
    expect(move.kind === 'failed' && move.verdict.diagnosis?.code).not.toMatch(/^SIGN_IN_PAGE_|^UNEXPECTED_RESPONSE$/);
  });

  it('a form neither flow answers (a required profile update) is named by its remediations', () => {
    const move = new PageReading(told().io, ORG).judge(answered('enroll-profile-update-params'), 'after the password');
    expect(move).toEqual({ kind: 'form', names: 'profile-update, skip' });
  });
});

describe('PageAnswers', () => {
  const response = (url: string, body: string, status = 200): AnsweredResponse => ({
    url: () => url,
    status: () => status,
    headers: () => ({ 'x-okta-request-id': 'req1' }),
    text: () => Promise.resolve(body),
  });
  const never = new Promise<void>(() => undefined);

  it("keeps only the sign-in API's answers, bounded, and wakes a wait for the next", async () => {
    const answers = new PageAnswers();
    await answers.take(response('http://o/assets/js/okta-sign-in.min.js', 'x'));
    expect(answers.count).toBe(0);
    const waiting = answers.after(0, 60_000, never);
    await answers.take(response('http://o/idp/idx/introspect', '{"a":1}'));
    expect((await waiting) as PageAnswer).toMatchObject({ index: 0, path: '/idp/idx/introspect' });
    await answers.take(response('http://o/idp/idx/identify', 'x'.repeat(600_000), 400));
    expect(answers.latest()?.response).toMatchObject({ status: 400, body: '', bodyTruncated: true, requestId: 'req1' });
    await answers.refused();
  });

  it('a wait with nothing arriving ends, and a landing ends it first', async () => {
    const answers = new PageAnswers();
    expect(await answers.after(0, 10, never)).toBeUndefined();
    expect(await answers.after(0, 60_000, Promise.resolve())).toBe('landed');
  });
});

describe("a Classic Engine page's answers, judged as the authn journey judges them", () => {
  const authn = (status: number, body: Record<string, unknown>): PageAnswer => ({
    index: index++,
    path: '/api/v1/authn',
    response: {
      status,
      headers: {},
      body: JSON.stringify(body),
      bodyTruncated: false,
      requestId: 'req-classic',
      timings: { total: 0 },
      receivedAt: 0,
    },
  });
  const signedIn = () => {
    const { io, heard } = told();
    const reading = new PageReading(io, ORG);
    const first = classicSignIn();
    expect(first.control.fill).toEqual([
      { field: 'username', value: 'username' },
      { field: 'password', value: 'password' },
    ]);
    reading.acted(first.move);
    return { reading, heard };
  };

  it("a session lands, the password accepted; a refusal is the authn journey's code, the password refused", () => {
    const ok = signedIn();
    expect(ok.reading.judgeClassic(authn(200, { status: 'SUCCESS', sessionToken: 'st' }), 'x')).toEqual({
      kind: 'landing',
    });
    expect(ok.heard).toMatchObject({ password: [{ accepted: true }], expiry: [null] });
    const refused = signedIn();
    const move = refused.reading.judgeClassic(
      authn(401, { errorCode: 'E0000004', errorSummary: 'Authentication failed' }),
      'after the password',
    );
    expect(move.kind === 'failed' && move.verdict.diagnosis?.code).toBe('SIGN_IN_REJECTED');
    expect(refused.heard.password).toMatchObject([{ accepted: false }]);
  });

  it("skips the password warning by the Classic widget's skip link, telling its days", () => {
    const { reading, heard } = signedIn();
    const move = acts(
      reading.judgeClassic(
        authn(200, {
          status: 'PASSWORD_WARN',
          stateToken: 'state-1',
          _embedded: { policy: { expiration: { passwordExpireDays: 4 } } },
          _links: { skip: { href: `${ORG}/api/v1/authn/skip` } },
        }),
        'after the password',
      ),
    );
    expect(move.control.press).toContain('#okta-sign-in [data-se="skip-link"]');
    reading.acted(move.move);
    expect(heard.expiry).toEqual([4]);
  });

  const mfaRequired = (provider: string) =>
    authn(200, {
      status: 'MFA_REQUIRED',
      stateToken: 'state-1',
      _embedded: {
        factors: [
          {
            factorType: 'token:software:totp',
            provider,
            _links: { verify: { href: `${ORG}/api/v1/authn/factors/f1/verify` } },
          },
        ],
      },
    });

  it("types the code only into the TOTP form of the factor MFA_REQUIRED names, once, told as the code's answer", () => {
    const { reading, heard } = signedIn();
    const move = acts(reading.judgeClassic(mfaRequired('GOOGLE'), 'after the password'));
    expect(move.control).toMatchObject({
      fill: [{ field: 'answer', value: 'totp', within: CLASSIC_CODE_FORM }],
      showing: { selector: '#okta-sign-in [data-se="factor-beacon"].mfa-google-auth' },
    });
    expect(heard).toMatchObject({ password: [{ accepted: true }], totp: [] });
    reading.acted(move.move);
    expect(reading.judgeClassic(authn(200, { status: 'SUCCESS', sessionToken: 'st' }), 'x')).toEqual({
      kind: 'landing',
    });
    expect(heard.totp).toEqual([{ accepted: true }]);
  });

  it("a refused code is the authn journey's TOTP_REJECTED; MFA asked again after a code is never answered", () => {
    const refused = signedIn();
    refused.reading.acted(acts(refused.reading.judgeClassic(mfaRequired('OKTA'), 'after the password')).move);
    const answer = authn(403, { errorCode: 'E0000068', errorSummary: 'Invalid Passcode/Answer' });
    const move = refused.reading.judgeClassic(answer, 'after the TOTP code');
    expect(move.kind === 'failed' && move.verdict.diagnosis?.code).toBe('TOTP_REJECTED');
    expect(refused.heard.totp).toMatchObject([{ accepted: false }]);
    const again = signedIn();
    again.reading.acted(acts(again.reading.judgeClassic(mfaRequired('OKTA'), 'after the password')).move);
    const asked = again.reading.judgeClassic(mfaRequired('OKTA'), 'after the TOTP code');
    expect(asked.kind === 'failed' && asked.verdict.diagnosis?.code).toBe('UNEXPECTED_RESPONSE');
  });
});
