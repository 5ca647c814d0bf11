// The <input> tags of a text and their attributes, read in one pass as a browser's tokenizer reads a start tag (WHATWG
// HTML, "Tokenization": the attribute name, before-value and value states): a tag runs to the first '>' outside a
// quoted value, and an '<input' inside a tag is one of its attributes, not a tag. The text is an Okta answer (up to a
// MB): read with two lazy spans that could reach past one another, a page with no '>' cost the cube of its size (1,000
// repeats of `<input name=password `, 21 KB, took 2.3 s; 105 KB, minutes). Here each character is read a bounded
// number of times: a tag resumes the search after its end, and the search for a quote that never closes is
// remembered, not repeated for each value that opens one.

interface Span {
  readonly start: number;
  readonly end: number;
}

/** An attribute as written: its name, and its value's place in the text, quotes included, when it has one. */
interface InputAttribute {
  readonly name: string;
  readonly value?: Span;
}

/** One <input ...> tag: from '<input' to its '>' (or the text's end), and its attributes in order. */
interface InputTag extends Span {
  readonly attributes: readonly InputAttribute[];
}

const INPUT_OPEN = /<input\b/gi;
/** Between attributes: white space, and a '/' that closes nothing (the tokenizer reads it as a separator). */
const SEPARATORS = /[\s/]*/y;
/** An attribute's name: any character but white space, '/' and '>', then none of those nor '='. */
const ATTRIBUTE_NAME = /[^\s/>][^\s/>=]*/y;
const EQUALS = /\s*=\s*/y;
/** An unquoted value, or a quoted one whose quote never closes, read as the regexes it replaces read it. */
const UNQUOTED = /[^\s>]+/y;

/** Each <input> tag of the text, in order. */
export function inputTags(text: string): InputTag[] {
  const tags: InputTag[] = [];
  const next = nextFinder(text);
  const open = new RegExp(INPUT_OPEN);
  for (let found = open.exec(text); found !== null; found = open.exec(text)) {
    const tag = readTag(text, found.index, next);
    tags.push(tag);
    open.lastIndex = tag.end;
  }
  return tags;
}

/** Where a sticky pattern ends when it matches at `at`, or -1. */
function endOf(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

function readTag(text: string, start: number, next: NextFinder): InputTag {
  const attributes: InputAttribute[] = [];
  let at = start + '<input'.length;
  for (;;) {
    at = endOf(SEPARATORS, text, at);
    if (at >= text.length) return { start, end: text.length, attributes };
    if (text[at] === '>') return { start, end: at + 1, attributes };
    const nameEnd = endOf(ATTRIBUTE_NAME, text, at);
    const name = text.slice(at, nameEnd);
    const valueStart = endOf(EQUALS, text, nameEnd);
    const value = valueStart === -1 ? undefined : valueOf(text, valueStart, next);
    attributes.push(value === undefined ? { name } : { name, value });
    at = value?.end ?? (valueStart === -1 ? nameEnd : valueStart);
  }
}

/**
 * A value at `at`: quoted up to its closing quote, unless that quote never comes or an '<input' comes first (a quote
 * left open by a broken page, which would hide the inputs after it); then, and when unquoted, up to white space or '>'.
 */
function valueOf(text: string, at: number, next: NextFinder): Span | undefined {
  const quote = text[at];
  if (quote === '"' || quote === "'") {
    const close = next.quote(quote, at + 1);
    const input = next.input(at + 1);
    if (close !== -1 && (input === -1 || input > close)) return { start: at, end: close + 1 };
  }
  const end = endOf(UNQUOTED, text, at);
  return end === -1 ? undefined : { start: at, end };
}

interface NextFinder {
  readonly quote: (quote: '"' | "'", from: number) => number;
  readonly input: (from: number) => number;
}

/**
 * The next quote of each kind and the next '<input' at or after a place, each search remembered: asked in the order the
 * text is read, each is a walk through the text once, where a fresh search for a quote that never closes, for each
 * value that opens one, would read the rest of the text each time.
 */
function nextFinder(text: string): NextFinder {
  const remembered = (find: (from: number) => number): ((from: number) => number) => {
    let asked = Infinity;
    let found = -1;
    return (from) => {
      if (from < asked || (found !== -1 && found < from)) {
        asked = from;
        found = find(from);
      }
      return found;
    };
  };
  const open = new RegExp(INPUT_OPEN);
  const input = remembered((from) => {
    open.lastIndex = from;
    return open.exec(text)?.index ?? -1;
  });
  const double = remembered((from) => text.indexOf('"', from));
  const single = remembered((from) => text.indexOf("'", from));
  return { quote: (quote, from) => (quote === '"' ? double(from) : single(from)), input };
}
