// Okta's Preview release notes feed, as the simulator serves it in place of
// https://help.okta.com/oie/en-us/rss/preview.xml (the address Okta's release notes give). An RSS 2.0 channel of one
// item per weekly release: its title naming the version (weekly numbers from October 2026, "2026.41.0"), its
// pubDate the day it reached Preview orgs. The item's exact words are unconfirmed against the live feed: the reader
// (functions/probe/feed/preview-releases.ts) takes any title holding a version, and the simulator writes one so.
import { DAY_MS } from '../../functions/contract';
import type { Answer } from '../answer';

/** Where the simulator serves the feed: help.okta.com's own path. */
export const RELEASE_NOTES_PATH = '/oie/en-us/rss/preview.xml';

/** The simulated releases, newest first: a version and how many days before now it reached Preview. */
const SIM_PREVIEW_RELEASES = [
  { version: '2026.48.0', daysAgo: 2 },
  { version: '2026.47.0', daysAgo: 9 },
  { version: '2026.46.0', daysAgo: 16 },
] as const;

export function previewReleaseNotes(feedUrl: string, now: number): Answer {
  const items = SIM_PREVIEW_RELEASES.map(({ version, daysAgo }) =>
    [
      '    <item>',
      `      <title>Okta Identity Engine release notes (Preview) ${version}</title>`,
      `      <link>${feedUrl}#${version}</link>`,
      `      <guid isPermaLink="false">oie-preview-${version}</guid>`,
      `      <pubDate>${new Date(now - daysAgo * DAY_MS).toUTCString()}</pubDate>`,
      `      <description>Features and fixes of ${version} for Preview orgs.</description>`,
      '    </item>',
    ].join('\n'),
  );
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0">',
    '  <channel>',
    '    <title>Okta Identity Engine Preview release notes</title>',
    `    <link>${feedUrl}</link>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
  return { kind: 'reply', status: 200, headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' }, body };
}
