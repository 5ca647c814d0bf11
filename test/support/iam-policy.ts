// The synthesized role policies, enforced by the loopback AWS fake as IAM enforces them: a call is allowed only when
// a statement allows its action on its resource with its conditions met, and no statement denies it. A call the
// policy does not allow answers AccessDeniedException, as AWS does
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html: "By default, all
// requests are implicitly denied" ... "An explicit deny in any policy overrides any allows").
import type { AwsCall, FakeServed } from './aws-fake';
import { resolveCfn, type Cfn, type CfnPlace } from './cfn-values';

/** One statement of a role policy, its intrinsics resolved. */
export interface IamStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** What one call asks of IAM: an action on a resource, and for DynamoDB the partition keys it touches. */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  /** dynamodb:LeadingKeys: the partition key values of the items the call reads or writes. */
  readonly leadingKeys?: readonly string[];
}

/** IAM's wildcard match: `*` any run of characters, `?` one; actions compare without case. */
export function glob(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/**
 * A statement's conditions, each of which must hold. Only what the stack writes is known; any other operator or key
 * is an error, never a guess. LeadingKeys with ForAllValues holds when every key of the call is among the values
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html: "dynamodb:LeadingKeys
 * – This condition key allows users to access only the items where the partition key value matches their user ID").
 */
function conditionsHold(statement: IamStatement, request: IamRequest): boolean {
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, allowed] of Object.entries(keys)) {
      if (key !== 'dynamodb:LeadingKeys') throw new Error(`the IAM fake does not know the condition key ${key}`);
      const values = [allowed].flat();
      const asked = request.leadingKeys ?? [];
      if (operator === 'ForAllValues:StringEquals') {
        if (!asked.every((k) => values.includes(k))) return false;
      } else if (operator === 'StringEquals') {
        if (asked.length !== 1 || !values.includes(asked[0] ?? '')) return false;
      } else throw new Error(`the IAM fake does not know the condition operator ${operator}`);
    }
  }
  return true;
}

function applies(statement: IamStatement, request: IamRequest): boolean {
  return (
    [statement.Action].flat().some((a) => glob(a, request.action, true)) &&
    [statement.Resource].flat().some((r) => glob(r, request.resource)) &&
    conditionsHold(statement, request)
  );
}

/** IAM's decision for one request: allowed only when some statement allows it and none denies it. */
export function allows(statements: readonly IamStatement[], request: IamRequest): boolean {
  const matching = statements.filter((s) => applies(s, request));
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
}

/** What the gate needs to name a call's resources: the account, and each DynamoDB table's partition key. */
export interface IamGateOptions {
  readonly account: string;
  /** The partition key attribute of each table, by table name: LeadingKeys are its values. */
  readonly partitionKeys?: Readonly<Record<string, string>>;
}

type Item = Record<string, Record<string, string> | undefined>;

/** The requests one call makes of IAM: one per resource it names. */
export function iamRequests(call: AwsCall & { readonly region: string }, options: IamGateOptions): IamRequest[] {
  const { operation, input, region } = call;
  const [service = '', name = ''] = operation.split('.');
  const action = `${service}:${name}`;
  const arn = (resource: string): string => `arn:aws:${service}:${region}:${options.account}:${resource}`;
  const keysOf = (table: string, items: readonly Item[]): string[] => {
    const key = options.partitionKeys?.[table];
    return key === undefined ? [] : items.map((item) => item[key]?.S ?? item[key]?.N ?? '');
  };
  switch (operation) {
    case 'cloudwatch.DescribeAlarms': {
      // "You can't return information about composite alarms if your cloudwatch:DescribeAlarms permission has a
      // narrower scope" than "*" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/
      // API_DescribeAlarms.html): a call that asks for composites is authorized on "*" itself.
      const types = (input.AlarmTypes as string[] | undefined) ?? [];
      if (types.includes('CompositeAlarm')) return [{ action, resource: '*' }];
      const names = (input.AlarmNames as string[] | undefined) ?? [];
      return names.length === 0
        ? [{ action, resource: '*' }]
        : names.map((n) => ({ action, resource: arn(`alarm:${n}`) }));
    }
    case 'cloudwatch.SetAlarmState':
      return [{ action, resource: arn(`alarm:${String(input.AlarmName)}`) }];
    case 'dynamodb.PutItem': {
      const table = String(input.TableName);
      return [{ action, resource: arn(`table/${table}`), leadingKeys: keysOf(table, [input.Item as Item]) }];
    }
    case 'dynamodb.TransactWriteItems':
      // "Permissions for Put, Update, Delete, and Get actions are governed by the permissions used for the underlying
      // PutItem, UpdateItem, DeleteItem, and GetItem operations. For the ConditionCheck action, you can use the
      // dynamodb:ConditionCheckItem permission" (DynamoDB developer guide, "Using IAM with DynamoDB transactions"):
      // one request per action, each on its own table and item.
      return (input.TransactItems as Record<string, { TableName: string; Item?: Item; Key?: Item }>[]).map((act) => {
        const [kind = '', body] = Object.entries(act)[0] ?? [];
        const table = String(body?.TableName);
        return {
          action: `dynamodb:${kind === 'ConditionCheck' ? 'ConditionCheckItem' : `${kind}Item`}`,
          resource: arn(`table/${table}`),
          leadingKeys: keysOf(table, [(body?.Item ?? body?.Key ?? {}) as Item]),
        };
      });
    case 'dynamodb.GetItem': {
      const table = String(input.TableName);
      return [{ action, resource: arn(`table/${table}`), leadingKeys: keysOf(table, [input.Key as Item]) }];
    }
    case 'dynamodb.BatchGetItem':
      return Object.entries(input.RequestItems as Record<string, { Keys: Item[] }>).map(([table, { Keys }]) => ({
        action,
        resource: arn(`table/${table}`),
        leadingKeys: keysOf(table, Keys),
      }));
    case 'logs.CreateLogStream':
    case 'logs.PutLogEvents':
    case 'logs.GetLogEvents':
    case 'logs.DescribeLogStreams':
    case 'logs.FilterLogEvents':
      // Authorized on the log group as its Arn names it, ":*" included (a stream's calls match "log-group:name:*").
      return [{ action, resource: arn(`log-group:${String(input.logGroupName)}:*`) }];
    case 's3.PutObject':
    case 's3.GetObject':
      // An object's ARN names neither region nor account (https://docs.aws.amazon.com/AmazonS3/latest/userguide/
      // s3-arn-format.html).
      return [{ action, resource: `arn:aws:s3:::${String(input.Bucket)}/${String(input.Key)}` }];
    case 's3.ListBucket':
      // Asked by S3 itself when GetObject's key is missing: authorized on the bucket (arn:aws:s3:::bucket).
      return [{ action, resource: `arn:aws:s3:::${String(input.Bucket)}` }];
    case 'ssm.PutParameter':
    case 'ssm.GetParameter':
      return [{ action, resource: arn(`parameter/${String(input.Name).replace(/^\//, '')}`) }];
    default:
      // PutMetricData and the other calls without resource-level permissions are authorized on "*"
      // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html).
      return [{ action, resource: '*' }];
  }
}

/**
 * A `serve` step for the fake: refuses, with AccessDeniedException as AWS answers, a call the statements do not
 * allow; undefined leaves the call to the fake.
 */
export function iamGate(
  statements: readonly IamStatement[],
  options: IamGateOptions,
): (call: AwsCall & { readonly region: string }) => FakeServed | undefined {
  return (call) => {
    const refused = iamRequests(call, options).find((request) => !allows(statements, request));
    if (refused === undefined) return undefined;
    return {
      status: 400,
      type: 'AccessDeniedException',
      message:
        `User is not authorized to perform: ${refused.action} on resource: ${refused.resource}` +
        ' because no identity-based policy allows the action',
    };
  };
}

/** A role's statements as synthesized (AWS::IAM::Policy documents naming it), intrinsics resolved for one place. */
export function roleStatements(place: CfnPlace, role: (policyId: string) => boolean): IamStatement[] {
  // A resource whose intrinsic cfn-values does not resolve (a key's GetAtt) grants nothing here: no call names it.
  const one = (value: unknown): string => {
    const [id, attribute] = ((value as Record<string, unknown> | null)?.['Fn::GetAtt'] ?? []) as string[];
    const resource = place.resources[id ?? ''];
    // A log group's Arn attribute ends in ":*" (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
    // aws-resource-logs-loggroup.html: "arn:aws:logs:us-west-1:123456789012:log-group:/mystack-testgroup-...:*").
    if (attribute === 'Arn' && resource?.Type === 'AWS::Logs::LogGroup')
      return `arn:aws:logs:${place.region}:${place.account}:log-group:${String(resource.Properties?.LogGroupName)}:*`;
    try {
      return resolveCfn(value as Cfn, place);
    } catch {
      return `unresolved:${JSON.stringify(value)}`;
    }
  };
  const resolve = (value: unknown): string | string[] => (Array.isArray(value) ? value.map(one) : one(value));
  return Object.entries(place.resources)
    .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && role(id))
    .flatMap(([, r]) => {
      const document = r.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] };
      return document.Statement.map(
        (s): IamStatement => ({
          Effect: s.Effect as 'Allow' | 'Deny',
          Action: s.Action as string | string[],
          Resource: resolve(s.Resource),
          ...(s.Condition !== undefined ? { Condition: s.Condition as NonNullable<IamStatement['Condition']> } : {}),
        }),
      );
    });
}
