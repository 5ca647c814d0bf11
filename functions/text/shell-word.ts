// A word of a command printed for people to paste into a POSIX shell: a path with a space or a quote stays one word.

/** `text` as a POSIX shell reads it back: quoted when it holds anything but the plain characters of a path. */
export const shellWord = (text: string): string =>
  /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
