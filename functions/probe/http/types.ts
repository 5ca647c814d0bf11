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
  /** The server certificate of the https connection that carried the answer (none over http). */
  certificate?: PeerCertificate;
}

export interface PeerCertificate {
  /** Its notAfter, epoch ms. */
  readonly validTo: number;
  /** Its subject's common name, for the report. */
  readonly subject?: string;
}

export interface HttpFailure {
  kind: 'timeout' | 'network' | 'tls';
  message: string;
  timings: Timings;
}

export type HttpOutcome = { ok: true; response: HttpResponse } | { ok: false; failure: HttpFailure };
