// The alarms' state changes, streamed where the metrics go (metricStream): EventBridge's "CloudWatch Alarm State
// Change" events of exactly this stack's alarms (by name: another deployment's prefix may start with this one's), as
// one short JSON line each, into a Firehose stream (the metric stream's own, or one of their own: see
// AlarmStatesRoute in functions/config/metric-stream-shape.ts). EventBridge's role may put records into that one
// stream and do nothing else. State changes of AWS services on the default bus cost nothing to match; Firehose bills
// their GB.
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import { Construct } from 'constructs';
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

interface AlarmStateRulesProps {
  readonly prefix: string;
  /** Every alarm the stack deploys. */
  readonly alarmNames: readonly string[];
  /** The Firehose stream the records go to. */
  readonly deliveryStream: CfnDeliveryStream;
}

export class AlarmStateRules extends Construct {
  /** EventBridge's role: PutRecord and PutRecordBatch on the one Firehose stream. */
  readonly role: Role;
  /** One rule, or more when the exact names do not fit one pattern. */
  readonly rules: readonly CfnRule[];

  constructor(scope: Construct, id: string, props: AlarmStateRulesProps) {
    super(scope, id);
    const { prefix, alarmNames, deliveryStream } = props;
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('events.amazonaws.com'),
      description: `okta-synthetics alarm states (${prefix}): PutRecord and PutRecordBatch on one Firehose stream`,
    });
    // EventBridge puts its target's records with these two (aws-cdk-lib's Firehose rule target grants the same).
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        resources: [deliveryStream.attrArn],
      }),
    );
    this.rules = ruleGroups(alarmNames, alarmStatePattern).map((names, index) => {
      const suffix = index === 0 ? '' : `-${index + 1}`;
      const rule = new CfnRule(this, `Rule${index === 0 ? '' : index + 1}`, {
        name: `${prefix}-alarm-states${suffix}`,
        description: `okta-synthetics: state changes of ${prefix}'s alarms, to Firehose`,
        eventPattern: alarmStatePattern(names),
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
          },
        ],
      });
      // The role's policy before the rule: a target whose role cannot put yet loses the first changes.
      rule.node.addDependency(this.role);
      return rule;
    });
  }
}
