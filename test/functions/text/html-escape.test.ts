// One escaping for every HTML the project writes: the report's page and a trace's readable input values.
import { describe, expect, it } from 'vitest';
import { html } from '../../../functions/report/html-template';
import { sanitizeText } from '../../../functions/har/sanitize';
import { escapeHtml } from '../../../functions/text/html-escape';

describe('escapeHtml', () => {
  it('escapes the five characters that end a text or an attribute in either quote', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it("is what the report's page and a trace's readable input both write", () => {
    const value = `"'<&>`;
    expect(html`${value}`.text).toBe(escapeHtml(value));
    const segment = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = `${segment({ alg: 'RS256' })}.${segment({ aud: value })}.c2lnbmF0dXJl`;
    const page = sanitizeText(`<input name="id_token" value="${token}">`, { secrets: [], key: new Uint8Array(32) });
    expect(page).toContain(escapeHtml(JSON.stringify(value)));
  });
});
