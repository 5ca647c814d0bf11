// HTML built so that escaping cannot be forgotten (`httpStatus` reached the report unescaped): every value
// put into an html`` template is escaped unless it is itself a fragment built by html``. A new field added to the
// page is safe by construction; only the page's own constants (its style sheet) are marked trusted, by name.
import { escapeHtml } from '../text/html-escape';

/** A fragment of HTML, built by html`` or trusted(): the only values a template inserts as they are. */
export class Html {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** Inserted values: fragments as they are, lists joined, absent values as nothing, everything else escaped. */
type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** The page's own constant markup (its style sheet): never a value read from a run line. */
export function trusted(text: string): Html {
  return new Html(text);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}
