// A self-signed X.509 certificate for a SAML app's signing key, built with node:crypto alone (DER by hand: Node can
// read certificates but not make them, and the simulator must not need openssl). Okta's SAML apps sign with a
// 2048-bit RSA key whose self-signed certificate lives ten years (okta-developer-docs guides/updating-saml-cert).
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';

const der = (tag: number, body: Buffer): Buffer => {
  const n = body.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
};
const seq = (...parts: Buffer[]): Buffer => der(0x30, Buffer.concat(parts));
const oid = (bytes: number[]): Buffer => der(0x06, Buffer.from(bytes));
const integer = (value: Buffer): Buffer =>
  der(0x02, value[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
/** sha256WithRSAEncryption, 1.2.840.113549.1.1.11, with its NULL parameters. */
const SHA256_RSA = seq(oid([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]), Buffer.from([0x05, 0x00]));
/** A Name of one commonName (2.5.4.3) and one organizationName (2.5.4.10), as Okta's certificates carry. */
const name = (cn: string): Buffer =>
  seq(
    der(0x31, seq(oid([0x55, 0x04, 0x03]), der(0x0c, Buffer.from(cn)))),
    der(0x31, seq(oid([0x55, 0x04, 0x0a]), der(0x0c, Buffer.from('Okta')))),
  );
/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 4.1.2.5). */
function time(epochMs: number): Buffer {
  const iso = new Date(epochMs).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return iso.startsWith('20') && Number(iso.slice(0, 4)) < 2050
    ? der(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : der(0x18, Buffer.from(`${iso}Z`));
}

interface CertificateSpec {
  readonly privateKey: KeyObject | string;
  readonly commonName: string;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly serial?: number;
  /** IPv4 addresses it names (subjectAltName iPAddress): a TLS listener on 127.0.0.1 is verified against them. */
  readonly ipAddresses?: readonly string[];
}

/** Extensions [3] holding subjectAltName (2.5.29.17) of iPAddress [7] names (RFC 5280 4.2.1.6); none: empty. */
function altNames(ips: readonly string[] | undefined): Buffer {
  if (ips === undefined || ips.length === 0) return Buffer.alloc(0);
  const names = seq(...ips.map((ip) => der(0x87, Buffer.from(ip.split('.').map(Number)))));
  return der(0xa3, seq(seq(oid([0x55, 0x1d, 0x11]), der(0x04, names))));
}

/** The certificate as PEM. */
export function selfSignedCertificate(spec: CertificateSpec): string {
  const key = typeof spec.privateKey === 'string' ? createPrivateKey(spec.privateKey) : spec.privateKey;
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const serial = Buffer.alloc(8);
  serial.writeBigUInt64BE(BigInt(spec.serial ?? spec.notBefore));
  const tbs = seq(
    der(0xa0, integer(Buffer.from([2]))),
    integer(serial.subarray(serial.findIndex((b) => b !== 0))),
    SHA256_RSA,
    name(spec.commonName),
    seq(time(spec.notBefore), time(spec.notAfter)),
    name(spec.commonName),
    spki,
    altNames(spec.ipAddresses),
  );
  const signature = sign('sha256', tbs, key);
  const cert = seq(tbs, SHA256_RSA, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const lines = cert.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
