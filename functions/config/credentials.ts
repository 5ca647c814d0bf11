// Credentials in the config: one file serves the CLI and the stack, and each side uses its own. A server may name
// a local credential (privateKeyFile, privateKeyEnv, clientSecretEnv: what the CLI reads) and a secretName (what
// the stack's Lambda reads) at once. The stack never reads a local credential and never uploads one: a key file's
// path is fine in a deploy config, its contents never reach the template. An inline clientSecret is the one thing
// a deploy config refuses. The Lambda reads no config file: the stack hands it each credential's secret (resolved.ts).
import { isAbsolute, resolve } from 'node:path';
import type { CredentialSource } from '../types';
import { normalizePem, pemProblem } from '../credentials/pem';
import { unsetVariableProblem, variableNameProblem } from '../credentials/variable-name';
import {
  ACCEPTED_CREDENTIALS,
  defaultSecretName,
  LOCAL_CREDENTIAL_FIELDS,
  SERVER_SCHEMA,
  type AuthMethod,
  type LocalCredentialField,
} from './schema';
import { looksLikeSecret, readDeclared, type Ctx, type Json, type Problems } from './readers';

export function credentialMethod(credential: CredentialSource): AuthMethod {
  return credential.kind === 'secrets_manager' ? credential.secretKind : credential.kind;
}

/** One server's credential fields, as found: what each mode's reader judges. */
interface CredentialInput {
  readonly entry: Json;
  readonly path: string;
  readonly id: string;
  /** The local credential fields present (privateKeyFile, ...). */
  readonly present: LocalCredentialField[];
  /** undefined when absent, null when present but invalid (already reported). */
  readonly authMethod: AuthMethod | undefined | null;
  /** The stack's secret: undefined when absent, null when present but invalid (already reported). */
  readonly secretName: string | undefined | null;
}

/**
 * A server's credential, of its fields as its level read them (authMethod and secretName, by SERVER_CREDENTIAL_READ)
 * and of the local fields the mode uses, read here: the CLI reads the one it would use, a deploy config each
 * reference beside the stack's secret, so a field the mode never uses is not judged.
 */
export function readCredential(
  entry: Json,
  path: string,
  id: string,
  ctx: Ctx,
  prefix: string,
  read: { readonly authMethod?: AuthMethod; readonly secretName?: string },
): CredentialSource | undefined {
  const input: CredentialInput = {
    entry,
    path,
    id,
    present: LOCAL_CREDENTIAL_FIELDS.filter((field) => entry[field] !== undefined),
    authMethod: presentButWrong(entry, 'authMethod', read.authMethod) ? null : read.authMethod,
    secretName: secretNameOf(entry, read.secretName),
  };
  switch (ctx.mode) {
    case 'cli':
      return readLocalCredential(input, ctx, prefix);
    case 'deploy':
      return readDeployCredential(input, ctx, prefix);
  }
}

/** How a server's table reads authMethod: a method Okta takes but the probe does not send is named as such. */
export const AUTH_METHOD_READ = {
  advice: (value: string) =>
    value === 'client_secret_post'
      ? '(client_secret_post works at Okta too, but the probe sends client_secret_basic)'
      : '',
} as const;

/** A field written but refused (its problem already said), told apart from one left out. */
const presentButWrong = (entry: Json, key: string, read: unknown): boolean =>
  read === undefined && entry[key] !== undefined;

function readLocalCredential(input: CredentialInput, ctx: Ctx, prefix: string): CredentialSource | undefined {
  const { entry, path, id, present, authMethod, secretName } = input;
  const { problems } = ctx;
  // secretName is the stack's: checked for shape, then left to it (or to `run --secrets aws`).
  if (present.length === 0) {
    const secret = typeof secretName === 'string' ? secretName : defaultSecretName(prefix, id);
    problems.add(
      path,
      `no credential for the CLI: set one of ${ACCEPTED_CREDENTIALS.cli}; ` +
        `or run with --secrets aws to read the secret ${secret} from Secrets Manager, as the deployed probe does`,
    );
    return undefined;
  }
  if (present.length > 1) {
    problems.add(
      path,
      `more than one credential (${present.join(', ')}): keep exactly one of ${ACCEPTED_CREDENTIALS.cli}`,
    );
    return undefined;
  }
  const field = present[0] as LocalCredentialField;
  const fieldPath = `${path}.${field}`;
  agreesWith(authMethod, field, path, problems);
  const value = readLocalField(entry, field, path, problems);
  return value === undefined ? undefined : localSource(field, value, fieldPath, ctx);
}

/** The credential one local field names, its key file or variable judged when the run reads credentials. */
function localSource(
  field: LocalCredentialField,
  value: string,
  fieldPath: string,
  ctx: Ctx,
): CredentialSource | undefined {
  const { problems } = ctx;
  switch (field) {
    case 'privateKeyFile': {
      const file = isAbsolute(value) ? value : resolve(ctx.baseDir, value);
      if (!ctx.readCredentials || ctx.credentialFiles === undefined)
        return { kind: 'private_key_jwt', from: 'file', privateKeyFile: file };
      const read = ctx.credentialFiles.keyFile(file, value);
      if ('problem' in read) {
        problems.add(fieldPath, read.problem);
        return undefined;
      }
      if (read.warning !== undefined) problems.warn(fieldPath, read.warning);
      return { kind: 'private_key_jwt', from: 'file', privateKeyFile: file, judgedPem: read.pem };
    }
    case 'privateKeyEnv': {
      if (!ctx.readCredentials) return { kind: 'private_key_jwt', from: 'env', privateKeyEnv: value };
      const text = ctx.env[value] ?? '';
      const problem =
        envProblem(value, 'privateKeyEnv', ctx.env) ?? pemProblem(text, 'the environment variable it names');
      if (problem !== undefined) {
        problems.add(fieldPath, problem);
        return undefined;
      }
      return { kind: 'private_key_jwt', from: 'env', privateKeyEnv: value, judgedPem: normalizePem(text) };
    }
    case 'clientSecretEnv': {
      const problem = ctx.readCredentials ? envProblem(value, 'clientSecretEnv', ctx.env) : undefined;
      if (problem !== undefined) {
        problems.add(fieldPath, problem);
        return undefined;
      }
      return { kind: 'client_secret_basic', from: 'env', clientSecretEnv: value };
    }
    case 'clientSecret':
      return { kind: 'client_secret_basic', from: 'inline', clientSecret: value };
  }
}

function readDeployCredential(input: CredentialInput, ctx: Ctx, prefix: string): CredentialSource | undefined {
  const { entry, path, id, present, authMethod, secretName } = input;
  const { problems } = ctx;
  const secret = typeof entry.secretName === 'string' ? entry.secretName : defaultSecretName(prefix, id);
  let broken = false;
  if (present.includes('clientSecret')) {
    problems.add(
      `${path}.clientSecret`,
      'an inline secret never belongs in a file you deploy from: for the CLI name an environment variable ' +
        'with clientSecretEnv; ' +
        (`the stack reads the secret '${secret}' from Secrets Manager (put it with: aws secretsmanager ` +
          `put-secret-value --secret-id ${secret} --secret-string file://client-secret.txt)`),
    );
    broken = true;
  }
  // The CLI's references: allowed beside the stack's secret, never read here.
  const local = present.filter((field) => field !== 'clientSecret');
  if (local.length > 1) {
    problems.add(
      path,
      `more than one local credential (${local.join(', ')}): keep exactly one of privateKeyFile, ` +
        `privateKeyEnv, clientSecretEnv`,
    );
    broken = true;
  }
  for (const field of local) if (readLocalField(entry, field, path, problems) === undefined) broken = true;
  const [reference] = local;
  const implied = reference === undefined ? undefined : impliedMethod(reference);
  if (reference !== undefined && !agreesWith(authMethod, reference, path, problems)) broken = true;
  const method = authMethod ?? implied;
  if (method === undefined) {
    if (authMethod === undefined && present.length === 0)
      problems.add(`${path}.authMethod`, `required in a deploy config: ${ACCEPTED_CREDENTIALS.deploy}`);
    return undefined;
  }
  if (method === null || broken || secretName === null) return undefined;
  // The key the CLI reads is the key to put: the stack's printed command names it, not a default file name.
  const keyFile = reference === 'privateKeyFile' ? readLocalField(entry, reference, path, problems) : undefined;
  return {
    kind: 'secrets_manager',
    ...(secretName !== undefined && { secretId: secretName }),
    secretKind: method,
    ...(keyFile !== undefined && { keyFile }),
  };
}

/** The auth method a local credential field means. */
function impliedMethod(field: LocalCredentialField): AuthMethod {
  return field === 'privateKeyFile' || field === 'privateKeyEnv' ? 'private_key_jwt' : 'client_secret_basic';
}

/** False, with the problem named, when authMethod contradicts the local credential field beside it. */
function agreesWith(
  authMethod: AuthMethod | undefined | null,
  field: LocalCredentialField,
  path: string,
  problems: Problems,
): boolean {
  const method = impliedMethod(field);
  if (!authMethod || authMethod === method) return true;
  problems.add(
    `${path}.authMethod`,
    `"${authMethod}" contradicts ${field}, which means ${method}; remove authMethod or fix it`,
  );
  return false;
}

/** The region a secret ARN names; undefined for a secret name (read in the region of whoever reads it). */
export function secretArnRegion(secretId: string): string | undefined {
  return secretId.startsWith('arn:') ? secretId.split(':')[3] : undefined;
}

/** How a level's table reads a secretName, a server's or a journey's: a name or an ARN, as declared. */
export const SECRET_NAME_READ = {
  advice: () =>
    'expected a Secrets Manager secret name (letters, digits and /_+=.@-) or a secret ARN ' +
    '(arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)',
} as const;

/** A secretName as read, null when it was written but refused (its problem already said). */
export function secretNameOf(entry: Json, name: string | undefined): string | undefined | null {
  return presentButWrong(entry, 'secretName', name) ? null : name;
}

/**
 * A local credential field as declared, and judged on its face before anything is read; the same in every mode.
 * Never echoes it: a common slip is pasting the key or the secret itself where its file or its variable's name
 * belongs (a PEM in privateKeyFile was printed whole in "cannot read -----BEGIN PRIVATE KEY-----...").
 */
function readLocalField(
  entry: Json,
  field: LocalCredentialField,
  path: string,
  problems: Problems,
): string | undefined {
  return readDeclared(entry, SERVER_SCHEMA, field, problems, {
    parent: path,
    check: (value) => localFieldProblem(field, value),
  });
}

function localFieldProblem(field: LocalCredentialField, value: string): string | undefined {
  if (field === 'privateKeyFile' && looksLikeSecret(value)) {
    return (
      'must be the PATH of a file holding the PKCS#8 PEM private key (e.g. "keys/org.pem", relative to this ' +
      'file), not the key itself: ' +
      ('save the key in a file only you can read (chmod 600) and give its path, or name an environment ' +
        'variable holding it with privateKeyEnv')
    );
  }
  if (field === 'privateKeyEnv') return variableNameProblem(value, 'OKTA_PROBE_KEY');
  if (field === 'clientSecretEnv') return variableNameProblem(value, 'OKTA_PROBE_SECRET');
  return undefined;
}

/**
 * A `*Env` field's variable, for a run: its name judged (a secret pasted there is refused, never quoted), then its
 * value present. Only then is the name printed: while a secret could sit there, it was kept back.
 */
export function envProblem(name: string, field: string, env: NodeJS.ProcessEnv): string | undefined {
  return variableNameProblem(name) ?? unsetVariableProblem(name, field, env[name]);
}
