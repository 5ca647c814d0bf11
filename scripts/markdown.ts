// What the docs generator and the docs tests read of a Markdown file: its headings and their anchors as GitHub
// makes them, its links, and its prose without code. Pure: strings in, strings out.

/** The text with fenced code blocks blanked line for line (so line numbers still point at the file). */
export function withoutCodeBlocks(text: string): string {
  let fenced = false;
  return text
    .split('\n')
    .map((line) => {
      if (/^\s*```/.test(line)) {
        fenced = !fenced;
        return '';
      }
      return fenced ? '' : line;
    })
    .join('\n');
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, each space a "-" (not collapsed). */
export function slug(heading: string): string {
  return heading
    .replace(/<[^>]+>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export interface Heading {
  readonly level: number;
  readonly text: string;
  readonly anchor: string;
}

/** Every heading outside code, with its anchor; a repeated anchor gets -1, -2 as GitHub numbers them. */
export function headings(text: string): Heading[] {
  const seen = new Map<string, number>();
  return [...withoutCodeBlocks(text).matchAll(/^(#{1,6})\s+(.+?)\s*#*$/gm)].map(([, hashes = '', title = '']) => {
    const base = slug(title);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return { level: hashes.length, text: title, anchor: count === 0 ? base : `${base}-${count}` };
  });
}

/** The anchors a file offers: its headings' and any explicit <a id="...">. */
export function anchors(text: string): Set<string> {
  return new Set([
    ...headings(text).map((h) => h.anchor),
    ...[...text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)].map((m) => m[1] ?? ''),
  ]);
}

export interface Link {
  readonly target: string;
  readonly line: number;
}

/** Every Markdown link and image outside code blocks and inline code, with its line. */
export function links(text: string): Link[] {
  return withoutCodeBlocks(text)
    .split('\n')
    .flatMap((line, index) =>
      [...line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({
        target: m[1] ?? '',
        line: index + 1,
      })),
    );
}

/** A table of contents of a page's ## and ### headings (its # title left out), as a nested list of links. */
export function tableOfContents(text: string): string {
  return headings(text)
    .filter((h) => h.level === 2 || h.level === 3)
    .map((h) => `${h.level === 3 ? '  ' : ''}- [${h.text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')}](#${h.anchor})`)
    .join('\n');
}
