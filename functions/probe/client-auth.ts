// Client authentication for /token and /introspect (RFC 6749 §2.3, RFC 7523 §2.2, OIDC Core §9).
// Never throws: a credential that cannot be used becomes a diagnosis code and a detail that never holds it.
import { createHash, createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { DiagnosisCode } from '../contract';
import { signingAlgorithm, signingKeyProblem } from '../credentials/pem';
import type { CredentialResult } from '../types';

/** What to add to the request: a header (client_secret_basic) or form fields (private_key_jwt). */
export interface ClientAuth {
  readonly headers: Readonly<Record<string, string>>;
  readonly form: Readonly<Record<string, string>>;
}

export type ClientAuthResult =
  | { readonly ok: true; readonly auth: ClientAuth }
  | { readonly ok: false; readonly code: DiagnosisCode; readonly detail: string };

interface ClientAuthInput {
  readonly clientId: string;
  /** undefined: no credential was resolved for this server. */
  readonly credential: CredentialResult | undefined;
  /** The exact URL the request goes to: Okta rejects an assertion whose `aud` is any other URL. */
  readonly audience: string;
  /** `kid` header of the assertion; Okta matches the app's registered key either way. */
  readonly keyId?: string;
  /** Epoch ms. */
  readonly now: number;
}

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Assertion lifetime, seconds: Okta refuses an `exp` more than an hour ahead. */
const ASSERTION_LIFETIME_SECONDS = 300;
const UNREADABLE_KEY = 'private key could not be read (PKCS#8 PEM expected)';

type SigningKey = { readonly key: KeyObject; readonly alg: string } | { readonly error: string };

// Keyed by a hash of the PEM so a warm Lambda imports each key once and the map never holds the PEM itself.
const importedKeys = new Map<string, SigningKey>();

/** The digest and signature encoding of each algorithm a client assertion is signed with (RFC 7518 §3.1). */
const JWS_SIGNING: Readonly<Record<string, { readonly hash: string; readonly ecdsa: boolean }>> = {
  RS256: { hash: 'sha256', ecdsa: false },
  ES256: { hash: 'sha256', ecdsa: true },
  ES384: { hash: 'sha384', ecdsa: true },
  ES512: { hash: 'sha512', ecdsa: true },
};

/** Headers and form fields that authenticate `clientId` at `audience`. */
export async function authenticateClient(input: ClientAuthInput): Promise<ClientAuthResult> {
  const { credential } = input;
  if (credential === undefined) {
    return { ok: false, code: 'SECRETS_UNAVAILABLE', detail: 'no credential was resolved for this server' };
  }
  switch (credential.kind) {
    case 'unavailable':
      return { ok: false, code: credential.code, detail: credential.detail };
    case 'not-configured':
      return { ok: false, code: 'SECRETS_UNAVAILABLE', detail: credential.detail };
    case 'client_secret_basic':
      return {
        ok: true,
        auth: { headers: { authorization: basicAuthorization(input.clientId, credential.clientSecret) }, form: {} },
      };
    case 'private_key_jwt':
      return privateKeyJwt(input, credential.privateKeyPem, credential.keyId ?? input.keyId);
  }
}

/**
 * `Basic base64(client_id:client_secret)`, the halves as they are, the way Okta documents it (okta-sdk-nodejs
 * oas-spec/oauth.yaml: "Authorization: Basic {base64(<client_id>:<client_secret>)}") and its own SDKs send it
 * (okta-auth-js lib/oidc/introspect.ts and revokeToken.ts: btoa(`${clientId}:${clientSecret}`)), not with
 * RFC 6749 §2.3.1's form-urlencoding of each half: for a secret with `~ ! + space` the two differ, and Okta
 * compares what its docs describe. Okta's secrets are printable ASCII only (management.yaml: "must only
 * contain printable ASCII: [x20-x7E]+"); anything else is sent as UTF-8 rather than refused here.
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
}

function privateKeyJwt(input: ClientAuthInput, pem: string, keyId: string | undefined): ClientAuthResult {
  const signing = signingKey(pem);
  if ('error' in signing) return { ok: false, code: 'INVALID_CLIENT', detail: signing.error };
  const nowSeconds = Math.floor(input.now / 1000);
  const claims = {
    iss: input.clientId,
    sub: input.clientId,
    aud: input.audience,
    iat: nowSeconds,
    exp: nowSeconds + ASSERTION_LIFETIME_SECONDS,
    // Okta refuses a reused jti ("The client_assertion token has already been used.").
    jti: randomUUID(),
  };
  let assertion: string;
  try {
    assertion = signedJwt(
      keyId === undefined ? { alg: signing.alg } : { alg: signing.alg, kid: keyId },
      claims,
      signing,
    );
  } catch (error) {
    // A key node:crypto reads but will not sign with: the reason names the rule, never the key.
    return {
      ok: false,
      code: 'INVALID_CLIENT',
      detail: `the private key cannot sign a client assertion: ${errorCode(error)}`,
    };
  }
  return {
    ok: true,
    auth: {
      headers: {},
      form: { client_id: input.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion },
    },
  };
}

/**
 * A compact JWS (RFC 7515 §7.1), signed in this thread by node:crypto. WebCrypto (jose's SignJWT) signs on the thread
 * pool, and its answer waits behind every request the run's first wave sets up: the Org AS's token request, the head
 * of a cycle's longest chain (token, then introspect), went out last of that wave (BENCHMARKS.md, section ag).
 */
function signedJwt(
  header: Record<string, string>,
  claims: Record<string, string | number>,
  { key, alg }: { readonly key: KeyObject; readonly alg: string },
): string {
  const how = JWS_SIGNING[alg];
  if (how === undefined) throw new Error(`unsupported alg ${alg}`);
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part(header)}.${part(claims)}`;
  // ES* signatures are the raw r || s of RFC 7518 §3.4, not DER.
  const signature = sign(how.hash, Buffer.from(input), how.ecdsa ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * The CPU work of client authentication, done before any request's clock starts: each private key imported
 * (cached for the process) and one throwaway assertion signed, so the signing code is compiled. Done inside the
 * first cycle instead, it runs while that cycle's other requests are timed and shows as Okta latency.
 * Returns how long it took, ms. Never throws; an unusable key is diagnosed later, where it is used.
 */
export function prepareClientAuth(credentials: Iterable<CredentialResult>): number {
  const started = performance.now();
  for (const credential of credentials) {
    if (credential.kind !== 'private_key_jwt') continue;
    // privateKeyJwt answers an unusable key as a result; the server's token check reports it, and no other's.
    privateKeyJwt(
      { clientId: 'prepare', credential, audience: 'https://prepare.invalid/token', now: Date.now() },
      credential.privateKeyPem,
      undefined,
    );
  }
  return performance.now() - started;
}

function signingKey(pem: string): SigningKey {
  const id = createHash('sha256').update(pem).digest('base64url');
  let imported = importedKeys.get(id);
  if (imported === undefined) {
    imported = importSigningKey(pem);
    importedKeys.set(id, imported);
  }
  return imported;
}

function importSigningKey(pem: string): SigningKey {
  // PKCS#8 only ("BEGIN PRIVATE KEY", as jose's importPKCS8 asks): node:crypto would also read PKCS#1 and SEC1, which
  // the config check refuses by the same rule.
  if (!pem.startsWith('-----BEGIN PRIVATE KEY-----')) return { error: UNREADABLE_KEY };
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    return { error: UNREADABLE_KEY };
  }
  // The config check and both credential resolvers refuse such a key first, by the same rule (pem.ts).
  const problem = signingKeyProblem(key, 'the private key');
  const alg = signingAlgorithm(key);
  if (problem !== undefined || alg === undefined) return { error: problem ?? UNREADABLE_KEY };
  return { key, alg };
}

/** The error's stable code (node:crypto's ERR_OSSL_...), or its name: never its message, which may quote input. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown error';
}
