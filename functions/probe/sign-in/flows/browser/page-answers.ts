// The sign-in API's answers the widget received, collected as the walk's route hands them to the page: each is the
// state the widget renders next, bounded in size and in number.
import { within } from '../../../../deadline';
import type { HttpResponse } from '../../../http';

/**
 * The paths of the sign-in API whose answers the widget renders: Identity Engine's IDX API, and on a Classic Engine
 * org the Authentication API (/api/v1/authn, a factor's verify, a warning's skip).
 */
const IDX_ANSWER = /\/idp\/idx\/[a-z/-]{1,40}$/;
/**
 * A push's poll (challenge-poll's href): it repeats the push the walk never approves, at the widget's pace, and is
 * never the answer to what the walk did.
 */
const POLL_ANSWER = /\/idp\/idx\/(?:challenge|authenticators)\/poll$/;
const AUTHN_ANSWER = /^\/api\/v1\/authn(?:\/[A-Za-z0-9/_-]{1,80})?$/;
/** An answer larger than this is not an IDX state (Okta's are a few tens of KiB): it is read as none. */
const ANSWER_MAX_CHARS = 512 * 1024;
/** The most answers kept: a page that polls for ever is judged on its latest ones. */
const ANSWERS_MAX = 64;

/** One answer of the sign-in API the widget received. */
export interface PageAnswer {
  /** Its place among the answers received, from 0. */
  readonly index: number;
  /** The path it answered (/idp/idx/identify), for the detail. */
  readonly path: string;
  readonly response: HttpResponse;
}

/** What the page's network tells the walk: a response of the widget's, its URL, status, headers and body. */
export interface AnsweredResponse {
  url(): string;
  status(): number;
  headers(): Record<string, string>;
  text(): Promise<string>;
}

/**
 * The sign-in API's answers the widget received, in arrival order: each is the state the widget renders next. Bounded:
 * a body past ANSWER_MAX_CHARS is kept truncated (judged as no IDX state), and only the latest ANSWERS_MAX are kept.
 */
export class PageAnswers {
  readonly #list: PageAnswer[] = [];
  #count = 0;
  #waiters: (() => void)[] = [];

  /** Whether a response is one of the sign-in API's answers (the walk reads it). */
  static isAnswer(url: string): boolean {
    if (!URL.canParse(url)) return false;
    const path = new URL(url).pathname;
    return (IDX_ANSWER.test(path) && !POLL_ANSWER.test(path)) || AUTHN_ANSWER.test(path);
  }

  /** Takes a response of the page: one of the sign-in API's answers is kept, anything else ignored. */
  async take(response: AnsweredResponse): Promise<void> {
    const url = response.url();
    if (!PageAnswers.isAnswer(url)) return;
    const text = await response.text().catch(() => '');
    const headers = response.headers();
    const index = this.#count++;
    this.#list.push({
      index,
      path: new URL(url).pathname,
      response: {
        status: response.status(),
        headers,
        body: text.length > ANSWER_MAX_CHARS ? '' : text,
        bodyTruncated: text.length > ANSWER_MAX_CHARS,
        requestId: headers['x-okta-request-id'] ?? null,
        timings: { total: 0 },
        receivedAt: Date.now(),
      },
    });
    if (this.#list.length > ANSWERS_MAX) this.#list.shift();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Settles when an answer refusing the sign-in arrives (an HTTP error status): the widget renders no form then. */
  refused(): Promise<void> {
    return new Promise((resolve) => {
      const look = (): void => {
        if (this.#list.some((a) => a.response.status >= 400)) resolve();
        else this.#waiters.push(look);
      };
      look();
    });
  }

  /** How many answers arrived so far. */
  get count(): number {
    return this.#count;
  }

  /** The latest answer, if any. */
  latest(): PageAnswer | undefined {
    return this.#list.at(-1);
  }

  /**
   * The latest answer once one arrived past the first `seen`, 'landed' when the landing came first, or undefined when
   * neither came within waitMs.
   */
  async after(seen: number, waitMs: number, landing: Promise<void>): Promise<PageAnswer | 'landed' | undefined> {
    if (this.#count > seen) return this.latest();
    const arrived = new Promise<'arrived'>((resolve) => this.#waiters.push(() => resolve('arrived')));
    const first = await within(Promise.any([arrived, landing.then(() => 'landed' as const)]), waitMs, () => undefined);
    return first === 'arrived' ? this.latest() : first;
  }
}
