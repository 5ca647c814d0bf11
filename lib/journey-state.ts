// The sign-in journeys' state: a table of its own, encrypted with a key of its own, that only the probe's role (and the
// browser function's, for the browser journeys) reads and writes, and only its own journeys' items of.
import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRootPrincipal, Effect, type IRole, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  JOURNEY_LEASE_SUFFIX,
  JOURNEY_STATE_ITEM,
  JOURNEY_STATE_PATH_ENV,
  JOURNEY_TABLE,
  JOURNEY_TABLE_ENV,
  journeyStatePath,
  journeyTableName,
} from '../functions/contract';

interface JourneyStateProps {
  /** The deployment's prefix, which the table's name starts with. */
  readonly prefix: string;
  /** The probe, which alone reads and writes the items. */
  readonly function: LambdaFunction;
  /** The ids of this region's journeys the probe runs: the item keys it may use. */
  readonly journeys: readonly string[];
  /**
   * The ids of this region's journeys another function runs (the "browser" journeys, lib/browser-function.ts): the
   * table holds their items, which that function is granted (grantJourneys) and the probe never is.
   * @default none
   */
  readonly others?: readonly string[];
  /**
   * The Preview org's journeys' keys (previewJourneyKey), in the home region with a "preview" block.
   * @default none
   */
  readonly previewKeys?: readonly string[];
}

/**
 * The journeys' state table and its key; nothing without a journey. Its resources are made in `scope` (the
 * ProbeFunction), not in this construct: their logical ids stay those they had before the split, so a deployed
 * stack updates in place, never replacing a retained table (docs/decisions/construct-library.md).
 */
export class JourneyState extends Construct {
  /** The table; none without a journey. */
  readonly table?: TableV2;
  /** The table's key; none without a journey. */
  private readonly key?: Key;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: JourneyStateProps) {
    super(scope, id);
    this.prefix = props.prefix;
    const made = journeyState(scope, props.function, props.prefix, {
      journeys: props.journeys,
      previewKeys: props.previewKeys ?? [],
      others: props.others ?? [],
    });
    if (made !== undefined) {
      this.table = made.table;
      this.key = made.key;
    }
  }

  /**
   * Lets another function (the browser journeys') read and write these journeys' items alone, as the probe does its
   * own: the same statements, held to `journeys` by dynamodb:LeadingKeys, the key's use through DynamoDB and the
   * carry-over of their old parameters; the table and the old parameters' path named in its environment.
   */
  grantJourneys(fn: LambdaFunction, journeys: readonly string[]): void {
    if (this.table === undefined || this.key === undefined || journeys.length === 0)
      throw new Error('JourneyState: no table holds these journeys');
    const stack = Stack.of(this);
    fn.addEnvironment(JOURNEY_TABLE_ENV, journeyTableName(this.prefix));
    fn.addEnvironment(JOURNEY_STATE_PATH_ENV, journeyStatePath(this.prefix));
    fn.addToRolePolicy(keyUse(this.key));
    fn.addToRolePolicy(itemGrant(stack, this.prefix, journeys));
    fn.addToRolePolicy(carryOverGrant(stack, journeyStatePath(this.prefix), journeys));
    fn.node.addDependency(this.table);
  }
}

/**
 * The sign-in journeys' state: one item per journey in a table of its own (functions/lambda/journey-state-dynamodb.ts
 * says why not SSM; docs/decisions/journey-state-table.md why not the quorum table). The function may GetItem and
 * PutItem the items of its own journeys only, and read the SSM parameters that held their state before the table
 * (carried over once), then delete them. A lost table is a lost refusal or lease, which the next run cannot tell
 * from a journey that never ran: the table is retained by every stack operation but the rollback of the one that
 * created it (which leaves nothing to retry against), and recoverable to any second of the last 35 days. Its items
 * hold the DT device cookie: encrypted with a key of its own that only the probe (and the browser function, for its
 * journeys) may use (docs/decisions/device-cookie-securestring.md).
 */
function journeyState(
  scope: Construct,
  fn: LambdaFunction,
  prefix: string,
  keys: {
    readonly journeys: readonly string[];
    readonly previewKeys: readonly string[];
    readonly others: readonly string[];
  },
): { readonly table: TableV2; readonly key: Key } | undefined {
  const { journeys, previewKeys, others } = keys;
  if (journeys.length + previewKeys.length + others.length === 0) return undefined;
  const stack = Stack.of(scope);
  const path = journeyStatePath(prefix);
  // The probe uses the key only for items of its own: with none (a region of browser journeys alone), it has none.
  const probeKeys = [...journeys, ...previewKeys];
  if (probeKeys.length > 0 && fn.role === undefined)
    throw new Error('ProbeFunction: the function has no role to grant the journey key to');
  const tableKey = journeyStateKey(scope, probeKeys.length > 0 ? fn.role : undefined, prefix);
  const table = new TableV2(scope, 'JourneyState', {
    encryption: TableEncryptionV2.customerManagedKey(tableKey),
    tableName: journeyTableName(prefix),
    partitionKey: { name: JOURNEY_TABLE.partitionKey, type: AttributeType.STRING },
    sortKey: { name: JOURNEY_TABLE.sortKey, type: AttributeType.STRING },
    billing: Billing.onDemand(),
    // Only the damaged states kept aside for inspection expire; a journey's state never does.
    timeToLiveAttribute: JOURNEY_TABLE.expires,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    // No deletion protection: it would stop the rollback of the deploy that created the table from deleting it, and
    // the retry would fail on its name. Every later operation keeps it (docs/decisions/rollback-retry.md).
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  // Named, not referenced: the function's environment reads as deployed, as the SAML apps' table's does.
  fn.addEnvironment(JOURNEY_TABLE_ENV, journeyTableName(prefix));
  fn.addEnvironment(JOURNEY_STATE_PATH_ENV, path);
  fn.node.addDependency(table);
  // Its own journeys' items and nothing else of the table ("dynamodb:LeadingKeys ... allows users to access only
  // the items where the partition key value matches", DynamoDB developer guide, "Using IAM policy conditions for
  // fine-grained access control").
  // The Preview org's journeys under keys of their own (previewJourneyKey): never a Production journey's item.
  if (probeKeys.length > 0) fn.addToRolePolicy(itemGrant(stack, prefix, probeKeys));
  if (journeys.length > 0) fn.addToRolePolicy(carryOverGrant(stack, path, journeys));
  const key = JSON.stringify({
    [JOURNEY_TABLE.partitionKey]: { S: '<id>' },
    [JOURNEY_TABLE.sortKey]: { S: JOURNEY_STATE_ITEM },
  });
  new CfnOutput(scope, 'JourneyStateReset', {
    description:
      "Forgets a sign-in journey's state (a refused password, a back-off): its next run sends the password " +
      "again. Replace <id> with the journey's id (the SSM parameters go too, or the state they held before the " +
      'table would be carried over again)',
    value:
      `aws dynamodb delete-item --region ${stack.region} --table-name ${journeyTableName(prefix)} --key '${key}' ` +
      `&& aws ssm delete-parameters --region ${stack.region} --names ${path}/<id> ` +
      `${path}/<id>${JOURNEY_LEASE_SUFFIX}`,
  });
  return { table, key: tableKey };
}

/** GetItem and PutItem of the items of `keys` (each a journey's, or a Preview journey's) and of no other. */
function itemGrant(stack: Stack, prefix: string, keys: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    resources: [stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: journeyTableName(prefix) })],
    conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...keys] } },
  });
}

/** A role's side of the key policy's account statement: what DynamoDB does with the key for its GetItem and PutItem. */
function keyUse(key: Key): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: [...DYNAMODB_KEY_USE, 'kms:CreateGrant'],
    resources: [key.keyArn],
  });
}

/**
 * The journeys' table's key. DynamoDB encrypts every table, by default under a key AWS owns, which any principal
 * allowed dynamodb:GetItem reads through; under this key a reader also needs kms:Decrypt on it from IAM.
 *
 * DynamoDB uses the key on behalf of whoever calls it: CloudFormation's execution role when it creates or updates
 * the table, the probe's role at run time. "At a minimum, DynamoDB requires the following permissions on a customer
 * managed key: kms:Encrypt, kms:Decrypt, kms:ReEncrypt* ..., kms:GenerateDataKey* ..., kms:DescribeKey,
 * kms:CreateGrant" (KMS developer guide, "How Amazon DynamoDB uses AWS KMS"). The policy lets this account's
 * principals have them, through DynamoDB in this region only, as AWS's own aws/dynamodb key does (kms:ViaService,
 * kms:CallerAccount); CreateGrant only for the grants DynamoDB keeps on its table (kms:GrantIsForAWSResource).
 * Naming the account, not a role, means IAM decides who (a statement naming the account lets IAM policies grant the
 * actions it lists: KMS developer guide, "Default key policy"): the probe's role gets them on this key alone, the
 * deployer has them through its AdministratorAccess, and any other principal needs both an IAM grant on the key and
 * dynamodb:GetItem on the table.
 * Not the deploying role by name: its name depends on the bootstrap's qualifier and the synthesizer, and a role
 * deleted and created again no longer matches a key policy that named it (docs/decisions/journey-state-table.md).
 * The account keeps administration (without it the key becomes unmanageable). Retained with the table: a deleted
 * key would leave the retained table unreadable.
 */
function journeyStateKey(scope: Construct, probe: IRole | undefined, prefix: string): Key {
  const stack = Stack.of(scope);
  const throughDynamo = {
    StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.amazonaws.com`, 'kms:CallerAccount': stack.account },
  };
  const policy = new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'AccountAdministersTheKey',
        principals: [new AccountRootPrincipal()],
        actions: [...KEY_ADMINISTRATION],
        resources: ['*'],
      }),
      new PolicyStatement({
        sid: 'AccountPrincipalsUseTheKeyThroughDynamoDB',
        principals: [new AccountRootPrincipal()],
        actions: [...DYNAMODB_KEY_USE],
        resources: ['*'],
        conditions: throughDynamo,
      }),
      new PolicyStatement({
        sid: 'DynamoDBKeepsGrantsOnItsTable',
        principals: [new AccountRootPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { ...throughDynamo, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    ],
  });
  const key = new Key(scope, 'JourneyStateKey', {
    description: `okta-synthetics (${prefix}): encrypts the sign-in journeys' state (the DT device cookie)`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    policy,
  });
  probe?.addToPrincipalPolicy(keyUse(key));
  return key;
}

/**
 * What the account may do with the journeys' key: AWS's key-administrator actions ("Allows key administrators to
 * administer the KMS key", KMS developer guide, "Default key policy"). The cryptographic actions are the account's
 * only through DynamoDB (journeyStateKey). AWS's list writes kms:Create*, which on a key means CreateAlias and
 * CreateGrant: a grant made directly gives its grantee Decrypt outside DynamoDB, so CreateGrant is the account's only
 * in the statement that holds it to DynamoDB's own grants, and administration names CreateAlias alone.
 */
export const KEY_ADMINISTRATION = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
] as const;

/**
 * What DynamoDB does with a table's customer managed key for the principal that calls it, CreateGrant aside (KMS
 * developer guide, "How Amazon DynamoDB uses AWS KMS": "kms:Encrypt, kms:Decrypt, kms:ReEncrypt* (for kms:ReEncryptFrom
 * and kms:ReEncryptTo), kms:GenerateDataKey* (for kms:GenerateDataKey and kms:GenerateDataKeyWithoutPlaintext),
 * kms:DescribeKey, kms:CreateGrant").
 */
const DYNAMODB_KEY_USE = [
  'kms:Encrypt',
  'kms:Decrypt',
  // The two actions each wildcard of the guide's list stands for, named: no wildcard to grant or to acknowledge.
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
] as const;

/**
 * Each journey's state and its lease as the SSM store kept them (functions/lambda/journey-state-ssm.ts): read once,
 * then deleted, since those String parameters hold the device cookie in plain text.
 */
function carryOverGrant(stack: Stack, path: string, journeys: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['ssm:GetParameter', 'ssm:DeleteParameter'],
    resources: journeys
      .flatMap((id) => [id, `${id}${JOURNEY_LEASE_SUFFIX}`])
      .map((name) =>
        stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `${path.slice(1)}/${name}` }),
      ),
  });
}
