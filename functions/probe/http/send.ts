// One exchange with Okta. send() never throws and never outlives its timeout: a failing endpoint is data for a
// diagnosis, not an exception.
import { request } from 'undici';
import pkg from '../../../package.json' with { type: 'json' };
import { DEFAULTS } from '../../contract';
import type { Timings } from '../../types';
import { requestIdOf } from '../../text/request-id';
import { header } from './answer';
import { defaultDispatcher, proxySettings } from './dispatcher';
import { toFailure } from './failure';
import { traceContext, type Trace } from './trace';
import { JsonArrayScanner } from './json-array';
import type { ArrayRead, BodyBudget, HttpOutcome, HttpRequest, HttpResponse, ListReading } from './types';
import { within } from '../../deadline';

export const USER_AGENT = `okta-synthetics/${pkg.version}`;

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
      message: req.signal?.aborted
        ? 'run deadline reached before Okta answered'
        : `no complete answer within ${req.timeoutMs} ms`,
      timings: timings(),
    },
  });
  if (req.signal?.aborted) return timedOut(); // the run deadline passed already: send nothing

  const controller = new AbortController();
  const exchanged = traceContext
    .run(trace, () => exchange(req, controller.signal, start, timings))
    .then(
      (outcome): HttpOutcome =>
        outcome.ok && trace.certificate !== undefined
          ? { ok: true, response: { ...outcome.response, certificate: trace.certificate } }
          : outcome,
    )
    .catch(
      (error: unknown): HttpOutcome =>
        controller.signal.aborted
          ? timedOut()
          : {
              ok: false,
              // The default dispatcher goes through the environment's proxy: a failure to reach it names it.
              failure: toFailure(
                error,
                timings(),
                req.dispatcher === undefined ? proxySettings(process.env) : undefined,
              ),
            },
    );
  // The request's own time, or the run's deadline: the exchange is aborted (undici stops reading) and told as a
  // timeout. The race guarantees the bound even if a dispatcher ignored the abort signal.
  const late = (): HttpOutcome => {
    controller.abort();
    return timedOut();
  };
  return within(exchanged, req.timeoutMs, late, req.signal);
}

async function exchange(
  req: HttpRequest,
  signal: AbortSignal,
  start: number,
  timings: () => Timings,
): Promise<HttpOutcome> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
  for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
  let body: string | undefined;
  if (req.form) {
    body = new URLSearchParams(req.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers['content-type'] ??= 'application/json';
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
  const list = req.list !== undefined && res.statusCode === 200 ? await readList(res.body, req.list) : undefined;
  const { text, truncated } =
    list === undefined
      ? await readCapped(res.body, req.maxBodyBytes ?? DEFAULTS.maxBodyBytes, req.budget)
      : { text: '', truncated: false };
  const responseHeaders = { ...res.headers } as HttpResponse['headers'];
  const response: HttpResponse = {
    status: res.statusCode,
    headers: responseHeaders,
    body: text,
    bodyTruncated: truncated,
    requestId: null,
    timings: { ...timings(), ttfb },
    receivedAt,
    ...(list !== undefined && { list }),
  };
  response.requestId = requestIdOf(header(response, 'x-okta-request-id'));
  return { ok: true, response };
}

/**
 * A list answer read element by element, nothing held but the element being read: at most `reading.maxBytes`, and
 * the stream is left (undici drops the socket) at the first problem.
 */
async function readList(stream: AsyncIterable<Buffer>, reading: ListReading): Promise<ArrayRead> {
  const scanner = new JsonArrayScanner(reading, (item) => reading.onItem(item));
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > reading.maxBytes) {
      const read = scanner.end();
      return {
        ...read,
        bytes: size,
        problem: `the answer is larger than the ${Math.round(reading.maxBytes / 1024 / 1024)} MB a list page may be`,
      };
    }
    scanner.push(chunk);
    if (scanner.failed) break;
  }
  return scanner.end();
}

/**
 * Reads at most `limit` bytes, and no more than the run's budget has left, then destroys the stream so the rest
 * is never buffered (or even received).
 */
async function readCapped(
  stream: AsyncIterable<Buffer>,
  limit: number,
  budget?: BodyBudget,
): Promise<{ text: string; truncated: boolean }> {
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
