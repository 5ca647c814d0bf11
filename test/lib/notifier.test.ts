// The notification path as CloudFormation receives it: rules that route every notifying alarm to the notifier
// alias of its severity (and nothing else), a failure destination that still reaches people, the notifier's own
// alarms reaching people directly, least-privilege IAM, pagers on the raw alarm topics, chat on the message topics.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../functions/config/parse';
import { alarmSpecs } from '../../functions/plan/alarms';
import { exampleConfig, resources, synthTemplate, writeConfig } from './helpers';
import { allows, type PolicyStatement } from '../support/iam';

const P = 'okta-synthetics';

type Pattern = { detail: { alarmName: string[]; state: { value: string[] } } };

/** The patterns of a severity's rules (`<prefix>-notify-page`, then `-2`, ... when the names take more than one). */
function rulePatterns(template: Template, prefix: string, severity: string): Pattern[] {
  return resources(template, 'AWS::Events::Rule')
    .filter(([, r]) => new RegExp(`^${prefix}-notify-${severity}(-\\d+)?$`).test(String(r.Properties.Name)))
    .map(([, r]) => r.Properties.EventPattern as Pattern);
}

function matches(patterns: readonly Pattern[], alarmName: string): boolean {
  // Exact names only: EventBridge matches a plain string exactly.
  return patterns.some(
    (pattern) =>
      pattern.detail.alarmName.every((p) => typeof p === 'string') && pattern.detail.alarmName.includes(alarmName),
  );
}

/** A configuration of `count` servers with the longest names allowed: 40-character prefix, 64-character ids. */
function longest(count: number): Record<string, unknown> {
  const config = exampleConfig();
  const [, custom] = config.servers as Record<string, unknown>[];
  const servers = Array.from({ length: count }, (_, i) => ({
    ...custom,
    id: `aus${String(i).padStart(2, '0')}${'x'.repeat(59)}`,
  }));
  return { ...config, prefix: 'p'.repeat(40), servers };
}

describe('the notifier in the template', () => {
  let template: Template;
  beforeAll(() => {
    template = synthTemplate({
      ...exampleConfig(),
      alarmEndpoints: { page: [{ secretName: 'pagerduty-url' }], warn: ['https://hooks.example.com/okta-warn'] },
      chat: {
        slack: [{ workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' }],
        teams: [
          {
            teamId: 'e3b0c442-98fc-1c14-9afb-f4c8996fb924',
            channelId: '19:abc@thread.tacv2',
            tenantId: '8f14e45f-ceea-467a-9575-0e8d2c1d2b3a',
            severities: ['page'],
          },
        ],
      },
    });
  });

  it(
    "routes every alarm that notifies, except the notifier's own, to exactly the rule of its severity; no " +
      'member alarm wakes it',
    () => {
      const loaded = loadConfigFile(writeConfig(exampleConfig()), 'deploy');
      if (!loaded.ok) throw new Error(loaded.errors.join('; '));
      const page = rulePatterns(template, P, 'page');
      const warn = rulePatterns(template, P, 'warn');
      expect(page).toHaveLength(1);
      expect(warn).toHaveLength(1);
      for (const spec of alarmSpecs(loaded.config)) {
        const expected = spec.notifies === null || spec.direct === true ? [] : [spec.notifies];
        const got = [...(matches(page, spec.name) ? ['page'] : []), ...(matches(warn, spec.name) ? ['warn'] : [])];
        expect(got, spec.name).toEqual(expected);
      }
      expect(page[0]?.detail.state.value).toEqual(['ALARM', 'OK']);
    },
  );

  it("matches this deployment's alarms exactly: not those of a deployment whose prefix extends ours", () => {
    for (const pattern of [...rulePatterns(template, P, 'page'), ...rulePatterns(template, P, 'warn')]) {
      expect(pattern.detail.alarmName.every((name) => typeof name === 'string')).toBe(true);
    }
    const theirs = [`${P}-staging-default-page`, `${P}-staging-probe-down`, `${P}-x-page`, `${P}-default-x-warn`];
    for (const name of theirs)
      expect(matches([...rulePatterns(template, P, 'page'), ...rulePatterns(template, P, 'warn')], name), name).toBe(
        false,
      );
    // CloudWatch may publish to a topic and use the key only for these topics and, on the topics, these alarms.
    const policies = resources(template, 'AWS::SNS::TopicPolicy').map(([, r]) =>
      JSON.stringify(r.Properties.PolicyDocument),
    );
    const keys = resources(template, 'AWS::KMS::Key').map(([, r]) => JSON.stringify(r.Properties.KeyPolicy));
    for (const text of [...policies, ...keys]) expect(text).not.toMatch(/alarm:[^"]*\*/);
    const cloudwatchStatements = resources(template, 'AWS::SNS::TopicPolicy')
      .flatMap(
        ([, r]) =>
          (
            r.Properties.PolicyDocument as {
              Statement: { Sid?: string; Condition?: { ArnEquals?: { 'aws:SourceArn': string[] } } }[];
            }
          ).Statement,
      )
      .filter((st) => st.Sid === 'CloudWatchAlarmsPublish');
    const publishers = cloudwatchStatements
      .flatMap((st) => st.Condition?.ArnEquals?.['aws:SourceArn'] ?? [])
      .map((arn) => /:alarm:([^"]+)"/.exec(JSON.stringify(arn))?.[1]);
    expect(publishers).toContain(`${P}-default-page`);
    expect(publishers).toContain(`${P}-probe-down`);
    expect(publishers.every((name) => name !== undefined && !name.includes('staging'))).toBe(true);
    expect(keys.join()).toContain('kms:EncryptionContext:aws:sns:topicArn');
    expect(keys.join()).toMatch(new RegExp(`:sns:[a-z0-9-]+:123456789012:${P}-page-messages"`));
  });

  it(
    "keeps exact matching within AWS's limits at 90 servers with the longest names: 2,048 characters a rule " +
      'pattern, 30 KB a topic policy, 32 KB a key policy',
    () => {
      const big = synthTemplate(longest(90));
      const prefix = 'p'.repeat(40);
      const loaded = loadConfigFile(writeConfig(longest(90)), 'deploy');
      if (!loaded.ok) throw new Error(loaded.errors.join('; '));
      const page = rulePatterns(big, prefix, 'page');
      expect(page.length).toBeGreaterThan(1);
      for (const pattern of [...page, ...rulePatterns(big, prefix, 'warn')])
        expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(2048);
      for (const spec of alarmSpecs(loaded.config).filter((s) => s.notifies === 'page' && s.direct !== true))
        expect(matches(page, spec.name), spec.name).toBe(true);
      for (const [, r] of resources(big, 'AWS::SNS::TopicPolicy'))
        expect(JSON.stringify(r.Properties.PolicyDocument).length).toBeLessThan(30_000);
      for (const [, r] of resources(big, 'AWS::KMS::Key'))
        expect(JSON.stringify(r.Properties.KeyPolicy).length).toBeLessThan(32_000);
    },
    240_000,
  );

  it(
    'invokes the notifier through one alias per severity, each falling back to its own message topic after 2 ' +
      'retries',
    () => {
      for (const [alias, topic] of [
        ['page', /^AlarmTopicMessagesTopic/],
        ['warn', /^AlarmTopicWarnMessagesTopic/],
      ] as const) {
        template.hasResourceProperties('AWS::Lambda::Alias', { Name: alias });
        template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          Qualifier: Match.objectLike({
            'Fn::Select': [
              7,
              Match.objectLike({
                'Fn::Split': [
                  ':',
                  { Ref: Match.stringLikeRegexp(`^Notifier${alias === 'page' ? 'Page' : 'Warn'}Alias`) },
                ],
              }),
            ],
          }),
          MaximumRetryAttempts: 2,
          DestinationConfig: { OnFailure: { Destination: { Ref: Match.stringLikeRegexp(topic.source) } } },
        });
      }
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: `${P}-notify-page`,
        Targets: [
          Match.objectLike({
            Arn: { Ref: Match.stringLikeRegexp('^NotifierPageAlias') },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NotifierDeadLetterQueue'), 'Arn'] } },
          }),
        ],
      });
    },
  );

  it(
    "alarms on the notifier's errors (warn) and dead letters (page), straight to the people as well as the " +
      'alarm topic',
    () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${P}-notifier-dlq`,
        MetricName: 'NumberOfMessagesSent',
        AlarmActions: [
          { Ref: Match.stringLikeRegexp('^AlarmTopic[0-9A-F]{8}$') },
          { Ref: Match.stringLikeRegexp('^AlarmTopicMessagesTopic') },
        ],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${P}-notifier-errors`,
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^NotifierFunction') } }],
        AlarmActions: [
          { Ref: Match.stringLikeRegexp('^AlarmTopicWarnTopic') },
          { Ref: Match.stringLikeRegexp('^AlarmTopicWarnMessagesTopic') },
        ],
      });
    },
  );

  it("lets the notifier read only the probe's log group and publish only to the message topics", () => {
    const [[, policy]] = resources(template, 'AWS::IAM::Policy').filter(([id]) => id.startsWith('NotifierRole')) as [
      [string, { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }],
    ];
    const statements = policy.Properties.PolicyDocument.Statement;
    const of = (action: string) =>
      statements.filter((s) => [s.Action].flat().includes(action)).map((s) => JSON.stringify(s.Resource));
    expect(of('logs:FilterLogEvents')).toEqual([expect.stringMatching(/ProbeLogs/)]);
    expect(of('sns:Publish').join()).toMatch(/AlarmTopicMessagesTopic/);
    expect(of('sns:Publish').join()).toMatch(/AlarmTopicWarnMessagesTopic/);
    expect(of('sns:Publish').join()).not.toMatch(/"AlarmTopic[0-9A-F]{8}"|AlarmTopicWarnTopic[0-9A-F]/);
    // The current state of the alarm a change is about (a late change is stale): composites need Resource "*".
    expect(of('cloudwatch:DescribeAlarms')).toEqual(['"*"']);
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:DescribeLogStreams'])
      expect(of(action), action).toEqual([expect.stringMatching(/NotifierLogs/)]);
    expect(statements.flatMap((st) => [st.Action].flat())).not.toContain('logs:DeleteLogStream');
  });

  it('can read the state of every alarm it describes, the page and warn composites included, as IAM decides', () => {
    const [[, policy]] = resources(template, 'AWS::IAM::Policy').filter(([id]) => id.startsWith('NotifierRole')) as [
      [string, { Properties: { PolicyDocument: { Statement: PolicyStatement[] } } }],
    ];
    const statements = policy.Properties.PolicyDocument.Statement;
    const arn = (name: string): string => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
    const composites = template.findResources('AWS::CloudWatch::CompositeAlarm');
    expect(Object.keys(composites).length).toBeGreaterThan(2);
    for (const composite of Object.values(composites) as { Properties: { AlarmName: string } }[])
      expect(
        allows(statements, 'cloudwatch:DescribeAlarms', arn(composite.Properties.AlarmName), { composite: true }),
      ).toBe(true);
    // The rule the role meets: a scope narrower than "*" reads a metric alarm but never a composite.
    const narrow: PolicyStatement[] = [{ Action: 'cloudwatch:DescribeAlarms', Resource: arn(`${P}-*`) }];
    expect(allows(narrow, 'cloudwatch:DescribeAlarms', arn(`${P}-org-token`))).toBe(true);
    expect(allows(narrow, 'cloudwatch:DescribeAlarms', arn(`${P}-org-page`), { composite: true })).toBe(false);
  });

  it(
    'subscribes pagers to the alarm topics, resolving a secret URL at deploy time (the template holds only the ' +
      'reference)',
    () => {
      const https = resources(template, 'AWS::SNS::Subscription')
        .filter(([, r]) => r.Properties.Protocol === 'https')
        .map(([, r]) => JSON.stringify(r.Properties));
      expect(https).toHaveLength(2);
      expect(https.find((s) => s.includes('resolve:secretsmanager:pagerduty-url:SecretString'))).toMatch(
        /"AlarmTopic[0-9A-F]{8}"/,
      );
      expect(https.find((s) => s.includes('https://hooks.example.com/okta-warn'))).toMatch(/AlarmTopicWarnTopic/);
    },
  );

  it('creates the chat channels on the message topics of their severities, with a read-only guardrail', () => {
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0123ABCD',
      SnsTopicArns: [
        { Ref: Match.stringLikeRegexp('^AlarmTopicMessagesTopic') },
        { Ref: Match.stringLikeRegexp('^AlarmTopicWarnMessagesTopic') },
      ],
      GuardrailPolicies: [{ Ref: Match.stringLikeRegexp('^ChatPolicy') }],
      IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ChatRole'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      TeamId: 'e3b0c442-98fc-1c14-9afb-f4c8996fb924',
      // URL-encoded, as CloudFormation requires: the config may give either form.
      TeamsChannelId: '19%3Aabc%40thread.tacv2',
      TeamsTenantId: '8f14e45f-ceea-467a-9575-0e8d2c1d2b3a',
      SnsTopicArns: [{ Ref: Match.stringLikeRegexp('^AlarmTopicMessagesTopic') }],
    });
  });

  it(
    "lets the channel look at alarms and their graphs and nothing else: no SNS (the pager's URL), no logs, no " +
      'AWS-managed policy',
    () => {
      const chatPolicies = resources(template, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('ChatPolicy'));
      expect(chatPolicies).toHaveLength(1);
      const statements = (
        chatPolicies[0]?.[1].Properties.PolicyDocument as { Statement: { Effect: string; Action: string[] }[] }
      ).Statement;
      const actions = statements.flatMap((st) => st.Action);
      expect(statements.every((st) => st.Effect === 'Allow')).toBe(true);
      expect(actions.every((a) => /^cloudwatch:(Describe|Get|List)[A-Za-z]+$/.test(a))).toBe(true);
      expect(actions).toEqual(
        expect.arrayContaining([
          'cloudwatch:DescribeAlarms',
          'cloudwatch:GetMetricData',
          'cloudwatch:GetMetricWidgetImage',
        ]),
      );
      expect(actions).not.toEqual(expect.arrayContaining([expect.stringMatching(/^(sns|logs):|\*/)]));
      const [[, role]] = resources(template, 'AWS::IAM::Role').filter(([id]) => id.startsWith('ChatRole')) as [
        [string, { Properties: { ManagedPolicyArns: unknown[] } }],
      ];
      expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: chatPolicies[0]?.[0] }]);
      for (const [, channel] of [
        ...resources(template, 'AWS::Chatbot::SlackChannelConfiguration'),
        ...resources(template, 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration'),
      ]) {
        expect(JSON.stringify(channel.Properties.GuardrailPolicies)).not.toContain('iam::aws:policy');
      }
    },
  );

  it('creates no chat resources and no https subscriptions when none are configured', () => {
    const plain = synthTemplate(exampleConfig());
    expect(resources(plain, 'AWS::Chatbot::SlackChannelConfiguration')).toEqual([]);
    expect(resources(plain, 'AWS::SNS::Subscription').filter(([, r]) => r.Properties.Protocol === 'https')).toEqual([]);
  });
});
