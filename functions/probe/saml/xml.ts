// The one XML reader of the SAML checks: what Okta's IdP sends is parsed here and nowhere else, with the
// defences a careful SP needs before it verifies anything. One parser (@xmldom/xmldom, the one xml-crypto verifies
// with) for what is verified and what is read, so the two can never disagree on the document (the parser-differential
// root of ruby-saml's CVE-2025-25291/25292).
import { DOMParser } from '@xmldom/xmldom';
import { scanXml } from './xml-scan';

/** SAML 2.0 protocol, assertion and metadata namespaces, XML-DSig's and XML Encryption's. */
export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
} as const;

/**
 * The largest SAML message read, bytes of XML. Okta's responses are a few KB (a response with a few hundred group
 * values stays well under 100 KB); anything past this is refused before parsing (a billion-laughs body, a DoS).
 */
export const MAX_SAML_XML_BYTES = 256 * 1024;

/**
 * The work one SAML message may cost beyond its bytes. xmldom copies the namespaces in scope into every
 * element that declares one, so nested declarations cost the square of their number: 8,000 of them nested in 183 KB
 * took 2.2 s to parse, per app and run. Okta's messages are shallow (the deepest element, an exc-c14n
 * InclusiveNamespaces inside the Assertion's Signature, is 7 levels down), declare at most three namespaces on an
 * element (an AttributeValue: xs and xsi), carry a handful of attributes each, and a few hundred elements with
 * hundreds of group values. Past these bounds a message is refused before xmldom or xml-crypto sees it.
 */
export const XML_LIMITS = {
  /** Elements open at once. */
  depth: 32,
  /** Attributes of one element, namespace declarations included. */
  attributes: 32,
  /** Namespace declarations (xmlns, xmlns:p) on one element. */
  namespaceDeclarations: 8,
  /** Elements in the whole message. */
  elements: 5000,
} as const;

type XmlRead = { readonly ok: true; readonly doc: Document } | { readonly ok: false; readonly problem: string };

/**
 * Parses XML as a careful SP does: bounded, strictly well-formed (xml-scan.ts refuses, before xmldom sees it, a
 * DOCTYPE, so no entity can be declared: XXE and entity expansion; any character or markup XML 1.0 does not allow; and
 * anything past XML_LIMITS), and any parser complaint fatal (xmldom only warns of a mismatched end tag).
 */
export function readXml(xml: string): XmlRead {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > MAX_SAML_XML_BYTES)
    return { ok: false, problem: `${bytes} bytes of XML, more than the ${MAX_SAML_XML_BYTES} a SAML message may have` };
  const refused = scanXml(xml, XML_LIMITS);
  if (refused !== undefined) return { ok: false, problem: refused };
  const errors: string[] = [];
  const record = (message: string): void => void errors.push(String(message).split('\n')[0] ?? '');
  let doc: Document;
  try {
    doc = new DOMParser({ errorHandler: { warning: record, error: record, fatalError: record } }).parseFromString(
      xml,
      'text/xml',
    ) as unknown as Document;
  } catch (error) {
    return {
      ok: false,
      problem: `not well-formed XML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
  if (errors.length > 0 || doc?.documentElement == null)
    return { ok: false, problem: `not well-formed XML: ${errors[0] ?? 'no root element'}` };
  return { ok: true, doc };
}

/**
 * The element children of `parent` in namespace `ns` named `local` (direct children only: position matters in SAML).
 */
export function children(parent: Element, ns: string, local: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === local)
      found.push(node as Element);
  }
  return found;
}

/** The single direct child, or undefined when there is none or more than one. */
export function child(parent: Element | undefined, ns: string, local: string): Element | undefined {
  if (parent === undefined) return undefined;
  const list = children(parent, ns, local);
  return list.length === 1 ? list[0] : undefined;
}

/** Every element named `local` in `ns`, anywhere under `root` (itself included). */
export function descendants(root: Element | Document, ns: string, local: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, local) as unknown as ArrayLike<Element>);
}

/** An element's text, trimmed; '' for none. */
export const text = (element: Element | undefined): string => (element?.textContent ?? '').trim();

/** An attribute's value, or undefined when absent. */
export const attribute = (element: Element | undefined, name: string): string | undefined =>
  element?.hasAttribute(name) === true ? (element.getAttribute(name) ?? undefined) : undefined;
