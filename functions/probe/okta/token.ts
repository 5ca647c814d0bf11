// token: a client_credentials grant (RFC 6749 §4.4) with the server's client authentication.
// Never retried: a probe must not multiply its own requests, least of all against a rate-limited bucket.
// After a 429 the back-off is remembered (with a cache) so the next runs send nothing until it ends.
import { authenticateClient } from '../client-auth';
import type { HttpResponse } from '../http';
import { parseJsonBody } from '../http';
import { parseRateLimit } from '../rate-limit';
import { authMethodOf, type ServerContext } from '../context';
import { errorVerdict, fail, failAnswer, jsonObject, judgeOutcome, pass, type Judged, type Verdict } from '../verdict';
import { keepWarm, readWarm, WARM } from '../warm-state';
import type { AuthMethod } from '../../types';

interface TokenExpectation {
  readonly orgServer: boolean;
  readonly authMethod?: AuthMethod;
}

interface TokenVerdict extends Verdict {
  /** Held in memory for validate and introspect only; never observed, logged or reported. */
  readonly accessToken?: string;
}

export interface TokenRun extends Judged {
  readonly accessToken?: string;
  /** Okta's answer, error or not: rate-limit headers and Date are read from it. */
  readonly response?: HttpResponse;
}

/** Back-off when a 429 names no end: Okta's rate-limit windows are about a minute. */
export const DEFAULT_BACK_OFF_MS = 60_000;

export function judgeTokenResponse(expected: TokenExpectation, res: HttpResponse): TokenVerdict {
  const error = errorVerdict(res, { endpoint: 'token', ...expected });
  if (error?.diagnosis?.code === 'RATE_LIMITED') {
    return { diagnosis: { ...error.diagnosis, detail: `back off until ${new Date(backOffUntil(res)).toISOString()}` } };
  }
  if (error !== null) return error;
  if (res.status !== 200) return failAnswer('UNEXPECTED_RESPONSE', res, `HTTP ${res.status}, expected 200`);
  const body = jsonObject(parseJsonBody(res));
  if (body === undefined) return failAnswer('MALFORMED_RESPONSE', res, 'token response is not a JSON object');
  const { access_token: accessToken, token_type: tokenType, expires_in: expiresIn, scope } = body;
  if (typeof accessToken !== 'string' || accessToken === '')
    return failAnswer('MALFORMED_RESPONSE', res, 'no access_token in the token response');
  // RFC 6749 §5.1: token_type is case-insensitive.
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    return failAnswer('MALFORMED_RESPONSE', res, `token_type was ${String(tokenType)}, expected Bearer`);
  }
  return {
    ...pass({
      expiresIn: typeof expiresIn === 'number' ? expiresIn : null,
      scope: typeof scope === 'string' ? scope : null,
    }),
    accessToken,
  };
}

/** When a rate-limited client may try again, epoch ms: the later of X-Rate-Limit-Reset and Retry-After. */
export function backOffUntil(res: HttpResponse): number {
  const rl = parseRateLimit(res.headers, res.receivedAt);
  const candidates = [
    rl.resetEpochSeconds === null ? null : rl.resetEpochSeconds * 1000,
    rl.retryAfterSeconds === null ? null : res.receivedAt + rl.retryAfterSeconds * 1000,
  ].filter((at): at is number => at !== null && at > res.receivedAt);
  return candidates.length > 0 ? Math.max(...candidates) : res.receivedAt + DEFAULT_BACK_OFF_MS;
}

export async function runToken(ctx: ServerContext): Promise<TokenRun> {
  const server = ctx.server;
  const backingOff = readWarm(ctx.cache, WARM.tokenBackOff, ctx.now(), ctx.endpoints.token);
  if (backingOff !== undefined) {
    return { judgement: fail('RATE_LIMITED', `backing off until ${new Date(backingOff).toISOString()}`) };
  }
  const auth = await authenticateClient({
    clientId: server.clientId,
    credential: ctx.credential,
    audience: ctx.endpoints.token,
    keyId: server.keyId,
    now: ctx.now(),
  });
  if (!auth.ok) return { judgement: fail(auth.code, auth.detail) };

  const outcome = await ctx.exchange({
    method: 'POST',
    url: ctx.endpoints.token,
    headers: { ...auth.auth.headers },
    form: { grant_type: 'client_credentials', scope: server.scopes.join(' '), ...auth.auth.form },
  });
  const verdict: TokenVerdict = judgeOutcome(outcome, (res) =>
    judgeTokenResponse({ orgServer: ctx.orgServer, authMethod: authMethodOf(ctx) }, res),
  );
  if (!outcome.ok) return { judgement: verdict, outcome };
  if (verdict.diagnosis?.code === 'RATE_LIMITED') {
    const until = backOffUntil(outcome.response);
    keepWarm(ctx.cache, WARM.tokenBackOff, until, until, ctx.endpoints.token);
  }
  // The token stays out of the judgement: it is handed only to the checks that read it.
  const { accessToken, ...judgement } = verdict;
  return accessToken === undefined
    ? { judgement, outcome, response: outcome.response }
    : { judgement, outcome, response: outcome.response, accessToken, secrets: [accessToken] };
}
