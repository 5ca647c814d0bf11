// The bucket of failed checks' sanitized HTTP traces: encrypted, never public, TLS only, not replicated, each trace
// expiring after harRetentionDays; the probe may put objects under har/ and nothing else; harRetentionDays null: no
// bucket, no variable, no grant.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { exampleConfig, resources, synthTemplate } from './helpers';

const s3Grants = (template: Template) =>
  resources(template, 'AWS::IAM::Policy')
    .flatMap(
      ([, r]) => (r.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
    )
    .filter((st) => JSON.stringify(st.Action).includes('s3:'));

describe('the trace bucket', () => {
  it('is encrypted, blocks public access, refuses plain http, has no replication, and expires traces', () => {
    const template = synthTemplate({ ...exampleConfig(), harRetentionDays: 30 });
    const [[, bucket] = ['', { Properties: {} }]] = resources(template, 'AWS::S3::Bucket');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' })] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(bucket.Properties.ReplicationConfiguration).toBeUndefined();
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('is named to the probe by HAR_BUCKET, which may only put objects under har/', () => {
    const template = synthTemplate(exampleConfig());
    const [[bucketId] = ['']] = resources(template, 'AWS::S3::Bucket');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ HAR_BUCKET: { Ref: bucketId } }) },
    });
    const grants = s3Grants(template);
    expect(grants.map((st) => st.Action)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(grants[0]?.Resource)).toBe(
      JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/har/*']] }),
    );
    // The default keeps two weeks.
    const [[, bucket] = ['', { Properties: {} }]] = resources(template, 'AWS::S3::Bucket');
    expect(JSON.stringify(bucket.Properties.LifecycleConfiguration)).toContain('"ExpirationInDays":14');
  });

  it('harRetentionDays null: no bucket, no variable, no grant', () => {
    const template = synthTemplate({ ...exampleConfig(), harRetentionDays: null });
    expect(resources(template, 'AWS::S3::Bucket')).toEqual([]);
    expect(s3Grants(template)).toEqual([]);
    const env = resources(template, 'AWS::Lambda::Function').map(([, r]) => JSON.stringify(r.Properties.Environment));
    expect(env.some((e) => e.includes('HAR_BUCKET'))).toBe(false);
  });
});
