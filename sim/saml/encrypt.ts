// An assertion encrypted as Okta encrypts one for a SAML app with Assertion Encryption on (the app's SAML Settings:
// "Assertion Encryption: Encrypted", the SP's encryption certificate uploaded): XML Encryption 1.0's EncryptedData of
// the signed Assertion, its content key wrapped for the SP's certificate in an EncryptedKey inside its ds:KeyInfo,
// which carries that certificate (the SP's own, never Okta's signing certificate: that stays in the Response's
// ds:Signature). Algorithms as Okta offers them: AES-256-CBC for the data, RSA-OAEP (mgf1p) for the key.
import { constants, createCipheriv, publicEncrypt, randomBytes, X509Certificate } from 'node:crypto';

const XENC = 'http://www.w3.org/2001/04/xmlenc#';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

const pemBody = (pem: string): string => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

/** The saml2:EncryptedAssertion holding `assertion` (its XML, signed), encrypted for the SP's certificate (PEM). */
function encryptedAssertion(assertion: string, spCertificate: string): string {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const data = Buffer.concat([iv, cipher.update(assertion, 'utf8'), cipher.final()]).toString('base64');
  const wrapped = publicEncrypt(
    { key: new X509Certificate(spCertificate).publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING },
    key,
  ).toString('base64');
  return (
    '<saml2:EncryptedAssertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">' +
    `<xenc:EncryptedData xmlns:xenc="${XENC}" Id="_${randomBytes(16).toString('hex')}" Type="${XENC}Element">` +
    `<xenc:EncryptionMethod Algorithm="${XENC}aes256-cbc"/>` +
    `<ds:KeyInfo xmlns:ds="${DSIG}"><xenc:EncryptedKey Id="_${randomBytes(16).toString('hex')}">` +
    `<xenc:EncryptionMethod Algorithm="${XENC}rsa-oaep-mgf1p"/>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${pemBody(spCertificate)}</ds:X509Certificate></ds:X509Data>` +
    `</ds:KeyInfo><xenc:CipherData><xenc:CipherValue>${wrapped}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedKey></ds:KeyInfo>' +
    `<xenc:CipherData><xenc:CipherValue>${data}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>` +
    '</saml2:EncryptedAssertion>'
  );
}

/** The Response's XML with its (signed) Assertion replaced by its encrypted form. */
export function withEncryptedAssertion(response: string, spCertificate: string): string {
  const start = response.indexOf('<saml2:Assertion ');
  const endTag = '</saml2:Assertion>';
  const end = response.indexOf(endTag, start);
  if (start < 0 || end < 0) return response;
  const assertion = response.slice(start, end + endTag.length);
  return response.slice(0, start) + encryptedAssertion(assertion, spCertificate) + response.slice(end + endTag.length);
}
