// Reads a status feed into one indicator. status.okta.com has no JSON API (its /api/v2 paths redirect to a
// login page); Okta publishes incidents as a feed (https://feeds.feedburner.com/OktaTrustRSS) with one
// entry per update, titled "<Status> | <Kind> | <Service>". Other status pages may be Atlassian Statuspage,
// whose status.json carries the indicator itself. The format is told apart by the answer, not the URL.
import { XMLParser } from 'fast-xml-parser';
import { STATUS_INDICATOR, type StatusIndicator, DAY_MS } from '../../contract';
import { concernsCell, type OktaCell } from '../../okta-cell';

type StatusFeedResult =
  | {
      ok: true;
      format: 'atom' | 'rss' | 'statuspage';
      indicator: StatusIndicator;
      description: string;
      openIncidents: string[];
      /** An Atom or RSS feed's newest entry (epoch ms), or null when it has none: how long it has been silent. */
      newestAt?: number | null;
    }
  | { ok: false; reason: string };

/** Entries older than this are history, whatever their status: Okta does not always post a "Resolved". */
export const FEED_WINDOW_MS = 7 * DAY_MS;

/** Most open incidents listed in the description. */
const LISTED = 3;

interface FeedEntry {
  readonly title: string;
  readonly at: number;
  /** The title and the entry's own words (summary, content, description), tags stripped: where cells are named. */
  readonly text: string;
}

/**
 * Parses a status answer; never throws. `now` (epoch ms) bounds the 7-day window. With the org's `cell`, an
 * incident counts only when its entries name that cell, every cell, or no cell at all: another cell's outage is
 * not ours.
 */
export function parseStatusFeed(body: string, now: number, cell?: OktaCell): StatusFeedResult {
  try {
    const text = body.trim();
    if (text.startsWith('{')) return parseStatuspage(text);
    if (text.startsWith('<')) return parseXmlFeed(text, now, cell);
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
  return {
    ok: true,
    format: 'statuspage',
    indicator: indicator as StatusIndicator,
    description,
    openIncidents: statuspageIncidents(doc.incidents),
  };
}

/** summary.json lists unresolved incidents; status.json has none. */
function statuspageIncidents(incidents: unknown): string[] {
  if (!Array.isArray(incidents)) return [];
  return incidents.flatMap((incident: { name?: unknown; status?: unknown }) =>
    typeof incident?.name === 'string' && incident.status !== 'resolved' && incident.status !== 'postmortem'
      ? [incident.name]
      : [],
  );
}

// --- Atom and RSS ------------------------------------------------------------------------------------

const xml = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => name === 'entry' || name === 'item',
});

function parseXmlFeed(text: string, now: number, cell: OktaCell | undefined): StatusFeedResult {
  const doc = xml.parse(text) as { feed?: unknown; rss?: { channel?: unknown } };
  if (doc.feed !== undefined) return summarise('atom', entries(doc.feed, 'entry', ['updated', 'published']), now, cell);
  if (doc.rss?.channel !== undefined)
    return summarise('rss', entries(doc.rss.channel, 'item', ['pubDate', 'date', 'updated']), now, cell);
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
  const list =
    typeof container === 'object' && container !== null ? (container as Record<string, unknown>)[tag] : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((node: unknown) => {
    if (typeof node !== 'object' || node === null) return [];
    const record = node as Record<string, unknown>;
    const title = textOf(record.title);
    const at = dateTags.map((name) => Date.parse(textOf(record[name]) ?? '')).find(Number.isFinite);
    const words = ['summary', 'content', 'description']
      .map((name) => textOf(record[name]) ?? '')
      .join(' ')
      .replace(/<[^>]*>/g, ' ');
    return title && at !== undefined ? [{ title, at, text: `${title} ${words}` }] : [];
  });
}

/**
 * Words of a state segment. Third-party readers of Okta's feed describe titles as "<Kind> | <title>" while an
 * incident is open and "Resolved | <Kind> | <title>" once resolved; the simulator and older entries also show
 * "<State> | <Kind> | <title>". Unconfirmed against the live feed, so any of these states may lead.
 */
const STATES: ReadonlySet<string> = new Set([
  'investigating',
  'identified',
  'monitoring',
  'update',
  'updated',
  'in progress',
  'verifying',
  'scheduled',
  'completed',
  'resolved',
  'postmortem',
]);
/** States after which an incident is over: "completed" ends a maintenance, "scheduled" has not begun. */
const CLOSED_STATES: ReadonlySet<string> = new Set(['resolved', 'completed', 'scheduled', 'postmortem']);
/** Kind segments, with the severity each stands for. Only a disruption or an outage is major. */
const KINDS: readonly [RegExp, StatusIndicator][] = [
  [/maintenance/, 'minor'],
  [/major outage|critical/, 'critical'],
  [/disruption|outage/, 'major'],
  [/degradation|degraded|performance|informational|notice|advisory/, 'minor'],
];

interface ParsedTitle {
  /** Lower-case state, '' when the title carries none (the open form of a feed without state words). */
  readonly state: string;
  readonly severity: StatusIndicator;
  /** What stays the same across an incident's entries: the title without its state and kind. */
  readonly key: string;
}

const norm = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** "Resolved | Service Disruption | Okta Verify" → state resolved, severity major, key "okta verify". */
function parseTitle(title: string): ParsedTitle {
  const segments = title
    .split('|')
    .map(norm)
    .filter((part) => part !== '');
  const state = segments.length > 1 && STATES.has(segments[0]!) ? segments.shift()! : '';
  const kind = segments.length > 1 ? KINDS.find(([pattern]) => pattern.test(segments[0]!)) : undefined;
  if (kind !== undefined) segments.shift();
  const key = segments.join(' | ');
  // Without a kind segment, the words of the title itself are all there is to go on.
  const severity = kind?.[1] ?? KINDS.find(([pattern]) => pattern.test(key))?.[1] ?? 'minor';
  return { state, severity, key };
}

/**
 * Okta posts one entry per update: an incident is open when its newest entry is not a closing one. Entries
 * belong to one incident when their titles agree once state and kind are set aside. Not by `<link>` or `<id>`:
 * feeds point every entry at the same status page and give every update its own id, so neither tells
 * incidents apart.
 */
function openIncidents(
  feed: readonly FeedEntry[],
  now: number,
  cell: OktaCell | undefined,
): { entry: FeedEntry; severity: StatusIndicator }[] {
  const newest = new Map<string, { entry: FeedEntry; parsed: ParsedTitle; severity: StatusIndicator }>();
  const texts = new Map<string, string[]>();
  for (const entry of feed) {
    if (entry.at < now - FEED_WINDOW_MS) continue;
    const parsed = parseTitle(entry.title);
    const seen = newest.get(parsed.key);
    texts.set(parsed.key, [...(texts.get(parsed.key) ?? []), entry.text]);
    // The incident's severity is the worst any of its entries showed; its state is the newest entry's.
    const severity =
      seen === undefined || STATUS_INDICATOR[parsed.severity] > STATUS_INDICATOR[seen.severity]
        ? parsed.severity
        : seen.severity;
    newest.set(
      parsed.key,
      seen === undefined || entry.at >= seen.entry.at ? { entry, parsed, severity } : { ...seen, severity },
    );
  }
  return [...newest.values()]
    .filter(({ parsed }) => !CLOSED_STATES.has(parsed.state))
    .filter(({ parsed }) => cell === undefined || concernsCell(texts.get(parsed.key) ?? [], cell))
    .sort((a, b) => b.entry.at - a.entry.at)
    .map(({ entry, severity }) => ({ entry, severity }));
}

function summarise(
  format: 'atom' | 'rss',
  feed: readonly FeedEntry[],
  now: number,
  cell: OktaCell | undefined,
): StatusFeedResult {
  const open = openIncidents(feed, now, cell);
  const indicator = open
    .map((incident) => incident.severity)
    .reduce<StatusIndicator>(
      (worst, next) => (STATUS_INDICATOR[next] > STATUS_INDICATOR[worst] ? next : worst),
      'none',
    );
  const titles = open.map((incident) => incident.entry.title);
  const description =
    titles.length === 0
      ? 'No open incidents in the last 7 days'
      : `${titles.length} open incident${titles.length === 1 ? '' : 's'}: ${titles.slice(0, LISTED).join('; ')}${titles.length > LISTED ? '; …' : ''}`;
  const dated = feed.map((entry) => entry.at).filter((at) => Number.isFinite(at));
  const newestAt = dated.length === 0 ? null : Math.max(...dated);
  return { ok: true, format, indicator, description, openIncidents: titles, newestAt };
}
