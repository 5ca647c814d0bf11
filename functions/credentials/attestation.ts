// The software passkey's enrollment: what a browser's navigator.credentials.create() hands Okta, with attestation
// "none" (W3C Web Authentication Level 2 §8.7: no statement, so no certificate that a software authenticator could not
// honestly hold). clientDataJSON of type "webauthn.create" (§5.8.1), and the attestation object CBOR {fmt, attStmt,
// authData} (§6.5.4) whose authData carries the attested credential data (§6.5.1): our AAGUID, the credential id, and
// the ES256 public key as a COSE_Key (RFC 9053 §7.1.1: kty 2 EC2, alg -7, crv 1 P-256, x, y). The IDX API takes
// `credentials: { clientData, attestation }`, each base64url (okta-auth-js
// lib/idx/authenticator/WebauthnEnrollment.ts), and with them `transports` and `clientExtensions`, each the JSON text
// of getTransports() and getClientExtensionResults(), as the Sign-In Widget sends them (EnrollWebauthnView.js,
// util/webauthn.js processWebAuthnResponse; example data ["nfc", "usb"] and {"credProps":{"rk":true}}): the Passkeys
// enroll form marks both required (authenticator-enroll-passkey-promotion-security-key.json).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { encodeCbor, type CborValue } from './cbor';
import { authenticatorData, base64url, clientDataJson, type PasskeySecret } from './webauthn';

/**
 * The AAGUID okta-synthetics' software authenticator states (§6.5.1: "identifying the type of the authenticator"): one
 * value for every install, so that an org's AAGUID allowlist can list it (Security > Authenticators > Passkeys >
 * Actions > AAGUID list > Add custom AAGUID).
 */
export const PROBE_AAGUID = '7bfc0939-5014-4617-9fc3-a26b2360eac4';

/** Flags of authenticator data (§6.1): user present, user verified, attested credential data included. */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;
/** A fresh credential's id: 32 random bytes, as platform authenticators use (§4: at least 16 bytes of entropy). */
const CREDENTIAL_ID_BYTES = 32;

/** What Okta's enroll-authenticator for webauthn hands the authenticator (currentAuthenticator's activationData). */
export interface WebauthnActivation {
  readonly challenge: string;
  /** activationData.rp.id; absent in the widget's own mock, so the org's host is the RP ID then. */
  readonly rpId?: string;
  /** activationData.extensions.credProps asked: the answer says whether the credential is discoverable (§10.1.3). */
  readonly credProps?: boolean;
}

/** The IDX webauthn enrollment's credentials: clientData and attestation (base64url), transports, clientExtensions. */
export type WebauthnAttestation = {
  readonly clientData: string;
  readonly attestation: string;
  /** JSON text of getTransports(): the software authenticator lives in the probe, as a platform one does. */
  readonly transports: string;
  /** JSON text of getClientExtensionResults(): credProps' rk false (the probe names the credential by its id). */
  readonly clientExtensions: string;
};

/** A new passkey: the credentials Okta gets, the passkey file's value (private key as a JWK), and its AAGUID. */
export interface NewPasskey {
  readonly credentials: WebauthnAttestation;
  readonly passkey: PasskeySecret;
  readonly file: { readonly credentialId: string; readonly privateKey: Record<string, unknown>; readonly rpId: string };
}

/** A new P-256 key and credential id, attested "none" for Okta's activation at `origin` (the org's URL). */
export function createPasskey(activation: WebauthnActivation, origin: string): NewPasskey {
  const rpId = (activation.rpId ?? new URL(origin).hostname).toLowerCase();
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const credentialId = randomBytes(CREDENTIAL_ID_BYTES);
  const jwk = publicKey.export({ format: 'jwk' });
  const cose = new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, Buffer.from(jwk.x ?? '', 'base64url')],
    [-3, Buffer.from(jwk.y ?? '', 'base64url')],
  ]);
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(credentialId.length);
  const attested = Buffer.concat([aaguidBytes(PROBE_AAGUID), idLength, credentialId, encodeCbor(cose)]);
  // signCount 0: the journey's first assertion signs above it (its counter is written ahead in the journey's state).
  const authData = authenticatorData(rpId, UP | UV | AT, 0, attested);
  const attestation = encodeCbor(
    new Map<string, CborValue>([
      ['fmt', 'none'],
      ['attStmt', new Map<string, CborValue>()],
      ['authData', authData],
    ]),
  );
  const id = base64url(credentialId);
  return {
    credentials: {
      clientData: base64url(clientDataJson('webauthn.create', activation.challenge, origin)),
      attestation: base64url(attestation),
      transports: JSON.stringify(['internal']),
      clientExtensions: JSON.stringify(activation.credProps === true ? { credProps: { rk: false } } : {}),
    },
    passkey: { credentialId: id, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), rpId },
    file: { credentialId: id, privateKey: privateKey.export({ format: 'jwk' }) as Record<string, unknown>, rpId },
  };
}

/** A UUID's 16 bytes, in the order it is written (§6.5.1: the AAGUID is the UUID's bytes, big-endian). */
export function aaguidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}
