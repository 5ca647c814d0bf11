// Every alarm can fire: fed the datapoints AWS's services really publish (published-metrics.ts, sqs-fake.ts), the
// synthesized alarms reach their topics in the failures they exist for.
// - The sign-ins aggregator's dead-letter queue is a redrive queue: SQS moves a message there itself, which its
//   NumberOfMessagesSent does not count, so the alarm reads ApproximateNumberOfMessagesVisible.
// - The heartbeat counts what Production's schedule invokes: the Preview org's schedule, on the same function every
//   5 minutes, invokes an alias whose invocations the heartbeat subtracts: a stopped Production schedule still pages.
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveness, signInsDeadLetterQueueName } from '../../functions/contract';
import { alarmTiming, browserAlarmTiming } from '../../functions/plan/alarm-timing';
import { simulate, simulation, type Simulation, type TimedNotification } from '../support/alarm-rules';
import { browserJourneyConfig, userSignInsConfig } from '../support/configs';
import { alarmMinutes, lambdaInvocation, type Published } from '../support/published-metrics';
import { createFlapDamper, dampFlapping, flapWindowRuns, flapWindows } from '../../functions/probe/flap';
import type { BreachRule } from '../../functions/probe/metrics';
import { sqsFake } from '../support/sqs-fake';
import { build, exampleConfig, flatTemplate, resources, synthTemplate } from './helpers';

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

// The "browser" journeys' alarms, on what their function publishes: once a run of it, every `everyMinutes` (its
// journeys' CheckSuccess under Server and Check; Lambda's Invocations and Errors under its FunctionName). Each must
// fire in every quorum setting: the fast path runs in the probe's function, which skips browser journeys, so a latch
// taken over for one would never be set, and a window of one-minute periods never sees 2 runs of 3.
describe.each([
  ...[1, 10, 60, 360].flatMap((every) => [
    [every, 'one region, quorum omitted (the default)', {}] as const,
    [every, '"quorum": false', { quorum: false }] as const,
  ]),
  [10, 'three regions with the quorum', { regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] }] as const,
])('a browser journey every %i min, %s: each of its alarms fires', (every, _setting, extra) => {
  const JOURNEY = 'portal';
  const FUNCTION = `${PREFIX}-browser`;
  const names = liveness(PREFIX);
  const timing = browserAlarmTiming(every);
  /** Healthy runs before the trouble starts, then long enough for every worst case. */
  const WARM = 3 * every;
  /** Two hours of trouble, or 5 runs when they are further apart. */
  const TROUBLE = Math.max(120, 5 * every);
  /** Then healthy runs, long enough for the OK's worst case. */
  const MINUTES = WARM + TROUBLE + 3 * every + 3;
  let template: Template;
  let watched: string[];
  let sim: Simulation;
  beforeAll(() => {
    const config = browserJourneyConfig();
    const [portal, ...others] = config.signIn as Json[];
    // The journey runs in the first region, whose stack is the first (the home).
    const { result } = build({ ...config, ...extra, signIn: [{ ...portal, everyMinutes: every }, ...others] });
    if (!result.ok) throw new Error(result.errors.join('; '));
    template = flatTemplate(result.stacks[0]!);
    const all = simulation(template);
    // What the browser function publishes: its journey's check alarms (never a latch: nobody publishes one), its own.
    watched = [...all.metric.keys()].filter(
      (name) =>
        (name.startsWith(`${PREFIX}-${JOURNEY}-`) && !name.includes('-quorum-')) ||
        name === names.browserHeartbeat ||
        name === names.browserErrors ||
        name === names.heartbeat,
    );
    sim = { ...all, metric: new Map([...all.metric].filter(([name]) => watched.includes(name))) };
  });

  const namespace = (): string =>
    String(
      resources(template, 'AWS::CloudWatch::Alarm').find(([, a]) => a.Properties.MetricName === 'CheckSuccess')?.[1]
        .Properties.Namespace,
    );
  const check = (check: string, minute: number, passed: boolean): Published => ({
    namespace: namespace(),
    name: 'CheckSuccess',
    dimensions: { Server: JOURNEY, Check: check },
    minute,
    value: passed ? 1 : 0,
  });
  const errors = (minute: number, value: number): Published => ({
    namespace: 'AWS/Lambda',
    name: 'Errors',
    dimensions: { FunctionName: FUNCTION },
    minute,
    value,
  });
  /** The widget's render of a run that signed in, in percent of its budget (the journey publishes it every run). */
  const render = (minute: number, percent: number): Published => ({
    namespace: namespace(),
    name: 'SignInPageRenderPercent',
    dimensions: { Server: JOURNEY },
    minute,
    value: percent,
  });
  type Trouble = 'sign-in fails' | 'widget outdated' | 'stopped' | 'errors' | 'page slow' | 'one slow run';
  /** The probe's own function beside it, invoked every minute by its schedule (its heartbeat's metric). */
  const probeRuns = (until: number): Published[] => {
    const probe = scheduleTarget(template, `${PREFIX}-probe`);
    return Array.from({ length: until }, (_, minute) => lambdaInvocation(probe.functionName, minute)).flat();
  };
  /**
   * The function's runs, every `every` min: healthy, or as `trouble` says from WARM on (`slowRun`: which are slow);
   * the probe's function beside it runs until `probeStops`.
   */
  function play(trouble: Trouble, until = MINUTES, slowRun = (_run: number) => true, probeStops = MINUTES) {
    const published: Published[] = [...probeRuns(probeStops)];
    for (let minute = 0; minute < MINUTES; minute += every) {
      const now = minute >= WARM && minute < until ? trouble : undefined;
      if (now === 'stopped') continue;
      published.push(...lambdaInvocation(FUNCTION, minute), errors(minute, now === 'errors' ? 1 : 0));
      if (now === 'errors') continue;
      published.push(check('sign-in', minute, now !== 'sign-in fails'));
      // A journey that failed to sign in skips the checks that need it: they publish nothing.
      if (now === 'sign-in fails') continue;
      const slow =
        (now === 'page slow' && slowRun((minute - WARM) / every)) || (now === 'one slow run' && minute === WARM);
      published.push(check('sign-in-widget', minute, now !== 'widget outdated' && !slow));
      published.push(render(minute, slow ? 130 : 40));
    }
    return simulate(sim, alarmMinutes(template, watched, published, MINUTES));
  }
  const topicName = (topic: string | undefined): unknown =>
    resources(template, 'AWS::SNS::Topic').find(([id]) => id === topic)?.[1].Properties.TopicName;
  /** What reached a topic after the trouble began: minutes after the last healthy run, alarm, state, topic. */
  const told = (sent: readonly TimedNotification[]) =>
    sent.map((n) => ({
      after: n.minute - (WARM - every),
      alarm: n.alarm,
      state: n.state,
      topic: topicName(n.topics[0]),
    }));

  it('pages on its sign-in failing every run, within its worst case, and tells OK after the fix', () => {
    const until = WARM + TROUBLE;
    const sent = told(play('sign-in fails', until));
    const paged = sent.filter((n) => n.alarm === `${PREFIX}-${JOURNEY}-page`);
    expect(paged.map((n) => [n.state, n.topic])).toEqual([
      ['ALARM', `${PREFIX}-page`],
      ['OK', `${PREFIX}-page`],
    ]);
    expect(paged[0]!.after).toBeLessThanOrEqual(timing.pageWithinMinutes);
    // Fixed just after the last failing run: OK within its worst case of that.
    const fixedAfter = Math.ceil(until / every) * every - every - (WARM - every);
    expect(paged[1]!.after - fixedAfter).toBeLessThanOrEqual(timing.okWithinMinutes);
    // It pages: the warning beside it adds nothing of its own (the sign-in alarm feeds the page composite only).
    expect(sent.filter((n) => n.alarm === `${PREFIX}-${JOURNEY}-warn`)).toEqual([]);
  });

  it('warns on an outdated widget, every run, within its worst case, and never pages', () => {
    const sent = told(play('widget outdated'));
    expect(sent.map((n) => [n.alarm, n.state, n.topic])).toEqual([
      [`${PREFIX}-${JOURNEY}-warn`, 'ALARM', `${PREFIX}-warn`],
    ]);
    expect(sent[0]!.after).toBeLessThanOrEqual(timing.warnWithinMinutes);
  });

  it('one slow run, after which the sign-in works, neither pages nor warns', () => {
    expect(told(play('one slow run'))).toEqual([]);
  });

  it('a page slow on every run pages, within the window of runs its plan states, and warns beside it', () => {
    const window = timing.sustained;
    expect(window.periodMinutes).toBe(every);
    // Most of the last hour's runs, never fewer than 2 of 3: one run never decides it.
    expect(window.datapointsToAlarm).toBeGreaterThan(window.evaluationPeriods / 2);
    expect(window.datapointsToAlarm).toBeGreaterThanOrEqual(2);
    const sent = told(play('page slow'));
    const paged = sent.filter((n) => n.alarm === `${PREFIX}-${JOURNEY}-page`);
    expect(paged.map((n) => [n.state, n.topic])).toEqual([['ALARM', `${PREFIX}-page`]]);
    expect(paged[0]!.after).toBeLessThanOrEqual(timing.sustainedWithinMinutes);
    // Not before most of the window's runs were slow.
    expect(paged[0]!.after).toBeGreaterThanOrEqual(window.datapointsToAlarm * every);
    const warned = sent.filter((n) => n.alarm === `${PREFIX}-${JOURNEY}-warn`);
    expect(warned.map((n) => [n.state, n.topic])).toEqual([['ALARM', `${PREFIX}-warn`]]);
    expect(warned[0]!.after).toBeLessThanOrEqual(timing.warnWithinMinutes);
  });

  it('a page slow on one run of every three, not most of them, never pages', () => {
    const sent = told(play('page slow', MINUTES, (run) => run % 3 === 0));
    expect(sent.filter((n) => n.alarm === `${PREFIX}-${JOURNEY}-page`)).toEqual([]);
  });

  it('warns once, as its own function down, when its schedule stops or its runs fail (heartbeat, errors)', () => {
    const down = simulation(template).rules.composites.get(names.browserDown);
    for (const trouble of ['stopped', 'errors'] as const) {
      const sent = told(play(trouble));
      expect(
        sent.map((n) => [n.alarm, n.state, n.topic]),
        trouble,
      ).toEqual([[names.browserDown, 'ALARM', `${PREFIX}-warn`]]);
      expect(down?.topics.map(topicName), trouble).toEqual([`${PREFIX}-warn`]);
      expect(sent[0]!.after, trouble).toBeLessThanOrEqual(timing.probeDownWithinMinutes);
    }
  });

  it('tells OK within 15 minutes of the fix after flapping (its flap window counted in its own runs)', () => {
    // What the handler does with the run's datapoints (functions/lambda/probe.ts): the flap damper, at the probe's
    // schedule (the test config's), each target's window from its own cadence.
    const rule: BreachRule = {
      metric: 'CheckSuccess',
      dimensions: { Server: JOURNEY, Check: 'sign-in' },
      comparison: 'lessThan',
      threshold: 1,
    };
    const schedule = resources(template, 'AWS::Scheduler::Schedule').find(
      ([, r]) => r.Properties.Name === `${PREFIX}-probe`,
    )?.[1].Properties.ScheduleExpression;
    const SCHEDULE = Number(/rate\((\d+) minutes?\)/.exec(String(schedule))?.[1]);
    expect(SCHEDULE).toBeGreaterThan(0);
    const damper = createFlapDamper(flapWindowRuns(SCHEDULE));
    const windows = flapWindows({ signIn: [{ id: JOURNEY, everyMinutes: every }] }, SCHEDULE);
    const FLAPS = 6;
    const published: Published[] = [...probeRuns(MINUTES)];
    for (let minute = 0; minute < MINUTES; minute += every) {
      const run = (minute - WARM) / every;
      const fails = run >= 0 && run < FLAPS && run % 2 === 0;
      published.push(...lambdaInvocation(FUNCTION, minute), errors(minute, 0));
      const datum = check('sign-in', minute, !fails);
      const { metrics } = dampFlapping(
        damper,
        [{ name: 'CheckSuccess', unit: 'Count', dimensions: datum.dimensions, value: datum.value }],
        [rule],
        windows,
      );
      published.push(...metrics.map((m) => ({ ...datum, value: m.value })));
      if (!fails) published.push(check('sign-in-widget', minute, true), render(minute, 40));
    }
    const sent = simulate(sim, alarmMinutes(template, watched, published, MINUTES));
    const paged = sent.filter((n) => n.alarm === `${PREFIX}-${JOURNEY}-page`);
    expect(paged[0]?.state).toBe('ALARM');
    expect(paged.at(-1)?.state).toBe('OK');
    // Fixed just after its last failing run; a run's own OK at a cadence past 13 min is later than 15 already.
    const fixedAt = WARM + (FLAPS - 2) * every;
    expect(paged.at(-1)!.minute - fixedAt).toBeLessThanOrEqual(Math.max(15, timing.okWithinMinutes));
  });

  it('pages on its sign-in failing while the probe beside it is down (nothing else mutes it)', () => {
    // The probe's function never runs: probe-down (or its warning, with several
    // regions) is in ALARM throughout, and the browser journey, which the probe does not run, still pages.
    const sent = told(play('sign-in fails', MINUTES, () => true, 0));
    expect(sent.some((n) => n.alarm === names.probeDown && n.state === 'ALARM')).toBe(true);
    const paged = sent.filter((n) => n.alarm === `${PREFIX}-${JOURNEY}-page`);
    expect(paged.map((n) => [n.state, n.topic])).toEqual([['ALARM', `${PREFIX}-page`]]);
    expect(paged[0]!.after).toBeLessThanOrEqual(timing.pageWithinMinutes);
  });
});
