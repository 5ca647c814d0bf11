// DynamoDB's GetItem and PutItem as the loopback AWS fake (aws-fake.ts) serves them, held to what AWS documents, never
// kinder:
// - A ConditionExpression is evaluated against the item as it is before the write; when it is false nothing is
//   written and the answer is HTTP 400 with `__type`
//   "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException" and the message "The conditional request
//   failed" (DynamoDB developer guide, "Error handling with DynamoDB": "HTTP/1.1
//   400 Bad Request ... {"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", ...}"; AWS re:Post
//   knowledge center, "dynamodb-conditionalcheckfailedexception": "The conditional request failed (Service:
//   AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException").
// - The functions and comparators of "Condition and filter expressions, operators, and functions" (developer guide):
//   attribute_exists, attribute_not_exists, attribute_type, =, <, <=, >, >=, AND, OR, NOT and parentheses. A comparison
//   of values of different types, or with an attribute the item lacks, is false. Anything else this fake refuses as a
//   ValidationException (stricter than the service, never kinder), as it refuses a name or value the request defines
//   and the expression does not use ("Value provided in ExpressionAttributeValues unused in expressions").
// - An item over 400 KB is refused ("The maximum item size in DynamoDB is 400 KB, which includes both attribute name
//   binary length (UTF-8 length) and attribute value lengths", developer guide, "Constraints"; sizes as "DynamoDB item
//   sizes and formats" counts them), with "Item size has exceeded the maximum allowed size".
import { JOURNEY_TABLE, QUORUM_TABLE, SAML_APPS_TABLE, SIGN_IN_TALLIES_TABLE } from '../../functions/contract';

/** A DynamoDB item as the fake keeps it: its attributes in DynamoDB's JSON (AttributeValue maps). */
export type DynamoItem = Record<string, Record<string, unknown>>;
/** The fake's tables: items by their key attributes' values, "partition|sort". */
export type DynamoTables = Map<string, Map<string, DynamoItem>>;
/** An answer: a body, or an error as DynamoDB sends it. */
export type DynamoAnswer =
  | { readonly body: unknown }
  | {
      readonly status: number;
      readonly type: string;
      readonly message: string;
      /** Members DynamoDB sends beside them (TransactionCanceledException's CancellationReasons). */
      readonly extra?: Record<string, unknown>;
    };

/** The most an item holds, bytes ("Constraints": 400 KB, where DynamoDB's KB is 1,024 bytes). */
export const DYNAMO_ITEM_MAX_BYTES = 400 * 1024;

const NAMESPACE = 'com.amazonaws.dynamodb.v20120810#';
const validation = (message: string): DynamoAnswer => ({
  status: 400,
  type: 'com.amazon.coral.validate#ValidationException',
  message,
});

/** The key attributes of the project's tables, partition first: a fake knows no CreateTable. */
const KEY_SCHEMAS: readonly (readonly string[])[] = [
  [JOURNEY_TABLE.partitionKey, JOURNEY_TABLE.sortKey],
  [SAML_APPS_TABLE.partitionKey, SAML_APPS_TABLE.sortKey],
  [SIGN_IN_TALLIES_TABLE.partitionKey, SIGN_IN_TALLIES_TABLE.sortKey],
  [QUORUM_TABLE.partitionKey],
];

/** The key attributes of an item's table, partition first (Query's LastEvaluatedKey holds exactly these). */
export function keyNames(item: DynamoItem): readonly string[] | undefined {
  return KEY_SCHEMAS.find(([partition]) => partition !== undefined && partition in item);
}

/** The key of an item (or of a Key), "partition|sort"; undefined when a key attribute is missing. */
export function itemKey(item: DynamoItem): string | undefined {
  const schema = KEY_SCHEMAS.find(([partition]) => partition !== undefined && partition in item);
  if (schema === undefined || schema.some((name) => typeof item[name]?.S !== 'string')) return undefined;
  return schema.map((name) => String(item[name]?.S)).join('|');
}

/** An attribute value's size, as "DynamoDB item sizes and formats" counts it (without its name). */
function valueSize(value: Record<string, unknown>): number {
  const [type, v] = Object.entries(value)[0] ?? ['NULL', true];
  if (type === 'S') return Buffer.byteLength(String(v));
  if (type === 'N') return Math.ceil(String(v).replace(/^[-+]?0*|\.|0*$/g, '').length / 2) + 1;
  if (type === 'B') return Buffer.from(String(v), 'base64').length;
  if (type === 'L') return 3 + (v as Record<string, unknown>[]).reduce<number>((n, e) => n + valueSize(e) + 1, 0);
  if (type === 'M') return 3 + itemSize(v as DynamoItem) + Object.keys(v as object).length;
  if (type === 'SS' || type === 'NS' || type === 'BS')
    return (v as string[]).reduce((n, e) => n + valueSize({ [type.slice(0, 1)]: e }), 0);
  return 1;
}

/** An item's size: its attributes' names' UTF-8 bytes and their values' sizes. */
export function itemSize(item: DynamoItem): number {
  return Object.entries(item).reduce((n, [name, value]) => n + Buffer.byteLength(name) + valueSize(value), 0);
}

/** GetItem: the item of the Key, or no Item when there is none. */
export function getItem(tables: DynamoTables, input: Record<string, unknown>): DynamoAnswer {
  const key = itemKey((input.Key ?? {}) as DynamoItem);
  if (key === undefined) return validation('The provided key element does not match the schema');
  const item = tables.get(String(input.TableName))?.get(key);
  return { body: item === undefined ? {} : { Item: item } };
}

/** PutItem: the item written whole when its ConditionExpression holds on the item it replaces. */
export function putItem(tables: DynamoTables, input: Record<string, unknown>): DynamoAnswer {
  const item = (input.Item ?? {}) as DynamoItem;
  const key = itemKey(item);
  if (key === undefined) return validation('One of the required keys was not given a value');
  if (itemSize(item) > DYNAMO_ITEM_MAX_BYTES) return validation('Item size has exceeded the maximum allowed size');
  const table = tables.get(String(input.TableName)) ?? new Map<string, DynamoItem>();
  const expression = input.ConditionExpression;
  if (typeof expression === 'string') {
    const held = evaluate(expression, input, table.get(key));
    if (typeof held !== 'boolean') return held;
    if (!held)
      return {
        status: 400,
        type: `${NAMESPACE}ConditionalCheckFailedException`,
        message: 'The conditional request failed',
      };
  }
  tables.set(String(input.TableName), table);
  table.set(key, item);
  return { body: {} };
}

/** Whether `expression` holds on `item` (undefined: no item), or the ValidationException DynamoDB answers. */
function evaluate(
  expression: string,
  input: Record<string, unknown>,
  item: DynamoItem | undefined,
): boolean | DynamoAnswer {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, Record<string, unknown>>;
  const tokens: readonly string[] = expression.match(/[#:]?[A-Za-z_][\w.]*|<=|>=|[()=<>,]|\S/g) ?? [];
  const unused = [...Object.keys(names), ...Object.keys(values)].filter((t) => !tokens.includes(t));
  if (unused.length > 0)
    return validation(
      'Value provided in ExpressionAttributeNames or ExpressionAttributeValues unused in expressions: ' +
        `keys: {${unused.join(', ')}}`,
    );
  try {
    const parser = new ConditionParser(tokens, names, values, item ?? {});
    const held = parser.or();
    if (!parser.done()) throw new Error(`Syntax error; token: "${tokens[parser.at] ?? ''}"`);
    return held;
  } catch (error) {
    return validation(`Invalid ConditionExpression: ${(error as Error).message}`);
  }
}

/** A recursive-descent reading of the condition grammar's subset this fake knows (see the header). */
class ConditionParser {
  at = 0;
  constructor(
    private readonly tokens: readonly string[],
    private readonly names: Record<string, string>,
    private readonly values: Record<string, Record<string, unknown>>,
    private readonly item: DynamoItem,
  ) {}

  done = (): boolean => this.at === this.tokens.length;
  private peek = (): string | undefined => this.tokens[this.at];
  private take(expected?: string): string {
    const token = this.tokens[this.at];
    if (token === undefined || (expected !== undefined && token.toUpperCase() !== expected))
      throw new Error(`Syntax error; expected "${expected ?? 'a token'}" at "${token ?? 'the end'}"`);
    this.at += 1;
    return token;
  }

  or(): boolean {
    let held = this.and();
    while (this.peek()?.toUpperCase() === 'OR') {
      this.take();
      held = this.and() || held;
    }
    return held;
  }

  private and(): boolean {
    let held = this.not();
    while (this.peek()?.toUpperCase() === 'AND') {
      this.take();
      held = this.not() && held;
    }
    return held;
  }

  private not(): boolean {
    if (this.peek()?.toUpperCase() !== 'NOT') return this.primary();
    this.take();
    return !this.not();
  }

  private primary(): boolean {
    if (this.peek() === '(') {
      this.take('(');
      const held = this.or();
      this.take(')');
      return held;
    }
    const first = this.take();
    if (this.peek() === '(') return this.call(first);
    const comparator = this.take();
    if (!['=', '<', '<=', '>', '>='].includes(comparator))
      throw new Error(`the comparator "${comparator}" is not one this fake evaluates`);
    return compare(this.operand(first), comparator, this.operand(this.take()));
  }

  private call(fn: string): boolean {
    this.take('(');
    const path = this.attribute(this.take());
    let held: boolean;
    if (fn === 'attribute_exists') held = path !== undefined;
    else if (fn === 'attribute_not_exists') held = path === undefined;
    else if (fn === 'attribute_type') {
      this.take(',');
      const type = this.operand(this.take());
      held = path !== undefined && typeof type?.S === 'string' && type.S in path;
    } else throw new Error(`the function "${fn}" is not one this fake evaluates`);
    this.take(')');
    return held;
  }

  /** A name token's attribute on the item (undefined when the item lacks it). */
  private attribute(token: string): Record<string, unknown> | undefined {
    const name = token.startsWith('#') ? this.names[token] : token;
    if (name === undefined)
      throw new Error(
        `An expression attribute name used in the document path is not defined; attribute name: ${token}`,
      );
    return this.item[name];
  }

  private operand(token: string): Record<string, unknown> | undefined {
    if (!token.startsWith(':')) return this.attribute(token);
    const value = this.values[token];
    if (value === undefined)
      throw new Error(`An expression attribute value used in expression is not defined; attribute value: ${token}`);
    return value;
  }
}

/** A comparison of two attribute values: false when either is missing or their types differ. */
function compare(a: Record<string, unknown> | undefined, op: string, b: Record<string, unknown> | undefined): boolean {
  const [typeA, valueA] = Object.entries(a ?? {})[0] ?? [];
  const [typeB, valueB] = Object.entries(b ?? {})[0] ?? [];
  if (typeA === undefined || typeA !== typeB || !['S', 'N'].includes(typeA)) return false;
  const order =
    typeA === 'N'
      ? Math.sign(Number(valueA) - Number(valueB))
      : Buffer.compare(Buffer.from(String(valueA)), Buffer.from(String(valueB)));
  return { '=': order === 0, '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0 }[op] ?? false;
}

/** TransactWriteItems' bounds (API reference, TransactWriteItems: "up to 100 action requests"; "The aggregate size
 * of the items in the transaction cannot exceed 4 MB"). */
export const DYNAMO_TRANSACTION_MAX = { actions: 100, bytes: 4 * 1024 * 1024 } as const;

/**
 * TransactWriteItems, Put and ConditionCheck actions (the only ones the project sends; any other is refused, stricter
 * than the service): all or nothing. Every condition is evaluated against the items as they are before the
 * transaction; when any fails nothing is written and DynamoDB answers 400 TransactionCanceledException with one
 * CancellationReason per action, in order, `None` for those that would have passed (API reference,
 * TransactWriteItems and TransactionCanceledException: "DynamoDB cancels a TransactWriteItems request under the
 * following circumstances: A condition in one of the condition expressions is not met ... More than one action in
 * the TransactWriteItems operation targets the same item"). Two actions on one item are refused whole.
 */
export function transactWriteItems(tables: DynamoTables, input: Record<string, unknown>): DynamoAnswer {
  const actions = (Array.isArray(input.TransactItems) ? input.TransactItems : []) as Record<string, unknown>[];
  if (actions.length === 0 || actions.length > DYNAMO_TRANSACTION_MAX.actions)
    return validation(`Member must have length less than or equal to ${DYNAMO_TRANSACTION_MAX.actions}`);
  const steps: { table: string; key: string; item?: DynamoItem; request: Record<string, unknown> }[] = [];
  let bytes = 0;
  for (const action of actions) {
    const [kind, request] = Object.entries(action)[0] ?? [];
    const body = (request ?? {}) as Record<string, unknown>;
    if (kind !== 'Put' && kind !== 'ConditionCheck') return validation(`This fake serves no ${String(kind)} action`);
    const item = kind === 'Put' ? ((body.Item ?? {}) as DynamoItem) : undefined;
    const key = itemKey(item ?? ((body.Key ?? {}) as DynamoItem));
    if (key === undefined) return validation('One of the required keys was not given a value');
    if (item !== undefined && itemSize(item) > DYNAMO_ITEM_MAX_BYTES)
      return validation('Item size has exceeded the maximum allowed size');
    bytes += item === undefined ? 0 : itemSize(item);
    const table = String(body.TableName);
    if (steps.some((s) => s.table === table && s.key === key))
      return validation('Transaction request cannot include multiple operations on one item');
    steps.push({ table, key, ...(item !== undefined && { item }), request: body });
  }
  if (bytes > DYNAMO_TRANSACTION_MAX.bytes) return validation('Transaction size has exceeded the maximum allowed size');
  const reasons: { Code: string; Message?: string }[] = [];
  for (const { table, key, request } of steps) {
    const expression = request.ConditionExpression;
    if (typeof expression !== 'string') {
      reasons.push({ Code: 'None' });
      continue;
    }
    const held = evaluate(expression, request, tables.get(table)?.get(key));
    if (typeof held !== 'boolean') return held;
    reasons.push(
      held ? { Code: 'None' } : { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    );
  }
  if (reasons.some((r) => r.Code !== 'None'))
    return {
      status: 400,
      type: `${NAMESPACE}TransactionCanceledException`,
      message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons
        .map((r) => r.Code)
        .join(', ')}]`,
      extra: { CancellationReasons: reasons },
    };
  for (const { table, key, item } of steps) {
    if (item === undefined) continue;
    const held = tables.get(table) ?? new Map<string, DynamoItem>();
    tables.set(table, held);
    held.set(key, item);
  }
  return { body: {} };
}
