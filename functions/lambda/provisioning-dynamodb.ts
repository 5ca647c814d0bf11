// The Lambda's provisioning ledger: the open leavers in a DynamoDB table of their own, an item per leaver under one
// partition (the catalogue store's shape: lambda/catalogue-dynamodb.ts, one Query a run, 25 writes to a
// BatchWriteItem), and the key their user ids are hashed with in a Secrets Manager secret CloudFormation generated
// (GenerateSecretString: the value is never in the template). Why not SSM: thousands of leavers at a few hundred
// bytes are far past a parameter's 4 KB. The table has no TTL: a leaver stays open until closed or acknowledged, even
// after Okta's log forgot the failure (90 days). Static named imports: esbuild keeps only these commands.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ProvisioningStore } from '../kept-state';
import { StoreError } from '../probe/kept-store';
import { createDynamoCatalogueStore } from './catalogue-dynamodb';
import { SSM_CALL_TIMEOUT_MS } from './journey-state-ssm';
import { budget, NO_RUN_END, type RunEnd } from '../deadline';

/** The one partition of the table: the ledger. */
const LEDGER = 'leavers';

export function createDynamoProvisioningStore(
  table: string,
  secret: string,
  {
    dynamo,
    secrets = new SecretsManagerClient({ maxAttempts: 2 }),
    runEnd = NO_RUN_END,
  }: { readonly dynamo?: DynamoDBClient; readonly secrets?: SecretsManagerClient; readonly runEnd?: RunEnd } = {},
): ProvisioningStore {
  const ledger = createDynamoCatalogueStore(table, { ...(dynamo !== undefined && { client: dynamo }), runEnd });
  let key: Promise<string> | undefined;
  return {
    where: () => `the DynamoDB table ${table}`,
    read: () => ledger.read(LEDGER),
    write: (changed, forgotten) => ledger.write(LEDGER, changed, forgotten),
    // Read once a sandbox: the secret never changes unless someone rotates it, which only reopens hashes.
    key: () =>
      (key ??= readKey(secrets, secret, runEnd).catch((error: unknown) => ((key = undefined), Promise.reject(error)))),
  };
}

/** The hashing key from its secret (the sign-ins' aggregator reads it too, to hash streamed provisioning events). */
export async function readKey(
  client: SecretsManagerClient,
  secret: string,
  runEnd: RunEnd = NO_RUN_END,
): Promise<string> {
  const answer = await client.send(new GetSecretValueCommand({ SecretId: secret }), {
    abortSignal: budget(runEnd(), SSM_CALL_TIMEOUT_MS),
  });
  const value = answer.SecretString ?? '';
  if (value.length < 32) throw new StoreError(`the secret ${secret} holds no key of 32 characters or more`);
  return value;
}
