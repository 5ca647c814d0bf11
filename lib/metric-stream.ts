// The namespace's metrics, streamed where SREs already look (metricStream: Datadog, Splunk, New Relic, Dynatrace or an
// https receiver such as Grafana Cloud): a CloudWatch Metric Stream filtered to the product's namespace alone, to an
// Amazon Data Firehose stream whose destination's key Firehose reads from Secrets Manager at delivery (never written
// into the template), with what fails delivery kept in a private bucket. Nothing here touches the probe or its
// bundle. Why streams and not a poller, and each destination's format: docs/decisions/metric-export.md.
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnMetricStream } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import { LogGroup, LogStream, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type Bucket, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { privateBucket } from './private-bucket';
import { Validations } from 'aws-cdk-lib';
import { AlarmStateRules } from './alarm-state-stream';
import {
  alarmStatesRoute,
  alarmStatesStreamName,
  METRIC_STREAM_DESTINATION_SPECS,
  metricStreamName,
  PERCENTILE_METRICS,
  STREAMED_PERCENTILES,
  type MetricStreamSettings,
} from '../functions/config/metric-stream';

/** How Firehose batches, retries and keeps what failed. */
export const METRIC_DELIVERY = {
  /**
   * Seconds and MB Firehose buffers before a delivery: CloudWatch's least (60 s, 1 MB), with which "the expected
   * latency is within 3 minutes" (CloudWatch user guide, "Set up a metric stream").
   */
  bufferSeconds: 60,
  bufferMb: 1,
  /** Seconds Firehose retries a refused delivery before the batch goes to the bucket. */
  retrySeconds: 300,
  /** Days a failed batch stays in the bucket: time to notice the delivery errors and replay it. */
  failedRetentionDays: 14,
} as const;

/** The log streams of Firehose's delivery errors: the metrics', and the alarm states' when they have their own. */
const DELIVERY_LOG_STREAM = 'delivery';
const ALARM_STATES_LOG_STREAM = 'alarm-states';

interface ProbeMetricStreamProps {
  readonly prefix: string;
  /** The product's namespace: the stream's only filter. */
  readonly namespace: string;
  readonly settings: MetricStreamSettings;
  /** Every alarm the stack deploys: their state changes go to the destination where it takes them. */
  readonly alarmNames: readonly string[];
}

/** Where one Firehose stream delivers: the HTTP endpoint or HEC address, and the bucket's prefix for what failed. */
interface DeliveryTarget {
  readonly url: string;
  readonly name: string;
  readonly failedPrefix: string;
  readonly logStreamName: string;
}

export class ProbeMetricStream extends Construct {
  readonly stream: CfnMetricStream;
  readonly deliveryStream: CfnDeliveryStream;
  readonly bucket: Bucket;
  /** Firehose's role: the bucket's writes, the one secret, its log streams. */
  readonly deliveryRole: Role;
  /** The metric stream's role: PutRecord and PutRecordBatch on the one Firehose stream. */
  readonly streamRole: Role;
  /** The alarm states' own Firehose stream, where the metrics' destination cannot take them (Datadog). */
  readonly alarmStatesDeliveryStream?: CfnDeliveryStream;
  /** The rules sending the alarms' state changes to Firehose; none where the destination takes none. */
  readonly alarmStates?: AlarmStateRules;

  constructor(scope: Construct, id: string, props: ProbeMetricStreamProps) {
    super(scope, id);
    const { prefix, settings } = props;
    const name = metricStreamName(prefix);
    const route = alarmStatesRoute(settings);
    this.bucket = this.failedDeliveries();
    const logs = new LogGroup(this, 'DeliveryLogs', {
      logGroupName: `/aws/kinesisfirehose/${name}`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const logStreams = [DELIVERY_LOG_STREAM, ...(route?.via === 'own-stream' ? [ALARM_STATES_LOG_STREAM] : [])];
    this.deliveryRole = this.firehoseRole(settings.secret, logs, logStreams);
    const spec = METRIC_STREAM_DESTINATION_SPECS[settings.to];
    this.deliveryStream = this.firehoseStream('DeliveryStream', name, settings, logs, {
      url: settings.deliveryUrl,
      name: spec.title,
      failedPrefix: 'failed/',
      logStreamName: DELIVERY_LOG_STREAM,
    });
    // Trusted without a condition, as AWS documents it (CloudWatch user guide, "Trust between CloudWatch and
    // Firehose": Principal streams.metrics.cloudwatch.amazonaws.com, no Condition). AWS documents no aws:SourceArn or
    // aws:SourceAccount for this principal: a key it does not send would refuse every AssumeRole and stop the stream
    // in silence. Only a metric stream of this account can name the role (PutMetricStream needs iam:PassRole, which
    // passes no role of another account): docs/decisions/metric-export.md, and how to prove it on an account.
    this.streamRole = new Role(this, 'StreamRole', {
      assumedBy: new ServicePrincipal('streams.metrics.cloudwatch.amazonaws.com'),
      description: `okta-synthetics metric stream (${prefix}): PutRecord and PutRecordBatch on ${name} only`,
    });
    this.streamRole.addToPolicy(
      new PolicyStatement({
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        resources: [this.deliveryStream.attrArn],
      }),
    );
    this.stream = this.metricStream(name, props.namespace, settings);
    if (route === null) return;
    if (route.via === 'own-stream') {
      this.alarmStatesDeliveryStream = this.firehoseStream(
        'AlarmStatesDeliveryStream',
        alarmStatesStreamName(prefix),
        settings,
        logs,
        {
          url: route.url,
          name: `${spec.title} logs`,
          failedPrefix: 'failed-alarm-states/',
          logStreamName: ALARM_STATES_LOG_STREAM,
        },
      );
    }
    this.alarmStates = new AlarmStateRules(this, 'AlarmStates', {
      prefix,
      alarmNames: props.alarmNames,
      deliveryStream: this.alarmStatesDeliveryStream ?? this.deliveryStream,
    });
  }

  /** One Firehose stream, its delivery errors logged in a stream of `logs` made for it. */
  private firehoseStream(
    id: string,
    streamName: string,
    settings: MetricStreamSettings,
    logs: LogGroup,
    target: DeliveryTarget,
  ): CfnDeliveryStream {
    // Firehose writes its delivery errors to a stream that must exist; named here, the role's grant can name it too.
    const logStream = new LogStream(this, id === 'DeliveryStream' ? 'DeliveryLogStream' : `${id}Logs`, {
      logGroup: logs,
      logStreamName: target.logStreamName,
    });
    const stream = new CfnDeliveryStream(this, id, {
      deliveryStreamName: streamName,
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
      ...this.destination(settings, target, { logGroupName: logs.logGroupName, logStreamName: target.logStreamName }),
    });
    stream.node.addDependency(logStream);
    // The policy before the stream: Firehose checks its role's rights when the stream is created.
    stream.node.addDependency(this.deliveryRole);
    return stream;
  }

  /**
   * The namespace's metric stream. The latencies' percentiles too: from Minimum, Maximum, Sum and SampleCount alone
   * the destination can neither draw the dashboards' p50 and p90 nor evaluate the latency alarm's p90.
   */
  private metricStream(name: string, namespace: string, settings: MetricStreamSettings): CfnMetricStream {
    const stream = new CfnMetricStream(this, 'Stream', {
      name,
      firehoseArn: this.deliveryStream.attrArn,
      roleArn: this.streamRole.roleArn,
      outputFormat: settings.outputFormat,
      // The product's namespace only: every other metric of the account stays where it is, and unbilled.
      includeFilters: [{ namespace }],
      statisticsConfigurations: [
        {
          additionalStatistics: [...STREAMED_PERCENTILES],
          includeMetrics: PERCENTILE_METRICS.map((metricName) => ({ namespace, metricName })),
        },
      ],
    });
    stream.node.addDependency(this.streamRole);
    return stream;
  }

  /** Batches the destination refused after every retry: private, encrypted, TLS only, gone after two weeks. */
  private failedDeliveries(): Bucket {
    // A bucket holding objects cannot be deleted by CloudFormation; its objects expire all the same.
    return privateBucket(this, 'FailedDeliveries', {
      expire: { ruleId: 'expire-failed-deliveries', days: METRIC_DELIVERY.failedRetentionDays },
      noAccessLogsBecause:
        'Server access logs of a bucket only Firehose writes to, holding metric batches the destination refused, ' +
        'expiring in two weeks: CloudTrail data events cover who read one where an account needs that.',
    });
  }

  /**
   * Firehose's role, and nothing more than it delivers with: writes to the bucket (no read, list or delete), the one
   * secret by its name (Secrets Manager appends six random characters to a secret's ARN: `-??????` matches them and
   * nothing longer, as AWS documents for a grant by name), and its own log streams.
   */
  private firehoseRole(secret: string, logs: LogGroup, logStreamNames: readonly string[]): Role {
    const stack = Stack.of(this);
    const role = new Role(this, 'DeliveryRole', {
      assumedBy: new ServicePrincipal('firehose.amazonaws.com', {
        // Firehose's guidance against the confused deputy: only a stream of this account assumes the role.
        conditions: { StringEquals: { 'sts:ExternalId': stack.account } },
      }),
      description: `okta-synthetics metric delivery: writes to its bucket, reads the secret ${secret}, its log stream`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    role.addToPolicy(new PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [this.bucket.bucketArn] }));
    role.addToPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secretGrantArn(stack, secret)],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:PutLogEvents'],
        resources: logStreamNames.map((logStreamName) =>
          stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: `${logs.logGroupName}:log-stream:${logStreamName}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ),
      }),
    );
    const bucketId = stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason: 'Firehose names each object it writes (a time-based key): PutObject on the bucket, nothing else.',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${asNagNamesIt(stack, secretGrantArn(stack, secret))}]`,
      reason:
        "The one secret by its name: `-??????` is Secrets Manager's six-character suffix, which the name alone " +
        'cannot know before the secret exists.',
    });
    return role;
  }

  /** The destination's part of the Firehose stream: an HTTP endpoint, or Firehose's Splunk (HEC) destination. */
  private destination(
    settings: MetricStreamSettings,
    target: DeliveryTarget,
    logging: { readonly logGroupName: string; readonly logStreamName: string },
  ): Partial<ConstructorParameters<typeof CfnDeliveryStream>[2]> {
    const spec = METRIC_STREAM_DESTINATION_SPECS[settings.to];
    const cloudWatchLoggingOptions = { enabled: true, ...logging };
    const s3Configuration = {
      bucketArn: this.bucket.bucketArn,
      roleArn: this.deliveryRole.roleArn,
      compressionFormat: 'GZIP',
      prefix: target.failedPrefix,
      errorOutputPrefix: 'errors/',
      bufferingHints: { intervalInSeconds: METRIC_DELIVERY.bufferSeconds, sizeInMBs: METRIC_DELIVERY.bufferMb },
    };
    // The key: read by Firehose from Secrets Manager at delivery, so no AccessKey or HECToken is ever written here.
    const secretsManagerConfiguration = {
      enabled: true,
      secretArn: secretArn(Stack.of(this), settings.secret),
      roleArn: this.deliveryRole.roleArn,
    };
    const bufferingHints = { intervalInSeconds: METRIC_DELIVERY.bufferSeconds, sizeInMBs: METRIC_DELIVERY.bufferMb };
    const retryOptions = { durationInSeconds: METRIC_DELIVERY.retrySeconds };
    if (spec.firehose === 'splunk') {
      return {
        splunkDestinationConfiguration: {
          hecEndpoint: target.url,
          // JSON records, one metric update or alarm state a line: the raw endpoint splits them into events.
          hecEndpointType: 'Raw',
          s3BackupMode: 'FailedEventsOnly',
          s3Configuration,
          secretsManagerConfiguration,
          bufferingHints,
          retryOptions,
          cloudWatchLoggingOptions,
        },
      };
    }
    return {
      httpEndpointDestinationConfiguration: {
        endpointConfiguration: { url: target.url, name: target.name },
        requestConfiguration: requestConfiguration(settings),
        roleArn: this.deliveryRole.roleArn,
        s3BackupMode: 'FailedDataOnly',
        s3Configuration,
        secretsManagerConfiguration,
        bufferingHints,
        retryOptions,
        cloudWatchLoggingOptions,
      },
    };
  }
}

/** How Firehose posts: gzipped; to Dynatrace's one intake, the environment named by dt-url. */
function requestConfiguration(
  settings: MetricStreamSettings,
): CfnDeliveryStream.HttpEndpointRequestConfigurationProperty {
  if (settings.to !== 'dynatrace') return { contentEncoding: 'GZIP' };
  return {
    contentEncoding: 'GZIP',
    // Dynatrace's own metric streams templates send these two attributes.
    commonAttributes: [
      { attributeName: 'dt-url', attributeValue: settings.endpointUrl },
      { attributeName: 'require-valid-certificate', attributeValue: 'true' },
    ],
  };
}

/**
 * The secret's partial ARN, by its name in the stack's account and region (Firehose reads a secret of its own region
 * only: SecretsManagerConfiguration, "It must be in the same region as the Firehose stream").
 */
function secretArn(stack: Stack, name: string): string {
  return stack.formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: name,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * A resource as cdk-nag names it in a finding: the ARN's literal parts, and `<AWS::AccountId>` for a pseudo
 * parameter's Ref. Resolved, not written out: with cdk.json's partition literals the partition and a known region are
 * literal, without them Refs.
 */
function asNagNamesIt(stack: Stack, arn: string): string {
  const resolved: unknown = stack.resolve(arn);
  if (typeof resolved === 'string') return resolved;
  const [, parts] = (resolved as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts.map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`)).join('');
}

/** The grant's resource: the partial ARN and Secrets Manager's six-character suffix. */
function secretGrantArn(stack: Stack, name: string): string {
  return `${secretArn(stack, name)}-??????`;
}
