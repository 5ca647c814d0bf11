// A cookie's value as Okta's case-upload sanitizer writes it: "replaced with the first characters of a hash"
// (support.okta.com, "Sanitizing HTTP Traces"), so Support sees whether the same session or device cookie was sent
// each time without holding one. The hash is an HMAC under a key made for one HAR and never kept: an unkeyed hash of a
// short or guessable value (a device id, a remembered name) could be found again by hashing candidates, and a key
// shared by several files would let whoever holds them link a device or a session across runs and days. Within one
// file, equal values hash equal; across files, nothing matches.
import { createHmac, randomBytes } from 'node:crypto';

/** Hex characters of the HMAC kept: 48 bits, so two of a trace's few dozen values never collide by chance. */
const HASH_CHARS = 12;

/** A HAR's own key: made when the HAR is built, forgotten with it. */
export const harKey = (): Buffer => randomBytes(32);

/** The value's keyed hash, cut to its first characters; an empty value (a cookie cleared) stays empty. */
export function hashedValue(value: string, key: Uint8Array): string {
  if (value === '') return '';
  return `[hash:${createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, HASH_CHARS)}]`;
}
