// Where alarms go: one SNS topic per severity (page, warn), so people and pagers subscribe to what they need,
// each encrypted with a customer-managed key (the aws/sns key's policy does not let
// CloudWatch use it, so alarms to a topic encrypted with it are silently dropped), TLS-only, with the
// configured e-mail subscriptions. CloudWatch may publish only on behalf of this deployment's alarms.
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { Severity } from '../functions/contract';

export interface AlarmTopicProps {
  /** Prefix of every alarm name that may publish here. */
  readonly prefix: string;
  /**
   * Addresses subscribed by e-mail to both topics (each must confirm each subscription).
   * @default []
   */
  readonly emails?: readonly string[];
}

export class AlarmTopic extends Construct {
  /** The topic of each severity: page (a server or the probe is down), warn (capacity and hygiene). */
  readonly topics: Readonly<Record<Severity, Topic>>;
  /** The page topic. */
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Confused-deputy guard: only this account's alarms named after this deployment.
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${props.prefix}-*` },
    };
    const cloudwatch = new ServicePrincipal('cloudwatch.amazonaws.com');

    this.key = new Key(this, 'Key', {
      description: `okta-synthetics (${props.prefix}): encrypts the alarm topic`,
      enableKeyRotation: true,
      // Nothing else is encrypted with this key: no reason to keep paying for it after the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        effect: Effect.ALLOW,
        principals: [cloudwatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );

    const topic = (severity: Severity): Topic => {
      const created = new Topic(this, severity === 'page' ? 'Topic' : 'WarnTopic', {
        topicName: `${props.prefix}-${severity}`,
        displayName: severity === 'page' ? 'Okta synthetics: page' : 'Okta synthetics: warning',
        masterKey: this.key,
        enforceSSL: true,
      });
      created.addToResourcePolicy(
        new PolicyStatement({
          sid: 'CloudWatchAlarmsPublish',
          effect: Effect.ALLOW,
          principals: [cloudwatch],
          actions: ['sns:Publish'],
          resources: [created.topicArn],
          conditions: fromOurAlarms,
        }),
      );
      for (const email of props.emails ?? []) created.addSubscription(new EmailSubscription(email));
      new CfnOutput(this, severity === 'page' ? 'TopicArn' : 'WarnTopicArn', {
        description:
          severity === 'page'
            ? 'Pages (a server or the probe is down); subscribe the on-call pager here'
            : 'Warnings (capacity, clock, minor status, lost runs); subscribe a chat channel or ticket queue here',
        value: created.topicArn,
      });
      return created;
    };
    this.topics = { page: topic('page'), warn: topic('warn') };
    this.topic = this.topics.page;
  }
}
