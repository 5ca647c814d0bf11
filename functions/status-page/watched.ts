// What a config watches, by kind, with people's names: a run line names its targets by id only, so a listed SAML app
// that passes reads like a server, and a catalogue or real users' sign-ins appear in it only when they fail. The
// CLI (--config, else the config its runs used) and the Lambda (its config) give this to the fold, so the page names
// each before any failure. A catalogue's apps come from its kept records (a record per app, CatalogueStore): a run
// line names only its failing apps, and the help desk looks up the app a caller names, working or not.
import { SAML_GROUP, STATUS_SERVER, type DiagnosisCode } from '../contract';
import { verdictOf } from '../plan/verdict';
import { readKeptApp } from '../probe/saml/group/apps';
import type { PageApp } from '../plan/page-beside-api';
import type { ProbeConfig } from '../types';
import { MOST_LABEL, USER_SIGN_INS_PART, type CatalogueApp, type PartKind, type PartState } from './model';

export interface WatchedPart {
  readonly id: string;
  readonly kind: PartKind;
  /** People's name for it ("name" in the config). */
  readonly name?: string;
  /** A group of SAML apps: each of its apps by label, as its kept record says (catalogueOf). */
  readonly catalogue?: readonly CatalogueApp[];
  /** A journey: its flow and its app (server and client), to tell its page beside its API (pagesBesideApis). */
  readonly app?: Omit<PageApp, 'id'>;
}

/**
 * Each thing the config watches that the page names: its targets, journeys' apps, catalogues, APIs and real users'
 * sign-ins.
 */
export function watchedOf(
  probe: Pick<ProbeConfig, 'servers' | 'signIn' | 'samlApps' | 'samlGroups'> &
    Partial<Pick<ProbeConfig, 'statusPageUrl'>>,
): readonly WatchedPart[] {
  const named = (kind: PartKind, entry: { readonly id: string; readonly name?: string }): WatchedPart => ({
    id: entry.id,
    kind,
    ...(entry.name !== undefined && { name: entry.name }),
  });
  return [
    ...(probe.signIn ?? []).map((j) => ({
      ...named('journey', j),
      app: { flow: j.flow, server: j.server, clientId: j.clientId },
    })),
    // A journey's app, under the journey's id, by the app's name: the help desk knows "Expenses".
    ...(probe.signIn ?? []).flatMap((j) => (j.app !== undefined ? [named('app', { id: j.id, name: j.app.name })] : [])),
    ...(probe.samlApps ?? []).map((a) => named('saml-app', a)),
    ...(probe.samlGroups ?? []).map((g) => named('saml-group', g)),
    ...probe.servers.map((s) => named('server', s)),
    ...probe.servers.filter((s) => (s.resources?.length ?? 0) > 0).map((s) => named('api', s)),
    ...(probe.servers.some((s) => s.userSignIns !== undefined)
      ? [{ id: USER_SIGN_INS_PART, kind: 'user-sign-ins' as const }]
      : []),
    // Okta's status feed, unless the config turned it off (statusPageUrl null): then nothing reads it.
    ...(probe.statusPageUrl !== null ? [{ id: STATUS_SERVER, kind: 'okta' as const }] : []),
  ];
}

/** What an app's kept record says at `at`: a verdict dated after it judged nothing then. */
function appState(record: ReturnType<typeof readKeptApp>, at: number): PartState {
  if (record?.at === undefined || record.at > at || record.notRun !== undefined || record.code === undefined)
    return 'unknown';
  if (record.code === null) return 'ok';
  // Our own side (the probe's client, user or network), or a finding that could not judge the app (Okta's read-only
  // mode), judged nothing about it: the registry's state, as the group's line gives it.
  return verdictOf('saml-apps', record.code as DiagnosisCode).state;
}

/**
 * A record of an app gone from the catalogue: the group says each present app is still there once a day
 * (SAML_GROUP.forgetAfterMs / 7), and forgets one gone only after a week; meanwhile the page does not list it.
 */
const GONE_AFTER_MS = (2 * SAML_GROUP.forgetAfterMs) / 7;

/**
 * Every app of a group by label with what its last check found by `at`: the group's kept records (hostile: each
 * judged again), and its listed apps (`listed`, the config's samlApps of the group), the ones no run has checked yet
 * among them. A discovered app is named by Okta's label, a listed one by the config's name, else its id; an app the
 * config no longer lists, or the catalogue no longer holds, is not named. Sorted by label, code unit order (the same
 * page on every machine).
 */
export function catalogueOf(
  records: ReadonlyMap<string, unknown>,
  listed: readonly { readonly id: string; readonly name?: string }[],
  at: number,
): CatalogueApp[] {
  const names = new Map(listed.map((app) => [app.id, app.name ?? app.id]));
  // Read without a clock: a record checked after `at` still names its app (its verdict is not taken).
  const read = [...records].map(([key, value]) => [key, readKeptApp(value)] as const);
  const newest = read.reduce((most, [, record]) => Math.max(most, record?.seen ?? 0), 0);
  const apps = new Map<string, CatalogueApp>();
  for (const [key, record] of read) {
    if (record !== undefined && newest - record.seen > GONE_AFTER_MS) continue;
    // A record without Okta's description is a listed app's, kept under its config id: named while the config lists
    // it. One unreadable is named only then too, never by Okta's app id.
    const label = record?.found?.label ?? names.get(key);
    if (label === undefined) continue;
    const state = appState(record, at);
    // When its own check judged it: the page tells a list of last-known verdicts with their time.
    const checkedAt = state !== 'unknown' && record?.at !== undefined ? new Date(record.at).toISOString() : undefined;
    apps.set(key, { label: oneLine(label), state, ...(checkedAt !== undefined && { checkedAt }) });
  }
  for (const [id, name] of names) if (!apps.has(id)) apps.set(id, { label: oneLine(name), state: 'unknown' });
  return [...apps.values()]
    .filter((app) => app.label !== '')
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** A label as one line of at most MOST_LABEL characters: Okta's labels are free text. */
const oneLine = (label: string): string => label.replace(/\s+/g, ' ').trim().slice(0, MOST_LABEL);

/**
 * What the config watches, each group of SAML apps with its apps by label from its records as read (`records`, by
 * group id): a group with none read keeps what the page last said of it (the fold keeps a part's list).
 */
export function withCatalogueRecords(
  probe: ProbeConfig,
  records: ReadonlyMap<string, ReadonlyMap<string, unknown>>,
  at: number,
): WatchedPart[] {
  return watchedOf(probe).map((part) => {
    const read = part.kind === 'saml-group' ? records.get(part.id) : undefined;
    if (read === undefined) return part;
    const listed = (probe.samlApps ?? []).filter((app) => app.group === part.id);
    return { ...part, catalogue: catalogueOf(read, listed, at) };
  });
}
