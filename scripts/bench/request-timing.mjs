// Preloaded (`node --import`) into the CLI processes scripts/bench/cli-double.ts spawns: each HTTP request's phases as
// undici tells them on its diagnostics channels, on the wall clock at sub-millisecond resolution (the server's side
// is timed on the same clock in the bench's process), written as JSON to BENCH_REQUEST_TIMING when the process exits.
// A subscriber only copies a timestamp: it adds microseconds to a request, and every server's cycle alike.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const file = process.env.BENCH_REQUEST_TIMING;
const at = () => performance.timeOrigin + performance.now();
/** undici's request object -> what was seen of it. */
const requests = new Map();
/** Connections being opened, by origin, first in first out: undici opens them in the order it asks. */
const connecting = new Map();
/** An open connection -> when it was asked for and when it was ready. */
const connections = new WeakMap();
const originOf = ({ protocol, hostname, port }) => `${protocol}//${hostname}:${port}`;

if (file !== undefined) {
  subscribe('undici:request:create', ({ request }) =>
    requests.set(request, { method: request.method, url: request.origin + request.path, created: at() }),
  );
  subscribe('undici:client:beforeConnect', ({ connectParams }) => {
    const origin = originOf(connectParams);
    connecting.set(origin, [...(connecting.get(origin) ?? []), at()]);
  });
  subscribe('undici:client:connected', ({ connectParams, socket }) => {
    const [asked, ...rest] = connecting.get(originOf(connectParams)) ?? [];
    connecting.set(originOf(connectParams), rest);
    connections.set(socket, { asked, ready: at(), used: false });
  });
  subscribe('undici:client:sendHeaders', ({ request, socket }) => {
    const seen = requests.get(request);
    const connection = connections.get(socket);
    if (seen === undefined) return;
    seen.sent = at();
    // The first request on a connection waited for it to open; the others found it open.
    if (connection !== undefined && !connection.used)
      seen.connect = { asked: connection.asked, ready: connection.ready };
    if (connection !== undefined) connection.used = true;
  });
  subscribe('undici:request:headers', ({ request, response }) => {
    const seen = requests.get(request);
    if (seen === undefined) return;
    seen.headers = at();
    seen.status = response.statusCode;
  });
  subscribe('undici:request:trailers', ({ request }) => {
    const seen = requests.get(request);
    if (seen !== undefined) seen.ended = at();
  });
  process.on('exit', () => writeFileSync(file, JSON.stringify([...requests.values()])));
}
