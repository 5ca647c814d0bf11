// The browser flow's TOTP code goes only into the field the IDX answer's challenge names, and never into a field the
// page marks as a new password; a journey without a secret types nothing.
import { describe, expect, it } from 'vitest';
import {
  CLASSIC_CODE_FORM,
  typeCode,
  type PagePerson,
  type TotpIo,
} from '../../../../functions/probe/sign-in/flows/browser/totp';

function fakePerson(autocomplete = '') {
  const typed: [string, string][] = [];
  const person: PagePerson = {
    fill: (field, value, _what, within) => {
      typed.push([within === undefined ? field : `${within} ${field}`, value]);
      return Promise.resolve(undefined);
    },
    autocomplete: () => Promise.resolve(autocomplete),
  };
  return { person, typed };
}

function fakeIo(io: Partial<TotpIo> = {}) {
  let asked = 0;
  const totpIo: TotpIo = {
    hasTotpSecret: true,
    totp: () => {
      asked += 1;
      return Promise.resolve({ code: '492039' });
    },
    totpAnswer: () => undefined,
    ...io,
  };
  return { io: totpIo, asked: () => asked };
}

describe('typeCode', () => {
  it("types one code into the challenge's field", async () => {
    const { person, typed } = fakePerson('one-time-code');
    const { io, asked } = fakeIo();
    expect(await typeCode(person, io, 'credentials.totp')).toBeUndefined();
    expect([typed, asked()]).toEqual([[['credentials.totp', '492039']], 1]);
  });

  it('never types into a new-password field, nor a field that is not a code challenge', async () => {
    const { person, typed } = fakePerson('new-password');
    const { io, asked } = fakeIo();
    expect((await typeCode(person, io, 'credentials.passcode'))?.diagnosis?.code).toBe('SIGN_IN_PAGE_FORM_BLOCKED');
    const other = fakePerson();
    expect((await typeCode(other.person, io, 'confirmPassword'))?.diagnosis?.code).toBe('UNEXPECTED_RESPONSE');
    expect([typed, other.typed, asked()]).toEqual([[], [], 0]);
  });

  it("types the Classic widget's `answer` only inside its TOTP form, never its security question's", async () => {
    const { person, typed } = fakePerson();
    const { io, asked } = fakeIo();
    expect(await typeCode(person, io, 'answer', CLASSIC_CODE_FORM)).toBeUndefined();
    const question = '#okta-sign-in form[data-se="factor-question"]';
    expect((await typeCode(person, io, 'answer', question))?.diagnosis?.code).toBe('UNEXPECTED_RESPONSE');
    expect((await typeCode(person, io, 'answer'))?.diagnosis?.code).toBe('UNEXPECTED_RESPONSE');
    expect([typed, asked()]).toEqual([[[`${CLASSIC_CODE_FORM} answer`, '492039']], 1]);
  });

  it('a journey with no TOTP secret types nothing', async () => {
    const { person, typed } = fakePerson();
    const { io, asked } = fakeIo({ hasTotpSecret: false });
    expect((await typeCode(person, io, 'credentials.passcode'))?.diagnosis?.code).toBe('MFA_FACTOR_UNAVAILABLE');
    expect([typed, asked()]).toEqual([[], 0]);
  });
});
