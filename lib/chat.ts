// Slack and Microsoft Teams channels, through Amazon Q Developer in chat applications (formerly AWS Chatbot):
// each configured channel subscribes to the message topics of its severities and receives the notifier's
// custom notifications (title, description, next steps). Notifications need no permissions; the channel role
// and guardrail allow only what opening an alarm and its graphs needs, so nobody can change the account from the
// chat, nor read what AWS's CloudWatchReadOnlyAccess would also give (SNS subscriptions with the pager's URL and
// key, every log group of the account).
// Prerequisite, once per account, in the console: authorize the Slack workspace or Microsoft Teams team.
import { Aws } from 'aws-cdk-lib';
import { CfnMicrosoftTeamsChannelConfiguration, CfnSlackChannelConfiguration } from 'aws-cdk-lib/aws-chatbot';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Validations } from 'aws-cdk-lib';
import type { ChatSettings } from '../functions/config/parse';
import type { Severity } from '../functions/contract';

interface ChatChannelsProps {
  readonly prefix: string;
  readonly chat: ChatSettings;
  readonly messageTopics: Readonly<Record<Severity, ITopic>>;
}

/**
 * What people in the channel may do through Amazon Q: look at alarms, their history and their graphs, nothing
 * else. No sns:* (a subscription's attributes hold the resolved PagerDuty URL with its key), no logs:* (the
 * account's every log group), no dashboards. None of these actions can be scoped to a resource.
 */
const CHAT_ACTIONS = [
  'cloudwatch:DescribeAlarms',
  'cloudwatch:DescribeAlarmHistory',
  'cloudwatch:DescribeAlarmsForMetric',
  'cloudwatch:GetMetricData',
  'cloudwatch:GetMetricStatistics',
  'cloudwatch:GetMetricWidgetImage',
  'cloudwatch:ListMetrics',
] as const;

export class ChatChannels extends Construct {
  readonly slack: readonly CfnSlackChannelConfiguration[];
  readonly teams: readonly CfnMicrosoftTeamsChannelConfiguration[];

  constructor(scope: Construct, id: string, props: ChatChannelsProps) {
    super(scope, id);
    const { chat, prefix } = props;
    if (chat.slack.length + chat.teams.length === 0) {
      this.slack = [];
      this.teams = [];
      return;
    }
    // One policy, both the channel role's permissions and the guardrail that bounds every member's own role.
    const guardrail = new ManagedPolicy(this, 'Policy', {
      description: `okta-synthetics (${prefix}): what Amazon Q may do in the alarm channels (alarms and their graphs)`,
      statements: [new PolicyStatement({ actions: [...CHAT_ACTIONS], resources: ['*'] })],
    });
    Validations.of(guardrail).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "CloudWatch's metric reads (GetMetricData, GetMetricWidgetImage, ListMetrics...) and DescribeAlarms " +
        'take no resource; the actions are listed one by one, all read-only.',
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('chatbot.amazonaws.com'),
      description: `okta-synthetics (${prefix}): what Amazon Q may do in the alarm channels (alarms and their graphs)`,
      managedPolicies: [guardrail],
    });
    const topicArns = (severities: readonly Severity[]): string[] =>
      severities.map((s) => props.messageTopics[s].topicArn);
    // Configuration names are account-wide (Amazon Q is global): the region keeps one stack per region apart.
    const name = (platform: string, channelId: string): string =>
      `${prefix}-${platform}-${channelId.replace(/[^A-Za-z0-9_-]/g, '').slice(-40)}-${Aws.REGION}`;

    this.slack = chat.slack.map(
      (channel, index) =>
        new CfnSlackChannelConfiguration(this, `Slack${index}`, {
          configurationName: name('slack', channel.channelId),
          slackWorkspaceId: channel.workspaceId,
          slackChannelId: channel.channelId,
          iamRoleArn: role.roleArn,
          guardrailPolicies: [guardrail.managedPolicyArn],
          snsTopicArns: topicArns(channel.severities),
          loggingLevel: 'ERROR',
        }),
    );
    this.teams = chat.teams.map(
      (channel, index) =>
        new CfnMicrosoftTeamsChannelConfiguration(this, `Teams${index}`, {
          configurationName: name('teams', channel.channelId),
          teamId: channel.teamId,
          teamsChannelId: channel.channelId,
          teamsTenantId: channel.tenantId,
          iamRoleArn: role.roleArn,
          guardrailPolicies: [guardrail.managedPolicyArn],
          snsTopicArns: topicArns(channel.severities),
          loggingLevel: 'ERROR',
        }),
    );
  }
}
