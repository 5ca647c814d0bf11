// The SAML judge on responses in Okta's documented shape, signed with keys generated here, and on the
// hostile answers a careful SP must refuse: a wrapped assertion, XXE, a foreign KeyInfo, oversized and tampered input.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeSamlResponse as judgeResponse, type SamlExpectation } from '../../../../functions/probe/saml/judge';
import {
  certificateDaysLeft,
  parseIdpMetadata,
  type SigningCertificate,
} from '../../../../functions/probe/saml/metadata';
import { MAX_SAML_XML_BYTES, readXml } from '../../../../functions/probe/saml/xml';
import { selfSignedCertificate } from '../../../../sim/saml/certificate';
import type { NotRun, Verdict } from '../../../../functions/probe/verdict';
import {
  assertionXml,
  idpMetadata,
  samlResponseXml,
  signElement,
  type ResponseSpec,
} from '../../../../sim/saml/messages';

/**
 * The judge, a not-applicable answer read as "no finding" beside its notRun and reason (the encrypted tests read
 * those).
 */
function judgeSamlResponse(expectation: SamlExpectation, samlResponse: string) {
  const judged = judgeResponse(expectation, samlResponse);
  return { ...judged, verdict: { diagnosis: null, ...judged.verdict } as Verdict & Partial<NotRun> };
}

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const DAY = 86_400_000;
const ENTITY = 'http://www.okta.com/exk1a2b3c4d5e6f7g8h9';
const SSO = 'https://acme.okta.com/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml';
const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

let key: KeyObject;
let certificate: string;
let pinned: SigningCertificate[];
let attackerKey: KeyObject;
let attackerCertificate: string;

beforeAll(() => {
  key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  certificate = selfSignedCertificate({
    privateKey: key,
    commonName: 'acme',
    notBefore: NOW - 400 * DAY,
    notAfter: NOW + 20 * DAY,
  });
  attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  attackerCertificate = selfSignedCertificate({
    privateKey: attackerKey,
    commonName: 'acme',
    notBefore: NOW - DAY,
    notAfter: NOW + 3650 * DAY,
  });
  const read = parseIdpMetadata(idpMetadata({ entityId: ENTITY, certificates: [certificate], ssoUrl: SSO }));
  if (!read.ok) throw new Error(read.problem);
  pinned = [...read.metadata.certificates];
});

const spec = (over: Partial<ResponseSpec> = {}): ResponseSpec => ({
  issuer: ENTITY,
  destination: 'https://acme.my.salesforce.com/',
  recipient: 'https://acme.my.salesforce.com/',
  audience: 'https://saml.salesforce.com',
  nameId: 'synthetic.user@acme.example',
  nameIdFormat: EMAIL,
  attributes: { email: ['synthetic.user@acme.example'], groups: ['Everyone', 'Sales'] },
  now: NOW,
  key,
  certificate,
  ...over,
});
const expected = (over: Partial<SamlExpectation> = {}): SamlExpectation => ({
  issuer: ENTITY,
  certificates: pinned,
  audience: 'https://saml.salesforce.com',
  recipient: 'https://acme.my.salesforce.com/',
  destination: 'https://acme.my.salesforce.com/',
  nameIdFormat: EMAIL,
  requiredAttributes: ['email'],
  now: NOW + 1_000,
  ...over,
});
const b64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');
const judge = (xml: string, over: Partial<SamlExpectation> = {}) => judgeSamlResponse(expected(over), b64(xml));
const codeOf = (xml: string, over: Partial<SamlExpectation> = {}) => judge(xml, over).verdict.diagnosis?.code ?? null;

describe('judgeSamlResponse: an SP pinned to the metadata', () => {
  it("passes Okta's signed Response and Assertion and says which certificate signed, never a user value", () => {
    const result = judge(samlResponseXml(spec()));
    expect(result.verdict.diagnosis).toBeNull();
    expect(result.signedBy?.fingerprint).toBe(pinned[0]?.fingerprint);
    expect(result.verdict.observed).toMatchObject({
      responseSigned: true,
      assertionSigned: true,
      nameIdFormat: EMAIL,
      attributes: 'email, groups',
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    });
    expect(JSON.stringify(result.verdict.observed)).not.toContain('synthetic.user');
  });

  it('passes when only the Response is signed (it covers the assertion) or only the Assertion', () => {
    expect(codeOf(samlResponseXml(spec({ signAssertion: false })))).toBeNull();
    expect(codeOf(samlResponseXml(spec({ signResponse: false })))).toBeNull();
  });

  it('reports SAML_SIGNATURE_INVALID when neither is signed', () => {
    const result = judge(samlResponseXml(spec({ signAssertion: false, signResponse: false })));
    expect(result.verdict.diagnosis).toMatchObject({
      code: 'SAML_SIGNATURE_INVALID',
      detail: expect.stringContaining('neither the Response nor the Assertion is signed'),
    });
  });

  it(
    'reports SAML_SIGNATURE_INVALID for a certificate rotated in Okta but not in the metadata pinned, naming ' +
      'the pinned fingerprint',
    () => {
      const result = judge(samlResponseXml(spec({ key: attackerKey, certificate: attackerCertificate })));
      expect(result.verdict.diagnosis).toMatchObject({
        code: 'SAML_SIGNATURE_INVALID',
        detail: expect.stringContaining(pinned[0]?.fingerprint ?? '?'),
      });
    },
  );

  it("reports SAML_STATUS_FAILED with Okta's status code", () => {
    const result = judge(samlResponseXml(spec({ statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder' })));
    expect(result.verdict.diagnosis).toMatchObject({
      code: 'SAML_STATUS_FAILED',
      detail: expect.stringContaining('status:Responder'),
    });
  });

  it('reports SAML_ISSUER_MISMATCH with both values', () => {
    const result = judge(samlResponseXml(spec({ issuer: 'http://www.okta.com/exkOTHERAPP' })));
    expect(result.verdict.diagnosis).toMatchObject({
      code: 'SAML_ISSUER_MISMATCH',
      detail: expect.stringMatching(/exkOTHERAPP.*exk1a2b3c4d5e6f7g8h9/),
    });
  });

  it('reports SAML_AUDIENCE_MISMATCH with both values', () => {
    const result = judge(samlResponseXml(spec({ audience: 'https://saml.salesforce.com/wrong' })));
    expect(result.verdict.diagnosis).toMatchObject({
      code: 'SAML_AUDIENCE_MISMATCH',
      detail: expect.stringMatching(/"https:\/\/saml\.salesforce\.com\/wrong".*"https:\/\/saml\.salesforce\.com"/),
    });
  });

  it(
    'reports SAML_DESTINATION_MISMATCH for the Destination and SAML_RECIPIENT_MISMATCH for the bearer ' +
      'Recipient, each against its own value',
    () => {
      expect(
        judge(samlResponseXml(spec({ destination: 'https://acme.my.salesforce.com/old' }))).verdict.diagnosis,
      ).toMatchObject({
        code: 'SAML_DESTINATION_MISMATCH',
        detail: expect.stringContaining('Destination is "https://acme.my.salesforce.com/old"'),
      });
      expect(
        judge(samlResponseXml(spec({ recipient: 'https://acme.my.salesforce.com/old' }))).verdict.diagnosis,
      ).toMatchObject({
        code: 'SAML_RECIPIENT_MISMATCH',
        detail: expect.stringContaining('Recipient is "https://acme.my.salesforce.com/old"'),
      });
      // Okta keeps the two apart: a Destination URL set apart from the Recipient URL passes when each is what the SP
      // expects.
      const apart = samlResponseXml(spec({ destination: 'https://acme.my.salesforce.com/dest' }));
      expect(codeOf(apart, { destination: 'https://acme.my.salesforce.com/dest' })).toBeNull();
      expect(codeOf(apart)).toBe('SAML_DESTINATION_MISMATCH');
    },
  );

  it('reports SAML_ASSERTION_EXPIRED past NotOnOrAfter plus the leeway, and not within it', () => {
    expect(codeOf(samlResponseXml(spec()), { now: NOW + 300_000 + 119_000 })).toBeNull();
    expect(codeOf(samlResponseXml(spec()), { now: NOW + 300_000 + 121_000 })).toBe('SAML_ASSERTION_EXPIRED');
    expect(codeOf(samlResponseXml(spec()), { now: NOW - 300_000 - 121_000 })).toBe('SAML_ASSERTION_EXPIRED');
  });

  it('reports SAML_NAMEID_MISMATCH for another format, with both, and for an empty NameID', () => {
    const unspecified = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
    expect(judge(samlResponseXml(spec({ nameIdFormat: unspecified }))).verdict.diagnosis).toMatchObject({
      code: 'SAML_NAMEID_MISMATCH',
      detail: expect.stringContaining(`"${unspecified}", the SP expects "${EMAIL}"`),
    });
    expect(codeOf(samlResponseXml(spec({ nameId: '' })))).toBe('SAML_NAMEID_MISMATCH');
    expect(codeOf(samlResponseXml(spec({ nameIdFormat: unspecified })), { nameIdFormat: undefined })).toBeNull();
  });

  it('reports SAML_ATTRIBUTE_MISSING for an absent and for an empty attribute, naming which', () => {
    const absent = judge(samlResponseXml(spec({ attributes: { groups: ['Everyone'] } })));
    expect(absent.verdict.diagnosis).toMatchObject({
      code: 'SAML_ATTRIBUTE_MISSING',
      detail: expect.stringContaining('"email" is absent'),
    });
    const empty = judge(samlResponseXml(spec({ attributes: { email: [''] } })));
    expect(empty.verdict.diagnosis).toMatchObject({
      code: 'SAML_ATTRIBUTE_MISSING',
      detail: expect.stringContaining('"email" is empty'),
    });
    expect(JSON.stringify(empty.verdict)).not.toContain('synthetic.user');
  });
});

describe('judgeSamlResponse: hostile answers', () => {
  it(
    'refuses a wrapped assertion: the signed one hidden in Extensions, a forged one with the same ID read in ' +
      'its place',
    () => {
      const signedOnly = samlResponseXml(spec({ signResponse: false }));
      const original = /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/.exec(signedOnly)?.[0] ?? '';
      const forged = original
        .replace('https://saml.salesforce.com', 'https://saml.salesforce.com')
        .replace('synthetic.user@acme.example</saml2:NameID>', 'ceo@acme.example</saml2:NameID>');
      const wrapped = signedOnly
        .replace(original, forged)
        .replace('<saml2p:Status>', `<saml2p:Extensions>${original}</saml2p:Extensions><saml2p:Status>`);
      const result = judge(wrapped);
      expect(result.verdict.diagnosis).toMatchObject({
        code: 'SAML_SIGNATURE_INVALID',
        detail: expect.stringContaining('signature-wrapping'),
      });
    },
  );

  it("refuses a forged assertion beside the signed Response's own", () => {
    const signed = samlResponseXml(spec({ signAssertion: false }));
    const forged = assertionXml(spec({ nameId: 'ceo@acme.example' }), 'idforged').xml;
    expect(codeOf(signed.replace('</saml2p:Response>', `${forged}</saml2p:Response>`))).toBe('SAML_SIGNATURE_INVALID');
  });

  it("refuses a signature moved onto another element: the Response's signature placed in an unsigned assertion", () => {
    const signed = samlResponseXml(spec({ signAssertion: false }));
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)?.[0] ?? '';
    const moved = signed
      .replace(signature, '')
      .replace(/(<saml2:Assertion[^>]*><saml2:Issuer[^>]*>[^<]*<\/saml2:Issuer>)/, `$1${signature}`);
    expect(judge(moved).verdict.diagnosis).toMatchObject({
      code: 'SAML_SIGNATURE_INVALID',
      detail: expect.stringContaining('wrapping'),
    });
  });

  it('refuses an assertion changed after signing, and a Response changed after signing', () => {
    expect(
      codeOf(
        samlResponseXml(spec({ signResponse: false })).replace(
          '<saml2:AttributeValue',
          '<saml2:AttributeValue xml:lang="en"',
        ),
      ),
    ).toBe('SAML_SIGNATURE_INVALID');
    expect(codeOf(samlResponseXml(spec({ signAssertion: false })).replace('>Sales<', '>Admins<'))).toBe(
      'SAML_SIGNATURE_INVALID',
    );
  });

  it("never trusts the KeyInfo: signed by an attacker's key with the attacker's certificate in KeyInfo", () => {
    const forged = samlResponseXml(
      spec({ key: attackerKey, certificate: attackerCertificate, nameId: 'ceo@acme.example' }),
    );
    expect(forged).toContain(
      attackerCertificate
        .replace(/-----[^-]+-----/g, '')
        .replace(/\s+/g, '')
        .slice(0, 40),
    );
    expect(codeOf(forged)).toBe('SAML_SIGNATURE_INVALID');
  });

  it('refuses XXE and entity expansion before parsing (a DOCTYPE at all)', () => {
    const xxe = samlResponseXml(spec())
      .replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
      )
      .replace('>Sales<', '>&x;<');
    expect(judge(xxe).verdict.diagnosis).toMatchObject({
      code: 'SAML_XML_REFUSED',
      detail: expect.stringContaining('DOCTYPE'),
    });
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 ' +
      '"&lol;&lol;&lol;&lol;">]><saml2p:Response ' +
      'xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol">&lol2;</saml2p:Response>';
    expect(codeOf(laughs)).toBe('SAML_XML_REFUSED');
  });

  it('refuses oversized, non-base64, not well-formed and non-Response input', () => {
    const big = samlResponseXml(spec()).replace(
      '</saml2p:Response>',
      `<!--${'x'.repeat(MAX_SAML_XML_BYTES)}--></saml2p:Response>`,
    );
    expect(judge(big).verdict.diagnosis).toMatchObject({
      code: 'SAML_XML_REFUSED',
      detail: expect.stringContaining('more than'),
    });
    expect(judgeSamlResponse(expected(), 'not base64 at all!').verdict.diagnosis?.code).toBe('SAML_XML_REFUSED');
    expect(
      codeOf('<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol"><a></b></saml2p:Response>'),
    ).toBe('SAML_XML_REFUSED');
    expect(codeOf('<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" ID="a" ID="b"/>')).toBe(
      'SAML_XML_REFUSED',
    );
    expect(codeOf('<html><body>Sign in</body></html>')).toBe('SAML_XML_REFUSED');
  });

  it(
    "does not blame the signature for an encrypted assertion: its content is the SP's to read, not applicable " +
      'here',
    () => {
      const encrypted = samlResponseXml(spec({ signResponse: false })).replace(
        /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/,
        '<saml2:EncryptedAssertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion"><xenc:EncryptedData ' +
          'xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/></saml2:EncryptedAssertion>',
      );
      const unsigned = judge(encrypted);
      expect(unsigned.verdict).toMatchObject({
        diagnosis: null,
        notRun: 'n/a',
        reason: expect.stringMatching(/encrypted.*no SP key.*Response is not signed/),
        observed: { encrypted: true, responseSigned: false },
      });
      expect(unsigned.signedBy).toBeUndefined();

      // Okta signs the Response around the encrypted assertion: that signature is still verified against the metadata.
      const id = /<saml2p:Response[^>]* ID="([^"]+)"/.exec(encrypted)?.[1] ?? '';
      const signed = signElement(encrypted, id, key, certificate);
      const verified = judge(signed);
      expect(verified.verdict).toMatchObject({
        diagnosis: null,
        notRun: 'n/a',
        reason: expect.stringContaining('Response signature verified'),
        observed: { encrypted: true, responseSigned: true, certificate: pinned[0]?.fingerprint },
      });
      expect(verified.signedBy?.fingerprint).toBe(pinned[0]?.fingerprint);
      expect(judge(signElement(encrypted, id, attackerKey, attackerCertificate)).verdict.diagnosis).toMatchObject({
        code: 'SAML_SIGNATURE_INVALID',
        detail: expect.stringContaining('the Response signature'),
      });
      expect(judge(signed.replace('Success', 'Requester')).verdict.diagnosis?.code).toBe('SAML_STATUS_FAILED');
    },
  );

  it('refuses two elements sharing the signed ID', () => {
    const signed = samlResponseXml(spec({ signAssertion: false }));
    const id = /<saml2p:Response[^>]* ID="([^"]+)"/.exec(signed)?.[1] ?? '';
    const twin = signed.replace(
      '<saml2p:Status>',
      `<saml2p:Extensions><x ID="${id}"/></saml2p:Extensions><saml2p:Status>`,
    );
    expect(judge(twin).verdict.diagnosis).toMatchObject({
      code: 'SAML_SIGNATURE_INVALID',
      detail: expect.stringContaining(`carry the ID "${id}"`),
    });
  });

  it(
    "reads a value whole when a comment splits it (CVE-2017-11427's class): the signature still verifies, the " +
      'text is not cut',
    () => {
      // Signed for "https://saml.salesforce.com.evil"; exc-c14n drops comments, so the comment leaves the signature
      // valid.
      const signed = samlResponseXml(spec({ audience: 'https://saml.salesforce.com.evil' }));
      const split = signed.replace(
        'https://saml.salesforce.com.evil</saml2:Audience>',
        'https://saml.salesforce.com<!---->.evil</saml2:Audience>',
      );
      expect(judge(split).verdict.diagnosis).toMatchObject({
        code: 'SAML_AUDIENCE_MISMATCH',
        detail: expect.stringContaining('"https://saml.salesforce.com.evil"'),
      });
    },
  );
});

describe("parseIdpMetadata: Okta's app metadata", () => {
  it('reads the entityID, the signing certificates and the SSO URLs, and the days to expiry', () => {
    const second = selfSignedCertificate({
      privateKey: attackerKey,
      commonName: 'acme',
      notBefore: NOW,
      notAfter: NOW + 3650 * DAY,
    });
    const read = parseIdpMetadata(idpMetadata({ entityId: ENTITY, certificates: [certificate, second], ssoUrl: SSO }));
    expect(read.ok && read.metadata.entityId).toBe(ENTITY);
    expect(read.ok && read.metadata.ssoUrls).toEqual([SSO, SSO]);
    expect(read.ok && read.metadata.certificates.map((c) => certificateDaysLeft(c, NOW))).toEqual([20, 3650]);
    expect(read.ok && read.metadata.certificates[0]?.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('names what is missing: not metadata, no signing certificate, a DOCTYPE', () => {
    expect(parseIdpMetadata('<html><body>404</body></html>')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not a SAML md:EntityDescriptor'),
    });
    const noKey = idpMetadata({ entityId: ENTITY, certificates: [], ssoUrl: SSO });
    expect(parseIdpMetadata(noKey)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('no signing certificate'),
    });
    const encryption = noKey.replace(
      '<md:NameIDFormat>',
      '<md:KeyDescriptor use="encryption"><ds:KeyInfo ' +
        'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>AAAA</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:NameIDFormat>',
    );
    expect(parseIdpMetadata(encryption)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('no signing certificate'),
    });
    expect(parseIdpMetadata(`<!DOCTYPE x>${noKey}`)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('DOCTYPE'),
    });
  });
});

describe('signElement', () => {
  it('signs an element the judge then verifies (the fixture builder is sound)', () => {
    const { id, xml } = assertionXml(spec());
    expect(signElement(xml, id, key, certificate)).toContain(`URI="#${id}"`);
  });
});

/** The assertion's XML with `from` replaced (before signing: the signature then covers the change). */
const inAssertion = (from: string | RegExp, to: string) => ({
  edit: { assertion: (xml: string) => xml.replace(from, to) },
});
const inResponse = (from: string | RegExp, to: string) => ({
  edit: { response: (xml: string) => xml.replace(from, to) },
});
const CONDITIONS = /<saml2:Conditions NotBefore="([^"]*)" NotOnOrAfter="([^"]*)">/;
const BEARER_DATA = /<saml2:SubjectConfirmationData NotOnOrAfter="([^"]*)" Recipient="([^"]*)"\/>/;

describe('judgeSamlResponse: every rule of SAML core and the Web SSO profile, on validly signed responses', () => {
  it('refuses Conditions without a time bound, with one missing, or with a reversed window (core 2.5.1)', () => {
    expect(judge(samlResponseXml(spec(inAssertion(CONDITIONS, '<saml2:Conditions>')))).verdict.diagnosis).toMatchObject(
      { code: 'SAML_PROFILE_VIOLATION', detail: expect.stringMatching(/NotBefore is absent.*core 2\.5\.1/) },
    );
    expect(codeOf(samlResponseXml(spec(inAssertion(CONDITIONS, '<saml2:Conditions NotBefore="$1">'))))).toBe(
      'SAML_PROFILE_VIOLATION',
    );
    const reversed = samlResponseXml(
      spec(inAssertion(CONDITIONS, '<saml2:Conditions NotBefore="$2" NotOnOrAfter="$1">')),
    );
    expect(judge(reversed).verdict.diagnosis).toMatchObject({
      code: 'SAML_PROFILE_VIOLATION',
      detail: expect.stringContaining('is not earlier than NotOnOrAfter'),
    });
  });

  it(
    'refuses times that are not xs:dateTime in UTC, where Date.parse would take them: "2099", a time zone, 30 ' +
      'February (core 1.3.3)',
    () => {
      for (const bad of ['2099', '2026-11-23T11:05:00+01:00', '2026-02-30T10:00:00Z', '2026-11-23 10:05:00Z']) {
        const result = judge(
          samlResponseXml(spec(inAssertion(CONDITIONS, `<saml2:Conditions NotBefore="$1" NotOnOrAfter="${bad}">`))),
        );
        expect(result.verdict.diagnosis, bad).toMatchObject({
          code: 'SAML_PROFILE_VIOLATION',
          detail: expect.stringContaining('not an xs:dateTime in UTC'),
        });
      }
      expect(
        codeOf(
          samlResponseXml(
            spec(inAssertion(BEARER_DATA, '<saml2:SubjectConfirmationData NotOnOrAfter="2099" Recipient="$2"/>')),
          ),
        ),
      ).toBe('SAML_PROFILE_VIOLATION');
    },
  );

  it('reads two AudienceRestriction elements as AND, one Audience list as OR (core 2.5.1.4)', () => {
    const second = (audiences: string) =>
      inAssertion(
        '</saml2:AudienceRestriction>',
        `</saml2:AudienceRestriction><saml2:AudienceRestriction>${audiences}</saml2:AudienceRestriction>`,
      );
    const and = judge(samlResponseXml(spec(second('<saml2:Audience>https://other.example</saml2:Audience>'))));
    expect(and.verdict.diagnosis).toMatchObject({
      code: 'SAML_AUDIENCE_MISMATCH',
      detail: expect.stringContaining('AudienceRestriction 2 of 2'),
    });
    expect(
      codeOf(
        samlResponseXml(
          spec(
            second(
              '<saml2:Audience>https://other.example</saml2:Audience><saml2:Audience>https://saml.salesforce.com</saml2:Audience>',
            ),
          ),
        ),
      ),
    ).toBeNull();
    expect(
      codeOf(samlResponseXml(spec(inAssertion(/<saml2:AudienceRestriction>.*<\/saml2:AudienceRestriction>/, '')))),
    ).toBe('SAML_AUDIENCE_MISMATCH');
  });

  it(
    'requires the Destination of a signed Response (bindings 3.5.5.2), not of an unsigned one around a signed ' +
      'assertion',
    () => {
      const noDestination = (over: Partial<ResponseSpec>) =>
        samlResponseXml(spec({ ...over, ...inResponse(/ Destination="[^"]*"/, '') }));
      expect(judge(noDestination({})).verdict.diagnosis).toMatchObject({
        code: 'SAML_DESTINATION_MISMATCH',
        detail: expect.stringContaining('signed Response has no Destination'),
      });
      expect(codeOf(noDestination({ signResponse: false }))).toBeNull();
    },
  );

  it(
    'accepts only a bearer SubjectConfirmation: a holder-of-key one naming the right Recipient proves nothing ' +
      '(profiles 4.1.4.2)',
    () => {
      const hok = 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key';
      const wrongBearer = inAssertion(
        BEARER_DATA,
        `<saml2:SubjectConfirmationData NotOnOrAfter="$1" ` +
          `Recipient="https://attacker.example/acs"/></saml2:SubjectConfirmation><saml2:SubjectConfirmation ` +
          `Method="${hok}"><saml2:SubjectConfirmationData NotOnOrAfter="$1" Recipient="$2"/>`,
      );
      expect(codeOf(samlResponseXml(spec(wrongBearer)))).toBe('SAML_RECIPIENT_MISMATCH');
      const onlyHok = judge(samlResponseXml(spec(inAssertion('urn:oasis:names:tc:SAML:2.0:cm:bearer', hok))));
      expect(onlyHok.verdict.diagnosis).toMatchObject({
        code: 'SAML_PROFILE_VIOLATION',
        detail: expect.stringContaining('no bearer SubjectConfirmation'),
      });
    },
  );

  it("requires the bearer data's Recipient and NotOnOrAfter, and refuses its NotBefore (profiles 4.1.4.2)", () => {
    expect(
      codeOf(samlResponseXml(spec(inAssertion(BEARER_DATA, '<saml2:SubjectConfirmationData Recipient="$2"/>')))),
    ).toBe('SAML_PROFILE_VIOLATION');
    expect(
      codeOf(samlResponseXml(spec(inAssertion(BEARER_DATA, '<saml2:SubjectConfirmationData NotOnOrAfter="$1"/>')))),
    ).toBe('SAML_PROFILE_VIOLATION');
    const notBefore = judge(
      samlResponseXml(
        spec(
          inAssertion(
            BEARER_DATA,
            '<saml2:SubjectConfirmationData NotBefore="2026-11-23T09:55:00.000Z" NotOnOrAfter="$1" Recipient="$2"/>',
          ),
        ),
      ),
    );
    expect(notBefore.verdict.diagnosis).toMatchObject({
      code: 'SAML_PROFILE_VIOLATION',
      detail: expect.stringContaining('NotBefore, which the profile forbids'),
    });
  });

  it(
    'refuses InResponseTo in an IdP-initiated response, on the Response and on the bearer data (profiles ' +
      '4.1.5, 4.1.4.3)',
    () => {
      expect(
        judge(samlResponseXml(spec(inResponse(' Version="2.0"', ' Version="2.0" InResponseTo="_req1"')))).verdict
          .diagnosis,
      ).toMatchObject({ code: 'SAML_PROFILE_VIOLATION', detail: expect.stringContaining('InResponseTo') });
      expect(
        codeOf(
          samlResponseXml(
            spec(
              inAssertion(
                BEARER_DATA,
                '<saml2:SubjectConfirmationData InResponseTo="_req1" NotOnOrAfter="$1" Recipient="$2"/>',
              ),
            ),
          ),
        ),
      ).toBe('SAML_PROFILE_VIOLATION');
    },
  );

  it('refuses a wrong Response Issuer, and an Issuer of another Format (profiles 4.1.4.2)', () => {
    const other = judge(
      samlResponseXml(spec(inResponse(`>${ENTITY}</saml2:Issuer>`, '>http://www.okta.com/exkOTHER</saml2:Issuer>'))),
    );
    expect(other.verdict.diagnosis).toMatchObject({
      code: 'SAML_ISSUER_MISMATCH',
      detail: expect.stringContaining('the Response\'s Issuer is "http://www.okta.com/exkOTHER"'),
    });
    const format = inAssertion('nameid-format:entity', 'nameid-format:emailAddress');
    expect(codeOf(samlResponseXml(spec(format)))).toBe('SAML_PROFILE_VIOLATION');
  });

  it('refuses Version "1.1" on the Response and on the Assertion (core 3.2.2, 2.3.3)', () => {
    expect(
      codeOf(samlResponseXml(spec(inResponse(' Version="2.0" xmlns:saml2p', ' Version="1.1" xmlns:saml2p')))),
    ).toBe('SAML_PROFILE_VIOLATION');
    expect(judge(samlResponseXml(spec(inAssertion('Version="2.0"', 'Version="1.1"')))).verdict.diagnosis).toMatchObject(
      { code: 'SAML_PROFILE_VIOLATION', detail: expect.stringContaining('Assertion\'s Version is "1.1"') },
    );
  });

  it(
    'refuses a condition it does not understand (Indeterminate, core 2.5.1) and a response without an ' +
      'AuthnStatement (profiles 4.1.4.2)',
    () => {
      const custom = inAssertion(
        '</saml2:Conditions>',
        '<saml2:Condition xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
          'xsi:type="x:Whatever"/></saml2:Conditions>',
      );
      expect(judge(samlResponseXml(spec(custom))).verdict.diagnosis).toMatchObject({
        code: 'SAML_PROFILE_VIOLATION',
        detail: expect.stringContaining('Indeterminate'),
      });
      expect(codeOf(samlResponseXml(spec(inAssertion(/<saml2:AuthnStatement.*<\/saml2:AuthnStatement>/, ''))))).toBe(
        'SAML_PROFILE_VIOLATION',
      );
    },
  );

  it('refuses an assertion issued in the future beyond the leeway', () => {
    expect(judge(samlResponseXml(spec()), { now: NOW - 200_000 }).verdict.diagnosis).toMatchObject({
      code: 'SAML_ASSERTION_EXPIRED',
      detail: expect.stringContaining('IssueInstant'),
    });
  });

  it(
    "reports the signature's algorithms, SHA-1 among them, and passes the assertion (the certificate check " + 'warns)',
    () => {
      const sha1 = judge(samlResponseXml(spec({ sha1: true })));
      expect(sha1.verdict.diagnosis).toBeNull();
      expect(sha1.algorithms).toEqual({
        signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
        digest: 'http://www.w3.org/2000/09/xmldsig#sha1',
      });
      expect(judge(samlResponseXml(spec())).algorithms).toEqual({
        signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
        digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
      });
    },
  );
});

describe('judgeSamlResponse: an EncryptedAssertion is N/A only as Okta sends it', () => {
  const encrypted =
    '<saml2:EncryptedAssertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion"><xenc:EncryptedData ' +
    'xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"><xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml2:EncryptedAssertion>';
  const notRun = (xml: string) => judge(xml).verdict.notRun;

  it(
    'is N/A for a Response whose one assertion is one ' +
      'EncryptedAssertion with its EncryptedData, directly in ' +
      'it',
    () => {
      expect(
        notRun(
          samlResponseXml(spec({ signResponse: false })).replace(
            /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/,
            encrypted,
          ),
        ),
      ).toBe('n/a');
    },
  );

  it('refuses an empty one, one nested in Extensions, and one beside an unsigned plain assertion', () => {
    const bare = samlResponseXml(spec({ signResponse: false }));
    const empty = bare.replace(
      /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/,
      '<saml2:EncryptedAssertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion"/>',
    );
    expect(codeOf(empty)).toBe('SAML_XML_REFUSED');
    const nested = bare
      .replace(/<saml2:Assertion[\s\S]*<\/saml2:Assertion>/, '')
      .replace('<saml2p:Status>', `<saml2p:Extensions>${encrypted}</saml2p:Extensions><saml2p:Status>`);
    expect(codeOf(nested)).toBe('SAML_XML_REFUSED');
    const beside = samlResponseXml(spec({ signResponse: false, signAssertion: false })).replace(
      '</saml2p:Response>',
      `${encrypted}</saml2p:Response>`,
    );
    expect(judge(beside).verdict.diagnosis).toMatchObject({
      code: 'SAML_XML_REFUSED',
      detail: expect.stringContaining('a mix of encrypted and plain assertions is refused'),
    });
  });

  // Each a Response an attacker can build around an IdP-signed assertion (or Response): refused whatever signs what.
  const mixes = (): Record<string, string> => {
    const signedBoth = samlResponseXml(spec());
    const signedAssertion = samlResponseXml(spec({ signResponse: false }));
    const signedResponse = samlResponseXml(spec({ signAssertion: false }));
    const beforeStatus = (xml: string, what: string) => xml.replace('<saml2p:Status>', `${what}<saml2p:Status>`);
    return {
      'unsigned Response, EncryptedAssertion beside an IdP-signed assertion': signedAssertion.replace(
        '</saml2p:Response>',
        `${encrypted}</saml2p:Response>`,
      ),
      'unsigned Response, EncryptedAssertion before an IdP-signed assertion': signedAssertion.replace(
        '<saml2:Assertion ',
        `${encrypted}<saml2:Assertion `,
      ),
      'both signed, EncryptedAssertion added after signing': signedBoth.replace(
        '</saml2p:Response>',
        `${encrypted}</saml2p:Response>`,
      ),
      'signed Response, EncryptedAssertion added after signing': signedResponse.replace(
        '</saml2p:Response>',
        `${encrypted}</saml2p:Response>`,
      ),
      'EncryptedAssertion in Extensions beside a signed assertion': beforeStatus(
        signedAssertion,
        `<saml2p:Extensions>${encrypted}</saml2p:Extensions>`,
      ),
      'EncryptedAssertion inside the signed assertion (after signing)': signedAssertion.replace(
        '</saml2:Assertion>',
        `${encrypted}</saml2:Assertion>`,
      ),
      'two EncryptedAssertions, no plain one': samlResponseXml(spec({ signResponse: false })).replace(
        /<saml2:Assertion[\s\S]*<\/saml2:Assertion>/,
        `${encrypted}${encrypted}`,
      ),
    };
  };

  it('refuses each of the 7 mixes of encrypted and plain assertions (7 Responses), whatever signs what', () => {
    const all = Object.entries(mixes());
    expect(all).toHaveLength(7);
    for (const [name, xml] of all) {
      expect({ name, verdict: judge(xml).verdict }).toMatchObject({
        name,
        verdict: { diagnosis: { code: 'SAML_XML_REFUSED', detail: expect.stringContaining('EncryptedAssertion') } },
      });
    }
  });

  it('still checks the Response around it: a wrong Destination is not N/A', () => {
    const xml = samlResponseXml(
      spec({ signResponse: false, destination: 'https://acme.my.salesforce.com/old' }),
    ).replace(/<saml2:Assertion[\s\S]*<\/saml2:Assertion>/, encrypted);
    expect(codeOf(xml)).toBe('SAML_DESTINATION_MISMATCH');
  });
});

describe("judgeSamlResponse: xml-crypto's 2025 advisories (CVE-2025-29774, CVE-2025-29775)", () => {
  it('refuses a second SignedInfo beside the one the SignatureValue covers', () => {
    const signed = samlResponseXml(spec({ signAssertion: false }));
    const signedInfo = /<ds:SignedInfo>[\s\S]*?<\/ds:SignedInfo>/.exec(signed)?.[0] ?? '';
    expect(judge(signed.replace(signedInfo, `${signedInfo}${signedInfo}`)).verdict.diagnosis).toMatchObject({
      code: 'SAML_SIGNATURE_INVALID',
      detail: expect.stringContaining('0 References in SignedInfo'),
    });
  });

  it('refuses a DigestValue with a comment carrying the digest of tampered content', () => {
    const original = samlResponseXml(spec({ signResponse: false }));
    const tamperedAssertion = (xml: string) =>
      xml.replace('synthetic.user@acme.example</saml2:NameID>', 'ceo@acme.example</saml2:NameID>');
    // The digest of the tampered assertion (a digest needs no key: the attacker's own signature gives it).
    const forged = samlResponseXml(
      spec({
        signResponse: false,
        key: attackerKey,
        certificate: attackerCertificate,
        edit: { assertion: tamperedAssertion },
      }),
    );
    const forgedDigest = /<ds:DigestValue>([^<]*)<\/ds:DigestValue>/.exec(forged)?.[1] ?? '';
    const realDigest = /<ds:DigestValue>([^<]*)<\/ds:DigestValue>/.exec(original)?.[1] ?? '';
    const attack = tamperedAssertion(original).replace(
      `<ds:DigestValue>${realDigest}</ds:DigestValue>`,
      `<ds:DigestValue><!--${forgedDigest}-->${realDigest}</ds:DigestValue>`,
    );
    expect(attack).toContain(`<!--${forgedDigest}-->`);
    expect(judge(attack).verdict.diagnosis).toMatchObject({
      code: 'SAML_SIGNATURE_INVALID',
      detail: expect.stringContaining('the Assertion signature: it does not verify'),
    });
  });
});

describe('readXml: work bounded, not only bytes', () => {
  const nested = (open: (i: number) => string, n: number) =>
    `${Array.from({ length: n }, (_, i) => open(i)).join('')}${'</a>'.repeat(n)}`;

  it(
    'refuses a namespace-declaration bomb within the byte cap before xmldom sees it (nested: quadratic in ' + 'xmldom)',
    () => {
      const bomb = nested((i) => `<a xmlns:q${i}="u">`, 8000);
      expect(Buffer.byteLength(bomb)).toBeLessThan(MAX_SAML_XML_BYTES);
      expect(readXml(bomb)).toMatchObject({ ok: false, problem: expect.stringContaining('nested more than 32 deep') });
      const wide = `<a ${Array.from({ length: 9 }, (_, i) => `xmlns:p${i}="u${i}"`).join(' ')}/>`;
      expect(readXml(wide)).toMatchObject({
        ok: false,
        problem: expect.stringContaining('declaring at least 9 namespaces'),
      });
    },
  );

  it('refuses too many attributes on one element, and too many elements', () => {
    expect(readXml(`<a ${Array.from({ length: 33 }, (_, i) => `a${i}="1"`).join(' ')}/>`)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('33 attributes'),
    });
    expect(readXml(`<r>${'<a/>'.repeat(5000)}</r>`)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('more than 5000 elements'),
    });
  });

  it(
    "is not fooled by markup in comments, CDATA and attribute values, and reads Okta's shape with hundreds of " +
      'groups',
    () => {
      expect(
        readXml(`<r><!--${'<a>'.repeat(100)}--><![CDATA[${'<a>'.repeat(100)}]]><b c="${'&lt;a>'.repeat(100)}"/></r>`)
          .ok,
      ).toBe(true);
      // A raw '<' in an attribute value is not XML (AttValue [10]): refused, never left to xmldom's lenient reading.
      expect(readXml(`<r><b c="<a>"/></r>`)).toMatchObject({
        ok: false,
        problem: expect.stringContaining('malformed start tag'),
      });
      const groups = Array.from({ length: 400 }, (_, i) => `Group ${i}`);
      expect(
        codeOf(samlResponseXml(spec({ attributes: { email: ['synthetic.user@acme.example'], groups } }))),
      ).toBeNull();
    },
  );
});
