// Hostile XML a SAML answer may carry, each near the byte cap where size is what makes it costly: the corpus the
// XML reader's test holds (xml-attacks.test.ts: each is refused, or read, as said here) and the benchmark times
// (scripts/bench/saml-attacks.ts: none may cost an app more than its CPU budget). The first family is the
// C0-control bypass: a control character where the old scanner did not split a tag and xmldom does.
import { MAX_SAML_XML_BYTES, XML_LIMITS } from '../../../../functions/probe/saml/xml';

export interface XmlAttack {
  readonly name: string;
  readonly xml: string;
  /** What the reader must do with it. */
  readonly expect: 'refused' | 'read';
}

const ROOM = MAX_SAML_XML_BYTES - 2048;
/** As many `open(i)` as fit in the cap, each closed by `close` at the end (nested) or at once (flat). */
function nested(open: (i: number) => string, close: string): string {
  const opens: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes + open(i).length + close.length < ROOM; i++) {
    opens.push(open(i));
    bytes += open(i).length + close.length;
  }
  return `${opens.join('')}${close.repeat(opens.length)}`;
}
const flat = (unit: string, head = '<r>', tail = '</r>'): string =>
  `${head}${unit.repeat(Math.floor((ROOM - head.length - tail.length) / unit.length))}${tail}`;
const PROTOCOL = 'xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol"';

/** Every C0 control xmldom splits a tag on and XML 1.0 forbids (tab, LF and CR are XML's own white space). */
const C0 = Array.from({ length: 32 }, (_, c) => c).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d);

export function xmlAttacks(): XmlAttack[] {
  const attacks: XmlAttack[] = [];
  const add = (name: string, xml: string, expect: XmlAttack['expect'] = 'refused'): void =>
    void attacks.push({ name, xml, expect });
  for (const c of C0) {
    const ch = String.fromCharCode(c);
    const hex = c.toString(16).padStart(2, '0');
    // A '/' in the value made the old scanner end the tag there, self-closed: the nesting went uncounted.
    add(
      `C0 \\x${hex} before nested namespace declarations`,
      nested((i) => `<a${ch}xmlns:q${i}="u/">`, '</a>'),
    );
  }
  add(
    'C0 \\x0c inside an end tag',
    nested((i) => `<a xmlns:q${i}="u">`, '</a\f>'),
  );
  add(
    'C0 \\x0b between attributes of one element',
    `<a${Array.from({ length: 2000 }, (_, i) => `\vxmlns:q${i}="u"`).join('')}/>`,
  );
  add('C0 \\x00 in text', `<a>${'\0'.repeat(1000)}</a>`);
  add('a lone surrogate in text', '<a>\uD800</a>');
  add('U+FFFE in an attribute value', '<a b="\uFFFE"/>');
  add('a reference to \\x01 (&#1;) in text', `<a>${'&#1;'.repeat(1000)}</a>`);
  add('a reference to \\x0c (&#x0C;) in a value', '<a b="&#x0C;"/>');
  add(
    'nested namespace declarations with plain spaces',
    nested((i) => `<a xmlns:q${i}="u">`, '</a>'),
  );
  add(
    'nested namespace declarations, unquoted values',
    nested((i) => `<a xmlns:q${i}=u/>`, '</a>'),
  );
  add(
    'nested namespace declarations, no space between attributes',
    nested((i) => `<a b="1"xmlns:q${i}="u">`, '</a>'),
  );
  add(
    'a start tag hidden in an attribute value',
    nested((i) => `<a b="<c xmlns:q${i}='u'>">`, '</a>'),
  );
  add(
    '9 namespace declarations on one element',
    `<a ${Array.from({ length: 9 }, (_, i) => `xmlns:p${i}="u${i}"`).join(' ')}/>`,
  );
  add(
    '33 attributes on one element',
    `<a ${Array.from({ length: XML_LIMITS.attributes + 1 }, (_, i) => `b${i}="1"`).join(' ')}/>`,
  );
  add('a duplicated attribute', '<a b="1" b="2"/>');
  add(`${XML_LIMITS.elements + 1} empty elements`, `<r>${'<a/>'.repeat(XML_LIMITS.elements)}</r>`);
  add('elements nested 33 deep', `${'<a>'.repeat(XML_LIMITS.depth + 1)}${'</a>'.repeat(XML_LIMITS.depth + 1)}`);
  add(
    'a DOCTYPE with an entity (billion laughs)',
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>',
  );
  add('a lower-case doctype', '<!doctype r><r/>');
  add('a DOCTYPE after the root', '<r/><!DOCTYPE r>');
  add('an external entity (XXE)', '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>');
  add('undeclared entities in text', flat('&lol;'));
  add('an undeclared entity in a value', '<r b="&lol;"/>');
  add('a bare ampersand', '<r>a & b</r>');
  add('an unclosed comment', flat('<!--', '<r>', ''));
  add("'--' inside a comment", '<r><!-- a -- b --></r>');
  add('an unclosed CDATA section', flat('<![CDATA[', '<r>', ''));
  add('CDATA outside the root', '<![CDATA[x]]><r/>');
  add("']]>' in text", '<r>a]]>b</r>');
  add('an unclosed processing instruction', flat('<?x ', '<r>', ''));
  add('an XML declaration after the start', ' <?xml version="1.0"?><r/>');
  add('a mismatched end tag', '<r><a></r></a>');
  add('an unclosed root', flat('<a>', '<r>', ''));
  add('two roots', '<r/><r/>');
  add('text before the root', 'x<r/>');
  add("a '<' that starts no tag", flat('< a>'));
  add('an end tag with attributes', '<r></r a="1">');
  // What Okta may send, at the cap: read, in time.
  add('250 KB of text', flat('synthetic.user@acme.example '), 'read');
  add('250 KB of &amp; references in text', flat('&amp;'), 'read');
  add('250 KB of character references in one value', `<r b="${'&#x2b;'.repeat(Math.floor(ROOM / 6))}"/>`, 'read');
  add(
    'comments and CDATA full of markup',
    flat(`<!--${'<a>'.repeat(20)}--><![CDATA[${'<a xmlns:q="u">'.repeat(10)}]]>`),
    'read',
  );
  add(
    `${XML_LIMITS.elements} elements, ${XML_LIMITS.depth} deep, every bound at once`,
    `<saml2p:Response ${PROTOCOL}>${'<a>'.repeat(XML_LIMITS.depth - 1)}${'</a>'.repeat(XML_LIMITS.depth - 1)}${'<b c="1" d="2"/>'.repeat(XML_LIMITS.elements - XML_LIMITS.depth)}</saml2p:Response>`,
    'read',
  );
  return attacks;
}
