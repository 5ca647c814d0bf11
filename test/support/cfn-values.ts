// A synthesized template's values as a deployment would see them: CloudFormation's intrinsics (Ref, Fn::Join)
// replaced by what they would be in one account and region, for the tests and benches that run the assets as
// Lambda runs them with the template's environment.
export type Cfn = Record<string, unknown> | string | unknown[];

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface CfnPlace {
  readonly account: string;
  readonly region: string;
  readonly resources: Readonly<Record<string, CfnResource>>;
  /**
   * The deployment's other stacks, by stack name, for Fn::GetStackOutput: where each is and its template's outputs.
   * @default none: a template that reads another stack's output is not resolved
   */
  readonly stacks?: Readonly<Record<string, StackOutputs>>;
}

/** Another stack of the deployment as Fn::GetStackOutput reads it: its place and its outputs' values. */
interface StackOutputs {
  readonly place: CfnPlace;
  readonly outputs: Readonly<Record<string, { readonly Value: Cfn }>>;
}

/** A template value with its intrinsics resolved; an intrinsic it does not know is an error, never a guess. */
export function resolveCfn(value: Cfn, place: CfnPlace): string {
  const { account, region, resources } = place;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) throw new Error('unexpected list');
  if ('Ref' in value) {
    const ref = String(value.Ref);
    if (ref === 'AWS::Region') return region;
    if (ref === 'AWS::AccountId') return account;
    if (ref === 'AWS::Partition') return 'aws';
    if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
    const resource = resources[ref];
    if (resource?.Type === 'AWS::SNS::Topic')
      return `arn:aws:sns:${region}:${account}:${String(resource.Properties?.TopicName)}`;
    if (resource?.Type === 'AWS::Logs::LogGroup') return String(resource.Properties?.LogGroupName);
    if (resource?.Type === 'AWS::S3::Bucket') return bucketName(ref, resource);
    return `fake-${ref}`;
  }
  if ('Fn::GetAtt' in value) {
    const [ref = '', attribute] = value['Fn::GetAtt'] as [string, string];
    const resource = resources[ref];
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html: Arn is
    // arn:aws:s3:::bucket, with neither region nor account.
    if (resource?.Type === 'AWS::S3::Bucket' && attribute === 'Arn') return `arn:aws:s3:::${bucketName(ref, resource)}`;
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html: Arn is
    // arn:aws:sqs:<region>:<account>:<queue name>.
    if (resource?.Type === 'AWS::SQS::Queue' && attribute === 'Arn')
      return `arn:aws:sqs:${region}:${account}:${String(resource.Properties?.QueueName)}`;
    throw new Error(`unresolved intrinsic ${JSON.stringify(value)}`);
  }
  if ('Fn::GetStackOutput' in value) {
    // The value of an output of another stack, in its Region, which defaults to the consuming stack's (CloudFormation
    // template reference, Fn::GetStackOutput: it "returns the value of an output from another stack").
    const { StackName, OutputName, Region } = value['Fn::GetStackOutput'] as Record<string, string | undefined>;
    const stack = place.stacks?.[StackName ?? ''];
    const output = stack?.outputs[OutputName ?? ''];
    if (stack === undefined || output === undefined || stack.place.region !== (Region ?? region))
      throw new Error(`no output ${String(OutputName)} of stack ${String(StackName)} in ${Region ?? region}`);
    return resolveCfn(output.Value, stack.place);
  }
  if ('Fn::Join' in value) {
    const [separator, parts] = value['Fn::Join'] as [string, Cfn[]];
    return parts.map((part) => resolveCfn(part, place)).join(separator);
  }
  throw new Error(`unresolved intrinsic ${JSON.stringify(value)}`);
}

/**
 * A bucket's name: its BucketName, or the lower-case name CloudFormation generates for one without (the stack, the
 * logical id and a suffix, at most 63 characters).
 */
function bucketName(ref: string, resource: CfnResource): string {
  const given = resource.Properties?.BucketName;
  return typeof given === 'string' ? given : `okta-synthetics-${ref}-fake`.toLowerCase().slice(0, 63);
}
