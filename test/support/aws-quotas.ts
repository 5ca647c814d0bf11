// CloudWatch's, SSM's and DynamoDB's request quotas, as the loopback AWS fake enforces them: a call past the rate
// answers ThrottlingException (DynamoDB: ProvisionedThroughputExceededException) and wrote nothing, a PutMetricData
// past its size is refused whole.
import type { AwsCall, FakeServed } from './aws-fake';
import { itemKey, itemSize, type DynamoItem } from './dynamo-fake';

/**
 * Calls a second, per account and region, as AWS documents them. CloudWatch service quotas
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html): SetAlarmState "3
 * transactions per second (TPS)", DescribeAlarms "9 transactions per second (TPS)". SSM PutParameter: "Parameter
 * Store throughput defines the number of API transactions per second (TPS) ... This applies to GetParameter,
 * GetParameters, and PutParameter" and past it callers "experience ThrottlingException: Rate exceeded errors"
 * (https://docs.aws.amazon.com/cli/latest/reference/ssm/put-parameter.html); 3 TPS at the standard throughput is the
 * figure AWS Support cites (the published quota page, https://docs.aws.amazon.com/general/latest/gr/ssm.html, is
 * the account's authority). A throttled put wrote nothing.
 */
export const CALLS_PER_SECOND: Readonly<Record<string, number>> = {
  'cloudwatch.SetAlarmState': 3,
  'cloudwatch.DescribeAlarms': 9,
  'ssm.PutParameter': 3,
};

/**
 * PutMetricData's bounds (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html):
 * "Each PutMetricData request is limited to 1 MB in size for HTTP POST requests ... Each request is also limited to
 * no more than 1000 different metrics."
 */
export const PUT_METRIC_DATA_MAX_DATUMS = 1000;
export const PUT_METRIC_DATA_MAX_BYTES = 1_048_576;

/**
 * What one partition of a DynamoDB table takes a second, in request units, on demand as provisioned: "each individual
 * partition is limited to 1,000 write units per second and 3,000 read units per second" (DynamoDB developer guide,
 * "Understanding DynamoDB warm throughput in different scenarios"). A write unit is 1 KB of the item written, a
 * strongly consistent read unit 4 KB read (counted here as one a read: the fake's items are small). Past it DynamoDB
 * answers ProvisionedThroughputExceededException, and wrote nothing.
 */
export const DYNAMO_PARTITION_UNITS_PER_SECOND = { write: 1000, read: 3000 } as const;

/** The partition and units of a GetItem or PutItem, or undefined for any other call. */
function dynamoUnits(operation: string, input: Record<string, unknown>): { key: string; units: number } | undefined {
  const item = (
    operation === 'dynamodb.PutItem' ? input.Item : operation === 'dynamodb.GetItem' ? input.Key : undefined
  ) as DynamoItem | undefined;
  if (item === undefined) return undefined;
  const partition = itemKey(item)?.split('|')[0] ?? '';
  const write = operation === 'dynamodb.PutItem';
  return {
    key: `${String(input.TableName)}|${partition}|${write ? 'write' : 'read'}`,
    units: write ? Math.max(1, Math.ceil(itemSize(item) / 1024)) : 1,
  };
}

/**
 * A `serve` step enforcing the quotas: a refusal, or undefined to let the call through. `now` for tests; `limits` read
 * at each call, so a test can stand for an account with Parameter Store's higher throughput (10 TPS, "Higher
 * throughput" in AWS Support's figures) for one case.
 */
export function awsQuotas(
  now: () => number = Date.now,
  limits: Readonly<Record<string, number>> = CALLS_PER_SECOND,
): (call: AwsCall & { readonly region: string }, bodyBytes?: number) => FakeServed | undefined {
  const recent = new Map<string, number[]>();
  /** Each partition's units of the last second, as [time, units]. */
  const partitions = new Map<string, [number, number][]>();
  const partitionThrottle = (key: string, units: number, at: number): FakeServed | undefined => {
    const window = (partitions.get(key) ?? []).filter(([t]) => t > at - 1000);
    const limit = DYNAMO_PARTITION_UNITS_PER_SECOND[key.endsWith('|write') ? 'write' : 'read'];
    if (window.reduce((sum, [, u]) => sum + u, 0) + units > limit) {
      partitions.set(key, window);
      return {
        status: 400,
        type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        message:
          'Throughput exceeds the current capacity for one or more partitions of your table or index. Reduce the ' +
          'frequency of requests and use exponential backoff.',
      };
    }
    window.push([at, units]);
    partitions.set(key, window);
    return undefined;
  };
  return ({ operation, input, region }, bodyBytes) => {
    if (operation === 'cloudwatch.PutMetricData') {
      const datums = (input.MetricData as unknown[] | undefined)?.length ?? 0;
      if (datums > PUT_METRIC_DATA_MAX_DATUMS)
        return {
          status: 400,
          type: 'InvalidParameterValue',
          message: `The collection MetricData must not have a size greater than ${PUT_METRIC_DATA_MAX_DATUMS}.`,
        };
      if ((bodyBytes ?? Buffer.byteLength(JSON.stringify(input))) > PUT_METRIC_DATA_MAX_BYTES)
        return { status: 413, type: 'RequestEntityTooLarge', message: 'Request size exceeded 1048576 bytes' };
    }
    const dynamo = dynamoUnits(operation, input);
    if (dynamo !== undefined) return partitionThrottle(`${region}|${dynamo.key}`, dynamo.units, now());
    const limit = limits[operation];
    if (limit === undefined) return undefined;
    const key = `${region}|${operation}`;
    const at = now();
    const window = (recent.get(key) ?? []).filter((t) => t > at - 1000);
    if (window.length >= limit) {
      recent.set(key, window);
      return { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' };
    }
    window.push(at);
    recent.set(key, window);
    return undefined;
  };
}
