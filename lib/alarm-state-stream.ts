// The alarms' state changes, streamed where the metrics go (metricStream): EventBridge's "CloudWatch Alarm State
// Change" events of exactly this stack's alarms (by name: another deployment's prefix may start with this one's), as
// one short JSON line each, into a Firehose stream (the metric stream's own, or one of their own: see
// AlarmStatesRoute in functions/config/metric-stream-shape.ts). EventBridge's role may put records into that one
// stream and do nothing else, and only these rules may have EventBridge assume it. What EventBridge cannot deliver
// after its retries lands in a dead-letter queue whose alarm warns, instead of being dropped. State changes of AWS
// services on the default bus cost nothing to match; Firehose bills their GB.
import { Stack } from 'aws-cdk-lib';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmStatesDeadLetterQueueName } from '../functions/config/metric-stream';
import { deadLetterQueue } from './lambda-defaults';
import { ruleGroups } from './notifier';

/**
 * The record of one state change: the alarm, the state it entered and left, when, where. Not CloudWatch's reason
 * text nor the alarm's description and configuration: a short line, the same for every alarm. Each value is quoted
 * in the template, which reads alike whether EventBridge takes the template as JSON or as text ("The InputTemplate
 * can also be valid JSON with variables in quotes or out", EventBridge API reference, InputTransformer); the values
 * (alarm names of letters, digits and hyphens, state names, ISO times, a region, an account) hold no quote. The line
 * ends in a newline: Firehose adds no delimiter between records, and Splunk's raw endpoint reads one event a line.
 */
const ALARM_STATE_RECORD = {
  paths: {
    alarm: '$.detail.alarmName',
    state: '$.detail.state.value',
    previous: '$.detail.previousState.value',
    time: '$.time',
    region: '$.region',
    account: '$.account',
  },
  template:
    '{"source":"okta-synthetics","kind":"alarm-state","alarm":"<alarm>","state":"<state>",' +
    '"previousState":"<previous>","time":"<time>","region":"<region>","account":"<account>"}\n',
} as const;

/** The pattern of one rule: every state change of exactly these alarms (OK, ALARM and INSUFFICIENT_DATA alike). */
function alarmStatePattern(alarmNames: readonly string[]) {
  return {
    source: ['aws.cloudwatch'],
    'detail-type': ['CloudWatch Alarm State Change'],
    detail: { alarmName: [...alarmNames] },
  };
}

/**
 * How long EventBridge retries putting a state change into Firehose before the dead-letter queue takes it. Its default
 * (24 hours, 185 attempts, then the event is dropped: EventBridge user guide, "Event retry policy and using
 * dead-letter queues") would hide a deleted stream or a broken role for a day. A state change is a line of the
 * destination's history, not a page: an hour of retries outlasts Firehose's throttling and short outages, then the
 * queue keeps it 14 days to replay, and its alarm warns the same hour.
 */
export const ALARM_STATE_RETRY = { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 } as const;

interface AlarmStateRulesProps {
  readonly prefix: string;
  /** Every alarm the stack deploys. */
  readonly alarmNames: readonly string[];
  /** The Firehose stream the records go to. */
  readonly deliveryStream: CfnDeliveryStream;
}

export class AlarmStateRules extends Construct {
  /** EventBridge's role: PutRecord and PutRecordBatch on the one Firehose stream, assumed for these rules only. */
  readonly role: Role;
  /** One rule, or more when the exact names do not fit one pattern. */
  readonly rules: readonly CfnRule[];
  /** Where each rule's target puts what it could not deliver; EventBridge may send to it for these rules only. */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: AlarmStateRulesProps) {
    super(scope, id);
    const { prefix, alarmNames, deliveryStream } = props;
    const stack = Stack.of(this);
    const groups = ruleGroups(alarmNames, alarmStatePattern);
    const names = groups.map((_, index) => `${prefix}-alarm-states${index === 0 ? '' : `-${index + 1}`}`);
    // Each rule's ARN from its name (a rule of the default bus: `rule/<name>`), not its Arn attribute: the rules name
    // the role, so the role's trust naming the rules' attributes would be a cycle. Exact names make exact ARNs: no
    // wildcard, so no other rule (a deployment whose prefix extends this one's) matches.
    const ruleArns = names.map((resourceName) =>
      stack.formatArn({ service: 'events', resource: 'rule', resourceName }),
    );
    this.role = this.eventsRole(prefix, ruleArns, deliveryStream);
    this.deadLetterQueue = this.deadLetters(prefix, ruleArns);
    this.rules = groups.map((group, index) => {
      const rule = new CfnRule(this, `Rule${index === 0 ? '' : index + 1}`, {
        name: names[index],
        description: `okta-synthetics: state changes of ${prefix}'s alarms, to Firehose`,
        eventPattern: alarmStatePattern(group),
        state: 'ENABLED',
        targets: [
          {
            id: 'Firehose',
            arn: deliveryStream.attrArn,
            roleArn: this.role.roleArn,
            inputTransformer: {
              inputPathsMap: { ...ALARM_STATE_RECORD.paths },
              inputTemplate: ALARM_STATE_RECORD.template,
            },
            retryPolicy: { ...ALARM_STATE_RETRY },
            deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
          },
        ],
      });
      // The role's policy and the queue's before the rule: a target that cannot put or dead-letter yet loses the
      // first changes.
      rule.node.addDependency(this.role, this.deadLetterQueue);
      return rule;
    });
  }

  /**
   * The role EventBridge assumes to put the records, for these rules of this account only. EventBridge's guidance
   * against the confused deputy names both keys ("Cross-service confused deputy prevention in Amazon EventBridge":
   * for event bus rule targets "the value of aws:SourceArn must be the rule ARN"; "Using IAM policy conditions in
   * Amazon EventBridge": aws:SourceAccount is "the account where the rule specified by aws:SourceArn exists").
   */
  private eventsRole(prefix: string, ruleArns: readonly string[], deliveryStream: CfnDeliveryStream): Role {
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('events.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account, 'aws:SourceArn': [...ruleArns] },
        },
      }),
      description: `okta-synthetics alarm states (${prefix}): PutRecord and PutRecordBatch on one Firehose stream`,
    });
    // EventBridge puts its target's records with these two (aws-cdk-lib's Firehose rule target grants the same).
    role.addToPolicy(
      new PolicyStatement({
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        resources: [deliveryStream.attrArn],
      }),
    );
    return role;
  }

  /**
   * The rules' dead-letter queue. EventBridge sends to it as events.amazonaws.com, which the queue's policy allows for
   * these rules alone (EventBridge user guide, "Granting permissions to the dead-letter queue": sqs:SendMessage on the
   * condition "ArnEquals": { "aws:SourceArn": <the rule's ARN> }). Encrypted with SQS's own key (SSE-SQS), as every
   * dead-letter queue of the stack: under a customer managed key, the key's policy would have to let EventBridge
   * GenerateDataKey and Decrypt too (SQS developer guide, "Key management": an AWS service sending to an encrypted
   * queue needs those in the key policy), one more policy to keep right for no reader's gain.
   */
  private deadLetters(prefix: string, ruleArns: readonly string[]): Queue {
    const queue = deadLetterQueue(this, alarmStatesDeadLetterQueueName(prefix), "the alarm states' EventBridge rules");
    queue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AlarmStateRulesDeadLetters',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [queue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': [...ruleArns] } },
      }),
    );
    return queue;
  }
}
