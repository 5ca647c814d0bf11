// The shapes of one exchange with Okta: what a check asks for and what it gets back. Types only, so the checks
// and their judges can name them without loading the HTTP client.
import type { Dispatcher } from 'undici';
import type { Timings } from '../../types';

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded (Okta's /token and /introspect accept nothing else). */
  form?: Record<string, string>;
  /** Sent as application/json (the Authentication API, /api/v1/authn); ignored when `form` is given. */
  json?: unknown;
  /** Whole exchange: connect + headers + body. */
  timeoutMs: number;
  /** Run deadline; abort = failure kind 'timeout'. */
  signal?: AbortSignal;
  /** Default: one shared keep-alive Agent (see createDispatcher). */
  dispatcher?: Dispatcher;
  /** Default DEFAULTS.maxBodyBytes; the rest is cut off, not buffered. */
  maxBodyBytes?: number;
  /**
   * Bytes of answer bodies the whole run may still hold, shared by its requests: each keeps what it reads. A run
   * keeps every answer until it ends, so the per-answer cap alone lets 200 answers of 1 MB outgrow the function.
   */
  budget?: BodyBudget;
  /**
   * A list call: a 200 answer is read as a JSON array, element by element, and never held (`body` stays empty); any
   * other answer is read as usual, so Okta's error answers are judged as ever.
   */
  list?: ListReading;
}

/** How a list answer is read: each element handed to `onItem`, within the read's bounds. */
export interface ListReading extends ArrayLimits {
  /** Bytes the answer may have; the read stops there with a problem. */
  readonly maxBytes: number;
  onItem(item: unknown): void;
}

/**
 * What a run may still read of list answers, all its readers together (the System Log's, the inventory's, a group's
 * discovery, a user's app links): one object per run, mutated as pages are read.
 */
export interface ListBudget {
  bytesLeft: number;
}

/** What is left of a run's body bytes; mutated as answers are read. */
export interface BodyBudget {
  remainingBytes: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; duplicates kept as arrays (Okta has sent X-Rate-Limit-Reset twice). */
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bodyTruncated: boolean;
  /** X-Okta-Request-Id: what Okta support asks for in a ticket. */
  requestId: string | null;
  timings: Timings;
  /** Epoch ms when the headers arrived, to compare with Okta's Date header (clock skew). */
  receivedAt: number;
  /** A list call's 200 answer, read element by element (`body` is empty): how many, how many bytes, and any problem. */
  list?: ArrayRead;
  /** The server certificate of the https connection that carried the answer (none over http). */
  certificate?: PeerCertificate;
}

export interface PeerCertificate {
  /** Its notAfter, epoch ms. */
  readonly validTo: number;
  /** Its notBefore, epoch ms: with validTo, the lifetime it was issued with. */
  readonly validFrom?: number;
  /** Its subject's common name, for the report. */
  readonly subject?: string;
}

export interface HttpFailure {
  kind: 'timeout' | 'network' | 'tls';
  message: string;
  timings: Timings;
  /**
   * True when the connection was never made (the name did not resolve, the address refused or was unreachable, the
   * connect or TLS handshake failed): no byte of the request left this machine, so Okta never saw it.
   */
  unsent?: true;
}

export type HttpOutcome = { ok: true; response: HttpResponse } | { ok: false; failure: HttpFailure };

/** The bounds of one array read. */
export interface ArrayLimits {
  /** Bytes one element may have (an Okta LogEvent is 1.7-10 KB; an EventBridge event at most 256 KB). */
  readonly maxItemBytes: number;
  /** Nesting of objects and arrays within an element (an Okta event nests about six deep). */
  readonly maxDepth: number;
  /** Elements the array may hold (the `limit` asked: Okta never sends more). */
  readonly maxItems: number;
}

/** How an array read ended: elements handed on, bytes read, and the problem that stopped it, if one did. */
export interface ArrayRead {
  readonly items: number;
  readonly bytes: number;
  readonly problem?: string;
}
