// The random values of an OAuth authorization request: state, nonce, and a PKCE S256 pair (RFC 7636 §4.2), one way
// for the authorize check and both sign-in flows.
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: a state, a nonce or a PKCE code verifier. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** A fresh PKCE pair: the verifier (a secret until the code exchange), and the parameters the request carries. */
export function pkce(): {
  readonly verifier: string;
  readonly challenge: { readonly code_challenge: string; readonly code_challenge_method: 'S256' };
} {
  const verifier = randomToken();
  return {
    verifier,
    challenge: {
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    },
  };
}
