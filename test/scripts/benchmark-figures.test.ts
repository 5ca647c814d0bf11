// docs/alarms.md's simulated page and OK times are read from BENCHMARKS.md's tables (sections t and w), not copied:
// a rerun of the quorum bench that moves a number moves the doc at `npm run docs`, and a row or column the bench no
// longer writes fails the docs rather than leave an old number standing. The words the figures are said in are
// prose.ts's: a constant of a day reads "a day", a share of half "half".
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quorumFigures } from '../../scripts/benchmark-figures';
import { lastSpan, part, share, span, spelled, times } from '../../scripts/prose';

const committed = readFileSync(new URL('../../BENCHMARKS.md', import.meta.url), 'utf8');

/** The sweep's row of a total outage with one region, as the bench writes it, with its worst page in seconds. */
const sweepRow = (pageWorst: string): string => `| Okta down (every request 5xx) | one region | 240 | ${pageWorst} |`;

describe('quorumFigures', () => {
  it('reads every figure from the committed BENCHMARKS.md', () => {
    const figures = Object.entries(quorumFigures(() => committed)).map(([name, figure]) => [name, figure()]);
    expect(figures.length).toBeGreaterThan(10);
    for (const [name, value] of figures) expect(value, name).toMatch(/\d|^every run$/);
  });

  it("moves with a rerun's number: the sweep's worst page, the blips' count", () => {
    const page = quorumFigures(() => committed)['sim-page-one']!().replace(/ s$/, '');
    expect(committed).toContain(sweepRow(page));
    const rerun = committed.replace(sweepRow(page), sweepRow('99.9'));
    expect(quorumFigures(() => rerun)['sim-page-one']!()).toBe('99.9 s');

    const blips = quorumFigures(() => committed)['sim-blip-4s-three']!();
    const [taken] = /^\d+/.exec(blips) ?? [''];
    const more = committed.replace(new RegExp(`(\\| three regions(?: \\| [^|]+){3} \\| )${taken}( of)`), '$1119$2');
    expect(quorumFigures(() => more)['sim-blip-4s-three']!()).toBe(blips.replace(/^\d+/, '119'));
  });

  it('throws naming the row or table the bench no longer writes, never keeping an old number', () => {
    const page = quorumFigures(() => committed)['sim-page-one']!().replace(/ s$/, '');
    const dropped = committed.replace(`${sweepRow(page)}`, '| Okta down (every request 5xx) | one regiön | 240 | 1 |');
    expect(() => quorumFigures(() => dropped)['sim-page-one']!()).toThrow(
      /has 0 rows "Okta down \(every request 5xx\) \| one region"/,
    );
    const untitled = committed.replace('**Blips at every phase.**', '**Blips.**');
    expect(() => quorumFigures(() => untitled)['sim-blip-4s-three']!()).toThrow(/0 tables titled "Blips at every/);
  });
});

describe('prose', () => {
  it('says a span in its largest whole unit, with an article for one', () => {
    expect([86_400, 3_600, 7_200, 172_800, 90, 60].map(span)).toEqual([
      'a day',
      'an hour',
      '2 hours',
      '2 days',
      '90 seconds',
      'a minute',
    ]);
    expect([3_600, 7_200].map(lastSpan)).toEqual(['hour', '2 hours']);
  });

  it('says half and a quarter in words, any other share as a percentage; twice; small counts spelled', () => {
    expect([50, 25, 40].map(share)).toEqual(['half', 'a quarter', '40%']);
    expect([1, 2, 3].map(times)).toEqual(['once', 'twice', 'three times']);
    expect([4, 11].map(spelled)).toEqual(['four', '11']);
    expect([2, 12, 7].map(part)).toEqual(['half', 'a twelfth', '1/7']);
  });
});
