// The app's SSO page read as a browser reads it, for the SAML judge: the form it would post first, with
// the controls it would send, and what else the page says (its title, a step-up, the sign-in widget's state token).
// Pure, and linear in the page's size: the HTML is tokenized once by parse5's Tokenizer (the WHATWG tokenizer jsdom
// uses: comments, raw-text elements, attribute-value rules and all 2,231 named character references exactly as a
// browser), driven here with the little a tree builder tells a tokenizer (which elements are raw text), without
// building a tree: a tree builder's stack scans make some hostile pages quadratic.
// What the browser submits (HTML Living Standard, "form submission" and "constructing the entry list"):
// - `document.forms[0]`: the first <form> start tag outside <template> and foreign content (<svg>, <math>); a
//   <form> start tag while another form is open is ignored (the parser's form element pointer);
// - its controls: <input> and <textarea> met while it is open, unless their `form` attribute names another id, and
//   those elsewhere whose `form` attribute names its id; not disabled ones, not buttons (form.submit() sends no
//   submitter), not unchecked checkboxes or radios;
// - <noscript> is raw text when scripting is on, as Okta's auto-posting page assumes: its "Continue" button is not a control.
import { Tokenizer, TokenizerMode, type Token, type TokenHandler } from 'parse5';

/**
 * The largest SSO page read, bytes. Okta's page is a few KB around the SAMLResponse; the largest SAMLResponse the
 * judge reads (MAX_SAML_XML_BYTES, 256 KB of XML) is 342 KB in base64, about 400 KB with Okta's character
 * references for '+', '/' and '='. A larger page is refused before it is tokenized.
 */
export const MAX_SSO_PAGE_BYTES = 512 * 1024;

export interface PageControl {
  readonly name: string;
  readonly value: string;
}

export interface PageForm {
  /** The action attribute, character references decoded; undefined when absent (the browser then posts to the page's own URL). */
  readonly action: string | undefined;
  /** Lower-case; a browser's default is "get". */
  readonly method: string;
  readonly id: string | undefined;
  /** The controls the browser would submit, in order. */
  readonly controls: readonly PageControl[];
}

export interface SsoPage {
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
}

const RAW_TEXT = new Set(['style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
const RCDATA = new Set(['title', 'textarea']);
/** Controls form.submit() never sends: buttons are only sent as the submitter, and there is none. */
const NOT_SUBMITTED = new Set(['submit', 'button', 'image', 'reset', 'file']);
const MAX_TITLE = 120;
/** Script text kept for the auto-submit and state-token look-ups, per page. */
const MAX_SCRIPT_TEXT = 64 * 1024;

interface OpenForm {
  readonly index: number;
  readonly form: { action: string | undefined; method: string; id: string | undefined; controls: PageControl[] };
}

/** Reads the page once, front to back; never throws on any input. */
export function readSsoPage(html: string): SsoPage {
  let forms = 0;
  let first: OpenForm['form'] | undefined;
  let open: OpenForm | undefined;
  // Controls outside the first form that name a form by id, to keep if that id turns out to be the first form's.
  const byFormId: { formId: string; control: PageControl }[] = [];
  let template = 0;
  let foreign = 0;
  let title: string | undefined;
  let inTitle = false;
  let textarea: { name: string; value: string; owner: 'first' | 'other' | string } | undefined;
  let script: string | undefined;
  let scripts = '';
  let onload = false;
  let widget = false;

  const attrs = (token: Token.TagToken): Map<string, string> => new Map(token.attrs.map((a) => [a.name, a.value]));
  // Which form a control belongs to: the first form, another one, or a form named by id (resolved at the end).
  const ownerOf = (a: Map<string, string>): 'first' | 'other' | string => {
    const formId = a.get('form');
    if (formId !== undefined) return first !== undefined && formId === first.id && formId !== '' ? 'first' : `#${formId}`;
    return open?.index === 0 ? 'first' : 'other';
  };
  const keep = (owner: 'first' | 'other' | string, control: PageControl): void => {
    if (owner === 'first') first?.controls.push(control);
    else if (owner.startsWith('#')) byFormId.push({ formId: owner.slice(1), control });
  };

  const handler: TokenHandler = {
    onStartTag(token) {
      const name = token.tagName;
      const a = attrs(token);
      if (a.get('id') === 'okta-sign-in') widget = true;
      if (name === 'template') template++;
      if (name === 'svg' || name === 'math') {
        if (!token.selfClosing) foreign++;
      }
      tokenizer.inForeignNode = foreign > 0;
      const counted = template === 0 && foreign === 0;
      if (counted && name === 'body' && /\.submit\s*\(/.test(a.get('onload') ?? '')) onload = true;
      if (counted && name === 'form' && open === undefined) {
        const form = { action: a.get('action'), method: (a.get('method') ?? 'get').toLowerCase(), id: a.get('id'), controls: [] as PageControl[] };
        open = { index: forms, form };
        if (forms === 0) first = form;
        forms++;
      }
      if (counted && name === 'input') {
        const control = inputControl(a);
        if (control !== undefined) keep(ownerOf(a), control);
      }
      if (foreign > 0) return;
      if (name === 'script') {
        tokenizer.state = TokenizerMode.SCRIPT_DATA;
        script = '';
      } else if (RAW_TEXT.has(name)) tokenizer.state = TokenizerMode.RAWTEXT;
      else if (RCDATA.has(name)) tokenizer.state = TokenizerMode.RCDATA;
      else if (name === 'plaintext') tokenizer.state = TokenizerMode.PLAINTEXT;
      if (name === 'title' && title === undefined) {
        inTitle = true;
        title = '';
      }
      if (name === 'textarea' && counted && a.has('name') && !a.has('disabled')) textarea = { name: a.get('name') ?? '', value: '', owner: ownerOf(a) };
    },
    onEndTag(token) {
      const name = token.tagName;
      if (name === 'template' && template > 0) template--;
      else if ((name === 'svg' || name === 'math') && foreign > 0) foreign--;
      tokenizer.inForeignNode = foreign > 0;
      if (name === 'form' && template === 0 && foreign === 0) open = undefined;
      if (name === 'title') inTitle = false;
      if (name === 'textarea' && textarea !== undefined) {
        keep(textarea.owner, { name: textarea.name, value: textarea.value.replace(/^\n/, '') });
        textarea = undefined;
      }
      if (name === 'script' && script !== undefined) {
        if (scripts.length < MAX_SCRIPT_TEXT) scripts += `${script.slice(0, MAX_SCRIPT_TEXT - scripts.length)}\n`;
        script = undefined;
      }
    },
    onCharacter: (token) => text(token.chars),
    onWhitespaceCharacter: (token) => text(token.chars),
    onNullCharacter: () => undefined,
    onComment: () => undefined,
    onDoctype: () => undefined,
    onEof: () => undefined,
  };
  const text = (chars: string): void => {
    if (inTitle && title !== undefined && title.length < MAX_TITLE) title += chars;
    if (textarea !== undefined) textarea.value += chars;
    if (script !== undefined && script.length < MAX_SCRIPT_TEXT) script += chars;
  };
  const tokenizer = new Tokenizer({ sourceCodeLocationInfo: false }, handler);
  tokenizer.write(html, true);

  if (first !== undefined) {
    const id = first.id;
    for (const { formId, control } of byFormId) if (id !== undefined && formId === id) first.controls.push(control);
  }
  return {
    form: first,
    forms,
    title: title === undefined ? undefined : title.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE),
    autoSubmit: onload || /\.submit\s*\(/.test(scripts),
    signInWidget: widget || /\bOktaSignIn\b|\boktaData\b/.test(scripts),
    stateToken: stateTokenIn(scripts),
  };
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
