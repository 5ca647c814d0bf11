// The README's pictures are drawn from the product's own text: the Slack body's mrkdwn as Slack shows it, and every
// widget of the dashboard body at its place on the grid. Pure: no browser (npm run pictures photographs the HTML).
import { describe, expect, it } from 'vitest';
import { dashboardHtml, emailHtml, mrkdwn, slackHtml, type Widget } from '../../scripts/pictures-html';

const FAILURE = { server: 'default', check: 'token', code: 'OKTA_SERVER_ERROR', remedy: 'Retry', requestId: 'abc' };

describe("the pictures' HTML", () => {
  it("renders Slack's mrkdwn: bold, code, labelled and bare links, the notifier's emoji, and escapes the rest", () => {
    const html = mrkdwn(
      ':rotating_light: *ALARM* `x-page` <https://a.example/d|Dashboard> https://status.okta.com, <b>',
    );
    expect(html).toContain('<svg class="emoji"');
    expect(html).toContain('<b>ALARM</b>');
    expect(html).toContain('<code>x-page</code>');
    expect(html).toContain('<span class="link">Dashboard</span>');
    expect(html).toContain('<span class="link">https://status.okta.com</span>,');
    expect(html).toContain('&lt;b&gt;');
    expect(slackHtml('*t*')).toContain('okta-synthetics');
    expect(emailHtml('ALARM <x>', 'body')).toContain('ALARM &lt;x&gt;');
  });

  it("places each widget at its grid place, and fills the failures table with the query's own columns", () => {
    const widgets: Widget[] = [
      { type: 'text', x: 0, y: 0, width: 24, height: 2, properties: { markdown: '# Title' } },
      {
        type: 'metric',
        x: 8,
        y: 2,
        width: 8,
        height: 6,
        properties: {
          title: 'default: success rate per check (%)',
          metrics: [['NS', 'CheckSuccess', { label: 'token' }]],
        },
      },
      {
        type: 'log',
        x: 0,
        y: 8,
        width: 24,
        height: 4,
        properties: { title: 'Latest failures', query: 'fields x\n| display @timestamp, f.code, f.requestId' },
      },
    ];
    const html = dashboardHtml(widgets, FAILURE);
    expect(html).toContain('left:404px;top:58px;width:392px;height:154px');
    expect(html).toContain('<th>@timestamp</th><th>f.code</th><th>f.requestId</th>');
    expect(html).toContain('<td>OKTA_SERVER_ERROR</td><td>abc</td>');
    expect(html).toContain('<p class="h1">Title</p>');
  });
});
