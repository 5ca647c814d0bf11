// The credential values of a run (keys and client secrets, the synthetic users' passwords and secrets): what the engine
// and the Lambda scrub from every report, log line and message, in any form (functions/text/redact.ts).
import { createPrivateKey } from 'node:crypto';
import type { CredentialResult, ProbeOptions, UserCredential, UserCredentialResult } from '../types';

export function secretValues(credentials: ReadonlyMap<string, CredentialResult>): string[] {
  return [...credentials.values()].flatMap((c) =>
    c.kind === 'private_key_jwt' ? [c.privateKeyPem] : c.kind === 'client_secret_basic' ? [c.clientSecret] : [],
  );
}

/** The values to scrub from every output: each user's password and secrets. */
export function userSecretValues(users: ReadonlyMap<string, UserCredentialResult> | undefined): string[] {
  return [...(users?.values() ?? [])].flatMap((u) => (u.kind === 'user' ? userCredentialValues(u) : []));
}

/** One user's password and secrets: the one list of the fields a user's credential holds that must never be printed. */
export function userCredentialValues(user: UserCredential): string[] {
  return [user.password, user.totpSecret ?? '', user.clientSecret ?? '', ...passkeyValues(user)].filter(Boolean);
}

/** The passkey's private key in each form it is written: its PEM, and the JWK's private scalar `d` (the file's form).
 * */
function passkeyValues(user: UserCredential): string[] {
  if (user.passkey === undefined) return [];
  const jwk = createPrivateKey(user.passkey.privateKeyPem).export({ format: 'jwk' });
  return [user.passkey.privateKeyPem, jwk.d ?? ''];
}

/**
 * The list a run scrubs with, and grows as it learns more (each SAML app's SSO secrets, grouped or not, the tokens it
 * obtains): the caller's own ProbeOptions.scrubbed when it gave one, so its output paths scrub with the same list.
 */
export function runSecrets(options: Pick<ProbeOptions, 'credentials' | 'users' | 'scrubbed'>): string[] {
  const list = options.scrubbed ?? [];
  list.push(...secretValues(options.credentials), ...userSecretValues(options.users));
  return list;
}
