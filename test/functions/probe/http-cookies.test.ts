// A Set-Cookie line read as a browser reads it: a cleared cookie is a deletion, never a session.
import { describe, expect, it } from 'vitest';
import { setCookies } from '../../../functions/probe/http';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const answer = (lines: string[], date?: string) => ({
  headers: { 'set-cookie': lines, ...(date !== undefined && { date }) },
  receivedAt: NOW,
});

describe('setCookies', () => {
  it('reads Okta\'s captured Identity Engine answer: sid="" expired in 1970 is a deletion, JSESSIONID a cookie', () => {
    // okta-developer-docs postman/client-secret-rotation-key-mgmnt.json, verbatim.
    const cookies = setCookies(
      answer([
        'sid=""; Expires=Thu, 01-Jan-1970 00:00:10 GMT; Path=/',
        'autolaunch_triggered=""; Expires=Thu, 01-Jan-1970 00:00:10 GMT; Path=/',
        'JSESSIONID=497EB41748568658A57150B5077D73AF; Path=/; Secure; HttpOnly',
      ]),
    );
    expect(cookies).toEqual([
      { name: 'sid', value: '""', deletion: true },
      { name: 'autolaunch_triggered', value: '""', deletion: true },
      { name: 'JSESSIONID', value: '497EB41748568658A57150B5077D73AF', deletion: false },
    ]);
  });

  it('a real value with an Expires gone by, or a Max-Age of 0 or less, is a deletion; one still ahead is not', () => {
    const cookies = setCookies(
      answer([
        'a=value1234; Expires=Wed, 01 May 2024 11:59:59 GMT',
        'b=value1234; Max-Age=0',
        'c=value1234; Max-Age=-1',
        'd=value1234; Expires=Wed, 01 May 2024 12:00:01 GMT',
        'e=value1234',
        'f=',
      ]),
    );
    expect(cookies.map((c) => [c.name, c.deletion])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
      ['d', false],
      ['e', false],
      ['f', true],
    ]);
  });

  it(
    "judges Expires by the answer's Date header (the clock it was written on), and Max-Age over Expires (RFC " +
      '6265 5.3)',
    () => {
      // The probe's clock is 2024-05-01 12:00; Okta's says a day later: an Expires between them has gone by for Okta.
      expect(
        setCookies(answer(['a=value1234; Expires=Wed, 01 May 2024 18:00:00 GMT'], 'Thu, 02 May 2024 12:00:00 GMT'))[0]
          ?.deletion,
      ).toBe(true);
      expect(setCookies(answer(['a=value1234; Expires=Wed, 01 May 2024 18:00:00 GMT']))[0]?.deletion).toBe(false);
      expect(setCookies(answer(['a=value1234; Max-Age=60; Expires=Thu, 01-Jan-1970 00:00:10 GMT']))[0]?.deletion).toBe(
        false,
      );
    },
  );
});
