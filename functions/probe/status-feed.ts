// Reads a status feed into one indicator. status.okta.com has no JSON API (its /api/v2 paths redirect to a
// login page); Okta publishes incidents as a feed (https://feeds.feedburner.com/OktaTrustRSS) with one
// entry per update, titled "<Status> | <Kind> | <Service>". Other status pages may be Atlassian Statuspage,
// whose status.json carries the indicator itself. The format is told apart by the answer, not the URL.
import { XMLParser } from 'fast-xml-parser';
import { STATUS_INDICATOR, type StatusIndicator } from '../contract';

export type StatusFeedResult =
  | { ok: true; format: 'atom' | 'rss' | 'statuspage'; indicator: StatusIndicator; description: string; openIncidents: string[] }
  | { ok: false; reason: string };

/** Entries older than this are history, whatever their status: Okta does not always post a "Resolved". */
export const FEED_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Latest statuses that close an incident. "Completed" ends a maintenance; "Scheduled" has not begun. */
const CLOSED_STATUSES: ReadonlySet<string> = new Set(['resolved', 'completed', 'scheduled']);

/** Most open incidents listed in the description. */
const LISTED = 3;

interface FeedEntry {
  readonly title: string;
  readonly at: number;
}

/** Parses a status answer; never throws. `now` (epoch ms) bounds the 7-day window. */
export function parseStatusFeed(body: string, now: number): StatusFeedResult {
  try {
    const text = body.trim();
    if (text.startsWith('{')) return parseStatuspage(text);
    if (text.startsWith('<')) return parseXmlFeed(text, now);
  } catch {
    // fall through: unreadable
  }
  return { ok: false, reason: 'neither a Statuspage status.json nor an Atom or RSS feed' };
}

// --- Atlassian Statuspage v2 ---------------------------------------------------------------------------

function parseStatuspage(text: string): StatusFeedResult {
  const doc = JSON.parse(text) as { status?: { indicator?: unknown; description?: unknown }; incidents?: unknown };
  const indicator = doc.status?.indicator;
  if (typeof indicator !== 'string' || !Object.hasOwn(STATUS_INDICATOR, indicator)) {
    return { ok: false, reason: 'JSON without a Statuspage status.indicator (none, minor, major or critical)' };
  }
  const description = typeof doc.status?.description === 'string' ? doc.status.description : indicator;
  return { ok: true, format: 'statuspage', indicator: indicator as StatusIndicator, description, openIncidents: statuspageIncidents(doc.incidents) };
}

/** summary.json lists unresolved incidents; status.json has none. */
function statuspageIncidents(incidents: unknown): string[] {
  if (!Array.isArray(incidents)) return [];
  return incidents.flatMap((incident: { name?: unknown; status?: unknown }) =>
    typeof incident?.name === 'string' && incident.status !== 'resolved' && incident.status !== 'postmortem' ? [incident.name] : [],
  );
}

// --- Atom and RSS ------------------------------------------------------------------------------------

const xml = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => name === 'entry' || name === 'item',
});

function parseXmlFeed(text: string, now: number): StatusFeedResult {
  const doc = xml.parse(text) as { feed?: unknown; rss?: { channel?: unknown } };
  if (doc.feed !== undefined) return summarise('atom', entries(doc.feed, 'entry', ['updated', 'published']), now);
  if (doc.rss?.channel !== undefined) return summarise('rss', entries(doc.rss.channel, 'item', ['pubDate', 'date', 'updated']), now);
  return { ok: false, reason: 'XML that is neither an Atom <feed> nor an RSS <rss><channel>' };
}

/** Text of an element that may be a string or an object with attributes (`<title type="text">`). */
function textOf(node: unknown): string | undefined {
  if (typeof node === 'string') return node.trim();
  if (typeof node === 'object' && node !== null && typeof (node as { '#text'?: unknown })['#text'] === 'string') {
    return (node as { '#text': string })['#text'].trim();
  }
  return undefined;
}

/** The feed's entries with a title and a readable date; undated entries cannot be placed in time and are dropped. */
function entries(container: unknown, tag: 'entry' | 'item', dateTags: readonly string[]): FeedEntry[] {
  const list = typeof container === 'object' && container !== null ? (container as Record<string, unknown>)[tag] : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((node: unknown) => {
    if (typeof node !== 'object' || node === null) return [];
    const record = node as Record<string, unknown>;
    const title = textOf(record.title);
    const at = dateTags.map((name) => Date.parse(textOf(record[name]) ?? '')).find(Number.isFinite);
    return title && at !== undefined ? [{ title, at }] : [];
  });
}

/** "Investigating | Service Disruption | Okta Verify" → status "investigating", incident "service disruption | okta verify". */
function splitTitle(title: string): { status: string; incident: string } {
  const [first = '', ...rest] = title.split('|').map((part) => part.trim().replace(/\s+/g, ' '));
  // A title without segments names the incident itself; its status is unknown, so it counts as open.
  return rest.length === 0 ? { status: '', incident: first.toLowerCase() } : { status: first.toLowerCase(), incident: rest.join(' | ').toLowerCase() };
}

/** Okta posts one entry per update: an incident is open when its newest entry's status is not a closing one. */
function openIncidents(feed: readonly FeedEntry[], now: number): FeedEntry[] {
  const newest = new Map<string, FeedEntry>();
  for (const entry of feed) {
    if (entry.at < now - FEED_WINDOW_MS) continue;
    const { incident } = splitTitle(entry.title);
    const seen = newest.get(incident);
    if (!seen || entry.at > seen.at) newest.set(incident, entry);
  }
  return [...newest.values()].filter((entry) => !CLOSED_STATUSES.has(splitTitle(entry.title).status)).sort((a, b) => b.at - a.at);
}

/** Severity of one open incident, from the words Okta uses in its titles. */
function severity(title: string): StatusIndicator {
  const text = title.toLowerCase();
  if (text.includes('major outage') || text.includes('critical')) return 'critical';
  if (text.includes('service disruption') || text.includes('outage')) return 'major';
  return 'minor';
}

function summarise(format: 'atom' | 'rss', feed: readonly FeedEntry[], now: number): StatusFeedResult {
  const open = openIncidents(feed, now);
  const indicator = open
    .map((entry) => severity(entry.title))
    .reduce<StatusIndicator>((worst, next) => (STATUS_INDICATOR[next] > STATUS_INDICATOR[worst] ? next : worst), 'none');
  const titles = open.map((entry) => entry.title);
  const description =
    titles.length === 0
      ? 'No open incidents in the last 7 days'
      : `${titles.length} open incident${titles.length === 1 ? '' : 's'}: ${titles.slice(0, LISTED).join('; ')}${titles.length > LISTED ? '; …' : ''}`;
  return { ok: true, format, indicator, description, openIncidents: titles };
}
