// The one tokenizer of the SAML XML limits, and a strict XML 1.0 well-formedness reader at once: what it accepts is
// well-formed XML, so xmldom reads the very tokens counted here; what it cannot read exactly is refused, never "left
// to the parser". The scanner before it split tags on the four XML spaces only, while xmldom's lenient scanner
// splits on any character up to U+0020: a form feed before a namespace declaration (`<a\fxmlns:q="u/">`) hid 8,000
// nested declarations from the count, and 254 KB took xmldom 4.2 s. Every step is a sticky regular expression or an
// indexOf starting where the last one ended, and no step looks back: linear in the message's length.
// Grammar: XML 1.0 (Fifth Edition) productions Char [2], S [3], Name [5], Comment [15], PI [16], CDSect [18],
// STag [40], Attribute [41], ETag [42], Reference [67]; no doctypedecl [28] (SAML never needs one: XXE, entity
// expansion).

/** The bounds a message is refused past (XML_LIMITS in xml.ts). */
interface XmlBounds {
  readonly depth: number;
  readonly attributes: number;
  readonly namespaceDeclarations: number;
  readonly elements: number;
}

/** Char [2]: a C0 control but tab, LF and CR, a lone surrogate, U+FFFE or U+FFFF is not XML. */
const NOT_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
// Name [5], less the joiners (U+200C, U+200D) and combining marks (U+0300-036F) no SAML name holds: refused, never
// misread (a combining mark in a character class is also how a pattern is misread).
const START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u2070-\\u218F' +
  '\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME = `[${START}][${START}\\-.0-9\\u00B7\\u203F\\u2040]*`;
/** Reference [67]: the five predefined entities and character references; any other name is an undeclared entity. */
const REFERENCE = '&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});';
const TAG_OPEN = new RegExp(`<(${NAME})`, 'uy');
const ATTRIBUTE = new RegExp(
  `[ \\t\\r\\n]+(${NAME})[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:"((?:[^<&"]|${REFERENCE})*)"|'((?:[^<&']|${REFERENCE})*)')`,
  'uy',
);
const TAG_CLOSE = /[ \t\r\n]*(\/?)>/y;
const END_TAG = new RegExp(`</(${NAME})[ \\t\\r\\n]*>`, 'uy');
/** Character data [14]: no '<', '&' only as a reference, and never ']]>'. */
const TEXT = new RegExp(`(?:[^<&\\]]|${REFERENCE}|\\](?!\\]>))*`, 'uy');
const SPACE = /[ \t\r\n]*/y;
const PI_TARGET = new RegExp(`<\\?(${NAME})(?:[ \\t\\r\\n]|\\?>)`, 'uy');
const CHAR_REFERENCE = /&#(x[0-9a-fA-F]+|[0-9]+);/g;

const at = (re: RegExp, text: string, from: number): RegExpExecArray | null => {
  re.lastIndex = from;
  return re.exec(text);
};

/** A character reference to something XML 1.0 does not allow as a character (`&#1;`, `&#xD800;`). */
function badReference(value: string): string | undefined {
  for (const found of value.matchAll(CHAR_REFERENCE)) {
    const digits = found[1] ?? '';
    const code = digits.startsWith('x') ? parseInt(digits.slice(1), 16) : parseInt(digits, 10);
    if (code > 0x10ffff || NOT_CHAR.test(String.fromCodePoint(code))) return found[0];
  }
  return undefined;
}

/**
 * Where the scan stands: kept in one place so each kind of markup is read by its own step, and every refusal names
 * the offset of the markup that started it (`i` moves only once a step has read its markup whole).
 */
interface Scan {
  readonly xml: string;
  readonly bounds: XmlBounds;
  /** The names of the elements open, outermost first. */
  readonly open: string[];
  elements: number;
  rootSeen: boolean;
  i: number;
}

const refuse = (scan: Scan, why: string): string =>
  `${why} at offset ${scan.i}: not well-formed XML (refused before parsing)`;

/** Why the message is refused before parsing, or undefined when it is well-formed and within the bounds. */
export function scanXml(xml: string, bounds: XmlBounds): string | undefined {
  const notChar = NOT_CHAR.exec(xml);
  if (notChar !== null) {
    const code = notChar[0].codePointAt(0) ?? 0;
    return (
      `a character XML does not allow (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at offset ${notChar.index}: ` +
      `not well-formed XML (refused before parsing)`
    );
  }
  const scan: Scan = { xml, bounds, open: [], elements: 0, rootSeen: false, i: 0 };
  while (scan.i < xml.length) {
    const refused = step(scan);
    if (refused !== undefined) return refused;
  }
  const open = scan.open;
  if (open.length > 0) return refuse(scan, `<${(open[open.length - 1] ?? '').slice(0, 40)}> is never closed`);
  if (!scan.rootSeen) return refuse(scan, 'no root element');
  return undefined;
}

/**
 * One piece of the message, chosen by how it starts: each step either refuses or moves `scan.i` past what it read,
 * so the loop always advances or stops.
 */
function step(scan: Scan): string | undefined {
  const { xml, i } = scan;
  if (xml[i] !== '<') return textRun(scan);
  if (xml.startsWith('<!--', i)) return comment(scan);
  if (xml.startsWith('<![CDATA[', i)) return cdataSection(scan);
  if (xml.startsWith('<!', i))
    return refuse(
      scan,
      /^<!DOCTYPE/i.test(xml.slice(i, i + 9))
        ? 'a DOCTYPE, which SAML never needs (XXE and entity expansion)'
        : "markup '<!' that is neither a comment nor CDATA",
    );
  if (xml.startsWith('<?', i)) return processingInstruction(scan);
  if (xml.startsWith('</', i)) return endTag(scan);
  return startTag(scan);
}

/** Outside the root only white space; inside it, character data. */
function textRun(scan: Scan): string | undefined {
  const { xml, i, open } = scan;
  const run = open.length === 0 ? at(SPACE, xml, i) : at(TEXT, xml, i);
  const end = i + (run?.[0].length ?? 0);
  if (end === i)
    return refuse(
      scan,
      open.length === 0
        ? 'text outside the root element'
        : xml[i] === '&'
          ? 'an undeclared entity or a malformed reference'
          : "']]>' in text",
    );
  const bad = run?.[0].includes('&#') === true ? badReference(run[0]) : undefined;
  if (bad !== undefined) return refuse(scan, `a reference to a character XML does not allow (${bad})`);
  scan.i = end;
  return undefined;
}

/** Comment [15]: '--' may only end it. */
function comment(scan: Scan): string | undefined {
  const dashes = scan.xml.indexOf('--', scan.i + 4);
  if (dashes < 0 || scan.xml[dashes + 2] !== '>')
    return refuse(scan, dashes < 0 ? 'an unclosed comment' : "'--' inside a comment");
  scan.i = dashes + 3;
  return undefined;
}

/** CDSect [18]: character data, so only inside the root. */
function cdataSection(scan: Scan): string | undefined {
  if (scan.open.length === 0) return refuse(scan, 'a CDATA section outside the root element');
  const close = scan.xml.indexOf(']]>', scan.i + 9);
  if (close < 0) return refuse(scan, 'an unclosed CDATA section');
  scan.i = close + 3;
  return undefined;
}

/** PI [16]: a named target, and the XML declaration only at the very start. */
function processingInstruction(scan: Scan): string | undefined {
  const { xml, i } = scan;
  const target = at(PI_TARGET, xml, i);
  if (target === null) return refuse(scan, 'a processing instruction without a target');
  if (/^xml$/i.test(target[1] ?? '') && i !== 0) return refuse(scan, 'an XML declaration not at the very start');
  const close = xml.indexOf('?>', i + 2);
  if (close < 0) return refuse(scan, 'an unclosed processing instruction');
  scan.i = close + 2;
  return undefined;
}

/** ETag [42]: the well-formedness constraint Element Type Match, so it closes the innermost open element only. */
function endTag(scan: Scan): string | undefined {
  const open = scan.open;
  const end = at(END_TAG, scan.xml, scan.i);
  const name = end?.[1];
  if (end === null || name === undefined) return refuse(scan, 'a malformed end tag');
  if (open[open.length - 1] !== name)
    return refuse(
      scan,
      `</${name.slice(0, 40)}> does not close <${(open[open.length - 1] ?? '(nothing)').slice(0, 40)}>`,
    );
  open.pop();
  scan.i += end[0].length;
  return undefined;
}

/** STag [40] or an empty-element tag: one root, and the element and depth bounds counted as each opens. */
function startTag(scan: Scan): string | undefined {
  const { xml, i, open, bounds } = scan;
  const tag = at(TAG_OPEN, xml, i);
  const name = tag?.[1];
  if (tag === null || name === undefined) return refuse(scan, "a '<' that starts no tag");
  if (open.length === 0 && scan.rootSeen) return refuse(scan, 'a second root element');
  scan.rootSeen = true;
  if (++scan.elements > bounds.elements)
    return (
      `more than ${bounds.elements} elements: a SAML message has a few hundred (refused before parsing: its ` + `cost)`
    );
  const attributes = attributeList(scan, i + tag[0].length);
  if (typeof attributes === 'string') return attributes;
  const j = attributes.end;
  const close = at(TAG_CLOSE, xml, j);
  if (close === null)
    return refuse(
      scan,
      `a malformed start tag <${name.slice(0, 40)}> (an unquoted value, a '<' or '&' in a value, or no ` +
        `space between attributes)`,
    );
  if (close[1] !== '/') {
    open.push(name);
    if (open.length > bounds.depth)
      return `elements nested more than ${bounds.depth} deep (refused before parsing: its cost)`;
  }
  scan.i = j + close[0].length;
  return undefined;
}

/**
 * Attribute [41]s of one start tag from `j`: the refusal, or where they end. The attribute and namespace-declaration
 * bounds are counted here, one element at a time, because a bomb puts them all on one element.
 */
function attributeList(scan: Scan, j: number): string | { readonly end: number } {
  const { xml, bounds } = scan;
  const names = new Set<string>();
  let namespaces = 0;
  for (let attribute = at(ATTRIBUTE, xml, j); attribute !== null; attribute = at(ATTRIBUTE, xml, j)) {
    const attributeName = attribute[1] ?? '';
    if (names.has(attributeName))
      return refuse(scan, `the attribute ${attributeName.slice(0, 40)} twice on one element`);
    names.add(attributeName);
    if (names.size > bounds.attributes)
      return (
        `an element with at least ${names.size} attributes, more than ${bounds.attributes} (refused before ` +
        `parsing: its cost)`
      );
    if (
      (attributeName === 'xmlns' || attributeName.startsWith('xmlns:')) &&
      ++namespaces > bounds.namespaceDeclarations
    ) {
      return (
        `an element declaring at least ${namespaces} namespaces, more than ${bounds.namespaceDeclarations} ` +
        `(a namespace-declaration bomb: refused before parsing)`
      );
    }
    const bad = badReference(attribute[2] ?? attribute[3] ?? '');
    if (bad !== undefined) return refuse(scan, `a reference to a character XML does not allow (${bad})`);
    j += attribute[0].length;
  }
  return { end: j };
}
