// After any flow: the tokens Okta issued judged as the app would judge them (the ID token against the JWKS, after
// /userinfo), then revoked and the Okta session closed, whatever the verdict.
import { decodeJwt, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import type { HttpOutcome } from '../../http';
import { fetchKeys, runKeys } from '../../okta/keys';
import type { IdTokenFacts } from '../app-judge';
import { judgeIdToken, judgeUserinfo, type TokenAnswer } from '../judge';
import { fail, failedStep, failureVerdict, findingOf, pass, type Observed, type Verdict } from '../../verdict';
import type { JourneyKit } from './kit';

/** The ID token as the SP would judge it, after /userinfo (whose claims say what a thin token left out). */
export async function judgeTokens(
  kit: JourneyKit,
  tokens: Extract<TokenAnswer, { kind: 'tokens' }>,
  nonce: string | undefined,
): Promise<Verdict> {
  const { signIn, server } = kit.ctx;
  // Independent of each other: one round trip for both.
  const [userinfo, keys] = await Promise.all([
    kit.send('userinfo', {
      method: 'GET',
      url: server.endpoints.userinfo,
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    }),
    runKeys(server),
  ]);
  const claims = userinfo.ok ? judgeUserinfo(userinfo.response) : { verdict: failureVerdict(userinfo.failure) };
  if (keys.outcome !== undefined) kit.requests += 1;
  if (keys.jwks === undefined)
    return fail(
      findingOf(keys)?.code ?? 'UNEXPECTED_RESPONSE',
      `the JWKS could not be read: ${failedStep('keys', keys)}`,
    );
  if (signIn.app !== undefined) kit.idToken = idTokenFacts(tokens.idToken, tokens.accessToken);
  const expected = (): Parameters<typeof judgeIdToken>[0] => ({
    issuer: server.endpoints.issuer,
    audience: signIn.audience ?? signIn.clientId,
    ...(nonce !== undefined && { nonce }),
    requiredClaims: signIn.requiredClaims,
    now: server.now(),
  });
  const judge = (jwks: JSONWebKeySet): Promise<Verdict> =>
    judgeIdToken(expected(), tokens.idToken, jwks, 'claims' in claims ? claims.claims : undefined);
  let verdict = await judge(keys.jwks);
  // A key rotated in since the JWKS was cached must not fail the journey: fetch it again once.
  if (verdict.diagnosis?.code === 'UNKNOWN_SIGNING_KEY' && keys.outcome === undefined) {
    kit.requests += 1;
    const refetched = await fetchKeys(server);
    if (refetched.jwks !== undefined) verdict = await judge(refetched.jwks);
  }
  if (verdict.diagnosis !== null) return verdict;
  // The token is what the SP reads; /userinfo failing after it is a failure of its own.
  return 'verdict' in claims ? claims.verdict : pass(verdict.observed);
}

/** Revokes the tokens and closes the Okta session the flow opened; never changes the verdict, only reports. */
export async function leaveNothingBehind(
  kit: JourneyKit,
  tokens: Extract<TokenAnswer, { kind: 'tokens' }> | undefined,
): Promise<{ requests: number; observed: Observed }> {
  const { server, orgUrl } = kit.ctx;
  // Its own short timeout: a run's deadline that fired mid-journey must not leave the session open.
  const exchange = kit.ctx.cleanupExchange ?? server.exchange;
  const sends: Promise<HttpOutcome>[] = [];
  for (const token of [tokens?.refreshToken, tokens?.accessToken]) {
    if (token !== undefined)
      sends.push(exchange({ method: 'POST', url: server.endpoints.revoke, ...kit.clientAuth({ token }) }));
  }
  const closing =
    kit.sessionCookie === undefined
      ? undefined
      : exchange({ method: 'DELETE', url: `${orgUrl}/api/v1/sessions/me`, headers: { cookie: kit.sessionCookie } });
  const revoked = await Promise.all(sends);
  const closed = closing === undefined ? undefined : await closing;
  const okay = (o: HttpOutcome): boolean => o.ok && o.response.status < 300;
  return {
    requests: sends.length + (closing === undefined ? 0 : 1),
    observed: {
      tokensRevoked: revoked.length === 0 ? null : revoked.every(okay),
      sessionClosed: closed === undefined ? null : okay(closed),
    },
  };
}

/**
 * The ID token's aud, its claims' names, its times and its key, as the app was given them, and the access token's aud
 * where it is a JWT (an app's API checks it): what the app's refusal is weighed by. Undefined when it cannot be read.
 */
function idTokenFacts(idToken: string | undefined, accessToken?: string): IdTokenFacts | undefined {
  if (idToken === undefined) return undefined;
  try {
    const claims = decodeJwt(idToken);
    const { kid } = decodeProtectedHeader(idToken);
    const accessAud = audOf(accessToken);
    return {
      aud: audOf(idToken) ?? '(none)',
      claims: Object.keys(claims).slice(0, 64),
      ...(typeof claims.sub === 'string' && { sub: claims.sub }),
      ...(typeof claims.iat === 'number' && { iat: claims.iat }),
      ...(typeof claims.nbf === 'number' && { nbf: claims.nbf }),
      ...(typeof claims.exp === 'number' && { exp: claims.exp }),
      ...(typeof kid === 'string' && { kid }),
      ...(accessAud !== undefined && { accessAud }),
    };
  } catch {
    return undefined;
  }
}

/** A JWT's aud, its values joined by spaces; undefined for a token that is not a JWT (the Org server's is opaque). */
function audOf(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  try {
    const { aud } = decodeJwt(token);
    return Array.isArray(aud) ? aud.join(' ') : aud;
  } catch {
    return undefined;
  }
}
