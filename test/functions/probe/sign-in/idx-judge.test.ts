// The "idx" judge on Okta's real IDX answers: the Sign-In Widget's playground mocks in
// test/data/okta-idx-responses.json (their source is in the file). Which form it submits next, with what, and what
// each of Okta's messages means.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { idxOAuthError, nextIdxMove } from '../../../../functions/probe/sign-in/idx-judge';
import type { IdxMove, IdxProgress, IdxSubmit } from '../../../../functions/probe/sign-in/idx-move';
import { answer } from '../fixtures';

interface Recorded {
  readonly status: number;
  readonly body: Record<string, unknown>;
}
const DATA = JSON.parse(readFileSync(new URL('../../../data/okta-idx-responses.json', import.meta.url), 'utf8')) as {
  responses: Record<string, Recorded>;
};
const ORG = 'http://localhost:3000';

function recorded(name: string): Recorded {
  const found = DATA.responses[name];
  if (found === undefined) throw new Error(`no ${name} in okta-idx-responses.json`);
  return found;
}

const fresh: IdxProgress = {
  orgUrl: ORG,
  identified: false,
  passwordSent: false,
  totpSent: false,
  totpSelected: false,
  warned: false,
  hasTotpSecret: true,
};
const afterPassword: IdxProgress = { ...fresh, identified: true, passwordSent: true };

/** The judge's move on a recorded answer, served with its status (or another). */
const move = (
  name: string,
  progress: IdxProgress = fresh,
  status?: number,
  patch?: (body: Record<string, unknown>) => Record<string, unknown>,
): IdxMove => {
  const { status: served, body } = recorded(name);
  return nextIdxMove(
    progress,
    answer(status ?? served, patch === undefined ? body : patch(structuredClone(body))),
    'step',
  );
};
const submitted = (m: IdxMove): IdxSubmit => {
  if (m.kind !== 'submit') throw new Error(`expected a form to submit, got ${JSON.stringify(m)}`);
  return m;
};
const codeOf = (m: IdxMove): string | undefined =>
  m.kind === 'failed' ? (m.verdict.diagnosis?.code ?? undefined) : undefined;

describe('the forms the probe follows', () => {
  it('identify: the username (and nothing secret), the stateHandle sent back as given', () => {
    const m = submitted(move('identify'));
    expect(m).toMatchObject({ step: 'identify', href: `${ORG}/idp/idx/identify`, identifier: true });
    expect(m.secret).toBeUndefined();
    expect(m.body).toEqual({ stateHandle: recorded('identify').body.stateHandle });
  });

  it('identify with the password on the same page: the password goes in credentials.passcode', () => {
    expect(submitted(move('identify-with-password'))).toMatchObject({
      step: 'identify',
      identifier: true,
      secret: { value: 'password', field: 'passcode' },
    });
  });

  it('the password challenge after identify: credentials.passcode at challenge/answer', () => {
    expect(submitted(move('authenticator-verification-password', { ...fresh, identified: true }))).toMatchObject({
      step: 'password',
      href: `${ORG}/idp/idx/challenge/answer`,
      secret: { value: 'password', field: 'passcode' },
    });
  });

  it(
    'select-authenticator-authenticate: the password while it is due, then Google Authenticator; never email, ' +
      'phone or push',
    () => {
      const password = submitted(
        move('authenticator-verification-select-authenticator', { ...fresh, identified: true }),
      );
      expect(password.body.authenticator).toEqual({ id: 'aidwboITrg4b4yAYd0g3', methodType: 'password' });
      const google = submitted(move('authenticator-verification-select-authenticator', afterPassword));
      expect(google).toMatchObject({ step: 'select', label: 'Google Authenticator', href: `${ORG}/idp/idx/challenge` });
      expect(google.body.authenticator).toEqual({ id: 'aut11ceMaP0B0EzMI0g4' });
      expect(google.secret).toBeUndefined();
    },
  );

  it('Okta Verify: its "Enter a code" method (methodType totp), not FastPass or push', () => {
    expect(
      submitted(move('authenticator-verification-select-authenticator-ov-m2', afterPassword)).body.authenticator,
    ).toEqual({ id: 'auteq0lLiL9o1cYoN0g4', methodType: 'totp' });
  });

  it("a push Okta started by itself is never polled: the probe picks Okta Verify's code instead", () => {
    const m = submitted(move('authenticator-verification-okta-verify-push', afterPassword));
    expect(m.href).toBe(`${ORG}/idp/idx/challenge`);
    expect(m.body.authenticator).toEqual({ id: 'auttheidkwh282hv8g3', methodType: 'totp' });
    expect(
      submitted(move('authenticator-verification-data-okta-verify-push-only-without-autochallenge', afterPassword)).body
        .authenticator,
    ).toMatchObject({ methodType: 'totp' });
  });

  it("the code: Google Authenticator's in credentials.passcode, Okta Verify's in credentials.totp", () => {
    const progress = { ...afterPassword, totpSelected: true };
    expect(submitted(move('authenticator-verification-google-authenticator', progress))).toMatchObject({
      step: 'totp',
      secret: { value: 'totp', field: 'passcode' },
      label: 'Google Authenticator',
    });
    expect(submitted(move('authenticator-verification-okta-verify-totp', progress))).toMatchObject({
      step: 'totp',
      secret: { value: 'totp', field: 'totp' },
      label: 'Okta Verify (code)',
    });
  });

  it('successWithInteractionCode: the code to exchange', () => {
    expect(move('success-with-interaction-code', afterPassword)).toEqual({
      kind: 'success',
      interactionCode: 'wIEmWR5rLTsaZcdd14psCsl2RIsNu-zvi_V9MZpW5V8',
    });
  });

  it(
    'keep-me-signed-in after sign-in (post-auth-keep-me-signed-in.json, the remediation okta-auth-js #1612 met): ' +
      'answered "no", so the probe never keeps a session',
    () => {
      const m = submitted(move('post-auth-keep-me-signed-in', { ...afterPassword, totpSent: true }));
      expect(m).toMatchObject({ step: 'skip', href: `${ORG}/idp/idx/keep-me-signed-in` });
      expect(m.secret).toBeUndefined();
      expect(m.body).toEqual({ keepMeSignedIn: false, stateHandle: 'dummy-state-handle' });
      const asked = move('post-auth-keep-me-signed-in', { ...afterPassword, staySignedInAnswered: true });
      expect(codeOf(asked)).toBe('UNEXPECTED_RESPONSE');
    },
  );

  it('an expiry warning is skipped, with the days Okta gave; an optional enrollment is skipped too', () => {
    expect(submitted(move('authenticator-expiry-warning-password', afterPassword))).toMatchObject({
      step: 'skip',
      href: `${ORG}/idp/idx/skip`,
      daysToExpiry: 4,
    });
    expect(submitted(move('authenticator-enroll-select-authenticator-with-skip', afterPassword))).toMatchObject({
      step: 'skip',
      label: 'optional enrollment',
    });
  });
});

describe('the authenticator the seed belongs to (totpAuthenticator)', () => {
  const both = (body: Record<string, unknown>): Record<string, unknown> => {
    // The mock offers Google Authenticator and Okta Verify by FastPass only: Okta Verify's "Enter a code" as a user
    // with both sees it.
    const select = (
      body.remediation as {
        value: {
          name: string;
          value: {
            name: string;
            options: { label: string; value: { form: { value: Record<string, unknown>[] } } }[];
          }[];
        }[];
      }
    ).value.find((f) => f.name === 'select-authenticator-authenticate')!;
    const verify = select.value
      .find((f) => f.name === 'authenticator')!
      .options.find((o) => o.label === 'Okta Verify')!;
    verify.value.form.value = [
      { name: 'id', required: true, value: 'auttheidkwh282hv8g3', mutable: false },
      {
        name: 'methodType',
        type: 'string',
        required: false,
        options: [
          { label: 'Enter a code', value: 'totp' },
          { label: 'Get a push notification', value: 'push' },
        ],
      },
    ];
    return body;
  };

  it(
    'chooses the named one when both are offered; absent, Google Authenticator (on Identity Engine only its ' +
      'enrollment shows the seed)',
    () => {
      expect(
        submitted(
          move(
            'authenticator-verification-select-authenticator',
            { ...afterPassword, totpAuthenticator: 'okta-verify' },
            undefined,
            both,
          ),
        ).body.authenticator,
      ).toEqual({ id: 'auttheidkwh282hv8g3', methodType: 'totp' });
      expect(
        submitted(
          move(
            'authenticator-verification-select-authenticator',
            { ...afterPassword, totpAuthenticator: 'google-authenticator' },
            undefined,
            both,
          ),
        ),
      ).toMatchObject({ label: 'Google Authenticator' });
      expect(
        submitted(move('authenticator-verification-select-authenticator', afterPassword, undefined, both)),
      ).toMatchObject({ label: 'Google Authenticator' });
    },
  );

  it('a choice made by default between both is said, and a code refused after it names the other and the fix', () => {
    expect(
      submitted(move('authenticator-verification-select-authenticator', afterPassword, undefined, both)),
    ).toMatchObject({ label: 'Google Authenticator', otherTotp: 'okta-verify' });
    expect(
      submitted(
        move(
          'authenticator-verification-select-authenticator',
          { ...afterPassword, totpAuthenticator: 'google-authenticator' },
          undefined,
          both,
        ),
      ).otherTotp,
    ).toBeUndefined();
    const guessed = { ...afterPassword, totpSelected: true, totpSent: true, otherTotp: 'okta-verify' as const };
    expect(move('error-authenticator-verification-on-google-otp-invalid-passcode', guessed)).toMatchObject({
      kind: 'failed',
      verdict: {
        diagnosis: {
          code: 'TOTP_REJECTED',
          detail: expect.stringContaining(
            'Okta offered Okta Verify (code) too, and totpAuthenticator names neither: if the seed is Okta ' +
              'Verify (code)\'s, set totpAuthenticator to "okta-verify"',
          ),
        },
      },
    });
    // Another failure after the same choice is not the choice's doing: no word of it.
    expect(JSON.stringify(move('error-authenticator-verification-on-google-otp-used-passcode', guessed))).not.toContain(
      'totpAuthenticator',
    );
  });

  it("never answers the other authenticator's challenge with the seed: MFA_FACTOR_UNAVAILABLE naming both", () => {
    expect(
      move('authenticator-verification-select-authenticator', { ...afterPassword, totpAuthenticator: 'okta-verify' }),
    ).toMatchObject({
      kind: 'failed',
      verdict: {
        diagnosis: {
          code: 'MFA_FACTOR_UNAVAILABLE',
          detail: expect.stringContaining('not Okta Verify (code) (totpAuthenticator)'),
        },
      },
    });
    const progress = { ...afterPassword, totpSelected: true, totpAuthenticator: 'okta-verify' as const };
    expect(move('authenticator-verification-google-authenticator', progress)).toMatchObject({
      kind: 'failed',
      verdict: {
        diagnosis: {
          code: 'MFA_FACTOR_UNAVAILABLE',
          detail: expect.stringContaining("the probe's seed belongs to Okta Verify (code) (totpAuthenticator)"),
        },
      },
    });
    expect(submitted(move('authenticator-verification-okta-verify-totp', progress))).toMatchObject({
      step: 'totp',
      secret: { value: 'totp', field: 'totp' },
    });
  });

  it(
    "the enrollments Okta shows: Google Authenticator's carries the shared secret, Okta Verify's a QR code and " +
      'no seed',
    () => {
      const google = recorded('authenticator-enroll-google-authenticator').body.currentAuthenticator as {
        value: { key: string; contextualData: Record<string, unknown> };
      };
      const verify = recorded('authenticator-enroll-ov-qr').body.currentAuthenticator as {
        value: { key: string; contextualData: Record<string, unknown> };
      };
      expect([google.value.key, typeof google.value.contextualData.sharedSecret]).toEqual(['google_otp', 'string']);
      expect([verify.value.key, Object.keys(verify.value.contextualData).sort()]).toEqual([
        'okta_verify',
        ['qrcode', 'selectedChannel'],
      ]);
      // Neither is followed: enrolling is a person's act, not a probe's.
      expect(codeOf(move('authenticator-enroll-google-authenticator', afterPassword))).toBe('MFA_ENROLLMENT_REQUIRED');
      expect(codeOf(move('authenticator-enroll-ov-qr', afterPassword))).toBe('MFA_ENROLLMENT_REQUIRED');
    },
  );
});

describe('what a probe must never do', () => {
  it('sends the password once: asked again without a message, it stops', () => {
    expect(move('authenticator-verification-password', afterPassword)).toMatchObject({
      kind: 'failed',
      verdict: { diagnosis: { code: 'UNEXPECTED_RESPONSE', detail: expect.stringContaining('password again') } },
    });
  });

  it('never follows a form posting to another host (it would carry the password away)', () => {
    const elsewhere = move('identify-with-password', fresh, undefined, (body) => {
      const remediation = body.remediation as { value: { href: string }[] };
      remediation.value[0]!.href = 'https://attacker.example/idp/idx/identify';
      return body;
    });
    expect(elsewhere).toMatchObject({
      kind: 'failed',
      verdict: {
        diagnosis: { code: 'UNEXPECTED_RESPONSE', detail: expect.stringContaining('https://attacker.example') },
      },
    });
  });

  it('offered only push (Okta Verify without "Enter a code"): MFA_FACTOR_UNAVAILABLE naming what was offered', () => {
    const pushOnly = move('authenticator-verification-select-authenticator-ov-m2', afterPassword, undefined, (body) => {
      const options = (
        body.remediation as {
          value: {
            value: { options: { value: { form: { value: { name: string; options?: { value: string }[] }[] } } }[] }[];
          }[];
        }
      ).value[0]!.value[0]!.options;
      const methodType = options[0]!.value.form.value.find((f) => f.name === 'methodType')!;
      methodType.options = methodType.options!.filter((o) => o.value !== 'totp');
      return body;
    });
    expect(pushOnly).toMatchObject({
      kind: 'failed',
      verdict: {
        diagnosis: {
          code: 'MFA_FACTOR_UNAVAILABLE',
          detail: expect.stringMatching(/push\/signed_nonce|signed_nonce\/push/),
        },
      },
    });
  });

  it.each([
    ['a relative href', '/idp/idx/identify', 'not an absolute URL'],
    ['a malformed href', 'https://[acme.okta.com/idp/idx/identify', 'not an absolute URL'],
    [
      "an href of another scheme on the org's host",
      'https://localhost:3000/idp/idx/identify',
      'https://localhost:3000',
    ],
    ['no href', 42, 'nowhere'],
  ])('answers %s with a diagnosis, never a throw', (_, href, said) => {
    const patched = move('identify-with-password', fresh, undefined, (body) => {
      const remediation = body.remediation as { value: { href: unknown }[] };
      remediation.value[0]!.href = href;
      return body;
    });
    expect(patched).toMatchObject({
      kind: 'failed',
      verdict: { diagnosis: { code: 'UNEXPECTED_RESPONSE', detail: expect.stringContaining(said) } },
    });
  });

  /** The select form's options, to rewrite what an option claims. */
  type Option = {
    label: string;
    value: { form: { value: { name: string; value?: unknown; mutable?: boolean; options?: { value: string }[] }[] } };
  };
  const withOptions = (name: string, progress: IdxProgress, change: (options: Option[]) => void) =>
    move(name, progress, undefined, (body) => {
      change((body.remediation as { value: { value: { options: Option[] }[] }[] }).value[0]!.value[0]!.options);
      return body;
    });

  it(
    "never submits a methodType that is not a code, whatever the ids claim: Google Authenticator's option " +
      'saying sms',
    () => {
      const sms = withOptions('authenticator-verification-select-authenticator', afterPassword, (options) => {
        options
          .find((o) => o.label === 'Google Authenticator')!
          .value.form.value.push({ name: 'methodType', value: 'sms', mutable: false });
      });
      expect(sms).toMatchObject({
        kind: 'failed',
        verdict: { diagnosis: { code: 'MFA_FACTOR_UNAVAILABLE', detail: expect.stringContaining('methodType "sms"') } },
      });
    },
  );

  it(
    'never submits a methodType the option does not offer, ' + 'nor a password option that would send another method',
    () => {
      const notOffered = withOptions(
        'authenticator-verification-select-authenticator-ov-m2',
        afterPassword,
        (options) => {
          const methodType = options[0]!.value.form.value.find((f) => f.name === 'methodType')!;
          methodType.options = [{ value: 'totp' }, { value: 'push' }];
          methodType.mutable = false;
          methodType.value = 'push';
        },
      );
      expect(codeOf(notOffered)).toBe('MFA_FACTOR_UNAVAILABLE');
      const password = withOptions(
        'authenticator-verification-select-authenticator',
        { ...fresh, identified: true },
        (options) => {
          for (const option of options)
            for (const field of option.value.form.value)
              if (field.name === 'methodType' && field.value === 'password') field.value = 'voice';
        },
      );
      expect(password).toMatchObject({
        kind: 'failed',
        verdict: { diagnosis: { code: 'UNEXPECTED_RESPONSE', detail: expect.stringContaining('"voice"') } },
      });
    },
  );

  it('never sends a code to a challenge whose methods are not a code, whatever its key says', () => {
    const sms = move('authenticator-verification-google-authenticator', afterPassword, undefined, (body) => {
      const current = (
        (body.currentAuthenticatorEnrollment ?? body.currentAuthenticator) as { value: { methods?: unknown } }
      ).value;
      current.methods = [{ type: 'sms' }];
      return body;
    });
    expect(codeOf(sms)).toBe('MFA_FACTOR_UNAVAILABLE');
  });

  it('without a TOTP secret, a TOTP authenticator is MFA_FACTOR_UNAVAILABLE, not a guess', () => {
    expect(
      codeOf(move('authenticator-verification-select-authenticator', { ...afterPassword, hasTotpSecret: false })),
    ).toBe('MFA_FACTOR_UNAVAILABLE');
  });
});

describe("Okta's messages, in Okta's words", () => {
  it.each([
    ['error-authenticator-verify-password', afterPassword, 'SIGN_IN_REJECTED', 'incorrectPassword'],
    // Refused at identify, before any password: the username, never a wrong password.
    ['identify-unknown-user', { ...fresh, identified: true }, 'USER_NOT_FOUND', 'errors.E0000004'],
    // The same answer to an identify that carried the password: the password may be what Okta refused.
    [
      'identify-unknown-user',
      { ...fresh, identified: true, passwordSent: true },
      'SIGN_IN_REJECTED',
      'errors.E0000004',
    ],
    [
      'error-authenticator-verification-password-too-many-attempts',
      afterPassword,
      'USER_LOCKED_OUT',
      'authfactor.challenge.suspended_factor',
    ],
    ['error-user-is-not-assigned', fresh, 'USER_NOT_ASSIGNED', 'idx.error.user.not.assigned.to.app'],
    ['error-400-user-not-assigned', fresh, 'USER_NOT_ASSIGNED', 'idx.error.user.not.assigned.to.app'],
    ['error-identify-access-denied', { ...fresh, identified: true }, 'SIGN_IN_NOT_ALLOWED', 'security.access_denied'],
    [
      'error-unable-to-authenticate-user',
      { ...fresh, identified: true },
      'SIGN_IN_NOT_ALLOWED',
      'oie.assurance.unsatisfiable',
    ],
    [
      'error-authenticator-verification-on-google-otp-invalid-passcode',
      afterPassword,
      'TOTP_REJECTED',
      'authfactor.challenge.soft_token.invalid_passcode',
    ],
    [
      'error-authenticator-verification-on-google-otp-used-passcode',
      afterPassword,
      'TOTP_CODE_REUSED',
      'authfactor.challenge.soft_token.used_passcode',
    ],
    ['error-okta-verify-totp', afterPassword, 'TOTP_REJECTED', 'api.authn.error.PASSCODE_INVALID'],
  ] as const)('%s: %s', (name, progress, code, key) => {
    expect(move(name, progress)).toMatchObject({
      kind: 'failed',
      verdict: {
        diagnosis: { code, oktaError: key, requestId: 'req-123', detail: expect.stringContaining('step: "') },
      },
    });
  });

  it(
    "read-only mode: 503 E0000010 in Okta's envelope, or as an IDX message, is OKTA_READ_ONLY_MODE, never a " +
      'server error',
    () => {
      // okta-developer-docs data/error-codes.json: 503, E0000010, "Service is in read only mode".
      const envelope = {
        errorCode: 'E0000010',
        errorSummary: 'Service is in read only mode',
        errorLink: 'E0000010',
        errorId: 'oae1',
        errorCauses: [],
      };
      expect(nextIdxMove(afterPassword, answer(503, envelope), 'password')).toMatchObject({
        kind: 'failed',
        verdict: { diagnosis: { code: 'OKTA_READ_ONLY_MODE', httpStatus: 503, oktaError: 'E0000010' } },
      });
      const ion = {
        version: '1.0.0',
        messages: {
          type: 'array',
          value: [{ message: 'Service is in read only mode', i18n: { key: 'E0000010' }, class: 'ERROR' }],
        },
      };
      expect(nextIdxMove(afterPassword, answer(503, ion), 'password')).toMatchObject({
        kind: 'failed',
        verdict: { diagnosis: { code: 'OKTA_READ_ONLY_MODE', oktaError: 'E0000010' } },
      });
    },
  );

  it(
    'a device assurance grace period (device-assurance-grace-period-one-option.json): continued, with the date ' +
      'it ends',
    () => {
      // The Sign-In Widget's mock, trimmed to what the judge reads: the form, the WARNING with its date, a remediation.
      const grace = {
        version: '1.0.0',
        stateHandle: '01OCl7uy',
        remediation: {
          type: 'array',
          value: [
            {
              rel: ['create-form'],
              name: 'device-assurance-grace-period',
              href: `${ORG}/idp/idx/skip`,
              method: 'POST',
              value: [{ name: 'stateHandle', required: true, value: '01OCl7uy', visible: false, mutable: false }],
              accepts: 'application/json; okta-version=1.0.0',
            },
          ],
        },
        messages: {
          type: 'array',
          value: [
            {
              message:
                "Your device doesn't meet the security requirements. Fix the issue by 09/05/2024, 12:00 AM UTC " +
                'to prevent lockout.',
              i18n: {
                key: 'idx.device_assurance.grace_period.warning.title.due_by_date',
                params: ['2024-09-05T00:00:00.000Z'],
              },
              class: 'WARNING',
            },
            {
              message: 'Update to Android 100',
              i18n: {
                key: 'idx.error.code.access_denied.device_assurance.remediation.android.upgrade_os_version',
                params: ['100'],
              },
              class: 'ERROR',
            },
            {
              message:
                'For more information, follow the instructions on the help page or contact your administrator for help',
              i18n: { key: 'idx.error.code.access_denied.device_assurance.remediation.additional_help_default' },
              class: 'ERROR',
            },
          ],
        },
      };
      const m = submitted(nextIdxMove(afterPassword, answer(200, grace), 'password'));
      expect(m).toMatchObject({
        step: 'skip',
        href: `${ORG}/idp/idx/skip`,
        body: { stateHandle: '01OCl7uy' },
        deviceGrace: { until: '2024-09-05T00:00:00.000Z', asks: ['Update to Android 100'] },
      });
      // Its form posting off the org is never followed, grace or not.
      const elsewhere = structuredClone(grace);
      elsewhere.remediation.value[0]!.href = 'https://evil.example/idp/idx/skip';
      expect(codeOf(nextIdxMove(afterPassword, answer(200, elsewhere), 'password'))).toBe('UNEXPECTED_RESPONSE');
    },
  );

  it('the password expired: reenroll-authenticator is PASSWORD_EXPIRED', () => {
    expect(codeOf(move('authenticator-expired-password', afterPassword))).toBe('PASSWORD_EXPIRED');
  });

  it(
    'an enrollment the policy requires (no skip) is MFA_ENROLLMENT_REQUIRED, naming both TOTP authenticators ' +
      'and which can hold the seed',
    () => {
      const m = move('authenticator-enroll-select-authenticator', afterPassword);
      expect(codeOf(m)).toBe('MFA_ENROLLMENT_REQUIRED');
      const detail = m.kind === 'failed' ? (m.verdict.diagnosis?.detail ?? '') : '';
      expect(detail).toContain('Okta Verify');
      expect(detail).toContain('Google Authenticator');
      expect(detail).toContain("Google Authenticator's enrollment shows the secret the probe needs");
    },
  );

  it(
    'an enrollment offering only a passkey (a phishing-resistant rule) names what the rule demands and the remedy: ' +
      'passkey enroll, and "authenticator": "passkey"',
    () => {
      type Form = { value: { name: string; options?: { relatesTo: string }[] }[] };
      const onlyFido = (body: Record<string, unknown>) => {
        const form = (body.remediation as { value: Form[] }).value[0]!;
        const field = form.value.find((f) => f.name === 'authenticator')!;
        field.options = field.options!.filter((o) => o.relatesTo === '$.authenticators.value[1]');
        return body;
      };
      const m = move('authenticator-enroll-select-authenticator', afterPassword, undefined, onlyFido);
      expect(codeOf(m)).toBe('MFA_ENROLLMENT_REQUIRED');
      const detail = m.kind === 'failed' ? (m.verdict.diagnosis?.detail ?? '') : '';
      expect(detail).toMatch(/rule demands a phishing-resistant authenticator/);
      expect(detail).toContain('`passkey enroll');
      expect(detail).toContain('"authenticator": "passkey"');
      // With a TOTP among the options, no such claim.
      const all = move('authenticator-enroll-select-authenticator', afterPassword);
      expect(all.kind === 'failed' && all.verdict.diagnosis?.detail).not.toMatch(/phishing-resistant/);
    },
  );

  it(
    'an enrollment grace counted in skips (authenticator-enroll-grace-period-login-count-with-skip.json) is ' +
      "skipped once, with each authenticator's skips remaining",
    () => {
      const m = submitted(move('authenticator-enroll-grace-period-login-count-with-skip', afterPassword));
      expect(m).toMatchObject({ step: 'skip', href: `${ORG}/idp/idx/skip` });
      // The password's grace is by date (no type in this mock, only expiry), the others by skips.
      expect(m.enrollGrace).toEqual([
        { name: 'Okta Password', expiry: '2024-12-17T05:00:00.000Z' },
        { name: 'Okta Phone', remainingSkips: 3 },
        { name: 'Security Key or Biometric Authenticator (FIDO2)', remainingSkips: 1 },
      ]);
      // A second optional enrollment in the same run is not skipped again: the run has had its skip.
      expect(
        codeOf(move('authenticator-enroll-grace-period-login-count-with-skip', { ...afterPassword, warned: true })),
      ).toBe('MFA_ENROLLMENT_REQUIRED');
    },
  );

  it('an enrollment grace by date (authenticator-enroll-grace-period-with-skip.json) is read as dates', () => {
    const m = submitted(move('authenticator-enroll-grace-period-with-skip', afterPassword));
    expect(m.enrollGrace?.map((g) => g.expiry)).toEqual([
      '2024-12-17T05:00:00.000Z',
      '2022-12-16T05:00:00.000Z',
      '2022-12-17T05:00:00.000Z',
    ]);
    expect(m.enrollGrace?.every((g) => g.remainingSkips === undefined)).toBe(true);
  });

  it("Okta's fault: E0000009 as served, and any 5xx, with the request id; 429 is RATE_LIMITED", () => {
    expect(move('error-internal-server-error', afterPassword)).toMatchObject({
      kind: 'failed',
      verdict: { diagnosis: { code: 'OKTA_SERVER_ERROR', requestId: 'req-123' } },
    });
    expect(move('error-internal-server-error', afterPassword, 500)).toMatchObject({
      kind: 'failed',
      verdict: {
        diagnosis: {
          code: 'OKTA_SERVER_ERROR',
          httpStatus: 500,
          detail: expect.stringContaining('"Internal Server Error"'),
        },
      },
    });
    expect(codeOf(move('error-429-too-many-request', afterPassword))).toBe('USER_RATE_LIMITED');
  });

  it(
    "a 429 in the user's own sign-in is the per-user limit unless the org's bucket says it is exhausted " +
      '(rl2-limits)',
    () => {
      const { body } = recorded('error-429-too-many-request');
      const at = (headers: Record<string, string>, step = 'totp (Google Authenticator)') =>
        nextIdxMove(afterPassword, answer(429, body, headers), step);
      // No X-Rate-Limit headers, or a bucket with room: the user's 20 per 5 seconds, not the org's.
      expect(at({})).toMatchObject({
        kind: 'failed',
        verdict: {
          diagnosis: { code: 'USER_RATE_LIMITED', detail: expect.stringContaining('without X-Rate-Limit headers') },
        },
      });
      expect(
        at({ 'X-Rate-Limit-Limit': '600', 'X-Rate-Limit-Remaining': '412', 'X-Rate-Limit-Reset': '1700000000' }),
      ).toMatchObject({
        kind: 'failed',
        verdict: { diagnosis: { code: 'USER_RATE_LIMITED', detail: expect.stringContaining('412 of 600 left') } },
      });
      // The org's bucket exhausted, or before the user is known: the org's. Okta's concurrency limit (rl2-monitor:
      // Limit and Remaining "always 0") is neither the user's nor a spent bucket.
      expect(codeOf(at({ 'X-Rate-Limit-Limit': '600', 'X-Rate-Limit-Remaining': '0' }))).toBe('RATE_LIMITED');
      expect(codeOf(at({ 'X-Rate-Limit-Limit': '0', 'X-Rate-Limit-Remaining': '0' }))).toBe('OKTA_CONCURRENCY_LIMITED');
      expect(codeOf(at({}, 'introspect'))).toBe('RATE_LIMITED');
    },
  );

  it(
    'the Interaction Code grant missing (unauthorized_client) or not enabled for the org: ' +
      'INTERACTION_CODE_NOT_ENABLED',
    () => {
      for (const name of ['error-400-unauthorized-client', 'error-feature-not-enabled']) {
        const { status, body } = recorded(name);
        expect(idxOAuthError(answer(status, body), 'interact').diagnosis, name).toMatchObject({
          code: 'INTERACTION_CODE_NOT_ENABLED',
          oktaError: body.error,
          detail: `interact: ${String(body.error_description)}`,
        });
        expect(codeOf(nextIdxMove(fresh, answer(status, body), 'interact')), name).toBe('INTERACTION_CODE_NOT_ENABLED');
      }
    },
  );

  it("Okta's catalogue text of oie_not_enabled_for_interact is the same diagnosis; another OAuth error is not", () => {
    const notEnabled = {
      error: 'access_denied',
      error_description:
        "The requested feature (Interaction Code flow) isn't enabled in this environment. Ensure that you " +
        'have Okta Identity Engine enabled and the Interaction Code flow enabled for this application and ' +
        'authorization server.',
    };
    expect(idxOAuthError(answer(400, notEnabled), 'interact').diagnosis?.code).toBe('INTERACTION_CODE_NOT_ENABLED');
    expect(
      idxOAuthError(
        answer(400, {
          error: 'invalid_scope',
          error_description: 'One or more scopes are not configured for the authorization server resource.',
        }),
        'interact',
      ).diagnosis?.code,
    ).toBe('INVALID_SCOPE');
  });
});

describe("what a real Identity Engine org answers beyond a wrong password, in Okta's words", () => {
  const identified: IdxProgress = { ...fresh, identified: true };
  const detailOf = (m: IdxMove): string => (m.kind === 'failed' ? (m.verdict.diagnosis?.detail ?? '') : '');

  it(
    'idx.error.code.user_not_assigned with a failure redirect is USER_NOT_ASSIGNED, quoting Okta and naming ' +
      'where it redirects',
    () => {
      const m = move('error-with-failure-redirect', identified);
      expect(m).toMatchObject({
        kind: 'failed',
        verdict: {
          diagnosis: { code: 'USER_NOT_ASSIGNED', oktaError: 'idx.error.code.user_not_assigned', httpStatus: 403 },
        },
      });
      expect(detailOf(m)).toContain('"You are not allowed to access this app. To request access, contact an admin."');
      expect(detailOf(m)).toContain('failure redirect to http://localhost:3000/error.html');
      // The redirect's query is never printed (Okta puts the state token in such links).
      expect(detailOf(m)).not.toContain('?key=');
    },
  );

  it(
    "a failure redirect without a message is the app's policy refusing, with where it goes but never its state " +
      'token',
    () => {
      const m = move('failure-redirect-remediation', afterPassword);
      expect(codeOf(m)).toBe('SIGN_IN_NOT_ALLOWED');
      expect(detailOf(m)).toContain('http://localhost:3000/app/UserHome');
      expect(detailOf(m)).not.toContain('mockedStateToken123');
    },
  );

  it(
    "security.access_denied_custom_message quotes the admin's own text and help link, on either answer Okta " +
      'sends it in',
    () => {
      for (const name of [
        'error-identify-access-denied-custom-message',
        'error-custom-access-denied-success-redirect',
      ]) {
        const m = move(name, identified);
        expect(m, name).toMatchObject({
          kind: 'failed',
          verdict: { diagnosis: { code: 'SIGN_IN_NOT_ALLOWED', oktaError: 'security.access_denied_custom_message' } },
        });
        expect(detailOf(m), name).toContain(
          'the admin\'s message "You do not have permission to perform the requested action."',
        );
        expect(detailOf(m), name).toContain('help link https://www.okta.com/');
        expect(detailOf(m), name).not.toContain('page=1');
      }
    },
  );

  it(
    "the admin's text is hostile input: markup, control characters, quotes and length never reach the detail " +
      'as sent',
    () => {
      const hostile =
        `Blocked.\r\n<script>alert("x")</script>\u202eevil ${'A'.repeat(400)} Bearer ` +
        `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln`;
      const m = move('error-identify-access-denied-custom-message', identified, undefined, (body) => {
        (body.messages as { value: { message: string }[] }).value[0]!.message = hostile;
        return body;
      });
      const detail = detailOf(m);
      expect(detail).not.toMatch(/[\r\n\u202e<>]/);
      expect(detail).not.toContain('"x"');
      expect(detail).not.toContain('eyJhbGciOiJSUzI1NiJ9');
      const quoted = /the admin's message "([^"]*)"/.exec(detail)?.[1] ?? '';
      expect(quoted.length).toBeLessThanOrEqual(160);
      expect(quoted.startsWith("Blocked. alert('x') evil AAAA")).toBe(true);
    },
  );

  it.each([
    'end-user-remediation-one-option',
    'end-user-remediation-no-options',
    'end-user-remediation-custom-message-custom-url',
    'end-user-remediation-multiple-options',
  ])("device assurance (%s) is DEVICE_ASSURANCE_DENIED, in Okta's words, with the changes it asks for", (name) => {
    const m = move(name, identified);
    expect(m).toMatchObject({
      kind: 'failed',
      verdict: {
        diagnosis: {
          code: 'DEVICE_ASSURANCE_DENIED',
          oktaError: 'idx.error.code.access_denied.device_assurance.remediation.title',
        },
      },
    });
    expect(detailOf(m)).toContain('"Your device doesn\'t meet the security requirements"');
    expect(detailOf(m)).toContain('exempt the synthetic user');
  });

  it("device assurance names the requirements, an admin's own remediation text among them, never the help text", () => {
    expect(detailOf(move('end-user-remediation-one-option', identified))).toContain(
      '"Update to Android 100"; "Enable lock screen and biometrics"',
    );
    const custom = detailOf(move('end-user-remediation-custom-message-custom-url', identified));
    expect(custom).toContain('"It\'s our company policy that you upgrade your Android OS"');
    expect(custom).not.toContain('For more information');
  });

  it(
    "the network policy's 403: NETWORK_POLICY_BLOCKED without Okta's request id (a proxy answered), " +
      'NETWORK_ZONE_DENIED with it',
    () => {
      const { status, body } = recorded('error-403-proxy-block');
      const proxied = { ...answer(status, body), requestId: null };
      expect(nextIdxMove(fresh, proxied, 'introspect')).toMatchObject({
        kind: 'failed',
        verdict: {
          diagnosis: {
            code: 'NETWORK_POLICY_BLOCKED',
            requestId: null,
            httpStatus: 403,
            detail: expect.stringContaining('introspect: Access denied by network policy (without X-Okta-Request-Id'),
          },
        },
      });
      expect(move('error-403-proxy-block')).toMatchObject({
        kind: 'failed',
        verdict: { diagnosis: { code: 'NETWORK_ZONE_DENIED', requestId: 'req-123' } },
      });
      expect(idxOAuthError(proxied, 'interact').diagnosis?.code).toBe('NETWORK_POLICY_BLOCKED');
    },
  );

  it.each(['identify-with-password-with-recaptcha-v2', 'identify-with-password-with-hcaptcha'])(
    'a CAPTCHA on the identify form (%s) is CAPTCHA_REQUIRED, and nothing is submitted',
    (name) => {
      const m = move(name);
      expect(codeOf(m)).toBe('CAPTCHA_REQUIRED');
      expect(detailOf(m)).toMatch(/the identify form asks for (reCaptcha \(RECAPTCHA_V2\)|hCaptcha \(HCAPTCHA\))/);
    },
  );

  it(
    'only an identity provider to go to (redirect-idp) is IDP_ROUTING_REDIRECT naming it; identify offered ' +
      'beside IdPs is followed',
    () => {
      const m = move('identify-with-only-one-third-party-idp');
      expect(codeOf(m)).toBe('IDP_ROUTING_REDIRECT');
      expect(detailOf(m)).toContain('"Facebook IDP" (FACEBOOK)');
      expect(detailOf(m)).not.toContain('stateToken');
      expect(submitted(move('identify-with-third-party-idps'))).toMatchObject({ step: 'identify', identifier: true });
    },
  );

  it('an identity provider used as an authenticator is MFA the probe cannot answer, not routing', () => {
    const m = move('identify-with-only-one-third-party-idp', afterPassword, undefined, (body) => {
      (body.remediation as { value: Record<string, unknown>[] }).value[0]!.relatesTo = {
        type: 'object',
        value: { key: 'external_idp', id: 'aut1' },
      };
      return body;
    });
    expect(codeOf(m)).toBe('MFA_FACTOR_UNAVAILABLE');
  });

  it.each([
    ['consent-enduser', 'the user to consent to email, phone for the app "Native client"'],
    ['consent-admin', 'an admin to grant okta.clients.manage, okta.authenticators.manage'],
    ['consent-granular', 'the user to consent to openid, custom1, custom2, custom3.custom4.custom5, email, profile'],
  ])('consent (%s) is SIGN_IN_CONSENT_REQUIRED naming the scopes: the probe grants nothing', (name, said) => {
    const m = move(name, afterPassword);
    expect(codeOf(m)).toBe('SIGN_IN_CONSENT_REQUIRED');
    expect(detailOf(m)).toContain(said);
  });

  it('a profile update with a required attribute is PROFILE_UPDATE_REQUIRED naming it: no profile written', () => {
    const m = move('enroll-profile-update-params', afterPassword);
    expect(codeOf(m)).toBe('PROFILE_UPDATE_REQUIRED');
    expect(detailOf(m)).toContain('Okta asks the user for "Some custom attribute 2" (profile-update, required)');
    expect(detailOf(m)).not.toContain('Secondary email');
  });

  it('a profile update of optional attributes alone is skipped, as the Widget offers a person', () => {
    const m = submitted(move('enroll-profile-update-all-optional-params', afterPassword));
    expect(m).toMatchObject({ step: 'skip', href: `${ORG}/idp/idx/skip`, label: 'optional profile update' });
    expect(m.secret).toBeUndefined();
  });

  it('a profile update asked again after its skip is PROFILE_UPDATE_REQUIRED: skipped once a run', () => {
    const m = move('enroll-profile-update-all-optional-params', { ...afterPassword, profileSkipped: true });
    expect(codeOf(m)).toBe('PROFILE_UPDATE_REQUIRED');
    expect(detailOf(m)).toContain('(profile-update, again after its skip)');
  });

  it("tells Okta's attribute labels and unknown form names plain and bounded: hostile input", () => {
    const hostile = '<b>Cost\u0007 center</b>\n'.repeat(20);
    const profile = move('enroll-profile-update-params', afterPassword, undefined, (body) => {
      const remediation = (body.remediation as { value: Record<string, unknown>[] }).value;
      const fields = remediation[0]!.value as { name: string; form?: { value: Record<string, unknown>[] } }[];
      fields[2]!.form!.value[0]!.label = hostile;
      return body;
    });
    expect(detailOf(profile)).not.toMatch(/[<>]|\p{Cc}/u);
    expect(detailOf(profile).length).toBeLessThan(300);
    const unknown = move('enroll-profile-update-params', afterPassword, undefined, (body) => {
      const remediation = (body.remediation as { value: Record<string, unknown>[] }).value;
      body.remediation = {
        type: 'array',
        value: Array.from({ length: 12 }, (_, i) => ({ ...remediation[1], name: `<i>new-form-${i}</i>\r` })),
      };
      return body;
    });
    expect(codeOf(unknown)).toBe('UNEXPECTED_RESPONSE');
    expect(detailOf(unknown)).toContain('new-form-0');
    expect(detailOf(unknown)).toContain(', and 4 more');
    expect(detailOf(unknown)).not.toMatch(/[<>]|\p{Cc}/u);
  });

  it(
    'a suspended factor on a TOTP authenticator is TOTP_SUSPENDED (too many failures), not TOTP_REJECTED (a ' +
      'new secret); on the password it is a lockout',
    () => {
      const onTotp = move(
        'error-authenticator-verification-password-too-many-attempts',
        { ...afterPassword, totpSelected: true, totpSent: true },
        undefined,
        (body) => {
          body.currentAuthenticatorEnrollment = {
            type: 'object',
            value: {
              type: 'app',
              key: 'google_otp',
              id: 'aut11ceMaP0B0EzMI0g4',
              displayName: 'Google Authenticator',
              methods: [{ type: 'otp' }],
            },
          };
          return body;
        },
      );
      expect(onTotp).toMatchObject({
        kind: 'failed',
        verdict: { diagnosis: { code: 'TOTP_SUSPENDED', oktaError: 'authfactor.challenge.suspended_factor' } },
      });
      expect(codeOf(move('error-authenticator-verification-password-too-many-attempts', afterPassword))).toBe(
        'USER_LOCKED_OUT',
      );
    },
  );
});

/**
 * Okta's passkey promotion, in the shape of the widget's authenticator-enroll-passkey-promotion-security-key.json
 * (okta/okta-signin-widget playground/mocks/data/idp/idx, commit ea95f73c): `enroll-authenticator-promotion` posting
 * credentials { clientData, attestation, transports, clientExtensions } to /idp/idx/credential/enroll, and the sibling
 * `skip` the widget shows as "Maybe later" (EnrollWebauthnView.js: "the API always ships a sibling `skip`").
 */
function promotion({ withSkip = true } = {}): Record<string, unknown> {
  const stateHandle = { name: 'stateHandle', required: true, value: '02.id.promo', visible: false, mutable: false };
  const hidden = (name: string) => ({ name, label: name, visible: false, required: true, hint: 'webauthn' });
  const form = (name: string, path: string, value: unknown[]) => ({
    rel: ['create-form'],
    name,
    href: `${ORG}/idp/idx/${path}`,
    method: 'POST',
    value: [...value, stateHandle],
    accepts: 'application/json; okta-version=1.0.0',
  });
  return {
    version: '1.0.0',
    stateHandle: '02.id.promo',
    intent: 'LOGIN',
    remediation: {
      type: 'array',
      value: [
        {
          ...form('enroll-authenticator-promotion', 'credential/enroll', [
            {
              name: 'credentials',
              form: { value: ['clientData', 'attestation', 'transports', 'clientExtensions'].map(hidden) },
            },
          ]),
          relatesTo: ['$.currentAuthenticator'],
        },
        ...(withSkip ? [form('skip', 'skip', [])] : []),
      ],
    },
    currentAuthenticator: {
      type: 'object',
      value: {
        displayName: 'Passkeys',
        key: 'webauthn',
        type: 'security_key',
        id: 'aut156w0bsaxREByP0g4',
        contextualData: {
          activationData: { rp: { name: 'Localhost' }, challenge: 'zrTo0mMXyCt90mweh2HL', attestation: 'direct' },
        },
      },
    },
  };
}

describe("Okta's passkey promotion", () => {
  const signedIn: IdxProgress = { ...afterPassword, totpSelected: true, totpSent: true };

  it('a run answers "Maybe later" (the sibling skip), whatever the journey, and still skips a later warning', () => {
    const m = submitted(nextIdxMove(signedIn, answer(200, promotion()), 'totp'));
    expect(m).toMatchObject({ step: 'skip', href: `${ORG}/idp/idx/skip`, label: expect.stringMatching(/Maybe later/) });
    expect(m.secret).toBeUndefined();
    expect(m.body).toEqual({ stateHandle: '02.id.promo' });
  });

  it('a promotion without its skip is no enrollment the probe makes on a run, and names the promotion', () => {
    const m = nextIdxMove(signedIn, answer(200, promotion({ withSkip: false })), 'totp');
    expect(codeOf(m)).toBe('UNEXPECTED_RESPONSE');
    expect(m.kind === 'failed' && m.verdict.diagnosis?.detail).toMatch(/passkey promotion.*Maybe later/);
  });

  it('`passkey enroll` answers it with the attestation, at once, for the activation Okta gave', () => {
    const m = submitted(nextIdxMove({ ...signedIn, enrollPasskey: true }, answer(200, promotion()), 'totp'));
    expect(m).toMatchObject({
      step: 'enroll',
      href: `${ORG}/idp/idx/credential/enroll`,
      secret: { value: 'attestation' },
      activation: { challenge: 'zrTo0mMXyCt90mweh2HL' },
    });
  });

  it('`passkey enroll` signed in with no offer says what to change: Required for a group, or the promotion', () => {
    const m = nextIdxMove(
      { ...signedIn, enrollPasskey: true },
      answer(200, recorded('success-with-interaction-code').body),
      'totp',
    );
    expect(codeOf(m)).toBe('PASSKEY_ENROLLMENT_NOT_OFFERED');
    const detail = m.kind === 'failed' ? (m.verdict.diagnosis?.detail ?? '') : '';
    expect(detail).toMatch(/only after a required one is enrolled, or through the passkey promotion/);
    expect(detail).toMatch(/Prompt users to enroll a passkey" to skipCount 0 and cooldown BY_SIGN_IN/);
    expect(detail).toMatch(/require Passkeys with no grace period for a group of only the synthetic user/);
    // Whole within what every report keeps of a detail (the scrubber's 500 characters).
    expect(detail.length).toBeLessThanOrEqual(500);
  });
});
