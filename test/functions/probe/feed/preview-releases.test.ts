// Okta's Preview release notes feed read as hostile input: each release with a version and a date, everything else
// skipped, a document type refused whole, entities never expanded.
import { describe, expect, it } from 'vitest';
import { parsePreviewReleases } from '../../../../functions/probe/feed/preview-releases';

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
