// The SAML assertion as a careful service provider judges it (issue 28). Pure: the base64 SAMLResponse, the
// certificates pinned from the app's metadata and the expected values in; a verdict out. The fetch half is saml.ts.
// Shape of Okta's responses: GitLab's SAML docs print one (Issuer http://www.okta.com/exk..., Response and Assertion
// each enveloped-signed, exc-c14n with InclusiveNamespaces "xs", rsa-sha256); Conditions span 5 minutes either side.
// The assertion's values hold the user's attributes: they stay in memory, never in `observed` or a detail.
import { NS, attribute, child, children, descendants, readXml, text } from './saml-xml';
import { verifyEnveloped, type SignatureCheck } from './saml-signature';
import type { SigningCertificate } from './saml-metadata';
import { fail, notApplicable, pass, type NotRun, type Observed, type Verdict } from './verdict';

export interface SamlExpectation {
  /** The metadata's entityID: the Issuer of every assertion. */
  readonly issuer: string;
  /** The certificates of the metadata: the only keys a signature may verify with. */
  readonly certificates: readonly SigningCertificate[];
  /** The SP's entity ID; absent: not checked (a group's discovered app whose settings in Okta do not say it, issue 37). */
  readonly audience?: string;
  /** The SP's ACS URL; absent: not checked, as the audience. */
  readonly recipient?: string;
  readonly nameIdFormat?: string;
  readonly requiredAttributes: readonly string[];
  /** Epoch ms. */
  readonly now: number;
  /** Allowed clock difference on NotBefore / NotOnOrAfter, s. @default SAML_LEEWAY_SECONDS */
  readonly leewaySeconds?: number;
}

/**
 * What a passing (or failing) judgement also tells the caller: which certificate signed, for the expiry gauge. Not
 * applicable: an encrypted assertion, which only the SP can read.
 */
export interface SamlJudgement {
  readonly verdict: Verdict | NotRun;
  readonly signedBy?: SigningCertificate;
}

/** Leeway on the assertion's time window: Okta's own verifiers allow 2 minutes of clock skew. */
export const SAML_LEEWAY_SECONDS = 120;
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

export function judgeSamlResponse(expected: SamlExpectation, samlResponse: string): SamlJudgement {
  const compact = samlResponse.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return verdictOnly(fail('SAML_XML_REFUSED', 'the SAMLResponse is not base64'));
  const xml = Buffer.from(compact, 'base64').toString('utf8');
  const read = readXml(xml);
  if (!read.ok) return verdictOnly(fail('SAML_XML_REFUSED', read.problem));
  const response = read.doc.documentElement as Element;
  if (response.namespaceURI !== NS.protocol || response.localName !== 'Response') {
    return verdictOnly(fail('SAML_XML_REFUSED', `the root element is <${response.nodeName}>, not a samlp:Response`));
  }
  const status = attribute(child(child(response, NS.protocol, 'Status'), NS.protocol, 'StatusCode'), 'Value');
  if (status !== SUCCESS) {
    const inner = attribute(child(child(child(response, NS.protocol, 'Status'), NS.protocol, 'StatusCode'), NS.protocol, 'StatusCode'), 'Value');
    return verdictOnly(fail('SAML_STATUS_FAILED', `StatusCode is ${status ?? '(none)'}${inner === undefined ? '' : ` / ${inner}`}, expected ${SUCCESS}`));
  }
  if (descendants(read.doc, NS.assertion, 'EncryptedAssertion').length > 0) return encryptedResponse(xml, read.doc, response, expected.certificates);
  const signed = signedAssertion(xml, read.doc, response, expected.certificates);
  if ('problem' in signed) return verdictOnly(fail('SAML_SIGNATURE_INVALID', signed.problem));
  const judgement = judgeContent(expected, signed);
  return { verdict: judgement, signedBy: signed.signedBy };
}

/**
 * Assertion Encryption on: the assertion is the SP's to read, and the probe holds no SP key, so its content is not
 * applicable (as an encrypted access token's validation is), never a failure blamed on the signature. What the probe
 * can check it still checks: the status (Success, above) and the Response's signature when Okta signs the Response
 * (then the signing certificate is known, for the expiry gauge). A Response signature that fails is refused.
 */
function encryptedResponse(xml: string, doc: Document, response: Element, certificates: readonly SigningCertificate[]): SamlJudgement {
  const signature = child(response, NS.dsig, 'Signature');
  if (straySignatures(doc, [response], [signature])) {
    return verdictOnly(fail('SAML_SIGNATURE_INVALID', 'a Signature elsewhere than directly in the Response beside an encrypted assertion (a signature-wrapping attempt)'));
  }
  const why = 'the assertion is encrypted (Assertion Encryption is on): its content is the SP\'s to read, and the probe holds no SP key';
  if (signature === undefined) return { verdict: notApplicable(`${why}; the status was Success, and the Response is not signed`, { encrypted: true, responseSigned: false }) };
  const checked = verifyEnveloped(xml, signature, response, certificates);
  if (!checked.ok) return verdictOnly(fail('SAML_SIGNATURE_INVALID', `the Response signature: ${checked.problem}`));
  const observed = { encrypted: true, responseSigned: true, signatureAlgorithm: checked.algorithm, certificate: checked.certificate.fingerprint };
  return { verdict: notApplicable(`${why}; the status was Success and the Response signature verified against the metadata`, observed), signedBy: checked.certificate };
}

/** Whether the document holds a Signature but `allowed`, or more than one directly in any of `signed` (signature wrapping). */
function straySignatures(doc: Document, signed: readonly Element[], allowed: readonly (Element | undefined)[]): boolean {
  return descendants(doc, NS.dsig, 'Signature').some((s) => !allowed.includes(s)) || signed.some((element) => children(element, NS.dsig, 'Signature').length > 1);
}

interface SignedAssertion {
  /** The assertion, read from the bytes a verified signature covers: never from the document received. */
  readonly assertion: Element;
  /** The Response's Destination, from signed bytes when the Response is signed. */
  readonly destination: string | undefined;
  readonly signedBy: SigningCertificate;
  readonly observed: Observed;
}

/**
 * Verifies every signature a careful SP would and hands back only what they cover. Refused: a Signature anywhere but
 * directly in the Response or in its one Assertion, more than one Assertion anywhere, a
 * signature that fails, and an Assertion no verified signature covers (XSW: the assertion read must be the one
 * signed).
 */
function signedAssertion(xml: string, doc: Document, response: Element, certificates: readonly SigningCertificate[]): SignedAssertion | { problem: string } {
  const assertions = descendants(doc, NS.assertion, 'Assertion');
  const assertion = child(response, NS.assertion, 'Assertion');
  if (assertions.length !== 1 || assertion === undefined) return { problem: `${assertions.length} Assertion elements, ${children(response, NS.assertion, 'Assertion').length} of them directly in the Response: exactly one is expected (a second is a signature-wrapping attempt)` };
  const responseSignature = child(response, NS.dsig, 'Signature');
  const assertionSignature = child(assertion, NS.dsig, 'Signature');
  if (straySignatures(doc, [response, assertion], [responseSignature, assertionSignature])) {
    return { problem: 'a Signature elsewhere than directly in the Response or the Assertion (a signature-wrapping attempt)' };
  }
  if (responseSignature === undefined && assertionSignature === undefined) return { problem: 'neither the Response nor the Assertion is signed' };

  let fromResponse: SignatureCheck | undefined;
  if (responseSignature !== undefined) {
    fromResponse = verifyEnveloped(xml, responseSignature, response, certificates);
    if (!fromResponse.ok) return { problem: `the Response signature: ${fromResponse.problem}` };
  }
  let fromAssertion: SignatureCheck | undefined;
  if (assertionSignature !== undefined) {
    fromAssertion = verifyEnveloped(xml, assertionSignature, assertion, certificates);
    if (!fromAssertion.ok) return { problem: `the Assertion signature: ${fromAssertion.problem}` };
  }
  // Read the assertion from its own signed bytes, else from the signed Response's bytes.
  const signedResponse = fromResponse?.ok === true ? fromResponse.element : undefined;
  const read = fromAssertion?.ok === true ? fromAssertion.element : child(signedResponse, NS.assertion, 'Assertion');
  const by = fromAssertion?.ok === true ? fromAssertion : fromResponse;
  if (read === undefined || by === undefined || !by.ok) return { problem: 'no verified signature covers the assertion' };
  if (attribute(read, 'ID') !== attribute(assertion, 'ID')) return { problem: 'the signed assertion is not the assertion in the Response (signature wrapping)' };
  return {
    assertion: read,
    destination: attribute(signedResponse ?? response, 'Destination'),
    signedBy: by.certificate,
    observed: { responseSigned: fromResponse !== undefined, assertionSigned: fromAssertion !== undefined, signatureAlgorithm: by.algorithm, certificate: by.certificate.fingerprint },
  };
}

function judgeContent(expected: SamlExpectation, signed: SignedAssertion): Verdict {
  const { assertion } = signed;
  const observed: Record<string, string | number | boolean | null> = { ...signed.observed };
  const issuer = text(child(assertion, NS.assertion, 'Issuer'));
  if (issuer !== expected.issuer) return fail('SAML_ISSUER_MISMATCH', `Issuer is "${issuer}", the metadata's entityID (what the SP trusts) is "${expected.issuer}"`, observed);

  const subject = child(assertion, NS.assertion, 'Subject');
  const confirmations = children(subject ?? assertion, NS.assertion, 'SubjectConfirmation').map((c) => child(c, NS.assertion, 'SubjectConfirmationData'));
  const recipients = confirmations.map((data) => attribute(data, 'Recipient'));
  if (expected.recipient !== undefined && signed.destination !== undefined && signed.destination !== expected.recipient) {
    return fail('SAML_RECIPIENT_MISMATCH', `Destination is "${signed.destination}", the SP's ACS URL (recipient) is "${expected.recipient}"`, observed);
  }
  if (expected.recipient !== undefined && !recipients.includes(expected.recipient)) {
    return fail('SAML_RECIPIENT_MISMATCH', `SubjectConfirmationData Recipient is ${recipients.map((r) => `"${r ?? ''}"`).join(', ') || '(none)'}, the SP's ACS URL (recipient) is "${expected.recipient}"`, observed);
  }

  const conditions = child(assertion, NS.assertion, 'Conditions');
  const audiences = children(conditions ?? assertion, NS.assertion, 'AudienceRestriction').flatMap((r) => children(r, NS.assertion, 'Audience').map(text));
  if (expected.audience !== undefined && !audiences.includes(expected.audience)) {
    return fail('SAML_AUDIENCE_MISMATCH', `Audience is ${audiences.map((a) => `"${a}"`).join(', ') || '(none)'}, the SP's entity ID (audience) is "${expected.audience}"`, observed);
  }

  const late = timeProblem(expected, conditions, confirmations);
  if (late !== undefined) return fail('SAML_ASSERTION_EXPIRED', late, observed);

  const nameId = child(subject, NS.assertion, 'NameID');
  const format = attribute(nameId, 'Format') ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
  observed.nameIdFormat = format;
  if (nameId === undefined || text(nameId) === '') return fail('SAML_NAMEID_MISMATCH', 'the assertion has no NameID, or an empty one', observed);
  if (expected.nameIdFormat !== undefined && format !== expected.nameIdFormat) {
    return fail('SAML_NAMEID_MISMATCH', `NameID Format is "${format}", the SP expects "${expected.nameIdFormat}" (nameIdFormat)`, observed);
  }

  const values = attributeValues(assertion);
  observed.attributes = [...values.keys()].sort().join(', ');
  const missing = expected.requiredAttributes.filter((name) => !(values.get(name) ?? []).some((v) => v !== ''));
  if (missing.length > 0) {
    const how = missing.map((name) => `"${name}" ${values.has(name) ? 'is empty' : 'is absent'}`).join(', ');
    return fail('SAML_ATTRIBUTE_MISSING', `${how}; the assertion's attributes are ${observed.attributes === '' ? '(none)' : observed.attributes}`, observed);
  }
  return pass(observed);
}

function timeProblem(expected: SamlExpectation, conditions: Element | undefined, confirmations: readonly (Element | undefined)[]): string | undefined {
  const leewayMs = (expected.leewaySeconds ?? SAML_LEEWAY_SECONDS) * 1000;
  const now = expected.now;
  const instant = (element: Element | undefined, name: string): number | undefined => {
    const value = attribute(element, name);
    return value === undefined ? undefined : Date.parse(value);
  };
  if (conditions === undefined) return 'the assertion has no Conditions (a careful SP requires its time window and audience)';
  const checks: [string, number | undefined, 'before' | 'after'][] = [
    ['Conditions NotBefore', instant(conditions, 'NotBefore'), 'before'],
    ['Conditions NotOnOrAfter', instant(conditions, 'NotOnOrAfter'), 'after'],
    ...confirmations.map((data): [string, number | undefined, 'before' | 'after'] => ['SubjectConfirmationData NotOnOrAfter', instant(data, 'NotOnOrAfter'), 'after']),
  ];
  for (const [what, at, side] of checks) {
    if (at === undefined) continue;
    if (Number.isNaN(at)) return `${what} is not a date`;
    if (side === 'before' && now + leewayMs < at) return `${what} is ${new Date(at).toISOString()}, after now (${new Date(now).toISOString()}) by more than the ${leewayMs / 1000} s leeway`;
    if (side === 'after' && now - leewayMs >= at) return `${what} is ${new Date(at).toISOString()}, before now (${new Date(now).toISOString()}) by more than the ${leewayMs / 1000} s leeway`;
  }
  return undefined;
}

/** Every Attribute of every AttributeStatement, by Name, with its values' text. */
function attributeValues(assertion: Element): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const statement of children(assertion, NS.assertion, 'AttributeStatement')) {
    for (const attr of children(statement, NS.assertion, 'Attribute')) {
      const name = attribute(attr, 'Name') ?? '';
      values.set(name, [...(values.get(name) ?? []), ...children(attr, NS.assertion, 'AttributeValue').map(text)]);
    }
  }
  return values;
}

const verdictOnly = (verdict: Verdict): SamlJudgement => ({ verdict });
