// Where alarms go, two topics per severity (page, warn), each encrypted with a customer-managed key (the aws/sns
// key's policy does not let CloudWatch use it, so alarms to a topic encrypted with it are silently dropped) and
// TLS-only. CloudWatch may publish only on behalf of this deployment's alarms.
// - The alarm topic `<prefix>-<severity>` carries CloudWatch's own alarm JSON: PagerDuty, Opsgenie and webhooks
//   parse that format, so the configured alarmEndpoints subscribe here.
// - The message topic `<prefix>-<severity>-messages` carries what people read: the notifier's message with the
//   diagnosis (plain text for e-mail, Amazon Q's custom-notification JSON for chat), or the raw alarm event when
//   the notifier failed. The configured e-mails and chat channels subscribe here, so each change reaches a person
//   once.
// Exactly this deployment's alarms: a prefix wildcard (`<prefix>-*`) would also admit a deployment whose prefix
// extends ours (`okta-synthetics-staging`), which splitting servers by prefix creates. Each topic names the
// alarms that publish to it; the key serves CloudWatch only for these four topics (its encryption context).
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SecretValue } from 'aws-cdk-lib';
import { SubscriptionProtocol } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { AlarmEndpoint, LoadedConfig } from '../functions/config/parse';
import { SEVERITIES, type Severity } from '../functions/contract';
import { regionPlan } from '../functions/plan/region-plan';

/** The names of the alarms that publish to each topic of a severity. */
interface TopicPublishers {
  /** Every alarm that notifies this severity (CloudWatch's alarm JSON on the alarm topic). */
  readonly alarms: readonly string[];
  /** The direct ones, which also publish to the message topic (the notifier's own alarms). */
  readonly messages: readonly string[];
}

/** Which alarms of a configuration publish to which topic, as lib/alarms.ts wires their actions. */
export function topicPublishers(config: LoadedConfig, region?: string): Record<Severity, TopicPublishers> {
  // This region's alarms: with the fast path, which alarm notifies which severity differs by region (plan/quorum.ts).
  const specs = regionPlan(config, region).specs;
  const of = (severity: Severity): TopicPublishers => ({
    alarms: specs.filter((spec) => spec.notifies === severity).map((spec) => spec.name),
    messages: specs.filter((spec) => spec.notifies === severity && spec.direct === true).map((spec) => spec.name),
  });
  return { page: of('page'), warn: of('warn') };
}

interface AlarmTopicProps {
  /** The deployment's prefix: topic names. */
  readonly prefix: string;
  /** The alarms that may publish to each severity's topics (topicPublishers). */
  readonly publishers: Readonly<Record<Severity, TopicPublishers>>;
  /**
   * Addresses subscribed by e-mail to both topics (each must confirm each subscription).
   * @default []
   */
  readonly emails?: readonly string[];
  /**
   * https endpoints subscribed to each severity's alarm topic.
   * @default none
   */
  readonly endpoints?: Readonly<Record<Severity, readonly AlarmEndpoint[]>>;
}

export class AlarmTopic extends Construct {
  /** The alarm topic of each severity: page (a server or the probe is down), warn (capacity and hygiene). */
  readonly topics: Readonly<Record<Severity, Topic>>;
  /** The message topic of each severity: what people read (e-mail, chat). */
  readonly messageTopics: Readonly<Record<Severity, Topic>>;
  /** The page alarm topic. */
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.key = this.topicKey(props.prefix);
    this.topics = { page: this.severityTopic(props, 'page', false), warn: this.severityTopic(props, 'warn', false) };
    this.messageTopics = {
      page: this.severityTopic(props, 'page', true),
      warn: this.severityTopic(props, 'warn', true),
    };
    for (const severity of SEVERITIES) {
      for (const email of props.emails ?? [])
        this.messageTopics[severity].addSubscription(new EmailSubscription(email));
      for (const endpoint of props.endpoints?.[severity] ?? []) {
        // A secret URL is resolved by CloudFormation at deploy time: the template holds only the reference.
        const url =
          endpoint.kind === 'url' ? endpoint.url : SecretValue.secretsManager(endpoint.secretName).unsafeUnwrap();
        this.topics[severity].addSubscription(new UrlSubscription(url, { protocol: SubscriptionProtocol.HTTPS }));
      }
    }
    this.topic = this.topics.page;
  }

  /** The key of every topic, which this account's CloudWatch may use for this deployment's topics only. */
  private topicKey(prefix: string): Key {
    const stack = Stack.of(this);
    // Built from names, not the topics' Refs: the topics use this key, so its policy cannot depend on them.
    const topicArns = SEVERITIES.flatMap((severity) =>
      [false, true].map((messages) =>
        stack.formatArn({ service: 'sns', resource: topicName(prefix, severity, messages) }),
      ),
    );
    const key = new Key(this, 'Key', {
      description: `okta-synthetics (${prefix}): encrypts the alarm topic`,
      enableKeyRotation: true,
      // Nothing else is encrypted with this key: no reason to keep paying for it after the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        effect: Effect.ALLOW,
        principals: [cloudWatch()],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account, 'kms:EncryptionContext:aws:sns:topicArn': topicArns },
        },
      }),
    );
    return key;
  }

  /** One severity's alarm or message topic, which only its own alarms may publish to, and its ARN as an output. */
  private severityTopic(props: AlarmTopicProps, severity: Severity, messages: boolean): Topic {
    const stack = Stack.of(this);
    const id = `${severity === 'page' ? '' : 'Warn'}${messages ? 'Messages' : ''}Topic`;
    const created = new Topic(this, id, {
      topicName: topicName(props.prefix, severity, messages),
      displayName: `Okta synthetics: ${severity === 'page' ? 'page' : 'warning'}`,
      masterKey: this.key,
      enforceSSL: true,
    });
    const publishers = messages ? props.publishers[severity].messages : props.publishers[severity].alarms;
    if (publishers.length > 0) {
      created.addToResourcePolicy(
        new PolicyStatement({
          sid: 'CloudWatchAlarmsPublish',
          effect: Effect.ALLOW,
          principals: [cloudWatch()],
          actions: ['sns:Publish'],
          resources: [created.topicArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnEquals: {
              'aws:SourceArn': publishers.map((name) =>
                stack.formatArn({
                  service: 'cloudwatch',
                  resource: 'alarm',
                  resourceName: name,
                  arnFormat: ArnFormat.COLON_RESOURCE_NAME,
                }),
              ),
            },
          },
        }),
      );
    }
    new CfnOutput(this, `${id}Arn`, {
      description: messages
        ? `${severity === 'page' ? 'Pages' : 'Warnings'} as people read them, with the diagnosis (e-mail, ` +
          `chat); subscribe more people here`
        : severity === 'page'
          ? 'Pages as CloudWatch alarm JSON (a server or the probe is down); subscribe PagerDuty, Opsgenie ' +
            'or a webhook here'
          : 'Warnings as CloudWatch alarm JSON (capacity, clock, minor status, lost runs); subscribe a ' +
            'ticket queue or webhook here',
      value: created.topicArn,
    });
    return created;
  }
}

/** Confused-deputy guard: only this account's CloudWatch, only for this deployment's topics and alarms. */
function cloudWatch(): ServicePrincipal {
  return new ServicePrincipal('cloudwatch.amazonaws.com');
}

function topicName(prefix: string, severity: Severity, messages: boolean): string {
  return `${prefix}-${severity}${messages ? '-messages' : ''}`;
}
