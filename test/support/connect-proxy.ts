// A forward proxy on 127.0.0.1 that speaks CONNECT, as corporate proxies do for HTTPS: it tunnels raw bytes
// to the requested host:port and records each target. Only loopback targets are allowed, so a test can never
// send traffic off the machine through it. It can also stand for one region's own path to Okta (its NAT, its
// egress), cut alone: refused (nothing listens, every connection refused) or blackholed (connections accepted and
// never answered).
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** The proxy's path: open, refused (nothing listens on its port) or blackholed (accepted, never answered). */
export type ProxyPath = 'open' | 'refused' | 'blackhole';

export interface ConnectProxy {
  readonly url: string;
  /** host:port of every CONNECT, in order. */
  readonly tunnels: readonly string[];
  readonly path: ProxyPath;
  /** Cuts or restores the path; every tunnel open at the change is destroyed, as a broken route drops them. */
  setPath(path: ProxyPath): Promise<void>;
  close(): Promise<void>;
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  let path: ProxyPath = 'open';
  const server: Server = createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'text/plain' }).end('this proxy only tunnels (CONNECT)');
  });
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  server.on('connection', (socket: Socket) => track(socket));
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    tunnels.push(target);
    // A blackhole: the connection stays open and nothing ever answers, until the client gives up.
    if (path === 'blackhole') return;
    if (host !== '127.0.0.1' && host !== 'localhost') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(client);
    track(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dropAll = (): void => {
    for (const s of sockets) s.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    get path() {
      return path;
    },
    async setPath(next) {
      if (next === path) return;
      dropAll();
      if (next === 'refused') await new Promise<void>((resolve) => server.close(() => resolve()));
      // The same port again: the region's function keeps its proxy address for its whole life.
      if (path === 'refused') await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      path = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        if (path === 'refused') resolve();
        else server.close(() => resolve());
      }),
  };
}
