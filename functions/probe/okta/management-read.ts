// The inventory's reads of Okta's Management API, bounded and polite: list calls follow Okta's own
// `Link: <...>; rel="next"` (never a cursor built by hand) for at most INVENTORY.maxPages pages; the run sends at
// most a budget of requests; and each answer's X-Rate-Limit-* headers are read per bucket, as the System Log reader
// does: once a bucket falls below INVENTORY.reservePercent (or answers 429), the inventory sends it nothing more
// this run, leaving the rest to the org's own clients. Never throws: a failed read is a finding.
import { DEFAULTS, INVENTORY, LIST_READ } from '../../contract';
import type { ServerContext } from '../context';
import { judgeManagement } from './management';
import { errorVerdict, failureFinding, finding, type Finding } from '../verdict';
import {
  cutByBudget,
  listAnswer,
  pageBytes,
  parseJsonBody,
  type HttpResponse,
  type ListBudget,
  type ListReading,
  type PeerCertificate,
} from '../http';
import { bucketLeft, headroomPercent, parseRateLimit } from '../rate-limit';
import { nextLink } from './log-session';
import { answerCode, asReading } from '../../diagnosis/registry';

/**
 * What every read of the inventory answers (one shape for its fetchers): what it read, with why it stopped
 * early if it did (what was read before the stop is kept), or why nothing was read.
 */
export type Read<T> = Stoppable<T> | { readonly problem: Finding };
/** What was read, and why the read stopped early if it did. */
export type Stoppable<T> = T & { readonly stopped?: Finding };
/** A list read: its items. */
export type ListRead = Read<{ readonly items: unknown[] }>;
/** A single read: the JSON body. */
type OneRead = Read<{ readonly body: unknown; readonly certificate?: PeerCertificate }>;

/** A path without its query: what a log line or a bucket names. */
export const withoutQuery = (path: string): string => path.replace(/\?.*$/, '');

/**
 * A finding of the Management API (or its /token) in the inventory's words (the registry's refusals: a refused
 * scope or role, a throttled bucket); `what` names the call.
 */
export function inventoryFinding(found: Finding, what: string): Finding {
  const code = asReading(found.code, 'inventory');
  return { ...found, code, detail: `${what}: ${found.detail ?? found.code}` };
}

/**
 * The rate-limit bucket a path counts in: Okta's buckets are per endpoint, with ids as wildcards
 * (/api/v1/apps and /api/v1/apps/{id}/credentials/keys are different buckets).
 */
export function bucketOf(path: string): string {
  return withoutQuery(path)
    .split('/')
    .map((segment, i) => (i > 3 && /^[A-Za-z0-9]{12,}$/.test(segment) ? '{id}' : segment))
    .join('/');
}

/** An answer that is not what the call returns, in the inventory's words. */
function malformed(res: HttpResponse, detail: string, what: string): Finding {
  return inventoryFinding(
    finding(answerCode('MALFORMED_RESPONSE', res.requestId), {
      requestId: res.requestId,
      httpStatus: res.status,
      detail,
    }),
    what,
  );
}

export class InventoryReader {
  private sent = 0;
  /** Bytes of list answers the run may still read (LIST_READ.maxRunBytes), shared by its readers: read, never held. */
  private readonly budget: ListBudget;
  /** Buckets this run no longer asks, each with why. */
  private readonly held = new Map<string, Finding>();

  /** `reader`: who its stops are told as read by (another check reading through it names itself). */
  constructor(
    private readonly ctx: Pick<ServerContext, 'exchange' | 'endpoints' | 'listBudget'>,
    private readonly maxRequests: number,
    private readonly reader: string = 'the inventory',
  ) {
    this.budget = ctx.listBudget ?? { bytesLeft: LIST_READ.maxRunBytes };
  }

  /** Requests sent this run. */
  get requests(): number {
    return this.sent;
  }

  private get origin(): string {
    return new URL(this.ctx.endpoints.token).origin;
  }

  /**
   * Every item of a list call, following `next` links of Okta's own origin, at most `maxPages` pages of at most
   * `pageLimit` items (the `limit` the path asks: Okta never sends more). A page that is not a list, or holds more
   * items than asked, is Okta's answer gone wrong or someone else's: refused with what was read before it, never
   * spread into a call (200,000 items as arguments threw a RangeError).
   */
  async list(
    token: string,
    path: string,
    what: string,
    maxPages: number = INVENTORY.maxPages,
    pageLimit: number = INVENTORY.pageLimit,
  ): Promise<ListRead> {
    const items: unknown[] = [];
    let url: string | undefined = `${this.origin}${path}`;
    for (let page = 0; url !== undefined; page += 1) {
      if (page >= maxPages)
        return {
          items,
          stopped: finding('INVENTORY_THROTTLED', {
            detail: `${what}: stopped after ${maxPages} pages of ${pageLimit}; the rest is not read`,
          }),
        };
      const pageItems: unknown[] = [];
      const read = await this.send(token, url, what, {
        page: page + 1,
        pageLimit,
        onItem: (item) => pageItems.push(item),
      });
      if ('problem' in read) return page === 0 ? read : { items, stopped: read.problem };
      // A page's items count only once the page is whole: one torn off or refused adds none of its own.
      for (const item of pageItems) items.push(item);
      const next = nextLink(read.response);
      url = next !== undefined && URL.canParse(next) && new URL(next).origin === this.origin ? next : undefined;
    }
    return { items };
  }

  /**
   * Every item of a list Okta answers whole: one array, no `limit` nor `after`, no `Link: next` (listAppLinks, GET
   * /api/v1/users/{id}/appLinks: okta-management-openapi-spec management-minimal.yaml takes no paging parameter, and
   * the SDKs call it listAppLinks(userId)). One request, at most `maxItems` items within a page's bytes
   * (LIST_READ.maxPageBytes); more is refused in words, never cut to a wrong answer.
   */
  async whole(token: string, path: string, what: string, maxItems: number): Promise<ListRead> {
    const items: unknown[] = [];
    const read = await this.send(token, `${this.origin}${path}`, what, {
      page: 1,
      pageLimit: maxItems,
      onItem: (item) => items.push(item),
    });
    return 'problem' in read ? read : { items };
  }

  /** One GET of a JSON object (or list) answer, with the certificate of the TLS connection that carried it. */
  async get(token: string, path: string, what: string): Promise<OneRead> {
    const read = await this.send(token, `${this.origin}${path}`, what);
    if ('problem' in read) return read;
    const { certificate } = read.response;
    return { body: read.body, ...(certificate !== undefined && { certificate }) };
  }

  /**
   * One GET. A list call's answer (`list`) is read as it arrives, element by element (probe/http/json-array.ts), each
   * handed to `list.onItem`, its bytes never held: a page of 200 apps of Okta's size is read whatever
   * DEFAULTS.maxBodyBytes says, and memory is what the caller keeps. A page that is no array, holds more items than
   * asked, an element past its bounds, or ends torn off is refused in words.
   */
  private async send(
    token: string,
    url: string,
    what: string,
    list?: { readonly page: number; readonly pageLimit: number; onItem(item: unknown): void },
  ): Promise<{ body: unknown; response: HttpResponse } | { problem: Finding }> {
    const bucket = bucketOf(new URL(url).pathname);
    const cannot = this.cannotSend(bucket, what);
    if (cannot !== undefined) return { problem: cannot };
    this.sent += 1;
    const reading: ListReading | undefined = list && {
      ...LIST_READ,
      maxItems: list.pageLimit,
      maxBytes: pageBytes(this.budget, LIST_READ.maxPageBytes),
      onItem: list.onItem,
    };
    const outcome = await this.ctx.exchange({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      ...(reading !== undefined && { list: reading }),
    });
    if (!outcome.ok) return { problem: inventoryFinding(failureFinding(outcome.failure), what) };
    const res = reading === undefined ? outcome.response : listAnswer(outcome.response, reading);
    this.budget.bytesLeft -= res.list?.bytes ?? 0;
    if (reading !== undefined && cutByBudget(res.list, reading.maxBytes, LIST_READ.maxPageBytes))
      return { problem: this.spent(what) };
    if (list !== undefined && res.list?.problem !== undefined)
      return { problem: malformed(res, `page ${list.page}: ${res.list.problem}: refused`, what) };
    this.holdIfLow(bucket, res);
    const verdict = list
      ? judgeManagement(res)
      : (errorVerdict(res, { endpoint: 'management', orgServer: true }) ?? { diagnosis: null });
    if (verdict.diagnosis !== null) {
      const problem = inventoryFinding(verdict.diagnosis, what);
      if (problem.code === 'INVENTORY_THROTTLED') this.held.set(bucket, problem);
      return { problem };
    }
    if (res.list !== undefined) return { body: undefined, response: res };
    const body = parseJsonBody(res);
    if (body === undefined) {
      const kb = Math.round(DEFAULTS.maxBodyBytes / 1024);
      return {
        problem: malformed(
          res,
          res.bodyTruncated ? `the answer was larger than the ${kb} KB the probe reads: refused` : 'not JSON',
          what,
        ),
      };
    }
    return { body, response: res };
  }

  /** Why no request may be sent to `bucket` now (held, or the run's bytes or requests spent); undefined: it may. */
  private cannotSend(bucket: string, what: string): Finding | undefined {
    const held = this.held.get(bucket);
    if (held !== undefined) return held;
    if (this.budget.bytesLeft <= 0) return this.spent(what);
    if (this.sent >= this.maxRequests)
      return finding('INVENTORY_THROTTLED', {
        detail: `${what}: ${this.reader}'s budget of ${this.maxRequests} requests a run is spent; the rest is read next time`,
      });
    return undefined;
  }

  /** The run's bytes of lists spent (LIST_READ.maxRunBytes, every reader's together): a throttled stop. */
  private spent(what: string): Finding {
    return finding('INVENTORY_THROTTLED', {
      detail:
        `${what}: the run read its ${Math.round(LIST_READ.maxRunBytes / 1024 / 1024)} MB of Okta's lists; ` +
        `the rest is read next time`,
    });
  }

  /** Below the reserve, the rest of the bucket is left to the org's own clients. */
  private holdIfLow(bucket: string, res: HttpResponse): void {
    const rl = parseRateLimit(res.headers, res.receivedAt);
    const headroom = headroomPercent(rl);
    if (headroom === null || headroom >= INVENTORY.reservePercent) return;
    this.held.set(
      bucket,
      finding('INVENTORY_THROTTLED', {
        requestId: res.requestId,
        detail:
          `${bucketLeft(bucket, rl)}: ${this.reader} read no more of it this run, leaving the rest to the org's ` +
          `own clients`,
      }),
    );
  }
}
