// Okta's Preview release notes feed read as hostile input: each release with a version and a date, everything else
// skipped, a document type refused whole, entities never expanded.
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import {
  fetchPreviewReleases,
  keptReleases,
  keptReleasesOf,
  parsePreviewReleases,
} from '../../../../functions/probe/feed/preview-releases';
import { previewReleaseNotes } from '../../../../sim/endpoints/release-notes';

const rss = (items: string): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Preview</title>${items}</channel></rss>`;
const item = (title: string, date: string): string => `<item><title>${title}</title><pubDate>${date}</pubDate></item>`;

describe("Okta's Preview release notes feed", () => {
  it('reads each item whose title holds a version and whose pubDate is a date', () => {
    const read = parsePreviewReleases(
      rss(
        item('Okta Identity Engine release notes (Preview) 2026.48.0', 'Wed, 25 Nov 2026 17:00:00 GMT') +
          item('Preview 2026.09.2', 'Wed, 30 Sep 2026 17:00:00 GMT') +
          item('A note with no version', 'Wed, 30 Sep 2026 17:00:00 GMT') +
          item('2026.47.0', 'not a date'),
      ),
    );
    expect(read).toEqual({
      releases: [
        { version: '2026.48.0', at: Date.parse('2026-11-25T17:00:00Z') },
        { version: '2026.09.2', at: Date.parse('2026-09-30T17:00:00Z') },
      ],
    });
  });

  it('refuses a document type (entities it could declare are never expanded) and reads no entity', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "2026.48.0"><!ENTITY b "&a;&a;&a;&a;">]>' +
      rss(item('&b;', 'Wed, 25 Nov 2026 17:00:00 GMT')).replace('<?xml version="1.0"?>', '');
    expect(parsePreviewReleases(bomb)).toEqual({ unknown: 'the release notes feed declares a document type' });
    // An undeclared entity stays text: no version is made out of it.
    expect(parsePreviewReleases(rss(item('&version;', 'Wed, 25 Nov 2026 17:00:00 GMT')))).toEqual({
      unknown: 'the release notes feed names no release with a date',
    });
  });

  it.each([
    ['an HTML page', '<html><body>Sign in</body></html>', 'the release notes feed is no RSS channel of items'],
    ['JSON', '{"items":[]}', 'the release notes feed answered something that is not XML'],
    [
      'broken XML',
      '<rss><channel><item><title>2026.48.0</title></channel>',
      'the release notes feed is not well-formed XML',
    ],
    ['no item', rss(''), 'the release notes feed is no RSS channel of items'],
  ])('says why no release is known on %s', (_what, body, why) => {
    expect(parsePreviewReleases(body)).toEqual({ unknown: why });
  });
});

describe('the release notes a run keeps between processes', () => {
  const URL = 'https://help.okta.com/oie/en-us/rss/preview.xml';
  const releases = Array.from({ length: 60 }, (_, n) => ({ version: `2026.${n + 1}.0`, at: Date.UTC(2026, 0, n + 1) }));

  it('keeps the 20 newest releases, small enough for a 4 KB record, and reads them back for the same feed only', () => {
    const kept = keptReleases(URL, 1_000, { releases });
    expect('releases' in kept.read && kept.read.releases.map((r) => r.version)).toEqual(
      releases
        .slice(-20)
        .reverse()
        .map((r) => r.version),
    );
    expect(JSON.stringify(kept).length).toBeLessThan(4096);
    expect(keptReleasesOf(JSON.parse(JSON.stringify(kept)), URL)).toEqual(kept);
    expect(keptReleasesOf(kept, 'https://example.com/other.xml')).toBeUndefined();
  });

  it('reads a kept record as hostile input: wrong types, a bad version or a long reason are none', () => {
    expect(keptReleasesOf(null, URL)).toBeUndefined();
    expect(keptReleasesOf({ url: URL, readAt: '1', read: { releases: [] } }, URL)).toBeUndefined();
    expect(keptReleasesOf({ url: URL, readAt: 1, read: { unknown: 'x'.repeat(301) } }, URL)).toBeUndefined();
    const odd = keptReleasesOf(
      {
        url: URL,
        readAt: 1,
        read: {
          releases: [
            { version: '<b>2026.1.0</b>', at: 1 },
            { version: '2026.2.0', at: 2 },
          ],
        },
      },
      URL,
    );
    expect(odd?.read).toEqual({ releases: [{ version: '2026.2.0', at: 2 }] });
  });
});

describe("the simulator's feed, the size and shape of Okta's (help.okta.com's generate_rss.py)", () => {
  const now = Date.parse('2026-11-27T17:00:00Z');
  const answer = previewReleaseNotes('https://sim.example/oie/en-us/rss/preview.xml', now);
  const body = answer.kind === 'reply' ? String(answer.body) : '';

  it("serves a year of weekly releases titled as Okta's, dated at midnight +0000, read whole under the bound", () => {
    expect(body).toMatch(
      /<title>Okta Identity Engine - Version 2026\.48\.0\. Deployed on November 25, 2026\.<\/title>/,
    );
    expect(body).toMatch(/<pubDate>Wed, 25 Nov 2026 00:00:00 \+0000<\/pubDate>/);
    // The weekly numbers from October 2026 (2026.41.0 on October 7), year.month.n before.
    expect(body).toMatch(/Version 2026\.41\.0\. Deployed on October 7, 2026\./);
    expect(body).toMatch(/Version 2026\.09\.\d\. Deployed on September 30, 2026\./);
    expect(Buffer.byteLength(body)).toBeGreaterThan(100 * 1024);
    const read = parsePreviewReleases(body);
    expect('releases' in read && read.releases.length).toBe(52);
    expect('releases' in read && read.releases[0]).toEqual({ version: '2026.48.0', at: Date.parse('2026-11-25') });
  });

  it('past its 512 KB bound the feed is not read, and the run is told so', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const large = body.replace(/(<item>[\s\S]*<\/item>)/, '$1$1$1$1$1');
    expect(Buffer.byteLength(large)).toBeGreaterThan(512 * 1024);
    agent
      .get('https://help.okta.com')
      .intercept({ path: '/oie/en-us/rss/preview.xml', method: 'GET' })
      .reply(200, large);
    expect(await fetchPreviewReleases('https://help.okta.com/oie/en-us/rss/preview.xml', 1000, agent)).toEqual({
      unknown: 'the release notes feed is larger than 512 KB and was not read',
    });
  });
});
