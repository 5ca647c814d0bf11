import { describe, expect, it } from 'vitest';
import { computeAvailability, percentiles } from '../../../functions/report/availability';
import { monthPeriod, rangePeriod, PeriodError } from '../../../functions/report/period';
import { simulateMonth, type MonthScenario } from '../../../sim/month';

// October 2026: 31 days, 44,640 minutes. Every number below is worked out by hand from these events.
const OCTOBER: MonthScenario = {
  month: '2026-10',
  servers: ['default', 'org'],
  events: [
    // Okta's outage on both servers: 12 minutes.
    {
      kind: 'failure',
      servers: '*',
      from: '2026-10-03T10:00:00Z',
      minutes: 12,
      check: 'token',
      code: 'OKTA_SERVER_ERROR',
      httpStatus: 503,
    },
    // The org's own access policy broken on default: 30 minutes.
    {
      kind: 'failure',
      servers: ['default'],
      from: '2026-10-10T08:00:00Z',
      minutes: 30,
      check: 'token',
      code: 'NO_ACCESS_POLICY',
      httpStatus: 401,
    },
    // The probe not running: 60 minutes of no lines at all.
    { kind: 'probe-down', from: '2026-10-15T00:00:00Z', minutes: 60 },
    // A 45-minute maintenance window, with an Okta failure inside it that must not count.
    { kind: 'maintenance', from: '2026-10-20T02:00:00Z', minutes: 45 },
    {
      kind: 'failure',
      servers: ['org'],
      from: '2026-10-20T02:10:00Z',
      minutes: 10,
      check: 'discovery',
      code: 'OKTA_SERVER_ERROR',
      httpStatus: 500,
    },
    // The probe's own secret unreadable on org: 5 minutes it measured nothing.
    {
      kind: 'failure',
      servers: ['org'],
      from: '2026-10-25T12:00:00Z',
      minutes: 5,
      check: 'token',
      code: 'SECRETS_UNAVAILABLE',
    },
    // Low rate-limit headroom is a warning, not downtime.
    {
      kind: 'failure',
      servers: ['default'],
      from: '2026-10-26T00:00:00Z',
      minutes: 20,
      check: 'rate-limit',
      code: 'RATE_LIMIT_HEADROOM_LOW',
    },
    // Okta timing out and the org's client failing at once: 4 minutes, Okta's.
    {
      kind: 'failure',
      servers: ['default'],
      from: '2026-10-28T06:00:00Z',
      minutes: 4,
      check: 'discovery',
      code: 'TIMEOUT',
    },
    {
      kind: 'failure',
      servers: ['default'],
      from: '2026-10-28T06:00:00Z',
      minutes: 4,
      check: 'token',
      code: 'INVALID_CLIENT',
      httpStatus: 401,
    },
  ],
};

const NOW = Date.parse('2026-11-22T00:00:00Z');
const period = monthPeriod('2026-10', NOW);

describe('computeAvailability on a simulated month', () => {
  const report = computeAvailability(simulateMonth(OCTOBER), { period, servers: ['default', 'org'] });
  const server = (id: string) => report.servers.find((s) => s.server === id)!;

  it('splits every minute of default into up, Okta, org, not running and maintenance', () => {
    expect(report.period.minutes).toBe(31 * 1440);
    expect(server('default').minutes).toEqual({
      up: 44_489,
      okta: 16,
      org: 30,
      probe: 0,
      notRunning: 60,
      maintenance: 45,
      carried: 0,
    });
    expect(server('default').measuredMinutes).toBe(44_535);
    expect(server('default').availabilityPercent).toBe(Math.round((1e6 * 44_489) / 44_535) / 1e4);
    expect(server('default').oktaAvailabilityPercent).toBe(Math.round((1e6 * (44_535 - 16)) / 44_535) / 1e4);
  });

  it('counts the probe side of org as unmeasured, never as up or down', () => {
    expect(server('org').minutes).toEqual({
      up: 44_518,
      okta: 12,
      org: 0,
      probe: 5,
      notRunning: 60,
      maintenance: 45,
      carried: 0,
    });
    expect(server('org').availabilityPercent).toBe(Math.round((1e6 * 44_518) / 44_530) / 1e4);
  });

  it("counts Okta refusing the probe's credentials (INVALID_CLIENT) as unmeasured, never the org's downtime", () => {
    const refused = computeAvailability(
      simulateMonth({
        month: '2026-10',
        servers: ['org'],
        events: [
          {
            kind: 'failure',
            servers: ['org'],
            from: '2026-10-05T09:00:00Z',
            minutes: 7,
            check: 'token',
            code: 'INVALID_CLIENT',
            httpStatus: 401,
          },
        ],
      }),
      { period, servers: ['org'] },
    );
    const org = refused.servers.find((s) => s.server === 'org')!;
    expect(org.minutes).toMatchObject({ org: 0, okta: 0, probe: 7 });
    expect(org.measuredMinutes).toBe(31 * 1440 - 7);
  });

  it("judges the 99.99 % target on Okta's minutes only, with the budget left", () => {
    // 0.01 % of 44,535 measured minutes is 4.4535 minutes; Okta used 16.
    expect(server('default').sla).toEqual({
      targetPercent: 99.99,
      allowedMinutes: 4.45,
      usedMinutes: 16,
      leftMinutes: -11.55,
      met: false,
    });
    const lenient = computeAvailability(simulateMonth(OCTOBER), {
      period,
      servers: ['default', 'org'],
      slaTargetPercent: 99.9,
    });
    // 0.1 % of 44,530 is 44.53 minutes; org's Okta downtime was 12.
    expect(lenient.servers[1]?.sla).toEqual({
      targetPercent: 99.9,
      allowedMinutes: 44.53,
      usedMinutes: 12,
      leftMinutes: 32.53,
      met: true,
    });
  });

  it('lists one incident per fault and stretch of time, with checks, codes, statuses and request ids', () => {
    expect(report.incidents.map((i) => [i.fault, i.start, i.end, i.minutes, i.servers.join(',')])).toEqual([
      ['okta', '2026-10-03T10:00:00.000Z', '2026-10-03T10:12:00.000Z', 12, 'default,org'],
      ['org', '2026-10-10T08:00:00.000Z', '2026-10-10T08:30:00.000Z', 30, 'default'],
      ['probe', '2026-10-25T12:00:00.000Z', '2026-10-25T12:05:00.000Z', 5, 'org'],
      ['okta', '2026-10-28T06:00:00.000Z', '2026-10-28T06:04:00.000Z', 4, 'default'],
    ]);
    const [outage, , secrets, both] = report.incidents;
    expect(outage?.codes).toEqual([{ code: 'OKTA_SERVER_ERROR', title: 'Okta server error', count: 24 }]);
    expect(outage?.httpStatuses).toEqual([503]);
    expect(outage?.requestIdCount).toBe(24);
    expect(outage?.checks).toEqual(['token']);
    expect(secrets?.requestIds).toEqual([]);
    expect(both?.codes.map((c) => [c.code, c.count])).toEqual([
      ['TIMEOUT', 4],
      ['INVALID_CLIENT', 4],
    ]);
  });

  it('gives each day its own split', () => {
    const day = (id: string, date: string) => server(id).days.find((d) => d.date === date)!;
    expect(server('default').days).toHaveLength(31);
    expect(day('default', '2026-10-03').minutes).toEqual({
      up: 1428,
      okta: 12,
      org: 0,
      probe: 0,
      notRunning: 0,
      maintenance: 0,
      carried: 0,
    });
    expect(day('org', '2026-10-15').minutes.notRunning).toBe(60);
    expect(day('org', '2026-10-20').minutes).toEqual({
      up: 1395,
      okta: 0,
      org: 0,
      probe: 0,
      notRunning: 0,
      maintenance: 45,
      carried: 0,
    });
    expect(day('default', '2026-10-01').availabilityPercent).toBe(100);
  });

  it("reads lines written before servers[] existed the same way, given the config's servers", () => {
    const old = simulateMonth(OCTOBER).map(({ servers: _servers, ...line }) => line);
    const fromOld = computeAvailability(old, { period, servers: ['default', 'org'] });
    expect(fromOld.servers.map((s) => s.minutes)).toEqual(report.servers.map((s) => s.minutes));
    expect(fromOld.servers[0]?.latency).toBeNull();
  });

  it('lets one run stand for its schedule: a run every 5 minutes covers 5 minutes', () => {
    const sparse = simulateMonth({ ...OCTOBER, everyMinutes: 5, events: [OCTOBER.events[0]!] });
    const five = computeAvailability(sparse, { period, servers: ['default', 'org'] });
    expect(five.intervalMinutes).toBe(5);
    // The outage spans the runs at 10:00, 10:05 and 10:10: 15 minutes at this resolution.
    expect(five.servers[0]?.minutes).toEqual({
      up: 44_625,
      okta: 15,
      org: 0,
      probe: 0,
      notRunning: 0,
      maintenance: 0,
      carried: 0,
    });
  });

  it('reports a server of the config the lines never name as not running, not as up', () => {
    const withNew = computeAvailability(simulateMonth(OCTOBER), { period, servers: ['default', 'org', 'payments'] });
    expect(withNew.servers[2]?.minutes.notRunning).toBe(44_640 - 45);
    expect(withNew.servers[2]?.availabilityPercent).toBeNull();
  });
});

// A --server debug run once in the history folder turned every other server's minute unknown.
describe('a run limited by --server or --check', () => {
  const month = simulateMonth(OCTOBER);
  const full = computeAvailability(month, { period, servers: ['default', 'org'] });
  const at = (iso: string) => month.find((line) => line.startedAt === iso)!;
  // A second run in a minute the month already has, 20 s after the scheduled one: the latest run of each server wins.
  const later = (line: (typeof month)[number], change: Partial<(typeof month)[number]>) => ({
    ...line,
    startedAt: new Date(Date.parse(line.startedAt) + 20_000).toISOString(),
    ...change,
  });
  const base = at('2026-10-01T12:00:01.200Z');

  it("--server org leaves default's minutes as the full runs measured them", () => {
    const debug = later(base, { servers: base.servers?.filter((s) => s.id === 'org'), covered: { servers: ['org'] } });
    const withDebug = computeAvailability([...month, debug], { period, servers: ['default', 'org'] });
    expect(withDebug.servers.map((s) => s.minutes)).toEqual(full.servers.map((s) => s.minutes));
  });

  it("without the coverage it records, the same run would have turned default's minute unknown", () => {
    const unrecorded = later(base, { servers: base.servers?.filter((s) => s.id === 'org') });
    const blind = computeAvailability([...month, unrecorded], { period, servers: ['default', 'org'] });
    expect(blind.servers[0]?.minutes.notRunning).toBe((full.servers[0]?.minutes.notRunning ?? 0) + 1);
  });

  it("--server org counts org's own failure", () => {
    const failure = {
      server: 'org',
      check: 'token' as const,
      code: 'OKTA_SERVER_ERROR' as const,
      summary: 's',
      remedy: 'r',
      requestId: 'req',
      httpStatus: 503,
    };
    const down = later(base, {
      servers: [{ id: 'org', up: 0, ms: null }],
      failures: [failure],
      covered: { servers: ['org'] },
    });
    const withDown = computeAvailability([...month, down], { period, servers: ['default', 'org'] });
    expect(withDown.servers[1]?.minutes.okta).toBe((full.servers[1]?.minutes.okta ?? 0) + 1);
    expect(withDown.servers[0]?.minutes).toEqual(full.servers[0]?.minutes);
  });

  it('--check proves a server down, never up: a pass of some checks says nothing of the others', () => {
    const outage = at('2026-10-03T10:05:01.200Z');
    const partialPass = later(outage, {
      servers: outage.servers?.map((s) => ({ ...s, up: 1 as const })),
      failures: [],
      covered: { checks: ['discovery'] },
    });
    const withPass = computeAvailability([...month, partialPass], { period, servers: ['default', 'org'] });
    expect(withPass.servers.map((s) => s.minutes)).toEqual(full.servers.map((s) => s.minutes));
  });
});

describe('percentiles', () => {
  it('takes nearest-rank values that were observed', () => {
    expect(percentiles(Array.from({ length: 100 }, (_, i) => 100 - i))).toEqual({
      p50: 50,
      p90: 90,
      p99: 99,
      samples: 100,
    });
    expect(percentiles([])).toBeNull();
  });
});

describe('periods', () => {
  it('cuts the current month at now and refuses a month not begun or malformed', () => {
    expect(monthPeriod('2026-11', NOW)).toEqual({
      start: Date.parse('2026-11-01T00:00:00Z'),
      end: NOW,
      label: '2026-11',
    });
    expect(() => monthPeriod('2026-12', NOW)).toThrow(PeriodError);
    expect(() => monthPeriod('2026-13', NOW)).toThrow(/--month must be YYYY-MM/);
  });

  it('reads --since/--until as dates or zoned times and refuses a reversed range', () => {
    expect(
      rangePeriod('2026-10-01', '2026-10-08T12:00:00Z', NOW).end -
        rangePeriod('2026-10-01', '2026-10-08T12:00:00Z', NOW).start,
    ).toBe(7.5 * 86_400_000);
    expect(() => rangePeriod('2026-10-08', '2026-10-01', NOW)).toThrow(/--until must be after --since/);
    expect(() => rangePeriod('yesterday', undefined, NOW)).toThrow(/--since must be a date/);
  });
});
