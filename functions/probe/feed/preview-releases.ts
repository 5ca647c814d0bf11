// Okta's Preview release notes feed (https://help.okta.com/oie/en-us/rss/preview.xml): which weekly release reached
// Preview orgs when. Read only to name the release a failure in Preview alone started with, so a broken or hostile
// feed costs a name ("release not known: ..."), never the run. The feed is RSS 2.0; the live feed (October 30, 2026)
// titles an item "Okta Identity Engine - Version 2026.44.0. Deployed on October 28, 2026." with a pubDate at midnight
// +0000 of that day (help.okta.com's generator, generate_rss.py). Titles may change: any item whose title holds a
// version ("2026.41.0", the weekly numbers from October 2026; "2026.09.2" before) and whose pubDate reads as a date
// counts, and every other item is skipped.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DAY_MS } from '../../contract';
import { send, type HttpRequest } from '../http';
import { readThroughKept } from '../../cache/read-through';

/** A release as the feed tells it: its version and when it reached Preview orgs (epoch ms). */
interface FeedRelease {
  readonly version: string;
  readonly at: number;
}

type ReleasesRead = { readonly releases: readonly FeedRelease[] } | { readonly unknown: string };

/** A read of the feed as a run keeps it between processes, to read the feed once a day at most. */
export interface KeptReleases {
  readonly url: string;
  readonly readAt: number;
  readonly read: ReleasesRead;
}

/** How long the feed may take to answer: it only names a release. */
export const RELEASE_NOTES_TIMEOUT_MS = 10_000;
/** Releases kept, the newest: enough to name the one a failure began with, and small enough for any store. */
export const KEPT_MAX = 20;
/** How long a read of the feed is kept: release notes change once a release, never within the day. */
export const RELEASES_KEPT_MS = DAY_MS;

/**
 * The live feed's size is unconfirmed; a year of weekly items in its shape is about 140 KB (the simulator's).
 * Anything larger is cut here and not read, and the run is told so.
 */
export const RELEASE_NOTES_MAX_BYTES = 512 * 1024;
/** Items read at most, newest first as the feed lists them. */
const MAX_ITEMS = 200;
/** A version as Okta numbers its releases: year, week or month, build. */
const VERSION = /\b(20\d{2}\.\d{1,2}\.\d{1,2})\b/;

const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  // Entities are never expanded, not even the five of XML itself: a title is matched for a version, never shown.
  processEntities: false,
  htmlEntities: false,
  isArray: (name) => name === 'item',
});

/** The releases an RSS answer names, or why none can be read. Pure, never throws. */
export function parsePreviewReleases(body: string): ReleasesRead {
  const text = body.trim();
  if (!text.startsWith('<')) return { unknown: 'the release notes feed answered something that is not XML' };
  // A document type can declare entities; Okta's feed has none: refused whole, not read around.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { unknown: 'the release notes feed declares a document type' };
  let doc: unknown;
  try {
    // The parser reads past a missing end tag; a feed that is not well-formed is not read around.
    if (XMLValidator.validate(text) !== true) throw new Error('not well-formed');
    doc = xml.parse(text);
  } catch {
    return { unknown: 'the release notes feed is not well-formed XML' };
  }
  const channel = (doc as { rss?: { channel?: unknown } } | undefined)?.rss?.channel;
  const items = (channel as { item?: unknown } | undefined)?.item;
  if (!Array.isArray(items)) return { unknown: 'the release notes feed is no RSS channel of items' };
  const releases = items.slice(0, MAX_ITEMS).flatMap((item: unknown): FeedRelease[] => {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const title = typeof record.title === 'string' ? record.title.slice(0, 500) : '';
    const date = typeof record.pubDate === 'string' ? record.pubDate.slice(0, 100) : '';
    const version = VERSION.exec(title)?.[1];
    const at = Date.parse(date);
    return version !== undefined && Number.isFinite(at) ? [{ version, at }] : [];
  });
  if (releases.length === 0) return { unknown: 'the release notes feed names no release with a date' };
  return { releases };
}

/** The feed read once: its releases, or why not (no answer, an error status, a page cut at its bound). */
export async function fetchPreviewReleases(
  url: string,
  timeoutMs: number,
  dispatcher?: HttpRequest['dispatcher'],
): Promise<ReleasesRead> {
  const outcome = await send({
    ...(dispatcher !== undefined && { dispatcher }),
    method: 'GET',
    url,
    headers: { accept: 'application/rss+xml, application/xml;q=0.9, text/xml;q=0.8' },
    timeoutMs,
    maxBodyBytes: RELEASE_NOTES_MAX_BYTES,
  });
  if (!outcome.ok) return { unknown: `the release notes feed did not answer (${outcome.failure.kind})` };
  const { status, bodyTruncated, body } = outcome.response;
  if (status !== 200) return { unknown: `the release notes feed answered HTTP ${status}` };
  if (bodyTruncated)
    return { unknown: `the release notes feed is larger than ${RELEASE_NOTES_MAX_BYTES / 1024} KB and was not read` };
  return parsePreviewReleases(body);
}

/** A read of the feed with when it was made: releaseOf tells a read older than the failure it names a release for. */
function withReadAt<R extends ReleasesRead>(read: R, readAt: number): R | (R & { readonly readAt: number }) {
  return 'releases' in read ? { ...read, readAt } : read;
}

/** What a Preview run says of the release when the config turned the feed off. */
const RELEASES_OFF = {
  unknown: 'preview.releaseNotesUrl is null, so the release notes are never read',
} as const;

/** What a run keeps of a read: the newest releases only (a kept record may be small, an SSM parameter's 4 KB). */
export function keptReleases(url: string, readAt: number, read: ReleasesRead): KeptReleases {
  const releases = 'releases' in read ? [...read.releases].sort((a, b) => b.at - a.at).slice(0, KEPT_MAX) : undefined;
  return { url, readAt, read: releases === undefined ? read : { releases } };
}

/**
 * A kept read of the feed at `url`, read back as hostile input (a file or a record anyone could have written): every
 * field checked, anything else is none and the feed is read again.
 */
export function keptReleasesOf(value: unknown, url: string): KeptReleases | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kept = value as { url?: unknown; readAt?: unknown; read?: unknown };
  if (kept.url !== url || typeof kept.readAt !== 'number' || typeof kept.read !== 'object' || kept.read === null)
    return undefined;
  const read = kept.read as { releases?: unknown; unknown?: unknown };
  if (typeof read.unknown === 'string' && read.unknown.length <= 300)
    return { url, readAt: kept.readAt, read: { unknown: read.unknown } };
  if (!Array.isArray(read.releases) || read.releases.length > MAX_ITEMS) return undefined;
  const releases = read.releases.filter(
    (r: { version?: unknown; at?: unknown }) =>
      typeof r?.version === 'string' && /^20\d{2}\.\d{1,2}\.\d{1,2}$/.test(r.version) && Number.isFinite(r.at),
  ) as FeedRelease[];
  return { url, readAt: kept.readAt, read: { releases } };
}

/** Where a read of the feed is kept between runs: the Lambda's kept store; the CLI's state folder and its memory. */
interface ReleasesKeeper {
  /** The read kept, as stored (checked here as hostile input); undefined when none. May throw: none then. */
  read(): Promise<unknown>;
  /** Keeps a read; a failure costs one more read of the feed, never the run. */
  write(kept: KeptReleases): Promise<void>;
}

/** The one read of the feed a run makes: `url` within `timeoutMs`. */
type ReadFeed = (url: string, timeoutMs: number) => Promise<ReleasesRead>;

/** The read a run had no time for: told, never kept. */
const NO_TIME = { unknown: 'no time was left in the run to read the release notes' } as const;

/**
 * Okta's Preview releases, the feed read at most once a day, by the Lambda and the CLI alike: the keeper's read
 * (the Lambda's kept store; the CLI's state folder and its memory) is the read-through cache, fresh for a day after
 * it was made; it is read again at once (forceFetch) when it was made before the failure began (`began`: it
 * predates the release it would name) or after `now` (a clock set back). Else the feed is read within the `left` ms
 * the run has, and kept. Never throws.
 */
export async function releasesOnceADay(
  url: string | null,
  at: { readonly now: number; readonly began: number; readonly left: number },
  keeper: ReleasesKeeper,
  readFeed: ReadFeed = fetchPreviewReleases,
): Promise<ReleasesRead | (ReleasesRead & { readonly readAt: number })> {
  if (url === null) return RELEASES_OFF;
  const store = {
    read: async () => {
      const held = keptReleasesOf(await keeper.read(), url);
      return held === undefined ? undefined : { value: held, expiresAt: held.readAt + RELEASES_KEPT_MS };
    },
    write: (kept: KeptReleases) => keeper.write(kept),
  };
  const policy = (held: KeptReleases | undefined) => ({
    forceFetch: held !== undefined && (held.readAt < at.began || held.readAt > at.now),
    keep: (read: ReleasesRead) =>
      read === NO_TIME ? undefined : { value: keptReleases(url, at.now, read), maxAgeMs: RELEASES_KEPT_MS },
  });
  const got = await readThroughKept<ReleasesRead, KeptReleases>(store, at.now, policy, () =>
    at.left < 1_000 ? Promise.resolve(NO_TIME) : readFeed(url, Math.min(RELEASE_NOTES_TIMEOUT_MS, at.left)),
  );
  if (got.fromCache) return withReadAt(got.value.read, got.value.readAt);
  return got.value === NO_TIME ? got.value : withReadAt(got.value, at.now);
}
