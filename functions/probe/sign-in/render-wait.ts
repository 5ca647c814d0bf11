// The wait for the Sign-In Widget to render, judged by what the page shows. A busy host renders the widget late:
// Playwright's wait can end before the widget comes, while the screenshot taken moments later shows it. So a wait that
// ended is never the verdict: the page's own DOM is read again, and the page is given more time while it still works
// (a request in flight, its main thread too busy to answer), up to a bound. A widget that came late is slow (the
// journey's SIGN_IN_PAGE_SLOW, a warning with its time), never blank. One that never came is told with what the page
// was still waiting for: each request in flight, by URL and resource type, and whether Chromium holds the page's
// rendering for it (the render-blocking behaviour it gives each request, in the DevTools protocol's Network domain).

import { within } from '../../deadline';
import { fail, type Verdict } from '../verdict';

type Page = import('playwright-core').Page;

/**
 * How long the page is given in all, ms, while it still works after the first wait: a 2-core host at load 34 to 39
 * rendered the simulator's page in 9 to 15 s (docs/decisions/render-wait.md), three times that is kept for a page
 * whose widget comes over the internet. Well within the browser function's 120 s.
 */
export const RENDER_PATIENCE_MS = 45_000;
/**
 * The share of the time between two looks the tab's main thread ran tasks, above which the page still works. Measured
 * in Chromium on the simulator's blank page, done: 22 to 77 ms a 5 s step (0.4 to 1.5 %), Playwright's own polling
 * for the widget; a widget's script compiled, run or laid out holds the thread for most of a step on a busy host.
 */
const WORKING_SHARE = 0.2;
/** At most this many requests in flight are named. */
const PENDING_NAMED_MAX = 5;

/** A request the page sent and had no answer to when the wait ended. */
export interface PendingRequest {
  /** Its origin and path (never its query: a stateToken rides there). */
  readonly url: string;
  /** Chromium's resource type, in lower case: document, script, stylesheet, font, xhr, fetch, image... */
  readonly type: string;
  /** Chromium's word: it holds the page's rendering (`blocks`), may (`may block`), or does not (undefined). */
  readonly blocking?: 'blocks' | 'may block';
}

/** What the wait reads of the page; the browser's in the walk, a test's own in unit tests. */
export interface RenderLook {
  /** Settles true once the widget is in the page within `ms`, else false. */
  appeared(ms: number): Promise<boolean>;
  /** The page's DOM read now: whether it holds the widget; undefined when the page did not answer within `ms`. */
  inDom(ms: number): Promise<boolean | undefined>;
  /** The requests in flight now. */
  pending(): readonly PendingRequest[];
  /** How long since the page last sent a request or had one answered, ms. */
  quietMs(): number;
  /**
   * Whether the page still worked since the last ask: its document still loading (a parser-blocking script being
   * compiled off the main thread answers a DOM read yet renders nothing) or its main thread running tasks.
   */
  working(): Promise<boolean>;
  /** True once the walk knows the page's fate another way (Okta refused the sign-in, the page went away). */
  over(): boolean;
  /** A clock, ms (performance.now in the walk). */
  now(): number;
}

/** The wait's outcome: rendered (`late` past the first wait), or not, with what the page was still doing. */
type RenderSeen =
  | { readonly rendered: true; readonly late: boolean }
  | {
      readonly rendered: false;
      readonly pending: readonly PendingRequest[];
      /** The page's main thread never answered the last look: its scripts were still running. */
      readonly busy: boolean;
    };

/** The first wait, ms: twice the budget, at least a step, so a slow page is told from a blank one. */
export const firstWaitMs = (budgetMs: number, stepMs: number): number => Math.max(2 * budgetMs, stepMs);

/**
 * Waits for the widget as a person waits: the first wait, then, while the page still works (a request in flight, or
 * its main thread busy), a look at its DOM each step, up to RENDER_PATIENCE_MS in all. A page that is done (its DOM
 * read, nothing in flight, nothing new for a step) and holds no widget is not waited on further.
 */
export async function awaitWidget(look: RenderLook, budgetMs: number, stepMs: number): Promise<RenderSeen> {
  const start = look.now();
  const first = firstWaitMs(budgetMs, stepMs);
  if (await look.appeared(first)) return { rendered: true, late: false };
  const end = start + Math.max(first, RENDER_PATIENCE_MS);
  const left = (): number => Math.max(0, end - look.now());
  let dom: boolean | undefined;
  while (!look.over()) {
    dom = await look.inDom(Math.min(stepMs, Math.max(left(), 1)));
    if (dom === true) return { rendered: true, late: true };
    const idle = dom === false && look.pending().length === 0 && look.quietMs() >= stepMs && !(await look.working());
    if (idle || left() === 0) break;
    if (await look.appeared(Math.min(stepMs, left()))) return { rendered: true, late: true };
  }
  return { rendered: false, pending: look.pending(), busy: dom === undefined };
}

/** The requests still in flight, in words: each URL and type, the ones holding the page's rendering said so. */
function pendingWords(pending: readonly PendingRequest[]): string {
  const named = pending
    .slice(0, PENDING_NAMED_MAX)
    .map((p) => `${p.url} (${p.type}${p.blocking === undefined ? '' : `, ${p.blocking} rendering`})`);
  const more = pending.length > PENDING_NAMED_MAX ? ` and ${pending.length - PENDING_NAMED_MAX} more` : '';
  return `${named.join('; ')}${more}`;
}

/** Chromium's render-blocking behaviour in the DevTools protocol (Network.RenderBlockingBehavior), in our words. */
function blockingOf(behaviour: string | undefined): PendingRequest['blocking'] {
  if (behaviour === 'Blocking' || behaviour === 'InBodyParserBlocking') return 'blocks';
  if (behaviour === 'PotentiallyBlocking') return 'may block';
  return undefined;
}

/** A URL's origin and path, its query and fragment dropped. */
const withoutQuery = (url: string): string => {
  if (!URL.canParse(url)) return url.split(/[?#]/)[0] ?? '';
  const parsed = new URL(url);
  return parsed.protocol === 'data:' ? 'data:' : `${parsed.origin}${parsed.pathname}`;
};

/**
 * The tab's requests in flight, as Chromium's DevTools protocol tells them (Network.requestWillBeSent, with its
 * renderBlockingBehavior; loadingFinished and loadingFailed): the page's own view, routed requests included.
 */
export class PageRequests {
  readonly #open = new Map<string, PendingRequest>();
  #changed = performance.now();
  #session: import('playwright-core').CDPSession | undefined;
  /** The tab's main-thread task time at the last ask, ms, and when it was asked (performance.now). */
  #tasks: { readonly ms: number; readonly at: number } | undefined;

  /** Watches the tab from now on; a tab Chromium gives no protocol session is watched by Playwright's events. */
  static async watch(tab: Page, told: (text: string) => string): Promise<PageRequests> {
    const requests = new PageRequests();
    const sent = (id: string, url: string, type: string, behaviour?: string): void => {
      const blocking = blockingOf(behaviour);
      requests.#open.set(id, { url: told(withoutQuery(url)), type, ...(blocking !== undefined && { blocking }) });
      requests.#changed = performance.now();
    };
    const ended = (id: string): void => {
      requests.#open.delete(id);
      requests.#changed = performance.now();
    };
    const cdp = await tab
      .context()
      .newCDPSession(tab)
      .catch(() => undefined);
    if (cdp === undefined) {
      const ids = new WeakMap<import('playwright-core').Request, string>();
      let next = 0;
      tab.on('request', (r) => {
        ids.set(r, String(next++));
        sent(ids.get(r)!, r.url(), r.resourceType());
      });
      const done = (r: import('playwright-core').Request): void => {
        const id = ids.get(r);
        if (id !== undefined) ended(id);
      };
      tab.on('requestfinished', done);
      tab.on('requestfailed', done);
      return requests;
    }
    cdp.on('Network.requestWillBeSent', (e) =>
      sent(e.requestId, e.request.url, (e.type ?? 'other').toLowerCase(), e.renderBlockingBehavior),
    );
    cdp.on('Network.loadingFinished', (e) => ended(e.requestId));
    cdp.on('Network.loadingFailed', (e) => ended(e.requestId));
    await cdp.send('Network.enable').catch(() => undefined);
    requests.#session = await cdp.send('Performance.enable').then(
      () => cdp,
      () => undefined,
    );
    requests.#tasks = await requests.#taskTime();
    return requests;
  }

  /** The requests in flight, those holding the page's rendering first. */
  pending(): PendingRequest[] {
    const order = (p: PendingRequest): number => (p.blocking === 'blocks' ? 0 : p.blocking === 'may block' ? 1 : 2);
    return [...this.#open.values()].sort((a, b) => order(a) - order(b));
  }

  quietMs(): number {
    return performance.now() - this.#changed;
  }

  /**
   * Whether the tab's main thread ran tasks for WORKING_SHARE or more of the time since the last ask (since the tab was
   * watched, the first time); false where Chromium gives no protocol session or no metric.
   */
  async ranTasks(): Promise<boolean> {
    const before = this.#tasks;
    const now = await this.#taskTime();
    if (now === undefined) return false;
    this.#tasks = now;
    if (before === undefined || now.at <= before.at) return false;
    return (now.ms - before.ms) / (now.at - before.at) >= WORKING_SHARE;
  }

  /** Performance.getMetrics TaskDuration, DevTools protocol: seconds of main-thread tasks since the tab opened. */
  async #taskTime(): Promise<{ readonly ms: number; readonly at: number } | undefined> {
    const metrics = await this.#session?.send('Performance.getMetrics').catch(() => undefined);
    const seconds = metrics?.metrics.find((m) => m.name === 'TaskDuration')?.value;
    return seconds === undefined ? undefined : { ms: seconds * 1000, at: performance.now() };
  }
}

/** The walk's look at its tab: the widget by `selector`, waited for by Playwright and read from the DOM itself. */
export function tabLook(tab: Page, selector: string, requests: PageRequests, over: () => boolean): RenderLook {
  return {
    appeared: (ms) =>
      tab
        .locator(selector)
        .first()
        .waitFor({ state: 'attached', timeout: Math.max(1, ms) })
        .then(() => true)
        .catch(() => false),
    inDom: (ms) =>
      within(
        tab
          .evaluate((s) => document.querySelector(s) !== null, selector)
          // A document replaced meanwhile (the page navigated) holds no widget yet.
          .catch(() => false),
        Math.max(1, ms),
        () => undefined,
      ),
    pending: () => requests.pending(),
    quietMs: () => requests.quietMs(),
    working: async () => {
      // A main thread too busy to answer within a second is working.
      const loading = await within(
        tab.evaluate(() => document.readyState !== 'complete').catch(() => false),
        1000,
        () => true,
      );
      // Both asked each time: the task count's baseline moves with every look.
      const ran = await requests.ranTasks();
      return loading || ran;
    },
    over,
    now: () => performance.now(),
  };
}

/**
 * The finding of a widget that never rendered within `waitedMs`: the page's own cause when the browser told one (a
 * CSP block, a failed asset, a script error: `explained`, pageCause in flows/browser/page-facts.ts), with what it
 * still waited for; else SIGN_IN_PAGE_STALLED naming the requests in flight, or SIGN_IN_PAGE_BLANK when nothing was.
 */
export function neverRendered(explained: Verdict, seen: RenderSeen, waitedMs: number): Verdict {
  if (seen.rendered || explained.diagnosis === null) return explained;
  const inTime = `within ${Math.round(waitedMs / 1000)} s`;
  const waiting = seen.pending.length === 0 ? '' : `; the page was still waiting for ${pendingWords(seen.pending)}`;
  if (explained.diagnosis.code !== 'SIGN_IN_PAGE_BLANK')
    return { ...explained, diagnosis: { ...explained.diagnosis, detail: `${explained.diagnosis.detail}${waiting}` } };
  if (seen.pending.length > 0)
    return fail(
      'SIGN_IN_PAGE_STALLED',
      `the Sign-In Widget never rendered ${inTime}: the page was still waiting for ${pendingWords(seen.pending)}`,
      explained.observed,
    );
  const busy = seen.busy ? "; the page's scripts were still running at the end" : '';
  return {
    ...explained,
    diagnosis: { ...explained.diagnosis, detail: `${explained.diagnosis.detail} (waited ${inTime}${busy})` },
  };
}
