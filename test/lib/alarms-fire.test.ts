// Every alarm can fire: fed the datapoints AWS's services really publish (published-metrics.ts, sqs-fake.ts), the
// synthesized alarms reach their topics in the failures they exist for.
// - The sign-ins aggregator's dead-letter queue is a redrive queue: SQS moves a message there itself, which its
//   NumberOfMessagesSent does not count, so the alarm reads ApproximateNumberOfMessagesVisible.
// - The heartbeat counts what Production's schedule invokes: the Preview org's schedule, on the same function every
//   5 minutes, invokes an alias whose invocations the heartbeat subtracts: a stopped Production schedule still pages.
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveness, signInsDeadLetterQueueName } from '../../functions/contract';
import { alarmTiming } from '../../functions/plan/alarm-timing';
import { simulate, simulation, type TimedNotification } from '../support/alarm-rules';
import { userSignInsConfig } from '../support/configs';
import { alarmMinutes, lambdaInvocation, type Published } from '../support/published-metrics';
import { sqsFake } from '../support/sqs-fake';
import { exampleConfig, resources, synthTemplate } from './helpers';

const PREFIX = 'okta-synthetics';
const SOURCE = 'aws.partner/okta.com/acme/okta-synthetics';
type Json = Record<string, unknown>;

/** What a schedule of the template invokes: the function's name, and the alias when it names one. */
function scheduleTarget(template: Template, scheduleName: string): { functionName: string; qualifier?: string } {
  const all = template.toJSON().Resources as Record<string, { Type: string; Properties: Json }>;
  const schedule = Object.values(all).find(
    (r) => r.Type === 'AWS::Scheduler::Schedule' && r.Properties.Name === scheduleName,
  );
  const arn = (schedule?.Properties.Target as { Arn: { Ref?: string; 'Fn::GetAtt'?: [string, string] } }).Arn;
  const id = arn.Ref ?? arn['Fn::GetAtt']?.[0];
  const target = id === undefined ? undefined : all[id];
  if (target?.Type === 'AWS::Lambda::Function') return { functionName: target.Properties.FunctionName as string };
  if (target?.Type === 'AWS::Lambda::Alias') {
    const fn = all[(target.Properties.FunctionName as { Ref: string }).Ref];
    return { functionName: fn?.Properties.FunctionName as string, qualifier: target.Properties.Name as string };
  }
  throw new Error(`schedule ${scheduleName}: target ${JSON.stringify(arn)} is not a function or an alias`);
}

/** The template's alarms as CloudWatch evaluates them, with only `watched` of the metric alarms fed (the rest OK). */
function only(template: Template, watched: string) {
  const sim = simulation(template);
  return { ...sim, metric: new Map([...sim.metric].filter(([name]) => name === watched)) };
}

const alarmed = (sent: readonly TimedNotification[], alarm: string) =>
  sent.filter((n) => n.alarm === alarm && n.state === 'ALARM');

describe("the sign-ins aggregator's dead-letter alarm, on the metrics SQS publishes", () => {
  const dlq = signInsDeadLetterQueueName(PREFIX);
  let template: Template;
  beforeAll(() => {
    template = synthTemplate(userSignInsConfig({ eventSource: SOURCE }));
  });

  it('fires when SQS redrives a batch the aggregator failed maxReceiveCount times, and warns', () => {
    const [[, queue]] = resources(template, 'AWS::SQS::Queue').filter(
      ([, r]) => r.Properties.QueueName === `${PREFIX}-sign-ins`,
    ) as [[string, { Properties: { RedrivePolicy: { maxReceiveCount: number } } }]];
    const { maxReceiveCount } = queue.Properties.RedrivePolicy;
    const sqs = sqsFake(new Map([[`${PREFIX}-sign-ins`, { deadLetterQueue: dlq, maxReceiveCount }]]));
    // EventBridge sends one event at minute 2; the aggregator fails it at every delivery from minute 3.
    sqs.send(`${PREFIX}-sign-ins`, 1, 2);
    for (let minute = 3; minute <= 3 + maxReceiveCount; minute += 1) sqs.receiveAndFail(`${PREFIX}-sign-ins`, minute);
    const published = sqs.metrics(40);
    // What SQS publishes of the dead-letter queue: the message visible, and no NumberOfMessagesSent for the move.
    const ofDlq = (name: string) =>
      published.filter((d) => d.dimensions.QueueName === dlq && d.name === name).map((d) => d.value);
    expect(Math.max(...ofDlq('ApproximateNumberOfMessagesVisible'))).toBe(1);
    expect(Math.max(...ofDlq('NumberOfMessagesSent'))).toBe(0);

    const sent = simulate(only(template, dlq), alarmMinutes(template, [dlq], published, 40));
    const fired = alarmed(sent, dlq);
    expect(fired).toHaveLength(1);
    expect(fired[0]?.minute).toBeGreaterThan(3 + maxReceiveCount);
    const [topic] = fired[0]!.topics;
    expect(resources(template, 'AWS::SNS::Topic').find(([id]) => id === topic)?.[1].Properties.TopicName).toBe(
      `${PREFIX}-warn`,
    );
  });
});

describe('the heartbeat with the Preview org running every 5 minutes on the same function', () => {
  const names = liveness(PREFIX);
  const SCHEDULE_MINUTES = 5;
  const MINUTES = 120;
  const STOP = 30;
  let template: Template;
  beforeAll(() => {
    template = synthTemplate({
      ...exampleConfig(),
      scheduleMinutes: SCHEDULE_MINUTES,
      quorum: false,
      preview: {
        orgUrl: 'https://acme.oktapreview.com',
        servers: { org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' } },
      },
    });
  });

  /** Each schedule's invocations, as Lambda counts them: Production's until `stop`, Preview's every 5 minutes. */
  function invocations(stop: number): Published[] {
    const production = scheduleTarget(template, `${PREFIX}-probe`);
    const preview = scheduleTarget(template, `${PREFIX}-preview`);
    const out: Published[] = [];
    for (let minute = 0; minute < MINUTES; minute += 1) {
      if (minute < stop && minute % SCHEDULE_MINUTES === 0)
        out.push(...lambdaInvocation(production.functionName, minute, production.qualifier));
      if (minute % 5 === 2) out.push(...lambdaInvocation(preview.functionName, minute, preview.qualifier));
    }
    return out;
  }

  const play = (stop: number) =>
    simulate(only(template, names.heartbeat), alarmMinutes(template, [names.heartbeat], invocations(stop), MINUTES));

  it("pages probe-down when Production's schedule stops, within the time plan states", () => {
    const fired = alarmed(play(STOP), names.probeDown);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.minute - STOP).toBeLessThanOrEqual(alarmTiming(SCHEDULE_MINUTES).probeDownWithinMinutes);
    const [topic] = fired[0]!.topics;
    expect(resources(template, 'AWS::SNS::Topic').find(([id]) => id === topic)?.[1].Properties.TopicName).toBe(
      `${PREFIX}-page`,
    );
  });

  it('stays quiet while both schedules run', () => {
    expect(alarmed(play(MINUTES), names.probeDown)).toEqual([]);
    expect(alarmed(play(MINUTES), names.heartbeat)).toEqual([]);
  });
});
