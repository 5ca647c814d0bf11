// A run line read back is bounded field by field: a hostile or damaged history file (anyone who can write the folder
// writes any line) must never make the report crash, lie or swell. Each forged line below is of the right types, so
// the member-by-member type check let it through; it is refused now, its first problem named.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../../functions/cli/history';
import { RUN_LINE_SIGN_IN_CHARS, type RunLogLine } from '../../../functions/contract';
import { CHECKS } from '../../../functions/contract/names';
import { computeAvailability } from '../../../functions/report/availability';
import { rangePeriod } from '../../../functions/report/period';
import { parseRunLine } from '../../../functions/report/parse-run-line';
import { MOST_TARGETS, runLineProblem } from '../../../functions/report/run-line-shape';
import { renderAvailabilityText, TEXT_WIDTH } from '../../../functions/report/text';
import { goodRunLine, withMember } from '../../support/run-line-fixture';

const good = goodRunLine;
const failure = good.failures[0] as RunLogLine['failures'][number];
const server = { id: 'portal', up: 1, ms: 420, via: 'passkey', steps: 'interact 95, token 8' };

const withFailure = (member: Record<string, unknown>): string => withMember('failures', [{ ...failure, ...member }]);
const withServer = (member: Record<string, unknown>): string => withMember('servers', [{ ...server, ...member }]);
const many = (n: number, item: (i: number) => unknown): unknown[] => Array.from({ length: n }, (_, i) => item(i));

/** Forged lines of the right JSON types: each what it would have made the report do. */
const FORGED: readonly (readonly [string, string])[] = [
  ['a latency of 1e300 ms, printed "1e+300" across the table', withServer({ ms: 1e300 })],
  ['a latency of 12.5 ms, which no writer rounds to', withServer({ ms: 12.5 })],
  ['a run of 1e300 ms', withMember('durationMs', 1e300)],
  ['a preparation of two days', withMember('preparationMs', 2 * 86_400_000)],
  ['passed: 0.5', withMember('passed', 0.5)],
  ['failed: 2^60', withMember('failed', 2 ** 60)],
  ['metrics.published: 1e300', withMember('metrics', { published: 1e300, emf: 0 })],
  ['a server id of 10,000 characters, across the 80 columns', withServer({ id: 'x'.repeat(10_000) })],
  ['a server id with a space', withServer({ id: 'portal app' })],
  ['an empty server id', withServer({ id: '' })],
  [
    '2,000 servers in a line: a month of minutes held for each',
    withMember(
      'servers',
      many(2000, (i) => ({ ...server, id: `s${i}` })),
    ),
  ],
  ['via longer than the writer keeps', withServer({ via: 'p'.repeat(RUN_LINE_SIGN_IN_CHARS.via + 1) })],
  ['via over two lines', withServer({ via: 'passkey\npassword' })],
  ['steps longer than the writer keeps', withServer({ steps: 's'.repeat(RUN_LINE_SIGN_IN_CHARS.steps + 1) })],
  ['a failure code of 5,000 characters in an incident line', withFailure({ code: 'X'.repeat(5000) })],
  ['a failure check name of 5,000 characters', withFailure({ check: 'x'.repeat(5000) })],
  ['a failure on a server id with markup', withFailure({ server: '<b>default</b>' })],
  ['HTTP 1e20 in an incident line', withFailure({ httpStatus: 1e20 })],
  ['HTTP -1', withFailure({ httpStatus: -1 })],
  ['a request id of 5,000 characters', withFailure({ requestId: 'a'.repeat(5000) })],
  ['a request id with spaces and a link', withFailure({ requestId: 'see https://evil.example' })],
  ['a summary of a megabyte', withFailure({ summary: 's'.repeat(1_000_000) })],
  ['1,000 System Log changes', withFailure({ changes: many(1000, () => 'changed') })],
  ['judgedAt not a time', withFailure({ judgedAt: 'yesterday' })],
  [
    '20,000 failures',
    withMember(
      'failures',
      many(20_000, () => failure),
    ),
  ],
  ['an org address of 10,000 characters in the header', withMember('orgUrl', `https://${'a'.repeat(10_000)}.com`)],
  ['an org address that is a script', withMember('orgUrl', 'javascript:alert(1)')],
  ['startedAt as a bare date', withMember('startedAt', '2026-10-01')],
  ['startedAt with an offset: its file is another day', withMember('startedAt', '2026-10-01T23:30:00+14:00')],
  ['startedAt past Date range', withMember('startedAt', '+275760-09-14T00:00:00.000Z')],
  ['startedAt in words', withMember('startedAt', 'Thu, 01 Oct 2026 00:00:00 GMT')],
  [
    '2,000 pending servers',
    withMember(
      'pending',
      many(2000, (i) => `p${i}`),
    ),
  ],
  ['a covered list of 2,000 servers', withMember('covered', { servers: many(2000, (i) => `c${i}`) })],
  ['maintenance until a word', withMember('maintenance', { until: 'soon', reason: 'x' })],
  ['a flapping entry that is no server/check', withMember('flapping', ['x'.repeat(5000)])],
  [
    '100 provisioning apps where the writer keeps 10',
    withMember('provisioning', { apps: many(100, (i) => ({ app: `a${i}`, features: [] })) }),
  ],
  ['provisioning more: -5', withMember('provisioning', { apps: [], more: -5 })],
];

describe('a run line read back is bounded field by field', () => {
  it.each(FORGED)('%s: refused', (_, text) => {
    expect(parseRunLine(text)).toBeUndefined();
  });

  it('names the first member out of bounds', () => {
    expect(runLineProblem(JSON.parse(withServer({ ms: 1e300 })))).toBe(
      'line.servers[0].ms is not a whole number of ms below a day',
    );
    expect(runLineProblem(JSON.parse(withFailure({ httpStatus: 1e20 })))).toBe(
      'line.failures[0].httpStatus is not an HTTP status',
    );
  });

  it('accepts what the writer writes: the simulated month, a journey signing in, every check name', () => {
    expect(runLineProblem(good)).toBeUndefined();
    expect(parseRunLine(withServer({}))).toBeDefined();
    for (const check of CHECKS) expect(parseRunLine(withFailure({ check })), check).toBeDefined();
    expect(parseRunLine(withFailure({ requestId: '[REDACTED]' }))).toBeDefined();
    expect(parseRunLine(withMember('orgUrl', 'http://127.0.0.1:4000'))).toBeDefined();
  });

  it('what it accepts is reported truthfully: within 80 columns, no share past 100 %', () => {
    const period = rangePeriod('2026-10-01', '2026-10-02', Date.parse('2026-11-01T00:00:00Z'));
    // At the bounds, accepted: the longest id, org address and unbroken via the reader lets through.
    const longest = {
      ...good,
      orgUrl: `https://${'o'.repeat(240)}.com`,
      servers: [{ ...server, id: 'j'.repeat(64), via: 'v'.repeat(RUN_LINE_SIGN_IN_CHARS.via) }],
      failures: [{ ...failure, server: 'j'.repeat(64), code: 'C'.repeat(64), requestId: 'r'.repeat(36) }],
    };
    const lines = [JSON.stringify(good), withServer({}), JSON.stringify(longest), ...FORGED.map(([, t]) => t)].flatMap(
      (text) => parseRunLine(text) ?? [],
    );
    expect(lines).toHaveLength(3);
    const report = computeAvailability(lines, { period });
    const text = renderAvailabilityText(report);
    expect(text.split('\n').filter((row) => row.length > TEXT_WIDTH)).toEqual([]);
    for (const s of report.servers) expect(s.availabilityPercent ?? 0).toBeLessThanOrEqual(100);
  });
});

describe('what the lines may make the report hold', () => {
  const period = rangePeriod('2026-10-01', '2026-10-02', Date.parse('2026-11-01T00:00:00Z'));

  it('keeps at most MOST_TARGETS servers however many ids the lines name, the ones every run names first', () => {
    // Each forged line names one new id beside the real server: before, each id held a month of minutes.
    const lines = many(3 * MOST_TARGETS, (i) => ({
      ...good,
      servers: [
        { id: 'default', up: 1, ms: 100 },
        { id: `forged${i}`, up: 1, ms: 100 },
      ],
    })) as RunLogLine[];
    const report = computeAvailability(lines, { period });
    expect(report.servers).toHaveLength(MOST_TARGETS);
    expect(report.servers.map((s) => s.server)).toContain('default');
  });

  const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-bounds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("skips a line kept in another day's file: copied there, it would count its run twice", () => {
    const copied = { ...good, startedAt: '2026-10-02T00:00:01.200Z' };
    writeFileSync(join(dir, '2026-10-01.jsonl'), `${JSON.stringify(good)}\n${JSON.stringify(copied)}\n`);
    writeFileSync(join(dir, '2026-10-02.jsonl'), `${JSON.stringify(copied)}\n`);
    const read = readHistory(dir, rangePeriod('2026-10-01', '2026-10-03', Date.parse('2026-11-01T00:00:00Z')));
    expect(read.lines.map((l) => l.startedAt)).toEqual([good.startedAt, copied.startedAt]);
    expect(read.skipped).toBe(1);
  });
});
