// Unit prices the cost command multiplies: us-east-1 list prices, read 2026-11-21. One table, so a price
// change is one line and every estimate, test and BENCHMARKS.md row moves with it. Free tiers are noted,
// not subtracted, except where the allowance is part of the service's own price sheet (SNS e-mail,
// EventBridge Scheduler): an estimate that leans on the account-wide free tier flatters us against peers
// that are priced at list, so we do not.

/** A unit price in US dollars for one `per` units of what `unit` names. */
export interface UnitPrice {
  readonly usd: number;
  /** How many units `usd` buys (1 for per-unit prices, 1,000 for "per 1,000 requests"...). */
  readonly per: number;
  readonly unit: string;
  /** Units per month that cost nothing, when the allowance belongs to the price itself. */
  readonly freePerMonth?: number;
  readonly source: string;
}

export const PRICES = {
  /** Custom metric (one name + dimension set), first 10,000 metrics. Free tier: 10 metrics (not subtracted). */
  customMetric: {
    usd: 0.3,
    per: 1,
    unit: 'metric-month',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  /**
   * Standard-resolution alarm, per metric it evaluates (a math-expression alarm pays for each metric in it). Free
   * tier: 10 alarm metrics (not subtracted).
   */
  standardAlarmMetric: {
    usd: 0.1,
    per: 1,
    unit: 'alarm metric-month',
    source:
      'https://aws.amazon.com/cloudwatch/pricing/ (confirmed by ' +
      'https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm)',
  },
  /**
   * High-resolution alarm (a 10, 20 or 30 s period), per metric it evaluates: what sub-minute probing would need
   * for its page alarms (the alternative rejected in docs/performance.md).
   */
  highResolutionAlarmMetric: {
    usd: 0.3,
    per: 1,
    unit: 'alarm metric-month',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  /** Composite alarm; the alarms it references are billed on their own. */
  compositeAlarm: {
    usd: 0.5,
    per: 1,
    unit: 'alarm-month',
    source:
      'https://aws.amazon.com/cloudwatch/pricing/ (confirmed by ' +
      'https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm)',
  },
  /**
   * Dashboard. The first 3 per account are free (up to 50 metrics each); priced anyway, the account may have used them.
   */
  dashboard: {
    usd: 3,
    per: 1,
    unit: 'dashboard-month',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  /** PutMetricData (and other metric API) requests. Free tier: 1M requests (not subtracted). */
  putMetricData: {
    usd: 0.01,
    per: 1000,
    unit: 'request',
    source:
      'https://aws.amazon.com/cloudwatch/pricing/ (rate confirmed by ' +
      'https://support.site24x7.com/portal/en/kb/articles/aws-cloudwatch-metrics-cost-calculation)',
  },
  /** Lambda duration on arm64 (Graviton), first 7.5 billion GB-s. Free tier: 400,000 GB-s (not subtracted). */
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 1,
    unit: 'GB-second',
    source: 'https://aws.amazon.com/lambda/pricing/ (figures from https://cloudchipr.com/blog/aws-lambda-pricing)',
  },
  /**
   * Lambda duration on x86_64, first 6 billion GB-s: the browser journeys' function (Chromium's package ships no arm64
   * binary on npm). Free tier: 400,000 GB-s (not subtracted).
   */
  lambdaX86GbSecond: {
    usd: 0.0000166667,
    per: 1,
    unit: 'GB-second',
    source: 'https://aws.amazon.com/lambda/pricing/ (figures from https://cloudchipr.com/blog/aws-lambda-pricing)',
  },
  /** Lambda requests (same price on both architectures). Free tier: 1M requests (not subtracted). */
  lambdaRequest: {
    usd: 0.2,
    per: 1_000_000,
    unit: 'request',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  /** Secrets Manager secret stored (each replica counts as a secret). */
  secret: {
    usd: 0.4,
    per: 1,
    unit: 'secret-month',
    source:
      'https://aws.amazon.com/secrets-manager/pricing/ (figures from ' +
      'https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms)',
  },
  /** Secrets Manager API calls (GetSecretValue). */
  secretsApiCall: {
    usd: 0.05,
    per: 10_000,
    unit: 'API call',
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
  },
  /**
   * KMS customer managed key that rotates yearly (the stack's keys: the alarm topic's, the journeys' table's), billed
   * at its price from its third year on: $1 a month for the key, and $1 a month more for each of its first two
   * rotations, later rotations free (KMS pricing since May 2024), so $1 in its first year, $2 in its second, $3 after.
   * The figure it settles at is the one billed: an estimate for a stack that stays deployed, never one that flatters
   * it for a year (docs/decisions/kms-key-price.md).
   */
  kmsKey: {
    usd: 3,
    per: 1,
    unit: 'key-month',
    source:
      'https://aws.amazon.com/kms/pricing/ ($1 a key a month; each of the first and second rotations of a key ' +
      'adds $1 a month, prorated hourly; later rotations free: since May 2024)',
  },
  /**
   * KMS requests (Decrypt behind each GetSecretValue, GenerateDataKey behind each encrypted SNS publish). Free tier:
   * 20,000 (not subtracted).
   */
  kmsRequest: {
    usd: 0.03,
    per: 10_000,
    unit: 'request',
    source: 'https://aws.amazon.com/kms/pricing/',
  },
  /** CloudWatch Logs ingestion, standard log class. Free tier: 5 GB (not subtracted). */
  logsIngestGb: {
    usd: 0.5,
    per: 1,
    unit: 'GB ingested',
    source:
      'https://aws.amazon.com/cloudwatch/pricing/ (figures from ' +
      'https://c3x.dev/blog/cloudwatch-logs-cost-optimization)',
  },
  /** CloudWatch Logs storage (archive). */
  logsStoredGbMonth: {
    usd: 0.03,
    per: 1,
    unit: 'GB-month stored',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  /**
   * Logs Insights queries, per GB of log data scanned (the availability report's rejected alternative, BENCHMARKS.md
   * h).
   */
  logsInsightsScannedGb: {
    usd: 0.005,
    per: 1,
    unit: 'GB scanned',
    source:
      'https://aws.amazon.com/cloudwatch/pricing/ (figures from ' +
      'https://c3x.dev/blog/cloudwatch-logs-cost-optimization)',
  },
  /** GetMetricData, per metric requested (the availability report's rejected alternative, BENCHMARKS.md h). */
  getMetricDataMetric: {
    usd: 0.01,
    per: 1000,
    unit: 'metric requested',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  /** SNS e-mail deliveries: 1,000 a month free, then $2 per 100,000. */
  snsEmail: {
    usd: 2,
    per: 100_000,
    unit: 'e-mail',
    freePerMonth: 1000,
    source:
      'https://aws.amazon.com/sns/pricing/ (figures from ' +
      'https://www.factualminds.com/blog/amazon-sns-pricing-publishes-fanout-protocols/)',
  },
  /** EventBridge Scheduler invocations: 14M a month free, then $1 per million. */
  schedulerInvocation: {
    usd: 1,
    per: 1_000_000,
    unit: 'invocation',
    freePerMonth: 14_000_000,
    source:
      'https://aws.amazon.com/eventbridge/pricing/ (figures from https://cloudburn.io/blog/amazon-eventbridge-pricing)',
  },
  /**
   * DynamoDB on-demand write request unit (a write of up to 1 KB): each SAML group app the run checked.
   * The November 2024 price (halved from $1.25).
   */
  dynamoWriteRequest: {
    usd: 0.625,
    per: 1_000_000,
    unit: 'write request unit',
    source:
      'https://aws.amazon.com/dynamodb/pricing/on-demand/ (confirmed by ' +
      'https://airbyte.com/data-engineering-resources/dynamodb-pricing)',
  },
  /**
   * DynamoDB on-demand read request unit: a strongly consistent read of up to 4 KB, or two eventually consistent ones
   * (each group's Query a run).
   */
  dynamoReadRequest: {
    usd: 0.125,
    per: 1_000_000,
    unit: 'read request unit',
    source:
      'https://aws.amazon.com/dynamodb/pricing/on-demand/ (confirmed by ' +
      'https://airbyte.com/data-engineering-resources/dynamodb-pricing)',
  },
  /**
   * NAT gateway data processing, per GB through it (either way), on top of its hourly charge, which the account's NAT
   * bills whatever runs behind it: what a function in `vpc` adds to the NAT the config names.
   */
  natGatewayGb: {
    usd: 0.045,
    per: 1,
    unit: 'GB processed',
    source:
      'https://aws.amazon.com/vpc/pricing/ (NAT gateway: per hour and per GB processed; rate confirmed by ' +
      'https://github.com/chime/terraform-aws-alternat)',
  },
  /** DynamoDB standard table storage. Free tier: 25 GB (not subtracted). */
  dynamoStorage: {
    usd: 0.25,
    per: 1,
    unit: 'GB-month',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  /** SQS requests (the DLQ only sees failed asynchronous invocations). First 1M requests free. */
  sqsRequest: {
    usd: 0.4,
    per: 1_000_000,
    unit: 'request',
    freePerMonth: 1_000_000,
    source: 'https://aws.amazon.com/sqs/pricing/',
  },
  /** EventBridge events published to a bus by a SaaS partner (Okta's Log Streaming), per million. */
  eventBridgePartnerEvent: {
    usd: 1,
    per: 1_000_000,
    unit: 'event',
    source: 'https://aws.amazon.com/eventbridge/pricing/ ("Custom events, partner events: $1.00/million")',
  },
  /** S3 Standard PUT, COPY, POST, LIST requests (the status page's writes after each run), per 1,000. */
  s3PutRequest: {
    usd: 0.005,
    per: 1_000,
    unit: 'PUT request',
    source: 'https://aws.amazon.com/s3/pricing/ (confirmed by https://c3x.dev/blog/s3-request-fees-explained)',
  },
  /** S3 Standard GET and HEAD requests (the model read back each run; each view, CloudFront caching nothing). */
  s3GetRequest: {
    usd: 0.0004,
    per: 1_000,
    unit: 'GET request',
    source: 'https://aws.amazon.com/s3/pricing/ (confirmed by https://c3x.dev/blog/s3-request-fees-explained)',
  },
  /**
   * Data sent from one AWS Region to another, per GB, from US East (N. Virginia) as every price here (dearer from
   * some regions): a Lambda function's is billed at EC2's data transfer rates, here another region's browser function
   * putting its part in the home region's page bucket.
   */
  interRegionDataTransferGb: {
    usd: 0.02,
    per: 1,
    unit: 'GB transferred',
    source:
      'https://aws.amazon.com/ec2/pricing/on-demand/ ("Data Transfer OUT From Amazon EC2 To" another region; ' +
      'confirmed by https://repost.aws/articles/ARjzluyMS8RbeOOK4MGXRG6Q: bytes sent to S3 in another region are ' +
      'billed as EC2 data transfer, "$0.02 per GB transferred" from us-east-1)',
  },
  /**
   * CloudFront HTTPS requests, United States and Europe, per 10,000. Always free tier: 10,000,000 requests a month
   * (not subtracted: the account may serve other distributions).
   */
  cloudFrontHttpsRequest: {
    usd: 0.01,
    per: 10_000,
    unit: 'HTTPS request',
    source: 'https://aws.amazon.com/cloudfront/pricing/',
  },
  /**
   * CloudFront data transfer out to the internet, United States and Europe, first 10 TB. Always free tier: 1 TB a
   * month (not subtracted). Origin fetches from S3 are free.
   */
  cloudFrontDataOut: {
    usd: 0.085,
    per: 1,
    unit: 'GB',
    source: 'https://aws.amazon.com/cloudfront/pricing/ ("First 10TB $0.085")',
  },
  /** CloudFront Functions invocations (the allowlist, every view). Always free tier: 2,000,000 a month. */
  cloudFrontFunctionInvocation: {
    usd: 0.1,
    per: 1_000_000,
    unit: 'invocation',
    source:
      'https://aws.amazon.com/cloudfront/pricing/ (confirmed by https://cur.vantage.sh/aws/amazoncloudfront/: ' +
      '"$0.10 per 1 million invocations")',
  },
  /**
   * CloudWatch Metric Streams, per metric update: one a minute for each metric (name and dimensions) the stream's
   * filter takes that got a value that minute.
   */
  metricStreamUpdate: {
    usd: 0.003,
    per: 1000,
    unit: 'metric update',
    source: 'https://aws.amazon.com/cloudwatch/pricing/ (Metric Streams: "$0.003 per 1,000 metric updates")',
  },
  /**
   * Amazon Data Firehose Direct PUT ingestion, first 500 TB a month, each record rounded up to 5 KB; delivery to an
   * HTTP endpoint or Splunk adds no charge of its own (only delivery into a VPC does).
   */
  firehoseIngestGb: {
    usd: 0.029,
    per: 1,
    unit: 'GB ingested',
    source: 'https://aws.amazon.com/firehose/pricing/ (Direct PUT: $0.029 per GB, records billed in 5 KB increments)',
  },
} as const satisfies Record<string, UnitPrice>;

/**
 * What the same checks cost elsewhere, per run. Only the run price: peers' own extras are left out (in their favour).
 */
export const PEER_PRICES = {
  /**
   * CloudWatch Synthetics canary run. Each run is also billed as a Lambda invocation, S3 artifacts and
   * CloudWatch metrics on top: not counted here. Also in shared/okta-behaviour.md ($51.84 a month at 1/min).
   */
  cloudwatchSynthetics: {
    usd: 0.0012,
    per: 1,
    unit: 'canary run',
    source:
      'https://aws.amazon.com/cloudwatch/pricing/ (rate confirmed by ' +
      'https://blog.mattsbit.co.uk/2023/11/11/aws-synthetics-canaries-when-to-bite-the-bullet/ and ' +
      'https://thomasstep.com/blog/cloudformation-for-creating-canary)',
  },
  /**
   * Datadog API test runs, about $5 per 10,000. Not verified against datadoghq.com/pricing in our search
   * corpus: the figure is from shared/okta-behaviour.md ("Peers").
   */
  datadogApiTest: {
    usd: 5,
    per: 10_000,
    unit: 'API test run',
    source: 'shared/okta-behaviour.md "Peers" (https://www.datadoghq.com/pricing/, not retrievable here)',
  },
  /** Checkly API check runs, $2 per 10,000 (prepaid bundles; overage costs more). */
  checklyApiCheck: {
    usd: 2,
    per: 10_000,
    unit: 'API check run',
    source: 'https://docs.checklyhq.com/docs/monitoring/check-pricing',
  },
} as const satisfies Record<string, UnitPrice>;

/** The date the prices above were read. */
export const PRICES_READ_ON = '2026-11-21';

/** The monthly charge for `quantity` units at `price`, after the allowance that is part of the price. */
export function priceOf(price: UnitPrice, quantity: number): number {
  const billable = Math.max(0, quantity - (price.freePerMonth ?? 0));
  return (billable / price.per) * price.usd;
}
