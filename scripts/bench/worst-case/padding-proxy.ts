// The large-answer proxy: the simulator's answers padded to hundreds of KB or MB each.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '../../../sim/server';
import { LARGE_LATENCY_MS, LARGE_MAX_BYTES, LARGE_MIN_BYTES } from './settings';

export interface PaddingProxy {
  readonly url: string;
  /** Body bytes sent to the probe. */
  readonly sentBytes: () => number;
  readonly answers: () => number;
  close(): Promise<void>;
}

/** Size of the n-th padded answer: spread evenly over LARGE_MIN_BYTES..LARGE_MAX_BYTES, the same every run. */
const paddedSize = (n: number): number =>
  LARGE_MIN_BYTES + (((n * 2654435761) % 4294967296) % (LARGE_MAX_BYTES - LARGE_MIN_BYTES + 1));

/**
 * Forwards to the simulator, mapping every custom server id onto its one custom AS ("default") and back, and pads
 * every answer to paddedSize(n): JSON objects with an extra field (still valid), other bodies with trailing
 * whitespace. An answer under the per-answer cap stays usable, so the checks after it still run.
 */
export async function startPaddingProxy(sim: Simulator): Promise<PaddingProxy> {
  const target = new URL(sim.url);
  let sent = 0;
  let answers = 0;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').replace(/^\/oauth2\/(s\d\d)(?=\/)/, '/oauth2/default');
    const id = /^\/oauth2\/(s\d\d)\//.exec(req.url ?? '')?.[1];
    const headers: IncomingHttpHeaders = { ...req.headers, host: target.host };
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path, headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          let text = Buffer.concat(chunks)
            .toString('utf8')
            .split(sim.url)
            .join(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
          if (id !== undefined) text = text.split('/oauth2/default').join(`/oauth2/${id}`);
          const size = paddedSize(++answers);
          const body = padded(text, size);
          const out = forwardedHeaders(
            answer.headers,
            sim.url,
            `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          );
          out['content-length'] = String(Buffer.byteLength(body));
          setTimeout(() => {
            res.writeHead(answer.statusCode ?? 502, out);
            res.end(body);
            sent += Buffer.byteLength(body);
          }, LARGE_LATENCY_MS);
        });
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sentBytes: () => sent,
    answers: () => answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `text` grown to `size` bytes: a JSON object with an extra field (still valid), any other body with whitespace. */
function padded(text: string, size: number): string {
  const room = Math.max(0, size - Buffer.byteLength(text));
  const trimmed = text.trimEnd();
  return trimmed.startsWith('{') && trimmed.endsWith('}')
    ? `${trimmed.slice(0, -1)}${trimmed === '{}' ? '' : ','}"x_bench_padding":"${'a'.repeat(Math.max(0, room - 24))}"}`
    : `${text}${' '.repeat(room)}`;
}

/** The simulator's headers but those of its own connection and length, its redirects pointed at the proxy. */
function forwardedHeaders(
  headers: IncomingHttpHeaders,
  simUrl: string,
  proxyUrl: string,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name))
      out[name] = value;
  }
  if (typeof out.location === 'string') out.location = out.location.split(simUrl).join(proxyUrl);
  return out;
}
