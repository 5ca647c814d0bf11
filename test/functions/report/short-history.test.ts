// A history of a few runs seconds apart (run --every 10 tried once) is told as it is: its runs in seconds, and no SLA
// budget judged on a minute or two, where "0 of 0 min left" read as a budget spent.
import { describe, expect, it } from 'vitest';
import { computeAvailability } from '../../../functions/report/availability';
import { renderAvailabilityHtml } from '../../../functions/report/html';
import { rangePeriod } from '../../../functions/report/period';
import { renderAvailabilityText } from '../../../functions/report/text';
import { simulateMonth } from '../../../sim/month';

const NOW = Date.parse('2026-11-05T00:00:00Z');
const month = simulateMonth({ month: '2026-10', servers: ['org', 'default'], events: [] });
const period = rangePeriod('2026-10-03', '2026-10-04', NOW);
const start = Date.parse('2026-10-03T10:00:00Z');

/** `count` runs `gapSeconds` apart from 10:00, each a copy of a healthy run line of the month. */
function runs(count: number, gapSeconds: number) {
  const healthy = month[0];
  if (healthy === undefined) throw new Error('the simulated month has no run');
  return Array.from({ length: count }, (_, i) => ({
    ...healthy,
    startedAt: new Date(start + i * gapSeconds * 1000).toISOString(),
  }));
}

describe('a short history', () => {
  it('says its runs came every 10 s over 20 s, not "one every 1 min"', () => {
    const report = computeAvailability(runs(3, 10), { period });
    expect(report.cadence).toEqual({ gapSeconds: 10, spanSeconds: 20 });
    const text = renderAvailabilityText(report);
    expect(text).toContain('3 runs over 20 s, one every 10 s;');
    expect(text).not.toContain('one every 1 min');
    expect(renderAvailabilityHtml(report)).toContain('3 runs over 20 s, one every 10 s');
  });

  it('judges no budget below one minute, and says how long a history needs', () => {
    const report = computeAvailability(runs(3, 10), { period, slaTargetPercent: 99.99 });
    const text = renderAvailabilityText(report);
    expect(text).not.toMatch(/\b0(\.00)? of 0(\.00)? min left/);
    expect(text).toMatch(/^default +too short to judge/m);
    expect(text.replace(/\s+/g, ' ')).toContain(
      'Too short to judge a budget: 3 runs over 20 s, one every 10 s. At 99.99 % a budget holds one down minute only ' +
        'after 10,000 measured minutes (6.9 days).',
    );
    expect(renderAvailabilityHtml(report)).toContain('too short to judge');
  });

  it('keeps the minutes and the budget of a history long enough to judge', () => {
    const lines = Array.from({ length: 120 }, (_, i) => ({
      ...(month[0] as (typeof month)[number]),
      startedAt: new Date(start + i * 60_000).toISOString(),
    }));
    const report = computeAvailability(lines, { period, slaTargetPercent: 99 });
    const text = renderAvailabilityText(report);
    expect(text).toContain('120 runs, one every 1 min;');
    expect(text).toMatch(/^default +1\.20 of 1\.20 min left/m);
    expect(text).not.toContain('Too short');
  });

  it('counts a single run as one run, with no cadence to tell', () => {
    const report = computeAvailability(runs(1, 10), { period });
    expect(report.cadence).toEqual({ gapSeconds: null, spanSeconds: 0 });
    expect(renderAvailabilityText(report)).toContain('1 run; SLA target');
  });
});
