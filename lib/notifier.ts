// The notifier: every change of a notifying alarm (per-server page and warn composites, probe-down, the status
// feed's major incidents, the dead-letter and maintenance alarms) reaches EventBridge as "CloudWatch Alarm State
// Change"; one rule per severity invokes the notifier through that severity's alias, and the notifier publishes
// the message with the diagnosis to the severity's message topic.
// It must never lose a page:
// - pagers subscribe to the alarm topics, which CloudWatch itself publishes to, whatever the notifier does;
// - a notification that fails after its retries goes to the alias's failure destination: the same message topic,
//   carrying the raw alarm event, so the person still hears of it;
// - an event EventBridge cannot deliver lands in the notifier's dead-letter queue, whose alarm pages people
//   directly (functions/plan/alarms.ts notifierAlarms), as does the alarm on the notifier's own errors.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Rule, type IRule, type IRuleTarget, type RuleTargetConfig } from 'aws-cdk-lib/aws-events';
import { bindBaseTargetConfig } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias, type Function as StackFunction } from 'aws-cdk-lib/aws-lambda';
import { SnsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { LoadedConfig } from '../functions/config/parse';
import {
  NOTIFIER_DASHBOARD_ENV,
  NOTIFIER_LOG_GROUP_ENV,
  NOTIFIER_PREFIX_ENV,
  NOTIFIER_SENT_LOG_GROUP_ENV,
  NOTIFIER_TOPICS_ENV,
  notifierDeadLetterQueueName,
  notifierFunctionName,
  notifierLogGroupName,
  SEVERITIES,
  type Severity,
} from '../functions/contract';

import type { NotificationRoute } from '../functions/plan/alarms';
import { patternGroups } from '../functions/plan/event-patterns';
import { regionPlan } from '../functions/plan/region-plan';
import { deadLetterQueue, stackFunction } from './lambda-defaults';
import { stageUniqueId } from './stage-unique-id';

interface NotifierProps {
  readonly config: LoadedConfig;
  /** The probe's log group: the run lines the messages are built from. */
  readonly probeLogGroup: ILogGroup;
  /** Where the messages of each severity go. */
  readonly messageTopics: Readonly<Record<Severity, ITopic>>;
  /** The dashboard's name, for the link in every message. */
  readonly dashboardName: string;
  /**
   * This stack's region: with the quorum, which alarms notify and at which severity differs by region.
   * @default undefined: one region, none named, every alarm notifies as its plan row says
   */
  readonly region?: string;
}

/** Retries of a failed notification before the raw event goes to the failure destination (Lambda's maximum). */
const NOTIFIER_RETRIES = 2;

/** The pattern of one notifier rule: state changes to ALARM or OK of exactly these alarms. */
function notifierPattern(alarmNames: readonly string[]) {
  return {
    source: ['aws.cloudwatch'],
    'detail-type': ['CloudWatch Alarm State Change'],
    detail: { alarmName: [...alarmNames], state: { value: ['ALARM', 'OK'] } },
  };
}

/**
 * The names in groups whose patterns (`patternOf`, the notifier's by default) each fit EventBridge's quota: one rule
 * per group (90 servers take a few).
 */
export function ruleGroups(
  alarmNames: readonly string[],
  patternOf: (names: readonly string[]) => object = notifierPattern,
): string[][] {
  return patternGroups(alarmNames, patternOf);
}

export class Notifier extends Construct {
  readonly function: StackFunction;
  readonly logGroup: LogGroup;
  readonly deadLetterQueue: Queue;
  readonly aliases: Readonly<Record<Severity, Alias>>;
  /** The rules of each severity: one, or more when the exact names do not fit one pattern. */
  readonly rules: Readonly<Record<Severity, readonly Rule[]>>;

  constructor(scope: Construct, id: string, props: NotifierProps) {
    super(scope, id);
    const { config } = props;
    const { prefix } = config.deploy;

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: notifierLogGroupName(prefix),
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deadLetterQueue = deadLetterQueue(
      this,
      notifierDeadLetterQueueName(prefix),
      "the notifier's EventBridge rules",
    );

    const role = this.notifierRole(props);

    this.function = this.notifierFunction(props, role);

    const aliases = {} as Record<Severity, Alias>;
    const rules = {} as Record<Severity, Rule[]>;
    for (const route of regionPlan(config, props.region).routes) {
      aliases[route.severity] = this.severityAlias(route.severity, props.messageTopics);
      rules[route.severity] = this.severityRules(prefix, route, aliases[route.severity]);
    }
    this.aliases = aliases;
    this.rules = rules;
  }

  /** The notifier's own role: its log group, reading the probe's runs, publishing to the message topics. */
  private notifierRole(props: NotifierProps): Role {
    const { prefix } = props.config.deploy;
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description:
        `okta-synthetics notifier (${prefix}): its log group, reading the probe's runs, publishing to the ` +
        `message topics`,
    });
    // Its own log group also records each change notified (one stream per change): reading that record back
    // is how a duplicate event is recognised (functions/lambda/notifier.ts).
    this.logGroup.grant(
      role,
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'logs:GetLogEvents',
      'logs:DescribeLogStreams',
    );
    role.addToPolicy(
      new PolicyStatement({ actions: ['logs:FilterLogEvents'], resources: [props.probeLogGroup.logGroupArn] }),
    );
    // The current state of the alarm whose change it is sending: a change that arrives after the next is stale.
    // Most of what it describes are composites (every page and warn message comes from one), and AWS's
    // DescribeAlarms reference: "You can't return information about composite alarms if your
    // cloudwatch:DescribeAlarms permission has a narrower scope" than "*". Scoped to this deployment's alarms, every
    // message would say the state could not be read, or the freshness filter would take the missing composite for a
    // deleted alarm and drop the message. DescribeAlarms only reads states and texts this role already delivers.
    role.addToPolicy(new PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: ['*'] }));
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'cloudwatch:DescribeAlarms on composite alarms requires Resource "*" (DescribeAlarms API reference); the ' +
        'action is read-only and the role calls it for the alarm names of its own events only.',
    });
    for (const severity of SEVERITIES) props.messageTopics[severity].grantPublish(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason:
        'Publishing to a KMS-encrypted topic needs GenerateDataKey on its key; Topic.grantPublish grants it ' +
        'on that one key only.',
    });
    return role;
  }

  private notifierFunction(props: NotifierProps, role: Role): StackFunction {
    const { prefix } = props.config.deploy;
    return stackFunction(this, 'Function', 'notifier', {
      functionName: notifierFunctionName(prefix),
      description: `okta-synthetics: turns alarm changes of ${prefix} into messages with the diagnosis`,
      memorySize: 256,
      // Every AWS call has a deadline inside this (functions/lambda/notifier.ts DEADLINES): the state check and
      // the claim 3 s each, the log reads 10 s, the publish what is left; it returns or throws, never times out.
      timeout: Duration.seconds(30),
      role,
      logGroup: this.logGroup,
      environment: {
        [NOTIFIER_PREFIX_ENV]: prefix,
        [NOTIFIER_LOG_GROUP_ENV]: props.probeLogGroup.logGroupName,
        [NOTIFIER_TOPICS_ENV]: Stack.of(this).toJsonString(
          Object.fromEntries(SEVERITIES.map((s) => [s, props.messageTopics[s].topicArn])),
        ),
        [NOTIFIER_DASHBOARD_ENV]: props.dashboardName,
        [NOTIFIER_SENT_LOG_GROUP_ENV]: this.logGroup.logGroupName,
      },
    });
  }

  /** One alias per severity, so a failed notification falls back to its own severity's people. */
  private severityAlias(severity: Severity, messageTopics: NotifierProps['messageTopics']): Alias {
    const Name = severity === 'page' ? 'Page' : 'Warn';
    return new Alias(this, `${Name}Alias`, {
      aliasName: severity,
      version: this.function.currentVersion,
      retryAttempts: NOTIFIER_RETRIES,
      maxEventAge: Duration.hours(1),
      onFailure: new SnsDestination(messageTopics[severity]),
    });
  }

  /** The rules that send a severity's alarm changes to its alias: more than one when the names exceed one pattern. */
  private severityRules(prefix: string, route: NotificationRoute, alias: Alias): Rule[] {
    const { severity } = route;
    const Name = severity === 'page' ? 'Page' : 'Warn';
    return ruleGroups(route.names).map((names, index) => {
      const suffix = index === 0 ? '' : String(index + 1);
      const { source, 'detail-type': detailType, detail } = notifierPattern(names);
      return new Rule(this, `${Name}Rule${suffix}`, {
        ruleName: `${prefix}-notify-${severity}${suffix === '' ? '' : `-${suffix}`}`,
        description:
          `okta-synthetics: alarm changes of ${prefix} that ${severity === 'page' ? 'page' : 'warn'}, to the ` +
          `notifier`,
        eventPattern: { source, detailType, detail },
        targets: [new NotifierTarget(alias, this.deadLetterQueue)],
      });
    });
  }
}

/**
 * aws-events-targets' LambdaFunction target, as it binds (the function's permission under the rule, the dead-letter
 * queue's statement, the retry policy), with the permission's id and the statement's Sid made from the path within
 * the stack's Stage (stageUniqueId), not the app's: under the OktaSynthetics construct, the same as a clone's.
 */
class NotifierTarget implements IRuleTarget {
  constructor(
    private readonly alias: Alias,
    private readonly deadLetterQueue: Queue,
  ) {}

  bind(rule: IRule): RuleTargetConfig {
    const principal = new ServicePrincipal('events.amazonaws.com');
    const permissionId = `AllowEventRule${stageUniqueId(this.alias)}`;
    if (rule.node.tryFindChild(permissionId) === undefined)
      this.alias.addPermission(permissionId, {
        scope: rule as Rule,
        action: 'lambda:InvokeFunction',
        principal,
        sourceArn: rule.ruleArn,
      });
    this.deadLetterQueue.addToResourcePolicy(
      new PolicyStatement({
        sid: `AllowEventRule${stageUniqueId(rule)}`,
        principals: [principal],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleArn } },
      }),
    );
    const base = bindBaseTargetConfig({
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 8,
      maxEventAge: Duration.hours(2),
    });
    return { ...base, arn: this.alias.functionArn, targetResource: this.alias };
  }
}
