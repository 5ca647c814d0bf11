// The assertion Okta posted to a journey's SAML app, read by the SAML checks' one XML reader: its facts as a careful
// SP would find them, the signing certificate by Node's own SHA-256 fingerprint and only from XML-DSig's KeyInfo; an
// encrypted assertion said to be one, the SP's encryption certificate never named as Okta's, and what it hides
// never told missing by the app check's judge.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assertionFacts } from '../../../../functions/probe/saml/assertion-facts';
import { judgeAppSignIn } from '../../../../functions/probe/sign-in/app-judge';
import type { AppConfig } from '../../../../functions/types';
import { selfSignedCertificate } from '../../../../sim/saml/certificate';
import { withEncryptedAssertion } from '../../../../sim/saml/encrypt';
import { samlResponseXml } from '../../../../sim/saml/messages';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const keyPair = (commonName: string) => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificate = selfSignedCertificate({
    privateKey,
    commonName,
    notBefore: NOW - 86_400_000,
    notAfter: NOW + 86_400_000,
  });
  return { privateKey, certificate };
};
const OKTA = keyPair('okta-signing');
const SP = keyPair('sp-encryption');

const response = (encrypt: boolean): string =>
  Buffer.from(
    samlResponseXml({
      issuer: 'http://www.okta.com/exk1',
      destination: 'http://127.0.0.1:1/acs',
      recipient: 'http://127.0.0.1:1/acs',
      audience: 'https://wiki.example/saml',
      nameId: 'synthetic.user@acme.example',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      attributes: { email: ['synthetic.user@acme.example'], groups: ['wiki-users'] },
      now: NOW,
      key: OKTA.privateKey,
      certificate: OKTA.certificate,
      ...(encrypt && { edit: { response: (xml: string) => withEncryptedAssertion(xml, SP.certificate) } }),
    }),
  ).toString('base64');

const WIKI: AppConfig = {
  name: 'Wiki',
  protocol: 'saml',
  loginUrl: 'http://127.0.0.1:1/app/wiki/exk1/sso/saml',
  success: { path: '/wiki' },
  claims: ['email'],
};

describe("the assertion posted to a journey's SAML app, by the SAML checks' one reader", () => {
  it("reads its facts, and names Okta's signing certificate by Node's X509Certificate fingerprint256", () => {
    const facts = assertionFacts(response(false));

    expect(facts).toEqual({
      audience: 'https://wiki.example/saml',
      recipient: 'http://127.0.0.1:1/acs',
      nameId: 'synthetic.user@acme.example',
      notBefore: new Date(NOW - 300_000).toISOString(),
      notOnOrAfter: new Date(NOW + 300_000).toISOString(),
      certificate: new X509Certificate(OKTA.certificate).fingerprint256,
      attributes: ['email', 'groups'],
    });
  });

  it("says an encrypted assertion is encrypted, and names the Response's signer, never the SP's certificate", () => {
    const facts = assertionFacts(response(true));

    expect(facts).toEqual({
      certificate: new X509Certificate(OKTA.certificate).fingerprint256,
      attributes: [],
      encrypted: true,
    });
    expect(JSON.stringify(facts)).not.toContain(new X509Certificate(SP.certificate).fingerprint256);
  });

  it('refuses what the one reader refuses (a DOCTYPE, so no entity), reading nothing of it', () => {
    const xml = Buffer.from(response(false), 'base64').toString('utf8');
    const withDoctype = xml.replace('<saml2p:Response', '<!DOCTYPE r [<!ENTITY e "x">]><saml2p:Response');

    expect(assertionFacts(Buffer.from(withDoctype).toString('base64'))).toBeUndefined();
  });

  it("the app's judge tells an encrypted assertion's refusal as encrypted, its attributes never missing", () => {
    const assertion = assertionFacts(response(true));
    const words = "403 Forbidden: the encrypted assertion could not be decrypted with this app's key.";

    const judged = judgeAppSignIn(WIKI, {
      handOff: { kind: 'post', ...(assertion !== undefined && { assertion }) },
      answer: { status: 403, path: '/acs', words, cookies: [] },
    });

    expect('diagnosis' in judged && judged.diagnosis?.code).toBe('APP_SIGN_IN_REFUSED');
    const detail = 'diagnosis' in judged ? (judged.diagnosis?.detail ?? '') : '';
    expect(detail).toContain(
      "the assertion is encrypted (an EncryptedAssertion, to the app's own key): its audience, user and attributes " +
        'could not be read here; the Response is signed with the certificate SHA-256 ' +
        new X509Certificate(OKTA.certificate).fingerprint256,
    );
    expect(detail).not.toMatch(/lack|missing/);
  });
});
