// The browser function's role, as synthesized and as IAM and KMS evaluate it (iam-policy.ts, kms-policy.ts): a role of
// its own, granted what a browser run reads and writes (its journeys' users' secrets and items, the journeys' key
// through DynamoDB, its log group, its metrics, the maintenance parameter, the trace bucket's har/ prefix, its queue)
// and nothing of the probe's (a server's secret, another journey's item, the quorum's table and latches, the kept
// records). In the config's VPC when it names one; its failures' evidence to the trace bucket.
import { describe, expect, it } from 'vitest';
import { HAR_BUCKET_ENV, journeyStatePath, journeyTableName, maintenanceParameterName } from '../../functions/contract';
import { resolveCfn, type CfnResource } from '../support/cfn-values';
import { allows, roleStatements, type IamStatement } from '../support/iam-policy';
import { kmsRefusal, resolvedPolicy, type KmsCaller } from '../support/kms-policy';
import { browserJourneyConfig } from '../support/configs';
import { resources, synthTemplate } from './helpers';

// The account the test app synthesizes in (its env), which the template names literally.
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const VPC = { subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'] };

const config = { ...browserJourneyConfig(), vpc: VPC };
const template = synthTemplate(config);
const all = template.toJSON().Resources as Record<string, CfnResource>;
const place = { account: ACCOUNT, region: REGION, resources: all };
const browserStatements = roleStatements(place, (id) => id.startsWith('ProbeBrowserRole'));
const probeStatements = roleStatements(place, (id) => id.startsWith('ProbeRole'));
const functions = resources(template, 'AWS::Lambda::Function');
const fn = (name: string) => functions.find(([, f]) => f.Properties.FunctionName === name)![1].Properties;
const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const secretOf = (prefix: string): string => `fake-${Object.keys(all).find((id) => id.startsWith(prefix)) ?? ''}`;
const can = (statements: readonly IamStatement[], action: string, resource: string, leadingKeys?: string[]) =>
  allows(statements, { action, resource, ...(leadingKeys !== undefined && { leadingKeys }) });

describe("the browser function's role", () => {
  it("is a role of its own, never the probe's", () => {
    const browserRole = fn('okta-synthetics-browser').Role as { 'Fn::GetAtt': string[] };
    const probeRole = fn('okta-synthetics-probe').Role as { 'Fn::GetAtt': string[] };
    expect(browserRole['Fn::GetAtt'][0]).toMatch(/^ProbeBrowserRole/);
    expect(browserRole).not.toEqual(probeRole);
  });

  it('grants exactly the actions a browser run takes, in the VPC', () => {
    const actions = new Set(browserStatements.flatMap((s) => [s.Action].flat()));
    expect([...actions].sort()).toEqual(
      [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'cloudwatch:PutMetricData',
        'secretsmanager:GetSecretValue',
        'secretsmanager:DescribeSecret',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
        'kms:GenerateDataKey',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:DescribeKey',
        'kms:CreateGrant',
        'ssm:GetParameter',
        'ssm:DeleteParameter',
        's3:PutObject',
        'sqs:SendMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ].sort(),
    );
    // Metrics into the deployment's namespace alone.
    expect(browserStatements.find((s) => s.Action === 'cloudwatch:PutMetricData')?.Condition).toEqual({
      StringEquals: { 'cloudwatch:namespace': 'OktaSynthetics' },
    });
  });

  it("reads its browser journey's user secret, and no server's or other journey's", () => {
    const portal = secretOf('ProbeUserSecretportal');
    expect(can(browserStatements, 'secretsmanager:GetSecretValue', portal)).toBe(true);
    for (const other of [secretOf('ProbeSecretdefault'), secretOf('ProbeUserSecretmobile')])
      expect(can(browserStatements, 'secretsmanager:GetSecretValue', other), other).toBe(false);
    // The probe still reads the servers' (the control: the same evaluation allows what a role is granted).
    expect(can(probeStatements, 'secretsmanager:GetSecretValue', secretOf('ProbeSecretdefault'))).toBe(true);
  });

  it("reads and writes its journeys' items alone, and their old parameters", () => {
    const table = arn('dynamodb', `table/${journeyTableName('okta-synthetics')}`);
    expect(can(browserStatements, 'dynamodb:GetItem', table, ['portal'])).toBe(true);
    expect(can(browserStatements, 'dynamodb:PutItem', table, ['portal'])).toBe(true);
    expect(can(browserStatements, 'dynamodb:PutItem', table, ['mobile'])).toBe(false);
    expect(can(probeStatements, 'dynamodb:PutItem', table, ['mobile'])).toBe(true);
    const old = (id: string) => arn('ssm', `parameter${journeyStatePath('okta-synthetics')}/${id}`);
    expect(can(browserStatements, 'ssm:GetParameter', old('portal'))).toBe(true);
    expect(can(browserStatements, 'ssm:GetParameter', old('mobile'))).toBe(false);
    const maintenance = arn('ssm', `parameter${maintenanceParameterName('okta-synthetics')}`);
    expect(can(browserStatements, 'ssm:GetParameter', maintenance)).toBe(true);
  });

  it("leaves the probe's role nothing of the browser journey's: its user's secret, its item, its parameters", () => {
    const portal = secretOf('ProbeUserSecretportal');
    const table = arn('dynamodb', `table/${journeyTableName('okta-synthetics')}`);
    const old = arn('ssm', `parameter${journeyStatePath('okta-synthetics')}/portal`);
    expect([
      can(probeStatements, 'secretsmanager:GetSecretValue', portal),
      can(probeStatements, 'dynamodb:GetItem', table, ['portal']),
      can(probeStatements, 'dynamodb:PutItem', table, ['portal']),
      can(probeStatements, 'ssm:GetParameter', old),
    ]).toEqual([false, false, false, false]);
    // Not named at all in the probe's policies: neither the secret's logical id nor the journey's id.
    const named = JSON.stringify(probeStatements);
    expect(named).not.toContain(Object.keys(all).find((id) => id.startsWith('ProbeUserSecretportal')));
    expect(named).not.toMatch(/"portal"|\/portal"|\/portal-lease"/);
    // The probe's own journey and secrets stay its own (the control).
    expect(can(probeStatements, 'dynamodb:PutItem', table, ['mobile'])).toBe(true);
    expect(can(probeStatements, 'secretsmanager:GetSecretValue', secretOf('ProbeSecretdefault'))).toBe(true);
  });

  it("takes nothing of the probe's: the quorum's table and latches, the kept records, the status page", () => {
    const probeOnly = [...new Set(probeStatements.flatMap((s) => [s.Action].flat()))].filter(
      (a) => !browserStatements.some((s) => [s.Action].flat().includes(a)),
    );
    // The probe has them in this config (the control), the browser function none of them.
    expect(probeOnly).toEqual(
      expect.arrayContaining(['dynamodb:BatchGetItem', 'cloudwatch:SetAlarmState', 'cloudwatch:DescribeAlarms']),
    );
    expect(can(browserStatements, 'ssm:PutParameter', arn('ssm', 'parameter/okta-synthetics/kept/x'))).toBe(false);
    expect(can(browserStatements, 'dynamodb:PutItem', arn('dynamodb', 'table/okta-synthetics-quorum'), ['x'])).toBe(
      false,
    );
  });

  it("puts traces under the trace bucket's har/ prefix alone, and names the bucket", () => {
    const [bucketId = ''] = Object.entries(all).find(([, r]) => r.Type === 'AWS::S3::Bucket') ?? [];
    const env = (fn('okta-synthetics-browser').Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env[HAR_BUCKET_ENV]).toEqual({ Ref: bucketId });
    const bucket = `arn:aws:s3:::${resolveCfn({ Ref: bucketId }, place)}`;
    expect(can(browserStatements, 's3:PutObject', `${bucket}/har/2026-11-28/x-page-sign-in.png`)).toBe(true);
    expect(can(browserStatements, 's3:PutObject', `${bucket}/status/index.html`)).toBe(false);
  });

  it('has no trace bucket to name when harRetentionDays is null, and no S3 grant', () => {
    const none = synthTemplate({ ...browserJourneyConfig(), harRetentionDays: null });
    const props = resources(none, 'AWS::Lambda::Function').find(
      ([, f]) => f.Properties.FunctionName === 'okta-synthetics-browser',
    )![1].Properties;
    expect((props.Environment as { Variables: Record<string, unknown> }).Variables).not.toHaveProperty(HAR_BUCKET_ENV);
    const noneResources = none.toJSON().Resources as Record<string, CfnResource>;
    const statements = roleStatements({ account: ACCOUNT, region: REGION, resources: noneResources }, (id) =>
      id.startsWith('ProbeBrowserRole'),
    );
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('s3:'))).toEqual([]);
    // Without vpc, no VpcConfig and no network-interface grant.
    expect(props.VpcConfig).toBeUndefined();
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('ec2:'))).toEqual([]);
  });

  it("runs in the config's subnets and security groups", () => {
    expect(fn('okta-synthetics-browser').VpcConfig).toEqual({
      SubnetIds: VPC.subnetIds,
      SecurityGroupIds: VPC.securityGroupIds,
    });
  });

  it("uses the journeys' key through DynamoDB, as the key policy evaluates each principal it names", () => {
    const [keyId = '', key] = Object.entries(all).find(([id]) => id.startsWith('ProbeJourneyStateKey')) ?? [];
    const policy = resolvedPolicy(key?.Properties?.KeyPolicy, place);
    // roleStatements leaves a key's GetAtt unresolved, under this name: the key's ARN as the roles' grants name it.
    const keyArn = `unresolved:${JSON.stringify({ 'Fn::GetAtt': [keyId, 'Arn'] })}`;
    const role = (name: string, iam: readonly IamStatement[]): KmsCaller => ({
      kind: 'role',
      arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      account: ACCOUNT,
      iam,
    });
    const viaDynamo = { viaService: `dynamodb.${REGION}.amazonaws.com` };
    const browser = role('browser', browserStatements);
    for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'])
      expect(kmsRefusal(policy, { caller: browser, action, keyArn, ...viaDynamo }), action).toBeUndefined();
    // Every principal the policy names, each as KMS decides: the probe through DynamoDB too; the browser role, the
    // probe's or a role without a grant never directly; another account's role never; anonymous never.
    expect(
      kmsRefusal(policy, { caller: role('probe', probeStatements), action: 'kms:Decrypt', keyArn, ...viaDynamo }),
    ).toBeUndefined();
    expect(kmsRefusal(policy, { caller: browser, action: 'kms:Decrypt', keyArn })).toMatch(/no statement/);
    expect(kmsRefusal(policy, { caller: role('other', []), action: 'kms:Decrypt', keyArn, ...viaDynamo })).toMatch(
      /no identity-based policy/,
    );
    const foreign: KmsCaller = {
      kind: 'role',
      arn: 'arn:aws:iam::222222222222:role/x',
      account: '222222222222',
      iam: browserStatements,
    };
    expect(kmsRefusal(policy, { caller: foreign, action: 'kms:Decrypt', keyArn, ...viaDynamo })).toMatch(
      /no statement/,
    );
    expect(kmsRefusal(policy, { caller: { kind: 'anonymous' }, action: 'kms:Decrypt', keyArn, ...viaDynamo })).toMatch(
      /no statement/,
    );
    expect(
      kmsRefusal(policy, {
        caller: browser,
        action: 'kms:CreateGrant',
        keyArn,
        ...viaDynamo,
        grantIsForAwsResource: true,
      }),
    ).toBeUndefined();
  });
});
