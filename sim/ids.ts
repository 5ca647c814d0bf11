// Identifiers shaped like Okta's, so logs and screenshots of a demo look like the real thing.
import { randomBytes, randomInt } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random alphanumeric string of `length` characters. */
export function alnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

/** Okta object ids are 20 characters: a 3-character type prefix ("0oa" apps, "aus" servers) and 17 more. */
export const oktaId = (prefix: string): string => prefix + alnum(17);

/** X-Okta-Request-Id: 27 URL-safe characters. */
export const requestId = (): string => randomBytes(20).toString('base64url');

/** The `errorId` of an Okta error envelope: "oae" and 22 more characters. */
export const errorId = (): string => 'oae' + alnum(22);

/** Opaque secret-grade random string (client secrets, opaque access tokens, jti). */
export const opaque = (bytes = 32): string => randomBytes(bytes).toString('base64url');
