// A verdict carried between a journey's runs is labelled as carried everywhere it appears, and never
// counted as a fresh "up": the result, the terminal, the JSON, the run line (and so the dashboard's tables and the
// notifier), and the availability report.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../functions/cli/render';
import { AVAILABILITY_QUERY, LATEST_FAILURES_QUERY } from '../../../functions/contract';
import { carried, keptVerdict } from '../../../functions/probe/cadence';
import { fail, judged, pass } from '../../../functions/probe/verdict';
import { toCheckResult } from '../../../functions/probe/results';
import { computeAvailability } from '../../../functions/report/availability';
import { parseRunLine } from '../../../functions/report/parse-run-line';
import { runLogLine } from '../../../functions/report/run-line';
import { renderAvailabilityText } from '../../../functions/report/text';
import type { CheckResult, Report } from '../../../functions/types';

const JUDGED = Date.parse('2026-11-23T12:00:00.000Z');
const place = { orgUrl: 'https://acme.okta.com', host: 'acme.okta.com', secrets: [] };
const fresh = (): CheckResult =>
  toCheckResult({ server: 'portal', check: 'sign-in' }, { ...judged(pass()), durationMs: 900 }, place);
const repeated = (verdict = pass()): CheckResult =>
  toCheckResult({ server: 'portal', check: 'sign-in' }, carried(keptVerdict(judged(verdict), JUDGED, [])), place);
const report = (checks: CheckResult[], startedAt: string): Report => ({
  startedAt,
  durationMs: 400,
  orgUrl: 'https://acme.okta.com',
  checks,
  metrics: [],
});

describe('a carried verdict', () => {
  it('says when it was judged, in the result and so in the JSON', () => {
    expect(repeated()).toMatchObject({
      status: 'pass',
      latencyMs: null,
      carried: { judgedAt: '2026-11-23T12:00:00.000Z' },
    });
    expect(fresh().carried).toBeUndefined();
  });

  it('says "carried" in the terminal where a fresh one shows its latency', () => {
    const text = renderReport(report([repeated()], '2026-11-23T12:03:00.000Z'), { color: false, width: 100 });
    expect(text).toMatch(/PASS\s+sign-in\s+carried/);
    expect(renderReport(report([fresh()], '2026-11-23T12:03:00.000Z'), { color: false, width: 100 })).toMatch(
      /PASS\s+sign-in\s+900 ms/,
    );
  });

  it(
    "is a carried server in the run line, and a failure it repeats says when it was judged (the dashboard's " +
      'tables read both)',
    () => {
      const line = runLogLine(
        report([repeated(fail('USER_LOCKED_OUT', 'status LOCKED_OUT'))], '2026-11-23T12:03:00.000Z'),
      );
      expect(line.servers).toEqual([{ id: 'portal', up: 0, ms: null, carried: 1 }]);
      expect(line.failures[0]).toMatchObject({ code: 'USER_LOCKED_OUT', judgedAt: '2026-11-23T12:00:00.000Z' });
      expect(parseRunLine(JSON.stringify(line))).toEqual(line);
      expect(LATEST_FAILURES_QUERY.join('\n')).toContain('f.judgedAt');
      expect(AVAILABILITY_QUERY.join('\n')).toContain('filter not ispresent(s.carried)');
      expect(runLogLine(report([fresh()], '2026-11-23T12:00:00.000Z')).servers).toEqual([
        { id: 'portal', up: 1, ms: 900 },
      ]);
    },
  );

  it('is counted neither up nor down by the availability report: its own column, outside the percentage', () => {
    // One fresh journey at 12:00, then four runs carrying it, then a fresh failing journey at 12:05.
    const lines = [
      runLogLine(report([fresh()], '2026-11-23T12:00:00.000Z')),
      ...[1, 2, 3, 4].map((m) => runLogLine(report([repeated()], `2026-11-23T12:0${m}:00.000Z`))),
      runLogLine(
        report(
          [toCheckResult({ server: 'portal', check: 'sign-in' }, judged(fail('OKTA_SERVER_ERROR')), place)],
          '2026-11-23T12:05:00.000Z',
        ),
      ),
    ];
    const availability = computeAvailability(lines, {
      period: {
        start: Date.parse('2026-11-23T12:00:00.000Z'),
        end: Date.parse('2026-11-23T12:06:00.000Z'),
        label: 'six minutes',
      },
      intervalMinutes: 1,
    });
    const portal = availability.servers[0];
    expect(portal?.minutes).toMatchObject({ up: 1, carried: 4, okta: 1 });
    expect(portal?.measuredMinutes).toBe(2);
    expect(portal?.availabilityPercent).toBe(50);
    expect(renderAvailabilityText(availability)).toMatch(
      /carried = a sign-in journey's or SAML app's verdict repeated between its runs/,
    );
  });
});

describe("Okta's text in the run line", () => {
  // OSC 8 (a link), CSI (clear the screen), OSC 52 (write the clipboard), BEL and CR: what a terminal acts on.
  const hostile =
    'refused \u001b]8;;https://evil.example\u0007here\u001b]8;;\u0007 \u001b[2J\u001b]52;c;ZXZpbA==\u0007\rok';
  it('is stored without a terminal control, and read back without one from a line that kept them', () => {
    const line = runLogLine(
      report(
        [toCheckResult({ server: 'default', check: 'token' }, judged(fail('INVALID_CLIENT', hostile)), place)],
        '2026-11-23T12:03:00.000Z',
      ),
    );
    const stored = JSON.stringify(line);
    expect(line.failures[0]?.detail).toBe('refused ]8;;https://evil.examplehere]8;; [2J]52;c;ZXZpbA==ok');
    expect(JSON.parse(stored)).toEqual(line);
    // A line an older version wrote: the escapes come back with JSON.parse, and are dropped by the one parser.
    const old = stored.replace('refused ]8;;', 'refused \\u001b]8;;');
    const read = JSON.stringify(parseRunLine(old));
    expect(read).toContain('refused ]8;;');
    expect(read).not.toContain('\\u001b');
  });
});
