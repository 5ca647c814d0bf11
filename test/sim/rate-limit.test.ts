// The simulator's rate-limit windows as Okta's rate-limit reference describes them: a minute long, opened by
// the first request rather than aligned to the clock minute ("a period may run from 12:00:20 to 12:01:19").
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../sim/rate-limit';

const at = (h: number, m: number, s: number): number => Date.UTC(2026, 0, 1, h, m, s);

describe('RateLimiter', () => {
  it('opens a window with the first request and resets it a minute later, not at the clock minute', () => {
    const limiter = new RateLimiter();

    const first = limiter.hit('/oauth2/v1/token', 600, at(12, 0, 20));
    const second = limiter.hit('/oauth2/v1/token', 600, at(12, 0, 59));

    expect(first).toEqual({ limit: 600, remaining: 599, reset: at(12, 1, 20) / 1000 });
    expect(second).toEqual({ limit: 600, remaining: 598, reset: at(12, 1, 20) / 1000 });
  });

  it('starts a new window, full again, with the first request after the old one closed', () => {
    const limiter = new RateLimiter();
    limiter.hit('/oauth2/v1/token', 600, at(12, 0, 20));

    const next = limiter.hit('/oauth2/v1/token', 600, at(12, 1, 25));

    expect(next).toEqual({ limit: 600, remaining: 599, reset: at(12, 2, 25) / 1000 });
  });

  it("keeps buckets apart: each server's /token and its other endpoints count separately", () => {
    const limiter = new RateLimiter();
    limiter.hit('/oauth2/v1/token', 600, at(12, 0, 0));
    limiter.hit('/oauth2/v1/token', 600, at(12, 0, 1));

    expect(limiter.hit('/oauth2/default/v1/token', 600, at(12, 0, 2)).remaining).toBe(599);
    expect(limiter.hit('/oauth2/v1/*', 600, at(12, 0, 3)).remaining).toBe(599);
    expect(limiter.hit('/oauth2/v1/token', 600, at(12, 0, 4)).remaining).toBe(597);
  });

  it('never reports a negative remainder', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 3; i += 1) limiter.hit('b', 2, at(12, 0, i));
    expect(limiter.hit('b', 2, at(12, 0, 5)).remaining).toBe(0);
  });
});
