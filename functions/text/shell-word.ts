// A word of a command printed for people to paste into a POSIX shell: a path with a space or a quote stays one word.

/** `text` as a POSIX shell reads it back: quoted when it holds anything but the plain characters of a path. */
export const shellWord = (text: string): string =>
  /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;

/**
 * A command cut into lines of at most `width` columns between its words, each line but the last ending in " \"
 * (a POSIX shell's line continuation), so that it pastes as one command. A word longer than the width stays whole.
 */
export function wrapCommand(words: readonly string[], width: number, indent = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const prefix = lines.length === 0 ? '' : indent;
    if (line !== '' && prefix.length + line.length + 1 + word.length + 2 > width) {
      lines.push(`${prefix}${line} \\`);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push((lines.length === 0 ? '' : indent) + line);
  return lines;
}
