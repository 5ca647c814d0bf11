// The README's dashboard picture is the stack's own dashboard: npm run pictures draws the widgets lib/dashboard.ts lays
// out for the committed example, every one at its place, never a hand-built stand-in. Synthesizes the example stack,
// so it runs in the integration lane.
import { describe, expect, it } from 'vitest';
import { exampleWidgets } from '../../scripts/pictures';
import { dashboardHtml } from '../../scripts/pictures-html';
import { dashboardBody, exampleConfig, synthTemplate } from '../lib/helpers';

const FAILURE = { server: 'default', check: 'token', code: 'OKTA_SERVER_ERROR', remedy: 'Retry', requestId: 'abc' };

interface Placed {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const place = ({ type, x, y, width, height }: Placed): Placed => ({ type, x, y, width, height });

describe("the README's dashboard picture", () => {
  it("draws the example stack's dashboard as lib/dashboard.ts lays it out: every widget, at its grid place", () => {
    const drawn = exampleWidgets();
    // The stack's dashboard body, read from the synthesized template of the committed example.
    const stack = dashboardBody(synthTemplate(exampleConfig())).widgets as unknown as Placed[];
    expect(stack.length).toBeGreaterThan(10);
    expect(drawn.map(place)).toEqual(stack.map(place));

    const html = dashboardHtml(drawn, FAILURE);
    expect(html.match(/<div class="widget /g)).toHaveLength(stack.length);
    for (const widget of drawn) {
      // The picture's grid: 50 px a column, 27 px a row, 4 px inside each edge.
      const style =
        `left:${widget.x * 50 + 4}px;top:${widget.y * 27 + 4}px;` +
        `width:${widget.width * 50 - 8}px;height:${widget.height * 27 - 8}px`;
      expect(html, JSON.stringify(place(widget))).toContain(style);
    }
  });
});
