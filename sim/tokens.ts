// Access tokens: opaque strings on the Org AS (only Okta reads them, through /introspect), RS256 JWTs on
// a custom AS, stamped with Okta's claims. Every token issued is remembered for /introspect and /revoke.
import { compactDecrypt, CompactEncrypt, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { TokenFaults } from './faults';
import { opaque } from './ids';
import type { RsaKey } from './keys';
import type { AuthServer } from './auth-server';

export interface IssuedToken {
  readonly token: string;
  readonly serverId: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly iat: number;
  readonly exp: number;
  readonly iss: string;
  readonly aud: string;
  readonly jti: string;
  readonly sub: string;
}

/** Okta's default access token lifetime, seconds. */
export const ACCESS_TOKEN_LIFETIME_S = 3600;
/** Tokens kept for introspection at most; the oldest go first (the benchmark issues many). */
const MAX_REMEMBERED = 10_000;

export class TokenStore {
  readonly #tokens = new Map<string, IssuedToken>();

  add(issued: IssuedToken): void {
    if (this.#tokens.size >= MAX_REMEMBERED) {
      const oldest = this.#tokens.keys().next();
      if (!oldest.done) this.#tokens.delete(oldest.value);
    }
    this.#tokens.set(issued.token, issued);
  }

  find(token: string): IssuedToken | undefined {
    return this.#tokens.get(token);
  }

  revoke(token: string): void {
    this.#tokens.delete(token);
  }
}

interface IssueRequest {
  readonly server: AuthServer;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly nowSeconds: number;
  readonly baseUrl: string;
  readonly faults: TokenFaults;
  /** Signs instead of the server's current key when faults.unpublishedKey is set. */
  readonly unpublishedKey: RsaKey;
  /** The user a user grant signs in (sub and uid); absent for client credentials (sub is the client). */
  readonly userId?: string;
}

export async function issueAccessToken(request: IssueRequest): Promise<IssuedToken> {
  const { server, clientId, scopes, nowSeconds } = request;
  const jti = `AT.${opaque(32)}`;
  if (server.kind === 'org') {
    const token = opaque(48);
    return {
      token,
      serverId: server.id,
      clientId,
      scopes,
      iat: nowSeconds,
      exp: nowSeconds + ACCESS_TOKEN_LIFETIME_S,
      iss: server.issuer,
      aud: server.audience,
      jti,
      sub: request.userId ?? clientId,
    };
  }
  const faults = request.faults;
  const exp =
    faults.expiredSecondsAgo === undefined
      ? nowSeconds + ACCESS_TOKEN_LIFETIME_S
      : nowSeconds - faults.expiredSecondsAgo;
  const stamped = {
    iss: faults.issuerPath === undefined ? server.issuer : request.baseUrl + faults.issuerPath,
    aud: faults.audience ?? server.audience,
    iat: exp - ACCESS_TOKEN_LIFETIME_S,
    exp,
  };
  // Okta's claim order: ver, jti, iss, aud, iat, exp, cid, uid (users only), scp, sub.
  const sub = request.userId ?? clientId;
  const claims: Record<string, unknown> = {
    ver: 1,
    jti,
    ...stamped,
    cid: clientId,
    ...(request.userId !== undefined && { uid: request.userId }),
    scp: [...(faults.scp ?? scopes)],
    sub,
  };
  for (const name of server.claims ?? []) if (!(name in claims)) claims[name] = `sim-${name}`;
  for (const name of faults.omitClaims ?? []) delete claims[name];
  const key = faults.unpublishedKey ? request.unpublishedKey : server.keys.current;
  const signed = await new SignJWT(claims).setProtectedHeader({ kid: key.kid, alg: 'RS256' }).sign(key.privateKey);
  const token = faults.encrypt
    ? await encryptForApi(signed)
    : faults.tamperSignature
      ? tamperSignature(signed)
      : signed;
  return { token, serverId: server.id, clientId, scopes, ...stamped, jti, sub };
}

/** Okta's ID token lifetime, seconds. */
const ID_TOKEN_LIFETIME_S = 3600;

interface IdTokenRequest {
  readonly server: AuthServer;
  readonly clientId: string;
  readonly user: { readonly id: string; readonly username: string; readonly email: string; readonly name: string };
  readonly scopes: readonly string[];
  readonly nonce: string | null;
  readonly nowSeconds: number;
  /** Leave out email (a claim the server puts only at /userinfo). */
  readonly thin: boolean;
}

/** An ID token as Okta stamps one: aud is the client id; profile and email claims by scope. */
export async function issueIdToken(request: IdTokenRequest, encrypt = false): Promise<string> {
  const { server, user, scopes, nowSeconds } = request;
  const claims: Record<string, unknown> = {
    sub: user.id,
    ver: 1,
    iss: server.issuer,
    aud: request.clientId,
    iat: nowSeconds,
    exp: nowSeconds + ID_TOKEN_LIFETIME_S,
    jti: `ID.${opaque(32)}`,
    amr: ['pwd'],
    idp: '00o1sim0000000000000',
    ...(request.nonce !== null && { nonce: request.nonce }),
    auth_time: nowSeconds,
    ...userClaims(user, scopes, request.thin),
  };
  const signed = await new SignJWT(claims)
    .setProtectedHeader({ kid: server.keys.current.kid, alg: 'RS256' })
    .sign(server.keys.current.privateKey);
  return encrypt ? encryptForApi(signed) : signed;
}

/** What a user's scopes let the ID token and /userinfo say about the user. */
export function userClaims(
  user: IdTokenRequest['user'],
  scopes: readonly string[],
  thin = false,
): Record<string, unknown> {
  return {
    ...(scopes.includes('profile') && { name: user.name, preferred_username: user.username }),
    ...(scopes.includes('email') && !thin && { email: user.email, email_verified: true }),
  };
}

let apiKey: Promise<{ publicKey: CryptoKey; privateKey: CryptoKey }> | undefined;

/**
 * The signed token as a nested JWT encrypted to the API's public key: the probe never holds the private half, the
 * simulated API does (decryptForApi).
 */
async function encryptForApi(signed: string): Promise<string> {
  apiKey ??= generateKeyPair('RSA-OAEP-256');
  return new CompactEncrypt(new TextEncoder().encode(signed))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT', kid: 'api-encryption-key' })
    .encrypt((await apiKey).publicKey);
}

/** What the API holding the decryption key reads of an encrypted access token: the signed JWT inside, or undefined. */
export async function decryptForApi(token: string): Promise<string | undefined> {
  if (apiKey === undefined || token.split('.').length !== 5) return undefined;
  try {
    const { plaintext } = await compactDecrypt(token, (await apiKey).privateKey);
    return new TextDecoder().decode(plaintext);
  } catch {
    return undefined;
  }
}

/** Flip one bit of the signature: still well-formed base64url of the right length, no longer valid. */
export function tamperSignature(jwt: string): string {
  const [header, payload, signature = ''] = jwt.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}
