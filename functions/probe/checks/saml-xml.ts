// The one XML reader of the SAML checks (issue 28): what Okta's IdP sends is parsed here and nowhere else, with the
// defences a careful SP needs before it verifies anything. One parser (@xmldom/xmldom, the one xml-crypto verifies
// with) for what is verified and what is read, so the two can never disagree on the document (the parser-differential
// root of ruby-saml's CVE-2025-25291/25292).
import { DOMParser } from '@xmldom/xmldom';

/** SAML 2.0 protocol, assertion and metadata namespaces, and XML-DSig's. */
export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

/**
 * The largest SAML message read, bytes of XML. Okta's responses are a few KB (a response with a few hundred group
 * values stays well under 100 KB); anything past this is refused before parsing (a billion-laughs body, a DoS).
 */
export const MAX_SAML_XML_BYTES = 256 * 1024;

export type XmlRead = { readonly ok: true; readonly doc: Document } | { readonly ok: false; readonly problem: string };

/**
 * Parses XML as a careful SP does: bounded, no DOCTYPE at all (so no entity can be declared: XXE and entity
 * expansion are refused before a parser sees them), and any parser complaint fatal (xmldom only warns of a mismatched end tag).
 */
export function readXml(xml: string): XmlRead {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > MAX_SAML_XML_BYTES) return { ok: false, problem: `${bytes} bytes of XML, more than the ${MAX_SAML_XML_BYTES} a SAML message may have` };
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) return { ok: false, problem: 'the XML declares a DOCTYPE or an entity, which SAML never needs (refused: XXE and entity expansion)' };
  const errors: string[] = [];
  const record = (message: string): void => void errors.push(String(message).split('\n')[0] ?? '');
  let doc: Document;
  try {
    doc = new DOMParser({ errorHandler: { warning: record, error: record, fatalError: record } }).parseFromString(xml, 'text/xml') as unknown as Document;
  } catch (error) {
    return { ok: false, problem: `not well-formed XML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
  if (errors.length > 0 || doc?.documentElement == null) return { ok: false, problem: `not well-formed XML: ${errors[0] ?? 'no root element'}` };
  return { ok: true, doc };
}

/** The element children of `parent` in namespace `ns` named `local` (direct children only: position matters in SAML). */
export function children(parent: Element, ns: string, local: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === local) found.push(node as Element);
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
export const attribute = (element: Element | undefined, name: string): string | undefined => (element?.hasAttribute(name) === true ? element.getAttribute(name) ?? undefined : undefined);
