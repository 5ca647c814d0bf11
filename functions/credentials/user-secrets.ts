// A synthetic user's secrets as one JSON object, {"password", "totpSecret"?, "clientSecret"?}: the value of
// the stack's Secrets Manager secret and of the CLI's secretsFile alike, so one parser judges both. Variables
// (passwordEnv, totpSecretEnv, clientSecretEnv) are the CLI's other way. No message ever quotes a value.
import type { ProbeConfig, UserCredential, UserCredentialResult, UserSecretSource } from '../types';
import { totpSecretProblem } from './totp';
import { parsePasskey, readPasskeyFile } from './passkey';
import { isPlaceholderValue } from './user-secret';
import { shownVariable } from './variable-name';
import { INPUT_FILES, readRegularFile } from '../read-file';

/** The secret's JSON, judged: a password, and a base32 TOTP secret and a client secret when present. */
export function parseUserSecret(
  text: string,
  shown: string,
): { readonly credential: UserCredential } | { readonly problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {
      problem:
        `${shown} is not JSON: it must hold {"password": "...", "totpSecret": "..."} (totpSecret and ` +
        `clientSecret optional)`,
    };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { problem: `${shown} must be a JSON object {"password": "...", "totpSecret": "..."}` };
  const { password, totpSecret, clientSecret, passkey, ...rest } = raw as Record<string, unknown>;
  const unknown = Object.keys(rest);
  const unfilled = Object.entries({ password, totpSecret, clientSecret })
    .filter(([, value]) => isPlaceholderValue(value))
    .map(([key]) => key);
  if (unfilled.length > 0) {
    return {
      problem:
        `${shown}: ${unfilled.map((key) => `"${key}"`).join(' and ')} still ${unfilled.length === 1 ? 'holds' : 'hold'} ` +
        `the stack's placeholder: put the real value${
          unfilled.includes('totpSecret') ? ' (remove "totpSecret" if the ' + 'user has no TOTP factor)' : ''
        }`,
    };
  }
  if (unknown.length > 0)
    return {
      problem:
        `${shown} has unknown member(s) ${unknown.join(', ')}: only password, totpSecret, clientSecret and ` +
        'passkey',
    };
  if (typeof password !== 'string' || password === '')
    return { problem: `${shown} has no "password" (a non-empty string)` };
  if (totpSecret !== undefined && (typeof totpSecret !== 'string' || totpSecretProblem(totpSecret) !== undefined)) {
    return {
      problem: `${shown}: "totpSecret" ${typeof totpSecret === 'string' ? totpSecretProblem(totpSecret) : 'must be a string'}`,
    };
  }
  if (clientSecret !== undefined && (typeof clientSecret !== 'string' || clientSecret === ''))
    return { problem: `${shown}: "clientSecret" must be a non-empty string` };
  // Deployed, the passkey is a member of the user's one secret (docs/passkey.md says how to put it there).
  const judged = passkey === undefined ? undefined : parsePasskey(passkey, `${shown}: "passkey"`);
  if (judged !== undefined && 'problem' in judged) return judged;
  return {
    credential: {
      kind: 'user',
      password,
      ...(totpSecret !== undefined && { totpSecret }),
      ...(clientSecret !== undefined && { clientSecret }),
      ...(judged !== undefined && { passkey: judged.passkey }),
    },
  };
}

/**
 * A secrets file read and judged; its problem otherwise (never its contents). Read as every file a user names is: a
 * regular file only, capped, so a FIFO cannot hang the CLI and /dev/zero cannot fill its memory.
 */
export function readUserSecretFile(
  file: string,
  shown: string,
): { readonly credential: UserCredential } | { readonly problem: string } {
  const read = readRegularFile(file, INPUT_FILES.secrets);
  if ('problem' in read) return { problem: `cannot read ${shown} (${read.problem})` };
  return parseUserSecret(read.bytes.toString('utf8'), shown);
}

/** The CLI's users: variables read now, files as judged when the config was loaded. */
export function resolveLocalUsers(probe: ProbeConfig, env: NodeJS.ProcessEnv): Map<string, UserCredentialResult> {
  return new Map(
    (probe.signIn ?? []).map((signIn) => [signIn.id, withPasskey(resolveOne(signIn.secrets, env), signIn.passkeyFile)]),
  );
}

/**
 * The user's passkey read from its file, at each run: a file gone or unreadable is that journey's PASSKEY_UNAVAILABLE
 * (naming the file, sending nothing), never the whole run's configuration error.
 */
function withPasskey(user: UserCredentialResult, passkeyFile: string | undefined): UserCredentialResult {
  if (passkeyFile === undefined || user.kind !== 'user') return user;
  const read = readPasskeyFile(passkeyFile, `passkeyFile ${passkeyFile}`);
  if ('problem' in read)
    return {
      kind: 'unavailable',
      code: 'PASSKEY_UNAVAILABLE',
      detail: `${read.problem}: no password was sent, the journey waits for its passkey`,
    };
  return { ...user, passkey: read.passkey };
}

function resolveOne(source: UserSecretSource, env: NodeJS.ProcessEnv): UserCredentialResult {
  // run --secrets aws reads it with the Lambda's resolver (functions/cli/aws-secrets.ts), never through here.
  if (source.from === 'secrets_manager')
    return unavailable(
      "this user's secrets are in Secrets Manager: run with --secrets aws to read them as the deployed probe " +
        'does, or locally use passwordEnv or secretsFile',
    );
  if (source.from === 'file') {
    if (source.judged !== undefined) return source.judged;
    const read = readUserSecretFile(source.secretsFile, source.secretsFile);
    return 'problem' in read ? unavailable(read.problem) : read.credential;
  }
  const value = (name: string | undefined): string | undefined =>
    name === undefined || env[name] === '' ? undefined : env[name];
  const password = value(source.passwordEnv);
  if (password === undefined) return unavailable(`${shownVariable(source.passwordEnv, 'passwordEnv')} is not set`);
  const totpSecret = value(source.totpSecretEnv);
  const clientSecret = value(source.clientSecretEnv);
  return {
    kind: 'user',
    password,
    ...(totpSecret !== undefined && { totpSecret }),
    ...(clientSecret !== undefined && { clientSecret }),
  };
}

function unavailable(detail: string): UserCredentialResult {
  return { kind: 'unavailable', code: 'SECRETS_UNAVAILABLE', detail };
}
