// The "idx" judge on Okta's real IDX answers (issue 28): the Sign-In Widget's playground mocks in
// test/data/okta-idx-responses.json (their source is in the file). Which form it submits next, with what, and what
// each of Okta's messages means.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { idxOAuthError, nextIdxMove, type IdxMove, type IdxProgress, type IdxSubmit } from '../../../../functions/probe/checks/sign-in-idx-judge';
import { answer } from './fixtures';

interface Recorded {
  readonly status: number;
  readonly body: Record<string, unknown>;
}
const DATA = JSON.parse(readFileSync(new URL('../../../data/okta-idx-responses.json', import.meta.url), 'utf8')) as { responses: Record<string, Recorded> };
const ORG = 'http://localhost:3000';

function recorded(name: string): Recorded {
  const found = DATA.responses[name];
  if (found === undefined) throw new Error(`no ${name} in okta-idx-responses.json`);
  return found;
}

const fresh: IdxProgress = { orgUrl: ORG, identified: false, passwordSent: false, totpSent: false, totpSelected: false, warned: false, hasTotpSecret: true };
const afterPassword: IdxProgress = { ...fresh, identified: true, passwordSent: true };

/** The judge's move on a recorded answer, served with its status (or another). */
const move = (name: string, progress: IdxProgress = fresh, status?: number, patch?: (body: Record<string, unknown>) => Record<string, unknown>): IdxMove => {
  const { status: served, body } = recorded(name);
  return nextIdxMove(progress, answer(status ?? served, patch === undefined ? body : patch(structuredClone(body))), 'step');
};
const submitted = (m: IdxMove): IdxSubmit => {
  if (m.kind !== 'submit') throw new Error(`expected a form to submit, got ${JSON.stringify(m)}`);
  return m;
};
const codeOf = (m: IdxMove): string | undefined => (m.kind === 'failed' ? (m.verdict.diagnosis?.code ?? undefined) : undefined);

describe('the forms the probe follows', () => {
  it('identify: the username (and nothing secret), the stateHandle sent back as given', () => {
    const m = submitted(move('identify'));
    expect(m).toMatchObject({ step: 'identify', href: `${ORG}/idp/idx/identify`, identifier: true });
    expect(m.secret).toBeUndefined();
    expect(m.body).toEqual({ stateHandle: recorded('identify').body.stateHandle });
  });

  it('identify with the password on the same page: the password goes in credentials.passcode', () => {
    expect(submitted(move('identify-with-password'))).toMatchObject({ step: 'identify', identifier: true, secret: { value: 'password', field: 'passcode' } });
  });

  it('the password challenge after identify: credentials.passcode at challenge/answer', () => {
    expect(submitted(move('authenticator-verification-password', { ...fresh, identified: true }))).toMatchObject({ step: 'password', href: `${ORG}/idp/idx/challenge/answer`, secret: { value: 'password', field: 'passcode' } });
  });

  it('select-authenticator-authenticate: the password while it is due, then Google Authenticator; never email, phone or push', () => {
    const password = submitted(move('authenticator-verification-select-authenticator', { ...fresh, identified: true }));
    expect(password.body.authenticator).toEqual({ id: 'aidwboITrg4b4yAYd0g3', methodType: 'password' });
    const google = submitted(move('authenticator-verification-select-authenticator', afterPassword));
    expect(google).toMatchObject({ step: 'select', label: 'Google Authenticator', href: `${ORG}/idp/idx/challenge` });
    expect(google.body.authenticator).toEqual({ id: 'aut11ceMaP0B0EzMI0g4' });
    expect(google.secret).toBeUndefined();
  });

  it('Okta Verify: its "Enter a code" method (methodType totp), not FastPass or push', () => {
    expect(submitted(move('authenticator-verification-select-authenticator-ov-m2', afterPassword)).body.authenticator).toEqual({ id: 'auteq0lLiL9o1cYoN0g4', methodType: 'totp' });
  });

  it('a push Okta started by itself is never polled: the probe picks Okta Verify\'s code instead', () => {
    const m = submitted(move('authenticator-verification-okta-verify-push', afterPassword));
    expect(m.href).toBe(`${ORG}/idp/idx/challenge`);
    expect(m.body.authenticator).toEqual({ id: 'auttheidkwh282hv8g3', methodType: 'totp' });
    expect(submitted(move('authenticator-verification-data-okta-verify-push-only-without-autochallenge', afterPassword)).body.authenticator).toMatchObject({ methodType: 'totp' });
  });

  it('the code: Google Authenticator\'s in credentials.passcode, Okta Verify\'s in credentials.totp', () => {
    const progress = { ...afterPassword, totpSelected: true };
    expect(submitted(move('authenticator-verification-google-authenticator', progress))).toMatchObject({ step: 'totp', secret: { value: 'totp', field: 'passcode' }, label: 'Google Authenticator' });
    expect(submitted(move('authenticator-verification-okta-verify-totp', progress))).toMatchObject({ step: 'totp', secret: { value: 'totp', field: 'totp' }, label: 'Okta Verify (code)' });
  });

  it('successWithInteractionCode: the code to exchange', () => {
    expect(move('success-with-interaction-code', afterPassword)).toEqual({ kind: 'success', interactionCode: 'wIEmWR5rLTsaZcdd14psCsl2RIsNu-zvi_V9MZpW5V8' });
  });

  it('an expiry warning is skipped, with the days Okta gave; an optional enrollment is skipped too', () => {
    expect(submitted(move('authenticator-expiry-warning-password', afterPassword))).toMatchObject({ step: 'skip', href: `${ORG}/idp/idx/skip`, daysToExpiry: 4 });
    expect(submitted(move('authenticator-enroll-select-authenticator-with-skip', afterPassword))).toMatchObject({ step: 'skip', label: 'optional enrollment' });
  });
});

describe('what a probe must never do', () => {
  it('sends the password once: asked again without a message, it stops', () => {
    expect(move('authenticator-verification-password', afterPassword)).toMatchObject({ kind: 'failed', verdict: { diagnosis: { code: 'UNEXPECTED_RESPONSE', detail: expect.stringContaining('password again') } } });
  });

  it('never follows a form posting to another host (it would carry the password away)', () => {
    const elsewhere = move('identify-with-password', fresh, undefined, (body) => {
      const remediation = body.remediation as { value: { href: string }[] };
      remediation.value[0]!.href = 'https://attacker.example/idp/idx/identify';
      return body;
    });
    expect(elsewhere).toMatchObject({ kind: 'failed', verdict: { diagnosis: { code: 'UNEXPECTED_RESPONSE', detail: expect.stringContaining('https://attacker.example') } } });
  });

  it('offered only push (Okta Verify without "Enter a code"): MFA_FACTOR_UNAVAILABLE naming what was offered', () => {
    const pushOnly = move('authenticator-verification-select-authenticator-ov-m2', afterPassword, undefined, (body) => {
      const options = ((body.remediation as { value: { value: { options: { value: { form: { value: { name: string; options?: { value: string }[] }[] } } }[] }[] }[] }).value[0]!.value[0]!.options);
      const methodType = options[0]!.value.form.value.find((f) => f.name === 'methodType')!;
      methodType.options = methodType.options!.filter((o) => o.value !== 'totp');
      return body;
    });
    expect(pushOnly).toMatchObject({ kind: 'failed', verdict: { diagnosis: { code: 'MFA_FACTOR_UNAVAILABLE', detail: expect.stringMatching(/push\/signed_nonce|signed_nonce\/push/) } } });
  });

  it.each([
    ['a relative href', '/idp/idx/identify', 'not an absolute URL'],
    ['a malformed href', 'https://[acme.okta.com/idp/idx/identify', 'not an absolute URL'],
    ['an href of another scheme on the org\'s host', 'https://localhost:3000/idp/idx/identify', 'https://localhost:3000'],
    ['no href', 42, 'nowhere'],
  ])('answers %s with a diagnosis, never a throw (issue 38)', (_, href, said) => {
    const patched = move('identify-with-password', fresh, undefined, (body) => {
      const remediation = body.remediation as { value: { href: unknown }[] };
      remediation.value[0]!.href = href;
      return body;
    });
    expect(patched).toMatchObject({ kind: 'failed', verdict: { diagnosis: { code: 'UNEXPECTED_RESPONSE', detail: expect.stringContaining(said) } } });
  });

  /** The select form's options, to rewrite what an option claims. */
  type Option = { label: string; value: { form: { value: { name: string; value?: unknown; mutable?: boolean; options?: { value: string }[] }[] } } };
  const withOptions = (name: string, progress: IdxProgress, change: (options: Option[]) => void) =>
    move(name, progress, undefined, (body) => {
      change((body.remediation as { value: { value: { options: Option[] }[] }[] }).value[0]!.value[0]!.options);
      return body;
    });

  it('never submits a methodType that is not a code, whatever the ids claim: Google Authenticator\'s option saying sms (issue 38)', () => {
    const sms = withOptions('authenticator-verification-select-authenticator', afterPassword, (options) => {
      options.find((o) => o.label === 'Google Authenticator')!.value.form.value.push({ name: 'methodType', value: 'sms', mutable: false });
    });
    expect(sms).toMatchObject({ kind: 'failed', verdict: { diagnosis: { code: 'MFA_FACTOR_UNAVAILABLE', detail: expect.stringContaining('methodType "sms"') } } });
  });

  it('never submits a methodType the option does not offer, nor a password option that would send another method', () => {
    const notOffered = withOptions('authenticator-verification-select-authenticator-ov-m2', afterPassword, (options) => {
      const methodType = options[0]!.value.form.value.find((f) => f.name === 'methodType')!;
      methodType.options = [{ value: 'totp' }, { value: 'push' }];
      methodType.mutable = false;
      methodType.value = 'push';
    });
    expect(codeOf(notOffered)).toBe('MFA_FACTOR_UNAVAILABLE');
    const password = withOptions('authenticator-verification-select-authenticator', { ...fresh, identified: true }, (options) => {
      for (const option of options) for (const field of option.value.form.value) if (field.name === 'methodType' && field.value === 'password') field.value = 'voice';
    });
    expect(password).toMatchObject({ kind: 'failed', verdict: { diagnosis: { code: 'UNEXPECTED_RESPONSE', detail: expect.stringContaining('"voice"') } } });
  });

  it('never sends a code to a challenge whose methods are not a code, whatever its key says', () => {
    const sms = move('authenticator-verification-google-authenticator', afterPassword, undefined, (body) => {
      const current = ((body.currentAuthenticatorEnrollment ?? body.currentAuthenticator) as { value: { methods?: unknown } }).value;
      current.methods = [{ type: 'sms' }];
      return body;
    });
    expect(codeOf(sms)).toBe('MFA_FACTOR_UNAVAILABLE');
  });

  it('without a TOTP secret, a TOTP authenticator is MFA_FACTOR_UNAVAILABLE, not a guess', () => {
    expect(codeOf(move('authenticator-verification-select-authenticator', { ...afterPassword, hasTotpSecret: false }))).toBe('MFA_FACTOR_UNAVAILABLE');
  });
});

describe('Okta\'s messages, in Okta\'s words', () => {
  it.each([
    ['error-authenticator-verify-password', afterPassword, 'SIGN_IN_REJECTED', 'incorrectPassword'],
    ['identify-unknown-user', { ...fresh, identified: true }, 'SIGN_IN_REJECTED', 'errors.E0000004'],
    ['error-authenticator-verification-password-too-many-attempts', afterPassword, 'USER_LOCKED_OUT', 'authfactor.challenge.suspended_factor'],
    ['error-user-is-not-assigned', fresh, 'USER_NOT_ASSIGNED', 'idx.error.user.not.assigned.to.app'],
    ['error-400-user-not-assigned', fresh, 'USER_NOT_ASSIGNED', 'idx.error.user.not.assigned.to.app'],
    ['error-identify-access-denied', { ...fresh, identified: true }, 'SIGN_IN_NOT_ALLOWED', 'security.access_denied'],
    ['error-unable-to-authenticate-user', { ...fresh, identified: true }, 'SIGN_IN_NOT_ALLOWED', 'oie.assurance.unsatisfiable'],
    ['error-authenticator-verification-on-google-otp-invalid-passcode', afterPassword, 'TOTP_REJECTED', 'authfactor.challenge.soft_token.invalid_passcode'],
    ['error-authenticator-verification-on-google-otp-used-passcode', afterPassword, 'TOTP_REJECTED', 'authfactor.challenge.soft_token.used_passcode'],
    ['error-okta-verify-totp', afterPassword, 'TOTP_REJECTED', 'api.authn.error.PASSCODE_INVALID'],
  ] as const)('%s: %s', (name, progress, code, key) => {
    expect(move(name, progress)).toMatchObject({ kind: 'failed', verdict: { diagnosis: { code, oktaError: key, requestId: 'req-123', detail: expect.stringContaining('step: "') } } });
  });

  it('the password expired: reenroll-authenticator is PASSWORD_EXPIRED', () => {
    expect(codeOf(move('authenticator-expired-password', afterPassword))).toBe('PASSWORD_EXPIRED');
  });

  it('an enrollment the policy requires (no skip) is MFA_ENROLLMENT_REQUIRED', () => {
    expect(codeOf(move('authenticator-enroll-select-authenticator', afterPassword))).toBe('MFA_ENROLLMENT_REQUIRED');
  });

  it('Okta\'s fault: E0000009 as served, and any 5xx, with the request id; 429 is RATE_LIMITED', () => {
    expect(move('error-internal-server-error', afterPassword)).toMatchObject({ kind: 'failed', verdict: { diagnosis: { code: 'OKTA_SERVER_ERROR', requestId: 'req-123' } } });
    expect(move('error-internal-server-error', afterPassword, 500)).toMatchObject({ kind: 'failed', verdict: { diagnosis: { code: 'OKTA_SERVER_ERROR', httpStatus: 500, detail: expect.stringContaining('"Internal Server Error"') } } });
    expect(codeOf(move('error-429-too-many-request', afterPassword))).toBe('RATE_LIMITED');
  });

  it('the Interaction Code grant missing (unauthorized_client) or not enabled for the org: INTERACTION_CODE_NOT_ENABLED', () => {
    for (const name of ['error-400-unauthorized-client', 'error-feature-not-enabled']) {
      const { status, body } = recorded(name);
      expect(idxOAuthError(answer(status, body), 'interact').diagnosis, name).toMatchObject({ code: 'INTERACTION_CODE_NOT_ENABLED', oktaError: body.error, detail: `interact: ${String(body.error_description)}` });
      expect(codeOf(nextIdxMove(fresh, answer(status, body), 'interact')), name).toBe('INTERACTION_CODE_NOT_ENABLED');
    }
  });

  it('Okta\'s catalogue text of oie_not_enabled_for_interact is the same diagnosis; another OAuth error is not', () => {
    const notEnabled = { error: 'access_denied', error_description: "The requested feature (Interaction Code flow) isn't enabled in this environment. Ensure that you have Okta Identity Engine enabled and the Interaction Code flow enabled for this application and authorization server." };
    expect(idxOAuthError(answer(400, notEnabled), 'interact').diagnosis?.code).toBe('INTERACTION_CODE_NOT_ENABLED');
    expect(idxOAuthError(answer(400, { error: 'invalid_scope', error_description: 'One or more scopes are not configured for the authorization server resource.' }), 'interact').diagnosis?.code).toBe('INVALID_SCOPE');
  });
});
