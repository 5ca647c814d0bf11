// What the assertion Okta posted to a journey's app says, read as facts to name beside the app's answer (never as
// proof: the app verifies, and the SAML check verifies as a careful SP does), by the SAML checks' one XML reader
// (xml.ts): its audience, recipient, validity, NameID, attribute names and the certificate Okta signed with, by its
// SHA-256 fingerprint. The signing certificate is read where XML-DSig puts it, the Assertion's or the Response's own
// ds:Signature/ds:KeyInfo, never elsewhere: an encrypted assertion carries the SP's certificate in its
// xenc:EncryptedKey (the key Okta encrypted to), which is the app's own, never Okta's signing certificate. An encrypted
// assertion is said to be one, and what it hides (the audience, the user, the attributes) stays unread, never missing.
import { X509Certificate } from 'node:crypto';
import { attribute, child, children, NS, readXml, text } from './xml';

/** What the assertion says, as far as it can be read here (sign-in/app-judge.ts AssertionFacts has this shape). */
interface AssertionRead {
  readonly audience?: string;
  readonly recipient?: string;
  readonly nameId?: string;
  readonly notBefore?: string;
  readonly notOnOrAfter?: string;
  /** The signing certificate's SHA-256 fingerprint, as the signature carries it. */
  readonly certificate?: string;
  readonly attributes: readonly string[];
  /** The assertion is an EncryptedAssertion: only its envelope (the Response's signature) could be read. */
  readonly encrypted?: true;
}

/** The base64 SAMLResponse read at most, characters (Okta's are a few KB); a larger one is not read. */
const SAML_RESPONSE_MAX = 256 * 1024;
/** Attribute names kept, at most. */
const ATTRIBUTES_MAX = 50;
/** A value kept, characters at most. */
const VALUE_MAX = 1024;

const bounded = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value.slice(0, VALUE_MAX);

/** The certificate a signature's KeyInfo carries, by its SHA-256 fingerprint (Node's, "AB:CD:..."). */
function signingCertificate(signed: Element | undefined): string | undefined {
  const keyInfo = child(child(signed, NS.dsig, 'Signature'), NS.dsig, 'KeyInfo');
  const base64 = text(child(child(keyInfo, NS.dsig, 'X509Data'), NS.dsig, 'X509Certificate')).replace(/\s+/g, '');
  if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  try {
    return new X509Certificate(Buffer.from(base64, 'base64')).fingerprint256;
  } catch {
    return undefined;
  }
}

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, string>);

/** A plain Assertion's facts; its own signature's certificate first, else the Response's. */
function plainFacts(response: Element, assertion: Element): AssertionRead {
  const subject = child(assertion, NS.assertion, 'Subject');
  const confirmation = child(
    child(subject, NS.assertion, 'SubjectConfirmation'),
    NS.assertion,
    'SubjectConfirmationData',
  );
  const conditions = child(assertion, NS.assertion, 'Conditions');
  const audience = child(child(conditions, NS.assertion, 'AudienceRestriction'), NS.assertion, 'Audience');
  const attributes = children(assertion, NS.assertion, 'AttributeStatement')
    .flatMap((statement) => children(statement, NS.assertion, 'Attribute'))
    .map((a) => bounded(attribute(a, 'Name')))
    .filter((name): name is string => name !== undefined)
    .slice(0, ATTRIBUTES_MAX);
  return {
    ...optional('audience', bounded(text(audience))),
    ...optional('recipient', bounded(attribute(confirmation, 'Recipient'))),
    ...optional('nameId', bounded(text(child(subject, NS.assertion, 'NameID')))),
    ...optional('notBefore', bounded(attribute(conditions, 'NotBefore'))),
    ...optional('notOnOrAfter', bounded(attribute(conditions, 'NotOnOrAfter'))),
    ...optional('certificate', signingCertificate(assertion) ?? signingCertificate(response)),
    attributes,
  };
}

/**
 * The facts of the SAMLResponse posted to the app (its form's base64 value); undefined when it is too large, not
 * base64 XML the reader accepts, or holds no assertion.
 */
export function assertionFacts(samlResponse: string): AssertionRead | undefined {
  if (samlResponse.length > SAML_RESPONSE_MAX) return undefined;
  const read = readXml(Buffer.from(samlResponse, 'base64').toString('utf8'));
  if (!read.ok) return undefined;
  const response = read.doc.documentElement as unknown as Element;
  if (response.namespaceURI !== NS.protocol || response.localName !== 'Response') return undefined;
  const assertion = child(response, NS.assertion, 'Assertion');
  if (assertion !== undefined) return plainFacts(response, assertion);
  if (child(response, NS.assertion, 'EncryptedAssertion') === undefined) return undefined;
  return {
    ...optional('certificate', signingCertificate(response)),
    attributes: [],
    encrypted: true,
  };
}
