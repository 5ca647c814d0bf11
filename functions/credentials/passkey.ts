// The synthetic user's passkey, {"credentialId", "privateKey", "rpId"}: the CLI's passkeyFile and the "passkey"
// member of the deployed user's secret alike, so one judge reads both. The private key is an EC P-256 key, as a JWK
// or a PEM. No message ever quotes a value.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { INPUT_FILES, readRegularFile } from '../read-file';
import { MAX_CREDENTIAL_ID_BYTES, type PasskeySecret } from './webauthn';

export type { PasskeySecret } from './webauthn';

type Judged = { readonly passkey: PasskeySecret } | { readonly problem: string };

const SHAPE = '{"credentialId": "<base64url>", "privateKey": <EC P-256 JWK or PEM>, "rpId": "<the org\'s domain>"}';

/** A passkey's JSON value judged: its credential id, its private key (as PKCS#8 PEM) and its RP ID. */
export function parsePasskey(raw: unknown, shown: string): Judged {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { problem: `${shown} must be a JSON object ${SHAPE}` };
  const { credentialId, privateKey, rpId, ...rest } = raw as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    return { problem: `${shown} has unknown member(s) ${unknown.join(', ')}: only credentialId, privateKey and rpId` };
  if (
    typeof credentialId !== 'string' ||
    !/^[A-Za-z0-9_-]{16,}$/.test(credentialId) ||
    Buffer.from(credentialId, 'base64url').length > MAX_CREDENTIAL_ID_BYTES
  )
    return {
      problem: `${shown}: "credentialId" must be the credential's id in base64url (16 to 1023 bytes' worth)`,
    };
  if (typeof rpId !== 'string' || !/^(?=.{1,253}$)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(rpId))
    return {
      problem:
        `${shown}: "rpId" must be the domain the passkey is bound to, without scheme or port (the org's ` +
        'domain, e.g. "acme.okta.com", or its custom domain)',
    };
  const key = privateKeyOf(privateKey);
  if (key === undefined)
    return {
      problem: `${shown}: "privateKey" must be an EC P-256 private key, as a JWK (kty "EC", crv "P-256", d) or a PEM`,
    };
  return {
    passkey: {
      credentialId,
      privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      rpId: rpId.toLowerCase(),
    },
  };
}

/** The key a JWK or a PEM holds, when it is a P-256 private key; never throws (the value is anyone's). */
function privateKeyOf(value: unknown): KeyObject | undefined {
  let key: KeyObject;
  try {
    if (typeof value === 'string' && value.length <= 8192) key = createPrivateKey(value);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value))
      key = createPrivateKey({ key: value as Record<string, string>, format: 'jwk' });
    else return undefined;
  } catch {
    return undefined;
  }
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? key : undefined;
}

/**
 * A passkey file read and judged; its problem otherwise (never its contents). Read as every file a user names is: a
 * regular file only, capped. A file others can read is used, with a warning, as ssh warns of a key file.
 */
export function readPasskeyFile(file: string, shown: string): Judged & { readonly warning?: string } {
  const read = readRegularFile(file, INPUT_FILES.secrets);
  if ('problem' in read) return { problem: `cannot read ${shown} (${read.problem})` };
  let raw: unknown;
  try {
    raw = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    return { problem: `${shown} is not JSON: it must hold ${SHAPE}` };
  }
  const judged = parsePasskey(raw, shown);
  const openTo = process.platform === 'win32' ? 0 : read.stats.mode & 0o077;
  if ('problem' in judged || openTo === 0) return judged;
  const mode = (read.stats.mode & 0o777).toString(8).padStart(4, '0');
  return {
    ...judged,
    warning:
      `${shown} is readable by ${openTo & 0o070 ? 'its group' : ''}${openTo & 0o070 && openTo & 0o007 ? ' and ' : ''}` +
      `${openTo & 0o007 ? 'others' : ''} (permissions ${mode} are too open for a private key); restrict it: ` +
      `chmod 600 ${file}`,
  };
}
