// The status feed (Atom, as at feeds.feedburner.com/OktaTrustRSS) and a Statuspage v2 status.json.
// Incident cells ("US Cell 6") appear only in the text, never in a structured field.
import { DAY_MS } from '../../functions/contract';
import { json, type Answer } from '../answer';
import type { StatusIncident } from '../faults';

interface Incident {
  /**
   * Undefined: the form third-party readers describe for an open incident, "<Kind> | <title>", with no state
   * word. The other form is "<State> | <Kind> | <title>"; a resolved entry is "Resolved | <Kind> | <title>".
   */
  readonly state?: 'Investigating' | 'Identified' | 'Monitoring' | 'Resolved' | 'Completed';
  readonly kind: string;
  readonly title: string;
  readonly text: string;
  readonly updatedMs: number;
}

/** The open incident's words, by the cells it names: the simulated org lives in US Cell 6. */
const OPEN_TEXT: Readonly<Record<`${Exclude<StatusIncident, 'stale'>}`, string>> = {
  true: 'We are investigating elevated error rates on authentication in US Cell 6 and US Cell 7.',
  'other-cell': 'We are investigating elevated error rates on authentication for customers in EU Cell 2.',
  'all-cells': 'We are investigating elevated error rates on authentication affecting customers in all cells.',
  // A Preview cell as Okta's status updates list the cells: by org domain and number, "Affected cells: okta.com:1,
  // oktapreview.com:1, ..." (status.okta.com, July 19, 2024, as mirrored by pingoru.io), never by the Admin Console
  // footer's "OP1 Preview Cell (US)" (okta-developer-docs concepts/okta-organizations).
  'preview-cell':
    'We are investigating elevated error rates on authentication. Affected cells: oktapreview.com:1, oktapreview.com:3',
};

function incidents(now: number, degraded: StatusIncident | undefined): Incident[] {
  // A feed nobody keeps any more: the same entries, the newest 200 days old.
  if (degraded === 'stale') return incidents(now - 200 * DAY_MS, undefined);
  // Both title formats, each incident with its opening and its closing entry: a healthy feed reads as "none".
  const past: Incident[] = [
    {
      state: 'Resolved',
      kind: 'Service Disruption',
      title: 'Okta Workforce Identity: Login issues',
      text: 'Users in US Cell 6 experienced intermittent login failures. The issue has been resolved.',
      updatedMs: now - 3 * DAY_MS,
    },
    {
      kind: 'Service Disruption',
      title: 'Okta Workforce Identity: Login issues',
      text: 'We are investigating intermittent login failures in US Cell 6.',
      updatedMs: now - 3 * DAY_MS - 2 * 3_600_000,
    },
    {
      state: 'Completed',
      kind: 'Maintenance',
      title: 'Scheduled maintenance for US Cell 2',
      text: 'The maintenance has been completed.',
      updatedMs: now - 2 * DAY_MS,
    },
    {
      kind: 'Maintenance',
      title: 'Scheduled maintenance for US Cell 2',
      text: 'Scheduled maintenance is in progress.',
      updatedMs: now - 2 * DAY_MS - 3_600_000,
    },
    {
      state: 'Resolved',
      kind: 'Degraded Performance',
      title: 'Okta Workforce Identity: Admin Console slowness',
      text: 'Customers in EU Cell 1 saw slow Admin Console pages. Root cause has been addressed.',
      updatedMs: now - 12 * DAY_MS,
    },
  ];
  if (degraded === undefined) return past;
  return [
    {
      state: 'Investigating',
      kind: 'Service Disruption',
      title: 'Okta Workforce Identity: Authentication failures',
      text: OPEN_TEXT[`${degraded}`],
      updatedMs: now - 4 * 60_000,
    },
    ...past,
  ];
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

export function statusFeed(feedUrl: string, now: number, degraded: StatusIncident | undefined): Answer {
  const list = incidents(now, degraded);
  const entries = list.map((incident, i) => {
    const updated = new Date(incident.updatedMs).toISOString();
    return [
      '  <entry>',
      `    <id>tag:status.okta.com,2005:Incident/${9_000_000 + i}</id>`,
      `    <published>${updated}</published>`,
      `    <updated>${updated}</updated>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(feedUrl)}#incident-${i}"/>`,
      `    <title>${escapeXml(
        `${incident.state === undefined ? '' : `${incident.state} | `}${incident.kind} ` + `| ${incident.title}`,
      )}</title>`,
      `    <content type="html">${escapeXml(
        `<p><strong>${incident.state ?? incident.kind}</strong> ` + `- ${incident.text}</p>`,
      )}</content>`,
      '  </entry>',
    ].join('\n');
  });
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">',
    '  <id>tag:status.okta.com,2005:/history</id>',
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feedUrl)}"/>`,
    '  <title>Okta Status - Incident History</title>',
    `  <updated>${new Date(list[0]?.updatedMs ?? now).toISOString()}</updated>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
  return { kind: 'reply', status: 200, headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' }, body };
}

export function statusJson(pageUrl: string, now: number, degraded: boolean): Answer {
  return json(200, {
    page: {
      id: 'okta-sim',
      name: 'Okta (simulated)',
      url: pageUrl,
      time_zone: 'Etc/UTC',
      updated_at: new Date(now).toISOString(),
    },
    status: degraded
      ? { indicator: 'major', description: 'Partial System Outage' }
      : { indicator: 'none', description: 'All Systems Operational' },
  });
}
