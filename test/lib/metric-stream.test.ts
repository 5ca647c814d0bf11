// The metric stream, synthesized for each destination: it streams the product's namespace and nothing else, in the
// format its vendor documents, to a Firehose stream that reads the key from Secrets Manager (the key never in the
// template); each role may do exactly what delivery needs, judged by the IAM evaluator the AWS fake enforces.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, MAX_SERVERS } from '../../lib/build-app';
import { describe, expect, it } from 'vitest';
import { METRIC_STREAM_DESTINATIONS, type MetricStreamDestination } from '../../functions/config/metric-stream';
import { DEFAULT_NAMESPACE } from '../../functions/contract';
import { loadConfigFile } from '../../functions/config/parse';
import { regionPlan } from '../../functions/plan/region-plan';
import { allows, roleStatements, type IamStatement } from '../support/iam-policy';
import type { CfnResource } from '../support/cfn-values';
import { build, exampleConfig, resources, synthTemplate, TEST_ENV, writeConfig } from './helpers';

/** A key a careless config might carry: it must appear nowhere in any template. */
const PLANTED_KEY = '0123456789abcdef0123456789abcdef';
const SECRET = 'okta-synthetics/metrics-key';
const ACCOUNT = TEST_ENV.CDK_DEFAULT_ACCOUNT;
/** The example's one region, where its stack deploys. */
const REGION = (exampleConfig().regions as string[] | undefined)?.[0] ?? TEST_ENV.CDK_DEFAULT_REGION;

const ENDPOINTS: Record<MetricStreamDestination, string | undefined> = {
  datadog: 'https://awsmetrics-intake.datadoghq.com/v1/input',
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

/**
 * Where each destination's alarm states go: into the metric stream's own Firehose stream (Splunk takes JSON lines), a
 * stream of their own to the log intake (Datadog's metric intake takes OpenTelemetry only), or nowhere.
 */
const ALARM_STATES: Record<MetricStreamDestination, { stream: 'metrics' | 'own'; name: string } | null> = {
  datadog: { stream: 'own', name: 'okta-synthetics-alarm-states' },
  splunk: { stream: 'metrics', name: 'okta-synthetics-metrics' },
  newrelic: null,
  dynatrace: null,
  http: null,
};

type AlarmStatePattern = { source: string[]; 'detail-type': string[]; detail: Record<string, unknown[]> };

/** The alarm states' rules: `<prefix>-alarm-states`, then `-2`, ... when the names take more than one pattern. */
function alarmStateRules(template: Template) {
  return resources(template, 'AWS::Events::Rule').filter(([, r]) =>
    /^okta-synthetics-alarm-states(-\d+)?$/.test(String(r.Properties.Name)),
  );
}

/** The example's config streaming to `to`, with the address the destination needs. */
function streamConfig(to: MetricStreamDestination): Record<string, unknown> {
  const endpointUrl = ENDPOINTS[to];
  return {
    ...exampleConfig(),
    metricStream: { to, secret: SECRET, ...(endpointUrl !== undefined && { endpointUrl }) },
  };
}

function synth(to: MetricStreamDestination): Template {
  return synthTemplate(streamConfig(to));
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

/** The Firehose stream named `name` (the metrics' okta-synthetics-metrics by default). */
function deliveryNamed(template: Template, name = 'okta-synthetics-metrics') {
  return only(
    resources(template, 'AWS::KinesisFirehose::DeliveryStream').filter(
      ([, d]) => d.Properties.DeliveryStreamName === name,
    ),
  );
}

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
    const [, delivery] = deliveryNamed(template);
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

  it('streams the latencies with p50, p90 and p99, which Minimum, Maximum, Sum and SampleCount cannot rebuild', () => {
    const [, stream] = only(resources(template, 'AWS::CloudWatch::MetricStream'));
    expect(stream.Properties.StatisticsConfigurations).toEqual([
      {
        AdditionalStatistics: ['p50', 'p90', 'p99'],
        IncludeMetrics: [
          { Namespace: DEFAULT_NAMESPACE, MetricName: 'CheckLatency' },
          { Namespace: DEFAULT_NAMESPACE, MetricName: 'ServerLatency' },
        ],
      },
    ]);
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
    const [deliveryId] = deliveryNamed(template);
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
    // The alarm states' own stream logs beside it, where they have one.
    expect(can('logs:PutLogEvents', `${logGroup}:log-stream:alarm-states`)).toBe(ALARM_STATES[to]?.stream === 'own');
    expect(can('logs:PutLogEvents', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/x:log-stream:y`)).toBe(
      false,
    );
  });

  it('retries a batch the tool refuses for five minutes, then keeps it under failed/ and logs why', () => {
    const [, delivery] = deliveryNamed(template);
    const destination = (delivery.Properties.HttpEndpointDestinationConfiguration ??
      delivery.Properties.SplunkDestinationConfiguration) as Record<string, unknown>;
    expect(destination.RetryOptions).toEqual({ DurationInSeconds: 300 });
    expect(destination.S3Configuration).toMatchObject({ Prefix: 'failed/' });
    expect(destination.CloudWatchLoggingOptions).toMatchObject({ Enabled: true });
    const [, logs] = only(
      resources(template, 'AWS::Logs::LogGroup').filter(([id]) => id.startsWith('MetricStreamDeliveryLogs')),
    );
    expect(logs.Properties.LogGroupName).toBe('/aws/kinesisfirehose/okta-synthetics-metrics');
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
    const [, delivery] = deliveryNamed(synth('dynatrace'));
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
    const [, delivery] = deliveryNamed(synth('splunk'));
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
    const configPath = writeConfig({
      ...exampleConfig(),
      metricStream: { to: 'datadog', secret: SECRET, endpointUrl: 'https://awsmetrics-intake.datadoghq.com/v1/input' },
    });
    const result = buildApp(app, { configPath, env: { CDK_DEFAULT_REGION: 'us-east-1' } });
    expect(result.ok).toBe(true);
    expect(() => app.synth()).not.toThrow();
  });

  it('is absent without metricStream, and so are the alarm states', () => {
    const template = synthTemplate(exampleConfig());
    expect(resources(template, 'AWS::CloudWatch::MetricStream')).toEqual([]);
    expect(resources(template, 'AWS::KinesisFirehose::DeliveryStream')).toEqual([]);
    expect(alarmStateRules(template)).toEqual([]);
  });
});

describe.each(METRIC_STREAM_DESTINATIONS.filter((to) => ALARM_STATES[to] !== null))('the alarm states to %s', (to) => {
  const template = synth(to);
  const rules = alarmStateRules(template);
  const streamed = ALARM_STATES[to] as { stream: 'metrics' | 'own'; name: string };

  it("match every state change of exactly this stack's alarms, by name, and no other deployment's", () => {
    const loaded = loadConfigFile(writeConfig(streamConfig(to)), 'deploy');
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const patterns = rules.map(([, r]) => r.Properties.EventPattern as AlarmStatePattern);
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) {
      expect(pattern.source).toEqual(['aws.cloudwatch']);
      expect(pattern['detail-type']).toEqual(['CloudWatch Alarm State Change']);
      // Every state, OK and INSUFFICIENT_DATA too: only the alarm's name is filtered, and exactly.
      expect(Object.keys(pattern.detail)).toEqual(['alarmName']);
      expect(pattern.detail.alarmName?.every((name) => typeof name === 'string')).toBe(true);
    }
    const names = patterns.flatMap((p) => p.detail.alarmName as string[]);
    const planned = regionPlan(loaded.config).alarms.map((a) => a.name);
    expect([...names].sort()).toEqual([...planned].sort());
    for (const theirs of ['okta-synthetics-staging-probe-down', 'okta-synthetics-x-page', 'another-alarm'])
      expect(names).not.toContain(theirs);
  });

  it(`deliver one short JSON line each to ${streamed.name}, through a role that may only put records there`, () => {
    const [deliveryId] = deliveryNamed(template, streamed.name);
    const roleIds = new Set<string>();
    for (const [, rule] of rules) {
      const [target] = rule.Properties.Targets as {
        Arn: unknown;
        RoleArn: { 'Fn::GetAtt': [string, string] };
        InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
      }[];
      expect(target?.Arn).toEqual({ 'Fn::GetAtt': [deliveryId, 'Arn'] });
      roleIds.add(target?.RoleArn['Fn::GetAtt'][0] ?? '');
      const { InputPathsMap: paths, InputTemplate: text } = target?.InputTransformer ?? {
        InputPathsMap: {},
        InputTemplate: '',
      };
      // Neither CloudWatch's reason text nor the alarm's description or configuration.
      expect(Object.values(paths).sort()).toEqual([
        '$.account',
        '$.detail.alarmName',
        '$.detail.previousState.value',
        '$.detail.state.value',
        '$.region',
        '$.time',
      ]);
      expect(text.endsWith('}\n')).toBe(true);
      const filled = text.replace(/<(\w+)>/g, (_, key: string) => `value-of-${key}`);
      expect(JSON.parse(filled)).toMatchObject({
        kind: 'alarm-state',
        alarm: 'value-of-alarm',
        state: 'value-of-state',
      });
    }
    const [roleId] = [...roleIds];
    expect(roleIds.size).toBe(1);
    const role = resources(template, 'AWS::IAM::Role').find(([id]) => id === roleId)?.[1];
    expect(role?.Properties.AssumeRolePolicyDocument).toMatchObject({
      Statement: [{ Principal: { Service: 'events.amazonaws.com' } }],
    });
    const statements = resources(template, 'AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: unknown[] }).Statement);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Resource: { 'Fn::GetAtt': [deliveryId, 'Arn'] },
      },
    ]);
  });
});

describe('the alarm states', () => {
  it("go to Datadog's log intake of the metric intake's site, with the same secret, failures kept apart", () => {
    const [, us] = deliveryNamed(synth('datadog'), 'okta-synthetics-alarm-states');
    expect(us.Properties.HttpEndpointDestinationConfiguration).toMatchObject({
      EndpointConfiguration: { Url: 'https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input' },
      SecretsManagerConfiguration: {
        Enabled: true,
        SecretARN: {
          'Fn::Join': ['', expect.arrayContaining([expect.stringMatching(new RegExp(`:secret:${SECRET}$`))])],
        },
      },
      S3Configuration: { Prefix: 'failed-alarm-states/' },
      S3BackupMode: 'FailedDataOnly',
    });
    const eu = synthTemplate({
      ...exampleConfig(),
      metricStream: { to: 'datadog', secret: SECRET, endpointUrl: 'https://awsmetrics-intake.datadoghq.eu/v1/input' },
    });
    expect(
      deliveryNamed(eu, 'okta-synthetics-alarm-states')[1].Properties.HttpEndpointDestinationConfiguration,
    ).toMatchObject({
      EndpointConfiguration: { Url: 'https://aws-kinesis-http-intake.logs.datadoghq.eu/v1/input' },
    });
  });

  it("go to AP2's own log intake for an AP2 endpoint; a site Datadog does not run is refused by synth", () => {
    const ap2 = synthTemplate({
      ...exampleConfig(),
      metricStream: {
        to: 'datadog',
        secret: SECRET,
        endpointUrl: 'https://awsmetrics-intake.ap2.datadoghq.com/v1/input',
      },
    });
    expect(
      deliveryNamed(ap2, 'okta-synthetics-alarm-states')[1].Properties.HttpEndpointDestinationConfiguration,
    ).toMatchObject({
      EndpointConfiguration: {
        Url: 'https://aws-kinesis-http-intake.logs.ap2.datadoghq.com/api/v2/logs?dd-protocol=aws-kinesis-firehose',
      },
    });
    const { result } = build({
      ...exampleConfig(),
      metricStream: { to: 'datadog', secret: SECRET, endpointUrl: 'https://awsmetrics-intake.ap9.datadoghq.com/v1' },
    });
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(
        /^metricStream\.endpointUrl: ".*ap9.*" is on no Datadog site whose log intake .*\(US1, .*AP2/,
      ),
    ]);
  });

  it.each(METRIC_STREAM_DESTINATIONS.filter((to) => ALARM_STATES[to] === null))(
    'are not streamed to %s, whose Firehose intake for events is not documented to take the same key',
    (to) => {
      const template = synth(to);
      expect(alarmStateRules(template)).toEqual([]);
      expect(resources(template, 'AWS::KinesisFirehose::DeliveryStream')).toHaveLength(1);
    },
  );
});

describe('the alarm states of the largest deployment', () => {
  it('take several rules, each pattern within the quota, every alarm named once, the template within 500', () => {
    const config = exampleConfig();
    const [org, custom] = config.servers as Record<string, unknown>[];
    const customs = Array.from({ length: MAX_SERVERS - 1 }, (_, i) => ({
      ...custom,
      id: `aus${String(i).padStart(4, '0')}k8r2mZq7x0h7`,
    }));
    const raw = {
      ...config,
      servers: [org, ...customs],
      metricStream: { to: 'datadog', secret: SECRET, endpointUrl: 'https://awsmetrics-intake.datadoghq.com/v1/input' },
    };
    const template = synthTemplate(raw);
    const rules = alarmStateRules(template);
    expect(rules.length).toBeGreaterThan(1);
    const names = rules.flatMap(([, r]) => {
      const pattern = r.Properties.EventPattern as AlarmStatePattern;
      // EventBridge's default quota on one pattern: 2,048 characters.
      expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(2048);
      return pattern.detail.alarmName as string[];
    });
    const loaded = loadConfigFile(writeConfig(raw), 'deploy');
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    expect(names).toHaveLength(new Set(names).size);
    expect(new Set(names)).toEqual(new Set(regionPlan(loaded.config).alarms.map((a) => a.name)));
    // The rules and their role live in the main stack, beside the notifier's: it stays within CloudFormation's 500.
    const { result } = build(raw);
    if (!result.ok || result.stacks[0] === undefined) throw new Error('no stack');
    const main = Template.fromStack(result.stacks[0]).toJSON().Resources as object;
    expect(Object.keys(main).length).toBeLessThanOrEqual(500);
  });
});
