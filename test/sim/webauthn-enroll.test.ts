// The simulator's relying party against the probe's software authenticator: what it accepts is a registration a
// relying party must accept, what it refuses each fails one check of WebAuthn §7.1, and hostile bytes never throw.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aaguidBytes, createPasskey, PROBE_AAGUID } from '../../functions/credentials/attestation';
import { encodeCbor, type CborValue } from '../../functions/credentials/cbor';
import { decodeCbor } from '../../sim/cbor';
import { verifyRegistration, type ExpectedRegistration } from '../../sim/webauthn-enroll';

const ORIGIN = 'https://acme.okta.com';
const CHALLENGE = randomBytes(15).toString('base64url');
const EXPECTED: ExpectedRegistration = {
  challenge: CHALLENGE,
  origin: ORIGIN,
  rpId: 'acme.okta.com',
  userVerification: 'required',
  attestationRequired: false,
  existing: [],
};

/** The attestation object of a new passkey, decoded, changed by `edit`, and encoded again. */
function edited(edit: (authData: Buffer, object: Map<string, CborValue>) => Buffer | void) {
  const made = createPasskey({ challenge: CHALLENGE }, ORIGIN);
  const decoded = decodeCbor(Buffer.from(made.credentials.attestation, 'base64url'))!.value as Map<string, CborValue>;
  const authData = Buffer.from(decoded.get('authData') as Buffer);
  decoded.set('authData', edit(authData, decoded) ?? authData);
  return { ...made.credentials, attestation: encodeCbor(decoded).toString('base64url') };
}

describe('a passkey enrollment, verified as a relying party does', () => {
  it('accepts the software authenticator: its credential id, its key verifying, its counter 0', () => {
    const made = createPasskey({ challenge: CHALLENGE, rpId: 'acme.okta.com' }, ORIGIN);
    const verified = verifyRegistration(made.credentials, EXPECTED);
    expect(verified).toMatchObject({ enrollment: { credentialId: made.passkey.credentialId, counter: 0 } });
    const publicKey = 'enrollment' in verified ? verified.enrollment.publicKey.export({ format: 'jwk' }) : {};
    expect(publicKey).toMatchObject({ x: made.file.privateKey.x, y: made.file.privateKey.y });
  });

  it(
    'sends transports and clientExtensions as the Sign-In Widget does (the JSON text of getTransports() and ' +
      'getClientExtensionResults(); the Passkeys enroll form marks both required), credProps answered when asked',
    () => {
      const plain = createPasskey({ challenge: CHALLENGE }, ORIGIN).credentials;
      expect(JSON.parse(plain.transports)).toEqual(['internal']);
      expect(JSON.parse(plain.clientExtensions)).toEqual({});
      const asked = createPasskey({ challenge: CHALLENGE, credProps: true }, ORIGIN).credentials;
      expect(JSON.parse(asked.clientExtensions)).toEqual({ credProps: { rk: false } });
      expect(verifyRegistration(asked, EXPECTED)).toHaveProperty('enrollment');
    },
  );

  it('takes the org host as RP ID when activationData names none', () => {
    expect(createPasskey({ challenge: CHALLENGE }, ORIGIN).passkey.rpId).toBe('acme.okta.com');
  });

  it('refuses an AAGUID the allowlist lacks, naming it, and accepts one it lists', () => {
    const made = createPasskey({ challenge: CHALLENGE }, ORIGIN);
    expect(
      verifyRegistration(made.credentials, { ...EXPECTED, aaguids: ['cb69481e-8ff7-4039-93ec-0a2729a154a8'] }),
    ).toEqual({ why: 'aaguid', aaguid: PROBE_AAGUID });
    expect(verifyRegistration(made.credentials, { ...EXPECTED, aaguids: [PROBE_AAGUID] })).toHaveProperty('enrollment');
  });

  it('refuses "none" when the org requires attestation', () => {
    const made = createPasskey({ challenge: CHALLENGE }, ORIGIN);
    expect(verifyRegistration(made.credentials, { ...EXPECTED, attestationRequired: true })).toMatchObject({
      why: 'attestation',
    });
  });

  it.each([
    ['another challenge', { challenge: randomBytes(15).toString('base64url') }, 'challenge'],
    ['another origin', { origin: 'https://evil.example' }, 'origin'],
    ['another RP ID', { rpId: 'evil.example' }, 'RP ID hash'],
  ])('refuses %s', (_what, change, detail) => {
    const made = createPasskey({ challenge: CHALLENGE }, ORIGIN);
    expect(verifyRegistration(made.credentials, { ...EXPECTED, ...change })).toEqual({ why: 'invalid', detail });
  });

  it('refuses a credential id the user has enrolled already', () => {
    const made = createPasskey({ challenge: CHALLENGE }, ORIGIN);
    expect(verifyRegistration(made.credentials, { ...EXPECTED, existing: [made.passkey.credentialId] })).toMatchObject({
      why: 'invalid',
      detail: 'credential id already enrolled',
    });
  });

  it.each([
    ['without user presence', (a: Buffer) => void (a[32] = a[32]! & ~0x01), 'user not present'],
    ['without user verification', (a: Buffer) => void (a[32] = a[32]! & ~0x04), 'user not verified'],
    ['without attested credential data', (a: Buffer) => void (a[32] = a[32]! & ~0x40), 'no attested credential data'],
    ['with a 15-byte credential id', (a: Buffer) => void a.writeUInt16BE(15, 53), 'credential id length'],
    [
      'with a credential id longer than the data',
      (a: Buffer) => void a.writeUInt16BE(1023, 53),
      'credential id length',
    ],
    [
      'with bytes after the key',
      (a: Buffer) => Buffer.concat([a, Buffer.from([0])]),
      'credential public key not a COSE key',
    ],
    ['cut short', (a: Buffer) => a.subarray(0, 40), 'authenticator data too short'],
  ])('refuses authenticator data %s', (_what, edit, detail) => {
    expect(verifyRegistration(edited(edit), EXPECTED)).toEqual({ why: 'invalid', detail });
  });

  it('refuses a key that is not ES256 (alg -257) and another format than "none"', () => {
    const rs256 = edited((a) => {
      const keyAt = 55 + a.readUInt16BE(53);
      const key = decodeCbor(a, keyAt)!.value as Map<number, CborValue>;
      key.set(3, -257);
      return Buffer.concat([a.subarray(0, keyAt), encodeCbor(key)]);
    });
    expect(verifyRegistration(rs256, EXPECTED)).toMatchObject({ detail: 'credential public key not ES256 P-256' });
    const packed = edited((_a, object) => void object.set('fmt', 'packed'));
    expect(verifyRegistration(packed, EXPECTED)).toMatchObject({ why: 'invalid' });
  });

  it('never throws on hostile bytes, and refuses them', () => {
    const samples = [
      Buffer.from([0xbf]), // an indefinite map
      Buffer.from([0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // a byte string of 2^64-1 bytes
      Buffer.from([0xa1, 0xa1, 0xa1, 0xa1, 0xa1, 0xa1, 0x01, 0x01]), // maps nested past the depth allowed
      Buffer.from([0xb8, 0xff]), // a map of 255 members announced
      Buffer.from([0x62, 0xc3, 0x28]), // text that is not UTF-8
      Buffer.from([0xa2, 0x01, 0x01, 0x01, 0x02]), // a duplicate key
      Buffer.alloc(0),
    ];
    for (const bytes of samples) expect(decodeCbor(bytes)).toBeUndefined();
    for (let i = 0; i < 500; i += 1) {
      const bytes = randomBytes(1 + (i % 200));
      expect(() => decodeCbor(bytes)).not.toThrow();
      const credentials = { clientData: edited(() => undefined).clientData, attestation: bytes.toString('base64url') };
      expect(verifyRegistration(credentials, EXPECTED)).toHaveProperty('why');
    }
    expect(verifyRegistration({ clientData: 'x'.repeat(9000), attestation: '' }, EXPECTED)).toHaveProperty('why');
  });

  it('encodes CBOR as RFC 8949 Appendix A does', () => {
    expect(encodeCbor(-7).toString('hex')).toBe('26');
    expect(encodeCbor(1000).toString('hex')).toBe('1903e8');
    expect(encodeCbor(-1000).toString('hex')).toBe('3903e7');
    expect(encodeCbor('a').toString('hex')).toBe('6161');
    expect(
      encodeCbor(
        new Map([
          [1, 2],
          [3, 4],
        ]),
      ).toString('hex'),
    ).toBe('a201020304');
    expect(aaguidBytes(PROBE_AAGUID)).toHaveLength(16);
  });
});
