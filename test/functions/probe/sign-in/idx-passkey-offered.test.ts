// A passkey journey ("authenticator": "passkey") answers a passkey or fails: where Okta offered none, it names what
// Okta offered instead, and never signs in with a TOTP code its secret may still hold (a green on the old path).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nextIdxMove } from '../../../../functions/probe/sign-in/idx-judge';
import type { IdxMove, IdxProgress } from '../../../../functions/probe/sign-in/idx-move';
import { answer } from '../fixtures';

type Body = Record<string, unknown>;
const DATA = JSON.parse(readFileSync(new URL('../../../data/okta-idx-responses.json', import.meta.url), 'utf8')) as {
  responses: Record<string, { readonly status: number; readonly body: Body }>;
};
const body = (name: string): Body => structuredClone(DATA.responses[name]?.body ?? {});

/** After the password, with a seed in the secret, and a passkey. */
const passkeyJourney: IdxProgress = {
  orgUrl: 'http://localhost:3000',
  identified: true,
  passwordSent: true,
  totpSent: false,
  totpSelected: false,
  warned: false,
  hasTotpSecret: true,
  passkey: { credentialId: 'cred-1', accepted: undefined },
};

/** The select form's options, without the passkey ones (Security Key or Biometric): a policy that takes no passkey. */
function withoutWebauthn(answerBody: Body): Body {
  const remediation = answerBody.remediation as { value: { name: string; value: { options?: unknown[] }[] }[] };
  for (const form of remediation.value)
    for (const field of form.value)
      if (Array.isArray(field.options))
        field.options = field.options.filter((o) => !JSON.stringify(o).includes('webauthn'));
  return answerBody;
}

const failure = (move: IdxMove): { code: string | undefined; detail: string } => {
  if (move.kind !== 'failed') throw new Error(`expected a failure, got ${JSON.stringify(move).slice(0, 300)}`);
  return { code: move.verdict.diagnosis?.code, detail: move.verdict.diagnosis?.detail ?? '' };
};

describe('a passkey journey', () => {
  it('chooses the passkey where Okta offers it beside TOTP', () => {
    const move = nextIdxMove(passkeyJourney, answer(200, body('authenticator-verification-select-authenticator')), 's');
    expect(move.kind).toBe('submit');
    expect(JSON.stringify(move)).toContain('passkey');
  });

  it('fails where Okta offered no passkey, naming what it offered, never the TOTP its seed could answer', () => {
    const offered = withoutWebauthn(body('authenticator-verification-select-authenticator'));
    const { code, detail } = failure(nextIdxMove(passkeyJourney, answer(200, offered), 's'));
    expect(code).toBe('PASSKEY_NOT_OFFERED');
    expect(detail).toContain('Google Authenticator');
    expect(detail).toContain('no TOTP code stands in for it');
  });

  it("fails where Okta challenged a TOTP authenticator by itself, rather than answering Okta's code", () => {
    const { code, detail } = failure(
      nextIdxMove(passkeyJourney, answer(200, body('authenticator-verification-google-authenticator')), 's'),
    );
    expect(code).toBe('PASSKEY_NOT_OFFERED');
    expect(detail).toContain('Google Authenticator');
  });

  it('leaves a TOTP journey as it was: it answers Google Authenticator', () => {
    const { passkey: _, ...totpJourney } = passkeyJourney;
    const offered = withoutWebauthn(body('authenticator-verification-select-authenticator'));
    expect(nextIdxMove(totpJourney, answer(200, offered), 's').kind).toBe('submit');
  });
});
