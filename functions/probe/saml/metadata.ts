// A SAML app's IdP metadata, as Okta publishes it at /app/{appId}/sso/saml/metadata: the entityID the
// assertions are issued by, the signing certificate(s) to pin, and the SSO URLs. Pure; the fetch is in saml.ts.
// Shape: okta-developer-docs guides/updating-saml-cert and Okta's "View SAML setup instructions" page
// (md:EntityDescriptor > md:IDPSSODescriptor > md:KeyDescriptor use="signing" > ds:KeyInfo > ds:X509Data >
// ds:X509Certificate; md:SingleSignOnService Binding=HTTP-POST and HTTP-Redirect).
import { X509Certificate } from 'node:crypto';
import { daysLeft } from '../expiry';
import { NS, attribute, child, children, descendants, readXml, text } from './xml';

export interface SigningCertificate {
  readonly pem: string;
  /** Epoch ms the certificate stops being valid. */
  readonly notAfter: number;
  /** SHA-256 of the DER, hex with colons: what the Admin Console's SAML Signing Certificates list and SPs show. */
  readonly fingerprint: string;
}

export interface IdpMetadata {
  readonly entityId: string;
  readonly certificates: readonly SigningCertificate[];
  readonly ssoUrls: readonly string[];
}

export type MetadataRead =
  | { readonly ok: true; readonly metadata: IdpMetadata }
  | { readonly ok: false; readonly problem: string };

/** Reads the metadata document; a problem names what is missing, for the diagnosis. */
export function parseIdpMetadata(xml: string): MetadataRead {
  const read = readXml(xml);
  if (!read.ok) return read;
  const root = read.doc.documentElement as Element;
  if (root.namespaceURI !== NS.metadata || root.localName !== 'EntityDescriptor') {
    return {
      ok: false,
      problem:
        `the document is <${root.nodeName}>, not a SAML md:EntityDescriptor: metadataUrl is not the app's IdP ` +
        `metadata`,
    };
  }
  const entityId = attribute(root, 'entityID') ?? '';
  if (entityId === '') return { ok: false, problem: 'the EntityDescriptor has no entityID' };
  const idp = child(root, NS.metadata, 'IDPSSODescriptor');
  if (idp === undefined)
    return { ok: false, problem: "no single md:IDPSSODescriptor: this is not an identity provider's metadata" };
  const certificates: SigningCertificate[] = [];
  for (const descriptor of children(idp, NS.metadata, 'KeyDescriptor')) {
    const use = attribute(descriptor, 'use');
    if (use !== undefined && use !== 'signing') continue;
    for (const element of descendants(descriptor, NS.dsig, 'X509Certificate')) {
      const certificate = readCertificate(text(element));
      if (certificate === undefined)
        return { ok: false, problem: 'a signing X509Certificate is not a readable certificate' };
      certificates.push(certificate);
    }
  }
  if (certificates.length === 0)
    return { ok: false, problem: 'no signing certificate (md:KeyDescriptor use="signing" with a ds:X509Certificate)' };
  const ssoUrls = children(idp, NS.metadata, 'SingleSignOnService').flatMap((service) => {
    const location = attribute(service, 'Location');
    return location === undefined || location === '' ? [] : [location];
  });
  return { ok: true, metadata: { entityId, certificates, ssoUrls } };
}

function readCertificate(base64: string): SigningCertificate | undefined {
  const body = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
  const pem = `-----BEGIN CERTIFICATE-----\n${(body.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
  try {
    const certificate = new X509Certificate(pem);
    return { pem, notAfter: Date.parse(certificate.validTo), fingerprint: certificate.fingerprint256 };
  } catch {
    return undefined;
  }
}

/**
 * Whole days from `now` until the certificate expires (daysLeft, floored again: the gauge and Okta's own e-mail count
 * whole days); negative once it has.
 */
export const certificateDaysLeft = (certificate: SigningCertificate, now: number): number =>
  Math.floor(daysLeft(certificate.notAfter, now));
