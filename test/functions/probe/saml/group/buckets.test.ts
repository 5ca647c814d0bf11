// A 429 on the SSO URL read by its headers and by the session it came in: the org's bucket spent, or the journey's
// user's per-user limit (Identity Engine's 20 requests per user per 5 s, okta-developer-docs reference/rl2-limits).
import { describe, expect, it } from 'vitest';
import { Buckets } from '../../../../../functions/probe/saml/group/buckets';
import type { HttpResponse } from '../../../../../functions/probe/http';
import type { Timings } from '../../../../../functions/types';

const at = Date.parse('2026-11-20T12:00:00Z');
const answer = (status: number, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: '',
  bodyTruncated: false,
  requestId: 'reqA',
  timings: { total: 5 } as Timings,
  receivedAt: at,
});
const spent = {
  'x-rate-limit-limit': '750',
  'x-rate-limit-remaining': '0',
  'x-rate-limit-reset': String(at / 1000 + 40),
};
const room = {
  'x-rate-limit-limit': '750',
  'x-rate-limit-remaining': '612',
  'x-rate-limit-reset': String(at / 1000 + 40),
};

describe('a 429 on the SSO URL', () => {
  it(
    "is the user's per-user limit in an Identity Engine " + "session when the org's bucket had room or reported none",
    () => {
      for (const headers of [room, {}]) {
        const buckets = new Buckets(true);
        buckets.note('sso', answer(429, headers));
        expect(buckets.heldBecause('sso')).toMatch(
          /Identity Engine's per-user limit of the journey's user, not the org's bucket/,
        );
      }
      const withRoom = new Buckets(true);
      withRoom.note('sso', answer(429, room));
      expect(withRoom.heldBecause('sso')).toContain("the org's bucket had 612 of 750 left");
    },
  );

  it("is the org's bucket when its headers say it is spent, whatever the session", () => {
    for (const identityEngine of [true, false]) {
      const buckets = new Buckets(identityEngine);
      buckets.note('sso', answer(429, spent));
      expect(buckets.heldBecause('sso')).toMatch(
        /^Okta answered 429 on \/app\/\{app\}\/\{key\}\/sso\/saml \(request reqA\): the group sends it nothing more until/,
      );
    }
  });

  it('is never called per-user in a Classic session, whose SSO URL Okta documents no per-user limit for', () => {
    const buckets = new Buckets(false);
    buckets.note('sso', answer(429, room));
    expect(buckets.heldBecause('sso')).not.toMatch(/per-user/);
  });
});
