// Identity Engine Direct Authentication ("direct"): the password grant at /token, then the MFA OTP grant with the
// run's one TOTP code when Okta asks (okta-developer-docs guides/configure-direct-auth-grants).
import type { FlowResult } from '../idx';
import { fail } from '../../verdict';
import type { JourneyKit } from './kit';

/** The Direct Authentication MFA OTP grant (Okta's guide "Configure Direct Authentication"). */
export const MFA_OTP_GRANT = 'http://auth0.com/oauth/grant-type/mfa-otp';

/** Identity Engine Direct Authentication: the password grant, then the MFA OTP grant when Okta asks. */
export async function directFlow(kit: JourneyKit): Promise<FlowResult> {
  const { signIn } = kit.ctx;
  // The one password attempt of this run.
  const first = await kit.token(
    'token (password)',
    {
      grant_type: 'password',
      username: signIn.username,
      password: kit.credential.password,
      scope: signIn.scopes.join(' '),
    },
    'password',
  );
  // Direct Authentication tells nothing of the password's expiry: only the journey's state hears of the answer.
  kit.passwordJudged(first.kind === 'failed' ? { accepted: false, verdict: first.verdict } : { accepted: true });
  if (first.kind === 'tokens') return { tokens: first };
  if (first.kind === 'failed') return { verdict: first.verdict };
  kit.secrets.push(first.mfaToken);
  if (kit.credential.totpSecret === undefined) {
    return {
      verdict: fail(
        'MFA_FACTOR_UNAVAILABLE',
        'Okta answered mfa_required, but the probe was given no TOTP secret (totpSecretEnv, or ' +
          '"totpSecret" in the secret)',
      ),
    };
  }
  const totp = await kit.totp();
  if (!('code' in totp)) return totp;
  const second = await kit.token(
    'token (mfa-otp)',
    { grant_type: MFA_OTP_GRANT, mfa_token: first.mfaToken, otp: totp.code, scope: signIn.scopes.join(' ') },
    'TOTP code',
  );
  const verdict =
    second.kind === 'tokens'
      ? undefined
      : second.kind === 'failed'
        ? second.verdict
        : fail('UNEXPECTED_RESPONSE', 'Okta asked for MFA again after a TOTP code');
  kit.ctx.journey.totpAnswer(verdict === undefined ? { accepted: true } : { accepted: false, verdict });
  return second.kind === 'tokens' ? { tokens: second } : { verdict: verdict ?? fail('UNEXPECTED_RESPONSE') };
}
