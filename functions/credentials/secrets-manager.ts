// Server credentials from Secrets Manager, for the Lambda. Kept in memory for a few minutes so a warm
// function reads each secret about once per TTL, refetched early after Okta said the credential is wrong
// (someone rotated it), and never thrown: a secret that cannot be read becomes SECRETS_UNAVAILABLE on its
// server, so the run still reports and publishes.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { normalizePem, pemProblem } from './pem';
import { PLACEHOLDER_GRACE_HOURS, SECRET_PLACEHOLDER } from '../contract';
import { isUserSecretPlaceholder, userSecretFileName } from './user-secret';
import { redact } from '../text/redact';
import { createMemoryCache, forget, readThrough } from '../cache/read-through';
import { budget } from '../deadline';

export { SECRET_PLACEHOLDER };
import type {
  AuthMethod,
  CredentialResult,
  NotConfigured,
  ProbeCache,
  ServerConfig,
  SignInConfig,
  UserCredentialResult,
} from '../types';
import { parseUserSecret } from './user-secrets';

/** How long a secret read is reused, ms. */
export const SECRET_TTL_MS = 5 * 60_000;

/** How long a previously read value is still used when Secrets Manager cannot be reached, ms. */
export const SECRET_STALE_IF_ERROR_MS = 60 * 60_000;

/** Upper bound of one GetSecretValue exchange, ms, whatever the run's deadline. */
const FETCH_TIMEOUT_MS = 4000;

interface SecretsResolverOptions {
  /** Client to use; default one created on first use (region from the Lambda environment). */
  readonly client?: SecretsManagerClient;
  /** Clock, epoch ms. */
  readonly now?: () => number;
  /** Told each time a secret's last value stands in for a read that failed; default: nobody. */
  readonly onStale?: (stale: StaleSecret) => void;
}

export interface SecretsResolver {
  /** Credential per server id; never rejects. `deadline` (epoch ms) bounds the Secrets Manager calls. */
  resolve(servers: readonly ServerConfig[], deadline?: number): Promise<Map<string, CredentialResult>>;
  /** Forgets the server's secret so the next resolve refetches it (after INVALID_CLIENT: it may have been rotated). */
  invalidate(serverId: string): void;
  /** The synthetic users' secrets per signIn id: one JSON secret each; never rejects. */
  resolveUsers(signIns: readonly SignInConfig[], deadline?: number): Promise<Map<string, UserCredentialResult>>;
}

/** What a read learned of a value that is the stack's placeholder. */
interface PlaceholderFacts {
  /** The version before it (AWSPREVIOUS) was a credential: someone put the placeholder back. */
  readonly again?: boolean;
  /** When the placeholder version was made (ISO 8601), once that is more than PLACEHOLDER_GRACE_HOURS ago. */
  readonly overdueSince?: string;
}

interface CachedSecret {
  readonly value: string;
  readonly fetchedAt: number;
  /** The value is the placeholder, but the version before it (AWSPREVIOUS) was a credential. */
  readonly placeholderAgain: boolean;
  /** When the current version was made (GetSecretValue's CreatedDate), epoch ms. */
  readonly createdAt?: number;
}

type SecretRead =
  | { readonly ok: true; readonly value: string; readonly placeholder: PlaceholderFacts }
  | { readonly ok: false; readonly detail: string };

export function createSecretsResolver(options: SecretsResolverOptions = {}): SecretsResolver {
  const reader = new SecretReader(options);
  const secretIdByServer = new Map<string, string>();
  return {
    async resolve(servers, deadline) {
      const results = new Map<string, CredentialResult>();
      await Promise.all(
        servers.map(async (server) => {
          results.set(server.id, await resolveServer(reader, secretIdByServer, server, deadline));
        }),
      );
      return results;
    },
    invalidate(serverId) {
      const secretId = secretIdByServer.get(serverId);
      if (secretId !== undefined) reader.forget(secretId);
    },
    async resolveUsers(signIns, deadline) {
      const results = new Map<string, UserCredentialResult>();
      await Promise.all(
        signIns.map(async (signIn) => {
          results.set(signIn.id, await resolveUser(reader, signIn, deadline));
        }),
      );
      return results;
    },
  };
}

/** A secret's value stood in for a read that failed: which secret, when the value was read, and the failure. */
export interface StaleSecret {
  readonly secretId: string;
  /** When the value standing in was read, ISO 8601. */
  readonly readAt: string;
  /** The failed read, redacted. */
  readonly failure: string;
}

/** What the Lambda logs when a secret's last value stood in for a read that failed (SecretsResolverOptions.onStale). */
export const SECRET_STALE_MESSAGE = 'a secret could not be read: its last value read is used until it is read again';

/**
 * Secrets Manager's values through the one read-through cache (probe/cadence.ts): each read once per SECRET_TTL_MS,
 * and when it cannot be read, the last value read stands in until SECRET_STALE_IF_ERROR_MS after it was read, told as
 * stale (onStale). AWS's caching client does the same (aws-secretsmanager-caching-java, SecretCacheObject: a refresh
 * that throws keeps the last result and retries after a back-off); powertools' SecretsProvider (BaseProvider:
 * `maxAge`, `forceFetch`) throws instead, which here would turn a Secrets Manager blip into SECRETS_UNAVAILABLE for
 * every check. A rotated value is still picked up: the stand-in only ever answers a failed read, a successful read
 * replaces it, and a secret Okta refused is forgotten with its stale copy (forget), so it never stands in again.
 */
class SecretReader {
  readonly #now: () => number;
  readonly #cache: ProbeCache;
  readonly #onStale: (stale: StaleSecret) => void;
  #client: SecretsManagerClient | undefined;

  constructor(options: SecretsResolverOptions) {
    this.#now = options.now ?? Date.now;
    this.#client = options.client;
    this.#cache = createMemoryCache();
    this.#onStale = options.onStale ?? (() => undefined);
  }

  /** The next read of the secret goes to Secrets Manager, and its last value no longer stands in for a failure. */
  forget(secretId: string): void {
    forget(this.#cache, secretId);
  }

  async read(secretId: string, deadline: number | undefined): Promise<SecretRead> {
    const policy = {
      keep: (read: CachedSecret | SecretRead) =>
        'fetchedAt' in read ? { value: read, maxAgeMs: SECRET_TTL_MS } : undefined,
      // From when it was read: a value past SECRET_STALE_IF_ERROR_MS is no better a guess than none.
      staleIfErrorMs: SECRET_STALE_IF_ERROR_MS - SECRET_TTL_MS,
    };
    try {
      const read = await readThrough(this.#cache, secretId, this.#now(), policy, () => this.#fetch(secretId, deadline));
      if (read.fromCache && read.stale !== undefined) {
        const failure = redact(`GetSecretValue ${secretId} failed: ${describeError(read.stale.failure)}`);
        this.#onStale({ secretId, readAt: new Date(read.stale.readAt).toISOString(), failure });
      }
      return 'fetchedAt' in read.value ? this.#asRead(read.value) : read.value;
    } catch (error) {
      return { ok: false, detail: `GetSecretValue ${secretId} failed: ${describeError(error)}` };
    }
  }

  /** One read of the secret now (and, for the placeholder, of its previous version). Throws when it cannot be read. */
  async #fetch(secretId: string, deadline: number | undefined): Promise<CachedSecret | SecretRead> {
    // One exchange's time: FETCH_TIMEOUT_MS, less when the run's deadline is nearer.
    const signal = (): AbortSignal => budget(deadline ?? Infinity, FETCH_TIMEOUT_MS);
    const { value, createdAt } = await this.#fetchValue(secretId, undefined, signal());
    if (value === undefined || value.trim() === '') return { ok: false, detail: `secret ${secretId} has no value` };
    // Only for the placeholder (a fresh deployment, or someone put it back): did the secret ever hold a credential?
    const placeholderAgain = isPlaceholder(value) && (await this.#heldCredentialBefore(secretId, signal));
    return { value, fetchedAt: this.#now(), placeholderAgain, ...(createdAt !== undefined ? { createdAt } : {}) };
  }

  /** A read as the run sees it: a placeholder's facts judged at this run's time (a cached read ages). */
  #asRead(secret: CachedSecret): SecretRead {
    if (!isPlaceholder(secret.value)) return { ok: true, value: secret.value, placeholder: {} };
    const overdue =
      secret.createdAt !== undefined && this.#now() - secret.createdAt > PLACEHOLDER_GRACE_HOURS * 3_600_000;
    return {
      ok: true,
      value: secret.value,
      placeholder: {
        again: secret.placeholderAgain,
        ...(overdue ? { overdueSince: new Date(secret.createdAt ?? 0).toISOString() } : {}),
      },
    };
  }

  async #fetchValue(
    secretId: string,
    versionStage: 'AWSPREVIOUS' | undefined,
    signal: AbortSignal,
  ): Promise<{ value: string | undefined; createdAt?: number }> {
    const [sm, { GetSecretValueCommand }] = await Promise.all([
      this.#getClient(),
      import('@aws-sdk/client-secrets-manager'),
    ]);
    const input =
      versionStage === undefined ? { SecretId: secretId } : { SecretId: secretId, VersionStage: versionStage };
    const answer = await sm.send(new GetSecretValueCommand(input), { abortSignal: signal });
    const value =
      answer.SecretString ?? (answer.SecretBinary ? Buffer.from(answer.SecretBinary).toString('utf8') : undefined);
    const createdAt = answer.CreatedDate instanceof Date ? answer.CreatedDate.getTime() : undefined;
    return { value, ...(createdAt !== undefined && Number.isFinite(createdAt) ? { createdAt } : {}) };
  }

  /**
   * Whether the version before the current one (AWSPREVIOUS, which Secrets Manager keeps when a value is put) was a
   * credential. No previous version, or a previous placeholder: the secret never held one, and stays quiet.
   * Unreadable: assumed not, so a fresh deployment never pages for a read we could not make.
   */
  async #heldCredentialBefore(secretId: string, signal: () => AbortSignal): Promise<boolean> {
    try {
      const { value: previous } = await this.#fetchValue(secretId, 'AWSPREVIOUS', signal());
      return previous !== undefined && previous.trim() !== '' && !isPlaceholder(previous);
    } catch {
      return false;
    }
  }

  /** The client given, else one made on first use (its module loaded then, not at the Lambda's init). */
  async #getClient(): Promise<SecretsManagerClient> {
    if (this.#client === undefined) {
      const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
      this.#client = new SecretsManagerClient({ maxAttempts: 3 });
    }
    return this.#client;
  }
}

/** A server's credential: inline in the Lambda's configuration, or its secret read and judged. */
async function resolveServer(
  reader: SecretReader,
  secretIdByServer: Map<string, string>,
  server: ServerConfig,
  deadline: number | undefined,
): Promise<CredentialResult> {
  const source = server.credential;
  if (source.kind !== 'secrets_manager') {
    if (source.kind === 'private_key_jwt' && source.from === 'inline') {
      return {
        kind: 'private_key_jwt',
        privateKeyPem: source.privateKeyPem,
        ...(server.keyId ? { keyId: server.keyId } : {}),
      };
    }
    if (source.kind === 'client_secret_basic' && source.from === 'inline')
      return { kind: 'client_secret_basic', clientSecret: source.clientSecret };
    return unavailable(
      `server ${server.id}: the Lambda reads credentials from Secrets Manager only (got a ${source.kind} ` +
        `file/env source)`,
    );
  }
  if (source.secretId === undefined || source.secretId === '') {
    return unavailable(
      `server ${server.id}: no secret id in the Lambda configuration (a deployment bug: redeploy the stack)`,
    );
  }
  secretIdByServer.set(server.id, source.secretId);
  const secret = await reader.read(source.secretId, deadline);
  if (!secret.ok) return unavailable(secret.detail);
  return toCredential(server, source.secretId, source.secretKind, secret.value, secret.placeholder);
}

/** A synthetic user's secrets: its one JSON secret read and judged. */
async function resolveUser(
  reader: SecretReader,
  signIn: SignInConfig,
  deadline: number | undefined,
): Promise<UserCredentialResult> {
  const secretId = signIn.secrets.from === 'secrets_manager' ? signIn.secrets.secretId : undefined;
  if (secretId === undefined) {
    return {
      kind: 'unavailable',
      code: 'SECRETS_UNAVAILABLE',
      detail: `signIn ${signIn.id}: no secret id in the Lambda configuration (a deployment bug: redeploy the stack)`,
    };
  }
  const secret = await reader.read(secretId, deadline);
  return secret.ok
    ? toUserCredential(signIn.id, secretId, secret.value, secret.placeholder)
    : { kind: 'unavailable', code: 'SECRETS_UNAVAILABLE', detail: redact(secret.detail) };
}

/** Judges a secret's content against the credential kind it must hold; the value never appears in a detail. */
export function toCredential(
  server: Pick<ServerConfig, 'id' | 'keyId'>,
  secretId: string,
  secretKind: AuthMethod,
  raw: string,
  /** What the read learned of a placeholder: a credential before it, or its age past the grace period. */
  placeholder: PlaceholderFacts = {},
): CredentialResult {
  const value = raw.trim();
  const putHint =
    `put it with: aws secretsmanager put-secret-value ` + `--secret-id ${secretId} --secret-string file://<file>`;
  if (isPlaceholder(value)) {
    if (placeholder.again === true) {
      // Not a fresh deployment: the credential was there and is gone, so every check of this server would fail.
      return unavailable(
        `secret ${secretId} of server ${server.id} holds the stack's placeholder again, after holding a ` +
          `credential (its previous version): ` +
          `someone put the placeholder back, or a stack update reset it; ${putHint}`,
      );
    }
    // Not an outage: nobody has put the credential yet. The server's checks are N/A until then, so a fresh
    // deployment does not page; the run log lists the server as pending.
    // After a prefix change the credential is usually still in the earlier deployment's secret, which the stack keeps.
    if (placeholder.overdueSince !== undefined)
      return overdue(`server ${server.id}`, server.id, secretId, placeholder.overdueSince, putHint);
    return {
      kind: 'not-configured',
      detail: redact(
        `not configured yet: secret ${secretId} of server ${server.id} still holds the placeholder the stack ` +
          `created; ${putHint}; ` +
          ('or, if the secret of an earlier deployment (another prefix) holds it, name that secret with ' +
            'secretName in the config'),
      ),
    };
  }
  if (secretKind === 'client_secret_basic') {
    if (value.includes('-----BEGIN')) {
      return unavailable(
        `secret ${secretId} of server ${server.id} holds a PEM block, but the server uses ` +
          `client_secret_basic: ${putHint}`,
      );
    }
    return { kind: 'client_secret_basic', clientSecret: value };
  }
  const pem = normalizePem(value);
  const problem = pemProblem(pem, `secret ${secretId} of server ${server.id}`);
  if (problem !== undefined) return unavailable(`${problem}; ${putHint}`);
  return { kind: 'private_key_jwt', privateKeyPem: pem, ...(server.keyId ? { keyId: server.keyId } : {}) };
}

/**
 * A user's secret judged: the stack's placeholder (not configured yet), or the JSON {"password", "totpSecret"?,
 * "clientSecret"?}.
 */
export function toUserCredential(
  id: string,
  secretId: string,
  raw: string,
  placeholder: PlaceholderFacts = {},
): UserCredentialResult {
  // From a file, as the stack's Put output does: a password on the command line stays in the shell's history.
  const putHint =
    `put it with: aws secretsmanager put-secret-value --secret-id ${secretId} --secret-string file://${userSecretFileName(id)}, ` +
    `a file holding the user's JSON (members password and totpSecret)`;
  if (isPlaceholder(raw)) {
    const placeholderAgain = placeholder.again === true;
    if (!placeholderAgain && placeholder.overdueSince !== undefined)
      return overdue(`signIn ${id}`, id, secretId, placeholder.overdueSince, putHint);
    const detail = placeholderAgain
      ? `secret ${secretId} of signIn ${id} holds the stack's placeholder again, after holding the user's ` +
        `secrets: ${putHint}`
      : `not configured yet: secret ${secretId} of signIn ${id} still holds the placeholder the stack created; ${putHint}`;
    return placeholderAgain
      ? { kind: 'unavailable', code: 'SECRETS_UNAVAILABLE', detail: redact(detail) }
      : { kind: 'not-configured', detail: redact(detail) };
  }
  const parsed = parseUserSecret(raw.trim(), `secret ${secretId} of signIn ${id}`);
  return 'problem' in parsed
    ? { kind: 'unavailable', code: 'SECRETS_UNAVAILABLE', detail: redact(`${parsed.problem}; ${putHint}`) }
    : parsed.credential;
}

/**
 * A placeholder past the grace period: still N/A (never a page, and not Okta's doing), but the server is not
 * monitored and the run says so, with both ways out. The stack's default name is `<prefix>/<id>`, so after a
 * `prefix` change the credential is in `<old prefix>/<id>`, which the stack kept.
 */
function overdue(what: string, id: string, secretId: string, since: string, putHint: string): NotConfigured {
  return {
    kind: 'not-configured',
    overdueSince: since,
    detail: redact(
      `not monitored: secret ${secretId} of ${what} has held the stack's placeholder since ${since} (more ` +
        `than ${PLACEHOLDER_GRACE_HOURS} h); ${putHint}; ` +
        (`or, after a prefix change, name the secret the stack kept, "<old prefix>/${id}", with secretName in ` +
          `the config and deploy`),
    ),
  };
}

/** The stack's placeholder: a server's text, or a user's JSON whose password is still one (user-secret.ts). */
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
