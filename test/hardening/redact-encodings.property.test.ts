// The one scrubber (redact) under random secrets, each worn in every encoding an output may give it and cut or folded
// before it reaches the scrubber: no reading of what comes out holds the secret, nor a cut piece of it of
// MIN_SECRET_PART characters or more.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_SECRET_PART, redact } from '../../functions/text/redact';
import { ENCODINGS } from '../support/encodings';

const RUNS = { numRuns: 200 };
const secretArb = fc.stringMatching(/^[A-Za-z0-9_~.-]{12,40}$/);

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

  it(
    'a secret cut before it reached the scrubber (a title cut at 120): no piece of MIN_SECRET_PART characters ' +
      'survives',
    () => {
      fc.assert(
        fc.property(secretArb, fc.nat(), fc.boolean(), (secret, n, head) => {
          const keep = MIN_SECRET_PART + (n % (secret.length - MIN_SECRET_PART + 1));
          const piece = head ? secret.slice(0, keep) : secret.slice(secret.length - keep);
          const out = redact(`the SSO URL answered "Sign in ${piece}"`, [secret]);
          for (let i = 0; i + MIN_SECRET_PART <= piece.length; i++) {
            if (i === 0 || i + MIN_SECRET_PART === piece.length)
              expect(out).not.toContain(piece.slice(i, i + MIN_SECRET_PART));
          }
          expect(out).toContain('[REDACTED]');
        }),
        RUNS,
      );
    },
  );
});
