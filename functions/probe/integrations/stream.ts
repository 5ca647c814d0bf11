// Integration events from Okta's Log Streaming to Amazon EventBridge, for an org whose sign-ins already stream
// (userSignIns.eventSource, the switch provisioning's stream uses): the sign-ins' rule carries the integration event
// types too, the sign-ins' aggregator reduces each event at once with this check's own reader (events.ts: no phone
// number, address, login, user id or Okta text survives), and stores counts, never messages: one row per minute of
// `published` and per integration (its reduced fields: the hook, the provider and what the send did, the app, the
// rule), with how many events of the batch it stands for. At a busy org's 100,000 SMS and 200,000 e-mails a day, a
// row a message would be the table's largest cost and the probe's largest memory; a row per integration a minute
// does not grow with the messages. The aggregator still records each event's hashed uuid for its minute, as it does
// for sign-ins, so a redelivered event is counted once (sign-ins-aggregator.ts). What is read back from the table is
// hostile: each row is checked field by field and its names cleaned again, never trusted.
import {
  cleanName,
  HOOK_TYPE_NAMES,
  ID,
  IMPORT_WHYS,
  isSkipped,
  PROVIDER,
  readIntegrationEvent,
  type HookType,
  type IntegrationEvent,
} from './events';

/** An integration event without its identity: what a count row counts. */
type Reduced = IntegrationEvent extends infer E
  ? E extends unknown
    ? Omit<E, 'uuid' | 'published' | 'n'>
    : never
  : never;

/** One integration's events of one minute of `published` (epoch minutes), `n` of them: what the table keeps. */
interface CountRow {
  /** Marks the row as integration health's among the stream's other stored reductions (provisioning's). */
  readonly ig: 1;
  readonly m: number;
  readonly n: number;
  readonly e: Reduced;
  /** The commit that stored it (its first event's hashed uuid): a row read twice is one row, two commits two. */
  readonly b?: string;
}

/** Counts one row holds at most: a bound on a hostile table, far above a minute's events of one integration. */
const MOST_COUNT = 1_000_000;

/** The reduced fields of an event, in a fixed order: its uuid and time gone. */
function reducedOf(event: IntegrationEvent): Reduced {
  const { uuid: _uuid, published: _published, n: _n, ...rest } = event;
  return rest as Reduced;
}

/**
 * A streamed LogEvent (EventBridge's `detail`) as the aggregator keeps it before counting: a row of one event, or
 * 'skipped' when it is one of ours but unreadable (counted), or undefined when it is no integration event.
 */
export function streamedIntegrationEvent(detail: unknown): CountRow | 'skipped' | undefined {
  const read = readIntegrationEvent(detail);
  if (!isSkipped(read)) return { ig: 1, m: Math.floor(read.published / 60_000), n: 1, e: reducedOf(read) };
  return read.skipped === 'torn' ? 'skipped' : undefined;
}

const isRow = (value: object): value is CountRow => (value as { ig?: unknown }).ig === 1;

/**
 * A minute's stored reductions with the integration rows folded into one count per minute and integration, each
 * marked with the commit (`batch`); the other readers' reductions (provisioning's) as they were.
 */
export function foldIntegrationCounts(others: readonly object[], batch?: string): object[] {
  const rest: object[] = [];
  const counts = new Map<string, CountRow>();
  for (const other of others) {
    if (!isRow(other)) {
      rest.push(other);
      continue;
    }
    const key = `${other.m}:${JSON.stringify(other.e)}`;
    const had = counts.get(key);
    counts.set(
      key,
      had === undefined ? { ...other, ...(batch !== undefined && { b: batch }) } : { ...had, n: had.n + other.n },
    );
  }
  return [...rest, ...counts.values()];
}

type Json = Readonly<Record<string, unknown>>;
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const oneOf = <T extends string>(value: unknown, list: readonly T[]): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);
const idOr = (value: unknown, fallback: string): string | null =>
  typeof value !== 'string' ? null : ID.test(value) ? value : value === fallback ? fallback : null;
const HOOK_ERRORS = ['timeout', 'error_answer', 'invalid_answer', 'other', 'none'] as const;
const EMAIL_STATUSES = ['delivered', 'bounce', 'blocked', 'deferred', 'unknown'] as const;

function checkedHook(e: Json): Reduced | null {
  if (typeof e.type !== 'string' || !HOOK_TYPE_NAMES.has(e.type) || typeof e.failed !== 'boolean') return null;
  const type = e.type as HookType;
  const hook = typeof e.hook === 'string' && (ID.test(e.hook) || e.hook === `type:${type}`) ? e.hook : null;
  if (hook === null) return null;
  const why = oneOf(e.why, HOOK_ERRORS) ? e.why : 'other';
  return { k: 'hook', hook, name: cleanName(e.name), type, failed: e.failed, ...(e.failed && { why }) };
}

function checkedPhone(e: Json): Reduced | null {
  const provider = typeof e.provider === 'string' && PROVIDER.test(e.provider) ? e.provider.toUpperCase() : null;
  const delivered = e.delivered === null || typeof e.delivered === 'boolean' ? e.delivered : undefined;
  if (!oneOf(e.channel, ['SMS', 'voice'] as const) || !oneOf(e.stage, ['send', 'status'] as const)) return null;
  if (provider === null || delivered === undefined) return null;
  if (typeof e.failover !== 'boolean' || typeof e.blocked !== 'boolean') return null;
  const { channel, stage, failover, blocked } = e;
  return { k: 'phone', channel, provider, stage, failover, blocked, delivered };
}

/** A stored row's reduction checked as a polled event's fields are made, or null when it is none this code stores. */
function checkedReduced(e: Json): Reduced | null {
  switch (e.k) {
    case 'hook':
      return checkedHook(e);
    case 'phone':
      return checkedPhone(e);
    case 'email':
      if (!oneOf(e.status, EMAIL_STATUSES) || typeof e.smtpRefused !== 'boolean') return null;
      return { k: 'email', status: e.status, smtpRefused: e.smtpRefused };
    case 'import': {
      const app = idOr(e.app, 'unknown');
      if (app === null || !oneOf(e.why, IMPORT_WHYS)) return null;
      return { k: 'import', app, name: cleanName(e.name), why: e.why };
    }
    case 'emailDomain': {
      const id = idOr(e.id, 'unknown');
      if (id === null || typeof e.verified !== 'boolean') return null;
      return { k: 'emailDomain', id, name: cleanName(e.name), verified: e.verified };
    }
    case 'rule': {
      const id = idOr(e.id, 'unknown');
      if (id === null || !oneOf(e.rule, ['group', 'policy'] as const)) return null;
      return { k: 'rule', rule: e.rule, id, name: cleanName(e.name) };
    }
    case 'workflows':
      return oneOf(e.level, ['warning', 'violation'] as const) ? { k: 'workflows', level: e.level } : null;
    default:
      return null;
  }
}

/** Whether a stored item is one of integration health's rows (good or damaged), not another reader's reduction. */
const isIntegrationItem = (raw: unknown): boolean => isJson(raw) && raw.ig === 1;

/** A commit's mark as the aggregator writes it (a hashed uuid: 12 characters of base64url). */
const BATCH = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * The table's items read back as weighted events for the judge, a count row each, known by its commit, minute and
 * integration (a row read again by the next run's margin is the same event): only integration health's rows are
 * read (the others are provisioning's); a row that is not one this code stores is counted as damaged, never judged.
 */
export function storedIntegrationCounts(raws: readonly unknown[]): { events: IntegrationEvent[]; damaged: number } {
  let damaged = 0;
  const events: IntegrationEvent[] = [];
  for (const raw of raws) {
    if (!isIntegrationItem(raw)) continue;
    const row = raw as Json;
    const e = isJson(row.e) ? checkedReduced(row.e) : null;
    const valid = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
    const batch = row.b === undefined ? '' : typeof row.b === 'string' && BATCH.test(row.b) ? row.b : null;
    if (e === null || batch === null || !valid(row.m) || !valid(row.n) || row.n < 1 || row.n > MOST_COUNT) damaged += 1;
    else events.push(countedEvent({ ig: 1, m: row.m, n: row.n, e, b: batch }));
  }
  return { events, damaged };
}

/** A count row as the judge reads it: an event of its minute that stands for `n`, known by commit and integration. */
function countedEvent(row: CountRow): IntegrationEvent {
  return {
    uuid: `count:${row.b ?? ''}:${row.m}:${JSON.stringify(row.e)}`,
    published: row.m * 60_000,
    n: row.n,
    ...row.e,
  };
}

/**
 * The window's events as one count per minute and integration, for the judge: the stream's rows summed, the polled
 * events counted, and of the two the larger, since the backfill polls what the stream may also have delivered: an
 * event both paths read counts once, and one the stream lost is counted from the poll. A window of polled events
 * only is judged as before, its events folded into counts.
 */
export function mergedCounts(events: readonly IntegrationEvent[]): IntegrationEvent[] {
  const groups = new Map<string, { streamed: number; polled: number; first: IntegrationEvent }>();
  for (const event of events) {
    const minute = Math.floor(event.published / 60_000);
    const key = `${minute}:${JSON.stringify(reducedOf(event))}`;
    const group = groups.get(key) ?? { streamed: 0, polled: 0, first: event };
    if (event.uuid.startsWith('count:')) group.streamed += event.n ?? 1;
    else group.polled += 1;
    groups.set(key, group);
  }
  return [...groups].map(([key, g]) => ({ ...g.first, uuid: `merged:${key}`, n: Math.max(g.streamed, g.polled) }));
}
