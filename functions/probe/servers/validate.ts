// validate (custom AS only): the access token as the API behind the server would judge it (okta/jwt.ts), with
// one refetch of the keys on an unknown kid and the next signing key named once it is published.
import type { JSONWebKeySet } from 'jose';
import { DEFAULTS } from '../../contract';
import type { ServerContext } from '../context';
import { fetchKeys, upcomingKey } from '../okta/keys';
import { encryptedTokenHeader, judgeAccessToken, shown, type AccessTokenExpectation } from '../okta/jwt';
import { findingOf, judged, notApplicable, type Judged, type Verdict } from '../verdict';

/** Validates the token; on an unknown kid refetches the JWKS once (a rotation mid-run must not alarm). */
export async function runValidate(ctx: ServerContext, token: string, jwks: JSONWebKeySet): Promise<Judged> {
  const { server } = ctx;
  const jwe = encryptedTokenHeader(token);
  if (jwe !== undefined) {
    const how = `alg ${shown(jwe.alg)}, enc ${shown((jwe as { enc?: unknown }).enc)}`;
    return judged(
      notApplicable(
        `the access token is encrypted (JWE, ${how}): only the API holding the decryption key can read it; ` +
          `introspect proves it is active`,
        { encrypted: true },
      ),
    );
  }
  const expectation = (): AccessTokenExpectation => ({
    issuer: ctx.endpoints.issuer,
    ...(server.audience !== undefined && { audience: server.audience }),
    scopes: server.scopes,
    requiredClaims: server.requiredClaims,
    clockToleranceSeconds: DEFAULTS.clockToleranceSeconds,
    now: ctx.now(),
  });
  const first = await judgeAccessToken(expectation(), token, jwks);
  if (first.diagnosis?.code !== 'UNKNOWN_SIGNING_KEY') return judged(withUpcomingKey(ctx, first, jwks));

  const refetched = await fetchKeys(ctx);
  if (refetched.jwks === undefined) {
    const why =
      `${first.diagnosis.detail ?? ''}; refetching the JWKS ` + `failed: ${findingOf(refetched)?.code ?? 'unknown'}`;
    return judged({ diagnosis: { ...first.diagnosis, detail: why } }, refetched.outcome);
  }
  const second = withUpcomingKey(ctx, await judgeAccessToken(expectation(), token, refetched.jwks), refetched.jwks);
  return judged({ ...second, observed: { ...second.observed, keysRefetched: true } }, refetched.outcome);
}

/** A passing verdict, with the next signing key named when one has been published but does not sign yet. */
function withUpcomingKey(ctx: ServerContext, verdict: Verdict, jwks: JSONWebKeySet): Verdict {
  const kid = verdict.observed?.kid;
  if (verdict.diagnosis !== null && verdict.diagnosis !== undefined) return verdict;
  if (typeof kid !== 'string') return verdict;
  const upcoming = upcomingKey(ctx, jwks, kid);
  return upcoming === undefined ? verdict : { ...verdict, observed: { ...verdict.observed, ...upcoming } };
}
