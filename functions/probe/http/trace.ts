// Phase timings (connect, tls) and the server certificate of each request, from undici's diagnostics channels.
// Connection events are not tied to a request, so: beforeConnect is keyed by the client's connector (one connect
// at a time per client), connected by socket, and the first request whose headers go out on a fresh socket
// claims its connect/tls time. Requests are tied to a send() call through AsyncLocalStorage at
// 'undici:request:create', which undici publishes synchronously inside request().
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';
import type { PeerCertificate } from './types';

/** What one send() call learns about its request from the channels; filled in as the events arrive. */
export interface Trace {
  connect?: number;
  tls?: number;
  certificate?: PeerCertificate;
}
interface SocketTimes {
  connect: number;
  tls?: number;
  claimed: boolean;
}

/** The trace of the send() call running now: `traceContext.run(trace, ...)` around undici's request(). */
export const traceContext = new AsyncLocalStorage<Trace>();
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
    const cert = (
      socket as unknown as {
        getPeerCertificate(): { valid_from?: string; valid_to?: string; subject?: { CN?: string | string[] } };
      }
    ).getPeerCertificate();
    const validTo = Date.parse(cert.valid_to ?? '');
    if (!Number.isFinite(validTo)) return undefined;
    const validFrom = Date.parse(cert.valid_from ?? '');
    const cn = cert.subject?.CN;
    return {
      validTo,
      ...(Number.isFinite(validFrom) && { validFrom }),
      ...(cn !== undefined ? { subject: [cn].flat().join(', ') } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * undici's connector, plus the moment the TCP connection (before TLS) is up, so connect and tls can be
 * told apart. The connector returns its socket at runtime although its type says void.
 */
export function timedConnector(tls: { readonly ca?: string }): buildConnector.connector {
  const base = buildConnector(tls.ca === undefined ? {} : { ca: tls.ca }) as unknown as (
    o: buildConnector.Options,
    cb: buildConnector.Callback,
  ) => unknown;
  return (options, callback) => {
    const socket = base(options, callback) as Socket | undefined;
    socket?.once?.('connect', () => tcpConnectedAt.set(socket, performance.now()));
  };
}
