// The availability report from the command line: runs kept by `run --history DIR` (with the simulator), a simulated
// month read back from a local history, and the same month from the deployed run log through the loopback AWS fake
// (FilterLogEvents paged as CloudWatch Logs pages it).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appendRunLine, repeatEvery } from '../../../functions/cli/history';
import { main } from '../../../functions/cli/main';
import { probeLogGroupName, type RunLogLine } from '../../../functions/contract';
import { computeAvailability, type AvailabilityReport } from '../../../functions/report/availability';
import { monthPeriod } from '../../../functions/report/period';
import { RUN_LINE_FILTER } from '../../../functions/report/run-log';
import { writeSimulatorConfig } from '../../../sim/config';
import { simulateMonth, type MonthScenario } from '../../../sim/month';
import { fakeAwsEnv, startAwsFake, type AwsFake, type LogEvent } from '../../support/aws-fake';
import { useSimulator } from '../../support/simulator';
import { twoServerConfig } from '../../support/configs';
import { restoreEnv } from '../../support/env';
import { captureIo } from './helpers';

const sim = useSimulator();
const MONTH: MonthScenario = {
  month: '2026-10',
  servers: ['org', 'default'],
  events: [
    {
      kind: 'failure',
      servers: '*',
      from: '2026-10-03T10:00:00Z',
      minutes: 12,
      check: 'token',
      code: 'OKTA_SERVER_ERROR',
      httpStatus: 503,
    },
    {
      kind: 'failure',
      servers: ['default'],
      from: '2026-10-10T08:00:00Z',
      minutes: 30,
      check: 'token',
      code: 'NO_ACCESS_POLICY',
      httpStatus: 401,
    },
    { kind: 'probe-down', from: '2026-10-15T00:00:00Z', minutes: 60 },
  ],
};
const lines = simulateMonth(MONTH);
let dir: string;
let aws: AwsFake;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-report-'));
  for (const line of lines) appendRunLine(join(dir, 'history'), line);
  // The deployed log group: each line stamped when the Lambda wrote it, after its run started.
  const events: LogEvent[] = lines.map((line) => ({
    timestamp: Date.parse(line.startedAt) + line.durationMs,
    message: JSON.stringify(line),
  }));
  // Pages of 200 KB instead of 1 MB: each day's slice takes several, as a month of 90 servers does at 1 MB.
  aws = await startAwsFake({
    logGroups: new Map([[probeLogGroupName('okta-synthetics'), events]]),
    filterPageBytes: 200_000,
  });
});
afterAll(async () => {
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  restoreEnv(savedEnv);
  aws.calls.length = 0;
});

function deployConfig(extra: Record<string, unknown> = {}): string {
  const path = join(dir, 'deploy.json');
  writeFileSync(path, JSON.stringify({ ...twoServerConfig(['eu-west-1']), ...extra }));
  return path;
}

function awsEnv(): void {
  Object.assign(process.env, fakeAwsEnv(aws, dir));
}

describe('report --history', () => {
  it(
    "prints each server's split, the budget and the incidents with request ids, and exits 1 when the target " +
      'was missed',
    async () => {
      const io = captureIo();
      expect(await main(['report', '--month', '2026-10', '--history', join(dir, 'history')], io)).toBe(1);
      const text = io.out();
      expect(text).toContain('Availability of https://acme.okta.com, 2026-10');
      // default: 12 min Okta's, 30 min the org's, 60 min unknown; 44,538 of 44,580 measured minutes up.
      expect(text).toMatch(/default\s+99\.906 %\s+99\.973 %\s+12\s+30\s+60\s+0\n/);
      expect(text).toMatch(/default\s+over by 7\.54 min \(4\.46 allowed\)\s+\d+\/\d+ ms\n/);
      // Within 80 columns: an incident's line continues, indented, on the next.
      expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
      const joined = text.replace(/\n +/g, ' ');
      expect(joined).toContain(
        "2026-10-03 10:00 to 10:12 UTC, 12 min, Okta's: default, org; token; OKTA_SERVER_ERROR x24 (HTTP 503)",
      );
      expect(joined).toContain(
        "2026-10-10 08:00 to 08:30 UTC, 30 min, org's configuration: default; token; NO_ACCESS_POLICY x30 (HTTP 401)",
      );
      expect(text).toMatch(/X-Okta-Request-Id: sim\w+/);
    },
  );

  it('meets a lower target (--sla 99.9) and says so with exit 0; --json carries the same numbers', async () => {
    const io = captureIo();
    expect(
      await main(['report', '--month', '2026-10', '--history', join(dir, 'history'), '--sla', '99.9', '--json'], io),
    ).toBe(0);
    const json = JSON.parse(io.out()) as AvailabilityReport & { source: string };
    expect(json.slaTargetPercent).toBe(99.9);
    expect(json.servers.find((s) => s.server === 'default')?.minutes).toEqual({
      up: 44_538,
      okta: 12,
      org: 30,
      probe: 0,
      notRunning: 60,
      maintenance: 0,
      carried: 0,
    });
    expect(json.incidents).toHaveLength(2);
    expect(json.source).toBe(`31 day files in ${join(dir, 'history')}`);
  });

  it(
    'writes one self-contained page: a strip per server, the timeline, the incidents, the latency, nothing ' +
      'fetched',
    async () => {
      const page = join(dir, 'report.html');
      expect(
        await main(['report', '--month', '2026-10', '--history', join(dir, 'history'), '--html', page], captureIo()),
      ).toBe(1);
      const html = readFileSync(page, 'utf8');
      expect(html.match(/class="day"/g)).toHaveLength(2 * 31);
      expect(html).toContain('aria-label="incident timeline"');
      expect(html).toContain('aria-label="latency percentiles per day"');
      expect(html).toContain('NO_ACCESS_POLICY');
      // Opens offline: no script, no stylesheet or image link, no URL but the org's own name in the title.
      expect(html).not.toMatch(/<script|<link|src=|url\(|@import/);
      expect(html.match(/https?:\/\/[^\s"<]+/g) ?? []).toEqual(['https://acme.okta.com', 'https://acme.okta.com']);
    },
  );

  it('keeps each run of "run --history" as a run line in the day\'s file, with every server up', async () => {
    const history = join(dir, 'kept');
    const config = await writeSimulatorConfig(sim(), join(dir, 'sim-config'));
    expect(await main(['run', '--config', config, '--history', history], captureIo())).toBe(0);
    const [file] = readdirSync(history);
    expect(file).toMatch(/^\d{4}-\d{2}-\d{2}\.jsonl$/);
    const line = JSON.parse(readFileSync(join(history, file as string), 'utf8').trim()) as RunLogLine;
    expect(line.message).toBe('okta-synthetics run');
    // Every authorization server of the simulator's config, up; the status feed is not one.
    expect(line.servers?.map((s) => s.up)).toEqual(line.servers?.map(() => 1));
    expect(line.servers?.map((s) => s.id)).not.toContain('okta');
    expect(line.servers?.length).toBeGreaterThanOrEqual(2);
    expect(line.servers?.every((s) => typeof s.ms === 'number')).toBe(true);
    const io = captureIo();
    expect(await main(['report', '--since', line.startedAt.slice(0, 10), '--history', history, '--json'], io)).toBe(0);
    expect((JSON.parse(io.out()) as AvailabilityReport).runs).toBe(1);
  });

  it('refuses a missing period, two periods or a bad target with the option to fix', async () => {
    const cases: [string[], RegExp][] = [
      [['report', '--history', dir], /which period\? --month \d{4}-\d{2}/],
      [
        ['report', '--month', '2026-10', '--since', '2026-10-01', '--history', dir],
        /--month or --since\/--until, not both/,
      ],
      [['report', '--month', '2026-10', '--history', dir, '--sla', '101'], /--sla expects a percentage from 90 to 100/],
      [['report', '--month', '2026-10'], /--config FILE .* or --history DIR/],
      [['run', '--config', 'x.json', '--every', '5'], /--every expects whole seconds from 10/],
    ];
    for (const [argv, message] of cases) {
      const io = captureIo();
      expect(await main(argv, io)).toBe(2);
      expect(io.err().replace(/\s+/g, ' ')).toMatch(message);
    }
  });
});

describe('report --config (the deployed run log, through the AWS fake)', () => {
  it('reads the month with paged FilterLogEvents calls and reports what the local history reports', async () => {
    awsEnv();
    const io = captureIo(process.env);
    const code = await main(['report', '--month', '2026-10', '--config', deployConfig(), '--json'], io);
    expect(code).toBe(1);
    const json = JSON.parse(io.out()) as AvailabilityReport;
    const expected = computeAvailability(lines, {
      period: monthPeriod('2026-10', Date.now()),
      servers: ['org', 'default'],
      intervalMinutes: 1,
    });
    expect(json.servers).toEqual(expected.servers);
    expect(json.incidents).toEqual(expected.incidents);
    const calls = aws.calls.filter((c) => c.operation === 'logs.FilterLogEvents');
    expect(
      calls.every(
        (c) =>
          c.input.logGroupName === '/aws/lambda/okta-synthetics-probe' && c.input.filterPattern === RUN_LINE_FILTER,
      ),
    ).toBe(true);
    // One slice a day, the outer two reaching a minute beyond the month, the inner ones meeting without overlap.
    const slices = calls
      .filter((c) => c.input.nextToken === undefined)
      .map((c) => [c.input.startTime as number, c.input.endTime as number])
      .sort((a, b) => a[0]! - b[0]!);
    expect(slices).toHaveLength(31);
    expect(slices[0]?.[0]).toBe(Date.parse('2026-10-01T00:00:00Z') - 60_000);
    expect(slices.at(-1)?.[1]).toBe(Date.parse('2026-11-01T00:00:00Z') + 60_000);
    for (let i = 1; i < slices.length; i += 1) expect(slices[i]?.[0]).toBe((slices[i - 1]?.[1] as number) + 1);
    // About 0.9 MB a day: each slice is several 200 KB pages, each asked with the last one's token.
    expect(calls.length).toBeGreaterThan(2 * 31);
  });

  it("reports the config's journeys beside its servers, as the report from --history does", async () => {
    awsEnv();
    const io = captureIo(process.env);
    const signIn = [
      {
        id: 'portal',
        server: 'org',
        flow: 'idx',
        clientId: '0oaportal',
        redirectUri: 'https://portal.acme.example/callback',
        username: 'synthetic.user@acme.example',
      },
    ];
    await main(['report', '--month', '2026-10', '--config', deployConfig({ signIn }), '--json'], io);
    const json = JSON.parse(io.out()) as AvailabilityReport;
    expect(json.servers.map((s) => s.server)).toEqual(['org', 'default', 'portal']);
  });

  it('takes the SLA target from the config, and names the region and log group when there is none', async () => {
    awsEnv();
    const io = captureIo(process.env);
    expect(
      await main(['report', '--month', '2026-10', '--config', deployConfig({ slaTargetPercent: 99.5 }), '--json'], io),
    ).toBe(0);
    expect((JSON.parse(io.out()) as AvailabilityReport).slaTargetPercent).toBe(99.5);

    const missing = captureIo(process.env);
    expect(
      await main(['report', '--month', '2026-10', '--config', deployConfig({ prefix: 'other' }), '--json'], missing),
    ).toBe(2);
    expect(missing.err().replace(/\s+/g, ' ')).toContain(
      'no log group /aws/lambda/other-probe in eu-west-1: is the stack deployed there (--region)',
    );
  });

  it(
    'a month the log holds no run of: "no runs between X ' + 'and Y in the log group", exit 3, never "target met"',
    async () => {
      awsEnv();
      const io = captureIo(process.env);
      expect(await main(['report', '--month', '2026-09', '--config', deployConfig()], io)).toBe(3);
      expect(io.err()).toBe(
        'report: no runs between 2026-09-01T00:00Z and 2026-10-01T00:00Z in\n/aws/lambda/okta-synthetics-probe ' +
          '(eu-west-1)\n',
      );
      expect(io.out()).toBe('');
    },
  );
});

describe('repeatEvery', () => {
  it('never runs twice in one slot when the timer fires before the wall clock reaches it', async () => {
    // The wall clock as the loop reads it: the second run starts 1 ms before its slot's time on it (libuv's timers
    // are not Date.now's), which read as "the slot still to come" and ran the third run at once, in the same slot.
    let wall = 0;
    const at: number[] = [];
    const run = async (): Promise<number> => {
      at.push(performance.now());
      if (at.length === 2) wall = 49;
      return 0;
    };
    await repeatEvery(0.05, run, { count: 3, signal: new AbortController().signal, now: () => wall });
    expect(at).toHaveLength(3);
    expect((at[2] as number) - (at[1] as number)).toBeGreaterThanOrEqual(40);
  });

  it('runs at a fixed rate the given number of times, and stops between runs when aborted', async () => {
    const started: number[] = [];
    // The schedule starts when repeatEvery is called: on a loaded machine the first run may begin late in its slot,
    // so the third start is measured from the schedule's start, not from the first run's.
    const scheduled = Date.now();
    const code = await repeatEvery(0.05, async () => (started.push(Date.now()), 0), {
      count: 3,
      signal: new AbortController().signal,
    });
    expect(code).toBe(0);
    expect(started).toHaveLength(3);
    expect((started[2] as number) - scheduled).toBeGreaterThanOrEqual(95);

    const stop = new AbortController();
    let runs = 0;
    await repeatEvery(0.05, async () => ((runs += 1), runs === 2 && stop.abort(), 1), { signal: stop.signal });
    expect(runs).toBe(2);
  });
});
