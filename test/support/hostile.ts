// A hostile Okta: a loopback server that misbehaves on chosen paths the way networks, proxies and a broken
// or malicious server do, and forwards every other request to an upstream (the simulator), optionally
// editing the answer. Used by the hardening tests; the simulator's own scenarios stay about Okta's
// documented failures, this is about what a probe must survive.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** An answer as the hostile server sends it: status, headers (arrays send the header once per value), body. */
export interface HostileAnswer {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: string;
}

/** What the client sent, as the echo behaviour reads it. */
export interface HostileRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export type HostileBehaviour =
  /** Accepts the connection and the request, never answers. */
  | { readonly kind: 'silent' }
  /** Sends headers and the start of a body, then nothing more, never ending it. */
  | { readonly kind: 'stall-body' }
  /** Sends headers and half of a declared body, then resets the connection (TCP RST). */
  | { readonly kind: 'reset-mid-body' }
  /** A fixed answer. */
  | { readonly kind: 'answer'; readonly answer: HostileAnswer }
  /** 200 application/json whose body never ends: chunks until the client goes away. */
  | { readonly kind: 'endless-body' }
  /** 302 back to the URL requested: a client that follows redirects loops forever. */
  | { readonly kind: 'redirect-loop' }
  /** 400 invalid_client whose error_description echoes every credential the request carried. */
  | { readonly kind: 'echo-credentials' }
  /** 429 E0000047 with Okta's rate-limit headers (Limit 0, Remaining 0, a reset a minute away). */
  | { readonly kind: 'rate-limited' }
  /**
   * Forwards to the upstream; `before` runs first (e.g. waits for another answer, rotates a key), `edit`
   * rewrites the upstream's answer.
   */
  | {
      readonly kind: 'forward';
      readonly before?: () => Promise<void>;
      readonly edit?: (answer: HostileAnswer, req: HostileRequest) => HostileAnswer;
    };

export interface HostileRule {
  /** Exact path, or a test on method and path. */
  readonly match: string | ((method: string, path: string) => boolean);
  readonly behaviour: HostileBehaviour;
}

export interface HostileOptions {
  /** Where unmatched requests (and `forward` rules) go, e.g. the simulator's URL. Without one they get 404. */
  readonly upstream?: string;
  /** First match wins. */
  readonly rules: readonly HostileRule[];
}

export interface HostileServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: ReadonlyArray<{ readonly method: string; readonly path: string }>;
  /** Answers given per path so far (forwarded or not), counted when the last byte was written. */
  answered(path: string): number;
  /** Resolves once `path` has been answered `count` times. */
  waitForAnswer(path: string, count?: number): Promise<void>;
  /** Body bytes written by endless-body answers. */
  readonly endlessBytes: number;
  /** Stops listening and destroys every connection, held answers included. */
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 'a');

export async function startHostileServer(options: HostileOptions): Promise<HostileServer> {
  const requests: { method: string; path: string }[] = [];
  const answered = new Map<string, number>();
  const waiters: { path: string; count: number; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  let endlessBytes = 0;

  const markAnswered = (path: string): void => {
    const count = (answered.get(path) ?? 0) + 1;
    answered.set(path, count);
    for (const waiter of waiters.filter((w) => w.path === path && w.count <= count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://hostile.invalid').pathname;
    requests.push({ method: req.method ?? 'GET', path });
    void readBody(req)
      .then((body) => behave({ method: req.method ?? 'GET', path, headers: req.headers, body }, req, res))
      .catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function behave(hreq: HostileRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rule = options.rules.find((r) =>
      typeof r.match === 'string' ? r.match === hreq.path : r.match(hreq.method, hreq.path),
    );
    const behaviour: HostileBehaviour =
      rule?.behaviour ?? (options.upstream === undefined ? notFound : { kind: 'forward' });
    switch (behaviour.kind) {
      case 'silent':
        return;
      case 'stall-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.write('{"issuer":"');
        return;
      case 'reset-mid-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.write(`{"keys":[${' '.repeat(2000)}`, () => res.socket?.resetAndDestroy());
        return;
      case 'endless-body':
        return endless(res);
      case 'redirect-loop':
        return write(res, hreq.path, { status: 302, headers: { location: req.url ?? '/' }, body: '' });
      case 'echo-credentials':
        return write(res, hreq.path, echo(hreq));
      case 'rate-limited':
        return write(res, hreq.path, rateLimited());
      case 'answer':
        return write(res, hreq.path, behaviour.answer);
      case 'forward': {
        await behaviour.before?.();
        const upstream = await forward(options.upstream, req, hreq);
        return write(res, hreq.path, behaviour.edit ? behaviour.edit(upstream, hreq) : upstream);
      }
    }
  }

  function endless(res: ServerResponse): void {
    // Okta's own answer, its request id and all, whose body never ends: malformed from Okta, not from a proxy.
    res.writeHead(200, { 'content-type': 'application/json', 'x-okta-request-id': 'reqEndless1' });
    res.write('{"keys":["');
    const pump = (): void => {
      while (!res.destroyed) {
        endlessBytes += CHUNK.length;
        if (!res.write(CHUNK)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  function write(res: ServerResponse, path: string, answer: HostileAnswer): void {
    if (res.destroyed) return;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body, () => markAnswered(path));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    answered: (path) => answered.get(path) ?? 0,
    waitForAnswer: (path, count = 1) =>
      (answered.get(path) ?? 0) >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ path, count, resolve })),
    get endlessBytes() {
      return endlessBytes;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

const notFound: HostileBehaviour = {
  kind: 'answer',
  answer: {
    status: 404,
    headers: { 'content-type': 'application/json' },
    body: '{"errorCode":"E0000022","errorSummary":"The endpoint does not support the provided HTTP method"}',
  },
};

/**
 * Everything secret a request can carry, pasted into the error text: bare first, then labelled, then the
 * Authorization header last (a redactor that eats "Authorization: ..." to the end must not hide the rest).
 */
function echo(req: HostileRequest): HostileAnswer {
  const form = new URLSearchParams(req.body);
  const bearer = /^(?:Basic|Bearer|DPoP)\s+(.*)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const basic = Buffer.from(bearer, 'base64').toString('utf8');
  const echoed = [
    `bare: ${[form.get('token'), form.get('client_secret'), form.get('client_assertion'), bearer, basic, decodeURIComponent(basic.split(':')[1] ?? '')].filter(Boolean).join(' ')}`,
    `client_secret=${form.get('client_secret') ?? '(none)'}`,
    `client_assertion=${form.get('client_assertion') ?? '(none)'}`,
    `token=${form.get('token') ?? '(none)'}`,
    `raw body: ${req.body}`,
    `Authorization: ${req.headers.authorization ?? '(none)'}`,
  ].join(' | ');
  return {
    status: 400,
    headers: { 'content-type': 'application/json', 'x-okta-request-id': 'hostile-echo' },
    body: JSON.stringify({ error: 'invalid_client', error_description: `Rejected request. ${echoed}` }),
  };
}

function rateLimited(): HostileAnswer {
  return {
    status: 429,
    headers: {
      'content-type': 'application/json',
      // A per-minute bucket's 429; Limit 0 would be Okta's concurrency limit, another diagnosis.
      'x-rate-limit-limit': '100',
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 60),
    },
    body: JSON.stringify({
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorLink: 'E0000047',
      errorId: 'oaeHostile',
      errorCauses: [],
    }),
  };
}

function forward(upstream: string | undefined, req: IncomingMessage, hreq: HostileRequest): Promise<HostileAnswer> {
  if (upstream === undefined) return Promise.resolve((notFound as { answer: HostileAnswer }).answer);
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      new URL(req.url ?? '/', upstream),
      { method: hreq.method, headers: { ...hreq.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: OutgoingHttpHeaders = { ...res.headers };
          delete headers['transfer-encoding'];
          delete headers['content-length'];
          delete headers.connection;
          delete headers['keep-alive'];
          resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(hreq.body);
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
