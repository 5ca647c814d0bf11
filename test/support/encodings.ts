// The encodings an output may give a secret, each with how a reader of that output would undo it: shared by the
// scrubber's own property test and the one that runs random secrets through every output path.
import { decodeHTML } from 'entities/decode';

const wrap76 = (b64: string): string => (b64.match(/.{1,76}/g) ?? []).join('\r\n');

export interface Encoding {
  /** The secret as the output would carry it; `cut` (1 to length-1) is where a fold splits it. */
  readonly encode: (secret: string, cut: number) => string;
  readonly decode: (text: string) => string;
}

export const ENCODINGS: Readonly<Record<string, Encoding>> = {
  raw: { encode: (s) => s, decode: (t) => t },
  'decimal references with leading zeros': {
    encode: (s) => [...s].map((c) => `&#${'0'.repeat(8)}${c.charCodeAt(0)};`).join(''),
    decode: decodeHTML,
  },
  'hexadecimal references with leading zeros': {
    encode: (s) => [...s].map((c) => `&#x000${c.charCodeAt(0).toString(16)};`).join(''),
    decode: decodeHTML,
  },
  '\\x escapes': {
    encode: (s) => [...s].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
    decode: (t) => t.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
  },
  '\\u escapes': {
    encode: (s) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    decode: (t) => t.replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
  },
  'base64 wrapped at 76 columns': {
    encode: (s) => wrap76(Buffer.from(`${'z'.repeat(50)}${s}`).toString('base64')),
    decode: (t) => Buffer.from(t.replace(/\s+/g, ''), 'base64').toString('latin1'),
  },
  'a folded line': {
    encode: (s, cut) => `${s.slice(0, cut)}\r\n ${s.slice(cut)}`,
    decode: (t) => t.replace(/\r\n[ \t]+/g, ''),
  },
  'percent-encoded': {
    encode: (s) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
    decode: (t) => {
      try {
        return decodeURIComponent(t);
      } catch {
        return t;
      }
    },
  },
};
