// The "browser" journeys deployed: a function of their own beside the probe, on x86_64 (the architecture
// @sparticuz/chromium's npm release ships), run by a schedule of its own at the journeys' cadence, telling the
// handler to run those journeys alone. The probe's own resources keep their logical ids (test/lib/logical-ids.test.ts).
import { describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { journeyTableName } from '../../functions/contract';
import { BROWSER_MEMORY_MB, BROWSER_PART, PROBE_PART_ENV } from '../../functions/plan/browser-part';
import { browserPackageDirs } from '../../lib/browser-function';
import { browserAlarmTiming } from '../../functions/plan/alarm-timing';
import { browserJourneyConfig } from '../support/configs';
import { resources, synthTemplate, writeConfig } from './helpers';
import { main } from '../../functions/cli/main';
import { captureIo } from '../functions/cli/helpers';

describe('a "browser" journey deploys in a function of its own', () => {
  const template = synthTemplate(browserJourneyConfig());
  const functions = resources(template, 'AWS::Lambda::Function');
  const browser = functions.find(([, f]) => f.Properties.FunctionName === 'okta-synthetics-browser');
  /** A metric alarm's logical id, as a composite's rule references it. */
  const alarmId = (name: string): string =>
    resources(template, 'AWS::CloudWatch::Alarm').find(([, a]) => a.Properties.AlarmName === name)![0];

  it('on x86_64, with its measured memory and the part that runs the browser journeys alone', () => {
    expect(browser, functions.map(([, f]) => f.Properties.FunctionName).join()).toBeDefined();
    const props = browser![1].Properties;
    expect(props.Architectures).toEqual(['x86_64']);
    expect(props.MemorySize).toBe(BROWSER_MEMORY_MB);
    expect(props.Runtime).toBe('nodejs24.x');
    expect((props.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      [PROBE_PART_ENV]: BROWSER_PART,
      JOURNEY_TABLE: journeyTableName('okta-synthetics'),
    });
    // The probe's function is still the probe's, on its own architecture.
    const probe = functions.find(([, f]) => f.Properties.FunctionName === 'okta-synthetics-probe');
    expect(probe![1].Properties.Architectures).toEqual(['arm64']);
    expect((probe![1].Properties.Environment as { Variables: Record<string, unknown> }).Variables).not.toHaveProperty(
      PROBE_PART_ENV,
    );
  });

  it("runs every 10 minutes (the browser default), never retried, its failures to the probe's queue", () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'okta-synthetics-browser',
      ScheduleExpression: 'rate(10 minutes)',
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: Match.objectLike({ Ref: browser![0] }),
      MaximumRetryAttempts: 0,
    });
  });

  it('is the function `plan` names: its architecture, memory, cadence and journeys, in its words too', async () => {
    const io = captureIo();
    expect(await main(['plan', '--config', writeConfig(browserJourneyConfig()), '--json'], io)).toBe(0);
    const planned = (JSON.parse(io.out()) as { browser: Record<string, unknown>[] }).browser;
    const props = browser![1].Properties;
    const schedule = resources(template, 'AWS::Scheduler::Schedule').find(
      ([, s]) => s.Properties.Name === 'okta-synthetics-browser',
    );
    expect(planned).toEqual([
      {
        region: 'us-east-1',
        functionName: props.FunctionName,
        architecture: (props.Architectures as string[])[0],
        memoryMb: props.MemorySize,
        everyMinutes: Number(/rate\((\d+) minutes\)/.exec(String(schedule![1].Properties.ScheduleExpression))?.[1]),
        journeys: ['portal'],
        // Its journeys' own alarms, at its cadence: a failing run pages, 2 failing runs of 3 warn.
        pageWithinMinutes: browserAlarmTiming(10).pageWithinMinutes,
        warnWithinMinutes: browserAlarmTiming(10).warnWithinMinutes,
      },
    ]);
    const words = captureIo();
    expect(await main(['plan', '--config', writeConfig(browserJourneyConfig())], words)).toBe(0);
    expect(words.out().replace(/\s+/g, ' ')).toContain(
      'Browser journeys (portal): the function okta-synthetics-browser, x86_64, 2048 MB, with Chromium, every 10 ' +
        'min. Their own alarms page at a failing run, within 12 min, whether the fast path is on or off (it ' +
        "runs in the probe's function, which skips them), and warn within 32 min.",
    );
  });

  it("honours the journey's everyMinutes", () => {
    const config = browserJourneyConfig();
    const [portal, ...others] = config.signIn as Record<string, unknown>[];
    const every = synthTemplate({ ...config, signIn: [{ ...portal, everyMinutes: 15 }, ...others] });
    every.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'okta-synthetics-browser',
      ScheduleExpression: 'rate(15 minutes)',
    });
  });

  it('has its own heartbeat and errors alarms, by its name, at its cadence, joined into its own down alarm', () => {
    const alarms = resources(template, 'AWS::CloudWatch::Alarm');
    const own = alarms
      .filter(([, a]) => JSON.stringify(a.Properties.Dimensions ?? []).includes('"okta-synthetics-browser"'))
      .map(([, a]) => a.Properties)
      .sort((a, b) => String(a.AlarmName).localeCompare(String(b.AlarmName)));
    expect(own.map((a) => [a.AlarmName, a.MetricName])).toEqual([
      ['okta-synthetics-function-browser-errors', 'Errors'],
      ['okta-synthetics-heartbeat-browser', 'Invocations'],
    ]);
    const heartbeat = own[1]!;
    expect(heartbeat).toMatchObject({
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: 'okta-synthetics-browser' }],
      Statistic: 'Sum',
      Period: 600,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
    // They notify through their down alarm, which warns on the warn topic as every deployment alarm that warns.
    for (const alarm of own) expect(alarm.AlarmActions ?? []).toEqual([]);
    const composites = resources(template, 'AWS::CloudWatch::CompositeAlarm').map(([, c]) => c.Properties);
    const named = (name: string) => composites.find((c) => c.AlarmName === name)!;
    const dlqAlarm = alarms.find(([, a]) => a.Properties.AlarmName === 'okta-synthetics-dlq')![1].Properties;
    const down = named('okta-synthetics-function-browser-down');
    expect(down.AlarmActions).toEqual(dlqAlarm.AlarmActions);
    const rule = JSON.stringify(down.AlarmRule);
    for (const alarm of own) expect(rule).toContain(alarmId(String(alarm.AlarmName)));
    // The probe's down and silence hold nothing of the browser function: it never mutes the API checks.
    const downId = resources(template, 'AWS::CloudWatch::CompositeAlarm').find(
      ([, c]) => c.Properties.AlarmName === 'okta-synthetics-function-browser-down',
    )![0];
    for (const name of ['okta-synthetics-probe-down', 'okta-synthetics-silence'])
      for (const id of [downId, ...own.map((a) => alarmId(String(a.AlarmName)))])
        expect(JSON.stringify(named(name).AlarmRule)).not.toContain(id);
  });

  it("mutes its journey's composites by its own down alarm or maintenance, never by the probe's", () => {
    const composites = resources(template, 'AWS::CloudWatch::CompositeAlarm');
    const idOf = (name: string) => composites.find(([, c]) => c.Properties.AlarmName === name)![0];
    const silence = composites.find(([, c]) => c.Properties.AlarmName === 'okta-synthetics-silence-browser')!;
    const rule = JSON.stringify(silence[1].Properties.AlarmRule);
    expect(rule).toContain(idOf('okta-synthetics-function-browser-down'));
    expect(rule).toContain(alarmId('okta-synthetics-maintenance'));
    expect(rule).not.toContain(idOf('okta-synthetics-probe-down'));
    for (const severity of ['page', 'warn'])
      template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
        AlarmName: `okta-synthetics-portal-${severity}`,
        ActionsSuppressor: { 'Fn::GetAtt': [silence[0], 'Arn'] },
      });
    // The API journey beside it keeps the probe's silence.
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'okta-synthetics-org-page',
      ActionsSuppressor: { 'Fn::GetAtt': [idOf('okta-synthetics-silence'), 'Arn'] },
    });
  });

  it('is not deployed without a browser journey', () => {
    const config = browserJourneyConfig();
    const [portal, ...others] = config.signIn as Record<string, unknown>[];
    const none = synthTemplate({ ...config, signIn: [{ ...portal, flow: 'idx' }, ...others] });
    expect(resources(none, 'AWS::Lambda::Function').map(([, f]) => f.Properties.FunctionName)).not.toContain(
      'okta-synthetics-browser',
    );
    expect(
      resources(none, 'AWS::CloudWatch::Alarm').filter(([, a]) => String(a.Properties.AlarmName).includes('browser')),
    ).toEqual([]);
  });

  it("holds @sparticuz/chromium's binaries as shipped and playwright-core, with what they load", () => {
    const packages = browserPackageDirs();
    expect([...packages.keys()]).toEqual(expect.arrayContaining(['@sparticuz/chromium', 'playwright-core', 'tar-fs']));
  });
});
