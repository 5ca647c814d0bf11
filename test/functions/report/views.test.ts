// The availability report's views for a short period and for paper, and the HTML escaped by construction:
// request ids printed in full, one day's chart drawn, the incident counts equal to the rows listed, the
// text within 80 columns, a no-connection minute named as possibly Okta's edge, and no field unescaped.
import { describe, expect, it } from 'vitest';
import { computeAvailability, type AvailabilityReport, type Incident } from '../../../functions/report/availability';
import { html, trusted } from '../../../functions/report/html-template';
import { renderAvailabilityHtml } from '../../../functions/report/html';
import { monthPeriod, rangePeriod } from '../../../functions/report/period';
import { renderAvailabilityText, TEXT_WIDTH } from '../../../functions/report/text';
import { simulateMonth, type MonthScenario } from '../../../sim/month';

const LONG_ID = 'payments-eu-west-production';
const MONTH: MonthScenario = {
  month: '2026-10',
  servers: ['org', 'default', LONG_ID],
  events: [
    {
      kind: 'failure',
      servers: '*',
      from: '2026-10-03T10:00:00Z',
      minutes: 12,
      check: 'token',
      code: 'OKTA_SERVER_ERROR',
      httpStatus: 503,
    },
    {
      kind: 'failure',
      servers: ['default'],
      from: '2026-10-03T10:05:00Z',
      minutes: 30,
      check: 'token',
      code: 'NO_ACCESS_POLICY',
      httpStatus: 401,
    },
    {
      kind: 'failure',
      servers: ['org'],
      from: '2026-10-03T14:00:00Z',
      minutes: 7,
      check: 'token',
      code: 'NETWORK_ERROR',
    },
  ],
};
const lines = simulateMonth(MONTH);
const NOW = Date.parse('2026-11-05T00:00:00Z');
const month = computeAvailability(lines, { period: monthPeriod('2026-10', NOW) });
const day = computeAvailability(lines, { period: rangePeriod('2026-10-03', '2026-10-04', NOW) });

describe('html``: escaping by construction', () => {
  it('escapes every inserted value, lists and numbers included, and inserts only fragments as they are', () => {
    const hostile = '<img src=x onerror="alert(1)">';
    expect(html`<td title="${hostile}">${[hostile, 503]}${html`<b>${hostile}</b>`}</td>`.text).toBe(
      '<td title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;">&lt;img src=x ' +
        'onerror=&quot;alert(1)&quot;&gt;503<b>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</b></td>',
    );
    expect(html`${trusted('<i>')}${undefined}${null}${false}`.text).toBe('<i>');
  });

  it('a hostile httpStatus, code title, server id and request id reach the page escaped (httpStatus was not)', () => {
    const hostile = '<script>alert(1)</script>';
    const incident = month.incidents[0] as Incident;
    const report: AvailabilityReport = {
      ...month,
      orgUrl: `https://acme.okta.com/${hostile}`,
      incidents: [
        {
          ...incident,
          servers: [hostile],
          httpStatuses: [hostile as unknown as number],
          requestIds: [hostile],
          codes: [{ code: 'OKTA_SERVER_ERROR', title: hostile, count: 1 }],
        },
      ],
    };
    const page = renderAvailabilityHtml(report);
    expect(page).not.toContain('<script');
    expect(page).toContain('HTTP &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.match(/&lt;script&gt;/g)?.length).toBeGreaterThanOrEqual(6);
  });
});

describe('the HTML report printed and for a short period', () => {
  it('prints the request ids: on paper a row of their own shows them, the folded column is hidden', () => {
    const page = renderAvailabilityHtml(month);
    const incident = month.incidents.find((i) => i.requestIds.length > 0) as Incident;
    const printed = new RegExp(
      `<tr class="print"><td colspan="7"><span class="muted">X-Okta-Request-Id \\(${incident.requestIdCount}\\):</span> ` +
        `<code>${incident.requestIds.join(' ')}</code>`,
    );
    expect(page).toMatch(printed);
    const print = /@media print\{([\s\S]*?)\n\}/.exec(page)?.[1] ?? '';
    expect(print).toContain('tr.print{display:table-row}');
    expect(print).toContain('.ids{display:none}');
    // On screen the printed rows are hidden and the ids fold into their column.
    expect(page).toContain('tr.print{display:none}');
    expect(page).toMatch(/<td class="ids"><details><summary>\d+ request ids<\/summary>/);
  });

  it("draws a one-day period's latency: a marked point per percentile, labelled with its value, in the middle", () => {
    const chart = /<svg class="latency"[\s\S]*?<\/svg>/.exec(renderAvailabilityHtml(day))?.[0] ?? '';
    const dots = [...chart.matchAll(/<circle cx="([\d.]+)" cy="[\d.]+" r="3"/g)].map((m) => Number(m[1]));
    expect(dots).toHaveLength(3);
    expect(new Set(dots).size).toBe(1);
    expect(dots[0]).toBeGreaterThan(400);
    expect(dots[0]).toBeLessThan(600);
    const latency = day.latencyByDay[0]?.latency;
    expect(chart).toContain(`p50 ${latency?.p50} ms`);
    expect(chart).toContain(`p99 ${latency?.p99} ms`);
    // The timeline of one day is labelled by the hour.
    expect(renderAvailabilityHtml(day)).toMatch(/class="axis" text-anchor="middle">03:00<\/text>/);
  });

  it('counts in the Incidents card every incident the table lists, by cause', () => {
    const page = renderAvailabilityHtml(month);
    const rows = page.match(/<tr><td><i class="dot"/g) ?? [];
    expect(rows).toHaveLength(month.incidents.length);
    expect(month.incidents.length).toBe(3);
    expect(page).toContain(
      `<div class="label">Incidents</div><div class="value">3</div><div class="note">1 Okta&#39;s, 1 ` +
        `org&#39;s configuration, 1 unknown: our side or Okta&#39;s edge</div>`,
    );
  });

  it('names the minutes with no connection "unknown: our side or Okta\'s edge", with their times', () => {
    const page = renderAvailabilityHtml(month);
    expect(page).toMatch(
      /unknown: our side or Okta&#39;s edge<\/td><td class="time">2026-10-03 14:00<\/td><td class="time">2026-10-03 14:07<\/td>/,
    );
  });
});

describe('the text report', () => {
  it.each([
    ['a month', month],
    ['a day', day],
  ])('%s fits 80 columns, long server ids and request ids included', (_, report) => {
    const text = renderAvailabilityText(report);
    const widest = Math.max(...text.split('\n').map((l) => l.length));
    expect(widest).toBeLessThanOrEqual(TEXT_WIDTH);
    expect(text).toContain(`\n${LONG_ID}\n`);
  });

  it('fits 80 columns with a journey whose verdicts were carried, its id as long as a row takes', () => {
    // The carried column came beside the six causes: the header was 84 columns with a journey, and 90 at most.
    const [first, ...rest] = month.servers;
    if (first === undefined) throw new Error('the month has no server');
    const journey = { ...first, server: 'portal-sign-in5', minutes: { ...first.minutes, carried: 40_320 } };
    const text = renderAvailabilityText({ ...month, servers: [journey, ...rest] });
    expect(text).toContain('carried');
    expect(text).toMatch(/^portal-sign-in5 .*40,320$/m);
    // One longer goes on a line of its own.
    const longer = renderAvailabilityText({ ...month, servers: [{ ...journey, server: 'portal-sign-in16' }, ...rest] });
    expect(longer).toMatch(/^portal-sign-in16\n/m);
    expect(Math.max(...longer.split('\n').map((l) => l.length))).toBeLessThanOrEqual(TEXT_WIDTH);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(TEXT_WIDTH);
  });

  it("says what each row's latency is, a journey's sign-in as well as a server's token", () => {
    const text = renderAvailabilityText(month).replace(/\s+/g, ' ');
    expect(text).toContain('latency p50/p90');
    expect(text).not.toContain('token p50/p90');
    expect(text).toContain(
      "latency = a server's token check, a sign-in journey's sign-in check, a SAML app's saml check.",
    );
  });

  it('counts the incidents it lists, by cause, and names the no-connection minutes with their times', () => {
    const text = renderAvailabilityText(month);
    expect(text.replace(/\s+/g, ' ')).toContain(
      "3 incidents (1 Okta's; 1 org's configuration; 1 unknown: our side or Okta's edge):",
    );
    expect(text.match(/^ {2}2026-10-03 \d\d:\d\d to/gm)).toHaveLength(3);
    expect(text).toContain(
      "  2026-10-03 14:00 to 14:07 UTC, 7 min, unknown: our side or Okta's edge: org;\n      token; NETWORK_ERROR x7",
    );
  });
});
