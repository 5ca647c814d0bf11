// Word wrapping for every text view (the CLI's reports, the availability report): one rule for where lines break.

/** Word-wraps `text` into lines of at most `width` columns, each starting with `indent`. */
export function wrap(text: string, width: number, indent: string): string[] {
  const room = Math.max(20, width - indent.length);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

/**
 * A line that keeps its own leading spaces, its continuation lines at `hang`, each within `width` (a word longer
 * than the room stays whole on its line: an address cut in two no longer opens).
 */
export function wrapHanging(line: string, width: number, hang: string): string[] {
  const lead = /^ */.exec(line)?.[0] ?? '';
  const [first = '', ...rest] = wrap(line, width - lead.length, '');
  const continued = rest.length === 0 ? [] : wrap(rest.join(' '), width, hang);
  return [lead + first, ...continued];
}

/**
 * Every line of a block of text within `width`: a line that fits is kept as written (a table's columns stay
 * aligned); a longer one is wrapped, its continuation two spaces in from its start, or under the text of a "- " item.
 */
export function wrapBlock(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (line.length <= width) return [line];
      const lead = /^ */.exec(line)?.[0] ?? '';
      return wrapHanging(line, width, lead === '' && !line.startsWith('- ') ? '' : `${lead}  `);
    })
    .join('\n');
}
