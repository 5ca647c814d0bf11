// Server credentials from Secrets Manager, for the Lambda. Kept in memory for a few minutes so a warm
// function reads each secret about once per TTL, refetched early after Okta said the credential is wrong
// (someone rotated it), and never thrown: a secret that cannot be read becomes SECRETS_UNAVAILABLE on its
// server, so the run still reports and publishes.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { normalizePem, pemProblem } from './pem';
import { SECRET_PLACEHOLDER } from '../contract';
import { isUserSecretPlaceholder, userSecretFileName } from '../config/user-secret';
import { redact } from '../redact';

export { SECRET_PLACEHOLDER };
import type { AuthMethod, CredentialResult, ServerConfig, SignInConfig, UserCredentialResult } from '../types';
import { parseUserSecret } from './user-secrets';


/** How long a secret read is reused, ms. */
export const SECRET_TTL_MS = 5 * 60_000;

/** How long a previously read value is still used when Secrets Manager cannot be reached, ms. */
export const SECRET_STALE_IF_ERROR_MS = 60 * 60_000;

/** Upper bound of one GetSecretValue exchange, ms, whatever the run's deadline. */
const FETCH_TIMEOUT_MS = 4000;

export interface SecretsResolverOptions {
  /** Client to use; default one created on first use (region from the Lambda environment). */
  readonly client?: SecretsManagerClient;
  /** Clock, epoch ms. */
  readonly now?: () => number;
}

export interface SecretsResolver {
  /** Credential per server id; never rejects. `deadline` (epoch ms) bounds the Secrets Manager calls. */
  resolve(servers: readonly ServerConfig[], deadline?: number): Promise<Map<string, CredentialResult>>;
  /** Forgets the server's secret so the next resolve refetches it (after INVALID_CLIENT: it may have been rotated). */
  invalidate(serverId: string): void;
  /** The synthetic users' secrets per signIn id (issue 18): one JSON secret each; never rejects. */
  resolveUsers(signIns: readonly SignInConfig[], deadline?: number): Promise<Map<string, UserCredentialResult>>;
}

interface CachedSecret {
  readonly value: string;
  readonly fetchedAt: number;
  /** The value is the placeholder, but the version before it (AWSPREVIOUS) was a credential. */
  readonly placeholderAgain: boolean;
}

type SecretRead = { readonly ok: true; readonly value: string; readonly placeholderAgain: boolean } | { readonly ok: false; readonly detail: string };

export function createSecretsResolver(options: SecretsResolverOptions = {}): SecretsResolver {
  const now = options.now ?? Date.now;
  const cache = new Map<string, CachedSecret>();
  const secretIdByServer = new Map<string, string>();
  let client: SecretsManagerClient | undefined = options.client;

  async function getClient(): Promise<SecretsManagerClient> {
    if (client === undefined) {
      const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
      client = new SecretsManagerClient({ maxAttempts: 3 });
    }
    return client;
  }

  async function read(secretId: string, deadline: number | undefined): Promise<SecretRead> {
    const cached = cache.get(secretId);
    const at = now();
    if (cached !== undefined && at - cached.fetchedAt < SECRET_TTL_MS) return { ok: true, value: cached.value, placeholderAgain: cached.placeholderAgain };
    // One exchange's time: FETCH_TIMEOUT_MS, less when the run's deadline is nearer.
    const budget = (): number => Math.max(1, Math.min(FETCH_TIMEOUT_MS, (deadline ?? Infinity) - now()));
    try {
      const value = await fetchValue(secretId, undefined, budget());
      if (value === undefined || value.trim() === '') return { ok: false, detail: `secret ${secretId} has no value` };
      // Only for the placeholder (a fresh deployment, or someone put it back): did the secret ever hold a credential?
      const placeholderAgain = isPlaceholder(value) && (await heldCredentialBefore(secretId, budget()));
      cache.set(secretId, { value, fetchedAt: now(), placeholderAgain });
      return { ok: true, value, placeholderAgain };
    } catch (error) {
      // Secrets Manager briefly unreachable: the last value read is still the best guess for a while.
      if (cached !== undefined && at - cached.fetchedAt < SECRET_STALE_IF_ERROR_MS) return { ok: true, value: cached.value, placeholderAgain: cached.placeholderAgain };
      return { ok: false, detail: `GetSecretValue ${secretId} failed: ${describeError(error)}` };
    }
  }

  async function fetchValue(secretId: string, versionStage: 'AWSPREVIOUS' | undefined, budget: number): Promise<string | undefined> {
    const [sm, { GetSecretValueCommand }] = await Promise.all([getClient(), import('@aws-sdk/client-secrets-manager')]);
    const input = versionStage === undefined ? { SecretId: secretId } : { SecretId: secretId, VersionStage: versionStage };
    const answer = await sm.send(new GetSecretValueCommand(input), { abortSignal: AbortSignal.timeout(budget) });
    return answer.SecretString ?? (answer.SecretBinary ? Buffer.from(answer.SecretBinary).toString('utf8') : undefined);
  }

  /**
   * Whether the version before the current one (AWSPREVIOUS, which Secrets Manager keeps when a value is put) was a
   * credential. No previous version, or a previous placeholder: the secret never held one, and stays quiet.
   * Unreadable: assumed not, so a fresh deployment never pages for a read we could not make.
   */
  async function heldCredentialBefore(secretId: string, budget: number): Promise<boolean> {
    try {
      const previous = await fetchValue(secretId, 'AWSPREVIOUS', budget);
      return previous !== undefined && previous.trim() !== '' && !isPlaceholder(previous);
    } catch {
      return false;
    }
  }

  return {
    async resolve(servers, deadline) {
      const results = new Map<string, CredentialResult>();
      await Promise.all(
        servers.map(async (server) => {
          results.set(server.id, await resolveServer(server, deadline));
        }),
      );
      return results;
    },
    invalidate(serverId) {
      const secretId = secretIdByServer.get(serverId);
      if (secretId !== undefined) cache.delete(secretId);
    },
    async resolveUsers(signIns, deadline) {
      const results = new Map<string, UserCredentialResult>();
      await Promise.all(
        signIns.map(async (signIn) => {
          const secretId = signIn.secrets.from === 'secrets_manager' ? signIn.secrets.secretId : undefined;
          if (secretId === undefined) {
            results.set(signIn.id, { kind: 'unavailable', code: 'SECRETS_UNAVAILABLE', detail: `signIn ${signIn.id}: no secret id in the Lambda configuration (a deployment bug: redeploy the stack)` });
            return;
          }
          const secret = await read(secretId, deadline);
          results.set(signIn.id, secret.ok ? toUserCredential(signIn.id, secretId, secret.value, secret.placeholderAgain) : { kind: 'unavailable', code: 'SECRETS_UNAVAILABLE', detail: redact(secret.detail) });
        }),
      );
      return results;
    },
  };

  async function resolveServer(server: ServerConfig, deadline: number | undefined): Promise<CredentialResult> {
    const source = server.credential;
    if (source.kind !== 'secrets_manager') {
      if (source.kind === 'private_key_jwt' && source.from === 'inline') {
        return { kind: 'private_key_jwt', privateKeyPem: source.privateKeyPem, ...(server.keyId ? { keyId: server.keyId } : {}) };
      }
      if (source.kind === 'client_secret_basic' && source.from === 'inline') return { kind: 'client_secret_basic', clientSecret: source.clientSecret };
      return unavailable(`server ${server.id}: the Lambda reads credentials from Secrets Manager only (got a ${source.kind} file/env source)`);
    }
    if (source.secretId === undefined || source.secretId === '') {
      return unavailable(`server ${server.id}: no secret id in the Lambda configuration (a deployment bug: redeploy the stack)`);
    }
    secretIdByServer.set(server.id, source.secretId);
    const secret = await read(source.secretId, deadline);
    if (!secret.ok) return unavailable(secret.detail);
    return toCredential(server, source.secretId, source.secretKind, secret.value, secret.placeholderAgain);
  }
}

/** Judges a secret's content against the credential kind it must hold; the value never appears in a detail. */
export function toCredential(
  server: Pick<ServerConfig, 'id' | 'keyId'>,
  secretId: string,
  secretKind: AuthMethod,
  raw: string,
  /** The secret held a credential before this placeholder (its AWSPREVIOUS version). */
  placeholderAgain = false,
): CredentialResult {
  const value = raw.trim();
  const putHint = `put it with: aws secretsmanager put-secret-value --secret-id ${secretId} --secret-string file://<file>`;
  if (isPlaceholder(value)) {
    if (placeholderAgain) {
      // Not a fresh deployment: the credential was there and is gone, so every check of this server would fail.
      return unavailable(
        `secret ${secretId} of server ${server.id} holds the stack's placeholder again, after holding a credential (its previous version): ` +
          `someone put the placeholder back, or a stack update reset it; ${putHint}`,
      );
    }
    // Not an outage: nobody has put the credential yet. The server's checks are N/A until then, so a fresh
    // deployment does not page; the run log lists the server as pending.
    // After a prefix change the credential is usually still in the earlier deployment's secret, which the stack keeps.
    return {
      kind: 'not-configured',
      detail: redact(
        `not configured yet: secret ${secretId} of server ${server.id} still holds the placeholder the stack created; ${putHint}; ` +
          'or, if the secret of an earlier deployment (another prefix) holds it, name that secret with secretName in the config',
      ),
    };
  }
  if (secretKind === 'client_secret_basic') {
    if (value.includes('-----BEGIN')) {
      return unavailable(`secret ${secretId} of server ${server.id} holds a PEM block, but the server uses client_secret_basic: ${putHint}`);
    }
    return { kind: 'client_secret_basic', clientSecret: value };
  }
  const pem = normalizePem(value);
  const problem = pemProblem(pem, `secret ${secretId} of server ${server.id}`);
  if (problem !== undefined) return unavailable(`${problem}; ${putHint}`);
  return { kind: 'private_key_jwt', privateKeyPem: pem, ...(server.keyId ? { keyId: server.keyId } : {}) };
}

/** A user's secret judged: the stack's placeholder (not configured yet), or the JSON {"password", "totpSecret"?, "clientSecret"?}. */
export function toUserCredential(id: string, secretId: string, raw: string, placeholderAgain = false): UserCredentialResult {
  // From a file, as the stack's Put output does: a password on the command line stays in the shell's history.
  const putHint = `put it with: aws secretsmanager put-secret-value --secret-id ${secretId} --secret-string file://${userSecretFileName(id)}, a file holding the user's JSON (members password and totpSecret)`;
  if (isPlaceholder(raw)) {
    const detail = placeholderAgain
      ? `secret ${secretId} of signIn ${id} holds the stack's placeholder again, after holding the user's secrets: ${putHint}`
      : `not configured yet: secret ${secretId} of signIn ${id} still holds the placeholder the stack created; ${putHint}`;
    return placeholderAgain ? { kind: 'unavailable', code: 'SECRETS_UNAVAILABLE', detail: redact(detail) } : { kind: 'not-configured', detail: redact(detail) };
  }
  const parsed = parseUserSecret(raw.trim(), `secret ${secretId} of signIn ${id}`);
  return 'problem' in parsed ? { kind: 'unavailable', code: 'SECRETS_UNAVAILABLE', detail: redact(`${parsed.problem}; ${putHint}`) } : parsed.credential;
}

/** The stack's placeholder: a server's text, or a user's JSON whose password is still one (functions/config/user-secret.ts). */
function isPlaceholder(value: string): boolean {
  return isUserSecretPlaceholder(value);
}

function unavailable(detail: string): CredentialResult {
  return { kind: 'unavailable', code: 'SECRETS_UNAVAILABLE', detail: redact(detail) };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
