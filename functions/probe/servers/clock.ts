// clock: Okta's Date header against the local clock (no request of its own). More than a few minutes of
// skew breaks token validation downstream (Okta's own verifiers allow two minutes); half a minute breaks TOTP codes.
import { CLOCK_FIX, clockSkewSeconds } from '../clock';
import type { HttpResponse } from '../http';
import { failAnswer, pass, skip, type Judgement } from '../verdict';

interface ClockInput {
  /** The server's answers, the token answer first: the first with a usable Date is used. */
  readonly responses: readonly HttpResponse[];
  readonly warnSeconds: number;
}

export function judgeClock({ responses, warnSeconds }: ClockInput): Judgement {
  for (const res of responses) {
    const skew = clockSkewSeconds(res.headers['date'], res.receivedAt);
    if (skew === null) continue;
    const observed = { skewSeconds: skew };
    if (Math.abs(skew) <= warnSeconds) return pass(observed);
    const detail =
      `Okta's Date is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} the local clock (limit ±${warnSeconds} ` +
      `s): ${CLOCK_FIX}`;
    return failAnswer('CLOCK_SKEW', res, detail, observed);
  }
  return skip('no answer from this server with a usable Date header');
}
