// IndexedSignedXml answers as xml-crypto's own SignedXml does, on the documents that exercise each step it replaces:
// the same verdict, the same error, the same signed bytes; and it leaves the caller's document untouched.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CALLED_STEPS, IndexedSignedXml, REPLACED_STEPS } from '../../../../functions/probe/saml/indexed-signed-xml';
import { selfSignedCertificate } from '../../../../sim/saml/certificate';
import { samlResponseXml, signElement, type ResponseSpec } from '../../../../sim/saml/messages';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const DAY = 86_400_000;
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

let key: KeyObject;
let pem: string;
let certificate: string;
let response: string;

beforeAll(() => {
  key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  certificate = selfSignedCertificate({
    privateKey: key,
    commonName: 'acme',
    notBefore: NOW - DAY,
    notAfter: NOW + 20 * DAY,
  });
  const spec: ResponseSpec = {
    issuer: 'http://www.okta.com/exk1',
    destination: 'https://sp.example/acs',
    recipient: 'https://sp.example/acs',
    audience: 'https://sp.example',
    nameId: 'user@acme.example',
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    attributes: { email: ['user@acme.example'], groups: ['Everyone', 'Admins'] },
    now: NOW,
    key,
    certificate,
  };
  response = samlResponseXml(spec);
});

/**
 * What a verifier says of one signature of `xml`: its verdict or error, the signed bytes and each reference's error.
 */
function verify(make: () => SignedXml, xml: string, nth: number): unknown {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const before = new XMLSerializer().serializeToString(doc);
  const signature = Array.from(doc.getElementsByTagNameNS(DSIG, 'Signature'))[nth];
  if (signature === undefined) throw new Error(`no signature ${nth}`);
  const verifier = make();
  let outcome: unknown;
  try {
    verifier.loadSignature(signature as unknown as Node);
    outcome = verifier.checkSignature(xml);
  } catch (error) {
    outcome = `threw: ${(error as Error).message}`;
  }
  // The caller's document is never one the verifier transforms.
  expect(new XMLSerializer().serializeToString(doc)).toBe(before);
  return {
    outcome,
    signed: verifier.getSignedReferences(),
    errors: verifier.getReferences().map((r) => r.validationError?.message),
  };
}

const plain = (): SignedXml => new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
const indexed = (): SignedXml => new IndexedSignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });

/** Both verifiers on each signature of `xml`, the answers side by side. */
function both(xml: string): { plain: unknown[]; indexed: unknown[] } {
  const count = new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS(DSIG, 'Signature').length;
  const nths = Array.from({ length: count }, (_, i) => i);
  return { plain: nths.map((n) => verify(plain, xml, n)), indexed: nths.map((n) => verify(indexed, xml, n)) };
}

const responseId = (): string => /<saml2p:Response [^>]*ID="([^"]+)"/.exec(response)?.[1] ?? '';
const assertionId = (): string => /<saml2:Assertion [^>]*ID="([^"]+)"/.exec(response)?.[1] ?? '';

/** A Signature with two References (xml-crypto allows it; the judge refuses it before xml-crypto sees it). */
function twoReferences(canonicalization: string): string {
  const xml =
    '<root xmlns:a="urn:a"><a:one ID="one">1<!-- a comment --></a:one><a:two ID="two"><a:x ' +
    'xmlns:b="urn:b">2</a:x></a:two></root>';
  const signer = new SignedXml({
    privateKey: pem,
    publicCert: certificate,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: canonicalization,
  });
  for (const id of ['one', 'two'])
    signer.addReference({
      xpath: `//*[@ID='${id}']`,
      transforms: [ENVELOPED, canonicalization],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    });
  signer.computeSignature(xml, { location: { reference: "//*[@ID='two']", action: 'append' } });
  return signer.getSignedXml();
}

/**
 * Two References, the first enveloping the Signature, the second covering the first's element and the Signature
 * without the enveloped transform: the signer digested it before the Signature was there, so it fails, unless the
 * first Reference's transforms removed the Signature from the document the second is read from.
 */
function secondCoversFirst(): string {
  const xml = '<root ID="root"><two ID="two"><x>2</x></two></root>';
  const exc = 'http://www.w3.org/2001/10/xml-exc-c14n#';
  const signer = new SignedXml({
    privateKey: pem,
    publicCert: certificate,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: exc,
  });
  signer.addReference({
    xpath: "//*[@ID='two']",
    transforms: [ENVELOPED, exc],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signer.addReference({
    xpath: "//*[@ID='root']",
    transforms: [exc],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signer.computeSignature(xml, { location: { reference: "//*[@ID='two']", action: 'append' } });
  return signer.getSignedXml();
}

describe("IndexedSignedXml, beside xml-crypto's SignedXml", () => {
  it(
    'finds in xml-crypto 6 each private step it replaces and each it calls (an upgrade that renames one fails ' +
      'here)',
    () => {
      const prototype = SignedXml.prototype as unknown as Record<string, unknown>;
      expect([...REPLACED_STEPS, ...CALLED_STEPS].filter((step) => typeof prototype[step] !== 'function')).toEqual([]);
      expect(REPLACED_STEPS.every((step) => Object.hasOwn(IndexedSignedXml.prototype, step))).toBe(true);
    },
  );

  it("verifies both signatures of Okta's Response and hands back the same signed bytes", () => {
    const answers = both(response);
    expect(answers.indexed).toEqual(answers.plain);
    expect(answers.indexed.map((a) => (a as { outcome: unknown }).outcome)).toEqual([true, true]);
  });

  const hostile: readonly [string, () => string][] = [
    [
      "a second element with the Assertion's ID",
      () => response.replace('<saml2p:Status>', `<x ID="${assertionId()}"/><saml2p:Status>`),
    ],
    [
      "a second element with the Response's ID in an Id attribute",
      () => response.replace('<saml2p:Status>', `<x Id="${responseId()}"/><saml2p:Status>`),
    ],
    [
      "a second element with the Response's ID in an id attribute",
      () => response.replace('<saml2p:Status>', `<x id="${responseId()}"/><saml2p:Status>`),
    ],
    [
      'a second element with the ID in a namespaced ID attribute',
      () => response.replace('<saml2p:Status>', `<x xmlns:p="urn:p" p:ID="${assertionId()}"/><saml2p:Status>`),
    ],
    [
      'the signed element carrying its ID as ID and Id',
      () => response.replace(`ID="${assertionId()}"`, `ID="${assertionId()}" Id="${assertionId()}"`),
    ],
    ["the signed element's ID changed", () => response.replace(`ID="${assertionId()}"`, 'ID="other"')],
    ['a group value changed after signing', () => response.replace('>Admins<', '>Owners<')],
    ['a comment added inside the Assertion', () => response.replace('>Admins<', '>Admins<!-- x --><')],
    [
      "a copy of the Assertion's Signature elsewhere",
      () =>
        response.replace(
          '<saml2p:Status>',
          `${/<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(response.slice(response.indexOf('<saml2:Assertion')))?.[0] ?? ''}<saml2p:Status>`,
        ),
    ],
    ['a reference URI with a quote', () => response.replaceAll(`URI="#${assertionId()}"`, `URI="#${assertionId()}'"`)],
    ['two References, exclusive c14n', () => twoReferences('http://www.w3.org/2001/10/xml-exc-c14n#')],
    ["two References, inclusive c14n (the SignedInfo's ancestors' namespaces)", () => twoReferences(C14N)],
    ["two References, the second reading what the first's transforms removed", secondCoversFirst],
    [
      'an element re-signed inside a signed one',
      () => signElement(response.replace(`ID="${assertionId()}"`, 'ID="inner"'), 'inner', key, certificate),
    ],
  ];
  it.each(hostile)('answers as xml-crypto does: %s', (_name, make) => {
    const answers = both(make());
    expect(answers.plain.length).toBeGreaterThan(0);
    expect(answers.indexed).toEqual(answers.plain);
  });

  it(
    'refuses a signature on each of the 9 hostile documents but the comment (c14n drops comments: it still ' +
      'verifies)',
    () => {
      const verified = (make: () => string): boolean =>
        both(make()).indexed.every((a) => (a as { outcome: unknown }).outcome === true);
      const refused = hostile
        .slice(0, 10)
        .filter(([, make]) => !verified(make))
        .map(([name]) => name);
      expect(refused).toEqual(
        hostile
          .slice(0, 10)
          .map(([name]) => name)
          .filter((name) => !name.includes('comment')),
      );
      expect(refused).toHaveLength(9);
    },
  );
});
