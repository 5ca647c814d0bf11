// The Classic Authentication API flow ("authn"): the password at /api/v1/authn, a warning skipped, the run's one
// TOTP code at the factor's verify link, then /authorize with the session token and PKCE, and the code exchanged.
import { MIN_SCRUBBED_COOKIE, type HttpOutcome } from '../../http';
import type { FlowResult, TotpCode } from '../idx';
import { judgeAuthn, judgeCodeRedirect, sessionCookie, type AuthnStep, type TokenAnswer } from '../judge';
import { fail, failureVerdict, type Verdict } from '../../verdict';
import type { PasswordAnswer } from '../guard-outcomes';
import { authorizeRequest, exchangeCode } from './code';
import type { JourneyKit } from './kit';

/** Classic Authentication API, then /authorize with the session token and PKCE, then the code exchange. */
export async function authnFlow(kit: JourneyKit): Promise<FlowResult> {
  const { signIn, orgUrl } = kit.ctx;
  const expectation = {
    orgUrl,
    hasTotpSecret: kit.credential.totpSecret !== undefined,
    totpAuthenticator: signIn.totpAuthenticator,
  };
  const first = await authnPassword(kit, expectation);
  kit.passwordJudged(passwordAnswerOf(first));
  const through = await authnPastPassword(kit, first, expectation);
  if (!('step' in through)) return through;
  const { step } = through;
  if (step.kind === 'failed') return { verdict: step.verdict };
  if (step.kind !== 'session')
    return { verdict: fail('UNEXPECTED_RESPONSE', 'the Authentication API kept asking for more steps') };
  // A session and no warning on the way: the password is not about to expire.
  kit.expiryKnown(null);
  kit.secrets.push(step.sessionToken);
  return authorize(kit, step.sessionToken);
}

/** The one password attempt of this run, and Okta's answer to it. */
async function authnPassword(kit: JourneyKit, expectation: Parameters<typeof judgeAuthn>[0]): Promise<AuthnStep> {
  const { signIn, orgUrl } = kit.ctx;
  const outcome = await kit.send(
    'authn',
    {
      method: 'POST',
      url: `${orgUrl}/api/v1/authn`,
      json: {
        username: signIn.username,
        password: kit.credential.password,
        options: { warnBeforePasswordExpired: true, multiOptionalFactorEnroll: false },
      },
    },
    'password',
  );
  return authnStep(kit, outcome, expectation);
}

/**
 * The steps between the password's answer and a session: an expiry warning skipped, the run's one TOTP code sent.
 * The step they end at (a session, a failure, or a step still asking for more after three); why not, when no code
 * could be sent or MFA was asked again after one.
 */
async function authnPastPassword(
  kit: JourneyKit,
  first: AuthnStep,
  expectation: Parameters<typeof judgeAuthn>[0],
): Promise<{ readonly step: AuthnStep } | Exclude<TotpCode, { code: string }>> {
  let step = first;
  let codeSent = false;
  for (let hops = 0; hops < 3 && (step.kind === 'warn' || step.kind === 'mfa'); hops++) {
    if (step.kind === 'warn') {
      step = await skipWarning(kit, step, expectation);
      continue;
    }
    // One TOTP code a run, as one password: MFA asked again after a code is a policy to look at,
    // never a second code (each rejected one counts towards Okta's lockout after 5 failed MFA attempts).
    if (codeSent)
      return {
        verdict: fail(
          'UNEXPECTED_RESPONSE',
          `Okta asked for MFA again (${step.factor}) after the TOTP code it accepted: the probe sends one ` +
            `code per run; check the sign-on policies for a second factor`,
        ),
      };
    const verified = await verifyTotp(kit, step, expectation);
    if (!('step' in verified)) return verified;
    codeSent = true;
    step = verified.step;
  }
  return { step };
}

/** Okta's password expiry warning, told to password-expiry and skipped; Okta's answer to the skip. */
async function skipWarning(
  kit: JourneyKit,
  step: Extract<AuthnStep, { kind: 'warn' }>,
  expectation: Parameters<typeof judgeAuthn>[0],
): Promise<AuthnStep> {
  // Okta's examples always carry passwordExpireDays; without it the warning still counts, as "today".
  kit.expiryKnown(step.days ?? 0);
  const outcome = await kit.send('authn skip', {
    method: 'POST',
    url: step.skipUrl,
    json: { stateToken: step.stateToken },
  });
  return authnStep(kit, outcome, expectation);
}

/** The run's TOTP code sent for the factor, and Okta's answer; why none was sent when there is no code to send. */
async function verifyTotp(
  kit: JourneyKit,
  step: Extract<AuthnStep, { kind: 'mfa' }>,
  expectation: Parameters<typeof judgeAuthn>[0],
): Promise<{ readonly step: AuthnStep } | Exclude<TotpCode, { code: string }>> {
  const totp = await kit.totp();
  if (!('code' in totp)) return totp;
  const outcome = await kit.send(
    `verify ${step.factor}`,
    { method: 'POST', url: step.verifyUrl, json: { stateToken: step.stateToken, passCode: totp.code } },
    totpName(step.factor),
  );
  const answered = authnStep(kit, outcome, expectation);
  // The code's answer, told to the journey's state: a rejected code is held like a refused password.
  kit.ctx.journey.totpAnswer(
    answered.kind === 'failed' ? { accepted: false, verdict: answered.verdict } : { accepted: true },
  );
  return { step: answered };
}

function authnStep(kit: JourneyKit, outcome: HttpOutcome, expectation: Parameters<typeof judgeAuthn>[0]): AuthnStep {
  if (!outcome.ok) return { kind: 'failed', verdict: failureVerdict(outcome.failure) };
  const step = judgeAuthn(expectation, outcome.response);
  if (step.kind === 'mfa' || step.kind === 'warn') kit.secrets.push(step.stateToken);
  return step;
}

async function authorize(
  kit: JourneyKit,
  sessionToken: string,
): Promise<{ tokens: Extract<TokenAnswer, { kind: 'tokens' }>; nonce: string } | { verdict: Verdict }> {
  const { url, redirectUri, state, nonce, verifier } = authorizeRequest(kit, { sessionToken });
  const outcome = await kit.send('authorize', {
    method: 'GET',
    url: url.toString(),
    headers: { accept: 'text/html' },
  });
  if (!outcome.ok) return { verdict: failureVerdict(outcome.failure) };
  // Classic sets `sid`; Identity Engine, where the Authentication API still answers, sets `idx` instead ("The use
  // of the session ID cookie (sid) isn't supported in Identity Engine": guides/oie-upgrade-sessions-api).
  const session = sessionCookie(outcome.response);
  if (session !== undefined) {
    if (session.value.length >= MIN_SCRUBBED_COOKIE) kit.secrets.push(session.value);
    kit.sessionCookie = `${session.name}=${session.value}`;
    kit.session = { how: session.name === 'sid' ? 'sid (Classic)' : 'idx (Identity Engine)' };
  }
  const redirect = judgeCodeRedirect({ redirectUri, state }, outcome.response);
  if ('verdict' in redirect) return redirect;
  return exchangeCode(kit, redirect.code, { redirectUri, verifier, nonce });
}

/** A Classic TOTP factor ("token:software:totp (GOOGLE)") named as the IDX flow names its authenticator. */
function totpName(factor: string): string {
  const provider = /^token:software:totp \((.*)\)$/.exec(factor)?.[1];
  return provider === 'GOOGLE'
    ? 'Google Authenticator'
    : provider === 'OKTA'
      ? 'Okta Verify (code)'
      : `TOTP code (${provider ?? factor})`;
}

/**
 * The password's answer as the journey's state takes it. At MFA_REQUIRED the password's expiry is not known yet: Okta
 * challenges the factor first, and warns after it, before SUCCESS (the Authentication API reference). It is told when
 * it comes.
 */
function passwordAnswerOf(step: AuthnStep): PasswordAnswer {
  return step.kind === 'failed'
    ? { accepted: false, verdict: step.verdict }
    : step.kind === 'mfa'
      ? { accepted: true }
      : { accepted: true, expiresInDays: step.kind === 'warn' ? (step.days ?? 0) : null };
}
