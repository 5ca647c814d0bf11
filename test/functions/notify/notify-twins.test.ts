// One message for one change, whichever notifier sends it: `run --history` with localNotifications (the local
// alarms judge the run lines, a loopback webhook receives the message) and the deployed notifier (the composite's
// state change as EventBridge delivers it, with the composite's description CloudWatch carries, the same run lines
// read from its log group, SNS mocked at the client) give the same subject and the same text. And one decision of
// what is not told, and why (functions/notify/untold.ts): each side fed the same change in its own form gives the
// same reason, or tells it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localNotifier } from '../../../functions/cli/local-notify';
import { parseConfig } from '../../../functions/config/parse';
import { NOTIFIER_DASHBOARD_ENV, RUN_LOG_MESSAGE, type RunLogLine } from '../../../functions/contract';
import { handler } from '../../../functions/lambda/notifier';
import { tellings, type LocalAlarmFile } from '../../../functions/notify/local-alarms';
import { regionPlan } from '../../../functions/plan/region-plan';
import { notifierClients, stubNotifierEnv, useWebhookReceiver } from '../../support/notifier-doubles';

const { logs, sns, cloudwatch } = notifierClients();

interface Hooked {
  readonly alarmName: string;
  readonly state: string;
  readonly timestamp: string;
  readonly subject: string;
  readonly text: string;
}
const hook = useWebhookReceiver<Hooked>();
afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

const RAW = {
  orgUrl: 'https://acme.okta.com',
  servers: [
    {
      id: 'default',
      name: 'Payments API',
      clientId: '0oa-custom',
      scopes: ['probe'],
      audience: 'api://default',
      clientSecretEnv: 'OKTA_SECRET',
    },
  ],
  localNotifications: [{ kind: 'webhook', url: '${HOOK_URL}' }],
};

const runLine = (startedAt: string, failing: boolean): RunLogLine => ({
  level: failing ? 'WARN' : 'INFO',
  message: RUN_LOG_MESSAGE,
  startedAt,
  durationMs: 1,
  orgUrl: 'https://acme.okta.com',
  passed: failing ? 1 : 2,
  failed: failing ? 1 : 0,
  skipped: 0,
  failures: failing
    ? [
        {
          server: 'default',
          check: 'validate',
          code: 'AUDIENCE_MISMATCH',
          summary: 's',
          remedy: 'r',
          requestId: 'req-1',
          detail: 'token aud api://payments, expected api://default',
        },
      ]
    : [],
  servers: [{ id: 'default', up: failing ? 0 : 1, ms: 120 }],
  metrics: { published: 1, emf: 0 },
});

/** The deployed notifier told `change`, with the runs so far in its log group; what it published. */
async function deployed(change: Hooked, runs: readonly RunLogLine[], description: string | undefined) {
  logs.reset();
  sns.reset();
  cloudwatch.reset();
  // Read newest minute first in widening windows: the runs come back once, the other windows hold none.
  logs
    .on(FilterLogEventsCommand)
    .resolvesOnce({ events: runs.map((run) => ({ message: JSON.stringify(run) })) })
    .resolves({ events: [] });
  logs.on(CreateLogStreamCommand).resolves({});
  logs.on(PutLogEventsCommand).resolves({});
  logs.on(GetLogEventsCommand).resolves({ events: [] });
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  cloudwatch.on(DescribeAlarmsCommand).resolves({
    CompositeAlarms: [
      {
        AlarmName: change.alarmName,
        StateValue: change.state as 'OK',
        StateTransitionedTimestamp: new Date(change.timestamp),
      },
    ],
    MetricAlarms: [],
  });
  const previous = runs.find((run) => run.failures.length > 0)?.startedAt;
  await handler({
    detail: {
      alarmName: change.alarmName,
      // CloudWatch's reason is its own words for the change (as the local rule's are): the same here, so that the
      // rest of the message is what is compared.
      state: { value: change.state, reason: 'Composite alarm rule evaluated to TRUE', timestamp: change.timestamp },
      previousState: {
        value: change.state === 'OK' ? 'ALARM' : 'OK',
        ...(change.state === 'OK' && previous !== undefined && { timestamp: previous }),
      },
      ...(description !== undefined && { configuration: { description } }),
    },
  });
  const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
  return { subject: input?.Subject, text: (JSON.parse(input?.Message ?? '{}') as { email?: string }).email };
}

describe('one message for one change, local and deployed', () => {
  it("tells the same subject and text, the target's display name in both, for an outage and its recovery", async () => {
    const parsed = parseConfig(RAW, { mode: 'cli', baseDir: '/tmp', env: { OKTA_SECRET: 's3cret-value-123' } });
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const config = parsed.config;
    const dir = mkdtempSync(join(tmpdir(), 'notify-twins-'));
    stubNotifierEnv(config.deploy.prefix, {
      page: 'arn:aws:sns:eu-west-1:1:page',
      warn: 'arn:aws:sns:eu-west-1:1:warn',
    });
    vi.stubEnv(NOTIFIER_DASHBOARD_ENV, undefined);
    vi.stubEnv('AWS_REGION', undefined);
    try {
      // What the local notifier says of a send that failed: the assertion's message, should it fail.
      const said: string[] = [];
      const notifier = localNotifier(config, dir, {
        stdout: () => undefined,
        stderr: (text) => void said.push(text),
        env: { HOOK_URL: `${hook.base()}/hook`, OKTA_SECRET: 's3cret-value-123' },
      });
      const runs = [runLine('2026-11-22T03:00:00.000Z', true), runLine('2026-11-22T03:10:00.000Z', false)];
      const descriptions = new Map(regionPlan(config).alarms.map((alarm) => [alarm.name, alarm.description]));
      for (const [i, run] of runs.entries()) {
        hook.received.length = 0;
        await notifier?.afterRun(run);
        const page = hook.received
          .map((h) => h.body)
          .find((h) => h.alarmName === `${config.deploy.prefix}-default-page`);
        expect(page, `run ${i + 1}: ${said.join('')}`).toBeDefined();
        if (page === undefined) continue;
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(Date.parse(page.timestamp));
        const sent = await deployed(page, runs.slice(0, i + 1), descriptions.get(page.alarmName));
        vi.useRealTimers();
        expect(page.subject, `run ${i + 1}`).toContain('okta-synthetics/default (Payments API)');
        expect(page.subject, `run ${i + 1}: ${said.join('')}`).toBe(sent.subject);
        expect(page.text, `run ${i + 1}`).toBe(sent.text);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('one decision of what is not told, local and deployed', () => {
  const PREFIX = 'okta-synthetics';
  const NAME = `${PREFIX}-default-page`;
  const CHANNEL = 'slack:SLACK_URL';
  const AT = '2026-11-22T03:10:00.000Z';
  type Told = 'ALARM' | 'OK';

  /** The local side: a channel that heard `heard` of an alarm now in `state`; what it is told, or why not. */
  function local(state: Told, heard: Told | undefined, mutedBy: string | undefined): string | null {
    const file: LocalAlarmFile = {
      version: 1,
      alarms: { [NAME]: { state, since: AT, breaches: [], told: heard === undefined ? {} : { [CHANNEL]: heard } } },
      recent: [],
    };
    const [telling] = tellings(file, CHANNEL, ['page'], PREFIX, mutedBy);
    if (telling === undefined) throw new Error('the page alarm was not judged at all');
    return 'untold' in telling ? telling.untold : null;
  }

  /** The deployed side: the same change as EventBridge delivers it; why it sent nothing, or null when it published. */
  async function deployedReason(state: string, heard: string | undefined, mutedBy: string | undefined) {
    logs.reset();
    sns.reset();
    cloudwatch.reset();
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    logs.on(CreateLogStreamCommand).resolves({});
    logs.on(PutLogEventsCommand).resolves({});
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    cloudwatch.on(DescribeAlarmsCommand).resolves({
      CompositeAlarms: [{ AlarmName: NAME, StateValue: state as 'OK', StateTransitionedTimestamp: new Date(AT) }],
      MetricAlarms: [],
    });
    const result = await handler({
      detail: {
        alarmName: NAME,
        state: { value: state, timestamp: AT, ...(mutedBy !== undefined && { actionsSuppressedBy: mutedBy }) },
        ...(heard !== undefined && { previousState: { value: heard } }),
      },
    });
    const published = sns.commandCalls(PublishCommand).length;
    return { reason: 'skipped' in result ? result.skipped : null, published };
  }

  const cases: readonly (readonly [Told, Told | undefined, string | undefined])[] = [
    ['ALARM', undefined, undefined],
    ['ALARM', 'OK', undefined],
    ['ALARM', 'ALARM', undefined],
    ['OK', 'ALARM', undefined],
    ['OK', 'OK', undefined],
    ['OK', undefined, undefined],
    ['ALARM', 'OK', 'maintenance until 2026-11-22T04:00:00.000Z'],
    ['OK', 'ALARM', 'Alarm'],
  ];
  it.each(
    cases.map(([state, heard, mutedBy]) => ({
      state,
      heard,
      mutedBy,
      title: `${state} after ${heard ?? 'nothing'} heard${mutedBy === undefined ? '' : `, muted by ${mutedBy}`}`,
    })),
  )('gives the same reason for $title, or tells it on both sides', async ({ state, heard, mutedBy }) => {
    stubNotifierEnv(PREFIX, { page: 'arn:aws:sns:eu-west-1:1:page' });
    const deployed = await deployedReason(state, heard, mutedBy);
    expect(local(state, heard, mutedBy)).toBe(deployed.reason);
    expect(deployed.published).toBe(deployed.reason === null ? 1 : 0);
  });
});
