// Okta's side of a passkey's enrollment, as a relying party verifies a registration (W3C Web Authentication Level 2
// §7.1): the client data's type "webauthn.create", challenge and origin; the RP ID hash; user present, user verified
// when required, attested credential data present; the attestation statement's format ("none" only when the org does
// not require attestation, §8.7); the credential id's length (§6.5.1: at most 1023 bytes) and that no enrollment holds
// it already (§7.1 step 22); the COSE key an ES256 P-256 key (RFC 9053 §7.1.1); the AAGUID against the org's allowlist
// (help.okta.com passkeys-aaguid: Security > Authenticators > Passkeys > AAGUID list). Apart from the probe's
// authenticator (functions/credentials/attestation.ts) on purpose; every input is hostile: bounded, never a throw.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { decodeCbor, type Decoded } from './cbor';
import { base64urlField, clientDataProblem, type WebauthnEnrollment } from './webauthn';

/** What the registration must match, and the org's authenticator settings. */
export interface ExpectedRegistration {
  readonly challenge: string;
  readonly origin: string;
  readonly rpId: string;
  readonly userVerification: 'required' | 'preferred' | 'discouraged';
  /** The org requires an attestation statement (a certificate chain): "none" is refused. */
  readonly attestationRequired: boolean;
  /** The AAGUIDs the org allows (lower-case UUIDs); undefined: any. */
  readonly aaguids?: readonly string[];
  /** Credential ids the user has enrolled already (excludeCredentials). */
  readonly existing: readonly string[];
}

/** Why Okta refuses: the authenticator's model ('aaguid'), its missing attestation, or a registration that is wrong. */
export type Refusal =
  | { readonly why: 'aaguid'; readonly aaguid: string }
  | { readonly why: 'attestation' | 'invalid'; readonly detail: string };

/** A clientDataJSON is a few hundred bytes; an attestation object with a 1023-byte id and a key about 1.2 KiB. */
const MAX_FIELD = 8192;
const MAX_CREDENTIAL_ID = 1023;
/** The shortest credential id accepted: 16 bytes (§4 "at least 16 bytes that include at least 100 bits of entropy"). */
const MIN_CREDENTIAL_ID = 16;

/** The enrollment the registration makes, or why it is refused. */
export function verifyRegistration(
  credentials: Readonly<Record<string, unknown>>,
  expected: ExpectedRegistration,
): { readonly enrollment: WebauthnEnrollment } | Refusal {
  const field = (name: string): Buffer | undefined => base64urlField(credentials, name, MAX_FIELD);
  const clientData = field('clientData');
  const attestation = field('attestation');
  if (clientData === undefined || attestation === undefined) return invalid('clientData or attestation missing');
  const client = clientDataProblem(clientData, expected, 'webauthn.create');
  if (client !== undefined) return invalid(client);
  const object = decodeCbor(attestation);
  if (object === undefined || object.end !== attestation.length || !(object.value instanceof Map))
    return invalid('attestation object not CBOR');
  const fmt = object.value.get('fmt');
  const attStmt = object.value.get('attStmt');
  const authData = object.value.get('authData');
  if (typeof fmt !== 'string' || !(attStmt instanceof Map) || !Buffer.isBuffer(authData))
    return invalid('attestation object members');
  if (fmt !== 'none') return invalid(`attestation format ${fmt.slice(0, 20)} not verified by the simulator`);
  if (attStmt.size !== 0) return invalid('"none" attestation with a statement');
  if (expected.attestationRequired)
    return { why: 'attestation', detail: 'attestation "none" and the org requires one' };
  return judgeAuthData(authData, expected);
}

function judgeAuthData(
  authData: Buffer,
  expected: ExpectedRegistration,
): { readonly enrollment: WebauthnEnrollment } | Refusal {
  if (authData.length < 37 + 16 + 2) return invalid('authenticator data too short');
  if (!authData.subarray(0, 32).equals(sha256(expected.rpId))) return invalid('RP ID hash');
  const flags = authData[32]!;
  if ((flags & 0x01) === 0) return invalid('user not present');
  if (expected.userVerification === 'required' && (flags & 0x04) === 0) return invalid('user not verified');
  if ((flags & 0x40) === 0) return invalid('no attested credential data');
  // Extensions (ED) were not asked for.
  if ((flags & 0x80) !== 0) return invalid('extension data not asked for');
  const counter = authData.readUInt32BE(33);
  const aaguid = uuidOf(authData.subarray(37, 53));
  const idLength = authData.readUInt16BE(53);
  if (idLength < MIN_CREDENTIAL_ID || idLength > MAX_CREDENTIAL_ID || 55 + idLength > authData.length)
    return invalid('credential id length');
  const credentialId = authData.subarray(55, 55 + idLength).toString('base64url');
  const cose = decodeCbor(authData, 55 + idLength);
  if (cose === undefined || cose.end !== authData.length || !(cose.value instanceof Map))
    return invalid('credential public key not a COSE key');
  const publicKey = es256Key(cose.value);
  if (publicKey === undefined) return invalid('credential public key not ES256 P-256');
  if (expected.existing.includes(credentialId)) return invalid('credential id already enrolled');
  if (expected.aaguids !== undefined && !expected.aaguids.includes(aaguid)) return { why: 'aaguid', aaguid };
  return { enrollment: { credentialId, publicKey, counter } };
}

/** COSE_Key {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}, its point on the curve. */
function es256Key(key: Map<number | string, Decoded>): KeyObject | undefined {
  const x = key.get(-2);
  const y = key.get(-3);
  if (key.get(1) !== 2 || key.get(3) !== -7 || key.get(-1) !== 1) return undefined;
  if (!Buffer.isBuffer(x) || !Buffer.isBuffer(y) || x.length !== 32 || y.length !== 32) return undefined;
  try {
    return createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: x.toString('base64url'), y: y.toString('base64url') },
      format: 'jwk',
    });
  } catch {
    return undefined;
  }
}

const uuidOf = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const invalid = (detail: string): Refusal => ({ why: 'invalid', detail });
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();
