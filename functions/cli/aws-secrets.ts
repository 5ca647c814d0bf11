// `run --secrets aws`: the CLI reads each server's credential where the deployed probe reads it, from Secrets
// Manager, with the standard AWS credential chain (environment, AWS_PROFILE, SSO, a role). So an admin probes
// exactly what the Lambda probes, from a laptop, with the same file. The judging of a secret's value (placeholder,
// PEM or client secret) is the Lambda's own code: createSecretsResolver.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretArnRegion } from '../config/credentials';
import { defaultSecretName, type LoadedConfig } from '../config/schema';
import { createSecretsResolver } from '../credentials/secrets-manager';
import type { CredentialResult, ServerConfig } from '../types';
import { UsageError } from './frame';

/** How long all the reads may take together, ms. */
const READ_BUDGET_MS = 15_000;

export interface AwsSecretRead {
  readonly server: string;
  readonly secretId: string;
  readonly region: string;
}

export interface AwsSecrets {
  readonly credentials: Map<string, CredentialResult>;
  /** Which secret each server's credential came from, and in which region. */
  readonly read: readonly AwsSecretRead[];
}

export interface AwsSecretsOptions {
  /** --region; else the config's first region; else the SDK's own (AWS_REGION, the profile). */
  readonly region?: string;
  /** For tests: a client per region. */
  readonly client?: (region: string | undefined) => SecretsManagerClient;
}

/**
 * The servers' credentials from Secrets Manager: each server's secretName, or the secret the stack creates for it.
 * A secret ARN is read in its own region. Missing region or AWS credentials are usage errors (exit 2), before any
 * probe: the report would otherwise blame every server for our own setup.
 */
export async function readAwsSecrets(config: LoadedConfig, servers: readonly ServerConfig[], options: AwsSecretsOptions = {}): Promise<AwsSecrets> {
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const newClient = options.client ?? ((region: string | undefined) => new SecretsManagerClient({ maxAttempts: 3, ...(region !== undefined ? { region } : {}) }));
  const namedRegion = options.region ?? config.deploy.regions[0];
  const byRegion = new Map<string | undefined, { readonly server: ServerConfig; readonly secretId: string }[]>();
  for (const server of servers) {
    const source = server.credential;
    if (source.kind !== 'secrets_manager') throw new Error(`readAwsSecrets: server ${server.id} was not loaded in deploy mode`);
    const secretId = source.secretId ?? defaultSecretName(config.deploy.prefix, server.id);
    const region = secretArnRegion(secretId) ?? namedRegion;
    const entry = { server: { ...server, credential: { kind: 'secrets_manager', secretId, secretKind: source.secretKind } as const }, secretId };
    byRegion.set(region, [...(byRegion.get(region) ?? []), entry]);
  }

  const deadline = Date.now() + READ_BUDGET_MS;
  const credentials = new Map<string, CredentialResult>();
  const read: AwsSecretRead[] = [];
  for (const [wanted, group] of byRegion) {
    const client = newClient(wanted);
    const region = await resolvedRegion(client);
    await requireCredentials(client);
    const resolved = await createSecretsResolver({ client }).resolve(group.map((g) => g.server), deadline);
    for (const { server, secretId } of group) {
      const credential = resolved.get(server.id);
      if (credential !== undefined) credentials.set(server.id, credential);
      read.push({ server: server.id, secretId, region });
    }
  }
  return { credentials, read };
}

async function resolvedRegion(client: SecretsManagerClient): Promise<string> {
  try {
    return await client.config.region();
  } catch {
    throw new UsageError(
      'run --secrets aws: no AWS region: pass --region REGION, set AWS_REGION, or list "regions" in the config (the secrets live in the region the stack was deployed to)',
      'run',
    );
  }
}

async function requireCredentials(client: SecretsManagerClient): Promise<void> {
  try {
    await client.config.credentials();
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(
      `run --secrets aws: no AWS credentials (${why}): sign in as you would for the AWS CLI (aws sso login, aws configure, AWS_PROFILE or AWS_ACCESS_KEY_ID) and run again`,
      'run',
    );
  }
}
