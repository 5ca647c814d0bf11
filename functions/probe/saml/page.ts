// The app's SSO page read as a browser reads it, for the SAML judge: the form it would post first, where to, with
// the controls it would send, and what else the page says (its title, a step-up, the sign-in widget's state token).
// Pure. The page is parsed by parse5's tree builder, the WHATWG HTML parser jsdom uses: it passes the html5lib
// tree-construction tests, so foreign content, misnested tags, tables, <template> and the form element pointer come out
// as in a browser. Its cost is bounded here: the parser refuses (through its onItemPush hook) a page nesting elements
// deeper than MAX_PAGE_DEPTH, and the page is capped in bytes before it is read.
// What the browser submits (HTML Living Standard, "form submission", "constructing the entry list", "form owner"):
// - `document.forms[0]`: the first <form> element of the HTML namespace in tree order; a <form> inside <svg> or <math>
//   is a foreign element, not a form, and <template> contents are not in the document;
// - its action: the action attribute (an absent or empty one is the document's URL), parsed against the document's
//   base URL: the first <base href> of the document, itself parsed against the document's URL (a failure, a data: or
//   a javascript: base leaves the document's URL);
// - its controls: <input> and <textarea> whose form owner it is: the element a `form` attribute names by id (and then
//   only if that element is a form), else the form the parser's form element pointer held when the control was
//   created; not disabled ones (the attribute, or a disabled <fieldset> outside its first <legend>), not buttons
//   (form.submit() sends no submitter), not unchecked checkboxes or radios;
// - <noscript> is raw text when scripting is on, as Okta's auto-posting page assumes: its "Continue" button is not a
// control.
import { defaultTreeAdapter, html, Parser, type DefaultTreeAdapterMap, type DefaultTreeAdapterTypes } from 'parse5';

/**
 * The largest SSO page read, bytes. Okta's page is a few KB around the SAMLResponse; the largest SAMLResponse the
 * judge reads (MAX_SAML_XML_BYTES, 256 KB of XML) is 342 KB in base64, about 400 KB with Okta's character
 * references for '+', '/' and '='. A larger page is refused before it is tokenized.
 */
export const MAX_SSO_PAGE_BYTES = 512 * 1024;

interface PageControl {
  readonly name: string;
  readonly value: string;
}

export interface PageForm {
  /**
   * The action attribute, character references decoded; undefined when absent (the browser then posts to the page's
   * own URL).
   */
  readonly action: string | undefined;
  /**
   * Where the browser posts it: the action parsed against the document's base URL; undefined when that is no http(s)
   * URL.
   */
  readonly url: string | undefined;
  /** Lower-case; a browser's default is "get". */
  readonly method: string;
  readonly id: string | undefined;
  /** The controls the browser would submit, in order. */
  readonly controls: readonly PageControl[];
}

interface SsoPage {
  /** What `document.forms[0].submit()` posts; undefined when the page has no form. */
  readonly form: PageForm | undefined;
  /** How many forms the page has (the browser posts the first). */
  readonly forms: number;
  /** The page's title, at most 120 characters. */
  readonly title: string | undefined;
  /** The page submits its first form by itself (body onload, or a script calling submit()). */
  readonly autoSubmit: boolean;
  /** The Okta Sign-In Widget's page: an element id "okta-sign-in", or a script with OktaSignIn / oktaData. */
  readonly signInWidget: boolean;
  /**
   * The transaction's state token a sign-in or step-up page carries in a script (`var stateToken = '...'` on
   * Classic's "Extra Verification" page, `"stateToken":"..."` in the widget's data: saml2aws okta.go
   * getStateTokenFromOktaPageBody; gimme-aws-creds okta_classic.py), JavaScript escapes decoded. A secret.
   */
  readonly stateToken: string | undefined;
  /** Why the page was not read (its nesting past MAX_PAGE_DEPTH); then no form. */
  readonly refused?: string;
}

/** Controls form.submit() never sends: buttons are only sent as the submitter, and there is none. */
const NOT_SUBMITTED = new Set(['submit', 'button', 'image', 'reset', 'file']);
const MAX_TITLE = 120;
/** Script text kept for the auto-submit and state-token look-ups, per page. */
const MAX_SCRIPT_TEXT = 64 * 1024;
/**
 * Elements open at once past which a page is refused. Okta's page is a dozen deep; browsers stop nesting at 512
 * (Blink's parser, kMaximumHTMLParserDOMTreeDepth). A deeper stack makes each of the parser's scope look-ups long.
 */
export const MAX_PAGE_DEPTH = 512;
/** Where the SSO page is when no URL is given (tests of the reader alone). */
const NO_URL = 'https://page.invalid/';

type Element = DefaultTreeAdapterTypes.Element;
type Node =
  | DefaultTreeAdapterTypes.ChildNode
  | DefaultTreeAdapterTypes.Document
  | DefaultTreeAdapterTypes.DocumentFragment;
const HTML_NS = html.NS.HTML;

class TooDeep extends Error {}

/** The page parsed as a browser parses it, with each control's parse-time form owner; undefined when refused. */
function parsePage(
  source: string,
): { doc: DefaultTreeAdapterTypes.Document; owners: Map<Element, Element> } | undefined {
  const owners = new Map<Element, Element>();
  let depth = 0;
  const treeAdapter = {
    ...defaultTreeAdapter,
    onElementCreated(element: Element, context: { formElement: Element | null; isInTemplate: boolean }) {
      if (context.formElement !== null && !context.isInTemplate && isControl(element) && !hasAttribute(element, 'form'))
        owners.set(element, context.formElement);
    },
    onItemPush() {
      if (++depth > MAX_PAGE_DEPTH) throw new TooDeep();
    },
    onItemPop() {
      depth--;
    },
  };
  try {
    return { doc: Parser.parse<DefaultTreeAdapterMap>(source, { treeAdapter, scriptingEnabled: true }), owners };
  } catch (error) {
    if (error instanceof TooDeep) return undefined;
    throw error;
  }
}

const isHtml = (node: Node, name: string): boolean =>
  'tagName' in node && node.tagName === name && node.namespaceURI === HTML_NS;
const isControl = (node: Node): boolean => isHtml(node, 'input') || isHtml(node, 'textarea');
const attributeOf = (element: Element, name: string): string | undefined =>
  element.attrs.find((a) => a.name === name)?.value;
const hasAttribute = (element: Element, name: string): boolean => element.attrs.some((a) => a.name === name);

/** Every element of the document in tree order (template contents are not the document's), without recursion. */
function elementsOf(root: Node): Element[] {
  const out: Element[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if ('tagName' in node) out.push(node);
    if ('childNodes' in node)
      for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i] as Node);
  }
  return out;
}

/** The text of an element's descendants, in tree order. */
function textOf(element: Element): string {
  let out = '';
  const stack: Node[] = [element];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if ('value' in node && node.nodeName === '#text') out += node.value;
    if ('childNodes' in node)
      for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i] as Node);
  }
  return out;
}

/** The document's base URL: the first <base href>'s, parsed against the document's URL (HTML "frozen base URL"). */
function baseUrlOf(elements: readonly Element[], documentUrl: string): string {
  const base = elements.find((e) => isHtml(e, 'base') && hasAttribute(e, 'href'));
  const href = base === undefined ? undefined : attributeOf(base, 'href');
  if (href === undefined || !URL.canParse(href, documentUrl)) return documentUrl;
  const url = new URL(href, documentUrl);
  return url.protocol === 'data:' || url.protocol === 'javascript:' ? documentUrl : url.href;
}

/**
 * Disabled as the browser says: its own attribute, or a disabled <fieldset> ancestor unless inside its first <legend>.
 */
function disabled(element: Element): boolean {
  if (hasAttribute(element, 'disabled')) return true;
  let child: Element = element;
  for (
    let parent = element.parentNode;
    parent !== null && 'tagName' in parent;
    child = parent, parent = parent.parentNode
  ) {
    if (isHtml(parent, 'fieldset') && hasAttribute(parent, 'disabled')) {
      const legend = parent.childNodes.find((n) => isHtml(n as Node, 'legend'));
      if (legend !== child) return true;
    }
  }
  return false;
}

/** Reads the page as a browser does; never throws on any input. `documentUrl`: the page's own URL. */
export function readSsoPage(source: string, documentUrl: string = NO_URL): SsoPage {
  const parsed = parsePage(source);
  if (parsed === undefined) {
    return {
      form: undefined,
      forms: 0,
      title: undefined,
      autoSubmit: false,
      signInWidget: false,
      stateToken: undefined,
      refused: `elements nested more than ${MAX_PAGE_DEPTH} deep (no browser nests them so): not read`,
    };
  }
  const elements = elementsOf(parsed.doc);
  const forms = elements.filter((e) => isHtml(e, 'form'));
  const first = forms[0];
  const form = first === undefined ? undefined : submittedForm(first, { elements, owners: parsed.owners, documentUrl });
  const titleElement = elements.find((e) => isHtml(e, 'title'));
  // Folded and cut here, before the run's secrets are known: the diagnosis scrubs it with them, reading across the
  // spaces a fold left (redact's folded reading) and the head or tail a cut left.
  const title =
    titleElement === undefined ? undefined : textOf(titleElement).replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE);
  const scripts = scriptText(elements);
  const body = elements.find((e) => isHtml(e, 'body'));
  const onload = body !== undefined && /\.submit\s*\(/.test(attributeOf(body, 'onload') ?? '');
  return {
    form,
    forms: forms.length,
    title,
    autoSubmit: onload || /\.submit\s*\(/.test(scripts),
    signInWidget:
      elements.some((e) => attributeOf(e, 'id') === 'okta-sign-in') || /\bOktaSignIn\b|\boktaData\b/.test(scripts),
    stateToken: stateTokenIn(scripts),
  };
}

/** The page a form is read from: its elements, each control's form by the parser, and the page's own URL. */
interface PageOfForm {
  readonly elements: readonly Element[];
  readonly owners: ReadonlyMap<Element, Element>;
  readonly documentUrl: string;
}

/** The form as form.submit() sends it: the controls it owns and would send, to the URL its action resolves to. */
function submittedForm(first: Element, { elements, owners, documentUrl }: PageOfForm): PageForm {
  const byId = new Map<string, Element>();
  for (const e of elements) {
    const id = attributeOf(e, 'id');
    if (id !== undefined && id !== '' && !byId.has(id)) byId.set(id, e);
  }
  const formOf = (control: Element): Element | undefined => {
    const formId = attributeOf(control, 'form');
    if (formId === undefined) return owners.get(control);
    const named = byId.get(formId);
    return named !== undefined && isHtml(named, 'form') ? named : undefined;
  };
  const controls = elements
    .filter((e) => isControl(e) && formOf(e) === first && !disabled(e))
    .flatMap((e) => {
      if (isHtml(e, 'textarea')) {
        const name = attributeOf(e, 'name');
        return name === undefined || name === '' ? [] : [{ name, value: textOf(e) }];
      }
      const control = inputControl(new Map(e.attrs.map((a) => [a.name, a.value])));
      return control === undefined ? [] : [control];
    });
  const action = attributeOf(first, 'action');
  const base = baseUrlOf(elements, documentUrl);
  const target = action === undefined || action === '' ? documentUrl : action;
  const url = URL.canParse(target, base) ? new URL(target, base) : undefined;
  return {
    action,
    url: url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:') ? url.href : undefined,
    method: (attributeOf(first, 'method') ?? 'get').toLowerCase(),
    id: attributeOf(first, 'id'),
    controls,
  };
}

/** The page's scripts' text, up to MAX_SCRIPT_TEXT. */
function scriptText(elements: readonly Element[]): string {
  let scripts = '';
  for (const script of elements.filter((e) => isHtml(e, 'script'))) {
    if (scripts.length >= MAX_SCRIPT_TEXT) break;
    scripts += `${textOf(script).slice(0, MAX_SCRIPT_TEXT - scripts.length)}\n`;
  }
  return scripts;
}

/** An <input>'s name and value as submitted, or undefined when form.submit() would not send it. */
function inputControl(a: ReadonlyMap<string, string>): PageControl | undefined {
  const name = a.get('name');
  const type = (a.get('type') ?? 'text').toLowerCase();
  if (name === undefined || name === '' || a.has('disabled') || NOT_SUBMITTED.has(type)) return undefined;
  if ((type === 'checkbox' || type === 'radio') && !a.has('checked')) return undefined;
  return { name, value: a.get('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '') };
}

/** The first state token of the page's scripts: `var stateToken = '...'`, else `"stateToken":"..."`. */
function stateTokenIn(scripts: string): string | undefined {
  for (const prefix of [/var\s+stateToken\s*=\s*/g, /"stateToken"\s*:\s*/g]) {
    const found = prefix.exec(scripts);
    if (found === null) continue;
    const value = jsString(scripts, found.index + found[0].length);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** A JavaScript string literal starting at `at`, its escapes (\xHH, \uHHHH, \\, \', \", \/) decoded; at most 4 KB. */
function jsString(text: string, at: number): string | undefined {
  const quote = text[at];
  if (quote !== '"' && quote !== "'") return undefined;
  let out = '';
  for (let i = at + 1; i < text.length && i < at + 4096; i++) {
    const c = text[i];
    if (c === quote) return out;
    if (c === '\n') return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    const hex = next === 'x' ? text.slice(i + 2, i + 4) : next === 'u' ? text.slice(i + 2, i + 6) : undefined;
    if (hex !== undefined && /^[0-9a-f]+$/i.test(hex) && hex.length === (next === 'x' ? 2 : 4)) {
      out += String.fromCharCode(parseInt(hex, 16));
      i += 1 + hex.length;
    } else {
      out += next ?? '';
      i++;
    }
  }
  return undefined;
}
