// The alarm model as CloudFormation receives it: two severities with their own composites and topics, probe
// liveness that pages once and mutes the servers, timings that follow the schedule. The composite rules are
// parsed from the template and evaluated against member states (test/support/alarm-rules.ts).
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LATEST_FAILURES_QUERY, STATUS_SERVER, type Severity } from '../../functions/contract';
import { plannedChecks } from '../../functions/plan/checks';
import { checkOutputs, publishes } from '../../functions/plan/outputs';
import { loadConfigFile } from '../../functions/config/parse';
import { alarmSpecs, maintenanceWithheld } from '../../functions/plan/alarms';
import { alarmTiming } from '../../functions/plan/alarm-timing';
import { createFlapDamper, flapWindowRuns, type FlapDamper } from '../../functions/probe/flap';
import {
  alarmModel,
  parseRule,
  play,
  simulate,
  simulation,
  valueFor,
  type AlarmModel,
  type Minute,
  type Simulation,
} from '../support/alarm-rules';
import { dashboardBody, exampleConfig, resources, synthTemplate, writeConfig } from './helpers';

// CDK drops the repeated "Topic" from the page topic's logical id (AlarmTopic/Topic -> AlarmTopicXXXXXXXX).
const PAGE_TOPIC = Match.stringLikeRegexp('^AlarmTopic[0-9A-F]{8}$');
const WARN_TOPIC = Match.stringLikeRegexp('^AlarmTopicWarnTopic');
const P = 'okta-synthetics';

/**
 * The example with the fast path off: the alarm model of a stack with "quorum": false or a schedule other than
 * 1 min, where each page check's alarm pages through its server's composite. The fast path's own model (latch and
 * backstop, one page per outage) is synthesized in quorum.test.ts and played in npm run bench:quorum.
 */
const classicConfig = (): Record<string, unknown> => ({ ...exampleConfig(), quorum: false });

/** The example's probe config, as the stack reads it. */
const exampleProbe = (() => {
  const loaded = loadConfigFile(writeConfig(classicConfig()), 'deploy', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config.probe;
})();

/** Whether a server's latency is alarmed: its own latencyWarnMs, else the top-level one (on by default). */
function latencyAlarmed(server: string): boolean {
  const found = exampleProbe.servers.find((s) => s.id === server);
  if (found === undefined) return false;
  return found.latencyWarnMs !== undefined ? found.latencyWarnMs !== null : exampleProbe.latencyWarnMs !== null;
}

/**
 * A server's member alarms of one severity, as the registry rows of its planned checks declare them, in plan order,
 * then its latency alarm (a warning, from the config rather than a row).
 */
function membersOf(server: string, severity: Severity): string[] {
  const latency = severity === 'warn' && latencyAlarmed(server) ? [`${P}-${server}-latency`] : [];
  // A target whose page composite holds its own check alarms warns of a failure pageFor leaves out (probe/unpaged.ts);
  // Okta's status feed has no page composite (its major incident notifies by itself).
  const unpaged =
    severity === 'warn' && server !== STATUS_SERVER && rowMembersOf(server, 'page').length > 0
      ? [`${P}-${server}-unpaged-failure`]
      : [];
  return [...rowMembersOf(server, severity), ...latency, ...unpaged];
}

function rowMembersOf(server: string, severity: Severity): string[] {
  return plannedChecks(exampleProbe)
    .filter((p) => p.server === server)
    .flatMap(({ check }) =>
      checkOutputs(check).flatMap((output) => {
        if (output.kind === 'success') return output.alarm.severity === severity ? [`${P}-${server}-${check}`] : [];
        return output.kind === 'gauge'
          ? output.gauge.alarms
              .filter((alarm) => alarm.severity === severity)
              .map((alarm) => `${P}-${server}-${alarm.name}`)
          : [];
      }),
    );
}

/** A composite's rule over these members. */
const anyOf = (members: readonly string[]): string => `(${members.map((name) => `ALARM("${name}")`).join(' OR ')})`;

describe('the alarm model in the template (schedule 1 min)', () => {
  let template: Template;
  let model: AlarmModel;
  beforeAll(() => {
    template = synthTemplate(classicConfig());
    model = alarmModel(template);
  });

  it(
    'has an alarm topic and a message topic per severity, all encrypted; e-mail subscribes to the message ' +
      'topics only',
    () => {
      for (const name of [`${P}-page`, `${P}-warn`, `${P}-page-messages`, `${P}-warn-messages`]) {
        template.hasResourceProperties('AWS::SNS::Topic', { TopicName: name, KmsMasterKeyId: Match.anyValue() });
      }
      const emails = resources(template, 'AWS::SNS::Subscription')
        .filter(([, r]) => r.Properties.Protocol === 'email')
        .map(([, r]) => JSON.stringify(r.Properties.TopicArn));
      expect(emails.filter((t) => /"AlarmTopicMessagesTopic[0-9A-F]{8}"/.test(t))).toHaveLength(1);
      expect(emails.filter((t) => t.includes('AlarmTopicWarnMessagesTopic'))).toHaveLength(1);
      // Nobody reads CloudWatch's raw JSON by e-mail: the notifier's message (or its raw fallback) is the one copy.
      expect(emails.filter((t) => /"AlarmTopic[0-9A-F]{8}"/.test(t) || t.includes('AlarmTopicWarnTopic'))).toEqual([]);
    },
  );

  it(
    'gives each server a page composite and a warn composite, on their own topics, muted by the silence ' + 'composite',
    () => {
      for (const [server, severity, topic, wait] of [
        ['org', 'page', PAGE_TOPIC, 0],
        ['org', 'warn', WARN_TOPIC, 60],
        ['okta', 'warn', WARN_TOPIC, 60],
      ] as const) {
        template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
          AlarmName: `${P}-${server}-${severity}`,
          AlarmActions: [{ Ref: topic }],
          OKActions: [{ Ref: topic }],
          ActionsSuppressor: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Alarmssilence'), 'Arn'] },
          // Pages wait for nothing (the probe withholds their members' failures in a window); warnings one evaluation.
          // The extension lets a server still failing when the silence ends page once it has passed.
          ActionsSuppressorWaitPeriod: wait,
          ActionsSuppressorExtensionPeriod: 60,
        });
      }
      const rule = (name: string): string => model.composites.get(name)?.rule ?? '';
      for (const server of exampleProbe.servers.map((s) => s.id)) {
        expect(membersOf(server, 'page').length).toBeGreaterThan(0);
        expect(rule(`${P}-${server}-page`), server).toBe(anyOf(membersOf(server, 'page')));
        expect(rule(`${P}-${server}-warn`), server).toBe(anyOf(membersOf(server, 'warn')));
      }
      // A check that fails exactly when its gauge crosses the threshold (clock, certificate): one alarm for it, not
      // two.
      const gaugeOnly = plannedChecks(exampleProbe).filter((p) => p.server === 'org' && !publishes(p.check, 'success'));
      expect(gaugeOnly.length).toBeGreaterThan(0);
      for (const { check } of gaugeOnly) expect(model.metricAlarms.has(`${P}-org-${check}`), check).toBe(false);
      // The latency alarm is on by default: a member of each server's warn composite.
      for (const server of exampleProbe.servers.map((s) => s.id))
        expect(membersOf(server, 'warn'), server).toContain(`${P}-${server}-latency`);
      // A major Okta incident pages by itself: its only member ignores missing data, so a dead probe cannot trip it.
      expect(model.composites.has(`${P}-okta-page`)).toBe(false);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${P}-okta-status-major`,
        AlarmActions: [{ Ref: PAGE_TOPIC }],
        TreatMissingData: 'ignore',
      });
      expect(rule(`${P}-okta-warn`)).toBe(anyOf(membersOf(STATUS_SERVER, 'warn')));
    },
  );

  it(
    'withholds in a maintenance window exactly the alarms the template mutes with its page composites (the ' +
      'probe reads the same plan)',
    () => {
      const loaded = loadConfigFile(writeConfig(classicConfig()), 'deploy', {});
      if (!loaded.ok) throw new Error(loaded.errors.join('; '));
      const probe = maintenanceWithheld(alarmSpecs(loaded.config))
        .map((a) => a.name)
        .sort();
      expect(probe).toEqual([...mutedPageMembers(model)].sort());
      expect(probe).toContain(`${P}-default-validate`);
      expect(probe).not.toContain(`${P}-okta-status-major`);
    },
  );

  it(
    'watches the probe: a heartbeat on Invocations (missing = breaching), Errors and Throttles, none notifying ' +
      'alone',
    () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${P}-heartbeat`,
        Namespace: 'AWS/Lambda',
        MetricName: 'Invocations',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
        AlarmActions: Match.absent(),
      });
      for (const [name, metric] of [
        [`${P}-function-errors`, 'Errors'],
        [`${P}-function-throttles`, 'Throttles'],
      ] as const) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: name,
          MetricName: metric,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          AlarmActions: Match.absent(),
        });
      }
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${P}-function-errors`,
        AlarmDescription: Match.stringLikeRegexp('timed out, ran out of memory, or failed to initialise'),
      });
    },
  );

  it(
    'pages "the probe is not running" from one composite, and mutes the servers through a silence composite ' +
      'that notifies no one',
    () => {
      template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
        AlarmName: `${P}-probe-down`,
        AlarmActions: [{ Ref: PAGE_TOPIC }],
        ActionsSuppressor: Match.absent(),
      });
      template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
        AlarmName: `${P}-silence`,
        AlarmActions: Match.absent(),
        OKActions: Match.absent(),
      });
      expect(model.composites.get(`${P}-probe-down`)?.rule).toBe(
        `(ALARM("${P}-function-errors") OR ALARM("${P}-function-throttles") OR ALARM("${P}-heartbeat"))`,
      );
      // Not the dead-letter queue: a lost run trips no check alarm, muting on it would only delay a real page.
      expect(model.composites.get(`${P}-silence`)?.rule).toBe(
        `(ALARM("${P}-probe-down") OR ALARM("${P}-maintenance"))`,
      );
    },
  );

  it('warns on each new dead letter (NumberOfMessagesSent), not once until the queue is purged', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${P}-dlq`,
      Namespace: 'AWS/SQS',
      MetricName: 'NumberOfMessagesSent',
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: WARN_TOPIC }],
    });
    const depth = resources(template, 'AWS::CloudWatch::Alarm').filter(
      ([, r]) => r.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    expect(depth).toEqual([]);
  });

  it('gives the dashboard a Logs Insights query CloudFormation receives with one pipe per command', () => {
    const widget = dashboardBody(template).widgets.find((w) => w.type === 'log');
    expect(widget?.properties.query).toBe(
      "SOURCE 'TOKEN' | fields jsonParse(@message) as run\n| filter run.failed > 0\n| unnest run.failures into f\n" +
        ('| display @timestamp, f.server, f.check, f.code, f.judgedAt, f.remedy, f.requestId, f.detail\n| ' +
          'sort @timestamp desc\n| limit 50'),
    );
    expect(LATEST_FAILURES_QUERY.filter((line) => line.startsWith('|'))).toEqual([]);
  });

  it("shows on the dashboard which servers still wait for their credential (the run line's pending field)", () => {
    const widgets = dashboardBody(template).widgets.filter((w) => w.type === 'log');
    expect(widgets.map((w) => w.properties.query)).toContain(
      "SOURCE 'TOKEN' | fields jsonParse(@message) as run\n| filter ispresent(run.pending)\n| unnest " +
        'run.pending into server\n' +
        '| stats latest(@timestamp) as lastSeen by server\n| sort server asc',
    );
  });

  it(
    "shows each server's availability per month from the run line's servers, maintenance and carried verdicts " +
      'left out',
    () => {
      const widget = dashboardBody(template).widgets.find(
        (w) => w.type === 'log' && String(w.properties.title).startsWith('Availability per server'),
      );
      expect(widget?.properties.query).toBe(
        "SOURCE 'TOKEN' | fields jsonParse(@message) as run\n| filter ispresent(run.servers) and not " +
          'ispresent(run.maintenance)\n' +
          ('| unnest run.servers into s\n| filter not ispresent(s.carried)\n| fields s.id as server, s.up * 100 ' +
            'as upPercent\n') +
          ('| stats avg(upPercent) as availabilityPercent, count(*) as runs by server, bin(1mo)\n| sort ' +
            'availabilityPercent asc'),
      );
      expect(widget?.properties.title).toContain('target 99.99 %');
    },
  );

  it(
    'warns once, never pages, when a secret holds the placeholder past the grace period: a deployment-wide ' +
      'alarm on the warn topic, OK too',
    () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${P}-credentials-not-put`,
        Namespace: 'OktaSynthetics',
        MetricName: 'CredentialsNotPut',
        Dimensions: [{ Name: 'Server', Value: 'all' }],
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: WARN_TOPIC }],
        OKActions: [{ Ref: WARN_TOPIC }],
        AlarmDescription: Match.stringLikeRegexp('not monitored.*Not an Okta problem.*<old prefix>/<server id>'),
      });
      // Not muted by the silence composite: a maintenance window must not hide an unmonitored server.
      expect(model.composites.get(`${P}-silence`)?.rule).not.toContain('credentials-not-put');
    },
  );

  it('silences through an SSM parameter the probe reads: alarm, permission, outputs and a dashboard graph', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${P}-maintenance`,
      Namespace: 'OktaSynthetics',
      MetricName: 'MaintenanceWindow',
      Dimensions: [{ Name: 'Server', Value: 'all' }],
      Statistic: 'Maximum',
      EvaluationPeriods: 2,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: WARN_TOPIC }],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAINTENANCE_PARAMETER: `/${P}/maintenance` }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'ssm:GetParameter',
            Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(`:parameter/${P}/maintenance$`)])] },
          }),
        ]),
      },
    });
    expect(resources(template, 'AWS::SSM::Parameter')).toEqual([]);
    template.hasOutput('*', { Value: Match.stringLikeRegexp(`^aws ssm put-parameter .*--name /${P}/maintenance`) });
    template.hasOutput('*', { Value: Match.stringLikeRegexp(`^aws ssm delete-parameter .*--name /${P}/maintenance$`) });
    const graphs = dashboardBody(template).widgets.filter((w) =>
      JSON.stringify(w.properties.metrics ?? []).includes('MaintenanceWindow'),
    );
    expect(graphs).toHaveLength(1);
  });

  describe('evaluated: given member states, what reaches which topic', () => {
    /** Every page check of the server failing: an outage. */
    const outage = (server: string): string[] => membersOf(server, 'page');
    /**
     * Every check alarm (CheckSuccess) in ALARM at once (check alarms ignore missing data, so a dead probe no longer
     * does this; the silence still would mute it).
     */
    const allChecks = (): string[] =>
      plannedChecks(exampleProbe)
        .filter((p) => publishes(p.check, 'success'))
        .map((p) => `${P}-${p.server}-${p.check}`);
    const sent = (steps: string[][]) => play(model, 60, steps).map((n) => `${n.step} ${n.alarm} ${n.state}`);

    it('pages a later outage although a warning stayed in ALARM for hours on the same server', () => {
      const warning = [`${P}-org-headroom`];
      const steps = [...Array.from({ length: 180 }, () => warning), [...warning, ...outage('org')], warning];
      expect(sent(steps)).toEqual([`0 ${P}-org-warn ALARM`, `180 ${P}-org-page ALARM`, `181 ${P}-org-page OK`]);
      expect(model.composites.get(`${P}-org-page`)?.topics).toHaveLength(1);
    });

    it('pages once per server and incident: a second failing check on a server already paged adds nothing', () => {
      expect(sent([[`${P}-org-token`], [`${P}-org-token`, `${P}-org-introspect`], []])).toEqual([
        `0 ${P}-org-page ALARM`,
        `2 ${P}-org-page OK`,
      ]);
    });

    it('pages only "probe down" while the probe is down, even with every check alarm in ALARM beside it', () => {
      // A dead probe trips no check alarm (they ignore missing data), so page composites need no wait for the
      // liveness alarms: the timelines below prove it minute by minute. Here, the silence mutes whatever is in ALARM.
      const down = [...allChecks(), `${P}-heartbeat`];
      expect(sent([[], down, down, down, allChecks(), []])).toEqual([
        `1 ${P}-probe-down ALARM`,
        `4 ${P}-probe-down OK`,
      ]);
    });

    it('pages only "probe down" when the handler fails every run (Errors) or is throttled', () => {
      for (const cause of ['function-errors', 'function-throttles']) {
        const down = [...allChecks(), `${P}-${cause}`];
        expect(sent([[], down, down, []])).toEqual([`1 ${P}-probe-down ALARM`, `3 ${P}-probe-down OK`]);
      }
    });

    it('still pages an Okta outage that outlasts a probe outage, once the extension has passed', () => {
      const down = [...allChecks(), `${P}-heartbeat`];
      expect(sent([[], down, down, outage('default'), outage('default'), outage('default'), []])).toEqual([
        `1 ${P}-probe-down ALARM`,
        `3 ${P}-probe-down OK`,
        `4 ${P}-default-page ALARM`,
        `6 ${P}-default-page OK`,
      ]);
    });

    it('warns on a dead letter, and does not mute a real outage with it (a lost run trips no check alarm)', () => {
      expect(sent([[], [`${P}-dlq`], [], [`${P}-dlq`, ...outage('org')], []])).toEqual([
        `1 ${P}-dlq ALARM`,
        `2 ${P}-dlq OK`,
        `3 ${P}-dlq ALARM`,
        `3 ${P}-org-page ALARM`,
        `4 ${P}-dlq OK`,
        `4 ${P}-org-page OK`,
      ]);
    });

    it('silences server pages during a maintenance window, and pages a server still failing when it ends', () => {
      const open = [`${P}-maintenance`];
      expect(
        sent([
          open,
          [...open, ...outage('org')],
          [...open, ...outage('org')],
          outage('org'),
          outage('org'),
          outage('org'),
          [],
        ]),
      ).toEqual([`0 ${P}-maintenance ALARM`, `3 ${P}-maintenance OK`, `4 ${P}-org-page ALARM`, `6 ${P}-org-page OK`]);
    });

    it('never silences "the probe is not running" with a maintenance window', () => {
      const down = [`${P}-maintenance`, ...allChecks(), `${P}-heartbeat`];
      expect(sent([down, down, []])).toEqual([
        `0 ${P}-maintenance ALARM`,
        `0 ${P}-probe-down ALARM`,
        `2 ${P}-maintenance OK`,
        `2 ${P}-probe-down OK`,
      ]);
    });

    it('pages on a major Okta incident and only warns on a minor one or maintenance', () => {
      expect(sent([[`${P}-okta-status-minor`], []])).toEqual([`0 ${P}-okta-warn ALARM`, `1 ${P}-okta-warn OK`]);
      expect(sent([[`${P}-okta-status-minor`, `${P}-okta-status-major`], []])).toEqual([
        `0 ${P}-okta-status-major ALARM`,
        `0 ${P}-okta-warn ALARM`,
        `1 ${P}-okta-status-major OK`,
        `1 ${P}-okta-warn OK`,
      ]);
    });
  });
});

describe('the alarm model at other schedules', () => {
  it.each([5, 15, 60])(
    'scales periods and the heartbeat with scheduleMinutes %i; the suppressor wait (page 0, warn 1) and ' +
      'extension stay put',
    (scheduleMinutes) => {
      const template = synthTemplate({ ...exampleConfig(), scheduleMinutes });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${P}-org-token`,
        Period: scheduleMinutes * 60,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        TreatMissingData: 'ignore',
      });
      for (const name of [`${P}-org-rate-limit`, `${P}-heartbeat`, `${P}-function-errors`]) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: name,
          Period: scheduleMinutes * 60,
          EvaluationPeriods: 3,
          DatapointsToAlarm: 2,
        });
      }
      template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
        AlarmName: `${P}-org-page`,
        ActionsSuppressorWaitPeriod: 0,
        ActionsSuppressorExtensionPeriod: 60,
      });
      template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
        AlarmName: `${P}-org-warn`,
        ActionsSuppressorWaitPeriod: 60,
        ActionsSuppressorExtensionPeriod: 60,
      });
      // A dead probe trips no check alarm (they ignore missing data): one page, "probe down", within its worst case.
      const sim = simulation(template);
      const { run, silent } = runs(sim);
      const minutes = [
        ...Array.from({ length: 4 * scheduleMinutes }, () => run()),
        ...Array.from({ length: 4 * scheduleMinutes }, () => silent()),
      ];
      const sent = simulate(sim, minutes).map((n) => `${n.alarm} ${n.state}`);
      expect(sent).toEqual([`${P}-probe-down ALARM`]);
      const at = simulate(sim, minutes)[0]?.minute ?? Infinity;
      expect(at - 4 * scheduleMinutes).toBeLessThanOrEqual(alarmTiming(scheduleMinutes).probeDownWithinMinutes);
      // A one-run outage pages once and is OK one run later, each within its worst case (the failure starts just
      // after the last healthy run, at the end of its period, and is fixed one period later).
      const outage = simulate(sim, [
        ...Array.from({ length: 4 * scheduleMinutes }, () => run()),
        run({ fail: ['org-token'] }),
        ...Array.from({ length: 4 * scheduleMinutes }, () => run()),
      ]);
      const starts = 4 * scheduleMinutes - 1;
      expect(outage.map((n) => `${n.alarm} ${n.state}`)).toEqual([`${P}-org-page ALARM`, `${P}-org-page OK`]);
      expect((outage[0]?.minute ?? Infinity) - starts).toBeLessThanOrEqual(
        alarmTiming(scheduleMinutes).pageWithinMinutes,
      );
      expect((outage[1]?.minute ?? Infinity) - (starts + scheduleMinutes)).toBeLessThanOrEqual(
        alarmTiming(scheduleMinutes).okWithinMinutes,
      );
    },
  );
});

/** The metric alarms of the page composites that have a suppressor (a page composite is the one on the page topic). */
function mutedPageMembers(rules: AlarmModel): Set<string> {
  const pageTopics = new Set(
    [...rules.composites.values()].filter((c) => c.name === `${P}-probe-down`).flatMap((c) => c.topics),
  );
  const members = new Set<string>();
  const collect = (e: ReturnType<typeof parseRule>): void => {
    if (e.op === 'state') members.add(e.alarm);
    else if (e.op === 'not') collect(e.arg);
    else if (e.op === 'and' || e.op === 'or') e.args.forEach(collect);
  };
  for (const c of rules.composites.values())
    if (c.suppressor !== undefined && c.topics.some((t) => pageTopics.has(t))) collect(c.expr);
  return members;
}

/** Runs as the probe publishes them: every watched metric healthy, some failing, a maintenance window, or nothing. */
function runs(sim: Simulation) {
  const alarm = (short: string) => {
    const found = sim.metric.get(`${P}-${short}`);
    if (found === undefined) throw new Error(`no alarm ${short}`);
    return found;
  };
  // Published only by an open window, the notifier (idle) or SQS (its own cadence, added below).
  const notPerRun = new Set(['maintenance', 'notifier-errors', 'notifier-dlq', 'dlq'].map((n) => `${P}-${n}`));
  const queue = (deadLetter: boolean): [string, number] => [`${P}-dlq`, valueFor(alarm('dlq'), deadLetter)];
  const withheld = mutedPageMembers(sim.rules);
  const run = (options: { readonly fail?: readonly string[]; readonly maintenance?: boolean } = {}): Minute => {
    const minute = new Map<string, number>([queue(false)]);
    for (const a of sim.metric.values()) if (!notPerRun.has(a.name)) minute.set(a.name, valueFor(a, false));
    for (const short of options.fail ?? []) {
      // In a window the probe publishes no failing datapoint of a muted page alarm (lambda/maintenance.ts runMetrics).
      if (options.maintenance === true && withheld.has(`${P}-${short}`)) minute.delete(`${P}-${short}`);
      else minute.set(`${P}-${short}`, valueFor(alarm(short), true));
    }
    if (options.maintenance === true) minute.set(`${P}-maintenance`, valueFor(alarm('maintenance'), true));
    return minute;
  };
  /** No run at all (lost, or the probe is dead): SQS still reports the queue, with a new dead letter if one arrived. */
  const silent = (deadLetter = false): Minute => new Map([queue(deadLetter)]);
  return { run, silent };
}

describe('timelines played against the synthesized alarms (schedule 1 min, one evaluation a minute)', () => {
  let sim: Simulation;
  let pageTopic: string;
  let r: ReturnType<typeof runs>;
  const timing = alarmTiming(1);
  beforeAll(() => {
    const template = synthTemplate(classicConfig());
    sim = simulation(template);
    r = runs(sim);
    const composite = sim.rules.composites.get(`${P}-org-page`);
    pageTopic = composite?.topics[0] ?? '';
  });
  const healthy = (n: number): Minute[] => Array.from({ length: n }, () => r.run());
  const failing = (n: number, fail: readonly string[] = ['org-token']): Minute[] =>
    Array.from({ length: n }, () => r.run({ fail }));
  /** What reached a topic: minute, alarm (without the prefix), state, page or warn. */
  const sent = (minutes: readonly Minute[]): string[] =>
    simulate(sim, minutes).map(
      (n) => `${n.minute} ${n.alarm.slice(P.length + 1)} ${n.state} ${n.topics.includes(pageTopic) ? 'page' : 'warn'}`,
    );
  // Every timeline starts with 10 healthy runs (minutes 0-9); a failure "starts at 9" begins just after run 9's
  // requests.
  const START = 9;

  it('meets the alarm goals at the 1-minute schedule: page <= 3 min, OK <= 3 min, "probe down" <= 4 min', () => {
    expect([timing.pageWithinMinutes, timing.okWithinMinutes, timing.probeDownWithinMinutes]).toEqual([3, 3, 4]);
  });

  it('pages an outage once, within the worst case, and tells OK within its worst case', () => {
    // Runs 10-14 fail: run 10's period closes at 11 and is evaluated at 12: ALARM, paged at once (no wait).
    // Run 15 passes: evaluated at 17, OK (1 of 1).
    const got = sent([...healthy(10), ...failing(5), ...healthy(6)]);
    expect(got).toEqual([`12 org-page ALARM page`, `17 org-page OK page`]);
    // Worst case: the outage starts just after run 9, the fix just after run 14.
    expect(12 - START).toBe(timing.pageWithinMinutes);
    expect(17 - (START + 5)).toBe(timing.okWithinMinutes);
  });

  it('pages a one-run outage once, then OK one run later', () => {
    expect(sent([...healthy(10), ...failing(1), ...healthy(6)])).toEqual([
      `12 org-page ALARM page`,
      `13 org-page OK page`,
    ]);
  });

  it('never pages one lost run: the dead letter warns, no check alarm moves', () => {
    // The queue alarm's period is 5 min: the dead letter of minute 10 is in period 10-15, seen at 16.
    expect(sent([...healthy(10), r.silent(true), ...healthy(12)])).toEqual([`16 dlq ALARM warn`, `21 dlq OK warn`]);
  });

  it('never pages a failure that passed on its in-run retry: the run publishes a pass', () => {
    // engine.ts confirmed(): a pass on retry publishes CheckSuccess 1 (observed.passedOnRetry), so the run is healthy.
    expect(sent([...healthy(10), r.run(), ...healthy(5)])).toEqual([]);
    // ...whereas the same failure confirmed by its retry pages.
    expect(sent([...healthy(10), ...failing(1, ['org-keys']), ...healthy(5)])).toContain(`12 org-page ALARM page`);
  });

  it('pages a dead probe exactly once, as "probe down", and blames no server; recovery is quiet', () => {
    const got = sent([...healthy(10), ...Array.from({ length: 15 }, () => r.silent()), ...healthy(6)]);
    expect(got).toEqual([`13 probe-down ALARM page`, `28 probe-down OK page`]);
    expect(13 - START).toBeLessThanOrEqual(timing.probeDownWithinMinutes);
  });

  it(
    'keeps a failing server in ALARM through a dead probe (silence is never a pass), and tells OK once the ' +
      'probe is back and it passes',
    () => {
      const got = sent([
        ...healthy(10),
        ...failing(3),
        ...Array.from({ length: 10 }, () => r.silent()),
        ...failing(3),
        ...healthy(4),
      ]);
      expect(got.filter((line) => line.includes('org-page'))).toEqual([
        `12 org-page ALARM page`,
        `28 org-page OK page`,
      ]);
    },
  );

  it(
    'silences a server failing in a window opened by the very run that first fails (the old race), and pages ' +
      'it when the window ends',
    () => {
      const during = Array.from({ length: 10 }, () => r.run({ maintenance: true, fail: ['org-token'] }));
      // The window's last run is 19: the maintenance alarm (1 of the last 2) is OK at 23, the extension ends at 24.
      // Run 20, the first failure published again, put org-token in ALARM at 22, muted until then.
      expect(sent([...healthy(10), ...during, ...failing(4), ...healthy(4)])).toEqual([
        `12 maintenance ALARM warn`,
        `23 maintenance OK warn`,
        `24 org-page ALARM page`,
        `26 org-page OK page`,
      ]);
      // A server back before the window ends never pages.
      expect(sent([...healthy(10), ...during, ...healthy(6)])).toEqual([
        `12 maintenance ALARM warn`,
        `23 maintenance OK warn`,
      ]);
    },
  );

  it(
    'lets a server paged before a window recover during it (passes are published), and tells OK once the ' +
      'silence ends',
    () => {
      const window = (n: number, fail: readonly string[]): Minute[] =>
        Array.from({ length: n }, () => r.run({ maintenance: true, fail }));
      // Runs 10-12 fail (paged at 12); runs 13-17 fail in the window (withheld: org-token stays in ALARM); runs 18-22
      // pass in it (OK at 20, muted); the window's last run is 22, the maintenance alarm OK at 26, the extension ends
      // at 27.
      expect(
        sent([...healthy(10), ...failing(3), ...window(5, ['org-token']), ...window(5, []), ...healthy(6)]),
      ).toEqual([
        `12 org-page ALARM page`,
        `15 maintenance ALARM warn`,
        `26 maintenance OK warn`,
        `27 org-page OK page`,
      ]);
    },
  );

  it(
    "needs the withholding: with no suppressor wait, a failure published beside the window's first datum would " +
      'page',
    () => {
      // What the probe would send without lambda/maintenance.ts runMetrics(): both reach CloudWatch in run 10, and
      // with a wait of 0 the order of the two evaluations decides (CloudWatch does not promise one).
      const token = sim.metric.get(`${P}-org-token`);
      if (token === undefined) throw new Error('no org-token alarm');
      const published = (): Minute => new Map([...r.run({ maintenance: true }), [token.name, valueFor(token, true)]]);
      expect(sent([...healthy(10), ...Array.from({ length: 5 }, published)])).toContain(`12 org-page ALARM page`);
    },
  );

  it('pages an outage although a warning has been stuck in ALARM for hours', () => {
    const warning = (n: number): Minute[] => failing(n, ['org-rate-limit']);
    const got = sent([...healthy(10), ...warning(180), ...failing(1, ['org-rate-limit', 'org-token']), ...warning(5)]);
    // The warning takes 2 failing runs of 3 (evaluated at 13) + its 1-min wait; the page 1 run, no wait.
    expect(got).toEqual([`14 org-warn ALARM warn`, `192 org-page ALARM page`, `193 org-page OK page`]);
    expect(14 - START).toBeLessThanOrEqual(timing.warnWithinMinutes);
  });

  /** The run without org-token's datapoint when the damper holds it back. */
  const held = (minute: Minute, decision: 'publish' | 'hold' | undefined): Minute =>
    decision === 'hold' ? new Map([...minute].filter(([name]) => name !== `${P}-org-token`)) : minute;

  it(
    "pages a server failing every other run twice, not ten times: the probe holds a flapping check's passes " + 'back',
    () => {
      /** 10 healthy runs, 20 alternating (fail first), then healthy ones; `damper` decides as lambda/probe.ts does. */
      const timeline = (damper?: FlapDamper): Minute[] =>
        Array.from({ length: 10 + 20 + 20 }, (_, i) => {
          const failed = i >= 10 && i < 30 && (i - 10) % 2 === 0;
          return held(r.run(failed ? { fail: ['org-token'] } : {}), damper?.decide(`${P}-org-token`, failed));
        });
      const pagesOf = (lines: string[]): string[] => lines.filter((line) => line.endsWith('org-page ALARM page'));
      // Without damping, 1 of 1 pays for its fast OK with a page per failing run.
      expect(pagesOf(sent(timeline()))).toHaveLength(10);
      // With it: the first spell pages and its pass clears it (a clean outage's 3-min OK); the second spell pages and
      // the alarm then stays in ALARM while it flaps, until the window holds one spell again.
      const damped = sent(timeline(createFlapDamper(flapWindowRuns(1))));
      expect(pagesOf(damped)).toEqual(['12 org-page ALARM page', '14 org-page ALARM page']);
      const ok = damped.filter((line) => line.endsWith('org-page OK page')).map((line) => Number(line.split(' ')[0]));
      // The last failing run is 28; OK once its spell and the one before are not both in the last 15 runs, + 2 min.
      expect(ok.at(-1)).toBeLessThanOrEqual(28 + flapWindowRuns(1) + timing.okWithinMinutes);
      expect(damped.at(-1)).toMatch(/org-page OK page$/);
    },
  );

  it(
    'leaves a clean outage alone: one spell is not flapping, its first pass is published and OK comes within 3 ' +
      'min',
    () => {
      const damper = createFlapDamper(flapWindowRuns(1));
      const minutes = Array.from({ length: 10 + 5 + 6 }, (_, i) => {
        const failed = i >= 10 && i < 15;
        return held(r.run(failed ? { fail: ['org-token'] } : {}), damper.decide(`${P}-org-token`, failed));
      });
      expect(sent(minutes)).toEqual([`12 org-page ALARM page`, `17 org-page OK page`]);
    },
  );
});

describe('parseRule', () => {
  it('reads NOT, AND, OR, parentheses and every state function, and refuses what CloudWatch would', () => {
    expect(parseRule('ALARM("a") AND NOT (OK("b") OR INSUFFICIENT_DATA("c")) OR TRUE')).toEqual({
      op: 'or',
      args: [
        {
          op: 'and',
          args: [
            { op: 'state', state: 'ALARM', alarm: 'a' },
            {
              op: 'not',
              arg: {
                op: 'or',
                args: [
                  { op: 'state', state: 'OK', alarm: 'b' },
                  { op: 'state', state: 'INSUFFICIENT_DATA', alarm: 'c' },
                ],
              },
            },
          ],
        },
        { op: 'const', value: true },
      ],
    });
    expect(() => parseRule('ALARM("a") OR')).toThrow();
    expect(() => parseRule('ALARM(a)')).toThrow();
  });
});

describe("the latency alarm: a server's p90 above latencyWarnMs in 2 of the last 3 runs warns", () => {
  /** Top level 1500 ms; "default" turns its own off. */
  const latencyConfig = (): Record<string, unknown> => {
    const example = exampleConfig();
    const servers = (example.servers as Record<string, unknown>[]).map((s) =>
      s.id === 'default' ? { ...s, latencyWarnMs: null } : s,
    );
    return { ...example, latencyWarnMs: 1500, servers };
  };
  let template: Template;
  let sim: Simulation;
  beforeAll(() => {
    template = synthTemplate(latencyConfig());
    sim = simulation(template);
  });

  it(
    'is a warn member on ServerLatency p90 with the configured threshold, evaluated even on few samples, ' +
      'notifying no one itself',
    () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${P}-org-latency`,
        Namespace: 'OktaSynthetics',
        MetricName: 'ServerLatency',
        Dimensions: [{ Name: 'Server', Value: 'org' }],
        ExtendedStatistic: 'p90',
        Statistic: Match.absent(),
        Period: 60,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 1500,
        TreatMissingData: 'ignore',
        EvaluateLowSampleCountPercentile: 'evaluate',
        AlarmActions: Match.absent(),
        AlarmDescription: Match.stringLikeRegexp(
          "above 1500 ms in 2 of the last 3 runs.*cell.*proxy.*region far from the org's cell.*First steps",
        ),
      });
      const rules = alarmModel(template);
      expect(rules.composites.get(`${P}-org-warn`)?.rule).toContain(`ALARM("${P}-org-latency")`);
      expect(rules.composites.get(`${P}-org-page`)?.rule).not.toContain('latency');
      // A server's own null turns it off: no alarm, and the probe publishes no ServerLatency for it.
      expect(sim.metric.has(`${P}-default-latency`)).toBe(false);
    },
  );

  it('is absent, metric and all, when latencyWarnMs is null (on by default)', () => {
    const plain = synthTemplate({ ...exampleConfig(), latencyWarnMs: null });
    expect(
      resources(plain, 'AWS::CloudWatch::Alarm').filter(([, r]) => r.Properties.MetricName === 'ServerLatency'),
    ).toEqual([]);
    expect(JSON.stringify(dashboardBody(plain))).not.toContain('ServerLatency');
  });

  it("draws the threshold on the server's latency graph beside the p90 the alarm watches", () => {
    const widgets = dashboardBody(template).widgets as {
      properties: {
        title?: string;
        metrics?: unknown[][];
        annotations?: { horizontal?: { value: number; label: string }[] };
      };
    }[];
    const org = widgets.find((w) => w.properties.title === 'org: latency p50 / p90 (ms)');
    expect(org?.properties.annotations?.horizontal).toEqual([
      expect.objectContaining({ value: 1500, label: expect.stringContaining('2 of 3 runs') as unknown }),
    ]);
    expect(JSON.stringify(org?.properties.metrics)).toContain('"ServerLatency","Server","org"');
    const other = widgets.find((w) => w.properties.title === 'default: latency p50 / p90 (ms)');
    expect(other?.properties.annotations).toBeUndefined();
  });

  describe('timelines (schedule 1 min)', () => {
    const LATENCY = `${P}-org-latency`;
    /** A run as the probe publishes it, with these samples of org's ServerLatency (none: no request was answered). */
    const run = (samples?: readonly number[]): Minute => {
      const minute = new Map(runs(sim).run());
      if (samples === undefined) minute.delete(LATENCY);
      else minute.set(LATENCY, samples);
      return minute;
    };
    const fast = (): Minute => run([120, 180, 240, 90]);
    const slow = (): Minute => run([1900, 2600, 2100, 1700]);
    const times = (n: number, make: () => Minute): Minute[] => Array.from({ length: n }, make);
    const sent = (minutes: readonly Minute[]): string[] =>
      simulate(sim, minutes).map((n) => `${n.minute} ${n.alarm.slice(P.length + 1)} ${n.state}`);
    // Every timeline starts with 10 fast runs (minutes 0-9); slowness "starts at 9", just after run 9's requests.
    const START = 9;

    it('never warns on one slow run, nor on slow runs further apart than 2 of 3', () => {
      expect(sent([...times(10, fast), slow(), ...times(10, fast)])).toEqual([]);
      expect(
        sent([...times(10, fast), slow(), fast(), fast(), slow(), fast(), fast(), slow(), ...times(5, fast)]),
      ).toEqual([]);
    });

    it('never warns on one slow request among fast ones once a run has 10 or more (its p90 is not the slowest)', () => {
      const mixed = (): Minute => run([...Array.from({ length: 9 }, () => 150), 4000]);
      expect(sent([...times(10, fast), ...times(5, mixed), ...times(5, fast)])).toEqual([]);
    });

    it('warns on a slow period within the warning worst case, and tells OK once the runs are fast again', () => {
      const got = sent([...times(10, fast), ...times(10, slow), ...times(10, fast)]);
      // Runs 10 and 11 are slow: 2 of 3 at the evaluation of 13, the warn composite acts after its 1-min wait.
      // Runs 20 and 21 are fast: 2 of 3 fast at 23, and OK is not delayed.
      expect(got).toEqual(['14 org-warn ALARM', '23 org-warn OK']);
      expect(14 - START).toBeLessThanOrEqual(alarmTiming(1).warnWithinMinutes);
    });

    it(
      'keeps its state through runs with no answered request (timeouts page on their own), like every probe ' + 'alarm',
      () => {
        expect(sent([...times(10, fast), slow(), ...times(3, () => run()), slow(), ...times(5, fast)])).toEqual([]);
        // Slow 10-12, nothing 13-17: ALARM is kept; fast 18 and 19 outvote the gap only at the evaluation of 21.
        expect(sent([...times(10, fast), ...times(3, slow), ...times(5, () => run()), ...times(5, fast)])).toEqual([
          '14 org-warn ALARM',
          '21 org-warn OK',
        ]);
      },
    );
  });
});
