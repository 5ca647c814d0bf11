// The status page's own style and script, inline: a help-desk PC behind a proxy or a locked-down browser loads
// nothing from another origin, so the page carries both and its Content-Security-Policy allows exactly these two by
// their hashes (html.ts).
import { createHash } from 'node:crypto';
import { STALE_AFTER_MS } from './model';

/**
 * States are told by a word and a symbol as well as a colour (and a border style), so a reader who cannot tell
 * red from green, or a grey printout, reads them alike. `.stale` on the body hides every live state.
 */
export const PAGE_CSS = `
:root{color-scheme:light;--ok:#137333;--bad:#b3261e;--unk:#5f6368;--line:#dadce0}
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#202124;background:#f8f9fa}
header,main,footer{max-width:960px;margin:0 auto;padding:12px 16px}
h1{font-size:1.5em;margin:8px 0 0}h2{font-size:1.15em;margin:24px 0 8px}
.org,.when{margin:2px 0;color:#3c4043;overflow-wrap:anywhere}
.banner{margin:12px 0;padding:12px 16px;border-radius:8px;font-weight:600;border:2px solid}
.banner.ok{border-color:var(--ok);color:var(--ok);background:#e6f4ea}
.banner.failing{border-color:var(--bad);color:var(--bad);background:#fce8e6}
.banner.unknown,.banner.stale{border-color:var(--unk);color:#202124;background:#f1f3f4;border-style:dashed}
.banner.stale{border-color:var(--bad);color:var(--bad);background:#fce8e6;border-style:double;border-width:4px}
ul{list-style:none;margin:0;padding:0}
.part{background:#fff;border:1px solid var(--line);border-left:6px solid var(--unk);border-radius:6px;
margin:8px 0;padding:10px 12px;overflow-wrap:anywhere}
.part.ok{border-left-color:var(--ok)}
.part.failing{border-left-color:var(--bad);border-left-style:double;border-left-width:8px}
.part.unknown{border-left-style:dashed}
.badge{display:inline-block;min-width:7.5em;font-weight:700;font-size:.85em;letter-spacing:.03em}
.ok .badge{color:var(--ok)}.failing .badge{color:var(--bad)}.unknown .badge{color:var(--unk)}
.name{font-weight:600}.since{color:#5f6368;font-size:.9em}
.part p{margin:4px 0}.caller{font-style:italic}.owner{font-size:.92em}
.apps li{border-top:1px solid var(--line);padding:4px 0}
.catalogue{max-height:12em;overflow:auto;border:1px solid var(--line);border-radius:4px;padding:2px 8px;margin:4px 0}
.labels-title{font-size:.92em}.labels-head{font-weight:600;margin:6px 0 2px}
.labels li{display:inline-block;max-width:100%}.labels li+li::before{content:"· ";color:#5f6368}
.preview-note{background:#fff;border:1px solid var(--line);border-left:6px solid var(--unk);border-radius:6px;
margin:8px 0;padding:10px 12px;overflow-wrap:anywhere}.preview-note.ahead{border-left-color:#b06000;background:#fef7e0}
details{margin:8px 0}summary{cursor:pointer}
footer{color:#5f6368;font-size:.9em}a{color:#1a73e8}
.when-stale,.stale .live{display:none}
.stale .when-stale{display:block}.stale span.when-stale{display:inline}
.stale .part{border-left-color:var(--unk);border-left-style:dashed}.stale .badge{color:var(--unk)}
`;

/**
 * Turns the page stale in the viewer's browser when no run has come for STALE_AFTER_MS: a static page published by
 * the Lambda is read long after it was built, and one that stayed green because the probe stopped is the worst it
 * could show. An unreadable time is stale too.
 */
export const PAGE_SCRIPT =
  `(function(){var b=document.body,t=Date.parse(b.getAttribute('data-last-run'));` +
  `function c(){if(!(Date.now()-t<=${STALE_AFTER_MS}))b.classList.add('stale')}c();setInterval(c,15000)})();`;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Nothing but the page's own style and script, by hash; no connection, frame, form or base. */
export const PAGE_CSP =
  `default-src 'none'; style-src ${sha256(PAGE_CSS)}; script-src ${sha256(PAGE_SCRIPT)}; img-src data:; ` +
  `base-uri 'none'; form-action 'none'`;
