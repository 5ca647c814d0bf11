import { describe, expect, it } from 'vitest';
import { judgeRateLimit } from '../../../../functions/probe/checks/rate-limit';
import type { CheckResult } from '../../../../functions/types';
import { answer, NOW } from './fixtures';

const tokenOk: CheckResult = { server: 'org', check: 'token', ok: true, latencyMs: 10, diagnosis: null };
const headers = (limit: number, remaining: number) => ({
  'x-rate-limit-limit': String(limit),
  'x-rate-limit-remaining': String(remaining),
  'x-rate-limit-reset': String(NOW / 1000 + 40),
});

describe('judgeRateLimit', () => {
  it('passes with the headroom of the /token bucket observed', () => {
    const result = judgeRateLimit({ server: 'org', token: tokenOk, response: answer(200, '', headers(1200, 900)), warnPercent: 10 });
    expect(result).toMatchObject({ ok: true, latencyMs: null, observed: { headroomPercent: 75, limit: 1200, remaining: 900, resetAt: new Date(NOW + 40_000).toISOString() } });
  });

  it('reports RATE_LIMIT_HEADROOM_LOW below the configured percent', () => {
    const result = judgeRateLimit({ server: 'org', token: tokenOk, response: answer(200, '', headers(1200, 60)), warnPercent: 10 });
    expect(result.diagnosis?.code).toBe('RATE_LIMIT_HEADROOM_LOW');
    expect(result.observed?.headroomPercent).toBe(5);
  });

  it('is skipped with the token failure when there was no answer', () => {
    const failed: CheckResult = { ...tokenOk, ok: false, diagnosis: { code: 'TIMEOUT', summary: '', remedy: '', requestId: null } };
    expect(judgeRateLimit({ server: 'org', token: failed, response: undefined, warnPercent: 10 })).toMatchObject({
      skipped: true,
      skipReason: 'token failed: TIMEOUT, no answer to read X-Rate-Limit-* from',
      diagnosis: null,
    });
  });

  it('is skipped when the answer has no rate-limit headers', () => {
    expect(judgeRateLimit({ server: 'org', token: tokenOk, response: answer(200), warnPercent: 10 }).skipped).toBe(true);
  });
});
