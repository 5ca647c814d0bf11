// The fake's DynamoDB answers as AWS documents them, on the wire (no SDK between: its error parsing would hide a wrong
// `__type`), and its conditions evaluated as the developer guide's "Condition and filter expressions" says.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAwsFake, type AwsFake } from './aws-fake';
import { DYNAMO_ITEM_MAX_BYTES, itemSize, putItem, type DynamoTables } from './dynamo-fake';

let aws: AwsFake;
beforeAll(async () => {
  aws = await startAwsFake({ quotas: false });
});
afterAll(async () => {
  await aws.close();
});
// Each test writes the one item afresh: none reads what another wrote, in whichever order they run.
beforeEach(() => {
  aws.dynamoTables.clear();
});

/** One DynamoDB call as the SDK sends it: AWS JSON 1.0, the operation in X-Amz-Target. */
async function call(operation: string, input: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(aws.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const key = { journey: { S: 'portal' }, item: { S: 'state' } };
const put = (version: string, condition: Record<string, unknown>) =>
  call('PutItem', { TableName: 't', Item: { ...key, version: { N: version } }, ...condition });

describe("the fake's PutItem", () => {
  it('answers a false condition with HTTP 400 and the documented __type, and writes nothing', async () => {
    const absent = {
      ConditionExpression: 'attribute_not_exists(#v)',
      ExpressionAttributeNames: { '#v': 'version' },
    };
    expect(await put('1', absent)).toEqual({ status: 200, body: {} });
    const refused = await put('2', absent);
    expect(refused).toEqual({
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      },
    });
    const got = await call('GetItem', { TableName: 't', Key: key, ConsistentRead: true });
    expect(got.body).toEqual({ Item: { ...key, version: { N: '1' } } });
  });

  it('compares numbers as numbers, and a value of another type as false', async () => {
    const equals = (v: Record<string, string>) => ({
      ConditionExpression: '#v = :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':v': v },
    });
    await put('5', {});
    expect((await put('6', equals({ N: '5.0' }))).status).toBe(200);
    expect((await put('7', equals({ S: '6' }))).status).toBe(400);
    expect((await put('7', equals({ N: '5' }))).status).toBe(400);
  });

  it('evaluates NOT, OR and attribute_type as documented', async () => {
    const tables: DynamoTables = new Map([['t', new Map([['portal|state', { ...key, version: { S: 'x' } }]])]]);
    const write = (expression: string, values: Record<string, unknown> = {}) =>
      putItem(tables, {
        TableName: 't',
        Item: { ...key, version: { N: '1' } },
        ConditionExpression: expression,
        ExpressionAttributeNames: { '#v': 'version' },
        ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
      });
    expect(write('attribute_type(#v, :n)', { ':n': { S: 'N' } })).toMatchObject({ status: 400 });
    expect(write('attribute_not_exists(#v) OR NOT attribute_type(#v, :n)', { ':n': { S: 'N' } })).toEqual({ body: {} });
    // Now a number: the same condition is false.
    expect(write('attribute_not_exists(#v) OR NOT attribute_type(#v, :n)', { ':n': { S: 'N' } })).toMatchObject({
      status: 400,
      type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
    });
  });

  it('refuses a value or a name the expression does not use, and an expression it cannot read', async () => {
    const unused = await call('PutItem', {
      TableName: 't',
      Item: key,
      ConditionExpression: 'attribute_not_exists(#v)',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':x': { N: '1' } },
    });
    expect(unused.status).toBe(400);
    expect(unused.body.message).toMatch(/unused in expressions: keys: \{:x\}/);
    const unknown = await call('PutItem', { TableName: 't', Item: key, ConditionExpression: 'size(#v) > :one' });
    expect(unknown.status).toBe(400);
    expect(String(unknown.body.__type)).toMatch(/ValidationException$/);
  });

  it('refuses an item over 400 KB, counting attribute names and values', async () => {
    const name = 'state';
    const fits = 'x'.repeat(DYNAMO_ITEM_MAX_BYTES - itemSize(key) - name.length);
    expect(itemSize({ ...key, [name]: { S: fits } })).toBe(DYNAMO_ITEM_MAX_BYTES);
    expect((await call('PutItem', { TableName: 't', Item: { ...key, [name]: { S: fits } } })).status).toBe(200);
    const over = await call('PutItem', { TableName: 't', Item: { ...key, [name]: { S: `${fits}x` } } });
    expect(over).toEqual({
      status: 400,
      body: {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'Item size has exceeded the maximum allowed size',
      },
    });
  });
});
