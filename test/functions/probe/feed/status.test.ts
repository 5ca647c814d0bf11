import { describe, expect, it } from 'vitest';
import { judgeStatus, STALE_DAYS } from '../../../../functions/probe/feed/status';
import { answer, NOW } from '../fixtures';

const atom = (...entries: [title: string, hoursAgo: number][]) =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Okta Trust</title>${entries
    .map(
      ([title, hoursAgo]) =>
        `<entry><title>${title}</title><updated>${new Date(NOW - hoursAgo * 3600_000).toISOString()}</updated></entry>`,
    )
    .join('')}</feed>`;

describe('judgeStatus', () => {
  it('passes a feed whose incidents are all resolved, indicator 0', () => {
    const verdict = judgeStatus(answer(200, atom(['Resolved | Service Disruption | Okta Verify', 2])), NOW);
    expect(verdict.diagnosis).toBeNull();
    expect(verdict.observed?.indicator).toBe(0);
  });

  it('reports OKTA_STATUS_DEGRADED naming the open incidents', () => {
    const verdict = judgeStatus(answer(200, atom(['Investigating | Service Disruption | US Cell 6 login', 1])), NOW);
    expect(verdict.diagnosis?.code).toBe('OKTA_STATUS_DEGRADED');
    expect(verdict.diagnosis?.detail).toBe('open: Investigating | Service Disruption | US Cell 6 login');
    expect(verdict.observed?.indicator).toBe(2);
  });

  it('accepts a Statuspage status.json', () => {
    expect(
      judgeStatus(answer(200, { status: { indicator: 'minor', description: 'Minor Service Outage' } }), NOW).observed,
    ).toEqual({
      indicator: 1,
      description: 'Minor Service Outage',
    });
  });

  it(
    'warns STATUS_FEED_STALE for a feed silent for STALE_DAYS or listing nothing: never an all-clear from a feed ' +
      'Okta may have stopped keeping',
    () => {
      const days = (n: number): number => n * 24;
      expect(
        judgeStatus(answer(200, atom(['Resolved | Maintenance | US Cell 2', days(STALE_DAYS - 1)])), NOW),
      ).toMatchObject({ diagnosis: null });
      const silent = judgeStatus(answer(200, atom(['Resolved | Maintenance | US Cell 2', days(STALE_DAYS + 5)])), NOW);
      expect(silent.diagnosis).toMatchObject({
        code: 'STATUS_FEED_STALE',
        detail: expect.stringContaining(`newest entry is ${STALE_DAYS + 5} days old`),
      });
      expect(judgeStatus(answer(200, atom()), NOW).diagnosis).toMatchObject({
        code: 'STATUS_FEED_STALE',
        detail: expect.stringContaining('lists no entry at all'),
      });
      // An open incident in a quiet feed is still the incident; a status.json says its own state and is never stale.
      expect(
        judgeStatus(answer(200, { status: { indicator: 'none', description: 'All Systems Operational' } }), NOW)
          .diagnosis,
      ).toBeNull();
    },
  );

  it('reports MALFORMED_RESPONSE for a body that is no feed', () => {
    expect(judgeStatus(answer(200, 'hello'), NOW).diagnosis?.code).toBe('MALFORMED_RESPONSE');
  });

  it('reports UNEXPECTED_RESPONSE for a redirect to a login page (status.okta.com/api/v2)', () => {
    const verdict = judgeStatus(answer(302, '', { location: 'https://status.okta.com/login' }), NOW);
    expect(verdict.diagnosis).toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      detail: 'HTTP 302 to https://status.okta.com/login: not a status feed',
    });
  });
});

describe("judgeStatus with the org's cell (oktaCell)", () => {
  const feed = (text: string) =>
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Investigating | Service ` +
    `Disruption | Authentication failures</title><updated>${new Date(NOW - 600_000).toISOString()}</updated><content ` +
    `type="html">&lt;p&gt;${text}&lt;/p&gt;</content></entry></feed>`;
  const usCell6 = { region: 'US', number: 6 };

  it('does not page for a major incident of another cell, and says which cell it watched', () => {
    const verdict = judgeStatus(answer(200, feed('Elevated errors for customers in EU Cell 2.')), NOW, usCell6);
    expect(verdict).toMatchObject({ diagnosis: null, observed: { indicator: 0, cell: 'US Cell 6' } });
  });

  it("fails for an incident naming the org's cell in either spelling, every cell, or no cell", () => {
    for (const text of [
      'Elevated errors in US Cell 6.',
      'Elevated errors on OK6.',
      'Elevated errors affecting all cells.',
      'Elevated errors on authentication.',
    ]) {
      expect(judgeStatus(answer(200, feed(text)), NOW, usCell6), text).toMatchObject({
        diagnosis: { code: 'OKTA_STATUS_DEGRADED' },
        observed: { indicator: 2 },
      });
    }
  });

  it("counts every cell's incident without a cell configured, as before", () => {
    expect(judgeStatus(answer(200, feed('Elevated errors for customers in EU Cell 2.')), NOW)).toMatchObject({
      diagnosis: { code: 'OKTA_STATUS_DEGRADED' },
    });
  });
});
