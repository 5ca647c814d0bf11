// A loopback fake of the AWS APIs the bundled Lambdas call, in the wire protocols their SDK clients speak:
// AWS JSON 1.0 (CloudWatch), AWS JSON 1.1 (Secrets Manager, SSM, CloudWatch Logs), the Query protocol (SNS; EC2's own
// variant of it, for the probe's DescribeSubnets and DescribeVpcs),
// REST-JSON (Lambda Invoke) and REST-XML (S3 PutObject).
// The functions reach it through AWS_ENDPOINT_URL, exactly as they would reach AWS; every call is recorded.
// It keeps what the notifier reads back: alarm states (DescribeAlarms) and log streams (its claims).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { awsQuotas } from './aws-quotas';
import {
  getItem,
  itemKey,
  keyNames,
  putItem,
  transactWriteItems,
  type DynamoAnswer,
  type DynamoItem,
} from './dynamo-fake';
import { allows as iamAllows } from './iam-policy';
import { kmsDeniedMessage, kmsRefusal, type KeyPolicy, type KmsCaller, type KmsRequest } from './kms-policy';

export interface AwsCall {
  /** "Service.Operation", e.g. "secretsmanager.GetSecretValue", "sns.Publish". */
  readonly operation: string;
  readonly input: Record<string, unknown>;
  /** The region the caller signed for (SigV4's credential scope, signedRegion): which region's endpoint it meant. */
  readonly region?: string;
}

/** A log event as the fake stores it: FilterLogEvents keeps those within startTime..endTime (both inclusive). */
export interface FakeLogEvent {
  readonly message: string;
  /** Epoch ms; now when absent. */
  readonly timestamp?: number;
}

export interface AwsFakeOptions {
  /** SecretString by SecretId. */
  readonly secrets?: ReadonlyMap<string, string>;
  /** When a secret's current version was made (GetSecretValue's CreatedDate), epoch ms; absent: not answered. */
  readonly secretCreated?: (secretId: string) => number | undefined;
  /** The one value GetMetricData returns for a metric's dimensions ("Server=org,Check=token"); none: no datapoint. */
  readonly metricValue?: (dimensions: string) => number | undefined;
  /**
   * Lambda Invoke: the function's answer to one invocation, its payload and, when it failed, Lambda's FunctionError
   * ("Unhandled"). test/deploy/assets.test.ts answers by running the function's asset as Lambda runs it.
   */
  readonly invoke?: (invocation: FakeInvocation) => FakeInvokeAnswer | Promise<FakeInvokeAnswer>;
  /** What FilterLogEvents searches, oldest first, in pages of at most 1 MB (as CloudWatch Logs pages them). */
  readonly logEvents?: () => readonly (string | FakeLogEvent)[];
  /** Holds the answer to an operation ("cloudwatch.PutMetricData") this long, ms: a slow or hanging AWS. */
  readonly holdMs?: (operation: string) => number;
  /**
   * Log groups by name, served as FilterLogEvents serves them: startTime/endTime (inclusive), the filter pattern
   * (a quoted term, or a JSON equality like { $.message = "x" }), pages of at most `limit` (default 10,000) events
   * and 1 MB, with a nextToken while more remain. A group not listed answers ResourceNotFoundException.
   * Without it, FilterLogEvents searches `logEvents`.
   */
  readonly logGroups?: ReadonlyMap<string, readonly LogEvent[]>;
  /** A smaller page than the service's 1 MB, so a test can page through little data. */
  readonly filterPageBytes?: number;
  /** SSM parameters' values by name; any other name answers ParameterNotFound. */
  readonly parameters?: ReadonlyMap<string, string>;
  /** A smaller Query page than DynamoDB's 1 MB, so a test can page through little data. */
  readonly dynamoPageBytes?: number;
  /** BatchWriteItem leaves this many requests of each call unprocessed (the table's capacity), once each. */
  readonly dynamoUnprocessed?: number;
  /**
   * Serves a JSON-protocol operation before the fake's own answer: a body to answer with, an error, or undefined to
   * leave it to the fake. `region` is the one the caller signed for (SigV4's credential scope): one fake stands for
   * every region of a multi-region deployment (test/support/quorum-aws.ts).
   */
  readonly serve?: (call: AwsCall & { readonly region: string }) => FakeServed | undefined;
  /**
   * The caller's IAM policy (iam-policy.ts iamGate): a call it refuses answers AccessDeniedException before anything
   * else serves it, as AWS authorizes a request before acting on it
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/intro-structure.html: "AWS checks each policy that applies to
   * the context of your request ... If a single policy denies the request, AWS denies the entire request").
   */
  readonly iam?: (call: AwsCall & { readonly region: string }) => FakeServed | undefined;
  /**
   * Off: no request quota (aws-quotas.ts) is enforced. On by default: past SetAlarmState's 3 and DescribeAlarms' 9
   * calls a second, or PutParameter's 3, AWS answers ThrottlingException (past a DynamoDB partition's 1,000 write or
   * 3,000 read units a second, ProvisionedThroughputExceededException)
   * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html).
   */
  readonly quotas?: false | ReturnType<typeof awsQuotas>;
  /**
   * KMS, and DynamoDB's use of it: who signs with each access key id (the caller's identity, as AWS derives it from
   * the credentials), in which account. With it the fake serves CreateKey and the key operations, CreateTable and
   * UpdateTable under a key, and holds every use of a key to its key policy (kms-policy.ts), direct or through
   * DynamoDB on the caller's behalf.
   */
  readonly kms?: { readonly account: string; readonly callers: ReadonlyMap<string, KmsCaller> };
  /** EC2's subnets and VPCs, as DescribeSubnets and DescribeVpcs describe them (the probe's own VPC's ranges). */
  readonly ec2?: { readonly subnets: readonly FakeSubnet[]; readonly vpcs: readonly FakeVpc[] };
  /**
   * S3 buckets' regions, by name: a request signed for another region answers 301 PermanentRedirect, as S3 answers a
   * request sent to another region's endpoint ("The bucket you are attempting to access must be addressed using the
   * specified endpoint", S3 API reference, "Error responses"). A bucket not named here answers every region.
   */
  readonly bucketRegions?: ReadonlyMap<string, string>;
}

/** A subnet as DescribeSubnets answers it: its VPC, its IPv4 block and its IPv6 blocks. */
export interface FakeSubnet {
  readonly id: string;
  readonly vpcId: string;
  readonly cidr: string;
  readonly ipv6?: readonly string[];
}

/** A VPC as DescribeVpcs answers it: its IPv4 blocks (the first its primary) and its IPv6 blocks. */
export interface FakeVpc {
  readonly id: string;
  readonly cidrs: readonly string[];
  readonly ipv6?: readonly string[];
}

/** A KMS key as the fake keeps it. */
export interface FakeKmsKey {
  readonly arn: string;
  readonly region: string;
  policy: KeyPolicy;
  /** Automatic rotation, off when a key is created (KMS API reference, EnableKeyRotation). */
  rotation?: boolean;
  description?: string;
}

/**
 * What DynamoDB does with a table's customer managed key for its caller: "At a minimum, DynamoDB requires the
 * following permissions on a customer managed key: kms:Encrypt, kms:Decrypt, kms:ReEncrypt* (for kms:ReEncryptFrom
 * and kms:ReEncryptTo), kms:GenerateDataKey* (for kms:GenerateDataKey and kms:GenerateDataKeyWithoutPlaintext),
 * kms:DescribeKey, kms:CreateGrant" (KMS developer guide, "How Amazon DynamoDB uses AWS KMS"). CreateTable and
 * UpdateTable check each for the principal that calls them (aws/aws-cdk#18616: "KMS key access denied" while
 * CloudFormation creates the table; the fix's note, aws/aws-cdk#18721: "Whether creating a Table with a custom KMS
 * key succeeds depends on the permissions on the key").
 */
export const DYNAMODB_KEY_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
  'kms:CreateGrant',
] as const;

/** The access key id a request was signed with: SigV4's credential scope names it first. */
export function signedAccessKey(authorization: string | undefined): string {
  return /Credential=([^/]+)\//.exec(authorization ?? '')?.[1] ?? '';
}

/** What `serve` answers: a JSON body, or an AWS error. */
export type FakeServed =
  | { readonly body: unknown }
  | { readonly status: number; readonly type: string; readonly message: string };

/** The region a request was signed for: SigV4's Authorization header names it in the credential scope. */
export function signedRegion(authorization: string | undefined): string {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization ?? '')?.[1] ?? '';
}

/** One Lambda Invoke as the fake received it. */
export interface FakeInvocation {
  readonly functionName: string;
  /** The alias or version invoked, when one was named. */
  readonly qualifier?: string;
  /** The event, parsed. */
  readonly payload: unknown;
}

/** What the function answered: its result, or Lambda's error payload with FunctionError set. */
export interface FakeInvokeAnswer {
  readonly payload: unknown;
  readonly functionError?: 'Unhandled' | 'Handled';
}

/** An alarm as DescribeAlarms shows it. */
export interface FakeAlarm {
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  /** StateTransitionedTimestamp, epoch ms. */
  readonly since: number;
}

export interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
}

/** FilterLogEvents' page bounds (API reference: "up to 1 MB of log events or up to 10,000 log events"). */
export const FILTER_PAGE_EVENTS = 10_000;
export const FILTER_PAGE_BYTES = 1_048_576;

export interface AwsFake {
  readonly url: string;
  readonly calls: AwsCall[];
  /** Composite alarms by name, for DescribeAlarms; an alarm not here does not exist. */
  readonly alarms: Map<string, FakeAlarm>;
  /** Log streams created with CreateLogStream, by "group|stream", with what PutLogEvents wrote. */
  readonly streams: Map<
    string,
    { readonly creationTime: number; readonly events: { timestamp: number; message: string }[] }
  >;
  /** Operations ("sns.Publish", "logs.FilterLogEvents") that get no answer until the client gives up. */
  readonly hang: Set<string>;
  /**
   * SSM parameters by name, with the version PutParameter numbers them by (1, 2, ... per name, as SSM does), and the
   * tier it stored them in (the put's Tier, else this account's default, Advanced).
   */
  readonly ssmParameters: Map<string, { readonly value: string; readonly version: number; readonly tier?: string }>;
  /** DynamoDB tables by name: items by their key attributes' values, "partition|sort". */
  readonly dynamoTables: Map<string, Map<string, DynamoItem>>;
  /** KMS keys by KeyId (CreateKey). */
  readonly kmsKeys: Map<string, FakeKmsKey>;
  /** The customer managed key of each table created or updated under one, by table name: the key's ARN. */
  readonly tableKeys: Map<string, string>;
  /** S3 objects PutObject stored, by "bucket/key", with the metadata GetObject answers with. */
  readonly s3Objects: Map<string, FakeS3Object>;
  close(): Promise<void>;
}

/** One stored S3 object: its bytes and the headers PutObject set, which GetObject answers with. */
export interface FakeS3Object {
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly cacheControl: string | undefined;
}

/**
 * The environment that points the AWS SDK at the fake, as a user's would point it at AWS: endpoint, static keys,
 * and no instance metadata, config or credentials file of the machine running the tests (`dir` holds none).
 */
export function fakeAwsEnv(fake: Pick<AwsFake, 'url'>, dir: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: fake.url,
    AWS_ACCESS_KEY_ID: 'AKIDFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: `${dir}/no-aws-config`,
    AWS_SHARED_CREDENTIALS_FILE: `${dir}/no-aws-credentials`,
  };
}

/** An SDK client's configuration for the fake, one attempt a call (a test sends again what it means to). */
export function fakeClientConfig(fake: Pick<AwsFake, 'url'>): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
} {
  return {
    endpoint: fake.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
    maxAttempts: 1,
  };
}

/**
 * Points this process's AWS SDK at the fake (fakeAwsEnv), then applies `overrides` (undefined removes a variable):
 * the CLI in-process reads its endpoint, region and credentials from process.env, as for a user. Restore
 * process.env after the test.
 */
export function useAwsFakeEnv(
  fake: Pick<AwsFake, 'url'>,
  dir: string,
  overrides: Record<string, string | undefined> = {},
): void {
  Object.assign(process.env, fakeAwsEnv(fake, dir));
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

const JSON_SERVICES: Record<string, string> = {
  GraniteServiceVersion20100801: 'cloudwatch',
  secretsmanager: 'secretsmanager',
  AmazonSSM: 'ssm',
  Logs_20140328: 'logs',
  DynamoDB_20120810: 'dynamodb',
  TrentService: 'kms',
};

/** The EC2 API version its Query requests name (Version=2016-11-15): how the fake tells them from SNS's. */
const EC2_VERSION = '2016-11-15';

/** Query's page bound (API reference: "up to 1 MB of data"), smaller when a test asks. */
export const DYNAMO_PAGE_BYTES = 1_048_576;

export async function startAwsFake(options: AwsFakeOptions = {}): Promise<AwsFake> {
  const calls: AwsCall[] = [];
  const alarms = new Map<string, FakeAlarm>();
  const streams: AwsFake['streams'] = new Map();
  const hang = new Set<string>();
  const ssmParameters: AwsFake['ssmParameters'] = new Map(
    [...(options.parameters ?? new Map<string, string>())].map(([name, value]) => [name, { value, version: 1 }]),
  );
  const dynamoTables: AwsFake['dynamoTables'] = new Map();
  const kmsKeys: AwsFake['kmsKeys'] = new Map();
  const tableKeys: AwsFake['tableKeys'] = new Map();
  const s3Objects: AwsFake['s3Objects'] = new Map();
  /** Values PutSecretValue wrote, read before `options.secrets`. */
  const secretsPut = new Map<string, string>();
  let unprocessedLeft = options.dynamoUnprocessed ?? 0;
  const quotas = options.quotas === false ? undefined : (options.quotas ?? awsQuotas());
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const region = signedRegion(req.headers.authorization);
      const accessKey = signedAccessKey(req.headers.authorization);
      // The CloudWatch client gzips a PutMetricData body over 10 KB (its request compression).
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      const invocation = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
      if (invocation !== null) {
        const functionName = decodeURIComponent(invocation[1] ?? '');
        const qualifier = new URL(req.url ?? '/', 'http://fake').searchParams.get('Qualifier') ?? undefined;
        calls.push({
          operation: 'lambda.Invoke',
          input: {
            FunctionName: functionName,
            InvocationType: req.headers['x-amz-invocation-type'],
            ...(qualifier !== undefined ? { Qualifier: qualifier } : {}),
          },
          region,
        });
        void Promise.resolve(
          options.invoke?.({
            functionName,
            ...(qualifier !== undefined ? { qualifier } : {}),
            payload: JSON.parse(body || 'null') as unknown,
          }) ?? { payload: null },
        ).then(
          (answer) => {
            res.setHeader('content-type', 'application/json');
            res.setHeader('x-amz-executed-version', '$LATEST');
            if (answer.functionError !== undefined) res.setHeader('x-amz-function-error', answer.functionError);
            res.end(JSON.stringify(answer.payload));
          },
          (error: unknown) => {
            res.statusCode = 500;
            res.setHeader('x-amzn-errortype', 'ServiceException');
            res.end(JSON.stringify({ __type: 'ServiceException', message: String(error) }));
          },
        );
        return;
      }
      if (req.method === 'PUT') {
        s3PutObject(req, res, raw);
        return;
      }
      if (req.method === 'GET' && target === '') {
        s3GetObject(req, res);
        return;
      }
      if (target === '') {
        // Query protocol (SNS): a form body naming the action, an XML answer.
        const form = Object.fromEntries(new URLSearchParams(body));
        if (form.Version === EC2_VERSION) return ec2Answer(form, region, res);
        calls.push({ operation: `sns.${form.Action ?? ''}`, input: form, region });
        if (hang.has(`sns.${form.Action ?? ''}`)) return;
        res.setHeader('content-type', 'text/xml');
        res.end(
          `<${form.Action}Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><${form.Action}Result><MessageId>fake-${calls.length}</MessageId></${form.Action}Result>` +
            `<ResponseMetadata><RequestId>fake-request-${calls.length}</RequestId></ResponseMetadata></${form.Action}Response>`,
        );
        return;
      }
      const [prefix = '', operation = ''] = target.split('.');
      const service = JSON_SERVICES[prefix] ?? prefix;
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      calls.push({ operation: `${service}.${operation}`, input, region });
      if (hang.has(`${service}.${operation}`)) return;
      const respond = (): unknown => {
        if (res.destroyed) return;
        res.setHeader(
          'content-type',
          service === 'cloudwatch' || service === 'dynamodb'
            ? 'application/x-amz-json-1.0'
            : 'application/x-amz-json-1.1',
        );
        const error = (status: number, type: string, message: string, extra?: Record<string, unknown>): void => {
          res.statusCode = status;
          res.setHeader('x-amzn-errortype', type);
          res.end(JSON.stringify({ __type: type, message, ...extra }));
        };
        const answer = (served: DynamoAnswer): void =>
          'body' in served
            ? void res.end(JSON.stringify(served.body))
            : error(served.status, served.type, served.message, served.extra);
        const call = { operation: `${service}.${operation}`, input, region };
        const served = options.iam?.(call) ?? quotas?.(call, raw.length) ?? options.serve?.(call);
        if (served !== undefined)
          return 'body' in served
            ? res.end(JSON.stringify(served.body))
            : error(served.status, served.type, served.message);
        const kmsServed = kmsAndTables(`${service}.${operation}`, input, region, accessKey);
        if (kmsServed !== undefined)
          return 'body' in kmsServed
            ? res.end(JSON.stringify(kmsServed.body))
            : error(kmsServed.status, kmsServed.type, kmsServed.message);
        switch (`${service}.${operation}`) {
          case 'secretsmanager.GetSecretValue': {
            const id = String(input.SecretId);
            const value = secretsPut.get(id) ?? options.secrets?.get(id);
            if (value === undefined)
              return error(400, 'ResourceNotFoundException', `Secrets Manager can't find the specified secret ${id}`);
            const created = options.secretCreated?.(id);
            // Timestamps in AWS JSON are epoch seconds.
            return res.end(
              JSON.stringify({
                ARN: id,
                Name: id,
                SecretString: value,
                VersionId: 'v1',
                ...(created !== undefined ? { CreatedDate: created / 1000 } : {}),
              }),
            );
          }
          case 'secretsmanager.PutSecretValue': {
            // PutSecretValue adds a version to an existing secret only: "ResourceNotFoundException: Secrets Manager
            // can't find the resource that you asked for" (API reference: PutSecretValue, Errors).
            const id = String(input.SecretId);
            if (!secretsPut.has(id) && options.secrets?.get(id) === undefined)
              return error(400, 'ResourceNotFoundException', `Secrets Manager can't find the specified secret ${id}`);
            secretsPut.set(id, String(input.SecretString));
            return res.end(JSON.stringify({ ARN: id, Name: id, VersionId: `v${calls.length}` }));
          }
          case 'cloudwatch.SetAlarmState': {
            // An alarm that does not exist answers ResourceNotFound (API reference: SetAlarmState, Errors).
            const name = String(input.AlarmName);
            if (!alarms.has(name)) return error(404, 'ResourceNotFound', `Alarm ${name} does not exist`);
            alarms.set(name, { state: input.StateValue as FakeAlarm['state'], since: Date.now() });
            return res.end('{}');
          }
          case 'ssm.GetParameter': {
            const parameter = ssmParameters.get(String(input.Name));
            if (parameter === undefined) return error(400, 'ParameterNotFound', 'ParameterNotFound');
            return res.end(
              JSON.stringify({
                Parameter: { Name: input.Name, Type: 'String', Value: parameter.value, Version: parameter.version },
              }),
            );
          }
          case 'ssm.PutParameter': {
            const name = String(input.Name);
            const current = ssmParameters.get(name);
            if (current !== undefined && input.Overwrite !== true)
              return error(
                400,
                'ParameterAlreadyExists',
                'The parameter already exists. To overwrite this value, set the overwrite option in the ' +
                  'request to true.',
              );
            if (String(input.Value).length > 4096)
              return error(
                400,
                'ValidationException',
                'Standard tier parameters support a maximum parameter value of 4096 characters.',
              );
            // Without Tier, SSM uses the account's default tier (AWS SSM API reference, PutParameter: Tier), which an
            // account may have set to Advanced: this fake's account has, so a put that names none is billed.
            const tier = typeof input.Tier === 'string' ? input.Tier : 'Advanced';
            const version = (current?.version ?? 0) + 1;
            ssmParameters.set(name, { value: String(input.Value), version, tier });
            return res.end(JSON.stringify({ Version: version, Tier: tier }));
          }
          case 'ssm.DeleteParameter': {
            // The parameter and its whole history go; a name that does not exist answers ParameterNotFound, status
            // 400, and the response of a deletion has an empty body (SSM API reference, DeleteParameter).
            if (!ssmParameters.delete(String(input.Name)))
              return error(400, 'ParameterNotFound', "The parameter couldn't be found. Verify the name and try again.");
            return res.end('{}');
          }
          // A journey's state item (dynamo-fake.ts holds them to DynamoDB's documented conditions and limits).
          case 'dynamodb.GetItem':
            return answer(getItem(dynamoTables, input));
          case 'dynamodb.PutItem':
            return answer(putItem(dynamoTables, input));
          case 'dynamodb.TransactWriteItems':
            return answer(transactWriteItems(dynamoTables, input));
          case 'dynamodb.Query': {
            // The group's items by the partition key's value (the only key condition the probe writes), in sort-key
            // order, a page at most DYNAMO_PAGE_BYTES, with LastEvaluatedKey while more remain.
            const table = dynamoTables.get(String(input.TableName)) ?? new Map<string, DynamoItem>();
            const values = input.ExpressionAttributeValues as Record<string, Record<string, string>>;
            const names = input.ExpressionAttributeNames as Record<string, string>;
            const partition = values[':g']?.S ?? '';
            const partitionName = names['#g'] ?? '';
            const start = input.ExclusiveStartKey as DynamoItem | undefined;
            const startKey = start === undefined ? undefined : itemKey(start);
            const items = [...table.entries()]
              .filter(([, item]) => item[partitionName]?.S === partition)
              .sort(([a], [b]) => a.localeCompare(b))
              .filter(([key]) => startKey === undefined || key > startKey);
            const page: DynamoItem[] = [];
            let bytes = 0;
            let last: string | undefined;
            for (const [key, item] of items) {
              bytes += JSON.stringify(item).length;
              if (bytes > (options.dynamoPageBytes ?? DYNAMO_PAGE_BYTES) && page.length > 0) break;
              page.push(item);
              last = key;
            }
            const more = last !== undefined && items.at(-1)?.[0] !== last;
            const lastItem = page.at(-1);
            const lastKey =
              more && lastItem !== undefined
                ? // LastEvaluatedKey is the last item's primary key, whatever the request names (API reference, Query).
                  Object.fromEntries(
                    Object.entries(lastItem).filter(([name]) => (keyNames(lastItem) ?? [partitionName]).includes(name)),
                  )
                : undefined;
            return res.end(
              JSON.stringify({
                Items: page,
                Count: page.length,
                ...(lastKey !== undefined && { LastEvaluatedKey: lastKey }),
              }),
            );
          }
          case 'dynamodb.BatchWriteItem': {
            const requests = input.RequestItems as Record<
              string,
              { PutRequest?: { Item: DynamoItem }; DeleteRequest?: { Key: DynamoItem } }[]
            >;
            const unprocessed: Record<string, unknown[]> = {};
            for (const [name, list] of Object.entries(requests)) {
              if (list.length > 25)
                return error(400, 'ValidationException', 'Too many items requested for the BatchWriteItem call');
              const table = dynamoTables.get(name) ?? new Map<string, DynamoItem>();
              dynamoTables.set(name, table);
              const held = Math.min(unprocessedLeft, list.length);
              unprocessedLeft -= held;
              if (held > 0) unprocessed[name] = list.slice(list.length - held);
              for (const request of list.slice(0, list.length - held)) {
                const item = request.PutRequest?.Item ?? request.DeleteRequest?.Key ?? {};
                const key = itemKey(item) ?? '';
                if (request.PutRequest !== undefined) table.set(key, request.PutRequest.Item);
                else table.delete(key);
              }
            }
            return res.end(JSON.stringify({ UnprocessedItems: unprocessed }));
          }
          case 'cloudwatch.PutMetricData':
            return res.end('{}');
          case 'cloudwatch.GetMetricData': {
            const queries =
              (input.MetricDataQueries as
                | { Id: string; MetricStat: { Metric: { Dimensions: { Name: string; Value: string }[] } } }[]
                | undefined) ?? [];
            const results = queries.map(({ Id, MetricStat }) => {
              const value = options.metricValue?.(
                MetricStat.Metric.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(','),
              );
              return {
                Id,
                StatusCode: 'Complete',
                Timestamps: value === undefined ? [] : [Math.floor(Date.now() / 1000)],
                Values: value === undefined ? [] : [value],
              };
            });
            return res.end(JSON.stringify({ MetricDataResults: results }));
          }
          case 'logs.FilterLogEvents': {
            if (options.logGroups !== undefined) {
              const events = options.logGroups.get(String(input.logGroupName));
              if (events === undefined)
                return error(400, 'ResourceNotFoundException', 'The specified log group does not exist.');
              return res.end(JSON.stringify(filterPage(events, input, options.filterPageBytes ?? FILTER_PAGE_BYTES)));
            }
            const now = Date.now();
            const start = typeof input.startTime === 'number' ? input.startTime : -Infinity;
            const end = typeof input.endTime === 'number' ? input.endTime : Infinity;
            const matching = (options.logEvents?.() ?? [])
              .map((e, i) => ({
                eventId: String(i),
                ...(typeof e === 'string'
                  ? { message: e, timestamp: now }
                  : { message: e.message, timestamp: e.timestamp ?? now }),
              }))
              .filter((e) => e.timestamp >= start && e.timestamp <= end);
            const from = typeof input.nextToken === 'string' ? Number(input.nextToken) : 0;
            const page: typeof matching = [];
            let bytes = 0;
            for (const e of matching.slice(from)) {
              if (page.length > 0 && bytes + e.message.length > FILTER_PAGE_BYTES) break;
              page.push(e);
              bytes += e.message.length;
            }
            const next = from + page.length < matching.length ? { nextToken: String(from + page.length) } : {};
            return res.end(JSON.stringify({ events: page, searchedLogStreams: [], ...next }));
          }
          case 'logs.CreateLogStream': {
            const key = `${String(input.logGroupName)}|${String(input.logStreamName)}`;
            if (streams.has(key))
              return error(400, 'ResourceAlreadyExistsException', 'The specified log stream already exists');
            streams.set(key, { creationTime: Date.now(), events: [] });
            return res.end('{}');
          }
          case 'logs.PutLogEvents': {
            const stream = streams.get(`${String(input.logGroupName)}|${String(input.logStreamName)}`);
            if (stream === undefined)
              return error(400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
            stream.events.push(...(input.logEvents as { timestamp: number; message: string }[]));
            return res.end('{}');
          }
          case 'logs.GetLogEvents': {
            const stream = streams.get(`${String(input.logGroupName)}|${String(input.logStreamName)}`);
            if (stream === undefined)
              return error(400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
            const limit = typeof input.limit === 'number' ? input.limit : 10_000;
            const events = input.startFromHead === true ? stream.events.slice(0, limit) : stream.events.slice(-limit);
            return res.end(
              JSON.stringify({
                events: events.map((e) => ({ ...e, ingestionTime: e.timestamp })),
                nextForwardToken: 'f/0',
                nextBackwardToken: 'b/0',
              }),
            );
          }
          case 'logs.DescribeLogStreams': {
            const group = String(input.logGroupName);
            const prefix = String(input.logStreamNamePrefix ?? '');
            const found = [...streams.entries()]
              .filter(([key]) => key.startsWith(`${group}|${prefix}`))
              .map(([key, stream]) => ({
                logStreamName: key.slice(group.length + 1),
                creationTime: stream.creationTime,
              }));
            return res.end(JSON.stringify({ logStreams: found }));
          }
          case 'cloudwatch.DescribeAlarms': {
            // Timestamps in AWS JSON are epoch seconds.
            const names = (input.AlarmNames as string[] | undefined) ?? [];
            const composites = names.flatMap((name) => {
              const alarm = alarms.get(name);
              return alarm === undefined
                ? []
                : [
                    {
                      AlarmName: name,
                      StateValue: alarm.state,
                      StateTransitionedTimestamp: alarm.since / 1000,
                      StateUpdatedTimestamp: alarm.since / 1000,
                    },
                  ];
            });
            return res.end(JSON.stringify({ CompositeAlarms: composites, MetricAlarms: [] }));
          }
          default:
            return error(400, 'UnknownOperationException', `the fake does not serve ${service}.${operation}`);
        }
      };
      // A slow AWS: the answer comes this late, or never if the client gives up first.
      const hold = options.holdMs?.(`${service}.${operation}`) ?? 0;
      if (hold <= 0) {
        respond();
        return;
      }
      const timer = setTimeout(respond, hold);
      res.on('close', () => clearTimeout(timer));
    });
  });
  /**
   * KMS's operations, and DynamoDB's calls that use a table's key, with `options.kms`: undefined leaves the call to
   * the rest of the fake (a GetItem or PutItem the key allows, every call without `options.kms`).
   */
  function kmsAndTables(
    operation: string,
    input: Record<string, unknown>,
    region: string,
    accessKey: string,
  ): FakeServed | undefined {
    const kms = options.kms;
    if (kms === undefined) return undefined;
    const caller = kms.callers.get(accessKey);
    const denied = (message: string): FakeServed => ({ status: 400, type: 'AccessDeniedException', message });
    const keyOf = (id: unknown): FakeKmsKey | undefined =>
      kmsKeys.get(String(id)) ?? [...kmsKeys.values()].find((k) => k.arn === String(id));
    /** The first of `actions` the key refuses this caller, through `via` when a service calls for it. */
    const refused = (
      key: FakeKmsKey,
      actions: readonly string[],
      context: Omit<KmsRequest, 'caller' | 'action' | 'keyArn'>,
    ): string | undefined => {
      if (caller === undefined) return `no caller signs with ${accessKey}`;
      for (const action of actions) {
        const request: KmsRequest = { caller, action, keyArn: key.arn, ...context };
        const why = kmsRefusal(key.policy, request);
        if (why !== undefined) return kmsDeniedMessage(request, why);
      }
      return undefined;
    };
    /**
     * DynamoDB's encryption context: "aws:dynamodb:tableName" and "aws:dynamodb:subscriberId" (the account) (KMS
     * developer guide, "How Amazon DynamoDB uses AWS KMS", "DynamoDB encryption context").
     */
    const throughDynamo = (table: string, action: string) => ({
      viaService: `dynamodb.${region}.amazonaws.com`,
      encryptionContext: { 'aws:dynamodb:tableName': table, 'aws:dynamodb:subscriberId': kms.account },
      ...(action === 'kms:CreateGrant' ? { grantIsForAwsResource: true } : {}),
    });
    /** A table put under `keyId`: each action DynamoDB needs, checked for the caller, as DynamoDB calls KMS. */
    const underKey = (table: string, keyId: unknown): FakeServed | undefined => {
      const key = keyOf(keyId);
      // "The key must be created in the same region as the replica" (CloudFormation, AWS::DynamoDB::GlobalTable
      // ReplicaSSESpecification).
      if (key === undefined || key.region !== region)
        return { status: 400, type: 'ValidationException', message: `KMS key ${String(keyId)} not found in ${region}` };
      for (const action of DYNAMODB_KEY_ACTIONS) {
        const why = refused(key, [action], throughDynamo(table, action));
        if (why !== undefined) return denied(`KMS key access denied: ${why}`);
      }
      tableKeys.set(table, key.arn);
      return undefined;
    };
    switch (operation) {
      case 'kms.CreateKey': {
        const policy = JSON.parse(String(input.Policy)) as KeyPolicy;
        const tags = (input.Tags as { TagKey: string; TagValue: string }[] | undefined) ?? [];
        // The fake names a key CloudFormation creates by its logical id (CloudFormation tags what it creates with
        // aws:cloudformation:logical-id), so a role policy's GetAtt of the key's Arn resolves to it.
        const id =
          tags.find((t) => t.TagKey === 'aws:cloudformation:logical-id')?.TagValue ?? `key-${kmsKeys.size + 1}`;
        const key = { arn: `arn:aws:kms:${region}:${kms.account}:key/${id}`, region, policy };
        // "the key policy must allow the calling principal to make a subsequent PutKeyPolicy request on the KMS key.
        // This reduces the risk that the KMS key becomes unmanageable" (KMS API reference, CreateKey,
        // BypassPolicyLockoutSafetyCheck); otherwise MalformedPolicyDocumentException.
        const why = input.BypassPolicyLockoutSafetyCheck === true ? undefined : refused(key, ['kms:PutKeyPolicy'], {});
        if (why !== undefined) return { status: 400, type: 'MalformedPolicyDocumentException', message: why };
        kmsKeys.set(id, key);
        return { body: { KeyMetadata: { KeyId: id, Arn: key.arn, Enabled: true, KeyState: 'Enabled' } } };
      }
      case 'kms.PutKeyPolicy': {
        // The same lockout check as CreateKey's: "the key policy must allow the calling principal to make a
        // subsequent PutKeyPolicy request" (KMS API reference, PutKeyPolicy, BypassPolicyLockoutSafetyCheck); the
        // caller must be allowed PutKeyPolicy by the policy in force, and by the new one.
        const key = keyOf(input.KeyId);
        if (key === undefined)
          return { status: 400, type: 'NotFoundException', message: `Key '${String(input.KeyId)}' does not exist` };
        const now = refused(key, ['kms:PutKeyPolicy'], {});
        if (now !== undefined) return denied(now);
        const policy = JSON.parse(String(input.Policy)) as KeyPolicy;
        const after =
          input.BypassPolicyLockoutSafetyCheck === true
            ? undefined
            : refused({ ...key, policy }, ['kms:PutKeyPolicy'], {});
        if (after !== undefined) return { status: 400, type: 'MalformedPolicyDocumentException', message: after };
        key.policy = policy;
        return { body: {} };
      }
      case 'kms.ListAliases':
        // Not a key's action: "ListAliases ... To use this operation, you must have kms:ListAliases permission in an
        // IAM policy; the key policy does not govern it" (KMS API reference, ListAliases: "Cross-account use: No ...
        // Required permissions: kms:ListAliases (IAM policy)").
        if (caller?.kind !== 'role' || !iamAllows(caller.iam, { action: 'kms:ListAliases', resource: '*' }))
          return denied(
            `User: ${caller?.kind === 'role' ? caller.arn : accessKey} is not authorized to perform: kms:ListAliases`,
          );
        return { body: { Aliases: [], Truncated: false } };
      case 'kms.EnableKeyRotation':
      case 'kms.DisableKeyRotation':
      case 'kms.GetKeyRotationStatus':
      case 'kms.GetKeyPolicy':
      case 'kms.ListResourceTags':
      case 'kms.TagResource':
      case 'kms.UntagResource':
      case 'kms.UpdateKeyDescription':
      case 'kms.EnableKey':
      case 'kms.DisableKey':
      case 'kms.RevokeGrant': {
        // The key administration CloudFormation's AWS::KMS::Key handler and the GlobalTable handler make (their
        // handlers' calls: aws-cloudformation-resource-providers-kms CreateHandler, ReadHandler, UpdateHandler),
        // each authorized by the key policy (KMS API reference: "Required permissions: kms:<action> (key policy)").
        const key = keyOf(input.KeyId);
        if (key === undefined)
          return { status: 400, type: 'NotFoundException', message: `Key '${String(input.KeyId)}' does not exist` };
        const action = `kms:${operation.slice('kms.'.length)}`;
        const why = refused(key, [action], {});
        if (why !== undefined) return denied(why);
        if (operation === 'kms.EnableKeyRotation' || operation === 'kms.DisableKeyRotation')
          key.rotation = operation === 'kms.EnableKeyRotation';
        if (operation === 'kms.UpdateKeyDescription') key.description = String(input.Description);
        if (operation === 'kms.GetKeyPolicy')
          return { body: { Policy: JSON.stringify(key.policy), PolicyName: 'default' } };
        if (operation === 'kms.GetKeyRotationStatus') return { body: { KeyRotationEnabled: key.rotation === true } };
        if (operation === 'kms.ListResourceTags') return { body: { Tags: [], Truncated: false } };
        return { body: {} };
      }
      case 'kms.DescribeKey':
      case 'kms.Encrypt':
      case 'kms.Decrypt':
      case 'kms.GenerateDataKey':
      case 'kms.CreateGrant': {
        // A direct call: no kms:ViaService in the request.
        const key = keyOf(input.KeyId);
        if (key === undefined)
          return { status: 400, type: 'NotFoundException', message: `Key '${String(input.KeyId)}' does not exist` };
        const action = `kms:${operation.slice('kms.'.length)}`;
        const why = refused(key, [action], {
          ...(input.EncryptionContext !== undefined && {
            encryptionContext: input.EncryptionContext as Record<string, string>,
          }),
        });
        if (why !== undefined) return denied(why);
        return { body: { KeyId: key.arn, KeyMetadata: { KeyId: key.arn, Arn: key.arn } } };
      }
      case 'dynamodb.CreateTable': {
        const table = String(input.TableName);
        if (dynamoTables.has(table))
          return { status: 400, type: 'ResourceInUseException', message: `Table already exists: ${table}` };
        const sse = input.SSESpecification as { Enabled?: boolean; KMSMasterKeyId?: string } | undefined;
        const refusal = sse?.KMSMasterKeyId !== undefined ? underKey(table, sse.KMSMasterKeyId) : undefined;
        if (refusal !== undefined) return refusal;
        dynamoTables.set(table, new Map());
        return { body: { TableDescription: { TableName: table, TableStatus: 'CREATING' } } };
      }
      case 'dynamodb.UpdateTable': {
        // "You can switch between the AWS owned key, AWS managed key, and customer managed key at any given time"
        // (DynamoDB developer guide, "Encryption at rest: usage notes"): the items stay.
        const table = String(input.TableName);
        if (!dynamoTables.has(table))
          return {
            status: 400,
            type: 'ResourceNotFoundException',
            message: `Requested resource not found: Table: ${table} not found`,
          };
        const sse = input.SSESpecification as { Enabled?: boolean; KMSMasterKeyId?: string } | undefined;
        const refusal = sse?.KMSMasterKeyId !== undefined ? underKey(table, sse.KMSMasterKeyId) : undefined;
        if (refusal !== undefined) return refusal;
        if (sse?.Enabled === false) tableKeys.delete(table);
        return { body: { TableDescription: { TableName: table, TableStatus: 'UPDATING' } } };
      }
      case 'dynamodb.GetItem':
      case 'dynamodb.PutItem': {
        // Reading or writing an item of a table under a key: DynamoDB decrypts the table key with KMS for the
        // principal that accesses the table (the guide's page above: the caller's permission on the key, through
        // DynamoDB); the fake checks that Decrypt on every call, where DynamoDB caches the table key a while.
        const table = String(input.TableName);
        const arn = tableKeys.get(table);
        const key = arn === undefined ? undefined : keyOf(arn);
        if (key === undefined) return undefined;
        const why = refused(key, ['kms:Decrypt'], throughDynamo(table, 'kms:Decrypt'));
        return why === undefined ? undefined : denied(`KMS key access denied: ${why}`);
      }
      default:
        return undefined;
    }
  }

  /**
   * EC2's Query protocol (API version 2016-11-15): list members numbered (`SubnetId.1`), XML answers whose sets hold
   * `item`s, and errors as `<Response><Errors><Error>` (EC2 API reference, "Error responses"). An id not found is
   * refused as EC2 refuses it (InvalidSubnetID.NotFound, InvalidVpcID.NotFound); IAM's refusal is
   * UnauthorizedOperation, HTTP 403.
   */
  function ec2Answer(form: Record<string, string>, region: string, res: ServerResponse): void {
    const action = form.Action ?? '';
    const listed = (member: string): string[] =>
      Object.entries(form)
        .filter(([key]) => new RegExp(`^${member}\\.\\d+$`).test(key))
        .map(([, value]) => value);
    const input: { SubnetIds?: string[]; VpcIds?: string[] } =
      action === 'DescribeSubnets' ? { SubnetIds: listed('SubnetId') } : { VpcIds: listed('VpcId') };
    calls.push({ operation: `ec2.${action}`, input, region });
    res.setHeader('content-type', 'text/xml;charset=UTF-8');
    const fail = (status: number, code: string, message: string): void => {
      res.statusCode = status;
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}` +
          `</Message></Error></Errors><RequestID>fake-${calls.length}</RequestID></Response>`,
      );
    };
    const denied = options.iam?.({ operation: `ec2.${action}`, input, region });
    if (denied !== undefined && !('body' in denied))
      return fail(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.');
    const set = (tag: string, items: readonly string[]): string =>
      `<${tag}>${items.map((item) => `<item>${item}</item>`).join('')}</${tag}>`;
    const v6 = (blocks: readonly string[] = []): string =>
      set(
        'ipv6CidrBlockAssociationSet',
        blocks.map((b) => `<ipv6CidrBlock>${b}</ipv6CidrBlock>`),
      );
    let answer: string;
    if (action === 'DescribeSubnets') {
      const subnets = (options.ec2?.subnets ?? []).filter((s) => input.SubnetIds?.includes(s.id));
      const missing = input.SubnetIds?.find((id) => !subnets.some((s) => s.id === id));
      if (missing !== undefined)
        return fail(400, 'InvalidSubnetID.NotFound', `The subnet ID '${missing}' does not exist`);
      answer = set(
        'subnetSet',
        subnets.map(
          (s) => `<subnetId>${s.id}</subnetId><vpcId>${s.vpcId}</vpcId><cidrBlock>${s.cidr}</cidrBlock>${v6(s.ipv6)}`,
        ),
      );
    } else if (action === 'DescribeVpcs') {
      const vpcs = (options.ec2?.vpcs ?? []).filter((v) => input.VpcIds?.includes(v.id));
      const missing = input.VpcIds?.find((id) => !vpcs.some((v) => v.id === id));
      if (missing !== undefined) return fail(400, 'InvalidVpcID.NotFound', `The vpc ID '${missing}' does not exist`);
      answer = set(
        'vpcSet',
        vpcs.map(
          (v) =>
            `<vpcId>${v.id}</vpcId><cidrBlock>${v.cidrs[0] ?? ''}</cidrBlock>` +
            set(
              'cidrBlockAssociationSet',
              v.cidrs.map((c) => `<cidrBlock>${c}</cidrBlock>`),
            ) +
            v6(v.ipv6),
        ),
      );
    } else return fail(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="http://ec2.amazonaws.com/doc/${EC2_VERSION}/">` +
        `<requestId>fake-${calls.length}</requestId>${answer}</${action}Response>`,
    );
  }

  /** An S3 error as S3 writes it: REST-XML, its code and message (S3 API reference, "Error responses"). */
  function s3Fail(res: ServerResponse, status: number, code: string, message: string): void {
    res.statusCode = status;
    res.setHeader('content-type', 'application/xml');
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  }

  /** Answers 301 PermanentRedirect, naming the bucket's region, when it lives in another region than `region`. */
  function s3Elsewhere(res: ServerResponse, bucket: string, region: string): boolean {
    const home = options.bucketRegions?.get(bucket);
    if (home === undefined || home === region) return false;
    res.setHeader('x-amz-bucket-region', home);
    s3Fail(
      res,
      301,
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all ' +
        'future requests to this endpoint.',
    );
    return true;
  }

  /** Bucket and key of a path-style request: /bucket/key. */
  function s3Place(req: IncomingMessage): { bucket: string; key: string } {
    const [, bucket = '', ...rest] = new URL(req.url ?? '/', 'http://fake').pathname.split('/');
    return { bucket, key: decodeURIComponent(rest.join('/')) };
  }

  /**
   * S3 PutObject, path-style (REST-XML: PUT /bucket/key, the body the object): the probe's HTTP traces and status page.
   * Authorized on arn:aws:s3:::bucket/key (S3 object ARNs name no region or account: https://docs.aws.amazon.com/
   * AmazonS3/latest/userguide/s3-arn-format.html); a key over 1,024 bytes is refused as S3 refuses it
   * (KeyTooLongError). Stored with its Content-Type and Cache-Control, which S3 keeps as the object's metadata and
   * returns with GetObject (S3 API reference, PutObject: "Cache-Control ... Can be used to specify caching behavior
   * along the request/reply chain").
   */
  function s3PutObject(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const { bucket, key } = s3Place(req);
    const input = {
      Bucket: bucket,
      Key: key,
      ContentType: req.headers['content-type'],
      CacheControl: req.headers['cache-control'],
      ServerSideEncryption: req.headers['x-amz-server-side-encryption'],
      Body: raw.toString('utf8'),
    };
    calls.push({ operation: 's3.PutObject', input, region: signedRegion(req.headers.authorization) });
    if (s3Elsewhere(res, bucket, signedRegion(req.headers.authorization))) return;
    const served = options.iam?.({ operation: 's3.PutObject', input, region: signedRegion(req.headers.authorization) });
    if (served !== undefined && !('body' in served)) return s3Fail(res, 403, 'AccessDenied', served.message);
    if (Buffer.byteLength(key) > 1024) return s3Fail(res, 400, 'KeyTooLongError', 'Your key is too long');
    s3Objects.set(`${bucket}/${key}`, {
      body: raw,
      contentType: input.ContentType,
      cacheControl: typeof input.CacheControl === 'string' ? input.CacheControl : undefined,
    });
    res.setHeader('etag', `"fake-${calls.length}"`);
    res.end();
  }

  /**
   * S3 GetObject, path-style (GET /bucket/key): the object's bytes with its Content-Length, Content-Type and
   * Cache-Control. A missing key answers as the S3 API reference (GetObject, "Permissions") says: "If you have the
   * s3:ListBucket permission on the bucket, Amazon S3 returns an HTTP status code 404 Not Found error" (NoSuchKey,
   * "The specified key does not exist."); "If you don't have the s3:ListBucket permission, Amazon S3 returns an HTTP
   * status code 403 Access Denied error."
   */
  function s3GetObject(req: IncomingMessage, res: ServerResponse): void {
    const { bucket, key } = s3Place(req);
    const region = signedRegion(req.headers.authorization);
    calls.push({ operation: 's3.GetObject', input: { Bucket: bucket, Key: key }, region });
    if (s3Elsewhere(res, bucket, region)) return;
    const denied = options.iam?.({ operation: 's3.GetObject', input: { Bucket: bucket, Key: key }, region });
    if (denied !== undefined && !('body' in denied)) return s3Fail(res, 403, 'AccessDenied', denied.message);
    const object = s3Objects.get(`${bucket}/${key}`);
    if (object === undefined) {
      const unlisted = options.iam?.({ operation: 's3.ListBucket', input: { Bucket: bucket }, region });
      if (unlisted !== undefined && !('body' in unlisted)) return s3Fail(res, 403, 'AccessDenied', 'Access Denied');
      return s3Fail(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    }
    res.setHeader('content-length', String(object.body.length));
    if (object.contentType !== undefined) res.setHeader('content-type', object.contentType);
    if (object.cacheControl !== undefined) res.setHeader('cache-control', object.cacheControl);
    res.setHeader('etag', '"fake"');
    res.end(object.body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    alarms,
    streams,
    hang,
    ssmParameters,
    dynamoTables,
    kmsKeys,
    tableKeys,
    s3Objects,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One FilterLogEvents page of `events` for this request, as the service pages it. */
function filterPage(
  events: readonly LogEvent[],
  input: Record<string, unknown>,
  pageBytes: number,
): Record<string, unknown> {
  const start = typeof input.startTime === 'number' ? input.startTime : -Infinity;
  const end = typeof input.endTime === 'number' ? input.endTime : Infinity;
  const matches = patternMatcher(typeof input.filterPattern === 'string' ? input.filterPattern : '');
  const limit = typeof input.limit === 'number' ? Math.min(input.limit, FILTER_PAGE_EVENTS) : FILTER_PAGE_EVENTS;
  // The token is opaque to the caller; here it is the index of the next event to look at.
  let at = typeof input.nextToken === 'string' ? Number(/^f(\d+)$/.exec(input.nextToken)?.[1] ?? events.length) : 0;
  const page: Record<string, unknown>[] = [];
  let bytes = 0;
  for (; at < events.length && page.length < limit; at += 1) {
    const event = events[at] as LogEvent;
    if (event.timestamp < start || event.timestamp > end || !matches(event.message)) continue;
    const size = Buffer.byteLength(event.message) + 26;
    if (bytes + size > pageBytes && page.length > 0) break;
    bytes += size;
    page.push({
      logStreamName: '2026/10/01/[$LATEST]fake',
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.timestamp + 300,
      eventId: `${at}`,
    });
  }
  return { events: page, searchedLogStreams: [], ...(at < events.length ? { nextToken: `f${at}` } : {}) };
}

function patternMatcher(pattern: string): (message: string) => boolean {
  const json = /^\{\s*\$\.(\w+)\s*=\s*"([^"]*)"\s*\}$/.exec(pattern.trim());
  if (json !== null) {
    const [, field = '', value] = json;
    return (message) => {
      try {
        return (JSON.parse(message) as Record<string, unknown>)[field] === value;
      } catch {
        return false;
      }
    };
  }
  const term = pattern.trim().replace(/^"(.*)"$/, '$1');
  return (message) => message.includes(term);
}
