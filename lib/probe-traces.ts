// The failed checks' sanitized HTTP traces (HAR) for a case with Okta Support: a private bucket the probe (and the
// browser function) may only put objects into, under har/.
import { Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HAR_BUCKET_ENV, HAR_KEY_PREFIX } from '../functions/contract';
import { privateBucket } from './private-bucket';

interface ProbeTracesProps {
  /** The probe, which writes the traces. */
  readonly function: LambdaFunction;
  /** Days a trace is kept (harRetentionDays). */
  readonly days: number;
}

/**
 * The traces' bucket. Made in `scope` (the ProbeFunction), not in this construct: its logical id stays the one it had
 * before the split, so a deployed stack keeps its bucket (docs/decisions/construct-library.md).
 */
export class ProbeTraces extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: ProbeTracesProps) {
    super(scope, id);
    this.bucket = traceBucket(scope, props.function, props.days);
  }
}

/**
 * The bucket for each failed check's sanitized HTTP trace (HAR), for a case with Okta Support: encrypted, never
 * public, TLS only, not replicated, each trace expiring after `days`. The probe may put objects under har/ and do
 * nothing else with it; people read the traces with their own access. Kept when the stack is deleted (a bucket
 * with objects cannot be deleted by CloudFormation); its traces expire all the same.
 */
function traceBucket(scope: Construct, fn: LambdaFunction, days: number): Bucket {
  const bucket = privateBucket(scope, 'HttpTraces', {
    expire: { ruleId: 'expire-traces', days },
    noAccessLogsBecause:
      'Server access logs of a bucket that only the probe writes to, under one prefix, with traces that expire ' +
      'in days: CloudTrail data events cover who read a trace where an account needs that.',
  });
  grantTraces(bucket, fn);
  return bucket;
}

/**
 * Lets `fn` put traces under the bucket's har/ prefix, and nothing else of it, and names the bucket in its
 * environment: the probe's, and the browser function's (a failed page's screenshot and page trace beside its HAR).
 */
export function grantTraces(bucket: Bucket, fn: LambdaFunction): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`${HAR_KEY_PREFIX}*`)],
    }),
  );
  fn.addEnvironment(HAR_BUCKET_ENV, bucket.bucketName);
  const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnBucket);
  if (fn.role !== undefined) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${HAR_KEY_PREFIX}*]`,
      reason:
        "s3:PutObject under the trace bucket's har/ prefix only: each trace is a new object whose key the run " +
        'names (its time, server and check).',
    });
  }
}
