// One enveloped XML signature of a SAML message, verified as a careful SP does, with xml-crypto:
// - the key is a certificate pinned from the app's metadata, never the KeyInfo the message carries
//   (getCertFromKeyInfo returns null: CVE-2024-32962 was xml-crypto trusting it by default);
// - the signature has exactly one Reference, to the ID of the element it sits in, and that ID is unique in the
//   document (two elements with one ID is how a wrapped element gets verified in place of the one read);
// - what the caller reads afterwards is the canonical XML the verified reference covers (getSignedReferences()),
//   parsed again, never the received document (node-saml's CVE-2025-54369/54419 read the latter); when what it reads
//   comes from another signature's bytes that hold these, only their root is parsed, to check what they cover.
import { IndexedSignedXml } from './indexed-signed-xml';
import type { SigningCertificate } from './metadata';
import { NS, attribute, child, children, readXml } from './xml';

export type SignatureCheck =
  | {
      readonly ok: true;
      readonly element: Element;
      readonly certificate: SigningCertificate;
      readonly algorithms: SignatureAlgorithms;
    }
  | { readonly ok: false; readonly problem: string };

/** The signature's SignatureMethod and its one Reference's DigestMethod, as their Algorithm URIs. */
export interface SignatureAlgorithms {
  readonly signature: string;
  readonly digest: string;
}

/**
 * SHA-1 in either algorithm (xmldsig's rsa-sha1, dsa-sha1, hmac-sha1 and the digest sha1; xmldsig-more's
 * ecdsa-sha1): it still verifies, but collisions in SHA-1 are practical, so it is a warning of its own.
 */
export const usesSha1 = (algorithms: SignatureAlgorithms): boolean =>
  [algorithms.signature, algorithms.digest].some((uri) => /[#-]sha1$/i.test(uri));

/**
 * How much of the signed bytes is parsed again: all of them, to read what they cover; or their root's start tag
 * alone, to know what they cover when what is read comes from another signature's bytes that hold them too (a
 * 210 KB Assertion parsed costs about 11 ms, its start tag nothing).
 */
type SignedRead = 'whole' | 'root';

export function verifyEnveloped(
  xml: string,
  signature: Element,
  parent: Element,
  certificates: readonly SigningCertificate[],
  reading: SignedRead = 'whole',
): SignatureCheck {
  const id = attribute(parent, 'ID') ?? '';
  if (id === '') return { ok: false, problem: `the signed <${parent.localName}> has no ID` };
  const signedInfo = child(signature, NS.dsig, 'SignedInfo');
  const references = signedInfo === undefined ? [] : children(signedInfo, NS.dsig, 'Reference');
  const wrapping = referenceProblem(references, parent, id);
  if (wrapping !== undefined) return { ok: false, problem: wrapping };
  const algorithms = {
    signature: attribute(child(signedInfo, NS.dsig, 'SignatureMethod'), 'Algorithm') ?? '(none)',
    digest: attribute(child(references[0], NS.dsig, 'DigestMethod'), 'Algorithm') ?? '(none)',
  };

  let lastError = 'it does not verify with any certificate of the metadata';
  for (const certificate of certificates) {
    const verifier = new IndexedSignedXml({ publicCert: certificate.pem, getCertFromKeyInfo: () => null });
    try {
      verifier.loadSignature(signature as unknown as Node);
      if (!verifier.checkSignature(xml)) continue;
    } catch (error) {
      lastError = `it does not verify with any certificate of the metadata (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
      continue;
    }
    const covered = coveredElement(verifier.getSignedReferences(), parent, id, reading);
    return covered.ok ? { ...covered, certificate, algorithms } : covered;
  }
  return { ok: false, problem: `${lastError}: ${certificates.map((c) => c.fingerprint).join(', ')}` };
}

/** Why the signature may sign more than its own element (signature wrapping); undefined when it signs that alone. */
function referenceProblem(references: readonly Element[], parent: Element, id: string): string | undefined {
  if (references.length !== 1)
    return `${references.length} References in SignedInfo, exactly one (to the ${parent.localName}) is expected`;
  const uri = attribute(references[0], 'URI');
  if (uri !== `#${id}`)
    return `it references "${uri ?? ''}", not its own ${parent.localName} "#${id}" (signature wrapping)`;
  const sameId = Array.from(parent.ownerDocument.getElementsByTagName('*') as unknown as ArrayLike<Element>).filter(
    (e) => ['ID', 'Id', 'id'].some((name) => e.getAttribute(name) === id),
  );
  if (sameId.length !== 1) return `${sameId.length} elements carry the ID "${id}" (signature wrapping)`;
  return undefined;
}

/** The element the verified bytes hold, read from them: it must be the signed element itself. */
function coveredElement(
  signedBytes: readonly string[],
  parent: Element,
  id: string,
  reading: SignedRead,
): { readonly ok: true; readonly element: Element } | { readonly ok: false; readonly problem: string } {
  if (signedBytes.length !== 1 || signedBytes[0] === undefined)
    return { ok: false, problem: `${signedBytes.length} signed references after verification, exactly one expected` };
  const read = readXml(reading === 'whole' ? signedBytes[0] : rootOnly(signedBytes[0]));
  if (!read.ok) return { ok: false, problem: `its signed bytes: ${read.problem}` };
  const element = read.doc.documentElement as Element;
  if (
    element.namespaceURI !== parent.namespaceURI ||
    element.localName !== parent.localName ||
    attribute(element, 'ID') !== id
  ) {
    return {
      ok: false,
      problem:
        `it covers <${element.nodeName} ID="${attribute(element, 'ID') ?? ''}">, not the ${parent.localName} ` +
        `"${id}" (signature wrapping)`,
    };
  }
  return { ok: true, element };
}

/**
 * The root element of canonical XML without its content: its start tag, closed. Canonical XML (C14N 1.0 and exclusive
 * C14N) writes every attribute value in double quotes with '"' as &quot;, and never an empty-element tag, so its
 * first '>' outside quotes ends the root's start tag; anything else fails to parse, and is refused.
 */
function rootOnly(canonical: string): string {
  let quoted = false;
  for (let i = 0; i < canonical.length; i++) {
    const c = canonical[i];
    if (c === '"') quoted = !quoted;
    else if (c === '>' && !quoted) {
      const name = /^<([^\s/>]+)/.exec(canonical)?.[1] ?? '';
      return `${canonical.slice(0, i + 1)}</${name}>`;
    }
  }
  return canonical;
}
