// status: Okta's own status feed, once per run. status.okta.com has no JSON API (its /api/v2 paths redirect
// to a login page); the Atom feed is the source, a Statuspage v2 status.json is accepted for other pages.
import { DAY_MS, STATUS_INDICATOR } from '../../contract';
import type { HttpResponse } from '../http';
import { header } from '../http';
import { parseStatusFeed } from './status-feed';
import { cellName, type OktaCell } from '../../okta-cell';
import type { Exchange } from '../context';
import { errorVerdict, fail, failAnswer, judged, judgeOutcome, pass, type Judged, type Verdict } from '../verdict';

const STATUS_ACCEPT = 'application/atom+xml, application/rss+xml, application/json;q=0.9, */*;q=0.8';

/** The feed's verdict; with the org's cell, another cell's incident is not ours and does not count. */
export function judgeStatus(res: HttpResponse, now: number, cell?: OktaCell): Verdict {
  const error = errorVerdict(res, { endpoint: 'status', orgServer: false });
  if (error !== null) return error;
  if (res.status !== 200) {
    const location = header(res, 'location');
    return failAnswer(
      'UNEXPECTED_RESPONSE',
      res,
      `HTTP ${res.status}${location ? ` to ${location}` : ''}: not a status feed`,
    );
  }
  const feed = parseStatusFeed(res.body, now, cell);
  // A status page, not the org: it never carries Okta's request id, so its answer is read as the feed's own.
  if (!feed.ok) return fail('MALFORMED_RESPONSE', feed.reason);
  const observed = {
    indicator: STATUS_INDICATOR[feed.indicator],
    description: feed.description,
    ...(cell !== undefined && { cell: cellName(cell) }),
  };
  if (feed.indicator === 'none') {
    const silent = staleFor(feed.newestAt, now);
    return silent === undefined
      ? pass(observed)
      : failAnswer(
          'STATUS_FEED_STALE',
          res,
          `the feed's newest entry is ${silent}; Okta posts incidents and maintenance across its cells every ` +
            'few weeks, so this feed may no longer be the one Okta keeps',
          observed,
        );
  }
  const detail = feed.openIncidents.length > 0 ? `open: ${feed.openIncidents.join('; ')}` : feed.description;
  return failAnswer('OKTA_STATUS_DEGRADED', res, detail, observed);
}

/**
 * Whether the feed is too quiet to trust. Since April 10, 2025 Okta's incident subscriptions live at status.okta.com,
 * per cell, after signing in (support.okta.com "Not Receiving Email Notifications for Trust Incidents"); no Okta
 * source read here says whether the FeedBurner feed is still kept. Okta posts an incident or a maintenance somewhere
 * every few weeks, so a feed silent for STALE_DAYS is read as possibly abandoned: a warning naming statusPageUrl,
 * never "all clear". A Statuspage status.json says its own state and is never stale by this rule.
 */
function staleFor(newestAt: number | null | undefined, now: number): string | undefined {
  if (newestAt === undefined) return undefined;
  if (newestAt === null) return 'missing (the feed lists no entry at all)';
  const days = Math.floor((now - newestAt) / DAY_MS);
  return days >= STALE_DAYS ? `${days} days old (${new Date(newestAt).toISOString().slice(0, 10)})` : undefined;
}

/** A feed silent this long is not trusted to speak of an incident. */
export const STALE_DAYS = 60;

export async function runStatus(exchange: Exchange, url: string, now: () => number, cell?: OktaCell): Promise<Judged> {
  const outcome = await exchange({ method: 'GET', url, headers: { accept: STATUS_ACCEPT } });
  return judged(
    judgeOutcome(outcome, (res) => judgeStatus(res, now(), cell)),
    outcome,
  );
}
