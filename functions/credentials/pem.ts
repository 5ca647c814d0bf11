// PKCS#8 PEM private keys as the probe needs them for private_key_jwt, judged without ever quoting the key:
// used by the config validator (a key file or variable) and by both credential resolvers (local, Secrets Manager).
import { createPrivateKey } from 'node:crypto';

export const PKCS8_FIX = 'convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem';

/** PEM from an environment variable often arrives with literal "\n"; accept that form too. */
export function normalizePem(text: string): string {
  return !text.includes('\n') && text.includes('\\n') ? text.replace(/\\n/g, '\n') : text;
}

/** Why `text` is not a usable PKCS#8 private key, or undefined. Never quotes the key. */
export function pemProblem(rawText: string, shown: string): string | undefined {
  const text = normalizePem(rawText);
  if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    return `${shown} is an encrypted key; the probe needs it unencrypted (openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem) and kept as a secret`;
  }
  if (/-----BEGIN (RSA|EC) PRIVATE KEY-----/.test(text)) return `${shown}: not a PKCS#8 PEM private key (${PKCS8_FIX})`;
  if (text.includes('-----BEGIN PUBLIC KEY-----') || text.includes('-----BEGIN CERTIFICATE-----')) {
    return `${shown} holds a public key or certificate; the probe needs the private key (the public key goes on the Okta app)`;
  }
  if (text.trimStart().startsWith('{')) {
    return `${shown} looks like a JWK; the probe needs a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----"): copy the PEM form from the Admin Console`;
  }
  if (!text.includes('-----BEGIN PRIVATE KEY-----')) return `${shown}: not a PKCS#8 PEM private key (${PKCS8_FIX})`;
  try {
    const key = createPrivateKey({ key: text, format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
      return `${shown} is a ${key.asymmetricKeyType ?? 'unknown'} key; Okta accepts RSA or EC keys for private_key_jwt`;
    }
  } catch {
    return `${shown}: the PKCS#8 PEM private key does not parse (damaged or truncated?)`;
  }
  return undefined;
}
