// The AWS edges of the alarm states' stream and of the metric stream, each policy judged per principal by the
// evaluator the AWS fake and the deploy rehearsal use (test/support/kms-policy.ts): EventBridge assumes the rules'
// role only for these rules of this account; what it cannot deliver goes to a dead-letter queue it may send to for
// these rules only, under SQS's own key (no key policy to open), whose alarm warns; the metric stream's role keeps the
// trust AWS documents for it, without a condition.
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { METRIC_STREAM_DESTINATIONS, type MetricStreamDestination } from '../../functions/config/metric-stream';
import { loadConfigFile } from '../../functions/config/parse';
import { regionPlan } from '../../functions/plan/region-plan';
import type { CfnPlace, CfnResource } from '../support/cfn-values';
import { kmsRefusal, resolvedPolicy, type KeyPolicy, type KmsCaller } from '../support/kms-policy';
import { exampleConfig, expectDeadLetterAlarm, resources, synthTemplate, TEST_ENV, writeConfig } from './helpers';

const ACCOUNT = TEST_ENV.CDK_DEFAULT_ACCOUNT;
/** The example's one region, where its stack deploys. */
const REGION = (exampleConfig().regions as string[] | undefined)?.[0] ?? TEST_ENV.CDK_DEFAULT_REGION;
const OTHER_ACCOUNT = '999999999999';
const SECRET = 'okta-synthetics/metrics-key';
const DLQ = 'okta-synthetics-alarm-states-dlq';
/** The destinations whose alarm states are streamed (metric-stream.test.ts tells which route each takes). */
const STREAMED: readonly MetricStreamDestination[] = ['datadog', 'splunk'];
const ENDPOINTS: Partial<Record<MetricStreamDestination, string>> = {
  datadog: 'https://awsmetrics-intake.datadoghq.com/v1/input',
  splunk: 'https://http-inputs-firehose-acme.splunkcloud.com',
  dynatrace: 'https://abc12345.live.dynatrace.com',
  http: 'https://aws-metric-streams-prod-01.grafana.net/aws-metrics/api/v1/push',
};

function streamConfig(to: MetricStreamDestination): Record<string, unknown> {
  const endpointUrl = ENDPOINTS[to];
  return {
    ...exampleConfig(),
    metricStream: { to, secret: SECRET, ...(endpointUrl !== undefined && { endpointUrl }) },
  };
}

const events: KmsCaller = { kind: 'service', service: 'events.amazonaws.com' };
/** CloudFormation's execution role under the CDK's default synthesizer (AdministratorAccess): it creates the queue. */
const deployer: KmsCaller = {
  kind: 'role',
  arn: `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`,
  account: ACCOUNT,
  iam: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};
/** Whoever drains the queue after a failed delivery: a role of this account allowed by its own IAM policy. */
const operator: KmsCaller = {
  kind: 'role',
  arn: `arn:aws:iam::${ACCOUNT}:role/oncall`,
  account: ACCOUNT,
  iam: [{ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: '*' }],
};
const stranger: KmsCaller = {
  kind: 'role',
  arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/x`,
  account: OTHER_ACCOUNT,
  iam: [],
};

/** A rule's ARN as EventBridge gives it for a rule of the default bus. */
const ruleArn = (name: string, account = ACCOUNT): string => `arn:aws:events:${REGION}:${account}:rule/${name}`;

interface Streamed {
  readonly template: Template;
  readonly place: CfnPlace;
  /** The alarm states' rules, by logical id. */
  readonly rules: [string, { Properties: Record<string, unknown> }][];
  readonly ruleArns: string[];
}

function streamed(to: MetricStreamDestination): Streamed {
  const template = synthTemplate(streamConfig(to));
  const place = {
    account: ACCOUNT,
    region: REGION,
    resources: template.toJSON().Resources as Record<string, CfnResource>,
  };
  const rules = resources(template, 'AWS::Events::Rule').filter(([, r]) =>
    /^okta-synthetics-alarm-states(-\d+)?$/.test(String(r.Properties.Name)),
  );
  return { template, place, rules, ruleArns: rules.map(([, r]) => ruleArn(String(r.Properties.Name))) };
}

type Target = {
  RoleArn: { 'Fn::GetAtt': [string, string] };
  DeadLetterConfig?: { Arn: { 'Fn::GetAtt': [string, string] } };
  RetryPolicy?: Record<string, number>;
};
const targetsOf = (rules: Streamed['rules']): Target[] => rules.flatMap(([, r]) => r.Properties.Targets as Target[]);

/** The trust policy of the role whose logical id is `roleId`, its intrinsics resolved. */
function trustOf(s: Streamed, roleId: string): KeyPolicy {
  const role = s.place.resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`no role ${roleId}`);
  return resolvedPolicy(role.Properties?.AssumeRolePolicyDocument, s.place);
}

describe.each(STREAMED)('the alarm states to %s', (to) => {
  const s = streamed(to);
  const [roleId = ''] = [...new Set(targetsOf(s.rules).map((t) => t.RoleArn['Fn::GetAtt'][0]))];
  const roleArnOf = `arn:aws:iam::${ACCOUNT}:role/alarm-states`;
  const [queueId = '', queue] =
    resources(s.template, 'AWS::SQS::Queue').find(([, q]) => q.Properties.QueueName === DLQ) ?? [];

  it('trusts EventBridge with exactly the keys EventBridge documents: this account, these rules', () => {
    expect(s.rules.length).toBeGreaterThan(0);
    const trust = trustOf(s, roleId);
    expect(trust.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': s.ruleArns } },
      },
    ]);
  });

  it('is assumed by EventBridge for each of these rules, never for another rule, account or principal', () => {
    const trust = trustOf(s, roleId);
    const assume = (caller: KmsCaller, source: { sourceAccount?: string; sourceArn?: string }) =>
      kmsRefusal(trust, { caller, action: 'sts:AssumeRole', keyArn: roleArnOf, ...source });
    for (const arn of s.ruleArns) expect(assume(events, { sourceAccount: ACCOUNT, sourceArn: arn })).toBeUndefined();
    const [first = ''] = s.ruleArns;
    // Another rule of this account (the notifier's, or a deployment whose prefix extends this one's).
    for (const name of ['okta-synthetics-notify-page', 'okta-synthetics-alarm-states-staging'])
      expect(assume(events, { sourceAccount: ACCOUNT, sourceArn: ruleArn(name) })).toBeDefined();
    // The same rule name in another account: the confused deputy itself.
    const theirs = ruleArn('okta-synthetics-alarm-states', OTHER_ACCOUNT);
    expect(assume(events, { sourceAccount: OTHER_ACCOUNT, sourceArn: theirs })).toBeDefined();
    expect(assume(events, { sourceAccount: OTHER_ACCOUNT, sourceArn: first })).toBeDefined();
    // A request that carries no source, another service, a role of this account or of another.
    expect(assume(events, {})).toBeDefined();
    const firehose: KmsCaller = { kind: 'service', service: 'firehose.amazonaws.com' };
    expect(assume(firehose, { sourceAccount: ACCOUNT, sourceArn: first })).toBeDefined();
    expect(assume(deployer, {})).toBeDefined();
    expect(assume(stranger, {})).toBeDefined();
  });

  it("dead-letters each rule's undelivered changes after an hour of retries, into an SQS-encrypted queue", () => {
    expect(queue?.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    // SQS's own key: no customer managed key whose policy would have to let EventBridge in.
    expect(queue?.Properties.KmsMasterKeyId).toBeUndefined();
    for (const target of targetsOf(s.rules)) {
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 });
    }
  });

  it('lets EventBridge send to the queue for these rules only, and refuses every other sender', () => {
    const documents = resources(s.template, 'AWS::SQS::QueuePolicy')
      .filter(([, p]) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: queueId }]))
      .map(([, p]) => resolvedPolicy(p.Properties.PolicyDocument, s.place));
    const policy: KeyPolicy = { Statement: documents.flatMap((d) => d.Statement) };
    const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:${DLQ}`;
    const judge = (caller: KmsCaller, action: string, extra: Record<string, unknown> = {}) =>
      kmsRefusal(policy, { caller, action, keyArn: queueArn, secureTransport: true, ...extra });
    // The grant is exactly AWS's example for a rule's dead-letter queue.
    expect(policy.Statement.filter((st) => st.Effect === 'Allow')).toEqual([
      {
        Sid: 'AlarmStateRulesDeadLetters',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': s.ruleArns } },
      },
    ]);
    for (const sourceArn of s.ruleArns)
      expect(judge(events, 'sqs:SendMessage', { sourceAccount: ACCOUNT, sourceArn })).toBeUndefined();
    expect(judge(events, 'sqs:SendMessage', { sourceArn: ruleArn('okta-synthetics-notify-page') })).toBeDefined();
    expect(
      judge(events, 'sqs:SendMessage', { sourceArn: ruleArn('okta-synthetics-alarm-states', OTHER_ACCOUNT) }),
    ).toBeDefined();
    expect(judge(events, 'sqs:SendMessage')).toBeDefined();
    expect(judge(events, 'sqs:ReceiveMessage', { sourceArn: s.ruleArns[0] })).toBeDefined();
    // Over plain HTTP the queue's TLS-only statement refuses even the rules.
    expect(judge(events, 'sqs:SendMessage', { sourceArn: s.ruleArns[0], secureTransport: false })).toBeDefined();
    // CloudFormation's execution role creates, configures and deletes it: nothing of the queue's policy denies it.
    for (const action of ['sqs:CreateQueue', 'sqs:SetQueueAttributes', 'sqs:DeleteQueue'])
      expect(judge(deployer, action, { iamDecides: true })).toBeUndefined();
    // Its reader, an operator of this account, receives and deletes by IAM; the queue's policy never denies it.
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage'])
      expect(judge(operator, action, { iamDecides: true })).toBeUndefined();
    expect(judge(stranger, 'sqs:SendMessage', { iamDecides: true })).toBeDefined();
    expect(judge(stranger, 'sqs:ReceiveMessage', { iamDecides: true })).toBeDefined();
  });

  it("warns on each new dead letter, and plan lists that alarm among the stack's, its state streamed too", () => {
    expectDeadLetterAlarm(s.template, DLQ);
    const loaded = loadConfigFile(writeConfig(streamConfig(to)), 'deploy');
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const plan = regionPlan(loaded.config);
    expect(plan.alarms.find((a) => a.name === DLQ)).toMatchObject({ severity: 'warn', notifies: 'warn' });
    expect(plan.routes.find((r) => r.severity === 'warn')?.names).toContain(DLQ);
    const matched = s.rules.flatMap(
      ([, r]) => (r.Properties.EventPattern as { detail: { alarmName: string[] } }).detail.alarmName,
    );
    expect(matched).toContain(DLQ);
  });
});

describe('without alarm states', () => {
  it.each(METRIC_STREAM_DESTINATIONS.filter((to) => !STREAMED.includes(to)))(
    'deploys no dead-letter queue nor its alarm for %s, and plan lists none',
    (to) => {
      const template = synthTemplate(streamConfig(to));
      expect(resources(template, 'AWS::SQS::Queue').filter(([, q]) => q.Properties.QueueName === DLQ)).toEqual([]);
      expect(resources(template, 'AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties.AlarmName === DLQ)).toEqual(
        [],
      );
      const loaded = loadConfigFile(writeConfig(streamConfig(to)), 'deploy');
      if (!loaded.ok) throw new Error(loaded.errors.join('; '));
      expect(regionPlan(loaded.config).alarms.map((a) => a.name)).not.toContain(DLQ);
    },
  );
});

describe("the metric stream's role", () => {
  it('keeps the trust AWS documents for streams.metrics.cloudwatch.amazonaws.com: no condition it may not send', () => {
    // Built alike for every destination: one suffices.
    {
      const s = streamed('newrelic');
      const [roleId = ''] =
        resources(s.template, 'AWS::IAM::Role').find(([id]) => id.startsWith('MetricStreamStreamRole')) ?? [];
      const trust = trustOf(s, roleId);
      expect(trust.Statement).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'streams.metrics.cloudwatch.amazonaws.com' },
        },
      ]);
      const streams: KmsCaller = { kind: 'service', service: 'streams.metrics.cloudwatch.amazonaws.com' };
      const assume = (caller: KmsCaller) =>
        kmsRefusal(trust, { caller, action: 'sts:AssumeRole', keyArn: `arn:aws:iam::${ACCOUNT}:role/stream` });
      expect(assume(streams)).toBeUndefined();
      expect(assume(events)).toBeDefined();
      expect(assume(stranger)).toBeDefined();
    }
  });
});
