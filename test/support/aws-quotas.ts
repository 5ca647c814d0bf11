// CloudWatch's and SSM's request quotas, as the loopback AWS fake enforces them: a call past the rate answers
// ThrottlingException (and wrote nothing), a PutMetricData past its size is refused whole.
import type { AwsCall, FakeServed } from './aws-fake';

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
 * A `serve` step enforcing the quotas: a refusal, or undefined to let the call through. `now` for tests; `limits` read
 * at each call, so a test can stand for an account with Parameter Store's higher throughput (10 TPS, "Higher
 * throughput" in AWS Support's figures) for one case.
 */
export function awsQuotas(
  now: () => number = Date.now,
  limits: Readonly<Record<string, number>> = CALLS_PER_SECOND,
): (call: AwsCall & { readonly region: string }, bodyBytes?: number) => FakeServed | undefined {
  const recent = new Map<string, number[]>();
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
