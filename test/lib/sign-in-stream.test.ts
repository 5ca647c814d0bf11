// Okta's Log Streaming deployed (userSignIns.eventSource): the partner event bus named as its source, a rule for the
// event types the check judges (the contract's list), an encrypted queue with a dead-letter queue as its target, the
// aggregator draining it in batches (10,000, a 60 s window, partial batch failures), and least privilege: the
// aggregator may PutItem on the tallies table and nothing else of it, the probe may Query it and not write it.
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AGGREGATOR_MEMORY_MB, PROVISIONING_EVENT_TYPES, SIGN_IN_EVENT_TYPES } from '../../functions/contract';
import { loadConfigFile } from '../../functions/config/parse';
import { regionPlan } from '../../functions/plan/region-plan';
import { build, flatTemplate, resources, synthTemplate } from './helpers';
import { provisioningConfig, userSignInsConfig, writeConfig } from '../support/configs';

const SOURCE = 'aws.partner/okta.com/acme/okta-synthetics';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
const statementsOf = (template: ReturnType<typeof synthTemplate>, roleId: RegExp): Statement[] =>
  resources(template, 'AWS::IAM::Policy')
    .filter(([, r]) => JSON.stringify(r.Properties.Roles).match(roleId) !== null)
    .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => [s.Action].flat());
const alarmNamesOf = (template: ReturnType<typeof synthTemplate>): unknown[] =>
  resources(template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties.AlarmName);

describe("Okta's Log Streaming of sign-ins", () => {
  const template = synthTemplate(userSignInsConfig({ eventSource: SOURCE }));

  it('creates the partner event bus named as the source, and a rule for exactly the judged event types', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: SOURCE, EventSourceName: SOURCE });
    const rules = resources(template, 'AWS::Events::Rule').filter(([, r]) =>
      JSON.stringify(r.Properties.EventPattern ?? {}).includes('eventType'),
    );
    expect(rules).toHaveLength(1);
    const [[, rule] = ['', { Properties: {} }]] = rules;
    expect(rule.Properties.EventPattern).toEqual({ detail: { eventType: [...SIGN_IN_EVENT_TYPES] } });
    expect(JSON.stringify(rule.Properties.EventBusName)).toContain('PartnerBus');
    expect(JSON.stringify(rule.Properties.Targets)).toContain('SignInStreamQueue');
  });

  it('targets an encrypted, TLS-only queue whose failures go to an encrypted dead-letter queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'okta-synthetics-sign-ins',
      SqsManagedSseEnabled: true,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'okta-synthetics-sign-ins-dlq',
      SqsManagedSseEnabled: true,
    });
  });

  it('drains it in batches of up to 10,000 gathered for up to 60 s, reporting partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10_000,
      MaximumBatchingWindowInSeconds: 60,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // The memory the cost is billed at (functions/cost/stream.ts reads the same constant).
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'okta-synthetics-sign-ins',
      MemorySize: AGGREGATOR_MEMORY_MB,
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ SIGN_IN_TALLIES_TABLE: Match.anyValue() }) },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'okta-synthetics-sign-in-tallies',
      TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
    });
  });

  it('grants the aggregator PutItem and Query on the table and the queue, the probe Query and no write', () => {
    const aggregator = actionsOf(statementsOf(template, /SignInStreamRole/));
    expect(aggregator.filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    expect(aggregator).toContain('sqs:ReceiveMessage');
    expect(aggregator).toContain('sqs:DeleteMessage');
    expect(aggregator.filter((a) => a.includes('*'))).toEqual([]);
    const probe = statementsOf(template, /ProbeRole/).filter((s) => JSON.stringify(s.Resource).includes('Tallies'));
    expect(actionsOf(probe)).toEqual(['dynamodb:Query']);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'okta-synthetics-probe',
      Environment: { Variables: Match.objectLike({ SIGN_IN_TALLIES_TABLE: Match.anyValue() }) },
    });
  });

  it("creates the bus in one region of several, the home's or without the quorum the first's", () => {
    const regions = ['us-east-1', 'eu-west-1'];
    for (const quorum of [{}, false]) {
      const { result } = build({ ...userSignInsConfig({ eventSource: SOURCE }), regions, quorum });
      if (!result.ok) throw new Error(result.errors.join('; '));
      const withBus = result.stacks.filter((stack) => stack.signInStream !== undefined).map((stack) => stack.region);
      expect(withBus, JSON.stringify(quorum)).toEqual(['us-east-1']);
    }
  });

  it('warns while a dead letter of the aggregator waits, in the home region only, as plan lists it', () => {
    const DLQ = 'okta-synthetics-sign-ins-dlq';
    // A redrive queue: SQS's own move is not in NumberOfMessagesSent (test/lib/alarms-fire.test.ts plays it).
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: DLQ,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: DLQ }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    const { result } = build({
      ...userSignInsConfig({ eventSource: SOURCE }),
      regions: ['us-east-1', 'eu-west-1'],
      quorum: false,
    });
    if (!result.ok) throw new Error(result.errors.join('; '));
    const alarmed = result.stacks
      .filter((stack) => alarmNamesOf(flatTemplate(stack)).includes(DLQ))
      .map((stack) => stack.region);
    expect(alarmed).toEqual(['us-east-1']);
    expect(alarmNamesOf(synthTemplate(userSignInsConfig()))).not.toContain(DLQ);
    const loaded = loadConfigFile(writeConfig(userSignInsConfig({ eventSource: SOURCE })), 'deploy');
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    expect(regionPlan(loaded.config).alarms.find((a) => a.name === DLQ)).toMatchObject({ notifies: 'warn' });
  });

  it('without eventSource: no bus, no queue of sign-ins, no aggregator, no table', () => {
    const polling = synthTemplate(userSignInsConfig());
    expect(resources(polling, 'AWS::Events::EventBus')).toEqual([]);
    expect(resources(polling, 'AWS::DynamoDB::Table').map(([id]) => id)).not.toContain(
      expect.stringContaining('Tallies'),
    );
    expect(resources(polling, 'AWS::Lambda::EventSourceMapping')).toEqual([]);
  });
});

describe("Okta's Log Streaming with provisioning", () => {
  const streamed = { ...provisioningConfig(), userSignIns: { eventSource: SOURCE } };
  const template = synthTemplate(streamed);
  const patternOf = (t: ReturnType<typeof synthTemplate>): unknown =>
    resources(t, 'AWS::Events::Rule')
      .map(([, r]) => r.Properties.EventPattern as unknown)
      .find((p) => JSON.stringify(p ?? {}).includes('eventType'));
  const secretReads = (t: ReturnType<typeof synthTemplate>, role: RegExp): Statement[] =>
    statementsOf(t, role).filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));

  it('carries the provisioning event types on the same rule, and no second rule, queue or aggregator', () => {
    expect(patternOf(template)).toEqual({
      detail: { eventType: [...SIGN_IN_EVENT_TYPES, ...PROVISIONING_EVENT_TYPES] },
    });
    const onEvents = resources(template, 'AWS::Events::Rule').filter(([, r]) =>
      JSON.stringify(r.Properties.EventPattern ?? {}).includes('eventType'),
    );
    expect(onEvents).toHaveLength(1);
    expect(resources(template, 'AWS::Lambda::EventSourceMapping')).toHaveLength(1);
    // Without "provisioning", sign-ins only.
    expect(patternOf(synthTemplate(userSignInsConfig({ eventSource: SOURCE })))).toEqual({
      detail: { eventType: [...SIGN_IN_EVENT_TYPES] },
    });
  });

  it('says in its description what it carries: sign-in and provisioning events, or sign-in events alone', () => {
    const descriptionOf = (t: ReturnType<typeof synthTemplate>): unknown =>
      resources(t, 'AWS::Events::Rule').find(([, r]) => r.Properties.Name === 'okta-synthetics-sign-ins')?.[1]
        .Properties.Description;
    expect(descriptionOf(template)).toBe(
      "okta-synthetics: Okta's sign-in and provisioning events, to the aggregator's queue",
    );
    expect(descriptionOf(synthTemplate(userSignInsConfig({ eventSource: SOURCE })))).toBe(
      "okta-synthetics: Okta's sign-in events, to the aggregator's queue",
    );
  });

  it("lets the aggregator read the ledger's key and no other secret, told by name; the probe reads it too", () => {
    const aggregator = secretReads(template, /SignInStreamRole/);
    expect(actionsOf(aggregator)).toEqual(['secretsmanager:GetSecretValue']);
    expect(JSON.stringify(aggregator.map((s) => s.Resource))).toContain('ProvisioningKey');
    expect(aggregator.every((s) => s.Effect === 'Allow' && !JSON.stringify(s.Resource).includes('*'))).toBe(true);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'okta-synthetics-sign-ins',
      Environment: { Variables: Match.objectLike({ PROVISIONING_KEY_SECRET: 'okta-synthetics/provisioning-key' }) },
    });
    const probe = secretReads(template, /ProbeRole/).filter((s) => JSON.stringify(s.Resource).includes('Provisioning'));
    expect(actionsOf(probe)).toEqual(['secretsmanager:GetSecretValue']);
  });

  it('without provisioning, the aggregator reads no secret and is told of none', () => {
    const signInsOnly = synthTemplate(userSignInsConfig({ eventSource: SOURCE }));
    expect(secretReads(signInsOnly, /SignInStreamRole/)).toEqual([]);
    const [[, fn] = ['', { Properties: {} }]] = resources(signInsOnly, 'AWS::Lambda::Function').filter(
      ([, r]) => r.Properties.FunctionName === 'okta-synthetics-sign-ins',
    );
    expect(JSON.stringify(fn.Properties)).not.toContain('PROVISIONING_KEY_SECRET');
  });
});
