import { describe, expect, it } from 'vitest';
import { judgeRateLimit } from '../../../../functions/probe/checks/rate-limit';
import { fail, pass, type Judged } from '../../../../functions/probe/checks/verdict';
import { answer, NOW } from './fixtures';

const tokenOk: Judged = { judgement: pass() };
const headers = (limit: number, remaining: number) => ({
  'x-rate-limit-limit': String(limit),
  'x-rate-limit-remaining': String(remaining),
  'x-rate-limit-reset': String(NOW / 1000 + 40),
});

describe('judgeRateLimit', () => {
  it('passes with the headroom of the /token bucket observed', () => {
    const result = judgeRateLimit({ token: tokenOk, response: answer(200, '', headers(1200, 900)), warnPercent: 10 });
    expect(result).toMatchObject({ diagnosis: null, observed: { headroomPercent: 75, limit: 1200, remaining: 900, resetAt: new Date(NOW + 40_000).toISOString() } });
  });

  it('reports RATE_LIMIT_HEADROOM_LOW below the configured percent', () => {
    const result = judgeRateLimit({ token: tokenOk, response: answer(200, '', headers(1200, 60)), warnPercent: 10 });
    expect(result).toMatchObject({ diagnosis: { code: 'RATE_LIMIT_HEADROOM_LOW' } });
    expect(result.observed).toMatchObject({ headroomPercent: 5 });
  });

  it('is skipped with the token failure when there was no answer', () => {
    const failed: Judged = { judgement: fail('TIMEOUT') };
    expect(judgeRateLimit({ token: failed, response: undefined, warnPercent: 10 })).toMatchObject({
      notRun: 'skip',
      reason: 'token failed: TIMEOUT, no answer to read X-Rate-Limit-* from',
    });
  });

  it('is skipped when the answer has no rate-limit headers', () => {
    expect(judgeRateLimit({ token: tokenOk, response: answer(200), warnPercent: 10 })).toMatchObject({ notRun: 'skip' });
  });
});
