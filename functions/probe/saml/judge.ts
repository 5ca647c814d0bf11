// The SAML assertion as a careful service provider judges it, rule by rule of SAML core and the Web
// Browser SSO profile (profiles 4.1.4.2-4.1.4.3; README "What the SAML check verifies" lists them). Pure: the base64
// SAMLResponse, the certificates pinned from the app's metadata and the expected values in; a verdict out. The fetch
// half is saml.ts.
// Shape of Okta's responses: GitLab's SAML docs print one (Issuer http://www.okta.com/exk..., Response and Assertion
// each enveloped-signed, exc-c14n with InclusiveNamespaces "xs", rsa-sha256); Conditions span 5 minutes either side.
// The assertion's values hold the user's attributes: they stay in memory, never in `observed` or a detail.
import { NS, attribute, child, children, descendants, readXml, text } from './xml';
import { usesSha1, verifyEnveloped, type SignatureAlgorithms, type SignatureCheck } from './signature';
import type { DiagnosisCode } from '../../contract';
import type { SigningCertificate } from './metadata';
import { fail, notApplicable, pass, type NotRun, type Observed, type Verdict } from '../verdict';

export interface SamlExpectation {
  /** The metadata's entityID: the Issuer of every assertion. */
  readonly issuer: string;
  /** The certificates of the metadata: the only keys a signature may verify with. */
  readonly certificates: readonly SigningCertificate[];
  /** The SP's entity ID; absent: any (a group's discovered app whose settings in Okta name none). */
  readonly audience?: string;
  /** The SP's ACS URL: a bearer SubjectConfirmationData's Recipient; absent: any, as the audience. */
  readonly recipient?: string;
  /** Where the SP receives the Response: its Destination (samlApps[].destination, else recipient); absent: any. */
  readonly destination?: string;
  readonly nameIdFormat?: string;
  readonly requiredAttributes: readonly string[];
  /** Epoch ms. */
  readonly now: number;
  /** Allowed clock difference on NotBefore / NotOnOrAfter, s. @default SAML_LEEWAY_SECONDS */
  readonly leewaySeconds?: number;
}

/**
 * What a passing (or failing) judgement also tells the caller: which certificate signed, and with which
 * algorithms, for the certificate's gauges. Not applicable: an encrypted assertion, which only the SP can read.
 */
interface SamlJudgement {
  readonly verdict: Verdict | NotRun;
  readonly signedBy?: SigningCertificate;
  /** The SignatureMethod and DigestMethod of the signature that covers the assertion (or the Response). */
  readonly algorithms?: SignatureAlgorithms;
}

/** Leeway on the assertion's time window: Okta's own verifiers allow 2 minutes of clock skew. */
export const SAML_LEEWAY_SECONDS = 120;
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const ENTITY = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';
/** Conditions an SP understands (core 2.5.1.4-2.5.1.6); any other makes the assertion Indeterminate (core 2.5.1). */
const KNOWN_CONDITIONS = new Set(['AudienceRestriction', 'OneTimeUse', 'ProxyRestriction']);

export function judgeSamlResponse(expected: SamlExpectation, samlResponse: string): SamlJudgement {
  const compact = samlResponse.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact))
    return verdictOnly(fail('SAML_XML_REFUSED', 'the SAMLResponse is not base64'));
  const xml = Buffer.from(compact, 'base64').toString('utf8');
  const read = readXml(xml);
  if (!read.ok) return verdictOnly(fail('SAML_XML_REFUSED', read.problem));
  const response = read.doc.documentElement as Element;
  if (response.namespaceURI !== NS.protocol || response.localName !== 'Response') {
    return verdictOnly(fail('SAML_XML_REFUSED', `the root element is <${response.nodeName}>, not a samlp:Response`));
  }
  const status = attribute(child(child(response, NS.protocol, 'Status'), NS.protocol, 'StatusCode'), 'Value');
  if (status !== SUCCESS) {
    const inner = attribute(
      child(child(child(response, NS.protocol, 'Status'), NS.protocol, 'StatusCode'), NS.protocol, 'StatusCode'),
      'Value',
    );
    return verdictOnly(
      fail(
        'SAML_STATUS_FAILED',
        `StatusCode is ${status ?? '(none)'}${inner === undefined ? '' : ` / ${inner}`}, expected ${SUCCESS}`,
      ),
    );
  }
  if (onlyEncrypted(read.doc, response)) return encryptedResponse(expected, xml, read.doc, response);
  const mixed = encryptedElsewhere(read.doc);
  if (mixed !== undefined) return verdictOnly(fail('SAML_XML_REFUSED', mixed));
  const signed = signedAssertion(xml, read.doc, response, expected.certificates);
  if ('problem' in signed) return verdictOnly(fail('SAML_SIGNATURE_INVALID', signed.problem));
  const judgement = judgeContent(expected, signed);
  return { verdict: judgement, signedBy: signed.signedBy, algorithms: signed.algorithms };
}

/**
 * Assertion Encryption on, exactly as Okta sends it: the Response's one and only assertion is one EncryptedAssertion,
 * directly in the Response, holding one xenc:EncryptedData. Anything else holding one is refused (encryptedElsewhere).
 */
function onlyEncrypted(doc: Document, response: Element): boolean {
  const encrypted = descendants(doc, NS.assertion, 'EncryptedAssertion');
  const direct = children(response, NS.assertion, 'EncryptedAssertion');
  return (
    encrypted.length === 1 &&
    direct.length === 1 &&
    descendants(doc, NS.assertion, 'Assertion').length === 0 &&
    children(direct[0] as Element, NS.xenc, 'EncryptedData').length === 1
  );
}

/**
 * Why a Response that is not encryptedResponse's shape but holds an EncryptedAssertion anywhere is refused, whatever
 * signs what: an SP that decrypts reads the encrypted one, this judge the plain one, so a plain assertion signed by the
 * IdP beside an encrypted one of anyone's making (or one empty, nested in Extensions or an Advice, or two) would pass
 * a check of an assertion the SP never reads. Okta sends either every assertion encrypted or none.
 */
function encryptedElsewhere(doc: Document): string | undefined {
  const encrypted = descendants(doc, NS.assertion, 'EncryptedAssertion').length;
  if (encrypted === 0) return undefined;
  const plain = descendants(doc, NS.assertion, 'Assertion').length;
  return (
    `the Response holds ${encrypted} EncryptedAssertion${encrypted === 1 ? '' : 's'} and ${plain} plain ` +
    `Assertion${plain === 1 ? '' : 's'}, not one EncryptedAssertion with its EncryptedData alone and directly ` +
    `in the Response: a mix of encrypted and plain assertions is refused, whatever signs what (the SP would ` +
    `read another assertion than the one judged)`
  );
}

/**
 * Assertion Encryption on: the assertion is the SP's to read, and the probe holds no SP key, so its content is not
 * applicable (as an encrypted access token's validation is), never a failure blamed on the signature. What the probe
 * can check it still checks: the status (Success, above), the Response's own attributes, and the Response's signature
 * when Okta signs the Response (then the signing certificate is known, for the expiry gauge). A Response signature
 * that fails is refused.
 */
function encryptedResponse(expected: SamlExpectation, xml: string, doc: Document, response: Element): SamlJudgement {
  const signature = child(response, NS.dsig, 'Signature');
  if (straySignatures(doc, [response], [signature])) {
    return verdictOnly(
      fail(
        'SAML_SIGNATURE_INVALID',
        'a Signature elsewhere than directly in the Response beside an encrypted assertion (a ' +
          'signature-wrapping attempt)',
      ),
    );
  }
  const why =
    "the assertion is encrypted (Assertion Encryption is on): its content is the SP's to read, and the probe " +
    'holds no SP key';
  let checked: SignatureCheck | undefined;
  if (signature !== undefined) {
    checked = verifyEnveloped(xml, signature, response, expected.certificates);
    if (!checked.ok) return verdictOnly(fail('SAML_SIGNATURE_INVALID', `the Response signature: ${checked.problem}`));
  }
  const verified = checked?.ok === true ? checked : undefined;
  const problem = responseProblem(expected, verified?.element ?? response, verified !== undefined);
  if (problem !== undefined) return verdictOnly(problem);
  if (verified === undefined)
    return {
      verdict: notApplicable(`${why}; the status was Success, and the Response is not signed`, {
        encrypted: true,
        responseSigned: false,
      }),
    };
  const observed = {
    encrypted: true,
    responseSigned: true,
    signatureAlgorithm: verified.algorithms.signature,
    digestAlgorithm: verified.algorithms.digest,
    certificate: verified.certificate.fingerprint,
  };
  return {
    verdict: notApplicable(
      `${why}; the status was Success and the Response signature verified against the metadata`,
      observed,
    ),
    signedBy: verified.certificate,
    algorithms: verified.algorithms,
  };
}
/**
 * Whether the document holds a Signature but `allowed`, or more than one directly in any of `signed` (signature
 * wrapping).
 */
function straySignatures(
  doc: Document,
  signed: readonly Element[],
  allowed: readonly (Element | undefined)[],
): boolean {
  return (
    descendants(doc, NS.dsig, 'Signature').some((s) => !allowed.includes(s)) ||
    signed.some((element) => children(element, NS.dsig, 'Signature').length > 1)
  );
}

interface SignedAssertion {
  /** The assertion, read from the bytes a verified signature covers: never from the document received. */
  readonly assertion: Element;
  /** The Response, from its signed bytes when it is signed (else as received: only refused by, never trusted). */
  readonly response: Element;
  readonly responseSigned: boolean;
  readonly signedBy: SigningCertificate;
  readonly algorithms: SignatureAlgorithms;
  readonly observed: Observed;
}

/**
 * The one Assertion, and the signatures directly in the Response and in it: the only places a signature is read from.
 * A problem when the message holds another Assertion or Signature (a wrapping attempt), or no signature at all.
 */
function signatureSites(
  doc: Document,
  response: Element,
):
  | { readonly assertion: Element; readonly responseSignature?: Element; readonly assertionSignature?: Element }
  | { problem: string } {
  const assertions = descendants(doc, NS.assertion, 'Assertion');
  const assertion = child(response, NS.assertion, 'Assertion');
  if (assertions.length !== 1 || assertion === undefined)
    return {
      problem:
        `${assertions.length} Assertion elements, ${children(response, NS.assertion, 'Assertion').length} of ` +
        `them directly in the Response: exactly one is expected (a second is a signature-wrapping attempt)`,
    };
  const responseSignature = child(response, NS.dsig, 'Signature');
  const assertionSignature = child(assertion, NS.dsig, 'Signature');
  if (straySignatures(doc, [response, assertion], [responseSignature, assertionSignature])) {
    return {
      problem: 'a Signature elsewhere than directly in the Response or the Assertion (a signature-wrapping attempt)',
    };
  }
  if (responseSignature === undefined && assertionSignature === undefined)
    return { problem: 'neither the Response nor the Assertion is signed' };
  return { assertion, responseSignature, assertionSignature };
}

/**
 * Verifies every signature a careful SP would and hands back only what they cover. Refused: a Signature anywhere but
 * directly in the Response or in its one Assertion, more than one Assertion anywhere, a
 * signature that fails, and an Assertion no verified signature covers (XSW: the assertion read must be the one
 * signed).
 */
function signedAssertion(
  xml: string,
  doc: Document,
  response: Element,
  certificates: readonly SigningCertificate[],
): SignedAssertion | { problem: string } {
  const sites = signatureSites(doc, response);
  if ('problem' in sites) return sites;
  const verified = verifySites(xml, { ...sites, response }, certificates);
  if ('problem' in verified) return verified;
  const { assertion } = sites;
  const { fromResponse, fromAssertion } = verified;
  const signedResponse = fromResponse?.ok === true ? fromResponse.element : undefined;
  // Read the assertion from the signed Response's bytes, which cover it (its own signed bytes are then only checked to
  // be the Assertion's, not parsed whole: a second parse of the message's size), else from its own signed bytes.
  const read =
    signedResponse !== undefined
      ? child(signedResponse, NS.assertion, 'Assertion')
      : fromAssertion?.ok === true
        ? fromAssertion.element
        : undefined;
  const by = fromAssertion?.ok === true ? fromAssertion : fromResponse;
  if (read === undefined || by === undefined || !by.ok)
    return { problem: 'no verified signature covers the assertion' };
  if (attribute(read, 'ID') !== attribute(assertion, 'ID'))
    return { problem: 'the signed assertion is not the assertion in the Response (signature wrapping)' };
  // The weaker of the two signatures is what an attacker would forge: SHA-1 in either is reported.
  const sha1 = [fromResponse, fromAssertion].find(
    (c): c is Extract<SignatureCheck, { ok: true }> => c?.ok === true && usesSha1(c.algorithms),
  );
  const algorithms = sha1?.algorithms ?? by.algorithms;
  return {
    assertion: read,
    response: signedResponse ?? response,
    responseSigned: signedResponse !== undefined,
    signedBy: by.certificate,
    algorithms,
    observed: {
      responseSigned: fromResponse !== undefined,
      assertionSigned: fromAssertion !== undefined,
      signatureAlgorithm: algorithms.signature,
      digestAlgorithm: algorithms.digest,
      certificate: by.certificate.fingerprint,
    },
  };
}

/**
 * Each signature of the sites verified: the Response's over the whole message, then the Assertion's, over its own
 * bytes only when the Response's already covers the rest. A problem at the first that fails.
 */
function verifySites(
  xml: string,
  sites: {
    readonly response: Element;
    readonly assertion: Element;
    readonly responseSignature?: Element;
    readonly assertionSignature?: Element;
  },
  certificates: readonly SigningCertificate[],
): { readonly fromResponse?: SignatureCheck; readonly fromAssertion?: SignatureCheck } | { problem: string } {
  const { response, assertion, responseSignature, assertionSignature } = sites;
  let fromResponse: SignatureCheck | undefined;
  if (responseSignature !== undefined) {
    fromResponse = verifyEnveloped(xml, responseSignature, response, certificates);
    if (!fromResponse.ok) return { problem: `the Response signature: ${fromResponse.problem}` };
  }
  const signedResponse = fromResponse?.ok === true ? fromResponse.element : undefined;
  let fromAssertion: SignatureCheck | undefined;
  if (assertionSignature !== undefined) {
    fromAssertion = verifyEnveloped(
      xml,
      assertionSignature,
      assertion,
      certificates,
      signedResponse === undefined ? 'whole' : 'root',
    );
    if (!fromAssertion.ok) return { problem: `the Assertion signature: ${fromAssertion.problem}` };
  }
  return { ...(fromResponse !== undefined && { fromResponse }), ...(fromAssertion !== undefined && { fromAssertion }) };
}

/**
 * The Response's own rules (checked on its signed bytes when it is signed; an unsigned one can only be refused):
 * - Version "2.0" (SAML core 3.2.2);
 * - Issuer, when present, the IdP's entityID with Format entity or none (SAML profiles 4.1.4.2);
 * - no InResponseTo: the probe sent no AuthnRequest, so the response is unsolicited (profiles 4.1.5; core 3.2.2);
 * - Destination, required when the Response is signed (SAML bindings 3.5.5.2) and, when present, where the SP
 *   receives it (core 3.2.2).
 */
function responseProblem(expected: SamlExpectation, response: Element, signed: boolean): Verdict | undefined {
  const version = attribute(response, 'Version');
  if (version !== '2.0')
    return fail('SAML_PROFILE_VIOLATION', `the Response's Version is "${version ?? ''}", not "2.0" (SAML core 3.2.2)`);
  const issuer = child(response, NS.assertion, 'Issuer');
  if (issuer !== undefined && text(issuer) !== expected.issuer) {
    return fail(
      'SAML_ISSUER_MISMATCH',
      `the Response's Issuer is "${text(issuer)}", the metadata's entityID (what the SP trusts) is "${expected.issuer}"`,
    );
  }
  if (children(response, NS.assertion, 'Issuer').length > 1 || !entityFormat(issuer))
    return fail(
      'SAML_PROFILE_VIOLATION',
      `the Response's Issuer is not one element with Format ${ENTITY} or none (SAML profiles 4.1.4.2)`,
    );
  const inResponseTo = attribute(response, 'InResponseTo');
  if (inResponseTo !== undefined)
    return fail(
      'SAML_PROFILE_VIOLATION',
      'the Response has an InResponseTo, but the probe sent no AuthnRequest: an unsolicited (IdP-initiated) ' +
        'response must have none (SAML profiles 4.1.5, 4.1.4.3)',
    );
  const destination = attribute(response, 'Destination');
  if (destination === undefined && signed) {
    return fail(
      'SAML_DESTINATION_MISMATCH',
      `the signed Response has no Destination: an SP requires one, equal to where it receives it${
        expected.destination === undefined ? '' : ` ("${expected.destination}", ` + `destination)`
      } ` + `(SAML bindings 3.5.5.2)`,
    );
  }
  if (destination !== undefined && expected.destination !== undefined && destination !== expected.destination) {
    return fail(
      'SAML_DESTINATION_MISMATCH',
      `the Response's Destination is "${destination}", the SP receives it at "${expected.destination}" ` +
        `(destination${expected.destination === expected.recipient ? ', which defaults to recipient' : ''})`,
    );
  }
  return undefined;
}

/**
 * The assertion as a careful SP judges it, rule by rule of SAML core and the Web Browser SSO profile (profiles
 * 4.1.4.2 "<Response> Usage" and 4.1.4.3 "<Response> Message Processing Rules"), on the signed bytes only.
 */
function judgeContent(expected: SamlExpectation, signed: SignedAssertion): Verdict {
  const { assertion } = signed;
  const observed: Record<string, string | number | boolean | null> = { ...signed.observed };
  const failing = (code: DiagnosisCode, detail: string): Verdict => fail(code, detail, observed);
  const response = responseProblem(expected, signed.response, signed.responseSigned);
  if (response !== undefined) return { ...response, observed };
  const issued = issuedAt(assertion);
  if (typeof issued !== 'number') return failing('SAML_PROFILE_VIOLATION', issued);

  const wrongIssuer = issuerProblem(expected, assertion);
  if (wrongIssuer !== undefined) return failing(wrongIssuer.code, wrongIssuer.detail);

  const subject = child(assertion, NS.assertion, 'Subject');
  const bearer = confirmationProblem(expected, subject);
  if (bearer !== undefined) return failing(bearer.code, bearer.detail);

  const outside = conditionsProblem(expected, assertion, issued);
  if (outside !== undefined) return failing(outside.code, outside.detail);

  // Profiles 4.1.4.2: at least one AuthnStatement reflecting the authentication at the IdP.
  if (children(assertion, NS.assertion, 'AuthnStatement').length === 0)
    return failing('SAML_PROFILE_VIOLATION', NO_AUTHN_STATEMENT);

  const nameId = child(subject, NS.assertion, 'NameID');
  const format = attribute(nameId, 'Format') ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
  observed.nameIdFormat = format;
  const wrongName = nameIdProblem(expected, nameId, format);
  if (wrongName !== undefined) return failing('SAML_NAMEID_MISMATCH', wrongName);

  const values = attributeValues(assertion);
  observed.attributes = [...values.keys()].sort().join(', ');
  const how = missingAttributes(expected, values);
  if (how !== undefined) {
    return failing(
      'SAML_ATTRIBUTE_MISSING',
      `${how}; the assertion's attributes are ${observed.attributes === '' ? '(none)' : observed.attributes}`,
    );
  }
  return pass(observed);
}

/** Core 2.3.3: the Assertion's Version "2.0", and its IssueInstant in xs:dateTime; else what is wrong with them. */
function issuedAt(assertion: Element): number | string {
  if (attribute(assertion, 'Version') !== '2.0')
    return `the Assertion's Version is "${attribute(assertion, 'Version') ?? ''}", not "2.0" (SAML core 2.3.3)`;
  const issued = instant(assertion, 'IssueInstant');
  return typeof issued === 'number' ? issued : `the Assertion's IssueInstant ${issued} (SAML core 2.3.3, 1.3.3)`;
}

/**
 * Core 2.5.1: one Conditions with both bounds (present and ordered, xs:dateTime) and only conditions the SP
 * understands, its audience the SP's, and the assertion within its window now.
 */
function conditionsProblem(expected: SamlExpectation, assertion: Element, issued: number): Problem | undefined {
  const conditions = children(assertion, NS.assertion, 'Conditions');
  if (conditions.length !== 1)
    return {
      code: 'SAML_PROFILE_VIOLATION',
      detail:
        `${conditions.length} Conditions elements: exactly one is expected, with the time window and the ` +
        `audience (SAML core 2.5.1, profiles 4.1.4.2)`,
    };
  const window = conditionsWindow(conditions[0] as Element);
  if (typeof window === 'string') return { code: 'SAML_PROFILE_VIOLATION', detail: window };
  const restricted = restrictionProblem(expected, conditions[0] as Element);
  if (restricted !== undefined) return restricted;
  const late = timeProblem(expected, issued, window);
  return late === undefined ? undefined : { code: 'SAML_ASSERTION_EXPIRED', detail: late };
}

const NO_AUTHN_STATEMENT =
  'the assertion has no AuthnStatement: a Web SSO response must say how the user authenticated (SAML ' +
  'profiles 4.1.4.2)';

/** The required attributes the assertion lacks or leaves empty, each said so; undefined when it has them all. */
function missingAttributes(expected: SamlExpectation, values: ReadonlyMap<string, string[]>): string | undefined {
  const missing = expected.requiredAttributes.filter((name) => !(values.get(name) ?? []).some((v) => v !== ''));
  if (missing.length === 0) return undefined;
  return missing.map((name) => `"${name}" ${values.has(name) ? 'is empty' : 'is absent'}`).join(', ');
}

/** What an SP rejects an assertion for: the diagnosis code and what it saw. */
interface Problem {
  readonly code: DiagnosisCode;
  readonly detail: string;
}

/** Profiles 4.1.4.2: each assertion's Issuer is the IdP's entityID, Format entity or omitted. */
function issuerProblem(expected: SamlExpectation, assertion: Element): Problem | undefined {
  const issuers = children(assertion, NS.assertion, 'Issuer');
  const issuer = text(issuers[0]);
  if (issuer !== expected.issuer)
    return {
      code: 'SAML_ISSUER_MISMATCH',
      detail: `Issuer is "${issuer}", the metadata's entityID (what the SP trusts) is "${expected.issuer}"`,
    };
  if (issuers.length !== 1 || !entityFormat(issuers[0]))
    return {
      code: 'SAML_PROFILE_VIOLATION',
      detail: `the Assertion's Issuer is not one element with Format ${ENTITY} or none (SAML profiles 4.1.4.2)`,
    };
  return undefined;
}

/** The Conditions' restrictions: only conditions the SP understands, and its entity ID in every AudienceRestriction. */
function restrictionProblem(expected: SamlExpectation, conditions: Element): Problem | undefined {
  const unknown = elementChildren(conditions).find(
    (c) => c.namespaceURI !== NS.assertion || !KNOWN_CONDITIONS.has(c.localName),
  );
  if (unknown !== undefined)
    return {
      code: 'SAML_PROFILE_VIOLATION',
      detail:
        `Conditions holds <${unknown.nodeName}>, a condition the SP does not understand: the assertion is ` +
        `Indeterminate (SAML core 2.5.1)`,
    };

  // Core 2.5.1.4: within one AudienceRestriction the audiences are an OR; several AudienceRestrictions are an AND.
  const restrictions = children(conditions, NS.assertion, 'AudienceRestriction');
  if (restrictions.length === 0)
    return {
      code: 'SAML_AUDIENCE_MISMATCH',
      detail:
        `the assertion has no AudienceRestriction; a bearer assertion must name the SP's entity ID${
          expected.audience === undefined ? '' : ` "${expected.audience}" ` + `(audience)`
        } ` + `in one (SAML profiles 4.1.4.2)`,
    };
  for (const [i, restriction] of restrictions.entries()) {
    const audiences = children(restriction, NS.assertion, 'Audience').map(text);
    if (expected.audience !== undefined && !audiences.includes(expected.audience)) {
      const which =
        restrictions.length > 1
          ? `AudienceRestriction ${i + 1} of ${restrictions.length} (each must hold it: SAML core 2.5.1.4)`
          : 'Audience';
      return {
        code: 'SAML_AUDIENCE_MISMATCH',
        detail:
          `${which} is ${audiences.map((a) => `"${a}"`).join(', ') || '(none)'}, the SP's entity ID (audience) ` +
          `is "${expected.audience}"`,
      };
    }
  }
  return undefined;
}

/** Why the NameID fails the SP: absent or empty, or not of the Format it expects. */
function nameIdProblem(expected: SamlExpectation, nameId: Element | undefined, format: string): string | undefined {
  if (nameId === undefined || text(nameId) === '') return 'the assertion has no NameID, or an empty one';
  if (expected.nameIdFormat !== undefined && format !== expected.nameIdFormat)
    return `NameID Format is "${format}", the SP expects "${expected.nameIdFormat}" (nameIdFormat)`;
  return undefined;
}

/**
 * Profiles 4.1.4.2-4.1.4.3: a Subject with at least one bearer SubjectConfirmation whose SubjectConfirmationData
 * names the SP's ACS URL as Recipient, has a NotOnOrAfter (xs:dateTime) not yet passed, no NotBefore, and no
 * InResponseTo (unsolicited: 4.1.5). Other methods (holder-of-key, sender-vouches) prove nothing here. As Shibboleth's
 * bearer rule, one acceptable confirmation suffices; the first bearer one's problem is reported otherwise.
 */
function confirmationProblem(
  expected: SamlExpectation,
  subject: Element | undefined,
): { code: DiagnosisCode; detail: string } | undefined {
  const profile = (detail: string) => ({ code: 'SAML_PROFILE_VIOLATION' as const, detail });
  if (subject === undefined) return profile('the assertion has no Subject (SAML profiles 4.1.4.2)');
  const bearers = children(subject, NS.assertion, 'SubjectConfirmation').filter(
    (c) => attribute(c, 'Method') === BEARER,
  );
  if (bearers.length === 0)
    return profile(
      `the assertion has no bearer SubjectConfirmation (Method ${BEARER}), which the Web SSO profile ` +
        `requires (SAML profiles 4.1.4.2)`,
    );
  const leewayMs = (expected.leewaySeconds ?? SAML_LEEWAY_SECONDS) * 1000;
  const problems = bearers.map((confirmation): { code: DiagnosisCode; detail: string } | undefined => {
    const data = children(confirmation, NS.assertion, 'SubjectConfirmationData');
    if (data.length !== 1)
      return profile(
        `a bearer SubjectConfirmation has ${data.length} SubjectConfirmationData: one, with Recipient and ` +
          `NotOnOrAfter, is required (SAML profiles 4.1.4.2)`,
      );
    const scd = data[0] as Element;
    const recipient = attribute(scd, 'Recipient');
    const until = instant(scd, 'NotOnOrAfter');
    if (recipient === undefined)
      return profile('the bearer SubjectConfirmationData has no Recipient (SAML profiles 4.1.4.2)');
    if (attribute(scd, 'NotBefore') !== undefined)
      return profile(
        'the bearer SubjectConfirmationData has a NotBefore, which the profile forbids (SAML profiles 4.1.4.2)',
      );
    if (attribute(scd, 'InResponseTo') !== undefined)
      return profile(
        'the bearer SubjectConfirmationData has an InResponseTo, but the probe sent no AuthnRequest (SAML ' +
          'profiles 4.1.4.3, 4.1.5)',
      );
    if (typeof until !== 'number')
      return profile(`the bearer SubjectConfirmationData's NotOnOrAfter ${until} (SAML profiles 4.1.4.2, core 1.3.3)`);
    if (expected.recipient !== undefined && recipient !== expected.recipient)
      return {
        code: 'SAML_RECIPIENT_MISMATCH',
        detail:
          `SubjectConfirmationData Recipient is "${recipient}", the ` +
          `SP's ACS URL (recipient) is "${expected.recipient}"`,
      };
    if (expected.now - leewayMs >= until)
      return {
        code: 'SAML_ASSERTION_EXPIRED',
        detail:
          `SubjectConfirmationData NotOnOrAfter is ${new Date(until).toISOString()}, before now (${new Date(expected.now).toISOString()}) ` +
          `by more than the ${leewayMs / 1000} s leeway (SAML profiles 4.1.4.3)`,
      };
    return undefined;
  });
  return problems.some((p) => p === undefined) ? undefined : problems[0];
}

/** Conditions' NotBefore and NotOnOrAfter: both present, xs:dateTime, NotBefore earlier (core 2.5.1); else why not. */
function conditionsWindow(conditions: Element): { notBefore: number; notOnOrAfter: number } | string {
  const notBefore = instant(conditions, 'NotBefore');
  const notOnOrAfter = instant(conditions, 'NotOnOrAfter');
  if (typeof notBefore !== 'number')
    return `Conditions NotBefore ${notBefore}: an SP requires the assertion's time window (SAML core 2.5.1, 1.3.3)`;
  if (typeof notOnOrAfter !== 'number')
    return (
      `Conditions NotOnOrAfter ${notOnOrAfter}: an SP requires the assertion's time window (SAML core 2.5.1, ` +
      `1.3.3)`
    );
  if (notBefore >= notOnOrAfter)
    return (
      `Conditions NotBefore (${new Date(notBefore).toISOString()}) is not earlier than NotOnOrAfter (${new Date(notOnOrAfter).toISOString()}) ` +
      `(SAML core 2.5.1)`
    );
  return { notBefore, notOnOrAfter };
}

function timeProblem(
  expected: SamlExpectation,
  issued: number,
  window: { notBefore: number; notOnOrAfter: number },
): string | undefined {
  const leewayMs = (expected.leewaySeconds ?? SAML_LEEWAY_SECONDS) * 1000;
  const now = expected.now;
  const at = (ms: number): string => new Date(ms).toISOString();
  const leeway = `by more than the ${leewayMs / 1000} s leeway`;
  if (now + leewayMs < window.notBefore)
    return `Conditions NotBefore is ${at(window.notBefore)}, after now (${at(now)}) ${leeway}`;
  if (now - leewayMs >= window.notOnOrAfter)
    return `Conditions NotOnOrAfter is ${at(window.notOnOrAfter)}, before now (${at(now)}) ${leeway}`;
  if (now + leewayMs < issued) return `the Assertion's IssueInstant is ${at(issued)}, after now (${at(now)}) ${leeway}`;
  return undefined;
}

/**
 * An attribute in SAML's time format, epoch ms, or why not: "MUST be expressed in UTC form, with no time zone
 * component" (core 1.3.3), so an xs:dateTime ending in Z, a real calendar date ("2099", a 30 February, a local time
 * are refused, where Date.parse would take them).
 */
function instant(element: Element, name: string): number | string {
  const value = attribute(element, name);
  if (value === undefined) return 'is absent';
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/.exec(value);
  const ms = match === null ? Number.NaN : Date.parse(`${value.slice(0, 19)}${(match[7] ?? '').slice(0, 4)}Z`);
  if (match === null || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== value.slice(0, 19))
    return `is "${value.slice(0, 40)}", not an xs:dateTime in UTC (YYYY-MM-DDThh:mm:ssZ)`;
  return ms;
}

/** An Issuer's Format: none, or entity (profiles 4.1.4.2). */
const entityFormat = (issuer: Element | undefined): boolean =>
  issuer === undefined || [undefined, ENTITY].includes(attribute(issuer, 'Format'));

const elementChildren = (parent: Element): Element[] => {
  const found: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling)
    if (node.nodeType === 1) found.push(node as Element);
  return found;
};

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
