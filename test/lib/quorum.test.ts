// The quorum synthesized for three regions: the home region's global table with a replica in each other region, each
// region's page composite on its own latch (and at home the backstop), one page message for one outage when the acting
// home's latch alone is set, the probe's rights and environment, the deploy order, cdk-nag clean (the synth throws
// otherwise) and AWS's offline validator clean; and one region, with the fast path by default or turned off.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { Stack } from 'aws-cdk-lib';
import { alarmModel, evaluate } from '../support/alarm-rules';
import { templateErrors } from '../support/cfn-validate';
import { build, exampleConfig, flatTemplate } from './helpers';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PROBE_TIMEOUT_SECONDS, QUORUM_TABLE, QUORUM_WATCH_ENV, QUORUM_WATCH_SECONDS } from '../../functions/contract';
import { createDynamoVerdictTable } from '../../functions/lambda/quorum-aws';
import { startAwsFake } from '../support/aws-fake';
import type { CfnResource } from '../support/cfn-values';
import { iamGate, roleStatements } from '../support/iam-policy';
import { ALARM_MATH_METRICS_MAX } from '../support/quorum-aws';
import { QUORUM_DEFAULTS, QUORUM_MAX_REGIONS } from '../../functions/config/quorum';

const TABLE = 'okta-synthetics-quorum';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

function stacks(): Stack[] {
  const { app, result } = build({ ...exampleConfig(), regions: REGIONS });
  if (!result.ok) throw new Error(result.errors.join('; '));
  // cdk-nag runs in the synth: an unacknowledged finding throws here.
  app.synth();
  return [...result.stacks];
}

describe('the quorum stacks (3 regions)', () => {
  const [home, eu, ap] = stacks() as [Stack, Stack, Stack];

  it(
    'creates the verdict table once, in the home region, with a replica in every region, and deploys the ' +
      'others after it',
    () => {
      Template.fromStack(home).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TableName: 'okta-synthetics-quorum',
        TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
      });
      const [table] = Object.values(Template.fromStack(home).findResources('AWS::DynamoDB::GlobalTable'));
      expect((table?.Properties.Replicas as { Region: string }[]).map((r) => r.Region).sort()).toEqual(
        [...REGIONS].sort(),
      );
      // Why nothing in it needs a backup, in the reviewer's words: the interval and freshness it is written at.
      const { checkEverySeconds, freshSeconds } = QUORUM_DEFAULTS;
      const said = home.node.findAll().flatMap((c) => c.node.metadata.map((m) => JSON.stringify(m.data)));
      expect(said.join('\n')).toContain(
        `rewritten every round (${checkEverySeconds} s) and counted for ${freshSeconds} s`,
      );
      for (const other of [eu, ap]) {
        Template.fromStack(other).resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
        expect(other.dependencies).toContain(home);
      }
    },
  );

  it(
    "pages for a server in every region through that region's own latch (and at home its backstop); every " +
      "region's own check alarms warn",
    () => {
      const homeModel = alarmModel(flatTemplate(home));
      expect(homeModel.composites.get('okta-synthetics-org-page')?.rule).toBe(
        '(ALARM("okta-synthetics-org-quorum-latch") OR ALARM("okta-synthetics-org-quorum-backstop"))',
      );
      for (const stack of [eu, ap]) {
        const model = alarmModel(flatTemplate(stack));
        expect(model.composites.get('okta-synthetics-org-page')?.rule).toBe(
          '(ALARM("okta-synthetics-org-quorum-latch"))',
        );
        expect(model.composites.get('okta-synthetics-org-warn')?.rule).not.toContain('quorum-latch');
      }
      for (const stack of [home, eu, ap]) {
        const model = alarmModel(flatTemplate(stack));
        expect(evaluate(model, new Set(['okta-synthetics-org-quorum-latch'])).get('okta-synthetics-org-page')).toBe(
          'ALARM',
        );
        // This region's discovery failing alone: its warn composite is in ALARM, no page composite is.
        const states = evaluate(model, new Set(['okta-synthetics-org-discovery']));
        expect(states.get('okta-synthetics-org-warn')).toBe('ALARM');
        expect([...states].filter(([name, state]) => name.endsWith('-page') && state === 'ALARM')).toEqual([]);
      }
    },
  );

  it(
    "gives one Okta outage one page message across the three stacks when the acting home's latch alone is set " +
      '(the probe sets no other), whichever region acts',
    () => {
      const pagesWith = (acting: Stack): string[] =>
        [home, eu, ap].flatMap((stack) => {
          const model = alarmModel(flatTemplate(stack));
          const pageTopic = Object.entries(Template.fromStack(stack).findResources('AWS::SNS::Topic')).find(
            ([, r]) => r.Properties.TopicName === 'okta-synthetics-page',
          )?.[0];
          // Every region's check alarms fail in an outage; only the acting home's latch is in ALARM.
          const outage = new Set([
            'okta-synthetics-org-discovery',
            'okta-synthetics-org-token',
            ...(stack === acting ? ['okta-synthetics-org-quorum-latch'] : []),
          ]);
          const states = evaluate(model, new Set([...outage].filter((name) => model.metricAlarms.has(name))));
          return [...model.composites.values()]
            .filter((c) => states.get(c.name) === 'ALARM' && c.topics.includes(pageTopic ?? ''))
            .map((c) => `${stack.region} ${c.name}`);
        });
      expect(pagesWith(home)).toEqual(['us-east-1 okta-synthetics-org-page']);
      expect(pagesWith(eu)).toEqual(['eu-west-1 okta-synthetics-org-page']);
    },
  );

  it(
    "routes Okta's major status incident to the notifier's page alias at home and its warn alias elsewhere, " +
      'and a stopped probe to the warn alias everywhere',
    () => {
      const routed = (stack: Stack, severity: string): string =>
        JSON.stringify(
          Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule')).filter((r) =>
            String(r.Properties.Name).startsWith(`okta-synthetics-notify-${severity}`),
          ),
        );
      expect(routed(home, 'page')).toContain('okta-synthetics-okta-status-major');
      expect(routed(eu, 'page')).not.toContain('okta-synthetics-okta-status-major');
      expect(routed(eu, 'warn')).toContain('okta-synthetics-okta-status-major');
      expect(routed(eu, 'warn')).toContain('okta-synthetics-probe-down');
      // Each region's page composite pages from its own notifier: the acting home may be any of them.
      expect(routed(eu, 'page')).toContain('okta-synthetics-org-page');
      // And CloudWatch may publish them to the warn topic there: a topic's policy names each alarm that notifies it.
      const warnPublishers = (stack: Stack): string =>
        JSON.stringify(
          Object.values(Template.fromStack(stack).findResources('AWS::SNS::TopicPolicy'))
            .flatMap(
              (r) => (r.Properties.PolicyDocument as { Statement: { Sid?: string; Resource?: unknown }[] }).Statement,
            )
            .filter((st) => st.Sid === 'CloudWatchAlarmsPublish' && JSON.stringify(st.Resource).includes('WarnTopic')),
        );
      expect(warnPublishers(eu)).toContain(':alarm:okta-synthetics-okta-status-major');
      expect(warnPublishers(eu)).toContain(':alarm:okta-synthetics-probe-down');
      // The home's stopped probe warns too: the next live region acts as home.
      expect(warnPublishers(home)).toContain(':alarm:okta-synthetics-probe-down');
    },
  );

  it(
    "gives the latch a metric nobody publishes with missing data ignored, and the backstop the regions' " +
      'QuorumFailing, counted while too few fast paths are healthy',
    () => {
      const flat = flatTemplate(home);
      flat.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'okta-synthetics-org-quorum-latch',
        MetricName: 'QuorumLatch',
        TreatMissingData: 'ignore',
        EvaluationPeriods: 1,
      });
      const backstop = Object.values(flat.findResources('AWS::CloudWatch::Alarm')).find(
        (r) => r.Properties.AlarmName === 'okta-synthetics-org-quorum-backstop',
      );
      expect(backstop?.Properties).toMatchObject({
        Threshold: 2,
        TreatMissingData: 'notBreaching',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      const metrics = backstop?.Properties.Metrics as {
        Id: string;
        Expression?: string;
        MetricStat?: { Metric: { Dimensions: { Name: string; Value: string }[] } };
      }[];
      // Counted while fewer than two regions' fast paths are healthy: a stopped home is one region less, the next live
      // region's latch pages.
      expect(metrics[0]?.Expression).toBe(
        'IF(FILL(h0,0)+FILL(h1,0)+FILL(h2,0) >= 2, 0, FILL(f0,0)+FILL(f1,0)+FILL(f2,0))',
      );
      expect(
        metrics.slice(1).map((m) => m.MetricStat?.Metric.Dimensions.find((d) => d.Name === 'Region')?.Value),
      ).toEqual([...REGIONS, ...REGIONS]);
      expect(JSON.stringify(flatTemplate(eu).toJSON())).not.toContain('quorum-backstop');
    },
  );

  it("gives every region's probe its rounds' seconds in its timeout, past the next run's latest start", () => {
    for (const stack of [home, eu, ap]) {
      const [probe] = Object.values(
        Template.fromStack(stack).findResources('AWS::Lambda::Function', {
          Properties: { FunctionName: 'okta-synthetics-probe' },
        }),
      );
      expect(probe?.Properties.Timeout).toBe(PROBE_TIMEOUT_SECONDS + QUORUM_WATCH_SECONDS);
      // The checks keep their part below the minute; the rounds hold until the next run has written, which starts
      // anywhere in the next minute (EventBridge: "no second-level precision"), up to 15 s later by its start offset,
      // and writes after a cold start and its checks: a run invoked at a minute's first second lives past 2:15.
      expect(PROBE_TIMEOUT_SECONDS).toBeLessThan(60);
      expect(probe?.Properties.Timeout).toBeGreaterThanOrEqual(135);
      expect(probe?.Properties.Environment.Variables[QUORUM_WATCH_ENV]).toBe(String(QUORUM_WATCH_SECONDS * 1000));
    }
  });

  it("lets the probe write its item and read its peers' in its own region, and set only its latches", () => {
    const template = Template.fromStack(eu);
    const text = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(text).toMatch(/"Action":"dynamodb:PutItem","Condition":\{"ForAllValues:StringEquals"/);
    expect(text).toContain('"Action":"dynamodb:BatchGetItem"');
    expect(text).toContain(':dynamodb:eu-west-1:123456789012:table/okta-synthetics-quorum');
    expect(text).toContain(':alarm:okta-synthetics-org-quorum-latch');
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'okta-synthetics-probe',
      Environment: {
        Variables: Match.objectLike({
          QUORUM_TABLE: 'okta-synthetics-quorum',
          QUORUM_REGION: 'eu-west-1',
        }),
      },
    });
  });

  it("refuses a probe writing another region's item (LeadingKeys), and lets it read every region's", async () => {
    const resources = Template.fromStack(eu).toJSON().Resources as Record<string, CfnResource>;
    const statements = roleStatements({ account: '123456789012', region: 'eu-west-1', resources }, () => true);
    const fake = await startAwsFake({
      iam: iamGate(statements, { account: '123456789012', partitionKeys: { [TABLE]: QUORUM_TABLE.partitionKey } }),
      serve: ({ operation }) =>
        operation === 'dynamodb.PutItem' || operation === 'dynamodb.BatchGetItem' ? { body: {} } : undefined,
    });
    try {
      const client = (region: string): DynamoDBClient =>
        new DynamoDBClient({
          endpoint: fake.url,
          region,
          credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
          maxAttempts: 1,
        });
      const table = createDynamoVerdictTable(TABLE, new Set(), client('eu-west-1'));
      const item = (region: string) => ({ region, writtenAt: Date.now(), verdicts: {} });
      await expect(table.write(item('eu-west-1'))).resolves.toBeUndefined();
      await expect(table.write(item('us-east-1'))).rejects.toThrow(/not authorized to perform: dynamodb:PutItem/);
      await expect(table.read([...REGIONS])).resolves.toEqual([]);
      // The grant names its region's replica: the same role signed for another region reaches no table.
      const elsewhere = createDynamoVerdictTable(TABLE, new Set(), client('us-east-1'));
      await expect(elsewhere.write(item('us-east-1'))).rejects.toThrow(/AccessDenied|not authorized/);
    } finally {
      await fake.close();
    }
  });

  it("passes AWS's offline CloudFormation validator in every region", () => {
    for (const stack of [home, eu]) {
      const findings = templateErrors(Template.fromStack(stack).toJSON(), stack.stackName, stack.region, 'WARN').filter(
        (f) => !f.startsWith('WARN W3005:'),
      );
      expect({ stack: stack.stackName, findings }).toEqual({ stack: stack.stackName, findings: [] });
    }
  });
});

describe('one region: the fast path by default', () => {
  const single = (extra: Record<string, unknown>): Stack => {
    const { app, result } = build({ ...exampleConfig(), regions: ['us-east-1'], ...extra });
    if (!result.ok) throw new Error(result.errors.join('; '));
    app.synth();
    return result.stacks[0] as Stack;
  };

  it(
    'pages on its own latch and backstop (agree 1), with the table in its own stack, its own check alarms in ' +
      'the warn composite',
    () => {
      const stack = single({});
      Template.fromStack(stack).resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
      const model = alarmModel(flatTemplate(stack));
      expect(model.composites.get('okta-synthetics-org-page')?.rule).toBe(
        '(ALARM("okta-synthetics-org-quorum-latch") OR ALARM("okta-synthetics-org-quorum-backstop"))',
      );
      expect(evaluate(model, new Set(['okta-synthetics-org-token'])).get('okta-synthetics-org-page')).toBe('OK');
      expect(evaluate(model, new Set(['okta-synthetics-org-token'])).get('okta-synthetics-org-warn')).toBe('ALARM');
      const backstop = Object.values(flatTemplate(stack).findResources('AWS::CloudWatch::Alarm')).find(
        (r) => r.Properties.AlarmName === 'okta-synthetics-org-quorum-backstop',
      );
      expect((backstop?.Properties.Metrics as { Expression?: string }[])[0]?.Expression).toBe(
        'IF(FILL(h0,0) >= 1, 0, FILL(f0,0))',
      );
    },
  );

  it('with "quorum": false, pages on its own check alarms as before the fast path, with no table', () => {
    const stack = single({ quorum: false });
    Template.fromStack(stack).resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    const model = alarmModel(flatTemplate(stack));
    expect(model.composites.get('okta-synthetics-org-page')?.rule).toContain('ALARM("okta-synthetics-org-discovery")');
    expect(evaluate(model, new Set(['okta-synthetics-org-token'])).get('okta-synthetics-org-page')).toBe('ALARM');
  });
});

describe('the quorum at the most regions the config accepts', () => {
  it("fits the backstop's metric math in CloudWatch's 10 metrics an alarm", () => {
    const most = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2', 'eu-central-1'];
    expect(most).toHaveLength(QUORUM_MAX_REGIONS);
    const { app, result } = build({ ...exampleConfig(), regions: most });
    if (!result.ok) throw new Error(result.errors.join('; '));
    app.synth();
    const home = result.stacks.find((s) => s.region === 'us-east-1');
    if (home === undefined) throw new Error('no home stack');
    const backstops = Object.values(flatTemplate(home).findResources('AWS::CloudWatch::Alarm')).filter((r) =>
      String(r.Properties.AlarmName).endsWith('-quorum-backstop'),
    );
    expect(backstops.length).toBeGreaterThan(0);
    for (const backstop of backstops) {
      const metrics = backstop.Properties.Metrics as { MetricStat?: unknown }[];
      expect(metrics.filter((m) => m.MetricStat !== undefined).length).toBeLessThanOrEqual(ALARM_MATH_METRICS_MAX);
    }
  });
});
