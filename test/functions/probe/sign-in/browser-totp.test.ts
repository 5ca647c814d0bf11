// The browser flow's second factor, walked by a fake person: the authenticator whose seed the journey holds is
// chosen, its code typed once, and a refusal told to the journey's state in the page's words, never typed again.
import { describe, expect, it } from 'vitest';
import {
  AUTHENTICATOR_LIST,
  CODE,
  refusedCode,
  totpChoices,
  totpSteps,
  type PagePerson,
  type TotpIo,
} from '../../../../functions/probe/sign-in/browser-totp';
import type { StepAnswer } from '../../../../functions/probe/sign-in/guard';

const ERROR = '#error';
const GOOGLE = '[data-se="google_otp"]';
const VERIFY = '[data-se="okta_verify-totp"]';

/** A page that shows `visible`, answers each wait with the next of `shows`, and says `said` of its errors. */
function fakePerson(visible: readonly string[], shows: (string | undefined)[], said = '') {
  const typed: string[] = [];
  const clicked: string[] = [];
  const person: PagePerson = {
    fill: (_selector, value) => {
      typed.push(value);
      return Promise.resolve(undefined);
    },
    submit: () => Promise.resolve(undefined),
    click: (selector) => {
      clicked.push(selector);
      return Promise.resolve(undefined);
    },
    next: () => Promise.resolve(shows.shift()),
    visible: (selector) => Promise.resolve(visible.some((v) => selector.includes(v))),
    names: () => Promise.resolve(['okta_verify-push', 'okta_verify-signed_nonce']),
    said: () => Promise.resolve(said),
  };
  return { person, typed, clicked };
}

function fakeIo(io: Partial<TotpIo> = {}) {
  const told: StepAnswer[] = [];
  let asked = 0;
  const totpIo: TotpIo = {
    hasTotpSecret: true,
    totp: () => {
      asked += 1;
      return Promise.resolve({ code: '492039' });
    },
    totpAnswer: (answer) => told.push(answer),
    ...io,
  };
  return { io: totpIo, told, asked: () => asked };
}

const landing = new Promise<void>(() => undefined);

describe('totpSteps', () => {
  it("picks Google Authenticator from the list, types one code, and lands: the code's acceptance is told", async () => {
    const { person, typed, clicked } = fakePerson([GOOGLE, VERIFY], [CODE, 'landed']);
    const { io, told } = fakeIo();
    expect(await totpSteps(person, io, AUTHENTICATOR_LIST, landing, ERROR)).toBe('landed');
    expect(clicked).toHaveLength(1);
    expect(clicked[0]).toContain(GOOGLE);
    expect(typed).toEqual(['492039']);
    expect(told).toEqual([{ accepted: true }]);
  });

  it("chooses Okta Verify's code when totpAuthenticator names it", async () => {
    const { person, clicked } = fakePerson([GOOGLE, VERIFY], [CODE, 'landed']);
    const { io } = fakeIo({ totpAuthenticator: 'okta-verify' });
    await totpSteps(person, io, AUTHENTICATOR_LIST, landing, ERROR);
    expect(clicked[0]).toContain(VERIFY);
  });

  it('a refused code is TOTP_REJECTED in the page words, told to the state once, and never typed again', async () => {
    const { person, typed } = fakePerson([GOOGLE, VERIFY], [CODE, ERROR], "Your code doesn't match our records.");
    const { io, told, asked } = fakeIo();
    const verdict = await totpSteps(person, io, AUTHENTICATOR_LIST, landing, ERROR);
    expect(verdict).toMatchObject({ diagnosis: { code: 'TOTP_REJECTED' } });
    expect(typeof verdict === 'object' && verdict.diagnosis?.detail).toMatch(
      /after the TOTP code: Your code doesn't match our records\..*set totpAuthenticator to "okta-verify"/,
    );
    expect(typed).toHaveLength(1);
    expect(asked()).toBe(1);
    expect(told).toEqual([{ accepted: false, verdict }]);
  });

  it("a list without the seed's authenticator is MFA_FACTOR_UNAVAILABLE naming the rest; no code", async () => {
    const { person, clicked } = fakePerson([], []);
    const { io, told, asked } = fakeIo({ totpAuthenticator: 'google-authenticator' });
    const verdict = await totpSteps(person, io, AUTHENTICATOR_LIST, landing, ERROR);
    expect(verdict).toMatchObject({
      diagnosis: {
        code: 'MFA_FACTOR_UNAVAILABLE',
        detail:
          'the page offered no Google Authenticator to verify with; it offered okta_verify-push, ' +
          'okta_verify-signed_nonce',
      },
    });
    expect([clicked, told, asked()]).toEqual([[], [], 0]);
  });

  it("nothing after the code: the walk's end says so, and the code's fate is not told (uncertain)", async () => {
    const { person } = fakePerson([], [undefined]);
    const { io, told } = fakeIo();
    expect(await totpSteps(person, io, CODE, landing, ERROR)).toBeUndefined();
    expect(told).toEqual([]);
  });

  it('a page that asks for a code of a journey with no TOTP secret types nothing', async () => {
    const { person, typed } = fakePerson([], []);
    const { io, asked } = fakeIo({ hasTotpSecret: false });
    expect(await totpSteps(person, io, CODE, landing, ERROR)).toMatchObject({
      diagnosis: { code: 'MFA_FACTOR_UNAVAILABLE' },
    });
    expect([typed, asked()]).toEqual([[], 0]);
  });
});

describe('totpChoices and refusedCode', () => {
  it('prefers Google Authenticator unnamed, and only the named one otherwise', () => {
    expect(totpChoices(undefined).map((s) => s.includes(GOOGLE))).toEqual([true, false]);
    expect(totpChoices('okta-verify')).toHaveLength(1);
    expect(totpChoices('okta-verify')[0]).toContain(VERIFY);
  });

  it("reads Okta's messages after a code as the idx flow's codes", () => {
    const code = (said: string) => refusedCode(said).diagnosis?.code;
    expect(code('Invalid code. Try again.')).toBe('TOTP_REJECTED');
    expect(code('Each code can only be used once. Please wait for a new code and try again.')).toBe('TOTP_CODE_REUSED');
    expect(code('This factor is suspended for your account due to too many failed attempts')).toBe('TOTP_SUSPENDED');
    expect(code('Internal Server Error')).toBe('UNEXPECTED_RESPONSE');
  });
});
