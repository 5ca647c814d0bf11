// The catalogues the probe keeps in DynamoDB: each group of SAML apps' records, and the provisioning check's open
// leavers with the key their user ids are hashed with.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { LoadedConfig } from '../functions/config/parse';
import {
  PROVISIONING_KEY_SECRET_ENV,
  PROVISIONING_TABLE_ENV,
  provisioningKeySecretName,
  provisioningTableName,
  SAML_APPS_TABLE,
  samlAppsTableName,
} from '../functions/contract';
import { plannedChecks } from '../functions/plan/checks';
import { expiringTable } from './lambda-defaults';

interface CatalogueTablesProps {
  readonly config: LoadedConfig;
  /** The probe, which alone queries and writes them. */
  readonly function: LambdaFunction;
}

/**
 * The SAML groups' table (with "samlGroups") and the provisioning ledger (with "provisioning"). Their resources are
 * made in `scope` (the ProbeFunction), not in this construct: their logical ids stay those they had before the split,
 * so a deployed stack updates in place, never replacing the retained ledger (docs/decisions/construct-library.md).
 */
export class CatalogueTables extends Construct {
  /** The table of each group of SAML apps' records; none without a group. */
  readonly samlApps?: Table;
  /** The open leavers' table and their hashing key's secret; none without "provisioning". */
  readonly provisioning?: { readonly table: Table; readonly key: Secret };

  constructor(scope: Construct, id: string, props: CatalogueTablesProps) {
    super(scope, id);
    const { config } = props;
    const { prefix } = config.deploy;
    if ((config.probe.samlGroups ?? []).length > 0) this.samlApps = samlAppsTable(scope, props.function, prefix);
    if (plannedChecks(config.probe).some((c) => c.check === 'provisioning-health'))
      this.provisioning = provisioningLedger(scope, props.function, prefix);
  }
}

/**
 * Each group of SAML apps' records: one DynamoDB table, an item per app (functions/lambda/catalogue-dynamodb.ts
 * says why not SSM), on demand: a run reads its groups with one Query each and writes the apps it checked. The
 * function may Query it and BatchWriteItem to it, nothing else. The records are verdicts the probe rebuilds within
 * one cadence: no point-in-time recovery, and the table goes with the stack.
 */
function samlAppsTable(scope: Construct, fn: LambdaFunction, prefix: string): Table {
  const table = expiringTable(
    scope,
    'SamlApps',
    { tableName: samlAppsTableName(prefix), ...SAML_APPS_TABLE },
    "The table holds the SAML apps' last verdicts, which the probe checks again within one cadence (an " +
      'hour by default): a lost table costs one cadence of carried verdicts, not data to recover.',
  );
  table.grant(fn, 'dynamodb:Query', 'dynamodb:BatchWriteItem');
  return table;
}

/**
 * The provisioning-health check's open leavers (functions/lambda/provisioning-dynamodb.ts): a table of its own, an
 * item per leaver keyed by hashes, and the key the user ids are hashed with in a secret CloudFormation generates
 * (never in the template). The ledger is a security finding Okta itself forgets after 90 days: retained, with
 * point-in-time recovery, no TTL. The function may Query the table and BatchWriteItem to it, and read the secret:
 * nothing else.
 */
function provisioningLedger(scope: Construct, fn: LambdaFunction, prefix: string): { table: Table; key: Secret } {
  const table = new Table(scope, 'ProvisioningLedger', {
    tableName: provisioningTableName(prefix),
    partitionKey: { name: SAML_APPS_TABLE.partitionKey, type: AttributeType.STRING },
    sortKey: { name: SAML_APPS_TABLE.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  table.grant(fn, 'dynamodb:Query', 'dynamodb:BatchWriteItem');
  const key = new Secret(scope, 'ProvisioningKey', {
    secretName: provisioningKeySecretName(prefix),
    description:
      'okta-synthetics: the key the provisioning ledger hashes Okta user ids with, so leavers are told apart ' +
      'and never named. Generated; never needed by a person.',
    generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    // Kept with the table: a new key makes every kept leaver's hash unmatched (open until acknowledged).
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  Validations.of(key).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'A hashing key, not a credential: rotating it would only make the kept leavers unmatched; no system ' +
      'outside the stack holds it.',
  });
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['secretsmanager:GetSecretValue'],
      resources: [key.secretArn],
    }),
  );
  fn.addEnvironment(PROVISIONING_TABLE_ENV, provisioningTableName(prefix));
  fn.addEnvironment(PROVISIONING_KEY_SECRET_ENV, provisioningKeySecretName(prefix));
  return { table, key };
}
