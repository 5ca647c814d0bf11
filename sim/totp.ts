// Okta's side of TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), written apart from the probe's
// (functions/credentials/totp.ts) on purpose: the simulator that judges the probe's codes must not share its code.
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Bytes(secret: string): Buffer {
  const bits = [...secret.toUpperCase().replace(/[^A-Z2-7]/g, '')]
    .map((c) => ALPHABET.indexOf(c).toString(2).padStart(5, '0'))
    .join('');
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
}

export const stepOf = (epochMs: number): number => Math.floor(epochMs / 30_000);

/** The 6-digit code of `step` for a base32 secret. */
export function codeAt(secret: string, step: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Bytes(secret)).update(message).digest();
  const at = mac[19]! & 0x0f;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}
