// The local alarms of `run --history` with localNotifications: once per change of state, the stack's
// page/warn split, no data never a pass, and nothing told during maintenance.
import { describe, expect, it } from 'vitest';
import { RUN_LOG_MESSAGE, type RunLogFailure, type RunLogLine } from '../../../functions/contract';
import { gaugesOf } from '../../../functions/plan/outputs';
import {
  EMPTY_STATE,
  evaluateRun,
  failureSeverity,
  markTold,
  parseLocalAlarmFile,
  untold,
  type LocalAlarmFile,
} from '../../../functions/notify/local-alarms';
import { webhookBody } from '../../../functions/notify/webhooks';
import { buildMessage } from '../../../functions/notify/message';
import type { ServerConfig } from '../../../functions/types';

const PREFIX = 'okta-synthetics';
const CHANNEL = 'slack:SLACK_URL';

function line(
  minute: number,
  failures: RunLogFailure[],
  servers = ['default', 'org'],
  extra: Partial<RunLogLine> = {},
): RunLogLine {
  return {
    level: failures.length > 0 ? 'WARN' : 'INFO',
    message: RUN_LOG_MESSAGE,
    startedAt: new Date(Date.UTC(2026, 10, 23, 3, minute)).toISOString(),
    durationMs: 800,
    orgUrl: 'https://acme.okta.com',
    passed: 9,
    failed: failures.length,
    skipped: 0,
    failures,
    metrics: { published: 10, emf: 0 },
    servers: servers.map((id) => ({ id, up: failures.some((f) => f.server === id) ? 0 : 1, ms: 120 })),
    ...extra,
  };
}

const failing = (check: RunLogFailure['check'], code: RunLogFailure['code'], server = 'default'): RunLogFailure => ({
  server,
  check,
  code,
  summary: `${code} summary`,
  remedy: `${code} remedy`,
  requestId: 'req-1',
});
const tokenDown = failing('token', 'INVALID_CLIENT');
const headroomLow = failing('rate-limit', 'RATE_LIMIT_HEADROOM_LOW');

/** A run line moved `minutes` later. */
const later =
  (minutes: number) =>
  (l: RunLogLine): RunLogLine => ({
    ...l,
    startedAt: new Date(Date.parse(l.startedAt) + minutes * 60_000).toISOString(),
  });

/** Runs the lines through the alarms, telling CHANNEL each change as it comes: what was told, in order. */
function timeline(lines: readonly RunLogLine[], maintenance: ReadonlySet<number> = new Set()): string[] {
  let state: LocalAlarmFile = EMPTY_STATE;
  const told: string[] = [];
  lines.forEach((l, index) => {
    state = evaluateRun(state, l, PREFIX);
    if (maintenance.has(index)) return;
    for (const pending of untold(state, CHANNEL, ['page', 'warn'], PREFIX)) {
      told.push(`${index}:${pending.change.state} ${pending.alarmName}`);
      state = markTold(state, pending.alarmName, CHANNEL);
    }
  });
  return told;
}

describe('local alarms', () => {
  it('a page check failing for three runs is told once, and its recovery once', () => {
    const told = timeline([
      line(0, []),
      line(1, [tokenDown]),
      line(2, [tokenDown]),
      line(3, [tokenDown]),
      line(4, []),
      line(5, []),
    ]);
    expect(told).toEqual(['1:ALARM okta-synthetics-default-page', '4:OK okta-synthetics-default-page']);
  });

  it('a healthy history tells nothing: OK is not news', () => {
    expect(timeline([line(0, []), line(1, []), line(2, [])])).toEqual([]);
  });

  it('a warning opens in 2 of the last 3 runs and closes when fewer than 2 of 3 fail, as the warn members do', () => {
    const told = timeline([
      line(0, [headroomLow]),
      line(1, []),
      line(2, [headroomLow]),
      line(3, []),
      line(4, []),
      line(5, []),
    ]);
    expect(told).toEqual(['2:ALARM okta-synthetics-default-warn', '3:OK okta-synthetics-default-warn']);
  });

  it('a warning is never a page: the rate-limit check warns, the token check pages', () => {
    expect(failureSeverity(headroomLow)).toBe('warn');
    expect(failureSeverity(tokenDown)).toBe('page');
    const told = timeline([line(0, [headroomLow]), line(1, [headroomLow])]);
    expect(told).toEqual(['1:ALARM okta-synthetics-default-warn']);
  });

  it("the org's rate-limit warnings warn and its violations page, as their gauge alarms do", () => {
    const [violation, warning] = ['ORG_RATE_LIMIT_VIOLATION', 'ORG_RATE_LIMIT_WARNING'] as const;
    const severityOf = (code: RunLogFailure['code']) =>
      gaugesOf('org-rate-limit')
        .flatMap((g) => g.alarms)
        .find((a) => a.runbook.causes.includes(code))?.severity;
    expect(failureSeverity(failing('org-rate-limit', violation, 'org'))).toBe(severityOf(violation));
    expect(failureSeverity(failing('org-rate-limit', warning, 'org'))).toBe(severityOf(warning));
    expect(severityOf(violation)).not.toBe(severityOf(warning));
  });

  it('a sign-in journey that fails pages, as its CheckSuccess alarm does', () => {
    expect(failureSeverity(failing('sign-in', 'SIGN_IN_REJECTED', 'portal'))).toBe('page');
  });

  it('a server missing from a run (filtered, credential not put) keeps its state: no data is never a pass', () => {
    const told = timeline([
      line(0, [tokenDown]),
      line(1, [], ['org']),
      line(2, [], ['default'], { pending: ['default'] }),
      line(3, []),
    ]);
    expect(told).toEqual(['0:ALARM okta-synthetics-default-page', '3:OK okta-synthetics-default-page']);
  });

  it('a failure the run withheld for maintenance is no datapoint', () => {
    const withheld = { ...tokenDown, withheld: 'maintenance' as const };
    expect(timeline([line(0, [withheld]), line(1, [withheld])])).toEqual([]);
  });

  it('a flapping page check still counts as failing: its pass was held back', () => {
    const told = timeline([
      line(0, [tokenDown]),
      line(1, [], ['default'], { flapping: ['default/token'] }),
      line(2, []),
    ]);
    expect(told).toEqual(['0:ALARM okta-synthetics-default-page', '2:OK okta-synthetics-default-page']);
  });

  it('nothing is told during maintenance; a recovery within the window is told once it ends', () => {
    const lines = [line(0, [tokenDown]), line(1, [tokenDown]), line(2, []), line(3, []), line(4, [])];
    expect(timeline(lines, new Set([1, 2, 3]))).toEqual([
      '0:ALARM okta-synthetics-default-page',
      '4:OK okta-synthetics-default-page',
    ]);
  });

  it('an outage that begins and ends inside the window is never told', () => {
    const lines = [line(0, []), line(1, [tokenDown]), line(2, [tokenDown]), line(3, []), line(4, [])];
    expect(timeline(lines, new Set([1, 2, 3]))).toEqual([]);
  });

  it('a channel not yet told (its post failed) is told at the next run, and another channel is told on its own', () => {
    let state = evaluateRun(EMPTY_STATE, line(0, [tokenDown]), PREFIX);
    const first = untold(state, CHANNEL, ['page'], PREFIX);
    expect(first.map((p) => p.change.state)).toEqual(['ALARM']);
    state = evaluateRun(state, line(1, [tokenDown]), PREFIX);
    expect(untold(state, CHANNEL, ['page'], PREFIX).map((p) => p.alarmName)).toEqual(['okta-synthetics-default-page']);
    state = markTold(state, 'okta-synthetics-default-page', CHANNEL);
    expect(untold(state, CHANNEL, ['page'], PREFIX)).toEqual([]);
    expect(untold(state, 'pagerduty:PD_KEY', ['page'], PREFIX)).toHaveLength(1);
    expect(untold(state, 'teams:TEAMS_URL', ['warn'], PREFIX)).toEqual([]);
  });

  it(
    "the change carries the times the notifier's message uses: when it began, and the outage's length on " + 'recovery',
    () => {
      let state = evaluateRun(EMPTY_STATE, line(0, []), PREFIX);
      state = evaluateRun(state, line(1, [tokenDown]), PREFIX);
      state = markTold(state, 'okta-synthetics-default-page', CHANNEL);
      state = evaluateRun(state, line(13, []), PREFIX);
      const [recovery] = untold(state, CHANNEL, ['page'], PREFIX);
      const message = buildMessage({ change: recovery!.change, prefix: PREFIX, runs: state.recent });
      expect(message.subject).toBe('OK okta-synthetics/default: recovered after 12 min');
      expect(message.text).toContain('Recovered: token INVALID_CLIENT');
    },
  );

  it('a state file that is not one (hand-edited, truncated) starts afresh, and a written one reads back', () => {
    expect(parseLocalAlarmFile('{"version":1,"alarms":{"x":{"state":"MAYBE"}},"recent":[]}')).toBeNull();
    expect(parseLocalAlarmFile('{"version":1,"ala')).toBeNull();
    const state = evaluateRun(EMPTY_STATE, line(0, [tokenDown]), PREFIX);
    expect(parseLocalAlarmFile(JSON.stringify(state))).toEqual(state);
  });
});

describe('webhook bodies', () => {
  const state = evaluateRun(EMPTY_STATE, line(0, [tokenDown]), PREFIX);
  const [pending] = untold(state, CHANNEL, ['page'], PREFIX);
  const message = buildMessage({ change: pending!.change, prefix: PREFIX, runs: state.recent });
  const input = {
    change: pending!.change,
    severity: 'page' as const,
    server: 'default',
    message,
    orgUrl: 'https://acme.okta.com',
  };

  it('PagerDuty: a critical trigger per alarm, resolved by the same dedup_key, with the routing key', () => {
    const trigger = webhookBody('pagerduty', input, 'R0UTINGKEY') as Record<string, unknown>;
    expect(trigger).toMatchObject({
      routing_key: 'R0UTINGKEY',
      event_action: 'trigger',
      dedup_key: 'okta-synthetics-default-page',
      payload: { severity: 'critical', source: 'acme.okta.com', component: 'default' },
    });
    const resolve = webhookBody(
      'pagerduty',
      { ...input, change: { ...input.change, state: 'OK' } },
      'R0UTINGKEY',
    ) as Record<string, unknown>;
    expect(resolve).toEqual({
      routing_key: 'R0UTINGKEY',
      event_action: 'resolve',
      dedup_key: 'okta-synthetics-default-page',
    });
  });

  it('Slack and Teams carry the diagnosis and the remedy; the generic webhook the whole message', () => {
    expect((webhookBody('slack', input) as { text: string }).text).toContain('INVALID_CLIENT remedy');
    expect(JSON.stringify(webhookBody('teams', input))).toContain('INVALID_CLIENT remedy');
    expect(webhookBody('webhook', input)).toMatchObject({
      state: 'ALARM',
      severity: 'page',
      server: 'default',
      subject: message.subject,
      text: message.text,
    });
  });
  it("leavers page with provisioning.pageOnLeavers, as the stack's alarm does, and warn without it", () => {
    const leavers = failing('provisioning-health', 'PROVISIONING_LEAVERS_OPEN', 'org');
    const failingApp = failing('provisioning-health', 'PROVISIONING_CREDENTIAL_FAILED', 'org');
    const org = (pageOnLeavers: boolean): ServerConfig => ({
      id: 'org',
      clientId: '0oa1',
      credential: { kind: 'client_secret_basic', from: 'inline', clientSecret: 'x'.repeat(40) },
      scopes: ['okta.logs.read', 'okta.apps.read'],
      requiredClaims: [],
      systemLog: true,
      provisioning: { pageOnLeavers, lookbackHours: 24 },
    });
    const alarmed = (servers: ServerConfig[], failures: RunLogFailure[]): string[] => {
      const state = evaluateRun(EMPTY_STATE, line(0, failures), PREFIX, servers);
      return untold(state, CHANNEL, ['page', 'warn'], PREFIX).map((p) => `${p.change.state} ${p.alarmName}`);
    };
    expect(failureSeverity(leavers, [org(true)])).toBe('page');
    expect(failureSeverity(leavers, [org(false)])).toBe('warn');
    // One run pages, as the deployed page alarm does; a warning waits for 2 runs of 3.
    expect(alarmed([org(true)], [leavers])).toEqual(['ALARM okta-synthetics-org-page']);
    expect(alarmed([org(false)], [leavers])).toEqual([]);
    // The setting is the leavers' alone: a failing app still warns.
    expect(failureSeverity(failingApp, [org(true)])).toBe('warn');
    expect(alarmed([org(true)], [failingApp])).toEqual([]);
  });

  describe("a slow sign-in page: one run warns, most of the last hour's runs page", () => {
    const slow = { ...failing('sign-in-widget', 'SIGN_IN_PAGE_SLOW', 'portal'), severity: 'warn' as const };
    /** Runs of the portal journey every `every` minutes, slow where `isSlow` says. */
    const runs = (count: number, every: number, isSlow: (run: number) => boolean) =>
      Array.from({ length: count }, (_, run) => line(run * every, isSlow(run) ? [slow] : [], ['portal']));

    it('one slow run among fast ones tells nothing: it is a warning of one run of 3', () => {
      expect(failureSeverity(slow)).toBe('warn');
      expect(timeline(runs(12, 10, (run) => run === 6))).toEqual([]);
    });

    it('a page slow on every run pages at most of the hour of runs, 4 of 6 every 10 min, and clears once fast', () => {
      const told = timeline([...runs(6, 10, () => false), ...runs(12, 10, (run) => run < 8).map(later(60))]);
      // Slow from run 6 on: it warns at its second slow run, and pages at its fourth (4 of the last 6).
      expect(told).toEqual([
        '7:ALARM okta-synthetics-portal-warn',
        '9:ALARM okta-synthetics-portal-page',
        // Fast again from run 14: the warning clears after 2 fast runs of 3, the page once fewer than most of the
        // hour's runs were slow (3 of 6 at run 16).
        '15:OK okta-synthetics-portal-warn',
        '16:OK okta-synthetics-portal-page',
      ]);
      const state = [...runs(6, 10, () => false), ...runs(4, 10, () => true).map(later(60))].reduce(
        (file, l) => evaluateRun(file, l, PREFIX),
        EMPTY_STATE,
      );
      expect(untold(state, CHANNEL, ['page'], PREFIX)[0]?.change.reason).toContain(
        "a slow sign-in page in most of the last hour's runs",
      );
    });

    it('slow on one run in three, never most of them, never pages', () => {
      const told = timeline(runs(24, 10, (run) => run % 3 === 0));
      expect(told.filter((t) => t.endsWith('-page'))).toEqual([]);
    });

    it('an hourly history pages on 2 slow runs of its last 3, as the deployed window does from 20 minutes on', () => {
      expect(timeline(runs(5, 60, (run) => run >= 2))).toEqual([
        '3:ALARM okta-synthetics-portal-page',
        '3:ALARM okta-synthetics-portal-warn',
      ]);
    });
  });
});
