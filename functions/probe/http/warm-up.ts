// The HTTP client's first-use work, done once per process before any clock starts.
import type { RequestListener } from 'node:http';
import { onLoopback } from './loopback';
import { send } from './send';

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
  // The benchmark's A/B switch (scripts/bench/first-cycle.ts), so BENCHMARKS.md measures what the warm-up is worth;
  // it turns the chain's rehearsal (rehearsal.ts) off too.
  if (process.env.OKTA_SYNTHETICS_NO_WARMUP === '1') return Promise.resolve();
  warmedUp ??= (async () => {
    const { createSecureContext } = await import('node:tls');
    createSecureContext({});
    const answer: RequestListener = (req, res) => {
      req.resume();
      req.on('end', () =>
        res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() }).end('{"warm":true}'),
      );
    };
    try {
      await onLoopback(answer, (origin, agent) => {
        const url = `${origin}/warm`;
        // Several at once, as a run starts them: new connections, the pool's queue and both request shapes.
        return Promise.all(
          Array.from({ length: 4 }, (_, i) =>
            i % 2 === 0
              ? send({ method: 'GET', url, timeoutMs: 2000, dispatcher: agent })
              : send({
                  method: 'POST',
                  url,
                  form: { grant_type: 'client_credentials' },
                  timeoutMs: 2000,
                  dispatcher: agent,
                }),
          ),
        );
      });
    } catch {
      // A sandbox without loopback sockets: nothing to warm, nothing lost.
    }
  })();
  return warmedUp;
}
