// Okta's side of a passkey (FIDO2 WebAuthn), written apart from the probe's authenticator
// (functions/credentials/webauthn.ts) on purpose: the relying party that judges the probe's assertions must not share
// its code. It verifies what W3C Web Authentication Level 2 §7.2 has a relying party verify: the client data's type,
// challenge and origin, the RP ID hash, the user present and (when required) verified flags, the ES256 signature over
// authenticatorData || SHA-256(clientDataJSON) with a known credential's key, and a signature counter that only
// grows (§6.1.1). Every input is hostile: bounded, parsed without a throw.
import { createHash, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';

/** A user's passkey as the org keeps it: its credential id, its public key, the last counter it signed with. */
export interface WebauthnEnrollment {
  readonly credentialId: string;
  readonly publicKey: KeyObject;
  counter: number;
}

/** A seeded passkey: the org's enrollment, and the private half the simulator hands the probe in its passkey file. */
export function seedPasskey(): {
  readonly enrollment: WebauthnEnrollment;
  readonly privateJwk: Record<string, unknown>;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    enrollment: { credentialId: randomBytes(32).toString('base64url'), publicKey, counter: 0 },
    privateJwk: privateKey.export({ format: 'jwk' }) as Record<string, unknown>,
  };
}

/** A fresh challenge, as the widget's mocks carry them (20 base64url characters: 15 random bytes). */
export const newChallenge = (): string => randomBytes(15).toString('base64url');

/** What the assertion must match: the transaction's challenge, the org's origin and RP ID, user verification. */
export interface Expected {
  readonly challenge: string;
  readonly origin: string;
  readonly rpId: string;
  readonly userVerification: 'required' | 'preferred' | 'discouraged';
}

/** The most a field of the answer may hold: a clientDataJSON is a few hundred bytes, a signature 72. */
const MAX_FIELD = 4096;

/** Why the assertion fails, or undefined when it verifies against one of `enrollments` (whose counter it advances). */
export function verifyAssertion(
  credentials: Readonly<Record<string, unknown>>,
  expected: Expected,
  enrollments: readonly WebauthnEnrollment[],
): string | undefined {
  const field = (name: string): Buffer | undefined => base64urlField(credentials, name, MAX_FIELD);
  const clientData = field('clientData');
  const authData = field('authenticatorData');
  const signature = field('signatureData');
  if (clientData === undefined || authData === undefined || signature === undefined) return 'fields missing';
  const client = clientDataProblem(clientData, expected);
  if (client !== undefined) return client;
  if (authData.length < 37) return 'authenticator data too short';
  if (!authData.subarray(0, 32).equals(sha256(expected.rpId))) return 'RP ID hash';
  const flags = authData[32]!;
  if ((flags & 0x01) === 0) return 'user not present';
  if (expected.userVerification === 'required' && (flags & 0x04) === 0) return 'user not verified';
  const signed = Buffer.concat([authData, sha256(clientData)]);
  const enrollment = enrollments.find((e) => verifies(signed, e.publicKey, signature));
  if (enrollment === undefined) return 'no enrolled credential verifies the signature';
  const counter = authData.readUInt32BE(33);
  // §6.1.1: a counter not above the stored one (both zero: an authenticator without one) may be a clone.
  if ((counter !== 0 || enrollment.counter !== 0) && counter <= enrollment.counter) return 'counter not above stored';
  enrollment.counter = counter;
  return undefined;
}

/** One base64url field of the IDX answer as bytes; undefined unless a string of at most `max` such characters. */
export function base64urlField(
  credentials: Readonly<Record<string, unknown>>,
  name: string,
  max: number,
): Buffer | undefined {
  const value = credentials[name];
  return typeof value === 'string' && value.length <= max && /^[A-Za-z0-9_-]*={0,2}$/.test(value)
    ? Buffer.from(value, 'base64url')
    : undefined;
}

/** Why clientDataJSON is not what the relying party expects (§7.1 steps 7-9, §7.2 steps 11-13), or undefined. */
export function clientDataProblem(
  bytes: Buffer,
  expected: Pick<Expected, 'challenge' | 'origin'>,
  type: 'webauthn.get' | 'webauthn.create' = 'webauthn.get',
): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return 'client data not JSON';
  }
  const data = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (data.type !== type) return 'client data type';
  const challenge = typeof data.challenge === 'string' ? Buffer.from(data.challenge, 'base64url') : undefined;
  if (challenge === undefined || !challenge.equals(Buffer.from(expected.challenge, 'base64url'))) return 'challenge';
  if (data.origin !== expected.origin) return 'origin';
  return undefined;
}

function verifies(signed: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify('sha256', signed, key, signature);
  } catch {
    return false;
  }
}

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();
