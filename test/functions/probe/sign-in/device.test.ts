// The journey's device cookie (DT) read from Okta's answers and from the journey's store, both untrusted: bounded,
// only the cookie Okta remembers a device by, never a second copy in a Cookie header.
import { describe, expect, it } from 'vitest';
import {
  asDevice,
  deviceCookiesAfter,
  keptDeviceCookies,
  MAX_DEVICE_COOKIE,
  withDeviceCookies,
} from '../../../../functions/probe/sign-in/device';
import { safest } from '../../../../functions/probe/sign-in/state';

const DT = 'DI0fshqK0bJQfKEF2jmkQfBVA';
const answer = (...lines: string[]) => ({
  headers: { 'set-cookie': lines, date: 'Thu, 01 Sep 2022 19:30:35 GMT' },
  receivedAt: Date.parse('2022-09-01T19:30:35Z'),
});

describe('the device cookie Okta sets', () => {
  it('keeps DT as a production org sets it, beside the cookies that are no device', () => {
    // A production org's answer to POST /api/v1/authn, its Set-Cookie lines as captured (the value replaced).
    const res = answer(
      'sid=""; Expires=Thu, 01-Jan-1970 00:00:10 GMT; Path=/',
      'JSESSIONID=FD8507C7C4E87328B71FC439CA560C1C; Path=/; Secure; HttpOnly',
      `DT=${DT};Version=1;Path=/;Max-Age=7123635;Secure;Expires=Wed, 23 Nov 2022 06:17:50 GMT;HttpOnly;SameSite=None`,
    );
    expect(deviceCookiesAfter({}, res)).toEqual({ DT });
  });

  it('drops DT when Okta clears it, and keeps the old one when an answer says nothing of it', () => {
    expect(deviceCookiesAfter({ DT }, answer('DT=""; Expires=Thu, 01-Jan-1970 00:00:10 GMT; Path=/'))).toEqual({});
    expect(deviceCookiesAfter({ DT }, answer('JSESSIONID=ABC123ABC123; Path=/'))).toEqual({ DT });
  });

  it('never keeps a value no device cookie has: too long, outside the cookie octets, too short to scrub', () => {
    for (const value of [
      'D'.repeat(MAX_DEVICE_COOKIE + 1),
      'DI0fshqK0bJQ\\fKEF',
      'DI0f"shqK0bJQ',
      'DI0f,shqK0bJQ',
      'DIéshqK0bJQfKEF',
      'DI0fs',
    ]) {
      expect(deviceCookiesAfter({ DT }, answer(`DT=${value}; Path=/`)), value).toEqual({ DT });
    }
  });
});

describe('the device cookie read from the journey store (a file, an SSM parameter)', () => {
  it('keeps only DT, each a bounded cookie value; anything else is no device cookie', () => {
    expect(keptDeviceCookies({ DT, sid: 'SESSION-SESSION' })).toEqual({ DT });
    for (const stored of [
      undefined,
      null,
      'DT',
      [DT],
      { DT: 42 },
      { DT: 'x'.repeat(10_000) },
      { DT: 'DI0fshqK0bJQ; sid=stolen' },
    ]) {
      expect(keptDeviceCookies(stored), JSON.stringify(stored)?.slice(0, 40)).toEqual({});
    }
  });
});

describe("the device cookie of two states merged (a store read and this process's memory of its last write)", () => {
  it("keeps the later journey's cookie, and the one there is when only one state has it", () => {
    const older = { last: { at: 1000, code: null }, deviceCookies: { DT: 'DIolderolderolder12345' } };
    const newer = { last: { at: 2000, code: null }, deviceCookies: { DT } };
    expect(safest(older, newer).deviceCookies).toEqual({ DT });
    expect(safest(newer, older).deviceCookies).toEqual({ DT });
    expect(safest({ last: { at: 3000, code: null } }, older).deviceCookies).toEqual(older.deviceCookies);
  });
});

describe('the device cookie sent back', () => {
  it('joins the Cookie header a request has, and is never sent twice', () => {
    expect(withDeviceCookies(undefined, { DT })).toBe(`DT=${DT}`);
    expect(withDeviceCookies('sid=102abcdefgh', { DT })).toBe(`sid=102abcdefgh; DT=${DT}`);
    expect(withDeviceCookies(`JSESSIONID=A1; DT=${DT}`, { DT: 'DIanotherone12345' })).toBe(`JSESSIONID=A1; DT=${DT}`);
    expect(withDeviceCookies('sid=102abcdefgh', {})).toBe('sid=102abcdefgh');
  });

  it("adds the Cookie header, and an IDX journey's device ID, to a request, keeping its other headers", () => {
    const req = {
      method: 'POST' as const,
      url: 'https://acme.okta.com/api/v1/authn',
      headers: { accept: 'application/json' },
    };
    expect(asDevice(req, { cookies: { DT } }).headers).toEqual({ accept: 'application/json', cookie: `DT=${DT}` });
    expect(asDevice(req, { cookies: {}, token: 'f'.repeat(32) }).headers).toEqual({
      accept: 'application/json',
      'x-device-token': 'f'.repeat(32),
    });
  });
});
