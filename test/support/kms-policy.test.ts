// The KMS fake's key-policy evaluation against what the KMS developer guide says of AWS's own aws/dynamodb key: its
// statement lets the account's principals use the key through DynamoDB only, and IAM still has to allow the caller
// when a statement names the account rather than the caller.
import { describe, expect, it } from 'vitest';
import type { IamStatement } from './iam-policy';
import { kmsRefusal, type KeyPolicy, type KmsCaller } from './kms-policy';

const ACCOUNT = '111122223333';
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k`;
const role = (iam: IamStatement[]): KmsCaller => ({
  kind: 'role',
  arn: `arn:aws:iam::${ACCOUNT}:role/probe`,
  account: ACCOUNT,
  iam,
});
const throughDynamo: KeyPolicy = {
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: ['kms:Decrypt', 'kms:CreateGrant'],
      Condition: {
        StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT },
      },
    },
  ],
};
const allowedByIam = role([{ Effect: 'Allow', Action: 'kms:*', Resource: KEY }]);

describe("the KMS fake's key policy evaluation", () => {
  it('allows an account statement through DynamoDB only when IAM allows the caller too', () => {
    const via = { viaService: 'dynamodb.eu-west-1.amazonaws.com' };
    expect(kmsRefusal(throughDynamo, { caller: allowedByIam, action: 'kms:Decrypt', keyArn: KEY, ...via })).toBe(
      undefined,
    );
    expect(kmsRefusal(throughDynamo, { caller: role([]), action: 'kms:Decrypt', keyArn: KEY, ...via })).toMatch(
      /no identity-based policy/,
    );
  });

  it('refuses a direct call, another service, another account and an action the statement does not list', () => {
    const decrypt = { caller: allowedByIam, action: 'kms:Decrypt', keyArn: KEY };
    expect(kmsRefusal(throughDynamo, decrypt)).toMatch(/no statement/);
    expect(kmsRefusal(throughDynamo, { ...decrypt, viaService: 'sns.eu-west-1.amazonaws.com' })).toMatch(
      /no statement/,
    );
    const other: KmsCaller = {
      kind: 'role',
      arn: 'arn:aws:iam::444455556666:role/x',
      account: '444455556666',
      iam: [],
    };
    const via = { viaService: 'dynamodb.eu-west-1.amazonaws.com' };
    expect(kmsRefusal(throughDynamo, { ...decrypt, caller: other, ...via })).toMatch(/no statement/);
    expect(kmsRefusal(throughDynamo, { ...decrypt, action: 'kms:Encrypt', ...via })).toMatch(/no statement/);
  });

  it('lets an explicit Deny win, and a statement naming the caller allow without IAM', () => {
    const named: KeyPolicy = {
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/probe` }, Action: 'kms:Decrypt' }],
    };
    expect(kmsRefusal(named, { caller: role([]), action: 'kms:Decrypt', keyArn: KEY })).toBe(undefined);
    const denied: KeyPolicy = {
      Statement: [...named.Statement, { Effect: 'Deny', Principal: '*', Action: 'kms:*' }],
    };
    expect(kmsRefusal(denied, { caller: role([]), action: 'kms:Decrypt', keyArn: KEY })).toMatch(/denies/);
  });

  it('matches GrantIsForAWSResource only on CreateGrant made by a service, and knows no other condition key', () => {
    const grants: KeyPolicy = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'kms:CreateGrant',
          Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        },
      ],
    };
    const grant = { caller: allowedByIam, action: 'kms:CreateGrant', keyArn: KEY };
    expect(kmsRefusal(grants, grant)).toMatch(/no statement/);
    expect(kmsRefusal(grants, { ...grant, grantIsForAwsResource: true })).toBe(undefined);
    const unknown: KeyPolicy = {
      Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Condition: { StringEquals: { 'kms:Other': 'x' } } }],
    };
    expect(() => kmsRefusal(unknown, grant)).toThrow(/does not know the condition key kms:Other/);
  });

  it('applies a Deny naming every AWS principal to a service caller too, as IAM reads {"AWS": "*"}', () => {
    const tlsOnly: KeyPolicy = {
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: KEY },
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sns:Publish',
          Resource: KEY,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    const cloudWatch: KmsCaller = { kind: 'service', service: 'cloudwatch.amazonaws.com' };
    const publish = { caller: cloudWatch, action: 'sns:Publish', keyArn: KEY };
    expect(kmsRefusal(tlsOnly, { ...publish, secureTransport: true })).toBe(undefined);
    expect(kmsRefusal(tlsOnly, { ...publish, secureTransport: false })).toMatch(/denies it explicitly/);
  });

  it("lets a statement allow only the resources its Resource names, another resource's never", () => {
    const other: KeyPolicy = {
      Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:*', Resource: KEY }],
    };
    const events: KmsCaller = { kind: 'service', service: 'events.amazonaws.com' };
    expect(kmsRefusal(other, { caller: events, action: 'sqs:SendMessage', keyArn: KEY })).toBe(undefined);
    expect(kmsRefusal(other, { caller: events, action: 'sqs:SendMessage', keyArn: `${KEY}-2` })).toMatch(
      /no statement/,
    );
  });
});
