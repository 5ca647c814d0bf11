import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROBE_TIMEOUT_SECONDS, QUORUM_WATCH_ENV, QUORUM_WATCH_SECONDS } from '../../functions/contract';
import { regionPlan } from '../../functions/plan/region-plan';
import type { LoadedConfig } from '../../functions/config/parse';
import type { ResolvedConfig } from '../../functions/config/resolved';
import { build, exampleConfig, resources, synthTemplate } from './helpers';

describe('the stack of the example configuration', () => {
  let template: Template;
  let config: LoadedConfig;
  beforeAll(() => {
    const { result } = build(exampleConfig());
    if (!result.ok) throw new Error(result.errors.join('; '));
    config = result.config;
    template = synthTemplate(exampleConfig());
  });

  it('runs the probe on nodejs24.x arm64 with explicit memory, timeout, concurrency and its own log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      // Sized from the config (functions/plan/probe-memory.ts): a third free above the example's expected peak.
      MemorySize: 176,
      // The checks' 50 s, and the fast path's rounds held after them until the next run has written.
      Timeout: PROBE_TIMEOUT_SECONDS + QUORUM_WATCH_SECONDS,
      // Opt-in only: a reservation fails the deploy in accounts whose concurrency quota is below 101.
      ReservedConcurrentExecutions: Match.absent(),
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^ProbeLogs') } },
      Environment: {
        // The configuration is a file in the asset, not a variable: nothing bounds it to Lambda's 4 KB environment.
        // The fast path (on by default with one region) adds its table's name and its region, itself the home.
        Variables: Match.objectEquals({
          NAMESPACE: 'OktaSynthetics',
          MAINTENANCE_PARAMETER: '/okta-synthetics/maintenance',
          QUORUM_TABLE: 'okta-synthetics-quorum',
          QUORUM_REGION: 'us-east-1',
          [QUORUM_WATCH_ENV]: String(QUORUM_WATCH_SECONDS * 1000),
          // The bucket of failed checks' sanitized HTTP traces (on by default, harRetentionDays 14).
          HAR_BUCKET: { Ref: Match.stringLikeRegexp('^ProbeHttpTraces') },
        }),
      },
    });
    // Long enough for the availability report to read last month and the same month a year ago.
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/okta-synthetics-probe',
      RetentionInDays: 400,
    });
  });

  it('keeps the run log as long as runLogRetentionDays says', () => {
    const custom = synthTemplate({ ...exampleConfig(), runLogRetentionDays: 731 });
    custom.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/okta-synthetics-probe',
      RetentionInDays: 731,
    });
  });

  it("hands the Lambda its configuration with the secrets' names and no secret material", () => {
    const { result } = build(exampleConfig());
    if (!result.ok) throw new Error(result.errors.join('; '));
    const bundled = result.stacks[0]!.probe.bundledConfig;
    const parsed = JSON.parse(bundled) as { config: ResolvedConfig };
    expect(parsed.config.probe.servers.map((s) => [s.id, s.credential])).toEqual([
      ['org', { kind: 'secrets_manager', secretId: 'okta-synthetics/org', secretKind: 'private_key_jwt' }],
      ['default', { kind: 'secrets_manager', secretId: 'okta-synthetics/default', secretKind: 'client_secret_basic' }],
    ]);
    expect(bundled).not.toMatch(/clientSecret|privateKey(Pem|File|Env)|BEGIN/);
  });

  it('schedules a run every minute with delivery retries bounded by the period and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProbeFunction'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProbeDeadLetterQueue'), 'Arn'] } },
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProbeDeadLetterQueue'), 'Arn'] } },
      },
    });
  });

  it('encrypts the dead-letter queue and refuses it over plain HTTP', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it(
    'alarms on every planned page check: 1 failing run of 1 one-minute period (failures are confirmed in the ' +
      'run), a missing datapoint keeping the state, no own notification',
    () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'okta-synthetics-org-token',
        Namespace: 'OktaSynthetics',
        MetricName: 'CheckSuccess',
        Dimensions: [
          { Name: 'Check', Value: 'token' },
          { Name: 'Server', Value: 'org' },
        ],
        Statistic: 'Minimum',
        Period: 60,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        TreatMissingData: 'ignore',
        AlarmActions: Match.absent(),
        AlarmDescription: Match.stringLikeRegexp('INVALID_CLIENT'),
      });
      const names = resources(template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties.AlarmName);
      // The region's plan, the fast path's latch and backstop of each paging server among its metric alarms.
      const planned = regionPlan(config, 'us-east-1')
        .alarms.filter((a) => a.kind === 'metric')
        .map((a) => a.name);
      expect(names.sort()).toEqual([...planned].sort());
      expect(names).toContain('okta-synthetics-default-validate');
      expect(names).not.toContain('okta-synthetics-org-validate');
    },
  );

  it(
    'alarms on low rate-limit headroom, |clock skew| and the status feed, a gap keeping the state (neither a ' +
      'failure nor a pass)',
    () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'okta-synthetics-default-headroom',
        MetricName: 'RateLimitHeadroom',
        Threshold: 10,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'ignore',
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'okta-synthetics-org-clock-skew',
        Threshold: 60,
        ComparisonOperator: 'GreaterThanThreshold',
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'ABS(m)', ReturnData: true }),
          Match.objectLike({
            Id: 'm',
            MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ClockSkew' }) }),
          }),
        ]),
      });
      for (const [name, threshold] of [
        ['okta-synthetics-okta-status-major', 2],
        ['okta-synthetics-okta-status-minor', 1],
      ] as const) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: name,
          MetricName: 'StatusPageIndicator',
          Dimensions: [{ Name: 'Server', Value: 'okta' }],
          Threshold: threshold,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'ignore',
        });
      }
    },
  );

  it('sends alarms to a topic encrypted with a rotating customer key CloudWatch may use, TLS only', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmTopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': '123456789012' } }),
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@acme.example' });
    template.hasOutput('*', { Value: { Ref: Match.stringLikeRegexp('^AlarmTopic') } });
  });

  it(
    'grants PutMetricData only in its namespace and GetSecretValue only on its own secrets, with no managed ' +
      'policy',
    () => {
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Action: 'cloudwatch:PutMetricData',
              Effect: 'Allow',
              Resource: '*',
              Condition: { StringEquals: { 'cloudwatch:namespace': 'OktaSynthetics' } },
            },
          ]),
        },
      });
      const secretIds = resources(template, 'AWS::SecretsManager::Secret').map(([id]) => id);
      expect(secretIds).toHaveLength(2);
      const secretStatements = resources(template, 'AWS::IAM::Policy')
        .flatMap(
          ([, p]) =>
            (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] })
              .Statement,
        )
        .filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')));
      expect(secretStatements.map((s) => s.Resource)).toEqual(
        expect.arrayContaining(secretIds.map((id) => ({ Ref: id }))),
      );
      expect(secretStatements).toHaveLength(secretIds.length);
      for (const [, role] of resources(template, 'AWS::IAM::Role'))
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    },
  );

  it(
    'creates one secret per server with a placeholder and prints the command that fills it, from the file init ' +
      'names',
    () => {
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: 'okta-synthetics/org',
        SecretString: Match.stringLikeRegexp('^REPLACE-ME'),
      });
      template.hasOutput('*', {
        Value:
          'aws secretsmanager put-secret-value --region us-east-1 --secret-id okta-synthetics/default ' +
          '--secret-string file://keys/okta-probe-default.secret',
      });
      template.hasOutput('*', {
        Value:
          'aws secretsmanager put-secret-value --region us-east-1 --secret-id okta-synthetics/org ' +
          '--secret-string file://keys/okta-probe-org.pem',
      });
    },
  );

  it("prints the put command with the key file the config names (privateKeyFile), not init's default", () => {
    const config = exampleConfig();
    const servers = config.servers as Record<string, unknown>[];
    const org = servers.findIndex((server) => server.id === 'org');
    servers[org] = { ...servers[org], privateKeyFile: 'secrets/acme org.pem' };
    synthTemplate(config).hasOutput('*', {
      Value:
        'aws secretsmanager put-secret-value --region us-east-1 --secret-id okta-synthetics/org ' +
        "--secret-string file://'secrets/acme org.pem'",
    });
  });

  it('builds one dashboard with success rate, latency, headroom, skew, status, alarms and the failures query', () => {
    const [[, dashboard]] = resources(template, 'AWS::CloudWatch::Dashboard') as [
      [string, { Properties: Record<string, unknown> }],
    ];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const name of ['CheckSuccess', 'CheckLatency', 'RateLimitHeadroom', 'ClockSkew', 'StatusPageIndicator'])
      expect(body).toContain(name);
    expect(body).toContain('\\"type\\":\\"alarm\\"');
    expect(body).toContain('unnest run.failures');
    expect(body).toContain('f.remedy');
    expect(body).toContain('f.requestId');
  });
});

describe('configuration variants', () => {
  it('uses an existing secret named in the config instead of creating one, and grants read on it only', () => {
    const config = exampleConfig();
    const servers = config.servers as Record<string, unknown>[];
    (servers[1] as Record<string, unknown>).secretName =
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/okta-default-AbCdEf';
    const template = synthTemplate(config);
    expect(resources(template, 'AWS::SecretsManager::Secret').map(([, r]) => r.Properties.Name)).toEqual([
      'okta-synthetics/org',
    ]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/okta-default-AbCdEf',
          }),
        ]),
      },
    });
  });

  it('grants a partial ARN whose name ends in "-" and six characters both readings (the -xxxxxx trap)', () => {
    const config = exampleConfig();
    const servers = config.servers as Record<string, unknown>[];
    const partial = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/prod-server';
    (servers[1] as Record<string, unknown>).secretName = partial;
    const granted = resources(synthTemplate(config), 'AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement.filter(
        (st) => JSON.stringify(st.Action).includes('secretsmanager:GetSecretValue'),
      ).flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource])),
    );
    // Read as complete ("-server" the random suffix) and as partial (the real ARN is "...prod-server-AbCdEf").
    expect(granted).toEqual(expect.arrayContaining([partial, `${partial}-??????`]));
  });

  it('deploys one stack per configured region, named prefix-region', () => {
    const { result } = build({ ...exampleConfig(), prefix: 'acme-okta', regions: ['us-east-1', 'eu-central-1'] });
    expect(result.ok && result.stacks.map((s) => [s.stackName, s.region])).toEqual([
      ['acme-okta-us-east-1', 'us-east-1'],
      ['acme-okta-eu-central-1', 'eu-central-1'],
    ]);
  });

  it('deploys one stack in the default region when no region is configured', () => {
    const { result } = build({ ...exampleConfig(), regions: [] });
    expect(result.ok && result.stacks.map((s) => [s.stackName, s.region])).toEqual([
      ['okta-synthetics-eu-west-1', 'eu-west-1'],
    ]);
  });

  it('sets the schedule, alarm periods and retry windows from scheduleMinutes', () => {
    const template = synthTemplate({ ...exampleConfig(), scheduleMinutes: 5 });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 } }),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'okta-synthetics-org-token', Period: 300 });
  });

  it('reserves concurrency only when the config asks for it', () => {
    // Three, the fewest the fast path (on by default) deploys with: a held run, the next and a late delivery.
    const template = synthTemplate({ ...exampleConfig(), reservedConcurrency: 3 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'okta-synthetics-probe',
      ReservedConcurrentExecutions: 3,
    });
  });

  it('skips the status alarms and composite when the status check is off', () => {
    const template = synthTemplate({ ...exampleConfig(), statusPageUrl: null });
    const names = resources(template, 'AWS::CloudWatch::CompositeAlarm').map(([, r]) => r.Properties.AlarmName);
    expect(names.sort()).toEqual([
      'okta-synthetics-default-page',
      'okta-synthetics-default-warn',
      'okta-synthetics-org-page',
      'okta-synthetics-org-warn',
      'okta-synthetics-probe-down',
      'okta-synthetics-silence',
    ]);
  });
});
