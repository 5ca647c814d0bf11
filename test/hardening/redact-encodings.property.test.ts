// The one scrubber (redact) under random secrets, each worn in every encoding an output may give it and cut or folded
// before it reaches the scrubber: no reading of what comes out holds the secret, nor a cut piece of it of
// MIN_SECRET_PART characters or more.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHTML } from 'entities/decode';
import { MIN_SECRET_PART, redact } from '../../functions/text/redact';

const RUNS = { numRuns: 200 };
const secretArb = fc.stringMatching(/^[A-Za-z0-9_~.-]{12,40}$/);
const wrap76 = (b64: string): string => (b64.match(/.{1,76}/g) ?? []).join('\r\n');

/** Each encoding, and how a reader of the output would undo it. */
const ENCODINGS: Record<string, { encode: (s: string, cut: number) => string; decode: (t: string) => string }> = {
  raw: { encode: (s) => s, decode: (t) => t },
  'decimal references with leading zeros': { encode: (s) => [...s].map((c) => `&#${'0'.repeat(8)}${c.charCodeAt(0)};`).join(''), decode: decodeHTML },
  'hexadecimal references with leading zeros': { encode: (s) => [...s].map((c) => `&#x000${c.charCodeAt(0).toString(16)};`).join(''), decode: decodeHTML },
  '\\x escapes': { encode: (s) => [...s].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''), decode: (t) => t.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))) },
  '\\u escapes': { encode: (s) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''), decode: (t) => t.replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))) },
  'base64 wrapped at 76 columns': {
    encode: (s) => wrap76(Buffer.from(`${'z'.repeat(50)}${s}`).toString('base64')),
    decode: (t) => Buffer.from(t.replace(/\s+/g, ''), 'base64').toString('latin1'),
  },
  'a folded line': { encode: (s, cut) => `${s.slice(0, cut)}\r\n ${s.slice(cut)}`, decode: (t) => t.replace(/\r\n[ \t]+/g, '') },
  'percent-encoded': { encode: (s) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''), decode: (t) => { try { return decodeURIComponent(t); } catch { return t; } } },
};

describe(`redact: random secrets in each of ${Object.keys(ENCODINGS).length} encodings never survive`, () => {
  for (const [name, { encode, decode }] of Object.entries(ENCODINGS)) {
    it(`${name}: no reading of the output holds the secret`, () => {
      fc.assert(
        fc.property(secretArb, fc.string({ maxLength: 30 }), fc.nat(), (secret, around, n) => {
          const cut = 1 + (n % (secret.length - 1));
          const out = redact(`error: ${around} ${encode(secret, cut)} ${around}`, [secret]);
          expect(decode(out)).not.toContain(secret);
          expect(out).not.toContain(secret);
        }),
        RUNS,
      );
    });
  }

  it('a secret cut before it reached the scrubber (a title cut at 120): no piece of MIN_SECRET_PART characters survives', () => {
    fc.assert(
      fc.property(secretArb, fc.nat(), fc.boolean(), (secret, n, head) => {
        const keep = MIN_SECRET_PART + (n % (secret.length - MIN_SECRET_PART + 1));
        const piece = head ? secret.slice(0, keep) : secret.slice(secret.length - keep);
        const out = redact(`the SSO URL answered "Sign in ${piece}"`, [secret]);
        for (let i = 0; i + MIN_SECRET_PART <= piece.length; i++) {
          if (i === 0 || i + MIN_SECRET_PART === piece.length) expect(out).not.toContain(piece.slice(i, i + MIN_SECRET_PART));
        }
        expect(out).toContain('[REDACTED]');
      }),
      RUNS,
    );
  });
});
