// index.html: the status page the help desk opens while Okta is down. One self-contained page (its style and script
// inline, allowed by hash, nothing from another origin), every text from Okta or the config escaped, each state told
// in words and symbols, and stale in the viewer's browser as soon as no run has come for five minutes.
import type { FaultOwner } from '../contract';
import { DIAGNOSES } from '../diagnosis/table';
import { pageBesideApiLine } from '../plan/page-beside-api';
import { escapeHtml } from '../text/html-escape';
import { callerSentence, provisioningAppSentence, STALE_SENTENCE } from './caller';
import { integrationName } from './integrations';
import { isStale, overallOf, type Overall } from './json';
import {
  catalogueIsCurrent,
  catalogueNow,
  minuteOf,
  PART_KINDS,
  type CatalogueApp,
  type GroupApp,
  type PartFault,
  type PartKind,
  type PartState,
  type StatusModel,
  type StatusPart,
} from './model';
import { PAGE_CSP, PAGE_CSS, PAGE_SCRIPT } from './page-style';
import { PREVIEW_HEADING, type PreviewLine } from './preview';

const HEADINGS: Readonly<Record<PartKind, string>> = {
  okta: "Okta's own service",
  journey: 'Sign-in journeys',
  app: "Apps signed in to after Okta's part",
  'saml-app': 'SAML apps',
  'saml-group': 'Catalogues of SAML apps',
  server: 'Authorization servers',
  api: 'APIs reached with their tokens',
  'user-sign-ins': "Real users' sign-ins",
  integration: 'Our integrations: hooks, SMS and voice (System Log)',
  provisioning: 'Provisioning',
};

const BADGES: Readonly<Record<PartState, string>> = { ok: '✓ WORKING', failing: '✗ FAILING', unknown: '? UNKNOWN' };

const OWNERS: Readonly<Record<FaultOwner, string>> = {
  okta: "Okta's side",
  org: 'A setting on our side',
  probe: "Our monitoring's own side",
  app: "The app's own side; Okta works",
};

/** Above this many working parts, a section lists them folded: a thousand apps keep the page readable. */
const OPEN_WORKING = 20;

const minute = minuteOf;

/** Text while the page is current, and what replaces it once stale: a stale page claims nothing works. */
function live(current: string, stale: string): string {
  return `<span class="live">${current}</span><span class="when-stale">${stale}</span>`;
}

function badge(state: PartState): string {
  const stale = `<span class="when-stale">${BADGES.unknown}</span>`;
  return `<span class="badge"><span class="live">${BADGES[state]}</span>${stale}</span>`;
}

function faultLine(fault: PartFault): string {
  const title = DIAGNOSES[fault.code].title;
  const owner = `<strong>${OWNERS[fault.owner]}</strong>`;
  return `<p class="owner">Whose fault: ${owner} (${escapeHtml(title)}, ${fault.code})</p>`;
}

/** How a part's list of apps is headed, `{n}` their count: a catalogue's apps sign in, provisioning's get accounts. */
const APPS_HEADS: Partial<Readonly<Record<PartKind, readonly [one: string, many: string, rest: string]>>> = {
  // Every app of the catalogue is listed below them by name, each with what its last check found.
  'saml-group': ['1 app not working', '{n} apps not working', ''],
  provisioning: [
    'Okta cannot keep accounts in 1 app',
    'Okta cannot keep accounts in {n} apps',
    '; in every other app it can',
  ],
};

function groupApps(part: StatusPart): string {
  const apps = part.apps ?? [];
  const heads = APPS_HEADS[part.kind];
  if (apps.length === 0 || heads === undefined) return '';
  // Provisioning's apps each have their own line for callers: what a caller misses depends on the app.
  const caller = (app: GroupApp): string =>
    part.kind === 'provisioning'
      ? `<p class="caller">${live(`Tell callers: ${escapeHtml(provisioningAppSentence(app))}`, '')}</p>`
      : '';
  const item = (app: GroupApp): string =>
    `<li>${BADGES[app.state]} <span class="name">${escapeHtml(app.label)}</span> ` +
    `<span class="since">since ${minute(app.since)}</span> · ${OWNERS[app.fault.owner]} ` +
    `(${escapeHtml(DIAGNOSES[app.fault.code].title)})${caller(app)}</li>`;
  const more = part.moreApps !== undefined ? `<li>and ${part.moreApps} more</li>` : '';
  const count = apps.length + (part.moreApps ?? 0);
  const [one, many, others] = heads;
  const rest = live(others, ' when monitoring last ran');
  const head = `<p>${count === 1 ? one : many.replace('{n}', String(count))}${rest}:</p>`;
  return `${head}<ul class="apps">${apps.map(item).join('')}${more}</ul>`;
}

/** A catalogue's apps by what their own last check found, in the order shown: singular and plural. */
const CATALOGUE_WORDS: readonly (readonly [PartState, string, string])[] = [
  ['failing', '✗ did not pass its last check', '✗ did not pass their last check'],
  ['unknown', '? not checked yet, or skipped', '? not checked yet, or skipped'],
  ['ok', '✓ passed its last check', '✓ passed their last check'],
];

/**
 * When the listed apps' own last checks ran ("at 10:03 UTC", "between 09:58 and 10:03 UTC"): a catalogue's list is
 * what was last known of each app, never what this run found, so it says when; empty when no app's time is known.
 */
function checkedWhen(apps: readonly CatalogueApp[]): string {
  const times = apps.flatMap((app) => (app.checkedAt !== undefined ? [app.checkedAt] : [])).sort();
  const [first, last] = [times[0], times[times.length - 1]];
  if (first === undefined || last === undefined) return '';
  const [from, to] = [minute(first), minute(last)];
  return from === to ? ` at ${from}` : ` between ${from} and ${to}`;
}

/**
 * Every app of a catalogue by its label, working ones included: the help desk searches the page for the app a caller
 * names. A box of a few lines that scrolls keeps a thousand apps from burying the page, and its text is rendered, so
 * every browser's find-in-page finds and shows a label in it (a closed <details> is searched by Chromium alone).
 */
function catalogueList(part: StatusPart): string {
  const apps = catalogueNow(part, false);
  if (apps.length === 0) return '';
  const total = apps.length + (part.moreCatalogue ?? 0);
  // The labels stay grouped by what their own checks found, so the help desk still finds what was last known.
  const lists = CATALOGUE_WORDS.map(([state, one, many]) => {
    const these = apps.filter((app) => app.lastKnownState === state);
    if (these.length === 0) return '';
    // A space between the items: copied or read aloud, two labels stay two.
    const items = these.map((app) => `<li>${escapeHtml(app.label)}</li>`).join(' ');
    // Not ok now, the catalogue's list is only what was last known: said so, with when. Unknown now (status.json's
    // state, by the same rule), it says so first.
    const now = catalogueIsCurrent(part, false) ? '' : '? unknown now; ';
    const known = state !== 'unknown' && part.state !== 'ok' ? `${now}last known: ` : '';
    const when = state === 'unknown' ? '' : checkedWhen(these);
    const head = `<p class="labels-head">${known}${these.length} ${these.length === 1 ? one : many}${when}:</p>`;
    return `${head}<ul class="labels">${items}</ul>`;
  }).join('');
  const more = part.moreCatalogue !== undefined ? `<p>and ${part.moreCatalogue} more, not named here</p>` : '';
  const title = `${total === 1 ? 'The 1 app' : `All ${total} apps`} of ${escapeHtml(part.name ?? part.id)} by name`;
  return (
    `<p class="labels-title">${title} (find one with your browser's Find, Ctrl+F):</p>` +
    `<div class="catalogue" role="region" tabindex="0" aria-label="${title}">${lists}${more}</div>`
  );
}

/** The parts that are no config's: named by the page. */
const OWN_NAMES: Partial<Readonly<Record<PartKind, string>>> = {
  okta: "Okta's status feed",
  'user-sign-ins': 'People signing in (System Log)',
  provisioning: 'Accounts Okta keeps in our apps (provisioning)',
};

/** People's name with the config's id beside it, or the id alone. */
function nameOf(part: StatusPart): string {
  const own = OWN_NAMES[part.kind];
  if (own !== undefined) return `<span class="name">${own}</span>`;
  const id = escapeHtml(part.id);
  // Okta's name of a hook or provider, told as what it is ("The registration hook "Sign-up check"").
  if (part.kind === 'integration')
    return `<span class="name">${escapeHtml(integrationName(part))}</span> <span class="since">(${id})</span>`;
  if (part.name === undefined) return `<span class="name">${id}</span>`;
  return `<span class="name">${escapeHtml(part.name)}</span> <span class="since">(${id})</span>`;
}

/**
 * A browser journey's page broken while an API journey of its app passed: the line, named as the page names parts,
 * with the finding's remedy (the table's, addressed to the org) when the page is the org's.
 */
function besideLine(part: StatusPart, model: StatusModel): string {
  if (part.beside === undefined || part.fault === undefined) return '';
  const names = new Map(model.parts.filter((p) => p.kind === 'journey').map((p) => [p.id, p.name ?? p.id]));
  const told = { page: part.id, apis: [part.beside.api], code: part.fault.code, owner: part.beside.owner };
  const line = pageBesideApiLine(
    part.beside.okta === undefined ? told : { ...told, okta: part.beside.okta },
    (id) => names.get(id) ?? id,
  );
  const remedy =
    part.beside.okta === undefined
      ? ` ${DIAGNOSES[part.fault.code].remedy.replaceAll('https://<org>', model.orgUrl)}`
      : '';
  return `<p class="beside">${live(escapeHtml(`${line}${remedy}`), '')}</p>`;
}

function partItem(part: StatusPart, model: StatusModel): string {
  const caller =
    `<p class="caller"><span class="live">Tell callers: ${escapeHtml(callerSentence(part))}</span>` +
    `<span class="when-stale">Tell callers: ${escapeHtml(STALE_SENTENCE)}</span></p>`;
  return (
    `<li class="part ${part.state}">${badge(part.state)} ${nameOf(part)} ` +
    `<span class="since">${live('', 'last known: ')}${part.state === 'ok' ? 'working' : part.state} since ` +
    `${minute(part.since)}</span>` +
    `${part.fault !== undefined ? faultLine(part.fault) : ''}${besideLine(part, model)}${groupApps(part)}${caller}` +
    `${catalogueList(part)}</li>`
  );
}

/** One kind's section: what is not ok listed first and open, the working folded when there are many. */
function section(kind: PartKind, parts: readonly StatusPart[], model: StatusModel): string {
  const item = (part: StatusPart): string => partItem(part, model);
  const notOk = parts.filter((p) => p.state !== 'ok');
  const ok = parts.filter((p) => p.state === 'ok');
  const open = ok.length <= OPEN_WORKING ? [...notOk, ...ok] : notOk;
  const folded =
    ok.length > OPEN_WORKING
      ? `<details><summary>${ok.length} ${live('working', 'working when monitoring last ran')}</summary>` +
        `<ul>${ok.map(item).join('')}</ul></details>`
      : '';
  const count = live(`${parts.length - notOk.length} of ${parts.length} working`, 'not current');
  const heading = `<h2>${HEADINGS[kind]} <span class="since">(${count})</span></h2>`;
  return `<section>${heading}<ul>${open.map(item).join('')}</ul>${folded}</section>`;
}

const OVERALL_WORDS: Readonly<Record<Exclude<Overall, 'stale'>, string>> = {
  ok: '✓ Everything watched is working.',
  failing: '✗ Something is failing: see below for what, whose fault, and what to tell callers.',
  unknown: '? Some things could not be checked: see below.',
};

function banners(model: StatusModel, at: Date): string {
  const overall = overallOf(model, at);
  const live = overall === 'stale' ? overallOf(model, new Date(Date.parse(model.lastRunAt))) : overall;
  return (
    `<div class="banner stale when-stale" role="alert">⚠ MONITORING IS DOWN OR STALE: the last check ran at ` +
    `${minute(model.lastRunAt)}, more than 5 minutes ago. Nothing below is current and nothing is claimed to work. ` +
    `${escapeHtml(STALE_SENTENCE)}</div>` +
    `<noscript><p class="banner unknown">Check the time of the last check above: if it is more than 5 minutes ago, ` +
    `monitoring has stopped and nothing on this page is current.</p></noscript>` +
    `<div class="banner live ${live}">${OVERALL_WORDS[live as Exclude<Overall, 'stale'>]}</div>`
  );
}

/**
 * The Preview org's note: a section of its own, never a part's badge or colour (a neutral border, amber while a check
 * fails in Preview only), so it cannot turn the page red; once the page is stale it claims nothing current.
 */
function previewNote(preview: PreviewLine | undefined): string {
  if (preview === undefined) return '';
  const note = live(escapeHtml(preview.text), 'Not current: monitoring is down or stale.');
  return (
    `<section class="preview"><h2>${escapeHtml(PREVIEW_HEADING)}</h2>` +
    `<p class="preview-note ${preview.state}" data-preview="${preview.state}">${note}</p></section>`
  );
}

/** The page at `at`: stale already when the newest run is older than five minutes then. */
export function renderStatusHtml(model: StatusModel, at: Date, preview?: PreviewLine): string {
  const org = escapeHtml(model.orgUrl.replace(/^https?:\/\//, ''));
  const sections = PART_KINDS.map((kind) => [kind, model.parts.filter((p) => p.kind === kind)] as const)
    .filter(([, parts]) => parts.length > 0)
    .map(([kind, parts]) => section(kind, parts, model))
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">
<meta http-equiv="refresh" content="60">
<link rel="icon" href="data:,">
<title>Sign-in status: ${org}</title>
<style>${PAGE_CSS}</style>
</head>
<body class="${isStale(model, at) ? 'stale' : 'fresh'}" data-last-run="${escapeHtml(model.lastRunAt)}">
<header><h1>Sign-in status</h1><p class="org">${org}</p>
<p class="when">Last check: <time datetime="${escapeHtml(model.lastRunAt)}">${minute(model.lastRunAt)}</time>
· page built ${minute(at.toISOString())}</p></header>
<main>${banners(model, at)}
${sections}
${previewNote(preview)}
</main>
<footer><p>Okta's own status for every customer: <a href="https://status.okta.com/">status.okta.com</a>.
This page refreshes every minute.</p></footer>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
