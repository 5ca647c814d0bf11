// Okta's Preview release notes feed, as the simulator serves it in place of
// https://help.okta.com/oie/en-us/rss/preview.xml, in the shape help.okta.com's feeds have (its generator
// docs-dita-infodev/scripts/generate_rss.py; the Identity Engine Preview feed of October 30, 2026 and the Workflows
// feed, https://help.okta.com/wf/en-us/rss/production.xml): an RSS 2.0 channel with an atom:link to itself, one item a
// release titled "Okta Identity Engine - Version 2026.44.0. Deployed on October 28, 2026.", its description a CDATA
// list of links to the release's sections and features, a sha1 guid, and a pubDate at midnight +0000 of the day
// deployed: a date, not the hour the release reached a given Preview org. Versions are weekly from October 2026
// ("2026.10.0 will become 2026.41.0, where 41 indicates the week of the year", developer.okta.com's notice),
// year.month.n before (n counted here by the week of the month; Okta's own n skips weeks: 2026.09.2 on
// September 30). How many items the live feed keeps is unconfirmed: the simulator serves a year of weekly releases,
// about 140 KB, so the reader meets a feed of many items, never a page of three.
import { createHash } from 'node:crypto';
import { DAY_MS } from '../../functions/contract';
import type { Answer } from '../answer';

/** Where the simulator serves the feed: help.okta.com's own path. */
export const RELEASE_NOTES_PATH = '/oie/en-us/rss/preview.xml';

/** Releases the feed lists: a year of weekly ones. */
const RELEASES = 52;
/** The first release numbered by its week (2026.41.0, deployed on Wednesday, October 7, 2026). */
const WEEKLY_FROM = Date.UTC(2026, 9, 7);
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
/** Sections and features of a release, as the live feed's description lists them (its words, not its features). */
const SECTIONS = [
  ['rn-ga-features', 'Generally Available Features', 6],
  ['rn-ea-features', 'Early Access Features', 3],
  ['rn-fixes', 'Fixes', 1],
] as const;

/** Midnight UTC of the newest Wednesday at or before `now`, the day Okta deploys a Preview release. */
const lastWednesday = (now: number): number => {
  const day = Math.floor(now / DAY_MS) * DAY_MS;
  return day - ((new Date(day).getUTCDay() - 3 + 7) % 7) * DAY_MS;
};

/** The version Okta gave the release deployed that day: year.week.0 from October 2026, year.month.n before. */
function versionOn(day: number): string {
  const date = new Date(day);
  const year = date.getUTCFullYear();
  if (day >= WEEKLY_FROM) {
    // ISO 8601 week: the week holding the year's first Thursday is week 1.
    const thursday = day + (3 - ((date.getUTCDay() + 6) % 7)) * DAY_MS;
    const week = Math.floor((thursday - Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1)) / (7 * DAY_MS)) + 1;
    return `${new Date(thursday).getUTCFullYear()}.${week}.0`;
  }
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${year}.${month}.${Math.floor((date.getUTCDate() - 1) / 7)}`;
}

/** One release's item: Okta's title, link, CDATA description, guid and pubDate. */
function item(page: string, day: number): string {
  const version = versionOn(day);
  const date = new Date(day);
  const deployed = `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
  const anchor = (id: string): string => `${page}#releasenotes-preview__${id}`;
  const sections = SECTIONS.map(([id, title, features]) => {
    const links = Array.from({ length: features }, (_, n) => {
      const key = `okta-${1_200_000 + (((day / DAY_MS) * 7 + n) % 100_000)}`;
      const words = `A feature of ${version} for Preview orgs, number ${n + 1}`;
      return `<li><a href="${anchor(`${id}-${key}`)}">${words}</a></li>`;
    });
    return `<li><a href="${anchor(id)}">${title}</a><ul>${links.join('')}</ul></li>`;
  });
  return [
    '    <item>',
    `      <title>Okta Identity Engine - Version ${version}. Deployed on ${deployed}.</title>`,
    `      <link>${page}</link>`,
    `      <description><![CDATA[<ul>${sections.join('')}</ul>]]></description>`,
    `      <guid isPermaLink="false">${createHash('sha1').update(version).digest('hex')}</guid>`,
    `      <pubDate>${date.toUTCString().replace('GMT', '+0000')}</pubDate>`,
    '    </item>',
  ].join('\n');
}

export function previewReleaseNotes(feedUrl: string, now: number): Answer {
  const site = new URL(feedUrl).origin;
  const page = `${site}/oie/en-us/content/topics/releasenotes/preview.htm`;
  const newest = lastWednesday(now);
  const items = Array.from({ length: RELEASES }, (_, n) => item(page, newest - n * 7 * DAY_MS));
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">',
    '  <channel>',
    '    <title>Okta Identity Engine Release Notes (Preview)</title>',
    `    <link>${site}/oie/en-us/content/topics/releasenotes/okta-relnotes.htm</link>`,
    '    <description>Release notes for Okta Identity Engine (Preview) — features, fixes, and updates.</description>',
    '    <language>en-us</language>',
    `    <lastBuildDate>${new Date(now).toUTCString().replace('GMT', '+0000')}</lastBuildDate>`,
    '    <generator>docs-dita-infodev/scripts/generate_rss.py</generator>',
    `    <atom:link href="${feedUrl}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
  return { kind: 'reply', status: 200, headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' }, body };
}
