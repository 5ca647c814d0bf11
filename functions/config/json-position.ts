// Where a configuration file's JSON is broken: line, column and what to change, for a file JSON.parse refused.

export function describeJsonError(path: string, text: string, error: unknown): string {
  const message = (error as Error).message;
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : jsonErrorOffset(text);
  const before = text.slice(0, offset);
  const near = text.slice(offset).trimStart();
  const at = (index: number): string => {
    const line = text.slice(0, index).split('\n').length;
    return `${path}:${line}:${index - text.lastIndexOf('\n', index - 1)}`;
  };
  // A trailing comma is pointed at where it is, not at the bracket after it (which may be lines below).
  if (/^[}\]]/.test(near) && /,\s*$/.test(before)) {
    return `${at(before.lastIndexOf(','))}: trailing comma before "${near[0]}": JSON allows none, remove it`;
  }
  let hint = '';
  if (near.startsWith('//') || near.startsWith('/*')) hint = ' (JSON has no comments; use a "_comment" field instead)';
  else if (near.startsWith("'")) hint = ' (JSON strings use double quotes)';
  else if (offset >= text.trimEnd().length) hint = ' (the file ends early: a missing } or ]?)';
  return `${at(offset)}: invalid JSON near ${JSON.stringify(near.slice(0, 20))}${hint}`;
}

/**
 * Offset of the first JSON syntax error in `text` (called only after JSON.parse failed, whose message
 * carries no position in some Node versions). A minimal scanner: enough to point at the right place.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          string();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') return string();
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!literal) fail();
    i += literal?.[0].length ?? 0;
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if ((text.charCodeAt(i) ?? 0) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i;
  } catch (offset) {
    return typeof offset === 'number' ? offset : 0;
  }
}

