// `run --secrets aws`: the CLI reads each server's credential and each synthetic user's secrets (signIn)
// where the deployed probe reads them, from Secrets Manager, with the standard AWS credential chain (environment,
// AWS_PROFILE, SSO, a role). So an admin probes exactly what the Lambda probes, from a laptop, with the same file.
// The judging of a secret's value (placeholder, PEM, client secret or the user's JSON) is the Lambda's own code:
// createSecretsResolver, its resolve() for servers and resolveUsers() for users.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretArnRegion } from '../config/credentials';
import { defaultSecretName, type LoadedConfig } from '../config/schema';
import { createSecretsResolver } from '../credentials/secrets-manager';
import type { CredentialResult, ServerConfig, SignInConfig, UserCredentialResult } from '../types';
import { clientConfig, requireAwsCredentials, type AwsTarget } from './aws';

/** How long all the reads may take together, ms. */
const READ_BUDGET_MS = 15_000;

export interface AwsSecretRead {
  /** The server's id, or the signIn journey's. */
  readonly server: string;
  readonly secretId: string;
  readonly region: string;
}

export interface AwsSecrets {
  readonly credentials: Map<string, CredentialResult>;
  /** The synthetic users' secrets, by signIn id. */
  readonly users: Map<string, UserCredentialResult>;
  /** Which secret each server's credential and each user's secrets came from, and in which region. */
  readonly read: readonly AwsSecretRead[];
}

interface AwsSecretsOptions {
  /** For tests: a client per region. */
  readonly client?: (region: string) => SecretsManagerClient;
  /** The name of the secret the stack creates for an entry that names none: the Preview org's are apart. */
  readonly secretName?: (prefix: string, id: string) => string;
}

/** The secrets of one region: the servers' and the users', each with its SecretId filled in. */
interface RegionReads {
  readonly servers: ServerConfig[];
  readonly signIns: SignInConfig[];
  /** Each secret read, in config order: servers first, then journeys. */
  readonly secrets: { readonly id: string; readonly secretId: string }[];
}

/**
 * The servers' credentials and the users' secrets from Secrets Manager: each entry's secretName, or the secret the
 * stack creates for it (lib/probe-secrets.ts names both alike), in the target's region and profile
 * (functions/cli/aws.ts); a secret ARN is read in its own region. Missing AWS credentials are "could not run" (exit 3),
 * before any probe: the report would otherwise blame every server for our own setup.
 */
export async function readAwsSecrets(
  config: LoadedConfig,
  servers: readonly ServerConfig[],
  target: AwsTarget,
  signIns: readonly SignInConfig[] = [],
  options: AwsSecretsOptions = {},
): Promise<AwsSecrets> {
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const newClient =
    options.client ??
    ((region: string) => new SecretsManagerClient({ maxAttempts: 3, ...clientConfig({ ...target, region }) }));
  const namedRegion = target.region;
  const byRegion = new Map<string, RegionReads>();
  const place = (id: string, named: string | undefined): { readonly secretId: string; readonly reads: RegionReads } => {
    const secretId = named ?? (options.secretName ?? defaultSecretName)(config.deploy.prefix, id);
    const region = secretArnRegion(secretId) ?? namedRegion;
    const reads = byRegion.get(region) ?? { servers: [], signIns: [], secrets: [] };
    byRegion.set(region, reads);
    reads.secrets.push({ id, secretId });
    return { secretId, reads };
  };
  for (const server of servers) {
    const source = server.credential;
    if (source.kind !== 'secrets_manager')
      throw new Error(`readAwsSecrets: server ${server.id} was not loaded in deploy mode`);
    const { secretId, reads } = place(server.id, source.secretId);
    reads.servers.push({ ...server, credential: { kind: 'secrets_manager', secretId, secretKind: source.secretKind } });
  }
  for (const signIn of signIns) {
    if (signIn.secrets.from !== 'secrets_manager')
      throw new Error(`readAwsSecrets: signIn ${signIn.id} was not loaded in deploy mode`);
    const { secretId, reads } = place(signIn.id, signIn.secrets.secretId);
    reads.signIns.push({ ...signIn, secrets: { from: 'secrets_manager', secretId } });
  }

  const deadline = Date.now() + READ_BUDGET_MS;
  const regions: { readonly group: RegionReads; readonly client: SecretsManagerClient; readonly region: string }[] = [];
  // Every region's credentials are judged before any secret is read: a failure leaves nothing half done.
  for (const [region, group] of byRegion) {
    const client = newClient(region);
    await requireAwsCredentials('run --secrets aws', client, { ...target, region });
    regions.push({ group, client, region });
  }
  const credentials = new Map<string, CredentialResult>();
  const users = new Map<string, UserCredentialResult>();
  const read: AwsSecretRead[] = [];
  for (const { group, client, region } of regions) {
    const resolver = createSecretsResolver({ client });
    const [serverResults, userResults] = await Promise.all([
      resolver.resolve(group.servers, deadline),
      resolver.resolveUsers(group.signIns, deadline),
    ]);
    for (const [id, credential] of serverResults) credentials.set(id, credential);
    for (const [id, user] of userResults) users.set(id, user);
    for (const { id, secretId } of group.secrets) read.push({ server: id, secretId, region });
  }
  return { credentials, users, read };
}
