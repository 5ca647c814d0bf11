// verifyEnveloped's two readings of the signed bytes: whole, to read them; the root alone, to know what they cover.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseIdpMetadata } from '../../../../functions/probe/saml/metadata';
import { verifyEnveloped } from '../../../../functions/probe/saml/signature';
import { NS, child, readXml } from '../../../../functions/probe/saml/xml';
import { selfSignedCertificate } from '../../../../sim/saml/certificate';
import { idpMetadata, samlResponseXml } from '../../../../sim/saml/messages';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const DAY = 86_400_000;

describe('verifyEnveloped', () => {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const certificate = selfSignedCertificate({
    privateKey: key,
    commonName: 'acme',
    notBefore: NOW - DAY,
    notAfter: NOW + 20 * DAY,
  });
  const metadata = parseIdpMetadata(
    idpMetadata({
      entityId: 'http://www.okta.com/exk1',
      certificates: [certificate],
      ssoUrl: 'https://acme.okta.com/app/a/exk1/sso/saml',
    }),
  );
  const xml = samlResponseXml({
    issuer: 'http://www.okta.com/exk1',
    destination: 'https://sp.example/acs',
    recipient: 'https://sp.example/acs',
    audience: 'https://sp.example',
    nameId: 'user@acme.example',
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    attributes: { email: ['user@acme.example'], groups: ['Say "hello" > 1', 'Admins'] },
    now: NOW,
    key,
    certificate,
  });

  it(
    "reads the Assertion's signed bytes whole, or only their root: the same element, ID and signer, without " +
      'its content',
    () => {
      if (!metadata.ok) throw new Error(metadata.problem);
      const read = readXml(xml);
      if (!read.ok) throw new Error(read.problem);
      const assertion = child(read.doc.documentElement as Element, NS.assertion, 'Assertion') as Element;
      const signature = child(assertion, NS.dsig, 'Signature') as Element;
      const whole = verifyEnveloped(xml, signature, assertion, metadata.metadata.certificates);
      const root = verifyEnveloped(xml, signature, assertion, metadata.metadata.certificates, 'root');
      if (!whole.ok || !root.ok) throw new Error('not verified');
      for (const check of [whole, root]) {
        expect([check.element.namespaceURI, check.element.localName, check.element.getAttribute('ID')]).toEqual([
          NS.assertion,
          'Assertion',
          assertion.getAttribute('ID'),
        ]);
      }
      expect([root.certificate, root.algorithms]).toEqual([whole.certificate, whole.algorithms]);
      expect(whole.element.childNodes.length).toBeGreaterThan(3);
      expect(root.element.childNodes.length).toBe(0);
    },
  );
});
