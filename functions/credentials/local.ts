// Resolves the CLI's credentials (key files, environment variables, inline secrets) into what the engine
// takes. A problem becomes an "unavailable" credential with INVALID_CLIENT, so the report names the server
// and the fix instead of the CLI crashing; the secret itself never appears in any message.
import { readPemFile } from './key-file';
import { normalizePem, pemProblem } from './pem';
import { shownVariable } from './variable-name';
import { readUserSecretFile } from './user-secrets';
import { readPasskeyFile } from './passkey';
import type { CredentialResult, CredentialSource, ProbeConfig } from '../types';

/**
 * The CLI's readers of the credential files a config names, for loadConfigFile's `credentialFiles`: the config is
 * judged with the same reads `run` would make, so a bad key file is a config error, not a failed check.
 */
export const LOCAL_CREDENTIAL_FILES = {
  keyFile: readPemFile,
  userSecretsFile: readUserSecretFile,
  passkeyFile: readPasskeyFile,
} as const;

export function resolveLocalCredentials(probe: ProbeConfig, env: NodeJS.ProcessEnv): Map<string, CredentialResult> {
  const credentials = new Map<string, CredentialResult>();
  for (const server of probe.servers) {
    credentials.set(server.id, resolveOne(server.credential, server.keyId, env));
  }
  return credentials;
}

function resolveOne(source: CredentialSource, keyId: string | undefined, env: NodeJS.ProcessEnv): CredentialResult {
  if (source.kind === 'secrets_manager') {
    return unavailable(
      'this server reads its credential from Secrets Manager, which only the deployed Lambda does; locally ' +
        'use privateKeyFile, privateKeyEnv or clientSecretEnv',
    );
  }
  if (source.kind === 'client_secret_basic') {
    if (source.from === 'inline') return { kind: 'client_secret_basic', clientSecret: source.clientSecret };
    const secret = env[source.clientSecretEnv];
    if (secret === undefined || secret === '')
      return unavailable(`${shownVariable(source.clientSecretEnv, 'clientSecretEnv')} is not set`);
    return { kind: 'client_secret_basic', clientSecret: secret };
  }
  // Read and judged when the config was loaded (loadConfigFile reads credentials): not a second time.
  if (source.from !== 'inline' && source.judgedPem !== undefined) {
    return { kind: 'private_key_jwt', privateKeyPem: source.judgedPem, ...(keyId !== undefined ? { keyId } : {}) };
  }
  let pem: string;
  if (source.from === 'file') {
    // The same bounded read and judgement as the config check's, for a config loaded without reading credentials.
    const read = readPemFile(source.privateKeyFile, source.privateKeyFile);
    if ('problem' in read) return unavailable(read.problem);
    pem = read.pem;
  } else {
    const shown =
      source.from === 'inline' ? 'the configured private key' : shownVariable(source.privateKeyEnv, 'privateKeyEnv');
    pem = source.from === 'inline' ? source.privateKeyPem : (env[source.privateKeyEnv] ?? '');
    if (pem === '') return unavailable(`${shown} is not set`);
    const problem = pemProblem(pem, shown);
    if (problem !== undefined) return unavailable(problem);
  }
  return { kind: 'private_key_jwt', privateKeyPem: normalizePem(pem), ...(keyId !== undefined ? { keyId } : {}) };
}

function unavailable(detail: string): CredentialResult {
  return { kind: 'unavailable', code: 'INVALID_CLIENT', detail };
}
