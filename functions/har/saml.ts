// A SAML message as Okta Support reads it in a trace: decoded from base64, its content kept (Issuer, Destination,
// Audience, Recipient, NameID, conditions, attributes) and each signature value removed. Okta's manual redaction asks
// for "SAMLResponse - (Redact the signature)" and the same of a SAMLRequest (support.auth0.com, "How to Manually Redact
// Sensitive Information"). Without its SignatureValue an assertion is no credential: an SP that checks signatures
// refuses it. Certificates stay (the IdP's metadata publishes them, and which one signed tells a rotation apart);
// digests stay (a hash of what was signed, not a key). An encrypted assertion's cipher text goes: whoever later holds
// the SP's key would read a signed assertion from it.
// The XML is edited as text, never parsed (nothing in it is resolved or fetched), and given up whole when the edit
// cannot be shown complete: a DOCTYPE or CDATA (where a value could hide from the pattern), a signature value the
// pattern did not reach.

/** Longest message read: Okta's responses are a few KB, a catalogue app's with many groups some tens. */
const MAX_SAML_CHARS = 262_144;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/**
 * The start of an XML document: a POST binding's message. A redirect binding's is deflated first (blanked). A comment
 * ends at its first `-->` and nowhere else: a lazy `[\s\S]*?` let each comment try every later end, exponential in
 * the comments before a message that is not one.
 */
const XML_START = /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--(?:[^-]|-(?!->))*-->\s*)*<[A-Za-z_]/;
const UNREADABLE = /<!DOCTYPE|<!ENTITY|<!\[CDATA\[/i;

/** What is removed, by local name: a signature's value, and an encrypted element's cipher text. */
const REMOVED = ['SignatureValue', 'CipherValue'] as const;

/** The message decoded with its signature values removed, marked so; undefined (blanked whole) when it is not one. */
export function readableSaml(name: string, value: string, clean: (xml: string) => string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact.length > MAX_SAML_CHARS || !BASE64.test(compact)) return undefined;
  const xml = Buffer.from(compact, 'base64').toString('utf8');
  if (!XML_START.test(xml) || UNREADABLE.test(xml) || xml.includes('\uFFFD')) return undefined;
  let edited = xml;
  for (const local of REMOVED) {
    const removed = withoutValues(edited, local);
    if (removed === undefined) return undefined;
    edited = removed;
  }
  return `[${name} decoded from base64, signature values removed] ${clean(edited)}`;
}

/**
 * Every element of this local name (any prefix) emptied to a marker; undefined when one was not reached (one holding
 * markup, a comment, or the name written anywhere else).
 */
function withoutValues(xml: string, local: string): string | undefined {
  // A tag's attributes stop at the next `<` (XML allows none in a value): `[^>]*` ran on to the text's end from each
  // opening tag left unclosed, quadratic in a message of them.
  const element = new RegExp(
    `(<(?:[A-Za-z_][\\w.-]*:)?${local}\\b[^<>]*>)[^<]*(</(?:[A-Za-z_][\\w.-]*:)?${local}\\s*>)`,
    'g',
  );
  let count = 0;
  const out = xml.replace(element, (_all, open: string, close: string) => {
    count += 1;
    return `${open}[REDACTED]${close}`;
  });
  // Each element is its opening and its closing tag: any other mention of the name is one the pattern missed.
  const mentions = out.split(local).length - 1;
  return mentions === 2 * count ? out : undefined;
}
