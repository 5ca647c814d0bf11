// The credential values of a run (keys and client secrets): what the engine and the Lambda scrub from every
// report, log line and message, in any form (functions/redact.ts).
import type { CredentialResult } from '../types';

export function secretValues(credentials: ReadonlyMap<string, CredentialResult>): string[] {
  return [...credentials.values()].flatMap((c) => (c.kind === 'private_key_jwt' ? [c.privateKeyPem] : c.kind === 'client_secret_basic' ? [c.clientSecret] : []));
}
