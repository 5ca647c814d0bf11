// The org's hooks as Okta lists them, beside what the System Log says of them: GET /api/v1/inlineHooks
// (okta.inlineHooks.read) and GET /api/v1/eventHooks (okta.eventHooks.read), each hook's id, name, status (ACTIVE,
// INACTIVE), type (an inline hook's: com.okta.oauth2.tokens.transform...) and `channel.config.uri` (okta-sdk-nodejs
// oas-spec/management.yaml, schemas InlineHook, InlineHookChannelHttp, InlineHookChannelConfig, EventHook). Neither
// list takes a paging parameter in the spec (an org has at most 100 inline hooks): a `Link: next` is followed all the
// same, for HOOK_READ.maxPages pages, and a list cut there says so. Each list is read on a token of its own scope, so a
// scope not granted leaves that list unread and nothing else; a scope the "org" server does not list is not asked.
// The lists change when an admin edits a hook: read at most every HOOK_READ.everyMinutes, as the provisioning check's
// app listing is. An active inline hook is named; the System Log's judgement of it stands, and one the log saw no call
// of in the window is "not seen", never "works". Each active hook's endpoint has its certificate read (hook-tls.ts).
import {
  INLINE_HOOKS_SCOPE,
  INTEGRATION_HEALTH,
  INVENTORY_SCOPES,
  type DiagnosisCode,
  type IntegrationFacts,
} from '../../contract';
import type { CheckItem } from '../../types';
import type { ServerContext } from '../context';
import { InventoryReader } from '../okta/management-read';
import { isOurNetwork } from '../../diagnosis/registry';
import { runToken } from '../okta/token';
import { inParallel } from '../parallel';
import { finding, findingOf, type Finding } from '../verdict';
import { readThroughMany, readThrough } from '../../cache/read-through';
import { cleanName, HOOK_TYPES, type HookType, type IntegrationEvent } from './events';
import { judgeHookUrl, readCertificate, type CertRead, type TlsReadOptions, type UrlVerdict } from './hook-tls';
import { hookFacts, type IntegrationJudgement, type Told } from './judge';

/** How the hook lists and their endpoints are read: bounded in requests, hosts, time and concurrency. */
export const HOOK_READ = {
  /** Minutes between reads of the lists: hooks change when an admin edits one. */
  everyMinutes: 60,
  /** Minutes before a refused list is asked again: a grant just given shows soon, a refusal costs Okta one request. */
  refusedAgainMinutes: 10,
  /** Pages of each list followed, at most (Okta sends one: an org has at most 100 inline hooks). */
  maxPages: 3,
  /** Items of a page read, at most; a page holding more is refused. */
  pageLimit: 200,
  /** Hosts whose certificate a run reads, at most; the rest are read by the next runs (each kept an hour). */
  maxHosts: 10,
  /** One handshake's time, ms: a hook gets 3 s from Okta, its TLS far less. */
  timeoutMs: 3_000,
  /** Handshakes at once. */
  concurrency: 3,
  /** A certificate closer than this to its notAfter warns, days. */
  certWarnDays: 14,
} as const;

const LISTS = {
  inline: { path: '/api/v1/inlineHooks', scope: INLINE_HOOKS_SCOPE, what: 'inline hooks' },
  event: { path: '/api/v1/eventHooks', scope: INVENTORY_SCOPES['event-hooks'], what: 'event hooks' },
} as const;
type ListKind = keyof typeof LISTS;

/** One hook as listed, reduced at once: its URL judged, nothing of it kept but a printable host. */
interface ListedHook {
  readonly kind: ListKind;
  readonly id: string | null;
  readonly name: string | null;
  readonly active: boolean;
  /** An inline hook's type ('other' when unknown); an event hook's is 'other'. */
  readonly type: HookType;
  readonly url: UrlVerdict;
}

/** A list read, or why not: a scope the server does not list (not asked), or Okta's refusal (unread). */
type HookList =
  | { readonly hooks: readonly ListedHook[]; readonly skipped: number; readonly cut?: string }
  | { readonly unread: Finding }
  | { readonly notAsked: string };

export type HookLists = Readonly<Record<ListKind, HookList>>;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
type Json = Readonly<Record<string, unknown>>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One element of a list from hostile input, or null when it is no object. Pure. */
export function readHook(raw: unknown, kind: ListKind, allowedHost?: string): ListedHook | null {
  if (!isJson(raw)) return null;
  const channel = isJson(raw.channel) ? raw.channel : {};
  const config = isJson(channel.config) ? channel.config : {};
  const type = typeof raw.type === 'string' && Object.hasOwn(HOOK_TYPES, raw.type) ? (raw.type as HookType) : 'other';
  return {
    kind,
    id: typeof raw.id === 'string' && ID.test(raw.id) ? raw.id : null,
    name: cleanName(raw.name),
    active: raw.status === 'ACTIVE',
    type: kind === 'inline' ? type : 'other',
    url: judgeHookUrl(config.uri, allowedHost),
  };
}

/** A list's items read: the hooks, and how many elements were no hook. Pure. */
export function readHookList(items: readonly unknown[], kind: ListKind, allowedHost?: string) {
  const hooks: ListedHook[] = [];
  for (const raw of items.slice(0, HOOK_READ.pageLimit * HOOK_READ.maxPages)) {
    const hook = readHook(raw, kind, allowedHost);
    if (hook !== null) hooks.push(hook);
  }
  return { hooks, skipped: items.length - hooks.length };
}

type ReadContext = Pick<
  ServerContext,
  'server' | 'endpoints' | 'exchange' | 'credential' | 'cache' | 'now' | 'orgServer'
>;

/** A read that failed on the probe's own network, told as that, else undefined. */
export function ourNetwork(what: string, found: Finding): Finding | undefined {
  // The probe's own network failing to reach Okta: no grant or role would change it, so it keeps its own code, whose
  // owner is the probe and whose remedy is the network.
  if (!isOurNetwork(found.code)) return undefined;
  const status = found.httpStatus === undefined ? '' : `, HTTP ${found.httpStatus}`;
  return {
    ...found,
    item: what,
    detail: `${what}: not read: the probe's own network did not reach Okta (${found.code}${status})`,
  };
}

/** The refusal of a list in our words: the call and Okta's code, never Okta's text. */
const unread = (what: string, found: Finding): Finding =>
  ourNetwork(what, found) ??
  finding('INTEGRATION_HOOKS_UNREAD', {
    item: what,
    requestId: found.requestId,
    ...(found.httpStatus !== undefined && { httpStatus: found.httpStatus }),
    detail: `${what}: not read (${found.code}${found.httpStatus === undefined ? '' : `, HTTP ${found.httpStatus}`})`,
  });

async function readList(ctx: ReadContext, kind: ListKind, secrets: string[], allowedHost?: string): Promise<HookList> {
  const list = LISTS[kind];
  if (!ctx.server.scopes.includes(list.scope)) return { notAsked: list.scope };
  const token = await runToken({ ...ctx, server: { ...ctx.server, scopes: [list.scope] } });
  if (token.accessToken === undefined)
    return { unread: unread(list.what, findingOf(token) ?? finding('UNEXPECTED_RESPONSE')) };
  secrets.push(token.accessToken);
  const reader = new InventoryReader(ctx, HOOK_READ.maxPages);
  const read = await reader.list(
    token.accessToken,
    list.path,
    `GET ${list.path}`,
    HOOK_READ.maxPages,
    HOOK_READ.pageLimit,
  );
  if ('problem' in read) return { unread: unread(list.what, read.problem) };
  const hooks = readHookList(read.items, kind, allowedHost);
  return read.stopped === undefined ? hooks : { ...hooks, cut: read.stopped.code };
}

/** The cache key of the lists last read. */
const LISTS_KEY = 'integration-health:hooks';

/** Both lists: from the cache when read within the hour, else read now (in parallel). */
export async function readHookLists(ctx: ReadContext, secrets: string[], allowedHost?: string): Promise<HookLists> {
  const cadence = {
    everyMinutes: HOOK_READ.everyMinutes,
    // A list not read is tried again sooner than read lists are read again.
    againMinutes: (lists: HookLists) =>
      'unread' in lists.inline || 'unread' in lists.event ? HOOK_READ.refusedAgainMinutes : undefined,
  };
  const read = await readThrough(ctx.cache, LISTS_KEY, ctx.now(), cadence, async () => {
    const [inline, event] = await Promise.all([
      readList(ctx, 'inline', secrets, allowedHost),
      readList(ctx, 'event', secrets, allowedHost),
    ]);
    return { inline, event };
  });
  return read.value;
}

const activeHooks = (lists: HookLists): ListedHook[] =>
  Object.values(lists).flatMap((l) => ('hooks' in l ? l.hooks.filter((h) => h.active) : []));

const hostKey = (host: string, port: number): string => `${host}:${port}`;

/** Certificates read this run and within the hour, by host:port; the hosts left past the bound. */
interface HostCerts {
  readonly certs: ReadonlyMap<string, CertRead>;
  readonly unchecked: number;
}

/** The certificate of each active hook's host (each host once), cached an hour, at most HOOK_READ.maxHosts a run. */
export async function readHookCerts(
  lists: HookLists,
  ctx: Pick<ServerContext, 'cache'>,
  now: number,
  tls: Omit<TlsReadOptions, 'timeoutMs'>,
): Promise<HostCerts> {
  const targets = new Map<string, { host: string; port: number; blocks: boolean }>();
  for (const hook of activeHooks(lists)) {
    if (!('port' in hook.url)) continue;
    const key = hostKey(hook.url.host, hook.url.port);
    const blocks = HOOK_TYPES[hook.type].effect === 'blocks' && hook.kind === 'inline';
    targets.set(key, { ...hook.url, blocks: blocks || targets.get(key)?.blocks === true });
  }
  // The hosts whose hooks stop people first, then by name: a bound never leaves those unread.
  const ordered = [...targets]
    .sort(([a, x], [b, y]) => Number(y.blocks) - Number(x.blocks) || a.localeCompare(b))
    .map(([key, t]) => ({ key, host: t.host, port: t.port }));
  const policy = {
    keyOf: (t: { key: string }) => `integration-health:cert:${t.key}`,
    // A connection that failed, or one not made while the VPC's ranges were unread, is tried again next run; a
    // certificate read is kept the hour.
    keep: (cert: CertRead) =>
      'failure' in cert && ['unreachable', 'unguarded', 'lookup_late'].includes(cert.failure)
        ? undefined
        : { value: cert, maxAgeMs: HOOK_READ.everyMinutes * 60_000 },
    most: HOOK_READ.maxHosts,
  };
  const got = await readThroughMany(ctx.cache, ordered, now, policy, (chosen) =>
    inParallel(chosen, HOOK_READ.concurrency, (t) => readCertificate(t, { ...tls, timeoutMs: HOOK_READ.timeoutMs })),
  );
  const certs = new Map([...got.kept, ...got.read].map(({ item, value }) => [item.key, value]));
  return { certs, unchecked: got.left.length };
}

/** A hook as told: its kind and name, and its id. */
function hookLabel(hook: Pick<ListedHook, 'kind' | 'id' | 'name' | 'type'>): string {
  const kind = hook.kind === 'event' ? 'event' : HOOK_TYPES[hook.type].what;
  const named = hook.name === null ? `an unnamed ${kind} hook` : `${kind} hook "${hook.name}"`;
  return hook.id === null ? named : `${named} (${hook.id})`;
}

const UNSAFE_WORDS: Readonly<Record<string, string>> = {
  not_https: "its URL is not https, which Okta's API refuses: Okta cannot call it; its certificate was not checked",
  unparsable: 'its URL does not parse: its certificate was not checked',
  ip_literal: 'its URL names an IP address: the probe connects to none, so its certificate was not checked',
  private: 'its host resolves to a private, loopback or link-local address: not checked',
};

/** Collects the findings and items as the judges go. */
class HookOut {
  readonly told: Told[] = [];
  readonly items: CheckItem[] = [];
  constructor(private readonly at: string) {}

  tell(code: DiagnosisCode, severity: Told['severity'], item: string, detail: string): void {
    this.told.push({ finding: finding(code, { item: item.slice(0, 120), detail: detail.slice(0, 400) }), severity });
    const status = severity === 'page' ? 'fail' : 'warn';
    this.items.push({ item: detail.slice(0, 200), status, code, lastChecked: this.at, carried: false });
  }

  note(text: string, status: CheckItem['status'], integration?: IntegrationFacts): void {
    this.items.push({
      item: text.slice(0, 200),
      status,
      lastChecked: this.at,
      carried: false,
      ...(integration !== undefined && { integration }),
    });
  }
}

/** Each list not asked (n/a), unread (a warning: never "works") or cut at the bound (said). */
function judgeReads(lists: HookLists, out: HookOut): void {
  for (const [kind, list] of Object.entries(lists) as [ListKind, HookList][]) {
    const what = LISTS[kind].what;
    if ('notAsked' in list) {
      out.note(`${what} list: not read (${list.notAsked} is not in the "org" server's scopes)`, 'n/a');
    } else if ('unread' in list) {
      out.told.push({ finding: list.unread, severity: 'warn' });
      out.note(list.unread.detail ?? what, 'warn');
    } else if (list.cut !== undefined) {
      const detail = `${what}: read in part (${list.cut}): the rest is not judged`;
      out.tell('INTEGRATION_HOOKS_UNREAD', 'warn', `${what} list`, detail);
    }
  }
}

/** What the lists and certificates tell: findings (told as the log's are) and items. Pure. */
export function judgeHookLists(
  lists: HookLists,
  certs: HostCerts,
  /** The hooks the log saw call; null: the log was not read this run, so no hook is "not seen". */
  seenInLog: ReadonlySet<string> | null,
  now: number,
): { readonly told: Told[]; readonly items: CheckItem[]; readonly listed: number; readonly skipped: number } {
  const out = new HookOut(new Date(now).toISOString());
  judgeReads(lists, out);
  const byHost = new Map<string, ListedHook[]>();
  for (const hook of activeHooks(lists)) {
    const label = hookLabel(hook);
    if ('port' in hook.url) {
      const key = hostKey(hook.url.host, hook.url.port);
      byHost.set(key, [...(byHost.get(key) ?? []), hook]);
    } else {
      const detail = `${label}: ${UNSAFE_WORDS[hook.url.unsafe]}`;
      out.tell('INTEGRATION_HOOK_URL_UNSAFE', 'warn', `url ${hook.id ?? label}`, detail);
    }
    // Named with its facts, so the status page lists it as not seen rather than leave it off: a hook missing there
    // reads as one nobody watches.
    const facts = hook.id === null ? undefined : hookFacts({ id: hook.id, name: hook.name, type: hook.type });
    if (hook.kind === 'inline' && seenInLog === null)
      out.note(`${label}: active, its calls not read this run (the System Log was not read)`, 'n/a', facts);
    else if (hook.kind === 'inline' && (hook.id === null || !seenInLog?.has(hook.id)))
      out.note(`${label}: active, not seen (no call in the window)`, 'n/a', facts && { ...facts, quiet: true });
  }
  for (const [key, hooks] of byHost) judgeHost(key, hooks, certs.certs.get(key), now, out);
  if (certs.unchecked > 0)
    out.note(
      `${certs.unchecked} more hook host${certs.unchecked === 1 ? '' : 's'}: certificate not read this run (at most ` +
        `${HOOK_READ.maxHosts} a run); read by the next runs`,
      'n/a',
    );
  const listed = Object.values(lists).reduce((n, l) => n + ('hooks' in l ? l.hooks.length : 0), 0);
  const skipped = Object.values(lists).reduce((n, l) => n + ('hooks' in l ? l.skipped : 0), 0);
  return { told: out.told, items: out.items, listed, skipped };
}

const DAY = 86_400_000;

/** A host not connected to, or not reached: told (a finding, or our own failure as n/a) and true; else false. */
function notConnected(
  cert: Extract<CertRead, { failure: unknown }>,
  host: string,
  users: string,
  out: HookOut,
): boolean {
  if (cert.failure === 'private')
    out.tell('INTEGRATION_HOOK_URL_UNSAFE', 'warn', `host ${host}`, `${users}: ${UNSAFE_WORDS.private}`);
  else if (cert.failure === 'own_network')
    out.tell(
      'INTEGRATION_HOOK_URL_UNSAFE',
      'warn',
      `host ${host}`,
      `${users}: its host resolves into the probe's own VPC (${cert.range}): not checked`,
    );
  else if (cert.failure === 'unreachable')
    // Our own connection failing is no finding of the org's: it may be the probe's network.
    out.note(`certificate of ${host}: not read (${cert.code}): not checked`, 'n/a');
  else if (cert.failure === 'lookup_late')
    // Our own resolver's silence: nothing is known of the hook's host, nor of Okta.
    out.note(
      `certificate of ${host}: not read: the probe's own DNS look-up of ${host} got no answer within ` +
        `${cert.ms / 1000} s (${cert.code}): not checked`,
      'n/a',
    );
  else if (cert.failure === 'unguarded')
    // Our own AWS read failing: no finding of the org's, and never "safe".
    out.note(
      `certificate of ${host}: not read: the probe's own VPC's address ranges could not be read (${cert.code}), ` +
        'so it connects to no hook host: not checked',
      'n/a',
    );
  else return false;
  return true;
}

function judgeHost(
  key: string,
  hooks: readonly ListedHook[],
  cert: CertRead | undefined,
  now: number,
  out: HookOut,
): void {
  const host = key.replace(/:443$/, '');
  const shown = hooks.slice(0, 3).map(hookLabel);
  const users = hooks.length > 3 ? `${shown.join(', ')} and ${hooks.length - 3} more` : shown.join(', ');
  if (cert === undefined) return;
  if ('failure' in cert) {
    if (notConnected(cert, host, users, out)) return;
    const blocks = hooks.some((h) => h.kind === 'inline' && HOOK_TYPES[h.type].effect === 'blocks');
    const why = cert.failure === 'expired' ? 'is expired' : `is not trusted (${cert.code})`;
    return out.tell(
      'INTEGRATION_HOOK_CERT_EXPIRED',
      blocks ? 'page' : 'warn',
      `host ${host}`,
      `${users}: the certificate of ${host} ${why}: Okta's calls fail`,
    );
  }
  const days = Math.floor((cert.notAfter - now) / DAY);
  const date = new Date(cert.notAfter).toISOString().slice(0, 10);
  if (days < 0)
    return out.tell(
      'INTEGRATION_HOOK_CERT_EXPIRED',
      'warn',
      `host ${host}`,
      `${users}: the certificate of ${host} expired on ${date}`,
    );
  if (days < HOOK_READ.certWarnDays)
    return out.tell(
      'INTEGRATION_HOOK_CERT_EXPIRING',
      'warn',
      `host ${host}`,
      `${users}: the certificate of ${host} expires in ${days} day${days === 1 ? '' : 's'} (${date})`,
    );
  // Said before the hooks, which a long list cuts.
  const own = cert.selfSigned === true ? ", the simulator's own certificate, signed by itself" : '';
  out.note(`certificate of ${host}: valid ${days} more days, until ${date}${own} (${users})`, 'pass');
}

/** The simulator's own host, whose hooks' endpoints are read though on loopback: the org's URL when on loopback. */
export function simulatorHost(orgUrl: string): string | undefined {
  const host = URL.canParse(orgUrl) ? new URL(orgUrl).hostname : '';
  return ['127.0.0.1', 'localhost', '[::1]'].includes(host) ? host : undefined;
}

/** The log's hook events given the listed name and type where the event named none. */
export function namedFromLists(events: readonly IntegrationEvent[], lists: HookLists): IntegrationEvent[] {
  const listed = new Map(activeOrNot(lists).flatMap((h) => (h.kind === 'inline' && h.id !== null ? [[h.id, h]] : [])));
  return events.map((e) => {
    const hook = e.k === 'hook' ? listed.get(e.hook) : undefined;
    if (e.k !== 'hook' || hook === undefined) return e;
    return { ...e, name: e.name ?? hook.name, type: e.type === 'other' ? hook.type : e.type };
  });
}

const activeOrNot = (lists: HookLists): ListedHook[] =>
  Object.values(lists).flatMap((l) => ('hooks' in l ? l.hooks : []));

const rank = (s: CheckItem['status']): number => (s === 'fail' ? 0 : s === 'warn' ? 1 : s === 'pass' ? 2 : 3);

/** The log's judgement with the lists' findings and items: paging first, the same bounds, the totals counting both. */
export function withHookFindings(
  judged: IntegrationJudgement,
  hooks: { readonly told: readonly Told[]; readonly items: readonly CheckItem[] },
): IntegrationJudgement {
  const told = [...judged.told, ...hooks.told].sort(
    (a, b) => Number(b.severity === 'page') - Number(a.severity === 'page'),
  );
  const count = (severity: Told['severity']): number => hooks.told.filter((t) => t.severity === severity).length;
  return {
    told: told.slice(0, INTEGRATION_HEALTH.maxNamed),
    items: [...judged.items, ...hooks.items]
      .sort((a, b) => rank(a.status) - rank(b.status))
      .slice(0, INTEGRATION_HEALTH.maxNamed * 2),
    totals: {
      ...judged.totals,
      paging: judged.totals.paging + count('page'),
      warning: judged.totals.warning + count('warn'),
    },
  };
}
