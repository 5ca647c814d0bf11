// rate-limit: headroom left in the org's rate-limit bucket, read from the /token answer (no request of its
// own). Okta mails a warning once a day per bucket; this alarms within minutes.
import type { HttpResponse } from '../http';
import { headroomPercent, parseRateLimit, type RateLimit } from '../rate-limit';
import { failAnswer, failedStep, pass, skip, type Judged, type Judgement } from '../verdict';

interface RateLimitInput {
  readonly token: Judged;
  /** The token answer, error or not (a 429 or 401 carries the headers too); undefined when there was none. */
  readonly response: HttpResponse | undefined;
  readonly warnPercent: number;
}

/**
 * Every combination of X-Rate-Limit-Limit / -Remaining gets a true sentence (a concurrency 429 read
 * "0 of 0 requests left"). Limit 0 is Okta's concurrency 429, not a bucket of size 0: it says nothing of the
 * per-minute bucket, so no headroom is published for it. A concurrency 429 is OKTA_CONCURRENCY_LIMITED, any other 429
 * RATE_LIMITED; a
 * headroom below the threshold on an answer Okta still gave is RATE_LIMIT_HEADROOM_LOW.
 */
export function judgeRateLimit({ token, response, warnPercent }: RateLimitInput): Judgement {
  if (response === undefined) return skip(`${failedStep('token', token)}, no answer to read X-Rate-Limit-* from`);
  const rl = parseRateLimit(response.headers, response.receivedAt);
  const concurrency = rl.limit === 0;
  const headroom = concurrency ? null : headroomPercent(rl);
  const resetAt = rl.resetEpochSeconds === null ? null : new Date(rl.resetEpochSeconds * 1000).toISOString();
  const observed = {
    headroomPercent: headroom === null ? null : Math.round(headroom * 10) / 10,
    limit: rl.limit,
    remaining: rl.remaining,
    resetAt,
  };
  const until =
    resetAt !== null
      ? `; the window resets at ${resetAt}`
      : rl.retryAfterSeconds !== null
        ? `; Retry-After ${rl.retryAfterSeconds} s`
        : '';
  if (response.status === 429)
    return failAnswer(
      concurrency && rl.remaining === 0 ? 'OKTA_CONCURRENCY_LIMITED' : 'RATE_LIMITED',
      response,
      `Okta answered 429: ${refusal(rl)}${until}`,
      observed,
    );
  if (concurrency)
    return skip(
      `the token answer (HTTP ${response.status}) carried X-Rate-Limit-Limit 0, which has no headroom to ` +
        `measure (Okta sends it with a concurrency 429)`,
      observed,
    );
  if (headroom === null) return skip(`the token answer carried ${missingHeaders(rl)}: no headroom to measure`);
  if (headroom >= warnPercent) return pass(observed);
  const left =
    rl.remaining === 0
      ? `none of the ${rl.limit} requests of this window left`
      : `${rl.remaining} of ${rl.limit} requests left`;
  return failAnswer(
    'RATE_LIMIT_HEADROOM_LOW',
    response,
    `${left} (${observed.headroomPercent}%), below ${warnPercent}%${until || '; the reset time was not sent'}`,
    observed,
  );
}

/** Why a 429 came, as far as its headers tell. */
function refusal(rl: RateLimit): string {
  if (rl.limit === 0)
    return (
      'X-Rate-Limit-Limit 0 marks a concurrency limit (too many requests in flight at once on this org), not ' +
      'an exhausted per-minute bucket'
    );
  if (rl.limit === null || rl.remaining === null)
    return `a limit was hit (the answer carried ${missingHeaders(rl)}, so which one is unknown)`;
  if (rl.remaining === 0) return `all ${rl.limit} requests of this /token bucket's window are used`;
  return (
    `${rl.remaining} of ${rl.limit} requests of the bucket are left, so the limit hit is another: this app's ` +
    `share of the bucket (50 % by default) or a concurrency limit`
  );
}

function missingHeaders(rl: RateLimit): string {
  const missing = [rl.limit === null && 'X-Rate-Limit-Limit', rl.remaining === null && 'X-Rate-Limit-Remaining'].filter(
    (name) => name !== false,
  );
  return `no readable ${missing.join(' or ')}`;
}
