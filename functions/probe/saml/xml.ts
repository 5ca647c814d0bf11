// The one XML reader of the SAML checks: what Okta's IdP sends is parsed here and nowhere else, with the
// defences a careful SP needs before it verifies anything. One parser (@xmldom/xmldom, the one xml-crypto verifies
// with) for what is verified and what is read, so the two can never disagree on the document (the parser-differential
// root of ruby-saml's CVE-2025-25291/25292).
import { DOMParser } from '@xmldom/xmldom';

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

export type XmlRead = { readonly ok: true; readonly doc: Document } | { readonly ok: false; readonly problem: string };

/**
 * Parses XML as a careful SP does: bounded, no DOCTYPE at all (so no entity can be declared: XXE and entity
 * expansion are refused before a parser sees them), and any parser complaint fatal (xmldom only warns of a mismatched end tag).
 */
export function readXml(xml: string): XmlRead {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > MAX_SAML_XML_BYTES) return { ok: false, problem: `${bytes} bytes of XML, more than the ${MAX_SAML_XML_BYTES} a SAML message may have` };
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) return { ok: false, problem: 'the XML declares a DOCTYPE or an entity, which SAML never needs (refused: XXE and entity expansion)' };
  const costly = structureProblem(xml);
  if (costly !== undefined) return { ok: false, problem: costly };
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

/**
 * Why the message would cost more work than XML_LIMITS allow, or undefined. One pass, front to back (every look-up
 * starts where the last ended): tags, attributes and namespace declarations counted, comments, CDATA and processing
 * instructions skipped. Malformed markup is left to the parser, which refuses it.
 */
function structureProblem(xml: string): string | undefined {
  let depth = 0;
  let elements = 0;
  let at = 0;
  const skipTo = (from: number, end: string): number => {
    const found = xml.indexOf(end, from);
    return found < 0 ? xml.length : found + end.length;
  };
  for (;;) {
    const lt = xml.indexOf('<', at);
    if (lt < 0) return undefined;
    const next = xml[lt + 1];
    if (xml.startsWith('<!--', lt)) at = skipTo(lt + 4, '-->');
    else if (xml.startsWith('<![CDATA[', lt)) at = skipTo(lt + 9, ']]>');
    else if (next === '?') at = skipTo(lt + 2, '?>');
    else if (next === '!') at = lt + 2;
    else if (next === '/') {
      depth--;
      at = skipTo(lt + 2, '>');
    } else {
      if (++elements > XML_LIMITS.elements) return `more than ${XML_LIMITS.elements} elements: a SAML message has a few hundred (refused before parsing: its cost)`;
      const tag = startTag(xml, lt + 1);
      if (tag.attributes > XML_LIMITS.attributes) return `an element with ${tag.attributes} attributes, more than ${XML_LIMITS.attributes} (refused before parsing: its cost)`;
      if (tag.namespaces > XML_LIMITS.namespaceDeclarations) return `an element declaring ${tag.namespaces} namespaces, more than ${XML_LIMITS.namespaceDeclarations} (a namespace-declaration bomb: refused before parsing)`;
      if (tag.open && ++depth > XML_LIMITS.depth) return `elements nested more than ${XML_LIMITS.depth} deep (refused before parsing: its cost)`;
      at = tag.end;
    }
  }
}

/** A start tag from its name: its attributes and namespace declarations, whether it stays open, where it ends. */
function startTag(xml: string, from: number): { attributes: number; namespaces: number; open: boolean; end: number } {
  let at = from;
  let attributes = 0;
  let namespaces = 0;
  const space = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (at < xml.length && !space(xml[at]) && xml[at] !== '>' && xml[at] !== '/') at++;
  for (;;) {
    while (space(xml[at])) at++;
    const c = xml[at];
    if (c === undefined) return { attributes, namespaces, open: false, end: xml.length };
    if (c === '>') return { attributes, namespaces, open: true, end: at + 1 };
    if (c === '/') return { attributes, namespaces, open: false, end: at + 1 };
    const name = at;
    while (at < xml.length && xml[at] !== '=' && !space(xml[at]) && xml[at] !== '>' && xml[at] !== '/') at++;
    attributes++;
    const attributeName = xml.slice(name, at);
    if (attributeName === 'xmlns' || attributeName.startsWith('xmlns:')) namespaces++;
    while (space(xml[at])) at++;
    if (xml[at] !== '=') continue;
    at++;
    while (space(xml[at])) at++;
    const quote = xml[at];
    if (quote !== '"' && quote !== "'") return { attributes, namespaces, open: false, end: at };
    const close = xml.indexOf(quote, at + 1);
    at = close < 0 ? xml.length : close + 1;
  }
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
