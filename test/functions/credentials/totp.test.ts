// TOTP as RFC 6238 defines it, checked against the RFC's own test vectors (Appendix B, SHA-1).
import { describe, expect, it } from 'vitest';
import {
  decodeBase32,
  nextUsableStep,
  totpCode,
  totpSecretProblem,
  totpStep,
} from '../../../functions/credentials/totp';

/** RFC 6238 Appendix B's SHA-1 seed: the ASCII string "12345678901234567890". */
const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');
/** The same seed in base32, as an authenticator app would be given it. */
const RFC_KEY_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('totpCode', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('gives the RFC 6238 vector at T=%i: %s (8 digits)', (seconds, code) => {
    expect(totpCode(RFC_KEY, totpStep(seconds * 1000), 8)).toBe(code);
  });

  it("gives Okta's 6 digits: the last six of the 8-digit vector, zero-padded", () => {
    expect(totpCode(RFC_KEY, totpStep(1111111109 * 1000))).toBe('081804');
    expect(totpCode(RFC_KEY, totpStep(59 * 1000))).toBe('287082');
  });
});

describe('decodeBase32', () => {
  it('decodes the RFC seed from base32, ignoring case, spaces and padding', () => {
    expect(decodeBase32(RFC_KEY_BASE32)?.equals(RFC_KEY)).toBe(true);
    expect(decodeBase32('gezd gnbv gy3t qojq gezd gnbv gy3t qojq==')?.equals(RFC_KEY)).toBe(true);
  });

  it('refuses text that is not base32 and never quotes the secret in its reason', () => {
    expect(decodeBase32('not base32: 0189!')).toBeUndefined();
    expect(totpSecretProblem('SECRET0189')).toMatch(/not a base32/);
    expect(totpSecretProblem('SECRET0189')).not.toContain('SECRET0189');
    expect(totpSecretProblem('GEZDGNBV')).toMatch(/5 bytes/);
    expect(totpSecretProblem(RFC_KEY_BASE32)).toBeUndefined();
  });
});

describe('nextUsableStep', () => {
  it('uses the current step when it has not been used', () => {
    expect(nextUsableStep(61_000, undefined)).toEqual({ step: 2, waitMs: 0 });
    expect(nextUsableStep(61_000, 1)).toEqual({ step: 2, waitMs: 0 });
  });

  it('never sends a code twice in one 30 s step: it waits for the next step to begin', () => {
    expect(nextUsableStep(61_000, 2)).toEqual({ step: 3, waitMs: 29_000 });
    expect(nextUsableStep(89_999, 2)).toEqual({ step: 3, waitMs: 1 });
  });
});
