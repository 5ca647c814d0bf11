// What a run keeps for the HTTP traces of its failed checks: each exchange as it completes, filed by the check that
// sent it. Keeping costs a reference per exchange: the answers are the run's anyway (its checks judge them), and
// nothing is copied, sanitized or serialized unless a check fails (build.ts). A catalogue's answers (a SAML group drops
// each app's once judged) are kept short, so a trace never holds what the run let go; a check keeps a bounded count.
import type { CheckName } from '../contract';
import type { CheckResult, ExchangeRecorder, PageEvidence, RecordedExchange } from '../types';

/** Exchanges kept per check: a journey sends about 15, a SAML group one per app; the rest are counted, not kept. */
export const MAX_EXCHANGES_PER_CHECK = 200;
/** A bulk answer's body kept, characters: enough to show Okta's error page or the start of a form. */
export const BULK_BODY_CHARS = 4096;

export class HarCapture implements ExchangeRecorder {
  readonly #bySender = new Map<string, RecordedExchange[]>();
  readonly #dropped = new Map<string, number>();
  /** A failed browser journey's screenshot and page trace, the first told a check (one a journey and run). */
  readonly #pages = new Map<string, PageEvidence>();

  record(exchange: RecordedExchange, bulk: boolean): void {
    const key = senderKey(exchange.server, exchange.check);
    const kept = this.#bySender.get(key) ?? [];
    if (kept.length >= MAX_EXCHANGES_PER_CHECK) {
      this.#dropped.set(key, (this.#dropped.get(key) ?? 0) + 1);
      return;
    }
    kept.push(bulk ? shortened(exchange) : exchange);
    this.#bySender.set(key, kept);
  }

  page(server: string, check: CheckName, evidence: PageEvidence): void {
    const key = senderKey(server, check);
    if (!this.#pages.has(key)) this.#pages.set(key, evidence);
  }

  /** The page a failed browser journey left of this check, if any. */
  pageOf(server: string, check: CheckName): PageEvidence | undefined {
    return this.#pages.get(senderKey(server, check));
  }

  /** The exchanges these checks of one target sent, in the order they were sent, and how many were not kept. */
  exchangesOf(server: string, checks: readonly CheckName[]): { exchanges: RecordedExchange[]; dropped: number } {
    const keys = checks.map((check) => senderKey(server, check));
    const exchanges = keys.flatMap((key) => this.#bySender.get(key) ?? []).sort((a, b) => a.startedAt - b.startedAt);
    const dropped = keys.reduce((sum, key) => sum + (this.#dropped.get(key) ?? 0), 0);
    return { exchanges, dropped };
  }
}

/** A failed browser journey's screenshot and page trace, each ending the name its HAR's stem takes. */
export const PAGE_SCREENSHOT_SUFFIX = '.png';
export const PAGE_TRACE_SUFFIX = '.page.har';

/** The page files a failed check leaves beside its HAR, as [suffix, content]: none for a check that passed. */
export function pageFiles(result: CheckResult, capture: HarCapture): [string, string | Uint8Array][] {
  const page = result.status === 'fail' ? capture.pageOf(result.server, result.check) : undefined;
  if (page === undefined) return [];
  return [
    ...(page.screenshot === undefined ? [] : [[PAGE_SCREENSHOT_SUFFIX, page.screenshot] as [string, Uint8Array]]),
    [PAGE_TRACE_SUFFIX, page.trace],
  ];
}

const senderKey = (server: string, check: CheckName): string => `${server}\u0000${check}`;

/** A bulk exchange with its answer's body copied short: a slice would keep the whole answer alive. */
function shortened(exchange: RecordedExchange): RecordedExchange {
  const { outcome } = exchange;
  if (!outcome.ok || outcome.response.body.length <= BULK_BODY_CHARS) return exchange;
  const body = Buffer.from(outcome.response.body.slice(0, BULK_BODY_CHARS), 'utf8').toString('utf8');
  return { ...exchange, outcome: { ok: true, response: { ...outcome.response, body, bodyTruncated: true } } };
}
