// The "idx" judge on an org with Flexible Okta Verify (early access in Preview orgs since August 2026): Okta Verify
// split into three authenticators, one per method, keyed as okta-developer-docs concepts/mfa lists them
// (okta_verify_totp: app, totp; okta_verify_push: app, push; okta_verify_fastpass: app, signed_nonce). Okta's guide
// (guides/authenticators-okta-verify) says the split "doesn't change how Okta Verify works for your end users": the
// seed is the same, so a journey with Okta Verify's seed must follow it, and FastPass alone stays phishing-resistant.
import { describe, expect, it } from 'vitest';
import { nextIdxMove } from '../../../../functions/probe/sign-in/idx-judge';
import type { IdxMove, IdxProgress } from '../../../../functions/probe/sign-in/idx-move';
import { answer } from '../fixtures';

const ORG = 'http://localhost:3000';
const progress: IdxProgress = {
  orgUrl: ORG,
  identified: true,
  passwordSent: true,
  totpSent: false,
  totpSelected: false,
  warned: false,
  hasTotpSecret: true,
  totpAuthenticator: 'okta-verify',
};
const IDS = { okta_verify_totp: 'autTotp1', okta_verify_push: 'autPush1', okta_verify_fastpass: 'autFast1' } as const;
const METHOD = { okta_verify_totp: 'totp', okta_verify_push: 'push', okta_verify_fastpass: 'signed_nonce' } as const;
type SplitKey = keyof typeof IDS;

const authenticator = (key: SplitKey) => ({
  type: 'app',
  key,
  id: IDS[key],
  displayName: 'Okta Verify',
  methods: [{ type: METHOD[key] }],
});
const field = (name: string, value: string) => ({ name, value, required: name === 'id', mutable: false });
const stateHandle = field('stateHandle', '02abc');

/** select-authenticator-authenticate offering the split keys (with or without a fixed methodType per option). */
function selectBody(keys: readonly SplitKey[], withMethodType = true): Record<string, unknown> {
  const options = keys.map((key, at) => ({
    label: 'Okta Verify',
    value: {
      form: {
        value: [field('id', IDS[key]), ...(withMethodType ? [field('methodType', METHOD[key])] : [])],
      },
    },
    relatesTo: `$.authenticators.value[${at}]`,
  }));
  const form = {
    rel: ['create-form'],
    name: 'select-authenticator-authenticate',
    href: `${ORG}/idp/idx/challenge`,
    method: 'POST',
    value: [{ name: 'authenticator', type: 'object', options }, stateHandle],
    accepts: 'application/json; okta-version=1.0.0',
  };
  return {
    version: '1.0.0',
    stateHandle: '02abc',
    remediation: { type: 'array', value: [form] },
    authenticators: { type: 'array', value: keys.map(authenticator) },
  };
}

const move = (body: Record<string, unknown>, at: IdxProgress = progress): IdxMove =>
  nextIdxMove(at, answer(200, body), 'step');

describe('Flexible Okta Verify: the per-method keys of concepts/mfa', () => {
  it("selects okta_verify_totp by its fixed methodType totp for Okta Verify's seed, never push or FastPass", () => {
    const m = move(selectBody(['okta_verify_fastpass', 'okta_verify_push', 'okta_verify_totp']));
    expect(m).toMatchObject({ kind: 'submit', step: 'select', label: 'Okta Verify (code)' });
    expect(m.kind === 'submit' && m.body.authenticator).toEqual({ id: IDS.okta_verify_totp, methodType: 'totp' });
  });

  it('selects okta_verify_totp offered by its id alone, its method read from the authenticator it relates to', () => {
    const m = move(selectBody(['okta_verify_push', 'okta_verify_totp'], false));
    expect(m).toMatchObject({ kind: 'submit', step: 'select' });
    expect(m.kind === 'submit' && m.body.authenticator).toEqual({ id: IDS.okta_verify_totp });
  });

  /** A challenge of `key` as the current authenticator, its `methods` listed or left out. */
  const challengeBody = (key: SplitKey, withMethods = true) => {
    const challenge = {
      rel: ['create-form'],
      name: 'challenge-authenticator',
      href: `${ORG}/idp/idx/challenge/answer`,
      method: 'POST',
      relatesTo: ['$.currentAuthenticator'],
      value: [{ name: 'credentials', type: 'object', form: { value: [{ name: 'totp' }] } }, stateHandle],
    };
    const { methods, ...rest } = authenticator(key);
    return {
      version: '1.0.0',
      remediation: { type: 'array', value: [challenge] },
      currentAuthenticator: { type: 'object', value: withMethods ? { ...rest, methods } : rest },
    };
  };

  it("never sends a code to okta_verify_push's or okta_verify_fastpass's challenge listed without methods", () => {
    for (const key of ['okta_verify_push', 'okta_verify_fastpass'] as const) {
      const m = move(challengeBody(key, false), { ...progress, totpSelected: true });
      expect(m.kind, key).toBe('failed');
    }
    expect(move(challengeBody('okta_verify_totp', false), { ...progress, totpSelected: true })).toMatchObject({
      kind: 'submit',
      step: 'totp',
    });
  });

  it("answers okta_verify_totp's challenge with the code, in credentials.totp", () => {
    const body = challengeBody('okta_verify_totp');
    expect(move(body, { ...progress, totpSelected: true })).toMatchObject({
      kind: 'submit',
      step: 'totp',
      secret: { value: 'totp', field: 'totp' },
      label: 'Okta Verify (code)',
    });
  });

  it('okta_verify_fastpass alone is a phishing-resistant policy: PHISHING_RESISTANCE_REQUIRED', () => {
    expect(move(selectBody(['okta_verify_fastpass']))).toMatchObject({
      kind: 'failed',
      verdict: { diagnosis: { code: 'PHISHING_RESISTANCE_REQUIRED' } },
    });
  });

  it('okta_verify_push alone is no code: MFA_FACTOR_UNAVAILABLE, nothing sent', () => {
    expect(move(selectBody(['okta_verify_push']))).toMatchObject({
      kind: 'failed',
      verdict: { diagnosis: { code: 'MFA_FACTOR_UNAVAILABLE' } },
    });
  });

  it('an enrollment offering okta_verify_fastpass alone, by its id, names the phishing-resistant remedy', () => {
    const body = selectBody(['okta_verify_fastpass'], false);
    const form = (body.remediation as { value: Record<string, unknown>[] }).value[0]!;
    form.name = 'select-authenticator-enroll';
    const m = move(body);
    expect(m).toMatchObject({ kind: 'failed', verdict: { diagnosis: { code: 'MFA_ENROLLMENT_REQUIRED' } } });
    expect(m.kind === 'failed' && m.verdict.diagnosis?.detail).toContain('phishing-resistant');
  });
});
