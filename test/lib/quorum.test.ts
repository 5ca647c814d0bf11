// The quorum synthesized for three regions: the home region's global table with a replica in each other region,
// every region's latch in its page composites, the backstop in the home region only, the probe's rights and
// environment, the deploy order, cdk-nag clean (the synth throws otherwise) and AWS's offline validator clean.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { Stack } from 'aws-cdk-lib';
import { alarmModel, evaluate } from '../support/alarm-rules';
import { templateErrors } from '../support/cfn-validate';
import { build, exampleConfig, flatTemplate } from './helpers';

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

  it('creates the verdict table once, in the home region, with a replica in every region, and deploys the others after it', () => {
    Template.fromStack(home).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'okta-synthetics-quorum',
      TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
    });
    const [table] = Object.values(Template.fromStack(home).findResources('AWS::DynamoDB::GlobalTable'));
    expect((table?.Properties.Replicas as { Region: string }[]).map((r) => r.Region).sort()).toEqual([...REGIONS].sort());
    for (const other of [eu, ap]) {
      Template.fromStack(other).resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
      expect(other.dependencies).toContain(home);
    }
  });

  it('pages from a server\'s composite only through its latch (and, at home, the backstop): a region\'s own check alarms warn', () => {
    for (const [stack, members] of [
      [home, ['okta-synthetics-org-quorum-latch', 'okta-synthetics-org-quorum-backstop']],
      [eu, ['okta-synthetics-org-quorum-latch']],
    ] as const) {
      const model = alarmModel(flatTemplate(stack));
      const page = model.composites.get('okta-synthetics-org-page');
      expect(page?.rule).toBe(members.map((m) => `ALARM("${m}")`).join(' OR ').replace(/^/, '(').replace(/$/, ')'));
      // This region's discovery failing alone: its warn composite is in ALARM, its page composite is not.
      const states = evaluate(model, new Set(['okta-synthetics-org-discovery']));
      expect(states.get('okta-synthetics-org-warn')).toBe('ALARM');
      expect(states.get('okta-synthetics-org-page')).toBe('OK');
      expect(evaluate(model, new Set(['okta-synthetics-org-quorum-latch'])).get('okta-synthetics-org-page')).toBe('ALARM');
    }
  });

  it('gives the latch a metric nobody publishes with missing data ignored, and the backstop the regions\' QuorumFailing, counted while too few fast paths are healthy', () => {
    const flat = flatTemplate(home);
    flat.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'okta-synthetics-org-quorum-latch', MetricName: 'QuorumLatch', TreatMissingData: 'ignore', EvaluationPeriods: 1 });
    const backstop = Object.values(flat.findResources('AWS::CloudWatch::Alarm')).find((r) => r.Properties.AlarmName === 'okta-synthetics-org-quorum-backstop');
    expect(backstop?.Properties).toMatchObject({ Threshold: 2, TreatMissingData: 'notBreaching', ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    const metrics = backstop?.Properties.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: { Dimensions: { Name: string; Value: string }[] } } }[];
    expect(metrics[0]?.Expression).toBe('IF(FILL(h0,0)+FILL(h1,0)+FILL(h2,0) >= 2, 0, FILL(f0,0)+FILL(f1,0)+FILL(f2,0))');
    expect(metrics.slice(1).map((m) => m.MetricStat?.Metric.Dimensions.find((d) => d.Name === 'Region')?.Value)).toEqual([...REGIONS, ...REGIONS]);
    expect(JSON.stringify(flatTemplate(eu).toJSON())).not.toContain('quorum-backstop');
  });

  it('lets the probe write its item and read its peers\' in its own region, and set only its latches', () => {
    const template = Template.fromStack(eu);
    const text = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(text).toMatch(/"Action":\["dynamodb:(PutItem|BatchGetItem)","dynamodb:(PutItem|BatchGetItem)"\]/);
    expect(text).toContain(':dynamodb:eu-west-1:123456789012:table/okta-synthetics-quorum');
    expect(text).toContain(':alarm:okta-synthetics-org-quorum-latch');
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'okta-synthetics-probe',
      Environment: { Variables: Match.objectLike({ QUORUM_TABLE: 'okta-synthetics-quorum', QUORUM_REGION: 'eu-west-1', QUORUM_HOME_REGION: 'us-east-1' }) },
    });
  });

  it('passes AWS\'s offline CloudFormation validator in every region', () => {
    for (const stack of [home, eu]) {
      const findings = templateErrors(Template.fromStack(stack).toJSON(), stack.stackName, stack.region, 'WARN').filter((f) => !f.startsWith('WARN W3005:'));
      expect({ stack: stack.stackName, findings }).toEqual({ stack: stack.stackName, findings: [] });
    }
  }, 240_000);
});

describe('the quorum in one region ("quorum": {})', () => {
  it('keeps one region\'s page on its own latch and backstop (agree 1), with the table in its own stack', () => {
    const { app, result } = build({ ...exampleConfig(), regions: ['us-east-1'], quorum: {} });
    if (!result.ok) throw new Error(result.errors.join('; '));
    app.synth();
    const stack = result.stacks[0] as Stack;
    Template.fromStack(stack).resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    const model = alarmModel(flatTemplate(stack));
    expect(model.composites.get('okta-synthetics-org-page')?.rule).toBe('(ALARM("okta-synthetics-org-quorum-latch") OR ALARM("okta-synthetics-org-quorum-backstop"))');
  });
});
