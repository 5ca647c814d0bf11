import { describe, expect, it } from 'vitest';
import { judgeClock } from '../../../../functions/probe/servers/clock';
import { answer, NOW } from '../fixtures';

const dated = (offsetSeconds: number) => answer(200, '', { date: new Date(NOW + offsetSeconds * 1000).toUTCString() });

describe('judgeClock', () => {
  it('passes a small skew and observes it', () => {
    expect(judgeClock({ responses: [dated(-2)], warnSeconds: 60 })).toMatchObject({
      diagnosis: null,
      observed: { skewSeconds: -2 },
    });
  });

  it('reports CLOCK_SKEW beyond the limit, with direction', () => {
    const result = judgeClock({ responses: [dated(400)], warnSeconds: 60 });
    expect(result).toMatchObject({
      diagnosis: {
        code: 'CLOCK_SKEW',
        detail: expect.stringMatching(
          /^Okta's Date is 400 s ahead of the local clock \(limit ±60 s\): sync the clock .*timedatectl set-ntp true/,
        ),
      },
    });
    expect(result.observed).toMatchObject({ skewSeconds: 400 });
  });

  it('falls back to the next answer with a usable Date', () => {
    expect(judgeClock({ responses: [answer(200), dated(5)], warnSeconds: 60 }).observed?.skewSeconds).toBe(5);
  });

  it('is skipped without any usable Date', () => {
    expect(judgeClock({ responses: [answer(200, '', { date: 'garbage' })], warnSeconds: 60 })).toEqual({
      notRun: 'skip',
      reason: 'no answer from this server with a usable Date header',
    });
  });
});
