import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatusFeed } from '../../../../functions/probe/feed/status-feed';

const now = Date.parse('2025-03-10T12:00:00Z');
const hoursAgo = (h: number): Date => new Date(now - h * 3_600_000);

function atom(entries: Array<{ title: string; updated?: Date; published?: Date }>): string {
  const body = entries
    .map(
      (e) => `  <entry>
    <id>tag:trust.okta.com,2025:${Math.random().toString(36).slice(2)}</id>
    <title type="text">${e.title}</title>
    ${e.updated ? `<updated>${e.updated.toISOString()}</updated>` : ''}
    ${e.published ? `<published>${e.published.toISOString()}</published>` : ''}
    <content type="html">&lt;p&gt;Impacting US Cell 6. We are investigating.&lt;/p&gt;</content>
    <link rel="alternate" href="https://status.okta.com/#incident/abc" />
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
  <title>Okta Trust</title>
  <updated>${new Date(now).toISOString()}</updated>
  <feedburner:info uri="oktatrustrss" />
${body}
</feed>`;
}

function rss(items: Array<{ title: string; pubDate?: Date }>): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${i.title}</title>${i.pubDate ? `<pubDate>${i.pubDate.toUTCString()}</pubDate>` : ''}<description>US ` +
        `Cell 6</description></item>`,
    )
    .join('\n');
  return (
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Okta ` +
    `Trust</title><link>https://status.okta.com</link>${body}</channel></rss>`
  );
}

describe("parseStatusFeed() on Okta's Atom feed", () => {
  const resolved = { title: 'Resolved | Service Disruption | Okta Verify push', updated: hoursAgo(1) };
  const investigating = { title: 'Investigating | Service Disruption | Okta Verify push', updated: hoursAgo(3) };

  it.each([
    ['newest first', [resolved, investigating]],
    ['newest last', [investigating, resolved]],
  ])("is none when every incident's newest entry is Resolved (%s)", (_order, entries) => {
    const feed = atom(entries);

    expect(parseStatusFeed(feed, now)).toEqual({
      ok: true,
      format: 'atom',
      indicator: 'none',
      description: 'No open incidents in the last 7 days',
      openIncidents: [],
      // The newest entry, whichever order the feed lists them in: how long the feed has been silent.
      newestAt: resolved.updated.getTime(),
    });
  });

  it('is major for an open Service Disruption, judged by the newest entry whatever the order', () => {
    const feed = atom([
      { title: 'Investigating | Service Disruption | Okta Verify push', updated: hoursAgo(5) },
      { title: 'Identified | Service Disruption | Okta Verify push', updated: hoursAgo(1) },
      { title: 'Resolved | Degraded Performance | Admin Console', updated: hoursAgo(2) },
    ]);

    const result = parseStatusFeed(feed, now);

    expect(result).toMatchObject({
      ok: true,
      indicator: 'major',
      openIncidents: ['Identified | Service Disruption | Okta Verify push'],
    });
  });

  it('is minor for degraded performance or maintenance in progress, and critical for a Major Outage', () => {
    expect(
      parseStatusFeed(atom([{ title: 'Monitoring | Degraded Performance | Sign-in', updated: hoursAgo(1) }]), now),
    ).toMatchObject({ indicator: 'minor' });
    expect(
      parseStatusFeed(atom([{ title: 'Update | Maintenance in progress | Cell US-6', updated: hoursAgo(1) }]), now),
    ).toMatchObject({ indicator: 'minor' });
    expect(
      parseStatusFeed(
        atom([
          { title: 'Monitoring | Degraded Performance | Sign-in', updated: hoursAgo(1) },
          { title: 'Investigating | Major Outage | All cells', updated: hoursAgo(2) },
        ]),
        now,
      ),
    ).toMatchObject({
      indicator: 'critical',
      openIncidents: ['Monitoring | Degraded Performance | Sign-in', 'Investigating | Major Outage | All cells'],
    });
  });

  it('reopens an incident whose newest entry follows a Resolved one', () => {
    const feed = atom([
      resolved,
      { title: 'Investigating | Service Disruption | Okta Verify push', updated: hoursAgo(0.5) },
    ]);

    expect(parseStatusFeed(feed, now)).toMatchObject({ indicator: 'major' });
  });

  it('ignores entries older than 7 days, even unresolved ones', () => {
    const feed = atom([{ title: 'Investigating | Service Disruption | Old thing', updated: hoursAgo(24 * 8) }]);

    expect(parseStatusFeed(feed, now)).toMatchObject({ ok: true, indicator: 'none', openIncidents: [] });
  });

  it('uses <published> when <updated> is missing, and skips undated entries without throwing', () => {
    const feed = atom([
      { title: 'Investigating | Service Disruption | Workflows', published: hoursAgo(1) },
      { title: 'Investigating | Service Disruption | No date' },
      { title: '', updated: hoursAgo(1) },
    ]);

    expect(parseStatusFeed(feed, now)).toMatchObject({
      ok: true,
      indicator: 'major',
      openIncidents: ['Investigating | Service Disruption | Workflows'],
    });
  });

  it('treats a title without segments as an open incident of unknown severity', () => {
    expect(
      parseStatusFeed(atom([{ title: 'Okta is looking into reports of errors', updated: hoursAgo(1) }]), now),
    ).toMatchObject({ indicator: 'minor' });
  });

  it('is none for a feed without entries', () => {
    expect(parseStatusFeed('<feed xmlns="http://www.w3.org/2005/Atom"><title>Okta</title></feed>', now)).toMatchObject({
      ok: true,
      format: 'atom',
      indicator: 'none',
    });
  });
});

describe('parseStatusFeed() on RSS', () => {
  it('reads <item>/<pubDate> the same way', () => {
    const feed = rss([
      { title: 'Resolved | Degraded Performance | Okta Verify', pubDate: hoursAgo(1) },
      { title: 'Investigating | Degraded Performance | Okta Verify', pubDate: hoursAgo(2) },
      { title: 'Investigating | Service Disruption | SMS delivery', pubDate: hoursAgo(3) },
    ]);

    expect(parseStatusFeed(feed, now)).toMatchObject({
      ok: true,
      format: 'rss',
      indicator: 'major',
      openIncidents: ['Investigating | Service Disruption | SMS delivery'],
      description: '1 open incident: Investigating | Service Disruption | SMS delivery',
    });
  });
});

describe('parseStatusFeed() on Statuspage JSON', () => {
  it.each(['none', 'minor', 'major', 'critical'] as const)('reads indicator %s', (indicator) => {
    const body = JSON.stringify({
      page: { id: 'x', name: 'Example' },
      status: { indicator, description: 'Partial System Outage' },
    });

    expect(parseStatusFeed(body, now)).toEqual({
      ok: true,
      format: 'statuspage',
      indicator,
      description: 'Partial System Outage',
      openIncidents: [],
    });
  });

  it('lists unresolved incidents of summary.json', () => {
    const body = JSON.stringify({
      status: { indicator: 'minor', description: 'Minor Service Outage' },
      incidents: [
        { name: 'Elevated errors on sign-in', status: 'investigating' },
        { name: 'Old one', status: 'resolved' },
      ],
    });

    expect(parseStatusFeed(body, now)).toMatchObject({ openIncidents: ['Elevated errors on sign-in'] });
  });

  it('refuses JSON without a known indicator', () => {
    expect(parseStatusFeed('{"status":{"indicator":"purple"}}', now).ok).toBe(false);
    expect(parseStatusFeed('{"status":{"indicator":"constructor"}}', now).ok).toBe(false);
    expect(parseStatusFeed('{"errorCode":"E0000015"}', now).ok).toBe(false);
  });
});

describe('parseStatusFeed() on garbage', () => {
  it.each([[''], ['<html><body>Sign in</body></html>'], ['not a feed'], ['{"status":'], ['<<<>'], ['null']])(
    'returns ok:false for %j',
    (body) => {
      const result = parseStatusFeed(body, now);

      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).not.toBe('');
    },
  );

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom('<feed>', '<rss><channel>', '{"status":{}}').chain((p) => fc.string().map((s) => p + s)),
        ),
        (body) => {
          expect(() => parseStatusFeed(body, now)).not.toThrow();
        },
      ),
    );
  });
});

describe('parseStatusFeed(): the two title formats and maintenance (no false alarms)', () => {
  it('closes an incident posted as "<Kind> | <title>" with its "Resolved | <Kind> | <title>" entry', () => {
    const feed = atom([
      { title: 'Service Disruption | Okta Workforce Identity: Login issues', updated: hoursAgo(5) },
      { title: 'Resolved | Service Disruption | Okta Workforce Identity: Login issues', updated: hoursAgo(2) },
    ]);
    expect(parseStatusFeed(feed, now)).toMatchObject({ ok: true, indicator: 'none', openIncidents: [] });
  });

  it('keeps "<Kind> | <title>" open, and major, while no Resolved entry has come', () => {
    const feed = atom([{ title: 'Service Disruption | Okta Workforce Identity: Login issues', updated: hoursAgo(1) }]);
    expect(parseStatusFeed(feed, now)).toMatchObject({
      indicator: 'major',
      openIncidents: ['Service Disruption | Okta Workforce Identity: Login issues'],
    });
  });

  it('closes an incident whose entries mix both formats, whatever the spacing or case', () => {
    const feed = atom([
      { title: 'Investigating | Service Disruption | Okta Verify push', updated: hoursAgo(6) },
      { title: 'Service Disruption |  Okta Verify  push', updated: hoursAgo(4) },
      { title: 'RESOLVED | Service Disruption | Okta Verify push', updated: hoursAgo(1) },
    ]);
    expect(parseStatusFeed(feed, now)).toMatchObject({ indicator: 'none' });
  });

  it('counts maintenance as minor (a warning), in either format, and a completed one not at all', () => {
    expect(
      parseStatusFeed(
        atom([{ title: 'Maintenance | Scheduled maintenance for US Cell 6', updated: hoursAgo(1) }]),
        now,
      ),
    ).toMatchObject({ indicator: 'minor' });
    expect(
      parseStatusFeed(
        atom([{ title: 'In Progress | Maintenance | Outage window for EU Cell 1', updated: hoursAgo(1) }]),
        now,
      ),
    ).toMatchObject({ indicator: 'minor' });
    const done = atom([
      { title: 'Maintenance | Database upgrade US Cell 2', updated: hoursAgo(3) },
      { title: 'Completed | Maintenance | Database upgrade US Cell 2', updated: hoursAgo(1) },
    ]);
    expect(parseStatusFeed(done, now)).toMatchObject({ indicator: 'none' });
  });

  it('keeps an incident that was never marked resolved open only for the 7-day window', () => {
    const title = 'Service Disruption | Okta Workforce Identity: Login issues';
    expect(parseStatusFeed(atom([{ title, updated: hoursAgo(24 * 6) }]), now)).toMatchObject({ indicator: 'major' });
    expect(parseStatusFeed(atom([{ title, updated: hoursAgo(24 * 7 + 1) }]), now)).toMatchObject({ indicator: 'none' });
  });

  it('rates an incident by the worst kind any of its entries showed', () => {
    const feed = atom([
      { title: 'Investigating | Service Disruption | Sign-in', updated: hoursAgo(3) },
      { title: 'Monitoring | Sign-in', updated: hoursAgo(1) },
    ]);
    expect(parseStatusFeed(feed, now)).toMatchObject({ indicator: 'major', openIncidents: ['Monitoring | Sign-in'] });
  });
});
