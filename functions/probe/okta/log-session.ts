// The fetch half of the System Log look-up: its own Org-AS token with okta.logs.read alone (so a
// missing grant or role never fails the server's other checks), then at most SYSTEM_LOG.maxRequestsPerRun GETs
// of /api/v1/logs. Each answer's X-Rate-Limit-* headers are read: below SYSTEM_LOG.reservePercent of the bucket
// the run stops asking, leaving the rest to the org's own log readers (a SIEM). Never throws.
import { LIST_READ, SYSTEM_LOG } from '../../contract';
import { CHECK_TABLE } from '../../plan/check-table';
import type { ServerContext } from '../context';
import { judgeManagement } from './management';
import { failureVerdict, finding, findingOf, type Finding } from '../verdict';
import { runToken } from './token';
import { cutByBudget, listAnswer, pageBytes, type HttpResponse, type ListBudget, type ListReading } from '../http';
import { bucketLeft, headroomPercent, parseRateLimit } from '../rate-limit';
import { readEvent, type LogEvent } from './log-events';
import { asReading } from '../../diagnosis/registry';
import { budget } from '../../deadline';

/** What a page's element is read into: anything told apart by Okta's uuid. */
interface Keyed {
  readonly uuid: string;
}

/** A page read: its elements, whether it was full, the answer; or why it could not be. */
type PageRead<T> = { events: T[]; full: boolean; res: HttpResponse } | { problem: Finding | null | undefined };

/** A query: a SCIM filter over a bounded range. */
interface LogQuery {
  readonly filter: string;
  readonly since: string;
  readonly until: string;
  /**
   * Okta's `sortOrder` of a bounded query: ASCENDING (the default, sent as before: omitted) or DESCENDING, newest
   * first (okta-developer-docs reference/system-log-query: its bounded example sends sortOrder=DESCENDING).
   */
  readonly sortOrder?: 'DESCENDING';
  /** Pages read at most (absent: while a page is full): a newest-first read of the latest events needs its first. */
  readonly maxPages?: number;
}

/**
 * What the Management API answers mean for the log: the same answers, with the log's own remedies (the registry's
 * refusals). The log read is a warning whatever refused it: a concurrency 429 too.
 */
function unavailable(found: Finding): Finding {
  const code = asReading(found.code, 'system-log');
  return code === found.code ? found : { ...found, code };
}

/** A `next` link of a Link header (RFC 8288), when there is one. */
export function nextLink(res: Pick<HttpResponse, 'headers'>): string | undefined {
  const raw = res.headers.link;
  const links = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((v) => v.split(/,(?=\s*<)/));
  for (const link of links) {
    const match = /^\s*<([^>]+)>\s*;(.*)$/.exec(link);
    if (match?.[1] !== undefined && /\brel="?next"?/.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

/**
 * Whether `link` may be followed or kept as a cursor: Okta's own /api/v1/logs on the org, https or the simulator's
 * loopback, and of a length a URL of Okta's has. Anything else (another host, another path) is never sent the token.
 */
function isLogLink(link: string, origin: string): boolean {
  if (link.length > MAX_LINK_CHARS || !URL.canParse(link)) return false;
  const url = new URL(link);
  return url.origin === origin && url.pathname === '/api/v1/logs';
}

/** A kept link asking `limit` events a page: the same query from the same `after`, in pages of another size. */
function withLimit(link: string, limit: number): string {
  const url = new URL(link);
  if (url.searchParams.get('limit') === String(limit)) return link;
  url.searchParams.set('limit', String(limit));
  return url.toString();
}

/** A next link is Okta's query and a cursor: a few hundred characters; thousands is not Okta's. */
const MAX_LINK_CHARS = 2048;

/** The log's answer judged: undefined when it is a page of events, else why the log is unavailable. */
function unavailableOf(res: HttpResponse): Finding | undefined {
  const verdict = judgeManagement(res);
  return verdict.diagnosis === null ? undefined : unavailable(verdict.diagnosis);
}

/** A System Log look-up's budget for a run whose requests each have `timeoutMs`. */
export function systemLogBudgetMs(timeoutMs: number): number {
  return Math.max(SYSTEM_LOG.budgetMs, Math.round(SYSTEM_LOG.budgetShareOfTimeout * timeoutMs));
}

/**
 * One run's access to the log: the token, the request budget and the back-off. `problem` is set once the log
 * turned out unavailable (no scope, no role, throttled): the later reads of the run are skipped.
 */
export class LogSession {
  private token: Promise<string | undefined> | undefined;
  private sent = 0;
  /** Bytes of list answers the run may still read (LIST_READ.maxRunBytes), shared by its readers: read, never held. */
  private readonly bytes: ListBudget;
  private problem: Finding | undefined;
  /** Set when the bucket fell below the reserve: a later read is skipped, and only then reported. */
  private low: Finding | undefined;
  /** Requests sent to /api/v1/logs this run. */
  get requests(): number {
    return this.sent;
  }
  /**
   * Whether the last read stopped before its last page (budget, request cap, low bucket, a failure): its events are
   * not all.
   */
  get partial(): boolean {
    return this.stopped;
  }
  private stopped = false;
  /**
   * Whether the last poll's first page did not arrive in time (the budget or the request's timeout ended it): asked
   * again identically, it would not arrive next run either, so its reader asks fewer events a page (log-cursor.ts).
   */
  get firstPageSlow(): boolean {
    return this.slowFirstPage;
  }
  private slowFirstPage = false;
  /** The share of its budget the part in progress has spent (0 to 1 and past), real time as the budget is. */
  get budgetSpent(): number {
    return (performance.now() - this.partStarted) / this.budgetMs;
  }
  private partStarted = performance.now();
  /** Why the log was not (fully) read; undefined when every read this run asked for was made. */
  get unavailable(): Finding | undefined {
    return this.problem;
  }

  /** Ends the exchanges of the part of the run's look-up in progress (SYSTEM_LOG.budgetMs). */
  private budget: AbortSignal;
  /** The session's exchanges: the context's, each ended by the budget too. */
  private readonly ctx: ServerContext;

  /** `secrets`: the run's list of values every report is scrubbed of; the log's token joins it. */
  constructor(
    ctx: ServerContext,
    private readonly secrets: string[] = [],
    private readonly maxRequests: number = SYSTEM_LOG.maxRequestsPerRun,
    private readonly budgetMs: number = ctx.logBudgetMs ?? SYSTEM_LOG.budgetMs,
  ) {
    this.budget = budget(Infinity, budgetMs);
    this.bytes = ctx.listBudget ?? { bytesLeft: LIST_READ.maxRunBytes };
    this.ctx = { ...ctx, exchange: (req) => ctx.exchange({ ...req, signal: this.budget }) };
  }

  /**
   * Starts the next part of the look-up (the failures explained once the checks settle) with a budget of its own.
   * A log that ran out of budget before stays unread this run: it is slow now, and the run's results wait on it.
   */
  nextPart(): void {
    this.budget = budget(Infinity, this.budgetMs);
    this.partStarted = performance.now();
  }

  /** When the budget ended an exchange, that is the log's problem this run, whatever the exchange reported. */
  private overBudget(): Finding | undefined {
    if (!this.budget.aborted) return undefined;
    return finding('TIMEOUT', {
      detail:
        `the System Log did not answer within its ${this.budgetMs} ms budget: not read this run (the next run ` +
        `reads it), and the other checks did not wait for it`,
    });
  }

  private accessToken(): Promise<string | undefined> {
    this.token ??= runToken({
      ...this.ctx,
      server: { ...this.ctx.server, scopes: CHECK_TABLE['system-log'].ownToken.scopes },
    }).then((t) => {
      if (t.accessToken !== undefined) this.secrets.push(t.accessToken);
      if (t.accessToken === undefined)
        this.problem ??=
          this.overBudget() ??
          unavailable(findingOf(t) ?? finding('UNEXPECTED_RESPONSE', { detail: 'no token for okta.logs.read' }));
      return t.accessToken;
    });
    return this.token;
  }

  /**
   * The events matching `query`, following `next` links while the budget allows (those read before a stop are
   * kept); null when not one page could be read (the reason is `unavailable`).
   */
  async read(query: LogQuery, seen: Set<string> = new Set()): Promise<LogEvent[] | null> {
    this.stopped = false;
    const token = await this.accessToken();
    if (token === undefined) return null;
    const origin = new URL(this.ctx.endpoints.token).origin;
    const params = new URLSearchParams({
      since: query.since,
      until: query.until,
      filter: query.filter,
      limit: String(SYSTEM_LOG.pageLimit),
      ...(query.sortOrder !== undefined && { sortOrder: query.sortOrder }),
    });
    let url: string | undefined = `${origin}/api/v1/logs?${params.toString()}`;
    const events: LogEvent[] = [];
    let pages = 0;
    const stop = (problem: Finding | null | undefined): LogEvent[] | null => {
      this.problem ??= problem ?? undefined;
      this.stopped = true;
      return pages > 0 ? events : null;
    };
    while (url !== undefined) {
      if (pages >= (query.maxPages ?? Infinity)) {
        this.stopped = true;
        return events;
      }
      const cannot = this.cannotSend();
      if (cannot !== undefined) return stop(cannot);
      const page: PageRead<LogEvent> = await this.page(url, token, seen, readEvent);
      if ('problem' in page) return stop(page.problem);
      pages += 1;
      // One at a time: a page of hostile length spread as arguments throws a RangeError.
      for (const event of page.events) events.push(event);
      // A bounded query's last page has no next link; only a full page may have more. Only Okta's own link is followed.
      const next: string | undefined = page.full ? nextLink(page.res) : undefined;
      url = next !== undefined && URL.canParse(next) && new URL(next).origin === origin ? next : undefined;
    }
    return events;
  }

  /**
   * A polling read (okta-developer-docs reference/system-log-query, "Polling requests": no `until`, ascending): every
   * event Okta committed since the last read, in the order Okta committed them, late ones included, which a bounded
   * read of their `published` minute may never see ("Some events may be delayed"). Starts at `cursor`, the `next`
   * link the last poll ended on, when it is Okta's own link to /api/v1/logs; else at `since`. Follows `next` while a
   * page is full (at most `maxPages`), and returns the `next` link to start from next time: a polling answer always has
   * one. Null when not one page could be read. `limit`: the events a page asks, Okta's `limit`, set on a kept link too
   * (a reader whose page of 1,000 did not arrive within the budget asks fewer; `after` stays the link's cursor).
   */
  async poll<T extends Keyed = LogEvent>(
    filter: string,
    since: string,
    cursor: string | undefined,
    maxPages: number = Infinity,
    // What each element becomes: an event pruned to what the readers of the log keep, or a reader's own (the
    // provisioning events, which keep a keyed hash of the user and never the reason's text).
    readItem: (raw: unknown) => T | undefined = readEvent as (raw: unknown) => T | undefined,
    limit: number = SYSTEM_LOG.pageLimit,
  ): Promise<{ events: T[]; cursor: string | undefined; resumed: boolean } | null> {
    this.stopped = false;
    this.slowFirstPage = false;
    const token = await this.accessToken();
    if (token === undefined) return null;
    const origin = new URL(this.ctx.endpoints.token).origin;
    const resumed = cursor !== undefined && isLogLink(cursor, origin);
    const params = new URLSearchParams({ since, filter, limit: String(limit) });
    let url: string = resumed ? withLimit(cursor, limit) : `${origin}/api/v1/logs?${params.toString()}`;
    const events: T[] = [];
    const seen = new Set<string>();
    let pages = 0;
    for (;;) {
      // A read's own share of the run's requests: the rest is left to the reads after it (the failures explained).
      if (pages >= maxPages) {
        this.stopped = true;
        return { events, cursor: url, resumed };
      }
      const stop = this.cannotSend();
      if (stop !== undefined) {
        this.problem ??= stop ?? undefined;
        this.stopped = true;
        // Where it stopped is where the next run starts: nothing committed since is skipped.
        return pages > 0 ? { events, cursor: url, resumed } : null;
      }
      const page: PageRead<T> = await this.page(url, token, seen, readItem, limit);
      if ('problem' in page) {
        this.problem ??= page.problem ?? undefined;
        this.stopped = true;
        this.slowFirstPage = pages === 0 && page.problem?.code === 'TIMEOUT';
        return pages > 0 ? { events, cursor: url, resumed } : null;
      }
      pages += 1;
      for (const event of page.events) events.push(event);
      const link = nextLink(page.res);
      const next = link !== undefined && isLogLink(link, origin) ? link : undefined;
      // A full page may have more committed already; a short one is all there is until Okta commits more.
      if (next === undefined || !page.full) return { events, cursor: next, resumed };
      url = next;
    }
  }

  /**
   * One page of /api/v1/logs, read as it arrives (probe/http/json-array.ts): each event pruned to what is kept the
   * moment it is whole, the rest of its bytes never held, so a page of 1,000 Okta-sized events (1.7 MB and more) is
   * read, and memory is what the events kept weigh. The page's events count only once the page is whole: a page torn
   * off, or one holding an element past its bounds, is a diagnosis, and the next run reads it again from its link.
   */
  private async page<T extends Keyed>(
    url: string,
    token: string,
    seen: Set<string>,
    readItem: (raw: unknown) => T | undefined,
    limit: number = SYSTEM_LOG.pageLimit,
  ): Promise<PageRead<T>> {
    this.sent += 1;
    const events: T[] = [];
    const pageSeen = new Set<string>();
    const reading: ListReading = {
      ...LIST_READ,
      maxItems: SYSTEM_LOG.pageLimit,
      maxBytes: pageBytes(this.bytes, LIST_READ.maxPageBytes),
      onItem: (raw) => {
        const event = readItem(raw);
        if (event === undefined || seen.has(event.uuid) || pageSeen.has(event.uuid)) return;
        pageSeen.add(event.uuid);
        events.push(event);
      },
    };
    const outcome = await this.ctx.exchange({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      list: reading,
    });
    if (!outcome.ok) return { problem: this.overBudget() ?? failureVerdict(outcome.failure).diagnosis };
    const res = listAnswer(outcome.response, reading);
    this.bytes.bytesLeft -= res.list?.bytes ?? 0;
    // A page larger than what the run's list bytes had left: the run's own bound, a throttled stop, read next run.
    if (cutByBudget(res.list, reading.maxBytes, LIST_READ.maxPageBytes)) return { problem: this.spent() };
    const refused = unavailableOf(res);
    if (refused !== undefined) return { problem: refused };
    for (const uuid of pageSeen) seen.add(uuid);
    this.backOffIfLow(res);
    return { events, full: (res.list?.items ?? 0) >= limit, res };
  }

  /**
   * Why the next request of a read or a poll may not be sent (undefined: it may): an earlier problem (null, already
   * recorded), a bucket below the reserve, the request cap, or the budget.
   */
  private cannotSend(): Finding | null | undefined {
    if (this.problem !== undefined) return null;
    if (this.low !== undefined) return this.low;
    if (this.sent >= this.maxRequests)
      return finding('SYSTEM_LOG_THROTTLED', {
        detail: `stopped after ${this.maxRequests} requests to /api/v1/logs this run; later events are read next run`,
      });
    if (this.budget.aborted) return this.overBudget() ?? null;
    if (this.bytes.bytesLeft <= 0) return this.spent();
    return undefined;
  }

  /** The run's bytes of lists spent (LIST_READ.maxRunBytes, every reader's together): a throttled stop. */
  private spent(): Finding {
    return finding('SYSTEM_LOG_THROTTLED', {
      detail:
        `stopped after the run's ${Math.round(LIST_READ.maxRunBytes / 1024 / 1024)} MB of Okta's lists; later ` +
        `events are read next run`,
    });
  }

  /** Below the reserve, the rest of the bucket is left to the org's other log readers. */
  private backOffIfLow(res: HttpResponse): void {
    const rl = parseRateLimit(res.headers, res.receivedAt);
    const headroom = headroomPercent(rl);
    if (headroom === null || headroom >= SYSTEM_LOG.reservePercent) return;
    this.low = finding('SYSTEM_LOG_THROTTLED', {
      requestId: res.requestId,
      detail:
        `${bucketLeft('/api/v1/logs', rl)}: the probe read no more this run, leaving the rest to the org's ` +
        `other log readers`,
    });
  }
}
