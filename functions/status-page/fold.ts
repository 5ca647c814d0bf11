// One run line folded into the model: each part the run judged takes its verdict (its since kept while its state
// holds), a part the run names without judging keeps its own, a target a full run no longer names turns unknown and
// is forgotten after a week, and the whole stays bounded however many targets, groups and apps a line names. The CLI
// folds a history in order and the Lambda each new run into the model it read back, both through page.ts.
import { STATUS_SERVER, type RunLogLine } from '../contract';
import { pagesBesideApis, type JourneyRun } from '../plan/page-beside-api';
import {
  FORGET_AFTER_MS,
  MOST_CATALOGUE_APPS,
  MOST_GROUP_APPS,
  MOST_LABEL,
  MOST_PARTS,
  MOST_PROVISIONING_APPS,
  MOST_RUNS,
  PART_KINDS,
  STATUS_MODEL_VERSION,
  type GroupApp,
  type PageBeside,
  type StatusModel,
  type StatusPart,
} from './model';
import { integrationVerdicts } from './integrations';
import { isFullRun, partKey, runVerdicts, TARGET_KINDS, type QuorumView, type Verdict } from './verdicts';
import type { WatchedPart } from './watched';
import type { JudgedElsewhere } from './browser-line';

/**
 * The model with `line` folded in; a line no newer than the model's last run changes nothing. `watched` (watchedOf a
 * config) names each part's kind and people's name: without it, kinds are read from the lines alone. `quorum`, with
 * several regions: what the quorum decided of each target, which the page tells instead of one region's run.
 * `elsewhere`, deployed: the parts the browser function judged, dated by its run, and those it did not judge lately.
 */
export function foldRunLine(
  prev: StatusModel | undefined,
  line: RunLogLine,
  watched: readonly WatchedPart[] = [],
  quorum?: QuorumView,
  elsewhere?: JudgedElsewhere,
): StatusModel {
  const at = line.startedAt;
  if (prev !== undefined && Date.parse(at) <= Date.parse(prev.lastRunAt)) return prev;
  // The config's word on a kind comes last, so it overrides what earlier lines suggested.
  const known = [...(prev?.parts ?? []), ...watched];
  // A config that reads no status feed: no run judges Okta's, so the page never says it works.
  const noFeed = watched.length > 0 && !watched.some((w) => w.kind === 'okta');
  const verdicts = withPagesBeside(
    line,
    watched,
    new Map(
      [...runVerdicts(line, known, quorum), ...integrationVerdicts(line, known)]
        .filter((v) => !(noFeed && v.kind === 'okta' && v.state === 'ok'))
        .map((v) => [partKey(v), v]),
    ),
  );
  if (elsewhere !== undefined) staleBesides(verdicts, elsewhere.stale, known);
  // A target found to be of another kind (a listed SAML app first seen passing) is one part, of its new kind.
  const retyped = new Set([...verdicts.values()].filter((v) => TARGET_KINDS.includes(v.kind)).map((v) => v.id));
  const parts = new Map<string, StatusPart>();
  for (const old of prev?.parts ?? []) {
    const key = partKey(old);
    const verdict = verdicts.get(key);
    const judgedAt = elsewhere?.judgedAt.get(key);
    // Another function's run already folded (the probe reads the browser's line each of its runs) changes nothing.
    if (verdict?.held === true || (verdict !== undefined && judgedAt === old.checkedAt)) parts.set(key, old);
    else if (verdict !== undefined) parts.set(key, advance(old, verdict, judgedAt ?? at));
    else if (!(TARGET_KINDS.includes(old.kind) && retyped.has(old.id))) {
      const kept = unjudged(old, line);
      if (kept !== undefined) parts.set(key, kept);
    }
  }
  for (const [key, verdict] of verdicts)
    if (!parts.has(key)) parts.set(key, advance(undefined, verdict, elsewhere?.judgedAt.get(key) ?? at));
  return {
    version: STATUS_MODEL_VERSION,
    orgUrl: line.orgUrl,
    lastRunAt: at,
    runs: Math.min((prev?.runs ?? 0) + 1, MOST_RUNS),
    parts: bounded(named([...parts.values()], watched)),
  };
}

/**
 * The verdicts with each browser journey's page told beside its API: a page that failed while an API journey of its
 * app (the config's, `watched`) passed in this run. Whose it is, the registry's through pagesBesideApis, is the part's
 * fault's owner too: Okta's own asset or its status feed makes it Okta's, as the line says.
 */
function withPagesBeside(
  line: RunLogLine,
  watched: readonly WatchedPart[],
  verdicts: Map<string, Verdict>,
): Map<string, Verdict> {
  const journeys = watched.flatMap((w) =>
    w.kind === 'journey' && w.app !== undefined ? [{ id: w.id, ...w.app }] : [],
  );
  const runOf = (id: string): JourneyRun | undefined => {
    const verdict = verdicts.get(partKey({ kind: 'journey', id }));
    if (verdict === undefined || verdict.held === true) return undefined;
    if (verdict.state === 'ok') return { passed: true };
    const failure = line.failures.find((f) => f.server === id && f.check === 'sign-in' && f.withheld === undefined);
    return failure === undefined ? undefined : { passed: false, code: failure.code, detail: failure.detail };
  };
  const feed = line.failures.find((f) => f.server === STATUS_SERVER && f.check === 'status');
  for (const told of pagesBesideApis(journeys, runOf, { orgUrl: line.orgUrl, feed: feed?.code })) {
    const key = partKey({ kind: 'journey', id: told.page });
    const verdict = verdicts.get(key);
    const [api] = told.apis;
    if (verdict?.fault === undefined || api === undefined) continue;
    const beside: PageBeside = { api, owner: told.owner, ...(told.okta !== undefined && { okta: told.okta }) };
    verdicts.set(key, { ...verdict, fault: { ...verdict.fault, owner: told.owner }, beside });
  }
  return verdicts;
}

/**
 * The journeys another function runs and did not judge lately: each, and its app when one is known, unknown (our
 * monitoring's side: nothing judged it), never the working its last verdict said.
 */
function staleBesides(
  verdicts: Map<string, Verdict>,
  stale: readonly string[],
  known: readonly Pick<StatusPart, 'id' | 'kind'>[],
): void {
  const apps = new Set(known.filter((p) => p.kind === 'app').map((p) => p.id));
  for (const id of stale) {
    verdicts.set(partKey({ kind: 'journey', id }), { id, kind: 'journey', state: 'unknown' });
    if (apps.has(id)) verdicts.set(partKey({ kind: 'app', id }), { id, kind: 'app', state: 'unknown' });
  }
}

/**
 * A part with a run's verdict: its since kept while its state holds, a group's apps (provisioning's) each with their
 * own.
 */
function advance(old: StatusPart | undefined, verdict: Verdict, at: string): StatusPart {
  // A failure that passes from one owner to another (the org's setting fixed, then Okta's outage) is a new one.
  const same = old !== undefined && old.state === verdict.state && old.fault?.owner === verdict.fault?.owner;
  const since = same ? old.since : at;
  // What was last known to work, and when, kept while our side cannot check it (never while it fails).
  const lastOkAt = verdict.state !== 'unknown' ? undefined : old?.state === 'ok' ? old.checkedAt : old?.lastOkAt;
  const integration =
    verdict.kind === 'integration' ? { name: verdict.name ?? old?.name, role: verdict.role ?? old?.role } : undefined;
  const part: StatusPart = {
    id: verdict.id,
    kind: verdict.kind,
    state: verdict.state,
    since,
    checkedAt: at,
    ...(lastOkAt !== undefined && { lastOkAt }),
    ...(verdict.fault !== undefined && { fault: verdict.fault }),
    // An integration's name and role are Okta's, from the line: a verdict without them (not seen) keeps the last.
    ...(integration?.name !== undefined && { name: integration.name }),
    ...(integration?.role !== undefined && { role: integration.role }),
    // A catalogue's list is kept until a build reads the group's records again (named): a deployed probe reads them
    // only on the group's own runs, and a list that vanished between them would lose the app a caller names.
    ...(old?.catalogue !== undefined && { catalogue: old.catalogue }),
    ...(old?.moreCatalogue !== undefined && { moreCatalogue: old.moreCatalogue }),
    ...(verdict.beside !== undefined && { beside: verdict.beside }),
  };
  if (verdict.apps === undefined) return part;
  const before = new Map((old?.apps ?? []).map((app) => [app.label, app]));
  const apps = [...verdict.apps]
    .map(([label, app]): GroupApp => {
      const was = before.get(label);
      return { label, state: app.state, since: was?.state === app.state ? was.since : at, fault: app.fault };
    })
    .sort((a, b) => Number(b.state === 'failing') - Number(a.state === 'failing') || byText(a.label, b.label));
  const most = verdict.kind === 'provisioning' ? MOST_PROVISIONING_APPS : MOST_GROUP_APPS;
  const more = Math.max(0, apps.length - most) + (verdict.moreApps ?? 0);
  return { ...part, apps: apps.slice(0, most), ...(more > 0 && { moreApps: more }) };
}

/**
 * A part the run gave no verdict: kept as it was after a limited run (`--server`, `--check`: it judged only what it
 * names) or when no run names its kind's health but a failure; a target a full run left out is unknown from then, and
 * forgotten after a week.
 */
function unjudged(old: StatusPart, line: RunLogLine): StatusPart | undefined {
  if (!isFullRun(line) || !TARGET_KINDS.includes(old.kind)) return old;
  if (Date.parse(line.startedAt) - Date.parse(old.checkedAt) > FORGET_AFTER_MS) return undefined;
  if (old.state === 'unknown') return old;
  const { fault: _fault, beside: _beside, ...rest } = old;
  return { ...rest, state: 'unknown', since: line.startedAt };
}

/** Each part with its people's name from the config, when it has one, and a catalogue's apps by label. */
function named(parts: StatusPart[], watched: readonly WatchedPart[]): StatusPart[] {
  const names = new Map(watched.flatMap((w) => (w.name !== undefined ? [[partKey(w), w.name] as const] : [])));
  const catalogues = new Map(watched.flatMap((w) => (w.catalogue !== undefined ? [[partKey(w), w.catalogue]] : [])));
  return parts.map((part) => {
    const name = names.get(partKey(part))?.slice(0, MOST_LABEL);
    const catalogue = catalogues.get(partKey(part));
    const more = Math.max(0, (catalogue?.length ?? 0) - MOST_CATALOGUE_APPS);
    // A list read now replaces the one kept, its count of the rest with it.
    const { moreCatalogue: _kept, ...rest } = part;
    return {
      ...(catalogue !== undefined ? rest : part),
      ...(name !== undefined && { name }),
      ...(catalogue !== undefined && { catalogue: catalogue.slice(0, MOST_CATALOGUE_APPS) }),
      ...(more > 0 && { moreCatalogue: more }),
    };
  });
}

/** Code-unit order: the same page on every machine, whatever its locale. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** At most MOST_PARTS, the parts not ok kept first; in the page's order: by kind, then id. */
function bounded(parts: StatusPart[]): StatusPart[] {
  const kept =
    parts.length <= MOST_PARTS
      ? parts
      : [...parts].sort((a, b) => Number(a.state === 'ok') - Number(b.state === 'ok')).slice(0, MOST_PARTS);
  return kept.sort((a, b) => PART_KINDS.indexOf(a.kind) - PART_KINDS.indexOf(b.kind) || byText(a.id, b.id));
}
