// The simulated IdP's SAML documents, in Okta's shape: the app's metadata, and a SAMLResponse as Okta's
// SSO URL posts it. Shapes: Okta's metadata (md:EntityDescriptor entityID="http://www.okta.com/{appId}", one signing
// KeyDescriptor, NameIDFormats, HTTP-POST and HTTP-Redirect SingleSignOnService), and the Okta response GitLab's SAML
// docs print: saml2p:Response with Destination, Issuer (Format entity), a Signature after it, Status Success, one
// saml2:Assertion signed the same way (enveloped + exc-c14n with InclusiveNamespaces "xs", rsa-sha256, sha256),
// Subject (NameID, bearer SubjectConfirmationData with NotOnOrAfter and Recipient), Conditions 5 minutes either side
// with an AudienceRestriction, AuthnStatement, AttributeStatement of xs:string values. Tests build their fixtures here.
import { randomBytes, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { Answer } from '../answer';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
/** What an app set to sign with SHA-1 sends (Okta still offers it: SAML Settings, Signature and Digest Algorithm). */
const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const ENTITY = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';

export const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pemBody = (pem: string): string => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
/** Okta's IDs: "id" and 25 digits. */
export const oktaId = (): string =>
  `id${BigInt(`0x${randomBytes(10).toString('hex')}`)
    .toString()
    .padStart(25, '0')
    .slice(0, 25)}`;

interface MetadataSpec {
  readonly entityId: string;
  readonly certificates: readonly string[];
  readonly ssoUrl: string;
}

/** The metadata as Okta serves it at /app/{externalKey}/sso/saml/metadata. */
export function metadataReply(spec: MetadataSpec): Answer {
  return {
    kind: 'reply',
    status: 200,
    headers: { 'Content-Type': 'application/xml;charset=utf-8' },
    body: idpMetadata(spec),
  };
}

export function idpMetadata(spec: MetadataSpec): string {
  const keys = spec.certificates
    .map(
      (pem) =>
        `<md:KeyDescriptor use="signing"><ds:KeyInfo ` +
        `xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${pemBody(pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor entityID="${escapeXml(spec.entityId)}" ` +
    `xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">` +
    (`<md:IDPSSODescriptor WantAuthnRequestsSigned="false" ` +
      `protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}`) +
    '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>' +
    '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>' +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeXml(spec.ssoUrl)}"/>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeXml(spec.ssoUrl)}"/>` +
    '</md:IDPSSODescriptor></md:EntityDescriptor>'
  );
}

export interface ResponseSpec {
  readonly issuer: string;
  readonly destination: string;
  readonly recipient: string;
  readonly audience: string;
  readonly nameId: string;
  readonly nameIdFormat: string;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  /** Epoch ms of issue. */
  readonly now: number;
  /** The signing key and the certificate its KeyInfo shows. */
  readonly key: KeyObject | string;
  readonly certificate: string;
  readonly signResponse?: boolean;
  readonly signAssertion?: boolean;
  readonly statusCode?: string;
  /** Signature and Digest Algorithm SHA-1 (the app's SAML Settings) instead of SHA-256. */
  readonly sha1?: boolean;
  /** Changes made before signing, for tests of what a careful SP refuses (the XML as text). */
  readonly edit?: { readonly assertion?: (xml: string) => string; readonly response?: (xml: string) => string };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/(\.\d{3})\d*Z$/, '$1Z');

/** The assertion, unsigned, its ID first. */
export function assertionXml(spec: ResponseSpec, id: string = oktaId()): { id: string; xml: string } {
  const attributes = Object.entries(spec.attributes)
    .map(
      ([name, values]) =>
        `<saml2:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">${values
          .map(
            (v) =>
              `<saml2:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" ` +
              `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${escapeXml(v)}</saml2:AttributeValue>`,
          )
          .join('')}</saml2:Attribute>`,
    )
    .join('');
  const xml =
    `<saml2:Assertion ID="${id}" IssueInstant="${iso(spec.now)}" Version="2.0" ` +
    `xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema">` +
    `<saml2:Issuer Format="${ENTITY}">${escapeXml(spec.issuer)}</saml2:Issuer>` +
    `<saml2:Subject><saml2:NameID Format="${escapeXml(spec.nameIdFormat)}">${escapeXml(spec.nameId)}</saml2:NameID>` +
    (`<saml2:SubjectConfirmation ` +
      `Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml2:SubjectConfirmationData NotOnOrAfter="${iso(spec.now + 300_000)}" ` +
      `Recipient="${escapeXml(spec.recipient)}"/></saml2:SubjectConfirmation></saml2:Subject>`) +
    `<saml2:Conditions NotBefore="${iso(spec.now - 300_000)}" NotOnOrAfter="${iso(spec.now + 300_000)}"><saml2:AudienceRestriction><saml2:Audience>${escapeXml(spec.audience)}</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>` +
    `<saml2:AuthnStatement AuthnInstant="${iso(spec.now)}" SessionIndex="${id}"><saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>` +
    (attributes === '' ? '' : `<saml2:AttributeStatement>${attributes}</saml2:AttributeStatement>`) +
    '</saml2:Assertion>';
  return { id, xml };
}

/** Signs the element with `id` in `xml` as Okta does, the Signature right after its Issuer. */
export function signElement(
  xml: string,
  id: string,
  key: KeyObject | string,
  certificate: string,
  sha1 = false,
): string {
  const signer = new SignedXml({
    privateKey: typeof key === 'string' ? key : key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicCert: certificate,
    signatureAlgorithm: sha1 ? RSA_SHA1 : RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  signer.addReference({
    xpath: `//*[@ID='${id}']`,
    transforms: [ENVELOPED, EXC_C14N],
    digestAlgorithm: sha1 ? SHA1 : SHA256,
    inclusiveNamespacesPrefixList: ['xs'],
  });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `//*[@ID='${id}']/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return signer.getSignedXml();
}

/** The whole Response as XML (base64 it for the form). */
export function samlResponseXml(spec: ResponseSpec): string {
  const assertion = assertionXml(spec);
  const assertionText = spec.edit?.assertion?.(assertion.xml) ?? assertion.xml;
  const signedAssertion =
    spec.signAssertion === false
      ? assertionText
      : signElement(assertionText, assertion.id, spec.key, spec.certificate, spec.sha1);
  const id = oktaId();
  const response =
    `<?xml version="1.0" encoding="UTF-8"?><saml2p:Response Destination="${escapeXml(spec.destination)}" ID="${id}" ` +
    `IssueInstant="${iso(spec.now)}" Version="2.0" xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" ` +
    `xmlns:xs="http://www.w3.org/2001/XMLSchema">` +
    `<saml2:Issuer Format="${ENTITY}" xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">${escapeXml(spec.issuer)}</saml2:Issuer>` +
    `<saml2p:Status><saml2p:StatusCode Value="${spec.statusCode ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></saml2p:Status>` +
    `${spec.statusCode === undefined ? signedAssertion : ''}</saml2p:Response>`;
  const responseText = spec.edit?.response?.(response) ?? response;
  return spec.signResponse === false
    ? responseText
    : signElement(responseText, id, spec.key, spec.certificate, spec.sha1);
}

/** Okta's answer to a signed-in user's SSO: the auto-posting form carrying the Response's XML to `action`. */
export function postedResponse(action: string, xml: string): Answer {
  return {
    kind: 'reply',
    status: 200,
    headers: { 'Content-Type': 'text/html;charset=utf-8' },
    body: autoPostForm(action, Buffer.from(xml).toString('base64')),
  };
}

/** Okta's page: the form posts itself on load; its action and values escaped as Okta escapes them. */
export function autoPostForm(action: string, samlResponse: string): string {
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Okta - Signing in...</title></head>\n' +
    ('<body onload="document.forms[0].submit()"><noscript><p><strong>Note:</strong> Since your browser does ' +
      'not support JavaScript, you must press the Continue button once to proceed.</p></noscript>\n') +
    (`<form id="appForm" action="${references(action)}" method="POST">\n<input name="SAMLResponse" ` +
      `type="hidden" value="${references(samlResponse)}"/>\n<input name="RelayState" type="hidden" value=""/>\n`) +
    '<noscript><input type="submit" value="Continue"/></noscript></form></body></html>\n'
  );
}

/**
 * Every character but letters and digits as a hexadecimal character reference, as Okta's page writes them (&#x2b;,
 * &#x3a;).
 */
export const references = (value: string): string =>
  value.replace(/[^A-Za-z0-9]/g, (c) => `&#x${c.codePointAt(0)?.toString(16)};`);
