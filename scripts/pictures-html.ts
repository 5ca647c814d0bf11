// The HTML `npm run pictures` (scripts/pictures.ts) photographs: the notifier's message as a mail client shows a
// plain-text e-mail, its Slack body as Slack lays out an app's message (mrkdwn: *bold*, `code`, <url|label>,
// • lists),
// the dashboard's widgets on CloudWatch's 24-column grid with a simulated day's values, and the architecture. Pure:
// text in, HTML out; the simulated values come from a seeded generator, so a rerun draws the same pictures.

/** Each picture: its file under docs/pictures/, and the viewport it is photographed in (CSS pixels). */
export const PICTURES = [
  { file: 'page-email.png', width: 720 },
  { file: 'page-slack.png', width: 720 },
  { file: 'dashboard.png', width: 1216 },
  { file: 'architecture.png', width: 900 },
] as const;

/** One widget of a CloudWatch dashboard body (Dashboard Body Structure): its place and its properties. */
export interface Widget {
  readonly type: 'text' | 'metric' | 'alarm' | 'log';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title?: string;
    readonly markdown?: string;
    readonly metrics?: readonly (readonly unknown[])[];
    readonly alarms?: readonly string[];
    readonly query?: string;
    readonly annotations?: { readonly horizontal?: readonly { readonly value: number; readonly label?: string }[] };
  };
}

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const FONT = `font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif;`;

const page = (css: string, body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><style>* { box-sizing: border-box; } body { margin: 0; ${FONT} ` +
  `color: #1d1c1d; } ${css}</style></head><body>${body}</body></html>`;

/** The notifier's e-mail (SNS sends the subject and the plain text) as a mail client shows it. */
export function emailHtml(subject: string, text: string): string {
  const linked = escape(text).replace(/(https?:\/\/[^\s,]+[^\s,.])/g, '<span class="link">$1</span>');
  return page(
    `body { background: #eef1f5; padding: 16px; } .mail { background: #fff; border-radius: 8px; padding: 18px 22px;
     box-shadow: 0 1px 3px rgba(0,0,0,.15); } h1 { font-size: 17px; margin: 0 0 10px; }
     .from { font-size: 12.5px; color: #555; border-bottom: 1px solid #e3e3e3; padding-bottom: 10px;
     margin-bottom: 12px; }
     pre { white-space: pre-wrap; overflow-wrap: anywhere; font: 12.5px/1.45 'DejaVu Sans Mono', monospace; margin: 0; }
     .link { color: #1a62c5; }`,
    `<div class="mail"><h1>${escape(subject)}</h1><div class="from"><b>AWS Notifications</b>
     &lt;no-reply@sns.amazonaws.com&gt; to oncall@acme.example</div><pre>${linked}</pre></div>`,
  );
}

/**
 * The emoji the notifier writes, drawn as Slack draws them (as images: the machine may have no emoji font).
 */
const EMOJI: Readonly<Record<string, string>> = {
  rotating_light:
    '<svg class="emoji" viewBox="0 0 20 20"><rect x="3" y="15" width="14" height="4" rx="1" fill="#9aa0a6"/>' +
    '<path d="M5 15 V10 a5 5 0 0 1 10 0 V15 z" fill="#e53935"/>' +
    '<rect x="8" y="7" width="2" height="5" rx="1" fill="#ffcdd2"/></svg>',
  white_check_mark:
    '<svg class="emoji" viewBox="0 0 20 20"><rect x="1" y="1" width="18" height="18" rx="4" fill="#2e9d47"/>' +
    '<path d="M5 10.5 l3.2 3.2 L15 6.5" stroke="#fff" stroke-width="2.4" fill="none"/></svg>',
};

/** Slack's mrkdwn as Slack shows it: *bold*, _italic_, `code`, <url|label>, <url> and bare URLs, line breaks kept. */
export function mrkdwn(text: string): string {
  return escape(text)
    .replace(/:([a-z_]+):/g, (all, name: string) => EMOJI[name] ?? all)
    .replace(/&lt;(https?:[^|&]+)\|([^&]+)&gt;/g, '<span class="link">$2</span>')
    .replace(/&lt;(https?:[^&]+)&gt;/g, '<span class="link">$1</span>')
    .replace(/(^|[\s(])(https?:\/\/[^\s<,]+[^\s<,.])/g, '$1<span class="link">$2</span>')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/\n/g, '<br>');
}

/** The notifier's Slack body (an incoming webhook's `text`) as Slack lays out an app's message. */
export function slackHtml(text: string): string {
  return page(
    `body { background: #fff; padding: 14px 18px; font-size: 14.5px; line-height: 1.46; }
     .msg { display: flex; gap: 10px; } .avatar { width: 36px; height: 36px; border-radius: 6px; background: #2e7d5b;
     color: #fff; font-weight: bold; display: flex; align-items: center; justify-content: center; font-size: 13px;
     flex: none; }
     .name { font-weight: bold; } .app { font-size: 10px; background: #e8e8e8; color: #555; border-radius: 3px;
     padding: 1px 4px; margin-left: 4px; vertical-align: 2px; } .time { color: #616061; font-size: 12px;
     margin-left: 6px; }
     code { font: 12px 'DejaVu Sans Mono', monospace; color: #c01343; background: #f6f6f6; border: 1px solid #ddd;
     border-radius: 3px; padding: 1px 3px; } .link { color: #1264a3; } .text { overflow-wrap: anywhere; }
     .emoji { width: 18px; height: 18px; vertical-align: -3px; margin-right: 2px; }
     .channel { color: #616061; font-size: 13px; border-bottom: 1px solid #eee; padding-bottom: 8px;
     margin-bottom: 12px; }`,
    `<div class="channel"># okta-oncall</div><div class="msg"><div class="avatar">OS</div><div><div>
     <span class="name">okta-synthetics</span><span class="app">APP</span><span class="time">03:10</span></div>
     <div class="text">${mrkdwn(text)}</div></div></div>`,
  );
}

/** A seeded generator: the same simulated day at every rerun. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The simulated day's incident: the custom server's /token failing for 9 minutes from 14:21. */
const INCIDENT = { server: 'default', from: 14 * 60 + 21, minutes: 9 } as const;
const POINTS = 96;

/** A series label's simulated day, one point every 15 minutes, from what the widget's title says it measures. */
function series(title: string, label: string, random: () => number): number[] {
  const down = (i: number): boolean =>
    title.startsWith(`${INCIDENT.server}:`) &&
    i * 15 <= INCIDENT.from + INCIDENT.minutes &&
    (i + 1) * 15 > INCIDENT.from &&
    /token|validate|introspect/.test(label);
  return Array.from({ length: POINTS }, (_, i) => {
    if (/success rate/.test(title)) return down(i) ? 40 : 100;
    if (/latency/.test(title)) return (/p90/.test(label) ? 260 : 140) + random() * 90 + (/token/.test(label) ? 60 : 0);
    if (/headroom/.test(title)) return 78 + random() * 18;
    if (/clock skew/.test(title)) return (random() - 0.5) * 0.6;
    if (/days to expiry/.test(title)) return 84 - i / POINTS;
    if (/status feed/.test(title)) return /readable/.test(label) ? 100 : 0;
    if (/Probe health/.test(title)) return /Invocations/.test(label) ? 15 : 0;
    return 0;
  });
}

/** A metric's label: its own, or its name (the first string after the namespace). */
function labelOf(metric: readonly unknown[]): string | undefined {
  const options = metric[metric.length - 1] as { label?: string; visible?: boolean } | undefined;
  if (options !== undefined && typeof options === 'object' && options.visible === false) return undefined;
  if (options !== undefined && typeof options === 'object' && typeof options.label === 'string') return options.label;
  return typeof metric[1] === 'string' ? metric[1] : undefined;
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#17becf'];

/** A time-series widget: its visible metrics' simulated day as lines, its alarm thresholds dashed, a legend. */
function graph(widget: Widget, w: number, h: number, random: () => number): string {
  const title = widget.properties.title ?? '';
  const labels = (widget.properties.metrics ?? []).map(labelOf).filter((l): l is string => l !== undefined);
  const lines = labels.map((label) => series(title, label, random));
  const thresholds = widget.properties.annotations?.horizontal ?? [];
  const values = [...lines.flat(), ...thresholds.map((t) => t.value)];
  const top = Math.max(1, ...values) * 1.1;
  const bottom = Math.min(0, ...values);
  const chart = { w: w - 44, h: h - 38 - Math.ceil(labels.length / 3) * 14 };
  const y = (v: number): number => 6 + (1 - (v - bottom) / (top - bottom)) * (chart.h - 12);
  const path = (points: number[]): string =>
    points
      .map((v, i) => `${i === 0 ? 'M' : 'L'}${(36 + (i / (POINTS - 1)) * (chart.w - 4)).toFixed(1)},${y(v).toFixed(1)}`)
      .join('');
  const svg =
    `<svg width="${w - 12}" height="${chart.h}">` +
    [top, (top + bottom) / 2, bottom]
      .map((v) => `<text x="30" y="${y(v) + 3}" text-anchor="end" class="axis">${Math.round(v)}</text>`)
      .join('') +
    `<line x1="36" x2="${chart.w + 32}" y1="${y(bottom)}" y2="${y(bottom)}" stroke="#ccc"/>` +
    thresholds
      .map(
        (t) =>
          `<line x1="36" x2="${chart.w + 32}" y1="${y(t.value)}" y2="${y(t.value)}" ` +
          `stroke="#e07b00" stroke-dasharray="4 3"/>`,
      )
      .join('') +
    lines
      .map(
        (points, i) =>
          `<path d="${path(points)}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.4"/>`,
      )
      .join('') +
    `</svg>`;
  const legend = labels
    .map((l, i) => `<span><i style="background:${COLORS[i % COLORS.length]}"></i>${escape(l)}</span>`)
    .join('');
  return `${svg}<div class="legend">${legend}</div>`;
}

/** A markdown text widget: headings, code and paragraphs. */
function markdownHtml(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => {
      const inline = escape(line).replace(/`([^`]+)`/g, '<code>$1</code>');
      const heading = /^(#+) (.*)$/.exec(inline);
      return heading === null ? `<p>${inline}</p>` : `<p class="h${heading[1]?.length ?? 1}">${heading[2] ?? ''}</p>`;
    })
    .join('');
}

/** An alarm status widget: each alarm's name, OK after the simulated day. */
function alarmsHtml(alarms: readonly string[]): string {
  return `<div class="alarms">${alarms
    .map((arn) => `<span class="ok">✓ ${escape(arn.slice(arn.lastIndexOf(':') + 1))}</span>`)
    .join('')}</div>`;
}

/** The simulated day's failure, as the run line records it: what the failures table shows. */
export interface DayFailure {
  readonly server: string;
  readonly check: string;
  readonly code: string;
  readonly remedy: string;
  readonly requestId: string;
}

/** A Logs Insights table: the columns its query displays, and the simulated day's rows. */
function tableHtml(widget: Widget, failure: DayFailure): string {
  const title = widget.properties.title ?? '';
  const columns = /^\|?\s*display (.+)$/m.exec(widget.properties.query ?? '')?.[1]?.split(/,\s*/) ?? [];
  const at = `2026-11-21 14:${String((INCIDENT.from % 60) + INCIDENT.minutes - 1).padStart(2, '0')}`;
  const failureRow: Readonly<Record<string, string>> = {
    '@timestamp': `${at}:41`,
    'f.server': failure.server,
    'f.check': failure.check,
    'f.code': failure.code,
    'f.judgedAt': `${at}:40`,
    'f.remedy': failure.remedy,
    'f.requestId': failure.requestId,
    'f.detail': 'HTTP 500',
  };
  if (/Latest failures/.test(title) && columns.length > 0)
    return table(columns, [columns.map((c) => failureRow[c] ?? '')]);
  if (/Availability/.test(title))
    return table(
      ['server', '% of runs up'],
      [
        ['org', '100.00 %'],
        [INCIDENT.server, `${(100 * (1 - INCIDENT.minutes / 1440)).toFixed(2)} %`],
      ],
    );
  return `<div class="empty">No data found.</div>`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = (tag: string, r: readonly string[]): string =>
    `<tr>${r.map((c) => `<${tag}>${escape(c)}</${tag}>`).join('')}</tr>`;
  return `<table>${cells('th', head)}${rows.map((r) => cells('td', r)).join('')}</table>`;
}

const UNIT = { x: 50, y: 27 };

/** The dashboard's widgets, each at its place on the grid, with a simulated day's values. */
export function dashboardHtml(widgets: readonly Widget[], failure: DayFailure): string {
  const random = seeded(20261121);
  const height = Math.max(...widgets.map((w) => w.y + w.height)) * UNIT.y;
  const cells = widgets.map((widget) => {
    const w = widget.width * UNIT.x - 8;
    const h = widget.height * UNIT.y - 8;
    const title =
      widget.properties.title === undefined ? '' : `<div class="title">${escape(widget.properties.title)}</div>`;
    const content =
      widget.type === 'metric'
        ? graph(widget, w, h, random)
        : widget.type === 'text'
          ? `<div class="md">${markdownHtml(widget.properties.markdown ?? '')}</div>`
          : widget.type === 'alarm'
            ? alarmsHtml(widget.properties.alarms ?? [])
            : tableHtml(widget, failure);
    return (
      `<div class="widget ${widget.type}" style="left:${widget.x * UNIT.x + 4}px;top:${widget.y * UNIT.y + 4}px;` +
      `width:${w}px;height:${h}px">${title}${content}</div>`
    );
  });
  return page(
    `body { background: #f2f3f3; font-size: 11px; } .grid { position: relative; height: ${height + 8}px; margin: 8px; }
     .widget { position: absolute; background: #fff; border: 1px solid #d5dbdb; border-radius: 2px; padding: 6px;
     overflow: hidden; }
     .title { font-weight: bold; font-size: 12px; margin-bottom: 4px; white-space: nowrap; overflow: hidden;
     text-overflow: ellipsis; }
     .axis { font-size: 9px; fill: #687078; } .legend { font-size: 10px; color: #333; line-height: 14px; }
     .legend span { margin-right: 8px; white-space: nowrap; } .legend i { display: inline-block; width: 9px;
     height: 3px; margin-right: 3px; vertical-align: 2px; }
     .md p { margin: 0 0 4px; font-size: 11px; } .md .h1 { font-size: 16px; font-weight: bold; }
     .md .h3 { font-size: 13px; font-weight: bold; }
     code { font: 10px 'DejaVu Sans Mono', monospace; background: #f2f3f3; padding: 0 2px; }
     .alarms { display: flex; flex-wrap: wrap; gap: 3px 10px; } .ok { color: #1d8102; font-size: 10.5px; }
     table { border-collapse: collapse; width: 100%; table-layout: fixed; } th { text-align: left; font-size: 10.5px;
     color: #545b64; padding: 3px 6px; border-bottom: 1px solid #d5dbdb; white-space: nowrap; overflow: hidden; }
     td { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-bottom: 1px solid #eaeded;
     padding: 3px 6px; font-size: 11px; }
     .empty { color: #687078; padding: 8px 0; }`,
    `<div class="grid">${cells.join('')}</div>`,
  );
}

/** The architecture: what runs where, and where a page goes. */
export function architectureHtml(): string {
  const box = (x: number, y: number, w: number, title: string, text: string, cls = ''): string =>
    `<div class="box ${cls}" style="left:${x}px;top:${y}px;width:${w}px"><b>${title}</b><span>${text}</span></div>`;
  const arrow = (x1: number, y1: number, x2: number, y2: number, label = ''): string =>
    `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#a)"/>` +
    (label === '' ? '' : `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 6}" text-anchor="middle">${label}</text>`);
  return page(
    `body { background: #fff; } .canvas { position: relative; width: 900px; height: 330px; }
     .box { position: absolute; border: 1.5px solid #41576b; border-radius: 8px; padding: 8px 10px; background: #f7f9fb;
     font-size: 12px; line-height: 1.35; } .box b { display: block; font-size: 13.5px; margin-bottom: 2px; }
     .box span { color: #44515e; }
     .okta { background: #eef3ff; border-color: #3557c5; } .people { background: #f1faf3; border-color: #2e7d5b; }
     .aws { position: absolute; left: 200px; top: 12px; width: 470px; height: 306px; border: 1.5px dashed #e07b00;
     border-radius: 10px; } .aws-label { position: absolute; left: 212px; top: 18px; color: #b86200;
     font-weight: bold; font-size: 12px; }
     svg { position: absolute; left: 0; top: 0; } line { stroke: #41576b; stroke-width: 1.6; }
     text { font-size: 11px; fill: #44515e; ${FONT} }`,
    `<div class="canvas"><div class="aws"></div><div class="aws-label">Your AWS account, one stack a region</div>` +
      box(14, 110, 160, 'Your Okta org', 'authorization servers, sign-in, SAML apps, System Log', 'okta') +
      box(222, 48, 190, 'Probe Lambda', 'every minute (EventBridge Scheduler); keys from Secrets Manager') +
      box(222, 200, 190, 'CloudWatch', 'metrics in one namespace, alarms, the dashboard') +
      box(460, 48, 190, 'SNS topics', 'page and warn, each alarm change once') +
      box(460, 200, 190, 'Notifier Lambda', 'the diagnosis, the fix, the request id') +
      box(704, 48, 182, 'Pagers', 'PagerDuty, Opsgenie, any HTTPS endpoint', 'people') +
      box(704, 200, 182, 'People', 'e-mail, Slack or Teams (Amazon Q)', 'people') +
      `<svg width="900" height="330"><defs>` +
      `<marker id="a" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">` +
      `<path d="M0,0 L8,4 L0,8 z" fill="#41576b"/></marker></defs>` +
      arrow(222, 122, 176, 122, '') +
      `<text x="199" y="114" text-anchor="middle">probes</text>` +
      arrow(316, 138, 316, 196, 'metrics') +
      arrow(412, 222, 458, 108, 'alarms') +
      arrow(555, 122, 555, 196, '') +
      arrow(652, 84, 702, 84, '') +
      arrow(652, 236, 702, 236, '') +
      `</svg></div>`,
  );
}
