// A software WebAuthn authenticator: the bytes a browser and a security key would hand Okta, built from the
// synthetic user's passkey. W3C Web Authentication Level 2: authenticator data (§6.1: rpIdHash 32 bytes, flags,
// signCount
// 4 bytes big-endian, then attested credential data §6.5.1: aaguid 16, credentialIdLength 2, credentialId, the COSE
// key), the assertion signature over authenticatorData || SHA-256(clientDataJSON) (§6.3.3), DER-encoded for ES256 as
// browsers return it (§6.5.6), and the attestation object of format "none" (§8.7): CBOR {fmt, attStmt, authData}.
// The IDX API takes each as base64url (okta-auth-js lib/idx/webauthn.ts getAssertion, getAttestation).
import { createHash, createPrivateKey, sign } from 'node:crypto';
import type { PasskeySecret } from '../types';

export type { PasskeySecret } from '../types';

/** What Okta's challenge-authenticator for webauthn hands the authenticator (its currentAuthenticator challengeData).
 * */
export interface WebauthnChallenge {
  readonly challenge: string;
  readonly userVerification?: string;
  readonly rpId?: string;
}

/** The three strings of the IDX webauthn answer (okta-auth-js WebauthnVerification.ts). */
export interface WebauthnAssertion {
  readonly clientData: string;
  readonly authenticatorData: string;
  readonly signatureData: string;
}

/** Flags of authenticator data (§6.1): user present, user verified, attested credential data included. */
const UP = 0x01;
const UV = 0x04;
/** The largest signCount: 4 bytes. */
export const MAX_SIGN_COUNT = 0xffff_ffff;
/** The longest credential id (§5.8.3: "at most 1023 bytes long"). */
export const MAX_CREDENTIAL_ID_BYTES = 1023;

export const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const fromBase64url = (text: string): Buffer => Buffer.from(text, 'base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

/** rpIdHash || flags || signCount, and what follows them (attested credential data at enrollment). */
export function authenticatorData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
  const head = Buffer.alloc(37);
  sha256(rpId).copy(head, 0);
  head[32] = flags;
  head.writeUInt32BE(counter, 33);
  return attested === undefined ? head : Buffer.concat([head, attested]);
}

/** clientDataJSON as a browser serialises it (§5.8.1.1): type, challenge, origin, crossOrigin. */
export function clientDataJson(type: 'webauthn.get' | 'webauthn.create', challenge: string, origin: string): Buffer {
  // The challenge is the bytes Okta sent, base64url without padding, as the browser re-encodes them.
  const encoded = base64url(fromBase64url(challenge));
  return Buffer.from(JSON.stringify({ type, challenge: encoded, origin, crossOrigin: false }), 'utf8');
}

/** The assertion answering a webauthn challenge, signed with the passkey at `counter`. */
export function assertion(
  passkey: PasskeySecret,
  { challenge, origin, counter }: { readonly challenge: string; readonly origin: string; readonly counter: number },
): WebauthnAssertion {
  const clientData = clientDataJson('webauthn.get', challenge, origin);
  const authData = authenticatorData(passkey.rpId, UP | UV, counter);
  const key = createPrivateKey(passkey.privateKeyPem);
  // node:crypto signs ECDSA as DER (dsaEncoding "der" by default): what WebAuthn's ES256 signature is.
  const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), key);
  return {
    clientData: base64url(clientData),
    authenticatorData: base64url(authData),
    signatureData: base64url(signature),
  };
}
