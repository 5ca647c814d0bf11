import { describe, expect, it } from 'vitest';
import { judgeRateLimit } from '../../../../functions/probe/servers/rate-limit';
import { fail, pass, type Judged } from '../../../../functions/probe/verdict';
import { answer, NOW } from '../fixtures';

const tokenOk: Judged = { judgement: pass() };
const headers = (limit: number, remaining: number) => ({
  'x-rate-limit-limit': String(limit),
  'x-rate-limit-remaining': String(remaining),
  'x-rate-limit-reset': String(NOW / 1000 + 40),
});

describe('judgeRateLimit', () => {
  it('passes with the headroom of the /token bucket observed', () => {
    const result = judgeRateLimit({ token: tokenOk, response: answer(200, '', headers(1200, 900)), warnPercent: 10 });
    expect(result).toMatchObject({
      diagnosis: null,
      observed: { headroomPercent: 75, limit: 1200, remaining: 900, resetAt: new Date(NOW + 40_000).toISOString() },
    });
  });

  it('reports RATE_LIMIT_HEADROOM_LOW below the configured percent', () => {
    const result = judgeRateLimit({ token: tokenOk, response: answer(200, '', headers(1200, 60)), warnPercent: 10 });
    expect(result).toMatchObject({ diagnosis: { code: 'RATE_LIMIT_HEADROOM_LOW' } });
    expect(result.observed).toMatchObject({ headroomPercent: 5 });
  });

  // A concurrency 429 once read "0 of 0 requests left". Every combination of the two headers gets a true text.
  describe('says what every combination of X-Rate-Limit-Limit / -Remaining means', () => {
    const judge = (status: number, hdrs: Record<string, string>) =>
      judgeRateLimit({ token: tokenOk, response: answer(status, '', hdrs), warnPercent: 10 });
    const detail = (judgement: ReturnType<typeof judgeRateLimit>): string =>
      'diagnosis' in judgement ? (judgement.diagnosis?.detail ?? '') : '';

    it(
      'a concurrency 429 (Limit 0, Remaining 0) is OKTA_CONCURRENCY_LIMITED, not the org spending a bucket, with ' +
        'no headroom ' +
        'published',
      () => {
        const result = judge(429, headers(0, 0));
        expect(result).toMatchObject({
          diagnosis: { code: 'OKTA_CONCURRENCY_LIMITED', httpStatus: 429 },
          observed: { headroomPercent: null, limit: 0, remaining: 0 },
        });
        expect(detail(result)).toMatch(
          /^Okta answered 429: X-Rate-Limit-Limit 0 marks a concurrency limit .*; the window resets at /,
        );
        expect(detail(result)).not.toMatch(/0 of 0/);
      },
    );

    it('a 429 with the bucket used up (Remaining 0 of 1200) is RATE_LIMITED, 0 % headroom', () => {
      const result = judge(429, headers(1200, 0));
      expect(result).toMatchObject({ diagnosis: { code: 'RATE_LIMITED' }, observed: { headroomPercent: 0 } });
      expect(detail(result)).toContain("all 1200 requests of this /token bucket's window are used");
    });

    it('a 429 although the bucket has requests left names the app share or concurrency limit', () => {
      expect(detail(judge(429, headers(1200, 700)))).toContain(
        '700 of 1200 requests of the bucket are left, so the limit hit is another',
      );
    });

    it('a 429 without readable headers is RATE_LIMITED and says which headers were missing', () => {
      const result = judge(429, { 'x-rate-limit-limit': 'abc', 'retry-after': '30' });
      expect(result).toMatchObject({ diagnosis: { code: 'RATE_LIMITED' }, observed: { headroomPercent: null } });
      expect(detail(result)).toBe(
        'Okta answered 429: a limit was hit (the answer carried no readable X-Rate-Limit-Limit or ' +
          'X-Rate-Limit-Remaining, so which one is unknown); Retry-After 30 s',
      );
    });

    it('Limit 0 on an answer that was not refused is skipped, not "headroom low"', () => {
      expect(judge(200, headers(0, 0))).toMatchObject({
        notRun: 'skip',
        reason: expect.stringContaining('X-Rate-Limit-Limit 0') as unknown,
      });
      expect(judge(200, headers(0, 5))).toMatchObject({ notRun: 'skip' });
    });

    it('Remaining 0 of a real limit on a 200 says none are left, not "0 of N"', () => {
      const result = judge(200, headers(1200, 0));
      expect(result).toMatchObject({ diagnosis: { code: 'RATE_LIMIT_HEADROOM_LOW' } });
      expect(detail(result)).toMatch(
        /^none of the 1200 requests of this window left \(0%\), below 10%; the window resets at /,
      );
    });

    it('Remaining above Limit is full headroom, a pass', () => {
      expect(judge(200, headers(100, 250))).toMatchObject({ diagnosis: null, observed: { headroomPercent: 100 } });
    });

    it('one header missing is skipped naming it', () => {
      expect(judge(200, { 'x-rate-limit-limit': '1200' })).toMatchObject({
        notRun: 'skip',
        reason: 'the token answer carried no readable X-Rate-Limit-Remaining: no headroom to measure',
      });
      expect(judge(200, { 'x-rate-limit-remaining': '5' })).toMatchObject({
        notRun: 'skip',
        reason: 'the token answer carried no readable X-Rate-Limit-Limit: no headroom to measure',
      });
    });

    it('a low headroom without a reset time says so', () => {
      expect(detail(judge(200, { 'x-rate-limit-limit': '1200', 'x-rate-limit-remaining': '60' }))).toBe(
        '60 of 1200 requests left (5%), below 10%; the reset time was not sent',
      );
    });
  });

  it('is skipped with the token failure when there was no answer', () => {
    const failed: Judged = { judgement: fail('TIMEOUT') };
    expect(judgeRateLimit({ token: failed, response: undefined, warnPercent: 10 })).toMatchObject({
      notRun: 'skip',
      reason: 'token failed: TIMEOUT, no answer to read X-Rate-Limit-* from',
    });
  });

  it('is skipped when the answer has no rate-limit headers', () => {
    expect(judgeRateLimit({ token: tokenOk, response: answer(200), warnPercent: 10 })).toMatchObject({
      notRun: 'skip',
    });
  });
});
