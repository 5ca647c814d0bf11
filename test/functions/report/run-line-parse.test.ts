// The run-line parser is total: each line is a whole run line or undefined, whatever its members hold.
// One wrong-typed member used to reach the report and crash it with exit 70; now it is skipped and counted.
import { describe, expect, it } from 'vitest';
import { computeAvailability } from '../../../functions/report/availability';
import { rangePeriod } from '../../../functions/report/period';
import { parseRunLine } from '../../../functions/report/parse-run-line';
import { goodRunLine, withMember } from '../../support/run-line-fixture';

const good = goodRunLine;

/** Each wrong shape the review found crashing `report`, and its kin. */
const MALFORMED: readonly (readonly [string, string])[] = [
  ['servers as a string', withMember('servers', 'default')],
  ['servers: [null]', withMember('servers', [null])],
  ['a server with up: "yes"', withMember('servers', [{ id: 'default', up: 'yes', ms: 10 }])],
  ['a server with ms: "fast"', withMember('servers', [{ id: 'default', up: 1, ms: 'fast' }])],
  ['failures: [null]', withMember('failures', [null])],
  ['failures as an object', withMember('failures', { server: 'default' })],
  ['a failure without a code', withMember('failures', [{ ...good.failures[0], code: undefined }])],
  [
    'a failure whose httpStatus is a string',
    withMember('failures', [{ ...good.failures[0], httpStatus: '503<script>' }]),
  ],
  ['a failure whose requestId is a number', withMember('failures', [{ ...good.failures[0], requestId: 5 }])],
  ['pending: 5', withMember('pending', 5)],
  ['pending: [null]', withMember('pending', [null])],
  ['maintenance: "yes"', withMember('maintenance', 'yes')],
  ['orgUrl: null', withMember('orgUrl', null)],
  ['startedAt not a time', withMember('startedAt', 'yesterday')],
  ['metrics missing', withMember('metrics', undefined)],
  ['a JSON array', '[1, 2]'],
  ['JSON null', 'null'],
  ['a number', '42'],
  ['half a line', JSON.stringify(good).slice(0, 90)],
  ['another log line', JSON.stringify({ message: 'START RequestId: 1' })],
];

describe('parseRunLine', () => {
  it('returns the line the builder wrote, members a later version may add kept', () => {
    expect(parseRunLine(JSON.stringify(good))).toEqual(good);
    expect(parseRunLine(withMember('addedLater', { x: 1 }))).toMatchObject({
      startedAt: good.startedAt,
      addedLater: { x: 1 },
    });
  });

  it.each(MALFORMED)('%s: undefined, never a line that crashes a reader', (_, text) => {
    expect(parseRunLine(text)).toBeUndefined();
  });

  it('every line it accepts can be reported on: the report never throws on what the parser let through', () => {
    const period = rangePeriod('2026-10-01', '2026-10-02', Date.parse('2026-11-01T00:00:00Z'));
    const lines = [JSON.stringify(good), ...MALFORMED.map(([, text]) => text)].flatMap(
      (text) => parseRunLine(text) ?? [],
    );
    expect(lines).toHaveLength(1);
    expect(computeAvailability(lines, { period }).runs).toBe(1);
  });
});
