// A deploy rehearsal: the stateful resources of a synthesized template created as CloudFormation creates them, in
// the template's dependency order, by the CDK bootstrap's execution role, against the loopback AWS fake (its KMS and
// DynamoDB); then each principal the template names using them as it will at run time. CloudFormation stops at the
// first resource that fails and rolls the stack back: so does the rehearsal, naming the resource and AWS's refusal.
// - Who creates: with the CDK's default synthesizer, CloudFormation acts as the bootstrap's execution role,
//   cdk-hnb659fds-cfn-exec-role-<account>-<region>, which the default bootstrap gives AdministratorAccess (CDK
//   developer guide, "Bootstrapping"; aws-behaviour.md, "KMS keys under AWS resources").
// - In what order: CloudFormation creates a resource after those its Ref, Fn::GetAtt and DependsOn name
//   (CloudFormation user guide, "DependsOn attribute").
// What runs through the fake over its wire protocol: every KMS call CloudFormation's AWS::KMS::Key handler makes on a
// create and an update (keyHandler), the GlobalTable handler's own (DescribeKey, ListAliases, RevokeGrant), DynamoDB
// CreateTable / UpdateTable under a key and the probe's GetItem / PutItem. What the rehearsal judges with the same
// policy evaluation (kms-policy.ts) without a wire call: CloudWatch and the notifier publishing to the encrypted
// topics, EventBridge sending to its queue, the probe writing to the HAR bucket.
import type { IamStatement } from './iam-policy';
import { allows as iamAllows } from './iam-policy';
import { startAwsFake, type AwsFake } from './aws-fake';
import { itemKey, type DynamoItem } from './dynamo-fake';
import {
  callerName,
  kmsDeniedMessage,
  kmsRefusal,
  type KeyPolicy,
  type KmsCaller,
  type KmsRequest,
} from './kms-policy';

type Json = unknown;
/** A rule's target as the template gives it: its resource, its role, its dead-letter queue. */
interface RuleTarget {
  readonly Arn: Json;
  readonly RoleArn?: Json;
  readonly DeadLetterConfig?: { readonly Arn: Json };
}
interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
  readonly DependsOn?: string | readonly string[];
}
export interface RehearsalTemplate {
  readonly Resources: Readonly<Record<string, Resource>>;
}
export interface RehearsalPlace {
  readonly account: string;
  readonly region: string;
}

/** What CloudFormation does with each stateful resource, and whose call it is. */
export const STATEFUL = [
  'AWS::KMS::Key',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
  'AWS::S3::Bucket',
  'AWS::Logs::LogGroup',
  'AWS::Events::EventBus',
] as const;

/** One step the rehearsal took: who did what to which resource. */
export interface RehearsalStep {
  readonly resource: string;
  readonly principal: string;
  readonly action: string;
}

export class RehearsalFailure extends Error {
  constructor(
    readonly resource: string,
    readonly reason: string,
  ) {
    super(`${resource}: ${reason}`);
  }
}

export interface RehearsalOptions {
  /**
   * Tables that exist already (an update of an existing deployment), with their items: CloudFormation updates them
   * (UpdateTable), and their items must still be there after.
   */
  readonly existingTables?: ReadonlyMap<string, readonly DynamoItem[]>;
  /**
   * The template deployed before (an update): its keys are created first, as it created them, and the template's
   * keys of the same logical id are then updated as CloudFormation updates them.
   */
  readonly previous?: RehearsalTemplate;
}

export interface Rehearsal {
  readonly steps: readonly RehearsalStep[];
  /** The fake the rehearsal ran against, closed: its tables, keys and calls, to read. */
  readonly aws: AwsFake;
}

/** The CDK bootstrap's execution role of an account and region (default qualifier). */
export function cdkExecutionRoleArn(place: RehearsalPlace): string {
  return `arn:aws:iam::${place.account}:role/cdk-hnb659fds-cfn-exec-role-${place.account}-${place.region}`;
}

/** AdministratorAccess: "Action": "*" on "Resource": "*" (AWS managed policy reference). */
const ADMINISTRATOR_ACCESS: IamStatement[] = [{ Effect: 'Allow', Action: '*', Resource: '*' }];
const EXEC_KEY = 'AKIDCFNEXECROLE';

/** The template's resources in an order CloudFormation may create them: each after what it refers to. */
export function dependencyOrder(template: RehearsalTemplate): string[] {
  const ids = Object.keys(template.Resources);
  const refs = (value: Json, into: Set<string>): Set<string> => {
    if (Array.isArray(value)) value.forEach((v) => refs(v, into));
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, Json>;
      if (typeof record.Ref === 'string' && record.Ref in template.Resources) into.add(record.Ref);
      const att = record['Fn::GetAtt'];
      if (Array.isArray(att) && typeof att[0] === 'string' && att[0] in template.Resources) into.add(att[0]);
      Object.values(record).forEach((v) => refs(v, into));
    }
    return into;
  };
  const needs = new Map(
    ids.map((id) => {
      const r = template.Resources[id] as Resource;
      const set = refs(r.Properties ?? {}, new Set<string>());
      // A nested stack's own resource is gone from the flattened template: its resources stand in for it.
      for (const d of [r.DependsOn ?? []].flat()) if (d in template.Resources) set.add(d);
      set.delete(id);
      return [id, set];
    }),
  );
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < ids.length) {
    const ready = ids.filter((id) => !done.has(id) && [...(needs.get(id) ?? [])].every((n) => done.has(n)));
    if (ready.length === 0)
      throw new Error(
        `the template has a dependency cycle among ${ids
          .filter((id) => !done.has(id))
          .slice(0, 5)
          .join(', ')}`,
      );
    for (const id of ready) {
      done.add(id);
      order.push(id);
    }
  }
  return order;
}

/** A template value with its intrinsics resolved as they would be in `place` (the fake's names for what AWS names). */
export function resolver(template: RehearsalTemplate, place: RehearsalPlace): (value: Json) => Json {
  const { account, region } = place;
  const name = (id: string, property: string): string => String(template.Resources[id]?.Properties?.[property] ?? id);
  const ref = (id: string): string => {
    if (id === 'AWS::Region') return region;
    if (id === 'AWS::AccountId') return account;
    if (id === 'AWS::Partition') return 'aws';
    if (id === 'AWS::URLSuffix') return 'amazonaws.com';
    const type = template.Resources[id]?.Type;
    if (type === 'AWS::SNS::Topic') return `arn:aws:sns:${region}:${account}:${name(id, 'TopicName')}`;
    if (type === 'AWS::SQS::Queue') return `https://sqs.${region}.amazonaws.com/${account}/${name(id, 'QueueName')}`;
    if (type === 'AWS::Logs::LogGroup') return name(id, 'LogGroupName');
    if (type === 'AWS::S3::Bucket') return name(id, 'BucketName').toLowerCase();
    if (type === 'AWS::DynamoDB::Table' || type === 'AWS::DynamoDB::GlobalTable') return name(id, 'TableName');
    if (type === 'AWS::KMS::Key') return id;
    if (type === 'AWS::Lambda::Function') return name(id, 'FunctionName');
    if (type === 'AWS::IAM::Role') return name(id, 'RoleName');
    return `fake-${id}`;
  };
  const getAtt = (id: string, attribute: string): string => {
    const type = template.Resources[id]?.Type;
    const arn = (service: string, resource: string): string => `arn:aws:${service}:${region}:${account}:${resource}`;
    if (type === 'AWS::IAM::Role' && attribute === 'Arn') return `arn:aws:iam::${account}:role/${name(id, 'RoleName')}`;
    if (type === 'AWS::KMS::Key' && attribute === 'Arn') return arn('kms', `key/${id}`);
    if (type === 'AWS::SQS::Queue' && attribute === 'Arn') return arn('sqs', name(id, 'QueueName'));
    if (type === 'AWS::SQS::Queue' && attribute === 'QueueName') return name(id, 'QueueName');
    if (type === 'AWS::SNS::Topic' && attribute === 'TopicArn') return ref(id);
    if (type === 'AWS::S3::Bucket' && attribute === 'Arn') return `arn:aws:s3:::${ref(id)}`;
    // A log group's Arn ends in ":*" (CloudFormation, AWS::Logs::LogGroup, return values).
    if (type === 'AWS::Logs::LogGroup' && attribute === 'Arn') return arn('logs', `log-group:${ref(id)}:*`);
    if ((type === 'AWS::DynamoDB::Table' || type === 'AWS::DynamoDB::GlobalTable') && attribute === 'Arn')
      return arn('dynamodb', `table/${ref(id)}`);
    if (type === 'AWS::Lambda::Function' && attribute === 'Arn') return arn('lambda', `function:${ref(id)}`);
    if (type === 'AWS::Events::EventBus' && attribute === 'Name') return name(id, 'Name');
    if (type === 'AWS::Events::EventBus' && attribute === 'Arn') return arn('events', `event-bus/${name(id, 'Name')}`);
    if (type === 'AWS::Events::Rule' && attribute === 'Arn') {
      const bus = resolve(template.Resources[id]?.Properties?.EventBusName ?? 'default');
      const rule = name(id, 'Name');
      return arn('events', bus === 'default' ? `rule/${rule}` : `rule/${String(bus)}/${rule}`);
    }
    if (type === 'AWS::CloudWatch::Alarm' && attribute === 'Arn')
      return arn('cloudwatch', `alarm:${name(id, 'AlarmName')}`);
    return `fake-${id}.${attribute}`;
  };
  const resolve = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, Json>;
    if (typeof record.Ref === 'string') return ref(record.Ref);
    const att = record['Fn::GetAtt'];
    if (Array.isArray(att)) return getAtt(String(att[0]), String(att[1]));
    const join = record['Fn::Join'];
    if (Array.isArray(join)) return (resolve(join[1]) as Json[]).map(String).join(String(join[0]));
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolve(v)]));
  };
  return resolve;
}

/** Each role's identity-based statements: the AWS::IAM::Policy documents naming it and its inline policies. */
function roleCallers(
  template: RehearsalTemplate,
  place: RehearsalPlace,
  resolve: (value: Json) => Json,
): Map<string, KmsCaller & { kind: 'role' }> {
  const callers = new Map<string, KmsCaller & { kind: 'role' }>();
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::IAM::Role') continue;
    const inline = ((r.Properties?.Policies ?? []) as { PolicyDocument: { Statement: IamStatement[] } }[]).flatMap(
      (p) => p.PolicyDocument.Statement,
    );
    const attached = Object.values(template.Resources)
      .filter(
        (p) =>
          p.Type === 'AWS::IAM::Policy' &&
          ((p.Properties?.Roles ?? []) as Json[]).some((role) => (role as { Ref?: string }).Ref === id),
      )
      .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: IamStatement[] }).Statement);
    callers.set(id, {
      kind: 'role',
      arn: String(resolve({ 'Fn::GetAtt': [id, 'Arn'] })),
      account: place.account,
      iam: resolve([...inline, ...attached]) as IamStatement[],
    });
  }
  return callers;
}

/** One AWS JSON call to the fake, signed (as far as the fake reads a signature) with `accessKey` for `region`. */
async function awsJson(
  aws: AwsFake,
  accessKey: string,
  region: string,
  target: string,
  body: Record<string, Json>,
): Promise<Record<string, Json>> {
  const service = target.startsWith('TrentService') ? 'kms' : 'dynamodb';
  const response = await fetch(aws.url, {
    method: 'POST',
    headers: {
      'x-amz-target': target,
      'content-type': service === 'kms' ? 'application/x-amz-json-1.1' : 'application/x-amz-json-1.0',
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/20261126/${region}/${service}/aws4_request`,
    },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, Json>;
  if (!response.ok) throw new Error(`${String(answer.__type)}: ${String(answer.message)}`);
  return answer;
}

/**
 * Rehearses the deployment of one stack's template (nested stacks flattened) in `place`. Throws RehearsalFailure at
 * the first resource CloudFormation could not create, or the first use AWS would refuse.
 */
export async function rehearseDeploy(
  template: RehearsalTemplate,
  place: RehearsalPlace,
  options: RehearsalOptions = {},
): Promise<Rehearsal> {
  const resolve = resolver(template, place);
  const roles = roleCallers(template, place, resolve);
  const exec: KmsCaller & { kind: 'role' } = {
    kind: 'role',
    arn: cdkExecutionRoleArn(place),
    account: place.account,
    iam: ADMINISTRATOR_ACCESS,
  };
  const callers = new Map<string, KmsCaller>([[EXEC_KEY, exec]]);
  for (const id of roles.keys()) callers.set(`AKID${id}`, roles.get(id) as KmsCaller);
  const aws = await startAwsFake({ quotas: false, kms: { account: place.account, callers } });
  const steps: RehearsalStep[] = [];
  const { region } = place;
  const step = async (resource: string, principal: string, action: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      throw new RehearsalFailure(resource, `${action} by ${principal}: ${(error as Error).message}`);
    }
    steps.push({ resource, principal, action });
  };
  const keys = keyHandler(async (resource, action, body, soft = false) => {
    const call = () => awsJson(aws, EXEC_KEY, region, `TrentService.${action}`, body);
    // The read handler's "softFailAccessDenied": a refused read of the policy, rotation or tags is no failure, and
    // no step.
    if (
      soft &&
      (await call().then(
        () => false,
        (e: unknown) => String((e as Error).message).startsWith('Access'),
      ))
    )
      return;
    await step(resource, exec.arn, `kms:${action}`, call);
  });
  try {
    for (const [name, items] of options.existingTables ?? new Map<string, readonly DynamoItem[]>())
      aws.dynamoTables.set(name, new Map(items.map((item) => [itemKey(item) ?? '', item])));
    const existingKeys = new Map<string, Record<string, Json>>();
    if (options.previous !== undefined) {
      const before = resolver(options.previous, place);
      for (const id of dependencyOrder(options.previous)) {
        const r = options.previous.Resources[id] as Resource;
        const props = before(r.Properties ?? {}) as Record<string, Json>;
        if (r.Type === 'AWS::DynamoDB::Table' || r.Type === 'AWS::DynamoDB::GlobalTable')
          await table(id, r.Type, props);
        if (r.Type !== 'AWS::KMS::Key') continue;
        await keys.create(id, props);
        existingKeys.set(id, props);
      }
    }
    for (const id of dependencyOrder(template)) {
      const r = template.Resources[id] as Resource;
      if (!(STATEFUL as readonly string[]).includes(r.Type)) continue;
      const props = resolve(r.Properties ?? {}) as Record<string, Json>;
      const was = existingKeys.get(id);
      if (r.Type === 'AWS::KMS::Key') await (was === undefined ? keys.create(id, props) : keys.update(id, was, props));
      else if (r.Type === 'AWS::DynamoDB::Table' || r.Type === 'AWS::DynamoDB::GlobalTable')
        await table(id, r.Type, props);
      else {
        if (r.Type === 'AWS::Logs::LogGroup' && props.KmsKeyId !== undefined) logGroupKey(id, props);
        steps.push({ resource: id, principal: exec.arn, action: `create ${r.Type}` });
      }
    }
    await runTime();
    return { steps, aws };
  } finally {
    await aws.close();
  }

  /** CreateTable, or UpdateTable for a table that exists, with this region's replica's key. */
  async function table(id: string, type: string, props: Record<string, Json>): Promise<void> {
    const name = String(props.TableName);
    let keyId: Json;
    if (type === 'AWS::DynamoDB::GlobalTable') {
      // Each replica names its own region's key (ReplicaSSESpecification: "The key must be created in the same
      // region as the replica"); a stack creates the replica of its own region.
      const replicas = (props.Replicas ?? []) as { Region: string; SSESpecification?: { KMSMasterKeyId?: Json } }[];
      const here = replicas.find((replica) => replica.Region === region);
      if (here === undefined) throw new RehearsalFailure(id, `no replica in ${region}`);
      keyId = here.SSESpecification?.KMSMasterKeyId;
    } else keyId = (props.SSESpecification as { KMSMasterKeyId?: Json } | undefined)?.KMSMasterKeyId;
    const sse =
      keyId === undefined ? {} : { SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: keyId } };
    const update = aws.dynamoTables.has(name);
    if (type === 'AWS::DynamoDB::GlobalTable' && keyId !== undefined) await globalTableKey(id, name, keyId);
    await step(id, exec.arn, update ? 'dynamodb:UpdateTable' : 'dynamodb:CreateTable', () =>
      awsJson(aws, EXEC_KEY, region, `DynamoDB_20120810.${update ? 'UpdateTable' : 'CreateTable'}`, {
        TableName: name,
        ...sse,
      }),
    );
  }

  /**
   * The GlobalTable handler's own KMS calls for a replica under a customer managed key, as the execution role: it
   * describes the key and lists the account's aliases to resolve it (the resource type's handler permissions: create
   * and update "kms:CreateGrant, kms:DescribeKey, kms:ListAliases, kms:Decrypt, kms:RevokeGrant"), and revokes
   * DynamoDB's grants on the key a replica leaves.
   */
  async function globalTableKey(id: string, name: string, keyId: Json): Promise<void> {
    const call = (action: string, body: Record<string, Json>) => () =>
      awsJson(aws, EXEC_KEY, region, `TrentService.${action}`, body);
    await step(id, exec.arn, 'kms:DescribeKey', call('DescribeKey', { KeyId: keyId }));
    await step(id, exec.arn, 'kms:ListAliases', call('ListAliases', {}));
    const left = aws.tableKeys.get(name);
    if (left !== undefined && left !== String(keyId) && !left.endsWith(`/${String(keyId)}`))
      await step(id, exec.arn, 'kms:RevokeGrant', call('RevokeGrant', { KeyId: left, GrantId: 'dynamodb-replica' }));
  }

  /** Every principal the template names using what it was given, as at run time. */
  async function runTime(): Promise<void> {
    await tablesInUse();
    topicsInUse();
    queuesInUse();
    bucketsInUse();
  }

  /**
   * Each role allowed GetItem or PutItem on a table under a key reads and writes an item of its own (the first
   * LeadingKeys value when the grant is held to some), through DynamoDB, with its own access key.
   */
  async function tablesInUse(): Promise<void> {
    for (const [tableName, keyArn] of aws.tableKeys) {
      const tableArn = `arn:aws:dynamodb:${region}:${place.account}:table/${tableName}`;
      for (const [id, role] of roles) {
        const grant = role.iam.find(
          (s) =>
            s.Effect === 'Allow' &&
            [s.Action].flat().includes('dynamodb:PutItem') &&
            [s.Resource].flat().includes(tableArn),
        );
        if (grant === undefined) continue;
        const leading = [grant.Condition?.['ForAllValues:StringEquals']?.['dynamodb:LeadingKeys'] ?? 'item']
          .flat()
          .at(0);
        const item = { journey: { S: String(leading) }, item: { S: 'state' } };
        // IAM first, as AWS authorizes the call before DynamoDB uses the key (iam-policy.ts).
        for (const action of ['dynamodb:PutItem', 'dynamodb:GetItem'])
          if (!iamAllows(role.iam, { action, resource: tableArn, leadingKeys: [String(leading)] }))
            throw new RehearsalFailure(tableName, `${role.arn} is not authorized to perform: ${action} by IAM`);
        await step(tableName, role.arn, `dynamodb:PutItem under ${keyArn}`, () =>
          awsJson(aws, `AKID${id}`, region, 'DynamoDB_20120810.PutItem', { TableName: tableName, Item: item }),
        );
        await step(tableName, role.arn, `dynamodb:GetItem under ${keyArn}`, () =>
          awsJson(aws, `AKID${id}`, region, 'DynamoDB_20120810.GetItem', { TableName: tableName, Key: item }),
        );
      }
    }
  }

  /** A key's policy as created (kmsKeys), by the ARN a template value resolves to. */
  function keyPolicy(keyArn: string): KeyPolicy {
    const key = [...aws.kmsKeys.values()].find((k) => k.arn === keyArn);
    if (key === undefined) throw new Error(`no key ${keyArn}`);
    return key.policy;
  }

  function judge(resource: string, policy: KeyPolicy, request: KmsRequest): void {
    const why = kmsRefusal(policy, request);
    if (why !== undefined) throw new RehearsalFailure(resource, kmsDeniedMessage(request, why));
    const who = callerName(request.caller);
    steps.push({ resource, principal: who, action: `${request.action} on ${request.keyArn}` });
  }

  /** The resource policy statements of a topic or queue (AWS::SNS::TopicPolicy, AWS::SQS::QueuePolicy). */
  function resourcePolicy(type: string, listKey: string, target: string): KeyPolicy {
    const statements = Object.values(template.Resources)
      // A topic or queue policy lists its resources; a bucket policy names one (Bucket is a string, never a list).
      .filter((r) => r.Type === type && [resolve(r.Properties?.[listKey])].flat().includes(target))
      .flatMap((r) => (resolve(r.Properties?.PolicyDocument) as KeyPolicy).Statement);
    return { Statement: statements };
  }

  /**
   * Each alarm that notifies a topic publishes to it as CloudWatch (the topic's policy, then, for an encrypted topic,
   * the key's: SNS's key management guide, "Enable compatibility between event sources from AWS services and
   * encrypted topics", names cloudwatch.amazonaws.com and "kms:Decrypt", "kms:GenerateDataKey*"), and each role
   * allowed sns:Publish on it publishes through SNS with its own permissions on the key. SNS's encryption context
   * names the topic (aws:sns:topicArn).
   */
  function topicsInUse(): void {
    for (const [id, r] of Object.entries(template.Resources)) {
      if (r.Type !== 'AWS::SNS::Topic') continue;
      const topicArn = String(resolve({ Ref: id }));
      const keyArn =
        r.Properties?.KmsMasterKeyId === undefined ? undefined : String(resolve(r.Properties.KmsMasterKeyId));
      const policy = resourcePolicy('AWS::SNS::TopicPolicy', 'Topics', topicArn);
      const context = { encryptionContext: { 'aws:sns:topicArn': topicArn } };
      for (const [alarmId, alarm] of Object.entries(template.Resources)) {
        if (alarm.Type !== 'AWS::CloudWatch::Alarm' && alarm.Type !== 'AWS::CloudWatch::CompositeAlarm') continue;
        const actions = resolve([
          ...((alarm.Properties?.AlarmActions ?? []) as Json[]),
          ...((alarm.Properties?.OKActions ?? []) as Json[]),
        ]) as string[];
        if (!actions.includes(topicArn)) continue;
        const alarmName = String(resolve(alarm.Properties?.AlarmName ?? alarmId));
        const alarmArn = `arn:aws:cloudwatch:${region}:${place.account}:alarm:${alarmName}`;
        const cloudWatch: KmsCaller = { kind: 'service', service: 'cloudwatch.amazonaws.com' };
        const source = { sourceAccount: place.account, sourceArn: alarmArn, secureTransport: true };
        judge(id, policy, { caller: cloudWatch, action: 'sns:Publish', keyArn: topicArn, ...source });
        if (keyArn !== undefined)
          for (const action of ['kms:GenerateDataKey', 'kms:Decrypt'])
            judge(id, keyPolicy(keyArn), { caller: cloudWatch, action, keyArn, ...source, ...context });
      }
      for (const role of roles.values()) {
        if (!iamAllows(role.iam, { action: 'sns:Publish', resource: topicArn })) continue;
        judge(id, policy, {
          caller: role,
          action: 'sns:Publish',
          keyArn: topicArn,
          secureTransport: true,
          iamDecides: true,
        });
        if (keyArn !== undefined)
          for (const action of ['kms:GenerateDataKey', 'kms:Decrypt'])
            judge(id, keyPolicy(keyArn), {
              caller: role,
              action,
              keyArn,
              viaService: `sns.${region}.amazonaws.com`,
              ...context,
            });
      }
    }
  }

  /**
   * A log group under a customer managed key: CloudWatch Logs checks the key when the group is created, as its
   * service principal logs.<region>.amazonaws.com, with the group's ARN as encryption context (CloudWatch Logs user
   * guide, "Encrypt log data in CloudWatch Logs using AWS KMS": the key policy allows "kms:Encrypt*", "kms:Decrypt*",
   * "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*" to "logs.region.amazonaws.com" on the condition
   * "ArnEquals": { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:region:account-id:log-group:log-group-name" }).
   */
  function logGroupKey(id: string, props: Record<string, Json>): void {
    const keyArn = String(props.KmsKeyId);
    const logs: KmsCaller = { kind: 'service', service: `logs.${region}.amazonaws.com` };
    const groupArn = `arn:aws:logs:${region}:${place.account}:log-group:${String(props.LogGroupName)}`;
    for (const action of ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:GenerateDataKey', 'kms:DescribeKey'])
      judge(id, keyPolicy(keyArn), {
        caller: logs,
        action,
        keyArn,
        encryptionContext: { 'aws:logs:arn': groupArn },
        sourceAccount: place.account,
      });
  }

  /**
   * Each EventBridge rule's targets as EventBridge reaches them, as events.amazonaws.com for that rule (aws:SourceArn
   * the rule's ARN, aws:SourceAccount its account): a queue target, and a target's dead-letter queue, through the
   * queue's policy (EventBridge user guide, "Permissions for Amazon SQS" and "Granting permissions to the dead-letter
   * queue"); a target's role through the role's trust policy ("Cross-service confused deputy prevention in Amazon
   * EventBridge": for a rule's target "the value of aws:SourceArn must be the rule ARN"). A queue under SQS-managed
   * encryption needs no key policy.
   */
  function queuesInUse(): void {
    const events: KmsCaller = { kind: 'service', service: 'events.amazonaws.com' };
    for (const [id, r] of Object.entries(template.Resources)) {
      if (r.Type !== 'AWS::Events::Rule') continue;
      const source = { sourceAccount: place.account, sourceArn: String(resolve({ 'Fn::GetAtt': [id, 'Arn'] })) };
      for (const target of (r.Properties?.Targets ?? []) as RuleTarget[]) {
        const queues = [target.Arn, ...(target.DeadLetterConfig === undefined ? [] : [target.DeadLetterConfig.Arn])]
          .map((arn) => String(resolve(arn)))
          .filter((arn) => arn.startsWith('arn:aws:sqs:'));
        for (const arn of queues) eventsSendTo(arn, events, source);
        if (target.RoleArn !== undefined) eventsAssume(String(resolve(target.RoleArn)), events, source);
      }
    }
    // The roles that send to a queue (the scheduler's dead letters, the function's failed invocations): their IAM
    // policy allows it, and the queue's own policy must not refuse it (TLS-only).
    for (const [id, r] of Object.entries(template.Resources)) {
      if (r.Type !== 'AWS::SQS::Queue') continue;
      const arn = String(resolve({ 'Fn::GetAtt': [id, 'Arn'] }));
      const policy = resourcePolicy('AWS::SQS::QueuePolicy', 'Queues', String(resolve({ Ref: id })));
      for (const role of roles.values())
        if (iamAllows(role.iam, { action: 'sqs:SendMessage', resource: arn }))
          judge(id, policy, {
            caller: role,
            action: 'sqs:SendMessage',
            keyArn: arn,
            secureTransport: true,
            iamDecides: true,
          });
    }
  }

  /** EventBridge sends to the queue `arn` for a rule: the queue's policy must allow it. */
  function eventsSendTo(arn: string, events: KmsCaller, source: { sourceAccount: string; sourceArn: string }): void {
    const queueId = Object.keys(template.Resources).find((q) => resolve({ 'Fn::GetAtt': [q, 'Arn'] }) === arn);
    const url = String(resolve({ Ref: queueId ?? '' }));
    const queue = template.Resources[queueId ?? ''];
    if (queue?.Properties?.KmsMasterKeyId !== undefined)
      throw new RehearsalFailure(queueId ?? arn, 'a queue under a customer managed key: not rehearsed yet');
    const policy = resourcePolicy('AWS::SQS::QueuePolicy', 'Queues', url);
    judge(queueId ?? arn, policy, {
      caller: events,
      action: 'sqs:SendMessage',
      keyArn: arn,
      secureTransport: true,
      ...source,
    });
  }

  /** EventBridge assumes a target's role for a rule: the role's trust policy must allow it. */
  function eventsAssume(arn: string, events: KmsCaller, source: { sourceAccount: string; sourceArn: string }): void {
    const roleId = Object.keys(template.Resources).find((q) => resolve({ 'Fn::GetAtt': [q, 'Arn'] }) === arn);
    if (roleId === undefined) throw new RehearsalFailure(arn, 'a rule names a role the template does not create');
    const trust = resolve(template.Resources[roleId]?.Properties?.AssumeRolePolicyDocument) as KeyPolicy;
    judge(roleId, trust, { caller: events, action: 'sts:AssumeRole', keyArn: arn, ...source });
  }

  /** Each role allowed s3:PutObject in a bucket puts an object over TLS: the bucket's policy must not refuse it. */
  function bucketsInUse(): void {
    for (const [id, r] of Object.entries(template.Resources)) {
      if (r.Type !== 'AWS::S3::Bucket') continue;
      const bucketArn = String(resolve({ 'Fn::GetAtt': [id, 'Arn'] }));
      const policy = resourcePolicy('AWS::S3::BucketPolicy', 'Bucket', String(resolve({ Ref: id })));
      for (const role of roles.values()) {
        const grant = role.iam.find(
          (s) =>
            [s.Action].flat().includes('s3:PutObject') &&
            [s.Resource].flat().some((res) => res.startsWith(`${bucketArn}/`)),
        );
        if (grant === undefined) continue;
        const objectArn = [grant.Resource].flat()[0]?.replace(/\*$/, 'trace.har') ?? '';
        judge(id, policy, {
          caller: role,
          action: 's3:PutObject',
          keyArn: objectArn,
          secureTransport: true,
          iamDecides: true,
        });
      }
    }
  }
}

/** One KMS call of the execution role on a key: `soft` when CloudFormation's handler tolerates AccessDenied. */
type KeyCall = (resource: string, action: string, body: Record<string, Json>, soft?: boolean) => Promise<void>;

/**
 * CloudFormation's AWS::KMS::Key handler, call by call (aws-cloudformation-resource-providers-kms: CreateHandler
 * creates the key with its tags, enables rotation when asked and disables the key when asked, then ReadHandler
 * describes it and reads its policy, rotation status and tags, each of those three "softFailAccessDenied";
 * UpdateHandler describes the key, moves rotation and status, its description and policy (PutKeyPolicy, with KMS's
 * lockout check) when they changed, and reads and moves its tags, tolerating "not authorized" there).
 */
function keyHandler(call: KeyCall) {
  const tagsOf = (props: Record<string, Json>) => [
    ...((props.Tags as { Key: string; Value: string }[] | undefined) ?? []).map((t) => ({
      TagKey: t.Key,
      TagValue: t.Value,
    })),
  ];
  const read = async (id: string): Promise<void> => {
    await call(id, 'DescribeKey', { KeyId: id });
    for (const action of ['GetKeyPolicy', 'GetKeyRotationStatus', 'ListResourceTags'])
      await call(id, action, { KeyId: id, ...(action === 'GetKeyPolicy' && { PolicyName: 'default' }) }, true);
  };
  return {
    async create(id: string, props: Record<string, Json>): Promise<void> {
      await call(id, 'CreateKey', {
        Policy: JSON.stringify(props.KeyPolicy),
        ...(props.Description !== undefined && { Description: props.Description }),
        // CloudFormation tags what it creates with its logical id (the fake names the key by it).
        Tags: [{ TagKey: 'aws:cloudformation:logical-id', TagValue: id }, ...tagsOf(props)],
      });
      if (props.EnableKeyRotation === true)
        await call(id, 'EnableKeyRotation', {
          KeyId: id,
          ...(props.RotationPeriodInDays !== undefined && { RotationPeriodInDays: props.RotationPeriodInDays }),
        });
      if (props.Enabled === false) await call(id, 'DisableKey', { KeyId: id });
      await read(id);
    },
    async update(id: string, was: Record<string, Json>, props: Record<string, Json>): Promise<void> {
      await call(id, 'DescribeKey', { KeyId: id });
      const changed = (name: string) => JSON.stringify(was[name]) !== JSON.stringify(props[name]);
      if (changed('Enabled') && props.Enabled !== false) await call(id, 'EnableKey', { KeyId: id });
      if (changed('EnableKeyRotation'))
        await call(id, props.EnableKeyRotation === true ? 'EnableKeyRotation' : 'DisableKeyRotation', { KeyId: id });
      if (changed('Enabled') && props.Enabled === false) await call(id, 'DisableKey', { KeyId: id });
      if (changed('Description')) await call(id, 'UpdateKeyDescription', { KeyId: id, Description: props.Description });
      if (changed('KeyPolicy'))
        await call(id, 'PutKeyPolicy', { KeyId: id, PolicyName: 'default', Policy: JSON.stringify(props.KeyPolicy) });
      await call(id, 'ListResourceTags', { KeyId: id }, true);
      if (changed('Tags')) {
        await call(id, 'UntagResource', { KeyId: id, TagKeys: tagsOf(was).map((t) => t.TagKey) }, true);
        await call(id, 'TagResource', { KeyId: id, Tags: tagsOf(props) }, true);
      }
    },
  };
}
