// A group's manners with Okta's rate limits: every answer's X-Rate-Limit-* headers read per bucket, as the
// inventory reads them (inventory/read.ts); once a bucket falls below SAML_GROUP.reservePercent of its limit, or
// answers 429, the group sends it nothing more this run and leaves the apps that need it for the next: the rest of
// the bucket is the org's own users'. Okta's buckets are per endpoint template: every app's SSO URL
// (/app/{app}/{key}/sso/saml, 750 a minute for the org) is one bucket, however many apps there are.
import { SAML_GROUP } from '../../../contract';
import type { HttpResponse } from '../../http';
import { bucketLeft, headroomPercent, parseRateLimit, untilReset } from '../../rate-limit';

/** The buckets a group's requests count in. */
export type GroupBucket = 'sso' | 'metadata' | 'management';

const BUCKET_PATHS: Readonly<Record<GroupBucket, string>> = {
  sso: '/app/{app}/{key}/sso/saml',
  metadata: '/app/{key}/sso/saml/metadata',
  management: '/api/v1/apps',
};

export class Buckets {
  /** Buckets this run no longer asks, each with why. */
  private readonly held = new Map<GroupBucket, string>();

  /** `identityEngine`: the session is Identity Engine's, whose per-user limit a 429 with room may be. */
  constructor(private readonly identityEngine = false) {}

  /** Why the bucket is not asked any more this run; undefined while it may be. */
  heldBecause(bucket: GroupBucket): string | undefined {
    return this.held.get(bucket);
  }

  /** Reads an answer's headers: a 429 or a headroom below the reserve holds the bucket for the rest of the run. */
  note(bucket: GroupBucket, res: HttpResponse): void {
    const rl = parseRateLimit(res.headers, res.receivedAt);
    const headroom = headroomPercent(rl);
    if (res.status === 429 && this.identityEngine && bucket === 'sso' && rl.remaining !== 0 && rl.limit !== 0) {
      // The org's bucket reports itself spent (Remaining 0, or Limit 0 for concurrency); a 429 whose headers show room,
      // or carry none, on a request in the user's session is Identity Engine's per-user limit (rl2-limits): the user's,
      // not the bucket's, and the apps wait for the next run rather than add to it.
      const room =
        rl.remaining === null
          ? 'without X-Rate-Limit headers'
          : `while the org's bucket had ${rl.remaining} of ${rl.limit ?? '?'} left`;
      this.hold(
        bucket,
        `Okta answered 429 on ${BUCKET_PATHS[bucket]} (request ${res.requestId ?? 'without an id'}) ${room}: ` +
          `Identity Engine's per-user limit of the journey's user, not the org's bucket; the group sends ` +
          `nothing more in the session this run`,
      );
      return;
    }
    if (res.status === 429) {
      this.hold(
        bucket,
        `Okta answered 429 on ${BUCKET_PATHS[bucket]} (request ${res.requestId ?? 'without an id'}): the ` +
          `group sends it nothing more until ${untilReset(rl)}`,
      );
      return;
    }
    if (headroom !== null && headroom < SAML_GROUP.reservePercent) {
      this.hold(
        bucket,
        `${bucketLeft(BUCKET_PATHS[bucket], rl)}: the group sends it nothing more this run, leaving the rest ` +
          `to the org's own users`,
      );
    }
  }

  private hold(bucket: GroupBucket, why: string): void {
    if (!this.held.has(bucket)) this.held.set(bucket, why);
  }
}
