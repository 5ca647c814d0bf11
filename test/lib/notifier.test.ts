// The notification path as CloudFormation receives it: rules that route every notifying alarm to the notifier
// alias of its severity (and nothing else), a failure destination that still reaches people, the notifier's own
// alarms reaching people directly, least-privilege IAM, pagers on the raw alarm topics, chat on the message topics.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../functions/config/parse';
import { alarmSpecs, matchesWildcard, notificationRoutes } from '../../functions/plan/alarms';
import { exampleConfig, resources, synthTemplate, writeConfig } from './helpers';

const P = 'okta-synthetics';

type Pattern = { detail: { alarmName: (string | { wildcard: string })[]; state: { value: string[] } } };

function rulePatterns(template: Template): Map<string, Pattern> {
  return new Map(
    resources(template, 'AWS::Events::Rule').map(([, r]) => [r.Properties.Name as string, r.Properties.EventPattern as Pattern]),
  );
}

function matches(pattern: Pattern, alarmName: string): boolean {
  return pattern.detail.alarmName.some((p) => (typeof p === 'string' ? p === alarmName : matchesWildcard(alarmName, p.wildcard)));
}

describe('the notifier in the template', () => {
  let template: Template;
  beforeAll(() => {
    template = synthTemplate({
      ...exampleConfig(),
      alarmEndpoints: { page: [{ secretName: 'pagerduty-url' }], warn: ['https://hooks.example.com/okta-warn'] },
      chat: { slack: [{ workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' }], teams: [{ teamId: 'e3b0c442-98fc-1c14-9afb-f4c8996fb924', channelId: '19:abc@thread.tacv2', tenantId: '8f14e45f-ceea-467a-9575-0e8d2c1d2b3a', severities: ['page'] }] },
    });
  });

  it('routes every alarm that notifies, except the notifier\'s own, to exactly the rule of its severity; no member alarm wakes it', () => {
    const loaded = loadConfigFile(writeConfig(exampleConfig()), 'deploy');
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const patterns = rulePatterns(template);
    const page = patterns.get(`${P}-notify-page`);
    const warn = patterns.get(`${P}-notify-warn`);
    if (page === undefined || warn === undefined) throw new Error('missing rule');
    for (const spec of alarmSpecs(loaded.config)) {
      const expected = spec.notifies === null || spec.direct === true ? [] : [spec.notifies];
      const got = [...(matches(page, spec.name) ? ['page'] : []), ...(matches(warn, spec.name) ? ['warn'] : [])];
      expect(got, spec.name).toEqual(expected);
    }
    expect(page.detail.state.value).toEqual(['ALARM', 'OK']);
    // A pattern of 100 servers stays a few names long: EventBridge's default pattern quota is 2,048 characters.
    const many = { ...loaded.config, probe: { ...loaded.config.probe, servers: Array.from({ length: 100 }, (_, i) => ({ ...loaded.config.probe.servers[1]!, id: `server-${i}` })) } };
    for (const route of notificationRoutes(many)) expect(JSON.stringify([route.wildcard, ...route.names]).length).toBeLessThan(300);
  });

  it('invokes the notifier through one alias per severity, each falling back to its own message topic after 2 retries', () => {
    for (const [alias, topic] of [['page', /^AlarmTopicMessagesTopic/], ['warn', /^AlarmTopicWarnMessagesTopic/]] as const) {
      template.hasResourceProperties('AWS::Lambda::Alias', { Name: alias });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        Qualifier: Match.objectLike({ 'Fn::Select': [7, Match.objectLike({ 'Fn::Split': [':', { Ref: Match.stringLikeRegexp(`^Notifier${alias === 'page' ? 'Page' : 'Warn'}Alias`) }] })] }),
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { Ref: Match.stringLikeRegexp(topic.source) } } },
      });
    }
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: `${P}-notify-page`,
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^NotifierPageAlias') }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NotifierDeadLetterQueue'), 'Arn'] } } })],
    });
  });

  it('alarms on the notifier\'s errors (warn) and dead letters (page), straight to the people as well as the alarm topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${P}-notifier-dlq`,
      MetricName: 'NumberOfMessagesSent',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic[0-9A-F]{8}$') }, { Ref: Match.stringLikeRegexp('^AlarmTopicMessagesTopic') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${P}-notifier-errors`,
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^NotifierFunction') } }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopicWarnTopic') }, { Ref: Match.stringLikeRegexp('^AlarmTopicWarnMessagesTopic') }],
    });
  });

  it('lets the notifier read only the probe\'s log group and publish only to the message topics', () => {
    const [[, policy]] = resources(template, 'AWS::IAM::Policy').filter(([id]) => id.startsWith('NotifierRole')) as [[string, { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }]];
    const statements = policy.Properties.PolicyDocument.Statement;
    const of = (action: string) => statements.filter((s) => [s.Action].flat().includes(action)).map((s) => JSON.stringify(s.Resource));
    expect(of('logs:FilterLogEvents')).toEqual([expect.stringMatching(/ProbeLogs/)]);
    expect(of('sns:Publish').join()).toMatch(/AlarmTopicMessagesTopic/);
    expect(of('sns:Publish').join()).toMatch(/AlarmTopicWarnMessagesTopic/);
    expect(of('sns:Publish').join()).not.toMatch(/"AlarmTopic[0-9A-F]{8}"|AlarmTopicWarnTopic[0-9A-F]/);
  });

  it('subscribes pagers to the alarm topics, resolving a secret URL at deploy time (the template holds only the reference)', () => {
    const https = resources(template, 'AWS::SNS::Subscription').filter(([, r]) => r.Properties.Protocol === 'https').map(([, r]) => JSON.stringify(r.Properties));
    expect(https).toHaveLength(2);
    expect(https.find((s) => s.includes('resolve:secretsmanager:pagerduty-url:SecretString'))).toMatch(/"AlarmTopic[0-9A-F]{8}"/);
    expect(https.find((s) => s.includes('https://hooks.example.com/okta-warn'))).toMatch(/AlarmTopicWarnTopic/);
  });

  it('creates the chat channels on the message topics of their severities, with a read-only guardrail', () => {
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0123ABCD',
      SnsTopicArns: [{ Ref: Match.stringLikeRegexp('^AlarmTopicMessagesTopic') }, { Ref: Match.stringLikeRegexp('^AlarmTopicWarnMessagesTopic') }],
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

  it('lets the channel look at alarms and their graphs and nothing else: no SNS (the pager\'s URL), no logs, no AWS-managed policy', () => {
    const chatPolicies = resources(template, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('ChatPolicy'));
    expect(chatPolicies).toHaveLength(1);
    const statements = (chatPolicies[0]?.[1].Properties.PolicyDocument as { Statement: { Effect: string; Action: string[] }[] }).Statement;
    const actions = statements.flatMap((st) => st.Action);
    expect(statements.every((st) => st.Effect === 'Allow')).toBe(true);
    expect(actions.every((a) => /^cloudwatch:(Describe|Get|List)[A-Za-z]+$/.test(a))).toBe(true);
    expect(actions).toEqual(expect.arrayContaining(['cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage']));
    expect(actions).not.toEqual(expect.arrayContaining([expect.stringMatching(/^(sns|logs):|\*/)]));
    const [[, role]] = resources(template, 'AWS::IAM::Role').filter(([id]) => id.startsWith('ChatRole')) as [[string, { Properties: { ManagedPolicyArns: unknown[] } }]];
    expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: chatPolicies[0]?.[0] }]);
    for (const [, channel] of [...resources(template, 'AWS::Chatbot::SlackChannelConfiguration'), ...resources(template, 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration')]) {
      expect(JSON.stringify(channel.Properties.GuardrailPolicies)).not.toContain('iam::aws:policy');
    }
  });

  it('creates no chat resources and no https subscriptions when none are configured', () => {
    const plain = synthTemplate(exampleConfig());
    expect(resources(plain, 'AWS::Chatbot::SlackChannelConfiguration')).toEqual([]);
    expect(resources(plain, 'AWS::SNS::Subscription').filter(([, r]) => r.Properties.Protocol === 'https')).toEqual([]);
  });
});
