// The stack's private buckets (the HTTP traces, the status page, the metric stream's failed deliveries) share one
// shape: S3-managed encryption, every public access blocked, TLS only, ACLs off, unversioned, incomplete uploads
// aborted after a day, and kept when the stack is deleted (CloudFormation cannot delete a bucket that holds objects,
// and emptying it would take a custom resource's Lambda). Each user passes only what differs.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** What differs between the stack's private buckets. */
interface PrivateBucketProps {
  /**
   * Days after which objects expire, with the lifecycle rule's id.
   * @default objects never expire (only incomplete uploads are aborted)
   */
  readonly expire?: { readonly ruleId: string; readonly days: number };
  /**
   * Why the bucket keeps no server access logs (cdk-nag AwsSolutions-S1), in words an auditor reads.
   * @default the finding is left to cdk-nag, which fails the synth
   */
  readonly noAccessLogsBecause?: string;
}

/** One private bucket of the stack, in `scope` under `id`. */
export function privateBucket(scope: Construct, id: string, props: PrivateBucketProps = {}): Bucket {
  const bucket = new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    // Origin access control needs it ("you must set Amazon S3 Object Ownership to Bucket owner enforced"), and no
    // bucket of ours wants ACLs.
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: false,
    lifecycleRules: [
      props.expire === undefined
        ? { id: 'abort-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }
        : {
            id: props.expire.ruleId,
            expiration: Duration.days(props.expire.days),
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  if (props.noAccessLogsBecause !== undefined)
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: props.noAccessLogsBecause });
  return bucket;
}
