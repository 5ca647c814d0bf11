// The notifier Lambda: logs read with FilterLogEvents, one message published to the severity's topic.
// CloudWatch Logs and SNS are mocked at the SDK client.
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  NOTIFIER_DASHBOARD_ENV,
  ALARM_STATE_CHANGES_QUERY,
  alarmStateAnnotationQuery,
  ANNOTATED_ALARM_STATES,
  NOTIFIER_LOG_MESSAGES,
  RUN_LOG_MESSAGE,
  type RunLogLine,
} from '../../../functions/contract';
import { handler, type AlarmStateChangeEvent } from '../../../functions/lambda/notifier';
import { LOOKBACK_MS, MAX_PAGES } from '../../../functions/report/run-log';
import type { ChatNotification } from '../../../functions/notify/message';
import { heldLogLines } from '../../support/log-lines';
import { notifierClients, stubNotifierEnv } from '../../support/notifier-doubles';

const { logs, sns, cloudwatch } = notifierClients();

/** DescribeAlarms shows the alarm in `state` since `since` (the event's own timestamp by default). */
function currently(state: string, since = '2026-11-22T03:10:00.000Z'): void {
  cloudwatch.on(DescribeAlarmsCommand).resolves({
    CompositeAlarms: [{ AlarmName: 'x', StateValue: state as 'OK', StateTransitionedTimestamp: new Date(since) }],
    MetricAlarms: [],
  });
}
const TOPICS = { page: 'arn:aws:sns:eu-west-1:111111111111:page', warn: 'arn:aws:sns:eu-west-1:111111111111:warn' };

function line(startedAt: string, code: RunLogLine['failures'][number]['code'] | null): string {
  const failures =
    code === null
      ? []
      : [
          {
            server: 'default',
            check: 'validate' as const,
            code,
            summary: 's',
            remedy: 'r',
            requestId: 'req-1',
            detail: 'token aud api://payments, expected api://default',
          },
        ];
  const run: RunLogLine = {
    level: 'WARN',
    message: RUN_LOG_MESSAGE,
    startedAt,
    durationMs: 1,
    orgUrl: 'https://acme.okta.com',
    passed: 1,
    failed: failures.length,
    skipped: 0,
    failures,
    metrics: { published: 1, emf: 0 },
  };
  return JSON.stringify(run);
}

const event = (name: string, state = 'ALARM', previous = state === 'OK' ? 'ALARM' : 'OK'): AlarmStateChangeEvent => ({
  detail: {
    alarmName: name,
    state: { value: state, reason: 'Composite alarm rule evaluated to TRUE', timestamp: '2026-11-22T03:10:00.000Z' },
    previousState: { value: previous, timestamp: '2026-11-22T03:00:00.000Z' },
  },
});

/** The two renderings of one publish (MessageStructure json): e-mail text and Amazon Q's custom notification. */
function renderings(index = 0): { email: string; chat: ChatNotification; subject: string | undefined } {
  const input = sns.commandCalls(PublishCommand)[index]?.args[0].input;
  expect(input?.MessageStructure).toBe('json');
  const body = JSON.parse(input?.Message ?? '{}') as { default: string; email: string };
  return { email: body.email, chat: JSON.parse(body.default) as ChatNotification, subject: input?.Subject };
}

beforeEach(() => {
  logs.reset();
  sns.reset();
  cloudwatch.reset();
  currently('ALARM');
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  stubNotifierEnv('okta-synthetics', TOPICS);
});
afterEach(() => vi.unstubAllEnvs());

describe('notifier handler', () => {
  it(
    'reads the last 15 minutes of run lines, newest minute ' + 'first, and publishes the diagnosis to the page topic',
    async () => {
      logs
        .on(FilterLogEventsCommand)
        .resolvesOnce({
          events: [
            { message: line('2026-11-22T03:09:00.000Z', 'AUDIENCE_MISMATCH') },
            { message: '{"_aws":{}}' },
            { message: 'REPORT RequestId' },
          ],
        })
        .resolves({ events: [] });
      await handler(event('okta-synthetics-default-page'));
      const calls = logs.commandCalls(FilterLogEventsCommand).map((c) => c.args[0].input);
      expect(calls[0]?.logGroupName).toBe('/aws/lambda/okta-synthetics-probe');
      expect((calls[0]?.endTime ?? 0) - (calls[0]?.startTime ?? 0)).toBeLessThan(60_000);
      // Each window ends just before the newer one starts; together they cover the lookback.
      for (let i = 1; i < calls.length; i += 1) expect(calls[i]?.endTime).toBe((calls[i - 1]?.startTime ?? 0) - 1);
      expect((calls[0]?.endTime ?? 0) - (calls.at(-1)?.startTime ?? 0)).toBe(LOOKBACK_MS - 1);
      const published = sns.commandCalls(PublishCommand)[0]?.args[0].input;
      expect(published?.TopicArn).toBe(TOPICS.page);
      expect(published?.Subject).toBe(
        'ALARM okta-synthetics/default: AUDIENCE_MISMATCH (token aud api://payments, expected api://default)',
      );
      expect(renderings().email).toContain('X-Okta-Request-Id: req-1');
    },
  );

  it('reads the runs newest first in windows of 1, 2, 4 and 8 minutes back when none holds a run', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    await handler(event('okta-synthetics-default-page'));
    const windows = logs
      .commandCalls(FilterLogEventsCommand)
      .map((c) => Math.round(((c.args[0].input.endTime ?? 0) - (c.args[0].input.startTime ?? 0)) / 60_000));
    // The docs' windows, written as they give them: each twice the newer one, newest first.
    expect(windows).toEqual([1, 2, 4, 8]);
  });

  it('publishes a warn composite to the warn topic, following nextToken for a bounded number of pages', async () => {
    logs.on(FilterLogEventsCommand).resolves({
      events: [{ message: line('2026-11-22T03:09:00.000Z', 'RATE_LIMIT_HEADROOM_LOW') }],
      nextToken: 'more',
    });
    await handler(event('okta-synthetics-default-warn'));
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.TopicArn).toBe(TOPICS.warn);
    expect(logs.commandCalls(FilterLogEventsCommand).length).toBe(MAX_PAGES);
  });

  it('unreadable logs: still publishes, with the alarm reason and a note', async () => {
    logs
      .on(FilterLogEventsCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await handler(event('okta-synthetics-default-page'));
    const published = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(published?.Subject).toBe('ALARM okta-synthetics/default: Composite alarm rule evaluated to TRUE');
    expect(renderings().email).toContain('could not be read (AccessDeniedException: not authorized)');
  });

  it('a log read that hangs gives up within 10 s, always leaving the publish 6 s of the invocation', async () => {
    // The clock is the test's: a call's budget is the time its abort signal was given, and a read that hangs takes
    // all of it. The function's 30 s (lib/notifier.ts), whether the calls before the read answer at once or take
    // their whole budget, and an invocation with less left.
    vi.useFakeTimers({ toFake: ['Date'] });
    const budgets = new Map<AbortSignal, number>();
    vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
      const { signal } = new AbortController();
      budgets.set(signal, ms);
      return signal;
    });
    const budgetOf = (args: readonly unknown[]): number =>
      budgets.get((args[1] as { abortSignal: AbortSignal }).abortSignal) ?? Number.NaN;
    const pass = (ms: number): void => {
      vi.setSystemTime(Date.now() + ms);
    };
    try {
      const seen: { read: number; publish: number }[] = [];
      for (const [remaining, slow] of [
        [30_000, 0],
        [30_000, 3_000],
        [12_000, 0],
      ] as const) {
        logs.reset();
        sns.reset();
        cloudwatch.reset();
        cloudwatch.on(DescribeAlarmsCommand).callsFake(() => {
          pass(slow);
          return {
            CompositeAlarms: [
              { AlarmName: 'x', StateValue: 'ALARM', StateTransitionedTimestamp: new Date('2026-11-22T03:10:00.000Z') },
            ],
            MetricAlarms: [],
          };
        });
        logs.on(CreateLogStreamCommand).callsFake(() => pass(slow));
        let read = Number.NaN;
        logs.on(FilterLogEventsCommand).callsFake(() => {
          read = budgetOf(logs.send.lastCall.args);
          pass(read);
          throw Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
        });
        let publish = Number.NaN;
        sns.on(PublishCommand).callsFake(() => {
          publish = budgetOf(sns.send.lastCall.args);
          return { MessageId: 'm' };
        });
        await handler(event('okta-synthetics-default-page'), { getRemainingTimeInMillis: () => remaining });
        expect(renderings().email).toMatch(/recent runs could not be read/);
        seen.push({ read, publish });
      }
      for (const { read, publish } of seen) {
        expect(read).toBeLessThanOrEqual(10_000);
        expect(publish).toBeGreaterThanOrEqual(6_000);
      }
      // The 30 s function's read has its whole 10 s; one with less time left stops 6 s before its deadline.
      expect(seen.map(({ read }) => read)).toEqual([10_000, 10_000, 12_000 - 1_500 - 6_000]);
      expect(seen[2]?.publish).toBe(6_000);
    } finally {
      vi.restoreAllMocks();
      vi.useRealTimers();
    }
  });

  it('recovery: says how long it was down', async () => {
    currently('OK');
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        { message: line('2026-11-22T03:05:00.000Z', 'TOKEN_EXPIRED') },
        { message: line('2026-11-22T03:09:00.000Z', null) },
      ],
    });
    await handler(event('okta-synthetics-default-page', 'OK'));
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toBe(
      'OK okta-synthetics/default: recovered after 10 min',
    );
  });

  it(
    'routes by the alias that invoked it: the dead-letter alarm (no severity in its name) goes to the warn ' + 'topic',
    async () => {
      logs.on(FilterLogEventsCommand).resolves({ events: [] });
      await handler(event('okta-synthetics-dlq'), {
        invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:okta-synthetics-notifier:warn',
      });
      expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.TopicArn).toBe(TOPICS.warn);
    },
  );

  it.each([
    ['INSUFFICIENT_DATA', 'OK', undefined],
    ['OK', 'INSUFFICIENT_DATA', undefined],
    ['ALARM', 'OK', 'Alarm'],
    ['ALARM', 'OK', 'WaitPeriod'],
  ])(
    'sends nothing for %s after %s (suppressed by %s): CloudWatch sent nothing either',
    async (state, previous, suppressedBy) => {
      const change = event('okta-synthetics-default-page', state, previous);
      const detail = {
        ...change.detail,
        state: { ...change.detail.state, ...(suppressedBy !== undefined ? { actionsSuppressedBy: suppressedBy } : {}) },
      };
      const result = await handler({ detail });
      expect(result).toMatchObject({ skipped: expect.any(String) });
      expect(sns.commandCalls(PublishCommand)).toEqual([]);
      expect(logs.commandCalls(FilterLogEventsCommand)).toEqual([]);
    },
  );

  it('keeps a muted alarm muted on recovery: no OK for an ALARM whose actions were suppressed', async () => {
    const change = event('okta-synthetics-default-page', 'OK');
    const detail = { ...change.detail, previousState: { value: 'ALARM', actionsSuppressedBy: 'Alarm' } };
    expect(await handler({ detail })).toMatchObject({ skipped: expect.stringMatching(/suppressed/) });
    expect(sns.commandCalls(PublishCommand)).toEqual([]);
  });

  it('sends nothing for an ALARM that arrives after its recovery, or after a newer ALARM', async () => {
    currently('OK', '2026-11-22T03:12:00.000Z');
    expect(await handler(event('okta-synthetics-default-page'))).toMatchObject({
      skipped: expect.stringMatching(/^stale: the alarm is OK since 2026-11-22T03:12:00.000Z/),
    });
    currently('ALARM', '2026-11-22T03:30:00.000Z');
    expect(await handler(event('okta-synthetics-default-page'))).toMatchObject({
      skipped: expect.stringMatching(/^stale: a newer ALARM/),
    });
    expect(sns.commandCalls(PublishCommand)).toEqual([]);
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)[0]?.args[0].input).toMatchObject({
      AlarmNames: ['okta-synthetics-default-page'],
    });
  });

  it('sends once for a change delivered twice: the claim stream exists and records it published', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    await handler(event('okta-synthetics-default-page'));
    expect(logs.commandCalls(CreateLogStreamCommand)[0]?.args[0].input).toEqual({
      logGroupName: '/aws/lambda/okta-synthetics-notifier',
      logStreamName: 'notified/okta-synthetics-default-page/ALARM/2026-11-22T031000.000Z',
    });
    const recorded = JSON.parse(
      logs.commandCalls(PutLogEventsCommand)[0]?.args[0].input.logEvents?.[0]?.message ?? '{}',
    ) as { outcome?: string };
    expect(recorded.outcome).toBe('published');
    logs
      .on(CreateLogStreamCommand)
      .rejects(Object.assign(new Error('exists'), { name: 'ResourceAlreadyExistsException' }));
    logs.on(GetLogEventsCommand).resolves({ events: [{ timestamp: 1, message: JSON.stringify(recorded) }] });
    expect(await handler(event('okta-synthetics-default-page'))).toMatchObject({
      skipped: 'already sent (a duplicate event)',
    });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  /** A page composite's ALARM then its OK, and a warn composite's OK after OK: the lines the notifier writes. */
  async function threeChanges(): Promise<string[]> {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    const before = heldLogLines().lines.length;
    await handler(event('okta-synthetics-default-page'));
    currently('OK');
    await handler(event('okta-synthetics-default-page', 'OK'));
    await handler(event('okta-synthetics-default-warn', 'OK', 'OK'));
    return heldLogLines().lines.slice(before);
  }

  it("writes each composite's change it handles as the line the dashboards' state table reads", async () => {
    const written = await threeChanges();
    // The table's query: the line after Lambda's time, request id and level (its parse), then its filter.
    const [parse, , filter] = ALARM_STATE_CHANGES_QUERY;
    const pattern = new RegExp(/^parse @message \/(.*)\/$/.exec(parse ?? '')?.[1] ?? '$^');
    const filtered = JSON.parse(/ in (\[.*\])$/.exec(filter ?? '')?.[1] ?? '[]') as string[];
    expect(filtered).toEqual(Object.values(NOTIFIER_LOG_MESSAGES));
    const rows = written
      .map((written) => pattern.exec(`2026-11-22T03:10:01.000Z\tRequestId\tINFO\t${written}`)?.groups?.line)
      .map((line) => JSON.parse(line ?? '{}') as Record<string, string>)
      .filter((change) => filtered.includes(change.message ?? ''))
      .map(({ alarmName, previousState, state, message, reason }) => ({
        alarmName,
        previousState,
        state,
        message,
        reason,
      }));
    expect(rows).toEqual([
      {
        alarmName: 'okta-synthetics-default-page',
        previousState: 'OK',
        state: 'ALARM',
        message: 'notification published',
        reason: undefined,
      },
      {
        alarmName: 'okta-synthetics-default-page',
        previousState: 'ALARM',
        state: 'OK',
        message: 'notification published',
        reason: undefined,
      },
      {
        alarmName: 'okta-synthetics-default-warn',
        previousState: 'OK',
        state: 'OK',
        message: 'notification skipped',
        reason: 'OK after OK is not a recovery',
      },
    ]);
  });

  it('marks the Grafana graphs with each published change to ALARM and to OK, from the lines it writes', async () => {
    const written = await threeChanges();
    // Each annotation's expression, run as Logs Insights would over those lines: its parse, then its filter's two
    // equalities, then the text it concatenates.
    const marks = ANNOTATED_ALARM_STATES.map((state) => {
      const [parse, , filter, text] = alarmStateAnnotationQuery(state).split('\n| ');
      const pattern = new RegExp(/^parse @message \/(.*)\/$/.exec(parse ?? '')?.[1] ?? '$^');
      const wanted = [...(filter ?? '').matchAll(/change\.(\w+) = ("[^"]*")/g)].map(
        ([, field, value]) => [field ?? '', JSON.parse(value ?? '""') as string] as const,
      );
      expect(wanted.map(([field]) => field)).toEqual(['message', 'state']);
      expect(text).toBe('fields concat(change.alarmName, ": ", change.previousState, " to ", change.state) as text');
      return written
        .map((line) => pattern.exec(`2026-11-22T03:10:01.000Z\tRequestId\tINFO\t${line}`)?.groups?.line)
        .map((line) => JSON.parse(line ?? '{}') as Record<string, string>)
        .filter((change) => wanted.every(([field, value]) => change[field] === value))
        .map((change) => `${change.alarmName}: ${change.previousState} to ${change.state}`);
    });
    // The OK after OK was skipped (no change): it marks nothing.
    expect(marks).toEqual([
      ['okta-synthetics-default-page: OK to ALARM'],
      ['okta-synthetics-default-page: ALARM to OK'],
    ]);
  });

  it('state unreadable: still sends, and says the alarm may have changed', async () => {
    cloudwatch.on(DescribeAlarmsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    await handler(event('okta-synthetics-default-page'));
    expect(renderings().email).toContain(
      "Note: the alarm's current state could not be read (AccessDeniedException: denied); it may have changed since.",
    );
  });

  it(
    'renders chat as an Amazon Q custom notification, threaded by alarm, with the remedy as next step and ' +
      'console links',
    async () => {
      vi.stubEnv('AWS_REGION', 'eu-west-1');
      vi.stubEnv(NOTIFIER_DASHBOARD_ENV, 'okta-synthetics-eu-west-1');
      logs
        .on(FilterLogEventsCommand)
        .resolves({ events: [{ message: line('2026-11-22T03:09:00.000Z', 'AUDIENCE_MISMATCH') }] });
      await handler(event('okta-synthetics-default-page'));
      const { chat, email } = renderings();
      expect(chat).toMatchObject({
        version: '1.0',
        source: 'custom',
        content: { textType: 'client-markdown' },
        metadata: { threadId: 'okta-synthetics-default-page' },
      });
      expect(chat.content.title).toContain('AUDIENCE_MISMATCH');
      expect(chat.content.nextSteps).toEqual(['AUDIENCE_MISMATCH: r']);
      expect(chat.content.description).toContain(
        'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/okta-synthetics-eu-west-1',
      );
      // Logs Insights opens on the probe's log group with this server's failures already filtered.
      expect(email).toContain('#logsV2:logs-insights$3FqueryDetail$3D~(');
      expect(email).toContain('filter*20f.server*20*3d*20*22default*22');
      expect(email).toContain("source~(~'*2faws*2flambda*2fokta-synthetics-probe)");
    },
  );
});
