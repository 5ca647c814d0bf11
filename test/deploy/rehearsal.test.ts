// The synthesized stacks deployed as CloudFormation deploys them, on the loopback AWS with KMS (deploy-rehearsal.ts):
// every key, table, topic, queue, bucket, log group and event bus created by the CDK's execution role in dependency
// order, then used by the principals AWS names (the probe through DynamoDB, CloudWatch and the notifier through SNS,
// EventBridge into its queue). A key policy that lets the deployer administer the journeys' key but not use it
// through DynamoDB fails here as it failed on AWS (aws/aws-cdk#18616), and so does a key lacking any one of the
// actions DynamoDB needs.
import { beforeAll, describe, expect, it } from 'vitest';
import { KEY_ADMINISTRATION } from '../../lib/journey-state';
import { browserJourneyConfig, samlCatalogueConfig, TEST_ENV, userSignInsConfig } from '../support/configs';
import {
  cdkExecutionRoleArn,
  rehearseDeploy,
  RehearsalFailure,
  type RehearsalTemplate,
} from '../support/deploy-rehearsal';
import { glob } from '../support/iam-policy';
import { kmsRefusal, type KeyPolicyStatement, type KmsCaller } from '../support/kms-policy';
import { build, exampleConfig, flatTemplate } from '../lib/helpers';

const ACCOUNT = TEST_ENV.CDK_DEFAULT_ACCOUNT;
const SOURCE = 'aws.partner/okta.com/acme/okta-synthetics';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
/** The journeys' table's name, as lib/probe-function.ts names it for the default prefix. */
const JOURNEY_TABLE = 'okta-synthetics-journey-state';

/** Journeys, listed SAML apps, userSignIns from a log stream, three regions. */
function fullConfig(): Record<string, unknown> {
  const signIns = userSignInsConfig({ eventSource: SOURCE });
  return { ...samlCatalogueConfig(3), servers: signIns.servers, userSignIns: signIns.userSignIns, regions: REGIONS };
}

interface Synthesized {
  readonly region: string;
  readonly template: RehearsalTemplate;
}

/** Every stack of a configuration, nested stacks flattened; synthesized once per file (synth is CPU-heavy). */
function synthesize(config: unknown): Synthesized[] {
  const { result } = build(config);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.stacks.map((stack) => ({
    region: stack.region,
    template: flatTemplate(stack).toJSON() as RehearsalTemplate,
  }));
}

let example: Synthesized[];
let full: Synthesized[];
beforeAll(() => {
  example = synthesize(exampleConfig());
  full = synthesize(fullConfig());
}, 600_000);

/** The stack holding the journeys' table, and its key's logical id. */
function journeyStack(): { readonly stack: Synthesized; readonly keyId: string } {
  for (const stack of full) {
    const keyId = Object.entries(stack.template.Resources).find(
      ([, r]) => r.Type === 'AWS::KMS::Key' && String(r.Properties?.Description).includes('journeys'),
    )?.[0];
    if (keyId !== undefined) return { stack, keyId };
  }
  throw new Error('no stack holds the journeys key');
}

/** The template with the journeys' key's policy statements replaced. */
function withKeyStatements(
  template: RehearsalTemplate,
  keyId: string,
  change: (statements: KeyPolicyStatement[]) => unknown[],
): RehearsalTemplate {
  const copy = structuredClone(template) as { Resources: Record<string, { Properties: Record<string, unknown> }> };
  const key = copy.Resources[keyId] as { Properties: { KeyPolicy: { Statement: KeyPolicyStatement[] } } };
  key.Properties.KeyPolicy.Statement = change(key.Properties.KeyPolicy.Statement) as KeyPolicyStatement[];
  return copy as unknown as RehearsalTemplate;
}

const root = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:root`]] };

/**
 * The journeys' key's policy as the stack synthesized it before this rehearsal existed: the account administers the
 * key (Create*, Describe*, ...), and only the probe's role may use it, through DynamoDB.
 */
function previousPolicy(probeRole: string, region: string): unknown[] {
  // Its administration was AWS's default list, kms:Create* included.
  const administration = ['kms:Create*', ...KEY_ADMINISTRATION.filter((a) => a !== 'kms:CreateAlias')];
  const viaDynamo = { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` };
  const probe = { AWS: { 'Fn::GetAtt': [probeRole, 'Arn'] } };
  return [
    {
      Sid: 'AccountAdministersTheKey',
      Effect: 'Allow',
      Principal: { AWS: root },
      Action: administration,
      Resource: '*',
    },
    {
      Sid: 'ProbeReadsAndWritesJourneyStateThroughDynamoDB',
      Effect: 'Allow',
      Principal: probe,
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: viaDynamo },
    },
    {
      Sid: 'DynamoDBKeepsGrantsForTheProbe',
      Effect: 'Allow',
      Principal: probe,
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { StringEquals: viaDynamo, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
  ];
}

/**
 * Every KMS action (Service Authorization Reference, "Actions defined by AWS Key Management Service"): a policy's
 * wildcards expand over these when one action is taken out of it.
 */
const KMS_ACTIONS = [
  'CancelKeyDeletion',
  'ConnectCustomKeyStore',
  'CreateAlias',
  'CreateCustomKeyStore',
  'CreateGrant',
  'CreateKey',
  'Decrypt',
  'DeleteAlias',
  'DeleteCustomKeyStore',
  'DeleteImportedKeyMaterial',
  'DeriveSharedSecret',
  'DescribeCustomKeyStores',
  'DescribeKey',
  'DisableKey',
  'DisableKeyRotation',
  'DisconnectCustomKeyStore',
  'EnableKey',
  'EnableKeyRotation',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateMac',
  'GenerateRandom',
  'GetKeyPolicy',
  'GetKeyRotationStatus',
  'GetParametersForImport',
  'GetPublicKey',
  'ImportKeyMaterial',
  'ListAliases',
  'ListGrants',
  'ListKeyPolicies',
  'ListKeyRotations',
  'ListKeys',
  'ListResourceTags',
  'ListRetirableGrants',
  'PutKeyPolicy',
  'ReEncryptFrom',
  'ReEncryptTo',
  'ReplicateKey',
  'RetireGrant',
  'RevokeGrant',
  'RotateKeyOnDemand',
  'ScheduleKeyDeletion',
  'Sign',
  'SynchronizeMultiRegionKey',
  'TagResource',
  'UntagResource',
  'UpdateAlias',
  'UpdateCustomKeyStore',
  'UpdateKeyDescription',
  'UpdatePrimaryRegion',
  'Verify',
  'VerifyMac',
].map((a) => `kms:${a}`);

/** IAM's wildcard match on an action, case-insensitive as IAM compares actions. */
const matches = (pattern: string, action: string): boolean => glob(pattern, action, true);

/** The statements with every action `missing` matches taken out, wildcards expanded over the rest. */
function without(missing: string, statements: KeyPolicyStatement[]): KeyPolicyStatement[] {
  return statements.map((s) => {
    const actions = [s.Action].flat();
    if (!actions.some((pattern) => KMS_ACTIONS.some((a) => matches(pattern, a) && matches(missing, a)))) return s;
    const kept = KMS_ACTIONS.filter((a) => actions.some((p) => matches(p, a)) && !matches(missing, a));
    return { ...s, Action: kept };
  });
}

describe('a deploy rehearsal of the example configuration', () => {
  it('creates every stateful resource as the execution role; CloudWatch publishes to each topic', async () => {
    for (const { region, template } of example) {
      const { steps } = await rehearseDeploy(template, { account: ACCOUNT, region });
      const created = steps.filter((s) => s.principal === cdkExecutionRoleArn({ account: ACCOUNT, region }));
      expect(created.map((s) => s.action)).toContain('kms:CreateKey');
      expect(created.map((s) => s.action)).toContain('create AWS::SNS::Topic');
      const cloudWatch = steps.filter((s) => s.principal === 'cloudwatch.amazonaws.com');
      expect(cloudWatch.some((s) => s.action.startsWith('kms:GenerateDataKey on arn:aws:kms:'))).toBe(true);
      // The probe puts its HTTP traces in the bucket, and the scheduler dead-letters to the probe's queue.
      expect(steps.some((s) => s.action.startsWith('s3:PutObject on arn:aws:s3:::'))).toBe(true);
      expect(steps.some((s) => /SchedulerRole/.test(s.principal) && s.action.startsWith('sqs:SendMessage'))).toBe(true);
      // The notifier publishes the messages people read, through SNS under the topic's key.
      expect(steps.some((s) => /NotifierRole|Notifier.*Role/.test(s.principal) && s.action.startsWith('kms:'))).toBe(
        true,
      );
    }
  });
});

describe('a deploy rehearsal with journeys, SAML apps, a log stream of sign-ins and three regions', () => {
  it("deploys every region, the journeys table under its region's key, which the probe uses via DynamoDB", async () => {
    expect(full.map((s) => s.region)).toEqual(REGIONS);
    let keyed = 0;
    for (const { region, template } of full) {
      const { steps, aws } = await rehearseDeploy(template, { account: ACCOUNT, region });
      expect(steps.length).toBeGreaterThan(0);
      const keyArn = aws.tableKeys.get(JOURNEY_TABLE);
      if (keyArn === undefined) continue;
      keyed += 1;
      expect(keyArn.startsWith(`arn:aws:kms:${region}:${ACCOUNT}:key/`)).toBe(true);
      // The GlobalTable handler describes the replica's key and lists the aliases before it creates the table.
      expect(steps.filter((s) => /^ProbeJourneyState[0-9A-F]{8}$/.test(s.resource)).map((s) => s.action)).toEqual([
        'kms:DescribeKey',
        'kms:ListAliases',
        'dynamodb:CreateTable',
      ]);
      const probeUse = steps.filter((s) => s.resource === JOURNEY_TABLE).map((s) => s.action.split(' ')[0]);
      expect(probeUse).toEqual(['dynamodb:PutItem', 'dynamodb:GetItem']);
    }
    // The journeys run in one region; its stack alone has the table and the key.
    expect(keyed).toBe(1);
    expect(full.filter((s) => JSON.stringify(s.template).includes(JOURNEY_TABLE))).toHaveLength(1);
    // EventBridge sends the streamed sign-ins to the queue, in the stack that has the partner bus.
    const withBus = full.filter((s) => JSON.stringify(s.template).includes(SOURCE));
    expect(withBus).toHaveLength(1);
    const [bus] = withBus;
    if (bus === undefined) throw new Error('no stack with the bus');
    const { steps } = await rehearseDeploy(bus.template, { account: ACCOUNT, region: bus.region });
    expect(steps.some((s) => s.principal === 'events.amazonaws.com' && s.action.startsWith('sqs:SendMessage'))).toBe(
      true,
    );
  });

  it('fails on the previous key policy: the deployer may administer the key, not use it through DynamoDB', async () => {
    const { stack, keyId } = journeyStack();
    const probeRole = Object.keys(stack.template.Resources).find((id) => /^ProbeRole[0-9A-F]+$/.test(id)) ?? '';
    const template = withKeyStatements(stack.template, keyId, () => previousPolicy(probeRole, stack.region));
    const failure = await rehearseDeploy(template, { account: ACCOUNT, region: stack.region }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RehearsalFailure);
    expect((failure as RehearsalFailure).resource).toMatch(/JourneyState/);
    expect((failure as RehearsalFailure).message).toContain(
      `dynamodb:CreateTable by ${cdkExecutionRoleArn({ account: ACCOUNT, region: stack.region })}: ` +
        'AccessDeniedException: KMS key access denied',
    );
  });

  it.each([
    'kms:Encrypt',
    'kms:Decrypt',
    'kms:ReEncrypt*',
    'kms:GenerateDataKey*',
    'kms:DescribeKey',
    'kms:CreateGrant',
  ])('fails for a journeys key whose policy lacks %s', async (missing) => {
    const { stack, keyId } = journeyStack();
    const template = withKeyStatements(stack.template, keyId, (statements) => without(missing, statements));
    const failure = await rehearseDeploy(template, { account: ACCOUNT, region: stack.region }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RehearsalFailure);
    // Every action but DescribeKey is DynamoDB's alone; DescribeKey is the key's handler's and the table's too.
    expect((failure as RehearsalFailure).message).toMatch(
      missing === 'kms:DescribeKey' ? /kms:DescribeKey by .*AccessDeniedException/ : /KMS key access denied/,
    );
    const refused = /perform: (kms:\w+)/.exec((failure as RehearsalFailure).message)?.[1] ?? '';
    expect(matches(missing, refused), refused).toBe(true);
  });

  it("refuses a grant on the journeys' key made outside DynamoDB, even to a role IAM allows kms:*", async () => {
    const { stack } = journeyStack();
    const { aws } = await rehearseDeploy(stack.template, { account: ACCOUNT, region: stack.region });
    const keyArn = aws.tableKeys.get(JOURNEY_TABLE) ?? '';
    const key = [...aws.kmsKeys.values()].find((k) => k.arn === keyArn);
    if (key === undefined) throw new Error('no journeys key');
    const caller: KmsCaller = {
      kind: 'role',
      arn: `arn:aws:iam::${ACCOUNT}:role/anyone`,
      account: ACCOUNT,
      iam: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }],
    };
    const grant = { caller, action: 'kms:CreateGrant', keyArn };
    // A grant made directly would give its grantee Decrypt outside DynamoDB: kms:Create* in the administration
    // statement allowed it.
    expect(kmsRefusal(key.policy, grant)).toMatch(/no statement of the key policy allows it/);
    const viaService = `dynamodb.${stack.region}.amazonaws.com`;
    expect(kmsRefusal(key.policy, { ...grant, viaService, grantIsForAwsResource: true })).toBe(undefined);
  });

  it('moves an existing journeys table under the key in place (UpdateTable), its items kept', async () => {
    const { stack } = journeyStack();
    const items = [
      { journey: { S: 'portal' }, item: { S: 'state' }, version: { N: '7' } },
      { journey: { S: 'mobile' }, item: { S: 'state' }, version: { N: '3' } },
    ];
    const { steps, aws } = await rehearseDeploy(
      stack.template,
      { account: ACCOUNT, region: stack.region },
      {
        existingTables: new Map([[JOURNEY_TABLE, items]]),
      },
    );
    expect(steps.filter((s) => /^ProbeJourneyState[0-9A-F]{8}$/.test(s.resource)).map((s) => s.action)).toEqual([
      'kms:DescribeKey',
      'kms:ListAliases',
      'dynamodb:UpdateTable',
    ]);
    expect(aws.tableKeys.get(JOURNEY_TABLE)).toMatch(/^arn:aws:kms:/);
    const kept = aws.dynamoTables.get(JOURNEY_TABLE);
    expect(kept?.get('mobile|state')).toEqual(items[1]);
  });

  it("fails when the alarm topics' key does not let CloudWatch use it", async () => {
    const [stack] = example;
    if (stack === undefined) throw new Error('no stack');
    const keyId = Object.entries(stack.template.Resources).find(
      ([, r]) => r.Type === 'AWS::KMS::Key' && String(r.Properties?.Description).includes('alarm topic'),
    )?.[0];
    const template = withKeyStatements(stack.template, keyId ?? '', (statements) =>
      statements.filter((s) => s.Sid !== 'CloudWatchAlarmsPublishToEncryptedTopic'),
    );
    const failure = await rehearseDeploy(template, { account: ACCOUNT, region: stack.region }).catch((e: unknown) => e);
    expect((failure as RehearsalFailure).message).toMatch(
      /cloudwatch\.amazonaws\.com is not authorized to perform: kms:/,
    );
  });
});

describe("the journeys' key as CloudFormation's KMS handler creates and updates it", () => {
  const place = () => ({ account: ACCOUNT, region: journeyStack().stack.region });
  const keyActions = (steps: readonly { resource: string; action: string }[], keyId: string) =>
    steps.filter((s) => s.resource === keyId).map((s) => s.action);

  it('creates it with its tags, turns rotation on, then reads it back', async () => {
    const { stack, keyId } = journeyStack();
    const { steps, aws } = await rehearseDeploy(stack.template, place());
    expect(keyActions(steps, keyId)).toEqual([
      'kms:CreateKey',
      'kms:EnableKeyRotation',
      'kms:DescribeKey',
      'kms:GetKeyPolicy',
      'kms:GetKeyRotationStatus',
      'kms:ListResourceTags',
    ]);
    expect(aws.kmsKeys.get(keyId)?.rotation).toBe(true);
  });

  it.each([
    ['kms:Enable*', 'kms:EnableKeyRotation'],
    ['kms:Describe*', 'kms:DescribeKey'],
    ['kms:Put*', 'kms:PutKeyPolicy'],
  ])('fails when the account may not %s, at %s, as AWS would', async (missing, refusedAction) => {
    const { stack, keyId } = journeyStack();
    const template = withKeyStatements(stack.template, keyId, (statements) => without(missing, statements));
    const failure = await rehearseDeploy(template, place()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RehearsalFailure);
    expect((failure as RehearsalFailure).resource).toBe(keyId);
    expect(/perform: (kms:\w+)/.exec((failure as RehearsalFailure).message)?.[1]).toBe(refusedAction);
  });

  it("deploys without kms:Get*: the handler's reads of the policy, rotation and tags fail softly", async () => {
    const { stack, keyId } = journeyStack();
    const template = withKeyStatements(stack.template, keyId, (statements) => without('kms:Get*', statements));
    const { steps } = await rehearseDeploy(template, place());
    expect(keyActions(steps, keyId)).not.toContain('kms:GetKeyPolicy');
    expect(keyActions(steps, keyId)).toContain('kms:DescribeKey');
  });

  it('updates it in place: described, a changed policy put, its tags read', async () => {
    const { stack, keyId } = journeyStack();
    const older = withKeyStatements(stack.template, keyId, (statements) => [
      ...statements,
      { Sid: 'Older', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:ListAliases', Resource: '*' },
    ]);
    const { steps } = await rehearseDeploy(stack.template, place(), { previous: older });
    // After the older template's six calls of its creation.
    const updated = keyActions(steps, keyId).slice(6);
    expect(updated).toEqual(['kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:ListResourceTags']);
    // The table under it is updated in place.
    expect(steps.filter((s) => /^ProbeJourneyState[0-9A-F]{8}$/.test(s.resource)).map((s) => s.action)).toEqual([
      'kms:DescribeKey',
      'kms:ListAliases',
      'dynamodb:CreateTable',
      'kms:DescribeKey',
      'kms:ListAliases',
      'dynamodb:UpdateTable',
    ]);
  });

  it('refuses an update to a policy that would lock the deployer out (KMS lockout check)', async () => {
    const { stack, keyId } = journeyStack();
    const locked = withKeyStatements(stack.template, keyId, (statements) => without('kms:Put*', statements));
    const failure = await rehearseDeploy(locked, place(), { previous: stack.template }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RehearsalFailure);
    expect((failure as RehearsalFailure).message).toMatch(/: kms:PutKeyPolicy by .*MalformedPolicyDocumentException/);
  });
});

describe("a global table replica under a customer managed key: the GlobalTable handler's own KMS calls", () => {
  const place = { account: ACCOUNT, region: 'eu-west-1' };
  const policy = (actions: string[]) => ({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: root }, Action: actions, Resource: '*' },
      {
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } },
      },
      {
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' },
          Bool: { 'kms:GrantIsForAWSResource': 'true' },
        },
      },
    ],
  });
  const template = (keyId: string, administration: string[]): RehearsalTemplate => ({
    Resources: {
      KeyA: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: policy(administration) } },
      KeyB: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: policy(administration) } },
      Replicated: {
        Type: 'AWS::DynamoDB::GlobalTable',
        Properties: {
          TableName: 'replicated',
          Replicas: [{ Region: 'eu-west-1', SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } } }],
        },
      },
    },
  });

  it('describes the key and lists aliases as the deployer; revokes grants on the key a replica leaves', async () => {
    const admin = [...KEY_ADMINISTRATION];
    const { steps } = await rehearseDeploy(template('KeyB', admin), place, { previous: template('KeyA', admin) });
    const table = steps.filter((s) => s.resource === 'Replicated').map((s) => s.action);
    expect(table).toEqual([
      'kms:DescribeKey',
      'kms:ListAliases',
      'dynamodb:CreateTable',
      'kms:DescribeKey',
      'kms:ListAliases',
      'kms:RevokeGrant',
      'dynamodb:UpdateTable',
    ]);
    const failure = await rehearseDeploy(
      template(
        'KeyB',
        admin.filter((a) => a !== 'kms:Revoke*'),
      ),
      place,
      {
        previous: template(
          'KeyA',
          admin.filter((a) => a !== 'kms:Revoke*'),
        ),
      },
    ).catch((e: unknown) => e);
    expect((failure as RehearsalFailure).message).toMatch(/^Replicated: kms:RevokeGrant by .*perform: kms:RevokeGrant/);
  });
});

/** Why the rehearsal of a changed template fails (its RehearsalFailure's message), or '' when it deploys. */
async function refusalOf(template: unknown, region: string): Promise<string> {
  const failure = await rehearseDeploy(template as RehearsalTemplate, { account: ACCOUNT, region }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return failure instanceof RehearsalFailure ? failure.message : '';
}

describe('a deploy rehearsal of the resources other services write to', () => {
  it('fails for a log group under a key whose policy does not name CloudWatch Logs for the group', async () => {
    const [stack] = example;
    if (stack === undefined) throw new Error('no stack');
    const copy = structuredClone(stack.template) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const keyId = Object.entries(copy.Resources).find(([, r]) => r.Type === 'AWS::KMS::Key')?.[0] ?? '';
    const [, group] = Object.entries(copy.Resources).find(([, r]) => r.Type === 'AWS::Logs::LogGroup') ?? [];
    if (group === undefined) throw new Error('no log group');
    group.Properties.KmsKeyId = { 'Fn::GetAtt': [keyId, 'Arn'] };
    expect(await refusalOf(copy, stack.region)).toMatch(
      new RegExp(`logs\\.${stack.region}\\.amazonaws\\.com is not authorized to perform: kms:Encrypt`),
    );
  });

  it("fails when the sign-ins queue's policy does not let EventBridge send for the rule", async () => {
    const stack = full.find((s) => JSON.stringify(s.template).includes(SOURCE));
    if (stack === undefined) throw new Error('no stack with the bus');
    const copy = structuredClone(stack.template) as { Resources: Record<string, { Type: string }> };
    for (const [id, r] of Object.entries(copy.Resources))
      if (r.Type === 'AWS::SQS::QueuePolicy' && JSON.stringify(r).includes('events.amazonaws.com'))
        delete copy.Resources[id];
    expect(await refusalOf(copy, stack.region)).toMatch(
      /events\.amazonaws\.com is not authorized to perform: sqs:SendMessage/,
    );
  });
});

describe("a deploy rehearsal of the metric stream's alarm states", () => {
  it('lets EventBridge assume their role and dead-letter for each rule; a trust naming other ARNs fails', async () => {
    const [stack] = synthesize({
      ...exampleConfig(),
      metricStream: {
        to: 'datadog',
        secret: 'okta-synthetics/metrics-key',
        endpointUrl: 'https://awsmetrics-intake.datadoghq.com/v1/input',
      },
    });
    if (stack === undefined) throw new Error('no stack');
    const { steps } = await rehearseDeploy(stack.template, { account: ACCOUNT, region: stack.region });
    const events = steps.filter((s) => s.principal === 'events.amazonaws.com').map((s) => s.action);
    const dlq = (name: string): string => `sqs:SendMessage on arn:aws:sqs:${stack.region}:${ACCOUNT}:${name}`;
    expect(events.some((a) => a.startsWith('sts:AssumeRole on arn:aws:iam::'))).toBe(true);
    expect(events).toContain(dlq('okta-synthetics-alarm-states-dlq'));
    // The notifier's rules dead-letter to theirs, under the policy aws-cdk-lib writes.
    expect(events).toContain(dlq('okta-synthetics-notifier-dlq'));
    // The rules' ARNs as a rule of a named bus would have them (rule/<bus>/<name>): not the rules', refused as on AWS.
    const copy = structuredClone(stack.template) as { Resources: Record<string, { Type: string }> };
    for (const [id, r] of Object.entries(copy.Resources))
      if (r.Type === 'AWS::IAM::Role' && JSON.stringify(r).includes('events.amazonaws.com'))
        copy.Resources[id] = JSON.parse(
          JSON.stringify(r).replaceAll(
            ':rule/okta-synthetics-alarm-states',
            ':rule/default/okta-synthetics-alarm-states',
          ),
        ) as { Type: string };
    expect(await refusalOf(copy, stack.region)).toMatch(
      /events\.amazonaws\.com is not authorized to perform: sts:AssumeRole/,
    );
  });
});

describe('a deploy rehearsal of a browser journey', () => {
  // The browser journeys' schedule has a role of its own: EventBridge Scheduler assumes it to invoke the browser
  // function, and sends what it could not deliver to the probe's dead-letter queue under that role, whose TLS-only
  // policy must not refuse it.
  it("lets the browser schedule's role dead-letter to the probe's queue, as the probe's schedule does", async () => {
    const [stack] = synthesize({ ...browserJourneyConfig(), regions: [REGIONS[0]] });
    if (stack === undefined) throw new Error('no stack');
    const { steps } = await rehearseDeploy(stack.template, { account: ACCOUNT, region: stack.region });
    const dlq = `sqs:SendMessage on arn:aws:sqs:${stack.region}:${ACCOUNT}:okta-synthetics-probe-dlq`;
    const senders = steps.filter((s) => s.action === dlq).map((s) => s.principal);
    const roleOf = (description: string): string =>
      Object.entries(stack.template.Resources).find(
        ([, r]) => r.Type === 'AWS::IAM::Role' && String(r.Properties?.Description).includes(description),
      )?.[0] ?? 'none';
    const browserRole = roleOf('invoke the browser journeys');
    expect(browserRole).not.toBe('none');
    expect(senders).toContain(`arn:aws:iam::${ACCOUNT}:role/${browserRole}`);
    expect(senders).toContain(`arn:aws:iam::${ACCOUNT}:role/${roleOf('invoke the probe and dead-letter')}`);
  });
});
