// The only module that knows the HTTP client (undici). Every Okta exchange goes through send(), which
// never throws and never outlives its timeout: a failing endpoint is data for a diagnosis, not an exception.
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { Agent, buildConnector, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import pkg from '../../package.json' with { type: 'json' };
import { DEFAULTS } from '../contract';
import { redact } from '../redact';
import { requestIdOf } from './request-id';
import type { Timings } from '../types';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded (Okta's /token and /introspect accept nothing else). */
  form?: Record<string, string>;
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

export const USER_AGENT = `okta-synthetics/${pkg.version}`;

/**
 * Certificate and handshake failures (Node's OpenSSL codes). Reported as 'tls' so the diagnosis says
 * "certificate" rather than "network": usually a TLS-inspecting proxy or a wrong custom domain.
 */
const TLS_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** undici's own timeouts (headers, body, connect) count as timeouts, like our overall deadline. */
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

// ---------------------------------------------------------------------------------------------------
// Phase timings from undici's diagnostics channels. Connection events are not tied to a request, so:
// beforeConnect is keyed by the client's connector (one connect at a time per client), connected by
// socket, and the first request whose headers go out on a fresh socket claims its connect/tls time.
// Requests are tied to a send() call through AsyncLocalStorage at 'undici:request:create', which undici
// publishes synchronously inside request().

interface Trace {
  connect?: number;
  tls?: number;
  certificate?: PeerCertificate;
}
interface SocketTimes {
  connect: number;
  tls?: number;
  claimed: boolean;
}

const traceContext = new AsyncLocalStorage<Trace>();
const traces = new WeakMap<object, Trace>();
const connectStarts = new WeakMap<object, number>();
const tcpConnectedAt = new WeakMap<object, number>();
const socketTimes = new WeakMap<object, SocketTimes>();
/** The server certificate of each TLS socket, read once when it connects: every answer on it carries it. */
const socketCertificates = new WeakMap<object, PeerCertificate>();

diagnosticsChannel.subscribe('undici:request:create', (message) => {
  const trace = traceContext.getStore();
  const { request: req } = message as { request: object };
  if (trace) traces.set(req, trace);
});
diagnosticsChannel.subscribe('undici:client:beforeConnect', (message) => {
  connectStarts.set((message as { connector: object }).connector, performance.now());
});
diagnosticsChannel.subscribe('undici:client:connected', (message) => {
  const { connector, socket } = message as { connector: object; socket: Socket & { encrypted?: boolean } };
  const certificate = peerCertificate(socket);
  if (certificate !== undefined) socketCertificates.set(socket, certificate);
  const start = connectStarts.get(connector);
  if (start === undefined) return;
  const end = performance.now();
  const tcp = tcpConnectedAt.get(socket);
  // Without the TCP 'connect' moment (a caller's own dispatcher), connect includes the TLS handshake.
  const times: SocketTimes =
    socket.encrypted && tcp !== undefined
      ? { connect: tcp - start, tls: end - tcp, claimed: false }
      : { connect: end - start, claimed: false };
  socketTimes.set(socket, times);
});
diagnosticsChannel.subscribe('undici:client:sendHeaders', (message) => {
  const { request: req, socket } = message as { request: object; socket: object };
  const trace = traces.get(req);
  const certificate = socketCertificates.get(socket);
  if (trace && certificate) trace.certificate = certificate;
  const times = socketTimes.get(socket);
  if (!trace || !times || times.claimed) return;
  times.claimed = true;
  trace.connect = times.connect;
  if (times.tls !== undefined) trace.tls = times.tls;
});

/** The peer certificate's expiry of a TLS socket; never throws (a plain socket or a failed read gives none). */
function peerCertificate(socket: Socket & { encrypted?: boolean }): PeerCertificate | undefined {
  if (socket.encrypted !== true) return undefined;
  try {
    const cert = (socket as unknown as { getPeerCertificate(): { valid_to?: string; subject?: { CN?: string | string[] } } }).getPeerCertificate();
    const validTo = Date.parse(cert.valid_to ?? '');
    if (!Number.isFinite(validTo)) return undefined;
    const cn = cert.subject?.CN;
    return { validTo, ...(cn !== undefined ? { subject: [cn].flat().join(', ') } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * undici's connector, plus the moment the TCP connection (before TLS) is up, so connect and tls can be
 * told apart. The connector returns its socket at runtime although its type says void.
 */
function timedConnector(tls: DispatcherOptions): buildConnector.connector {
  const base = buildConnector(tls.ca === undefined ? {} : { ca: tls.ca }) as unknown as (o: buildConnector.Options, cb: buildConnector.Callback) => unknown;
  return (options, callback) => {
    const socket = base(options, callback) as Socket | undefined;
    socket?.once?.('connect', () => tcpConnectedAt.set(socket, performance.now()));
  };
}

export interface DispatcherOptions {
  /** Extra trusted CA (PEM), e.g. a TLS-inspecting corporate proxy. Adds trust; never turns checks off. */
  readonly ca?: string;
  /**
   * Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) are read, as curl and most tools do. Default none:
   * the CLI and the Lambda pass process.env.
   */
  readonly proxyEnv?: NodeJS.ProcessEnv;
}

/** The proxy settings in `env`, or undefined when none is set. */
export function proxySettings(env: NodeJS.ProcessEnv = {}): { httpsProxy?: string; httpProxy?: string; noProxy?: string } | undefined {
  const pick = (name: string): string | undefined => env[name] || env[name.toLowerCase()] || undefined;
  const httpsProxy = pick('HTTPS_PROXY');
  const httpProxy = pick('HTTP_PROXY');
  if (httpsProxy === undefined && httpProxy === undefined) return undefined;
  const noProxy = pick('NO_PROXY');
  return { ...(httpsProxy && { httpsProxy }), ...(httpProxy && { httpProxy }), ...(noProxy && { noProxy }) };
}

/**
 * A keep-alive Agent with full phase timings. Certificate checks stay on: there is no rejectUnauthorized.
 * Behind a proxy (HTTPS_PROXY/HTTP_PROXY, minus NO_PROXY) undici's EnvHttpProxyAgent tunnels through it with
 * CONNECT; then `connect` and `tls` time the hop to the proxy, and the extra CA is trusted for both hops.
 */
export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const proxy = proxySettings(options.proxyEnv);
  if (proxy === undefined) return new Agent({ connect: timedConnector(options) });
  const tls = options.ca === undefined ? {} : { ca: options.ca };
  // Every value explicit ('' = none): EnvHttpProxyAgent would otherwise fall back to process.env for the missing ones.
  const settings = { httpProxy: proxy.httpProxy ?? '', httpsProxy: proxy.httpsProxy ?? '', noProxy: proxy.noProxy ?? '' };
  return new EnvHttpProxyAgent({ ...settings, connect: timedConnector(options), requestTls: tls, proxyTls: tls });
}

let warmedUp: Promise<void> | undefined;

/**
 * Runs the HTTP client's first-use work once per process, before any clock starts: undici compiles its HTTP
 * parser (WebAssembly) and its request path on the first request, and Node parses its CA store on the first TLS
 * context. Measured first cycles reported that work as 25-35 ms of Okta latency on every check of a fresh process
 * (BENCHMARKS.md, section g). One GET and one form POST go to an HTTP server of this process on 127.0.0.1 through
 * an Agent built like the real one (never a proxy): no traffic leaves the machine and nothing reaches Okta.
 * Never rejects; the probe works the same without it, only its first cycle reads slower.
 */
export function warmUpHttp(): Promise<void> {
  // The benchmark's A/B switch (scripts/bench/first-cycle.ts), so BENCHMARKS.md measures what the warm-up is worth.
  if (process.env.OKTA_SYNTHETICS_NO_WARMUP === '1') return Promise.resolve();
  warmedUp ??= (async () => {
    const [{ createServer }, { createSecureContext }] = await Promise.all([import('node:http'), import('node:tls')]);
    createSecureContext({});
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() }).end('{"warm":true}'));
    });
    const agent = new Agent({ connect: timedConnector({}) });
    try {
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      const url = `http://127.0.0.1:${port}/warm`;
      // Several at once, as a run starts them: new connections, the pool's queue and both request shapes.
      await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          i % 2 === 0 ? send({ method: 'GET', url, timeoutMs: 2000, dispatcher: agent }) : send({ method: 'POST', url, form: { grant_type: 'client_credentials' }, timeoutMs: 2000, dispatcher: agent }),
        ),
      );
    } catch {
      // A sandbox without loopback sockets: nothing to warm, nothing lost.
    } finally {
      await agent.close().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  })();
  return warmedUp;
}

let sharedDispatcher: Dispatcher | undefined;
// The one process-wide setting read here: a proxy applies to every request of the process, like the CA store.
const defaultDispatcher = (): Dispatcher => (sharedDispatcher ??= createDispatcher({ proxyEnv: process.env }));

// ---------------------------------------------------------------------------------------------------

/** Performs one exchange. Never throws; resolves by `timeoutMs` (or when `signal` aborts) at the latest. */
export async function send(req: HttpRequest): Promise<HttpOutcome> {
  const start = performance.now();
  const trace: Trace = {};
  const timings = (): Timings => {
    const { certificate: _certificate, ...phases } = trace;
    return { ...phases, total: performance.now() - start };
  };
  const timedOut = (): HttpOutcome => ({
    ok: false,
    failure: {
      kind: 'timeout',
      message: req.signal?.aborted ? 'run deadline reached before Okta answered' : `no complete answer within ${req.timeoutMs} ms`,
      timings: timings(),
    },
  });
  if (req.signal?.aborted) return timedOut(); // the run deadline passed already: send nothing

  const controller = new AbortController();
  const abort = (): void => controller.abort();
  const timer = setTimeout(abort, req.timeoutMs);
  req.signal?.addEventListener('abort', abort, { once: true });
  // The race guarantees the deadline even if a dispatcher ignored the abort signal.
  const deadline = new Promise<HttpOutcome>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve(timedOut()), { once: true });
  });
  try {
    const exchanged = traceContext
      .run(trace, () => exchange(req, controller.signal, start, timings))
      .then((outcome): HttpOutcome => (outcome.ok && trace.certificate !== undefined ? { ok: true, response: { ...outcome.response, certificate: trace.certificate } } : outcome))
      .catch((error: unknown): HttpOutcome => (controller.signal.aborted ? timedOut() : { ok: false, failure: toFailure(error, timings()) }));
    return await Promise.race([exchanged, deadline]);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', abort);
  }
}

async function exchange(req: HttpRequest, signal: AbortSignal, start: number, timings: () => Timings): Promise<HttpOutcome> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
  for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
  let body: string | undefined;
  if (req.form) {
    body = new URLSearchParams(req.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const res = await request(req.url, {
    method: req.method,
    headers,
    body,
    signal,
    dispatcher: req.dispatcher ?? defaultDispatcher(),
  });
  const receivedAt = Date.now();
  const ttfb = performance.now() - start;
  const { text, truncated } = await readCapped(res.body, req.maxBodyBytes ?? DEFAULTS.maxBodyBytes, req.budget);
  const responseHeaders = { ...res.headers } as HttpResponse['headers'];
  const response: HttpResponse = {
    status: res.statusCode,
    headers: responseHeaders,
    body: text,
    bodyTruncated: truncated,
    requestId: null,
    timings: { ...timings(), ttfb },
    receivedAt,
  };
  response.requestId = requestIdOf(header(response, 'x-okta-request-id'));
  return { ok: true, response };
}

/**
 * Reads at most `limit` bytes, and no more than the run's budget has left, then destroys the stream so the rest
 * is never buffered (or even received).
 */
async function readCapped(stream: AsyncIterable<Buffer>, limit: number, budget?: BodyBudget): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early (return, or a throw on abort) destroys the stream: undici then drops the socket.
  for await (const chunk of stream) {
    const room = Math.min(limit - size, budget === undefined ? Infinity : budget.remainingBytes);
    const kept = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
    chunks.push(kept);
    size += kept.length;
    if (budget !== undefined) budget.remainingBytes -= kept.length;
    if (kept !== chunk) return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

/** The first error code found on the error, its cause chain, or an AggregateError's members (happy eyeballs). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const { code, errors, cause } = e as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    e = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return undefined;
}

/** Classifies a thrown transport error. Messages come from Node/undici, never from our request, and are redacted anyway. */
function toFailure(error: unknown, timings: Timings): HttpFailure {
  const code = errorCode(error) ?? 'UNKNOWN';
  const text = redact(error instanceof Error ? error.message : String(error));
  if (TIMEOUT_CODES.has(code)) return { kind: 'timeout', message: `${code}: ${text}`, timings };
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) {
    return { kind: 'tls', message: `TLS handshake failed (${code}): ${text}`, timings };
  }
  return { kind: 'network', message: `${code}: ${text}`, timings };
}

/** First value of a header, case-insensitive. */
export function header(res: Pick<HttpResponse, 'headers'>, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as JSON, or undefined when it is not JSON (Okta's 5xx and /authorize error pages are HTML). */
export function parseJsonBody(res: Pick<HttpResponse, 'body' | 'bodyTruncated'>): unknown {
  if (res.bodyTruncated || res.body.trim() === '') return undefined;
  try {
    return JSON.parse(res.body) as unknown;
  } catch {
    return undefined;
  }
}
