// rate-limit: headroom left in the org's rate-limit bucket, read from the /token answer (no request of its
// own). Okta mails a warning once a day per bucket; this alarms within minutes.
import type { HttpResponse } from '../http';
import { headroomPercent, parseRateLimit } from '../rate-limit';
import { failAnswer, failedStep, pass, skip, type Judged, type Judgement } from './verdict';

export interface RateLimitInput {
  readonly token: Judged;
  /** The token answer, error or not (a 429 or 401 carries the headers too); undefined when there was none. */
  readonly response: HttpResponse | undefined;
  readonly warnPercent: number;
}

export function judgeRateLimit({ token, response, warnPercent }: RateLimitInput): Judgement {
  if (response === undefined) return skip(`${failedStep('token', token)}, no answer to read X-Rate-Limit-* from`);
  const rl = parseRateLimit(response.headers, response.receivedAt);
  const headroom = headroomPercent(rl);
  if (headroom === null) return skip('the token answer carried no usable X-Rate-Limit-* headers');
  const resetAt = rl.resetEpochSeconds === null ? null : new Date(rl.resetEpochSeconds * 1000).toISOString();
  const observed = { headroomPercent: Math.round(headroom * 10) / 10, limit: rl.limit, remaining: rl.remaining, resetAt };
  if (headroom >= warnPercent) return pass(observed);
  const detail = `${rl.remaining ?? '?'} of ${rl.limit ?? '?'} requests left (${observed.headroomPercent}%), below ${warnPercent}%; window resets at ${resetAt ?? 'an unknown time'}`;
  return failAnswer('RATE_LIMIT_HEADROOM_LOW', response, detail, observed);
}
