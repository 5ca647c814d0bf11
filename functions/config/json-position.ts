// Where a configuration file's JSON is broken: line, column and what to change, for a file JSON.parse refused.
import { looksLikeSecret } from './readers';

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
  // A key pasted with its line breaks breaks the JSON inside the key: the text there is never quoted.
  const line = before.split('\n').length;
  const around = text
    .split('\n')
    .slice(Math.max(0, line - 2), line + 1)
    .join(' ');
  if (looksLikeSecret(around.replace(/\r/g, ' '))) {
    return (
      `${at(offset)}: invalid JSON inside what looks like a key or a secret (not shown): a PEM key belongs in ` +
      `a file named by privateKeyFile, a secret in a variable named by clientSecretEnv`
    );
  }
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
function jsonErrorOffset(text: string): number {
  const scan = new JsonScan(text);
  try {
    scan.value();
    scan.ws();
    return scan.i;
  } catch (offset) {
    return typeof offset === 'number' ? offset : 0;
  }
}

/** The scanner's position in the text, thrown as the offset of the first thing JSON does not allow. */
class JsonScan {
  i = 0;
  constructor(private readonly text: string) {}

  ws(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i] ?? '')) this.i++;
  }

  fail(): never {
    throw this.i;
  }

  value(): void {
    this.ws();
    const c = this.text[this.i];
    if (c === '{' || c === '[') return this.container(c);
    if (c === '"') return this.string();
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(this.text.slice(this.i));
    if (!literal) this.fail();
    this.i += literal?.[0].length ?? 0;
  }

  container(c: '{' | '['): void {
    const { text } = this;
    const close = c === '{' ? '}' : ']';
    this.i++;
    this.ws();
    if (text[this.i] === close) {
      this.i++;
      return;
    }
    for (;;) {
      if (c === '{') {
        this.ws();
        if (text[this.i] !== '"') this.fail();
        this.string();
        this.ws();
        if (text[this.i] !== ':') this.fail();
        this.i++;
      }
      this.value();
      this.ws();
      if (text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (text[this.i] === close) {
        this.i++;
        return;
      }
      this.fail();
    }
  }

  string(): void {
    const { text } = this;
    this.i++;
    while (this.i < text.length && text[this.i] !== '"') {
      if (text[this.i] === '\\') this.i++;
      else if ((text.charCodeAt(this.i) ?? 0) < 0x20) this.fail();
      this.i++;
    }
    if (this.i >= text.length) this.fail();
    this.i++;
  }
}

/**
 * The text of a configuration file, or why it is not UTF-8 (a Latin-1 "é" in a clientId would otherwise turn
 * into U+FFFD and be probed as a client that does not exist): the first bad byte, where it is, and the field that
 * holds it, so the message names the field as every other problem does.
 */
export function decodeConfigText(
  path: string,
  bytes: Uint8Array,
): { readonly text: string } | { readonly problem: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: `${path}: the file is UTF-16; save it as UTF-8` };
  }
  const bad = invalidUtf8Offset(bytes);
  if (bad === undefined) return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
  const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, bad));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const byte = bytes[bad] ?? 0;
  const latin1 = byte >= 0xa0 ? ` (Latin-1 "${String.fromCharCode(byte)}"?)` : '';
  const where =
    `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')}${latin1} at ${path}:${line}:${column} is not ` +
    `UTF-8: save the file as UTF-8`;
  const field = fieldHolding(before, bytes.subarray(bad + 1));
  return { problem: field === undefined ? where : `${field}: ${where}` };
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629 §4), or undefined. */
function invalidUtf8Offset(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0) return i;
    const second = bytes[i + 1] ?? 0;
    // The narrower second-byte ranges: no overlong forms, no surrogates, nothing above U+10FFFF.
    const [low, high] =
      lead === 0xe0
        ? [0xa0, 0xbf]
        : lead === 0xed
          ? [0x80, 0x9f]
          : lead === 0xf0
            ? [0x90, 0xbf]
            : lead === 0xf4
              ? [0x80, 0x8f]
              : [0x80, 0xbf];
    if (length > 1 && (second < low || second > high)) return i;
    for (let k = 2; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return undefined;
}

/** Stands in for the bad byte while the JSON is parsed: a private-use character no config holds. */
const MARK = '\uE000\uF8FF\uE000';

/** The path ("servers[0].clientId") of the value or field name holding the bad byte, when the JSON parses. */
function fieldHolding(before: string, after: Uint8Array): string | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(before + MARK + new TextDecoder('utf-8', { ignoreBOM: true }).decode(after));
  } catch {
    return undefined;
  }
  const search = (value: unknown, path: string): string | undefined => {
    if (typeof value === 'string') return value.includes(MARK) ? path : undefined;
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        const found = search(item, `${path}[${index}]`);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    if (typeof value !== 'object' || value === null) return undefined;
    for (const [key, item] of Object.entries(value)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (key.includes(MARK)) return `a field name in ${path === '' ? 'the top level' : path}`;
      const found = search(item, at);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return search(raw, '');
}
