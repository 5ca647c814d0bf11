import { describe, expect, it } from 'vitest';
import { judgeClock } from '../../../../functions/probe/checks/clock';
import { answer, NOW } from './fixtures';

const dated = (offsetSeconds: number) => answer(200, '', { date: new Date(NOW + offsetSeconds * 1000).toUTCString() });

describe('judgeClock', () => {
  it('passes a small skew and observes it', () => {
    expect(judgeClock({ server: 'org', responses: [dated(-2)], warnSeconds: 60 })).toMatchObject({ ok: true, observed: { skewSeconds: -2 } });
  });

  it('reports CLOCK_SKEW beyond the limit, with direction', () => {
    const result = judgeClock({ server: 'org', responses: [dated(400)], warnSeconds: 60 });
    expect(result.diagnosis).toMatchObject({ code: 'CLOCK_SKEW', detail: "Okta's Date is 400 s ahead of the local clock (limit ±60 s)" });
    expect(result.observed?.skewSeconds).toBe(400);
  });

  it('falls back to the next answer with a usable Date', () => {
    expect(judgeClock({ server: 'org', responses: [answer(200), dated(5)], warnSeconds: 60 }).observed?.skewSeconds).toBe(5);
  });

  it('is skipped without any usable Date', () => {
    expect(judgeClock({ server: 'org', responses: [answer(200, '', { date: 'garbage' })], warnSeconds: 60 })).toMatchObject({ skipped: true, ok: false });
  });
});
