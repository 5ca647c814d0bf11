// The metric stream, synthesized for each destination: it streams the product's namespace and nothing else, in the
// format its vendor documents, to a Firehose stream that reads the key from Secrets Manager (the key never in the
// template); each role may do exactly what delivery needs, judged by the IAM evaluator the AWS fake enforces.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../lib/build-app';
import { describe, expect, it } from 'vitest';
import { METRIC_STREAM_DESTINATIONS, type MetricStreamDestination } from '../../functions/config/metric-stream';
import { DEFAULT_NAMESPACE } from '../../functions/contract';
import { allows, roleStatements, type IamStatement } from '../support/iam-policy';
import type { CfnResource } from '../support/cfn-values';
import { exampleConfig, resources, synthTemplate, TEST_ENV, writeConfig } from './helpers';

/** A key a careless config might carry: it must appear nowhere in any template. */
const PLANTED_KEY = '0123456789abcdef0123456789abcdef';
const SECRET = 'okta-synthetics/metrics-key';
const ACCOUNT = TEST_ENV.CDK_DEFAULT_ACCOUNT;
/** The example's one region, where its stack deploys. */
const REGION = (exampleConfig().regions as string[] | undefined)?.[0] ?? TEST_ENV.CDK_DEFAULT_REGION;

const ENDPOINTS: Record<MetricStreamDestination, string | undefined> = {
  datadog: undefined,
  newrelic: undefined,
  splunk: 'https://http-inputs-firehose-acme.splunkcloud.com',
  dynatrace: 'https://abc12345.live.dynatrace.com',
  http: 'https://aws-metric-streams-prod-01.grafana.net/aws-metrics/api/v1/push',
};

const FORMATS: Record<MetricStreamDestination, string> = {
  datadog: 'opentelemetry1.0',
  newrelic: 'opentelemetry1.0',
  dynatrace: 'opentelemetry0.7',
  http: 'opentelemetry1.0',
  splunk: 'json',
};

function synth(to: MetricStreamDestination): Template {
  const endpointUrl = ENDPOINTS[to];
  return synthTemplate({
    ...exampleConfig(),
    metricStream: { to, secret: SECRET, ...(endpointUrl !== undefined && { endpointUrl }) },
  });
}

/** The statements of the role whose logical id starts with `prefix`, intrinsics resolved in the test's place. */
function statementsOf(template: Template, rolePrefix: string): IamStatement[] {
  const all = template.toJSON().Resources as Record<string, CfnResource>;
  const roleId = Object.keys(all).find((id) => id.startsWith(rolePrefix) && all[id]?.Type === 'AWS::IAM::Role');
  if (roleId === undefined) throw new Error(`no role ${rolePrefix}`);
  return roleStatements({ account: ACCOUNT, region: REGION, resources: all }, (policyId) => {
    const roles = all[policyId]?.Properties?.Roles as { Ref: string }[];
    return roles.some((r) => r.Ref === roleId);
  });
}

const only = <T>(list: readonly T[]): T => {
  expect(list).toHaveLength(1);
  return list[0] as T;
};

describe.each(METRIC_STREAM_DESTINATIONS)('the metric stream to %s', (to) => {
  const template = synth(to);
  const json = JSON.stringify(template.toJSON());

  it("streams the product's namespace and nothing else, in the destination's documented format", () => {
    const [, stream] = only(resources(template, 'AWS::CloudWatch::MetricStream'));
    expect(stream.Properties.IncludeFilters).toEqual([{ Namespace: DEFAULT_NAMESPACE }]);
    expect(stream.Properties.ExcludeFilters).toBeUndefined();
    expect(stream.Properties.OutputFormat).toBe(FORMATS[to]);
    expect(stream.Properties.Name).toBe('okta-synthetics-metrics');
  });

  it('reads the key from Secrets Manager by its name: no AccessKey, HECToken or key anywhere in the template', () => {
    expect(json).not.toContain(PLANTED_KEY);
    expect(json).not.toMatch(/"AccessKey"|"HECToken"/);
    const [, delivery] = only(resources(template, 'AWS::KinesisFirehose::DeliveryStream'));
    const destination = (delivery.Properties.HttpEndpointDestinationConfiguration ??
      delivery.Properties.SplunkDestinationConfiguration) as Record<string, unknown>;
    expect(destination.SecretsManagerConfiguration).toMatchObject({
      Enabled: true,
      SecretARN: {
        'Fn::Join': ['', expect.arrayContaining([expect.stringMatching(new RegExp(`:secret:${SECRET}$`))])],
      },
    });
    expect(destination).toMatchObject({ S3BackupMode: to === 'splunk' ? 'FailedEventsOnly' : 'FailedDataOnly' });
    expect(delivery.Properties.DeliveryStreamEncryptionConfigurationInput).toEqual({ KeyType: 'AWS_OWNED_CMK' });
  });

  it('lets the metric stream only put records into its one Firehose stream', () => {
    const [streamRoleId, streamRole] = only(
      resources(template, 'AWS::IAM::Role').filter(([id]) => id.startsWith('MetricStreamStreamRole')),
    );
    expect(streamRole.Properties.AssumeRolePolicyDocument).toMatchObject({
      Statement: [{ Principal: { Service: 'streams.metrics.cloudwatch.amazonaws.com' } }],
    });
    const policies = resources(template, 'AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === streamRoleId),
    );
    const statements = policies.flatMap(
      ([, p]) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
    const [deliveryId] = only(resources(template, 'AWS::KinesisFirehose::DeliveryStream'));
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Resource: { 'Fn::GetAtt': [deliveryId, 'Arn'] },
      },
    ]);
  });

  it('lets Firehose write its bucket, read its one secret and log, and nothing more', () => {
    const statements = statementsOf(template, 'MetricStreamDeliveryRole');
    const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${SECRET}`;
    const logGroup = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/kinesisfirehose/okta-synthetics-metrics`;
    const logStream = `${logGroup}:log-stream:delivery`;
    const can = (action: string, resource: string) => allows(statements, { action, resource });
    expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual(
      [
        'logs:PutLogEvents',
        's3:AbortMultipartUpload',
        's3:GetBucketLocation',
        's3:PutObject',
        'secretsmanager:GetSecretValue',
      ].sort(),
    );
    const bucketArn = statements.find((s) => [s.Action].flat().includes('s3:GetBucketLocation'))?.Resource as string;
    const objectArn = `${bucketArn}/failed/2026/11/27/batch.gz`;
    expect(bucketArn).toMatch(/^arn:aws:s3:::okta-synthetics-metricstreamfaileddeliveries/);
    expect(can('s3:PutObject', objectArn)).toBe(true);
    expect(can('s3:AbortMultipartUpload', objectArn)).toBe(true);
    for (const action of ['s3:GetObject', 's3:DeleteObject', 's3:ListBucket', 's3:PutBucketPolicy'])
      expect(can(action, action === 's3:GetObject' || action === 's3:DeleteObject' ? objectArn : bucketArn)).toBe(
        false,
      );
    expect(can('s3:PutObject', 'arn:aws:s3:::another-bucket/x')).toBe(false);
    // Secrets Manager's six-character suffix, and nothing longer or of another name.
    expect(can('secretsmanager:GetSecretValue', `${secretArn}-AbCdEf`)).toBe(true);
    expect(can('secretsmanager:GetSecretValue', `${secretArn}-other-AbCdEf`)).toBe(false);
    expect(
      can('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:okta/x-AbCdEf`),
    ).toBe(false);
    expect(can('secretsmanager:PutSecretValue', `${secretArn}-AbCdEf`)).toBe(false);
    expect(can('logs:PutLogEvents', logStream)).toBe(true);
    expect(can('logs:PutLogEvents', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/x:log-stream:y`)).toBe(
      false,
    );
  });

  it('keeps failed batches private, encrypted, TLS only, for two weeks', () => {
    const [, bucket] = only(
      resources(template, 'AWS::S3::Bucket').filter(([id]) => id.startsWith('MetricStreamFailedDeliveries')),
    );
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 14, Status: 'Enabled' })] },
    });
    expect(json).toMatch(/"aws:SecureTransport":"false"/);
  });
});

describe('the metric stream', () => {
  it('sends Dynatrace the environment named in endpointUrl as dt-url, to its one intake', () => {
    const [, delivery] = only(resources(synth('dynatrace'), 'AWS::KinesisFirehose::DeliveryStream'));
    expect(delivery.Properties.HttpEndpointDestinationConfiguration).toMatchObject({
      EndpointConfiguration: { Url: 'https://aws.cloud.dynatrace.com/metrics' },
      RequestConfiguration: {
        ContentEncoding: 'GZIP',
        CommonAttributes: expect.arrayContaining([
          { AttributeName: 'dt-url', AttributeValue: 'https://abc12345.live.dynatrace.com' },
        ]),
      },
    });
  });

  it("delivers to Splunk through Firehose's HEC destination, the role reading the secret named", () => {
    const [, delivery] = only(resources(synth('splunk'), 'AWS::KinesisFirehose::DeliveryStream'));
    expect(delivery.Properties.SplunkDestinationConfiguration).toMatchObject({
      HECEndpoint: 'https://http-inputs-firehose-acme.splunkcloud.com',
      HECEndpointType: 'Raw',
      SecretsManagerConfiguration: {
        RoleARN: { 'Fn::GetAtt': [expect.stringMatching(/^MetricStreamDeliveryRole/), 'Arn'] },
      },
    });
  });

  it("passes cdk-nag as cdk synth runs it (cdk.json's partition literals, no account)", () => {
    // cdk.json's context is what the CLI gives the app: its partition literals change the ARNs nag names.
    const { context } = JSON.parse(readFileSync(join(import.meta.dirname, '../../cdk.json'), 'utf8')) as {
      context: Record<string, unknown>;
    };
    const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    const configPath = writeConfig({ ...exampleConfig(), metricStream: { to: 'datadog', secret: SECRET } });
    const result = buildApp(app, { configPath, env: { CDK_DEFAULT_REGION: 'us-east-1' } });
    expect(result.ok).toBe(true);
    expect(() => app.synth()).not.toThrow();
  });

  it('is absent without metricStream', () => {
    expect(resources(synthTemplate(exampleConfig()), 'AWS::CloudWatch::MetricStream')).toEqual([]);
    expect(resources(synthTemplate(exampleConfig()), 'AWS::KinesisFirehose::DeliveryStream')).toEqual([]);
  });
});
