// Real users' sign-ins from Okta's Log Streaming to Amazon EventBridge (userSignIns.eventSource), for orgs whose
// sign-ins outgrow two pages of /api/v1/logs a run: the partner event bus of the source Okta created, a rule on it for
// the event types the user-sign-ins check judges (the contract's list, the polling filter's), an encrypted queue with
// a dead-letter queue, and the aggregator that drains it in batches into a table of per-minute tallies, which the
// probe reads instead of polling. With "provisioning", the same rule matches the provisioning event types too (the
// contract's list, the polling filter's) and the same aggregator stores each one reduced (its user hashed under the
// ledger's key, which it may read then and only then), where the probe reads them, polling the log only to fill what
// the stream lost (docs/provisioning.md). Only in the stack that deploys the home region: a partner event source lives
// in the one account and region the admin named in Okta.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { CfnEventBus, EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Function as LambdaFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { LoadedConfig } from '../functions/config/parse';
import {
  AGGREGATOR_MEMORY_MB,
  SIGN_IN_TALLIES_TABLE,
  SIGN_IN_TALLIES_TABLE_ENV,
  signInsDeadLetterQueueName,
  signInTalliesTableName,
} from '../functions/contract';
import {
  signInEventSource,
  signInsPattern,
  signInsRuleGroups,
  signInsRuleName,
} from '../functions/plan/event-patterns';
import { aggregatorEnvironment } from '../functions/plan/stream-environment';
import { deadLetterQueue, expiringTable, stackFunction } from './lambda-defaults';

/** The aggregator's batching, as SqsEventSource takes it: see STREAM in docs/user-sign-ins.md. */
export const STREAM = {
  /** Messages a batch holds at most (SQS standard queues: up to 10,000 with a batching window). */
  batchSize: 10_000,
  /** Seconds the event source mapping gathers a batch, at most (AWS allows up to 300). */
  maxBatchingWindowSeconds: 60,
  /** The aggregator's timeout, seconds. */
  timeoutSeconds: 60,
  /** Deliveries of a message before it goes to the dead-letter queue. */
  maxReceiveCount: 5,
} as const;

/**
 * The queue's visibility timeout, seconds: Lambda's guidance for an SQS event source, at least six times the function's
 * timeout, plus the batching window.
 */
export const STREAM_VISIBILITY_SECONDS = 6 * STREAM.timeoutSeconds + STREAM.maxBatchingWindowSeconds;

interface SignInStreamProps {
  readonly config: LoadedConfig;
  /** The probe, which reads the tallies (Query) and is told the table's name. */
  readonly probe: IFunction & { addEnvironment(key: string, value: string): unknown };
  /**
   * The provisioning ledger's hashing key, when the probe judges provisioning: the stream carries its events too.
   * @default undefined: no provisioning events are stored, and the aggregator reads no secret
   */
  readonly provisioningKey?: ISecret;
}

export { signInEventSource } from '../functions/plan/event-patterns';

export class SignInStream extends Construct {
  readonly table: Table;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly function: LambdaFunction;
  /** The rules on the partner bus: one, or more when the event types do not fit one pattern. */
  readonly rules: readonly Rule[];

  constructor(scope: Construct, id: string, props: SignInStreamProps) {
    super(scope, id);
    const { prefix } = props.config.deploy;
    const source = signInEventSource(props.config);
    if (source === undefined) throw new Error('SignInStream: no userSignIns.eventSource in the config');
    this.table = this.talliesTable(prefix);
    this.deadLetterQueue = deadLetterQueue(this, signInsDeadLetterQueueName(prefix), "the sign-ins' queue");
    this.queue = new Queue(this, 'Queue', {
      queueName: `${prefix}-sign-ins`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(STREAM_VISIBILITY_SECONDS),
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: STREAM.maxReceiveCount },
    });
    // EventBridge: a partner event bus's name must be the partner event source's (CreateEventBus, EventSourceName).
    const bus = new CfnEventBus(this, 'PartnerBus', { name: source, eventSourceName: source });
    const provisioning = props.provisioningKey !== undefined;
    const eventBus = EventBus.fromEventBusName(this, 'Bus', bus.attrName);
    // One rule per group of event types: userSignIns.eventSource, provisioning and integrationHealth together passed
    // EventBridge's 2,048 characters in one pattern (event-patterns.ts). The first keeps the rule's id and name.
    const groups = signInsRuleGroups(props.config, provisioning);
    this.rules = groups.map(
      (eventTypes, index) =>
        new Rule(this, `SignIns${index === 0 ? '' : index + 1}`, {
          ruleName: signInsRuleName(prefix, index),
          // What it carries, as the pattern does: a console reader sees the provisioning events are on it too.
          description:
            `okta-synthetics: Okta's sign-in${provisioning ? ' and provisioning' : ''} events, to the aggregator's ` +
            `queue${groups.length > 1 ? ` (part ${index + 1} of ${groups.length})` : ''}`,
          eventBus,
          eventPattern: signInsPattern(eventTypes),
          targets: [new SqsQueue(this.queue)],
        }),
    );
    this.function = this.aggregator(props.config, props.provisioningKey);
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: STREAM.batchSize,
        maxBatchingWindow: Duration.seconds(STREAM.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
    this.table.grant(props.probe, 'dynamodb:Query');
    props.probe.addEnvironment(SIGN_IN_TALLIES_TABLE_ENV, this.table.tableName);
  }

  private talliesTable(prefix: string): Table {
    return expiringTable(
      this,
      'Tallies',
      { tableName: signInTalliesTableName(prefix), ...SIGN_IN_TALLIES_TABLE },
      "Per-minute tallies that expire within the hour: nothing to recover, the next minutes' replace them.",
    );
  }

  /**
   * The aggregator: its own role (its log group, PutItem and Query on the table: it reads the events earlier batches
   * counted before it counts its own; the event source adds the queue's reads).
   */
  private aggregator(config: LoadedConfig, provisioningKey: ISecret | undefined): LambdaFunction {
    const { prefix } = config.deploy;
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${prefix}-sign-ins`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description:
        `okta-synthetics sign-ins aggregator (${prefix}): its log group, its queue, PutItem and Query on ` +
        'its table',
    });
    logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');
    role.addToPolicy(
      new PolicyStatement({ actions: ['dynamodb:PutItem', 'dynamodb:Query'], resources: [this.table.tableArn] }),
    );
    // The ledger's key, to hash streamed provisioning events' users as the probe does: only when it stores them.
    if (provisioningKey !== undefined)
      role.addToPolicy(
        new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [provisioningKey.secretArn] }),
      );
    return stackFunction(this, 'Function', 'sign-ins-aggregator', {
      functionName: `${prefix}-sign-ins`,
      description: `okta-synthetics: tallies Okta's streamed sign-in events per minute for ${prefix}'s probe`,
      memorySize: AGGREGATOR_MEMORY_MB,
      timeout: Duration.seconds(STREAM.timeoutSeconds),
      role,
      logGroup,
      // Counted by plan against Lambda's 4 KB (plan/stream-environment.ts); the table's by the name it is given.
      environment: aggregatorEnvironment(config, provisioningKey !== undefined),
    });
  }
}
