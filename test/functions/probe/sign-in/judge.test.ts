// The sign-in journey's judges on Okta's own answers: the Authentication API reference's examples, the
// Direct Authentication guide's, and the sign-in entries of Okta's error catalogue
// (test/data/okta-sign-in-error-catalogue.json).
import { readFileSync } from 'node:fs';
import { CompactEncrypt, exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  judgeAuthn,
  judgeCodeRedirect,
  judgeIdToken,
  judgeUserinfo,
  judgeUserTokens,
} from '../../../../functions/probe/sign-in/judge';
import { judgePasswordExpiry } from '../../../../functions/probe/sign-in/journey';
import { notApplicable, pass, signInError } from '../../../../functions/probe/verdict';
import { answer, NOW } from '../fixtures';

const ORG = 'https://acme.okta.com';
const expectation = { orgUrl: ORG, hasTotpSecret: true };
const link = (href: string) => ({ href, hints: { allow: ['POST'] } });
const user = {
  id: '00ub0oNGTSWTBKOLGLNR',
  passwordChanged: '2015-09-08T20:14:45.000Z',
  profile: { login: 'dade.murphy@example.com' },
};
const envelope = (errorCode: string, errorSummary: string) => ({
  errorCode,
  errorSummary,
  errorLink: errorCode,
  errorId: 'oaeuHRrvMnuRga5UzpKIOhKpQ',
  errorCauses: [],
});
const factor = (id: string, factorType: string, provider: string) => ({
  id,
  factorType,
  provider,
  profile: { credentialId: 'dade.murphy@example.com' },
  _links: { verify: link(`${ORG}/api/v1/authn/factors/${id}/verify`) },
});

describe("judgeAuthn: the Authentication API reference's transactions", () => {
  it('SUCCESS gives the session token', () => {
    const step = judgeAuthn(
      expectation,
      answer(200, {
        expiresAt: '2015-11-03T10:15:57.000Z',
        status: 'SUCCESS',
        sessionToken: '00Fpzf4en68pCXTsMjcX8JPMctzN2Wiw4LDOBL_9pe',
        _embedded: { user },
      }),
    );
    expect(step).toEqual({ kind: 'session', sessionToken: '00Fpzf4en68pCXTsMjcX8JPMctzN2Wiw4LDOBL_9pe' });
  });

  it('MFA_REQUIRED picks the token:software:totp factor among others and follows its verify link', () => {
    const factors = [
      factor('rsalhpMQVYKHZKXZJQEW', 'token', 'RSA'),
      factor('ostfm3hPNYSOIOIVTQWY', 'token:software:totp', 'OKTA'),
      factor('sms193zUBEROPBNZKPPE', 'sms', 'OKTA'),
    ];
    for (const key of ['factors', 'factor']) {
      const step = judgeAuthn(
        expectation,
        answer(200, {
          stateToken: '007ucIX7PATyn94hsHfOLVaXAmOBkKHWnOOLG43bsb',
          status: 'MFA_REQUIRED',
          _embedded: { user, [key]: factors },
        }),
      );
      expect(step).toEqual({
        kind: 'mfa',
        stateToken: '007ucIX7PATyn94hsHfOLVaXAmOBkKHWnOOLG43bsb',
        verifyUrl: `${ORG}/api/v1/authn/factors/ostfm3hPNYSOIOIVTQWY/verify`,
        factor: 'token:software:totp (OKTA)',
        authenticator: 'okta-verify',
      });
    }
  });

  it('reports MFA_FACTOR_UNAVAILABLE when only push is enrolled, or when no TOTP secret was given', () => {
    const pushOnly = answer(200, {
      stateToken: 's1',
      status: 'MFA_REQUIRED',
      _embedded: { user, factors: [factor('opf1', 'push', 'OKTA')] },
    });
    const noPush = judgeAuthn(expectation, pushOnly);
    expect(noPush.kind === 'failed' && noPush.verdict.diagnosis).toMatchObject({
      code: 'MFA_FACTOR_UNAVAILABLE',
      detail: expect.stringContaining('push (OKTA)'),
    });
    const totp = answer(200, {
      stateToken: 's1',
      status: 'MFA_REQUIRED',
      _embedded: { user, factors: [factor('ost1', 'token:software:totp', 'GOOGLE')] },
    });
    const noSecret = judgeAuthn({ orgUrl: ORG, hasTotpSecret: false }, totp);
    expect(noSecret.kind === 'failed' && noSecret.verdict.diagnosis?.code).toBe('MFA_FACTOR_UNAVAILABLE');
  });

  it(
    'with Google Authenticator and Okta Verify both enrolled, answers the one totpAuthenticator names; absent, ' +
      'the first listed',
    () => {
      const both = answer(200, {
        stateToken: 's1',
        status: 'MFA_REQUIRED',
        _embedded: {
          user,
          factors: [
            factor('ostGoogle1', 'token:software:totp', 'GOOGLE'),
            factor('ostOkta1', 'token:software:totp', 'OKTA'),
            factor('opf1', 'push', 'OKTA'),
          ],
        },
      });
      const verifyOf = (totpAuthenticator?: 'google-authenticator' | 'okta-verify') => {
        const step = judgeAuthn({ ...expectation, totpAuthenticator }, both);
        return step.kind === 'mfa' ? step.verifyUrl : step.kind;
      };
      expect(verifyOf('okta-verify')).toBe(`${ORG}/api/v1/authn/factors/ostOkta1/verify`);
      expect(verifyOf('google-authenticator')).toBe(`${ORG}/api/v1/authn/factors/ostGoogle1/verify`);
      expect(verifyOf()).toBe(`${ORG}/api/v1/authn/factors/ostGoogle1/verify`);
      const googleOnly = answer(200, {
        stateToken: 's1',
        status: 'MFA_REQUIRED',
        _embedded: { user, factors: [factor('ostGoogle1', 'token:software:totp', 'GOOGLE')] },
      });
      const missing = judgeAuthn({ ...expectation, totpAuthenticator: 'okta-verify' }, googleOnly);
      expect(missing.kind === 'failed' && missing.verdict.diagnosis).toMatchObject({
        code: 'MFA_FACTOR_UNAVAILABLE',
        detail: expect.stringContaining('none is okta-verify (totpAuthenticator)'),
      });
    },
  );

  it('never follows a link to another host (it would carry the state token away)', () => {
    const elsewhere = answer(200, {
      stateToken: 's1',
      status: 'MFA_REQUIRED',
      _embedded: {
        factors: [
          { ...factor('ost1', 'token:software:totp', 'OKTA'), _links: { verify: link('https://evil.example/verify') } },
        ],
      },
    });
    const step = judgeAuthn(expectation, elsewhere);
    expect(step.kind === 'failed' && step.verdict.diagnosis?.code).toBe('MALFORMED_RESPONSE');
  });

  it('PASSWORD_WARN reports the days left and the skip link', () => {
    const warn = answer(200, {
      stateToken: '007ucIX7PATyn94hsHfOLVaXAmOBkKHWnOOLG43bsb',
      status: 'PASSWORD_WARN',
      _embedded: { user, policy: { expiration: { passwordExpireDays: 5 }, complexity: { minLength: 8 } } },
      _links: {
        next: { name: 'changePassword', href: `${ORG}/api/v1/authn/credentials/change_password` },
        skip: { name: 'skip', href: `${ORG}/api/v1/authn/skip` },
      },
    });
    expect(judgeAuthn(expectation, warn)).toEqual({
      kind: 'warn',
      stateToken: '007ucIX7PATyn94hsHfOLVaXAmOBkKHWnOOLG43bsb',
      skipUrl: `${ORG}/api/v1/authn/skip`,
      days: 5,
    });
  });

  it.each([
    ['PASSWORD_EXPIRED', 'PASSWORD_EXPIRED'],
    ['LOCKED_OUT', 'USER_LOCKED_OUT'],
    ['MFA_ENROLL', 'MFA_ENROLLMENT_REQUIRED'],
    ['MFA_CHALLENGE', 'MFA_FACTOR_UNAVAILABLE'],
    ['RECOVERY', 'UNEXPECTED_RESPONSE'],
  ])('status %s is %s', (status, code) => {
    const step = judgeAuthn(
      expectation,
      answer(200, {
        stateToken: 's1',
        status,
        _links: { next: { name: 'unlock', href: `${ORG}/api/v1/authn/recovery/unlock` } },
      }),
    );
    expect(step.kind === 'failed' && step.verdict.diagnosis).toMatchObject({ code, requestId: 'req-123' });
  });

  it.each([
    ['CONSENT_REQUIRED', 'the user to consent to api:read, api:write for the app "Janky App"'],
    ['ADMIN_CONSENT_REQUIRED', 'an admin to grant api:read, api:write for the app "Janky App"'],
  ])("status %s (the Classic widget's consent screen) is SIGN_IN_CONSENT_REQUIRED naming the app", (status, said) => {
    // The Sign-In Widget's test/unit/helpers/xhr/CONSENT_REQUIRED.js, its app and scopes.
    const step = judgeAuthn(
      expectation,
      answer(200, {
        status,
        stateToken: 'testStateToken',
        _embedded: {
          target: { type: 'APP', name: 'oidc_client', label: 'Janky App', clientId: '8WUqrTzUG9RyJt2C6Gmm' },
          scopes: [{ name: 'api:read', displayName: 'Ability to read protected data' }, { name: 'api:write' }],
          user,
        },
        _links: { next: { name: 'consent', href: `${ORG}/api/v1/authn/consent` } },
      }),
    );
    const diagnosis = step.kind === 'failed' ? step.verdict.diagnosis : null;
    expect(diagnosis?.code).toBe('SIGN_IN_CONSENT_REQUIRED');
    expect(diagnosis?.detail).toContain(said);
  });

  it(
    '401 E0000004 (wrong password, unknown, suspended or deactivated user) is SIGN_IN_REJECTED; 403 E0000068 ' +
      'is TOTP_REJECTED',
    () => {
      const rejected = judgeAuthn(expectation, answer(401, envelope('E0000004', 'Authentication failed')));
      expect(rejected.kind === 'failed' && rejected.verdict.diagnosis).toMatchObject({
        code: 'SIGN_IN_REJECTED',
        httpStatus: 401,
        oktaError: 'E0000004',
      });
      const badCode = judgeAuthn(
        expectation,
        answer(403, {
          ...envelope('E0000068', 'Invalid Passcode/Answer'),
          errorCauses: [{ errorSummary: "Your passcode doesn't match our records. Please try again." }],
        }),
      );
      expect(badCode.kind === 'failed' && badCode.verdict.diagnosis?.code).toBe('TOTP_REJECTED');
    },
  );

  it("a 5xx or a 429 is Okta's, with the request id", () => {
    const down = judgeAuthn(expectation, answer(503, '<html>Service Unavailable</html>'));
    expect(down.kind === 'failed' && down.verdict.diagnosis).toMatchObject({
      code: 'OKTA_SERVER_ERROR',
      requestId: 'req-123',
      httpStatus: 503,
    });
    const limited = judgeAuthn(
      expectation,
      answer(429, envelope('E0000047', 'API call exceeded rate limit due to too many requests.')),
    );
    expect(limited.kind === 'failed' && limited.verdict.diagnosis?.code).toBe('RATE_LIMITED');
  });
});

interface CatalogueFile {
  readonly oauth2: readonly {
    internalErrorCode: string;
    statusCode: number;
    errorCode: string;
    errorDescription: string;
    expect: string;
  }[];
  readonly envelope: readonly { errorCode: string; statusCode: number; errorSummary: string; expect: string }[];
}
const catalogue = JSON.parse(
  readFileSync(new URL('../../../data/okta-sign-in-error-catalogue.json', import.meta.url), 'utf8'),
) as CatalogueFile;

describe("Okta's error catalogue, as the journey meets it", () => {
  it.each(catalogue.oauth2.map((e) => [e.internalErrorCode, e] as const))('%s', (_id, entry) => {
    const res = answer(entry.statusCode, { error: entry.errorCode, error_description: entry.errorDescription });
    const tokens = judgeUserTokens(res);
    expect(tokens.kind === 'failed' && tokens.verdict.diagnosis?.code).toBe(entry.expect);
  });

  it.each(catalogue.envelope.map((e) => [e.errorCode, e] as const))('%s', (_id, entry) => {
    expect(signInError(answer(entry.statusCode, envelope(entry.errorCode, entry.errorSummary)))?.diagnosis?.code).toBe(
      entry.expect,
    );
  });
});

describe('judgeUserTokens: Direct Authentication', () => {
  it("403 mfa_required with an mfa_token asks for the MFA OTP grant (the guide's example)", () => {
    const res = answer(403, {
      error: 'mfa_required',
      error_description: 'Verify with an additional authenticator to complete the sign-in process.',
      mfa_token: 'F5snZpk1UBRKHYR6N7Mh',
    });
    expect(judgeUserTokens(res)).toEqual({ kind: 'mfa', mfaToken: 'F5snZpk1UBRKHYR6N7Mh' });
  });

  it('takes the tokens, and refuses an answer without an ID token', () => {
    expect(
      judgeUserTokens(
        answer(200, {
          token_type: 'Bearer',
          expires_in: 3600,
          access_token: 'at',
          scope: 'openid profile',
          id_token: 'idt',
        }),
      ),
    ).toEqual({ kind: 'tokens', idToken: 'idt', accessToken: 'at' });
    const thin = judgeUserTokens(answer(200, { token_type: 'Bearer', access_token: 'at' }));
    expect(thin.kind === 'failed' && thin.verdict.diagnosis?.code).toBe('MALFORMED_RESPONSE');
  });
});

describe('judgeCodeRedirect', () => {
  const REDIRECT = 'https://portal.acme.example/callback';
  const redirect = (query: string) =>
    answer(302, '', { location: `${REDIRECT}?${query}`, 'set-cookie': 'sid=102abc; Path=/' });

  it('takes the code when the state is ours', () => {
    expect(judgeCodeRedirect({ redirectUri: REDIRECT, state: 'st' }, redirect('code=c0de&state=st'))).toEqual({
      code: 'c0de',
    });
    expect(judgeCodeRedirect({ redirectUri: REDIRECT, state: 'st' }, redirect('code=c0de&state=other'))).toMatchObject({
      verdict: { diagnosis: { code: 'AUTHORIZE_UNEXPECTED' } },
    });
  });

  it('reads "User is not assigned to the client application." from the redirect as USER_NOT_ASSIGNED', () => {
    const verdict = judgeCodeRedirect(
      { redirectUri: REDIRECT, state: 'st' },
      redirect('error=access_denied&error_description=User+is+not+assigned+to+the+client+application.&state=st'),
    );
    expect(verdict).toMatchObject({
      verdict: { diagnosis: { code: 'USER_NOT_ASSIGNED', httpStatus: 302, oktaError: 'access_denied' } },
    });
  });
});

describe('judgeUserinfo', () => {
  it('wants a JSON object with sub', () => {
    expect(judgeUserinfo(answer(200, { sub: '00u1', email: 'a@b.c' }))).toEqual({
      claims: { sub: '00u1', email: 'a@b.c' },
    });
    expect(judgeUserinfo(answer(401, '', { 'www-authenticate': 'Bearer error="invalid_token"' }))).toMatchObject({
      verdict: { diagnosis: { code: 'UNEXPECTED_RESPONSE' } },
    });
  });
});

describe('judgeIdToken', () => {
  const ISSUER = `${ORG}/oauth2/default`;
  let jwks: JSONWebKeySet;
  let sign: (claims: JWTPayload) => Promise<string>;
  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
    sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
  });
  const now = Math.floor(NOW / 1000);
  // Okta's thin ID token of the code flow: no email even with the email scope.
  const thin = {
    sub: '00u1',
    ver: 1,
    iss: ISSUER,
    aud: '0oaPortal',
    iat: now,
    exp: now + 3600,
    jti: 'ID.x',
    amr: ['pwd'],
    idp: '00o1',
    nonce: 'n0nce',
    auth_time: now,
    at_hash: 'h',
  };
  const expected = { issuer: ISSUER, audience: '0oaPortal', nonce: 'n0nce', requiredClaims: ['email'], now: NOW };

  it('passes a token with every required claim', async () => {
    const verdict = await judgeIdToken(expected, await sign({ ...thin, email: 'synthetic.user@acme.example' }), jwks);
    expect(verdict.diagnosis).toBeNull();
  });

  it('reports ID_TOKEN_MISSING_CLAIMS, and says /userinfo has the claim (a thin ID token)', async () => {
    const verdict = await judgeIdToken(expected, await sign(thin), jwks, {
      sub: '00u1',
      email: 'synthetic.user@acme.example',
    });
    expect(verdict.diagnosis).toMatchObject({
      code: 'ID_TOKEN_MISSING_CLAIMS',
      detail: expect.stringMatching(/lacks email; \/userinfo has email: .*Always/),
    });
    expect(verdict.diagnosis?.detail).not.toContain('synthetic.user@acme.example');
  });

  it("reports ID_TOKEN_AUDIENCE_MISMATCH when aud is not the SP's", async () => {
    const verdict = await judgeIdToken(
      { ...expected, requiredClaims: [] },
      await sign({ ...thin, aud: '0oaOtherApp' }),
      jwks,
    );
    expect(verdict.diagnosis).toMatchObject({
      code: 'ID_TOKEN_AUDIENCE_MISMATCH',
      detail: 'aud was 0oaOtherApp, expected 0oaPortal',
    });
  });

  it('reports ID_TOKEN_NONCE_MISMATCH, and the shared codes for iss, exp and signature', async () => {
    expect(
      (await judgeIdToken({ ...expected, requiredClaims: [] }, await sign({ ...thin, nonce: 'other' }), jwks)).diagnosis
        ?.code,
    ).toBe('ID_TOKEN_NONCE_MISMATCH');
    expect(
      (
        await judgeIdToken(
          { ...expected, requiredClaims: [] },
          await sign({ ...thin, iss: `${ORG}/oauth2/ausOther` }),
          jwks,
        )
      ).diagnosis?.code,
    ).toBe('ISSUER_MISMATCH');
    expect(
      (
        await judgeIdToken(
          { ...expected, requiredClaims: [] },
          await sign({ ...thin, exp: now - 600, iat: now - 4200 }),
          jwks,
        )
      ).diagnosis?.code,
    ).toBe('TOKEN_EXPIRED');
    const token = await sign(thin);
    const tampered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect((await judgeIdToken({ ...expected, requiredClaims: [] }, tampered, jwks)).diagnosis?.code).toBe(
      'SIGNATURE_INVALID',
    );
  });

  it('an encrypted ID token (five-part JWE) is no malformed answer: it passes, saying what is still read', async () => {
    const { publicKey } = await generateKeyPair('RSA-OAEP-256');
    const jwe = await new CompactEncrypt(new TextEncoder().encode(await sign(thin)))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' })
      .encrypt(publicKey);
    expect(jwe.split('.')).toHaveLength(5);

    const verdict = await judgeIdToken(expected, jwe, jwks, { sub: '00u1', email: 'synthetic.user@acme.example' });
    expect(verdict.diagnosis).toBeNull();
    expect(verdict.observed).toMatchObject({ idTokenEncrypted: true });
    expect(String(verdict.observed?.idToken)).toMatch(/RSA-OAEP-256, enc A256GCM.*still checked/);
    // The claims the SP needs are still asked of /userinfo.
    expect((await judgeIdToken(expected, jwe, jwks, { sub: '00u1' })).diagnosis?.code).toBe('ID_TOKEN_MISSING_CLAIMS');
  });
});

describe('judgePasswordExpiry', () => {
  const run = (passwordExpiresInDays?: number | null) => ({
    judgement: pass(),
    ...(passwordExpiresInDays !== undefined && { passwordExpiresInDays }),
  });

  it('warns with PASSWORD_EXPIRING and the days left while the journey passes', () => {
    expect(judgePasswordExpiry(run(5)).judgement).toEqual({
      diagnosis: {
        code: 'PASSWORD_EXPIRING',
        requestId: null,
        detail: 'Okta warned that the password expires in 5 day(s)',
      },
      observed: { daysToExpiry: 5 },
    });
    expect(judgePasswordExpiry(run(null)).judgement).toEqual({ diagnosis: null, observed: { daysToExpiry: null } });
    // A journey that passed with no password judged (a passkey alone): nothing to judge, and nothing failed.
    expect(judgePasswordExpiry(run()).judgement).toMatchObject({
      notRun: 'n/a',
      reason: expect.stringMatching(/without a password/),
    });
    // A journey that failed before Okta judged the password: skipped, naming the failure.
    const failed = { judgement: { diagnosis: { code: 'TIMEOUT' as const, requestId: null } } };
    expect(judgePasswordExpiry(failed).judgement).toMatchObject({ notRun: 'skip', reason: 'sign-in failed: TIMEOUT' });
  });

  it(
    "is N/A with the journey's reason while the user's " + 'secret is not configured yet (a skip would fail the run)',
    () => {
      const pending = {
        judgement: notApplicable('not configured yet: secret okta-synthetics/portal still holds the placeholder'),
      };
      expect(judgePasswordExpiry(pending).judgement).toEqual({
        notRun: 'n/a',
        reason: 'not configured yet: secret okta-synthetics/portal still holds the placeholder',
      });
    },
  );
});
