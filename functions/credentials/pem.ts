// PKCS#8 PEM private keys as the probe needs them for private_key_jwt, judged without ever quoting the key:
// used by the config validator (a key file or variable) and by both credential resolvers (local, Secrets Manager).
import { createPrivateKey, type KeyObject } from 'node:crypto';

const PKCS8_FIX = 'convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem';

/** PEM from an environment variable often arrives with literal "\n"; accept that form too. */
export function normalizePem(text: string): string {
  return !text.includes('\n') && text.includes('\\n') ? text.replace(/\\n/g, '\n') : text;
}

/** Why `text` is not a usable PKCS#8 private key, or undefined. Never quotes the key. */
export function pemProblem(rawText: string, shown: string): string | undefined {
  const text = normalizePem(rawText);
  if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    return (
      `${shown} is an encrypted key; the probe needs it unencrypted (openssl pkcs8 -topk8 -nocrypt -in key.pem ` +
      `-out key-pkcs8.pem) and kept as a secret`
    );
  }
  if (/-----BEGIN (RSA|EC) PRIVATE KEY-----/.test(text)) return `${shown}: not a PKCS#8 PEM private key (${PKCS8_FIX})`;
  if (text.includes('-----BEGIN PUBLIC KEY-----') || text.includes('-----BEGIN CERTIFICATE-----')) {
    return (
      `${shown} holds a public key or certificate; the probe needs the private key (the public key goes on the ` +
      `Okta app)`
    );
  }
  if (text.trimStart().startsWith('{')) {
    return (
      `${shown} looks like a JWK; the probe needs a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----"): ` +
      `copy the PEM form from the Admin Console`
    );
  }
  if (!text.includes('-----BEGIN PRIVATE KEY-----')) return `${shown}: not a PKCS#8 PEM private key (${PKCS8_FIX})`;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch {
    return `${shown}: the PKCS#8 PEM private key does not parse (damaged or truncated?)`;
  }
  return signingKeyProblem(key, shown);
}

/** Signing algorithm per key type / EC curve (node's names); Okta accepts RS256 and ES256/384/512 assertions. */
const ALGORITHMS: Readonly<Record<string, string>> = {
  rsa: 'RS256',
  'ec:prime256v1': 'ES256',
  'ec:secp384r1': 'ES384',
  'ec:secp521r1': 'ES512',
};

/** The smallest RSA modulus that signs: RFC 7518 §3.3 requires 2048 bits for RS256, and jose refuses less. */
const MIN_RSA_BITS = 2048;

const NEW_KEY_FIX =
  'generate a new key of 2048 bits or more (openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 ' +
  '-out key.pem) ' +
  ('or an EC P-256 key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem), and add ' +
    'its public key to the Okta app');

/** The JWS algorithm the key signs client assertions with, or undefined when Okta or jose would refuse it. */
export function signingAlgorithm(key: KeyObject): string | undefined {
  return signingKeyProblem(key, '') === undefined ? ALGORITHMS[keyTypeOf(key)] : undefined;
}

/** Why a parsed private key cannot sign a client assertion, or undefined. Never quotes the key. */
export function signingKeyProblem(key: KeyObject, shown: string): string | undefined {
  const type = keyTypeOf(key);
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    return `${shown} is a ${key.asymmetricKeyType ?? 'unknown'} key; Okta accepts RSA or EC keys for private_key_jwt`;
  }
  if (ALGORITHMS[type] === undefined) {
    return (
      `${shown} is an EC key on the curve ${key.asymmetricKeyDetails?.namedCurve ?? 'unknown'}; Okta signs ` +
      `with P-256, P-384 or P-521 only: ${NEW_KEY_FIX}`
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType === 'rsa' && bits < MIN_RSA_BITS) {
    return (
      `${shown} is an RSA key of ${bits} bits; RS256 needs ${MIN_RSA_BITS} bits or more and the probe cannot ` +
      `sign with it: ${NEW_KEY_FIX}`
    );
  }
  return undefined;
}

function keyTypeOf(key: KeyObject): string {
  return key.asymmetricKeyType === 'ec'
    ? `ec:${key.asymmetricKeyDetails?.namedCurve ?? ''}`
    : (key.asymmetricKeyType ?? '');
}
